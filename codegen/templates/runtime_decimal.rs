// Decimal adapters: decimals at any depth inside containers are read and written as JSON numbers.

/// A type holding decimals (in vectors, options, maps or boxes, nested to any depth) that is
/// written and read with every decimal as a JSON number, never as a string or an `f64`.
pub trait DecimalJson: Sized {
    /// Writes the value, decimals as numbers.
    fn serialize_json<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;
    /// Reads the value, decimals from JSON numbers.
    fn deserialize_json<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error>;
}

struct AsJson<'a, T>(&'a T);

impl<T: DecimalJson> serde::Serialize for AsJson<'_, T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize_json(serializer)
    }
}

struct FromJson<T>(T);

impl<'de, T: DecimalJson> serde::Deserialize<'de> for FromJson<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize_json(deserializer).map(FromJson)
    }
}

impl DecimalJson for rust_decimal::Decimal {
    fn serialize_json<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // The decimal's own digits as a JSON number: exact, where going through f64 would round
        // amounts beyond 15 significant digits (123456789012345.67 is one).
        match serde_json::value::RawValue::from_string(self.to_string()) {
            Ok(raw) => serde::Serialize::serialize(&raw, serializer),
            Err(_) => rust_decimal::serde::float::serialize(self, serializer),
        }
    }
    fn deserialize_json<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        rust_decimal::serde::float::deserialize(deserializer)
    }
}

impl<T: DecimalJson> DecimalJson for Vec<T> {
    fn serialize_json<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter().map(AsJson))
    }
    fn deserialize_json<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let items = <Vec<FromJson<T>> as serde::Deserialize>::deserialize(deserializer)?;
        Ok(items.into_iter().map(|item| item.0).collect())
    }
}

impl<T: DecimalJson> DecimalJson for Option<T> {
    fn serialize_json<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            Some(value) => serializer.serialize_some(&AsJson(value)),
            None => serializer.serialize_none(),
        }
    }
    fn deserialize_json<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = <Option<FromJson<T>> as serde::Deserialize>::deserialize(deserializer)?;
        Ok(value.map(|value| value.0))
    }
}

impl<T: DecimalJson> DecimalJson for std::collections::BTreeMap<String, T> {
    fn serialize_json<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter().map(|(key, value)| (key, AsJson(value))))
    }
    fn deserialize_json<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let map = <std::collections::BTreeMap<String, FromJson<T>> as serde::Deserialize>::deserialize(deserializer)?;
        Ok(map.into_iter().map(|(key, value)| (key, value.0)).collect())
    }
}

impl<T: DecimalJson> DecimalJson for Box<T> {
    fn serialize_json<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (**self).serialize_json(serializer)
    }
    fn deserialize_json<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize_json(deserializer).map(Box::new)
    }
}

/// `#[serde(with)]` adapter for any [`DecimalJson`] field.
pub mod decimal_json {
    use serde::{Deserializer, Serializer};

    /// Writes decimals as numbers.
    pub fn serialize<T: super::DecimalJson, S: Serializer>(value: &T, serializer: S) -> Result<S::Ok, S::Error> {
        value.serialize_json(serializer)
    }

    /// Reads decimals from numbers.
    pub fn deserialize<'de, T: super::DecimalJson, D: Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
        T::deserialize_json(deserializer)
    }
}

/// `Option<Option<T>>` holding decimals: absent, `null`, or the value with decimals as numbers.
pub mod decimal_double_option {
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes `Some(None)` as `null`.
    pub fn serialize<T: super::DecimalJson, S: Serializer>(value: &Option<Option<T>>, serializer: S) -> Result<S::Ok, S::Error> {
        match value {
            Some(Some(value)) => value.serialize_json(serializer),
            _ => serializer.serialize_none(),
        }
    }

    /// Reads a present field: `null` is `Some(None)`.
    pub fn deserialize<'de, T: super::DecimalJson, D: Deserializer<'de>>(deserializer: D) -> Result<Option<Option<T>>, D::Error> {
        Ok(Some(Option::<super::FromJson<T>>::deserialize(deserializer)?.map(|value| value.0)))
    }
}
