//! What every backend starts with: the spec's example objects, the `postgresql-dr` plans and two
//! projects. Plan names, display names and classes follow `shared/reference/scalingo-api.md` §2;
//! the prices are illustrative EUR monthly prices for local development, not Scalingo's.

use crate::lifecycle::{ManagedRange, Owner};
use crate::types::{AddonProvider, Category, Database, Plan, Pricing, Pricings, Project};

/// The one technology the spec accepts on create.
pub const TECHNOLOGY: &str = "postgresql-dr";
/// The project of the spec's examples; the default project of the seeded stores.
pub const DEFAULT_PROJECT_ID: &str = "pr-82a3cac5-9b25-473e-b33d-6272b87e636f";
/// A second, non-default project.
pub const OTHER_PROJECT_ID: &str = "pr-5e0c9a14-3f6b-4d0e-9a8c-1b2d3e4f5a6b";

/// The two databases of the spec's "List Your Databases" example, exactly as given.
pub fn example_databases() -> Vec<Database> {
    vec![
        Database {
            id: "54100930736f7563d5030000".into(),
            name: "my-postgres-db".into(),
            project_id: DEFAULT_PROJECT_ID.into(),
            technology: TECHNOLOGY.into(),
            plan: "postgresql-dr-starter-4096".into(),
        },
        Database {
            id: "54100930736f7563d5030001".into(),
            name: "backup-db".into(),
            project_id: DEFAULT_PROJECT_ID.into(),
            technology: TECHNOLOGY.into(),
            plan: "postgresql-dr-business-4096".into(),
        },
    ]
}

/// The addon ids of the two examples: the first is the one in Scalingo's JS client example
/// (`examples/Databases/show_database_details.js`), the second the one in the reference's
/// addons example, so the Database API routes have ids that tests and people can type.
pub const EXAMPLE_ADDON_IDS: [&str; 2] = [
    "ad-2c3708ee-e4a1-4fe8-a4b0-793b36416794",
    "ad-97fe3f10-ed53-4459-8e40-bb41985562d1",
];

/// When the two examples were created (ms since the epoch): 2025-10-02T08:15:00Z and
/// 2025-11-14T16:40:00Z. Long ago: they are running whatever the time.
pub const EXAMPLE_CREATED_AT_MS: [u64; 2] = [1_759_392_900_000, 1_763_138_400_000];

/// When the first generated database was created (2026-01-05T10:00:00Z); each next one
/// [`GENERATED_STEP_MS`] later.
pub const GENERATED_FROM_MS: u64 = 1_767_607_200_000;
/// Between two generated databases' creation: 17 minutes.
pub const GENERATED_STEP_MS: u64 = 17 * 60 * 1000;

/// The region a store is in unless told otherwise.
pub const DEFAULT_REGION: &str = "osc-fr1";

/// The PostgreSQL version every database runs.
pub const READABLE_VERSION: &str = "17.6.0-1";

/// The owner of every app.
pub fn owner() -> Owner {
    Owner {
        id: "us-1d8e6a52-7c3b-4f0e-9b2a-5c4d3e2f1a0b".into(),
        username: "developer".into(),
        email: "developer@example.test".into(),
    }
}

/// The managed ranges (global, not per database), named as in the user guide; the first id is
/// the one of the guide's and the CLI's examples.
pub fn managed_ranges() -> Vec<ManagedRange> {
    vec![
        ManagedRange {
            id: "mr-scalingo-osc-fr1".into(),
            name: "Scalingo osc-fr1 region".into(),
        },
        ManagedRange {
            id: "mr-scalingo-osc-secnum-fr1".into(),
            name: "Scalingo osc-secnum-fr1 region".into(),
        },
    ]
}

/// A default project and one more.
pub fn projects() -> Vec<Project> {
    vec![
        Project {
            id: DEFAULT_PROJECT_ID.into(),
            name: "default".into(),
            default: true,
            created_at: Some("2025-09-01T09:00:00.000Z".into()),
        },
        Project {
            id: OTHER_PROJECT_ID.into(),
            name: "analytics".into(),
            default: false,
            created_at: Some("2026-02-16T14:30:00.000Z".into()),
        },
    ]
}

