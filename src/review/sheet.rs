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
        let _ = w.write_record(r);
    }
    let utf8 = String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default();
    match encoding {
        Encoding::Utf8 => [b"\xEF\xBB\xBF".as_slice(), utf8.as_bytes()].concat(),
        // Unmappable characters become &#NNNN; (encoding_rs's replacement for legacy encodings).
        Encoding::Cp932 => encoding_rs::SHIFT_JIS.encode(&utf8).0.into_owned(),
    }
}

/// The characters of `rows` CP932 cannot hold (written as &#NNNN;), each once, in order.
pub fn unmappable_in_cp932(rows: &[Vec<String>]) -> Vec<char> {
    let mut out: Vec<char> = Vec::new();
    for c in rows.iter().flatten().flat_map(|cell| cell.chars()) {
        let mut buf = [0u8; 4];
        if encoding_rs::SHIFT_JIS.encode(c.encode_utf8(&mut buf)).2 && !out.contains(&c) {
            out.push(c);
        }
    }
    out
}

/// Reads CSV bytes: UTF-8 (with or without a byte order mark) or, when they are not UTF-8,
/// CP932, whose `&#NNNN;` are read back as characters.
pub fn from_csv(bytes: &[u8]) -> Result<(Rows, Encoding), SheetError> {
    let (text, encoding) = match bytes.strip_prefix(b"\xEF\xBB\xBF") {
        Some(rest) => (String::from_utf8_lossy(rest).into_owned(), Encoding::Utf8),
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

/// Reads the first sheet of a workbook (.xlsx, or any format calamine reads).
pub fn from_xlsx(bytes: &[u8]) -> Result<Rows, SheetError> {
    use calamine::{Data, Reader};
    let mut book = calamine::open_workbook_auto_from_rs(std::io::Cursor::new(bytes))
        .map_err(|e| SheetError::Workbook(e.to_string()))?;
    let range =
        book.worksheet_range_at(0).ok_or(SheetError::Empty)?.map_err(|e| SheetError::Workbook(e.to_string()))?;
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
                Data::DateTime(d) => {
                    let days = d.as_f64().floor() as i64;
                    jiff::civil::date(1899, 12, 30)
                        .checked_add(jiff::Span::new().days(days))
                        .map(|d| d.to_string())
                        .unwrap_or_default()
                }
                Data::Error(e) => format!("#{e:?}"),
            })
            .collect();
        rows.push((first + i + 1, cells));
    }
    Ok(rows)
}

/// Plans the import of `rows` into `doc`: a row with the 識別子 of a question updates it, one
/// with the number of a question updates that one, any other adds a question.
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
    let mut scratch = doc.clone();
    let mut out = Plan::default();
    for (line, cells) in rows {
        let cell = |c: Option<usize>| c.and_then(|c| cells.get(c)).map(|s| s.trim()).unwrap_or("");
        let row = || -> Result<(String, ReviewItem, bool), String> {
            let num = cell(Some(number)).to_owned();
            let existing = match cell(id) {
                "" => scratch.questions().find(|(_, q)| q.number.trim() == num).map(|(i, q)| (i.clone(), q.clone())),
                given => scratch.question(given).map(|q| (given.to_owned(), q.clone())),
            };
            let item = item_of(&scratch, cell(item_id), cell(title))?;
            let whole = |c: Option<usize>, what: &str| -> Result<Option<u32>, String> {
                match cell(c) {
                    "" => Ok(None),
                    s => s.parse().map(Some).map_err(|_| format!("{what}「{s}」が数字ではありません")),
                }
            };
            let answer_text = unmarked(cell(answer))?;
            let status = match cell(status) {
                "" if answer_text.as_str().trim().is_empty() => Status::Open,
                "" => Status::Answered,
                s => Status::from_label(s)
                    .ok_or_else(|| format!("状況「{s}」は使えません（未回答・回答済・反映済・対応不要）"))?,
            };
            let asked_on = match cell(asked_on) {
                "" => None,
                s => Some(crate::doc::date::parse(s).ok_or_else(|| format!("質問日「{s}」を日付として読めません"))?),
            };
            let q = ReviewItem {
                number: num,
                item,
                version: whole(version, "版")?,
                page: whole(page, "ページ")?,
                asker: cell(asker).to_owned(),
                asked_on,
                question: unmarked(cell(Some(question)))?,
                answer: answer_text,
                status,
            };
            let (qid, updated) = match existing {
                Some((qid, _)) => (qid, true),
                None => match cell(id) {
                    "" => (super::new_id(&scratch), false),
                    given => (given.to_owned(), false),
                },
            };
            Ok((qid, q, updated))
        };
        let result = row().and_then(|(qid, q, updated)| {
            let edit = Edit::ReviewItem { id: qid, question: Some(Box::new(q)) };
            scratch.apply(vec![edit.clone()]).map_err(|e| crate::messages::doc(&e))?;
            Ok((edit, updated))
        });
        match result {
            Ok((edit, updated)) => {
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
