//! Decimal adapters: decimals at any depth inside containers are read and written as JSON
//! numbers, with every digit (never through `f64`).

/// A type holding decimals (in vectors, options, maps or boxes, nested to any depth) that is
/// written and read with every decimal as a JSON number, never as a string or an `f64`.
pub trait DecimalJson: Sized {
    /// Writes the value, decimals as numbers.
    fn serialize_json<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error>;
    /// Reads the value, decimals from JSON numbers.
    fn deserialize_json<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Self, D::Error>;
}

/// A value holding decimals, serialized with every decimal's exact digits. The client sends its
/// decimal parameters and parts through it: a bare `Decimal`'s own `Serialize` depends on
/// rust_decimal's features, and another crate turning on `serde-float` would make it an `f64`.
#[doc(hidden)]
pub struct AsJson<'a, T>(pub &'a T);

impl<T: DecimalJson> serde::Serialize for AsJson<'_, T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.serialize_json(serializer)
    }
}

/// A value holding decimals, read with every decimal's exact digits (the reading half of
/// [`AsJson`]): bodies that are bare decimals or containers of them are read through it.
#[doc(hidden)]
pub struct FromJson<T>(pub T);

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
    fn deserialize_json<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Self, D::Error> {
        // The number's text as sent (serde_json's raw value), never an f64: every digit is read,
        // and a number a decimal cannot hold is an error, not a rounding. This does not depend on
        // serde_json's `arbitrary_precision` feature, on or off.
        let raw =
            <Box<serde_json::value::RawValue> as serde::Deserialize>::deserialize(deserializer)?;
        parse_decimal(raw.get()).map_err(serde::de::Error::custom)
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
    fn serialize_json<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter().map(AsJson))
    }
    fn deserialize_json<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Self, D::Error> {
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
    fn deserialize_json<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Self, D::Error> {
        let value = <Option<FromJson<T>> as serde::Deserialize>::deserialize(deserializer)?;
        Ok(value.map(|value| value.0))
    }
}

impl<T: DecimalJson> DecimalJson for std::collections::BTreeMap<String, T> {
    fn serialize_json<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter().map(|(key, value)| (key, AsJson(value))))
    }
    fn deserialize_json<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Self, D::Error> {
        let map =
            <std::collections::BTreeMap<String, FromJson<T>> as serde::Deserialize>::deserialize(
                deserializer,
            )?;
        Ok(map.into_iter().map(|(key, value)| (key, value.0)).collect())
    }
}

impl<T: DecimalJson> DecimalJson for Box<T> {
    fn serialize_json<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        (**self).serialize_json(serializer)
    }
    fn deserialize_json<'de, D: serde::Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Self, D::Error> {
        T::deserialize_json(deserializer).map(Box::new)
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
        value.serialize_json(serializer)
    }

    /// Reads decimals from numbers.
    pub fn deserialize<'de, T: super::DecimalJson, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<T, D::Error> {
        T::deserialize_json(deserializer)
    }
}

/// `Option<Option<T>>` holding decimals: absent, `null`, or the value with decimals as numbers.
pub mod decimal_double_option {
    use serde::{Deserialize, Deserializer, Serializer};

    /// Writes `Some(None)` as `null`.
    pub fn serialize<T: super::DecimalJson, S: Serializer>(
        value: &Option<Option<T>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(Some(value)) => value.serialize_json(serializer),
            _ => serializer.serialize_none(),
        }
    }

    /// Reads a present field: `null` is `Some(None)`.
    pub fn deserialize<'de, T: super::DecimalJson, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Option<T>>, D::Error> {
        Ok(Some(
            Option::<super::FromJson<T>>::deserialize(deserializer)?.map(|value| value.0),
        ))
    }
}

/// Reads a [`DecimalJson`] value from JSON text (a union variant or an additional property, read
/// from the raw text its container captured).
pub fn decimal_from_str<T: DecimalJson>(text: &str) -> Result<T, serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let value = T::deserialize_json(&mut deserializer)?;
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
    serde_json::from_str(raw)
        .map(|FromJson(value)| value)
        .map_err(|e| format!("`{name}`: cannot read {raw:?} as JSON: {e}"))
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
