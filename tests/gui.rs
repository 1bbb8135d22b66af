//! The real app driven headless with egui_kittest, finding widgets by their Japanese labels as a
//! user would, then reading the SQLite file back to prove every change was stored.

mod common;
#[path = "common/gui.rs"]
mod gui_common;

use egui::accesskit::Role;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::{By, NodeT, Queryable};
use gui_common::{Fake, harness, wait_for, without_clock};
use hyokasho::doc::Path;
use hyokasho::form::ids;
use hyokasho::gui::editor::page_guidance;
use hyokasho::gui::{App, AppOptions};
use hyokasho::store::Store;
use std::path::{Path as FsPath, PathBuf};

fn type_into(h: &mut Harness<'static, App>, role: Role, label: &str, text: &str) {
    let field = h.get_by_role_and_label(role, label);
    field.focus();
    h.run();
    h.get_by_role_and_label(role, label).type_text(text);
    h.run();
}

/// Clicks the first widget with this label (the navigation tree comes before the page, so a
/// section name that is both a tree entry and a heading picks the tree entry).
fn click(h: &mut Harness<'static, App>, label: &str) {
    let node = h.get_all_by_label(label).next().unwrap_or_else(|| panic!("no widget labelled {label:?}"));
    node.scroll_to_me();
    h.run();
    h.get_all_by_label(label).next().unwrap().click();
    h.run();
}

/// Creates a new assessment from the start screen, as a user does.
fn create(h: &mut Harness<'static, App>) {
    type_into(h, Role::TextInput, "評価書名", "児童手当に関する事務 全項目評価書");
    type_into(h, Role::TextInput, "評価実施機関名", "みどり市長");
    click(h, "作成して保存先を選ぶ…");
    assert!(h.state().editor.is_some(), "the editor opens: {:?}", h.state().alert);
}

fn task_count(app: &App) -> usize {
    let doc = &app.editor.as_ref().unwrap().doc;
    let files = doc.instances(&Path::top(ids::II_FILE));
    files.first().map_or(0, |f| doc.instances(&Path::new(ids::II_FILE_OUTSOURCING_TASK, &[f])).len())
}

#[test]
fn a_user_fills_in_an_assessment_and_every_change_reaches_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("児童手当.hyoka");
    let mut h = harness(&file, None);
    create(&mut h);

    // Ⅰ: a text item and a choice.
    click(&mut h, "Ⅰ基本情報");
    type_into(&mut h, Role::TextInput, "①事務の名称", "児童手当に関する事務");
    click(&mut h, "10万人以上30万人未満");

    // Ⅱ: a file, then a 委託事項 added, deleted with confirmation, and the delete undone.
    click(&mut h, "Ⅱ特定個人情報ファイルの概要");
    click(&mut h, "＋ 特定個人情報ファイルを追加");
    click(&mut h, "ファイル1 （名称未記入）");
    type_into(&mut h, Role::TextInput, "1.特定個人情報ファイル名", "児童手当ファイル");
    click(&mut h, "委託する");
    click(&mut h, "＋ 委託事項を追加");
    assert_eq!(task_count(h.state()), 1);
    click(&mut h, "削除");
    assert!(h.query_by_label("削除する").is_some(), "deleting asks first");
    click(&mut h, "削除する");
    assert_eq!(task_count(h.state()), 0);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(task_count(h.state()), 1, "Ctrl+Z brings the 委託事項 back");

    // Versions: freeze with a stage and a note.
    click(&mut h, "版の管理");
    click(&mut h, "版を確定…");
    type_into(&mut h, Role::TextInput, "メモ（任意）", "事前点検に提出");
    click(&mut h, "確定する");
    wait_for(&mut h, "the frozen version", |app| app.editor.as_ref().is_some_and(|e| e.versions.len() == 1));
    assert!(h.query_all_by_label_contains("第1版").count() >= 1);

    // Close the app (the save thread writes everything and releases the file), then read it back.
    drop(h);
    let store = Store::open(&file).unwrap();
    let doc = store.load_draft().unwrap();
    assert_eq!(doc.text(&Path::top(ids::COVER_TITLE)), "児童手当に関する事務 全項目評価書");
    assert_eq!(doc.text(&Path::top(ids::COVER_BODY)), "みどり市長");
    assert_eq!(doc.text(&Path::top(ids::I_TASK_NAME)), "児童手当に関する事務");
    assert_eq!(doc.choice(&Path::top(ids::I_TASK_PEOPLE)), "10万人以上30万人未満");
    let files = doc.instances(&Path::top(ids::II_FILE)).to_vec();
    assert_eq!(files.len(), 1);
    assert_eq!(doc.text(&Path::new(ids::II_FILE_NAME, &[&files[0]])), "児童手当ファイル");
    assert_eq!(doc.choice(&Path::new(ids::II_FILE_OUTSOURCING_STATUS, &[&files[0]])), "委託する");
    assert_eq!(doc.instances(&Path::new(ids::II_FILE_OUTSOURCING_TASK, &[&files[0]])).len(), 1);
    let versions = store.versions().unwrap();
    assert_eq!(versions.len(), 1);
    assert_eq!((versions[0].stage.as_str(), versions[0].note.as_str()), ("事前点検", "事前点検に提出"));
}

#[test]
fn text_composed_with_the_ime_lands_in_the_field() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("ime.hyoka");
    let mut h = harness(&file, None);
    create(&mut h);
    click(&mut h, "Ⅰ基本情報");
    h.get_by_role_and_label(Role::TextInput, "①事務の名称").focus();
    h.run();
    for event in [
        egui::ImeEvent::Preedit { text: "じどうてあて".into(), active_range_chars: None },
        egui::ImeEvent::Preedit { text: "児童手当".into(), active_range_chars: None },
        egui::ImeEvent::Commit("児童手当".into()),
    ] {
        h.event(egui::Event::Ime(event));
        h.run();
    }
    let doc = &h.state().editor.as_ref().unwrap().doc;
    assert_eq!(doc.text(&Path::top(ids::I_TASK_NAME)), "児童手当");
}

#[test]
fn a_date_typed_in_any_common_form_is_stored_and_shown_in_wareki() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("date.hyoka");
    let mut h = harness(&file, None);
    create(&mut h);
    click(&mut h, "表紙");
    type_into(&mut h, Role::TextInput, "公表日", "R7.11.4");
    let doc = &h.state().editor.as_ref().unwrap().doc;
    let stored = doc.get(&Path::top(ids::COVER_PUBLISHED_ON)).map(|e| e.value.clone());
    assert_eq!(stored, Some(hyokasho::doc::Value::date(jiff::civil::date(2025, 11, 4))));
    assert!(h.query_by_label("＝ 令和7年11月4日").is_some(), "a date typed as R7.11.4 is echoed in 和暦");
    type_into(&mut h, Role::TextInput, "公表日", "x");
    assert!(h.query_by_label_contains("日付として読めません").is_some());
}

/// A date keeps the words typed after it (「（予定）」), and Ⅵ3① takes every meeting of a
/// 第三者点検 held over several; a single-date item says it takes one. (介護保険)
#[test]
fn a_date_keeps_its_note_and_the_review_takes_several_meetings() {
    use hyokasho::doc::{Dated, Dates, Value};
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kaigo.hyoka");
    let mut h = harness(&file, None);
    type_into(&mut h, Role::TextInput, "評価書名", "介護保険に関する事務 全項目評価書");
    type_into(&mut h, Role::TextInput, "評価実施機関名", "やまなみ市長");
    click(&mut h, "作成して保存先を選ぶ…");
    click(&mut h, "表紙");
    type_into(&mut h, Role::TextInput, "公表日", "R8.10.1（予定）");
    let stored = |h: &Harness<'static, App>, item: &str| {
        h.state().editor.as_ref().unwrap().doc.get(&Path::top(item)).map(|e| e.value.clone())
    };
    let on = |y, m, d, note: &str| Dated { date: jiff::civil::date(y, m, d), note: note.into() };
    assert_eq!(
        stored(&h, ids::COVER_PUBLISHED_ON),
        Some(Value::Date(Dates::new(vec![on(2026, 10, 1, "（予定）")]).unwrap()))
    );
    assert!(h.query_by_label("＝ 令和8年10月1日（予定）").is_some());
    type_into(&mut h, Role::TextInput, "公表日", "、R8.11.1");
    assert!(h.query_by_label_contains("日付を1つだけ入力します").is_some());

    click(&mut h, "Ⅵ評価実施手続");
    let meetings = "令和8年7月10日（第1回）、令和8年8月28日（第2回）";
    // Ⅵ1① and Ⅵ3① are both 「①実施日」: the second is the 第三者点検's.
    let count = h.get_all_by_role_and_label(Role::TextInput, "①実施日").count();
    assert_eq!(count, 2, "Ⅵ1① and Ⅵ3①");
    h.get_all_by_role_and_label(Role::TextInput, "①実施日").nth(1).unwrap().scroll_to_me();
    h.run();
    h.get_all_by_role_and_label(Role::TextInput, "①実施日").nth(1).unwrap().focus();
    h.run();
    h.get_all_by_role_and_label(Role::TextInput, "①実施日").nth(1).unwrap().type_text(meetings);
    h.run();
    let want = Dates::new(vec![on(2026, 7, 10, "（第1回）"), on(2026, 8, 28, "（第2回）")]).unwrap();
    let review: Vec<Option<Value>> = {
        let doc = &h.state().editor.as_ref().unwrap().doc;
        doc.values().filter(|(p, _)| p.item == ids::VI_REVIEW_DATE).map(|(_, e)| Some(e.value.clone())).collect()
    };
    assert_eq!(review, [Some(Value::Date(want))]);
}

#[test]
fn a_field_typed_key_by_key_is_one_undo_step_and_undo_shows_the_page_it_changes() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("kokuho.hyoka");
    let mut h = harness(&file, None);
    create(&mut h);
    click(&mut h, "表紙");
    let field = h.get_by_role_and_label(Role::TextInput, "公表日");
    field.focus();
    h.run();
    // 令和8年3月31日, a key at a time: 令和8年3月3日 is a valid date on the way.
    for c in "令和8年3月31日".chars() {
        h.event(egui::Event::Text(c.to_string()));
        h.run();
    }
    let published = |h: &Harness<'static, App>| {
        h.state().editor.as_ref().unwrap().doc.get(&Path::top(ids::COVER_PUBLISHED_ON)).map(|e| e.value.clone())
    };
    assert_eq!(published(&h), Some(hyokasho::doc::Value::date(jiff::civil::date(2026, 3, 31))));
    // Leave the field, then go to another page and undo from there.
    click(&mut h, "Ⅰ基本情報");
    type_into(&mut h, Role::TextInput, "①事務の名称", "国民健康保険に関する事務");
    click(&mut h, "Ⅳその他のリスク対策");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    let ed = h.state().editor.as_ref().unwrap();
    assert_eq!(ed.doc.text(&Path::top(ids::I_TASK_NAME)), "", "the whole name went in one step");
    assert!(
        matches!(&ed.page, hyokasho::gui::editor::Page::Node { ix, .. } if ed.doc.form().node(*ix).id == "i"),
        "undo went to the page it changed: {:?}",
        ed.page
    );
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(published(&h), None, "one Ctrl+Z takes back the whole date, not one keystroke");
}

