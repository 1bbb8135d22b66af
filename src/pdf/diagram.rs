//! Draws a laid-out 業務全体図 with krilla, as vectors: boxes per actor kind, lines in the style
//! of their medium with arrowheads, labels on white, the contractor band, and a legend of the
//! media used. The GUI draws the same [`Diagram`] with egui's painter, and `flows::picture`
//! rasterises it for the Excel workbook.

use super::faces::Faces;
use crate::flows::layout::{Diagram, Edge, LABEL_SIZE, LEGEND_H, NAME_SIZE, box_colour};
use krilla::color::rgb;
use krilla::geom::{PathBuilder, Rect, Transform};
use krilla::num::NormalizedF32;
use krilla::paint::{Fill, FillRule, Stroke, StrokeDash};
use krilla::surface::Surface;
use krilla::tagging::{Artifact, ArtifactType, ContentTag, Identifier, SpanTag};

fn fill(c: [u8; 3]) -> Fill {
    Fill { paint: rgb::Color::new(c[0], c[1], c[2]).into(), opacity: NormalizedF32::ONE, rule: FillRule::NonZero }
}

fn stroke(c: [u8; 3], width: f32, dash: &[f32]) -> Stroke {
    Stroke {
        paint: rgb::Color::new(c[0], c[1], c[2]).into(),
        width,
        dash: (!dash.is_empty()).then(|| StrokeDash { array: dash.to_vec(), offset: 0.0 }),
        ..Default::default()
    }
}

fn rect(s: &mut Surface, x: f32, y: f32, w: f32, h: f32) {
    let mut pb = PathBuilder::new();
    if let Some(r) = Rect::from_xywh(x, y, w.max(0.1), h.max(0.1)) {
        pb.push_rect(r);
    }
    if let Some(p) = pb.finish() {
        s.draw_path(&p);
    }
}

fn text(s: &mut Surface, faces: &Faces, x: f32, y: f32, size: f32, t: &str, ids: &mut Vec<Identifier>) {
    s.set_stroke(None);
    s.set_fill(Some(fill([0, 0, 0])));
    let id = s.start_tagged(ContentTag::Span(SpanTag::empty()));
    faces.draw(s, x, y, size, t);
    s.end_tagged();
    ids.push(id);
}

fn arrowhead(s: &mut Surface, tip: (f32, f32), from: (f32, f32), colour: [u8; 3]) {
    let (dx, dy) = (tip.0 - from.0, tip.1 - from.1);
    let len = (dx * dx + dy * dy).sqrt().max(0.001);
    let (ux, uy) = (dx / len, dy / len);
    let (l, w) = (7.0, 3.2);
    let mut pb = PathBuilder::new();
    pb.move_to(tip.0, tip.1);
    pb.line_to(tip.0 - ux * l - uy * w, tip.1 - uy * l + ux * w);
    pb.line_to(tip.0 - ux * l + uy * w, tip.1 - uy * l - ux * w);
    pb.close();
    if let Some(p) = pb.finish() {
        s.set_stroke(None);
        s.set_fill(Some(fill(colour)));
        s.draw_path(&p);
    }
}

fn line(s: &mut Surface, e: &Edge) {
    let (colour, width, dash) = e.style.pen();
    let mut pb = PathBuilder::new();
    for (i, p) in e.points.iter().enumerate() {
        if i == 0 { pb.move_to(p.0, p.1) } else { pb.line_to(p.0, p.1) }
    }
    if let Some(p) = pb.finish() {
        s.set_fill(None);
        s.set_stroke(Some(stroke(colour, width, dash)));
        s.draw_path(&p);
        s.set_stroke(None);
    }
    let n = e.points.len();
    if n >= 2 {
        if e.arrow_end {
            arrowhead(s, e.points[n - 1], e.points[n - 2], colour);
        }
        if e.arrow_start {
            arrowhead(s, e.points[0], e.points[1], colour);
        }
    }
}

