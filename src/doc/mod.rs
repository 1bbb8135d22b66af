//! An assessment: the values of its items keyed by path, and the ordered instances of its
//! repeated blocks. Every change goes through [`Assessment::apply`], which validates it against
//! the schema and returns the edit that undoes it.

mod answer;
mod blocks;
mod completion;
pub mod date;
pub(crate) mod path;
mod replace;
mod value;

pub use answer::answer;
pub use completion::Completion;
pub use date::{Dated, Dates};
pub use path::Path;
pub use replace::Replacement;
pub(crate) use value::normalize_newlines;
pub use value::{
    Entry, ImageFormat, MAX_IMAGE_BYTES, Pick, Segment, Text, Value, WITHHELD, check_picture, image_summary,
    plain_picture,
};

use crate::form::{Derivation, Form, Kind, NodeIx};
use std::collections::BTreeMap;
use thiserror::Error;

/// Why an edit or a value does not fit the schema. Each names the item path.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum DocError {
    #[error("unknown item {0}")]
    UnknownItem(String),
    #[error("{0} is a heading or a derived item and holds no value")]
    NotAValue(String),
    #[error("{0} is not a repeated block")]
    NotABlockList(String),
    #[error("{path} is inside {expected} block(s) but the path names {found}")]
    WrongNesting { path: String, expected: usize, found: usize },
    #[error("{path}: there is no block instance {id:?}")]
    NoSuchBlock { path: String, id: String },
    #[error("{path}: block id {id:?} is already used")]
    DuplicateBlock { path: String, id: String },
    #[error("{path}: invalid block id {id:?} (use ASCII letters, digits and '-')")]
    InvalidBlockId { path: String, id: String },
    #[error("{path}: a {kind} item cannot hold this kind of value")]
    WrongKind { path: String, kind: &'static str },
    #[error("{path}: {option:?} is not one of the options")]
    UnknownOption { path: String, option: String },
    #[error("{path}: {option:?} is picked twice")]
    RepeatedOption { path: String, option: String },
    #[error("{path}: {chars} characters is over the limit of {max}")]
    TooLong { path: String, chars: usize, max: u32 },
    #[error("{path}: this item may not be withheld from the published edition")]
    NotWithholdable { path: String },
    #[error("{path}: the picture is not a PNG or JPEG file")]
    NotAnImage { path: String },
    #[error("{path}: the picture is {bytes} bytes, over the limit of {max}")]
    ImageTooLarge { path: String, bytes: usize, max: usize },
    #[error("{path}: the instances of a per-file block follow the file list and cannot be edited")]
    FollowsAnotherList { path: String },
    #[error("{path}: holds one date, not several")]
    SeveralDates { path: String },
    #[error("{path}: {problem:?}")]
    BadDates { path: String, problem: Box<date::DatesProblem> },
    #[error("acknowledgement {finding:?}: the reason holds a control character")]
    ReasonControl { finding: String },
    #[error("acknowledgement {finding:?}: the reason is empty")]
    ReasonMissing { finding: String },
    #[error("acknowledgement {finding:?}: the reason is {chars} characters, over the limit of {max}")]
    ReasonTooLong { finding: String, chars: usize, max: usize },
    #[error("acknowledgement {0:?}: not a finding key (a rule id, '-' and 32 hex digits)")]
    BadFindingKey(String),
    #[error("{0}")]
    ReviewItem(Box<crate::review::QuestionError>),
    #[error("{0}")]
    Action(Box<crate::review::action::ActionError>),
    #[error("{0}")]
    Stage(Box<crate::review::procedure::StageError>),
}

/// A fresh id: `prefix`, `-` and six random lowercase letters or digits, drawn again while
/// `taken` says it is in use (block instances, 質問事項, 対策計画).
pub fn fresh_id(prefix: &str, taken: impl Fn(&str) -> bool) -> String {
    loop {
        let suffix: String = (0..6).map(|_| fastrand::alphanumeric().to_ascii_lowercase()).collect();
        let id = format!("{prefix}-{suffix}");
        if !taken(&id) {
            return id;
        }
    }
}

