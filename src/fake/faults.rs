//! Misbehaving on request: the fake answers chosen calls with an error status (with or without
//! `Retry-After`), answers them late, or drops their connection, so that a client's error
//! handling and retries can be tested against real HTTP. See [`RunningFake::inject`].

use std::collections::VecDeque;
use std::convert::Infallible;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use axum::body::Body;
use axum::response::Response;
use http::{Method, Request, StatusCode};
use hyper_util::rt::{TokioExecutor, TokioIo};
use tower::ServiceExt as _;

use super::RunningFake;

/// An operation of the One-CP API, to aim a [`Fault`] at or to count calls of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Operation {
    /// `GET /status`
    GetApiStatus,
    /// `GET /status/{transactionId}`
    GetTransactionStatus,
    /// `POST /initialize`
    InitializeTransaction,
    /// `PATCH /cancel/{transactionId}`
    CancelTransaction,
    /// `PATCH /cancel/{transactionId}/invoice`
    CancelTransactionWithInvoice,
    /// `PUT /{transactionId}`
    UpdateTransaction,
}

impl Operation {
    /// Every operation.
    pub const ALL: [Operation; 6] = [
        Operation::GetApiStatus,
        Operation::GetTransactionStatus,
        Operation::InitializeTransaction,
        Operation::CancelTransaction,
        Operation::CancelTransactionWithInvoice,
        Operation::UpdateTransaction,
    ];

    /// The operation a request is for, by method and path (`None` for anything else, which the
    /// router answers 404 or 405).
    pub fn of(method: &Method, path: &str) -> Option<Operation> {
        // Up to three segments, without allocating: this runs on every request.
        let mut segments = path.strip_prefix('/')?.split('/');
        let parts = (
            segments.next(),
            segments.next(),
            segments.next(),
            segments.next(),
        );
        let id = |s: &str| !s.is_empty();
        Some(match (method, parts) {
            (&Method::GET, (Some("status"), None, _, _)) => Operation::GetApiStatus,
            (&Method::GET, (Some("status"), Some(i), None, _)) if id(i) => {
                Operation::GetTransactionStatus
            }
            (&Method::POST, (Some("initialize"), None, _, _)) => Operation::InitializeTransaction,
            (&Method::PATCH, (Some("cancel"), Some(i), None, _)) if id(i) => {
                Operation::CancelTransaction
            }
            (&Method::PATCH, (Some("cancel"), Some(i), Some("invoice"), None)) if id(i) => {
                Operation::CancelTransactionWithInvoice
            }
            (&Method::PUT, (Some(i), None, _, _)) if id(i) => Operation::UpdateTransaction,
            _ => return None,
        })
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// What the fake does with a call instead of (or before) answering it normally.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Fault {
    /// Answers with this status and a JSON `ErrorResponse` body (`code` is `FAKE_FAULT`), without
    /// running the operation; with a `Retry-After` header when one is given.
    Status {
        /// The HTTP status.
        status: u16,
        /// The `Retry-After` value sent, as written (seconds or an HTTP date).
        retry_after: Option<String>,
    },
    /// Waits this long, then answers normally.
    Delay(Duration),
    /// Closes the connection without answering (the client sees a connection error, as from a
    /// crashed server or a load balancer dropping it). The operation does not run.
    DropConnection,
}

impl Fault {
    /// Answers with `status` (and an `ErrorResponse` body); panics unless it is 100 to 999.
    pub fn status(status: u16) -> Fault {
        assert!(
            (100..=999).contains(&status),
            "{status} is not an HTTP status"
        );
        Fault::Status {
            status,
            retry_after: None,
        }
    }

    /// Adds `Retry-After: <whole seconds>` to a [`Fault::Status`] (no effect on the others).
    pub fn retry_after(self, wait: Duration) -> Fault {
        self.with_retry_after(wait.as_secs().to_string())
    }

    /// Adds `Retry-After: <HTTP date>` to a [`Fault::Status`] (no effect on the others).
    pub fn retry_after_date(self, at: SystemTime) -> Fault {
        self.with_retry_after(httpdate::fmt_http_date(at))
    }

    fn with_retry_after(self, value: String) -> Fault {
        match self {
            Fault::Status { status, .. } => Fault::Status {
                status,
                retry_after: Some(value),
            },
            other => other,
        }
    }

    /// Answers normally after `wait`.
    pub fn delay(wait: Duration) -> Fault {
        Fault::Delay(wait)
    }

    /// Closes the connection without an answer.
    pub fn drop_connection() -> Fault {
        Fault::DropConnection
    }
}

/// The faults armed per operation, and the calls counted per operation.
#[derive(Default)]
pub(super) struct Faults {
    /// Whether any fault is armed: the fast path of every request reads only this.
    armed: AtomicBool,
    queues: Mutex<[VecDeque<(usize, Fault)>; 6]>,
    calls: [AtomicU64; 6],
}

impl Faults {
    fn push(&self, operation: Operation, calls: usize, fault: Fault) {
        if calls == 0 {
            return;
        }
        let mut queues = self.queues.lock().unwrap_or_else(|p| p.into_inner());
        queues[operation.index()].push_back((calls, fault));
        self.armed.store(true, Ordering::SeqCst);
    }

    fn clear(&self) {
        let mut queues = self.queues.lock().unwrap_or_else(|p| p.into_inner());
        queues.iter_mut().for_each(VecDeque::clear);
        self.armed.store(false, Ordering::SeqCst);
    }

