//! 別添3 変更箇所 from a comparison: one row per change, with the official item numbering, the
//! old and new wording and the 提出時期 the classification suggests (a 重要な変更 is submitted
//! 事前, anything else may be 事後). The explanation (提出時期に係る説明) is the department's to
//! write; it is left empty so the 事前点検 asks for it.

use super::{Change, Comparison, Piece, What};
use crate::doc::{Assessment, DocError, Edit, Entry, Path, Text, Value};
use crate::form::ids;

/// One generated row of the 変更箇所 table. 変更前/変更後 keep every withheld passage of the
/// compared answers withheld (a changed 保管場所 is the commonest 重要な変更, and it is usually
/// 非公開), so the 公表 edition of 別添3 prints 「（非公開）」 there.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChangeLogRow {
    pub item: String,
    pub before: Text,
    pub after: Text,
    /// 「事前」 or 「事後」.
    pub timing: &'static str,
}

/// The 記載要領's limit on 変更前/変更後の記載.
const MAX: usize = 4000;

/// The limit of the 項目 column.
const MAX_ITEM: usize = 200;

const MORE: &str = "…（以下略）";

fn clip(s: &str, empty: &str, max: usize) -> String {
    if s.trim().is_empty() {
        return empty.to_owned();
    }
    if s.chars().count() <= max {
        return s.to_owned();
    }
    let mut out: String = s.chars().take(max - MORE.chars().count()).collect();
    out.push_str(MORE);
    out
}

/// Characters of unchanged text kept on each side of a change in a 別添3 row.
const CONTEXT: usize = 20;

/// The changed passages of one side with a little unchanged text around each, the rest elided
/// to 「…」, as published 別添3 quote them (not a whole page of 措置の内容 per row).
pub fn excerpt(pieces: &[Piece]) -> Vec<Piece> {
    let changed: Vec<usize> = (0..pieces.len()).filter(|&i| pieces[i].changed).collect();
    if changed.is_empty() {
        return pieces.to_vec();
    }
    let (first, last) = (changed[0], changed[changed.len() - 1]);
    let mut out = Vec::new();
    let piece = |text: String, p: &Piece| Piece { text, changed: p.changed, withheld: p.withheld };
    let gap = || Piece { text: "…".to_owned(), changed: false, withheld: false };
    for (i, p) in pieces.iter().enumerate() {
        let n = p.text.chars().count();
        if p.changed || n <= CONTEXT * 2 && i > first && i < last {
            out.push(p.clone());
        } else if i < first {
            // Before the first change: its end only.
            if n > CONTEXT {
                out.push(gap());
            }
            out.push(piece(p.text.chars().skip(n.saturating_sub(CONTEXT)).collect(), p));
        } else if i > last {
            out.push(piece(p.text.chars().take(CONTEXT).collect(), p));
            if n > CONTEXT {
                out.push(gap());
            }
        } else {
            // Between two changes, and long: the end of one and the start of the next.
            out.push(piece(p.text.chars().take(CONTEXT).collect(), p));
            out.push(gap());
            out.push(piece(p.text.chars().skip(n - CONTEXT).collect(), p));
        }
    }
    out
}

/// One side of a change as a text of at most `max` characters, its withheld pieces withheld.
fn side_text(pieces: &[Piece], empty: &str, max: usize) -> Text {
    let all: String = pieces.iter().map(|p| p.text.as_str()).collect();
    if all.trim().is_empty() {
        return Text::plain(empty);
    }
    let total = all.chars().count();
    let mut budget = if total <= max { total } else { max - MORE.chars().count() };
    let mut segments: Vec<(String, bool)> = Vec::new();
    for p in pieces {
        if budget == 0 {
            break;
        }
        let part: String = p.text.chars().take(budget).collect();
        budget -= part.chars().count();
        segments.push((part, p.withheld));
    }
    if total > max {
        segments.push((MORE.to_owned(), false));
    }
    Text::from_segments(segments.iter().map(|(t, w)| (t.as_str(), *w)))
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
    let form = doc.form();
    comparison
        .real()
        .filter(|c| belongs_in_change_log(c, doc))
        .map(|c| {
            // A long text is quoted around its change; a choice, a date or a count is short and
            // quoted whole (「紙、電子メール、…ネットワークシ…」 would cut an option in half).
            let long_text = matches!(form.node(c.node).kind, crate::form::Kind::LongText { .. });
            let shown = |pieces: &[Piece]| if long_text { excerpt(pieces) } else { pieces.to_vec() };
            ChangeLogRow {
                item: clip(&c.title, "", MAX_ITEM),
                before: side_text(&shown(&c.text.old), "（記載なし）", MAX),
                after: side_text(&shown(&c.text.new), "（削除）", MAX),
                timing: if c.class == super::Class::Significant { "事前" } else { "事後" },
            }
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
    // A change is listed when a row names the same item with the same 変更後: an earlier change
    // of that item (a row of the last 見直し) does not hide a new one.
    let listed: Vec<(String, String)> = doc
        .instances(&list)
        .iter()
        .map(|id| {
            let text = |item: &str| doc.text(&list.child(id, item)).to_owned();
            (text(ids::ANNEX3_CHANGE_ITEM), text(ids::ANNEX3_CHANGE_AFTER))
        })
        .collect();
    let mut edits = Vec::new();
    let mut added = 0;
    for row in rows.iter().filter(|r| !listed.contains(&(r.item.clone(), r.after.as_str().to_owned()))) {
        let (id, order) = scratch.plan_add_block(&list)?;
        scratch.apply(order.clone())?;
        edits.extend(order);
        let values = [
            (ids::ANNEX3_CHANGE_DATE, Value::date(date)),
            (ids::ANNEX3_CHANGE_ITEM, Value::Text(crate::doc::Text::plain(&row.item))),
            (ids::ANNEX3_CHANGE_BEFORE, Value::Text(row.before.clone())),
            (ids::ANNEX3_CHANGE_AFTER, Value::Text(row.after.clone())),
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
