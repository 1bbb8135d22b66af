//! Property tests (issue 17): random and mutated inputs fed to every importer and opener —
//! the RON importer, the `.hyoka` opener the window uses (`Store::open` + `load_draft`), the
//! read-only opener of the start screen's recent files, and the command line. Whatever comes
//! in: no panic, no hang, a Japanese message that is not a library's English, the input file
//! unchanged, and nothing left behind.
//!
//! The base inputs are the 国民健康保険 assessment of tests/defective (not our sample), with
//! one frozen version so that version rows can be tampered with too.

mod common;

use common::{hyokasho, s, stderr};
use hyokasho::messages::{Error, japanese};
use hyokasho::store::{Stage, Store};
use proptest::prelude::*;
use std::path::Path as FsPath;
use std::sync::OnceLock;
use std::time::Duration;

const KOKUHO: &str = include_str!("defective/kokuho-clean.ron");

/// The first line of a message a user sees must be Japanese; a library's detail may follow on a
/// later line, marked 「詳細」.
fn assert_japanese(message: &str, what: &str) {
    let first = message.lines().next().unwrap_or("");
    assert!(
        first.chars().any(|c| matches!(c, '\u{3040}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}')),
        "{what}: the message does not start in Japanese: {message}"
    );
    for english in ["panicked", "called `", "Error {", "unwrap", "RUST_BACKTRACE"] {
        assert!(!message.contains(english), "{what}: {message}");
    }
}

/// Runs `f` on another thread and fails if it takes longer than `limit` (a hang).
fn within<T: Send + 'static>(limit: Duration, what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(std::panic::catch_unwind(std::panic::AssertUnwindSafe(f)));
    });
    match rx.recv_timeout(limit) {
        Ok(Ok(v)) => v,
        Ok(Err(panic)) => std::panic::resume_unwind(panic),
        Err(_) => panic!("{what}: no answer within {limit:?} (a hang)"),
    }
}

/// The files in a folder, by name.
fn listing(dir: &FsPath) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

/// The bytes of a `.hyoka` holding the 国民健康保険 assessment with one frozen version.
fn base_file() -> &'static [u8] {
    static BYTES: OnceLock<Vec<u8>> = OnceLock::new();
    BYTES.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kokuho.hyoka");
        let doc = hyokasho::ron_io::import(KOKUHO).unwrap();
        let mut store = Store::create_holding(&path, &doc).unwrap();
        store.freeze(Stage::Precheck, "事前点検に提出").unwrap();
        store.close().unwrap();
        std::fs::read(&path).unwrap()
    })
}

// ---- RON ----------------------------------------------------------------------------------

/// Fragments that break RON or the form in the ways people and attackers do.
const NASTY: &[&str] = &[
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    "\"",
    "\\",
    "\\u{0}",
    "\\u{D800}",
    "r#\"",
    "#",
    "/*",
    "//",
    "\u{0}",
    "\u{7}",
    "\u{1B}[2J",
    "\u{202E}",
    "\u{FEFF}",
    "\u{FFFD}",
    "葛\u{E0100}",
    "𠮷",
    "●●",
    "令和●年●月●日",
    "99999999999999999999999",
    "-1",
    "1e999",
    "NaN",
    "true",
    "None",
    "Some(",
    "withheld",
    "Date(",
    "ii.file[x].name",
    "unknown_item",
    "\n",
    "\r\n",
    "\t",
];

#[derive(Clone, Debug)]
enum RonMutation {
    Truncate(prop::sample::Index),
    Delete(prop::sample::Index, usize),
    Insert(prop::sample::Index, String),
    Duplicate(prop::sample::Index, usize),
    SwapLines(prop::sample::Index, prop::sample::Index),
}

fn ron_mutation() -> impl Strategy<Value = RonMutation> {
    let fragment = prop_oneof![
        prop::sample::select(NASTY).prop_map(str::to_owned),
        ".{0,40}",
        (prop::sample::select(NASTY), 1usize..2000).prop_map(|(s, n)| s.repeat(n)),
    ];
    prop_oneof![
        any::<prop::sample::Index>().prop_map(RonMutation::Truncate),
        (any::<prop::sample::Index>(), 1usize..200).prop_map(|(i, n)| RonMutation::Delete(i, n)),
        (any::<prop::sample::Index>(), fragment).prop_map(|(i, s)| RonMutation::Insert(i, s)),
        (any::<prop::sample::Index>(), 1usize..400).prop_map(|(i, n)| RonMutation::Duplicate(i, n)),
        (any::<prop::sample::Index>(), any::<prop::sample::Index>()).prop_map(|(a, b)| RonMutation::SwapLines(a, b)),
    ]
}

