//! An existing 評価書 brought in: a workbook, a Word document or the text of its published PDF,
//! read by recognising the 様式 — its numbers and labels, walking the schema — and never by fixed
//! cell addresses (issue 16).
//!
//! Every source becomes rows of cells in reading order ([`source`]). The walk goes through the
//! form in order: a section starts at its heading (「Ⅱ 特定個人情報ファイルの概要」), a group at its
//! band (「リスク1：目的外の入手が行われるリスク」) and ends where a later sibling starts, a block
//! instance at 「システム2」「委託事項3」「特定個人情報ファイル1」, and an item's answer is what
//! follows its label up to the next label. Only labels inside the span of their group are taken,
//! so a missing answer is a gap and never the answer of the next risk: a wrong placement is worse
//! than a gap.
//!
//! Nothing is written here: [`recognise`] returns the assessment read and a report of every item
//! (recognised with the cell or page it came from, empty, not applicable, unreadable, not found)
//! and of every row that belongs to no item, for the user to look at before anything is saved.

pub mod source;

use crate::doc::{Assessment, Edit, Entry, Path, Pick, Value, date};
use crate::form::{Form, Kind, NodeIx, ids};
use crate::xlsx::CONTINUED;
pub use source::{Cell, Line, Row, SourceError};
use std::ops::Range;

/// What became of one item of the form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Read and taken.
    Recognised,
    /// The label was found with no answer beside it.
    Empty,
    /// Printed 「－」: the item does not apply.
    NotApplicable,
    /// The label was found but the answer cannot be taken (a choice not in the list, a date that
    /// is none): the reason, in Japanese.
    Unreadable(String),
    /// No label of this item in the document.
    NotFound,
    /// A picture (別添1): cannot be recovered from the document's text.
    Picture,
}

/// The report line of one item.
#[derive(Debug, Clone)]
pub struct Finding {
    pub path: Path,
    /// 「Ⅱ 3. ⑧情報の突合（ファイル1）」.
    pub title: String,
    pub outcome: Outcome,
    /// Where the label was found: 「A123」, 「表3 行4」, 「12ページ」.
    pub at: Option<String>,
    /// The answer as read (shortened for the report).
    pub read: String,
    /// Taken with a withheld mark (all of it or a passage).
    pub withheld: bool,
}

/// An assessment read from a document, and what the reading found.
pub struct Reading {
    pub doc: Assessment,
    pub findings: Vec<Finding>,
    /// Rows that belong to no item: where, and their text.
    pub unplaced: Vec<(String, String)>,
    /// The document says it is a full edition (「非公開情報を含む（第三者点検用）」): it has
    /// withheld passages, whether or not their marks could be read.
    pub full_edition: bool,
}

impl Reading {
    /// How many items ended in `outcome`'s variant.
    pub fn count(&self, is: impl Fn(&Outcome) -> bool) -> usize {
        self.findings.iter().filter(|f| is(&f.outcome)).count()
    }

    /// One line for the user: how many items were read, found empty or 「－」, could not be
    /// read, or were not found, and how many rows belong to no item.
    pub fn summary(&self) -> String {
        format!(
            "読み取った項目 {}件、空欄 {}件、「－」 {}件、読めなかった項目 {}件、見つからなかった項目 {}件、図 {}件。どの項目にも当たらない行 {}行。",
            self.count(|o| *o == Outcome::Recognised),
            self.count(|o| *o == Outcome::Empty),
            self.count(|o| *o == Outcome::NotApplicable),
            self.count(|o| matches!(o, Outcome::Unreadable(_))),
            self.count(|o| *o == Outcome::NotFound),
            self.count(|o| *o == Outcome::Picture),
            self.unplaced.len()
        )
    }

    /// What the report says of withheld passages, and whether it is a warning: the marks taken
    /// from an .xlsx, or why there are none (a PDF's or a Word document's colours are not read;
    /// an .xls or .ods carries none the program reads) — a warning when the document says it
    /// holds withheld passages, for then the new assessment must have them marked again before
    /// anything is published; and the items that print 「（非公開）」, the public edition's stand-in
    /// for a passage it left out, whose words this document does not have.
    pub fn withheld_notice(&self, document: &source::Document) -> (String, bool) {
        use source::Marks;
        let marked = self.findings.iter().filter(|f| f.withheld).count();
        let full = self.full_edition || document.full_edition;
        let why = match (document.marks, document.kind) {
            (Marks::Read, _) => String::new(),
            (Marks::Unreadable, _) => "このExcelファイルは書式を読み取れないため、非公開の印（橙色の文字）を読み取れません。".into(),
            (Marks::NotCarried, source::Kind::Workbook) => {
                "この形式（.xls・.ods）からは非公開の印を読み取れません（.xlsx 形式で保存し直すと、橙色の文字を読み取れます）。".into()
            }
            (Marks::NotCarried, kind) => format!("{}からは非公開の印を読み取れません。", kind.label()),
        };
        let (mut notice, mut warning) = match (document.marks, full) {
            (Marks::Read, _) if marked > 0 => (
                format!("非公開の印（橙色の文字）のある項目 {marked}件を、非公開のまま読み取りました。公表用の出力では「（非公開）」になります。"),
                false,
            ),
            (Marks::Read, true) => (
                "非公開情報を含む版ですが、非公開の印（橙色の文字）のある部分は見つかりませんでした。公表用に出力する前に、非公開にする部分を確かめてください。".into(),
                true,
            ),
            (Marks::Read, false) => {
                ("非公開の印（橙色の文字）のある部分はありませんでした。非公開にする部分は、作った後で指定してください。".into(), false)
            }
            (_, true) => (
                format!(
                    "この文書は「{}」の版です。{why}作る評価書には非公開の部分がありません。公表用に出力する前に、非公開にする部分を必ず指定し直してください。",
                    crate::content::FULL_EDITION_MARK
                ),
                true,
            ),
            (_, false) => (format!("{why}非公開にする部分は、作った後で指定してください。"), false),
        };
        let stand_ins = self
            .findings
            .iter()
            .filter(|f| f.outcome == Outcome::Recognised && f.read.contains(crate::content::WITHHELD))
            .count();
        if stand_ins > 0 {
            notice.push_str(&format!(
                "「{}」と書かれた項目が {stand_ins}件あります。公表版で伏せられた部分で、元の記載はこの文書にありません。記載し直してください。",
                crate::content::WITHHELD
            ));
            warning = true;
        }
        (notice, warning)
    }
}

impl Outcome {
    /// The word the report uses.
    pub fn label(&self) -> &'static str {
        match self {
            Outcome::Recognised => "読み取り",
            Outcome::Empty => "空欄",
            Outcome::NotApplicable => "「－」",
            Outcome::Unreadable(_) => "読めない",
            Outcome::NotFound => "見つからない",
            Outcome::Picture => "図",
        }
    }
}

impl Finding {
    /// The report line: 「読み取り　Ⅰ 1. ①事務の名称　← 評価書!A16　児童手当に関する事務」.
    pub fn line(&self) -> String {
        let mut line = format!("{}　{}", self.outcome.label(), self.title);
        if let Some(at) = &self.at {
            line.push_str(&format!("　← {at}"));
        }
        match &self.outcome {
            Outcome::Unreadable(why) => line.push_str(&format!("　{why}")),
            Outcome::Picture => {
                line.push_str("　図は文書から読み取れません。別添1の登録（登場者・流れ・委託の連鎖）から図を描けます。")
            }
            _ if !self.read.is_empty() => {
                line.push_str(&format!("　{}", self.read.replace('\n', " ")));
            }
            _ => {}
        }
        if self.withheld {
            line.push_str("　（非公開の印あり）");
        }
        line
    }
}

/// Reads `rows` (from [`source::read`]) as an assessment on `form`.
pub fn recognise(form: &'static Form, rows: &[Row]) -> Reading {
    let labels = LabelSet::new(form);
    let whole = &spread(joined_labels(rows.to_vec(), &labels), &labels);
    let rows = &split_lines(form, whole, &labels);
    let mut r = Recogniser {
        form,
        rows,
        whole,
        answer_column: answer_column(whole, &labels),
        used: vec![false; rows.len()],
        doc: Assessment::new(form),
        findings: Vec::new(),
        refs: Vec::new(),
        labels,
        guarded: false,
        later: Vec::new(),
        stray: Vec::new(),
    };
    r.sections();
    r.resolve_refs();
    let mut unplaced: Vec<(String, String)> = rows
        .iter()
        .zip(&r.used)
        .filter(|(row, used)| !**used && !row.text().trim().is_empty())
        .map(|(row, _)| (row.at.clone(), row.text()))
        .collect();
    unplaced.append(&mut r.stray);
    for (_, text) in &mut unplaced {
        text.retain(|c| !source::is_mark(c));
    }
    let full_edition = rows.iter().any(|row| source::says_full_edition(&row.text()));
    Reading { doc: r.doc, findings: r.findings, unplaced, full_edition }
}

