//! The command line: the same binary as the GUI. Every command either does all it says or
//! writes nothing, and reports errors in Japanese on stderr with exit code 2.

use crate::doc::{Assessment, Edit, Entry, Path};
use crate::form::{self, ids};
use crate::messages::{self, Error};
use crate::ron_io;
use crate::store::{Stage, Store, StoreError};
use lexopt::prelude::*;
use std::ffi::OsString;
use std::io::Write as _;
use std::path::{Path as FsPath, PathBuf};
use std::process::ExitCode;

mod import_doc;
mod review;

pub const HELP: &str = "\
hyokasho — 特定個人情報保護評価書（全項目評価書）の作成・点検・公表を支援します

使い方:
  hyokasho [ファイル.hyoka]
      画面を開きます（ファイルを指定するとそのファイルを開きます）。
  hyokasho new ファイル.hyoka --title 評価書名 [--body 評価実施機関名]
      新しい評価書ファイルを作ります（既にあるファイルは上書きしません）。
  hyokasho import 入力.ron ファイル.hyoka [--replace]
      RON形式の評価書を読み込み、新しい評価書ファイルを作ります。既にあるファイルには
      --replace を付けたときだけ読み込み、そのときは置き換える前の下書きを版（段階「作成中」）
      として確定して残します（`hyokasho export ファイル --version 版番号` で取り出せます）。
  hyokasho import-doc 評価書.xlsx|.xls|.docx|.pdf ファイル.hyoka [--yes]
      様式で作った既存の評価書（Excel・Word・PDF）を、番号と項目名を手がかりに読み取り、項目ごとに
      読み取った内容・元のセルやページ・見つからなかった項目を一覧にします。--yes を付けたときだけ
      新しい評価書ファイルを作ります（既にあるファイルは上書きしません）。
  hyokasho export ファイル.hyoka [--version 版番号] -o 出力.ron
      下書き（--version を付けるとその版）をRON形式で書き出します。
  hyokasho freeze ファイル.hyoka --stage 段階 [--note メモ]
      今の下書きを版として確定し、版番号を表示します。確定した版は変更できません。
  hyokasho versions ファイル.hyoka
      確定した版の一覧（版番号・段階・確定日時・SHA-256・メモ）を表示します。
  hyokasho pdf ファイル.hyoka [--version 版番号] [--public] -o 出力.pdf
      第三者点検用のPDF（非公開情報を含む。各ページに表示）を作ります。--public を付けると、
      非公開の部分を「（非公開）」に置き換えた公表用PDFを作ります。
  hyokasho xlsx ファイル.hyoka [--version 版番号] [--public] -o 出力.xlsx
      様式のレイアウトのExcelファイル（A4縦・1ページ幅で印刷）を作ります。非公開の部分は
      橙色の太字で示し、--public を付けると「（非公開）」に置き換えた公表用を作ります。
  hyokasho check ファイル.hyoka [--version 版番号] [--format text|json] [--variants 語A/語B …] [--public]
      事前点検：記入漏れ・不整合・用語の揺れなど、第三者点検で指摘されやすい点を一覧にします。
      画面で「確認済み」にした指摘は、理由とともに末尾に分けて示し、件数と終了コードには数えません。
      --public を付けると、非公開の部分を「（非公開）」に置き換えた内容を点検します（外部に渡す一覧用。
      確認済みの印と理由は使いません）。
      終了コード 0 = エラーなし、1 = エラーあり、2 = ファイルや指定の誤り。
  hyokasho diff ファイル.hyoka 版A 版B [--format text|json|pdf] [-o 出力] [--public] [--add-to-annex3]
      2つの版（版番号、最後に公表した版なら published、下書きなら draft）を項目ごとに比べ、
      変更箇所を一覧にします。※の項目の変更は、公表後なら「重要な変更の可能性」、公表前なら
      「※項目の修正（公表前）」と示し、表記のみの変更を区別し、文章は変わった文字を示します。
      非公開の部分は《非公開》…《/非公開》で示し、--public では「（非公開）」に置き換えます。
      --format pdf では委員会資料用の比較表PDFを -o に書き出します。
      終了コード 0 = 変更なし、1 = 変更あり、2 = ファイルや指定の誤り。
      --add-to-annex3 は、変更箇所を下書きの別添3に1件ずつ追加します（版B は draft に限り、
      公表した版があるときだけ使えます。非公開の部分は非公開のまま写します）。
      このときの終了コードは 0 = 追加した（0件を含む）、2 = ファイルや指定の誤り。
  hyokasho review list ファイル.hyoka [--status 未回答|回答済|反映済|対応不要] [--format text|json] [--version 版番号] [--public]
      質問事項と回答（第三者点検・市民意見聴取で寄せられた質問）を番号順に一覧にします。
  hyokasho review export ファイル.hyoka -o 質問事項.xlsx|質問事項.csv [--encoding utf-8|cp932] [--public]
      質問事項を委員会とやり取りする表に書き出します（見出し：番号・版・ページ・項目・項目ID・質問者・
      質問日・質問・意見・回答・状況・識別子）。CSVは既定でBOM付きUTF-8、--encoding cp932 で
      Excel既定のShift_JIS。非公開の部分は《非公開》…《/非公開》、--public では「（非公開）」。
  hyokasho review import ファイル.hyoka 質問事項.xlsx|質問事項.csv [--skip-bad]
      表の質問を下書きに読み込みます（識別子か番号が同じ質問は更新、ほかは追加）。CSVの文字コード
      （UTF-8かShift_JIS）は自動で判別します。読めない行があれば行番号を示して何も読み込みません。
      --skip-bad でその行だけ除いて読み込みます。
  hyokasho report ファイル.hyoka -o 質問事項.pdf [--version 版番号] [--public] [--committee | --opinions]
      質問事項・回答一覧（番号・項目とページ・質問者・質問・回答・状況）と対策計画を委員会資料用の
      PDFにします。--committee では部会報告書（案）（審議事項・調査審議の内容・部会の意見・審議経過、
      別紙に部会での意見と対応）を、Ⅵと質問事項から作ります。--opinions では市民意見の概要と対応
      （意見聴取の期間・方法・件数・主な意見と反映、質問者が「市民」「住民」などの意見とその対応）を
      作ります。--public では非公開の部分を
      「（非公開）」に置き換えます。
  hyokasho --help
      この説明を表示します。

