//! PDF export for 第三者点検 (full edition) and 公表 (public edition, withheld passages replaced
//! by 「（非公開）」). Three steps: `content` walks the schema into items, `pages` lays them
//! out on A4, and this module draws them with krilla: bordered two-column tables, header with the
//! 評価書名 and stage (「案」 on drafts), footer with page x / y, outline, metadata and a tag tree
//! (headings, tables, reading order) for screen readers.

pub mod diagram;
mod faces;
mod pages;

use crate::chars::measure;
use crate::content::{Builder, Item, Mark, Run};
pub use crate::content::{Edition, FULL_EDITION_MARK, WITHHELD, draft_label};
use crate::diff::Comparison;
use crate::diff::render::Labels;
use crate::doc::{Assessment, Path};
use crate::form::ids;
use krilla::color::rgb;
use krilla::destination::XyzDestination;
use krilla::geom::{PathBuilder, Point, Rect};
use krilla::metadata::Metadata;
use krilla::num::NormalizedF32;
use krilla::outline::{Outline, OutlineNode};
use krilla::page::PageSettings;
use krilla::paint::{Fill, FillRule, Stroke};
use krilla::surface::Surface;
use krilla::tagging::{
    Artifact, ArtifactType, ContentTag, Identifier, SpanTag, TableHeaderScope, Tag, TagGroup, TagTree,
};
use krilla::{Document, SerializeSettings};
pub use pages::picture_size;
use pages::{Op, Paginator, Role};
use std::collections::HashMap;
use std::num::NonZeroU16;

#[derive(Debug, thiserror::Error)]
pub enum PdfError {
    #[error("the PDF could not be written: {0}")]
    Krilla(String),
}

/// The assessment a PDF is drawn from: for the 公表 edition, the public copy.
fn printed(doc: &Assessment, public: bool) -> std::borrow::Cow<'_, Assessment> {
    match public {
        true => std::borrow::Cow::Owned(doc.redacted()),
        false => std::borrow::Cow::Borrowed(doc),
    }
}

/// The PDF of an assessment.
///
/// The 公表 edition is made from [`Assessment::redacted`], so no withheld character reaches any
/// part of the file (page text, diagram labels, alternative text, outline, metadata).
pub fn export(doc: &Assessment, edition: &Edition) -> Result<Vec<u8>, PdfError> {
    let doc = printed(doc, edition.public);
    let doc = doc.as_ref();
    let m = measure::Metrics::new();
    let (items, p, _) = layout(doc, edition, &m);
    let total = p.pages.len();
    render(doc, edition, &items, p, total)
}

/// The page (1 = the cover, as the footer numbers them) on which each item of the form is
/// printed in the PDF of `doc` in `edition`: the page a reviewer cites (「評価書の3ページ」).
/// An item printed inside a list or table has the page where that list starts.
pub fn item_pages(doc: &Assessment, edition: &Edition) -> std::collections::HashMap<Path, u32> {
    let doc = printed(doc, edition.public);
    let m = measure::Metrics::new();
    let (_, p, places) = layout(doc.as_ref(), edition, &m);
    let mut first_page: std::collections::HashMap<usize, u32> = std::collections::HashMap::new();
    for (n, page) in p.pages.iter().enumerate() {
        for op in &page.ops {
            let pages::Op::Text { role, .. } = op else { continue };
            let item = match *role {
                Role::Heading(i) | Role::Band(i) | Role::Label(i) | Role::Content(i) | Role::Figure(i) => i,
                Role::GridHead(i, _) | Role::GridCell(i, ..) => i,
                Role::Para(_) | Role::Artifact => continue,
            };
            first_page.entry(item).or_insert(n as u32 + 1);
        }
    }
    // The last place recorded for a path is the most exact (a row inside its block).
    let mut out = std::collections::HashMap::new();
    for (path, item) in places {
        // An item with nothing printed (a heading's children) takes the next printed one.
        let page = (item..).take(64).find_map(|i| first_page.get(&i).copied());
        if let Some(page) = page {
            out.insert(path, page);
        }
    }
    out
}

/// The page of an item, or for a block (`…task[t-x]`) the first page of anything inside it.
fn page_of(pages: &std::collections::HashMap<Path, u32>, path: &Path) -> Option<u32> {
    pages.get(path).copied().or_else(|| {
        pages
            .iter()
            .filter(|(p, _)| p.blocks.starts_with(&path.blocks) && p.item.starts_with(&path.item))
            .map(|(_, n)| *n)
            .min()
    })
}

