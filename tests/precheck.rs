//! 事前点検 on a defective copy of the sample (`tests/defective/midori-defective.ron`): every
//! planted defect is found. The defects are listed here once; `cargo test --test precheck --
//! --ignored regenerate` rewrites the file from the clean sample.

use hyokasho::check::{self, Options};
use hyokasho::doc::{Assessment, Edit, Entry, Path, Pick, Value};
use hyokasho::form::ids;
use std::process::Command;

const DEFECTIVE: &str = "tests/defective/midori-defective.ron";
const F: &str = "f-teate";
const S: &str = "f-shinsei";

fn set(d: &mut Assessment, path: Path, entry: Option<Entry>) {
    d.apply(vec![Edit::Value { path, entry }]).unwrap_or_else(|e| panic!("{e}"));
}

fn text(d: &mut Assessment, item: &str, blocks: &[&str], t: &str) {
    set(d, Path::new(item, blocks), Some(Entry::text(t)));
}

fn choice(d: &mut Assessment, item: &str, blocks: &[&str], c: &str) {
    set(d, Path::new(item, blocks), Some(Entry::choice(c)));
}

fn append(d: &mut Assessment, item: &str, blocks: &[&str], extra: &str) {
    let p = Path::new(item, blocks);
    let t = format!("{}{extra}", d.text(&p));
    set(d, p, Some(Entry::text(&t)));
}

fn date(d: &mut Assessment, item: &str, y: i16, m: i8, day: i8) {
    set(d, Path::top(item), Some(Entry::new(Value::date(jiff::civil::date(y, m, day)))));
}

/// A planted defect: the rule that must find it, the item it must point at, what it is.
struct Defect {
    rule: &'static str,
    item: &'static str,
    blocks: &'static [&'static str],
    what: &'static str,
    plant: fn(&mut Assessment),
}

