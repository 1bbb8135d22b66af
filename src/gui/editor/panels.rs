//! The panels around the page: toolbar, navigation tree, guidance, status bar, and the 概要 and
//! 版の管理 pages and this screen's dialogs.

use super::items::WITHHELD_BG;
use super::nav::Page;
use super::page::{self, Cx};
use super::{Editor, FreezeForm, Intent};
use crate::doc::{Assessment, Path};
use crate::form::{Kind, ids};
use crate::store::Stage;
use egui::{Color32, RichText, Ui};

/// What a page is for (記入のしかた on arrival): a page of the form explains itself in the
/// schema; the others here.
pub fn page_guidance<'a>(form: &'a crate::form::Form, page: &Page) -> &'a str {
    match page {
        Page::Guide => {
            "使い方：評価の進め方（作成 → 事前点検 → 市民意見聴取 → 第三者点検 → 公表）と、各画面の役割をまとめています。"
        }
        Page::Overview => {
            "評価書全体の記入の進み具合と、Ⅲの各リスクの「リスクへの対策は十分か」の回答を一覧にします。「課題が残されている」は赤で示します。"
        }
        Page::Precheck => {
            "事前点検：記入漏れ、項目どうしの食い違い、用語のゆれなど、第三者点検で指摘されやすい点を一覧にします。指摘をクリックするとその項目へ移動します。しきい値判断では、Ⅰ1③の対象人数とⅡの取扱者数から、どの評価が義務付けられるかを確かめられます。"
        }
        Page::Procedure => {
            "評価の手続：事前点検・市民意見聴取・第三者点検・審議会への報告・公表の各段階を、実施日・方法・結果とともに記録します。段階を始めると、その時点の下書きが版として確定されます。市民意見聴取と第三者点検の記録からⅥの2.と3.が記入されるので、同じことを二度書く必要はありません。"
        }
        Page::Questions => {
            "質問事項と回答：第三者点検の委員や事務局、市民意見聴取で寄せられた質問・意見を、対象の項目に結び付けて記録し、回答を書きます。状況（未回答・回答済・反映済・対応不要）や区分、質問者で絞り込めます。項目の右の欄からも質問を追加できます。"
        }
        Page::Actions => {
            "対策計画：「課題が残されている」と回答したリスクや、「予定」「検討中」など今後の対応を約束した記載ごとに、予定する対策・担当・期限を決め、進み具合（未着手・実施中・完了）を記録します。計画はファイルに残り、次の見直しに引き継がれます。委員会資料の「質問事項と回答」のPDFにも載ります。"
        }
        Page::Versions => {
            "版の管理：事前点検・市民意見聴取・第三者点検・公表などの節目ごとに、今の下書きを版として確定します。確定した版は変更できず、読み取り専用で開いたり、下書きと比べたりできます。"
        }
        Page::Compare => {
            "版の比較：2つの版（又は版と下書き）を項目ごとに比べ、変わった文字を示します。重要な変更に当たる可能性のある変更は赤で示します。比較から別添3の変更箇所を作れます。"
        }
        Page::Node { ix, .. } => &form.node(*ix).guidance,
    }
}

/// 「〇〇する」 / 「やめる」: Some(true) or Some(false) once one is pressed, or Enter (the first,
/// default button) or Esc (やめる) is, as in a Windows dialog.
pub(super) fn answer_buttons(ui: &mut Ui, yes: &str) -> Option<bool> {
    let (enter, esc) = crate::gui::dialog_keys(ui.ctx());
    ui.horizontal(|ui| {
        let go = ui.add(egui::Button::new(RichText::new(yes).strong())).clicked() || enter;
        let stop = ui.button("やめる").clicked() || esc;
        (go || stop).then_some(go)
    })
    .inner
}

const PROBLEM: Color32 = Color32::from_rgb(200, 40, 40);
const DONE: Color32 = Color32::from_rgb(30, 130, 60);
pub const FINDING: Color32 = Color32::from_rgb(190, 110, 0);

