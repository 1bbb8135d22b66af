//! The withheld marks of an .xlsx (issue 16): which runs of which cells are in the full
//! edition's orange ([`crate::xlsx::WITHHELD_COLOUR`], bold or not), and whether a page header or
//! footer says the workbook is the full edition.
//!
//! Read from the package's parts with quick-xml and zip, the XML and zip readers calamine itself
//! uses. calamine reads the values but flattens rich text into one string; umya-spreadsheet was
//! tried and, on a tester's workbooks, kept only the last run of an inline string, placed cells
//! without an `r` attribute wrongly and resolved neither theme nor indexed colours, so that
//! withheld passages came out public. What is read here is only what a mark needs: the fonts of
//! cell formats, the runs of shared and inline strings, and where each cell is — by the same
//! rules calamine places values by, so that a mark lands on the value it was read with.
//!
//! A colour is the withheld colour when it is that RGB (any alpha), a theme colour whose scheme
//! gives that RGB, or an indexed colour the workbook's own palette gives that RGB; a tint other
//! than 0 makes another shade. A run without its own font takes its cell's.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};
use std::collections::HashMap;
use std::io::Read;

/// A cell's runs: their text (as calamine reads it) and whether it is withheld.
pub type Runs = Vec<(String, bool)>;

/// A string's runs as read, before its cell is known: withheld, or `None` for a run with no
/// font of its own (it takes its cell's).
type StringRuns = Vec<(String, Option<bool>)>;

/// What a workbook's formats say of its withheld passages.
#[derive(Debug, Default)]
pub struct Marks {
    /// The cells with a withheld run, by sheet name, row and column (from 0).
    pub cells: HashMap<(String, u32, u32), Runs>,
    /// A sheet's page header or footer says 「非公開情報を含む（第三者点検用）」.
    pub full_edition: bool,
}

/// The largest part read ([`super::MAX_PART_MB`]): a package whose part inflates beyond it is not
/// read for marks.
const MAX_PART: u64 = super::MAX_PART_MB * 1024 * 1024;

/// The marks of the .xlsx `bytes`; `None` when its parts cannot be read (not a package, a
/// workbook part missing, XML that does not parse).
pub fn read(bytes: &[u8]) -> Option<Marks> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let workbook = part(&mut zip, "xl/workbook.xml")?;
    let rels = relationships(&part(&mut zip, "xl/_rels/workbook.xml.rels")?)?;
    let theme = match rels.iter().find(|(_, kind, _)| kind.ends_with("/theme")) {
        Some((_, _, target)) => theme_colours(&part(&mut zip, &target_path(target))?)?,
        None => Vec::new(),
    };
    let fonts = match rels.iter().find(|(_, kind, _)| kind.ends_with("/styles")) {
        Some((_, _, target)) => formats(&part(&mut zip, &target_path(target))?, &theme)?,
        None => Fonts::default(),
    };
    let strings = match rels.iter().find(|(_, kind, _)| kind.ends_with("/sharedStrings")) {
        Some((_, _, target)) => shared_strings(&part(&mut zip, &target_path(target))?, &fonts.colours)?,
        None => Vec::new(),
    };
    let mut marks = Marks::default();
    for (name, id) in sheets(&workbook)? {
        let Some((_, _, target)) = rels.iter().find(|(i, _, _)| *i == id) else { continue };
        let xml = part(&mut zip, &target_path(target))?;
        sheet(&xml, &name, &fonts, &strings, &mut marks)?;
    }
    Some(marks)
}

/// What a Word document's XML says before docx-rs reads it: how deep its tables nest (1 for a
/// table in the body, 0 for none; counted over the XML's events, never recursively), and
/// whether its body (text boxes included, which docx-rs leaves out), page headers or footers say
/// 「非公開情報を含む（第三者点検用）」.
pub struct WordFacts {
    pub table_depth: usize,
    pub full_edition: bool,
}

