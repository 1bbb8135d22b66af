//! The 比較 page: two versions (or a version and the draft) side by side, changed items only
//! unless asked for all, deletions red and struck through, insertions green and underlined, a
//! summary at the top, 前の変更/次の変更, a jump from a change to its item, the comparison PDF,
//! and 別添3 rows generated from the changes.

use super::{Editor, Intent};
use crate::diff::{self, Class, Comparison, Piece};
use crate::doc::{Assessment, Path};
use egui::text::{LayoutJob, TextFormat};
use egui::{Color32, FontId, RichText, Stroke, Ui};
use std::collections::HashMap;
use std::sync::Arc;

/// One side of the comparison.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Side {
    Draft,
    Version(u32),
}

/// What the page compares and what it found.
pub struct CompareState {
    pub old: Option<Side>,
    pub new: Side,
    /// List unchanged items too.
    pub all: bool,
    /// Frozen versions loaded for comparison (they never change, so they are kept).
    pub loaded: HashMap<u32, Arc<Assessment>>,
    pub result: Option<Comparison>,
    /// What `result` was computed from: sides, `all`, and the draft's generation.
    computed_for: Option<(Option<Side>, Side, bool, u64)>,
    /// The change the 前/次 buttons are on.
    pub cursor: usize,
    scroll_to_cursor: bool,
    /// Changes shown in full (「全文」) instead of the changed lines with a little context.
    pub full_text: std::collections::HashSet<usize>,
}

impl Default for CompareState {
    fn default() -> Self {
        CompareState {
            old: None,
            new: Side::Draft,
            all: false,
            loaded: HashMap::new(),
            result: None,
            computed_for: None,
            cursor: 0,
            scroll_to_cursor: false,
            full_text: Default::default(),
        }
    }
}

const DELETED_BG: Color32 = Color32::from_rgb(255, 205, 205);
const INSERTED_BG: Color32 = Color32::from_rgb(200, 240, 200);
const WITHHELD_BG: Color32 = Color32::from_rgb(255, 224, 150);
const SIGNIFICANT: Color32 = Color32::from_rgb(190, 30, 30);

/// One side's text with its changed runs marked (colour plus strike-through or underline, so
/// the marks do not depend on telling red from green).
fn marked(ui: &Ui, pieces: &[Piece], deleted: bool) -> LayoutJob {
    let font = FontId::proportional(ui.style().text_styles[&egui::TextStyle::Body].size);
    let color = ui.visuals().text_color();
    let mut job = LayoutJob::default();
    for p in pieces {
        let mut f = TextFormat { font_id: font.clone(), color, ..Default::default() };
        if p.withheld {
            // 非公開 passages in amber, as the 点検用 PDF highlights them.
            f.background = WITHHELD_BG;
        }
        if p.changed {
            // A changed withheld passage stays amber; the line still says deleted or inserted.
            if deleted {
                f.background = if p.withheld { WITHHELD_BG } else { DELETED_BG };
                f.strikethrough = Stroke::new(1.0, color);
            } else {
                f.background = if p.withheld { WITHHELD_BG } else { INSERTED_BG };
                f.underline = Stroke::new(1.0, color);
            }
        }
        job.append(&p.text, 0.0, f);
    }
    job
}

impl Editor {
    fn side_label(&self, side: Side) -> String {
        match side {
            Side::Draft => "下書き".into(),
            Side::Version(n) => {
                let stage = self.versions.iter().find(|v| v.number == n).map(|v| v.stage.as_str()).unwrap_or("");
                format!("第{n}版（{stage}）")
            }
        }
    }

    /// The document of one side, if it is at hand (a version may still be loading).
    fn side_doc(&self, side: Side) -> Option<&Assessment> {
        match side {
            // While a version is viewed read-only, the draft waits aside.
            Side::Draft => Some(self.draft.as_deref().unwrap_or(&self.doc)),
            Side::Version(n) => self.compare.loaded.get(&n).map(|d| d.as_ref()),
        }
    }

    /// Asks for versions not loaded yet and recomputes the comparison when its inputs changed.
    pub fn refresh_comparison(&mut self) {
        let c = &mut self.compare;
        if c.old.is_none() {
            c.old = self.versions.last().map(|v| Side::Version(v.number));
        }
        for side in [c.old, Some(c.new)].into_iter().flatten() {
            if let Side::Version(n) = side
                && !c.loaded.contains_key(&n)
                && !self.compare_requested.contains(&n)
            {
                self.compare_requested.push(n);
                self.saver.load_for_comparison(n);
            }
        }
        let key = (self.compare.old, self.compare.new, self.compare.all, self.doc_generation);
        if self.compare.computed_for == Some(key) {
            return;
        }
        let Some(old_side) = self.compare.old else { return };
        let (Some(old), Some(new)) = (self.side_doc(old_side), self.side_doc(self.compare.new)) else { return };
        let upto = match self.compare.new {
            Side::Version(n) => Some(n),
            Side::Draft => None,
        };
        let published = crate::store::published_by(&self.versions, upto);
        let result =
            diff::compare(old, new, self.compare.all).ok().map(|c| if published { c } else { c.before_publication() });
        self.compare.result = result;
        self.compare.full_text.clear();
        self.compare.computed_for = Some(key);
        self.compare.cursor = 0;
    }