#[test]
fn the_guidance_follows_the_page_and_never_shows_an_item_left_behind() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(&dir.path().join("kaigo.hyoka"), None);
    create(&mut h);
    click(&mut h, "Ⅰ基本情報");
    type_into(&mut h, Role::TextInput, "①事務の名称", "介護保険に関する事務");
    let form = hyokasho::form::current();
    let name_guidance = &form.get(ids::I_TASK_NAME).guidance;
    assert!(h.query_by_label(name_guidance).is_some(), "the focused item is explained");
    click(&mut h, "Ⅳその他のリスク対策");
    assert!(h.query_by_label(name_guidance).is_none(), "Ⅰ's item is not explained on Ⅳ");
    assert!(h.query_by_label(&form.get("iv").guidance).is_some(), "Ⅳ's own guidance is shown on arrival");
    click(&mut h, "事前点検");
    assert!(h.query_by_label_contains("第三者点検で指摘されやすい点").is_some());

    // Every top-level page of the navigation explains itself on arrival, and only itself.
    let pages: Vec<_> = editor_mut(&mut h).nav().iter().filter(|e| e.depth == 0).cloned().collect();
    let texts: Vec<String> = pages.iter().map(|e| page_guidance(form, &e.page).to_owned()).collect();
    for (i, (entry, text)) in pages.iter().zip(&texts).enumerate() {
        assert!(!text.trim().is_empty(), "{} has no page guidance", entry.label);
        assert_eq!(texts.iter().filter(|t| *t == text).count(), 1, "{}'s guidance is another page's", entry.label);
        click(&mut h, &entry.label);
        assert_eq!(editor(h.state()).page, entry.page, "{} opens", entry.label);
        assert!(h.query_by_label(text).is_some(), "{}: its guidance is shown on arrival", entry.label);
        if i > 0 {
            assert!(h.query_by_label(&texts[i - 1]).is_none(), "{}: the previous page's is gone", entry.label);
        }
    }
    let titles: Vec<&str> = pages.iter().map(|e| e.label.as_str()).collect();
    for must in ["表紙", "（別添1）事務の内容", "Ⅵ評価実施手続", "（別添3）変更箇所", "版の管理"]
    {
        assert!(titles.contains(&must), "{must} is a top-level page: {titles:?}");
    }
}

#[test]
fn without_a_file_dialog_a_new_file_goes_to_a_folder_named_in_the_new_box() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = gui_common::harness_without_dialogs(&dir.path().join("data"));
    // The folder field is prefilled (the documents folder), and says nothing of portals.
    let folder = h.get_by_role_and_label(Role::TextInput, "保存するフォルダー");
    assert!(!folder.value().unwrap_or_default().is_empty(), "a default folder is offered");
    assert!(h.query_by_label_contains("zenity").is_none() && h.query_by_label_contains("xdg").is_none());
    let field = h.get_by_role_and_label(Role::TextInput, "保存するフォルダー");
    field.focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.get_by_role_and_label(Role::TextInput, "保存するフォルダー").type_text(dir.path().to_str().unwrap());
    h.run();
    type_into(&mut h, Role::TextInput, "評価書名", "住民基本台帳に関する事務 全項目評価書");
    type_into(&mut h, Role::TextInput, "評価実施機関名", "あおば町長");
    click(&mut h, "作成する");
    let file = dir.path().join("住民基本台帳に関する事務 全項目評価書.hyoka");
    assert!(h.state().editor.is_some(), "{:?}", h.state().alert);
    assert!(file.exists());
    // Closed: the start screen is clean and lists the file by its name and body.
    click(&mut h, "閉じる");
    assert_eq!(h.get_by_role_and_label(Role::TextInput, "評価書名").value().unwrap_or_default(), "");
    assert!(
        h.query_by_label("住民基本台帳に関する事務 全項目評価書（あおば町長）").is_some(),
        "recent files show what they are"
    );
    assert!(h.query_by_label_contains("最終変更 令和").is_some());
}

fn open_typed(h: &mut Harness<'static, App>, path: &FsPath) {
    type_into(h, Role::TextInput, "ファイルの場所", path.to_str().unwrap());
    click(h, "このファイルを開く");
}

#[test]
fn a_file_in_use_by_another_instance_is_explained_and_not_opened() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("locked.hyoka");
    let other = dir.path().join("other.hyoka");
    let holder = Store::create(&file, hyokasho::form::current()).unwrap();
    let mut h = harness(&other, None);
    open_typed(&mut h, &file);
    assert!(h.state().editor.is_none());
    let alert = h.state().alert.clone().unwrap_or_default();
    assert!(alert.contains("別の hyokasho"), "{alert}");
    drop(holder);
}

#[test]
fn a_damaged_or_foreign_file_is_explained_and_left_untouched() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("broken.hyoka");
    std::fs::write(&file, "壊れたファイル".repeat(50)).unwrap();
    let before = std::fs::read(&file).unwrap();
    let mut h = harness(&dir.path().join("x.hyoka"), None);
    open_typed(&mut h, &file);
    assert!(h.state().editor.is_none());
    assert!(h.state().alert.as_deref().unwrap_or_default().contains("評価書ファイル（.hyoka）ではない"));
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

#[test]
fn a_file_in_a_synced_folder_is_warned_about_without_stopping_the_user() {
    let dir = tempfile::tempdir().unwrap();
    let synced = dir.path().join("OneDrive - みどり市");
    std::fs::create_dir(&synced).unwrap();
    let mut h = harness(&synced.join("児童手当.hyoka"), None);
    create(&mut h);
    assert!(h.state().alert.is_none(), "no dialog stops the user: {:?}", h.state().alert);
    assert!(h.query_by_label_contains("OneDriveで同期されるフォルダー").is_some(), "the warning is shown");
    click(&mut h, "この注意を隠す");
    assert!(h.query_by_label_contains("同期されるフォルダー").is_none(), "and can be put away");
    // A file in a local folder opens without it.
    click(&mut h, "閉じる");
    let local = dir.path().join("local.hyoka");
    Store::create(&local, hyokasho::form::current()).unwrap().close().unwrap();
    open_typed(&mut h, &local);
    assert!(h.state().editor.is_some(), "{:?}", h.state().alert);
    assert!(h.query_by_label_contains("同期されるフォルダー").is_none());
}

#[test]
fn the_sample_opens_as_a_copy_and_the_overview_shows_every_risk() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(&dir.path().join("unused.hyoka"), None);
    click(&mut h, "サンプルを開く");
    let ed = h.state().editor.as_ref().expect("the sample opens");
    assert!(ed.file().starts_with(dir.path().join("data").join("samples")), "{:?}", ed.file());
    click(&mut h, "概要");
    let ed = h.state().editor.as_ref().unwrap();
    let whole = ed.doc.completion();
    assert_eq!(ed.totals, (whole.filled, whole.required), "the status bar's totals are the sum of the sections");
    assert!(h.query_by_label("課題が残されている").is_some(), "the one risk with remaining issues is listed");
    let risks = h.query_all_by_label("十分である").count();
    assert!(risks >= 25, "{risks} risks shown as 十分である");

    // The page's rows are read once per change of the document: an answer changed elsewhere
    // shows at once.
    let form = hyokasho::form::current();
    let sufficiency = form.nodes.iter().find(|n| n.id.starts_with("iii.") && n.local == "sufficiency").unwrap();
    let path = Path { item: sufficiency.id.clone(), blocks: vec!["f-teate".into()] };
    let before = h.query_all_by_label("課題が残されている").count();
    let entry = hyokasho::doc::Entry::new(hyokasho::doc::Value::Choice("課題が残されている".into()));
    h.state_mut().editor.as_mut().unwrap().edit(vec![hyokasho::doc::Edit::Value { path, entry: Some(entry) }], None);
    h.run();
    assert_eq!(h.query_all_by_label("課題が残されている").count(), before + 1, "the overview follows the edit");
    assert_eq!(h.query_all_by_label("十分である").count(), risks - 1);
}

/// A reference cell (送り手 of a データの流れ) lists the 登場者 by name when opened, and the one
/// picked is what the cell then shows and the document holds.
#[test]
fn a_reference_lists_its_targets_by_name_and_keeps_the_one_picked() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample_file(dir.path());
    let mut h = harness(&file, Some(file.clone()));
    click(&mut h, "（別添1）事務の内容");
    h.get_all_by_role_and_label(Role::ComboBox, "送り手").next().unwrap().scroll_to_me();
    h.run();
    h.get_all_by_role_and_label(Role::ComboBox, "送り手").next().unwrap().click();
    h.run();
    for name in ["受給資格者等", "こども給付課", "児童手当システム", "中間サーバー"] {
        assert!(h.query_by_label(name).is_some(), "{name} is offered");
    }
    h.get_by_label("中間サーバー").click();
    h.run();
    let ed = h.state().editor.as_ref().unwrap();
    let from = Path { item: "annex1.diagram.flow.from".into(), blocks: vec!["fl-shinsei".into()] };
    let picked = ed.doc.choice(&from).to_owned();
    assert_eq!(ed.doc.ref_label(hyokasho::form::current().find(&from.item).unwrap(), &picked), "中間サーバー");
    let cell = h.get_all_by_role_and_label(Role::ComboBox, "送り手").next().unwrap();
    assert_eq!(cell.accesskit_node().value().as_deref(), Some("中間サーバー"), "the cell shows the name picked");
}

#[test]
fn search_finds_an_answer_and_jumps_to_its_page() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(&dir.path().join("unused.hyoka"), None);
    click(&mut h, "サンプルを開く");
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    type_into(&mut h, Role::TextInput, "検索", "オンサイト保守業務");
    let hit = h
        .get_all_by_label_contains("オンサイト保守業務")
        .find(|n| n.accesskit_node().role() == Role::Link)
        .map(|n| n.accesskit_node().label());
    assert!(hit.is_some());
    h.get_all_by_label_contains("⑨再委託事項").next().unwrap().click();
    h.run();
    // The hit is in a 委託事項 of the first file: its own page, with both block ids.
    let page = h.state().editor.as_ref().unwrap().page.clone();
    let form = hyokasho::form::current();
    let hyokasho::gui::editor::Page::Node { ix, blocks } = page else { panic!("{page:?}") };
    assert_eq!(ix, form.find(ids::II_FILE_OUTSOURCING_TASK).unwrap());
    assert_eq!(blocks.len(), 2);
    assert_eq!(blocks[0], "f-teate");
}

#[test]
fn font_size_changes_with_ctrl_plus_and_minus() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(&dir.path().join("unused.hyoka"), None);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Plus);
    h.run();
    assert!((h.state().settings.zoom - 1.1).abs() < 1e-3);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Minus);
    h.key_press_modifiers(Modifiers::COMMAND, Key::Minus);
    h.run();
    assert!((h.state().settings.zoom - 0.9).abs() < 1e-3);
}

/// The sample imported to a fixed file name, so pictures do not change from run to run.
fn sample_file(dir: &FsPath) -> PathBuf {
    let file = dir.join("midori.hyoka");
    let doc = hyokasho::ron_io::import(include_str!("../assessments/midori-jidoteate-r7.ron")).unwrap();
    Store::create_holding(&file, &doc).unwrap().close().unwrap();
    file
}

fn rendered(file: &FsPath, open: Option<PathBuf>) -> Harness<'static, App> {
    let file = file.to_owned();
    let data = file.parent().unwrap().join("data");
    Harness::builder().with_size([1280.0, 900.0]).with_max_steps(64).with_theme(egui::Theme::Light).wgpu().build_eframe(
        move |cc| App::new(cc, AppOptions { open, dialogs: Box::new(Fake(file)), data_dir: data, open_folders: false }),
    )
}

#[test]
fn snapshot_of_the_start_screen() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = rendered(&dir.path().join("x.hyoka"), None);
    h.run();
    h.snapshot("start_screen");
}

