//! The list's view state (search text, status filter and sort order), kept in the URL query so
//! a shared or reloaded URL shows the same view; and the filtering and sorting themselves. Pure
//! Rust.

use model::{AddonProvider, Database, Project};

use crate::api::types::ListedDatabase;
use crate::rules::Status;

use crate::format::group_thousands;
use crate::paths::encode_query_value;
use std::collections::HashMap;
use std::sync::Arc;

/// How the list is sorted.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortKey {
    #[default]
    Name,
    Plan,
    Project,
}

impl SortKey {
    pub const ALL: [SortKey; 3] = [Self::Name, Self::Plan, Self::Project];

    /// The value in the URL (`sort=plan`) and in the sort control.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Name => "name",
            Self::Plan => "plan",
            Self::Project => "project",
        }
    }

    /// For people.
    pub fn label(self) -> &'static str {
        match self {
            Self::Name => "Name",
            Self::Plan => "Plan",
            Self::Project => "Project",
        }
    }

    /// Unknown values fall back to the default rather than failing: URLs get hand-edited.
    pub fn parse(value: &str) -> Self {
        Self::ALL
            .into_iter()
            .find(|key| key.as_str() == value)
            .unwrap_or_default()
    }
}

/// The search text, the status shown (all when `None`) and the sort order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ListQuery {
    pub search: String,
    pub status: Option<Status>,
    /// The region shown (all when `None`).
    pub region: Option<String>,
    pub sort: SortKey,
}

/// A status by its value in the URL (`status=provisioning`); unknown values show every status.
pub fn status_from_slug(slug: &str) -> Option<Status> {
    Status::ALL.into_iter().find(|status| status.slug() == slug)
}

impl ListQuery {
    /// Reads `?q=...&status=...&sort=...` through a lookup of already-decoded query parameters.
    pub fn from_params(get: impl Fn(&str) -> Option<String>) -> Self {
        Self {
            search: get("q").unwrap_or_default(),
            status: get("status").and_then(|s| status_from_slug(&s)),
            region: get("region").filter(|r| !r.is_empty()),
            sort: get("sort").map(|s| SortKey::parse(&s)).unwrap_or_default(),
        }
    }

    /// The query string for this state, empty for the default view; defaults are left out so
    /// URLs stay short.
    pub fn to_query_string(&self) -> String {
        let mut parts = Vec::new();
        if !self.search.is_empty() {
            parts.push(format!("q={}", encode_query_value(&self.search)));
        }
        if let Some(status) = self.status {
            parts.push(format!("status={}", status.slug()));
        }
        if let Some(region) = &self.region {
            parts.push(format!("region={}", encode_query_value(region)));
        }
        if self.sort != SortKey::default() {
            parts.push(format!("sort={}", self.sort.as_str()));
        }
        if parts.is_empty() {
            String::new()
        } else {
            format!("?{}", parts.join("&"))
        }
    }
}

/// Project names by id, for showing and sorting.
pub type ProjectNames = HashMap<String, String>;

/// Plans by name (`postgresql-dr-starter-4096`): their place in the catalog and their name for
/// people (`Starter 4G`), for showing and sorting. Plans the catalog does not know show as
/// they are and sort after the known ones.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct PlanNames(HashMap<String, (i64, String)>);

impl PlanNames {
    /// From the catalog (`GET /v1/addon_providers`); a plan is also found by its id.
    pub fn from_providers(providers: &[AddonProvider]) -> Self {
        let mut names = HashMap::new();
        for plan in providers.iter().flat_map(|provider| provider.plans.iter()) {
            let known = (plan.position, plan.label().to_string());
            names.insert(plan.id.clone(), known.clone());
            names.insert(plan.name.clone(), known);
        }
        Self(names)
    }

    /// The plan's name for people, or the plan as the server gave it.
    pub fn label<'a>(&'a self, plan: &'a str) -> &'a str {
        self.0.get(plan).map_or(plan, |(_, label)| label.as_str())
    }

    /// Where the plan sorts: its catalog position, unknown plans last.
    fn rank(&self, plan: &str) -> i64 {
        self.0.get(plan).map_or(i64::MAX, |(position, _)| *position)
    }
}

/// What the list shows besides the databases themselves: names for projects and plans.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Names {
    pub projects: ProjectNames,
    pub plans: PlanNames,
}

/// Project names by id from the projects list.
pub fn project_names(projects: &[Project]) -> ProjectNames {
    projects
        .iter()
        .map(|p| (p.id.clone(), p.name.clone()))
        .collect()
}

