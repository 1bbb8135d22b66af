//! The 業務全体図 as a picture (PNG), for the Excel workbook, which cannot hold the PDF's vector
//! drawing: the same [`Diagram`] the PDF and the window draw, written as SVG and rasterised by
//! resvg with the bundled fonts only (no system font is read, so the picture is the same on
//! every PC).

use super::Graph;
use super::layout::{Diagram, LABEL_SIZE, LEGEND_H, NAME_SIZE, box_colour, layout};
use crate::chars::fonts::{FALLBACK_FONT, MAIN_FONT};
use crate::chars::measure::Metrics;
use resvg::{tiny_skia, usvg};
use std::fmt::Write as _;
use std::sync::{Arc, LazyLock};

/// Pixels per point of the picture: 2 gives about 144 dpi at the size it is printed.
const SCALE: f32 = 2.0;

/// The PNG of `graph`'s 業務全体図 (white background, legend included). The error is a short
/// English reason for the log of a fault of ours (an empty or oversized picture).
pub fn png(graph: &Graph) -> Result<Vec<u8>, String> {
    let d = layout(graph, &Metrics::new());
    let svg = svg(&d);
    let tree = usvg::Tree::from_str(&svg, &OPTIONS).map_err(|e| e.to_string())?;
    let size = tree.size().to_int_size().scale_by(SCALE).ok_or("the diagram is empty")?;
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height()).ok_or("the diagram is too large")?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(&tree, tiny_skia::Transform::from_scale(SCALE, SCALE), &mut pixmap.as_mut());
    pixmap.encode_png().map_err(|e| e.to_string())
}

/// resvg's options with the two bundled fonts, loaded once.
static OPTIONS: LazyLock<usvg::Options<'static>> = LazyLock::new(|| {
    let mut db = usvg::fontdb::Database::new();
    db.load_font_data(MAIN_FONT.to_vec());
    db.load_font_data(FALLBACK_FONT.to_vec());
    let family = |data: &[u8]| {
        let mut one = usvg::fontdb::Database::new();
        one.load_font_data(data.to_vec());
        one.faces().next().and_then(|f| f.families.first().map(|(name, _)| name.clone())).unwrap_or_default()
    };
    let families = format!("'{}', '{}'", family(MAIN_FONT), family(FALLBACK_FONT));
    usvg::Options {
        fontdb: Arc::new(db),
        font_family: family(MAIN_FONT),
        style_sheet: Some(format!("text {{ font-family: {families}; }}")),
        ..usvg::Options::default()
    }
});

fn colour(c: [u8; 3]) -> String {
    format!("#{:02x}{:02x}{:02x}", c[0], c[1], c[2])
}

fn escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

fn text(out: &mut String, x: f32, y: f32, size: f32, t: &str) {
    let _ = write!(out, r##"<text x="{x:.1}" y="{y:.1}" font-size="{size}" fill="#000">{}</text>"##, escape(t));
}

fn dash_attr(dash: &[f32]) -> String {
    match dash.is_empty() {
        true => String::new(),
        false => format!(r#" stroke-dasharray="{}""#, dash.iter().map(|d| d.to_string()).collect::<Vec<_>>().join(" ")),
    }
}

fn arrowhead(out: &mut String, tip: (f32, f32), from: (f32, f32), c: [u8; 3]) {
    let (dx, dy) = (tip.0 - from.0, tip.1 - from.1);
    let len = (dx * dx + dy * dy).sqrt().max(0.001);
    let (ux, uy) = (dx / len, dy / len);
    let (l, w) = (7.0, 3.2);
    let _ = write!(
        out,
        r#"<path d="M{:.1} {:.1} L{:.1} {:.1} L{:.1} {:.1} Z" fill="{}"/>"#,
        tip.0,
        tip.1,
        tip.0 - ux * l - uy * w,
        tip.1 - uy * l + ux * w,
        tip.0 - ux * l + uy * w,
        tip.1 - uy * l - ux * w,
        colour(c)
    );
}

/// The SVG of a laid-out diagram, drawn as `pdf::diagram::draw` draws it.
pub fn svg(d: &Diagram) -> String {
    let m = Metrics::new();
    let (w, h) = (d.width, d.height + LEGEND_H);
    let mut out = format!(
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{w:.0}" height="{h:.0}" viewBox="0 0 {w:.1} {h:.1}">"#
    );
    if let Some(b) = d.band {
        let _ = write!(
            out,
            r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="#fffaf6" stroke="#be9682" stroke-width="0.8" stroke-dasharray="4 3"/>"##,
            b.x, b.y, b.w, b.h
        );
    }
    for e in &d.edges {
        let (c, width, dash) = e.style.pen();
        let points: Vec<String> = e.points.iter().map(|p| format!("{:.1},{:.1}", p.0, p.1)).collect();
        let _ = write!(
            out,
            r#"<polyline points="{}" fill="none" stroke="{}" stroke-width="{width}"{}/>"#,
            points.join(" "),
            colour(c),
            dash_attr(dash)
        );
        let n = e.points.len();
        if n >= 2 {
            if e.arrow_end {
                arrowhead(&mut out, e.points[n - 1], e.points[n - 2], c);
            }
            if e.arrow_start {
                arrowhead(&mut out, e.points[0], e.points[1], c);
            }
        }
    }
    if let Some(b) = d.band {
        text(&mut out, b.x + 6.0, b.y + b.h - 5.0, NAME_SIZE, "委託先・再委託先");
    }
    for e in &d.edges {
        let r = e.label_rect;
        let _ = write!(
            out,
            r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="#fff"/>"##,
            r.x, r.y, r.w, r.h
        );
        text(&mut out, r.x + 2.0, r.y + r.h - 2.6, LABEL_SIZE, &e.label);
    }
    for n in &d.nodes {
        let r = n.rect;
        let _ = write!(
            out,
            r##"<rect x="{:.1}" y="{:.1}" width="{:.1}" height="{:.1}" fill="{}" stroke="#3c3c3c" stroke-width="0.8"/>"##,
            r.x,
            r.y,
            r.w,
            r.h,
            colour(box_colour(n.kind))
        );
        let line_h = NAME_SIZE * 1.35;
        let top = r.y + (r.h - n.lines.len() as f32 * line_h) / 2.0;
        for (i, l) in n.lines.iter().enumerate() {
            let w = m.width(l, NAME_SIZE);
            text(&mut out, r.x + (r.w - w) / 2.0, top + (i as f32 + 1.0) * line_h - 3.0, NAME_SIZE, l);
        }
    }
    let ly = d.height + LEGEND_H / 2.0;
    let mut lx = 14.0;
    text(&mut out, lx, ly + 3.0, LABEL_SIZE, "凡例");
    lx += 26.0;
    for &style in &d.legend {
        let (c, width, dash) = style.pen();
        let _ = write!(
            out,
            r#"<line x1="{lx:.1}" y1="{ly:.1}" x2="{:.1}" y2="{ly:.1}" stroke="{}" stroke-width="{width}"{}/>"#,
            lx + 28.0,
            colour(c),
            dash_attr(dash)
        );
        let label = style.label();
        text(&mut out, lx + 32.0, ly + 3.0, LABEL_SIZE, label);
        lx += 32.0 + m.width(label, LABEL_SIZE) + 16.0;
    }
    out.push_str("</svg>");
    out
}
