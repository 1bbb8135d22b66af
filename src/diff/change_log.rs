//! 別添3 変更箇所 from a comparison: one row per change, with the official item numbering, the
//! old and new wording and the 提出時期 the classification suggests (a 重要な変更 is submitted
//! 事前, anything else may be 事後). The explanation (提出時期に係る説明) is the department's to
//! write; it is left empty so the 事前点検 asks for it.

use super::{Change, Comparison, What};
use crate::doc::{Assessment, DocError, Edit, Entry, Path, Value};
use crate::form::ids;

/// One generated row of the 変更箇所 table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChangeLogRow {
    pub item: String,
    pub before: String,
    pub after: String,
    /// 「事前」 or 「事後」.
    pub timing: &'static str,
}

/// The 記載要領's limit on 変更前/変更後の記載.
const MAX: usize = 4000;

/// The limit of the 項目 column.
const MAX_ITEM: usize = 200;

fn clip(s: &str, empty: &str, max: usize) -> String {
    if s.trim().is_empty() {
        return empty.to_owned();
    }
    const MORE: &str = "…（以下略）";
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(max - MORE.chars().count()).collect();
    out.push_str(MORE);
    out
}

/// Whether a change belongs in 別添3: every change of the 記載 except the cover (公表日 changes
/// with every publication), 別添3 itself, and 非公開 marking (a publication matter).
pub fn belongs_in_change_log(c: &Change, doc: &Assessment) -> bool {
    let form = doc.form();
    let section = form.node(c.section).id.as_str();
    c.is_change() && c.what != What::Marking && section != ids::COVER && section != ids::ANNEX3
}

/// The rows for every change that belongs in 別添3.
pub fn change_log_rows(comparison: &Comparison, doc: &Assessment) -> Vec<ChangeLogRow> {
    comparison
        .real()
        .filter(|c| belongs_in_change_log(c, doc))
        .map(|c| ChangeLogRow {
            item: clip(&c.title, "", MAX_ITEM),
            before: clip(&c.before(), "（記載なし）", MAX),
            after: clip(&c.after(), "（削除）", MAX),
            timing: if c.class == super::Class::Significant { "事前" } else { "事後" },
        })
        .collect()
}

/// Edits that append `rows` to 別添3 of `doc` with 変更日 `date`, skipping rows whose 項目 is
/// already listed. Returns the edits (one undo step) and how many rows they add.
pub fn plan_change_log(
    doc: &Assessment,
    rows: &[ChangeLogRow],
    date: jiff::civil::Date,
) -> Result<(Vec<Edit>, usize), DocError> {
    let list = Path::top(ids::ANNEX3_CHANGE);
    let mut scratch = doc.clone();
    let listed: Vec<String> =
        doc.instances(&list).iter().map(|id| doc.text(&list.child(id, ids::ANNEX3_CHANGE_ITEM)).to_owned()).collect();
    let mut edits = Vec::new();
    let mut added = 0;
    for row in rows.iter().filter(|r| !listed.contains(&r.item)) {
        let (id, order) = scratch.plan_add_block(&list)?;
        scratch.apply(order.clone())?;
        edits.extend(order);
        let values = [
            (ids::ANNEX3_CHANGE_DATE, Value::Date(date)),
            (ids::ANNEX3_CHANGE_ITEM, Value::Text(crate::doc::Text::plain(&row.item))),
            (ids::ANNEX3_CHANGE_BEFORE, Value::Text(crate::doc::Text::plain(&row.before))),
            (ids::ANNEX3_CHANGE_AFTER, Value::Text(crate::doc::Text::plain(&row.after))),
            (ids::ANNEX3_CHANGE_TIMING, Value::Choice(row.timing.to_owned())),
        ];
        let value_edits: Vec<Edit> = values
            .into_iter()
            .map(|(item, value)| Edit::Value { path: list.child(&id, item), entry: Some(Entry::new(value)) })
            .collect();
        scratch.apply(value_edits.clone())?;
        edits.extend(value_edits);
        added += 1;
    }
    Ok((edits, added))
}
