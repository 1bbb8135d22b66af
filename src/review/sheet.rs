//! 質問事項 exchanged with a committee as a sheet: `.xlsx`, or CSV in UTF-8 (with a byte order
//! mark, so Excel reads it as UTF-8) or in Shift_JIS/CP932, what Japanese Excel saves by default.
//!
//! One question per row under a header row of [`COLUMNS`] (any order; columns may be left out
//! except 番号 and 質問・意見, and 項目ID or 項目). A withheld passage is written
//! 《非公開》…《/非公開》, as the comparison writes it, and read back as withheld; the public sheet
//! has 「（非公開）」 instead. A character CP932 cannot hold (𠮷) is written as `&#134071;` and read
//! back as the character, so nothing typed is lost in either encoding.
//!
//! Reading plans every row before anything changes: a row that cannot be taken is reported with
//! its line (its row in Excel) and nothing is imported unless the user agrees to leave such rows
//! out (`Plan::edits` holds only the good rows).

use super::{ReviewItem, Status};
use crate::doc::{Assessment, Edit, Path, Text};

/// The header row, in the order written.
pub const COLUMNS: [&str; 11] =
    ["番号", "版", "ページ", "項目", "項目ID", "質問者", "質問日", "質問・意見", "回答", "状況", "識別子"];

const OPEN_MARK: &str = "《非公開》";
const CLOSE_MARK: &str = "《/非公開》";

/// How a CSV is encoded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encoding {
    /// UTF-8 with a byte order mark.
    Utf8,
    /// Shift_JIS as Windows writes it (CP932).
    Cp932,
}

/// Why a sheet cannot be read at all (a row's problems are in [`Plan::problems`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SheetError {
    #[error("not a CSV file: {0}")]
    Csv(String),
    #[error("not an xlsx workbook: {0}")]
    Workbook(String),
    #[error("the header row lacks {0}")]
    MissingColumn(&'static str),
    #[error("the sheet has no header row")]
    Empty,
}

impl SheetError {
    /// What to tell the user, in Japanese.
    pub fn message(&self) -> String {
        match self {
            SheetError::Csv(e) => {
                format!("CSVファイルとして読めません（{e}）。Excelで「CSV」形式で保存し直してください。")
            }
            SheetError::Workbook(e) => {
                format!(
                    "Excelブック（.xlsx）として読めません（{e}）。Excelで開けるか確かめ、.xlsx形式で保存し直してください。"
                )
            }
            SheetError::MissingColumn(c) => format!(
                "1行目の見出しに「{c}」の列がありません。書き出した質問事項の表の見出し（{}）を使ってください。",
                COLUMNS.join("・")
            ),
            SheetError::Empty => "表が空です。1行目に見出し、2行目から質問を1行ずつ書いてください。".into(),
        }
    }
}

/// The rows of a sheet, header first, each with its line (its row number in Excel).
pub type Rows = Vec<(usize, Vec<String>)>;

/// What importing a sheet would do.
#[derive(Debug, Default)]
pub struct Plan {
    /// The edits for every row that can be taken, in row order.
    pub edits: Vec<Edit>,
    pub added: usize,
    pub updated: usize,
    /// Rows that cannot be taken: (line, what is wrong, in Japanese).
    pub problems: Vec<(usize, String)>,
}

/// The questions of `doc` as rows (header first), in number order. `public`: withheld passages
/// read 「（非公開）」 (for a sheet handed outside the department).
pub fn rows(doc: &Assessment, public: bool) -> Vec<Vec<String>> {
    let doc = if public { std::borrow::Cow::Owned(doc.redacted()) } else { std::borrow::Cow::Borrowed(doc) };
    let form = doc.form();
    let mut out = vec![COLUMNS.iter().map(|c| c.to_string()).collect::<Vec<_>>()];
    for (id, q) in super::ordered(&doc) {
        out.push(vec![
            q.number.clone(),
            q.version.map(|v| v.to_string()).unwrap_or_default(),
            q.page.map(|p| p.to_string()).unwrap_or_default(),
            super::item_title(&doc, &q.item),
            q.item.render(form),
            q.asker.clone(),
            q.asked_on.map(crate::doc::date::to_wareki).unwrap_or_default(),
            marked(&q.question, public),
            marked(&q.answer, public),
            q.status.label().to_owned(),
            id.clone(),
        ]);
    }
    out
}

