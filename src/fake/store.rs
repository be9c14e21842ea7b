//! The fake's transactions: a bounded store (the oldest transaction is evicted past the cap) that
//! keeps each checkout as its compact JSON, so that a fake left running, or under a user's load
//! test, does not grow without bound.

use std::collections::VecDeque;
use std::ops::{Deref, DerefMut};

use chrono::{DateTime, Utc};

use super::{FakeOneCp, Refund, RunningFake, StoredInvoice, Transaction};
use crate::types::{CorporateCheckout, TransactionStatus};

/// How many transactions the fake keeps unless told otherwise ([`FakeOneCp::max_transactions`]):
/// past it, each new transaction evicts the oldest, whose id then gets 404. A one-item checkout
/// takes a few hundred bytes, so the default cap holds tens of MiB.
pub const DEFAULT_MAX_TRANSACTIONS: usize = 100_000;

/// One stored transaction.
struct Entry {
    /// The checkout as compact JSON (a fraction of the decoded structs' size).
    checkout: Box<[u8]>,
    status: TransactionStatus,
    paid_at: Option<DateTime<Utc>>,
    /// Cancellations, refunds and invoices; allocated at the first one.
    history: Option<Box<History>>,
}

#[derive(Default)]
struct History {
    cancelled: Vec<usize>,
    refunds: Vec<Refund>,
    invoices: Vec<StoredInvoice>,
}

/// The transactions in creation order, each keyed by its creation number (the id is that number
/// in hex, behind the `6679` prefix). Keys are consecutive and only the oldest are evicted, so the
/// entry of key `k` sits at `k - first`: a lookup, an insert and an eviction are each O(1).
pub(super) struct Store {
    entries: VecDeque<Entry>,
    /// The key of `entries[0]` (the next key to be made, when empty).
    first: u64,
    capacity: usize,
}

impl Default for Store {
    fn default() -> Self {
        Self {
            entries: VecDeque::new(),
            first: 1,
            capacity: DEFAULT_MAX_TRANSACTIONS,
        }
    }
}

const PREFIX: &str = "6679";

fn id_of(key: u64) -> String {
    format!("{PREFIX}{key:020x}")
}

/// The key of an id this store could have made (24 lowercase hex digits behind the prefix).
fn key_of(id: &str) -> Option<u64> {
    let digits = id.strip_prefix(PREFIX)?;
    if digits.len() != 20
        || !digits
            .bytes()
            .all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
    {
        return None;
    }
    u64::try_from(u128::from_str_radix(digits, 16).ok()?).ok()
}

/// A checkout as the store keeps it. Callers encode before taking the fake's lock, so that
/// concurrent requests do not wait for each other's serialization.
pub(super) fn encode(checkout: &CorporateCheckout) -> Encoded {
    Encoded(
        serde_json::to_vec(checkout)
            .expect("a checkout always serializes")
            .into_boxed_slice(),
    )
}

/// A checkout encoded for the store ([`encode`]).
pub(super) struct Encoded(Box<[u8]>);

fn decode(entry: &Entry) -> Transaction {
    let history = entry.history.as_deref();
    Transaction {
        checkout: serde_json::from_slice(&entry.checkout)
            .expect("the store decodes the JSON it wrote"),
        status: entry.status.clone(),
        paid_at: entry.paid_at,
        cancelled: history.map(|h| h.cancelled.clone()).unwrap_or_default(),
        refunds: history.map(|h| h.refunds.clone()).unwrap_or_default(),
        invoices: history.map(|h| h.invoices.clone()).unwrap_or_default(),
    }
}

impl Store {
    /// Stores a new `PENDING` transaction, evicting the oldest ones past the cap; returns its id.
    pub(super) fn insert(&mut self, checkout: Encoded) -> String {
        let key = self.first + self.entries.len() as u64;
        self.entries.push_back(Entry {
            checkout: checkout.0,
            status: TransactionStatus::Pending,
            paid_at: None,
            history: None,
        });
        self.evict();
        id_of(key)
    }

    fn evict(&mut self) {
        while self.entries.len() > self.capacity {
            self.entries.pop_front();
            self.first += 1;
        }
    }

    /// Where the entry of `id` sits, if it is stored.
    fn index(&self, id: &str) -> Option<usize> {
        let index = usize::try_from(key_of(id)?.checked_sub(self.first)?).ok()?;
        (index < self.entries.len()).then_some(index)
    }

    /// A decoded copy of a transaction.
    pub(super) fn get(&self, id: &str) -> Option<Transaction> {
        self.entries.get(self.index(id)?).map(decode)
    }

    /// A transaction's status and payment time, without decoding its checkout.
    pub(super) fn status(&self, id: &str) -> Option<(TransactionStatus, Option<DateTime<Utc>>)> {
        let entry = self.entries.get(self.index(id)?)?;
        Some((entry.status.clone(), entry.paid_at))
    }

    /// A transaction to read and change: the changes are stored when the guard is dropped.
    pub(super) fn get_mut(&mut self, id: &str) -> Option<TransactionMut<'_>> {
        let index = self.index(id)?;
        let entry = self.entries.get_mut(index)?;
        let transaction = decode(entry);
        Some(TransactionMut {
            entry,
            transaction,
            changed: false,
        })
    }

    /// How many transactions are stored.
    pub(super) fn len(&self) -> usize {
        self.entries.len()
    }
}

/// A decoded transaction that writes itself back to the store, if it was changed, when dropped.
pub(super) struct TransactionMut<'a> {
    entry: &'a mut Entry,
    transaction: Transaction,
    changed: bool,
}