段階: 作成中 事前点検 市民意見聴取 第三者点検 審議会報告 公表 見直し
終了コード: 0 = 成功、2 = 入力・ファイルの誤り（そのときは何も書き込みません）
";

/// What opens the window on an assessment (`None`: the start screen); an error is the reason
/// in the display library's words. The binary passes [`crate::gui::run`], so the command line
/// does not depend on the window and tests can run it without one.
pub type Window = fn(Option<PathBuf>) -> Result<(), String>;

/// Runs the command line and returns the process exit code. `hyokasho` alone or
/// `hyokasho FILE.hyoka` opens the window through `window`.
pub fn run(args: Vec<OsString>, window: Window) -> ExitCode {
    match dispatch(args, window) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            let message = messages::japanese(&e);
            eprintln!("エラー: {message}");
            // Started from Explorer, the Windows program has no console to print to: a window
            // that cannot be shown is said in a message box too.
            if cfg!(windows) && matches!(e, Error::NoWindow { .. }) {
                crate::gui::dialogs::error_box(&message);
            }
            ExitCode::from(2)
        }
    }
}

fn usage(m: impl Into<String>) -> Error {
    Error::Usage(m.into())
}

fn lex(e: lexopt::Error) -> Error {
    let m = match e {
        lexopt::Error::MissingValue { option: Some(o) } => format!("{o} の後に値を指定してください。"),
        lexopt::Error::UnexpectedOption(o) => format!("{o} というオプションはありません。"),
        lexopt::Error::UnexpectedArgument(a) => format!("余分な引数があります: {}", a.to_string_lossy()),
        lexopt::Error::UnexpectedValue { option, .. } => format!("{option} は値を取りません。"),
        other => format!("引数を読み取れません（{other}）。"),
    };
    usage(m)
}

/// Whether these arguments open the window (none, or one `.hyoka` file) rather than run a
/// command: on Windows only a command is given the console it was started from, and on Linux
/// only a command has its allocator tuned for long exports (see main.rs).
pub fn opens_window(args: &[OsString]) -> bool {
    match args {
        [] => true,
        [file] => {
            FsPath::new(file).extension().is_some_and(|e| e == "hyoka") && !file.to_string_lossy().starts_with('-')
        }
        _ => false,
    }
}

