//! The async client core that a generated `client` module wraps: a [`Builder`] for the settings
//! every API shares (base URL, credentials, timeouts, retries, interceptors), the [`Core`] that
//! sends a [`Request`] a generated method describes, and the [`Error`] every call fails with.
//!
//! A generated crate defines `Client` and `ClientBuilder` as wrappers of [`Core`] and
//! [`Builder`] (so that the operations can be its own methods), and
//! `type Error = codegen_runtime::client::Error<ErrorBody>` over the spec's error bodies.

use std::convert::Infallible;
use std::marker::PhantomData;
use std::sync::Arc;
use std::time::Duration;

use tower::retry::backoff::{Backoff as _, MakeBackoff as _};
use tower::retry::budget::Budget as _;

use crate::Secret;

/// The `http` crate, whose [`http::Response`] a generated call's `send_with_response` returns
/// (status, headers and the decoded body), so that a user names it without a dependency of their
/// own.
pub use http;

/// Everything that can go wrong with a call; `B` is the typed body of a documented error
/// response (a generated crate's `ErrorBody`). No variant's `Display` or `Debug` ever contains a
/// credential.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error<B> {
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
    /// Displayed as the status line and the body as compact JSON:
    /// `the API answered 404 Not Found: {"message":"no such transaction"}`.
    #[error("the API answered {}: {body}", status_line(*.status))]
    Api {
        /// The HTTP status.
        status: u16,
        /// The typed error body.
        body: Box<B>,
    },
    /// The server answered with a status the spec does not document for this operation.
    #[error("unexpected status {}: {}", status_line(*.status), snippet(.body))]
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
    /// An [`Interceptor`] failed the request before it was sent (it could not fetch a token, say).
    /// Nothing was sent for that attempt. The message is the interceptor's own.
    #[error("interceptor failed: {0}")]
    Interceptor(#[source] BoxError),
}

/// A boxed error, what an [`Interceptor`] fails with.
pub type BoxError = Box<dyn std::error::Error + Send + Sync>;

/// Writes `value` as compact JSON: what a generated `ErrorBody` displays as.
#[doc(hidden)]
pub fn write_json<T: serde::Serialize>(
    f: &mut std::fmt::Formatter<'_>,
    value: &T,
) -> std::fmt::Result {
    match serde_json::to_string(value) {
        Ok(json) => f.write_str(&json),
        Err(_) => f.write_str("(a body that cannot be shown as JSON)"),
    }
}

/// `404 Not Found`: the code and its reason phrase (the code alone when it has none).
fn status_line(status: u16) -> String {
    match reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
    {
        Some(reason) => format!("{status} {reason}"),
        None => status.to_string(),
    }
}

fn snippet(body: &str) -> String {
    const MAX: usize = 200;
    match body.char_indices().nth(MAX) {
        Some((cut, _)) => format!("{}…", &body[..cut]),
        None => body.to_string(),
    }
}

impl<B> Error<B> {
    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api { status, .. }
            | Error::UnexpectedStatus { status, .. }
            | Error::Decode { status, .. }
            | Error::BodyTooLarge { status, .. } => Some(*status),
            Error::InvalidInput(_)
            | Error::Timeout(_)
            | Error::Transport(_)
            | Error::Interceptor(_) => None,
        }
    }

    /// The typed error body of a documented error response.
    pub fn error_body(&self) -> Option<&B> {
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

impl Error<Infallible> {
    /// The same error as an `Error<B>`: an error without a body (what the sending machinery
    /// fails with) is one of every API's errors.
    pub fn widen<B>(self) -> Error<B> {
        match self {
            Error::InvalidInput(message) => Error::InvalidInput(message),
            Error::Timeout(error) => Error::Timeout(error),
            Error::Transport(error) => Error::Transport(error),
            Error::Api { body, .. } => match *body {},
            Error::UnexpectedStatus { status, body } => Error::UnexpectedStatus { status, body },
            Error::Decode {
                status,
                body,
                message,
            } => Error::Decode {
                status,
                body,
                message,
            },
            Error::BodyTooLarge { status, limit } => Error::BodyTooLarge { status, limit },
            Error::Interceptor(error) => Error::Interceptor(error),
        }
    }
}

/// An argument that cannot be encoded (a number JSON cannot hold, a bad content type): the
/// [`Error::InvalidInput`] of the call, before anything is sent.
#[doc(hidden)]
#[derive(Debug)]
pub struct InputError(pub String);

impl<B> From<InputError> for Error<B> {
    fn from(error: InputError) -> Self {
        Error::InvalidInput(error.0)
    }
}

/// What the sending machinery fails with: every error but a typed error body.
type Failure = Error<Infallible>;

/// Credentials, sent only to the configured base URL's origin.
#[derive(Clone, Default)]
struct Credentials {
    basic: Option<(String, Secret)>,
    bearer: Option<Secret>,
    api_keys: Vec<(ApiKeyPlace, String, Secret)>,
}

/// Where an API key is sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyPlace {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie.
    Cookie,
}

impl Credentials {
    fn is_empty(&self) -> bool {
        self.basic.is_none() && self.bearer.is_none() && self.api_keys.is_empty()
    }
}

/// The default limit on a response body: 16 MiB.
pub const DEFAULT_MAX_RESPONSE_BYTES: usize = 16 * 1024 * 1024;

/// How many times an idempotent request is retried by default (so at most 3 attempts).
pub const DEFAULT_MAX_RETRIES: u32 = 2;

/// The default wait before the first retry; it doubles for each further retry, plus up to as much
/// again of random jitter.
pub const DEFAULT_RETRY_BACKOFF: Duration = Duration::from_millis(200);

/// The default longest wait between two attempts (jitter included).
pub const DEFAULT_MAX_RETRY_BACKOFF: Duration = Duration::from_secs(5);

/// The default longest `Retry-After` the client waits for; a server asking for longer gets its
/// response returned to the caller instead of a retry.
pub const DEFAULT_MAX_RETRY_AFTER: Duration = Duration::from_secs(10);

/// The default retry budget: retries may add this share of extra load (0.2 is 20 %) ...
pub const DEFAULT_RETRY_BUDGET_EXTRA_LOAD: f32 = 0.2;

/// ... on top of this many retries a second, so that a client that sends little can still retry.
pub const DEFAULT_RETRY_BUDGET_MIN_PER_SECOND: u32 = 10;

/// The retry settings of a client.
#[derive(Clone, Debug)]
struct RetrySettings {
    max_retries: u32,
    backoff: Duration,
    max_backoff: Duration,
    max_retry_after: Duration,
    extra_load: f32,
    min_per_second: u32,
}

impl Default for RetrySettings {
    fn default() -> Self {
        Self {
            max_retries: DEFAULT_MAX_RETRIES,
            backoff: DEFAULT_RETRY_BACKOFF,
            max_backoff: DEFAULT_MAX_RETRY_BACKOFF,
            max_retry_after: DEFAULT_MAX_RETRY_AFTER,
            extra_load: DEFAULT_RETRY_BUDGET_EXTRA_LOAD,
            min_per_second: DEFAULT_RETRY_BUDGET_MIN_PER_SECOND,
        }
    }
}

