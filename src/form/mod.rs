//! The form schema: every section, item and repeated block of the 全項目評価書, loaded from
//! `assets/form/` (validated by `build.rs`). The GUI, PDF, checker and diff walk this tree.

pub mod model;
pub mod validate;

use std::collections::{BTreeMap, HashMap};
use std::sync::LazyLock;

pub use model::{Derivation, Kind, OptionDef, When};

/// Generated constants for every node id (`ids::II_FILE_OUTSOURCING_TASK_SUBCONTRACTING`).
pub mod ids {
    include!(concat!(env!("OUT_DIR"), "/item_ids.rs"));
}

mod sources {
    include!(concat!(env!("OUT_DIR"), "/form_sources.rs"));
}

/// Index of a node in [`Form::nodes`].
pub type NodeIx = usize;

/// One node of the form with its place in the tree.
#[derive(Debug)]
pub struct FormNode {
    /// Full dotted id (`ii.file.outsourcing.task.content`).
    pub id: String,
    /// Local id (`content`).
    pub local: String,
    pub number: String,
    pub label: String,
    pub kind: Kind,
    pub required: bool,
    pub guidance: String,
    pub withholdable: bool,
    /// A Date item that holds several dates (see `model::Node::several`).
    pub several: bool,
    pub significant: bool,
    pub disabled_when: Option<When>,
    pub parent: Option<NodeIx>,
    pub children: Vec<NodeIx>,
    /// Enclosing block nodes (Repeat or PerBlock), outer first, not counting the node itself.
    pub blocks: Vec<NodeIx>,
}

impl FormNode {
    /// The number and label as printed: 「⑧再委託の許諾方法」.
    pub fn title(&self) -> String {
        format!("{}{}", self.number, self.label)
    }
}

/// One 様式 version of the form.
#[derive(Debug)]
pub struct Form {
    pub key: String,
    pub version: String,
    pub title: String,
    pub lists: BTreeMap<String, Vec<OptionDef>>,
    pub nodes: Vec<FormNode>,
    /// Top-level sections in the official order.
    pub sections: Vec<NodeIx>,
    by_id: HashMap<String, NodeIx>,
}

static FORMS: LazyLock<Vec<Form>> = LazyLock::new(|| {
    sources::FORMS
        .iter()
        .map(|(dir, files)| {
            // The schema was parsed and validated by build.rs; failing here is a build bug.
            Form::parse(files).unwrap_or_else(|e| panic!("embedded form {dir} is invalid: {e}"))
        })
        .collect()
});

/// The form new assessments are written on.
pub fn current() -> &'static Form {
    FORMS.last().expect("build.rs guarantees at least one form")
}

/// The form with this key (as recorded in an assessment), if this program knows it.
pub fn by_key(key: &str) -> Option<&'static Form> {
    FORMS.iter().find(|f| f.key == key)
}

/// Keys of every known form, oldest first.
pub fn known_keys() -> Vec<&'static str> {
    FORMS.iter().map(|f| f.key.as_str()).collect()
}

impl Form {
    fn parse(files: &[(&str, &str)]) -> Result<Form, String> {
        let (_, header_text) = files.first().ok_or("no files")?;
        let header: model::FormHeader = ron::from_str(header_text).map_err(|e| e.to_string())?;
        let mut form = Form {
            key: header.key,
            version: header.version,
            title: header.title,
            lists: header.lists,
            nodes: Vec::new(),
            sections: Vec::new(),
            by_id: HashMap::new(),
        };
        for (name, text) in &files[1..] {
            let node: model::Node = ron::from_str(text).map_err(|e| format!("{name}: {e}"))?;
            let ix = form.add(node, None, &[]);
            form.sections.push(ix);
        }
        Ok(form)
    }

    fn add(&mut self, node: model::Node, parent: Option<NodeIx>, blocks: &[NodeIx]) -> NodeIx {
        let id = match parent {
            Some(p) => format!("{}.{}", self.nodes[p].id, node.id),
            None => node.id.clone(),
        };
        let ix = self.nodes.len();
        let required = node.kind.holds_value() && !node.optional;
        self.nodes.push(FormNode {
            id: id.clone(),
            local: node.id,
            number: node.number,
            label: node.label,
            kind: node.kind,
            required,
            guidance: node.guidance,
            withholdable: node.withholdable,
            several: node.several,
            significant: node.significant,
            disabled_when: node.disabled_when,
            parent,
            children: Vec::new(),
            blocks: blocks.to_vec(),
        });
        self.by_id.insert(id, ix);
        let mut inner = blocks.to_vec();
        if self.nodes[ix].kind.is_block() {
            inner.push(ix);
        }
        for child in node.children {
            let c = self.add(child, Some(ix), &inner);
            self.nodes[ix].children.push(c);
        }
        ix
    }

    pub fn node(&self, ix: NodeIx) -> &FormNode {
        &self.nodes[ix]
    }