fn dispatch(args: Vec<OsString>, window: Window) -> Result<(), Error> {
    let mut p = lexopt::Parser::from_args(args);
    let Some(first) = p.next().map_err(lex)? else {
        return gui(window, None);
    };
    let command = match first {
        Short('h') | Long("help") => {
            print!("{HELP}");
            return Ok(());
        }
        Value(v) if FsPath::new(&v).extension().is_some_and(|e| e == "hyoka") => {
            if let Some(extra) = p.next().map_err(lex)? {
                return Err(lex(extra.unexpected()));
            }
            return gui(window, Some(PathBuf::from(v)));
        }
        Value(v) => v.string().map_err(|_| usage("コマンド名が読み取れません。"))?,
        other => return Err(lex(other.unexpected())),
    };
    match command.as_str() {
        "help" => {
            print!("{HELP}");
            Ok(())
        }
        "new" => new(&mut p),
        "import" => import(&mut p),
        "import-doc" => import_doc::import_doc(&mut p),
        "export" => export(&mut p),
        "freeze" => freeze(&mut p),
        "versions" => versions(&mut p),
        "check" => check(&mut p),
        "pdf" => pdf(&mut p),
        "xlsx" => xlsx(&mut p),
        "diff" => diff(&mut p),
        "review" => review::review(&mut p),
        "report" => report(&mut p),
        other => Err(usage(format!("「{other}」というコマンドはありません。"))),
    }
}

fn gui(window: Window, open: Option<PathBuf>) -> Result<(), Error> {
    window(open).map_err(|detail| Error::NoWindow { detail })
}

/// Collected arguments of one command.
#[derive(Default)]
struct Args {
    positional: Vec<PathBuf>,
    title: Option<String>,
    body: Option<String>,
    version: Option<u32>,
    output: Option<PathBuf>,
    stage: Option<String>,
    note: Option<String>,
    format: Option<String>,
    variants: Vec<String>,
    public: bool,
    replace: bool,
    add_to_annex3: bool,
    status: Option<String>,
    encoding: Option<String>,
    skip_bad: bool,
    committee: bool,
    opinions: bool,
    yes: bool,
}

fn parse(p: &mut lexopt::Parser, allowed: &[&str]) -> Result<Args, Error> {
    let mut a = Args::default();
    while let Some(arg) = p.next().map_err(lex)? {
        let name = match &arg {
            Long(l) => l.to_string(),
            Short(s) => s.to_string(),
            Value(_) => String::new(),
        };
        if !name.is_empty() && !allowed.contains(&name.as_str()) && name != "help" && name != "h" {
            return Err(lex(arg.unexpected()));
        }
        let text = |p: &mut lexopt::Parser| -> Result<String, Error> {
            p.value().map_err(lex)?.into_string().map_err(|_| usage(format!("--{name} の値が読み取れません。")))
        };
        match arg {
            Long("help") | Short('h') => {
                print!("{HELP}");
                std::process::exit(0);
            }
            Value(v) => a.positional.push(PathBuf::from(v)),
            Long("title") => a.title = Some(text(p)?),
            Long("body") => a.body = Some(text(p)?),
            Long("note") => a.note = Some(text(p)?),
            Long("stage") => a.stage = Some(text(p)?),
            Long("format") => a.format = Some(text(p)?),
            Long("variants") => a.variants.push(text(p)?),
            Long("public") => a.public = true,
            Long("replace") => a.replace = true,
            Long("add-to-annex3") => a.add_to_annex3 = true,
            Long("status") => a.status = Some(text(p)?),
            Long("encoding") => a.encoding = Some(text(p)?),
            Long("skip-bad") => a.skip_bad = true,
            Long("committee") => a.committee = true,
            Long("opinions") => a.opinions = true,
            Long("yes") => a.yes = true,
            Short('o') | Long("output") => {
                let out = PathBuf::from(p.value().map_err(lex)?);
                if out.as_os_str().is_empty() {
                    return Err(usage("-o の書き出し先のファイル名が空です。ファイル名を指定してください。"));
                }
                a.output = Some(out);
            }
            Long("version") => {
                let v = text(p)?;
                let n = v.parse::<u32>().ok().filter(|n| *n > 0);
                a.version = Some(
                    n.ok_or_else(|| usage(format!("--version には版番号（1以上の整数）を指定してください: {v}")))?,
                );
            }
            other => return Err(lex(other.unexpected())),
        }
    }
    Ok(a)
}

fn one_file(a: &Args, what: &str) -> Result<PathBuf, Error> {
    match a.positional.as_slice() {
        [f] => Ok(f.clone()),
        [] => Err(usage(format!("{what}を指定してください。"))),
        _ => Err(usage("ファイルは1つだけ指定してください。")),
    }
}

