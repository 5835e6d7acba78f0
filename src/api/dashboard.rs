//! `GET /v1/databases?dashboard=true` read the quick way: the list is the biggest answer the
//! console reads (about 1.4 KB an item with its app and addon, 14 MB at 10,000 databases), and
//! reading it through a `serde_json::Value` tree, then copying each item into its types, took
//! most of the time to the first row and about 100 MiB of wasm memory at 10,000 (BENCHMARKS.md).
//!
//! Here the body is split into items without building anything (`RawValue`: spans of the body),
//! and each item is read straight into its types. An item this way cannot read — any field of a
//! type the types do not take, a `null` where they want a value, a duplicated key — is read again
//! by [`ListedDatabase::read`], the lenient reader, so the result is always the lenient reader's
//! (a property test below holds the two to the same answer); an envelope this way cannot read
//! sends the whole body there.

use std::borrow::Cow;
use std::fmt;

use model::lifecycle::{Addon, App};
use serde::de::{self, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::value::RawValue;
use serde_json::Value;

use crate::api::types::{CoreFields, Listed, ListedDatabase};

/// The list's items, as spans of a body in one of the list's shapes (`{"databases": [...]}`,
/// `{"apps": [...]}`, a bare array); `None` when the body is not one of them (the lenient reader
/// then says why).
pub fn read_quickly(body: &str) -> Option<Listed<ListedDatabase>> {
    let items = if body.trim_start().starts_with('[') {
        serde_json::from_str::<Vec<&RawValue>>(body).ok()?
    } else {
        let envelope: Envelope<'_> = serde_json::from_str(body).ok()?;
        envelope.databases.or(envelope.apps)?
    };
    let read: Vec<ListedDatabase> = items.iter().filter_map(|item| read_item(item)).collect();
    Some(Listed {
        skipped: items.len() - read.len(),
        items: read,
    })
}

/// One item: quickly when its shape allows, else by the lenient reader; `None` when it has no
/// id and name either way.
fn read_item(item: &RawValue) -> Option<ListedDatabase> {
    match quick_item(item) {
        Some(read) => read,
        None => ListedDatabase::read(&serde_json::from_str::<Value>(item.get()).ok()?),
    }
}

/// The item straight into its types, as [`ListedDatabase::read`] would read it; the outer
/// `None` when this way cannot say (the lenient reader then reads it). The item's own database
/// and addon are read in the pass that finds them (each byte of a usual item is read twice in
/// all: once to cut it out of the list, once here, the app once more); the app's own parts only
/// when the item lacks one.
fn quick_item(item: &RawValue) -> Option<Option<ListedDatabase>> {
    let parts: Item<'_> = serde_json::from_str(item.get()).ok()?;
    let app_raw = object(parts.app);
    let nested: Parts<'_> = match app_raw {
        Some(app) if parts.database.is_none() || parts.addon.is_none() => {
            serde_json::from_str(app.get()).ok()?
        }
        _ => Parts::default(),
    };
    let app = match app_raw {
        Some(raw) => Some(serde_json::from_str::<App>(raw.get()).ok()?),
        None => None,
    };
    let addon = match parts.addon {
        Some(Object(addon)) => Some(addon),
        None => match object(nested.addon) {
            Some(raw) => Some(serde_json::from_str::<Addon>(raw.get()).ok()?),
            None => None,
        },
    };
    let core = match parts.database {
        Some(Object(core)) => core,
        None => {
            let core_raw = object(nested.database).unwrap_or(item);
            serde_json::from_str::<Core<'_>>(core_raw.get()).ok()?
        }
    };
    Some(ListedDatabase::assemble(core.fields(), app, addon))
}

/// The span when it is a JSON object (the lenient reader ignores a part that is not one).
fn object(raw: Option<&RawValue>) -> Option<&RawValue> {
    raw.filter(|raw| raw.get().trim_start().starts_with('{'))
}

#[derive(Deserialize)]
struct Envelope<'a> {
    #[serde(borrow, default)]
    databases: Option<Vec<&'a RawValue>>,
    #[serde(borrow, default)]
    apps: Option<Vec<&'a RawValue>>,
}

/// An item's parts: its database and addon read as they come (a part that is `null` or absent is
/// `None`; one that is not an object fails the quick way, as the lenient reader ignores it and
/// may then find it in the app), its app as a span.
#[derive(Deserialize)]
struct Item<'a> {
    #[serde(borrow, default)]
    database: Option<Object<Core<'a>>>,
    #[serde(borrow, default)]
    app: Option<&'a RawValue>,
    #[serde(default)]
    addon: Option<Object<Addon>>,
}

