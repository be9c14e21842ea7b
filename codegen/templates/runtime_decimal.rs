// Decimal adapters: decimals inside containers are read and written as JSON numbers too.
struct DecimalRef<'a>(&'a rust_decimal::Decimal);

impl serde::Serialize for DecimalRef<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        rust_decimal::serde::float::serialize(self.0, serializer)
    }
}

struct DecimalOwned(rust_decimal::Decimal);

impl<'de> serde::Deserialize<'de> for DecimalOwned {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        rust_decimal::serde::float::deserialize(deserializer).map(DecimalOwned)
    }
}

/// `Vec<Decimal>` as an array of JSON numbers.
pub mod decimal_vec {
    use rust_decimal::Decimal;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes numbers.
    pub fn serialize<S: Serializer>(value: &[Decimal], serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(value.iter().map(super::DecimalRef))
    }

    /// Reads numbers.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Vec<Decimal>, D::Error> {
        Ok(Vec::<super::DecimalOwned>::deserialize(deserializer)?.into_iter().map(|d| d.0).collect())
    }
}

/// `Option<Vec<Decimal>>` as an array of JSON numbers.
pub mod decimal_vec_option {
    use rust_decimal::Decimal;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes numbers.
    pub fn serialize<S: Serializer>(value: &Option<Vec<Decimal>>, serializer: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(v) => serializer.collect_seq(v.iter().map(super::DecimalRef)),
            None => serializer.serialize_none(),
        }
    }

    /// Reads numbers.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Vec<Decimal>>, D::Error> {
        Ok(Option::<Vec<super::DecimalOwned>>::deserialize(deserializer)?.map(|v| v.into_iter().map(|d| d.0).collect()))
    }
}

/// A map of decimals as JSON numbers.
pub mod decimal_map {
    use std::collections::BTreeMap;

    use rust_decimal::Decimal;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes numbers.
    pub fn serialize<S: Serializer>(value: &BTreeMap<String, Decimal>, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(value.iter().map(|(k, v)| (k, super::DecimalRef(v))))
    }

    /// Reads numbers.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<BTreeMap<String, Decimal>, D::Error> {
        Ok(BTreeMap::<String, super::DecimalOwned>::deserialize(deserializer)?.into_iter().map(|(k, d)| (k, d.0)).collect())
    }
}

/// An optional map of decimals as JSON numbers.
pub mod decimal_map_option {
    use std::collections::BTreeMap;

    use rust_decimal::Decimal;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes numbers.
    pub fn serialize<S: Serializer>(value: &Option<BTreeMap<String, Decimal>>, serializer: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(m) => serializer.collect_map(m.iter().map(|(k, v)| (k, super::DecimalRef(v)))),
            None => serializer.serialize_none(),
        }
    }

    /// Reads numbers.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<BTreeMap<String, Decimal>>, D::Error> {
        Ok(Option::<BTreeMap<String, super::DecimalOwned>>::deserialize(deserializer)?
            .map(|m| m.into_iter().map(|(k, d)| (k, d.0)).collect()))
    }
}

/// `Option<Option<Decimal>>`: absent, `null`, or a JSON number.
pub mod decimal_double_option {
    use rust_decimal::Decimal;
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes `Some(None)` as `null`.
    pub fn serialize<S: Serializer>(value: &Option<Option<Decimal>>, serializer: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(Some(d)) => rust_decimal::serde::float::serialize(d, serializer),
            _ => serializer.serialize_none(),
        }
    }

    /// Reads a present field: `null` is `Some(None)`.
    pub fn deserialize<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Option<Decimal>>, D::Error> {
        Ok(Some(Option::<super::DecimalOwned>::deserialize(deserializer)?.map(|d| d.0)))
    }
}
