//! しきい値判断: which assessments a body must do, from 対象人数, 取扱者数 and whether a
//! 特定個人情報に関する重大事故 occurred within the past year.
//!
//! 特定個人情報保護評価指針 第5の2 (しきい値判断) and 第2 (定義): the 対象人数 bands are
//! 1,000人 / 1万人 / 10万人 / 30万人; 取扱者数 counts the body's own staff and the 委託先's staff who
//! handle the file, and 500人以上 raises the requirement in the two middle bands, as does a
//! 重大事故 within one year (指針 第5の2(1)〜(3); see also form-spec「しきい値判断」).

/// The assessments that are mandatory.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Required {
    None,
    Basic,
    BasicAndFocused,
    BasicAndFull,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Input {
    /// 対象人数: people whose My Number is in the files of the 事務.
    pub people: u64,
    /// 取扱者数: staff of the body and of its 委託先 who handle the files.
    pub handlers: u64,
    /// A 特定個人情報に関する重大事故 at the body within the past year.
    pub serious_incident: bool,
}

/// The result and the reason, in words a department can paste into its papers.
pub fn assess(input: Input) -> (Required, String) {
    let raised = input.handlers >= 500 || input.serious_incident;
    let why_raised = if input.handlers >= 500 {
        format!("取扱者数が{}人（500人以上）", input.handlers)
    } else if input.serious_incident {
        "過去1年以内に特定個人情報に関する重大事故が発生".to_owned()
    } else {
        format!("取扱者数が{}人（500人未満）で重大事故もない", input.handlers)
    };
    let p = input.people;
    match p {
        0..1_000 => (Required::None, format!("対象人数が{p}人（1,000人未満）のため、評価の実施は義務付けられません。")),
        1_000..10_000 => (
            Required::Basic,
            format!(
                "対象人数が{p}人（1,000人以上1万人未満）のため、基礎項目評価のみが義務付けられます（取扱者数・重大事故にかかわらない）。"
            ),
        ),
        10_000..100_000 if raised => (
            Required::BasicAndFocused,
            format!(
                "対象人数が{p}人（1万人以上10万人未満）で、{why_raised}のため、基礎項目評価及び重点項目評価が義務付けられます。"
            ),
        ),
        10_000..100_000 => (
            Required::Basic,
            format!("対象人数が{p}人（1万人以上10万人未満）で、{why_raised}ため、基礎項目評価のみが義務付けられます。"),
        ),
        100_000..300_000 if raised => (
            Required::BasicAndFull,
            format!(
                "対象人数が{p}人（10万人以上30万人未満）で、{why_raised}のため、基礎項目評価及び全項目評価が義務付けられます。"
            ),
        ),
        100_000..300_000 => (
            Required::BasicAndFocused,
            format!(
                "対象人数が{p}人（10万人以上30万人未満）で、{why_raised}ため、基礎項目評価及び重点項目評価が義務付けられます。"
            ),
        ),
        _ => (
            Required::BasicAndFull,
            format!("対象人数が{p}人（30万人以上）のため、基礎項目評価及び全項目評価が義務付けられます。"),
        ),
    }
}

/// The Ⅵ1② wording of a 全項目評価書 for this result (the full assessment is voluntary unless
/// it is mandatory).
pub fn vi_1_2(required: Required) -> &'static str {
    match required {
        Required::BasicAndFull => "基礎項目評価及び全項目評価の実施が義務付けられる",
        Required::BasicAndFocused => "基礎項目評価及び重点項目評価の実施が義務付けられる（任意に全項目評価を実施）",
        Required::Basic => "基礎項目評価の実施が義務付けられる（任意に全項目評価を実施）",
        Required::None => "特定個人情報保護評価の実施が義務付けられない（任意に全項目評価を実施）",
    }
}

