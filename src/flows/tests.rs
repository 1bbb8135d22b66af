use super::derive::{derived_edits, derived_paths, with_derived};
use super::remove::plan_remove;
use super::*;
use crate::doc::{Edit, Entry, Pick, Value};
use crate::ron_io;

fn sample(name: &str) -> Assessment {
    let text = std::fs::read_to_string(format!("{}/assessments/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
    ron_io::import(&text).unwrap()
}

fn r7() -> Assessment {
    sample("midori-jidoteate-r7.ron")
}

fn task(id: &str, item: &str) -> Path {
    Path::new(item, &["f-teate", id])
}

const FLOWS: &str = ids::ANNEX1_DIAGRAM_FLOW;
const LINKS: &str = ids::ANNEX1_DIAGRAM_LINK;
const ACTORS: &str = ids::ANNEX1_DIAGRAM_ACTOR;

/// Applies edits the way the editor does: with the derived answers brought in line.
fn edit(doc: &mut Assessment, edits: Vec<Edit>) -> Vec<Edit> {
    let edits = with_derived(doc, edits).unwrap();
    doc.apply(edits).unwrap()
}

fn picks(doc: &Assessment, path: &Path) -> Vec<Pick> {
    match doc.get(path).map(|e| &e.value) {
        Some(Value::Multi(p)) => p.clone(),
        other => panic!("{path}: {other:?}"),
    }
}

#[test]
fn the_samples_agree_with_their_diagrams() {
    for name in ["midori-jidoteate-r7.ron", "midori-jidoteate-r8.ron"] {
        let doc = sample(name);
        assert_eq!(derived_edits(&doc), [], "{name}: the Ⅱ answers differ from what the diagram gives");
        let g = Graph::read(&doc);
        assert!(g.actors.len() >= 14 && g.flows.len() >= 14 && g.links.len() >= 4, "{name}: {g:?}");
        assert!(g.actors.iter().all(|a| a.kind.is_some()), "{name}");
    }
}

#[test]
fn a_flow_medium_edit_changes_the_derived_outsourcing_method() {
    let mut doc = r7();
    let method = task("t-insatsu", ids::II_FILE_OUTSOURCING_TASK_METHOD);
    assert_eq!(picks(&doc, &method), [Pick::plain("電子記録媒体（フラッシュメモリを除く。）")]);
    let medium = Path::top(FLOWS).child("fl-insatsu", ids::ANNEX1_DIAGRAM_FLOW_MEDIUM);
    let undo =
        edit(&mut doc, vec![Edit::Value { path: medium.clone(), entry: Some(Entry::choice("フラッシュメモリ")) }]);
    assert_eq!(picks(&doc, &method), [Pick::plain("フラッシュメモリ")]);
    // A medium the 委託 list does not have goes under その他 with its name.
    edit(&mut doc, vec![Edit::Value { path: medium, entry: Some(Entry::choice("LGWAN")) }]);
    assert_eq!(picks(&doc, &method), [Pick { option: "その他".into(), detail: "LGWAN".into() }]);
    assert!(derived_paths(&doc).contains(&method), "the editor shows ④ as derived");
    // Undo goes back through both edits' derived answers as well.
    let mut back = r7();
    let medium = Path::top(FLOWS).child("fl-insatsu", ids::ANNEX1_DIAGRAM_FLOW_MEDIUM);
    let u = edit(&mut back, vec![Edit::Value { path: medium, entry: Some(Entry::choice("紙")) }]);
    back.apply(u).unwrap();
    assert_eq!(picks(&back, &method), [Pick::plain("電子記録媒体（フラッシュメモリを除く。）")]);
    drop(undo);
}

#[test]
fn a_subcontract_link_makes_the_task_subcontracted_and_requires_approval_and_content() {
    let mut doc = r7();
    let status = task("t-nyuryoku", ids::II_FILE_OUTSOURCING_TASK_SUBCONTRACTING);
    let approval = task("t-nyuryoku", ids::II_FILE_OUTSOURCING_TASK_APPROVAL);
    let content = task("t-nyuryoku", ids::II_FILE_OUTSOURCING_TASK_SUBCONTRACTED);
    assert_eq!(doc.choice(&status), "再委託しない");
    let approval_ix = doc.form().find(ids::II_FILE_OUTSOURCING_TASK_APPROVAL).unwrap();
    assert!(doc.is_disabled(approval_ix, &approval.blocks));

    // A new 再委託先 and a link from the 委託先 to it.
    let actors = Path::top(ACTORS);
    let (sub, mut edits) = doc.plan_add_block(&actors).unwrap();
    edits.push(Edit::Value {
        path: actors.child(&sub, ids::ANNEX1_DIAGRAM_ACTOR_NAME),
        entry: Some(Entry::text("株式会社さくら入力")),
    });
    edits.push(Edit::Value {
        path: actors.child(&sub, ids::ANNEX1_DIAGRAM_ACTOR_KIND),
        entry: Some(Entry::choice("再委託先")),
    });
    edit(&mut doc, edits);
    let links = Path::top(LINKS);
    let (link, mut edits) = doc.plan_add_block(&links).unwrap();
    for (item, v) in [
        (ids::ANNEX1_DIAGRAM_LINK_TASK, "t-nyuryoku"),
        (ids::ANNEX1_DIAGRAM_LINK_FROM, "a-hikari"),
        (ids::ANNEX1_DIAGRAM_LINK_TO, sub.as_str()),
    ] {
        edits.push(Edit::Value { path: links.child(&link, item), entry: Some(Entry::choice(v)) });
    }
    edit(&mut doc, edits);
    assert_eq!(doc.choice(&status), "再委託する");
    assert!(!doc.is_disabled(approval_ix, &approval.blocks), "⑧ applies now");
    let missing = doc.completion().missing;
    assert!(missing.contains(&approval), "⑧ is required and still empty: {missing:?}");
    assert!(missing.contains(&content), "⑨ is the department's until the link says what is handed on");

    // Filling in the link fills ⑧ and ⑨.
    edit(
        &mut doc,
        vec![
            Edit::Value {
                path: links.child(&link, ids::ANNEX1_DIAGRAM_LINK_APPROVAL),
                entry: Some(Entry::text("書面による事前承諾")),
            },
            Edit::Value {
                path: links.child(&link, ids::ANNEX1_DIAGRAM_LINK_CONTENT),
                entry: Some(Entry::text("繁忙期の入力作業")),
            },
            Edit::Value {
                path: links.child(&link, ids::ANNEX1_DIAGRAM_LINK_NECESSITY),
                entry: Some(Entry::text("繁忙期の処理量のため")),
            },
        ],
    );
    assert_eq!(doc.text(&approval), "書面による事前承諾");
    assert_eq!(doc.text(&content), "繁忙期の入力作業", "⑨ is the 再委託事項 as written, nothing appended");
    assert!(!doc.completion().missing.contains(&approval));
}

#[test]
fn removing_a_contractor_removes_its_chain_and_one_undo_restores_it() {
    let mut doc = r7();
    let before = doc.clone();
    let actors = Path::top(ACTORS);
    let edits = plan_remove(&doc, &actors, "a-hoshu").unwrap();
    let undo = doc.apply(edits).unwrap();
    let g = Graph::read(&doc);
    assert!(g.actor("a-hoshu").is_none());
    assert!(g.actor("a-green").is_none(), "the 再委託先 only a-hoshu used goes with it");
    assert!(g.links.iter().all(|l| l.task != "t-hoshu"), "both links of the chain are gone");
    assert!(g.flows.iter().all(
        |f| !["a-hoshu", "a-green"].contains(&f.from.as_str()) && !["a-hoshu", "a-green"].contains(&f.to.as_str())
    ));
    assert!(g.actor("a-hikari").is_some() && g.actor("a-dc").is_some(), "nothing else is touched");
    doc.apply(undo).unwrap();
    assert_eq!(doc, before, "one undo brings everything back");
}

#[test]
fn removing_a_recipient_clears_the_actor_reference_but_keeps_the_actor() {
    let mut doc = r7();
    let list = Path::new(ids::II_FILE_PROVISION_RECIPIENT, &["f-teate"]);
    let edits = plan_remove(&doc, &list, "p-ken").unwrap();
    doc.apply(edits).unwrap();
    let a = Path::top(ACTORS).child("a-ken", ids::ANNEX1_DIAGRAM_ACTOR_RECIPIENT);
    assert_eq!(doc.choice(&a), "");
    assert!(Graph::read(&doc).actor("a-ken").is_some());
    assert_eq!(derived_edits(&doc), []);
}

#[test]
fn removing_a_task_removes_the_links_that_belong_to_it() {
    let mut doc = r7();
    let list = Path::new(ids::II_FILE_OUTSOURCING_TASK, &["f-teate"]);
    doc.apply(plan_remove(&doc, &list, "t-insatsu").unwrap()).unwrap();
    assert!(Graph::read(&doc).links.iter().all(|l| l.task != "t-insatsu"));
    assert!(Graph::read(&doc).actor("a-insatsu").is_some(), "the actor stays (it may be used again)");
}

#[test]
fn a_diagram_split_into_figures_keeps_each_figures_lines_and_the_actors_they_join() {
    let line = |id: &str, from: &str, to: &str, figure: &str| crate::flows::Flow {
        id: id.into(),
        step: String::new(),
        from: from.into(),
        to: to.into(),
        file: String::new(),
        task: String::new(),
        medium: "紙".into(),
        detail: String::new(),
        two_way: false,
        figure: figure.into(),
    };
    let actor = |id: &str| crate::flows::Actor { id: id.into(), name: id.into(), kind: None };
    let g = crate::flows::Graph {
        actors: vec![actor("被保険者"), actor("保険年金課"), actor("国保連合会"), actor("情報提供NWS")],
        flows: vec![
            line("f1", "被保険者", "保険年金課", "図1 窓口"),
            line("f2", "保険年金課", "国保連合会", ""),
            line("f3", "保険年金課", "情報提供NWS", "図2 情報提供"),
        ],
        links: Vec::new(),
    };
    assert_eq!(g.figures(), ["", "図1 窓口", "図2 情報提供"], "the unnamed lines make the first figure");
    let first = g.figure("図1 窓口");
    assert_eq!(first.flows.len(), 1);
    assert!(first.actor("情報提供NWS").is_none() && first.actor("被保険者").is_some());
    assert_eq!(g.figure("").flows[0].id, "f2");
    let second = g.figure("図2 情報提供");
    assert_eq!(second.actors.len(), 2);
    // Not split: the whole graph, an actor with no line included.
    let mut whole = g.clone();
    whole.flows.iter_mut().for_each(|f| f.figure.clear());
    assert_eq!(whole.figures(), [""]);
    assert_eq!(whole.figure("").actors.len(), 4);
    assert_eq!(g.flows[0].mark(1), "①");
    let numbered = crate::flows::Flow { step: "12".into(), ..g.flows[0].clone() };
    assert_eq!(numbered.mark(1), "⑫");
    let dashed = crate::flows::Flow { step: "2-1".into(), ..g.flows[0].clone() };
    assert_eq!(dashed.mark(1), "2-1");
}

/// 国民健康保険: one company holds two 委託事項 (システム運用保守 over 専用線, 保険証の印刷 on
/// 電子記録媒体) and hands part of the printing on. Each 委託事項's ④ follows its own flows, an
/// untagged flow to the shared company decides neither, and ⑨ is the 再委託事項 as written, so
/// the official answers of a correct file raise no K13.
#[test]
fn two_tasks_of_one_contractor_each_get_their_own_method_and_the_official_subcontract_text_matches() {
    let mut doc = Assessment::new(crate::form::current());
    let (f, e) = doc.plan_add_block(&Path::top(ids::II_FILE)).unwrap();
    doc.apply(e).unwrap();
    let tasks = Path::new(ids::II_FILE_OUTSOURCING_TASK, &[&f]);
    let add = |doc: &mut Assessment, list: &Path| {
        let (id, e) = doc.plan_add_block(list).unwrap();
        doc.apply(e).unwrap();
        id
    };
    let (hoshu, insatsu) = (add(&mut doc, &tasks), add(&mut doc, &tasks));
    let actors = Path::top(ACTORS);
    let actor = |doc: &mut Assessment, name: &str, kind: &str| {
        let id = add(doc, &actors);
        doc.set(actors.child(&id, ids::ANNEX1_DIAGRAM_ACTOR_NAME), Some(Entry::text(name))).unwrap();
        doc.set(actors.child(&id, ids::ANNEX1_DIAGRAM_ACTOR_KIND), Some(Entry::choice(kind))).unwrap();
        id
    };
    let ka = actor(&mut doc, "保険年金課", "担当部署");
    let vendor = actor(&mut doc, "株式会社こくほシステム", "委託先");
    let printer = actor(&mut doc, "有限会社あさひ印刷", "再委託先");
    let links = Path::top(LINKS);
    let link = |doc: &mut Assessment, task: &str, from: &str, to: &str, content: &str| {
        let id = add(doc, &links);
        for (item, v) in [
            (ids::ANNEX1_DIAGRAM_LINK_TASK, task),
            (ids::ANNEX1_DIAGRAM_LINK_FROM, from),
            (ids::ANNEX1_DIAGRAM_LINK_TO, to),
        ] {
            doc.set(links.child(&id, item), Some(Entry::choice(v))).unwrap();
        }
        if !content.is_empty() {
            doc.set(links.child(&id, ids::ANNEX1_DIAGRAM_LINK_CONTENT), Some(Entry::text(content))).unwrap();
        }
    };
    link(&mut doc, &hoshu, &ka, &vendor, "");
    link(&mut doc, &insatsu, &ka, &vendor, "");
    link(&mut doc, &insatsu, &vendor, &printer, "被保険者証の印刷及び封入");
    let flows = Path::top(FLOWS);
    let flow = |doc: &mut Assessment, medium: &str, task: &str| {
        let id = add(doc, &flows);
        for (item, v) in [
            (ids::ANNEX1_DIAGRAM_FLOW_FROM, ka.as_str()),
            (ids::ANNEX1_DIAGRAM_FLOW_TO, vendor.as_str()),
            (ids::ANNEX1_DIAGRAM_FLOW_MEDIUM, medium),
            (ids::ANNEX1_DIAGRAM_FLOW_DIRECTION, "一方向"),
            (ids::ANNEX1_DIAGRAM_FLOW_TASK, task),
        ] {
            if !v.is_empty() {
                doc.set(flows.child(&id, item), Some(Entry::choice(v))).unwrap();
            }
        }
    };
    flow(&mut doc, "専用線", &hoshu);
    flow(&mut doc, "電子記録媒体（フラッシュメモリを除く。）", &insatsu);
    // Untagged: the company has two 委託事項, so this flow could serve either and decides neither.
    flow(&mut doc, "電子メール", "");

    let derived: Vec<(Path, Option<Value>)> = super::derive::derived_values(&doc);
    let value = |item: &str, t: &str| {
        derived.iter().find(|(p, _)| p.item == item && p.blocks == [f.clone(), t.to_owned()]).map(|(_, v)| v.clone())
    };
    let multi = |o: &str| Some(Some(Value::Multi(vec![Pick::plain(o)])));
    assert_eq!(value(ids::II_FILE_OUTSOURCING_TASK_METHOD, &hoshu), multi("専用線"));
    assert_eq!(
        value(ids::II_FILE_OUTSOURCING_TASK_METHOD, &insatsu),
        multi("電子記録媒体（フラッシュメモリを除く。）")
    );
    assert_eq!(
        value(ids::II_FILE_OUTSOURCING_TASK_SUBCONTRACTED, &insatsu),
        Some(Some(Value::Text(crate::doc::Text::plain("被保険者証の印刷及び封入")))),
        "⑨ as written, nothing appended"
    );
    // ⑧ is not in the link: the department writes it in Ⅱ, and it is not taken over.
    assert_eq!(value(ids::II_FILE_OUTSOURCING_TASK_APPROVAL, &insatsu), None);

    // The official answers, typed as a department would: no K13.
    let at = |item: &str, t: &str| Path::new(item, &[&f, t]);
    for (t, medium) in [(&hoshu, "専用線"), (&insatsu, "電子記録媒体（フラッシュメモリを除く。）")]
    {
        doc.set(at(ids::II_FILE_OUTSOURCING_TASK_METHOD, t), Some(Entry::new(Value::Multi(vec![Pick::plain(medium)]))))
            .unwrap();
        doc.set(at(ids::II_FILE_OUTSOURCING_TASK_CONTRACTOR, t), Some(Entry::text("株式会社こくほシステム"))).unwrap();
    }
    doc.set(at(ids::II_FILE_OUTSOURCING_TASK_SUBCONTRACTING, &hoshu), Some(Entry::choice("再委託しない"))).unwrap();
    doc.set(at(ids::II_FILE_OUTSOURCING_TASK_SUBCONTRACTING, &insatsu), Some(Entry::choice("再委託する"))).unwrap();
    doc.set(at(ids::II_FILE_OUTSOURCING_TASK_SUBCONTRACTED, &insatsu), Some(Entry::text("被保険者証の印刷及び封入")))
        .unwrap();
    doc.set(at(ids::II_FILE_OUTSOURCING_TASK_APPROVAL, &insatsu), Some(Entry::text("書面による事前承認"))).unwrap();
    let k13: Vec<_> = crate::check::check(&doc, &Default::default()).into_iter().filter(|x| x.rule == "K13").collect();
    assert!(k13.is_empty(), "{k13:?}");

    // Tag the e-mail flow to 保守: ④ of 保守 now has both, and K13 says so for the typed answer.
    let mail = doc.instances(&flows)[2].clone();
    doc.set(flows.child(&mail, ids::ANNEX1_DIAGRAM_FLOW_TASK), Some(Entry::choice(&hoshu))).unwrap();
    let k13: Vec<_> = crate::check::check(&doc, &Default::default()).into_iter().filter(|x| x.rule == "K13").collect();
    assert_eq!(k13.len(), 1, "{k13:?}");
    assert_eq!(k13[0].paths, [at(ids::II_FILE_OUTSOURCING_TASK_METHOD, &hoshu)]);
}