/// The items of the assessment laid out on pages, and where each item of the form went.
fn layout<'m>(
    doc: &Assessment,
    edition: &Edition,
    m: &'m measure::Metrics,
) -> (Vec<Item>, Paginator<'m>, Vec<(Path, usize)>) {
    let form = doc.form();
    let mut builder = Builder::new(doc, edition.public);
    let mut starts = Vec::new();
    for &s in &form.sections {
        starts.push(builder.items.len());
        builder.section(s);
    }
    let items = builder.items;
    let places = builder.places;

    // Cover (with the 表紙 section), then 項目一覧, then Ⅰ onward, each section on a new page.
    let mut p = Paginator::new(m);
    p.paragraph(&format!("[{}]", form.version), 9.0, pages::RIGHT - 110.0, Role::Para(usize::MAX));
    p.gap(40.0);
    p.paragraph(&form.title, 18.0, pages::LEFT + 60.0, Role::Para(usize::MAX - 1));
    if !edition.public {
        p.gap(6.0);
        p.paragraph(
            &format!("【{FULL_EDITION_MARK}】この版は公表しないでください。"),
            11.0,
            pages::LEFT + 60.0,
            Role::Para(usize::MAX - 4),
        );
    }
    p.gap(20.0);
    let cover_end = starts.get(1).copied().unwrap_or(items.len());
    for (i, item) in items.iter().enumerate().take(cover_end).skip(1) {
        p.item(i, item);
    }
    let toc_page = p.reserve_page();
    let body_start = toc_page + 1;
    let mut section_pages = Vec::new();
    for (i, item) in items.iter().enumerate().skip(cover_end) {
        if starts.contains(&i) {
            p.new_page();
            section_pages.push((i, p.pages.len() - 1));
        }
        p.item(i, item);
    }
    // The table of contents goes on its own page, which was left empty above.
    let toc = table_of_contents(m, &items, &section_pages, body_start);
    p.pages[toc_page] = toc;
    (items, p, places)
}

/// The comparison PDF for committee packs: what was compared and the counts, then per section
/// a table of 項目 / 変更前 / 変更後 with deleted text marked red and struck through, inserted
/// text green and underlined, and each change's classification (重要な変更 first to the eye).
///
/// With the older side (`old`), each change names the pages of its item in both versions' PDFs
/// (「変更前 12ページ → 変更後 13ページ」): the corrections list a committee meeting walks through
/// (「評価書の3ページ…」「7ページの業務全体図…」).
pub fn comparison(
    c: &Comparison,
    old: Option<&Assessment>,
    doc: &Assessment,
    labels: &Labels,
) -> Result<Vec<u8>, PdfError> {
    let edition = Edition { label: String::new(), draft: false, public: c.public };
    let pages = old.map(|old| (item_pages(old, &edition), item_pages(doc, &edition)));
    let doc = printed(doc, c.public);
    let doc = doc.as_ref();
    let form = doc.form();
    let m = measure::Metrics::new();
    let withheld_legend = match c.public {
        true => Run::plain("非公開の部分は「（非公開）」に置き換えています（公表用）。"),
        false => Run {
            text: "非公開の部分は黄色の背景（公表しないでください）".into(), mark: Mark::Withheld
        },
    };
    let mut items = vec![
        Item::Heading { level: 1, text: "変更箇所の比較".into() },
        Item::Row {
            label: "比べた版".into(), content: vec![Run::plain(format!("{} → {}", labels.old, labels.new))]
        },
        Item::Row { label: "変更の件数".into(), content: vec![Run::plain(c.summary())] },
        Item::Row {
            label: "表示の見方".into(),
            content: vec![
                Run::plain("変更前から削除された文字は"),
                Run { text: "赤の背景と取消線".into(), mark: Mark::Deleted },
                Run::plain("、変更後に追加された文字は"),
                Run { text: "緑の背景と下線".into(), mark: Mark::Inserted },
                Run::plain(
                    "で示します。「重要な変更」は、様式で※の付いた項目の変更のうち、リスクを下げるだけのもの（削除など）を除いたものです。",
                ),
                withheld_legend,
            ],
        },
    ];
    // Marks and questions are not part of the published 評価書: the full edition only.
    if !c.public {
        let records = match c.records.is_empty() {
            true => "変化なし".to_owned(),
            false => c.records.lines().join("\n"),
        };
        items.insert(3, Item::Row { label: "確認済み・質問事項".into(), content: vec![Run::plain(records)] });
    }
    let public = c.public;
    let pieces = |pieces: &[crate::diff::Piece], deleted: bool| -> Vec<Run> {
        pieces
            .iter()
            .map(|p| {
                let mark = match (p.changed, p.withheld && !public, deleted) {
                    (true, false, true) => Mark::Deleted,
                    (true, false, false) => Mark::Inserted,
                    (true, true, true) => Mark::WithheldDeleted,
                    (true, true, false) => Mark::WithheldInserted,
                    (false, true, _) => Mark::Withheld,
                    (false, false, _) => Mark::None,
                };
                Run { text: p.text.clone(), mark }
            })
            .collect()
    };
    for &section in &form.sections {
        let rows: Vec<Vec<Vec<Run>>> = c
            .real()
            .filter(|ch| ch.section == section)
            .map(|ch| {
                let mut label = format!("{}\n【{}・{}】", ch.title, c.class_label(ch.class), ch.what.label());
                if let Some((before, after)) = &pages {
                    let at = |pages: &std::collections::HashMap<Path, u32>| page_of(pages, &ch.path);
                    match (at(before), at(after)) {
                        (Some(a), Some(b)) => label.push_str(&format!("\n（変更前 {a}ページ → 変更後 {b}ページ）")),
                        (Some(a), None) => label.push_str(&format!("\n（変更前 {a}ページ）")),
                        (None, Some(b)) => label.push_str(&format!("\n（変更後 {b}ページ）")),
                        (None, None) => {}
                    }
                }
                let shown = ch.text.excerpt();
                vec![vec![Run::plain(label)], pieces(&shown.old, true), pieces(&shown.new, false)]
            })
            .collect();
        if rows.is_empty() {
            continue;
        }
        items.push(Item::Heading { level: 2, text: form.node(section).title() });
        let headers = vec!["項目".into(), format!("変更前（{}）", labels.old), format!("変更後（{}）", labels.new)];
        items.push(Item::Grid { headers, rows });
    }
    let mut p = Paginator::new(&m);
    for (i, item) in items.iter().enumerate() {
        p.item(i, item);
    }
    let total = p.pages.len();
    let edition =
        Edition { label: format!("比較表（{} → {}）", labels.old, labels.new), draft: false, public: c.public };
    render(doc, &edition, &items, p, total)
}

