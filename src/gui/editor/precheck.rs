//! The 事前点検 page: findings grouped by section (click one to go to the item), the しきい値判断
//! helper, and the user's own list of words that must not be mixed.

use super::panels::FINDING;
use super::{Editor, Intent};
use crate::check::{self, Severity, threshold};
use crate::doc::{Edit, Entry, Path};
use crate::form::ids;
use egui::{Color32, RichText, Ui};

/// The inputs of the しきい値判断 helper.
#[derive(Default)]
pub struct ThresholdForm {
    /// The actual 対象人数 as typed; empty: the Ⅰ1③ band.
    pub people: String,
    /// The actual 取扱者数 as typed; empty: the bands of Ⅱ.
    pub handlers: String,
    pub serious_incident: bool,
    /// The Ⅵ1② wording waiting for the user's 「書き換える」 over a different answer.
    pub overwrite: Option<&'static str>,
    /// One group of variants per line, words separated by 「／」 or 「/」.
    pub variants: String,
    /// The finding whose 「確認済みにする」 is open: its key and the reason being typed.
    pub acknowledging: Option<(String, String)>,
}

/// The edit that marks (`Some(reason)`) or unmarks a finding as 確認済み, dated today.
fn acknowledge_edit(key: &str, reason: Option<&str>) -> Intent {
    let mark = reason
        .map(|r| crate::doc::Acknowledgement { reason: r.trim().to_owned(), on: jiff::ZonedDateTime::now().date() });
    Intent::Edit(vec![Edit::Acknowledge { finding: key.to_owned(), mark }], None)
}

fn threshold_edit(wording: &str) -> Intent {
    let edit = Edit::Value { path: Path::top(ids::VI_BASIC_THRESHOLD), entry: Some(Entry::choice(wording)) };
    Intent::Edit(vec![edit], None)
}

/// The edit that withholds `range` of the text at `path`, keeping everything else of the entry.
fn withhold_edit(doc: &crate::doc::Assessment, path: &Path, range: std::ops::Range<usize>) -> Option<Edit> {
    let entry = doc.get(path)?;
    let crate::doc::Value::Text(text) = &entry.value else { return None };
    let mut text = text.clone();
    text.withhold(range);
    Some(Edit::Value {
        path: path.clone(),
        entry: Some(Entry { value: crate::doc::Value::Text(text), withheld: entry.withheld }),
    })
}

const ERROR: Color32 = Color32::from_rgb(200, 40, 40);

fn severity_text(s: Severity) -> RichText {
    let t = RichText::new(format!("［{}］", s.label())).strong();
    match s {
        Severity::Error => t.color(ERROR),
        Severity::Warning => t.color(FINDING),
        Severity::Info => t,
    }
}