/// The char boundary at or before `i`.
fn boundary(s: &str, i: usize) -> usize {
    (0..=i.min(s.len())).rev().find(|&b| s.is_char_boundary(b)).unwrap()
}

fn mutate_ron(text: &str, mutations: &[RonMutation]) -> String {
    let mut s = text.to_owned();
    for m in mutations {
        match m {
            RonMutation::Truncate(i) => s.truncate(boundary(&s, i.index(s.len() + 1))),
            RonMutation::Delete(i, n) => {
                let a = boundary(&s, i.index(s.len() + 1));
                let b = boundary(&s, a + n);
                s.replace_range(a..b, "");
            }
            RonMutation::Insert(i, frag) => {
                let a = boundary(&s, i.index(s.len() + 1));
                s.insert_str(a, frag);
            }
            RonMutation::Duplicate(i, n) => {
                let a = boundary(&s, i.index(s.len() + 1));
                let b = boundary(&s, a + n);
                let copy = s[a..b].to_owned();
                s.insert_str(b, &copy);
            }
            RonMutation::SwapLines(a, b) => {
                let mut lines: Vec<&str> = s.lines().collect();
                if !lines.is_empty() {
                    let (x, y) = (a.index(lines.len()), b.index(lines.len()));
                    lines.swap(x, y);
                }
                s = lines.join("\n");
            }
        }
    }
    s
}

/// What the RON importer must do with any text: an assessment, or an error in Japanese.
fn import_any(text: String) {
    let result = within(Duration::from_secs(20), "RON import", move || {
        hyokasho::ron_io::import(&text)
            .map(|_| ())
            .map_err(|e| japanese(&Error::Ron { file: "入力.ron".into(), error: e }))
    });
    if let Err(message) = result {
        assert_japanese(&message, "RON import");
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_text_given_as_ron_is_imported_or_refused_in_japanese(text in "\\PC{0,300}|[()\\[\\]{}:,\"a-z_ 0-9]{0,300}") {
        import_any(text);
    }

    #[test]
    fn a_mutated_assessment_is_imported_or_refused_in_japanese(mutations in prop::collection::vec(ron_mutation(), 1..6)) {
        import_any(mutate_ron(KOKUHO, &mutations));
    }
}

#[test]
fn brackets_nested_a_hundred_thousand_deep_are_refused_without_overflowing_the_stack() {
    for open in ["(", "[", "{", "Some("] {
        let text = format!("{}{}", open.repeat(100_000), ")".repeat(100_000));
        let message = within(Duration::from_secs(20), open, move || hyokasho::ron_io::import(&text).map(|_| ()))
            .map_err(|e| japanese(&Error::Ron { file: "深い.ron".into(), error: e }))
            .expect_err("not an assessment");
        assert_japanese(&message, open);
    }
}

/// 10 MB typed into one answer: refused (an answer has a maximum length) with a message that
/// says which item and does not quote the 10 MB back; through the CLI nothing is written.
#[test]
fn ten_megabytes_in_one_answer_are_refused_by_name_and_nothing_is_written() {
    let huge = "国民健康保険税の賦課に関する記載。".repeat(10 * 1024 * 1024 / 51);
    let key = "\"i.task.content\": Text(\"";
    let at = KOKUHO.find(key).expect("the 事務の内容 is in the file") + key.len();
    let end = at + KOKUHO[at..].find("\"),\n").unwrap();
    let text = format!("{}{huge}{}", &KOKUHO[..at], &KOKUHO[end..]);
    assert!(text.len() > 10_000_000);
    let message = hyokasho::ron_io::import(&text)
        .map(|_| ())
        .map_err(|e| japanese(&Error::Ron { file: "巨大.ron".into(), error: e }))
        .expect_err("an answer this long is refused");
    assert_japanese(&message, "10 MB");
    assert!(message.len() < 4000, "the message quotes the input back: {} bytes", message.len());

    let dir = tempfile::tempdir().unwrap();
    let (input, output) = (dir.path().join("巨大.ron"), dir.path().join("巨大.hyoka"));
    std::fs::write(&input, &text).unwrap();
    let o = hyokasho(&["import", s(&input), s(&output)]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert_japanese(&stderr(&o).replace("エラー: ", ""), "CLI 10 MB");
    assert_eq!(listing(dir.path()), ["巨大.ron"]);
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, failure_persistence: None, ..ProptestConfig::default() })]

    /// Byte-level damage (invalid UTF-8, a cut in the middle of a character) through the
    /// command line, which reads the file: refused in Japanese, input unchanged, no output.
    #[test]
    fn a_damaged_ron_file_through_the_command_line_leaves_nothing_behind(
        flips in prop::collection::vec((any::<prop::sample::Index>(), 0u8..8), 1..8),
        cut in prop::option::of(any::<prop::sample::Index>()),
    ) {
        let mut bytes = KOKUHO.as_bytes().to_vec();
        for (i, bit) in &flips {
            let at = i.index(bytes.len());
            bytes[at] ^= 1 << bit;
        }
        if let Some(cut) = cut {
            bytes.truncate(cut.index(bytes.len()));
        }
        let dir = tempfile::tempdir().unwrap();
        let (input, output) = (dir.path().join("国保.ron"), dir.path().join("国保.hyoka"));
        std::fs::write(&input, &bytes).unwrap();
        let o = hyokasho(&["import", s(&input), s(&output)]);
        prop_assert!(matches!(o.status.code(), Some(0 | 2)), "{:?} {}", o.status, stderr(&o));
        if o.status.code() == Some(2) {
            assert_japanese(&stderr(&o).replace("エラー: ", ""), "CLI import");
            prop_assert_eq!(listing(dir.path()), ["国保.ron"]);
        }
        prop_assert!(std::fs::read(&input).unwrap() == bytes, "the input was changed");
    }
}

