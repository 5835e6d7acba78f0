//! Property tests: the name and CIDR rules agree with plain reference implementations, decoding
//! and the HTTP replies never panic on any input, and the store keeps its invariants over random
//! sequences of operations and time steps. Case counts: `PROPTEST_CASES` (256 by default here;
//! `make fuzz` runs many more).

// Tests: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

use model::lifecycle::{AddonStatus, DbaasStatus, Timings};
use model::reply::{self, dispatch};
use model::store::MAX_FIREWALL_RULES;
use model::{cidr, validate_name, Database, DatabasesEnvelope, NewDatabase, Plan, Store};
use proptest::prelude::*;
use std::collections::{HashMap, HashSet};
use std::net::Ipv4Addr;

/// Some instant after the seeded examples were created (2026-03-01T00:00:00Z).
const NOW: u64 = 1_772_323_200_000;

/// The spec's sentence, read literally: 6 to 48 characters, each a lower-case ASCII letter, a
/// digit or a hyphen.
fn reference_rule(name: &str) -> bool {
    let count = name.chars().count();
    (6..=48).contains(&count)
        && name
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// "An IPv4 CIDR", built from the standard library: an address `Ipv4Addr` parses (four decimal
/// numbers 0 to 255, no sign, no leading zero), a `/`, and a prefix 0 to 32 in plain digits
/// without a leading zero; the network is the address masked by the prefix.
fn reference_cidr(text: &str) -> Option<(Ipv4Addr, u8)> {
    let (address, prefix) = text.split_once('/')?;
    let address: Ipv4Addr = address.parse().ok()?;
    let plain = !prefix.is_empty()
        && prefix.len() <= 2
        && prefix.bytes().all(|b| b.is_ascii_digit())
        && (prefix == "0" || !prefix.starts_with('0'));
    let prefix: u8 = prefix.parse().ok().filter(|p| plain && *p <= 32)?;
    let mask = u32::MAX.checked_shl(32 - u32::from(prefix)).unwrap_or(0);
    Some((Ipv4Addr::from(u32::from(address) & mask), prefix))
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

/// Ranges as people type them: valid ones, near misses, and anything at all.
fn cidr_like() -> impl Strategy<Value = String> {
    prop_oneof![
        (any::<u32>(), 0u8..=40).prop_map(|(a, p)| format!("{}/{p}", Ipv4Addr::from(a))),
        "[0-9]{1,4}\\.[0-9]{1,4}\\.[0-9]{1,4}\\.[0-9]{1,4}(/[0-9]{0,3})?",
        "0{0,2}[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}\\.[0-9]{1,3}/0{0,2}[0-9]{1,2}",
        "[0-9./+ :x-]{0,24}",
        any::<String>(),
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

/// One step of a database's life, or of time. `db` picks among the databases there are.
#[derive(Clone, Debug)]
enum Life {
    Create {
        name: String,
        plan: usize,
    },
    Rename {
        db: usize,
        name: String,
    },
    Move {
        db: usize,
        project: usize,
    },
    ChangePlan {
        db: usize,
        plan: usize,
    },
    AddRule {
        db: usize,
        rule: Rule,
    },
    /// Many distinct custom rules at once, to reach the limit.
    AddRules {
        db: usize,
        count: usize,
    },
    RemoveRule {
        db: usize,
        rule: usize,
    },
    Delete {
        db: usize,
        confirm: bool,
    },
    Advance(u64),
    SetTimings {
        provision_ms: u64,
        update_ms: u64,
    },
}

#[derive(Clone, Debug)]
enum Rule {
    Custom(String),
    Managed(usize),
}

fn life() -> impl Strategy<Value = Life> {
    let db = 0usize..64;
    prop_oneof![
        3 => ("[a-z][a-z0-9-]{5,12}", 0usize..10).prop_map(|(name, plan)| Life::Create { name, plan }),
        1 => (db.clone(), name_like()).prop_map(|(db, name)| Life::Rename { db, name }),
        1 => (db.clone(), 0usize..3).prop_map(|(db, project)| Life::Move { db, project }),
        3 => (db.clone(), 0usize..10).prop_map(|(db, plan)| Life::ChangePlan { db, plan }),
        3 => (db.clone(), prop_oneof![
                cidr_like().prop_map(Rule::Custom),
                (0usize..3).prop_map(Rule::Managed),
            ]).prop_map(|(db, rule)| Life::AddRule { db, rule }),
        1 => (db.clone(), 1usize..40).prop_map(|(db, count)| Life::AddRules { db, count }),
        1 => (db.clone(), 0usize..40).prop_map(|(db, rule)| Life::RemoveRule { db, rule }),
        1 => (db.clone(), any::<bool>()).prop_map(|(db, confirm)| Life::Delete { db, confirm }),
        4 => (0u64..3_000).prop_map(Life::Advance),
        1 => (0u64..4_000, 0u64..4_000)
            .prop_map(|(provision_ms, update_ms)| Life::SetTimings { provision_ms, update_ms }),
    ]
}

/// The statuses a database shows at one instant: its addon's and its DBaaS record's (`None`
/// while not listed / not found).
type Seen = (Option<AddonStatus>, Option<DbaasStatus>);

fn seen(store: &Store, db: &Database, now: u64) -> Seen {
    let addon = store
        .addons(&db.id, now)
        .unwrap()
        .first()
        .map(|addon| addon.status);
    let dbaas = store
        .dbaas(store.addon_id(&db.id).unwrap(), now)
        .map(|record| record.status);
    (addon, dbaas)
}

/// The allowed moves: not listed → provisioning / creating → running, running → updating →
/// running (a step of time may cross several edges at once, never go back).
fn allowed(before: Seen, after: Seen) -> bool {
    use AddonStatus as A;
    use DbaasStatus as D;
    let addon = matches!(
        (before.0, after.0),
        (None, None | Some(A::Provisioning | A::Running))
            | (Some(A::Provisioning), Some(A::Provisioning | A::Running))
            | (Some(A::Running), Some(A::Running))
    );
    let dbaas = matches!(
        (before.1, after.1),
        (None, None | Some(D::Creating | D::Running))
            | (Some(D::Creating), Some(D::Creating | D::Running))
            | (Some(D::Running), Some(D::Running | D::Updating))
            | (Some(D::Updating), Some(D::Updating | D::Running))
    );
    // The two move together: the addon is listed exactly when the record is found, and the
    // addon is running exactly when the record is past creating.
    let together = after.0.is_some() == after.1.is_some()
        && (after.0 == Some(A::Running)) == matches!(after.1, Some(D::Running | D::Updating));
    addon && dbaas && together
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn the_name_rule_agrees_with_the_reference(name in name_like()) {
        prop_assert_eq!(validate_name(&name).is_ok(), reference_rule(&name), "{:?}", name);
    }

    #[test]
    fn the_cidr_rule_agrees_with_the_reference(text in cidr_like()) {
        let checked = cidr::check(&text);
        let expected = reference_cidr(&text);
        prop_assert_eq!(
            checked.as_ref().ok().map(|c| (c.network(), c.prefix())),
            expected,
            "{:?} → {:?}", text, checked
        );
        match checked {
            Ok(range) => {
                // Normalising is idempotent, and says whether it changed anything.
                let kept = range.to_string();
                let again = cidr::check(&kept).unwrap();
                prop_assert_eq!(again, cidr::check(&kept).unwrap());
                prop_assert_eq!(again.to_string(), kept.clone());
                prop_assert!(!again.had_host_bits());
                prop_assert_eq!(range.had_host_bits(), kept != text);
                prop_assert_eq!(range.admits_everyone(), range.prefix() == 0);
            }
            Err(error) => {
                let sentence = error.to_string();
                prop_assert!(sentence.ends_with('.') && sentence.len() > 20, "{}", sentence);
            }
        }
    }

    #[test]
    fn any_bytes_as_a_create_body_get_an_answer(body in proptest::collection::vec(any::<u8>(), 0..256)) {
        let mut store = Store::seeded();
        let reply = reply::create(&mut store, &body, NOW);
        prop_assert!([201, 400, 422].contains(&reply.status), "{}", reply.status);
        prop_assert!(serde_json::from_str::<serde_json::Value>(&reply.body).is_ok());
    }

    #[test]
    fn any_request_gets_an_answer(
        method in "GET|POST|PUT|DELETE|PATCH",
        path in "(/v1/(databases|projects|addon_providers|apps)(/[a-zA-Z0-9%._~-]{0,20}){0,4}(\\?[a-z_=&%+0-9-]{0,20})?)|(/api/(databases|firewall)(/(ad-2c3708ee-e4a1-4fe8-a4b0-793b36416794|[a-z_%]{0,20})){0,3})|(/v1/apps/(my-postgres-db|backup-db)/(rename|addons|variables|addons/ad-97fe3f10-ed53-4459-8e40-bb41985562d1(/token)?)(\\?current_name=[a-z-]{0,16})?)|(.{0,40})",
        body in ".{0,80}",
    ) {
        let mut store = Store::seeded();
        let reply = dispatch(&mut store, &method, &path, body.as_bytes(), NOW);
        prop_assert!((200..600).contains(&reply.status));
        if reply.status == 204 {
            prop_assert!(reply.body.is_empty());
        } else {
            prop_assert!(serde_json::from_str::<serde_json::Value>(&reply.body).is_ok(), "{}", reply.body);
        }
    }

    #[test]
    fn decoding_any_text_is_a_value_or_an_error(text in ".{0,200}") {
        let _ = serde_json::from_str::<DatabasesEnvelope>(&text);
        let _ = serde_json::from_str::<Database>(&text);
        let _ = serde_json::from_str::<Plan>(&text);
        let _ = serde_json::from_str::<model::lifecycle::DashboardEnvelope>(&text);
        let _ = serde_json::from_str::<model::lifecycle::DbaasEnvelope>(&text);
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
                    match store.create(input, NOW) {
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

    #[test]
    fn the_lifecycle_keeps_its_invariants(steps in proptest::collection::vec(life(), 1..80)) {
        let mut store = Store::seeded();
        store.set_timings(Timings { provision_ms: 2_000, update_ms: 1_000 });
        let plans: Vec<String> = store.plans("postgresql-dr").unwrap().iter().map(|p| p.name.clone()).collect();
        let projects: Vec<String> = store.projects().iter().map(|p| p.id.clone()).collect();
        let ranges: Vec<String> = store.managed_ranges().iter().map(|r| r.id.clone()).collect();
        let mut now = NOW;
        let mut statuses: HashMap<String, Seen> = store
            .list()
            .iter()
            .map(|db| (db.id.clone(), seen(&store, db, now)))
            .collect();
        let mut deleted: Vec<(Database, String)> = Vec::new();
        let dispatch_at = |store: &mut Store, now: u64, method: &str, path: String, body: String| {
            dispatch(store, method, &path, body.as_bytes(), now)
        };

        for step in steps {
            let pick = |store: &Store, index: usize| {
                let list = store.list();
                (!list.is_empty()).then(|| list[index % list.len()].clone())
            };
            match step {
                Life::Create { name, plan } => {
                    let body = serde_json::json!({"database": {
                        "name": name, "technology": "postgresql-dr", "plan": plans[plan % plans.len()]}});
                    let reply = dispatch_at(&mut store, now, "POST", "/v1/databases".into(), body.to_string());
                    prop_assert!([201, 422].contains(&reply.status), "{:?}", reply);
                }
                Life::Rename { db, name } => {
                    if let Some(db) = pick(&store, db) {
                        let taken = store.get(&name).is_some();
                        let body = serde_json::json!({"current_name": db.name, "new_name": name});
                        let reply = dispatch_at(&mut store, now, "POST", format!("/v1/apps/{}/rename", db.id), body.to_string());
                        let expect_ok = validate_name(&name).is_ok() && !taken;
                        prop_assert_eq!(reply.status == 200, expect_ok, "{:?} → {:?}: {:?}", db.name, name, reply);
                        if expect_ok {
                            prop_assert_eq!(store.get(&name).map(|d| &d.id), Some(&db.id));
                            prop_assert!(name == db.name || store.get(&db.name).is_none());
                        } else {
                            prop_assert_eq!(reply.status, 422);
                        }
                    }
                }
                Life::Move { db, project } => {
                    if let Some(db) = pick(&store, db) {
                        let project = projects.get(project).cloned().unwrap_or_else(|| "pr-nope".into());
                        let body = serde_json::json!({"app": {"project_id": project}});
                        let reply = dispatch_at(&mut store, now, "PATCH", format!("/v1/apps/{}", db.name), body.to_string());
                        prop_assert_eq!(reply.status == 200, projects.contains(&project));
                        if reply.status == 200 {
                            prop_assert_eq!(&store.get(&db.id).unwrap().project_id, &project);
                        }
                    }
                }
                Life::ChangePlan { db, plan } => {
                    if let Some(db) = pick(&store, db) {
                        let addon = store.addon_id(&db.id).unwrap().to_string();
                        let target = &plans[plan % plans.len()];
                        let before = seen(&store, &db, now);
                        let body = serde_json::json!({"addon": {"plan_id": target}});
                        let reply = dispatch_at(&mut store, now, "PATCH", format!("/v1/apps/{}/addons/{addon}", db.id), body.to_string());
                        match reply.status {
                            200 => {
                                prop_assert_eq!(before.1, Some(DbaasStatus::Running));
                                prop_assert_eq!(&store.get(&db.id).unwrap().plan, target);
                            }
                            404 => prop_assert_eq!(before.1, None),
                            409 => prop_assert!(matches!(before.1, Some(DbaasStatus::Creating | DbaasStatus::Updating))),
                            422 => prop_assert_eq!(&store.get(&db.id).unwrap().plan, &db.plan),
                            other => prop_assert!(false, "status {}", other),
                        }
                    }
                }
                Life::AddRule { db, rule } => {
                    if let Some(db) = pick(&store, db) {
                        let addon = store.addon_id(&db.id).unwrap().to_string();
                        let body = match rule {
                            Rule::Custom(cidr) => serde_json::json!({"firewall_rule": {"type": "custom_range", "cidr": cidr, "label": "x"}}),
                            Rule::Managed(i) => serde_json::json!({"firewall_rule": {"type": "managed_range",
                                "range_id": ranges.get(i).cloned().unwrap_or_else(|| "mr-nope".into())}}),
                        };
                        let reply = dispatch_at(&mut store, now, "POST", format!("/api/databases/{addon}/firewall_rules"), body.to_string());
                        prop_assert!([201, 404, 422].contains(&reply.status), "{:?}", reply);
                    }
                }
                Life::AddRules { db, count } => {
                    if let Some(db) = pick(&store, db) {
                        let addon = store.addon_id(&db.id).unwrap().to_string();
                        for n in 0..count {
                            let body = serde_json::json!({"type": "custom_range", "cidr": format!("10.{n}.0.0/16")});
                            let before = store.firewall_rules(&addon, now).map(<[_]>::len);
                            let reply = dispatch_at(&mut store, now, "POST", format!("/api/databases/{addon}/firewall_rules"), body.to_string());
                            match before {
                                None => prop_assert_eq!(reply.status, 404),
                                Some(len) if len >= MAX_FIREWALL_RULES => prop_assert_eq!(reply.status, 422),
                                Some(_) => prop_assert!([201, 422].contains(&reply.status)),
                            }
                        }
                    }
                }
                Life::RemoveRule { db, rule } => {
                    if let Some(db) = pick(&store, db) {
                        let addon = store.addon_id(&db.id).unwrap().to_string();
                        let rule_id = store
                            .firewall_rules(&addon, now)
                            .and_then(|rules| (!rules.is_empty()).then(|| rules[rule % rules.len()].id.clone()))
                            .unwrap_or_else(|| "nope".into());
                        let before = store.firewall_rules(&addon, now).map(<[_]>::len);
                        let reply = dispatch_at(&mut store, now, "DELETE", format!("/api/databases/{addon}/firewall_rules/{rule_id}"), String::new());
                        match before {
                            Some(len) if len > 0 => {
                                prop_assert_eq!(reply.status, 204);
                                prop_assert_eq!(store.firewall_rules(&addon, now).unwrap().len(), len - 1);
                            }
                            _ => prop_assert_eq!(reply.status, 404),
                        }
                    }
                }
                Life::Delete { db, confirm } => {
                    if let Some(db) = pick(&store, db) {
                        let addon = store.addon_id(&db.id).unwrap().to_string();
                        let name = if confirm { db.name.clone() } else { format!("{}x", db.name) };
                        let reply = dispatch_at(&mut store, now, "DELETE", format!("/v1/apps/{}?current_name={name}", db.id), String::new());
                        if confirm {
                            prop_assert_eq!(reply.status, 204);
                            deleted.push((db, addon));
                        } else {
                            prop_assert_eq!(reply.status, 400);
                        }
                    }
                }
                Life::Advance(ms) => now += ms,
                Life::SetTimings { provision_ms, update_ms } => store.set_timings(Timings { provision_ms, update_ms }),
            }

            // Ids unique; every database found by id and by name; names valid and unique.
            let list = store.list().to_vec();
            let ids: HashSet<_> = list.iter().map(|d| &d.id).collect();
            let names: HashSet<_> = list.iter().map(|d| &d.name).collect();
            let addons: HashSet<_> = list.iter().map(|d| store.addon_id(&d.id).unwrap().to_string()).collect();
            prop_assert_eq!(ids.len(), list.len(), "ids are unique");
            prop_assert_eq!(names.len(), list.len(), "names are unique");
            prop_assert_eq!(addons.len(), list.len(), "addon ids are unique");
            for db in &list {
                prop_assert_eq!(store.get(&db.id), Some(db));
                prop_assert_eq!(store.get(&db.name), Some(db));
                prop_assert!(validate_name(&db.name).is_ok(), "{:?}", db.name);
                prop_assert!(!ids.contains(&db.name) || db.name == db.id, "a name is another's id");
                let addon = store.addon_id(&db.id).unwrap();
                prop_assert_eq!(store.database_of_addon(addon), Some(db));
                if let Some(rules) = store.firewall_rules(addon, now) {
                    prop_assert!(rules.len() <= MAX_FIREWALL_RULES);
                    let rule_ids: HashSet<_> = rules.iter().map(|r| &r.id).collect();
                    prop_assert_eq!(rule_ids.len(), rules.len());
                }
                // Statuses only move forward.
                let now_seen = seen(&store, db, now);
                let before = statuses.get(&db.id).copied().unwrap_or((None, None));
                prop_assert!(allowed(before, now_seen), "{}: {:?} → {:?}", db.name, before, now_seen);
                statuses.insert(db.id.clone(), now_seen);
            }
            // Nothing is left behind a deleted database.
            for (db, addon) in &deleted {
                prop_assert!(store.get(&db.id).is_none_or(|d| d.id != db.id));
                prop_assert!(store.database_of_addon(addon).is_none());
                prop_assert!(store.dbaas(addon, now).is_none());
                prop_assert!(store.firewall_rules(addon, now).is_none());
                prop_assert!(store.endpoints(&db.id).is_none());
                prop_assert!(store.variables(&db.id).is_none());
                prop_assert!(store.addons(&db.id, now).is_none());
                let reply = dispatch_at(&mut store, now, "GET", format!("/api/databases/{addon}/firewall_rules"), String::new());
                prop_assert_eq!(reply.status, 404);
            }
        }
        // A store saved now and loaded later carries on.
        let back: Store = serde_json::from_str(&serde_json::to_string(&store).unwrap()).unwrap();
        prop_assert_eq!(&back, &store);
        store.settle(now);
        for db in store.list() {
            prop_assert_eq!(seen(&store, db, now), (Some(AddonStatus::Running), Some(DbaasStatus::Running)));
        }
    }
}
