//! 事前点検: rules that find what review committees find, before they do.
//!
//! Each rule is one small function with an id, a severity, its source and a Japanese message
//! that says what to fix, pointing at item paths. Rules read the document through [`Cx`], which
//! walks the schema (so a rule never lists the form's items again). Adding a rule is a function
//! in one of the rule modules, a line in [`RULES`], and a test that makes it fire and one that
//! keeps it quiet.

mod completeness;
mod consistency;
mod practice;
pub use practice::promised_measures;
mod sensitive;
pub mod threshold;
mod wording;

use crate::doc::{Assessment, Path, Value};
use crate::form::{Form, Kind, NodeIx};

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "エラー",
            Severity::Warning => "警告",
            Severity::Info => "参考",
        }
    }
}

/// Where a rule comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Source {
    /// 特定個人情報保護評価書（全項目評価書）記載要領.
    Guidance,
    /// 特定個人情報保護評価指針.
    Guideline,
    /// What 第三者点検 bodies ask in practice (council minutes).
    Committee,
}

impl Source {
    pub fn label(self) -> &'static str {
        match self {
            Source::Guidance => "記載要領",
            Source::Guideline => "指針",
            Source::Committee => "第三者点検での指摘例",
        }
    }
}

/// One thing to fix.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub rule: &'static str,
    pub severity: Severity,
    pub source: Source,
    pub message: String,
    /// The items concerned, first the one to open.
    pub paths: Vec<Path>,
    /// A passage the finding suggests withholding: the text item and the byte range in its text
    /// (S01; 「この部分を非公開にする」 in the window marks it).
    pub withhold: Option<(Path, std::ops::Range<usize>)>,
    /// What a 確認済み mark is kept under (`Assessment::acknowledgement`): the rule id, `-`, and
    /// 32 hex digits of SHA-256 over the message, the items named and every answer in their
    /// scope (the block instance or section each lies in, see `scope_of`). A change to any of
    /// those texts gives a new key, so the finding speaks again.
    pub key: String,
}

impl Finding {
    /// The 確認済み mark on this finding in `doc`, if the department has given one.
    pub fn acknowledgement<'d>(&self, doc: &'d Assessment) -> Option<&'d crate::doc::Acknowledgement> {
        doc.acknowledgement(&self.key)
    }
}

/// Where a finding's texts may come from: the whole instance of the innermost block its item is
/// in, nested blocks included (a 別添3 row, Ⅱ of one file with its 委託事項 and 提供先, Ⅲ of one
/// file), or the whole section for an item in no block (表紙, Ⅰ, Ⅵ). Rules read more than the
/// items they name (K22 a row's 変更後, P05 every Ⅲ4 text), so a mark must lapse when any of
/// these changes, not only the named answer.
type Scope = (crate::form::NodeIx, Vec<String>);

fn scope_of(doc: &Assessment, path: &Path) -> Option<Scope> {
    let ix = doc.form().find(&path.item)?;
    Some((doc.form().section_of(ix), path.blocks.clone()))
}

/// SHA-256 over every answer in a scope, in path order.
fn scope_digest(doc: &Assessment, scope: &Scope) -> [u8; 32] {
    use sha2::{Digest, Sha256};
    let form = doc.form();
    let mut h = Sha256::new();
    for (p, _) in doc.values() {
        let Some(ix) = form.find(&p.item) else { continue };
        if form.section_of(ix) != scope.0 || !p.blocks.starts_with(&scope.1) {
            continue;
        }
        let (answer, withheld) = crate::doc::answer(doc, ix, &p.blocks);
        h.update(p.render(form).as_bytes());
        h.update([0]);
        h.update(answer.as_bytes());
        for r in withheld {
            h.update(format!("[{}..{}]", r.start, r.end).as_bytes());
        }
        h.update([0]);
    }
    h.finalize().into()
}

