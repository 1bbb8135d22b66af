//! Consistency: answers in different places of the 評価書 that must agree.

use super::{Cx, Finding, Rule, Severity, Source, finding, threshold};
use crate::doc::Path;
use crate::form::{NodeIx, ids};

pub const OUTSOURCING_WITHOUT_TASKS: Rule =
    Rule { id: "K01", severity: Severity::Error, source: Source::Guidance, run: outsourcing_without_tasks };
pub const TASKS_WITHOUT_OUTSOURCING: Rule =
    Rule { id: "K02", severity: Severity::Warning, source: Source::Guidance, run: tasks_without_outsourcing };
pub const SUBCONTRACT_WITHOUT_APPROVAL: Rule =
    Rule { id: "K03", severity: Severity::Error, source: Source::Committee, run: subcontract_without_approval };
pub const RISK_OUTSOURCING_MISMATCH: Rule =
    Rule { id: "K04", severity: Severity::Error, source: Source::Guidance, run: risk_outsourcing_mismatch };
pub const SUBCONTRACTOR_ASSURANCE_MISMATCH: Rule =
    Rule { id: "K05", severity: Severity::Error, source: Source::Guidance, run: subcontractor_assurance_mismatch };
pub const PROVISION_STATUS_VS_BLOCKS: Rule =
    Rule { id: "K06", severity: Severity::Error, source: Source::Guidance, run: provision_status_vs_blocks };
pub const RISK_PROVISION_MISMATCH: Rule =
    Rule { id: "K07", severity: Severity::Error, source: Source::Guidance, run: risk_provision_mismatch };
pub const NETWORK_MISMATCH: Rule =
    Rule { id: "K08", severity: Severity::Error, source: Source::Guidance, run: network_mismatch };
pub const PROCEDURE_DATE_ORDER: Rule =
    Rule { id: "K09", severity: Severity::Error, source: Source::Guideline, run: procedure_date_order };
pub const SHORT_COMMENT_PERIOD: Rule =
    Rule { id: "K10", severity: Severity::Error, source: Source::Guideline, run: short_comment_period };
pub const RETENTION_WITHOUT_REASON: Rule =
    Rule { id: "K11", severity: Severity::Error, source: Source::Guidance, run: retention_without_reason };
pub const THRESHOLD_MISMATCH: Rule =
    Rule { id: "K12", severity: Severity::Error, source: Source::Guideline, run: threshold_mismatch };

fn f1(file: &str) -> Vec<String> {
    vec![file.to_owned()]
}

fn outsourcing_without_tasks(cx: &Cx, out: &mut Vec<Finding>) {
    for f in cx.files() {
        let tasks = cx.instances(ids::II_FILE_OUTSOURCING_TASK, &f1(&f));
        if cx.choice(ids::II_FILE_OUTSOURCING_STATUS, &f1(&f)) == "委託する" && tasks.is_empty() {
            out.push(finding(
                "「委託する」としていますが委託事項がありません。委託事項を追加するか、「委託しない」に直してください。",
                vec![Path::new(ids::II_FILE_OUTSOURCING_STATUS, &[&f])],
            ));
        }
    }
}

fn tasks_without_outsourcing(cx: &Cx, out: &mut Vec<Finding>) {
    for f in cx.files() {
        let tasks = cx.instances(ids::II_FILE_OUTSOURCING_TASK, &f1(&f));
        if cx.choice(ids::II_FILE_OUTSOURCING_STATUS, &f1(&f)) == "委託しない" && !tasks.is_empty() {
            out.push(finding(
                format!("「委託しない」としていますが委託事項が{}件残っています（公表版には出ません）。不要なら削除し、委託するなら「委託する」に直してください。", tasks.len()),
                vec![Path::new(ids::II_FILE_OUTSOURCING_STATUS, &[&f])],
            ));
        }
    }
}

fn subcontract_without_approval(cx: &Cx, out: &mut Vec<Finding>) {
    for f in cx.files() {
        let list = cx.doc.list_of(ids::II_FILE_OUTSOURCING_TASK, &f1(&f));
        for t in cx.instances(ids::II_FILE_OUTSOURCING_TASK, &f1(&f)) {
            let blocks = vec![f.clone(), t.clone()];
            if cx.choice(ids::II_FILE_OUTSOURCING_TASK_SUBCONTRACTING, &blocks) != "再委託する" {
                continue;
            }
            for (item, what) in [
                (ids::II_FILE_OUTSOURCING_TASK_APPROVAL, "⑧再委託の許諾方法"),
                (ids::II_FILE_OUTSOURCING_TASK_SUBCONTRACTED, "⑨再委託事項"),
            ] {
                if cx.text(item, &blocks).trim().is_empty() {
                    out.push(finding(
                        format!("「再委託する」としているのに{what}がありません。書面による事前申請・承認の方法（履行体制図の提出など）と再委託する業務を記載してください。"),
                        vec![list.child(&t, item)],
                    ));
                }
            }
        }
    }
}

fn risk_outsourcing_mismatch(cx: &Cx, out: &mut Vec<Finding>) {
    for f in cx.files() {
        let ii = cx.choice(ids::II_FILE_OUTSOURCING_STATUS, &f1(&f));
        let none = cx.flag(ids::III_FILE_OUTSOURCING_NONE, &f1(&f));
        let path = Path::new(ids::III_FILE_OUTSOURCING_NONE, &[&f]);
        if ii == "委託する" && none {
            out.push(finding("Ⅱ4で「委託する」としているのに、Ⅲ4で「委託しない」にチェックしています。Ⅲ4の委託先のリスク対策を記載してください。", vec![path]));
        } else if ii == "委託しない" && !none {
            out.push(finding(
                "Ⅱ4で「委託しない」としています。Ⅲ4の「委託しない」にもチェックしてください。",
                vec![path],
            ));
        }
    }
}

