//! The main screen: navigation on the left, the selected section laid out like the 様式 in the
//! centre, guidance for the focused item on the right. Widgets return [`Intent`]s; every change
//! goes through [`Editor::edit`], which applies it to the document, records undo and hands the
//! edits to the autosave thread.

mod actions;
pub mod compare;
pub mod diagram;
mod guide;
mod items;
mod nav;
mod page;
mod panels;
pub mod precheck;
mod procedure;
pub mod questions;
mod records;
mod search;

pub use items::clean_typed_text;
pub use nav::{NavEntry, Page};
pub use panels::page_guidance;

use super::saver::{Report, Saver};
use crate::doc::{Assessment, Edit, Path};
use crate::messages;
use crate::store::{Stage, Store, VersionInfo};
use std::collections::HashMap;
use std::path::{Path as FsPath, PathBuf};
use std::time::{Duration, Instant};

/// What a widget asks for; applied after the frame's widgets are drawn.
#[derive(Debug, Clone)]
pub enum Intent {
    /// Edits to apply; edits with the same merge key in quick succession are one undo step.
    Edit(Vec<Edit>, Option<Path>),
    AddBlock(Path),
    /// Rows pasted from Excel into a table-shaped list (one block per line).
    PasteRows(Path, String),
    DuplicateBlock(Path, String),
    MoveBlock(Path, String, usize),
    AskDelete {
        list: Path,
        id: String,
        what: String,
    },
    Goto(Page),
    /// Go to the page holding this item and bring it into view.
    Reveal(Path),
    /// Ask for a picture file for this Image item.
    AttachImage(Path),
}

struct Step {
    undo: Vec<Edit>,
    merge: Option<(Path, Instant)>,
}

/// Which output (PDF or Excel workbook) the user asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportKind {
    /// 点検用: everything, withheld passages highlighted.
    Review,
    /// 公表用: withheld passages replaced.
    Public,
    /// The 比較 page's comparison table (点検用: withheld passages shown and highlighted).
    Comparison,
    /// The 比較 page's comparison table for publication (withheld passages replaced).
    ComparisonPublic,
    /// The Excel workbook in the 様式's layout, everything (withheld passages in orange).
    Workbook,
    /// The Excel workbook for publication (withheld passages replaced).
    WorkbookPublic,
    /// 質問事項・回答一覧 (点検用).
    Questions,
    /// 質問事項・回答一覧 for publication.
    QuestionsPublic,
    /// The 部会報告書 draft (点検用).
    CommitteeReport,
    /// 市民意見の概要と対応 (点検用).
    Opinions,
    /// 市民意見の概要と対応 for publication.
    OpinionsPublic,
}

impl ExportKind {
    pub fn is_workbook(self) -> bool {
        matches!(self, ExportKind::Workbook | ExportKind::WorkbookPublic)
    }

    pub fn is_public(self) -> bool {
        matches!(
            self,
            ExportKind::Public
                | ExportKind::ComparisonPublic
                | ExportKind::WorkbookPublic
                | ExportKind::QuestionsPublic
                | ExportKind::OpinionsPublic
        )
    }
}

pub struct DeleteRequest {
    pub list: Path,
    pub id: String,
    pub what: String,
}

pub struct FreezeForm {
    pub stage: Stage,
    pub note: String,
}

