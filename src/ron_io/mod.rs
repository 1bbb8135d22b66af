//! RON interchange: an assessment as a readable, git-diffable text file.
//!
//! Export walks the schema, so the order is the 様式's order and never depends on how the
//! values were entered; export → import → export is byte-identical. Import checks every key and
//! value against the schema and reports the first problem with its line and column; it builds
//! a new [`Assessment`] and never touches an existing one.
//!
//! A file saved by Windows Notepad starts with a byte order mark; it is accepted. Bringing text
//! in from outside ([`import_with_notes`]) also cleans it as pasting does (`crate::chars::input`:
//! look-alike radicals become kanji, control characters go) and says where. Loading a stored
//! version ([`import`]) keeps every character as it was frozen.

mod serial;

use crate::chars;
use crate::doc::{Assessment, DocError, Edit, Entry, Path, Pick, Text, Value};
use crate::form::{self, Form, Kind, NodeIx};
use base64::Engine as _;
use serial::{AcknowledgedR, ActionR, BlockR, Field, Fields, FileR, FormatProbe, PickR, QuestionR, Span, StageR};
use thiserror::Error;

/// The newest interchange format this program reads and writes. Format 2 added 確認済み marks
/// and date answers with notes or several dates (`Dates([("2022-01-20", "（予定）")])`), 質問事項
/// and 対策計画; format 3 the records of the procedure's stages (`stages`).
pub const FORMAT: u32 = 3;

/// The format a file is written in: the oldest that holds everything in it, so that a file
/// using nothing new still opens in an older hyokasho.
fn format_for(doc: &Assessment) -> u32 {
    let notes = doc.values().any(|(_, e)| matches!(&e.value, Value::Date(d) if !d.is_plain()));
    let records =
        doc.acknowledgements().next().is_some() || doc.questions().next().is_some() || doc.actions().next().is_some();
    if doc.stages().next().is_some() {
        3
    } else if notes || records {
        2
    } else {
        1
    }
}

#[derive(Debug, Error, PartialEq, Eq)]
pub enum RonError {
    #[error("line {line}, column {col}: {message}")]
    Syntax { line: usize, col: usize, message: String },
    #[error("interchange format {found} is newer than this program's {supported}")]
    NewerFormat { found: u32, supported: u32 },
    #[error("written on form {key:?}, which this program does not know")]
    UnknownForm { key: String },
    #[error("line {line}, column {col}: {path}: {problem}")]
    Item { line: usize, col: usize, path: String, problem: ItemProblem },
}

/// What is wrong with one entry of the file.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum ItemProblem {
    #[error("no such item in the form")]
    Unknown,
    #[error("given twice")]
    Duplicate,
    #[error("is computed by the program and cannot be written")]
    Derived,
    #[error("is a heading: give its items instead")]
    Heading,
    #[error("blocks were expected")]
    ExpectedBlocks,
    #[error("a value was expected, not blocks")]
    UnexpectedBlocks,
    #[error("invalid date {0:?} (write YYYY-MM-DD)")]
    BadDate(String),
    #[error("invalid date {0:?} (write \"YYYY-MM-DD\")")]
    BadMarkDate(String),
    #[error("Dates([...]) holds no date")]
    NoDates,
    #[error("a question or answer must be Text(...) or Marked([...])")]
    QuestionText,
    #[error("{0:?} is not an item path")]
    QuestionItem(String),
    #[error("{0:?} is not a status (未回答, 回答済, 反映済, 対応不要)")]
    QuestionStatus(String),
    #[error("{0:?} is not a progress (未着手, 実施中, 完了)")]
    ActionProgress(String),
    #[error("{0:?} is not a stage (事前点検, 市民意見聴取, 第三者点検, 審議会報告, 公表, 見直し)")]
    StageName(String),
    #[error("the picture is not valid base64")]
    BadImage,
    /// The base64 decodes, but not to a whole PNG or JPEG picture (truncated, damaged).
    #[error("the picture is truncated or damaged")]
    BrokenImage,
    #[error("Withheld(...) cannot be nested")]
    NestedWithheld,
    #[error("block {0:?} is not a block of the list it follows")]
    UnknownMirror(String),
    #[error("{0}")]
    Invalid(DocError),
}

