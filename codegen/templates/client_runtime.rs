// Client support code, placed inside the generated `client` module.
use std::time::Duration;

use super::runtime::Secret;

/// Everything that can go wrong with a call. No variant's `Display` or `Debug` ever contains a
/// credential.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A request could not be built from the arguments (bad base URL, a path parameter that would
    /// leave its segment, a header value with a newline, ...). Nothing was sent.
    #[error("invalid input: {0}")]
    InvalidInput(String),
    /// No response arrived within the configured timeout.
    #[error("the request timed out")]
    Timeout(#[source] reqwest::Error),
    /// The request could not be sent or the response could not be read.
    #[error("transport error: {0}")]
    Transport(#[source] reqwest::Error),
    /// The server answered with a documented error status and a body of the documented type.
    #[error("the API answered {status}: {body:?}")]
    Api {
        /// The HTTP status.
        status: u16,
        /// The typed error body.
        body: Box<ErrorBody>,
    },
    /// The server answered with a status the spec does not document for this operation.
    #[error("unexpected status {status}: {}", snippet(.body))]
    UnexpectedStatus {
        /// The HTTP status.
        status: u16,
        /// The body, as text.
        body: String,
    },
    /// The body of a documented response did not match its schema (or was not JSON at all).
    #[error("could not decode the body of the {status} response: {message}; body: {}", snippet(.body))]
    Decode {
        /// The HTTP status.
        status: u16,
        /// The body, as text.
        body: String,
        /// What the decoder said.
        message: String,
    },
    /// The response body was larger than the client's limit.
    #[error("the body of the {status} response exceeds the limit of {limit} bytes")]
    BodyTooLarge {
        /// The HTTP status.
        status: u16,
        /// The limit in force.
        limit: usize,
    },
}

fn snippet(body: &str) -> String {
    const MAX: usize = 200;
    match body.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &body[..cut]),
        None => body.to_string(),
    }
}

impl Error {
    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. }
            | Error::UnexpectedStatus { status, .. }
            | Error::Decode { status, .. }
            | Error::BodyTooLarge { status, .. } => Some(*status),
            Error::InvalidInput(_) | Error::Timeout(_) | Error::Transport(_) => None,
        }
    }

    /// The typed error body of a documented error response.
    pub fn error_body(&self) -> Option<&ErrorBody> {
        match self {
            Error::Api { body, .. } => Some(body),
            _ => None,
        }
    }

    fn from_reqwest(error: reqwest::Error) -> Self {
        // URLs can carry API keys in the query: never keep them in an error.
        let error = error.without_url();
        if error.is_timeout() {
            Error::Timeout(error)
        } else {
            Error::Transport(error)
        }
    }
}

/// Credentials, sent only to the configured base URL's origin.
#[derive(Clone, Default)]
struct Credentials {
    basic: Option<(String, Secret)>,
    bearer: Option<Secret>,
    api_keys: Vec<(ApiKeyPlace, String, Secret)>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum ApiKeyPlace {
    Header,
    Query,
    Cookie,
}

impl Credentials {
    fn is_empty(&self) -> bool {
        self.basic.is_none() && self.bearer.is_none() && self.api_keys.is_empty()
    }
}

/// The default limit on a response body: 16 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;

/// Builds a [`Client`].
#[derive(Default)]
pub struct ClientBuilder {
    base_url: Option<String>,
    credentials: Credentials,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    user_agent: Option<String>,
    http: Option<reqwest::Client>,
    max_response_bytes: Option<usize>,
}

impl std::fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url.as_deref().map(redact_userinfo))
            .field("credentials", &if self.credentials.is_empty() { "none" } else { "[redacted]" })
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .finish_non_exhaustive()
    }
}

