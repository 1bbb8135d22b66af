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
    if let Ok(d) = s.parse::<Date>() {
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
    fn every_typed_form_gives_the_same_date() {
        let want = date(2025, 4, 1);
        for s in ["令和7年4月1日", "R7.4.1", "r7/4/1", "2025-04-01", "令和７年４月１日", " R7.04.01 "] {
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
