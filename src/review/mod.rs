//! 第三者点検 and 市民意見聴取: the questions and opinions on an assessment (the 質問事項 sheet a
//! committee sends, 資料3 in the 千葉市 minutes), each tied to the item it is about, with the
//! department's answer and what became of it.
//!
//! A question is kept in the assessment (`Assessment::questions`), under an id that never
//! changes, and points at its item by path: block ids, which survive reordering and renaming, so a
//! question stays on its 委託事項 whatever happens to the list around it. Questions travel with
//! frozen versions and with the RON file.

pub mod action;
pub mod procedure;
pub mod sheet;

use crate::doc::{Assessment, Path, Text};
use crate::form::Form;

/// The longest number (「1」「2-1」「追加3」), asker, question and answer, in characters.
pub const MAX_NUMBER_CHARS: usize = 20;
pub const MAX_ASKER_CHARS: usize = 100;
pub const MAX_QUESTION_CHARS: usize = 4000;
pub const MAX_ANSWER_CHARS: usize = 8000;

/// The highest version and page number a question (or a stage record) can name: far beyond any
/// 評価書 (a 75-page one frozen at every stage of a dozen 見直し).
pub const MAX_VERSION: u32 = 9999;
pub const MAX_PAGE: u32 = 9999;

/// What became of a question.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Status {
    /// 未回答: no answer yet.
    Open,
    /// 回答済: answered; the 評価書 was not changed.
    Answered,
    /// 反映済: answered and the 評価書 revised accordingly.
    Revised,
    /// 対応不要: nothing to answer (a remark, a duplicate).
    NoAction,
}

impl Status {
    pub const ALL: [Status; 4] = [Status::Open, Status::Answered, Status::Revised, Status::NoAction];

    /// The wording on the 質問事項 sheet and in the window.
    pub fn label(self) -> &'static str {
        match self {
            Status::Open => "未回答",
            Status::Answered => "回答済",
            Status::Revised => "反映済",
            Status::NoAction => "対応不要",
        }
    }

    /// The status a label names (also 「回答済み」「反映済み」, as people write them).
    pub fn from_label(s: &str) -> Option<Status> {
        let s = s.trim().trim_end_matches('み');
        Status::ALL.into_iter().find(|st| st.label() == s)
    }
}

/// One question or opinion and its answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ReviewItem {
    /// The number as on the 質問事項 sheet (「1」「2-1」); unique in the file.
    pub number: String,
    /// The item asked about: an item path with the block ids of its instance.
    pub item: Path,
    /// The frozen version the question was asked about; `None`: the draft.
    pub version: Option<u32>,
    /// The page of the item in that version's PDF, as the reviewer cites it (「評価書の3ページ」).
    pub page: Option<u32>,
    /// Who asked: 「藤谷委員」, 「事務局」, 「市民（意見聴取）」.
    pub asker: String,
    pub asked_on: Option<jiff::civil::Date>,
    /// The question; passages may be withheld from the 公表 edition like any answer of the form.
    pub question: Text,
    /// The department's answer.
    pub answer: Text,
    pub status: Status,
}

impl ReviewItem {
    /// An open question on `item` with nothing else filled in.
    pub fn new(number: &str, item: Path) -> ReviewItem {
        ReviewItem {
            number: number.to_owned(),
            item,
            version: None,
            page: None,
            asker: String::new(),
            asked_on: None,
            question: Text::plain(""),
            answer: Text::plain(""),
            status: Status::Open,
        }
    }
}