/// What the toolbar asks the app to do beyond the editor itself.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Toolbar {
    pub close: bool,
    /// PDF出力 of one kind.
    pub export: Option<super::ExportKind>,
    pub zoom_in: bool,
    pub zoom_out: bool,
}

impl Editor {
    pub fn toolbar(&mut self, ui: &mut Ui) -> Toolbar {
        let mut t = Toolbar::default();
        ui.horizontal_wrapped(|ui| {
            if ui.button("← 前へ").clicked() {
                self.step_page(false);
            }
            if ui.button("次へ →").clicked() {
                self.step_page(true);
            }
            if ui.button("未記入へ").on_hover_text("まだ記入していない必須項目へ移動します").clicked()
            {
                self.next_missing();
            }
            ui.separator();
            if ui.add_enabled(self.can_undo(), egui::Button::new("元に戻す")).on_hover_text("Ctrl+Z").clicked() {
                self.undo();
            }
            if ui.add_enabled(self.can_redo(), egui::Button::new("やり直し")).on_hover_text("Ctrl+Y").clicked() {
                self.redo();
            }
            ui.separator();
            if ui.button("検索").on_hover_text("Ctrl+F").clicked() {
                self.search.open = true;
                self.search.focus = true;
            }
            if ui.button("文字を大きく").on_hover_text("Ctrl + ＋").clicked() {
                t.zoom_in = true;
            }
            if ui.button("文字を小さく").on_hover_text("Ctrl + －").clicked() {
                t.zoom_out = true;
            }
            ui.separator();
            // The four outputs in one menu, so the toolbar stays one line on a small screen.
            ui.menu_button("出力（PDF・Excel）", |ui| {
                let outputs = [
                    ("PDF出力（点検用）", "第三者点検に出す全文のPDF（非公開部分に色付け）", super::ExportKind::Review),
                    (
                        "PDF出力（公表用）",
                        "非公開の部分を「（非公開）」に置き換えた公表用のPDF",
                        super::ExportKind::Public,
                    ),
                    (
                        "Excel出力（点検用）",
                        "様式のレイアウトのExcelファイル（全文。非公開部分は橙色の太字）",
                        super::ExportKind::Workbook,
                    ),
                    (
                        "Excel出力（公表用）",
                        "非公開の部分を「（非公開）」に置き換えた公表用のExcelファイル",
                        super::ExportKind::WorkbookPublic,
                    ),
                ];
                for (label, hint, kind) in outputs {
                    if ui.button(label).on_hover_text(hint).clicked() {
                        t.export = Some(kind);
                        ui.close();
                    }
                }
            });
            ui.separator();
            if ui.button("閉じる").on_hover_text("保存してスタート画面に戻ります").clicked() {
                t.close = true;
            }
        });
        if let Some(n) = self.viewing {
            ui.horizontal(|ui| {
                ui.label(
                    RichText::new(format!("第{n}版（確定済み）を読み取り専用で表示しています。"))
                        .background_color(WITHHELD_BG)
                        .color(Color32::BLACK),
                );
                if ui.button("下書きに戻る").clicked() {
                    self.back_to_draft();
                }
            });
        }
        t
    }

