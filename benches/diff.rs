//! Comparison benchmarks (issue 7 targets: the two samples < 50 ms; two assessments ten times
//! the sample < 500 ms). Run: `cargo bench --bench diff`.

use hyokasho::diff::compare;
use hyokasho::doc::{Assessment, Entry, Path};
use hyokasho::form::ids;

mod support;

const R7: &str = include_str!("../assessments/midori-jidoteate-r7.ron");
const R8: &str = include_str!("../assessments/midori-jidoteate-r8.ron");

fn main() {
    let (old, new) = support::ten_times_pair(&hyokasho::ron_io::import(R7).unwrap());
    let c = compare(&old, &new, false).unwrap();
    println!("10× pair: {}", c.summary());
    divan::main();
}

#[divan::bench(sample_count = 20)]
fn compare_the_samples(bencher: divan::Bencher) {
    let old = hyokasho::ron_io::import(R7).unwrap();
    let new = hyokasho::ron_io::import(R8).unwrap();
    bencher.bench_local(|| compare(&old, &new, false).unwrap());
}

#[divan::bench(sample_count = 20)]
fn compare_the_samples_listing_every_item(bencher: divan::Bencher) {
    let old = hyokasho::ron_io::import(R7).unwrap();
    let new = hyokasho::ron_io::import(R8).unwrap();
    bencher.bench_local(|| compare(&old, &new, true).unwrap());
}

#[divan::bench(sample_count = 10)]
fn compare_ten_times_the_sample(bencher: divan::Bencher) {
    let (old, new) = support::ten_times_pair(&hyokasho::ron_io::import(R7).unwrap());
    bencher.bench_local(|| compare(&old, &new, false).unwrap());
}

#[divan::bench(sample_count = 20)]
fn comparison_pdf_of_the_samples(bencher: divan::Bencher) {
    let old = hyokasho::ron_io::import(R7).unwrap();
    let new = hyokasho::ron_io::import(R8).unwrap();
    let c = compare(&old, &new, false).unwrap();
    let labels = hyokasho::diff::render::Labels { old: "第1版（公表）".into(), new: "下書き".into() };
    bencher.bench_local(|| hyokasho::pdf::comparison(&c, None, &new, &labels).unwrap());
}

/// One file with `n` 提供先 blocks, and a later version in which every tenth is renamed, one in
/// a hundred removed, one in a hundred added and one in a thousand moved to the front. Issue 17
/// asks the comparison to be near-linear in the number of blocks.
pub fn many_blocks_pair(n: usize) -> (Assessment, Assessment) {
    let mut old = Assessment::new(hyokasho::form::current());
    let files = Path::top(ids::II_FILE);
    let (file, edits) = old.plan_add_block(&files).unwrap();
    old.apply(edits).unwrap();
    let list = Path::new(ids::II_FILE_PROVISION_RECIPIENT, &[&file]);
    let name = |id: &str| Path::new(ids::II_FILE_PROVISION_RECIPIENT_NAME, &[&file, id]);
    let ids: Vec<String> = (0..n).map(|i| format!("r{i:06}")).collect();
    let mut edits = vec![hyokasho::doc::Edit::Order { list: list.clone(), ids: ids.clone() }];
    edits.extend(ids.iter().enumerate().map(|(i, id)| hyokasho::doc::Edit::Value {
        path: name(id),
        entry: Some(Entry::text(&format!("提供先{i}（〇〇県国民健康保険団体連合会）"))),
    }));
    old.apply(edits).unwrap();
    let mut new = old.clone();
    let mut order: Vec<String> =
        ids.iter().enumerate().filter(|(i, _)| i % 100 != 7).map(|(_, id)| id.clone()).collect();
    order.extend((0..n / 100).map(|i| format!("s{i:06}")));
    let moved: Vec<String> = order.iter().step_by(1000).skip(1).cloned().collect();
    order.retain(|id| !moved.contains(id));
    order.splice(0..0, moved);
    // A block's answers go before the block does (as plan_remove_block does it).
    let mut edits: Vec<_> =
        (7..n).step_by(100).map(|i| hyokasho::doc::Edit::Value { path: name(&ids[i]), entry: None }).collect();
    edits.push(hyokasho::doc::Edit::Order { list: list.clone(), ids: order.clone() });
    edits.extend(order.iter().enumerate().filter(|(i, _)| i % 10 == 3).map(|(i, id)| hyokasho::doc::Edit::Value {
        path: name(id),
        entry: Some(Entry::text(&format!("改称後の提供先{i}"))),
    }));
    new.apply(edits).unwrap();
    (old, new)
}

#[divan::bench(args = [1_000, 10_000, 100_000], sample_count = 3, sample_size = 1)]
fn compare_many_blocks(bencher: divan::Bencher, n: usize) {
    let (old, new) = many_blocks_pair(n);
    bencher.bench_local(|| compare(&old, &new, false).unwrap());
}
