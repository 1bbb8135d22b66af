//! Every rule: one edit of the clean sample that makes it fire, and the clean sample (or, for
//! the width rule, a clean variant) that keeps it quiet.

use super::*;
use crate::doc::{Edit, Entry, Pick, Text};
use crate::form::ids;

fn sample() -> Assessment {
    crate::ron_io::import(include_str!("../../assessments/midori-jidoteate-r7.ron")).unwrap()
}

fn rules_in(doc: &Assessment) -> Vec<&'static str> {
    check(doc, &Options::default()).into_iter().map(|f| f.rule).collect()
}

const F: &str = "f-teate";
const S: &str = "f-shinsei";

fn set(doc: &mut Assessment, path: Path, entry: Option<Entry>) {
    doc.apply(vec![Edit::Value { path, entry }]).unwrap_or_else(|e| panic!("{e}"));
}

fn hyokasho_pick(option: &str) -> crate::doc::Pick {
    crate::doc::Pick::plain(option)
}

fn text(doc: &mut Assessment, item: &str, blocks: &[&str], t: &str) {
    set(doc, Path::new(item, blocks), Some(Entry::text(t)));
}

fn choice(doc: &mut Assessment, item: &str, blocks: &[&str], c: &str) {
    set(doc, Path::new(item, blocks), Some(Entry::choice(c)));
}

fn append(doc: &mut Assessment, item: &str, blocks: &[&str], extra: &str) {
    let p = Path::new(item, blocks);
    let t = format!("{}{extra}", doc.text(&p));
    set(doc, p, Some(Entry::text(&t)));
}

fn remove_blocks(doc: &mut Assessment, list: Path) {
    for id in doc.instances(&list).to_vec() {
        let edits = doc.plan_remove_block(&list, &id).unwrap();
        doc.apply(edits).unwrap();
    }
}

fn date(doc: &mut Assessment, item: &str, y: i16, m: i8, d: i8) {
    set(doc, Path::top(item), Some(Entry::new(Value::date(jiff::civil::date(y, m, d)))));
}