/// A value read only from a JSON object: serde's derived readers also take an array, its
/// elements as the fields in order, which the lenient reader never does.
struct Object<T>(T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Object<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ObjectVisitor<T>(std::marker::PhantomData<T>);

        impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectVisitor<T> {
            type Value = Object<T>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a JSON object")
            }

            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Self::Value, A::Error> {
                T::deserialize(de::value::MapAccessDeserializer::new(map)).map(Object)
            }
        }

        deserializer.deserialize_map(ObjectVisitor(std::marker::PhantomData))
    }
}

/// The parts of an app, where the addon and database may be nested.
#[derive(Default, Deserialize)]
struct Parts<'a> {
    #[serde(borrow, default)]
    database: Option<&'a RawValue>,
    #[serde(borrow, default)]
    addon: Option<&'a RawValue>,
}

/// The database object's fields the list reads.
#[derive(Deserialize)]
struct Core<'a> {
    #[serde(borrow, default)]
    id: Option<Loose<'a>>,
    #[serde(borrow, default)]
    name: Option<Loose<'a>>,
    #[serde(borrow, default)]
    project_id: Option<Loose<'a>>,
    #[serde(borrow, default)]
    project: Option<Loose<'a>>,
    #[serde(borrow, default)]
    technology: Option<Loose<'a>>,
    #[serde(borrow, default)]
    plan: Option<Loose<'a>>,
    #[serde(borrow, default)]
    region: Option<Loose<'a>>,
}

impl Core<'_> {
    fn fields(self) -> CoreFields {
        let text = |field: &Option<Loose<'_>>| field.as_ref().and_then(Loose::text);
        CoreFields {
            id: text(&self.id),
            name: text(&self.name),
            project_id: text(&self.project_id)
                .or_else(|| self.project.as_ref().and_then(Loose::inner_id)),
            technology: text(&self.technology),
            plan: text(&self.plan).or_else(|| self.plan.as_ref().and_then(Loose::inner_name)),
            region: text(&self.region),
        }
    }
}

/// A field read as the lenient reader's `text` reads it: a string or an integer is a text, an
/// object keeps its `id` and `name` texts (a plan, a project), anything else is nothing. A
/// float fails (its text could differ from `serde_json`'s), so the lenient reader reads it.
enum Loose<'a> {
    Text(Cow<'a, str>),
    Object {
        id: Option<Cow<'a, str>>,
        name: Option<Cow<'a, str>>,
    },
    Other,
}

impl Loose<'_> {
    /// A non-blank text.
    fn text(&self) -> Option<String> {
        match self {
            Self::Text(text) if !text.trim().is_empty() => Some(text.to_string()),
            _ => None,
        }
    }

    fn inner_id(&self) -> Option<String> {
        match self {
            Self::Object { id, .. } => nonblank(id),
            _ => None,
        }
    }

    fn inner_name(&self) -> Option<String> {
        match self {
            Self::Object { name, .. } => nonblank(name),
            _ => None,
        }
    }
}

fn nonblank(text: &Option<Cow<'_, str>>) -> Option<String> {
    text.as_deref()
        .filter(|t| !t.trim().is_empty())
        .map(str::to_string)
}

impl<'de: 'a, 'a> Deserialize<'de> for Loose<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LooseVisitor)
    }
}

struct LooseVisitor;

impl<'de> Visitor<'de> for LooseVisitor {
    type Value = Loose<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Self::Value, E> {
        Ok(Loose::Text(Cow::Borrowed(text)))
    }

    fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
        Ok(Loose::Text(Cow::Owned(text.to_string())))
    }

    fn visit_string<E: de::Error>(self, text: String) -> Result<Self::Value, E> {
        Ok(Loose::Text(Cow::Owned(text)))
    }

    fn visit_u64<E: de::Error>(self, number: u64) -> Result<Self::Value, E> {
        Ok(Loose::Text(Cow::Owned(number.to_string())))
    }

    fn visit_i64<E: de::Error>(self, number: i64) -> Result<Self::Value, E> {
        Ok(Loose::Text(Cow::Owned(number.to_string())))
    }

    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
        Err(E::custom("a float is left to the lenient reader"))
    }

    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
        Ok(Loose::Other)
    }

    fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
        Ok(Loose::Other)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Loose::Other)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let (mut id, mut name) = (None, None);
        // A key given twice counts once, its last value, as in a `serde_json::Value`.
        while let Some(key) = map.next_key::<Cow<'de, str>>()? {
            let slot = match key.as_ref() {
                "id" => &mut id,
                "name" => &mut name,
                _ => {
                    map.next_value::<IgnoredAny>()?;
                    continue;
                }
            };
            *slot = match map.next_value::<Option<Loose<'de>>>()? {
                Some(Loose::Text(text)) => Some(text),
                _ => None,
            };
        }
        Ok(Loose::Object { id, name })
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const APP: &str = r#"{"id":"69403a514dc53ce1acf80d25","uuid":"ap-8f0b","name":"my-dedicated-database",
        "parent_app_id":null,"region":"osc-fr1","status":"running","created_at":"2026-01-08T10:00:00.000Z",
        "hds_resource":false,"project":{"id":"pr-82a3","name":"default"},
        "owner":{"id":"us-1","email":"a@example.test","username":"alice","flags":{"x":true}},
        "dedicated_database":true}"#;
    const ADDON: &str = r#"{"id":"ad-2c37","app_id":"69403a514dc53ce1acf80d25","resource_id":"r-1",
        "addon_provider":{"id":"postgresql-ng","name":"PostgreSQL DR","logo_url":null},
        "plan":{"id":"pl-1","name":"postgresql-dr-starter-4096","display_name":"Starter 4G","price":0,
                "description":"<p>4 GB</p>","position":1,"hds_available":false},
        "provisioned_at":"2026-01-08T10:20:00.000Z","deprovisioned_at":null,"status":"running","hds_resource":false}"#;
    const DATABASE: &str = r#"{"id":"69403a514dc53ce1acf80d25","name":"my-dedicated-database",
        "project_id":"pr-82a3","technology":"postgresql-ng","plan":"postgresql-dr-starter-4096"}"#;

    fn lenient(item: &str) -> Option<ListedDatabase> {
        ListedDatabase::read(&serde_json::from_str::<Value>(item).ok()?)
    }

    fn raw(item: &str) -> Box<RawValue> {
        RawValue::from_string(item.to_string()).expect("the test item is JSON")
    }

    #[test]
    fn the_usual_item_is_read_the_quick_way_and_as_the_lenient_reader_reads_it() {
        for item in [
            format!(r#"{{"database":{DATABASE},"app":{APP},"addon":{ADDON}}}"#),
            format!(r#"{{"app":{APP},"addon":{ADDON}}}"#),
            DATABASE.to_string(),
            APP.to_string(),
        ] {
            let quick = quick_item(&raw(&item));
            assert!(quick.is_some(), "not the quick way: {item}");
            assert_eq!(quick.unwrap(), lenient(&item), "{item}");
        }
    }

    #[test]
    fn what_the_quick_way_cannot_read_goes_to_the_lenient_reader() {
        let with_null_status = ADDON.replace(r#""status":"running""#, r#""status":null"#);
        let odd = [
            // A null where the types want a value, a plan that is only a name, a float id.
            format!(r#"{{"database":{DATABASE},"addon":{with_null_status}}}"#),
            format!(
                r#"{{"database":{DATABASE},"addon":{{"id":"ad-1","plan":"postgresql-dr-starter-4096"}}}}"#
            ),
            r#"{"id":1.5,"name":"float-id"}"#.to_string(),
            r#"{"id":"a","id":"b","name":"twice"}"#.to_string(),
        ];
        for item in odd {
            assert_eq!(quick_item(&raw(&item)), None, "{item}");
            assert_eq!(read_item(&raw(&item)), lenient(&item), "{item}");
        }
        assert!(read_item(&raw(r#"{"id":"a","name":"twice","name":"again"}"#)).is_some());
    }

    #[test]
    fn a_part_that_is_not_an_object_is_read_as_the_lenient_reader_reads_it() {
        // Serde's derived readers take an array as the fields in order: `["x", "y"]` would be a
        // database with id "x" and name "y", where the lenient reader ignores the part.
        let app_with_parts = APP.replacen(
            '{',
            &format!(r#"{{"addon":{ADDON},"database":{DATABASE},"#),
            1,
        );
        for item in [
            format!(r#"{{"database":["x","y"],"app":{APP},"addon":{ADDON}}}"#),
            r#"{"database":["x","y"],"id":"db-1","name":"itself"}"#.to_string(),
            format!(r#"{{"database":{DATABASE},"app":{APP},"addon":["ad-9",{{}}]}}"#),
            format!(r#"{{"database":"db-1","app":{app_with_parts},"addon":7}}"#),
            format!(r#"{{"database":null,"app":{app_with_parts},"addon":null}}"#),
            format!(r#"{{"app":{app_with_parts}}}"#),
        ] {
            let read = read_item(&raw(&item));
            assert!(read.is_some(), "{item}");
            assert_eq!(read, lenient(&item), "{item}");
        }
    }

    #[test]
    fn the_shapes_of_the_envelope() {
        let item = format!(r#"{{"database":{DATABASE},"app":{APP},"addon":{ADDON}}}"#);
        for body in [
            format!(r#"{{"databases":[{item},42,null]}}"#),
            format!(r#"  [{item},42,null]"#),
            format!(r#"{{"databases":null,"apps":[{item},42,null],"meta":{{}}}}"#),
        ] {
            let listed = read_quickly(&body).unwrap();
            assert_eq!((listed.items.len(), listed.skipped), (1, 2), "{body}");
        }
        for body in [
            r#"{"databases":{"test":"value"}}"#,
            "{}",
            "<html>",
            r#"{"databases":[1,"#,
        ] {
            assert_eq!(read_quickly(body), None, "{body}");
        }
    }

    fn config() -> ProptestConfig {
        ProptestConfig {
            cases: std::env::var("PROPTEST_CASES")
                .ok()
                .and_then(|v| v.parse().ok())
                .unwrap_or(512),
            ..ProptestConfig::default()
        }
    }

    /// A JSON value of the kinds answers hold, fixtures included.
    fn value() -> impl Strategy<Value = String> {
        let leaf = prop_oneof![
            Just(r#""db-1""#.to_string()),
            Just(r#""  ""#.to_string()),
            Just(r#""""#.to_string()),
            Just(r#""caf\u00e9 \"quoted\"""#.to_string()),
            Just("42".to_string()),
            Just("-7".to_string()),
            Just("1.5".to_string()),
            Just("null".to_string()),
            Just("true".to_string()),
            Just("[1,{\"id\":\"x\"}]".to_string()),
            Just(r#"{"id":"pr-1","name":"postgresql-dr-starter-4096"}"#.to_string()),
            Just(r#"{"id":7,"name":null}"#.to_string()),
            Just(r#"{"id":{"id":"deep"},"name":" "}"#.to_string()),
            Just(APP.to_string()),
            Just(ADDON.to_string()),
            Just(DATABASE.to_string()),
            Just(ADDON.replace(r#""status":"running""#, r#""status":"exploding""#)),
            Just(ADDON.replace(r#""hds_resource":false}"#, r#""hds_resource":null}"#)),
            Just(APP.replace(r#""name":"my-dedicated-database""#, r#""name":"""#)),
            Just(APP.replacen(
                '{',
                &format!(r#"{{"addon":{ADDON},"database":{DATABASE},"#),
                1
            )),
            Just(
                r#"{"id":"ad-1","status":"provisioning","plan":{"id":"p","name":"n"}}"#.to_string()
            ),
        ];
        leaf.prop_recursive(2, 24, 6, |inner| {
            proptest::collection::vec((key(), inner), 0..6).prop_map(|fields| object_of(&fields))
        })
    }

    fn key() -> impl Strategy<Value = &'static str> {
        prop_oneof![
            Just("database"),
            Just("app"),
            Just("addon"),
            Just("id"),
            Just("name"),
            Just("project_id"),
            Just("project"),
            Just("technology"),
            Just("plan"),
            Just("region"),
            Just("other"),
        ]
    }

    fn object_of(fields: &[(&str, String)]) -> String {
        let inner: Vec<String> = fields
            .iter()
            .map(|(k, v)| format!(r#""{k}":{v}"#))
            .collect();
        format!("{{{}}}", inner.join(","))
    }

    proptest! {
        #![proptest_config(config())]

        /// Whatever the item, the quick way gives the lenient reader's answer.
        #[test]
        fn the_quick_way_reads_as_the_lenient_reader(fields in proptest::collection::vec((key(), value()), 0..8)) {
            let item = object_of(&fields);
            prop_assert_eq!(read_item(&raw(&item)), lenient(&item), "{}", item);
        }

        /// The same for a whole list: the items, and how many were skipped.
        #[test]
        fn a_list_reads_as_the_lenient_reader(items in proptest::collection::vec(value(), 0..6)) {
            let body = format!(r#"{{"databases":[{}]}}"#, items.join(","));
            let quick = read_quickly(&body).unwrap();
            let root: Value = serde_json::from_str(&body).unwrap();
            let all = root["databases"].as_array().unwrap();
            let slow: Vec<ListedDatabase> = all.iter().filter_map(ListedDatabase::read).collect();
            prop_assert_eq!(quick.skipped, all.len() - slow.len());
            prop_assert_eq!(quick.items, slow);
        }
    }
}
