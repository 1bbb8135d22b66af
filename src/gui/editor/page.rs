//! Draws one page by walking the schema: groups as framed headings with the official numbers,
//! repeated blocks with their controls, items via [`super::items`].

use super::items;
use super::nav::instance_label;
use super::{Intent, Page};
use crate::doc::{Assessment, Path};
use crate::form::{Kind, NodeIx};
use egui::{Button, Frame, RichText, Ui};
use std::collections::HashMap;

/// What page drawing reads and writes; kept apart from the editor so the document is only read.
pub struct Cx<'a> {
    pub doc: &'a Assessment,
    pub buffers: &'a mut HashMap<Path, String>,
    pub intents: &'a mut Vec<Intent>,
    pub focus: &'a mut Option<Path>,
    pub scroll_to: &'a mut Option<Path>,
    /// The last text selection made in a field (kept when focus moves to the 非公開 button).
    pub selection: &'a mut Option<(Path, std::ops::Range<usize>)>,
    pub read_only: bool,
    /// Ⅱ answers the 業務全体図 decides (shown, not typed).
    pub derived: &'a std::collections::HashSet<Path>,
    /// The laid-out 業務全体図 (drawn on the 別添1 page).
    pub diagram: Option<&'a crate::flows::layout::Diagram>,
    /// The actor, flow or 委託 link picked in the diagram, and whether to bring it into view.
    pub picked: &'a mut Option<(String, bool)>,
    /// How the 業務全体図 is enlarged and moved on the page.
    pub diagram_view: &'a mut super::diagram::View,
    /// The 業務全体図 is asked for in a window of its own, at full size.
    pub diagram_full: &'a mut bool,
    /// The 業務全体図 is folded away on the 別添1 page (more room for the tables).
    pub diagram_hidden: &'a mut bool,
    /// The figures of the 業務全体図 (one empty name when not split) and the one shown.
    pub figures: &'a [String],
    pub figure: &'a mut usize,
}

/// The page for a node (a section, a file's part of a section, or a group) in `blocks`.
pub fn show(ui: &mut Ui, cx: &mut Cx, ix: NodeIx, blocks: &[String]) {
    let form = cx.doc.form();
    let node = form.node(ix);
    // A file's page carries its section's heading, as the 様式 does (「Ⅱ 特定個人情報ファイル
    // の概要 — ファイル1 …」), not the list's own label.
    let mut title = match node.parent {
        Some(p) if node.kind.is_block() && form.node(p).parent.is_none() => form.full_title(p),
        _ => form.full_title(ix),
    };
    // The block whose instance this page shows: the page's own node when it is a block (a
    // 委託事項), else the innermost block around it (the file of a Ⅲ part).
    let block = if node.kind.is_block() { Some(ix) } else { node.blocks.last().copied() };
    if let (Some(block), Some(id)) = (block, blocks.last()) {
        let within = &blocks[..blocks.len() - 1];
        let list = Path { item: form.node(block).id.clone(), blocks: within.to_vec() };
        let index = cx.doc.instances(&list).iter().position(|i| i == id).unwrap_or(0);
        title = format!("{title}　—　{}", instance_label(cx.doc, block, index, within, id));
    }
    ui.add(egui::Label::new(RichText::new(title).heading()).wrap());
    ui.add_space(6.0);
    // 別添1: the 業務全体図 stays in view above the registrations it is drawn from.
    if node.children.iter().any(|&c| form.node(c).id == crate::form::ids::ANNEX1_DIAGRAM) {
        match cx.diagram {
            Some(_) if *cx.diagram_hidden => {
                if ui.button("業務全体図を表示").clicked() {
                    *cx.diagram_hidden = false;
                }
            }
            Some(d) => {
                if cx.figures.len() > 1 {
                    ui.horizontal_wrapped(|ui| {
                        ui.label("図：");
                        for (i, name) in cx.figures.iter().enumerate() {
                            let shown =
                                if name.is_empty() { "業務全体図（名前なし）" } else { name.as_str() };
                            if ui.selectable_label(*cx.figure == i, shown).clicked() {
                                *cx.figure = i;
                            }
                        }
                    });
                }
                ui.horizontal(|ui| {
                    if ui.button("＋ 拡大").clicked() {
                        cx.diagram_view.zoom_by(1.5);
                    }
                    if ui.add_enabled(cx.diagram_view.zoom > 1.0, egui::Button::new("－ 縮小")).clicked() {
                        cx.diagram_view.zoom_by(1.0 / 1.5);
                    }
                    if ui.button("全体を表示").clicked() {
                        *cx.diagram_view = super::diagram::View::default();
                    }
                    if ui.button("大きな画面で見る").clicked() {
                        *cx.diagram_full = true;
                    }
                    // More room for the tables below.
                    if ui.button("図を隠す").clicked() {
                        *cx.diagram_hidden = true;
                    }
                    ui.weak(format!("{:.0}%", cx.diagram_view.zoom * 100.0));
                });
                let picked = cx.picked.as_ref().map(|(id, _)| id.as_str());
                let max_h = ui.available_height() * 0.45;
                if let Some(id) = super::diagram::canvas(ui, d, picked, max_h, cx.diagram_view) {
                    *cx.picked = Some((id, true));
                }
                ui.weak("図は下の登録内容から自動で描かれます。拡大した図はドラッグで動かせます（Ctrl+ホイールでも拡大・縮小）。箱や矢印をクリックすると、その登録内容へ移動します。");
            }
            None => {
                ui.weak("（登場する者・システムとデータの流れを登録すると、ここに業務全体図が描かれます。）");
            }
        }
        ui.separator();
    }
    egui::ScrollArea::vertical().auto_shrink([false, false]).id_salt(("page", ix, blocks)).show(ui, |ui| {
        if node.kind.holds_value() || matches!(node.kind, Kind::Derived(_)) {
            node_ui(ui, cx, ix, blocks);
        } else {
            for &c in &node.children {
                node_ui(ui, cx, c, blocks);
            }
        }
        ui.add_space(40.0);
    });
}

