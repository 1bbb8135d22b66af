//! No withheld (非公開) passage ever reaches a public output, whatever path it takes.
//!
//! One invariant, walked over every exporter × a withheld passage of every withholdable kind:
//! an assessment of our own (国民健康保険, `tests/fixtures/kokuho-withheld.ron`) withholds a span
//! of text, a whole text, choices, 別添1 actor and 委託 fields and 別添3 rows; a second state of
//! it changes several withheld passages. Every public output — the 公表用 PDF of the draft and of
//! a version, the comparison as text, JSON and PDF, the 事前点検 list as text and JSON, and the
//! PDF after 別添3 rows were generated from the comparison — is searched on its raw bytes, every
//! inflated stream (outline, metadata, alternative text) and its extracted text. The full
//! (第三者点検用) outputs are searched too and must show them, so the test can fail.

mod common;

use common::{hyokasho, pdf_holds, s, stderr, stdout};
use hyokasho::store::{Stage, Store};
use std::path::{Path, PathBuf};

const FIXTURE: &str = include_str!("fixtures/kokuho-withheld.ron");

/// Withheld text of either state, as typed.
const TEXTS: [&str; 7] = [
    "鷺沼データセンター",
    "鵜の木作業所の施錠された区画",
    "鶴見第二庁舎の地下二階",
    "ラック番号K7",
    "亀戸データ棟の五階",
    "鴫野倉庫の二号書庫",
    "鳩ヶ谷倉庫の七号書庫",
];

/// Withheld choices: Ⅱ3 取扱者数, 保管期間 (both states), the 取扱者数 of a 委託 link in 別添1 and
/// of a 委託事項 in Ⅱ4 (their wording also stands in other items' option lists, so a PDF is
/// searched for the chosen form 「[ … ]」 and a text output for the wording itself).
const CHOICES: [&str; 5] =
    ["100人以上500人未満", "6年以上10年未満", "10年以上20年未満", "10人未満", "50人以上100人未満"];

/// The second state: the server moved (inside a withheld span), the retention period changed
/// (a withheld choice), the data centre's address changed (a whole withheld text).
fn second_state() -> String {
    FIXTURE
        .replace("鶴見第二庁舎の地下二階サーバ室ラック番号K7", "亀戸データ棟の五階サーバ室ラック番号Q9")
        .replace("\"6年以上10年未満\"", "\"10年以上20年未満\"")
        .replace("蕨市錦町の鷺沼データセンター", "蕨市錦町の鷺沼データセンター別棟")
}

/// A file whose version 1 (公表) is the fixture and whose draft is the second state.
fn two_states(dir: &Path) -> PathBuf {
    let file = dir.join("kokuho.hyoka");
    let first = hyokasho::ron_io::import(FIXTURE).unwrap();
    let mut store = Store::create_holding(&file, &first).unwrap();
    store.freeze(Stage::Published, "").unwrap();
    store.replace_draft(&hyokasho::ron_io::import(&second_state()).unwrap()).unwrap();
    store.close().unwrap();
    file
}

fn run(args: &[&str]) -> std::process::Output {
    let o = hyokasho(args);
    assert!(matches!(o.status.code(), Some(0 | 1)), "{args:?}: {}", stderr(&o));
    o
}

fn pdf(dir: &Path, name: &str, args: &[&str]) -> Vec<u8> {
    let out = dir.join(name);
    let mut all = args.to_vec();
    all.extend(["-o", s(&out)]);
    run(&all);
    std::fs::read(&out).unwrap()
}

/// Asserts that a public PDF holds no secret, and that its full counterpart holds them all.
fn pdf_pair(what: &str, public: &[u8], full: &[u8], secrets: &[String]) {
    for secret in secrets {
        if let Some(at) = pdf_holds(public, secret) {
            panic!("{what}: the public edition holds {secret:?} in {at}");
        }
    }
    let shown = secrets.iter().filter(|x| pdf_holds(full, x).is_some()).count();
    assert!(shown > 0, "{what}: the full edition shows none of the withheld passages; the test would prove nothing");
}

