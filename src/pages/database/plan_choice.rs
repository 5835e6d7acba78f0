//! The plans a database may move to, as **Change plan** offers them: each with its monthly
//! price and the difference from the current one, the size only growing (smaller sizes shown,
//! not selectable, with the reason), and the downtime each move implies; the reasons in words
//! for beside the select ([`unavailable_notes`]), and what a chosen move means
//! ([`PlanChange`]). Pure Rust.

use model::plan_change::{assess_names, Downtime, Outcome, Refusal};
use model::Plan;

use crate::format::{group_thousands, monthly_price};

/// One plan in the **New plan** select.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanOption {
    /// What the change request sends (`plan_id`).
    pub id: String,
    /// The plan's name, for example `postgresql-dr-business-8192`.
    pub name: String,
    /// The plan's name for people, for example `Business 8G`.
    pub display: String,
    /// The option's text: name for people, price, difference.
    pub label: String,
    /// Why it cannot be chosen, when it cannot.
    pub refused: Option<String>,
    /// The same, as a kind, to say it once for several plans beside the select.
    pub unavailable: Option<Unavailable>,
    /// What the move means for the database, when it can be chosen.
    pub downtime: Option<Downtime>,
    /// Whether this is the plan the database is on.
    pub current: bool,
}

impl PlanOption {
    pub fn selectable(&self) -> bool {
        self.refused.is_none()
    }
}

/// Why a plan of the select cannot be chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unavailable {
    /// It is the database's plan.
    Current,
    /// The catalog marks it disabled.
    Retired,
    /// It is smaller than the database's plan (sizes in MB).
    Smaller { from_mb: u32, to_mb: u32 },
}

/// "+€310/month", "−€80/month" or "same price", from two monthly prices in EUR.
pub fn price_difference(current: Option<f64>, other: Option<f64>) -> Option<String> {
    let (current, other) = (current?, other?);
    if !current.is_finite() || !other.is_finite() {
        return None;
    }
    let cents = ((other - current) * 100.0).round() as i64;
    if cents == 0 {
        return Some("same price".into());
    }
    let sign = if cents > 0 { "+" } else { "−" };
    let cents = cents.unsigned_abs();
    let whole = group_thousands(usize::try_from(cents / 100).unwrap_or(usize::MAX));
    let amount = match cents % 100 {
        0 => whole,
        fraction => format!("{whole}.{fraction:02}"),
    };
    Some(format!("{sign}€{amount}/month"))
}

const CURRENT: &str = "This is the current plan.";
const RETIRED: &str = "This plan is no longer offered.";

/// Every plan of the database's technology, in the catalog's order, as the select offers it.
pub fn plan_options(current: &str, plans: &[Plan]) -> Vec<PlanOption> {
    let mut plans: Vec<&Plan> = plans.iter().collect();
    plans.sort_by(|a, b| {
        a.position
            .cmp(&b.position)
            .then_with(|| a.name.cmp(&b.name))
    });
    let current_price = plans
        .iter()
        .find(|p| p.name == current || p.id == current)
        .and_then(|p| p.price);
    plans
        .into_iter()
        .map(|plan| {
            let is_current = plan.name == current || plan.id == current;
            let mut label = plan.label().to_string();
            if let Some(price) = monthly_price(plan) {
                label.push_str(" — ");
                label.push_str(&price);
            }
            let (unavailable, refused, downtime) = if is_current {
                (Some(Unavailable::Current), Some(CURRENT.to_string()), None)
            } else if plan.disabled {
                (Some(Unavailable::Retired), Some(RETIRED.to_string()), None)
            } else {
                match assess_names(current, &plan.name) {
                    Some(Outcome::Allowed(downtime)) => (None, None, Some(downtime)),
                    Some(Outcome::Refused(refusal)) => {
                        let Refusal::SmallerSize { from_mb, to_mb } = refusal;
                        let kind = Unavailable::Smaller { from_mb, to_mb };
                        (Some(kind), Some(refusal.to_string()), None)
                    }
                    Some(Outcome::SamePlan) => {
                        (Some(Unavailable::Current), Some(CURRENT.into()), None)
                    }
                    // A plan whose size cannot be read: the server decides.
                    None => (None, None, None),
                }
            };
            if is_current {
                label.push_str(" (current plan)");
            } else if let Some(difference) = price_difference(current_price, plan.price) {
                label.push_str(&format!(" ({difference})"));
            }
            if refused.is_some() && !is_current {
                label.push_str(" — not available");
            }
            PlanOption {
                id: plan.id.clone(),
                name: plan.name.clone(),
                display: plan.label().to_string(),
                label,
                refused,
                unavailable,
                downtime,
                current: is_current,
            }
        })
        .collect()
}

