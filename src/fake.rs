//! An in-memory One-CP: the business rules of the documented API, on the generated server trait.
//!
//! Start it in one line for a test or a demo:
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! let fake = one_cp::fake::FakeOneCp::new("client-id", "client-secret").start().await?;
//! let client = one_cp::Client::builder()
//!     .base_url(fake.base_url())
//!     .basic_auth("client-id", "client-secret")
//!     .build()
//!     .expect("valid URL");
//! # Ok(())
//! # }
//! ```
//!
//! Rules it follows (where the docs are silent, the choice is documented here):
//! - HTTP Basic auth on every operation; wrong or missing credentials get 401.
//! - Transaction ids are 24 lowercase hex characters; any other id gets 400, an unknown one 404.
//! - A checkout is checked against the spec's rules that serde does not enforce (non-empty title
//!   and item names, an ISO 4217-shaped currency, at least one item, money within ±10^15 and
//!   no negative price or total, URI-shaped attachment URLs, email-shaped recipients);
//!   a violation gets 400 with a `ValidationError` naming each field as a JSON pointer
//!   (`/items/0/name`), like the spec's example.
//! - A new transaction is `PENDING`; [`RunningFake::mark_paid`] plays the customer paying, after
//!   which the status response carries the checkout details.
//! - Cancellation needs a `PAID` transaction (else 400) and refers to items by 1-based position.
//!   The refund is the given `amount` when it is present and not 0, else the items' totals minus the
//!   penalties of their cancellation policies whose offset has elapsed since payment, computed
//!   exactly in decimal. Cancelling an item twice, or asking for more than is refundable, is a
//!   business failure: 200 with `FAILED` and an error message.
//! - It keeps at most [`DEFAULT_MAX_TRANSACTIONS`] transactions ([`FakeOneCp::max_transactions`]
//!   sets another cap): past it, each new transaction evicts the oldest, whose id then gets 404.
//!
//! # Misbehaving on request
//!
//! To test a client's error handling, [`RunningFake::inject`] makes the fake answer the next N
//! calls of an [`Operation`] with a [`Fault`]: a chosen status (with or without `Retry-After`), a
//! late answer, or a dropped connection; [`RunningFake::calls`] counts the calls received.
//!
//! ```no_run
//! # async fn demo() -> Result<(), Box<dyn std::error::Error>> {
//! use std::time::Duration;
//! use one_cp::fake::{Fault, FakeOneCp, Operation};
//!
//! let fake = FakeOneCp::new("client-id", "client-secret").start().await?;
//! let client = one_cp::Client::builder()
//!     .base_url(fake.base_url())
//!     .basic_auth("client-id", "client-secret")
//!     .build()?;
//!
//! // The next two calls of GET /status get 503 with `Retry-After: 1`: the client waits and
//! // retries, and the third call is answered.
//! fake.inject(Operation::GetApiStatus, 2, Fault::status(503).retry_after(Duration::from_secs(1)));
//! client.get_api_status().await?;
//! assert_eq!(fake.calls(Operation::GetApiStatus), 3);
//!
//! // A 429 without `Retry-After` on a POST: never retried, the caller sees it.
//! fake.inject(Operation::InitializeTransaction, 1, Fault::status(429));
//!
//! // The next status call is answered after 5 s (past a client timeout, say).
//! fake.inject(Operation::GetApiStatus, 1, Fault::delay(Duration::from_secs(5)));
//!
//! // The next cancellation's connection is closed without an answer.
//! fake.inject(Operation::CancelTransaction, 1, Fault::drop_connection());
//! # Ok(())
//! # }
//! ```

mod faults;
mod store;

pub use faults::{Fault, Operation};
pub use store::DEFAULT_MAX_TRANSACTIONS;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use crate::server::{
    CancelTransactionReply, CancelTransactionWithInvoiceReply, GetApiStatusReply,
    GetTransactionStatusReply, InitializeTransactionReply, RequestContext, Server,
    UpdateTransactionReply,
};
use crate::types::{
    ApiStatus, Beneficiary, Billing, CancelRequest, CancelResponse, CancelStatus,
    CancelWithInvoiceRequest, CheckoutDetails, CorporateCheckout, Customer, ErrorResponse,
    InitializeResponse, Item, OffsetUnit, PaymentDetails, PenaltyValueUnit, TaxUnit,
    TransactionStatus, TransactionStatusResponse, UpdateTransactionRequest,
    UpdateTransactionResponse, ValidationError, ValidationIssue,
};