/// 質問事項・回答一覧 for a committee meeting (資料3 「部会委員からの質問事項について」): every
/// question with its number, the item asked about and its page, who asked, the question, the
/// department's answer and what became of it (反映済: the 評価書 was revised). The pages are those
/// of the 評価書 in the same state and edition (`item_pages`), unless the question recorded the
/// page the reviewer cited. The 公表用 edition replaces withheld passages like every output.
pub fn questions(doc: &Assessment, edition: &Edition) -> Result<Vec<u8>, PdfError> {
    let doc = printed(doc, edition.public);
    let doc = doc.as_ref();
    let m = measure::Metrics::new();
    let pages = item_pages(doc, edition);
    let list = crate::review::ordered(doc);
    let count = |s: crate::review::Status| list.iter().filter(|(_, q)| q.status == s).count();
    use crate::review::Status as S;
    let title = doc.text(&Path::top(ids::COVER_TITLE));
    let mut items = vec![
        Item::Heading { level: 1, text: "質問事項と回答".into() },
        Item::Row {
            label: "評価書".into(),
            content: vec![Run::plain(if title.is_empty() { &doc.form().title } else { title })],
        },
        Item::Row { label: "時点".into(), content: vec![Run::plain(&edition.label)] },
        Item::Row {
            label: "件数".into(),
            content: vec![Run::plain(format!(
                "質問 {}件（未回答 {}件、回答済 {}件、反映済 {}件、対応不要 {}件）",
                list.len(),
                count(S::Open),
                count(S::Answered),
                count(S::Revised),
                count(S::NoAction)
            ))],
        },
        Item::Row {
            label: "ページ".into(),
            content: vec![Run::plain(
                "項目のページは、同じ時点の評価書のPDFのページです（質問のときに指摘されたページがあれば、そのページ）。",
            )],
        },
    ];
    let rows: Vec<Vec<Vec<Run>>> = list
        .iter()
        .map(|(_, q)| {
            let item = cited_item(doc, q, &pages);
            let asked = match q.asked_on {
                Some(d) => format!("{}\n{}", q.asker, crate::doc::date::to_wareki(d)),
                None => q.asker.clone(),
            };
            vec![
                vec![Run::plain(&q.number)],
                vec![Run::plain(item)],
                vec![Run::plain(asked)],
                runs(&q.question, edition.public),
                runs(&q.answer, edition.public),
                vec![Run::plain(q.status.label())],
            ]
        })
        .collect();
    if rows.is_empty() {
        items.push(Item::Row { label: "質問".into(), content: vec![Run::plain("なし")] });
    } else {
        let headers = ["番号", "項目（ページ）", "質問者", "質問・意見", "回答", "状況"].map(String::from).to_vec();
        items.push(Item::Grid { headers, rows });
    }
    // 対策計画, the department's own plan (the 公表用 edition has none: `Assessment::redacted`).
    if !edition.public {
        let actions = crate::review::action::ordered(doc);
        items.push(Item::Heading { level: 1, text: "対策計画".into() });
        if actions.is_empty() {
            items.push(Item::Row { label: "計画".into(), content: vec![Run::plain("なし")] });
        } else {
            let rows = actions
                .iter()
                .map(|(_, a)| {
                    let due = a.due.map(crate::doc::date::to_wareki).unwrap_or_default();
                    [
                        crate::review::item_title(doc, &a.item),
                        a.issue.clone(),
                        a.measure.clone(),
                        a.responsible.clone(),
                        due,
                        a.progress.label().to_owned(),
                    ]
                    .into_iter()
                    .map(|t| vec![Run::plain(t)])
                    .collect()
                })
                .collect();
            let headers = ["項目", "課題・予定", "予定する対策", "担当", "期限", "進み具合"].map(String::from).to_vec();
            items.push(Item::Grid { headers, rows });
        }
    }
    paged(
        doc,
        &m,
        &items,
        Edition {
            label: format!("質問事項と回答（{}）", edition.label), draft: edition.draft, public: edition.public
        },
    )
}

/// `items` laid out on pages and rendered, each page headed with `edition`.
fn paged(doc: &Assessment, m: &measure::Metrics, items: &[Item], edition: Edition) -> Result<Vec<u8>, PdfError> {
    let mut p = Paginator::new(m);
    for (i, item) in items.iter().enumerate() {
        p.item(i, item);
    }
    let total = p.pages.len();
    render(doc, &edition, items, p, total)
}