fn new(p: &mut lexopt::Parser) -> Result<(), Error> {
    let a = parse(p, &["title", "body"])?;
    let file = one_file(&a, "作成する評価書ファイル（.hyoka）")?;
    let title = a.title.as_deref().ok_or_else(|| usage("--title で評価書名を指定してください。"))?;
    if title.trim().is_empty() {
        return Err(usage(
            "--title の評価書名が空です。評価書名（例：国民健康保険に関する事務 全項目評価書）を指定してください。",
        ));
    }
    let mut doc = Assessment::new(form::current());
    let mut edits = vec![Edit::Value { path: Path::top(ids::COVER_TITLE), entry: Some(Entry::text(title)) }];
    if let Some(body) = &a.body {
        edits.push(Edit::Value { path: Path::top(ids::COVER_BODY), entry: Some(Entry::text(body)) });
    }
    // Validate before the file exists, so a bad title leaves nothing behind.
    doc.apply(edits)?;
    create_with(&file, &doc)?;
    println!("{} を作成しました。", file.display());
    Ok(())
}

/// Creates `file` holding `doc` as its draft; on any failure nothing is left behind.
fn create_with(file: &FsPath, doc: &Assessment) -> Result<(), Error> {
    warn_about_location(file);
    Store::create_holding(file, doc)?.close()?;
    Ok(())
}

fn import(p: &mut lexopt::Parser) -> Result<(), Error> {
    let a = parse(p, &["replace"])?;
    let [src, file] = a.positional.as_slice() else {
        return Err(usage("読み込むRONファイルと評価書ファイル（.hyoka）の2つを指定してください。"));
    };
    if crate::fsio::same_file(src, file) {
        return Err(crate::fsio::FsError::OutputIsAnInput { path: file.clone() }.into());
    }
    let text = crate::fsio::read_text(src, crate::fsio::MAX_RON_BYTES)?;
    // Pasted radicals, compatibility duplicates and control characters are cleaned on the way
    // in, and each replacement is said.
    let imported =
        ron_io::import_with_notes(&text).map_err(|error| Error::Ron { file: src.display().to_string(), error })?;
    let doc = imported.doc;
    for note in &imported.notes {
        eprintln!("お知らせ: {}: {}", src.display(), note.message());
    }
    if !file.exists() {
        create_with(file, &doc)?;
        println!("{} を {} から作成しました。", file.display(), src.display());
        return Ok(());
    }
    if !a.replace {
        return Err(usage(format!(
            "{} は既にあります。今の下書きを失わないよう、読み込みはしません。ファイルは変更していません。\n別のファイル名を指定するか、下書きを置き換えてよければ --replace を付けてください（置き換える前の下書きは版として残ります）。",
            file.display()
        )));
    }
    let mut store = open_store(file)?;
    let kept = store.replace_draft_keeping(&doc, "import --replace で置き換える前の下書き")?;
    store.close()?;
    println!("{} の下書きを {} の内容で置き換えました。", file.display(), src.display());
    if let Some(n) = kept {
        println!(
            "置き換える前の下書きは第{n}版として残しました（取り出すには: hyokasho export {} --version {n} -o 元の下書き.ron）。",
            file.display()
        );
    }
    Ok(())
}

/// Opens a file to change it, telling the user about any repair made on opening.
fn open_store(file: &FsPath) -> Result<Store, Error> {
    warn_about_location(file);
    let store = Store::open(file)?;
    tell(&store);
    Ok(store)
}

/// Opens a file to read it, telling the user about any repair made on opening.
fn open_reading(file: &FsPath) -> Result<Store, Error> {
    let store = Store::open_read_only(file)?;
    tell(&store);
    Ok(store)
}

/// Before a command writes an assessment: a network share or a synced folder is said on stderr
/// (the command still runs; see `crate::location`).
fn warn_about_location(file: &FsPath) {
    if let Some(risk) = crate::location::risk(file) {
        eprintln!("注意: {}", messages::location(risk));
    }
}

fn tell(store: &Store) {
    for n in store.notices() {
        eprintln!("お知らせ: {}", messages::notice(n));
    }
}

fn export(p: &mut lexopt::Parser) -> Result<(), Error> {
    let a = parse(p, &["version", "o", "output"])?;
    let file = one_file(&a, "書き出す評価書ファイル（.hyoka）")?;
    let out = a.output.clone().ok_or_else(|| usage("-o で書き出し先のRONファイルを指定してください。"))?;
    kind_of_output(&out, "ron", "RON")?;
    let store = open_reading(&file)?;
    let text = match a.version {
        Some(n) => store.version_content(n)?,
        None => ron_io::export(&store.load_draft()?),
    };
    store.close()?;
    crate::fsio::write_output(&out, text.as_bytes(), &[&file])?;
    Ok(())
}

