//! Dates as Japanese offices write them: always shown in 和暦 (令和7年4月1日), typed as
//! 「令和7年4月1日」, 「R7.4.1」, 「R7/4/1」 or 「2025-04-01」.

use jiff::civil::{Date, date};

/// The eras that can appear in an assessment (the first assessments date from 2014, 平成26年;
/// older dates occur in 保有開始日 and legal citations).
const ERAS: [(&str, char, i16, i8, i8); 3] =
    [("令和", 'R', 2019, 5, 1), ("平成", 'H', 1989, 1, 8), ("昭和", 'S', 1926, 12, 25)];

/// 「令和7年4月1日」 (year 1 is written 元年, as officially printed).
pub fn to_wareki(d: Date) -> String {
    for (name, _, y, m, day) in ERAS {
        if d >= date(y, m, day) {
            let year = d.year() - y + 1;
            let year = if year == 1 { "元".to_owned() } else { year.to_string() };
            return format!("{name}{year}年{}月{}日", d.month(), d.day());
        }
    }
    format!("{}年{}月{}日", d.year(), d.month(), d.day())
}

/// Parses the ways staff type dates. `None` when it is not a real calendar date or not in the
/// era named (「平成31年5月1日」 does not exist: that day is 令和元年5月1日).
/// A stored moment (RFC 3339 with its offset, as versions record 確定日時) in 和暦 and this PC's
/// time zone: 「令和8年11月30日 23:14」. Text that is not such a moment is returned as it is.
pub fn moment_wareki(stored: &str) -> String {
    let Ok(ts) = stored.parse::<jiff::Timestamp>() else { return stored.to_owned() };
    let local = ts.to_zoned_datetime(jiff::tz::TimeZone::system());
    format!("{} {:02}:{:02}", to_wareki(local.date()), local.hour(), local.minute())
}

pub fn parse(input: &str) -> Option<Date> {
    let s: String = input.trim().chars().map(to_ascii_digit).collect();
    if let Some(d) = parse_iso(&s) {
        return Some(d);
    }
    // The western year as Excel shows it in Japan (「2026/7/10」) or as written (「2026年7月10日」).
    if let Some(d) = parse_western(&s) {
        return Some(d);
    }
    let (era, rest) = ERAS.iter().find_map(|e| {
        s.strip_prefix(e.0)
            .or_else(|| s.strip_prefix(e.1))
            .or_else(|| s.strip_prefix(e.1.to_ascii_lowercase()))
            .map(|rest| (e, rest))
    })?;
    let rest = rest.replacen("元", "1", 1);
    let nums: Vec<&str> = rest.split(['年', '月', '日', '.', '/', '-']).filter(|p| !p.is_empty()).collect();
    let [y, m, d] = nums.as_slice() else { return None };
    let (y, m, d): (i16, i8, i8) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let parsed = Date::new(era.2.checked_add(y.checked_sub(1)?)?, m, d).ok()?;
    let start = date(era.2, era.3, era.4);
    let next_start = ERAS.iter().take_while(|e| e.0 != era.0).last().map(|e| date(e.2, e.3, e.4));
    let in_era = parsed >= start && next_start.is_none_or(|n| parsed < n);
    in_era.then_some(parsed)
}

/// The years a date of an assessment can fall in (保有開始日 of an old file to a 見直し far ahead);
/// anything else is a slip of the keyboard (「9999-12-31」, 「0025-04-01」).
pub const YEARS: std::ops::RangeInclusive<i16> = 1900..=2199;

/// `YYYY-MM-DD` exactly, as the RON file writes dates, in [`YEARS`]: no time, no zone, no
/// other spelling (「20251104」, 「2025-11-04T09:00」 are refused, not cut to a date).
pub fn parse_iso(s: &str) -> Option<Date> {
    let b = s.as_bytes();
    let shape = b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter().enumerate().all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit());
    let d: Date = s.parse().ok().filter(|_| shape)?;
    YEARS.contains(&d.year()).then_some(d)
}

/// 「2026/7/10」「2026.7.10」「2026年7月10日」: a four-digit year in [`YEARS`], then month and day.
fn parse_western(s: &str) -> Option<Date> {
    let digits_year = s.get(..4).is_some_and(|y| y.bytes().all(|b| b.is_ascii_digit()));
    if !digits_year || s.len() == 10 && s.as_bytes().get(4) == Some(&b'-') {
        return None;
    }
    let nums: Vec<&str> = s.split(['年', '月', '日', '.', '/']).filter(|p| !p.is_empty()).collect();
    let [y, m, d] = nums.as_slice() else { return None };
    let (y, m, d): (i16, i8, i8) = (y.parse().ok()?, m.parse().ok()?, d.parse().ok()?);
    let date = Date::new(y, m, d).ok()?;
    YEARS.contains(&y).then_some(date)
}

