//! What 第三者点検 bodies ask about in practice (council minutes in shared/seeds): reasons for
//! 再委託, removable media, log review, staff changes, contractor audits.

use super::{Cx, Finding, Rule, Severity, Source, affirms, finding, mentions, sentences, states_frequency};
use crate::doc::{Path, Value};
use crate::form::ids;

pub const SUBCONTRACT_FOR_COST: Rule =
    Rule { id: "P01", severity: Severity::Warning, source: Source::Committee, run: subcontract_for_cost };
pub const REMOVABLE_MEDIA: Rule =
    Rule { id: "P02", severity: Severity::Warning, source: Source::Committee, run: removable_media };
pub const LOG_REVIEW: Rule =
    Rule { id: "P03", severity: Severity::Warning, source: Source::Committee, run: log_review };
pub const PASSWORD_STAFF_CHANGES: Rule =
    Rule { id: "P04", severity: Severity::Warning, source: Source::Committee, run: password_staff_changes };
pub const CONTRACTOR_AUDIT: Rule =
    Rule { id: "P05", severity: Severity::Warning, source: Source::Committee, run: contractor_audit };
pub const OVERRATED_MEASURE: Rule =
    Rule { id: "P06", severity: Severity::Warning, source: Source::Guidance, run: overrated_measure };
pub const VAGUE_OVERSIGHT: Rule =
    Rule { id: "P07", severity: Severity::Warning, source: Source::Committee, run: vague_oversight };
pub const ORAL_ONLY: Rule = Rule { id: "P08", severity: Severity::Warning, source: Source::Committee, run: oral_only };

const COST: &[&str] = &["コスト", "費用", "経費", "安価", "削減", "低廉", "価格"];
const NEED: &[&str] = &["専門", "技術", "ノウハウ", "実績", "体制", "知識", "必要性", "できない", "困難", "迅速"];

const WHO: &[&str] = &["課長", "係長", "所属長", "管理者", "責任者", "担当者", "監査人", "職員", "委員会", "課が"];

fn subcontract_for_cost(cx: &Cx, out: &mut Vec<Finding>) {
    let graph = crate::flows::Graph::read(cx.doc);
    for f in cx.files() {
        let list = cx.doc.list_of(ids::II_FILE_OUTSOURCING_TASK, std::slice::from_ref(&f));
        for t in cx.instances(ids::II_FILE_OUTSOURCING_TASK, std::slice::from_ref(&f)) {
            let b = vec![f.clone(), t.clone()];
            if cx.choice(ids::II_FILE_OUTSOURCING_TASK_SUBCONTRACTING, &b) != "再委託する" {
                continue;
            }
            // The reason is the 必要性 of this 委託事項's 再委託 links in 別添1 where they give one
            // (not the 許諾方法, which may name 「再委託の必要性」 as something it checks), else
            // whatever ⑧⑨ say.
            let links = Path::top(ids::ANNEX1_DIAGRAM_LINK);
            let mut why: String = graph
                .links
                .iter()
                .filter(|l| l.task == t && graph.is_subcontract(l))
                .map(|l| cx.doc.text(&links.child(&l.id, ids::ANNEX1_DIAGRAM_LINK_NECESSITY)))
                .collect();
            if why.trim().is_empty() {
                why = format!(
                    "{}{}",
                    cx.text(ids::II_FILE_OUTSOURCING_TASK_SUBCONTRACTED, &b),
                    cx.text(ids::II_FILE_OUTSOURCING_TASK_APPROVAL, &b)
                );
            }
            if mentions(&why, COST) && !mentions(&why, NEED) {
                out.push(finding(
                    "再委託の理由が費用の面だけになっています。第三者点検では費用だけでは再委託の理由と認められません。専門性や体制など、再委託が必要な理由を記載してください。",
                    vec![list.child(&t, ids::II_FILE_OUTSOURCING_TASK_SUBCONTRACTED)],
                ));
            }
        }
    }
}

const MEDIA: &[&str] = &["USB", "ＵＳＢ", "フラッシュメモリ", "電子記録媒体", "DVD", "CD-R", "外付け"];
/// A ledger of media, not any 「台帳」 (「住民基本台帳」 is no ledger of USB memories).
const LEDGER: &[&str] = &[
    "管理簿",
    "持出簿",
    "持出し簿",
    "受払簿",
    "貸出簿",
    "使用簿",
    "管理台帳",
    "持出台帳",
    "持出し台帳",
    "貸出台帳",
    "媒体台帳",
    "記録簿",
];
const ERASURE: &[&str] = &["消去", "廃棄", "破砕", "破壊", "物理的"];
const VERIFIED: &[&str] = &["確認", "証明", "立会", "立ち会"];

