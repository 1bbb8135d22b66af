//! Comparison of two versions of an assessment (or a version and the working draft), used by the
//! GUI's 比較 page, `hyokasho diff` and the comparison PDF alike.
//!
//! The walk follows the schema item by item. Repeated blocks are aligned by their stable ids, so a
//! reordered 委託事項 is one move and an added or removed block is one change shown whole. Text is
//! compared with [`text::diff`]. Each change is classified: wording only (width, whitespace,
//! punctuation), content, or 重要な変更 (an item the schema marks as such, unless the change only
//! takes something away, which the 指針 does not count: a removed 提供先 lowers the risk).

mod change_log;
pub mod records;
pub mod render;
pub mod text;
mod withheld;

pub use change_log::{ChangeLogRow, change_log_rows, excerpt, plan_change_log};
pub use text::{Piece, TextDiff};

pub use crate::doc::answer;
use crate::doc::{Assessment, Path};
use crate::form::{Form, Kind, NodeIx};
use std::collections::{HashMap, HashSet};

/// How much a change matters.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Class {
    /// 全角/半角, whitespace, punctuation, order or 非公開 marking only: the meaning is the same.
    Wording,
    Content,
    /// 重要な変更 (指針 第6の2): the assessment must be redone before the change takes effect.
    Significant,
}

impl Class {
    pub fn label(self) -> &'static str {
        match self {
            Class::Wording => "表記のみ",
            Class::Content => "内容の変更",
            Class::Significant => "重要な変更",
        }
    }

    pub fn key(self) -> &'static str {
        match self {
            Class::Wording => "wording",
            Class::Content => "content",
            Class::Significant => "significant",
        }
    }
}

/// What happened to an item or block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum What {
    /// The answer changed.
    Edited,
    /// Only which passages are withheld (非公開) changed.
    Marking,
    /// A block was added (its content is the new side).
    Added,
    /// A block was removed (its content is the old side).
    Removed,
    /// A block kept its content but moved, from position `from` to `to` (1-based, as numbered).
    Moved { from: usize, to: usize },
    /// Unchanged; listed only when every item is asked for.
    Same,
}

impl What {
    pub fn label(&self) -> &'static str {
        match self {
            What::Edited => "変更",
            What::Marking => "非公開の範囲の変更",
            What::Added => "追加",
            What::Removed => "削除",
            What::Moved { .. } => "順序の変更",
            What::Same => "変更なし",
        }
    }

    pub fn key(&self) -> &'static str {
        match self {
            What::Edited => "edited",
            What::Marking => "marking",
            What::Added => "added",
            What::Removed => "removed",
            What::Moved { .. } => "moved",
            What::Same => "same",
        }
    }
}

/// One difference between the two sides.
#[derive(Clone, Debug)]
pub struct Change {
    pub what: What,
    pub class: Class,
    /// The item, or for a block the block list path with the block id appended (`…task[t-x]`
    /// as `blocks`, the repeat as `item`): where the editor should go.
    pub path: Path,
    pub node: NodeIx,
    pub section: NodeIx,
    /// The official numbering with block numbers: 「Ⅱ 特定個人情報ファイル1 4. 委託事項4 ⑦再委託の有無」.
    pub title: String,
    pub text: TextDiff,
}

impl Change {
    pub fn is_change(&self) -> bool {
        self.what != What::Same
    }

    /// The old side as plain text.
    pub fn before(&self) -> String {
        self.text.old.iter().map(|p| p.text.as_str()).collect()
    }

    /// The new side as plain text.
    pub fn after(&self) -> String {
        self.text.new.iter().map(|p| p.text.as_str()).collect()
    }
}

/// The result of comparing two sides, in document order.
#[derive(Clone, Debug, Default)]
pub struct Comparison {
    pub changes: Vec<Change>,
    /// Made for publication: withheld passages read 「（非公開）」.
    pub public: bool,
    /// The newer side comes after a version frozen at stage 公表 (`store::published_by`). A 重要な
    /// 変更 is a change to a ※ item of a *published* 評価書 (指針 第6の2): the revisions that led
    /// to the first 公表 (事前点検 → 第三者点検 → 公表) are 修正, and are labelled so. Set by the
    /// caller, which knows the file's versions ([`Comparison::before_publication`]); true by default.
    pub published: bool,
    /// 確認済み marks and 質問事項 that changed (empty in a public comparison).
    pub records: records::Records,
}

