//! The serde shape of the RON file. Kept apart from the document model so the file format can
//! stay stable (and readable) while the model evolves.

use serde::de::{MapAccess, Visitor};
use serde::ser::SerializeMap;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename = "Assessment", deny_unknown_fields)]
pub struct FileR {
    pub format: u32,
    pub form: String,
    pub values: Fields,
    /// 事前点検 findings marked 確認済み (format 2).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub acknowledged: Vec<AcknowledgedR>,
    /// 質問事項 and their answers (format 2).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub questions: Vec<QuestionR>,
    /// 対策計画 (format 2).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub actions: Vec<ActionR>,
    /// The records of the procedure's stages, from which Ⅵ is filled (format 3).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stages: Vec<StageR>,
}

/// One stage of the procedure as taken: `Stage(id: "s-…", stage: "第三者点検", start:
/// Some("2026-07-03"), meetings: [("2026-07-03", "（第1回）")], method: "…", outcome: "…",
/// version: Some(3))` (optional fields in `Some(…)`, as everywhere in this format).
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename = "Stage", deny_unknown_fields)]
pub struct StageR {
    pub id: String,
    /// 事前点検, 市民意見聴取, 第三者点検, 審議会報告, 公表 or 見直し.
    pub stage: String,
    /// `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
    /// Each meeting's date (`YYYY-MM-DD`) and note.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub meetings: Vec<(String, String)>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub method: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub outcome: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub reflection: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub shortened: String,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub no_opinion: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
}

/// One planned measure: `Action(id: "p-…", item: "iii.file[f-a].use.r1.sufficiency", issue: "…",
/// measure: "…", responsible: "…", due: "2027-03-31", progress: "実施中")`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename = "Action", deny_unknown_fields)]
pub struct ActionR {
    pub id: String,
    pub item: String,
    pub issue: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub measure: String,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub responsible: String,
    /// `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub due: Option<String>,
    /// 未着手, 実施中 or 完了.
    pub progress: String,
}

/// One 質問事項: `Question(id: "q-…", number: "1", item: "ii.file[f-a].name", asker: "…",
/// question: Text("…"), answer: Text("…"), status: "回答済")`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename = "Question", deny_unknown_fields)]
pub struct QuestionR {
    pub id: String,
    pub number: String,
    /// The item path, block ids in brackets.
    pub item: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<u32>,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub asker: String,
    /// `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asked_on: Option<String>,
    /// `Text(…)` or `Marked([…])`.
    pub question: Field,
    pub answer: Field,
    /// 未回答, 回答済, 反映済 or 対応不要.
    pub status: String,
}

/// Only the format of a file, read before anything else so that a newer file is called newer
/// (not malformed) whatever fields it has gained.
#[derive(Debug, Deserialize)]
#[serde(rename = "Assessment")]
pub struct FormatProbe {
    pub format: u32,
}

/// One 確認済み mark: `Acknowledged(finding: "W04-…", reason: "…", on: "2026-12-01")`.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename = "Acknowledged", deny_unknown_fields)]
pub struct AcknowledgedR {
    pub finding: String,
    pub reason: String,
    /// `YYYY-MM-DD`.
    pub on: String,
}

/// A map whose order is kept as written (serde maps into a BTreeMap would sort the keys).
#[derive(Debug, Default, Clone)]
pub struct Fields(pub Vec<(String, Field)>);

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Field {
    Text(String),
    /// Text with passages withheld from the published edition.
    Marked(Vec<Span>),
    Choice(String),
    Multi(Vec<PickR>),
    /// `YYYY-MM-DD`.
    Date(String),
    /// Dates with their notes, `[("YYYY-MM-DD", "（予定）")]` (format 2): where a date carries
    /// words or the item holds several.
    Dates(Vec<(String, String)>),
    Count(u64),
    Flag(bool),
    /// A PNG or JPEG picture, base64 (RFC 4648, standard alphabet).
    Image(String),
    /// The whole item is withheld from the published edition.
    Withheld(Box<Field>),
    Blocks(Vec<BlockR>),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum Span {
    Open(String),
    Withheld(String),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub enum PickR {
    Pick(String),
    /// An option with its text: `Detail("その他", "…")`.
    Detail(String, String),
}

#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(rename = "Block", deny_unknown_fields)]
pub struct BlockR {
    pub id: String,
    pub values: Fields,
}

impl Serialize for Fields {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in &self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

impl<'de> Deserialize<'de> for Fields {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Fields;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a map of item ids to values")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Fields, A::Error> {
                let mut out = Vec::new();
                while let Some(entry) = map.next_entry::<String, Field>()? {
                    out.push(entry);
                }
                Ok(Fields(out))
            }
        }
        d.deserialize_map(V)
    }
}
