//! The documents an existing 評価書 comes in, as rows of cells in reading order: a workbook
//! (.xlsx, .xls, .xlsm, .ods: calamine), a Word document (.docx: docx-rs) or the text of a PDF
//! (pdf-extract). Which one a file is, is read from its first bytes, not its name.

pub mod marks;

/// One cell: its column (0 for the first; for a document's table, its index in the row) and
/// its text (line breaks kept).
#[derive(Debug, Clone, PartialEq)]
pub struct Cell {
    pub col: u32,
    pub text: String,
    /// On a page (PDF): the left and right edges of the cell's text, in points.
    pub span: Option<(f32, f32)>,
}

/// One row of a sheet or a table, one paragraph of a document, or one line of a PDF's text,
/// with the place a reader finds it: 「Sheet1!A12」「表3 2行目」「12ページ 5行目」.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub at: String,
    /// The non-empty cells, left to right.
    pub cells: Vec<Cell>,
    /// A line of running text (a paragraph, a PDF line): the lines after a label continue its
    /// answer until the next label, whatever their indentation.
    pub lines: bool,
    /// A line of a page (PDF): where it ends may be only where the column was full, so the lines
    /// of one answer are joined without a line break.
    pub wraps: bool,
    /// Where a page's line is (PDF).
    pub line: Option<Line>,
}

/// Where a line of a page is: its page, baseline (points from the top), character size, and
/// whether it ends short of its column's right edge, where the writer broke the line rather
/// than the page.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Line {
    pub page: u32,
    pub y: f32,
    pub size: f32,
    pub short: bool,
}

impl Row {
    /// The row's text, cells separated by a tab.
    pub fn text(&self) -> String {
        self.cells.iter().map(|c| c.text.as_str()).collect::<Vec<_>>().join("\t")
    }
}

/// Why a document cannot be read.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum SourceError {
    #[error("not a workbook, a Word document or a PDF")]
    UnknownKind,
    #[error("the {kind} cannot be read")]
    Unreadable { kind: &'static str },
    #[error("the {kind} holds no text")]
    NoText { kind: &'static str },
    #[error("a part of the {kind} inflates beyond {megabytes} MB")]
    TooLarge { kind: &'static str, megabytes: u64 },
    #[error("an Office document protected by a password")]
    Protected,
    #[error("the {kind} has more than {most} {what}")]
    TooMany { kind: &'static str, what: &'static str, most: usize },
}

/// The most pages a PDF read may have (a 評価書 has at most a few hundred): pdf-extract's time
/// grows with the square of the pages.
pub const MAX_PAGES: usize = 2000;

/// The deepest a Word document's tables may nest inside each other (a 評価書 nests none):
/// docx-rs reads nested tables recursively, and a thousand levels overflow the stack.
pub const MAX_TABLE_DEPTH: usize = 16;

/// The most any part of a workbook or Word package may inflate to (a 75-page 評価書's largest
/// part is a few MB): a small file that inflates to gigabytes is refused before it is read.
pub const MAX_PART_MB: u64 = 64;

/// Refuses a zip package with a part that says it inflates beyond [`MAX_PART_MB`] (what a part
/// really inflates to is bounded again as it is read, [`marks`]).
fn bounded(bytes: &[u8], kind: Kind) -> Result<(), SourceError> {
    let Ok(mut zip) = zip::ZipArchive::new(std::io::Cursor::new(bytes)) else { return Ok(()) };
    for i in 0..zip.len() {
        if zip.by_index_raw(i).is_ok_and(|entry| entry.size() > MAX_PART_MB * 1024 * 1024) {
            return Err(SourceError::TooLarge { kind: kind.label(), megabytes: MAX_PART_MB });
        }
    }
    Ok(())
}

/// What kind of document the bytes are.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Workbook,
    Word,
    Pdf,
}

impl Kind {
    /// The kind the bytes are: a PDF by its `%PDF` signature; a zip package by the part only a
    /// Word document has; any other package (.xlsx, .ods) and an .xls (.xlsx, .xls, .ods) as a workbook.
    pub fn of(bytes: &[u8]) -> Option<Kind> {
        if bytes.starts_with(b"%PDF") {
            return Some(Kind::Pdf);
        }
        if bytes.starts_with(b"PK") {
            // Part names are stored as they are in a zip's headers.
            let word = bytes.windows(17).any(|w| w == b"word/document.xml");
            return Some(if word { Kind::Word } else { Kind::Workbook });
        }
        // The OLE2 signature of an .xls.
        bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]).then_some(Kind::Workbook)
    }

    pub fn label(self) -> &'static str {
        match self {
            Kind::Workbook => "Excelファイル",
            Kind::Word => "Wordファイル",
            Kind::Pdf => "PDF",
        }
    }
}

