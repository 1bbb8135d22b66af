use super::*;
use crate::doc::{Entry, Path};
use crate::form::{current, ids};

fn temp() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("a.hyoka");
    (dir, path)
}

fn sample_store(path: &FsPath) -> Store {
    let mut store = Store::create(path, current()).unwrap();
    let mut doc = store.load_draft().unwrap();
    let (f, edits) = doc.plan_add_block(&Path::top(ids::II_FILE)).unwrap();
    doc.apply(edits.clone()).unwrap();
    store.save(&edits).unwrap();
    let set = vec![Edit::Value {
        path: Path::new(ids::II_FILE_NAME, &[&f]),
        entry: Some(Entry::text("児童手当ファイル")),
    }];
    doc.apply(set.clone()).unwrap();
    store.save(&set).unwrap();
    store
}

#[test]
fn saved_edits_are_read_back_after_reopening() {
    let (_d, path) = temp();
    let store = sample_store(&path);
    let before = store.load_draft().unwrap();
    store.close().unwrap();
    let again = Store::open(&path).unwrap();
    assert_eq!(again.load_draft().unwrap(), before);
    assert_eq!(before.derived(current().find(ids::I_FILES).unwrap(), &[]), "1. 児童手当ファイル");
}

#[test]
fn no_wal_file_is_left_after_close() {
    let (d, path) = temp();
    sample_store(&path).close().unwrap();
    let names: Vec<_> = std::fs::read_dir(d.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names, ["a.hyoka"]);
}

#[test]
fn a_second_writer_is_refused() {
    let (_d, path) = temp();
    let _first = sample_store(&path);
    assert!(matches!(Store::open(&path), Err(StoreError::LockedByAnotherInstance { .. })));
    assert!(matches!(Store::open_read_only(&path), Err(StoreError::LockedByAnotherInstance { .. })));
}

#[test]
fn the_lock_is_released_on_close() {
    let (_d, path) = temp();
    sample_store(&path).close().unwrap();
    Store::open(&path).unwrap().close().unwrap();
    Store::open(&path).unwrap();
}

#[test]
fn a_frozen_version_keeps_its_content_and_hash() {
    let (_d, path) = temp();
    let mut store = sample_store(&path);
    let v1 = store.freeze(Stage::Precheck, "事前点検用").unwrap();
    assert_eq!(v1.number, 1);
    assert_eq!(v1.sha256, versions::digest(&store.version_content(1).unwrap()));
    // Editing the draft afterwards changes neither the version nor its hash.
    let edit = vec![Edit::Value { path: Path::top(ids::COVER_TITLE), entry: Some(Entry::text("変更後")) }];
    store.save(&edit).unwrap();
    let v2 = store.freeze(Stage::PublicComment, "").unwrap();
    assert_ne!(v1.sha256, v2.sha256);
    assert_eq!(store.versions().unwrap()[0], v1);
    assert_eq!(store.load_version(1).unwrap().text(&Path::top(ids::COVER_TITLE)), "");
}

#[test]
fn a_frozen_version_cannot_be_modified_even_with_sql() {
    let (_d, path) = temp();
    let mut store = sample_store(&path);
    store.freeze(Stage::Draft, "").unwrap();
    let update = store.conn.execute("UPDATE version SET content = 'x' WHERE number = 1", []);
    assert!(update.is_err());
    assert!(store.conn.execute("DELETE FROM version", []).is_err());
    assert_eq!(store.versions().unwrap().len(), 1);
}

#[test]
fn a_read_only_store_refuses_to_write() {
    let (_d, path) = temp();
    sample_store(&path).close().unwrap();
    let mut ro = Store::open_read_only(&path).unwrap();
    assert!(matches!(ro.save(&[]), Err(StoreError::OpenedReadOnly { .. })));
    assert!(matches!(ro.freeze(Stage::Draft, ""), Err(StoreError::OpenedReadOnly { .. })));
}

#[test]
fn stages_parse_from_japanese_and_english() {
    assert_eq!(Stage::parse("第三者点検"), Some(Stage::ThirdPartyReview));
    assert_eq!(Stage::parse("published"), Some(Stage::Published));
    assert_eq!(Stage::parse("完成"), None);
}

#[test]
fn a_replace_that_fails_on_a_full_disk_keeps_no_version_and_no_half_draft() {
    let (_dir, path) = temp();
    let mut store = Store::create(&path, current()).unwrap();
    let typed = Edit::Value {
        path: Path::top(ids::I_TASK_CONTENT),
        entry: Some(Entry::text("保育所入所の事務（昨日の入力）")),
    };
    store.save(&[typed]).unwrap();
    let mut big = crate::doc::Assessment::new(current());
    let text = "保育所等の利用調整に関する記載。".repeat(400);
    big.set(Path::top(ids::I_TASK_CONTENT), Some(Entry::text(&text))).unwrap();
    store.simulate_full_disk(Some(store.page_count().unwrap())).unwrap();
    let err = store.replace_draft_keeping(&big, "置き換える前").unwrap_err();
    assert!(matches!(err, StoreError::DiskFull { .. }), "{err:?}");
    assert!(store.versions().unwrap().is_empty(), "no version was added by the failed replace");
    assert_eq!(store.load_draft().unwrap().text(&Path::top(ids::I_TASK_CONTENT)), "保育所入所の事務（昨日の入力）");
    store.simulate_full_disk(None).unwrap();
    assert_eq!(store.replace_draft_keeping(&big, "置き換える前").unwrap(), Some(1));
    assert_eq!(store.load_version(1).unwrap().text(&Path::top(ids::I_TASK_CONTENT)), "保育所入所の事務（昨日の入力）");
    // The same content again: nothing would be lost, so nothing is kept.
    assert_eq!(store.replace_draft_keeping(&big, "置き換える前").unwrap(), None);
}

