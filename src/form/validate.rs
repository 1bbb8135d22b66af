//! Validation of the form schema: unique ids, resolvable references, non-empty labels and
//! guidance. Compiled into `build.rs` (a schema error stops the build) and into the program
//! (so the checks themselves are unit-tested).

use super::model::{Derivation, FormHeader, Kind, Node};
use std::collections::{BTreeSet, HashMap};

/// Where a node sits, for validating references between nodes.
struct Entry<'a> {
    node: &'a Node,
    file: String,
    /// Full ids of the enclosing Repeat/PerBlock nodes (PerBlock resolved to its source), outer first.
    blocks: Vec<String>,
}

/// Checks a form given as its header text and its section files (name, text). Returns every
/// full node id, or every problem found, each naming the file and the node.
pub fn validate(header_text: &str, sections: &[(String, String)]) -> Result<Vec<String>, Vec<String>> {
    let mut errors = Vec::new();
    let header: FormHeader = match ron::from_str(header_text) {
        Ok(h) => h,
        Err(e) => return Err(vec![format!("form.ron:{e}")]),
    };
    check_lists(&header, &mut errors);
    let listed: Vec<&str> = header.sections.iter().map(String::as_str).collect();
    let given: Vec<&str> = sections.iter().map(|(n, _)| n.as_str()).collect();
    if listed != given {
        errors.push(format!("form.ron lists the sections {listed:?} but {given:?} were given"));
    }
    let mut parsed = Vec::new();
    for (file, text) in sections {
        match ron::from_str::<Node>(text) {
            Ok(node) => parsed.push((file.clone(), node)),
            Err(e) => errors.push(format!("{file}:{e}")),
        }
    }
    let mut index: HashMap<String, Entry> = HashMap::new();
    for (file, node) in &parsed {
        collect(node, "", file, &[], &mut index, &mut errors);
        check_page_guidance(file, node, &mut errors);
    }
    // PerBlock ancestry is known only once every Repeat is indexed: resolve in a second pass.
    let per_block: HashMap<String, String> = index
        .iter()
        .filter_map(|(id, e)| match &e.node.kind {
            Kind::PerBlock { of } => Some((id.clone(), of.clone())),
            _ => None,
        })
        .collect();
    for entry in index.values_mut() {
        for b in entry.blocks.iter_mut() {
            if let Some(of) = per_block.get(b) {
                *b = of.clone();
            }
        }
    }
    for (id, e) in &index {
        check_references(id, e, &index, &header, &mut errors);
    }

    if !errors.is_empty() {
        return Err(errors);
    }
    let mut ids: Vec<String> = index.into_keys().collect();
    ids.sort();
    Ok(ids)
}

fn check_lists(header: &FormHeader, errors: &mut Vec<String>) {
    if header.key.trim().is_empty() || header.version.trim().is_empty() {
        errors.push("form.ron: `key` and `version` must not be empty".to_owned());
    }
    for (name, options) in &header.lists {
        let mut seen = BTreeSet::new();
        if options.iter().all(|o| o.label().is_none()) {
            errors.push(format!("form.ron: list {name:?} has no selectable option"));
        }
        for o in options {
            if let Some(label) = o.label() {
                if label.trim().is_empty() {
                    errors.push(format!("form.ron: list {name:?} has an empty option"));
                }
                if !seen.insert(label) {
                    errors.push(format!("form.ron: list {name:?} repeats the option {label:?}"));
                }
            }
        }
    }
}

/// The nodes the window opens as pages of their own (a section; a numbered part of a per-file
/// block, as Ⅲ's) explain the page in 記入のしかた on arrival, before any item is clicked, so
/// they need guidance too (issue 13: 表紙, 別添1, Ⅵ and 別添3 showed a blank panel).
fn check_page_guidance(file: &str, section: &Node, errors: &mut Vec<String>) {
    let mut pages = vec![(section.id.clone(), section)];
    for block in section.children.iter().filter(|c| matches!(c.kind, Kind::PerBlock { .. })) {
        for part in block.children.iter().filter(|g| g.kind == Kind::Group && !g.number.is_empty()) {
            pages.push((format!("{}.{}.{}", section.id, block.id, part.id), part));
        }
    }
    for (id, page) in pages {
        if page.guidance.trim().is_empty() {
            errors.push(format!("{file}: page {id:?} ({}) has no guidance text for 記入のしかた", page.label));
        }
    }
}