/// A document read: its kind, its rows, and whether its withheld marks could be read.
#[derive(Debug)]
pub struct Document {
    pub kind: Kind,
    pub rows: Vec<Row>,
    /// Whether the withheld passages are marked in the rows' text (between [`WITHHELD_OPEN`]
    /// and [`WITHHELD_CLOSE`]); the report says which.
    pub marks: Marks,
    /// A page header or footer (which the rows leave out) says 「非公開情報を含む（第三者点検用）」.
    pub full_edition: bool,
}

/// Whether a document's withheld marks were read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Marks {
    /// An .xlsx: its runs in the full edition's colour were read.
    Read,
    /// An .xlsx whose formats could not be read.
    Unreadable,
    /// A kind that carries no marks the program reads: a PDF, a Word document, an .xls or .ods.
    NotCarried,
}

/// Opens a withheld passage inside a cell's text; [`WITHHELD_CLOSE`] closes it. Both are
/// Unicode noncharacters (U+FDD0, U+FDD1), set aside for a program's own use and never part of
/// a document's text: any a document holds are removed as it is read, so only marks read from
/// its formats are ever there.
pub const WITHHELD_OPEN: char = '\u{FDD0}';
pub const WITHHELD_CLOSE: char = '\u{FDD1}';

/// Whether `c` is one of the two withheld marks.
pub fn is_mark(c: char) -> bool {
    c == WITHHELD_OPEN || c == WITHHELD_CLOSE
}

/// `text` without its withheld marks, and the byte ranges of the unmarked text that were
/// withheld. A passage opened and never closed runs to the end; one closed and never opened (a
/// cell's text cut at a line break) starts at the beginning: a broken mark withholds more,
/// never less.
pub fn unmark(text: &str) -> (String, Vec<std::ops::Range<usize>>) {
    let mut plain = String::with_capacity(text.len());
    let mut withheld = Vec::new();
    let mut open = None;
    for c in text.chars() {
        match c {
            WITHHELD_OPEN => {
                open.get_or_insert(plain.len());
            }
            WITHHELD_CLOSE => withheld.push(open.take().unwrap_or(0)..plain.len()),
            _ => plain.push(c),
        }
    }
    withheld.extend(open.map(|start| start..plain.len()));
    withheld.retain(|r| !r.is_empty());
    (plain, withheld)
}

/// The rows of a document.
///
/// A damaged document can make a reader crate panic (docx-rs unwraps a zip entry's checksum):
/// that is caught here and reported as unreadable, with no English trace on the terminal.
pub fn read(bytes: &[u8]) -> Result<Document, SourceError> {
    // Office keeps a password-protected .xlsx or .docx in an OLE file (as an .xls is kept), its
    // package in a stream named 「EncryptedPackage」: which of the two it was cannot be told.
    let encrypted: Vec<u8> = "EncryptedPackage".encode_utf16().flat_map(u16::to_le_bytes).collect();
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) && bytes.windows(encrypted.len()).any(|w| w == encrypted) {
        return Err(SourceError::Protected);
    }
    let kind = Kind::of(bytes).ok_or(SourceError::UnknownKind)?;
    if bytes.starts_with(b"PK") {
        bounded(bytes, kind)?;
    }
    let word_facts = (kind == Kind::Word).then(|| marks::word_facts(bytes));
    if word_facts.as_ref().is_some_and(|facts| facts.as_ref().is_none_or(|f| f.table_depth > MAX_TABLE_DEPTH)) {
        return Err(SourceError::TooMany { kind: kind.label(), what: "段の入れ子の表", most: MAX_TABLE_DEPTH });
    }
    let word_full_edition = word_facts.flatten().is_some_and(|f| f.full_edition);
    let parsed = quietly(|| match kind {
        Kind::Workbook => workbook(bytes),
        Kind::Word => word(bytes).map(|rows| (rows, Marks::NotCarried, word_full_edition)),
        Kind::Pdf => pdf(bytes).map(|(rows, full_edition)| (rows, Marks::NotCarried, full_edition)),
    });
    let (mut rows, marks, full_edition) = parsed.unwrap_or(Err(SourceError::Unreadable { kind: kind.label() }))?;
    if marks != Marks::Read {
        for cell in rows.iter_mut().flat_map(|r| r.cells.iter_mut()) {
            cell.text.retain(|c| !is_mark(c));
        }
        rows.retain(|r| r.cells.iter().any(|c| !c.text.trim().is_empty()));
    }
    if rows.is_empty() {
        return Err(SourceError::NoText { kind: kind.label() });
    }
    Ok(Document { kind, rows, marks, full_edition })
}