/// The item a question is about, as the reports name it: its title and, on a line of its own,
/// the page the reviewer cited or, failing that, the page it has in `pages`.
fn cited_item(doc: &Assessment, q: &crate::review::ReviewItem, pages: &std::collections::HashMap<Path, u32>) -> String {
    let title = crate::review::item_title(doc, &q.item);
    match q.page.or_else(|| pages.get(&q.item).copied()) {
        Some(p) => format!("{title}\n（{p}ページ）"),
        None => title,
    }
}

/// The dates of a top-level date item (Ⅵ's), if answered.
fn top_dates(doc: &Assessment, item: &str) -> Option<crate::doc::Dates> {
    match doc.get(&Path::top(item)).map(|e| &e.value) {
        Some(crate::doc::Value::Date(d)) => Some(d.clone()),
        _ => None,
    }
}

/// Whether Ⅵ2 says no opinion was submitted.
fn no_opinion(doc: &Assessment) -> bool {
    matches!(doc.get(&Path::top(ids::VI_COMMENT_NO_OPINION)).map(|e| &e.value), Some(crate::doc::Value::Flag(true)))
}

/// A question's or answer's text as runs: withheld passages marked in the full edition (the
/// public one is printed from `Assessment::redacted`, where they are 「（非公開）」 already).
fn runs(t: &crate::doc::Text, public: bool) -> Vec<Run> {
    t.segments()
        .iter()
        .map(|s| Run { text: s.text.to_owned(), mark: if s.withheld && !public { Mark::Withheld } else { Mark::None } })
        .collect()
}

/// 市民意見の概要と対応 (the 市民意見聴取 result a secretariat hands the 部会): the period, method,
/// number of opinions, the main opinions and their reflection (Ⅵ2, filled from the stage record),
/// then each opinion residents sent (`review::resident_opinions`) with the item and its page, the
/// body's view (回答) and what became of it. Withheld passages follow the edition like every output.
pub fn resident_opinions(doc: &Assessment, edition: &Edition) -> Result<Vec<u8>, PdfError> {
    let doc = printed(doc, edition.public);
    let doc = doc.as_ref();
    let m = measure::Metrics::new();
    let pages = item_pages(doc, edition);
    let text = |item: &str| doc.text(&Path::top(item)).trim().to_owned();
    let or_missing = |s: String, what: &str| if s.is_empty() { format!("（{what}が未記入です）") } else { s };
    let period = match (top_dates(doc, ids::VI_COMMENT_PERIOD_START), top_dates(doc, ids::VI_COMMENT_PERIOD_END)) {
        (Some(a), Some(b)) => {
            let days = crate::doc::date::days_inclusive(a.first(), b.first());
            match days > 0 {
                true => format!("{}から{}まで（{days}日間）", a.wareki(), b.wareki()),
                false => format!("{}から{}まで（終了日が開始日より前です）", a.wareki(), b.wareki()),
            }
        }
        _ => "（Ⅵ2②の実施日・期間が未記入です）".into(),
    };
    let no_opinion = no_opinion(doc);
    let opinions = crate::review::resident_opinions(doc);
    let count = match (no_opinion, opinions.len()) {
        (true, _) => "意見の提出はなかった。".to_owned(),
        (false, 0) => {
            "（意見を「質問事項と回答」に、質問者を「市民」などとして記録すると、ここに件数と一覧が載ります）".into()
        }
        (false, n) => format!("{n}件"),
    };
    let title = text(ids::COVER_TITLE);
    let mut items = vec![
        Item::Heading { level: 1, text: "市民意見の概要と対応".into() },
        Item::Row {
            label: "評価書".into(),
            content: vec![Run::plain(if title.is_empty() { doc.form().title.clone() } else { title })],
        },
        Item::Row { label: "意見聴取の期間".into(), content: vec![Run::plain(period)] },
        Item::Row {
            label: "方法".into(),
            content: vec![Run::plain(or_missing(text(ids::VI_COMMENT_METHOD), "Ⅵ2①の方法"))],
        },
        Item::Row { label: "意見の件数".into(), content: vec![Run::plain(count)] },
    ];
    let shortened = text(ids::VI_COMMENT_SHORTENED);
    if !shortened.is_empty() {
        items.push(Item::Row { label: "期間を短縮した理由".into(), content: vec![Run::plain(shortened)] });
    }
    if !no_opinion {
        items.push(Item::Row {
            label: "主な意見の内容".into(),
            content: vec![Run::plain(or_missing(text(ids::VI_COMMENT_OPINIONS), "Ⅵ2④の主な意見の内容"))],
        });
        items.push(Item::Row {
            label: "評価書への反映".into(),
            content: vec![Run::plain(or_missing(text(ids::VI_COMMENT_REFLECTION), "Ⅵ2⑤の評価書への反映"))],
        });
    }
    if !opinions.is_empty() {
        items.push(Item::Heading { level: 1, text: "意見と対応".into() });
        let rows = opinions
            .iter()
            .map(|(_, q)| {
                vec![
                    vec![Run::plain(&q.number)],
                    vec![Run::plain(cited_item(doc, q, &pages))],
                    runs(&q.question, edition.public),
                    runs(&q.answer, edition.public),
                    vec![Run::plain(q.status.label())],
                ]
            })
            .collect();
        let headers = ["番号", "項目（ページ）", "意見の要旨", "考え方・対応", "状況"].map(String::from).to_vec();
        items.push(Item::Grid { headers, rows });
    }
    paged(
        doc,
        &m,
        &items,
        Edition {
            label: format!("市民意見の概要と対応（{}）", edition.label),
            draft: edition.draft,
            public: edition.public,
        },
    )
}