fn node_ui(ui: &mut Ui, cx: &mut Cx, ix: NodeIx, blocks: &[String]) {
    let form = cx.doc.form();
    let node = form.node(ix);
    let disabled = cx.doc.is_disabled(ix, blocks);
    // 別添3 quotes each change with a little context; the whole answers are one click away.
    if node.id == crate::form::ids::ANNEX3_CHANGE && ui.link("変更前・変更後の全文を「版の比較」で見る").clicked()
    {
        cx.intents.push(Intent::Goto(Page::Compare));
    }
    match &node.kind {
        Kind::Group if node.id == crate::form::ids::ANNEX1_DIAGRAM => {
            ui.label(
                RichText::new(node.title()).strong().size(ui.style().text_styles[&egui::TextStyle::Body].size * 1.1),
            );
            ui.weak("上の図は、ここに登録した登場者・データの流れ・委託の連鎖から描かれます。");
            ui.add_space(6.0);
            for &c in &node.children {
                node_ui(ui, cx, c, blocks);
            }
        }
        Kind::Group => {
            Frame::group(ui.style()).show(ui, |ui| {
                ui.set_width(ui.available_width());
                ui.label(
                    RichText::new(node.title())
                        .strong()
                        .size(ui.style().text_styles[&egui::TextStyle::Body].size * 1.1),
                );
                if disabled {
                    ui.weak("（上の回答により記入不要）");
                }
                ui.add_enabled_ui(!disabled, |ui| {
                    ui.indent(ix, |ui| {
                        for &c in &node.children {
                            node_ui(ui, cx, c, blocks);
                        }
                    });
                });
            });
            ui.add_space(4.0);
        }
        Kind::Repeat { .. } | Kind::PerBlock { .. } if form.is_deep_block(ix) => file_list(ui, cx, ix, blocks),
        Kind::Repeat { noun, table: true, .. }
            if node.children.iter().all(|&c| items::fits_in_cell(&form.node(c).kind)) =>
        {
            table_blocks(ui, cx, ix, blocks, noun);
        }
        Kind::Repeat { noun, .. } => {
            if disabled {
                ui.weak(format!("{}：上の回答により記入不要です。", node.label));
                return;
            }
            inline_blocks(ui, cx, ix, blocks, noun);
        }
        Kind::PerBlock { .. } => {}
        _ => items::item_row(ui, cx, ix, blocks, disabled),
    }
}

