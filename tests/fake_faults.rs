//! The fake One-CP over real HTTP on loopback: its fault injection (a chosen status with or
//! without `Retry-After`, a late answer, a dropped connection), its bounded store, and the payment
//! waiter's three outcomes against it.

use std::time::{Duration, SystemTime};

use one_cp::fake::{FakeOneCp, Fault, Operation, RunningFake};
use one_cp::types::{self, TransactionStatus};
use one_cp::{Client, Error, PaymentOutcome, PaymentWait};

const ID: &str = "client-id";
const SECRET: &str = "client-secret";

async fn fake() -> RunningFake {
    FakeOneCp::new(ID, SECRET).start().await.unwrap()
}

fn client(fake: &RunningFake) -> one_cp::ClientBuilder {
    Client::builder()
        .base_url(fake.base_url())
        .basic_auth(ID, SECRET)
        .timeout(Duration::from_secs(10))
        .retry_backoff(Duration::from_millis(1), Duration::from_millis(5))
}

/// A plain HTTP GET of `/status`, without the generated client's retries.
async fn raw_status(fake: &RunningFake) -> reqwest::Result<reqwest::Response> {
    reqwest::Client::new()
        .get(format!("{}/status", fake.base_url()))
        .basic_auth(ID, Some(SECRET))
        .send()
        .await
}

fn checkout() -> types::CorporateCheckout {
    serde_json::from_value(serde_json::json!({
        "title": "Off site", "currency": "EUR",
        "items": [{"name": "Flight", "category": "FLIGHT", "price": 450.0}]
    }))
    .unwrap()
}

// ---------------------------------------------------------------------------------------------
// Fault injection
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn a_status_fault_answers_the_next_n_calls_then_the_fake_behaves() {
    let fake = fake().await;
    fake.inject(
        Operation::GetApiStatus,
        2,
        Fault::status(503).retry_after(Duration::from_secs(7)),
    );
    fake.inject(Operation::GetApiStatus, 1, Fault::status(429));
    for expected in ["7", "7"] {
        let response = raw_status(&fake).await.unwrap();
        assert_eq!(response.status(), 503);
        assert_eq!(response.headers()["retry-after"], expected);
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["code"], "FAKE_FAULT");
    }
    let response = raw_status(&fake).await.unwrap();
    assert_eq!(response.status(), 429);
    assert!(response.headers().get("retry-after").is_none());
    assert_eq!(raw_status(&fake).await.unwrap().status(), 200);
    assert_eq!(fake.calls(Operation::GetApiStatus), 4);
    // Other operations were never affected.
    assert_eq!(fake.calls(Operation::GetTransactionStatus), 0);
}

#[tokio::test]
async fn a_retry_after_date_is_sent_as_an_http_date() {
    let fake = fake().await;
    let at = SystemTime::UNIX_EPOCH + Duration::from_secs(1_900_000_000);
    fake.inject(
        Operation::GetApiStatus,
        1,
        Fault::status(503).retry_after_date(at),
    );
    let response = raw_status(&fake).await.unwrap();
    assert_eq!(
        response.headers()["retry-after"],
        "Sun, 17 Mar 2030 17:46:40 GMT"
    );
}

#[tokio::test]
async fn a_documented_fault_status_decodes_as_its_typed_error() {
    let fake = fake().await;
    let client = client(&fake).build().unwrap();
    fake.inject(Operation::GetTransactionStatus, 1, Fault::status(404));
    let err = client.get_transaction_status("t1").await.unwrap_err();
    assert_eq!(err.status(), Some(404));
    assert!(err.error_body().is_some(), "{err:?}");
}

#[tokio::test]
async fn a_delayed_answer_trips_a_client_timeout_once() {
    let fake = fake().await;
    fake.inject(
        Operation::GetApiStatus,
        1,
        Fault::delay(Duration::from_secs(2)),
    );
    let impatient = client(&fake)
        .timeout(Duration::from_millis(200))
        .build()
        .unwrap();
    let err = impatient.get_api_status().await.unwrap_err();
    assert!(matches!(err, Error::Timeout(_)), "{err:?}");
    // Used up: the next call is answered at once.
    assert_eq!(impatient.get_api_status().await.unwrap().status, "ready");
}

