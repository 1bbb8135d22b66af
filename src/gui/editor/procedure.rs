//! 評価の手続: the stages taken (事前点検 → 市民意見聴取 → 第三者点検 → 審議会報告 → 公表, and again at
//! a 見直し), each with its dates, method and outcome. Entering a stage freezes a version; Ⅵ is
//! filled from the records (`review::procedure`).

use super::{Editor, Intent};
use crate::doc::date::{parse, parse_dates, to_wareki};
use crate::doc::{Edit, Path};
use crate::review::procedure::{self, STAGES, StageRecord};
use crate::store::Stage;
use egui::{Color32, RichText, Ui};
use std::collections::HashMap;

/// What is being typed on the 手続 page: (record id, field) → text.
#[derive(Default)]
pub struct ProcedureView {
    buffers: HashMap<(String, Field), String>,
    /// The record entered with the version being frozen for it, until the freeze reports.
    pub(super) pending_freeze: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Field {
    Start,
    End,
    Meetings,
    Method,
    Shortened,
    Outcome,
    Reflection,
}

const WARN: Color32 = Color32::from_rgb(190, 110, 0);
const DONE: Color32 = Color32::from_rgb(30, 130, 60);

fn store(id: &str, r: StageRecord, field: Option<Field>) -> Intent {
    let merge = field.map(|f| Path::top(&format!("手続/{id}/{f:?}")));
    Intent::Edit(vec![Edit::Stage { id: id.to_owned(), record: Some(Box::new(r)) }], merge)
}

/// The labels of a record's fields for its stage (the words of Ⅵ where the record fills it).
fn fields(stage: Stage) -> Vec<(Field, &'static str, bool)> {
    match stage {
        Stage::PublicComment => vec![
            (Field::Start, "開始日（評価書案を公示した日）", false),
            (Field::End, "終了日", false),
            (Field::Method, "方法（Ⅵ2.①）", true),
            (Field::Shortened, "期間を短縮する特段の理由（30日未満のときだけ。Ⅵ2.③）", true),
            (Field::Outcome, "主な意見の内容（Ⅵ2.④）", true),
            (Field::Reflection, "評価書への反映（Ⅵ2.⑤）", true),
        ],
        Stage::ThirdPartyReview => vec![
            (
                Field::Meetings,
                "開催日（複数回は「、」で区切る。例：R8.7.3（第1回部会）、R8.8.21（第2回部会）。Ⅵ3.①）",
                false,
            ),
            (Field::Method, "方法（点検した機関・諮問と答申など。Ⅵ3.②）", true),
            (Field::Outcome, "結果（答申の要旨と修正した点。Ⅵ3.③）", true),
        ],
        _ => vec![
            (Field::Start, "実施日", false),
            (Field::End, "終了日（数日にわたる場合）", false),
            (Field::Outcome, "結果・メモ", true),
        ],
    }
}

fn current_text(r: &StageRecord, field: Field) -> String {
    let day = |d: Option<jiff::civil::Date>| d.map(to_wareki).unwrap_or_default();
    match field {
        Field::Start => day(r.start),
        Field::End => day(r.end),
        Field::Meetings => r.meetings.as_ref().map(|m| m.wareki()).unwrap_or_default(),
        Field::Method => r.method.clone(),
        Field::Shortened => r.shortened.clone(),
        Field::Outcome => r.outcome.clone(),
        Field::Reflection => r.reflection.clone(),
    }
}

/// `r` with `field` set from what was typed, or why it cannot be read.
fn with_typed(r: &StageRecord, field: Field, typed: &str) -> Result<StageRecord, String> {
    let mut next = r.clone();
    let day = |s: &str| match s.trim() {
        "" => Ok(None),
        s => parse(s).map(Some).ok_or_else(|| {
            "日付として読めません。「令和8年7月3日」「R8.7.3」「2026-07-03」のように入力してください。".to_owned()
        }),
    };
    match field {
        Field::Start => next.start = day(typed)?,
        Field::End => next.end = day(typed)?,
        Field::Meetings => {
            next.meetings = parse_dates(typed, true).map_err(|p| p.message())?;
            next.start = next.meetings.as_ref().map(|m| m.earliest());
        }
        Field::Method => next.method = typed.to_owned(),
        Field::Shortened => next.shortened = typed.to_owned(),
        Field::Outcome => next.outcome = typed.to_owned(),
        Field::Reflection => next.reflection = typed.to_owned(),
    }
    Ok(next)
}

impl Editor {
    pub(super) fn procedure_page(&mut self, ui: &mut Ui, intents: &mut Vec<Intent>) {
        ui.heading("評価の手続");
        ui.label(
            RichText::new(
                "事前点検 → 市民意見聴取（原則30日以上）→ 第三者点検 → 審議会への報告 → 公表 の順に、行った手続を記録します。段階を始めると、その時点の下書きが版として確定されます。市民意見聴取と第三者点検の記録から、Ⅵ評価実施手続の2.と3.が記入されます（Ⅵで直接書き直しても、この記録に反映されます）。",
            )
            .small(),
        );
        let read_only = self.viewing.is_some();
        let records: Vec<(String, StageRecord)> =
            procedure::ordered(&self.doc).into_iter().map(|(id, r)| (id.clone(), r.clone())).collect();
        ui.add_space(6.0);
        // Where the procedure stands: each stage with the day it was last taken.
        ui.horizontal_wrapped(|ui| {
            for (i, stage) in STAGES.iter().enumerate() {
                if i > 0 {
                    ui.label("→");
                }
                match procedure::current(&self.doc, *stage) {
                    Some((_, r)) => {
                        let when = r.period();
                        ui.label(RichText::new(format!("● {} {when}", stage.label())).color(DONE));
                    }
                    None => {
                        ui.label(RichText::new(format!("○ {}", stage.label())).weak());
                    }
                }
            }
        });
        if !read_only {
            ui.add_space(4.0);
            ui.horizontal_wrapped(|ui| {
                for &stage in STAGES {
                    if ui
                        .button(format!("{}を始める", stage.label()))
                        .on_hover_text("記録を追加し、今の下書きをこの段階の版として確定します。")
                        .clicked()
                    {
                        self.enter_stage(stage);
                    }
                }
            });
        }
        egui::ScrollArea::vertical().id_salt("procedure").auto_shrink([false, false]).show(ui, |ui| {
            if records.is_empty() {
                ui.add_space(6.0);
                ui.label("手続の記録はまだありません。上のボタンで、始めた段階を記録してください。");
            }
            for (id, r) in records.iter().rev() {
                ui.separator();
                self.stage_card(ui, id, r, read_only, intents);
            }
        });
    }