fn freeze(p: &mut lexopt::Parser) -> Result<(), Error> {
    let a = parse(p, &["stage", "note"])?;
    let file = one_file(&a, "確定する評価書ファイル（.hyoka）")?;
    let stages: Vec<&str> = Stage::ALL.iter().map(|s| s.label()).collect();
    let stage = a
        .stage
        .as_deref()
        .ok_or_else(|| usage(format!("--stage で段階を指定してください（{}）。", stages.join("・"))))?;
    let stage = Stage::parse(stage).ok_or_else(|| {
        usage(format!("段階「{stage}」はありません。次のどれかを指定してください: {}", stages.join("・")))
    })?;
    let mut store = open_store(&file)?;
    let v = store.freeze(stage, a.note.as_deref().unwrap_or(""))?;
    store.close()?;
    println!("{}", v.number);
    Ok(())
}

fn versions(p: &mut lexopt::Parser) -> Result<(), Error> {
    let a = parse(p, &[])?;
    let file = one_file(&a, "評価書ファイル（.hyoka）")?;
    let store = open_reading(&file)?;
    let list = store.versions()?;
    store.close()?;
    let mut out = std::io::stdout().lock();
    if list.is_empty() {
        let _ = writeln!(out, "確定した版はまだありません。");
        return Ok(());
    }
    let _ = writeln!(out, "版\t段階\t確定日時\tSHA-256\t内容の照合\tメモ");
    for v in &list {
        let verified = if v.intact { "一致" } else { "不一致（改ざん・破損の疑い）" };
        let at = crate::doc::date::moment_wareki(&v.frozen_at);
        let _ = writeln!(out, "{}\t{}\t{at}\t{}\t{verified}\t{}", v.number, v.stage, v.sha256, v.note);
    }
    drop(out);
    match list.iter().find(|v| !v.intact) {
        Some(v) => Err(StoreError::VersionAltered { path: file, number: v.number }.into()),
        None => Ok(()),
    }
}

fn pdf(p: &mut lexopt::Parser) -> Result<(), Error> {
    document(
        p,
        "pdf",
        "PDF",
        "PDFにする評価書ファイル（.hyoka）",
        "-o で書き出し先のPDFファイルを指定してください。",
        &[],
        |doc, edition, _| crate::pdf::export(doc, edition).map_err(pdf_failed),
    )
}

/// `report`: 質問事項・回答一覧 (`crate::pdf::questions`), with `--committee` the 部会報告書
/// draft (`crate::pdf::committee_report`), with `--opinions` the 市民意見の概要と対応
/// (`crate::pdf::resident_opinions`), as a PDF.
fn report(p: &mut lexopt::Parser) -> Result<(), Error> {
    document(
        p,
        "pdf",
        "PDF",
        "質問事項の一覧にする評価書ファイル（.hyoka）",
        "-o で書き出し先のPDFファイルを指定してください。",
        &["committee", "opinions"],
        |doc, edition, a| match (a.committee, a.opinions) {
            (true, true) => {
                Err(usage("--committee と --opinions は同時に指定できません。どちらか一つにしてください。"))
            }
            (true, false) => crate::pdf::committee_report(doc, edition).map_err(pdf_failed),
            (false, true) => crate::pdf::resident_opinions(doc, edition).map_err(pdf_failed),
            (false, false) => crate::pdf::questions(doc, edition).map_err(pdf_failed),
        },
    )
}

fn xlsx(p: &mut lexopt::Parser) -> Result<(), Error> {
    let missing = "-o で書き出し先のExcelファイル（.xlsx）を指定してください。";
    document(p, "xlsx", "Excel", "Excelにする評価書ファイル（.hyoka）", missing, &[], |doc, edition, _| {
        crate::xlsx::export(doc, edition).map_err(|e| usage(format!("Excelファイルを作れませんでした（{e}）。")))
    })
}

/// `pdf` and `xlsx`: the assessment (`--version N` or the draft) in the edition asked for,
/// made by `make` and written to `-o`, which must be named `.ext` (or nothing of ours).
fn document(
    p: &mut lexopt::Parser,
    ext: &str,
    what: &str,
    which_file: &str,
    missing_output: &str,
    extra: &[&str],
    make: impl Fn(&crate::doc::Assessment, &crate::content::Edition, &Args) -> Result<Vec<u8>, Error>,
) -> Result<(), Error> {
    let mut allowed = vec!["version", "public", "o", "output"];
    allowed.extend_from_slice(extra);
    let a = parse(p, &allowed)?;
    let file = one_file(&a, which_file)?;
    let out = a.output.clone().ok_or_else(|| usage(missing_output))?;
    kind_of_output(&out, ext, what)?;
    let (doc, edition) = printed(&a, &file)?;
    let bytes = make(&doc, &edition, &a)?;
    crate::fsio::write_output(&out, &bytes, &[&file])?;
    warn_public_draft(&a, if ext == "pdf" { "PDF" } else { "Excelファイル" });
    Ok(())
}

