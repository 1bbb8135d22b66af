//! Withheld (非公開) passages through a comparison.
//!
//! Before the text diff, each side's withheld passages are encoded into the text itself, so they
//! survive diffing and excerpting without a second set of offsets to keep in step:
//! - full edition (第三者点検): the passage stays, between two marks (noncharacters U+FDD0 and
//!   U+FDD1, which Unicode reserves for a program's internal use); the pieces come out with
//!   `withheld` set, for the 点検用 highlight and for 別添3 rows that keep the passage withheld;
//! - public edition (公表): the passage is replaced by one token character (Supplementary Private
//!   Use Area-B) standing for its content, so a change inside a withheld passage is still seen as
//!   a change, while the pieces show only 「（非公開）」. The withheld text never enters the diff.
//!
//! Characters of those ranges typed by a user are dropped before encoding (they print as
//! nothing, and a user cannot forge a withheld mark through them).

use super::TextDiff;
use super::text::Piece;
use crate::doc::WITHHELD;
use std::ops::Range;

const START: char = '\u{FDD0}';
const END: char = '\u{FDD1}';
const FIRST_TOKEN: u32 = 0x10_0000;
const LAST_TOKEN: u32 = 0x10_FFFD;

/// The start or end mark of a withheld passage (full edition).
pub fn is_mark(c: char) -> bool {
    c == START || c == END
}

/// Any character this module puts into a text.
pub fn is_sentinel(c: char) -> bool {
    is_mark(c) || (FIRST_TOKEN..=LAST_TOKEN).contains(&(c as u32))
}

fn clean(s: &str) -> String {
    s.chars().filter(|&c| !is_sentinel(c)).collect()
}

/// `text` with its withheld `ranges` (byte ranges, sorted) between marks.
fn wrap(text: &str, ranges: &[Range<usize>]) -> String {
    let mut out = String::with_capacity(text.len() + 6 * ranges.len());
    let mut at = 0;
    for r in ranges {
        out.push_str(&clean(&text[at..r.start]));
        out.push(START);
        out.push_str(&clean(&text[r.clone()]));
        out.push(END);
        at = r.end;
    }
    out.push_str(&clean(&text[at..]));
    out
}

/// `text` with each withheld range replaced by the token of its content (equal content, equal
/// token, across both sides).
fn tokenise(text: &str, ranges: &[Range<usize>], table: &mut Vec<String>) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for r in ranges {
        out.push_str(&clean(&text[at..r.start]));
        let content = &text[r.clone()];
        let n = table.iter().position(|t| t == content).unwrap_or_else(|| {
            table.push(content.to_owned());
            table.len() - 1
        });
        let code = (FIRST_TOKEN + n as u32).min(LAST_TOKEN);
        out.push(char::from_u32(code).unwrap_or(END));
        at = r.end;
    }
    out.push_str(&clean(&text[at..]));
    out
}

/// Both answers as a public comparison sees them: each withheld passage one token standing for
/// its content. A public comparison classifies on these, so its 表記のみ / 重要な変更 says
/// nothing about the withheld words (a change inside one is a change of content).
pub fn public_texts(old: (&str, &[Range<usize>]), new: (&str, &[Range<usize>])) -> (String, String) {
    let mut table = Vec::new();
    let a = tokenise(old.0, old.1, &mut table);
    let b = tokenise(new.0, new.1, &mut table);
    (a, b)
}

/// Compares two answers with their withheld ranges. `public`: withheld passages come out as
/// 「（非公開）」 and their text is never part of the result.
pub fn diff(old: (&str, &[Range<usize>]), new: (&str, &[Range<usize>]), public: bool) -> TextDiff {
    if public {
        let (a, b) = public_texts(old, new);
        super::text::diff(&a, &b)
    } else {
        super::text::diff(&wrap(old.0, old.1), &wrap(new.0, new.1))
    }
}

/// Turns encoded text back into pieces, one side at a time: marks switch `withheld` on and off
/// and are dropped, tokens become 「（非公開）」.
#[derive(Default)]
pub struct Decoder {
    inside: bool,
}