    /// Records `stage` as entered today (seeded from Ⅵ) and freezes the draft as its version.
    pub(super) fn enter_stage(&mut self, stage: Stage) {
        // The first record of a stage takes over what Ⅵ says of it; a stage taken again (at a
        // 見直し) starts afresh today.
        let again = procedure::current(&self.doc, stage).is_some();
        let mut record = if again { StageRecord::new(stage) } else { StageRecord::seeded(&self.doc, stage) };
        let today = jiff::ZonedDateTime::now().date();
        if again || record.start.is_none() {
            record.start = Some(today);
            record.end = None;
        }
        if stage == Stage::ThirdPartyReview && (again || record.meetings.is_none()) {
            record.meetings = Some(crate::doc::Dates::on(today));
        }
        record.version = Some(self.versions.iter().map(|v| v.number).max().unwrap_or(0) + 1);
        let id = procedure::new_id(&self.doc);
        let before = self.doc.stages().count();
        self.edit(vec![Edit::Stage { id: id.clone(), record: Some(Box::new(record)) }], None);
        if self.doc.stages().count() > before {
            self.procedure.pending_freeze = Some(id);
            self.saver.freeze(stage, format!("{}を開始", stage.label()));
        }
    }

    /// After a freeze asked for by [`Editor::enter_stage`]: the record names the version made,
    /// or none when it could not be made.
    pub(super) fn stage_frozen(&mut self, number: Option<u32>) {
        let Some(id) = self.procedure.pending_freeze.take() else { return };
        let Some(r) = self.doc.stage(&id) else { return };
        if r.version != number {
            let mut next = r.clone();
            next.version = number;
            self.edit(vec![Edit::Stage { id, record: Some(Box::new(next)) }], None);
        }
    }

