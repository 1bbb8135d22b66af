//! What several benchmarks build: an assessment ten times the size of the sample.

#![allow(dead_code)] // each benchmark uses some of these

use hyokasho::doc::{Assessment, Entry, Path};
use hyokasho::form::ids;

/// The sample with its 2 files duplicated to 20 (Ⅱ, Ⅲ and 別添2 are most of the document).
pub fn ten_times(doc: &Assessment) -> Assessment {
    let mut big = doc.clone();
    let files = Path::top(ids::II_FILE);
    for _ in 0..9 {
        for id in doc.instances(&files).to_vec() {
            let (_, edits) = big.plan_duplicate_block(&files, &id).unwrap();
            big.apply(edits).unwrap();
        }
    }
    assert_eq!(big.instances(&files).len(), 20);
    big
}

/// `doc` (the sample) with its 2 files duplicated to 20, and a later version of it with a year's worth of
/// changes in every file: a sentence added to Ⅲ3 リスク3, a 委託事項 moved, a 提供先 removed.
pub fn ten_times_pair(doc: &Assessment) -> (Assessment, Assessment) {
    let old = ten_times(doc);
    let files = Path::top(ids::II_FILE);
    let mut new = old.clone();
    for file in old.instances(&files).to_vec() {
        let measures = Path::new(ids::III_FILE_USE_R3_MEASURES, &[&file]);
        let text = format!("{}\n・令和8年度から、照会件数を月1回集計して確認している。", new.text(&measures));
        new.set(measures, Some(Entry::text(&text))).unwrap();
        let tasks = Path::new(ids::II_FILE_OUTSOURCING_TASK, &[&file]);
        if let Some(first) = new.instances(&tasks).first().cloned() {
            let edits = new.plan_move_block(&tasks, &first, 9).unwrap();
            new.apply(edits).unwrap();
        }
        let recipients = Path::new(ids::II_FILE_PROVISION_RECIPIENT, &[&file]);
        if let Some(last) = new.instances(&recipients).last().cloned() {
            let edits = new.plan_remove_block(&recipients, &last).unwrap();
            new.apply(edits).unwrap();
        }
    }
    (old, new)
}