/// The canonical RON text of an assessment.
pub fn export(doc: &Assessment) -> String {
    let form = doc.form();
    let mut values = Vec::new();
    for &s in &form.sections {
        emit(doc, s, "", &[], &mut values);
    }
    let acknowledged = doc
        .acknowledgements()
        .map(|(finding, m)| AcknowledgedR { finding: finding.clone(), reason: m.reason.clone(), on: m.on.to_string() })
        .collect();
    let questions = crate::review::ordered(doc).into_iter().map(|(id, q)| question_r(form, id, q)).collect();
    let actions = crate::review::action::ordered(doc).into_iter().map(|(id, a)| action_r(form, id, a)).collect();
    let stages = crate::review::procedure::ordered(doc).into_iter().map(|(id, r)| stage_r(id, r)).collect();
    let file = FileR {
        format: format_for(doc),
        form: form.key.clone(),
        values: Fields(values),
        acknowledged,
        questions,
        actions,
        stages,
    };
    let config = ron::ser::PrettyConfig::new()
        .indentor("    ")
        .new_line("\n")
        .struct_names(true)
        // Keep Japanese (including 全角スペース) and line breaks as they are, not escaped.
        .escape_strings(false);
    let mut out = ron::ser::to_string_pretty(&file, config).expect("plain data always serialises");
    out.push('\n');
    out
}

/// Appends the fields of node `ix` (and below) with keys relative to `scope`.
fn emit(doc: &Assessment, ix: NodeIx, scope: &str, blocks: &[String], out: &mut Vec<(String, Field)>) {
    let form = doc.form();
    let node = form.node(ix);
    let key = node.id.strip_prefix(scope).unwrap_or(&node.id).to_owned();
    let path = Path { item: node.id.clone(), blocks: blocks.to_vec() };
    match &node.kind {
        Kind::Group => {
            for &c in &node.children {
                emit(doc, c, scope, blocks, out);
            }
        }
        Kind::Repeat { .. } | Kind::PerBlock { .. } => {
            let mirror = matches!(node.kind, Kind::PerBlock { .. });
            let inner_scope = format!("{}.", node.id);
            let mut list = Vec::new();
            for id in doc.instances(&path) {
                let mut inner_blocks = blocks.to_vec();
                inner_blocks.push(id.clone());
                let mut values = Vec::new();
                for &c in &node.children {
                    emit(doc, c, &inner_scope, &inner_blocks, &mut values);
                }
                if !(mirror && values.is_empty()) {
                    list.push(BlockR { id: id.clone(), values: Fields(values) });
                }
            }
            if !list.is_empty() {
                out.push((key, Field::Blocks(list)));
            }
        }
        Kind::Derived(_) => {}
        _ => {
            if let Some(entry) = doc.get(&path) {
                out.push((key, to_field(entry)));
            }
        }
    }
}

fn to_field(entry: &Entry) -> Field {
    let field = match &entry.value {
        Value::Text(t) if t.withheld().is_empty() => Field::Text(t.as_str().to_owned()),
        Value::Text(t) => Field::Marked(
            t.segments()
                .into_iter()
                .map(|s| match s.withheld {
                    true => Span::Withheld(s.text.to_owned()),
                    false => Span::Open(s.text.to_owned()),
                })
                .collect(),
        ),
        Value::Choice(c) => Field::Choice(c.clone()),
        Value::Multi(picks) => Field::Multi(
            picks
                .iter()
                .map(|p| match p.detail.is_empty() {
                    true => PickR::Pick(p.option.clone()),
                    false => PickR::Detail(p.option.clone(), p.detail.clone()),
                })
                .collect(),
        ),
        Value::Date(d) if d.is_plain() => Field::Date(d.first().to_string()),
        Value::Date(d) => Field::Dates(d.entries().iter().map(|e| (e.date.to_string(), e.note.clone())).collect()),
        Value::Count(n) => Field::Count(*n),
        Value::Flag(f) => Field::Flag(*f),
        Value::Image(bytes) => Field::Image(base64::engine::general_purpose::STANDARD.encode(bytes)),
    };
    match entry.withheld {
        true => Field::Withheld(Box::new(field)),
        false => field,
    }
}