/// A draft of the 部会報告書 to the 審議会 (the 千葉市 部会's four parts): 1 審議事項 (the 評価書 and
/// its 機関), 2 調査審議の内容 (the 市民意見聴取 from Ⅵ2, and the 部会's questions with the answers
/// as 別紙), 3 部会の意見 (Ⅵ3③ 結果, which the secretariat writes in the window; a note to write it
/// when empty), 4 審議経過 (the meetings of Ⅵ3①, each with its note, and the 意見聴取 period).
/// Everything is read from the assessment: nothing is typed twice.
pub fn committee_report(doc: &Assessment, edition: &Edition) -> Result<Vec<u8>, PdfError> {
    let doc = printed(doc, edition.public);
    let doc = doc.as_ref();
    let m = measure::Metrics::new();
    let text = |item: &str| doc.text(&Path::top(item)).trim().to_owned();
    let dates = |item: &str| top_dates(doc, item);
    let title = text(ids::COVER_TITLE);
    let body = text(ids::COVER_BODY);
    let period = match (dates(ids::VI_COMMENT_PERIOD_START), dates(ids::VI_COMMENT_PERIOD_END)) {
        (Some(a), Some(b)) => format!("{}から{}まで", a.wareki(), b.wareki()),
        _ => "（Ⅵ2②の実施日・期間が未記入です）".into(),
    };
    let opinions = if no_opinion(doc) {
        "意見の提出はなかった。".to_owned()
    } else {
        let o = text(ids::VI_COMMENT_OPINIONS);
        if o.is_empty() { "（Ⅵ2④の主な意見の内容が未記入です）".into() } else { o }
    };
    let result = text(ids::VI_REVIEW_RESULT);
    let opinion = if result.is_empty() {
        "（部会の意見を、Ⅵ3③「結果」に記入してください。条件やなお書きもここに書きます。）".to_owned()
    } else {
        result
    };
    let mut history: Vec<String> = Vec::new();
    if let Some(d) = dates(ids::VI_COMMENT_PERIOD_START) {
        history.push(format!("{}　市民意見聴取の開始（{period}）", d.wareki()));
    }
    match dates(ids::VI_REVIEW_DATE) {
        Some(meetings) => {
            for (i, m) in meetings.entries().iter().enumerate() {
                let note = if m.note.is_empty() { format!("（第{}回）", i + 1) } else { m.note.clone() };
                history.push(format!("{}　部会{note}", crate::doc::date::to_wareki(m.date)));
            }
        }
        None => {
            history.push("（Ⅵ3①の実施日が未記入です。部会の開催日をすべて「、」で区切って記入してください）".into())
        }
    }
    if let Some((_, r)) = crate::review::procedure::current(doc, crate::store::Stage::CouncilReport)
        && !r.period().is_empty()
    {
        history.push(format!("{}　審議会へ報告", r.period()));
    }
    // The 部会's own questions; residents' opinions have their own summary (`resident_opinions`).
    let residents = crate::review::resident_opinions(doc).len();
    let questions: Vec<_> =
        crate::review::ordered(doc).into_iter().filter(|(_, q)| !crate::review::is_resident(&q.asker)).collect();
    let mut items = vec![
        Item::Heading { level: 1, text: "部会報告書（案）".into() },
        Item::Row {
            label: "1 審議事項".into(), content: vec![Run::plain(format!("{title}について（{body}）"))]
        },
        Item::Row {
            label: "2 調査審議の内容".into(),
            content: vec![Run::plain(format!(
                "(1) 市民意見聴取\n期間：{period}\n方法：{}\n結果：{opinions}{}\n(2) 部会での意見と意見に対する主な対応状況は、別紙のとおり（質問・意見 {}件）。",
                {
                    let method = text(ids::VI_COMMENT_METHOD);
                    if method.is_empty() { "（Ⅵ2①の方法が未記入）".to_owned() } else { method }
                },
                if residents > 0 {
                    format!("\n（寄せられた意見{residents}件と対応は「市民意見の概要と対応」のとおり）")
                } else {
                    String::new()
                },
                questions.len()
            ))],
        },
        Item::Row { label: "3 部会の意見".into(), content: vec![Run::plain(opinion)] },
        Item::Row { label: "4 審議経過".into(), content: vec![Run::plain(history.join("\n"))] },
        Item::Heading { level: 1, text: "別紙　部会での意見と対応".into() },
    ];
    if questions.is_empty() {
        items.push(Item::Row { label: "意見".into(), content: vec![Run::plain("なし")] });
    } else {
        let rows = questions
            .iter()
            .map(|(_, q)| {
                vec![
                    vec![Run::plain(&q.number)],
                    vec![Run::plain(crate::review::item_title(doc, &q.item))],
                    runs(&q.question, edition.public),
                    runs(&q.answer, edition.public),
                    vec![Run::plain(q.status.label())],
                ]
            })
            .collect();
        let headers = ["番号", "項目", "部会での意見", "対応", "状況"].map(String::from).to_vec();
        items.push(Item::Grid { headers, rows });
    }
    paged(
        doc,
        &m,
        &items,
        Edition {
            label: format!("部会報告書（案）（{}）", edition.label), draft: true, public: edition.public
        },
    )
}

