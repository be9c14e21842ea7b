//! Printing generated tokens one item at a time, with the same text as parsing and printing the
//! whole file ([`super::format`]).
//!
//! Holding the syntax tree of a whole section, and the token buffer syn builds before parsing
//! it (one entry per token, grown by doubling), made the allocator fault in fresh memory for
//! most of a generation's time. So the tokens are cut into items before syn sees them: an item
//! ends at a `;` or at a `{ .. }` followed by the next item's first token (`#` or a word) or by
//! nothing. Each item is parsed alone, which checks the cut (a wrong cut leaves a piece that is
//! not one whole item, and the caller then formats the file at once). A module is printed as
//! its opening line, its items and its closing brace; every item is printed inside stand-in
//! modules as deep as it sits, whose lines are then cut: prettyplease prints the items of a
//! module each independently of its neighbours, so the text is what the whole file gives.

use proc_macro2::{Delimiter, Group, Spacing, TokenStream, TokenTree};
use quote::format_ident;

/// The stand-in module's name.
const STAND_IN: &str = "__item";

/// A stand-in module's opening line, after its indentation.
const STAND_IN_OPENING: &str = "mod __item {\n";

/// `tokens` (a sequence of items) printed as [`super::format`] prints them, or `None` if a
/// piece does not parse as one item or prints in an unexpected shape.
pub(super) fn print_items(tokens: TokenStream) -> Option<String> {
    let mut out = String::new();
    print_at(tokens, 0, &mut out)?;
    Some(out)
}

/// Prints the items in `tokens` as the items of a module `depth` levels deep.
fn print_at(tokens: TokenStream, depth: usize, out: &mut String) -> Option<()> {
    for item in split_items(tokens) {
        match split_module(item) {
            Ok((head, body)) => {
                let empty = Group::new(Delimiter::Brace, TokenStream::new());
                let mut header = head;
                header.extend([TokenTree::Group(empty)]);
                // Printed with an empty body, a module ends in `{}`; with items, `{` ends a line.
                print_item(header, depth, out)?;
                if body.is_empty() {
                    continue;
                }
                out.truncate(out.strip_suffix("{}\n")?.len());
                out.push_str("{\n");
                print_at(body, depth + 1, out)?;
                push_indent(out, depth);
                out.push_str("}\n");
            }
            Err(item) => print_item(item, depth, out)?,
        }
    }
    Some(())
}

/// Cuts a sequence of items into one stream per item (see the module docs for the rule).
fn split_items(tokens: TokenStream) -> Vec<TokenStream> {
    let mut items = Vec::new();
    let mut current: Vec<TokenTree> = Vec::new();
    let mut tokens = tokens.into_iter().peekable();
    while let Some(token) = tokens.next() {
        let ends = match &token {
            TokenTree::Punct(p) => p.as_char() == ';',
            TokenTree::Group(g) if g.delimiter() == Delimiter::Brace => match tokens.peek() {
                None | Some(TokenTree::Ident(_)) => true,
                Some(TokenTree::Punct(p)) => p.as_char() == '#',
                Some(_) => false,
            },
            _ => false,
        };
        current.push(token);
        if ends {
            items.push(current.drain(..).collect());
        }
    }
    if !current.is_empty() {
        items.push(current.into_iter().collect());
    }
    items
}

/// A module with a body, `#[..] pub mod name { .. }`, as its head (up to the name) and its
/// body; anything else (a module with inner attributes included: they print after the `{`) is
/// given back whole.
fn split_module(item: TokenStream) -> Result<(TokenStream, TokenStream), TokenStream> {
    let mut tokens: Vec<TokenTree> = item.into_iter().collect();
    let n = tokens.len();
    let is_module = n >= 3
        && matches!(&tokens[n - 1], TokenTree::Group(g) if g.delimiter() == Delimiter::Brace)
        && matches!(&tokens[n - 2], TokenTree::Ident(_))
        && matches!(&tokens[n - 3], TokenTree::Ident(i) if i == "mod");
    if !is_module {
        return Err(tokens.into_iter().collect());
    }
    let Some(TokenTree::Group(body)) = tokens.pop() else {
        unreachable!("checked above");
    };
    let body = body.stream();
    let mut start = body.clone().into_iter();
    let inner_attribute = matches!(
        (start.next(), start.next()),
        (Some(TokenTree::Punct(hash)), Some(TokenTree::Punct(bang)))
            if hash.as_char() == '#' && hash.spacing() == Spacing::Alone && bang.as_char() == '!'
    );
    if inner_attribute {
        tokens.push(TokenTree::Group(Group::new(Delimiter::Brace, body)));
        return Err(tokens.into_iter().collect());
    }
    Ok((tokens.into_iter().collect(), body))
}