/// The lower bound of a band written as the 様式 writes them: 「10万人以上30万人未満」 → 100,000,
/// 「1,000人未満」 → 0, 「1,000人以上」 → 1,000.
pub fn band_floor(band: &str) -> Option<u64> {
    if band.is_empty() {
        return None;
    }
    let Some(at) = band.find("人以上") else { return band.contains("未満").then_some(0) };
    let number = &band[..at];
    let (digits, factor) = match number.strip_suffix('万') {
        Some(d) => (d, 10_000),
        None => (number, 1),
    };
    digits.replace(',', "").parse::<u64>().ok().map(|n| n * factor)
}

/// The upper bound (exclusive) of a band: 「1万人以上10万人未満」 → 100,000; None when the band has
/// no upper bound (「30万人以上」) or is not a band.
pub fn band_ceiling(band: &str) -> Option<u64> {
    let end = band.find("人未満")?;
    let start = band[..end].rfind("以上").map_or(0, |i| i + "以上".len());
    let number = &band[start..end];
    let (digits, factor) = match number.strip_suffix('万') {
        Some(d) => (d, 10_000),
        None => (number, 1),
    };
    digits.replace(',', "").parse::<u64>().ok().map(|n| n * factor)
}

/// A count the form knows only as a band, or the user knows exactly: at least `low`, at most
/// `high` (inclusive; None when nothing bounds it from above).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub low: u64,
    pub high: Option<u64>,
}

impl Span {
    pub const UNKNOWN: Span = Span { low: 0, high: None };

    pub fn exact(n: u64) -> Span {
        Span { low: n, high: Some(n) }
    }

    /// The people a band of the 様式 admits: 「10人以上50人未満」 → 10..=49; an unanswered band
    /// admits any number.
    pub fn of_band(band: &str) -> Span {
        match band_floor(band) {
            Some(low) => Span { low, high: band_ceiling(band).map(|c| c.saturating_sub(1)) },
            None => Span::UNKNOWN,
        }
    }

    fn plus(self, other: Span) -> Span {
        Span { low: self.low + other.low, high: self.high.zip(other.high).map(|(a, b)| a + b) }
    }

    fn describe(self) -> String {
        let (low, high) = (grouped(self.low), self.high.map(grouped));
        match high {
            Some(h) if self.high == Some(self.low) => format!("{h}人"),
            Some(h) => format!("{low}人以上{h}人以下"),
            None if self.low == 0 => "不明".to_owned(),
            None => format!("{low}人以上"),
        }
    }
}

/// 12345 → 「12,345」, as the 様式 writes numbers.
fn grouped(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// What the しきい値判断 can say from what is known.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// Every number the spans admit gives this result.
    Decided(Required, String),
    /// The spans admit numbers on both sides of a threshold: the actual number must be entered.
    /// The message names the figures that decide it.
    Undecidable(String),
}

/// What each result obliges, as a sentence ending and as a clause (for the reasons in
/// [`assess_spans`]).
fn duty(required: Required) -> (&'static str, &'static str) {
    match required {
        Required::None => ("評価の実施は義務付けられません", "評価の実施は義務付けられない"),
        Required::Basic => ("基礎項目評価のみが義務付けられます", "基礎項目評価のみが義務付けられる"),
        Required::BasicAndFocused => {
            ("基礎項目評価及び重点項目評価が義務付けられます", "基礎項目評価及び重点項目評価が義務付けられる")
        }
        Required::BasicAndFull => {
            ("基礎項目評価及び全項目評価が義務付けられます", "基礎項目評価及び全項目評価が義務付けられる")
        }
    }
}

