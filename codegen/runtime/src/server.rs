//! The server side's helpers, which a generated `server` module re-exports: the request context
//! handed to each operation, reading parameters and bodies (JSON, multipart, urlencoded forms),
//! and writing responses.

use axum::response::IntoResponse;

/// What a handler can see of the request beyond its typed inputs, the headers (for auth), and
/// where it sets the headers of its response ([`Self::set_response_header`]).
#[derive(Debug, Clone, Default)]
pub struct RequestContext {
    /// The request headers.
    pub headers: axum::http::HeaderMap,
    response_headers: ResponseHeaders,
}

/// The headers a handler set on its [`RequestContext`], which the generated route adds to the
/// response of whichever reply the handler returns.
#[doc(hidden)]
#[derive(Debug, Clone, Default)]
pub struct ResponseHeaders(std::sync::Arc<std::sync::Mutex<axum::http::HeaderMap>>);

impl ResponseHeaders {
    fn with<T>(&self, f: impl FnOnce(&mut axum::http::HeaderMap) -> T) -> T {
        // A handler that panicked while holding the lock left a map that is still a map.
        let mut map = self
            .0
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        f(&mut map)
    }

    /// `reply` as a response, with the headers set: each replaces any the reply itself has by
    /// that name.
    pub fn apply(&self, reply: impl IntoResponse) -> axum::response::Response {
        let mut response = reply.into_response();
        let set = self.with(std::mem::take);
        let mut last = None;
        for (name, value) in set {
            // `HeaderMap`'s iterator names a header once, before its first value.
            let name = match name {
                Some(name) => {
                    response.headers_mut().remove(&name);
                    last.insert(name)
                }
                None => match &last {
                    Some(name) => name,
                    None => continue,
                },
            };
            response.headers_mut().append(name.clone(), value);
        }
        response
    }
}

impl RequestContext {
    /// The context of a request with these headers (what a test of a handler builds).
    pub fn new(headers: axum::http::HeaderMap) -> Self {
        Self {
            headers,
            response_headers: ResponseHeaders::default(),
        }
    }

    /// A generated route's context, and the handle through which it adds the response headers
    /// the handler sets.
    #[doc(hidden)]
    pub fn for_route(headers: axum::http::HeaderMap) -> (Self, ResponseHeaders) {
        let context = Self::new(headers);
        let response_headers = context.response_headers.clone();
        (context, response_headers)
    }

    /// Sets a header of this request's response (a `Location`, a rate limit, a request id),
    /// whichever reply the handler returns, replacing any value the reply or an earlier call
    /// gave that name.
    ///
    /// ```
    /// # use codegen_runtime::server::RequestContext;
    /// use axum::http::{header::LOCATION, HeaderValue};
    ///
    /// let ctx = RequestContext::new(Default::default());
    /// ctx.set_response_header(LOCATION, HeaderValue::from_static("/jobs/j1/result"));
    /// ```
    pub fn set_response_header(
        &self,
        name: axum::http::HeaderName,
        value: axum::http::HeaderValue,
    ) {
        self.response_headers.with(|map| map.insert(name, value));
    }

    /// Adds a value to a header of this request's response, after any this context already
    /// holds for that name (for a header that may repeat, such as `Link`).
    pub fn append_response_header(
        &self,
        name: axum::http::HeaderName,
        value: axum::http::HeaderValue,
    ) {
        self.response_headers.with(|map| map.append(name, value));
    }

    /// The HTTP Basic credentials, when the request carries well-formed ones.
    pub fn basic_auth(&self) -> Option<(String, String)> {
        use base64::Engine as _;
        let value = self
            .headers
            .get(axum::http::header::AUTHORIZATION)?
            .to_str()
            .ok()?;
        let (scheme, encoded) = value.split_once(' ')?;
        if !scheme.eq_ignore_ascii_case("basic") {
            return None;
        }
        let decoded = base64::engine::general_purpose::STANDARD
            .decode(encoded.trim())
            .ok()?;
        let text = String::from_utf8(decoded).ok()?;
        let (user, password) = text.split_once(':')?;
        Some((user.to_string(), password.to_string()))
    }

