//! The live 業務全体図 on the 別添1 page, drawn with egui's painter from the same layout as the
//! PDF. A click on a box or a line selects that actor, flow or 委託 link; its block below is
//! highlighted and brought into view for editing.

use crate::flows::layout::box_colour;
use crate::flows::layout::{Diagram, Edge, LABEL_SIZE, LEGEND_H, NAME_SIZE};
use egui::{Color32, FontId, Pos2, Sense, Shape, Stroke, Ui, pos2, vec2};

fn colour(c: [u8; 3]) -> Color32 {
    Color32::from_rgb(c[0], c[1], c[2])
}

fn arrowhead(tip: Pos2, from: Pos2, c: Color32, scale: f32) -> Shape {
    let d = (tip - from).normalized();
    let n = vec2(-d.y, d.x);
    let (l, w) = (7.0 * scale, 3.2 * scale);
    Shape::convex_polygon(vec![tip, tip - d * l + n * w, tip - d * l - n * w], c, Stroke::NONE)
}

fn line(painter: &egui::Painter, e: &Edge, to_screen: &impl Fn((f32, f32)) -> Pos2, scale: f32, highlight: bool) {
    let (c, width, dash) = e.style.pen();
    let c = colour(c);
    let stroke = Stroke::new((width * scale).max(1.0) + if highlight { 2.0 } else { 0.0 }, c);
    let points: Vec<Pos2> = e.points.iter().map(|p| to_screen(*p)).collect();
    if dash.is_empty() {
        painter.add(Shape::line(points.clone(), stroke));
    } else {
        painter.extend(Shape::dashed_line(&points, stroke, dash[0] * scale, dash[1] * scale));
    }
    let n = points.len();
    if n >= 2 {
        if e.arrow_end {
            painter.add(arrowhead(points[n - 1], points[n - 2], c, scale));
        }
        if e.arrow_start {
            painter.add(arrowhead(points[0], points[1], c, scale));
        }
    }
}

/// How the diagram is looked at: `zoom` 1.0 fits it to its area; `pan` moves it (diagram units).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View {
    pub zoom: f32,
    pub pan: egui::Vec2,
}

impl Default for View {
    fn default() -> Self {
        View { zoom: 1.0, pan: egui::Vec2::ZERO }
    }
}

/// The largest enlargement offered (small labels become readable long before).
pub const MAX_ZOOM: f32 = 6.0;

impl View {
    pub fn zoom_by(&mut self, factor: f32) {
        self.zoom = (self.zoom * factor).clamp(1.0, MAX_ZOOM);
    }
}