fn table_of_contents(m: &measure::Metrics, items: &[Item], sections: &[(usize, usize)], _body: usize) -> pages::Page {
    let mut t = Paginator::new(m);
    t.paragraph("項目一覧", 14.0, pages::LEFT, Role::Para(usize::MAX - 2));
    t.gap(8.0);
    for &(i, page) in sections {
        if let Item::Heading { text, .. } = &items[i] {
            t.paragraph(
                &format!("{text}　……　{}ページ", page + 1),
                10.5,
                pages::LEFT + 20.0,
                Role::Para(usize::MAX - 3),
            );
        }
    }
    t.pages.into_iter().next().unwrap_or_default()
}

struct Ink {
    faces: faces::Faces,
    black: Fill,
    grey: Fill,
    shade: Fill,
    mark: Fill,
    deleted: Fill,
    inserted: Fill,
    red: Fill,
}

fn fill(r: u8, g: u8, b: u8) -> Fill {
    Fill { paint: rgb::Color::new(r, g, b).into(), opacity: NormalizedF32::ONE, rule: FillRule::NonZero }
}

fn render(
    doc: &Assessment,
    edition: &Edition,
    items: &[Item],
    p: Paginator,
    total: usize,
) -> Result<Vec<u8>, PdfError> {
    let title = {
        let t = doc.text(&Path::top(ids::COVER_TITLE));
        if t.is_empty() { doc.form().title.clone() } else { t.to_owned() }
    };
    let body = doc.text(&Path::top(ids::COVER_BODY)).to_owned();
    let m = measure::Metrics::new();
    let faces = faces::Faces::new().ok_or_else(|| PdfError::Krilla("the bundled fonts could not be read".into()))?;
    let ink = Ink {
        faces,
        black: fill(0, 0, 0),
        grey: fill(90, 90, 90),
        shade: fill(238, 238, 238),
        mark: fill(255, 224, 150),
        deleted: fill(255, 205, 205),
        inserted: fill(200, 240, 200),
        red: fill(200, 30, 30),
    };
    let mut document = Document::new_with(SerializeSettings { enable_tagging: true, ..Default::default() });
    let mut ids: HashMap<Role, Vec<Identifier>> = HashMap::new();
    for (n, page) in p.pages.iter().enumerate() {
        let (w, h) = page.size();
        let mut pg = document.start_page_with(PageSettings::from_wh(w, h).expect("A4 is a valid size"));
        let mut s = pg.surface();
        furniture(&mut s, &ink, &m, &title, edition, n, total, (w, h));
        for op in &page.ops {
            draw(&mut s, &ink, op, &mut ids);
        }
        s.finish();
        pg.finish();
    }
    document.set_outline(outline(&p.anchors));
    document.set_tag_tree(tag_tree(items, &mut ids));
    let now = jiff::ZonedDateTime::now();
    let offset = now.offset().seconds();
    let created = krilla::metadata::DateTime::new(now.year().clamp(0, 9999) as u16)
        .month(now.month() as u8)
        .day(now.day() as u8)
        .hour(now.hour() as u8)
        .minute(now.minute() as u8)
        .second(now.second() as u8)
        .utc_offset_hour((offset / 3600) as i8)
        .utc_offset_minute(((offset.abs() % 3600) / 60) as u8);
    let (shown_title, subject) = match edition.public {
        true => (title, "公表用".to_owned()),
        false => (format!("{title}【{FULL_EDITION_MARK}】"), format!("{FULL_EDITION_MARK}。公表しないでください。")),
    };
    let mut meta = Metadata::new()
        .title(shown_title)
        .description(subject.clone())
        .keywords(vec![subject])
        .language("ja".into())
        .creator("hyokasho".into())
        .producer("hyokasho".into())
        .creation_date(created);
    if !body.is_empty() {
        meta = meta.authors(vec![body]);
    }
    document.set_metadata(meta);
    document.finish().map_err(|e| PdfError::Krilla(format!("{e:?}")))
}

/// Header and footer of every page (artifacts: not part of the reading order).
#[allow(clippy::too_many_arguments)]
fn furniture(
    s: &mut Surface,
    ink: &Ink,
    m: &measure::Metrics,
    title: &str,
    edition: &Edition,
    n: usize,
    total: usize,
    (page_w, page_h): (f32, f32),
) {
    let right_edge = page_w - pages::LEFT;
    s.start_tagged(ContentTag::Artifact(Artifact::with_kind(ArtifactType::Page)));
    s.set_stroke(None);
    s.set_fill(Some(ink.grey.clone()));
    let title = m.printable(title);
    ink.faces.draw(s, pages::LEFT, 30.0, 8.0, &title);
    let label = m.printable(&edition.label);
    let w = m.width(&label, 8.0);
    let right = if edition.draft { right_edge - 34.0 } else { right_edge };
    ink.faces.draw(s, right - w, 30.0, 8.0, &label);
    if !edition.public {
        // Every page of the full edition says what it is, so a page copied out of it is never
        // taken for the published text.
        s.set_fill(Some(ink.red.clone()));
        ink.faces.draw(s, pages::LEFT, page_h - 28.0, 8.0, FULL_EDITION_MARK);
        s.set_fill(Some(ink.grey.clone()));
    }
    let footer = format!("- {} / {} -", n + 1, total);
    let fw = m.width(&footer, 8.5);
    ink.faces.draw(s, (page_w - fw) / 2.0, page_h - 28.0, 8.5, &footer);
    if edition.draft {
        // 「案」 in a red box: a draft must never be mistaken for the published 評価書.
        s.set_fill(None);
        s.set_stroke(Some(Stroke { paint: rgb::Color::new(200, 30, 30).into(), width: 1.2, ..Default::default() }));
        if let Some(path) = rect_path(right_edge - 26.0, 14.0, 26.0, 24.0) {
            s.draw_path(&path);
        }
        s.set_stroke(None);
        s.set_fill(Some(ink.red.clone()));
        ink.faces.draw(s, right_edge - 22.0, 33.0, 18.0, "案");
    }
    s.end_tagged();
}