/// `A`, `A and B`, `A, B and C`.
pub fn and_list(items: &[String]) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Why the plans shown but not selectable cannot be chosen, in words, once for each reason:
/// what stands beside the select, so the reason is not only in the options' text. The current
/// plan is not among them (its option says so).
pub fn unavailable_notes(options: &[PlanOption]) -> Vec<String> {
    let mut notes = Vec::new();
    let smaller: Vec<String> = options
        .iter()
        .filter(|o| matches!(o.unavailable, Some(Unavailable::Smaller { .. })))
        .map(|o| o.display.clone())
        .collect();
    let from_mb = options.iter().find_map(|o| match o.unavailable {
        Some(Unavailable::Smaller { from_mb, .. }) => Some(from_mb),
        _ => None,
    });
    if let (Some(from_mb), false) = (from_mb, smaller.is_empty()) {
        let size = model::plan_change::PlanSpec {
            class: model::plan_change::PlanClass::Starter,
            size_mb: from_mb,
        }
        .size_label();
        let verb = if smaller.len() == 1 { "is" } else { "are" };
        notes.push(format!(
            "Moving to a smaller size is not supported: this database has {size}, so {} {verb} not available.",
            and_list(&smaller)
        ));
    }
    let retired: Vec<String> = options
        .iter()
        .filter(|o| o.unavailable == Some(Unavailable::Retired))
        .map(|o| o.display.clone())
        .collect();
    if !retired.is_empty() {
        let verb = if retired.len() == 1 { "is" } else { "are" };
        notes.push(format!("{} {verb} no longer offered.", and_list(&retired)));
    }
    notes
}

/// A plan as the confirmation names it: `Business 8G (€460/month)`.
fn plan_with_price(plan: &Plan) -> String {
    match monthly_price(plan) {
        Some(price) => format!("{} ({price})", plan.label()),
        None => plan.label().to_string(),
    }
}

/// A move the user chose, as the page states it before and in the confirmation step.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanChange {
    /// What the request sends (`plan_id`).
    pub plan_id: String,
    /// The target's plan name (`postgresql-dr-business-8192`), what the database's `plan` becomes.
    pub to_name: String,
    /// The target's name for people, for the messages after.
    pub to_display: String,
    /// `Starter 8G (€150/month)`.
    pub from: String,
    /// `Business 8G (€460/month)`.
    pub to: String,
    /// `+€310/month against Starter 8G's €150/month`, when both prices are known.
    pub price: Option<String>,
    /// [`Downtime::sentence`], or that it is not known.
    pub downtime: String,
}

impl PlanChange {
    /// What the change means, in sentences: the price, then the downtime.
    pub fn sentences(&self) -> Vec<String> {
        let mut sentences = Vec::new();
        if let Some(price) = &self.price {
            sentences.push(format!("Price: {price}."));
        }
        sentences.push(self.downtime.clone());
        sentences
    }
}