impl ClientBuilder {
    /// The API's base URL (scheme, host, optional path prefix). Defaults to the spec's first
    /// server.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// A timeout for each whole request, response body included.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// A timeout for establishing connections (ignored with [`Self::http_client`]).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// The `User-Agent` header.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// Uses this `reqwest::Client` (for proxies, custom TLS, connection pools). Its redirect
    /// policy is then the caller's: the default client never follows a redirect to another
    /// origin, so credentials cannot leak through one.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// The largest response body accepted, in bytes (default [`DEFAULT_MAX_RESPONSE_BYTES`]).
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = Some(limit);
        self
    }

    /// Builds the client; fails on a malformed base URL.
    pub fn build(self) -> Result<Client, Error> {
        let raw = match self.base_url.as_deref().or(DEFAULT_BASE_URL) {
            Some(raw) => raw,
            None => return Err(Error::InvalidInput("no base URL given and the spec names no absolute server".into())),
        };
        // A password pasted into the URL must not end up in an error message or a log line.
        let shown = redact_userinfo(raw);
        let mut base_url = reqwest::Url::parse(raw).map_err(|e| Error::InvalidInput(format!("malformed base URL {shown:?}: {e}")))?;
        if !matches!(base_url.scheme(), "http" | "https") || base_url.cannot_be_a_base() || base_url.host().is_none() {
            return Err(Error::InvalidInput(format!("base URL {shown:?} must be an absolute http(s) URL")));
        }
        if base_url.query().is_some() || base_url.fragment().is_some() {
            return Err(Error::InvalidInput(format!("base URL {shown:?} must not have a query or fragment")));
        }
        if !base_url.username().is_empty() || base_url.password().is_some() {
            return Err(Error::InvalidInput("put credentials in the builder's auth methods, not in the base URL".into()));
        }
        let user_agent = match &self.user_agent {
            Some(agent) => Some(
                reqwest::header::HeaderValue::from_str(agent)
                    .map_err(|_| Error::InvalidInput("the user agent contains characters a header cannot carry".into()))?,
            ),
            None => None,
        };
        let trimmed = base_url.path().trim_end_matches('/').to_string();
        base_url.set_path(&trimmed);
        let http = match self.http {
            Some(http) => http,
            None => {
                let mut builder = reqwest::Client::builder().redirect(same_origin_redirects());
                if let Some(t) = self.connect_timeout {
                    builder = builder.connect_timeout(t);
                }
                builder = builder.user_agent(DEFAULT_USER_AGENT);
                builder.build().map_err(|e| Error::InvalidInput(format!("could not build the HTTP client: {e}")))?
            }
        };
        Ok(Client {
            base_url,
            http,
            credentials: self.credentials,
            timeout: self.timeout,
            user_agent,
            max_response_bytes: self.max_response_bytes.unwrap_or(DEFAULT_MAX_RESPONSE_BYTES),
        })
    }
}

/// The URL with everything between `://` and the last `@` hidden. Works on strings that do not
/// parse, and over-hides rather than under-hides when a password contains `/`, `?` or `#`.
fn redact_userinfo(raw: &str) -> String {
    let Some(authority_start) = raw.find("://").map(|i| i + 3) else {
        return match raw.rfind('@') {
            Some(at) => format!("[redacted]{}", &raw[at..]),
            None => raw.to_string(),
        };
    };
    match raw[authority_start..].rfind('@') {
        Some(at) => format!("{}[redacted]{}", &raw[..authority_start], &raw[authority_start + at..]),
        None => raw.to_string(),
    }
}

/// Follows redirects only within the original origin (scheme, host and port).
fn same_origin_redirects() -> reqwest::redirect::Policy {
    reqwest::redirect::Policy::custom(|attempt| {
        let same_origin = attempt
            .previous()
            .first()
            .is_some_and(|first| first.origin() == attempt.url().origin());
        if attempt.previous().len() > 9 {
            attempt.error("too many redirects")
        } else if same_origin {
            attempt.follow()
        } else {
            attempt.stop()
        }
    })
}

/// The async client. Cheap to clone (clones share one connection pool).
#[derive(Clone)]
pub struct Client {
    base_url: reqwest::Url,
    http: reqwest::Client,
    credentials: Credentials,
    timeout: Option<Duration>,
    // Set per request, so it also applies to an injected `reqwest::Client`.
    user_agent: Option<reqwest::header::HeaderValue>,
    max_response_bytes: usize,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url.as_str())
            .field("credentials", &if self.credentials.is_empty() { "none" } else { "[redacted]" })
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

/// A request body, already encoded.
#[doc(hidden)]
pub enum RequestBody {
    None,
    Json(Vec<u8>, &'static str),
    Form(Vec<(String, String)>),
    Multipart(reqwest::multipart::Form),
    Bytes(bytes::Bytes, &'static str),
}

/// A response read in full (up to the limit).
#[doc(hidden)]
pub struct RawResponse {
    pub status: u16,
    pub bytes: bytes::Bytes,
}

impl RawResponse {
    /// Decodes a JSON body.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, Error> {
        super::runtime::decode_json(&self.bytes).map_err(|message| Error::Decode {
            status: self.status,
            body: String::from_utf8_lossy(&self.bytes).into_owned(),
            message,
        })
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }

    /// The error for a status this operation does not document.
    pub fn unexpected(&self) -> Error {
        Error::UnexpectedStatus { status: self.status, body: self.text() }
    }
}

/// Serializes an argument for a path, query or header.
#[doc(hidden)]
pub fn to_param<T: serde::Serialize + ?Sized>(name: &str, value: &T) -> Result<serde_json::Value, Error> {
    serde_json::to_value(value).map_err(|e| Error::InvalidInput(format!("parameter `{name}`: {e}")))
}

/// Serializes a JSON body.
#[doc(hidden)]
pub fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, Error> {
    serde_json::to_vec(value).map_err(|e| Error::InvalidInput(format!("request body: {e}")))
}

/// A text part of a multipart body.
#[doc(hidden)]
pub fn text_part(text: String, content_type: &str) -> Result<reqwest::multipart::Part, Error> {
    reqwest::multipart::Part::text(text)
        .mime_str(content_type)
        .map_err(|e| Error::InvalidInput(format!("content type {content_type:?}: {e}")))
}

/// A JSON part of a multipart body.
#[doc(hidden)]
pub fn json_part<T: serde::Serialize + ?Sized>(value: &T, content_type: &str) -> Result<reqwest::multipart::Part, Error> {
    reqwest::multipart::Part::bytes(to_json(value)?)
        .mime_str(content_type)
        .map_err(|e| Error::InvalidInput(format!("content type {content_type:?}: {e}")))
}

/// A file part of a multipart body.
#[doc(hidden)]
pub fn file_part(file: &super::runtime::FilePart, spec_types: &str) -> Result<reqwest::multipart::Part, Error> {
    let content_type = super::runtime::file_content_type(file, spec_types);
    let mut part = reqwest::multipart::Part::bytes(file.bytes.to_vec());
    if let Some(name) = &file.file_name {
        part = part.file_name(name.clone());
    }
    part.mime_str(&content_type).map_err(|e| Error::InvalidInput(format!("content type {content_type:?}: {e}")))
}

impl Client {
    /// Starts building a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        self.base_url.as_str()
    }