/// Draws `d` with its top left at (x, y), scaled; the texts' ids go to `ids` (for the Figure).
pub fn draw(s: &mut Surface, faces: &Faces, d: &Diagram, x: f32, y: f32, scale: f32, ids: &mut Vec<Identifier>) {
    let m = crate::chars::measure::Metrics::new();
    s.push_transform(&Transform::from_row(scale, 0.0, 0.0, scale, x, y));
    s.start_tagged(ContentTag::Artifact(Artifact::with_kind(ArtifactType::Layout)));
    if let Some(b) = d.band {
        s.set_stroke(Some(stroke([190, 150, 130], 0.8, &[4.0, 3.0])));
        s.set_fill(Some(fill([255, 250, 246])));
        rect(s, b.x, b.y, b.w, b.h);
    }
    for e in &d.edges {
        line(s, e);
    }
    s.end_tagged();
    if let Some(b) = d.band {
        text(s, faces, b.x + 6.0, b.y + b.h - 5.0, NAME_SIZE, "委託先・再委託先", ids);
    }
    for e in &d.edges {
        let r = e.label_rect;
        s.start_tagged(ContentTag::Artifact(Artifact::with_kind(ArtifactType::Layout)));
        s.set_stroke(None);
        s.set_fill(Some(fill([255, 255, 255])));
        rect(s, r.x, r.y, r.w, r.h);
        s.end_tagged();
        text(s, faces, r.x + 2.0, r.y + r.h - 2.6, LABEL_SIZE, &e.label, ids);
    }
    for n in &d.nodes {
        let r = n.rect;
        s.start_tagged(ContentTag::Artifact(Artifact::with_kind(ArtifactType::Layout)));
        s.set_fill(Some(fill(box_colour(n.kind))));
        s.set_stroke(Some(stroke([60, 60, 60], 0.8, &[])));
        rect(s, r.x, r.y, r.w, r.h);
        s.set_stroke(None);
        s.end_tagged();
        let line_h = NAME_SIZE * 1.35;
        let top = r.y + (r.h - n.lines.len() as f32 * line_h) / 2.0;
        for (i, l) in n.lines.iter().enumerate() {
            let w = m.width(l, NAME_SIZE);
            text(s, faces, r.x + (r.w - w) / 2.0, top + (i as f32 + 1.0) * line_h - 3.0, NAME_SIZE, l, ids);
        }
    }
    // Legend: one sample line per medium used.
    let ly = d.height + LEGEND_H / 2.0;
    let mut lx = 14.0;
    text(s, faces, lx, ly + 3.0, LABEL_SIZE, "凡例", ids);
    lx += 26.0;
    for &style in &d.legend {
        let (colour, width, dash) = style.pen();
        s.start_tagged(ContentTag::Artifact(Artifact::with_kind(ArtifactType::Layout)));
        let mut pb = PathBuilder::new();
        pb.move_to(lx, ly);
        pb.line_to(lx + 28.0, ly);
        if let Some(p) = pb.finish() {
            s.set_fill(None);
            s.set_stroke(Some(stroke(colour, width, dash)));
            s.draw_path(&p);
            s.set_stroke(None);
        }
        s.end_tagged();
        let label = style.label();
        text(s, faces, lx + 32.0, ly + 3.0, LABEL_SIZE, label, ids);
        lx += 32.0 + m.width(label, LABEL_SIZE) + 16.0;
    }
    s.pop();
}

/// What the Figure says to a screen reader: every flow as 「送り手 → 受け手（媒体）」.
pub fn alt_text(g: &crate::flows::Graph) -> String {
    let name = |id: &str| g.actor(id).map(|a| a.name.clone()).unwrap_or_default();
    let flows: Vec<String> = g
        .flows
        .iter()
        .map(|f| {
            format!("{} {} {}（{}）", name(&f.from), if f.two_way { "⇔" } else { "→" }, name(&f.to), f.medium_label())
        })
        .collect();
    format!("業務全体図。{}", flows.join("。"))
}
