//! The Ⅱ answers that follow from the 業務全体図, so they are entered once and never disagree:
//!
//! - Ⅱ 4. for each 委託事項 the 委託の連鎖 names: ⑥委託先名 (the first-level contractors),
//!   ⑦再委託の有無 (whether any link hands the work on), ⑧再委託の許諾方法 and ⑨再委託事項 (the
//!   許諾方法 and 委託内容 of the 再委託 links, as written, when they are), and ④提供方法 (the media
//!   of the flows that reach the contractors for that 委託事項: flows tagged with it, and untagged
//!   ones when the contractor has no other 委託事項);
//! - Ⅱ 5. ⑥提供方法/移転方法 for each 提供先/移転先 an actor stands for (the media of the flows to it).
//!
//! Every edit that touches the diagram goes through [`with_derived`], which appends the edits that
//! bring these answers in line, so one undo takes both back.

use super::{Flow, Graph};
use crate::doc::{Assessment, DocError, Edit, Entry, Path, Pick, Text, Value};
use crate::form::{Form, ids};
use std::collections::HashSet;

/// The answers the diagram decides: (path, value); `None` clears an answer that no longer applies.
pub fn derived_values(doc: &Assessment) -> Vec<(Path, Option<Value>)> {
    let form = doc.form();
    let g = Graph::read(doc);
    let mut out = Vec::new();
    let name = |id: &str| g.actor(id).map(|a| a.name.clone()).unwrap_or_default();
    let link_text = |id: &str, item: &str| doc.text(&Path::top(ids::ANNEX1_DIAGRAM_LINK).child(id, item)).to_owned();
    let text = |s: String| Some(Value::Text(Text::plain(&s)));

    let task_repeat = form.find(ids::II_FILE_OUTSOURCING_TASK).expect("the schema has 委託事項");
    let mut tasks: Vec<&str> = g.links.iter().map(|l| l.task.as_str()).collect();
    tasks.dedup();
    let mut seen = HashSet::new();
    for task in tasks.into_iter().filter(|t| seen.insert(*t)) {
        let Some(blocks) = doc.instance_path(task_repeat, task) else { continue };
        let at = |item: &str| Path { item: item.to_owned(), blocks: blocks.clone() };
        let (subs, first): (Vec<_>, Vec<_>) =
            g.links.iter().filter(|l| l.task == task).partition(|l| g.is_subcontract(l));
        let mut contractors: Vec<&str> = Vec::new();
        for l in &first {
            if !contractors.contains(&l.to.as_str()) {
                contractors.push(&l.to);
            }
        }
        if !contractors.is_empty() {
            let names: Vec<String> = contractors.iter().map(|c| name(c)).collect();
            out.push((at(ids::II_FILE_OUTSOURCING_TASK_CONTRACTOR), text(names.join("、"))));
            let file = &blocks[0];
            // A contractor with another 委託事項 too: an untagged flow to it could serve either, so
            // only the flows tagged with this 委託事項 say how its data travels.
            let shared = |c: &str| g.links.iter().any(|l| l.to == c && l.task != task && !g.is_subcontract(l));
            let media: Vec<&Flow> = g
                .flows
                .iter()
                .filter(|f| f.file.is_empty() || &f.file == file)
                .filter(|f| {
                    let reached: Vec<&str> =
                        contractors.iter().copied().filter(|c| f.to == *c || (f.two_way && f.from == *c)).collect();
                    !reached.is_empty() && (f.task == task || (f.task.is_empty() && !reached.iter().any(|c| shared(c))))
                })
                .collect();
            if !media.is_empty() {
                let picks = picks_for(form, ids::II_FILE_OUTSOURCING_TASK_METHOD, &media);
                out.push((at(ids::II_FILE_OUTSOURCING_TASK_METHOD), Some(Value::Multi(picks))));
            }
        }
        let subcontracting = if subs.is_empty() { "再委託しない" } else { "再委託する" };
        out.push((at(ids::II_FILE_OUTSOURCING_TASK_SUBCONTRACTING), Some(Value::Choice(subcontracting.into()))));
        if subs.is_empty() {
            // ⑧⑨ do not apply without a 再委託: nothing stale is left behind them.
            out.push((at(ids::II_FILE_OUTSOURCING_TASK_APPROVAL), None));
            out.push((at(ids::II_FILE_OUTSOURCING_TASK_SUBCONTRACTED), None));
            continue;
        }
        // ⑧ and ⑨ hold what the 様式 asks, in the department's words: the 許諾方法 and the 委託内容
        // of the 再委託 links as written (the 再委託先 and its 必要性 are printed with the links in
        // 別添1). A link left blank decides nothing, and the answer in Ⅱ stays the department's.
        for (item, from, between) in [
            (ids::II_FILE_OUTSOURCING_TASK_APPROVAL, ids::ANNEX1_DIAGRAM_LINK_APPROVAL, "\n\n"),
            (ids::II_FILE_OUTSOURCING_TASK_SUBCONTRACTED, ids::ANNEX1_DIAGRAM_LINK_CONTENT, "\n"),
        ] {
            let parts: Vec<String> =
                subs.iter().map(|l| link_text(&l.id, from)).filter(|s| !s.trim().is_empty()).collect();
            if !parts.is_empty() {
                out.push((at(item), text(parts.join(between))));
            }
        }
    }

    // 提供先・移転先 an actor stands for: their 提供方法/移転方法 follow the flows to that actor.
    let actors = Path::top(ids::ANNEX1_DIAGRAM_ACTOR);
    for (ref_item, repeat, method) in [
        (
            ids::ANNEX1_DIAGRAM_ACTOR_RECIPIENT,
            ids::II_FILE_PROVISION_RECIPIENT,
            ids::II_FILE_PROVISION_RECIPIENT_METHOD,
        ),
        (
            ids::ANNEX1_DIAGRAM_ACTOR_TRANSFEREE,
            ids::II_FILE_PROVISION_TRANSFEREE,
            ids::II_FILE_PROVISION_TRANSFEREE_METHOD,
        ),
    ] {
        let repeat_ix = form.find(repeat).expect("the schema has 提供先 and 移転先");
        for a in &g.actors {
            let target = doc.choice(&actors.child(&a.id, ref_item));
            if target.is_empty() {
                continue;
            }
            let Some(blocks) = doc.instance_path(repeat_ix, target) else { continue };
            let file = &blocks[0];
            let media: Vec<&Flow> = g
                .flows
                .iter()
                .filter(|f| f.file.is_empty() || &f.file == file)
                .filter(|f| f.to == a.id || (f.two_way && f.from == a.id))
                .collect();
            if !media.is_empty() {
                let picks = picks_for(form, method, &media);
                out.push((Path { item: method.to_owned(), blocks }, Some(Value::Multi(picks))));
            }
        }
    }
    out
}