/// (class, display class, RAM in MB, monthly EUR price, disabled)
const PLANS: [(&str, &str, u32, f64, bool); 9] = [
    ("starter", "Starter", 4096, 75.0, false),
    ("starter", "Starter", 8192, 150.0, false),
    ("starter", "Starter", 16384, 300.0, false),
    ("business", "Business", 4096, 230.0, false),
    ("business", "Business", 8192, 460.0, false),
    ("business", "Business", 16384, 920.0, false),
    ("enterprise", "Enterprise", 4096, 540.0, false),
    ("enterprise", "Enterprise", 8192, 1080.0, false),
    // One plan is retired, so the console's handling of disabled plans can be seen.
    ("enterprise", "Enterprise", 16384, 2160.0, true),
];

/// Minutes in the 30-day month the per-minute prices are derived from.
const MINUTES_PER_MONTH: f64 = 30.0 * 24.0 * 60.0;

/// The `postgresql-dr` plans, in `position` order.
pub fn plans() -> Vec<Plan> {
    PLANS
        .iter()
        .enumerate()
        .map(|(index, &(class, display, ram, price, disabled))| {
            let position = index as i64 + 1;
            Plan {
                id: format!("6a0f5e2c8b1d4e0012ab{:04x}", position),
                name: format!("{TECHNOLOGY}-{class}-{ram}"),
                display_name: format!("{display} {}G", ram / 1024),
                price: Some(price),
                description: Some(format!(
                    "{display} class, {} GB of RAM, dedicated resources.",
                    ram / 1024
                )),
                position,
                on_demand: false,
                disabled,
                disabled_alternative_plan_id: disabled
                    .then(|| format!("6a0f5e2c8b1d4e0012ab{:04x}", position - 1)),
                sku: Some(format!("fr1-pgdr-{class}-{}g", ram / 1024)),
                pricings: Some(Pricings {
                    default: Some(Pricing {
                        price: format!("{:.10}", price / MINUTES_PER_MONTH),
                        currency: "EUR".into(),
                        period: "minute".into(),
                    }),
                }),
                hds_available: class != "starter",
            }
        })
        .collect()
}

/// The addon providers catalog: the `postgresql-dr` provider with its plans.
pub fn addon_providers() -> Vec<AddonProvider> {
    vec![AddonProvider {
        id: TECHNOLOGY.into(),
        name: "PostgreSQL® Dedicated Resources".into(),
        logo_url: None,
        short_description: Some("PostgreSQL on dedicated resources".into()),
        category: Some(Category {
            id: "databases".into(),
            name: "Databases".into(),
            description: None,
            position: 1,
        }),
        hds_available: true,
        plans: plans(),
    }]
}

const ADJECTIVES: [&str; 12] = [
    "amber", "brisk", "calm", "dusty", "eager", "fierce", "gentle", "hollow", "ivory", "jolly",
    "keen", "lunar",
];
const NOUNS: [&str; 10] = [
    "orders", "billing", "events", "metrics", "users", "search", "audit", "cache", "ledger",
    "reports",
];

/// A deterministic, varied name for the `n`-th generated database (valid under the name rule).
pub fn generated_name(n: usize) -> String {
    format!(
        "{}-{}-{:05}",
        ADJECTIVES[n % ADJECTIVES.len()],
        NOUNS[(n / ADJECTIVES.len()) % NOUNS.len()],
        n
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::name::validate_name;

    #[test]
    fn plans_are_ordered_and_named_as_the_reference_says() {
        let plans = plans();
        assert_eq!(plans.len(), 9);
        assert_eq!(plans[0].name, "postgresql-dr-starter-4096");
        assert_eq!(plans[0].display_name, "Starter 4G");
        assert_eq!(plans[3].name, "postgresql-dr-business-4096");
        assert_eq!(plans[8].name, "postgresql-dr-enterprise-16384");
        assert!(plans.windows(2).all(|w| w[0].position < w[1].position));
        assert_eq!(plans.iter().filter(|p| p.disabled).count(), 1);
        let ids: std::collections::BTreeSet<_> = plans.iter().map(|p| &p.id).collect();
        assert_eq!(ids.len(), plans.len());
    }

    #[test]
    fn exactly_one_default_project() {
        assert_eq!(projects().iter().filter(|p| p.default).count(), 1);
    }

    #[test]
    fn generated_names_are_valid_and_unique() {
        let names: std::collections::BTreeSet<_> = (0..20_000).map(generated_name).collect();
        assert_eq!(names.len(), 20_000);
        assert!(names.iter().all(|n| validate_name(n).is_ok()));
    }
}