/// The longest vertical run of pixels in column `x` between `top` and `bottom` that differ from
/// `background`.
fn longest_run(image: &image::RgbaImage, x: u32, top: u32, bottom: u32, background: egui::Color32) -> u32 {
    let differs = |y| {
        let p = image.get_pixel(x, y).0;
        let b = background.to_array();
        (0..3).any(|c| p[c].abs_diff(b[c]) > 12)
    };
    let (mut best, mut run) = (0, 0);
    for y in top..bottom.min(image.height()) {
        run = if differs(y) { run + 1 } else { 0 };
        best = best.max(run);
    }
    best
}

#[test]
fn the_navigation_scroll_bar_is_drawn_without_hovering() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample_file(dir.path());
    let mut h = rendered(&file, Some(file.clone()));
    // The pointer rests on the page, not on the list (a hovered list shows any bar).
    h.event(egui::Event::PointerMoved(egui::pos2(640.0, 450.0)));
    h.run();
    let nav_right = 340.0;
    let bar = h
        .get_all_by_role(Role::ScrollBar)
        .map(|n| n.rect())
        .find(|r| r.center().x < nav_right && r.height() > 400.0)
        .expect("the navigation list scrolls at 1280×900 with the sample");
    let image = h.render().unwrap();
    let ppp = h.ctx.pixels_per_point();
    let x = (bar.center().x * ppp) as u32;
    let (top, bottom) = ((bar.top() * ppp) as u32, (bar.bottom() * ppp) as u32);
    let background = h.ctx.global_style().visuals.panel_fill;
    // The handle is one long stroke; text under a hidden bar gives only runs of a line's height.
    let run = longest_run(&image, x, top, bottom, background);
    assert!(run as f32 > 100.0 * ppp, "no visible scroll bar handle at x={x} (longest run {run}px)");
}

#[test]
fn snapshot_of_the_outsourcing_risk_page() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample_file(dir.path());
    let mut h = rendered(&file, Some(file.clone()));
    click(&mut h, "4.特定個人情報ファイルの取扱いの委託");
    h.snapshot("iii_outsourcing");
}

#[test]
fn the_flow_diagram_can_be_enlarged_moved_and_opened_full_size() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample_file(dir.path());
    let mut h = rendered(&file, Some(file.clone()));
    click(&mut h, "（別添1）事務の内容");
    click(&mut h, "＋ 拡大");
    click(&mut h, "＋ 拡大");
    let zoom = h.state().editor.as_ref().unwrap().diagram_view.zoom;
    assert!((zoom - 2.25).abs() < 0.01, "{zoom}");
    assert!(h.query_by_label("225%").is_some());
    click(&mut h, "全体を表示");
    assert_eq!(h.state().editor.as_ref().unwrap().diagram_view.zoom, 1.0);
    click(&mut h, "大きな画面で見る");
    assert!(h.state().editor.as_ref().unwrap().diagram_full);
    h.snapshot("annex1_full_size");
    h.key_press(Key::Escape);
    h.run();
    assert!(!h.state().editor.as_ref().unwrap().diagram_full, "Esc closes it");

    // Split into two figures: naming one flow's 図 offers a choice of figures above the diagram.
    let ed = h.state_mut().editor.as_mut().unwrap();
    let flows = Path::top(ids::ANNEX1_DIAGRAM_FLOW);
    let last = ed.doc.instances(&flows).last().unwrap().clone();
    let figure = flows.child(&last, ids::ANNEX1_DIAGRAM_FLOW_FIGURE);
    ed.handle(hyokasho::gui::editor::Intent::Edit(
        vec![hyokasho::doc::Edit::Value { path: figure, entry: Some(hyokasho::doc::Entry::text("図2 保守")) }],
        None,
    ));
    h.run();
    let ed = h.state().editor.as_ref().unwrap();
    assert_eq!(ed.diagram_figures.len(), 2, "{:?} {:?}", ed.diagram_figures, ed.notice);
    click(&mut h, "図2 保守");
    assert_eq!(h.state().editor.as_ref().unwrap().diagram_figure, 1, "the named figure is shown");
    click(&mut h, "業務全体図（名前なし）");
    assert_eq!(h.state().editor.as_ref().unwrap().diagram_figure, 0);
}

#[test]
fn replace_shows_every_hit_first_and_applies_the_ticked_ones_as_one_undo_step() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample_file(dir.path());
    let mut h = harness(&file, Some(file.clone()));
    let count = |h: &Harness<'static, App>, phrase: &str| {
        let doc = &h.state().editor.as_ref().unwrap().doc;
        doc.values()
            .filter(|(_, e)| matches!(&e.value, hyokasho::doc::Value::Text(t) if t.as_str().contains(phrase)))
            .count()
    };
    let before = count(&h, "受給資格者");
    assert!(before > 3);
    // One of the answers is on screen (its field holds its text) when the replacement happens.
    let shown = {
        let doc = &h.state().editor.as_ref().unwrap().doc;
        let (path, _) = doc
            .values()
            .find(|(p, e)| {
                p.blocks.is_empty()
                    && matches!(&e.value, hyokasho::doc::Value::Text(t) if t.as_str().contains("受給資格者"))
            })
            .unwrap();
        path.clone()
    };
    h.state_mut().editor.as_mut().unwrap().reveal(shown.clone());
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    type_into(&mut h, Role::TextInput, "検索", "受給資格者");
    type_into(&mut h, Role::TextInput, "置換後", "受給資格者等");
    click(&mut h, "置換の確認…");
    assert!(h.query_by_label_contains("「受給資格者」→「受給資格者等」").is_some(), "a preview comes first");
    assert_eq!(count(&h, "受給資格者等"), count(&h, "受給資格者等"), "nothing changed yet");
    let untouched = count(&h, "受給資格者等");
    click(&mut h, &format!("選んだ{before}項目を置換"));
    assert!(count(&h, "受給資格者等") > untouched, "the answers were replaced");
    // Typing into the field that was on screen keeps the replacement (its field is read again).
    h.state_mut().editor.as_mut().unwrap().reveal(shown.clone());
    h.run();
    h.key_press(Key::End);
    h.event(egui::Event::Text("。".into()));
    h.run();
    let text = h.state().editor.as_ref().unwrap().doc.text(&shown).to_owned();
    assert!(text.contains("受給資格者等"), "the replacement survived typing in its field: {text}");
    // Ctrl+Z takes back the typing, then the whole replacement in one step.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(count(&h, "受給資格者等"), untouched, "one Ctrl+Z takes the whole replacement back");
}

#[test]
fn a_column_pasted_from_excel_becomes_one_record_item_per_line() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample_file(dir.path());
    let mut h = harness(&file, Some(file.clone()));
    let form = hyokasho::form::current();
    let page =
        hyokasho::gui::editor::Page::Node { ix: form.find(ids::ANNEX2_FILE).unwrap(), blocks: vec!["f-teate".into()] };
    h.state_mut().editor.as_mut().unwrap().goto(page);
    h.run();
    let list = Path::new(ids::ANNEX2_FILE_FIELD, &["f-teate"]);
    let before = h.state().editor.as_ref().unwrap().doc.instances(&list).len();
    click(&mut h, "Excelから貼り付け…");
    type_into(
        &mut h,
        Role::MultilineTextInput,
        "貼り付ける内容",
        "障害者手帳の等級\n特別児童扶養手当の受給の有無\n\n里親委託の有無\n",
    );
    click(&mut h, "3件を追加");
    let doc = &h.state().editor.as_ref().unwrap().doc;
    let ids_now = doc.instances(&list).to_vec();
    assert_eq!(ids_now.len(), before + 3);
    let last = ids_now.last().unwrap();
    assert_eq!(doc.text(&list.child(last, ids::ANNEX2_FILE_FIELD_NAME)), "里親委託の有無");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    click(&mut h, "OK");
    assert_eq!(
        h.state().editor.as_ref().unwrap().doc.instances(&list).len(),
        before,
        "one Ctrl+Z takes the paste back"
    );
}

#[test]
fn snapshot_of_the_annex1_tables_wrapped_to_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample_file(dir.path());
    let mut h = rendered(&file, Some(file.clone()));
    click(&mut h, "（別添1）事務の内容");
    click(&mut h, "図を隠す");
    assert!(h.query_by_label("業務全体図を表示").is_some(), "the diagram folds away for room");
    h.get_all_by_label_contains("データの流れ（").next().unwrap().scroll_to_me();
    h.run();
    // Every cell is on the page (left of 記入のしかた), and every row says what its cells are:
    // a heading just above each cell, not one far up the page.
    let page_right = h.get_by_label("記入のしかた").rect().left();
    for column in ["送り手", "受け手", "媒体", "向き", "委託事項（委託先への流れ）"] {
        let cells: Vec<egui::Rect> = h.get_all_by_role_and_label(Role::ComboBox, column).map(|n| n.rect()).collect();
        let headings = By::new().role(Role::Label).label(column).include_labels();
        let headings: Vec<egui::Rect> = h.query_all(headings).map(|n| n.rect()).collect();
        assert_eq!(cells.len(), 15, "{column}: a cell per データの流れ");
        for cell in &cells {
            assert!(cell.right() <= page_right, "{column}: a cell runs off the page at x={}", cell.right());
            let above = headings.iter().any(|h| h.bottom() <= cell.top() + 1.0 && cell.top() - h.bottom() < 30.0);
            assert!(above, "{column}: the cell at y={} has no heading just above it", cell.top());
        }
    }
    h.snapshot("annex1_tables");
}

fn request_close(h: &mut Harness<'static, App>) {
    h.input_mut().viewports.entry(egui::ViewportId::ROOT).or_default().events.push(egui::ViewportEvent::Close);
    h.run();
}

#[test]
fn closing_with_a_question_open_warns_first_and_loses_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("close.hyoka");
    let mut h = harness(&file, None);
    create(&mut h);
    click(&mut h, "Ⅰ基本情報");
    click(&mut h, "＋ システムを追加");
    click(&mut h, "削除");
    assert!(h.query_by_label("削除する").is_some());

    request_close(&mut h);
    assert!(h.state().editor.is_some(), "the close is held back");
    let question = h.state().close_question.clone().unwrap_or_default();
    assert!(question.contains("削除の確認が開いています") && question.contains("保存されています"), "{question}");
    // Both answers are on buttons: 戻る (also Esc) goes back to the open question…
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(h.state().close_question.is_none() && h.state().editor.is_some());
    assert!(h.query_by_label("削除する").is_some(), "the delete question is still there");
    // Esc answers the delete question やめる; the system stays.
    h.key_press(egui::Key::Escape);
    h.run();
    assert!(h.query_by_label("削除する").is_none());
    click(&mut h, "削除");
    // …and 終了する ends the program, giving up only the open question.
    request_close(&mut h);
    click(&mut h, "終了する");
    assert!(h.state().editor.is_none(), "終了する closes");
    let doc = Store::open(&file).unwrap().load_draft().unwrap();
    assert_eq!(doc.instances(&Path::top(ids::I_SYSTEM)).len(), 1, "the システム added before closing is in the file");
}

