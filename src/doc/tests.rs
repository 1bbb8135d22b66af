use super::*;
use crate::form::{current, ids};

fn doc_with_file() -> (Assessment, String) {
    let mut doc = Assessment::new(current());
    let files = Path::top(ids::II_FILE);
    let (f, edits) = doc.plan_add_block(&files).unwrap();
    doc.apply(edits).unwrap();
    (doc, f)
}

fn add(doc: &mut Assessment, list: &Path) -> String {
    let (id, edits) = doc.plan_add_block(list).unwrap();
    doc.apply(edits).unwrap();
    id
}

#[test]
fn values_are_checked_against_the_schema() {
    let (mut doc, f) = doc_with_file();
    let kind = Path::new(ids::II_FILE_BASIC_KIND, &[&f]);
    assert!(doc.set(kind.clone(), Some(Entry::choice("システム用ファイル"))).is_ok());
    assert!(matches!(
        doc.set(kind.clone(), Some(Entry::choice("手作業用ファイル"))),
        Err(DocError::UnknownOption { .. })
    ));
    assert!(matches!(doc.set(kind, Some(Entry::text("x"))), Err(DocError::WrongKind { .. })));
    let long = "あ".repeat(201);
    assert!(matches!(
        doc.set(Path::top(ids::COVER_TITLE), Some(Entry::text(&long))),
        Err(DocError::TooLong { chars: 201, max: 200, .. })
    ));
    assert!(matches!(
        doc.set(Path::new(ids::II_FILE_NAME, &["nope"]), Some(Entry::text("x"))),
        Err(DocError::NoSuchBlock { .. })
    ));
    assert!(matches!(doc.set(Path::top("ii.nothing"), None), Err(DocError::UnknownItem(_))));
    assert!(matches!(doc.set(Path::top(ids::I_FILES), None), Err(DocError::NotAValue(_))));
}

#[test]
fn only_withholdable_items_can_be_withheld() {
    let (mut doc, f) = doc_with_file();
    let mut place = Text::plain("第二データセンター");
    place.withhold(0..6);
    let ok = Entry::new(Value::Text(place.clone()));
    assert!(doc.set(Path::new(ids::II_FILE_STORAGE_PLACE, &[&f]), Some(ok.clone())).is_ok());
    assert!(matches!(doc.set(Path::new(ids::II_FILE_NAME, &[&f]), Some(ok)), Err(DocError::NotWithholdable { .. })));
}

#[test]
fn a_reordered_block_keeps_every_id_and_value() {
    let (mut doc, f) = doc_with_file();
    let tasks = Path::new(ids::II_FILE_OUTSOURCING_TASK, &[&f]);
    let a = add(&mut doc, &tasks);
    let b = add(&mut doc, &tasks);
    let c = add(&mut doc, &tasks);
    doc.set(tasks.child(&a, ids::II_FILE_OUTSOURCING_TASK_CONTRACTOR), Some(Entry::text("A社"))).unwrap();
    let undo = doc.apply(doc.plan_move_block(&tasks, &c, 0).unwrap()).unwrap();
    assert_eq!(doc.instances(&tasks), [c.clone(), a.clone(), b.clone()]);
    assert_eq!(doc.text(&tasks.child(&a, ids::II_FILE_OUTSOURCING_TASK_CONTRACTOR)), "A社");
    doc.apply(undo).unwrap();
    assert_eq!(doc.instances(&tasks), [a, b, c]);
}