fn subcontractor_assurance_mismatch(cx: &Cx, out: &mut Vec<Finding>) {
    for f in cx.files() {
        if cx.flag(ids::III_FILE_OUTSOURCING_NONE, &f1(&f)) {
            continue;
        }
        let any_sub = cx
            .instances(ids::II_FILE_OUTSOURCING_TASK, &f1(&f))
            .iter()
            .any(|t| cx.choice(ids::II_FILE_OUTSOURCING_TASK_SUBCONTRACTING, &[f.clone(), t.clone()]) == "再委託する");
        let answer = cx.choice(ids::III_FILE_OUTSOURCING_RISKS_SUBCONTRACTOR_STATUS, &f1(&f));
        let path = Path::new(ids::III_FILE_OUTSOURCING_RISKS_SUBCONTRACTOR_STATUS, &[&f]);
        if any_sub && answer == "再委託していない" {
            out.push(finding("Ⅱ4に「再委託する」委託事項があるのに、Ⅲ4では「再委託していない」としています。再委託先の管理方法を記載してください。", vec![path]));
        } else if !any_sub && !answer.is_empty() && answer != "再委託していない" {
            out.push(finding(
                "Ⅱ4のどの委託事項も再委託しないのに、Ⅲ4の再委託先の確保は「再委託していない」以外になっています。",
                vec![path],
            ));
        }
    }
}

fn provision_status_vs_blocks(cx: &Cx, out: &mut Vec<Finding>) {
    for f in cx.files() {
        let b = f1(&f);
        let status = Path::new(ids::II_FILE_PROVISION_STATUS, &[&f]);
        let recipients = cx.instances(ids::II_FILE_PROVISION_RECIPIENT, &b).len();
        let transferees = cx.instances(ids::II_FILE_PROVISION_TRANSFEREE, &b).len();
        let provide = cx.picked(ids::II_FILE_PROVISION_STATUS, &b, "提供を行っている");
        let transfer = cx.picked(ids::II_FILE_PROVISION_STATUS, &b, "移転を行っている");
        let neither = cx.picked(ids::II_FILE_PROVISION_STATUS, &b, "行っていない");
        let mut say = |m: &str| out.push(finding(m, vec![status.clone()]));
        if neither && (provide || transfer) {
            say("「行っていない」と「提供（移転）を行っている」が両方選ばれています。どちらかにしてください。");
        }
        if provide && recipients == 0 {
            say("「提供を行っている」としていますが提供先がありません。提供先を追加してください。");
        }
        if transfer && transferees == 0 {
            say("「移転を行っている」としていますが移転先がありません。移転先を追加してください。");
        }
        if !provide && recipients > 0 {
            say("提供先があるのに「提供を行っている」が選ばれていません。");
        }
        if !transfer && transferees > 0 {
            say("移転先があるのに「移転を行っている」が選ばれていません。");
        }
    }
}

fn risk_provision_mismatch(cx: &Cx, out: &mut Vec<Finding>) {
    for f in cx.files() {
        let b = f1(&f);
        let any = cx.picked(ids::II_FILE_PROVISION_STATUS, &b, "提供を行っている")
            || cx.picked(ids::II_FILE_PROVISION_STATUS, &b, "移転を行っている");
        let none = cx.flag(ids::III_FILE_PROVISION_NONE, &b);
        let path = Path::new(ids::III_FILE_PROVISION_NONE, &[&f]);
        // Ⅲ5 leaves out what goes through 情報提供ネットワークシステム (its title says so): a file
        // that provides only that way, and moves nothing, rightly says 「提供・移転しない」 there.
        let recipients = cx.instances(ids::II_FILE_PROVISION_RECIPIENT, &b);
        let only_network = !recipients.is_empty()
            && cx.instances(ids::II_FILE_PROVISION_TRANSFEREE, &b).is_empty()
            && recipients.iter().all(|r| {
                let p = Path::new(ids::II_FILE_PROVISION_RECIPIENT_METHOD, &[&f, r]);
                matches!(cx.doc.get(&p).map(|e| &e.value),
                    Some(crate::doc::Value::Multi(picks)) if !picks.is_empty()
                        && picks.iter().all(|x| x.option == "情報提供ネットワークシステム"))
            });
        if any && none && !only_network {
            out.push(finding("Ⅱ5で提供・移転を行っているのに、Ⅲ5で「提供・移転しない」にチェックしています。Ⅲ5のリスク対策を記載してください。", vec![path]));
        } else if cx.picked(ids::II_FILE_PROVISION_STATUS, &b, "行っていない") && !none {
            out.push(finding(
                "Ⅱ5で提供・移転を「行っていない」としています。Ⅲ5の「提供・移転しない」にもチェックしてください。",
                vec![path],
            ));
        }
    }
}