/// An invoice file received with a cancellation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredInvoice {
    /// The part's file name.
    pub file_name: Option<String>,
    /// The part's content type.
    pub content_type: Option<String>,
    /// Its size in bytes.
    pub size: usize,
    /// The form's `invoiceTitle`.
    pub title: Option<String>,
    /// The form's `invoiceNumber`.
    pub number: Option<String>,
}

/// A refund the fake processed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refund {
    /// The 1-based item positions cancelled.
    pub items: Vec<usize>,
    /// The amount refunded.
    pub amount: Decimal,
}

/// One transaction as the fake keeps it.
#[derive(Debug, Clone, PartialEq)]
pub struct Transaction {
    /// The checkout as initialized (title and note as updated).
    pub checkout: CorporateCheckout,
    /// Current status.
    pub status: TransactionStatus,
    /// When it was paid.
    pub paid_at: Option<DateTime<Utc>>,
    /// 1-based positions of cancelled items.
    pub cancelled: Vec<usize>,
    /// Refunds processed, in order.
    pub refunds: Vec<Refund>,
    /// Invoices received, in order.
    pub invoices: Vec<StoredInvoice>,
}

#[derive(Default)]
struct State {
    transactions: store::Store,
}

/// The fake One-CP (not yet listening). See the module docs for its rules.
pub struct FakeOneCp {
    client_id: String,
    client_secret: String,
    provider: String,
    state: Mutex<State>,
}

impl FakeOneCp {
    /// A fake that accepts exactly these Basic-auth credentials.
    pub fn new(client_id: impl Into<String>, client_secret: impl Into<String>) -> Self {
        Self {
            client_id: client_id.into(),
            client_secret: client_secret.into(),
            provider: "667999d063824b596cf82155".to_string(),
            state: Mutex::new(State::default()),
        }
    }

    /// Listens on `127.0.0.1`, on a free port, in the background of the current tokio runtime.
    pub async fn start(self) -> std::io::Result<RunningFake> {
        self.start_on("127.0.0.1:0".parse().expect("a valid socket address"))
            .await
    }

    /// Listens on `addr` in the background of the current tokio runtime.
    pub async fn start_on(self, addr: SocketAddr) -> std::io::Result<RunningFake> {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        let addr = listener.local_addr()?;
        let fake = Arc::new(self);
        let app = crate::server::router_with(fake.clone());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let faults = Arc::new(faults::Faults::default());
        tokio::spawn(faults::serve(listener, app, faults.clone(), stopped));
        Ok(RunningFake {
            addr,
            fake,
            faults,
            _stop: stop,
        })
    }

    fn state(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock cannot leave the maps half-updated in a way that matters
        // to a fake; keep serving.
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn authorized(&self, ctx: &RequestContext) -> bool {
        ctx.basic_auth()
            .is_some_and(|(id, secret)| id == self.client_id && secret == self.client_secret)
    }
}

/// A fake that is listening. Dropping it stops the server.
pub struct RunningFake {
    addr: SocketAddr,
    fake: Arc<FakeOneCp>,
    faults: Arc<faults::Faults>,
    _stop: tokio::sync::oneshot::Sender<()>,
}

impl RunningFake {
    /// The address it listens on.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// The base URL to give the client.
    pub fn base_url(&self) -> String {
        format!("http://{}", self.addr)
    }

    /// Plays the customer paying: the transaction becomes `PAID` now, with checkout details.
    /// Returns `false` for an unknown id.
    pub fn mark_paid(&self, transaction_id: &str) -> bool {
        self.mark_paid_at(transaction_id, Utc::now())
    }

    /// Like [`Self::mark_paid`], at a given time (cancellation penalties count from it).
    pub fn mark_paid_at(&self, transaction_id: &str, at: DateTime<Utc>) -> bool {
        let mut state = self.fake.state();
        let Some(mut tx) = state.transactions.get_mut(transaction_id) else {
            return false;
        };
        tx.status = TransactionStatus::Paid;
        tx.paid_at = Some(at);
        true
    }

    /// A snapshot of a transaction.
    pub fn transaction(&self, transaction_id: &str) -> Option<Transaction> {
        self.fake.state().transactions.get(transaction_id)
    }

