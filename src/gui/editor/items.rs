//! One row per item, like the 様式: the official number and label on the left, the answer on
//! the right, with the widget its kind calls for.

use super::Intent;
use super::page::Cx;
use crate::doc::{Assessment, Edit, Entry, Path, Pick, Text, Value, date};
use crate::form::{Kind, NodeIx};
use egui::text::{LayoutJob, TextFormat};
use egui::{Align, Color32, Id, Layout, Response, RichText, TextEdit, Ui, vec2};
use std::sync::Arc;

const LABEL_WIDTH: f32 = 240.0;
pub const WITHHELD_BG: Color32 = Color32::from_rgb(255, 224, 150);
const MISSING: Color32 = Color32::from_rgb(200, 40, 40);

pub fn item_row(ui: &mut Ui, cx: &mut Cx, ix: NodeIx, blocks: &[String], disabled: bool) {
    let form = cx.doc.form();
    let node = form.node(ix);
    let path = Path { item: node.id.clone(), blocks: blocks.to_vec() };
    if node.kind == Kind::Flag {
        // A check box such as 「委託しない」 is its own label, as in the 様式.
        let resp = ui.add_enabled_ui(!disabled && !cx.read_only, |ui| flag(ui, cx, &path, &node.title())).inner;
        if resp.clicked() {
            *cx.focus = Some(path);
        }
        ui.add_space(4.0);
        return;
    }
    let label_width = (ui.available_width() * 0.32).clamp(120.0, LABEL_WIDTH);
    let row = ui.horizontal_top(|ui| {
        let label = ui
            .allocate_ui_with_layout(vec2(label_width, 0.0), Layout::top_down(Align::Min), |ui| {
                ui.set_width(label_width);
                let l = ui.add(egui::Label::new(node.title()).wrap());
                if node.required && !disabled && !matches!(node.kind, Kind::Derived(_)) && !cx.doc.is_filled(&path) {
                    ui.label(RichText::new("未記入").color(MISSING).small());
                }
                l
            })
            .inner;
        ui.vertical(|ui| {
            ui.set_width(ui.available_width());
            if cx.derived.contains(&path) {
                derived_answer(ui, cx, ix, &path);
                return None;
            }
            ui.add_enabled_ui(!disabled && !cx.read_only, |ui| widget(ui, cx, ix, &path, label.id)).inner
        })
        .inner
    });
    if let Some(resp) = row.inner {
        if resp.has_focus() || resp.gained_focus() || resp.clicked() {
            *cx.focus = Some(path.clone());
        }
        if cx.scroll_to.as_ref() == Some(&path) {
            resp.scroll_to_me(Some(Align::Center));
            resp.request_focus();
            *cx.scroll_to = None;
        }
    }
    ui.add_space(4.0);
}

/// Draws the answer widget; returns the main response (for focus and scrolling).
fn widget(ui: &mut Ui, cx: &mut Cx, ix: NodeIx, path: &Path, label: Id) -> Option<Response> {
    let node = cx.doc.form().node(ix);
    let resp = match &node.kind {
        Kind::Text { max } => text(ui, cx, ix, path, *max, false, label),
        Kind::LongText { max } => text(ui, cx, ix, path, *max, true, label),
        Kind::Choice { .. } => choice(ui, cx, ix, path, label),
        Kind::Multi { .. } => multi(ui, cx, ix, path, label),
        Kind::Date => date_field(ui, cx, path, label),
        Kind::Count => count(ui, cx, path, label),
        Kind::Flag => flag(ui, cx, path, &node.label),
        Kind::Ref { to } => reference(ui, cx, ix, path, to, label, ui.available_width().min(420.0)),
        Kind::Image => image(ui, cx, path),
        Kind::Derived(_) => {
            let shown = cx.doc.derived(ix, &path.blocks);
            let shown = if shown.is_empty() { "（自動で表示されます）".to_owned() } else { shown };
            ui.label(RichText::new(shown).color(ui.visuals().weak_text_color()));
            return None;
        }
        _ => return None,
    };
    if node.withholdable && !matches!(node.kind, Kind::Text { .. } | Kind::LongText { .. }) {
        whole_item_withheld(ui, cx, path);
    }
    Some(resp)
}