/// Builds a [`Core`]: the settings of a generated `ClientBuilder`, which wraps it.
///
/// # Defaults
///
/// - **Retries** (see [`Self::max_retries`]): a `GET`, `HEAD`, `PUT`, `DELETE` or `OPTIONS` is
///   retried up to [`DEFAULT_MAX_RETRIES`] times when the connection fails before any response
///   (refused, reset, or closed without an answer) or when the server answers `429`, `502`, `503`
///   or `504`. `POST` and `PATCH` are **never** retried: they may have been acted upon (a payment,
///   a refund) and must not be sent twice. Timeouts are not retried either.
/// - **Backoff**: [`DEFAULT_RETRY_BACKOFF`] before the first retry, doubling, plus random jitter of
///   up to as much again, never more than [`DEFAULT_MAX_RETRY_BACKOFF`]
///   ([`Self::retry_backoff`]).
/// - **`Retry-After`** (seconds or an HTTP date) on a retryable answer is waited for when it is
///   longer than the backoff, up to [`DEFAULT_MAX_RETRY_AFTER`]; a server asking for longer gets
///   no retry, and its answer is returned ([`Self::max_retry_after`]).
/// - **Retry budget**: all clones of a client share one budget, so an outage is not amplified:
///   over a sliding 10 s window, retries may add [`DEFAULT_RETRY_BUDGET_EXTRA_LOAD`] (20 %) of the
///   calls made, on top of [`DEFAULT_RETRY_BUDGET_MIN_PER_SECOND`] retries a second
///   ([`Self::retry_budget`]). Past it, the failure is returned at once.
/// - No timeout ([`Self::timeout`] applies to each attempt), response bodies up to
///   [`DEFAULT_MAX_RESPONSE_BYTES`], redirects followed only within the base URL's origin, and
///   no [`Interceptor`].
///
/// The span of each call (`http_request`) records `attempts`, the number of attempts made.
#[derive(Default)]
pub struct Builder {
    base_url: Option<String>,
    credentials: Credentials,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    user_agent: Option<String>,
    http: Option<reqwest::Client>,
    max_response_bytes: Option<usize>,
    retry: RetrySettings,
    interceptors: Vec<Arc<dyn DynInterceptor>>,
}

impl std::fmt::Debug for Builder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url.as_deref().map(redact_userinfo))
            .field(
                "credentials",
                &if self.credentials.is_empty() {
                    "none"
                } else {
                    "[redacted]"
                },
            )
            .field("timeout", &self.timeout)
            .field("user_agent", &self.user_agent)
            .field("max_retries", &self.retry.max_retries)
            .field("interceptors", &self.interceptors.len())
            .finish_non_exhaustive()
    }
}

impl Builder {
    /// The API's base URL (scheme, host, optional path prefix). Defaults to the spec's first
    /// server.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// A timeout for each attempt of a request, response body included (a retried call can take
    /// up to `max_retries + 1` times as long, plus the waits between attempts).
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
    /// origin, so credentials cannot leak through one. The client's own retries (and
    /// interceptors) still apply.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http = Some(client);
        self
    }

    /// The largest response body accepted, in bytes (default [`DEFAULT_MAX_RESPONSE_BYTES`]).
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = Some(limit);
        self
    }

    /// How many times an idempotent request (`GET`, `HEAD`, `PUT`, `DELETE`, `OPTIONS`) is
    /// retried after a connection failure or a `429`, `502`, `503` or `504` (default
    /// [`DEFAULT_MAX_RETRIES`]); `0` turns retries off. `POST` and `PATCH` are never retried,
    /// whatever this says.
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.retry.max_retries = retries;
        self
    }

    /// The wait before the first retry, doubling for each further one (plus random jitter of up
    /// to as much again), and the longest wait (defaults [`DEFAULT_RETRY_BACKOFF`] and
    /// [`DEFAULT_MAX_RETRY_BACKOFF`]). `build` fails if `first` is longer than `max`.
    pub fn retry_backoff(mut self, first: Duration, max: Duration) -> Self {
        self.retry.backoff = first;
        self.retry.max_backoff = max;
        self
    }

    /// The longest `Retry-After` waited for (default [`DEFAULT_MAX_RETRY_AFTER`]). A retryable
    /// answer asking for a longer wait is returned to the caller without a retry.
    pub fn max_retry_after(mut self, cap: Duration) -> Self {
        self.retry.max_retry_after = cap;
        self
    }

    /// The retry budget shared by this client's clones: over a sliding 10 s window, retries may
    /// add `extra_load` times the calls made (0.2 is 20 %, at most 1000), on top of
    /// `min_per_second` retries a second (defaults [`DEFAULT_RETRY_BUDGET_EXTRA_LOAD`] and
    /// [`DEFAULT_RETRY_BUDGET_MIN_PER_SECOND`]). A call that finds the budget spent returns its
    /// failure without retrying.
    pub fn retry_budget(mut self, extra_load: f32, min_per_second: u32) -> Self {
        self.retry.extra_load = extra_load;
        self.retry.min_per_second = min_per_second;
        self
    }

    /// Adds an [`Interceptor`]: it sees every attempt of every request before it is sent (after
    /// the built-in credentials are set) and its response or error after. Interceptors run in the
    /// order they were added.
    pub fn interceptor(mut self, interceptor: impl Interceptor) -> Self {
        self.interceptors.push(Arc::new(interceptor));
        self
    }

    /// HTTP Basic credentials, sent with every operation that requires authentication.
    pub fn basic_auth(mut self, username: impl Into<String>, password: impl Into<String>) -> Self {
        self.credentials.basic = Some((username.into(), Secret::new(password)));
        self
    }

    /// A bearer token, sent as `Authorization: Bearer …` with every operation that requires
    /// authentication.
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.credentials.bearer = Some(Secret::new(token));
        self
    }

    /// An API key sent as `name` in `place` with every operation that requires authentication
    /// (replacing the key set before for the same place and name).
    pub fn api_key(mut self, place: ApiKeyPlace, name: &str, key: impl Into<String>) -> Self {
        self.credentials
            .api_keys
            .retain(|(p, n, _)| !(*p == place && n == name));
        self.credentials
            .api_keys
            .push((place, name.to_string(), Secret::new(key)));
        self
    }

    /// Builds the client core; fails on a malformed base URL or retry settings out of range.
    /// Without [`Self::base_url`], requests go to `default_base_url` (a generated crate's
    /// `DEFAULT_BASE_URL`, the spec's first absolute server); `default_user_agent` is sent unless
    /// [`Self::user_agent`] sets another.
    pub fn build<B>(
        self,
        default_base_url: Option<&str>,
        default_user_agent: &str,
    ) -> Result<Core, Error<B>> {
        self.build_core(default_base_url, default_user_agent)
            .map_err(Error::widen)
    }

    fn build_core(
        self,
        default_base_url: Option<&str>,
        default_user_agent: &str,
    ) -> Result<Core, Failure> {
        let raw = match self.base_url.as_deref().or(default_base_url) {
            Some(raw) => raw,
            None => {
                return Err(Error::InvalidInput(
                    "no base URL given and the spec names no absolute server".into(),
                ))
            }
        };
        // A password pasted into the URL must not end up in an error message or a log line.
        let shown = redact_userinfo(raw);
        let mut base_url = reqwest::Url::parse(raw)
            .map_err(|e| Error::InvalidInput(format!("malformed base URL {shown:?}: {e}")))?;
        if !matches!(base_url.scheme(), "http" | "https")
            || base_url.cannot_be_a_base()
            || base_url.host().is_none()
        {
            return Err(Error::InvalidInput(format!(
                "base URL {shown:?} must be an absolute http(s) URL"
            )));
        }
        if base_url.query().is_some() || base_url.fragment().is_some() {
            return Err(Error::InvalidInput(format!(
                "base URL {shown:?} must not have a query or fragment"
            )));
        }
        if !base_url.username().is_empty() || base_url.password().is_some() {
            return Err(Error::InvalidInput(
                "put credentials in the builder's auth methods, not in the base URL".into(),
            ));
        }
        let user_agent = match &self.user_agent {
            Some(agent) => Some(reqwest::header::HeaderValue::from_str(agent).map_err(|_| {
                Error::InvalidInput(
                    "the user agent contains characters a header cannot carry".into(),
                )
            })?),
            None => None,
        };
        let retry = self.retry;
        if retry.backoff > retry.max_backoff {
            return Err(Error::InvalidInput(
                "the first retry backoff must not be longer than the longest".into(),
            ));
        }
        if !(0.0..=1000.0).contains(&retry.extra_load) || retry.min_per_second >= i32::MAX as u32 {
            return Err(Error::InvalidInput(
                "the retry budget's extra load must lie within 0 and 1000".into(),
            ));
        }
        let budget = Arc::new(tower::retry::budget::TpsBudget::new(
            Duration::from_secs(10),
            retry.min_per_second,
            retry.extra_load,
        ));
        let trimmed = base_url.path().trim_end_matches('/').to_string();
        base_url.set_path(&trimmed);
        let http = match self.http {
            Some(http) => http,
            None => {
                let mut builder = reqwest::Client::builder().redirect(same_origin_redirects());
                if let Some(t) = self.connect_timeout {
                    builder = builder.connect_timeout(t);
                }
                builder = builder.user_agent(default_user_agent);
                builder.build().map_err(|e| {
                    Error::InvalidInput(format!("could not build the HTTP client: {e}"))
                })?
            }
        };
        Ok(Core {
            base_url,
            http,
            credentials: self.credentials,
            timeout: self.timeout,
            user_agent,
            max_response_bytes: self
                .max_response_bytes
                .unwrap_or(DEFAULT_MAX_RESPONSE_BYTES),
            retry,
            budget,
            interceptors: self.interceptors.into(),
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
        Some(at) => format!(
            "{}[redacted]{}",
            &raw[..authority_start],
            &raw[authority_start + at..]
        ),
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

/// The async client that a generated `Client` wraps: it sends the [`Request`]s the generated
/// methods build. Cheap to clone (clones share one connection pool, one retry budget and the
/// interceptors).
#[derive(Clone)]
pub struct Core {
    base_url: reqwest::Url,
    http: reqwest::Client,
    credentials: Credentials,
    timeout: Option<Duration>,
    // Set per request, so it also applies to an injected `reqwest::Client`.
    user_agent: Option<reqwest::header::HeaderValue>,
    max_response_bytes: usize,
    retry: RetrySettings,
    budget: Arc<tower::retry::budget::TpsBudget>,
    interceptors: Arc<[Arc<dyn DynInterceptor>]>,
}

impl std::fmt::Debug for Core {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.base_url.as_str())
            .field(
                "credentials",
                &if self.credentials.is_empty() {
                    "none"
                } else {
                    "[redacted]"
                },
            )
            .field("timeout", &self.timeout)
            .field("max_retries", &self.retry.max_retries)
            .field("interceptors", &self.interceptors.len())
            .finish_non_exhaustive()
    }
}

/// Which call, and which attempt of it, an [`Interceptor`] is seeing.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Attempt {
    /// The operation's path template (`/status/{transactionId}`), never the concrete path.
    pub template: &'static str,
    /// 1 for the first attempt, 2 for the first retry, and so on.
    pub number: u32,
}