thread_local! {
    /// Set while a reader crate runs in [`quietly`] on this thread.
    static QUIET: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Runs `f`, turning a panic inside it into `None`; its message is not printed (the panic hook
/// stays silent for this thread meanwhile, and speaks as before for every other).
fn quietly<T>(f: impl FnOnce() -> T) -> Option<T> {
    static HOOK: std::sync::Once = std::sync::Once::new();
    HOOK.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if !QUIET.with(|q| q.get()) {
                previous(info);
            }
        }));
    });
    let was = QUIET.with(|q| q.replace(true));
    let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(f));
    QUIET.with(|q| q.set(was));
    result.ok()
}

/// A column's letters (0 → A, 27 → AB).
fn column_name(mut col: u32) -> String {
    let mut out = Vec::new();
    loop {
        out.push(b'A' + (col % 26) as u8);
        if col < 26 {
            break;
        }
        col = col / 26 - 1;
    }
    out.reverse();
    String::from_utf8(out).unwrap_or_default()
}

/// Every sheet, row by row (a merged cell's text once, at its first cell), whether an .xlsx's
/// withheld marks ([`marks`]) were read, and whether its page headers say it is the full edition.
///
/// An .xlsx is read cell by cell (calamine's cell reader): a workbook with one cell at XFD1048576
/// costs one cell, where a sheet's range would hold every cell up to it.
fn workbook(bytes: &[u8]) -> Result<(Vec<Row>, Marks, bool), SourceError> {
    use calamine::{Data, Reader, Sheets};
    let unreadable = SourceError::Unreadable { kind: Kind::Workbook.label() };
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).map_err(|_| unreadable)?;
    let xlsx = matches!(book, Sheets::Xlsx(_));
    let marks = xlsx.then(|| quietly(|| marks::read(bytes)).flatten()).flatten();
    let mut rows = Vec::new();
    for name in book.sheet_names().to_vec() {
        let mut cells: std::collections::BTreeMap<(u32, u32), Data> = std::collections::BTreeMap::new();
        match &mut book {
            Sheets::Xlsx(xlsx) => {
                let Ok(mut reader) = xlsx.worksheet_cells_reader(&name) else { continue };
                while let Ok(Some(cell)) = reader.next_cell() {
                    cells.insert(cell.get_position(), cell.get_value().clone().into());
                }
            }
            other => {
                let Ok(range) = other.worksheet_range(&name) else { continue };
                let (top, left) = range.start().unwrap_or((0, 0));
                for (i, j, d) in range.used_cells() {
                    cells.insert((top + i as u32, left + j as u32), d.clone());
                }
            }
        }
        let mut row: Option<(u32, Vec<Cell>)> = None;
        let mut flush = |row: Option<(u32, Vec<Cell>)>| {
            if let Some((r, cells)) = row.filter(|(_, cells)| !cells.is_empty()) {
                let at = format!("{name}!{}{}", column_name(cells[0].col), r + 1);
                rows.push(Row { at, cells, lines: false, wraps: false, line: None });
            }
        };
        for ((r, col), d) in cells {
            let text = match d {
                Data::Empty => continue,
                Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s,
                Data::Float(f) if f.fract() == 0.0 => format!("{}", f as i64),
                // A cell formatted as a date holds its serial number.
                Data::DateTime(d) => match crate::review::sheet::serial_date(d.as_f64()) {
                    Some(day) => day.to_string(),
                    None => continue,
                },
                other => other.to_string(),
            };
            let mut text = crate::doc::normalize_newlines(&text);
            text.retain(|c| !is_mark(c));
            if text.trim().is_empty() {
                continue;
            }
            if let Some(runs) = marks.as_ref().and_then(|m| m.cells.get(&(name.clone(), r, col))) {
                text = marked(&text, runs);
            }
            if row.as_ref().is_none_or(|(at, _)| *at != r) {
                flush(row.take());
                row = Some((r, Vec::new()));
            }
            row.as_mut().expect("started").1.push(Cell { col, text, span: None });
        }
        flush(row);
    }
    let full_edition = marks.as_ref().is_some_and(|m| m.full_edition);
    let read = match (xlsx, marks.is_some()) {
        (true, true) => Marks::Read,
        (true, false) => Marks::Unreadable,
        (false, _) => Marks::NotCarried,
    };
    Ok((rows, read, full_edition))
}