pub struct Editor {
    pub doc: Assessment,
    pub path: PathBuf,
    saver: Saver,
    /// While a frozen version is shown read-only, the draft waits here.
    draft: Option<Box<Assessment>>,
    pub viewing: Option<u32>,
    pub page: Page,
    nav: Vec<NavEntry>,
    nav_dirty: bool,
    /// Filled and required items of the whole assessment, counted with the navigation tree.
    pub totals: (usize, usize),
    pub focus: Option<Path>,
    /// How the 業務全体図 is enlarged on the 別添1 page, and in its own window.
    pub diagram_view: diagram::View,
    pub diagram_full_view: diagram::View,
    /// The 業務全体図 is shown in a window of its own (「大きな画面で見る」).
    pub diagram_full: bool,
    /// The 業務全体図 is folded away on the 別添1 page (「図を隠す」).
    pub diagram_hidden: bool,
    /// The figures the 業務全体図 is split into, and the one shown.
    pub diagram_figures: Vec<String>,
    pub diagram_figure: usize,
    /// The widget that had the keyboard focus last frame (a change ends a run of typing).
    focused_widget: Option<egui::Id>,
    pub scroll_to: Option<Path>,
    selection: Option<(Path, std::ops::Range<usize>)>,
    undo: Vec<Step>,
    redo: Vec<Vec<Edit>>,
    /// Text being edited, per field (dates keep what was typed until it parses).
    pub buffers: HashMap<Path, String>,
    pub saved_at: Option<jiff::civil::Time>,
    pub save_error: Option<String>,
    pub notice: Option<String>,
    pub search: search::Search,
    pub delete: Option<DeleteRequest>,
    pub versions: Vec<VersionInfo>,
    pub freeze: Option<FreezeForm>,
    missing_cursor: usize,
    /// 事前点検 findings, recomputed shortly after the user stops typing.
    pub findings: Vec<crate::check::Finding>,
    pub check_options: crate::check::Options,
    doc_generation: u64,
    checked_generation: u64,
    last_edit: Instant,
    pub threshold: precheck::ThresholdForm,
    /// The 質問事項 list's filters and what is being typed into it.
    pub questions: questions::QuestionsView,
    /// What is being typed on the 対策計画 page.
    pub actions: actions::ActionsView,
    pub procedure: procedure::ProcedureView,
    pub compare: compare::CompareState,
    /// Versions asked of the save thread for the 比較 page and not yet arrived.
    compare_requested: Vec<u32>,
    /// A PDF asked for by a page (the app asks where to save it).
    pub export_request: Option<ExportKind>,
    /// An Image item whose 添付 button was pressed (the app asks for the file).
    pub image_request: Option<Path>,
    /// A 質問事項 sheet to write or read, asked for on the 質問事項 page (the app asks where).
    pub sheet_request: Option<questions::SheetRequest>,
    /// The Ⅱ answers the 業務全体図 decides, for the document generation they were read at.
    derived: (u64, std::collections::HashSet<Path>),
    /// The laid-out 業務全体図 and the generation it was laid out for.
    diagram: Option<(u64, crate::flows::layout::Diagram)>,
    /// The 概要 page's rows and the generation they were read for.
    overview: Option<(u64, std::rc::Rc<panels::Overview>)>,
    /// What was picked in the diagram (and whether its block still has to be scrolled to).
    pub picked: Option<(String, bool)>,
}

impl Editor {
    pub fn new(store: Store, doc: Assessment, wake: impl Fn() + Send + 'static) -> Editor {
        let path = store.path().to_owned();
        let saver = Saver::start(store, wake);
        saver.request_versions();
        let page = Page::Node { ix: doc.form().sections[0], blocks: Vec::new() };
        Editor {
            doc,
            path,
            saver,
            draft: None,
            viewing: None,
            page,
            nav: Vec::new(),
            nav_dirty: true,
            totals: (0, 0),
            focus: None,
            scroll_to: None,
            focused_widget: None,
            diagram_view: diagram::View::default(),
            diagram_full_view: diagram::View::default(),
            diagram_full: false,
            diagram_hidden: false,
            diagram_figures: Vec::new(),
            diagram_figure: 0,
            selection: None,
            undo: Vec::new(),
            redo: Vec::new(),
            buffers: HashMap::new(),
            saved_at: None,
            save_error: None,
            notice: None,
            search: search::Search::default(),
            delete: None,
            versions: Vec::new(),
            freeze: None,
            missing_cursor: 0,
            findings: Vec::new(),
            check_options: crate::check::Options::default(),
            doc_generation: 1,
            checked_generation: 0,
            last_edit: Instant::now(),
            threshold: precheck::ThresholdForm::default(),
            questions: questions::QuestionsView::default(),
            actions: actions::ActionsView::default(),
            procedure: procedure::ProcedureView::default(),
            compare: compare::CompareState::default(),
            compare_requested: Vec::new(),
            export_request: None,
            image_request: None,
            sheet_request: None,
            derived: (0, Default::default()),
            diagram: None,
            overview: None,
            picked: None,
        }
    }