#[test]
fn a_frozen_version_opens_read_only_and_the_draft_comes_back() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample_file(dir.path());
    let mut h = harness(&file, Some(file.clone()));
    click(&mut h, "版の管理");
    click(&mut h, "版を確定…");
    click(&mut h, "確定する");
    wait_for(&mut h, "the frozen version", |app| app.editor.as_ref().is_some_and(|e| e.versions.len() == 1));
    click(&mut h, "OK");

    // Change the draft, then look at version 1: it still has the old name.
    click(&mut h, "Ⅰ基本情報");
    type_into(&mut h, Role::TextInput, "①事務の名称", "（改）");
    click(&mut h, "版の管理");
    click(&mut h, "開く（読み取り専用）");
    wait_for(&mut h, "the version to open", |app| app.editor.as_ref().is_some_and(|e| e.viewing == Some(1)));
    assert!(h.query_by_label_contains("読み取り専用で表示しています").is_some());
    let name = |app: &App| app.editor.as_ref().unwrap().doc.text(&Path::top(ids::I_TASK_NAME)).to_owned();
    assert_eq!(name(h.state()), "児童手当に関する事務");
    click(&mut h, "Ⅰ基本情報");
    type_into(&mut h, Role::TextInput, "①事務の名称", "書き換え");
    assert_eq!(name(h.state()), "児童手当に関する事務", "a frozen version cannot be edited");

    click(&mut h, "下書きに戻る");
    assert_eq!(h.state().editor.as_ref().unwrap().viewing, None);
    assert!(name(h.state()).ends_with("（改）"));
}

#[test]
fn the_precheck_page_lists_findings_that_lead_to_the_item_and_fills_the_threshold() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample_file(dir.path());
    let mut h = harness(&file, Some(file.clone()));

    // Empty a required answer; the check runs once typing pauses.
    click(&mut h, "Ⅰ基本情報");
    let name = h.get_by_role_and_label(Role::TextInput, "①事務の名称");
    name.focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.key_press(Key::Backspace);
    h.run();
    std::thread::sleep(std::time::Duration::from_millis(450));
    h.run();
    let findings = &h.state().editor.as_ref().unwrap().findings;
    assert!(findings.iter().any(|f| f.rule == "C01" && f.paths[0] == Path::top(ids::I_TASK_NAME)), "{findings:#?}");

    click(&mut h, "事前点検");
    assert!(h.query_by_label_contains("必須の項目が未記入です").is_some());
    click(&mut h, "Ⅰ 1. ①事務の名称");
    let ed = h.state().editor.as_ref().unwrap();
    assert_eq!(ed.focus, Some(Path::top(ids::I_TASK_NAME)), "the finding leads to the item");

    // しきい値判断: it starts from what the assessment says (Ⅰ1③ and the 取扱者数 of Ⅱ), and the
    // sample's bands (取扱者数 from 180 to over 500) cannot decide it: nothing is proposed.
    click(&mut h, "事前点検");
    assert!(h.query_by_label_contains("評価書から：対象人数はⅠ1③").is_some());
    assert!(h.query_by_label_contains("評価書の区分だけでは判断できません").is_some());
    assert!(h.query_by_label("この結果をⅥ1②に記入する").is_none());
    // 12万人, 取扱者数 620人 → 全項目評価 mandatory, as the sample says.
    type_into(&mut h, Role::TextInput, "対象人数（人）", "120000");
    type_into(&mut h, Role::TextInput, "取扱者数（委託先の従業者を含む）", "620");
    assert!(h.query_by_label_contains("基礎項目評価及び全項目評価が義務付けられます").is_some());
    assert!(h.query_by_label("Ⅵ1②はこの結果と同じです。").is_some(), "the sample already says so");
    // A different result never replaces a filled-in Ⅵ1② with one click: it asks, and やめる keeps it.
    retype(&mut h, "取扱者数（委託先の従業者を含む）", "100");
    let before = h.state().editor.as_ref().unwrap().doc.choice(&Path::top(ids::VI_BASIC_THRESHOLD)).to_owned();
    assert!(h.query_by_label_contains("今のⅥ1②").is_some(), "the difference is shown");
    click(&mut h, "この結果をⅥ1②に記入する");
    assert!(h.query_by_label("書き換える").is_some(), "it asks first");
    click(&mut h, "やめる");
    assert_eq!(h.state().editor.as_ref().unwrap().doc.choice(&Path::top(ids::VI_BASIC_THRESHOLD)), before);
    click(&mut h, "この結果をⅥ1②に記入する");
    click(&mut h, "書き換える");
    let doc = &h.state().editor.as_ref().unwrap().doc;
    assert_eq!(
        doc.choice(&Path::top(ids::VI_BASIC_THRESHOLD)),
        "基礎項目評価及び重点項目評価の実施が義務付けられる（任意に全項目評価を実施）"
    );
    // 評価書の記載から入れ直す brings the assessment's bands back.
    click(&mut h, "評価書の記載から入れ直す");
    let t = &h.state().editor.as_ref().unwrap().threshold;
    assert!(t.people.is_empty() && t.handlers.is_empty());
}

/// Replaces what a field holds, as a user does with Ctrl+A and typing.
fn retype(h: &mut Harness<'static, App>, label: &str, text: &str) {
    h.get_by_role_and_label(Role::TextInput, label).focus();
    h.run();
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    h.get_by_role_and_label(Role::TextInput, label).type_text(text);
    h.run();
}

#[test]
fn bands_that_cannot_decide_the_threshold_propose_nothing_and_overwrite_nothing() {
    use hyokasho::doc::Entry;
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(&dir.path().join("kaigo.hyoka"), None);
    create(&mut h);
    // A 介護保険 file used by 100–499 staff with a 委託先 of 10–49: 110 to 548 handlers.
    let stated = "基礎項目評価及び重点項目評価の実施が義務付けられる（任意に全項目評価を実施）";
    let doc = &mut editor_mut(&mut h).doc;
    doc.set(Path::top(ids::I_TASK_PEOPLE), Some(Entry::choice("1万人以上10万人未満"))).unwrap();
    doc.set(Path::top(ids::VI_BASIC_THRESHOLD), Some(Entry::choice(stated))).unwrap();
    let (f, edits) = doc.plan_add_block(&Path::top(ids::II_FILE)).unwrap();
    doc.apply(edits).unwrap();
    doc.set(Path::new(ids::II_FILE_NAME, &[&f]), Some(Entry::text("介護保険被保険者ファイル"))).unwrap();
    doc.set(Path::new(ids::II_FILE_USE_USERS_COUNT, &[&f]), Some(Entry::choice("100人以上500人未満"))).unwrap();
    doc.set(Path::new(ids::II_FILE_OUTSOURCING_STATUS, &[&f]), Some(Entry::choice("委託する"))).unwrap();
    let (t, edits) = doc.plan_add_block(&Path::new(ids::II_FILE_OUTSOURCING_TASK, &[&f])).unwrap();
    doc.apply(edits).unwrap();
    let handlers = Path::new(ids::II_FILE_OUTSOURCING_TASK_HANDLERS, &[&f, &t]);
    doc.set(handlers, Some(Entry::choice("10人以上50人未満"))).unwrap();

    click(&mut h, "事前点検");
    assert!(h.query_by_label_contains("110人以上548人以下").is_some(), "the range the bands admit is shown");
    assert!(h.query_by_label_contains("実際の取扱者数（委託先の従業者を含む）を入力").is_some());
    assert!(h.query_by_label_contains("Ⅵ1②：").is_none(), "no answer is proposed");
    assert!(h.query_by_label("この結果をⅥ1②に記入する").is_none(), "nothing can be written");
    assert_eq!(editor(h.state()).doc.choice(&Path::top(ids::VI_BASIC_THRESHOLD)), stated);

    // The actual number decides it: 620 agrees with Ⅵ1②, 120 differs and must be asked.
    type_into(&mut h, Role::TextInput, "取扱者数（委託先の従業者を含む）", "620");
    assert!(h.query_by_label("Ⅵ1②はこの結果と同じです。").is_some());
    retype(&mut h, "取扱者数（委託先の従業者を含む）", "120");
    assert!(h.query_by_label_contains("今のⅥ1②").is_some());
    click(&mut h, "この結果をⅥ1②に記入する");
    assert!(h.query_by_label("書き換える").is_some(), "it asks before overwriting");
    click(&mut h, "やめる");
    assert_eq!(editor(h.state()).doc.choice(&Path::top(ids::VI_BASIC_THRESHOLD)), stated);
}

#[test]
fn a_selected_passage_is_marked_withheld() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("withheld.hyoka");
    let mut h = harness(&file, None);
    create(&mut h);
    click(&mut h, "Ⅱ特定個人情報ファイルの概要");
    click(&mut h, "＋ 特定個人情報ファイルを追加");
    click(&mut h, "ファイル1 （名称未記入）");
    type_into(&mut h, Role::MultilineTextInput, "①保管場所", "第二データセンター");
    h.key_press_modifiers(Modifiers::COMMAND, Key::A);
    h.run();
    click(&mut h, "選択部分を非公開");
    let ed = h.state().editor.as_ref().unwrap();
    let f = ed.doc.instances(&Path::top(ids::II_FILE))[0].clone();
    let entry = ed.doc.get(&Path::new(ids::II_FILE_STORAGE_PLACE, &[&f])).unwrap();
    let hyokasho::doc::Value::Text(t) = &entry.value else { panic!("{entry:?}") };
    assert_eq!(t.segments().iter().filter(|s| s.withheld).map(|s| s.text).collect::<Vec<_>>(), ["第二データセンター"]);
    assert!(h.query_by_label("非公開部分あり").is_some());
}

#[test]
fn blocks_are_duplicated_and_reordered_and_redo_works() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("blocks.hyoka");
    let mut h = harness(&file, None);
    create(&mut h);
    click(&mut h, "Ⅰ基本情報");
    click(&mut h, "＋ システムを追加");
    type_into(&mut h, Role::TextInput, "①システムの名称", "児童手当システム");
    click(&mut h, "複製");
    let systems = |h: &Harness<'static, App>| {
        let doc = &h.state().editor.as_ref().unwrap().doc;
        doc.instances(&Path::top(ids::I_SYSTEM)).to_vec()
    };
    let two = systems(&h);
    assert_eq!(two.len(), 2, "duplicated");
    let names: Vec<String> = {
        let doc = &h.state().editor.as_ref().unwrap().doc;
        two.iter().map(|id| doc.text(&Path::new(ids::I_SYSTEM_NAME, &[id])).to_owned()).collect()
    };
    assert_eq!(names, ["児童手当システム", "児童手当システム"]);
    click(&mut h, "↓");
    assert_eq!(systems(&h), [two[1].clone(), two[0].clone()], "moved down");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(systems(&h), two, "undone");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Y);
    h.run();
    assert_eq!(systems(&h), [two[1].clone(), two[0].clone()], "redone with Ctrl+Y");
}

#[test]
fn pdf_export_from_the_toolbar_writes_both_editions() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample_file(dir.path());
    let mut h = harness(&file, Some(file.clone()));
    click(&mut h, "出力（PDF・Excel）");
    click(&mut h, "PDF出力（公表用）");
    let pdf = file.with_extension("pdf");
    let bytes = std::fs::read(&pdf).expect("the PDF was written");
    assert!(bytes.starts_with(b"%PDF-"));
    assert!(h.state().alert.as_deref().unwrap_or_default().contains("PDFを保存しました"));
    click(&mut h, "OK");
    std::fs::remove_file(&pdf).unwrap();
    click(&mut h, "出力（PDF・Excel）");
    click(&mut h, "PDF出力（点検用）");
    assert!(std::fs::read(&pdf).unwrap().len() > bytes.len() / 2);
}