/// A label as compared: no blanks, full-width letters and digits as ASCII, no trailing colon.
pub fn norm(s: &str) -> String {
    let mut out: String = s
        .chars()
        .filter(|&c| !c.is_whitespace() && !source::is_mark(c))
        .map(|c| match c {
            '！'..='～' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect();
    // 「②事務の内容 ※」: the 様式 marks with ※ the items a 重要な変更 concerns.
    loop {
        let before = out.len();
        for suffix in [":", "：", "※", "(※)"] {
            if let Some(s) = out.strip_suffix(suffix) {
                out.truncate(s.len());
            }
        }
        if out.len() == before {
            break;
        }
    }
    out
}

/// Characters a printed number is made of (「⑧」「(8)」「8.」「リスク」 aside).
fn numberish(c: char) -> bool {
    c.is_ascii_digit() || ('①'..='⑳').contains(&c) || ('Ⅰ'..='Ⅻ').contains(&c) || ".()（）[]［］、・-".contains(c)
}

/// Whether a cell's normalised text names the node: its number and label, its label alone, or
/// its label after a number written another way (「(8)情報の突合」).
fn names(cell: &str, title: &str, label: &str) -> bool {
    if cell.is_empty() || label.is_empty() {
        return false;
    }
    if cell == title || cell == label {
        return true;
    }
    // The same number written another way: 「(8)」「8.」 for 「⑧」, never another number (「②事務の
    // 内容」 is not 「（別添1）事務の内容」).
    let number = title.strip_suffix(label).unwrap_or("");
    cell.strip_suffix(label).is_some_and(|prefix| {
        prefix.chars().count() <= 5
            && prefix.chars().all(numberish)
            && number_value(prefix).is_some()
            && number_value(prefix) == number_value(number)
    })
}

/// The value of a printed number: 「⑧」「(8)」「8.」「Ⅷ」 are all 8.
fn number_value(s: &str) -> Option<u32> {
    let digits: String = s.chars().filter(char::is_ascii_digit).collect();
    if !digits.is_empty() {
        return digits.parse().ok();
    }
    s.chars().find_map(|c| match c {
        '①'..='⑳' => Some(c as u32 - '①' as u32 + 1),
        'Ⅰ'..='Ⅻ' => Some(c as u32 - 'Ⅰ' as u32 + 1),
        _ => None,
    })
}

/// Whether a cell names the node in slightly different words (at least 85 % alike, labels of
/// six characters or more): tried only where no row names it exactly, and only on rows that
/// name no other node exactly (「4.…を取り扱う理由」 is not a rewording of 「1.…を取り扱う事務」).
fn names_loosely(cell: &str, label: &str) -> bool {
    let bare: String = cell.trim_start_matches(numberish).to_owned();
    label.chars().count() >= 6 && strsim::normalized_levenshtein(&bare, label) >= 0.85
}

/// Whether what follows a block's number in a row (`after`, as [`norm`] reads it) can be a
/// block's heading: nothing, or a name (「システム2」「委託事項3：収納業務」「システム2 はまなす
/// システム」) — never a sentence that begins with the number: one that ends with 「。」
/// (「システム2 は令和8年度に導入予定である。」), or a particle straight after the number with no
/// blank or colon between (「委託事項2の詳細は別紙のとおり」). `apart`: the row's own text has a
/// blank or a colon after the number.
fn names_a_block(after: &str, apart: bool) -> bool {
    let rest = after.trim_start_matches([':', '：', '・', '-']);
    let particle = rest.starts_with(['は', 'が', 'を', 'に', 'の', 'で', 'と', 'も', 'へ', 'や', 'か']);
    !rest.ends_with(['。', '.']) && (apart || !particle)
}

/// Whether the first cell of `row` has a blank or a colon right after its first number
/// (「システム2 はまなすシステム」), which [`norm`] leaves out.
fn apart_after_number(row: &Row) -> bool {
    let text = row.cells.first().map_or("", |c| c.text.as_str());
    let digit = |c: &char| c.is_ascii_digit() || ('０'..='９').contains(c);
    let mut chars = text.chars().skip_while(|c| !digit(c)).skip_while(digit);
    chars.next().is_some_and(|c| c.is_whitespace() || c == ':' || c == '：')
}

/// Where the answers of a page laid out in two columns start: the middle left edge of the
/// answers on lines that begin with a label in a cell of its own, when ten lines or more do and
/// the labels stand five characters or more to the left of it. `None` for a workbook, a Word
/// document, or a page whose answers stand under their labels.
fn answer_column(rows: &[Row], labels: &LabelSet) -> Option<f32> {
    let mut pairs: Vec<(f32, f32, f32)> = rows
        .iter()
        .filter_map(|row| {
            let (label, answer) = (row.cells.first()?, row.cells.get(1)?);
            let (size, (left, _), (start, _)) = (row.line?.size, label.span?, answer.span?);
            labels.any(&norm(&label.text)).then_some((left, start, size))
        })
        .collect();
    if pairs.len() < 10 {
        return None;
    }
    pairs.sort_by(|a, b| a.1.total_cmp(&b.1));
    let (_, edge, size) = pairs[pairs.len() / 2];
    let mut lefts: Vec<f32> = pairs.iter().map(|p| p.0).collect();
    lefts.sort_by(f32::total_cmp);
    (lefts[lefts.len() / 2] < edge - size * 5.0).then_some(edge)
}

/// Lines of running text (a PDF's) that start with an item's label and go on with its answer,
/// cut into a label cell and an answer cell (the longest label that starts the line wins).
fn split_lines(form: &Form, rows: &[Row], labels: &LabelSet) -> Vec<Row> {
    rows.iter()
        .map(|row| {
            let [only] = row.cells.as_slice() else { return row.clone() };
            // A paragraph or a page's line 「⑥委託先名：株式会社みどりコンタクト」: a label (or
            // 「記録項目（続き）」), a colon, its answer.
            if row.lines {
                let colon = only.text.find(['：', ':']);
                let continued = norm(crate::xlsx::CONTINUED);
                let names = |before: &str| {
                    let before = norm(before);
                    labels.any(&before) || before.strip_suffix(continued.as_str()).is_some_and(|l| labels.any(l))
                };
                if let Some(at) = colon
                    && names(&only.text[..at])
                {
                    let (label, answer) = only.text.split_at(at);
                    let answer = answer.trim_start_matches(['：', ':']).trim();
                    if !answer.is_empty() {
                        let mut split = row.clone();
                        split.cells = vec![
                            Cell { col: 0, text: label.trim().to_owned(), span: None },
                            Cell { col: 1, text: answer.to_owned(), span: only.span },
                        ];
                        return split;
                    }
                }
            }
            // Only a page's lines run a label's column into its answer's; a paragraph that
            // begins with a label's words (「結果　部会での審議の結果は…」) is running text.
            if !row.wraps {
                return row.clone();
            }
            let n = norm(&only.text);
            let Some((len, ix)) = labels.longest_prefix(&n).filter(|&(len, _)| len < n.chars().count()) else {
                return row.clone();
            };
            // The original text up to the label's last character.
            let mut seen = 0;
            let mut cut = only.text.len();
            for (i, c) in only.text.char_indices() {
                if seen == len {
                    cut = i;
                    break;
                }
                if !c.is_whitespace() {
                    seen += 1;
                }
            }
            let (label, answer) = only.text.split_at(cut);
            // The page puts a blank between the label's column and the answer's; without one,
            // the line is running text that only begins with a label's words (「番号法第19条…」
            // is not 「番号」 and an answer).
            // A page may also run them together with no blank (「使用者数100人以上500人未満」): taken
            // only where what follows is an answer the item can hold (an option of its list, a
            // date, a count, a mark).
            if !answer.starts_with(char::is_whitespace) && !closed_answer(form, ix, answer.trim()) {
                return row.clone();
            }
            let answer = answer.trim();
            if answer.is_empty() {
                return row.clone();
            }
            let mut split = row.clone();
            split.cells = vec![
                Cell { col: 0, text: label.trim().to_owned(), span: None },
                Cell { col: 1, text: answer.to_owned(), span: only.span },
            ];
            split
        })
        .collect()
}

/// Rows that hold several items' labels, as the 様式's own cover does: a row of labels with
/// their answers in the row below (「評価書番号 | 評価書名」 over 「7 | 児童手当…」) becomes one row
/// per label and answer; a row with two items side by side (「①部署 | 値 | ②所属長の役職名 | 値」)
/// one row per item. Table headers (別添3, the registrations) are left to the tables.
fn spread(rows: Vec<Row>, labels: &LabelSet) -> Vec<Row> {
    let mut out = Vec::with_capacity(rows.len());
    let mut i = 0;
    while i < rows.len() {
        let row = &rows[i];
        let is_label: Vec<bool> = row.cells.iter().map(|c| labels.item_label(&norm(&c.text))).collect();
        let count = is_label.iter().filter(|&&l| l).count();
        if row.wraps || row.cells.len() < 2 || count < 2 {
            out.push(row.clone());
            i += 1;
            continue;
        }
        // A row of labels over a row of their answers, column by column.
        if count == row.cells.len()
            && let Some(next) = rows.get(i + 1)
            && next.cells.len() == row.cells.len()
            && next.cells.iter().all(|c| !labels.item_label(&norm(&c.text)))
            && next
                .cells
                .iter()
                .enumerate()
                .all(|(k, c)| c.col >= row.cells[k].col && row.cells.get(k + 1).is_none_or(|n| c.col < n.col))
        {
            for (label, value) in row.cells.iter().zip(&next.cells) {
                out.push(Row {
                    at: next.at.clone(),
                    cells: vec![label.clone(), value.clone()],
                    lines: false,
                    wraps: false,
                    line: None,
                });
            }
            i += 2;
            continue;
        }
        // Items side by side: a row from each label on (three cells at least: a label and its
        // answer alone are the usual row, even where the answer reads like a label, 「委託しない」).
        if row.cells.len() < 3 {
            out.push(row.clone());
            i += 1;
            continue;
        }
        let mut current: Option<Row> = None;
        for (cell, &label) in row.cells.iter().zip(&is_label) {
            match (&mut current, label) {
                (Some(r), false) => r.cells.push(cell.clone()),
                (slot, _) => {
                    if let Some(r) = slot.take() {
                        out.push(r);
                    }
                    *slot = Some(Row {
                        at: row.at.clone(),
                        cells: vec![cell.clone()],
                        lines: row.lines,
                        wraps: false,
                        line: None,
                    });
                }
            }
        }
        out.extend(current);
        i += 1;
    }
    out
}

/// A label wrapped over lines of a page's narrow column (「個人のプライバシー等の権利利益の保護の宣」
/// then 「言」, each beside a line of the answer) joined back on its first line; the lines after
/// keep only their answer part, which continues the answer. Up to three lines, and only while
/// the pieces begin a label (a column two characters wide wraps 「図（図を分ける場合）」 over six).
fn joined_labels(mut rows: Vec<Row>, labels: &LabelSet) -> Vec<Row> {
    for i in 0..rows.len() {
        if !rows[i].wraps || rows[i].cells.is_empty() {
            continue;
        }
        let col = rows[i].cells[0].col;
        let mut label = rows[i].cells[0].text.clone();
        if labels.any(&norm(&label)) {
            continue;
        }
        for j in i + 1..(i + 9).min(rows.len()) {
            let next = &rows[j];
            if !next.wraps || next.cells.first().is_none_or(|c| c.col != col) {
                break;
            }
            label.push_str(&next.cells[0].text);
            if labels.any(&norm(&label)) {
                rows[i].cells[0].text = label;
                for row in &mut rows[i + 1..=j] {
                    row.cells.remove(0);
                }
                break;
            }
            if !labels.begins_a_label(&norm(&label)) {
                break;
            }
        }
    }
    rows.retain(|r| !r.cells.is_empty());
    rows
}

/// Whether `text` is, as a whole, an answer item `ix` can hold that is not free text.
fn closed_answer(form: &Form, ix: NodeIx, text: &str) -> bool {
    let node = form.node(ix);
    match &node.kind {
        Kind::Choice { .. } => form.options(ix).iter().filter_map(|o| o.label()).any(|o| norm(o) == norm(text)),
        Kind::Date => matches!(date::parse_dates(text, node.several), Ok(Some(_))),
        Kind::Count => text.trim_end_matches('件').chars().all(|c| c.is_ascii_digit()) && !text.is_empty(),
        Kind::Flag | Kind::Multi { .. } => text.starts_with(['■', '□']),
        _ => false,
    }
}

/// The normalised titles and labels of every node, to tell an answer's next line from the next
/// item's label.
struct LabelSet {
    all: Vec<(String, String)>,
    /// The same for the items that hold a value (what a line of a page may start with before
    /// its answer; a block's or group's name is a heading, not a label with an answer).
    answered: Vec<(String, String, NodeIx)>,
    /// How many nodes carry each normalised label (「リスクへの対策は十分か」: dozens).
    counts: std::collections::HashMap<String, usize>,
    /// The titles and labels of the items printed as table columns (別添3, 別添1's registrations).
    columns: std::collections::HashSet<String>,
}

impl LabelSet {
    fn new(form: &Form) -> LabelSet {
        let all = form
            .nodes
            .iter()
            .filter(|n| n.label.chars().count() >= 2)
            .map(|n| (norm(&n.title()), norm(&n.label)))
            .collect();
        let answered = form
            .nodes
            .iter()
            .enumerate()
            .filter(|(_, n)| {
                n.label.chars().count() >= 2 && (n.kind.holds_value() || matches!(n.kind, Kind::Derived(_)))
            })
            .map(|(ix, n)| (norm(&n.title()), norm(&n.label), ix))
            .collect();
        let mut counts = std::collections::HashMap::new();
        for n in &form.nodes {
            *counts.entry(norm(&n.label)).or_insert(0) += 1;
        }
        let columns = form
            .nodes
            .iter()
            .filter(|n| n.parent.is_some_and(|p| matches!(form.node(p).kind, Kind::Repeat { table: true, .. })))
            .flat_map(|n| [norm(&n.title()), norm(&n.label)])
            .collect();
        LabelSet { all, answered, counts, columns }
    }

    /// The length in characters of the longest title or label (or label after a number written
    /// another way) that `cell` (normalised) starts with.
    fn longest_prefix(&self, cell: &str) -> Option<(usize, NodeIx)> {
        let mut best: Option<(usize, NodeIx)> = None;
        for &(ref title, ref label, ix) in &self.answered {
            for candidate in [title, label] {
                if candidate.chars().count() >= 2 && cell.starts_with(candidate.as_str()) {
                    best = best.max(Some((candidate.chars().count(), ix)));
                }
            }
            // 「(8)情報の突合 …」
            let bare = cell.trim_start_matches(numberish);
            let prefix = cell.chars().count() - bare.chars().count();
            if prefix > 0 && prefix <= 5 && label.chars().count() >= 2 && bare.starts_with(label.as_str()) {
                let number = title.strip_suffix(label.as_str()).unwrap_or("");
                if number_value(&cell[..cell.len() - bare.len()]) == number_value(number) {
                    best = best.max(Some((prefix + label.chars().count(), ix)));
                }
            }
        }
        best
    }

    /// Whether `cell` (normalised) is the first part of a label wrapped over lines (「個人情報保護
    /// 委員会 承認日【行政機関等」 for 「…【行政機関等のみ】」): six characters at least.
    fn starts_a_label(&self, cell: &str) -> bool {
        if cell.chars().count() >= 6
            && self.all.iter().any(|(title, label)| title.starts_with(cell) || label.starts_with(cell))
        {
            return true;
        }
        // 「(4)主な意見の内 1人から…」: a numbered label wrapped after its first few characters,
        // with the answer's first line beside it.
        let bare = cell.trim_start_matches(numberish);
        let numbered = bare.len() < cell.len() && number_value(&cell[..cell.len() - bare.len()]).is_some();
        numbered
            && self.answered.iter().any(|(_, label, _)| {
                let common = label.chars().zip(bare.chars()).take_while(|(a, b)| a == b).count();
                common >= 4.min(label.chars().count())
            })
    }

    /// Whether `cell` (normalised) is the label of an item that holds a value and is no table
    /// column.
    fn item_label(&self, cell: &str) -> bool {
        !self.columns.contains(cell) && self.answered.iter().any(|(t, l, _)| names(cell, t, l))
    }

    /// Whether some title or label begins with `cell` (normalised, not empty).
    fn begins_a_label(&self, cell: &str) -> bool {
        !cell.is_empty() && self.all.iter().any(|(title, label)| title.starts_with(cell) || label.starts_with(cell))
    }

    /// Whether a label names more than one item of the form, so that only the group or block
    /// around it says which.
    fn shared(&self, label: &str) -> bool {
        self.counts.get(label).is_some_and(|&n| n > 1)
    }

    fn any(&self, cell: &str) -> bool {
        self.all.iter().any(|(t, l)| names(cell, t, l))
    }
}

/// A value whose referenced block is named by its label; resolved once every block exists.
struct PendingRef {
    path: Path,
    ix: NodeIx,
    label: String,
    at: String,
    finding: usize,
    /// The name was marked withheld.
    withheld: bool,
}

struct Recogniser<'a> {
    form: &'static Form,
    rows: &'a [Row],
    /// The same rows before [`split_lines`] cut a page's lines at a label's words: a table's
    /// cells 「頻度 変更9」 are read whole.
    whole: &'a [Row],
    /// Where a page's answers start (points from the left), when its labels and answers stand in
    /// two columns ([`answer_column`]).
    answer_column: Option<f32>,
    used: Vec<bool>,
    doc: Assessment,
    findings: Vec<Finding>,
    refs: Vec<PendingRef>,
    labels: LabelSet,
    /// Inside a group whose band was not found: its span is not delimited by it, so an item
    /// whose label other items share (「リスクへの対策は十分か」) cannot be told from theirs and is
    /// left as a gap rather than taken from a neighbour.
    guarded: bool,
    /// The siblings after the node being read: a row naming one of them, even in other words,
    /// is not a continuation of the current answer.
    later: Vec<NodeIx>,
    /// Cells read but placed nowhere (under a table column nobody recognised).
    stray: Vec<(String, String)>,
}

impl Recogniser<'_> {
    /// The text of row `row`'s first cell, as labels are compared; none for a page's line that
    /// starts in the answer column (an answer's line that reads like a label, 「③対象人数」 in a
    /// 事務の内容, is the answer's).
    fn label_of(&self, row: usize) -> String {
        let starts = self.whole[row].cells.first().and_then(|c| c.span).map(|(left, _)| left);
        let size = self.rows[row].line.map_or(0.0, |l| l.size);
        if let (Some(edge), Some(left)) = (self.answer_column, starts)
            && left >= edge - size
        {
            return String::new();
        }
        self.rows[row].cells.first().map(|c| norm(&c.text)).unwrap_or_default()
    }

    fn is(&self, row: usize, ix: NodeIx) -> bool {
        let node = self.form.node(ix);
        let cell = self.label_of(row);
        if names(&cell, &norm(&node.title()), &norm(&node.label)) {
            return true;
        }
        // A number that says what it numbers (「リスク2」) names its group alone, or before other
        // words (「リスク2：なりすましによる入手」): a band shortened or reworded still ends the
        // risk before it.
        let number = norm(&node.number);
        number.chars().count() >= 3
            && number.chars().any(|c| !numberish(c))
            && (cell == number || cell.strip_prefix(number.as_str()).is_some_and(|rest| rest.starts_with([':', '：'])))
    }

    /// The first unused row in `span` that names `ix`; failing that, the first that names it in
    /// slightly different words and names no other node.
    fn find(&self, span: Range<usize>, ix: NodeIx) -> Option<usize> {
        if let Some(r) = span.clone().find(|&r| !self.used[r] && self.is(r, ix)) {
            return Some(r);
        }
        span.into_iter().find(|&r| !self.used[r] && self.is_loosely(r, ix))
    }

    /// Whether a row names `ix` in slightly different words and names no other node exactly.
    fn is_loosely(&self, r: usize, ix: NodeIx) -> bool {
        let node = self.form.node(ix);
        let (label, number) = (norm(&node.label), norm(&node.number));
        let cell = self.label_of(r);
        // 「リスク1：…」: the number as printed is not part of what was reworded.
        let bare = cell.strip_prefix(number.as_str()).filter(|_| !number.is_empty()).unwrap_or(&cell);
        let bare = bare.trim_start_matches([':', '：']);
        // A label cut off by a page's wrapping (「個人情報ファイル」 of 「個人情報ファイル簿の公表」)
        // begins another label: not a rewording of this one.
        names_loosely(bare, &label) && !self.labels.any(&cell) && !self.labels.begins_a_label(&cell)
    }

    /// Whether a row starts instance `k` of a block called `noun` (「委託事項3」「ファイル1 …」).
    fn starts_instance(&self, row: usize, nouns: &[String], k: usize) -> bool {
        let cell = self.label_of(row);
        nouns.iter().any(|noun| {
            cell.strip_prefix(noun.as_str()).is_some_and(|rest| {
                let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
                digits.parse() == Ok(k) && names_a_block(&rest[digits.len()..], apart_after_number(&self.rows[row]))
            })
        })
    }

    /// The first row in `span` where one of `later` (the nodes after the current one among its
    /// siblings) or a block instance after this one starts: where the current node's part ends.
    ///
    /// The nearest later sibling that is there decides, not whichever later sibling's words come
    /// first: an answer that quotes a heading further on (「6．情報提供ネットワークシステムによる
    /// 情報連携」 inside ②事務の内容) does not end the part before the next sibling starts.
    fn end_before(&self, span: Range<usize>, later: &[NodeIx]) -> usize {
        let starts = |r: usize, s: NodeIx| {
            !self.used[r]
                && (self.is(r, s)
                    || (!self.form.node(s).kind.holds_value() && self.is_loosely(r, s))
                    || (self.form.node(s).kind.is_block() && self.starts_any_instance(r, &self.nouns(s))))
        };
        later.iter().find_map(|&s| span.clone().find(|&r| starts(r, s))).unwrap_or(span.end)
    }

    /// Whether a row starts an instance of a block called `noun`, whatever its number.
    fn starts_any_instance(&self, row: usize, nouns: &[String]) -> bool {
        self.instance_number(row, nouns).is_some()
    }

    /// The number of the instance a row starts (「委託事項3 …」 → 3), and the name after it.
    fn instance_number(&self, row: usize, nouns: &[String]) -> Option<(usize, String)> {
        let cell = self.label_of(row);
        nouns.iter().find_map(|noun| {
            let rest = cell.strip_prefix(noun.as_str())?;
            let digits: String = rest.chars().take_while(|c| c.is_ascii_digit()).collect();
            let k = digits.parse().ok()?;
            let apart = apart_after_number(&self.rows[row]);
            names_a_block(&rest[digits.len()..], apart).then(|| (k, rest[digits.len()..].to_owned()))
        })
    }

    /// What an instance of block `ix` is called at its heading (「特定個人情報ファイル」 also
    /// 「ファイル」), normalised.
    fn nouns(&self, ix: NodeIx) -> Vec<String> {
        let noun = self.form.noun(ix);
        let mut nouns = vec![norm(noun)];
        if noun == "特定個人情報ファイル" {
            nouns.push("ファイル".into());
        }
        nouns
    }

    /// Rows every printed 評価書 of ours has and no item holds: the 様式's stamp and title, the
    /// edition's notice, the 業務全体図's titles and the 手順 table drawn from the registered
    /// flows (read from the registrations themselves).
    fn boilerplate(&mut self) {
        let stamp = norm(&format!("[{}]", self.form.version));
        let title = norm(&self.form.title);
        let steps_header = norm("番号\t誰から誰へ\t媒体\t運ばれる情報\t頻度");
        let mut in_steps = false;
        for r in 0..self.rows.len() {
            let first = self.label_of(r);
            let whole = norm(&self.rows[r].text());
            if in_steps && self.rows[r].cells.len() >= 2 && !self.labels.any(&first) {
                self.used[r] = true;
                continue;
            }
            in_steps = whole == steps_header;
            let fixed = first == stamp
                || first == title
                || first.starts_with(&norm("【非公開情報を含む"))
                || first.starts_with(&norm("【公表用"))
                || first == norm("（参考）業務全体図の登録内容")
                || (first.starts_with("業務全体図") && self.rows[r].cells.len() == 1)
                || in_steps;
            if fixed {
                self.used[r] = true;
            }
        }
    }

    fn sections(&mut self) {
        self.boilerplate();
        // A table of contents (項目一覧): three or more section headings within a row or two of
        // each other are a list of sections, not their starts.
        let sections = self.form.sections.clone();
        let heads: Vec<usize> = (0..self.rows.len()).filter(|&r| sections.iter().any(|&s| self.is(r, s))).collect();
        let mut run: Vec<usize> = Vec::new();
        for &h in heads.iter().chain([usize::MAX].iter()) {
            if run.last().is_some_and(|&l| h != usize::MAX && h <= l + 2) {
                run.push(h);
                continue;
            }
            if run.len() >= 3 {
                for &r in &run {
                    self.used[r] = true;
                }
            }
            run = vec![h];
        }
        let sections = self.form.sections.clone();
        // Each section from its heading to the next section's; a section whose heading is not
        // found (a cover without 「表紙」) runs from where the previous one ended.
        let mut starts: Vec<Option<usize>> = Vec::new();
        let mut from = 0;
        for &s in &sections {
            let at = self.find(from..self.rows.len(), s);
            if let Some(r) = at {
                from = r + 1;
            }
            starts.push(at);
        }
        let mut cursor = 0;
        for (i, &s) in sections.iter().enumerate() {
            let start = match starts[i] {
                Some(r) => {
                    self.used[r] = true;
                    r + 1
                }
                None => cursor,
            };
            let end = starts[i + 1..].iter().flatten().next().copied().unwrap_or(self.rows.len());
            let end = end.max(start);
            self.children(s, &[], start..end);
            cursor = end;
        }
    }

    /// Reads the children of `parent` from `span`, in order; returns where reading stopped.
    fn children(&mut self, parent: NodeIx, blocks: &[String], span: Range<usize>) -> usize {
        let mut children = self.form.node(parent).children.clone();
        // In print order: 別添1's 業務の流れ comes right after the diagram it explains, before
        // the registrations the diagram is drawn from (`content::Builder::diagram`).
        if let (Some(d), Some(st)) = (
            children.iter().position(|&c| self.form.node(c).id == ids::ANNEX1_DIAGRAM),
            children.iter().position(|&c| self.form.node(c).id == ids::ANNEX1_STEPS),
        ) && st > d
        {
            let steps = children.remove(st);
            children.insert(d, steps);
        }
        let mut cursor = span.start;
        for (k, &c) in children.iter().enumerate() {
            let end = self.end_before(cursor..span.end, &children[k + 1..]);
            // An earlier sibling's label again means the same structure has started over (the
            // next risk, with the same labels): what is found past it is not this node's.
            let again = (cursor..end)
                .find(|&r| {
                    !self.used[r]
                        && children[..k].iter().any(|&e| self.form.node(e).kind.holds_value() && self.is(r, e))
                })
                .unwrap_or(end);
            self.later = children[k + 1..].to_vec();
            cursor = self.node(c, blocks, cursor..again.max(cursor), span.end);
        }
        cursor
    }

    /// Reads node `ix` from `span` (it ends where a later sibling starts; `outer` is where the
    /// parent ends). Returns where the next sibling's search starts.
    fn node(&mut self, ix: NodeIx, blocks: &[String], span: Range<usize>, outer: usize) -> usize {
        let form = self.form;
        let node = form.node(ix);
        let path = Path { item: node.id.clone(), blocks: blocks.to_vec() };
        // A part an answer already read switches off (Ⅲ4 under 「委託しない」) is left out of the
        // printed 様式 whole: nothing to look for, nothing missing.
        let disabled = self.doc.is_disabled(ix, blocks);
        if disabled && !node.kind.holds_value() {
            return span.start;
        }
        match &node.kind {
            // Not rows of the 様式 (or printed with another item): nothing to look for.
            _ if [ids::COVER_BODY_KIND, ids::VI_COMMENT_NO_OPINION, ids::COVER_ENDED_ON]
                .contains(&node.id.as_str()) =>
            {
                span.start
            }
            Kind::Derived(_) => {
                if let Some(r) = self.find(span.clone(), ix) {
                    self.used[r] = true;
                    self.continuation(r, outer);
                }
                span.start
            }
            Kind::Image => {
                self.report(path, Outcome::Picture, None, String::new());
                span.start
            }
            Kind::Group => {
                let was = self.guarded;
                let start = match self.find(span.clone(), ix) {
                    Some(r) => {
                        self.used[r] = true;
                        self.guarded = false;
                        r + 1
                    }
                    None => {
                        self.guarded = true;
                        span.start
                    }
                };
                // The 様式 prints some groups' choice on the group's own row (「①ユーザ認証の管理 |
                // [ 行っている ]」): that answer belongs to the group's first choice, unless that
                // choice has a row of its own.
                let band = start
                    .checked_sub(1)
                    .filter(|&b| b >= span.start && self.rows[b].cells.len() > 1 && self.is_group_row(b, ix));
                let reached = self.children(ix, blocks, start..span.end.max(start));
                if let Some(b) = band {
                    self.band_answer(ix, blocks, b);
                }
                self.guarded = was;
                reached
            }
            Kind::Repeat { .. } | Kind::PerBlock { .. } => self.blocks(ix, blocks, span),
            _ => {
                match self.find(span.clone(), ix).filter(|_| !(self.guarded && self.labels.shared(&norm(&node.label))))
                {
                    Some(r) => {
                        self.used[r] = true;
                        let answer = self.answer(r, outer);
                        let at = self.rows[r].at.clone();
                        self.value(ix, path, answer, at);
                        r + 1
                    }
                    None => {
                        let outcome = if disabled { Outcome::NotApplicable } else { Outcome::NotFound };
                        self.report(path, outcome, None, String::new());
                        span.start
                    }
                }
            }
        }
    }

    /// The answer beside the label in row `r`, and the rows that continue it (to the right of
    /// the label's column, or, in a source of lines, up to the next label).
    fn answer(&mut self, r: usize, outer: usize) -> String {
        let row = &self.rows[r];
        let mut text = row.cells.iter().skip(1).map(|c| c.text.as_str()).collect::<Vec<_>>().join("\n");
        let wraps = row.wraps;
        let mut short = row.line.is_some_and(|l| l.short);
        for (more, ends_short) in self.continuation(r, outer) {
            // A page's line ends where the column is full, except where its writer ended it (it
            // stops short of the column's edge) and before a numbered line (「2．…」「3. …」),
            // which starts a line of its own.
            let numbered = {
                let digits = more.chars().take_while(|c| c.is_ascii_digit() || ('０'..='９').contains(c)).count();
                digits > 0 && more.chars().nth(digits).is_some_and(|c| ".．、)）".contains(c))
            };
            if !text.is_empty() && (!wraps || numbered || short) {
                text.push('\n');
            }
            text.push_str(&more);
            short = ends_short;
        }
        text
    }

    /// Whether row `r` is the band of group `ix` (it names the group).
    fn is_group_row(&self, r: usize, ix: NodeIx) -> bool {
        self.is(r, ix) || self.is_loosely(r, ix)
    }

    /// The answer printed on group `ix`'s own row `b`: taken by the group's first choice when that
    /// choice was not found on a row of its own, else listed as placed nowhere.
    fn band_answer(&mut self, ix: NodeIx, blocks: &[String], b: usize) {
        let form = self.form;
        let text: Vec<String> = self.rows[b].cells.iter().skip(1).map(|c| c.text.clone()).collect();
        let text = text.join("\n");
        let at = self.rows[b].at.clone();
        let choice = form.node(ix).children.iter().copied().find(|&c| matches!(form.node(c).kind, Kind::Choice { .. }));
        if let Some(c) = choice {
            let path = Path { item: form.node(c).id.clone(), blocks: blocks.to_vec() };
            let unread = self
                .findings
                .iter()
                .rposition(|f| f.path == path)
                .filter(|&i| self.findings[i].outcome == Outcome::NotFound);
            if let Some(i) = unread {
                self.findings.remove(i);
                self.value(c, path, text, at);
                return;
            }
        }
        self.stray.push((at, text));
    }

    /// The rows after label row `r` that continue its answer, each with whether it ends short of
    /// its column (a page's line its writer ended); marked used.
    fn continuation(&mut self, r: usize, outer: usize) -> Vec<(String, bool)> {
        let label_col = self.rows[r].cells.first().map_or(0, |c| c.col);
        let lines = self.rows[r].cells.len() == 1 && self.rows[r].lines;
        let mut out = Vec::new();
        let continued = norm(&format!("{}（続き）", self.label_of(r)));
        for next in r + 1..outer.min(self.rows.len()) {
            let row = &self.rows[next];
            if self.used[next] || row.cells.is_empty() {
                break;
            }
            // Our own workbook repeats the label with 「（続き）」 on the rows a long answer
            // continues on.
            if self.label_of(next) == continued {
                self.used[next] = true;
                out.push((row.cells.iter().skip(1).map(|c| c.text.as_str()).collect::<Vec<_>>().join("\n"), false));
                continue;
            }
            let right_of_label = row.cells[0].col > label_col;
            // (A page's line in the answer column is the answer's, whatever its words.)
            let first = self.label_of(next);
            // A page's line may be the first half of the next label, wrapped.
            let labelled = self.labels.any(&first)
                || self.is_instance_heading(next)
                || self.later.iter().any(|&s| self.is_loosely(next, s))
                || (row.wraps && self.labels.starts_a_label(&first));
            // On a page laid out in columns, a line that starts at or left of the label's column
            // is not the answer's (a wrapped label, the next item).
            let page_column = row.wraps && self.rows[r].cells.len() > 1;
            if labelled || !(right_of_label || ((lines || row.lines) && !page_column)) {
                break;
            }
            self.used[next] = true;
            let short = row.line.is_some_and(|l| l.short);
            out.push((row.cells.iter().map(|c| c.text.as_str()).collect::<Vec<_>>().join("\n"), short));
        }
        out
    }

    /// Whether a row names a block instance (「委託事項2 …」) of any block of the form.
    fn is_instance_heading(&self, row: usize) -> bool {
        let cell = self.label_of(row);
        self.form.nodes.iter().filter(|n| matches!(n.kind, Kind::Repeat { .. })).any(|n| {
            let Kind::Repeat { noun, .. } = &n.kind else { return false };
            cell.strip_prefix(norm(noun).as_str()).is_some_and(|rest| {
                let digits = rest.chars().take_while(char::is_ascii_digit).count();
                digits > 0 && names_a_block(&rest[digits..], apart_after_number(&self.rows[row]))
            })
        })
    }

    fn blocks(&mut self, ix: NodeIx, blocks: &[String], span: Range<usize>) -> usize {
        let form = self.form;
        let node = form.node(ix);
        let list = Path { item: node.id.clone(), blocks: blocks.to_vec() };
        if let [only] = node.children.as_slice()
            && form.node(*only).kind.holds_value()
        {
            return self.numbered_list(ix, *only, &list, span);
        }
        if let Kind::Repeat { table: true, .. } = node.kind {
            return self.table(ix, &list, span);
        }
        let nouns = self.nouns(ix);
        let source = form.instance_source(ix);
        // The instances' headings: 1, 2, 3 … in order for a list of its own; for Ⅲ's files,
        // whichever of Ⅱ's files they name (a file left out, or the files in another order).
        let mut heads = Vec::new();
        let mut from = span.start;
        if source == ix {
            while let Some(r) =
                (from..span.end).find(|&r| !self.used[r] && self.starts_instance(r, &nouns, heads.len() + 1))
            {
                heads.push(r);
                from = r + 1;
            }
        } else {
            heads = (span.clone()).filter(|&r| !self.used[r] && self.starts_any_instance(r, &nouns)).collect();
        }
        let mut parts: Vec<Range<usize>> =
            heads.iter().enumerate().map(|(i, &h)| h + 1..heads.get(i + 1).copied().unwrap_or(span.end)).collect();
        let source_list = Path { item: form.node(source).id.clone(), blocks: blocks.to_vec() };
        if heads.is_empty() && source != ix && self.doc.instances(&source_list).len() > 1 {
            // Ⅲ without a heading naming the file, where Ⅱ has several: which file is unknown.
            return span.start;
        }
        if heads.is_empty() {
            // One instance printed without a heading (a body with one システム): taken when one
            // of its items is there. A 「なし」 row says the list is empty.
            if let Some(r) = self.find(span.clone(), ix) {
                self.used[r] = true;
            }
            let any = node.children.iter().any(|&c| self.find(span.clone(), c).is_some());
            if !any {
                return span.start;
            }
            parts.push(span.clone());
        }
        for &h in &heads {
            self.used[h] = true;
        }
        let mut reached = heads.last().map_or(span.start, |h| h + 1);
        for (k, part) in parts.into_iter().enumerate() {
            let id = if source == ix {
                let Ok((id, edits)) = self.doc.plan_add_block(&list) else { continue };
                if self.doc.apply(edits).is_err() {
                    continue;
                }
                id
            } else {
                // Ⅲ per file: the file of Ⅱ its heading names (「ファイル2 児童手当ファイル」), else
                // the file of that number when the heading gives no name.
                let ids = self.doc.instances(&source_list).to_vec();
                let named = heads.get(k).and_then(|&h| self.instance_number(h, &nouns));
                let name_item = form.name_item(source).map(|n| form.node(n).id.clone());
                let by_name = named.as_ref().filter(|(_, name)| !name.is_empty()).and_then(|(_, name)| {
                    let item = name_item.as_ref()?;
                    let found: Vec<&String> =
                        ids.iter().filter(|id| norm(self.doc.text(&source_list.child(id, item))) == *name).collect();
                    Some(found)
                });
                let id = match (by_name, &named) {
                    (Some(found), _) => match found.as_slice() {
                        [one] => Some((*one).clone()),
                        _ => None,
                    },
                    (None, Some((n, _))) => ids.get(n.wrapping_sub(1)).cloned(),
                    (None, None) => ids.first().cloned().filter(|_| ids.len() == 1),
                };
                match id {
                    Some(id) => id,
                    None => continue,
                }
            };
            let mut inner = blocks.to_vec();
            inner.push(id);
            let was = self.guarded;
            self.guarded &= heads.is_empty();
            // Where the last instance's items end, not where its part could: rows after them
            // (a later sibling named in other words) are the next node's to find.
            reached = self.children(ix, &inner, part);
            self.guarded = was;
        }
        reached
    }

    /// A list of one-line entries printed as one numbered row (別添2 記録項目: 「1. 氏名」).
    fn numbered_list(&mut self, ix: NodeIx, only: NodeIx, list: &Path, span: Range<usize>) -> usize {
        let Some(r) = self.find(span.clone(), ix) else { return span.start };
        self.used[r] = true;
        let at = self.rows[r].at.clone();
        let mut text = self.answer(r, span.end);
        // A page's lines of the list go on while they are numbered in turn, even where an entry
        // reads like a label (「4. 個人番号」), and on the rows of its 「（続き）」.
        let mut next = r + 1;
        while next < span.end && self.used[next] {
            next += 1;
        }
        let continued = norm(&format!("{}（続き）", self.label_of(r)));
        let mut number = text.lines().count() + 1;
        while next < span.end && !self.used[next] && !self.rows[next].cells.is_empty() {
            let cells = &self.rows[next].cells;
            let skip = usize::from(self.label_of(next) == continued);
            let more = cells.iter().skip(skip).map(|c| c.text.as_str()).collect::<Vec<_>>().join("\n");
            let numbered = [".", "．", " "].iter().any(|sep| more.trim_start().starts_with(&format!("{number}{sep}")));
            if !numbered {
                break;
            }
            self.used[next] = true;
            text.push('\n');
            text.push_str(&more);
            number += more.lines().count();
            next += 1;
        }
        for line in text.lines() {
            let line = line.trim();
            let entry = line
                .split_once(['.', '．', '、', ' '])
                .filter(|(n, _)| !n.is_empty() && n.chars().all(|c| c.is_ascii_digit() || c.is_numeric()))
                .map_or(line, |(_, rest)| rest.trim());
            if entry.is_empty() || entry == "なし" {
                continue;
            }
            let Ok((id, edits)) = self.doc.plan_add_block(list) else { continue };
            if self.doc.apply(edits).is_err() {
                continue;
            }
            let path = list.child(&id, &self.form.node(only).id);
            self.value(only, path, entry.to_owned(), at.clone());
        }
        r + 1
    }

    /// A list printed as a table (別添3 変更箇所): a header row naming the columns, then a row per
    /// entry. An entry taller than a row goes on in rows that our workbook marks 「（続き）」 in
    /// the first column; a row with its first column empty is decided by [`headless`].
    fn table(&mut self, ix: NodeIx, list: &Path, span: Range<usize>) -> usize {
        let form = self.form;
        let children = form.node(ix).children.clone();
        let needed = headings_needed(children.len());
        let names = |texts: &mut dyn Iterator<Item = &str>| {
            texts.filter(|t| children.iter().any(|&ch| self.cell_names(t, ch))).count()
        };
        let header = (span.clone()).find(|&r| {
            !self.used[r]
                && self.rows[r].cells.len() >= 2
                && match self.rows[r].line {
                    // A page's header may wrap its headings over lines.
                    Some(_) => names(&mut headings(self.rows, r, span.end).0.iter().map(|h| h.text.as_str())),
                    None => names(&mut self.rows[r].cells.iter().map(|c| c.text.as_str())),
                } >= needed
        });
        let Some(h) = header else { return span.start };
        if self.rows[h].line.is_some() {
            return self.page_table(ix, list, span, h);
        }
        self.used[h] = true;
        // Every header cell, recognised or not: a column nobody recognises keeps its cells
        // apart (listed), never run into its neighbour's.
        let columns: Vec<(u32, Option<NodeIx>, String)> = self.rows[h]
            .cells
            .iter()
            .map(|c| (c.col, children.iter().find(|&&ch| self.cell_names(&c.text, ch)).copied(), c.text.clone()))
            .collect();
        let first_col = columns.first().map_or(0, |c| c.0);
        let mut entries: Vec<(String, Vec<(NodeIx, String)>)> = Vec::new();
        let mut next = h + 1;
        for r in h + 1..span.end {
            if self.used[r] || self.rows[r].cells.is_empty() {
                break;
            }
            if self.ends_table(r, &[]) {
                break;
            }
            let row = &self.rows[r];
            next = r + 1;
            // A second header row explaining the columns (「（その他を選んだ場合）」「（主なもの）」).
            if r == h + 1
                && row.cells.iter().all(|c| {
                    let t = c.text.trim();
                    (t.starts_with('（') && t.ends_with('）')) || (t.starts_with('(') && t.ends_with(')'))
                })
            {
                self.used[r] = true;
                next = r + 1;
                continue;
            }
            // A note under the table (「以上」, a footnote): one cell and nothing else.
            if row.cells.len() == 1 && row.cells[0].col == first_col && !entries.is_empty() {
                break;
            }
            // A cell under a column: the item of the nearest header at or left of it.
            let column = |c: &Cell| columns.iter().rev().find(|(col, ..)| *col <= c.col);
            let first = row.cells.iter().find(|c| c.col == first_col).map(|c| c.text.trim_start());
            // Our workbook marks the rows an entry taller than a row goes on in.
            let marked_on = first.is_some_and(|t| t.starts_with(CONTINUED));
            if !entries.is_empty() && first.is_none() {
                let filled: Vec<NodeIx> = row.cells.iter().filter_map(|c| column(c).and_then(|col| col.1)).collect();
                match headless(&entries, &filled, columns.first().and_then(|c| c.1)) {
                    Headless::OwnRow => entries.push((row.at.clone(), Vec::new())),
                    Headless::GoesOn => {}
                    Headless::Undecidable => {
                        let note = "（表の行：前の行の続きか、最初の列を空けた別の行か判別できません）";
                        for c in &row.cells {
                            self.stray.push((row.at.clone(), format!("{note}{}", c.text)));
                        }
                        self.used[r] = true;
                        continue;
                    }
                }
            } else if !marked_on || entries.is_empty() {
                entries.push((row.at.clone(), Vec::new()));
            }
            let entry = entries.last_mut().expect("pushed above");
            for c in &row.cells {
                let text = match marked_on && c.col == first_col {
                    true => c.text.trim_start().trim_start_matches(CONTINUED).trim_start_matches('\n'),
                    false => c.text.as_str(),
                };
                if text.is_empty() {
                    continue;
                }
                let Some((_, ch, header)) = column(c) else { continue };
                let Some(ch) = *ch else {
                    self.stray.push((row.at.clone(), format!("（列「{header}」はどの項目にも当たりません）{text}")));
                    continue;
                };
                add_line(&mut entry.1, ch, text);
            }
            self.used[r] = true;
        }
        let entries = entries.into_iter().map(|(at, cells)| TableEntry { at, cells, unreadable: Vec::new() });
        self.add_table_rows(list, &children, entries);
        next
    }

    /// A block of `list` per entry of a table, each column's text read into its item; an item
    /// without text is reported empty, one whose text could not be told apart unreadable.
    fn add_table_rows(&mut self, list: &Path, children: &[NodeIx], entries: impl IntoIterator<Item = TableEntry>) {
        for entry in entries {
            let Ok((id, edits)) = self.doc.plan_add_block(list) else { continue };
            if self.doc.apply(edits).is_err() {
                continue;
            }
            for &ch in children {
                let path = list.child(&id, &self.form.node(ch).id);
                let at = entry.at.clone();
                if let Some((_, why)) = entry.unreadable.iter().find(|(c, _)| *c == ch) {
                    self.report(path, Outcome::Unreadable(why.clone()), Some(at), String::new());
                    continue;
                }
                match entry.cells.iter().find(|(c, _)| *c == ch) {
                    Some((_, text)) => self.value(ch, path, text.clone(), at),
                    None => self.report(path, Outcome::Empty, Some(at), String::new()),
                }
            }
        }
    }

    /// A table on a page (PDF), header at row `h` (its headings may wrap over lines below it).
    /// A page gives only where each piece of text is:
    /// - a table row is a band of lines further apart from the next than the lines inside it;
    /// - a column holds the pieces that start left of its heading's centre and right of the one
    ///   before (text is left-aligned or centred in its cell);
    /// - a piece over the next column's start is cut at its one blank (two cells set closer
    ///   than a blank), or else both columns are reported unreadable with the reason.
    ///
    /// Anything that cannot be told surely leaves the whole table unread, its lines listed: rows
    /// that may have run together (a column starting below its row's first line, stopping and
    /// starting again, or lines every column fills alike), two columns naming one item, too few
    /// headings recognised. A row at the top of a page without its first column is listed as
    /// undecidable (the row before going on, or a row of its own). Returns the row after it.
    fn page_table(&mut self, ix: NodeIx, list: &Path, span: Range<usize>, h: usize) -> usize {
        let Some(table) = PageTable::read(self, ix, span.clone(), h) else { return span.start };
        let children = self.form.node(ix).children.clone();
        for r in h..table.end {
            self.used[r] = true;
        }
        for (at, text) in table.stray {
            self.stray.push((at, text));
        }
        self.add_table_rows(list, &children, table.entries);
        table.end
    }

    /// Whether row `r` ends a table: a label alone, two labels, or a block's heading (the next
    /// item, block or table). A cell that names one of `own` columns does not count as a label.
    fn ends_table(&self, r: usize, own: &[NodeIx]) -> bool {
        let row = &self.rows[r];
        let own = |t: &str| own.iter().any(|&ch| self.cell_names(t, ch));
        let naming = row.cells.iter().filter(|c| !own(&c.text) && self.labels.any(&norm(&c.text))).count();
        (naming >= 1 && row.cells.len() == 1) || naming >= 2 || self.is_instance_heading(r)
    }

    fn cell_names(&self, text: &str, ix: NodeIx) -> bool {
        let node = self.form.node(ix);
        names(&norm(text), &norm(&node.title()), &norm(&node.label))
    }

    fn report(&mut self, path: Path, outcome: Outcome, at: Option<String>, read: String) {
        let title = crate::review::item_title(&self.doc, &path);
        let read: String = read.chars().filter(|&c| !source::is_mark(c)).take(120).collect();
        self.findings.push(Finding { path, title, outcome, at, read, withheld: false });
    }

    /// Takes the answer `text` read at `at` for the item at `path`, with the passages marked
    /// withheld in it (a workbook's, [`source::unmark`]).
    fn value(&mut self, ix: NodeIx, path: Path, text: String, at: String) {
        let (text, withheld) = source::unmark(&text);
        let node = self.form.node(ix);
        let trimmed = text.trim();
        if trimmed == crate::content::NOT_APPLICABLE {
            return self.report(path, Outcome::NotApplicable, Some(at), text);
        }
        let unmarked = ["□", "[ ]", "[]", "［ ］", "［］", "[　]"].contains(&trimmed);
        if trimmed.is_empty() || unmarked {
            return self.report(path, Outcome::Empty, Some(at), text);
        }
        if let Kind::Ref { .. } = node.kind {
            self.refs.push(PendingRef {
                path: path.clone(),
                ix,
                label: trimmed.to_owned(),
                at: at.clone(),
                finding: self.findings.len(),
                withheld: !withheld.is_empty(),
            });
            return self.report(path, Outcome::NotFound, Some(at), text);
        }
        let value = match self.parse(ix, &text) {
            Ok(v) => v,
            Err(why) => return self.report(path, Outcome::Unreadable(why), Some(at), text),
        };
        let entry = with_marks(value, &text, &withheld);
        let marked = entry.withheld || matches!(&entry.value, Value::Text(t) if !t.withheld().is_empty());
        // Taken as public text, a passage the document marked would be published.
        if marked && !node.withholdable {
            return self.report(path, Outcome::Unreadable(MARKED_BUT_PUBLIC.into()), Some(at), text);
        }
        match self.doc.apply(vec![Edit::Value { path: path.clone(), entry: Some(entry) }]) {
            // The value as taken, not as printed (「10万人以上30万人未満」, not the option list).
            Ok(_) => {
                let taken = crate::doc::answer(&self.doc, ix, &path.blocks).0;
                self.report(path, Outcome::Recognised, Some(at), taken);
                if let Some(f) = self.findings.last_mut() {
                    f.withheld = marked;
                }
            }
            Err(e) => {
                let why = crate::messages::japanese(&e.into());
                self.report(path, Outcome::Unreadable(why), Some(at), text)
            }
        }
    }

    /// An answer as the 様式 prints it, back to a value.
    fn parse(&mut self, ix: NodeIx, text: &str) -> Result<Value, String> {
        let form = self.form;
        let node = form.node(ix);
        let trimmed = text.trim();
        let options: Vec<&str> = form.options(ix).iter().filter_map(|o| o.label()).collect();
        match &node.kind {
            Kind::Text { .. } | Kind::LongText { .. } if node.id == ids::COVER_TITLE => {
                // 「…【令和8年3月31日 終了】」: the 事務の終了日, printed with the title.
                if let Some((title, end)) = trimmed.rsplit_once('【')
                    && let Some(day) = end.strip_suffix("終了】").and_then(|d| date::parse(d.trim()))
                {
                    let _ = self.doc.apply(vec![Edit::Value {
                        path: Path::top(ids::COVER_ENDED_ON),
                        entry: Some(Entry::new(Value::date(day))),
                    }]);
                    return Ok(Value::Text(crate::doc::Text::plain(title.trim_end())));
                }
                Ok(Value::Text(crate::doc::Text::plain(text)))
            }
            Kind::Text { .. } | Kind::LongText { .. } => Ok(Value::Text(crate::doc::Text::plain(text))),
            Kind::Choice { .. } => choice(trimmed, &options).map(Value::Choice),
            Kind::Multi { .. } => multi(trimmed, &options).map(Value::Multi),
            Kind::Date => match date::parse_dates(trimmed, node.several) {
                Ok(Some(d)) => Ok(Value::Date(d)),
                Ok(None) => Err("日付がありません".into()),
                Err(p) => Err(p.message()),
            },
            Kind::Count => trimmed
                .trim_end_matches('件')
                .replace(',', "")
                .parse()
                .map(Value::Count)
                .map_err(|_| format!("「{trimmed}」は数として読めません")),
            Kind::Flag => match trimmed {
                "■" | "\u{2611}" | "✓" | "レ" => Ok(Value::Flag(true)),
                _ => Err(format!("「{trimmed}」は■か□として読めません")),
            },
            _ => Err("この欄は文書から読み取れません".into()),
        }
    }

    /// Each reference named by a label (a flow's 送り手 「申請者」) becomes the id of the block
    /// with that name; a name no block has, or several have, is reported.
    fn resolve_refs(&mut self) {
        for pending in std::mem::take(&mut self.refs) {
            let form = self.form;
            let Kind::Ref { to } = &form.node(pending.ix).kind else { continue };
            let candidates: Vec<String> = self
                .doc
                .lists()
                .filter(|(list, _)| list.item == *to)
                .flat_map(|(_, ids)| ids.clone())
                .filter(|id| norm(&self.doc.ref_label(pending.ix, id)) == norm(&pending.label))
                .collect();
            let outcome = match candidates.as_slice() {
                [_] if pending.withheld && !form.node(pending.ix).withholdable => {
                    Outcome::Unreadable(MARKED_BUT_PUBLIC.into())
                }
                [id] => match self.doc.apply(vec![Edit::Value {
                    path: pending.path.clone(),
                    entry: Some(Entry { value: Value::Choice(id.clone()), withheld: pending.withheld }),
                }]) {
                    Ok(_) => Outcome::Recognised,
                    Err(e) => Outcome::Unreadable(crate::messages::japanese(&e.into())),
                },
                [] => Outcome::Unreadable(format!("「{}」という名前の登録がありません", pending.label)),
                _ => Outcome::Unreadable(format!("「{}」という名前の登録が複数あり、決められません", pending.label)),
            };
            if let Some(f) = self.findings.get_mut(pending.finding) {
                f.withheld = pending.withheld && outcome == Outcome::Recognised;
                f.outcome = outcome;
                f.at = Some(pending.at);
            }
        }
    }
}

