//! The command line as a user meets it: every command on the samples, and every bad input
//! answered in Japanese with exit code 2 and nothing written.

mod common;

use common::{hyokasho, s, stderr, stdout};
use std::path::{Path, PathBuf};
use std::process::Output;

const SAMPLE: &str = "assessments/midori-jidoteate-r7.ron";

/// Asserts a refusal: exit code 2 and a Japanese message containing `needle`.
fn refused(o: &Output, needle: &str) {
    assert_eq!(o.status.code(), Some(2), "stdout: {}\nstderr: {}", stdout(o), stderr(o));
    let e = stderr(o);
    assert!(e.starts_with("エラー: "), "{e}");
    assert!(e.contains(needle), "expected {needle:?} in: {e}");
}

fn imported(dir: &Path) -> PathBuf {
    let file = dir.join("midori.hyoka");
    let o = hyokasho(&["import", SAMPLE, s(&file)]);
    assert!(o.status.success(), "{}", stderr(&o));
    file
}

#[test]
fn help_lists_every_command_in_japanese() {
    let o = hyokasho(&["--help"]);
    assert!(o.status.success());
    let h = stdout(&o);
    for cmd in ["new", "import", "export", "freeze", "versions", "pdf", "check", "diff"] {
        assert!(h.contains(&format!("hyokasho {cmd}")), "{cmd} missing from help");
    }
    assert!(h.contains("使い方") && h.contains("段階"));
}

#[test]
fn import_export_of_the_sample_gives_the_same_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let file = imported(dir.path());
    let out = dir.path().join("out.ron");
    let o = hyokasho(&["export", s(&file), "-o", s(&out)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(std::fs::read(&out).unwrap(), std::fs::read(SAMPLE).unwrap());
}

#[test]
fn freeze_prints_the_version_number_and_versions_lists_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = imported(dir.path());
    let o = hyokasho(&["freeze", s(&file), "--stage", "第三者点検", "--note", "部会提出用"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).trim(), "1");
    let o = hyokasho(&["freeze", s(&file), "--stage", "published"]);
    assert_eq!(stdout(&o).trim(), "2");
    let list = stdout(&hyokasho(&["versions", s(&file)]));
    let lines: Vec<&str> = list.lines().collect();
    assert_eq!(lines.len(), 3, "{list}");
    assert!(lines[1].starts_with("1\t第三者点検\t") && lines[1].ends_with("\t部会提出用"), "{list}");
    assert!(lines[2].starts_with("2\t公表\t"), "{list}");
    // 確定日時 in 和暦 and local time, as the window shows it (「令和8年12月1日 10:36」).
    let at = lines[1].split('\t').nth(2).unwrap();
    assert!(at.starts_with("令和") && at.contains("月") && at.contains(':') && !at.contains('T'), "{at}");
    let sha = lines[1].split('\t').nth(3).unwrap();
    assert_eq!(sha, hyokasho::store::digest(&std::fs::read_to_string(SAMPLE).unwrap()));

    let v1 = dir.path().join("v1.ron");
    assert!(hyokasho(&["export", s(&file), "--version", "1", "-o", s(&v1)]).status.success());
    assert_eq!(std::fs::read(&v1).unwrap(), std::fs::read(SAMPLE).unwrap());
    refused(&hyokasho(&["export", s(&file), "--version", "9", "-o", s(&v1)]), "第9版はありません");
}