/// `text` (calamine's reading of a cell) with the withheld `runs` marked (blank runs aside: a
/// blank withholds nothing); the whole text when the runs do not spell it (a mark that cannot be
/// placed withholds more, never less).
fn marked(text: &str, runs: &marks::Runs) -> String {
    let spelt = crate::doc::normalize_newlines(&runs.iter().map(|(t, _)| t.as_str()).collect::<String>());
    if spelt != text {
        return format!("{WITHHELD_OPEN}{text}{WITHHELD_CLOSE}");
    }
    let mut out = String::with_capacity(text.len() + 8);
    for (t, withheld) in runs {
        let t = crate::doc::normalize_newlines(t);
        match *withheld && !t.trim().is_empty() {
            true => out.extend([WITHHELD_OPEN.to_string(), t, WITHHELD_CLOSE.to_string()]),
            false => out.push_str(&t),
        }
    }
    out
}

/// Paragraphs and tables of the body, in order; a table cell's paragraphs joined by line breaks.
fn word(bytes: &[u8]) -> Result<Vec<Row>, SourceError> {
    use docx_rs::{DocumentChild, TableCellContent, TableChild, TableRowChild};
    let doc = docx_rs::read_docx(bytes).map_err(|_| SourceError::Unreadable { kind: Kind::Word.label() })?;
    let mut rows = Vec::new();
    let mut tables = 0;
    let mut paragraphs = 0;
    for child in &doc.document.children {
        match child {
            DocumentChild::Paragraph(p) => {
                paragraphs += 1;
                let text = p.raw_text();
                if !text.trim().is_empty() {
                    rows.push(Row {
                        at: format!("{paragraphs}段落目"),
                        cells: vec![Cell { col: 0, text, span: None }],
                        lines: true,
                        wraps: false,
                        line: None,
                    });
                }
            }
            DocumentChild::Table(t) => {
                tables += 1;
                for (i, TableChild::TableRow(row)) in t.rows.iter().enumerate() {
                    let mut cells = Vec::new();
                    // A cell merged over several grid columns (gridSpan) moves the ones after it.
                    let mut col = 0u32;
                    for TableRowChild::TableCell(cell) in &row.cells {
                        let j = col;
                        col += grid_span(cell);
                        let text: Vec<String> = cell
                            .children
                            .iter()
                            .filter_map(|c| match c {
                                TableCellContent::Paragraph(p) => Some(p.raw_text()),
                                _ => None,
                            })
                            .collect();
                        let text = text.join("\n").trim_end().to_owned();
                        if !text.trim().is_empty() {
                            cells.push(Cell { col: j, text, span: None });
                        }
                    }
                    if !cells.is_empty() {
                        rows.push(Row {
                            at: format!("表{tables} {}行目", i + 1),
                            cells,
                            lines: false,
                            wraps: false,
                            line: None,
                        });
                    }
                }
            }
            _ => {}
        }
    }
    Ok(rows)
}

/// How many grid columns a Word table cell spans (docx-rs keeps the number private; its
/// serialised form says it).
fn grid_span(cell: &docx_rs::TableCell) -> u32 {
    serde_json::to_value(&cell.property)
        .ok()
        .and_then(|v| v.get("gridSpan").and_then(serde_json::Value::as_u64))
        .map_or(1, |n| n.clamp(1, 64) as u32)
}

