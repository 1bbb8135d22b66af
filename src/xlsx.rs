//! The assessment as an Excel workbook in the 様式's layout (issue 16): what colleagues, the
//! secretariat and the PPC exchange. It walks the same content as the PDF ([`crate::content`]),
//! so the two never disagree, and writes it with rust_xlsxwriter.
//!
//! One sheet 「評価書」 on a grid of twelve equal columns: the stamp 「[平成30年5月 様式4]」 and the
//! title, then each section from a new printed page; a section or file as a heading across the
//! sheet, a group or block as a band, an item as its label (three columns, merged) beside its
//! answer (nine, merged), bordered; a table (別添2, 別添3, the 手順) with its columns spread over
//! the twelve. Excel does not fit the height of a merged cell to its text, so every row's height
//! is computed here by breaking the text the way the PDF does; an answer taller than a row can
//! be (409 pt) continues in the next row, labelled 「（続き）」. Printed on A4 portrait, one page
//! wide, with the 評価書名 and the edition in the header and the page number in the footer.
//!
//! The full edition shows withheld passages in bold orange (a note at the top says so); the
//! 公表 edition is drawn from the redacted copy, so no withheld character is anywhere in the
//! package (cells, header, document properties).

use crate::chars::measure::{Metrics, break_lines};
use crate::content::{Builder, Edition, FULL_EDITION_MARK, Item, Mark, Run};
use crate::doc::Assessment;
use rust_xlsxwriter::{Color, DocProperties, Format, FormatAlign, FormatBorder, Image, Workbook, Worksheet};

/// A failure of the workbook writer (it only fails on limits this module keeps to, so this is
/// a fault of ours, reported rather than unwrapped).
#[derive(Debug, thiserror::Error)]
#[error("the workbook could not be written: {0}")]
pub struct XlsxError(String);

impl From<rust_xlsxwriter::XlsxError> for XlsxError {
    fn from(e: rust_xlsxwriter::XlsxError) -> Self {
        XlsxError(e.to_string())
    }
}

/// The font of every cell: the same family as the bundled font, which Windows 10 and later
/// have; another program substitutes its own Gothic.
pub const FONT: &str = "BIZ UDPゴシック";
const SIZE: f32 = 9.0;
/// Line height of wrapped text at [`SIZE`], in points (Excel's own for a 9 pt Japanese font,
/// with room for LibreOffice's slightly taller lines).
const LINE: f64 = 13.0;
/// The tallest row Excel allows is 409 pt; rows are kept below it.
const MAX_ROW: f64 = 400.0;
const COLUMNS: u16 = 12;
/// Width of each column in Excel's units (characters of the default font).
const COLUMN_WIDTH: f64 = 7.5;
const LABEL_COLUMNS: u16 = 3;

/// A column's width in points: Excel draws `width` characters of 7 px plus 5 px of padding, at
/// 96 px to the inch.
fn column_points(columns: u16) -> f32 {
    (f64::from(columns) * (COLUMN_WIDTH * 7.0 + 5.0) * 0.75) as f32
}

/// The `.xlsx` of an assessment. The 公表 edition (`edition.public`) is made from
/// [`Assessment::redacted`] and the content builder's public walk, as the PDF is.
pub fn export(doc: &Assessment, edition: &Edition) -> Result<Vec<u8>, XlsxError> {
    let redacted;
    let doc = match edition.public {
        true => {
            redacted = doc.redacted();
            &redacted
        }
        false => doc,
    };
    let form = doc.form();
    let mut builder = Builder::new(doc, edition.public);
    for &s in &form.sections {
        builder.section(s);
    }

    let mut book = Workbook::new();
    let title = doc.text(&crate::doc::Path::top(crate::form::ids::COVER_TITLE)).to_owned();
    let mut properties = DocProperties::new().set_title(&title).set_subject(&form.title);
    if !edition.public {
        properties = properties.set_comment(FULL_EDITION_MARK);
    }
    book.set_properties(&properties);
    let sheet = book.add_worksheet();
    sheet.set_name("評価書")?;
    let mut w = Writer { sheet, styles: Styles::new(), metrics: Metrics::new(), row: 0, breaks: Vec::new() };
    w.setup(&title, edition, &form.version)?;
    w.cover(&form.version, &form.title, edition)?;
    for item in &builder.items {
        w.item(item)?;
    }
    let breaks = std::mem::take(&mut w.breaks);
    w.sheet.set_page_breaks(&breaks)?;
    Ok(book.save_to_buffer()?)
}

