//! Helpers shared by the `codegen diff` tests (`mod support;` in each; a directory, so cargo does
//! not build it as a test of its own).

/// `text` (YAML or JSON) written as JSON with every mapping's keys in reverse order, recursively,
/// except the names under `properties`: their order is the order of the generated constructor's
/// arguments, so reordering them is a real change. The same spec, reordered and reformatted.
pub fn reordered(text: &str) -> String {
    let value: serde_json::Value = serde_yaml::from_str(text).expect("the spec is YAML or JSON");
    serde_json::to_string_pretty(&reversed(value, "")).expect("a JSON value is written")
}

fn reversed(value: serde_json::Value, key: &str) -> serde_json::Value {
    match value {
        serde_json::Value::Object(map) => {
            let mut entries: Vec<_> = map.into_iter().collect();
            if key != "properties" {
                entries.reverse();
            }
            entries
                .into_iter()
                .map(|(k, v)| {
                    let v = reversed(v, &k);
                    (k, v)
                })
                .collect::<serde_json::Map<_, _>>()
                .into()
        }
        serde_json::Value::Array(items) => items.into_iter().map(|v| reversed(v, "")).collect(),
        other => other,
    }
}