/// What an attempt ended with, as an [`Interceptor`] sees it.
#[derive(Debug)]
#[non_exhaustive]
pub enum Outcome<'a> {
    /// A response arrived: its status and headers (the body is read after the interceptors).
    Response(&'a reqwest::Response),
    /// No response: the error the attempt failed with.
    Error(&'a Error<Infallible>),
}

/// A hook that sees every attempt of every request before it is sent, and its response or error
/// after: to add a header, sign a request, or fetch and refresh an OAuth2 token. Both methods are
/// async and do nothing by default. Add one with a generated `ClientBuilder`'s `interceptor`
/// ([`Builder::interceptor`]).
///
/// A retried request runs the hooks again on each attempt, from the request as it was before any
/// hook touched it (so a signature or a token is fresh on every attempt).
///
/// Credentials a hook adds obey the built-in rules: every header value it adds or changes is
/// marked sensitive (so `Debug` of the request shows `Sensitive`), the client never puts request
/// headers or URLs in its errors or traces, and a request that a hook points at another origin
/// than the base URL's is refused ([`Error::InvalidInput`]) before anything is sent. The default
/// HTTP client never follows a redirect to another origin.
///
/// ```
/// use codegen_runtime::client::{Attempt, BoxError, Builder, Interceptor, Outcome};
/// use reqwest::header::{HeaderValue, AUTHORIZATION};
///
/// /// Adds a bearer token to every request.
/// struct Token(String);
///
/// impl Interceptor for Token {
///     async fn before(&self, _: Attempt, request: &mut reqwest::Request) -> Result<(), BoxError> {
///         let mut value = HeaderValue::from_str(&format!("Bearer {}", self.0))?;
///         value.set_sensitive(true);
///         request.headers_mut().insert(AUTHORIZATION, value);
///         Ok(())
///     }
///
///     async fn after(&self, _: Attempt, outcome: Outcome<'_>) {
///         if let Outcome::Response(response) = outcome {
///             if response.status() == 401 {
///                 // Forget a cached token here, so that the next call fetches a new one.
///             }
///         }
///     }
/// }
///
/// # fn main() -> Result<(), codegen_runtime::client::Error<std::convert::Infallible>> {
/// // A generated crate's `Client::builder()` takes it the same way.
/// let client = Builder::default()
///     .base_url("https://api.example.com")
///     .interceptor(Token("token".into()))
///     .build::<std::convert::Infallible>(None, "example/1.0")?;
/// # let _ = client;
/// # Ok(())
/// # }
/// ```
pub trait Interceptor: Send + Sync + 'static {
    /// Called before each attempt is sent, with the request as it will go out (method, URL,
    /// headers, body). An error stops the call: nothing is sent, and it fails with
    /// [`Error::Interceptor`].
    fn before(
        &self,
        attempt: Attempt,
        request: &mut reqwest::Request,
    ) -> impl std::future::Future<Output = Result<(), BoxError>> + Send {
        let _ = (attempt, request);
        std::future::ready(Ok(()))
    }

    /// Called after each attempt with its response (status and headers) or its error, before the
    /// client decides whether to retry.
    fn after(
        &self,
        attempt: Attempt,
        outcome: Outcome<'_>,
    ) -> impl std::future::Future<Output = ()> + Send {
        let _ = (attempt, outcome);
        std::future::ready(())
    }
}