/// A text with its withheld passages between 《非公開》 and 《/非公開》 (or already replaced).
fn marked(t: &Text, public: bool) -> String {
    if public {
        return t.as_str().to_owned();
    }
    t.segments()
        .iter()
        .map(|s| if s.withheld { format!("{OPEN_MARK}{}{CLOSE_MARK}", s.text) } else { s.text.to_owned() })
        .collect()
}

/// Reads 《非公開》…《/非公開》 back into withheld passages.
fn unmarked(s: &str) -> Result<Text, String> {
    let mut segments = Vec::new();
    let mut rest = s;
    while let Some(open) = rest.find(OPEN_MARK) {
        segments.push((&rest[..open], false));
        let after = &rest[open + OPEN_MARK.len()..];
        let close = after.find(CLOSE_MARK).ok_or("《非公開》に対応する《/非公開》がありません")?;
        segments.push((&after[..close], true));
        rest = &after[close + CLOSE_MARK.len()..];
    }
    if rest.contains(CLOSE_MARK) {
        return Err("《/非公開》に対応する《非公開》がありません".into());
    }
    segments.push((rest, false));
    Ok(Text::from_segments(segments.into_iter().filter(|(t, _)| !t.is_empty())))
}

/// The rows as CSV bytes in `encoding`.
pub fn to_csv(rows: &[Vec<String>], encoding: Encoding) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new().terminator(csv::Terminator::CRLF).from_writer(Vec::new());
    for r in rows {
        // Writing into memory cannot fail.
        let _ = w.write_record(r.iter().map(|c| guarded(c)));
    }
    let utf8 = String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default();
    match encoding {
        Encoding::Utf8 => [b"\xEF\xBB\xBF".as_slice(), utf8.as_bytes()].concat(),
        Encoding::Cp932 => to_cp932(&utf8),
    }
}

/// Whether CP932 holds `c` so that it reads back as the same character (U+2212 MINUS SIGN
/// would come back as U+FF0D, 〜 WAVE DASH as FULLWIDTH TILDE).
fn cp932_keeps(c: char) -> bool {
    let mut buf = [0u8; 4];
    let (bytes, _, lossy) = encoding_rs::SHIFT_JIS.encode(c.encode_utf8(&mut buf));
    if lossy {
        return false;
    }
    let (back, _, bad) = encoding_rs::SHIFT_JIS.decode(&bytes);
    !bad && back.chars().eq(std::iter::once(c))
}

/// Text in CP932: a character CP932 does not keep as it is goes as `&#NNNN;`, and a 「&#」 that
/// was typed as `&#38;#`, so that reading it back gives exactly what was written.
fn to_cp932(text: &str) -> Vec<u8> {
    let mut escaped = String::with_capacity(text.len());
    for (i, c) in text.char_indices() {
        if c == '&' && text[i + 1..].starts_with('#') {
            escaped.push_str("&#38;");
        } else if cp932_keeps(c) {
            escaped.push(c);
        } else {
            escaped.push_str(&format!("&#{};", c as u32));
        }
    }
    encoding_rs::SHIFT_JIS.encode(&escaped).0.into_owned()
}

