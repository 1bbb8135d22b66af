//! File dialogs behind a small trait, so tests never open a real dialog.

use std::path::PathBuf;

pub trait FileDialogs {
    /// Whether native dialogs can be shown here. On Linux rfd needs xdg-desktop-portal or
    /// zenity at run time; without them the user types a path instead.
    fn available(&self) -> bool;
    fn pick_assessment(&self) -> Option<PathBuf>;
    /// Asks where to save a new file, suggesting `name`.
    fn save_assessment(&self, name: &str) -> Option<PathBuf>;
    /// Asks where to save an output (a PDF, or an Excel workbook when `name` ends in .xlsx),
    /// suggesting `name`.
    fn save_output(&self, name: &str) -> Option<PathBuf>;
    /// Asks for a picture (PNG or JPEG) to attach.
    fn pick_image(&self) -> Option<PathBuf>;
    /// Asks for a 質問事項 sheet (.xlsx or .csv) to read.
    fn pick_sheet(&self) -> Option<PathBuf>;
    /// Asks for an existing 評価書 (Excel, Word or PDF) to read into a new assessment.
    fn pick_document(&self) -> Option<PathBuf>;
}

/// The real dialogs (rfd).
pub struct Native;

impl FileDialogs for Native {
    fn available(&self) -> bool {
        native_dialogs_available()
    }

    fn pick_assessment(&self) -> Option<PathBuf> {
        rfd::FileDialog::new().add_filter("評価書ファイル", &["hyoka"]).set_title("評価書ファイルを開く").pick_file()
    }

    fn save_assessment(&self, name: &str) -> Option<PathBuf> {
        Native::save("評価書ファイル", "hyoka", "評価書ファイルの保存先", name)
    }

    fn save_output(&self, name: &str) -> Option<PathBuf> {
        if name.ends_with(".xlsx") {
            Native::save("Excel ブック", "xlsx", "Excelファイルの保存先", name)
        } else if name.ends_with(".csv") {
            Native::save("CSV", "csv", "CSVファイルの保存先", name)
        } else {
            Native::save("PDF", "pdf", "PDFの保存先", name)
        }
    }

    fn pick_sheet(&self) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .add_filter("質問事項の表（Excel・CSV）", &["xlsx", "csv"])
            .set_title("読み込む質問事項の表")
            .pick_file()
    }

    fn pick_document(&self) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .add_filter("評価書（Excel・Word・PDF）", &["xlsx", "xls", "xlsm", "ods", "docx", "pdf"])
            .set_title("読み込む既存の評価書")
            .pick_file()
    }

    fn pick_image(&self) -> Option<PathBuf> {
        rfd::FileDialog::new()
            .add_filter("画像（PNG・JPEG）", &["png", "jpg", "jpeg"])
            .set_title("添付する業務全体図の画像")
            .pick_file()
    }
}

/// A message box for an error no window of ours can show (the system's own dialog).
pub fn error_box(message: &str) {
    rfd::MessageDialog::new()
        .set_level(rfd::MessageLevel::Error)
        .set_title("hyokasho")
        .set_description(message)
        .set_buttons(rfd::MessageButtons::Ok)
        .show();
}

impl Native {
    fn save(filter: &str, ext: &str, title: &str, name: &str) -> Option<PathBuf> {
        let path =
            rfd::FileDialog::new().add_filter(filter, &[ext]).set_title(title).set_file_name(name).save_file()?;
        Some(if path.extension().is_some() { path } else { path.with_extension(ext) })
    }
}

#[cfg(target_os = "linux")]
fn native_dialogs_available() -> bool {
    let on_path = |name: &str| {
        std::env::var_os("PATH").is_some_and(|p| std::env::split_paths(&p).any(|d| d.join(name).is_file()))
    };
    let portal = std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
        && ["/usr/libexec/xdg-desktop-portal", "/usr/lib/xdg-desktop-portal"]
            .iter()
            .any(|p| std::path::Path::new(p).exists());
    portal || on_path("zenity")
}

#[cfg(not(target_os = "linux"))]
fn native_dialogs_available() -> bool {
    true
}