#[test]
fn removing_a_file_removes_its_risk_block_and_undo_restores_everything() {
    let (mut doc, f) = doc_with_file();
    let tasks = Path::new(ids::II_FILE_OUTSOURCING_TASK, &[&f]);
    let t = add(&mut doc, &tasks);
    doc.set(tasks.child(&t, ids::II_FILE_OUTSOURCING_TASK_CONTENT), Some(Entry::text("運用保守"))).unwrap();
    let risk = Path::new(ids::III_FILE_USE_R3_MEASURES, &[&f]);
    doc.set(risk.clone(), Some(Entry::text("研修を行う"))).unwrap();
    let fields = Path::new(ids::ANNEX2_FILE_FIELD, &[&f]);
    let fld = add(&mut doc, &fields);
    doc.set(fields.child(&fld, ids::ANNEX2_FILE_FIELD_NAME), Some(Entry::text("個人番号"))).unwrap();
    let before = doc.clone();

    let files = Path::top(ids::II_FILE);
    let undo = doc.apply(doc.plan_remove_block(&files, &f).unwrap()).unwrap();
    assert_eq!(doc.values().count(), 0);
    assert_eq!(doc.lists().count(), 0);
    doc.apply(undo).unwrap();
    assert_eq!(doc, before);
}

#[test]
fn a_duplicated_block_gets_fresh_ids_throughout() {
    let (mut doc, f) = doc_with_file();
    doc.set(Path::new(ids::II_FILE_NAME, &[&f]), Some(Entry::text("児童手当ファイル"))).unwrap();
    let tasks = Path::new(ids::II_FILE_OUTSOURCING_TASK, &[&f]);
    let t = add(&mut doc, &tasks);
    doc.set(tasks.child(&t, ids::II_FILE_OUTSOURCING_TASK_CONTRACTOR), Some(Entry::text("A社"))).unwrap();
    let files = Path::top(ids::II_FILE);
    let (copy, edits) = doc.plan_duplicate_block(&files, &f).unwrap();
    doc.apply(edits).unwrap();
    assert_eq!(doc.instances(&files), [f.clone(), copy.clone()]);
    assert_eq!(doc.text(&Path::new(ids::II_FILE_NAME, &[&copy])), "児童手当ファイル");
    let copied_tasks = doc.instances(&Path::new(ids::II_FILE_OUTSOURCING_TASK, &[&copy])).to_vec();
    assert_eq!(copied_tasks.len(), 1);
    assert_ne!(copied_tasks[0], t);
    let contractor = Path::new(ids::II_FILE_OUTSOURCING_TASK_CONTRACTOR, &[&copy, &copied_tasks[0]]);
    assert_eq!(doc.text(&contractor), "A社");
}

#[test]
fn block_ids_must_be_unique_in_the_whole_document() {
    let (mut doc, f) = doc_with_file();
    let systems = Path::top(ids::I_SYSTEM);
    let clash = vec![Edit::Order { list: systems, ids: vec![f] }];
    assert!(matches!(doc.apply(clash), Err(DocError::DuplicateBlock { .. })));
}

#[test]
fn per_file_blocks_follow_the_file_list() {
    let (doc, f) = doc_with_file();
    assert_eq!(doc.instances(&Path::top(ids::III_FILE)), [f]);
    assert!(matches!(doc.plan_add_block(&Path::top(ids::III_FILE)), Err(DocError::FollowsAnotherList { .. })));
}

#[test]
fn governing_answers_disable_the_items_they_govern() {
    let (mut doc, f) = doc_with_file();
    let form = doc.form();
    let tasks = form.find(ids::II_FILE_OUTSOURCING_TASK).unwrap();
    let blocks = vec![f.clone()];
    assert!(!doc.is_disabled(tasks, &blocks));
    doc.set(Path::new(ids::II_FILE_OUTSOURCING_STATUS, &[&f]), Some(Entry::choice("委託しない"))).unwrap();
    assert!(doc.is_disabled(tasks, &blocks));
    let content = form.find(ids::II_FILE_OUTSOURCING_TASK_CONTENT).unwrap();
    assert!(doc.is_disabled(content, &[f.clone(), "t-x".into()]));
}

#[test]
fn derived_items_follow_their_sources() {
    let (mut doc, f) = doc_with_file();
    let form = doc.form();
    doc.set(Path::new(ids::II_FILE_NAME, &[&f]), Some(Entry::text("児童手当ファイル"))).unwrap();
    let files = form.find(ids::I_FILES).unwrap();
    assert_eq!(doc.derived(files, &[]), "1. 児童手当ファイル");
    let name = form.find(ids::III_FILE_NAME).unwrap();
    assert_eq!(doc.derived(name, std::slice::from_ref(&f)), "児童手当ファイル");
    let tasks = Path::new(ids::II_FILE_OUTSOURCING_TASK, &[&f]);
    add(&mut doc, &tasks);
    let count = form.find(ids::II_FILE_OUTSOURCING_COUNT).unwrap();
    assert_eq!(doc.derived(count, &[f]), "1件");
}

