//! Benchmarks of the file operations a user waits for, on the みどり市 sample.
//! Targets (issue 3): open < 20 ms, one edit < 5 ms, freeze < 10 ms.
//!
//! Run: `cargo bench --bench store`

use hyokasho::doc::{Edit, Entry, Path};
use hyokasho::form::ids;
use hyokasho::ron_io;
use hyokasho::store::{Stage, Store};
use std::path::PathBuf;

const SAMPLE: &str = include_str!("../assessments/midori-jidoteate-r7.ron");

mod support;

fn main() {
    divan::main();
}

/// A fresh `.hyoka` holding the sample, in a temporary folder kept alive with it.
fn sample_file() -> (tempfile::TempDir, PathBuf) {
    file_holding(&ron_io::import(SAMPLE).unwrap())
}

fn file_holding(doc: &hyokasho::doc::Assessment) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("midori.hyoka");
    Store::create_holding(&path, doc).unwrap().close().unwrap();
    (dir, path)
}

/// Open and read an assessment ten times the sample (20 files).
#[divan::bench(sample_count = 20)]
fn open_ten_times_the_sample(bencher: divan::Bencher) {
    let (_dir, path) = file_holding(&support::ten_times(&ron_io::import(SAMPLE).unwrap()));
    bencher.bench_local(|| {
        let store = Store::open(&path).unwrap();
        let doc = store.load_draft().unwrap();
        store.close().unwrap();
        doc
    });
}

/// 事前点検 of an assessment ten times the sample.
#[divan::bench(sample_count = 20)]
fn check_ten_times_the_sample(bencher: divan::Bencher) {
    let doc = support::ten_times(&ron_io::import(SAMPLE).unwrap());
    let options = hyokasho::check::Options::default();
    bencher.bench_local(|| hyokasho::check::check(&doc, &options));
}

/// Open the file, take its lock and read the whole draft (what the GUI does at start).
#[divan::bench]
fn open_sample(bencher: divan::Bencher) {
    let (_dir, path) = sample_file();
    bencher.bench_local(|| {
        let store = Store::open(&path).unwrap();
        let doc = store.load_draft().unwrap();
        store.close().unwrap();
        doc
    });
}

/// One keystroke's autosave: a long answer rewritten in one transaction, durably.
#[divan::bench]
fn save_one_edit(bencher: divan::Bencher) {
    let (_dir, path) = sample_file();
    let mut store = Store::open(&path).unwrap();
    let base = "児童手当法に基づき、児童を養育する父母等に児童手当を支給する。".repeat(10);
    let mut i = 0u64;
    bencher.bench_local(|| {
        i += 1;
        let text = format!("{base}{i}");
        let edit = Edit::Value { path: Path::top(ids::I_TASK_CONTENT), entry: Some(Entry::text(&text)) };
        store.save(&[edit]).unwrap();
    });
}

/// Freeze the draft as a new version (read, canonicalise, hash, insert).
#[divan::bench]
fn freeze_version(bencher: divan::Bencher) {
    let (_dir, path) = sample_file();
    let mut store = Store::open(&path).unwrap();
    bencher.bench_local(|| store.freeze(Stage::Precheck, "").unwrap());
}

#[divan::bench]
fn export_ron(bencher: divan::Bencher) {
    let doc = ron_io::import(SAMPLE).unwrap();
    bencher.bench_local(|| ron_io::export(&doc));
}

#[divan::bench]
fn import_ron(bencher: divan::Bencher) {
    bencher.bench_local(|| ron_io::import(SAMPLE).unwrap());
}

/// 事前点検 of the whole sample (issue 8 target: < 20 ms, so it can run as the user types).
#[divan::bench]
fn check_sample(bencher: divan::Bencher) {
    let doc = ron_io::import(SAMPLE).unwrap();
    let options = hyokasho::check::Options::default();
    bencher.bench_local(|| hyokasho::check::check(&doc, &options));
}
