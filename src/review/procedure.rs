//! The 評価の実施手続 as it happens (指針 第5: 事前点検 → 市民意見聴取 → 第三者点検 → 審議会への報告 →
//! 公表, and again at each 重要な変更 or 見直し): one record per stage taken, with its dates, method
//! and outcome.
//!
//! Ⅵ 評価実施手続 is filled from these records, not typed twice: while a 市民意見聴取 record
//! exists, Ⅵ 2.①–⑤ are its method, period, reason for a shorter period, main opinions and
//! reflection; while a 第三者点検 record exists, Ⅵ 3.①–③ are its meetings, method and result.
//! The latest record of a stage (by its start date) is the one the assessment reports, since a
//! 見直し repeats the procedure. [`Assessment::apply`] fills Ⅵ in the same step as the record
//! changes, so undo, autosave and every output see one state.

use crate::doc::date::Dates;
use crate::doc::{Assessment, Edit, Entry, Path, Text, Value};
use crate::form::ids;
use crate::store::Stage;
use jiff::civil::Date;

/// The longest method (Ⅵ 2.① and 3.② take 2,000 characters) and outcome or reflection (Ⅵ 2.④,
/// 2.⑤ and 3.③ take 8,000), in characters.
pub const MAX_METHOD_CHARS: usize = 2000;
pub const MAX_OUTCOME_CHARS: usize = 8000;

/// The stages a record can be kept for, in the order the procedure takes them: every stage of
/// a version but 作成中 (`Stage::ALL` begins with it).
pub const STAGES: &[Stage] = Stage::ALL.split_at(1).1;

/// One stage of the procedure as it was taken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StageRecord {
    pub stage: Stage,
    /// 実施日 or 開始日 (the day the 評価書案 was put out for comment).
    pub start: Option<Date>,
    /// 終了日 (of the comment period; of a stage that took several days).
    pub end: Option<Date>,
    /// The meetings held in the stage, each with its note (「第1回部会」): the 第三者点検's
    /// 実施日 (Ⅵ 3.①) and the 部会報告書's 審議経過.
    pub meetings: Option<Dates>,
    /// 方法: how comments were invited and taken (Ⅵ 2.①), who reviewed and how (Ⅵ 3.②).
    pub method: String,
    /// 結果: the main opinions received (Ⅵ 2.④), the result of the review (Ⅵ 3.③), what the
    /// 審議会 said or when the assessment was published.
    pub outcome: String,
    /// 評価書への反映 (Ⅵ 2.⑤).
    pub reflection: String,
    /// 期間を短縮する特段の理由 (Ⅵ 2.③), when comments were taken for less than 30 days.
    pub shortened: String,
    /// No opinion was submitted (Ⅵ 2.「意見の提出がなかった」).
    pub no_opinion: bool,
    /// The version frozen when the stage was entered.
    pub version: Option<u32>,
}

impl StageRecord {
    /// A record of `stage` with nothing filled in.
    pub fn new(stage: Stage) -> StageRecord {
        StageRecord {
            stage,
            start: None,
            end: None,
            meetings: None,
            method: String::new(),
            outcome: String::new(),
            reflection: String::new(),
            shortened: String::new(),
            no_opinion: false,
            version: None,
        }
    }

    /// A new record of `stage` seeded with what Ⅵ already says about it, so that the first
    /// record of a file whose Ⅵ was typed by hand takes those answers over instead of erasing them.
    pub fn seeded(doc: &Assessment, stage: Stage) -> StageRecord {
        StageRecord::new(stage).read_from_vi(doc)
    }

