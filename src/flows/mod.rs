//! The 業務全体図 as data (別添1): actors (本人, 部署, システム, データセンター, 委託先 …), data
//! flows between them (medium, direction, file), and the 委託 chain (委託元 → 委託先 → 再委託先).
//! They are ordinary repeated blocks of the schema (`annex1.diagram.*`); this module reads them
//! as a graph, keeps the Ⅱ-4/Ⅱ-5 answers that follow from them in step (`derive`), removes a
//! contractor with its chain (`remove`), and lays the diagram out (`layout`) for the GUI and PDF.

pub mod derive;
pub mod layout;
pub mod picture;
pub mod remove;

use crate::doc::{Assessment, Path};
use crate::form::ids;

/// What an actor is; decides where it stands in the diagram.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum ActorKind {
    Person,
    Department,
    OtherDepartment,
    System,
    DataCentre,
    Contractor,
    Subcontractor,
    SubSubcontractor,
    Recipient,
    OtherBody,
    Network,
}

impl ActorKind {
    pub const ALL: [ActorKind; 11] = [
        ActorKind::Person,
        ActorKind::Department,
        ActorKind::OtherDepartment,
        ActorKind::System,
        ActorKind::DataCentre,
        ActorKind::Contractor,
        ActorKind::Subcontractor,
        ActorKind::SubSubcontractor,
        ActorKind::Recipient,
        ActorKind::OtherBody,
        ActorKind::Network,
    ];

    /// The option wording in the schema's `actor_kind` list.
    pub fn label(self) -> &'static str {
        match self {
            ActorKind::Person => "本人",
            ActorKind::Department => "担当部署",
            ActorKind::OtherDepartment => "他部署",
            ActorKind::System => "システム",
            ActorKind::DataCentre => "データセンター・クラウド",
            ActorKind::Contractor => "委託先",
            ActorKind::Subcontractor => "再委託先",
            ActorKind::SubSubcontractor => "再々委託先",
            ActorKind::Recipient => "提供先・移転先",
            ActorKind::OtherBody => "他機関",
            ActorKind::Network => "住基ネット・情報提供ネットワークシステム",
        }
    }

    pub fn from_label(s: &str) -> Option<ActorKind> {
        ActorKind::ALL.into_iter().find(|k| k.label() == s)
    }

    /// 委託先, 再委託先 or 再々委託先: someone working under contract.
    pub fn is_contractor(self) -> bool {
        matches!(self, ActorKind::Contractor | ActorKind::Subcontractor | ActorKind::SubSubcontractor)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Actor {
    pub id: String,
    pub name: String,
    pub kind: Option<ActorKind>,
}

/// One data flow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Flow {
    pub id: String,
    pub step: String,
    pub from: String,
    pub to: String,
    pub file: String,
    /// The 委託事項 a flow to a contractor serves (empty: not said).
    pub task: String,
    /// The medium's option wording; for 「その他」 the detail is in `detail`.
    pub medium: String,
    pub detail: String,
    pub two_way: bool,
    /// The figure it is drawn in (「図1 本庁」); empty: the one 業務全体図.
    pub figure: String,
}

/// Circled numbers ①–㊿, as published 業務全体図 number their steps.
const CIRCLED: [char; 50] = [
    '①', '②', '③', '④', '⑤', '⑥', '⑦', '⑧', '⑨', '⑩', '⑪', '⑫', '⑬', '⑭', '⑮', '⑯', '⑰', '⑱', '⑲', '⑳', '㉑', '㉒',
    '㉓', '㉔', '㉕', '㉖', '㉗', '㉘', '㉙', '㉚', '㉛', '㉜', '㉝', '㉞', '㉟', '㊱', '㊲', '㊳', '㊴', '㊵', '㊶',
    '㊷', '㊸', '㊹', '㊺', '㊻', '㊼', '㊽', '㊾', '㊿',
];

/// The number a circled digit stands for (「⑫」 → 12).
pub fn circled_value(c: char) -> Option<u32> {
    CIRCLED.iter().position(|&x| x == c).map(|i| i as u32 + 1)
}

impl Flow {
    /// The mark of this flow on the diagram and in the 手順 list: its 番号 as a circled number
    /// when it is one from 1 to 50 (「3」 → ③), the 番号 as written otherwise (「2-1」), and
    /// `position` (1-based) circled when no 番号 was given.
    pub fn mark(&self, position: usize) -> String {
        let step = self.step.trim();
        let as_number = if step.is_empty() { Some(position) } else { step.parse::<usize>().ok() };
        match as_number.filter(|n| (1..=50).contains(n)) {
            Some(n) => CIRCLED[n - 1].to_string(),
            None if step.is_empty() => position.to_string(),
            None => step.to_owned(),
        }
    }

    /// The medium as printed on the diagram (「その他」 shows its detail).
    pub fn medium_label(&self) -> String {
        if self.medium == "その他" && !self.detail.is_empty() { self.detail.clone() } else { self.medium.clone() }
    }
}

