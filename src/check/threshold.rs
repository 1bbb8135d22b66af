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

/// What the assessment itself says about the しきい値判断's inputs, to start the helper from
/// instead of zero. The form records bands, not numbers, so each is the band's lower bound.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Prefill {
    /// Lower bound of the Ⅰ1③ 対象人数 band; None when Ⅰ1③ is not answered.
    pub people: Option<u64>,
    /// Where `people` comes from: 「Ⅰ1③ 10万人以上30万人未満」.
    pub people_from: String,
    /// At least this many handle the largest file: its Ⅱ3⑦ 使用者数 plus Ⅱ4③ 委託先における
    /// 取扱者数 of each of its 委託事項 (指針 第2: 取扱者数 counts the 委託先's staff too).
    pub handlers: u64,
    pub handlers_from: String,
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

/// Reads the helper's starting values from the assessment.
pub fn prefill(doc: &crate::doc::Assessment) -> Prefill {
    use crate::doc::Path;
    use crate::form::ids;
    let band = doc.choice(&Path::top(ids::I_TASK_PEOPLE)).to_owned();
    let people = band_floor(&band);
    let people_from = match people {
        Some(_) => format!("Ⅰ1③「{band}」の下限"),
        None => "Ⅰ1③が未記入".to_owned(),
    };
    let mut best = (0, String::new());
    for f in doc.instances(&Path::top(ids::II_FILE)) {
        let users = doc.choice(&Path::new(ids::II_FILE_USE_USERS_COUNT, &[f]));
        let mut total = band_floor(users).unwrap_or(0);
        let mut parts = vec![format!("使用者数「{}」", if users.is_empty() { "未記入" } else { users })];
        if doc.choice(&Path::new(ids::II_FILE_OUTSOURCING_STATUS, &[f])) == "委託する" {
            for t in doc.instances(&Path::new(ids::II_FILE_OUTSOURCING_TASK, &[f])) {
                let h = doc.choice(&Path::new(ids::II_FILE_OUTSOURCING_TASK_HANDLERS, &[f, t]));
                total += band_floor(h).unwrap_or(0);
                if !h.is_empty() {
                    parts.push(format!("委託先「{h}」"));
                }
            }
        }
        if total >= best.0 || best.1.is_empty() {
            let name = doc.text(&Path::new(ids::II_FILE_NAME, &[f]));
            best = (total, format!("{name}の{}の下限の合計", parts.join("＋")));
        }
    }
    let handlers_from =
        if best.1.is_empty() { "Ⅱに特定個人情報ファイルがない".to_owned() } else { best.1 };
    Prefill { people, people_from, handlers: best.0, handlers_from }
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

    #[test]
    fn the_helper_starts_from_the_bands_the_assessment_states() {
        use crate::doc::{Entry, Path};
        use crate::form::ids;
        // 後期高齢者医療: 5万人, a file used by 100人以上, two 委託事項 with 500人以上 and 10人未満.
        let mut doc = crate::doc::Assessment::new(crate::form::current());
        doc.set(Path::top(ids::I_TASK_PEOPLE), Some(Entry::choice("1万人以上10万人未満"))).unwrap();
        let list = Path::top(ids::II_FILE);
        let (f, edits) = doc.plan_add_block(&list).unwrap();
        doc.apply(edits).unwrap();
        doc.set(Path::new(ids::II_FILE_NAME, &[&f]), Some(Entry::text("後期高齢者医療被保険者ファイル"))).unwrap();
        doc.set(Path::new(ids::II_FILE_USE_USERS_COUNT, &[&f]), Some(Entry::choice("100人以上500人未満"))).unwrap();
        doc.set(Path::new(ids::II_FILE_OUTSOURCING_STATUS, &[&f]), Some(Entry::choice("委託する"))).unwrap();
        for band in ["500人以上1,000人未満", "10人未満"] {
            let tasks = Path::new(ids::II_FILE_OUTSOURCING_TASK, &[&f]);
            let (t, edits) = doc.plan_add_block(&tasks).unwrap();
            doc.apply(edits).unwrap();
            doc.set(Path::new(ids::II_FILE_OUTSOURCING_TASK_HANDLERS, &[&f, &t]), Some(Entry::choice(band))).unwrap();
        }
        let p = prefill(&doc);
        assert_eq!(p.people, Some(10_000));
        assert_eq!(p.handlers, 600);
        assert!(p.handlers_from.contains("後期高齢者医療被保険者ファイル"), "{}", p.handlers_from);
        // 1万人 and at least 600 handlers: the focused assessment is mandatory.
        let (required, _) = assess(Input { people: 10_000, handlers: p.handlers, serious_incident: false });
        assert_eq!(required, Required::BasicAndFocused);
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
