//! What is cleaned when text comes in (pasted into the window, imported from RON), and only
//! then: a stored value is never changed behind the user's back.
//!
//! - Look-alike radicals: copy-paste out of a PDF often gives the 康熙部首 (U+2F0A U+2F12 「⼊⼒」)
//!   or the CJK Radicals Supplement (⻑, ⻄) instead of the kanji they look exactly like. They
//!   become the unified ideograph, as do the compatibility ideographs that are mere duplicates
//!   (Korean and North Korean readings, U+F91D → 欄) or that no bundled font can draw. NFKC does
//!   this, but only these characters are normalised: NFKC on the whole text would also turn 全角
//!   into 半角.
//! - Control characters (C0 and C1, except line feed, carriage return and TAB) are removed:
//!   nothing can print them. A TAB from Excel is kept and shown as spaces.

use icu_normalizer::ComposingNormalizerBorrowed;

/// What cleaning changed, for the notice to the user.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Changes {
    /// (pasted character, the unified ideograph that replaced it), each pair once.
    pub unified: Vec<(char, char)>,
    /// Control characters removed, each once.
    pub removed: Vec<char>,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.unified.is_empty() && self.removed.is_empty()
    }

    pub fn merge(&mut self, other: Changes) {
        for u in other.unified {
            if !self.unified.contains(&u) {
                self.unified.push(u);
            }
        }
        for r in other.removed {
            if !self.removed.contains(&r) {
                self.removed.push(r);
            }
        }
    }

    /// The notice in Japanese, e.g. 「部首の文字（U+2F0A、U+2F12）を通常の漢字（入力）に置き換えました。」.
    /// The pasted characters are named by code point: neither bundled font can draw a radical,
    /// and the window must not show the user a box.
    pub fn notice(&self) -> String {
        let mut out = String::new();
        if !self.unified.is_empty() {
            let radicals = self.unified.iter().filter(|(c, _)| is_radical(*c)).count();
            let what = match radicals {
                0 => "互換用の漢字",
                n if n == self.unified.len() => "部首の文字",
                _ => "部首・互換用の文字",
            };
            let from: Vec<String> = self.unified.iter().map(|p| format!("U+{:04X}", p.0 as u32)).collect();
            let from = from.join("、");
            let to: String = self.unified.iter().map(|p| p.1).collect();
            out.push_str(&format!("{what}（{from}）を通常の漢字（{to}）に置き換えました。"));
        }
        if !self.removed.is_empty() {
            let names: Vec<String> = self.removed.iter().map(|&c| super::describe(c)).collect();
            out.push_str(&format!("印刷できない制御文字（{}）を取り除きました。", names.join("、")));
        }
        out
    }
}

/// Cleans `text` in place (see the module comment); returns what changed. Text that needs no
/// cleaning is not copied.
pub fn clean(text: &mut String) -> Changes {
    let mut changes = Changes::default();
    if !text.chars().any(|c| unified(c).is_some() || removed(c)) {
        return changes;
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if removed(c) {
            if !changes.removed.contains(&c) {
                changes.removed.push(c);
            }
        } else if let Some(u) = unified(c) {
            if !changes.unified.contains(&(c, u)) {
                changes.unified.push((c, u));
            }
            out.push(u);
        } else {
            out.push(c);
        }
    }
    *text = out;
    changes
}

fn removed(c: char) -> bool {
    c.is_control() && !matches!(c, '\n' | '\r' | '\t')
}

fn is_radical(c: char) -> bool {
    matches!(c, '\u{2E80}'..='\u{2EFF}' | '\u{2F00}'..='\u{2FDF}')
}

/// The unified ideograph `c` is a look-alike of, if it is one.
fn unified(c: char) -> Option<char> {
    match c {
        '\u{2E80}'..='\u{2EFF}' => {
            let i = SUPPLEMENT.binary_search_by_key(&(c as u32), |p| p.0).ok()?;
            char::from_u32(SUPPLEMENT[i].1)
        }
        // Kangxi radicals: NFKC maps each to its ideograph.
        '\u{2F00}'..='\u{2FDF}' => nfkc_one(c),
        // Compatibility ideographs that only duplicate a unified one for a reading (KS X 1001,
        // KPS 10721) or a Big5 round trip: the same glyph.
        '\u{F900}'..='\u{FA0D}' | '\u{FA70}'..='\u{FAD9}' => nfkc_one(c),
        // Those encoded because their glyph differs (IBM and JIS X 0213: 神 U+FA19 with 示; CNS
        // 11643 in U+2F800–2FA1D) are kept as typed where a bundled font draws them, and become
        // the ideograph they stand for where none does (nearly all of U+2F800–2FA1D): the kanji
        // rather than a 〓. U+FA0E…FA29 that NFKC leaves alone (﨑 U+FA11) are unified already.
        '\u{FA0E}'..='\u{FA6D}' | '\u{2F800}'..='\u{2FA1F}' if !super::Coverage::get().can_render(c) => nfkc_one(c),
        _ => None,
    }
}