/// What importing changed in one value, for the user to be told (the CLI prints
/// [`ImportNote::message`] on stderr, the window shows it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportNote {
    /// Where the value is in the file.
    pub line: usize,
    pub col: usize,
    /// The item path, as written in the file's block ids (`ii.file[f-x].name`).
    pub path: String,
    pub changes: chars::Changes,
    /// Something else the import did, said in full (a stage record brought in line with Ⅵ).
    pub said: Option<String>,
}

impl ImportNote {
    /// 「12行目 i.task.content: 部首の文字（U+2F0A、U+2F12）を通常の漢字（入力）に置き換えました。」
    pub fn message(&self) -> String {
        let what = self.said.clone().unwrap_or_else(|| self.changes.notice());
        format!("{}行目 {}: {what}", self.line, self.path)
    }
}

/// An imported assessment and what was cleaned on the way in.
#[derive(Debug)]
pub struct Imported {
    pub doc: Assessment,
    pub notes: Vec<ImportNote>,
}

/// Reads an assessment from RON text exactly as written (a stored version, a test fixture).
pub fn import(text: &str) -> Result<Assessment, RonError> {
    read(text, false).map(|i| i.doc)
}

/// Reads an assessment brought in from outside: each text is cleaned as pasted text is
/// (look-alike radicals → kanji, control characters removed), and each value that changed is
/// noted, in file order.
pub fn import_with_notes(text: &str) -> Result<Imported, RonError> {
    read(text, true)
}

fn read(text: &str, clean: bool) -> Result<Imported, RonError> {
    // Windows Notepad saves UTF-8 with a byte order mark.
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let syntax = |e: ron::error::SpannedError| RonError::Syntax {
        line: e.span.start.line,
        col: e.span.start.col,
        message: e.code.to_string(),
    };
    if let Ok(probe) = ron::from_str::<FormatProbe>(text)
        && probe.format > FORMAT
    {
        return Err(RonError::NewerFormat { found: probe.format, supported: FORMAT });
    }
    let file: FileR = ron::from_str(text).map_err(syntax)?;
    if file.format > FORMAT {
        return Err(RonError::NewerFormat { found: file.format, supported: FORMAT });
    }
    let form = form::by_key(&file.form).ok_or(RonError::UnknownForm { key: file.form.clone() })?;
    let mut reader = Reader { form, text, edits: Vec::new(), mirrors: Vec::new(), clean, notes: Vec::new() };
    reader.load(&file.values, None, &[])?;
    let mut seen = std::collections::HashSet::new();
    for a in &file.acknowledged {
        let at = At { blocks: Vec::new(), key: a.finding.clone(), path: "acknowledged".into() };
        if !seen.insert(a.finding.as_str()) {
            return Err(at.error(text, ItemProblem::Duplicate));
        }
        let on =
            crate::doc::date::parse_iso(&a.on).ok_or_else(|| at.error(text, ItemProblem::BadMarkDate(a.on.clone())))?;
        let mut reason = a.reason.clone();
        if clean {
            chars::clean(&mut reason);
        }
        let mark = Some(crate::doc::Acknowledgement { reason, on });
        reader.edits.push((Edit::Acknowledge { finding: a.finding.clone(), mark }, at));
    }
    read_records(
        &mut reader,
        &file.questions,
        |q| (q.id.clone(), format!("questions[{}]", q.number)),
        |q| {
            for field in [&mut q.question, &mut q.answer] {
                clean_field(field);
            }
            chars::clean(&mut q.asker);
        },
        |q| from_question_r(q).map(|(id, q)| Edit::ReviewItem { id, question: Some(Box::new(q)) }),
    )?;
    read_records(
        &mut reader,
        &file.actions,
        |a| (a.id.clone(), format!("actions[{}]", a.id)),
        |a| {
            for s in [&mut a.issue, &mut a.measure, &mut a.responsible] {
                chars::clean(s);
            }
        },
        |a| from_action_r(a).map(|(id, a)| Edit::Action { id, action: Some(Box::new(a)) }),
    )?;
    read_records(
        &mut reader,
        &file.stages,
        |r| (r.id.clone(), format!("stages[{}]", r.id)),
        |r| {
            for s in [&mut r.method, &mut r.outcome, &mut r.reflection, &mut r.shortened] {
                chars::clean(s);
            }
            for (_, note) in &mut r.meetings {
                chars::clean(note);
            }
        },
        |r| from_stage_r(r).map(|(id, r)| Edit::Stage { id, record: Some(Box::new(r)) }),
    )?;

    // Lists first (outer before inner) so every value finds its block, then the values.
    let Reader { mut edits, mirrors, mut notes, .. } = reader;
    edits.sort_by_key(|(e, _)| match e {
        Edit::Order { list, .. } => (0, list.blocks.len()),
        Edit::Value { .. } => (1, 0),
        Edit::Acknowledge { .. } => (2, 0),
        Edit::ReviewItem { .. } | Edit::Action { .. } => (3, 0),
        Edit::Stage { .. } => (4, 0),
    });
    let mut doc = Assessment::new(form);
    let (stages, edits): (Vec<_>, Vec<_>) = edits.into_iter().partition(|(e, _)| matches!(e, Edit::Stage { .. }));
    for (edit, at) in edits {
        if let Err(problem) = doc.apply(vec![edit]) {
            return Err(at.error(text, ItemProblem::Invalid(problem)));
        }
    }
    // Ⅵ as written is what the file says: the record Ⅵ is filled from takes it, and the user
    // is told where they disagreed (a hand edit of Ⅵ in the RON file is never undone).
    let stages = crate::review::procedure::in_line_with_vi(&doc, stages, |(e, _)| match e {
        Edit::Stage { id, record: Some(r) } => Some((id.clone(), (**r).clone())),
        _ => None,
    });
    for ((edit, at), changed) in stages {
        if changed && let Edit::Stage { record: Some(r), .. } = &edit {
            let (line, col) = locate(text, &at.blocks, &at.key);
            notes.push(ImportNote {
                line,
                col,
                path: at.path.clone(),
                changes: chars::Changes::default(),
                said: Some(format!(
                    "Ⅵの記載と{}の記録が食い違っていたため、Ⅵの記載を記録に取り込みました",
                    r.stage.label()
                )),
            });
        }
        if let Err(problem) = doc.apply(vec![edit]) {
            return Err(at.error(text, ItemProblem::Invalid(problem)));
        }
    }
    for (list, id, at) in mirrors {
        if !doc.instances(&list).contains(&id) {
            return Err(at.error(text, ItemProblem::UnknownMirror(id)));
        }
    }
    Ok(Imported { doc, notes })
}

