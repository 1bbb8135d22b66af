//! PDF export as the committee and the public read it: every answer is in the text in order,
//! the public edition holds no withheld passage anywhere in the file, long answers continue
//! across pages without losing a character.

use hyokasho::doc::{Assessment, Edit, Entry, Path, Value};
use hyokasho::form::ids;
use hyokasho::pdf::{Edition, export};
mod common;

use common::{all_bytes, find, pdftotext, squash, utf16be};
use std::process::Command;

const SAMPLES: [&str; 2] =
    [include_str!("../assessments/midori-jidoteate-r7.ron"), include_str!("../assessments/midori-jidoteate-r8.ron")];

fn edition(public: bool) -> Edition {
    Edition { label: "第1版 第三者点検".into(), draft: !public, public }
}

#[test]
fn every_filled_answer_of_both_samples_appears_in_order() {
    for sample in SAMPLES {
        let doc = hyokasho::ron_io::import(sample).unwrap();
        let text = pdftotext(&export(&doc, &edition(false)).unwrap());
        let form = doc.form();
        let mut answers: Vec<(usize, &Path, String)> = doc
            .values()
            .filter_map(|(p, e)| match &e.value {
                Value::Text(t) if !doc.is_disabled(form.find(&p.item).unwrap(), &p.blocks) => {
                    Some((p, squash(t.as_str())))
                }
                _ => None,
            })
            .map(|(p, t)| (form.find(&p.item).unwrap(), p, t))
            .collect();
        answers.sort_by_key(|(ix, p, _)| (*ix, p.blocks.clone()));
        let mut missing = Vec::new();
        for (_, path, t) in &answers {
            let head: String = t.chars().take(12).collect();
            if !head.is_empty() && !text.contains(&head) {
                missing.push(format!("{path}: {head}"));
            }
        }
        assert!(missing.is_empty(), "not in the PDF text:\n{}", missing.join("\n"));
        // Reading order: the sections' first answers come in the 様式's order.
        let firsts: Vec<usize> =
            [ids::COVER_DECLARATION, ids::I_TASK_CONTENT, ids::V_DISCLOSURE_OFFICE, ids::VI_REVIEW_RESULT]
                .iter()
                .map(|id| {
                    let t = squash(doc.text(&Path::top(id)));
                    text.find(&t.chars().take(12).collect::<String>()).unwrap()
                })
                .collect();
        assert!(firsts.windows(2).all(|w| w[0] < w[1]), "{firsts:?}");
    }
}

fn withheld_passages(doc: &Assessment) -> Vec<String> {
    let mut out = Vec::new();
    for (_, e) in doc.values() {
        match &e.value {
            Value::Text(t) if e.withheld => out.push(t.as_str().to_owned()),
            Value::Text(t) => out.extend(t.segments().into_iter().filter(|s| s.withheld).map(|s| s.text.to_owned())),
            // A withheld choice is printed 「[ 5年 ]」; its wording also appears in other items' option lists.
            Value::Choice(c) if e.withheld => out.push(format!("[ {c} ]")),
            _ => {}
        }
    }
    out
}

#[test]
fn the_public_edition_contains_no_withheld_passage_anywhere() {
    let doc = hyokasho::ron_io::import(SAMPLES[0]).unwrap();
    let withheld = withheld_passages(&doc);
    assert!(withheld.len() >= 5, "{withheld:?}");
    let full = pdftotext(&export(&doc, &edition(false)).unwrap());
    let public_pdf = export(&doc, &edition(true)).unwrap();
    let public = pdftotext(&public_pdf);
    let streams = all_bytes(&public_pdf);
    for w in &withheld {
        let probe: String = squash(w).chars().take(14).collect();
        if probe.chars().count() < 4 {
            continue;
        }
        assert!(full.contains(&probe), "the full edition shows {probe}");
        assert!(!public.contains(&probe), "the public edition shows {probe}");
        for bytes in &streams {
            assert!(
                find(bytes, probe.as_bytes()).is_none() && find(bytes, &utf16be(&probe)).is_none(),
                "{probe} is in a stream"
            );
        }
    }
    assert!(public.contains("（非公開）"));
}

