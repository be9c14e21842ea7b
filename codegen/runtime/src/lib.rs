//! The support code of the crates that `codegen` (the OpenAPI generator) generates, as one
//! prebuilt dependency: the HTTP client core (retries, interceptors, credentials, body limits), the axum
//! server's request decoding, and JSON helpers the models use (exact decimals, raw unknown union
//! members, `null` against absent).
//!
//! A generated crate reaches it through short paths: its `runtime` module re-exports this crate's
//! root, its `client` module wraps [`client::Core`] and [`client::Builder`] in the `Client` and
//! `ClientBuilder` it implements the operations on, and names its error type
//! `Error = codegen_runtime::client::Error<ErrorBody>`, with the spec's error bodies in
//! `ErrorBody`; its `server` module re-exports [`server`].
//!
//! Why a crate and not code copied into each generated crate: it is compiled, linted and tested
//! where it lives; it is compiled once per build instead of checked again with every generated
//! crate; and a generator run has less to emit and format.
//!
//! # Features
//!
//! None is on by default; a generated crate's manifest turns on what its code uses.
//!
//! - `client`: the [`client`] module (reqwest, tower's retry budget and backoff, tokio's timer,
//!   tracing).
//! - `server`: the [`server`] module (axum, base64 for HTTP Basic, serde_urlencoded for forms).
//!   A generated crate's own `server` feature turns it on.
//! - `decimal`: `rust_decimal::Decimal` read and written as JSON numbers with every digit
//!   ([`DecimalJson`], [`parse_decimal`], the `decimal_*` serde adapters).
//!
//! The items at the root are always there: they are what the generated models use.

#![deny(missing_docs)]

use std::fmt;

#[cfg(feature = "client")]
pub mod client;
#[cfg(feature = "decimal")]
mod decimal;
#[cfg(feature = "server")]
pub mod server;

#[cfg(feature = "decimal")]
pub use decimal::*;

/// A file sent as one part of a `multipart/form-data` body.
#[derive(Clone, PartialEq, Eq, Default)]
pub struct FilePart {
    /// The part's file name (`filename=` in its `Content-Disposition`).
    pub file_name: Option<String>,
    /// The part's content type; when `None`, the spec's `encoding` or the file name decide.
    pub content_type: Option<String>,
    /// The file's bytes.
    pub bytes: bytes::Bytes,
}

impl FilePart {
    /// A file part from bytes in memory.
    pub fn new(bytes: impl Into<bytes::Bytes>) -> Self {
        Self {
            file_name: None,
            content_type: None,
            bytes: bytes.into(),
        }
    }

    /// Sets the file name.
    pub fn file_name(mut self, file_name: impl Into<String>) -> Self {
        self.file_name = Some(file_name.into());
        self
    }

    /// Sets the content type.
    pub fn content_type(mut self, content_type: impl Into<String>) -> Self {
        self.content_type = Some(content_type.into());
        self
    }

    /// Reads a file from disk (synchronously); its name becomes the part's file name and its
    /// extension picks the content type.
    pub fn from_path(path: impl AsRef<std::path::Path>) -> std::io::Result<Self> {
        let path = path.as_ref();
        let bytes = std::fs::read(path)?;
        let file_name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let content_type = file_name
            .as_deref()
            .and_then(guess_content_type)
            .map(str::to_owned);
        Ok(Self {
            file_name,
            content_type,
            bytes: bytes.into(),
        })
    }

    /// The number of bytes.
    pub fn len(&self) -> usize {
        self.bytes.len()
    }

    /// Whether the file is empty.
    pub fn is_empty(&self) -> bool {
        self.bytes.is_empty()
    }
}

impl fmt::Debug for FilePart {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FilePart")
            .field("file_name", &self.file_name)
            .field("content_type", &self.content_type)
            .field("len", &self.bytes.len())
            .finish()
    }
}

/// The content type usually meant by a file name's extension.
pub fn guess_content_type(file_name: &str) -> Option<&'static str> {
    let ext = file_name.rsplit_once('.')?.1.to_ascii_lowercase();
    Some(match ext.as_str() {
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "txt" => "text/plain",
        "csv" => "text/csv",
        "json" => "application/json",
        "xml" => "application/xml",
        "zip" => "application/zip",
        _ => return None,
    })
}

/// Picks a file part's content type: its own, else the spec's when that names one concrete type,
/// else one guessed from the file name, else `application/octet-stream`.
pub fn file_content_type(file: &FilePart, spec_types: &str) -> String {
    if let Some(ct) = &file.content_type {
        return ct.clone();
    }
    let listed: Vec<&str> = spec_types
        .split(',')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .collect();
    if let [only] = listed.as_slice() {
        if !only.contains('*') {
            return (*only).to_string();
        }
    }
    let guessed = file.file_name.as_deref().and_then(guess_content_type);
    match guessed {
        Some(g)
            if listed.is_empty()
                || listed
                    .iter()
                    .any(|t| *t == g || t.ends_with("/*") || *t == "*/*") =>
        {
            g.to_string()
        }
        _ => "application/octet-stream".to_string(),
    }
}