fn collect<'a>(
    node: &'a Node,
    parent: &str,
    file: &str,
    blocks: &[String],
    index: &mut HashMap<String, Entry<'a>>,
    errors: &mut Vec<String>,
) {
    let id = if parent.is_empty() { node.id.clone() } else { format!("{parent}.{}", node.id) };
    let valid_local =
        !node.id.is_empty() && node.id.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    if !valid_local {
        errors.push(format!("{file}: node {id:?}: a local id is lowercase ASCII, digits and '_'"));
    }
    if node.label.trim().is_empty() {
        errors.push(format!("{file}: node {id:?} has an empty label"));
    }
    let needs_children = matches!(node.kind, Kind::Group | Kind::Repeat { .. } | Kind::PerBlock { .. });
    if needs_children && node.children.is_empty() {
        errors.push(format!("{file}: node {id:?} groups nothing (no children)"));
    }
    if !needs_children && !node.children.is_empty() {
        errors.push(format!("{file}: node {id:?} holds a value and cannot have children"));
    }
    if (node.kind.holds_value() || node.kind.is_block() || matches!(node.kind, Kind::Derived(_)))
        && node.guidance.trim().is_empty()
    {
        errors.push(format!("{file}: item {id:?} ({}) has no guidance text", node.label));
    }
    if node.several && node.kind != Kind::Date {
        errors.push(format!("{file}: item {id:?}: only a Date item can hold several (several: true)"));
    }
    if let Kind::Text { max: 0 } | Kind::LongText { max: 0 } = node.kind {
        errors.push(format!("{file}: item {id:?} has a length limit of 0"));
    }
    let mut inner = blocks.to_vec();
    if node.kind.is_block() {
        inner.push(id.clone());
    }
    for child in &node.children {
        collect(child, &id, file, &inner, index, errors);
    }
    let entry = Entry { node, file: file.to_owned(), blocks: blocks.to_vec() };
    if let Some(previous) = index.insert(id.clone(), entry) {
        errors.push(format!("{file}: id {id:?} is used twice (also in {})", previous.file));
    }
}

fn check_references(
    id: &str,
    e: &Entry,
    index: &HashMap<String, Entry>,
    header: &FormHeader,
    errors: &mut Vec<String>,
) {
    let file = &e.file;
    let kind_of = |target: &str| index.get(target).map(|t| &t.node.kind);
    let list_exists = |list: &str, errors: &mut Vec<String>| {
        if !header.lists.contains_key(list) {
            errors.push(format!("{file}: item {id:?} refers to the unknown option list {list:?}"));
        }
    };
    let is_repeat = |target: &str| matches!(kind_of(target), Some(Kind::Repeat { .. }));
    match &e.node.kind {
        Kind::Choice { list } | Kind::Multi { list } => list_exists(list, errors),
        Kind::Ref { to } if !is_repeat(to) => {
            errors.push(format!("{file}: reference {id:?} points into {to:?}, which is not a Repeat"));
        }
        Kind::PerBlock { of } if !is_repeat(of) => {
            errors.push(format!("{file}: block {id:?} is PerBlock of {of:?}, which is not a Repeat"));
        }
        Kind::Derived(Derivation::Copy { item } | Derivation::List { item })
            if !kind_of(item).is_some_and(Kind::holds_value) =>
        {
            errors.push(format!("{file}: derived item {id:?} refers to {item:?}, which holds no value"));
        }
        Kind::Derived(Derivation::Count { repeat }) if !is_repeat(repeat) => {
            errors.push(format!("{file}: derived count {id:?} refers to {repeat:?}, which is not a Repeat"));
        }
        _ => {}
    }
    let Some(when) = &e.node.disabled_when else { return };
    let Some(target) = index.get(&when.item) else {
        errors.push(format!("{file}: node {id:?} depends on the unknown item {:?}", when.item));
        return;
    };
    let valid = match &target.node.kind {
        Kind::Flag => when.is == "true",
        Kind::Choice { list } | Kind::Multi { list } => {
            header.lists.get(list).is_some_and(|opts| opts.iter().any(|o| o.label() == Some(when.is.as_str())))
        }
        _ => false,
    };
    if !valid {
        errors.push(format!(
            "{file}: node {id:?} depends on {:?} being {:?}, which that item can never be",
            when.item, when.is
        ));
    }
    if !e.blocks.starts_with(&target.blocks) {
        errors.push(format!("{file}: node {id:?} depends on {:?}, which lies in a block it is not part of", when.item));
    }
}