/// The text of each page, line by line, as the page lays it out: the characters of one line
/// (one height on the page) left to right, cut into cells where a gap wider than half a
/// character separates two columns (Japanese runs with no gaps, a Latin word space is a
/// quarter) (a table's label from its answer). A cell's column is its
/// distance from the page's left edge, in steps of 10 pt. Page headers and footers match no
/// label and are listed as unplaced.
///
/// Also whether any of its text, page headers included (which the rows leave out), says
/// 「非公開情報を含む（第三者点検用）」.
fn pdf(bytes: &[u8]) -> Result<(Vec<Row>, bool), SourceError> {
    let unreadable = || SourceError::Unreadable { kind: Kind::Pdf.label() };
    let mut doc = pdf_extract::Document::load_mem(bytes).map_err(|_| unreadable())?;
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(unreadable());
    }
    if doc.get_pages().len() > MAX_PAGES {
        return Err(SourceError::TooMany { kind: Kind::Pdf.label(), what: "ページ", most: MAX_PAGES });
    }
    // Every compressed stream inflated once with a bound before pdf-extract inflates it whole.
    for object in doc.objects.values() {
        if let pdf_extract::Object::Stream(stream) = object
            && stream.filters().is_ok_and(|f| f.iter().any(|f| &f[..] == b"FlateDecode"))
        {
            let limit = MAX_PART_MB * 1024 * 1024;
            let inflater = flate2::read::ZlibDecoder::new(stream.content.as_slice());
            let inflated = std::io::copy(&mut std::io::Read::take(inflater, limit + 1), &mut std::io::sink());
            if inflated.is_ok_and(|n| n > limit) {
                return Err(SourceError::TooLarge { kind: Kind::Pdf.label(), megabytes: MAX_PART_MB });
            }
        }
    }
    cid_widths_as_lists(&mut doc);
    let mut glyphs = Glyphs::default();
    pdf_extract::output_doc(&doc, &mut glyphs).map_err(|_| unreadable())?;
    let text: String = glyphs.all.iter().map(|g| g.text.as_str()).collect();
    let full_edition = says_full_edition(&text);
    Ok((glyphs.rows(), full_edition))
}

/// pdf-extract 0.12 reads a CID font's widths (`/W`) only in the form `c [w1 w2 …]`: the other
/// form the PDF standard allows, `c_first c_last w` (krilla writes it, so our own PDFs), comes
/// out empty, and every character of such a font then stands where its run starts, so that
/// where a line stops cannot be told. The widths are rewritten into the first form before the
/// text is read, at most [`MAX_WIDTHS`] of them a font.
fn cid_widths_as_lists(doc: &mut pdf_extract::Document) {
    use pdf_extract::Object;
    let fonts: Vec<pdf_extract::ObjectId> = doc
        .objects
        .iter()
        .filter(|(_, o)| {
            let subtype = o.as_dict().ok().and_then(|d| d.get(b"Subtype").ok()).and_then(|s| s.as_name().ok());
            subtype.is_some_and(|n| n == b"CIDFontType2" || n == b"CIDFontType0")
        })
        .map(|(id, _)| *id)
        .collect();
    for font in fonts {
        let widths = match doc.get_dictionary(font).and_then(|d| d.get(b"W")) {
            Ok(Object::Reference(r)) => *r,
            Ok(Object::Array(_)) => font,
            _ => continue,
        };
        let array = match widths == font {
            true => doc.get_dictionary_mut(font).and_then(|d| d.get_mut(b"W")),
            false => doc.get_object_mut(widths),
        };
        if let Ok(Object::Array(w)) = array {
            *w = width_lists(w);
        }
    }
}

/// The most widths a font's `/W` is expanded to (a font has at most 65,536 glyphs).
const MAX_WIDTHS: usize = 65_536;

/// A `/W` array with every `c_first c_last w` as `c_first [w w … w]`; what does not read as
/// either form ends it.
fn width_lists(w: &[pdf_extract::Object]) -> Vec<pdf_extract::Object> {
    use pdf_extract::Object;
    let mut out = Vec::new();
    let (mut i, mut count) = (0, 0usize);
    while i < w.len() {
        match (&w[i], w.get(i + 1), w.get(i + 2)) {
            (first, Some(Object::Array(list)), _) => {
                count += list.len();
                out.extend([first.clone(), Object::Array(list.clone())]);
                i += 2;
            }
            (Object::Integer(first), Some(Object::Integer(last)), Some(width)) if last >= first => {
                let n = usize::try_from(last - first + 1).unwrap_or(usize::MAX);
                if count.saturating_add(n) > MAX_WIDTHS {
                    break;
                }
                count += n;
                out.extend([Object::Integer(*first), Object::Array(vec![width.clone(); n])]);
                i += 3;
            }
            _ => break,
        }
    }
    out
}

/// Whether `text` says 「非公開情報を含む（第三者点検用）」, blanks and the width of brackets aside.
pub fn says_full_edition(text: &str) -> bool {
    super::norm(text).contains(&super::norm(crate::content::FULL_EDITION_MARK))
}

/// One character placed on a page: page, left edge, baseline (from the top), size, right edge.
struct Glyph {
    page: u32,
    x: f64,
    y: f64,
    size: f64,
    end: f64,
    text: String,
}

/// Collects every character with its place (pdf-extract's output device).
#[derive(Default)]
struct Glyphs {
    page: u32,
    height: f64,
    all: Vec<Glyph>,
}