/// The key of a finding of `rule` (see [`Finding::key`]); `digests` caches scope digests over
/// one check.
fn finding_key(
    doc: &Assessment,
    rule: &str,
    message: &str,
    paths: &[Path],
    digests: &mut std::collections::HashMap<Scope, [u8; 32]>,
) -> String {
    use sha2::{Digest, Sha256};
    let form = doc.form();
    let mut h = Sha256::new();
    h.update(rule.as_bytes());
    h.update([0]);
    h.update(message.as_bytes());
    let mut scopes: Vec<Scope> = paths.iter().filter_map(|p| scope_of(doc, p)).collect();
    scopes.sort();
    scopes.dedup();
    for p in paths {
        h.update([0]);
        h.update(p.render(form).as_bytes());
    }
    for scope in scopes {
        let digest = *digests.entry(scope.clone()).or_insert_with(|| scope_digest(doc, &scope));
        h.update(digest);
    }
    let digest = h.finalize();
    let hex: String = digest[..16].iter().map(|b| format!("{b:02x}")).collect();
    format!("{rule}-{hex}")
}

/// The findings that still speak: those without a 確認済み mark in `doc`.
pub fn open_findings<'f>(doc: &Assessment, findings: &'f [Finding]) -> Vec<&'f Finding> {
    findings.iter().filter(|f| f.acknowledgement(doc).is_none()).collect()
}

/// A rule of the checker.
pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    pub source: Source,
    pub run: fn(&Cx, &mut Vec<Finding>),
}

/// Every rule, in the order findings are listed within an item.
pub const RULES: &[Rule] = &[
    completeness::REQUIRED,
    completeness::OTHER_WITHOUT_TEXT,
    completeness::ISSUE_UNEXPLAINED,
    completeness::PLACEHOLDER,
    completeness::UNPRINTABLE,
    completeness::BODY_NOT_AN_ORGAN,
    consistency::OUTSOURCING_WITHOUT_TASKS,
    consistency::TASKS_WITHOUT_OUTSOURCING,
    consistency::SUBCONTRACT_WITHOUT_APPROVAL,
    consistency::RISK_OUTSOURCING_MISMATCH,
    consistency::SUBCONTRACTOR_ASSURANCE_MISMATCH,
    consistency::PROVISION_STATUS_VS_BLOCKS,
    consistency::RISK_PROVISION_MISMATCH,
    consistency::NETWORK_MISMATCH,
    consistency::PROCEDURE_DATE_ORDER,
    consistency::SHORT_COMMENT_PERIOD,
    consistency::RETENTION_WITHOUT_REASON,
    consistency::THRESHOLD_MISMATCH,
    consistency::DIAGRAM_MISMATCH,
    consistency::DANGLING_REFERENCE,
    consistency::DATA_CENTRE_NOT_IN_DIAGRAM,
    consistency::RECORDS_WITHOUT_MY_NUMBER,
    consistency::ANNEX2_WITHOUT_MY_NUMBER,
    consistency::IMPOSSIBLE_FILE_DATES,
    consistency::SUBJECTS_OVER_TASK_PEOPLE,
    consistency::HIDDEN_BY_ANSWER,
    consistency::RECORD_COUNT_VS_ANNEX2,
    consistency::ANNEX3_AFTER_FOR_SIGNIFICANT,
    consistency::UNTAGGED_FLOW,
    consistency::PROVISION_NOT_IN_DIAGRAM,
    consistency::PROCEDURE_RECORDS,
    wording::TERM_VARIANTS,
    wording::MIXED_WIDTH,
    wording::HALF_WIDTH_KATAKANA,
    wording::DUPLICATED_TEXT,
    wording::WITHHELD_RESTATED,
    practice::SUBCONTRACT_FOR_COST,
    practice::REMOVABLE_MEDIA,
    practice::LOG_REVIEW,
    practice::PASSWORD_STAFF_CHANGES,
    practice::CONTRACTOR_AUDIT,
    practice::OVERRATED_MEASURE,
    practice::VAGUE_OVERSIGHT,
    practice::ORAL_ONLY,
    sensitive::SENSITIVE_OPEN_TEXT,
];

/// What users add to the checker: more groups of words that must not be mixed.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub extra_variants: Vec<Vec<String>>,
}