/// The databases sorted once per sort order, with their names and ids lowered once into one
/// text, so that a keystroke in **Search** is a single scan of it. The rows are shared: a
/// keystroke hands the table the same rows again (pointer copies), so a row still shown is
/// known unchanged without comparing it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SortedList {
    rows: Vec<Arc<ListedDatabase>>,
    /// For each row, in order: its lower-case name, [`FIELD_END`], its lower-case id,
    /// [`FIELD_END`]. One searcher over it beats one per name and id (a searcher is set up per
    /// haystack: 20,000 set-ups per keystroke at 10,000 rows).
    haystack: String,
    /// Where each row's text starts in `haystack`, ascending.
    starts: Vec<usize>,
}

/// Ends a field in [`SortedList`]'s haystack. A control character: a search text holding one
/// matches nothing, so no match can run from one field into the next.
const FIELD_END: char = '\n';

impl SortedList {
    /// Sorted by the key, then by name so the order is stable: plans by their place in the
    /// catalog (Starter 4G before Starter 16G), projects by their names.
    pub fn new(databases: &[ListedDatabase], sort: SortKey, names: &Names) -> Self {
        let mut rows = databases.to_vec();
        let project_of = |db: &Database| {
            names
                .projects
                .get(&db.project_id)
                .cloned()
                .unwrap_or_else(|| db.project_id.clone())
        };
        match sort {
            SortKey::Name => rows.sort_by(|a, b| a.database.name.cmp(&b.database.name)),
            SortKey::Plan => rows.sort_by_cached_key(|row| {
                let db = &row.database;
                (names.plans.rank(&db.plan), db.plan.clone(), db.name.clone())
            }),
            SortKey::Project => rows
                .sort_by_cached_key(|row| (project_of(&row.database), row.database.name.clone())),
        }
        let mut haystack = String::with_capacity(
            rows.iter()
                .map(|row| row.database.name.len() + row.database.id.len() + 2)
                .sum(),
        );
        let mut starts = Vec::with_capacity(rows.len());
        for db in rows.iter().map(|row| &row.database) {
            starts.push(haystack.len());
            for field in [&db.name, &db.id] {
                // As the search text is lowered (`str::to_lowercase`, final sigma and all).
                haystack.push_str(&field.to_lowercase());
                haystack.push(FIELD_END);
            }
        }
        Self {
            rows: rows.into_iter().map(Arc::new).collect(),
            haystack,
            starts,
        }
    }

    /// The positions of the rows whose name or id contains the search text (case-insensitive,
    /// spaces around ignored), in sorted order.
    pub fn matching(&self, search: &str) -> Vec<usize> {
        let needle = search.trim().to_lowercase();
        if needle.is_empty() {
            return (0..self.rows.len()).collect();
        }
        if needle.contains(char::is_control) {
            return Vec::new();
        }
        let mut found: Vec<usize> = Vec::new();
        let mut from = 0;
        // One match per row is enough: after one, the search goes on from the next row's text
        // (a one-letter search would otherwise stop at every letter of every id).
        while let Some(at) = self
            .haystack
            .get(from..)
            .and_then(|rest| rest.find(needle.as_str()))
        {
            let offset = from + at;
            // The row whose text holds this offset: the last one starting at or before it.
            let row = self.starts.partition_point(|&start| start <= offset) - 1;
            found.push(row);
            match self.starts.get(row + 1) {
                Some(&next) => from = next,
                None => break,
            }
        }
        found
    }

    /// Of these positions, those whose status (as `status_of` reads it, polls included) is
    /// `wanted`; all of them without a filter.
    pub fn with_status(
        &self,
        positions: Vec<usize>,
        wanted: Option<Status>,
        status_of: impl Fn(&ListedDatabase) -> Status,
    ) -> Vec<usize> {
        match wanted {
            None => positions,
            Some(wanted) => positions
                .into_iter()
                .filter(|&index| {
                    self.rows
                        .get(index)
                        .is_some_and(|row| status_of(row) == wanted)
                })
                .collect(),
        }
    }

    /// Of these positions, those in the region `wanted`; all of them without a filter.
    pub fn in_region(&self, positions: Vec<usize>, wanted: Option<&str>) -> Vec<usize> {
        match wanted {
            None => positions,
            Some(wanted) => positions
                .into_iter()
                .filter(|&index| {
                    self.rows
                        .get(index)
                        .is_some_and(|row| row.region.as_deref() == Some(wanted))
                })
                .collect(),
        }
    }

