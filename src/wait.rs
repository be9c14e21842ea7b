//! Waiting for a payment: [`Client::wait_for_payment`] polls a transaction's status until it is
//! `PAID`, leaves `PENDING` for anything else, or a deadline passes.
//!
//! ```no_run
//! # async fn demo(client: one_cp::Client, id: &str) -> Result<(), one_cp::Error> {
//! use std::time::Duration;
//! use one_cp::{PaymentOutcome, PaymentWait};
//!
//! match client.wait_for_payment(id, PaymentWait::new(Duration::from_secs(600))).await? {
//!     PaymentOutcome::Paid(status) => println!("paid: {:?}", status.checkout),
//!     PaymentOutcome::NotPaid(status) => println!("not paid: {}", status.status),
//!     PaymentOutcome::TimedOut { last } => println!("still pending: {last:?}"),
//!     _ => {}
//! }
//! # Ok(())
//! # }
//! ```

use std::time::Duration;

use tower::retry::backoff::{Backoff as _, ExponentialBackoffMaker, MakeBackoff as _};
use tower::util::rng::HasherRng;

use crate::client::{Client, Error};
use crate::types::{TransactionStatus, TransactionStatusResponse};

/// The default wait before the second poll; it doubles up to [`DEFAULT_MAX_POLL_INTERVAL`].
pub const DEFAULT_FIRST_POLL_INTERVAL: Duration = Duration::from_secs(1);

/// The default longest wait between two polls.
pub const DEFAULT_MAX_POLL_INTERVAL: Duration = Duration::from_secs(10);

/// How long to wait for a payment, and how often to ask.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentWait {
    timeout: Duration,
    first_interval: Duration,
    max_interval: Duration,
}

impl PaymentWait {
    /// Waits up to `timeout`, polling after [`DEFAULT_FIRST_POLL_INTERVAL`], then twice as long
    /// each time (plus up to a quarter of random jitter) up to [`DEFAULT_MAX_POLL_INTERVAL`].
    pub fn new(timeout: Duration) -> Self {
        Self {
            timeout,
            first_interval: DEFAULT_FIRST_POLL_INTERVAL,
            max_interval: DEFAULT_MAX_POLL_INTERVAL,
        }
    }

    /// The wait before the second poll and the longest wait between polls (`max` is raised to
    /// `first` if it is shorter, and to 1 ms if it is 0).
    pub fn poll_interval(mut self, first: Duration, max: Duration) -> Self {
        self.first_interval = first;
        self.max_interval = max.max(first).max(Duration::from_millis(1));
        self
    }

    /// The deadline, from the start of the wait.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }
}

/// How a wait for a payment ended.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum PaymentOutcome {
    /// The transaction is `PAID`; the response carries its checkout details when One-CP sends
    /// them.
    Paid(TransactionStatusResponse),
    /// The transaction left `PENDING` without being paid (a status the spec does not list, such
    /// as an expiry or a cancellation, kept as `TransactionStatus::Other`).
    NotPaid(TransactionStatusResponse),
    /// The deadline passed while the transaction was still `PENDING` (or before any poll
    /// answered). `last` is the last status seen, if any.
    TimedOut {
        /// The last status response received.
        last: Option<TransactionStatusResponse>,
    },
}

/// Failures worth polling through: the client already retried them, but a payment page can stay
/// open for minutes, longer than a brief outage.
fn transient(error: &Error) -> bool {
    matches!(error, Error::Transport(_) | Error::Timeout(_))
        || matches!(error.status(), Some(429 | 502 | 503 | 504))
}

impl Client {
    /// Polls `GET /status/{transactionId}` until the transaction is `PAID` or leaves `PENDING`, or
    /// until `wait`'s deadline, with a growing pause between polls (see [`PaymentWait::new`]).
    ///
    /// A transient failure (a connection error, a timeout, `429`, `502`, `503` or `504`, after the
    /// client's own retries) does not end the wait: the next poll comes as planned. Any other
    /// error (`401`, `404`, a body that does not decode) is returned at once.
    ///
    /// Cancellation-safe: the future spawns nothing, so dropping it (a `select!`, a timeout, a
    /// closed request) stops the polling, the request in flight included.
    pub async fn wait_for_payment(
        &self,
        transaction_id: &str,
        wait: PaymentWait,
    ) -> Result<PaymentOutcome, Error> {
        let deadline = tokio::time::Instant::now() + wait.timeout;
        let mut backoff = ExponentialBackoffMaker::new(
            wait.first_interval,
            wait.max_interval.max(Duration::from_millis(1)),
            0.25,
            HasherRng::default(),
        )
        .map_err(|e| Error::InvalidInput(format!("payment wait: {e}")))?
        .make_backoff();
        let mut last = None;
        loop {
            let poll = self.get_transaction_status(transaction_id);
            match tokio::time::timeout_at(deadline, poll).await {
                Err(_) => return Ok(PaymentOutcome::TimedOut { last }),
                Ok(Ok(status)) => match status.status {
                    TransactionStatus::Paid => return Ok(PaymentOutcome::Paid(status)),
                    TransactionStatus::Pending => last = Some(status),
                    _ => return Ok(PaymentOutcome::NotPaid(status)),
                },
                Ok(Err(error)) if transient(&error) => {
                    tracing::debug!(%error, "payment wait: transient failure, polling on");
                }
                Ok(Err(error)) => return Err(error),
            }
            let mut pause = std::pin::pin!(backoff.next_backoff());
            if pause.deadline() >= deadline {
                pause.as_mut().reset(deadline);
            }
            pause.await;
            if tokio::time::Instant::now() >= deadline {
                return Ok(PaymentOutcome::TimedOut { last });
            }
        }
    }
}