/// The characters of `rows` CP932 cannot hold (written as &#NNNN;), each once, in order.
pub fn unmappable_in_cp932(rows: &[Vec<String>]) -> Vec<char> {
    let mut out: Vec<char> = Vec::new();
    for c in rows.iter().flatten().flat_map(|cell| cell.chars()) {
        if !cp932_keeps(c) && !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// Reads CSV bytes: UTF-8 (with or without a byte order mark) or, when they are not UTF-8,
/// CP932, whose `&#NNNN;` are read back as characters.
pub fn from_csv(bytes: &[u8]) -> Result<(Rows, Encoding), SheetError> {
    let (text, encoding) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => match std::str::from_utf8(rest) {
            Ok(s) => (s.to_owned(), Encoding::Utf8),
            Err(e) => {
                return Err(SheetError::Csv(format!(
                    "UTF-8の印（BOM）がありますが、{}バイト目からUTF-8ではありません（文字コードが混ざっています）",
                    e.valid_up_to() + 4
                )));
            }
        },
        None => match std::str::from_utf8(bytes) {
            Ok(s) => (s.to_owned(), Encoding::Utf8),
            Err(_) => {
                let (s, _, bad) = encoding_rs::SHIFT_JIS.decode(bytes);
                if bad {
                    return Err(SheetError::Csv("文字コードがUTF-8でもShift_JISでもありません".into()));
                }
                (character_references(&s), Encoding::Cp932)
            }
        },
    };
    let mut reader = csv::ReaderBuilder::new().has_headers(false).flexible(true).from_reader(text.as_bytes());
    // The line a record starts on, counted from its byte offset (a quoted cell may hold breaks).
    // (The reader leaves the 「\n」 of a CRLF to the next record: skip line ends first.)
    let line_at = |byte: u64| {
        let bytes = text.as_bytes();
        let mut at = (byte as usize).min(bytes.len());
        while at < bytes.len() && matches!(bytes[at], b'\r' | b'\n') {
            at += 1;
        }
        bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1
    };
    let mut rows = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        let start = line_at(reader.position().byte());
        let more = reader
            .read_record(&mut record)
            .map_err(|_| SheetError::Csv(format!("{start}行目: 引用符（\"）の対応が取れていません")))?;
        if !more {
            break;
        }
        rows.push((start, record.iter().map(str::to_owned).collect()));
    }
    Ok((rows, encoding))
}