/// Draws the diagram in an area as wide as available and at most `max_height` high, enlarged
/// and moved as `view` says (drag to move, Ctrl + wheel or pinch to enlarge); returns the
/// actor/flow/link id clicked.
pub fn canvas(ui: &mut Ui, d: &Diagram, selected: Option<&str>, max_height: f32, view: &mut View) -> Option<String> {
    let width = ui.available_width().max(200.0);
    let fit = (width / d.width).min(max_height.max(120.0) / (d.height + LEGEND_H)).min(1.25);
    let size = vec2(width, (d.height + LEGEND_H) * fit);
    let (response, painter) = ui.allocate_painter(size, Sense::click_and_drag());
    let painter = painter.with_clip_rect(response.rect);
    if response.hovered() {
        let factor = ui.input(|i| i.zoom_delta());
        if factor != 1.0 {
            view.zoom_by(factor);
        }
    }
    let scale = fit * view.zoom;
    if response.dragged() {
        view.pan += response.drag_delta() / scale;
    }
    // Keep some of the diagram in sight whatever the drag.
    let (content_w, content_h) = (d.width, d.height + LEGEND_H);
    let (seen_w, seen_h) = (size.x / scale, size.y / scale);
    view.pan.x = view.pan.x.clamp((seen_w - content_w).min(0.0), 0.0);
    view.pan.y = view.pan.y.clamp((seen_h - content_h).min(0.0), 0.0);
    let origin = response.rect.min + view.pan * scale;
    let to_screen = |(x, y): (f32, f32)| pos2(origin.x + x * scale, origin.y + y * scale);
    let text_colour = Color32::BLACK;
    painter.rect_filled(response.rect, 4.0, Color32::WHITE);
    if let Some(b) = d.band {
        let r = egui::Rect::from_min_max(to_screen((b.x, b.y)), to_screen((b.x + b.w, b.y + b.h)));
        painter.rect_filled(r, 0.0, Color32::from_rgb(255, 250, 246));
        painter.text(
            to_screen((b.x + 6.0, b.y + b.h - 5.0)),
            egui::Align2::LEFT_BOTTOM,
            "委託先・再委託先",
            FontId::proportional(NAME_SIZE * scale),
            text_colour,
        );
    }
    for e in &d.edges {
        line(&painter, e, &to_screen, scale, selected == Some(e.id.as_str()));
    }
    for e in &d.edges {
        let r = e.label_rect;
        let rect = egui::Rect::from_min_max(to_screen((r.x, r.y)), to_screen((r.x + r.w, r.y + r.h)));
        painter.rect_filled(rect, 0.0, Color32::WHITE);
        painter.text(
            rect.left_center() + vec2(2.0 * scale, 0.0),
            egui::Align2::LEFT_CENTER,
            &e.label,
            FontId::proportional(LABEL_SIZE * scale),
            text_colour,
        );
    }
    for n in &d.nodes {
        let r = n.rect;
        let rect = egui::Rect::from_min_max(to_screen((r.x, r.y)), to_screen((r.x + r.w, r.y + r.h)));
        let chosen = selected == Some(n.actor.as_str());
        painter.rect_filled(rect, 2.0, colour(box_colour(n.kind)));
        let stroke = if chosen {
            Stroke::new(3.0, Color32::from_rgb(20, 90, 200))
        } else {
            Stroke::new(1.0, Color32::from_gray(60))
        };
        painter.rect_stroke(rect, 2.0, stroke, egui::StrokeKind::Inside);
        let line_h = NAME_SIZE * 1.35 * scale;
        let top = rect.center().y - n.lines.len() as f32 * line_h / 2.0;
        for (i, l) in n.lines.iter().enumerate() {
            painter.text(
                pos2(rect.center().x, top + (i as f32 + 0.5) * line_h),
                egui::Align2::CENTER_CENTER,
                l,
                FontId::proportional(NAME_SIZE * scale),
                text_colour,
            );
        }
    }
    // Legend: the media used.
    let mut x = 14.0;
    let y = d.height + LEGEND_H / 2.0;
    painter.text(
        to_screen((x, y)),
        egui::Align2::LEFT_CENTER,
        "凡例",
        FontId::proportional(LABEL_SIZE * scale),
        text_colour,
    );
    x += 26.0;
    for &style in &d.legend {
        let sample = Edge {
            id: String::new(),
            style,
            points: vec![(x, y), (x + 28.0, y)],
            label: String::new(),
            label_rect: crate::flows::layout::Rect { x: 0.0, y: 0.0, w: 0.0, h: 0.0 },
            arrow_end: false,
            arrow_start: false,
        };
        line(&painter, &sample, &to_screen, scale, false);
        let g = painter.text(
            to_screen((x + 32.0, y)),
            egui::Align2::LEFT_CENTER,
            style.label(),
            FontId::proportional(LABEL_SIZE * scale),
            text_colour,
        );
        x += 32.0 + g.width() / scale + 16.0;
    }
    let clicked = response.clicked().then(|| response.interact_pointer_pos()).flatten()?;
    if !response.rect.contains(clicked) {
        return None;
    }
    let p = ((clicked.x - origin.x) / scale, (clicked.y - origin.y) / scale);
    d.hit(p).map(str::to_owned)
}
