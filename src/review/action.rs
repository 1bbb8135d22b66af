//! 対策計画 (action plan): for every risk answered 「課題が残されている」 and every answer that
//! promises a measure for later, what will be done, by whom, by when, and how far it has got. The
//! plan lives in the file, so it is carried into the next 見直し and nothing promised to the
//! committee is forgotten.

use crate::doc::{Assessment, Path, Value};

/// The longest measure and responsible, in characters.
pub const MAX_MEASURE_CHARS: usize = 2000;
pub const MAX_RESPONSIBLE_CHARS: usize = 100;

/// How far a planned measure has got.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Progress {
    NotStarted,
    Underway,
    Done,
}

impl Progress {
    pub const ALL: [Progress; 3] = [Progress::NotStarted, Progress::Underway, Progress::Done];

    pub fn label(self) -> &'static str {
        match self {
            Progress::NotStarted => "未着手",
            Progress::Underway => "実施中",
            Progress::Done => "完了",
        }
    }

    pub fn from_label(s: &str) -> Option<Progress> {
        Progress::ALL.into_iter().find(|p| p.label() == s.trim())
    }
}

/// One planned measure.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Action {
    /// What it answers: a risk's 「リスクへの対策は十分か」 or the answer that promises.
    pub item: Path,
    /// The remaining issue or the promise, in the assessment's words.
    pub issue: String,
    /// What will be done.
    pub measure: String,
    /// Who is responsible (a 課 or 係).
    pub responsible: String,
    pub due: Option<jiff::civil::Date>,
    pub progress: Progress,
}

/// Why an action cannot be kept as it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ActionError {
    #[error("action {id:?}: invalid id")]
    BadId { id: String },
    #[error("action {id:?}: {item} is not an item of the form")]
    UnknownItem { id: String, item: String },
    #[error("action {id:?}: the {field} is {chars} characters, over the limit of {max}")]
    TooLong { id: String, field: &'static str, chars: usize, max: usize },
}

pub fn validate(doc: &Assessment, id: &str, a: &Action) -> Result<(), ActionError> {
    if !crate::doc::path::is_valid_block_id(id) {
        return Err(ActionError::BadId { id: id.to_owned() });
    }
    let form = doc.form();
    if form.find(&a.item.item).is_none_or(|ix| form.node(ix).blocks.len() != a.item.blocks.len()) {
        return Err(ActionError::UnknownItem { id: id.to_owned(), item: a.item.to_string() });
    }
    for (field, chars, max) in [
        ("issue", a.issue.chars().count(), MAX_MEASURE_CHARS),
        ("measure", a.measure.chars().count(), MAX_MEASURE_CHARS),
        ("responsible", a.responsible.chars().count(), MAX_RESPONSIBLE_CHARS),
    ] {
        if chars > max {
            return Err(ActionError::TooLong { id: id.to_owned(), field, chars, max });
        }
    }
    Ok(())
}

/// Something that calls for a planned measure and has none yet: the item and the issue.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    pub item: Path,
    pub issue: String,
}

/// Every risk answered 「課題が残されている」 and every promised measure (`check::promised_measures`)
/// that no action answers yet, in 様式 order.
pub fn candidates(doc: &Assessment) -> Vec<Candidate> {
    let form = doc.form();
    let planned =
        |p: &Path, issue: &str| doc.actions().any(|(_, a)| a.item == *p && (a.issue == issue || issue.is_empty()));
    let mut out = Vec::new();
    for (path, entry) in doc.values() {
        let Value::Choice(c) = &entry.value else { continue };
        let Some(ix) = form.find(&path.item) else { continue };
        if c != "課題が残されている" || doc.is_disabled(ix, &path.blocks) {
            continue;
        }
        let risk = form.node(ix).parent.map(|g| form.full_title(g)).unwrap_or_default();
        let issue = format!("{risk}：課題が残されている");
        if !doc.actions().any(|(_, a)| a.item == *path) {
            out.push(Candidate { item: path.clone(), issue });
        }
    }
    for (path, sentence) in crate::check::promised_measures(doc) {
        if !planned(&path, &sentence) {
            out.push(Candidate { item: path, issue: sentence });
        }
    }
    out
}

/// The actions in the order of their items in the 様式 (then by due date).
pub fn ordered(doc: &Assessment) -> Vec<(&String, &Action)> {
    let form = doc.form();
    let mut all: Vec<_> = doc.actions().collect();
    all.sort_by_key(|(id, a)| {
        (form.find(&a.item.item).unwrap_or(usize::MAX), a.item.blocks.clone(), a.due, (*id).clone())
    });
    all
}

/// A fresh action id (`p-` and six lowercase letters or digits) not used in `doc`.
pub fn new_id(doc: &Assessment) -> String {
    crate::doc::fresh_id("p", |id| doc.action(id).is_some())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::{Edit, Entry};
    use crate::form::{current, ids};

    /// 介護保険: a risk left 「課題が残されている」 and a measure promised for a later year.
    #[test]
    fn remaining_issues_and_promises_call_for_a_plan_that_is_kept() {
        let mut doc = Assessment::new(current());
        let (f, e) = doc.plan_add_block(&Path::top(ids::II_FILE)).unwrap();
        doc.apply(e).unwrap();
        let risk = Path::new(ids::III_FILE_ACQUIRE_R2_SUFFICIENCY, &[&f]);
        doc.set(risk.clone(), Some(Entry::choice("課題が残されている"))).unwrap();
        let promise = "生体認証は令和9年度に導入する予定である。";
        let measures = Path::new(ids::III_FILE_USE_R2_AUTHENTICATION_HOW, &[&f]);
        doc.set(measures.clone(), Some(Entry::text(&format!("IDとパスワードで認証している。{promise}")))).unwrap();
        let found = candidates(&doc);
        assert_eq!(found.iter().map(|c| c.item.clone()).collect::<Vec<_>>(), [risk.clone(), measures.clone()]);
        assert_eq!(found[1].issue, promise);

        let plan = Action {
            item: risk.clone(),
            issue: found[0].issue.clone(),
            measure: "申請書の記載事項を見直し、令和9年4月から新様式とする。".into(),
            responsible: "介護保険課 認定係".into(),
            due: Some(jiff::civil::date(2027, 3, 31)),
            progress: Progress::Underway,
        };
        let id = new_id(&doc);
        doc.apply(vec![Edit::Action { id: id.clone(), action: Some(Box::new(plan.clone())) }]).unwrap();
        assert_eq!(candidates(&doc).len(), 1, "the risk has its plan now");

        // Kept in the RON file and the .hyoka file; never in a public copy.
        let ron = crate::ron_io::export(&doc);
        assert!(ron.contains("progress: \"実施中\"") && ron.contains("format: 2"), "{ron}");
        assert_eq!(crate::ron_io::import(&ron).unwrap(), doc);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kaigo.hyoka");
        crate::store::Store::create_holding(&path, &doc).unwrap().close().unwrap();
        let back = crate::store::Store::open_read_only(&path).unwrap().load_draft().unwrap();
        assert_eq!(back.action(&id), Some(&plan));
        assert!(doc.redacted().actions().next().is_none());

        let mut long = plan;
        long.responsible = "課".repeat(MAX_RESPONSIBLE_CHARS + 1);
        assert!(matches!(validate(&doc, &id, &long), Err(ActionError::TooLong { field: "responsible", .. })));
        assert_eq!(Progress::from_label("完了"), Some(Progress::Done));
    }
}