    pub fn nav_panel(&mut self, ui: &mut Ui) {
        let current = self.page.clone();
        let entries = self.nav().to_vec();
        // The scroll bar always shows, so a user on a small screen sees that Ⅳ–Ⅵ, 別添3 and the
        // version pages are further down. egui's default bars float and are drawn at zero opacity
        // until hovered, whatever the visibility setting: a solid bar is drawn at rest.
        ui.spacing_mut().scroll = egui::style::ScrollStyle { bar_width: 8.0, ..egui::style::ScrollStyle::solid() };
        egui::ScrollArea::vertical()
            .id_salt("nav")
            .scroll_bar_visibility(egui::scroll_area::ScrollBarVisibility::AlwaysVisible)
            .show(ui, |ui| {
                for e in entries {
                    // Counts stay on the right; a long name gives way with 「…」 and shows whole
                    // on hover.
                    egui::Sides::new().shrink_left().truncate().show(
                        ui,
                        |ui| {
                            ui.add_space(e.depth as f32 * 14.0);
                            let mark = if e.required == 0 {
                                RichText::new("　")
                            } else if e.missing() == 0 {
                                RichText::new("✓").color(DONE)
                            } else {
                                RichText::new("●").color(PROBLEM)
                            };
                            ui.label(mark);
                            let label = egui::Button::selectable(current == e.page, &e.label).truncate();
                            let response = ui.add(label).on_hover_text(&e.label);
                            if response.has_focus() {
                                // Tab from the toolbar walks the tree: the entry it is on is
                                // framed and kept in view (Enter opens it).
                                ui.painter().rect_stroke(
                                    response.rect.expand(1.0),
                                    3.0,
                                    egui::Stroke::new(2.0, Color32::from_rgb(20, 90, 200)),
                                    egui::StrokeKind::Outside,
                                );
                                if response.gained_focus() {
                                    response.scroll_to_me(None);
                                }
                            }
                            if response.clicked() {
                                self.goto(e.page.clone());
                            }
                        },
                        |ui| {
                            if e.findings > 0 {
                                ui.label(RichText::new(format!("△{}", e.findings)).color(FINDING))
                                    .on_hover_text("事前点検で指摘があります");
                            }
                            if e.required > 0 {
                                ui.weak(format!("{}/{}", e.filled, e.required));
                            }
                        },
                    );
                }
            });
    }

    pub fn guidance_panel(&mut self, ui: &mut Ui) {
        ui.heading("記入のしかた");
        ui.separator();
        let form = self.doc.form();
        let Some(path) = self.focus.clone() else {
            // On arrival: what this page is for, then how to get an item's guidance.
            egui::ScrollArea::vertical().id_salt("guidance").show(ui, |ui| {
                if let Page::Node { ix, .. } = &self.page {
                    ui.label(RichText::new(form.full_title(*ix)).strong());
                    ui.add_space(6.0);
                }
                ui.label(page_guidance(form, &self.page));
                ui.add_space(10.0);
                ui.weak("項目をクリックすると、ここにその項目の記入のしかたが表示されます。");
            });
            return;
        };
        let Some(ix) = form.find(&path.item) else { return };
        let node = form.node(ix);
        egui::ScrollArea::vertical().id_salt("guidance").show(ui, |ui| {
            ui.label(RichText::new(form.full_title(ix)).strong());
            ui.add_space(6.0);
            ui.label(&node.guidance);
            ui.add_space(6.0);
            if node.significant {
                ui.label(
                    RichText::new(
                        "※ 重要な変更の対象：変更するときは、事前に意見聴取・第三者点検を経る必要があります。",
                    )
                    .small(),
                );
            }
            if node.withholdable {
                ui.label(
                    RichText::new("公表版で非公開にできる項目です（セキュリティ上の具体的な記載に限ります）。").small(),
                );
            }
            if let Kind::Text { max } | Kind::LongText { max } = node.kind {
                ui.label(RichText::new(format!("上限 {max} 文字")).small());
            }
            if node.kind.holds_value() {
                let mut intents = Vec::new();
                self.questions_beside(ui, &path, &mut intents);
                for i in intents {
                    self.handle(i);
                }
            }
        });
    }

    pub fn status_bar(&self, ui: &mut Ui) {
        ui.horizontal(|ui| {
            ui.label(self.file_name());
            ui.separator();
            match (&self.save_error, self.saved_at) {
                (Some(e), _) => {
                    ui.label(RichText::new(format!("保存できません：{e}")).color(PROBLEM));
                }
                (None, Some(t)) => {
                    ui.label(format!("保存済み {}", t.strftime("%H:%M:%S")));
                }
                (None, None) => {
                    ui.label("変更はすべて自動で保存されます");
                }
            }
            ui.separator();
            ui.label(format!("必須項目 {}/{} 記入済み", self.totals.0, self.totals.1));
        });
    }

