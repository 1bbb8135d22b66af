//! The eframe application. It holds no domain logic: it calls `doc`, `store` and `ron_io` like
//! the CLI does, so everything it can do is testable without a window.

pub mod dialogs;
pub mod editor;
mod fonts;
pub mod import;
pub mod saver;
pub mod settings;
mod start;

use crate::doc::{Assessment, Edit, Entry, Path};
use crate::form::{self, ids};
use crate::messages::{self, Error};
use crate::ron_io;
use crate::store::Store;
use dialogs::FileDialogs;
use editor::{Editor, ExportKind};
use egui::{Key, KeyboardShortcut, Modifiers, ViewportCommand};
use settings::Settings;
use start::{StartAction, StartForm};
use std::path::{Path as FsPath, PathBuf};
use std::sync::OnceLock;
use std::time::Instant;

/// The sample shown by 「サンプルを開く」 (a copy is opened, never this text's source file).
const SAMPLE: &str = include_str!("../../assessments/midori-jidoteate-r7.ron");
const SAMPLE_NAME: &str = "みどり市_児童手当_サンプル";

static STARTED: OnceLock<Instant> = OnceLock::new();

/// How the app is set up (tests pass fake dialogs and a temporary data folder).
pub struct AppOptions {
    pub open: Option<PathBuf>,
    pub dialogs: Box<dyn FileDialogs>,
    /// Where sample copies are put.
    pub data_dir: PathBuf,
    /// Show the folder of a written PDF in the file manager (off in tests).
    pub open_folders: bool,
}

/// Opens the window; `open` is a file to open at once (`hyokasho FILE.hyoka`).
/// Runs the window until it is closed. Err: the window could not be shown (no display, no
/// graphics driver), with the library's own words for the 詳細 line.
pub fn run(open: Option<PathBuf>) -> Result<(), String> {
    STARTED.get_or_init(Instant::now);
    let data_dir = data_dir();
    let native = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("hyokasho — 特定個人情報保護評価書")
            .with_inner_size([1280.0, 860.0])
            .with_min_inner_size([900.0, 600.0]),
        // eframe's default, said here because the window relies on it: a character neither
        // bundled font has is drawn with an installed system font (see `fonts`).
        system_font_fallback: true,
        ..Default::default()
    };
    let result = eframe::run_native(
        "hyokasho",
        native,
        Box::new(move |cc| {
            Ok(Box::new(App::new(
                cc,
                AppOptions { open, dialogs: Box::new(dialogs::Native), data_dir, open_folders: true },
            )))
        }),
    );
    result.map_err(|e| e.to_string())
}

/// Where sample copies go: the user's own folder on this PC. On Windows that is
/// %LOCALAPPDATA%\hyokasho rather than eframe's folder for the settings (%APPDATA%\hyokasho\data,
/// the roaming profile, which city offices often redirect to a file server: an assessment must
/// not live on a share, see `crate::location`). Elsewhere it is eframe's folder.
fn data_dir() -> PathBuf {
    let local = std::env::var_os("LOCALAPPDATA").filter(|_| cfg!(windows)).map(|d| PathBuf::from(d).join("hyokasho"));
    local.or_else(|| eframe::storage_dir("hyokasho")).unwrap_or_else(|| std::env::temp_dir().join("hyokasho"))
}

pub struct App {
    pub editor: Option<Box<Editor>>,
    start: StartForm,
    /// The recent files as listed (read once each time the start screen comes back).
    recent_files: Option<Vec<start::RecentFile>>,
    pub settings: Settings,
    dialogs: Box<dyn FileDialogs>,
    data_dir: PathBuf,
    pub alert: Option<String>,
    /// An existing 評価書 read in, shown for the user to look at before a file is made of it.
    pub document: Option<import::DocumentRead>,
    /// A document being read on its own thread (a long PDF takes a second): the window stays
    /// responsive and says so meanwhile.
    reading: Option<(PathBuf, std::sync::mpsc::Receiver<Result<import::DocumentRead, String>>)>,
    /// The open file is on a network share or in a synced folder (`crate::location`): said
    /// above the page, without stopping the user, until put away or the file is closed.
    pub location_warning: Option<String>,
    /// The window was asked to close with a question open or edits unsaved: 戻る or 終了する.
    pub close_question: Option<String>,
    /// Set when the user was warned that closing now would lose something; a second close goes.
    title: String,
    zoom_applied: f32,
    open_folders: bool,
    probe_startup: bool,
}

