//! The bundled fonts and which one draws a character. Both are compiled in: the program runs
//! offline on Windows PCs with nothing installed.
//!
//! - BIZ UDPGothic (SIL OFL 1.1, `assets/fonts/OFL.txt`): the main font, JIS X 0213 and the
//!   Adobe-Japan1 variation sequences (葛󠄀).
//! - IPAmj明朝 (IPA Font License v1.0, `assets/fonts/IPA_Font_License_Agreement_v1.0.txt`): the
//!   fallback for what the main font lacks. It is the 文字情報基盤 (MJ) font that 住民記録 and
//!   戸籍 systems use for 外字: about 58,000 MJ characters (61,179 glyphs), CJK extensions B–F
//!   (𠮷), the Moji_Joho variation sequences. Redistributed unmodified, as its licence requires
//!   (a subset would be a renamed derived font); see `assets/fonts/README.md` for why this one
//!   and what it costs.

use super::{clusters, is_variation_selector};
use skrifa::charmap::Charmap;
use skrifa::{FontRef, MetadataProvider};
use std::sync::LazyLock;

/// BIZ UDPGothic Regular. A `static`, so the bytes are in the binary once however often used.
pub static MAIN_FONT: &[u8] = include_bytes!("../../assets/fonts/BIZUDPGothic-Regular.ttf");
/// IPAmj明朝 (ver. 005.01).
pub static FALLBACK_FONT: &[u8] = include_bytes!("../../assets/fonts/ipamjm.ttf");

/// Which bundled font draws a character.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Face {
    Main,
    Fallback,
}

impl Face {
    pub fn data(self) -> &'static [u8] {
        match self {
            Face::Main => MAIN_FONT,
            Face::Fallback => FALLBACK_FONT,
        }
    }
}

/// The character maps of both fonts: the one place that decides whether a character can be
/// shown and with which font (the PDF draws with it, the checker reports what it refuses).
pub struct Coverage {
    main: Charmap<'static>,
    fallback: Charmap<'static>,
    /// The main font's glyph for each character of the Basic Multilingual Plane (0: none),
    /// read once from its cmap: nearly every character typed is there, and a table look-up is
    /// many times faster than the cmap's binary search (half of a long PDF's text work).
    main_bmp: Box<[u16]>,
}

static COVERAGE: LazyLock<Coverage> = LazyLock::new(|| {
    // Both fonts are compiled in, so they always parse (a test makes sure).
    let charmap = |data: &'static [u8]| FontRef::new(data).map(|f| f.charmap()).unwrap_or_default();
    let main = charmap(MAIN_FONT);
    let mut main_bmp = vec![0u16; 0x10000].into_boxed_slice();
    for (c, gid) in main.mappings() {
        if let (Some(slot), Ok(gid)) = (main_bmp.get_mut(c as usize), u16::try_from(gid.to_u32())) {
            *slot = gid;
        }
    }
    Coverage { main, fallback: charmap(FALLBACK_FONT), main_bmp }
});