/// 確認済み marks are saved with the draft, read back, and cleared by an unmarking edit.
#[test]
fn acknowledgements_are_saved_and_read_back() {
    let (_d, path) = temp();
    let mut store = sample_store(&path);
    let key = format!("C06-{}", "0123456789abcdef".repeat(2));
    let mark = crate::doc::Acknowledgement {
        reason: "課長委任の事務のため".into(),
        on: jiff::civil::date(2026, 12, 1),
    };
    store.save(&[Edit::Acknowledge { finding: key.clone(), mark: Some(mark.clone()) }]).unwrap();
    store.close().unwrap();
    let mut store = Store::open(&path).unwrap();
    assert_eq!(store.load_draft().unwrap().acknowledgement(&key), Some(&mark));
    store.save(&[Edit::Acknowledge { finding: key.clone(), mark: None }]).unwrap();
    assert_eq!(store.load_draft().unwrap().acknowledgement(&key), None);
}

/// The sample store at `path` made into a file of an older `format` (dropping the tables it did
/// not have yet), then read for reading only: the same draft, and the file byte for byte
/// unchanged. Returns the draft.
fn older_format_reads_unchanged(path: &FsPath, format: i32, drop_tables: &str) -> Assessment {
    let store = sample_store(path);
    let before = store.load_draft().unwrap();
    store.conn.execute_batch(drop_tables).unwrap();
    let v: i32 = store.conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    store.conn.pragma_update(None, "user_version", schema::user_version(format, schema::save_sequence(v))).unwrap();
    store.close().unwrap();
    let bytes = std::fs::read(path).unwrap();
    let reading = Store::open_read_only(path).unwrap();
    assert_eq!(reading.load_draft().unwrap(), before);
    reading.close().unwrap();
    assert!(std::fs::read(path).unwrap() == bytes, "reading changed the file");
    before
}

/// A file of format 1 (before 確認済み marks) is read as it is when opened for reading only,
/// byte for byte unchanged, and upgraded with its content kept when opened for editing.
#[test]
fn a_format_1_file_is_read_unchanged_and_upgraded_for_editing() {
    let (_d, path) = temp();
    let before = older_format_reads_unchanged(
        &path,
        1,
        "DROP TABLE draft_acknowledgement; DROP TABLE draft_question; DROP TABLE draft_action; DROP TABLE draft_stage;",
    );

    let mut editing = Store::open(&path).unwrap();
    assert_eq!(editing.load_draft().unwrap(), before);
    let key = format!("W04-{}", "f".repeat(32));
    let mark = crate::doc::Acknowledgement { reason: "理由".into(), on: jiff::civil::date(2026, 12, 1) };
    editing.save(&[Edit::Acknowledge { finding: key.clone(), mark: Some(mark) }]).unwrap();
    let v: i32 = editing.conn.pragma_query_value(None, "user_version", |r| r.get(0)).unwrap();
    assert_eq!(schema::format_of(v), schema::FORMAT);
    assert!(editing.load_draft().unwrap().acknowledgement(&key).is_some());
}

/// A file of format 2 (before the stage records) opens for reading unchanged, and for editing
/// gains the table and keeps a stage record with Ⅵ filled from it.
#[test]
fn a_format_2_file_gains_the_stage_records_when_edited() {
    use crate::review::procedure::StageRecord;
    let (_d, path) = temp();
    older_format_reads_unchanged(&path, 2, "DROP TABLE draft_stage;");

    let mut editing = Store::open(&path).unwrap();
    let mut doc = editing.load_draft().unwrap();
    let mut r = StageRecord::new(Stage::ThirdPartyReview);
    r.start = Some(jiff::civil::date(2027, 2, 4));
    r.method = "教育委員会個人情報保護審査会".into();
    let edits = doc.with_records(vec![Edit::Stage { id: "s-abc123".into(), record: Some(Box::new(r)) }]).unwrap();
    doc.apply(edits.clone()).unwrap();
    editing.save(&edits).unwrap();
    editing.close().unwrap();
    let back = Store::open_read_only(&path).unwrap().load_draft().unwrap();
    assert_eq!(back, doc);
    assert_eq!(back.text(&Path::top(ids::VI_REVIEW_METHOD)), "教育委員会個人情報保護審査会");
}