    /// The invoices received for a transaction.
    pub fn invoices(&self, transaction_id: &str) -> Vec<StoredInvoice> {
        self.transaction(transaction_id)
            .map(|t| t.invoices)
            .unwrap_or_default()
    }
}

fn error(message: impl Into<String>) -> ErrorResponse {
    ErrorResponse {
        message: message.into(),
        code: None,
        additional_properties: BTreeMap::new(),
    }
}

fn unauthorized() -> ErrorResponse {
    ErrorResponse {
        message: "invalid client credentials".into(),
        code: Some("UNAUTHORIZED".into()),
        additional_properties: BTreeMap::new(),
    }
}

fn valid_id(id: &str) -> bool {
    id.len() == 24
        && id
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// The bound of every money value in the spec: within ±10^15.
fn money_limit() -> Decimal {
    Decimal::from(1_000_000_000_000_000_i64)
}

/// Why `value` breaks the spec's range for a money field (`non_negative`: its minimum is 0).
fn money_problem(value: Decimal, non_negative: bool) -> Option<&'static str> {
    if non_negative && value < Decimal::ZERO {
        Some("must not be negative")
    } else if value.abs() > money_limit() {
        Some("must lie within ±10^15")
    } else {
        None
    }
}

/// `format: uri`: a scheme (a letter, then letters, digits, `+`, `-` or `.`), a colon, and no
/// whitespace (RFC 3986's absolute URI, checked only as far as its shape).
fn is_absolute_uri(text: &str) -> bool {
    let Some((scheme, _)) = text.split_once(':') else {
        return false;
    };
    let mut chars = scheme.chars();
    chars.next().is_some_and(|c| c.is_ascii_alphabetic())
        && chars.all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        && !text.chars().any(char::is_whitespace)
}

/// `format: email`: a non-empty local part and a domain around the last `@`, no whitespace.
fn is_email(text: &str) -> bool {
    text.rsplit_once('@').is_some_and(|(local, domain)| {
        !local.is_empty() && !domain.is_empty() && !text.chars().any(char::is_whitespace)
    })
}

fn validate(checkout: &CorporateCheckout) -> Vec<ValidationIssue> {
    let mut issues = Vec::new();
    let mut issue = |field: String, message: &str| {
        issues.push(ValidationIssue {
            field,
            message: message.into(),
        })
    };
    if checkout.title.is_empty() {
        issue("/title".into(), "must not be empty");
    }
    if checkout.currency.len() != 3 || !checkout.currency.bytes().all(|b| b.is_ascii_uppercase()) {
        issue(
            "/currency".into(),
            "must be a three-letter ISO 4217 code such as EUR",
        );
    }
    if checkout.items.is_empty() {
        issue("/items".into(), "must contain at least one item");
    }
    for (a, attachment) in checkout.attachments.iter().flatten().enumerate() {
        if !is_absolute_uri(&attachment.url) {
            issue(format!("/attachments/{a}/url"), "must be an absolute URI");
        }
    }
    let recipients = checkout.email.iter().flat_map(|e| &e.recipients);
    for (r, recipient) in recipients.flatten().enumerate() {
        if !is_email(recipient) {
            issue(format!("/email/recipients/{r}"), "must be an email address");
        }
    }
    for (i, item) in checkout.items.iter().enumerate() {
        if item.name.is_empty() {
            issue(format!("/items/{i}/name"), "must not be empty");
        }
        let mut money = vec![
            (format!("/items/{i}/price"), Some(item.price), true),
            (format!("/items/{i}/totalTax"), item.total_tax, false),
            (format!("/items/{i}/total"), item.total, true),
        ];
        for (t, tax) in item.taxes.iter().flatten().enumerate() {
            money.push((format!("/items/{i}/taxes/{t}/value"), tax.value, false));
        }
        let penalties = item.cancellation_policy.iter().flat_map(|p| &p.penalties);
        for (p, penalty) in penalties.flatten().enumerate() {
            let amount = penalty.value.as_ref().and_then(|v| v.amount);
            let field = format!("/items/{i}/cancellationPolicy/penalties/{p}/value/amount");
            money.push((field, amount, false));
        }
        for (field, value, non_negative) in money {
            if let Some(problem) = value.and_then(|v| money_problem(v, non_negative)) {
                issue(field, problem);
            }
        }
    }
    issues
}

/// Adds decimals without overflowing (a sum beyond the decimal range stays at its bound).
fn sum(values: impl IntoIterator<Item = Decimal>) -> Decimal {
    values
        .into_iter()
        .fold(Decimal::ZERO, Decimal::saturating_add)
}

/// An item's total: as given, else price plus its tax (explicit `totalTax`, else percentage taxes).
/// Saturates instead of overflowing on absurd values.
pub fn item_total(item: &Item) -> Decimal {
    if let Some(total) = item.total {
        return total;
    }
    let tax = item.total_tax.unwrap_or_else(|| {
        sum(item
            .taxes
            .iter()
            .flatten()
            .filter(|t| t.unit == Some(TaxUnit::Percent))
            .filter_map(|t| t.value)
            .map(|rate| item.price.saturating_mul(rate) / Decimal::ONE_HUNDRED))
    });
    item.price.saturating_add(tax)
}

/// What cancelling `item` at `now` refunds: its total minus the policy's penalties whose offset has
/// elapsed since `paid_at` (fixed amounts as given; unknown units are not applied).
pub fn refundable(item: &Item, paid_at: DateTime<Utc>, now: DateTime<Utc>) -> Decimal {
    let total = item_total(item);
    let elapsed_days = Decimal::from((now - paid_at).num_seconds()) / Decimal::from(86_400);
    let penalties = item
        .cancellation_policy
        .iter()
        .flat_map(|p| p.penalties.iter().flatten())
        .filter(|p| match &p.offset {
            Some(offset) if offset.unit == Some(OffsetUnit::Days) => {
                let days = offset
                    .amount
                    .and_then(|a| Decimal::try_from(a).ok())
                    .unwrap_or_default();
                elapsed_days >= days
            }
            _ => true,
        })
        .filter_map(|p| p.value.as_ref())
        .filter(|v| v.unit == Some(PenaltyValueUnit::FixedAmount))
        .filter_map(|v| v.amount);
    total.saturating_sub(sum(penalties)).max(Decimal::ZERO)
}

enum CancelOutcome {
    Done(CancelResponse),
    BadRequest(String),
    NotFound,
}

impl FakeOneCp {
    fn cancel(
        &self,
        id: &str,
        request: &CancelRequest,
        invoice: Option<StoredInvoice>,
    ) -> CancelOutcome {
        if !valid_id(id) {
            return CancelOutcome::BadRequest(format!("malformed transaction id {id:?}"));
        }
        let mut state = self.state();
        let Some(mut tx) = state.transactions.get_mut(id) else {
            return CancelOutcome::NotFound;
        };
        let Some(paid_at) = tx.paid_at.filter(|_| tx.status == TransactionStatus::Paid) else {
            return CancelOutcome::BadRequest(format!(
                "transaction status {} does not allow cancellation",
                tx.status
            ));
        };
        if request.items_order.is_empty() {
            return CancelOutcome::BadRequest("itemsOrder must name at least one item".into());
        }
        if let Some(problem) = request.amount.and_then(|a| money_problem(a, true)) {
            return CancelOutcome::BadRequest(format!("amount {problem}"));
        }
        let count = tx.checkout.items.len();
        let mut positions = Vec::new();
        for &order in &request.items_order {
            match usize::try_from(order) {
                Ok(p) if (1..=count).contains(&p) => positions.push(p),
                _ => {
                    return CancelOutcome::BadRequest(format!(
                        "itemsOrder {order} is not an item position (1..={count})"
                    ))
                }
            }
        }
        let failed = |message: String| {
            CancelOutcome::Done(CancelResponse {
                status: Some(CancelStatus::Failed),
                error_message: Some(Some(message)),
            })
        };
        if let Some(p) = positions.iter().find(|p| tx.cancelled.contains(p)) {
            return failed(format!("item {p} is already cancelled"));
        }
        let now = Utc::now();
        let computed = sum(positions
            .iter()
            .map(|p| refundable(&tx.checkout.items[p - 1], paid_at, now)));
        let amount = match request.amount {
            Some(a) if !a.is_zero() => a,
            _ => computed,
        };
        let paid = sum(tx.checkout.items.iter().map(item_total));
        let remaining = paid.saturating_sub(sum(tx.refunds.iter().map(|r| r.amount)));
        if amount > remaining {
            return failed(format!(
                "refund {amount} exceeds the remaining paid amount {remaining}"
            ));
        }
        tx.cancelled.extend(&positions);
        tx.refunds.push(Refund {
            items: positions,
            amount,
        });
        if let Some(invoice) = invoice {
            tx.invoices.push(invoice);
        }
        CancelOutcome::Done(CancelResponse {
            status: Some(CancelStatus::Success),
            error_message: Some(None),
        })
    }
}

impl Server for FakeOneCp {
    async fn get_api_status(&self, ctx: RequestContext) -> GetApiStatusReply {
        if !self.authorized(&ctx) {
            return GetApiStatusReply::Unauthorized(unauthorized());
        }
        GetApiStatusReply::Success(ApiStatus {
            status: "ready".into(),
            provider: self.provider.clone(),
        })
    }