    /// The centre: the selected page.
    pub fn page_ui(&mut self, ui: &mut Ui) {
        let mut intents = Vec::new();
        match self.page.clone() {
            Page::Guide => super::guide::show(ui),
            Page::Overview => self.overview(ui, &mut intents),
            Page::Precheck => self.precheck_page(ui, &mut intents),
            Page::Procedure => self.procedure_page(ui, &mut intents),
            Page::Questions => self.questions_page(ui, &mut intents),
            Page::Actions => self.actions_page(ui, &mut intents),
            Page::Versions => self.versions_page(ui),
            Page::Compare => self.compare_page(ui, &mut intents),
            Page::Node { ix, blocks } => {
                let mut cx = Cx {
                    doc: &self.doc,
                    buffers: &mut self.buffers,
                    intents: &mut intents,
                    focus: &mut self.focus,
                    scroll_to: &mut self.scroll_to,
                    selection: &mut self.selection,
                    read_only: self.viewing.is_some(),
                    derived: &self.derived.1,
                    diagram: self.diagram.as_ref().map(|(_, d)| d),
                    picked: &mut self.picked,
                    diagram_view: &mut self.diagram_view,
                    diagram_full: &mut self.diagram_full,
                    diagram_hidden: &mut self.diagram_hidden,
                    figures: &self.diagram_figures,
                    figure: &mut self.diagram_figure,
                };
                page::show(ui, &mut cx, ix, &blocks);
                self.diagram_window(ui.ctx());
            }
        }
        for i in intents {
            self.handle(i);
        }
        let focused = ui.ctx().memory(|m| m.focused());
        if focused != self.focused_widget {
            self.focused_widget = focused;
            self.end_typing_run();
        }
    }

    /// 「大きな画面で見る」: the 業務全体図 in a window filling most of the screen, with its own
    /// enlargement; a click on a box or line closes it and goes to that registration.
    fn diagram_window(&mut self, ctx: &egui::Context) {
        if !self.diagram_full {
            return;
        }
        let Some((_, d)) = &self.diagram else {
            self.diagram_full = false;
            return;
        };
        let screen = ctx.content_rect();
        let mut open = true;
        let mut picked = None;
        let selected = self.picked.as_ref().map(|(id, _)| id.clone());
        let view = &mut self.diagram_full_view;
        egui::Window::new("業務全体図")
            .open(&mut open)
            .collapsible(false)
            .default_size(screen.size() * 0.9)
            .default_pos(screen.min + screen.size() * 0.05)
            .show(ctx, |ui| {
                ui.horizontal(|ui| {
                    if ui.button("＋ 拡大").clicked() {
                        view.zoom_by(1.5);
                    }
                    if ui.add_enabled(view.zoom > 1.0, egui::Button::new("－ 縮小")).clicked() {
                        view.zoom_by(1.0 / 1.5);
                    }
                    if ui.button("全体を表示").clicked() {
                        *view = super::diagram::View::default();
                    }
                    ui.weak(format!("{:.0}%", view.zoom * 100.0));
                });
                let h = ui.available_height().max(300.0);
                picked = super::diagram::canvas(ui, d, selected.as_deref(), h, view);
            });
        if let Some(id) = picked {
            self.picked = Some((id, true));
            open = false;
        }
        if !open || ctx.input(|i| i.key_pressed(egui::Key::Escape)) {
            self.diagram_full = false;
        }
    }

    /// The 概要 page's rows, read again only when the document changed (at twenty files the
    /// completion of every section and the 十分か of 400 risks took most of a frame).
    fn overview_rows(&mut self) -> std::rc::Rc<Overview> {
        let generation = self.doc_generation;
        if let Some((g, rows)) = &self.overview
            && *g == generation
        {
            return rows.clone();
        }
        let rows = std::rc::Rc::new(Overview::read(&self.doc));
        self.overview = Some((generation, rows.clone()));
        rows
    }

