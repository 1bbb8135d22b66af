//! Every character comes out as typed, or the user is told. Staff paste from Word, Excel and
//! other PDFs, and residents' names use 外字 and 異体字 (葛󠄀 with a variation selector, 𠮷):
//!
//! - `fonts`: the two bundled fonts (BIZ UDPGothic, and IPAmj明朝 for the 外字 it lacks) and the
//!   one answer to "can this character be printed, and with which font", shared by the PDF, the
//!   window and the checker so they never disagree.
//! - `measure`: how wide a text is in the bundled fonts and where its lines break (禁則), for
//!   the PDF and for the 業務全体図 layout that the window draws too.
//! - `input`: what is cleaned when text comes in (paste, import): look-alike radicals that PDF
//!   copy-paste produces (⼊⼒ for 入力) become the kanji they look like, control characters go;
//!   the caller tells the user what changed.

pub mod fonts;
pub mod input;
pub mod measure;

pub use fonts::{Coverage, Face};
pub use input::{Changes, clean};

/// A variation selector (VS1–16, and VS17–256 of the Ideographic Variation Database): invisible,
/// it picks a glyph variant of the character before it (葛 + U+E0100 → 葛󠄀).
pub fn is_variation_selector(c: char) -> bool {
    matches!(c, '\u{FE00}'..='\u{FE0F}' | '\u{E0100}'..='\u{E01EF}')
}

/// The clusters of `s`: each character with the variation selectors that follow it, and their
/// byte offsets. A selector is never separated from its base (in measuring, drawing, comparing).
pub fn clusters(s: &str) -> impl Iterator<Item = (usize, &str)> {
    let mut rest = s.char_indices().peekable();
    std::iter::from_fn(move || {
        let (start, _) = rest.next()?;
        let mut end = s.len();
        while let Some(&(i, c)) = rest.peek() {
            if !is_variation_selector(c) {
                end = i;
                break;
            }
            rest.next();
        }
        Some((start, &s[start..end]))
    })
}

/// How a character is named to the user: 「U+20BB7（𠮷）」, or only the code point for an
/// invisible one (a control character).
pub fn describe(c: char) -> String {
    if c.is_control() || is_variation_selector(c) {
        format!("U+{:04X}", c as u32)
    } else {
        format!("U+{:04X}（{c}）", c as u32)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_variation_selector_stays_with_its_base() {
        let s = "葛\u{E0100}城\u{FE00}\u{FE01}x";
        let got: Vec<&str> = clusters(s).map(|(_, c)| c).collect();
        assert_eq!(got, ["葛\u{E0100}", "城\u{FE00}\u{FE01}", "x"]);
        assert_eq!(clusters("").count(), 0);
        assert_eq!(clusters("\u{E0100}あ").map(|(_, c)| c).collect::<Vec<_>>(), ["\u{E0100}", "あ"]);
    }

    #[test]
    fn characters_are_named_by_code_point() {
        assert_eq!(describe('𠮷'), "U+20BB7（𠮷）");
        assert_eq!(describe('\u{7}'), "U+0007");
    }
}
