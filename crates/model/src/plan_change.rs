//! Which plan changes a Dedicated Resources database accepts, and what each one costs.
//!
//! From the user guide (`shared/reference/lifecycle-api.md` §6a, DOC changing-plan.md): a plan
//! is `postgresql-dr-{class}-{size in MB}`; the class (Starter is one node, Business and
//! Enterprise are multi-node clusters) may move either way, the size may only grow. Downtime:
//! Starter → bigger Starter, about 15 minutes; Starter → multi-node, none; multi-node ↔
//! multi-node, none; multi-node → Starter at the same size, none (the switch takes 2 to 3
//! minutes); multi-node → Starter at a larger size, some (the guide gives no length).
//!
//! The console shows this before the user confirms; the stores refuse what it refuses, with the
//! same sentence, so both agree.

use std::fmt;

/// The prefix every Dedicated Resources PostgreSQL plan name starts with.
pub const PLAN_PREFIX: &str = "postgresql-dr-";

/// A service class.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum PlanClass {
    /// One node, 98% SLA.
    Starter,
    /// A multi-node cluster, 99.96% SLA.
    Business,
    /// A multi-node cluster, 99.99% SLA.
    Enterprise,
}

impl PlanClass {
    /// Whether the class runs several nodes (Business, Enterprise) rather than one (Starter).
    pub fn is_multi_node(self) -> bool {
        !matches!(self, Self::Starter)
    }

    /// As written in a plan name: `starter`, `business`, `enterprise`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Starter => "starter",
            Self::Business => "business",
            Self::Enterprise => "enterprise",
        }
    }

    /// For people: `Starter`, `Business`, `Enterprise`.
    pub fn label(self) -> &'static str {
        match self {
            Self::Starter => "Starter",
            Self::Business => "Business",
            Self::Enterprise => "Enterprise",
        }
    }
}

/// What a plan name says: its class and its size (RAM in MB).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct PlanSpec {
    pub class: PlanClass,
    pub size_mb: u32,
}

impl PlanSpec {
    /// The spec of `postgresql-dr-{starter|business|enterprise}-{size MB}`, or `None` for any
    /// other name (another technology, an unknown class, a size that is not a positive number).
    pub fn parse(name: &str) -> Option<Self> {
        let rest = name.strip_prefix(PLAN_PREFIX)?;
        let (class, size) = rest.split_once('-')?;
        let class = match class {
            "starter" => PlanClass::Starter,
            "business" => PlanClass::Business,
            "enterprise" => PlanClass::Enterprise,
            _ => return None,
        };
        if size.is_empty() || !size.bytes().all(|b| b.is_ascii_digit()) || size.starts_with('0') {
            return None;
        }
        Some(Self {
            class,
            size_mb: size.parse().ok()?,
        })
    }

    /// The size as people say it: `4 GB` (or `512 MB` below a gigabyte).
    pub fn size_label(&self) -> String {
        if self.size_mb >= 1024 && self.size_mb.is_multiple_of(1024) {
            format!("{} GB", self.size_mb / 1024)
        } else {
            format!("{} MB", self.size_mb)
        }
    }
}

/// Whether and how a change from one plan to another can happen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// The target is the current plan: nothing to do.
    SamePlan,
    /// The change is not supported.
    Refused(Refusal),
    /// The change is supported, with this interruption.
    Allowed(Downtime),
}

impl Outcome {
    /// Whether the change may be requested.
    pub fn is_allowed(&self) -> bool {
        matches!(self, Self::Allowed(_))
    }
}

/// Why a change is refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Refusal {
    /// The target is smaller than the current plan (sizes in MB).
    SmallerSize { from_mb: u32, to_mb: u32 },
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::SmallerSize { from_mb, to_mb } => write!(
                f,
                "Moving to a smaller size is not supported: this database has {}, the plan chosen {}.",
                size_label(*from_mb),
                size_label(*to_mb)
            ),
        }
    }
}

fn size_label(size_mb: u32) -> String {
    PlanSpec {
        class: PlanClass::Starter,
        size_mb,
    }
    .size_label()
}

/// The interruption an allowed change causes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Downtime {
    /// No interruption.
    None,
    /// No interruption; the switch itself takes 2 to 3 minutes (multi-node → Starter, same size).
    NoneTakesMinutes,
    /// An interruption of about 15 minutes (Starter → bigger Starter).
    AboutFifteenMinutes,
    /// An interruption whose length the guide does not give (multi-node → bigger Starter).
    Some,
}

impl Downtime {
    /// Whether the database is unreachable for a while during the change.
    pub fn interrupts(self) -> bool {
        matches!(self, Self::AboutFifteenMinutes | Self::Some)
    }

    /// One sentence for people.
    pub fn sentence(self) -> &'static str {
        match self {
            Self::None => "No downtime is expected.",
            Self::NoneTakesMinutes => "No downtime is expected; the switch takes 2 to 3 minutes.",
            Self::AboutFifteenMinutes => "The database will be unavailable for about 15 minutes.",
            Self::Some => "The database will be unavailable for a while during the change.",
        }
    }
}