#[cfg(test)]
mod tests {
    use super::validate;

    const HEADER: &str = r#"FormHeader(key: "t", version: "テスト", title: "t", sections: ["a.ron"],
        lists: { "yn": [Opt("する"), Opt("しない")] })"#;

    fn check(section: &str) -> Result<Vec<String>, Vec<String>> {
        validate(HEADER, &[("a.ron".to_owned(), section.to_owned())])
    }

    fn errors(section: &str) -> String {
        check(section).expect_err("the schema should be refused").join("\n")
    }

    #[test]
    fn a_valid_schema_gives_its_full_ids() {
        let ids = check(
            r#"Node(id: "s", label: "節", guidance: "節の説明", children: [
            Node(id: "q", label: "問", kind: Choice(list: "yn"), guidance: "選ぶ"),
            Node(id: "t", label: "文", kind: Text(max: 10), guidance: "書く",
                disabled_when: Some(When(item: "s.q", is: "しない"))),
        ])"#,
        )
        .unwrap();
        assert_eq!(ids, ["s", "s.q", "s.t"]);
    }

    #[test]
    fn duplicate_ids_empty_labels_and_missing_guidance_are_refused() {
        let e = errors(
            r#"Node(id: "s", label: "節", guidance: "節の説明", children: [
            Node(id: "q", label: "", kind: Text(max: 5), guidance: "x"),
            Node(id: "q", label: "問", kind: Text(max: 5)),
        ])"#,
        );
        assert!(e.contains("\"s.q\" is used twice"), "{e}");
        assert!(e.contains("empty label"), "{e}");
        assert!(e.contains("has no guidance"), "{e}");
    }

    #[test]
    fn a_page_without_guidance_is_refused() {
        let e = errors(
            r#"Node(id: "s", label: "節", children: [
            Node(id: "p", label: "毎", kind: PerBlock(of: "s.r"), guidance: "x", children: [
                Node(id: "g", number: "2.", label: "部", children: [
                    Node(id: "x", label: "x", kind: Flag, guidance: "x"),
                ]),
            ]),
            Node(id: "r", label: "繰", kind: Repeat(noun: "繰", min: 0), guidance: "x", children: [
                Node(id: "y", label: "y", kind: Flag, guidance: "x"),
            ]),
        ])"#,
        );
        assert!(e.contains("page \"s\" (節) has no guidance"), "{e}");
        assert!(e.contains("page \"s.p.g\" (部) has no guidance"), "{e}");
    }

    #[test]
    fn broken_references_are_refused() {
        let e = errors(
            r#"Node(id: "s", label: "節", guidance: "節の説明", children: [
            Node(id: "c", label: "選", kind: Choice(list: "nope"), guidance: "x"),
            Node(id: "d", label: "派", kind: Derived(Count(repeat: "s.c")), guidance: "x"),
            Node(id: "t", label: "文", kind: Text(max: 5), guidance: "x",
                disabled_when: Some(When(item: "s.c", is: "多分"))),
            Node(id: "p", label: "毎", kind: PerBlock(of: "s.t"), guidance: "x", children: [
                Node(id: "x", label: "x", kind: Flag, guidance: "x"),
            ]),
        ])"#,
        );
        for want in ["unknown option list \"nope\"", "is not a Repeat", "can never be", "PerBlock of \"s.t\""] {
            assert!(e.contains(want), "missing {want:?} in\n{e}");
        }
    }

    #[test]
    fn a_syntax_error_names_the_file_and_position() {
        let e = errors(r#"Node(id: "s", label: "節" children: [])"#);
        assert!(e.starts_with("a.ron:1:"), "{e}");
    }
}
