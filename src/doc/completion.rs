//! Which required items are still empty: walks the schema over the document's block instances,
//! skipping what a governing answer switches off (「委託しない」 etc.).

use super::{Assessment, Path, Value};
use crate::form::{Kind, NodeIx};

/// Filled and required counts below a node, and the paths still missing.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Completion {
    pub filled: usize,
    pub required: usize,
    /// Required items with no value, and block lists with fewer blocks than the form asks for.
    pub missing: Vec<Path>,
}

impl Completion {
    pub fn is_complete(&self) -> bool {
        self.missing.is_empty()
    }
}

impl Assessment {
    /// Completion of the whole assessment.
    pub fn completion(&self) -> Completion {
        let mut c = Completion::default();
        for &s in &self.form().sections {
            self.walk_completion(s, &[], &mut c);
        }
        c
    }

    /// Completion below one node in the given block instances.
    pub fn completion_of(&self, ix: NodeIx, blocks: &[String]) -> Completion {
        let mut c = Completion::default();
        self.walk_completion(ix, blocks, &mut c);
        c
    }

    /// Whether the stored value counts as an answer (blank text and no picks do not).
    pub fn is_filled(&self, path: &Path) -> bool {
        match self.get(path).map(|e| &e.value) {
            None => false,
            Some(Value::Text(t)) => !t.as_str().trim().is_empty(),
            Some(Value::Multi(p)) => !p.is_empty(),
            Some(_) => true,
        }
    }

    fn walk_completion(&self, ix: NodeIx, blocks: &[String], c: &mut Completion) {
        let form = self.form();
        let node = form.node(ix);
        if self.is_disabled(ix, blocks) {
            return;
        }
        let path = Path { item: node.id.clone(), blocks: blocks.to_vec() };
        match &node.kind {
            Kind::Group => {
                for &child in &node.children {
                    self.walk_completion(child, blocks, c);
                }
            }
            Kind::Repeat { .. } | Kind::PerBlock { .. } => {
                let ids = self.instances(&path).to_vec();
                if let Kind::Repeat { min, .. } = node.kind
                    && ids.len() < min as usize
                {
                    c.required += 1;
                    c.missing.push(path.clone());
                }
                for id in ids {
                    let mut inner = blocks.to_vec();
                    inner.push(id);
                    for &child in &node.children {
                        self.walk_completion(child, &inner, c);
                    }
                }
            }
            Kind::Derived(_) => {}
            _ if node.required => {
                c.required += 1;
                match self.is_filled(&path) {
                    true => c.filled += 1,
                    false => c.missing.push(path),
                }
            }
            _ => {}
        }
    }
}
