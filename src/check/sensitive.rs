//! Security details written in open text that the 公表 edition would publish: IP addresses, port
//! numbers, the floor or room of a server, a password's composition, the conditions a log
//! analysis looks for. 特定個人情報保護評価に関する規則 第13条 lets a body withhold what would
//! raise the risk if published; committees ask for exactly these (seeds: 「ログ解析の条件は
//! 非公表に」). Only items the schema lets be withheld are read, and only their open passages.

use super::{Cx, Finding, Rule, Severity, Source, finding};
use crate::doc::Value;

pub const SENSITIVE_OPEN_TEXT: Rule =
    Rule { id: "S01", severity: Severity::Info, source: Source::Committee, run: sensitive_open_text };

/// What was found: its kind and the byte range in the text.
struct Hit {
    what: &'static str,
    range: std::ops::Range<usize>,
}

/// Byte offsets of the characters of `text`, with the characters.
fn chars(text: &str) -> Vec<(usize, char)> {
    text.char_indices().collect()
}

fn digit(c: char) -> bool {
    c.is_ascii_digit() || ('０'..='９').contains(&c)
}

/// Kanji numerals, as floors and 丁目 are often written (「五階」「三丁目」).
const KANJI_DIGITS: &str = "一二三四五六七八九十";

/// An IPv4 address (「192.168.10.5」, full-width digits too).
fn ip_address(text: &str) -> Option<std::ops::Range<usize>> {
    let cs = chars(text);
    let mut i = 0;
    while i < cs.len() {
        let mut j = i;
        let mut groups = 0;
        loop {
            let start = j;
            while j < cs.len() && digit(cs[j].1) && j - start < 3 {
                j += 1;
            }
            if j == start {
                break;
            }
            groups += 1;
            if groups == 4 || j >= cs.len() || !matches!(cs[j].1, '.' | '．') {
                break;
            }
            j += 1;
        }
        let before_ok = i == 0 || !digit(cs[i - 1].1);
        if groups == 4 && before_ok {
            let end = cs.get(j).map_or(text.len(), |c| c.0);
            return Some(cs[i].0..end);
        }
        i += 1;
    }
    None
}

/// The sentence of `text` around byte `at`.
fn sentence_at(text: &str, at: usize) -> std::ops::Range<usize> {
    let start = text[..at].rfind(['。', '\n']).map_or(0, |i| i + text[i..].chars().next().map_or(1, char::len_utf8));
    let end = text[at..].find(['。', '\n']).map_or(text.len(), |i| at + i);
    start..end
}

/// The first passage that names a word of `words` together with a number in one sentence.
fn number_near(text: &str, words: &[&str]) -> Option<std::ops::Range<usize>> {
    for w in words {
        let mut from = 0;
        while let Some(i) = text[from..].find(w) {
            let at = from + i;
            let s = sentence_at(text, at);
            if text[s.clone()].chars().any(digit) {
                return Some(s);
            }
            from = at + w.len();
        }
    }
    None
}

/// A floor or room that locates equipment: 「地下2階」「5階のサーバ室」「301号室」.
fn floor_or_room(text: &str) -> Option<std::ops::Range<usize>> {
    let cs = chars(text);
    for (k, &(_, c)) in cs.iter().enumerate() {
        let unit = match c {
            '階' => 1,
            '号' if cs.get(k + 1).is_some_and(|n| n.1 == '室') => 2,
            _ => continue,
        };
        let mut j = k;
        while j > 0 && (digit(cs[j - 1].1) || KANJI_DIGITS.contains(cs[j - 1].1)) {
            j -= 1;
        }
        if j == k {
            continue;
        }
        if j >= 2 && cs[j - 2].1 == '地' && cs[j - 1].1 == '下' {
            j -= 2;
        }
        let end = cs.get(k + unit).map_or(text.len(), |c| c.0);
        return Some(cs[j].0..end);
    }
    None
}

/// A street address (「さくら県みどり市中央1丁目2番3号」「…市本町5番地」): where a data centre or
/// a server room can be found.
fn street_address(text: &str) -> Option<std::ops::Range<usize>> {
    let cs = chars(text);
    for (k, &(_, c)) in cs.iter().enumerate() {
        let mark = match c {
            '丁' if cs.get(k + 1).is_some_and(|n| n.1 == '目') => 2,
            '番' if cs.get(k + 1).is_some_and(|n| n.1 == '地') => 2,
            _ => continue,
        };
        if k == 0 || !digit(cs[k - 1].1) && !KANJI_DIGITS.contains(cs[k - 1].1) {
            continue;
        }
        // From the place name before it (back to the start of the clause) to the mark.
        let start =
            (0..k).rev().find(|&j| matches!(cs[j].1, '、' | '。' | '（' | '(' | '\n' | '「')).map_or(0, |j| j + 1);
        let end = cs.get(k + mark).map_or(text.len(), |c| c.0);
        return Some(cs[start].0..end);
    }
    None
}