#[test]
fn excel_export_from_the_toolbar_writes_both_editions() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample_file(dir.path());
    let mut h = harness(&file, Some(file.clone()));
    click(&mut h, "出力（PDF・Excel）");
    click(&mut h, "Excel出力（公表用）");
    let xlsx = file.with_extension("xlsx");
    let public = std::fs::read(&xlsx).expect("the workbook was written");
    assert!(public.starts_with(b"PK"), "a zip package");
    let told = h.state().alert.clone().unwrap_or_default();
    assert!(told.contains("Excelファイルを保存しました") && told.contains("確定していない下書き"), "{told}");
    click(&mut h, "OK");
    std::fs::remove_file(&xlsx).unwrap();
    click(&mut h, "出力（PDF・Excel）");
    click(&mut h, "Excel出力（点検用）");
    let full = std::fs::read(&xlsx).expect("the full workbook was written");
    assert!(full.starts_with(b"PK") && full != public, "the two editions differ");
    assert!(std::fs::read(&file).unwrap().starts_with(b"SQLite format 3"), "the assessment is untouched");
}

/// r7 frozen as 第1版（公表）, r8 as the draft: a year of changes to compare.
fn two_years_file(dir: &FsPath) -> PathBuf {
    let file = dir.join("midori.hyoka");
    let r7 = hyokasho::ron_io::import(include_str!("../assessments/midori-jidoteate-r7.ron")).unwrap();
    let r8 = hyokasho::ron_io::import(include_str!("../assessments/midori-jidoteate-r8.ron")).unwrap();
    let mut store = Store::create_holding(&file, &r7).unwrap();
    store.freeze(hyokasho::store::Stage::Published, "").unwrap();
    store.replace_draft(&r8).unwrap();
    store.close().unwrap();
    file
}

fn open_comparison(h: &mut Harness<'static, App>) {
    wait_for(h, "the version list", |app| app.editor.as_ref().is_some_and(|e| !e.versions.is_empty()));
    click(h, "版の管理");
    click(h, "下書きと比較");
    wait_for(h, "the comparison", |app| app.editor.as_ref().is_some_and(|e| e.compare.result.is_some()));
}

#[test]
fn the_comparison_page_lists_the_changes_leads_to_them_and_writes_the_change_log() {
    let dir = tempfile::tempdir().unwrap();
    let file = two_years_file(dir.path());
    let mut h = harness(&file, Some(file.clone()));
    open_comparison(&mut h);
    assert!(
        h.query_by_label("変更 18件（うち重要な変更の可能性 2件、表記のみ 2件）").is_some(),
        "the summary is at the top"
    );
    assert!(h.query_by_label_contains("委託事項4「児童手当に関する問合せ").is_some());
    assert!(h.query_by_label("1 / 18").is_some());
    click(&mut h, "次の変更 ▶");
    click(&mut h, "次の変更 ▶");
    assert!(h.query_by_label("3 / 18").is_some());
    click(&mut h, "◀ 前の変更");
    assert!(h.query_by_label("2 / 18").is_some());

    // Everything, not only the changes.
    click(&mut h, "変更のない項目も表示");
    let all = h.state().editor.as_ref().unwrap().compare.result.as_ref().unwrap().changes.len();
    assert!(all > 300, "{all}");
    click(&mut h, "変更のない項目も表示");

    // 別添3 rows from the comparison: fourteen changes are not listed yet (表紙 and 別添3 excluded).
    let rows = |app: &App| app.editor.as_ref().unwrap().doc.instances(&Path::top(ids::ANNEX3_CHANGE)).len();
    assert_eq!(rows(h.state()), 3);
    click(&mut h, "別添3に変更箇所を追加");
    assert_eq!(rows(h.state()), 17);
    assert!(h.state().editor.as_ref().unwrap().notice.as_deref().unwrap_or_default().contains("14件を追加しました"));
    click(&mut h, "OK");
    click(&mut h, "別添3に変更箇所を追加");
    assert_eq!(rows(h.state()), 17, "a second press adds nothing");
    click(&mut h, "OK");

    // The rows are in the file, and one undo takes them all away again.
    h.state().editor.as_ref().unwrap().flush();
    wait_for(&mut h, "the save", |app| app.editor.as_ref().unwrap().saved_at.is_some());
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(rows(h.state()), 3);

    // A change shows its whole text on request.
    click(&mut h, "全文を表示");
    assert!(h.query_by_label("変更部分だけ表示").is_some());
    click(&mut h, "変更部分だけ表示");

    // 別添3 leads back here for the whole answers its rows quote.
    let form = hyokasho::form::current();
    let annex3 = hyokasho::gui::editor::Page::Node { ix: form.find(ids::ANNEX3).unwrap(), blocks: Vec::new() };
    h.state_mut().editor.as_mut().unwrap().goto(annex3);
    h.run();
    click(&mut h, "変更前・変更後の全文を「版の比較」で見る");
    assert_eq!(h.state().editor.as_ref().unwrap().page, hyokasho::gui::editor::Page::Compare);

    // A change leads to its item in the editor.
    click(&mut h, "この項目へ");
    let page = h.state().editor.as_ref().unwrap().page.clone();
    assert!(matches!(page, hyokasho::gui::editor::Page::Node { .. }), "{page:?}");
}

#[test]
fn the_comparison_pdf_is_written_from_the_comparison_page() {
    let dir = tempfile::tempdir().unwrap();
    let file = two_years_file(dir.path());
    let mut h = harness(&file, Some(file.clone()));
    open_comparison(&mut h);
    click(&mut h, "比較表PDFを出力…");
    let bytes = std::fs::read(file.with_extension("pdf")).expect("the comparison PDF was written");
    assert!(bytes.starts_with(b"%PDF-"));
}

#[test]
fn snapshot_of_the_comparison_page() {
    let dir = tempfile::tempdir().unwrap();
    let file = two_years_file(dir.path());
    let mut h = rendered(&file, Some(file.clone()));
    open_comparison(&mut h);
    // The pointer stays where the last click was; take it away so the picture is stable.
    h.input_mut().events.push(egui::Event::PointerGone);
    h.run();
    h.snapshot("comparison");
}

fn editor(app: &App) -> &hyokasho::gui::editor::Editor {
    app.editor.as_ref().unwrap()
}

fn editor_mut<'a>(h: &'a mut Harness<'static, App>) -> &'a mut hyokasho::gui::editor::Editor {
    h.state_mut().editor.as_mut().unwrap()
}

#[test]
fn the_diagram_page_draws_the_flows_and_a_medium_edit_reaches_the_outsourcing_answer() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample_file(dir.path());
    let mut h = harness(&file, Some(file.clone()));
    click(&mut h, "（別添1）事務の内容");
    assert!(h.query_by_label_contains("箱や矢印をクリックすると").is_some(), "the live diagram is on the page");
    assert!(h.query_by_label("登場する者・システム（15件）").is_some());

    // What a widget does when the user picks 「フラッシュメモリ」 for the printing flow.
    let medium = Path::new(ids::ANNEX1_DIAGRAM_FLOW_MEDIUM, &["fl-insatsu"]);
    let entry = hyokasho::doc::Entry::choice("フラッシュメモリ");
    let edit = hyokasho::doc::Edit::Value { path: medium, entry: Some(entry) };
    editor_mut(&mut h).handle(hyokasho::gui::editor::Intent::Edit(vec![edit], None));
    h.run();
    let method = Path::new(ids::II_FILE_OUTSOURCING_TASK_METHOD, &["f-teate", "t-insatsu"]);
    let shown = |app: &App| {
        hyokasho::diff::answer(&editor(app).doc, editor(app).doc.form().find(&method.item).unwrap(), &method.blocks).0
    };
    assert_eq!(shown(h.state()), "フラッシュメモリ");

    // On the Ⅱ page the answer is shown, not typed, with where it comes from.
    click(&mut h, "ファイル1 児童手当ファイル");
    assert!(h.query_by_label("フラッシュメモリ").is_some());
    let notes = h.query_all_by_label("（別添1 業務全体図の登録内容から自動で記入されます）").count();
    assert!(notes >= 1, "{notes}");

    // One undo takes the flow and the derived answer back; both are in the file.
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(shown(h.state()), "電子記録媒体（フラッシュメモリを除く。）");
    editor(h.state()).flush();
    wait_for(&mut h, "the save", |app| editor(app).saved_at.is_some());
    click(&mut h, "閉じる");
    let doc = Store::open(&file).unwrap().load_draft().unwrap();
    assert_eq!(hyokasho::flows::derive::derived_edits(&doc), [], "the file agrees with its diagram");
}

#[test]
fn deleting_a_contractor_in_the_diagram_removes_its_chain_and_undo_restores_it() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample_file(dir.path());
    let mut h = harness(&file, Some(file.clone()));
    click(&mut h, "（別添1）事務の内容");
    let actors = Path::top(ids::ANNEX1_DIAGRAM_ACTOR);
    let what = "登場者9「株式会社みどり情報サービス」".to_owned();
    editor_mut(&mut h).handle(hyokasho::gui::editor::Intent::AskDelete {
        list: actors.clone(),
        id: "a-hoshu".into(),
        what,
    });
    h.run();
    click(&mut h, "削除する");
    let graph = |app: &App| hyokasho::flows::Graph::read(&editor(app).doc);
    let g = graph(h.state());
    assert!(g.actor("a-hoshu").is_none() && g.actor("a-green").is_none(), "the 再委託先 went with its 委託先");
    assert!(g.links.iter().all(|l| l.task != "t-hoshu"));
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    let g = graph(h.state());
    assert!(g.actor("a-hoshu").is_some() && g.actor("a-green").is_some());
    assert_eq!(g.links.iter().filter(|l| l.task == "t-hoshu").count(), 2);
}

#[test]
fn a_hand_drawn_diagram_is_attached_kept_in_the_file_and_printed() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample_file(dir.path());
    // The fake dialog offers the file next to the assessment, with the extension .png.
    std::fs::copy("tests/fixtures/hand-drawn-diagram.png", file.with_extension("png")).unwrap();
    let mut h = harness(&file, Some(file.clone()));
    click(&mut h, "（別添1）事務の内容");
    click(&mut h, "画像を添付…");
    assert!(h.query_by_label_contains("添付済み：480×300、PNG画像").is_some());
    editor(h.state()).flush();
    wait_for(&mut h, "the save", |app| editor(app).saved_at.is_some());
    click(&mut h, "出力（PDF・Excel）");
    click(&mut h, "PDF出力（点検用）");
    let pdf = file.with_extension("pdf");
    let list = std::process::Command::new("pdfimages").arg("-list").arg(&pdf).output().expect("pdfimages runs");
    let list = String::from_utf8_lossy(&list.stdout);
    assert!(list.contains(" 480 ") && list.contains(" 300 "), "the picture is in the PDF:\n{list}");
    click(&mut h, "OK");
    click(&mut h, "閉じる");
    let doc = Store::open(&file).unwrap().load_draft().unwrap();
    let image = doc.get(&Path::top(ids::ANNEX1_DIAGRAM_IMAGE)).map(|e| e.value.clone());
    let bytes = std::fs::read("tests/fixtures/hand-drawn-diagram.png").unwrap();
    assert_eq!(image, Some(hyokasho::doc::Value::Image(bytes.into())), "the picture is inside the .hyoka file");
}

#[test]
fn a_file_that_is_not_a_picture_is_refused_with_a_message() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample_file(dir.path());
    std::fs::write(file.with_extension("png"), "これは画像ではありません").unwrap();
    let mut h = harness(&file, Some(file.clone()));
    click(&mut h, "（別添1）事務の内容");
    click(&mut h, "画像を添付…");
    let notice = editor(h.state()).notice.clone().unwrap_or_default();
    assert!(notice.contains("PNG又はJPEG"), "{notice}");
    assert!(editor(h.state()).doc.get(&Path::top(ids::ANNEX1_DIAGRAM_IMAGE)).is_none());
}