/// A secret that never shows in `Debug` output.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(value: impl Into<String>) -> Self {
        Self(value.into())
    }

    /// The secret itself; call only where it is sent.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// Serde adapter for `Option<Option<T>>`: absent is `None`, `null` is `Some(None)`.
pub mod double_option {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// Writes `Some(None)` as `null` (the field is skipped when `None`).
    pub fn serialize<T: Serialize, S: Serializer>(
        value: &Option<Option<T>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(inner) => inner.serialize(serializer),
            None => serializer.serialize_none(),
        }
    }

    /// Reads a present field: `null` is `Some(None)`.
    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Option<T>>, D::Error> {
        Option::<T>::deserialize(deserializer).map(Some)
    }
}

/// Serde adapter for a required nullable field (`Option<T>`): `null` is `None`, and a missing
/// field is an error (serde alone would read a missing `Option` field as `None`).
pub mod nullable {
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    /// Writes `None` as `null`.
    pub fn serialize<T: Serialize, S: Serializer>(
        value: &Option<T>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        value.serialize(serializer)
    }

    /// Reads the present field: `null` is `None`.
    pub fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<T>, D::Error> {
        Option::<T>::deserialize(deserializer)
    }
}

/// Reads a JSON document as `T`; an error names the path of the value that failed
/// (`items[0].price: ...`), so a number a decimal cannot hold names its field.
pub fn decode_json<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T, String> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value: T = serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
        let path = e.path().to_string();
        if path == "." {
            e.into_inner().to_string()
        } else {
            format!("{path}: {}", e.into_inner())
        }
    })?;
    deserializer.end().map_err(|e| e.to_string())?;
    Ok(value)
}

/// The value of the string property `tag` in the JSON object `text`, if it has one.
pub fn tag_of(text: &str, tag: &str) -> Option<String> {
    let object: std::collections::BTreeMap<String, Box<serde_json::value::RawValue>> =
        serde_json::from_str(text).ok()?;
    serde_json::from_str(object.get(tag)?.get()).ok()
}

/// The raw text of each property of the JSON object `text`, in the object's order of names.
pub fn raw_properties(
    text: &str,
) -> Result<std::collections::BTreeMap<String, Box<serde_json::value::RawValue>>, serde_json::Error>
{
    serde_json::from_str(text)
}

/// How a query parameter is written (OpenAPI `style`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryStyle {
    /// `form`
    Form,
    /// `spaceDelimited`
    SpaceDelimited,
    /// `pipeDelimited`
    PipeDelimited,
    /// `deepObject`
    DeepObject,
    /// Tab-separated: Swagger 2.0's `collectionFormat: tsv`, which 3.0 has no style for.
    TabDelimited,
}

/// A scalar as text: strings unquoted, everything else as JSON.
pub fn scalar_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => String::new(),
        other => other.to_string(),
    }
}

/// OpenAPI `simple` style: arrays and objects comma-joined.
pub fn simple_value(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Array(items) => {
            items.iter().map(scalar_text).collect::<Vec<_>>().join(",")
        }
        serde_json::Value::Object(map) => map
            .iter()
            .flat_map(|(k, v)| [k.clone(), scalar_text(v)])
            .collect::<Vec<_>>()
            .join(","),
        other => scalar_text(other),
    }
}

/// Characters left as they are in a path segment: RFC 3986 unreserved. Everything else, `/`, `?`,
/// `#` and `%` included, is percent-encoded, so a value can never leave its segment.
pub const PATH_SEGMENT: &percent_encoding::AsciiSet = &percent_encoding::NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A path parameter as one encoded path segment. Empty, `.` and `..` are refused: URL parsers
/// resolve them (even percent-encoded), so they would address another route.
pub fn path_segment(name: &str, value: &serde_json::Value) -> Result<String, String> {
    let text = simple_value(value);
    if text.is_empty() || text == "." || text == ".." {
        return Err(format!(
            "path parameter `{name}` cannot be {text:?}: it would address another route"
        ));
    }
    Ok(percent_encoding::utf8_percent_encode(&text, PATH_SEGMENT).to_string())
}

