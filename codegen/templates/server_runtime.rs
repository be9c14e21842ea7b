// Server support code, placed inside the generated `server` module.
use axum::response::IntoResponse;

/// What a handler can see of the request beyond its typed inputs: the headers (for auth).
#[derive(Debug, Clone, Default)]
pub struct RequestContext {
    /// The request headers.
    pub headers: axum::http::HeaderMap,
}

impl RequestContext {
    /// The HTTP Basic credentials, when the request carries well-formed ones.
    pub fn basic_auth(&self) -> Option<(String, String)> {
        use base64::Engine as _;
        let value = self.headers.get(axum::http::header::AUTHORIZATION)?.to_str().ok()?;
        let (scheme, encoded) = value.split_once(' ')?;
        if !scheme.eq_ignore_ascii_case("basic") {
            return None;
        }
        let decoded = base64::engine::general_purpose::STANDARD.decode(encoded.trim()).ok()?;
        let text = String::from_utf8(decoded).ok()?;
        let (user, password) = text.split_once(':')?;
        Some((user.to_string(), password.to_string()))
    }

    /// The bearer token, when the request carries one.
    pub fn bearer_token(&self) -> Option<&str> {
        let value = self.headers.get(axum::http::header::AUTHORIZATION)?.to_str().ok()?;
        let (scheme, token) = value.split_once(' ')?;
        scheme.eq_ignore_ascii_case("bearer").then(|| token.trim())
    }

    /// A header's value as text.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name)?.to_str().ok()
    }
}

/// A 400 response with a JSON body `{"message": …}`: what every malformed request gets.
pub fn bad_request(message: impl Into<String>) -> axum::response::Response {
    json_response(400, &serde_json::json!({ "message": message.into() }))
}

/// Reads a JSON request body as `T`, after `check` (from the generated `strict` module) has
/// refused what serde would let through but the schema forbids: `null` where the spec does not say
/// `nullable`, an array where it says object.
pub fn json_body<T: serde::de::DeserializeOwned>(bytes: &[u8], check: fn(&serde_json::Value) -> Result<(), String>) -> Result<T, String> {
    let value: serde_json::Value = serde_json::from_slice(bytes).map_err(|e| format!("invalid JSON body: {e}"))?;
    check(&value).map_err(|e| format!("invalid JSON body: {e}"))?;
    super::runtime::decode_json(bytes).map_err(|e| format!("invalid JSON body: {e}"))
}

/// A JSON response.
pub fn json_response<T: serde::Serialize>(status: u16, body: &T) -> axum::response::Response {
    let status = axum::http::StatusCode::from_u16(status).unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
    match serde_json::to_vec(body) {
        Ok(bytes) => (status, [(axum::http::header::CONTENT_TYPE, "application/json")], bytes).into_response(),
        Err(e) => (axum::http::StatusCode::INTERNAL_SERVER_ERROR, format!("could not encode the response: {e}")).into_response(),
    }
}

/// A response with a raw body.
pub fn raw_response(status: u16, content_type: &'static str, body: impl Into<bytes::Bytes>) -> axum::response::Response {
    let status = axum::http::StatusCode::from_u16(status).unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
    (status, [(axum::http::header::CONTENT_TYPE, content_type)], body.into()).into_response()
}

/// A response without a body.
pub fn empty_response(status: u16) -> axum::response::Response {
    axum::http::StatusCode::from_u16(status).unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR).into_response()
}

/// Reads text from a path, query, header or form part as `T`: as a string first, then as a JSON
/// literal (so `"5"` reads as a number and `"true"` as a boolean).
pub fn coerce<T: serde::de::DeserializeOwned>(name: &str, raw: &str) -> Result<T, String> {
    serde_json::from_value(serde_json::Value::String(raw.to_string()))
        .or_else(|_| serde_json::from_str(raw))
        .map_err(|e| format!("`{name}`: cannot read {raw:?}: {e}"))
}

/// Reads a list of texts as `T` (an array type), item by item as [`coerce`] does.
pub fn coerce_list<T: serde::de::DeserializeOwned>(name: &str, items: &[String]) -> Result<T, String> {
    let strings = serde_json::Value::Array(items.iter().cloned().map(serde_json::Value::String).collect());
    serde_json::from_value(strings).or_else(|_| {
        let literals = items
            .iter()
            .map(|i| serde_json::from_str(i).unwrap_or_else(|_| serde_json::Value::String(i.clone())))
            .collect();
        serde_json::from_value(serde_json::Value::Array(literals)).map_err(|e| format!("`{name}`: cannot read {items:?}: {e}"))
    })
}

/// Splits one delimited value (`1,2`) into items; an empty value is an empty list.
pub fn split_list(raw: &str, delimiter: char) -> Vec<String> {
    if raw.is_empty() {
        Vec::new()
    } else {
        raw.split(delimiter).map(str::to_string).collect()
    }
}

/// One part of a decoded multipart body.
#[derive(Debug, Clone)]
pub struct RawPart {
    /// Part name.
    pub name: String,
    /// File name, for file parts.
    pub file_name: Option<String>,
    /// Content type.
    pub content_type: Option<String>,
    /// Bytes.
    pub bytes: bytes::Bytes,
}

impl RawPart {
    /// The part as text.
    pub fn text(&self, name: &str) -> Result<String, String> {
        String::from_utf8(self.bytes.to_vec()).map_err(|_| format!("part `{name}` is not UTF-8 text"))
    }

    /// The part as a file.
    pub fn file(&self) -> super::runtime::FilePart {
        super::runtime::FilePart {
            file_name: self.file_name.clone(),
            content_type: self.content_type.clone(),
            bytes: self.bytes.clone(),
        }
    }
}

/// Reads every part of a multipart body.
pub async fn read_multipart(mut multipart: axum::extract::Multipart) -> Result<Vec<RawPart>, String> {
    let mut parts = Vec::new();
    while let Some(field) = multipart.next_field().await.map_err(|e| format!("malformed multipart body: {e}"))? {
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(str::to_string);
        let content_type = field.content_type().map(str::to_string);
        let bytes = field.bytes().await.map_err(|e| format!("malformed multipart part `{name}`: {e}"))?;
        parts.push(RawPart { name, file_name, content_type, bytes });
    }
    Ok(parts)
}

/// All values of a query parameter, in order.
pub fn query_values(pairs: &[(String, String)], name: &str) -> Vec<String> {
    pairs.iter().filter(|(k, _)| k == name).map(|(_, v)| v.clone()).collect()
}

/// The `name[key]=value` pairs of a deepObject query parameter, as a JSON object of strings.
pub fn deep_object(pairs: &[(String, String)], name: &str) -> serde_json::Value {
    let prefix = format!("{name}[");
    let map = pairs
        .iter()
        .filter_map(|(k, v)| {
            let key = k.strip_prefix(&prefix)?.strip_suffix(']')?;
            Some((key.to_string(), serde_json::Value::String(v.clone())))
        })
        .collect();
    serde_json::Value::Object(map)
}