#[test]
fn a_flow_medium_picked_in_the_flow_table_reaches_the_outsourcing_answer() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample_file(dir.path());
    let mut h = harness(&file, Some(file.clone()));
    click(&mut h, "（別添1）事務の内容");
    // The flows are a table: a row per flow, a dropdown per medium. Row 9 is the printing flow.
    let flows = hyokasho::flows::Graph::read(&editor(h.state()).doc).flows;
    let row = flows.iter().position(|f| f.id == "fl-insatsu").unwrap();
    // Picked in the diagram (as a click on its line does), the row scrolls into view.
    editor_mut(&mut h).picked = Some(("fl-insatsu".into(), true));
    h.run();
    let combo = h.get_all_by_role_and_label(Role::ComboBox, "媒体").nth(row).expect("a 媒体 dropdown per row");
    assert!(combo.rect().max.y < 900.0, "the picked row is in view: {:?}", combo.rect());
    combo.click();
    h.run();
    click(&mut h, "フラッシュメモリ");
    let method = Path::new(ids::II_FILE_OUTSOURCING_TASK_METHOD, &["f-teate", "t-insatsu"]);
    let doc = &editor(h.state()).doc;
    let shown = hyokasho::diff::answer(doc, doc.form().find(&method.item).unwrap(), &method.blocks).0;
    assert_eq!(shown, "フラッシュメモリ");
}

/// The stored text of ①事務の名称.
fn task_name(app: &App) -> String {
    app.editor.as_ref().unwrap().doc.text(&Path::top(ids::I_TASK_NAME)).to_owned()
}

#[test]
fn a_character_outside_the_main_font_is_drawn_with_the_fallback_font() {
    // The harness panics on a missing glyph (no `allow_missing_glyphs`): 𠮷 (U+20BB7) is not in
    // BIZ UDPGothic, so this passes only because IPAmj明朝 follows it in the font families.
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("介護保険.hyoka");
    let mut h = rendered(&file, None);
    create(&mut h);
    click(&mut h, "Ⅰ基本情報");
    type_into(&mut h, Role::TextInput, "①事務の名称", "𠮷田と葛\u{E0100}飾の𩸽");
    assert_eq!(task_name(h.state()), "𠮷田と葛\u{E0100}飾の𩸽");
    // The status bar says when the file was saved: not part of the picture.
    h.mask(egui::Rect::from_min_max(egui::pos2(0.0, 870.0), egui::pos2(1280.0, 900.0)));
    h.snapshot("gaiji_in_a_text_item");
}

#[test]
fn pasted_radicals_become_kanji_and_the_user_is_told() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("介護保険.hyoka");
    let mut h = harness(&file, None);
    create(&mut h);
    click(&mut h, "Ⅰ基本情報");
    let field = h.get_by_role_and_label(Role::TextInput, "①事務の名称");
    field.focus();
    h.run();
    // What copying 「入力」 out of some PDFs gives: KANGXI RADICAL ENTER, KANGXI RADICAL POWER.
    // A TAB from Excel is kept and shown as spaces (egui draws it so; the PDF prints spaces).
    h.event(egui::Event::Paste("データ\u{2F0A}\u{2F12}\u{7}事務\t介護".into()));
    h.run();
    assert_eq!(task_name(h.state()), "データ入力事務\t介護");
    let notice = "部首の文字（U+2F0A、U+2F12）を通常の漢字（入力）に置き換えました。印刷できない制御文字（U+0007）を取り除きました。";
    assert!(h.query_by_label(notice).is_some(), "the notice is shown");
    click(&mut h, "OK");
    assert!(h.query_by_label(notice).is_none());
}

#[test]
fn snapshot_of_a_file_name_with_an_underscore() {
    let dir = tempfile::tempdir().unwrap();
    let sample = sample_file(dir.path());
    let file = dir.path().join("s_点検用.hyoka");
    std::fs::rename(&sample, &file).unwrap();
    let mut h = rendered(&file, Some(file.clone()));
    h.run();
    h.snapshot("underscore_in_file_name");
}

#[test]
fn tab_after_the_toolbar_goes_on_through_the_navigation_and_enter_opens_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let file = sample_file(dir.path());
    let mut h = harness(&file, Some(file.clone()));
    h.get_by_label("閉じる").focus();
    h.run();
    let focused = |h: &Harness<'static, App>| -> Vec<String> {
        h.query_all(egui_kittest::kittest::by())
            .filter(|n| n.is_focused())
            .filter_map(|n| n.accesskit_node().label())
            .collect()
    };
    h.key_press(Key::Tab);
    h.run();
    assert_eq!(focused(&h), ["使い方"], "the focus goes on to the first entry of the tree, not nowhere");
    // 使い方 → 概要 → 事前点検 → 評価の手続 → 質問事項と回答 → 対策計画 → 表紙.
    for _ in 0..6 {
        h.key_press(Key::Tab);
        h.run();
    }
    assert_eq!(focused(&h), ["表紙"]);
    h.key_press(Key::Enter);
    h.run();
    let page = h.state().editor.as_ref().unwrap().page.clone();
    let form = hyokasho::form::current();
    assert_eq!(page, hyokasho::gui::editor::Page::Node { ix: form.find(ids::COVER).unwrap(), blocks: Vec::new() });
}

/// Between 事前点検 and 第三者点検 nothing is published yet: the comparison calls ※-item changes
/// 修正, not 重要な変更, and offers no 別添3 rows (後期高齢者医療 wording of our own).
#[test]
fn before_the_first_publication_the_comparison_speaks_of_revisions_and_offers_no_annex3_rows() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("koki.hyoka");
    let text = |s: &str| {
        let mut doc = hyokasho::doc::Assessment::new(hyokasho::form::current());
        doc.set(Path::top(ids::I_TASK_CONTENT), Some(hyokasho::doc::Entry::text(s))).unwrap();
        doc
    };
    let mut store = Store::create_holding(&file, &text("後期高齢者医療の被保険者の資格管理を行う。")).unwrap();
    store.freeze(hyokasho::store::Stage::Precheck, "").unwrap();
    store.replace_draft(&text("後期高齢者医療の被保険者の資格管理及び保険料の賦課を行う。")).unwrap();
    store.close().unwrap();
    let mut h = harness(&file, Some(file.clone()));
    open_comparison(&mut h);
    assert!(h.query_by_label_contains("公表前のため重要な変更には当たりません").is_some());
    assert!(h.query_by_label_contains("※項目の修正（公表前）").is_some());
    assert!(h.query_by_label_contains("重要な変更の可能性").is_none());
    let button = h.get_by_label("別添3に変更箇所を追加");
    assert!(button.accesskit_node().is_disabled(), "no 別添3 before the first 公表");
}

/// 使い方 explains the procedure step by step, as a 職員 opening the program first needs it.
#[test]
fn the_guide_page_walks_through_the_procedure() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(&dir.path().join("unused.hyoka"), None);
    click(&mut h, "サンプルを開く");
    click(&mut h, "使い方");
    for step in ["1. 作成", "2. 事前点検", "3. 市民意見聴取", "4. 第三者点検", "5. 公表", "6. 見直し・重要な変更"]
    {
        assert!(h.query_by_label(step).is_some(), "{step} is explained");
    }
}

/// Esc closes the search bar, as in Word.
#[test]
fn escape_closes_the_search_bar() {
    let dir = tempfile::tempdir().unwrap();
    let mut h = harness(&dir.path().join("unused.hyoka"), None);
    click(&mut h, "サンプルを開く");
    h.key_press_modifiers(Modifiers::COMMAND, Key::F);
    h.run();
    assert!(h.state().editor.as_ref().unwrap().search.open);
    type_into(&mut h, Role::TextInput, "検索", "委託");
    h.key_press(Key::Escape);
    h.run();
    assert!(!h.state().editor.as_ref().unwrap().search.open, "Esc closes the search");
}

/// Enter answers a message box with its default button (「OK」), as Windows dialogs do.
#[test]
fn enter_answers_a_message_box() {
    let dir = tempfile::tempdir().unwrap();
    let file = two_years_file(dir.path());
    let mut h = harness(&file, Some(file.clone()));
    open_comparison(&mut h);
    click(&mut h, "別添3に変更箇所を追加");
    assert!(h.state().editor.as_ref().unwrap().notice.is_some(), "the result is told in a message box");
    h.key_press(Key::Enter);
    h.run();
    assert!(h.state().editor.as_ref().unwrap().notice.is_none(), "Enter closed it");
}

/// 住民基本台帳: an IP address written in open text is suggested for 非公開 on the 事前点検 page,
/// and one click withholds exactly that passage (the rest of the answer stays open).
#[test]
fn a_security_detail_in_open_text_is_withheld_with_one_click() {
    use hyokasho::doc::{Entry, Value};
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("juki.hyoka");
    let mut doc = hyokasho::doc::Assessment::new(hyokasho::form::current());
    let (f, edits) = doc.plan_add_block(&Path::top(ids::II_FILE)).unwrap();
    doc.apply(edits).unwrap();
    let path = Path::new(ids::III_FILE_USE_R3_MEASURES, &[&f]);
    let text = "住基サーバー（192.168.20.15）との通信は専用線に限り、係長が毎月ログを確認する。";
    doc.set(path.clone(), Some(Entry::text(text))).unwrap();
    Store::create_holding(&file, &doc).unwrap().close().unwrap();
    let mut h = harness(&file, Some(file.clone()));
    click(&mut h, "事前点検");
    assert!(h.query_by_label_contains("IPアドレス").is_some(), "the suggestion is listed");
    click(&mut h, "この部分を非公開にする");
    let ed = h.state().editor.as_ref().unwrap();
    let Some(Value::Text(t)) = ed.doc.get(&path).map(|e| &e.value) else { panic!("the answer is text") };
    let withheld: Vec<&str> = t.withheld().iter().map(|r| &t.as_str()[r.clone()]).collect();
    assert_eq!(withheld, ["192.168.20.15"], "only the address is withheld");
    assert_eq!(t.as_str(), text, "the text itself is unchanged");
}

/// 確認済み: on the 事前点検 page a finding is marked with a reason (none, no mark), leaves the
/// count, is listed apart with its reason, reaches the file, and can be taken back. A blind
/// 国民健康保険 file whose 評価実施機関名 names a 課.
#[test]
fn a_finding_is_marked_acknowledged_with_a_reason_and_taken_back() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("国保.hyoka");
    let text = std::fs::read_to_string("tests/defective/kokuho-clean.ron").unwrap();
    let mut doc = hyokasho::ron_io::import(&text).unwrap();
    doc.set(Path::top(ids::COVER_BODY), Some(hyokasho::doc::Entry::text("かわせみ市 国保年金課"))).unwrap();
    Store::create_holding(&file, &doc).unwrap().close().unwrap();
    let mut h = harness(&file, Some(file.clone()));
    click(&mut h, "事前点検");
    wait_for(&mut h, "the check", |app| app.editor.as_ref().is_some_and(|e| e.findings.len() == 1));
    assert!(h.query_by_label_contains("警告 1件").is_some());

    click(&mut h, "確認済みにする…");
    // Without a reason the mark cannot be given.
    assert!(h.get_by_label("確認済みにする").accesskit_node().is_disabled(), "no mark without a reason");
    let reason = "条例により課長に委任された事務のため、課名を併記する。";
    type_into(&mut h, Role::MultilineTextInput, "記載を直さない理由（点検する人が読みます）:", reason);
    click(&mut h, "確認済みにする");
    assert!(h.query_by_label_contains("警告 0件").is_some(), "the marked finding is not counted");
    assert!(h.query_by_label_contains("確認済みとした指摘（1件）").is_some());
    click(&mut h, "確認済みとした指摘（1件）");
    assert!(h.query_by_label_contains(reason).is_some(), "the reason is shown");

    // In the file, with today's date.
    let marks = |app: &App| app.editor.as_ref().unwrap().doc.acknowledgements().count();
    assert_eq!(marks(h.state()), 1);
    drop(h);
    let saved = Store::open_read_only(&file).unwrap().load_draft().unwrap();
    let (_, mark) = saved.acknowledgements().next().expect("the mark reached the file");
    assert_eq!((mark.reason.as_str(), mark.on), (reason, jiff::ZonedDateTime::now().date()));

    // Taken back: counted again.
    let mut h = harness(&file, Some(file.clone()));
    click(&mut h, "事前点検");
    wait_for(&mut h, "the check", |app| app.editor.as_ref().is_some_and(|e| e.findings.len() == 1));
    assert!(h.query_by_label_contains("警告 0件").is_some(), "still marked after reopening");
    click(&mut h, "確認済みとした指摘（1件）");
    click(&mut h, "確認済みを取り消す");
    assert!(h.query_by_label_contains("警告 1件").is_some());
    assert_eq!(marks(h.state()), 0);
}