/// The [`WordFacts`] of the .docx `bytes`, each part read once; `None` when its body cannot be
/// read.
pub fn word_facts(bytes: &[u8]) -> Option<WordFacts> {
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes)).ok()?;
    let body = part(&mut zip, "word/document.xml")?;
    let (mut depth, mut table_depth) = (0usize, 0usize);
    let mut said = String::new();
    walk(&body, |step| {
        match &step {
            Step::Open(e) if e.local_name().into_inner() == "tbl" => {
                depth += 1;
                table_depth = table_depth.max(depth);
            }
            Step::Close(name) if name == "tbl" => depth = depth.saturating_sub(1),
            Step::Text(t) => said.push_str(t),
            _ => {}
        }
        true
    })?;
    let margins: Vec<String> = zip
        .file_names()
        .flatten()
        .filter(|n| n.starts_with("word/header") || n.starts_with("word/footer"))
        .map(|n| n.into_owned())
        .collect();
    let mut full_edition = super::says_full_edition(&said);
    for name in margins {
        let Some(xml) = part(&mut zip, &name) else { continue };
        let mut said = String::new();
        let read = walk(&xml, |step| {
            if let Step::Text(t) = step {
                said.push_str(&t);
            }
            true
        });
        full_edition |= read.is_some() && super::says_full_edition(&said);
    }
    Some(WordFacts { table_depth, full_edition })
}

/// Reads the package's part `name`, bounded by [`MAX_PART`].
fn part(zip: &mut zip::ZipArchive<std::io::Cursor<&[u8]>>, name: &str) -> Option<String> {
    let entry = zip.by_name(name).ok()?;
    let mut text = String::new();
    entry.take(MAX_PART).read_to_string(&mut text).ok()?;
    Some(text)
}

/// A relationship's target as a part name: 「worksheets/sheet1.xml」 or 「/xl/worksheets/sheet1.xml」
/// to 「xl/worksheets/sheet1.xml」.
fn target_path(target: &str) -> String {
    match target.strip_prefix('/') {
        Some(absolute) => absolute.to_owned(),
        None => format!("xl/{}", target.trim_start_matches("./")),
    }
}

/// An attribute of `e` by its local name, unescaped.
fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .flatten()
        .find(|a| a.key.local_name().into_inner() == name)
        .and_then(|a| a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok().map(|v| v.into_owned()))
}

/// The elements of `xml` opened and closed (an empty one opens and closes, as calamine reads
/// it), with their text: `f` gets each step and returns `false` to stop. `None` when the XML
/// does not parse.
fn walk(xml: &str, mut f: impl FnMut(Step<'_>) -> bool) -> Option<()> {
    let mut reader = Reader::from_str(xml);
    reader.config_mut().expand_empty_elements = true;
    loop {
        let step = match reader.read_event().ok()? {
            Event::Start(e) => Step::Open(e),
            Event::End(e) => Step::Close(e.local_name().into_inner().to_owned()),
            Event::Text(t) => Step::Text(t.xml10_content().into_owned()),
            Event::CData(t) => Step::Text(t.xml10_content().into_owned()),
            Event::GeneralRef(r) => {
                let text = match r.resolve_char_ref().ok()? {
                    Some(c) => c.to_string(),
                    None => quick_xml::escape::resolve_predefined_entity(&r)?.to_owned(),
                };
                Step::Text(text)
            }
            Event::Eof => return Some(()),
            _ => continue,
        };
        if !f(step) {
            return Some(());
        }
    }
}

/// One step of [`walk`]: an element opened, closed (its local name), or text.
enum Step<'a> {
    Open(BytesStart<'a>),
    Close(String),
    Text(String),
}

impl Step<'_> {
    fn opens(&self, name: &str) -> Option<&BytesStart<'_>> {
        match self {
            Step::Open(e) if e.local_name().into_inner() == name => Some(e),
            _ => None,
        }
    }

    fn closes(&self, name: &str) -> bool {
        matches!(self, Step::Close(n) if n == name)
    }
}

/// The workbook's relationships: (id, type, target).
fn relationships(xml: &str) -> Option<Vec<(String, String, String)>> {
    let mut out = Vec::new();
    walk(xml, |step| {
        if let Some(e) = step.opens("Relationship") {
            let get = |n| attr(e, n).unwrap_or_default();
            out.push((get("Id"), get("Type"), get("Target")));
        }
        true
    })?;
    Some(out)
}

/// The sheets in the workbook's order: (name, relationship id).
fn sheets(xml: &str) -> Option<Vec<(String, String)>> {
    let mut out = Vec::new();
    walk(xml, |step| {
        if let Some(e) = step.opens("sheet") {
            out.push((attr(e, "name").unwrap_or_default(), attr(e, "id").unwrap_or_default()));
        }
        true
    })?;
    Some(out)
}