/// Controls shared by every block: duplicate, move up/down, delete.
fn block_controls(ui: &mut Ui, cx: &mut Cx, list: &Path, id: &str, index: usize, count: usize, what: &str) {
    if cx.read_only {
        return;
    }
    if ui.small_button("複製").on_hover_text("このブロックを丸ごと複製します").clicked() {
        cx.intents.push(Intent::DuplicateBlock(list.clone(), id.to_owned()));
    }
    if ui.add_enabled(index > 0, Button::new("↑").small()).on_hover_text("上へ移動").clicked() {
        cx.intents.push(Intent::MoveBlock(list.clone(), id.to_owned(), index - 1));
    }
    if ui.add_enabled(index + 1 < count, Button::new("↓").small()).on_hover_text("下へ移動").clicked() {
        cx.intents.push(Intent::MoveBlock(list.clone(), id.to_owned(), index + 1));
    }
    if ui.small_button("削除").clicked() {
        cx.intents.push(Intent::AskDelete { list: list.clone(), id: id.to_owned(), what: what.to_owned() });
    }
}

/// A list of files: one line each, leading to the file's own page.
fn file_list(ui: &mut Ui, cx: &mut Cx, ix: NodeIx, blocks: &[String]) {
    let form = cx.doc.form();
    let node = form.node(ix);
    let list = Path { item: node.id.clone(), blocks: blocks.to_vec() };
    let ids = cx.doc.instances(&list).to_vec();
    let editable = matches!(node.kind, Kind::Repeat { .. });
    Frame::group(ui.style()).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.strong(format!("{}（{}件）", node.label, ids.len()));
        if !editable {
            ui.weak("Ⅱで記載した特定個人情報ファイルごとに記入します。");
        }
        for (i, id) in ids.iter().enumerate() {
            ui.horizontal(|ui| {
                let label = instance_label(cx.doc, ix, i, blocks, id);
                if ui.link(&label).clicked() {
                    let mut inner = blocks.to_vec();
                    inner.push(id.clone());
                    cx.intents.push(Intent::Goto(Page::Node { ix, blocks: inner }));
                }
                if editable {
                    block_controls(ui, cx, &list, id, i, ids.len(), &label);
                }
            });
        }
        if editable && !cx.read_only && ui.button(format!("＋ {}を追加", node.label)).clicked() {
            cx.intents.push(Intent::AddBlock(list.clone()));
        }
    });
}

/// Blocks shown in place (システム, 委託事項, 提供先, 記録項目…), each framed with its controls.
fn inline_blocks(ui: &mut Ui, cx: &mut Cx, ix: NodeIx, blocks: &[String], noun: &str) {
    let form = cx.doc.form();
    let node = form.node(ix);
    let list = Path { item: node.id.clone(), blocks: blocks.to_vec() };
    let ids = cx.doc.instances(&list).to_vec();
    ui.label(RichText::new(format!("{}（{}件）", node.title(), ids.len())).strong());
    for (i, id) in ids.iter().enumerate() {
        let mut inner = blocks.to_vec();
        inner.push(id.clone());
        let name = block_name(cx.doc, ix, &inner);
        let what = format!("{noun}{}{}", i + 1, if name.is_empty() { String::new() } else { format!("「{name}」") });
        let picked = cx.picked.as_ref().is_some_and(|(p, _)| p == id);
        let mut frame = Frame::group(ui.style()).fill(ui.visuals().faint_bg_color);
        if picked {
            frame = frame.stroke(egui::Stroke::new(3.0, egui::Color32::from_rgb(20, 90, 200)));
        }
        let shown = frame.show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.horizontal(|ui| {
                ui.strong(format!("{noun}{}", i + 1));
                if !name.is_empty() {
                    ui.label(&name);
                }
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    // Right-to-left: add in reverse so they read 複製 ↑ ↓ 削除.
                    ui.horizontal(|ui| block_controls(ui, cx, &list, id, i, ids.len(), &what));
                });
            });
            for &c in &node.children {
                node_ui(ui, cx, c, &inner);
            }
        });
        if picked && let Some((_, scroll @ true)) = cx.picked.as_mut() {
            shown.response.scroll_to_me(Some(egui::Align::TOP));
            *scroll = false;
        }
    }
    if !cx.read_only && ui.button(format!("＋ {noun}を追加")).clicked() {
        cx.intents.push(Intent::AddBlock(list));
    }
    ui.add_space(6.0);
}