    /// The bearer token, when the request carries one.
    pub fn bearer_token(&self) -> Option<&str> {
        let value = self
            .headers
            .get(axum::http::header::AUTHORIZATION)?
            .to_str()
            .ok()?;
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

/// What a generated handler returns: the operation's response, or the [`Refusal`] of a request
/// it cannot take, so that each input's decoding ends in `?`.
pub type HandlerResult = Result<axum::response::Response, Refusal>;

/// The response refusing a request before the operation sees it: a 400 for a malformed parameter
/// or body, a 404 for a path that is not the operation's. Boxed, as a response is large and
/// every input's reading returns it.
#[derive(Debug)]
pub struct Refusal(Box<axum::response::Response>);

impl From<axum::response::Response> for Refusal {
    fn from(response: axum::response::Response) -> Self {
        Self(Box::new(response))
    }
}

impl IntoResponse for Refusal {
    fn into_response(self) -> axum::response::Response {
        *self.0
    }
}

/// The [`Refusal`] of a malformed request: a [`bad_request`].
fn refused(message: impl Into<String>) -> Refusal {
    bad_request(message).into()
}

/// A required input's value, or a 400 naming it when it was not sent (`value` is what reading
/// it gave: `Ok(None)` for absent).
pub fn required<T>(name: &str, value: Result<Option<T>, String>) -> Result<T, Refusal> {
    match value {
        Ok(Some(v)) => Ok(v),
        Ok(None) => Err(refused(format!("missing required parameter `{name}`"))),
        Err(e) => Err(refused(e)),
    }
}

/// An optional input's value (`Ok(None)` when it was not sent), or a 400 saying why it cannot be
/// read.
pub fn optional<T>(value: Result<Option<T>, String>) -> Result<Option<T>, Refusal> {
    value.map_err(refused)
}

/// The path parameters the router captured, by the names the generated routes give them (`p0`,
/// `p1`, … by segment). A path it cannot read as text is refused with a 400.
#[derive(Debug, Clone, Default)]
pub struct PathParams(Vec<(String, String)>);

impl PathParams {
    /// The text captured as `key` (empty when there is none).
    pub fn get(&self, key: &str) -> &str {
        self.0
            .iter()
            .find(|(k, _)| k == key)
            .map(|(_, v)| v.as_str())
            .unwrap_or_default()
    }
}

impl PathParams {
    /// The parameter captured as `key`, read by `read` (a `coerce` function) as the parameter
    /// `name`; a 400 when it cannot be.
    pub fn read<T>(
        &self,
        key: &str,
        name: &str,
        read: impl Fn(&str, &str) -> Result<T, String>,
    ) -> Result<T, Refusal> {
        read(name, self.get(key)).map_err(refused)
    }

    /// The `index`-th parameter of the segment captured as `key`, which holds literal text
    /// beside its parameters (`literals`, as [`segment_param`] takes them); a 404 when the
    /// segment does not have that shape, as the path is then not the operation's.
    pub fn segment(&self, key: &str, literals: &[&str], index: usize) -> Result<&str, Refusal> {
        segment_param(self.get(key), literals, index).ok_or_else(|| empty_response(404).into())
    }
}

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for PathParams {
    type Rejection = Refusal;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        match axum::extract::Path::<Vec<(String, String)>>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(pairs)) => Ok(Self(pairs)),
            Err(e) => Err(refused(e.body_text())),
        }
    }
}

/// The query string's `name=value` pairs, in order. A query string that is not
/// `application/x-www-form-urlencoded` is refused with a 400.
///
/// Each reading method gives `Ok(None)` for a parameter not sent, and `read` (a `coerce`
/// function) turns its text into the parameter's type.
#[derive(Debug, Clone, Default)]
pub struct QueryPairs(Vec<(String, String)>);