/// Appends a query parameter's pairs, per `style` and `explode`.
pub fn query_pairs(
    pairs: &mut Vec<(String, String)>,
    name: &str,
    value: &serde_json::Value,
    style: QueryStyle,
    explode: bool,
) {
    match value {
        serde_json::Value::Null => {}
        serde_json::Value::Array(items) => {
            let texts = items.iter().map(scalar_text);
            match (style, explode) {
                (QueryStyle::Form, true) | (QueryStyle::DeepObject, _) => {
                    pairs.extend(texts.map(|t| (name.to_string(), t)))
                }
                (QueryStyle::Form, false) => {
                    pairs.push((name.to_string(), texts.collect::<Vec<_>>().join(",")))
                }
                (QueryStyle::SpaceDelimited, _) => {
                    pairs.push((name.to_string(), texts.collect::<Vec<_>>().join(" ")))
                }
                (QueryStyle::PipeDelimited, _) => {
                    pairs.push((name.to_string(), texts.collect::<Vec<_>>().join("|")))
                }
                (QueryStyle::TabDelimited, _) => {
                    pairs.push((name.to_string(), texts.collect::<Vec<_>>().join("\t")))
                }
            }
        }
        serde_json::Value::Object(map) => match (style, explode) {
            (QueryStyle::DeepObject, _) => {
                for (k, v) in map {
                    match v {
                        serde_json::Value::Array(items) => pairs.extend(
                            items
                                .iter()
                                .map(|i| (format!("{name}[{k}]"), scalar_text(i))),
                        ),
                        serde_json::Value::Null => {}
                        other => pairs.push((format!("{name}[{k}]"), scalar_text(other))),
                    }
                }
            }
            (_, true) => pairs.extend(
                map.iter()
                    .filter(|(_, v)| !v.is_null())
                    .map(|(k, v)| (k.clone(), scalar_text(v))),
            ),
            (_, false) => pairs.push((name.to_string(), simple_value(value))),
        },
        other => pairs.push((name.to_string(), scalar_text(other))),
    }
}

/// A JSON value kept as the exact text it was received as: a union member this version does not
/// know. Its numbers keep every digit (`serde_json::Value` would read them as `f64`), and it is
/// written back unchanged.
#[derive(Clone)]
pub struct RawJson(Box<serde_json::value::RawValue>);

impl RawJson {
    /// The JSON text.
    pub fn get(&self) -> &str {
        self.0.get()
    }

    /// Reads the value as `T` (`serde_json::Value`, or a type of your own).
    pub fn parse<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        serde_json::from_str(self.0.get())
    }

    /// A value from JSON text; an error when the text is not JSON.
    pub fn from_json(text: impl Into<String>) -> Result<Self, serde_json::Error> {
        serde_json::value::RawValue::from_string(text.into()).map(Self)
    }
}

impl PartialEq for RawJson {
    fn eq(&self, other: &Self) -> bool {
        self.get() == other.get()
    }
}

impl Eq for RawJson {}

impl fmt::Debug for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.get())
    }
}

impl fmt::Display for RawJson {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.get())
    }
}

impl serde::Serialize for RawJson {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Objects and arrays member by member, each number as its raw text: a raw value as a
        // whole cannot be flattened into the object of a struct (`#[serde(flatten)]`).
        let text = self.get().trim();
        let custom = <S::Error as serde::ser::Error>::custom;
        match text.as_bytes().first() {
            Some(b'{') => {
                let members: RawEntries = serde_json::from_str(text).map_err(custom)?;
                serializer.collect_map(
                    members
                        .0
                        .into_iter()
                        .map(|(key, value)| (key, RawJson(value))),
                )
            }
            Some(b'[') => {
                let items: Vec<RawJson> = serde_json::from_str(text).map_err(custom)?;
                serializer.collect_seq(items.iter())
            }
            _ => self.0.serialize(serializer),
        }
    }
}

impl<'de> serde::Deserialize<'de> for RawJson {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        <Box<serde_json::value::RawValue> as serde::Deserialize>::deserialize(deserializer)
            .map(Self)
    }
}

/// A JSON object's members in their order, each as its raw text.
pub struct RawEntries(pub Vec<(String, Box<serde_json::value::RawValue>)>);

impl<'de> serde::Deserialize<'de> for RawEntries {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Entries;
        impl<'de> serde::de::Visitor<'de> for Entries {
            type Value = RawEntries;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<RawEntries, A::Error> {
                let mut entries = Vec::new();
                while let Some(entry) = map.next_entry()? {
                    entries.push(entry);
                }
                Ok(RawEntries(entries))
            }
        }
        deserializer.deserialize_map(Entries)
    }
}