#[tokio::test]
async fn a_dropped_connection_gets_no_answer_and_a_get_is_retried() {
    let fake = fake().await;
    fake.inject(Operation::GetApiStatus, 1, Fault::drop_connection());
    let err = raw_status(&fake).await.unwrap_err();
    assert!(err.status().is_none() && err.is_request(), "{err:?}");
    assert_eq!(raw_status(&fake).await.unwrap().status(), 200);

    // The generated client retries the GET on a new connection.
    fake.inject(Operation::GetApiStatus, 2, Fault::drop_connection());
    let before = fake.calls(Operation::GetApiStatus);
    client(&fake)
        .build()
        .unwrap()
        .get_api_status()
        .await
        .unwrap();
    assert_eq!(fake.calls(Operation::GetApiStatus) - before, 3);
}

#[tokio::test]
async fn post_and_patch_answered_503_by_the_fake_are_sent_once() {
    let fake = fake().await;
    let client = client(&fake).max_retries(5).build().unwrap();
    fake.inject(
        Operation::InitializeTransaction,
        10,
        Fault::status(503).retry_after(Duration::ZERO),
    );
    fake.inject(Operation::CancelTransaction, 10, Fault::drop_connection());
    let err = client
        .initialize_transaction(&checkout())
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(503));
    let cancel: types::CancelRequest =
        serde_json::from_value(serde_json::json!({"itemsOrder": [1]})).unwrap();
    let err = client.cancel_transaction("t1", &cancel).await.unwrap_err();
    assert!(matches!(err, Error::Transport(_)), "{err:?}");
    assert_eq!(fake.calls(Operation::InitializeTransaction), 1);
    assert_eq!(fake.calls(Operation::CancelTransaction), 1);
    assert_eq!(fake.stored_transactions(), 0, "a faulted call never runs");
    fake.clear_faults();
    client.initialize_transaction(&checkout()).await.unwrap();
}

#[test]
fn operations_are_recognised_by_method_and_path() {
    use http::Method;
    let cases = [
        (Method::GET, "/status", Some(Operation::GetApiStatus)),
        (
            Method::GET,
            "/status/abc",
            Some(Operation::GetTransactionStatus),
        ),
        (
            Method::POST,
            "/initialize",
            Some(Operation::InitializeTransaction),
        ),
        (
            Method::PATCH,
            "/cancel/abc",
            Some(Operation::CancelTransaction),
        ),
        (
            Method::PATCH,
            "/cancel/abc/invoice",
            Some(Operation::CancelTransactionWithInvoice),
        ),
        (Method::PUT, "/abc", Some(Operation::UpdateTransaction)),
        (Method::POST, "/status", None),
        (Method::GET, "/status/", None),
        (Method::GET, "/nope/x/y", None),
    ];
    for (method, path, expected) in cases {
        assert_eq!(Operation::of(&method, path), expected, "{method} {path}");
    }
}

// ---------------------------------------------------------------------------------------------
// The bounded store
// ---------------------------------------------------------------------------------------------

#[tokio::test]
async fn past_the_cap_the_oldest_transactions_are_evicted() {
    let fake = FakeOneCp::new(ID, SECRET)
        .max_transactions(3)
        .start()
        .await
        .unwrap();
    let client = client(&fake).build().unwrap();
    let mut ids = Vec::new();
    for _ in 0..5 {
        ids.push(
            client
                .initialize_transaction(&checkout())
                .await
                .unwrap()
                .transaction_id,
        );
    }
    assert_eq!(fake.stored_transactions(), 3);
    for evicted in &ids[..2] {
        let err = client.get_transaction_status(evicted).await.unwrap_err();
        assert_eq!(err.status(), Some(404), "{evicted}");
        assert!(fake.transaction(evicted).is_none());
    }
    for kept in &ids[2..] {
        let status = client.get_transaction_status(kept).await.unwrap();
        assert_eq!(status.status, TransactionStatus::Pending);
        assert_eq!(fake.transaction(kept).unwrap().checkout, checkout());
    }
}

// ---------------------------------------------------------------------------------------------
// Waiting for a payment
// ---------------------------------------------------------------------------------------------

fn quick(timeout: Duration) -> PaymentWait {
    PaymentWait::new(timeout).poll_interval(Duration::from_millis(20), Duration::from_millis(50))
}