/// Refuses an output named as another kind of file (`-o 結果.pdf` for a workbook): whoever
/// opens it by its name would get something else. A name without one of our extensions is
/// taken as given.
fn kind_of_output(out: &FsPath, ext: &str, what: &str) -> Result<(), Error> {
    let named = out.extension().map(|e| e.to_string_lossy().to_lowercase()).unwrap_or_default();
    if named != ext && ["pdf", "xlsx", "ron", "json", "txt", "csv"].contains(&named.as_str()) {
        return Err(usage(format!(
            "書き出すのは{what}ファイルですが、-o の名前が .{named} です。名前の最後を .{ext} にしてください。"
        )));
    }
    Ok(())
}

/// A public edition made from the unfrozen draft is not what should be published.
fn warn_public_draft(a: &Args, what: &str) {
    if a.public && a.version.is_none() {
        eprintln!(
            "注意: 公表用{what}を、確定していない下書きから作りました。公表する{what}は、段階「公表」で確定した版から作ってください（--version 版番号）。"
        );
    }
}

/// The assessment an output is made of (`--version N`, else the draft) and its edition label.
fn printed(a: &Args, file: &FsPath) -> Result<(crate::doc::Assessment, crate::content::Edition), Error> {
    let store = open_reading(file)?;
    let (doc, edition) = match a.version {
        Some(n) => {
            let info = store.versions()?.into_iter().find(|v| v.number == n).ok_or(StoreError::NoSuchVersion(n))?;
            let label = format!("第{n}版 {}", info.stage);
            (store.load_version(n)?, crate::pdf::Edition { label, draft: info.stage != "公表", public: a.public })
        }
        None => (
            store.load_draft()?,
            crate::pdf::Edition { label: crate::pdf::draft_label(), draft: true, public: a.public },
        ),
    };
    store.close()?;
    Ok((doc, edition))
}

/// `--format text|json` (text when not given): whether JSON was asked for.
fn wants_json(a: &Args) -> Result<bool, Error> {
    match a.format.as_deref() {
        None | Some("text") => Ok(false),
        Some("json") => Ok(true),
        Some(other) => Err(usage(format!("--format は text か json です: {other}"))),
    }
}

/// The assessment a reading command works on: `--version N`, else the draft.
fn read_version_or_draft(a: &Args, file: &FsPath) -> Result<Assessment, Error> {
    let store = open_reading(file)?;
    let doc = match a.version {
        Some(n) => store.load_version(n)?,
        None => store.load_draft()?,
    };
    store.close()?;
    Ok(doc)
}

/// `check` exits 1 when there is an エラー, so it has its own exit path.
fn check(p: &mut lexopt::Parser) -> Result<(), Error> {
    let a = parse(p, &["version", "format", "variants", "public"])?;
    let file = one_file(&a, "点検する評価書ファイル（.hyoka）")?;
    let json = wants_json(&a)?;
    let doc = read_version_or_draft(&a, &file)?;
    // The list quotes answers; for readers outside the department it is made from the public
    // copy, so no withheld passage can be quoted.
    let doc = if a.public { doc.redacted() } else { doc };
    let options = crate::check::Options { extra_variants: crate::check::parse_variants(&a.variants.join("\n")) };
    let findings = crate::check::check(&doc, &options);
    let form = doc.form();
    let mut out = std::io::stdout().lock();
    if json {
        let list: Vec<serde_json::Value> = findings
            .iter()
            .map(|f| {
                let acknowledged =
                    f.acknowledgement(&doc).map(|m| serde_json::json!({"reason": m.reason, "on": m.on.to_string()}));
                serde_json::json!({
                    "rule": f.rule,
                    "key": f.key,
                    "acknowledged": acknowledged,
                    "severity": f.severity.label(),
                    "source": f.source.label(),
                    "message": f.message,
                    "items": f.paths.iter().map(|p| serde_json::json!({
                        "path": p.render(form),
                        "title": form.find(&p.item).map(|ix| form.full_title(ix)).unwrap_or_default(),
                    })).collect::<Vec<_>>(),
                })
            })
            .collect();
        let _ = writeln!(out, "{}", serde_json::to_string_pretty(&list).unwrap_or_default());
    } else {
        let (acknowledged, open): (Vec<&crate::check::Finding>, Vec<&crate::check::Finding>) =
            findings.iter().partition(|f| f.acknowledgement(&doc).is_some());
        let write = |out: &mut std::io::StdoutLock, f: &crate::check::Finding| {
            let at = f.paths.first().and_then(|p| form.find(&p.item).map(|ix| (form.full_title(ix), p.render(form))));
            let (title, path) = at.unwrap_or_default();
            let _ = writeln!(
                out,
                "[{}] {} {}（{}）\n    {}\n    出典: {}",
                f.severity.label(),
                f.rule,
                title,
                path,
                f.message,
                f.source.label()
            );
        };
        for f in &open {
            write(&mut out, f);
        }
        let (e, w, i) = crate::check::counts(&doc, &findings);
        let _ = writeln!(out, "エラー {e}件、警告 {w}件、参考 {i}件");
        if !acknowledged.is_empty() {
            let _ = writeln!(
                out,
                "\n確認済みとした指摘 {}件（所管課が記載どおりでよいと判断したもの。理由とともに）",
                acknowledged.len()
            );
            for f in &acknowledged {
                write(&mut out, f);
                if let Some(m) = f.acknowledgement(&doc) {
                    let reason = m.reason.replace('\n', "\n      ");
                    let _ = writeln!(out, "    確認済み（{}）: {reason}", crate::doc::date::to_wareki(m.on));
                }
            }
        }
    }
    drop(out);
    if crate::check::counts(&doc, &findings).0 > 0 {
        std::process::exit(1);
    }
    Ok(())
}