impl QueryPairs {
    /// The first value of `name`.
    pub fn first(&self, name: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// Every value of `name`, in order.
    pub fn values(&self, name: &str) -> Vec<String> {
        query_values(&self.0, name)
    }

    /// Whether `name` is in the query string at all (`?name=` included).
    pub fn contains(&self, name: &str) -> bool {
        self.0.iter().any(|(k, _)| k == name)
    }

    /// A parameter of one value: its first.
    pub fn one<T>(
        &self,
        name: &str,
        read: impl Fn(&str, &str) -> Result<T, String>,
    ) -> Result<Option<T>, String> {
        read_one(name, self.first(name), read)
    }

    /// A parameter with `allowEmptyValue`: `?name=` (or `?name`) is the parameter not sent.
    pub fn one_nonempty<T>(
        &self,
        name: &str,
        read: impl Fn(&str, &str) -> Result<T, String>,
    ) -> Result<Option<T>, String> {
        read_one(name, self.first(name).filter(|r| !r.is_empty()), read)
    }

    /// An exploded array parameter: one `name=item` pair per item.
    pub fn exploded<T>(
        &self,
        name: &str,
        read: impl Fn(&str, &[String]) -> Result<T, String>,
    ) -> Result<Option<T>, String> {
        if self.contains(name) {
            read(name, &self.values(name)).map(Some)
        } else {
            Ok(None)
        }
    }

    /// An array parameter sent as one value, its items separated by `delimiter`.
    pub fn split<T>(
        &self,
        name: &str,
        delimiter: char,
        read: impl Fn(&str, &[String]) -> Result<T, String>,
    ) -> Result<Option<T>, String> {
        read_split(name, self.first(name), delimiter, read)
    }

    /// A `deepObject` parameter (`name[key]=value` pairs) read as `T`.
    pub fn deep_object<T: serde::de::DeserializeOwned>(
        &self,
        name: &str,
    ) -> Result<Option<T>, String> {
        let object = deep_object(&self.0, name);
        if object.as_object().is_some_and(|o| !o.is_empty()) {
            serde_json::from_value(object)
                .map(Some)
                .map_err(|e| format!("`{name}`: {e}"))
        } else {
            Ok(None)
        }
    }
}

impl<S: Send + Sync> axum::extract::FromRequestParts<S> for QueryPairs {
    type Rejection = Refusal;

