//! Reading `application/x-www-form-urlencoded` bodies: spliced into the server module only when an
//! operation takes one.

/// How one property of a urlencoded body is read: where its texts are, and `read`, which makes
/// them the JSON its type takes ([`form_json`] at that type).
pub struct FormProperty {
    name: &'static str,
    list: bool,
    explode: bool,
    delimiter: char,
    allow_empty: bool,
    read: fn(&str, Vec<String>, bool) -> Result<serde_json::Value, String>,
}

impl FormProperty {
    /// A property with one value: the first pair of its name.
    pub const fn scalar(name: &'static str, read: fn(&str, Vec<String>, bool) -> Result<serde_json::Value, String>) -> Self {
        Self { name, list: false, explode: true, delimiter: ',', allow_empty: false, read }
    }

    /// An array property: every pair of its name when `explode`, else the first one's value split
    /// at `delimiter`.
    pub const fn list(name: &'static str, explode: bool, delimiter: char, read: fn(&str, Vec<String>, bool) -> Result<serde_json::Value, String>) -> Self {
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
/// it, every other pair as a string (for `additionalProperties`).
pub fn read_form<T: serde::de::DeserializeOwned>(bytes: &[u8], properties: &[FormProperty]) -> Result<T, String> {
    let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(bytes).map_err(|e| format!("invalid form body: {e}"))?;
    let mut object = serde_json::Map::new();
    for property in properties {
        if let Some(texts) = property.texts(&pairs) {
            object.insert(property.name.to_string(), (property.read)(property.name, texts, property.list)?);
        }
    }
    for (key, value) in &pairs {
        if !properties.iter().any(|p| p.name == key) {
            object.entry(key.clone()).or_insert_with(|| serde_json::Value::String(value.clone()));
        }
    }
    serde_json::from_value(serde_json::Value::Object(object)).map_err(|e| format!("invalid form body: {e}"))
}

/// The JSON a form property's texts stand for, as the property's type `T` reads them: each text
/// as a JSON string when `T` takes it so (strings, enums, dates), else as the JSON literal it
/// spells (`5`, `true`). An error names the property.
pub fn form_json<T: serde::de::DeserializeOwned>(name: &str, texts: Vec<String>, list: bool) -> Result<serde_json::Value, String> {
    let literal = |t: &String| serde_json::from_str(t).unwrap_or_else(|_| serde_json::Value::String(t.clone()));
    let (as_strings, as_literals) = if list {
        let literals = texts.iter().map(literal).collect();
        (serde_json::Value::Array(texts.into_iter().map(serde_json::Value::String).collect()), serde_json::Value::Array(literals))
    } else {
        let text = texts.into_iter().next().unwrap_or_default();
        let literal = literal(&text);
        (serde_json::Value::String(text), literal)
    };
    if serde_json::from_value::<T>(as_strings.clone()).is_ok() {
        return Ok(as_strings);
    }
    match serde_json::from_value::<T>(as_literals.clone()) {
        Ok(_) => Ok(as_literals),
        Err(e) => Err(format!("invalid form body: `{name}`: {e}")),
    }
}