/// The しきい値判断 over counts known only as bands. The result only grows with 対象人数 and
/// with 取扱者数 (指針 第5の2), so the lowest and highest admitted numbers bound every other: when
/// they agree the bands decide it; when they do not, a sum of lower bounds proves only 「以上」
/// and no answer may be proposed (issue 13: 180人 from lower bounds proposed 重点項目評価 over a
/// correct 全項目評価).
pub fn assess_spans(people: Span, handlers: Span, serious_incident: bool) -> Verdict {
    let at = |p: u64, h: u64| assess(Input { people: p, handlers: h, serious_incident }).0;
    let max = u64::MAX;
    let (p_hi, h_hi) = (people.high.unwrap_or(max), handlers.high.unwrap_or(max));
    let (low, high) = (at(people.low, handlers.low), at(p_hi, h_hi));
    if low == high {
        if people.high == Some(people.low) && handlers.high == Some(handlers.low) {
            let (r, why) = assess(Input { people: people.low, handlers: handlers.low, serious_incident });
            return Verdict::Decided(r, why);
        }
        let why =
            format!("対象人数{}、取扱者数{}のどの人数でも、{}。", people.describe(), handlers.describe(), duty(low).0);
        return Verdict::Decided(low, why);
    }
    // Which figure's range straddles a threshold (with the other held at either end).
    let people_matters = at(people.low, handlers.low) != at(p_hi, handlers.low) || at(people.low, h_hi) != high;
    let handlers_matters = at(people.low, handlers.low) != at(people.low, h_hi) || at(p_hi, handlers.low) != high;
    let ask = match (people_matters, handlers_matters) {
        (true, false) => "実際の対象人数",
        (false, true) => "実際の取扱者数（委託先の従業者を含む）",
        _ => "実際の対象人数と取扱者数（委託先の従業者を含む）",
    };
    Verdict::Undecidable(format!(
        "評価書の区分だけでは判断できません。対象人数{}、取扱者数{}の範囲では、「{}」場合も「{}」場合もあります。{}を入力してください。",
        people.describe(),
        handlers.describe(),
        duty(low).1,
        duty(high).1,
        ask
    ))
}

/// A count as a user types it: 「1200」「1,200人」「１２００」; None when it is not a number.
pub fn parse_count(typed: &str) -> Option<u64> {
    let mut digits = String::new();
    for c in typed.trim().trim_end_matches('人').chars() {
        match c {
            '0'..='9' => digits.push(c),
            '０'..='９' => digits.push(char::from_u32(c as u32 - '０' as u32 + '0' as u32)?),
            ',' | '，' => {}
            _ => return None,
        }
    }
    digits.parse().ok()
}

/// What the assessment itself says about the しきい値判断's inputs, to start the helper from
/// instead of zero. The form records bands, not numbers, so each is a span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prefill {
    /// The Ⅰ1③ 対象人数 band; unknown when Ⅰ1③ is not answered.
    pub people: Span,
    /// Where `people` comes from: 「Ⅰ1③「10万人以上30万人未満」」.
    pub people_from: String,
    /// At least the largest file's Ⅱ3⑦ 使用者数 plus the Ⅱ4③ 委託先における取扱者数 of each of
    /// its 委託事項 (指針 第2: 取扱者数 counts the 委託先's staff too); at most every file's
    /// (the files' staff may all be different people).
    pub handlers: Span,
    pub handlers_from: String,
}

