//! Writes the inputs `scripts/bench` times whole processes on, into the folder given as the
//! argument: `ten_times.ron` (the sample with its files duplicated to 20, see `support`), a
//! later version of it with changes in every file (`ten_times_later.ron`), and
//! `ten_times.txt`, every answer of it as 「item title：answer」 lines in the order of the form —
//! the same content as plain text, for the side-by-side with LibreOffice.
//! Run: `cargo bench --bench ten_times -- FOLDER`.

use hyokasho::doc::{Assessment, Path};
use hyokasho::form::{Kind, NodeIx};

mod support;

const SAMPLE: &str = include_str!("../assessments/midori-jidoteate-r7.ron");

fn main() {
    let Some(folder) = std::env::args().skip(1).find(|a| !a.starts_with("--")) else {
        eprintln!("usage: cargo bench --bench ten_times -- FOLDER");
        std::process::exit(2);
    };
    let folder = std::path::PathBuf::from(folder);
    let (doc, later) = support::ten_times_pair(&hyokasho::ron_io::import(SAMPLE).unwrap());
    std::fs::write(folder.join("ten_times.ron"), hyokasho::ron_io::export(&doc)).unwrap();
    std::fs::write(folder.join("ten_times_later.ron"), hyokasho::ron_io::export(&later)).unwrap();

    let form = doc.form();
    let mut text = String::new();
    for &s in &form.sections {
        text.push_str(&format!("\n{}\n", form.node(s).title()));
        walk(&doc, s, &[], &mut text);
    }
    std::fs::write(folder.join("ten_times.txt"), text).unwrap();
}

/// Every answer under `ix`, one line each; each block headed by its numbered title.
fn walk(doc: &Assessment, ix: NodeIx, blocks: &[String], text: &mut String) {
    let node = doc.form().node(ix);
    match &node.kind {
        Kind::Group => node.children.iter().for_each(|&c| walk(doc, c, blocks, text)),
        Kind::Repeat { .. } | Kind::PerBlock { .. } => {
            let list = Path { item: node.id.clone(), blocks: blocks.to_vec() };
            for id in doc.instances(&list) {
                let inner = list.child(id, &node.id).blocks;
                text.push_str(&format!("\n{}\n", hyokasho::diff::title(doc, ix, &inner)));
                node.children.iter().for_each(|&c| walk(doc, c, &inner, text));
            }
        }
        _ => {
            let (answer, _) = hyokasho::doc::answer(doc, ix, blocks);
            if !answer.is_empty() {
                text.push_str(&format!("{}：{answer}\n", node.title()));
            }
        }
    }
}