/// Whether an item fits in one cell of a table row (one line: a short text, a choice, a reference).
pub fn fits_in_cell(kind: &Kind) -> bool {
    matches!(kind, Kind::Text { .. } | Kind::Choice { .. } | Kind::Ref { .. })
}

/// The widget of an item as one cell of a table row: a one-line text, or a dropdown.
pub fn cell(ui: &mut Ui, cx: &mut Cx, ix: NodeIx, path: &Path, label: Id, width: f32) -> Response {
    let node = cx.doc.form().node(ix);
    ui.set_width(width);
    // A narrow cell shows its whole content on hover.
    let whole = match cx.doc.get(path).map(|e| &e.value) {
        Some(Value::Text(t)) => t.as_str().to_owned(),
        Some(Value::Choice(id)) if matches!(node.kind, Kind::Ref { .. }) => cx.doc.ref_label(ix, id),
        Some(Value::Choice(c)) => c.clone(),
        _ => String::new(),
    };
    let resp = match &node.kind {
        Kind::Text { max } => {
            let current = cx.doc.text(path).to_owned();
            let whole = withheld_flag(cx, path);
            let buf = cx.buffers.entry(path.clone()).or_insert_with(|| current.clone());
            // At rest a name too long for its cell ends in 「…」 (whole on hover), not cut mid-word
            // as if that were all of it (「株式会社みど」); while typing it scrolls as usual.
            let editing = ui.memory(|m| m.has_focus(ui.make_persistent_id(path)));
            let mut at_rest = |ui: &Ui, text: &dyn egui::TextBuffer, wrap_width: f32| {
                let font = egui::TextStyle::Body.resolve(ui.style());
                let color = ui.visuals().text_color();
                let mut job = egui::text::LayoutJob::simple_singleline(text.as_str().to_owned(), font, color);
                job.wrap = egui::text::TextWrapping {
                    max_width: if wrap_width.is_finite() { wrap_width } else { width - 8.0 },
                    max_rows: 1,
                    break_anywhere: true,
                    overflow_character: Some('…'),
                };
                ui.fonts_mut(|f| f.layout_job(job))
            };
            let mut edit = TextEdit::singleline(buf).id_salt(path).desired_width(width).char_limit(*max as usize);
            if !editing {
                edit = edit.layouter(&mut at_rest);
            }
            let resp = ui.add(edit).labelled_by(label);
            if resp.changed() {
                let new = Text::plain(buf);
                let entry = (!new.as_str().is_empty()).then_some(Entry { value: Value::Text(new), withheld: whole });
                set(cx.intents, path, entry, true);
            }
            resp
        }
        Kind::Ref { to } => reference(ui, cx, ix, path, to, label, width),
        _ => {
            let current = cx.doc.choice(path).to_owned();
            let whole = withheld_flag(cx, path);
            let mut picked = None;
            let shown = if current.is_empty() { "（選択）".to_owned() } else { current.clone() };
            let opts: Vec<String> = options(cx, ix).into_iter().filter(|o| o.1).map(|o| o.0).collect();
            let resp = egui::ComboBox::from_id_salt(path)
                .selected_text(shown)
                .width(width)
                .truncate()
                .show_ui(ui, |ui| {
                    for o in &opts {
                        if ui.selectable_label(current == *o, o.as_str()).clicked() {
                            picked = Some(o.clone());
                        }
                    }
                })
                .response
                .labelled_by(label);
            if let Some(o) = picked {
                set(cx.intents, path, Some(Entry { value: Value::Choice(o), withheld: whole }), false);
            }
            resp
        }
    };
    if node.required && !cx.doc.is_filled(path) {
        ui.painter().rect_stroke(resp.rect, 2.0, egui::Stroke::new(1.5, MISSING), egui::StrokeKind::Outside);
    }
    if resp.has_focus() || resp.clicked() {
        *cx.focus = Some(path.clone());
    }
    if whole.is_empty() { resp } else { resp.on_hover_text(whole) }
}