    pub fn file_name(&self) -> String {
        self.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
    }

    pub fn nav(&mut self) -> &[NavEntry] {
        if self.nav_dirty {
            self.nav = nav::build(&self.doc);
            // The sections (depth 0) cover the whole form: their sum is the whole assessment.
            let sections = self.nav.iter().filter(|e| e.depth == 0 && matches!(e.page, Page::Node { .. }));
            self.totals = sections.fold((0, 0), |(f, r), e| (f + e.filled, r + e.required));
            self.nav_dirty = false;
        }
        &self.nav
    }

    /// Brings the navigation counts, totals and 事前点検 findings up to date before anything is
    /// drawn. Findings wait until typing pauses, so a keystroke never pays for a full check.
    pub fn refresh_counts(&mut self, ctx: &egui::Context) {
        const PAUSE: Duration = Duration::from_millis(400);
        let stale = self.checked_generation != self.doc_generation;
        if stale && self.last_edit.elapsed() >= PAUSE {
            self.findings = crate::check::check(&self.doc, &self.check_options);
            self.checked_generation = self.doc_generation;
            self.nav_dirty = true;
        } else if stale {
            ctx.request_repaint_after(PAUSE);
        }
        if self.nav_dirty {
            self.nav();
            let findings = std::mem::take(&mut self.findings);
            let nav = std::mem::take(&mut self.nav);
            let mut nav = nav;
            let open = crate::check::open_findings(&self.doc, &findings);
            for f in &open {
                if let Some(page) = f.paths.first().and_then(|p| nav::page_of(&self.doc, &nav, p)) {
                    for e in nav.iter_mut().filter(|e| e.page == page) {
                        e.findings += 1;
                    }
                }
            }
            if let Some(e) = nav.iter_mut().find(|e| e.page == Page::Precheck) {
                e.findings = open.len();
            }
            self.nav = nav;
            self.findings = findings;
        }
    }

    /// The Ⅱ answers the 業務全体図 decides (shown read-only, with a link back to 別添1).
    pub fn derived_paths(&mut self) -> &std::collections::HashSet<Path> {
        self.refresh_diagram();
        &self.derived.1
    }

    /// Brings the derived-answer set and the diagram layout up to date with the document (only
    /// when it changed, so an idle frame costs nothing).
    pub fn refresh_diagram(&mut self) {
        let generation = self.doc_generation;
        if self.derived.0 != generation {
            self.derived = (generation, crate::flows::derive::derived_paths(&self.doc));
        }
        let key = generation.wrapping_mul(31).wrapping_add(self.diagram_figure as u64);
        if self.diagram.as_ref().is_none_or(|(g, _)| *g != key) {
            let graph = crate::flows::Graph::read(&self.doc);
            self.diagram_figures = graph.figures();
            self.diagram_figure = self.diagram_figure.min(self.diagram_figures.len() - 1);
            let shown = graph.figure(&self.diagram_figures[self.diagram_figure]);
            self.diagram = (!shown.actors.is_empty())
                .then(|| (key, crate::flows::layout::layout(&shown, &crate::chars::measure::Metrics::new())));
        }
    }

    /// Attaches picture bytes to an Image item (refused with a message if not PNG/JPEG or too big).
    pub fn attach_image(&mut self, path: Path, bytes: Vec<u8>) {
        let entry = crate::doc::Entry::new(crate::doc::Value::Image(bytes.into()));
        self.edit(vec![Edit::Value { path, entry: Some(entry) }], None);
    }

    /// Sets the user's own term groups (kept in the settings between runs).
    pub fn set_variants(&mut self, text: &str) {
        self.threshold.variants = text.to_owned();
        self.check_options.extra_variants = crate::check::parse_variants(text);
        self.recheck();
    }