/// The media of some flows as the picks of a Ⅱ method item, in the list's order. A medium the
/// list does not have (LGWAN for 委託) goes under 「その他」 with its name.
fn picks_for(form: &Form, item: &str, flows: &[&Flow]) -> Vec<Pick> {
    let Some(ix) = form.find(item) else { return Vec::new() };
    let options = form.options(ix);
    let mut others: Vec<String> = Vec::new();
    let mut picked: Vec<&str> = Vec::new();
    for f in flows {
        match options.iter().filter_map(|o| o.label()).find(|o| *o == f.medium && *o != "その他") {
            Some(o) => picked.push(o),
            None => {
                let label = f.medium_label();
                if !others.contains(&label) {
                    others.push(label);
                }
            }
        }
    }
    let mut out: Vec<Pick> =
        options.iter().filter_map(|o| o.label()).filter(|o| picked.contains(o)).map(Pick::plain).collect();
    if !others.is_empty() {
        out.push(Pick { option: "その他".into(), detail: others.join("、") });
    }
    out
}

/// The edits that bring the derived answers in line with the diagram (empty when they are).
pub fn derived_edits(doc: &Assessment) -> Vec<Edit> {
    derived_values(doc)
        .into_iter()
        .filter_map(|(path, value)| {
            let current = doc.get(&path);
            if current.map(|e| &e.value) == value.as_ref() {
                return None;
            }
            // A withheld answer stays withheld.
            let withheld = current.is_some_and(|e| e.withheld);
            Some(Edit::Value { path, entry: value.map(|value| Entry { value, withheld }) })
        })
        .collect()
}

/// The paths whose answers the diagram decides (shown read-only in the editor).
pub fn derived_paths(doc: &Assessment) -> HashSet<Path> {
    derived_values(doc).into_iter().map(|(p, _)| p).collect()
}

/// Whether an edit can change what the diagram derives.
fn touches_diagram(edit: &Edit) -> bool {
    match edit {
        Edit::Value { path, .. } => path.item.starts_with(ids::ANNEX1_DIAGRAM),
        Edit::Order { .. } => true,
        Edit::Acknowledge { .. } | Edit::ReviewItem { .. } | Edit::Action { .. } | Edit::Stage { .. } => false,
    }
}

/// `edits` followed by the edits that keep the derived Ⅱ answers in line after them.
pub fn with_derived(doc: &Assessment, edits: Vec<Edit>) -> Result<Vec<Edit>, DocError> {
    if !edits.iter().any(touches_diagram) {
        return Ok(edits);
    }
    let mut scratch = doc.clone();
    scratch.apply(edits.clone())?;
    let extra = derived_edits(&scratch);
    let mut all = edits;
    all.extend(extra);
    Ok(all)
}