const DEFECTS: &[Defect] = &[
    Defect {
        rule: "C01",
        item: ids::COVER_NUMBER,
        blocks: &[],
        what: "評価書番号が空",
        plant: |d| set(d, Path::top(ids::COVER_NUMBER), None),
    },
    Defect {
        rule: "C01",
        item: ids::I_TASK_NAME,
        blocks: &[],
        what: "事務の名称が空",
        plant: |d| set(d, Path::top(ids::I_TASK_NAME), None),
    },
    Defect {
        rule: "C01",
        item: ids::VI_REVIEW_RESULT,
        blocks: &[],
        what: "第三者点検の結果が空",
        plant: |d| set(d, Path::top(ids::VI_REVIEW_RESULT), None),
    },
    Defect {
        rule: "C02",
        item: ids::II_FILE_USE_SOURCE,
        blocks: &[F],
        what: "入手元で「その他」を選んだのに内容がない",
        plant: |d| {
            let picks =
                vec![Pick::plain("本人又は本人の代理人"), Pick { option: "その他".into(), detail: String::new() }];
            set(d, Path::new(ids::II_FILE_USE_SOURCE, &[F]), Some(Entry::new(Value::Multi(picks))));
        },
    },
    Defect {
        rule: "C03",
        item: ids::III_FILE_ACQUIRE_R2_SUFFICIENCY,
        blocks: &[F],
        what: "「課題が残されている」なのに課題と対応の説明がない",
        plant: |d| {
            choice(d, ids::III_FILE_ACQUIRE_R2_SUFFICIENCY, &[F], "課題が残されている");
            text(d, ids::III_FILE_ACQUIRE_R2_MEASURES, &[F], "申請書は窓口で受け付け、郵送の場合は簡易書留とする。");
        },
    },
    Defect {
        rule: "C04",
        item: ids::I_DEPARTMENT_UNIT,
        blocks: &[],
        what: "「〇〇」が残っている",
        plant: |d| append(d, ids::I_DEPARTMENT_UNIT, &[], "（〇〇係）"),
    },
    Defect {
        rule: "C04",
        item: ids::V_INQUIRY_CONTACT,
        blocks: &[],
        what: "「XXX」が残っている",
        plant: |d| append(d, ids::V_INQUIRY_CONTACT, &[], "\n内線 XXX"),
    },
    Defect {
        rule: "K01",
        item: ids::II_FILE_OUTSOURCING_STATUS,
        blocks: &[S],
        what: "「委託する」なのに委託事項がない",
        plant: |d| choice(d, ids::II_FILE_OUTSOURCING_STATUS, &[S], "委託する"),
    },
    Defect {
        rule: "K04",
        item: ids::III_FILE_OUTSOURCING_NONE,
        blocks: &[S],
        what: "Ⅱ4「委託する」なのにⅢ4「委託しない」",
        plant: |_| {},
    },
    Defect {
        rule: "K03",
        item: ids::II_FILE_OUTSOURCING_TASK_APPROVAL,
        blocks: &[F, "t-hoshu"],
        what: "「再委託する」なのに⑧再委託の許諾方法がない",
        plant: |d| set(d, Path::new(ids::II_FILE_OUTSOURCING_TASK_APPROVAL, &[F, "t-hoshu"]), None),
    },
    Defect {
        rule: "K05",
        item: ids::III_FILE_OUTSOURCING_RISKS_SUBCONTRACTOR_STATUS,
        blocks: &[F],
        what: "再委託があるのにⅢ4は「再委託していない」",
        plant: |d| choice(d, ids::III_FILE_OUTSOURCING_RISKS_SUBCONTRACTOR_STATUS, &[F], "再委託していない"),
    },
    Defect {
        rule: "K06",
        item: ids::II_FILE_PROVISION_STATUS,
        blocks: &[F],
        what: "「移転を行っている」なのに移転先がない",
        plant: |d| {
            let list = Path::new(ids::II_FILE_PROVISION_TRANSFEREE, &[F]);
            let edits = d.plan_remove_block(&list, "m-kokuho").unwrap();
            d.apply(edits).unwrap();
        },
    },
    Defect {
        rule: "K07",
        item: ids::III_FILE_PROVISION_NONE,
        blocks: &[S],
        what: "Ⅱ5「行っていない」なのにⅢ5「提供・移転しない」がない",
        plant: |d| set(d, Path::new(ids::III_FILE_PROVISION_NONE, &[S]), None),
    },
    Defect {
        rule: "K08",
        item: ids::I_NETWORK_STATUS,
        blocks: &[],
        what: "情報提供ネットワークシステムから入手するのにⅠ6①「実施しない」",
        plant: |d| choice(d, ids::I_NETWORK_STATUS, &[], "実施しない"),
    },
    Defect {
        rule: "K09",
        item: ids::VI_REVIEW_DATE,
        blocks: &[],
        what: "第三者点検が意見聴取より前",
        plant: |d| date(d, ids::VI_REVIEW_DATE, 2025, 6, 20),
    },
    Defect {
        rule: "K10",
        item: ids::VI_COMMENT_SHORTENED,
        blocks: &[],
        what: "意見聴取が30日未満で理由がない",
        plant: |d| date(d, ids::VI_COMMENT_PERIOD_END, 2025, 7, 20),
    },
    Defect {
        rule: "K11",
        item: ids::II_FILE_STORAGE_RETENTION_VALIDITY,
        blocks: &[S],
        what: "保管期間「定められていない」で理由がない",
        plant: |d| {
            choice(d, ids::II_FILE_STORAGE_RETENTION_PERIOD, &[S], "定められていない");
            text(d, ids::II_FILE_STORAGE_RETENTION_VALIDITY, &[S], "必要に応じて保管する。");
        },
    },
    Defect {
        rule: "K12",
        item: ids::VI_BASIC_THRESHOLD,
        blocks: &[],
        what: "対象人数10万人以上30万人未満なのにしきい値判断結果が基礎項目評価のみ",
        plant: |d| {
            choice(d, ids::VI_BASIC_THRESHOLD, &[], "基礎項目評価の実施が義務付けられる（任意に全項目評価を実施）")
        },
    },
    Defect {
        rule: "W01",
        item: ids::III_FILE_USE_R3_MEASURES,
        blocks: &[F],
        what: "「操作ログ」と「アクセスログ」の混在",
        plant: |d| append(d, ids::III_FILE_USE_R3_MEASURES, &[F], "\n・アクセスログは5年間保存する。"),
    },
    Defect {
        rule: "W01",
        item: ids::IV_OTHER,
        blocks: &[],
        what: "「情報システム管理者」と「情報システム責任者」の混在",
        plant: |d| append(d, ids::IV_OTHER, &[], "\n・障害時は情報システム責任者に報告する。"),
    },
    Defect {
        rule: "W03",
        item: ids::I_REASON_MERIT,
        blocks: &[],
        what: "半角カタカナ",
        plant: |d| append(d, ids::I_REASON_MERIT, &[], "ｼｽﾃﾑ化により事務を効率化できる。"),
    },
    Defect {
        rule: "W04",
        item: ids::III_FILE_USE_R4_MEASURES,
        blocks: &[F],
        what: "リスク3の措置をリスク4にそのまま貼り付け",
        plant: |d| {
            let t = d.text(&Path::new(ids::III_FILE_USE_R3_MEASURES, &[F])).to_owned();
            text(d, ids::III_FILE_USE_R4_MEASURES, &[F], &t);
        },
    },
    Defect {
        rule: "P01",
        item: ids::II_FILE_OUTSOURCING_TASK_SUBCONTRACTED,
        blocks: &[F, "t-hoshu"],
        what: "再委託の理由が費用だけ",
        plant: |d| {
            let t = "障害時のオンサイト保守業務\n再委託先：株式会社グリーンシステムズ\n再委託の理由：委託先が自ら行うより費用を削減できるため。";
            text(d, ids::II_FILE_OUTSOURCING_TASK_SUBCONTRACTED, &[F, "t-hoshu"], t);
            let link = Path::top(ids::ANNEX1_DIAGRAM_LINK).child("l-green", ids::ANNEX1_DIAGRAM_LINK_NECESSITY);
            set(d, link, Some(Entry::text("委託先が自ら行うより費用を削減できるため。")));
        },
    },
    Defect {
        rule: "P03",
        item: ids::III_FILE_USE_R2_USAGE_LOG_HOW,
        blocks: &[F],
        what: "操作ログの確認者・頻度がない",
        plant: |d| {
            text(d, ids::III_FILE_USE_R2_USAGE_LOG_HOW, &[F], "システムの操作ログを保存し、必要に応じて確認する。")
        },
    },
    Defect {
        rule: "P04",
        item: ids::III_FILE_USE_R2_GRANT_HOW,
        blocks: &[S],
        what: "ID・パスワードの管理に異動・退職時の扱いがない",
        plant: |d| {
            text(d, ids::III_FILE_USE_R2_AUTHENTICATION_HOW, &[S], "端末の利用者ごとにIDとパスワードを設定している。");
            text(d, ids::III_FILE_USE_R2_GRANT_HOW, &[S], "係長が利用者を決め、IDを設定する。");
        },
    },
    Defect {
        rule: "C01",
        item: ids::II_FILE_STORAGE_ERASURE,
        blocks: &[F],
        what: "消去方法が空",
        plant: |d| set(d, Path::new(ids::II_FILE_STORAGE_ERASURE, &[F]), None),
    },
];

