//! An in-memory store with the contract's semantics. The dev API server serves it over HTTP and
//! the console's demo runs it in the browser, so both behave exactly alike.

use crate::name::validate_name;
use crate::seed;
use crate::types::{AddonProvider, Database, FieldErrors, NewDatabase, Plan, Project};
use serde::{Deserialize, Serialize};

/// The spec's first example id, as a number: new ids count up from it, so they look like the
/// real API's 24-hex-digit ids and the examples keep theirs.
const ID_BASE: u128 = 0x5410_0930_736f_7563_d503_0000;

/// Databases, projects and the plans catalog, with the rules of `POST /v1/databases`.
///
/// Invariants (kept by [`Store::create`], the only way in): ids are unique, names are unique, and
/// no name equals another database's id, so every database is found by its id and by its name.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Store {
    databases: Vec<Database>,
    projects: Vec<Project>,
    providers: Vec<AddonProvider>,
    /// The next id to try, as an offset from [`ID_BASE`].
    next_serial: u64,
}

impl Default for Store {
    fn default() -> Self {
        Self::seeded()
    }
}

impl Store {
    /// The spec's two example databases, the two projects and the `postgresql-dr` plans.
    pub fn seeded() -> Self {
        let databases = seed::example_databases();
        Self {
            next_serial: databases.len() as u64,
            databases,
            projects: seed::projects(),
            providers: seed::addon_providers(),
        }
    }

    /// The projects and plans, and no database at all.
    pub fn empty() -> Self {
        Self {
            databases: Vec::new(),
            ..Self::seeded()
        }
    }

    /// [`Store::seeded`] plus `count` generated databases spread over plans and projects, for
    /// large lists.
    pub fn seeded_with(count: usize) -> Self {
        let mut store = Self::seeded();
        let plans: Vec<String> = store
            .plans(seed::TECHNOLOGY)
            .unwrap_or_default()
            .iter()
            .filter(|plan| !plan.disabled)
            .map(|plan| plan.name.clone())
            .collect();
        let projects: Vec<String> = store.projects.iter().map(|p| p.id.clone()).collect();
        store.databases.reserve(count);
        for n in 0..count {
            let id = store.fresh_id();
            store.databases.push(Database {
                id,
                name: seed::generated_name(n),
                project_id: projects[n % projects.len()].clone(),
                technology: seed::TECHNOLOGY.into(),
                plan: plans[(n / 3) % plans.len()].clone(),
            });
        }
        store
    }

    /// Every database, oldest first.
    pub fn list(&self) -> &[Database] {
        &self.databases
    }

    /// The database with this id, or else with this name (the spec's `[:database]` parameter).
    pub fn get(&self, id_or_name: &str) -> Option<&Database> {
        self.databases
            .iter()
            .find(|db| db.id == id_or_name)
            .or_else(|| self.databases.iter().find(|db| db.name == id_or_name))
    }

    /// The projects, the default one among them.
    pub fn projects(&self) -> &[Project] {
        &self.projects
    }

    /// The project databases go to when none is given.
    pub fn default_project(&self) -> Option<&Project> {
        self.projects.iter().find(|p| p.default)
    }

    /// The addon providers catalog.
    pub fn providers(&self) -> &[AddonProvider] {
        &self.providers
    }

    /// The plans of one provider, or `None` when there is no such provider.
    pub fn plans(&self, provider_id: &str) -> Option<&[Plan]> {
        self.providers
            .iter()
            .find(|p| p.id == provider_id)
            .map(|p| p.plans.as_slice())
    }

    /// Creates a database, or says what is wrong with each field (the body of a 422 answer).
    ///
    /// An empty or missing `project_id` means the default project, as the spec says.
    pub fn create(&mut self, input: NewDatabase) -> Result<Database, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut fail = |field: &str, message: String| {
            errors.entry(field.to_string()).or_default().push(message);
        };

