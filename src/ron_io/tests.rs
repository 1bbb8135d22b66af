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
    assert_eq!(path, "ii.file.use.methd[f-a]");
    assert_eq!(problem, ItemProblem::Unknown);
}

#[test]
fn a_wrong_option_names_the_item() {
    let bad = MINIMAL.replace("Choice(\"5年\")", "Choice(\"五年\")");
    let (line, path, problem) = item_error(&bad);
    assert_eq!(line, 10);
    assert!(path.starts_with("ii.file.storage.retention.period"));
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
    let newer = MINIMAL.replace("format: 1", "format: 2");
    assert_eq!(import(&newer).unwrap_err(), RonError::NewerFormat { found: 2, supported: 1 });
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