#[test]
fn completion_skips_what_a_governing_answer_switches_off() {
    let (mut doc, f) = doc_with_file();
    let tasks = Path::new(ids::II_FILE_OUTSOURCING_TASK, &[&f]);
    let before = doc.completion();
    assert!(before.missing.contains(&tasks), "委託事項 needs at least one block");
    doc.set(Path::new(ids::II_FILE_OUTSOURCING_STATUS, &[&f]), Some(Entry::choice("委託しない"))).unwrap();
    let after = doc.completion();
    assert!(!after.missing.contains(&tasks));
    assert!(after.filled == before.filled + 1);
}

#[test]
fn rows_pasted_from_excel_become_one_block_each_in_one_step() {
    let mut doc = Assessment::new(crate::form::current());
    let (f, edits) = doc.plan_add_block(&Path::top(ids::II_FILE)).unwrap();
    doc.apply(edits).unwrap();
    let list = Path::new(ids::ANNEX2_FILE_FIELD, &[&f]);
    // A column copied from Excel (国民健康保険の記録項目), with a blank line and Windows line ends.
    let (edits, added, left_out) =
        doc.plan_paste_rows(&list, "個人番号\r\n被保険者証記号番号\r\n\r\n資格取得年月日\r\n").unwrap();
    assert_eq!((added, left_out), (3, 0));
    doc.apply(edits).unwrap();
    let names: Vec<String> = doc
        .instances(&list)
        .iter()
        .map(|id| doc.text(&list.child(id, ids::ANNEX2_FILE_FIELD_NAME)).to_owned())
        .collect();
    assert_eq!(names, ["個人番号", "被保険者証記号番号", "資格取得年月日"]);
    // A table of actors (name TAB kind) for 別添1: a kind that is not an option stays empty and
    // is counted.
    let actors = Path::top(ids::ANNEX1_DIAGRAM_ACTOR);
    let (edits, added, left_out) =
        doc.plan_paste_rows(&actors, "保険年金課\t担当部署\n国保連合会\t外部の団体").unwrap();
    assert_eq!((added, left_out), (2, 1));
    doc.apply(edits).unwrap();
    let ids_ = doc.instances(&actors).to_vec();
    assert_eq!(doc.choice(&actors.child(&ids_[0], ids::ANNEX1_DIAGRAM_ACTOR_KIND)), "担当部署");
    assert_eq!(doc.choice(&actors.child(&ids_[1], ids::ANNEX1_DIAGRAM_ACTOR_KIND)), "");
    // Flows, in the order the table shows its columns (番号, 送り手, 受け手, 媒体 …): the actors
    // are found by their names.
    let flows = Path::top(ids::ANNEX1_DIAGRAM_FLOW);
    let (edits, added, left_out) =
        doc.plan_paste_rows(&flows, "1\t保険年金課\t国保連合会\t専用線\t\t一方向\t\t給付記録\t月1回").unwrap();
    assert_eq!((added, left_out), (1, 0));
    doc.apply(edits).unwrap();
    let f1 = doc.instances(&flows)[0].clone();
    assert_eq!(doc.choice(&flows.child(&f1, ids::ANNEX1_DIAGRAM_FLOW_FROM)), ids_[0]);
    assert_eq!(doc.choice(&flows.child(&f1, ids::ANNEX1_DIAGRAM_FLOW_TO)), ids_[1]);
    assert_eq!(doc.choice(&flows.child(&f1, ids::ANNEX1_DIAGRAM_FLOW_MEDIUM)), "専用線");
    assert_eq!(doc.text(&flows.child(&f1, ids::ANNEX1_DIAGRAM_FLOW_FREQUENCY)), "月1回");
}