/// `&#134071;` and `&#x20BB7;` back to their characters.
fn character_references(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find("&#") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let end = after.find(';').filter(|&e| e <= 8);
        let code = end.and_then(|e| {
            let body = &after[..e];
            match body.strip_prefix(['x', 'X']) {
                Some(hex) => u32::from_str_radix(hex, 16).ok(),
                None => body.parse().ok(),
            }
        });
        match (end, code.and_then(char::from_u32)) {
            (Some(e), Some(c)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            _ => {
                out.push_str("&#");
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// The rows as an .xlsx workbook: one sheet 「質問事項」, header bold and frozen, long texts wrapped.
pub fn to_xlsx(rows: &[Vec<String>]) -> Result<Vec<u8>, String> {
    use rust_xlsxwriter::{Format, FormatAlign, Workbook};
    let mut book = Workbook::new();
    let sheet = book.add_worksheet();
    let err = |e: rust_xlsxwriter::XlsxError| e.to_string();
    sheet.set_name("質問事項").map_err(err)?;
    let header =
        Format::new().set_bold().set_background_color("D9E1F2").set_border(rust_xlsxwriter::FormatBorder::Thin);
    let body =
        Format::new().set_text_wrap().set_align(FormatAlign::Top).set_border(rust_xlsxwriter::FormatBorder::Thin);
    let widths = [6.0, 5.0, 6.0, 28.0, 24.0, 12.0, 14.0, 50.0, 50.0, 9.0, 10.0];
    for (c, w) in widths.iter().enumerate() {
        sheet.set_column_width(c as u16, *w).map_err(err)?;
    }
    for (r, row) in rows.iter().enumerate() {
        for (c, cell) in row.iter().enumerate() {
            let format = if r == 0 { &header } else { &body };
            sheet.write_string_with_format(r as u32, c as u16, cell, format).map_err(err)?;
        }
    }
    sheet.set_freeze_panes(1, 0).map_err(err)?;
    book.save_to_buffer().map_err(err)
}

/// The day an Excel date cell holds as its serial number (days since 1899-12-30, the time of
/// day dropped); `None` out of range.
pub fn serial_date(serial: f64) -> Option<jiff::civil::Date> {
    let days = jiff::Span::new().try_days(serial.floor() as i64).ok()?;
    jiff::civil::date(1899, 12, 30).checked_add(days).ok()
}

/// Reads the first sheet of a workbook (.xlsx, or any format calamine reads).
pub fn from_xlsx(bytes: &[u8]) -> Result<Rows, SheetError> {
    use calamine::{Data, Reader};
    // calamine's own words are English: the user is told what the file is not, in Japanese.
    let not_a_book = |_| SheetError::Workbook("形式を判別できないか、壊れています".into());
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes)).map_err(not_a_book)?;
    let range = book
        .worksheet_range_at(0)
        .ok_or(SheetError::Empty)?
        .map_err(|_| SheetError::Workbook("最初のシートを読めません".into()))?;
    let first = range.start().map_or(0, |(r, _)| r as usize);
    let mut rows = Vec::new();
    for (i, row) in range.rows().enumerate() {
        let cells = row
            .iter()
            .map(|d| match d {
                Data::Empty => String::new(),
                Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
                Data::Int(n) => n.to_string(),
                Data::Float(f) if f.fract() == 0.0 && f.abs() < 1e15 => format!("{}", *f as i64),
                Data::Float(f) => f.to_string(),
                Data::Bool(b) => b.to_string(),
                // A date Excel stored as a serial number (days since 1899-12-30).
                Data::DateTime(d) => serial_date(d.as_f64()).map(|d| d.to_string()).unwrap_or_default(),
                Data::Error(e) => format!("#{e:?}"),
            })
            .collect();
        rows.push((first + i + 1, cells));
    }
    Ok(rows)
}

/// Plans the import of `rows` into `doc`: a row with the 識別子 of a question updates it, one
/// with the number of a question updates that one, any other adds a question.
///
/// An update changes only what the sheet says: a column the sheet leaves out, or a cell it
/// leaves empty, keeps what the question holds (a committee's sheet returned without the
/// department's answers does not erase them; clearing is done in the window). A row that says
/// nothing new is not counted. A row is refused (with its line) when it has more cells than the
/// header or fewer than the columns the sheet fills (an unterminated quote swallows the rows
/// after it), when it repeats a number or 識別子 of an earlier row, when it holds 「（非公開）」 (a
/// 公表用 sheet would overwrite the withheld passages), when 項目 and 項目ID name different items,
/// or when a value is wrong.
pub fn plan(doc: &Assessment, rows: &Rows) -> Result<Plan, SheetError> {
    let mut rows = rows.iter().filter(|(_, cells)| cells.iter().any(|c| !c.trim().is_empty()));
    let (_, header) = rows.next().ok_or(SheetError::Empty)?;
    let col = |name: &str| header.iter().position(|h| h.trim() == name);
    let [number, version, page, title, item_id, asker, asked_on, question, answer, status, id] = COLUMNS.map(col);
    let number = number.ok_or(SheetError::MissingColumn("番号"))?;
    let question = question.ok_or(SheetError::MissingColumn("質問・意見"))?;
    if item_id.is_none() && title.is_none() {
        return Err(SheetError::MissingColumn("項目ID"));
    }
    let width = header.iter().rposition(|h| !h.trim().is_empty()).map_or(0, |i| i + 1);
    let mut scratch = doc.clone();
    let mut out = Plan::default();
    let mut numbers_seen = std::collections::HashSet::new();
    let mut ids_seen = std::collections::HashSet::new();
    for (line, raw) in rows {
        // Cells are cleaned as pasted text is in the window (control characters out, look-alike
        // radicals to kanji), and a cell guarded against formulas gets its text back.
        let cells: Vec<String> = raw
            .iter()
            .map(|c| {
                let mut c = unguarded(c).to_owned();
                crate::chars::clean(&mut c);
                c
            })
            .collect();
        let cell = |c: Option<usize>| c.and_then(|c| cells.get(c)).map(|s| s.trim()).unwrap_or("");
        let mut row = || -> Result<Option<(String, ReviewItem, bool)>, String> {
            let filled = cells.iter().rposition(|c| !c.trim().is_empty()).map_or(0, |i| i + 1);
            let swallowed = cells
                .iter()
                .any(|c| c.lines().count() > 1 && c.lines().skip(1).any(|l| l.matches(',').count() + 1 >= width));
            if filled > width || swallowed {
                return Err(format!(
                    "列の数が見出し（{width}列）と合いません。引用符（\"）の閉じ忘れや、余分な列がないか確かめてください"
                ));
            }
            if cells.iter().any(|c| c.contains(crate::doc::WITHHELD)) {
                return Err(
                    "「（非公開）」があります。公表用の表は読み込めません（非公開の部分が失われます）。点検用の表を使ってください".into(),
                );
            }
            let num = cell(Some(number)).to_owned();
            if num.is_empty() {
                return Err("番号が空です".into());
            }
            if !numbers_seen.insert(super::number_key(&num)) {
                return Err(format!("番号「{num}」が、この表の前の行にもあります"));
            }
            if !cell(id).is_empty() && !ids_seen.insert(cell(id).to_owned()) {
                return Err(format!("識別子「{}」が、この表の前の行にもあります", cell(id)));
            }
            let existing = match cell(id) {
                "" => scratch
                    .questions()
                    .find(|(_, q)| super::number_key(&q.number) == super::number_key(&num))
                    .map(|(i, q)| (i.clone(), q.clone())),
                given => scratch.question(given).map(|q| (given.to_owned(), q.clone())),
            };
            let base = existing.as_ref().map(|(_, q)| q.clone());
            let item = match (cell(item_id), cell(title), &base) {
                ("", "", Some(b)) => b.item.clone(),
                (given, named, _) => item_of(&scratch, given, named)?,
            };
            let whole = |c: Option<usize>, what: &str| -> Result<Option<u32>, String> {
                let s: String = cell(c).chars().map(ascii_digit).collect();
                match s.as_str() {
                    "" => Ok(None),
                    s => match s.parse::<u32>() {
                        Ok(n) if n > 0 => Ok(Some(n)),
                        _ => Err(format!("{what}「{s}」が1以上の数字ではありません")),
                    },
                }
            };
            let answer_text = match cell(answer) {
                "" => base.as_ref().map(|b| b.answer.clone()).unwrap_or_else(|| Text::plain("")),
                a => unmarked(a)?,
            };
            let status = match (cell(status), &base) {
                ("", Some(b)) if b.status != Status::Open || answer_text.as_str().trim().is_empty() => b.status,
                ("", _) if answer_text.as_str().trim().is_empty() => Status::Open,
                ("", _) => Status::Answered,
                (s, _) => Status::from_label(s)
                    .ok_or_else(|| format!("状況「{s}」は使えません（未回答・回答済・反映済・対応不要）"))?,
            };
            let asked = match cell(asked_on) {
                "" => base.as_ref().and_then(|b| b.asked_on),
                s => Some(crate::doc::date::parse(s).ok_or_else(|| format!("質問日「{s}」を日付として読めません"))?),
            };
            let question_text = match cell(Some(question)) {
                "" => base.as_ref().map(|b| b.question.clone()).ok_or("質問・意見が空です")?,
                q => unmarked(q)?,
            };
            let q = ReviewItem {
                number: num,
                item,
                version: whole(version, "版")?.or(base.as_ref().and_then(|b| b.version)),
                page: whole(page, "ページ")?.or(base.as_ref().and_then(|b| b.page)),
                asker: match cell(asker) {
                    "" => base.as_ref().map(|b| b.asker.clone()).unwrap_or_default(),
                    a => a.to_owned(),
                },
                asked_on: asked,
                question: question_text,
                answer: answer_text,
                status,
            };
            if base.as_ref() == Some(&q) {
                return Ok(None);
            }
            let (qid, updated) = match existing {
                Some((qid, _)) => (qid, true),
                None => match cell(id) {
                    "" => (super::new_id(&scratch), false),
                    given => (given.to_owned(), false),
                },
            };
            Ok(Some((qid, q, updated)))
        };
        let result = row().and_then(|planned| match planned {
            None => Ok(None),
            Some((qid, q, updated)) => {
                let edit = Edit::ReviewItem { id: qid, question: Some(Box::new(q)) };
                scratch.apply(vec![edit.clone()]).map_err(|e| crate::messages::doc(&e))?;
                Ok(Some((edit, updated)))
            }
        });
        match result {
            Ok(None) => {}
            Ok(Some((edit, updated))) => {
                out.edits.push(edit);
                if updated {
                    out.updated += 1;
                } else {
                    out.added += 1;
                }
            }
            Err(problem) => out.problems.push((*line, problem)),
        }
    }
    Ok(out)
}

fn ascii_digit(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        _ => c,
    }
}

/// A cell written with a leading 「'」 so that a spreadsheet does not run it as a formula
/// (`guarded`), read back as it was typed.
fn unguarded(cell: &str) -> &str {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest,
        _ => cell,
    }
}

