//! The support code every generated crate carries, kept as real Rust files under `templates/`
//! and re-emitted as tokens (so it is formatted with the rest and checked by the compiler there).

use proc_macro2::TokenStream;
use quote::quote;

const CORE: &str = include_str!("../../templates/runtime.rs");
const DECIMAL: &str = include_str!("../../templates/runtime_decimal.rs");
const SERVER: &str = include_str!("../../templates/server_runtime.rs");
const SERVER_FORM: &str = include_str!("../../templates/server_form.rs");
const CLIENT: &str = include_str!("../../templates/client_runtime.rs");

fn parse(source: &str) -> TokenStream {
    let file: syn::File =
        syn::parse_str(source).expect("the runtime templates are valid Rust (checked by tests)");
    let items = file.items;
    quote!(#(#items)*)
}

/// The runtime module's items; the decimal adapters only when the API uses decimals.
pub(super) fn runtime(uses_decimal: bool) -> TokenStream {
    let core = parse(CORE);
    let decimal = uses_decimal.then(|| parse(DECIMAL));
    quote!(#core #decimal)
}

/// Server-side helpers (request decoding, auth parsing); the urlencoded-form readers only when
/// an operation takes such a body.
pub(super) fn server(uses_form: bool) -> TokenStream {
    let core = parse(SERVER);
    let form = uses_form.then(|| parse(SERVER_FORM));
    quote!(#core #form)
}

/// Client-side helpers (sending with retries and interceptors, reading bodies with a limit). Doc
/// examples name the crate as `doc_crate` (or `my_api`).
pub(super) fn client(doc_crate: Option<&str>) -> TokenStream {
    parse(&CLIENT.replace("__crate__", doc_crate.unwrap_or("my_api")))
}

#[cfg(test)]
mod tests {
    #[test]
    fn templates_parse() {
        for source in [
            super::CORE,
            super::DECIMAL,
            super::SERVER,
            super::SERVER_FORM,
            super::CLIENT,
        ] {
            syn::parse_file(source).unwrap();
        }
    }
}