    async fn from_request_parts(
        parts: &mut axum::http::request::Parts,
        state: &S,
    ) -> Result<Self, Self::Rejection> {
        match axum::extract::Query::<Vec<(String, String)>>::from_request_parts(parts, state).await
        {
            Ok(axum::extract::Query(pairs)) => Ok(Self(pairs)),
            Err(e) => Err(refused(e.body_text())),
        }
    }
}

/// A header parameter of one value, read by `read` (a `coerce` function); `Ok(None)` when it was
/// not sent.
pub fn header_one<T>(
    headers: &axum::http::HeaderMap,
    name: &str,
    read: impl Fn(&str, &str) -> Result<T, String>,
) -> Result<Option<T>, String> {
    read_one(name, header_text(headers, name), read)
}

/// An array header parameter, its items separated by `delimiter`.
pub fn header_split<T>(
    headers: &axum::http::HeaderMap,
    name: &str,
    delimiter: char,
    read: impl Fn(&str, &[String]) -> Result<T, String>,
) -> Result<Option<T>, String> {
    read_split(name, header_text(headers, name), delimiter, read)
}

/// A cookie parameter of one value, read by `read` (a `coerce` function); `Ok(None)` when it was
/// not sent.
pub fn cookie_one<T>(
    headers: &axum::http::HeaderMap,
    name: &str,
    read: impl Fn(&str, &str) -> Result<T, String>,
) -> Result<Option<T>, String> {
    read_one(name, cookie_text(headers, name), read)
}

/// An array cookie parameter, its items separated by `delimiter`.
pub fn cookie_split<T>(
    headers: &axum::http::HeaderMap,
    name: &str,
    delimiter: char,
    read: impl Fn(&str, &[String]) -> Result<T, String>,
) -> Result<Option<T>, String> {
    read_split(name, cookie_text(headers, name), delimiter, read)
}

/// One parameter's text, if it was sent, read by `read` (a `coerce` function).
pub fn read_one<T>(
    name: &str,
    text: Option<&str>,
    read: impl Fn(&str, &str) -> Result<T, String>,
) -> Result<Option<T>, String> {
    text.map(|raw| read(name, raw)).transpose()
}

/// An array parameter's text, if it was sent, split at `delimiter` and read by `read` (a
/// `coerce_list` function).
pub fn read_split<T>(
    name: &str,
    text: Option<&str>,
    delimiter: char,
    read: impl Fn(&str, &[String]) -> Result<T, String>,
) -> Result<Option<T>, String> {
    text.map(|raw| read(name, &split_list(raw, delimiter)))
        .transpose()
}

/// A parameter's value, or the one its spec default (JSON text) gives when it was not sent.
pub fn or_default<T: serde::de::DeserializeOwned>(
    name: &str,
    value: Result<Option<T>, String>,
    default: &str,
) -> Result<Option<T>, String> {
    match value {
        Ok(None) => serde_json::from_str(default)
            .map(Some)
            .map_err(|e| format!("`{name}`: the default {default} does not fit: {e}")),
        other => other,
    }
}

/// A header's value, when it is sent as text.
pub fn header_text<'a>(headers: &'a axum::http::HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name)?.to_str().ok()
}

/// A cookie's value, from the request's `Cookie` headers.
pub fn cookie_text<'a>(headers: &'a axum::http::HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|c| c.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

/// Reads a JSON request body as `T`, after `check` (from the generated `strict` module) has
/// refused what serde would let through but the schema forbids: `null` where the spec does not say
/// `nullable`, an array where it says object.
pub fn json_body<T: serde::de::DeserializeOwned>(
    bytes: &[u8],
    check: fn(&serde_json::Value) -> Result<(), String>,
) -> Result<T, String> {
    let value: serde_json::Value =
        serde_json::from_slice(bytes).map_err(|e| format!("invalid JSON body: {e}"))?;
    check(&value).map_err(|e| format!("invalid JSON body: {e}"))?;
    crate::decode_json(bytes).map_err(|e| format!("invalid JSON body: {e}"))
}

/// A JSON response.
pub fn json_response<T: serde::Serialize>(status: u16, body: &T) -> axum::response::Response {
    let status = axum::http::StatusCode::from_u16(status)
        .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
    match serde_json::to_vec(body) {
        Ok(bytes) => (
            status,
            [(axum::http::header::CONTENT_TYPE, "application/json")],
            bytes,
        )
            .into_response(),
        Err(e) => (
            axum::http::StatusCode::INTERNAL_SERVER_ERROR,
            format!("could not encode the response: {e}"),
        )
            .into_response(),
    }
}

/// A response with a raw body.
pub fn raw_response(
    status: u16,
    content_type: &'static str,
    body: impl Into<bytes::Bytes>,
) -> axum::response::Response {
    let status = axum::http::StatusCode::from_u16(status)
        .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR);
    (
        status,
        [(axum::http::header::CONTENT_TYPE, content_type)],
        body.into(),
    )
        .into_response()
}

/// A response without a body.
pub fn empty_response(status: u16) -> axum::response::Response {
    axum::http::StatusCode::from_u16(status)
        .unwrap_or(axum::http::StatusCode::INTERNAL_SERVER_ERROR)
        .into_response()
}