impl Coverage {
    pub fn get() -> &'static Coverage {
        &COVERAGE
    }

    /// The main font's glyph for `c`, if it has one.
    pub fn main_glyph(&self, c: char) -> Option<skrifa::GlyphId> {
        match self.main_bmp.get(c as usize) {
            Some(0) => None,
            Some(&gid) => Some(skrifa::GlyphId::new(u32::from(gid))),
            None => self.main.map(c),
        }
    }

    /// The font that draws `cluster` (a character and the variation selectors after it, see
    /// [`clusters`]): a font that has the variation sequence comes first, then one that has the
    /// character; `None` if neither has it (printed as 〓 and reported by the checker).
    pub fn face(&self, cluster: &str) -> Option<Face> {
        let mut chars = cluster.chars();
        let base = chars.next()?;
        if base.is_control() {
            return None;
        }
        if let Some(selector) = chars.next() {
            if self.main.map_variant(base, selector).is_some() {
                return Some(Face::Main);
            }
            if self.fallback.map_variant(base, selector).is_some() {
                return Some(Face::Fallback);
            }
        }
        if self.main_glyph(base).is_some() {
            Some(Face::Main)
        } else if self.fallback.map(base).is_some() {
            Some(Face::Fallback)
        } else {
            None
        }
    }

    /// Whether `c` can be shown: a line feed or TAB (drawn as spaces), a variation selector
    /// (it goes with its base, which is judged on its own), or a character one of the fonts has.
    pub fn can_render(&self, c: char) -> bool {
        if c == '\n' || c == '\t' || is_variation_selector(c) {
            return true;
        }
        let mut buf = [0; 4];
        self.face(c.encode_utf8(&mut buf)).is_some()
    }

    /// The characters of `text` that cannot be shown, each once, in order.
    pub fn unrenderable(&self, text: &str) -> Vec<char> {
        let mut out: Vec<char> = Vec::new();
        for (_, cluster) in clusters(text) {
            let Some(c) = cluster.chars().next() else { continue };
            if !self.can_render(c) && !out.contains(&c) {
                out.push(c);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn both_bundled_fonts_parse() {
        assert!(FontRef::new(MAIN_FONT).is_ok());
        assert!(FontRef::new(FALLBACK_FONT).is_ok());
    }

    #[test]
    fn the_fallback_draws_what_the_main_font_lacks() {
        let c = Coverage::get();
        assert_eq!(c.face("入"), Some(Face::Main));
        assert_eq!(c.face("𠮷"), Some(Face::Fallback));
        assert_eq!(c.face("葛\u{E0100}"), Some(Face::Main), "BIZ UDPGothic has the Adobe-Japan1 sequence");
        assert_eq!(c.face("葛\u{E0103}"), Some(Face::Fallback), "IPAmj明朝 has the Moji_Joho sequence");
        assert_eq!(c.face("葛\u{E01EF}"), Some(Face::Main), "no font has it: the base glyph");
        assert_eq!(c.face("\u{E000}"), None);
        assert_eq!(c.face("\u{3FFFD}"), None);
        assert_eq!(c.face("\u{7}"), None);
    }

    #[test]
    fn the_table_of_the_main_font_gives_what_its_cmap_gives() {
        let c = Coverage::get();
        let mut found = 0;
        // Every character of the BMP, and a sample of the planes above it.
        for ch in (0..=0x10FFFFu32).filter(|&u| u < 0x10000 || u % 97 == 0).filter_map(char::from_u32) {
            assert_eq!(c.main_glyph(ch), c.main.map(ch), "{:X}", ch as u32);
            found += usize::from(c.main_glyph(ch).is_some());
        }
        assert!(found > 10_000, "the main font has {found} of these characters");
    }

    #[test]
    fn only_what_no_font_has_is_unrenderable() {
        let c = Coverage::get();
        assert_eq!(c.unrenderable("葛\u{E0100}𠮷𩸽髙﨑①〜\t\n"), Vec::<char>::new());
        assert_eq!(c.unrenderable("a\u{E000}b\u{E000}\u{3FFFD}\u{7}"), ['\u{E000}', '\u{3FFFD}', '\u{7}']);
    }

    /// The schema, the window's own strings and the samples need no fallback: they print in
    /// the main font, the same gothic throughout.
    #[test]
    fn every_character_of_the_form_the_window_and_the_samples_is_in_the_main_font() {
        let c = Coverage::get();
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut missing = Vec::new();
        for (dir, ext) in
            [("assets/form/h30-05-4", "ron"), ("assessments", "ron"), ("src/gui", "rs"), ("src/gui/editor", "rs")]
        {
            let mut files: Vec<_> = std::fs::read_dir(root.join(dir)).unwrap().map(|e| e.unwrap().path()).collect();
            files.retain(|f| f.extension().is_some_and(|e| e == ext));
            assert!(!files.is_empty(), "{dir}");
            for f in files {
                for ch in std::fs::read_to_string(&f).unwrap().chars() {
                    if !matches!(ch, '\n' | '\r' | '\t')
                        && c.main.map(ch).is_none()
                        && !missing.contains(&(ch, f.clone()))
                    {
                        missing.push((ch, f.clone()));
                    }
                }
            }
        }
        assert!(missing.is_empty(), "not in BIZ UDPGothic: {missing:?}");
    }
}