/// One side of a comparison named on the command line: a version number, `published` (公表: the
/// last version frozen at stage 公表, the base a 重要な変更 is judged against) or `draft`.
fn load_side(store: &Store, which: &str) -> Result<(Assessment, String), Error> {
    if matches!(which, "draft" | "下書き") {
        return Ok((store.load_draft()?, "下書き".to_owned()));
    }
    if matches!(which, "published" | "公表") {
        let n = crate::store::last_published(&store.versions()?).ok_or_else(|| {
            usage("「公表」の段階で確定した版がありません。公表した評価書を基準にするには、その内容を --stage 公表 で確定してください。")
        })?;
        return load_side(store, &n.to_string());
    }
    let n = which.parse::<u32>().ok().filter(|n| *n > 0).ok_or_else(|| {
        usage(format!("比べる版は版番号（1以上の整数）、published（最後に公表した版）か draft（下書き）で指定してください: {which}"))
    })?;
    let info = store.versions()?.into_iter().find(|v| v.number == n).ok_or(StoreError::NoSuchVersion(n))?;
    Ok((store.load_version(n)?, format!("第{n}版（{}）", info.stage)))
}

/// Whether the newer side of a comparison comes after a version frozen at stage 公表, so that its
/// changes may be 重要な変更 (`store::published_by`).
fn comes_after_publication(store: &Store, which: &str) -> Result<bool, Error> {
    let versions = store.versions()?;
    let upto = match which {
        "draft" | "下書き" => None,
        "published" | "公表" => crate::store::last_published(&versions),
        n => n.parse::<u32>().ok(),
    };
    Ok(crate::store::published_by(&versions, upto))
}

/// `diff` exits 1 when the versions differ (like diff(1)), so it has its own exit path.
fn diff(p: &mut lexopt::Parser) -> Result<(), Error> {
    let a = parse(p, &["format", "o", "output", "public", "add-to-annex3"])?;
    let [file, old, new] = a.positional.as_slice() else {
        return Err(usage("評価書ファイル（.hyoka）と、比べる2つの版（版番号か draft）を指定してください。"));
    };
    let format = a.format.as_deref().unwrap_or("text");
    if !["text", "json", "pdf"].contains(&format) {
        return Err(usage(format!("--format は text・json・pdf のどれかです: {format}")));
    }
    if format == "pdf" && a.output.is_none() {
        return Err(usage("--format pdf では -o で書き出し先のPDFファイルを指定してください。"));
    }
    if let Some(out) = &a.output {
        let (ext, what) = match format {
            "pdf" => ("pdf", "PDF"),
            "json" => ("json", "JSON"),
            _ => ("txt", "テキスト"),
        };
        kind_of_output(out, ext, what)?;
    }
    let side = |p: &PathBuf| p.to_str().map(str::to_owned).ok_or_else(|| usage("版の指定が読み取れません。"));
    if a.add_to_annex3 {
        return add_to_annex3(file, &side(old)?, &side(new)?, &a);
    }
    let store = open_reading(file)?;
    let (old_doc, old_label) = load_side(&store, &side(old)?)?;
    let (new_doc, new_label) = load_side(&store, &side(new)?)?;
    let published = comes_after_publication(&store, &side(new)?)?;
    store.close()?;
    let compare = if a.public { crate::diff::compare_public } else { crate::diff::compare };
    let comparison = compare(&old_doc, &new_doc, false)
        .map_err(|_| usage("2つの版は異なる様式で書かれているため比べられません。"))?;
    let comparison = if published { comparison } else { comparison.before_publication() };
    let labels = crate::diff::render::Labels { old: old_label, new: new_label };
    let bytes = match format {
        "json" => crate::diff::render::json(&comparison, &new_doc, &labels).into_bytes(),
        "pdf" => crate::pdf::comparison(&comparison, Some(&old_doc), &new_doc, &labels).map_err(pdf_failed)?,
        _ => {
            use std::io::IsTerminal as _;
            let colour = a.output.is_none() && std::io::stdout().is_terminal();
            crate::diff::render::text(&comparison, &new_doc, &labels, colour).into_bytes()
        }
    };
    match &a.output {
        Some(out) => crate::fsio::write_output(out, &bytes, &[file])?,
        None => {
            let _ = std::io::stdout().lock().write_all(&bytes);
        }
    }
    if comparison.count() > 0 || !comparison.records.is_empty() {
        std::process::exit(1);
    }
    Ok(())
}