    async fn get_transaction_status(
        &self,
        ctx: RequestContext,
        transaction_id: String,
    ) -> GetTransactionStatusReply {
        if !self.authorized(&ctx) {
            return GetTransactionStatusReply::Unauthorized(unauthorized());
        }
        if !valid_id(&transaction_id) {
            return GetTransactionStatusReply::BadRequest(error(format!(
                "malformed transaction id {transaction_id:?}"
            )));
        }
        let Some((status, paid_at)) = self.state().transactions.status(&transaction_id) else {
            return GetTransactionStatusReply::NotFound(error(format!(
                "no transaction {transaction_id}"
            )));
        };
        let checkout =
            (status == TransactionStatus::Paid).then(|| checkout_details(&transaction_id, paid_at));
        GetTransactionStatusReply::Success(TransactionStatusResponse { status, checkout })
    }

    async fn initialize_transaction(
        &self,
        ctx: RequestContext,
        body: CorporateCheckout,
    ) -> InitializeTransactionReply {
        if !self.authorized(&ctx) {
            return InitializeTransactionReply::Unauthorized(unauthorized());
        }
        let issues = validate(&body);
        if !issues.is_empty() {
            return InitializeTransactionReply::BadRequest(ValidationError {
                message: "the checkout is invalid".into(),
                code: Some("VALIDATION_ERROR".into()),
                errors: Some(issues),
                additional_properties: BTreeMap::new(),
            });
        }
        let encoded = store::encode(&body);
        let id = self.state().transactions.insert(encoded);
        InitializeTransactionReply::Created(InitializeResponse { transaction_id: id })
    }

