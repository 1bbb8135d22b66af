use super::*;
use crate::doc::{Edit, Entry};
use crate::form::{current, ids};

/// 介護保険: a file with two 委託事項, and questions on the second one's ⑧ and on Ⅰ 2.
fn kaigo() -> (Assessment, String, Vec<String>) {
    let mut doc = Assessment::new(current());
    let (f, e) = doc.plan_add_block(&Path::top(ids::II_FILE)).unwrap();
    doc.apply(e).unwrap();
    let tasks = Path::new(ids::II_FILE_OUTSOURCING_TASK, &[&f]);
    let mut t = Vec::new();
    for name in ["認定調査票の入力業務", "介護保険システムの保守業務"] {
        let (id, e) = doc.plan_add_block(&tasks).unwrap();
        doc.apply(e).unwrap();
        doc.set(Path::new(ids::II_FILE_OUTSOURCING_TASK_TITLE, &[&f, &id]), Some(Entry::text(name))).unwrap();
        t.push(id);
    }
    (doc, f, t)
}

fn add(doc: &mut Assessment, q: ReviewItem) -> String {
    let id = new_id(doc);
    doc.apply(vec![Edit::ReviewItem { id: id.clone(), question: Some(Box::new(q)) }]).unwrap();
    id
}

#[test]
fn a_question_follows_its_block_through_reordering_and_renaming() {
    let (mut doc, f, t) = kaigo();
    let item = Path::new(ids::II_FILE_OUTSOURCING_TASK_APPROVAL, &[&f, &t[1]]);
    let mut q = ReviewItem::new("1", item.clone());
    q.asker = "藤谷委員".into();
    q.question = Text::plain("保守業者の再委託は書面で承認していますか。");
    let id = add(&mut doc, q);
    assert_eq!(item_title(&doc, &item), "Ⅱ 4. ⑧再委託の許諾方法（特定個人情報ファイル1 委託事項2）");

    // Reordered and renamed: the question is still on the 保守 task, now 委託事項1.
    let tasks = Path::new(ids::II_FILE_OUTSOURCING_TASK, &[&f]);
    let e = doc.plan_move_block(&tasks, &t[1], 0).unwrap();
    doc.apply(e).unwrap();
    doc.set(Path::new(ids::II_FILE_OUTSOURCING_TASK_TITLE, &[&f, &t[1]]), Some(Entry::text("システム保守業務")))
        .unwrap();
    assert_eq!(doc.question(&id).unwrap().item, item);
    assert_eq!(item_title(&doc, &item), "Ⅱ 4. ⑧再委託の許諾方法（特定個人情報ファイル1 委託事項1）");

    // Its block removed: the question is kept and says so.
    let e = doc.plan_remove_block(&tasks, &t[1]).unwrap();
    doc.apply(e).unwrap();
    assert!(item_title(&doc, &item).ends_with("（削除されたブロック）"));
}

#[test]
fn numbers_are_unique_ordered_as_read_and_the_next_one_is_offered() {
    let (mut doc, _, _) = kaigo();
    for n in ["10", "2", "2-1", "１"] {
        add(&mut doc, ReviewItem::new(n, Path::top(ids::I_TASK_CONTENT)));
    }
    let numbers: Vec<&str> = ordered(&doc).iter().map(|(_, q)| q.number.as_str()).collect();
    assert_eq!(numbers, ["１", "2", "2-1", "10"]);
    assert_eq!(next_number(&doc), "11");
    let taken = doc.apply(vec![Edit::ReviewItem {
        id: new_id(&doc),
        question: Some(Box::new(ReviewItem::new(" 2 ", Path::top(ids::I_TASK_CONTENT)))),
    }]);
    assert!(
        matches!(&taken, Err(crate::doc::DocError::ReviewItem(e)) if matches!(**e, QuestionError::NumberTaken { .. })),
        "{taken:?}"
    );
    let unknown = ReviewItem::new("3", Path::top("ii.nothing"));
    assert!(matches!(validate(&doc, "q-x", &unknown), Err(QuestionError::UnknownItem { .. })));
    let blank = ReviewItem::new(" ", Path::top(ids::I_TASK_CONTENT));
    assert!(matches!(validate(&doc, "q-x", &blank), Err(QuestionError::NoNumber { .. })));
    let mut long = ReviewItem::new("4", Path::top(ids::I_TASK_CONTENT));
    long.answer = Text::plain(&"あ".repeat(MAX_ANSWER_CHARS + 1));
    assert!(matches!(validate(&doc, "q-x", &long), Err(QuestionError::TooLong { field: "answer", .. })));
}

#[test]
fn questions_round_trip_through_ron_and_the_file_and_withhold_like_answers() {
    let (mut doc, f, _) = kaigo();
    let mut q = ReviewItem::new("1", Path::new(ids::II_FILE_STORAGE_PLACE, &[&f]));
    q.asker = "稲垣委員".into();
    q.version = Some(2);
    q.page = Some(14);
    q.asked_on = Some(jiff::civil::date(2026, 7, 10));
    q.question = Text::plain("サーバーはどこにありますか。〜①髙𠮷");
    q.answer = Text::from_segments([
        ("庁舎の", false),
        ("地下2階サーバー室", true),
        ("にあり、入退室を記録しています。", false),
    ]);
    q.status = Status::Revised;
    add(&mut doc, q);

    let ron = crate::ron_io::export(&doc);
    assert!(ron.contains("format: 2") && ron.contains("status: \"反映済\""), "{ron}");
    assert_eq!(crate::ron_io::import(&ron).unwrap(), doc);

    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("kaigo.hyoka");
    crate::store::Store::create_holding(&path, &doc).unwrap().close().unwrap();
    let back = crate::store::Store::open_read_only(&path).unwrap().load_draft().unwrap();
    assert_eq!(back, doc);

    let public = doc.redacted();
    let (_, q) = public.questions().next().unwrap();
    assert_eq!(q.answer.as_str(), "庁舎の（非公開）にあり、入退室を記録しています。");
    assert!(!crate::ron_io::export(&public).contains("地下2階"));
}

#[test]
fn statuses_read_as_people_write_them() {
    assert_eq!(Status::from_label("回答済み"), Some(Status::Answered));
    assert_eq!(Status::from_label(" 反映済 "), Some(Status::Revised));
    assert_eq!(Status::from_label("対応不要"), Some(Status::NoAction));
    assert_eq!(Status::from_label("済"), None);
}

/// Residents are told from committee members and offices whose names hold the same characters.
#[test]
fn residents_are_told_from_members_and_offices() {
    for asker in
        ["市民", "市民A", "住民（意見聴取）", "区民・団体", "町民 1", "パブリックコメント（匿名）", "意見聴取 3番"]
    {
        assert!(super::is_resident(asker), "{asker}");
    }
    for asker in [
        "木村民子委員",
        "国民健康保険団体連合会",
        "市民課",
        "住民記録係長",
        "事務局（市民部）",
        "市民生活部会",
        "住民基本台帳担当",
    ] {
        assert!(!super::is_resident(asker), "{asker}");
    }
}