/// One link of a 委託 chain.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub id: String,
    pub task: String,
    pub from: String,
    pub to: String,
    /// The figure it is drawn in; empty: the one 業務全体図.
    pub figure: String,
}

/// The diagram's data, read from the document.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Graph {
    pub actors: Vec<Actor>,
    pub flows: Vec<Flow>,
    pub links: Vec<Link>,
}

impl Graph {
    pub fn read(doc: &Assessment) -> Graph {
        let text = |list: &Path, id: &str, item: &str| doc.text(&list.child(id, item)).to_owned();
        let choice = |list: &Path, id: &str, item: &str| doc.choice(&list.child(id, item)).to_owned();
        let actors_list = Path::top(ids::ANNEX1_DIAGRAM_ACTOR);
        let actors = doc
            .instances(&actors_list)
            .iter()
            .map(|id| Actor {
                id: id.clone(),
                name: text(&actors_list, id, ids::ANNEX1_DIAGRAM_ACTOR_NAME),
                kind: ActorKind::from_label(&choice(&actors_list, id, ids::ANNEX1_DIAGRAM_ACTOR_KIND)),
            })
            .collect();
        let flows_list = Path::top(ids::ANNEX1_DIAGRAM_FLOW);
        let flows = doc
            .instances(&flows_list)
            .iter()
            .map(|id| Flow {
                id: id.clone(),
                step: text(&flows_list, id, ids::ANNEX1_DIAGRAM_FLOW_STEP),
                from: choice(&flows_list, id, ids::ANNEX1_DIAGRAM_FLOW_FROM),
                to: choice(&flows_list, id, ids::ANNEX1_DIAGRAM_FLOW_TO),
                file: choice(&flows_list, id, ids::ANNEX1_DIAGRAM_FLOW_FILE),
                task: choice(&flows_list, id, ids::ANNEX1_DIAGRAM_FLOW_TASK),
                medium: choice(&flows_list, id, ids::ANNEX1_DIAGRAM_FLOW_MEDIUM),
                detail: text(&flows_list, id, ids::ANNEX1_DIAGRAM_FLOW_OTHER),
                two_way: choice(&flows_list, id, ids::ANNEX1_DIAGRAM_FLOW_DIRECTION) == "双方向",
                figure: text(&flows_list, id, ids::ANNEX1_DIAGRAM_FLOW_FIGURE).trim().to_owned(),
            })
            .collect();
        let links_list = Path::top(ids::ANNEX1_DIAGRAM_LINK);
        let links = doc
            .instances(&links_list)
            .iter()
            .map(|id| Link {
                id: id.clone(),
                task: choice(&links_list, id, ids::ANNEX1_DIAGRAM_LINK_TASK),
                from: choice(&links_list, id, ids::ANNEX1_DIAGRAM_LINK_FROM),
                to: choice(&links_list, id, ids::ANNEX1_DIAGRAM_LINK_TO),
                figure: text(&links_list, id, ids::ANNEX1_DIAGRAM_LINK_FIGURE).trim().to_owned(),
            })
            .collect();
        Graph { actors, flows, links }
    }

    /// The figures the diagram is split into, in the order first named; the lines with no
    /// figure name make a figure of their own, first (its name is empty). One empty name when
    /// nothing is split.
    pub fn figures(&self) -> Vec<String> {
        let names = self.flows.iter().map(|f| &f.figure).chain(self.links.iter().map(|l| &l.figure));
        let mut out: Vec<String> = Vec::new();
        for name in names {
            if !out.contains(name) {
                out.push(name.clone());
            }
        }
        // The unnamed lines first, as the overall figure.
        out.sort_by_key(|n| !n.is_empty());
        if out.is_empty() {
            out.push(String::new());
        }
        out
    }

    /// The part of the diagram drawn in figure `name`: its flows and links and the actors they
    /// connect. With one figure, the whole graph, actors with no line included.
    pub fn figure(&self, name: &str) -> Graph {
        if self.figures().len() == 1 {
            return self.clone();
        }
        let flows: Vec<Flow> = self.flows.iter().filter(|f| f.figure == name).cloned().collect();
        let links: Vec<Link> = self.links.iter().filter(|l| l.figure == name).cloned().collect();
        let used = |id: &str| {
            flows.iter().any(|f| f.from == id || f.to == id) || links.iter().any(|l| l.from == id || l.to == id)
        };
        let actors = self.actors.iter().filter(|a| used(&a.id)).cloned().collect();
        Graph { actors, flows, links }
    }

    pub fn actor(&self, id: &str) -> Option<&Actor> {
        self.actors.iter().find(|a| a.id == id)
    }

    pub fn kind_of(&self, id: &str) -> Option<ActorKind> {
        self.actor(id).and_then(|a| a.kind)
    }

    /// Whether a link hands work on from a contractor (a 再委託 or deeper), not from the body.
    pub fn is_subcontract(&self, link: &Link) -> bool {
        self.kind_of(&link.from).is_some_and(ActorKind::is_contractor)
    }
}

#[cfg(test)]
mod tests;
