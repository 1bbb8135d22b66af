//! No command overwrites or corrupts an assessment, and every refusal is explained in Japanese.
//!
//! Each test is one kind of fault found by trying the program as an adversarial tester would:
//! an output path that names an assessment, an import over yesterday's typing, two processes
//! creating one file, a damaged draft row, a tampered version, unbounded or broken input, a file
//! left in WAL mode by another tool, English library text in a message.

mod common;

use common::{hyokasho, s, stderr, stdout};
use hyokasho::store::{Stage, Store};
use std::path::{Path, PathBuf};
use std::process::Output;

/// An assessment of its own (介護保険), not the みどり市 sample.
const KAIGO: &str = r#"Assessment(
    format: 1,
    form: "h30-05-4",
    values: {
        "cover.title": Text("介護保険に関する事務 全項目評価書"),
        "cover.body": Text("やまなみ広域連合長"),
        "i.task.content": Text("要介護認定と保険給付に関する事務。"),
    },
)"#;

fn refused(o: &Output, needle: &str) {
    assert_eq!(o.status.code(), Some(2), "stdout: {}\nstderr: {}", stdout(o), stderr(o));
    let e = stderr(o);
    assert!(e.starts_with("エラー: "), "{e}");
    assert!(e.contains(needle), "expected {needle:?} in: {e}");
}

fn kaigo(dir: &Path, name: &str) -> PathBuf {
    let ron = dir.join(format!("{name}.ron"));
    std::fs::write(&ron, KAIGO).unwrap();
    let file = dir.join(format!("{name}.hyoka"));
    let o = hyokasho(&["import", s(&ron), s(&file)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(hyokasho(&["freeze", s(&file), "--stage", "事前点検"]).status.success());
    file
}

fn files_in(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    v.sort();
    v
}

#[test]
fn pdf_output_onto_an_assessment_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let a = kaigo(dir.path(), "a");
    let b = kaigo(dir.path(), "b");
    // A renamed copy is still an assessment: recognised by its header.
    let renamed = dir.path().join("copy.dat");
    std::fs::copy(&b, &renamed).unwrap();
    let before: Vec<Vec<u8>> = [&a, &b, &renamed].iter().map(|p| std::fs::read(p).unwrap()).collect();
    for target in [&a, &b, &renamed] {
        let t = s(target);
        refused(&hyokasho(&["pdf", s(&a), "-o", t]), "上書き");
        refused(&hyokasho(&["pdf", s(&a), "--public", "-o", t]), "上書き");
        refused(&hyokasho(&["export", s(&a), "-o", t]), "上書き");
        refused(&hyokasho(&["diff", s(&a), "1", "draft", "--format", "pdf", "-o", t]), "上書き");
        refused(&hyokasho(&["diff", s(&a), "1", "draft", "--format", "json", "-o", t]), "上書き");
    }
    let after: Vec<Vec<u8>> = [&a, &b, &renamed].iter().map(|p| std::fs::read(p).unwrap()).collect();
    assert!(before == after, "no assessment changed");
    // Every version is still there.
    assert!(stdout(&hyokasho(&["versions", s(&a)])).contains("事前点検"));
}

#[test]
fn an_output_onto_its_own_input_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let ron = dir.path().join("in.ron");
    std::fs::write(&ron, KAIGO).unwrap();
    refused(&hyokasho(&["import", s(&ron), s(&ron)]), "同じ");
    assert_eq!(std::fs::read_to_string(&ron).unwrap(), KAIGO);
}