    async fn cancel_transaction(
        &self,
        ctx: RequestContext,
        transaction_id: String,
        body: CancelRequest,
    ) -> CancelTransactionReply {
        if !self.authorized(&ctx) {
            return CancelTransactionReply::Unauthorized(unauthorized());
        }
        match self.cancel(&transaction_id, &body, None) {
            CancelOutcome::Done(r) => CancelTransactionReply::Success(r),
            CancelOutcome::BadRequest(m) => CancelTransactionReply::BadRequest(error(m)),
            CancelOutcome::NotFound => {
                CancelTransactionReply::NotFound(error(format!("no transaction {transaction_id}")))
            }
        }
    }

    async fn cancel_transaction_with_invoice(
        &self,
        ctx: RequestContext,
        transaction_id: String,
        form: CancelWithInvoiceRequest,
    ) -> CancelTransactionWithInvoiceReply {
        if !self.authorized(&ctx) {
            return CancelTransactionWithInvoiceReply::Unauthorized(unauthorized());
        }
        let request = CancelRequest {
            items_order: form.items_order,
            amount: form.amount,
            invoice_title: form.invoice_title.clone(),
            invoice_number: form.invoice_number.clone(),
        };
        let invoice = form.invoice.map(|file| StoredInvoice {
            file_name: file.file_name.clone(),
            content_type: file.content_type.clone(),
            size: file.len(),
            title: form.invoice_title,
            number: form.invoice_number,
        });
        match self.cancel(&transaction_id, &request, invoice) {
            CancelOutcome::Done(r) => CancelTransactionWithInvoiceReply::Success(r),
            CancelOutcome::BadRequest(m) => CancelTransactionWithInvoiceReply::BadRequest(error(m)),
            CancelOutcome::NotFound => CancelTransactionWithInvoiceReply::NotFound(error(format!(
                "no transaction {transaction_id}"
            ))),
        }
    }