    /// The editor path to show for a change: the item, or a block's name item.
    fn change_target(&self, change: &diff::Change) -> Path {
        let form = self.doc.form();
        let node = form.node(change.node);
        if node.kind.is_block()
            && change.path.blocks.len() > node.blocks.len()
            && let Some(name) = form.name_item(change.node)
        {
            let depth = form.node(form.instance_source(change.node)).blocks.len() + 1;
            return Path { item: form.node(name).id.clone(), blocks: change.path.blocks[..depth].to_vec() };
        }
        change.path.clone()
    }

    pub(super) fn compare_page(&mut self, ui: &mut Ui, intents: &mut Vec<Intent>) {
        ui.heading("版の比較");
        if self.versions.is_empty() {
            ui.label(
                "確定した版がまだありません。「版の管理」で版を確定すると、その版と下書きや、版どうしを比べられます。",
            );
            return;
        }
        self.refresh_comparison();
        let mut sides: Vec<Side> = self.versions.iter().map(|v| Side::Version(v.number)).collect();
        sides.push(Side::Draft);
        let labels: Vec<(Side, String)> = sides.iter().map(|&s| (s, self.side_label(s))).collect();
        ui.horizontal_wrapped(|ui| {
            let l = ui.label("比べる版");
            let old_text = self.compare.old.map(|s| self.side_label(s)).unwrap_or_default();
            egui::ComboBox::from_id_salt("compare-old")
                .selected_text(old_text)
                .show_ui(ui, |ui| {
                    for (s, label) in &labels {
                        ui.selectable_value(&mut self.compare.old, Some(*s), label);
                    }
                })
                .response
                .labelled_by(l.id);
            let l = ui.label("→");
            egui::ComboBox::from_id_salt("compare-new")
                .selected_text(self.side_label(self.compare.new))
                .show_ui(ui, |ui| {
                    for (s, label) in &labels {
                        ui.selectable_value(&mut self.compare.new, *s, label);
                    }
                })
                .response
                .labelled_by(l.id);
            ui.checkbox(&mut self.compare.all, "変更のない項目も表示");
        });
        let Some(result) = &self.compare.result else {
            ui.spinner();
            ui.label("版を読み込んでいます…");
            return;
        };
        let count = result.count();
        ui.label(RichText::new(result.summary()).strong().size(18.0));
        for line in result.records.lines() {
            ui.label(line);
        }
        let real: Vec<usize> = (0..result.changes.len()).filter(|&i| result.changes[i].is_change()).collect();
        let mut log_rows = Vec::new();
        let draft_is_new = self.compare.new == Side::Draft && self.viewing.is_none();
        if draft_is_new {
            log_rows = diff::change_log_rows(result, &self.doc);
        }
        let mut make_log = false;
        ui.horizontal_wrapped(|ui| {
            if ui.add_enabled(count > 0, egui::Button::new("◀ 前の変更")).clicked() {
                self.compare.cursor = (self.compare.cursor + real.len() - 1) % real.len().max(1);
                self.compare.scroll_to_cursor = true;
            }
            if ui.add_enabled(count > 0, egui::Button::new("次の変更 ▶")).clicked() {
                self.compare.cursor = (self.compare.cursor + 1) % real.len().max(1);
                self.compare.scroll_to_cursor = true;
            }
            if count > 0 {
                ui.label(format!("{} / {count}", self.compare.cursor.min(count - 1) + 1));
            }
            ui.separator();
            if ui
                .button("比較表PDFを出力…")
                .on_hover_text("第三者点検用：非公開の部分も黄色の背景で示します。公表しないでください。")
                .clicked()
            {
                self.export_request = Some(super::ExportKind::Comparison);
            }
            if ui
                .button("比較表PDF（公表用）…")
                .on_hover_text("非公開の部分を「（非公開）」に置き換えた比較表を作ります。")
                .clicked()
            {
                self.export_request = Some(super::ExportKind::ComparisonPublic);
            }
            let published = result.published;
            let log = ui
                .add_enabled(
                    draft_is_new && published && !log_rows.is_empty(),
                    egui::Button::new("別添3に変更箇所を追加"),
                )
                .on_hover_text("この比較の変更を、下書きの（別添3）変更箇所に1件ずつ追加します（表紙と別添3自身の変更、既に記載した項目は除きます）。※項目の変更は「重要な変更の可能性」として提出時期「事前」で載せます。リスクを下げるだけの変更なら「事後」に直し、その理由を提出時期に係る説明に記入してください。")
                .on_disabled_hover_text(match (draft_is_new, published) {
                    (false, _) => "比べる版の右側が下書きのときに使えます。",
                    (true, false) => "まだ公表した版がありません。別添3は公表した評価書からの変更を載せる表です（公表前の修正は載せません）。",
                    (true, true) => "別添3に載せる変更がありません（表紙と別添3自身の変更は別添3に載せません）。",
                });
            make_log = log.clicked();
        });
        ui.separator();
        let cursor_change = real.get(self.compare.cursor).copied();
        let scroll = std::mem::take(&mut self.compare.scroll_to_cursor);
        let old_label = self.compare.old.map(|s| self.side_label(s)).unwrap_or_default();
        let new_label = self.side_label(self.compare.new);
        let mut jump = None;
        egui::ScrollArea::vertical().id_salt("compare").auto_shrink([false, false]).show(ui, |ui| {
            let Some(result) = &self.compare.result else { return };
            if count == 0 && !self.compare.all {
                ui.label("2つの版に違いはありません。");
            }
            let form = self.doc.form();
            let mut section = None;
            for (i, c) in result.changes.iter().enumerate() {
                if section != Some(c.section) {
                    section = Some(c.section);
                    ui.add_space(6.0);
                    ui.label(RichText::new(form.node(c.section).title()).strong().size(18.0));
                }
                let current = cursor_change == Some(i);
                let frame = egui::Frame::group(ui.style()).stroke(if current {
                    Stroke::new(2.5, ui.visuals().selection.stroke.color)
                } else {
                    ui.visuals().widgets.noninteractive.bg_stroke
                });
                let response = frame.show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.horizontal_wrapped(|ui| {
                        if c.is_change() {
                            let class = RichText::new(format!("［{}］", result.class_label(c.class))).strong();
                            ui.label(if c.class == Class::Significant { class.color(SIGNIFICANT) } else { class });
                            ui.label(c.what.label());
                        }
                        ui.label(RichText::new(&c.title).strong());
                        if draft_is_new && c.what != diff::What::Removed && ui.link("この項目へ").clicked() {
                            jump = Some(i);
                        }
                        if c.is_change() {
                            let full = self.compare.full_text.contains(&i);
                            if ui.link(if full { "変更部分だけ表示" } else { "全文を表示" }).clicked() {
                                if full {
                                    self.compare.full_text.remove(&i);
                                } else {
                                    self.compare.full_text.insert(i);
                                }
                            }
                        }
                    });
                    let whole = !c.is_change() || self.compare.full_text.contains(&i);
                    let shown = if whole { c.text.clone() } else { c.text.excerpt() };
                    ui.columns(2, |cols| {
                        cols[0].label(RichText::new(&old_label).small().weak());
                        cols[0].label(marked(&cols[0], &shown.old, true));
                        cols[1].label(RichText::new(&new_label).small().weak());
                        cols[1].label(marked(&cols[1], &shown.new, false));
                    });
                });
                if current && scroll {
                    response.response.scroll_to_me(Some(egui::Align::TOP));
                }
            }
        });
        if let Some(i) = jump
            && let Some(change) = self.compare.result.as_ref().map(|r| r.changes[i].clone())
        {
            intents.push(Intent::Reveal(self.change_target(&change)));
        }
        if make_log {
            let today = jiff::ZonedDateTime::now().date();
            match diff::plan_change_log(&self.doc, &log_rows, today) {
                Ok((edits, 0)) => {
                    debug_assert!(edits.is_empty());
                    self.notice = Some(
                        "追加する変更箇所はありません（別添3に載せる変更はすべて記載済みです。表紙と別添3自身の変更は載せません）。"
                            .into(),
                    );
                }
                Ok((edits, n)) => {
                    self.edit(edits, None);
                    self.notice = Some(format!(
                        "（別添3）変更箇所に{n}件を追加しました。変更日と提出時期を確かめ、「提出時期に係る説明」を記入してください。"
                    ));
                }
                Err(e) => self.notice = Some(crate::messages::japanese(&e.into())),
            }
        }
    }

    /// The comparison shown on the page as a PDF (`public`: for publication, withheld passages
    /// replaced; the comparison is made again from the two sides for it).
    pub fn comparison_pdf(&mut self, public: bool) -> Result<Vec<u8>, String> {
        self.refresh_comparison();
        let (Some(result), Some(old)) = (&self.compare.result, self.compare.old) else {
            return Err("比べる版を選んでください。".into());
        };
        let labels = diff::render::Labels { old: self.side_label(old), new: self.side_label(self.compare.new) };
        let doc = self.side_doc(self.compare.new).unwrap_or(&self.doc);
        // The PDF lists changes only, whatever the page shows.
        let changes = match public {
            false => Comparison {
                changes: result.real().cloned().collect(),
                public: false,
                published: result.published,
                records: result.records.clone(),
            },
            true => {
                let old_doc =
                    self.side_doc(old).ok_or("比べる版を読み込み中です。少し待ってから、もう一度押してください。")?;
                let c = diff::compare_public(old_doc, doc, false)
                    .map_err(|_| "2つの版は異なる様式で書かれているため比べられません。".to_owned())?;
                if result.published { c } else { c.before_publication() }
            }
        };
        crate::pdf::comparison(&changes, self.side_doc(old), doc, &labels)
            .map_err(|e| format!("PDFを作れませんでした（{e}）。"))
    }
}