/// The theme's colour scheme as the indices SpreadsheetML uses (0 light 1, 1 dark 1, 2 light 2,
/// 3 dark 2, then accents 1–6 and the two hyperlink colours): RGB.
fn theme_colours(xml: &str) -> Option<Vec<u32>> {
    const ORDER: [&str; 12] = [
        "dk1", "lt1", "dk2", "lt2", "accent1", "accent2", "accent3", "accent4", "accent5", "accent6", "hlink",
        "folHlink",
    ];
    let mut scheme: HashMap<&str, u32> = HashMap::new();
    let mut current: Option<&str> = None;
    let mut inside = false;
    walk(xml, |step| {
        if step.opens("clrScheme").is_some() {
            inside = true;
        } else if step.closes("clrScheme") {
            return false;
        } else if inside {
            match &step {
                Step::Open(e) => {
                    let local = e.local_name().into_inner();
                    if let Some(slot) = ORDER.iter().find(|o| **o == local) {
                        current = Some(slot);
                    } else if let Some(slot) = current {
                        let value = attr(e, "val").filter(|_| local == "srgbClr").or_else(|| attr(e, "lastClr"));
                        if let Some(rgb) = value.and_then(|v| u32::from_str_radix(&v, 16).ok()) {
                            scheme.entry(slot).or_insert(rgb & 0xFF_FFFF);
                        }
                    }
                }
                Step::Close(_) | Step::Text(_) => {}
            }
        }
        true
    })?;
    let at = |name: &str| scheme.get(name).copied().unwrap_or(u32::MAX);
    let mut out: Vec<u32> = ORDER.iter().map(|n| at(n)).collect();
    out.swap(0, 1);
    out.swap(2, 3);
    Some(out)
}

/// What the styles part says of colours: whether each font, and each cell format (by its
/// font), is in the withheld colour; and how the workbook's colours resolve.
#[derive(Default)]
struct Fonts {
    /// Cell formats (cellXfs) in order: withheld.
    formats: Vec<bool>,
    colours: Colours,
}

/// How a `<color>` resolves: the theme's scheme and the workbook's own indexed palette.
#[derive(Default, Clone)]
struct Colours {
    theme: Vec<u32>,
    indexed: Vec<u32>,
}

impl Colours {
    /// Whether the `<color>` element `e` is the withheld colour.
    fn withheld(&self, e: &BytesStart<'_>) -> bool {
        if attr(e, "tint").and_then(|t| t.parse::<f64>().ok()).is_some_and(|t| t != 0.0) {
            return false;
        }
        let number = |n: &str| attr(e, n).and_then(|v| v.parse::<usize>().ok());
        let rgb = attr(e, "rgb")
            .and_then(|v| u32::from_str_radix(&v, 16).ok())
            .or_else(|| number("theme").and_then(|i| self.theme.get(i).copied()))
            .or_else(|| number("indexed").and_then(|i| self.indexed.get(i).copied()));
        rgb.is_some_and(|rgb| rgb & 0xFF_FFFF == crate::xlsx::WITHHELD_COLOUR)
    }
}

/// The styles part: the workbook's indexed palette, its fonts' colours and its cell formats.
fn formats(xml: &str, theme: &[u32]) -> Option<Fonts> {
    // The palette comes after the fonts in the part: read it first.
    let mut indexed = Vec::new();
    walk(xml, |step| {
        if let Some(e) = step.opens("rgbColor") {
            indexed.push(attr(e, "rgb").and_then(|v| u32::from_str_radix(&v, 16).ok()).unwrap_or(u32::MAX));
        }
        true
    })?;
    let colours = Colours { theme: theme.to_vec(), indexed };
    let (mut fonts, mut formats) = (Vec::new(), Vec::new());
    let mut section = "";
    let mut in_font = false;
    walk(xml, |step| {
        match &step {
            Step::Open(e) => match e.local_name().into_inner() {
                "fonts" => section = "fonts",
                "cellXfs" => section = "cellXfs",
                "cellStyleXfs" | "dxfs" => section = "",
                "font" if section == "fonts" => {
                    fonts.push(false);
                    in_font = true;
                }
                "color" if in_font => {
                    if let Some(last) = fonts.last_mut() {
                        *last = colours.withheld(e);
                    }
                }
                "xf" if section == "cellXfs" => {
                    let font = attr(e, "fontId").and_then(|v| v.parse::<usize>().ok()).unwrap_or(0);
                    formats.push(fonts.get(font).copied().unwrap_or(false));
                }
                _ => {}
            },
            Step::Close(name) => match name.as_str() {
                "font" => in_font = false,
                "fonts" | "cellXfs" => section = "",
                _ => {}
            },
            Step::Text(_) => {}
        }
        true
    })?;
    Some(Fonts { formats, colours })
}

