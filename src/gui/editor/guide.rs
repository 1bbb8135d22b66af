//! 使い方: a short guide to the procedure and to each screen, for a 職員 who opens the program
//! for the first time. All its wording is here.

use egui::{RichText, Ui};

/// The steps of the procedure (指針 第6, 第7: 事前点検 by the secretariat, 意見聴取 for 30 days,
/// 第三者点検 by the council, then 公表 and submission to the 個人情報保護委員会).
const STEPS: [(&str, &str); 6] = [
    (
        "1. 作成",
        "各項目を記入します。左の一覧の ● は未記入の必須項目がある箇所、✓ は記入済みです。「未記入へ」で次の未記入項目に移ります。入力はすべて自動で保存されます。",
    ),
    (
        "2. 事前点検",
        "「事前点検」の画面で、記入漏れや項目どうしの食い違い、第三者点検でよく質問される点を確かめます。事務局に提出するときは「版の管理」で段階「事前点検」として版を確定します。",
    ),
    (
        "3. 市民意見聴取",
        "原則30日以上、評価書を公示して住民の意見を求めます。公示する評価書は「出力（PDF・Excel）」の「PDF出力（公表用）」で作ります（非公開の部分は「（非公開）」に置き換わります）。",
    ),
    (
        "4. 第三者点検",
        "審議会（部会）の委員に「出力（PDF・Excel）」の「PDF出力（点検用）」（Excelで受け取る委員には「Excel出力（点検用）」）を渡します。点検用PDFには非公開の部分も含まれ、各ページに「非公開情報を含む（第三者点検用）」と印字されます。質問を受けて修正した箇所は「版の比較」で確かめられます。",
    ),
    (
        "5. 公表",
        "審議会の答申を受けて直した評価書を、段階「公表」として確定し、その版から公表用PDFを作ります。確定していない下書きから公表用PDFを作ると注意が表示されます。",
    ),
    (
        "6. 見直し・重要な変更",
        "記載を変えたときは「版の比較」で前の版と比べ、「別添3に変更箇所を追加」で変更箇所の表を作ります。重要な変更に当たる場合は、変更の前に評価をやり直します。",
    ),
];

/// What each screen is for.
const SCREENS: [(&str, &str); 8] = [
    ("左の一覧", "評価書の各部分へ移動します。件数は「記入済み／必須」、△は事前点検の指摘の数です。"),
    ("中央", "選んだ部分の項目を様式の順に表示します。項目をクリックすると、右に記入のしかたが出ます。"),
    ("記入のしかた（右）", "記載要領に沿って、その項目に何を書くかを説明します。"),
    ("概要", "記入の進み具合と、Ⅲの各リスクの「リスクへの対策は十分か」の回答を一覧にします。"),
    ("事前点検", "指摘の一覧としきい値判断です。指摘をクリックするとその項目へ移動します。"),
    ("版の管理", "節目ごとに版を確定し、前の版を読み取り専用で開いたり下書きと比べたりします。"),
    ("版の比較", "2つの版の違いを、削除は赤・取消線、追加は緑・下線で示します。比較表PDFも作れます。"),
    (
        "非公開",
        "文章の一部を選んで「選択部分を非公開」、又は「項目全体を非公開」にすると、公表用の出力ではその部分が「（非公開）」になります。",
    ),
];

const KEYS: &str = "Ctrl+Z 元に戻す　Ctrl+Y やり直し　Ctrl+F 検索　Ctrl+＋／Ctrl+－ 文字の大きさ　Enter 確認画面の既定の操作　Esc 確認画面を閉じる";

pub fn show(ui: &mut Ui) {
    ui.heading("使い方");
    egui::ScrollArea::vertical().id_salt("guide").auto_shrink([false, false]).show(ui, |ui| {
        ui.label("特定個人情報保護評価書（全項目評価書）を、様式の項目ごとに案内しながら作成・点検・公表します。");
        ui.add_space(8.0);
        ui.label(RichText::new("評価の進め方").strong());
        for (step, what) in STEPS {
            ui.label(RichText::new(step).strong());
            ui.label(what);
            ui.add_space(4.0);
        }
        ui.add_space(8.0);
        ui.label(RichText::new("画面の見方").strong());
        egui::Grid::new("guide-screens").num_columns(2).striped(true).show(ui, |ui| {
            for (screen, what) in SCREENS {
                ui.label(RichText::new(screen).strong());
                ui.add(egui::Label::new(what).wrap());
                ui.end_row();
            }
        });
        ui.add_space(8.0);
        ui.label(RichText::new("キー操作").strong());
        ui.label(KEYS);
    });
}
