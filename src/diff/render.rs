//! A comparison as text (for the terminal, with colour when it is one) and as JSON (for other
//! tools). The PDF is drawn by `pdf::comparison`, the screen by the GUI's 比較 page.

use super::{Change, Comparison, Piece};
use crate::doc::Assessment;

/// What the two sides are called: 「第1版（公表）」, 「下書き」.
#[derive(Clone, Debug)]
pub struct Labels {
    pub old: String,
    pub new: String,
}

const RED: &str = "\x1b[1;31m";
const GREEN: &str = "\x1b[1;32m";
const BOLD: &str = "\x1b[1m";
const RESET: &str = "\x1b[0m";

/// One side with its changed runs marked: in colour on a terminal, otherwise `[-deleted-]` and
/// `{+inserted+}` (the marks of wdiff), so the change survives a copy into e-mail.
///
/// A withheld passage is put between 《非公開》 and 《/非公開》 (the 点検用 marking, as the PDF's
/// highlight); in a public comparison it already reads 「（非公開）」 and needs no mark.
fn side(pieces: &[Piece], deleted: bool, colour: bool) -> String {
    let mut out = String::new();
    let mut inside = false;
    for p in pieces {
        let mark_withheld = p.withheld && p.text != crate::doc::WITHHELD;
        if mark_withheld != inside {
            out.push_str(if mark_withheld { WITHHELD_START } else { WITHHELD_END });
            inside = mark_withheld;
        }
        match (p.changed, colour, deleted) {
            (false, ..) => out.push_str(&p.text),
            (true, true, true) => out.push_str(&format!("{RED}{}{RESET}", p.text)),
            (true, true, false) => out.push_str(&format!("{GREEN}{}{RESET}", p.text)),
            (true, false, true) => out.push_str(&format!("[-{}-]", p.text)),
            (true, false, false) => out.push_str(&format!("{{+{}+}}", p.text)),
        }
    }
    if inside {
        out.push_str(WITHHELD_END);
    }
    out
}

/// The marks around a withheld passage in the full (点検用) text output.
pub const WITHHELD_START: &str = "《非公開》";
pub const WITHHELD_END: &str = "《/非公開》";

fn indent(s: &str, mark: &str) -> String {
    let mut lines = s.lines();
    let first = lines.next().unwrap_or("");
    let mut out = format!("    {mark} {first}\n");
    for l in lines {
        out.push_str(&format!("      {l}\n"));
    }
    out
}

fn heading(comparison: &Comparison, c: &Change, doc: &Assessment, colour: bool) -> String {
    let class = format!("[{}]", comparison.class_label(c.class));
    let class = if colour && c.class == super::Class::Significant { format!("{BOLD}{class}{RESET}") } else { class };
    format!("{class} {} {}\n    （{}）\n", c.what.label(), c.title, c.path.render(doc.form()))
}

/// The comparison as text: a summary, then each change with its old and new wording.
pub fn text(comparison: &Comparison, doc: &Assessment, labels: &Labels, colour: bool) -> String {
    let mut out = format!("比較: {} → {}\n{}\n", labels.old, labels.new, comparison.summary());
    out.push_str(match comparison.public {
        true => "公表用（非公開の部分は「（非公開）」に置き換えています）\n",
        false => "非公開情報を含む（第三者点検用）。非公開の部分は《非公開》…《/非公開》で示します。\n",
    });
    for c in comparison.real() {
        out.push('\n');
        out.push_str(&heading(comparison, c, doc, colour));
        let shown = c.text.excerpt();
        if !shown.old.is_empty() {
            out.push_str(&indent(&side(&shown.old, true, colour), "変更前:"));
        }
        if !shown.new.is_empty() {
            out.push_str(&indent(&side(&shown.new, false, colour), "変更後:"));
        }
    }
    let records = comparison.records.lines();
    if !records.is_empty() {
        out.push('\n');
        for line in records {
            out.push_str(&line);
            out.push('\n');
        }
    }
    out
}

fn pieces_json(pieces: &[Piece]) -> serde_json::Value {
    pieces.iter().map(|p| serde_json::json!({ "text": p.text, "changed": p.changed, "withheld": p.withheld })).collect()
}

/// The comparison as JSON.
pub fn json(comparison: &Comparison, doc: &Assessment, labels: &Labels) -> String {
    let form = doc.form();
    let changes: Vec<serde_json::Value> = comparison
        .real()
        .map(|c| {
            let mut v = serde_json::json!({
                "what": c.what.key(),
                "class": c.class.key(),
                "class_label": comparison.class_label(c.class),
                "title": c.title,
                "path": c.path.render(form),
                "section": form.node(c.section).title(),
                "before": c.before(),
                "after": c.after(),
                "hunks": c.text.hunks,
                "old": pieces_json(&c.text.old),
                "new": pieces_json(&c.text.new),
            });
            if let super::What::Moved { from, to } = c.what {
                v["from"] = from.into();
                v["to"] = to.into();
            }
            v
        })
        .collect();
    let r = &comparison.records;
    let marks = |list: &[(String, crate::doc::Acknowledgement)]| -> Vec<serde_json::Value> {
        list.iter().map(|(k, m)| serde_json::json!({"key": k, "reason": m.reason, "on": m.on.to_string()})).collect()
    };
    let records = serde_json::json!({
        "acknowledged_added": marks(&r.marks_added),
        "acknowledged_removed": marks(&r.marks_removed),
        "questions": r.questions.iter().map(|q| serde_json::json!({"number": q.number, "what": q.what, "status": q.status})).collect::<Vec<_>>(),
        "stages": r.stages.iter().map(|(stage, what, period)| serde_json::json!({"stage": stage, "what": what, "period": period})).collect::<Vec<_>>(),
    });
    let value = serde_json::json!({
        "records": records,
        "old": labels.old,
        "new": labels.new,
        "public": comparison.public,
        "published": comparison.published,
        "summary": {
            "changes": comparison.count(),
            "significant": comparison.significant(),
            "wording": comparison.wording(),
        },
        "changes": changes,
    });
    let mut s = serde_json::to_string_pretty(&value).unwrap_or_default();
    s.push('\n');
    s
}