/// How many days a period from `start` to `end` takes, both counted (6月1日～6月30日 is 30 days);
/// zero or less when the end comes before the start.
pub fn days_inclusive(start: Date, end: Date) -> i64 {
    i64::from((end - start).get_days()) + 1
}

/// One date of a date answer with the words written right after it (「（予定）」「（第1回）」;
/// empty: none).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dated {
    pub date: Date,
    pub note: String,
}

/// The longest note beside one date, in characters.
pub const MAX_NOTE_CHARS: usize = 40;

/// A date answer as offices write it: one date, or several where the schema lets the item hold
/// several (`Node::several`: Ⅵ 3.① 実施日 of a 第三者点検 over several meetings), each with its
/// note (「令和4年1月20日（予定）」). Never empty. Shown as 「令和4年1月20日（第1回）、令和4年2月15日（第2回）」.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dates(Vec<Dated>);

impl Dates {
    /// One date without a note.
    pub fn on(date: Date) -> Dates {
        Dates(vec![Dated { date, note: String::new() }])
    }

    /// `None` when `entries` is empty.
    pub fn new(entries: Vec<Dated>) -> Option<Dates> {
        (!entries.is_empty()).then_some(Dates(entries))
    }

    /// The dates in the order written.
    pub fn entries(&self) -> &[Dated] {
        &self.0
    }

    /// The first date written.
    pub fn first(&self) -> Date {
        self.0[0].date
    }

    pub fn earliest(&self) -> Date {
        self.0.iter().map(|d| d.date).min().unwrap_or(self.0[0].date)
    }

    pub fn latest(&self) -> Date {
        self.0.iter().map(|d| d.date).max().unwrap_or(self.0[0].date)
    }

    /// One date and no note: what format 1 files hold.
    pub fn is_plain(&self) -> bool {
        self.0.len() == 1 && self.0[0].note.is_empty()
    }

    /// What is wrong with these dates as an answer, if anything: several where the item takes one,
    /// dates out of order or repeated, a note with blanks around it, over [`MAX_NOTE_CHARS`], or
    /// holding a date of its own (which no rule would read).
    pub fn problem(&self, several: bool) -> Option<DatesProblem> {
        if self.0.len() > 1 && !several {
            return Some(DatesProblem::OnlyOne);
        }
        if self.0.windows(2).any(|w| w[0].date >= w[1].date) {
            return Some(DatesProblem::OutOfOrder);
        }
        for d in &self.0 {
            if !YEARS.contains(&d.date.year()) {
                return Some(DatesProblem::OutOfRange(d.date.to_string()));
            }
            if d.note.trim() != d.note || (d.note.is_empty() != d.note.trim().is_empty()) {
                return Some(DatesProblem::NoteBlanks);
            }
            if d.note.chars().count() > MAX_NOTE_CHARS {
                return Some(DatesProblem::NoteTooLong(d.note.clone()));
            }
            if contains_date(&d.note) {
                return Some(DatesProblem::DateInNote(d.note.clone()));
            }
        }
        None
    }

    /// In 和暦, as printed: dates separated by 「、」, each followed by its note.
    pub fn wareki(&self) -> String {
        let parts: Vec<String> = self.0.iter().map(|d| format!("{}{}", to_wareki(d.date), d.note)).collect();
        parts.join("、")
    }
}

/// Why typed dates cannot be taken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DatesProblem {
    /// This part does not start with a date.
    NotADate(String),
    /// The note after a date is over [`MAX_NOTE_CHARS`].
    NoteTooLong(String),
    /// Several dates in an item that takes one.
    OnlyOne,
    /// Dates not in order, or one date twice.
    OutOfOrder,
    /// A year outside [`YEARS`].
    OutOfRange(String),
    /// A note with blanks before or after it, or only blanks.
    NoteBlanks,
    /// A note holding a date (「2025-07-10 ～ 2025-08-28」 in a one-date item).
    DateInNote(String),
}