/// Reads one rich or plain string (an `<si>` or an `<is>`) from `steps` up to `closing`:
/// its runs, each withheld by its own font's colour, or `None` for a run with no font of its
/// own (it takes its cell's). A `<t>`'s text is taken as calamine takes it: kept as it is with
/// `xml:space="preserve"`, else without blanks at its ends; `_xHHHH_` escapes undone; phonetic
/// runs (`<rPh>`) left out.
struct StringReader {
    runs: StringRuns,
    run_colour: Option<bool>,
    in_run: bool,
    in_rpr: bool,
    in_phonetic: bool,
    text: Option<(String, bool)>,
}

impl StringReader {
    fn new() -> StringReader {
        StringReader {
            runs: Vec::new(),
            run_colour: None,
            in_run: false,
            in_rpr: false,
            in_phonetic: false,
            text: None,
        }
    }

    /// Takes one step; `true` once `closing` has closed.
    fn step(&mut self, step: &Step<'_>, closing: &str, colours: &Colours) -> bool {
        match step {
            Step::Open(e) => match e.local_name().into_inner() {
                "r" => {
                    self.in_run = true;
                    self.run_colour = None;
                }
                "rPr" if self.in_run => {
                    self.in_rpr = true;
                    self.run_colour = Some(false);
                }
                "color" if self.in_rpr => self.run_colour = Some(colours.withheld(e)),
                "rPh" => self.in_phonetic = true,
                "t" if !self.in_phonetic => {
                    let preserve = attr(e, "space").is_some_and(|v| v == "preserve");
                    self.text = Some((String::new(), preserve));
                }
                _ => {}
            },
            Step::Text(t) => {
                if let Some((text, _)) = &mut self.text {
                    text.push_str(t);
                }
            }
            Step::Close(name) => match name.as_str() {
                "t" => {
                    if let Some((text, preserve)) = self.text.take() {
                        let text = if preserve { text } else { text.trim_matches([' ', '\t', '\r', '\n']).to_owned() };
                        self.push(unescape(&text));
                    }
                }
                "rPr" => self.in_rpr = false,
                "r" => self.in_run = false,
                "rPh" => self.in_phonetic = false,
                n if n == closing => return true,
                _ => {}
            },
        }
        false
    }

    fn push(&mut self, text: String) {
        let colour = if self.in_run { self.run_colour } else { None };
        self.runs.push((text, colour));
    }
}

/// Excel's `_xHHHH_` escapes of UTF-16 code units undone (`_x000D_` a carriage return,
/// `_xD83D__xDCF7_` one character, `_x005F_` an underscore), as calamine undoes them: a
/// surrogate without its pair becomes U+FFFD.
fn unescape(s: &str) -> String {
    let unit = |at: &str| -> Option<u16> {
        let b = at.as_bytes();
        (b.len() >= 7 && b[0] == b'_' && b[1] == b'x' && b[6] == b'_')
            .then(|| u16::from_str_radix(&at[2..6], 16).ok())
            .flatten()
    };
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('_') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let Some(u) = unit(tail) else {
            out.push('_');
            rest = &tail[1..];
            continue;
        };
        rest = &tail[7..];
        let c = match u {
            0xD800..=0xDBFF => match unit(rest) {
                Some(low @ 0xDC00..=0xDFFF) => {
                    rest = &rest[7..];
                    char::from_u32(0x10000 + ((u32::from(u) - 0xD800) << 10) + (u32::from(low) - 0xDC00))
                }
                _ => None,
            },
            _ => char::from_u32(u32::from(u)),
        };
        out.push(c.unwrap_or(char::REPLACEMENT_CHARACTER));
    }
    out.push_str(rest);
    out
}

/// The shared strings, each as its runs (withheld, or `None` for its cell's font).
fn shared_strings(xml: &str, colours: &Colours) -> Option<Vec<StringRuns>> {
    let mut out = Vec::new();
    let mut reader: Option<StringReader> = None;
    walk(xml, |step| {
        if let Some(r) = &mut reader {
            if r.step(&step, "si", colours) {
                out.push(reader.take().expect("reading").runs);
            }
        } else if step.opens("si").is_some() {
            reader = Some(StringReader::new());
        }
        true
    })?;
    Some(out)
}

/// A cell reference's (row, column) from 0: 「AB12」 is (11, 27).
fn position(reference: &str) -> Option<(u32, u32)> {
    let letters = reference.bytes().take_while(u8::is_ascii_alphabetic).count();
    let (col, row) = reference.split_at(letters);
    let col = col
        .bytes()
        .try_fold(0u32, |n, b| n.checked_mul(26)?.checked_add((b.to_ascii_uppercase() - b'A' + 1) as u32))?;
    let row: u32 = row.parse().ok()?;
    Some((row.checked_sub(1)?, col.checked_sub(1)?))
}