    fn overview(&mut self, ui: &mut Ui, intents: &mut Vec<Intent>) {
        ui.heading("概要");
        let rows = self.overview_rows();
        egui::ScrollArea::vertical().id_salt("overview").auto_shrink([false, false]).show(ui, |ui| {
            ui.label(RichText::new("記入の進み具合").strong());
            egui::Grid::new("completion").striped(true).num_columns(3).show(ui, |ui| {
                for s in &rows.sections {
                    ui.label(&s.title);
                    let frac = if s.required == 0 { 1.0 } else { s.filled as f32 / s.required as f32 };
                    ui.add(
                        egui::ProgressBar::new(frac).desired_width(200.0).text(format!("{}/{}", s.filled, s.required)),
                    );
                    if let Some(first) = &s.first_missing {
                        if ui.link("未記入へ").clicked() {
                            intents.push(Intent::Reveal(first.clone()));
                        }
                    } else {
                        ui.label(RichText::new("記入済み").color(DONE));
                    }
                    ui.end_row();
                }
            });
            ui.add_space(12.0);
            ui.label(RichText::new("リスク対策の自己評価（Ⅲ「リスクへの対策は十分か」）").strong());
            ui.label("「課題が残されている」と回答した項目は赤で示します。行をクリックするとその項目へ移動します。");
            egui::Grid::new("risks").striped(true).num_columns(3).show(ui, |ui| {
                ui.strong("ファイル");
                ui.strong("十分か");
                ui.strong("リスク");
                ui.end_row();
                for r in &rows.risks {
                    ui.label(format!("ファイル{}", r.file));
                    let shown = match (r.disabled, r.answer.as_str()) {
                        (true, _) => RichText::new("（対象外）").weak(),
                        (false, "") => RichText::new("未回答").color(PROBLEM),
                        (false, a @ "課題が残されている") => RichText::new(a).color(PROBLEM).strong(),
                        (false, a) => RichText::new(a),
                    };
                    ui.label(shown);
                    if ui.link(&r.risk).on_hover_text(&r.risk_whole).clicked() {
                        intents.push(Intent::Reveal(r.path.clone()));
                    }
                    ui.end_row();
                }
            });
        });
    }

    fn versions_page(&mut self, ui: &mut Ui) {
        ui.heading("版の管理");
        ui.label(
            "確定した版は変更できません。第三者点検や公表に出すときは、その時点の下書きを版として確定してください。",
        );
        ui.add_space(8.0);
        if self.viewing.is_none() && ui.button("版を確定…").clicked() {
            self.freeze = Some(FreezeForm { stage: Stage::Precheck, note: String::new() });
        }
        ui.add_space(8.0);
        if self.versions.is_empty() {
            ui.label("確定した版はまだありません。");
            return;
        }
        let mut open = None;
        let mut compare = None;
        egui::Grid::new("versions").striped(true).num_columns(5).show(ui, |ui| {
            for h in ["版", "段階", "確定日時", "メモ", ""] {
                ui.strong(h);
            }
            ui.end_row();
            for v in &self.versions {
                if v.intact {
                    ui.label(format!("第{}版", v.number));
                } else {
                    ui.colored_label(egui::Color32::from_rgb(190, 30, 30), format!("第{}版（内容が一致しません）", v.number))
                        .on_hover_text("確定したときの内容（SHA-256）と一致しません。このプログラムの外で書き換えられたか、ファイルが壊れています。この版は使わず、バックアップから復元してください。");
                }
                ui.label(&v.stage);
                ui.label(crate::doc::date::moment_wareki(&v.frozen_at)).on_hover_text(&v.frozen_at);
                ui.label(&v.note).on_hover_text(format!("SHA-256: {}", v.sha256));
                ui.horizontal_wrapped(|ui| {
                    if ui.button("開く（読み取り専用）").clicked() {
                        open = Some(v.number);
                    }
                    if ui.button("下書きと比較").clicked() {
                        compare = Some(v.number);
                    }
                });
                ui.end_row();
            }
        });
        if let Some(n) = open {
            self.open_version(n);
        }
        if let Some(n) = compare {
            self.compare.old = Some(super::compare::Side::Version(n));
            self.compare.new = super::compare::Side::Draft;
            self.goto(Page::Compare);
        }
    }

