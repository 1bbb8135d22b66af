//! hyokasho: drafting, reviewing and publishing 特定個人情報保護評価書（全項目評価書）.
//!
//! The form is data (`form`); an assessment is values keyed by item path (`doc`); it lives in
//! one SQLite file (`store`) and travels as RON (`ron_io`). The CLI and GUI only call these.

pub mod chars;
pub mod check;
pub mod cli;
pub mod content;
pub mod diff;
pub mod doc;
pub mod flows;
pub mod form;
pub mod fsio;
pub mod gui;
pub mod import_doc;
pub mod location;
pub mod messages;
pub mod pdf;
pub mod review;
pub mod ron_io;
pub mod store;
pub mod xlsx;
