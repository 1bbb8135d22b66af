//! Widgets shared by the pages of records kept beside the form (質問事項, 対策計画).

use egui::{RichText, Ui};

/// A labelled text field over `buf`, the text being typed into one field of a record. While the
/// field is not being typed in, it follows what the file holds (`current`: changed by undo or an
/// import). Returns whether the user changed it this frame.
pub(super) fn field(
    ui: &mut Ui,
    buf: &mut String,
    salt: impl std::hash::Hash + std::fmt::Debug,
    label: &str,
    current: &str,
    long: bool,
    enabled: bool,
) -> bool {
    let name = ui.label(RichText::new(label).small());
    let edit = match long {
        true => egui::TextEdit::multiline(buf).desired_rows(2),
        false => egui::TextEdit::singleline(buf),
    };
    let r = ui.add_enabled(enabled, edit.id_salt(salt).desired_width(f32::INFINITY)).labelled_by(name.id);
    if !r.has_focus() && !r.changed() && buf != current {
        *buf = current.to_owned();
    }
    r.changed()
}

/// A labelled drop-down of `options` (a status, a progress); returns the one picked (or `current`).
pub(super) fn pick<T: Copy + PartialEq>(
    ui: &mut Ui,
    label: &str,
    salt: impl std::hash::Hash + std::fmt::Debug,
    current: T,
    options: &[T],
    name: fn(T) -> &'static str,
) -> T {
    let mut value = current;
    let label = ui.label(label);
    egui::ComboBox::from_id_salt(salt)
        .selected_text(name(value))
        .show_ui(ui, |ui| {
            for &o in options {
                ui.selectable_value(&mut value, o, name(o));
            }
        })
        .response
        .labelled_by(label.id);
    value
}