    /// This screen's modal dialogs.
    pub fn dialogs(&mut self, ctx: &egui::Context) {
        let mut intents = Vec::new();
        self.threshold_dialog(ctx, &mut intents);
        self.sheet_dialog(ctx);
        for intent in intents {
            self.handle(intent);
        }
        if let Some(req) = &self.delete {
            let what = req.what.clone();
            let mut answer = None;
            egui::Modal::new(egui::Id::unique("confirm-delete")).show(ctx, |ui| {
                ui.heading("削除の確認");
                ui.label(format!("{what}を削除しますか？"));
                ui.label("中に記入した内容もすべて削除されます。「元に戻す」（Ctrl+Z）で取り消せます。");
                answer = answer_buttons(ui, "削除する");
            });
            match answer {
                Some(true) => self.confirm_delete(),
                Some(false) => self.delete = None,
                None => {}
            }
        }
        if let Some(form) = &mut self.freeze {
            let mut answer = None;
            egui::Modal::new(egui::Id::unique("freeze")).show(ctx, |ui| {
                ui.heading("版を確定");
                ui.label("今の下書きを版として確定します。確定した版は後から変更できません。");
                let stage_label = ui.label("段階");
                egui::ComboBox::from_id_salt("freeze-stage")
                    .selected_text(form.stage.label())
                    .show_ui(ui, |ui| {
                        for s in Stage::ALL {
                            ui.selectable_value(&mut form.stage, s, s.label());
                        }
                    })
                    .response
                    .labelled_by(stage_label.id);
                let note_label = ui.label("メモ（任意）");
                ui.add(egui::TextEdit::singleline(&mut form.note).desired_width(360.0)).labelled_by(note_label.id);
                answer = answer_buttons(ui, "確定する");
            });
            match answer {
                Some(true) => self.freeze_now(),
                Some(false) => self.freeze = None,
                None => {}
            }
        }
        if let Some(msg) = self.notice.clone() {
            egui::Modal::new(egui::Id::unique("notice")).show(ctx, |ui| {
                ui.set_max_width(480.0);
                ui.label(msg);
                let (enter, esc) = crate::gui::dialog_keys(ui.ctx());
                if ui.button("OK").clicked() || enter || esc {
                    self.notice = None;
                }
            });
        }
    }
}

/// What the 概要 page shows: each section's completion, and each file's answer to every
/// 「リスクへの対策は十分か」 of Ⅲ.
pub struct Overview {
    sections: Vec<SectionRow>,
    risks: Vec<RiskRow>,
}

struct SectionRow {
    title: String,
    filled: usize,
    required: usize,
    first_missing: Option<Path>,
}

struct RiskRow {
    /// 1 for the first 特定個人情報ファイル.
    file: usize,
    disabled: bool,
    answer: String,
    /// The risk's heading, its first line only (Ⅲ 4. names five risks on five lines: the first
    /// stands for them, with 「ほか」).
    risk: String,
    risk_whole: String,
    path: Path,
}

impl Overview {
    fn read(doc: &Assessment) -> Overview {
        let form = doc.form();
        let sections = form
            .sections
            .iter()
            .map(|&s| {
                let c = doc.completion_of(s, &[]);
                SectionRow {
                    title: form.node(s).title(),
                    filled: c.filled,
                    required: c.required,
                    first_missing: c.missing.first().cloned(),
                }
            })
            .collect();
        let mut risks = Vec::new();
        let files = doc.instances(&Path::top(ids::II_FILE));
        let iii = form.find(ids::III_FILE).unwrap_or_default();
        for (fi, f) in files.iter().enumerate() {
            for ix in form.descendants(iii) {
                let node = form.node(ix);
                if node.local != "sufficiency" {
                    continue;
                }
                let path = Path { item: node.id.clone(), blocks: vec![f.clone()] };
                let parent = node.parent.map(|p| form.full_title(p)).unwrap_or_default();
                let first_line = parent.lines().next().unwrap_or_default().to_owned();
                risks.push(RiskRow {
                    file: fi + 1,
                    disabled: doc.is_disabled(ix, &path.blocks),
                    answer: doc.choice(&path).to_owned(),
                    risk: if parent.contains('\n') { format!("{first_line} ほか") } else { first_line },
                    risk_whole: parent,
                    path,
                });
            }
        }
        Overview { sections, risks }
    }
}