fn text_pair(what: &str, public: &str, full: &str, secrets: &[String]) {
    for secret in secrets {
        assert!(!public.contains(secret.as_str()), "{what}: the public output holds {secret:?}:\n{public}");
    }
    assert!(secrets.iter().any(|x| full.contains(x.as_str())), "{what}: the full output shows no withheld passage");
}

fn pdf_secrets() -> Vec<String> {
    TEXTS.iter().map(|t| t.to_string()).chain(CHOICES.iter().map(|c| format!("[ {c} ]"))).collect()
}

fn text_secrets() -> Vec<String> {
    TEXTS.iter().chain(CHOICES.iter()).map(|t| t.to_string()).collect()
}

#[test]
fn public_assessment_pdfs_contain_no_withheld_text() {
    let dir = tempfile::tempdir().unwrap();
    let f = two_states(dir.path());
    let f = s(&f);
    let full = pdf(dir.path(), "full.pdf", &["pdf", f]);
    let public = pdf(dir.path(), "public.pdf", &["pdf", f, "--public"]);
    pdf_pair("公表用PDF（下書き）", &public, &full, &pdf_secrets());
    let full = pdf(dir.path(), "v1.pdf", &["pdf", f, "--version", "1"]);
    let public = pdf(dir.path(), "v1-public.pdf", &["pdf", f, "--version", "1", "--public"]);
    pdf_pair("公表用PDF（第1版）", &public, &full, &pdf_secrets());
}

/// The Excel workbook: every part of the package (cells, shared strings, header and footer,
/// document properties) is searched, as is what its 業務全体図 picture is drawn from.
#[test]
fn public_workbooks_contain_no_withheld_text() {
    let dir = tempfile::tempdir().unwrap();
    let f = two_states(dir.path());
    let f = s(&f);
    let package = |name: &str, args: &[&str]| -> String {
        let bytes = pdf(dir.path(), name, args);
        let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
        (0..zip.len())
            .map(|i| {
                let mut part = zip.by_index(i).unwrap();
                let mut data = Vec::new();
                std::io::Read::read_to_end(&mut part, &mut data).unwrap();
                format!("{}\n{}\n", part.name().unwrap(), String::from_utf8_lossy(&data))
            })
            .collect()
    };
    for version in [None, Some("1")] {
        let mut args = vec!["xlsx", f];
        args.extend(version.map(|v| ["--version", v]).into_iter().flatten());
        let full = package("full.xlsx", &args);
        args.push("--public");
        let public = package("public.xlsx", &args);
        text_pair(&format!("公表用Excel（{version:?}）"), &public, &full, &pdf_secrets());
    }
    // The picture of the 業務全体図 is drawn from the same walk: nothing withheld reaches it.
    for state in [FIXTURE.to_owned(), second_state()] {
        let doc = hyokasho::ron_io::import(&state).unwrap().redacted();
        let mut builder = hyokasho::content::Builder::new(&doc, true);
        for &section in &doc.form().sections {
            builder.section(section);
        }
        let graphs: Vec<String> = builder
            .items
            .iter()
            .filter_map(|i| match i {
                hyokasho::content::Item::Diagram { graph, .. } => Some(format!("{graph:?}")),
                _ => None,
            })
            .collect();
        assert!(!graphs.is_empty(), "the fixture has a 業務全体図");
        text_pair("業務全体図の絵の元", &graphs.concat(), &state, &text_secrets());
    }
}

#[test]
fn public_comparison_pdf_contains_no_withheld_text() {
    let dir = tempfile::tempdir().unwrap();
    let f = two_states(dir.path());
    let f = s(&f);
    let full = pdf(dir.path(), "c.pdf", &["diff", f, "1", "draft", "--format", "pdf"]);
    let public = pdf(dir.path(), "c-public.pdf", &["diff", f, "1", "draft", "--format", "pdf", "--public"]);
    let secrets: Vec<String> = TEXTS.iter().chain(CHOICES.iter()).map(|t| t.to_string()).collect();
    pdf_pair("比較表PDF", &public, &full, &secrets);
    let text = common::pdftotext(&public);
    assert!(text.contains("（非公開）"), "{text}");
}

