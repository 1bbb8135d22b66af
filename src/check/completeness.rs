//! Completeness: what the 記載要領 requires to be written.

use super::{Cx, Finding, Rule, Severity, Source, finding, mentions};
use crate::doc::Value;
use crate::form::Kind;

pub const REQUIRED: Rule = Rule { id: "C01", severity: Severity::Error, source: Source::Guidance, run: required };
pub const OTHER_WITHOUT_TEXT: Rule =
    Rule { id: "C02", severity: Severity::Error, source: Source::Guidance, run: other_without_text };
pub const ISSUE_UNEXPLAINED: Rule =
    Rule { id: "C03", severity: Severity::Error, source: Source::Guideline, run: issue_unexplained };
pub const PLACEHOLDER: Rule =
    Rule { id: "C04", severity: Severity::Warning, source: Source::Guidance, run: placeholder };
pub const UNPRINTABLE: Rule =
    Rule { id: "C05", severity: Severity::Warning, source: Source::Guidance, run: unprintable };
pub const BODY_NOT_AN_ORGAN: Rule =
    Rule { id: "C06", severity: Severity::Warning, source: Source::Guidance, run: body_not_an_organ };

/// Units inside an organ, not an organ: a 評価実施機関名 ending so names a department.
const UNIT_ENDINGS: &[&str] = &["課", "係", "室", "班", "グループ", "部", "局", "センター", "担当"];

/// 評価実施機関名 names the 機関 that must do the assessment (〇〇市長, 〇〇市教育委員会, 〇〇広域連合長:
/// 記載要領 表紙), not the 課 that writes it.
fn body_not_an_organ(cx: &Cx, out: &mut Vec<Finding>) {
    let path = crate::doc::Path::top(crate::form::ids::COVER_BODY);
    let body = cx.doc.text(&path).trim().to_owned();
    if let Some(unit) = UNIT_ENDINGS.iter().find(|u| body.ends_with(*u)) {
        out.push(finding(
            format!("評価実施機関名「{body}」は「{unit}」で終わり、部署の名前になっています。評価を実施する機関（例：〇〇市長、〇〇市教育委員会、〇〇広域連合長）を記載してください。"),
            vec![path],
        ));
    }
}

fn required(cx: &Cx, out: &mut Vec<Finding>) {
    for path in cx.doc.completion().missing {
        let Some(ix) = cx.form.find(&path.item) else { continue };
        let node = cx.form.node(ix);
        let message = match &node.kind {
            Kind::Repeat { noun, min, .. } => format!("{noun}を{min}件以上記入してください。"),
            _ => "必須の項目が未記入です。記入してください。".to_owned(),
        };
        out.push(finding(message, vec![path]));
    }
}

fn other_without_text(cx: &Cx, out: &mut Vec<Finding>) {
    for (path, entry) in cx.doc.values() {
        let (Value::Multi(picks), Some(ix)) = (&entry.value, cx.form.find(&path.item)) else { continue };
        if cx.doc.is_disabled(ix, &path.blocks) {
            continue;
        }
        for p in picks {
            let takes_text = cx.form.options(ix).iter().any(|o| o.label() == Some(p.option.as_str()) && o.takes_text());
            if takes_text && p.detail.trim().is_empty() {
                out.push(finding(
                    format!("「{}」を選んだときは、その内容を具体的に記入してください。", p.option),
                    vec![path.clone()],
                ));
            }
        }
    }
}

/// Words that say what remains to be done and how (課題と今後の対応).
const PLAN_WORDS: &[&str] = &["課題", "今後", "予定", "計画", "検討", "見直", "導入する", "年度"];

fn issue_unexplained(cx: &Cx, out: &mut Vec<Finding>) {
    for (path, entry) in cx.doc.values() {
        if entry.value != Value::Choice("課題が残されている".into()) {
            continue;
        }
        let Some(ix) = cx.form.find(&path.item) else { continue };
        let Some(group) = cx.form.node(ix).parent else { continue };
        let explained =
            cx.texts_under(&cx.form.node(group).id, &path.blocks).iter().any(|(.., t)| mentions(t, PLAN_WORDS));
        if !explained {
            out.push(finding(
                "「課題が残されている」と回答したリスクです。残っている課題と、いつまでにどう対応するかを措置の内容に記載してください。",
                vec![path.clone()],
            ));
        }
    }
}

/// Left-over template text and placeholders.
const PLACEHOLDERS: &[&str] = &[
    "〇〇",
    "○○",
    "◯◯",
    "●●",
    "△△",
    "▲▲",
    "□□",
    "＿＿",
    "__",
    "XXX",
    "xxx",
    "ＸＸＸ",
    "TODO",
    "要確認",
    "（未定）",
    "未定。",
    "（記載例）",
    "【記載例】",
    "（例示）",
];

/// Marks a template uses for a figure to fill in (「令和●年●月●日」「●名」), as opposed to a
/// bullet 「●」 at the start of a line, which is ordinary writing.
const FILL_MARKS: &[char] = &['●', '○', '〇', '△', '▲'];
const FILL_UNITS: &str = "年月日号条項人名件課係市町村区回時分円％%0123456789０１２３４５６７８９";

/// The placeholder a text still holds, if any.
pub fn placeholder_in(text: &str) -> Option<String> {
    if let Some(p) = PLACEHOLDERS.iter().find(|p| text.contains(*p)) {
        return Some((*p).to_owned());
    }
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        if !FILL_MARKS.contains(&c) {
            continue;
        }
        let before = i.checked_sub(1).map(|j| chars[j]);
        let after = chars.get(i + 1).copied();
        let at_line_start = before.is_none_or(|b| b == '\n');
        let unit = |x: Option<char>| x.is_some_and(|x| FILL_UNITS.contains(x));
        if !at_line_start && (unit(before) || unit(after)) || at_line_start && unit(after) && after != Some(' ') {
            let start = i.saturating_sub(3);
            return Some(chars[start..(i + 4).min(chars.len())].iter().collect());
        }
    }
    None
}

fn placeholder(cx: &Cx, out: &mut Vec<Finding>) {
    for (path, _, text) in &cx.texts {
        if let Some(p) = placeholder_in(text) {
            out.push(finding(format!("「{p}」が残っています。決まった内容に書き換えてください。"), vec![path.clone()]));
        }
    }
}

/// Characters that neither bundled font has (a Private Use Area 外字 from another system, an
/// unassigned code point, a control character stored before cleaning existed): the PDF prints
/// them as 〓 and the window as a box, so the 評価書 would be published with them missing. The
/// same test decides what the PDF draws (`crate::chars::Coverage`), so the two always agree.
fn unprintable(cx: &Cx, out: &mut Vec<Finding>) {
    let coverage = crate::chars::Coverage::get();
    for (path, entry) in cx.doc.values() {
        let text = match &entry.value {
            Value::Text(t) => t.as_str().to_owned(),
            Value::Choice(c) => c.clone(),
            Value::Multi(picks) => picks.iter().flat_map(|p| [p.option.as_str(), p.detail.as_str()]).collect(),
            _ => continue,
        };
        let missing = coverage.unrenderable(&text);
        if missing.is_empty() {
            continue;
        }
        let names: Vec<String> = missing.into_iter().map(crate::chars::describe).collect();
        out.push(finding(
            format!(
                "表示・印刷できない文字があります：{}。PDFでは〓（下駄記号）になります。通常の漢字に置き換えるか、外字は文字情報基盤（MJ）の文字で入力し直してください。",
                names.join("、")
            ),
            vec![path.clone()],
        ));
    }
}
