//! The types of the form schema (`assets/form/`).
//!
//! This file is compiled twice: by `build.rs` (which validates the schema and generates the item
//! id constants) and by the program (which walks the schema to draw, print, check and compare).
//! Keep it free of dependencies other than serde.

use serde::Deserialize;
use std::collections::BTreeMap;

/// `assets/form/<version>/form.ron`: the header of one 様式 version.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FormHeader {
    /// Stable key stored in every assessment written on this 様式 (e.g. `h30-05-4`).
    pub key: String,
    /// The version stamp printed on the cover (「平成30年5月 様式4」).
    pub version: String,
    /// 「特定個人情報保護評価書（全項目評価書）」.
    pub title: String,
    /// The section files, in the order of the official 様式.
    pub sections: Vec<String>,
    /// Named option lists, shared by every choice item that says "choice as …".
    pub lists: BTreeMap<String, Vec<OptionDef>>,
}

/// One entry of an option list.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub enum OptionDef {
    /// A plain option, printed with its official wording.
    Opt(String),
    /// An option that carries a free-text detail when picked (「その他（　　）」).
    WithText(String),
    /// A heading inside a long multi-flag list (「識別情報」); not selectable.
    Heading(String),
}

impl OptionDef {
    /// The wording of a selectable option; `None` for headings.
    pub fn label(&self) -> Option<&str> {
        match self {
            OptionDef::Opt(s) | OptionDef::WithText(s) => Some(s),
            OptionDef::Heading(_) => None,
        }
    }

    pub fn takes_text(&self) -> bool {
        matches!(self, OptionDef::WithText(_))
    }
}

/// A node of the form tree: a section, a heading, a repeated block or an item with a value.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Node {
    /// Local id; the full id is the dotted path of local ids from the section down.
    pub id: String,
    /// Official number as printed: 「Ⅱ」, 「4.」, 「⑧」, 「リスク1」. Empty when the 様式 has none.
    #[serde(default)]
    pub number: String,
    /// Official label as printed, without the number.
    pub label: String,
    #[serde(default)]
    pub kind: Kind,
    /// Items are required unless marked optional (headings and blocks ignore this).
    #[serde(default)]
    pub optional: bool,
    /// What to write here, in our own words, summarising the 記載要領.
    #[serde(default)]
    pub guidance: String,
    /// May be withheld (非公開) from the published edition (規則第13条: security-sensitive detail).
    #[serde(default)]
    pub withholdable: bool,
    /// A change here is a 重要な変更 (指針 第6の2, 別表; printed with ※ in the 様式).
    #[serde(default)]
    pub significant: bool,
    /// A Date item that holds several dates (Ⅵ 3.① 実施日 of a 第三者点検 held over several
    /// meetings). Other date items hold one; any date may carry a note (「（予定）」).
    #[serde(default)]
    pub several: bool,
    /// The node and everything below it does not apply while this condition holds.
    #[serde(default)]
    pub disabled_when: Option<When>,
    #[serde(default)]
    pub children: Vec<Node>,
}

/// What a node holds.
#[derive(Debug, Clone, Default, Deserialize, PartialEq, Eq)]
pub enum Kind {
    /// A heading that only groups its children.
    #[default]
    Group,
    /// A block repeated ×N (システム, 特定個人情報ファイル, 委託事項…); each instance has a stable id.
    Repeat {
        /// What one instance is called (「システム」 gives 「システム1」, 「システム2」).
        noun: String,
        /// The fewest instances a complete assessment has.
        min: u32,
        /// Printed as one table with a column per item and a row per instance (別添3 変更箇所).
        #[serde(default)]
        table: bool,
    },
    /// One instance for each instance of another repeat, sharing its ids (Ⅲ per file of Ⅱ).
    PerBlock { of: String },
    /// One line of text.
    Text { max: u32 },
    /// Free text over several lines.
    LongText { max: u32 },
    /// One option of a named list.
    Choice { list: String },
    /// Any options of a named list, some with a text detail.
    Multi { list: String },
    /// A calendar date, printed in 和暦.
    Date,
    /// A whole number.
    Count,
    /// A check box such as 「委託しない」.
    Flag,
    /// The id of one instance of the Repeat `to` (a data flow's 送り手 names an actor). Stored as
    /// a Choice of that id; a reference left dangling is reported by the 事前点検.
    Ref { to: String },
    /// A picture (PNG or JPEG) kept inside the assessment file (a hand-drawn 業務全体図).
    Image,
    /// Computed from other items, never typed (so it can never disagree with them).
    Derived(Derivation),
}

impl Kind {
    /// Whether the node stores a value of its own.
    pub fn holds_value(&self) -> bool {
        !matches!(self, Kind::Group | Kind::Repeat { .. } | Kind::PerBlock { .. } | Kind::Derived(_))
    }

    /// Whether the node contains instances (its children are per instance).
    pub fn is_block(&self) -> bool {
        matches!(self, Kind::Repeat { .. } | Kind::PerBlock { .. })
    }
}

/// How a derived item is computed.
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub enum Derivation {
    /// The value of `item` in the same block instance (Ⅲ1 file name = Ⅱ1 file name).
    Copy { item: String },
    /// The values of `item` over every instance of its block, in order (Ⅰ3 file list).
    List { item: String },
    /// The number of instances of `repeat` (Ⅱ4 「(n)件」).
    Count { repeat: String },
}

/// A condition on another item of the same block instance (or of no block).
#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
pub struct When {
    /// Full id of a Choice, Multi or Flag item.
    pub item: String,
    /// The option wording that must be picked (for a Flag: `"true"`).
    pub is: String,
}
