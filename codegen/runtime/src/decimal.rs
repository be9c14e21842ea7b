//! Decimal adapters: decimals at any depth inside containers are read and written with every
//! digit (never through `f64`), as JSON numbers, or as JSON strings where the spec says so
//! (`type: string, format: decimal`, as Stripe writes its `*_decimal` amounts).

/// A type holding decimals (in vectors, options, maps or boxes, nested to any depth) that is
/// written and read with every decimal's exact digits, never through an `f64`.
pub trait DecimalJson: Sized {
    /// Writes the value, decimals as JSON numbers, or as JSON strings when `text`.
    fn serialize_json<S: serde::Serializer>(
        &self,
        serializer: S,
        text: bool,
    ) -> Result<S::Ok, S::Error>;
    /// Reads the value, decimals from JSON numbers, or from JSON strings when `text`.
    fn deserialize_json<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
        text: bool,
    ) -> Result<Self, D::Error>;
}

/// A value holding decimals, serialized with every decimal's exact digits. The client sends its
/// decimal parameters and parts through it: a bare `Decimal`'s own `Serialize` depends on
/// rust_decimal's features, and another crate turning on `serde-float` would make it an `f64`.
#[doc(hidden)]
pub struct AsJson<'a, T>(pub &'a T);

impl<T: DecimalJson> serde::Serialize for AsJson<'_, T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize_json(serializer, false)
    }
}

/// [`AsJson`] for decimals the spec writes as strings (`type: string, format: decimal`): each
/// decimal a JSON string of its exact digits.
#[doc(hidden)]
pub struct AsText<'a, T>(pub &'a T);

impl<T: DecimalJson> serde::Serialize for AsText<'_, T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize_json(serializer, true)
    }
}

/// An item inside a container, written as its container is.
struct Item<'a, T> {
    value: &'a T,
    text: bool,
}

impl<T: DecimalJson> serde::Serialize for Item<'_, T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize_json(serializer, self.text)
    }
}

/// A value holding decimals, read with every decimal's exact digits (the reading half of
/// [`AsJson`]): bodies that are bare decimals or containers of them are read through it.
#[doc(hidden)]
pub struct FromJson<T>(pub T);

impl<'de, T: DecimalJson> serde::Deserialize<'de> for FromJson<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize_json(deserializer, false).map(FromJson)
    }
}

/// [`FromJson`] for decimals the spec writes as strings: each read from a JSON string.
#[doc(hidden)]
pub struct FromText<T>(pub T);

impl<'de, T: DecimalJson> serde::Deserialize<'de> for FromText<T> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        T::deserialize_json(deserializer, true).map(FromText)
    }
}

/// Reads an item inside a container as its container is read.
struct ItemSeed<T> {
    text: bool,
    item: std::marker::PhantomData<T>,
}

impl<T> ItemSeed<T> {
    fn new(text: bool) -> Self {
        Self {
            text,
            item: std::marker::PhantomData,
        }
    }
}

impl<'de, T: DecimalJson> serde::de::DeserializeSeed<'de> for ItemSeed<T> {
    type Value = T;
    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::deserialize_json(deserializer, self.text)
    }
}

impl DecimalJson for rust_decimal::Decimal {
    fn serialize_json<S: serde::Serializer>(
        &self,
        serializer: S,
        text: bool,
    ) -> Result<S::Ok, S::Error> {
        if text {
            return serializer.collect_str(self);
        }
        // The decimal's own digits as a JSON number: exact, where going through f64 would round
        // amounts beyond 15 significant digits (123456789012345.67 is one).
        match serde_json::value::RawValue::from_string(self.to_string()) {
            Ok(raw) => serde::Serialize::serialize(&raw, serializer),
            Err(_) => rust_decimal::serde::float::serialize(self, serializer),
        }
    }
    fn deserialize_json<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
        text: bool,
    ) -> Result<Self, D::Error> {
        // The number's text as sent (serde_json's raw value), never an f64: every digit is read,
        // and a number a decimal cannot hold is an error, not a rounding. This does not depend on
        // serde_json's `arbitrary_precision` feature, on or off. A `type: string` decimal is the
        // same digits in a JSON string (`"12.50"`); each form refuses the other, so that a union
        // of a decimal and a string reads a string as the string.
        let raw =
            <Box<serde_json::value::RawValue> as serde::Deserialize>::deserialize(deserializer)?;
        let quoted = raw.get().starts_with('"');
        match (text, quoted) {
            (false, false) => parse_decimal(raw.get()).map_err(serde::de::Error::custom),
            (true, true) => {
                let digits: String =
                    serde_json::from_str(raw.get()).map_err(serde::de::Error::custom)?;
                parse_decimal(&digits).map_err(serde::de::Error::custom)
            }
            (true, false) => Err(serde::de::Error::custom(format!(
                "expected a decimal in a JSON string, found {}",
                raw.get()
            ))),
            (false, true) => Err(serde::de::Error::custom(format!(
                "expected a decimal as a JSON number, found the string {}",
                raw.get()
            ))),
        }
    }
}