/// Why an answer marked withheld in its document is not taken for an item the public edition
/// always prints.
const MARKED_BUT_PUBLIC: &str = "この項目は公表版で非公開にできないため、非公開の印（橙色の文字）のある記載を読み込みませんでした。文書の記載を確かめて入力してください。";

/// `value`, taken from `text`, as an entry with the passages of `text` that were marked
/// withheld: a text keeps its own passages; an answer marked all through (blanks aside), or any
/// other kind of value marked anywhere (a choice, a date), is withheld whole, and so is a text
/// whose marked passages cannot be placed in it. A mark is never dropped: withholding more is
/// safe, publishing a withheld passage is not.
fn with_marks(value: Value, text: &str, withheld: &[Range<usize>]) -> Entry {
    if withheld.is_empty() {
        return Entry::new(value);
    }
    let all = text.char_indices().all(|(i, c)| c.is_whitespace() || withheld.iter().any(|r| r.contains(&i)));
    match value {
        Value::Text(mut t) if !all => {
            let Some(at) = text.find(t.as_str()) else { return Entry { value: Value::Text(t), withheld: true } };
            let end = at + t.as_str().len();
            for r in withheld {
                if r.start < end && at < r.end {
                    t.withhold(r.start.max(at) - at..r.end.min(end) - at);
                }
            }
            // Marks that fell outside the text taken (a title's 終了日) withhold it all.
            let placed = t.withheld().iter().map(|r| r.len()).sum::<usize>();
            let marked = withheld.iter().map(|r| r.len()).sum::<usize>();
            Entry { withheld: placed < marked, value: Value::Text(t) }
        }
        value => Entry { value, withheld: true },
    }
}