    async fn update_transaction(
        &self,
        ctx: RequestContext,
        transaction_id: String,
        body: UpdateTransactionRequest,
    ) -> UpdateTransactionReply {
        if !self.authorized(&ctx) {
            return UpdateTransactionReply::Unauthorized(unauthorized());
        }
        if !valid_id(&transaction_id) {
            return UpdateTransactionReply::BadRequest(error(format!(
                "malformed transaction id {transaction_id:?}"
            )));
        }
        if body.title.as_deref().is_some_and(str::is_empty) {
            return UpdateTransactionReply::BadRequest(error("title must not be empty"));
        }
        let mut state = self.state();
        let Some(mut tx) = state.transactions.get_mut(&transaction_id) else {
            return UpdateTransactionReply::NotFound(error(format!(
                "no transaction {transaction_id}"
            )));
        };
        if let Some(title) = body.title {
            tx.checkout.title = title;
        }
        if let Some(note) = body.note {
            tx.checkout.note = Some(note);
        }
        UpdateTransactionReply::Success(UpdateTransactionResponse {
            message: Some("Updated successfully".into()),
        })
    }
}

/// The checkout details a paid transaction reports (a fixed, realistic customer).
fn checkout_details(id: &str, paid_at: Option<DateTime<Utc>>) -> CheckoutDetails {
    let reference = format!("CP-{}", &id[id.len() - 6..].to_uppercase());
    let mut external_ids = BTreeMap::new();
    external_ids.insert("sap_id".to_string(), "12345".to_string());
    external_ids.insert("crm_id".to_string(), "CRM_67890".to_string());
    let mut card = serde_json::Map::new();
    card.insert("brand".into(), "visa".into());
    card.insert("last4".into(), "4242".into());
    let mut reporting = serde_json::Map::new();
    reporting.insert("costCenter".into(), "CC-1001".into());
    reporting.insert(
        "paidAt".into(),
        paid_at.map(|t| t.to_rfc3339()).unwrap_or_default().into(),
    );
    CheckoutDetails {
        reference: Some(reference.clone()),
        payment: Some(PaymentDetails {
            reference: Some(format!("pi_{}", &id[..12])),
            provider: Some("Stripe".into()),
        }),
        customer: Some(Customer {
            first_name: Some("John".into()),
            last_name: Some("Doe".into()),
            email: Some("john.doe@acme.example".into()),
            phone: Some("+1234567890".into()),
            address: Some(None),
        }),
        beneficiary: Some(Beneficiary {
            first_name: Some("Jane".into()),
            last_name: Some("Smith".into()),
            email: Some("jane.smith@acme.example".into()),
        }),
        billing: Some(Billing {
            name: Some("ACME Corporation".into()),
            email: Some("billing@acme.example".into()),
            address: Some(None),
            external_ids: Some(external_ids),
        }),
        card: Some(card),
        reporting: Some(reporting),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The largest item the spec allows (price 10^15, many taxes of 10^15 percent) used to
    /// overflow `Decimal` (a panic in the handler); totals now stop at the decimal range.
    #[test]
    fn totals_of_extreme_items_saturate_instead_of_panicking() {
        let tax = serde_json::json!({ "value": 1e15, "unit": "PERCENT" });
        let item: Item = serde_json::from_value(serde_json::json!({
            "name": "n",
            "category": "FEE",
            "price": 1e15,
            "taxes": vec![tax; 150],
            "cancellationPolicy": { "penalties": [
                { "value": { "amount": -1e15, "unit": "FIXED_AMOUNT" } }
            ] }
        }))
        .expect("an item within the spec's bounds");
        assert!(validate_item_bounds(&item).is_empty());
        assert_eq!(item_total(&item), Decimal::MAX);
        let now = Utc::now();
        assert_eq!(refundable(&item, now, now), Decimal::MAX);
    }

    fn validate_item_bounds(item: &Item) -> Vec<ValidationIssue> {
        let checkout = CorporateCheckout {
            ref_ids: None,
            title: "t".into(),
            currency: "EUR".into(),
            items: vec![item.clone()],
            attachments: None,
            note: None,
            email: None,
            restricted_methods: None,
        };
        validate(&checkout)
    }

    #[test]
    fn money_outside_the_spec_bounds_is_a_validation_issue() {
        let item: Item = serde_json::from_value(serde_json::json!({
            "name": "", "category": "FEE", "price": -1, "total": 2e15,
            "taxes": [{ "value": -2e15 }]
        }))
        .expect("an item");
        let fields: Vec<_> = validate_item_bounds(&item)
            .into_iter()
            .map(|i| (i.field, i.message))
            .collect();
        assert_eq!(
            fields,
            [
                ("/items/0/name".into(), "must not be empty".into()),
                ("/items/0/price".into(), "must not be negative".into()),
                ("/items/0/total".into(), "must lie within ±10^15".into()),
                (
                    "/items/0/taxes/0/value".into(),
                    "must lie within ±10^15".into()
                ),
            ] as [(String, String); 4]
        );
    }
}
