//! The value of one item, and passages withheld (非公開) from the published edition.

use std::ops::Range;

/// The value of an item. Which variant an item takes is fixed by its schema kind.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// Text or LongText.
    Text(Text),
    /// The official wording of the chosen option.
    Choice(String),
    /// The picked options in list order, with the detail text of 「その他（　）」-style options.
    Multi(Vec<Pick>),
    /// One date (several where the schema allows), each with its note (「（予定）」).
    Date(super::date::Dates),
    Count(u64),
    Flag(bool),
    /// A PNG or JPEG picture (shared: a document clone does not copy the bytes).
    Image(std::sync::Arc<[u8]>),
}

/// The picture formats an Image item takes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageFormat {
    Png,
    Jpeg,
}

impl ImageFormat {
    /// The format of picture bytes, by their signature.
    pub fn of(bytes: &[u8]) -> Option<ImageFormat> {
        if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(ImageFormat::Png)
        } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(ImageFormat::Jpeg)
        } else {
            None
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            ImageFormat::Png => "PNG",
            ImageFormat::Jpeg => "JPEG",
        }
    }
}

/// How a picture is named in text (comparison, PDF, search): its format, size and the start of
/// its SHA-256, so two different pictures never read the same.
pub fn image_summary(bytes: &[u8]) -> String {
    use sha2::Digest as _;
    let format = ImageFormat::of(bytes).map_or("画像", ImageFormat::label);
    let digest = sha2::Sha256::digest(bytes);
    let short: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
    format!("{format}画像 {}KB（SHA-256 {short}…）", bytes.len().div_ceil(1024))
}

/// Whether `bytes` are a whole, readable PNG or JPEG picture, decoded in full (with the
/// `image` crate eframe already carries): a truncated or damaged picture is refused where it
/// comes in (import, 画像を添付), since no PDF could be made with it later. The decoder's
/// memory is bounded, so a picture claiming a huge size is refused too.
pub fn check_picture(bytes: &[u8]) -> Result<ImageFormat, BrokenPicture> {
    let format = ImageFormat::of(bytes).ok_or(BrokenPicture)?;
    let mut reader = image::ImageReader::with_format(
        std::io::Cursor::new(bytes),
        match format {
            ImageFormat::Png => image::ImageFormat::Png,
            ImageFormat::Jpeg => image::ImageFormat::Jpeg,
        },
    );
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(20_000);
    limits.max_image_height = Some(20_000);
    limits.max_alloc = Some(512 * 1024 * 1024);
    reader.limits(limits);
    reader.decode().map(|_| format).map_err(|_| BrokenPicture)
}

/// A picture as it goes into an output (PDF, workbook): its pixels only, as a plain PNG at most
/// 2000 px wide. Whatever else its file carries (PNG text chunks, EXIF, a JPEG comment: the
/// author's name, a server room's address) could be anything, and is never published with it.
/// `None` for a picture that cannot be decoded (it is then left out).
pub fn plain_picture(bytes: &[u8]) -> Option<Vec<u8>> {
    check_picture(bytes).ok()?;
    let picture = image::load_from_memory(bytes).ok()?;
    let picture = match picture.width() > 2000 {
        true => picture.resize(2000, u32::MAX, image::imageops::FilterType::Triangle),
        false => picture,
    };
    let mut out = std::io::Cursor::new(Vec::new());
    picture.write_to(&mut out, image::ImageFormat::Png).ok()?;
    Some(out.into_inner())
}

/// A picture that is not a whole PNG or JPEG (truncated, damaged, or of another kind).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BrokenPicture;

/// The largest picture kept in an assessment file (a scanned A3 diagram is well under this).
pub const MAX_IMAGE_BYTES: usize = 20 * 1024 * 1024;

/// One picked option of a multiple choice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pick {
    pub option: String,
    /// Text for an option that takes one; empty otherwise.
    pub detail: String,
}