impl Comparison {
    /// Real changes (not the unchanged items listed on request).
    pub fn real(&self) -> impl Iterator<Item = &Change> {
        self.changes.iter().filter(|c| c.is_change())
    }

    pub fn count(&self) -> usize {
        self.real().count()
    }

    pub fn significant(&self) -> usize {
        self.real().filter(|c| c.class == Class::Significant).count()
    }

    pub fn wording(&self) -> usize {
        self.real().filter(|c| c.class == Class::Wording).count()
    }

    /// Marks the comparison as made before the first 公表: ※-item changes are 修正, not 重要な変更.
    pub fn before_publication(mut self) -> Comparison {
        self.published = false;
        self
    }

    /// How a change's class reads here. A ※-item change is only *possibly* a 重要な変更: one that
    /// lowers the risk is not (指針), and only a person can tell; the department decides in the
    /// 別添3 row (提出時期 事前/事後 and its 説明). Before the first 公表 it is a 修正.
    pub fn class_label(&self, class: Class) -> &'static str {
        match class {
            Class::Significant if !self.published => "※項目の修正（公表前）",
            Class::Significant => "重要な変更の可能性",
            other => other.label(),
        }
    }

    /// 「変更 9件（うち重要な変更の可能性 2件、表記のみ 2件）」, or before the first 公表
    /// 「変更 9件（公表前のため重要な変更には当たりません。うち※項目の修正 2件、表記のみ 2件）」.
    pub fn summary(&self) -> String {
        if self.count() == 0 && !self.records.is_empty() {
            return "評価書の記載に変更はありません（確認済み・質問事項の変化は下記のとおり）".into();
        }
        if self.count() == 0 {
            return "変更はありません".into();
        }
        let (n, sig, wording) = (self.count(), self.significant(), self.wording());
        match self.published {
            true => format!("変更 {n}件（うち重要な変更の可能性 {sig}件、表記のみ {wording}件）"),
            false => format!(
                "変更 {n}件（公表前のため重要な変更には当たりません。うち※項目の修正 {sig}件、表記のみ {wording}件）"
            ),
        }
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum DiffError {
    #[error("the versions are written on different forms ({old} and {new})")]
    DifferentForms { old: String, new: String },
}

/// Compares `old` with `new` for the department and the committee (第三者点検): withheld passages
/// are shown, marked `withheld` in the pieces. With `all`, unchanged items with an answer are
/// listed too.
pub fn compare(old: &Assessment, new: &Assessment, all: bool) -> Result<Comparison, DiffError> {
    walk(old, new, all, false)
}

/// Compares `old` with `new` for publication (公表): every withheld passage of either side is
/// 「（非公開）」 in the result, while a change inside one is still reported as a change.
pub fn compare_public(old: &Assessment, new: &Assessment, all: bool) -> Result<Comparison, DiffError> {
    walk(old, new, all, true)
}

fn walk(old: &Assessment, new: &Assessment, all: bool, public: bool) -> Result<Comparison, DiffError> {
    let form = new.form();
    if old.form().key != form.key {
        return Err(DiffError::DifferentForms { old: old.form().key.clone(), new: form.key.clone() });
    }
    let (old_positions, new_positions) = (Positions::new(old), Positions::new(new));
    let mut w = Walker { form, old, new, all, public, out: Vec::new(), old_positions, new_positions };
    for &s in &form.sections {
        w.node(s, &[]);
    }
    let records = if public { records::Records::default() } else { records::Records::between(old, new) };
    Ok(Comparison { changes: w.out, public, published: true, records })
}

/// Whether a change only takes something away, which the 指針 does not count as a 重要な変更:
/// the answer is cleared, or a choice moves to the option that switches other items off (「委託
/// しない」, 「再委託しない」, 「行っていない」 — read from the schema's `disabled_when`, not
/// from the wording). A text that merely contains 「しない」 is no reduction.
fn only_reduces(form: &Form, node: &crate::form::FormNode, new_value: &str) -> bool {
    if new_value.trim().is_empty() {
        return true;
    }
    matches!(node.kind, Kind::Choice { .. })
        && form.nodes.iter().any(|n| n.disabled_when.as_ref().is_some_and(|w| w.item == node.id && w.is == new_value))
}

struct Walker<'a> {
    form: &'static Form,
    old: &'a Assessment,
    new: &'a Assessment,
    all: bool,
    public: bool,
    out: Vec<Change>,
    /// Where each block sits in its list, on each side, for the titles of changes.
    old_positions: Positions<'a>,
    new_positions: Positions<'a>,
}