    /// The node with this full id.
    pub fn find(&self, id: &str) -> Option<NodeIx> {
        self.by_id.get(id).copied()
    }

    /// The node with this full id; for ids that come from the generated constants.
    pub fn get(&self, id: &str) -> &FormNode {
        match self.find(id) {
            Some(ix) => &self.nodes[ix],
            None => panic!("{id} is not an item of form {}", self.key),
        }
    }

    /// The selectable options of a Choice or Multi item.
    pub fn options(&self, ix: NodeIx) -> &[OptionDef] {
        match &self.nodes[ix].kind {
            Kind::Choice { list } | Kind::Multi { list } => self.lists.get(list).map(Vec::as_slice).unwrap_or(&[]),
            _ => &[],
        }
    }

    /// The Repeat node whose instances a block node's instances are: itself, or the source of
    /// a PerBlock (Ⅲ per file shares the ids of Ⅱ's files).
    pub fn instance_source(&self, block: NodeIx) -> NodeIx {
        match &self.nodes[block].kind {
            Kind::PerBlock { of } => self.find(of).unwrap_or(block),
            _ => block,
        }
    }

    /// Whether a block is big enough to get a page (or a heading) per instance, like a
    /// 特定個人情報ファイル, rather than being shown inline like a システム or 委託事項.
    pub fn is_deep_block(&self, ix: NodeIx) -> bool {
        let node = &self.nodes[ix];
        node.kind.is_block()
            && node
                .children
                .iter()
                .any(|&c| matches!(self.nodes[c].kind, Kind::Group | Kind::Repeat { .. } | Kind::PerBlock { .. }))
    }

    /// The item that names an instance of a block (委託事項名, システムの名称, ファイル名), looked
    /// up on the block whose instances these are (Ⅲ's files are named in Ⅱ).
    pub fn name_item(&self, block: NodeIx) -> Option<NodeIx> {
        let source = &self.nodes[self.instance_source(block)];
        source.children.iter().copied().find(|&c| {
            let n = &self.nodes[c];
            matches!(n.local.as_str(), "title" | "name") && n.kind.holds_value()
        })
    }

    /// What one instance of a block is called (「委託事項」, 「特定個人情報ファイル」), looked up on
    /// the block whose instances these are.
    pub fn noun(&self, block: NodeIx) -> &str {
        match &self.nodes[self.instance_source(block)].kind {
            Kind::Repeat { noun, .. } => noun,
            _ => "",
        }
    }

    /// Every node below `ix` in document order, including `ix`.
    pub fn descendants(&self, ix: NodeIx) -> Vec<NodeIx> {
        fn walk(form: &Form, ix: NodeIx, out: &mut Vec<NodeIx>) {
            out.push(ix);
            for &c in &form.nodes[ix].children {
                walk(form, c, out);
            }
        }
        let mut out = Vec::new();
        walk(self, ix, &mut out);
        out
    }

    /// The section (top-level node) that contains `ix`.
    pub fn section_of(&self, mut ix: NodeIx) -> NodeIx {
        while let Some(p) = self.nodes[ix].parent {
            ix = p;
        }
        ix
    }