/// An answer the 業務全体図 decides: shown as it will be printed, with where it comes from.
fn derived_answer(ui: &mut Ui, cx: &mut Cx, ix: NodeIx, path: &Path) {
    let (text, _) = crate::doc::answer(cx.doc, ix, &path.blocks);
    let text = if text.is_empty() { "（未記入）".to_owned() } else { text };
    ui.add(egui::Label::new(text).wrap());
    let note = "（別添1 業務全体図の登録内容から自動で記入されます）";
    if ui.link(RichText::new(note).small()).on_hover_text("別添1の業務全体図へ移動します").clicked() {
        let diagram = Path::top(crate::form::ids::ANNEX1_DIAGRAM_LINK);
        cx.intents.push(Intent::Reveal(diagram));
    }
}

/// A reference: pick one registered block (an actor, a file, a 委託事項) by its name.
fn reference(ui: &mut Ui, cx: &mut Cx, ix: NodeIx, path: &Path, to: &str, label: Id, width: f32) -> Response {
    let doc = cx.doc;
    let form = doc.form();
    let current = doc.choice(path).to_owned();
    // A table cell is narrow: its prompt is as short as a choice's.
    let prompt = if width < 200.0 { "（選択）" } else { "（選んでください）" };
    let shown = if current.is_empty() { prompt.to_owned() } else { doc.ref_label(ix, &current) };
    let mut picked = None;
    let resp = egui::ComboBox::from_id_salt(path)
        .selected_text(shown)
        .width(width)
        .truncate()
        .show_ui(ui, |ui| {
            // Listed only while the list is open: a table of flows has hundreds of these cells.
            let options = reference_options(doc, ix, to);
            if !form.node(ix).required && ui.selectable_label(current.is_empty(), "（なし）").clicked() {
                picked = Some(None);
            }
            for (id, name) in &options {
                if ui.selectable_label(*id == current, name).clicked() {
                    picked = Some(Some(id.clone()));
                }
            }
            if options.is_empty() {
                ui.weak("まだ登録されていません");
            }
        })
        .response
        .labelled_by(label);
    if let Some(choice) = picked {
        set(cx.intents, path, choice.map(|id| Entry::new(Value::Choice(id))), false);
    }
    resp
}

/// What a reference can point to, as (id, name): every instance of the target list, wherever it
/// is; a 委託事項 or 提供先 is named with its file (「児童手当ファイル / 運用保守業務」).
fn reference_options(doc: &Assessment, ix: NodeIx, to: &str) -> Vec<(String, String)> {
    let form = doc.form();
    let target = form.find(to).map(|t| form.node(t).id.clone()).unwrap_or_default();
    let mut options = Vec::new();
    for (list, ids) in doc.lists().filter(|(l, _)| l.item == target) {
        let prefix = list
            .blocks
            .first()
            .map(|f| format!("{} / ", doc.text(&Path::new(crate::form::ids::II_FILE_NAME, &[f]))))
            .unwrap_or_default();
        for id in ids {
            options.push((id.clone(), format!("{prefix}{}", doc.ref_label(ix, id))));
        }
    }
    options
}

/// An attached picture: what it is, and buttons to attach another or remove it.
fn image(ui: &mut Ui, cx: &mut Cx, path: &Path) -> Response {
    let current = match cx.doc.get(path).map(|e| &e.value) {
        Some(Value::Image(bytes)) => Some(bytes.clone()),
        _ => None,
    };
    ui.horizontal_wrapped(|ui| {
        match &current {
            Some(bytes) => {
                let size = crate::pdf::picture_size(bytes).map(|(w, h)| format!("{w}×{h}、")).unwrap_or_default();
                ui.label(format!("添付済み：{size}{}", crate::doc::image_summary(bytes)));
            }
            None => {
                ui.weak("画像は添付されていません。");
            }
        }
        let attach =
            ui.button(if current.is_some() { "別の画像に差し替える…" } else { "画像を添付…" });
        if attach.clicked() {
            cx.intents.push(Intent::AttachImage(path.clone()));
        }
        if current.is_some() && ui.button("画像を外す").clicked() {
            set(cx.intents, path, None, false);
        }
        attach
    })
    .inner
}