/// Short blocks (登場者, データの流れ) as a table: a row per block, a column per item.
fn table_blocks(ui: &mut Ui, cx: &mut Cx, ix: NodeIx, blocks: &[String], noun: &str) {
    let form = cx.doc.form();
    let node = form.node(ix);
    let list = Path { item: node.id.clone(), blocks: blocks.to_vec() };
    let ids = cx.doc.instances(&list).to_vec();
    ui.label(RichText::new(format!("{}（{}件）", node.title(), ids.len())).strong());
    // 別添3 quotes each change with a little context; the whole answers are one click away.
    if node.id == crate::form::ids::ANNEX3_CHANGE && ui.link("変更前・変更後の全文を「版の比較」で見る").clicked()
    {
        cx.intents.push(Intent::Goto(Page::Compare));
    }
    if !cx.read_only {
        paste_box(ui, cx, ix, &list, noun);
    }
    let natural = |c: NodeIx| match &form.node(c).kind {
        crate::form::Kind::Text { max } if *max <= 20 => 56.0,
        crate::form::Kind::Text { .. } => 150.0,
        crate::form::Kind::Choice { list } if list == "direction" => 76.0,
        _ => 150.0,
    };
    // The table fits the page. When shrinking the columns (down to 70 %, a long text ending in
    // 「…」 and shown whole on hover) fits a row on one line, it does; otherwise each row wraps
    // onto several lines of equal cells, each line under its own headings, so every cell says
    // what it is however far the page is scrolled (issue 13: 「…」-only dropdowns under headings
    // scrolled out of sight).
    let wanted: f32 = node.children.iter().map(|&c| natural(c) + 6.0).sum();
    let room = (ui.available_width() - ROW_NAME - 20.0).max(200.0);
    let mut picked_row = None;
    let mut t = Table { ix, list: &list, ids: &ids, blocks, noun, picked_row: &mut picked_row };
    if wanted * 0.7 <= room - CONTROLS {
        let fit = ((room - CONTROLS) / wanted).min(1.0);
        egui::ScrollArea::horizontal().id_salt(("table", ix)).show(ui, |ui| t.one_line(ui, cx, |c| natural(c) * fit));
    } else {
        // As many cells per line as fit at 85 % of a full one, widened to fill the line.
        let per_line = ((room / (150.0 * 0.85 + SLOT_GAP)) as usize).max(1);
        let slot = room / per_line as f32 - SLOT_GAP;
        t.wrapped(ui, cx, per_line, slot, room);
    }
    // Scrolled from out here: the table's own (horizontal) area would not move the page.
    if let Some(rect) = picked_row {
        ui.scroll_to_rect(rect, Some(egui::Align::Center));
    }
    if !cx.read_only && ui.button(format!("＋ {noun}を追加")).clicked() {
        cx.intents.push(Intent::AddBlock(list));
    }
    ui.add_space(6.0);
}

/// The width of the buttons after a table row (複製 ↑ ↓ 削除).
const CONTROLS: f32 = 230.0;
/// The width of a row's name (「登場者14」) before its cells.
const ROW_NAME: f32 = 76.0;
const SLOT_GAP: f32 = 8.0;
/// A one-line table repeats its headings every few rows, so they are never far away.
const HEADINGS_EVERY: usize = 10;

