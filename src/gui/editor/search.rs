//! Ctrl+F: search every answer of the assessment and jump to a hit.

use super::{Editor, Intent};
use crate::doc::{Path, Value};
use egui::Ui;

#[derive(Default)]
pub struct Search {
    pub open: bool,
    pub focus: bool,
    pub query: String,
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
            if ui.button("閉じる").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                self.search.open = false;
            }
        });
        if self.search.query != self.search.searched {
            self.search.searched = self.search.query.clone();
            self.search.hits = find(&self.doc, &self.search.query);
        }
        if self.search.query.trim().is_empty() {
            return;
        }
        ui.label(format!("{}件", self.search.hits.len()));
        egui::ScrollArea::vertical().id_salt("search-hits").max_height(180.0).show(ui, |ui| {
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
        let start = lower[..at].char_indices().rev().nth(15).map_or(0, |(i, _)| i);
        let snippet: String = lower[start..].chars().take(50).collect::<String>().replace('\n', " ");
        hits.push((ix, Hit { path: path.clone(), title: form.full_title(ix), snippet }));
    }
    hits.sort_by_key(|(ix, h)| (*ix, h.path.blocks.clone()));
    hits.into_iter().take(MAX_HITS).map(|(_, h)| h).collect()
}
