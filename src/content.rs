//! What an exported document says, item by item, walking the schema like the GUI does: the
//! PDF (`pdf`) and the Excel workbook (`xlsx`) lay out the same [`Item`]s, so they never
//! disagree. The public edition replaces every withheld passage here, so withheld text never
//! reaches a page or a cell.

use crate::doc::{Assessment, Path, Value, date};
use crate::form::{Kind, NodeIx, ids};

pub use crate::doc::WITHHELD;

/// Which version is printed, for the header.
#[derive(Debug, Clone)]
pub struct Edition {
    /// 「第2版 第三者点検」 or 「下書き（令和7年6月1日）」.
    pub label: String,
    /// Not yet published: the header says 「案」.
    pub draft: bool,
    /// The 公表 edition: withheld passages are replaced.
    pub public: bool,
}

/// What every page of the full edition says of itself, and its metadata: it must never be
/// mistaken for (or published as) the 公表 edition.
pub const FULL_EDITION_MARK: &str = "非公開情報を含む（第三者点検用）";

/// The header label of the working draft: 「下書き（令和7年11月23日）」.
pub fn draft_label() -> String {
    format!("下書き（{}）", date::to_wareki(jiff::ZonedDateTime::now().date()))
}

/// How a run of text is marked on the page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mark {
    None,
    /// In the full edition: what the public edition leaves out (amber background).
    Withheld,
    /// In a comparison: text of the old version that is gone (red background, struck through).
    Deleted,
    /// In a comparison: text of the new version that is new (green background, underlined).
    Inserted,
    /// In a full-edition comparison: deleted text of a withheld passage (amber, struck through).
    WithheldDeleted,
    /// In a full-edition comparison: inserted text of a withheld passage (amber, underlined).
    WithheldInserted,
}

/// A run of text and its mark.
#[derive(Debug, Clone, PartialEq)]
pub struct Run {
    pub text: String,
    pub mark: Mark,
}

impl Run {
    pub fn plain(text: impl Into<String>) -> Run {
        Run { text: text.into(), mark: Mark::None }
    }

    pub fn is_withheld(&self) -> bool {
        self.mark == Mark::Withheld
    }
}

/// One unit of the document.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    /// A section (level 1), a file or other big block (level 2).
    Heading { level: u8, text: String },
    /// A full-width band inside a table: a group label or a block's name.
    Band { text: String },
    /// Item label and its answer.
    Row { label: String, content: Vec<Run> },
    /// A table with a column per item and a row per block (別添3 変更箇所).
    Grid { headers: Vec<String>, rows: Vec<Vec<Vec<Run>>> },
    /// The 業務全体図 (or one of its figures, `title`) drawn from the registered actors and
    /// flows, on a landscape page.
    Diagram { title: String, graph: crate::flows::Graph },
    /// An attached picture (the department's own 業務全体図), at full page width.
    Picture { bytes: std::sync::Arc<[u8]> },
}

/// What the 様式 prints for an item that does not apply.
pub const NOT_APPLICABLE: &str = "－";

pub struct Builder<'a> {
    pub doc: &'a Assessment,
    pub public: bool,
    pub items: Vec<Item>,
    /// Where each item of the form is printed: its path and the index of the first of `items`
    /// that shows it (the page a reviewer cites, `pdf::item_pages`).
    pub places: Vec<(Path, usize)>,
}