fn network_mismatch(cx: &Cx, out: &mut Vec<Finding>) {
    let status = cx.choice(ids::I_NETWORK_STATUS, &[]);
    for f in cx.files() {
        let b = f1(&f);
        let (no_in, no_out) =
            (cx.flag(ids::III_FILE_NETWORK_NO_ACQUIRE, &b), cx.flag(ids::III_FILE_NETWORK_NO_PROVIDE, &b));
        let uses = cx.picked(ids::II_FILE_USE_METHOD, &b, "情報提供ネットワークシステム");
        if uses && status == "実施しない" {
            out.push(finding(
                "Ⅱ3②で情報提供ネットワークシステムから入手するとしていますが、Ⅰ6①は「実施しない」です。どちらかを直してください。",
                vec![Path::top(ids::I_NETWORK_STATUS), Path::new(ids::II_FILE_USE_METHOD, &[&f])],
            ));
        }
        if uses && no_in {
            out.push(finding(
                "Ⅱ3②で情報提供ネットワークシステムから入手するとしていますが、Ⅲ6で「接続しない（入手）」にチェックしています。",
                vec![Path::new(ids::III_FILE_NETWORK_NO_ACQUIRE, &[&f])],
            ));
        }
        if status == "実施しない" && !(no_in && no_out) {
            out.push(finding(
                "Ⅰ6①で情報連携を「実施しない」としています。Ⅲ6の「接続しない（入手）」「接続しない（提供）」にチェックしてください。",
                vec![Path::new(ids::III_FILE_NETWORK_NO_ACQUIRE, &[&f])],
            ));
        }
        // The 提供 side: a 提供先 reached through 情報提供ネットワークシステム (Ⅱ5⑥).
        let provides = cx.instances(ids::II_FILE_PROVISION_RECIPIENT, &b).iter().any(|r| {
            let p = Path::new(ids::II_FILE_PROVISION_RECIPIENT_METHOD, &[&f, r]);
            matches!(cx.doc.get(&p).map(|e| &e.value),
                Some(crate::doc::Value::Multi(picks)) if picks.iter().any(|x| x.option == "情報提供ネットワークシステム"))
        });
        if provides && no_out {
            out.push(finding(
                "Ⅱ5で情報提供ネットワークシステムにより提供するとしていますが、Ⅲ6で「接続しない（提供）」にチェックしています。",
                vec![Path::new(ids::III_FILE_NETWORK_NO_PROVIDE, &[&f]), Path::new(ids::II_FILE_PROVISION_STATUS, &[&f])],
            ));
        }
        // The other way round: Ⅲ6 answers the risks of a connection (its 「接続しない」 unticked and
        // its risks written) that Ⅱ3② / Ⅱ5⑥ do not list.
        let answered = |risks: &[&str]| risks.iter().any(|r| !cx.texts_under(r, &b).is_empty());
        if status == "実施する"
            && !uses
            && !no_in
            && answered(&[
                ids::III_FILE_NETWORK_R1,
                ids::III_FILE_NETWORK_R2,
                ids::III_FILE_NETWORK_R3,
                ids::III_FILE_NETWORK_R4,
            ])
        {
            out.push(finding(
                "Ⅲ6では情報提供ネットワークシステムから入手する場合のリスク対策を記載していますが（「接続しない（入手）」にチェックなし）、Ⅱ3②の入手方法に情報提供ネットワークシステムがありません。入手するならⅡ3②に加え、入手しないならⅢ6の「接続しない（入手）」にチェックしてください。",
                vec![Path::new(ids::II_FILE_USE_METHOD, &[&f]), Path::new(ids::III_FILE_NETWORK_NO_ACQUIRE, &[&f])],
            ));
        }
        if status == "実施する"
            && !provides
            && !no_out
            && answered(&[ids::III_FILE_NETWORK_R5, ids::III_FILE_NETWORK_R6, ids::III_FILE_NETWORK_R7])
        {
            out.push(finding(
                "Ⅲ6では情報提供ネットワークシステムで提供する場合のリスク対策を記載していますが（「接続しない（提供）」にチェックなし）、Ⅱ5のどの提供先も提供方法が情報提供ネットワークシステムではありません。提供するならⅡ5⑥に加え、提供しないならⅢ6の「接続しない（提供）」にチェックしてください。",
                vec![Path::new(ids::III_FILE_NETWORK_NO_PROVIDE, &[&f]), Path::new(ids::II_FILE_PROVISION_STATUS, &[&f])],
            ));
        }
        if provides && status == "実施しない" {
            out.push(finding(
                "Ⅱ5で情報提供ネットワークシステムにより提供するとしていますが、Ⅰ6①は「実施しない」です。どちらかを直してください。",
                vec![Path::top(ids::I_NETWORK_STATUS), Path::new(ids::II_FILE_PROVISION_STATUS, &[&f])],
            ));
        }
    }
}

fn procedure_date_order(cx: &Cx, out: &mut Vec<Finding>) {
    // 指針 第5: 基礎項目評価 → 意見聴取 → 第三者点検 → 公表, in this order.
    let steps = [
        (ids::VI_BASIC_DATE, "基礎項目評価の実施日"),
        (ids::VI_COMMENT_PERIOD_START, "意見聴取の開始日"),
        (ids::VI_COMMENT_PERIOD_END, "意見聴取の終了日"),
        (ids::VI_REVIEW_DATE, "第三者点検の実施日"),
        (ids::COVER_PUBLISHED_ON, "公表日"),
    ];
    let dated: Vec<_> = steps.iter().filter_map(|(id, what)| cx.date(id).map(|d| (*id, *what, d))).collect();
    for pair in dated.windows(2) {
        let ((a_id, a, da), (b_id, b, db)) = (pair[0], pair[1]);
        if db < da {
            out.push(finding(
                format!("{b}（{}）が{a}（{}）より前になっています。手続の順（基礎項目評価→意見聴取→第三者点検→公表）に合う日付か確かめてください。", crate::doc::date::to_wareki(db), crate::doc::date::to_wareki(da)),
                vec![Path::top(b_id), Path::top(a_id)],
            ));
        }
    }
}

