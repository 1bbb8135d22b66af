//! Frame-time and startup benchmarks of the real app (no window: egui_kittest drives it).
//! Targets (issue 4): frame on the longest page p95 < 4 ms; startup to first frame < 300 ms.
//!
//! Run: `cargo bench --bench gui`. The window's own startup under X is measured by
//! `benches/startup.sh` (it needs Xvfb).

use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;
use hyokasho::gui::dialogs::FileDialogs;
use hyokasho::gui::editor::Page;
use hyokasho::gui::{App, AppOptions};
use hyokasho::store::Store;
use std::path::PathBuf;
use std::time::{Duration, Instant};

mod support;

struct NoDialogs;

impl FileDialogs for NoDialogs {
    fn available(&self) -> bool {
        false
    }
    fn pick_assessment(&self) -> Option<PathBuf> {
        None
    }
    fn save_assessment(&self, _: &str) -> Option<PathBuf> {
        None
    }
    fn save_output(&self, _: &str) -> Option<PathBuf> {
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

fn sample_file(dir: &std::path::Path) -> PathBuf {
    let file = dir.join("midori.hyoka");
    let doc = hyokasho::ron_io::import(include_str!("../assessments/midori-jidoteate-r7.ron")).unwrap();
    Store::create_holding(&file, &doc).unwrap().close().unwrap();
    file
}

fn ten_times_file(dir: &std::path::Path) -> PathBuf {
    let file = dir.join("ten_times.hyoka");
    let doc = hyokasho::ron_io::import(include_str!("../assessments/midori-jidoteate-r7.ron")).unwrap();
    Store::create_holding(&file, &support::ten_times(&doc)).unwrap().close().unwrap();
    file
}

/// Every page of the navigation in turn, `frames` idle frames each after a few to settle:
/// prints the worst p95 and its page, and the worst page switch.
fn every_page(h: &mut Harness<'static, App>, what: &str, frames: usize) {
    let first = h.state_mut().editor.as_mut().unwrap().nav()[0].page.clone();
    h.state_mut().editor.as_mut().unwrap().goto(first);
    let (mut worst, mut worst_page, mut switches, mut pages) = (Vec::new(), String::new(), Vec::new(), 0);
    loop {
        pages += 1;
        for _ in 0..3 {
            frame(h);
        }
        let mut times: Vec<Duration> = (0..frames).map(|_| frame(h)).collect();
        times.sort();
        if worst.is_empty() || times[frames * 95 / 100] > worst[frames * 95 / 100] {
            worst_page = format!("{:?}", h.state_mut().editor.as_mut().unwrap().page);
            worst = times;
        }
        let ed = h.state_mut().editor.as_mut().unwrap();
        let before = ed.page.clone();
        ed.step_page(true);
        if ed.page == before {
            break;
        }
        switches.push(frame(h));
    }
    report(&format!("frame, {what}: worst page of {pages} ({worst_page})"), worst);
    report(&format!("frame right after a page switch, {what}, every page"), switches);
}

fn harness(file: PathBuf) -> Harness<'static, App> {
    let data = file.parent().unwrap().join("data");
    Harness::builder().with_size([1280.0, 900.0]).build_eframe(move |cc| {
        App::new(cc, AppOptions { open: Some(file), dialogs: Box::new(NoDialogs), data_dir: data, open_folders: false })
    })
}

/// One frame as the window runs it: the UI pass plus tessellation into triangles.
fn frame(h: &mut Harness<'static, App>) -> Duration {
    let t = Instant::now();
    h.step();
    let shapes = h.output().shapes.clone();
    let ppp = h.output().pixels_per_point;
    let mesh = h.ctx.tessellate(shapes, ppp);
    std::hint::black_box(mesh);
    t.elapsed()
}

fn report(what: &str, mut times: Vec<Duration>) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    let at = |q: f64| ms(times[((times.len() as f64 * q) as usize).min(times.len() - 1)]);
    println!(
        "{what:<58} n={:<4} p50 {:>6.2} ms  p95 {:>6.2} ms  p99 {:>6.2} ms  max {:>6.2} ms",
        times.len(),
        at(0.5),
        at(0.95),
        at(0.99),
        ms(*times.last().unwrap())
    );
}

fn main() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample_file(dir.path());

    // Startup: create the app (fonts, open and read the file) and lay out the first frame.
    let mut startups = Vec::new();
    for _ in 0..10 {
        let t = Instant::now();
        let mut h = harness(file.clone());
        frame(&mut h);
        startups.push(t.elapsed());
    }
    report("startup to first frame (sample open, no window)", startups);

    let mut h = harness(file);
    let form = hyokasho::form::current();
    let longest = Page::Node { ix: form.find(hyokasho::form::ids::III_FILE).unwrap(), blocks: vec!["f-teate".into()] };
    h.state_mut().editor.as_mut().unwrap().goto(longest);
    for _ in 0..30 {
        frame(&mut h);
    }
    report("frame, Ⅲ of 児童手当ファイル (longest page), idle", (0..300).map(|_| frame(&mut h)).collect());

    // Typing: a character per frame into a long answer on that page (edit, undo, autosave).
    h.get_by_role_and_label(
        egui::accesskit::Role::MultilineTextInput,
        "対象者以外の情報の入手を防止するための措置の内容",
    )
    .focus();
    h.run();
    let typing: Vec<Duration> = (0..300)
        .map(|i| {
            h.event(egui::Event::Text(if i % 2 == 0 { "あ".into() } else { "い".into() }));
            frame(&mut h)
        })
        .collect();
    report("frame, same page, typing one character per frame", typing);

    let switch: Vec<Duration> = (0..100)
        .map(|i| {
            let ed = h.state_mut().editor.as_mut().unwrap();
            ed.step_page(i % 2 == 0);
            frame(&mut h)
        })
        .collect();
    report("frame right after a page switch (次へ/前へ)", switch);

    // 別添1: the live 業務全体図 drawn every frame (layout is cached until the document changes).
    let annex1 = Page::Node { ix: form.find(hyokasho::form::ids::ANNEX1).unwrap(), blocks: Vec::new() };
    h.state_mut().editor.as_mut().unwrap().goto(annex1);
    for _ in 0..30 {
        frame(&mut h);
    }
    report("frame, 別添1 with the live 業務全体図, idle", (0..300).map(|_| frame(&mut h)).collect());

    // Layout alone, as after every edit of the diagram: read the graph and lay it out.
    let doc = hyokasho::ron_io::import(include_str!("../assessments/midori-jidoteate-r7.ron")).unwrap();
    let m = hyokasho::chars::measure::Metrics::new();
    let layouts: Vec<Duration> = (0..300)
        .map(|_| {
            let t = Instant::now();
            let g = hyokasho::flows::Graph::read(&doc);
            std::hint::black_box(hyokasho::flows::layout::layout(&g, &m));
            t.elapsed()
        })
        .collect();
    report("業務全体図: read the graph and lay it out (sample)", layouts);

    every_page(&mut h, "sample", 30);

    // Ten times the sample (20 files): the same walk, and the window's memory for it.
    let mut big = harness(ten_times_file(dir.path()));
    every_page(&mut big, "10× the sample", 15);
}