impl Decoder {
    pub fn push(&mut self, pieces: &mut Vec<Piece>, text: &str, changed: bool) {
        let mut run = String::new();
        for c in text.chars() {
            match c {
                START | END => {
                    append(pieces, &run, changed, self.inside);
                    run.clear();
                    self.inside = c == START;
                }
                c if is_sentinel(c) => {
                    append(pieces, &run, changed, self.inside);
                    run.clear();
                    append(pieces, WITHHELD, changed, true);
                }
                c => run.push(c),
            }
        }
        append(pieces, &run, changed, self.inside);
    }
}

fn append(pieces: &mut Vec<Piece>, text: &str, changed: bool, withheld: bool) {
    if text.is_empty() {
        return;
    }
    match pieces.last_mut() {
        // Two tokens side by side stay two 「（非公開）」, but plain runs merge.
        Some(last) if last.changed == changed && last.withheld == withheld && !(withheld && text == WITHHELD) => {
            last.text.push_str(text)
        }
        _ => pieces.push(Piece { text: text.to_owned(), changed, withheld }),
    }
}

#[cfg(test)]
#[allow(clippy::single_range_in_vec_init)]
mod tests {
    use super::*;

    fn range_of(s: &str, part: &str) -> Vec<Range<usize>> {
        let at = s.find(part).unwrap();
        vec![at..at + part.len()]
    }

    fn joined(p: &[Piece]) -> String {
        p.iter().map(|p| p.text.as_str()).collect()
    }

    #[test]
    fn a_public_comparison_never_contains_the_withheld_text_but_sees_it_change() {
        let old = "介護保険システムのサーバはB棟3階電算室に置く。";
        let new = "介護保険システムのサーバはC棟地下1階電算室に置く。";
        let d = diff((old, &range_of(old, "B棟3階")), (new, &range_of(new, "C棟地下1階")), true);
        assert_eq!(joined(&d.old), "介護保険システムのサーバは（非公開）電算室に置く。");
        assert_eq!(joined(&d.new), "介護保険システムのサーバは（非公開）電算室に置く。");
        assert_eq!(d.hunks, 1, "the change inside the withheld passage is still a change");
        assert!(d.new.iter().any(|p| p.changed && p.withheld));
        let all = format!("{d:?}");
        assert!(!all.contains("C棟") && !all.contains("B棟"), "{all}");
    }

    #[test]
    fn a_full_comparison_marks_the_withheld_pieces_and_keeps_their_text() {
        let old = "国民健康保険の照会はVPN経由で行う。";
        let new = "国民健康保険の照会はIPsec-VPN経由で行う。";
        let d = diff((old, &range_of(old, "VPN")), (new, &range_of(new, "IPsec-VPN")), false);
        assert_eq!(joined(&d.new), new);
        let withheld: String = d.new.iter().filter(|p| p.withheld).map(|p| p.text.as_str()).collect();
        assert_eq!(withheld, "IPsec-VPN");
        assert!(d.new.iter().all(|p| !p.text.contains(START) && !p.text.contains(END)));
    }

    #[test]
    fn an_excerpt_keeps_a_passage_withheld_after_its_start_was_elided() {
        let text = "一\n二\n三\n四\n五は旧\n六";
        let new = "一\n二\n三\n四\n五は新\n六";
        let start = text.find("二").unwrap();
        let end = text.find("六").unwrap();
        let ranges = [start..end];
        let new_ranges = [new.find("二").unwrap()..new.find("六").unwrap()];
        let d = diff((text, &ranges), (new, &new_ranges), false).excerpt();
        let changed: Vec<&Piece> = d.new.iter().filter(|p| p.changed).collect();
        assert!(changed.iter().all(|p| p.withheld), "{d:?}");
    }

    #[test]
    fn typed_sentinels_cannot_forge_a_withheld_mark() {
        let forged = format!("公開{START}秘密{END}の文");
        let d = diff(("", &[]), (&forged, &[]), false);
        assert!(d.new.iter().all(|p| !p.withheld));
        assert_eq!(joined(&d.new), "公開秘密の文");
    }
}
