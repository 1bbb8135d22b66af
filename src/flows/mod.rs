//! The 業務全体図 as data (別添1): actors (本人, 部署, システム, データセンター, 委託先 …), data
//! flows between them (medium, direction, file), and the 委託 chain (委託元 → 委託先 → 再委託先).
//! They are ordinary repeated blocks of the schema (`annex1.diagram.*`); this module reads them
//! as a graph, keeps the Ⅱ-4/Ⅱ-5 answers that follow from them in step (`derive`), removes a
//! contractor with its chain (`remove`), and lays the diagram out (`layout`) for the GUI and PDF.

pub mod derive;
pub mod layout;
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
    /// The medium's option wording; for 「その他」 the detail is in `detail`.
    pub medium: String,
    pub detail: String,
    pub two_way: bool,
}

impl Flow {
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
                medium: choice(&flows_list, id, ids::ANNEX1_DIAGRAM_FLOW_MEDIUM),
                detail: text(&flows_list, id, ids::ANNEX1_DIAGRAM_FLOW_OTHER),
                two_way: choice(&flows_list, id, ids::ANNEX1_DIAGRAM_FLOW_DIRECTION) == "双方向",
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
            })
            .collect();
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