fn rect_path(x: f32, y: f32, w: f32, h: f32) -> Option<krilla::geom::Path> {
    let mut pb = PathBuilder::new();
    pb.push_rect(Rect::from_xywh(x, y, w.max(0.1), h.max(0.1))?);
    pb.finish()
}

fn draw(s: &mut Surface, ink: &Ink, op: &Op, ids: &mut HashMap<Role, Vec<Identifier>>) {
    match op {
        Op::Text { x, y, size, text, role: Role::Artifact } => {
            s.set_stroke(None);
            s.set_fill(Some(ink.black.clone()));
            s.start_tagged(ContentTag::Artifact(Artifact::with_kind(ArtifactType::Layout)));
            ink.faces.draw(s, *x, *y, *size, text);
            s.end_tagged();
        }
        Op::Text { x, y, size, text, role } => {
            s.set_stroke(None);
            s.set_fill(Some(ink.black.clone()));
            let id = s.start_tagged(ContentTag::Span(SpanTag::empty()));
            ink.faces.draw(s, *x, *y, *size, text);
            s.end_tagged();
            ids.entry(*role).or_default().push(id);
        }
        Op::Diagram { x, y, scale, index, diagram: d } => {
            let ids = ids.entry(Role::Figure(*index)).or_default();
            diagram::draw(s, &ink.faces, d, *x, *y, *scale, ids);
        }
        Op::Picture { x, y, w, h, bytes, index } => {
            let data = krilla::Data::from(bytes.to_vec());
            let image = match crate::doc::ImageFormat::of(bytes) {
                Some(crate::doc::ImageFormat::Png) => krilla::image::Image::from_png(data, true),
                Some(crate::doc::ImageFormat::Jpeg) => krilla::image::Image::from_jpeg(data, true),
                None => Err("not an image".into()),
            };
            let (Ok(image), Some(size)) = (image, krilla::geom::Size::from_wh(*w, *h)) else { return };
            s.push_transform(&krilla::geom::Transform::from_translate(*x, *y));
            let id = s.start_tagged(ContentTag::Span(SpanTag::empty()));
            s.draw_image(image, size);
            s.end_tagged();
            s.pop();
            // The picture's tag goes under its Figure.
            ids.entry(Role::Figure(*index)).or_default().push(id);
        }
        Op::Highlight { x, y, w, h, mark } => {
            let Some(path) = rect_path(*x, *y, *w, *h) else { return };
            s.start_tagged(ContentTag::Artifact(Artifact::with_kind(ArtifactType::Layout)));
            s.set_stroke(None);
            s.set_fill(Some(match mark {
                Mark::Deleted => ink.deleted.clone(),
                Mark::Inserted => ink.inserted.clone(),
                _ => ink.mark.clone(),
            }));
            s.draw_path(&path);
            // Colour alone does not survive a black-and-white copy: deletions are struck
            // through and insertions underlined as well.
            let line_y = match mark {
                Mark::Deleted | Mark::WithheldDeleted => Some(y + h * 0.5),
                Mark::Inserted | Mark::WithheldInserted => Some(y + h - 0.8),
                _ => None,
            };
            if let Some(ly) = line_y {
                let mut pb = PathBuilder::new();
                pb.move_to(*x, ly);
                pb.line_to(x + w, ly);
                if let Some(line) = pb.finish() {
                    s.set_fill(None);
                    s.set_stroke(Some(Stroke {
                        paint: rgb::Color::new(60, 60, 60).into(),
                        width: 0.7,
                        ..Default::default()
                    }));
                    s.draw_path(&line);
                    s.set_stroke(None);
                }
            }
            s.end_tagged();
        }
        Op::Border { x, y, w, h } | Op::Shade { x, y, w, h } => {
            let Some(path) = rect_path(*x, *y, *w, *h) else { return };
            s.start_tagged(ContentTag::Artifact(Artifact::with_kind(ArtifactType::Layout)));
            match op {
                Op::Border { .. } => {
                    s.set_fill(None);
                    s.set_stroke(Some(Stroke {
                        paint: rgb::Color::new(0, 0, 0).into(),
                        width: 0.6,
                        ..Default::default()
                    }));
                }
                _ => {
                    s.set_stroke(None);
                    s.set_fill(Some(ink.shade.clone()));
                }
            }
            s.draw_path(&path);
            s.set_stroke(None);
            s.end_tagged();
        }
    }
}

