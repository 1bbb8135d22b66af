use super::*;
use crate::form::{current, ids};

/// 介護保険: three questions, one with a withheld passage in its answer and characters that do
/// not survive careless encodings (〜 ① 髙 𠮷).
fn kaigo() -> Assessment {
    let mut doc = Assessment::new(current());
    let (f, e) = doc.plan_add_block(&Path::top(ids::II_FILE)).unwrap();
    doc.apply(e).unwrap();
    let mut add = |number: &str, item: Path, asker: &str, question: Text, answer: Text, status: Status| {
        let mut q = ReviewItem::new(number, item);
        q.asker = asker.into();
        q.question = question;
        q.answer = answer;
        q.status = status;
        q.version = Some(1);
        q.page = Some(12);
        q.asked_on = Some(jiff::civil::date(2026, 7, 10));
        let id = super::super::new_id(&doc);
        doc.apply(vec![Edit::ReviewItem { id, question: Some(Box::new(q)) }]).unwrap();
    };
    add(
        "1",
        Path::new(ids::II_FILE_STORAGE_PLACE, &[&f]),
        "髙橋委員",
        Text::plain("サーバー室の入退室は誰が確認しますか。〜①𠮷"),
        Text::from_segments([
            ("係長が毎月", false),
            ("入退室記録（地下2階B-3室）", true),
            ("を確認しています。", false),
        ]),
        Status::Answered,
    );
    add(
        "2",
        Path::top(ids::I_TASK_CONTENT),
        "事務局",
        Text::plain("「, \"引用\"\n改行」を含む質問"),
        Text::plain(""),
        Status::Open,
    );
    add(
        "2-1",
        Path::top(ids::COVER_BODY),
        "市民（意見聴取）",
        Text::plain("機関名は？"),
        Text::plain("市長です。"),
        Status::Revised,
    );
    doc
}

/// `doc` without its questions, the sheet imported into it.
fn imported(doc: &Assessment, rows: &Rows) -> Assessment {
    let mut empty = doc.clone();
    let ids: Vec<String> = empty.questions().map(|(id, _)| id.clone()).collect();
    for id in ids {
        empty.apply(vec![Edit::ReviewItem { id, question: None }]).unwrap();
    }
    let plan = plan(&empty, rows).unwrap();
    assert!(plan.problems.is_empty(), "{:?}", plan.problems);
    assert_eq!((plan.added, plan.updated), (doc.questions().count(), 0));
    empty.apply(plan.edits).unwrap();
    empty
}

#[test]
fn csv_in_both_encodings_and_xlsx_keep_every_character_and_withheld_passage() {
    let doc = kaigo();
    let sheet = rows(&doc, false);
    for encoding in [Encoding::Utf8, Encoding::Cp932] {
        let bytes = to_csv(&sheet, encoding);
        let (back, found) = from_csv(&bytes).unwrap();
        assert_eq!(found, encoding);
        assert_eq!(imported(&doc, &back), doc, "{encoding:?}");
    }
    // CP932 has FULLWIDTH TILDE where 〜 (WAVE DASH) was typed, and no 𠮷: both go as
    // character references, and come back as typed.
    assert_eq!(unmappable_in_cp932(&sheet), ['〜', '𠮷']);
    let cp932 = to_csv(&sheet, Encoding::Cp932);
    assert!(cp932.windows(9).any(|w| w == b"&#134071;"), "𠮷 as a character reference");
    assert!(to_csv(&sheet, Encoding::Utf8).starts_with(b"\xEF\xBB\xBF"));
    let xlsx = to_xlsx(&sheet).unwrap();
    assert_eq!(imported(&doc, &from_xlsx(&xlsx).unwrap()), doc);
}

#[test]
fn the_public_sheet_withholds_and_a_second_import_updates() {
    let doc = kaigo();
    let public = rows(&doc, true);
    let text = public.iter().flatten().cloned().collect::<Vec<_>>().join("|");
    assert!(!text.contains("地下2階") && text.contains("（非公開）"), "{text}");
    // The committee's sheet back with an answer changed: one update (the rows that say nothing
    // new are not counted), nothing added.
    let mut sheet = rows(&doc, false);
    sheet[2][8] = "入力は職員が行います。".into();
    let numbered: Rows = sheet.into_iter().enumerate().map(|(i, r)| (i + 1, r)).collect();
    let plan = plan(&doc, &numbered).unwrap();
    assert_eq!((plan.added, plan.updated, plan.problems.len()), (0, 1, 0));
}

#[test]
fn a_cp932_sheet_with_a_bad_row_names_its_line_and_plans_only_the_good_rows() {
    let doc = kaigo();
    // As a committee writes it in Excel: no 識別子, no 項目ID for a top-level item, a status
    // nobody uses on line 3.
    let title = super::super::item_title(&doc, &Path::top(ids::I_TASK_CONTENT));
    let csv = format!(
        "番号,項目,項目ID,質問者,質問・意見,回答,状況\r\n\
         10,{title},,藤谷委員,ログは誰が確認しますか。,,\r\n\
         11,{title},,藤谷委員,USBは使いますか。,,済み\r\n\
         12,,ii.file[nowhere].name,藤谷委員,？,,\r\n"
    );
    let (bytes, _, _) = encoding_rs::SHIFT_JIS.encode(&csv);
    let (rows, encoding) = from_csv(&bytes).unwrap();
    assert_eq!(encoding, Encoding::Cp932);
    let plan = plan(&doc, &rows).unwrap();
    let lines: Vec<usize> = plan.problems.iter().map(|(l, _)| *l).collect();
    assert_eq!(lines, [3, 4], "{:?}", plan.problems);
    assert!(plan.problems[0].1.contains("状況「済み」"), "{:?}", plan.problems);
    assert_eq!(plan.added, 1);
}