fn short_comment_period(cx: &Cx, out: &mut Vec<Finding>) {
    let (Some(start), Some(end)) = (cx.date(ids::VI_COMMENT_PERIOD_START), cx.date(ids::VI_COMMENT_PERIOD_END)) else {
        return;
    };
    // 指針 第5の3: 原則として30日以上; a shorter period needs its reason in Ⅵ2③.
    let days = crate::doc::date::days_inclusive(start, end);
    if days < 30 && cx.text(ids::VI_COMMENT_SHORTENED, &[]).trim().is_empty() {
        out.push(finding(
            format!("意見聴取の期間が{days}日で、30日未満です。期間を短縮した特段の理由をⅥ2③に記載してください。"),
            vec![Path::top(ids::VI_COMMENT_SHORTENED), Path::top(ids::VI_COMMENT_PERIOD_START)],
        ));
    }
}

/// A length of time kept (「5年間」「五年を経過」「10箇年」「60か月」), not a year (「令和6年度」).
fn states_years(text: &str) -> Option<String> {
    const DIGITS: &str = "0123456789０１２３４５６７８９一二三四五六七八九十";
    let chars: Vec<char> = text.chars().collect();
    for (i, _) in chars.iter().enumerate() {
        let rest: String = chars[i..].iter().take(3).collect();
        let unit = ["箇年", "ヶ年", "か年", "カ年", "か月", "ヶ月", "カ月", "箇月", "年"]
            .into_iter()
            .find(|u| rest.starts_with(u));
        let Some(unit) = unit else { continue };
        if i == 0 || !DIGITS.contains(chars[i - 1]) {
            continue;
        }
        let after = chars.get(i + unit.chars().count()).copied().unwrap_or(' ');
        // A bare 年 counts only as a length: 「5年間」「5年を経過」「5年保存」, not 「5年度」.
        if unit == "年" && !"間をの保経後分".contains(after) {
            continue;
        }
        let start = (0..i).rev().take_while(|&j| DIGITS.contains(chars[j])).last().unwrap_or(i - 1);
        // Not the year of an era or the calendar (「令和5年」「2025年」).
        let era = start > 0 && "和成治正元".contains(chars[start - 1]);
        if !era && i - start < 4 {
            return Some(chars[start..i + unit.chars().count()].iter().collect());
        }
    }
    None
}

fn retention_without_reason(cx: &Cx, out: &mut Vec<Finding>) {
    for f in cx.files() {
        let b = f1(&f);
        let undefined = cx.choice(ids::II_FILE_STORAGE_RETENTION_PERIOD, &b) == "定められていない";
        if undefined {
            let said = [ids::II_FILE_STORAGE_RETENTION_VALIDITY, ids::II_FILE_STORAGE_ERASURE]
                .iter()
                .find_map(|item| states_years(cx.text(item, &b)).map(|y| (*item, y)));
            if let Some((item, years)) = said {
                out.push(finding(
                    format!("保管期間を「定められていない」としながら、「{years}」と期間を記載しています。期間を定めているなら、その期間の区分を選んでください。"),
                    vec![Path::new(ids::II_FILE_STORAGE_RETENTION_PERIOD, &[&f]), Path::new(item, &[&f])],
                ));
                continue;
            }
        }
        if undefined && cx.text(ids::II_FILE_STORAGE_RETENTION_VALIDITY, &b).trim().chars().count() < 20 {
            out.push(finding(
                "保管期間を「定められていない」としています。期間を定めない理由と、不要になった情報をいつ消去するかを「その妥当性」に記載してください。",
                vec![Path::new(ids::II_FILE_STORAGE_RETENTION_VALIDITY, &[&f])],
            ));
        }
    }
}

fn threshold_mismatch(cx: &Cx, out: &mut Vec<Finding>) {
    let band = cx.choice(ids::I_TASK_PEOPLE, &[]);
    let result = cx.choice(ids::VI_BASIC_THRESHOLD, &[]);
    let possible = threshold::possible_for_band(band);
    if !band.is_empty() && !result.is_empty() && !possible.contains(&result) {
        out.push(finding(
            format!("Ⅰ1③の対象人数「{band}」では、しきい値判断結果は「{}」のいずれかになるはずです。事前点検画面のしきい値判断で確かめてください。", possible.join("」「")),
            vec![Path::top(ids::VI_BASIC_THRESHOLD), Path::top(ids::I_TASK_PEOPLE)],
        ));
    }
}

pub const RECORD_COUNT_VS_ANNEX2: Rule =
    Rule { id: "K21", severity: Severity::Error, source: Source::Guidance, run: record_count_vs_annex2 };
pub const ANNEX3_AFTER_FOR_SIGNIFICANT: Rule =
    Rule { id: "K22", severity: Severity::Warning, source: Source::Guideline, run: annex3_after_for_significant };

/// Ⅱ2④ 記録される項目数 against the 記録項目 (別添2) listed for the same file.
fn record_count_vs_annex2(cx: &Cx, out: &mut Vec<Finding>) {
    for f in cx.files() {
        let band = cx.choice(ids::II_FILE_BASIC_RECORDS_COUNT, &f1(&f));
        let n = cx.doc.instances(&Path::new(ids::ANNEX2_FILE_FIELD, &[&f])).len();
        let fits = match band {
            "10項目未満" => n < 10,
            "10項目以上50項目未満" => (10..50).contains(&n),
            "50項目以上100項目未満" => (50..100).contains(&n),
            "100項目以上" => n >= 100,
            _ => true,
        };
        if n > 0 && !fits {
            out.push(finding(
                format!("記録される項目数を「{band}」としていますが、（別添2）にはこのファイルの記録項目が{n}件あります。どちらかを直してください。"),
                vec![Path::new(ids::II_FILE_BASIC_RECORDS_COUNT, &[&f]), Path::new(ids::ANNEX2_FILE_FIELD, &[&f])],
            ));
        }
    }
}

