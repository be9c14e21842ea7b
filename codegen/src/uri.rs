//! URI text, as specs write it in `$ref`s and paths.

/// `%20` and friends, as a URI reference writes them.
pub(crate) fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            if let Some(b) = s
                .get(i + 1..i + 3)
                .and_then(|hex| u8::from_str_radix(hex, 16).ok())
            {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_string())
}

/// The pairs of a query string (`recursion=1&mode=a%20b`), decoded (`+` is a space; a name
/// without `=` has no value).
pub(crate) fn query_pairs(query: &str) -> Vec<(String, Option<String>)> {
    let decoded = |text: &str| percent_decode(&text.replace('+', " "));
    query
        .split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| match pair.split_once('=') {
            Some((name, value)) => (decoded(name), Some(decoded(value))),
            None => (decoded(pair), None),
        })
        .collect()
}
