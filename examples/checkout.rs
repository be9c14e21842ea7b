//! The full One-CP checkout flow, printed as a transcript.
//!
//! By default it starts the embedded fake One-CP on a free loopback port and plays the customer's
//! payment itself. With `ONE_CP_BASE_URL`, `ONE_CP_CLIENT_ID` and `ONE_CP_CLIENT_SECRET` set, it
//! runs against that server instead and waits (polling, with the client's payment waiter) for
//! someone to pay.
//!
//! ```text
//! cargo run --example checkout
//! ```

use std::process::ExitCode;
use std::str::FromStr;
use std::time::Duration;

use one_cp::fake::{FakeOneCp, Fault, Operation, RunningFake};
use one_cp::types::{
    Attachment, AttachmentType, CancelRequest, CancelResponse, CancelWithInvoiceRequest,
    CancellationPolicy, CancellationReference, CorporateCheckout, Email, FlightLocation, Item,
    ItemCategory, OffsetUnit, Penalty, PenaltyCondition, PenaltyOffset, PenaltyType, PenaltyValue,
    PenaltyValueUnit, Period, ServiceClass, Tax, TaxApplyTo, TaxBasis, TaxType, TaxUnit,
    TransactionStatusResponse, UpdateTransactionRequest,
};
use one_cp::{Client, FilePart, PaymentOutcome, PaymentWait};
use rust_decimal::Decimal;

#[tokio::main]
async fn main() -> ExitCode {
    match run().await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("checkout flow failed: {e}");
            ExitCode::FAILURE
        }
    }
}

fn money(text: &str) -> Decimal {
    Decimal::from_str(text).expect("a literal decimal")
}

fn flight() -> Item {
    Item::new(
        "Flight FRA → MUC".into(),
        ItemCategory::Flight,
        money("450.00"),
    )
    .with_stock_id("LH441-2024-04-16".into())
    .with_description("Lufthansa LH441, economy, one adult".into())
    .with_taxes(vec![Tax::new()
        .with_type(TaxType::Vat)
        .with_value(money("19"))
        .with_unit(TaxUnit::Percent)
        .with_basis(TaxBasis::PerQuantity)
        .with_apply_to(TaxApplyTo::NetPrice)])
    .with_co2(98.5)
    .with_cancellation_policy(
        CancellationPolicy::new()
            .with_description("A 20 EUR fee applies from 2 days after payment".into())
            .with_reference(CancellationReference::PaymentDate)
            .with_penalties(vec![Penalty::new()
                .with_type(PenaltyType::OffsetPenalty)
                .with_offset(
                    PenaltyOffset::new()
                        .with_amount(2.0)
                        .with_unit(OffsetUnit::Days),
                )
                .with_value(
                    PenaltyValue::new()
                        .with_amount(money("20"))
                        .with_unit(PenaltyValueUnit::FixedAmount),
                )
                .with_condition(PenaltyCondition::AfterPayment)]),
    )
    .with_period(
        Period::new(
            "2024-04-16T12:07:05.159Z"
                .parse()
                .expect("a literal timestamp"),
        )
        .with_end(
            "2024-04-16T13:12:05.159Z"
                .parse()
                .expect("a literal timestamp"),
        ),
    )
    .with_departure(FlightLocation::String("FRA".into()))
    .with_destination(FlightLocation::String("MUC".into()))
    .with_service_class(ServiceClass::EconomyClass)
    .with_airline("LH".into())
    .with_flight_number("LH441".into())
    .with_fare_class("Y".into())
}

fn hotel() -> Item {
    Item::new(
        "Hotel Bayerischer Hof, 2 nights".into(),
        ItemCategory::Accommodation,
        money("379.00"),
    )
    .with_stock_id("HOTEL-MUC-7781".into())
    .with_description("Double room, breakfast included".into())
    .with_total_tax(money("26.53"))
    .with_total(money("405.53"))
    .with_period(
        Period::new(
            "2024-04-16T15:00:00.000Z"
                .parse()
                .expect("a literal timestamp"),
        )
        .with_end(
            "2024-04-18T11:00:00.000Z"
                .parse()
                .expect("a literal timestamp"),
        ),
    )
    .with_location_name("Bayerischer Hof".into())
    .with_accommodation_type("HOTEL".into())
    .with_room_type("DOUBLE".into())
}

fn conference() -> Item {
    Item::new(
        "RustConf Munich, 1 pass".into(),
        ItemCategory::Conference,
        money("299.99"),
    )
    .with_stock_id("CONF-PASS-2024".into())
    .with_total_tax(money("57.00"))
}

