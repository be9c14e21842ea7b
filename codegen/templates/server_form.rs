//! Reading `application/x-www-form-urlencoded` bodies: spliced into the server module only when an
//! operation takes one.

/// How one property of a urlencoded body is read: where its texts are, and `read`, which makes
/// them the JSON text its type takes ([`form_json`] at that type).
pub struct FormProperty {
    name: &'static str,
    list: bool,
    explode: bool,
    delimiter: char,
    allow_empty: bool,
    read: fn(&str, Vec<String>, bool) -> Result<String, String>,
}

impl FormProperty {
    /// A property with one value: the first pair of its name.
    pub const fn scalar(name: &'static str, read: fn(&str, Vec<String>, bool) -> Result<String, String>) -> Self {
        Self { name, list: false, explode: true, delimiter: ',', allow_empty: false, read }
    }

    /// An array property: every pair of its name when `explode`, else the first one's value split
    /// at `delimiter`.
    pub const fn list(name: &'static str, explode: bool, delimiter: char, read: fn(&str, Vec<String>, bool) -> Result<String, String>) -> Self {
        Self { name, list: true, explode, delimiter, allow_empty: false, read }
    }

    /// Swagger 2.0's `allowEmptyValue`: an empty value is the property absent.
    pub const fn allow_empty(mut self) -> Self {
        self.allow_empty = true;
        self
    }

    /// The property's texts; `None` when it is absent (or empty, where that means absent).
    fn texts(&self, pairs: &[(String, String)]) -> Option<Vec<String>> {
        let values = query_values(pairs, self.name);
        let first = values.first()?;
        if self.allow_empty && first.is_empty() && values.len() == 1 {
            return None;
        }
        Some(match (self.list, self.explode) {
            (true, true) => values,
            (true, false) => split_list(first, self.delimiter),
            (false, _) => vec![first.clone()],
        })
    }
}

/// Reads a urlencoded body as `T`: each of `properties` as its encoding says and its type reads
/// it, every other pair as a string (for `additionalProperties`). The fields are put together as
/// JSON text, not a `serde_json::Value`, so a decimal keeps every digit it was sent with.
pub fn read_form<T: serde::de::DeserializeOwned>(bytes: &[u8], properties: &[FormProperty]) -> Result<T, String> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(bytes).map_err(|e| format!("invalid form body: {e}"))?;
    let quoted = |text: &str| serde_json::Value::String(text.to_string()).to_string();
    let mut members = Vec::new();
    for property in properties {
        if let Some(texts) = property.texts(&pairs) {
            members.push(format!("{}:{}", quoted(property.name), (property.read)(property.name, texts, property.list)?));
        }
    }
    let mut others: Vec<&str> = Vec::new();
    for (key, value) in &pairs {
        if !properties.iter().any(|p| p.name == key) && !others.contains(&key.as_str()) {
            others.push(key);
            members.push(format!("{}:{}", quoted(key), quoted(value)));
        }
    }
    super::runtime::decode_json(format!("{{{}}}", members.join(",")).as_bytes()).map_err(|e| format!("invalid form body: {e}"))
}

/// The JSON text a form property's texts stand for, as the property's type `T` reads them: each
/// text as a JSON string when `T` takes it so (strings, enums, dates), else as the JSON literal
/// it spells (`5`, `true`, a decimal's digits as sent). An error names the property.
pub fn form_json<T: serde::de::DeserializeOwned>(name: &str, texts: Vec<String>, list: bool) -> Result<String, String> {
    let quoted = |t: &String| serde_json::Value::String(t.clone()).to_string();
    let literal = |t: &String| if serde_json::from_str::<serde::de::IgnoredAny>(t).is_ok() { t.clone() } else { quoted(t) };
    let (as_strings, as_literals) = if list {
        let join = |items: Vec<String>| format!("[{}]", items.join(","));
        (join(texts.iter().map(quoted).collect()), join(texts.iter().map(literal).collect()))
    } else {
        let text = texts.into_iter().next().unwrap_or_default();
        (quoted(&text), literal(&text))
    };
    if serde_json::from_str::<T>(&as_strings).is_ok() {
        return Ok(as_strings);
    }
    match serde_json::from_str::<T>(&as_literals) {
        Ok(_) => Ok(as_literals),
        Err(e) => Err(format!("invalid form body: `{name}`: {e}")),
    }
}

/// The JSON text of a decimal property (or a list of them): each text as the literal it spells,
/// unchecked here, so that the struct's exact decimal reading sees the digits as sent (and names
/// the field when they do not fit).
pub fn form_number(_name: &str, texts: Vec<String>, list: bool) -> Result<String, String> {
    let literal = |t: &String| if serde_json::from_str::<serde::de::IgnoredAny>(t).is_ok() { t.clone() } else { serde_json::Value::String(t.clone()).to_string() };
    Ok(if list { format!("[{}]", texts.iter().map(literal).collect::<Vec<_>>().join(",")) } else { texts.first().map(literal).unwrap_or_default() })
}