impl DatesProblem {
    /// What to tell the user, in Japanese.
    pub fn message(&self) -> String {
        match self {
            DatesProblem::NotADate(part) => format!(
                "「{part}」を日付として読めません。「令和7年4月1日」「R7.4.1」「2025-04-01」のように入力してください（後ろに「（予定）」などを添えられます）。"
            ),
            DatesProblem::NoteTooLong(note) => {
                format!(
                    "日付に添える言葉「{note}」が長すぎます（{MAX_NOTE_CHARS}文字まで）。説明は別の欄に書いてください。"
                )
            }
            DatesProblem::OnlyOne => "この項目には日付を1つだけ入力します。".into(),
            DatesProblem::OutOfOrder => "日付は古い順に、同じ日を重ねずに入力してください。".into(),
            DatesProblem::OutOfRange(d) => {
                format!("日付「{d}」は年が範囲外です（1900年〜2199年）。入力し直してください。")
            }
            DatesProblem::NoteBlanks => "日付に添える言葉の前後に空白があります（空白だけの言葉も使えません）。".into(),
            DatesProblem::DateInNote(note) => format!(
                "日付に添える言葉「{note}」の中に日付があります。期間や複数の日付は、日付を「、」で区切って入力するか（複数の日付を取る項目のみ）、別の欄に書いてください。"
            ),
        }
    }
}

