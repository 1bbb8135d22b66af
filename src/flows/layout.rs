//! The 業務全体図 laid out in points, drawn the same by the GUI (egui painter) and the PDF
//! (krilla). The layers come from the actors' kinds, as reviewers read such diagrams: 本人 on the
//! left, then the departments, the systems, the data centre and networks, and the recipients on
//! the right; contractors hang below the department in a band, each 再委託先 under the one that
//! hands it the work. Within a layer, actors are ordered by the position of their neighbours
//! (two barycentre sweeps, as in Sugiyama's method) so flows cross little. A flow that would cut
//! through another box goes around it, and every label is placed where it covers no box and no
//! other label.
//!
//! General layered-layout crates exist (layout-rs, rust-sugiyama), but here the layers are fixed
//! by the kinds, so what is left is ordering and label placement: simpler to own than to bend a
//! general layout to this convention.

use super::{ActorKind, Graph};
use crate::chars::measure::{Metrics, break_lines};

/// Text size of the actors' names and of the edge labels, in points.
pub const NAME_SIZE: f32 = 8.5;
pub const LABEL_SIZE: f32 = 7.0;
/// Height of the legend row under the diagram.
pub const LEGEND_H: f32 = 22.0;
const BOX_W: f32 = 108.0;
const PAD: f32 = 5.0;
const LINE: f32 = NAME_SIZE * 1.35;
const COL_GAP: f32 = 64.0;
const ROW_GAP: f32 = 30.0;
const BAND_GAP: f32 = 56.0;
const MARGIN: f32 = 14.0;

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Rect {
    pub x: f32,
    pub y: f32,
    pub w: f32,
    pub h: f32,
}

impl Rect {
    pub fn overlaps(&self, o: &Rect) -> bool {
        self.x < o.x + o.w && o.x < self.x + self.w && self.y < o.y + o.h && o.y < self.y + self.h
    }

    pub fn contains(&self, (px, py): (f32, f32)) -> bool {
        px >= self.x && px <= self.x + self.w && py >= self.y && py <= self.y + self.h
    }

    fn centre(&self) -> (f32, f32) {
        (self.x + self.w / 2.0, self.y + self.h / 2.0)
    }

    fn grown(&self, by: f32) -> Rect {
        Rect { x: self.x - by, y: self.y - by, w: self.w + 2.0 * by, h: self.h + 2.0 * by }
    }
}

/// How a line is drawn. One style per medium, so the legend lists exactly the media used.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Style {
    LeasedLine,
    Lgwan,
    InternalIntegration,
    InfoExchangeNetwork,
    Email,
    Media,
    FlashMemory,
    Paper,
    Other,
    /// A 委託 link (not a data flow).
    Contract,
}

impl Style {
    pub fn of_medium(medium: &str) -> Style {
        match medium {
            "専用線" => Style::LeasedLine,
            "LGWAN" => Style::Lgwan,
            "庁内連携システム" => Style::InternalIntegration,
            "情報提供ネットワークシステム" => Style::InfoExchangeNetwork,
            "電子メール" => Style::Email,
            "電子記録媒体（フラッシュメモリを除く。）" => Style::Media,
            "フラッシュメモリ" => Style::FlashMemory,
            "紙" => Style::Paper,
            _ => Style::Other,
        }
    }