/// A JSON number's text as an exact decimal: every digit kept, exponents applied exactly
/// (`1e3` is `1000`, `1.5E-2` is `0.015`); an error when the value needs more than the 96-bit
/// mantissa (28-29 significant digits) or the 28 decimal places a decimal holds.
pub fn parse_decimal(text: &str) -> Result<rust_decimal::Decimal, String> {
    let refuse = |why: &str| format!("the number {text} {why}");
    let (negative, rest) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (number, exponent) = match rest.find(['e', 'E']) {
        Some(at) => {
            let exponent = &rest[at + 1..];
            let exponent = exponent.strip_prefix('+').unwrap_or(exponent);
            let exponent: i64 = exponent
                .parse()
                .map_err(|_| refuse("is not a JSON number"))?;
            (&rest[..at], exponent)
        }
        None => (rest, 0),
    };
    let (int, frac) = number.split_once('.').unwrap_or((number, ""));
    let digits_only = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if int.is_empty()
        || !digits_only(int)
        || !digits_only(frac)
        || (number.contains('.') && frac.is_empty())
    {
        return Err(refuse(
            "is not a JSON number (a decimal is read from a JSON number)",
        ));
    }
    let mut digits: String = format!("{int}{frac}").trim_start_matches('0').to_string();
    let mut scale = i64::try_from(frac.len())
        .unwrap_or(i64::MAX)
        .saturating_sub(exponent);
    if digits.is_empty() {
        // Zero, with its places (`0.00`) where a decimal can hold them.
        return rust_decimal::Decimal::try_from_i128_with_scale(0, scale.clamp(0, 28) as u32)
            .map_err(|e| refuse(&e.to_string()));
    }
    if scale < 0 {
        if digits.len() as i64 - scale > 40 {
            return Err(refuse(
                "is too large for a decimal (at most 79228162514264337593543950335)",
            ));
        }
        digits.push_str(&"0".repeat(scale.unsigned_abs() as usize));
        scale = 0;
    }
    // Trailing zeros after the point carry no value: drop them only where the exact value would
    // not fit otherwise (so `1.50` keeps its two places).
    let fits = |digits: &str, scale: i64| {
        digits.len() <= 29 && scale <= 28 && digits.parse::<u128>().is_ok_and(|m| m < 1 << 96)
    };
    while !fits(&digits, scale) && scale > 0 && digits.ends_with('0') {
        digits.pop();
        scale -= 1;
    }
    if scale > 28 {
        return Err(refuse("has more decimal places than a decimal holds (28)"));
    }
    if !fits(&digits, scale) {
        return Err(refuse("has more significant digits than a decimal holds (at most 79228162514264337593543950335)"));
    }
    let mantissa: i128 = digits.parse().map_err(|_| refuse("is out of range"))?;
    let mantissa = if negative { -mantissa } else { mantissa };
    rust_decimal::Decimal::try_from_i128_with_scale(mantissa, scale as u32)
        .map_err(|e| refuse(&e.to_string()))
}

impl<T: DecimalJson> DecimalJson for Vec<T> {
    fn serialize_json<S: serde::Serializer>(
        &self,
        serializer: S,
        text: bool,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter().map(|value| Item { value, text }))
    }
    fn deserialize_json<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
        text: bool,
    ) -> Result<Self, D::Error> {
        struct Items<T>(bool, std::marker::PhantomData<T>);
        impl<'de, T: DecimalJson> serde::de::Visitor<'de> for Items<T> {
            type Value = Vec<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an array")
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<Vec<T>, A::Error> {
                let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(4096));
                while let Some(item) = seq.next_element_seed(ItemSeed::new(self.0))? {
                    items.push(item);
                }
                Ok(items)
            }
        }
        deserializer.deserialize_seq(Items(text, std::marker::PhantomData))
    }
}

