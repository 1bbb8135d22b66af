//! Killing the program at any moment leaves a valid file that holds every save that finished.
//!
//! The test re-runs its own binary as a child that saves edits in a loop and reports each
//! finished save on stdout; the parent kills it with SIGKILL mid-stream and reopens the file.

use hyokasho::doc::{Edit, Entry, Path};
use hyokasho::form::{current, ids};
use hyokasho::store::Store;
use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

const CHILD_ENV: &str = "HYOKASHO_CRASH_CHILD_FILE";

/// The child: saves an ever-growing 事務の内容, one transaction per edit, forever.
#[test]
#[ignore = "run only as the child of killing_the_program_mid_save_loses_nothing_saved"]
fn child_saving_in_a_loop() {
    let Ok(path) = std::env::var(CHILD_ENV) else { return };
    let mut store = Store::open(std::path::Path::new(&path)).unwrap();
    let mut text = String::new();
    for i in 0.. {
        text.push_str("児童手当の認定、");
        if text.chars().count() > 7900 {
            text.clear();
        }
        let edit =
            Edit::Value { path: Path::top(ids::I_TASK_CONTENT), entry: Some(Entry::text(&format!("{i}:{text}"))) };
        store.save(&[edit]).unwrap();
        println!("{i}");
    }
}

#[test]
fn killing_the_program_mid_save_loses_nothing_saved() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("crash.hyoka");
    Store::create(&path, current()).unwrap().close().unwrap();

    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--ignored", "--exact", "child_saving_in_a_loop", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, &path)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut last_saved = None;
    for line in BufReader::new(child.stdout.take().unwrap()).lines() {
        if let Ok(n) = line.unwrap().trim().parse::<u64>() {
            last_saved = Some(n);
            if n >= 300 {
                break;
            }
        }
    }
    child.kill().unwrap();
    child.wait().unwrap();
    let last_saved = last_saved.expect("the child saved something");

    let store = Store::open(&path).expect("the file is valid after the kill");
    let doc = store.load_draft().unwrap();
    let text = doc.text(&Path::top(ids::I_TASK_CONTENT));
    let stored: u64 = text.split(':').next().unwrap().parse().unwrap();
    assert!(stored >= last_saved, "save {last_saved} was reported finished but the file holds {stored}");
}

/// Runs the saving child and kills it `delay` after its `saves`-th finished save.
fn kill_after(path: &std::path::Path, saves: u64, delay: std::time::Duration) {
    let mut child = Command::new(std::env::current_exe().unwrap())
        .args(["--ignored", "--exact", "child_saving_in_a_loop", "--nocapture", "--test-threads=1"])
        .env(CHILD_ENV, path)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    for line in BufReader::new(child.stdout.take().unwrap()).lines() {
        if line.unwrap().trim().parse::<u64>().is_ok_and(|n| n >= saves) {
            break;
        }
    }
    std::thread::sleep(delay);
    child.kill().unwrap();
    child.wait().unwrap();
}

fn journal_of(path: &std::path::Path) -> std::path::PathBuf {
    std::path::PathBuf::from(format!("{}-journal", path.display()))
}

/// Kills the saving child until one kill cuts a save short after its journal was complete (a
/// hot journal: record count written, so the file may already hold half the save). Returns
/// false if none did in many tries.
fn crash_mid_save(path: &std::path::Path) -> bool {
    for round in 0..600u64 {
        // Spread the kills over the whole of a save, not just its start.
        kill_after(path, 5 + round % 7, std::time::Duration::from_micros(round * 7919 % 4000));
        let Ok(journal) = std::fs::read(journal_of(path)) else { continue };
        if journal.len() >= 12 && journal[8..12] != [0, 0, 0, 0] {
            return true;
        }
        // A journal without records is dropped by SQLite as it is: open once to clear it.
        Store::open(path).unwrap().close().unwrap();
    }
    false
}

fn hyokasho_cli(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_hyokasho")).args(args).output().unwrap()
}

