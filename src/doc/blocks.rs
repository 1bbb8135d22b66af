//! Repeated blocks: adding, duplicating, reordering and removing instances. Each `plan_*`
//! returns the edits to apply (so the caller can both apply and store them).

use super::{Assessment, DocError, Edit, Entry, Path, Text, Value};
use crate::form::{Kind, NodeIx};

impl Assessment {
    /// Whether the value or list at (`item`, `blocks`) lies inside instance `id` of `list`
    /// (including the per-file mirrors of that instance, such as Ⅲ of a Ⅱ file).
    fn is_under(&self, item: &str, blocks: &[String], list: &Path, id: &str) -> bool {
        let depth = list.blocks.len();
        if blocks.len() <= depth || blocks[..depth] != list.blocks[..] || blocks[depth] != id {
            return false;
        }
        let form = self.form;
        form.find(item).is_some_and(|ix| {
            let enclosing = form.node(ix).blocks[depth];
            form.node(form.instance_source(enclosing)).id == list.item
        })
    }

    fn repeat_node(&self, list: &Path) -> Result<(), DocError> {
        let ix = self.form.find(&list.item).ok_or_else(|| DocError::UnknownItem(list.to_string()))?;
        match &self.form.node(ix).kind {
            Kind::Repeat { .. } => Ok(()),
            Kind::PerBlock { .. } => Err(DocError::FollowsAnotherList { path: list.render(self.form) }),
            _ => Err(DocError::NotABlockList(list.render(self.form))),
        }
    }

    pub(super) fn check_order(&self, list: &Path, ids: &[String]) -> Result<(), DocError> {
        self.repeat_node(list)?;
        // The enclosing instances must exist: reuse the value-path check on the list itself.
        self.locate(list)?;
        let p = || list.render(self.form);
        let current = self.instances(list);
        for (i, id) in ids.iter().enumerate() {
            let valid = super::path::is_valid_block_id(id);
            if !valid {
                return Err(DocError::InvalidBlockId { path: p(), id: id.clone() });
            }
            let elsewhere = !current.contains(id) && self.lists.values().any(|l| l.contains(id));
            if ids[..i].contains(id) || elsewhere {
                return Err(DocError::DuplicateBlock { path: p(), id: id.clone() });
            }
        }
        for gone in current.iter().filter(|id| !ids.contains(id)) {
            let orphans = self.values.keys().any(|k| self.is_under(&k.item, &k.blocks, list, gone))
                || self.lists.keys().any(|k| self.is_under(&k.item, &k.blocks, list, gone));
            if orphans {
                // Remove the block's contents first (plan_remove_block does).
                return Err(DocError::NoSuchBlock { path: p(), id: gone.clone() });
            }
        }
        Ok(())
    }

    /// A fresh instance id, unique in the whole document so versions can be aligned by id.
    pub fn new_block_id(&self, list: &Path) -> String {
        let prefix = self.form.find(&list.item).map(|ix| self.form.node(ix).local.as_str()).unwrap_or("b");
        super::fresh_id(prefix, |id| self.lists.values().any(|l| l.iter().any(|b| b == id)))
    }

    /// Adds an empty instance at the end of `list`.
    pub fn plan_add_block(&self, list: &Path) -> Result<(String, Vec<Edit>), DocError> {
        self.repeat_node(list)?;
        let id = self.new_block_id(list);
        let mut ids = self.instances(list).to_vec();
        ids.push(id.clone());
        Ok((id, vec![Edit::Order { list: list.clone(), ids }]))
    }

    /// Rows pasted from Excel (one line per row, cells separated by TAB) appended to `list`, one
    /// instance per non-empty line. Cells fill the list's items in their order, one cell per item:
    /// a text as it is, a choice when it is one of its options, a reference when it names a
    /// registered block (by its name as listed, or its id), a date in any form
    /// [`date::parse`](super::date::parse) reads; any other cell is left out and counted.
    /// Returns the edits (one undo step), the rows added and the cells left out. Fails as the
    /// edits would (over-long text).
    pub fn plan_paste_rows(&self, list: &Path, pasted: &str) -> Result<(Vec<Edit>, usize, usize), DocError> {
        self.repeat_node(list)?;
        let repeat = self.form.find(&list.item).ok_or_else(|| DocError::UnknownItem(list.to_string()))?;
        let columns: Vec<NodeIx> = self.form.node(repeat).children.clone();
        let mut scratch = self.clone();
        let mut edits = Vec::new();
        let (mut added, mut left_out) = (0, 0);
        for line in pasted.lines().map(|l| l.trim_end_matches('\r')).filter(|l| !l.trim().is_empty()) {
            let (id, order) = scratch.plan_add_block(list)?;
            scratch.apply(order.clone())?;
            edits.extend(order);
            for (cell, &c) in line.split('\t').zip(&columns) {
                // Excel quotes a cell holding a line break or a quote.
                let cell = cell.trim().trim_matches('"');
                if cell.is_empty() {
                    continue;
                }
                let node = self.form.node(c);
                let value = match &node.kind {
                    Kind::Text { .. } | Kind::LongText { .. } => Some(Value::Text(Text::plain(cell))),
                    Kind::Choice { .. } => self
                        .form
                        .options(c)
                        .iter()
                        .any(|o| o.label() == Some(cell))
                        .then(|| Value::Choice(cell.to_owned())),
                    Kind::Ref { to } => self.form.find(to).and_then(|target| {
                        let source = self.form.instance_source(target);
                        let mut found = None;
                        for (l, ids) in self.lists() {
                            if l.item != self.form.node(source).id {
                                continue;
                            }
                            found = found
                                .or_else(|| ids.iter().find(|b| *b == cell || self.ref_label(c, b) == cell).cloned());
                        }
                        found.map(Value::Choice)
                    }),
                    Kind::Date => super::date::parse_dates(cell, node.several).ok().flatten().map(Value::Date),
                    _ => None,
                };
                let Some(value) = value else {
                    left_out += 1;
                    continue;
                };
                let set = vec![Edit::Value { path: list.child(&id, &node.id), entry: Some(Entry::new(value)) }];
                scratch.apply(set.clone())?;
                edits.extend(set);
            }
            added += 1;
        }
        Ok((edits, added, left_out))
    }

