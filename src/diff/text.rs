//! Text comparison for Japanese. There are no spaces between words, so the text is cut into runs
//! of one script (漢字, ひらがな, カタカナ, 英数字) with each punctuation mark and line break on its
//! own; those runs are diffed with `similar`, a one-character run left between two changes is
//! absorbed into them, and each change is trimmed to the characters that really differ. A changed
//! phrase is one change, not scattered characters. A variation selector (葛 → 葛󠄀) stays with its
//! character throughout: the change shows as the character changed, never as an invisible insertion.

use crate::chars::{self, is_variation_selector};
use icu_normalizer::ComposingNormalizerBorrowed;
use similar::{Algorithm, DiffOp, capture_diff_slices};
use unicode_script::{Script, UnicodeScript};

/// A run of one side of a compared text; `changed` runs are deleted (old side) or inserted (new).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    pub text: String,
    pub changed: bool,
    /// Part of a passage withheld from the published edition (非公開). In a public comparison
    /// its text is 「（非公開）」.
    pub withheld: bool,
}

/// A stretch of a compared text: the same on both sides, or changed.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Seg {
    Same(String),
    Changed { old: String, new: String },
}

/// Both sides of a compared text and how many separate changes they hold.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextDiff {
    pub segs: Vec<Seg>,
    pub old: Vec<Piece>,
    pub new: Vec<Piece>,
    pub hunks: usize,
}

impl TextDiff {
    fn from_segs(segs: Vec<Seg>) -> TextDiff {
        let mut out = TextDiff::default();
        let (mut old, mut new) = (super::withheld::Decoder::default(), super::withheld::Decoder::default());
        for seg in &segs {
            match seg {
                Seg::Same(t) => {
                    old.push(&mut out.old, t, false);
                    new.push(&mut out.new, t, false);
                }
                Seg::Changed { old: o, new: n } => {
                    out.hunks += 1;
                    old.push(&mut out.old, o, true);
                    new.push(&mut out.new, n, true);
                }
            }
        }
        out.segs = segs;
        out
    }