/// What changing from `from` to `to` means. The class may move either way; the size may only
/// grow.
pub fn assess(from: PlanSpec, to: PlanSpec) -> Outcome {
    if from == to {
        return Outcome::SamePlan;
    }
    if to.size_mb < from.size_mb {
        return Outcome::Refused(Refusal::SmallerSize {
            from_mb: from.size_mb,
            to_mb: to.size_mb,
        });
    }
    let downtime = match (from.class.is_multi_node(), to.class.is_multi_node()) {
        // Starter → bigger Starter (same size and class is the same plan, handled above).
        (false, false) => Downtime::AboutFifteenMinutes,
        (false, true) | (true, true) => Downtime::None,
        (true, false) if to.size_mb == from.size_mb => Downtime::NoneTakesMinutes,
        (true, false) => Downtime::Some,
    };
    Outcome::Allowed(downtime)
}

/// [`assess`] on plan names; `None` when either name is not a Dedicated Resources plan.
pub fn assess_names(from: &str, to: &str) -> Option<Outcome> {
    Some(assess(PlanSpec::parse(from)?, PlanSpec::parse(to)?))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::seed;

    #[test]
    fn names_parse_into_class_and_size() {
        assert_eq!(
            PlanSpec::parse("postgresql-dr-starter-4096"),
            Some(PlanSpec {
                class: PlanClass::Starter,
                size_mb: 4096
            })
        );
        assert_eq!(
            PlanSpec::parse("postgresql-dr-enterprise-16384").map(|p| p.class),
            Some(PlanClass::Enterprise)
        );
        for bad in [
            "",
            "postgresql-dr-starter",
            "postgresql-dr-starter-",
            "postgresql-dr-starter-04096",
            "postgresql-dr-starter-+4096",
            "postgresql-dr-starter-4096-x",
            "postgresql-dr-huge-4096",
            "postgresql-ng-starter-4096",
            "postgresql-starter-512",
            "postgresql-dr-Starter-4096",
            "postgresql-dr-starter-99999999999",
        ] {
            assert_eq!(PlanSpec::parse(bad), None, "{bad}");
        }
        assert!(!PlanClass::Starter.is_multi_node());
        assert!(PlanClass::Business.is_multi_node());
        assert!(PlanClass::Enterprise.is_multi_node());
    }

    #[test]
    fn every_seeded_plan_parses() {
        for plan in seed::plans() {
            let spec = PlanSpec::parse(&plan.name).unwrap();
            assert_eq!(
                plan.name,
                format!("{PLAN_PREFIX}{}-{}", spec.class.as_str(), spec.size_mb)
            );
            assert!(plan.display_name.starts_with(spec.class.label()));
        }
    }

    /// Every pair of the 9 seeded plans. Rows: from; columns: to; both in catalog order
    /// (Starter, Business, Enterprise × 4, 8, 16 GB). `=` same plan, `x` refused (smaller),
    /// `0` no downtime, `m` no downtime but 2–3 minutes, `D` about 15 minutes, `d` some downtime.
    const TABLE: [&str; 9] = [
        // s4 s8 s16 b4 b8 b16 e4 e8 e16
        "=DD000000", // starter-4096
        "x=Dx00x00", // starter-8192
        "xx=xx0xx0", // starter-16384
        "mdd=00000", // business-4096
        "xmdx=0x00", // business-8192
        "xxmxx=xx0", // business-16384
        "mdd000=00", // enterprise-4096
        "xmdx00x=0", // enterprise-8192
        "xxmxx0xx=", // enterprise-16384
    ];

    #[test]
    fn every_pair_of_seeded_plans() {
        let plans = seed::plans();
        assert_eq!(plans.len(), 9);
        for (row, from) in TABLE.iter().zip(&plans) {
            for (expected, to) in row.chars().zip(&plans) {
                let outcome = assess_names(&from.name, &to.name).unwrap();
                let got = match &outcome {
                    Outcome::SamePlan => '=',
                    Outcome::Refused(Refusal::SmallerSize { .. }) => 'x',
                    Outcome::Allowed(Downtime::None) => '0',
                    Outcome::Allowed(Downtime::NoneTakesMinutes) => 'm',
                    Outcome::Allowed(Downtime::AboutFifteenMinutes) => 'D',
                    Outcome::Allowed(Downtime::Some) => 'd',
                };
                assert_eq!(got, expected, "{} → {}: {outcome:?}", from.name, to.name);
                assert_eq!(outcome.is_allowed(), "0mDd".contains(expected));
            }
        }
    }

    #[test]
    fn sentences() {
        let refused = assess_names("postgresql-dr-business-8192", "postgresql-dr-starter-4096");
        let Some(Outcome::Refused(reason)) = refused else {
            panic!("{refused:?}")
        };
        assert_eq!(
            reason.to_string(),
            "Moving to a smaller size is not supported: this database has 8 GB, the plan chosen 4 GB."
        );
        assert!(Downtime::AboutFifteenMinutes
            .sentence()
            .contains("15 minutes"));
        assert!(Downtime::NoneTakesMinutes
            .sentence()
            .contains("2 to 3 minutes"));
        assert!(Downtime::AboutFifteenMinutes.interrupts() && Downtime::Some.interrupts());
        assert!(!Downtime::None.interrupts() && !Downtime::NoneTakesMinutes.interrupts());
        assert_eq!(size_label(512), "512 MB");
        assert_eq!(assess_names("postgresql-dr-starter-4096", "mysql-1"), None);
    }
}