/// Words that say a change lowers the risk (the 指針's reason a ※-item change is no 重要な変更).
const REDUCES: &[&str] = &["軽減", "低減", "強化", "縮小", "減少", "下げ", "廃止", "削除", "取りやめ", "減ら"];

/// A 別添3 row filed 「事後」 for a ※ item (重要な変更 の対象: 再委託の有無, 提供先 …) with no reason
/// that the change lowers the risk: unless it does, it is a 重要な変更, to be assessed before it
/// takes effect (指針 第6の2; a 「再委託しない」→「する」 is the committees' example).
fn annex3_after_for_significant(cx: &Cx, out: &mut Vec<Finding>) {
    let labels: Vec<&str> = cx
        .form
        .nodes
        .iter()
        .filter(|n| n.significant)
        .map(|n| first_line(&n.label))
        .filter(|l| l.chars().count() >= 4)
        .collect();
    let list = Path::top(ids::ANNEX3_CHANGE);
    for id in cx.doc.instances(&list) {
        if cx.doc.choice(&list.child(id, ids::ANNEX3_CHANGE_TIMING)) != "事後" {
            continue;
        }
        let item = cx.doc.text(&list.child(id, ids::ANNEX3_CHANGE_ITEM));
        // The item the row names is the last label in its 項目 (「Ⅱ … 委託事項2 ⑦再委託の有無」).
        let Some(label) =
            labels.iter().filter_map(|l| item.rfind(*l).map(|at| (at + l.len(), l.len(), *l))).max().map(|(.., l)| l)
        else {
            continue;
        };
        // The reason must say the change lowers the risk, not that it might later
        // (「リスクを軽減する措置は今後検討する」 is no reason).
        let reason = cx.doc.text(&list.child(id, ids::ANNEX3_CHANGE_REASON));
        let lowers = super::sentences(reason)
            .any(|s| super::affirms(s, REDUCES) && !super::mentions(s, &["検討", "予定", "今後", "見込み"]));
        if lowers {
            continue;
        }
        out.push(finding(
            format!("「{label}」は※の付いた項目（重要な変更の対象）ですが、提出時期を「事後」としています。リスクを下げるだけの変更でなければ重要な変更として、変更前に意見聴取・第三者点検を経る必要があります（提出時期「事前」）。事後とするなら、リスクを下げる変更である理由を「提出時期に係る説明」に記載してください。"),
            vec![list.child(id, ids::ANNEX3_CHANGE_TIMING)],
        ));
    }
}

pub const UNTAGGED_FLOW: Rule =
    Rule { id: "K23", severity: Severity::Warning, source: Source::Guidance, run: untagged_flow };

/// A flow to (or with) a contractor that holds two or more 委託事項 and names none of them: Ⅱ4 ④
/// cannot be derived nor checked per 委託事項 (see `flows::derive`), so the department is asked to
/// choose.
fn untagged_flow(cx: &Cx, out: &mut Vec<Finding>) {
    let g = crate::flows::Graph::read(cx.doc);
    let flows = Path::top(ids::ANNEX1_DIAGRAM_FLOW);
    for (i, f) in g.flows.iter().enumerate() {
        if !f.task.is_empty() {
            continue;
        }
        let ends: Vec<&str> = if f.two_way { vec![&f.to, &f.from] } else { vec![&f.to] };
        for c in ends {
            let mut tasks: Vec<&str> =
                g.links.iter().filter(|l| l.to == c && !g.is_subcontract(l)).map(|l| l.task.as_str()).collect();
            tasks.sort_unstable();
            tasks.dedup();
            if tasks.len() < 2 {
                continue;
            }
            let name = g.actor(c).map(|a| a.name.as_str()).unwrap_or_default();
            out.push(finding(
                format!(
                    "データの流れ{}の「{name}」は委託事項を{}つ受けています。どの委託事項のための流れかを「委託事項（委託先への流れ）」で選んでください。選ばないと、Ⅱ4④の提供方法を委託事項ごとに確かめられません。",
                    f.mark(i + 1),
                    tasks.len()
                ),
                vec![flows.child(&f.id, ids::ANNEX1_DIAGRAM_FLOW_TASK)],
            ));
            break;
        }
    }
}

pub const PROCEDURE_RECORDS: Rule =
    Rule { id: "K25", severity: Severity::Warning, source: Source::Guideline, run: procedure_records };