/// 「受給者台帳／支給台帳」 per line → groups of at least two words.
pub fn parse_variants(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .map(|l| l.split(['／', '/']).map(str::trim).filter(|w| !w.is_empty()).map(str::to_owned).collect::<Vec<_>>())
        .filter(|g| g.len() >= 2)
        .collect()
}

/// Checks an assessment; findings in 様式 order (then by severity).
pub fn check(doc: &Assessment, options: &Options) -> Vec<Finding> {
    let cx = Cx::new(doc, options);
    let mut out = Vec::new();
    let mut digests = std::collections::HashMap::new();
    for rule in RULES {
        let start = out.len();
        (rule.run)(&cx, &mut out);
        for f in &mut out[start..] {
            f.rule = rule.id;
            f.severity = rule.severity;
            f.source = rule.source;
            f.key = finding_key(doc, rule.id, &f.message, &f.paths, &mut digests);
        }
    }
    let order = |f: &Finding| f.paths.first().map(|p| cx.position(p)).unwrap_or(usize::MAX);
    out.sort_by_key(|f| (order(f), f.severity));
    out
}

/// Counts by severity of the findings without a 確認済み mark in `doc`: (エラー, 警告, 参考).
pub fn counts(doc: &Assessment, findings: &[Finding]) -> (usize, usize, usize) {
    let open = open_findings(doc, findings);
    let n = |s| open.iter().filter(|f| f.severity == s).count();
    (n(Severity::Error), n(Severity::Warning), n(Severity::Info))
}

/// A finding under construction; the rule fills in id, severity and source.
pub fn finding(message: impl Into<String>, paths: Vec<Path>) -> Finding {
    Finding {
        rule: "",
        severity: Severity::Info,
        source: Source::Guidance,
        message: message.into(),
        paths,
        withhold: None,
        key: String::new(),
    }
}

/// What rules read: the document, its form, and every enabled text in 様式 order.
pub struct Cx<'a> {
    pub doc: &'a Assessment,
    pub form: &'static Form,
    pub options: &'a Options,
    /// (path, node, text) of every non-empty text answer that applies, in 様式 order.
    pub texts: Vec<(Path, NodeIx, &'a str)>,
    order: std::collections::HashMap<String, usize>,
}

