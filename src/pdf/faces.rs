//! The two bundled fonts as krilla draws them: a line of text is drawn run by run, each run
//! with the font that has its characters (the main font, or the 外字 fallback).

use crate::chars::Face;
use crate::chars::measure::Metrics;
use krilla::geom::Point;
use krilla::surface::Surface;
use krilla::text::{Font, TextDirection};

pub struct Faces {
    main: Font,
    fallback: Font,
    /// Widths as measured when the lines were broken.
    m: Metrics,
}

impl Faces {
    pub fn new() -> Option<Faces> {
        let font = |face: Face| Font::new(face.data().into(), 0);
        Some(Faces { main: font(Face::Main)?, fallback: font(Face::Fallback)?, m: Metrics::new() })
    }

    /// Draws a printable line (see [`Metrics::printable`]) with its baseline starting at (x, y).
    /// Each run starts where the previous one ends as measured, so the line is as wide as it
    /// was when it was broken.
    pub fn draw(&self, s: &mut Surface, x: f32, y: f32, size: f32, text: &str) {
        let m = &self.m;
        let mut at = x;
        for (face, range) in m.runs(text) {
            let run = &text[range];
            let font = match face {
                Face::Main => &self.main,
                Face::Fallback => &self.fallback,
            };
            s.draw_text(Point::from_xy(at, y), font.clone(), size, run, false, TextDirection::Auto);
            at += m.width(run, size);
        }
    }
}