impl Editor {
    pub(super) fn precheck_page(&mut self, ui: &mut Ui, intents: &mut Vec<Intent>) {
        ui.heading("事前点検");
        let (e, w, i) = check::counts(&self.doc, &self.findings);
        ui.label(format!("エラー {e}件　警告 {w}件　参考 {i}件（入力を止めると自動で点検し直します）"));
        let findings = std::mem::take(&mut self.findings);
        let (acknowledged, open): (Vec<&check::Finding>, Vec<&check::Finding>) =
            findings.iter().partition(|f| f.acknowledgement(&self.doc).is_some());
        egui::ScrollArea::vertical().id_salt("precheck").auto_shrink([false, false]).show(ui, |ui| {
            self.threshold_helper(ui, intents);
            ui.add_space(8.0);
            let form = self.doc.form();
            let mut section = None;
            for f in &open {
                let ix = f.paths.first().and_then(|p| form.find(&p.item));
                let s = ix.map(|ix| form.section_of(ix));
                if s != section {
                    section = s;
                    ui.add_space(6.0);
                    let title = s.map(|s| form.node(s).title()).unwrap_or_else(|| "全体".into());
                    ui.label(RichText::new(title).strong().size(18.0));
                }
                ui.horizontal_wrapped(|ui| {
                    ui.label(severity_text(f.severity));
                    if let (Some(ix), Some(p)) = (ix, f.paths.first())
                        && ui.link(form.full_title(ix)).on_hover_text(p.render(form)).clicked()
                    {
                        intents.push(Intent::Reveal(p.clone()));
                    }
                });
                ui.label(&f.message);
                if let Some((path, range)) = &f.withhold
                    && self.viewing.is_none()
                    && ui
                        .button("この部分を非公開にする")
                        .on_hover_text("指摘の部分だけを非公開にします。公表用PDFでは「（非公開）」になります。Ctrl+Z で戻せます。")
                        .clicked()
                    && let Some(edit) = withhold_edit(&self.doc, path, range.clone())
                {
                    intents.push(Intent::Edit(vec![edit], None));
                }
                ui.label(RichText::new(format!("{}（{}）", f.source.label(), f.rule)).small().weak());
                if self.viewing.is_none() {
                    self.acknowledge_box(ui, f, intents);
                }
                ui.separator();
            }
            if open.is_empty() {
                ui.label(RichText::new("指摘はありません。").color(Color32::from_rgb(30, 130, 60)));
            }
            if !acknowledged.is_empty() {
                ui.add_space(8.0);
                egui::CollapsingHeader::new(format!("確認済みとした指摘（{}件）", acknowledged.len()))
                    .id_salt("acknowledged")
                    .show(ui, |ui| {
                        ui.label(
                            RichText::new("記載どおりでよいと確認した指摘です。関係する記載が変わると、もう一度指摘されます。")
                                .small(),
                        );
                        for f in &acknowledged {
                            let Some(m) = f.acknowledgement(&self.doc) else { continue };
                            ui.horizontal_wrapped(|ui| {
                                ui.label(severity_text(f.severity));
                                let ix = f.paths.first().and_then(|p| form.find(&p.item));
                                if let (Some(ix), Some(p)) = (ix, f.paths.first())
                                    && ui.link(form.full_title(ix)).clicked()
                                {
                                    intents.push(Intent::Reveal(p.clone()));
                                }
                            });
                            ui.label(&f.message);
                            ui.label(format!("確認済み（{}）: {}", crate::doc::date::to_wareki(m.on), m.reason));
                            if self.viewing.is_none()
                                && ui
                                    .button("確認済みを取り消す")
                                    .on_hover_text("この指摘をもう一度、未対応の指摘として数えます。")
                                    .clicked()
                            {
                                intents.push(acknowledge_edit(&f.key, None));
                            }
                            ui.separator();
                        }
                    });
            }
            self.variants_box(ui);
        });
        self.findings = findings;
    }

    /// 「確認済みにする」 under a finding: opens a reason field; the mark needs a reason.
    fn acknowledge_box(&mut self, ui: &mut Ui, f: &check::Finding, intents: &mut Vec<Intent>) {
        let form = &mut self.threshold;
        let mut close = false;
        match &mut form.acknowledging {
            Some((key, reason)) if *key == f.key => {
                let label = ui.label("記載を直さない理由（点検する人が読みます）:");
                ui.add(
                    egui::TextEdit::multiline(reason)
                        .desired_rows(2)
                        .desired_width(f32::INFINITY)
                        .char_limit(crate::doc::MAX_REASON_CHARS)
                        .hint_text("例：国の通知で定められた名称のため、このままとする。"),
                )
                .labelled_by(label.id);
                ui.horizontal(|ui| {
                    let ready = !reason.trim().is_empty();
                    if ui.add_enabled(ready, egui::Button::new("確認済みにする")).clicked() {
                        intents.push(acknowledge_edit(&f.key, Some(reason)));
                        close = true;
                    } else if ui.button("やめる").clicked() {
                        close = true;
                    }
                });
            }
            _ => {
                if ui
                    .small_button("確認済みにする…")
                    .on_hover_text(
                        "記載どおりでよいと判断した指摘に、理由を付けて印を付けます。件数に数えなくなります。",
                    )
                    .clicked()
                {
                    form.acknowledging = Some((f.key.clone(), String::new()));
                }
            }
        }
        if close {
            form.acknowledging = None;
        }
    }

