//! The fake One-CP as a standalone server, for trying a client or running conformance tools.
//!
//! ```text
//! cargo run --example fake-server -- --addr 127.0.0.1:8080 --client-id ID --client-secret SECRET
//! ```
//!
//! It keeps the newest `--max-transactions` transactions (default 100,000), evicting the oldest.

use std::net::SocketAddr;

use clap::Parser;
use one_cp::fake::{FakeOneCp, DEFAULT_MAX_TRANSACTIONS};

// Each request allocates (the decoded checkout, its JSON, the response): mimalloc's thread-local
// pages serve that without the contention glibc's malloc showed under load.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// Serve the in-memory fake One-CP Corporate Checkout API.
#[derive(Parser)]
struct Args {
    /// Address to listen on (port 0 picks a free port).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: SocketAddr,
    /// The accepted Basic-auth user name (client id / widget id).
    #[arg(long)]
    client_id: String,
    /// The accepted Basic-auth password (client secret / backend secret).
    #[arg(long)]
    client_secret: String,
    /// How many transactions to keep; past it, each new one evicts the oldest (whose id then
    /// gets 404).
    #[arg(long, default_value_t = DEFAULT_MAX_TRANSACTIONS)]
    max_transactions: usize,
}

#[tokio::main]
async fn main() -> std::io::Result<()> {
    let args = Args::parse();
    let fake = FakeOneCp::new(args.client_id, args.client_secret)
        .max_transactions(args.max_transactions)
        .start_on(args.addr)
        .await?;
    println!("fake One-CP listening on {}", fake.base_url());
    tokio::signal::ctrl_c().await?;
    Ok(())
}
