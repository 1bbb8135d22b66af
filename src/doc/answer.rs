//! An answer as one line of text: what the comparison compares and the window shows for a
//! derived item. Choices by their option text, references by the referenced
//! block's label, dates in 和暦, flags as 「■ label」.

use super::{Assessment, Path, Value};
use crate::form::{Kind, NodeIx};

/// The answer of an item as one line of text ("" when unanswered or switched off by a governing
/// answer). The second value says which passages are withheld.
pub fn answer(doc: &Assessment, ix: NodeIx, blocks: &[String]) -> (String, Vec<std::ops::Range<usize>>) {
    let form = doc.form();
    let node = form.node(ix);
    if doc.is_disabled(ix, blocks) {
        return (String::new(), Vec::new());
    }
    let Some(entry) = doc.get(&Path { item: node.id.clone(), blocks: blocks.to_vec() }) else {
        return (String::new(), Vec::new());
    };
    let text = match &entry.value {
        Value::Text(t) => t.as_str().to_owned(),
        Value::Choice(id) if matches!(node.kind, Kind::Ref { .. }) => doc.ref_label(ix, id),
        Value::Choice(c) => c.clone(),
        Value::Multi(picks) => picks
            .iter()
            .map(|p| if p.detail.is_empty() { p.option.clone() } else { format!("{}（{}）", p.option, p.detail) })
            .collect::<Vec<_>>()
            .join("、"),
        Value::Date(d) => d.wareki(),
        Value::Count(n) => n.to_string(),
        Value::Flag(true) => format!("■ {}", node.label),
        Value::Flag(false) => String::new(),
        Value::Image(bytes) => crate::doc::image_summary(bytes),
    };
    let withheld = match (&entry.value, entry.withheld) {
        (_, true) => std::iter::once(0..text.len()).collect(),
        (Value::Text(t), false) => t.withheld().to_vec(),
        _ => Vec::new(),
    };
    (text, withheld)
}
