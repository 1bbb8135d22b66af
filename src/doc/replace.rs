//! 検索と置換: every text answer holding a phrase, and what it becomes with the phrase replaced.
//! Withheld passages stay withheld: the phrase is replaced inside each passage on its own, so a
//! replacement never moves text across the 非公開 boundary.

use super::{Assessment, Entry, Path, Text, Value};

/// One answer the replacement changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Replacement {
    pub path: Path,
    /// How many times the phrase stands in it.
    pub count: usize,
    /// The answer after the replacement (same 非公開 marks).
    pub entry: Entry,
    /// A line of the answer around the first hit, before and after (for the preview).
    pub before: String,
    pub after: String,
}

/// Up to this many characters either side of a hit in the preview.
const AROUND: usize = 15;

fn around(text: &str, at: usize, len: usize) -> String {
    let start = text[..at].char_indices().rev().nth(AROUND - 1).map_or(0, |(i, _)| i);
    let end = text[at + len..].char_indices().nth(AROUND).map_or(text.len(), |(i, _)| at + len + i);
    let mut s = text[start..end].replace('\n', " ");
    if start > 0 {
        s.insert(0, '…');
    }
    if end < text.len() {
        s.push('…');
    }
    s
}

impl Assessment {
    /// Every text answer in which `find` stands (exactly, case and width as typed), with `find`
    /// replaced by `with` everywhere in it, in path order. An empty `find` replaces nothing.
    pub fn plan_replace(&self, find: &str, with: &str) -> Vec<Replacement> {
        if find.is_empty() {
            return Vec::new();
        }
        let mut out = Vec::new();
        for (path, entry) in self.values() {
            let Value::Text(t) = &entry.value else { continue };
            let segments: Vec<(String, bool)> =
                t.segments().iter().map(|s| (s.text.replace(find, with), s.withheld)).collect();
            let count = t.segments().iter().map(|s| s.text.matches(find).count()).sum::<usize>();
            if count == 0 {
                continue;
            }
            let new = Text::from_segments(segments.iter().map(|(s, w)| (s.as_str(), *w)));
            let at = t.as_str().find(find).unwrap_or(0);
            let new_at = new.as_str().find(with).unwrap_or(0);
            out.push(Replacement {
                path: path.clone(),
                count,
                before: around(t.as_str(), at, find.len()),
                after: around(new.as_str(), new_at, with.len()),
                entry: Entry { value: Value::Text(new), withheld: entry.withheld },
            });
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use crate::doc::{Assessment, Entry, Path, Text, Value};
    use crate::form::{current, ids};

    #[test]
    fn a_phrase_is_replaced_in_every_answer_and_withheld_passages_stay_withheld() {
        let mut doc = Assessment::new(current());
        doc.set(Path::top(ids::I_TASK_NAME), Some(Entry::text("保育所入所に関する事務"))).unwrap();
        let content =
            Text::from_segments([("保育所の入所申込書は", false), ("保育所B棟の書庫", true), ("で保管する。", false)]);
        let (f, edits) = doc.plan_add_block(&Path::top(ids::II_FILE)).unwrap();
        doc.apply(edits).unwrap();
        let place = Path::new(ids::II_FILE_STORAGE_PLACE, &[&f]);
        doc.set(place.clone(), Some(Entry::new(Value::Text(content)))).unwrap();
        let plan = doc.plan_replace("保育所", "保育園");
        assert_eq!(plan.len(), 2);
        let content = plan.iter().find(|r| r.path == place).unwrap();
        assert_eq!(content.count, 2);
        let Value::Text(t) = &content.entry.value else { panic!() };
        assert_eq!(t.as_str(), "保育園の入所申込書は保育園B棟の書庫で保管する。");
        let withheld: Vec<&str> = t.segments().into_iter().filter(|s| s.withheld).map(|s| s.text).collect();
        assert_eq!(withheld, ["保育園B棟の書庫"], "the passage is still withheld, with its new words");
        assert!(content.before.contains("保育所") && content.after.contains("保育園"));
        assert!(doc.plan_replace("", "x").is_empty());
        assert!(doc.plan_replace("幼稚園", "x").is_empty());
    }
}