/// `t` with each withheld passage replaced by 「（非公開）」 (still marked withheld).
fn redact(t: &Text) -> Text {
    if t.withheld().is_empty() {
        return t.clone();
    }
    let segments: Vec<(&str, bool)> =
        t.segments().iter().map(|s| if s.withheld { (WITHHELD, true) } else { (s.text, false) }).collect();
    Text::from_segments(segments)
}

/// The longest reason a 確認済み mark takes, in characters.
pub const MAX_REASON_CHARS: usize = 400;

/// A 事前点検 finding the department has looked at and judged right as written (「確認済み」),
/// with the reason it gives reviewers and the day it was marked. Kept in the file under the
/// finding's key (`check::Finding::key`), which changes when the texts the finding read change:
/// the finding then speaks again.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Acknowledgement {
    /// Why the finding does not call for a change (1 to [`MAX_REASON_CHARS`] characters).
    pub reason: String,
    pub on: jiff::civil::Date,
}

/// Whether `key` has the shape of a finding key: the id of one of the checker's rules, `-`, and
/// 32 lowercase hex digits (`W04-0123…`).
pub fn is_finding_key(key: &str) -> bool {
    let Some((rule, hash)) = key.split_once('-') else { return false };
    crate::check::RULES.iter().any(|r| r.id == rule)
        && hash.len() == 32
        && hash.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// Whether a reason says nothing a reader can see: only blanks and invisible characters
/// (zero-width spaces, byte order marks, soft hyphens, joiners).
fn is_invisible(s: &str) -> bool {
    s.chars().all(|c| {
        c.is_whitespace()
            || matches!(c, '\u{00AD}' | '\u{034F}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{2028}'..='\u{202E}' | '\u{2060}'..='\u{206F}' | '\u{FEFF}')
            || crate::chars::is_variation_selector(c)
    })
}

/// One primitive change; a user action is a list of them. The inverse of each is again one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Edit {
    /// Set (`Some`) or clear (`None`) the value at a path.
    Value { path: Path, entry: Option<Entry> },
    /// Replace the instance order of a block list (adds and removes instance ids).
    Order { list: Path, ids: Vec<String> },
    /// Mark (`Some`) or unmark (`None`) the finding with this key as 確認済み.
    Acknowledge { finding: String, mark: Option<Acknowledgement> },
    /// Set (`Some`) or remove (`None`) the planned measure (対策計画) with this id.
    Action { id: String, action: Option<Box<crate::review::action::Action>> },
    /// Set (`Some`) or remove (`None`) the 質問事項 with this id (`review`).
    ReviewItem { id: String, question: Option<Box<crate::review::ReviewItem>> },
    /// Set (`Some`) or remove (`None`) the record of a procedure stage with this id
    /// (`review::procedure`); Ⅵ is filled from the records in the same step.
    Stage { id: String, record: Option<Box<crate::review::procedure::StageRecord>> },
}

/// A whole assessment, written on one 様式 version.
#[derive(Clone, Debug)]
pub struct Assessment {
    form: &'static Form,
    values: BTreeMap<Path, Entry>,
    lists: BTreeMap<Path, Vec<String>>,
    acknowledged: BTreeMap<String, Acknowledgement>,
    questions: BTreeMap<String, crate::review::ReviewItem>,
    actions: BTreeMap<String, crate::review::action::Action>,
    stages: BTreeMap<String, crate::review::procedure::StageRecord>,
}

impl PartialEq for Assessment {
    fn eq(&self, other: &Self) -> bool {
        self.form.key == other.form.key
            && self.values == other.values
            && self.lists == other.lists
            && self.acknowledged == other.acknowledged
            && self.questions == other.questions
            && self.actions == other.actions
            && self.stages == other.stages
    }
}