        if input.name.is_empty() {
            fail("name", "can't be blank".into());
        } else if let Err(rule) = validate_name(&input.name) {
            fail("name", rule.to_string());
        } else if self.get(&input.name).is_some() {
            fail("name", "has already been taken".into());
        }

        if input.technology.is_empty() {
            fail("technology", "can't be blank".into());
        } else if input.technology != seed::TECHNOLOGY {
            fail(
                "technology",
                format!("is not supported: only {} is", seed::TECHNOLOGY),
            );
        }

        if input.plan.is_empty() {
            fail("plan", "can't be blank".into());
        } else if input.technology == seed::TECHNOLOGY {
            let plans = self.plans(seed::TECHNOLOGY).unwrap_or_default();
            match plans
                .iter()
                .find(|p| p.name == input.plan || p.id == input.plan)
            {
                None => fail("plan", format!("is not a plan of {}", seed::TECHNOLOGY)),
                Some(plan) if plan.disabled => fail("plan", "is not available anymore".into()),
                Some(_) => {}
            }
        }

        let project_id = match input.project_id.as_deref() {
            None | Some("") => self.default_project().map(|p| p.id.clone()),
            Some(id) if self.projects.iter().any(|p| p.id == id) => Some(id.to_string()),
            Some(_) => {
                fail("project_id", "is not one of your projects".into());
                None
            }
        };
        if project_id.is_none() && !errors.contains_key("project_id") {
            errors.insert(
                "project_id".into(),
                vec!["no default project to use".into()],
            );
        }