/// Cleans what is pasted, typed or committed by the IME this frame, before any text item sees
/// it: look-alike radicals copied out of a PDF (U+2F0A U+2F12 for 入力) become the kanji they look
/// like, control characters go (see `crate::chars::input`). Done on the input events rather than
/// on each item's text, so every field gets the same treatment and no frame ever lays out a
/// character no font has. Returns the notice for the user, if anything changed.
pub fn clean_typed_text(ctx: &egui::Context) -> Option<String> {
    let changes = ctx.input_mut(|input| {
        let mut changes = crate::chars::Changes::default();
        for event in &mut input.events {
            if let egui::Event::Paste(text) | egui::Event::Text(text) | egui::Event::Ime(egui::ImeEvent::Commit(text)) =
                event
            {
                changes.merge(crate::chars::clean(text));
            }
        }
        changes
    });
    (!changes.is_empty()).then(|| changes.notice())
}

fn set(intents: &mut Vec<Intent>, path: &Path, entry: Option<Entry>, merge: bool) {
    let edit = Edit::Value { path: path.clone(), entry };
    intents.push(Intent::Edit(vec![edit], merge.then(|| path.clone())));
}

fn withheld_flag(cx: &Cx, path: &Path) -> bool {
    cx.doc.get(path).is_some_and(|e| e.withheld)
}

fn text(ui: &mut Ui, cx: &mut Cx, ix: NodeIx, path: &Path, max: u32, multiline: bool, label: Id) -> Response {
    let node = cx.doc.form().node(ix);
    let current = match cx.doc.get(path).map(|e| &e.value) {
        Some(Value::Text(t)) => t.clone(),
        _ => Text::default(),
    };
    let whole = withheld_flag(cx, path);
    let buf = cx.buffers.entry(path.clone()).or_insert_with(|| current.as_str().to_owned());
    let marked = !current.withheld().is_empty();
    let mut layouter = |ui: &Ui, text: &dyn egui::TextBuffer, wrap: f32| -> Arc<egui::Galley> {
        let shown = current.edited(text.as_str());
        let font = egui::TextStyle::Body.resolve(ui.style());
        let color = ui.visuals().text_color();
        let mut job = LayoutJob::default();
        for seg in shown.segments() {
            let background = if seg.withheld { WITHHELD_BG } else { Color32::TRANSPARENT };
            let seg_color = if seg.withheld { Color32::BLACK } else { color };
            job.append(
                seg.text,
                0.0,
                TextFormat { font_id: font.clone(), color: seg_color, background, ..Default::default() },
            );
        }
        job.wrap.max_width = wrap;
        ui.fonts_mut(|f| f.layout_job(job))
    };
    let edit = if multiline { TextEdit::multiline(buf).desired_rows(2) } else { TextEdit::singleline(buf) };
    let mut edit = edit.id_salt(path).desired_width(f32::INFINITY).char_limit(max as usize);
    if marked {
        edit = edit.layouter(&mut layouter);
    }
    let out = edit.show(ui);
    let resp = out.response.response.clone().labelled_by(label);
    let buf: String = buf.clone();
    let buf = &buf;
    let selection = out.state.cursor.char_range().map(|r| {
        let (a, b) = (r.primary.index.0.min(r.secondary.index.0), r.primary.index.0.max(r.secondary.index.0));
        (a, b)
    });
    if resp.changed() {
        let new = current.edited(buf);
        let entry = (!new.as_str().is_empty()).then_some(Entry { value: Value::Text(new), withheld: whole });
        set(cx.intents, path, entry, true);
    }
    let count = buf.chars().count();
    let byte_at = |chars: usize| buf.char_indices().nth(chars).map_or(buf.len(), |(i, _)| i);
    if resp.has_focus() {
        *cx.selection = selection.filter(|(a, b)| a < b).map(|(a, b)| (path.clone(), byte_at(a)..byte_at(b)));
    }
    let selected =
        cx.selection.as_ref().filter(|(p, _)| p == path).map(|(_, r)| r.clone()).filter(|r| r.end <= buf.len());
    ui.horizontal_wrapped(|ui| {
        let counter = format!("{count} / {max} 文字");
        ui.label(RichText::new(counter).small().color(ui.visuals().weak_text_color()));
        if !node.withholdable || cx.read_only {
            return;
        }
        let enabled = selected.is_some();
        let hint = "文章の一部を選択してから押すと、その部分だけを公表版から除きます";
        if ui.add_enabled(enabled, egui::Button::new("選択部分を非公開").small()).on_hover_text(hint).clicked()
            && let Some(range) = selected.clone()
        {
            let mut t = current.edited(buf);
            t.withhold(range);
            set(cx.intents, path, Some(Entry { value: Value::Text(t), withheld: whole }), false);
        }
        if marked
            && ui
                .small_button("非公開を解除")
                .on_hover_text("選択部分（選択がなければ全部）の非公開を解除します")
                .clicked()
        {
            let mut t = current.edited(buf);
            t.release(selected.unwrap_or(0..buf.len()));
            set(cx.intents, path, Some(Entry { value: Value::Text(t), withheld: whole }), false);
        }
        let mut w = whole;
        if ui.checkbox(&mut w, "項目全体を非公開").changed() && !buf.is_empty() {
            set(cx.intents, path, Some(Entry { value: Value::Text(current.edited(buf)), withheld: w }), false);
        }
        if marked || whole {
            ui.label(RichText::new("非公開部分あり").small().background_color(WITHHELD_BG).color(Color32::BLACK));
        }
    });
    resp
}

