//! Text measurement (skrifa, the font library krilla itself uses) and line breaking for
//! Japanese: UAX #14 break opportunities (unicode-linebreak) plus the 禁則 rules it lacks.

use crate::chars::{self, Coverage, Face};
use skrifa::instance::{LocationRef, Size};
use skrifa::{FontRef, MetadataProvider};
use unicode_normalization::UnicodeNormalization;

/// How a TAB (pasted from Excel) is printed: four spaces, as the window shows it.
const TAB: &str = "    ";

/// Characters that may not start a line (行頭禁則): closing brackets, punctuation, small kana,
/// the prolonged sound mark. UAX #14 already keeps most closers; small kana and ー it allows.
const NO_START: &str =
    "、。，．・：；？！）」』】〕〉》］｝〙〗ー…‥ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ々〻,.)]}:;?!%％";
/// Characters that may not end a line (行末禁則): opening brackets.
const NO_END: &str = "（「『【〔〈《［｛〘〖([{";

/// Advance widths of one bundled font.
struct FaceMetrics {
    charmap: skrifa::charmap::Charmap<'static>,
    glyphs: skrifa::metrics::GlyphMetrics<'static>,
    units_per_em: f32,
}

impl FaceMetrics {
    fn new(data: &'static [u8]) -> FaceMetrics {
        // The fonts are compiled in, so they always parse (chars::fonts tests it).
        let font = FontRef::new(data).expect("a bundled font parses");
        let units_per_em = f32::from(font.metrics(Size::unscaled(), LocationRef::default()).units_per_em);
        FaceMetrics {
            charmap: font.charmap(),
            glyphs: font.glyph_metrics(Size::unscaled(), LocationRef::default()),
            units_per_em,
        }
    }

    /// Width of a cluster (a character and its variation selectors) in font units per em.
    fn advance(&self, cluster: &str) -> f32 {
        let mut chars = cluster.chars();
        let Some(base) = chars.next() else { return 0.0 };
        let variant = chars.next().and_then(|vs| match self.charmap.map_variant(base, vs) {
            Some(skrifa::charmap::MapVariant::Variant(gid)) => Some(gid),
            _ => None,
        });
        self.width(variant.or_else(|| self.charmap.map(base)).unwrap_or_default())
    }

    fn width(&self, gid: skrifa::GlyphId) -> f32 {
        self.glyphs.advance_width(gid).unwrap_or(0.0) / self.units_per_em
    }
}

/// Advance widths, measured with the font that will draw each character.
pub struct Metrics {
    main: FaceMetrics,
    fallback: FaceMetrics,
    coverage: &'static Coverage,
}

impl Metrics {
    pub fn new() -> Metrics {
        Metrics {
            main: FaceMetrics::new(chars::fonts::MAIN_FONT),
            fallback: FaceMetrics::new(chars::fonts::FALLBACK_FONT),
            coverage: Coverage::get(),
        }
    }

    fn cluster_width(&self, cluster: &str, size: f32) -> f32 {
        if cluster.starts_with(chars::is_variation_selector) {
            return 0.0;
        }
        // A combining mark (dakuten U+3099, an accent U+0301) is drawn onto the character before
        // it, composed with it or placed over it by the shaper: it takes no room of its own.
        if is_mark(cluster) {
            return 0.0;
        }
        // Nearly every cluster is one character of the main font: one cmap lookup.
        let mut chars = cluster.chars();
        if let (Some(c), None) = (chars.next(), chars.next())
            && let Some(gid) = self.coverage.main_glyph(c)
        {
            return self.main.width(gid) * size;
        }
        let face = match self.coverage.face(cluster) {
            Some(Face::Fallback) => &self.fallback,
            _ => &self.main,
        };
        face.advance(cluster) * size
    }

    pub fn width(&self, s: &str, size: f32) -> f32 {
        let mut total = 0.0;
        let mut clusters = chars::clusters(s).peekable();
        while let Some((i, cluster)) = clusters.next() {
            // A character and the combining marks after it that compose into one character (か +
            // U+3099 → が) are shaped as that character, and are as wide as it.
            let mut end = i + cluster.len();
            while let Some(&(j, mark)) = clusters.peek().filter(|(_, m)| is_mark(m)) {
                end = j + mark.len();
                clusters.next();
            }
            let composed = (end > i + cluster.len()).then(|| s[i..end].nfc().collect::<String>());
            total += match composed.filter(|c| c.chars().count() == 1) {
                Some(one) => self.cluster_width(&one, size),
                None => self.cluster_width(cluster, size),
            };
        }
        total
    }