/// `text` as a further line of `item`'s text in a table's entry (its first, if it has none).
fn add_line(cells: &mut Vec<(NodeIx, String)>, item: NodeIx, text: &str) {
    match cells.iter_mut().find(|(i, _)| *i == item) {
        Some((_, before)) => {
            before.push('\n');
            before.push_str(text);
        }
        None => cells.push((item, text.to_owned())),
    }
}

/// What a Word or Excel table's row with its first column empty is (a 変更日 left empty, or
/// merged over the changes it covers; or an entry typed on over a second row).
enum Headless {
    OwnRow,
    GoesOn,
    Undecidable,
}

/// The row whose cells fill the items `filled`, after `entries`, in a table whose first column
/// holds `first`: a row of its own where it fills the column every entry filled first after
/// that (項目, 名称: what names a change or a 登場者); the entry before going on where it fills
/// only items that entry has; else which cannot be told (listed, joined to neither).
fn headless(entries: &[(String, Vec<(NodeIx, String)>)], filled: &[NodeIx], first: Option<NodeIx>) -> Headless {
    let every =
        |item: NodeIx| entries.iter().all(|(_, cells)| cells.iter().any(|(i, t)| *i == item && !t.trim().is_empty()));
    let key =
        entries.first().and_then(|(_, cells)| cells.iter().map(|(i, _)| *i).find(|&i| Some(i) != first && every(i)));
    if key.is_some_and(|k| filled.contains(&k)) {
        return Headless::OwnRow;
    }
    let before = entries.last().map(|(_, cells)| cells.as_slice()).unwrap_or_default();
    match !filled.is_empty() && filled.iter().all(|i| before.iter().any(|(b, _)| b == i)) {
        true => Headless::GoesOn,
        false => Headless::Undecidable,
    }
}