    /// The official numbering down to this node: 「Ⅱ 4. ⑦再委託の有無」.
    pub fn full_title(&self, ix: NodeIx) -> String {
        let mut parts = Vec::new();
        let mut cur = Some(ix);
        while let Some(c) = cur {
            let n = &self.nodes[c];
            if !n.number.is_empty() || cur == Some(ix) {
                parts.push(if c == ix { n.title() } else { n.number.clone() });
            }
            cur = n.parent;
        }
        parts.reverse();
        parts.join(" ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_ids_resolve_in_the_current_form() {
        let form = current();
        for id in [ids::COVER_TITLE, ids::II_FILE_OUTSOURCING_TASK_SUBCONTRACTING, ids::III_FILE] {
            assert!(form.find(id).is_some(), "{id}");
        }
    }

    #[test]
    fn per_block_sections_share_the_instances_of_their_source() {
        let form = current();
        let iii = form.find(ids::III_FILE).unwrap();
        assert_eq!(form.instance_source(iii), form.find(ids::II_FILE).unwrap());
    }

    #[test]
    fn full_title_uses_the_official_numbering() {
        let form = current();
        let ix = form.find(ids::II_FILE_OUTSOURCING_TASK_APPROVAL).unwrap();
        assert_eq!(form.full_title(ix), "Ⅱ 4. ⑧再委託の許諾方法");
    }

    #[test]
    fn descendants_are_in_document_order() {
        let form = current();
        let ii = form.find(ids::II).unwrap();
        let d = form.descendants(ii);
        let pos = |id: &str| d.iter().position(|&i| form.nodes[i].id == id).unwrap();
        assert!(pos(ids::II_FILE_NAME) < pos(ids::II_FILE_BASIC_KIND));
        assert!(pos(ids::II_FILE_OUTSOURCING_TASK_CONTENT) < pos(ids::II_FILE_STORAGE_PLACE));
    }

    /// The 重要な変更 items (指針 第6の2(1), 別表; ※ in 様式4) as this schema encodes them. Each
    /// entry is an item whose change must be classed 重要な変更; see README「Where the 重要な変更
    /// flags come from」. Ⅲ and Ⅳ are significant as a whole except Ⅲ 7. リスク1⑨.
    const SIGNIFICANT: &[&str] = &[
        // Ⅰ 1.②事務の内容 (with 別添1), 5. 個人番号の利用, 6. 情報提供ネットワークシステムによる情報連携
        "i.task.content",
        "annex1.steps",
        "i.legal_basis.basis",
        "i.network.status",
        "i.network.basis",
        // Ⅱ 2.③対象となる本人の範囲, ④記録される項目 (with 別添2)
        "ii.file.basic.scope.range",
        "ii.file.basic.scope.need",
        "ii.file.basic.records.count",
        "ii.file.basic.records.main",
        "ii.file.basic.records.validity",
        "annex2.file.field",
        // Ⅱ 3.①入手元, ②入手方法, ⑥使用目的, ⑦使用の主体, ⑧使用方法
        "ii.file.use.source",
        "ii.file.use.method",
        "ii.file.use.purpose.purpose",
        "ii.file.use.purpose.change",
        "ii.file.use.users.units",
        "ii.file.use.users.count",
        "ii.file.use.how.method",
        "ii.file.use.how.matching",
        "ii.file.use.how.statistics",
        "ii.file.use.how.decisions",
        // Ⅱ 4. 特定個人情報ファイルの取扱いの委託 (every item of a 委託事項)
        "ii.file.outsourcing.status",
        "ii.file.outsourcing.task",
        "ii.file.outsourcing.task.title",
        "ii.file.outsourcing.task.content",
        "ii.file.outsourcing.task.scope.range",
        "ii.file.outsourcing.task.scope.subjects",
        "ii.file.outsourcing.task.scope.people",
        "ii.file.outsourcing.task.scope.validity",
        "ii.file.outsourcing.task.handlers",
        "ii.file.outsourcing.task.method",
        "ii.file.outsourcing.task.name_check",
        "ii.file.outsourcing.task.contractor",
        "ii.file.outsourcing.task.subcontracting",
        "ii.file.outsourcing.task.approval",
        "ii.file.outsourcing.task.subcontracted",
        // Ⅱ 5. 特定個人情報の提供・移転（委託に伴うものを除く。） (every item of a 提供先・移転先)
        "ii.file.provision.status",
        "ii.file.provision.recipient",
        "ii.file.provision.recipient.name",
        "ii.file.provision.recipient.basis",
        "ii.file.provision.recipient.purpose",
        "ii.file.provision.recipient.info",
        "ii.file.provision.recipient.subjects",
        "ii.file.provision.recipient.people",
        "ii.file.provision.recipient.method",
        "ii.file.provision.recipient.timing",
        "ii.file.provision.transferee",
        "ii.file.provision.transferee.name",
        "ii.file.provision.transferee.basis",
        "ii.file.provision.transferee.purpose",
        "ii.file.provision.transferee.info",
        "ii.file.provision.transferee.subjects",
        "ii.file.provision.transferee.people",
        "ii.file.provision.transferee.method",
        "ii.file.provision.transferee.timing",
        // Ⅱ 6.①保管場所
        "ii.file.storage.place",
    ];

    #[test]
    fn the_significant_items_of_the_guideline_annex_stay_flagged() {
        let form = current();
        for id in SIGNIFICANT {
            let ix = form.find(id).unwrap_or_else(|| panic!("{id} is not an item"));
            assert!(form.nodes[ix].significant, "{id} must be significant (指針 別表)");
        }
        // Ⅲ and Ⅳ: every item holding a value, except Ⅲ 7. リスク1⑨ (重大事故; it changes the
        // しきい値判断, not the 評価 of the file).
        let incident = form.find("iii.file.storage.r1.incident").unwrap();
        for section in [ids::III, ids::IV] {
            for ix in form.descendants(form.find(section).unwrap()) {
                let n = &form.nodes[ix];
                if !n.kind.holds_value() {
                    continue;
                }
                let excluded = n.id.starts_with(&format!("{}.", form.nodes[incident].id));
                assert_eq!(n.significant, !excluded, "{}: {}", n.id, form.full_title(ix));
            }
        }
        // Items outside the 別表 that must not be flagged.
        for id in ["cover.title", "i.task.name", "i.department.head", "ii.file.name", "ii.file.remarks"] {
            assert!(!form.get(id).significant, "{id} is not a 重要な変更 item");
        }
    }
}