fn clean() -> Assessment {
    hyokasho::ron_io::import(include_str!("../assessments/midori-jidoteate-r7.ron")).unwrap()
}

#[test]
#[ignore = "rewrites tests/defective/midori-defective.ron from the clean sample"]
fn regenerate() {
    let mut doc = clean();
    for d in DEFECTS {
        (d.plant)(&mut doc);
    }
    std::fs::write(DEFECTIVE, hyokasho::ron_io::export(&doc)).unwrap();
}

#[test]
fn the_defective_file_is_the_sample_with_exactly_these_defects() {
    let mut doc = clean();
    for d in DEFECTS {
        (d.plant)(&mut doc);
    }
    let committed = std::fs::read_to_string(DEFECTIVE).expect("run the ignored `regenerate` test once");
    assert!(
        hyokasho::ron_io::export(&doc) == committed,
        "tests/defective/ is out of date: run `cargo test --test precheck -- --ignored regenerate`"
    );
}

#[test]
fn every_planted_defect_is_found() {
    assert!(DEFECTS.len() >= 25);
    let kinds: std::collections::BTreeSet<_> = DEFECTS.iter().map(|d| d.rule).collect();
    assert!(kinds.len() >= 18, "defects of {} different kinds", kinds.len());
    let doc = hyokasho::ron_io::import(&std::fs::read_to_string(DEFECTIVE).unwrap()).unwrap();
    let findings = check::check(&doc, &Options::default());
    let mut missed = Vec::new();
    for d in DEFECTS {
        let path = Path::new(d.item, d.blocks);
        if !findings.iter().any(|f| f.rule == d.rule && f.paths.contains(&path)) {
            missed.push(format!("{} {} ({})", d.rule, path, d.what));
        }
    }
    assert!(missed.is_empty(), "not found:\n{}", missed.join("\n"));
}