/// The records of the procedure (評価の手続) disagree with themselves: a stage that ends before it
/// starts, or 「意見の提出がなかった」 while residents' opinions are recorded among the 質問事項
/// (指針 第5の2: the 意見聴取's result is reported as it was).
fn procedure_records(cx: &Cx, out: &mut Vec<Finding>) {
    for (_, r) in crate::review::procedure::ordered(cx.doc) {
        if let (Some(start), Some(end)) = (r.start, r.end)
            && end < start
        {
            let at = match r.stage {
                crate::store::Stage::PublicComment => Path::top(ids::VI_COMMENT_PERIOD_END),
                crate::store::Stage::ThirdPartyReview => Path::top(ids::VI_REVIEW_DATE),
                _ => Path::top(ids::VI),
            };
            out.push(finding(
                format!(
                    "評価の手続の記録で、{}の終了日（{}）が開始日（{}）より前になっています。「評価の手続」の画面で日付を直してください。",
                    r.stage.label(),
                    crate::doc::date::to_wareki(end),
                    crate::doc::date::to_wareki(start)
                ),
                vec![at],
            ));
        }
    }
    let none = matches!(
        cx.doc.get(&Path::top(ids::VI_COMMENT_NO_OPINION)).map(|e| &e.value),
        Some(crate::doc::Value::Flag(true))
    );
    let opinions = crate::review::resident_opinions(cx.doc);
    if none && !opinions.is_empty() {
        out.push(finding(
            format!(
                "「意見の提出がなかった」となっていますが、質問事項と回答には市民からの意見が{}件（質問{}）記録されています。どちらかを直してください。",
                opinions.len(),
                opinions.iter().map(|(_, q)| q.number.as_str()).collect::<Vec<_>>().join("、")
            ),
            vec![Path::top(ids::VI_COMMENT_NO_OPINION)],
        ));
    }
}

pub const PROVISION_NOT_IN_DIAGRAM: Rule =
    Rule { id: "K24", severity: Severity::Warning, source: Source::Guidance, run: provision_not_in_diagram };

/// A 提供先 or 移転先 of Ⅱ 5. that no 登場者 of the 業務全体図 stands for (別添1 shows where the
/// 特定個人情報 goes; 記載要領 別添1). Only once the diagram has 登場者 at all: an empty diagram is
/// C01's. Its ⑥ then rests on words alone, and a committee reading 別添1 does not see it.
fn provision_not_in_diagram(cx: &Cx, out: &mut Vec<Finding>) {
    let g = crate::flows::Graph::read(cx.doc);
    if g.actors.is_empty() {
        return;
    }
    let actors = Path::top(ids::ANNEX1_DIAGRAM_ACTOR);
    for (repeat, ref_item, what) in [
        (ids::II_FILE_PROVISION_RECIPIENT, ids::ANNEX1_DIAGRAM_ACTOR_RECIPIENT, "提供先"),
        (ids::II_FILE_PROVISION_TRANSFEREE, ids::ANNEX1_DIAGRAM_ACTOR_TRANSFEREE, "移転先"),
    ] {
        let Some(repeat_ix) = cx.form.find(repeat) else { continue };
        let name_item = cx.form.name_item(repeat_ix).map(|n| cx.form.node(n).id.clone());
        for file in cx.files() {
            if cx.doc.is_disabled(repeat_ix, std::slice::from_ref(&file)) {
                continue;
            }
            for id in cx.instances(repeat, std::slice::from_ref(&file)) {
                if g.actors.iter().any(|a| cx.doc.choice(&actors.child(&a.id, ref_item)) == id) {
                    continue;
                }
                let blocks = vec![file.clone(), id.clone()];
                let name = name_item.as_ref().map(|n| cx.text(n, &blocks)).unwrap_or_default();
                let name =
                    if name.trim().is_empty() { format!("（名称未記入の{what}）") } else { name.to_owned() };
                let at = name_item.clone().unwrap_or_else(|| repeat.to_owned());
                out.push(finding(
                    format!(
                        "{what}「{name}」が（別添1）業務全体図にありません。この{what}を表す登場者を登録し、「対応する{what}（Ⅱ 5.）」で選んで、データの流れを描いてください（{what}の⑥の方法も図から確かめられるようになります）。"
                    ),
                    vec![Path { item: at, blocks }],
                ));
            }
        }
    }
}

pub const DIAGRAM_MISMATCH: Rule =
    Rule { id: "K13", severity: Severity::Error, source: Source::Committee, run: diagram_mismatch };
pub const DANGLING_REFERENCE: Rule =
    Rule { id: "K14", severity: Severity::Error, source: Source::Guidance, run: dangling_reference };
pub const RECORDS_WITHOUT_MY_NUMBER: Rule =
    Rule { id: "K16", severity: Severity::Error, source: Source::Guidance, run: records_without_my_number };
pub const ANNEX2_WITHOUT_MY_NUMBER: Rule =
    Rule { id: "K17", severity: Severity::Warning, source: Source::Guidance, run: annex2_without_my_number };
pub const IMPOSSIBLE_FILE_DATES: Rule =
    Rule { id: "K18", severity: Severity::Error, source: Source::Guidance, run: impossible_file_dates };
pub const SUBJECTS_OVER_TASK_PEOPLE: Rule =
    Rule { id: "K19", severity: Severity::Warning, source: Source::Guideline, run: subjects_over_task_people };
pub const HIDDEN_BY_ANSWER: Rule =
    Rule { id: "K20", severity: Severity::Warning, source: Source::Guidance, run: hidden_by_answer };
pub const DATA_CENTRE_NOT_IN_DIAGRAM: Rule =
    Rule { id: "K15", severity: Severity::Warning, source: Source::Committee, run: data_centre_not_in_diagram };

/// Ⅱ 4./5. answers that the 業務全体図 decides but that say something else (an imported file,
/// or one edited outside this program): the diagram and the text must tell one story.
fn diagram_mismatch(cx: &Cx, out: &mut Vec<Finding>) {
    for edit in crate::flows::derive::derived_edits(cx.doc) {
        let crate::doc::Edit::Value { path, entry } = edit else { continue };
        let should = match entry.map(|e| e.value) {
            Some(crate::doc::Value::Text(t)) => format!("「{}」", t.as_str()),
            Some(crate::doc::Value::Choice(c)) => format!("「{c}」"),
            Some(crate::doc::Value::Multi(p)) => {
                let names: Vec<String> = p.iter().map(|p| p.option.clone()).collect();
                format!("「{}」", names.join("、"))
            }
            _ => "空欄".to_owned(),
        };
        out.push(finding(
            format!("（別添1）業務全体図の登録内容からは {should} となるはずですが、記載が異なります。図の登録（登場者・データの流れ・委託の連鎖）と記載のどちらが正しいか確かめ、図の方を直してください（記載は図から自動で直ります）。"),
            vec![path],
        ));
    }
}