fn find(text: &str) -> Option<Hit> {
    if let Some(range) = ip_address(text) {
        return Some(Hit { what: "IPアドレス", range });
    }
    // A network port (「ポート番号」「TCP 443」「ポート443」), not a USB port.
    if let Some(range) = number_near(text, &["ポート番号", "TCP", "UDP"]).or_else(|| {
        let at =
            text.match_indices("ポート").find(|(i, _)| text[i + "ポート".len()..].chars().next().is_some_and(digit))?.0;
        Some(sentence_at(text, at))
    }) {
        return Some(Hit { what: "ポート番号", range });
    }
    if let Some(range) = street_address(text) {
        return Some(Hit { what: "所在地の番地", range });
    }
    if let Some(range) = floor_or_room(text) {
        return Some(Hit { what: "機器のある階・部屋", range });
    }
    for (words, what) in [
        (&["文字以上", "桁以上", "英大文字", "記号を含"][..], "パスワードの構成"),
        (&["件を超え", "件以上の照会", "時から午前", "時以降の照会"][..], "ログ分析の条件"),
    ] {
        if let Some(range) = number_near(text, words) {
            let s = &text[range.clone()];
            let about = if what == "パスワードの構成" { s.contains("パスワード") } else { true };
            if about {
                return Some(Hit { what, range });
            }
        }
    }
    None
}

/// Suggests withholding (参考) the first security detail of each withholdable item that is still
/// open. A passage already withheld is not read.
fn sensitive_open_text(cx: &Cx, out: &mut Vec<Finding>) {
    for (path, entry) in cx.doc.values() {
        let (Value::Text(t), Some(ix)) = (&entry.value, cx.form.find(&path.item)) else { continue };
        if entry.withheld || !cx.form.node(ix).withholdable || cx.doc.is_disabled(ix, &path.blocks) {
            continue;
        }
        // Read the open passages only: withheld ones become spaces of the same length.
        let mut open = t.as_str().to_owned();
        for r in t.withheld() {
            let blank: String = t.as_str()[r.clone()].chars().map(|c| " ".repeat(c.len_utf8())).collect();
            open.replace_range(r.clone(), &blank);
        }
        let Some(hit) = find(&open) else { continue };
        let quoted: String = open[hit.range.clone()].trim().chars().take(40).collect();
        let mut f = finding(
            format!(
                "セキュリティ上の具体的な記載（{}：「{quoted}」）は、公表用の評価書に載ると攻撃の手がかりになります。非公開（特定個人情報保護評価に関する規則第13条）にするか検討してください。",
                hit.what
            ),
            vec![path.clone()],
        );
        f.withhold = Some((path.clone(), hit.range));
        out.push(f);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn security_details_are_found_and_ordinary_numbers_are_not() {
        let found = |t: &str| find(t).map(|h| (h.what, t[h.range].to_owned()));
        assert_eq!(found("住基サーバー（192.168.20.15）に接続する。"), Some(("IPアドレス", "192.168.20.15".into())));
        assert_eq!(found("接続は１０．２．３．４のみ許可する。").map(|h| h.0), Some("IPアドレス"));
        assert_eq!(found("通信はポート443番に限っている。").map(|h| h.0), Some("ポート番号"));
        assert_eq!(found("TCPの8443番のみ開放する。").map(|h| h.0), Some("ポート番号"));
        assert_eq!(found("サーバーは本庁舎地下2階の電算室に置く。"), Some(("機器のある階・部屋", "地下2階".into())));
        assert_eq!(found("機器は301号室に設置する。"), Some(("機器のある階・部屋", "301号室".into())));
        assert_eq!(
            found("データセンター（ひばり県かわせみ市港町3丁目）で保管する。"),
            Some(("所在地の番地", "ひばり県かわせみ市港町3丁目".into()))
        );
        assert_eq!(
            found("パスワードは英大文字・数字・記号を含む12文字以上とする。").map(|h| h.0),
            Some("パスワードの構成")
        );
        assert_eq!(found("1時間に100件を超える照会を抽出する。").map(|h| h.0), Some("ログ分析の条件"));
        // Ordinary numbers are no security detail.
        for t in [
            "令和7年4月1日から、年1回、5年間保存する。",
            "第三者点検は1.5か月で終えた。",
            "職員2名で受け付ける。",
            "申請書は10文字以上の記載欄がある。",
            "平成28年1月1日から使用している。",
            "USBポートは、バックアップ用の1ポートを除きポートロックで塞いでいる。",
        ] {
            assert_eq!(found(t), None, "{t}");
        }
    }
}
