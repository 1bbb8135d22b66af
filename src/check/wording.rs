//! Wording: one term per concept, one width per character kind, nothing pasted twice.

use super::{Cx, Finding, Rule, Severity, Source, finding};
use std::collections::HashMap;

pub const TERM_VARIANTS: Rule =
    Rule { id: "W01", severity: Severity::Warning, source: Source::Committee, run: term_variants };
pub const MIXED_WIDTH: Rule =
    Rule { id: "W02", severity: Severity::Warning, source: Source::Guidance, run: mixed_width };
pub const HALF_WIDTH_KATAKANA: Rule =
    Rule { id: "W03", severity: Severity::Warning, source: Source::Guidance, run: half_width_katakana };
pub const WITHHELD_RESTATED: Rule =
    Rule { id: "W05", severity: Severity::Warning, source: Source::Guideline, run: withheld_restated };
pub const DUPLICATED_TEXT: Rule =
    Rule { id: "W04", severity: Severity::Warning, source: Source::Committee, run: duplicated_text };

/// Words committees saw used for one thing in one document. Users add their own groups.
const VARIANTS: &[&[&str]] = &[
    &["操作ログ", "アクセスログ", "アクセス記録", "操作履歴"],
    &["情報システム管理者", "情報システム責任者"],
    &["委託先", "委託業者", "受託者", "受託業者"],
    &["個人番号", "マイナンバー"],
];

/// Names of things that contain a variant word but are no choice of wording (the card is called
/// 「マイナンバーカード」 by law and on the card itself).
const PROPER_NAMES: &[&str] = &["マイナンバーカード", "マイナポータル", "マイナンバー総合フリーダイヤル"];

fn term_variants(cx: &Cx, out: &mut Vec<Finding>) {
    let extra: Vec<Vec<&str>> =
        cx.options.extra_variants.iter().map(|g| g.iter().map(String::as_str).collect()).collect();
    let groups = VARIANTS.iter().map(|g| g.to_vec()).chain(extra);
    // 「委託先」 also occurs inside 「再委託先」: that is the same concept, count it. Inside a proper
    // name (「マイナンバーカード」) it is not a choice of word: left out. Done once per text.
    let plain: Vec<(&crate::doc::Path, String)> = cx
        .texts
        .iter()
        .map(|(p, _, t)| {
            let t = match PROPER_NAMES.iter().any(|name| t.contains(name)) {
                true => PROPER_NAMES.iter().fold(t.to_string(), |t, name| t.replace(name, "　")),
                false => t.to_string(),
            };
            (p, t)
        })
        .collect();
    for group in groups {
        // Which variants occur, and where each first occurs.
        let mut used: Vec<(&str, usize, Vec<crate::doc::Path>)> = Vec::new();
        for word in &group {
            let paths: Vec<_> = plain.iter().filter(|(_, t)| t.contains(word)).map(|(p, _)| (*p).clone()).collect();
            let n: usize = plain.iter().map(|(_, t)| t.matches(word).count()).sum();
            if n > 0 {
                used.push((word, n, paths));
            }
        }
        if used.len() < 2 {
            continue;
        }
        used.sort_by_key(|(_, n, _)| std::cmp::Reverse(*n));
        let main = used[0].0;
        let others: Vec<String> = used[1..].iter().map(|(w, n, _)| format!("「{w}」{n}回")).collect();
        let paths = used[1..].iter().flat_map(|(.., p)| p.iter().cloned()).collect();
        out.push(finding(
            format!("同じものを指す言葉がそろっていません：最も多い「{main}」のほかに{}があります。一つの呼び方にそろえてください。", others.join("、")),
            paths,
        ));
    }
}

fn is_full_digit(c: char) -> bool {
    ('０'..='９').contains(&c)
}

fn is_full_latin(c: char) -> bool {
    ('Ａ'..='Ｚ').contains(&c) || ('ａ'..='ｚ').contains(&c)
}

/// Terms of the 様式 and the law written with a 全角 digit by convention: they do not count as
/// mixing widths (「４情報」 is the 様式's own wording for 氏名・住所・性別・生年月日).
const OFFICIAL_FULL_WIDTH: &[&str] = &["４情報", "４情報等"];