    /// The text as it is printed: a TAB as spaces, and each character neither font has as 〓,
    /// the 下駄記号 Japanese typesetting uses for a missing character (the checker names them,
    /// so this is never silent). A variation selector stays with its character.
    pub fn printable(&self, s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        for (_, cluster) in chars::clusters(s) {
            match cluster.chars().next() {
                Some('\n') => out.push('\n'),
                Some('\t') => out.push_str(TAB),
                // A selector with nothing before it selects nothing.
                Some(c) if chars::is_variation_selector(c) => {}
                _ if self.coverage.face(cluster).is_some() => out.push_str(cluster),
                _ => out.push('〓'),
            }
        }
        out
    }

    /// The runs of a printable line that one font draws: (font, byte range).
    pub fn runs(&self, s: &str) -> Vec<(Face, std::ops::Range<usize>)> {
        let mut out: Vec<(Face, std::ops::Range<usize>)> = Vec::new();
        for (i, cluster) in chars::clusters(s) {
            let face = self.coverage.face(cluster).unwrap_or(Face::Main);
            let end = i + cluster.len();
            match out.last_mut() {
                Some((f, r)) if *f == face => r.end = end,
                _ => out.push((face, i..end)),
            }
        }
        out
    }
}

impl Default for Metrics {
    fn default() -> Self {
        Metrics::new()
    }
}

/// Whether a cluster is a combining mark (canonical combining class not 0: a dakuten, an accent).
fn is_mark(cluster: &str) -> bool {
    cluster.chars().next().is_some_and(|c| unicode_normalization::char::canonical_combining_class(c) != 0)
}

/// Breaks `text` into lines no wider than `max` points at `size`; returns byte ranges of
/// `text`, one per line (without the line feed).
pub fn break_lines(m: &Metrics, text: &str, size: f32, max: f32) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut para_start = 0;
    for para in text.split('\n') {
        break_paragraph(m, para, para_start, size, max, &mut out);
        para_start += para.len() + 1;
    }
    out
}