/// One repeated list drawn as a table.
struct Table<'t> {
    ix: NodeIx,
    list: &'t Path,
    ids: &'t [String],
    blocks: &'t [String],
    noun: &'t str,
    /// Where a block picked in the diagram, or a cell searched for, is: scrolled to afterwards.
    picked_row: &'t mut Option<egui::Rect>,
}

impl Table<'_> {
    fn inner(&self, id: &str) -> Vec<String> {
        let mut inner = self.blocks.to_vec();
        inner.push(id.to_owned());
        inner
    }

    /// 「登場者3」, or 「▶ 登場者3」 when picked in the diagram (and then brought into view).
    fn row_name(&mut self, ui: &mut Ui, cx: &mut Cx, i: usize, id: &str) {
        let picked = cx.picked.as_ref().is_some_and(|(p, _)| p == id);
        let text = format!("{}{}{}", if picked { "▶ " } else { "" }, self.noun, i + 1);
        let text = if picked {
            RichText::new(text).strong().color(egui::Color32::from_rgb(20, 90, 200))
        } else {
            RichText::new(text)
        };
        let row = ui.label(text);
        if picked && let Some((_, scroll @ true)) = cx.picked.as_mut() {
            *self.picked_row = Some(row.rect);
            *scroll = false;
        }
    }

    fn cell(&mut self, ui: &mut Ui, cx: &mut Cx, c: NodeIx, inner: &[String], header: egui::Id, width: f32) {
        let path = Path { item: cx.doc.form().node(c).id.clone(), blocks: inner.to_vec() };
        let cell = ui.add_enabled_ui(!cx.read_only, |ui| items::cell(ui, cx, c, &path, header, width));
        // A search hit or 未記入へ that lands in a cell focuses it, as in a form row.
        if cx.scroll_to.as_ref() == Some(&path) {
            cell.inner.request_focus();
            *self.picked_row = Some(cell.inner.rect);
            *cx.scroll_to = None;
        }
        if cell.inner.has_focus() || cell.inner.gained_focus() {
            *cx.focus = Some(path);
        }
    }

    fn controls(&self, ui: &mut Ui, cx: &mut Cx, i: usize, id: &str) {
        let name = block_name(cx.doc, self.ix, &self.inner(id));
        let what =
            format!("{}{}{}", self.noun, i + 1, if name.is_empty() { String::new() } else { format!("「{name}」") });
        ui.horizontal(|ui| block_controls(ui, cx, self.list, id, i, self.ids.len(), &what));
    }

    /// Every column on one line, the headings above and again every few rows.
    fn one_line(&mut self, ui: &mut Ui, cx: &mut Cx, width: impl Fn(NodeIx) -> f32) {
        let form = cx.doc.form();
        let columns = form.node(self.ix).children.clone();
        egui::Grid::new(("table-grid", self.ix)).striped(true).spacing([6.0, 4.0]).show(ui, |ui| {
            let mut headers = Vec::new();
            for (i, id) in self.ids.iter().enumerate() {
                if i % HEADINGS_EVERY == 0 {
                    ui.label("");
                    headers = columns
                        .iter()
                        .map(|&c| ui.add(egui::Label::new(RichText::new(&form.node(c).label).strong()).wrap()).id)
                        .collect();
                    ui.end_row();
                }
                let inner = self.inner(id);
                self.row_name(ui, cx, i, id);
                for (&c, &header) in columns.iter().zip(&headers) {
                    self.cell(ui, cx, c, &inner, header, width(c));
                }
                self.controls(ui, cx, i, id);
                ui.end_row();
            }
        });
    }

    /// Each row on several lines of `per_line` cells of one width, each line under its own small
    /// headings; the buttons after the last cell, or on a line of their own.
    fn wrapped(&mut self, ui: &mut Ui, cx: &mut Cx, per_line: usize, slot: f32, room: f32) {
        let form = cx.doc.form();
        let columns = form.node(self.ix).children.clone();
        let lines: Vec<&[NodeIx]> = columns.chunks(per_line).collect();
        let last = lines.last().map_or(0, |l| l.len()) as f32 * (slot + SLOT_GAP);
        let controls_alone = last + CONTROLS > room;
        for (i, id) in self.ids.iter().enumerate() {
            let inner = self.inner(id);
            for (k, line) in lines.iter().enumerate() {
                let headers = ui
                    .horizontal_top(|ui| {
                        ui.spacing_mut().item_spacing.x = SLOT_GAP;
                        ui.add_space(ROW_NAME + SLOT_GAP);
                        let headings = line.iter().map(|&c| {
                            let heading = RichText::new(&form.node(c).label).small().weak();
                            ui.allocate_ui(egui::vec2(slot, 0.0), |ui| {
                                ui.set_width(slot);
                                ui.add(egui::Label::new(heading).wrap()).id
                            })
                            .inner
                        });
                        headings.collect::<Vec<egui::Id>>()
                    })
                    .inner;
                ui.horizontal(|ui| {
                    ui.spacing_mut().item_spacing.x = SLOT_GAP;
                    ui.allocate_ui(egui::vec2(ROW_NAME, 0.0), |ui| {
                        ui.set_width(ROW_NAME);
                        if k == 0 {
                            self.row_name(ui, cx, i, id);
                        }
                    });
                    for (&c, &header) in line.iter().zip(&headers) {
                        self.cell(ui, cx, c, &inner, header, slot);
                    }
                    if k + 1 == lines.len() && !controls_alone {
                        self.controls(ui, cx, i, id);
                    }
                });
            }
            if controls_alone {
                ui.horizontal(|ui| {
                    ui.add_space(ROW_NAME + SLOT_GAP);
                    self.controls(ui, cx, i, id);
                });
            }
            ui.add_space(10.0);
        }
    }
}