fn mixed_width(cx: &Cx, out: &mut Vec<Finding>) {
    type Test = fn(char) -> bool;
    let kinds: [(&str, Test, Test); 3] = [
        ("数字", |c| c.is_ascii_digit(), is_full_digit),
        ("英字", |c| c.is_ascii_alphabetic(), is_full_latin),
        ("括弧", |c| c == '(' || c == ')', |c| c == '（' || c == '）'),
    ];
    let texts: Vec<(&crate::doc::Path, String)> = cx
        .texts
        .iter()
        .map(|(p, _, t)| (p, OFFICIAL_FULL_WIDTH.iter().fold(t.to_string(), |t, term| t.replace(term, ""))))
        .collect();
    for (what, half, full) in kinds {
        let halves: Vec<_> = texts.iter().filter(|(_, t)| t.chars().any(half)).collect();
        let fulls: Vec<_> = texts.iter().filter(|(_, t)| t.chars().any(full)).collect();
        if halves.is_empty() || fulls.is_empty() {
            continue;
        }
        // Point at the less common width: that is the one to change.
        let (minority, width, other) =
            if fulls.len() <= halves.len() { (fulls, "全角", "半角") } else { (halves, "半角", "全角") };
        out.push(finding(
            format!("{what}の全角と半角が混在しています。{}項目で{width}の{what}が使われています。ほかに合わせて{other}にそろえてください。", minority.len()),
            minority.iter().map(|(p, _)| (*p).clone()).collect(),
        ));
    }
}

fn half_width_katakana(cx: &Cx, out: &mut Vec<Finding>) {
    for (path, _, text) in &cx.texts {
        if text.chars().any(|c| ('\u{FF66}'..='\u{FF9F}').contains(&c)) {
            out.push(finding("半角カタカナが使われています。全角カタカナに直してください。", vec![path.clone()]));
        }
    }
}

/// A sentence this long that appears in two answers was most likely pasted.
const MIN_SENTENCE: usize = 25;

/// The risk measures (Ⅲ, Ⅳ): where pasted answers hide that a risk was not thought through.
fn is_measure(path: &crate::doc::Path) -> bool {
    path.item.starts_with("iii.") || path.item.starts_with("iv.")
}

fn duplicated_text(cx: &Cx, out: &mut Vec<Finding>) {
    let measures: Vec<_> = cx.texts.iter().filter(|(p, ..)| is_measure(p)).collect();
    // Whole answers pasted into several risks.
    let mut whole: HashMap<&str, Vec<crate::doc::Path>> = HashMap::new();
    for (path, _, text) in &measures {
        if text.chars().count() >= MIN_SENTENCE {
            whole.entry(text.trim()).or_default().push(path.clone());
        }
    }
    let mut reported: Vec<Vec<crate::doc::Path>> = Vec::new();
    for paths in whole.into_values().filter(|p| p.len() > 1) {
        out.push(finding(
            format!("同じ文章が{}か所のリスク対策にそのまま記載されています。それぞれのリスクに合った措置を記載してください。", paths.len()),
            paths.clone(),
        ));
        reported.push(paths);
    }
    // Single sentences repeated in different answers.
    let mut seen: HashMap<&str, crate::doc::Path> = HashMap::new();
    for (path, _, text) in &measures {
        for sentence in text.split_inclusive(['。', '\n']).map(str::trim) {
            if sentence.chars().count() < MIN_SENTENCE {
                continue;
            }
            match seen.get(sentence) {
                Some(first) if first != path => {
                    let pair = vec![first.clone(), path.clone()];
                    let already = reported.iter().any(|r| r.contains(first) && r.contains(path));
                    if !already {
                        let short: String = sentence.chars().take(30).collect();
                        out.push(finding(
                            format!(
                                "同じ文「{short}…」が別の項目にも書かれています。重複していないか確かめてください。"
                            ),
                            pair.clone(),
                        ));
                        reported.push(pair);
                    }
                }
                Some(_) => {}
                None => {
                    seen.insert(sentence, path.clone());
                }
            }
        }
    }
    // A sentence written twice inside one answer (pasted twice while editing), in any item.
    for (path, _, text) in &cx.texts {
        let mut in_answer: HashMap<&str, usize> = HashMap::new();
        for sentence in text.split_inclusive(['。', '\n']).map(str::trim) {
            if sentence.chars().count() >= MIN_SENTENCE {
                *in_answer.entry(sentence).or_default() += 1;
            }
        }
        let mut twice: Vec<&str> = in_answer.into_iter().filter(|(_, n)| *n > 1).map(|(s, _)| s).collect();
        twice.sort();
        if let Some(sentence) = twice.first() {
            let short: String = sentence.chars().take(30).collect();
            out.push(finding(
                format!("同じ文「{short}…」がこの項目の中に2回以上書かれています。重複している方を削除してください。"),
                vec![path.clone()],
            ));
        }
    }
}

