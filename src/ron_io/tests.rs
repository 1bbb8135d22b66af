use super::*;
use crate::form::ids;

const MINIMAL: &str = r#"Assessment(
    format: 1,
    form: "h30-05-4",
    values: {
        "cover.title": Text("児童手当に関する事務　全項目評価書"),
        "ii.file": Blocks([
            Block(id: "f-a", values: {
                "name": Text("児童手当ファイル"),
                "storage.place": Marked([Open("庁舎内"), Withheld("地下1階サーバ室"), Open("に保管する。")]),
                "storage.retention.period": Withheld(Choice("5年")),
                "use.method": Multi([Pick("紙"), Detail("その他", "窓口で受け付ける")]),
                "basic.held_from": Date("2015-10-05"),
            }),
        ]),
        "iii.file": Blocks([
            Block(id: "f-a", values: {
                "outsourcing.none": Flag(true),
            }),
        ]),
    },
)
"#;

#[test]
fn export_import_export_is_byte_identical() {
    let doc = import(MINIMAL).unwrap();
    let once = export(&doc);
    let again = export(&import(&once).unwrap());
    assert_eq!(once, again);
    assert!(once.contains("児童手当に関する事務　全項目評価書"), "Japanese and 全角スペース stay unescaped:\n{once}");
}

#[test]
fn withheld_passages_survive_the_round_trip() {
    let doc = import(MINIMAL).unwrap();
    let place = doc.get(&Path::new(ids::II_FILE_STORAGE_PLACE, &["f-a"])).unwrap();
    let Value::Text(t) = &place.value else { panic!() };
    assert_eq!(&t.as_str()[t.withheld()[0].clone()], "地下1階サーバ室");
    assert!(doc.get(&Path::new(ids::II_FILE_STORAGE_RETENTION_PERIOD, &["f-a"])).unwrap().withheld);
}

fn item_error(text: &str) -> (usize, String, ItemProblem) {
    match import(text) {
        Err(RonError::Item { line, path, problem, .. }) => (line, path, problem),
        other => panic!("expected an item error, got {other:?}"),
    }
}

#[test]
fn an_unknown_item_is_reported_with_its_line_and_path() {
    let bad = MINIMAL.replace("\"use.method\"", "\"use.methd\"");
    let (line, path, problem) = item_error(&bad);
    assert_eq!(line, 11);
    assert_eq!(path, "ii.file[f-a].use.methd", "the README's notation, as far as the form knows it");
    assert_eq!(problem, ItemProblem::Unknown);
}

#[test]
fn a_wrong_option_names_the_item() {
    let bad = MINIMAL.replace("Choice(\"5年\")", "Choice(\"五年\")");
    let (line, path, problem) = item_error(&bad);
    assert_eq!(line, 10);
    assert_eq!(path, "ii.file[f-a].storage.retention.period", "the README's notation");
    assert!(matches!(problem, ItemProblem::Invalid(DocError::UnknownOption { .. })));
}