#[test]
fn public_comparison_text_and_json_contain_no_withheld_text_but_show_the_change() {
    let dir = tempfile::tempdir().unwrap();
    let f = two_states(dir.path());
    let f = s(&f);
    for format in ["text", "json"] {
        let full = stdout(&run(&["diff", f, "1", "draft", "--format", format]));
        let public = stdout(&run(&["diff", f, "1", "draft", "--format", format, "--public"]));
        text_pair(&format!("diff --format {format}"), &public, &full, &text_secrets());
        // The server moved inside a withheld span: the public comparison still lists the
        // change of 保管場所, showing only 「（非公開）」.
        assert!(public.contains("保管場所") && public.contains("（非公開）"), "{public}");
    }
    let full = stdout(&run(&["diff", f, "1", "draft"]));
    assert!(full.contains("《非公開》"), "the full text output marks withheld passages:\n{full}");
}

#[test]
fn public_check_output_contains_no_withheld_text() {
    let dir = tempfile::tempdir().unwrap();
    let f = two_states(dir.path());
    let f = s(&f);
    for format in ["text", "json"] {
        let public = stdout(&run(&["check", f, "--public", "--format", format]));
        for secret in text_secrets() {
            assert!(!public.contains(&secret), "check --public --format {format} quotes {secret:?}");
        }
    }
}

#[test]
fn annex3_rows_from_a_comparison_keep_withheld_passages_withheld() {
    let dir = tempfile::tempdir().unwrap();
    let file = two_states(dir.path());
    let f = s(&file);
    let o = run(&["diff", f, "1", "draft", "--add-to-annex3"]);
    assert!(stdout(&o).contains("別添3に変更箇所を"), "{}", stdout(&o));
    // The generated row of 保管場所 holds the moved server only as a withheld passage.
    let draft = Store::open_read_only(&file).unwrap().load_draft().unwrap();
    let list = hyokasho::doc::Path::top(hyokasho::form::ids::ANNEX3_CHANGE);
    let after_ids = draft.instances(&list).to_vec();
    assert!(after_ids.len() > 1, "rows were added");
    let mut found = false;
    for id in &after_ids {
        let p = list.child(id, hyokasho::form::ids::ANNEX3_CHANGE_AFTER);
        if let Some(hyokasho::doc::Entry { value: hyokasho::doc::Value::Text(t), .. }) = draft.get(&p)
            && t.as_str().contains("亀戸データ棟")
        {
            let withheld: String =
                t.segments().iter().filter(|s| s.withheld).map(|s| s.text).collect::<Vec<_>>().join("|");
            assert!(withheld.contains("亀戸データ棟の五階"), "the new server room is withheld: {withheld}");
            found = true;
        }
    }
    assert!(found, "a row holds the changed 保管場所");
    let full = pdf(dir.path(), "full.pdf", &["pdf", f]);
    let public = pdf(dir.path(), "public.pdf", &["pdf", f, "--public"]);
    pdf_pair("別添3を追加した後の公表用PDF", &public, &full, &pdf_secrets());
}