struct Styles {
    stamp: Format,
    title: Format,
    note: Format,
    heading: Format,
    subheading: Format,
    band: Format,
    label: Format,
    answer: Format,
    header: Format,
    withheld: Format,
    /// A whole answer that is withheld.
    answer_withheld: Format,
    plain: Format,
}

/// What the first column of a table's row says where an entry taller than a row goes on.
pub const CONTINUED: &str = "（続き）";

/// The colour (RGB) of the full edition's withheld passages, in bold; `import-doc` reads a
/// workbook's runs of this colour back as withheld ([`crate::import_doc::source`]).
pub const WITHHELD_COLOUR: u32 = 0xB4_5F06;

impl Styles {
    fn new() -> Styles {
        let base = || Format::new().set_font_name(FONT).set_font_size(SIZE);
        let cell = || {
            base()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_border(FormatBorder::Thin)
                .set_border_color(Color::Black)
        };
        Styles {
            stamp: base().set_align(FormatAlign::Right),
            title: base().set_font_size(14).set_bold(),
            note: base()
                .set_text_wrap()
                .set_align(FormatAlign::Top)
                .set_font_color(Color::RGB(WITHHELD_COLOUR))
                .set_bold(),
            heading: cell().set_font_size(11).set_bold().set_background_color(Color::RGB(0xD9_D9D9)),
            subheading: cell().set_font_size(10).set_bold().set_background_color(Color::RGB(0xE7_E6E6)),
            band: cell().set_bold().set_background_color(Color::RGB(0xF2_F2F2)),
            label: cell().set_background_color(Color::RGB(0xF7_F7F7)),
            answer: cell(),
            header: cell().set_bold().set_align(FormatAlign::Center).set_background_color(Color::RGB(0xE7_E6E6)),
            withheld: base().set_bold().set_font_color(Color::RGB(WITHHELD_COLOUR)),
            answer_withheld: cell().set_bold().set_font_color(Color::RGB(WITHHELD_COLOUR)),
            plain: base(),
        }
    }
}

struct Writer<'a> {
    sheet: &'a mut Worksheet,
    styles: Styles,
    metrics: Metrics,
    row: u32,
    /// Rows a printed page starts at (each section).
    breaks: Vec<u32>,
}