fn options(cx: &Cx, ix: NodeIx) -> Vec<(String, bool, bool)> {
    // (wording, selectable, takes text)
    cx.doc
        .form()
        .options(ix)
        .iter()
        .map(|o| match o {
            crate::form::OptionDef::Heading(h) => (h.clone(), false, false),
            other => (other.label().unwrap_or_default().to_owned(), true, other.takes_text()),
        })
        .collect()
}

fn choice(ui: &mut Ui, cx: &mut Cx, ix: NodeIx, path: &Path, label: Id) -> Response {
    let current = cx.doc.choice(path).to_owned();
    let whole = withheld_flag(cx, path);
    let opts: Vec<String> = options(cx, ix).into_iter().filter(|o| o.1).map(|o| o.0).collect();
    let mut picked: Option<String> = None;
    let resp = if opts.len() <= 6 {
        let group = ui.vertical(|ui| {
            let mut first: Option<Response> = None;
            for o in &opts {
                let r = ui.radio(current == *o, o.as_str());
                if r.clicked() && current != *o {
                    picked = Some(o.clone());
                }
                first.get_or_insert(r);
            }
            first
        });
        group.inner.unwrap_or(group.response)
    } else {
        let shown = if current.is_empty() { "（選択してください）".to_owned() } else { current.clone() };
        let combo = egui::ComboBox::from_id_salt(path)
            .selected_text(shown)
            .width(ui.available_width().min(420.0))
            .show_ui(ui, |ui| {
                for o in &opts {
                    if ui.selectable_label(current == *o, o.as_str()).clicked() {
                        picked = Some(o.clone());
                    }
                }
            });
        combo.response.labelled_by(label)
    };
    if !current.is_empty()
        && !cx.read_only
        && ui.small_button("選択を解除").on_hover_text("どれも選んでいない状態に戻します").clicked()
    {
        set(cx.intents, path, None, false);
    }
    if let Some(o) = picked {
        set(cx.intents, path, Some(Entry { value: Value::Choice(o), withheld: whole }), false);
    }
    resp
}

fn multi(ui: &mut Ui, cx: &mut Cx, ix: NodeIx, path: &Path, label: Id) -> Response {
    let picks = match cx.doc.get(path).map(|e| &e.value) {
        Some(Value::Multi(p)) => p.clone(),
        _ => Vec::new(),
    };
    let whole = withheld_flag(cx, path);
    let mut changed: Option<Vec<Pick>> = None;
    let r = ui.vertical(|ui| {
        for (wording, selectable, takes_text) in options(cx, ix) {
            if !selectable {
                ui.label(RichText::new(format!("＜{wording}＞")).small().strong());
                continue;
            }
            let at = picks.iter().position(|p| p.option == wording);
            let mut on = at.is_some();
            if ui.checkbox(&mut on, wording.as_str()).changed() {
                let mut next = picks.clone();
                match at {
                    Some(i) if !on => {
                        next.remove(i);
                    }
                    None if on => next.push(Pick::plain(&wording)),
                    _ => {}
                }
                // Keep the 様式's order, whatever order they were ticked in.
                let order: Vec<String> = options(cx, ix).into_iter().map(|o| o.0).collect();
                next.sort_by_key(|p| order.iter().position(|o| *o == p.option));
                changed = Some(next);
            }
            if takes_text && let Some(i) = at {
                let key = Path { item: format!("{}#{wording}", path.item), blocks: path.blocks.clone() };
                let buf = cx.buffers.entry(key.clone()).or_insert_with(|| picks[i].detail.clone());
                ui.horizontal(|ui| {
                    ui.add_space(24.0);
                    let r = ui.add(
                        TextEdit::singleline(buf).id_salt(&key).hint_text("具体的に記入").desired_width(f32::INFINITY),
                    );
                    if r.changed() {
                        let mut next = picks.clone();
                        next[i].detail = buf.clone();
                        changed = Some(next);
                    }
                });
            }
        }
    });
    if let Some(next) = changed {
        let entry = (!next.is_empty()).then_some(Entry { value: Value::Multi(next), withheld: whole });
        set(cx.intents, path, entry, true);
    }
    r.response.labelled_by(label)
}