#[test]
fn the_review_edition_says_what_it_is_on_every_page_and_in_its_metadata() {
    let dir = tempfile::tempdir().unwrap();
    let f = two_states(dir.path());
    let f = s(&f);
    let full = pdf(dir.path(), "full.pdf", &["pdf", f]);
    let pages = String::from_utf8(
        std::process::Command::new("pdftotext")
            .args(["-raw", s(&dir.path().join("full.pdf")), "-"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let page_texts: Vec<&str> = pages.split('\u{c}').filter(|p| !p.trim().is_empty()).collect();
    assert!(page_texts.len() > 3);
    for (n, page) in page_texts.iter().enumerate() {
        assert!(page.contains("非公開情報を含む（第三者点検用）"), "page {} does not say it", n + 1);
    }
    let info = std::process::Command::new("pdfinfo").arg(dir.path().join("full.pdf")).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    assert!(info.contains("非公開情報を含む"), "{info}");
    assert!(!full.is_empty());
    let public = pdf(dir.path(), "public.pdf", &["pdf", f, "--public"]);
    assert!(pdf_holds(&public, "非公開情報を含む").is_none(), "the public edition is not marked as the review one");
}

#[test]
fn a_public_pdf_of_an_unfrozen_draft_is_warned_about() {
    let dir = tempfile::tempdir().unwrap();
    let f = two_states(dir.path());
    let out = dir.path().join("p.pdf");
    let o = hyokasho(&["pdf", s(&f), "--public", "-o", s(&out)]);
    assert!(o.status.success());
    assert!(stderr(&o).contains("確定していない下書き"), "{}", stderr(&o));
    let o = hyokasho(&["pdf", s(&f), "--version", "1", "--public", "-o", s(&out)]);
    assert!(o.status.success());
    assert!(stderr(&o).is_empty(), "{}", stderr(&o));
}

#[test]
fn a_public_comparison_classifies_only_what_the_public_can_read() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kokuho.hyoka");
    // Inside the withheld 保管場所: only the width of 「Ｋ７」 changes (表記のみ to the department).
    let first = hyokasho::ron_io::import(&FIXTURE.replace("ラック番号K7", "ラック番号Ｋ７")).unwrap();
    let mut store = Store::create_holding(&file, &first).unwrap();
    store.freeze(Stage::Published, "").unwrap();
    store.replace_draft(&hyokasho::ron_io::import(FIXTURE).unwrap()).unwrap();
    store.close().unwrap();
    let class_of_place = |args: &[&str]| -> String {
        let json: serde_json::Value = serde_json::from_str(&stdout(&run(args))).unwrap();
        let change =
            json["changes"].as_array().unwrap().iter().find(|c| c["title"].as_str().unwrap().contains("保管場所"));
        change.unwrap()["class"].as_str().unwrap().to_owned()
    };
    let f = s(&file);
    assert_eq!(class_of_place(&["diff", f, "1", "draft", "--format", "json"]), "wording");
    let public = class_of_place(&["diff", f, "1", "draft", "--format", "json", "--public"]);
    assert_ne!(public, "wording", "the public comparison must not say the hidden change was only of width");
}

/// 質問事項 and their answers withhold passages like the form's answers: the 質問事項・回答一覧
/// PDF, the list and the exchanged sheet show a withheld passage of an answer only in the full
/// edition.
#[test]
fn public_question_outputs_contain_no_withheld_text() {
    let dir = tempfile::tempdir().unwrap();
    let f = two_states(dir.path());
    let f = s(&f);
    let full = pdf(dir.path(), "q-full.pdf", &["report", f]);
    let public = pdf(dir.path(), "q-public.pdf", &["report", f, "--public"]);
    pdf_pair("質問事項・回答一覧（公表用）", &public, &full, &pdf_secrets());
    // The 市民意見 summary, with a resident's opinion whose answer withholds a passage.
    let full = pdf(dir.path(), "o-full.pdf", &["report", f, "--opinions"]);
    let public = pdf(dir.path(), "o-public.pdf", &["report", f, "--opinions", "--public"]);
    pdf_pair("市民意見の概要と対応（公表用）", &public, &full, &pdf_secrets());
    let full = stdout(&run(&["review", "list", f]));
    let public = stdout(&run(&["review", "list", f, "--public"]));
    text_pair("review list --public", &public, &full, &text_secrets());
    for ext in ["csv", "xlsx"] {
        let full_out = dir.path().join(format!("q-full.{ext}"));
        let public_out = dir.path().join(format!("q-public.{ext}"));
        run(&["review", "export", f, "-o", s(&full_out)]);
        run(&["review", "export", f, "-o", s(&public_out), "--public"]);
        let read = |p: &Path| -> String {
            let bytes = std::fs::read(p).unwrap();
            let rows = match ext {
                "csv" => hyokasho::review::sheet::from_csv(&bytes).unwrap().0,
                _ => hyokasho::review::sheet::from_xlsx(&bytes).unwrap(),
            };
            rows.into_iter().flat_map(|(_, r)| r).collect::<Vec<_>>().join("|")
        };
        text_pair(&format!("review export --public ({ext})"), &read(&public_out), &read(&full_out), &text_secrets());
    }
}
