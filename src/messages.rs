//! Every error the user can meet, in Japanese, saying what is wrong and what to do.
//! One place, so the wording stays consistent between the CLI and the GUI.

use crate::doc::{DocError, Path};
use crate::form;
use crate::fsio::FsError;
use crate::location::Risk;
use crate::ron_io::{ItemProblem, RonError};
use crate::store::{NotOurs, Notice, StoreError};
use std::path::Path as FsPath;

/// Any failure of a user-level operation.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{file}: {error}")]
    Ron { file: String, error: RonError },
    #[error(transparent)]
    Doc(#[from] DocError),
    #[error("usage: {0}")]
    Usage(String),
    #[error("{path}: {source}")]
    Write { path: String, source: std::io::Error },
    #[error(transparent)]
    Fs(#[from] FsError),
    #[error("the window could not be shown: {detail}")]
    NoWindow { detail: String },
}

/// The longest line of a message: input quoted back (a 10 MB item, a binary file's bytes) is
/// cut, so a message always fits on a screen.
const MAX_LINE: usize = 300;

/// The technical detail from a library (SQLite, the RON parser), as a second short line: the
/// Japanese sentence above says what happened and what to do; this is for the 情報システム担当課.
fn detail(s: &str) -> String {
    let one_line: String = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let mut out: String = one_line.chars().take(120).collect();
    if one_line.chars().count() > 120 {
        out.push('…');
    }
    format!("\n（詳細: {out}）")
}

/// Cuts every line to [`MAX_LINE`] characters and drops control characters, so nothing quoted
/// from the input can flood or garble the terminal.
fn tidy(message: &str) -> String {
    message
        .lines()
        .map(|line| {
            let clean: String = line.chars().filter(|c| !c.is_control()).collect();
            match clean.chars().count() > MAX_LINE {
                true => clean.chars().take(MAX_LINE).collect::<String>() + "…（以下略）",
                false => clean,
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        .replace("。。", "。")
}

const NOTHING_WRITTEN: &str = "ファイルは変更していません。";

/// The Japanese message for an error.
pub fn japanese(error: &Error) -> String {
    let message = match error {
        Error::Store(e) => store(e),
        Error::Ron { file, error } => ron(file, error),
        Error::Doc(e) => format!("{}{NOTHING_WRITTEN}", doc(e)),
        Error::Usage(m) => format!("{m}\n使い方は `hyokasho --help` で確認できます。"),
        Error::Write { path, source } => write(path, source),
        Error::Fs(e) => fs(e),
        Error::NoWindow { detail: d } => format!(
            "画面を表示できませんでした。デスクトップ環境で起動しているか、画面の表示（グラフィックス）ドライバーが使えるかを確かめてください。コマンド（hyokasho --help）は画面なしでも使えます。{}",
            detail(d)
        ),
    };
    tidy(&message)
}

/// What the user is told about a file that opened after a repair.
pub fn notice(n: &Notice) -> String {
    match n {
        Notice::InterruptedSaveRolledBack => "前回、保存の途中でプログラム又はパソコンが止まっていました。途中までの保存を取り消し、その直前までに保存された内容で開きました（失われたのは最後の1回分の保存だけです）。".to_owned(),
        Notice::ForeignJournalSetAside { moved_to } => format!(
            "ファイルの横に、このファイルのものではない保存途中の記録（ジャーナル）がありました。置き換えられたファイル（バックアップから戻したファイルや別の評価書）を壊さないよう、その記録は使わずに {} に移し、ファイルは今ある内容のまま開きました。",
            show(moved_to)
        ),
    }
}

/// The warning for an assessment kept on a network share or in a synced folder (see
/// `crate::location`): what is wrong, why it matters, and what to do.
pub fn location(risk: Risk) -> String {
    let place = match risk {
        Risk::NetworkShare => "ネットワーク上の共有フォルダー".to_owned(),
        Risk::SyncedFolder(service) => format!("{service}で同期されるフォルダー"),
    };
    format!(
        "この評価書ファイルは{place}にあります。そこでは、通信が途切れたときや別のパソコン・同期ソフトが同時に扱ったときに、評価書ファイルが壊れたり古い内容に戻ったりするおそれがあります。同期も共有もされない、このパソコンのフォルダー（例: C:\\評価書）に保存してください。「ドキュメント」や「デスクトップ」も OneDrive で同期されていることがあるので、その場合は避けてください（移すときは、hyokasho でファイルを閉じてから移してください）。"
    )
}

fn fs(e: &FsError) -> String {
    match e {
        FsError::OutputIsAnAssessment { path } => format!(
            "{} は評価書ファイル（.hyoka）です。書き出しで評価書ファイルを上書きすることはしません。{NOTHING_WRITTEN}書き出し先には .pdf・.xlsx・.ron など、別のファイル名を指定してください。",
            show(path)
        ),
        FsError::OutputIsAnInput { path } => format!(
            "書き出し先 {} は、読み込むファイルと同じです。上書きはしません。{NOTHING_WRITTEN}別のファイル名を指定してください。",
            show(path)
        ),
        FsError::NotAFile { path } => format!(
            "{} は通常のファイルではありません（フォルダーや特殊なファイルです）。{NOTHING_WRITTEN}ファイルを指定してください。",
            show(path)
        ),
        FsError::TooLarge { path, bytes, max } => format!(
            "{} は大きすぎます（{}MB。上限は{}MB）。{NOTHING_WRITTEN}正しいファイルを指定しているか確かめてください。",
            show(path),
            bytes.div_ceil(1024 * 1024),
            max / (1024 * 1024)
        ),
        FsError::NotUtf8 { path } => format!(
            "{} はUTF-8のテキストではありません。{NOTHING_WRITTEN}メモ帳などで文字コードを「UTF-8」にして保存し直してください。",
            show(path)
        ),
        FsError::Read { path, source } if source.kind() == std::io::ErrorKind::NotFound => {
            format!("ファイルが見つかりません: {}\nファイル名と保存場所を確かめてください。", show(path))
        }
        FsError::Read { path, source } => {
            format!("{} を読めません（{}）。{NOTHING_WRITTEN}", show(path), io_reason(source))
        }
        FsError::Write { path, source } => write(&show(path), source),
    }
}

fn io_reason(e: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    match e.kind() {
        K::PermissionDenied | K::ReadOnlyFilesystem => "権限がありません".to_owned(),
        K::NotFound => "ファイル又はフォルダーがありません".to_owned(),
        K::StorageFull | K::QuotaExceeded => "ディスクの空き容量が足りません".to_owned(),
        K::IsADirectory => "フォルダーです".to_owned(),
        _ => format!("入出力のエラー{}", detail(&e.to_string())),
    }
}

fn show(path: &FsPath) -> String {
    path.display().to_string()
}

fn store(e: &StoreError) -> String {
    match e {
        StoreError::NotFound { path } => {
            format!("ファイルが見つかりません: {}\nファイル名と保存場所を確かめてください。", show(path))
        }
        StoreError::NoSuchFolder { path } => format!(
            "{} を作れません。保存先のフォルダー（{}）がありません。フォルダーを作るか、別の保存先を指定してください。",
            show(path),
            path.parent().map(show).unwrap_or_default()
        ),
        StoreError::AlreadyExists { path } => format!(
            "{} は既にあります。上書きはしません。別のファイル名を指定するか、既存のファイルを開いてください。",
            show(path)
        ),
        StoreError::JournalInTheWay { path } => format!(
            "{} が既にあります。この名前で評価書ファイルを作ると、そのファイルが作業用のファイルとみなされて消えてしまうため、作成しません。別のファイル名を指定するか、そのファイルを別の場所に移してください。",
            show(path)
        ),
        StoreError::NotAnAssessment { path, reason } => {
            let what = match reason {
                NotOurs::NotSqlite => "評価書ファイル（.hyoka）ではないか、先頭から壊れています",
                NotOurs::OtherApplication => "別のアプリケーションのデータベースで、評価書ファイルではありません",
                NotOurs::Damaged => "壊れていて読めません",
            };
            format!(
                "{} は{what}。{NOTHING_WRITTEN}正しいファイルを選ぶか、バックアップから復元してください。",
                show(path)
            )
        }
        StoreError::Damaged { path, detail: d } => format!(
            "{} は壊れています。{NOTHING_WRITTEN}バックアップから復元するか、情報システム担当課に相談してください。{}",
            show(path),
            detail(d)
        ),
        StoreError::CannotRecover { path } => format!(
            "{} は前回の保存が途中で止まったままですが、ファイルに書き込めないため元に戻せません。{NOTHING_WRITTEN}ファイルと同じフォルダーにある「{}-journal」も一緒に、書き込めるフォルダーへコピーしてから開いてください。",
            show(path),
            path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default()
        ),
        StoreError::VersionAltered { path, number } => format!(
            "{} の第{number}版は、確定したときの内容（SHA-256）と一致しません。このプログラムの外で書き換えられたか、ファイルが壊れています。この版は使わず、バックアップから復元するか、情報システム担当課に相談してください。",
            show(path)
        ),
        StoreError::NewerFormat { path, found, supported } => format!(
            "{} は新しいバージョンの hyokasho で保存されています（ファイル形式 {found}。このプログラムは {supported} まで）。{NOTHING_WRITTEN}hyokasho を更新してから開いてください。",
            show(path)
        ),
        StoreError::NeedsUpgrade { path } => format!(
            "{} は古いファイル形式です。{NOTHING_WRITTEN}一度 hyokasho で編集用に開くと新しい形式に更新されます。",
            show(path)
        ),
        StoreError::UnknownForm { key } => format!(
            "この評価書は様式「{key}」で作成されていますが、このプログラムはその様式に対応していません（対応: {}）。{NOTHING_WRITTEN}hyokasho を更新してください。",
            form::known_keys().join("、")
        ),
        StoreError::FormMismatch { file, doc } => format!(
            "ファイルは様式「{file}」、読み込む評価書は様式「{doc}」で作成されています。{NOTHING_WRITTEN}新しいファイル名を指定して読み込んでください。"
        ),
        StoreError::LockedByAnotherInstance { path } => format!(
            "{} は別の hyokasho（このパソコンまたは別のパソコン）で開かれています。{NOTHING_WRITTEN}そちらを閉じてから、もう一度開いてください。",
            show(path)
        ),
        StoreError::OpenedReadOnly { path } => {
            format!("{} は読み取り専用で開いているため保存できません。", show(path))
        }
        StoreError::NotWritable { path } => format!(
            "{} に書き込めません。ファイルやフォルダーが読み取り専用でないか、書き込み権限があるかを確かめるか、別の場所を指定してください。",
            show(path)
        ),
        StoreError::NotReadable { path } => format!(
            "{} を読み取れません（このユーザーには読み取る権限がありません）。{NOTHING_WRITTEN}ファイルの権限を確かめるか、情報システム担当課に相談してください。",
            show(path)
        ),
        StoreError::DiskFull { path } => format!(
            "ディスクの空き容量が足りないため {} に保存できません。不要なファイルを削除してから、もう一度保存してください。",
            show(path)
        ),
        StoreError::NoSuchVersion(n) => {
            format!("第{n}版はありません。`hyokasho versions ファイル` で版の一覧を確認してください。")
        }
        StoreError::Io { path, source } => format!("{} を読み書きできません（{}）。", show(path), io_reason(source)),
        StoreError::Sqlite { path, source } => format!(
            "{} の読み書き中に予期しないエラーが発生しました。{NOTHING_WRITTEN}情報システム担当課に相談してください。{}",
            show(path),
            detail(&source.to_string())
        ),
    }
}

fn write(path: &str, source: &std::io::Error) -> String {
    use std::io::ErrorKind as K;
    let why = match source.kind() {
        K::PermissionDenied | K::ReadOnlyFilesystem => "書き込み権限がありません".to_owned(),
        K::NotFound => "保存先のフォルダーがありません".to_owned(),
        K::StorageFull | K::QuotaExceeded => "ディスクの空き容量が足りません".to_owned(),
        _ => io_reason(source),
    };
    format!("{path} に書き出せません（{why}）。別の保存先を指定してください。")
}

fn ron(file: &str, e: &RonError) -> String {
    match e {
        RonError::Syntax { line, col, message } => format!(
            "{file} の {line} 行 {col} 列: RON の書き方が正しくありません。括弧・引用符・カンマを確かめてください。何も書き込んでいません。{}",
            detail(message)
        ),
        RonError::NewerFormat { found, supported } => format!(
            "{file} は新しいバージョンの hyokasho で書き出されています（形式 {found}。このプログラムは {supported} まで）。hyokasho を更新してください。何も書き込んでいません。"
        ),
        RonError::UnknownForm { key } => format!(
            "{file} は様式「{key}」で作成されていますが、このプログラムは対応していません（対応: {}）。何も書き込んでいません。",
            form::known_keys().join("、")
        ),
        // The document's own complaint names the item itself: said once, not twice.
        RonError::Item { line, col, problem: ItemProblem::Invalid(e), .. } => {
            format!("{file} の {line} 行 {col} 列: {} 何も書き込んでいません。", doc(e))
        }
        RonError::Item { line, col, path, problem } => format!(
            "{file} の {line} 行 {col} 列: 項目 {path}{}: {}。何も書き込んでいません。",
            official(path),
            item_problem(problem).trim_end_matches('。')
        ),
    }
}

/// 「（Ⅱ 4. ⑧再委託の許諾方法）」 for a path the form knows.
fn official(path: &str) -> String {
    let f = form::current();
    Path::parse(path).and_then(|p| f.find(&p.item)).map(|ix| format!("（{}）", f.full_title(ix))).unwrap_or_default()
}

fn item_problem(p: &ItemProblem) -> String {
    match p {
        ItemProblem::Unknown => {
            "様式にない項目です。項目IDのつづりと、どのブロックの中に書いたかを確かめてください".into()
        }
        ItemProblem::Duplicate => "同じ項目が2回書かれています。どちらかを削除してください".into(),
        ItemProblem::Derived => "他の項目から自動で作られる項目なので書けません。この行を削除してください".into(),
        ItemProblem::Heading => "見出しには値を書けません。その下の項目に書いてください".into(),
        ItemProblem::ExpectedBlocks => {
            "繰り返し項目です。Blocks([Block(id: …, values: {…})]) の形で書いてください".into()
        }
        ItemProblem::UnexpectedBlocks => "繰り返し項目ではありません。Text(…) などの値で書いてください".into(),
        ItemProblem::BadDate(s) => {
            format!("日付「{s}」が正しくありません。Date(\"2025-04-01\") の形で実在する日付を書いてください")
        }
        ItemProblem::BadMarkDate(s) => {
            format!("日付「{s}」が正しくありません。\"2025-04-01\" の形で実在する日付（1900年〜2199年）を書いてください")
        }
        ItemProblem::QuestionText => "質問・回答は Text(\"…\") か Marked([…]) の形で書いてください".into(),
        ItemProblem::QuestionItem(item) => {
            format!("質問の対象項目「{item}」が項目の書き方（例：ii.file[f-a].name）になっていません")
        }
        ItemProblem::StageName(s) => format!(
            "手続の段階「{s}」は使えません。事前点検・市民意見聴取・第三者点検・審議会報告・公表・見直しのいずれかを書いてください"
        ),
        ItemProblem::ActionProgress(s) => {
            format!("進み具合「{s}」は使えません。未着手・実施中・完了のいずれかを書いてください")
        }
        ItemProblem::QuestionStatus(s) => {
            format!("状況「{s}」は使えません。未回答・回答済・反映済・対応不要のいずれかを書いてください")
        }
        ItemProblem::NoDates => {
            "Dates([…]) に日付がありません。Dates([(\"2025-04-01\", \"（予定）\")]) の形で1つ以上書くか、行を削除してください".into()
        }
        ItemProblem::BadImage => "画像のデータ（base64）が壊れています。画面から画像を添付し直してください".into(),
        ItemProblem::BrokenImage => {
            "画像が途中で切れているか壊れていて、表示も印刷もできません。元の画像を画面から添付し直してください".into()
        }
        ItemProblem::NestedWithheld => "Withheld(…) が二重になっています".into(),
        ItemProblem::UnknownMirror(id) => {
            format!("ブロック「{id}」はⅡの特定個人情報ファイルにありません。Ⅱと同じIDを使ってください")
        }
        ItemProblem::Invalid(e) => doc(e),
    }
}

/// A schema error in Japanese (also the detail of a damaged file whose rows break the schema).
pub fn doc(e: &DocError) -> String {
    match e {
        DocError::UnknownItem(p) => format!("項目 {p} は様式にありません。"),
        DocError::NotAValue(p) => format!("{p}{} は見出しか自動計算の項目なので値を入れられません。", official(p)),
        DocError::NotABlockList(p) => format!("{p}{} は繰り返し項目ではありません。", official(p)),
        DocError::WrongNesting { path, .. } => format!("{path} のブロック指定が様式の構造と合いません。"),
        DocError::NoSuchBlock { path, id } => format!("{path}{}: ブロック「{id}」がありません。", official(path)),
        DocError::DuplicateBlock { path, id } => {
            format!(
                "{path}{}: ブロックID「{id}」は既に使われています。文書全体で重ならないIDにしてください。",
                official(path)
            )
        }
        DocError::InvalidBlockId { path, id } => {
            format!("{path}{}: ブロックID「{id}」は使えません。半角英数字とハイフンで書いてください。", official(path))
        }
        DocError::WrongKind { path, kind } => {
            let ja = match *kind {
                "text" => "文章",
                "single-choice" => "選択肢（1つ）",
                "multiple-choice" => "選択肢（複数）",
                "date" => "日付",
                "count" => "件数",
                "flag" => "チェック",
                "reference" => "登録済みの項目を選ぶ",
                "image" => "画像",
                _ => "見出し",
            };
            format!("{path}{} は{ja}の項目です。その形で値を書いてください。", official(path))
        }
        DocError::UnknownOption { path, option } => {
            format!(
                "「{option}」は {path}{} の選択肢にありません。様式の選択肢の文言どおりに書いてください。",
                official(path)
            )
        }
        DocError::RepeatedOption { path, option } => {
            format!("{path}{}: 「{option}」が2回選ばれています。", official(path))
        }
        DocError::NotAnImage { path } => {
            format!(
                "{path}{} に添付できるのはPNG又はJPEGの画像だけです。画像を保存し直してから添付してください。",
                official(path)
            )
        }
        DocError::ImageTooLarge { path, bytes, max } => format!(
            "{path}{} の画像は{}MBあり、上限の{}MBを超えています。解像度を下げて保存し直してから添付してください。",
            official(path),
            bytes.div_ceil(1024 * 1024),
            max / (1024 * 1024)
        ),
        DocError::TooLong { path, chars, max } => format!(
            "{path}{} は {chars} 文字あり、上限の {max} 文字を超えています。{} 文字以上短くしてください。",
            official(path),
            chars - *max as usize
        ),
        DocError::NotWithholdable { path } => {
            format!(
                "{path}{} は非公開にできない項目です（公表版から除けるのは、セキュリティ上の具体的な記載に限られます）。",
                official(path)
            )
        }
        DocError::FollowsAnotherList { path } => {
            format!("{path} はⅡの特定個人情報ファイルの一覧に従うため、ここでは追加・削除できません。")
        }
        DocError::SeveralDates { path } => {
            format!(
                "{path}{} には日付を1つだけ入力します。複数の日付は別の欄（備考など）に書いてください。",
                official(path)
            )
        }
        DocError::ReviewItem(e) => question(e),
        DocError::Action(e) => match &**e {
            crate::review::action::ActionError::BadId { id } => format!("対策計画の識別子「{id}」が使えない形です。"),
            crate::review::action::ActionError::UnknownItem { item, .. } => {
                format!("対策計画の対象項目「{item}」は様式にありません。")
            }
            crate::review::action::ActionError::TooLong { chars, max, .. } => {
                format!("対策計画の記載が{chars}文字あり、上限の{max}文字を超えています。短くしてください。")
            }
        },
        DocError::Stage(e) => stage(e),
        DocError::BadDates { path, problem } => format!("{path}{}: {}", official(path), problem.message()),
        DocError::ReasonControl { .. } => {
            "確認済みにする理由に制御文字（改行以外の見えない文字）が含まれています。文章だけを書いてください。".into()
        }
        DocError::ReasonMissing { .. } => {
            "確認済みにする理由が空です。指摘のとおり直さない理由（審査でそのまま説明できる文）を書いてください。"
                .into()
        }
        DocError::ReasonTooLong { chars, max, .. } => {
            format!(
                "確認済みにする理由が{chars}文字あり、上限の{max}文字を超えています。要点に絞って短くしてください。"
            )
        }
        DocError::BadFindingKey(key) => format!(
            "確認済みの印「{key}」は事前点検の指摘を表す形（規則番号-32桁の16進数）ではありません。その行を削除するか、画面から付け直してください。"
        ),
    }
}

/// Why an existing 評価書 (`import-doc`, 「既存の評価書を読み込む」) cannot be read, ending with
/// what to do: `ask` is 「指定してください」 on the command line, 「選んでください」 in the window.
pub fn document(e: &crate::import_doc::SourceError, path: &std::path::Path, ask: &str) -> String {
    use crate::import_doc::SourceError as S;
    let path = path.display();
    match e {
        S::UnknownKind => {
            format!(
                "{path} はExcel（.xlsx・.xls）、Word（.docx）、PDFのいずれでもありません。様式の評価書のファイルを{ask}。"
            )
        }
        S::Unreadable { kind } => format!(
            "{path} を{kind}として読めませんでした。壊れているか、パスワードで保護されています。保護を外して保存し直してから読み込んでください。"
        ),
        S::NoText { kind } => {
            format!("{path} の{kind}に文字がありません（画像だけのPDFなど）。文字を含むファイルを{ask}。")
        }
        S::Protected => format!(
            "{path} はパスワードで保護されたExcel・Wordのファイルです。Excel・Wordで開いて保護を外し、保存し直したファイルを{ask}。"
        ),
        S::TooMany { kind, what, most } => format!(
            "{path} の{kind}は{most}{what}を超えるため読み込みません（評価書ならその数を超えることはありません）。評価書の部分だけを保存し直したファイルを{ask}。"
        ),
        S::TooLarge { kind, megabytes } => format!(
            "{path} の{kind}は、展開すると {megabytes} MB を超える部分を含むため読み込みません（評価書なら数 MB です）。評価書の部分だけを保存し直したファイルを{ask}。"
        ),
    }
}

fn stage(e: &crate::review::procedure::StageError) -> String {
    use crate::review::procedure::StageError as S;
    match e {
        S::BadId { id } => format!("手続の記録の識別子「{id}」が使えない形です。"),
        S::NotAStage { stage, .. } => format!(
            "「{stage}」は手続の段階として記録できません。事前点検・市民意見聴取・第三者点検・審議会報告・公表・見直しのいずれかを選んでください。"
        ),
        S::TooLong { field, chars, max, .. } => {
            let what = match *field {
                "method" => "方法",
                "shortened" => "期間を短縮する理由",
                "outcome" => "結果（主な意見）",
                _ => "評価書への反映",
            };
            format!(
                "手続の記録の「{what}」が{chars}文字あり、Ⅵに書ける上限の{max}文字を超えています。短くしてください。"
            )
        }
        S::BadDates { problem, .. } => format!("手続の記録の日付: {}", problem.message()),
        S::NoSuchVersion { .. } => "手続の記録の版の番号がありえない値です。1から9999までの番号にしてください。".into(),
    }
}

fn question(e: &crate::review::QuestionError) -> String {
    use crate::review::QuestionError as Q;
    match e {
        Q::BadId { id } => format!("質問の識別子「{id}」が使えない形です（半角英数字と「-」のみ）。"),
        Q::NoNumber { .. } => "質問の番号が空です。質問事項の番号（例：1、2-1）を入力してください。".into(),
        Q::NumberTaken { number } => {
            format!("質問の番号「{number}」は、ほかの質問に使われています。別の番号にしてください。")
        }
        Q::UnknownItem { number, item } => {
            format!("質問{number}の対象項目「{item}」は様式にありません。項目を選び直してください。")
        }
        Q::TooLong { number, field, chars, max } => {
            let what = match *field {
                "number" => "番号",
                "asker" => "質問者",
                "question" => "質問",
                _ => "回答",
            };
            format!("質問{number}の{what}が{chars}文字あり、上限の{max}文字を超えています。短くしてください。")
        }
        Q::OutOfRange { number, field, value, max } => {
            let what = if *field == "page" { "ページ" } else { "版" };
            format!("質問{number}の{what}「{value}」はありえない番号です。1から{max}までの番号にしてください。")
        }
    }
}