// ---- .hyoka -------------------------------------------------------------------------------

#[derive(Clone, Debug)]
enum FileDamage {
    Truncate(prop::sample::Index),
    /// Bits flipped, half of them in the 100-byte header.
    Flip(Vec<(prop::sample::Index, u8, bool)>),
    ApplicationId(u32),
    /// A `user_version` newer than ours.
    Newer(i32),
    /// A row changed behind the program's back.
    Tamper(usize, String),
}

/// Row tampering as someone with an SQLite browser would do it (`?1`: a random text).
const TAMPER: &[&str] = &[
    "UPDATE draft_value SET value = ?1 WHERE rowid = (SELECT min(rowid) FROM draft_value)",
    "UPDATE draft_value SET value = ?1 WHERE rowid = (SELECT max(rowid) FROM draft_value)",
    "UPDATE draft_value SET path = ?1 WHERE rowid = (SELECT max(rowid) FROM draft_value)",
    "UPDATE draft_value SET value = CAST(x'ff8081c0' AS TEXT) WHERE rowid = (SELECT min(rowid) FROM draft_value)",
    "UPDATE draft_value SET value = '\"' || ?1 || '\"' WHERE rowid = (SELECT min(rowid) FROM draft_value)",
    "UPDATE draft_value SET value = '\"' || replace(hex(zeroblob(1000000)), '0', '国') || '\"' WHERE rowid = (SELECT min(rowid) FROM draft_value)",
    "INSERT INTO draft_value VALUES (?1, '\"x\"')",
    "INSERT INTO draft_block VALUES ('ii.file', 99, ?1)",
    "UPDATE draft_block SET block_id = ?1 WHERE rowid = (SELECT min(rowid) FROM draft_block)",
    "UPDATE draft_block SET block_id = (SELECT block_id FROM draft_block WHERE list = 'ii.file' LIMIT 1)",
    "DELETE FROM draft_block WHERE rowid = (SELECT min(rowid) FROM draft_block)",
    "UPDATE draft_block SET position = position * -1",
    "UPDATE meta SET value = ?1",
    "DELETE FROM meta",
    "UPDATE version SET content = ?1",
    "UPDATE version SET content = content || ' ', sha256 = ?1",
    "UPDATE version SET stage = ?1",
    "UPDATE version SET form = ?1",
    "UPDATE version SET frozen_at = ?1",
    "DROP TABLE draft_value",
    "DROP TABLE version",
    "CREATE TABLE extra (x)",
    "PRAGMA journal_mode = WAL",
];