/// How many of a table's `columns` a header must name: most of them (the 手順 table under the
/// 業務全体図 shares a few column names with the registered flows, and is not them).
fn headings_needed(columns: usize) -> usize {
    (columns * 2).div_ceil(3).max(2)
}

/// A table read from a page's lines (see [`Recogniser::page_table`]).
struct PageTable {
    entries: Vec<TableEntry>,
    /// Pieces under no known column, with where they are.
    stray: Vec<(String, String)>,
    /// The row after the table.
    end: usize,
}

/// One row of a table: where it is, the text under each column's item, and the items whose
/// text could not be told apart from a neighbour's (with the reason; a page's tables only).
struct TableEntry {
    at: String,
    cells: Vec<(NodeIx, String)>,
    unreadable: Vec<(NodeIx, String)>,
}

/// A piece of text on a line: its line, edges and text.
struct Piece {
    row: usize,
    left: f32,
    right: f32,
    text: String,
}

/// A column's heading on a page: where its first line is, and its text over all its lines.
struct Heading {
    left: f32,
    right: f32,
    text: String,
}

impl Heading {
    fn centre(&self) -> f32 {
        (self.left + self.right) / 2.0
    }
}

/// The pieces of a page's line `r`, a piece with blanks in it (headings or cells a page set
/// closer than a blank) cut at them, each part's edges in proportion to its characters.
fn line_pieces(rows: &[Row], r: usize) -> Vec<Piece> {
    let mut out = Vec::new();
    for c in &rows[r].cells {
        let Some((left, right)) = c.span else { continue };
        let total = c.text.chars().count().max(1) as f32;
        let mut at = 0usize;
        for part in c.text.split(' ') {
            let n = part.chars().count();
            if !part.is_empty() {
                let x = |k: usize| left + (right - left) * k as f32 / total;
                out.push(Piece { row: r, left: x(at), right: x(at + n), text: part.to_owned() });
            }
            at += n + 1;
        }
    }
    out
}

