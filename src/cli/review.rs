//! `hyokasho review list|export|import`: the 質問事項 of an assessment on the command line
//! (`crate::review`).

use super::*;

/// `review list|export|import`.
pub(super) fn review(p: &mut lexopt::Parser) -> Result<(), Error> {
    let action = match p.next().map_err(lex)? {
        Some(Value(v)) => v.into_string().map_err(|_| usage("review の後の指定が読み取れません。"))?,
        _ => return Err(usage("review の後に list・export・import のどれかを指定してください。")),
    };
    match action.as_str() {
        "list" => list(p),
        "export" => export(p),
        "import" => import(p),
        other => Err(usage(format!("review {other} はありません。list・export・import のどれかです。"))),
    }
}

fn list(p: &mut lexopt::Parser) -> Result<(), Error> {
    use crate::review::Status;
    let a = parse(p, &["format", "status", "version", "public"])?;
    let file = one_file(&a, "評価書ファイル（.hyoka）")?;
    let status = match a.status.as_deref() {
        None => None,
        Some(s) => Some(
            Status::from_label(s)
                .ok_or_else(|| usage(format!("--status は 未回答・回答済・反映済・対応不要 のどれかです: {s}")))?,
        ),
    };
    let json = wants_json(&a)?;
    let doc = read_version_or_draft(&a, &file)?;
    let doc = if a.public { doc.redacted() } else { doc };
    let form = doc.form();
    let list: Vec<_> =
        crate::review::ordered(&doc).into_iter().filter(|(_, q)| status.is_none_or(|s| q.status == s)).collect();
    let mut out = std::io::stdout().lock();
    if json {
        let items: Vec<serde_json::Value> = list
            .iter()
            .map(|(id, q)| {
                serde_json::json!({
                    "id": id, "number": q.number, "item": q.item.render(form),
                    "title": crate::review::item_title(&doc, &q.item), "version": q.version, "page": q.page,
                    "asker": q.asker, "asked_on": q.asked_on.map(|d| d.to_string()),
                    "question": q.question.as_str(), "answer": q.answer.as_str(), "status": q.status.label(),
                })
            })
            .collect();
        let _ = writeln!(out, "{}", serde_json::to_string_pretty(&items).unwrap_or_default());
        return Ok(());
    }
    for (_, q) in &list {
        let title = crate::review::item_title(&doc, &q.item);
        let _ = writeln!(out, "質問{}［{}］ {title}（{}）", q.number, q.status.label(), q.item.render(form));
        let when = q.asked_on.map(|d| format!("（{}）", crate::doc::date::to_wareki(d))).unwrap_or_default();
        if !q.asker.is_empty() || !when.is_empty() {
            let _ = writeln!(out, "    質問者: {}{when}", q.asker);
        }
        let _ = writeln!(out, "    質問: {}", q.question.as_str().replace('\n', "\n          "));
        if !q.answer.as_str().is_empty() {
            let _ = writeln!(out, "    回答: {}", q.answer.as_str().replace('\n', "\n          "));
        }
    }
    let open = list.iter().filter(|(_, q)| q.status == Status::Open).count();
    let _ = writeln!(out, "質問 {}件（未回答 {open}件）", list.len());
    Ok(())
}

fn export(p: &mut lexopt::Parser) -> Result<(), Error> {
    use crate::review::sheet::{self, Encoding};
    let a = parse(p, &["o", "output", "encoding", "public", "version"])?;
    let file = one_file(&a, "評価書ファイル（.hyoka）")?;
    let out = a.output.clone().ok_or_else(|| usage("-o で書き出し先（.csv か .xlsx）を指定してください。"))?;
    let ext = out.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
    let encoding = match a.encoding.as_deref().map(str::to_ascii_lowercase).as_deref() {
        None | Some("utf-8") | Some("utf8") => Encoding::Utf8,
        Some("cp932") | Some("shift_jis") | Some("sjis") => Encoding::Cp932,
        Some(_) => {
            return Err(usage(format!(
                "--encoding は utf-8 か cp932 です: {}",
                a.encoding.as_deref().unwrap_or_default()
            )));
        }
    };
    let doc = read_version_or_draft(&a, &file)?;
    let rows = sheet::rows(&doc, a.public);
    let bytes = match ext.as_str() {
        "csv" => {
            let lost = sheet::unmappable_in_cp932(&rows);
            if encoding == Encoding::Cp932 && !lost.is_empty() {
                let chars: String = lost.iter().collect();
                eprintln!(
                    "注意: Shift_JIS（CP932）で表せない文字（{chars}）は「&#12316;」のような文字参照で書き出しました。読み込むと元の文字に戻ります。Excelでそのまま見るには --encoding utf-8 で書き出してください。"
                );
            }
            sheet::to_csv(&rows, encoding)
        }
        "xlsx" => sheet::to_xlsx(&rows).map_err(|e| usage(format!("Excelブックを作れませんでした: {e}")))?,
        _ => return Err(usage("書き出し先のファイル名は .csv か .xlsx で終わるようにしてください。")),
    };
    crate::fsio::write_output(&out, &bytes, &[&file])?;
    println!("質問 {}件を {} に書き出しました。", rows.len() - 1, out.display());
    Ok(())
}

fn import(p: &mut lexopt::Parser) -> Result<(), Error> {
    use crate::review::sheet;
    let a = parse(p, &["skip-bad"])?;
    let [file, src] = a.positional.as_slice() else {
        return Err(usage(
            "評価書ファイル（.hyoka）と、読み込む質問事項の表（.csv か .xlsx）の2つを指定してください。",
        ));
    };
    // A committee's sheet is small; 50 MB is far beyond any.
    let bytes = crate::fsio::read_bounded(src, 50 * 1024 * 1024)?;
    let ext = src.extension().and_then(|e| e.to_str()).map(str::to_ascii_lowercase).unwrap_or_default();
    let rows = match ext.as_str() {
        "csv" | "txt" => sheet::from_csv(&bytes).map(|(rows, _)| rows),
        "xlsx" | "xlsm" | "xls" | "ods" => sheet::from_xlsx(&bytes),
        _ => return Err(usage("読み込む表は .csv か .xlsx にしてください。")),
    }
    .map_err(|e| usage(e.message()))?;
    // Planned on a reading of the file, so that a refused sheet leaves it byte for byte as it was.
    let reading = open_reading(file)?;
    let plan = sheet::plan(&reading.load_draft()?, &rows).map_err(|e| usage(e.message()))?;
    reading.close()?;
    for (line, problem) in &plan.problems {
        eprintln!("{line}行目: {problem}");
    }
    if !plan.problems.is_empty() && !a.skip_bad {
        return Err(usage(format!(
            "読み込めない行が{}行あるため、何も読み込みませんでした。直してから読み込み直すか、--skip-bad を付けてその行を除いて読み込んでください。",
            plan.problems.len()
        )));
    }
    let mut store = open_store(file)?;
    let plan = sheet::plan(&store.load_draft()?, &rows).map_err(|e| usage(e.message()))?;
    store.save(&plan.edits)?;
    store.close()?;
    let skipped = if plan.problems.is_empty() {
        String::new()
    } else {
        format!("（{}行は除きました）", plan.problems.len())
    };
    println!("質問を {}件追加し、{}件更新しました{skipped}。", plan.added, plan.updated);
    Ok(())
}