fn removable_media(cx: &Cx, out: &mut Vec<Finding>) {
    let media_options = ["電子記録媒体（フラッシュメモリを除く。）", "フラッシュメモリ"];
    let mut used: Vec<Path> = Vec::new();
    for f in cx.files() {
        let b = vec![f.clone()];
        if media_options.iter().any(|o| cx.picked(ids::II_FILE_USE_METHOD, &b, o)) {
            used.push(Path::new(ids::II_FILE_USE_METHOD, &[&f]));
        }
        for t in cx.instances(ids::II_FILE_OUTSOURCING_TASK, &b) {
            let tb = vec![f.clone(), t.clone()];
            if media_options.iter().any(|o| cx.picked(ids::II_FILE_OUTSOURCING_TASK_METHOD, &tb, o)) {
                used.push(
                    cx.doc.list_of(ids::II_FILE_OUTSOURCING_TASK, &b).child(&t, ids::II_FILE_OUTSOURCING_TASK_METHOD),
                );
            }
        }
    }
    used.extend(cx.texts.iter().filter(|(.., t)| mentions(t, MEDIA)).map(|(p, ..)| p.clone()).take(1));
    if used.is_empty() {
        return;
    }
    // The measures are looked for where the 様式 puts them (Ⅲ of the files that use the media:
    // 使用, 委託, 保管), as measures stated, not denied.
    let mut all = String::new();
    for f in cx.files() {
        for (.., t) in cx.texts_under(ids::III_FILE, std::slice::from_ref(&f)) {
            all.push_str(t);
            all.push('\n');
        }
    }
    let mut missing = Vec::new();
    if !affirms(&all, LEDGER) {
        missing.push("管理簿（台帳）による持出し・返却の記録");
    }
    if !(affirms(&all, ERASURE) && affirms(&all, VERIFIED)) {
        missing.push("使用後の消去とその確認（証明）");
    }
    if !missing.is_empty() {
        out.push(finding(
            format!("電子記録媒体（USBメモリ等）を使いますが、{}が記載されていません。誰がどう管理し、消去を誰が確認するかを記載してください。", missing.join("、")),
            used,
        ));
    }
}

fn log_review(cx: &Cx, out: &mut Vec<Finding>) {
    for f in cx.files() {
        let b = vec![f.clone()];
        let path = Path::new(ids::III_FILE_USE_R2_USAGE_LOG_HOW, &[&f]);
        let text = cx.text(ids::III_FILE_USE_R2_USAGE_LOG_HOW, &b);
        if text.trim().is_empty() || !mentions(text, &["ログ", "記録"]) {
            continue;
        }
        let mut lacks = Vec::new();
        if !mentions(text, WHO) {
            lacks.push("誰が確認するか");
        }
        if !states_frequency(text) {
            lacks.push("どのくらいの頻度で確認するか");
        }
        if !lacks.is_empty() {
            out.push(finding(
                format!("操作の記録（ログ）について、{}が書かれていません。確認する人・頻度・何を見るか（時間外の操作、大量の照会など）を記載してください。", lacks.join("、")),
                vec![path],
            ));
        }
    }
}

fn password_staff_changes(cx: &Cx, out: &mut Vec<Finding>) {
    for f in cx.files() {
        let b = vec![f.clone()];
        let auth = cx.text(ids::III_FILE_USE_R2_AUTHENTICATION_HOW, &b);
        let grant = cx.text(ids::III_FILE_USE_R2_GRANT_HOW, &b);
        if !mentions(auth, &["パスワード", "ID"]) {
            continue;
        }
        if !affirms(&format!("{auth}\n{grant}"), &["異動", "退職", "人事"]) {
            out.push(finding(
                "ID・パスワードの管理について、職員の異動・退職のときに権限をいつ誰が失効させるかが書かれていません。",
                vec![
                    Path::new(ids::III_FILE_USE_R2_GRANT_HOW, &[&f]),
                    Path::new(ids::III_FILE_USE_R2_AUTHENTICATION_HOW, &[&f]),
                ],
            ));
        }
    }
}

fn contractor_audit(cx: &Cx, out: &mut Vec<Finding>) {
    for f in cx.files() {
        if cx.flag(ids::III_FILE_OUTSOURCING_NONE, std::slice::from_ref(&f)) {
            continue;
        }
        let texts = cx.texts_under(ids::III_FILE_OUTSOURCING, std::slice::from_ref(&f));
        let audit: Vec<_> = texts.iter().filter(|(.., t)| mentions(t, &["監査", "立入", "検査", "確認"])).collect();
        let Some(first) = audit.first() else {
            out.push(finding(
                "委託先の管理状況を誰がどのくらいの頻度で確認（監査・立入検査）するかが書かれていません。",
                vec![Path::new(ids::III_FILE_OUTSOURCING_RISKS_MANAGEMENT, &[&f])],
            ));
            continue;
        };
        let joined: String = audit.iter().map(|(.., t)| *t).collect();
        if !(states_frequency(&joined) && mentions(&joined, WHO)) {
            out.push(finding(
                "委託先の確認（監査・立入検査）について、誰がどのくらいの頻度で行うかが書かれていません。",
                vec![first.0.clone()],
            ));
        }
    }
}