#[test]
fn import_into_an_existing_file_is_refused_without_replace_and_keeps_the_old_draft_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = kaigo(dir.path(), "k");
    // Yesterday's typing, not yet frozen.
    let mut store = Store::open(&file).unwrap();
    let typed = hyokasho::doc::Entry::text("要介護認定、保険給付及び保険料の賦課に関する事務。");
    let path = hyokasho::doc::Path::top(hyokasho::form::ids::I_TASK_CONTENT);
    store.save(&[hyokasho::doc::Edit::Value { path: path.clone(), entry: Some(typed) }]).unwrap();
    store.close().unwrap();
    let before = std::fs::read(&file).unwrap();
    let ron = dir.path().join("k.ron");
    refused(&hyokasho(&["import", s(&ron), s(&file)]), "--replace");
    assert_eq!(std::fs::read(&file).unwrap(), before, "the file is untouched");

    let o = hyokasho(&["import", s(&ron), s(&file), "--replace"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("第2版として残しました"), "{}", stdout(&o));
    let store = Store::open_read_only(&file).unwrap();
    assert_eq!(store.load_draft().unwrap().text(&path), "要介護認定と保険給付に関する事務。");
    let kept = store.load_version(2).unwrap();
    assert_eq!(
        kept.text(&path),
        "要介護認定、保険給付及び保険料の賦課に関する事務。",
        "yesterday's typing is recoverable"
    );
    assert_eq!(store.versions().unwrap()[1].stage, Stage::Draft.label());
}

#[test]
fn concurrent_creates_of_one_path_claim_only_what_they_did() {
    let dir = tempfile::tempdir().unwrap();
    for round in 0..60 {
        let file = dir.path().join(format!("race{round}.hyoka"));
        let spawn = |title: &str| {
            std::process::Command::new(env!("CARGO_BIN_EXE_hyokasho"))
                .args(["new", s(&file), "--title", title])
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .unwrap()
        };
        let (a, b) = (spawn("保育所入所に関する事務 A"), spawn("保育所入所に関する事務 B"));
        let results = [a.wait_with_output().unwrap(), b.wait_with_output().unwrap()];
        let winners: Vec<usize> = (0..2).filter(|&i| results[i].status.success()).collect();
        assert_eq!(winners.len(), 1, "round {round}: exactly one create succeeds: {:?}", results);
        let title = ["保育所入所に関する事務 A", "保育所入所に関する事務 B"][winners[0]];
        // The claim of the successful run holds: the file exists and is the one it made.
        let doc = Store::open_read_only(&file).unwrap().load_draft().unwrap();
        assert_eq!(doc.text(&hyokasho::doc::Path::top(hyokasho::form::ids::COVER_TITLE)), title, "round {round}");
        let loser = &results[1 - winners[0]];
        assert_eq!(loser.status.code(), Some(2), "{}", stderr(loser));
    }
}

#[test]
fn a_damaged_draft_row_is_refused_and_the_file_stays_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let file = kaigo(dir.path(), "d");
    {
        let conn = rusqlite::Connection::open(&file).unwrap();
        conn.execute("UPDATE draft_value SET value = 'Text(\"閉じていない' WHERE path = 'cover.title'", []).unwrap();
    }
    let before = std::fs::read(&file).unwrap();
    let out = dir.path().join("out.ron");
    for args in [
        vec!["export", s(&file), "-o", s(&out)],
        vec!["check", s(&file)],
        vec!["freeze", s(&file), "--stage", "事前点検"],
    ] {
        refused(&hyokasho(&args), "壊れています");
        assert_eq!(std::fs::read(&file).unwrap(), before, "{args:?} changed a refused file");
    }
    assert!(Store::open(&file).is_err());
    assert_eq!(std::fs::read(&file).unwrap(), before, "opening for editing wrote into a refused file");
}