#[test]
fn new_creates_an_assessment_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("new.hyoka");
    let o = hyokasho(&["new", s(&file), "--title", "後期高齢者医療に関する事務 全項目評価書", "--body", "みどり市長"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = dir.path().join("new.ron");
    hyokasho(&["export", s(&file), "-o", s(&out)]);
    assert!(std::fs::read_to_string(&out).unwrap().contains("後期高齢者医療に関する事務 全項目評価書"));
    let before = std::fs::read(&file).unwrap();
    refused(&hyokasho(&["new", s(&file), "--title", "x"]), "既にあります");
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

#[test]
fn an_over_long_title_creates_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("long.hyoka");
    let title = "あ".repeat(201);
    refused(&hyokasho(&["new", s(&file), "--title", &title]), "上限の 200 文字");
    assert!(!file.exists());
}

#[test]
fn malformed_ron_is_rejected_with_line_and_column_and_nothing_is_written() {
    let dir = tempfile::tempdir().unwrap();
    let file = imported(dir.path());
    let before = std::fs::read(&file).unwrap();
    let bad = dir.path().join("bad.ron");
    let text = std::fs::read_to_string(SAMPLE).unwrap().replacen(
        "Choice(\"10万人以上30万人未満\"),",
        "Choice(\"10万人以上30万人未満\")",
        1,
    );
    std::fs::write(&bad, text).unwrap();
    let o = hyokasho(&["import", s(&bad), s(&file)]);
    refused(&o, "行");
    assert!(stderr(&o).contains("列") && stderr(&o).contains("RON の書き方"), "{}", stderr(&o));
    assert_eq!(std::fs::read(&file).unwrap(), before, "the existing file must not change");
    let fresh = dir.path().join("fresh.hyoka");
    hyokasho(&["import", s(&bad), s(&fresh)]);
    assert!(!fresh.exists());
}

#[test]
fn an_unknown_item_names_the_item_path_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.ron");
    let text = std::fs::read_to_string(SAMPLE)
        .unwrap()
        .replace("\"handlers\": Choice(\"10人以上50人未満\")", "\"handler\": Choice(\"10人以上50人未満\")");
    std::fs::write(&bad, &text).unwrap();
    let line = text.lines().position(|l| l.contains("\"handler\"")).unwrap() + 1;
    let o = hyokasho(&["import", s(&bad), s(&dir.path().join("x.hyoka"))]);
    refused(&o, &format!("の {line} 行"));
    assert!(
        stderr(&o).contains("ii.file.outsourcing.task.handler[f-teate/t-hoshu]") || stderr(&o).contains("handler"),
        "{}",
        stderr(&o)
    );
    assert!(stderr(&o).contains("様式にない項目"), "{}", stderr(&o));
}

#[test]
fn a_wrong_option_is_explained_with_the_official_item_number() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.ron");
    let text = std::fs::read_to_string(SAMPLE).unwrap().replacen("Choice(\"再委託する\")", "Choice(\"再委託あり\")", 1);
    std::fs::write(&bad, &text).unwrap();
    let o = hyokasho(&["import", s(&bad), s(&dir.path().join("x.hyoka"))]);
    refused(&o, "「再委託あり」は");
    assert!(stderr(&o).contains("⑦再委託の有無"), "{}", stderr(&o));
}

/// Runs every command that reads a file and checks each is refused with `needle`, leaving the
/// file byte-identical.
fn every_reader_refuses(file: &Path, needle: &str) {
    let before = std::fs::read(file).unwrap();
    let dir = file.parent().unwrap();
    let out = dir.join("out.ron");
    refused(&hyokasho(&["versions", s(file)]), needle);
    refused(&hyokasho(&["export", s(file), "-o", s(&out)]), needle);
    refused(&hyokasho(&["freeze", s(file), "--stage", "事前点検"]), needle);
    refused(&hyokasho(&["import", SAMPLE, s(file), "--replace"]), needle);
    assert!(!out.exists());
    assert_eq!(std::fs::read(file).unwrap(), before, "the file must be left byte-identical");
    let names: Vec<_> = std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(names.len(), 1, "nothing may be created beside it: {names:?}");
}

#[test]
fn a_file_that_is_not_a_database_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("letter.hyoka");
    std::fs::write(&file, "これは評価書ではありません。".repeat(20)).unwrap();
    every_reader_refuses(&file, "評価書ファイル（.hyoka）ではないか");
}

#[test]
fn a_damaged_assessment_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let good = imported(dir.path());
    let mut bytes = std::fs::read(&good).unwrap();
    std::fs::remove_file(&good).unwrap();
    // Keep the header (so it still looks like ours) and overwrite the pages behind it.
    for b in bytes.iter_mut().skip(100).step_by(7) {
        *b = 0xA5;
    }
    let file = dir.path().join("damaged.hyoka");
    std::fs::write(&file, &bytes).unwrap();
    every_reader_refuses(&file, "壊れて");
}