/// 質問事項: a committee member's question is added beside the item it is about, answered there
/// (the status follows), listed on 質問事項と回答 with a link back to the item, and filtered by
/// status; it reaches the file. (国民健康保険)
#[test]
fn a_question_is_added_beside_its_item_answered_and_listed() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("国保.hyoka");
    let text = std::fs::read_to_string("tests/defective/kokuho-clean.ron").unwrap();
    let doc = hyokasho::ron_io::import(&text).unwrap();
    Store::create_holding(&file, &doc).unwrap().close().unwrap();
    let mut h = rendered(&file, Some(file.clone()));
    click(&mut h, "表紙");
    h.get_by_role_and_label(Role::TextInput, "評価実施機関名").focus();
    h.run();
    assert!(h.query_by_label("この項目への質問（0件）").is_some());
    click(&mut h, "この項目に質問を追加");
    assert!(h.query_by_label("この項目への質問（1件）").is_some());
    type_into(&mut h, Role::TextInput, "質問者", "稲垣委員");
    type_into(&mut h, Role::MultilineTextInput, "質問・意見", "機関名は市長でよいか。〜①髙𠮷");
    assert!(h.query_by_label("［未回答］").is_some());
    type_into(&mut h, Role::MultilineTextInput, "回答", "市長が評価実施機関です。");
    assert!(h.query_by_label("［回答済］").is_some(), "writing the answer moves it to 回答済");
    // The status bar's 「保存済み 16:20:47」 and the day the question was added would differ on
    // every run: the snapshots show a fixed day and no time.
    let unclocked = |h: &mut Harness<'static, App>| {
        let ed = h.state_mut().editor.as_mut().unwrap();
        let fixed: Vec<hyokasho::doc::Edit> = ed
            .doc
            .questions()
            .map(|(id, q)| {
                let mut q = q.clone();
                q.asked_on = Some(jiff::civil::date(2026, 7, 10));
                hyokasho::doc::Edit::ReviewItem { id: id.clone(), question: Some(Box::new(q)) }
            })
            .collect();
        ed.edit(fixed, None);
        without_clock(h);
    };
    unclocked(&mut h);
    h.snapshot("question_beside_item");

    click(&mut h, "質問事項と回答");
    assert!(h.query_by_label_contains("質問・意見 1件（うち未回答 0件）").is_some());
    let link = h
        .get_all_by_label_contains("評価実施機関名")
        .find(|n| n.accesskit_node().role() == Role::Link)
        .map(|n| n.accesskit_node().label().unwrap_or_default());
    let link = link.expect("the item, as a link");
    unclocked(&mut h);
    h.snapshot("questions_list");
    // Filtered to the unanswered: none.
    h.get_all_by_role_and_label(Role::ComboBox, "状況").next().unwrap().click();
    h.run();
    click(&mut h, "未回答");
    assert!(h.query_by_label("該当する質問はありません。").is_some());
    h.get_all_by_role_and_label(Role::ComboBox, "状況").next().unwrap().click();
    h.run();
    click(&mut h, "回答済");
    assert!(h.query_by_label("該当する質問はありません。").is_none());
    click(&mut h, &link);
    let ed = h.state().editor.as_ref().unwrap();
    assert_eq!(ed.focus, Some(Path::top(ids::COVER_BODY)), "the link leads to the item");

    drop(h);
    let saved = Store::open_read_only(&file).unwrap().load_draft().unwrap();
    let (_, q) = saved.questions().next().expect("the question reached the file");
    assert_eq!((q.number.as_str(), q.asker.as_str()), ("1", "稲垣委員"));
    assert_eq!(q.question.as_str(), "機関名は市長でよいか。〜①髙𠮷");
    assert_eq!(q.answer.as_str(), "市長が評価実施機関です。");
    assert_eq!(q.status, hyokasho::review::Status::Answered);
    assert_eq!(q.item, Path::top(ids::COVER_BODY));
}

/// 質問事項の表 from the window: the questions go out as a workbook, and a committee's sheet
/// comes in only after the user has seen what it would add and which rows cannot be taken
/// (here line 3, a status nobody uses); 「誤りの行を除いて読み込む」 takes the rest as one undo
/// step. (国民健康保険)
#[test]
fn a_committees_sheet_is_read_in_after_a_look_at_what_it_would_do() {
    use hyokasho::review::sheet;
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("国保.hyoka");
    let text = std::fs::read_to_string("tests/defective/kokuho-clean.ron").unwrap();
    let doc = hyokasho::ron_io::import(&text).unwrap();
    Store::create_holding(&file, &doc).unwrap().close().unwrap();
    // The committee's sheet: two questions by item ID, the second with a status nobody uses.
    let mut rows = vec![sheet::COLUMNS.iter().map(|c| c.to_string()).collect::<Vec<_>>()];
    let row = |n: &str, item: &str, q: &str, status: &str| {
        let mut r = vec![String::new(); sheet::COLUMNS.len()];
        r[0] = n.into();
        r[4] = item.into();
        r[5] = "藤谷委員".into();
        r[7] = q.into();
        r[9] = status.into();
        r
    };
    rows.push(row("1", "iii.file[f-kokuho].use.r2.usage_log.how", "操作ログは誰が確認しますか。", ""));
    rows.push(row("2", "iii.file[f-kokuho].use.r4.measures", "USBメモリの台帳はありますか。", "確認中"));
    std::fs::write(file.with_extension("xlsx"), sheet::to_xlsx(&rows).unwrap()).unwrap();

    let mut h = harness(&file, Some(file.clone()));
    click(&mut h, "質問事項と回答");
    click(&mut h, "表から読み込む…");
    assert!(h.query_by_label("追加 1件、更新 0件").is_some());
    assert!(h.query_by_label_contains("3行目：状況「確認中」").is_some(), "the bad row, by its line");
    assert_eq!(h.state().editor.as_ref().unwrap().doc.questions().count(), 0, "nothing before the answer");
    click(&mut h, "誤りの行を除いて読み込む");
    assert_eq!(h.state().editor.as_ref().unwrap().doc.questions().count(), 1);
    assert!(h.query_by_label_contains("質問・意見 1件（うち未回答 1件）").is_some());

    // Out as a workbook beside the assessment (the fake dialog's answer), and it reads back.
    click(&mut h, "Excelに書き出す");
    assert!(h.query_by_label_contains("質問 1件を書き出しました").is_some());
    click(&mut h, "OK");
    let back = sheet::from_xlsx(&std::fs::read(file.with_extension("xlsx")).unwrap()).unwrap();
    assert_eq!(back[1].1[7], "操作ログは誰が確認しますか。");
    // The 質問事項・回答一覧 for the meeting, as a PDF.
    click(&mut h, "一覧をPDFにする（点検用）");
    assert!(h.query_by_label_contains("PDFを保存しました").is_some());
    click(&mut h, "OK");
    let printed = common::squash(&common::pdftotext(&std::fs::read(file.with_extension("pdf")).unwrap()));
    assert!(printed.contains("操作ログは誰が確認しますか。"), "{printed}");
    click(&mut h, "部会報告書（案）をPDFにする");
    assert!(h.query_by_label_contains("PDFを保存しました").is_some());
    click(&mut h, "OK");
    let printed = common::squash(&common::pdftotext(&std::fs::read(file.with_extension("pdf")).unwrap()));
    assert!(printed.contains("部会報告書（案）") && printed.contains("操作ログは誰が確認しますか。"), "{printed}");
    h.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    h.run();
    assert_eq!(h.state().editor.as_ref().unwrap().doc.questions().count(), 0, "one undo step takes the import back");
}

/// 対策計画: a risk left 「課題が残されている」 appears as needing a plan; 「計画を立てる」 makes one,
/// whose measure, responsible, due date and progress are typed in, kept in the file and printed
/// in the 質問事項と回答 PDF. (国民健康保険)
#[test]
fn a_remaining_issue_gets_a_plan_that_is_kept_and_printed() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("国保.hyoka");
    let text = std::fs::read_to_string("tests/defective/kokuho-clean.ron").unwrap();
    let mut doc = hyokasho::ron_io::import(&text).unwrap();
    let risk = Path::new(ids::III_FILE_ACQUIRE_R2_SUFFICIENCY, &["f-kokuho"]);
    doc.set(risk.clone(), Some(hyokasho::doc::Entry::choice("課題が残されている"))).unwrap();
    Store::create_holding(&file, &doc).unwrap().close().unwrap();
    let mut h = rendered(&file, Some(file.clone()));
    click(&mut h, "対策計画");
    assert!(h.query_by_label_contains("計画のない課題・予定 1件").is_some());
    click(&mut h, "計画を立てる");
    assert!(h.query_by_label_contains("計画 1件（うち完了 0件）　計画のない課題・予定 0件").is_some());
    type_into(&mut h, Role::MultilineTextInput, "予定する対策", "届出書の様式を見直し、不要な記載欄を削除する。");
    type_into(&mut h, Role::TextInput, "担当", "国保年金課 資格係");
    type_into(&mut h, Role::TextInput, "期限", "R9.3.31");
    h.get_by_role_and_label(Role::ComboBox, "進み具合").click();
    h.run();
    click(&mut h, "実施中");
    assert!(h.query_by_label("［実施中］").is_some());
    without_clock(&mut h);
    h.snapshot("action_plan");

    click(&mut h, "質問事項と回答");
    click(&mut h, "一覧をPDFにする（点検用）");
    click(&mut h, "OK");
    let printed = common::squash(&common::pdftotext(&std::fs::read(file.with_extension("pdf")).unwrap()));
    assert!(printed.contains("届出書の様式を見直し") && printed.contains("令和9年3月31日"), "{printed}");
    drop(h);
    let saved = Store::open_read_only(&file).unwrap().load_draft().unwrap();
    let (_, a) = saved.actions().next().expect("the plan reached the file");
    assert_eq!(a.item, risk);
    assert_eq!((a.responsible.as_str(), a.due), ("国保年金課 資格係", Some(jiff::civil::date(2027, 3, 31))));
    assert_eq!(a.progress, hyokasho::review::action::Progress::Underway);
}