fn file_damage() -> impl Strategy<Value = FileDamage> {
    let flip = (any::<prop::sample::Index>(), 0u8..8, any::<bool>());
    prop_oneof![
        any::<prop::sample::Index>().prop_map(FileDamage::Truncate),
        prop::collection::vec(flip, 1..6).prop_map(FileDamage::Flip),
        any::<u32>().prop_map(FileDamage::ApplicationId),
        (1000i32..i32::MAX).prop_map(FileDamage::Newer),
        (0..TAMPER.len(), prop_oneof!["\\PC{0,60}", prop::sample::select(NASTY).prop_map(str::to_owned)])
            .prop_map(|(i, s)| FileDamage::Tamper(i, s)),
    ]
}

fn damage(path: &FsPath, how: &FileDamage) {
    let mut bytes = std::fs::read(path).unwrap();
    match how {
        FileDamage::Truncate(i) => bytes.truncate(i.index(bytes.len())),
        FileDamage::Flip(flips) => {
            for (i, bit, header) in flips {
                let at = if *header { i.index(100) } else { i.index(bytes.len()) };
                bytes[at] ^= 1 << bit;
            }
        }
        FileDamage::ApplicationId(id) => bytes[68..72].copy_from_slice(&id.to_be_bytes()),
        FileDamage::Newer(v) => bytes[60..64].copy_from_slice(&v.to_be_bytes()),
        FileDamage::Tamper(i, text) => {
            let db = rusqlite::Connection::open(path).unwrap();
            let sql = TAMPER[*i];
            // A statement the schema refuses (STRICT, NOT NULL) leaves the file as it was.
            let _ = if sql.contains("?1") { db.execute(sql, [text]) } else { db.execute_batch(sql).map(|_| 0) };
            drop(db);
            return;
        }
    }
    std::fs::write(path, bytes).unwrap();
}

/// Opens a damaged file the way the window does (for editing, then its draft) and the way the
/// start screen lists it (read-only), in a folder of its own.
fn open_like_the_window(how: FileDamage) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("国保 評価書.hyoka");
    std::fs::write(&path, base_file()).unwrap();
    damage(&path, &how);
    let before = std::fs::read(&path).unwrap();
    let files_before = listing(dir.path());

    let p = path.clone();
    let read_only = within(Duration::from_secs(20), "open_read_only", move || {
        Store::open_read_only(&p).and_then(|s| s.load_draft().map(|_| ())).map_err(|e| japanese(&e.into()))
    });
    let p = path.clone();
    let editing = within(Duration::from_secs(20), "open", move || {
        let opened = Store::open(&p).and_then(|store| {
            let doc = store.load_draft()?;
            Ok((store, doc))
        });
        opened
            .map(|(store, _)| {
                // Later, the 版の管理 page lists the versions and opens each: a damaged or
                // tampered version is reported there, in Japanese, and the draft stays usable.
                let versions = store.versions().map_err(|e| japanese(&e.into()));
                let mut messages: Vec<String> = versions.as_ref().err().cloned().into_iter().collect();
                for v in versions.unwrap_or_default() {
                    if let Err(e) = store.load_version(v.number) {
                        messages.push(japanese(&e.into()));
                    }
                }
                (store.close(), messages)
            })
            .map_err(|e| japanese(&e.into()))
    });
    if let Err(message) = &read_only {
        assert_japanese(message, &format!("read-only open after {how:?}"));
    }
    match editing {
        Err(message) => {
            assert_japanese(&message, &format!("open after {how:?}"));
            prop_assert!(std::fs::read(&path).unwrap() == before, "a refused file was changed: {:?}: {}", how, message);
            prop_assert_eq!(listing(dir.path()), files_before, "something was left beside a refused file");
        }
        Ok((closed, messages)) => {
            prop_assert!(closed.is_ok(), "{:?}", closed);
            for message in messages {
                assert_japanese(&message, &format!("a version after {how:?}"));
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn a_damaged_assessment_file_opens_or_is_refused_in_japanese_unchanged(how in file_damage()) {
        open_like_the_window(how)?;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 16, failure_persistence: None, ..ProptestConfig::default() })]

    /// Every read command on a damaged file: exit 0/1 or 2 with Japanese on stderr, never a
    /// crash, and a refused PDF leaves no PDF.
    #[test]
    fn read_commands_on_a_damaged_file_answer_in_japanese_and_leave_no_output(how in file_damage()) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("国保.hyoka");
        std::fs::write(&path, base_file()).unwrap();
        damage(&path, &how);
        let f = s(&path).to_owned();
        let pdf = dir.path().join("出力.pdf");
        for args in [vec!["versions", &f], vec!["check", &f], vec!["diff", &f, "1", "draft"], vec!["pdf", &f, "-o", s(&pdf)]] {
            let o = hyokasho(&args);
            let code = o.status.code();
            prop_assert!(matches!(code, Some(0..=2)), "{:?} after {:?}: {:?} {}", args, how, o.status, stderr(&o));
            if code == Some(2) {
                assert_japanese(&stderr(&o).replace("エラー: ", ""), &format!("{args:?} after {how:?}"));
                if args[0] == "pdf" {
                    prop_assert!(!pdf.exists(), "a refused PDF was written");
                }
            }
        }
    }
}