#[test]
fn a_tampered_version_is_flagged_by_versions_and_refused_by_every_reader() {
    let dir = tempfile::tempdir().unwrap();
    let file = kaigo(dir.path(), "t");
    {
        let conn = rusqlite::Connection::open(&file).unwrap();
        // The triggers keep honest programs out; a tamperer drops them first.
        conn.execute_batch(
            "DROP TRIGGER version_is_frozen_update;
             UPDATE version SET content = replace(content, 'やまなみ', 'かわなみ') WHERE number = 1;",
        )
        .unwrap();
    }
    let o = hyokasho(&["versions", s(&file)]);
    refused(&o, "一致しません");
    assert!(stdout(&o).contains("不一致"), "{}", stdout(&o));
    let out = dir.path().join("v1.ron");
    refused(&hyokasho(&["export", s(&file), "--version", "1", "-o", s(&out)]), "一致しません");
    refused(&hyokasho(&["pdf", s(&file), "--version", "1", "-o", s(&dir.path().join("v1.pdf"))]), "一致しません");
    refused(&hyokasho(&["diff", s(&file), "1", "draft"]), "一致しません");
    assert!(!out.exists());
}

#[test]
fn unbounded_or_broken_inputs_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("x.hyoka");
    #[cfg(unix)]
    {
        refused(&hyokasho(&["import", "/dev/zero", s(&target)]), "通常のファイルではありません");
        let fifo = dir.path().join("fifo.ron");
        assert!(std::process::Command::new("mkfifo").arg(&fifo).status().unwrap().success());
        refused(&hyokasho(&["import", s(&fifo), s(&target)]), "通常のファイルではありません");
    }
    // A PNG cut in half: accepted today, no PDF could be made from it tomorrow.
    let png = std::fs::read("tests/fixtures/hand-drawn-diagram.png").unwrap();
    use base64::Engine as _;
    let half = base64::engine::general_purpose::STANDARD.encode(&png[..png.len() / 2]);
    let ron = dir.path().join("cut.ron");
    std::fs::write(
        &ron,
        KAIGO.replace(
            "\"i.task.content\"",
            &format!("\"annex1.diagram.image\": Image(\"{half}\"),\n        \"i.task.content\""),
        ),
    )
    .unwrap();
    refused(&hyokasho(&["import", s(&ron), s(&target)]), "画像");
    assert!(!target.exists());
    // Windows Notepad's BOM is accepted.
    let bom = dir.path().join("bom.ron");
    std::fs::write(&bom, format!("\u{FEFF}{KAIGO}")).unwrap();
    let o = hyokasho(&["import", s(&bom), s(&target)]);
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn reading_a_file_left_in_wal_mode_leaves_nothing_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = kaigo(dir.path(), "w");
    {
        let conn = rusqlite::Connection::open(&file).unwrap();
        let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0)).unwrap();
        assert_eq!(mode, "wal");
    }
    for args in [
        vec!["versions", s(&file)],
        vec!["check", s(&file)],
        vec!["export", s(&file), "-o", s(&dir.path().join("o.ron"))],
    ] {
        let o = hyokasho(&args);
        assert!(matches!(o.status.code(), Some(0 | 1)), "{}", stderr(&o));
        let beside: Vec<String> = files_in(dir.path()).into_iter().filter(|n| n.starts_with("w.hyoka")).collect();
        assert_eq!(beside, ["w.hyoka"], "{args:?}");
    }
}

#[test]
fn error_messages_are_japanese_short_and_never_echo_megabytes() {
    let dir = tempfile::tempdir().unwrap();
    // A malformed RON: the parser's English detail stays on a short second line.
    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, KAIGO.replace("),\n    },", "\n    },")).unwrap();
    let o = hyokasho(&["import", s(&bad), s(&dir.path().join("x.hyoka"))]);
    refused(&o, "RON の書き方");
    let first = stderr(&o).lines().next().unwrap().to_owned();
    assert!(!first.chars().any(|c| c.is_ascii_lowercase() && !s(&bad).contains(c)), "English in: {first}");
    assert!(!stderr(&o).contains("。。"));
    // 10 MB in one item: refused, and the message does not repeat it.
    let huge = dir.path().join("huge.ron");
    let ten_mb = "あ".repeat(3_500_000);
    std::fs::write(&huge, KAIGO.replace("要介護認定と保険給付に関する事務。", &ten_mb)).unwrap();
    let o = hyokasho(&["import", s(&huge), s(&dir.path().join("y.hyoka"))]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stderr.len() < 2000, "{} bytes of stderr", o.stderr.len());
    // A 100 kB unknown command (near the longest argument Linux passes) is not echoed whole.
    let long = "x".repeat(100_000);
    let o = hyokasho(&[&long]);
    assert_eq!(o.status.code(), Some(2));
    assert!(o.stderr.len() < 2000, "{} bytes of stderr", o.stderr.len());
    // SQLite's English never leads a message: a file that is not an assessment.
    let junk = dir.path().join("junk.hyoka");
    std::fs::write(&junk, vec![0u8; 4096]).unwrap();
    let o = hyokasho(&["versions", s(&junk)]);
    refused(&o, "評価書ファイル");
    assert!(!stderr(&o).contains("database"), "{}", stderr(&o));
}