fn hyokasho_cli(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_hyokasho")).args(args).output().unwrap()
}

#[test]
fn check_exits_1_on_errors_0_when_clean_and_2_on_bad_input() {
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("bad.hyoka");
    let good = dir.path().join("good.hyoka");
    assert!(hyokasho_cli(&["import", DEFECTIVE, bad.to_str().unwrap()]).status.success());
    assert!(hyokasho_cli(&["import", "assessments/midori-jidoteate-r7.ron", good.to_str().unwrap()]).status.success());

    let o = hyokasho_cli(&["check", bad.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let text = String::from_utf8_lossy(&o.stdout);
    assert!(text.contains("[エラー] C01") && text.contains("出典: 記載要領") && text.contains("エラー "), "{text}");

    let o = hyokasho_cli(&["check", good.to_str().unwrap(), "--format", "json"]);
    assert_eq!(o.status.code(), Some(0), "{}", String::from_utf8_lossy(&o.stderr));
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert!(json.as_array().unwrap().iter().all(|f| f["severity"] != "エラー"));

    let o = hyokasho_cli(&["check", bad.to_str().unwrap(), "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let first = &json.as_array().unwrap()[0];
    assert!(first["items"][0]["title"].as_str().unwrap().starts_with("表紙") || first["items"][0]["path"].is_string());

    assert_eq!(hyokasho_cli(&["check", good.to_str().unwrap(), "--format", "xml"]).status.code(), Some(2));
    assert_eq!(hyokasho_cli(&["check", "missing.hyoka"]).status.code(), Some(2));
    let o = hyokasho_cli(&["check", good.to_str().unwrap(), "--variants", "児童手当システム/手当システム"]);
    assert_eq!(o.status.code(), Some(0));
}

/// The 国民健康保険 pair written blind (without reading the checker) from the seeds' questions:
/// `kokuho-clean.ron` and `kokuho-defective.ron` with 35 defects listed in `kokuho-defective.md`.
/// Each defect: its number there and the items a finding may name for it (the item planted, or
/// the item the 様式 pairs it with).
const KOKUHO_DEFECTS: &[(u8, &[&str])] = &[
    (1, &["cover.body"]),
    (2, &["cover.declaration"]),
    (3, &["cover.published_on", "vi.review.date"]),
    (4, &["vi.comment.period.end", "vi.comment.period.start"]),
    (5, &["i.task.people", "vi.basic.threshold", "ii.file[f-kokuho].basic.subjects"]),
    (6, &["ii.file[f-kokuho].basic.records.main"]),
    (7, &["ii.file[f-kokuho].basic.records.count"]),
    (8, &["ii.file[f-kokuho].basic.held_from"]),
    (9, &["iii.file[f-kokuho].outsourcing.risks.subcontractor.status"]),
    (10, &["ii.file[f-kokuho].outsourcing.task[t-rengo].subcontracted", "annex1.diagram.link[l-chuokai].necessity"]),
    (11, &["ii.file[f-kokuho].outsourcing.task[t-rengo].approval", "annex1.diagram.link[l-chuokai].approval"]),
    (
        12,
        &[
            "ii.file[f-kokuho].outsourcing.task[t-insatsu].subcontracted",
            "ii.file[f-kokuho].outsourcing.task[t-insatsu].subcontracting",
        ],
    ),
    (
        13,
        &[
            "ii.file[f-kokuho].outsourcing.task[t-insatsu].content",
            "ii.file[f-kokuho].outsourcing.task[t-insatsu].method",
        ],
    ),
    (14, &["iii.file[f-kokuho].outsourcing.risks.handling_log.how"]),
    (15, &["iii.file[f-kokuho].use.r2.grant.how"]),
    (16, &["iii.file[f-kokuho].use.r2.authentication.how", "iii.file[f-kokuho].use.r2.sufficiency"]),
    (17, &["iii.file[f-kokuho].use.r4.measures"]),
    (18, &["iii.file[f-kokuho].acquire.r4.measures", "iii.file[f-kokuho].acquire.r4.sufficiency"]),
    (19, &["iii.file[f-kokuho].storage.r2.measures", "iii.file[f-kokuho].storage.r2.sufficiency"]),
    (20, &["vi.review.method"]),
    (21, &["v.inquiry.contact"]),
    (
        22,
        &[
            "ii.file[f-kokuho].provision.recipient[p-koiki]",
            "ii.file[f-kokuho].provision.recipient[p-koiki].name",
            "iii.file[f-kokuho].provision.none",
        ],
    ),
    (23, &["iii.file[f-kokuho].network.no_provide"]),
    (24, &["ii.file[f-kokuho].use.method"]),
    (25, &["iii.file[f-kokuho].use.r2.other"]),
    (26, &["ii.file[f-kokuho].storage.retention.period"]),
    (27, &["iii.file[f-kokuho].outsourcing.risks.erasure_rules.how"]),
    (28, &["iv.audit.audit.how"]),
    (29, &["iii.file[f-kokuho].storage.r3.procedure.how"]),
    (30, &["iii.file[f-kokuho].storage.r1.incident.content", "iii.file[f-kokuho].storage.r1.incident.status"]),
    (31, &["iii.file[f-kokuho].use.r2.usage_log.how", "iii.file[f-kokuho].network.r2.measures"]),
    (32, &["cover.notes", "annex1.diagram.actor"]),
    (33, &["iii.file[f-kokuho].acquire.r3.authenticity"]),
    (34, &["annex3.change[chg-1].timing", "annex3.change[chg-1].reason"]),
    (35, &["iii.file[f-kokuho].acquire.r1.needed_only", "iii.file[f-kokuho].acquire.r1.target_only"]),
];

/// Missed today, each a kind no rule reads yet (the closing note of #14 says why): a medium named
/// in ① against ④ (13); 複製 in an unrelated sense (17); a 提供先 not covered in Ⅲ5 (22); a
/// measure for another sub-risk (33). (25, the withheld log-analysis conditions restated in open
/// text, is found by S01, which suggests withholding them.)
const KOKUHO_MISSED: &[u8] = &[13, 17, 33];

#[test]
fn a_blind_kokuho_assessment_is_clean_and_its_planted_defects_are_found() {
    let read = |name: &str| {
        let text = std::fs::read_to_string(format!("tests/defective/{name}")).unwrap();
        hyokasho::ron_io::import(&text).unwrap()
    };
    let clean = check::check(&read("kokuho-clean.ron"), &Options::default());
    assert!(clean.is_empty(), "the clean file has findings: {clean:?}");

    let doc = read("kokuho-defective.ron");
    let form = doc.form();
    let findings = check::check(&doc, &Options::default());
    let named: Vec<String> = findings.iter().flat_map(|f| f.paths.iter().map(|p| p.render(form))).collect();
    let found: Vec<u8> = KOKUHO_DEFECTS
        .iter()
        .filter(|(_, items)| items.iter().any(|i| named.iter().any(|n| n == i)))
        .map(|d| d.0)
        .collect();
    let missed: Vec<u8> = KOKUHO_DEFECTS.iter().map(|d| d.0).filter(|n| !found.contains(n)).collect();
    println!("kokuho: {} of {} planted defects found; missed {missed:?}", found.len(), KOKUHO_DEFECTS.len());
    assert_eq!(missed, KOKUHO_MISSED, "a defect found before is missed now (or a new one is found: update the list)");
    assert!(found.len() * 100 / KOKUHO_DEFECTS.len() >= 90, "recall {}/{}", found.len(), KOKUHO_DEFECTS.len());
}

/// 確認済み (issue 14): a finding the 課 judged right as written is marked with a reason, kept in
/// the file (RON and .hyoka), no longer counted, listed apart with its reason, and speaks again
/// once the text it read changes. On the blind 国民健康保険 file, with a finding of its own.
#[test]
fn an_acknowledged_finding_stays_quiet_until_its_text_changes() {
    let text = std::fs::read_to_string("tests/defective/kokuho-clean.ron").unwrap();
    let mut doc = hyokasho::ron_io::import(&text).unwrap();
    let sentence = "保険証の再交付は、本人確認書類を確認したうえで窓口で行う。";
    append(&mut doc, ids::I_TASK_CONTENT, &[], &format!("\n{sentence}\n{sentence}"));
    let findings = check::check(&doc, &Options::default());
    let w04: Vec<_> = findings.iter().filter(|f| f.rule == "W04").collect();
    assert_eq!(w04.len(), 1, "{findings:#?}");
    let key = w04[0].key.clone();
    assert!(hyokasho::doc::is_finding_key(&key), "{key}");
    assert_eq!(check::counts(&doc, &findings).1, 1);

    // A mark needs a reason.
    let mark =
        |reason: &str| hyokasho::doc::Acknowledgement { reason: reason.into(), on: jiff::civil::date(2026, 12, 1) };
    let empty = doc.apply(vec![Edit::Acknowledge { finding: key.clone(), mark: Some(mark("　 ")) }]);
    assert!(matches!(empty, Err(hyokasho::doc::DocError::ReasonMissing { .. })), "{empty:?}");
    let reason = "再交付の窓口と郵送で同じ確認をすることを強調するため、重ねて記載している。";
    let undo = doc.apply(vec![Edit::Acknowledge { finding: key.clone(), mark: Some(mark(reason)) }]).unwrap();
    let findings = check::check(&doc, &Options::default());
    assert_eq!(check::counts(&doc, &findings), (0, 0, 0), "{findings:#?}");
    assert_eq!(
        findings.iter().find(|f| f.key == key).and_then(|f| f.acknowledgement(&doc)).map(|m| m.reason.as_str()),
        Some(reason)
    );

    // Kept through the interchange file (format 2 only when a mark is in it) and never in the
    // public copy.
    let ron = hyokasho::ron_io::export(&doc);
    assert!(ron.contains("format: 2") && ron.contains(reason), "{}", &ron[..200]);
    assert_eq!(hyokasho::ron_io::import(&ron).unwrap(), doc);
    assert!(!hyokasho::ron_io::export(&doc.redacted()).contains(reason));
    assert!(hyokasho::ron_io::export(&hyokasho::ron_io::import(&text).unwrap()).contains("format: 1"));

    // The text changes: the finding speaks again under a new key; the old mark waits unused.
    append(&mut doc, ids::I_TASK_CONTENT, &[], "再交付の記録は5年間保存する。");
    let findings = check::check(&doc, &Options::default());
    let w04: Vec<_> = findings.iter().filter(|f| f.rule == "W04").collect();
    assert_eq!(w04.len(), 1);
    assert_ne!(w04[0].key, key);
    assert!(w04[0].acknowledgement(&doc).is_none());
    assert_eq!(check::counts(&doc, &findings).1, 1);

    // Undo takes the mark away.
    doc.apply(undo).unwrap();
    assert!(doc.acknowledgement(&key).is_none());
}

/// A mark lapses when anything the rule may have read changes, not only the item it names: a
/// 別添3 row filed 「事後」 for a ※ item (K22 names its 提出時期) is marked, then the row is
/// rewritten to describe another change. (国民健康保険)
#[test]
fn a_mark_lapses_when_its_block_is_rewritten() {
    let text = std::fs::read_to_string("tests/defective/kokuho-clean.ron").unwrap();
    let mut doc = hyokasho::ron_io::import(&text).unwrap();
    let rows = Path::top(ids::ANNEX3_CHANGE);
    let (row, e) = doc.plan_add_block(&rows).unwrap();
    doc.apply(e).unwrap();
    set(&mut doc, rows.child(&row, ids::ANNEX3_CHANGE_ITEM), Some(Entry::text("Ⅱ 4. 委託事項2 ⑦再委託の有無")));
    set(&mut doc, rows.child(&row, ids::ANNEX3_CHANGE_TIMING), Some(Entry::choice("事後")));
    set(&mut doc, rows.child(&row, ids::ANNEX3_CHANGE_AFTER), Some(Entry::text("再委託先を1社追加")));
    let k22 = |doc: &Assessment| check::check(doc, &Options::default()).into_iter().find(|f| f.rule == "K22");
    let found = k22(&doc).expect("K22");
    let mark = hyokasho::doc::Acknowledgement {
        reason: "同一グループ内の再委託先の追加のため".into(),
        on: jiff::civil::date(2026, 12, 1),
    };
    doc.apply(vec![Edit::Acknowledge { finding: found.key.clone(), mark: Some(mark) }]).unwrap();
    assert!(k22(&doc).unwrap().acknowledgement(&doc).is_some());
    set(
        &mut doc,
        rows.child(&row, ids::ANNEX3_CHANGE_AFTER),
        Some(Entry::text("海外拠点の事業者へ再委託し、再々委託も行う")),
    );
    let again = k22(&doc).unwrap();
    assert_ne!(again.key, found.key);
    assert!(again.acknowledgement(&doc).is_none(), "the finding speaks again");
}

/// The command line: an acknowledged エラー no longer fails `check`; the mark and its reason
/// are listed apart, and survive import → .hyoka → export.
#[test]
fn check_lists_acknowledged_findings_apart_and_does_not_count_them() {
    let clean = std::fs::read_to_string("tests/defective/kokuho-clean.ron").unwrap();
    let mut doc = hyokasho::ron_io::import(&clean).unwrap();
    // A file held before 個人番号 existed (K18, an エラー).
    let held = Path::new(ids::II_FILE_BASIC_HELD_FROM, &["f-kokuho"]);
    set(&mut doc, held, Some(Entry::new(Value::date(jiff::civil::date(2015, 10, 5)))));
    let k18 = check::check(&doc, &Options::default()).into_iter().find(|f| f.rule == "K18").expect("K18");
    let reason =
        "国保システムの被保険者ファイルをこの日から保有し、平成28年1月に個人番号を追加した経緯を備考に記載している。";
    let mark = hyokasho::doc::Acknowledgement { reason: reason.into(), on: jiff::civil::date(2026, 12, 1) };
    doc.apply(vec![Edit::Acknowledge { finding: k18.key.clone(), mark: Some(mark) }]).unwrap();

    let dir = tempfile::tempdir().unwrap();
    let ron = dir.path().join("国保.ron");
    let file = dir.path().join("国保.hyoka");
    std::fs::write(&ron, hyokasho::ron_io::export(&doc)).unwrap();
    let o = hyokasho_cli(&["import", ron.to_str().unwrap(), file.to_str().unwrap()]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));

    let o = hyokasho_cli(&["check", file.to_str().unwrap()]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(0), "{out}");
    assert!(out.contains("エラー 0件") && out.contains("確認済みとした指摘 1件"), "{out}");
    assert!(out.contains(&format!("確認済み（令和8年12月1日）: {reason}")), "{out}");

    let o = hyokasho_cli(&["check", file.to_str().unwrap(), "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let k18 = json.as_array().unwrap().iter().find(|f| f["rule"] == "K18").unwrap();
    assert_eq!(k18["acknowledged"]["reason"], reason);

    // The public list uses no mark and quotes no reason.
    let o = hyokasho_cli(&["check", file.to_str().unwrap(), "--public"]);
    let out = String::from_utf8_lossy(&o.stdout);
    assert_eq!(o.status.code(), Some(1), "{out}");
    assert!(!out.contains(reason), "{out}");

    let back = dir.path().join("back.ron");
    assert!(hyokasho_cli(&["export", file.to_str().unwrap(), "-o", back.to_str().unwrap()]).status.success());
    assert_eq!(hyokasho::ron_io::import(&std::fs::read_to_string(&back).unwrap()).unwrap(), doc);
}