/// One flipped byte where a flip is likeliest to mislead: the header's user_version (once read as
/// an old format to upgrade; zeroed as well), its write version (once read as a read-only file), and one byte of
/// a stored answer (once 「予期しないエラー」 with SQLite's English). Each is called damaged.
#[test]
fn a_single_flipped_byte_is_called_damage_not_an_old_format_or_a_read_only_file() {
    let dir = tempfile::tempdir().unwrap();
    let good = imported(dir.path());
    let bytes = std::fs::read(&good).unwrap();
    std::fs::remove_file(&good).unwrap();
    // Stored answers (`Text("…")` in the draft rows) that begin with a Japanese character: their
    // first byte made invalid UTF-8 (every copy, since a free page may hold a stale one).
    let answers: Vec<usize> = bytes
        .windows(7)
        .enumerate()
        .filter(|(_, w)| w.starts_with(b"Text(\"") && w[6] >= 0xE0)
        .map(|(i, _)| i + 6)
        .collect();
    assert!(!answers.is_empty());
    let cases = [
        ("uv.hyoka", vec![60], 0xFE),
        // A zeroed user_version reads as format 0, a creation cut short; with tables in the file
        // it is damage (it was once advice to upgrade, then 「予期しないエラー」 on writing).
        ("uv0.hyoka", vec![60, 61, 62, 63], 0x00),
        ("wv.hyoka", vec![18], 0x07),
        ("value.hyoka", answers, 0xFF),
    ];
    for (name, at, to) in cases {
        let mut flipped = bytes.clone();
        for i in at {
            flipped[i] = to;
        }
        let sub = dir.path().join(name.trim_end_matches(".hyoka"));
        std::fs::create_dir(&sub).unwrap();
        let file = sub.join(name);
        std::fs::write(&file, &flipped).unwrap();
        for o in [hyokasho(&["versions", s(&file)]), hyokasho(&["freeze", s(&file), "--stage", "事前点検"])] {
            let err = String::from_utf8_lossy(&o.stderr);
            assert!(!o.status.success(), "{name}: {err}");
            for wrong in ["古い", "予期しない", "読み取り専用", "書き込めません"] {
                assert!(!err.contains(wrong), "{name}: {err}");
            }
            assert!(err.contains("壊れ"), "{name}: {err}");
        }
        assert_eq!(std::fs::read(&file).unwrap(), flipped, "{name}: left byte-identical");
    }
}

#[test]
fn a_foreign_sqlite_file_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("other.hyoka");
    let conn = rusqlite::Connection::open(&file).unwrap();
    conn.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);").unwrap();
    drop(conn);
    every_reader_refuses(&file, "別のアプリケーションのデータベース");
}

#[test]
fn a_newer_file_format_is_refused_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let file = imported(dir.path());
    let conn = rusqlite::Connection::open(&file).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    every_reader_refuses(&file, "新しいバージョンの hyokasho");
}

#[test]
fn a_second_process_cannot_write_while_the_file_is_open() {
    let dir = tempfile::tempdir().unwrap();
    let file = imported(dir.path());
    // Read before taking the lock: closing any descriptor of the file in this process would
    // drop the process's POSIX locks (the reason the program never reopens an open file).
    let holder = hyokasho::store::Store::open(&file).unwrap();
    let versions_before = holder.versions().unwrap();
    refused(&hyokasho(&["freeze", s(&file), "--stage", "事前点検"]), "別の hyokasho");
    refused(&hyokasho(&["import", SAMPLE, s(&file), "--replace"]), "別の hyokasho");
    refused(&hyokasho(&["versions", s(&file)]), "別の hyokasho");
    assert_eq!(holder.versions().unwrap(), versions_before);
    holder.close().unwrap();
    assert!(hyokasho(&["freeze", s(&file), "--stage", "事前点検"]).status.success());
}