/// The headings of a page's table whose header starts at line `h`: the pieces of its first
/// line, each joined by the pieces of the lines right below it (a heading wrapped in its
/// column) that are nearer its centre than any other's. Returns them and the header's lines.
fn headings(rows: &[Row], h: usize, end: usize) -> (Vec<Heading>, Range<usize>) {
    let mut out: Vec<Heading> =
        line_pieces(rows, h).into_iter().map(|p| Heading { left: p.left, right: p.right, text: p.text }).collect();
    let Some(first) = rows[h].line else { return (out, h..h + 1) };
    let mut last = h;
    while last + 1 < end {
        let (Some(a), Some(b)) = (rows[last].line, rows[last + 1].line) else { break };
        if a.page != b.page || b.y - a.y > first.size * 1.35 {
            break;
        }
        last += 1;
        for p in line_pieces(rows, last) {
            let centre = (p.left + p.right) / 2.0;
            let nearest =
                out.iter_mut().min_by(|x, y| (x.centre() - centre).abs().total_cmp(&(y.centre() - centre).abs()));
            if let Some(heading) = nearest {
                heading.text.push_str(&p.text);
            }
        }
    }
    (out, h..last + 1)
}

impl PageTable {
    fn read(rc: &Recogniser<'_>, ix: NodeIx, span: Range<usize>, h: usize) -> Option<PageTable> {
        let rows = rc.whole;
        let children = &rc.form.node(ix).children;
        let (headings, header) = headings(rows, h, span.end);
        let line = |r: usize| rows[r].line.expect("page lines only");
        let size = line(h).size;
        let tolerance = size * 0.3;
        let column_of =
            |left: f32| headings.iter().position(|hd| hd.centre() > left - tolerance).unwrap_or(headings.len() - 1);
        // A line whose every piece lies inside one column right of the first (starting past the
        // first heading's centre, ending before the next heading) is the table's, whatever its
        // words (a 項目 wrapped to 「頻度」 or 「頻度 変更9」): the next item's label starts at the
        // page's label column, or runs over the columns with its answer.
        let in_a_column = |row: &Row| {
            row.cells.iter().all(|cell| {
                cell.span.is_some_and(|(left, right)| {
                    let c = column_of(left);
                    c >= 1 && headings.get(c + 1).is_none_or(|next| right <= next.left + tolerance)
                })
            })
        };
        // The table's lines: up to a label, a block's heading, or a line read already.
        let mut end = header.end;
        while end < span.end {
            let row = &rows[end];
            if rc.used[end] || row.cells.is_empty() || row.line.is_none() || row.cells.iter().any(|c| c.span.is_none())
            {
                break;
            }
            // A line split_lines cut at a label's words is the next item; a cell that reads as
            // one of the table's own headings (a 変更前の記載 that says 「変更前の記載」) is not.
            let cut = rc.rows[end].cells.len() != row.cells.len();
            if !in_a_column(row) && (cut || rc.ends_table(end, children)) {
                break;
            }
            end += 1;
        }
        // Rows: bands of lines closer than one and a half times the closest two.
        let pitch = (header.end..end.saturating_sub(1))
            .filter(|&r| line(r).page == line(r + 1).page)
            .map(|r| line(r + 1).y - line(r).y)
            .filter(|&g| g > size * 0.5)
            .fold(f32::INFINITY, f32::min);
        let mut bands: Vec<Vec<usize>> = Vec::new();
        for r in header.end..end {
            let new = r == header.end || {
                let (a, b) = (line(r - 1), line(r));
                a.page != b.page || b.y - a.y > pitch * 1.5
            };
            if new {
                bands.push(Vec::new());
            }
            bands.last_mut().expect("pushed").push(r);
        }
        // The first row must stand apart from the header as rows stand apart from each other.
        if bands.first().is_some_and(|b| {
            line(b[0]).page == line(header.end - 1).page && line(b[0]).y - line(header.end - 1).y <= pitch * 1.5
        }) {
            return None;
        }
        // Columns: a heading's column holds the pieces that start left of its centre and right
        // of the centre before it (text is left-aligned or centred in its cell).
        let items: Vec<Option<NodeIx>> =
            headings.iter().map(|hd| children.iter().copied().find(|&ch| rc.cell_names(&hd.text, ch))).collect();
        let named: Vec<NodeIx> = items.iter().flatten().copied().collect();
        let needed = headings_needed(children.len());
        if named.len() < needed || named.iter().enumerate().any(|(i, a)| named[..i].contains(a)) {
            return None;
        }
        let all: Vec<Piece> = (header.end..end).flat_map(|r| cells_of(rows, r)).collect();
        // Where each column's text starts: the leftmost of its pieces, else its heading's left.
        let starts: Vec<f32> = (0..headings.len())
            .map(|c| all.iter().filter(|p| column_of(p.left) == c).map(|p| p.left).fold(headings[c].left, f32::min))
            .collect();
        let mut table = PageTable { entries: Vec::new(), stray: Vec::new(), end };
        let header_text: String = headings.iter().map(|hd| hd.text.as_str()).collect();
        // Over the rows read so far: the columns every row filled, and those every row filled
        // with one line.
        let mut always = vec![true; headings.len()];
        let mut one_line = vec![true; headings.len()];
        // The columns of the row before whose text reached its last line (still going there).
        let mut reaching = vec![false; headings.len()];
        for band in &bands {
            let at = rows[band[0]].at.clone();
            let pieces: Vec<Piece> = band.iter().flat_map(|&r| cells_of(rows, r)).collect();
            // A header repeated at the top of a page.
            if pieces.iter().map(|p| p.text.as_str()).collect::<String>() == header_text {
                continue;
            }
            // Each piece under its column; one over the next column's start is unreadable.
            let mut placed: Vec<(usize, Piece)> = Vec::new();
            let mut unreadable: Vec<(usize, String)> = Vec::new();
            for p in pieces {
                let c = column_of(p.left);
                if starts.get(c + 1).is_none_or(|&next| p.right <= next + tolerance) {
                    placed.push((c, p));
                    continue;
                }
                // Over one column's start with one blank: two cells the page set close together.
                let over = starts.iter().filter(|&&s| s > p.left + tolerance && s < p.right - tolerance).count();
                if let (1, [(b, _)]) = (over, p.text.match_indices(' ').collect::<Vec<_>>().as_slice()) {
                    let (first, second) = p.text.split_at(*b);
                    let next = starts[c + 1];
                    placed.push((c, Piece { row: p.row, left: p.left, right: next, text: first.to_owned() }));
                    placed.push((
                        c + 1,
                        Piece { row: p.row, left: next, right: p.right, text: second.trim().to_owned() },
                    ));
                    continue;
                }
                let why = format!("「{}」が隣の列にかかっていて、どの列の記載か判別できません", p.text);
                for (k, &s) in starts.iter().enumerate().skip(c) {
                    if k == c || s < p.right - tolerance {
                        unreadable.push((k, why.clone()));
                    }
                }
            }
            // Inside one row each column's text starts on the row's first line (cells are
            // top-aligned) and its lines follow one another. Text that starts lower, or stops and
            // starts again, is rows the page set no further apart than lines; so are lines that
            // every column fills alike (one-line rows, or one row wrapped evenly: which cannot be
            // told). Nothing is guessed: the table is left unread.
            let mut filled = vec![0; headings.len()];
            for (c, n) in filled.iter_mut().enumerate() {
                let mut lines: Vec<usize> = placed.iter().filter(|(k, _)| *k == c).map(|(_, p)| p.row).collect();
                lines.dedup();
                // (A column a piece over two columns took the first line of is unreadable here.)
                if lines.is_empty() || unreadable.iter().any(|(k, _)| *k == c) {
                    continue;
                }
                if lines[0] != band[0] || lines.windows(2).any(|w| w[1] != w[0] + 1) {
                    return None;
                }
                *n = lines.len();
            }
            if band.len() > 1 && filled.iter().all(|&n| n == 0 || n == band.len()) {
                return None;
            }
            // A row at the top of a page without its first column may go on from the row before
            // it or be a row of its own with that column empty (a 変更日 that covers the changes
            // above it). After two rows or more it is a row of its own where it fills a column
            // every row filled with one line (such a column cannot go on over a page); it goes
            // on from the row before where it leaves out the column that names every row and
            // has text only in columns that row has. Else which cannot be told: its text is
            // listed, never joined to either.
            // Our workbook printed: the rows an entry goes on in say 「（続き）」 in the first
            // column.
            let marked_on = placed.iter().any(|(k, p)| *k == 0 && p.text.trim_start().starts_with(CONTINUED));
            if marked_on
                && unreadable.is_empty()
                && let Some(before) = table.entries.last_mut()
            {
                for (c, p) in placed {
                    let text =
                        if c == 0 { p.text.trim_start().trim_start_matches(CONTINUED).trim() } else { p.text.as_str() };
                    let Some(item) = items[c].filter(|_| !text.is_empty()) else { continue };
                    add_line(&mut before.cells, item, text);
                }
                continue;
            }
            let new_page = band[0] > header.end && line(band[0]).page != line(band[0] - 1).page;
            if new_page && !table.entries.is_empty() && !placed.iter().any(|(k, _)| *k == 0) {
                let known = table.entries.len() >= 2 && unreadable.is_empty();
                let own_row = known && (0..headings.len()).any(|c| one_line[c] && filled[c] > 0);
                let before = table.entries.last_mut().expect("not empty");
                let held = |c: usize| items[c].and_then(|item| before.cells.iter().position(|(i, _)| *i == item));
                // The leftmost column every row filled names the row (項目, 名称): a row going on
                // has none of it, or goes on with it where the row before's reached its last line.
                let key = (0..headings.len()).find(|&c| always[c]);
                let goes_on = known
                    && !own_row
                    && key.is_some_and(|k| filled[k] == 0 || reaching[k])
                    && placed.iter().all(|(c, _)| held(*c).is_some());
                if goes_on {
                    // Joined as the page wrapped it: the row's lines go on where they stopped.
                    let at: Vec<usize> = placed.iter().map(|(c, _)| held(*c).expect("held")).collect();
                    let last = band[band.len() - 1];
                    for (c, reached) in reaching.iter_mut().enumerate() {
                        *reached = placed.iter().any(|(k, p)| *k == c && p.row == last);
                    }
                    for (k, (_, p)) in at.into_iter().zip(placed) {
                        before.cells[k].1.push_str(&p.text);
                    }
                    continue;
                }
                if !own_row {
                    let note = "（ページの先頭の行：前の行の続きか、別の行か判別できません）";
                    for (_, p) in placed {
                        table.stray.push((rows[p.row].at.clone(), format!("{note}{}", p.text)));
                    }
                    let mut whys: Vec<String> = unreadable.into_iter().map(|(_, why)| why).collect();
                    whys.dedup();
                    table.stray.extend(whys.into_iter().map(|why| (at.clone(), format!("{note}{why}"))));
                    continue;
                }
            }
            let last = band[band.len() - 1];
            for c in 0..headings.len() {
                always[c] &= filled[c] > 0;
                one_line[c] &= filled[c] == 1;
                reaching[c] = placed.iter().any(|(k, p)| *k == c && p.row == last);
            }
            let mut entry = TableEntry { at, cells: Vec::new(), unreadable: Vec::new() };
            for c in 0..headings.len() {
                let mine: Vec<&Piece> = placed.iter().filter(|(k, _)| *k == c).map(|(_, p)| p).collect();
                let Some(item) = items[c] else {
                    for p in mine {
                        let heading = &headings[c].text;
                        table.stray.push((
                            rows[p.row].at.clone(),
                            format!("（列「{heading}」はどの項目にも当たりません）{}", p.text),
                        ));
                    }
                    continue;
                };
                if let Some((_, why)) = unreadable.iter().find(|(k, _)| *k == c) {
                    entry.unreadable.push((item, why.clone()));
                    continue;
                }
                if mine.is_empty() {
                    continue;
                }
                // The column's lines joined where the page wrapped them; a line stopping short
                // of the column's furthest reach was ended by its writer.
                let edge = mine.iter().map(|p| p.right).fold(f32::MIN, f32::max);
                let mut text = String::new();
                for (k, p) in mine.iter().enumerate() {
                    if k > 0 && mine[k - 1].right < edge - size * source::WRITERS_BREAK {
                        text.push('\n');
                    }
                    text.push_str(&p.text);
                }
                entry.cells.push((item, text));
            }
            table.entries.push(entry);
        }
        Some(table)
    }
}