/// A withheld passage written again in open text: the 公表 edition would print it after all
/// (「保管期間」 withheld as 「1年」, and 「保管期間は1年とする」 in an open sentence). Passages of
/// four characters or more are looked for anywhere in open text; a withheld choice (short, such
/// as 「1年」) where its item's name stands close before it.
fn withheld_restated(cx: &Cx, out: &mut Vec<Finding>) {
    use crate::doc::Value;
    // Every open stretch of text, with its item.
    let mut open: Vec<(&crate::doc::Path, &str)> = Vec::new();
    let mut passages: Vec<(&crate::doc::Path, String)> = Vec::new();
    let mut choices: Vec<(&crate::doc::Path, String, Vec<String>)> = Vec::new();
    for (path, entry) in cx.doc.values() {
        match (&entry.value, entry.withheld) {
            (Value::Text(t), false) => {
                for seg in t.segments() {
                    if seg.withheld {
                        passages.push((path, seg.text.trim().to_owned()));
                    } else {
                        open.push((path, seg.text));
                    }
                }
            }
            (Value::Text(t), true) => passages.push((path, t.as_str().trim().to_owned())),
            (Value::Choice(c), true) => {
                let Some(ix) = cx.form.find(&path.item) else { continue };
                let node = cx.form.node(ix);
                let mut names = vec![node.label.clone()];
                if let Some(parent) = node.parent {
                    names.push(cx.form.node(parent).label.clone());
                }
                names.retain(|n| n.chars().count() >= 3);
                choices.push((path, c.clone(), names));
            }
            _ => {}
        }
    }
    // 質問事項 and their answers are printed in the 公表用 質問事項・回答一覧 and 市民意見 summary:
    // their open text is public too (named by the item each is about).
    for (_, q) in cx.doc.questions() {
        for t in [&q.question, &q.answer] {
            for seg in t.segments() {
                if seg.withheld {
                    passages.push((&q.item, seg.text.trim().to_owned()));
                } else {
                    open.push((&q.item, seg.text));
                }
            }
        }
    }
    let mut seen: Vec<&crate::doc::Path> = Vec::new();
    for (path, passage) in &passages {
        if passage.chars().count() < 4 || seen.contains(path) {
            continue;
        }
        if let Some((at, _)) = open.iter().find(|(_, text)| text.contains(passage.as_str())) {
            let short: String = passage.chars().take(20).collect();
            out.push(finding(
                format!("非公開にした「{short}」が、公開される部分にもそのまま書かれています。公表版にも載ってしまうので、その部分も非公開にするか書き方を変えてください。"),
                vec![(*path).clone(), (*at).clone()],
            ));
            seen.push(path);
        }
    }
    for (path, value, names) in &choices {
        for (at, text) in &open {
            let found = names.iter().any(|name| {
                text.match_indices(name.as_str()).any(|(i, _)| {
                    let after: String = text[i + name.len()..].chars().take(15).collect();
                    after.contains(value.as_str())
                })
            });
            if found {
                out.push(finding(
                    format!("非公開にした{}「{value}」が、公開される部分の文章に書かれています。公表版にも載ってしまうので、その文も非公開にしてください。", names.first().cloned().unwrap_or_default()),
                    vec![(*path).clone(), (*at).clone()],
                ));
                break;
            }
        }
    }
}
