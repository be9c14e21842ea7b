//! `codegen diff` on real version pairs of public specs (`tests/diff-corpus/`, see its README):
//! the report names what the repositories' history changed, calls nothing else breaking, and a
//! reordered or reformatted copy of either version reports nothing.

mod support;

use std::collections::BTreeSet;
use std::path::Path;

use codegen::diff::{self, report, Audience, Report, Semver};
use support::reordered;

fn read(pair: &str, file: &str) -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/diff-corpus")
        .join(pair)
        .join(file);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn run(old: &str, new: &str) -> Report {
    diff::diff_str(old, Some("old"), new, Some("new")).expect("both versions generate")
}

fn kinds(report: &Report) -> BTreeSet<&'static str> {
    report.changes.iter().map(|c| c.kind).collect()
}

fn count(report: &Report, kind: &str) -> usize {
    report.changes.iter().filter(|c| c.kind == kind).count()
}

/// The same changes whatever the order of either document's keys.
fn order_does_not_matter(old: &str, new: &str, report: &Report) {
    let sorted = |r: &Report| {
        let mut v: Vec<_> = r
            .changes
            .iter()
            .map(|c| {
                (
                    c.kind,
                    c.location.clone(),
                    c.message.clone(),
                    c.breaks.clone(),
                )
            })
            .collect();
        v.sort();
        v
    };
    assert_eq!(
        sorted(&run(&reordered(old), &reordered(new))),
        sorted(report)
    );
    for text in [old, new] {
        let same = run(text, &reordered(text));
        assert_eq!(
            same.changes,
            vec![],
            "{}",
            report::render(&same, report::Format::Text)
        );
    }
}

#[test]
fn swagger_petstore_1_0_25_to_1_0_26() {
    let (old, new) = (
        read("swagger-petstore", "old.yaml"),
        read("swagger-petstore", "new.yaml"),
    );
    let report = run(&old, &new);
    let text = report::render(&report, report::Format::Text);
    // Nothing about the models' shapes changed: no type, property or enum change is reported.
    let allowed: BTreeSet<&str> = [
        "documentation-changed",
        "info-changed",
        "response-added",
        "response-removed",
        "response-media-type-removed",
        "schema-removed",
        "server-url-changed",
        "security-scheme-changed",
        "error-body-variant-removed",
    ]
    .into();
    assert!(kinds(&report).is_subset(&allowed), "{text}");
    // The rewording is documentation only.
    assert!(count(&report, "documentation-changed") >= 20, "{text}");
    for c in &report.changes {
        if matches!(c.kind, "documentation-changed" | "info-changed") {
            assert!(c.breaks.is_empty() && c.semver == Semver::None, "{c:?}");
        }
    }
    // The two unused schemas that went away are the only types removed.
    let removed: Vec<&str> = report
        .changes
        .iter()
        .filter(|c| c.kind == "schema-removed")
        .map(|c| c.location.as_str())
        .collect();
    assert_eq!(
        removed,
        [
            "#/components/schemas/Customer",
            "#/components/schemas/Address"
        ]
    );
    // A dropped `405` breaks only the server (its response enum loses a variant) unless the
    // client's return type changes too; an added error status breaks nobody on the wire.
    for c in &report.changes {
        if c.kind == "response-removed" {
            assert!(
                c.breaks(Audience::Server) && !c.breaks(Audience::Wire),
                "{c:?}"
            );
        }
        if c.kind == "response-added" && !c.location.ends_with("/200") {
            assert!(!c.breaks(Audience::Wire), "{c:?}");
        }
    }
    // OLD had no absolute server URL, so no deployed client relied on a default one.
    assert!(!report
        .changes
        .iter()
        .any(|c| c.kind == "server-url-changed" && c.breaks(Audience::Wire)));
    assert_eq!(report.semver(), Semver::Major);
    order_does_not_matter(&old, &new, &report);
}