fn nfkc_one(c: char) -> Option<char> {
    let mut buf = [0; 4];
    let n = ComposingNormalizerBorrowed::new_nfkc().normalize(c.encode_utf8(&mut buf));
    let mut chars = n.chars();
    match (chars.next(), chars.next()) {
        (Some(u), None) if u != c => Some(u),
        _ => None,
    }
}

/// CJK Radicals Supplement → the unified ideograph that is "visually identical or
/// near-identical" (Unicode's EquivalentUnifiedIdeograph.txt, U+2E81..U+2EF3; U+2E80 has none,
/// U+2E9A is unassigned). NFKC maps only two of these.
#[rustfmt::skip]
const SUPPLEMENT: &[(u32, u32)] = &[
    (0x2E81, 0x5382), (0x2E82, 0x4E5B), (0x2E83, 0x4E5A), (0x2E84, 0x4E59), (0x2E85, 0x4EBB), (0x2E86, 0x5182),
    (0x2E87, 0x20628), (0x2E88, 0x5200), (0x2E89, 0x5202), (0x2E8A, 0x535C), (0x2E8B, 0x353E), (0x2E8C, 0x5C0F),
    (0x2E8D, 0x5C0F), (0x2E8E, 0x5140), (0x2E8F, 0x5C23), (0x2E90, 0x5C22), (0x2E91, 0x21BC2), (0x2E92, 0x5DF3),
    (0x2E93, 0x5E7A), (0x2E94, 0x5F51), (0x2E95, 0x5F50), (0x2E96, 0x5FC4), (0x2E97, 0x5FC3), (0x2E98, 0x624C),
    (0x2E99, 0x6535), (0x2E9B, 0x65E1), (0x2E9C, 0x65E5), (0x2E9D, 0x6708), (0x2E9E, 0x6B7A), (0x2E9F, 0x6BCD),
    (0x2EA0, 0x6C11), (0x2EA1, 0x6C35), (0x2EA2, 0x6C3A), (0x2EA3, 0x706C), (0x2EA4, 0x722B), (0x2EA5, 0x722B),
    (0x2EA6, 0x4E2C), (0x2EA7, 0x725B), (0x2EA8, 0x72AD), (0x2EA9, 0x738B), (0x2EAA, 0x24D14), (0x2EAB, 0x76EE),
    (0x2EAC, 0x793A), (0x2EAD, 0x793B), (0x2EAE, 0x25AD7), (0x2EAF, 0x7CF9), (0x2EB0, 0x7E9F), (0x2EB1, 0x7F53),
    (0x2EB2, 0x7F52), (0x2EB3, 0x34C1), (0x2EB4, 0x5197), (0x2EB5, 0x2626B), (0x2EB6, 0x7F8A), (0x2EB7, 0x2634C),
    (0x2EB8, 0x2634B), (0x2EB9, 0x8002), (0x2EBA, 0x8080), (0x2EBB, 0x807F), (0x2EBC, 0x8089), (0x2EBD, 0x26951),
    (0x2EBE, 0x8279), (0x2EBF, 0x8279), (0x2EC0, 0x8279), (0x2EC1, 0x864E), (0x2EC2, 0x8864), (0x2EC3, 0x8980),
    (0x2EC4, 0x897F), (0x2EC5, 0x89C1), (0x2EC6, 0x89D2), (0x2EC7, 0x278B2), (0x2EC8, 0x8BA0), (0x2EC9, 0x8D1D),
    (0x2ECA, 0x27FB7), (0x2ECB, 0x8F66), (0x2ECC, 0x8FB6), (0x2ECD, 0x8FB6), (0x2ECE, 0x8FB6), (0x2ECF, 0x9091),
    (0x2ED0, 0x9485), (0x2ED1, 0x9577), (0x2ED2, 0x9578), (0x2ED3, 0x957F), (0x2ED4, 0x95E8), (0x2ED5, 0x28E0F),
    (0x2ED6, 0x961D), (0x2ED7, 0x96E8), (0x2ED8, 0x9752), (0x2ED9, 0x97E6), (0x2EDA, 0x9875), (0x2EDB, 0x98CE),
    (0x2EDC, 0x98DE), (0x2EDD, 0x98DF), (0x2EDE, 0x2967F), (0x2EDF, 0x98E0), (0x2EE0, 0x9963), (0x2EE1, 0x29810),
    (0x2EE2, 0x9A6C), (0x2EE3, 0x9AA8), (0x2EE4, 0x9B3C), (0x2EE5, 0x9C7C), (0x2EE6, 0x9E1F), (0x2EE7, 0x5364),
    (0x2EE8, 0x9EA6), (0x2EE9, 0x9EC4), (0x2EEA, 0x9EFE), (0x2EEB, 0x6589), (0x2EEC, 0x9F50), (0x2EED, 0x6B6F),
    (0x2EEE, 0x9F7F), (0x2EEF, 0x7ADC), (0x2EF0, 0x9F99), (0x2EF1, 0x9F9C), (0x2EF2, 0x4E80), (0x2EF3, 0x9F9F),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn cleaned(s: &str) -> (String, Changes) {
        let mut t = s.to_owned();
        let c = clean(&mut t);
        (t, c)
    }

    #[test]
    fn kangxi_radicals_become_the_kanji_they_look_like() {
        let (t, c) = cleaned("データの\u{2F0A}\u{2F12}方法");
        assert_eq!(t, "データの入力方法");
        assert_eq!(c.unified, [('\u{2F0A}', '入'), ('\u{2F12}', '力')]);
        assert_eq!(c.notice(), "部首の文字（U+2F0A、U+2F12）を通常の漢字（入力）に置き換えました。");
    }

    #[test]
    fn supplement_radicals_and_duplicate_compatibility_ideographs_are_unified() {
        assert_eq!(cleaned("\u{2ED1}期\u{2EC4}日本").0, "長期西日本");
        assert_eq!(cleaned("記入\u{F91D}").0, "記入欄");
        // CNS 11643 compatibility ideographs that no bundled font draws.
        assert_eq!(cleaned("\u{2F800}\u{2F801}").0, "\u{4E3D}\u{4E38}");
        let (_, c) = cleaned("\u{F91D}");
        assert_eq!(c.notice(), "互換用の漢字（U+F91D）を通常の漢字（\u{6B04}）に置き換えました。");
    }

    #[test]
    fn nothing_else_is_normalised() {
        // 全角英数字, 半角カナ, ①, 〜, compatibility ideographs a bundled font draws (IBM, JIS X 0213,
        // one of CNS 11643), 𠮷, 葛󠄀.
        for s in ["ＡＢＣ１２３", "ｼｽﾃﾑ", "①〜", "﨑\u{FA19}\u{FA5C}\u{2F80F}", "𠮷𩸽髙", "葛\u{E0100}", "a\tb\r\nc"]
        {
            let (t, c) = cleaned(s);
            assert_eq!(t, s);
            assert!(c.is_empty(), "{s:?}: {c:?}");
        }
    }

    #[test]
    fn control_characters_are_removed_and_named() {
        let (t, c) = cleaned("氏名\u{7}住所\u{1B}\u{85}\u{7}");
        assert_eq!(t, "氏名住所");
        assert_eq!(c.removed, ['\u{7}', '\u{1B}', '\u{85}']);
        assert_eq!(c.notice(), "印刷できない制御文字（U+0007、U+001B、U+0085）を取り除きました。");
    }

    #[test]
    fn the_supplement_table_is_sorted_and_maps_to_ideographs() {
        assert!(SUPPLEMENT.windows(2).all(|w| w[0].0 < w[1].0));
        assert_eq!(SUPPLEMENT.len(), 114);
        for &(_, u) in SUPPLEMENT {
            let u = char::from_u32(u).unwrap();
            assert!(matches!(u, '\u{3400}'..='\u{9FFF}' | '\u{20000}'..='\u{2FFFF}'), "{u}");
        }
    }
}