    /// Re-checks at once (after a change of the checker's options).
    pub fn recheck(&mut self) {
        self.doc_generation += 1;
        self.last_edit = Instant::now() - Duration::from_secs(1);
    }

    /// The question this screen is waiting on, named for the user (「削除」, 「版の確定」,
    /// 「Ⅵ1②の書き換え」), if any.
    pub fn open_dialog_name(&self) -> Option<&'static str> {
        if self.delete.is_some() {
            Some("削除")
        } else if self.freeze.is_some() {
            Some("版の確定")
        } else if self.threshold.overwrite.is_some() {
            Some("Ⅵ1②の書き換え")
        } else {
            None
        }
    }

    /// Whether a dialog of this screen is waiting for an answer.
    pub fn has_open_dialog(&self) -> bool {
        self.delete.is_some() || self.freeze.is_some() || self.threshold.overwrite.is_some()
    }

    /// Applies an intent from a widget.
    pub fn handle(&mut self, intent: Intent) {
        let read_only = self.viewing.is_some();
        match intent {
            Intent::Goto(p) => self.goto(p),
            Intent::Reveal(path) => self.reveal(path),
            _ if read_only => {
                self.notice = Some("確定した版は変更できません。「下書きに戻る」を押してから編集してください。".into())
            }
            Intent::Edit(edits, merge) => self.edit(edits, merge),
            Intent::AddBlock(list) => match self.doc.plan_add_block(&list) {
                Ok((_, edits)) => self.edit(edits, None),
                Err(e) => self.notice = Some(messages::japanese(&e.into())),
            },
            Intent::PasteRows(list, text) => match self.doc.plan_paste_rows(&list, &text) {
                Ok((edits, n, left_out)) => {
                    self.edit(edits, None);
                    let mut msg = format!("{n}件を追加しました（「元に戻す」で取り消せます）。");
                    if left_out > 0 {
                        msg.push_str(&format!(
                            "\nただし{left_out}個のセルは入れられませんでした（選択肢にない値、登録されていない名前、日付として読めない値など）。赤枠の欄を確かめてください。"
                        ));
                    }
                    self.notice = Some(msg);
                }
                Err(e) => self.notice = Some(messages::japanese(&e.into())),
            },
            Intent::DuplicateBlock(list, id) => match self.doc.plan_duplicate_block(&list, &id) {
                Ok((_, edits)) => self.edit(edits, None),
                Err(e) => self.notice = Some(messages::japanese(&e.into())),
            },
            Intent::MoveBlock(list, id, to) => match self.doc.plan_move_block(&list, &id, to) {
                Ok(edits) => self.edit(edits, None),
                Err(e) => self.notice = Some(messages::japanese(&e.into())),
            },
            Intent::AskDelete { list, id, what } => self.delete = Some(DeleteRequest { list, id, what }),
            Intent::AttachImage(path) => self.image_request = Some(path),
        }
    }

    /// The one way the document changes: apply, record undo, autosave.
    pub fn edit(&mut self, edits: Vec<Edit>, merge: Option<Path>) {
        if self.viewing.is_some() || edits.is_empty() {
            return;
        }
        let structural = edits.iter().any(|e| matches!(e, Edit::Order { .. }));
        // Edits of the 業務全体図 carry the Ⅱ answers that follow from it.
        let edits = match crate::flows::derive::with_derived(&self.doc, edits).and_then(|e| self.doc.with_records(e)) {
            Ok(e) => e,
            Err(e) => {
                self.notice = Some(messages::japanese(&e.into()));
                return;
            }
        };
        // Typing into a field that already has text changes no count: skip the recount then.
        let filled_before: Vec<bool> = edits
            .iter()
            .map(|e| match e {
                Edit::Value { path, .. } => self.doc.is_filled(path),
                Edit::Order { .. }
                | Edit::Acknowledge { .. }
                | Edit::ReviewItem { .. }
                | Edit::Action { .. }
                | Edit::Stage { .. } => false,
            })
            .collect();
        match self.doc.apply(edits.clone()) {
            Ok(undo) => {
                let counts_change = merge.is_none()
                    || edits.iter().zip(&filled_before).any(|(e, before)| match e {
                        Edit::Value { path, .. } => self.doc.is_filled(path) != *before,
                        Edit::Order { .. }
                        | Edit::Acknowledge { .. }
                        | Edit::ReviewItem { .. }
                        | Edit::Action { .. }
                        | Edit::Stage { .. } => true,
                    });
                let touched: Vec<Path> = edits
                    .iter()
                    .filter_map(|e| match e {
                        Edit::Value { path, .. } if merge.as_ref() != Some(path) => Some(path.clone()),
                        _ => None,
                    })
                    .collect();
                self.saver.save(edits);
                let now = Instant::now();
                // One step per visit to a field: typing merges until the focus leaves it
                // (`end_typing_run`).
                let merges = match (&merge, self.undo.last()) {
                    (Some(key), Some(Step { merge: Some((last, _)), .. })) => key == last,
                    _ => false,
                };
                if merges {
                    // Keep the first undo of the run; only refresh the time.
                    if let Some(step) = self.undo.last_mut() {
                        step.merge = merge.map(|k| (k, now));
                    }
                } else {
                    self.undo.push(Step { undo, merge: merge.map(|k| (k, now)) });
                }
                self.redo.clear();
                self.nav_dirty |= counts_change;
                self.doc_generation += 1;
                self.last_edit = now;
                if structural {
                    self.buffers.clear();
                } else {
                    // A field holds what was typed into it; an edit that did not come from
                    // typing there (置換, a derived answer, a pasted row) must not be undone by
                    // the next keystroke in that field: its text is read again from the document.
                    for path in &touched {
                        self.buffers.remove(path);
                    }
                }
            }
            Err(e) => self.notice = Some(messages::japanese(&e.into())),
        }
    }

    pub fn can_undo(&self) -> bool {
        self.viewing.is_none() && !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        self.viewing.is_none() && !self.redo.is_empty()
    }

    pub fn undo(&mut self) {
        let Some(step) = self.undo.pop().filter(|_| self.viewing.is_none()) else { return };
        if let Ok(redo) = self.doc.apply(step.undo.clone()) {
            let changed = first_value_path(&step.undo);
            self.saver.save(step.undo);
            self.redo.push(redo);
            self.after_history_move();
            self.show_changed(changed);
        }
    }

    /// After undo or redo: when the item that changed is on another page, go there, so a user
    /// sees what Ctrl+Z did.
    fn show_changed(&mut self, path: Option<Path>) {
        let Some(path) = path else { return };
        let nav = self.nav().to_vec();
        if let Some(page) = nav::page_of(&self.doc, &nav, &path)
            && page != self.page
            && matches!(self.page, Page::Node { .. })
        {
            self.reveal(path);
        }
    }

    pub fn redo(&mut self) {
        let Some(edits) = self.redo.pop().filter(|_| self.viewing.is_none()) else { return };
        if let Ok(undo) = self.doc.apply(edits.clone()) {
            let changed = first_value_path(&edits);
            self.saver.save(edits);
            self.undo.push(Step { undo, merge: None });
            self.after_history_move();
            self.show_changed(changed);
        }
    }

    /// Ends the current run of typing: the next edit starts a new undo step. Called when the
    /// keyboard focus moves to another widget, so each visit to a field is one step (as in Word).
    pub fn end_typing_run(&mut self) {
        if let Some(step) = self.undo.last_mut() {
            step.merge = None;
        }
    }

    fn after_history_move(&mut self) {
        self.buffers.clear();
        self.nav_dirty = true;
        self.doc_generation += 1;
        if let Page::Node { ix, blocks } = &self.page {
            // The block this page shows may have been removed by the undo.
            let gone = blocks.iter().enumerate().any(|(d, id)| {
                let block = self.doc.form().node(*ix).blocks.get(d).copied();
                block.is_some_and(|b| {
                    let list = Path { item: self.doc.form().node(b).id.clone(), blocks: blocks[..d].to_vec() };
                    !self.doc.instances(&list).contains(id)
                })
            });
            if gone {
                self.page = Page::Node { ix: self.doc.form().sections[0], blocks: Vec::new() };
            }
        }
    }

    pub fn confirm_delete(&mut self) {
        if let Some(req) = self.delete.take() {
            match crate::flows::remove::plan_remove(&self.doc, &req.list, &req.id) {
                Ok(edits) => {
                    self.edit(edits, None);
                    self.after_history_move();
                }
                Err(e) => self.notice = Some(messages::japanese(&e.into())),
            }
        }
    }

    pub fn goto(&mut self, page: Page) {
        if page != self.page {
            // 記入のしかた follows the page: an item of the page left behind is not explained here.
            self.focus = None;
        }
        self.page = page;
        self.buffers.clear();
    }

    /// Shows the page that holds `path` and scrolls the item into view.
    pub fn reveal(&mut self, path: Path) {
        let nav = self.nav().to_vec();
        if let Some(page) = nav::page_of(&self.doc, &nav, &path) {
            self.goto(page);
        }
        self.focus = Some(path.clone());
        self.scroll_to = Some(path);
    }

    /// 次へ / 前へ: the next or previous page of the form, in order.
    pub fn step_page(&mut self, forward: bool) {
        let nav = self.nav().to_vec();
        let at = nav.iter().position(|e| e.page == self.page).unwrap_or(0);
        let next = if forward { (at + 1).min(nav.len().saturating_sub(1)) } else { at.saturating_sub(1) };
        if let Some(e) = nav.get(next) {
            self.goto(e.page.clone());
        }
    }

    /// 未記入へ: the next required item that is still empty, round and round.
    pub fn next_missing(&mut self) {
        let missing = self.doc.completion().missing;
        if missing.is_empty() {
            self.notice = Some("未記入の必須項目はありません。".into());
            return;
        }
        let path = missing[self.missing_cursor % missing.len()].clone();
        self.missing_cursor += 1;
        self.reveal(path);
    }

    /// Takes the save thread's reports; returns a message to show, if any.
    pub fn poll(&mut self) {
        for report in self.saver.poll() {
            match report {
                Report::Saved(t) => {
                    self.saved_at = Some(t);
                    self.save_error = None;
                }
                Report::SaveFailed(e) => {
                    self.save_error = Some(format!(
                        "{} 入力内容はこの画面に残っており、自動で保存し直します。",
                        messages::japanese(&e.into())
                    ))
                }
                Report::Frozen(Ok(v)) => {
                    self.notice = Some(format!("第{}版（{}）を確定しました。", v.number, v.stage));
                    self.stage_frozen(Some(v.number));
                    self.versions.push(v);
                    self.saver.request_versions();
                }
                Report::Frozen(Err(e)) => {
                    self.stage_frozen(None);
                    self.notice = Some(messages::japanese(&e.into()));
                }
                Report::Versions(Err(e)) => self.notice = Some(messages::japanese(&e.into())),
                Report::Versions(Ok(v)) => self.versions = v,
                Report::Version(n, Ok(doc)) => {
                    let draft = std::mem::replace(&mut self.doc, doc);
                    if self.draft.is_none() {
                        self.draft = Some(Box::new(draft));
                    }
                    self.viewing = Some(n);
                    self.buffers.clear();
                    self.nav_dirty = true;
                    self.doc_generation += 1;
                }
                Report::Version(_, Err(e)) => self.notice = Some(messages::japanese(&e.into())),
                Report::ForComparison(n, result) => {
                    self.compare_requested.retain(|&r| r != n);
                    match result {
                        Ok(doc) => {
                            self.compare.loaded.insert(n, std::sync::Arc::new(doc));
                        }
                        Err(e) => self.notice = Some(messages::japanese(&e.into())),
                    }
                }
                Report::ItemPage { question, page } => self.page_found(&question, page),
                Report::Flushed => {}
            }
        }
    }

    /// Records the page the save thread found for a question just added, unless the user gave
    /// one meanwhile. Not an undo step of its own: undoing the addition removes the question.
    fn page_found(&mut self, question: &str, page: Option<u32>) {
        let Some(q) = self.doc.question(question).filter(|q| q.page.is_none() && page.is_some()) else { return };
        if self.viewing.is_some() {
            return;
        }
        let mut next = q.clone();
        next.page = page;
        let edits = vec![Edit::ReviewItem { id: question.to_owned(), question: Some(Box::new(next)) }];
        if self.doc.apply(edits.clone()).is_ok() {
            self.saver.save(edits);
            self.doc_generation += 1;
        }
    }

    pub fn freeze_now(&mut self) {
        if let Some(f) = self.freeze.take() {
            self.saver.freeze(f.stage, f.note);
        }
    }

    pub fn open_version(&mut self, number: u32) {
        self.saver.load_version(number);
    }

    pub fn back_to_draft(&mut self) {
        if let Some(draft) = self.draft.take() {
            self.doc = *draft;
            self.viewing = None;
            self.buffers.clear();
            self.nav_dirty = true;
            self.doc_generation += 1;
        }
    }

    /// Writes a PDF or workbook to `to`: the assessment shown (the draft, or the version being
    /// viewed) in the review or public edition, or the 比較 page's comparison.
    pub fn write_export(&mut self, to: &FsPath, kind: ExportKind) -> Result<(), String> {
        let file = self.path.clone();
        let write =
            |bytes: &[u8]| crate::fsio::write_output(to, bytes, &[&file]).map_err(|e| messages::japanese(&e.into()));
        let public = match kind {
            ExportKind::Comparison | ExportKind::ComparisonPublic => {
                let bytes = self.comparison_pdf(kind == ExportKind::ComparisonPublic)?;
                return write(&bytes);
            }
            kind => kind.is_public(),
        };
        let edition = match self.viewing {
            Some(n) => {
                let stage = self.versions.iter().find(|v| v.number == n).map(|v| v.stage.clone()).unwrap_or_default();
                crate::pdf::Edition { label: format!("第{n}版 {stage}"), draft: stage != "公表", public }
            }
            None => crate::pdf::Edition { label: crate::pdf::draft_label(), draft: true, public },
        };
        let bytes = match kind {
            _ if kind.is_workbook() => crate::xlsx::export(&self.doc, &edition)
                .map_err(|e| format!("Excelファイルを作れませんでした（{e}）。"))?,
            ExportKind::Questions | ExportKind::QuestionsPublic => {
                crate::pdf::questions(&self.doc, &edition).map_err(|e| format!("PDFを作れませんでした（{e}）。"))?
            }
            ExportKind::CommitteeReport => crate::pdf::committee_report(&self.doc, &edition)
                .map_err(|e| format!("PDFを作れませんでした（{e}）。"))?,
            ExportKind::Opinions | ExportKind::OpinionsPublic => crate::pdf::resident_opinions(&self.doc, &edition)
                .map_err(|e| format!("PDFを作れませんでした（{e}）。"))?,
            _ => crate::pdf::export(&self.doc, &edition).map_err(|e| format!("PDFを作れませんでした（{e}）。"))?,
        };
        write(&bytes)
    }

    /// Asks the save thread to report once everything so far is written (tests wait for it).
    pub fn flush(&self) {
        self.saver.flush();
    }

    /// Writes everything and closes the file. Returns a message if something could not be saved.
    pub fn close(&mut self) -> Option<String> {
        self.saver.close().map(|e| messages::japanese(&e.into()))
    }

    pub fn file(&self) -> &FsPath {
        &self.path
    }
}

/// The first item an edit list sets or clears (what an undo step is about).
fn first_value_path(edits: &[Edit]) -> Option<Path> {
    edits.iter().find_map(|e| match e {
        Edit::Value { path, .. } => Some(path.clone()),
        Edit::Order { .. }
        | Edit::Acknowledge { .. }
        | Edit::ReviewItem { .. }
        | Edit::Action { .. }
        | Edit::Stage { .. } => None,
    })
}
