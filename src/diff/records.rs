//! What changed between two versions besides the answers of the form: the 事前点検 findings
//! marked 確認済み and the 質問事項 with their answers. A committee comparing the version it
//! reviewed with the next must see a finding waved through, or a question closed, as surely as a
//! changed answer. Only in the full (第三者点検用) comparison: a reason or a question may quote a
//! withheld passage, and neither is part of the published 評価書.

use crate::doc::{Acknowledgement, Assessment};

/// One 質問事項 added, changed (its answer or status) or removed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuestionChange {
    pub number: String,
    /// 「追加」「変更」「削除」.
    pub what: &'static str,
    /// The status on the newer side (on the older one when removed).
    pub status: &'static str,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Records {
    /// Marks on the newer side only, and on the older side only: (finding key, mark).
    pub marks_added: Vec<(String, Acknowledgement)>,
    pub marks_removed: Vec<(String, Acknowledgement)>,
    pub questions: Vec<QuestionChange>,
    /// Records of the procedure's stages added, changed or removed: (stage, 「追加」「変更」「削除」,
    /// the stage's days on the newer side, on the older one when removed).
    pub stages: Vec<(&'static str, &'static str, String)>,
}

impl Records {
    /// Compares the marks and questions of two versions.
    pub fn between(old: &Assessment, new: &Assessment) -> Records {
        let marks = |a: &Assessment, b: &Assessment| -> Vec<(String, Acknowledgement)> {
            a.acknowledgements()
                .filter(|(k, _)| b.acknowledgement(k).is_none())
                .map(|(k, m)| (k.clone(), m.clone()))
                .collect()
        };
        let mut questions = Vec::new();
        for (id, q) in crate::review::ordered(new) {
            let what = match old.question(id) {
                None => "追加",
                Some(o) if o != q => "変更",
                Some(_) => continue,
            };
            questions.push(QuestionChange { number: q.number.clone(), what, status: q.status.label() });
        }
        for (id, q) in crate::review::ordered(old) {
            if new.question(id).is_none() {
                questions.push(QuestionChange { number: q.number.clone(), what: "削除", status: q.status.label() });
            }
        }
        let mut stages = Vec::new();
        for (id, r) in crate::review::procedure::ordered(new) {
            let what = match old.stage(id) {
                None => "追加",
                Some(o) if o != r => "変更",
                Some(_) => continue,
            };
            stages.push((r.stage.label(), what, r.period()));
        }
        for (id, r) in crate::review::procedure::ordered(old) {
            if new.stage(id).is_none() {
                stages.push((r.stage.label(), "削除", r.period()));
            }
        }
        Records { marks_added: marks(new, old), marks_removed: marks(old, new), questions, stages }
    }

    pub fn is_empty(&self) -> bool {
        self.marks_added.is_empty()
            && self.marks_removed.is_empty()
            && self.questions.is_empty()
            && self.stages.is_empty()
    }

    /// The changes as lines of Japanese text, a heading line for each kind.
    pub fn lines(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !self.marks_added.is_empty() || !self.marks_removed.is_empty() {
            out.push(format!(
                "事前点検で確認済みにした指摘: 追加 {}件、取り消し {}件",
                self.marks_added.len(),
                self.marks_removed.len()
            ));
            for (sign, list) in [("＋", &self.marks_added), ("－", &self.marks_removed)] {
                for (key, m) in list {
                    let rule = key.split_once('-').map_or(key.as_str(), |(r, _)| r);
                    let reason = m.reason.replace('\n', " ");
                    out.push(format!(
                        "  {sign} {rule}（{}に確認済み）理由: {reason}",
                        crate::doc::date::to_wareki(m.on)
                    ));
                }
            }
        }
        if !self.questions.is_empty() {
            out.push(format!("質問事項: {}件の追加・回答の変更・削除", self.questions.len()));
            for q in &self.questions {
                out.push(format!("  質問{} {}（{}）", q.number, q.what, q.status));
            }
        }
        if !self.stages.is_empty() {
            out.push(format!("評価の手続の記録: {}件の追加・変更・削除", self.stages.len()));
            for (stage, what, period) in &self.stages {
                out.push(format!("  {stage} {what} {period}").trim_end().to_owned());
            }
        }
        out
    }
}
