//! The bundled Japanese font (BIZ UDPGothic, SIL OFL 1.1 — see `assets/fonts/OFL.txt`) as the
//! primary font, so no kana or kanji ever renders as a box, on any Windows PC; then IPAmj明朝
//! (IPA Font License v1.0) for the 外字 it lacks (U+20BB7 and the like), the same fallback the
//! PDF uses (`crate::chars::fonts`).
//!
//! A character neither has is asked of the system (eframe's `system_fonts` feature, on by
//! default, and `NativeOptions::system_font_fallback`, set in `gui::run`): on Windows it finds an
//! installed font through DirectWrite's own fallback (Yu Gothic, Meiryo …), loaded only when such
//! a character first appears, so the window shows it rather than a box. The PDF cannot print it
//! and the checker still says so. Tests (kittest) have no system fonts, so they draw the same on
//! every machine.

use crate::chars::fonts::{FALLBACK_FONT, MAIN_FONT};
use egui::{FontData, FontDefinitions, FontFamily};
use std::sync::Arc;

pub fn install(ctx: &egui::Context) {
    ctx.set_fonts(definitions());
}

/// egui's own fonts with ours in front: the main font first, the 外字 fallback right after it
/// (egui picks, per character, the first font of the family that has it).
pub fn definitions() -> FontDefinitions {
    let mut fonts = FontDefinitions::default();
    // Unhinted: hinting snaps BIZ UDPGothic's 「_」 (0.4 px thick at 16 px, at the very bottom
    // of the line) to nothing, so 「s_点検用.pdf」 read 「s 点検用.pdf」. Unhinted, it is drawn.
    let tweak = egui::FontTweak { hinting: Some(false), ..Default::default() };
    fonts.font_data.insert("biz-udp-gothic".into(), Arc::new(FontData::from_static(MAIN_FONT).tweak(tweak)));
    fonts.font_data.insert("ipamj-mincho".into(), Arc::new(FontData::from_static(FALLBACK_FONT)));
    for family in [FontFamily::Proportional, FontFamily::Monospace] {
        let list = fonts.families.entry(family).or_default();
        list.insert(0, "biz-udp-gothic".into());
        list.insert(1, "ipamj-mincho".into());
    }
    fonts
}

/// A light look with larger text than egui's default: the users are office staff used to Word,
/// many of whom find small text hard to read.
pub fn style(ctx: &egui::Context) {
    use egui::{FontId, TextStyle};
    ctx.set_theme(egui::Theme::Light);
    ctx.all_styles_mut(|style| {
        style.text_styles = [
            (TextStyle::Small, FontId::proportional(13.0)),
            (TextStyle::Body, FontId::proportional(16.0)),
            (TextStyle::Button, FontId::proportional(16.0)),
            (TextStyle::Heading, FontId::proportional(22.0)),
            (TextStyle::Monospace, FontId::monospace(15.0)),
        ]
        .into();
        style.spacing.item_spacing = egui::vec2(8.0, 6.0);
        // Fields a 職員 can see before typing: white with a grey frame, as in Word's forms (the
        // default light theme draws an empty field almost as its background).
        style.visuals.text_edit_bg_color = Some(egui::Color32::WHITE);
        style.visuals.widgets.inactive.bg_stroke = egui::Stroke::new(1.0, egui::Color32::from_gray(150));
        style.spacing.button_padding = egui::vec2(8.0, 4.0);
    });
}