        if !errors.is_empty() {
            return Err(errors);
        }
        // The plan may have been given by id: store its name, as the API shows it.
        let plan = self
            .plans(seed::TECHNOLOGY)
            .unwrap_or_default()
            .iter()
            .find(|p| p.name == input.plan || p.id == input.plan)
            .map_or(input.plan, |p| p.name.clone());
        let database = Database {
            id: self.fresh_id(),
            name: input.name,
            project_id: project_id.unwrap_or_default(),
            technology: input.technology,
            plan,
        };
        self.databases.push(database.clone());
        Ok(database)
    }

    /// A 24-hex-digit id that is neither an id nor a name in the store.
    fn fresh_id(&mut self) -> String {
        loop {
            let id = format!("{:024x}", ID_BASE + u128::from(self.next_serial));
            self.next_serial += 1;
            if self.get(&id).is_none() {
                return id;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn new_db(name: &str) -> NewDatabase {
        NewDatabase {
            name: name.into(),
            technology: "postgresql-dr".into(),
            plan: "postgresql-dr-starter-4096".into(),
            project_id: None,
        }
    }

    #[test]
    fn seeded_with_the_spec_examples() {
        let store = Store::seeded();
        let names: Vec<_> = store.list().iter().map(|d| d.name.as_str()).collect();
        assert_eq!(names, ["my-postgres-db", "backup-db"]);
        assert_eq!(store.list(), seed::example_databases().as_slice());
    }

    #[test]
    fn an_empty_store_still_creates() {
        let mut store = Store::empty();
        assert!(store.list().is_empty());
        let db = store.create(new_db("first-one")).unwrap();
        assert_eq!(store.list(), [db]);
    }

    #[test]
    fn get_by_id_or_by_name() {
        let store = Store::seeded();
        assert_eq!(
            store.get("54100930736f7563d5030001").unwrap().name,
            "backup-db"
        );
        assert_eq!(
            store.get("my-postgres-db").unwrap().id,
            "54100930736f7563d5030000"
        );
        assert!(store.get("nothing-here").is_none());
    }

    #[test]
    fn create_assigns_a_new_id_and_the_default_project() {
        let mut store = Store::seeded();
        let db = store.create(new_db("orders-db")).unwrap();
        assert_eq!(db.id, "54100930736f7563d5030002");
        assert_eq!(db.project_id, seed::DEFAULT_PROJECT_ID);
        assert_eq!(store.get("orders-db"), Some(&db));
        assert_eq!(store.get(&db.id), Some(&db));
        assert_eq!(store.list().len(), 3);
    }

    #[test]
    fn create_in_another_project() {
        let mut store = Store::seeded();
        let mut input = new_db("analytics-db");
        input.project_id = Some(seed::OTHER_PROJECT_ID.into());
        assert_eq!(
            store.create(input).unwrap().project_id,
            seed::OTHER_PROJECT_ID
        );
    }

    #[test]
    fn create_accepts_a_plan_id_and_stores_its_name() {
        let mut store = Store::seeded();
        let plan = store.plans("postgresql-dr").unwrap()[1].clone();
        let mut input = new_db("by-plan-id");
        input.plan = plan.id;
        assert_eq!(store.create(input).unwrap().plan, plan.name);
    }

    #[test]
    fn create_refuses_each_bad_field() {
        let mut store = Store::seeded();
        let errors = store
            .create(NewDatabase {
                name: "Bad_Name".into(),
                technology: "mysql".into(),
                plan: "postgresql-dr-starter-4096".into(),
                project_id: Some("pr-unknown".into()),
            })
            .unwrap_err();
        assert_eq!(
            errors.keys().collect::<Vec<_>>(),
            ["name", "project_id", "technology"]
        );
        assert!(errors["name"][0].contains("lower case"));

        let errors = store.create(NewDatabase::default()).unwrap_err();
        assert_eq!(errors["name"], ["can't be blank"]);
        assert_eq!(errors["technology"], ["can't be blank"]);
        assert_eq!(errors["plan"], ["can't be blank"]);
        assert_eq!(store.list().len(), 2, "nothing is created on error");
    }

    #[test]
    fn create_refuses_unknown_and_disabled_plans() {
        let mut store = Store::seeded();
        let mut input = new_db("plan-check");
        input.plan = "postgresql-dr-huge-1".into();
        assert_eq!(
            store.create(input.clone()).unwrap_err()["plan"],
            ["is not a plan of postgresql-dr"]
        );
        input.plan = "postgresql-dr-enterprise-16384".into();
        assert_eq!(
            store.create(input).unwrap_err()["plan"],
            ["is not available anymore"]
        );
    }

    #[test]
    fn names_are_unique_and_never_an_existing_id() {
        let mut store = Store::seeded();
        assert_eq!(
            store.create(new_db("backup-db")).unwrap_err()["name"],
            ["has already been taken"]
        );
        assert_eq!(
            store
                .create(new_db("54100930736f7563d5030000"))
                .unwrap_err()["name"],
            ["has already been taken"]
        );
    }

    #[test]
    fn fresh_ids_skip_a_name_that_looks_like_the_next_id() {
        let mut store = Store::seeded();
        let hex_named = store.create(new_db("54100930736f7563d5030003")).unwrap();
        assert_eq!(hex_named.id, "54100930736f7563d5030002");
        let db = store.create(new_db("next-one")).unwrap();
        assert_eq!(
            db.id, "54100930736f7563d5030004",
            "…0003 is taken as a name"
        );
        assert_eq!(store.get("54100930736f7563d5030003"), Some(&hex_named));
    }

    #[test]
    fn seeded_with_generates_valid_unique_databases() {
        let store = Store::seeded_with(1000);
        assert_eq!(store.list().len(), 1002);
        let mut ids: Vec<_> = store.list().iter().map(|d| &d.id).collect();
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 1002);
        assert!(store.list().iter().all(|d| validate_name(&d.name).is_ok()));
        assert!(store.list().iter().all(|d| store.get(&d.name) == Some(d)));
    }

    #[test]
    fn the_store_survives_a_json_round_trip() {
        let mut store = Store::seeded();
        store.create(new_db("persisted")).unwrap();
        let text = serde_json::to_string(&store).unwrap();
        let mut back: Store = serde_json::from_str(&text).unwrap();
        assert_eq!(back, store);
        assert_eq!(
            back.create(new_db("after-reload")).unwrap().id,
            "54100930736f7563d5030003"
        );
    }
}
