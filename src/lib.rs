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

include!(concat!(env!("OUT_DIR"), "/one_cp.rs"));

#[cfg(feature = "fake")]
pub mod fake;
pub mod wait;

pub use wait::{PaymentOutcome, PaymentWait};