/// The 1-based place of each block in its list, indexed once per list: a title names 「提供先3」,
/// and looking that up by scanning the list made a comparison of n blocks take n² steps.
struct Positions<'a> {
    doc: &'a Assessment,
    lists: HashMap<Path, HashMap<&'a str, usize>>,
}

impl<'a> Positions<'a> {
    fn new(doc: &'a Assessment) -> Positions<'a> {
        Positions { doc, lists: HashMap::new() }
    }

    /// The 1-based place of block `id` in `list`, 0 if it is not there.
    fn of(&mut self, list: &Path, id: &str) -> usize {
        let doc = self.doc;
        let places = self
            .lists
            .entry(list.clone())
            .or_insert_with(|| doc.instances(list).iter().enumerate().map(|(i, id)| (id.as_str(), i + 1)).collect());
        places.get(id).copied().unwrap_or(0)
    }
}

impl Walker<'_> {
    fn node(&mut self, ix: NodeIx, blocks: &[String]) {
        let node = self.form.node(ix);
        match &node.kind {
            Kind::Group => {
                for &c in &node.children {
                    self.node(c, blocks);
                }
            }
            Kind::Repeat { .. } | Kind::PerBlock { .. } => self.blocks(ix, blocks),
            // A count (「委託事項の件数」) changes with its blocks and is listed, as 別添3 lists it;
            // copies of other answers are reported where those answers are.
            Kind::Derived(crate::form::Derivation::Count { .. }) => self.count(ix, blocks),
            Kind::Derived(_) => {}
            _ => self.value(ix, blocks),
        }
    }

    fn count(&mut self, ix: NodeIx, blocks: &[String]) {
        let (old, new) = (self.old.derived(ix, blocks), self.new.derived(ix, blocks));
        let path = Path { item: self.form.node(ix).id.clone(), blocks: blocks.to_vec() };
        if old != new {
            let text = withheld::diff((&old, &[]), (&new, &[]), self.public);
            self.push(What::Edited, Class::Content, ix, path, text);
        } else if self.all && !old.is_empty() {
            let text = withheld::diff((&old, &[]), (&new, &[]), self.public);
            self.push(What::Same, Class::Wording, ix, path, text);
        }
    }

    fn push(&mut self, what: What, class: Class, ix: NodeIx, path: Path, text: TextDiff) {
        let (doc, positions) = match what {
            What::Removed => (self.old, &mut self.old_positions),
            _ => (self.new, &mut self.new_positions),
        };
        let title = title_with(doc, ix, &path.blocks, &mut |list, id| positions.of(list, id));
        self.out.push(Change { what, class, path, node: ix, section: self.form.section_of(ix), title, text });
    }

    fn value(&mut self, ix: NodeIx, blocks: &[String]) {
        let node = self.form.node(ix);
        let path = Path { item: node.id.clone(), blocks: blocks.to_vec() };
        let (mut old, old_withheld) = answer(self.old, ix, blocks);
        let (new, new_withheld) = answer(self.new, ix, blocks);
        // A reference that still points at the same block did not change, even if that block's
        // name did (the rename is reported once, where the name is).
        if matches!(node.kind, Kind::Ref { .. })
            && self.old.get(&path).map(|e| &e.value) == self.new.get(&path).map(|e| &e.value)
        {
            old = new.clone();
        }
        if old == new {
            // The same text: a passage withheld on either side is withheld on both, so a
            // passage only now withheld is not published through the old side.
            let union = union(&old_withheld, &new_withheld);
            let text = withheld::diff((&old, &union), (&new, &union), self.public);
            if old_withheld != new_withheld {
                self.push(What::Marking, Class::Wording, ix, path, text);
            } else if self.all && !old.is_empty() {
                self.push(What::Same, Class::Wording, ix, path, text);
            }
            return;
        }
        // A public comparison classifies what the public can read (withheld passages as
        // tokens), so the class reveals nothing of the withheld words.
        let (seen_old, seen_new) = match self.public {
            true => withheld::public_texts((&old, &old_withheld), (&new, &new_withheld)),
            false => (old.clone(), new.clone()),
        };
        let class = if text::wording_key(&seen_old) == text::wording_key(&seen_new) {
            Class::Wording
        } else if node.significant && !only_reduces(self.form, node, &seen_new) {
            Class::Significant
        } else {
            Class::Content
        };
        let text = withheld::diff((&old, &old_withheld), (&new, &new_withheld), self.public);
        self.push(What::Edited, class, ix, path, text);
    }