/// A flow, 委託 link or actor that points to an actor, file or 委託事項 that does not exist.
fn dangling_reference(cx: &Cx, out: &mut Vec<Finding>) {
    for (path, entry) in cx.doc.values() {
        let Some(ix) = cx.form.find(&path.item) else { continue };
        let crate::form::Kind::Ref { to } = &cx.form.node(ix).kind else { continue };
        let crate::doc::Value::Choice(id) = &entry.value else { continue };
        let Some(target) = cx.form.find(to) else { continue };
        if cx.doc.instance_path(target, id).is_none() {
            out.push(finding(
                format!(
                    "「{}」で選んだ{}（{id}）が見つかりません。選び直してください。",
                    cx.form.node(ix).label,
                    cx.form.noun(target)
                ),
                vec![path.clone()],
            ));
        }
    }
}

/// The text says the data lives in a data centre or cloud, but the 業務全体図 shows none (a
/// question every committee asks: where is the data, and who can reach it?).
fn data_centre_not_in_diagram(cx: &Cx, out: &mut Vec<Finding>) {
    let g = crate::flows::Graph::read(cx.doc);
    if g.actors.is_empty() || g.actors.iter().any(|a| a.kind == Some(crate::flows::ActorKind::DataCentre)) {
        return;
    }
    if let Some((path, _, _)) = cx.texts.iter().find(|(_, _, t)| t.contains("データセンター") || t.contains("クラウド"))
    {
        out.push(finding(
            "本文ではデータセンター（又はクラウド）でデータを保管・処理するとしていますが、（別添1）業務全体図にデータセンターがありません。種類を「データセンター・クラウド」とした登場者を追加し、システムとの間のデータの流れを登録してください。",
            vec![path.clone()],
        ));
    }
}

/// A 特定個人情報ファイル holds 個人番号 (or its 個人番号対応符号) by definition (番号法 第2条第9項):
/// Ⅱ 2.④ 主な記録項目, once answered, must pick one of them.
fn records_without_my_number(cx: &Cx, out: &mut Vec<Finding>) {
    for f in cx.doc.instances(&Path::top(ids::II_FILE)) {
        let path = Path::new(ids::II_FILE_BASIC_RECORDS_MAIN, &[f]);
        let Some(crate::doc::Entry { value: crate::doc::Value::Multi(picks), .. }) = cx.doc.get(&path) else {
            continue;
        };
        if picks.is_empty() || picks.iter().any(|p| p.option == "個人番号" || p.option == "個人番号対応符号")
        {
            continue;
        }
        out.push(finding(
            "主な記録項目に「個人番号」（又は「個人番号対応符号」）が選ばれていません。特定個人情報ファイルは個人番号を含むファイルです。選び忘れでないか確かめてください。",
            vec![path],
        ));
    }
}

/// （別添2）記録項目 lists every item of the file: a list without 個人番号 (or 個人番号対応符号)
/// disagrees with the file being a 特定個人情報ファイル and with Ⅱ 2.④.
fn annex2_without_my_number(cx: &Cx, out: &mut Vec<Finding>) {
    for f in cx.doc.instances(&Path::top(ids::II_FILE)) {
        let list = Path::new(ids::ANNEX2_FILE_FIELD, &[f]);
        let names: Vec<&str> = cx
            .doc
            .instances(&list)
            .iter()
            .map(|id| cx.doc.text(&list.child(id, ids::ANNEX2_FILE_FIELD_NAME)))
            .collect();
        if names.iter().all(|n| n.trim().is_empty()) || names.iter().any(|n| n.contains("個人番号")) {
            continue;
        }
        out.push(finding(
            "（別添2）の記録項目に「個人番号」がありません。特定個人情報ファイルの記録項目として個人番号（又は個人番号対応符号）を記載してください。",
            vec![list],
        ));
    }
}

/// 個人番号 could be used from 平成28年1月1日 (番号法 附則第1条第4号): a 特定個人情報ファイル held,
/// or used in this 事務, before that day is impossible. Using the file before holding it is too.
fn impossible_file_dates(cx: &Cx, out: &mut Vec<Finding>) {
    let first_day = jiff::civil::date(2016, 1, 1);
    let date_at = |p: &Path| match cx.doc.get(p).map(|e| &e.value) {
        Some(crate::doc::Value::Date(d)) => Some(d.earliest()),
        _ => None,
    };
    for f in cx.files() {
        let held = Path::new(ids::II_FILE_BASIC_HELD_FROM, &[&f]);
        let used = Path::new(ids::II_FILE_USE_STARTED_ON, &[&f]);
        for (path, what) in [(&held, "保有開始日"), (&used, "使用開始日")] {
            if let Some(d) = date_at(path)
                && d < first_day
            {
                out.push(finding(
                    format!(
                        "{what}が{}になっていますが、個人番号の利用は平成28年1月1日からです。日付を確かめてください。",
                        crate::doc::date::to_wareki(d)
                    ),
                    vec![path.clone()],
                ));
            }
        }
        if let (Some(h), Some(u)) = (date_at(&held), date_at(&used))
            && u < h
        {
            out.push(finding(
                "使用開始日が保有開始日より前になっています。ファイルを保有する前には使用できません。日付を確かめてください。",
                vec![used.clone(), held.clone()],
            ));
        }
    }
}

