//! 「既存の評価書を読み込む」: an Excel, Word or PDF 評価書 read item by item (`import_doc`) and
//! shown — what was read and from where, what is empty, unreadable or missing, and the rows that
//! belong to no item — before the user lets a new assessment file be made of it.

use crate::import_doc::{self, Outcome, Reading};
use egui::{Color32, RichText};
use std::path::{Path, PathBuf};

/// The largest document read (a 75-page 評価書 as .xlsx is under 1 MB).
const MAX_BYTES: u64 = 100 * 1024 * 1024;

/// What the user decided.
pub enum Answer {
    Create,
    Cancel,
}

/// Which lines the report shows.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Show {
    /// What needs a look: unreadable and missing items, rows belonging to no item.
    Problems,
    All,
}

/// A document read and waiting for the user's look.
pub struct DocumentRead {
    pub source: PathBuf,
    pub kind: &'static str,
    pub reading: Reading,
    /// What the report says of withheld passages, and whether it is a warning.
    withheld: (String, bool),
    show: Show,
}

impl DocumentRead {
    /// Reads and recognises the document at `path`; a Japanese message when it cannot be read.
    pub fn read(path: &Path) -> Result<DocumentRead, String> {
        let bytes = crate::fsio::read_bounded(path, MAX_BYTES)
            .map_err(|e| crate::messages::japanese(&crate::messages::Error::from(e)))?;
        let document =
            import_doc::source::read(&bytes).map_err(|e| crate::messages::document(&e, path, "選んでください"))?;
        let reading = import_doc::recognise(crate::form::current(), &document.rows);
        let withheld = reading.withheld_notice(&document);
        Ok(DocumentRead {
            source: path.to_owned(),
            kind: document.kind.label(),
            reading,
            withheld,
            show: Show::Problems,
        })
    }

    /// The report window; the user's answer once given.
    pub fn show(&mut self, ctx: &egui::Context) -> Option<Answer> {
        let mut answer = None;
        egui::Modal::new(egui::Id::unique("document-read")).show(ctx, |ui| {
            ui.set_width(900.0);
            ui.heading("既存の評価書の読み取り結果");
            let name = self.source.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            ui.label(format!("{name}（{}）を、様式の番号と項目名を手がかりに読み取りました。まだ何も保存していません。", self.kind));
            ui.label(RichText::new(self.reading.summary()).strong());
            let (notice, warning) = &self.withheld;
            match warning {
                true => ui.label(RichText::new(format!("【注意】{notice}")).strong().color(Color32::from_rgb(190, 60, 0))),
                false => ui.label(notice.as_str()),
            };
            ui.label(
                RichText::new("見つからない項目は空欄のまま作ります（別の項目に入れることはありません）。別添1の図は文書から読み取れないため、登録（登場者・流れ）から描き直せます。")
                    .small(),
            );
            ui.horizontal(|ui| {
                ui.selectable_value(&mut self.show, Show::Problems, "確かめる必要のあるものだけ");
                ui.selectable_value(&mut self.show, Show::All, "すべての項目");
            });
            // A fixed height: a report that grew frame by frame would move the buttons under the
            // pointer.
            egui::ScrollArea::vertical().min_scrolled_height(420.0).max_height(420.0).auto_shrink([false, false]).show(ui, |ui| {
                let mut shown = 0;
                for f in &self.reading.findings {
                    let problem = matches!(f.outcome, Outcome::Unreadable(_) | Outcome::NotFound);
                    if self.show == Show::Problems && !problem {
                        continue;
                    }
                    let colour = match f.outcome {
                        Outcome::Recognised => Color32::from_rgb(30, 110, 50),
                        Outcome::Unreadable(_) | Outcome::NotFound => Color32::from_rgb(190, 60, 0),
                        _ => ui.visuals().weak_text_color(),
                    };
                    ui.label(RichText::new(f.line()).color(colour));
                    shown += 1;
                }
                for (at, text) in &self.reading.unplaced {
                    let text: String = text.chars().take(80).collect();
                    ui.label(
                        RichText::new(format!("どの項目にも当たらない行　{at}　{}", text.replace('\t', " ")))
                            .color(Color32::from_rgb(150, 90, 0)),
                    );
                    shown += 1;
                }
                if shown == 0 {
                    ui.label("確かめる必要のあるものはありません。");
                }
            });
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                if ui.button(RichText::new("この内容で評価書ファイルを作る…").strong()).clicked() {
                    answer = Some(Answer::Create);
                }
                if ui.button("やめる").clicked() || ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                    answer = Some(Answer::Cancel);
                }
            });
        });
        answer
    }
}