/// Reads one kind of record kept beside the form (質問事項, 対策計画, stage records): each id once,
/// its texts cleaned when the reader cleans, each turned into its edit.
fn read_records<R: Clone>(
    reader: &mut Reader,
    records: &[R],
    key: impl Fn(&R) -> (String, String),
    tidy: impl Fn(&mut R),
    edit: impl Fn(&R) -> Result<Edit, ItemProblem>,
) -> Result<(), RonError> {
    let mut seen = std::collections::HashSet::new();
    for r in records {
        let (id, path) = key(r);
        let at = At { blocks: Vec::new(), key: id.clone(), path };
        if !seen.insert(id) {
            return Err(at.error(reader.text, ItemProblem::Duplicate));
        }
        let mut r = r.clone();
        if reader.clean {
            tidy(&mut r);
        }
        let e = edit(&r).map_err(|problem| at.error(reader.text, problem))?;
        reader.edits.push((e, at));
    }
    Ok(())
}

/// Where an entry stands in the file: the block ids leading to it and its key.
#[derive(Clone)]
struct At {
    blocks: Vec<String>,
    key: String,
    path: String,
}

impl At {
    fn error(&self, text: &str, problem: ItemProblem) -> RonError {
        let (line, col) = locate(text, &self.blocks, &self.key);
        RonError::Item { line, col, path: self.path.clone(), problem }
    }
}

/// Finds the key inside the named blocks: the first `"key"` after each block id in turn.
fn locate(text: &str, blocks: &[String], key: &str) -> (usize, usize) {
    let mut pos = 0;
    for b in blocks {
        if let Some(i) = text[pos..].find(&format!("\"{b}\"")) {
            pos += i;
        }
    }
    if let Some(i) = text[pos..].find(&format!("\"{key}\"")) {
        pos += i;
    }
    let before = &text[..pos];
    let line = before.matches('\n').count() + 1;
    let col = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, col)
}

struct Reader<'a> {
    form: &'static Form,
    text: &'a str,
    edits: Vec<(Edit, At)>,
    /// Per-block instances named in the file, checked once every list is known.
    mirrors: Vec<(Path, String, At)>,
    /// Clean texts (and note what changed) as they come in.
    clean: bool,
    notes: Vec<ImportNote>,
}