/// The cells of a page's line as pieces (not cut at blanks: a blank inside a cell's text is
/// the writer's, or two columns' text the page set close, which the column edges tell).
fn cells_of(rows: &[Row], r: usize) -> Vec<Piece> {
    rows[r]
        .cells
        .iter()
        .filter_map(|c| c.span.map(|(left, right)| Piece { row: r, left, right, text: c.text.clone() }))
        .collect()
}

/// A choice printed 「[ 十分である ] ＜選択肢＞ 1) …」, marked ■, or written alone.
fn choice(text: &str, options: &[&str]) -> Result<String, String> {
    let picked = if let Some(open) = text.find('[').or_else(|| text.find('［')) {
        let rest = &text[open + text[open..].chars().next().map_or(1, char::len_utf8)..];
        let close = rest.find(']').or_else(|| rest.find('］')).unwrap_or(rest.len());
        rest[..close].trim().to_owned()
    } else if let Some(line) = text.lines().find(|l| l.trim_start().starts_with(['■', '\u{2611}', '●'])) {
        line.trim_start().trim_start_matches(['■', '\u{2611}', '●']).trim().to_owned()
    } else {
        text.lines().next().unwrap_or("").trim().to_owned()
    };
    options
        .iter()
        .find(|o| norm(o) == norm(&picked))
        .map(|o| o.to_string())
        .ok_or_else(|| format!("「{picked}」は選択肢にありません"))
}