fn checkout() -> CorporateCheckout {
    CorporateCheckout::new(
        "Off site event Munich".into(),
        "EUR".into(),
        vec![flight(), hotel(), conference()],
    )
    .with_ref_ids(
        [("erp-id".to_string(), "PO-2024-0042".to_string())]
            .into_iter()
            .collect(),
    )
    .with_attachments(vec![Attachment::new(
        "https://files.example.com/agenda.pdf".into(),
        AttachmentType::Invoice,
    )])
    .with_note("Internal note: approved by J. Doe".into())
    .with_email(
        Email::new()
            .with_subject("Your booking confirmation".into())
            .with_content("Thank you for your booking.".into())
            .with_recipients(vec!["travel@acme.example".into()]),
    )
}

/// A JSON cancel of the items at these 1-based positions, the refund left to the policy.
fn cancel_items(items_order: Vec<i32>) -> CancelRequest {
    CancelRequest::new(items_order)
}

fn print_cancel(cancel: CancelResponse) {
    let status = cancel
        .status
        .map_or_else(|| "no status".to_string(), |s| s.to_string());
    match cancel.error_message.flatten() {
        Some(message) => println!("   result: {status} ({message})"),
        None => println!("   result: {status}"),
    }
}

/// `1, 2, 3`: a list as a reader writes it.
fn list<T: std::fmt::Display>(items: &[T]) -> String {
    items
        .iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Waits for the customer to pay with the client's waiter (`Client::wait_for_payment`). Against the
/// embedded fake, the customer pays after 1.5 s, and the fake first answers a status poll with 503
/// and `Retry-After: 1`, which the client retries on its own.
async fn wait_for_payment(
    client: &Client,
    fake: Option<&RunningFake>,
    id: &str,
) -> Result<TransactionStatusResponse, Box<dyn std::error::Error>> {
    let wait = PaymentWait::new(Duration::from_secs(600));
    println!("\n-> GET /status/{id} until it is paid or no longer pending (up to 10 minutes)");
    let outcome = match fake {
        Some(fake) => {
            println!(
                ".. the fake answers the next poll 503 with Retry-After: 1 (the client retries)"
            );
            println!(".. the customer pays after 1.5 s (the fake marks the transaction PAID)");
            fake.inject(
                Operation::GetTransactionStatus,
                1,
                Fault::status(503).retry_after(Duration::from_secs(1)),
            );
            let polls_before = fake.calls(Operation::GetTransactionStatus);
            let pay = async {
                tokio::time::sleep(Duration::from_millis(1500)).await;
                fake.mark_paid(id);
            };
            let wait = wait.poll_interval(Duration::from_millis(250), Duration::from_secs(1));
            let (outcome, ()) = tokio::join!(client.wait_for_payment(id, wait), pay);
            let polls = fake.calls(Operation::GetTransactionStatus) - polls_before;
            println!("   the fake received {polls} status calls (one of them answered 503)");
            outcome?
        }
        None => client.wait_for_payment(id, wait).await?,
    };
    match outcome {
        PaymentOutcome::Paid(status) => {
            println!("   status: {}", status.status);
            Ok(status)
        }
        PaymentOutcome::NotPaid(status) => {
            Err(format!("the transaction ended {} without a payment", status.status).into())
        }
        PaymentOutcome::TimedOut { .. } => Err("no payment within 10 minutes".into()),
        _ => Err("the wait ended in a way this example does not know".into()),
    }
}

async fn run() -> Result<(), Box<dyn std::error::Error>> {
    let external = match (
        std::env::var("ONE_CP_BASE_URL"),
        std::env::var("ONE_CP_CLIENT_ID"),
        std::env::var("ONE_CP_CLIENT_SECRET"),
    ) {
        (Ok(url), Ok(id), Ok(secret)) => Some((url, id, secret)),
        _ => None,
    };
    let (fake, base_url, id, secret): (Option<RunningFake>, String, String, String) = match external
    {
        Some((url, id, secret)) => {
            println!("== One-CP at {url} (from ONE_CP_BASE_URL)");
            (None, url, id, secret)
        }
        None => {
            let fake = FakeOneCp::new("demo-client", "demo-secret").start().await?;
            let url = fake.base_url();
            println!("== embedded fake One-CP listening on {url}");
            (Some(fake), url, "demo-client".into(), "demo-secret".into())
        }
    };
    let client = Client::builder()
        .base_url(&base_url)
        .basic_auth(id, secret)
        .timeout(Duration::from_secs(30))
        .build()?;

    println!("\n-> GET /status");
    let api = client.get_api_status().await?;
    println!("   status: {}, provider: {}", api.status, api.provider);

    let checkout = checkout();
    println!(
        "\n-> POST /initialize  \"{}\" ({} items, {})",
        checkout.title,
        checkout.items.len(),
        checkout.currency
    );
    for (i, item) in checkout.items.iter().enumerate() {
        println!(
            "   {}. {:<34} {:>8} {}",
            i + 1,
            item.name,
            item.price,
            item.category
        );
    }
    let created = client.initialize_transaction(&checkout).await?;
    let id = created.transaction_id;
    println!("   transaction id: {id}");

    println!("\n-> GET /status/{id}");
    let status = client.get_transaction_status(&id).await?;
    println!("   status: {}", status.status);

    let status = wait_for_payment(&client, fake.as_ref(), &id).await?;
    if let Some(details) = &status.checkout {
        if let Some(payment) = &details.payment {
            println!(
                "   payment: {} via {}",
                payment.reference.as_deref().unwrap_or("-"),
                payment.provider.as_deref().unwrap_or("-")
            );
        }
        if let Some(c) = &details.customer {
            println!(
                "   customer: {} {} <{}>",
                c.first_name.as_deref().unwrap_or(""),
                c.last_name.as_deref().unwrap_or(""),
                c.email.as_deref().unwrap_or("-")
            );
        }
        if let Some(b) = &details.beneficiary {
            println!(
                "   beneficiary: {} {}",
                b.first_name.as_deref().unwrap_or(""),
                b.last_name.as_deref().unwrap_or("")
            );
        }
        if let Some(b) = &details.billing {
            let ids = b.external_ids.clone().unwrap_or_default();
            println!(
                "   billing: {} (external ids: {})",
                b.name.as_deref().unwrap_or("-"),
                if ids.is_empty() {
                    "none".to_string()
                } else {
                    list(
                        &ids.iter()
                            .map(|(k, v)| format!("{k}={v}"))
                            .collect::<Vec<_>>(),
                    )
                }
            );
        }
    }

    println!("\n-> PATCH /cancel/{id}  items [3] (JSON, refund from the policy)");
    let cancel = client
        .cancel_transaction(&id, &cancel_items(vec![3]))
        .await?;
    print_cancel(cancel);
    if let Some(fake) = &fake {
        if let Some(refund) = fake
            .transaction(&id)
            .and_then(|t| t.refunds.last().cloned())
        {
            println!(
                "   refunded: {} EUR for items {}",
                refund.amount,
                list(&refund.items)
            );
        }
    }

    let dir = std::env::temp_dir().join(format!("one-cp-checkout-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let invoice_path = dir.join("cancellation-INV-2024-001.pdf");
    std::fs::write(
        &invoice_path,
        b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n",
    )?;
    println!(
        "\n-> PATCH /cancel/{id}/invoice  items [2], amount 200.00 (multipart, with {})",
        invoice_path.display()
    );
    let form = CancelWithInvoiceRequest::new(vec![2])
        .with_amount(money("200.00"))
        .with_invoice_title("Cancellation Invoice".into())
        .with_invoice_number("INV-2024-001".into())
        .with_invoice(FilePart::from_path(&invoice_path)?);
    let cancel = client.cancel_transaction_with_invoice(&id, form).await?;
    print_cancel(cancel);
    if let Some(fake) = &fake {
        for invoice in fake.invoices(&id) {
            println!(
                "   stored invoice: {} ({}, {} bytes)",
                invoice.file_name.as_deref().unwrap_or("-"),
                invoice.content_type.as_deref().unwrap_or("-"),
                invoice.size
            );
        }
    }
    std::fs::remove_dir_all(&dir)?;

    println!("\n-> PATCH /cancel/{id}  items [3] again (a business failure comes back as FAILED)");
    let again = client
        .cancel_transaction(&id, &cancel_items(vec![3]))
        .await?;
    print_cancel(again);

    println!("\n-> PUT /{id}  new title and note");
    let update = UpdateTransactionRequest::new()
        .with_title("Off site event Munich (revised)".into())
        .with_note("Conference pass refunded".into());
    let updated = client.update_transaction(&id, &update).await?;
    println!("   {}", updated.message.unwrap_or_default());

    println!("\n-> GET /status/not-an-id  (error handling)");
    match client.get_transaction_status("not-an-id").await {
        Err(e) => println!("   error: {e}"),
        Ok(s) => println!("   unexpected success: {}", s.status),
    }

    println!("\n== done");
    Ok(())
}