    fn blocks(&mut self, ix: NodeIx, blocks: &[String]) {
        let form = self.form;
        let node = form.node(ix);
        let list = Path { item: node.id.clone(), blocks: blocks.to_vec() };
        let old_ids = self.old.instances(&list).to_vec();
        let new_ids = self.new.instances(&list).to_vec();
        // A per-file part (Ⅲ of each file) moves with its file: the move is reported once, there.
        let moved = match node.kind {
            Kind::Repeat { .. } => moved_ids(&old_ids, &new_ids),
            _ => HashSet::new(),
        };
        let old_places: HashMap<&str, usize> = old_ids.iter().enumerate().map(|(i, id)| (id.as_str(), i)).collect();
        let new_set: HashSet<&str> = new_ids.iter().map(String::as_str).collect();
        let significant = form.node(form.instance_source(ix)).significant;
        for (to, id) in new_ids.iter().enumerate() {
            let inner = list.child(id, &node.id).blocks;
            let block = Path { item: node.id.clone(), blocks: inner.clone() };
            let Some(&from) = old_places.get(id.as_str()) else {
                let (content, marks) = block_text(self.new, ix, &inner);
                let text = withheld::diff(("", &[]), (&content, &marks), self.public);
                let class = if significant { Class::Significant } else { Class::Content };
                self.push(What::Added, class, ix, block, text);
                continue;
            };
            if moved.contains(id.as_str()) {
                let old = format!("{}{}", form.noun(ix), from + 1);
                let new = format!("{}{}", form.noun(ix), to + 1);
                self.push(
                    What::Moved { from: from + 1, to: to + 1 },
                    Class::Wording,
                    ix,
                    block,
                    text::diff(&old, &new),
                );
            }
            for &c in &node.children {
                self.node(c, &inner);
            }
        }
        for id in old_ids.iter().filter(|id| !new_set.contains(id.as_str())) {
            let inner = list.child(id, &node.id).blocks;
            let (content, marks) = block_text(self.old, ix, &inner);
            let text = withheld::diff((&content, &marks), ("", &[]), self.public);
            self.push(What::Removed, Class::Content, ix, Path { item: node.id.clone(), blocks: inner }, text);
        }
    }
}

/// The blocks present on both sides that are out of their old order: the fewest that must move
/// for the rest to keep their order. Ids are unique, so the blocks that stay are a longest
/// increasing run of old places taken in the new order (patience sorting, n log n); of several
/// such runs the one that keeps the earliest old blocks is chosen, so moving one block down
/// reports that block, not every block it passed.
fn moved_ids<'a>(old: &'a [String], new: &'a [String]) -> HashSet<&'a str> {
    let old_places: HashMap<&str, usize> = old.iter().enumerate().map(|(i, id)| (id.as_str(), i)).collect();
    let common: Vec<(&str, usize)> =
        new.iter().filter_map(|id| old_places.get(id.as_str()).map(|&p| (id.as_str(), p))).collect();
    // tails[k]: index in `common` of the smallest old place ending a run of length k + 1.
    let mut tails: Vec<usize> = Vec::new();
    let mut before: Vec<Option<usize>> = vec![None; common.len()];
    for (i, &(_, place)) in common.iter().enumerate() {
        let k = tails.partition_point(|&t| common[t].1 < place);
        before[i] = k.checked_sub(1).map(|k| tails[k]);
        if k == tails.len() {
            tails.push(i);
        } else {
            tails[k] = i;
        }
    }
    let mut stays = vec![false; common.len()];
    let mut at = tails.last().copied();
    while let Some(i) = at {
        stays[i] = true;
        at = before[i];
    }
    common.iter().zip(stays).filter(|(_, stays)| !stays).map(|((id, _), _)| *id).collect()
}