#[test]
fn characters_only_withheld_text_uses_are_not_in_the_public_font_subset() {
    let doc = hyokasho::ron_io::import(SAMPLES[0]).unwrap();
    let full_text = pdftotext(&export(&doc, &edition(false)).unwrap());
    let public_pdf = export(&doc, &edition(true)).unwrap();
    let public_text = pdftotext(&public_pdf);
    // Characters printed in the full edition that the public edition no longer prints.
    let only_withheld: Vec<char> = full_text.chars().filter(|c| !public_text.contains(*c)).collect();
    assert!(!only_withheld.is_empty(), "the sample withholds some characters used nowhere else");
    // The ToUnicode maps of the subset: `<glyph> <character>` pairs; collect the characters.
    let mut mapped = std::collections::HashSet::new();
    for bytes in all_bytes(&public_pdf) {
        let text = String::from_utf8_lossy(&bytes).into_owned();
        if !text.contains("beginbfchar") {
            continue;
        }
        for line in text.lines() {
            let hex: Vec<&str> = line.split(['<', '>']).map(str::trim).filter(|t| !t.is_empty()).collect();
            if let [_, dst] = hex.as_slice()
                && let Ok(units) = (0..dst.len())
                    .step_by(4)
                    .map(|i| u16::from_str_radix(&dst[i..(i + 4).min(dst.len())], 16))
                    .collect::<Result<Vec<u16>, _>>()
            {
                mapped.extend(char::decode_utf16(units).flatten());
            }
        }
    }
    assert!(mapped.contains(&'児'), "the subset's map was read");
    for c in only_withheld {
        assert!(!mapped.contains(&c), "{c} is still in the public font subset");
    }
}

#[test]
fn a_passage_of_4000_characters_breaks_across_pages_without_losing_a_character() {
    let mut doc = hyokasho::ron_io::import(SAMPLES[0]).unwrap();
    let passage: String = (1..=445).map(|i| format!("第{i:04}文は、。")).collect::<String>();
    let passage: String = passage.chars().take(4000).collect();
    assert_eq!(passage.chars().count(), 4000);
    doc.apply(vec![Edit::Value { path: Path::top(ids::I_REASON_NECESSITY), entry: Some(Entry::text(&passage)) }])
        .unwrap();
    let pdf = export(&doc, &edition(false)).unwrap();
    let raw = pdftotext(&pdf);
    assert!(raw.contains("①事務実施上の必要性（続き）"), "the label is repeated on the next page");
    // Take away what is printed between two pages: header, 「案」, footer, the repeated label.
    let mut text = raw.clone();
    for furniture in [
        "児童手当に関する事務全項目評価書",
        "第1版第三者点検",
        "案",
        "非公開情報を含む（第三者点検用）",
        "①事務実施上の必要性（続き）",
    ] {
        text = text.replace(furniture, "");
    }
    // Footers 「- 5 / 51 -」.
    for n in 1..=99 {
        for total in 1..=99 {
            text = text.replace(&format!("-{n}/{total}-"), "");
        }
    }
    let mut at = 0;
    for i in 1..=445 {
        let marker = format!("第{i:04}文は、。");
        let marker: String = if i == 445 { marker.chars().take(4000 - 444 * 9).collect() } else { marker };
        let found = text[at..].find(&marker).unwrap_or_else(|| panic!("{marker} is missing or out of order"));
        at += found + marker.len();
    }
}

#[test]
fn the_pdf_embeds_its_font_as_a_subset_and_is_tagged() {
    let doc = hyokasho::ron_io::import(SAMPLES[0]).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("x.pdf");
    std::fs::write(&file, export(&doc, &edition(false)).unwrap()).unwrap();
    let fonts = String::from_utf8(Command::new("pdffonts").arg(&file).output().unwrap().stdout).unwrap();
    let line = fonts.lines().find(|l| l.contains("BIZUDPGothic")).unwrap_or_else(|| panic!("{fonts}"));
    let cols: Vec<&str> = line.split_whitespace().collect();
    assert_eq!(&cols[cols.len() - 5..cols.len() - 2], ["yes", "yes", "yes"], "emb sub uni: {line}");
    let info = String::from_utf8(Command::new("pdfinfo").arg(&file).output().unwrap().stdout).unwrap();
    assert!(
        info.contains("Tagged:          yes") && info.contains("A4") && info.contains("児童手当に関する事務"),
        "{info}"
    );
    assert!(info.contains("Author:          みどり市長") && info.contains("CreationDate:"), "{info}");
}

