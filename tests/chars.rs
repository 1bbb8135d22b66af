//! Every character comes out as typed, or the user is told. A 介護保険 assessment whose 事務の内容
//! holds what staff paste and what residents' names need (葛󠄀, 𠮷, 𩸽, radicals from a PDF, a TAB
//! from Excel, a stray control character, a Private Use 外字) is imported as from outside, printed
//! in both editions and checked: what prints comes back from the PDF exactly, what cannot print
//! is a 〓 and a 事前点検 finding naming it.

use hyokasho::doc::Path;
use hyokasho::form::ids;
use hyokasho::store::Store;
use std::path::Path as FsPath;
use std::process::{Command, Output};

/// (what is typed, what the PDF must give back, whether no font has it)
const CASES: &[(&str, &str, bool)] = &[
    ("葛\u{E0100}飾区", "葛\u{E0100}飾区", false),
    ("𠮷田", "𠮷田", false),
    ("𩸽の干物", "𩸽の干物", false),
    ("\u{2F0A}\u{2F12}作業", "入力作業", false),
    ("﨑山", "﨑山", false),
    ("記入\u{F91D}", "記入欄", false),
    // Printed as four spaces; poppler reads them back as one.
    ("氏名\t住所", "氏名 住所", false),
    ("警告\u{7}音", "警告音", false),
    ("髙橋", "髙橋", false),
    ("①申請", "①申請", false),
    ("10時〜12時", "10時〜12時", false),
    ("外字\u{E000}子", "外字〓子", true),
    ("未割当\u{3FFFD}字", "未割当〓字", true),
];

fn ron() -> String {
    let lines: Vec<String> =
        CASES.iter().enumerate().map(|(i, (typed, ..))| format!("例{:02}「{typed}」", i + 1)).collect();
    format!(
        r#"Assessment(
    format: 1,
    form: "h30-05-4",
    values: {{
        "cover.title": Text("介護保険に関する事務 全項目評価書"),
        "cover.body": Text("あおば町長"),
        "i.task.name": Text("介護保険に関する事務"),
        "i.task.content": Text("{}"),
    }},
)
"#,
        lines.join("\n")
    )
}

fn hyokasho(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_hyokasho")).args(args).output().expect("the binary runs")
}

fn s(p: &FsPath) -> &str {
    p.to_str().unwrap()
}