    /// The legend's wording.
    pub fn label(self) -> &'static str {
        match self {
            Style::LeasedLine => "専用線",
            Style::Lgwan => "LGWAN",
            Style::InternalIntegration => "庁内連携システム",
            Style::InfoExchangeNetwork => "情報提供ネットワークシステム",
            Style::Email => "電子メール",
            Style::Media => "電子記録媒体",
            Style::FlashMemory => "フラッシュメモリ",
            Style::Paper => "紙",
            Style::Other => "その他",
            Style::Contract => "委託関係",
        }
    }

    /// Colour (RGB), width in points and dash pattern (on, off; empty = solid).
    pub fn pen(self) -> ([u8; 3], f32, &'static [f32]) {
        match self {
            Style::LeasedLine => ([20, 60, 160], 2.2, &[]),
            Style::Lgwan => ([0, 130, 140], 1.6, &[]),
            Style::InternalIntegration => ([90, 90, 90], 1.3, &[]),
            Style::InfoExchangeNetwork => ([30, 130, 50], 2.2, &[]),
            Style::Email => ([160, 60, 160], 1.3, &[5.0, 2.5]),
            Style::Media => ([200, 100, 0], 1.5, &[1.5, 2.0]),
            Style::FlashMemory => ([200, 30, 30], 1.5, &[6.0, 2.0, 1.5, 2.0]),
            Style::Paper => ([120, 80, 40], 1.5, &[8.0, 3.0]),
            Style::Other => ([60, 60, 60], 1.0, &[3.0, 3.0]),
            Style::Contract => ([150, 150, 150], 0.8, &[2.0, 2.0]),
        }
    }
}

/// One actor's box.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeBox {
    pub actor: String,
    pub kind: Option<ActorKind>,
    /// The name, broken into lines that fit the box.
    pub lines: Vec<String>,
    pub rect: Rect,
}

/// One line between two boxes: a flow (by id) or a 委託 link (by id).
#[derive(Clone, Debug, PartialEq)]
pub struct Edge {
    pub id: String,
    pub style: Style,
    /// From the sender's border to the receiver's, with a bend around a box in the way.
    pub points: Vec<(f32, f32)>,
    pub label: String,
    pub label_rect: Rect,
    /// Arrowheads: at the receiver always (for a flow), at the sender too when two-way.
    pub arrow_end: bool,
    pub arrow_start: bool,
}