#[test]
fn an_unwritable_export_path_is_explained() {
    let dir = tempfile::tempdir().unwrap();
    let file = imported(dir.path());
    let out = dir.path().join("no-such-folder").join("out.ron");
    refused(&hyokasho(&["export", s(&file), "-o", s(&out)]), "書き出せません");
    assert!(!out.exists());
}

#[test]
fn usage_mistakes_are_explained() {
    refused(&hyokasho(&["frobnicate"]), "「frobnicate」というコマンドはありません");
    refused(&hyokasho(&["new", "x.hyoka"]), "--title");
    refused(&hyokasho(&["freeze", "x.hyoka", "--stage", "完成"]), "段階「完成」はありません");
    refused(&hyokasho(&["export", "x.hyoka", "--version", "abc", "-o", "y.ron"]), "版番号");
    refused(&hyokasho(&["versions", "does-not-exist.hyoka"]), "ファイルが見つかりません");
    refused(&hyokasho(&["import", "does-not-exist.ron", "x.hyoka"]), "見つかりません");
}

/// The r7 sample frozen as version 1 and r8 imported as the draft.
fn two_years(dir: &Path) -> PathBuf {
    let file = imported(dir);
    assert!(hyokasho(&["freeze", s(&file), "--stage", "公表"]).status.success());
    let o = hyokasho(&["import", "assessments/midori-jidoteate-r8.ron", s(&file), "--replace"]);
    assert!(o.status.success(), "{}", stderr(&o));
    file
}