/// Imports the file with `hyokasho import`, as a user does; returns the file and the notices the
/// command printed (one line each).
fn imported(dir: &FsPath) -> (std::path::PathBuf, Vec<String>) {
    let src = dir.join("kaigo.ron");
    std::fs::write(&src, ron()).unwrap();
    let file = dir.join("kaigo.hyoka");
    let o = hyokasho(&["import", s(&src), s(&file)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let prefix = format!("お知らせ: {}: ", src.display());
    let notes = String::from_utf8_lossy(&o.stderr)
        .lines()
        .filter_map(|l| l.strip_prefix(prefix.as_str()))
        .map(str::to_owned)
        .collect();
    (file, notes)
}

/// The text of a PDF as poppler reads it, in drawing order, white space kept.
fn pdftotext(pdf: &FsPath) -> String {
    let out = Command::new("pdftotext").arg("-raw").arg(pdf).arg("-").output().expect("poppler-utils is installed");
    assert!(out.status.success());
    String::from_utf8(out.stdout).unwrap()
}

/// What the PDF gives back for case `n`: the text between 「例nn「」 and the next 「」」.
fn case_in(text: &str, n: usize) -> Option<&str> {
    let start = format!("例{n:02}「");
    let at = text.find(&start)? + start.len();
    let len = text[at..].find('」')?;
    Some(&text[at..at + len])
}

#[test]
fn every_typed_character_comes_back_from_both_pdf_editions_or_prints_as_geta() {
    let dir = tempfile::tempdir().unwrap();
    let (file, _) = imported(dir.path());
    for public in [false, true] {
        let pdf = dir.path().join(if public { "public.pdf" } else { "review.pdf" });
        let mut args = vec!["pdf", s(&file), "-o", s(&pdf)];
        if public {
            args.push("--public");
        }
        let o = hyokasho(&args);
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
        let text = pdftotext(&pdf);
        let mut wrong = Vec::new();
        for (i, (typed, printed, unprintable)) in CASES.iter().enumerate() {
            let got = case_in(&text, i + 1);
            if got != Some(*printed) {
                wrong.push(format!("{typed:?}: want {printed:?}, got {got:?}"));
            }
            if !unprintable && got.is_some_and(|g| g.contains('〓')) {
                wrong.push(format!("{typed:?} is printable but printed as 〓"));
            }
        }
        assert!(wrong.is_empty(), "public={public}:\n{}", wrong.join("\n"));
    }
}

#[test]
fn importing_replaces_radicals_and_control_characters_and_says_so() {
    let dir = tempfile::tempdir().unwrap();
    let (file, notes) = imported(dir.path());
    assert_eq!(
        notes,
        [
            "8行目 i.task.content: 部首・互換用の文字（U+2F0A、U+2F12、U+F91D）を通常の漢字（入力欄）に置き換えました。印刷できない制御文字（U+0007）を取り除きました。"
        ]
    );
    let doc = Store::open_read_only(&file).unwrap().load_draft().unwrap();
    let content = doc.text(&Path::top(ids::I_TASK_CONTENT));
    assert!(content.contains("例04「入力作業」") && content.contains("例08「警告音」"), "{content}");
    assert!(content.contains("例06「記入欄」") && content.contains("﨑山"), "U+FA11 is a unified ideograph: kept");
    assert!(content.contains("氏名\t住所"), "a TAB is kept (and printed as spaces)");
}

#[test]
fn a_character_no_font_has_is_a_precheck_finding_naming_it_and_its_item() {
    let dir = tempfile::tempdir().unwrap();
    let (file, _) = imported(dir.path());
    let o = hyokasho(&["check", s(&file), "--format", "json"]);
    let findings: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let c05: Vec<&serde_json::Value> = findings.as_array().unwrap().iter().filter(|f| f["rule"] == "C05").collect();
    assert_eq!(c05.len(), 1, "{c05:#?}");
    assert_eq!(c05[0]["severity"], "警告");
    assert_eq!(c05[0]["items"][0]["path"], "i.task.content");
    let message = c05[0]["message"].as_str().unwrap();
    assert!(message.contains("U+E000（\u{E000}）、U+3FFFD（\u{3FFFD}）"), "{message}");
    for printable in ["20BB7", "29E3D", "E0100", "9AD9"] {
        assert!(!message.contains(printable), "U+{printable} prints: {message}");
    }
}

#[test]
fn a_ron_file_saved_by_notepad_with_a_byte_order_mark_imports() {
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path().join("bom.ron");
    std::fs::write(&src, format!("\u{FEFF}{}", ron())).unwrap();
    let file = dir.path().join("bom.hyoka");
    let o = hyokasho(&["import", s(&src), s(&file)]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
}

/// Issue 17: every character the program itself shows — the form (labels, guidance, options),
/// the strings of the window, the CLI and the messages, and the sample assessments — is in the
/// bundled fonts, so no screen or PDF of ours shows a box or 〓 whatever fonts the PC has.
/// Comments in the code are skipped; a string literal's characters count.
#[test]
fn every_character_of_the_form_the_interface_and_the_samples_is_in_the_bundled_fonts() {
    let root = FsPath::new(env!("CARGO_MANIFEST_DIR"));
    let mut sources: Vec<(String, String)> = Vec::new();
    let mut walk = vec![root.join("src"), root.join("assets/form"), root.join("assessments")];
    while let Some(dir) = walk.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk.push(path);
            } else if path.extension().is_some_and(|e| e == "rs" || e == "ron") {
                sources.push((path.display().to_string(), std::fs::read_to_string(&path).unwrap()));
            }
        }
    }
    assert!(sources.len() > 40, "the walk found the sources");
    let coverage = hyokasho::chars::Coverage::get();
    let mut missing: Vec<String> = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for (file, text) in &sources {
        for line in text.lines() {
            // A comment line of Rust or RON (the strings of the program are what it shows).
            if line.trim_start().starts_with("//") {
                continue;
            }
            for c in line.chars() {
                if seen.insert(c) && !coverage.can_render(c) {
                    missing.push(format!("U+{:04X} {c} in {file}: {line}", c as u32));
                }
            }
        }
    }
    assert!(seen.len() > 1000, "only {} distinct characters were read", seen.len());
    assert!(missing.is_empty(), "not in the bundled fonts:\n{}", missing.join("\n"));
}