#[test]
fn an_ended_task_is_marked_after_the_title_as_the_kisai_yoryo_says_not_in_a_row_of_its_own() {
    let mut doc = hyokasho::ron_io::import(SAMPLES[0]).unwrap();
    doc.apply(vec![Edit::Value {
        path: Path::top(ids::COVER_ENDED_ON),
        entry: Some(Entry::new(Value::date(jiff::civil::date(2027, 3, 31)))),
    }])
    .unwrap();
    let text = pdftotext(&export(&doc, &edition(false)).unwrap());
    assert!(text.contains("児童手当に関する事務全項目評価書【令和9年3月31日終了】"), "appended to the 評価書名");
    assert!(!text.contains("事務の終了日"), "the 様式 has no such row");
}

#[test]
fn a_draft_says_an_and_a_published_version_does_not() {
    let doc = hyokasho::ron_io::import(SAMPLES[0]).unwrap();
    let draft = pdftotext(&export(&doc, &Edition { label: "下書き".into(), draft: true, public: false }).unwrap());
    let published =
        pdftotext(&export(&doc, &Edition { label: "第3版 公表".into(), draft: false, public: true }).unwrap());
    // Drawn after the footer on every page: 「- 1 / 55 -」 then the red 「案」.
    let head: String = draft.chars().take(100).collect();
    assert!(draft.contains("下書き") && draft.contains("-案"), "{head}");
    assert!(!published.contains("-案") && published.contains("第3版公表"));
    assert!(published.contains("-1/"), "page x / y");
}

#[test]
fn annex_3_is_the_six_column_change_table() {
    let doc = hyokasho::ron_io::import(SAMPLES[1]).unwrap();
    let text = pdftotext(&export(&doc, &edition(false)).unwrap());
    // The last occurrence: the first is the 項目一覧 entry.
    let at = text.rfind("（別添3）変更箇所").expect("別添3 heading");
    let table = &text[at..];
    for header in ["変更日", "項目", "変更前の記載", "変更後の記載", "提出時期", "提出時期に係る説明"]
    {
        assert!(table.contains(header), "column {header}");
    }
    assert_eq!(table.matches("令和8年4月1日").count(), 3, "one row per change, dates in 和暦");
    assert!(
        table.contains("事前") && table.contains("事後") && !table.contains("＜選択肢＞"),
        "timing printed as its value"
    );
}