#[test]
fn diff_lists_the_changes_between_a_version_and_the_draft_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let file = two_years(dir.path());
    let o = hyokasho(&["diff", s(&file), "1", "draft"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(
        out.starts_with("比較: 第1版（公表） → 下書き\n変更 18件（うち重要な変更の可能性 2件、表記のみ 2件）"),
        "{out}"
    );
    assert!(out.contains("[重要な変更の可能性] 追加 Ⅱ 特定個人情報ファイル1 4. 委託事項4"), "{out}");
    assert!(out.contains("年[-6-]回") && out.contains("年{+６+}回"), "wording change marked: {out}");
    assert!(!out.contains('\x1b'), "no colour codes when not on a terminal");

    let o = hyokasho(&["diff", s(&file), "1", "draft", "--format", "json"]);
    assert_eq!(o.status.code(), Some(1));
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(v["summary"]["changes"], 18);
    assert_eq!(v["summary"]["significant"], 2);
    let moved: Vec<&serde_json::Value> =
        v["changes"].as_array().unwrap().iter().filter(|c| c["what"] == "moved").collect();
    assert_eq!(moved.len(), 1);
    assert_eq!((moved[0]["from"].as_u64(), moved[0]["to"].as_u64()), (Some(3), Some(2)));
}

#[test]
fn diff_of_identical_versions_reports_no_changes_and_exits_0() {
    let dir = tempfile::tempdir().unwrap();
    let file = two_years(dir.path());
    let o = hyokasho(&["diff", s(&file), "1", "1"]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    assert!(stdout(&o).contains("変更はありません"));
}

#[test]
fn diff_writes_a_comparison_pdf_with_the_japanese_text() {
    let dir = tempfile::tempdir().unwrap();
    let file = two_years(dir.path());
    let pdf = dir.path().join("cmp.pdf");
    let o = hyokasho(&["diff", s(&file), "1", "draft", "--format", "pdf", "-o", s(&pdf)]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let text =
        std::process::Command::new("pdftotext").args([s(&pdf), "-"]).output().expect("pdftotext (poppler-utils) runs");
    let text = String::from_utf8_lossy(&text.stdout);
    for needle in [
        "変更箇所の比較",
        "変更 18件（うち重要な変更の可能性 2件、表記のみ 2件）",
        "株式会社みどりコンタクト",
        "重要な変更の可能性・追加",
    ] {
        assert!(text.contains(needle), "{needle} missing from the comparison PDF");
    }
    // The corrections list: each change with the pages of its item in both versions.
    let squashed: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    assert!(squashed.matches("ページ）").count() >= 18, "every change names its pages:\n{text}");
    assert!(squashed.contains("ページ→変更後"), "{text}");
}

#[test]
fn diff_mistakes_are_explained() {
    let dir = tempfile::tempdir().unwrap();
    let file = two_years(dir.path());
    refused(&hyokasho(&["diff", s(&file), "1"]), "比べる2つの版");
    refused(&hyokasho(&["diff", s(&file), "1", "7"]), "第7版");
    refused(&hyokasho(&["diff", s(&file), "1", "latest"]), "draft");
    refused(&hyokasho(&["diff", s(&file), "1", "draft", "--format", "pdf"]), "-o");
    refused(&hyokasho(&["diff", s(&file), "1", "draft", "--format", "html"]), "text・json・pdf");
}

/// 保育: the department revises its draft between 事前点検 and 第三者点検. Nothing was published
/// yet, so a ※-item change is a 修正, not a 重要な変更, and there is no 別添3 to write; once a
/// version is frozen at 公表, `published` names it and the comparison speaks of 重要な変更.
#[test]
fn before_the_first_publication_a_change_is_a_revision_not_a_significant_change() {
    let dir = tempfile::tempdir().unwrap();
    let ron = dir.path().join("hoiku.ron");
    let body = |content: &str| {
        format!(
            r#"Assessment(format: 1, form: "h30-05-4", values: {{
                "cover.title": Text("保育所等の利用調整に関する事務 全項目評価書"),
                "cover.body": Text("ひばり町長"),
                "i.task.content": Text("{content}"),
            }})"#
        )
    };
    std::fs::write(&ron, body("保育所等の利用申込みの受付と利用調整を行う。")).unwrap();
    let file = dir.path().join("hoiku.hyoka");
    assert!(hyokasho(&["import", s(&ron), s(&file)]).status.success());
    assert!(hyokasho(&["freeze", s(&file), "--stage", "事前点検"]).status.success());
    std::fs::write(&ron, body("保育所等の利用申込みの受付、利用調整及び保育料の決定を行う。")).unwrap();
    assert!(hyokasho(&["import", s(&ron), s(&file), "--replace"]).status.success());

    let o = hyokasho(&["diff", s(&file), "1", "draft"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("公表前のため重要な変更には当たりません") && out.contains("[※項目の修正（公表前）]"), "{out}");
    assert!(!out.contains("重要な変更の可能性"), "{out}");
    let before = std::fs::read(&file).unwrap();
    refused(&hyokasho(&["diff", s(&file), "1", "draft", "--add-to-annex3"]), "まだ公表した版がありません");
    refused(&hyokasho(&["diff", s(&file), "published", "draft"]), "「公表」の段階で確定した版がありません");
    assert!(std::fs::read(&file).unwrap() == before, "refusals change nothing");

    // Published: the same kind of change is now possibly a 重要な変更, judged against 公表.
    assert!(hyokasho(&["freeze", s(&file), "--stage", "公表"]).status.success());
    std::fs::write(&ron, body("保育所等の利用申込みの受付、利用調整、保育料の決定及び徴収を行う。")).unwrap();
    assert!(hyokasho(&["import", s(&ron), s(&file), "--replace"]).status.success());
    let o = hyokasho(&["diff", s(&file), "published", "draft"]);
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.contains("公表） → 下書き") && out.contains("[重要な変更の可能性]"), "{out}");
    // Whatever the older side: changes reaching past the 公表 version may be 重要な変更 …
    let out = stdout(&hyokasho(&["diff", s(&file), "1", "draft"]));
    assert!(out.contains("[重要な変更の可能性]") && !out.contains("公表前"), "{out}");
    // … while those up to the 公表 version itself are the revisions that led to it.
    let listed = stdout(&hyokasho(&["versions", s(&file)]));
    let published = listed.lines().find(|l| l.contains("\t公表\t")).and_then(|l| l.split('\t').next()).unwrap();
    let out = stdout(&hyokasho(&["diff", s(&file), "1", published]));
    assert!(out.contains("公表前のため重要な変更には当たりません"), "{out}");
    let before = std::fs::read(&file).unwrap();
    let o = hyokasho(&["diff", s(&file), "99", "draft", "--add-to-annex3"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(std::fs::read(&file).unwrap() == before, "a refusal changes nothing");
    let o = hyokasho(&["diff", s(&file), "published", "draft", "--add-to-annex3"]);
    assert!(o.status.success(), "{}", stderr(&o));
    // A second time there is nothing to add: said so, and the file is not touched.
    let before = std::fs::read(&file).unwrap();
    let o = hyokasho(&["diff", s(&file), "published", "draft", "--add-to-annex3"]);
    assert!(o.status.success() && stdout(&o).contains("追加する変更箇所はありません"), "{}", stdout(&o));
    assert!(std::fs::read(&file).unwrap() == before, "nothing added, nothing written");
}

#[test]
fn writing_an_assessment_in_a_synced_folder_warns_on_stderr_and_still_writes() {
    let dir = tempfile::tempdir().unwrap();
    let synced = dir.path().join("Dropbox");
    std::fs::create_dir(&synced).unwrap();
    let file = synced.join("児童手当.hyoka");
    let o = hyokasho(&["import", SAMPLE, s(&file)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(file.exists());
    let e = stderr(&o);
    assert!(e.starts_with("注意: ") && e.contains("Dropboxで同期されるフォルダー"), "{e}");
    assert!(e.contains("このパソコンのフォルダー"), "says what to do: {e}");
    // Reading it (check) does not warn; changing it (freeze) does.
    let o = hyokasho(&["check", s(&file)]);
    assert!(!stderr(&o).contains("注意: "), "{}", stderr(&o));
    let o = hyokasho(&["freeze", s(&file), "--stage", "作成中"]);
    assert!(o.status.success() && stderr(&o).contains("同期されるフォルダー"), "{}", stderr(&o));
    // In a local folder, nothing is said.
    let o = hyokasho(&["import", SAMPLE, s(&dir.path().join("local.hyoka"))]);
    assert!(o.status.success() && !stderr(&o).contains("注意: "), "{}", stderr(&o));
}

/// A file this user may not read is called unreadable, not unwritable. The tests usually run as
/// root, who reads everything, so the command then runs as the user nobody (setpriv).
#[cfg(unix)]
#[test]
fn a_file_that_cannot_be_read_is_called_unreadable() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let file = imported(dir.path());
    std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o755)).unwrap();
    std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o000)).unwrap();
    let root = std::process::Command::new("id").arg("-u").output().unwrap().stdout.starts_with(b"0\n");
    // nobody may not reach the build folder (a checkout under /root): a link beside the file.
    let exe = dir.path().join("hyokasho");
    if root {
        let built = env!("CARGO_BIN_EXE_hyokasho");
        std::fs::hard_link(built, &exe).or_else(|_| std::fs::copy(built, &exe).map(|_| ())).unwrap();
    }
    let run = |args: &[&str]| match root {
        true => std::process::Command::new("setpriv")
            .args(["--reuid=65534", "--regid=65534", "--clear-groups", s(&exe)])
            .args(args)
            .output()
            .expect("setpriv runs"),
        false => hyokasho(args),
    };
    let out = dir.path().join("out.pdf");
    for args in [vec!["versions", s(&file)], vec!["pdf", s(&file), "-o", s(&out)]] {
        let o = run(&args);
        let err = stderr(&o);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("読み取れません") && !err.contains("書き込めません"), "{args:?}: {err}");
    }
}

