//! The start screen: 新規作成, 開く, recent files, サンプルを開く, and typing a path when no file
//! dialog can be shown.

use egui::{RichText, Ui};
use std::path::{Path, PathBuf};

#[derive(Default)]
pub struct StartForm {
    pub title: String,
    pub body: String,
    pub typed_path: String,
    /// Where a new file goes when this PC has no file dialog (prefilled with the documents folder).
    pub folder: String,
}

/// A recently opened file as the start screen lists it: what it is, not only where.
#[derive(Debug, Clone)]
pub struct RecentFile {
    pub path: PathBuf,
    /// 評価書名 and 評価実施機関名; None when the file cannot be read now (moved, in use).
    pub names: Option<(String, String)>,
    /// The file's last change, in 和暦 and local time.
    pub changed: Option<String>,
}

impl RecentFile {
    /// Reads the names and the time of the last change (the file is only read).
    pub fn read(path: &Path) -> RecentFile {
        use crate::doc::Path as ItemPath;
        use crate::form::ids;
        // A file with a journal beside it is left for the user to open, who is then told what
        // was repaired; listing it must not repair it silently.
        let journal = PathBuf::from(format!("{}-journal", path.display()));
        let names =
            (!journal.exists()).then(|| crate::store::Store::open_read_only(path).ok()).flatten().and_then(|store| {
                let doc = store.load_draft().ok()?;
                let _ = store.close();
                Some((
                    doc.text(&ItemPath::top(ids::COVER_TITLE)).to_owned(),
                    doc.text(&ItemPath::top(ids::COVER_BODY)).to_owned(),
                ))
            });
        let changed = std::fs::metadata(path).and_then(|m| m.modified()).ok().and_then(|t| {
            let ts = jiff::Timestamp::try_from(t).ok()?;
            Some(crate::doc::date::moment_wareki(&ts.to_string()))
        });
        RecentFile { path: path.to_owned(), names, changed }
    }
}

/// The folder a new assessment is suggested in: the user's documents folder, else home.
pub fn default_folder() -> PathBuf {
    let home = std::env::var_os(if cfg!(windows) { "USERPROFILE" } else { "HOME" }).map(PathBuf::from);
    let home = home.unwrap_or_else(std::env::temp_dir);
    let documents = home.join("Documents");
    if documents.is_dir() { documents } else { home }
}

/// A typed path with a leading 「~」 read as the home folder, as a shell would.
pub fn expand_home(typed: &str) -> PathBuf {
    let home = std::env::var_os(if cfg!(windows) { "USERPROFILE" } else { "HOME" }).map(PathBuf::from);
    match (typed.strip_prefix("~/").or_else(|| typed.strip_prefix("~\\")), home) {
        (Some(rest), Some(home)) => home.join(rest),
        _ => PathBuf::from(typed),
    }
}

/// The file name suggested for a new assessment: its 評価書名, without characters Windows forbids.
pub fn file_name_for(title: &str) -> String {
    format!("{}.hyoka", title.trim().replace(['/', '\\', ':', '*', '?', '"', '<', '>', '|'], "_"))
}

/// What the user chose on the start screen.
pub enum StartAction {
    Create {
        title: String,
        body: String,
    },
    PickFile,
    Open(PathBuf),
    OpenSample,
    /// Read an existing 評価書 (Excel, Word, PDF): picked in a dialog (`None`) or typed.
    ReadDocument(Option<PathBuf>),
}

/// Whether a typed path names a document to read in rather than an assessment to open.
fn is_document(path: &Path) -> bool {
    let ext = path.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    ["xlsx", "xls", "xlsm", "ods", "docx", "pdf"].contains(&ext.as_str())
}

