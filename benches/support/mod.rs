//! What several benchmarks build: an assessment ten times the size of the sample.

use hyokasho::doc::{Assessment, Path};
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