/// What moving from `current` (a plan name or id) to the plan chosen (`chosen`, an id) means,
/// or why it cannot be asked for, in words for beside the select.
pub fn plan_change(current: &str, plans: &[Plan], chosen: &str) -> Result<PlanChange, String> {
    if chosen.is_empty() {
        return Err("Choose the new plan.".into());
    }
    let options = plan_options(current, plans);
    let option = options
        .iter()
        .find(|o| o.id == chosen)
        .ok_or_else(|| "Choose one of the plans listed.".to_string())?;
    if let Some(reason) = &option.refused {
        return Err(reason.clone());
    }
    let to = plans
        .iter()
        .find(|p| p.id == chosen)
        .ok_or_else(|| "Choose one of the plans listed.".to_string())?;
    let from = plans.iter().find(|p| p.name == current || p.id == current);
    let price = from.and_then(|from| {
        let difference = price_difference(from.price, to.price)?;
        let before = monthly_price(from)?;
        Some(if difference == "same price" {
            format!("the same as {}'s {before}", from.label())
        } else {
            format!("{difference} against {}'s {before}", from.label())
        })
    });
    let downtime = option.downtime.map_or(
        "The downtime of this change is not known: the provider decides how it is made.",
        Downtime::sentence,
    );
    Ok(PlanChange {
        plan_id: to.id.clone(),
        to_name: to.name.clone(),
        to_display: to.label().to_string(),
        from: from.map_or_else(|| current.to_string(), plan_with_price),
        to: plan_with_price(to),
        price,
        downtime: downtime.to_string(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::seed;

    fn option<'a>(options: &'a [PlanOption], name: &str) -> &'a PlanOption {
        options.iter().find(|o| o.name == name).unwrap()
    }

    #[test]
    fn on_starter_8g_smaller_sizes_are_refused_with_the_reason() {
        let options = plan_options("postgresql-dr-starter-8192", &seed::plans());
        assert_eq!(options.len(), 9);
        let starter_4 = option(&options, "postgresql-dr-starter-4096");
        assert!(!starter_4.selectable());
        assert!(starter_4
            .refused
            .as_deref()
            .unwrap()
            .contains("smaller size"));
        assert!(!option(&options, "postgresql-dr-business-4096").selectable());
        let current = option(&options, "postgresql-dr-starter-8192");
        assert!(current.current && !current.selectable());
        assert_eq!(current.label, "Starter 8G — €150/month (current plan)");
        let business_8 = option(&options, "postgresql-dr-business-8192");
        assert!(business_8.selectable());
        assert_eq!(business_8.label, "Business 8G — €460/month (+€310/month)");
        assert_eq!(business_8.downtime, Some(Downtime::None));
        let starter_16 = option(&options, "postgresql-dr-starter-16384");
        assert_eq!(starter_16.downtime, Some(Downtime::AboutFifteenMinutes));
        // The retired plan is shown, not offered.
        let retired = option(&options, "postgresql-dr-enterprise-16384");
        assert_eq!(
            retired.refused.as_deref(),
            Some("This plan is no longer offered.")
        );
    }

    #[test]
    fn differences_read_naturally() {
        assert_eq!(
            price_difference(Some(150.0), Some(460.0)).as_deref(),
            Some("+€310/month")
        );
        assert_eq!(
            price_difference(Some(460.0), Some(230.0)).as_deref(),
            Some("−€230/month")
        );
        assert_eq!(
            price_difference(Some(75.0), Some(75.0)).as_deref(),
            Some("same price")
        );
        assert_eq!(
            price_difference(Some(75.0), Some(1155.5)).as_deref(),
            Some("+€1,080.50/month")
        );
        assert_eq!(price_difference(None, Some(1.0)), None);
        assert_eq!(price_difference(Some(f64::NAN), Some(1.0)), None);
    }

    #[test]
    fn the_reasons_beside_the_select_group_the_plans() {
        let options = plan_options("postgresql-dr-starter-8192", &seed::plans());
        assert_eq!(
            unavailable_notes(&options),
            [
                "Moving to a smaller size is not supported: this database has 8 GB, so Starter 4G, Business 4G and Enterprise 4G are not available.",
                "Enterprise 16G is no longer offered.",
            ]
        );
        // On the smallest plan only the retired one is unavailable.
        let options = plan_options("postgresql-dr-starter-4096", &seed::plans());
        assert_eq!(
            unavailable_notes(&options),
            ["Enterprise 16G is no longer offered."]
        );
        let options = plan_options("postgresql-dr-business-16384", &seed::plans());
        assert!(unavailable_notes(&options)[0].contains("this database has 16 GB"));
        assert_eq!(and_list(&["a".into()]), "a");
        assert_eq!(and_list(&["a".into(), "b".into()]), "a and b");
        assert_eq!(and_list(&[]), "");
    }

    fn id_of(name: &str) -> String {
        seed::plans()
            .into_iter()
            .find(|p| p.name == name)
            .unwrap()
            .id
    }

    #[test]
    fn a_chosen_change_says_from_to_price_and_downtime() {
        let plans = seed::plans();
        let change = plan_change(
            "postgresql-dr-starter-8192",
            &plans,
            &id_of("postgresql-dr-business-8192"),
        )
        .unwrap();
        assert_eq!(change.from, "Starter 8G (€150/month)");
        assert_eq!(change.to, "Business 8G (€460/month)");
        assert_eq!(change.to_display, "Business 8G");
        assert_eq!(change.to_name, "postgresql-dr-business-8192");
        assert_eq!(
            change.price.as_deref(),
            Some("+€310/month against Starter 8G's €150/month")
        );
        assert_eq!(
            change.sentences(),
            [
                "Price: +€310/month against Starter 8G's €150/month.",
                "No downtime is expected.",
            ]
        );
        let bigger_starter = plan_change(
            "postgresql-dr-starter-8192",
            &plans,
            &id_of("postgresql-dr-starter-16384"),
        )
        .unwrap();
        assert!(bigger_starter.downtime.contains("about 15 minutes"));
    }

    #[test]
    fn what_cannot_be_chosen_says_why() {
        let plans = seed::plans();
        let current = "postgresql-dr-starter-8192";
        assert_eq!(
            plan_change(current, &plans, "").unwrap_err(),
            "Choose the new plan."
        );
        assert!(
            plan_change(current, &plans, &id_of("postgresql-dr-starter-4096"))
                .unwrap_err()
                .contains("smaller size")
        );
        assert_eq!(
            plan_change(current, &plans, &id_of(current)).unwrap_err(),
            "This is the current plan."
        );
        assert_eq!(
            plan_change(current, &plans, "pl-nope").unwrap_err(),
            "Choose one of the plans listed."
        );
    }
}