    fn threshold_helper(&mut self, ui: &mut Ui, intents: &mut Vec<Intent>) {
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.label(RichText::new("しきい値判断（どの評価が義務付けられるか）").strong());
            let prefill = threshold::prefill(&self.doc);
            let t = &mut self.threshold;
            let count = |ui: &mut Ui, label: &str, text: &mut String, from_form: threshold::Span| {
                let l = ui.label(label);
                let edit = egui::TextEdit::singleline(text).desired_width(180.0).hint_text("評価書の区分から");
                ui.add(edit).labelled_by(l.id);
                ui.end_row();
                if text.trim().is_empty() { Some(from_form) } else { threshold::parse_count(text).map(threshold::Span::exact) }
            };
            let (people, handlers) = egui::Grid::new("threshold")
                .num_columns(2)
                .show(ui, |ui| {
                    let people = count(ui, "対象人数（人）", &mut t.people, prefill.people);
                    let handlers = count(ui, "取扱者数（委託先の従業者を含む）", &mut t.handlers, prefill.handlers);
                    (people, handlers)
                })
                .inner;
            // Where the figures come from, wrapped to the page (a long band name must not widen
            // the box past the page's edge).
            ui.add(
                egui::Label::new(
                    RichText::new(format!(
                        "評価書から：対象人数は{}、取扱者数は{}。様式の記載は区分なので、実際の人数が分かるときは上の欄に入力してください。",
                        prefill.people_from, prefill.handlers_from
                    ))
                    .weak(),
                )
                .wrap(),
            );
            if (!t.people.is_empty() || !t.handlers.is_empty()) && ui.small_button("評価書の記載から入れ直す").clicked() {
                t.people.clear();
                t.handlers.clear();
            }
            ui.checkbox(&mut t.serious_incident, "過去1年以内に特定個人情報に関する重大事故が発生した");
            let (Some(people), Some(handlers)) = (people, handlers) else {
                ui.label(RichText::new("人数は数字で入力してください（例：32000）。").color(ERROR));
                return;
            };
            let required = match threshold::assess_spans(people, handlers, t.serious_incident) {
                threshold::Verdict::Decided(required, reason) => {
                    ui.label(reason);
                    required
                }
                threshold::Verdict::Undecidable(reason) => {
                    // A range that straddles a threshold proves nothing: no answer is proposed.
                    ui.add(egui::Label::new(RichText::new(reason).color(FINDING)).wrap());
                    ui.weak("判断できるまで、Ⅵ1②への記入は提案しません。");
                    return;
                }
            };
            let wording = threshold::vi_1_2(required);
            ui.label(RichText::new(format!("Ⅵ1②：{wording}")).strong());
            let current = self.doc.choice(&Path::top(ids::VI_BASIC_THRESHOLD)).to_owned();
            if current == wording {
                ui.weak("Ⅵ1②はこの結果と同じです。");
            } else {
                if !current.is_empty() {
                    ui.label(RichText::new(format!("今のⅥ1②：{current}")).color(ERROR));
                }
                if self.viewing.is_none() && ui.button("この結果をⅥ1②に記入する").clicked() {
                    match current.is_empty() {
                        true => intents.push(threshold_edit(wording)),
                        // A different answer is there: the user decides, never one click.
                        false => self.threshold.overwrite = Some(wording),
                    }
                }
            }
        });
    }

    /// The 「書き換えますか」 question over a different Ⅵ1② (drawn as a modal by the editor).
    pub fn threshold_dialog(&mut self, ctx: &egui::Context, intents: &mut Vec<Intent>) {
        let Some(wording) = self.threshold.overwrite else { return };
        let current = self.doc.choice(&Path::top(ids::VI_BASIC_THRESHOLD)).to_owned();
        let mut answer = None;
        egui::Modal::new(egui::Id::unique("threshold-overwrite")).show(ctx, |ui| {
            ui.set_max_width(520.0);
            ui.heading("Ⅵ1②の書き換え");
            ui.label(format!("Ⅵ1②には「{current}」と記載されています。"));
            ui.label(format!("しきい値判断の結果「{wording}」に書き換えますか？"));
            ui.weak("書き換えた後も「元に戻す」（Ctrl+Z）で戻せます。");
            answer = super::panels::answer_buttons(ui, "書き換える");
        });
        match answer {
            Some(true) => {
                intents.push(threshold_edit(wording));
                self.threshold.overwrite = None;
            }
            Some(false) => self.threshold.overwrite = None,
            None => {}
        }
    }

    fn variants_box(&mut self, ui: &mut Ui) {
        ui.add_space(10.0);
        let label = ui.label(RichText::new("用語のゆれとして点検する言葉（1行に1組、「／」で区切る）").strong());
        ui.label("例：受給者台帳／支給台帳　— 同じものを別の言葉で書いていないかを点検します。");
        let edit = egui::TextEdit::multiline(&mut self.threshold.variants).desired_rows(3).desired_width(f32::INFINITY);
        let r = ui.add(edit).labelled_by(label.id);
        if r.changed() {
            self.check_options.extra_variants = check::parse_variants(&self.threshold.variants);
            self.recheck();
        }
    }
}
