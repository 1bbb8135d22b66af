//! The Excel workbook in the 様式's layout (issue 16, the way out): every answer is in it, it is
//! set up to print like the 様式 (A4 portrait, one page wide, a page per section, header and
//! footer), no row is taller than Excel allows, the 業務全体図 is a picture, and the command
//! refuses what it must. Read back by unzipping the package, as Excel would.

mod common;

use common::{hyokasho, s, stderr};
use hyokasho::content::Edition;
use hyokasho::doc::Assessment;
use std::collections::BTreeMap;
use std::io::Read;

const KOKUHO: &str = include_str!("defective/kokuho-clean.ron");
const R7: &str = include_str!("../assessments/midori-jidoteate-r7.ron");

/// Every part of an `.xlsx` package, by name.
fn parts(bytes: &[u8]) -> BTreeMap<String, Vec<u8>> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).expect("an xlsx is a zip package");
    (0..zip.len())
        .map(|i| {
            let mut f = zip.by_index(i).unwrap();
            let mut data = Vec::new();
            f.read_to_end(&mut data).unwrap();
            (f.name().unwrap().into_owned(), data)
        })
        .collect()
}

/// The text of every `<t>` element of a part (shared strings, rich runs), entities resolved;
/// each string (`<si>`) on its own line, the runs of a rich string joined. A string that is a
/// continuation row's label (「…（続き）」) is left out, so an answer continued over rows reads
/// on as one text.
fn texts(xml: &str) -> String {
    xml.split("</si>").map(runs).filter(|s| !s.ends_with("（続き）")).collect::<Vec<_>>().join("\n")
}

