//! The real app in a kittest harness, with file dialogs that answer with a fixed path.
#![allow(dead_code)]

use egui_kittest::Harness;
use hyokasho::gui::dialogs::FileDialogs;
use hyokasho::gui::{App, AppOptions};
use std::path::{Path as FsPath, PathBuf};
use std::time::{Duration, Instant};

/// Dialogs that answer with a fixed path, so no real dialog ever opens.
pub struct Fake(pub PathBuf);

impl FileDialogs for Fake {
    fn available(&self) -> bool {
        true
    }
    fn pick_assessment(&self) -> Option<PathBuf> {
        Some(self.0.clone())
    }
    fn save_assessment(&self, _name: &str) -> Option<PathBuf> {
        Some(self.0.clone())
    }
    fn save_output(&self, name: &str) -> Option<PathBuf> {
        let ext = std::path::Path::new(name).extension().unwrap_or_default();
        Some(self.0.with_extension(ext))
    }
    fn pick_image(&self) -> Option<PathBuf> {
        Some(self.0.with_extension("png"))
    }
    fn pick_sheet(&self) -> Option<PathBuf> {
        Some(self.0.with_extension("xlsx"))
    }
    fn pick_document(&self) -> Option<PathBuf> {
        Some(self.0.with_extension("xlsx"))
    }
}

pub fn harness(file: &FsPath, open: Option<PathBuf>) -> Harness<'static, App> {
    let file = file.to_owned();
    let data = file.parent().unwrap().join("data");
    Harness::builder()
        .with_size([1280.0, 900.0])
        // The save thread asks for a repaint after each save; let those settle too.
        .with_max_steps(64)
        .build_eframe(move |cc| {
            App::new(cc, AppOptions { open, dialogs: Box::new(Fake(file)), data_dir: data, open_folders: false })
        })
}

/// Steps the app until `done` holds (the save thread answers asynchronously).
pub fn wait_for(h: &mut Harness<'static, App>, what: &str, done: impl Fn(&App) -> bool) {
    let start = Instant::now();
    while !done(h.state()) {
        assert!(start.elapsed() < Duration::from_secs(10), "timed out waiting for {what}");
        std::thread::sleep(Duration::from_millis(10));
        h.step();
    }
    h.run();
}

/// A PC where no file dialog can be shown (no portal, no zenity): paths are typed.
pub struct NoDialogs;

impl FileDialogs for NoDialogs {
    fn available(&self) -> bool {
        false
    }
    fn pick_assessment(&self) -> Option<PathBuf> {
        None
    }
    fn save_assessment(&self, _name: &str) -> Option<PathBuf> {
        None
    }
    fn save_output(&self, _name: &str) -> Option<PathBuf> {
        None
    }
    fn pick_image(&self) -> Option<PathBuf> {
        None
    }
    fn pick_sheet(&self) -> Option<PathBuf> {
        None
    }
    fn pick_document(&self) -> Option<PathBuf> {
        None
    }
}

pub fn harness_without_dialogs(data: &FsPath) -> Harness<'static, App> {
    let data = data.to_owned();
    Harness::builder().with_size([1280.0, 900.0]).with_max_steps(64).build_eframe(move |cc| {
        App::new(cc, AppOptions { open: None, dialogs: Box::new(NoDialogs), data_dir: data, open_folders: false })
    })
}

/// Before a snapshot: waits until every save is reported, then clears the status bar's
/// 「保存済み 16:20:47」, which would differ on every run.
pub fn without_clock(h: &mut Harness<'static, App>) {
    h.state().editor.as_ref().unwrap().flush();
    for _ in 0..20 {
        h.state_mut().editor.as_mut().unwrap().saved_at = None;
        std::thread::sleep(Duration::from_millis(150));
        h.run();
        if h.state().editor.as_ref().unwrap().saved_at.is_none() {
            break;
        }
    }
}