impl pdf_extract::OutputDev for Glyphs {
    fn begin_page(
        &mut self,
        page: u32,
        media: &pdf_extract::MediaBox,
        _: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), pdf_extract::OutputError> {
        self.page = page;
        self.height = media.ury - media.lly;
        Ok(())
    }

    fn end_page(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }

    fn output_character(
        &mut self,
        trm: &pdf_extract::Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), pdf_extract::OutputError> {
        let size = font_size * (trm.m11 * trm.m22 - trm.m12 * trm.m21).abs().sqrt();
        let (x, y) = (trm.m31, self.height - trm.m32);
        if size.is_finite() && x.is_finite() && y.is_finite() && size > 0.0 {
            self.all.push(Glyph { page: self.page, x, y, size, end: x + width * size, text: text.to_owned() });
        }
        Ok(())
    }

    fn begin_word(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }

    fn end_word(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }

    fn end_line(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }
}

impl Glyphs {
    fn rows(mut self) -> Vec<Row> {
        self.all.sort_by(|a, b| a.page.cmp(&b.page).then(a.y.total_cmp(&b.y)).then(a.x.total_cmp(&b.x)));
        // Lines: characters whose baselines lie within half a character of the line's first.
        let mut lines: Vec<Vec<Glyph>> = Vec::new();
        for g in self.all {
            match lines.last_mut() {
                Some(line) if line[0].page == g.page && (g.y - line[0].y).abs() < line[0].size * 0.5 => line.push(g),
                _ => lines.push(vec![g]),
            }
        }
        let mut rows: Vec<(u32, Row)> = Vec::new();
        let mut line_no = 0;
        let mut page = 0;
        for mut line in lines {
            if line[0].page != page {
                page = line[0].page;
                line_no = 0;
            }
            line_no += 1;
            line.sort_by(|a, b| a.x.total_cmp(&b.x));
            let mut cells: Vec<Cell> = Vec::new();
            let mut last: Option<&Glyph> = None;
            for g in &line {
                let gap = last.map_or(f64::INFINITY, |l| g.x - l.end);
                if gap > g.size * 0.6 || cells.is_empty() {
                    let span = Some((g.x as f32, g.end as f32));
                    cells.push(Cell { col: (g.x / 10.0).max(0.0) as u32, text: String::new(), span });
                } else if gap > g.size * 0.2 {
                    cells.last_mut().expect("pushed").text.push(' ');
                }
                let cell = cells.last_mut().expect("pushed");
                cell.text.push_str(&g.text);
                if let Some((_, right)) = &mut cell.span {
                    *right = right.max(g.end as f32);
                }
                last = Some(g);
            }
            let cells: Vec<Cell> = cells
                .into_iter()
                .map(|c| Cell { text: unspaced(c.text.trim()), ..c })
                .filter(|c| !c.text.is_empty())
                .collect();
            if !cells.is_empty() {
                let mut sizes: Vec<f64> = line.iter().map(|g| g.size).collect();
                sizes.sort_by(f64::total_cmp);
                let place = Line { page, y: line[0].y as f32, size: sizes[sizes.len() / 2] as f32, short: false };
                rows.push((
                    page,
                    Row {
                        at: format!("{page}ページ {line_no}行目"),
                        cells,
                        lines: true,
                        wraps: true,
                        line: Some(place),
                    },
                ));
            }
        }
        mark_short_lines(rows.iter_mut().map(|(_, r)| r));
        // Page headers and footers: the first and last lines of a page that recur on three pages
        // or more, either as they are (「児童手当に関する事務 全項目評価書」) or with a number that
        // goes up with the page (「- 20 / 56 -」, 「20」). A line that is only a number is no
        // footer unless it does (a table cell 「20」 wrapped onto a page's last line).
        type Key = (String, Option<i64>);
        let key = |page: u32, r: &Row| -> [Key; 2] {
            let text = r.text();
            let letters: String = text.chars().filter(|c| !c.is_ascii_digit() && !c.is_whitespace()).collect();
            let number: String =
                text.chars().skip_while(|c| !c.is_ascii_digit()).take_while(char::is_ascii_digit).take(9).collect();
            let offset = number.parse::<i64>().ok().map(|n| n - i64::from(page));
            [(text.split_whitespace().collect(), None), (letters, offset)]
        };
        // (Where each edge line stands: a running header or footer stands in the same place on
        // every page, a body's last line 「す。」 wherever the page filled up.)
        let place = |r: &Row| (r.line.map_or(0.0, |l| l.y), r.cells.first().and_then(|c| c.span).map_or(0.0, |s| s.0));
        /// An edge line: its index, page, keys and place (y, x).
        type Edge = (usize, u32, [Key; 2], (f32, f32));
        let mut edges: Vec<Edge> = Vec::new();
        for (i, (page, row)) in rows.iter().enumerate() {
            let first = i == 0 || rows[i - 1].0 != *page;
            let last = rows.get(i + 1).is_none_or(|(p, _)| p != page);
            // The two lines at each edge: a header may take two.
            let near = first
                || last
                || (i > 0 && rows[i - 1].0 == *page && (i < 2 || rows[i - 2].0 != *page))
                || rows.get(i + 2).is_none_or(|(p, _)| p != page);
            if near {
                edges.push((i, *page, key(*page, row), place(row)));
            }
        }
        // An edge line recurring on three pages or more, in the same place (within 2 pt).
        let running: std::collections::HashSet<usize> = edges
            .iter()
            .filter(|(_, _, keys, (y, x))| {
                keys.iter().enumerate().any(|(k, key)| {
                    (k == 0 || key.1.is_some())
                        && edges
                            .iter()
                            .filter(|(_, _, other, (oy, ox))| {
                                other[k] == *key && (oy - y).abs() < 2.0 && (ox - x).abs() < 2.0
                            })
                            .map(|(_, p, ..)| *p)
                            .collect::<std::collections::HashSet<u32>>()
                            .len()
                            >= 3
                })
            })
            .map(|(i, ..)| *i)
            .collect();
        rows.into_iter().enumerate().filter(|(i, _)| !running.contains(i)).map(|(_, (_, r))| r).collect()
    }
}