/// A sentence as quoted in a finding: trimmed, at most 40 characters.
fn quote(sentence: &str) -> String {
    let s = sentence.trim().trim_start_matches('・');
    match s.char_indices().nth(40) {
        Some((at, _)) => format!("{}…", &s[..at]),
        None => s.to_owned(),
    }
}

/// Words that say a measure is not taken (「特に講じていない」「変更は求めていない」) — not a
/// prohibition that is itself the measure (「持出しは認めていない」).
const NOT_TAKEN: &[&str] =
    &["講じていない", "講じておらず", "求めていない", "対策はない", "措置はない", "未実施", "行っておらず"];
/// Words that put a measure off until later (not a follow-up that is itself the measure:
/// 「処分の要否を人事課と検討する」).
const DEFERRED: &[&str] = &[
    "検討する予定",
    "予定である",
    "予定です",
    "予定している",
    "見込み",
    "調整中",
    "今後検討",
    "検討中",
    "年度以降",
    "未定",
    "特段設けていない",
    "特に設けていない",
];
/// Sentences of the enabled answers that put a measure off until later (「令和9年度に導入する予定
/// である」): promises made to the committee, which the 対策計画 keeps (`review::action`).
pub fn promised_measures(doc: &crate::doc::Assessment) -> Vec<(Path, String)> {
    let options = Default::default();
    let cx = Cx::new(doc, &options);
    let mut out = Vec::new();
    for (path, _, text) in &cx.texts {
        for s in sentences(text).filter(|s| mentions(s, DEFERRED)) {
            out.push((path.clone(), s.trim().to_owned()));
        }
    }
    out
}

/// Answers of a measure's own choice that say it is not taken.
const NOT_TAKEN_CHOICES: &[&str] = &[
    "行っていない",
    "記録を残していない",
    "制限していない",
    "定めていない",
    "十分に行っていない",
    "十分に遵守していない",
    "十分に整備していない",
    "十分に周知していない",
];

/// A risk answered 「十分である」 or 「特に力を入れている」 while a measure written under the same risk
/// says it is not taken or only planned: the answer must follow from the measures (記載要領 Ⅲ:
/// 「リスクへの対策は十分か」). Reported once per risk, with the sentence.
fn overrated_measure(cx: &Cx, out: &mut Vec<Finding>) {
    for (path, entry) in cx.doc.values() {
        let Value::Choice(answer) = &entry.value else { continue };
        if !matches!(answer.as_str(), "十分である" | "特に力を入れている") {
            continue;
        }
        let Some(ix) = cx.form.find(&path.item) else { continue };
        let Some(group) = cx.form.node(ix).parent else { continue };
        if cx.doc.is_disabled(ix, &path.blocks) {
            continue;
        }
        let group_id = &cx.form.node(group).id;
        let under = cx.texts_under(group_id, &path.blocks);
        let found = under.iter().find_map(|(p, _, text)| {
            sentences(text).find(|s| mentions(s, NOT_TAKEN) || mentions(s, DEFERRED)).map(|s| (p, s))
        });
        if let Some((p, s)) = found {
            out.push(finding(
                format!(
                    "「{answer}」と回答していますが、措置の内容に「{}」とあります。講じていない措置や予定の措置では十分とは言えません。回答を見直すか、現に講じている措置を記載してください。",
                    quote(s)
                ),
                vec![path.clone(), p.clone()],
            ));
            continue;
        }
        // A measure of the same risk answered by its own choice as not taken (「行っていない」).
        let prefix = format!("{group_id}.");
        let denied = cx.doc.values().find(|(p, e)| {
            p.item.starts_with(&prefix)
                && p.blocks.starts_with(&path.blocks)
                && matches!(&e.value, Value::Choice(c) if NOT_TAKEN_CHOICES.contains(&c.as_str()))
                && cx.form.find(&p.item).is_some_and(|ix| !cx.doc.is_disabled(ix, &p.blocks))
        });
        if let Some((p, e)) = denied {
            let Value::Choice(c) = &e.value else { continue };
            let what = cx.form.find(&p.item).map(|ix| cx.form.node(ix).label.clone()).unwrap_or_default();
            out.push(finding(
                format!("「{answer}」と回答していますが、同じリスクの「{what}」を「{c}」としています。講じていない措置があるなら、十分とは言えません。回答を見直してください。"),
                vec![path.clone(), p.clone()],
            ));
        }
    }
}