impl<T: DecimalJson> DecimalJson for Option<T> {
    fn serialize_json<S: serde::Serializer>(
        &self,
        serializer: S,
        text: bool,
    ) -> Result<S::Ok, S::Error> {
        match self {
            Some(value) => serializer.serialize_some(&Item { value, text }),
            None => serializer.serialize_none(),
        }
    }
    fn deserialize_json<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
        text: bool,
    ) -> Result<Self, D::Error> {
        struct Maybe<T>(bool, std::marker::PhantomData<T>);
        impl<'de, T: DecimalJson> serde::de::Visitor<'de> for Maybe<T> {
            type Value = Option<T>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a value or null")
            }
            fn visit_none<E: serde::de::Error>(self) -> Result<Option<T>, E> {
                Ok(None)
            }
            fn visit_unit<E: serde::de::Error>(self) -> Result<Option<T>, E> {
                Ok(None)
            }
            fn visit_some<D: serde::Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
                T::deserialize_json(d, self.0).map(Some)
            }
        }
        deserializer.deserialize_option(Maybe(text, std::marker::PhantomData))
    }
}

impl<T: DecimalJson> DecimalJson for std::collections::BTreeMap<String, T> {
    fn serialize_json<S: serde::Serializer>(
        &self,
        serializer: S,
        text: bool,
    ) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter().map(|(key, value)| (key, Item { value, text })))
    }
    fn deserialize_json<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
        text: bool,
    ) -> Result<Self, D::Error> {
        struct Entries<T>(bool, std::marker::PhantomData<T>);
        impl<'de, T: DecimalJson> serde::de::Visitor<'de> for Entries<T> {
            type Value = std::collections::BTreeMap<String, T>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("an object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(
                self,
                mut map: A,
            ) -> Result<Self::Value, A::Error> {
                let mut out = std::collections::BTreeMap::new();
                while let Some(key) = map.next_key::<String>()? {
                    let value = map.next_value_seed(ItemSeed::new(self.0))?;
                    out.insert(key, value);
                }
                Ok(out)
            }
        }
        deserializer.deserialize_map(Entries(text, std::marker::PhantomData))
    }
}

impl<T: DecimalJson> DecimalJson for Box<T> {
    fn serialize_json<S: serde::Serializer>(
        &self,
        serializer: S,
        text: bool,
    ) -> Result<S::Ok, S::Error> {
        (**self).serialize_json(serializer, text)
    }
    fn deserialize_json<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
        text: bool,
    ) -> Result<Self, D::Error> {
        T::deserialize_json(deserializer, text).map(Box::new)
    }
}

/// `#[serde(with)]` adapter for any [`DecimalJson`] field.
pub mod decimal_json {
    use serde::{Deserializer, Serializer};

    /// Writes decimals as numbers.
    pub fn serialize<T: super::DecimalJson, S: Serializer>(
        value: &T,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        value.serialize_json(serializer, false)
    }

    /// Reads decimals from numbers.
    pub fn deserialize<'de, T: super::DecimalJson, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<T, D::Error> {
        T::deserialize_json(deserializer, false)
    }
}

/// [`decimal_json`] for decimals the spec writes as strings (`type: string, format: decimal`).
pub mod decimal_text {
    use serde::{Deserializer, Serializer};

    /// Writes decimals as strings of their exact digits.
    pub fn serialize<T: super::DecimalJson, S: Serializer>(
        value: &T,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        value.serialize_json(serializer, true)
    }

    /// Reads decimals from strings.
    pub fn deserialize<'de, T: super::DecimalJson, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<T, D::Error> {
        T::deserialize_json(deserializer, true)
    }
}

/// `Option<Option<T>>` holding decimals: absent, `null`, or the value with decimals as numbers.
pub mod decimal_double_option {
    use serde::{Deserializer, Serializer};

    use super::DecimalJson;

    /// Writes `Some(None)` as `null`.
    pub fn serialize<T: DecimalJson, S: Serializer>(
        value: &Option<Option<T>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        written(value, serializer, false)
    }

    pub(super) fn written<T: DecimalJson, S: Serializer>(
        value: &Option<Option<T>>,
        serializer: S,
        text: bool,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(Some(value)) => value.serialize_json(serializer, text),
            _ => serializer.serialize_none(),
        }
    }

    /// Reads a present field: `null` is `Some(None)`.
    pub fn deserialize<'de, T: DecimalJson, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Option<T>>, D::Error> {
        Option::<T>::deserialize_json(deserializer, false).map(Some)
    }
}

/// [`decimal_double_option`] for decimals the spec writes as strings.
pub mod decimal_text_double_option {
    use serde::{Deserializer, Serializer};

    use super::DecimalJson;

    /// Writes `Some(None)` as `null`, a value's decimals as strings.
    pub fn serialize<T: DecimalJson, S: Serializer>(
        value: &Option<Option<T>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        super::decimal_double_option::written(value, serializer, true)
    }

    /// Reads a present field: `null` is `Some(None)`, a value's decimals from strings.
    pub fn deserialize<'de, T: DecimalJson, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Option<T>>, D::Error> {
        Option::<T>::deserialize_json(deserializer, true).map(Some)
    }
}