#[tokio::test]
async fn the_waiter_returns_paid_with_the_checkout_details() {
    let fake = fake().await;
    let client = client(&fake).build().unwrap();
    let id = client
        .initialize_transaction(&checkout())
        .await
        .unwrap()
        .transaction_id;
    let pay = async {
        while fake.calls(Operation::GetTransactionStatus) < 3 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        fake.mark_paid(&id);
    };
    let (outcome, ()) = tokio::join!(
        client.wait_for_payment(&id, quick(Duration::from_secs(30))),
        pay
    );
    match outcome.unwrap() {
        PaymentOutcome::Paid(status) => {
            assert_eq!(status.status, TransactionStatus::Paid);
            assert!(status.checkout.is_some());
        }
        other => panic!("expected Paid, got {other:?}"),
    }
    assert!(fake.calls(Operation::GetTransactionStatus) >= 4);
}

#[tokio::test]
async fn the_waiter_returns_not_paid_when_the_transaction_leaves_pending() {
    let fake = fake().await;
    let client = client(&fake).build().unwrap();
    let id = client
        .initialize_transaction(&checkout())
        .await
        .unwrap()
        .transaction_id;
    let expire = async {
        while fake.calls(Operation::GetTransactionStatus) < 2 {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        assert!(fake.set_status(&id, TransactionStatus::Other("EXPIRED".into())));
    };
    let (outcome, ()) = tokio::join!(
        client.wait_for_payment(&id, quick(Duration::from_secs(30))),
        expire
    );
    match outcome.unwrap() {
        PaymentOutcome::NotPaid(status) => {
            assert_eq!(status.status, TransactionStatus::Other("EXPIRED".into()))
        }
        other => panic!("expected NotPaid, got {other:?}"),
    }
}

#[tokio::test]
async fn the_waiter_times_out_while_pending_with_the_last_status() {
    let fake = fake().await;
    let client = client(&fake).build().unwrap();
    let id = client
        .initialize_transaction(&checkout())
        .await
        .unwrap()
        .transaction_id;
    let outcome = client
        .wait_for_payment(&id, quick(Duration::from_millis(300)))
        .await
        .unwrap();
    match outcome {
        PaymentOutcome::TimedOut { last: Some(status) } => {
            assert_eq!(status.status, TransactionStatus::Pending)
        }
        other => panic!("expected TimedOut with a status, got {other:?}"),
    }
    assert!(
        fake.calls(Operation::GetTransactionStatus) >= 2,
        "it polled"
    );
}

#[tokio::test]
async fn the_waiter_polls_through_transient_failures_and_stops_at_permanent_ones() {
    let fake = fake().await;
    let client = client(&fake).build().unwrap();
    let id = client
        .initialize_transaction(&checkout())
        .await
        .unwrap()
        .transaction_id;
    // More 503s than the client retries: the waiter polls on.
    fake.inject(Operation::GetTransactionStatus, 7, Fault::status(503));
    fake.mark_paid(&id);
    let outcome = client
        .wait_for_payment(&id, quick(Duration::from_secs(30)))
        .await
        .unwrap();
    assert!(matches!(outcome, PaymentOutcome::Paid(_)), "{outcome:?}");
    assert_eq!(fake.calls(Operation::GetTransactionStatus), 8);

    let err = client
        .wait_for_payment("6679ffffffffffffffffffff", quick(Duration::from_secs(30)))
        .await
        .unwrap_err();
    assert_eq!(err.status(), Some(404));
}

#[tokio::test]
async fn dropping_the_wait_stops_the_polling() {
    let fake = fake().await;
    let client = client(&fake).build().unwrap();
    let id = client
        .initialize_transaction(&checkout())
        .await
        .unwrap()
        .transaction_id;
    let waiting = client.wait_for_payment(&id, quick(Duration::from_secs(60)));
    tokio::select! {
        _ = waiting => panic!("a pending transaction is not waited out in 200 ms"),
        _ = tokio::time::sleep(Duration::from_millis(200)) => {}
    }
    let polls = fake.calls(Operation::GetTransactionStatus);
    assert!(polls >= 2, "it polled before being dropped: {polls}");
    // Ten poll intervals later, nothing has polled on.
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(fake.calls(Operation::GetTransactionStatus), polls);
}