/// 評価の手続 on a 国民健康保険 file: starting the 市民意見聴取 and the 第三者点検 from the page
/// freezes a version for each, the typed dates, method and outcome fill Ⅵ 2. and 3., a residents'
/// opinion reaches the 市民意見 summary, and everything is in the file after closing.
#[test]
fn the_procedure_page_records_the_stages_and_fills_section_vi() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("国保.hyoka");
    let text = std::fs::read_to_string("tests/defective/kokuho-clean.ron").unwrap();
    let mut doc = hyokasho::ron_io::import(&text).unwrap();
    for id in [ids::VI_COMMENT_METHOD, ids::VI_REVIEW_METHOD, ids::VI_REVIEW_RESULT] {
        doc.set(Path::top(id), None).unwrap();
    }
    let mut opinion = hyokasho::review::ReviewItem::new("1", Path::top(ids::VI_COMMENT_METHOD));
    opinion.asker = "市民（意見聴取）".into();
    opinion.question = hyokasho::doc::Text::plain("保険証の廃止後、資格確認書の送付先はどう管理するのか。");
    opinion.answer = hyokasho::doc::Text::plain("住所の異動はシステムで自動的に反映する。");
    opinion.status = hyokasho::review::Status::Answered;
    doc.apply(vec![hyokasho::doc::Edit::ReviewItem { id: "q-resid1".into(), question: Some(Box::new(opinion)) }])
        .unwrap();
    Store::create_holding(&file, &doc).unwrap().close().unwrap();
    let mut h = rendered(&file, Some(file.clone()));
    click(&mut h, "評価の手続");
    assert!(h.query_by_label_contains("手続の記録はまだありません").is_some());

    click(&mut h, "市民意見聴取を始める");
    wait_for(&mut h, "the version of the 意見聴取", |app| {
        app.editor.as_ref().is_some_and(|e| e.versions.len() == 1)
    });
    assert!(h.query_by_label_contains("第1版（市民意見聴取）を確定しました").is_some());
    click(&mut h, "OK");
    retype(&mut h, "開始日（評価書案を公示した日）", "R8.5.11");
    retype(&mut h, "終了日", "R8.5.25");
    assert!(h.query_by_label_contains("期間 15日：30日未満です").is_some(), "a short period is pointed out");
    type_into(
        &mut h,
        Role::MultilineTextInput,
        "期間を短縮する特段の理由（30日未満のときだけ。Ⅵ2.③）",
        "法改正の施行日までに手続を終える必要があったため。",
    );
    type_into(
        &mut h,
        Role::MultilineTextInput,
        "方法（Ⅵ2.①）",
        "市ホームページ及び国保年金課窓口で評価書案を閲覧に供し、郵送・電子メールで意見を受け付けた。",
    );
    for (label, text) in [
        ("主な意見の内容（Ⅵ2.④）", "1件。資格確認書の送付先の管理について。"),
        ("評価書への反映（Ⅵ2.⑤）", "評価書の修正は要しないと判断した。"),
    ] {
        h.get_by_role_and_label(Role::MultilineTextInput, label).focus();
        h.run();
        h.key_press_modifiers(Modifiers::COMMAND, Key::A);
        h.run();
        h.get_by_role_and_label(Role::MultilineTextInput, label).type_text(text);
        h.run();
    }
    assert!(h.query_by_label_contains("市民からの意見：1件").is_some());

    click(&mut h, "第三者点検を始める");
    wait_for(&mut h, "the version of the 第三者点検", |app| {
        app.editor.as_ref().is_some_and(|e| e.versions.len() == 2)
    });
    click(&mut h, "OK");
    let meetings = "開催日（複数回は「、」で区切る。例：R8.7.3（第1回部会）、R8.8.21（第2回部会）。Ⅵ3.①）";
    retype(&mut h, meetings, "R8.7.3（第1回部会）、R8.8.21（第2回部会）");
    type_into(
        &mut h,
        Role::MultilineTextInput,
        "方法（点検した機関・諮問と答申など。Ⅵ3.②）",
        "みなと市個人情報保護審議会に諮問し、部会で点検を受けた。",
    );
    type_into(&mut h, Role::MultilineTextInput, "結果（答申の要旨と修正した点。Ⅵ3.③）", "適切であるとの答申を受けた。");
    assert!(h.query_by_label_contains("Ⅵ3.に記入中").is_some() && h.query_by_label_contains("第2版を確定").is_some());
    without_clock(&mut h);
    h.snapshot("procedure_page");

    // Ⅵ shows what the records say; the 市民意見 summary lists the opinion.
    click(&mut h, "Ⅵ評価実施手続");
    let shown: Vec<String> =
        h.query_all_by_role(Role::MultilineTextInput).filter_map(|n| n.accesskit_node().value()).collect();
    assert!(shown.iter().any(|v| v == "適切であるとの答申を受けた。"), "{shown:?}");
    // A question added here is asked about 第2版, on the page its item has in 第2版's PDF.
    h.get_all_by_role_and_label(Role::MultilineTextInput, "③結果").next().unwrap().scroll_to_me();
    h.run();
    h.get_all_by_role_and_label(Role::MultilineTextInput, "③結果").next().unwrap().focus();
    h.run();
    click(&mut h, "この項目に質問を追加");
    let paged = |app: &App| app.editor.as_ref().unwrap().doc.questions().any(|(_, q)| q.page.is_some());
    wait_for(&mut h, "the page of the item in 第2版", paged);
    let asked = {
        let ed = h.state().editor.as_ref().unwrap();
        let (_, q) = ed.doc.questions().find(|(_, q)| q.item == Path::top(ids::VI_REVIEW_RESULT)).unwrap();
        q.clone()
    };
    click(&mut h, "質問事項と回答");
    click(&mut h, "市民意見の概要をPDFにする");
    click(&mut h, "OK");
    let printed = common::squash(&common::pdftotext(&std::fs::read(file.with_extension("pdf")).unwrap()));
    for expected in [
        "市民意見の概要と対応",
        "令和8年5月11日から令和8年5月25日まで（15日間）",
        "資格確認書の送付先はどう管理するのか",
        "法改正の施行日",
    ] {
        assert!(printed.contains(&common::squash(expected)), "{expected} missing from {printed}");
    }
    drop(h);

    let store = Store::open_read_only(&file).unwrap();
    let saved = store.load_draft().unwrap();
    let stages: Vec<_> = store.versions().unwrap().into_iter().map(|v| v.stage).collect();
    let second = store.load_version(2).unwrap();
    let edition = hyokasho::pdf::Edition { label: "第2版".into(), draft: true, public: false };
    let page = hyokasho::pdf::item_pages(&second, &edition)[&Path::top(ids::VI_REVIEW_RESULT)];
    assert_eq!((asked.version, asked.page), (Some(2), Some(page)));
    assert!(page > 10, "Ⅵ is far into the 評価書: {page}");
    assert_eq!(stages, ["市民意見聴取", "第三者点検"]);
    let Some(hyokasho::doc::Value::Date(d)) = saved.get(&Path::top(ids::VI_REVIEW_DATE)).map(|e| e.value.clone())
    else {
        panic!("Ⅵ3① is filled")
    };
    assert_eq!(d.wareki(), "令和8年7月3日（第1回部会）、令和8年8月21日（第2回部会）");
    assert_eq!(saved.text(&Path::top(ids::VI_COMMENT_SHORTENED)), "法改正の施行日までに手続を終える必要があったため。");
    assert_eq!(saved.text(&Path::top(ids::VI_REVIEW_RESULT)), "適切であるとの答申を受けた。");
    let versions: Vec<_> =
        hyokasho::review::procedure::ordered(&saved).into_iter().map(|(_, r)| (r.stage.label(), r.version)).collect();
    assert_eq!(versions, [("市民意見聴取", Some(1)), ("第三者点検", Some(2))]);
}

/// 「既存の評価書を読み込む」: a 国民健康保険 評価書 kept as an Excel workbook is read, the report
/// shown (only what needs a look, then every item with the cell it came from), and a new
/// assessment file made of it only when the user says so.
#[test]
fn an_existing_workbook_is_read_after_a_look_at_the_report() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("国保.hyoka");
    let text = std::fs::read_to_string("tests/defective/kokuho-clean.ron").unwrap();
    let original = hyokasho::ron_io::import(&text).unwrap();
    let edition = hyokasho::content::Edition { label: "第1版".into(), draft: false, public: false };
    std::fs::write(file.with_extension("xlsx"), hyokasho::xlsx::export(&original, &edition).unwrap()).unwrap();
    let mut h = rendered(&file, None);
    click(&mut h, "既存の評価書を読み込む…");
    wait_for(&mut h, "the report", |app| app.document.is_some());
    assert!(h.query_by_label_contains("既存の評価書の読み取り結果").is_some());
    assert!(h.query_by_label_contains("読めなかった項目 0件、見つからなかった項目 0件").is_some());
    assert!(
        h.query_by_label_contains("非公開の印（橙色の文字）のある項目 7件を、非公開のまま読み取りました").is_some()
    );
    assert!(!file.exists(), "nothing is written before the user says so");
    h.snapshot("import_report");
    click(&mut h, "すべての項目");
    assert!(h.query_by_label_contains("読み取り　Ⅰ 1. ①事務の名称　← 評価書!").is_some());
    h.snapshot("import_report_all");
    click(&mut h, "この内容で評価書ファイルを作る…");
    assert!(
        h.query_by_label_contains("読み込んだ内容で評価書ファイルを作りました").is_some(),
        "{:?} {} {}",
        h.state().alert,
        h.state().document.is_some(),
        h.state().editor.is_some()
    );
    click(&mut h, "OK");
    assert!(h.state().editor.is_some(), "the new file is open");
    drop(h);
    let saved = Store::open_read_only(&file).unwrap().load_draft().unwrap();
    for item in [ids::COVER_TITLE, ids::I_TASK_CONTENT, ids::VI_REVIEW_RESULT, ids::ANNEX1_STEPS] {
        assert_eq!(saved.text(&Path::top(item)), original.text(&Path::top(item)), "{item}");
    }
    let files = saved.instances(&Path::top(ids::II_FILE)).len();
    assert_eq!(files, original.instances(&Path::top(ids::II_FILE)).len());
    // The withheld passages stay withheld: the public editions print the same.
    let public = hyokasho::content::Edition { public: true, ..edition };
    let printed = |d: &hyokasho::doc::Assessment| common::pdftotext(&hyokasho::pdf::export(d, &public).unwrap());
    assert_eq!(printed(&saved), printed(&original));
}

/// The text of a published PDF, typed as a path on the start screen: what could not be read is
/// listed as not found, and 「やめる」 writes nothing.
#[test]
fn a_published_pdf_shows_what_could_not_be_read() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("国保.hyoka");
    let pdf = dir.path().join("国保_公表.pdf");
    std::fs::copy("tests/fixtures/kokuho-foreign-libreoffice.pdf", &pdf).unwrap();
    let mut h = rendered(&file, None);
    type_into(&mut h, Role::TextInput, "ファイルの場所", pdf.to_str().unwrap());
    click(&mut h, "このファイルを開く");
    wait_for(&mut h, "the report", |app| app.document.is_some());
    assert!(h.query_by_label_contains("国保_公表.pdf（PDF）を").is_some());
    assert!(h.query_all_by_label_contains("見つからない　").count() >= 5, "the gaps are listed");
    assert!(
        h.query_by_label_contains(
            "PDFからは非公開の印を読み取れません。非公開にする部分は、作った後で指定してください。"
        )
        .is_some()
    );
    h.snapshot("import_report_pdf");
    click(&mut h, "やめる");
    assert!(h.state().document.is_none() && h.state().editor.is_none());
    assert!(std::fs::read_dir(dir.path()).unwrap().all(|e| e.unwrap().path().extension() != Some("hyoka".as_ref())));
}