impl Pick {
    pub fn plain(option: &str) -> Pick {
        Pick { option: option.to_owned(), detail: String::new() }
    }
}

/// The wording the 記載要領 uses where a passage is withheld from the published edition.
pub const WITHHELD: &str = "（非公開）";

/// A stored value and whether the whole item is withheld from the published edition.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    pub value: Value,
    pub withheld: bool,
}

impl Value {
    /// One date without a note.
    pub fn date(d: jiff::civil::Date) -> Value {
        Value::Date(super::date::Dates::on(d))
    }
}

impl Entry {
    pub fn new(value: Value) -> Entry {
        Entry { value, withheld: false }
    }

    pub fn text(s: &str) -> Entry {
        Entry::new(Value::Text(Text::plain(s)))
    }

    pub fn choice(s: &str) -> Entry {
        Entry::new(Value::Choice(s.to_owned()))
    }
}

/// Free text with withheld passages.
///
/// Withheld ranges are byte ranges into `text`, sorted, disjoint, non-empty and on character
/// boundaries; constructors keep that invariant.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Text {
    text: String,
    withheld: Vec<Range<usize>>,
}

/// A run of text that is either public or withheld.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment<'a> {
    pub text: &'a str,
    pub withheld: bool,
}

impl Text {
    /// Plain text; Windows line ends become `\n` so a copied file never changes meaning.
    pub fn plain(s: &str) -> Text {
        Text { text: normalize_newlines(s), withheld: Vec::new() }
    }

    /// Builds a text from alternating segments (as written in RON).
    pub fn from_segments<'a>(segments: impl IntoIterator<Item = (&'a str, bool)>) -> Text {
        let mut t = Text::default();
        for (s, withheld) in segments {
            let start = t.text.len();
            t.text.push_str(&normalize_newlines(s));
            if withheld && !s.is_empty() {
                t.withhold(start..t.text.len());
            }
        }
        t
    }

    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn withheld(&self) -> &[Range<usize>] {
        &self.withheld
    }

    /// Number of characters (what the length limits of the 様式 count).
    pub fn chars(&self) -> usize {
        self.text.chars().count()
    }

    /// Marks a byte range as withheld, merging with neighbouring marks. Ranges that are empty
    /// or not on character boundaries are clamped to the nearest boundaries inside the text.
    pub fn withhold(&mut self, range: Range<usize>) {
        let start = floor_boundary(&self.text, range.start);
        let end = floor_boundary(&self.text, range.end.min(self.text.len()));
        if start >= end {
            return;
        }
        let mut merged = start..end;
        self.withheld.retain(|r| {
            let touches = r.start <= merged.end && merged.start <= r.end;
            if touches {
                merged = merged.start.min(r.start)..merged.end.max(r.end);
            }
            !touches
        });
        let at = self.withheld.partition_point(|r| r.start < merged.start);
        self.withheld.insert(at, merged);
    }

    /// Removes any withheld mark overlapping the byte range.
    pub fn release(&mut self, range: Range<usize>) {
        let mut out = Vec::new();
        for r in self.withheld.drain(..) {
            if r.end <= range.start || range.end <= r.start {
                out.push(r);
                continue;
            }
            if r.start < range.start {
                out.push(r.start..range.start);
            }
            if range.end < r.end {
                out.push(range.end..r.end);
            }
        }
        self.withheld = out;
    }

    /// The same text after an edit to `new`: withheld passages before and after the edited part
    /// keep their place; a passage the edit cuts into shrinks or grows with it.
    pub fn edited(&self, new: &str) -> Text {
        let new = normalize_newlines(new);
        let old = self.text.as_str();
        let prefix = common_prefix(old, &new);
        let suffix = common_prefix_rev(&old[prefix..], &new[prefix..]);
        let (old_end, new_end) = (old.len() - suffix, new.len() - suffix);
        let map = |i: usize, is_end: bool| -> usize {
            if i < prefix || (i == prefix && !is_end) {
                i
            } else if i >= old_end {
                i - old_end + new_end
            } else if is_end {
                new_end
            } else {
                prefix
            }
        };
        let mut out = Text { text: new.clone(), withheld: Vec::new() };
        for r in &self.withheld {
            out.withhold(map(r.start, false)..map(r.end, true));
        }
        out
    }

    /// The text cut into public and withheld runs, in order.
    pub fn segments(&self) -> Vec<Segment<'_>> {
        let mut out = Vec::new();
        let mut at = 0;
        for r in &self.withheld {
            if at < r.start {
                out.push(Segment { text: &self.text[at..r.start], withheld: false });
            }
            out.push(Segment { text: &self.text[r.clone()], withheld: true });
            at = r.end;
        }
        if at < self.text.len() || out.is_empty() {
            out.push(Segment { text: &self.text[at..], withheld: false });
        }
        out
    }
}