/// (rule, what the defect is, the edit that plants it)
type Plant = (&'static str, fn(&mut Assessment));

const PLANTS: &[Plant] = &[
    ("C01", |d| set(d, Path::top(ids::I_TASK_NAME), None)),
    ("C02", |d| {
        let picks = vec![Pick::plain("本人又は本人の代理人"), Pick { option: "その他".into(), detail: String::new() }];
        set(d, Path::new(ids::II_FILE_USE_SOURCE, &[F]), Some(Entry::new(Value::Multi(picks))));
    }),
    ("C03", |d| {
        choice(d, ids::III_FILE_ACQUIRE_R2_SUFFICIENCY, &[F], "課題が残されている");
        text(d, ids::III_FILE_ACQUIRE_R2_MEASURES, &[F], "申請書は窓口で受け付け、郵送の場合は簡易書留とする。");
    }),
    ("C04", |d| append(d, ids::I_DEPARTMENT_UNIT, &[], "（〇〇係）")),
    ("C05", |d| append(d, ids::I_TASK_CONTENT, &[], "担当：\u{E000}山")),
    ("C06", |d| text(d, ids::COVER_BODY, &[], "みどり市こども家庭部こども給付課")),
    ("W05", |d| append(d, ids::I_TASK_CONTENT, &[], "申請書の保管期間は1年とする。")),
    ("K19", |d| choice(d, ids::II_FILE_BASIC_SUBJECTS, &[F], "100万人以上1,000万人未満")),
    ("K25", |d| {
        use crate::review::procedure::StageRecord;
        let mut r = StageRecord::new(crate::store::Stage::CouncilReport);
        r.start = Some(jiff::civil::date(2025, 9, 15));
        r.end = Some(jiff::civil::date(2025, 9, 1));
        d.apply(vec![crate::doc::Edit::Stage { id: "s-kaigi1".into(), record: Some(Box::new(r)) }]).unwrap();
    }),
    ("K24", |d| set(d, Path::top(ids::ANNEX1_DIAGRAM_ACTOR).child("a-ken", ids::ANNEX1_DIAGRAM_ACTOR_RECIPIENT), None)),
    ("K20", |d| {
        choice(d, ids::III_FILE_STORAGE_R1_INCIDENT_STATUS, &[F], "発生なし");
        text(d, ids::III_FILE_STORAGE_R1_INCIDENT_CONTENT, &[F], "令和4年に通知書の誤送付があった。");
    }),
    ("K18", |d| {
        let p = Path::new(ids::II_FILE_BASIC_HELD_FROM, &[F]);
        set(d, p, Some(Entry::new(Value::date(jiff::civil::date(2015, 4, 1)))));
    }),
    ("K16", |d| {
        let picks =
            vec![hyokasho_pick("４情報（氏名、性別、生年月日、住所）"), hyokasho_pick("児童福祉・子育て関係情報")];
        set(d, Path::new(ids::II_FILE_BASIC_RECORDS_MAIN, &[F]), Some(Entry::new(Value::Multi(picks))));
    }),
    ("K17", |d| {
        let list = Path::new(ids::ANNEX2_FILE_FIELD, &[F]);
        for id in d.instances(&list).to_vec() {
            let name = list.child(&id, ids::ANNEX2_FILE_FIELD_NAME);
            if d.text(&name).contains("個人番号") {
                text(d, ids::ANNEX2_FILE_FIELD_NAME, &[F, &id], "宛名番号");
            }
        }
    }),
    ("K21", |d| choice(d, ids::II_FILE_BASIC_RECORDS_COUNT, &[F], "10項目未満")),
    ("S01", |d| {
        append(d, ids::III_FILE_USE_R3_MEASURES, &[F], "\n・住基サーバー（192.168.20.15）との通信は専用線に限る。")
    }),
    ("K23", |d| {
        // The 保守 company also takes the 入力 work: its untagged line can serve either.
        let link = Path::top(ids::ANNEX1_DIAGRAM_LINK).child("l-hikari", ids::ANNEX1_DIAGRAM_LINK_TO);
        d.set(link, Some(Entry::choice("a-hoshu"))).unwrap();
    }),
    ("K22", |d| {
        let (row, edits) = d.plan_add_block(&Path::top(ids::ANNEX3_CHANGE)).unwrap();
        d.apply(edits).unwrap();
        text(d, ids::ANNEX3_CHANGE_ITEM, &[&row], "Ⅱ 特定個人情報ファイル1 4. 委託事項1 ⑦再委託の有無");
        choice(d, ids::ANNEX3_CHANGE_TIMING, &[&row], "事後");
        text(d, ids::ANNEX3_CHANGE_REASON, &[&row], "軽微な変更のため。");
    }),
    ("P06", |d| {
        choice(d, ids::III_FILE_ACQUIRE_R4_SUFFICIENCY, &[F], "十分である");
        append(d, ids::III_FILE_ACQUIRE_R4_MEASURES, &[F], "\n・郵送の申請書の紛失を防ぐ措置は、特に講じていない。");
    }),
    ("P07", |d| append(d, ids::IV_AUDIT_AUDIT_HOW, &[], "\n委託先に対する監査は、必要に応じて実施する。")),
    ("P08", |d| {
        append(
            d,
            ids::III_FILE_OUTSOURCING_RISKS_ERASURE_RULES_HOW,
            &[F],
            "\n消去の確認は、委託先からの口頭の報告による。",
        )
    }),
    ("K01", |d| remove_blocks(d, Path::new(ids::II_FILE_OUTSOURCING_TASK, &[F]))),
    ("K02", |d| choice(d, ids::II_FILE_OUTSOURCING_STATUS, &[F], "委託しない")),
    ("K03", |d| set(d, Path::new(ids::II_FILE_OUTSOURCING_TASK_APPROVAL, &[F, "t-hoshu"]), None)),
    ("K04", |d| set(d, Path::new(ids::III_FILE_OUTSOURCING_NONE, &[F]), Some(Entry::new(Value::Flag(true))))),
    ("K05", |d| choice(d, ids::III_FILE_OUTSOURCING_RISKS_SUBCONTRACTOR_STATUS, &[F], "再委託していない")),
    ("K06", |d| remove_blocks(d, Path::new(ids::II_FILE_PROVISION_TRANSFEREE, &[F]))),
    ("K07", |d| set(d, Path::new(ids::III_FILE_PROVISION_NONE, &[S]), None)),
    ("K08", |d| choice(d, ids::I_NETWORK_STATUS, &[], "実施しない")),
    ("K09", |d| date(d, ids::VI_REVIEW_DATE, 2025, 6, 1)),
    ("K10", |d| date(d, ids::VI_COMMENT_PERIOD_END, 2025, 7, 20)),
    ("K11", |d| {
        choice(d, ids::II_FILE_STORAGE_RETENTION_PERIOD, &[F], "定められていない");
        text(d, ids::II_FILE_STORAGE_RETENTION_VALIDITY, &[F], "必要に応じて保管する。");
    }),
    ("K12", |d| {
        choice(d, ids::VI_BASIC_THRESHOLD, &[], "基礎項目評価の実施が義務付けられる（任意に全項目評価を実施）")
    }),
    ("K13", |d| text(d, ids::II_FILE_OUTSOURCING_TASK_CONTRACTOR, &[F, "t-hoshu"], "株式会社あおば情報")),
    ("K14", |d| choice(d, ids::ANNEX1_DIAGRAM_FLOW_FROM, &["fl-shinsei"], "a-nobody")),
    ("K15", |d| {
        let actors = Path::top(ids::ANNEX1_DIAGRAM_ACTOR);
        let edits = crate::flows::remove::plan_remove(d, &actors, "a-dc").unwrap();
        d.apply(edits).unwrap();
    }),
    ("W01", |d| append(d, ids::III_FILE_USE_R3_MEASURES, &[F], "アクセスログは保存する。")),
    ("W02", |d| append(d, ids::I_TASK_NAME, &[], "（１）")),
    ("W03", |d| append(d, ids::I_REASON_MERIT, &[], "ｼｽﾃﾑ化により")),
    ("W04", |d| {
        let t = d.text(&Path::new(ids::III_FILE_USE_R3_MEASURES, &[F])).to_owned();
        text(d, ids::III_FILE_USE_R4_MEASURES, &[F], &t);
    }),
    ("P01", |d| {
        let t = "再委託先：株式会社グリーンシステムズ\n再委託の理由：委託先が自ら行うより費用を削減できるため。";
        text(d, ids::II_FILE_OUTSOURCING_TASK_SUBCONTRACTED, &[F, "t-hoshu"], t);
        text(d, ids::II_FILE_OUTSOURCING_TASK_APPROVAL, &[F, "t-hoshu"], "書面で申請させ、承認する。");
        // …and the 必要性 of the 再委託 link in 別添1 says the same.
        let link = Path::top(ids::ANNEX1_DIAGRAM_LINK).child("l-green", ids::ANNEX1_DIAGRAM_LINK_NECESSITY);
        d.set(link, Some(crate::doc::Entry::text("費用を削減できるため。"))).unwrap();
    }),
    ("P02", |d| {
        // Removable media in use, but nothing says how they are ledgered, erased and checked.
        for (path, _) in d.values().map(|(p, e)| (p.clone(), e.clone())).collect::<Vec<_>>() {
            let t = d.text(&path).to_owned();
            if ["管理簿", "台帳", "持出簿", "受払簿", "消去", "廃棄", "破砕", "破壊", "物理的"]
                .iter()
                .any(|w| t.contains(w))
            {
                let cleaned = ["管理簿", "台帳", "持出簿", "受払簿", "消去", "廃棄", "破砕", "破壊", "物理的"]
                    .iter()
                    .fold(t, |acc, w| acc.replace(w, "取扱い"));
                set(d, path, Some(Entry::text(&cleaned)));
            }
        }
    }),
    ("P03", |d| {
        text(d, ids::III_FILE_USE_R2_USAGE_LOG_HOW, &[F], "システムの操作ログを保存し、必要に応じて確認する。")
    }),
    ("P04", |d| {
        text(d, ids::III_FILE_USE_R2_AUTHENTICATION_HOW, &[F], "利用者ごとにIDとパスワードを付与している。");
        text(d, ids::III_FILE_USE_R2_GRANT_HOW, &[F], "所属長の申請に基づき権限を設定する。");
    }),
    ("P05", |d| {
        for item in [ids::III_FILE_OUTSOURCING_RISKS_MANAGEMENT, ids::III_FILE_OUTSOURCING_RISKS_OTHER] {
            text(d, item, &[F], "委託先の管理体制を確認している。");
        }
        for id in d.form().descendants(d.form().find(ids::III_FILE_OUTSOURCING).unwrap()) {
            let node = d.form().node(id);
            let p = Path::new(&node.id, &[F]);
            let t = d.text(&p).to_owned();
            if !t.is_empty() && node.id != ids::III_FILE_OUTSOURCING_RISKS_MANAGEMENT {
                let plain =
                    t.replace("監査", "管理").replace("立入", "訪問").replace("検査", "点検").replace("確認", "把握");
                set(d, p, Some(Entry::text(&plain)));
            }
        }
    }),
];

#[test]
fn every_rule_has_a_planted_defect() {
    let planted: Vec<&str> = PLANTS.iter().map(|(r, _)| *r).collect();
    for rule in RULES {
        assert!(planted.contains(&rule.id), "rule {} has no test that makes it fire", rule.id);
    }
}

#[test]
fn each_planted_defect_makes_its_rule_fire() {
    for (rule, plant) in PLANTS {
        let mut doc = sample();
        assert!(!rules_in(&doc).contains(rule) || *rule == "W02", "{rule} fires on the clean sample");
        plant(&mut doc);
        assert!(rules_in(&doc).contains(rule), "{rule} did not fire; found {:?}", rules_in(&doc));
    }
}

#[test]
fn the_clean_sample_has_no_error_and_only_the_width_warning() {
    let findings = check(&sample(), &Options::default());
    assert_eq!(counts(&sample(), &findings).0, 0, "{findings:#?}");
    let rules: Vec<_> = findings.iter().map(|f| f.rule).collect();
    assert!(rules.iter().all(|r| *r == "W02"), "{rules:?}");
}

#[test]
fn the_sample_a_year_later_has_no_error_either() {
    let r8 = crate::ron_io::import(include_str!("../../assessments/midori-jidoteate-r8.ron")).unwrap();
    let findings = check(&r8, &Options::default());
    assert_eq!(counts(&r8, &findings).0, 0, "{findings:#?}");
}

#[test]
fn the_width_rule_is_quiet_when_widths_agree() {
    let mut doc = sample();
    for (path, entry) in doc.values().map(|(p, e)| (p.clone(), e.clone())).collect::<Vec<_>>() {
        if let Value::Text(t) = &entry.value {
            let half: String = t
                .as_str()
                .chars()
                .map(|c| match c {
                    '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap(),
                    _ => c,
                })
                .collect();
            set(&mut doc, path, Some(Entry { value: Value::Text(t.edited(&half)), withheld: entry.withheld }));
        }
    }
    assert!(!rules_in(&doc).contains(&"W02"));
}

#[test]
fn users_can_add_their_own_term_variants() {
    let mut doc = sample();
    append(&mut doc, ids::I_TASK_CONTENT, &[], "支給台帳は…");
    let options = Options { extra_variants: vec![vec!["受給者台帳".into(), "支給台帳".into()]] };
    let before = check(&doc, &Options::default()).iter().filter(|f| f.rule == "W01").count();
    append(&mut doc, ids::I_TASK_CONTENT, &[], "受給者台帳も同じ。");
    let after = check(&doc, &options).iter().filter(|f| f.rule == "W01").count();
    assert_eq!(after, before + 1);
}

#[test]
fn findings_point_at_items_in_form_order() {
    let mut doc = sample();
    set(&mut doc, Path::top(ids::VI_REVIEW_RESULT), None);
    set(&mut doc, Path::top(ids::COVER_NUMBER), None);
    let findings = check(&doc, &Options::default());
    let errors: Vec<_> = findings.iter().filter(|f| f.severity == Severity::Error).collect();
    assert_eq!(errors[0].paths[0], Path::top(ids::COVER_NUMBER));
    assert_eq!(errors.last().unwrap().paths[0], Path::top(ids::VI_REVIEW_RESULT));
    let _ = Text::plain;
}

#[test]
fn a_character_no_font_has_is_named_with_its_item() {
    let mut doc = sample();
    append(&mut doc, ids::I_TASK_CONTENT, &[], "外字\u{E000}と\u{3FFFD}、\u{E000}再び。𠮷と葛\u{E0100}は印刷できる。");
    text(&mut doc, ids::II_FILE_NAME, &[F], "児童手当\u{7}ファイル");
    let c05: Vec<Finding> = check(&doc, &Options::default()).into_iter().filter(|f| f.rule == "C05").collect();
    assert_eq!(c05.len(), 2, "one finding per item: {c05:#?}");
    assert_eq!(c05[0].paths, [Path::top(ids::I_TASK_CONTENT)]);
    assert_eq!(c05[0].severity, Severity::Warning);
    assert!(c05[0].message.contains("U+E000（\u{E000}）、U+3FFFD（\u{3FFFD}）。"), "{}", c05[0].message);
    assert!(!c05[0].message.contains("20BB7"), "𠮷 prints with the fallback font");
    assert_eq!(c05[1].paths, [Path::new(ids::II_FILE_NAME, &[F])]);
    assert!(c05[1].message.contains("U+0007。"), "{}", c05[1].message);
}

#[test]
fn template_marks_are_placeholders_but_a_bullet_is_not() {
    use super::completeness::placeholder_in;
    // 国民健康保険の評価書 as a template leaves it.
    for left in [
        "被保険者証は令和●年●月●日から更新する。",
        "保険年金課の職員●名が担当する。",
        "委託先は△△株式会社とする。",
        "（記載例）保険税の賦課に用いる。",
        "データセンターは●●市に所在する。",
    ] {
        assert!(placeholder_in(left).is_some(), "{left}");
    }
    for written in [
        "●被保険者の資格を確認する。\n●保険税を賦課する。",
        "・届出は窓口又は郵送で受け付ける。",
        "令和7年4月1日から保険税の算定に用いる。",
    ] {
        assert_eq!(placeholder_in(written), None, "{written}");
    }
}

#[test]
fn the_kisai_yoryo_wording_and_proper_names_are_not_wording_faults() {
    use crate::doc::{Entry, Path};
    use crate::form::{current, ids};
    // 住民基本台帳: 「４情報」 as the 様式 writes it beside half-width figures, and the card by its
    // name beside 個人番号.
    let mut doc = crate::doc::Assessment::new(current());
    doc.set(Path::top(ids::I_TASK_CONTENT), Some(Entry::text("住民票の４情報を照合し、年2回点検する。"))).unwrap();
    doc.set(Path::top(ids::I_TASK_NAME), Some(Entry::text("個人番号の記載とマイナンバーカードの交付に関する事務")))
        .unwrap();
    let findings = super::check(&doc, &super::Options::default());
    assert!(!findings.iter().any(|f| f.rule == "W02"), "{findings:#?}");
    assert!(!findings.iter().any(|f| f.rule == "W01"), "{findings:#?}");
    // A real mix still is one.
    doc.set(Path::top(ids::I_TASK_CONTENT), Some(Entry::text("住民票を年２回点検し、年2回報告する。マイナンバーは…")))
        .unwrap();
    let findings = super::check(&doc, &super::Options::default());
    assert!(findings.iter().any(|f| f.rule == "W02") && findings.iter().any(|f| f.rule == "W01"));
}

#[test]
fn a_sentence_written_twice_inside_one_answer_is_found() {
    use crate::doc::{Entry, Path};
    use crate::form::{current, ids};
    // 介護保険: one paragraph pasted twice while editing.
    let mut doc = crate::doc::Assessment::new(current());
    let once = "要介護認定の申請書は、受付後に施錠できる書庫で保管し、保存期間の経過後に溶解処理する。";
    doc.set(Path::top(ids::I_TASK_CONTENT), Some(Entry::text(&format!("{once}\n認定調査票も同様とする。\n{once}"))))
        .unwrap();
    let findings = super::check(&doc, &super::Options::default());
    let w04: Vec<_> = findings.iter().filter(|f| f.rule == "W04").collect();
    assert_eq!(w04.len(), 1, "{findings:#?}");
    assert!(w04[0].message.contains("この項目の中に"));
    doc.set(Path::top(ids::I_TASK_CONTENT), Some(Entry::text(once))).unwrap();
    assert!(!super::check(&doc, &super::Options::default()).iter().any(|f| f.rule == "W04"));
}

#[test]
fn an_assessing_body_named_as_a_department_is_found() {
    use crate::doc::{Entry, Path};
    use crate::form::{current, ids};
    let mut doc = crate::doc::Assessment::new(current());
    for (body, wrong) in [
        ("やまなみ市福祉部介護保険課", true),
        ("やまなみ市健康福祉センター", true),
        ("やまなみ市長", false),
        ("やまなみ市教育委員会", false),
        ("やまなみ後期高齢者医療広域連合長", false),
    ] {
        doc.set(Path::top(ids::COVER_BODY), Some(Entry::text(body))).unwrap();
        let found = super::check(&doc, &super::Options::default()).iter().any(|f| f.rule == "C06");
        assert_eq!(found, wrong, "{body}");
    }
}

#[test]
fn a_file_without_my_number_in_its_records_is_found_in_ii_and_annex2() {
    use crate::doc::{Entry, Path, Pick, Value};
    use crate::form::{current, ids};
    // 国民健康保険被保険者ファイル: the records list forgot 個人番号.
    let mut doc = crate::doc::Assessment::new(current());
    let (f, edits) = doc.plan_add_block(&Path::top(ids::II_FILE)).unwrap();
    doc.apply(edits).unwrap();
    let main = Path::new(ids::II_FILE_BASIC_RECORDS_MAIN, &[&f]);
    let picks = |names: &[&str]| Some(Entry::new(Value::Multi(names.iter().map(|n| Pick::plain(n)).collect())));
    doc.set(main.clone(), picks(&["４情報（氏名、性別、生年月日、住所）", "医療保険関係情報"])).unwrap();
    let list = Path::new(ids::ANNEX2_FILE_FIELD, &[&f]);
    let (edits, _, _) = doc.plan_paste_rows(&list, "被保険者証記号番号\n氏名\n資格取得年月日").unwrap();
    doc.apply(edits).unwrap();
    let rules: Vec<&str> = super::check(&doc, &super::Options::default()).iter().map(|f| f.rule).collect();
    assert!(rules.contains(&"K16") && rules.contains(&"K17"), "{rules:?}");
    // A file that holds the 個人番号対応符号 (an 情報提供 file) is right as it is.
    doc.set(main, picks(&["個人番号対応符号", "医療保険関係情報"])).unwrap();
    let (edits, _, _) = doc.plan_paste_rows(&list, "個人番号対応符号").unwrap();
    doc.apply(edits).unwrap();
    let rules: Vec<&str> = super::check(&doc, &super::Options::default()).iter().map(|f| f.rule).collect();
    assert!(!rules.contains(&"K16") && !rules.contains(&"K17"), "{rules:?}");
}

#[test]
fn a_withheld_passage_written_again_in_open_text_is_found() {
    use crate::doc::{Entry, Path, Text, Value};
    use crate::form::{current, ids};
    // 国民健康保険: the server room is withheld in 保管場所 but named in an open measure.
    let mut doc = crate::doc::Assessment::new(current());
    let (f, edits) = doc.plan_add_block(&Path::top(ids::II_FILE)).unwrap();
    doc.apply(edits).unwrap();
    let place =
        Text::from_segments([("被保険者情報は", false), ("本庁舎地下2階電算室", true), ("で保管する。", false)]);
    doc.set(Path::new(ids::II_FILE_STORAGE_PLACE, &[&f]), Some(Entry::new(Value::Text(place)))).unwrap();
    doc.set(Path::top(ids::I_TASK_CONTENT), Some(Entry::text("サーバは本庁舎地下2階電算室に設置している。"))).unwrap();
    let w05 = |doc: &crate::doc::Assessment| {
        super::check(doc, &super::Options::default()).into_iter().filter(|f| f.rule == "W05").count()
    };
    assert_eq!(w05(&doc), 1);
    doc.set(Path::top(ids::I_TASK_CONTENT), Some(Entry::text("サーバは庁舎内の電算室に設置している。"))).unwrap();
    assert_eq!(w05(&doc), 0, "a different wording is not a restatement");
}

#[test]
fn a_file_that_provides_only_through_the_network_may_say_no_provision_in_iii_5() {
    use crate::doc::{Entry, Path, Pick, Value};
    use crate::form::{current, ids};
    // 国民健康保険: 情報提供 only, through 情報提供ネットワークシステム, which Ⅲ5 leaves out.
    let mut doc = crate::doc::Assessment::new(current());
    let (f, edits) = doc.plan_add_block(&Path::top(ids::II_FILE)).unwrap();
    doc.apply(edits).unwrap();
    let status = Path::new(ids::II_FILE_PROVISION_STATUS, &[&f]);
    doc.set(status, Some(Entry::new(Value::Multi(vec![Pick::plain("提供を行っている")])))).unwrap();
    let list = Path::new(ids::II_FILE_PROVISION_RECIPIENT, &[&f]);
    let (r, edits) = doc.plan_add_block(&list).unwrap();
    doc.apply(edits).unwrap();
    let method = Path::new(ids::II_FILE_PROVISION_RECIPIENT_METHOD, &[&f, &r]);
    doc.set(method.clone(), Some(Entry::new(Value::Multi(vec![Pick::plain("情報提供ネットワークシステム")])))).unwrap();
    doc.set(Path::new(ids::III_FILE_PROVISION_NONE, &[&f]), Some(Entry::new(Value::Flag(true)))).unwrap();
    let k07 =
        |doc: &crate::doc::Assessment| super::check(doc, &super::Options::default()).iter().any(|f| f.rule == "K07");
    assert!(!k07(&doc), "no false エラー for a network-only file");
    // Paper to another body too: then Ⅲ5 has something to say.
    doc.set(
        method,
        Some(Entry::new(Value::Multi(vec![Pick::plain("情報提供ネットワークシステム"), Pick::plain("紙")]))),
    )
    .unwrap();
    assert!(k07(&doc));
}

#[test]
fn committee_rules_match_the_measure_not_a_substring_and_read_negation() {
    use super::{affirms, states_frequency};
    // 住民基本台帳の事務: 「台帳」 inside 「住民基本台帳」 is no ledger of USB memories.
    let text = "住民基本台帳の異動情報をUSBメモリで受け渡す。";
    assert!(!affirms(text, &["管理簿", "持出簿", "管理台帳", "持出台帳"]));
    assert!(affirms("USBメモリは媒体管理台帳に記録して貸し出す。", &["管理台帳"]));
    // Negation: a measure denied is no measure.
    assert!(!affirms("人事異動の際にもパスワードは変更していない。", &["異動"]));
    assert!(affirms("人事異動の際はパスワードを即日変更する。", &["異動"]));
    // Frequency: a count of times, not any 「回」.
    assert!(states_frequency("係長が月1回、操作ログを確認する。"));
    assert!(states_frequency("年２回点検する。"));
    assert!(!states_frequency("照会への回答を記録し、適宜確認している。"));
}

#[test]
fn a_usb_ledger_is_not_satisfied_by_the_resident_register() {
    use crate::doc::{Entry, Path, Pick, Value};
    use crate::form::{current, ids};
    // 住民基本台帳: media are used, and the only 「台帳」 is the register itself.
    let mut doc = crate::doc::Assessment::new(current());
    let (f, edits) = doc.plan_add_block(&Path::top(ids::II_FILE)).unwrap();
    doc.apply(edits).unwrap();
    let method = Path::new(ids::II_FILE_USE_METHOD, &[&f]);
    doc.set(method, Some(Entry::new(Value::Multi(vec![Pick::plain("フラッシュメモリ")])))).unwrap();
    let copy = Path::new(ids::III_FILE_USE_R4_MEASURES, &[&f]);
    doc.set(copy.clone(), Some(Entry::text("住民基本台帳のデータは、使用後に消去したことを係長が確認する。"))).unwrap();
    let p02 =
        |doc: &crate::doc::Assessment| super::check(doc, &super::Options::default()).iter().any(|f| f.rule == "P02");
    assert!(p02(&doc), "「住民基本台帳」 is no ledger");
    doc.set(
        copy,
        Some(Entry::text("フラッシュメモリは媒体管理台帳で貸出しを記録し、使用後に消去したことを係長が確認する。")),
    )
    .unwrap();
    assert!(!p02(&doc));
}

#[test]
fn file_dates_before_my_number_or_use_before_holding_are_found() {
    use crate::doc::{Entry, Path, Value};
    use crate::form::{current, ids};
    // 保育所入所: a file said to be used before it is held, and before 平成28年.
    let mut doc = crate::doc::Assessment::new(current());
    let (f, edits) = doc.plan_add_block(&Path::top(ids::II_FILE)).unwrap();
    doc.apply(edits).unwrap();
    let date = |y, m, d| Some(Entry::new(Value::date(jiff::civil::date(y, m, d))));
    doc.set(Path::new(ids::II_FILE_BASIC_HELD_FROM, &[&f]), date(2016, 1, 1)).unwrap();
    doc.set(Path::new(ids::II_FILE_USE_STARTED_ON, &[&f]), date(2015, 12, 1)).unwrap();
    let k18 = |doc: &crate::doc::Assessment| {
        super::check(doc, &super::Options::default()).into_iter().filter(|f| f.rule == "K18").count()
    };
    assert_eq!(k18(&doc), 2, "before 平成28年, and used before held");
    doc.set(Path::new(ids::II_FILE_USE_STARTED_ON, &[&f]), date(2016, 1, 1)).unwrap();
    assert_eq!(k18(&doc), 0);
}

#[test]
fn the_provision_side_of_the_network_is_checked_too() {
    use crate::doc::{Entry, Path, Pick, Value};
    use crate::form::{current, ids};
    // 介護保険: 情報提供 through the network, but Ⅲ6 says 「接続しない（提供）」.
    let mut doc = crate::doc::Assessment::new(current());
    let (f, edits) = doc.plan_add_block(&Path::top(ids::II_FILE)).unwrap();
    doc.apply(edits).unwrap();
    let list = Path::new(ids::II_FILE_PROVISION_RECIPIENT, &[&f]);
    let (r, edits) = doc.plan_add_block(&list).unwrap();
    doc.apply(edits).unwrap();
    let method = Path::new(ids::II_FILE_PROVISION_RECIPIENT_METHOD, &[&f, &r]);
    doc.set(method, Some(Entry::new(Value::Multi(vec![Pick::plain("情報提供ネットワークシステム")])))).unwrap();
    doc.set(Path::new(ids::III_FILE_NETWORK_NO_PROVIDE, &[&f]), Some(Entry::new(Value::Flag(true)))).unwrap();
    let messages: Vec<String> = super::check(&doc, &super::Options::default())
        .into_iter()
        .filter(|f| f.rule == "K08")
        .map(|f| f.message)
        .collect();
    assert!(messages.iter().any(|m| m.contains("接続しない（提供）")), "{messages:?}");
}

#[test]
fn a_file_with_more_people_than_the_task_is_found() {
    use crate::doc::{Entry, Path};
    use crate::form::{current, ids};
    // 後期高齢者医療: the 事務 says 1万人以上10万人未満, a file says 10万人以上100万人未満.
    let mut doc = crate::doc::Assessment::new(current());
    doc.set(Path::top(ids::I_TASK_PEOPLE), Some(Entry::choice("1万人以上10万人未満"))).unwrap();
    let (f, edits) = doc.plan_add_block(&Path::top(ids::II_FILE)).unwrap();
    doc.apply(edits).unwrap();
    let subjects = Path::new(ids::II_FILE_BASIC_SUBJECTS, &[&f]);
    doc.set(subjects.clone(), Some(Entry::choice("10万人以上100万人未満"))).unwrap();
    let k19 =
        |doc: &crate::doc::Assessment| super::check(doc, &super::Options::default()).iter().any(|f| f.rule == "K19");
    assert!(k19(&doc));
    doc.set(subjects, Some(Entry::choice("1万人以上10万人未満"))).unwrap();
    assert!(!k19(&doc));
}

#[test]
fn answers_switched_off_by_another_answer_are_reported_once_per_answer() {
    use crate::doc::{Entry, Path};
    use crate::form::{current, ids};
    // 障害者総合支援: Ⅲ5 「提供・移転しない」 ticked over two written risks, and a 重大事故
    // 「発生なし」 whose その内容 is still written.
    let mut doc = crate::doc::Assessment::new(current());
    let (f, edits) = doc.plan_add_block(&Path::top(ids::II_FILE)).unwrap();
    doc.apply(edits).unwrap();
    let text = |s: &str| Some(Entry::text(s));
    let none = Path::new("iii.file.provision.none", &[&f]);
    doc.set(Path::new("iii.file.provision.r1.record.how", &[&f]), text("支給決定の提供記録を障害福祉システムに残す。"))
        .unwrap();
    doc.set(Path::new("iii.file.provision.r3.measures", &[&f]), text("提供前に受給者証番号を照合する。")).unwrap();
    doc.set(Path::new("iii.file.storage.r1.incident.content", &[&f]), text("令和5年に受給者証の誤送付があった。"))
        .unwrap();
    let k20 = |doc: &crate::doc::Assessment| -> Vec<super::Finding> {
        super::check(doc, &super::Options::default()).into_iter().filter(|f| f.rule == "K20").collect()
    };
    // Nothing switched off yet: the texts are simply read.
    assert!(k20(&doc).is_empty());

    doc.set(none.clone(), Some(Entry::new(crate::doc::Value::Flag(true)))).unwrap();
    doc.set(Path::new("iii.file.storage.r1.incident.status", &[&f]), Some(Entry::choice("発生なし"))).unwrap();
    let found = k20(&doc);
    assert_eq!(found.len(), 2, "one finding per governing answer: {found:?}");
    let provision = found.iter().find(|x| x.paths[0] == none).expect("Ⅲ5 reported");
    assert!(provision.message.contains("「提供・移転しない」にチェック"), "{}", provision.message);
    assert!(
        provision.message.contains("「リスク1") && provision.message.contains("「リスク3"),
        "{}",
        provision.message
    );
    assert_eq!(provision.paths.len(), 3, "the flag and both hidden texts");
    let incident = found.iter().find(|x| x.paths[0] != none).unwrap();
    assert!(incident.message.contains("「発生なし」"), "{}", incident.message);

    // Unticking brings the texts back to print; an unticked flag is no answer.
    doc.set(none, Some(Entry::new(crate::doc::Value::Flag(false)))).unwrap();
    doc.set(Path::new("iii.file.storage.r1.incident.content", &[&f]), None).unwrap();
    assert!(k20(&doc).is_empty(), "{:?}", k20(&doc));

    // ⑧ under 「再委託しない」 inside a 委託事項 under 「委託しない」: only the outer switch counts, and
    // the whole block is K02's, so K20 stays silent.
    let (t, edits) = doc.plan_add_block(&Path::new("ii.file.outsourcing.task", &[&f])).unwrap();
    doc.apply(edits).unwrap();
    doc.set(Path::new("ii.file.outsourcing.task.subcontracting", &[&f, &t]), Some(Entry::choice("再委託しない")))
        .unwrap();
    doc.set(Path::new("ii.file.outsourcing.task.approval", &[&f, &t]), text("書面で事前に承認する。")).unwrap();
    assert_eq!(k20(&doc).len(), 1, "inner switch alone is reported: {:?}", k20(&doc));
    doc.set(Path::new("ii.file.outsourcing.status", &[&f]), Some(Entry::choice("委託しない"))).unwrap();
    assert!(k20(&doc).is_empty(), "{:?}", k20(&doc));

    // Two files: the finding of file 1 comes first, whatever the block ids.
    let (g, edits) = doc.plan_add_block(&Path::top(ids::II_FILE)).unwrap();
    doc.apply(edits).unwrap();
    for b in [&g, &f] {
        doc.set(Path::new("iii.file.provision.none", &[b]), Some(Entry::new(crate::doc::Value::Flag(true)))).unwrap();
        doc.set(Path::new("iii.file.provision.r3.measures", &[b]), text("提供前に受給者証番号を照合する。")).unwrap();
    }
    let order: Vec<String> = k20(&doc).iter().map(|x| x.paths[0].blocks[0].clone()).collect();
    assert_eq!(order, vec![f.clone(), g.clone()], "file order, not id order");
    doc.apply(doc.plan_move_block(&Path::top(ids::II_FILE), &g, 0).unwrap()).unwrap();
    let order: Vec<String> = k20(&doc).iter().map(|x| x.paths[0].blocks[0].clone()).collect();
    assert_eq!(order, vec![g, f], "file order after a move");
}

/// The committee-practice rules read what a sentence does, not a keyword: a table of wordings
/// from 住民基本台帳, 生活保護 and 税務 staff (not the samples'), each with whether its rule must
/// fire and what its message must quote. Found by a tester hunting false positives and misses.
#[test]
fn practice_rules_read_the_sentence_not_a_keyword() {
    use crate::doc::{Entry, Path};
    use crate::form::{current, ids};
    /// An answer to set: a text (T) or a choice (C), inside the one file when the item is.
    enum Set {
        T(&'static str, &'static str),
        C(&'static str, &'static str),
    }
    use Set::{C, T};
    const AUDIT: &str = ids::IV_AUDIT_AUDIT_HOW;
    const ERASE: &str = ids::III_FILE_OUTSOURCING_RISKS_ERASURE_RULES_HOW;
    const R2: &str = ids::III_FILE_STORAGE_R2_MEASURES;
    const KEEP: &str = ids::II_FILE_STORAGE_RETENTION_VALIDITY;
    const ITEM: &str = ids::ANNEX3_CHANGE_ITEM;
    const TIMING: &str = ids::ANNEX3_CHANGE_TIMING;
    const WHY: &str = ids::ANNEX3_CHANGE_REASON;
    let cases: &[(&str, &[Set], &str, bool)] = &[
        ("P07", &[T(AUDIT, "委託先の作業状況は、時期をみて確認する。")], "時期をみて", true),
        ("P07", &[T(AUDIT, "不要となった帳票は適宜溶解処理している。")], "適宜", true),
        ("P07", &[T(AUDIT, "毎年度5月に一括消去する。消去に先立ち、必要に応じて対象者リストを確認する。")], "", false),
        ("P07", &[T(AUDIT, "不審な点がある場合は、必要に応じて課長に報告する。")], "", false),
        ("P07", &[T(AUDIT, "係長が毎月確認し、必要に応じて報告を求める。")], "", false),
        ("P08", &[T(ERASE, "再委託は、電話連絡により許可している。")], "電話連絡", true),
        ("P08", &[T(ERASE, "消去は口答で了承している。")], "口答", true),
        (
            "P08",
            &[T(
                ERASE,
                "課長の決裁を経て書面で承諾する。申請前に電話で事前相談を受けることがあるが、電話での承諾は行わない。",
            )],
            "",
            false,
        ),
        ("P08", &[T(ERASE, "消去証明書の提出を求め、口頭での報告のみでは完了と認めない。")], "", false),
        (
            "P06",
            &[
                C(ids::III_FILE_USE_R2_SUFFICIENCY, "特に力を入れている"),
                C(ids::III_FILE_USE_R2_AUTHENTICATION_STATUS, "行っていない"),
            ],
            "行っていない",
            true,
        ),
        (
            "P06",
            &[
                C(ids::III_FILE_STORAGE_R2_SUFFICIENCY, "十分である"),
                T(R2, "住民票コードとの突合は、システム更新に合わせて導入を予定している。"),
            ],
            "予定",
            true,
        ),
        (
            "P06",
            &[
                C(ids::III_FILE_STORAGE_R2_SUFFICIENCY, "十分である"),
                T(R2, "毎月突合し、不審な照会があれば処分の要否を人事課と検討する。"),
            ],
            "",
            false,
        ),
        (
            "K11",
            &[C(ids::II_FILE_STORAGE_RETENTION_PERIOD, "定められていない"), T(KEEP, "保護の廃止後、五年間保存する。")],
            "五年",
            true,
        ),
        (
            "K11",
            &[
                C(ids::II_FILE_STORAGE_RETENTION_PERIOD, "定められていない"),
                T(KEEP, "課税資料は60か月を経過した後に消去する。"),
            ],
            "60か月",
            true,
        ),
        (
            "K11",
            &[
                C(ids::II_FILE_STORAGE_RETENTION_PERIOD, "定められていない"),
                T(
                    KEEP,
                    "令和5年度の制度改正で期間の定めがなくなった。世帯の状況により保存の要否が変わるため、個別に判断する。",
                ),
            ],
            "",
            false,
        ),
        (
            "K22",
            &[
                T(ITEM, "Ⅱ 特定個人情報ファイル1 3. ②入手方法"),
                C(TIMING, "事後"),
                T(WHY, "リスクを軽減する措置は今後検討する。"),
            ],
            "入手方法",
            true,
        ),
        (
            "K22",
            &[
                T(ITEM, "Ⅱ 特定個人情報ファイル1 3. ②入手方法"),
                C(TIMING, "事後"),
                T(WHY, "郵送による入手をやめ、紛失のリスクを低減する変更である。"),
            ],
            "",
            false,
        ),
    ];
    for (i, (rule, answers, quoted, fires)) in cases.iter().enumerate() {
        let mut doc = crate::doc::Assessment::new(current());
        let (f, edits) = doc.plan_add_block(&Path::top(ids::II_FILE)).unwrap();
        doc.apply(edits).unwrap();
        // One 別添3 row, for the answers that belong to one.
        let (row, edits) = doc.plan_add_block(&Path::top(ids::ANNEX3_CHANGE)).unwrap();
        doc.apply(edits).unwrap();
        for a in *answers {
            let (item, entry) = match a {
                T(item, t) => (item, Entry::text(t)),
                C(item, c) => (item, Entry::choice(c)),
            };
            let inside = current().find(item).is_some_and(|ix| !current().node(ix).blocks.is_empty());
            let blocks: &[&str] = match (inside, item.starts_with("annex3.")) {
                (true, true) => &[&row],
                (true, false) => &[&f],
                _ => &[],
            };
            doc.set(Path::new(item, blocks), Some(entry)).unwrap();
        }
        let found: Vec<super::Finding> =
            super::check(&doc, &super::Options::default()).into_iter().filter(|x| x.rule == *rule).collect();
        assert_eq!(!found.is_empty(), *fires, "case {i} ({rule}): {found:?}");
        if *fires {
            assert!(found[0].message.contains(quoted), "case {i}: {}", found[0].message);
        }
    }
}

#[test]
#[ignore = "profiling aid: cargo test --release --lib rule_times -- --ignored --nocapture"]
fn rule_times() {
    let doc = sample();
    let options = super::Options::default();
    let cx = super::Cx::new(&doc, &options);
    for rule in super::RULES {
        let start = std::time::Instant::now();
        for _ in 0..20 {
            let mut out = Vec::new();
            (rule.run)(&cx, &mut out);
        }
        println!("{} {:?}", rule.id, start.elapsed() / 20);
    }
}

#[test]
fn a_recipient_missing_from_the_diagram_is_found() {
    use crate::doc::{Entry, Path};
    use crate::form::{current, ids};
    // 住民基本台帳: two 提供先 (都道府県知事 through 住基ネット, a 移転先 in the same city); the
    // diagram draws the 都道府県 only.
    let mut doc = crate::doc::Assessment::new(current());
    let (f, edits) = doc.plan_add_block(&Path::top(ids::II_FILE)).unwrap();
    doc.apply(edits).unwrap();
    let add = |doc: &mut crate::doc::Assessment, list: Path, name_item: &str, name: &str| {
        let (id, edits) = doc.plan_add_block(&list).unwrap();
        doc.apply(edits).unwrap();
        doc.set(list.child(&id, &format!("{}.{name_item}", list.item)), Some(Entry::text(name))).unwrap();
        id
    };
    let recipients = Path::new(ids::II_FILE_PROVISION_RECIPIENT, &[&f]);
    let pref = add(&mut doc, recipients, "name", "やまなみ県知事");
    let transferees = Path::new(ids::II_FILE_PROVISION_TRANSFEREE, &[&f]);
    add(&mut doc, transferees, "name", "やまなみ市 税務課");
    let k24 = |doc: &crate::doc::Assessment| -> Vec<String> {
        super::check(doc, &super::Options::default())
            .into_iter()
            .filter(|f| f.rule == "K24")
            .map(|f| f.message)
            .collect()
    };
    assert!(k24(&doc).is_empty(), "no diagram yet: nothing to compare with");
    let actors = Path::top(ids::ANNEX1_DIAGRAM_ACTOR);
    let a = add(&mut doc, actors.clone(), "name", "やまなみ県");
    doc.set(actors.child(&a, ids::ANNEX1_DIAGRAM_ACTOR_RECIPIENT), Some(Entry::choice(&pref))).unwrap();
    let found = k24(&doc);
    assert_eq!(found.len(), 1, "{found:?}");
    assert!(found[0].contains("移転先「やまなみ市 税務課」"), "{found:?}");
}

#[test]
fn a_review_over_several_meetings_is_done_on_its_last() {
    use crate::doc::{Dated, Dates, Entry, Path, Value};
    use crate::form::{current, ids};
    // 保育: the 第三者点検 met twice; the 公表日 falls between the meetings.
    let mut doc = crate::doc::Assessment::new(current());
    let on = |y, m, d, note: &str| Dated { date: jiff::civil::date(y, m, d), note: note.into() };
    let meetings = Dates::new(vec![on(2026, 7, 10, "（第1回）"), on(2026, 8, 28, "（第2回）")]).unwrap();
    doc.set(Path::top(ids::VI_REVIEW_DATE), Some(Entry::new(Value::Date(meetings)))).unwrap();
    let published = Path::top(ids::COVER_PUBLISHED_ON);
    doc.set(published.clone(), Some(Entry::new(Value::date(jiff::civil::date(2026, 8, 1))))).unwrap();
    let k09 = |doc: &crate::doc::Assessment| rules_in(doc).contains(&"K09");
    assert!(k09(&doc), "published before the review was done");
    let after = Dates::new(vec![on(2026, 10, 1, "（予定）")]).unwrap();
    doc.set(published, Some(Entry::new(Value::Date(after)))).unwrap();
    assert!(!k09(&doc));
}
