//! What the program remembers between runs: text size and recently opened files.

use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

const KEY: &str = "hyokasho-settings";
const RECENT_MAX: usize = 8;
pub const ZOOM_MIN: f32 = 0.8;
pub const ZOOM_MAX: f32 = 2.0;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// Scale of the whole window (Ctrl + / Ctrl −); many users need larger text.
    pub zoom: f32,
    pub recent: Vec<PathBuf>,
    /// The user's own groups of words the 事前点検 treats as one term (one group per line).
    pub variants: String,
}

impl Default for Settings {
    fn default() -> Self {
        Settings { zoom: 1.0, recent: Vec::new(), variants: String::new() }
    }
}

impl Settings {
    pub fn load(storage: Option<&dyn eframe::Storage>) -> Settings {
        let mut s: Settings = storage.and_then(|st| eframe::get_value(st, KEY)).unwrap_or_default();
        s.zoom = s.zoom.clamp(ZOOM_MIN, ZOOM_MAX);
        s
    }

    pub fn store(&self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, KEY, self);
    }

    pub fn remember(&mut self, path: &Path) {
        self.recent.retain(|p| p != path);
        self.recent.insert(0, path.to_owned());
        self.recent.truncate(RECENT_MAX);
    }

    /// One step larger or smaller text (10 % per step).
    pub fn zoom_by(&mut self, steps: i32) {
        self.zoom = ((self.zoom * 10.0).round() + steps as f32) / 10.0;
        self.zoom = self.zoom.clamp(ZOOM_MIN, ZOOM_MAX);
    }
}