fn outline(anchors: &[pages::Anchor]) -> Outline {
    let mut outline = Outline::new();
    let mut current: Option<OutlineNode> = None;
    for a in anchors {
        let node =
            OutlineNode::new(a.text.clone(), XyzDestination::new(a.page, Point::from_xy(0.0, (a.y - 10.0).max(0.0))));
        if a.level == 1 {
            if let Some(done) = current.take() {
                outline.push_child(done);
            }
            current = Some(node);
        } else if let Some(parent) = current.as_mut() {
            parent.push_child(node);
        } else {
            outline.push_child(node);
        }
    }
    if let Some(done) = current {
        outline.push_child(done);
    }
    outline
}

/// Headings as Hn, rows as table rows (label TH, answer TD), in reading order. Every tagged
/// span appears exactly once.
fn tag_tree(items: &[Item], ids: &mut HashMap<Role, Vec<Identifier>>) -> TagTree {
    let mut tree = TagTree::new().with_lang(Some("ja".into()));
    let mut take = |role: Role| ids.remove(&role).unwrap_or_default();
    // The cover's paragraphs (stamp, title, the review edition's mark), then the 項目一覧.
    for role in [
        Role::Para(usize::MAX),
        Role::Para(usize::MAX - 1),
        Role::Para(usize::MAX - 4),
        Role::Para(usize::MAX - 2),
        Role::Para(usize::MAX - 3),
    ] {
        let spans = take(role);
        if !spans.is_empty() {
            tree.push(TagGroup::with_children(Tag::P, spans.into_iter().map(Into::into).collect()));
        }
    }
    let mut table: Option<TagGroup> = None;
    for (i, item) in items.iter().enumerate() {
        match item {
            Item::Heading { level, text } => {
                if let Some(t) = table.take() {
                    tree.push(t);
                }
                let spans = take(Role::Heading(i));
                if spans.is_empty() {
                    continue;
                }
                let level = NonZeroU16::new(u16::from(*level)).unwrap_or(NonZeroU16::MIN);
                tree.push(TagGroup::with_children(
                    Tag::Hn(level, Some(text.clone())),
                    spans.into_iter().map(Into::into).collect(),
                ));
            }
            Item::Band { .. } => {
                let spans = take(Role::Band(i));
                let th = TagGroup::with_children(
                    Tag::TH(TableHeaderScope::Column),
                    spans.into_iter().map(Into::into).collect(),
                );
                table
                    .get_or_insert_with(|| TagGroup::new(Tag::Table))
                    .push(TagGroup::with_children(Tag::TR, vec![th.into()]));
            }
            Item::Grid { headers, rows } => {
                if let Some(t) = table.take() {
                    tree.push(t);
                }
                let mut grid = TagGroup::new(Tag::Table);
                let head: Vec<krilla::tagging::Node> = (0..headers.len())
                    .map(|c| {
                        let spans = take(Role::GridHead(i, c)).into_iter().map(Into::into).collect();
                        TagGroup::with_children(Tag::TH(TableHeaderScope::Column), spans).into()
                    })
                    .collect();
                grid.push(TagGroup::with_children(Tag::TR, head));
                for r in 0..rows.len().max(1) {
                    let row: Vec<krilla::tagging::Node> = (0..headers.len())
                        .map(|c| {
                            let spans = take(Role::GridCell(i, r, c)).into_iter().map(Into::into).collect();
                            TagGroup::with_children(Tag::TD, spans).into()
                        })
                        .collect();
                    grid.push(TagGroup::with_children(Tag::TR, row));
                }
                tree.push(grid);
            }
            Item::Diagram { .. } | Item::Picture { .. } => {
                if let Some(t) = table.take() {
                    tree.push(t);
                }
                let heading = take(Role::Heading(i));
                if !heading.is_empty() {
                    let level = NonZeroU16::new(2).unwrap_or(NonZeroU16::MIN);
                    tree.push(TagGroup::with_children(
                        Tag::Hn(level, None),
                        heading.into_iter().map(Into::into).collect(),
                    ));
                }
                let alt = match item {
                    Item::Diagram { graph, .. } => diagram::alt_text(graph),
                    _ => "所管課が作成した業務全体図（画像）".to_owned(),
                };
                let spans: Vec<krilla::tagging::Node> = take(Role::Figure(i)).into_iter().map(Into::into).collect();
                if !spans.is_empty() {
                    tree.push(TagGroup::with_children(Tag::Figure(Some(alt)), spans));
                }
                // An unreadable picture was printed as a row instead.
                let (label, content) = (take(Role::Label(i)), take(Role::Content(i)));
                if !label.is_empty() || !content.is_empty() {
                    let all = label.into_iter().chain(content).map(Into::into).collect();
                    tree.push(TagGroup::with_children(Tag::P, all));
                }
            }
            Item::Row { .. } => {
                let th = TagGroup::with_children(
                    Tag::TH(TableHeaderScope::Row),
                    take(Role::Label(i)).into_iter().map(Into::into).collect(),
                );
                let td = TagGroup::with_children(Tag::TD, take(Role::Content(i)).into_iter().map(Into::into).collect());
                table
                    .get_or_insert_with(|| TagGroup::new(Tag::Table))
                    .push(TagGroup::with_children(Tag::TR, vec![th.into(), td.into()]));
            }
        }
    }
    if let Some(t) = table {
        tree.push(t);
    }
    tree
}
