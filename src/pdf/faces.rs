//! The two bundled fonts as krilla draws them: a line of text is drawn run by run, each run
//! with the font that has its characters (the main font, or the 外字 fallback).
//!
//! Runs are shaped here with rustybuzz (the shaper krilla itself uses), with the face and its
//! shape plans read once per export: krilla's `draw_text` reads the face again for every run,
//! which for a CJK font took half of a long export's time.

use crate::chars::Face;
use crate::chars::measure::Metrics;
use krilla::geom::Point;
use krilla::surface::Surface;
use krilla::text::{Font, GlyphId, KrillaGlyph};
use rustybuzz::{Direction, Language, Script, ShapePlan, UnicodeBuffer};
use std::cell::{OnceCell, RefCell};
use std::collections::HashMap;

pub struct Faces {
    main: Shaper,
    /// Read on the first character only the 外字 font has: it is ten times the main font's
    /// size, and most assessments never need it.
    fallback: OnceCell<Option<Shaper>>,
    /// Widths as measured when the lines were broken.
    m: Metrics,
}

/// What a shape plan depends on, as rustybuzz guesses it from a run's characters.
type PlanKey = (Direction, Script, Option<Language>);

/// One font for krilla, with its shaping face and the plans made so far (one per script and
/// direction a run had).
struct Shaper {
    font: Font,
    face: rustybuzz::Face<'static>,
    plans: RefCell<HashMap<PlanKey, ShapePlan>>,
}

impl Shaper {
    fn new(face: Face) -> Option<Shaper> {
        Some(Shaper {
            font: Font::new(face.data().into(), 0)?,
            face: rustybuzz::Face::from_slice(face.data(), 0)?,
            plans: RefCell::default(),
        })
    }

    /// The glyphs of `text` as krilla's own `draw_text` shapes them (advances and offsets in
    /// em units, each glyph with the byte range of the characters it shows, so that text
    /// extraction gives back exactly the characters typed).
    fn shape(&self, text: &str) -> Vec<KrillaGlyph> {
        let mut buffer = UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.guess_segment_properties();
        let key = (buffer.direction(), buffer.script(), buffer.language());
        let mut plans = self.plans.borrow_mut();
        let plan = plans
            .entry(key.clone())
            .or_insert_with(|| ShapePlan::new(&self.face, key.0, Some(key.1), key.2.as_ref(), &[]));
        let out = rustybuzz::shape_with_plan(&self.face, plan, buffer);
        let em = self.font.units_per_em();
        let infos = out.glyph_infos();
        let forward = !matches!(key.0, Direction::RightToLeft | Direction::BottomToTop);
        (0..out.len())
            .map(|i| {
                let (info, pos) = (infos[i], out.glyph_positions()[i]);
                let start = info.cluster as usize;
                // A cluster's characters end where the next cluster in text order starts.
                let next = match forward {
                    true => infos[i..].iter().find(|g| g.cluster != info.cluster),
                    false => infos[..i].iter().rev().find(|g| g.cluster != info.cluster),
                };
                let end = next.map_or(text.len(), |g| g.cluster as usize);
                KrillaGlyph::new(
                    GlyphId::new(info.glyph_id),
                    pos.x_advance as f32 / em,
                    pos.x_offset as f32 / em,
                    pos.y_offset as f32 / em,
                    pos.y_advance as f32 / em,
                    start..end,
                    None,
                )
            })
            .collect()
    }
}

impl Faces {
    pub fn new() -> Option<Faces> {
        Some(Faces { main: Shaper::new(Face::Main)?, fallback: OnceCell::new(), m: Metrics::new() })
    }

    /// Draws a printable line (see [`Metrics::printable`]) with its baseline starting at (x, y).
    /// Each run starts where the previous one ends as measured, so the line is as wide as it
    /// was when it was broken.
    pub fn draw(&self, s: &mut Surface, x: f32, y: f32, size: f32, text: &str) {
        let m = &self.m;
        let mut at = x;
        for (face, range) in m.runs(text) {
            let run = &text[range];
            let shaper = match face {
                Face::Fallback => self.fallback.get_or_init(|| Shaper::new(Face::Fallback)).as_ref(),
                Face::Main => Some(&self.main),
            };
            // The bundled fonts always parse (chars::fonts tests it); were one not to, its run
            // would be left blank rather than drawn in the wrong font.
            if let Some(shaper) = shaper {
                let glyphs = shaper.shape(run);
                s.draw_glyphs(Point::from_xy(at, y), &glyphs, shaper.font.clone(), run, size, false);
            }
            at += m.width(run, size);
        }
    }
}