    /// Counts a call of `operation` and takes the next fault aimed at it, if any.
    fn take(&self, operation: Operation) -> Option<Fault> {
        self.calls[operation.index()].fetch_add(1, Ordering::Relaxed);
        if !self.armed.load(Ordering::SeqCst) {
            return None;
        }
        let mut queues = self.queues.lock().unwrap_or_else(|p| p.into_inner());
        let queue = &mut queues[operation.index()];
        let (left, fault) = queue.front_mut()?;
        let fault = fault.clone();
        *left -= 1;
        if *left == 0 {
            queue.pop_front();
        }
        if queues.iter().all(VecDeque::is_empty) {
            self.armed.store(false, Ordering::SeqCst);
        }
        Some(fault)
    }
}

impl RunningFake {
    /// Answers the next `calls` calls of `operation` with `fault`, then behaves again (or goes on
    /// to the next fault injected for that operation: faults queue up in the order given).
    ///
    /// ```no_run
    /// # async fn demo() -> std::io::Result<()> {
    /// use std::time::Duration;
    /// use one_cp::fake::{Fault, FakeOneCp, Operation};
    ///
    /// let fake = FakeOneCp::new("id", "secret").start().await?;
    /// // The next two status calls get 503 with `Retry-After: 1`, the third is answered.
    /// fake.inject(
    ///     Operation::GetTransactionStatus,
    ///     2,
    ///     Fault::status(503).retry_after(Duration::from_secs(1)),
    /// );
    /// // A 429 without `Retry-After` for the next checkout.
    /// fake.inject(Operation::InitializeTransaction, 1, Fault::status(429));
    /// // The API status answers three seconds late, once.
    /// fake.inject(Operation::GetApiStatus, 1, Fault::delay(Duration::from_secs(3)));
    /// // The next cancellation's connection is closed without an answer.
    /// fake.inject(Operation::CancelTransaction, 1, Fault::drop_connection());
    /// # Ok(())
    /// # }
    /// ```
    pub fn inject(&self, operation: Operation, calls: usize, fault: Fault) {
        self.faults.push(operation, calls, fault);
    }

    /// Forgets every fault not yet used.
    pub fn clear_faults(&self) {
        self.faults.clear();
    }

    /// How many calls of `operation` the fake has received (faulted ones included).
    pub fn calls(&self, operation: Operation) -> u64 {
        self.faults.calls[operation.index()].load(Ordering::Relaxed)
    }
}

/// The error that makes hyper close a connection without writing a response.
#[derive(Debug)]
struct Dropped;

impl std::fmt::Display for Dropped {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("connection dropped by an injected fault")
    }
}

impl std::error::Error for Dropped {}

fn fault_response(status: u16, retry_after: Option<&str>) -> Response {
    let body = serde_json::json!({
        "message": format!("fault injected by the fake One-CP: {status}"),
        "code": "FAKE_FAULT",
    });
    let mut response = Response::new(Body::from(body.to_string()));
    *response.status_mut() =
        StatusCode::from_u16(status).unwrap_or(StatusCode::SERVICE_UNAVAILABLE);
    let headers = response.headers_mut();
    headers.insert(
        http::header::CONTENT_TYPE,
        http::HeaderValue::from_static("application/json"),
    );
    if let Some(value) = retry_after.and_then(|v| http::HeaderValue::from_str(v).ok()) {
        headers.insert(http::header::RETRY_AFTER, value);
    }
    response
}

async fn handle(
    app: axum::Router,
    faults: Arc<Faults>,
    request: Request<hyper::body::Incoming>,
) -> Result<Response, Dropped> {
    let fault = Operation::of(request.method(), request.uri().path())
        .and_then(|operation| faults.take(operation));
    match fault {
        Some(Fault::Status {
            status,
            retry_after,
        }) => return Ok(fault_response(status, retry_after.as_deref())),
        Some(Fault::DropConnection) => return Err(Dropped),
        Some(Fault::Delay(wait)) => tokio::time::sleep(wait).await,
        None => {}
    }
    let response: Result<Response, Infallible> = app.oneshot(request.map(Body::new)).await;
    Ok(response.unwrap_or_else(|never| match never {}))
}

/// Serves `app` on `listener` until `stop` fires (or its sender is dropped), like `axum::serve`
/// with a graceful shutdown, with the faults applied before the router sees a request.
pub(super) async fn serve(
    listener: tokio::net::TcpListener,
    app: axum::Router,
    faults: Arc<Faults>,
    stop: tokio::sync::oneshot::Receiver<()>,
) {
    let (closing, closed) = tokio::sync::watch::channel(());
    let mut stop = std::pin::pin!(stop);
    loop {
        let stream = tokio::select! {
            accepted = listener.accept() => match accepted {
                Ok((stream, _)) => stream,
                Err(error) => {
                    accept_error(error).await;
                    continue;
                }
            },
            _ = &mut stop => break,
        };
        let (app, faults) = (app.clone(), faults.clone());
        let service =
            hyper::service::service_fn(move |request| handle(app.clone(), faults.clone(), request));
        let mut closed = closed.clone();
        tokio::spawn(async move {
            let builder = hyper_util::server::conn::auto::Builder::new(TokioExecutor::new());
            let mut connection = std::pin::pin!(
                builder.serve_connection_with_upgrades(TokioIo::new(stream), service)
            );
            tokio::select! {
                _ = connection.as_mut() => return,
                _ = closed.changed() => {}
            }
            connection.as_mut().graceful_shutdown();
            let _ = connection.await;
        });
    }
    // Every connection task sees the channel close and shuts down gracefully.
    drop(closing);
}

/// As axum's: a connection that failed before it was accepted is skipped; anything else (out of
/// file descriptors) waits a second before accepting again.
async fn accept_error(error: std::io::Error) {
    use std::io::ErrorKind::*;
    if !matches!(
        error.kind(),
        ConnectionRefused | ConnectionAborted | ConnectionReset
    ) {
        tokio::time::sleep(Duration::from_secs(1)).await;
    }
}