/// Options marked ■ (☑ ●), each with its detail in （）; □ lines are not picked.
fn multi(text: &str, options: &[&str]) -> Result<Vec<Pick>, String> {
    let mut picks = Vec::new();
    // One option per mark: a page's text may run several marked lines together.
    let marks = ['■', '□', '\u{2611}', '\u{2610}', '●', '○'];
    let mut parts = Vec::new();
    let mut start = None;
    for (i, c) in text.char_indices() {
        if marks.contains(&c) {
            if let Some(s) = start {
                parts.push(&text[s..i]);
            }
            start = Some(i);
        }
    }
    if let Some(s) = start {
        parts.push(&text[s..]);
    }
    for part in parts {
        // A part runs to the end of its line, or on while a bracket of its detail is open (a
        // page's line ended inside it); a list heading (「＜連絡先等情報＞」) that a page ran on
        // after it is not part of the option.
        let mut line = String::new();
        for l in part.lines() {
            line.push_str(l.trim());
            let open = line.chars().filter(|&c| c == '（' || c == '(').count();
            if open <= line.chars().filter(|&c| c == '）' || c == ')').count() {
                break;
            }
        }
        let line = line.as_str();
        let line = match line.rfind('＜') {
            Some(i) if line.ends_with('＞') => line[..i].trim_end(),
            _ => line,
        };
        let Some(rest) = line.strip_prefix(['■', '\u{2611}', '●']) else { continue };
        let rest = rest.trim();
        let option = options
            .iter()
            .filter(|o| rest.starts_with(**o) || norm(rest).starts_with(&norm(o)))
            .max_by_key(|o| o.len())
            .ok_or_else(|| format!("「{rest}」は選択肢にありません"))?;
        let after = rest[option.len().min(rest.len())..].trim();
        // A detail is written in brackets; other words after the option make it another
        // option (「■ 紙以外の方法」 is not 紙).
        let detail = match after {
            "" => "",
            _ => after
                .strip_prefix('（')
                .and_then(|d| d.strip_suffix('）'))
                .or_else(|| after.strip_prefix('(').and_then(|d| d.strip_suffix(')')))
                .ok_or_else(|| format!("「{rest}」は選択肢にありません"))?,
        };
        picks.push(Pick { option: option.to_string(), detail: detail.to_owned() });
    }
    if picks.is_empty() {
        return Err("■の付いた選択肢がありません".into());
    }
    // In the order of the list, as the model keeps them.
    picks.sort_by_key(|p| options.iter().position(|o| *o == p.option));
    Ok(picks)
}

#[cfg(test)]
mod tests {
    /// A page's line that ended inside an option's detail (「…に関する情」 then 「報））」) runs on
    /// to the bracket's close; the next mark starts the next option.
    #[test]
    fn an_options_detail_wrapped_by_the_page_runs_on_to_its_closing_bracket() {
        let options = ["本人又は本人の代理人", "行政機関・独立行政法人等", "地方公共団体・地方独立行政法人"];
        let text = "■ 行政機関・独立行政法人等（後期高齢者医療広域連合（被保険者の資格に関す\nる情報））\n□ 本人又は本人の代理人\n■ 地方公共団体・地方独立行政法人（市町村）";
        let picks = super::multi(text, &options).unwrap();
        let got: Vec<(&str, &str)> = picks.iter().map(|p| (p.option.as_str(), p.detail.as_str())).collect();
        assert_eq!(
            got,
            [
                ("行政機関・独立行政法人等", "後期高齢者医療広域連合（被保険者の資格に関する情報）"),
                ("地方公共団体・地方独立行政法人", "市町村")
            ]
        );
    }
}