/// `diff F A draft --add-to-annex3`: the 別添3 rows of the comparison appended to the draft, as
/// the window's 「別添3に変更箇所を追加」 does (rows already listed are skipped; withheld
/// passages stay withheld; 変更日 today).
fn add_to_annex3(file: &FsPath, old: &str, new: &str, a: &Args) -> Result<(), Error> {
    if a.output.is_some() || a.format.is_some() || a.public {
        return Err(usage("--add-to-annex3 は -o・--format・--public と一緒には使えません。"));
    }
    if !matches!(new, "draft" | "下書き") {
        return Err(usage("別添3に追加できるのは下書きだけです。版B には draft を指定してください。"));
    }
    // Checked on a reading open first: a refusal leaves the file byte-identical.
    let reading = open_reading(file)?;
    let published = comes_after_publication(&reading, new)?;
    let old_doc = match published {
        true => load_side(&reading, old)?.0,
        false => {
            return Err(usage(
                "まだ公表した版がありません。（別添3）変更箇所は公表した評価書からの変更を載せる表です。公表した評価書を「公表」の段階で確定してから、published（最後に公表した版）と比べてください。",
            ));
        }
    };
    // The rows of the comparison with a draft: (edits that add them, how many, how many changes).
    let today = jiff::ZonedDateTime::now().date();
    let plan = |draft: &Assessment| -> Result<(Vec<Edit>, usize, usize), Error> {
        let comparison = crate::diff::compare(&old_doc, draft, false)
            .map_err(|_| usage("2つの版は異なる様式で書かれているため比べられません。"))?;
        let rows = crate::diff::change_log_rows(&comparison, draft);
        let (edits, added) = crate::diff::plan_change_log(draft, &rows, today)?;
        Ok((edits, added, rows.len()))
    };
    // Planned on the reading open too: when nothing is to be added, the file is not even opened
    // for writing (it stays byte-identical).
    let (_, to_add, changes) = plan(&reading.load_draft()?)?;
    reading.close()?;
    if to_add == 0 {
        println!("別添3に追加する変更箇所はありません（変更 {changes}件はすべて記載済みです）。");
        return Ok(());
    }
    // Planned again under the write lock, on the draft the rows are added to.
    let mut store = open_store(file)?;
    let mut draft = store.load_draft()?;
    let (edits, added, changes) = plan(&draft)?;
    draft.apply(edits.clone())?;
    store.save(&edits)?;
    store.close()?;
    println!("別添3に変更箇所を{added}件追加しました（変更 {changes}件のうち、まだ載っていないもの）。");
    Ok(())
}

fn pdf_failed(e: crate::pdf::PdfError) -> Error {
    usage(format!("PDFを作れませんでした（{e}）。"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(a: &[&str]) -> Vec<OsString> {
        a.iter().map(OsString::from).collect()
    }

    #[test]
    fn only_no_arguments_or_one_assessment_file_opens_the_window() {
        assert!(opens_window(&args(&[])));
        assert!(opens_window(&args(&["児童手当.hyoka"])));
        assert!(opens_window(&args(&[r"C:\評価 テスト\児童手当.hyoka"])));
        for command in [
            &["--help"][..],
            &["check", "児童手当.hyoka"],
            &["児童手当.hyoka", "extra"],
            &["--x.hyoka"],
            &["児童手当.ron"],
        ] {
            assert!(!opens_window(&args(command)), "{command:?} is a command (or an error to print)");
        }
    }
}