/// Reads the helper's starting values from the assessment.
pub fn prefill(doc: &crate::doc::Assessment) -> Prefill {
    use crate::doc::Path;
    use crate::form::ids;
    let band = doc.choice(&Path::top(ids::I_TASK_PEOPLE)).to_owned();
    let people = Span::of_band(&band);
    let people_from = if band.is_empty() { "Ⅰ1③が未記入".to_owned() } else { format!("Ⅰ1③「{band}」") };
    let mut low = (0, String::new());
    let mut high = Some(0);
    let files = doc.instances(&Path::top(ids::II_FILE));
    for f in files {
        let users = doc.choice(&Path::new(ids::II_FILE_USE_USERS_COUNT, &[f]));
        let mut span = Span::of_band(users);
        let mut parts = vec![format!("使用者数「{}」", if users.is_empty() { "未記入" } else { users })];
        if doc.choice(&Path::new(ids::II_FILE_OUTSOURCING_STATUS, &[f])) == "委託する" {
            for t in doc.instances(&Path::new(ids::II_FILE_OUTSOURCING_TASK, &[f])) {
                let h = doc.choice(&Path::new(ids::II_FILE_OUTSOURCING_TASK_HANDLERS, &[f, t]));
                span = span.plus(Span::of_band(h));
                parts.push(format!("委託先「{}」", if h.is_empty() { "未記入" } else { h }));
            }
        }
        high = high.zip(span.high).map(|(a, b)| a + b);
        if span.low >= low.0 || low.1.is_empty() {
            let name = doc.text(&Path::new(ids::II_FILE_NAME, &[f]));
            low = (span.low, format!("{name}の{}", parts.join("＋")));
        }
    }
    let (handlers, handlers_from) = match files.len() {
        0 => (Span::UNKNOWN, "Ⅱに特定個人情報ファイルがない".to_owned()),
        1 => (Span { low: low.0, high }, low.1),
        n => (Span { low: low.0, high }, format!("{}ほか（{n}ファイルの合計まで）", low.1)),
    };
    Prefill { people, people_from, handlers, handlers_from }
}

