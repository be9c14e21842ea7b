//! The threads the pipeline runs on, with a stack deep enough for any spec the parsers accept.

use crate::{Diagnostic, Diagnostics};

/// Stack for the pipeline's thread. Its recursion follows the spec's nesting, also in code this
/// crate does not control (the derived deserializers of `openapiv3`, `syn`, `prettyplease`), and an
/// unoptimised build needs up to ~45 KiB of stack per level (a chain of `not`): a spec nested to
/// the YAML and JSON parsers' limit of 128 levels overflowed a 2 MiB test thread at 40 levels.
/// This is address space reserved, not memory used.
pub(crate) const STAGE_STACK: usize = 64 * 1024 * 1024;

/// Runs `job` on a thread with [`STAGE_STACK`] of stack, so that no spec the parsers accept can
/// overflow the caller's stack (which may be a 2 MiB test thread). A panic is passed on.
pub(crate) fn on_big_stack<T: Send>(
    job: impl FnOnce() -> Result<T, Diagnostics> + Send,
) -> Result<T, Diagnostics> {
    std::thread::scope(|scope| {
        let handle = std::thread::Builder::new()
            .name("codegen".into())
            .stack_size(STAGE_STACK)
            .spawn_scoped(scope, job)
            .map_err(|e| {
                Diagnostics(vec![Diagnostic::error(
                    "#",
                    format!("cannot start the generator's thread: {e}"),
                )])
            })?;
        handle
            .join()
            .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    })
}