/// A cell a spreadsheet would run as a formula (「=HYPERLINK(…)」, 「+1+cmd|…」, 「@SUM(…)」)
/// written with a leading 「'」, which Excel shows as text (OWASP: CSV injection).
fn guarded(cell: &str) -> String {
    match cell.starts_with(['=', '+', '-', '@', '\t', '\r']) || unguarded(cell) != cell {
        true => format!("'{cell}"),
        false => cell.to_owned(),
    }
}

/// The item a row is about: its 項目ID, or failing that a 項目 title naming exactly one item
/// outside any block (「表紙 評価実施機関名」, 「Ⅰ 1. ②事務の内容」).
fn item_of(doc: &Assessment, id: &str, title: &str) -> Result<Path, String> {
    let form = doc.form();
    if !id.is_empty() {
        let path = Path::parse(id).ok_or_else(|| format!("項目ID「{id}」が項目の書き方になっていません"))?;
        let Some(ix) = form.find(&path.item).filter(|&ix| form.node(ix).blocks.len() == path.blocks.len()) else {
            return Err(format!("項目ID「{id}」の項目が様式にありません"));
        };
        // The blocks named must be this assessment's (a sheet of another file names others).
        for (depth, &b) in form.node(ix).blocks.iter().enumerate() {
            let list = Path { item: form.node(b).id.clone(), blocks: path.blocks[..depth].to_vec() };
            if !doc.instances(&list).contains(&path.blocks[depth]) {
                return Err(format!("項目ID「{id}」の{}がこの評価書にありません", form.noun(b)));
            }
        }
        if !title.is_empty() {
            let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
            if squash(title) != squash(&super::item_title(doc, &path)) {
                return Err(format!(
                    "項目「{title}」と項目ID「{id}」（{}）が別の項目を指しています。どちらかを直してください",
                    super::item_title(doc, &path)
                ));
            }
        }
        return Ok(path);
    }
    let squash = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let wanted = squash(title);
    let matches: Vec<Path> = (0..form.nodes.len())
        .filter(|&ix| form.node(ix).kind.holds_value() && form.node(ix).blocks.is_empty())
        .map(|ix| Path::top(&form.node(ix).id))
        .filter(|p| squash(&super::item_title(doc, p)) == wanted)
        .collect();
    match matches.as_slice() {
        [one] => Ok(one.clone()),
        [] => Err(format!("項目「{title}」が見つかりません。項目IDの列に項目ID（書き出した表の形）を書いてください")),
        _ => Err(format!("項目「{title}」に当たる項目が複数あります。項目IDの列で指定してください")),
    }
}

#[cfg(test)]
mod tests;