/// Ⅰ1③ 対象人数 counts everyone whose 個人番号 the 事務 holds (指針 第2), so no file's Ⅱ2②
/// 対象となる本人の数 can lie wholly above its band.
fn subjects_over_task_people(cx: &Cx, out: &mut Vec<Finding>) {
    let task = cx.doc.choice(&Path::top(ids::I_TASK_PEOPLE)).to_owned();
    let Some(ceiling) = threshold::band_ceiling(&task) else { return };
    for f in cx.files() {
        let path = Path::new(ids::II_FILE_BASIC_SUBJECTS, &[&f]);
        let subjects = cx.doc.choice(&path).to_owned();
        if threshold::band_floor(&subjects).is_some_and(|floor| floor >= ceiling) {
            out.push(finding(
                format!("Ⅱ2②の対象となる本人の数「{subjects}」が、Ⅰ1③の対象人数「{task}」を超えています。事務の対象人数はファイルの本人の数以上になるはずです。どちらかを直してください（しきい値判断にも影響します）。"),
                vec![path, Path::top(ids::I_TASK_PEOPLE)],
            ));
        }
    }
}

/// Answers kept under an item that another answer switches off (「提供・移転しない」 ticked while
/// Ⅲ5's risks are filled, 「発生なし」 with その内容 written …): the file keeps them, but no edition
/// of the PDF prints them, so the reader never sees what the department wrote. One finding per
/// governing answer, listing the parts it hides. Only the outermost switch counts (undoing an
/// inner one would not bring the text back), and whole blocks under 「委託しない」 or
/// 「行っていない」 are K02 and K06.
fn hidden_by_answer(cx: &Cx, out: &mut Vec<Finding>) {
    use crate::doc::Value;
    use crate::form::Kind;
    /// A hidden answer and the part that names it in the message.
    type Hidden = (Path, String);
    // (governing answer, node it switches off, hidden answers)
    let mut groups: Vec<(Path, NodeIx, Vec<Hidden>)> = Vec::new();
    for (path, entry) in cx.doc.values() {
        let Some(ix) = cx.form.find(&path.item) else { continue };
        if matches!(entry.value, Value::Flag(false)) || !cx.doc.is_filled(path) {
            continue;
        }
        let Some((mut switched, mut governing)) = cx.doc.disabled_by(ix, &path.blocks) else { continue };
        while let Some(outer) = cx.form.node(switched).parent.and_then(|p| cx.doc.disabled_by(p, &path.blocks)) {
            (switched, governing) = outer;
        }
        if matches!(cx.form.node(switched).kind, Kind::Repeat { .. } | Kind::PerBlock { .. }) {
            continue;
        }
        let part = part_name(cx, ix, switched);
        match groups.iter_mut().find(|(g, ..)| *g == governing) {
            Some((.., hidden)) => hidden.push((path.clone(), part)),
            None => groups.push((governing, switched, vec![(path.clone(), part)])),
        }
    }
    groups.sort_by_key(|(g, ..)| (cx.position(g), cx.block_rank(g)));
    for (governing, switched, mut hidden) in groups {
        hidden.sort_by_key(|(p, _)| (cx.position(p), cx.block_rank(p)));
        let Some(gix) = cx.form.find(&governing.item) else { continue };
        let gnode = cx.form.node(gix);
        let is = cx.form.node(switched).disabled_when.as_ref().map(|w| w.is.clone()).unwrap_or_default();
        let gtitle = gnode.title();
        let gname = first_line(&gtitle);
        let answer = if is == "true" {
            format!("「{gname}」にチェックがある")
        } else {
            format!("「{gname}」を「{is}」としている")
        };
        let mut names: Vec<&str> = Vec::new();
        for (_, part) in &hidden {
            if !names.contains(&part.as_str()) {
                names.push(part);
            }
        }
        let shown = names.len().min(4);
        let mut list = names[..shown].iter().map(|n| format!("「{n}」")).collect::<Vec<_>>().join("、");
        if names.len() > shown {
            list.push_str(&format!(" ほか{}項目", names.len() - shown));
        }
        let undo = if is == "true" {
            "チェックを外してください".to_owned()
        } else {
            format!("「{is}」を見直してください")
        };
        let mut paths = vec![governing];
        paths.extend(hidden.into_iter().map(|(p, _)| p));
        out.push(finding(
            format!("{answer}ため、記入済みの{list}の記載はPDFに印刷されません（公表用・点検用とも）。不要なら削除し、必要なら{undo}。"),
            paths,
        ));
    }
}

/// How a finding names a switched-off part: its own title (「リスク1 不正な提供・移転が行われるリスク」),
/// or, when that title spans several lines (Ⅲ4's five risks), the title of the child that holds the
/// answer.
fn part_name(cx: &Cx, item: NodeIx, switched: NodeIx) -> String {
    let title = |ix: NodeIx| {
        let n = cx.form.node(ix);
        if n.number.is_empty() { n.label.clone() } else { format!("{} {}", n.number, n.label) }
    };
    if !cx.form.node(switched).label.contains('\n') {
        return title(switched);
    }
    let mut below = item;
    while let Some(parent) = cx.form.node(below).parent
        && parent != switched
    {
        below = parent;
    }
    first_line(&title(below)).to_owned()
}

fn first_line(s: &str) -> &str {
    s.lines().next().unwrap_or(s).trim()
}