    /// The changes with a little context: unchanged lines away from any change (more than the
    /// line a change is on) become one 「…」 line. For long answers (Ⅲ 措置の内容) the reader
    /// sees what changed, not two pages of the same text.
    pub fn excerpt(&self) -> TextDiff {
        if self.hunks == 0 {
            return self.clone();
        }
        let last = self.segs.len() - 1;
        let segs = self
            .segs
            .iter()
            .enumerate()
            .map(|(i, seg)| match seg {
                Seg::Same(t) if t.matches('\n').count() >= 2 => {
                    // Keep the rest of the line a change ends on and the start of the line the
                    // next change is on.
                    let head_end = if i == 0 { 0 } else { t.find('\n').map_or(0, |n| n + 1) };
                    let tail_start = if i == last { t.len() } else { t.rfind('\n').map_or(t.len(), |n| n + 1) };
                    let (head, tail) = (&t[..head_end], &t[tail_start..]);
                    // The marks of withheld passages in the elided lines stay, so what follows
                    // is still known to be withheld.
                    let marks: String = t[head_end..tail_start.max(head_end)]
                        .chars()
                        .filter(|&c| super::withheld::is_mark(c))
                        .collect();
                    let gap = if i == last { "…" } else { "…\n" };
                    Seg::Same(format!("{head}{marks}{gap}{tail}"))
                }
                other => other.clone(),
            })
            .collect();
        TextDiff::from_segs(segs)
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Run {
    Han,
    Hiragana,
    Katakana,
    Alnum,
    Space,
    /// Punctuation and line breaks: one character per token.
    Single,
    Other,
}

fn run_of(c: char) -> Run {
    if c == '\n' || is_punctuation(c) || super::withheld::is_sentinel(c) {
        return Run::Single;
    }
    if c.is_whitespace() {
        return Run::Space;
    }
    // 「ー」 and 「々」 are script Common but belong to the word they are written in.
    if c == 'ー' {
        return Run::Katakana;
    }
    if c == '々' {
        return Run::Han;
    }
    match c.script() {
        Script::Han => Run::Han,
        Script::Hiragana => Run::Hiragana,
        Script::Katakana => Run::Katakana,
        _ if c.is_alphanumeric() => Run::Alnum,
        _ => Run::Other,
    }
}

/// Punctuation in the Japanese sense: ASCII and full-width punctuation, CJK symbols
/// (、。「」・※…) and general punctuation (―‐“”).
pub fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(c, '\u{3001}'..='\u{3003}' | '\u{3008}'..='\u{3011}' | '\u{3014}'..='\u{301F}' | '\u{30FB}')
        || matches!(c, '\u{2010}'..='\u{205E}')
        || matches!(c, '\u{FF01}'..='\u{FF0F}' | '\u{FF1A}'..='\u{FF20}' | '\u{FF3B}'..='\u{FF40}')
        || matches!(c, '\u{FF5B}'..='\u{FF65}')
}

/// Cuts text into tokens: runs of one script, each punctuation mark and line break alone.
pub fn tokens(s: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut prev: Option<Run> = None;
    for (i, c) in s.char_indices() {
        if is_variation_selector(c) {
            continue;
        }
        let run = run_of(c);
        if i > start && (run == Run::Single || prev != Some(run)) {
            out.push(&s[start..i]);
            start = i;
        }
        prev = Some(run);
    }
    if start < s.len() {
        out.push(&s[start..]);
    }
    out
}

/// Compares two texts.
pub fn diff(old: &str, new: &str) -> TextDiff {
    if old == new {
        let segs = if old.is_empty() { Vec::new() } else { vec![Seg::Same(old.to_owned())] };
        return TextDiff::from_segs(segs);
    }
    let a = tokens(old);
    let b = tokens(new);
    let ops = capture_diff_slices(Algorithm::Myers, &a, &b);
    // Group the ops into hunks: (old token range, new token range, changed).
    let mut spans: Vec<(std::ops::Range<usize>, std::ops::Range<usize>, bool)> = Vec::new();
    for op in ops {
        let changed = !matches!(op, DiffOp::Equal { .. });
        let (o, n) = (op.old_range(), op.new_range());
        match spans.last_mut() {
            Some(last) if last.2 == changed => {
                last.0.end = o.end;
                last.1.end = n.end;
            }
            _ => spans.push((o, n, changed)),
        }
    }
    // A one-character run between two changes (a particle, a comma) joins them.
    let mut merged: Vec<(std::ops::Range<usize>, std::ops::Range<usize>, bool)> = Vec::new();
    let mut i = 0;
    while i < spans.len() {
        let s = spans[i].clone();
        let short = |r: &std::ops::Range<usize>| r.len() == 1 && chars::clusters(a[r.start]).count() == 1;
        if !s.2 && i > 0 && i + 1 < spans.len() && short(&s.0) {
            let next = spans[i + 1].clone();
            if let Some(last) = merged.last_mut() {
                last.0.end = next.0.end;
                last.1.end = next.1.end;
            }
            i += 2;
            continue;
        }
        merged.push(s);
        i += 1;
    }
    let mut segs: Vec<Seg> = Vec::new();
    let same = |segs: &mut Vec<Seg>, t: &str| {
        if t.is_empty() {
            return;
        }
        match segs.last_mut() {
            Some(Seg::Same(last)) => last.push_str(t),
            _ => segs.push(Seg::Same(t.to_owned())),
        }
    };
    for (o, n, changed) in merged {
        let old_text: String = a[o].concat();
        let new_text: String = b[n].concat();
        if !changed {
            same(&mut segs, &old_text);
            continue;
        }
        let (prefix, old_mid, new_mid, suffix) = trim_common(&old_text, &new_text);
        same(&mut segs, prefix);
        segs.push(Seg::Changed { old: old_mid.to_owned(), new: new_mid.to_owned() });
        same(&mut segs, suffix);
    }
    TextDiff::from_segs(segs)
}

/// Splits two texts into common prefix, the differing middles and the common suffix, in whole
/// characters with their variation selectors.
fn trim_common<'a>(a: &'a str, b: &'a str) -> (&'a str, &'a str, &'a str, &'a str) {
    let clusters = |s| chars::clusters(s).map(|c| c.1).collect::<Vec<&str>>();
    let same = |x: &mut dyn Iterator<Item = &&str>, y: &mut dyn Iterator<Item = &&str>| {
        x.zip(y).take_while(|(p, q)| p == q).map(|(p, _)| p.len()).sum::<usize>()
    };
    let prefix = same(&mut clusters(a).iter(), &mut clusters(b).iter());
    let (a_rest, b_rest) = (&a[prefix..], &b[prefix..]);
    let suffix = same(&mut clusters(a_rest).iter().rev(), &mut clusters(b_rest).iter().rev());
    (&a[..prefix], &a_rest[..a_rest.len() - suffix], &b_rest[..b_rest.len() - suffix], &a_rest[a_rest.len() - suffix..])
}