/// The whole content of one block instance, one 「item：answer」 line each (nested blocks
/// numbered), and the byte ranges of its withheld passages.
pub fn block_text(doc: &Assessment, block: NodeIx, inner: &[String]) -> (String, Vec<std::ops::Range<usize>>) {
    fn line(out: &mut (String, Vec<std::ops::Range<usize>>), text: &str) {
        if !out.0.is_empty() {
            out.0.push('\n');
        }
        out.0.push_str(text);
    }
    fn walk(doc: &Assessment, ix: NodeIx, blocks: &[String], out: &mut (String, Vec<std::ops::Range<usize>>)) {
        let form = doc.form();
        let node = form.node(ix);
        match &node.kind {
            Kind::Group => node.children.iter().for_each(|&c| walk(doc, c, blocks, out)),
            Kind::Repeat { .. } | Kind::PerBlock { .. } => {
                let list = Path { item: node.id.clone(), blocks: blocks.to_vec() };
                for (i, id) in doc.instances(&list).iter().enumerate() {
                    line(out, &format!("［{}{}］", form.noun(ix), i + 1));
                    let inner = list.child(id, &node.id).blocks;
                    node.children.iter().for_each(|&c| walk(doc, c, &inner, out));
                }
            }
            Kind::Derived(_) => {}
            _ => {
                let (text, marks) = answer(doc, ix, blocks);
                if !text.trim().is_empty() {
                    line(out, &format!("{}：", node.title()));
                    let at = out.0.len();
                    out.0.push_str(&text);
                    out.1.extend(marks.iter().map(|r| r.start + at..r.end + at));
                }
            }
        }
    }
    let mut out = (String::new(), Vec::new());
    for &c in &doc.form().node(block).children {
        walk(doc, c, inner, &mut out);
    }
    out
}

/// The union of two sorted lists of byte ranges of the same text, sorted and merged.
fn union(a: &[std::ops::Range<usize>], b: &[std::ops::Range<usize>]) -> Vec<std::ops::Range<usize>> {
    let mut all: Vec<_> = a.iter().chain(b).cloned().collect();
    all.sort_by_key(|r| r.start);
    let mut out: Vec<std::ops::Range<usize>> = Vec::new();
    for r in all {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

/// The official numbering of an item with the number of each block it is in:
/// 「Ⅱ 特定個人情報ファイル1 4. 委託事項4 ⑦再委託の有無」. For a block itself (`blocks` naming
/// its instance) the title ends with the block's number and name: 「… 委託事項4「コールセンター業務」」.
pub fn title(doc: &Assessment, ix: NodeIx, blocks: &[String]) -> String {
    title_with(doc, ix, blocks, &mut |list, id| doc.instances(list).iter().position(|i| i == id).map_or(0, |p| p + 1))
}

/// [`title`] with the 1-based place of a block in its list (0 if absent) given by `place`.
fn title_with(doc: &Assessment, ix: NodeIx, blocks: &[String], place: &mut dyn FnMut(&Path, &str) -> usize) -> String {
    let form = doc.form();
    let mut chain = Vec::new();
    let mut cur = Some(ix);
    while let Some(c) = cur {
        chain.push(c);
        cur = form.node(c).parent;
    }
    chain.reverse();
    let mut parts = Vec::new();
    for &c in &chain {
        let n = form.node(c);
        let depth = n.blocks.len();
        if n.kind.is_block() && depth < blocks.len() {
            let list = Path { item: n.id.clone(), blocks: blocks[..depth].to_vec() };
            let id = &blocks[depth];
            let at = place(&list, id);
            if !n.number.is_empty() {
                parts.push(n.number.clone());
            }
            let mut part = format!("{}{at}", form.noun(c));
            if c == ix
                && let Some(name) = form.name_item(c)
            {
                let source_depth = form.node(form.instance_source(c)).blocks.len() + 1;
                let p = Path { item: form.node(name).id.clone(), blocks: blocks[..source_depth].to_vec() };
                let name = doc.text(&p);
                if !name.is_empty() {
                    part.push_str(&format!("「{name}」"));
                }
            }
            parts.push(part);
        } else if c == ix {
            parts.push(n.title());
        } else if n.parent.is_none() && n.number.is_empty() {
            // A section without a number (表紙) is named.
            parts.push(n.label.clone());
        } else if !n.number.is_empty() {
            parts.push(n.number.clone());
        }
    }
    parts.join(" ")
}

#[cfg(test)]
mod tests;
