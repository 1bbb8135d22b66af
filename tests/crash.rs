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
