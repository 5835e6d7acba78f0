//! The plans a database may move to, as **Change plan** offers them: each with its monthly
//! price and the difference from the current one, the size only growing (smaller sizes shown,
//! not selectable, with the reason), and the downtime each move implies. Pure Rust.

use model::plan_change::{assess_names, Downtime, Outcome};
use model::Plan;

use crate::format::{group_thousands, monthly_price};

/// One plan in the **New plan** select.
#[derive(Clone, Debug, PartialEq)]
pub struct PlanOption {
    /// What the change request sends (`plan_id`).
    pub id: String,
    /// The plan's name, for example `postgresql-dr-business-8192`.
    pub name: String,
    /// The option's text: name for people, price, difference.
    pub label: String,
    /// Why it cannot be chosen, when it cannot.
    pub refused: Option<String>,
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
            let (refused, downtime) = if is_current {
                (Some("This is the current plan.".to_string()), None)
            } else if plan.disabled {
                (Some("This plan is no longer offered.".to_string()), None)
            } else {
                match assess_names(current, &plan.name) {
                    Some(Outcome::Allowed(downtime)) => (None, Some(downtime)),
                    Some(Outcome::Refused(refusal)) => (Some(refusal.to_string()), None),
                    Some(Outcome::SamePlan) => (Some("This is the current plan.".into()), None),
                    // A plan whose size cannot be read: the server decides.
                    None => (None, None),
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
                label,
                refused,
                downtime,
                current: is_current,
            }
        })
        .collect()
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
}