impl<'a> Cx<'a> {
    fn new(doc: &'a Assessment, options: &'a Options) -> Cx<'a> {
        let form = doc.form();
        let order = form.nodes.iter().enumerate().map(|(i, n)| (n.id.clone(), i)).collect();
        let mut texts = Vec::new();
        for (path, entry) in doc.values() {
            let (Value::Text(t), Some(ix)) = (&entry.value, form.find(&path.item)) else { continue };
            if !t.as_str().trim().is_empty() && !doc.is_disabled(ix, &path.blocks) {
                texts.push((path.clone(), ix, t.as_str()));
            }
        }
        let order: std::collections::HashMap<String, usize> = order;
        texts.sort_by_key(|(p, ..): &(Path, NodeIx, &str)| {
            (order.get(&p.item).copied().unwrap_or(usize::MAX), p.blocks.clone())
        });
        Cx { doc, form, options, texts, order }
    }

    /// Place of an item in the 様式 (for sorting findings).
    pub fn position(&self, path: &Path) -> usize {
        self.order.get(&path.item).copied().unwrap_or(usize::MAX)
    }

    pub fn text(&self, item: &str, blocks: &[String]) -> &'a str {
        self.doc.text(&Path { item: item.to_owned(), blocks: blocks.to_vec() }.sibling(self.form, item))
    }

    pub fn choice(&self, item: &str, blocks: &[String]) -> &'a str {
        self.doc.choice(&Path { item: item.to_owned(), blocks: blocks.to_vec() }.sibling(self.form, item))
    }

    pub fn flag(&self, item: &str, blocks: &[String]) -> bool {
        let p = Path { item: item.to_owned(), blocks: blocks.to_vec() }.sibling(self.form, item);
        matches!(self.doc.get(&p).map(|e| &e.value), Some(Value::Flag(true)))
    }

    pub fn picked(&self, item: &str, blocks: &[String], option: &str) -> bool {
        let p = Path { item: item.to_owned(), blocks: blocks.to_vec() }.sibling(self.form, item);
        matches!(self.doc.get(&p).map(|e| &e.value), Some(Value::Multi(picks)) if picks.iter().any(|x| x.option == option))
    }

    /// The last date of a top-level date answer: a step held over several days (Ⅵ 3.① over
    /// several meetings) is done on its last.
    pub fn date(&self, item: &str) -> Option<jiff::civil::Date> {
        match self.doc.get(&Path::top(item)).map(|e| &e.value) {
            Some(Value::Date(d)) => Some(d.latest()),
            _ => None,
        }
    }

    /// The ids of the 特定個人情報ファイル (Ⅱ), in order.
    pub fn files(&self) -> Vec<String> {
        self.doc.instances(&Path::top(crate::form::ids::II_FILE)).to_vec()
    }

    /// Where each of a path's blocks stands in its list (file 1 before file 2, whatever their ids),
    /// outer first; for sorting findings within one item.
    pub fn block_rank(&self, path: &Path) -> Vec<usize> {
        let Some(ix) = self.form.find(&path.item) else { return Vec::new() };
        let node = self.form.node(ix);
        node.blocks
            .iter()
            .zip(&path.blocks)
            .enumerate()
            .map(|(depth, (&list, id))| {
                let list = Path { item: self.form.node(list).id.clone(), blocks: path.blocks[..depth].to_vec() };
                self.doc.instances(&list).iter().position(|b| b == id).unwrap_or(usize::MAX)
            })
            .collect()
    }

    /// Instances of a block list inside the given blocks.
    pub fn instances(&self, repeat: &str, blocks: &[String]) -> Vec<String> {
        self.doc.instances(&self.doc.list_of(repeat, blocks)).to_vec()
    }

    /// The non-empty texts below a node (for a rule that reads a whole risk section).
    pub fn texts_under(&self, ancestor: &str, blocks: &[String]) -> Vec<&(Path, NodeIx, &'a str)> {
        let prefix = format!("{ancestor}.");
        self.texts.iter().filter(|(p, ..)| p.item.starts_with(&prefix) && p.blocks.starts_with(blocks)).collect()
    }

    /// Whether a node is a text item.
    pub fn is_text(&self, ix: NodeIx) -> bool {
        matches!(self.form.node(ix).kind, Kind::Text { .. } | Kind::LongText { .. })
    }
}

/// Whether `text` contains any of `words`.
pub fn mentions(text: &str, words: &[&str]) -> bool {
    words.iter().any(|w| text.contains(w))
}

/// Endings that deny what a sentence says (「…しない」「…していない」「行っていない」).
const NEGATIONS: &[&str] =
    &["しない", "していない", "しておらず", "行っていない", "行わない", "いない", "ない。", "なし", "無い"];

/// The sentences of a text, each with its 「。」 or line end; blank ones left out.
pub fn sentences(text: &str) -> impl Iterator<Item = &str> {
    text.split_inclusive(['。', '\n']).filter(|s| !s.trim().is_empty())
}

/// Whether some sentence of `text` mentions one of `words` without denying it: 「異動の際にパス
/// ワードを変更していない」 does not state the measure.
pub fn affirms(text: &str, words: &[&str]) -> bool {
    sentences(text).any(|sentence| mentions(sentence, words) && !NEGATIONS.iter().any(|n| sentence.contains(n)))
}

/// Whether `text` states how often (「月1回」「年２回」「毎日」「四半期ごと」); 「適宜」 does not,
/// and neither does a 「回」 that is no count (「回答」).
pub fn states_frequency(text: &str) -> bool {
    const WORDS: &[&str] = &[
        "毎日",
        "毎週",
        "毎月",
        "毎年",
        "日次",
        "週次",
        "月次",
        "年次",
        "四半期",
        "半期",
        "半年",
        "定期的",
        "随時",
        "都度",
        "毎回",
    ];
    if mentions(text, WORDS) {
        return true;
    }
    let chars: Vec<char> = text.chars().collect();
    chars.windows(2).any(|w| w[1] == '回' && (w[0].is_numeric() || "一二三四五六七八九十数".contains(w[0])))
}

#[cfg(test)]
mod tests;