/// Length in bytes of the common prefix, on a character boundary.
fn common_prefix(a: &str, b: &str) -> usize {
    a.char_indices().zip(b.chars()).find(|((_, x), y)| x != y).map_or(a.len().min(b.len()), |((i, _), _)| i)
}

/// Length in bytes of the common suffix, on a character boundary.
fn common_prefix_rev(a: &str, b: &str) -> usize {
    let mut n = 0;
    for (x, y) in a.chars().rev().zip(b.chars().rev()) {
        if x != y {
            break;
        }
        n += x.len_utf8();
    }
    n
}

/// `s` with line ends as an assessment keeps them: `\r\n` and a lone `\r` are `\n`.
pub(crate) fn normalize_newlines(s: &str) -> String {
    if s.contains('\r') { s.replace("\r\n", "\n").replace('\r', "\n") } else { s.to_owned() }
}

fn floor_boundary(s: &str, mut i: usize) -> usize {
    i = i.min(s.len());
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn withheld_passages_merge_and_split() {
        let mut t = Text::plain("保管期間は5年とし、サーバ室に保管する。");
        let five = t.as_str().find("5年").unwrap();
        t.withhold(five..five + "5年".len());
        let room = t.as_str().find("サーバ室").unwrap();
        t.withhold(room..room + "サーバ室".len());
        let segs: Vec<_> = t.segments().iter().filter(|s| s.withheld).map(|s| s.text).collect();
        assert_eq!(segs, ["5年", "サーバ室"]);
        t.withhold(five..room + 3);
        assert_eq!(t.withheld().len(), 1);
        t.release(five..five + 1);
        assert_eq!(t.withheld()[0].start, five + 1);
    }

    #[test]
    fn withheld_passages_follow_edits_around_them() {
        let mut t = Text::plain("期間は5年とする。");
        let at = t.as_str().find("5年").unwrap();
        t.withhold(at..at + "5年".len());
        let before = t.edited("保管期間は5年とする。");
        assert_eq!(withheld_texts(&before), ["5年"]);
        let after = before.edited("保管期間は5年とする。なお延長しない。");
        assert_eq!(withheld_texts(&after), ["5年"]);
        let inside = after.edited("保管期間は10年とする。なお延長しない。");
        assert_eq!(withheld_texts(&inside), ["10年"]);
        assert!(inside.edited("").withheld().is_empty());
    }

    fn withheld_texts(t: &Text) -> Vec<&str> {
        t.segments().into_iter().filter(|s| s.withheld).map(|s| s.text).collect()
    }

    #[test]
    fn ranges_inside_a_character_are_clamped_to_boundaries() {
        let mut t = Text::plain("非公開");
        t.withhold(1..5);
        assert_eq!(t.withheld().len(), 1);
        assert_eq!(t.withheld()[0], 0..3);
        assert!(t.segments().iter().all(|s| t.as_str().contains(s.text)));
    }
}