impl Writer<'_> {
    /// A4 portrait, one page wide, the stamp row repeated, header and footer.
    fn setup(&mut self, title: &str, edition: &Edition, stamp: &str) -> Result<(), XlsxError> {
        for c in 0..COLUMNS {
            self.sheet.set_column_width(c, COLUMN_WIDTH)?;
        }
        self.sheet.set_paper_size(9);
        self.sheet.set_portrait();
        self.sheet.set_print_fit_to_pages(1, 0);
        self.sheet.set_margins(0.5, 0.5, 0.75, 0.6, 0.3, 0.3);
        self.sheet.set_repeat_rows(0, 0)?;
        self.sheet.set_header(header(title, edition));
        let mut footer = format!("&C{}&P / &N&R{}[{}]", SMALL, SMALL, header_text(stamp, 40));
        if !edition.public {
            // Every printed page of the full edition says what it is, as the PDF's do (a
            // colour does not survive a black-and-white printer).
            footer = format!("&L{SMALL}【{FULL_EDITION_MARK}】{footer}");
        }
        self.sheet.set_footer(footer);
        Ok(())
    }

    fn cover(&mut self, stamp: &str, form_title: &str, edition: &Edition) -> Result<(), XlsxError> {
        self.merged(0, COLUMNS - 1, &format!("[{stamp}]"), Which::Stamp, LINE)?;
        self.row += 1;
        self.merged(0, COLUMNS - 1, form_title, Which::Title, 24.0)?;
        self.row += 1;
        if !edition.public {
            let note = format!(
                "【{FULL_EDITION_MARK}】この版は公表しないでください。橙色の太字は、公表版では「（非公開）」となる部分です。"
            );
            let height = self.height(&note, column_points(COLUMNS));
            self.merged(0, COLUMNS - 1, &note, Which::Note, height)?;
            self.row += 1;
        }
        self.row += 1;
        Ok(())
    }

    fn item(&mut self, item: &Item) -> Result<(), XlsxError> {
        match item {
            Item::Heading { level, text } => {
                if *level == 1 && self.row > 4 {
                    self.row += 1;
                    self.breaks.push(self.row);
                }
                let which = if *level == 1 { Which::Heading } else { Which::Subheading };
                let height = self.height(text, column_points(COLUMNS)).max(LINE + 6.0);
                self.merged(0, COLUMNS - 1, text, which, height)?;
                self.row += 1;
            }
            Item::Band { text } => {
                let height = self.height(text, column_points(COLUMNS));
                self.merged(0, COLUMNS - 1, text, Which::Band, height)?;
                self.row += 1;
            }
            Item::Row { label, content } => self.labelled(label, content)?,
            Item::Grid { headers, rows } => self.grid(headers, rows)?,
            Item::Diagram { title, graph } => {
                let height = self.height(title, column_points(COLUMNS));
                self.merged(0, COLUMNS - 1, title, Which::Band, height)?;
                self.row += 1;
                let png = crate::flows::picture::png(graph).map_err(XlsxError)?;
                self.picture(&png)?;
            }
            Item::Picture { bytes } => self.picture(bytes)?,
        }
        Ok(())
    }

    /// An item's label beside its answer; a long answer continues in further rows.
    fn labelled(&mut self, label: &str, content: &[Run]) -> Result<(), XlsxError> {
        let answer_width = column_points(COLUMNS - LABEL_COLUMNS);
        let label_lines = self.lines(label, column_points(LABEL_COLUMNS));
        let text: String = content.iter().map(|r| r.text.as_str()).collect();
        let lines = break_lines(&self.metrics, &text, SIZE, answer_width - 6.0);
        let chunks = chunks(&text, &lines, ((MAX_ROW - 4.0) / LINE) as usize);
        for (i, chunk) in chunks.iter().enumerate() {
            let runs = slice_runs(content, chunk.clone());
            let label = if i == 0 { label.to_owned() } else { format!("{label}（続き）") };
            let rows = (chunk_lines(&lines, chunk).max(1)).max(if i == 0 { label_lines } else { 1 });
            let height = rows as f64 * LINE + 4.0;
            self.sheet.set_row_height(self.row, height.min(MAX_ROW))?;
            self.sheet.merge_range(self.row, 0, self.row, LABEL_COLUMNS - 1, &label, &self.styles.label)?;
            self.rich(LABEL_COLUMNS, COLUMNS - 1, &runs)?;
            self.row += 1;
        }
        Ok(())
    }

    /// A table: its columns spread over the twelve by how much they hold, a header row, then
    /// one row per entry.
    fn grid(&mut self, headers: &[String], rows: &[Vec<Vec<Run>>]) -> Result<(), XlsxError> {
        let needs: Vec<f32> = (0..headers.len().min(usize::from(COLUMNS)))
            .map(|i| {
                let widest = rows
                    .iter()
                    .filter_map(|r| r.get(i))
                    .map(|cell| cell.iter().map(|r| self.metrics.width(&r.text, SIZE)).sum::<f32>())
                    .fold(0.0, f32::max);
                // A header may wrap onto three lines; a long cell wraps anyway.
                (self.metrics.width(&headers[i], SIZE) / 3.0).max(widest.min(180.0))
            })
            .collect();
        let spans = spans(&needs, COLUMNS);
        let tallest = |texts: &[String], this: &Self| {
            texts.iter().zip(&spans).map(|(t, (a, b))| this.lines(t, column_points(b - a + 1))).max().unwrap_or(1)
        };
        let height = tallest(headers, self) as f64 * LINE + 4.0;
        self.sheet.set_row_height(self.row, height.min(MAX_ROW))?;
        for (h, &(a, b)) in headers.iter().zip(&spans) {
            self.span(a, b, h, &self.styles.header.clone())?;
        }
        self.row += 1;
        let per_row = ((MAX_ROW - 4.0) / LINE) as usize;
        for cells in rows {
            // Each cell cut into pieces a row can hold; an entry taller than that continues in
            // further rows, every cell in its own column, as a long answer does.
            let pieces: Vec<(Vec<Run>, Vec<Piece>)> = cells
                .iter()
                .zip(&spans)
                .map(|(cell, &(a, b))| {
                    let text: String = cell.iter().map(|r| r.text.as_str()).collect();
                    let lines = break_lines(&self.metrics, &text, SIZE, column_points(b - a + 1) - 6.0);
                    let cut = chunks(&text, &lines, per_row).into_iter().map(|c| {
                        let n = chunk_lines(&lines, &c);
                        (c, n)
                    });
                    (cell.clone(), cut.collect())
                })
                .collect();
            let rows_needed = pieces.iter().map(|(_, p)| p.len()).max().unwrap_or(1);
            for j in 0..rows_needed {
                let lines = pieces.iter().filter_map(|(_, p)| p.get(j).map(|(_, n)| *n)).max().unwrap_or(1).max(1);
                self.sheet.set_row_height(self.row, (lines as f64 * LINE + 4.0).min(MAX_ROW))?;
                for (k, ((cell, cut), &(a, b))) in pieces.iter().zip(&spans).enumerate() {
                    let mut runs = cut.get(j).map(|(range, _)| slice_runs(cell, range.clone())).unwrap_or_default();
                    // The rows an entry goes on in say so in the first column, where a row of
                    // its own would have its 変更日 or 名称 (`import-doc` reads them back so).
                    if j > 0 && k == 0 {
                        let on = if runs.iter().all(|r| r.text.is_empty()) {
                            CONTINUED.to_owned()
                        } else {
                            format!("{CONTINUED}\n")
                        };
                        runs.insert(0, Run::plain(on));
                    }
                    self.rich(a, b, &runs)?;
                }
                self.row += 1;
            }
        }
        Ok(())
    }

    /// A picture across the sheet, at most a page high, with the rows under it sized to hold it.
    fn picture(&mut self, bytes: &[u8]) -> Result<(), XlsxError> {
        // Pictures come as plain PNGs (`doc::plain_picture`: no DPI of their own, no metadata).
        let mut image = Image::new_from_buffer(bytes)?;
        let width_pt = f64::from(column_points(COLUMNS));
        let (w, h) = (image.width() * 0.75, image.height() * 0.75);
        if w <= 0.0 || h <= 0.0 {
            return Ok(());
        }
        let scale = (width_pt / w).min(700.0 / h);
        image = image.set_scale_width(scale).set_scale_height(scale);
        // Rows a little taller than the picture: another program's default font (which sets
        // the width of a column) may draw it larger than Excel does.
        let mut left = h * scale * 1.1 + LINE;
        self.sheet.insert_image(self.row, 0, &image)?;
        while left > 0.0 {
            let height = left.min(MAX_ROW);
            self.sheet.set_row_height(self.row, height)?;
            left -= height;
            self.row += 1;
        }
        Ok(())
    }

    fn merged(&mut self, first: u16, last: u16, text: &str, which: Which, height: f64) -> Result<(), XlsxError> {
        let format = match which {
            Which::Stamp => self.styles.stamp.clone(),
            Which::Title => self.styles.title.clone(),
            Which::Note => self.styles.note.clone(),
            Which::Heading => self.styles.heading.clone(),
            Which::Subheading => self.styles.subheading.clone(),
            Which::Band => self.styles.band.clone(),
        };
        self.sheet.set_row_height(self.row, height.min(MAX_ROW))?;
        self.span(first, last, text, &format)
    }

    fn span(&mut self, first: u16, last: u16, text: &str, format: &Format) -> Result<(), XlsxError> {
        if first == last {
            self.sheet.write_string_with_format(self.row, first, text, format)?;
        } else {
            self.sheet.merge_range(self.row, first, self.row, last, text, format)?;
        }
        Ok(())
    }

    /// Runs of text in one (merged) cell: plain when nothing is marked, else with the withheld
    /// runs in bold orange (a rich string when marked and unmarked runs share the cell).
    fn rich(&mut self, first: u16, last: u16, runs: &[Run]) -> Result<(), XlsxError> {
        let text: String = runs.iter().map(|r| r.text.as_str()).collect();
        let parts: Vec<&Run> = runs.iter().filter(|r| !r.text.is_empty()).collect();
        let withheld = |r: &Run| r.mark != Mark::None;
        let format = match parts.iter().all(|r| withheld(r)) && !parts.is_empty() {
            true => self.styles.answer_withheld.clone(),
            false => self.styles.answer.clone(),
        };
        self.span(first, last, &text, &format)?;
        if parts.iter().any(|r| withheld(r)) && !parts.iter().all(|r| withheld(r)) {
            let segments: Vec<(&Format, &str)> = parts
                .iter()
                .map(|r| (if withheld(r) { &self.styles.withheld } else { &self.styles.plain }, r.text.as_str()))
                .collect();
            self.sheet.write_rich_string_with_format(self.row, first, &segments, &format)?;
        }
        Ok(())
    }

    fn lines(&self, text: &str, width: f32) -> usize {
        break_lines(&self.metrics, text, SIZE, width - 6.0).len().max(1)
    }

    fn height(&self, text: &str, width: f32) -> f64 {
        self.lines(text, width) as f64 * LINE + 4.0
    }
}

