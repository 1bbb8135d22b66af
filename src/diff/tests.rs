use super::*;
use crate::doc::{Entry, Path, Value};
use crate::form::ids;
use crate::ron_io;

fn sample(name: &str) -> Assessment {
    let text = std::fs::read_to_string(format!("{}/assessments/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    ron_io::import(&text).unwrap()
}

fn r7() -> Assessment {
    sample("midori-jidoteate-r7.ron")
}

fn r8() -> Assessment {
    sample("midori-jidoteate-r8.ron")
}

fn found(c: &Comparison, doc: &Assessment) -> Vec<(String, String, Class)> {
    c.real().map(|c| (c.what.key().to_owned(), c.path.render(doc.form()), c.class)).collect()
}

const TASKS: &str = "ii.file[f-teate].outsourcing.task";

#[test]
fn every_planted_change_of_the_samples_is_found_and_nothing_else() {
    let (old, new) = (r7(), r8());
    let c = compare(&old, &new, false).unwrap();
    let got = found(&c, &new);
    // The move is one move; which of the two swapped tasks carries it is the diff's choice.
    let moved: Vec<&(String, String, Class)> = got.iter().filter(|g| g.0 == "moved").collect();
    assert_eq!(moved.len(), 1, "{got:#?}");
    assert!([format!("{TASKS}[t-insatsu]"), format!("{TASKS}[t-nyuryoku]")].contains(&moved[0].1), "{:?}", moved[0]);
    let rest: Vec<(String, String, Class)> = got.iter().filter(|g| g.0 != "moved").cloned().collect();
    let want = [
        ("edited", "cover.published_on".to_owned(), Class::Content),
        ("edited", "i.task.content".to_owned(), Class::Wording),
        // The 業務全体図 follows changes 4 and 5: the call centre and its 再委託先, their flow
        // and links; the みどり県知事 and the flow to it gone.
        ("added", "annex1.diagram.actor[a-call]".to_owned(), Class::Content),
        ("added", "annex1.diagram.actor[a-himawari]".to_owned(), Class::Content),
        ("removed", "annex1.diagram.actor[a-ken]".to_owned(), Class::Content),
        ("added", "annex1.diagram.flow[fl-call]".to_owned(), Class::Content),
        ("removed", "annex1.diagram.flow[fl-teikyo2]".to_owned(), Class::Content),
        ("added", "annex1.diagram.link[l-call]".to_owned(), Class::Content),
        ("added", "annex1.diagram.link[l-himawari]".to_owned(), Class::Content),
        // The counts follow their blocks (委託事項 3 → 4件, 提供先 2 → 1件), as 別添3 lists them.
        ("edited", "ii.file[f-teate].outsourcing.count".to_owned(), Class::Content),
        ("added", format!("{TASKS}[t-callcenter]"), Class::Significant),
        ("edited", "ii.file[f-teate].provision.recipient_count".to_owned(), Class::Content),
        ("removed", "ii.file[f-teate].provision.recipient[p-ken]".to_owned(), Class::Content),
        ("edited", "iii.file[f-teate].use.r3.measures".to_owned(), Class::Significant),
        ("added", "annex3.change[chg-r8-1]".to_owned(), Class::Content),
        ("added", "annex3.change[chg-r8-2]".to_owned(), Class::Content),
        ("added", "annex3.change[chg-r8-3]".to_owned(), Class::Content),
    ];
    let want: Vec<(String, String, Class)> = want.into_iter().map(|(w, p, c)| (w.to_owned(), p, c)).collect();
    assert_eq!(rest, want, "{}", c.summary());
    assert_eq!(c.summary(), "変更 18件（うち重要な変更の可能性 2件、表記のみ 2件）");
}

#[test]
fn titles_carry_the_official_numbering_and_block_numbers() {
    let (old, new) = (r7(), r8());
    let c = compare(&old, &new, false).unwrap();
    let titles: Vec<&str> = c.real().map(|c| c.title.as_str()).collect();
    assert_eq!(titles[0], "表紙 公表日");
    assert!(
        titles.iter().any(|t| t.starts_with("Ⅱ ") && t.contains("委託事項4「児童手当に関する問合せ")),
        "{titles:#?}"
    );
    assert!(titles.iter().any(|t| t.contains("提供先2「みどり県知事」")), "{titles:#?}");
    assert!(titles.iter().any(|t| t.starts_with("Ⅲ ") && t.contains("リスク3")), "{titles:#?}");
}

#[test]
fn a_wording_only_edit_shows_the_characters_that_changed() {
    let c = compare(&r7(), &r8(), false).unwrap();
    let w = c.real().find(|c| c.path.item == ids::I_TASK_CONTENT).unwrap();
    let changed = |p: &[Piece]| p.iter().filter(|p| p.changed).map(|p| p.text.clone()).collect::<Vec<_>>();
    assert_eq!(changed(&w.text.old), ["6"]);
    assert_eq!(changed(&w.text.new), ["６"]);
    assert_eq!(w.text.hunks, 1);
}

#[test]
fn a_punctuation_only_edit_is_wording_only() {
    let old = r7();
    let mut new = old.clone();
    let path = Path::top(ids::I_TASK_CONTENT);
    let edited = old.text(&path).replacen('、', "", 2).replacen('。', "．", 1);
    new.set(path.clone(), Some(Entry::text(&edited))).unwrap();
    let c = compare(&old, &new, false).unwrap();
    assert_eq!(found(&c, &new), [("edited".into(), "i.task.content".into(), Class::Wording)]);
}

#[test]
fn subcontracting_turned_on_is_a_significant_change_and_turned_off_is_not() {
    let old = r7();
    let mut new = old.clone();
    let path = Path::parse(&format!("{TASKS}[t-nyuryoku].subcontracting")).unwrap();
    assert_eq!(old.choice(&path), "再委託しない");
    new.set(path.clone(), Some(Entry::choice("再委託する"))).unwrap();
    let c = compare(&old, &new, false).unwrap();
    let change = c.real().find(|c| c.path == path).unwrap();
    assert_eq!(change.class, Class::Significant);
    assert_eq!((change.before(), change.after()), ("再委託しない".into(), "再委託する".into()));
    let back = compare(&new, &old, false).unwrap();
    assert_eq!(back.real().find(|c| c.path == path).unwrap().class, Class::Content);
}

#[test]
fn a_reordered_block_is_one_move_and_nothing_inside_it_changes() {
    let old = r7();
    let mut new = old.clone();
    let list = Path::parse(TASKS).unwrap();
    let edits = new.plan_move_block(&list, "t-hoshu", 2).unwrap();
    new.apply(edits).unwrap();
    let c = compare(&old, &new, false).unwrap();
    let got = found(&c, &new);
    assert_eq!(got.len(), 1, "{got:#?}");
    assert_eq!(got[0].0, "moved");
    assert_eq!(c.changes[0].class, Class::Wording);
}

#[test]
fn identical_versions_have_no_changes() {
    let c = compare(&r7(), &r7(), false).unwrap();
    assert_eq!(c.count(), 0);
    assert_eq!(c.summary(), "変更はありません");
    let all = compare(&r7(), &r7(), true).unwrap();
    assert!(all.changes.len() > 300, "every answered item is listed: {}", all.changes.len());
    assert!(all.changes.iter().all(|c| c.what == What::Same));
}

#[test]
fn a_withheld_passage_marked_differently_is_a_marking_change() {
    let old = r7();
    let mut new = old.clone();
    let (path, entry) = old
        .values()
        .find(|(_, e)| matches!(&e.value, Value::Text(t) if !t.withheld().is_empty()))
        .map(|(p, e)| (p.clone(), e.clone()))
        .unwrap();
    let Value::Text(t) = &entry.value else { unreachable!() };
    new.set(path.clone(), Some(Entry::text(t.as_str()))).unwrap();
    let c = compare(&old, &new, false).unwrap();
    assert_eq!(found(&c, &new), [("marking".into(), path.render(new.form()), Class::Wording)]);
}

#[test]
fn the_change_log_lists_the_changes_and_is_not_added_twice() {
    let (old, mut new) = (r7(), r8());
    // Start from r8 without its hand-written 別添3 rows.
    let rows_path = Path::top(ids::ANNEX3_CHANGE);
    let mut edits = Vec::new();
    for id in new.instances(&rows_path).to_vec() {
        edits.extend(new.plan_remove_block(&rows_path, &id).unwrap());
        new.apply(edits.split_off(0)).unwrap();
    }
    let c = compare(&old, &new, false).unwrap();
    let rows = change_log_rows(&c, &new);
    // The 表紙 公表日 and 別添3 itself are not listed; the other fourteen changes are.
    assert_eq!(rows.len(), 14, "{rows:#?}");
    let call = rows.iter().find(|r| r.item.contains("委託事項4")).unwrap();
    assert_eq!((call.before.as_str(), call.timing), ("（記載なし）", "事前"));
    assert!(call.after.as_str().contains("⑦再委託の有無：再委託する"), "{}", call.after.as_str());
    let removed = rows.iter().find(|r| r.item.contains("みどり県知事")).unwrap();
    assert_eq!((removed.after.as_str(), removed.timing), ("（削除）", "事後"));

    let date = jiff::civil::date(2026, 4, 1);
    let (edits, added) = plan_change_log(&new, &rows, date).unwrap();
    assert_eq!(added, 14);
    let undo = new.apply(edits).unwrap();
    assert_eq!(new.instances(&rows_path).len(), 14);
    let first = new.instances(&rows_path)[0].clone();
    assert_eq!(new.text(&rows_path.child(&first, ids::ANNEX3_CHANGE_ITEM)), rows[0].item);
    assert_eq!(new.choice(&rows_path.child(&first, ids::ANNEX3_CHANGE_TIMING)), rows[0].timing);
    let (_, again) = plan_change_log(&new, &rows, date).unwrap();
    assert_eq!(again, 0, "rows already listed are not added again");
    // A later change of an item already in 別添3 (the 保管期間 changed again at the next 見直し)
    // is a new row, not hidden by the earlier one.
    let mut later = new.clone();
    let measures = Path::new(ids::III_FILE_USE_R3_MEASURES, &["f-teate"]);
    later.set(measures.clone(), Some(Entry::text("照会の記録は毎月係長が確認し、課長に報告する。"))).unwrap();
    let c = compare(&new, &later, false).unwrap();
    let rows_later = change_log_rows(&c, &later);
    let (_, added_later) = plan_change_log(&later, &rows_later, date).unwrap();
    assert!(rows.iter().any(|r| r.item == rows_later[0].item), "the item has a row already");
    assert_eq!(added_later, 1, "the new change of that item is added");
    new.apply(undo).unwrap();
    assert!(new.instances(&rows_path).is_empty(), "one undo removes them all");
}

#[test]
fn adding_a_variation_selector_is_wording_only_and_shows_as_the_character_changed() {
    let path = Path::top(ids::I_TASK_CONTENT);
    let mut old = r7();
    old.set(path.clone(), Some(Entry::text("葛飾区に住所を有する者の給付を行う。"))).unwrap();
    let mut new = old.clone();
    new.set(path.clone(), Some(Entry::text("葛\u{E0100}飾区に住所を有する者の給付を行う。"))).unwrap();
    let c = compare(&old, &new, false).unwrap();
    let change = c.real().find(|c| c.path == path).unwrap();
    assert_eq!(
        change.class,
        Class::Wording,
        "i.task.content is significant, but a glyph variant is not a change of content"
    );
    let changed = |p: &[crate::diff::Piece]| p.iter().filter(|p| p.changed).map(|p| p.text.clone()).collect::<Vec<_>>();
    assert_eq!(changed(&change.text.old), ["葛"]);
    assert_eq!(changed(&change.text.new), ["葛\u{E0100}"]);
}

#[test]
fn an_annex3_row_quotes_the_changed_passage_with_a_little_context_not_the_whole_answer() {
    // 介護保険: a long 消去方法 in which one phrase changes.
    let before = "要介護認定の申請書は、".to_owned()
        + &"認定結果の通知後も法定の保存期間中は施錠できる書庫で保管し、".repeat(12)
        + "期間を過ぎたものは職員の立会いのもとで溶解処理する。"
        + &"廃棄の記録は台帳に残し、課長が確認する。".repeat(8);
    let after = before.replace("職員の立会いのもとで溶解処理", "委託業者による溶解処理の後、溶解証明書を受領");
    let text = text::diff(&before, &after);
    let old = excerpt(&text.old);
    let new = excerpt(&text.new);
    let joined = |p: &[Piece]| p.iter().map(|p| p.text.as_str()).collect::<String>();
    let (old, new) = (joined(&old), joined(&new));
    assert!(before.chars().count() > 500);
    assert!(new.chars().count() < 120, "{new}");
    assert!(new.contains("溶解証明書を受領") && old.contains("職員の立会いのもとで"), "{old} / {new}");
    assert!(new.starts_with('…') && new.ends_with('…'), "elided on both sides: {new}");
}

#[test]
fn a_new_measure_that_says_shinai_is_still_a_significant_change() {
    // 後期高齢者医療: a supervision measure added to a ※ item, ending 「…付与しない。」. A word in
    // the text is no reduction of the risk; only a structural one is (a choice that switches
    // items off, an answer cleared).
    let old = r7();
    let mut new = old.clone();
    let (path, text) = old
        .values()
        .find(|(p, e)| {
            old.form().find(&p.item).is_some_and(|ix| old.form().node(ix).significant)
                && matches!(&e.value, crate::doc::Value::Text(t) if !t.as_str().contains("しない"))
        })
        .map(|(p, e)| (p.clone(), e.clone()))
        .unwrap();
    let crate::doc::Value::Text(t) = &text.value else { unreachable!() };
    let added = format!("{}委託先の作業者には、後期高齢者医療の資格情報を照会する権限を付与しない。", t.as_str());
    new.set(path.clone(), Some(Entry::text(&added))).unwrap();
    let c = compare(&old, &new, false).unwrap();
    assert_eq!(c.real().find(|c| c.path == path).unwrap().class, Class::Significant);
}

/// 介護保険: renaming a contractor is one change, of its name; the flows and 委託 links that
/// point at it still point at the same block, so none of them is listed.
#[test]
fn renaming_an_actor_is_one_change_not_one_per_line_that_points_at_it() {
    let old = r7();
    let mut new = old.clone();
    let name = Path::top(ids::ANNEX1_DIAGRAM_ACTOR).child("a-hoshu", ids::ANNEX1_DIAGRAM_ACTOR_NAME);
    new.set(name.clone(), Some(crate::doc::Entry::text("株式会社やまびこ介護システム"))).unwrap();
    let c = compare(&old, &new, false).unwrap();
    let paths: Vec<String> = c.real().map(|x| x.path.render(new.form())).collect();
    assert_eq!(paths, [name.render(new.form())], "{paths:?}");
}

/// 別添3 quotes a multiple choice whole: an option is never cut in half (「…ネットワークシ…」).
#[test]
fn a_changed_choice_is_quoted_whole_in_annex3() {
    use crate::doc::{Pick, Value};
    let old = r7();
    let mut new = old.clone();
    let method = Path::new(ids::II_FILE_USE_METHOD, &["f-teate"]);
    let Some(Value::Multi(mut picks)) = old.get(&method).map(|e| e.value.clone()) else { panic!("a multiple choice") };
    picks.push(Pick::plain("フラッシュメモリ"));
    new.set(method.clone(), Some(Entry::new(Value::Multi(picks)))).unwrap();
    let c = compare(&old, &new, false).unwrap();
    let rows = change_log_rows(&c, &new);
    let row = rows.iter().find(|r| r.item.contains("入手方法")).expect("a row for Ⅱ3②");
    let ix = new.form().find(ids::II_FILE_USE_METHOD).unwrap();
    assert_eq!(row.before.as_str(), answer(&old, ix, &method.blocks).0, "the old answer whole");
    assert_eq!(row.after.as_str(), answer(&new, ix, &method.blocks).0, "the new answer whole, nothing elided");
}

/// The fewest blocks are reported as moved, the one the user moved rather than those it passed,
/// and blocks added or removed on one side are never "moved".
#[test]
fn the_fewest_blocks_that_explain_a_new_order_are_the_moved_ones() {
    let ids = |s: &str| s.chars().map(|c| c.to_string()).collect::<Vec<_>>();
    let moved = |old: &str, new: &str| {
        let (old, new) = (ids(old), ids(new));
        let mut m: Vec<String> = moved_ids(&old, &new).into_iter().map(str::to_owned).collect();
        m.sort();
        m.concat()
    };
    assert_eq!(moved("abcdef", "abcdef"), "");
    assert_eq!(moved("abcdef", "bcdaef"), "a", "a moved down past b, c and d");
    assert_eq!(moved("abcdef", "eabcdf"), "e", "e moved up");
    assert_eq!(moved("abcdef", "xbdcf"), "d", "a and e removed, x added, c and d swapped: c keeps its place");
    assert_eq!(moved("abcdef", "fedcba").len(), 5, "a reversal keeps one in place");
    assert_eq!(moved("abcdef", "badcfe").len(), 3, "three swaps of neighbours");
    // Against the definition on every order of five blocks: as many moved as the order has
    // blocks outside a longest run that kept its old order.
    let mut order: Vec<char> = "abcde".chars().collect();
    for _ in 0..120 {
        let new: String = order.iter().collect();
        let places: Vec<usize> = order.iter().map(|&c| (c as u8 - b'a') as usize).collect();
        let mut best = vec![1; places.len()];
        for i in 0..places.len() {
            for j in 0..i {
                if places[j] < places[i] {
                    best[i] = best[i].max(best[j] + 1);
                }
            }
        }
        let longest = best.iter().max().copied().unwrap();
        assert_eq!(moved("abcde", &new).len(), 5 - longest, "{new}");
        next_permutation(&mut order);
    }
}

fn next_permutation(v: &mut [char]) {
    let Some(i) = (1..v.len()).rev().find(|&i| v[i - 1] < v[i]) else {
        v.reverse();
        return;
    };
    let j = (i..v.len()).rev().find(|&j| v[j] > v[i - 1]).unwrap();
    v.swap(i - 1, j);
    v[i..].reverse();
}

/// A date's words are part of its answer: 「（予定）」 taken away, or a second meeting added to
/// Ⅵ3①, is a change of content, never 表記のみ and never lost. On the 国民健康保険 file.
#[test]
fn a_date_losing_its_note_or_gaining_a_meeting_is_a_change() {
    use crate::doc::{Dated, Dates};
    let text =
        std::fs::read_to_string(format!("{}/tests/defective/kokuho-clean.ron", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let mut old = ron_io::import(&text).unwrap();
    let on = |y, m, d, note: &str| Dated { date: jiff::civil::date(y, m, d), note: note.into() };
    let published = Path::top(ids::COVER_PUBLISHED_ON);
    let planned = Dates::new(vec![on(2025, 10, 1, "（予定）")]).unwrap();
    old.set(published.clone(), Some(Entry::new(Value::Date(planned)))).unwrap();
    let mut new = old.clone();
    new.set(published, Some(Entry::new(Value::date(jiff::civil::date(2025, 10, 1))))).unwrap();
    let review = Path::top(ids::VI_REVIEW_DATE);
    let meetings = Dates::new(vec![on(2025, 7, 10, "（第1回）"), on(2025, 8, 28, "（第2回）")]).unwrap();
    new.set(review, Some(Entry::new(Value::Date(meetings)))).unwrap();
    let c = compare(&old, &new, false).unwrap();
    let got = found(&c, &new);
    assert_eq!(got.len(), 2, "{got:?}");
    assert!(got.iter().all(|(_, _, class)| *class != Class::Wording), "{got:?}");
    let text: Vec<String> = c.real().map(|c| format!("{:?}", c)).collect();
    assert!(text.iter().any(|t| t.contains("（予定）")), "{text:?}");
    assert!(text.iter().any(|t| t.contains("7月10日（第1回）、令和7年") && t.contains("（第2回）")), "{text:?}");
}

/// A finding waved through (marked 確認済み) or a question closed between two versions is listed
/// in the full comparison, never in the public one. (国民健康保険)
#[test]
fn marks_and_questions_that_changed_are_listed_apart_in_the_full_comparison() {
    let text =
        std::fs::read_to_string(format!("{}/tests/defective/kokuho-clean.ron", env!("CARGO_MANIFEST_DIR"))).unwrap();
    let old = ron_io::import(&text).unwrap();
    let mut new = old.clone();
    let key = format!("K18-{}", "a".repeat(32));
    let mark = crate::doc::Acknowledgement {
        reason: "平成27年からの保有の経緯は備考のとおり".into(),
        on: jiff::civil::date(2026, 12, 1),
    };
    new.apply(vec![crate::doc::Edit::Acknowledge { finding: key, mark: Some(mark) }]).unwrap();
    let mut q = crate::review::ReviewItem::new("3", Path::top(ids::I_TASK_CONTENT));
    q.status = crate::review::Status::Answered;
    new.apply(vec![crate::doc::Edit::ReviewItem { id: "q-abc123".into(), question: Some(Box::new(q)) }]).unwrap();

    let c = compare(&old, &new, false).unwrap();
    assert_eq!(c.count(), 0, "no answer of the form changed");
    let lines = c.records.lines().join("\n");
    assert!(lines.contains("追加 1件") && lines.contains("K18") && lines.contains("平成27年からの保有"), "{lines}");
    assert!(lines.contains("質問3 追加（回答済）"), "{lines}");
    let text = render::text(&c, &new, &render::Labels { old: "第1版".into(), new: "第2版".into() }, false);
    assert!(text.contains("事前点検で確認済みにした指摘"), "{text}");
    assert!(compare_public(&old, &new, false).unwrap().records.is_empty());
}