fn break_paragraph(m: &Metrics, para: &str, offset: usize, size: f32, max: f32, out: &mut Vec<std::ops::Range<usize>>) {
    if para.is_empty() {
        out.push(offset..offset);
        return;
    }
    // Allowed break positions (byte offsets into `para` where a new line may start).
    let mut allowed: Vec<usize> =
        unicode_linebreak::linebreaks(para).map(|(i, _)| i).filter(|&i| i < para.len()).collect();
    allowed.retain(|&i| {
        let next = para[i..].chars().next();
        let prev = para[..i].chars().next_back();
        !next.is_some_and(|c| NO_START.contains(c)) && !prev.is_some_and(|c| NO_END.contains(c))
    });
    let mut start = 0;
    let mut width = 0.0;
    let mut last_allowed: Option<usize> = None;
    let chars: Vec<(usize, char)> = para.char_indices().collect();
    let mut k = 0;
    while k < chars.len() {
        let (i, c) = chars[k];
        if i > start && allowed.binary_search(&i).is_ok() {
            last_allowed = Some(i);
        }
        let w = if chars::is_variation_selector(c) {
            0.0
        } else {
            chars::clusters(&para[i..]).next().map_or(0.0, |(_, cl)| m.cluster_width(cl, size))
        };
        if width + w > max && i > start && !chars::is_variation_selector(c) {
            // Break at the last allowed place on this line, or (a run with none) right here.
            let cut = last_allowed.filter(|&b| b > start).unwrap_or(i);
            out.push(offset + start..offset + cut);
            start = cut;
            width = 0.0;
            last_allowed = None;
            k = chars.iter().position(|(j, _)| *j == cut).unwrap_or(k);
            continue;
        }
        width += w;
        k += 1;
    }
    out.push(offset + start..offset + para.len());
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str, max: f32) -> Vec<String> {
        let m = Metrics::new();
        break_lines(&m, text, 10.0, max).into_iter().map(|r| text[r].to_owned()).collect()
    }

    #[test]
    fn no_line_starts_with_closing_punctuation() {
        let text = "特定個人情報ファイルの取扱いにあたり、委託先に対しても同等の安全管理措置を求める。また、（委託先）「再委託先」についても同様とする。";
        for max in [40.0, 55.0, 73.0, 90.0, 120.0, 151.0] {
            let ls = lines(text, max);
            assert_eq!(ls.concat(), text, "no character lost at width {max}");
            for l in &ls[1..] {
                let first = l.chars().next().unwrap();
                assert!(!NO_START.contains(first), "line starts with {first} at width {max}: {ls:?}");
            }
            for l in &ls[..ls.len() - 1] {
                let last = l.chars().last().unwrap();
                assert!(!NO_END.contains(last), "line ends with {last} at width {max}: {ls:?}");
            }
        }
    }

    #[test]
    fn lines_fit_and_line_feeds_are_kept() {
        let m = Metrics::new();
        let text = "一行目\n\n三行目はとても長い文章で、幅を超えたところで折り返される。";
        let ranges = break_lines(&m, text, 10.0, 80.0);
        let ls: Vec<&str> = ranges.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(ls[0], "一行目");
        assert_eq!(ls[1], "");
        assert!(ls.iter().all(|l| m.width(l, 10.0) <= 80.0 + 0.01), "{ls:?}");
    }

    #[test]
    fn latin_words_are_not_split() {
        let ls = lines("ISMS認証及びプライバシーマークの取得状況を確認する", 60.0);
        assert!(ls.iter().all(|l| !l.ends_with("IS") && !l.starts_with("MS")), "{ls:?}");
    }

    #[test]
    fn a_variation_sequence_prints_as_the_variant_not_as_geta() {
        let m = Metrics::new();
        let t = "葛\u{E0100}飾区";
        assert_eq!(m.printable(t), t);
        assert_eq!(m.runs(t), [(Face::Main, 0..t.len())], "one run: the selector stays with 葛");
        assert!((m.width(t, 10.0) - 3.0 * m.width("区", 10.0)).abs() < 1.5, "the selector has no width of its own");
    }

    /// A combining mark takes no room: 「か」 and U+3099 are as wide as 「が」, so the run after
    /// them (a 外字 drawn with the other font) starts where the shaped text ends, with no gap.
    #[test]
    fn a_combining_mark_is_measured_as_part_of_its_base() {
        let m = Metrics::new();
        let close = |a: f32, b: f32| (a - b).abs() < 0.01;
        assert!(close(m.width("か\u{3099}", 10.0), m.width("が", 10.0)));
        assert!(close(m.width("e\u{301}e\u{301}", 10.0), m.width("ee", 10.0)));
        assert!(close(m.width("ｶ\u{3099}𠮷", 10.0), m.width("ｶ𠮷", 10.0)));
        assert!(m.width("\u{3099}", 10.0) == 0.0 && m.width("が", 10.0) > 5.0);
    }

    #[test]
    fn a_character_the_main_font_lacks_is_measured_and_drawn_with_the_fallback() {
        let m = Metrics::new();
        let t = "𠮷田さん";
        assert_eq!(m.printable(t), t);
        assert_eq!(m.runs(t), [(Face::Fallback, 0..4), (Face::Main, 4..t.len())]);
        assert!(m.width("𠮷", 10.0) > 9.0, "an ideograph is about 1 em wide: {}", m.width("𠮷", 10.0));
    }

    #[test]
    fn only_what_no_font_has_prints_as_geta_and_a_tab_as_spaces() {
        let m = Metrics::new();
        assert_eq!(m.printable("外字\u{E000}と\u{3FFFD}\u{7}"), "外字〓と〓〓");
        assert_eq!(m.printable("氏名\t住所"), "氏名    住所");
        assert_eq!(m.printable("\u{E0100}葛"), "葛", "a selector with nothing before it selects nothing");
    }

    #[test]
    fn a_line_never_breaks_between_a_character_and_its_selector() {
        let m = Metrics::new();
        let text = "葛\u{E0100}".repeat(40);
        for max in [9.5, 30.0, 47.0, 101.0] {
            let ls: Vec<&str> = break_lines(&m, &text, 10.0, max).into_iter().map(|r| &text[r]).collect();
            assert_eq!(ls.concat(), text);
            assert!(ls.iter().all(|l| !l.starts_with(chars::is_variation_selector)), "width {max}: {ls:?}");
        }
    }
}