/// Words that leave when something is done to whoever does it.
const VAGUE: &[&str] = &[
    "適宜",
    "適時",
    "必要に応じ",
    "状況に応じ",
    "必要と認め",
    "時機をみ",
    "時機を見",
    "時期をみ",
    "時期を見",
    "適切な時期",
    "折をみ",
    "折を見",
    "不定期",
];
/// A condition before the vague words makes them an escalation on an event, not the measure
/// (「不審な点がある場合は、必要に応じて報告する」「消去に先立ち、必要に応じて確認する」).
const CONDITION: &[&str] = &["場合", "とき", "あれば", "際は", "際に", "先立"];
/// A check, report or erasure a measure promises.
const OVERSIGHT: &[&str] = &[
    "確認", "点検", "監査", "実施", "提出", "報告", "消去", "削除", "廃棄", "見直", "検査", "作成", "更新", "溶解",
    "裁断", "破砕",
];
/// The same, as done (「確認し」): stated before the vague words, the measure is certain and they
/// only add an escalation (「事実を確認し、必要に応じて照会する」).
const OVERSIGHT_DONE: &[&str] = &[
    "確認し",
    "確認す",
    "点検し",
    "点検す",
    "監査し",
    "監査す",
    "実施し",
    "実施す",
    "検査し",
    "検査す",
    "提出さ",
    "提出し",
    "報告さ",
    "報告し",
    "消去し",
    "消去す",
    "削除し",
    "削除す",
    "見直し",
    "見直す",
];

/// A measure in Ⅲ or Ⅳ whose check, report or erasure happens 「適宜」「必要に応じて」「時機をみて」,
/// with no frequency: committees ask who does it and how often (seeds: 「適宜確認している」 is
/// not a measure). Read per sentence: a vague escalation after a stated measure is not reported.
fn vague_oversight(cx: &Cx, out: &mut Vec<Finding>) {
    for (path, _, text) in &cx.texts {
        if !(path.item.starts_with("iii.") || path.item.starts_with("iv.")) {
            continue;
        }
        let vague = sentences(text).find(|s| {
            let Some(at) = VAGUE.iter().filter_map(|v| s.find(v)).min() else { return false };
            let (before, after) = s.split_at(at);
            mentions(after, OVERSIGHT)
                && !mentions(before, OVERSIGHT_DONE)
                && !mentions(before, CONDITION)
                && !states_frequency(s)
        });
        if let Some(s) = vague {
            out.push(finding(
                format!(
                    "「{}」では、誰が・いつ（どの頻度で）行うかが分かりません。担当者と頻度（例：毎月1回、年1回）を具体的に記載してください。",
                    quote(s)
                ),
                vec![path.clone()],
            ));
        }
    }
}

/// Approval or confirmation given only by word of mouth.
const ORAL: &[&str] = &["口頭", "口答", "電話等により", "電話により", "電話で", "電話連絡"];
const ASSENT: &[&str] = &["承諾", "承認", "許諾", "許可", "確認", "報告", "了承", "確かめ"];
/// What makes the oral part no approval of record: it is refused (「電話での承諾は行わない」), or
/// a written record stands beside it (消去証明書).
const ORAL_EXCEPT: &[&str] = &["書面", "証明書", "行わない", "認めない", "しない", "文書"];

/// An approval (再委託の許諾) or a confirmation (消去の確認, 報告) given only orally, in Ⅱ4, Ⅲ, Ⅳ
/// or a 委託 link of 別添1: no record remains, and committees ask for written application,
/// approval and 消去証明 (seeds). One finding per sentence, on the first item that says it.
fn oral_only(cx: &Cx, out: &mut Vec<Finding>) {
    let mut said: Vec<&str> = Vec::new();
    for (path, _, text) in &cx.texts {
        let scope = ["iii.", "iv.", "ii.file.outsourcing.", "annex1.diagram.link."];
        if !scope.iter().any(|s| path.item.starts_with(s)) {
            continue;
        }
        for s in sentences(text) {
            let s = s.trim();
            if mentions(s, ORAL) && mentions(s, ASSENT) && !mentions(s, ORAL_EXCEPT) && !said.contains(&s) {
                said.push(s);
                out.push(finding(
                    format!(
                        "「{}」：承認や確認が口頭・電話だけで行われ、記録が残りません。書面（申請書・承認書、消去証明書など）で行い、記録を残す方法を記載してください。",
                        quote(s)
                    ),
                    vec![path.clone()],
                ));
            }
        }
    }
}
