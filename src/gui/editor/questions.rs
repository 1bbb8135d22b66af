//! 質問事項と回答: the committee's and residents' questions, beside the item they are about (in
//! the guidance panel) and as one list filtered by status, section and asker, where the
//! department writes its answers.

use super::{Editor, Intent};
use crate::doc::{Edit, Path, Text};
use crate::form::NodeIx;
use crate::review::{self, ReviewItem, Status};
use egui::{Color32, RichText, Ui};
use std::collections::HashMap;

/// Which sheet to write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SheetKind {
    Xlsx,
    /// CSV in UTF-8 with a byte order mark.
    Csv,
    /// CSV in Shift_JIS (CP932), as Japanese Excel saves it.
    CsvCp932,
}

impl SheetKind {
    pub fn extension(self) -> &'static str {
        match self {
            SheetKind::Xlsx => "xlsx",
            SheetKind::Csv | SheetKind::CsvCp932 => "csv",
        }
    }
}

/// What the 質問事項 page asks the app for (it owns the file dialogs).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SheetRequest {
    Export(SheetKind),
    Import,
}

/// A sheet read and planned, waiting for the user's 「読み込む」.
pub struct PendingSheet {
    pub source: String,
    pub plan: review::sheet::Plan,
}

/// The filters and the texts being typed on the list.
#[derive(Default)]
pub struct QuestionsView {
    /// A sheet read, shown in a dialog before anything changes.
    pub pending: Option<PendingSheet>,
    /// `None`: every status.
    pub status: Option<Status>,
    /// `None`: every section.
    pub section: Option<NodeIx>,
    /// Part of the asker's name; empty: everyone.
    pub asker: String,
    /// What is being typed: (question id, field) → text. Dropped when the question changes
    /// from elsewhere (undo, import).
    buffers: HashMap<(String, Field), String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
enum Field {
    Number,
    Asker,
    Question,
    Answer,
}

const OPEN: Color32 = Color32::from_rgb(190, 110, 0);

/// The edit that stores `q` under `id`; typing into one field merges into one undo step.
fn store(id: &str, q: ReviewItem, field: Option<Field>) -> Intent {
    let merge = field.map(|f| Path::top(&format!("質問事項/{id}/{f:?}")));
    Intent::Edit(vec![Edit::ReviewItem { id: id.to_owned(), question: Some(Box::new(q)) }], merge)
}

impl Editor {
    /// The list page: filters, then every question that passes them, in number order.
    pub(super) fn questions_page(&mut self, ui: &mut Ui, intents: &mut Vec<Intent>) {
        ui.heading("質問事項と回答");
        let all = review::ordered(&self.doc);
        let open = all.iter().filter(|(_, q)| q.status == Status::Open).count();
        ui.label(format!("質問・意見 {}件（うち未回答 {open}件）", all.len()));
        ui.label(
            RichText::new(
                "質問は、項目を選んで右の「この項目に質問を追加」から追加します。回答を書いたら状況を「回答済」に、評価書を直したら「反映済」にしてください。",
            )
            .small(),
        );
        ui.horizontal_wrapped(|ui| {
            for (label, kind, hint) in [
                ("Excelに書き出す", SheetKind::Xlsx, "委員会とやり取りする質問事項の表（.xlsx）を作ります。"),
                ("CSVに書き出す", SheetKind::Csv, "UTF-8（BOM付き）のCSVを作ります。"),
                (
                    "CSV（Shift_JIS）に書き出す",
                    SheetKind::CsvCp932,
                    "Excelの既定の文字コード（Shift_JIS）のCSVを作ります。",
                ),
            ] {
                if ui.button(label).on_hover_text(hint).clicked() {
                    self.sheet_request = Some(SheetRequest::Export(kind));
                }
            }
            if ui
                .button("一覧をPDFにする（点検用）")
                .on_hover_text("委員会資料の質問事項・回答一覧（非公開の部分を含む）")
                .clicked()
            {
                self.export_request = Some(super::ExportKind::Questions);
            }
            if ui
                .button("一覧をPDFにする（公表用）")
                .on_hover_text("非公開の部分を「（非公開）」に置き換えた一覧")
                .clicked()
            {
                self.export_request = Some(super::ExportKind::QuestionsPublic);
            }
            if ui
                .button("部会報告書（案）をPDFにする")
                .on_hover_text(
                    "審議事項・調査審議の内容・部会の意見（Ⅵ3③）・審議経過（Ⅵ3①の開催日）と、別紙の部会での意見と対応",
                )
                .clicked()
            {
                self.export_request = Some(super::ExportKind::CommitteeReport);
            }
            if ui
                .button("市民意見の概要をPDFにする")
                .on_hover_text(
                    "意見聴取の期間・方法・件数・主な意見と反映（Ⅵ2.）と、質問者が「市民」「住民」などの意見と対応の表",
                )
                .clicked()
            {
                self.export_request = Some(super::ExportKind::Opinions);
            }
            if ui.button("市民意見の概要をPDFにする（公表用）").clicked() {
                self.export_request = Some(super::ExportKind::OpinionsPublic);
            }
            if self.viewing.is_none()
                && ui
                    .button("表から読み込む…")
                    .on_hover_text(
                        "委員会から届いた質問事項の表（.xlsx か .csv）を読み込みます。読み込む前に内容を確かめます。",
                    )
                    .clicked()
            {
                self.sheet_request = Some(SheetRequest::Import);
            }
        });
        let form = self.doc.form();
        ui.horizontal_wrapped(|ui| {
            let view = &mut self.questions;
            let label = ui.label("状況");
            egui::ComboBox::from_id_salt("質問の絞り込み・状況")
                .selected_text(view.status.map_or("すべて", Status::label))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut view.status, None, "すべて");
                    for s in Status::ALL {
                        ui.selectable_value(&mut view.status, Some(s), s.label());
                    }
                })
                .response
                .labelled_by(label.id);
            let section_name = |s: Option<NodeIx>| s.map_or("すべて".to_owned(), |s| form.node(s).title());
            let label = ui.label("区分");
            egui::ComboBox::from_id_salt("質問の絞り込み・区分")
                .selected_text(section_name(view.section))
                .show_ui(ui, |ui| {
                    ui.selectable_value(&mut view.section, None, "すべて");
                    for &s in &form.sections {
                        ui.selectable_value(&mut view.section, Some(s), form.node(s).title());
                    }
                })
                .response
                .labelled_by(label.id);
            let label = ui.label("質問者");
            ui.add(egui::TextEdit::singleline(&mut view.asker).desired_width(140.0).hint_text("例：委員"))
                .labelled_by(label.id);
        });
        ui.separator();
        let shown: Vec<(String, ReviewItem)> = all
            .into_iter()
            .filter(|(_, q)| self.questions.status.is_none_or(|s| q.status == s))
            .filter(|(_, q)| {
                self.questions
                    .section
                    .is_none_or(|s| form.find(&q.item.item).is_some_and(|ix| form.section_of(ix) == s))
            })
            .filter(|(_, q)| q.asker.contains(self.questions.asker.trim()))
            .map(|(id, q)| (id.clone(), q.clone()))
            .collect();
        egui::ScrollArea::vertical().id_salt("questions").auto_shrink([false, false]).show(ui, |ui| {
            if shown.is_empty() {
                ui.label("該当する質問はありません。");
            }
            for (id, q) in &shown {
                self.question_card(ui, id, q, true, intents);
                ui.separator();
            }
        });
    }

    /// Beside the focused item (under its guidance): its questions, and 「この項目に質問を追加」.
    pub(super) fn questions_beside(&mut self, ui: &mut Ui, item: &Path, intents: &mut Vec<Intent>) {
        let mine: Vec<(String, ReviewItem)> = review::ordered(&self.doc)
            .into_iter()
            .filter(|(_, q)| q.item == *item)
            .map(|(id, q)| (id.clone(), q.clone()))
            .collect();
        ui.add_space(10.0);
        ui.separator();
        ui.label(RichText::new(format!("この項目への質問（{}件）", mine.len())).strong());
        for (id, q) in &mine {
            self.question_card(ui, id, q, false, intents);
            ui.separator();
        }
        if self.viewing.is_none()
            && ui
                .button("この項目に質問を追加")
                .on_hover_text("委員・事務局・市民からの質問や意見を、この項目に結び付けて記録します。")
                .clicked()
        {
            let mut q = ReviewItem::new(&review::next_number(&self.doc), item.clone());
            // Asked about the version the reviewers hold: the last one frozen, if any.
            q.version = self.versions.iter().map(|v| v.number).max();
            q.asked_on = Some(jiff::ZonedDateTime::now().date());
            let id = review::new_id(&self.doc);
            // The page reviewers cite is the item's page in that version's PDF: laid out by the
            // save thread, recorded when it answers (`Editor::page_found`).
            if let Some(v) = q.version {
                self.saver.item_page(v, item.clone(), id.clone());
            }
            intents.push(store(&id, q, None));
        }
    }

    /// One question: number, item (a link on the list), asker, question, answer, status.
    fn question_card(&mut self, ui: &mut Ui, id: &str, q: &ReviewItem, with_item: bool, intents: &mut Vec<Intent>) {
        let read_only = self.viewing.is_some();
        let status_colour = if q.status == Status::Open { OPEN } else { Color32::from_rgb(30, 130, 60) };
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(format!("質問{}", q.number)).strong());
            ui.label(RichText::new(format!("［{}］", q.status.label())).color(status_colour));
            if with_item {
                let title = review::item_title(&self.doc, &q.item);
                if ui.link(title).clicked() {
                    intents.push(Intent::Reveal(q.item.clone()));
                }
            }
            let mut about = Vec::new();
            if let Some(v) = q.version {
                about.push(format!("第{v}版"));
            }
            if let Some(p) = q.page {
                about.push(format!("{p}ページ"));
            }
            if let Some(d) = q.asked_on {
                about.push(crate::doc::date::to_wareki(d));
            }
            if !about.is_empty() {
                ui.label(RichText::new(about.join("・")).small().weak());
            }
        });
        let fields = [
            (Field::Number, "番号", q.number.clone(), false),
            (Field::Asker, "質問者", q.asker.clone(), false),
            (Field::Question, "質問・意見", q.question.as_str().to_owned(), true),
            (Field::Answer, "回答", q.answer.as_str().to_owned(), true),
        ];
        for (field, label, current, long) in fields {
            let key = (id.to_owned(), field);
            let view = &mut self.questions;
            let buf = view.buffers.entry(key.clone()).or_insert_with(|| current.clone());
            let changed = super::records::field(ui, buf, ("質問欄", id, label), label, &current, long, !read_only);
            if changed {
                let mut next = q.clone();
                match field {
                    Field::Number => next.number = buf.clone(),
                    Field::Asker => next.asker = buf.clone(),
                    Field::Question => next.question = q.question.edited(buf),
                    Field::Answer => next.answer = q.answer.edited(buf),
                }
                // Writing the first answer moves an open question to 回答済.
                if field == Field::Answer && q.status == Status::Open && !buf.trim().is_empty() {
                    next.status = Status::Answered;
                }
                if crate::review::validate(&self.doc, id, &next).is_ok() {
                    intents.push(store(id, next, Some(field)));
                }
            }
            if let Err(e) = crate::review::validate(&self.doc, id, &with_field(q, field, buf)) {
                ui.label(
                    RichText::new(crate::messages::japanese(&crate::doc::DocError::ReviewItem(Box::new(e)).into()))
                        .color(OPEN)
                        .small(),
                );
            }
        }
        if read_only {
            return;
        }
        ui.horizontal(|ui| {
            let status = super::records::pick(ui, "状況", ("質問の状況", id), q.status, &Status::ALL, Status::label);
            if status != q.status {
                let mut next = q.clone();
                next.status = status;
                intents.push(store(id, next, None));
            }
            if ui.small_button("この質問を削除").clicked() {
                intents.push(Intent::Edit(vec![Edit::ReviewItem { id: id.to_owned(), question: None }], None));
            }
        });
    }
}

