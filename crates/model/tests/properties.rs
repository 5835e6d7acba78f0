//! Property tests: the name rule agrees with a plain reference implementation, decoding and the
//! HTTP replies never panic on any input, and the store keeps its invariants over random
//! sequences of operations. Case counts: `PROPTEST_CASES` (256 by default here; `make fuzz`
//! runs many more).

// Tests: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

use model::reply::{self, dispatch};
use model::{validate_name, Database, DatabasesEnvelope, NewDatabase, Plan, Store};
use proptest::prelude::*;
use std::collections::HashSet;

/// The spec's sentence, read literally: 6 to 48 characters, each a lower-case ASCII letter, a
/// digit or a hyphen.
fn reference_rule(name: &str) -> bool {
    let count = name.chars().count();
    (6..=48).contains(&count)
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: std::env::var("PROPTEST_CASES")
            .ok()
            .and_then(|v| v.parse().ok())
            .unwrap_or(256),
        ..ProptestConfig::default()
    }
}

/// Names near the rule's edges: mostly valid characters, sometimes not, lengths around 6 and 48.
fn name_like() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z0-9-]{0,60}",
        "[a-zA-Z0-9_ .é-]{0,60}",
        any::<String>(),
        "[a-z]{5,7}",
        "[a-z0-9]{47,49}",
    ]
}

#[derive(Clone, Debug)]
enum Op {
    Create {
        name: String,
        plan: usize,
        project: Option<usize>,
    },
    Get(String),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        3 => (name_like(), 0usize..12, proptest::option::of(0usize..3))
            .prop_map(|(name, plan, project)| Op::Create { name, plan, project }),
        1 => name_like().prop_map(Op::Get),
    ]
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn the_name_rule_agrees_with_the_reference(name in name_like()) {
        prop_assert_eq!(validate_name(&name).is_ok(), reference_rule(&name), "{:?}", name);
    }

    #[test]
    fn any_bytes_as_a_create_body_get_an_answer(body in proptest::collection::vec(any::<u8>(), 0..256)) {
        let mut store = Store::seeded();
        let reply = reply::create(&mut store, &body);
        prop_assert!([201, 400, 422].contains(&reply.status), "{}", reply.status);
        prop_assert!(serde_json::from_str::<serde_json::Value>(&reply.body).is_ok());
    }

    #[test]
    fn any_request_gets_an_answer(method in "GET|POST|PUT|DELETE|PATCH", path in "(/v1/(databases|projects|addon_providers)(/[a-zA-Z0-9%._~-]{0,20}){0,3})|(.{0,40})", body in ".{0,80}") {
        let mut store = Store::seeded();
        let reply = dispatch(&mut store, &method, &path, body.as_bytes());
        prop_assert!((200..600).contains(&reply.status));
    }

    #[test]
    fn decoding_any_text_is_a_value_or_an_error(text in ".{0,200}") {
        let _ = serde_json::from_str::<DatabasesEnvelope>(&text);
        let _ = serde_json::from_str::<Database>(&text);
        let _ = serde_json::from_str::<Plan>(&text);
    }

    #[test]
    fn the_store_keeps_its_invariants(ops in proptest::collection::vec(op(), 1..60)) {
        let mut store = Store::seeded();
        let plans: Vec<String> = store.plans("postgresql-dr").unwrap().iter().map(|p| p.name.clone()).collect();
        let projects: Vec<String> = store.projects().iter().map(|p| p.id.clone()).collect();
        let mut created = Vec::new();
        for op in ops {
            match op {
                Op::Create { name, plan, project } => {
                    let before = store.list().len();
                    let input = NewDatabase {
                        name: name.clone(),
                        technology: "postgresql-dr".into(),
                        plan: plans.get(plan).cloned().unwrap_or_else(|| "no-such-plan".into()),
                        project_id: project.map(|i| projects.get(i).cloned().unwrap_or_else(|| "pr-nope".into())),
                    };
                    let taken = store.get(&name).is_some();
                    match store.create(input) {
                        Ok(db) => {
                            prop_assert!(validate_name(&name).is_ok());
                            prop_assert!(!taken, "created a taken name {:?}", name);
                            prop_assert_eq!(store.list().len(), before + 1);
                            created.push(db);
                        }
                        Err(errors) => {
                            prop_assert!(!errors.is_empty());
                            prop_assert_eq!(store.list().len(), before, "nothing is created on error");
                        }
                    }
                }
                Op::Get(key) => {
                    if let Some(db) = store.get(&key) {
                        prop_assert!(db.id == key || db.name == key);
                    }
                }
            }
            let ids: HashSet<_> = store.list().iter().map(|d| &d.id).collect();
            let names: HashSet<_> = store.list().iter().map(|d| &d.name).collect();
            prop_assert_eq!(ids.len(), store.list().len(), "ids are unique");
            prop_assert_eq!(names.len(), store.list().len(), "names are unique");
        }
        for db in &created {
            prop_assert_eq!(store.get(&db.id), Some(db));
            prop_assert_eq!(store.get(&db.name), Some(db));
        }
        // And the store survives being persisted, as the demo does.
        let back: Store = serde_json::from_str(&serde_json::to_string(&store).unwrap()).unwrap();
        prop_assert_eq!(back, store);
    }
}