/// Reads text from a path, query, header or form part as `T`: as a string first, then as a JSON
/// literal (so `"5"` reads as a number and `"true"` as a boolean).
pub fn coerce<T: serde::de::DeserializeOwned>(name: &str, raw: &str) -> Result<T, String> {
    serde_json::from_value(serde_json::Value::String(raw.to_string()))
        .or_else(|_| serde_json::from_str(raw))
        .map_err(|e| format!("`{name}`: cannot read {raw:?}: {e}"))
}

/// Reads a parameter sent as JSON text (one with `content` of a JSON media type) as `T`.
pub fn coerce_json<T: serde::de::DeserializeOwned>(name: &str, raw: &str) -> Result<T, String> {
    serde_json::from_str(raw).map_err(|e| format!("`{name}`: cannot read {raw:?} as JSON: {e}"))
}

/// Reads a list of texts as `T` (an array type), item by item as [`coerce`] does.
pub fn coerce_list<T: serde::de::DeserializeOwned>(
    name: &str,
    items: &[String],
) -> Result<T, String> {
    let strings = serde_json::Value::Array(
        items
            .iter()
            .cloned()
            .map(serde_json::Value::String)
            .collect(),
    );
    serde_json::from_value(strings).or_else(|_| {
        let literals = items
            .iter()
            .map(|i| {
                serde_json::from_str(i).unwrap_or_else(|_| serde_json::Value::String(i.clone()))
            })
            .collect();
        serde_json::from_value(serde_json::Value::Array(literals))
            .map_err(|e| format!("`{name}`: cannot read {items:?}: {e}"))
    })
}

/// The `index`-th parameter of a path segment that holds several (`{name}.{format}`,
/// `{from}..{to}`), given the literal text around them (`["", ".", ""]`): the text between the
/// literals on either side. Each separator is taken at its last occurrence, so the earlier
/// parameters keep the text that could belong to either (`report.v2.csv` is `report.v2` and
/// `csv`, as a file name and its extension are read). `None` when the segment does not have
/// that shape (the path is then not the operation's).
pub fn segment_param<'a>(segment: &'a str, literals: &[&str], index: usize) -> Option<&'a str> {
    let (first, rest) = literals.split_first()?;
    let (last, separators) = rest.split_last()?;
    let mut middle = segment.strip_prefix(first)?.strip_suffix(last)?;
    for (i, separator) in separators.iter().enumerate().rev() {
        let (before, value) = middle.rsplit_once(separator)?;
        if i + 1 == index {
            return Some(value);
        }
        middle = before;
    }
    (index == 0).then_some(middle)
}

/// Whether the raw (percent-encoded) path segment `segment` has the shape `literals` describe
/// (see [`segment_param`]; one literal alone is a segment of just that text): how a route shared
/// by several operations (`/users/{user}` and `/users/{user}:getStats`) tells which one a request
/// is for, and how a literal segment the router captures (`*`, `:batchGet`) is checked.
pub fn segment_matches(segment: &str, literals: &[&str]) -> bool {
    let decoded = percent_encoding::percent_decode_str(segment).decode_utf8_lossy();
    match literals {
        [] => false,
        [only] => decoded == *only,
        _ => {
            (0..literals.len() - 1).all(|index| segment_param(&decoded, literals, index).is_some())
        }
    }
}

/// Whether a request's query string holds every one of `pairs` (decoded; a name written without
/// `=` has the empty value): how operations that share a route but write a query string in their
/// path (`/responses` and `/responses?beta=true`) are told apart.
pub fn query_has(query: Option<&str>, pairs: &[(&str, &str)]) -> bool {
    let sent: Vec<(String, String)> = query
        .and_then(|q| serde_urlencoded::from_str(q).ok())
        .unwrap_or_default();
    pairs
        .iter()
        .all(|(name, value)| sent.iter().any(|(n, v)| n == name && v == value))
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
        String::from_utf8(self.bytes.to_vec())
            .map_err(|_| format!("part `{name}` is not UTF-8 text"))
    }

    /// The part as a file.
    pub fn file(&self) -> crate::FilePart {
        crate::FilePart {
            file_name: self.file_name.clone(),
            content_type: self.content_type.clone(),
            bytes: self.bytes.clone(),
        }
    }
}