impl Editor {
    /// Writes the questions as a sheet; the message to show, or why it could not be written.
    pub fn write_question_sheet(&self, target: &std::path::Path, kind: SheetKind) -> Result<String, String> {
        use review::sheet::{self, Encoding};
        let rows = sheet::rows(&self.doc, false);
        let bytes = match kind {
            SheetKind::Xlsx => {
                sheet::to_xlsx(&rows).map_err(|e| format!("Excelファイルを作れませんでした（{e}）。"))?
            }
            SheetKind::Csv => sheet::to_csv(&rows, Encoding::Utf8),
            SheetKind::CsvCp932 => sheet::to_csv(&rows, Encoding::Cp932),
        };
        crate::fsio::write_output(target, &bytes, &[self.file()]).map_err(|e| crate::messages::japanese(&e.into()))?;
        let mut done = format!("質問 {}件を書き出しました：{}", rows.len() - 1, target.display());
        let lost = sheet::unmappable_in_cp932(&rows);
        if kind == SheetKind::CsvCp932 && !lost.is_empty() {
            let chars: String = lost.iter().collect();
            done.push_str(&format!("\n\nShift_JISで表せない文字（{chars}）は「&#12316;」のような文字参照で書き出しました。このプログラムで読み込むと元の文字に戻ります。"));
        }
        done.push_str("\n\n非公開の部分は《非公開》…《/非公開》で示しています。外部に渡す前に確かめてください。");
        Ok(done)
    }