#[test]
fn read_commands_recover_an_interrupted_save_and_say_so() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kokuho.hyoka");
    Store::create(&path, current()).unwrap().close().unwrap();
    assert!(crash_mid_save(&path), "no kill left a journal");
    let f = path.to_str().unwrap();
    let out = dir.path().join("out.ron");
    // The first reader rolls the interrupted save back and tells the user; the rest just read.
    let o = hyokasho_cli(&["export", f, "-o", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let told = String::from_utf8_lossy(&o.stderr);
    assert!(told.contains("保存の途中") && told.contains("お知らせ"), "{told}");
    assert!(!journal_of(&path).exists());
    for args in [vec!["versions", f], vec!["check", f], vec!["diff", f, "draft", "draft"]] {
        let o = hyokasho_cli(&args);
        assert!(matches!(o.status.code(), Some(0 | 1)), "{args:?}: {}", String::from_utf8_lossy(&o.stderr));
    }
    let pdf = dir.path().join("out.pdf");
    assert!(hyokasho_cli(&["pdf", f, "-o", pdf.to_str().unwrap()]).status.success());
}

#[test]
fn a_stale_journal_beside_a_restored_backup_is_set_aside_and_never_applied() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("hoiku.hyoka");
    let mut store = Store::create(&path, current()).unwrap();
    let edit = Edit::Value {
        path: Path::top(ids::I_TASK_CONTENT),
        entry: Some(Entry::text("保育所の入所に関する事務（昨日）")),
    };
    store.save(&[edit]).unwrap();
    store.close().unwrap();
    let backup = std::fs::read(&path).unwrap();
    assert!(crash_mid_save(&path), "no kill left a journal");
    // The user restores yesterday's backup over the crashed file; the journal stays beside it.
    std::fs::write(&path, &backup).unwrap();
    let o = hyokasho_cli(&["versions", path.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let told = String::from_utf8_lossy(&o.stderr);
    assert!(told.contains("このファイルのものではない"), "{told}");
    assert!(!journal_of(&path).exists());
    assert!(std::path::PathBuf::from(format!("{}-journal.orphan", path.display())).exists());
    assert_eq!(std::fs::read(&path).unwrap(), backup, "the backup is opened as it is");
    let doc = Store::open(&path).unwrap().load_draft().unwrap();
    assert_eq!(doc.text(&Path::top(ids::I_TASK_CONTENT)), "保育所の入所に関する事務（昨日）");
}

#[test]
fn a_journal_is_never_played_into_another_assessment_copied_over_the_crashed_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("koki.hyoka");
    Store::create(&path, current()).unwrap().close().unwrap();
    // Another assessment, made and saved just as often: same schema, same page size.
    let other = dir.path().join("other.hyoka");
    let mut store = Store::create(&other, current()).unwrap();
    let edit = Edit::Value {
        path: Path::top(ids::I_TASK_CONTENT),
        entry: Some(Entry::text("後期高齢者医療に関する事務")),
    };
    store.save(&[edit]).unwrap();
    store.close().unwrap();
    let other_bytes = std::fs::read(&other).unwrap();
    assert!(crash_mid_save(&path), "no kill left a journal");
    std::fs::copy(&other, &path).unwrap();
    let o = hyokasho_cli(&["versions", path.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(String::from_utf8_lossy(&o.stderr).contains("このファイルのものではない"));
    assert_eq!(std::fs::read(&path).unwrap(), other_bytes, "the other assessment is untouched");
}

#[test]
fn a_journal_is_never_played_into_a_copy_of_the_same_file_edited_elsewhere() {
    // 介護保険: the department copies its file to work on at home, edits the copy once; the office
    // PC crashes mid-save; back at the office the copy is copied over the crashed file. The copy
    // started from the very state the crashed save started from, one save further on.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kaigo.hyoka");
    Store::create(&path, current()).unwrap().close().unwrap();
    assert!(crash_mid_save(&path), "no kill left a journal");
    let home = tempfile::tempdir().unwrap();
    let copy = home.path().join("kaigo.hyoka");
    std::fs::copy(&path, &copy).unwrap();
    std::fs::copy(journal_of(&path), journal_of(&copy)).unwrap();
    // Opening the copy rolls its own journal back: the state before the crashed save.
    let mut store = Store::open(&copy).unwrap();
    let edit = Edit::Value {
        path: Path::top(ids::I_TASK_CONTENT),
        entry: Some(Entry::text("要介護認定に関する事務（自宅で修正）")),
    };
    store.save(&[edit]).unwrap();
    store.close().unwrap();
    let copy_bytes = std::fs::read(&copy).unwrap();

    std::fs::copy(&copy, &path).unwrap();
    let o = hyokasho_cli(&["versions", path.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let told = String::from_utf8_lossy(&o.stderr);
    assert!(told.contains("このファイルのものではない") && !told.contains("保存の途中"), "{told}");
    assert_eq!(std::fs::read(&path).unwrap(), copy_bytes, "the copy is opened as it is");
    let doc = Store::open(&path).unwrap().load_draft().unwrap();
    assert_eq!(doc.text(&Path::top(ids::I_TASK_CONTENT)), "要介護認定に関する事務（自宅で修正）");
}