/// A boxed `Send` future: what awaiting a call runs.
pub type BoxFuture<'a, T> = std::pin::Pin<Box<dyn std::future::Future<Output = T> + Send + 'a>>;

/// [`Interceptor`] with boxed futures, so that different interceptors can sit in one list.
trait DynInterceptor: Send + Sync + 'static {
    fn before_dyn<'a>(
        &'a self,
        attempt: Attempt,
        request: &'a mut reqwest::Request,
    ) -> BoxFuture<'a, Result<(), BoxError>>;
    fn after_dyn<'a>(&'a self, attempt: Attempt, outcome: Outcome<'a>) -> BoxFuture<'a, ()>;
}

impl<T: Interceptor> DynInterceptor for T {
    fn before_dyn<'a>(
        &'a self,
        attempt: Attempt,
        request: &'a mut reqwest::Request,
    ) -> BoxFuture<'a, Result<(), BoxError>> {
        Box::pin(self.before(attempt, request))
    }

    fn after_dyn<'a>(&'a self, attempt: Attempt, outcome: Outcome<'a>) -> BoxFuture<'a, ()> {
        Box::pin(self.after(attempt, outcome))
    }
}

/// A request body, already encoded.
enum RequestBody {
    None,
    Json(Vec<u8>, &'static str),
    Form(Vec<(String, String)>),
    #[cfg(feature = "multipart")]
    Multipart(reqwest::multipart::Form),
    Bytes(bytes::Bytes, &'static str),
}

/// How a parameter's value becomes text: the OpenAPI `style` (with `explode` where it matters).
/// In a path or a header, where only the delimiter of an array matters, `Form` is a comma.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    /// `form`, exploded (the default): `a=1&a=2`, an object as `k=v&k2=v2`.
    Form,
    /// `form`, not exploded: `a=1,2`, an object as `a=k,v,k2,v2`.
    FormUnexploded,
    /// `spaceDelimited`: `a=1%202`.
    SpaceDelimited,
    /// `pipeDelimited`: `a=1|2`.
    PipeDelimited,
    /// Tab-separated (Swagger 2.0's `collectionFormat: tsv`, which 3.0 has no style for).
    TabDelimited,
    /// `deepObject`: `a[k]=v`.
    DeepObject,
}

impl Style {
    /// The text between the items of an array sent as one value.
    fn delimiter(self) -> &'static str {
        match self {
            Style::SpaceDelimited => " ",
            Style::PipeDelimited => "|",
            Style::TabDelimited => "\t",
            Style::Form | Style::FormUnexploded | Style::DeepObject => ",",
        }
    }
}

/// Whether a call sends the client's credentials.
#[doc(hidden)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Credentialed {
    /// The spec requires security on the operation: credentials are sent.
    Yes,
    /// The operation is public: nothing secret is sent.
    No,
}

/// One call, as a generated method describes it and [`Core::execute`] sends it: the method,
/// the path (encoded segment by segment), query pairs, headers and the encoded body. The first
/// argument that cannot be encoded is kept, and `execute` fails with it before anything is sent.
/// `B` is the API's error body type, which that error may carry.
#[doc(hidden)]
pub struct Request<B> {
    call: Call,
    error: Option<Error<B>>,
}

/// What is sent: the non-generic part of a [`Request`].
struct Call {
    method: reqwest::Method,
    template: &'static str,
    path: String,
    /// Query pairs in the order added; a `None` value is a key alone (`?refresh`).
    query: Vec<(String, Option<String>)>,
    headers: Vec<(&'static str, String)>,
    body: RequestBody,
    credentials: Credentialed,
    accept: Option<&'static str>,
}

impl<B> Request<B> {
    /// A call of `method` on the path template `template` (`/status/{transactionId}`), with an
    /// empty path so far.
    pub fn new(method: reqwest::Method, template: &'static str, credentials: Credentialed) -> Self {
        Request {
            call: Call {
                method,
                template,
                path: String::new(),
                query: Vec::new(),
                headers: Vec::new(),
                body: RequestBody::None,
                credentials,
                accept: None,
            },
            error: None,
        }
    }

    /// Asks for a JSON answer (`Accept: application/json`).
    pub fn accept_json(mut self) -> Self {
        self.call.accept = Some("application/json");
        self
    }

    /// Appends literal text of the path template.
    pub fn path(mut self, text: &str) -> Self {
        self.call.path.push_str(text);
        self
    }

    /// Appends a path parameter as one percent-encoded segment (it can never leave it).
    pub fn path_param<T: serde::Serialize + ?Sized>(
        mut self,
        name: &'static str,
        value: &T,
        style: Style,
    ) -> Self {
        if let Some(value) = self.param(name, value) {
            match crate::path_segment(name, &joined(&value, style)) {
                Ok(segment) => self.call.path.push_str(&segment),
                Err(message) => self.fail(Error::InvalidInput(message)),
            }
        }
        self
    }

    /// Adds a query parameter; `None` (JSON `null`) adds nothing.
    pub fn query<T: serde::Serialize + ?Sized>(
        mut self,
        name: &'static str,
        value: &T,
        style: Style,
    ) -> Self {
        let Some(value) = self.param(name, value).filter(|v| !v.is_null()) else {
            return self;
        };
        let mut pairs = Vec::new();
        styled_pairs(&mut pairs, name, &value, style);
        self.call
            .query
            .extend(pairs.into_iter().map(|(name, value)| (name, Some(value))));
        self
    }

    /// Adds a query key with no value and no `=` (`?refresh`), as a spec writes it in a path.
    pub fn query_key(mut self, name: &'static str) -> Self {
        self.call.query.push((name.to_owned(), None));
        self
    }

    /// Adds a header parameter; `None` adds nothing.
    pub fn header<T: serde::Serialize + ?Sized>(
        mut self,
        name: &'static str,
        value: &T,
        style: Style,
    ) -> Self {
        if let Some(value) = self.param(name, value).filter(|v| !v.is_null()) {
            let text = crate::simple_value(&joined(&value, style));
            self.call.headers.push((name, text));
        }
        self
    }

    /// Adds a cookie parameter; `None` adds nothing.
    pub fn cookie<T: serde::Serialize + ?Sized>(mut self, name: &'static str, value: &T) -> Self {
        if let Some(value) = self.param(name, value).filter(|v| !v.is_null()) {
            let text = format!("{name}={}", crate::simple_value(&value));
            self.call.headers.push(("cookie", text));
        }
        self
    }

