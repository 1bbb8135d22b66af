//! The navigation tree, built by walking the schema over the document's files: 表紙, Ⅰ, 別添1,
//! Ⅱ per 特定個人情報ファイル, 別添2 per file, Ⅲ per file and risk section, Ⅳ–Ⅵ, 別添3.

use crate::doc::{Assessment, Path};
use crate::form::{Form, Kind, NodeIx};

/// What the centre of the window shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Page {
    /// 使い方: the procedure and what each screen is for.
    Guide,
    Overview,
    Precheck,
    /// 評価の手続: the stages taken, from which Ⅵ is filled.
    Procedure,
    /// 質問事項と回答: every question of a review, filtered.
    Questions,
    /// 対策計画: the planned measures for remaining issues and promises.
    Actions,
    Versions,
    Compare,
    /// A section, a file's part of a section, or one group inside it.
    Node {
        ix: NodeIx,
        blocks: Vec<String>,
    },
}

/// One line of the navigation tree.
#[derive(Debug, Clone)]
pub struct NavEntry {
    pub depth: usize,
    pub label: String,
    pub page: Page,
    pub filled: usize,
    pub required: usize,
    /// 事前点検 findings on this page (set by the editor).
    pub findings: usize,
}

impl NavEntry {
    pub fn missing(&self) -> usize {
        self.required - self.filled
    }
}

/// The name shown for one instance of a deep block: 「ファイル1 児童手当ファイル」,
/// 「委託事項2 コールセンター業務」. `within` are the ids of the blocks the list is inside (the
/// file a 委託事項 belongs to); the name is read on the block the instances follow (Ⅲ's files
/// are named in Ⅱ).
pub fn instance_label(doc: &Assessment, block: NodeIx, index: usize, within: &[String], id: &str) -> String {
    let form = doc.form();
    let mut blocks = within.to_vec();
    blocks.push(id.to_owned());
    blocks.truncate(form.node(form.instance_source(block)).blocks.len() + 1);
    let name = form.name_item(block).map_or("", |n| doc.text(&Path { item: form.node(n).id.clone(), blocks }));
    let name = if name.trim().is_empty() { "（名称未記入）" } else { name };
    format!("{}{} {}", noun(form, block), index + 1, name)
}

fn noun(form: &Form, block: NodeIx) -> String {
    match &form.node(form.instance_source(block)).kind {
        Kind::Repeat { noun, .. } => match noun.as_str() {
            "特定個人情報ファイル" => "ファイル".to_owned(),
            other => other.to_owned(),
        },
        _ => String::new(),
    }
}

pub fn build(doc: &Assessment) -> Vec<NavEntry> {
    let form = doc.form();
    let mut out = vec![
        NavEntry { depth: 0, label: "使い方".into(), page: Page::Guide, filled: 0, required: 0, findings: 0 },
        NavEntry { depth: 0, label: "概要".into(), page: Page::Overview, filled: 0, required: 0, findings: 0 },
        NavEntry { depth: 0, label: "事前点検".into(), page: Page::Precheck, filled: 0, required: 0, findings: 0 },
        NavEntry {
            depth: 0, label: "評価の手続".into(), page: Page::Procedure, filled: 0, required: 0, findings: 0
        },
        NavEntry {
            depth: 0,
            label: "質問事項と回答".into(),
            page: Page::Questions,
            filled: 0,
            required: 0,
            findings: 0,
        },
        NavEntry { depth: 0, label: "対策計画".into(), page: Page::Actions, filled: 0, required: 0, findings: 0 },
    ];
    for &s in &form.sections {
        push(doc, &mut out, 0, form.node(s).title(), s, &[]);
        for &child in &form.node(s).children {
            if !form.is_deep_block(child) {
                continue;
            }
            let list = Path { item: form.node(child).id.clone(), blocks: Vec::new() };
            for (i, id) in doc.instances(&list).iter().enumerate() {
                let blocks = vec![id.clone()];
                push(doc, &mut out, 1, instance_label(doc, child, i, &[], id), child, &blocks);
                nested(doc, &mut out, 2, child, &blocks);
                // Ⅲ is long: each of its numbered parts gets its own page too.
                if matches!(form.node(child).kind, Kind::PerBlock { .. }) {
                    for &g in &form.node(child).children {
                        let n = form.node(g);
                        if n.kind == Kind::Group && !n.number.is_empty() {
                            push(doc, &mut out, 2, n.title(), g, &blocks);
                        }
                    }
                }
            }
        }
    }
    out.push(NavEntry {
        depth: 0,
        label: "版の管理".into(),
        page: Page::Versions,
        filled: 0,
        required: 0,
        findings: 0,
    });
    out.push(NavEntry {
        depth: 0, label: "版の比較".into(), page: Page::Compare, filled: 0, required: 0, findings: 0
    });
    out
}

