//! Item paths: which item, in which block instances.
//!
//! Rendered as `ii.file[f-teate].outsourcing.task[t-hoshu].content`: the item's full id with the
//! id of each enclosing block instance after the block's segment. This is the key of a value in
//! the SQLite file and in error messages.

use crate::form::{Form, NodeIx};
use std::fmt;

/// One value's place: an item id and the instance ids of its enclosing blocks, outer first.
/// For a block list (the instances of a Repeat), `item` is the Repeat's id and `blocks` the
/// instances enclosing that Repeat.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Path {
    pub item: String,
    pub blocks: Vec<String>,
}

impl Path {
    pub fn new(item: &str, blocks: &[&str]) -> Path {
        Path { item: item.to_owned(), blocks: blocks.iter().map(|b| (*b).to_owned()).collect() }
    }

    /// A top-level item or list (no enclosing block).
    pub fn top(item: &str) -> Path {
        Path { item: item.to_owned(), blocks: Vec::new() }
    }

    /// The path of `item` inside the same block instances as `self` (as far as `item` is nested).
    pub fn sibling(&self, form: &Form, item: &str) -> Path {
        let depth = form.find(item).map(|ix| form.node(ix).blocks.len()).unwrap_or(0);
        Path { item: item.to_owned(), blocks: self.blocks.iter().take(depth).cloned().collect() }
    }

    /// The path of the child `item` of this block instance: `self` is a list, `id` one instance.
    pub fn child(&self, id: &str, item: &str) -> Path {
        let mut blocks = self.blocks.clone();
        blocks.push(id.to_owned());
        Path { item: item.to_owned(), blocks }
    }

    /// Renders with instance ids after each block segment.
    /// An item the form does not know is rendered as far as its known enclosing list goes
    /// (`ii.file[f-a].use.methd`).
    pub fn render(&self, form: &Form) -> String {
        if let Some(ix) = form.find(&self.item) {
            return render_with(form, ix, &self.blocks);
        }
        let mut cut = self.item.len();
        while let Some(dot) = self.item[..cut].rfind('.') {
            cut = dot;
            let Some(ix) = form.find(&self.item[..cut]) else { continue };
            let node = form.node(ix);
            // The known part must take every block the path names: an item inside them, or the
            // list of the innermost one.
            let takes = node.blocks.len() + usize::from(node.kind.is_block());
            if takes == self.blocks.len() {
                return format!("{}{}", render_with(form, ix, &self.blocks), &self.item[cut..]);
            }
            break;
        }
        self.to_string()
    }

    /// Parses a rendered path (the form is not needed: brackets mark the instances).
    pub fn parse(s: &str) -> Option<Path> {
        let mut item = String::with_capacity(s.len());
        let mut blocks = Vec::new();
        let mut rest = s;
        while let Some(open) = rest.find('[') {
            item.push_str(&rest[..open]);
            let close = rest[open..].find(']')? + open;
            let id = &rest[open + 1..close];
            if id.is_empty() {
                return None;
            }
            blocks.push(id.to_owned());
            rest = &rest[close + 1..];
        }
        item.push_str(rest);
        if item.is_empty() || item.contains(']') {
            return None;
        }
        Some(Path { item, blocks })
    }
}

/// Whether a block id is well-formed: ASCII letters, digits, '-' and '_'.
pub fn is_valid_block_id(id: &str) -> bool {
    !id.is_empty() && id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn render_with(form: &Form, ix: NodeIx, blocks: &[String]) -> String {
    let node = form.node(ix);
    let mut out = node.id.clone();
    // A path to one instance of a block (`…task[t-hoshu]`) names it after the block's own id.
    if node.kind.is_block()
        && let Some(id) = blocks.get(node.blocks.len())
    {
        out.push_str(&format!("[{id}]"));
    }
    // Insert from the innermost block outwards so earlier byte offsets stay valid.
    for (depth, &b) in node.blocks.iter().enumerate().rev() {
        if let Some(id) = blocks.get(depth) {
            let at = form.node(b).id.len();
            out.insert_str(at, &format!("[{id}]"));
        }
    }
    out
}

/// Unrendered form for debugging and for paths whose item is unknown.
impl fmt::Display for Path {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.item)?;
        for b in &self.blocks {
            write!(f, "[{b}]")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::form::{current, ids};

    #[test]
    fn renders_and_parses_nested_block_paths() {
        let form = current();
        let p = Path::new(ids::II_FILE_OUTSOURCING_TASK_CONTENT, &["f-teate", "t-hoshu"]);
        let s = p.render(form);
        assert_eq!(s, "ii.file[f-teate].outsourcing.task[t-hoshu].content");
        assert_eq!(Path::parse(&s), Some(p));
        let block = Path::new(ids::II_FILE_OUTSOURCING_TASK, &["f-teate", "t-hoshu"]);
        assert_eq!(block.render(form), "ii.file[f-teate].outsourcing.task[t-hoshu]");
        assert_eq!(Path::parse(&block.render(form)), Some(block));
    }

    #[test]
    fn malformed_paths_are_rejected() {
        for bad in ["", "a[", "a[]", "a]b", "[x]"] {
            assert_eq!(Path::parse(bad), None, "{bad}");
        }
    }
}
