//! Ctrl+F: search every answer of the assessment and jump to a hit; 置換 replaces a phrase in
//! the answers the user ticks, after a preview of every hit, as one undo step.

use super::{Editor, Intent};
use crate::doc::{Path, Value};
use egui::Ui;

#[derive(Default)]
pub struct Search {
    pub open: bool,
    pub focus: bool,
    pub query: String,
    /// The replacement typed for 置換.
    pub with: String,
    /// The previewed replacements and whether each is ticked (None: no preview open).
    pub preview: Option<Vec<(crate::doc::Replacement, bool)>>,
    hits: Vec<Hit>,
    searched: String,
}

struct Hit {
    path: Path,
    title: String,
    snippet: String,
}

const MAX_HITS: usize = 200;

impl Editor {
    pub fn search_bar(&mut self, ui: &mut Ui) {
        if !self.search.open {
            return;
        }
        let mut go = None;
        ui.horizontal(|ui| {
            let label = ui.label("検索");
            let r = ui
                .add(egui::TextEdit::singleline(&mut self.search.query).id_salt("search").desired_width(280.0))
                .labelled_by(label.id);
            if self.search.focus {
                r.request_focus();
                self.search.focus = false;
            }
            let l = ui.label("置換後");
            ui.add(egui::TextEdit::singleline(&mut self.search.with).id_salt("replace").desired_width(200.0))
                .labelled_by(l.id);
            let can = !self.search.query.is_empty() && self.viewing.is_none();
            if ui.add_enabled(can, egui::Button::new("置換の確認…")).clicked() {
                let derived = self.derived_paths().clone();
                let plan = self.doc.plan_replace(&self.search.query, &self.search.with);
                // Answers the 業務全体図 decides are changed there, not here.
                self.search.preview =
                    Some(plan.into_iter().filter(|r| !derived.contains(&r.path)).map(|r| (r, true)).collect());
            }
            if ui.button("検索を閉じる").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                self.search.open = false;
                self.search.preview = None;
            }
        });
        self.replace_preview(ui);
        if self.search.query != self.search.searched {
            self.search.searched = self.search.query.clone();
            self.search.hits = find(&self.doc, &self.search.query);
        }
        if self.search.query.trim().is_empty() {
            return;
        }
        ui.label(format!("{}件", self.search.hits.len()));
        egui::ScrollArea::vertical().id_salt("search-hits").max_height(260.0).show(ui, |ui| {
            for h in &self.search.hits {
                if ui.link(format!("{}：{}", h.title, h.snippet)).clicked() {
                    go = Some(h.path.clone());
                }
            }
        });
        if let Some(p) = go {
            self.handle(Intent::Reveal(p));
        }
    }
}

impl Editor {
    /// The preview of a replacement: every answer it changes, each with a tick box, before and
    /// after; 「選んだ箇所を置換」 applies the ticked ones as one undo step.
    fn replace_preview(&mut self, ui: &mut Ui) {
        let Some(preview) = &mut self.search.preview else { return };
        let form = self.doc.form();
        let mut apply = false;
        let mut cancel = false;
        egui::Frame::group(ui.style()).show(ui, |ui| {
            let chosen: Vec<&(crate::doc::Replacement, bool)> = preview.iter().filter(|(_, on)| *on).collect();
            let total: usize = chosen.iter().map(|(r, _)| r.count).sum();
            ui.label(format!(
                "「{}」→「{}」：{}項目・{}箇所を置換します",
                self.search.query,
                self.search.with,
                chosen.len(),
                total
            ));
            ui.weak("置換できるのは文章の項目だけです（選択肢と、業務全体図から自動で記入される項目は、検索には出ても置換しません）。大文字・小文字と全角・半角は区別します。");
            egui::ScrollArea::vertical().id_salt("replace-preview").max_height(300.0).show(ui, |ui| {
                for (r, on) in preview.iter_mut() {
                    let title = form.find(&r.path.item).map(|ix| form.full_title(ix)).unwrap_or_default();
                    ui.checkbox(on, format!("{title}（{}箇所）", r.count));
                    ui.indent(&r.path, |ui| {
                        ui.weak(format!("前：{}", r.before));
                        ui.label(format!("後：{}", r.after));
                    });
                }
            });
            let chosen = preview.iter().filter(|(_, on)| *on).count();
            ui.horizontal(|ui| {
                apply = ui.add_enabled(chosen > 0, egui::Button::new(format!("選んだ{chosen}項目を置換"))).clicked();
                cancel = ui.button("やめる").clicked();
            });
        });
        if apply {
            let edits: Vec<crate::doc::Edit> = preview
                .iter()
                .filter(|(_, on)| *on)
                .map(|(r, _)| crate::doc::Edit::Value { path: r.path.clone(), entry: Some(r.entry.clone()) })
                .collect();
            self.search.preview = None;
            self.handle(Intent::Edit(edits, None));
            self.search.searched.clear();
        } else if cancel {
            self.search.preview = None;
        }
    }
}

/// Every answer containing `query` (case-insensitive for Latin letters), in 様式 order.
fn find(doc: &crate::doc::Assessment, query: &str) -> Vec<Hit> {
    let q = query.trim().to_lowercase();
    if q.is_empty() {
        return Vec::new();
    }
    let form = doc.form();
    let mut hits: Vec<(usize, Hit)> = Vec::new();
    for (path, entry) in doc.values() {
        let text = match &entry.value {
            Value::Text(t) => t.as_str().to_owned(),
            Value::Choice(c) => c.clone(),
            Value::Multi(p) => p.iter().map(|p| format!("{} {}", p.option, p.detail)).collect::<Vec<_>>().join(" "),
            _ => continue,
        };
        let lower = text.to_lowercase();
        let Some(at) = lower.find(&q) else { continue };
        let Some(ix) = form.find(&path.item) else { continue };
        // The snippet shows the answer as written (the lower-cased copy only finds the hit).
        let hit = lower[..at].chars().count();
        let snippet: String = text.chars().skip(hit.saturating_sub(15)).take(50).collect::<String>().replace('\n', " ");
        hits.push((ix, Hit { path: path.clone(), title: form.full_title(ix), snippet }));
    }
    hits.sort_by_key(|(ix, h)| (*ix, h.path.blocks.clone()));
    hits.into_iter().take(MAX_HITS).map(|(_, h)| h).collect()
}
