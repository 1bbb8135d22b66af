//! 対策計画: every risk answered 「課題が残されている」 and every answer that promises a measure for
//! later, with a planned measure, who is responsible, by when and how far it has got.

use super::{Editor, Intent};
use crate::doc::{Edit, Path};
use crate::review::action::{self, Action, Progress};
use egui::{Color32, RichText, Ui};
use std::collections::HashMap;

/// What is being typed on the 対策計画 page: (action id, field) → text.
#[derive(Default)]
pub struct ActionsView {
    buffers: HashMap<(String, Field), String>,
    /// What calls for a plan, for the document generation it was read at.
    candidates: Option<(u64, Vec<action::Candidate>)>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Field {
    Measure,
    Responsible,
    Due,
}

const OPEN: Color32 = Color32::from_rgb(190, 110, 0);

fn store(id: &str, a: Action, field: Option<Field>) -> Intent {
    let merge = field.map(|f| Path::top(&format!("対策計画/{id}/{f:?}")));
    Intent::Edit(vec![Edit::Action { id: id.to_owned(), action: Some(Box::new(a)) }], merge)
}

impl Editor {
    pub(super) fn actions_page(&mut self, ui: &mut Ui, intents: &mut Vec<Intent>) {
        ui.heading("対策計画");
        // Reading every answer for promises is not work for every frame: once per change.
        let generation = self.doc_generation;
        if self.actions.candidates.as_ref().is_none_or(|(g, _)| *g != generation) {
            self.actions.candidates = Some((generation, action::candidates(&self.doc)));
        }
        let candidates = self.actions.candidates.as_ref().map(|(_, c)| c.clone()).unwrap_or_default();
        let all: Vec<(String, Action)> =
            action::ordered(&self.doc).into_iter().map(|(id, a)| (id.clone(), a.clone())).collect();
        let done = all.iter().filter(|(_, a)| a.progress == Progress::Done).count();
        ui.label(format!("計画 {}件（うち完了 {done}件）　計画のない課題・予定 {}件", all.len(), candidates.len()));
        ui.label(
            RichText::new(
                "「課題が残されている」と回答したリスクと、「予定」「検討中」など今後の対応を約束した記載ごとに、対策・担当・期限を決めて進み具合を記録します。計画はファイルに残り、次の見直しに引き継がれます。",
            )
            .small(),
        );
        let read_only = self.viewing.is_some();
        egui::ScrollArea::vertical().id_salt("actions").auto_shrink([false, false]).show(ui, |ui| {
            if !candidates.is_empty() {
                ui.add_space(6.0);
                ui.label(RichText::new("計画のない課題・予定").strong().size(17.0));
                for c in &candidates {
                    ui.horizontal_wrapped(|ui| {
                        if ui.link(crate::review::item_title(&self.doc, &c.item)).clicked() {
                            intents.push(Intent::Reveal(c.item.clone()));
                        }
                    });
                    ui.label(RichText::new(&c.issue).color(OPEN));
                    if !read_only && ui.button("計画を立てる").clicked() {
                        let a = Action {
                            item: c.item.clone(),
                            issue: c.issue.clone(),
                            measure: String::new(),
                            responsible: String::new(),
                            due: None,
                            progress: Progress::NotStarted,
                        };
                        intents.push(store(&action::new_id(&self.doc), a, None));
                    }
                    ui.separator();
                }
            }
            ui.add_space(6.0);
            ui.label(RichText::new("対策計画").strong().size(17.0));
            if all.is_empty() {
                ui.label("計画はまだありません。");
            }
            for (id, a) in &all {
                self.action_card(ui, id, a, read_only, intents);
                ui.separator();
            }
        });
    }

    fn action_card(&mut self, ui: &mut Ui, id: &str, a: &Action, read_only: bool, intents: &mut Vec<Intent>) {
        ui.horizontal_wrapped(|ui| {
            let colour = if a.progress == Progress::Done { Color32::from_rgb(30, 130, 60) } else { OPEN };
            ui.label(RichText::new(format!("［{}］", a.progress.label())).color(colour));
            if ui.link(crate::review::item_title(&self.doc, &a.item)).clicked() {
                intents.push(Intent::Reveal(a.item.clone()));
            }
        });
        ui.label(&a.issue);
        let due = a.due.map(crate::doc::date::to_wareki).unwrap_or_default();
        for (field, label, current, long) in [
            (Field::Measure, "予定する対策", a.measure.clone(), true),
            (Field::Responsible, "担当", a.responsible.clone(), false),
            (Field::Due, "期限", due, false),
        ] {
            let buf = self.actions.buffers.entry((id.to_owned(), field)).or_insert_with(|| current.clone());
            let changed = super::records::field(ui, buf, ("対策計画欄", id, label), label, &current, long, !read_only);
            let due = crate::doc::date::parse(buf);
            if changed {
                let mut next = a.clone();
                match field {
                    Field::Measure => next.measure = buf.clone(),
                    Field::Responsible => next.responsible = buf.clone(),
                    Field::Due if buf.trim().is_empty() => next.due = None,
                    Field::Due => match due {
                        Some(d) => next.due = Some(d),
                        None => continue,
                    },
                }
                if action::validate(&self.doc, id, &next).is_ok() {
                    intents.push(store(id, next, Some(field)));
                }
            }
            if field == Field::Due && !buf.trim().is_empty() && due.is_none() {
                ui.label(
                    RichText::new("日付として読めません。「令和8年3月31日」「R8.3.31」のように入力してください。")
                        .color(OPEN)
                        .small(),
                );
            }
        }
        if read_only {
            return;
        }
        ui.horizontal(|ui| {
            let progress = super::records::pick(
                ui,
                "進み具合",
                ("対策計画の進み具合", id),
                a.progress,
                &Progress::ALL,
                Progress::label,
            );
            if progress != a.progress {
                let mut next = a.clone();
                next.progress = progress;
                intents.push(store(id, next, None));
            }
            if ui.small_button("この計画を削除").clicked() {
                intents.push(Intent::Edit(vec![Edit::Action { id: id.to_owned(), action: None }], None));
            }
        });
    }
}
