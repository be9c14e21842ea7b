//! A Rust client for the One-CP Corporate Checkout API, generated at build time from
//! `spec/one-cp.yaml`, plus (feature `fake`) an in-memory One-CP server for tests and demos.
//!
//! ```no_run
//! # async fn demo() -> Result<(), one_cp::Error> {
//! let client = one_cp::Client::builder()
//!     .base_url("https://api.1-cp.io")
//!     .basic_auth("client-id", "client-secret")
//!     .build()?;
//! let status = client.get_api_status().await?;
//! println!("provider {}", status.provider);
//! # Ok(())
//! # }
//! ```
//!
//! Idempotent calls are retried on transient failures (see [`ClientBuilder`] for the defaults);
//! an [`client::Interceptor`] sees every attempt, for tokens or signatures (the README's example,
//! compiled here):
//!
//! ```rust,no_run
//! use std::sync::Mutex;
//!
//! use one_cp::client::{Attempt, BoxError, Interceptor, Outcome};
//! use reqwest::header::{HeaderValue, AUTHORIZATION};
//!
//! /// Adds an OAuth2 bearer token, fetched when there is none and forgotten on a 401.
//! struct Tokens(Mutex<Option<String>>);
//!
//! async fn fetch_token() -> Result<String, BoxError> {
//!     Ok("fresh-token".into()) // your token endpoint
//! }
//!
//! impl Interceptor for Tokens {
//!     async fn before(&self, _: Attempt, request: &mut reqwest::Request) -> Result<(), BoxError> {
//!         let cached = self.0.lock().unwrap().clone();
//!         let token = match cached {
//!             Some(token) => token,
//!             None => {
//!                 let token = fetch_token().await?;
//!                 *self.0.lock().unwrap() = Some(token.clone());
//!                 token
//!             }
//!         };
//!         let value = HeaderValue::from_str(&format!("Bearer {token}"))?;
//!         request.headers_mut().insert(AUTHORIZATION, value);
//!         Ok(())
//!     }
//!
//!     async fn after(&self, _: Attempt, outcome: Outcome<'_>) {
//!         if let Outcome::Response(response) = outcome {
//!             if response.status() == 401 {
//!                 *self.0.lock().unwrap() = None; // fetched again on the next call
//!             }
//!         }
//!     }
//! }
//!
//! # fn demo() -> Result<(), one_cp::Error> {
//! let client = one_cp::Client::builder()
//!     .base_url("https://api.1-cp.io")
//!     .interceptor(Tokens(Mutex::new(None)))
//!     .build()?;
//! # Ok(()) }
//! ```
//!
//! [`Client::wait_for_payment`] waits for a transaction to be paid (see [`wait`]).

include!(concat!(env!("OUT_DIR"), "/one_cp.rs"));

#[cfg(feature = "fake")]
pub mod fake;
pub mod wait;

pub use wait::{PaymentOutcome, PaymentWait};
