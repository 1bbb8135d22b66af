//! Removing a block that others point to. A data flow or 委託 link whose actor (or 委託事項)
//! is removed cannot stand, so it goes too; an optional reference (an actor's 提供先) is just
//! cleared. Removing a 委託先 removes its chain: the 再委託先 (and 再々委託先) only it hands
//! work to, with their links and flows. Everything is one list of edits, so one undo brings
//! it all back.

use super::{ActorKind, Graph};
use crate::doc::{Assessment, DocError, Edit, Path, Value};
use crate::form::{Kind, NodeIx, ids};
use std::collections::BTreeSet;

/// One block to remove: its list and id.
type Block = (Path, String);

/// The edits that remove block `id` of `list` and everything that depends on it, followed by the
/// derived Ⅱ answers brought in line.
pub fn plan_remove(doc: &Assessment, list: &Path, id: &str) -> Result<Vec<Edit>, DocError> {
    let form = doc.form();
    let mut doomed: Vec<Block> = vec![(list.clone(), id.to_owned())];
    // A contractor takes its chain with it.
    if list.item == ids::ANNEX1_DIAGRAM_ACTOR {
        doomed.extend(chain_below(doc, id).into_iter().map(|a| (list.clone(), a)));
    }
    // References to anything doomed: required ones doom their block, optional ones are cleared.
    let refs: Vec<NodeIx> = (0..form.nodes.len()).filter(|&i| matches!(form.node(i).kind, Kind::Ref { .. })).collect();
    let mut cleared: Vec<Path> = Vec::new();
    let mut i = 0;
    while i < doomed.len() {
        let gone = ids_within(doc, &doomed[i]);
        for &r in &refs {
            let node = form.node(r);
            for (path, entry) in doc.values().filter(|(p, _)| p.item == node.id) {
                let Value::Choice(target) = &entry.value else { continue };
                if !gone.contains(target) {
                    continue;
                }
                let (Some(block_id), Some(&block)) = (path.blocks.last(), node.blocks.last()) else { continue };
                let holder = (
                    Path { item: form.node(block).id.clone(), blocks: path.blocks[..path.blocks.len() - 1].to_vec() },
                    block_id.clone(),
                );
                if node.required {
                    if !doomed.contains(&holder) {
                        doomed.push(holder);
                    }
                } else if !cleared.contains(path) {
                    cleared.push(path.clone());
                }
            }
        }
        i += 1;
    }
    // Remove one after another on a scratch copy, so each plan sees the list as it then is.
    let mut scratch = doc.clone();
    let mut edits: Vec<Edit> = Vec::new();
    for path in cleared {
        let e = vec![Edit::Value { path, entry: None }];
        scratch.apply(e.clone())?;
        edits.extend(e);
    }
    for (list, id) in doomed {
        if !scratch.instances(&list).contains(&id) {
            continue;
        }
        let e = scratch.plan_remove_block(&list, &id)?;
        scratch.apply(e.clone())?;
        edits.extend(e);
    }
    edits.extend(super::derive::derived_edits(&scratch));
    Ok(edits)
}

/// Every block id inside a block, the block's own included.
fn ids_within(doc: &Assessment, (list, id): &Block) -> BTreeSet<String> {
    let mut out = BTreeSet::from([id.clone()]);
    let depth = list.blocks.len();
    for (l, ids) in doc.lists() {
        if l.blocks.len() > depth && l.blocks[depth] == *id && l.blocks[..depth] == list.blocks[..] {
            out.extend(ids.iter().cloned());
        }
    }
    out
}

/// The contractors below actor `id` in the 委託 chain that no one else hands work to.
fn chain_below(doc: &Assessment, id: &str) -> Vec<String> {
    let g = Graph::read(doc);
    if !g.kind_of(id).is_some_and(ActorKind::is_contractor) {
        return Vec::new();
    }
    let mut below: Vec<String> = Vec::new();
    let mut frontier = vec![id.to_owned()];
    while let Some(a) = frontier.pop() {
        for l in g.links.iter().filter(|l| l.from == a) {
            let only_from_doomed =
                g.links.iter().filter(|m| m.to == l.to).all(|m| m.from == id || below.contains(&m.from));
            if l.to != id && !below.contains(&l.to) && only_from_doomed {
                below.push(l.to.clone());
                frontier.push(l.to.clone());
            }
        }
    }
    below
}