/// Reads every part of a required multipart body; a request without one, or with a malformed
/// one, is refused with a 400.
pub async fn read_multipart(
    multipart: Result<axum::extract::Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Vec<RawPart>, Refusal> {
    let multipart = multipart.map_err(|e| refused(e.body_text()))?;
    read_parts(multipart).await.map_err(refused)
}

/// Reads every part of an optional multipart body: `None` for a request without one (not
/// `multipart/form-data`), a 400 for a malformed one.
pub async fn read_optional_multipart(
    multipart: Result<axum::extract::Multipart, axum::extract::multipart::MultipartRejection>,
) -> Result<Option<Vec<RawPart>>, Refusal> {
    match multipart {
        Ok(multipart) => read_parts(multipart).await.map(Some).map_err(refused),
        Err(_) => Ok(None),
    }
}

async fn read_parts(mut multipart: axum::extract::Multipart) -> Result<Vec<RawPart>, String> {
    let mut parts = Vec::new();
    while let Some(field) = multipart
        .next_field()
        .await
        .map_err(|e| format!("malformed multipart body: {e}"))?
    {
        let name = field.name().unwrap_or_default().to_string();
        let file_name = field.file_name().map(str::to_string);
        let content_type = field.content_type().map(str::to_string);
        let bytes = field
            .bytes()
            .await
            .map_err(|e| format!("malformed multipart part `{name}`: {e}"))?;
        parts.push(RawPart {
            name,
            file_name,
            content_type,
            bytes,
        });
    }
    Ok(parts)
}

/// All values of a query parameter, in order.
pub fn query_values(pairs: &[(String, String)], name: &str) -> Vec<String> {
    pairs
        .iter()
        .filter(|(k, _)| k == name)
        .map(|(_, v)| v.clone())
        .collect()
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
    pub const fn scalar(
        name: &'static str,
        read: fn(&str, Vec<String>, bool) -> Result<String, String>,
    ) -> Self {
        Self {
            name,
            list: false,
            explode: true,
            delimiter: ',',
            allow_empty: false,
            read,
        }
    }

    /// An array property: every pair of its name when `explode`, else the first one's value split
    /// at `delimiter`.
    pub const fn list(
        name: &'static str,
        explode: bool,
        delimiter: char,
        read: fn(&str, Vec<String>, bool) -> Result<String, String>,
    ) -> Self {
        Self {
            name,
            list: true,
            explode,
            delimiter,
            allow_empty: false,
            read,
        }
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
pub fn read_form<T: serde::de::DeserializeOwned>(
    bytes: &[u8],
    properties: &[FormProperty],
) -> Result<T, String> {
    let pairs: Vec<(String, String)> =
        serde_urlencoded::from_bytes(bytes).map_err(|e| format!("invalid form body: {e}"))?;
    let quoted = |text: &str| serde_json::Value::String(text.to_string()).to_string();
    let mut members = Vec::new();
    for property in properties {
        if let Some(texts) = property.texts(&pairs) {
            members.push(format!(
                "{}:{}",
                quoted(property.name),
                (property.read)(property.name, texts, property.list)?
            ));
        }
    }
    let mut others: Vec<&str> = Vec::new();
    for (key, value) in &pairs {
        if !properties.iter().any(|p| p.name == key) && !others.contains(&key.as_str()) {
            others.push(key);
            members.push(format!("{}:{}", quoted(key), quoted(value)));
        }
    }
    crate::decode_json(format!("{{{}}}", members.join(",")).as_bytes())
        .map_err(|e| format!("invalid form body: {e}"))
}

/// The JSON text a form property's texts stand for, as the property's type `T` reads them: each
/// text as a JSON string when `T` takes it so (strings, enums, dates), else as the JSON literal
/// it spells (`5`, `true`, a decimal's digits as sent). An error names the property.
pub fn form_json<T: serde::de::DeserializeOwned>(
    name: &str,
    texts: Vec<String>,
    list: bool,
) -> Result<String, String> {
    let quoted = |t: &String| serde_json::Value::String(t.clone()).to_string();
    let literal = |t: &String| {
        if serde_json::from_str::<serde::de::IgnoredAny>(t).is_ok() {
            t.clone()
        } else {
            quoted(t)
        }
    };
    let (as_strings, as_literals) = if list {
        let join = |items: Vec<String>| format!("[{}]", items.join(","));
        (
            join(texts.iter().map(quoted).collect()),
            join(texts.iter().map(literal).collect()),
        )
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
    let literal = |t: &String| {
        if serde_json::from_str::<serde::de::IgnoredAny>(t).is_ok() {
            t.clone()
        } else {
            serde_json::Value::String(t.clone()).to_string()
        }
    };
    Ok(if list {
        format!(
            "[{}]",
            texts.iter().map(literal).collect::<Vec<_>>().join(",")
        )
    } else {
        texts.first().map(literal).unwrap_or_default()
    })
}

#[cfg(test)]
mod tests {
    #[test]
    fn segments_match_the_shape_of_their_literals() {
        use super::segment_matches;
        assert!(segment_matches("u1:getStats", &["", ":getStats"]));
        assert!(segment_matches("u1%3AgetStats", &["", ":getStats"]));
        assert!(!segment_matches("u1", &["", ":getStats"]));
        assert!(!segment_matches("u1:export:cancel", &["", ":export"]));
        assert!(segment_matches("u1", &["", ""]));
        assert!(segment_matches("r1..9!", &["r", "..", "!"]));
        assert!(!segment_matches("r19!", &["r", "..", "!"]));
        // A literal segment alone: exactly its text, percent-encoded or not.
        assert!(segment_matches("*", &["*"]));
        assert!(segment_matches("%2A", &["*"]));
        assert!(segment_matches("%3AbatchGet", &[":batchGet"]));
        assert!(!segment_matches("x", &["*"]));
        assert!(!segment_matches("**", &["*"]));
        assert!(!segment_matches("*", &[]));
    }

    #[test]
    fn a_query_has_the_pairs_it_holds_decoded() {
        use super::query_has;
        assert!(query_has(Some("beta=true&x=1"), &[("beta", "true")]));
        assert!(query_has(Some("mode=a%20b"), &[("mode", "a b")]));
        assert!(query_has(Some("refresh"), &[("refresh", "")]));
        assert!(!query_has(Some("beta=false"), &[("beta", "true")]));
        assert!(!query_has(None, &[("beta", "true")]));
        assert!(query_has(None, &[]));
    }

    #[test]
    fn segment_params_split_at_their_separators() {
        use super::segment_param;
        let lits = ["", ".", ""];
        assert_eq!(segment_param("report.v2.csv", &lits, 0), Some("report.v2"));
        assert_eq!(segment_param("report.v2.csv", &lits, 1), Some("csv"));
        assert_eq!(segment_param("report", &lits, 0), None);
        let range = ["r", "..", "!"];
        assert_eq!(segment_param("r1..9!", &range, 0), Some("1"));
        assert_eq!(segment_param("r1..9!", &range, 1), Some("9"));
        assert_eq!(segment_param("x1..9!", &range, 0), None);
        assert_eq!(segment_param("r1..9!", &range, 2), None);
    }

    use super::*;

    fn context(authorization: &str) -> RequestContext {
        let mut headers = axum::http::HeaderMap::new();
        headers.insert(
            axum::http::header::AUTHORIZATION,
            authorization.parse().unwrap(),
        );
        RequestContext::new(headers)
    }

    #[test]
    fn response_headers_set_on_the_context_reach_the_response() {
        use axum::http::{HeaderName, HeaderValue};
        let (ctx, response_headers) = RequestContext::for_route(Default::default());
        let link = HeaderName::from_static("link");
        ctx.set_response_header(
            axum::http::header::CONTENT_TYPE,
            HeaderValue::from_static("application/problem+json"),
        );
        ctx.append_response_header(link.clone(), HeaderValue::from_static("<a>; rel=next"));
        // A clone (what a handler may move into a task) sets on the same response.
        ctx.clone()
            .append_response_header(link.clone(), HeaderValue::from_static("<b>; rel=last"));
        let reply = (
            [(axum::http::header::CONTENT_TYPE, "application/json")],
            "{}",
        );
        let response = response_headers.apply(reply);
        assert_eq!(
            response.headers()[axum::http::header::CONTENT_TYPE],
            "application/problem+json"
        );
        let links: Vec<_> = response.headers().get_all(&link).iter().collect();
        assert_eq!(links, ["<a>; rel=next", "<b>; rel=last"]);
    }

    #[test]
    fn credentials_are_read_only_when_well_formed() {
        // base64("widget-42:s3:cr3t")
        let basic = context("Basic d2lkZ2V0LTQyOnMzOmNyM3Q=");
        assert_eq!(
            basic.basic_auth(),
            Some(("widget-42".into(), "s3:cr3t".into()))
        );
        assert_eq!(basic.bearer_token(), None);
        assert_eq!(context("Basic !!!").basic_auth(), None);
        assert_eq!(context("bearer  tok ").bearer_token(), Some("tok"));
    }

    #[test]
    fn parameters_read_as_their_types() {
        assert_eq!(coerce::<u32>("n", "5").unwrap(), 5);
        assert_eq!(coerce::<String>("s", "5").unwrap(), "5");
        assert!(coerce::<bool>("flag", "yes")
            .unwrap_err()
            .starts_with("`flag`: "));
        assert_eq!(
            coerce_list::<Vec<i64>>("ids", &split_list("1,2", ',')).unwrap(),
            [1, 2]
        );
        assert!(split_list("", ',').is_empty());
        let pairs = vec![
            ("f[a]".to_string(), "1".to_string()),
            ("g".to_string(), "2".to_string()),
        ];
        assert_eq!(deep_object(&pairs, "f"), serde_json::json!({"a": "1"}));
        assert_eq!(query_values(&pairs, "g"), ["2"]);
    }

    #[test]
    fn a_form_body_reads_each_property_as_its_encoding_says() {
        #[derive(Debug, PartialEq, serde::Deserialize)]
        struct Form {
            name: String,
            count: u32,
            tags: Vec<String>,
            #[serde(default)]
            note: Option<String>,
            #[serde(flatten)]
            rest: std::collections::BTreeMap<String, String>,
        }
        let properties = [
            FormProperty::scalar("name", form_json::<String>),
            FormProperty::scalar("count", form_json::<u32>),
            FormProperty::list("tags", false, '|', form_json::<Vec<String>>),
            FormProperty::scalar("note", form_json::<Option<String>>).allow_empty(),
        ];
        let form: Form =
            read_form(b"name=5&count=7&tags=a%7Cb&note=&extra=x", &properties).unwrap();
        assert_eq!(form.name, "5");
        assert_eq!(form.count, 7);
        assert_eq!(form.tags, ["a", "b"]);
        assert_eq!(form.note, None);
        assert_eq!(form.rest.get("extra").map(String::as_str), Some("x"));
        let error = read_form::<Form>(b"name=a&count=many&tags=", &properties).unwrap_err();
        assert!(error.contains("`count`"), "{error}");
    }
}