/// Entries for the deep blocks nested in one instance of `block` (the 委託事項 of a file), at
/// any depth: each instance gets a page of its own, under its enclosing one.
fn nested(doc: &Assessment, out: &mut Vec<NavEntry>, depth: usize, block: NodeIx, blocks: &[String]) {
    let form = doc.form();
    for inner in deep_blocks_within(form, block) {
        let list = Path { item: form.node(inner).id.clone(), blocks: blocks.to_vec() };
        for (i, id) in doc.instances(&list).iter().enumerate() {
            let mut inner_blocks = blocks.to_vec();
            inner_blocks.push(id.clone());
            push(doc, out, depth, instance_label(doc, inner, i, blocks, id), inner, &inner_blocks);
            nested(doc, out, depth + 1, inner, &inner_blocks);
        }
    }
}

/// The deep repeated blocks directly inside `block` (through groups, not through other blocks).
pub fn deep_blocks_within(form: &Form, block: NodeIx) -> Vec<NodeIx> {
    fn walk(form: &Form, ix: NodeIx, out: &mut Vec<NodeIx>) {
        for &c in &form.node(ix).children {
            match form.node(c).kind {
                Kind::Group => walk(form, c, out),
                Kind::Repeat { .. } if form.is_deep_block(c) => out.push(c),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(form, block, &mut out);
    out
}

fn push(doc: &Assessment, out: &mut Vec<NavEntry>, depth: usize, label: String, ix: NodeIx, blocks: &[String]) {
    let form = doc.form();
    // A file's page: count what is inside this one instance, not the whole list.
    let c = if form.node(ix).kind.is_block() {
        form.node(ix).children.iter().map(|&child| doc.completion_of(child, blocks)).fold(
            crate::doc::Completion::default(),
            |mut acc, c| {
                acc.filled += c.filled;
                acc.required += c.required;
                acc.missing.extend(c.missing);
                acc
            },
        )
    } else {
        doc.completion_of(ix, blocks)
    };
    out.push(NavEntry {
        depth,
        label,
        page: Page::Node { ix, blocks: blocks.to_vec() },
        filled: c.filled,
        required: c.required,
        findings: 0,
    });
}

/// The most specific page of the tree that shows `path`.
pub fn page_of(doc: &Assessment, nav: &[NavEntry], path: &Path) -> Option<Page> {
    let form = doc.form();
    let target = form.find(&path.item)?;
    let mut best: Option<(usize, &Page)> = None;
    for e in nav {
        let Page::Node { ix, blocks } = &e.page else { continue };
        let contains = is_ancestor(form, *ix, target) && path.blocks.starts_with(blocks);
        let depth = ancestor_depth(form, *ix);
        if contains && best.is_none_or(|(d, _)| depth > d) {
            best = Some((depth, &e.page));
        }
    }
    best.map(|(_, p)| p.clone())
}

fn is_ancestor(form: &Form, ancestor: NodeIx, mut ix: NodeIx) -> bool {
    loop {
        if ix == ancestor {
            return true;
        }
        match form.node(ix).parent {
            Some(p) => ix = p,
            None => return false,
        }
    }
}

fn ancestor_depth(form: &Form, mut ix: NodeIx) -> usize {
    let mut d = 0;
    while let Some(p) = form.node(ix).parent {
        d += 1;
        ix = p;
    }
    d
}