/// How many characters short of its column's right edge a page's line must stop to have been
/// ended by its writer rather than by the page (see [`mark_short_lines`]).
pub const WRITERS_BREAK: f32 = 2.5;

/// Marks the lines that end short of their column's right edge: the right edge of a column is
/// the furthest any line whose last cell starts there reaches, anywhere in the document (one
/// layout throughout); a line ending more than two and a half characters before it was broken
/// by its writer (a paragraph's end), not by the page (a full line may end a character or two
/// short: proportional widths, and 禁則 moving a character on with a closing bracket).
fn mark_short_lines<'a>(rows: impl Iterator<Item = &'a mut Row>) {
    let mut rows: Vec<&mut Row> = rows.collect();
    let mut ends: Vec<(f32, f32)> = rows.iter().filter_map(|r| r.cells.last().and_then(|c| c.span)).collect();
    ends.sort_by(|a, b| a.0.total_cmp(&b.0));
    for row in &mut rows {
        let (Some(line), Some((left, right))) = (row.line, row.cells.last().and_then(|c| c.span)) else { continue };
        let reach = line.size * 1.5;
        let short_by = line.size * WRITERS_BREAK;
        let from = ends.partition_point(|(l, _)| *l < left - reach);
        let to = ends.partition_point(|(l, _)| *l <= left + reach);
        let edge = ends[from..to].iter().map(|&(_, r)| r).fold(right, f32::max);
        if let Some(place) = &mut row.line {
            place.short = right < edge - short_by;
        }
    }
}