impl Reader<'_> {
    fn load(&mut self, fields: &Fields, scope: Option<NodeIx>, blocks: &[String]) -> Result<(), RonError> {
        let form = self.form;
        let prefix = scope.map(|s| format!("{}.", form.node(s).id)).unwrap_or_default();
        for (i, (key, field)) in fields.0.iter().enumerate() {
            let item = format!("{prefix}{key}");
            let path = Path { item: item.clone(), blocks: blocks.to_vec() };
            let at = At { blocks: blocks.to_vec(), key: key.clone(), path: path.render(form) };
            let fail = |p| Err(at.error(self.text, p));
            if fields.0[..i].iter().any(|(k, _)| k == key) {
                return fail(ItemProblem::Duplicate);
            }
            // A key must name a node whose nearest enclosing block is this scope.
            let ix = match form.find(&item) {
                Some(ix) if form.node(ix).blocks.last().copied() == scope => ix,
                _ => return fail(ItemProblem::Unknown),
            };
            let node = form.node(ix);
            match (&node.kind, field) {
                (Kind::Group, _) => return fail(ItemProblem::Heading),
                (Kind::Derived(_), _) => return fail(ItemProblem::Derived),
                (Kind::Repeat { .. } | Kind::PerBlock { .. }, Field::Blocks(list)) => {
                    let ids: Vec<String> = list.iter().map(|b| b.id.clone()).collect();
                    if matches!(node.kind, Kind::Repeat { .. }) {
                        self.edits.push((Edit::Order { list: path.clone(), ids }, at.clone()));
                    } else {
                        for id in ids {
                            self.mirrors.push((path.clone(), id, at.clone()));
                        }
                    }
                    for b in list {
                        let mut inner = blocks.to_vec();
                        inner.push(b.id.clone());
                        self.load(&b.values, Some(ix), &inner)?;
                    }
                }
                (Kind::Repeat { .. } | Kind::PerBlock { .. }, _) => return fail(ItemProblem::ExpectedBlocks),
                (_, Field::Blocks(_)) => return fail(ItemProblem::UnexpectedBlocks),
                (_, field) => {
                    let mut field = std::borrow::Cow::Borrowed(field);
                    if self.clean {
                        let changes = clean_field(field.to_mut());
                        if !changes.is_empty() {
                            let (line, col) = locate(self.text, &at.blocks, &at.key);
                            self.notes.push(ImportNote { line, col, path: path.render(form), changes, said: None });
                        }
                    }
                    let entry = from_field(&field).map_err(|p| at.error(self.text, p))?;
                    self.edits.push((Edit::Value { path, entry: Some(entry) }, at));
                }
            }
        }
        Ok(())
    }
}

/// Cleans every text a value holds (see `crate::chars::input`).
fn clean_field(field: &mut Field) -> chars::Changes {
    let mut changes = chars::Changes::default();
    match field {
        Field::Text(s) => changes.merge(chars::clean(s)),
        Field::Marked(spans) => {
            for span in spans {
                let (Span::Open(s) | Span::Withheld(s)) = span;
                changes.merge(chars::clean(s));
            }
        }
        Field::Multi(picks) => {
            for p in picks {
                if let PickR::Detail(_, d) = p {
                    changes.merge(chars::clean(d));
                }
            }
        }
        Field::Dates(list) => {
            for (_, note) in list {
                changes.merge(chars::clean(note));
            }
        }
        Field::Withheld(inner) => changes.merge(clean_field(inner)),
        _ => {}
    }
    changes
}