/// An output named as another kind of file is refused before anything is read or written.
#[test]
fn an_output_named_as_another_kind_of_file_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let file = imported(dir.path());
    let f = s(&file);
    for (args, named) in [
        (vec!["xlsx", f, "-o"], "結果.pdf"),
        (vec!["pdf", f, "-o"], "結果.xlsx"),
        (vec!["export", f, "-o"], "結果.xlsx"),
        (vec!["diff", f, "draft", "draft", "--format", "pdf", "-o"], "比較.json"),
    ] {
        let out = dir.path().join(named);
        let mut all = args.clone();
        all.push(s(&out));
        let o = hyokasho(&all);
        assert_eq!(o.status.code(), Some(2), "{all:?}: {}", stderr(&o));
        assert!(stderr(&o).contains("名前の最後を"), "{}", stderr(&o));
        assert!(!out.exists(), "{all:?} wrote {named}");
    }
    // A name of no kind of ours is taken as given.
    let out = dir.path().join("評価書の写し");
    assert!(hyokasho(&["export", f, "-o", s(&out)]).status.success());
}

/// 質問事項 by the command line on the blind 国民健康保険 file: a committee's twelve questions
/// (logs, USB media, 再委託, the data centre, deletion, audits, telework, remote maintenance) come
/// in as a CP932 CSV written in Excel, go out as .xlsx and come back into a copy unchanged; a
/// sheet with one bad row is refused with its line and imports nothing unless --skip-bad.
#[test]
fn a_committees_questions_come_in_as_cp932_csv_and_go_out_and_back_as_xlsx() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("国保.hyoka");
    assert!(hyokasho(&["import", "tests/defective/kokuho-clean.ron", s(&file)]).status.success());
    let text = std::fs::read_to_string("tests/fixtures/kokuho-review.csv.txt").unwrap().replace('\n', "\r\n");
    let (sjis, _, lossy) = encoding_rs::SHIFT_JIS.encode(&text);
    assert!(lossy, "𠮷 and 〜 go as character references");
    let csv = dir.path().join("質問事項.csv");
    std::fs::write(&csv, &sjis).unwrap();

    let o = hyokasho(&["review", "import", s(&file), s(&csv)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("12件追加し、0件更新"), "{}", stdout(&o));
    let o = hyokasho(&["review", "list", s(&file)]);
    let list = stdout(&o);
    assert!(list.contains("質問 12件（未回答 6件）"), "{list}");
    assert!(list.contains("𠮷田委員") && list.contains("〜①"), "every character came in: {list}");
    assert!(list.contains("質問4［未回答］ Ⅱ 4. ⑨再委託事項（特定個人情報ファイル1 委託事項2）"), "{list}");
    let o = hyokasho(&["review", "list", s(&file), "--status", "反映済"]);
    assert!(stdout(&o).contains("質問 1件（未回答 0件）"), "{}", stdout(&o));

    // Out as a workbook, into a copy of the assessment without questions: the same questions.
    let xlsx = dir.path().join("質問事項.xlsx");
    let o = hyokasho(&["review", "export", s(&file), "-o", s(&xlsx)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let copy = dir.path().join("写し.hyoka");
    assert!(hyokasho(&["import", "tests/defective/kokuho-clean.ron", s(&copy)]).status.success());
    assert!(hyokasho(&["review", "import", s(&copy), s(&xlsx)]).status.success());
    let json = |f: &Path| -> serde_json::Value {
        serde_json::from_slice(&hyokasho(&["review", "list", s(f), "--format", "json"]).stdout).unwrap()
    };
    assert_eq!(json(&copy), json(&file));
    // CP932 out warns about what it writes as references, and reads back the same.
    let out = dir.path().join("戻し.csv");
    let o = hyokasho(&["review", "export", s(&file), "-o", s(&out), "--encoding", "cp932"]);
    assert!(o.status.success() && stderr(&o).contains("𠮷"), "{}", stderr(&o));
    let again = dir.path().join("再び.hyoka");
    assert!(hyokasho(&["import", "tests/defective/kokuho-clean.ron", s(&again)]).status.success());
    assert!(hyokasho(&["review", "import", s(&again), s(&out)]).status.success());
    assert_eq!(json(&again), json(&file));

    // The 質問事項・回答一覧 for the meeting: every answered question, with its answer and the
    // page of its item in the 評価書 of the same state.
    let report = dir.path().join("質問事項.pdf");
    let o = hyokasho(&["report", s(&file), "-o", s(&report)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let printed = common::squash(&common::pdftotext(&std::fs::read(&report).unwrap()));
    let answered: Vec<serde_json::Value> =
        json(&file).as_array().unwrap().iter().filter(|q| q["answer"] != "").cloned().collect();
    assert_eq!(answered.len(), 5);
    for q in &answered {
        let answer = common::squash(q["answer"].as_str().unwrap());
        assert!(printed.contains(&answer), "{answer} not in the report:\n{printed}");
    }
    assert!(printed.contains("質問12件（未回答6件、回答済4件、反映済1件、対応不要1件）"), "{printed}");
    assert!(printed.matches("ページ）").count() >= 12, "every question with its page:\n{printed}");

    // The 部会報告書 draft, from Ⅵ and the questions: its four parts, the meeting of Ⅵ3①, the
    // 意見聴取 period, and every question in the 別紙.
    let draft = dir.path().join("部会報告書.pdf");
    let o = hyokasho(&["report", s(&file), "--committee", "-o", s(&draft)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let printed = common::squash(&common::pdftotext(&std::fs::read(&draft).unwrap()));
    for needle in [
        "1審議事項",
        "国民健康保険に関する事務全項目評価書について（かわせみ市長）",
        "2調査審議の内容",
        "令和7年6月16日から令和7年7月15日まで",
        "3部会の意見",
        "部会から、次のとおり点検結果の報告を受けた。",
        "4審議経過",
        "令和7年8月28日部会（第1回）",
        "別紙部会での意見と対応",
    ] {
        assert!(printed.contains(needle), "{needle} not in the 部会報告書:\n{printed}");
    }
    // The 部会's own questions are in the 別紙; the resident's opinion has its own summary.
    let resident = |q: &serde_json::Value| hyokasho::review::is_resident(q["asker"].as_str().unwrap_or(""));
    for q in json(&file).as_array().unwrap() {
        let question = common::squash(q["question"].as_str().unwrap());
        assert_eq!(printed.contains(&question), !resident(q), "{question} in the 別紙 only if a 部会 question");
    }
    assert_eq!(
        hyokasho(&["pdf", s(&file), "--committee", "-o", s(&draft)]).status.code(),
        Some(2),
        "only report takes it"
    );
    // The 市民意見 summary: the period of Ⅵ2 and the resident's opinion, no committee question.
    let summary = dir.path().join("市民意見.pdf");
    let o = hyokasho(&["report", s(&file), "--opinions", "-o", s(&summary)]);
    assert!(o.status.success(), "{}", stderr(&o));
    let printed = common::squash(&common::pdftotext(&std::fs::read(&summary).unwrap()));
    assert!(
        printed.contains("市民意見の概要と対応") && printed.contains("令和7年6月16日から令和7年7月15日まで（30日間）"),
        "{printed}"
    );
    let all = json(&file);
    assert_eq!(all.as_array().unwrap().iter().filter(|q| resident(q)).count(), 1);
    for q in all.as_array().unwrap() {
        let question = common::squash(q["question"].as_str().unwrap());
        assert_eq!(printed.contains(&question), resident(q), "{question} in the summary only if a resident's");
    }
    let both = hyokasho(&["report", s(&file), "--opinions", "--committee", "-o", s(&summary)]);
    assert_eq!(both.status.code(), Some(2));
    assert!(stderr(&both).contains("同時に指定できません"), "{}", stderr(&both));

    // One bad row (a status nobody uses, line 4): refused with the line, nothing imported.
    let bad = text.replacen(",反映済\r\n", ",済\r\n", 1);
    let bad_csv = dir.path().join("誤り.csv");
    std::fs::write(&bad_csv, encoding_rs::SHIFT_JIS.encode(&bad).0).unwrap();
    let fresh = dir.path().join("新.hyoka");
    assert!(hyokasho(&["import", "tests/defective/kokuho-clean.ron", s(&fresh)]).status.success());
    let before = std::fs::read(&fresh).unwrap();
    let o = hyokasho(&["review", "import", s(&fresh), s(&bad_csv)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        stderr(&o).contains("4行目: 状況「済」") && stderr(&o).contains("何も読み込みませんでした"),
        "{}",
        stderr(&o)
    );
    assert!(std::fs::read(&fresh).unwrap() == before, "nothing was written");
    let o = hyokasho(&["review", "import", s(&fresh), s(&bad_csv), "--skip-bad"]);
    assert!(
        o.status.success() && stdout(&o).contains("11件追加") && stdout(&o).contains("1行は除きました"),
        "{}",
        stdout(&o)
    );
}
