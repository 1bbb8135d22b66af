use super::*;
use crate::doc::Assessment;

/// Every value of `original` and whether `read` has the same (images aside: a picture cannot come
/// back from a document's text; withheld marks aside: a workbook's colours are not read).
pub(crate) fn compare(original: &Assessment, read: &Assessment) -> (usize, Vec<String>) {
    let form = original.form();
    let mut total = 0;
    let mut wrong = Vec::new();
    for (path, entry) in original.values() {
        if matches!(entry.value, Value::Image(_)) {
            continue;
        }
        total += 1;
        // Blocks have fresh ids: find the same instance by position.
        let mapped = map_path(original, read, path);
        let got = mapped.as_ref().and_then(|p| read.get(p)).map(|e| &e.value);
        let want = match (&entry.value, got) {
            // A reference names another block: compare by the name it shows.
            (Value::Choice(id), Some(Value::Choice(other)))
                if matches!(form.node(form.find(&path.item).unwrap()).kind, Kind::Ref { .. }) =>
            {
                let ix = form.find(&path.item).unwrap();
                original.ref_label(ix, id) == read.ref_label(ix, other)
            }
            // Withheld passages are marked by colour in the workbook, which is not read: the
            // text must come back, the marks are set again by the user.
            (Value::Text(a), Some(Value::Text(b))) => a.as_str() == b.as_str(),
            (v, Some(g)) => v == g,
            (_, None) => false,
        };
        if !want {
            wrong.push(format!("{}: {:?} → {:?}", path.render(form), entry.value, got));
        }
    }
    (total, wrong)
}

/// The path in `read` of the instance at the same positions as `path`'s blocks in `original`.
fn map_path(original: &Assessment, read: &Assessment, path: &Path) -> Option<Path> {
    let form = original.form();
    let ix = form.find(&path.item)?;
    let mut blocks = Vec::new();
    for (depth, &b) in form.node(ix).blocks.iter().enumerate() {
        let list = Path { item: form.node(b).id.clone(), blocks: path.blocks[..depth].to_vec() };
        let pos = original.instances(&list).iter().position(|x| *x == path.blocks[depth])?;
        let read_list = Path { item: form.node(b).id.clone(), blocks: blocks.clone() };
        blocks.push(read.instances(&read_list).get(pos)?.clone());
    }
    Some(Path { item: path.item.clone(), blocks })
}

fn through_workbook(doc: &Assessment) -> Reading {
    let edition = crate::content::Edition { label: "第1版".into(), draft: false, public: false };
    let bytes = crate::xlsx::export(doc, &edition).unwrap();
    let (kind, rows) = source::read(&bytes).unwrap();
    assert_eq!(kind, source::Kind::Workbook);
    recognise(doc.form(), &rows)
}

/// Every sample → our workbook → read back: every value comes back.
#[test]
fn every_sample_comes_back_from_its_workbook() {
    for sample in [
        "assessments/midori-jidoteate-r7.ron",
        "assessments/midori-jidoteate-r8.ron",
        "tests/defective/kokuho-clean.ron",
    ] {
        let text = std::fs::read_to_string(sample).unwrap();
        let doc = crate::ron_io::import(&text).unwrap();
        let reading = through_workbook(&doc);
        let (total, wrong) = compare(&doc, &reading.doc);
        assert!(wrong.is_empty(), "{sample}: {} of {total} values differ:\n{}", wrong.len(), wrong.join("\n"));
    }
}