/// The JSON object `text` without the members named in `keys`, every other member's text as it
/// was: what is left of an object for the value flattened into its struct, so that a member it
/// keeps as received (`Other`) does not write the struct's own properties a second time.
pub fn without_keys(text: &str, keys: &[&str]) -> Result<String, serde_json::Error> {
    let entries: RawEntries = serde_json::from_str(text)?;
    let mut out = String::from("{");
    for (key, value) in entries
        .0
        .iter()
        .filter(|(key, _)| !keys.contains(&key.as_str()))
    {
        if out.len() > 1 {
            out.push(',');
        }
        out.push_str(&serde_json::to_string(key)?);
        out.push(':');
        out.push_str(value.get());
    }
    out.push('}');
    Ok(out)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_path_segment_cannot_leave_its_segment() {
        assert_eq!(
            path_segment("id", &json!("a/b?c#d%")).unwrap(),
            "a%2Fb%3Fc%23d%25"
        );
        assert_eq!(path_segment("id", &json!(["x", "y"])).unwrap(), "x%2Cy");
        for bad in ["", ".", ".."] {
            let error = path_segment("id", &json!(bad)).unwrap_err();
            assert!(error.contains("`id`"), "{error}");
        }
    }

    #[test]
    fn query_pairs_follow_style_and_explode() {
        let pairs = |value: serde_json::Value, style, explode| {
            let mut pairs = Vec::new();
            query_pairs(&mut pairs, "a", &value, style, explode);
            pairs
        };
        let owned = |items: &[(&str, &str)]| -> Vec<(String, String)> {
            items
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect()
        };
        assert_eq!(
            pairs(json!([1, 2]), QueryStyle::Form, true),
            owned(&[("a", "1"), ("a", "2")])
        );
        assert_eq!(
            pairs(json!([1, 2]), QueryStyle::Form, false),
            owned(&[("a", "1,2")])
        );
        assert_eq!(
            pairs(json!([1, 2]), QueryStyle::PipeDelimited, false),
            owned(&[("a", "1|2")])
        );
        assert_eq!(
            pairs(json!({"k": "v", "n": null}), QueryStyle::DeepObject, true),
            owned(&[("a[k]", "v")])
        );
        assert_eq!(
            pairs(json!({"k": "v"}), QueryStyle::Form, true),
            owned(&[("k", "v")])
        );
        assert_eq!(
            pairs(json!({"k": "v"}), QueryStyle::Form, false),
            owned(&[("a", "k,v")])
        );
        assert!(pairs(json!(null), QueryStyle::Form, true).is_empty());
    }

    #[test]
    fn raw_json_keeps_every_digit_and_flattens_member_by_member() {
        let text = r#"{"amount":12345678901234567890.123456789,"tags":[1,2.50]}"#;
        let raw: RawJson = serde_json::from_str(text).unwrap();
        assert_eq!(raw.get(), text);
        assert_eq!(serde_json::to_string(&raw).unwrap(), text);
        assert_eq!(format!("{raw:?}"), text);
        assert!(RawJson::from_json("{not json").is_err());
        assert_eq!(
            without_keys(r#"{"id":1,"kind":"a","x":1.50}"#, &["id"]).unwrap(),
            r#"{"kind":"a","x":1.50}"#
        );
        assert_eq!(
            tag_of(r#"{"kind":"card"}"#, "kind").as_deref(),
            Some("card")
        );
        assert_eq!(tag_of(r#"{"kind":5}"#, "kind"), None);
    }

    #[test]
    fn decode_json_names_the_path_that_failed() {
        #[derive(Debug, serde::Deserialize)]
        #[allow(dead_code)]
        struct Item {
            price: u32,
        }
        let error = decode_json::<Vec<Item>>(br#"[{"price":"x"}]"#).unwrap_err();
        assert!(error.starts_with("[0].price: "), "{error}");
        assert!(
            decode_json::<u32>(b"1 2").is_err(),
            "trailing text is refused"
        );
    }

    #[test]
    fn secrets_and_file_bytes_stay_out_of_debug() {
        assert_eq!(format!("{:?}", Secret::new("hunter2")), "[redacted]");
        let file = FilePart::new(&b"%PDF secret"[..]).file_name("a.pdf");
        let shown = format!("{file:?}");
        assert!(
            shown.contains("len: 11") && !shown.contains("PDF"),
            "{shown}"
        );
    }

    #[test]
    fn a_file_part_content_type_is_its_own_then_the_spec_then_a_guess() {
        let file = FilePart::new(&b"x"[..]).file_name("invoice.pdf");
        assert_eq!(file_content_type(&file, ""), "application/pdf");
        assert_eq!(file_content_type(&file, "image/png"), "image/png");
        let unknown = FilePart::new(&b"x"[..]).file_name("data.bin");
        assert_eq!(
            file_content_type(&unknown, "image/*"),
            "application/octet-stream"
        );
        assert_eq!(
            file_content_type(&file, "application/*, image/*"),
            "application/pdf"
        );
        let typed = file.content_type("text/plain");
        assert_eq!(file_content_type(&typed, "image/png"), "text/plain");
    }
}
