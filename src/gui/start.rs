//! The start screen: 新規作成, 開く, recent files, サンプルを開く, and typing a path when no file
//! dialog can be shown.

use egui::{RichText, Ui};
use std::path::PathBuf;

#[derive(Default)]
pub struct StartForm {
    pub title: String,
    pub body: String,
    pub typed_path: String,
}

/// What the user chose on the start screen.
pub enum StartAction {
    Create { title: String, body: String },
    PickFile,
    Open(PathBuf),
    OpenSample,
}

pub fn show(ui: &mut Ui, form: &mut StartForm, recent: &[PathBuf], dialogs_available: bool) -> Option<StartAction> {
    let mut action = None;
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.add_space(12.0);
        ui.heading(RichText::new("特定個人情報保護評価書（全項目評価書）の作成").size(26.0));
        ui.label("評価書を項目ごとに案内しながら作成します。入力した内容は自動で保存されます。");
        ui.add_space(16.0);

        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(560.0);
            ui.label(RichText::new("新規作成").strong().size(18.0));
            egui::Grid::new("new").num_columns(2).show(ui, |ui| {
                let l = ui.label("評価書名");
                ui.add(egui::TextEdit::singleline(&mut form.title).hint_text("例：児童手当に関する事務 全項目評価書").desired_width(360.0))
                    .labelled_by(l.id);
                ui.end_row();
                let l = ui.label("評価実施機関名");
                ui.add(egui::TextEdit::singleline(&mut form.body).hint_text("例：みどり市長").desired_width(360.0)).labelled_by(l.id);
                ui.end_row();
            });
            let ready = !form.title.trim().is_empty();
            if ui.add_enabled(ready, egui::Button::new("作成して保存先を選ぶ…")).clicked() {
                action = Some(StartAction::Create { title: form.title.trim().to_owned(), body: form.body.trim().to_owned() });
            }
        });
        ui.add_space(10.0);

        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.set_width(560.0);
            ui.label(RichText::new("開く").strong().size(18.0));
            ui.horizontal(|ui| {
                if ui.add_enabled(dialogs_available, egui::Button::new("評価書ファイルを開く…")).clicked() {
                    action = Some(StartAction::PickFile);
                }
                if ui.button("サンプルを開く").on_hover_text("みどり市 児童手当の記入例のコピーを開きます（元のサンプルは変わりません）").clicked() {
                    action = Some(StartAction::OpenSample);
                }
            });
            if !dialogs_available {
                ui.label(
                    RichText::new("このパソコンではファイル選択の画面を表示できません（xdg-desktop-portal または zenity が必要です）。下にファイルの場所を入力して開いてください。")
                        .color(egui::Color32::from_rgb(180, 90, 0)),
                );
            }
            ui.horizontal(|ui| {
                let l = ui.label("ファイルの場所");
                let r = ui.add(egui::TextEdit::singleline(&mut form.typed_path).hint_text("例：C:\\評価書\\児童手当.hyoka").desired_width(340.0)).labelled_by(l.id);
                let enter = r.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                if (ui.button("このファイルを開く").clicked() || enter) && !form.typed_path.trim().is_empty() {
                    action = Some(StartAction::Open(PathBuf::from(form.typed_path.trim())));
                }
            });
            if !recent.is_empty() {
                ui.add_space(6.0);
                ui.label("最近使ったファイル");
                for p in recent {
                    if ui.link(p.display().to_string()).clicked() {
                        action = Some(StartAction::Open(p.clone()));
                    }
                }
            }
        });
    });
    action
}