/// The text with differences of wording only taken out: NFKC (全角英数字 and 半角カナ folded),
/// whitespace, punctuation and variation selectors (葛 and 葛󠄀 are one character in two glyphs)
/// removed. Two texts that agree here differ in wording only.
///
/// Numbers are never joined or changed: a mark that touches a digit (「3～5年」「1.5年」「8:30」
/// 「-5%」) stays, and a circled number (①) stays apart from the plain digit it folds to.
pub fn wording_key(s: &str) -> String {
    // Circled numbers first: NFKC would fold 「①②」 into 「12」.
    let kept: String = s
        .chars()
        .map(|c| match c {
            '\u{2460}'..='\u{2473}' | '\u{3251}'..='\u{325F}' | '\u{32B1}'..='\u{32BF}' => {
                char::from_u32(0xF0000 + c as u32).unwrap_or(c)
            }
            c => c,
        })
        .collect();
    let folded: Vec<char> = ComposingNormalizerBorrowed::new_nfkc().normalize(&kept).chars().collect();
    let digit = |i: Option<usize>| i.and_then(|i| folded.get(i)).is_some_and(|c| c.is_ascii_digit());
    let mut out = String::new();
    for (i, &c) in folded.iter().enumerate() {
        let touches_digit = digit(i.checked_sub(1)) || digit(Some(i + 1));
        let drop = c.is_whitespace() || is_variation_selector(c) || (is_punctuation(c) && !touches_digit);
        if !drop {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn changed(p: &[Piece]) -> Vec<&str> {
        p.iter().filter(|p| p.changed).map(|p| p.text.as_str()).collect()
    }

    #[test]
    fn wording_only_never_joins_or_changes_a_number() {
        // 介護保険料の段階や保管期間: each pair says something else, so it is no 表記のみ.
        for (a, b) in [
            ("保管期間は3～5年", "保管期間は35年"),
            ("1.5年", "15年"),
            ("8:30から", "830から"),
            ("-5%", "5"),
            ("①②", "12"),
            ("第1-2段階", "第12段階"),
        ] {
            assert_ne!(wording_key(a), wording_key(b), "{a} / {b}");
        }
        // Width and spacing alone still are.
        for (a, b) in [("3～5年", "３～５年"), ("年6回、", "年６回"), ("①の手順", "①の 手順"), ("(注)", "（注）")]
        {
            assert_eq!(wording_key(a), wording_key(b), "{a} / {b}");
        }
    }

    #[test]
    fn tokens_follow_script_runs_and_split_punctuation() {
        assert_eq!(
            tokens("児童手当システムを、LGWANで送る。"),
            ["児童手当", "システム", "を", "、", "LGWAN", "で", "送", "る", "。"]
        );
        assert_eq!(tokens("データセンター"), ["データセンター"]);
        assert_eq!(tokens("a\nb"), ["a", "\n", "b"]);
    }

    #[test]
    fn a_changed_phrase_is_one_change() {
        let d = diff("委託先へ手渡しで引き渡す。", "委託先へ専用線により送信する。");
        assert_eq!(d.hunks, 1, "{d:?}");
        assert_eq!(changed(&d.old), ["手渡しで引き渡す"]);
        assert_eq!(changed(&d.new), ["専用線により送信する"]);
    }

    #[test]
    fn changes_are_trimmed_to_the_differing_characters() {
        let d = diff("受給資格者に通知する。", "受給者に通知する。");
        assert_eq!(changed(&d.old), ["資格"]);
        assert!(changed(&d.new).is_empty());
        assert_eq!(d.hunks, 1);
    }

    #[test]
    fn separate_edits_are_separate_hunks() {
        let d = diff("年6回支払う。照会は月1回とする。", "年4回支払う。照会は月2回とする。");
        assert_eq!(d.hunks, 2, "{d:?}");
        let old: String = d.old.iter().map(|p| p.text.as_str()).collect();
        let new: String = d.new.iter().map(|p| p.text.as_str()).collect();
        assert_eq!(old, "年6回支払う。照会は月1回とする。");
        assert_eq!(new, "年4回支払う。照会は月2回とする。");
    }

    #[test]
    fn an_excerpt_keeps_the_changed_lines_and_elides_the_rest() {
        let old = "一\n二\n三は旧\n四\n五\n六";
        let new = "一\n二\n三は新\n四\n五\n六";
        let e = diff(old, new).excerpt();
        let text = |p: &[Piece]| p.iter().map(|p| p.text.as_str()).collect::<String>();
        assert_eq!(text(&e.old), "…\n三は旧\n…");
        assert_eq!(text(&e.new), "…\n三は新\n…");
        assert_eq!(e.hunks, 1);
        let short = diff("あ\nい", "あ\nう").excerpt();
        assert_eq!(text(&short.new), "あ\nう", "two lines need no eliding");
    }

    #[test]
    fn identical_texts_have_no_hunks() {
        let d = diff("同じ", "同じ");
        assert_eq!(d.hunks, 0);
        assert!(d.old.iter().all(|p| !p.changed));
    }

    #[test]
    fn wording_key_ignores_width_whitespace_and_punctuation() {
        assert_eq!(wording_key("年６回、ＬＧＷＡＮ（専用）"), wording_key("年6回 LGWAN(専用)"));
        assert_eq!(wording_key("ｼｽﾃﾑ"), wording_key("システム"));
        assert_ne!(wording_key("年6回"), wording_key("年4回"));
    }

    #[test]
    fn a_variation_selector_is_wording_and_shows_as_the_character_changed() {
        assert_eq!(tokens("葛\u{E0100}飾区の"), ["葛\u{E0100}飾区", "の"]);
        assert_eq!(wording_key("葛飾区"), wording_key("葛\u{E0100}飾区"));
        let d = diff("住所は葛飾区とする。", "住所は葛\u{E0100}飾区とする。");
        assert_eq!(d.hunks, 1);
        assert_eq!(changed(&d.old), ["葛"]);
        assert_eq!(changed(&d.new), ["葛\u{E0100}"], "the whole character, not an invisible insertion");
        let d = diff("葛\u{E0100}", "葛\u{E0103}");
        assert_eq!((changed(&d.old), changed(&d.new)), (vec!["葛\u{E0100}"], vec!["葛\u{E0103}"]));
    }
}