    /// Moves instance `id` to position `to` (clamped to the list).
    pub fn plan_move_block(&self, list: &Path, id: &str, to: usize) -> Result<Vec<Edit>, DocError> {
        self.repeat_node(list)?;
        let mut ids = self.instances(list).to_vec();
        let from = ids
            .iter()
            .position(|i| i == id)
            .ok_or_else(|| DocError::NoSuchBlock { path: list.render(self.form), id: id.to_owned() })?;
        let moved = ids.remove(from);
        ids.insert(to.min(ids.len()), moved);
        Ok(vec![Edit::Order { list: list.clone(), ids }])
    }

    /// Removes instance `id` with everything inside it (nested blocks, per-file mirrors).
    pub fn plan_remove_block(&self, list: &Path, id: &str) -> Result<Vec<Edit>, DocError> {
        self.repeat_node(list)?;
        let mut ids = self.instances(list).to_vec();
        let Some(at) = ids.iter().position(|i| i == id) else {
            return Err(DocError::NoSuchBlock { path: list.render(self.form), id: id.to_owned() });
        };
        ids.remove(at);
        let mut edits: Vec<Edit> = self
            .values
            .keys()
            .filter(|k| self.is_under(&k.item, &k.blocks, list, id))
            .map(|k| Edit::Value { path: k.clone(), entry: None })
            .collect();
        let mut nested: Vec<&Path> =
            self.lists.keys().filter(|k| self.is_under(&k.item, &k.blocks, list, id)).collect();
        // Innermost lists first, so no list loses an instance that still holds a list.
        nested.sort_by_key(|k| std::cmp::Reverse(k.blocks.len()));
        edits.extend(nested.into_iter().map(|k| Edit::Order { list: k.clone(), ids: Vec::new() }));
        edits.push(Edit::Order { list: list.clone(), ids });
        Ok(edits)
    }

    /// Copies instance `id` (with its nested blocks and per-file mirrors, all under new ids)
    /// right after it.
    pub fn plan_duplicate_block(&self, list: &Path, id: &str) -> Result<(String, Vec<Edit>), DocError> {
        self.repeat_node(list)?;
        let mut ids = self.instances(list).to_vec();
        let Some(at) = ids.iter().position(|i| i == id) else {
            return Err(DocError::NoSuchBlock { path: list.render(self.form), id: id.to_owned() });
        };
        let mut scratch = self.clone();
        let copy = scratch.new_block_id(list);
        ids.insert(at + 1, copy.clone());
        scratch.lists.insert(list.clone(), ids.clone());
        let mut edits = vec![Edit::Order { list: list.clone(), ids }];

        let depth = list.blocks.len();
        let mut renamed = std::collections::HashMap::from([(id.to_owned(), copy.clone())]);
        let mut nested: Vec<(&Path, &Vec<String>)> =
            self.lists.iter().filter(|(k, _)| self.is_under(&k.item, &k.blocks, list, id)).collect();
        nested.sort_by_key(|(k, _)| k.blocks.len());
        let remap = |blocks: &[String], renamed: &std::collections::HashMap<String, String>| -> Vec<String> {
            let mut b = blocks.to_vec();
            for x in b.iter_mut().skip(depth) {
                if let Some(n) = renamed.get(x) {
                    *x = n.clone();
                }
            }
            b
        };
        for (k, old_ids) in nested {
            let target = Path { item: k.item.clone(), blocks: remap(&k.blocks, &renamed) };
            let fresh: Vec<String> = old_ids
                .iter()
                .map(|old| {
                    let n = scratch.new_block_id(k);
                    renamed.insert(old.clone(), n.clone());
                    n
                })
                .collect();
            scratch.lists.insert(target.clone(), fresh.clone());
            edits.push(Edit::Order { list: target, ids: fresh });
        }
        for (k, v) in self.values.iter().filter(|(k, _)| self.is_under(&k.item, &k.blocks, list, id)) {
            let path = Path { item: k.item.clone(), blocks: remap(&k.blocks, &renamed) };
            edits.push(Edit::Value { path, entry: Some(v.clone()) });
        }
        Ok((copy, edits))
    }
}