fn date_field(ui: &mut Ui, cx: &mut Cx, path: &Path, label: Id) -> Response {
    let several = cx.doc.form().find(&path.item).is_some_and(|ix| cx.doc.form().node(ix).several);
    let current = match cx.doc.get(path).map(|e| &e.value) {
        Some(Value::Date(d)) => Some(d.clone()),
        _ => None,
    };
    let buf =
        cx.buffers.entry(path.clone()).or_insert_with(|| current.as_ref().map(|d| d.wareki()).unwrap_or_default());
    let hint = match several {
        true => "例：令和7年7月10日（第1回）、令和7年8月28日（第2回）",
        false => "例：令和7年4月1日、R7.4.1、2025-04-01",
    };
    let resp = ui
        .add(TextEdit::singleline(buf).id_salt(path).hint_text(hint).desired_width(if several { 520.0 } else { 260.0 }))
        .labelled_by(label);
    let typed = buf.trim().to_owned();
    let parsed = date::parse_dates(&typed, several);
    if resp.lost_focus()
        && let Ok(Some(d)) = &parsed
    {
        *buf = d.wareki();
    }
    if resp.changed() {
        match &parsed {
            // Typed keystroke by keystroke: one undo step for the visit, not one per key.
            Ok(Some(d)) if Some(d) != current.as_ref() => {
                set(cx.intents, path, Some(Entry::new(Value::Date(d.clone()))), true)
            }
            Ok(None) if current.is_some() => set(cx.intents, path, None, true),
            _ => {}
        }
    }
    match &parsed {
        Err(problem) => {
            ui.label(RichText::new(problem.message()).color(MISSING).small());
        }
        Ok(Some(d)) if !typed.starts_with(['令', '平', '昭']) || d.entries().len() > 1 => {
            ui.label(RichText::new(format!("＝ {}", d.wareki())).small());
        }
        _ => {}
    }
    resp
}

fn count(ui: &mut Ui, cx: &mut Cx, path: &Path, label: Id) -> Response {
    let mut n = match cx.doc.get(path).map(|e| &e.value) {
        Some(Value::Count(n)) => *n,
        _ => 0,
    };
    let resp = ui.add(egui::DragValue::new(&mut n).range(0..=u32::MAX)).labelled_by(label);
    if resp.changed() {
        set(cx.intents, path, Some(Entry::new(Value::Count(n))), true);
    }
    resp
}

fn flag(ui: &mut Ui, cx: &mut Cx, path: &Path, label: &str) -> Response {
    let mut on = matches!(cx.doc.get(path).map(|e| &e.value), Some(Value::Flag(true)));
    let resp = ui.checkbox(&mut on, label);
    if resp.changed() {
        set(cx.intents, path, on.then(|| Entry::new(Value::Flag(true))), false);
    }
    resp
}

fn whole_item_withheld(ui: &mut Ui, cx: &mut Cx, path: &Path) {
    let Some(entry) = cx.doc.get(path).cloned() else { return };
    let mut w = entry.withheld;
    if !cx.read_only && ui.checkbox(&mut w, "公表版では非公開").changed() {
        set(cx.intents, path, Some(Entry { value: entry.value, withheld: w }), false);
    }
}