impl App {
    pub fn new(cc: &eframe::CreationContext, opts: AppOptions) -> App {
        fonts::install(&cc.egui_ctx);
        fonts::style(&cc.egui_ctx);
        // Ctrl + / Ctrl − are ours, so the chosen size is remembered.
        cc.egui_ctx.options_mut(|o| o.zoom_with_keyboard = false);
        let settings = Settings::load(cc.storage);
        let mut app = App {
            editor: None,
            start: StartForm::default(),
            recent_files: None,
            settings,
            dialogs: opts.dialogs,
            data_dir: opts.data_dir,
            alert: None,
            document: None,
            reading: None,
            location_warning: None,
            close_question: None,
            title: String::new(),
            zoom_applied: 0.0,
            open_folders: opts.open_folders,
            probe_startup: std::env::var_os("HYOKASHO_STARTUP_PROBE").is_some(),
        };
        if let Some(path) = opts.open {
            app.open(&cc.egui_ctx, &path);
        }
        app
    }

    /// Opens an assessment file for editing; on failure, says why on the start screen.
    pub fn open(&mut self, ctx: &egui::Context, path: &FsPath) {
        let opened = Store::open(path).and_then(|store| {
            let doc = store.load_draft()?;
            Ok((store, doc))
        });
        match opened {
            Ok((store, doc)) => {
                // A repair made on opening (an interrupted save rolled back, a foreign journal
                // set aside) is said once, in words a 職員 understands.
                let told: Vec<String> = store.notices().iter().map(messages::notice).collect();
                self.start_editor(ctx, store, doc);
                if !told.is_empty() {
                    self.alert = Some(told.join("\n\n"));
                }
            }
            Err(e) => self.alert = Some(messages::japanese(&e.into())),
        }
    }

    fn start_editor(&mut self, ctx: &egui::Context, store: Store, doc: Assessment) {
        self.settings.remember(store.path());
        self.location_warning = crate::location::risk(store.path()).map(messages::location);
        let ctx = ctx.clone();
        let mut editor = Editor::new(store, doc, move || ctx.request_repaint());
        editor.set_variants(&self.settings.variants);
        self.editor = Some(Box::new(editor));
    }

    /// Creates a new file holding `doc` and opens it.
    fn create_with(&mut self, ctx: &egui::Context, path: &FsPath, doc: Assessment) {
        let created = Store::create_holding(path, &doc);
        match created {
            Ok(store) => self.start_editor(ctx, store, doc),
            Err(e) => self.alert = Some(messages::japanese(&e.into())),
        }
    }

    fn create(&mut self, ctx: &egui::Context, title: &str, body: &str) {
        let mut doc = Assessment::new(form::current());
        let mut edits = vec![Edit::Value { path: Path::top(ids::COVER_TITLE), entry: Some(Entry::text(title)) }];
        if !body.is_empty() {
            edits.push(Edit::Value { path: Path::top(ids::COVER_BODY), entry: Some(Entry::text(body)) });
        }
        if let Err(e) = doc.apply(edits) {
            self.alert = Some(messages::japanese(&e.into()));
            return;
        }
        let suggested = start::file_name_for(title);
        if self.dialogs.available() {
            if let Some(path) = self.dialogs.save_assessment(&suggested) {
                self.create_with(ctx, &path, doc);
            }
            return;
        }
        // No file dialog on this PC: the folder typed in the 新規作成 box (the documents folder
        // unless changed), and the 評価書名 as the file name.
        let folder = match self.start.folder.trim() {
            "" => start::default_folder(),
            typed => start::expand_home(typed),
        };
        self.create_with(ctx, &folder.join(&suggested), doc);
    }