fn runs(xml: &str) -> String {
    let mut out = String::new();
    let mut rest = xml;
    while let Some(open) = rest.find("<t") {
        let after = &rest[open + 2..];
        // `<t>` or `<t xml:space="preserve">`, not `<tableParts>` and the like.
        if !(after.starts_with('>') || after.starts_with(' ')) {
            rest = after;
            continue;
        }
        let Some(gt) = after.find('>') else { break };
        let Some(close) = after[gt..].find("</t>") else { break };
        let raw = &after[gt + 1..gt + close];
        out.push_str(&raw.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&amp;", "&"));
        rest = &after[gt + close..];
    }
    out
}

fn full(label: &str) -> Edition {
    Edition { label: label.into(), draft: true, public: false }
}

/// Every line of every answer (as the PDF prints it) is in the workbook's cells.
fn every_answer_is_in(doc: &Assessment, bytes: &[u8], what: &str) {
    let p = parts(bytes);
    // An answer continued over rows was cut between two of its lines: read it joined.
    let cells = texts(&String::from_utf8_lossy(&p["xl/sharedStrings.xml"])).replace('\n', "");
    let mut builder = hyokasho::content::Builder::new(doc, false);
    for &section in &doc.form().sections {
        builder.section(section);
    }
    let mut checked = 0;
    let answers = builder.items.iter().flat_map(|item| match item {
        hyokasho::content::Item::Row { content, .. } => vec![content.clone()],
        hyokasho::content::Item::Grid { rows, .. } => rows.iter().flatten().cloned().collect(),
        _ => Vec::new(),
    });
    for content in answers {
        {
            let text: String = content.iter().map(|r| r.text.as_str()).collect();
            for line in text.lines().map(str::trim).filter(|l| !l.is_empty()) {
                let line = line.replace('\n', "");
                assert!(cells.contains(&line), "{what}: the workbook lacks {line:?}");
                checked += 1;
            }
        }
    }
    assert!(checked > 100, "{what}: only {checked} lines were checked");
}

#[test]
fn every_answer_of_two_assessments_is_in_the_workbook() {
    for (what, ron) in [("国民健康保険", KOKUHO), ("児童手当", R7)] {
        let doc = hyokasho::ron_io::import(ron).unwrap();
        let bytes = hyokasho::xlsx::export(&doc, &full("第1版 事前点検")).unwrap();
        every_answer_is_in(&doc, &bytes, what);
    }
}

#[test]
fn the_workbook_prints_like_the_form() {
    let doc = hyokasho::ron_io::import(KOKUHO).unwrap();
    let bytes = hyokasho::xlsx::export(&doc, &full("第2版 第三者点検")).unwrap();
    let p = parts(&bytes);
    let sheet = String::from_utf8_lossy(&p["xl/worksheets/sheet1.xml"]).into_owned();
    assert!(sheet.contains(r#"paperSize="9""#), "A4");
    // fitToWidth is 1 when left out.
    let one_wide = sheet.contains(r#"fitToPage="1""#) && sheet.contains(r#"fitToHeight="0""#);
    assert!(one_wide && !sheet.contains("fitToWidth=\"") || sheet.contains(r#"fitToWidth="1""#), "one page wide");
    assert!(sheet.contains(r#"orientation="portrait""#) || !sheet.contains("landscape"), "portrait");
    assert!(sheet.contains("<oddHeader>") && sheet.contains("国民健康保険に関する事務"), "header with the 評価書名");
    assert!(sheet.contains("&amp;P / &amp;N"), "page numbers in the footer");
    // A page per section: Ⅰ … 別添3 each start one (the cover and 表紙 share the first).
    let breaks = sheet.matches("<brk ").count();
    let sections = doc.form().sections.len();
    assert_eq!(breaks, sections - 1, "page breaks");
    // Rows fit Excel's limit of 409 pt, and labels sit beside answers in merged cells.
    for h in sheet.split(r#" ht=""#).skip(1) {
        let height: f64 = h[..h.find('"').unwrap()].parse().unwrap();
        assert!(height <= 409.0, "a row of {height} pt");
    }
    assert!(sheet.matches("<mergeCell ").count() > 200, "labels and answers are merged cells");
    let shared = texts(&String::from_utf8_lossy(&p["xl/sharedStrings.xml"]));
    assert!(shared.contains("[平成30年5月 様式4]"), "the stamp");
    assert!(shared.contains("＜選択肢＞ 1)"), "choices printed with their options");
    assert!(shared.contains("非公開情報を含む（第三者点検用）"), "the full edition says what it is");
    let props = String::from_utf8_lossy(&p["docProps/core.xml"]).into_owned();
    assert!(props.contains("国民健康保険に関する事務"), "title in the document properties: {props}");
}

/// An answer far longer than one row can hold continues in further rows, whole.
#[test]
fn a_very_long_answer_continues_over_rows_and_is_complete() {
    let mut doc = hyokasho::ron_io::import(KOKUHO).unwrap();
    let path = hyokasho::doc::Path::top(hyokasho::form::ids::I_TASK_CONTENT);
    let long: String =
        (1..=120).map(|i| format!("{i}．介護保険料の賦課決定に関する通知を作成し、被保険者に送付する。\n")).collect();
    doc.set(path, Some(hyokasho::doc::Entry::text(&long))).unwrap();
    let bytes = hyokasho::xlsx::export(&doc, &full("下書き")).unwrap();
    every_answer_is_in(&doc, &bytes, "120行の事務の内容");
    let shared = String::from_utf8_lossy(&parts(&bytes)["xl/sharedStrings.xml"]).into_owned();
    assert!(shared.contains("事務の内容（続き）"), "the continuation row is labelled");
    for i in [1, 60, 120] {
        assert!(shared.contains(&format!("{i}．介護保険料の賦課決定")), "line {i}");
    }
}

#[test]
fn the_diagram_is_a_picture_drawn_from_the_registered_flows() {
    let doc = hyokasho::ron_io::import(R7).unwrap();
    let bytes = hyokasho::xlsx::export(&doc, &full("下書き")).unwrap();
    let p = parts(&bytes);
    let pictures: Vec<&String> = p.keys().filter(|k| k.starts_with("xl/media/") && k.ends_with(".png")).collect();
    assert!(!pictures.is_empty(), "no picture in {:?}", p.keys().collect::<Vec<_>>());
    let png = image::load_from_memory(&p[pictures[0]]).expect("a valid PNG").to_rgb8();
    assert!(png.width() > 600 && png.height() > 300, "{}×{}", png.width(), png.height());
    // Boxes, lines and text: a good share of the pixels are not white.
    let inked = png.pixels().filter(|px| px.0 != [255, 255, 255]).count();
    assert!(inked * 20 > (png.width() * png.height()) as usize, "the picture is nearly blank");
}

#[test]
fn the_command_writes_the_workbook_and_refuses_to_overwrite_an_assessment() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("国保.hyoka");
    let ron = dir.path().join("国保.ron");
    std::fs::write(&ron, KOKUHO).unwrap();
    assert!(hyokasho(&["import", s(&ron), s(&file)]).status.success());
    let out = dir.path().join("評価書 出力.xlsx");
    let o = hyokasho(&["xlsx", s(&file), "-o", s(&out)]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(std::fs::read(&out).unwrap().starts_with(b"PK"), "a zip package");
    let public = dir.path().join("公表.xlsx");
    let o = hyokasho(&["xlsx", s(&file), "--public", "-o", s(&public)]);
    assert!(o.status.success() && stderr(&o).contains("確定していない下書き"), "{}", stderr(&o));

    let before = std::fs::read(&file).unwrap();
    let o = hyokasho(&["xlsx", s(&file), "-o", s(&file)]);
    assert_eq!(o.status.code(), Some(2));
    assert_eq!(std::fs::read(&file).unwrap(), before, "the assessment was overwritten");
    let o = hyokasho(&["xlsx", s(&file)]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("-o で書き出し先のExcelファイル"), "{}", stderr(&o));
}

/// A table entry taller than a row can be (a 別添3 row quoting a long answer) continues in
/// further rows, every cell in its own column: nothing is cut off in print.
#[test]
fn a_table_entry_taller_than_a_row_continues_over_rows() {
    use hyokasho::doc::{Edit, Entry, Path};
    use hyokasho::form::ids;
    let mut doc = hyokasho::ron_io::import(KOKUHO).unwrap();
    let changes = Path::top(ids::ANNEX3_CHANGE);
    let (id, edits) = doc.plan_add_block(&changes).unwrap();
    doc.apply(edits).unwrap();
    let before: String = (0..120).map(|i| format!("変更前{i:04}：国民健康保険税の賦課に係る記載。\n")).collect();
    let after: String = (0..60).map(|i| format!("変更後{i:04}：介護保険料を含む。\n")).collect();
    doc.apply(vec![
        Edit::Value { path: Path::new(ids::ANNEX3_CHANGE_BEFORE, &[&id]), entry: Some(Entry::text(&before)) },
        Edit::Value { path: Path::new(ids::ANNEX3_CHANGE_AFTER, &[&id]), entry: Some(Entry::text(&after)) },
    ])
    .unwrap();
    let bytes = hyokasho::xlsx::export(&doc, &full("下書き")).unwrap();
    every_answer_is_in(&doc, &bytes, "長い別添3");
    // 120 lines cannot stand in one row of at most 409 pt: the cell goes on in further rows.
    let shared = String::from_utf8_lossy(&parts(&bytes)["xl/sharedStrings.xml"]).into_owned();
    let pieces = shared.split("</si>").filter(|s| s.contains("変更前")).count();
    assert!(pieces >= 4, "the 変更前 cell is in {pieces} row(s)");
    let sheet = String::from_utf8_lossy(&parts(&bytes)["xl/worksheets/sheet1.xml"]).into_owned();
    for h in sheet.split(r#" ht=""#).skip(1) {
        let height: f64 = h[..h.find('"').unwrap()].parse().unwrap();
        assert!(height <= 409.0, "a row of {height} pt");
    }
}

/// Every printed page of the full edition says it holds 非公開 information (a colour does not
/// survive a black-and-white printer); the header survives titles that look like its codes.
#[test]
fn every_page_of_the_full_edition_says_what_it_is_and_the_header_survives_any_title() {
    let mut doc = hyokasho::ron_io::import(KOKUHO).unwrap();
    let title = hyokasho::doc::Path::top(hyokasho::form::ids::COVER_TITLE);
    for name in ["2025年度 国民健康保険に関する事務", &format!("{}&R&P", "あ".repeat(79)), "介護&保険 <全項目>"]
    {
        doc.set(title.clone(), Some(hyokasho::doc::Entry::text(name))).unwrap();
        let full =
            parts(&hyokasho::xlsx::export(&doc, &full("第1版 公表")).unwrap())["xl/worksheets/sheet1.xml"].clone();
        let full = String::from_utf8_lossy(&full).into_owned();
        let header = &full[full.find("<oddHeader>").unwrap() + 11..full.find("</oddHeader>").unwrap()];
        let footer = &full[full.find("<oddFooter>").unwrap() + 11..full.find("</oddFooter>").unwrap()];
        assert!(footer.contains("非公開情報を含む（第三者点検用）"), "{footer}");
        // Codes: every & left after doubled ones is a code Excel knows, and a size never runs
        // into the text (the size comes before the font).
        let codes = header
            .replace("&amp;&amp;", "")
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&amp;", "&");
        for (i, _) in codes.match_indices('&') {
            let next = codes[i + 1..].chars().next().unwrap_or(' ');
            assert!(matches!(next, 'L' | 'C' | 'R' | 'P' | 'N' | '8' | '"'), "{name}: a stray & in {codes}");
        }
        assert!(!codes.contains("&82"), "{name}: the size runs into the title: {codes}");
        let public =
            hyokasho::xlsx::export(&doc, &Edition { label: "第1版 公表".into(), draft: false, public: true }).unwrap();
        let public = String::from_utf8_lossy(&parts(&public)["xl/worksheets/sheet1.xml"]).into_owned();
        assert!(!public.contains("非公開情報を含む"), "the public edition is not marked");
    }
}

/// An attached picture reaches the workbook as its pixels only: what its file carries besides
/// (a PNG text chunk, a JPEG comment) could be anything, a withheld address among it.
#[test]
fn an_attached_picture_reaches_the_workbook_without_its_metadata() {
    let mut png = Vec::new();
    image::RgbImage::from_pixel(300, 120, image::Rgb([200, 220, 240]))
        .write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    // A tEXt chunk just before IEND.
    let data = b"Comment\0SECRET-ROOM-B2 \xe9\xb6\xb4\xe8\xa6\x8b";
    let mut chunk = (data.len() as u32).to_be_bytes().to_vec();
    let mut crc = flate2::Crc::new();
    crc.update(b"tEXt");
    crc.update(data);
    chunk.extend(b"tEXt");
    chunk.extend(data);
    chunk.extend(crc.sum().to_be_bytes());
    let iend = png.len() - 12;
    png.splice(iend..iend, chunk);
    assert!(image::load_from_memory(&png).is_ok());

    // A JPEG with a comment segment (COM, FF FE) right after its start marker.
    let mut jpeg = Vec::new();
    image::RgbImage::from_pixel(300, 120, image::Rgb([200, 220, 240]))
        .write_to(&mut std::io::Cursor::new(&mut jpeg), image::ImageFormat::Jpeg)
        .unwrap();
    let comment = b"SECRET-ROOM-B2 JPEG";
    let mut segment = vec![0xFF, 0xFE];
    segment.extend(((comment.len() + 2) as u16).to_be_bytes());
    segment.extend(comment);
    jpeg.splice(2..2, segment);
    assert!(image::load_from_memory(&jpeg).is_ok());

    for picture in [png, jpeg] {
        let mut doc = hyokasho::ron_io::import(KOKUHO).unwrap();
        let path = hyokasho::doc::Path::top(hyokasho::form::ids::ANNEX1_DIAGRAM_IMAGE);
        doc.set(path, Some(hyokasho::doc::Entry::new(hyokasho::doc::Value::Image(picture.into())))).unwrap();
        for public in [false, true] {
            let bytes = hyokasho::xlsx::export(&doc, &Edition { label: "第1版".into(), draft: false, public }).unwrap();
            let p = parts(&bytes);
            let pictures: Vec<_> = p.iter().filter(|(k, _)| k.starts_with("xl/media/")).collect();
            assert!(!pictures.is_empty(), "the picture is in the workbook");
            for (name, data) in pictures {
                assert!(!data.windows(6).any(|w| w == b"SECRET"), "{name} carries the PNG's text chunk");
                assert!(!data.windows(4).any(|w| w == b"tEXt" || w == b"pHYs"), "{name} carries metadata");
            }
            // The PDF draws the same plain picture.
            let pdf = hyokasho::pdf::export(&doc, &Edition { label: "第1版".into(), draft: false, public }).unwrap();
            assert_eq!(common::pdf_holds(&pdf, "SECRET-ROOM"), None, "the PDF carries the picture's metadata");
        }
    }
}