/// Header and footer code for 8 pt in [`FONT`]: the size comes first, so digits at the start of
/// the text that follows cannot be read as part of it (「&82025」 would be a size).
const SMALL: &str = "&8&\"BIZ UDPゴシック\"";

/// Text for a header or footer: control characters as spaces, cut to `max` characters first
/// and only then `&` doubled, so a cut never leaves half a code.
fn header_text(s: &str, max: usize) -> String {
    let cut: String = s.chars().map(|c| if c.is_control() { ' ' } else { c }).take(max).collect();
    cut.replace('&', "&&")
}

/// The page header: 評価書名 on the left, the edition on the right (Excel allows 255
/// characters in all).
fn header(title: &str, edition: &Edition) -> String {
    let mut label = edition.label.clone();
    if edition.draft {
        label.push_str("（案）");
    }
    format!("&L{SMALL}{}&R{SMALL}{}", header_text(title, 80), header_text(&label, 40))
}

#[derive(Clone, Copy)]
enum Which {
    Stamp,
    Title,
    Note,
    Heading,
    Subheading,
    Band,
}

/// Spreads `columns` sheet columns over table columns in proportion to what each needs
/// (points), every one at least one column wide: first and last sheet column of each.
fn spans(needs: &[f32], columns: u16) -> Vec<(u16, u16)> {
    let n = needs.len().clamp(1, usize::from(columns));
    let total: f32 = needs.iter().map(|w| w.max(1.0)).sum();
    let spare = f32::from(columns) - n as f32;
    let shares: Vec<f32> = (0..n).map(|i| needs.get(i).map_or(1.0, |w| w.max(1.0)) / total * spare).collect();
    let mut widths: Vec<u16> = shares.iter().map(|s| 1 + *s as u16).collect();
    // The columns left over go to the largest remainders.
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| (shares[b] - shares[b].floor()).total_cmp(&(shares[a] - shares[a].floor())));
    let mut left = columns - widths.iter().sum::<u16>();
    for i in order.into_iter().cycle().take(usize::from(columns)) {
        if left == 0 {
            break;
        }
        widths[i] += 1;
        left -= 1;
    }
    widths
        .iter()
        .scan(0u16, |at, &w| {
            let span = (*at, *at + w - 1);
            *at += w;
            Some(span)
        })
        .collect()
}