/// The Ⅵ1② answers possible for an Ⅰ1③ 対象人数 band (取扱者数 and 重大事故 are not in the form).
pub fn possible_for_band(band: &str) -> Vec<&'static str> {
    let r = |req| vi_1_2(req);
    match band {
        "1,000人未満" => vec![r(Required::None)],
        "1,000人以上1万人未満" => vec![r(Required::Basic)],
        "1万人以上10万人未満" => vec![r(Required::Basic), r(Required::BasicAndFocused)],
        "10万人以上30万人未満" => vec![r(Required::BasicAndFocused), r(Required::BasicAndFull)],
        "30万人以上" => vec![r(Required::BasicAndFull)],
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn req(people: u64, handlers: u64, serious_incident: bool) -> Required {
        assess(Input { people, handlers, serious_incident }).0
    }

    #[test]
    fn bands_give_their_upper_bound() {
        assert_eq!(band_ceiling("1,000人未満"), Some(1_000));
        assert_eq!(band_ceiling("1万人以上10万人未満"), Some(100_000));
        assert_eq!(band_ceiling("100万人以上1,000万人未満"), Some(10_000_000));
        assert_eq!(band_ceiling("30万人以上"), None);
    }

    #[test]
    fn bands_give_their_lower_bound() {
        assert_eq!(band_floor("1,000人未満"), Some(0));
        assert_eq!(band_floor("1万人以上10万人未満"), Some(10_000));
        assert_eq!(band_floor("10万人以上30万人未満"), Some(100_000));
        assert_eq!(band_floor("30万人以上"), Some(300_000));
        assert_eq!(band_floor("500人以上1,000人未満"), Some(500));
        assert_eq!(band_floor("1,000人以上"), Some(1_000));
        assert_eq!(band_floor(""), None);
    }

    /// A 介護保険 assessment: Ⅰ1③ `people`, then one file per entry of `files`, each its
    /// 使用者数 band and the 取扱者数 bands of its 委託事項.
    fn kaigo(people: &str, files: &[(&str, &[&str])]) -> crate::doc::Assessment {
        use crate::doc::{Entry, Path};
        use crate::form::ids;
        let mut doc = crate::doc::Assessment::new(crate::form::current());
        if !people.is_empty() {
            doc.set(Path::top(ids::I_TASK_PEOPLE), Some(Entry::choice(people))).unwrap();
        }
        for (n, (users, tasks)) in files.iter().enumerate() {
            let (f, edits) = doc.plan_add_block(&Path::top(ids::II_FILE)).unwrap();
            doc.apply(edits).unwrap();
            let name = format!("介護保険被保険者ファイル{}", n + 1);
            doc.set(Path::new(ids::II_FILE_NAME, &[&f]), Some(Entry::text(&name))).unwrap();
            doc.set(Path::new(ids::II_FILE_USE_USERS_COUNT, &[&f]), Some(Entry::choice(users))).unwrap();
            if tasks.is_empty() {
                continue;
            }
            doc.set(Path::new(ids::II_FILE_OUTSOURCING_STATUS, &[&f]), Some(Entry::choice("委託する"))).unwrap();
            for band in *tasks {
                let (t, edits) = doc.plan_add_block(&Path::new(ids::II_FILE_OUTSOURCING_TASK, &[&f])).unwrap();
                doc.apply(edits).unwrap();
                let handlers = Path::new(ids::II_FILE_OUTSOURCING_TASK_HANDLERS, &[&f, &t]);
                if !band.is_empty() {
                    doc.set(handlers, Some(Entry::choice(band))).unwrap();
                }
            }
        }
        doc
    }

    fn verdict(doc: &crate::doc::Assessment) -> Verdict {
        let p = prefill(doc);
        assess_spans(p.people, p.handlers, false)
    }

    #[test]
    fn bands_admit_every_number_from_floor_to_ceiling() {
        assert_eq!(Span::of_band("10人以上50人未満"), Span { low: 10, high: Some(49) });
        assert_eq!(Span::of_band("10人未満"), Span { low: 0, high: Some(9) });
        assert_eq!(Span::of_band("1,000人以上"), Span { low: 1_000, high: None });
        assert_eq!(Span::of_band(""), Span::UNKNOWN);
    }

    #[test]
    fn the_helper_reads_the_bands_the_assessment_states_as_spans() {
        // 3万人 of 第1号被保険者; one file used by 100–499, two 委託事項 of 10–49 and under 10.
        let doc = kaigo("1万人以上10万人未満", &[("100人以上500人未満", &["10人以上50人未満", "10人未満"])]);
        let p = prefill(&doc);
        assert_eq!(p.people, Span { low: 10_000, high: Some(99_999) });
        assert_eq!(p.handlers, Span { low: 110, high: Some(499 + 49 + 9) });
        assert!(p.handlers_from.contains("介護保険被保険者ファイル1"), "{}", p.handlers_from);
        assert!(p.handlers_from.contains("委託先「10人未満」"), "{}", p.handlers_from);
    }

    #[test]
    fn bands_below_the_threshold_whatever_the_numbers_decide_it() {
        // At most 49 + 9 + 49 = 107 handlers: under 500 for every number the bands admit.
        let doc = kaigo("1万人以上10万人未満", &[("10人以上50人未満", &["10人未満", "10人以上50人未満"])]);
        let Verdict::Decided(required, why) = verdict(&doc) else { panic!("{:?}", verdict(&doc)) };
        assert_eq!(required, Required::Basic);
        assert!(why.contains("どの人数でも") && why.contains("基礎項目評価のみ"), "{why}");
    }

    #[test]
    fn bands_above_the_threshold_whatever_the_numbers_decide_it() {
        // At least 500 handlers already in the file's own 使用者数.
        let doc = kaigo("1万人以上10万人未満", &[("500人以上1,000人未満", &["10人未満"])]);
        assert!(matches!(verdict(&doc), Verdict::Decided(Required::BasicAndFocused, _)), "{:?}", verdict(&doc));
        let doc = kaigo("10万人以上30万人未満", &[("1,000人以上", &[])]);
        assert!(matches!(verdict(&doc), Verdict::Decided(Required::BasicAndFull, _)), "{:?}", verdict(&doc));
        // Below 1万人 取扱者数 does not matter, however many.
        let doc = kaigo("1,000人以上1万人未満", &[("1,000人以上", &[])]);
        assert!(matches!(verdict(&doc), Verdict::Decided(Required::Basic, _)), "{:?}", verdict(&doc));
    }

    #[test]
    fn bands_straddling_500_handlers_propose_nothing_and_ask_for_the_number() {
        // 110 to 548 handlers: the lower-bound sum (110) would say 基礎項目評価のみ; it may be 500+.
        let doc = kaigo("1万人以上10万人未満", &[("100人以上500人未満", &["10人以上50人未満"])]);
        let Verdict::Undecidable(why) = verdict(&doc) else { panic!("{:?}", verdict(&doc)) };
        assert!(
            why.contains("区分だけでは判断できません")
                && why.contains("110人以上548人以下")
                && why.contains("10,000人以上99,999人以下"),
            "{why}"
        );
        assert!(why.contains("実際の取扱者数") && !why.contains("実際の対象人数"), "{why}");
        // Two files of 100–499 each: their staff may be different people, so up to 998.
        let doc = kaigo("10万人以上30万人未満", &[("100人以上500人未満", &[]), ("100人以上500人未満", &[])]);
        assert!(matches!(verdict(&doc), Verdict::Undecidable(_)), "{:?}", verdict(&doc));
        // An unanswered 委託先 取扱者数 may be any number.
        let doc = kaigo("1万人以上10万人未満", &[("10人未満", &[""])]);
        assert!(matches!(verdict(&doc), Verdict::Undecidable(_)), "{:?}", verdict(&doc));
        // The actual number, once entered, decides it.
        let p = prefill(&doc);
        assert!(matches!(assess_spans(p.people, Span::exact(120), false), Verdict::Decided(Required::Basic, _)));
        // A 重大事故 raises the band whatever the 取扱者数.
        assert!(matches!(assess_spans(p.people, p.handlers, true), Verdict::Decided(Required::BasicAndFocused, _)));
    }

    #[test]
    fn counts_are_read_as_people_type_them() {
        assert_eq!(parse_count("1,200人"), Some(1_200));
        assert_eq!(parse_count(" １２０ "), Some(120));
        assert_eq!(parse_count("約100"), None);
        assert_eq!(parse_count(""), None);
    }

    #[test]
    fn an_unanswered_people_band_asks_for_the_people() {
        let doc = kaigo("", &[("10人未満", &[])]);
        let Verdict::Undecidable(why) = verdict(&doc) else { panic!("{:?}", verdict(&doc)) };
        assert!(why.contains("実際の対象人数を入力"), "{why}");
    }

    #[test]
    fn every_band_edge() {
        use Required::*;
        assert_eq!(req(999, 10_000, true), None);
        assert_eq!(req(1_000, 0, false), Basic);
        assert_eq!(req(9_999, 10_000, true), Basic, "取扱者数 and 重大事故 do not raise the 1,000–1万 band");
        assert_eq!(req(10_000, 499, false), Basic);
        assert_eq!(req(10_000, 500, false), BasicAndFocused);
        assert_eq!(req(99_999, 0, true), BasicAndFocused);
        assert_eq!(req(100_000, 499, false), BasicAndFocused);
        assert_eq!(req(100_000, 500, false), BasicAndFull);
        assert_eq!(req(299_999, 10, true), BasicAndFull);
        assert_eq!(req(299_999, 499, false), BasicAndFocused);
        assert_eq!(req(300_000, 0, false), BasicAndFull);
    }

    #[test]
    fn the_reason_names_what_decided_it() {
        let (_, why) = assess(Input { people: 120_000, handlers: 620, serious_incident: false });
        assert!(why.contains("120000人") && why.contains("取扱者数が620人（500人以上）"), "{why}");
    }

    #[test]
    fn the_vi_1_2_wording_says_when_the_full_assessment_is_voluntary() {
        assert_eq!(vi_1_2(Required::BasicAndFull), "基礎項目評価及び全項目評価の実施が義務付けられる");
        assert!(vi_1_2(Required::Basic).ends_with("（任意に全項目評価を実施）"));
        let form = crate::form::current();
        let list = &form.lists["threshold_result"];
        for r in [Required::None, Required::Basic, Required::BasicAndFocused, Required::BasicAndFull] {
            assert!(list.iter().any(|o| o.label() == Some(vi_1_2(r))), "{r:?} wording is an option of Ⅵ1②");
        }
    }
}