#[test]
fn small_mistakes_are_explained_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = kaigo(dir.path(), "m");
    // Help after any command.
    let o = hyokasho(&["pdf", "--help"]);
    assert!(o.status.success() && stdout(&o).contains("hyokasho pdf"), "{}", stderr(&o));
    // A folder that does not exist is named as such, not as a missing file.
    let nowhere = dir.path().join("ない").join("x.hyoka");
    refused(&hyokasho(&["new", s(&nowhere), "--title", "住民基本台帳に関する事務"]), "フォルダー");
    refused(&hyokasho(&["new", s(&dir.path().join("t.hyoka")), "--title", " "]), "評価書名が空");
    assert!(!dir.path().join("t.hyoka").exists());
    refused(&hyokasho(&["export", s(&file), "-o", ""]), "ファイル名が空");
    // The journal SQLite keeps beside an assessment is part of it: never an output.
    let journal = dir.path().join("m.hyoka-journal");
    refused(&hyokasho(&["export", s(&file), "-o", s(&journal)]), "上書き");
    assert!(!journal.exists());
}

/// Each faulty entry of a RON file is named once, in the one notation the README uses
/// (`annex1.diagram.actor[a-dc].location`), with its 様式 title where it has one.
#[test]
fn a_faulty_item_is_named_once_in_one_notation() {
    let dir = tempfile::tempdir().unwrap();
    let actor = |id: &str, location: &str| {
        format!(
            r#"        "annex1.diagram.actor": Blocks([Block(id: "{id}", values: {{ "name": Text("介護保険システム"), "location": {location} }})]),"#
        )
    };
    let cases = [
        ("body-withheld", r#"        "cover.body": Withheld(Text("やまなみ広域連合長")),"#.to_owned(), "cover.body"),
        ("body-kind", r#"        "cover.body": Choice("やまなみ広域連合長"),"#.to_owned(), "cover.body"),
        ("body-long", format!(r#"        "cover.body": Text("{}"),"#, "長".repeat(300)), "cover.body"),
        ("bad-id", actor("鯨", r#"Text("本庁舎")"#), "annex1.diagram.actor"),
        ("nested", actor("a-dc", r#"Withheld(Withheld(Text("本庁舎")))"#), "annex1.diagram.actor[a-dc].location"),
    ];
    for (name, line, item) in cases {
        let ron = dir.path().join(format!("{name}.ron"));
        let body = KAIGO.replace("        \"cover.body\": Text(\"やまなみ広域連合長\"),", &line);
        std::fs::write(&ron, body).unwrap();
        let o = hyokasho(&["import", s(&ron), s(&dir.path().join(format!("{name}.hyoka")))]);
        assert_eq!(o.status.code(), Some(2), "{name}: {}", stderr(&o));
        let e = stderr(&o);
        assert_eq!(e.matches(item).count(), 1, "{name}: {item} once in: {e}");
        assert!(!e.contains(".location[") && !e.contains("。。"), "{name}: {e}");
    }
}