    /// A JSON body, sent as `content_type`.
    pub fn json<T: serde::Serialize + ?Sized>(
        mut self,
        body: &T,
        content_type: &'static str,
    ) -> Self {
        match to_json(body) {
            Ok(bytes) => self.call.body = RequestBody::Json(bytes, content_type),
            Err(error) => self.fail(error.into()),
        }
        self
    }

    /// An `application/x-www-form-urlencoded` body: each property a form field.
    pub fn form<T: serde::Serialize + ?Sized>(
        mut self,
        body: &T,
        styles: &[(&str, Style)],
    ) -> Self {
        let mut pairs = Vec::new();
        match to_param("body", body) {
            Ok(serde_json::Value::Object(map)) => {
                for (key, value) in &map {
                    let style = styles
                        .iter()
                        .find(|(name, _)| name == key)
                        .map_or(Style::Form, |(_, style)| *style);
                    styled_pairs(&mut pairs, key, value, style);
                }
            }
            Ok(_) => {}
            Err(error) => self.fail(error.into()),
        }
        self.call.body = RequestBody::Form(pairs);
        self
    }

    /// A `multipart/form-data` body, or why it could not be encoded.
    #[cfg(feature = "multipart")]
    pub fn multipart(mut self, form: Result<reqwest::multipart::Form, Error<B>>) -> Self {
        match form {
            Ok(form) => self.call.body = RequestBody::Multipart(form),
            Err(error) => self.fail(error),
        }
        self
    }

    /// A body sent as these bytes, as `content_type`.
    pub fn bytes(mut self, body: impl Into<bytes::Bytes>, content_type: &'static str) -> Self {
        self.call.body = RequestBody::Bytes(body.into(), content_type);
        self
    }

    /// A parameter's value as JSON; `None` (after keeping the error) when it cannot be serialized.
    fn param<T: serde::Serialize + ?Sized>(
        &mut self,
        name: &str,
        value: &T,
    ) -> Option<serde_json::Value> {
        match to_param(name, value) {
            Ok(value) => Some(value),
            Err(error) => {
                self.fail(error.into());
                None
            }
        }
    }

    /// Keeps the first error: the one a caller fixes first.
    fn fail(&mut self, error: Error<B>) {
        self.error.get_or_insert(error);
    }
}

/// Appends the pairs of one query parameter or urlencoded form property, as `style` says.
fn styled_pairs(
    pairs: &mut Vec<(String, String)>,
    name: &str,
    value: &serde_json::Value,
    style: Style,
) {
    use crate::QueryStyle;
    let (style, explode) = match style {
        Style::Form => (QueryStyle::Form, true),
        Style::FormUnexploded => (QueryStyle::Form, false),
        Style::SpaceDelimited => (QueryStyle::SpaceDelimited, false),
        Style::PipeDelimited => (QueryStyle::PipeDelimited, false),
        Style::TabDelimited => (QueryStyle::TabDelimited, false),
        Style::DeepObject => (QueryStyle::DeepObject, true),
    };
    crate::query_pairs(pairs, name, value, style, explode);
}

/// `value`'s items as one string value joined by the style's delimiter (a scalar as it is).
#[doc(hidden)]
pub fn joined(value: &serde_json::Value, style: Style) -> serde_json::Value {
    match value {
        serde_json::Value::Array(items) => serde_json::Value::String(
            items
                .iter()
                .map(crate::scalar_text)
                .collect::<Vec<_>>()
                .join(style.delimiter()),
        ),
        other => other.clone(),
    }
}

/// A response read in full (up to the limit); `B` is the API's error body type.
#[doc(hidden)]
pub struct RawResponse<B> {
    /// The HTTP status.
    pub status: u16,
    /// The HTTP version and headers, for [`Exchange::response`].
    head: Head,
    /// The body.
    pub bytes: bytes::Bytes,
    error_body: PhantomData<fn() -> B>,
}

/// What a response says besides its status and body.
#[derive(Debug, Default)]
struct Head {
    version: http::Version,
    headers: http::HeaderMap,
}

/// A response as read off the connection.
struct Received {
    status: u16,
    head: Head,
    bytes: bytes::Bytes,
}

impl<B> RawResponse<B> {
    /// Decodes a JSON body.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, Error<B>> {
        crate::decode_json(&self.bytes).map_err(|message| Error::Decode {
            status: self.status,
            body: String::from_utf8_lossy(&self.bytes).into_owned(),
            message,
        })
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.bytes).into_owned()
    }

    /// The error of a documented error status: the body decoded and wrapped in its `ErrorBody`
    /// variant (or the decode error, when it does not match).
    pub fn api_error<T: serde::de::DeserializeOwned>(&self, variant: fn(T) -> B) -> Error<B> {
        match self.json() {
            Ok(body) => Error::Api {
                status: self.status,
                body: Box::new(variant(body)),
            },
            Err(error) => error,
        }
    }

    /// The error for a status this operation does not document.
    pub fn unexpected(&self) -> Error<B> {
        Error::UnexpectedStatus {
            status: self.status,
            body: self.text(),
        }
    }
}

/// A call ready to send (see [`Core::exchange`]): a generated call's `send` and
/// `send_with_response` are its [`Self::body`] and [`Self::response`].
///
/// The futures are boxed here, in generic code, so that the check that they are `Send` runs
/// once, when this crate is compiled, instead of once per operation in every generated crate,
/// where it was the largest part of a small client's check time.
#[doc(hidden)]
pub struct Exchange<'a, B, T> {
    core: &'a Core,
    request: Request<B>,
    decode: fn(RawResponse<B>) -> Result<T, Error<B>>,
}

impl<'a, B: Send + 'a, T: Send + 'a> Exchange<'a, B, T> {
    /// Sends the call; the result is its decoded body.
    pub fn body(self) -> BoxFuture<'a, Result<T, Error<B>>> {
        let Self {
            core,
            request,
            decode,
        } = self;
        Box::pin(async move { decode(core.execute(request).await?) })
    }

    /// Sends the call; the result is the whole response: its status, version and headers around
    /// the decoded body.
    pub fn response(self) -> BoxFuture<'a, Result<http::Response<T>, Error<B>>> {
        let Self {
            core,
            request,
            decode,
        } = self;
        Box::pin(async move {
            let mut raw = core.execute(request).await?;
            let status = raw.status;
            let Head { version, headers } = std::mem::take(&mut raw.head);
            let mut response = http::Response::new(decode(raw)?);
            // The status came off the wire through reqwest, so it is a valid one: the fallback
            // is never taken.
            *response.status_mut() =
                http::StatusCode::from_u16(status).unwrap_or(http::StatusCode::OK);
            *response.version_mut() = version;
            *response.headers_mut() = headers;
            Ok(response)
        })
    }
}

/// Serializes an argument for a path, query, header or form, every number with the digits it is
/// written with: through its JSON text, each number then kept as the text of its digits.
/// `serde_json::to_value` would read the numbers back as `f64` (a decimal of 28 digits lost 12 of
/// them); numbers are only ever sent as text, so a string of their digits sends the same bytes.
#[doc(hidden)]
pub fn to_param<T: serde::Serialize + ?Sized>(
    name: &str,
    value: &T,
) -> Result<serde_json::Value, InputError> {
    let invalid = |e: serde_json::Error| InputError(format!("parameter `{name}`: {e}"));
    let text = serde_json::to_string(value).map_err(invalid)?;
    exact_value(&text).map_err(invalid)
}

