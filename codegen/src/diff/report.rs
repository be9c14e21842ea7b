//! The report: text for a terminal, markdown for a pull-request comment, JSON for scripts.

use std::fmt::Write;

use super::{Audience, Change, Report, Semver};

/// How a report is printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Grouped by severity, for a terminal.
    Text,
    /// A summary line and a table, for a pull-request comment.
    Markdown,
    /// One object: `changes` and `semver`.
    Json,
}

/// The severity groups, most severe first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Group {
    Breaking,
    Wire,
    Addition,
    Behaviour,
    Cosmetic,
}

impl Group {
    fn of(c: &Change) -> Group {
        if c.breaks(Audience::Client) || c.breaks(Audience::Server) {
            Group::Breaking
        } else if c.breaks(Audience::Wire) {
            Group::Wire
        } else {
            match c.semver {
                Semver::Major | Semver::Minor => Group::Addition,
                Semver::Patch => Group::Behaviour,
                Semver::None => Group::Cosmetic,
            }
        }
    }

    fn heading(self) -> &'static str {
        match self {
            Group::Breaking => "Breaking: code using the generated crate must change",
            Group::Wire => "Breaking on the wire: deployed clients built from OLD fail",
            Group::Addition => "Compatible additions",
            Group::Behaviour => "Other changes in behaviour",
            Group::Cosmetic => "Documentation only",
        }
    }

    fn label(self) -> &'static str {
        match self {
            Group::Breaking => "breaking",
            Group::Wire => "wire",
            Group::Addition => "addition",
            Group::Behaviour => "behaviour",
            Group::Cosmetic => "docs",
        }
    }
}

fn breaks_list(c: &Change) -> String {
    if c.breaks.is_empty() {
        "-".into()
    } else {
        c.breaks
            .iter()
            .map(|a| a.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// Who the report says is broken, for the summary line.
fn broken(report: &Report) -> String {
    let who: Vec<&str> = [Audience::Client, Audience::Server, Audience::Wire]
        .into_iter()
        .filter(|a| report.breaks(*a))
        .map(Audience::as_str)
        .collect();
    if who.is_empty() {
        "breaks nothing".into()
    } else {
        format!("breaks {}", who.join(", "))
    }
}

fn summary(report: &Report) -> String {
    let n = report.changes.len();
    format!(
        "{n} change{}, semver {}, {}",
        if n == 1 { "" } else { "s" },
        report.semver(),
        broken(report)
    )
}

/// Renders `report`.
pub fn render(report: &Report, format: Format) -> String {
    match format {
        Format::Text => text(report),
        Format::Markdown => markdown(report),
        Format::Json => json(report),
    }
}

fn sorted(report: &Report) -> Vec<(Group, &Change)> {
    let mut all: Vec<(Group, &Change)> = report.changes.iter().map(|c| (Group::of(c), c)).collect();
    // Stable: within a group, the specs' order.
    all.sort_by_key(|(g, _)| *g);
    all
}

fn text(report: &Report) -> String {
    let mut out = String::new();
    if report.changes.is_empty() {
        out.push_str("no changes, semver none\n");
        return out;
    }
    let _ = writeln!(out, "{}", summary(report));
    let mut current = None;
    for (group, c) in sorted(report) {
        if current != Some(group) {
            let _ = writeln!(out, "\n{}:", group.heading());
            current = Some(group);
        }
        let _ = writeln!(out, "  {} [{}]", c.kind, breaks_list(c));
        let _ = writeln!(out, "    at {}", c.location);
        let _ = writeln!(out, "    {}", c.message);
    }
    out
}

fn cell(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

fn code(text: &str) -> String {
    // A code span cannot hold a backtick of its length; pointers rarely have one.
    if text.contains('`') {
        format!("`` {} ``", cell(text))
    } else {
        format!("`{}`", cell(text))
    }
}

fn markdown(report: &Report) -> String {
    let mut out = String::new();
    if report.changes.is_empty() {
        out.push_str("**codegen diff**: no changes to the API (semver `none`).\n");
        return out;
    }
    let _ = writeln!(
        out,
        "**codegen diff**: {} change{}, semver `{}`, {}.\n",
        report.changes.len(),
        if report.changes.len() == 1 { "" } else { "s" },
        report.semver(),
        broken(report)
    );
    out.push_str("| Severity | Breaks | Change | Where | What |\n");
    out.push_str("|---|---|---|---|---|\n");
    for (group, c) in sorted(report) {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            group.label(),
            breaks_list(c),
            code(c.kind),
            code(&c.location),
            cell(&c.message)
        );
    }
    out
}

fn json(report: &Report) -> String {
    let changes: Vec<serde_json::Value> = report
        .changes
        .iter()
        .map(|c| {
            serde_json::json!({
                "kind": c.kind,
                "location": c.location,
                "message": c.message,
                "breaks": c.breaks.iter().map(|a| a.as_str()).collect::<Vec<_>>(),
            })
        })
        .collect();
    let value = serde_json::json!({
        "changes": changes,
        "semver": report.semver().as_str(),
    });
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}
