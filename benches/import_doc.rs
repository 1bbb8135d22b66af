//! `import-doc` benchmarks (issue 16): reading and recognising an existing 評価書 — our own
//! workbook of the 児童手当 sample (withheld marks included), the same ten times over, and the
//! LibreOffice PDF of it. Run: `cargo bench --bench import_doc`.

use hyokasho::import_doc::{recognise, source};

mod support;

const R8: &str = include_str!("../assessments/midori-jidoteate-r8.ron");
const PDF: &[u8] = include_bytes!("../tests/fixtures/midori-r8-workbook-libreoffice.pdf");

fn main() {
    divan::main();
}

fn workbook(doc: &hyokasho::doc::Assessment) -> Vec<u8> {
    let edition = hyokasho::content::Edition { label: "第1版".into(), draft: false, public: false };
    hyokasho::xlsx::export(doc, &edition).unwrap()
}

/// Reading (calamine and the marks) and recognising, as the report needs it.
fn import(bytes: &[u8]) -> usize {
    let read = source::read(bytes).unwrap();
    recognise(hyokasho::form::current(), &read.rows).findings.len()
}

#[divan::bench(sample_count = 20)]
fn our_workbook_of_the_sample(bencher: divan::Bencher) {
    let bytes = workbook(&hyokasho::ron_io::import(R8).unwrap());
    bencher.bench_local(|| import(&bytes));
}

#[divan::bench(sample_count = 5)]
fn our_workbook_ten_times_the_sample(bencher: divan::Bencher) {
    let bytes = workbook(&support::ten_times(&hyokasho::ron_io::import(R8).unwrap()));
    bencher.bench_local(|| import(&bytes));
}

#[divan::bench(sample_count = 10)]
fn the_libreoffice_pdf_of_the_sample(bencher: divan::Bencher) {
    bencher.bench_local(|| import(PDF));
}