/// The title or name a block instance already has (委託事項名, システムの名称…).
fn block_name(doc: &Assessment, block: NodeIx, inner: &[String]) -> String {
    let form = doc.form();
    form.name_item(block)
        .map(|n| doc.text(&Path { item: form.node(n).id.clone(), blocks: inner.to_vec() }).to_owned())
        .unwrap_or_default()
}

/// 「Excelから貼り付け…」 above a table-shaped list: a column or table copied from Excel, one
/// block per line, cells by TAB (shown above the rows, so a long list need not be scrolled).
fn paste_box(ui: &mut Ui, cx: &mut Cx, ix: NodeIx, list: &Path, noun: &str) {
    let form = cx.doc.form();
    let node = form.node(ix);
    let key = Path { item: format!("{}#paste", list.item), blocks: list.blocks.clone() };
    if let std::collections::hash_map::Entry::Vacant(slot) = cx.buffers.entry(key.clone()) {
        if ui.button("Excelから貼り付け…").clicked() {
            slot.insert(String::new());
        }
        return;
    }
    let columns: Vec<&str> = node.children.iter().map(|&c| form.node(c).label.as_str()).collect();
    ui.label(format!(
        "Excelの列（又は表）をコピーして下に貼り付けてください。1行が{noun}1件になり、列は「{}」の順に入ります。",
        columns.join("」「")
    ));
    let Some(buf) = cx.buffers.get_mut(&key) else { return };
    let l = ui.label("貼り付ける内容");
    ui.add(egui::TextEdit::multiline(buf).desired_rows(5).desired_width(f32::INFINITY)).labelled_by(l.id);
    let rows = buf.lines().filter(|l| !l.trim().is_empty()).count();
    let text = buf.clone();
    ui.horizontal(|ui| {
        if ui.add_enabled(rows > 0, egui::Button::new(format!("{rows}件を追加"))).clicked() {
            cx.intents.push(Intent::PasteRows(list.clone(), text));
            cx.buffers.remove(&key);
        } else if ui.button("やめる").clicked() {
            cx.buffers.remove(&key);
        }
    });
}