impl<'a> Builder<'a> {
    pub fn new(doc: &'a Assessment, public: bool) -> Builder<'a> {
        Builder { doc, public, items: Vec::new(), places: Vec::new() }
    }

    /// A whole section (表紙, Ⅰ … 別添3).
    pub fn section(&mut self, ix: NodeIx) {
        let node = self.doc.form().node(ix);
        self.items.push(Item::Heading { level: 1, text: node.title() });
        for &c in &node.children {
            self.node(c, &[]);
        }
    }

    fn node(&mut self, ix: NodeIx, blocks: &[String]) {
        let form = self.doc.form();
        let node = form.node(ix);
        self.places.push((Path { item: node.id.clone(), blocks: blocks.to_vec() }, self.items.len()));
        if self.doc.is_disabled(ix, blocks) {
            // An answer another answer makes not applicable (⑧⑨ under 「再委託しない」) keeps its
            // row with 「－」, as the 様式 prints it; a switched-off part (a risk group, the
            // 委託事項 under 「委託しない」) is left out whole.
            if node.kind.holds_value() {
                self.items.push(Item::Row { label: node.title(), content: vec![Run::plain(NOT_APPLICABLE)] });
            }
            return;
        }
        match &node.kind {
            Kind::Group if node.id == ids::ANNEX1_DIAGRAM => self.diagram(ix, blocks),
            Kind::Group => {
                self.items.push(Item::Band { text: node.title() });
                for &c in &node.children {
                    self.node(c, blocks);
                }
            }
            Kind::Repeat { .. } | Kind::PerBlock { .. } => self.blocks(ix, blocks),
            // The 様式 has no row for it: the 記載要領 appends 「【令和〇年〇月〇日 終了】」 to the
            // 評価書名 instead.
            _ if node.id == ids::COVER_ENDED_ON => {}
            // Not a row of the 様式: it only makes the 行政機関等 rows 「－」.
            _ if node.id == ids::COVER_BODY_KIND => {}
            // Printed with the 業務全体図 it explains (`diagram`).
            _ if node.id == ids::ANNEX1_STEPS => {}
            // The 様式 has no row for it: it only makes ⑤ 「－」.
            _ if node.id == ids::VI_COMMENT_NO_OPINION => {}
            _ if node.id == ids::COVER_TITLE => {
                let mut content = self.value(ix, blocks);
                if let Some(Value::Date(d)) = self.doc.get(&Path::top(ids::COVER_ENDED_ON)).map(|e| &e.value) {
                    content.push(Run::plain(format!("【{} 終了】", d.wareki())));
                }
                self.items.push(Item::Row { label: node.title(), content });
            }
            _ => {
                let content = self.value(ix, blocks);
                self.items.push(Item::Row { label: node.title(), content });
            }
        }
    }

    /// 別添1 業務全体図: the attached picture, the generated diagram, then what it is drawn
    /// from (actors and flows as tables, the 委託 chain in full).
    fn diagram(&mut self, ix: NodeIx, blocks: &[String]) {
        let form = self.doc.form();
        if let Some(Value::Image(bytes)) = self.doc.get(&Path::top(ids::ANNEX1_DIAGRAM_IMAGE)).map(|e| &e.value) {
            // Its pixels only: what else the file carries never reaches an output.
            if let Some(plain) = crate::doc::plain_picture(bytes) {
                self.items.push(Item::Picture { bytes: plain.into() });
            }
        }
        let whole = crate::flows::Graph::read(self.doc);
        if !whole.actors.is_empty() {
            // One landscape page per figure (図1 本庁, 図2 情報提供 …), each followed by its
            // numbered steps; then the explanation. The reader meets the pictures and their
            // 手順 first, the registrations they are drawn from last.
            for name in whole.figures() {
                let graph = whole.figure(&name);
                let title = match name.is_empty() {
                    true => {
                        "業務全体図（登録した登場者・データの流れ・委託の連鎖から作成。番号の手順は図に続く表のとおり）"
                            .to_owned()
                    }
                    false => format!("業務全体図　{name}（番号の手順は図に続く表のとおり）"),
                };
                let steps = self.step_list(&graph);
                self.items.push(Item::Diagram { title, graph });
                if let Some(steps) = steps {
                    self.items.push(steps);
                }
            }
        }
        if let Some(explanation) = form.find(ids::ANNEX1_STEPS) {
            let content = self.value(explanation, blocks);
            self.items.push(Item::Row { label: form.node(explanation).title(), content });
        }
        self.items.push(Item::Band { text: "（参考）業務全体図の登録内容".to_owned() });
        for &c in &form.node(ix).children {
            if form.node(c).kind != Kind::Image {
                self.node(c, blocks);
            }
        }
    }

    /// The 手順 under the 業務全体図: one row per data flow, by the mark its line carries (①),
    /// with who passes what to whom, by what and how often.
    fn step_list(&self, graph: &crate::flows::Graph) -> Option<Item> {
        if graph.flows.is_empty() {
            return None;
        }
        let list = Path::top(ids::ANNEX1_DIAGRAM_FLOW);
        let name = |id: &str| graph.actor(id).map(|a| a.name.clone()).unwrap_or_default();
        // In the order of their marks (①② … 2-1 2-2 …), as the 手順 are read; flows with the
        // same mark, and marks that are no number, keep the order they were registered in.
        let mut flows: Vec<(usize, &crate::flows::Flow)> = graph.flows.iter().enumerate().collect();
        flows.sort_by_key(|(i, f)| step_order(&f.mark(i + 1)));
        let rows = flows
            .into_iter()
            .map(|(i, f)| {
                let text = |item: &str| {
                    self.plain(self.doc.form().find(item).unwrap_or_default(), &list.child(&f.id, item).blocks)
                };
                let arrow = if f.two_way { "⇔" } else { "→" };
                vec![
                    vec![Run::plain(f.mark(i + 1))],
                    vec![Run::plain(format!("{} {arrow} {}", name(&f.from), name(&f.to)))],
                    vec![Run::plain(f.medium_label())],
                    vec![Run::plain(text(ids::ANNEX1_DIAGRAM_FLOW_ITEMS))],
                    vec![Run::plain(text(ids::ANNEX1_DIAGRAM_FLOW_FREQUENCY))],
                ]
            })
            .collect();
        let headers = ["番号", "誰から誰へ", "媒体", "運ばれる情報", "頻度"].map(str::to_owned).to_vec();
        Some(Item::Grid { headers, rows })
    }

    fn blocks(&mut self, ix: NodeIx, blocks: &[String]) {
        let form = self.doc.form();
        let node = form.node(ix);
        let list = Path { item: node.id.clone(), blocks: blocks.to_vec() };
        let ids = self.doc.instances(&list).to_vec();
        // A list printed as one row or one table: each of its items is on that item.
        for id in &ids {
            for &c in &node.children {
                self.places.push((list.child(id, &form.node(c).id), self.items.len()));
            }
        }
        let noun = match &form.node(form.instance_source(ix)).kind {
            Kind::Repeat { noun, .. } => noun.clone(),
            _ => String::new(),
        };
        // A list of one-line entries (別添2 記録項目): print it as one numbered row.
        if let [only] = node.children.as_slice()
            && form.node(*only).kind.holds_value()
        {
            let lines: Vec<String> = ids
                .iter()
                .enumerate()
                .map(|(i, id)| {
                    format!("{}. {}", i + 1, self.plain(*only, &list.child(id, &form.node(*only).id).blocks))
                })
                .collect();
            self.items.push(Item::Row { label: node.title(), content: vec![Run::plain(lines.join("\n"))] });
            return;
        }
        if let Kind::Repeat { table: true, .. } = node.kind {
            let headers = node.children.iter().map(|&c| form.node(c).title()).collect();
            let rows = ids
                .iter()
                .map(|id| {
                    node.children
                        .iter()
                        .map(|&c| {
                            let blocks = list.child(id, &form.node(c).id).blocks;
                            // In a table cell a choice is just its wording (「事前」), not the option list.
                            match self
                                .doc
                                .get(&Path { item: form.node(c).id.clone(), blocks: blocks.clone() })
                                .map(|e| &e.value)
                            {
                                Some(Value::Choice(id)) if matches!(form.node(c).kind, Kind::Ref { .. }) => {
                                    vec![Run::plain(self.doc.ref_label(c, id))]
                                }
                                Some(Value::Choice(choice)) => vec![Run::plain(choice.clone())],
                                _ => self.value(c, &blocks),
                            }
                        })
                        .collect()
                })
                .collect();
            self.items.push(Item::Grid { headers, rows });
            return;
        }
        if ids.is_empty() {
            self.items.push(Item::Row { label: node.title(), content: vec![Run::plain("なし")] });
        }
        let deep = form.is_deep_block(ix);
        for (i, id) in ids.iter().enumerate() {
            let mut inner = blocks.to_vec();
            inner.push(id.clone());
            let name = self.block_name(ix, &inner);
            let text = format!("{noun}{} {name}", i + 1).trim_end().to_owned();
            self.items.push(if deep { Item::Heading { level: 2, text } } else { Item::Band { text } });
            for &c in &node.children {
                self.node(c, &inner);
            }
        }
    }

    fn block_name(&self, block: NodeIx, inner: &[String]) -> String {
        let form = self.doc.form();
        let depth = form.node(form.instance_source(block)).blocks.len() + 1;
        form.name_item(block)
            .map(|n| {
                let p = Path { item: form.node(n).id.clone(), blocks: inner[..depth].to_vec() };
                let withheld = self.doc.get(&p).is_some_and(|e| e.withheld);
                if withheld && self.public { WITHHELD.to_owned() } else { self.doc.text(&p).to_owned() }
            })
            .unwrap_or_default()
    }

    /// The answer of an item as plain text (public edition: withheld parts replaced).
    fn plain(&self, ix: NodeIx, blocks: &[String]) -> String {
        self.value(ix, blocks)
            .into_iter()
            .map(|r| if r.is_withheld() && self.public { WITHHELD.to_owned() } else { r.text })
            .collect()
    }

    /// The answer printed the official way.
    pub fn value(&self, ix: NodeIx, blocks: &[String]) -> Vec<Run> {
        let form = self.doc.form();
        let node = form.node(ix);
        let path = Path { item: node.id.clone(), blocks: blocks.to_vec() };
        let run = |text: String| vec![Run::plain(text)];
        if let Kind::Derived(_) = node.kind {
            return run(self.doc.derived(ix, blocks));
        }
        let Some(entry) = self.doc.get(&path) else {
            return run(if node.kind == Kind::Flag { "□".into() } else { String::new() });
        };
        if entry.withheld {
            if self.public {
                return run(WITHHELD.into());
            }
            return vec![Run { text: self.shown(ix, &entry.value), mark: Mark::Withheld }];
        }
        match &entry.value {
            Value::Text(t) => t
                .segments()
                .into_iter()
                .map(|s| match (s.withheld, self.public) {
                    (true, true) => Run::plain(WITHHELD),
                    (true, false) => Run { text: s.text.to_owned(), mark: Mark::Withheld },
                    (false, _) => Run::plain(s.text),
                })
                .collect(),
            other => run(self.shown(ix, other)),
        }
    }

    fn shown(&self, ix: NodeIx, value: &Value) -> String {
        let form = self.doc.form();
        match value {
            Value::Text(t) => t.as_str().to_owned(),
            Value::Choice(id) if matches!(form.node(ix).kind, Kind::Ref { .. }) => self.doc.ref_label(ix, id),
            // 「[ 十分である ] ＜選択肢＞ 1) 特に力を入れている 2) 十分である 3) 課題が残されている」
            Value::Choice(c) => {
                let options: Vec<String> = form
                    .options(ix)
                    .iter()
                    .filter_map(|o| o.label())
                    .enumerate()
                    .map(|(i, o)| format!("{}) {o}", i + 1))
                    .collect();
                format!("[ {c} ]\n＜選択肢＞ {}", options.join(" "))
            }
            Value::Multi(picks) => form
                .options(ix)
                .iter()
                .map(|o| match o.label() {
                    None => format!(
                        "＜{}＞",
                        match o {
                            crate::form::OptionDef::Heading(h) => h.as_str(),
                            _ => "",
                        }
                    ),
                    Some(label) => match picks.iter().find(|p| p.option == label) {
                        Some(p) if !p.detail.is_empty() => format!("■ {label}（{}）", p.detail),
                        Some(_) => format!("■ {label}"),
                        None => format!("□ {label}"),
                    },
                })
                .collect::<Vec<_>>()
                .join("\n"),
            Value::Date(d) => d.wareki(),
            Value::Count(n) => format!("{n}件"),
            Value::Flag(f) => if *f { "■" } else { "□" }.to_owned(),
            Value::Image(bytes) => crate::doc::image_summary(bytes),
        }
    }
}

/// Sorting key of a step mark: its numbers (「⑫」 → [12], 「2-1」 → [2, 1]); a mark with no
/// number sorts last.
fn step_order(mark: &str) -> (bool, Vec<u32>) {
    let mut numbers: Vec<u32> = Vec::new();
    let mut run = String::new();
    for c in mark.chars().chain([' ']) {
        if c.is_ascii_digit() {
            run.push(c);
            continue;
        }
        if !run.is_empty() {
            numbers.push(run.parse().unwrap_or(u32::MAX));
            run.clear();
        }
        numbers.extend(crate::flows::circled_value(c));
    }
    (numbers.is_empty(), numbers)
}

#[cfg(test)]
mod step_tests {
    #[test]
    fn steps_sort_by_their_numbers() {
        let mut marks = vec!["⑫", "2-1", "⑪", "受付", "②", "2-10", "2-2", "⑩"];
        marks.sort_by_key(|m| super::step_order(m));
        assert_eq!(marks, ["②", "2-1", "2-2", "2-10", "⑩", "⑪", "⑫", "受付"]);
    }
}