    /// This record with the fields Ⅵ shows of it read back from `doc` (the other fields kept).
    pub fn read_from_vi(mut self, doc: &Assessment) -> StageRecord {
        let text = |id: &str| doc.text(&Path::top(id)).to_owned();
        let date = |id: &str| match doc.get(&Path::top(id)).map(|e| &e.value) {
            Some(Value::Date(d)) => Some(d.clone()),
            _ => None,
        };
        match self.stage {
            Stage::PublicComment => {
                self.method = text(ids::VI_COMMENT_METHOD);
                self.start = date(ids::VI_COMMENT_PERIOD_START).map(|d| d.first());
                self.end = date(ids::VI_COMMENT_PERIOD_END).map(|d| d.first());
                self.shortened = text(ids::VI_COMMENT_SHORTENED);
                self.outcome = text(ids::VI_COMMENT_OPINIONS);
                self.no_opinion = matches!(
                    doc.get(&Path::top(ids::VI_COMMENT_NO_OPINION)).map(|e| &e.value),
                    Some(Value::Flag(true))
                );
                // With no opinion, ⑤ is 「－」 and not shown: what the record holds stays.
                if !self.no_opinion {
                    self.reflection = text(ids::VI_COMMENT_REFLECTION);
                }
            }
            Stage::ThirdPartyReview => {
                self.meetings = date(ids::VI_REVIEW_DATE);
                self.start = self.meetings.as_ref().map(|d| d.earliest());
                self.method = text(ids::VI_REVIEW_METHOD);
                self.outcome = text(ids::VI_REVIEW_RESULT);
            }
            _ => {}
        }
        self
    }

    /// The stage's days as people write them: 「令和7年6月1日～令和7年6月30日」, or the meetings.
    pub fn period(&self) -> String {
        let one = |d: Date| crate::doc::date::to_wareki(d);
        match (&self.meetings, self.start, self.end) {
            (Some(m), _, _) => m.wareki(),
            (None, Some(s), Some(e)) if s != e => format!("{}～{}", one(s), one(e)),
            (None, Some(s), _) => one(s),
            (None, None, Some(e)) => format!("～{}", one(e)),
            (None, None, None) => String::new(),
        }
    }
}