/// One sheet's cells with a withheld run, and whether its header or footer says the workbook is
/// the full edition. Cells are placed as calamine places them: by their `r`, else after the cell
/// before in their row; rows by their `r`, else after the row before.
fn sheet(xml: &str, name: &str, fonts: &Fonts, strings: &[StringRuns], marks: &mut Marks) -> Option<()> {
    let (mut row, mut col) = (0u32, 0u32);
    let mut cell: Option<((u32, u32), bool, String)> = None;
    let mut value: Option<String> = None;
    let mut in_value = false;
    let mut inline: Option<StringReader> = None;
    let mut runs: Option<StringRuns> = None;
    let mut header: Option<String> = None;
    let mut ok = true;
    walk(xml, |step| {
        if let Some(r) = &mut inline {
            if r.step(&step, "is", &fonts.colours) {
                runs = inline.take().map(|r| r.runs);
            }
            return true;
        }
        match &step {
            Step::Open(e) => match e.local_name().into_inner() {
                "row" => {
                    if let Some(r) = attr(e, "r") {
                        match r.parse::<u32>().ok().and_then(|r| r.checked_sub(1)) {
                            Some(r) => row = r,
                            None => ok = false,
                        }
                    }
                    col = 0;
                }
                "c" => {
                    let at = match attr(e, "r") {
                        Some(r) => match position(&r) {
                            Some(p) => p,
                            None => {
                                ok = false;
                                return false;
                            }
                        },
                        None => (row, col),
                    };
                    col = at.1 + 1;
                    let format = attr(e, "s").and_then(|s| s.parse::<usize>().ok()).unwrap_or(0);
                    let whole = fonts.formats.get(format).copied().unwrap_or(false);
                    let kind = attr(e, "t").unwrap_or_default();
                    (value, runs) = (None, None);
                    cell = Some((at, whole, kind));
                }
                "v" if cell.is_some() => {
                    value = Some(String::new());
                    in_value = true;
                }
                "is" if cell.is_some() => inline = Some(StringReader::new()),
                "oddHeader" | "oddFooter" | "evenHeader" | "evenFooter" | "firstHeader" | "firstFooter" => {
                    header = Some(String::new())
                }
                _ => {}
            },
            Step::Text(t) => {
                if let Some(v) = value.as_mut().filter(|_| in_value) {
                    v.push_str(t);
                } else if let Some(h) = &mut header {
                    h.push_str(t);
                }
            }
            Step::Close(n) => match n.as_str() {
                "row" => {
                    row += 1;
                    col = 0;
                }
                "v" => {
                    in_value = false;
                    if let Some((_, _, kind)) = &cell
                        && kind == "s"
                    {
                        let index = value.as_deref().and_then(|v| v.trim().parse::<usize>().ok());
                        runs = index.and_then(|i| strings.get(i)).cloned();
                    }
                }
                "c" => {
                    if let Some(((r, c), whole, _)) = cell.take() {
                        let runs: Runs = match runs.take() {
                            Some(runs) => runs.into_iter().map(|(t, w)| (t, w.unwrap_or(whole))).collect(),
                            None => vec![(value.take().unwrap_or_default(), whole)],
                        };
                        if runs.iter().any(|(t, w)| *w && !t.trim().is_empty()) {
                            marks.cells.insert((name.to_owned(), r, c), runs);
                        }
                    }
                    value = None;
                }
                "oddHeader" | "oddFooter" | "evenHeader" | "evenFooter" | "firstHeader" | "firstFooter" => {
                    if let Some(h) = header.take()
                        && super::says_full_edition(&h)
                    {
                        marks.full_edition = true;
                    }
                }
                _ => {}
            },
        }
        true
    })?;
    ok.then_some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_and_references_read_as_calamine_reads_them() {
        assert_eq!(unescape("a_x000D_b_x005F_x000D_c_xZZ_"), "a\rb_x000D_c_xZZ_");
        assert_eq!(unescape("_xD83D__xDCF7_ _xD83D_x __x0041_"), "\u{1F4F7} \u{FFFD}x _A");
        assert_eq!(position("A1"), Some((0, 0)));
        assert_eq!(position("AB12"), Some((11, 27)));
        assert_eq!(position("XFD1048576"), Some((1_048_575, 16_383)));
        assert_eq!(position("$G$75"), None);
        assert_eq!(position("12"), None);
    }
}