#[test]
fn a_sheet_without_the_needed_columns_or_in_no_known_encoding_is_refused() {
    let doc = kaigo();
    let rows: Rows = vec![(1, vec!["No".into(), "質問".into()])];
    assert_eq!(plan(&doc, &rows).unwrap_err(), SheetError::MissingColumn("番号"));
    assert!(from_csv(b"\x81\x00\xff\xfe").is_err());
    assert!(from_xlsx(b"PK\x03\x04 not a workbook").is_err());
}

/// From a tester's attack: what a committee's sheet may do to the questions, and may not.
#[test]
fn a_sheet_updates_only_what_it_says_and_refuses_what_would_lose_or_leak_text() {
    let doc = kaigo();
    let numbered = |rows: Vec<Vec<String>>| -> Rows { rows.into_iter().enumerate().map(|(i, r)| (i + 1, r)).collect() };
    let header = || COLUMNS.iter().map(|c| c.to_string()).collect::<Vec<_>>();

    // The committee's sheet without answers, or without the 回答 column, erases none.
    let mut sheet = rows(&doc, false);
    for r in sheet.iter_mut().skip(1) {
        r[8].clear();
        r[9].clear();
    }
    let p = plan(&doc, &numbered(sheet)).unwrap();
    assert_eq!((p.added, p.updated, p.problems.len()), (0, 0, 0), "nothing new: nothing counted");
    let only = vec![
        vec!["番号".to_string(), "項目ID".into(), "質問・意見".into()],
        vec!["2-1".into(), "cover.body".into(), "機関名は市長でよいですか。".into()],
    ];
    let p = plan(&doc, &numbered(only)).unwrap();
    let Some(Edit::ReviewItem { question: Some(q), .. }) = p.edits.first() else { panic!("{p:?}") };
    assert_eq!((q.answer.as_str(), q.status, q.asker.as_str()), ("市長です。", Status::Revised, "市民（意見聴取）"));

    // The public sheet would replace withheld passages by 「（非公開）」: refused.
    let public = numbered(rows(&doc, true));
    let p = plan(&doc, &public).unwrap();
    assert!(p.problems.iter().any(|(l, m)| *l == 2 && m.contains("公表用の表")), "{:?}", p.problems);

    // Duplicates within one sheet, a full-width number, 項目 naming another item than 項目ID.
    let mut dup = vec![header()];
    let mut row = |n: &str, item: &str, title: &str| {
        let mut r = vec![String::new(); COLUMNS.len()];
        r[0] = n.into();
        r[3] = title.into();
        r[4] = item.into();
        r[7] = "質問".into();
        dup.push(r);
    };
    row("30", "i.task.content", "");
    row("３０", "i.task.content", "");
    row("31", "cover.body", "Ⅰ 1. ②事務の内容");
    let p = plan(&doc, &numbered(dup)).unwrap();
    let lines: Vec<usize> = p.problems.iter().map(|(l, _)| *l).collect();
    assert_eq!(lines, [3, 4], "{:?}", p.problems);
    // 「２－１」 is question 2-1 (full-width digits), not a new one.
    assert_eq!(super::super::number_key("１０"), "10");
}

#[test]
fn csv_cells_never_run_as_formulas_and_cp932_keeps_what_it_cannot_hold() {
    let mut doc = kaigo();
    let mut q = ReviewItem::new("9", Path::top(ids::I_TASK_CONTENT));
    q.question = Text::plain("=HYPERLINK(\"http://example.invalid\",\"詳細\")");
    q.answer = Text::plain("−5％（U+2212）、&#12316;はそのまま、'=引用");
    q.asker = "@SUM(1)".into();
    let id = super::super::new_id(&doc);
    doc.apply(vec![Edit::ReviewItem { id, question: Some(Box::new(q)) }]).unwrap();
    let sheet = rows(&doc, false);
    for encoding in [Encoding::Utf8, Encoding::Cp932] {
        let bytes = to_csv(&sheet, encoding);
        let (back, _) = from_csv(&bytes).unwrap();
        assert!(back.iter().flat_map(|(_, r)| r).all(|c| !c.starts_with(['=', '+', '@'])), "{encoding:?}");
        assert_eq!(imported(&doc, &back), doc, "{encoding:?}");
    }
    // A BOM over Shift_JIS text is refused, not read as replacement characters.
    let mut mixed = b"\xEF\xBB\xBF".to_vec();
    mixed.extend_from_slice(&encoding_rs::SHIFT_JIS.encode("番号,質問・意見\r\n1,費用\r\n").0);
    assert!(matches!(from_csv(&mixed), Err(SheetError::Csv(m)) if m.contains("混ざって")));
    // An unterminated quote that swallows the next rows is refused with its line.
    let csv = "番号,項目ID,質問・意見\r\n40,i.task.content,\"閉じ忘れ\r\n41,i.task.content,次の行\r\n";
    let (rows, _) = from_csv(csv.as_bytes()).unwrap();
    let p = plan(&doc, &rows).unwrap();
    assert_eq!(p.problems.iter().map(|(l, _)| *l).collect::<Vec<_>>(), [2], "{:?}", p.problems);
}