/// Why a record cannot be kept as it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StageError {
    #[error("stage record {id:?}: invalid id")]
    BadId { id: String },
    #[error("stage record {id:?}: {stage} is not a stage of the procedure")]
    NotAStage { id: String, stage: &'static str },
    #[error("stage record {id:?}: the {field} is {chars} characters, over the limit of {max}")]
    TooLong { id: String, field: &'static str, chars: usize, max: usize },
    #[error("stage record {id:?}: {problem:?}")]
    BadDates { id: String, problem: crate::doc::date::DatesProblem },
    #[error("stage record {id:?}: the version is not between 1 and 9999")]
    NoSuchVersion { id: String },
}

/// Checks a record on its own: a stage of [`STAGES`], dates in range and in order, and texts
/// that fit the Ⅵ items they fill.
pub fn validate(id: &str, r: &StageRecord) -> Result<(), StageError> {
    let err_id = || id.to_owned();
    if !crate::doc::path::is_valid_block_id(id) {
        return Err(StageError::BadId { id: err_id() });
    }
    if !STAGES.contains(&r.stage) {
        return Err(StageError::NotAStage { id: err_id(), stage: r.stage.label() });
    }
    for d in [r.start, r.end].into_iter().flatten() {
        if let Some(problem) = Dates::on(d).problem(false) {
            return Err(StageError::BadDates { id: err_id(), problem });
        }
    }
    // An end before the start is kept (the user is part-way through changing both dates); the
    // page and the checker point it out.
    if let Some(problem) = r.meetings.as_ref().and_then(|m| m.problem(true)) {
        return Err(StageError::BadDates { id: err_id(), problem });
    }
    if r.version.is_some_and(|v| !(1..=crate::review::MAX_VERSION).contains(&v)) {
        return Err(StageError::NoSuchVersion { id: err_id() });
    }
    for (field, text, max) in [
        ("method", &r.method, MAX_METHOD_CHARS),
        ("shortened", &r.shortened, MAX_METHOD_CHARS),
        ("outcome", &r.outcome, MAX_OUTCOME_CHARS),
        ("reflection", &r.reflection, MAX_OUTCOME_CHARS),
    ] {
        let chars = text.chars().count();
        if chars > max {
            return Err(StageError::TooLong { id: err_id(), field, chars, max });
        }
    }
    Ok(())
}

/// The records in the order they were taken (start date, records without one last, then the
/// procedure's own order).
pub fn ordered(doc: &Assessment) -> Vec<(&String, &StageRecord)> {
    let mut all: Vec<_> = doc.stages().collect();
    all.sort_by_key(|(id, r)| order_key(id, r));
    all
}

/// The order records were taken in: start date (none last), then the version frozen for them
/// (a stage entered twice on one day: the later version is the later record), then the
/// procedure's own order, then the id.
fn order_key(id: &str, r: &StageRecord) -> impl Ord + use<> {
    let position = STAGES.iter().position(|s| *s == r.stage).unwrap_or(STAGES.len());
    (r.start.is_none(), r.start, r.version, position, id.to_owned())
}

/// Whether Ⅵ says anything about `stage` (any of the items its record fills holds a value).
pub fn vi_speaks_of(doc: &Assessment, stage: Stage) -> bool {
    let prefix = match stage {
        Stage::PublicComment => "vi.comment.",
        Stage::ThirdPartyReview => "vi.review.",
        _ => return false,
    };
    doc.values().any(|(p, _)| p.item.starts_with(prefix))
}

/// Stage records about to be read into `doc` (a file's), with the record Ⅵ is filled from taking
/// what Ⅵ says wherever Ⅵ says anything about its stage, so reading a file never overwrites its
/// Ⅵ. Each item comes back with whether its record was changed.
pub fn in_line_with_vi<T>(
    doc: &Assessment,
    items: Vec<(Edit, T)>,
    record: impl Fn(&(Edit, T)) -> Option<(String, StageRecord)>,
) -> Vec<((Edit, T), bool)> {
    let records: Vec<(String, StageRecord)> = items.iter().filter_map(&record).collect();
    let current = |stage: Stage| {
        records
            .iter()
            .filter(|(_, r)| r.stage == stage)
            .max_by_key(|(id, r)| order_key(id, r))
            .map(|(id, _)| id.clone())
    };
    let currents: Vec<(Stage, String)> = [Stage::PublicComment, Stage::ThirdPartyReview]
        .into_iter()
        .filter_map(|s| current(s).map(|id| (s, id)))
        .collect();
    items
        .into_iter()
        .map(|(edit, at)| match &edit {
            Edit::Stage { id, record: Some(r) }
                if currents.iter().any(|(s, c)| c == id && *s == r.stage)
                    && vi_speaks_of(doc, r.stage)
                    && filled_by(r).iter().any(|(p, v)| doc.get(p).map(|e| &e.value) != v.as_ref()) =>
            {
                let taken = (**r).clone().read_from_vi(doc);
                let changed = taken != **r;
                ((Edit::Stage { id: id.clone(), record: Some(Box::new(taken)) }, at), changed)
            }
            _ => ((edit, at), false),
        })
        .collect()
}

/// The record of `stage` the assessment reports: the latest taken.
pub fn current(doc: &Assessment, stage: Stage) -> Option<(&String, &StageRecord)> {
    ordered(doc).into_iter().rev().find(|(_, r)| r.stage == stage)
}

/// A fresh record id (`s-` and six lowercase letters or digits) not used in `doc`.
pub fn new_id(doc: &Assessment) -> String {
    crate::doc::fresh_id("s", |id| doc.stage(id).is_some())
}

/// The Ⅵ items filled from the records of `doc`, each with the value its record gives
/// (`None`: empty).
pub fn filled(doc: &Assessment) -> Vec<(Path, Option<Value>)> {
    [Stage::PublicComment, Stage::ThirdPartyReview]
        .into_iter()
        .filter_map(|s| current(doc, s))
        .flat_map(|(_, r)| filled_by(r))
        .collect()
}

/// The Ⅵ items record `r` fills, each with the value it gives (none for a stage Ⅵ does not
/// report).
fn filled_by(r: &StageRecord) -> Vec<(Path, Option<Value>)> {
    let text = |s: &str| (!s.is_empty()).then(|| Value::Text(Text::plain(s)));
    let date = |d: Option<Date>| d.map(Value::date);
    let mut out = Vec::new();
    if r.stage == Stage::PublicComment {
        out.extend([
            (ids::VI_COMMENT_METHOD, text(&r.method)),
            (ids::VI_COMMENT_PERIOD_START, date(r.start)),
            (ids::VI_COMMENT_PERIOD_END, date(r.end)),
            (ids::VI_COMMENT_SHORTENED, text(&r.shortened)),
            (ids::VI_COMMENT_OPINIONS, text(&r.outcome)),
            (ids::VI_COMMENT_NO_OPINION, r.no_opinion.then_some(Value::Flag(true))),
            (ids::VI_COMMENT_REFLECTION, if r.no_opinion { None } else { text(&r.reflection) }),
        ]);
    }
    if r.stage == Stage::ThirdPartyReview {
        let dates = r.meetings.clone().map(Value::Date).or_else(|| date(r.start));
        out.extend([
            (ids::VI_REVIEW_DATE, dates),
            (ids::VI_REVIEW_METHOD, text(&r.method)),
            (ids::VI_REVIEW_RESULT, text(&r.outcome)),
        ]);
    }
    out.into_iter().map(|(id, v)| (Path::top(id), v)).collect()
}

/// Whether the item at `path` is filled from a record (and so is edited on the 手続 page, not
/// in place).
pub fn is_filled(doc: &Assessment, path: &Path) -> bool {
    path.blocks.is_empty()
        && match path.item.as_str() {
            p if p.starts_with("vi.comment.") => current(doc, Stage::PublicComment).is_some(),
            p if p.starts_with("vi.review.") => current(doc, Stage::ThirdPartyReview).is_some(),
            _ => false,
        }
}

/// The record edits that carry answers typed straight into Ⅵ (`before` → `after`) back into
/// the records that fill those items, so that Ⅵ and the 手続 page stay one thing whichever of the
/// two the user types in.
pub fn absorb_edits(before: &Assessment, after: &Assessment) -> Vec<Edit> {
    let mut out = Vec::new();
    for stage in [Stage::PublicComment, Stage::ThirdPartyReview] {
        let Some((id, record)) = current(before, stage) else { continue };
        let read = record.clone().read_from_vi(after);
        if read != *record {
            out.push(Edit::Stage { id: id.clone(), record: Some(Box::new(read)) });
        }
    }
    out
}

/// The edits that bring Ⅵ in line with the records: only items whose value differs. A value
/// kept withheld stays withheld.
pub fn fill_edits(doc: &Assessment) -> Vec<Edit> {
    filled(doc)
        .into_iter()
        .filter_map(|(path, value)| {
            let old = doc.get(&path);
            if old.map(|e| &e.value) == value.as_ref() {
                return None;
            }
            let withheld = old.is_some_and(|e| e.withheld);
            Some(Edit::Value { path, entry: value.map(|value| Entry { value, withheld }) })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::doc::date::Dated;
    use crate::form::current as form;
    use jiff::civil::date;

    fn add(doc: &mut Assessment, r: StageRecord) -> String {
        let id = new_id(doc);
        doc.apply(vec![Edit::Stage { id: id.clone(), record: Some(Box::new(r)) }]).unwrap();
        id
    }

    /// 後期高齢者医療: a 意見聴取 and a 第三者点検 over two meetings fill Ⅵ; Ⅵ follows every change of
    /// the records, undo included, and a 見直し's later record takes over.
    #[test]
    fn section_vi_is_filled_from_the_stage_records() {
        let mut doc = Assessment::new(form());
        // Typed by hand before any record: seeded into the first record, not lost.
        doc.set(Path::top(ids::VI_REVIEW_METHOD), Some(Entry::text("広域連合個人情報保護審査会に諮問した。"))).unwrap();
        let mut review = StageRecord::seeded(&doc, Stage::ThirdPartyReview);
        assert_eq!(review.method, "広域連合個人情報保護審査会に諮問した。");
        review.meetings = Dates::new(vec![
            Dated { date: date(2026, 7, 3), note: "（第1回審査会）".into() },
            Dated { date: date(2026, 8, 21), note: "（第2回審査会）".into() },
        ]);
        review.outcome = "個人情報の取扱いは適切であるとの答申を受けた。".into();
        let review_id = add(&mut doc, review.clone());
        assert_eq!(doc.text(&Path::top(ids::VI_REVIEW_RESULT)), review.outcome);
        assert_eq!(doc.text(&Path::top(ids::VI_REVIEW_METHOD)), review.method);
        let Some(Value::Date(d)) = doc.get(&Path::top(ids::VI_REVIEW_DATE)).map(|e| &e.value) else { panic!() };
        assert_eq!(d.wareki(), "令和8年7月3日（第1回審査会）、令和8年8月21日（第2回審査会）");

        let mut comment = StageRecord::new(Stage::PublicComment);
        comment.start = Some(date(2026, 5, 11));
        comment.end = Some(date(2026, 6, 9));
        comment.method = "広域連合のホームページに掲載し、電子メール・郵送で意見を募集した。".into();
        comment.no_opinion = true;
        comment.reflection = "（書き残し）".into();
        let comment_id = add(&mut doc, comment.clone());
        assert_eq!(doc.get(&Path::top(ids::VI_COMMENT_NO_OPINION)).map(|e| &e.value), Some(&Value::Flag(true)));
        assert!(doc.get(&Path::top(ids::VI_COMMENT_REFLECTION)).is_none(), "no opinion: ⑤ is 「－」");
        assert!(is_filled(&doc, &Path::top(ids::VI_COMMENT_PERIOD_END)));
        assert!(!is_filled(&doc, &Path::top(ids::VI_BASIC_DATE)));

        // A change of the record reaches Ⅵ in the same step; undoing it brings both back.
        let mut changed = comment.clone();
        changed.end = Some(date(2026, 6, 30));
        let undo = doc.apply(vec![Edit::Stage { id: comment_id.clone(), record: Some(Box::new(changed)) }]).unwrap();
        assert_eq!(
            doc.get(&Path::top(ids::VI_COMMENT_PERIOD_END)).map(|e| e.value.clone()),
            Some(Value::date(date(2026, 6, 30)))
        );
        doc.apply(undo).unwrap();
        assert_eq!(
            doc.get(&Path::top(ids::VI_COMMENT_PERIOD_END)).map(|e| e.value.clone()),
            Some(Value::date(date(2026, 6, 9)))
        );

        // Typed straight into Ⅵ: the record takes it, so the two never disagree.
        doc.apply(vec![Edit::Value {
            path: Path::top(ids::VI_REVIEW_RESULT),
            entry: Some(Entry::text("条件付きで適切との答申を受けた。")),
        }])
        .unwrap();
        assert_eq!(doc.stage(&review_id).map(|r| r.outcome.as_str()), Some("条件付きで適切との答申を受けた。"));

        // A 見直し two years on: its 第三者点検 is the one Ⅵ reports.
        let mut again = StageRecord::new(Stage::ThirdPartyReview);
        again.start = Some(date(2028, 9, 1));
        again.method = "審査会に報告した。".into();
        add(&mut doc, again);
        assert_eq!(doc.text(&Path::top(ids::VI_REVIEW_METHOD)), "審査会に報告した。");
        let Some(Value::Date(d)) = doc.get(&Path::top(ids::VI_REVIEW_DATE)).map(|e| &e.value) else { panic!() };
        assert_eq!(d.wareki(), "令和10年9月1日");
        assert_eq!(ordered(&doc).first().map(|(id, _)| (*id).clone()), Some(comment_id));
        assert!(doc.stage(&review_id).is_some(), "the earlier record is kept");

        // Kept in RON and in the .hyoka file, filled the same after reading.
        let ron = crate::ron_io::export(&doc);
        assert!(ron.contains("stages: [") && ron.contains("format: 3"), "{ron}");
        assert!(crate::ron_io::import(&ron).unwrap() == doc, "the RON file reads back as it was");
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("kouki.hyoka");
        crate::store::Store::create_holding(&path, &doc).unwrap().close().unwrap();
        assert!(crate::store::Store::open_read_only(&path).unwrap().load_draft().unwrap() == doc, "so does the file");

        // Removing the last record of a stage leaves Ⅵ as it was: the answers stay, now typed.
        let ids_: Vec<String> =
            doc.stages().filter(|(_, r)| r.stage == Stage::PublicComment).map(|(id, _)| id.clone()).collect();
        for id in ids_ {
            doc.apply(vec![Edit::Stage { id, record: None }]).unwrap();
        }
        assert!(!is_filled(&doc, &Path::top(ids::VI_COMMENT_METHOD)));
        assert_eq!(doc.text(&Path::top(ids::VI_COMMENT_METHOD)), comment.method);
    }

    /// A RON file whose Ⅵ was edited by hand, or whose records are empty, keeps its Ⅵ: the record
    /// takes it, the reader is told, and a comparison lists the changed record.
    #[test]
    fn reading_a_file_never_overwrites_its_section_vi() {
        let mut doc = Assessment::new(form());
        let mut r = StageRecord::new(Stage::ThirdPartyReview);
        r.start = Some(date(2027, 1, 20));
        r.method = "教育委員会の個人情報保護審査会に諮問した。".into();
        add(&mut doc, r);
        let mut empty = StageRecord::new(Stage::PublicComment);
        empty.start = Some(date(2026, 11, 1));
        add(&mut doc, empty);
        let ron = crate::ron_io::export(&doc)
            // Only Ⅵ's copy (the values come before the records).
            .replacen("教育委員会の個人情報保護審査会に諮問した。\"", "教育委員会の審査会に諮問し、答申を得た。\"", 1)
            .replace(
                "values: {",
                "values: {\n        \"vi.comment.method\": Text(\"学校のホームページで意見を募った。\"),",
            );
        let read = crate::ron_io::import_with_notes(&ron).unwrap_or_else(|e| panic!("{e}\n{ron}"));
        let before = doc.clone();
        let doc = read.doc;
        assert_eq!(doc.text(&Path::top(ids::VI_REVIEW_METHOD)), "教育委員会の審査会に諮問し、答申を得た。");
        let (_, review) = current(&doc, Stage::ThirdPartyReview).unwrap();
        assert_eq!(review.method, "教育委員会の審査会に諮問し、答申を得た。");
        assert!(
            read.notes.iter().any(|n| n.message().contains("第三者点検の記録が食い違っていた")),
            "{:?}",
            read.notes
        );
        assert_eq!(
            doc.text(&Path::top(ids::VI_COMMENT_METHOD)),
            "学校のホームページで意見を募った。",
            "an empty record does not erase Ⅵ"
        );
        let (_, comment) = current(&doc, Stage::PublicComment).unwrap();
        assert_eq!(
            (comment.method.as_str(), comment.start),
            ("学校のホームページで意見を募った。", Some(date(2026, 11, 1)))
        );
        let changes = crate::diff::records::Records::between(&before, &doc);
        assert_eq!(changes.stages.len(), 2, "both records took Ⅵ: {changes:?}");
        assert!(changes.lines().iter().any(|l| l.contains("第三者点検 変更")), "{:?}", changes.lines());
    }

    #[test]
    fn records_that_cannot_fill_section_vi_are_refused() {
        let mut r = StageRecord::new(Stage::PublicComment);
        r.start = Some(date(2026, 6, 1));
        r.end = Some(date(2026, 5, 1));
        assert_eq!(validate("s-aaaaaa", &r), Ok(()), "kept while both dates are being changed");
        r.method = "方".repeat(MAX_METHOD_CHARS + 1);
        assert!(matches!(validate("s-aaaaaa", &r), Err(StageError::TooLong { field: "method", .. })));
        assert!(matches!(validate("s-aaaaaa", &StageRecord::new(Stage::Draft)), Err(StageError::NotAStage { .. })));
        let mut doc = Assessment::new(form());
        let mut bad = StageRecord::new(Stage::ThirdPartyReview);
        bad.start = Some(date(9999, 1, 1));
        let before = doc.clone();
        assert!(doc.apply(vec![Edit::Stage { id: "s-bbbbbb".into(), record: Some(Box::new(bad)) }]).is_err());
        assert_eq!(doc, before, "nothing applied");
    }
}
