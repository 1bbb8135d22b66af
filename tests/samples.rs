//! The sample assessments in `assessments/`: complete, realistic, and stable through every
//! format the program writes.

use hyokasho::doc::{Assessment, Path, Value};
use hyokasho::form::{Kind, ids};
use hyokasho::ron_io;
use hyokasho::store::{Stage, Store};

const SAMPLES: [&str; 2] = ["assessments/midori-jidoteate-r7.ron", "assessments/midori-jidoteate-r8.ron"];

fn load(path: &str) -> (String, Assessment) {
    let text = std::fs::read_to_string(path).unwrap();
    let doc = ron_io::import(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
    (text, doc)
}

#[test]
fn both_samples_round_trip_byte_identically() {
    for s in SAMPLES {
        let (text, doc) = load(s);
        assert_eq!(ron_io::export(&doc), text, "{s}: export of the import differs");
    }
}

#[test]
fn a_sample_round_trips_through_the_sqlite_file_and_a_frozen_version() {
    let dir = tempfile::tempdir().unwrap();
    for s in SAMPLES {
        let (text, doc) = load(s);
        let file = dir.path().join("x.hyoka");
        let _ = std::fs::remove_file(&file);
        let mut store = Store::create(&file, doc.form()).unwrap();
        store.replace_draft(&doc).unwrap();
        store.close().unwrap();
        let mut store = Store::open(&file).unwrap();
        assert_eq!(ron_io::export(&store.load_draft().unwrap()), text);
        let v = store.freeze(Stage::Published, "").unwrap();
        assert_eq!(store.version_content(v.number).unwrap(), text);
        // The hash is of the canonical text, so it is the same whoever freezes it, wherever.
        assert_eq!(v.sha256, hyokasho::store::digest(&text));
    }
}

#[test]
fn the_first_sample_is_complete() {
    let (_, doc) = load(SAMPLES[0]);
    let c = doc.completion();
    let form = doc.form();
    let missing: Vec<String> = c
        .missing
        .iter()
        .map(|p| format!("{} {}", p.render(form), form.full_title(form.find(&p.item).unwrap())))
        .collect();
    assert!(missing.is_empty(), "required items left empty:\n{}", missing.join("\n"));
    assert!(c.required > 300, "{} required items", c.required);
}

fn count(doc: &Assessment, list: Path) -> usize {
    doc.instances(&list).len()
}

#[test]
fn the_first_sample_has_the_blocks_the_review_work_needs() {
    let (_, doc) = load(SAMPLES[0]);
    let files = doc.instances(&Path::top(ids::II_FILE)).to_vec();
    assert!(files.len() >= 2);
    assert!(count(&doc, Path::top(ids::I_SYSTEM)) >= 3);
    let mut tasks = 0;
    let mut subcontracted = 0;
    let mut recipients = 0;
    for f in &files {
        let list = Path::new(ids::II_FILE_OUTSOURCING_TASK, &[f]);
        for t in doc.instances(&list) {
            tasks += 1;
            if doc.choice(&list.child(t, ids::II_FILE_OUTSOURCING_TASK_SUBCONTRACTING)) == "再委託する" {
                subcontracted += 1;
            }
        }
        recipients += count(&doc, Path::new(ids::II_FILE_PROVISION_RECIPIENT, &[f]));
    }
    assert!(tasks >= 3 && subcontracted >= 1 && recipients >= 2, "{tasks} {subcontracted} {recipients}");
    let withheld = doc
        .values()
        .filter(|(_, e)| e.withheld || matches!(&e.value, Value::Text(t) if !t.withheld().is_empty()))
        .count();
    assert!(withheld >= 3, "{withheld} withheld passages");
}

#[test]
fn most_text_answers_have_a_realistic_length() {
    let (_, doc) = load(SAMPLES[0]);
    let form = doc.form();
    let long_texts: Vec<usize> = doc
        .values()
        .filter(|(p, _)| matches!(form.get(&p.item).kind, Kind::LongText { .. }))
        .filter(|(p, _)| !p.item.starts_with("annex"))
        .map(|(_, e)| match &e.value {
            Value::Text(t) => t.chars(),
            _ => 0,
        })
        .collect();
    let realistic = long_texts.iter().filter(|&&n| (100..=1200).contains(&n)).count();
    assert!(
        realistic * 10 >= long_texts.len() * 7,
        "{realistic} of {} long answers are 100–1200 characters",
        long_texts.len()
    );
}