    /// Reads an existing 評価書 and shows what was read; nothing is written yet.
    fn read_document(&mut self, ctx: &egui::Context, path: &FsPath) {
        let (tx, rx) = std::sync::mpsc::channel();
        let (source, ctx) = (path.to_owned(), ctx.clone());
        let spawned = std::thread::Builder::new().name("hyokasho-import".into()).spawn(move || {
            let _ = tx.send(import::DocumentRead::read(&source));
            ctx.request_repaint();
        });
        match spawned {
            Ok(_) => self.reading = Some((path.to_owned(), rx)),
            // No thread to be had: read here, the window waits.
            Err(_) => match import::DocumentRead::read(path) {
                Ok(read) => self.document = Some(read),
                Err(message) => self.alert = Some(message),
            },
        }
    }

    /// The document being read, once it is: its report, or why it cannot be read. Meanwhile a
    /// note says what is being read.
    fn poll_reading(&mut self, ctx: &egui::Context) {
        let Some((path, rx)) = &self.reading else { return };
        match rx.try_recv() {
            Ok(result) => {
                self.reading = None;
                match result {
                    Ok(read) => self.document = Some(read),
                    Err(message) => self.alert = Some(message),
                }
            }
            Err(std::sync::mpsc::TryRecvError::Empty) => {
                let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                // A still note, not a spinner: the reading thread asks for the repaint when done.
                egui::Modal::new(egui::Id::unique("document-reading")).show(ctx, |ui| {
                    ui.label(format!("{name} を読み取っています…（長いPDFでは数秒かかります）"));
                });
            }
            Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                self.reading = None;
                self.alert = Some("文書を読み取れませんでした。もう一度お試しください。".into());
            }
        }
    }

    /// Makes a new assessment file of what was read, where the user says (or, on a PC with no
    /// file dialog, beside the document read), never over an existing file.
    fn create_from_document(&mut self, ctx: &egui::Context, read: import::DocumentRead) {
        let title = read.reading.doc.text(&Path::top(ids::COVER_TITLE)).trim().to_owned();
        let suggested = start::file_name_for(if title.is_empty() { "評価書" } else { &title });
        let path = match self.dialogs.available() {
            true => self.dialogs.save_assessment(&suggested),
            false => Some(read.source.with_file_name(&suggested)),
        };
        let Some(path) = path else { return };
        if path.exists() {
            self.alert =
                Some(format!("{} は既にあります。上書きはしません。別の名前で保存してください。", path.display()));
            return;
        }
        self.create_with(ctx, &path, read.reading.doc);
        if self.editor.is_some() {
            self.alert = Some(
                "読み込んだ内容で評価書ファイルを作りました。非公開にする部分と別添1の図は、改めて指定してください。"
                    .into(),
            );
        }
    }

    /// Opens a fresh copy of the sample in the data folder.
    fn open_sample(&mut self, ctx: &egui::Context) {
        let dir = self.data_dir.join("samples");
        if let Err(e) = std::fs::create_dir_all(&dir) {
            self.alert = Some(messages::japanese(&Error::Write { path: dir.display().to_string(), source: e }));
            return;
        }
        let stamp = jiff::ZonedDateTime::now().strftime("%Y%m%d-%H%M%S").to_string();
        let mut path = dir.join(format!("{SAMPLE_NAME}_{stamp}.hyoka"));
        for n in 2.. {
            if !path.exists() {
                break;
            }
            path = dir.join(format!("{SAMPLE_NAME}_{stamp}_{n}.hyoka"));
        }
        match ron_io::import(SAMPLE) {
            Ok(doc) => self.create_with(ctx, &path, doc),
            Err(e) => self.alert = Some(format!("サンプルを読み込めません（{e}）。")),
        }
    }

    /// PDF出力 / Excel出力: ask where, write it, then show the folder.
    fn export_output(&mut self, kind: ExportKind) {
        let Some(ed) = &mut self.editor else { return };
        let stem = ed.file().file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "評価書".into());
        let suffix = match kind {
            ExportKind::Review => "_点検用",
            ExportKind::Public => "_公表用",
            ExportKind::Comparison => "_比較表_点検用",
            ExportKind::ComparisonPublic => "_比較表_公表用",
            ExportKind::Workbook => "_点検用",
            ExportKind::WorkbookPublic => "_公表用",
            ExportKind::Questions => "_質問事項と回答_点検用",
            ExportKind::QuestionsPublic => "_質問事項と回答_公表用",
            ExportKind::CommitteeReport => "_部会報告書案",
            ExportKind::Opinions => "_市民意見の概要_点検用",
            ExportKind::OpinionsPublic => "_市民意見の概要_公表用",
        };
        let (ext, what) = if kind.is_workbook() { ("xlsx", "Excelファイル") } else { ("pdf", "PDF") };
        let from_draft = ed.viewing.is_none();
        let name = format!("{stem}{suffix}.{ext}");
        let target = if self.dialogs.available() {
            self.dialogs.save_output(&name)
        } else {
            // No file dialog on this PC: next to the assessment file.
            Some(ed.file().with_file_name(&name))
        };
        let Some(target) = target else { return };
        self.alert = Some(match ed.write_export(&target, kind) {
            Ok(()) => {
                if self.open_folders {
                    open_folder(&target);
                }
                let mut done = format!("{what}を保存しました：{}", target.display());
                if matches!(kind, ExportKind::Public | ExportKind::WorkbookPublic | ExportKind::QuestionsPublic)
                    && from_draft
                {
                    done.push_str(&format!("\n\n注意：確定していない下書きから公表用{what}を作りました。公表する{what}は、「版の管理」で段階「公表」として確定した版を開いてから作ってください。"));
                }
                done
            }
            Err(e) => e,
        });
    }

    /// 質問事項の表: ask where to write it or which to read; reading shows what it would do first
    /// (`Editor::plan_question_sheet`). Without a file dialog, 質問事項.xlsx / .csv beside the
    /// assessment.
    fn question_sheet(&mut self, request: editor::questions::SheetRequest) {
        use editor::questions::SheetRequest;
        let Some(ed) = &mut self.editor else { return };
        let stem = ed.file().file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "評価書".into());
        match request {
            SheetRequest::Export(kind) => {
                let name = format!("{stem}_質問事項.{}", kind.extension());
                let target = if self.dialogs.available() {
                    self.dialogs.save_output(&name)
                } else {
                    Some(ed.file().with_file_name(&name))
                };
                let Some(target) = target else { return };
                self.alert = Some(match ed.write_question_sheet(&target, kind) {
                    Ok(done) => {
                        if self.open_folders {
                            open_folder(&target);
                        }
                        done
                    }
                    Err(e) => e,
                });
            }
            SheetRequest::Import => {
                let source = if self.dialogs.available() {
                    self.dialogs.pick_sheet()
                } else {
                    beside(ed.file(), &["質問事項.xlsx", "質問事項.csv"]).map_err(|dir| {
                        self.alert = Some(format!(
                            "ファイルを選ぶ画面を表示できないため、評価書と同じフォルダーにある「質問事項.xlsx」か「質問事項.csv」を読み込みます。そのファイルがありません（{}）。",
                            dir.display()
                        ));
                    }).ok()
                };
                let Some(source) = source else { return };
                if let Err(e) = ed.plan_question_sheet(&source) {
                    self.alert = Some(e);
                }
            }
        }
    }

    /// 画像を添付: ask for the file (or, with no file dialog here, take 業務全体図.png/.jpg from the
    /// assessment's folder), read it and attach it; every failure is explained.
    fn attach_image(&mut self, item: Path) {
        let Some(ed) = &mut self.editor else { return };
        let file = if self.dialogs.available() {
            self.dialogs.pick_image()
        } else {
            beside(ed.file(), &["業務全体図.png", "業務全体図.jpg", "業務全体図.jpeg"])
                .map_err(|dir| {
                    self.alert = Some(format!(
                        "この端末ではファイルを選ぶ画面を表示できません。画像を「業務全体図.png」（又は .jpg）という名前で {} に置いてから、もう一度「画像を添付…」を押してください。",
                        dir.display()
                    ));
                })
                .ok()
        };
        let Some(file) = file else { return };
        match crate::fsio::read_bounded(&file, crate::doc::MAX_IMAGE_BYTES as u64) {
            Ok(bytes)
                if crate::doc::ImageFormat::of(&bytes).is_some() && crate::doc::check_picture(&bytes).is_err() =>
            {
                self.alert = Some(format!(
                    "{} は途中で切れているか壊れていて、表示も印刷もできません。元の画像を開いて保存し直してから添付してください。",
                    file.display()
                ));
            }
            Ok(bytes) => ed.attach_image(item, bytes),
            Err(crate::fsio::FsError::TooLarge { bytes, max, .. }) => {
                self.alert = Some(format!(
                    "画像は{}MBあり、上限の{}MBを超えています。解像度を下げて保存し直してから添付してください。",
                    bytes.div_ceil(1024 * 1024),
                    max / (1024 * 1024)
                ))
            }
            Err(e) => self.alert = Some(messages::japanese(&e.into())),
        }
    }

    fn close_editor(&mut self) -> bool {
        let Some(ed) = &mut self.editor else { return true };
        self.settings.variants = ed.threshold.variants.clone();
        if let Some(msg) = ed.close() {
            self.alert = Some(format!("{msg}\n最後の変更を保存できませんでした。"));
        }
        self.editor = None;
        self.location_warning = None;
        // The start screen comes back clean: a new 評価書名 is not prefilled with the last one,
        // and the recent files are read again.
        self.start = StartForm::default();
        self.recent_files = None;
        true
    }

    fn shortcuts(&mut self, ctx: &egui::Context) {
        let shortcut = |m, k| KeyboardShortcut::new(m, k);
        let (redo_shift, undo, redo, find, bigger, bigger2, smaller, reset) = ctx.input_mut(|i| {
            (
                i.consume_shortcut(&shortcut(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z)),
                i.consume_shortcut(&shortcut(Modifiers::COMMAND, Key::Z)),
                i.consume_shortcut(&shortcut(Modifiers::COMMAND, Key::Y)),
                i.consume_shortcut(&shortcut(Modifiers::COMMAND, Key::F)),
                i.consume_shortcut(&shortcut(Modifiers::COMMAND, Key::Plus)),
                i.consume_shortcut(&shortcut(Modifiers::COMMAND, Key::Equals)),
                i.consume_shortcut(&shortcut(Modifiers::COMMAND, Key::Minus)),
                i.consume_shortcut(&shortcut(Modifiers::COMMAND, Key::Num0)),
            )
        });
        if bigger || bigger2 {
            self.settings.zoom_by(1);
        }
        if smaller {
            self.settings.zoom_by(-1);
        }
        if reset {
            self.settings.zoom = 1.0;
        }
        if let Some(ed) = &mut self.editor {
            if undo {
                ed.undo();
            }
            if redo || redo_shift {
                ed.redo();
            }
            if find {
                ed.search.open = true;
                ed.search.focus = true;
            }
        }
    }

    /// Closing the window: never with a question unanswered, never with an unsaved change.
    fn handle_close(&mut self, ctx: &egui::Context) {
        if !ctx.input(|i| i.viewport().close_requested()) {
            return;
        }
        let Some(ed) = &self.editor else { return };
        let problem = if let Some(open) = ed.open_dialog_name() {
            Some(format!(
                "{open}の確認が開いています。入力した内容はすべて保存されています。「戻る」でその確認に戻るか、「終了する」で確認を取りやめて終了してください。"
            ))
        } else {
            ed.save_error.as_ref().map(|e| {
                format!("{e}\n保存できていない変更があります。「戻る」で保存できるまで待つか、「終了する」でその変更を破棄して終了してください。")
            })
        };
        match problem {
            Some(msg) => {
                // Asked, with both answers on the buttons; never closed behind the user's back.
                ctx.send_viewport_cmd(ViewportCommand::CancelClose);
                self.close_question = Some(msg);
            }
            None => {
                self.close_editor();
            }
        }
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let title = match &self.editor {
            Some(ed) => {
                let saved = ed.saved_at.map(|t| format!("（保存済み {}）", t.strftime("%H:%M:%S"))).unwrap_or_default();
                let version = ed.viewing.map(|n| format!(" — 第{n}版（読み取り専用）")).unwrap_or_default();
                format!("{}{version}{saved} — hyokasho", ed.file_name())
            }
            None => "hyokasho — 特定個人情報保護評価書".to_owned(),
        };
        if title != self.title {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.title = title;
        }
    }
}