/// Reads typed dates: 「令和4年1月20日（予定）」, or where `several`, 「R4.1.20（第1回）、R4.2.15（第2回）」.
/// Parts are separated by 「、」「，」「,」 or line breaks outside brackets; each starts with a date
/// in any form [`parse`] takes, and what follows it is its note. `Ok(None)` for blank input.
pub fn parse_dates(input: &str, several: bool) -> Result<Option<Dates>, DatesProblem> {
    let mut parts = Vec::new();
    let (mut depth, mut start) = (0i32, 0usize);
    for (i, c) in input.char_indices() {
        match c {
            '（' | '(' | '「' | '【' => depth += 1,
            '）' | ')' | '」' | '】' => depth -= 1,
            '、' | '，' | ',' | '\n' if depth <= 0 => {
                parts.push(&input[start..i]);
                start = i + c.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(&input[start..]);
    let mut out = Vec::new();
    for part in parts.into_iter().map(str::trim).filter(|p| !p.is_empty()) {
        // The longest beginning that reads as a date (「R7.4.10」 before 「R7.4.1」).
        let cut = part
            .char_indices()
            .map(|(i, c)| i + c.len_utf8())
            .rev()
            .find(|&end| parse(&part[..end]).is_some())
            .ok_or_else(|| DatesProblem::NotADate(part.to_owned()))?;
        let date = parse(&part[..cut]).ok_or_else(|| DatesProblem::NotADate(part.to_owned()))?;
        // A note is words: 「R7.4.15」 mistyped as 「R7.4.155」, 「R7.4.1x」 or 「2025-04-01-05」 is
        // no date with a note 「5」, 「x」 or 「-05」; 「2025-07-10 14:00」 is no date either.
        let rest = part[cut..].trim_start();
        if rest.starts_with(|c: char| c.is_ascii_alphanumeric() || c.is_ascii_punctuation() && !"([".contains(c))
            || rest.starts_with(|c: char| "０１２３４５６７８９．／－：年月日".contains(c))
        {
            return Err(DatesProblem::NotADate(part.to_owned()));
        }
        out.push(Dated { date, note: rest.trim_end().to_owned() });
    }
    let Some(dates) = Dates::new(out) else { return Ok(None) };
    match dates.problem(several) {
        Some(p) => Err(p),
        None => Ok(Some(dates)),
    }
}

/// Whether a note holds a date in any form [`parse`] reads.
fn contains_date(note: &str) -> bool {
    note.char_indices().any(|(i, _)| {
        let rest = &note[i..];
        rest.char_indices().skip(5).take(16).any(|(j, c)| parse(&rest[..j + c.len_utf8()]).is_some())
    })
}

fn to_ascii_digit(c: char) -> char {
    match c {
        '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32).unwrap_or(c),
        '．' => '.',
        '／' => '/',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn typed_dates_keep_their_notes_and_never_lose_words() {
        let one = |s| parse_dates(s, false);
        let d = |y, m, day, note: &str| Dated { date: date(y, m, day), note: note.into() };
        assert_eq!(one("令和4年1月20日（予定）"), Ok(Dates::new(vec![d(2022, 1, 20, "（予定）")])));
        assert_eq!(one("R7.4.10 予定"), Ok(Dates::new(vec![d(2025, 4, 10, "予定")])));
        assert_eq!(one("2025-04-01"), Ok(Some(Dates::on(date(2025, 4, 1)))));
        assert_eq!(one("  "), Ok(None));
        assert_eq!(one("予定 令和4年1月20日"), Err(DatesProblem::NotADate("予定 令和4年1月20日".into())));
        for typo in [
            "R7.4.155",
            "R7.4.1x",
            "R7.4.1.5",
            "2025-04-011",
            "2025-04-01-05",
            "R7.4.1 -5",
            "2025-07-10 14:00",
            "2025-04-01T09:30",
            "20250401",
        ] {
            assert!(matches!(one(typo), Err(DatesProblem::NotADate(_))), "{typo}: {:?}", one(typo));
        }
        // No way round 「one date」 or the order through a note.
        assert!(matches!(one("2025-07-10 ～ 2025-08-28"), Err(DatesProblem::DateInNote(_))));
        assert!(matches!(one("2025-07-10（令和7年8月28日まで）"), Err(DatesProblem::DateInNote(_))));
        assert_eq!(parse_dates("R7.8.28、R7.7.10", true), Err(DatesProblem::OutOfOrder));
        assert_eq!(parse_dates("R7.7.10、R7.7.10", true), Err(DatesProblem::OutOfOrder));
        assert!(matches!(one("9999-12-31"), Err(DatesProblem::NotADate(_))));
        assert_eq!(parse_iso("1899-12-31"), None);
        assert_eq!(parse_iso("2025-11-04"), Some(date(2025, 11, 4)));
        assert_eq!(one("令和4年1月20日、令和4年2月15日"), Err(DatesProblem::OnlyOne));
        let many = parse_dates("令和4年1月20日（第1回、書面）、R4.2.15（第2回）\n2022-03-01", true).unwrap().unwrap();
        assert_eq!(many.entries(), [d(2022, 1, 20, "（第1回、書面）"), d(2022, 2, 15, "（第2回）"), d(2022, 3, 1, "")]);
        assert_eq!(many.wareki(), "令和4年1月20日（第1回、書面）、令和4年2月15日（第2回）、令和4年3月1日");
        assert_eq!((many.earliest(), many.latest()), (date(2022, 1, 20), date(2022, 3, 1)));
        assert!(matches!(one(&format!("R4.1.20{}", "あ".repeat(41))), Err(DatesProblem::NoteTooLong(_))));
        // What is shown reads back as the same answer.
        assert_eq!(parse_dates(&many.wareki(), true), Ok(Some(many)));
    }

    #[test]
    fn every_typed_form_gives_the_same_date() {
        let want = date(2025, 4, 1);
        for s in [
            "令和7年4月1日",
            "R7.4.1",
            "r7/4/1",
            "2025-04-01",
            "令和７年４月１日",
            " R7.04.01 ",
            "2025/4/1",
            "2025年4月1日",
            "2025.04.01",
        ] {
            assert_eq!(parse(s), Some(want), "{s}");
        }
    }

    #[test]
    fn dates_are_shown_in_wareki_with_gannen() {
        assert_eq!(to_wareki(date(2025, 4, 1)), "令和7年4月1日");
        assert_eq!(to_wareki(date(2019, 5, 1)), "令和元年5月1日");
        assert_eq!(to_wareki(date(2019, 4, 30)), "平成31年4月30日");
        assert_eq!(parse("令和元年5月1日"), Some(date(2019, 5, 1)));
    }

    #[test]
    fn a_frozen_moment_is_shown_in_wareki_and_local_time() {
        // Whatever this PC's zone, the moment comes out in 和暦 with hours and minutes, and the
        // same instant written with two offsets reads the same.
        let a = moment_wareki("2026-11-30T23:14:17+00:00");
        let b = moment_wareki("2026-12-01T08:14:17+09:00");
        assert_eq!(a, b);
        assert!(a.starts_with("令和8年") && a.contains(':'), "{a}");
        assert_eq!(moment_wareki("不明"), "不明");
    }

    #[test]
    fn impossible_dates_are_rejected() {
        for s in ["令和7年2月30日", "平成31年5月1日", "令和0年1月1日", "2025-13-01", "R7.4", "きのう", ""]
        {
            assert_eq!(parse(s), None, "{s}");
        }
    }
}