/// A JSON text as a value whose numbers are strings of their exact digits.
fn exact_value(text: &str) -> Result<serde_json::Value, serde_json::Error> {
    use serde_json::value::RawValue;
    let text = text.trim();
    Ok(match text.as_bytes().first() {
        Some(b'{') => {
            let entries: crate::RawEntries = serde_json::from_str(text)?;
            let mut map = serde_json::Map::new();
            for (key, value) in entries.0 {
                map.insert(key, exact_value(value.get())?);
            }
            serde_json::Value::Object(map)
        }
        Some(b'[') => {
            let items: Vec<Box<RawValue>> = serde_json::from_str(text)?;
            serde_json::Value::Array(
                items
                    .iter()
                    .map(|item| exact_value(item.get()))
                    .collect::<Result<_, _>>()?,
            )
        }
        Some(b'-' | b'0'..=b'9') => serde_json::Value::String(text.to_string()),
        _ => serde_json::from_str(text)?,
    })
}

/// Serializes a JSON body.
#[doc(hidden)]
pub fn to_json<T: serde::Serialize + ?Sized>(value: &T) -> Result<Vec<u8>, InputError> {
    serde_json::to_vec(value).map_err(|e| InputError(format!("request body: {e}")))
}

/// A parameter's value sent as its JSON text (a parameter with `content` of a JSON media type):
/// serialized as a string holding the value's JSON, which the query, path or header then encodes
/// as it encodes any string.
#[doc(hidden)]
pub struct JsonText<T>(pub T);

impl<T: serde::Serialize> serde::Serialize for JsonText<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let text = serde_json::to_string(&self.0).map_err(serde::ser::Error::custom)?;
        serializer.serialize_str(&text)
    }
}

/// A text part of a multipart body.
#[cfg(feature = "multipart")]
#[doc(hidden)]
pub fn text_part(text: String, content_type: &str) -> Result<reqwest::multipart::Part, InputError> {
    reqwest::multipart::Part::text(text)
        .mime_str(content_type)
        .map_err(|e| InputError(format!("content type {content_type:?}: {e}")))
}

/// A JSON part of a multipart body.
#[cfg(feature = "multipart")]
#[doc(hidden)]
pub fn json_part<T: serde::Serialize + ?Sized>(
    value: &T,
    content_type: &str,
) -> Result<reqwest::multipart::Part, InputError> {
    reqwest::multipart::Part::bytes(to_json(value)?)
        .mime_str(content_type)
        .map_err(|e| InputError(format!("content type {content_type:?}: {e}")))
}

/// A file part of a multipart body.
#[cfg(feature = "multipart")]
#[doc(hidden)]
pub fn file_part(
    file: &crate::FilePart,
    spec_types: &str,
) -> Result<reqwest::multipart::Part, InputError> {
    let content_type = crate::file_content_type(file, spec_types);
    let mut part = reqwest::multipart::Part::bytes(file.bytes.to_vec());
    if let Some(name) = &file.file_name {
        part = part.file_name(name.clone());
    }
    part.mime_str(&content_type)
        .map_err(|e| InputError(format!("content type {content_type:?}: {e}")))
}

impl Core {
    /// The base URL requests go to.
    pub fn base_url(&self) -> &str {
        self.base_url.as_str()
    }