    /// Sends one request and reads the response. Never retried here: a POST or PATCH (a payment,
    /// a refund) must not be repeated behind the caller's back.
    #[doc(hidden)]
    #[allow(clippy::too_many_arguments)]
    pub async fn execute(
        &self,
        method: reqwest::Method,
        template: &'static str,
        path: &str,
        mut query: Vec<(String, String)>,
        headers: Vec<(&'static str, String)>,
        body: RequestBody,
        authenticated: bool,
        accept: Option<&'static str>,
    ) -> Result<RawResponse, Error> {
        let span = tracing::info_span!(
            "http_request",
            http.method = %method,
            url.template = template,
            http.status = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
        );
        let _entered = span.enter();
        let started = std::time::Instant::now();
        let mut url = self.base_url.clone();
        url.set_path(&format!("{}{}", self.base_url.path().trim_end_matches('/'), path));
        let mut cookies = Vec::new();
        if authenticated {
            for (place, name, value) in &self.credentials.api_keys {
                match place {
                    ApiKeyPlace::Query => query.push((name.clone(), value.expose().to_string())),
                    ApiKeyPlace::Cookie => cookies.push(format!("{name}={}", value.expose())),
                    ApiKeyPlace::Header => {}
                }
            }
        }
        if !query.is_empty() {
            url.query_pairs_mut().extend_pairs(query.iter());
        }
        let mut request = self.http.request(method, url);
        if let Some(accept) = accept {
            request = request.header(reqwest::header::ACCEPT, accept);
        }
        if let Some(user_agent) = &self.user_agent {
            request = request.header(reqwest::header::USER_AGENT, user_agent.clone());
        }
        if let Some(timeout) = self.timeout {
            request = request.timeout(timeout);
        }
        for (name, value) in headers {
            let value = reqwest::header::HeaderValue::from_str(&value)
                .map_err(|_| Error::InvalidInput(format!("header `{name}` has a value that cannot be sent (control characters)")))?;
            request = request.header(name, value);
        }
        if authenticated {
            if let Some((user, password)) = &self.credentials.basic {
                request = request.basic_auth(user, Some(password.expose()));
            }
            if let Some(token) = &self.credentials.bearer {
                request = request.bearer_auth(token.expose());
            }
            for (place, name, value) in &self.credentials.api_keys {
                if *place == ApiKeyPlace::Header {
                    let mut value = reqwest::header::HeaderValue::from_str(value.expose())
                        .map_err(|_| Error::InvalidInput(format!("API key `{name}` cannot be sent as a header")))?;
                    value.set_sensitive(true);
                    request = request.header(name.as_str(), value);
                }
            }
            if !cookies.is_empty() {
                let mut value = reqwest::header::HeaderValue::from_str(&cookies.join("; "))
                    .map_err(|_| Error::InvalidInput("an API key cannot be sent as a cookie".into()))?;
                value.set_sensitive(true);
                request = request.header(reqwest::header::COOKIE, value);
            }
        }
        request = match body {
            RequestBody::None => request,
            RequestBody::Json(bytes, content_type) => request.header(reqwest::header::CONTENT_TYPE, content_type).body(bytes),
            RequestBody::Form(pairs) => request.form(&pairs),
            RequestBody::Multipart(form) => request.multipart(form),
            RequestBody::Bytes(bytes, content_type) => request.header(reqwest::header::CONTENT_TYPE, content_type).body(bytes),
        };
        let result = self.read(request).await;
        span.record("duration_ms", started.elapsed().as_millis() as u64);
        if let Ok(response) = &result {
            span.record("http.status", response.status);
        }
        match &result {
            Ok(response) => tracing::debug!(status = response.status, "response received"),
            Err(error) => tracing::debug!(%error, "request failed"),
        }
        result
    }

    async fn read(&self, request: reqwest::RequestBuilder) -> Result<RawResponse, Error> {
        let mut response = request.send().await.map_err(Error::from_reqwest)?;
        let status = response.status().as_u16();
        let limit = self.max_response_bytes;
        if response.content_length().is_some_and(|len| len > limit as u64) {
            return Err(Error::BodyTooLarge { status, limit });
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(Error::from_reqwest)? {
            if bytes.len() + chunk.len() > limit {
                return Err(Error::BodyTooLarge { status, limit });
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(RawResponse { status, bytes: bytes.into() })
    }
}
