//! PDF export benchmarks (issue 5 targets: the sample < 300 ms and < 1 MB; an assessment ten
//! times the sample < 3 s). Run: `cargo bench --bench pdf`.

use hyokasho::pdf::{Edition, export};

mod support;

const SAMPLE: &str = include_str!("../assessments/midori-jidoteate-r7.ron");

fn main() {
    let doc = hyokasho::ron_io::import(SAMPLE).unwrap();
    let size = export(&doc, &edition()).unwrap().len();
    let big = support::ten_times(&doc);
    let big_size = export(&big, &edition()).unwrap().len();
    println!("sample PDF: {size} bytes; 10× PDF: {big_size} bytes");
    divan::main();
}

fn edition() -> Edition {
    Edition { label: "第1版 第三者点検".into(), draft: true, public: false }
}

#[divan::bench(sample_count = 20)]
fn export_sample(bencher: divan::Bencher) {
    let doc = hyokasho::ron_io::import(SAMPLE).unwrap();
    bencher.bench_local(|| export(&doc, &edition()).unwrap());
}

#[divan::bench(sample_count = 20)]
fn export_public_sample(bencher: divan::Bencher) {
    let doc = hyokasho::ron_io::import(SAMPLE).unwrap();
    let public = Edition { public: true, ..edition() };
    bencher.bench_local(|| export(&doc, &public).unwrap());
}

#[divan::bench(sample_count = 5)]
fn export_ten_times_the_sample(bencher: divan::Bencher) {
    let big = support::ten_times(&hyokasho::ron_io::import(SAMPLE).unwrap());
    bencher.bench_local(|| export(&big, &edition()).unwrap());
}