/// Cuts wrapped `lines` of `text` into runs of at most `per_row` lines, each cut after a line
/// that ends a paragraph when one lies in the second half of the run (a paragraph is cut in
/// the middle only when it is longer than that). Byte ranges of `text`; one empty range for
/// an empty text.
fn chunks(text: &str, lines: &[std::ops::Range<usize>], per_row: usize) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut first = 0;
    while first < lines.len() {
        let mut last = (first + per_row).min(lines.len()) - 1;
        if last + 1 < lines.len()
            && let Some(end) = (first + per_row / 2..=last).rev().find(|&i| text[lines[i].end..].starts_with('\n'))
        {
            last = end;
        }
        out.push(lines[first].start..lines[last].end);
        first = last + 1;
    }
    if out.is_empty() {
        out.push(0..text.len());
    }
    out
}

/// A piece of a cell's text that one row holds: its byte range and its number of lines.
type Piece = (std::ops::Range<usize>, usize);

/// How many of `lines` fall in `chunk`.
fn chunk_lines(lines: &[std::ops::Range<usize>], chunk: &std::ops::Range<usize>) -> usize {
    lines.iter().filter(|l| l.start >= chunk.start && l.end <= chunk.end).count()
}

/// The runs covering bytes `range` of their concatenated text, cut at its ends; a line feed the
/// cut leaves at the start is dropped.
fn slice_runs(runs: &[Run], range: std::ops::Range<usize>) -> Vec<Run> {
    let mut out = Vec::new();
    let mut at = 0;
    for r in runs {
        let (start, end) = (at, at + r.text.len());
        at = end;
        let (a, b) = (range.start.max(start), range.end.min(end));
        if a < b {
            out.push(Run { text: r.text[a - start..b - start].to_owned(), mark: r.mark });
        }
    }
    if let Some(first) = out.first_mut()
        && let Some(rest) = first.text.strip_prefix('\n')
    {
        first.text = rest.to_owned();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_columns_take_the_sheet_in_proportion_and_each_at_least_one() {
        let total = |s: &[(u16, u16)]| s.iter().map(|(a, b)| b - a + 1).sum::<u16>();
        let s = spans(&[10.0, 100.0, 100.0, 10.0, 30.0], 12);
        assert_eq!(total(&s), 12);
        assert_eq!(s[0], (0, 0), "{s:?}");
        assert!(s[1].1 - s[1].0 >= 2 && s[2].1 - s[2].0 >= 2, "{s:?}");
        assert!(s.windows(2).all(|w| w[1].0 == w[0].1 + 1), "contiguous: {s:?}");
        let twelve = spans(&[5.0; 12], 12);
        assert!(twelve.iter().enumerate().all(|(i, &(a, b))| a == i as u16 && b == a), "{twelve:?}");
        assert_eq!(total(&spans(&[0.0, 0.0, 0.0], 12)), 12);
        assert_eq!(total(&spans(&[1.0], 12)), 12);
    }

    #[test]
    fn a_cut_keeps_each_run_its_mark_and_drops_the_line_feed_it_starts_with() {
        let runs = vec![
            Run::plain("保管場所は"),
            Run { text: "第二庁舎\n地下".into(), mark: Mark::Withheld },
            Run::plain("である。"),
        ];
        let text: String = runs.iter().map(|r| r.text.as_str()).collect();
        let cut = text.find('\n').unwrap();
        let first = slice_runs(&runs, 0..cut);
        assert_eq!(first.iter().map(|r| r.text.as_str()).collect::<Vec<_>>(), ["保管場所は", "第二庁舎"]);
        assert_eq!(first[1].mark, Mark::Withheld);
        let second = slice_runs(&runs, cut..text.len());
        assert_eq!(second.iter().map(|r| r.text.as_str()).collect::<Vec<_>>(), ["地下", "である。"]);
        assert_eq!(second[0].mark, Mark::Withheld);
    }
}