    fn stage_card(&mut self, ui: &mut Ui, id: &str, r: &StageRecord, read_only: bool, intents: &mut Vec<Intent>) {
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(r.stage.label()).strong().size(17.0));
            ui.label(r.period());
            if let Some(n) = r.version {
                ui.label(RichText::new(format!("（第{n}版を確定）")).small());
            }
            let fills = procedure::current(&self.doc, r.stage).is_some_and(|(c, _)| c == id);
            match r.stage {
                Stage::PublicComment if fills => {
                    ui.label(RichText::new("Ⅵ2.に記入中").color(DONE).small());
                }
                Stage::ThirdPartyReview if fills => {
                    ui.label(RichText::new("Ⅵ3.に記入中").color(DONE).small());
                }
                _ => {}
            }
        });
        if let (Some(s), Some(e)) = (r.start, r.end)
            && e < s
        {
            ui.label(RichText::new("終了日が開始日より前になっています。日付を確かめてください。").color(WARN));
        } else if r.stage == Stage::PublicComment {
            self.comment_summary(ui, r);
        }
        for (field, label, long) in fields(r.stage) {
            if field == Field::Reflection && r.no_opinion {
                continue;
            }
            let current = current_text(r, field);
            let buf = self.procedure.buffers.entry((id.to_owned(), field)).or_insert_with(|| current.clone());
            let changed = super::records::field(ui, buf, ("手続欄", id, label), label, &current, long, !read_only);
            let typed = with_typed(r, field, buf);
            if changed && let Ok(next) = &typed {
                match procedure::validate(id, next) {
                    Ok(()) => intents.push(store(id, next.clone(), Some(field))),
                    Err(e) => {
                        let e = crate::doc::DocError::Stage(Box::new(e));
                        self.notice = Some(crate::messages::japanese(&e.into()));
                    }
                }
            }
            if let Err(why) = typed {
                ui.label(RichText::new(why).color(WARN).small());
            }
        }
        if read_only {
            return;
        }
        ui.horizontal(|ui| {
            if r.stage == Stage::PublicComment {
                let mut none = r.no_opinion;
                if ui.checkbox(&mut none, "意見の提出がなかった").changed() {
                    let mut next = r.clone();
                    next.no_opinion = none;
                    intents.push(store(id, next, None));
                }
            }
            if ui
                .small_button("この記録を削除")
                .on_hover_text("確定した版は残ります。Ⅵの記入はそのまま残ります。")
                .clicked()
            {
                intents.push(Intent::Edit(vec![Edit::Stage { id: id.to_owned(), record: None }], None));
            }
        });
    }

    /// The comment period's length against the 30 days of 指針 第5の2(2), and the opinions
    /// recorded as 質問事項 from residents.
    fn comment_summary(&self, ui: &mut Ui, r: &StageRecord) {
        if let (Some(s), Some(e)) = (r.start, r.end) {
            let days = crate::doc::date::days_inclusive(s, e);
            let text = format!("期間 {days}日");
            if days < 30 && r.shortened.trim().is_empty() {
                ui.label(
                    RichText::new(format!("{text}：30日未満です。期間を短縮する特段の理由を書いてください。"))
                        .color(WARN),
                );
            } else {
                ui.label(text);
            }
        }
        let opinions = crate::review::resident_opinions(&self.doc).len();
        ui.label(
            RichText::new(format!(
                "「質問事項と回答」に記録した市民からの意見：{opinions}件（質問者に「市民」「住民」などと書いたもの。「市民意見の概要」PDFに載ります）"
            ))
            .small(),
        );
    }
}