/// Appends one item to `out`, printed as inside a module `depth` levels deep.
fn print_item(tokens: TokenStream, depth: usize, out: &mut String) -> Option<()> {
    let mut item: syn::Item = syn::parse2(tokens).ok()?;
    syn::visit_mut::VisitMut::visit_item_mut(&mut super::SafeDocs, &mut item);
    for _ in 0..depth {
        item = syn::Item::Mod(syn::ItemMod {
            attrs: Vec::new(),
            vis: syn::Visibility::Inherited,
            unsafety: None,
            mod_token: Default::default(),
            ident: format_ident!("{STAND_IN}"),
            content: Some((Default::default(), vec![item])),
            semi: None,
        });
    }
    let text = prettyplease::unparse(&syn::File {
        shebang: None,
        attrs: Vec::new(),
        items: vec![item],
    });
    let mut rest = text.as_str();
    let mut indent = String::new();
    for level in 0..depth {
        indent.clear();
        push_indent(&mut indent, level);
        rest = rest
            .strip_prefix(indent.as_str())?
            .strip_prefix(STAND_IN_OPENING)?;
        rest = rest.strip_suffix("}\n")?.strip_suffix(indent.as_str())?;
    }
    out.push_str(rest);
    Some(())
}

fn push_indent(out: &mut String, depth: usize) {
    for _ in 0..depth {
        out.push_str("    ");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    fn whole(tokens: TokenStream) -> String {
        super::super::format(tokens).unwrap()
    }

    #[test]
    fn items_are_cut_at_semicolons_and_closing_braces() {
        let tokens = quote! {
            use a::{b, c};
            #[derive(Debug)]
            pub struct S { x: u8 }
            const C: S = S { x: 1 };
            impl S { fn f(&self) {} }
            macro_rules! m { () => {} }
            pub mod inner { pub fn g() {} }
            struct T;
        };
        let items: Vec<String> = split_items(tokens).iter().map(|t| t.to_string()).collect();
        assert_eq!(
            items,
            [
                "use a :: { b , c } ;",
                "# [derive (Debug)] pub struct S { x : u8 }",
                "const C : S = S { x : 1 } ;",
                "impl S { fn f (& self) { } }",
                "macro_rules ! m { () => { } }",
                "pub mod inner { pub fn g () { } }",
                "struct T ;",
            ]
        );
    }

    #[test]
    fn nested_modules_print_as_the_whole_file_does() {
        let tokens = quote! {
            /// Docs.
            #[allow(dead_code)]
            pub mod outer {
                pub mod empty {}
                pub mod inner {
                    #![allow(unused)]
                    /// A function whose signature is long enough that it has to be broken over lines.
                    pub fn a_long_function_name(first_argument: u8, second_argument: String) -> Option<u8> { None }
                }
                pub mod deeper { pub mod deepest { pub struct Unit; } }
                #[doc = "a lone \r and a \u{202e}"]
                pub struct S { pub x: u8 }
            }
            pub use outer::S;
        };
        assert_eq!(print_items(tokens.clone()).unwrap(), whole(tokens));
    }

    #[test]
    fn a_wrong_cut_gives_up_instead_of_printing_other_code() {
        // `S {}` followed by a word does not end the item here: the first piece is not an item.
        let tokens = quote!(
            const C: u8 = S {} as u8;
        );
        assert_eq!(print_items(tokens), None);
    }

    /// Every section of the generated code streams (no fallback to formatting the file at once,
    /// which would be correct but slow): the fixtures, and a large real spec.
    #[test]
    fn generated_code_is_printed_item_by_item() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
        let mut specs: Vec<_> = std::fs::read_dir(root.join("tests/fixtures"))
            .unwrap()
            .map(|e| e.unwrap().path())
            .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
            .collect();
        specs.push(root.join("spec/one-cp.yaml"));
        specs.push(root.join("../shared/corpus/progenitor-nexus.json"));
        for spec in specs {
            let lowered = crate::Generator::new().lower_file(&spec).unwrap();
            let cx = super::super::Cx::new(&lowered.api, Some("my_api"));
            let types = super::super::format::split_types(&lowered.api.types, 3);
            for section in super::super::sections(super::super::Parts::default(), &types) {
                assert!(
                    print_items(section.tokens(&cx)).is_some(),
                    "{}: a section fell back to formatting the file at once",
                    spec.display()
                );
            }
        }
    }
}