/// Reads a [`DecimalJson`] value from JSON text (a union variant or an additional property, read
/// from the raw text its container captured).
pub fn decimal_from_str<T: DecimalJson>(text: &str) -> Result<T, serde_json::Error> {
    read_str(text, false)
}

/// [`decimal_from_str`] for decimals the spec writes as strings.
pub fn decimal_text_from_str<T: DecimalJson>(text: &str) -> Result<T, serde_json::Error> {
    read_str(text, true)
}

fn read_str<T: DecimalJson>(json: &str, text: bool) -> Result<T, serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_str(json);
    let value = T::deserialize_json(&mut deserializer, text)?;
    deserializer.end()?;
    Ok(value)
}

/// Reads a path, query or header parameter, or a form part, as an exact decimal (`1e3` is
/// `1000`): a value a decimal cannot hold is an error naming the parameter, never a rounding
/// (rust_decimal's own parser rounds past 28 places).
pub fn coerce_decimal(name: &str, raw: &str) -> Result<rust_decimal::Decimal, String> {
    parse_decimal(raw.trim()).map_err(|e| format!("`{name}`: {e}"))
}

/// Reads a parameter sent as JSON text that holds decimals (outside a model, which carries its
/// own adapters) with every decimal's exact digits, as [`FromJson`] reads a body.
pub fn coerce_json_decimal<T: DecimalJson>(name: &str, raw: &str) -> Result<T, String> {
    decimal_from_str(raw).map_err(|e| format!("`{name}`: cannot read {raw:?} as JSON: {e}"))
}

/// [`coerce_json_decimal`] for decimals the spec writes as strings.
pub fn coerce_json_decimal_text<T: DecimalJson>(name: &str, raw: &str) -> Result<T, String> {
    decimal_text_from_str(raw).map_err(|e| format!("`{name}`: cannot read {raw:?} as JSON: {e}"))
}

/// Reads a list of texts as exact decimals, as [`coerce_decimal`] does.
pub fn coerce_decimal_list(
    name: &str,
    items: &[String],
) -> Result<Vec<rust_decimal::Decimal>, String> {
    items
        .iter()
        .map(|item| coerce_decimal(name, item))
        .collect()
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use rust_decimal::Decimal;

    use super::*;

    #[test]
    fn parse_decimal_is_exact_or_an_error() {
        let parsed = |text: &str| parse_decimal(text).map(|d| d.to_string());
        assert_eq!(parsed("1350.10").unwrap(), "1350.10");
        assert_eq!(parsed("1e3").unwrap(), "1000");
        assert_eq!(parsed("1.5E-2").unwrap(), "0.015");
        assert_eq!(parsed("-0.00").unwrap(), "0.00");
        assert_eq!(
            parsed("79228162514264337593543950335").unwrap(),
            "79228162514264337593543950335"
        );
        assert!(parsed("79228162514264337593543950336")
            .unwrap_err()
            .contains("significant digits"));
        assert!(parsed("0.00000000000000000000000000001")
            .unwrap_err()
            .contains("decimal places"));
        for bad in ["", "1.", ".5", "1e", "0x10", "1,5", "--1"] {
            assert!(parse_decimal(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn decimals_inside_containers_are_json_numbers_with_every_digit() {
        #[derive(serde::Serialize, serde::Deserialize, PartialEq, Debug)]
        struct Prices {
            #[serde(with = "decimal_json")]
            lines: Vec<Option<Decimal>>,
            #[serde(with = "decimal_json")]
            taxes: BTreeMap<String, Box<Decimal>>,
        }
        let text = r#"{"lines":[123456789012345.67,null],"taxes":{"vat":0.1}}"#;
        let prices: Prices = serde_json::from_str(text).unwrap();
        assert_eq!(prices.lines[0].unwrap().to_string(), "123456789012345.67");
        assert_eq!(serde_json::to_string(&prices).unwrap(), text);
        assert!(serde_json::from_str::<Prices>(r#"{"lines":["1"],"taxes":{}}"#).is_err());
    }

    #[test]
    fn parameters_name_themselves_when_they_do_not_fit() {
        assert_eq!(
            coerce_decimal("amount", " 1e3 ").unwrap().to_string(),
            "1000"
        );
        let error = coerce_decimal("amount", "1e40").unwrap_err();
        assert!(error.starts_with("`amount`: "), "{error}");
        let list = coerce_decimal_list("a", &["1.5".into(), "2".into()]).unwrap();
        assert_eq!(list, [Decimal::new(15, 1), Decimal::new(2, 0)]);
        assert_eq!(
            decimal_from_str::<Vec<Decimal>>("[0.30]").unwrap(),
            [Decimal::new(30, 2)]
        );
    }
}