/// A PDF line without the blanks its text extraction puts where Latin letters or digits meet
/// Japanese (「平成 28 年」 is how 「平成28年」 comes out); a blank between Japanese words is the
/// writer's and stays.
fn unspaced(line: &str) -> String {
    let japanese = |c: char| {
        ('\u{3000}'..='\u{30FF}').contains(&c)
            || ('\u{4E00}'..='\u{9FFF}').contains(&c)
            || ('\u{FF00}'..='\u{FFEF}').contains(&c)
    };
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' && i > 0 && i + 1 < chars.len() {
            let (a, b) = (chars[i - 1], chars[i + 1]);
            if (japanese(a) && b.is_ascii_alphanumeric()) || (a.is_ascii_alphanumeric() && japanese(b)) {
                continue;
            }
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn blanks_between_japanese_and_digits_from_a_pdf_are_dropped() {
        assert_eq!(super::unspaced("平成 28 年に 500 人以上"), "平成28年に500人以上");
        assert_eq!(super::unspaced("Windows 11 の端末"), "Windows 11の端末");
        assert_eq!(super::unspaced("市民生活部 国保年金課"), "市民生活部 国保年金課");
    }

    /// Lines of one column end at its edge where the page wrapped them; one that stops more
    /// than two and a half characters short was ended by its writer. A line a character short
    /// (禁則) is still a wrapped one, and the label column has an edge of its own.
    #[test]
    fn a_line_that_stops_short_of_its_column_is_the_writers_break() {
        use super::{Cell, Line, Row};
        let row = |cells: &[(f32, f32)]| Row {
            at: String::new(),
            cells: cells.iter().map(|&span| Cell { col: 0, text: "字".into(), span: Some(span) }).collect(),
            lines: true,
            wraps: true,
            line: Some(Line { page: 1, y: 0.0, size: 10.0, short: false }),
        };
        let mut rows = [
            row(&[(90.0, 150.0), (300.0, 505.0)]),
            row(&[(300.0, 493.0)]),
            row(&[(301.0, 420.0)]),
            row(&[(90.0, 120.0)]),
            row(&[(90.0, 150.0), (300.0, 470.0)]),
            row(&[(91.0, 180.0)]),
        ];
        super::mark_short_lines(rows.iter_mut());
        let short: Vec<bool> = rows.iter().map(|r| r.line.unwrap().short).collect();
        assert_eq!(short, [false, false, true, true, true, false]);
    }

    /// A running header and a page number are dropped; numbers that are cells' last lines at
    /// pages' feet stay (they do not go up with the page).
    #[test]
    fn page_headers_and_numbers_are_dropped_and_a_cells_number_at_a_pages_foot_is_kept() {
        let glyph = |page: u32, y: f64, text: &str| super::Glyph {
            page,
            x: 100.0,
            y,
            size: 10.0,
            end: 100.0 + 10.0 * text.chars().count() as f64,
            text: text.into(),
        };
        let mut all = Vec::new();
        for page in 1..=4 {
            all.push(glyph(page, 30.0, "後期高齢者医療に関する事務 全項目評価書"));
            all.push(glyph(page, 100.0, ["被保険者証", "資格確認書", "高額療養費", "葬祭費"][page as usize - 1]));
            // Cells' last lines, only a number, at three pages' feet.
            if page > 1 {
                all.push(glyph(page, 700.0, ["20", "39", "41"][page as usize - 2]));
            }
            all.push(glyph(page, 800.0, &format!("- {page} -")));
        }
        let rows = super::Glyphs { page: 0, height: 842.0, all }.rows();
        let texts: Vec<String> = rows.iter().map(|r| r.text()).collect();
        assert_eq!(texts, ["被保険者証", "資格確認書", "20", "高額療養費", "39", "葬祭費", "41"]);
    }

    /// A body's last line that reads the same on three pages (a cell's 「す。」) stands where each
    /// page filled up, not in one place as a footer does: it is kept.
    #[test]
    fn the_same_last_line_in_other_places_is_no_footer() {
        let glyph = |page: u32, y: f64, text: &str| super::Glyph {
            page,
            x: 100.0 + f64::from(page),
            y,
            size: 10.0,
            end: 120.0 + f64::from(page),
            text: text.into(),
        };
        let mut all = Vec::new();
        for (page, y) in [(1, 690.0), (2, 712.0), (3, 748.0)] {
            all.push(glyph(page, 100.0, "介護保険課"));
            all.push(glyph(page, y, "す。"));
        }
        let rows = super::Glyphs { page: 0, height: 842.0, all }.rows();
        assert_eq!(rows.iter().filter(|r| r.text() == "す。").count(), 3);
    }

    /// A font's widths written as ranges (`1 3 500`) become lists (`1 [500 500 500]`), lists stay,
    /// and a range beyond what a font can have ends the array rather than filling memory.
    #[test]
    fn cid_width_ranges_become_lists() {
        use pdf_extract::Object::{Array, Integer, Real};
        let w = vec![Integer(0), Array(vec![Integer(1000)]), Integer(1), Integer(3), Real(500.0)];
        let want = vec![Integer(0), Array(vec![Integer(1000)]), Integer(1), Array(vec![Real(500.0); 3])];
        assert_eq!(super::width_lists(&w), want);
        let huge = vec![Integer(0), Integer(2), Integer(600), Integer(3), Integer(4_000_000), Integer(1000)];
        assert_eq!(super::width_lists(&huge), vec![Integer(0), Array(vec![Integer(600); 3])]);
    }

    #[test]
    fn columns_are_named_as_excel_names_them() {
        assert_eq!([0, 25, 26, 27, 701, 702].map(super::column_name), ["A", "Z", "AA", "AB", "ZZ", "AAA"]);
    }
}