/// The documents `import-doc` reads, made from the 国民健康保険 assessment: its workbook, a small
/// Word document and the LibreOffice PDF of the fixtures.
fn documents() -> &'static [Vec<u8>; 3] {
    static DOCS: OnceLock<[Vec<u8>; 3]> = OnceLock::new();
    DOCS.get_or_init(|| {
        let doc = hyokasho::ron_io::import(KOKUHO).unwrap();
        let edition = hyokasho::content::Edition { label: "第1版".into(), draft: false, public: false };
        let xlsx = hyokasho::xlsx::export(&doc, &edition).unwrap();
        let mut docx = std::io::Cursor::new(Vec::new());
        let cell = |t: &str| {
            docx_rs::TableCell::new().add_paragraph(docx_rs::Paragraph::new().add_run(docx_rs::Run::new().add_text(t)))
        };
        docx_rs::Docx::new()
            .add_paragraph(docx_rs::Paragraph::new().add_run(docx_rs::Run::new().add_text("Ⅰ 基本情報")))
            .add_table(docx_rs::Table::new(vec![
                docx_rs::TableRow::new(vec![cell("①事務の名称"), cell("国民健康保険に関する事務")]),
                docx_rs::TableRow::new(vec![cell("③対象人数"), cell("[ 10万人以上30万人未満 ]")]),
            ]))
            .build()
            .pack(&mut docx)
            .unwrap();
        let pdf = std::fs::read("tests/fixtures/kokuho-foreign-libreoffice.pdf").unwrap();
        [xlsx, docx.into_inner(), pdf]
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, failure_persistence: None, ..ProptestConfig::default() })]

    /// A workbook, Word document or PDF cut short or with bytes flipped is read or refused by
    /// `import-doc`'s reader and recogniser: no panic, no hang.
    #[test]
    fn a_damaged_document_is_read_or_refused_without_a_panic(
        which in 0usize..3,
        cut in prop::option::of(0.0f64..1.0),
        flips in prop::collection::vec((0.0f64..1.0, any::<u8>()), 0..8),
    ) {
        let mut bytes = documents()[which].clone();
        for (at, byte) in flips {
            let i = ((bytes.len() - 1) as f64 * at) as usize;
            bytes[i] ^= byte;
        }
        if let Some(c) = cut {
            bytes.truncate((bytes.len() as f64 * c) as usize);
        }
        within(Duration::from_secs(60), "import-doc", move || {
            if let Ok(hyokasho::import_doc::source::Document { rows, .. }) = hyokasho::import_doc::source::read(&bytes) {
                let _ = hyokasho::import_doc::recognise(hyokasho::form::current(), &rows);
            }
        });
    }
}