#[test]
fn the_generated_flow_diagram_is_a_landscape_page_with_every_actor_and_the_legend() {
    let doc = hyokasho::ron_io::import(SAMPLES[0]).unwrap();
    let bytes = export(&doc, &edition(false)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("d.pdf");
    std::fs::write(&path, &bytes).unwrap();
    let info = std::process::Command::new("pdfinfo").args(["-f", "1", "-l", "80"]).arg(&path).output().unwrap();
    let info = String::from_utf8_lossy(&info.stdout);
    let landscape: Vec<&str> = info.lines().filter(|l| l.contains("size:") && l.contains("841.89 x 595.")).collect();
    assert_eq!(landscape.len(), 1, "one landscape page, for the diagram:\n{info}");
    let page: usize = landscape[0].split_whitespace().nth(1).unwrap().parse().unwrap();
    let text = std::process::Command::new("pdftotext")
        .args(["-f", &page.to_string(), "-l", &page.to_string()])
        .arg(&path)
        .arg("-")
        .output()
        .unwrap();
    let text: String = String::from_utf8_lossy(&text.stdout).chars().filter(|c| !c.is_whitespace()).collect();
    let graph = hyokasho::flows::Graph::read(&doc);
    for a in &graph.actors {
        let name: String = a.name.chars().filter(|c| !c.is_whitespace()).collect();
        let head: String = name.chars().take(6).collect();
        assert!(text.contains(&head), "{} is not on the diagram page", a.name);
    }
    for word in ["業務全体図", "凡例", "専用線", "情報提供ネットワークシステム", "委託先・再委託先"]
    {
        assert!(text.contains(word), "{word} missing from the diagram page");
    }
}

#[test]
fn annex_1_opens_with_its_figures_and_their_numbered_steps_and_no_page_holds_only_its_heading() {
    // 国民健康保険 (our own fixture): the flow drawn in 図1, the 委託 link in 図2.
    let ron = include_str!("fixtures/kokuho-withheld.ron")
        .replace(
            "\"direction\": Choice(\"双方向\"),",
            "\"direction\": Choice(\"双方向\"), \"figure\": Text(\"図1 窓口と庁内\"),",
        )
        .replace(
            "\"handlers\": Withheld(Choice(\"10人未満\")),",
            "\"handlers\": Withheld(Choice(\"10人未満\")), \"figure\": Text(\"図2 委託\"),",
        );
    let doc = hyokasho::ron_io::import(&ron).unwrap();
    let pdf = export(&doc, &edition(false)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a.pdf");
    std::fs::write(&file, &pdf).unwrap();
    let pages: Vec<String> =
        String::from_utf8(Command::new("pdftotext").arg("-raw").arg(&file).arg("-").output().unwrap().stdout)
            .unwrap()
            .split('\u{c}')
            .map(squash)
            .collect();
    let heading = pages.iter().position(|p| p.contains("（別添1）事務の内容") && !p.contains("……")).unwrap();
    assert!(
        pages[heading].contains("業務全体図図1窓口と庁内"),
        "the first figure shares the heading's page: {}",
        pages[heading]
    );
    assert!(pages.iter().any(|p| p.contains("業務全体図図2委託")), "each figure has its own heading");
    let steps = pages.iter().position(|p| p.contains("番号誰から誰へ媒体運ばれる情報頻度")).unwrap();
    assert!(pages[steps].contains("①あおば町保険課⇔あおば町共同データセンター専用線"), "{}", pages[steps]);
    let explanation = pages.iter().position(|p| p.contains("業務の流れ（業務全体図の説明）")).unwrap();
    let registrations = pages.iter().position(|p| p.contains("（参考）業務全体図の登録内容")).unwrap();
    assert!(steps < registrations && explanation <= registrations, "pictures and steps first, the registrations last");
}

/// 後期高齢者医療: a 委託事項 that is not handed on (「再委託しない」) and Ⅲ4 「再委託していない」.
/// The items that then do not apply keep their rows with 「－」, as the 様式 prints them, and
/// the 事前点検 does not ask for them; what was typed into them before is not printed.
#[test]
fn items_another_answer_makes_not_applicable_print_a_dash_and_are_not_demanded() {
    let mut doc = Assessment::new(hyokasho::form::current());
    let (f, e) = doc.plan_add_block(&Path::top(ids::II_FILE)).unwrap();
    doc.apply(e).unwrap();
    let (t, e) = doc.plan_add_block(&Path::new(ids::II_FILE_OUTSOURCING_TASK, &[&f])).unwrap();
    doc.apply(e).unwrap();
    let set = |doc: &mut Assessment, item: &str, blocks: &[&str], e: Entry| {
        doc.set(Path::new(item, blocks), Some(e)).unwrap()
    };
    set(&mut doc, ids::II_FILE_OUTSOURCING_STATUS, &[&f], Entry::choice("委託する"));
    set(&mut doc, ids::II_FILE_OUTSOURCING_TASK_TITLE, &[&f, &t], Entry::text("被保険者証の作成・発送業務"));
    set(&mut doc, ids::II_FILE_OUTSOURCING_TASK_SUBCONTRACTING, &[&f, &t], Entry::choice("再委託しない"));
    set(&mut doc, ids::II_FILE_OUTSOURCING_TASK_APPROVAL, &[&f, &t], Entry::text("広域連合が書面で承認する（旧記載）"));
    set(&mut doc, ids::III_FILE_OUTSOURCING_RISKS_SUBCONTRACTOR_STATUS, &[&f], Entry::choice("再委託していない"));
    let text = squash(&pdftotext(&export(&doc, &edition(false)).unwrap()));
    for label in ["⑧再委託の許諾方法－", "⑨再委託事項－", "具体的な方法－"] {
        assert!(text.contains(label), "{label} in:\n{text}");
    }
    assert!(!text.contains("旧記載"), "a not-applicable answer's old text is not printed");
    let demanded: Vec<_> = hyokasho::check::check(&doc, &Default::default())
        .into_iter()
        .filter(|x| x.rule == "C01")
        .flat_map(|x| x.paths)
        .filter(|p| {
            [
                ids::II_FILE_OUTSOURCING_TASK_APPROVAL,
                ids::II_FILE_OUTSOURCING_TASK_SUBCONTRACTED,
                ids::III_FILE_OUTSOURCING_RISKS_SUBCONTRACTOR_HOW,
            ]
            .contains(&p.item.as_str())
        })
        .collect();
    assert!(demanded.is_empty(), "{demanded:?}");
}

/// 生活保護: no resident sent an opinion during 意見聴取. ⑤ does not apply: it prints 「－」 and is
/// not demanded, and the tick itself is no row of the 様式.
#[test]
fn no_opinion_during_public_comment_makes_the_reflection_a_dash() {
    let mut doc = Assessment::new(hyokasho::form::current());
    let set = |doc: &mut Assessment, item: &str, e: Entry| doc.set(Path::top(item), Some(e)).unwrap();
    set(&mut doc, ids::VI_COMMENT_OPINIONS, Entry::text("意見の提出はなかった。"));
    let demanded = |doc: &Assessment| {
        hyokasho::check::check(doc, &Default::default())
            .into_iter()
            .filter(|x| x.rule == "C01")
            .any(|x| x.paths.iter().any(|p| p.item == ids::VI_COMMENT_REFLECTION))
    };
    assert!(demanded(&doc), "⑤ is asked for while opinions may have come in");
    set(&mut doc, ids::VI_COMMENT_NO_OPINION, Entry::new(Value::Flag(true)));
    assert!(!demanded(&doc));
    let text = squash(&pdftotext(&export(&doc, &edition(false)).unwrap()));
    assert!(text.contains("⑤評価書への反映－"), "{text}");
    assert!(!text.contains("意見の提出がなかった"), "no row of its own");
}

/// 保育 by a city (地方公共団体等): the rows only 行政機関等 fill (個人情報保護委員会 承認日, Ⅵ4.)
/// print 「－」 as the 様式 has them, and the 区分 itself, no row of the 様式, is not printed.
/// A 行政機関等 keeps them as written.
#[test]
fn rows_for_national_bodies_print_a_dash_for_a_local_government() {
    let mut doc = Assessment::new(hyokasho::form::current());
    doc.set(Path::top(ids::COVER_BODY), Some(Entry::text("やまなみ市長"))).unwrap();
    doc.set(Path::top(ids::VI_PPC_EXAMINATION), Some(Entry::text("承認済み（旧記載）"))).unwrap();
    let mut local = doc.clone();
    local.set(Path::top(ids::COVER_BODY_KIND), Some(Entry::choice("地方公共団体等"))).unwrap();
    let text = squash(&pdftotext(&export(&local, &edition(false)).unwrap()));
    for label in ["承認日【行政機関等のみ】－", "①提出日－", "②個人情報保護委員会による審査－"]
    {
        assert!(text.contains(label), "{label} in:\n{text}");
    }
    assert!(!text.contains("旧記載") && !text.contains("評価実施機関の区分"), "{text}");
    let mut national = doc;
    national.set(Path::top(ids::COVER_BODY_KIND), Some(Entry::choice("行政機関等"))).unwrap();
    let text = squash(&pdftotext(&export(&national, &edition(false)).unwrap()));
    assert!(text.contains("②個人情報保護委員会による審査承認済み（旧記載）"), "{text}");
}

/// The page an item is given (質問事項, the corrections list) is the page its row is printed on:
/// checked against the text of each page for answers in three sections of the sample.
#[test]
fn item_pages_are_the_pages_the_items_are_printed_on() {
    let doc = hyokasho::ron_io::import(include_str!("../assessments/midori-jidoteate-r7.ron")).unwrap();
    let edition = edition(false);
    let pages = hyokasho::pdf::item_pages(&doc, &edition);
    let pdf = export(&doc, &edition).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("r7.pdf");
    std::fs::write(&file, &pdf).unwrap();
    for path in [
        Path::top(ids::I_TASK_CONTENT),
        Path::new(ids::II_FILE_STORAGE_ERASURE, &["f-teate"]),
        Path::new(ids::III_FILE_STORAGE_R3_PROCEDURE_HOW, &["f-teate"]),
    ] {
        let page = pages[&path];
        let out = Command::new("pdftotext")
            .args(["-f", &page.to_string(), "-l", &page.to_string(), file.to_str().unwrap(), "-"])
            .output()
            .unwrap();
        let on_page = squash(&String::from_utf8_lossy(&out.stdout));
        let answer = squash(doc.text(&path));
        let start: String = answer.chars().take(20).collect();
        assert!(on_page.contains(&start), "{path:?} on page {page}? {start} is not there");
    }
}