#[test]
fn twilio_lookups_v2_additions_only_break_the_server_trait() {
    let pair = "twilio-lookups-v2-additions";
    let (old, new) = (read(pair, "old.json"), read(pair, "new.json"));
    let report = run(&old, &new);
    let text = report::render(&report, report::Format::Text);
    assert_eq!(count(&report, "operation-added"), 9, "{text}");
    assert_eq!(count(&report, "schema-added"), 29, "{text}");
    assert!(!report.breaks(Audience::Wire), "{text}");
    for c in &report.changes {
        match c.kind {
            "operation-added" => assert_eq!(c.breaks, [Audience::Server].into()),
            "schema-added" => assert!(c.breaks.is_empty()),
            // The new operations' error body is a new `ErrorBody` variant; the enum is
            // `#[non_exhaustive]`, so no `match` on it breaks. Located at a response that has it.
            "error-body-variant-added" => {
                assert!(c.breaks.is_empty(), "{text}");
                assert_eq!(c.semver, Semver::Minor);
                assert_eq!(c.location, "#/paths/~1v2~1PhoneNumbers~1{PhoneNumber}~1Overrides~1{Field}/delete/responses/400");
            }
            other => panic!("unexpected {other}:\n{text}"),
        }
    }
    order_does_not_matter(&old, &new, &report);
}

#[test]
fn twilio_lookups_v2_reformat_reports_nothing() {
    let pair = "twilio-lookups-v2-reformat";
    let (old, new) = (read(pair, "old.json"), read(pair, "new.json"));
    assert_ne!(old, new);
    let report = run(&old, &new);
    assert_eq!(
        report.changes,
        vec![],
        "{}",
        report::render(&report, report::Format::Text)
    );
    order_does_not_matter(&old, &new, &report);
}

/// Every fixture, the One-CP spec, and the shared corpus's 3.0 specs up to 450 KiB (when it is
/// checked out beside the repository): each against itself, and against a copy with every key
/// reordered and written as JSON, reports nothing. (A schema lowered once per use, as under
/// `#/components/responses`, must not look renamed.)
#[test]
fn every_spec_against_itself_and_reordered_reports_nothing() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files: Vec<std::path::PathBuf> = std::fs::read_dir(root.join("tests/fixtures"))
        .expect("tests/fixtures")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml"))
        .collect();
    files.push(root.join("spec/one-cp.yaml"));
    if let Ok(dir) = std::fs::read_dir(root.join("../shared/corpus")) {
        files.extend(
            dir.map(|e| e.unwrap().path())
                .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "json"))
                .filter(|p| std::fs::metadata(p).is_ok_and(|m| m.len() <= 450 * 1024)),
        );
    }
    files.sort();
    let mut checked = 0;
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let Ok(side) = diff::Side::from_str(&text, None) else {
            // A fixture of what the generator refuses is not a diff input.
            continue;
        };
        let same = diff::diff(&side, &side);
        assert_eq!(
            same.changes,
            vec![],
            "{}: {}",
            path.display(),
            report::render(&same, report::Format::Text)
        );
        let shuffled = diff::Side::from_str(&reordered(&text), None).unwrap();
        let moved = diff::diff(&side, &shuffled);
        // What order changes in the generated code, and only that: the names `lower` gives
        // where order decides them. Of two colliding names (`NullTime` and `nullTime`, operations
        // `getItems` and `get_items`) the first claims the plain one; a shared inline schema (a
        // `requestBodies` component used by two operations) is named after the first operation
        // that lowers it. The generated crate then really renames those items, and the report
        // says so; nothing else may differ, and nothing on the wire.
        assert!(!moved.breaks(Audience::Wire), "{}", path.display());
        for c in &moved.changes {
            assert!(
                matches!(
                    c.kind,
                    "type-renamed" | "field-renamed" | "operation-renamed" | "enum-variant-renamed"
                ),
                "{}: not a rename: {}",
                path.display(),
                report::render(&moved, report::Format::Text)
            );
        }
        checked += 1;
    }
    assert!(checked >= 20, "only {checked} specs checked");
}