impl Deref for TransactionMut<'_> {
    type Target = Transaction;

    fn deref(&self) -> &Transaction {
        &self.transaction
    }
}

impl DerefMut for TransactionMut<'_> {
    fn deref_mut(&mut self) -> &mut Transaction {
        self.changed = true;
        &mut self.transaction
    }
}

impl Drop for TransactionMut<'_> {
    fn drop(&mut self) {
        if !self.changed {
            return;
        }
        let tx = &mut self.transaction;
        self.entry.checkout = encode(&tx.checkout).0;
        self.entry.status = tx.status.clone();
        self.entry.paid_at = tx.paid_at;
        let history = History {
            cancelled: std::mem::take(&mut tx.cancelled),
            refunds: std::mem::take(&mut tx.refunds),
            invoices: std::mem::take(&mut tx.invoices),
        };
        let empty = history.cancelled.is_empty()
            && history.refunds.is_empty()
            && history.invoices.is_empty();
        self.entry.history = (!empty).then(|| Box::new(history));
    }
}

impl FakeOneCp {
    /// Keeps at most `max` transactions (at least 1; default [`DEFAULT_MAX_TRANSACTIONS`]): past
    /// it, each new transaction evicts the oldest, and a call naming an evicted id gets 404 as an
    /// unknown one does.
    pub fn max_transactions(self, max: usize) -> Self {
        {
            let mut state = self.state();
            state.transactions.capacity = max.max(1);
            state.transactions.evict();
        }
        self
    }
}

impl RunningFake {
    /// Sets a transaction's status, to play what the customer or One-CP did: `PENDING` again, or a
    /// status the spec does not list, such as `TransactionStatus::Other("EXPIRED".into())`
    /// ([`Self::mark_paid`] plays a payment). Returns `false` for an unknown id.
    pub fn set_status(&self, transaction_id: &str, status: TransactionStatus) -> bool {
        let mut state = self.fake.state();
        let Some(mut tx) = state.transactions.get_mut(transaction_id) else {
            return false;
        };
        tx.status = status;
        true
    }

    /// How many transactions the fake holds (at most its [`FakeOneCp::max_transactions`]).
    pub fn stored_transactions(&self) -> usize {
        self.fake.state().transactions.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn checkout(title: &str) -> CorporateCheckout {
        serde_json::from_value(serde_json::json!({
            "title": title,
            "currency": "EUR",
            "items": [{ "name": "Flight", "category": "FLIGHT", "price": 450.10 }]
        }))
        .expect("a checkout")
    }

    #[test]
    fn ids_round_trip_and_foreign_ids_are_unknown() {
        assert_eq!(key_of(&id_of(1)), Some(1));
        assert_eq!(key_of(&id_of(u64::MAX)), Some(u64::MAX));
        assert_eq!(id_of(1), "667900000000000000000001");
        for foreign in [
            "667999d063824b596cf82155",
            "6679ffffffffffffffffffff",
            "6679000000000000000000A1",
            "5679000000000000000000001",
            "",
        ] {
            assert_eq!(key_of(foreign), None, "{foreign}");
        }
    }

    #[test]
    fn the_oldest_is_evicted_past_the_cap() {
        let mut store = Store {
            capacity: 2,
            ..Store::default()
        };
        let ids: Vec<String> = ["a", "b", "c"]
            .iter()
            .map(|t| store.insert(encode(&checkout(t))))
            .collect();
        assert_eq!(store.len(), 2);
        assert!(store.get(&ids[0]).is_none());
        assert_eq!(store.get(&ids[1]).unwrap().checkout.title, "b");
        assert_eq!(store.get(&ids[2]).unwrap().checkout.title, "c");
    }

    #[test]
    fn ids_resolve_after_many_evictions_and_unmade_ids_are_unknown() {
        let mut store = Store {
            capacity: 3,
            ..Store::default()
        };
        let ids: Vec<String> = (0..10)
            .map(|i| store.insert(encode(&checkout(&i.to_string()))))
            .collect();
        assert_eq!(store.len(), 3);
        for (i, id) in ids.iter().enumerate() {
            let found = store.get(id).map(|tx| tx.checkout.title);
            assert_eq!(found, (i >= 7).then(|| i.to_string()), "{id}");
        }
        assert!(store.status(&id_of(11)).is_none(), "an id not made yet");
        assert!(store.get_mut(&id_of(0)).is_none());
        store.capacity = 1;
        store.evict();
        assert_eq!(store.get(&ids[9]).unwrap().checkout.title, "9");
        assert!(store.get(&ids[8]).is_none());
    }

    #[test]
    fn changes_through_the_guard_are_kept_and_reads_change_nothing() {
        let mut store = Store::default();
        let id = store.insert(encode(&checkout("t")));
        {
            let tx = store.get_mut(&id).unwrap();
            assert_eq!(tx.status, TransactionStatus::Pending);
        }
        {
            let mut tx = store.get_mut(&id).unwrap();
            tx.status = TransactionStatus::Paid;
            tx.checkout.note = Some("n".into());
            tx.cancelled.push(1);
        }
        let tx = store.get(&id).unwrap();
        assert_eq!(tx.status, TransactionStatus::Paid);
        assert_eq!(tx.checkout.note.as_deref(), Some("n"));
        assert_eq!(tx.cancelled, [1]);
        assert_eq!(
            tx.checkout.items[0].price,
            rust_decimal::Decimal::new(45010, 2),
            "decimals survive the JSON round trip exactly"
        );
    }
}