    /// Reads a sheet and plans its import; the plan waits for the user in a dialog.
    pub fn plan_question_sheet(&mut self, source: &std::path::Path) -> Result<(), String> {
        use review::sheet;
        let bytes =
            crate::fsio::read_bounded(source, 50 * 1024 * 1024).map_err(|e| crate::messages::japanese(&e.into()))?;
        let ext = source.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
        let rows = match ext.as_str() {
            "csv" | "txt" => sheet::from_csv(&bytes).map(|(r, _)| r),
            _ => sheet::from_xlsx(&bytes),
        }
        .map_err(|e| e.message())?;
        let plan = sheet::plan(&self.doc, &rows).map_err(|e| e.message())?;
        self.questions.pending = Some(PendingSheet { source: source.display().to_string(), plan });
        Ok(())
    }

    /// The dialog of a planned sheet: what it adds and updates, each row that cannot be taken
    /// with its line, and 「読み込む」 (one undo step) or 「やめる」.
    pub(super) fn sheet_dialog(&mut self, ctx: &egui::Context) {
        let Some(pending) = &self.questions.pending else { return };
        let mut answer = None;
        egui::Modal::new(egui::Id::unique("question-sheet")).show(ctx, |ui| {
            ui.set_max_width(560.0);
            ui.heading("質問事項の表の読み込み");
            ui.label(&pending.source);
            let p = &pending.plan;
            ui.label(format!("追加 {}件、更新 {}件", p.added, p.updated));
            if !p.problems.is_empty() {
                ui.label(
                    RichText::new(format!("読み込めない行が{}行あります：", p.problems.len())).color(OPEN).strong(),
                );
                egui::ScrollArea::vertical().max_height(200.0).show(ui, |ui| {
                    for (line, problem) in &p.problems {
                        ui.label(format!("{line}行目：{problem}"));
                    }
                });
                ui.label("表を直して読み込み直すか、その行を除いて読み込んでください。");
            }
            let yes = if p.problems.is_empty() { "読み込む" } else { "誤りの行を除いて読み込む" };
            answer = super::panels::answer_buttons(ui, yes);
        });
        match answer {
            Some(true) => {
                let pending = self.questions.pending.take();
                if let Some(pending) = pending {
                    self.edit(pending.plan.edits, None);
                }
            }
            Some(false) => self.questions.pending = None,
            None => {}
        }
    }
}

/// `q` with one field as typed (for telling what is wrong with it before it is stored).
fn with_field(q: &ReviewItem, field: Field, typed: &str) -> ReviewItem {
    let mut next = q.clone();
    match field {
        Field::Number => next.number = typed.to_owned(),
        Field::Asker => next.asker = typed.to_owned(),
        Field::Question => next.question = Text::plain(typed),
        Field::Answer => next.answer = Text::plain(typed),
    }
    next
}