    /// A call ready to send: `request`, and the `decode` that reads its response into the
    /// operation's result.
    #[doc(hidden)]
    pub fn exchange<B, T>(
        &self,
        request: Request<B>,
        decode: fn(RawResponse<B>) -> Result<T, Error<B>>,
    ) -> Exchange<'_, B, T> {
        Exchange {
            core: self,
            request,
            decode,
        }
    }

    /// Sends one call and reads the response, in its own `http_request` span. An idempotent
    /// method is retried on a transient failure (see [`Builder`]); a POST or PATCH (a payment,
    /// a refund) never is.
    #[doc(hidden)]
    pub async fn execute<B>(&self, request: Request<B>) -> Result<RawResponse<B>, Error<B>> {
        use tracing::Instrument as _;
        let Request { call, error } = request;
        let span = tracing::info_span!(
            "http_request",
            http.method = %call.method,
            url.template = call.template,
            http.status = tracing::field::Empty,
            duration_ms = tracing::field::Empty,
            attempts = tracing::field::Empty,
        );
        if let Some(error) = error {
            // An argument could not be encoded: nothing is sent.
            span.record("duration_ms", 0);
            let message = match &error {
                Error::InvalidInput(message) => message.as_str(),
                _ => "an argument cannot be sent",
            };
            span.in_scope(|| tracing::debug!(error = message, "request failed"));
            return Err(error);
        }
        // The span is entered each time the future is polled, never held across an `.await`:
        // calls in flight together each keep their own span.
        let Received {
            status,
            head,
            bytes,
        } = self
            .execute_in(call, &span)
            .instrument(span.clone())
            .await
            .map_err(Error::widen)?;
        Ok(RawResponse {
            status,
            head,
            bytes,
            error_body: PhantomData,
        })
    }

    async fn execute_in(&self, call: Call, span: &tracing::Span) -> Result<Received, Failure> {
        let started = std::time::Instant::now();
        let result = match self.build(call) {
            Ok((request, template, idempotent)) => {
                self.send_with_retries(request, template, idempotent, span)
                    .await
            }
            Err(error) => Err(error),
        };
        span.record("duration_ms", started.elapsed().as_millis() as u64);
        match &result {
            Ok(Received { status, .. }) => {
                span.record("http.status", status);
                tracing::debug!(status, "response received");
            }
            Err(error) => tracing::debug!(%error, "request failed"),
        }
        result
    }

    /// The `reqwest::Request` of a call, with the credentials it needs; its template, and whether
    /// its method is idempotent.
    fn build(&self, call: Call) -> Result<(reqwest::Request, &'static str, bool), Failure> {
        let Call {
            method,
            template,
            path,
            mut query,
            headers,
            body,
            credentials,
            accept,
        } = call;
        let authenticated = credentials == Credentialed::Yes;
        let idempotent = matches!(
            method,
            reqwest::Method::GET
                | reqwest::Method::HEAD
                | reqwest::Method::PUT
                | reqwest::Method::DELETE
                | reqwest::Method::OPTIONS
        );
        let mut url = self.base_url.clone();
        url.set_path(&format!(
            "{}{}",
            self.base_url.path().trim_end_matches('/'),
            path
        ));
        let mut cookies = Vec::new();
        if authenticated {
            for (place, name, value) in &self.credentials.api_keys {
                match place {
                    ApiKeyPlace::Query => {
                        query.push((name.clone(), Some(value.expose().to_string())))
                    }
                    ApiKeyPlace::Cookie => cookies.push(format!("{name}={}", value.expose())),
                    ApiKeyPlace::Header => {}
                }
            }
        }
        if !query.is_empty() {
            let mut pairs = url.query_pairs_mut();
            for (name, value) in &query {
                match value {
                    Some(value) => pairs.append_pair(name, value),
                    None => pairs.append_key_only(name),
                };
            }
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
            let value = reqwest::header::HeaderValue::from_str(&value).map_err(|_| {
                Error::InvalidInput(format!(
                    "header `{name}` has a value that cannot be sent (control characters)"
                ))
            })?;
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
                        .map_err(|_| {
                            Error::InvalidInput(format!(
                                "API key `{name}` cannot be sent as a header"
                            ))
                        })?;
                    value.set_sensitive(true);
                    request = request.header(name.as_str(), value);
                }
            }
            if !cookies.is_empty() {
                let mut value = reqwest::header::HeaderValue::from_str(&cookies.join("; "))
                    .map_err(|_| {
                        Error::InvalidInput("an API key cannot be sent as a cookie".into())
                    })?;
                value.set_sensitive(true);
                request = request.header(reqwest::header::COOKIE, value);
            }
        }
        request = match body {
            RequestBody::None => request,
            RequestBody::Json(bytes, content_type) => request
                .header(reqwest::header::CONTENT_TYPE, content_type)
                .body(bytes),
            RequestBody::Form(pairs) => request.form(&pairs),
            #[cfg(feature = "multipart")]
            RequestBody::Multipart(form) => request.multipart(form),
            RequestBody::Bytes(bytes, content_type) => request
                .header(reqwest::header::CONTENT_TYPE, content_type)
                .body(bytes),
        };
        let request = request.build().map_err(Error::from_reqwest)?;
        Ok((request, template, idempotent))
    }

    /// The attempt loop: interceptors around each attempt, then the retry decision.
    async fn send_with_retries(
        &self,
        mut request: reqwest::Request,
        template: &'static str,
        idempotent: bool,
        span: &tracing::Span,
    ) -> Result<Received, Failure> {
        // Every call earns its share of the budget; each retry spends from it.
        self.budget.deposit();
        let max_retries = if idempotent {
            self.retry.max_retries
        } else {
            0
        };
        let mut backoff = None;
        let mut number = 1;
        loop {
            span.record("attempts", number);
            let attempt = Attempt { template, number };
            // Kept untouched for a retry: the interceptors see the same request on every attempt.
            let spare = if number <= max_retries {
                request.try_clone()
            } else {
                None
            };
            let result = self.attempt(attempt, request).await;
            let Some(spare) = spare else {
                return self.finish(result).await;
            };
            let retry_after = match &result {
                Ok(response) if matches!(response.status().as_u16(), 429 | 502 | 503 | 504) => {
                    retry_after(response)
                }
                Err(Error::Transport(error)) if connection_failed(error) => None,
                _ => return self.finish(result).await,
            };
            if retry_after.is_some_and(|wait| wait > self.retry.max_retry_after) {
                tracing::debug!(
                    attempt = number,
                    "Retry-After is longer than the client waits: not retrying"
                );
                return self.finish(result).await;
            }
            if !self.budget.withdraw() {
                tracing::debug!(attempt = number, "retry budget spent: not retrying");
                return self.finish(result).await;
            }
            let backoff = match &mut backoff {
                Some(backoff) => backoff,
                None => backoff.insert(self.backoff()?),
            };
            let mut sleep = std::pin::pin!(backoff.next_backoff());
            let now = tokio::time::Instant::now();
            let mut wait = sleep.deadline().saturating_duration_since(now);
            if let Some(asked) = retry_after.filter(|asked| *asked > wait) {
                sleep.as_mut().reset(now + asked);
                wait = asked;
            }
            match &result {
                Ok(response) => tracing::debug!(
                    attempt = number,
                    status = response.status().as_u16(),
                    retry_in_ms = wait.as_millis() as u64,
                    "retrying"
                ),
                Err(error) => {
                    tracing::debug!(attempt = number, %error, retry_in_ms = wait.as_millis() as u64, "retrying")
                }
            }
            // The unread body goes with its connection; nothing of this attempt is kept.
            drop(result);
            sleep.await;
            request = spare;
            number += 1;
        }
    }

    /// A fresh backoff sequence for one call (its own random jitter).
    fn backoff(&self) -> Result<tower::retry::backoff::ExponentialBackoff, Failure> {
        tower::retry::backoff::ExponentialBackoffMaker::new(
            self.retry.backoff,
            self.retry.max_backoff.max(Duration::from_millis(1)),
            1.0,
            tower::util::rng::HasherRng::default(),
        )
        .map(|mut maker| maker.make_backoff())
        .map_err(|e| Error::InvalidInput(e.to_string()))
    }

    /// One attempt: the interceptors' `before`, the send, their `after`.
    async fn attempt(
        &self,
        attempt: Attempt,
        mut request: reqwest::Request,
    ) -> Result<reqwest::Response, Failure> {
        if !self.interceptors.is_empty() {
            for interceptor in self.interceptors.iter() {
                let before = request.headers().clone();
                interceptor
                    .before_dyn(attempt, &mut request)
                    .await
                    .map_err(Error::Interceptor)?;
                // What a hook added is a credential until proven otherwise (and shows so to the
                // hooks after it).
                for (name, value) in request.headers_mut().iter_mut() {
                    if !before.get_all(name).iter().any(|old| old == value) {
                        value.set_sensitive(true);
                    }
                }
            }
            if request.url().origin() != self.base_url.origin() {
                return Err(Error::InvalidInput(
                    "an interceptor pointed the request at another origin than the base URL's; it was not sent".into(),
                ));
            }
        }
        let result = self
            .http
            .execute(request)
            .await
            .map_err(Error::from_reqwest);
        for interceptor in self.interceptors.iter() {
            let outcome = match &result {
                Ok(response) => Outcome::Response(response),
                Err(error) => Outcome::Error(error),
            };
            interceptor.after_dyn(attempt, outcome).await;
        }
        result
    }

    async fn finish(
        &self,
        result: Result<reqwest::Response, Failure>,
    ) -> Result<Received, Failure> {
        self.read(result?).await
    }

    async fn read(&self, mut response: reqwest::Response) -> Result<Received, Failure> {
        let status = response.status().as_u16();
        let limit = self.max_response_bytes;
        if response
            .content_length()
            .is_some_and(|len| len > limit as u64)
        {
            return Err(Error::BodyTooLarge { status, limit });
        }
        let head = Head {
            version: response.version(),
            headers: std::mem::take(response.headers_mut()),
        };
        let mut bytes = Vec::new();
        while let Some(chunk) = response.chunk().await.map_err(Error::from_reqwest)? {
            if bytes.len() + chunk.len() > limit {
                return Err(Error::BodyTooLarge { status, limit });
            }
            bytes.extend_from_slice(&chunk);
        }
        Ok(Received {
            status,
            head,
            bytes: bytes.into(),
        })
    }
}

/// The wait a `Retry-After` header asks for: seconds, or an HTTP date (a date in the past is no
/// wait). `None` without one, or with one that is neither.
fn retry_after(response: &reqwest::Response) -> Option<Duration> {
    let value = response
        .headers()
        .get(reqwest::header::RETRY_AFTER)?
        .to_str()
        .ok()?
        .trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(
        at.duration_since(std::time::SystemTime::now())
            .unwrap_or_default(),
    )
}