    /// The rows at these positions.
    pub fn rows(&self, positions: &[usize]) -> Vec<Arc<ListedDatabase>> {
        positions
            .iter()
            .filter_map(|&index| self.rows.get(index).cloned())
            .collect()
    }
}

/// Rows drawn at first, and added by each **Show more**: the DOM stays small however large the
/// account, so the first rows appear and the search answers at once. 20 rows of 52 px fill a
/// 1080p screen (6 rows are in view at 1280×800, 3 cards on a phone). Drawing them is most of a
/// keystroke that replaces them all: 14 ms at 50 rows, 8.5 ms at 25, 6–9 ms at 20, with 10,000
/// databases (BENCHMARKS.md).
pub const PAGE_SIZE: usize = 20;

/// How many of `matching` rows to draw when `pages` pages are asked for (at least one).
pub fn rows_to_draw(matching: usize, pages: usize) -> usize {
    matching.min(pages.max(1).saturating_mul(PAGE_SIZE))
}

/// The **Show more** button's text, or `None` when every matching row is drawn.
pub fn show_more_label(matching: usize, drawn: usize) -> Option<String> {
    let hidden = matching.saturating_sub(drawn);
    (hidden > 0).then(|| {
        format!(
            "Show {} more ({} not shown)",
            hidden.min(PAGE_SIZE),
            group_thousands(hidden)
        )
    })
}