fn from_field(field: &Field) -> Result<Entry, ItemProblem> {
    let value = match field {
        Field::Withheld(inner) => {
            if matches!(**inner, Field::Withheld(_)) {
                return Err(ItemProblem::NestedWithheld);
            }
            let mut e = from_field(inner)?;
            e.withheld = true;
            return Ok(e);
        }
        Field::Text(s) => Value::Text(Text::plain(s)),
        Field::Marked(spans) => Value::Text(Text::from_segments(spans.iter().map(|s| match s {
            Span::Open(t) => (t.as_str(), false),
            Span::Withheld(t) => (t.as_str(), true),
        }))),
        Field::Choice(c) => Value::Choice(c.clone()),
        Field::Multi(picks) => Value::Multi(
            picks
                .iter()
                .map(|p| match p {
                    PickR::Pick(o) => Pick::plain(o),
                    PickR::Detail(o, d) => Pick { option: o.clone(), detail: d.clone() },
                })
                .collect(),
        ),
        Field::Date(s) => Value::date(crate::doc::date::parse_iso(s).ok_or_else(|| ItemProblem::BadDate(s.clone()))?),
        Field::Dates(list) => {
            let mut entries = Vec::new();
            for (d, note) in list {
                let date = crate::doc::date::parse_iso(d).ok_or_else(|| ItemProblem::BadDate(d.clone()))?;
                entries.push(crate::doc::Dated { date, note: note.clone() });
            }
            Value::Date(crate::doc::Dates::new(entries).ok_or(ItemProblem::NoDates)?)
        }
        Field::Count(n) => Value::Count(*n),
        Field::Flag(f) => Value::Flag(*f),
        Field::Image(b64) => Value::Image({
            let bytes =
                base64::engine::general_purpose::STANDARD.decode(b64.trim()).map_err(|_| ItemProblem::BadImage)?;
            crate::doc::check_picture(&bytes).map_err(|_| ItemProblem::BrokenImage)?;
            bytes.into()
        }),
        Field::Blocks(_) => return Err(ItemProblem::UnexpectedBlocks),
    };
    Ok(Entry::new(value))
}

#[cfg(test)]
mod tests;

/// One value in the RON syntax (how the SQLite file stores draft values).
pub fn entry_to_text(entry: &Entry) -> String {
    ron::to_string(&to_field(entry)).expect("plain data always serialises")
}

/// One 質問事項 as RON text (how the file stores it, one row per question).
pub fn question_to_text(form: &Form, id: &str, q: &crate::review::ReviewItem) -> String {
    ron::to_string(&question_r(form, id, q)).expect("plain data always serialises")
}

/// Parses a question stored by [`question_to_text`]: its id and the question.
pub fn question_from_text(text: &str) -> Result<(String, crate::review::ReviewItem), String> {
    let r: QuestionR = ron::from_str(text).map_err(|e| e.to_string())?;
    from_question_r(&r).map_err(|e| e.to_string())
}

fn text_field(t: &Text) -> Field {
    to_field(&Entry::new(Value::Text(t.clone())))
}

fn question_r(form: &Form, id: &str, q: &crate::review::ReviewItem) -> QuestionR {
    QuestionR {
        id: id.to_owned(),
        number: q.number.clone(),
        item: q.item.render(form),
        version: q.version,
        page: q.page,
        asker: q.asker.clone(),
        asked_on: q.asked_on.map(|d| d.to_string()),
        question: text_field(&q.question),
        answer: text_field(&q.answer),
        status: q.status.label().to_owned(),
    }
}

fn from_question_r(r: &QuestionR) -> Result<(String, crate::review::ReviewItem), ItemProblem> {
    // `Withheld(Text(…))` withholds the whole text, as it does an answer of the form.
    let text = |f: &Field| {
        let entry = from_field(f)?;
        match entry.value {
            Value::Text(t) if entry.withheld => Ok(Text::from_segments([(t.as_str(), true)])),
            Value::Text(t) => Ok(t),
            _ => Err(ItemProblem::QuestionText),
        }
    };
    let item = Path::parse(&r.item).ok_or_else(|| ItemProblem::QuestionItem(r.item.clone()))?;
    let asked_on = match &r.asked_on {
        Some(d) => Some(crate::doc::date::parse_iso(d).ok_or_else(|| ItemProblem::BadMarkDate(d.clone()))?),
        None => None,
    };
    let status =
        crate::review::Status::from_label(&r.status).ok_or_else(|| ItemProblem::QuestionStatus(r.status.clone()))?;
    let question = crate::review::ReviewItem {
        number: r.number.clone(),
        item,
        version: r.version,
        page: r.page,
        asker: r.asker.clone(),
        asked_on,
        question: text(&r.question)?,
        answer: text(&r.answer)?,
        status,
    };
    Ok((r.id.clone(), question))
}

/// One planned measure as RON text (one row per action in the file).
pub fn action_to_text(form: &Form, id: &str, a: &crate::review::action::Action) -> String {
    ron::to_string(&action_r(form, id, a)).expect("plain data always serialises")
}