#[test]
fn malformed_ron_gives_line_and_column() {
    let bad = MINIMAL.replace("Flag(true),", "Flag(true");
    match import(&bad) {
        Err(RonError::Syntax { line, .. }) => assert!((17..=19).contains(&line), "line {line}"),
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_per_file_block_must_name_an_existing_file() {
    let bad = MINIMAL.replace(
        "Block(id: \"f-a\", values: {\n                \"outsourcing.none\"",
        "Block(id: \"f-b\", values: {\n                \"outsourcing.none\"",
    );
    let (_, _, problem) = item_error(&bad);
    assert!(matches!(problem, ItemProblem::Invalid(DocError::NoSuchBlock { .. })), "{problem:?}");
}

#[test]
fn derived_items_and_headings_cannot_be_written() {
    let derived = MINIMAL.replace("\"cover.title\"", "\"i.files\"");
    assert_eq!(item_error(&derived).2, ItemProblem::Derived);
    let heading =
        MINIMAL.replace("\"cover.title\": Text(\"児童手当に関する事務　全項目評価書\")", "\"i.task\": Text(\"x\")");
    assert_eq!(item_error(&heading).2, ItemProblem::Heading);
}

#[test]
fn newer_formats_and_unknown_forms_are_refused() {
    let newer = MINIMAL.replace("format: 1", "format: 4");
    assert_eq!(import(&newer).unwrap_err(), RonError::NewerFormat { found: 4, supported: 3 });
    // A newer file is called newer even when it has fields this program has never seen.
    let grown = MINIMAL.replace("format: 1,", "format: 4,\n    signatures: [1, 2],");
    assert_eq!(import(&grown).unwrap_err(), RonError::NewerFormat { found: 4, supported: 3 });
    let unknown = MINIMAL.replace("h30-05-4", "r09-04-4");
    assert!(matches!(import(&unknown), Err(RonError::UnknownForm { .. })));
}

#[test]
fn a_value_given_twice_is_refused() {
    let twice = MINIMAL.replace(
        "\"cover.title\": Text(\"児童手当に関する事務　全項目評価書\"),",
        "\"cover.title\": Text(\"a\"),\n        \"cover.title\": Text(\"b\"),",
    );
    assert_eq!(item_error(&twice).2, ItemProblem::Duplicate);
}

#[test]
fn a_file_saved_with_a_byte_order_mark_is_accepted() {
    let doc = import(&format!("\u{FEFF}{MINIMAL}")).unwrap();
    assert_eq!(export(&doc), export(&import(MINIMAL).unwrap()));
    let err = import("\u{FEFF}Assessment(format: 1,").unwrap_err();
    assert!(matches!(err, RonError::Syntax { line: 1, .. }), "{err:?}");
}

#[test]
fn imported_radicals_and_control_characters_are_cleaned_and_noted() {
    let text = MINIMAL
        .replace("児童手当ファイル", "児童手当\u{2F0A}\u{2F12}ファイル\u{7}")
        .replace("窓口で受け付ける", "窓口で\u{2ED1}期に受け付ける");
    let imported = import_with_notes(&text).unwrap();
    let name = imported.doc.text(&Path::new(ids::II_FILE_NAME, &["f-a"])).to_owned();
    assert_eq!(name, "児童手当入力ファイル");
    let notes: Vec<String> = imported.notes.iter().map(ImportNote::message).collect();
    assert_eq!(
        notes,
        [
            "8行目 ii.file[f-a].name: 部首の文字（U+2F0A、U+2F12）を通常の漢字（入力）に置き換えました。印刷できない制御文字（U+0007）を取り除きました。",
            "11行目 ii.file[f-a].use.method: 部首の文字（U+2ED1）を通常の漢字（長）に置き換えました。",
        ]
    );
    // A stored version is read back exactly as it was frozen.
    assert!(import(&text).unwrap().text(&Path::new(ids::II_FILE_NAME, &["f-a"])).contains('\u{2F0A}'));
    assert!(import_with_notes(MINIMAL).unwrap().notes.is_empty());
}

/// 後期高齢者医療: a date with its words (「（予定）」) and a 第三者点検 over two meetings are kept
/// as written (format 2); a plain date stays `Date("…")`, so a file without notes is format 1.
#[test]
fn dates_with_notes_and_several_meetings_round_trip() {
    let text = MINIMAL
        .replace("\"cover.title\"", "\"cover.published_on\": Dates([(\"2026-10-01\", \"（予定）\")]),\n        \"vi.review.date\": Dates([(\"2026-07-10\", \"（第1回）\"), (\"2026-08-28\", \"（第2回）\")]),\n        \"cover.title\"");
    let doc = import(&text).unwrap();
    let review = doc.get(&Path::top(ids::VI_REVIEW_DATE)).unwrap();
    let Value::Date(d) = &review.value else { panic!() };
    assert_eq!(d.wareki(), "令和8年7月10日（第1回）、令和8年8月28日（第2回）");
    let once = export(&doc);
    assert!(once.contains("format: 2") && once.contains(r#"("2026-10-01", "（予定）")"#), "{once}");
    assert!(once.contains(r#""basic.held_from": Date("2015-10-05")"#), "{once}");
    assert_eq!(import(&once).unwrap(), doc);
    assert!(export(&import(MINIMAL).unwrap()).contains("format: 1"));

    // Two dates where the 様式 has one, and an empty list, are refused with the item named.
    let two = MINIMAL.replace("Date(\"2015-10-05\")", "Dates([(\"2015-10-05\", \"\"), (\"2016-01-01\", \"\")])");
    let (_, path, problem) = item_error(&two);
    assert_eq!(path, "ii.file[f-a].basic.held_from");
    assert!(matches!(problem, ItemProblem::Invalid(DocError::SeveralDates { .. })), "{problem:?}");
    let none = MINIMAL.replace("Date(\"2015-10-05\")", "Dates([])");
    assert_eq!(item_error(&none).2, ItemProblem::NoDates);
    // Another spelling, a year no assessment has, a date hidden in a note, blanks: refused, not
    // rewritten.
    for bad in ["Date(\"20151005\")", "Date(\"2015-10-05T09:00\")", "Date(\"9999-12-31\")", "Date(\"+002015-10-05\")"] {
        let (_, _, problem) = item_error(&MINIMAL.replace("Date(\"2015-10-05\")", bad));
        assert!(matches!(problem, ItemProblem::BadDate(_)), "{bad}: {problem:?}");
    }
    for bad in ["Dates([(\"2015-10-05\", \"令和9年1月1日\")])", "Dates([(\"2015-10-05\", \"   \")])"] {
        let (_, _, problem) = item_error(&MINIMAL.replace("Date(\"2015-10-05\")", bad));
        assert!(matches!(problem, ItemProblem::Invalid(DocError::BadDates { .. })), "{bad}: {problem:?}");
    }
}

/// 確認済み marks from a hand-edited file: one mark per finding, a rule of the checker, a reason a
/// reader can see, a real date.
#[test]
fn acknowledgements_in_a_file_are_checked_like_values() {
    let with = |marks: &str| MINIMAL.replace("    values: {", &format!("    acknowledged: [{marks}],\n    values: {{"));
    let key = format!("W04-{}", "0".repeat(32));
    let mark = |key: &str, reason: &str, on: &str| {
        format!("Acknowledged(finding: \"{key}\", reason: \"{reason}\", on: \"{on}\"), ")
    };
    assert!(import(&with(&mark(&key, "理由", "2026-12-01"))).is_ok());
    let twice = with(&(mark(&key, "一", "2026-12-01") + &mark(&key, "二", "2026-12-01")));
    assert_eq!(item_error(&twice).2, ItemProblem::Duplicate);
    let unknown = format!("K99-{}", "0".repeat(32));
    type Expect = fn(&ItemProblem) -> bool;
    let bad: [(String, Expect); 5] = [
        (mark(&unknown, "理由", "2026-12-01"), |p| matches!(p, ItemProblem::Invalid(DocError::BadFindingKey(_)))),
        (mark(&key, "\u{200b}", "2026-12-01"), |p| matches!(p, ItemProblem::Invalid(DocError::ReasonMissing { .. }))),
        (mark(&key, "理由\u{1b}[31m", "2026-12-01"), |p| {
            matches!(p, ItemProblem::Invalid(DocError::ReasonControl { .. }))
        }),
        (mark(&key, "理由", "9999-12-31"), |p| matches!(p, ItemProblem::BadMarkDate(_))),
        (mark(&key, "理由", "20261201"), |p| matches!(p, ItemProblem::BadMarkDate(_))),
    ];
    for (m, expected) in bad {
        let text = with(&m);
        let problem = match read(&text, false) {
            Err(RonError::Item { problem, .. }) => problem,
            other => panic!("{m}: {other:?}"),
        };
        assert!(expected(&problem), "{m}: {problem:?}");
    }
}

/// A question or answer written `Withheld(Text(…))` stays withheld, whole, like an answer of the
/// form (it was once read as open text).
#[test]
fn a_question_withheld_whole_stays_withheld() {
    let text = MINIMAL.replace(
        "    values: {",
        "    questions: [Question(id: \"q-a\", number: \"1\", item: \"cover.title\", question: Text(\"どこか\"), answer: Withheld(Text(\"地下2階\")), status: \"回答済\")],\n    values: {",
    );
    let doc = import(&text).unwrap();
    let q = doc.question("q-a").unwrap();
    assert_eq!(q.answer.withheld().len(), 1);
    assert!(!export(&doc.redacted()).contains("地下2階"));
    assert!(export(&doc).contains("Withheld(\"地下2階\")"));
}