/// Why a question cannot be kept as it is. Each names the question's number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuestionError {
    #[error("question {id:?}: invalid id (use ASCII letters, digits and '-')")]
    BadId { id: String },
    #[error("question {id:?}: the number is empty")]
    NoNumber { id: String },
    #[error("question {number:?}: the number is used by another question")]
    NumberTaken { number: String },
    #[error("question {number:?}: {item} is not an item of the form")]
    UnknownItem { number: String, item: String },
    #[error("question {number:?}: the {field} is {chars} characters, over the limit of {max}")]
    TooLong { number: String, field: &'static str, chars: usize, max: usize },
    #[error("question {number:?}: {field} {value} is not between 1 and {max}")]
    OutOfRange { number: String, field: &'static str, value: u32, max: u32 },
}

/// Checks one question against the form and the other questions of `doc` (its own id aside).
pub fn validate(doc: &Assessment, id: &str, q: &ReviewItem) -> Result<(), QuestionError> {
    if !crate::doc::path::is_valid_block_id(id) {
        return Err(QuestionError::BadId { id: id.to_owned() });
    }
    let number = q.number.trim();
    if number.is_empty() {
        return Err(QuestionError::NoNumber { id: id.to_owned() });
    }
    if doc.questions().any(|(other, o)| other != id && number_key(&o.number) == number_key(number)) {
        return Err(QuestionError::NumberTaken { number: number.to_owned() });
    }
    let form = doc.form();
    let known = form.find(&q.item.item).is_some_and(|ix| form.node(ix).blocks.len() == q.item.blocks.len());
    if !known {
        return Err(QuestionError::UnknownItem { number: number.to_owned(), item: q.item.to_string() });
    }
    for (field, value, max) in [("version", q.version, MAX_VERSION), ("page", q.page, MAX_PAGE)] {
        if let Some(value) = value.filter(|v| !(1..=max).contains(v)) {
            return Err(QuestionError::OutOfRange { number: number.to_owned(), field, value, max });
        }
    }
    for (field, chars, max) in [
        ("number", q.number.chars().count(), MAX_NUMBER_CHARS),
        ("asker", q.asker.chars().count(), MAX_ASKER_CHARS),
        ("question", q.question.chars(), MAX_QUESTION_CHARS),
        ("answer", q.answer.chars(), MAX_ANSWER_CHARS),
    ] {
        if chars > max {
            return Err(QuestionError::TooLong { number: number.to_owned(), field, chars, max });
        }
    }
    Ok(())
}

/// A number as compared: trimmed, full-width digits as ASCII (「１」 is 「1」).
pub fn number_key(number: &str) -> String {
    number
        .trim()
        .chars()
        .map(|c| match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// A fresh question id (`q-` and six lowercase letters or digits) not used in `doc`.
pub fn new_id(doc: &Assessment) -> String {
    crate::doc::fresh_id("q", |id| doc.question(id).is_some())
}

/// The next free number after the highest plain number in use (「1」, then 「2」 …).
pub fn next_number(doc: &Assessment) -> String {
    let highest = doc.questions().filter_map(|(_, q)| q.number.trim().parse::<u32>().ok()).max().unwrap_or(0);
    (highest + 1).to_string()
}

/// The questions in the order of their numbers, read as people do (「2」 before 「10」, 「2-1」
/// after 「2」).
pub fn ordered(doc: &Assessment) -> Vec<(&String, &ReviewItem)> {
    let mut all: Vec<_> = doc.questions().collect();
    all.sort_by(|a, b| natural_key(&a.1.number).cmp(&natural_key(&b.1.number)).then(a.0.cmp(b.0)));
    all
}

/// Digits compare as numbers, everything else as text.
fn natural_key(s: &str) -> Vec<(u8, u64, String)> {
    let mut key = Vec::new();
    let mut digits = String::new();
    let mut text = String::new();
    let ascii = |c: char| match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        _ => c,
    };
    let normal: String = s.trim().chars().map(ascii).collect();
    for c in normal.chars() {
        if c.is_ascii_digit() {
            if !text.is_empty() {
                key.push((1, 0, std::mem::take(&mut text)));
            }
            digits.push(c);
        } else {
            if !digits.is_empty() {
                key.push((0, digits.parse().unwrap_or(u64::MAX), String::new()));
                digits.clear();
            }
            text.push(c);
        }
    }
    if !digits.is_empty() {
        key.push((0, digits.parse().unwrap_or(u64::MAX), String::new()));
    }
    if !text.is_empty() {
        key.push((1, 0, text));
    }
    key
}

/// Whether an asker is a resident whose opinion came in through 市民意見聴取, as offices write the
/// asker: the procedure's words (「意見聴取」「パブリックコメント」), or a resident as such — 「市民」
/// 「住民」「区民」… alone or followed by what is not a word of its own (「市民A」「住民（意見聴取）」
/// 「市民・団体」), never inside a name or an office (「木村民子委員」「市民課」「住民記録係長」
/// 「国民健康保険団体連合会」).
pub fn is_resident(asker: &str) -> bool {
    const PEOPLE: [&str; 9] = ["市民", "住民", "区民", "町民", "村民", "県民", "都民", "府民", "道民"];
    const OFFICE: [&str; 9] = ["委員", "事務局", "課", "係", "室", "部会", "審議会", "連合会", "センター"];
    let a = asker.trim();
    if OFFICE.iter().any(|w| a.contains(w)) {
        return false;
    }
    if ["意見聴取", "パブリックコメント", "パブコメ"].iter().any(|w| a.contains(w)) {
        return true;
    }
    let ideograph = |c: char| ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c);
    PEOPLE.iter().any(|p| a.strip_prefix(p).is_some_and(|rest| rest.chars().next().is_none_or(|c| !ideograph(c))))
}

/// The opinions residents sent in (`is_resident`), in the order of their numbers: what the
/// 市民意見 summary and its 意見と対応 table list.
pub fn resident_opinions(doc: &Assessment) -> Vec<(&String, &ReviewItem)> {
    ordered(doc).into_iter().filter(|(_, q)| is_resident(&q.asker)).collect()
}

/// How an item is named for a reader: 「Ⅱ 4. ⑧再委託の許諾方法（ファイル1 委託事項2）」, or a note
/// that it is no longer in the assessment (its block was removed since).
pub fn item_title(doc: &Assessment, item: &Path) -> String {
    let form: &Form = doc.form();
    let Some(ix) = form.find(&item.item) else { return format!("（様式にない項目：{}）", item.item) };
    let mut title = form.full_title(ix);
    // 「評価実施機関名」 alone does not say it is the 表紙's.
    let section = form.node(form.section_of(ix));
    if section.number.is_empty() && !title.starts_with(&section.label) {
        title = format!("{} {title}", section.title());
    }
    let node = form.node(ix);
    let mut where_ = Vec::new();
    for (depth, &b) in node.blocks.iter().enumerate() {
        let list = Path { item: form.node(b).id.clone(), blocks: item.blocks[..depth.min(item.blocks.len())].to_vec() };
        let Some(id) = item.blocks.get(depth) else { break };
        match doc.instances(&list).iter().position(|x| x == id) {
            Some(i) => where_.push(format!("{}{}", form.noun(b), i + 1)),
            None => return format!("{title}（削除されたブロック）"),
        }
    }
    if !where_.is_empty() {
        title.push_str(&format!("（{}）", where_.join(" ")));
    }
    title
}

#[cfg(test)]
mod tests;