/// Parses an action stored by [`action_to_text`]: its id and the action.
pub fn action_from_text(text: &str) -> Result<(String, crate::review::action::Action), String> {
    let r: ActionR = ron::from_str(text).map_err(|e| e.to_string())?;
    from_action_r(&r).map_err(|e| e.to_string())
}

fn action_r(form: &Form, id: &str, a: &crate::review::action::Action) -> ActionR {
    ActionR {
        id: id.to_owned(),
        item: a.item.render(form),
        issue: a.issue.clone(),
        measure: a.measure.clone(),
        responsible: a.responsible.clone(),
        due: a.due.map(|d| d.to_string()),
        progress: a.progress.label().to_owned(),
    }
}

fn from_action_r(r: &ActionR) -> Result<(String, crate::review::action::Action), ItemProblem> {
    use crate::review::action::{Action, Progress};
    let item = Path::parse(&r.item).ok_or_else(|| ItemProblem::QuestionItem(r.item.clone()))?;
    let due = match &r.due {
        Some(d) => Some(crate::doc::date::parse_iso(d).ok_or_else(|| ItemProblem::BadMarkDate(d.clone()))?),
        None => None,
    };
    let progress = Progress::from_label(&r.progress).ok_or_else(|| ItemProblem::ActionProgress(r.progress.clone()))?;
    let action = Action {
        item,
        issue: r.issue.clone(),
        measure: r.measure.clone(),
        responsible: r.responsible.clone(),
        due,
        progress,
    };
    Ok((r.id.clone(), action))
}

/// One stage record as RON text (one row per record in the file).
pub fn stage_to_text(id: &str, r: &crate::review::procedure::StageRecord) -> String {
    ron::to_string(&stage_r(id, r)).expect("plain data always serialises")
}

/// Parses a record stored by [`stage_to_text`]: its id and the record.
pub fn stage_from_text(text: &str) -> Result<(String, crate::review::procedure::StageRecord), String> {
    let r: StageR = ron::from_str(text).map_err(|e| e.to_string())?;
    from_stage_r(&r).map_err(|e| e.to_string())
}

fn stage_r(id: &str, r: &crate::review::procedure::StageRecord) -> StageR {
    StageR {
        id: id.to_owned(),
        stage: r.stage.label().to_owned(),
        start: r.start.map(|d| d.to_string()),
        end: r.end.map(|d| d.to_string()),
        meetings: r.meetings.iter().flat_map(|m| m.entries()).map(|d| (d.date.to_string(), d.note.clone())).collect(),
        method: r.method.clone(),
        outcome: r.outcome.clone(),
        reflection: r.reflection.clone(),
        shortened: r.shortened.clone(),
        no_opinion: r.no_opinion,
        version: r.version,
    }
}

fn from_stage_r(r: &StageR) -> Result<(String, crate::review::procedure::StageRecord), ItemProblem> {
    use crate::review::procedure::StageRecord;
    let stage = crate::store::Stage::parse(&r.stage).ok_or_else(|| ItemProblem::StageName(r.stage.clone()))?;
    let date = |s: &Option<String>| match s {
        Some(d) => crate::doc::date::parse_iso(d).map(Some).ok_or_else(|| ItemProblem::BadMarkDate(d.clone())),
        None => Ok(None),
    };
    let mut meetings = Vec::new();
    for (d, note) in &r.meetings {
        let date = crate::doc::date::parse_iso(d).ok_or_else(|| ItemProblem::BadMarkDate(d.clone()))?;
        meetings.push(crate::doc::Dated { date, note: note.clone() });
    }
    let record = StageRecord {
        stage,
        start: date(&r.start)?,
        end: date(&r.end)?,
        meetings: crate::doc::Dates::new(meetings),
        method: r.method.clone(),
        outcome: r.outcome.clone(),
        reflection: r.reflection.clone(),
        shortened: r.shortened.clone(),
        no_opinion: r.no_opinion,
        version: r.version,
    };
    Ok((r.id.clone(), record))
}

/// Parses a value stored by [`entry_to_text`].
pub fn entry_from_text(text: &str) -> Result<Entry, String> {
    let field: Field = ron::from_str(text).map_err(|e| e.to_string())?;
    from_field(&field).map_err(|e| e.to_string())
}