/// Whether a request failed for want of a connection before any response: refused, reset, or
/// closed without an answer. A timeout, or a garbled answer, is not such a failure.
fn connection_failed(error: &reqwest::Error) -> bool {
    if error.is_timeout() {
        return false;
    }
    if error.is_connect() {
        return true;
    }
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        if let Some(hyper) = cause.downcast_ref::<hyper::Error>() {
            if hyper.is_incomplete_message() || hyper.is_canceled() {
                return true;
            }
        }
        if let Some(io) = cause.downcast_ref::<std::io::Error>() {
            use std::io::ErrorKind::*;
            if matches!(
                io.kind(),
                ConnectionReset | ConnectionAborted | BrokenPipe | UnexpectedEof
            ) {
                return true;
            }
        }
        source = cause.source();
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An error body as a generated crate's `ErrorBody` would be.
    #[derive(Debug, PartialEq, serde::Deserialize)]
    struct Problem {
        message: String,
    }

    impl std::fmt::Display for Problem {
        fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
            write!(f, "{{\"message\":{:?}}}", self.message)
        }
    }

    fn response(status: u16, body: &str) -> RawResponse<Problem> {
        RawResponse {
            status,
            head: Head::default(),
            bytes: body.to_string().into(),
            error_body: PhantomData,
        }
    }

    #[test]
    fn errors_read_as_sentences() {
        let api = response(404, r#"{"message":"no such transaction"}"#).api_error(|p: Problem| p);
        assert_eq!(
            api.to_string(),
            r#"the API answered 404 Not Found: {"message":"no such transaction"}"#
        );
        assert_eq!(api.status(), Some(404));
        assert_eq!(
            api.error_body().map(|p| p.message.as_str()),
            Some("no such transaction")
        );
        let unexpected = response(599, &"x".repeat(300)).unexpected();
        let text = unexpected.to_string();
        assert!(
            text.starts_with("unexpected status 599: xxx") && text.ends_with('…'),
            "{text}"
        );
        let decode = response(404, "<html>").api_error(|p: Problem| p);
        assert!(
            matches!(decode, Error::Decode { status: 404, .. }),
            "{decode:?}"
        );
    }

    #[test]
    fn a_base_url_is_checked_and_never_shown_with_its_password() {
        let build = |url: &str| {
            Builder::default()
                .base_url(url)
                .build::<Problem>(None, "test/1")
        };
        for (url, why) in [
            ("ftp://example.com", "absolute http(s)"),
            ("https://example.com/?a=1", "query or fragment"),
            ("https://user:pw@example.com", "auth methods"),
        ] {
            let error = build(url).unwrap_err().to_string();
            assert!(
                error.contains(why) && !error.contains("pw"),
                "{url}: {error}"
            );
        }
        let error = build("http://user:hunter2@[bad").unwrap_err().to_string();
        assert!(
            error.contains("[redacted]") && !error.contains("hunter2"),
            "{error}"
        );
        let error = Builder::default()
            .build::<Problem>(None, "test/1")
            .unwrap_err();
        assert!(error.to_string().contains("no base URL"), "{error}");
        let core = Builder::default()
            .build::<Problem>(Some("https://api.example.com/v1/"), "test/1")
            .unwrap();
        assert_eq!(core.base_url(), "https://api.example.com/v1");
        let retries = Builder::default()
            .retry_backoff(Duration::from_secs(2), Duration::from_secs(1))
            .build::<Problem>(Some("https://example.com"), "test/1");
        assert!(retries.is_err());
    }

    #[test]
    fn credentials_stay_out_of_debug() {
        let builder = Builder::default()
            .base_url("https://example.com")
            .basic_auth("user", "hunter2")
            .api_key(ApiKeyPlace::Header, "X-Api-Key", "k-123")
            .api_key(ApiKeyPlace::Header, "X-Api-Key", "k-456");
        assert_eq!(
            builder.credentials.api_keys.len(),
            1,
            "a key replaces the one before it"
        );
        let shown = format!("{builder:?}");
        assert!(
            shown.contains("[redacted]") && !shown.contains("hunter2") && !shown.contains("k-4"),
            "{shown}"
        );
        let core = builder.build::<Problem>(None, "test/1").unwrap();
        let shown = format!("{core:?}");
        assert!(
            shown.contains("[redacted]") && !shown.contains("hunter2"),
            "{shown}"
        );
    }

    #[tokio::test]
    async fn an_argument_that_cannot_be_sent_fails_before_anything_is_sent() {
        // Port 9 (discard) on loopback: a send would fail as a transport error, not as input.
        let core = Builder::default()
            .build::<Problem>(Some("http://127.0.0.1:9"), "test/1")
            .unwrap();
        let request: Request<Problem> =
            Request::new(reqwest::Method::GET, "/items/{id}", Credentialed::No)
                .path("/items/")
                .path_param("id", "..", Style::Form)
                .query("n", &f64::NAN, Style::Form);
        match core.execute(request).await {
            Err(Error::InvalidInput(message)) => assert!(
                message.contains("`id`"),
                "the first error is kept: {message}"
            ),
            other => panic!("{:?}", other.map(|r| r.status)),
        }
    }

    #[test]
    fn parameters_keep_their_digits_and_styles() {
        let big = std::collections::BTreeMap::from([("big", 12345678901234567890123456789u128)]);
        let value = to_param("n", &big).unwrap();
        assert_eq!(value["big"], "12345678901234567890123456789");
        assert_eq!(
            joined(&serde_json::json!(["a", 1]), Style::PipeDelimited),
            "a|1"
        );
        // JSON cannot have a map with keys that are not strings.
        let keyed = std::collections::BTreeMap::from([(vec![1u8], 1)]);
        let error = to_param("n", &keyed).unwrap_err();
        assert!(error.0.starts_with("parameter `n`: "), "{}", error.0);
    }

    #[test]
    fn a_retry_after_is_seconds_or_a_date() {
        let with = |value: &str| {
            let response = http_response(value);
            retry_after(&response)
        };
        assert_eq!(with("7"), Some(Duration::from_secs(7)));
        assert_eq!(with("Thu, 01 Jan 1970 00:00:00 GMT"), Some(Duration::ZERO));
        assert_eq!(with("soon"), None);
    }

    fn http_response(retry_after: &str) -> reqwest::Response {
        let response = hyper::Response::builder()
            .status(503)
            .header("retry-after", retry_after)
            .body(Vec::<u8>::new())
            .unwrap();
        reqwest::Response::from(response)
    }

    #[test]
    fn userinfo_is_redacted_even_in_urls_that_do_not_parse() {
        assert_eq!(
            redact_userinfo("https://u:p@host/x"),
            "https://[redacted]@host/x"
        );
        assert_eq!(redact_userinfo("u:p@host"), "[redacted]@host");
        assert_eq!(redact_userinfo("https://host/a@b"), "https://[redacted]@b");
        assert_eq!(redact_userinfo("https://host/x"), "https://host/x");
    }
}
