//! What 第三者点検 bodies ask about in practice (council minutes in shared/seeds): reasons for
//! 再委託, removable media, log review, staff changes, contractor audits.

use super::{Cx, Finding, Rule, Severity, Source, affirms, finding, mentions, states_frequency};
use crate::doc::Path;
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
            // The reason may be in ⑧⑨ or in the 必要性 of this 委託事項's 再委託 links in 別添1.
            let mut why = format!(
                "{}{}",
                cx.text(ids::II_FILE_OUTSOURCING_TASK_SUBCONTRACTED, &b),
                cx.text(ids::II_FILE_OUTSOURCING_TASK_APPROVAL, &b)
            );
            let links = Path::top(ids::ANNEX1_DIAGRAM_LINK);
            for l in graph.links.iter().filter(|l| l.task == t && graph.is_subcontract(l)) {
                why.push_str(cx.doc.text(&links.child(&l.id, ids::ANNEX1_DIAGRAM_LINK_NECESSITY)));
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