/// Enter and Esc as a dialog reads them (the default button, and cancel). They are consumed, so
/// one press answers one dialog.
pub fn dialog_keys(ctx: &egui::Context) -> (bool, bool) {
    ctx.input_mut(|i| {
        (
            i.consume_key(egui::Modifiers::NONE, egui::Key::Enter),
            i.consume_key(egui::Modifiers::NONE, egui::Key::Escape),
        )
    })
}

/// The warning that the open file is somewhere unsafe for it, on a band under the toolbar.
fn location_banner(ui: &mut egui::Ui, warning: &mut Option<String>) {
    let Some(text) = warning.as_deref() else { return };
    let mut hide = false;
    egui::Frame::new().fill(egui::Color32::from_rgb(255, 243, 205)).inner_margin(6.0).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(egui::RichText::new(format!("注意：{text}")).color(egui::Color32::from_rgb(120, 60, 0)));
        hide = ui.button("この注意を隠す").clicked();
    });
    if hide {
        *warning = None;
    }
}

/// Shows the folder holding a written file in the system's file manager.
fn open_folder(file: &FsPath) {
    let Some(dir) = file.parent() else { return };
    let program = if cfg!(windows) {
        "explorer"
    } else if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    // Best effort: the message already says where the PDF is.
    let _ = std::process::Command::new(program).arg(dir).spawn();
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        self.shortcuts(&ctx);
        if self.zoom_applied != self.settings.zoom {
            ctx.set_zoom_factor(self.settings.zoom);
            self.zoom_applied = self.settings.zoom;
        }
        self.handle_close(&ctx);
        // Enter and Esc go to the topmost dialog only: the window's own question or message
        // (drawn last, on top) takes them before the editor's dialogs can.
        let app_keys = match self.alert.is_some() || self.close_question.is_some() {
            true => dialog_keys(&ctx),
            false => (false, false),
        };
        if let Some(msg) = editor::clean_typed_text(&ctx) {
            match &mut self.editor {
                Some(ed) => ed.notice = Some(msg),
                None => self.alert = Some(msg),
            }
        }
        if let Some(ed) = &mut self.editor {
            ed.poll();
            ed.refresh_counts(&ctx);
            ed.refresh_diagram();
            let mut toolbar = Default::default();
            egui::Panel::top("toolbar").show(ui, |ui| {
                toolbar = ed.toolbar(ui);
                ed.search_bar(ui);
                location_banner(ui, &mut self.location_warning);
            });
            egui::Panel::bottom("status").show(ui, |ui| ed.status_bar(ui));
            egui::Panel::left("nav")
                .resizable(true)
                // Wide enough for 「Ⅲ特定個人情報ファイルの取扱いプロセスにおけるリスク対策」 to show
                // most of its words; longer names end in 「…」 and show whole on hover.
                .default_size(340.0)
                .size_range(200.0..=480.0)
                .show(ui, |ui| ed.nav_panel(ui));
            egui::Panel::right("guidance")
                .resizable(true)
                .default_size(280.0)
                .size_range(200.0..=420.0)
                .show(ui, |ui| ed.guidance_panel(ui));
            egui::CentralPanel::default().show(ui, |ui| ed.page_ui(ui));
            ed.dialogs(&ctx);
            if toolbar.zoom_in {
                self.settings.zoom_by(1);
            }
            if toolbar.zoom_out {
                self.settings.zoom_by(-1);
            }
            let sheet = ed.sheet_request.take();
            let image = ed.image_request.take();
            let export = toolbar.export.or_else(|| ed.export_request.take());
            if let Some(item) = image {
                self.attach_image(item);
            }
            if let Some(request) = sheet {
                self.question_sheet(request);
            }
            if let Some(kind) = export {
                self.export_output(kind);
            }
            if toolbar.close {
                self.close_editor();
            }
        } else {
            let available = self.dialogs.available();
            let recent = self
                .recent_files
                .get_or_insert_with(|| self.settings.recent.iter().map(|p| start::RecentFile::read(p)).collect())
                .clone();
            let action =
                egui::CentralPanel::default().show(ui, |ui| start::show(ui, &mut self.start, &recent, available)).inner;
            match action {
                Some(StartAction::Create { title, body }) => self.create(&ctx, &title, &body),
                Some(StartAction::PickFile) => {
                    if let Some(p) = self.dialogs.pick_assessment() {
                        self.open(&ctx, &p);
                    }
                }
                Some(StartAction::Open(p)) => self.open(&ctx, &p),
                Some(StartAction::OpenSample) => self.open_sample(&ctx),
                Some(StartAction::ReadDocument(typed)) => {
                    if let Some(p) = typed.or_else(|| self.dialogs.pick_document()) {
                        self.read_document(&ctx, &p);
                    }
                }
                None => {}
            }
        }
        self.poll_reading(&ctx);
        if let Some(answer) = self.document.as_mut().and_then(|d| d.show(&ctx)) {
            let read = self.document.take();
            if let (import::Answer::Create, Some(read)) = (answer, read) {
                self.create_from_document(&ctx, read);
            }
        }
        if let Some(msg) = self.alert.clone() {
            egui::Modal::new(egui::Id::unique("alert")).show(&ctx, |ui| {
                ui.set_max_width(520.0);
                ui.label(msg);
                let (enter, esc) = app_keys;
                if ui.button("OK").clicked() || enter || esc {
                    self.alert = None;
                }
            });
        }
        if let Some(msg) = self.close_question.clone() {
            let mut answer = None;
            egui::Modal::new(egui::Id::unique("close-question")).show(&ctx, |ui| {
                ui.set_max_width(520.0);
                ui.heading("終了の確認");
                ui.label(msg);
                let (enter, esc) = app_keys;
                ui.horizontal(|ui| {
                    // The safe answer is the default one here.
                    if ui.add(egui::Button::new(egui::RichText::new("戻る").strong())).clicked() || enter || esc {
                        answer = Some(false);
                    }
                    if ui.button("終了する").clicked() {
                        answer = Some(true);
                    }
                });
            });
            match answer {
                Some(true) => {
                    self.close_question = None;
                    self.close_editor();
                    ctx.send_viewport_cmd(ViewportCommand::Close);
                }
                Some(false) => self.close_question = None,
                None => {}
            }
        }
        self.update_title(&ctx);
        if self.probe_startup {
            let ms = STARTED.get().map_or(0.0, |s| s.elapsed().as_secs_f64() * 1000.0);
            println!("first frame after {ms:.1} ms");
            self.probe_startup = false;
            ctx.send_viewport_cmd(ViewportCommand::Close);
        }
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        if let Some(ed) = &self.editor {
            self.settings.variants = ed.threshold.variants.clone();
        }
        self.settings.store(storage);
    }

    fn on_exit(&mut self) {
        self.close_editor();
    }
}

/// Where no file dialog can be shown: the first of `names` that exists in the assessment's
/// folder, or that folder (to tell the user where to put the file).
fn beside(assessment: &std::path::Path, names: &[&str]) -> Result<PathBuf, PathBuf> {
    let dir = assessment.parent().map(std::path::Path::to_path_buf).unwrap_or_default();
    names.iter().map(|n| dir.join(n)).find(|p| p.exists()).ok_or(dir)
}