impl Assessment {
    /// An empty assessment on `form`.
    pub fn new(form: &'static Form) -> Assessment {
        Assessment {
            form,
            values: BTreeMap::new(),
            lists: BTreeMap::new(),
            acknowledged: BTreeMap::new(),
            questions: BTreeMap::new(),
            actions: BTreeMap::new(),
            stages: BTreeMap::new(),
        }
    }

    pub fn form(&self) -> &'static Form {
        self.form
    }

    /// The public copy (公表): every withheld passage replaced by 「（非公開）」, every withheld
    /// item by a text 「（非公開）」 still marked withheld, so that whatever is made from it — a
    /// PDF, a comparison, a 事前点検 list, a workbook — cannot contain a withheld character, even
    /// through a path that forgets to ask for the public edition (規則第13条 非公開).
    ///
    /// The copy is for output only: a withheld choice or date becomes a text there, which the
    /// schema would refuse as an edit.
    /// 確認済み marks are left out too: their reasons are the department's words to itself and
    /// may quote a withheld passage.
    pub fn redacted(&self) -> Assessment {
        let mut out = self.clone();
        out.acknowledged.clear();
        for entry in out.values.values_mut() {
            if entry.withheld {
                entry.value = Value::Text(Text::from_segments([(WITHHELD, true)]));
            } else if let Value::Text(t) = &entry.value
                && !t.withheld().is_empty()
            {
                entry.value = Value::Text(redact(t));
            }
        }
        // A plan's words are the department's own and may quote a withheld passage: none in
        // a public output.
        out.actions.clear();
        // Stage records are kept: they repeat Ⅵ, no item of which can be withheld, and the
        // 公表用 部会報告書 reads its 審議経過 from them.
        // 質問事項 and answers withhold passages the same way.
        for q in out.questions.values_mut() {
            q.question = redact(&q.question);
            q.answer = redact(&q.answer);
        }
        out
    }

    /// The stored entry at a path, if any.
    pub fn get(&self, path: &Path) -> Option<&Entry> {
        self.values.get(path)
    }

    /// The plain text at a path ("" when empty or not a text).
    pub fn text(&self, path: &Path) -> &str {
        match self.values.get(path).map(|e| &e.value) {
            Some(Value::Text(t)) => t.as_str(),
            _ => "",
        }
    }

    /// The picked option of a Choice ("" when none).
    pub fn choice(&self, path: &Path) -> &str {
        match self.values.get(path).map(|e| &e.value) {
            Some(Value::Choice(c)) => c,
            _ => "",
        }
    }

    /// Every stored value, in path order.
    pub fn values(&self) -> impl Iterator<Item = (&Path, &Entry)> {
        self.values.iter()
    }

    /// The 確認済み mark kept under a finding key, if any.
    pub fn acknowledgement(&self, finding: &str) -> Option<&Acknowledgement> {
        self.acknowledged.get(finding)
    }

    /// Every 確認済み mark with its finding key, in key order (marks whose finding no longer
    /// speaks included).
    pub fn acknowledgements(&self) -> impl Iterator<Item = (&String, &Acknowledgement)> {
        self.acknowledged.iter()
    }

    /// The 質問事項 with this id, if any.
    pub fn question(&self, id: &str) -> Option<&crate::review::ReviewItem> {
        self.questions.get(id)
    }

    /// Every 質問事項 with its id, in id order (`review::ordered` gives them by number).
    pub fn questions(&self) -> impl Iterator<Item = (&String, &crate::review::ReviewItem)> {
        self.questions.iter()
    }

    /// The planned measure (対策計画) with this id, if any.
    pub fn action(&self, id: &str) -> Option<&crate::review::action::Action> {
        self.actions.get(id)
    }

    /// Every planned measure with its id, in id order (`review::action::ordered` gives them in
    /// 様式 order).
    pub fn actions(&self) -> impl Iterator<Item = (&String, &crate::review::action::Action)> {
        self.actions.iter()
    }

    /// The record of a procedure stage with this id, if any.
    pub fn stage(&self, id: &str) -> Option<&crate::review::procedure::StageRecord> {
        self.stages.get(id)
    }

    /// Every procedure stage record with its id, in id order (`review::procedure::ordered`
    /// gives them in the order taken).
    pub fn stages(&self) -> impl Iterator<Item = (&String, &crate::review::procedure::StageRecord)> {
        self.stages.iter()
    }

    /// Every stored block list (own order, not per-block mirrors), in path order.
    pub fn lists(&self) -> impl Iterator<Item = (&Path, &Vec<String>)> {
        self.lists.iter()
    }

    /// The instances of a block list. For a per-block list (Ⅲ per file), the source's instances.
    pub fn instances(&self, list: &Path) -> &[String] {
        let Some(ix) = self.form.find(&list.item) else { return &[] };
        let source = self.form.instance_source(ix);
        let key = Path { item: self.form.node(source).id.clone(), blocks: list.blocks.clone() };
        self.lists.get(&key).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Applies edits atomically: all are validated first, then applied. Returns the edits that
    /// undo them (apply those to go back).
    pub fn apply(&mut self, edits: Vec<Edit>) -> Result<Vec<Edit>, DocError> {
        let edits = self.with_records(edits)?;
        // Validate against the state each edit will see, on a scratch copy only when needed.
        if edits.len() > 1 {
            let mut scratch = self.clone();
            for e in &edits {
                scratch.check(e)?;
                scratch.apply_unchecked(e.clone());
            }
        } else if let Some(e) = edits.first() {
            self.check(e)?;
        }
        let mut undo: Vec<Edit> = edits.into_iter().map(|e| self.apply_unchecked(e)).collect();
        undo.reverse();
        Ok(undo)
    }

    /// `edits` with the edits that keep Ⅵ and the stage records it is filled from as one
    /// (`review::procedure`): a record edit fills Ⅵ, an answer typed into a filled Ⅵ item goes
    /// into its record. Callers that store the edits they apply (autosave) take this list, so
    /// the file holds both halves of the step. [`Assessment::apply`] calls it too.
    ///
    /// Errors: the first edit the document refuses.
    pub fn with_records(&self, mut edits: Vec<Edit>) -> Result<Vec<Edit>, DocError> {
        let record_edit = edits.iter().any(|e| matches!(e, Edit::Stage { .. }));
        let typed_into_filled = self.stages.values().next().is_some()
            && edits
                .iter()
                .any(|e| matches!(e, Edit::Value { path, .. } if crate::review::procedure::is_filled(self, path)));
        if record_edit || typed_into_filled {
            let mut scratch = self.clone();
            for e in &edits {
                scratch.check(e)?;
                scratch.apply_unchecked(e.clone());
            }
            if !record_edit {
                let absorbed = crate::review::procedure::absorb_edits(self, &scratch);
                for e in &absorbed {
                    scratch.check(e)?;
                    scratch.apply_unchecked(e.clone());
                }
                edits.extend(absorbed);
            }
            edits.extend(crate::review::procedure::fill_edits(&scratch));
        }
        Ok(edits)
    }

    /// Sets one value; shorthand for a single [`Edit::Value`].
    pub fn set(&mut self, path: Path, entry: Option<Entry>) -> Result<Vec<Edit>, DocError> {
        self.apply(vec![Edit::Value { path, entry }])
    }

    fn apply_unchecked(&mut self, edit: Edit) -> Edit {
        match edit {
            Edit::Value { path, entry } => {
                let old = match entry {
                    Some(e) => self.values.insert(path.clone(), e),
                    None => self.values.remove(&path),
                };
                Edit::Value { path, entry: old }
            }
            Edit::Order { list, ids } => {
                let old = if ids.is_empty() { self.lists.remove(&list) } else { self.lists.insert(list.clone(), ids) };
                Edit::Order { list, ids: old.unwrap_or_default() }
            }
            Edit::Acknowledge { finding, mark } => {
                let old = match mark {
                    Some(m) => self.acknowledged.insert(finding.clone(), m),
                    None => self.acknowledged.remove(&finding),
                };
                Edit::Acknowledge { finding, mark: old }
            }
            Edit::Action { id, action } => {
                let old = match action {
                    Some(a) => self.actions.insert(id.clone(), *a),
                    None => self.actions.remove(&id),
                };
                Edit::Action { id, action: old.map(Box::new) }
            }
            Edit::ReviewItem { id, question } => {
                let old = match question {
                    Some(q) => self.questions.insert(id.clone(), *q),
                    None => self.questions.remove(&id),
                };
                Edit::ReviewItem { id, question: old.map(Box::new) }
            }
            Edit::Stage { id, record } => {
                let old = match record {
                    Some(r) => self.stages.insert(id.clone(), *r),
                    None => self.stages.remove(&id),
                };
                Edit::Stage { id, record: old.map(Box::new) }
            }
        }
    }

    fn check(&self, edit: &Edit) -> Result<(), DocError> {
        match edit {
            Edit::Value { path, entry } => {
                let ix = self.locate(path)?;
                if !self.form.node(ix).kind.holds_value() {
                    return Err(DocError::NotAValue(path.render(self.form)));
                }
                match entry {
                    Some(e) => self.check_entry(ix, path, e),
                    None => Ok(()),
                }
            }
            Edit::Order { list, ids } => self.check_order(list, ids),
            Edit::Acknowledge { finding, mark } => {
                if !is_finding_key(finding) {
                    return Err(DocError::BadFindingKey(finding.clone()));
                }
                let Some(m) = mark else { return Ok(()) };
                // Counted as a reader counts: 「👨‍👩‍👧」 is one character.
                let chars = crate::chars::clusters(&m.reason).count();
                if is_invisible(&m.reason) {
                    Err(DocError::ReasonMissing { finding: finding.clone() })
                } else if m.reason.chars().any(|c| c.is_control() && c != '\n') {
                    Err(DocError::ReasonControl { finding: finding.clone() })
                } else if !date::YEARS.contains(&m.on.year()) {
                    Err(DocError::BadDates {
                        path: format!("確認済み {finding}"),
                        problem: Box::new(date::DatesProblem::OutOfRange(m.on.to_string())),
                    })
                } else if chars > MAX_REASON_CHARS {
                    Err(DocError::ReasonTooLong { finding: finding.clone(), chars, max: MAX_REASON_CHARS })
                } else {
                    Ok(())
                }
            }
            Edit::Action { id, action } => match action {
                Some(a) => crate::review::action::validate(self, id, a).map_err(|e| DocError::Action(Box::new(e))),
                None => Ok(()),
            },
            Edit::ReviewItem { id, question } => match question {
                Some(q) => crate::review::validate(self, id, q).map_err(|e| DocError::ReviewItem(Box::new(e))),
                None => Ok(()),
            },
            Edit::Stage { id, record } => match record {
                Some(r) => crate::review::procedure::validate(id, r).map_err(|e| DocError::Stage(Box::new(e))),
                None => Ok(()),
            },
        }
    }

    /// Resolves a path to its node and checks that every named block instance exists.
    fn locate(&self, path: &Path) -> Result<NodeIx, DocError> {
        let form = self.form;
        let ix = form.find(&path.item).ok_or_else(|| DocError::UnknownItem(path.to_string()))?;
        let node = form.node(ix);
        if node.blocks.len() != path.blocks.len() {
            return Err(DocError::WrongNesting {
                path: path.to_string(),
                expected: node.blocks.len(),
                found: path.blocks.len(),
            });
        }
        for (depth, &b) in node.blocks.iter().enumerate() {
            let list = Path { item: form.node(b).id.clone(), blocks: path.blocks[..depth].to_vec() };
            if !self.instances(&list).contains(&path.blocks[depth]) {
                return Err(DocError::NoSuchBlock { path: path.render(form), id: path.blocks[depth].clone() });
            }
        }
        Ok(ix)
    }

    fn check_entry(&self, ix: NodeIx, path: &Path, e: &Entry) -> Result<(), DocError> {
        let form = self.form;
        let node = form.node(ix);
        let p = || path.render(form);
        let wrong = |kind| Err(DocError::WrongKind { path: p(), kind });
        let withheld_span = matches!(&e.value, Value::Text(t) if !t.withheld().is_empty());
        if (e.withheld || withheld_span) && !node.withholdable {
            return Err(DocError::NotWithholdable { path: p() });
        }
        let option_ok = |o: &str| form.options(ix).iter().any(|d| d.label() == Some(o));
        match (&node.kind, &e.value) {
            (Kind::Text { max } | Kind::LongText { max }, Value::Text(t)) => {
                let chars = t.chars();
                if chars > *max as usize {
                    return Err(DocError::TooLong { path: p(), chars, max: *max });
                }
                Ok(())
            }
            (Kind::Choice { .. }, Value::Choice(c)) => match option_ok(c) {
                true => Ok(()),
                false => Err(DocError::UnknownOption { path: p(), option: c.clone() }),
            },
            (Kind::Multi { .. }, Value::Multi(picks)) => {
                for (i, pick) in picks.iter().enumerate() {
                    if !option_ok(&pick.option) {
                        return Err(DocError::UnknownOption { path: p(), option: pick.option.clone() });
                    }
                    if picks[..i].iter().any(|q| q.option == pick.option) {
                        return Err(DocError::RepeatedOption { path: p(), option: pick.option.clone() });
                    }
                }
                Ok(())
            }
            (Kind::Date, Value::Date(dates)) => match dates.problem(node.several) {
                None => Ok(()),
                Some(date::DatesProblem::OnlyOne) => Err(DocError::SeveralDates { path: p() }),
                Some(problem) => Err(DocError::BadDates { path: p(), problem: Box::new(problem) }),
            },
            (Kind::Count, Value::Count(_)) | (Kind::Flag, Value::Flag(_)) => Ok(()),
            // A reference holds a block id; whether that block exists is the checker's question
            // (an import may name a 委託事項 before the Ⅱ that defines it).
            (Kind::Ref { .. }, Value::Choice(id)) => match path::is_valid_block_id(id) {
                true => Ok(()),
                false => Err(DocError::InvalidBlockId { path: p(), id: id.clone() }),
            },
            (Kind::Image, Value::Image(bytes)) => {
                if bytes.len() > MAX_IMAGE_BYTES {
                    return Err(DocError::ImageTooLarge { path: p(), bytes: bytes.len(), max: MAX_IMAGE_BYTES });
                }
                match ImageFormat::of(bytes) {
                    Some(_) => Ok(()),
                    None => Err(DocError::NotAnImage { path: p() }),
                }
            }
            (kind, _) => wrong(kind_name(kind)),
        }
    }

    /// Whether an item does not apply because a governing answer switches it off
    /// (「委託しない」 greys out the 委託事項; 「再委託しない」 greys out ⑧⑨).
    pub fn is_disabled(&self, ix: NodeIx, blocks: &[String]) -> bool {
        self.disabled_by(ix, blocks).is_some()
    }

    /// What switches an item off: the innermost node (the item itself or an enclosing one) whose
    /// `disabled_when` holds, and the path of the governing answer in these block instances.
    /// `None` when the item applies.
    pub fn disabled_by(&self, ix: NodeIx, blocks: &[String]) -> Option<(NodeIx, Path)> {
        let form = self.form;
        let mut cur = Some(ix);
        while let Some(c) = cur {
            let node = form.node(c);
            if let Some(when) = &node.disabled_when {
                let path = Path { item: when.item.clone(), blocks: blocks.to_vec() }.sibling(form, &when.item);
                let holds = match self.values.get(&path).map(|e| &e.value) {
                    Some(Value::Flag(f)) => *f && when.is == "true",
                    Some(Value::Choice(c)) => *c == when.is,
                    Some(Value::Multi(picks)) => picks.iter().any(|p| p.option == when.is),
                    _ => false,
                };
                if holds {
                    return Some((c, path));
                }
            }
            cur = node.parent;
        }
        None
    }

    /// The text a derived item shows (Ⅰ3 file names, Ⅲ1 file name, 「(n)件」 counts).
    pub fn derived(&self, ix: NodeIx, blocks: &[String]) -> String {
        let form = self.form;
        let Kind::Derived(d) = &form.node(ix).kind else { return String::new() };
        match d {
            Derivation::Copy { item } => {
                let p = Path { item: item.clone(), blocks: blocks.to_vec() }.sibling(form, item);
                self.text(&p).to_owned()
            }
            Derivation::List { item } => {
                let Some(target) = form.find(item) else { return String::new() };
                let Some(&block) = form.node(target).blocks.last() else {
                    return self.text(&Path::top(item)).to_owned();
                };
                let list = Path { item: form.node(block).id.clone(), blocks: Vec::new() };
                let names: Vec<String> = self
                    .instances(&list)
                    .iter()
                    .enumerate()
                    .map(|(i, id)| format!("{}. {}", i + 1, self.text(&list.child(id, item))))
                    .collect();
                names.join("\n")
            }
            Derivation::Count { repeat } => {
                let list = Path { item: repeat.clone(), blocks: blocks.to_vec() }.sibling(form, repeat);
                format!("{}件", self.instances(&list).len())
            }
        }
    }

    /// The enclosing block ids and the id of instance `id` of the Repeat `repeat`, wherever it
    /// is (a 委託事項 lies inside a file): what a reference resolves to.
    pub fn instance_path(&self, repeat: NodeIx, id: &str) -> Option<Vec<String>> {
        let item = &self.form.node(repeat).id;
        self.lists.iter().find(|(list, ids)| &list.item == item && ids.iter().any(|i| i == id)).map(|(list, _)| {
            let mut blocks = list.blocks.clone();
            blocks.push(id.to_owned());
            blocks
        })
    }

    /// What a reference item shows: the name of the instance it points to, or a note that it
    /// points to nothing any more.
    pub fn ref_label(&self, ref_item: NodeIx, id: &str) -> String {
        let form = self.form;
        let Kind::Ref { to } = &form.node(ref_item).kind else { return id.to_owned() };
        let Some(repeat) = form.find(to) else { return id.to_owned() };
        let Some(blocks) = self.instance_path(repeat, id) else { return format!("（見つかりません：{id}）") };
        let name = form.name_item(repeat).map(|n| self.text(&Path { item: form.node(n).id.clone(), blocks }));
        match name {
            Some(n) if !n.trim().is_empty() => n.to_owned(),
            _ => format!("（名称未記入の{}）", form.noun(repeat)),
        }
    }

    /// The id of the block list with this repeat id in the same instances as `path`.
    pub fn list_of(&self, repeat: &str, within: &[String]) -> Path {
        Path { item: repeat.to_owned(), blocks: within.to_vec() }.sibling(self.form, repeat)
    }
}

fn kind_name(kind: &Kind) -> &'static str {
    match kind {
        Kind::Text { .. } | Kind::LongText { .. } => "text",
        Kind::Choice { .. } => "single-choice",
        Kind::Multi { .. } => "multiple-choice",
        Kind::Date => "date",
        Kind::Count => "count",
        Kind::Flag => "flag",
        Kind::Ref { .. } => "reference",
        Kind::Image => "image",
        _ => "heading",
    }
}

#[cfg(test)]
mod tests;