/// "1 database", "2 databases", or "3 of 10 databases" while a search hides some.
pub fn count_label(shown: usize, total: usize) -> String {
    let noun = |n: usize| if n == 1 { "database" } else { "databases" };
    if shown == total {
        format!("{} {}", group_thousands(total), noun(total))
    } else {
        format!(
            "{} of {} {}",
            group_thousands(shown),
            group_thousands(total),
            noun(total)
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::seed;

    fn params(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        move |key| map.get(key).cloned()
    }

    #[test]
    fn query_state_round_trips_through_the_url() {
        let query = ListQuery::from_params(params(&[("q", "back up"), ("sort", "plan")]));
        assert_eq!(
            query,
            ListQuery {
                search: "back up".into(),
                sort: SortKey::Plan,
                ..Default::default()
            }
        );
        assert_eq!(query.to_query_string(), "?q=back%20up&sort=plan");
        assert_eq!(ListQuery::default().to_query_string(), "");
        assert_eq!(
            ListQuery {
                search: "a&b=c".into(),
                ..Default::default()
            }
            .to_query_string(),
            "?q=a%26b%3Dc"
        );
    }

    #[test]
    fn unknown_sort_values_fall_back_to_name() {
        assert_eq!(
            ListQuery::from_params(params(&[("sort", "price")])).sort,
            SortKey::Name
        );
        assert_eq!(ListQuery::from_params(params(&[])), ListQuery::default());
    }

    #[test]
    fn search_matches_name_or_id_ignoring_case() {
        let dbs = seed::example_databases();
        let names = |q: &str| {
            let query = ListQuery {
                search: q.into(),
                ..Default::default()
            };
            visible_rows(&dbs, &query, &Names::default())
                .into_iter()
                .map(|d| d.name)
                .collect::<Vec<_>>()
        };
        assert_eq!(names(""), ["backup-db", "my-postgres-db"]);
        assert_eq!(names("POSTGRES"), ["my-postgres-db"]);
        assert_eq!(names("  backup "), ["backup-db"]);
        assert_eq!(names("d5030001"), ["backup-db"]);
        assert!(names("nothing").is_empty());
    }

    fn seeded_names() -> Names {
        Names {
            projects: project_names(&seed::projects()),
            plans: PlanNames::from_providers(&seed::addon_providers()),
        }
    }

    #[test]
    fn sorts_by_plan_and_by_project_name() {
        let mut dbs = seed::example_databases();
        dbs.push(Database {
            id: "c".into(),
            name: "zeta-db".into(),
            project_id: seed::OTHER_PROJECT_ID.into(),
            technology: "postgresql-dr".into(),
            plan: "postgresql-dr-business-4096".into(),
        });
        let names = |sort| {
            visible_rows(
                &dbs,
                &ListQuery {
                    sort,
                    ..Default::default()
                },
                &seeded_names(),
            )
            .into_iter()
            .map(|d| d.name)
            .collect::<Vec<_>>()
        };
        // Starter 4G comes before Business 4G in the catalog.
        assert_eq!(
            names(SortKey::Plan),
            ["my-postgres-db", "backup-db", "zeta-db"]
        );
        // "analytics" sorts before "default".
        assert_eq!(
            names(SortKey::Project),
            ["zeta-db", "backup-db", "my-postgres-db"]
        );
    }

    #[test]
    fn plans_sort_by_catalog_position_not_by_their_ids() {
        // By id, "business-16384" would come before "business-4096".
        let dbs: Vec<Database> = [
            ("a", "postgresql-dr-business-16384"),
            ("b", "postgresql-dr-business-4096"),
            ("c", "postgresql-dr-unknown-1"),
            ("d", "postgresql-dr-starter-8192"),
        ]
        .into_iter()
        .map(|(name, plan)| Database {
            plan: plan.into(),
            ..named(name, &format!("{name}-db-name"))
        })
        .collect();
        let sorted = SortedList::new(&rows(&dbs), SortKey::Plan, &seeded_names());
        let plans: Vec<String> = sorted
            .rows(&sorted.matching(""))
            .into_iter()
            .map(|r| r.database.plan.clone())
            .collect();
        assert_eq!(
            plans,
            [
                "postgresql-dr-starter-8192",
                "postgresql-dr-business-4096",
                "postgresql-dr-business-16384",
                "postgresql-dr-unknown-1"
            ]
        );
        let names = seeded_names();
        assert_eq!(
            names.plans.label("postgresql-dr-business-16384"),
            "Business 16G"
        );
        assert_eq!(
            names.plans.label("postgresql-dr-unknown-1"),
            "postgresql-dr-unknown-1"
        );
    }

    /// Rows of the list as the dashboard list gives them, with no app or addon.
    pub(super) fn rows(databases: &[Database]) -> Vec<ListedDatabase> {
        databases
            .iter()
            .map(|database| ListedDatabase {
                database: database.clone(),
                app: None,
                addon: None,
                status: Status::Unknown,
                region: None,
                plan_display_name: None,
            })
            .collect()
    }

    /// Every row a query shows, in order (the page draws them a page at a time).
    fn visible_rows(databases: &[Database], query: &ListQuery, names: &Names) -> Vec<Database> {
        let sorted = SortedList::new(&rows(databases), query.sort, names);
        let matching = sorted.matching(&query.search);
        let shown = sorted.with_status(matching, query.status, |row| row.status);
        sorted
            .rows(&shown)
            .into_iter()
            .map(|row| row.database.clone())
            .collect()
    }

    #[test]
    fn the_region_filter_lives_in_the_url_and_keeps_only_its_rows() {
        let query = ListQuery::from_params(params(&[("region", "osc-fr1"), ("sort", "plan")]));
        assert_eq!(query.region.as_deref(), Some("osc-fr1"));
        assert_eq!(query.to_query_string(), "?region=osc-fr1&sort=plan");
        let mut listed = rows(&seed::example_databases());
        listed[0].region = Some("osc-fr1".into());
        listed[1].region = Some("osc-secnum-fr1".into());
        let sorted = SortedList::new(&listed, SortKey::Name, &Names::default());
        let shown = sorted.in_region(sorted.matching(""), Some("osc-secnum-fr1"));
        assert_eq!(
            sorted
                .rows(&shown)
                .into_iter()
                .map(|r| r.database.name.clone())
                .collect::<Vec<_>>(),
            ["backup-db"]
        );
        assert_eq!(sorted.in_region(sorted.matching(""), None).len(), 2);
    }

    #[test]
    fn the_status_filter_lives_in_the_url_and_keeps_only_its_rows() {
        let query = ListQuery::from_params(params(&[("status", "provisioning"), ("q", "db")]));
        assert_eq!(query.status, Some(Status::Provisioning));
        assert_eq!(query.to_query_string(), "?q=db&status=provisioning");
        assert_eq!(
            ListQuery::from_params(params(&[("status", "sleeping")])).status,
            None
        );
        let mut listed = rows(&seed::example_databases());
        listed[0].status = Status::Provisioning;
        listed[1].status = Status::Running;
        let sorted = SortedList::new(&listed, SortKey::Name, &Names::default());
        let everything = sorted.matching("");
        let provisioning =
            sorted.with_status(everything.clone(), Some(Status::Provisioning), |r| r.status);
        assert_eq!(
            sorted
                .rows(&provisioning)
                .into_iter()
                .map(|r| r.database.name.clone())
                .collect::<Vec<_>>(),
            ["my-postgres-db"]
        );
        // A status refined by a poll counts, not the one the list came with.
        let refined = sorted.with_status(everything, Some(Status::Running), |_| Status::Running);
        assert_eq!(refined.len(), 2);
    }

    pub(super) fn named(id: &str, name: &str) -> Database {
        Database {
            id: id.into(),
            name: name.into(),
            project_id: String::new(),
            technology: String::new(),
            plan: String::new(),
        }
    }

    #[test]
    fn a_search_never_runs_from_one_field_or_row_into_the_next() {
        let dbs = [named("id-one", "name-one"), named("ONE-two", "one-and-one")];
        let sorted = SortedList::new(&rows(&dbs), SortKey::Name, &Names::default());
        // Row 0 is "name-one" (sorted by name); row 1 matches in its name twice and its id.
        assert_eq!(sorted.matching("one"), [0, 1]);
        assert_eq!(sorted.matching("one-two"), [1]);
        assert!(sorted.matching("oneid").is_empty());
        assert!(
            sorted.matching("one\nid").is_empty(),
            "a control character matches nothing"
        );
        assert!(sorted.matching("one\tone").is_empty());
    }

    #[test]
    fn a_sorted_list_answers_searches_in_sorted_order() {
        let store = model::Store::seeded_with(300);
        let sorted = SortedList::new(&rows(store.list()), SortKey::Plan, &Names::default());
        let all = sorted.matching("");
        assert_eq!(all.len(), 302);
        let drawn: Vec<Database> = sorted
            .rows(&all)
            .into_iter()
            .map(|r| r.database.clone())
            .collect();
        assert!(drawn
            .windows(2)
            .all(|w| (&w[0].plan, &w[0].name) <= (&w[1].plan, &w[1].name)));
        let amber = sorted.rows(&sorted.matching(" AMBER "));
        assert!(!amber.is_empty() && amber.iter().all(|r| r.database.name.contains("amber")));
        assert!(sorted.matching("no such thing").is_empty());
        assert_eq!(
            sorted.rows(&[0, 99_999]).len(),
            1,
            "unknown positions are skipped"
        );
    }

    #[test]
    fn long_lists_are_drawn_a_page_at_a_time() {
        assert_eq!(rows_to_draw(2, 1), 2);
        assert_eq!(rows_to_draw(10_002, 1), 20);
        assert_eq!(rows_to_draw(10_002, 2), 40);
        assert_eq!(rows_to_draw(50, 3), 50);
        assert_eq!(rows_to_draw(120, 0), 20, "at least one page");
        assert_eq!(rows_to_draw(5, usize::MAX), 5);
        assert_eq!(
            show_more_label(10_002, 20).as_deref(),
            Some("Show 20 more (9,982 not shown)")
        );
        assert_eq!(
            show_more_label(120, 105).as_deref(),
            Some("Show 15 more (15 not shown)")
        );
        assert_eq!(show_more_label(120, 120), None);
    }

    #[test]
    fn counts_read_naturally() {
        assert_eq!(count_label(10_002, 10_002), "10,002 databases");
        assert_eq!(count_label(2, 2), "2 databases");
        assert_eq!(count_label(1, 1), "1 database");
        assert_eq!(count_label(0, 0), "0 databases");
        assert_eq!(count_label(1, 2), "1 of 2 databases");
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod properties {
    use super::*;

    proptest::proptest! {
        /// The one-scan search finds exactly the rows a per-row `contains` finds, in order.
        #[test]
        fn the_single_scan_equals_a_scan_per_row(
            fields in proptest::collection::vec(("[a-cA-CΣσς\\-\n]{0,6}", "[a-c0-9Σ]{0,4}"), 0..12),
            search in "[ a-cA-CΣσς\\-\n]{0,3}",
        ) {
            let dbs: Vec<Database> = fields
                .into_iter()
                .map(|(name, id)| super::tests::named(&id, &name))
                .collect();
            let sorted = SortedList::new(&super::tests::rows(&dbs), SortKey::Name, &Names::default());
            let needle = search.trim().to_lowercase();
            let expected: Vec<usize> = sorted
                .rows
                .iter()
                .enumerate()
                .filter(|(_, db)| {
                    needle.is_empty()
                        || (!needle.contains(char::is_control)
                            && (db.database.name.to_lowercase().contains(&needle)
                                || db.database.id.to_lowercase().contains(&needle)))
                })
                .map(|(index, _)| index)
                .collect();
            proptest::prop_assert_eq!(sorted.matching(&search), expected);
        }
    }
}
