//! Formatting, most of a generation's time, spread over all cores: the output is cut into
//! sections (the `types` module in chunks of items, then `runtime`, `client`, `server`), each
//! emitted, parsed and printed by prettyplease on its own thread, and the texts joined in order.
//!
//! prettyplease prints the items of a module one after another, each independently of its
//! neighbours, so a chunk of `types` items printed inside a stand-in module is, line for line,
//! what the same items look like inside the whole `types` module; the stand-in lines are then
//! cut. The result is byte-identical to formatting the whole file at once (a test checks it),
//! whatever the number of cores.

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::{client, lints, models, server, Cx, Module};
use crate::ir::TypeDef;

/// The stand-in module a chunk of `types` items is printed in.
const CHUNK_MODULE: &str = "__types_chunk";

/// Fewest types worth a chunk of their own.
const MIN_CHUNK: usize = 32;

/// The `types` module whole, or one chunk of its items.
#[derive(Clone, Copy)]
pub(super) enum TypesPart<'a> {
    /// The whole module.
    Whole(&'a [TypeDef]),
    /// The module's docs, lints, opening and first items; its closing brace is cut.
    First(&'a [TypeDef]),
    /// Items in the middle.
    Middle(&'a [TypeDef]),
    /// The last items and the module's closing brace.
    Last(&'a [TypeDef]),
}

/// One top-level piece of the output.
pub(super) enum Section<'a> {
    /// The `types` module, or a chunk of it.
    Types(TypesPart<'a>),
    /// The `runtime` module.
    Runtime,
    /// The `client` module.
    Client,
    /// The `server` module.
    Server,
    /// The crate-root re-exports.
    Reexports {
        /// Whether the client is emitted.
        client: bool,
    },
}

impl Section<'_> {
    /// The section's tokens. A chunk that does not open the `types` module is wrapped in the
    /// stand-in module, so it parses and indents as inside `types`.
    pub(super) fn tokens(&self, cx: &Cx) -> TokenStream {
        match self {
            Section::Types(TypesPart::Whole(types) | TypesPart::First(types)) => {
                let lints = lints(Module::Types);
                // Only aliases and forms (or no types): nothing derives serde's traits.
                let derives = cx.api.types.iter().any(|t| {
                    !matches!(
                        t.shape,
                        crate::ir::Shape::Alias(_) | crate::ir::Shape::Form(_)
                    )
                });
                let imports = derives.then(models::imports);
                let items = models::emit(cx, types);
                quote! {
                    /// Models: one type per schema of the spec.
                    #lints
                    pub mod types {
                        #imports
                        #items
                    }
                }
            }
            Section::Types(TypesPart::Middle(types) | TypesPart::Last(types)) => {
                let items = models::emit(cx, types);
                let chunk = format_ident!("{CHUNK_MODULE}");
                quote!(mod #chunk { #items })
            }
            Section::Runtime => quote! {
                /// Support code shared by the client, the models and the server: the
                /// `codegen-runtime` crate's.
                pub mod runtime {
                    pub use ::codegen_runtime::*;
                }
            },
            Section::Client => client::emit(cx),
            Section::Server => server::emit(cx),
            Section::Reexports { client: true } => quote! {
                pub use client::{Client, ClientBuilder, Error, ErrorBody};
                pub use runtime::FilePart;
            },
            Section::Reexports { client: false } => quote! { pub use runtime::FilePart; },
        }
    }

    /// Roughly how many lines the section prints to (per operation and per type, as on large
    /// real specs), to hand the largest out first.
    fn estimated_lines(&self, cx: &Cx) -> usize {
        let operations = cx.api.operations.len();
        match self {
            Section::Types(
                TypesPart::Whole(types)
                | TypesPart::First(types)
                | TypesPart::Middle(types)
                | TypesPart::Last(types),
            ) => 30 * types.len(),
            Section::Runtime => 500,
            Section::Client => 2000 + 70 * operations,
            Section::Server => 1500 + 90 * operations,
            Section::Reexports { .. } => 0,
        }
    }

    /// Cuts the stand-in lines from a printed chunk: the stand-in module's opening line, and
    /// the closing brace of a module the next chunk continues. `None` if the text is not shaped
    /// as expected (then the caller formats the whole file at once).
    fn trim(&self, text: String) -> Option<String> {
        let (cut_opening, cut_closing) = match self {
            Section::Types(TypesPart::First(_)) => (false, true),
            Section::Types(TypesPart::Middle(_)) => (true, true),
            Section::Types(TypesPart::Last(_)) => (true, false),
            _ => return Some(text),
        };
        let mut rest = text.as_str();
        if cut_opening {
            rest = rest.strip_prefix(&format!("mod {CHUNK_MODULE} {{\n"))?;
        }
        if cut_closing {
            rest = rest.strip_suffix("}\n")?;
        }
        Some(rest.to_string())
    }
}

/// Cuts the `types` module into chunks, a few per worker so that uneven chunks even out.
pub(super) fn split_types(types: &[TypeDef], workers: usize) -> Vec<TypesPart<'_>> {
    let size = (types.len() / (workers * 4)).max(MIN_CHUNK);
    if workers <= 1 || types.len() <= size {
        return vec![TypesPart::Whole(types)];
    }
    let chunks: Vec<&[TypeDef]> = types.chunks(size).collect();
    let last = chunks.len() - 1;
    chunks
        .into_iter()
        .enumerate()
        .map(|(i, chunk)| match i {
            0 => TypesPart::First(chunk),
            i if i == last => TypesPart::Last(chunk),
            _ => TypesPart::Middle(chunk),
        })
        .collect()
}

/// A section's text, `None` if it did not parse or print as expected.
type Printed = Option<String>;

/// Emits, parses and prints every section, spread over the workers; the texts joined in
/// order. `None` if a section did not parse or print as expected (the caller then formats the
/// whole file at once, which says why if the code does not parse).
pub(super) fn format_sections(cx: &Cx, sections: &[Section], workers: usize) -> Option<String> {
    let next = AtomicUsize::new(0);
    let printed: Vec<Mutex<Option<Printed>>> = sections.iter().map(|_| Mutex::new(None)).collect();
    // The largest sections first, so that the workers finish together: a large one taken last
    // would leave the other workers idle while one prints it.
    let mut order: Vec<usize> = (0..sections.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(sections[i].estimated_lines(cx)));
    // Each worker takes the next section not yet taken, until none is left.
    let work = || {
        while let Some(&index) = order.get(next.fetch_add(1, Ordering::Relaxed)) {
            let section = &sections[index];
            let text = super::stream::print_items(section.tokens(cx)).and_then(|t| section.trim(t));
            *printed[index].lock().unwrap_or_else(|e| e.into_inner()) = Some(text);
        }
    };
    std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..workers.min(sections.len()))
            .filter_map(|i| {
                std::thread::Builder::new()
                    .name(format!("codegen-format-{i}"))
                    // Printing recurses with the code's nesting, as the pipeline's thread does.
                    .stack_size(crate::stack::STAGE_STACK)
                    .spawn_scoped(scope, work)
                    // Without a helper thread, the calling thread does its share.
                    .ok()
            })
            .collect();
        work();
        for helper in helpers {
            if let Err(panic) = helper.join() {
                std::panic::resume_unwind(panic);
            }
        }
    });
    let texts = printed
        .into_iter()
        .map(|slot| {
            slot.into_inner()
                .unwrap_or_else(|e| e.into_inner())
                .expect("every section was taken by a worker, and workers finish or panic")
        })
        .collect::<Option<Vec<String>>>()?;
    Some(texts.concat())
}