pub fn show(ui: &mut Ui, form: &mut StartForm, recent: &[RecentFile], dialogs_available: bool) -> Option<StartAction> {
    let mut action = None;
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.add_space(12.0);
        ui.heading(RichText::new("特定個人情報保護評価書（全項目評価書）の作成").size(26.0));
        ui.label("評価書を項目ごとに案内しながら作成します。入力した内容は自動で保存されます。");
        ui.add_space(16.0);

        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(560.0);
            ui.label(RichText::new("新規作成").strong().size(18.0));
            egui::Grid::new("new").num_columns(2).show(ui, |ui| {
                let l = ui.label("評価書名");
                ui.add(egui::TextEdit::singleline(&mut form.title).hint_text("例：児童手当に関する事務 全項目評価書").desired_width(360.0))
                    .labelled_by(l.id);
                ui.end_row();
                let l = ui.label("評価実施機関名");
                ui.add(egui::TextEdit::singleline(&mut form.body).hint_text("例：みどり市長").desired_width(360.0)).labelled_by(l.id);
                ui.end_row();
                if !dialogs_available {
                    // No file dialog here: where to save is asked in this box, with a sensible
                    // default, instead of in the 開く box below.
                    if form.folder.is_empty() {
                        form.folder = default_folder().display().to_string();
                    }
                    let l = ui.label("保存するフォルダー");
                    ui.add(egui::TextEdit::singleline(&mut form.folder).desired_width(360.0)).labelled_by(l.id);
                    ui.end_row();
                }
            });
            if !dialogs_available && !form.title.trim().is_empty() {
                let file = Path::new(form.folder.trim()).join(file_name_for(&form.title));
                ui.weak(format!("保存先：{}", file.display()));
                if let Some(risk) = crate::location::risk(&file) {
                    ui.label(RichText::new(crate::messages::location(risk)).color(egui::Color32::from_rgb(180, 90, 0)));
                }
            }
            let ready = !form.title.trim().is_empty();
            let button = if dialogs_available { "作成して保存先を選ぶ…" } else { "作成する" };
            if ui.add_enabled(ready, egui::Button::new(button)).clicked() {
                action = Some(StartAction::Create { title: form.title.trim().to_owned(), body: form.body.trim().to_owned() });
            }
        });
        ui.add_space(10.0);

        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(560.0);
            ui.label(RichText::new("開く").strong().size(18.0));
            ui.horizontal(|ui| {
                if ui.add_enabled(dialogs_available, egui::Button::new("評価書ファイルを開く…")).clicked() {
                    action = Some(StartAction::PickFile);
                }
                if ui.button("サンプルを開く").on_hover_text("みどり市 児童手当の記入例のコピーを開きます（元のサンプルは変わりません）").clicked() {
                    action = Some(StartAction::OpenSample);
                }
                if ui
                    .add_enabled(dialogs_available, egui::Button::new("既存の評価書を読み込む…"))
                    .on_hover_text("様式で作ったExcel・Word・PDFの評価書を、項目ごとに読み取って新しい評価書ファイルにします。書き込む前に、読み取った内容を一覧で確かめられます。")
                    .clicked()
                {
                    action = Some(StartAction::ReadDocument(None));
                }
            });
            if !dialogs_available {
                ui.label(
                    RichText::new("このパソコンでは、ファイルを選ぶ画面を表示できません（画面の表示に必要な部品が入っていないためです。情報システム担当課に相談してください）。開くファイルの場所を下に入力してください。")
                        .color(egui::Color32::from_rgb(180, 90, 0)),
                );
            }
            ui.horizontal(|ui| {
                let l = ui.label("ファイルの場所");
                // An example in this system's own way of writing paths.
                let example =
                    if cfg!(windows) { r"C:\Users\（名前）\Documents\評価書.hyoka" } else { "/home/（名前）/Documents/評価書.hyoka" };
                let r = ui
                    .add(egui::TextEdit::singleline(&mut form.typed_path).hint_text(format!("例：{example}")).desired_width(340.0))
                    .labelled_by(l.id);
                let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if (ui.button("このファイルを開く").clicked() || enter) && !form.typed_path.trim().is_empty() {
                    // An Excel, Word or PDF 評価書 is read in, after a look at what was read.
                    let path = expand_home(form.typed_path.trim());
                    action = Some(match is_document(&path) {
                        true => StartAction::ReadDocument(Some(path)),
                        false => StartAction::Open(path),
                    });
                }
            });
            if !recent.is_empty() {
                ui.add_space(6.0);
                ui.label("最近使ったファイル");
                for r in recent {
                    let name = match &r.names {
                        Some((title, body)) if !title.is_empty() => {
                            if body.is_empty() { title.clone() } else { format!("{title}（{body}）") }
                        }
                        _ => r.path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default(),
                    };
                    ui.horizontal_wrapped(|ui| {
                        if ui.link(name).on_hover_text(r.path.display().to_string()).clicked() {
                            action = Some(StartAction::Open(r.path.clone()));
                        }
                        match (&r.names, &r.changed) {
                            (None, _) => ui.weak("（今は開けません：移動されたか、別の hyokasho で使用中です）"),
                            (_, Some(t)) => ui.weak(format!("最終変更 {t}")),
                            _ => ui.weak(""),
                        };
                    });
                    ui.weak(r.path.display().to_string());
                }
            }
        });
    });
    action
}