/// The fill of an actor's box, by kind (the PDF, the window and the picture alike).
pub fn box_colour(kind: Option<ActorKind>) -> [u8; 3] {
    match kind {
        Some(ActorKind::Person) => [255, 245, 220],
        Some(ActorKind::Department | ActorKind::OtherDepartment) => [225, 238, 255],
        Some(ActorKind::System) => [230, 245, 230],
        Some(ActorKind::DataCentre) => [240, 230, 250],
        Some(ActorKind::Contractor | ActorKind::Subcontractor | ActorKind::SubSubcontractor) => [255, 235, 225],
        Some(ActorKind::Network) => [225, 245, 245],
        _ => [245, 245, 245],
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Diagram {
    pub width: f32,
    pub height: f32,
    pub nodes: Vec<NodeBox>,
    pub edges: Vec<Edge>,
    /// The styles used, in legend order.
    pub legend: Vec<Style>,
    /// The contractor band (drawn as a light frame titled 「委託先」), if any.
    pub band: Option<Rect>,
}

impl Diagram {
    /// The node or edge under a point (for clicking in the GUI): an actor id or a flow/link id.
    pub fn hit(&self, p: (f32, f32)) -> Option<&str> {
        if let Some(n) = self.nodes.iter().find(|n| n.rect.contains(p)) {
            return Some(&n.actor);
        }
        if let Some(e) = self.edges.iter().find(|e| e.label_rect.grown(2.0).contains(p)) {
            return Some(&e.id);
        }
        self.edges
            .iter()
            .find(|e| e.points.windows(2).any(|w| distance_to_segment(p, w[0], w[1]) < 4.0))
            .map(|e| e.id.as_str())
    }
}

fn distance_to_segment(p: (f32, f32), a: (f32, f32), b: (f32, f32)) -> f32 {
    let (dx, dy) = (b.0 - a.0, b.1 - a.1);
    let len2 = dx * dx + dy * dy;
    let t = if len2 == 0.0 { 0.0 } else { (((p.0 - a.0) * dx + (p.1 - a.1) * dy) / len2).clamp(0.0, 1.0) };
    let (x, y) = (a.0 + t * dx, a.1 + t * dy);
    ((p.0 - x).powi(2) + (p.1 - y).powi(2)).sqrt()
}

/// The main layers, left to right.
fn layer(kind: Option<ActorKind>) -> usize {
    match kind {
        Some(ActorKind::Person) => 0,
        Some(ActorKind::Department | ActorKind::OtherDepartment) => 1,
        Some(ActorKind::System) => 2,
        Some(ActorKind::DataCentre | ActorKind::Network) => 3,
        _ => 4,
    }
}

/// Lays out the diagram of `g`.
pub fn layout(g: &Graph, m: &Metrics) -> Diagram {
    let kind = |id: &str| g.kind_of(id);
    let neighbours = |id: &str| -> Vec<&str> {
        let flows = g.flows.iter().filter_map(|f| match (f.from == id, f.to == id) {
            (true, _) => Some(f.to.as_str()),
            (_, true) => Some(f.from.as_str()),
            _ => None,
        });
        let links = g.links.iter().filter_map(|l| match (l.from == id, l.to == id) {
            (true, _) => Some(l.to.as_str()),
            (_, true) => Some(l.from.as_str()),
            _ => None,
        });
        flows.chain(links).collect()
    };

    // Main layers and the contractor band (a tree under the department).
    let mut layers: Vec<Vec<&str>> = vec![Vec::new(); 5];
    let mut band: Vec<Vec<&str>> = Vec::new();
    for a in &g.actors {
        match a.kind {
            Some(k) if k.is_contractor() => {
                let depth = match k {
                    ActorKind::Contractor => 0,
                    ActorKind::Subcontractor => 1,
                    _ => 2,
                };
                if band.len() <= depth {
                    band.resize(depth + 1, Vec::new());
                }
                band[depth].push(&a.id);
            }
            k => layers[layer(k)].push(&a.id),
        }
    }
    let lines_of = |id: &str| -> Vec<String> {
        let name = g.actor(id).map(|a| a.name.as_str()).unwrap_or("");
        let name = if name.trim().is_empty() { "（名称未記入）" } else { name };
        name_lines(m, &m.printable(name), NAME_SIZE, BOX_W - 2.0 * PAD)
    };
    let height_of = |id: &str| lines_of(id).len().max(1) as f32 * LINE + 2.0 * PAD;

    // Order each layer by the mean position of its neighbours in the layers already placed.
    let mut pos: std::collections::HashMap<&str, f32> = std::collections::HashMap::new();
    for (i, layer) in layers.iter().enumerate() {
        for (j, id) in layer.iter().enumerate() {
            pos.insert(id, (i * 100 + j) as f32 * 0.0 + j as f32);
        }
    }
    for _ in 0..2 {
        for layer in layers.iter_mut() {
            let key = |id: &&str| {
                let ns: Vec<f32> = neighbours(id).iter().filter_map(|n| pos.get(n).copied()).collect();
                if ns.is_empty() {
                    pos.get(id).copied().unwrap_or(0.0)
                } else {
                    ns.iter().sum::<f32>() / ns.len() as f32
                }
            };
            let mut keyed: Vec<(f32, &str)> = layer.iter().map(|id| (key(id), *id)).collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
            *layer = keyed.into_iter().map(|(_, id)| id).collect();
            for (j, id) in layer.iter().enumerate() {
                pos.insert(id, j as f32);
            }
        }
    }

    let mut nodes: Vec<NodeBox> = Vec::new();
    let col_x = |c: usize| MARGIN + c as f32 * (BOX_W + COL_GAP);
    let mut main_bottom: f32 = MARGIN;
    let heights: Vec<f32> = layers
        .iter()
        .map(|l| l.iter().map(|id| height_of(id)).sum::<f32>() + ROW_GAP * l.len().saturating_sub(1) as f32)
        .collect();
    let tallest = heights.iter().copied().fold(0.0, f32::max);
    for (c, layer) in layers.iter().enumerate() {
        // Centre each layer on the tallest one.
        let mut y = MARGIN + 14.0 + (tallest - heights[c]) / 2.0;
        for id in layer {
            let h = height_of(id);
            nodes.push(NodeBox {
                actor: (*id).to_owned(),
                kind: kind(id),
                lines: lines_of(id),
                rect: Rect { x: col_x(c), y, w: BOX_W, h },
            });
            y += h + ROW_GAP;
            main_bottom = main_bottom.max(y - ROW_GAP);
        }
    }
    // The band: first-level contractors in a row from under the department, each one's
    // 再委託先 below it.
    let mut band_rect = None;
    if !band.is_empty() {
        let top = main_bottom + BAND_GAP;
        let mut x_of: std::collections::HashMap<&str, f32> = std::collections::HashMap::new();
        let mut next_x = col_x(1);
        let mut y = top + 18.0;
        // First-level contractors stand under the middle of what they connect to, in that order.
        let centre_x = |id: &str, nodes: &[NodeBox]| -> f32 {
            let xs: Vec<f32> = neighbours(id)
                .iter()
                .filter_map(|n| nodes.iter().find(|b| b.actor == *n))
                .map(|b| b.rect.x + b.rect.w / 2.0)
                .collect();
            if xs.is_empty() { col_x(1) + BOX_W / 2.0 } else { xs.iter().sum::<f32>() / xs.len() as f32 }
        };
        if let Some(first) = band.first_mut() {
            let mut keyed: Vec<(f32, &str)> = first.iter().map(|id| (centre_x(id, &nodes), *id)).collect();
            keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
            *first = keyed.iter().map(|(_, id)| *id).collect();
        }
        for (depth, row) in band.iter().enumerate() {
            let mut row_h: f32 = 0.0;
            for id in row {
                if depth == 0 {
                    next_x = next_x.max(centre_x(id, &nodes) - BOX_W / 2.0);
                }
                // Under the one that hands it the work, half a step to the right (so a line from
                // it upwards passes beside its 委託先, not through it), if that place is free.
                let parent = g.links.iter().find(|l| l.to == *id).and_then(|l| x_of.get(l.from.as_str()).copied());
                let taken =
                    |x: f32| nodes.iter().any(|n| (n.rect.x - x).abs() < BOX_W + 4.0 && (n.rect.y - y).abs() < 1.0);
                let x = match parent.map(|px| px + (BOX_W + COL_GAP / 2.0) / 2.0) {
                    Some(px) if !taken(px) => px,
                    _ => {
                        let mut x = next_x;
                        while taken(x) {
                            x += BOX_W + COL_GAP / 2.0;
                        }
                        x
                    }
                };
                next_x = next_x.max(x + BOX_W + COL_GAP / 2.0);
                x_of.insert(id, x);
                let h = height_of(id);
                nodes.push(NodeBox {
                    actor: (*id).to_owned(),
                    kind: kind(id),
                    lines: lines_of(id),
                    rect: Rect { x, y, w: BOX_W, h },
                });
                row_h = row_h.max(h);
            }
            y += row_h + ROW_GAP + 10.0;
        }
        let right = nodes
            .iter()
            .filter(|n| n.kind.is_some_and(ActorKind::is_contractor))
            .map(|n| n.rect.x + n.rect.w)
            .fold(0.0, f32::max);
        band_rect =
            Some(Rect { x: col_x(1) - 10.0, y: top, w: right - col_x(1) + 20.0, h: y - ROW_GAP - 10.0 - top + 10.0 });
    }

    // Edges: flows, then 委託 links; parallel edges between one pair are spread apart.
    let rect_of = |id: &str| nodes.iter().find(|n| n.actor == id).map(|n| n.rect);
    let mut raw: Vec<(String, Style, Rect, Rect, String, bool, bool)> = Vec::new();
    for (i, f) in g.flows.iter().enumerate() {
        let (Some(a), Some(b)) = (rect_of(&f.from), rect_of(&f.to)) else { continue };
        // A line carries its step mark only (①); what it carries, by what and how often is
        // listed under the diagram by that mark, as published 業務全体図 do, and the medium is
        // its line style in the legend. Short labels never run under boxes or each other.
        let label = f.mark(i + 1);
        raw.push((f.id.clone(), Style::of_medium(&f.medium), a, b, label, true, f.two_way));
    }
    for l in &g.links {
        let (Some(a), Some(b)) = (rect_of(&l.from), rect_of(&l.to)) else { continue };
        let label = if g.is_subcontract(l) { "再委託" } else { "委託" };
        raw.push((l.id.clone(), Style::Contract, a, b, label.to_owned(), true, false));
    }
    let obstacles: Vec<Rect> = nodes.iter().map(|n| n.rect).collect();
    let mut edges: Vec<Edge> = Vec::new();
    let mut placed: Vec<Rect> = obstacles.iter().map(|r| r.grown(1.0)).collect();
    for (i, (id, style, a, b, label, end, start)) in raw.iter().enumerate() {
        let same_pair: Vec<usize> = (0..raw.len())
            .filter(|&j| (raw[j].2 == *a && raw[j].3 == *b) || (raw[j].2 == *b && raw[j].3 == *a))
            .collect();
        let k = same_pair.iter().position(|&j| j == i).unwrap_or(0) as f32;
        let spread = (k - (same_pair.len() as f32 - 1.0) / 2.0) * 9.0;
        let points = route(*a, *b, spread, &obstacles);
        let text = m.printable(label);
        let w = m.width(&text, LABEL_SIZE) + 4.0;
        let h = LABEL_SIZE * 1.4;
        let label_rect = place_label(&points, w, h, &placed);
        placed.push(label_rect);
        edges.push(Edge {
            id: id.clone(),
            style: *style,
            points,
            label: text,
            label_rect,
            arrow_end: *end,
            arrow_start: *start,
        });
    }
    let mut legend: Vec<Style> = edges.iter().map(|e| e.style).collect();
    legend.sort();
    legend.dedup();

    let right = nodes
        .iter()
        .map(|n| n.rect.x + n.rect.w)
        .chain(edges.iter().map(|e| e.label_rect.x + e.label_rect.w))
        .fold(0.0, f32::max);
    let bottom = nodes.iter().map(|n| n.rect.y + n.rect.h).chain(band_rect.map(|b| b.y + b.h)).fold(0.0, f32::max);
    Diagram { width: right + MARGIN, height: bottom + MARGIN, nodes, edges, legend, band: band_rect }
}

/// A box's name in lines that break between words, not inside one: Japanese has no spaces, so
/// a word is a run of one script (漢字, カタカナ, ひらがな, 英数字), with 「・」「、」 ending a run
/// and 「（」 starting one. A run wider than the box is broken by the usual rules.
pub fn name_lines(m: &Metrics, text: &str, size: f32, max: f32) -> Vec<String> {
    use unicode_script::{Script, UnicodeScript};
    let class = |c: char| match c.script() {
        _ if c == 'ー' || c == '・' => 9,
        Script::Han => 1,
        Script::Katakana => 2,
        Script::Hiragana => 3,
        _ if c.is_alphanumeric() => 4,
        _ => 0,
    };
    // Runs: a new run starts at a change of script, after 「・」「、」, and at 「（」.
    let mut runs: Vec<String> = Vec::new();
    let mut prev: Option<char> = None;
    for c in text.chars() {
        let boundary = match prev {
            None => true,
            Some(p) => {
                let (a, b) = (class(p), class(c));
                c == '（' || "・、，,/／".contains(p) || (a != b && a != 9 && b != 9 && a != 0 && b != 0)
            }
        };
        if boundary || runs.is_empty() {
            runs.push(String::new());
        }
        if let Some(last) = runs.last_mut() {
            last.push(c);
        }
        prev = Some(c);
    }
    let mut lines: Vec<String> = Vec::new();
    let mut line = String::new();
    for run in runs {
        if line.is_empty() || m.width(&format!("{line}{run}"), size) <= max {
            line.push_str(&run);
            continue;
        }
        lines.push(std::mem::take(&mut line));
        line = run;
    }
    if !line.is_empty() {
        lines.push(line);
    }
    // A single run wider than the box: broken inside it, by the usual rules.
    lines
        .into_iter()
        .flat_map(|l| match m.width(&l, size) > max {
            true => break_lines(m, &l, size, max).into_iter().map(|r| l[r].to_owned()).collect(),
            false => vec![l],
        })
        .collect()
}

/// Where a line between two boxes meets the border of `r`, heading for `towards`.
fn border_point(r: Rect, towards: (f32, f32)) -> (f32, f32) {
    let (cx, cy) = r.centre();
    let (dx, dy) = (towards.0 - cx, towards.1 - cy);
    if dx == 0.0 && dy == 0.0 {
        return (cx, cy);
    }
    let sx = if dx != 0.0 { (r.w / 2.0) / dx.abs() } else { f32::INFINITY };
    let sy = if dy != 0.0 { (r.h / 2.0) / dy.abs() } else { f32::INFINITY };
    let s = sx.min(sy);
    (cx + dx * s, cy + dy * s)
}

fn segment_hits(a: (f32, f32), b: (f32, f32), r: &Rect) -> bool {
    // Sample the segment: boxes are large next to the step, so this is exact enough.
    (1..40).any(|i| {
        let t = i as f32 / 40.0;
        r.contains((a.0 + (b.0 - a.0) * t, a.1 + (b.1 - a.1) * t))
    })
}

/// A straight line between the boxes (shifted sideways by `spread` for parallel edges), or, if
/// a third box is in the way, a line bent around it.
fn route(a: Rect, b: Rect, spread: f32, obstacles: &[Rect]) -> Vec<(f32, f32)> {
    let (ca, cb) = (a.centre(), b.centre());
    let (dx, dy) = (cb.0 - ca.0, cb.1 - ca.1);
    let len = (dx * dx + dy * dy).sqrt().max(1.0);
    let (nx, ny) = (-dy / len * spread, dx / len * spread);
    let start = border_point(a, (cb.0 + nx, cb.1 + ny));
    let end = border_point(b, (ca.0 + nx, ca.1 + ny));
    let (start, end) = ((start.0 + nx, start.1 + ny), (end.0 + nx, end.1 + ny));
    let others: Vec<&Rect> = obstacles.iter().filter(|r| **r != a && **r != b).collect();
    let Some(block) = others.iter().find(|r| segment_hits(start, end, r)) else { return vec![start, end] };
    // Around the obstacle: over or under it (for a mostly horizontal line), or beside it.
    let g = block.grown(10.0);
    let candidates: Vec<(f32, f32)> = if dx.abs() >= dy.abs() {
        vec![(g.x + g.w / 2.0, g.y), (g.x + g.w / 2.0, g.y + g.h)]
    } else {
        vec![(g.x, g.y + g.h / 2.0), (g.x + g.w, g.y + g.h / 2.0)]
    };
    let clear = |pts: &[(f32, f32)]| !pts.windows(2).any(|w| others.iter().any(|r| segment_hits(w[0], w[1], r)));
    for via in candidates {
        let route = [border_point(a, via), via, border_point(b, via)];
        if clear(&route) {
            return route.to_vec();
        }
    }
    // Along a channel beside the obstacle (its column or row), entering the boxes from the side.
    let channels: Vec<[(f32, f32); 2]> = if dx.abs() >= dy.abs() {
        [g.y, g.y + g.h].iter().map(|&y| [(ca.0, y), (cb.0, y)]).collect()
    } else {
        [g.x, g.x + g.w].iter().map(|&x| [(x, ca.1), (x, cb.1)]).collect()
    };
    for [p, q] in channels {
        let route = [border_point(a, p), p, q, border_point(b, q)];
        if clear(&route) {
            return route.to_vec();
        }
    }
    // Still blocked (boxes on both sides of the way): the shortest clear route along any lane, a
    // row above or below both ends or a column beside them, every 6 pt across the drawing.
    let (top, bottom) = obstacles.iter().fold((f32::MAX, f32::MIN), |(t, b), r| (t.min(r.y), b.max(r.y + r.h)));
    let (left, right) = obstacles.iter().fold((f32::MAX, f32::MIN), |(l, r), o| (l.min(o.x), r.max(o.x + o.w)));
    let outside = |v: f32, lo: f32, len: f32| v < lo - 4.0 || v > lo + len + 4.0;
    let mut best: Option<Vec<(f32, f32)>> = None;
    let consider = |best: &mut Option<Vec<(f32, f32)>>, route: Vec<(f32, f32)>| {
        if clear(&route) && best.as_ref().is_none_or(|b| length(&route) < length(b)) {
            *best = Some(route);
        }
    };
    let steps =
        |from: f32, to: f32| (0..=((to - from + 60.0) / 6.0) as usize).map(move |k| from - 30.0 + k as f32 * 6.0);
    for y in steps(top, bottom).filter(|&y| outside(y, a.y, a.h) && outside(y, b.y, b.h)) {
        let (p, q) = ((ca.0, y), (cb.0, y));
        consider(&mut best, vec![border_point(a, p), p, q, border_point(b, q)]);
    }
    for x in steps(left, right).filter(|&x| outside(x, a.x, a.w) && outside(x, b.x, b.w)) {
        let (p, q) = ((x, ca.1), (x, cb.1));
        consider(&mut best, vec![border_point(a, p), p, q, border_point(b, q)]);
    }
    if best.is_none() {
        // Two lanes: out of the sender to a row, along it to a column, along that to the
        // receiver's row (a wide detour around a crowded middle).
        let coarse = |from: f32, to: f32| {
            (0..=((to - from + 120.0) / 12.0) as usize).map(move |k| from - 60.0 + k as f32 * 12.0)
        };
        for y in coarse(top, bottom).filter(|&y| outside(y, a.y, a.h)) {
            for x in coarse(left, right).filter(|&x| outside(x, b.x, b.w)) {
                let p = (ca.0, y);
                let q = (x, cb.1);
                consider(&mut best, vec![border_point(a, p), p, (x, y), q, border_point(b, q)]);
            }
        }
    }
    best.unwrap_or_else(|| vec![start, end])
}

/// The distance between two points, in pt.
fn distance(a: (f32, f32), b: (f32, f32)) -> f32 {
    ((b.0 - a.0).powi(2) + (b.1 - a.1).powi(2)).sqrt()
}

/// The length of a polyline, in pt.
fn length(points: &[(f32, f32)]) -> f32 {
    points.windows(2).map(|p| distance(p[0], p[1])).sum()
}

/// A place along the line for a label of `w`×`h` that covers no box and no earlier label.
fn place_label(points: &[(f32, f32)], w: f32, h: f32, taken: &[Rect]) -> Rect {
    let total = length(points);
    let at = |t: f32| -> (f32, f32) {
        let mut left = t * total;
        for p in points.windows(2) {
            let seg = distance(p[0], p[1]);
            if left <= seg || seg == 0.0 {
                let u = if seg == 0.0 { 0.0 } else { left / seg };
                return (p[0].0 + (p[1].0 - p[0].0) * u, p[0].1 + (p[1].1 - p[0].1) * u);
            }
            left -= seg;
        }
        *points.last().unwrap_or(&(0.0, 0.0))
    };
    let rect_at = |(x, y): (f32, f32), dy: f32| Rect { x: x - w / 2.0, y: y - h / 2.0 + dy, w, h };
    let mut first = None;
    for t in [0.5, 0.4, 0.6, 0.3, 0.7, 0.22, 0.78, 0.15, 0.85] {
        for dy in [0.0, -h, h, -2.0 * h, 2.0 * h] {
            let r = rect_at(at(t), dy);
            first.get_or_insert(r);
            if !taken.iter().any(|o| o.overlaps(&r)) {
                return r;
            }
        }
    }
    first.unwrap_or(Rect { x: 0.0, y: 0.0, w, h })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(name: &str) -> Graph {
        let text = std::fs::read_to_string(format!("{}/assessments/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap();
        Graph::read(&crate::ron_io::import(&text).unwrap())
    }

    #[test]
    fn the_sample_diagrams_have_no_overlapping_boxes_or_labels() {
        let m = Metrics::new();
        for name in ["midori-jidoteate-r7.ron", "midori-jidoteate-r8.ron", "../tests/defective/kokuho-clean.ron"] {
            let g = sample(name);
            let d = layout(&g, &m);
            assert_eq!(d.nodes.len(), g.actors.len(), "{name}: every actor is drawn");
            assert_eq!(d.edges.len(), g.flows.len() + g.links.len(), "{name}: every flow and link is drawn");
            for (i, a) in d.nodes.iter().enumerate() {
                for b in &d.nodes[i + 1..] {
                    assert!(!a.rect.overlaps(&b.rect), "{name}: {} overlaps {}", a.actor, b.actor);
                }
            }
            for (i, e) in d.edges.iter().enumerate() {
                for n in &d.nodes {
                    assert!(!e.label_rect.overlaps(&n.rect), "{name}: label {:?} covers {}", e.label, n.actor);
                }
                for f in &d.edges[i + 1..] {
                    assert!(
                        !e.label_rect.overlaps(&f.label_rect),
                        "{name}: labels {:?} and {:?} overlap",
                        e.label,
                        f.label
                    );
                }
            }
        }
    }

    #[test]
    fn no_line_runs_through_a_box_it_does_not_join() {
        let m = Metrics::new();
        let mut through = Vec::new();
        // The samples, and a 国民健康保険 diagram written by someone else (16 actors, 再々委託).
        for name in ["midori-jidoteate-r7.ron", "midori-jidoteate-r8.ron", "../tests/defective/kokuho-clean.ron"] {
            let g = sample(name);
            let d = layout(&g, &m);
            for e in &d.edges {
                for n in &d.nodes {
                    let inner = Rect { x: n.rect.x + 2.0, y: n.rect.y + 2.0, w: n.rect.w - 4.0, h: n.rect.h - 4.0 };
                    let ends = [e.points[0], *e.points.last().unwrap()];
                    if ends.iter().any(|p| n.rect.grown(1.0).contains(*p)) {
                        continue;
                    }
                    if e.points.windows(2).any(|w| segment_hits(w[0], w[1], &inner)) {
                        through.push(format!("{name}: {} ({:?}) through {}", e.id, e.label, n.actor));
                    }
                }
            }
        }
        assert!(through.is_empty(), "{}", through.join("\n"));
    }

    #[test]
    fn layers_follow_the_kinds_and_contractors_hang_below() {
        let g = sample("midori-jidoteate-r7.ron");
        let d = layout(&g, &Metrics::new());
        let x = |id: &str| d.nodes.iter().find(|n| n.actor == id).unwrap().rect.x;
        let y = |id: &str| d.nodes.iter().find(|n| n.actor == id).unwrap().rect.y;
        assert!(x("a-honnin") < x("a-kyufu") && x("a-kyufu") < x("a-system") && x("a-system") < x("a-dc"));
        assert!(x("a-dc") < x("a-shichoson"), "提供先 on the right");
        let band = d.band.unwrap();
        assert!(y("a-hoshu") > y("a-system") && band.contains((x("a-hoshu") + 1.0, y("a-hoshu") + 1.0)));
        assert!(y("a-green") > y("a-hoshu"), "the 再委託先 hangs under its 委託先");
        assert!(x("a-green") > x("a-hoshu") && x("a-green") < x("a-hoshu") + BOX_W, "half a step to the right");
    }

    #[test]
    fn the_legend_lists_only_the_media_used() {
        let g = sample("midori-jidoteate-r7.ron");
        let d = layout(&g, &Metrics::new());
        assert!(d.legend.contains(&Style::LeasedLine) && d.legend.contains(&Style::Paper));
        assert!(!d.legend.contains(&Style::FlashMemory) && !d.legend.contains(&Style::Email), "{:?}", d.legend);
    }

    #[test]
    fn a_click_finds_the_box_or_the_line() {
        let g = sample("midori-jidoteate-r7.ron");
        let d = layout(&g, &Metrics::new());
        let n = d.nodes.iter().find(|n| n.actor == "a-system").unwrap();
        assert_eq!(d.hit((n.rect.x + 3.0, n.rect.y + 3.0)), Some("a-system"));
        let e = &d.edges[0];
        let (x, y) = (e.label_rect.x + 1.0, e.label_rect.y + 1.0);
        assert_eq!(d.hit((x, y)), Some(e.id.as_str()));
        assert_eq!(d.hit((-50.0, -50.0)), None);
    }
}
