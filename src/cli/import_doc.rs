//! `import-doc`: an existing 評価書 (Excel, Word or PDF) read into a new assessment file, after a
//! report of everything read (issue 16). Nothing is written without `--yes`.

use super::{Error, create_with, parse, usage};
use crate::import_doc;

/// The largest document read: far beyond any 評価書 (a 75-page one as .xlsx is under 1 MB).
const MAX_BYTES: u64 = 100 * 1024 * 1024;

pub(super) fn import_doc(p: &mut lexopt::Parser) -> Result<(), Error> {
    let a = parse(p, &["yes"])?;
    let [src, file] = a.positional.as_slice() else {
        return Err(usage(
            "読み込む評価書（.xlsx・.xls・.docx・.pdf）と、作成する評価書ファイル（.hyoka）の2つを指定してください。",
        ));
    };
    if file.exists() {
        return Err(usage(format!(
            "{} は既にあります。上書きはしません。新しいファイル名を指定してください。",
            file.display()
        )));
    }
    let bytes = crate::fsio::read_bounded(src, MAX_BYTES)?;
    let document =
        import_doc::source::read(&bytes).map_err(|e| usage(crate::messages::document(&e, src, "指定してください")))?;
    let kind = document.kind;
    let reading = import_doc::recognise(crate::form::current(), &document.rows);
    // The report is written at once; a reader that stops early (`| head`) ends it quietly.
    let mut report = format!("{} を{}として読みました。\n", src.display(), kind.label());
    for f in &reading.findings {
        report.push_str(&terminal(&f.line()));
        report.push('\n');
    }
    for (at, text) in &reading.unplaced {
        let text: String = text.chars().take(60).collect();
        report.push_str(&format!("どの項目にも当たらない行　{at}　{}\n", terminal(&text.replace('\t', " "))));
    }
    report.push_str(&reading.summary());
    report.push('\n');
    let (notice, warning) = reading.withheld_notice(&document);
    report.push_str(&format!("{}{notice}\n", if warning { "【注意】" } else { "" }));
    if !a.yes {
        report.push_str(&format!(
            "まだ何も書き込んでいません。上の内容を確かめ、よければ --yes を付けて同じコマンドを実行すると {} を作成します。\n",
            file.display()
        ));
    }
    let _ = std::io::Write::write_all(&mut std::io::stdout().lock(), report.as_bytes());
    if !a.yes {
        return Ok(());
    }
    create_with(file, &reading.doc)?;
    let done = format!("{} を作成しました。\n", file.display());
    let _ = std::io::Write::write_all(&mut std::io::stdout().lock(), done.as_bytes());
    Ok(())
}

/// Text quoted from the document, safe for a terminal: no control or direction-changing
/// characters.
fn terminal(s: &str) -> String {
    s.chars()
        .filter(|&c| {
            !c.is_control() && !matches!(c, '\u{200E}' | '\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
        })
        .collect()
}