/// Rows of any shape (labels of the form, their numbers written other ways, brackets, marks,
/// any text) given to the recogniser: it reads or leaves out, never panics or hangs.
fn any_row() -> impl Strategy<Value = hyokasho::import_doc::Row> {
    let form = hyokasho::form::current();
    let labels: Vec<String> = form.nodes.iter().map(|n| n.title()).collect();
    let piece = prop_oneof![
        prop::sample::select(labels),
        Just("■".to_owned()),
        Just("[ 十分である ]".to_owned()),
        Just("リスク2：".to_owned()),
        Just("ファイル1".to_owned()),
        Just("（続き）".to_owned()),
        Just("：".to_owned()),
        "\\PC{0,12}",
    ];
    // A page's line (PDF) has its place and its cells' edges: any place, any widths.
    let place = (1u32..4, 0f32..800.0, 0f32..20.0, any::<bool>());
    (prop::collection::vec((0u32..12, prop::collection::vec(piece, 1..3), 0f32..300.0), 1..8), any::<bool>(), place)
        .prop_map(|(cells, wraps, (page, y, size, short))| hyokasho::import_doc::Row {
            at: "A1".into(),
            cells: cells
                .into_iter()
                .map(|(col, parts, width)| {
                    let span = wraps.then_some((col as f32 * 40.0, col as f32 * 40.0 + width));
                    hyokasho::import_doc::Cell { col, text: parts.concat(), span }
                })
                .collect(),
            lines: wraps,
            wraps,
            line: wraps.then_some(hyokasho::import_doc::Line { page, y, size, short }),
        })
}

/// A table of a page (PDF) under its section's heading: a header naming every column of one of
/// the form's tables, then lines of any text at any places, pages and sizes.
fn any_page_table() -> impl Strategy<Value = Vec<hyokasho::import_doc::Row>> {
    use hyokasho::import_doc::{Cell, Line, Row};
    let form = hyokasho::form::current();
    let tables: Vec<(String, Vec<String>)> = form
        .nodes
        .iter()
        .filter(|n| matches!(n.kind, hyokasho::form::Kind::Repeat { table: true, .. }))
        .map(|n| {
            let top = form.node(form.sections.iter().copied().find(|&s| n.id.starts_with(&form.node(s).id)).unwrap());
            (top.title(), n.children.iter().map(|&c| form.node(c).label.clone()).collect())
        })
        .collect();
    let piece = prop_oneof![Just("".to_owned()), Just("一方向".to_owned()), Just("紙 随時".to_owned()), "\\PC{1,8}"];
    let body = prop::collection::vec(
        (prop::collection::vec((0f32..600.0, 0f32..200.0, piece), 1..6), 1u32..3, 0f32..40.0, 1f32..12.0),
        0..30,
    );
    (prop::sample::select(tables), body, 1f32..12.0).prop_map(|((section, columns), body, size)| {
        let line = |page, y, size| Some(Line { page, y, size, short: false });
        let mut rows = vec![Row {
            at: "1ページ 1行目".into(),
            cells: vec![Cell { col: 0, text: section, span: Some((30.0, 200.0)) }],
            lines: true,
            wraps: true,
            line: line(1, 50.0, size),
        }];
        let cells = columns
            .into_iter()
            .enumerate()
            .map(|(i, text)| Cell { col: i as u32 * 6, text, span: Some((i as f32 * 60.0, i as f32 * 60.0 + 40.0)) })
            .collect();
        rows.push(Row { at: "1ページ 2行目".into(), cells, lines: true, wraps: true, line: line(1, 70.0, size) });
        let mut y = 70.0;
        for (k, (pieces, page, gap, size)) in body.into_iter().enumerate() {
            y += gap;
            let cells: Vec<Cell> = pieces
                .into_iter()
                .filter(|(_, _, t)| !t.is_empty())
                .map(|(left, width, text)| Cell { col: (left / 10.0) as u32, text, span: Some((left, left + width)) })
                .collect();
            if !cells.is_empty() {
                rows.push(Row {
                    at: format!("{page}ページ {}行目", k + 3),
                    cells,
                    lines: true,
                    wraps: true,
                    line: line(page, y, size),
                });
            }
        }
        rows
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn any_page_table_is_read_or_left_without_a_panic(rows in any_page_table()) {
        within(Duration::from_secs(30), "recognise", move || {
            let reading = hyokasho::import_doc::recognise(hyokasho::form::current(), &rows);
            let _ = reading.summary();
        });
    }

    #[test]
    fn any_rows_are_recognised_without_a_panic(rows in prop::collection::vec(any_row(), 0..60)) {
        within(Duration::from_secs(30), "recognise", move || {
            let reading = hyokasho::import_doc::recognise(hyokasho::form::current(), &rows);
            let _ = reading.summary();
        });
    }
}
