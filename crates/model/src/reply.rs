//! The contract's answers as HTTP status + JSON body, without any HTTP library, so the dev API
//! server and the console's in-browser demo give byte-for-byte the same answers.

use crate::store::Store;
use crate::types::{
    AddonProvidersEnvelope, DatabaseEnvelope, DatabasesEnvelope, ErrorBody, NewDatabase,
    PlansEnvelope, ProjectsEnvelope, ValidationErrorBody,
};
use serde::Serialize;
use serde_json::Value;

/// An HTTP answer: a status code and a JSON body.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reply {
    pub status: u16,
    pub body: String,
}

impl Reply {
    fn json(status: u16, value: &impl Serialize) -> Self {
        // Serializing these plain structs cannot fail: no maps with non-string keys, no floats
        // that are NaN (prices are finite constants).
        let body = serde_json::to_string(value).unwrap_or_else(|_| String::from("{}"));
        Self { status, body }
    }

    /// `{"error": message}` with the given status.
    pub fn error(status: u16, message: &str) -> Self {
        Self::json(
            status,
            &ErrorBody {
                error: message.into(),
                url: None,
                code: None,
            },
        )
    }
}

/// The message of a 404 for a database, exactly as the spec gives it.
pub const DATABASE_NOT_FOUND: &str = "Database not found";

/// 401, for a request without the right bearer token.
pub fn unauthorized() -> Reply {
    Reply::error(
        401,
        "You are not authenticated: a valid bearer token is required",
    )
}

/// `GET /v1/databases`.
pub fn list(store: &Store) -> Reply {
    Reply::json(
        200,
        &DatabasesEnvelope {
            databases: store.list().to_vec(),
        },
    )
}

/// `GET /v1/databases/{id or name}`.
pub fn get(store: &Store, id_or_name: &str) -> Reply {
    match store.get(id_or_name) {
        Some(db) => Reply::json(
            200,
            &DatabaseEnvelope {
                database: db.clone(),
            },
        ),
        None => Reply::error(404, DATABASE_NOT_FOUND),
    }
}

/// `POST /v1/databases`, from the raw request body.
///
/// Malformed JSON is a 400; anything that parses but is not a valid database is a 422 with
/// messages per field. Like the real API (Rails parameter wrapping), the `database` wrapper may
/// be left out.
pub fn create(store: &mut Store, body: &[u8]) -> Reply {
    let value: Value = match serde_json::from_slice(body) {
        Ok(value) => value,
        Err(error) => {
            return Reply::error(
                400,
                &format!("There was a problem in the JSON you submitted: {error}"),
            )
        }
    };
    let Some(fields) = value.get("database").unwrap_or(&value).as_object() else {
        return validation("database", "must be an object");
    };
    let text = |key: &str| -> Result<Option<String>, Reply> {
        match fields.get(key) {
            None | Some(Value::Null) => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(validation(key, "must be a string")),
        }
    };
    let input = match (|| {
        Ok::<_, Reply>(NewDatabase {
            name: text("name")?.unwrap_or_default(),
            technology: text("technology")?.unwrap_or_default(),
            plan: text("plan")?.unwrap_or_default(),
            project_id: text("project_id")?,
        })
    })() {
        Ok(input) => input,
        Err(reply) => return reply,
    };
    match store.create(input) {
        Ok(database) => Reply::json(201, &DatabaseEnvelope { database }),
        Err(errors) => Reply::json(422, &ValidationErrorBody { errors }),
    }
}

fn validation(field: &str, message: &str) -> Reply {
    let mut body = ValidationErrorBody::default();
    body.errors.insert(field.into(), vec![message.into()]);
    Reply::json(422, &body)
}

/// `GET /v1/addon_providers`.
pub fn addon_providers(store: &Store) -> Reply {
    Reply::json(
        200,
        &AddonProvidersEnvelope {
            addon_providers: store.providers().to_vec(),
        },
    )
}

/// `GET /v1/addon_providers/{id}/plans`.
pub fn plans(store: &Store, provider_id: &str) -> Reply {
    match store.plans(provider_id) {
        Some(plans) => Reply::json(
            200,
            &PlansEnvelope {
                plans: plans.to_vec(),
            },
        ),
        None => Reply::error(404, "Addon provider not found"),
    }
}

/// `GET /v1/projects`.
pub fn projects(store: &Store) -> Reply {
    Reply::json(
        200,
        &ProjectsEnvelope {
            projects: store.projects().to_vec(),
        },
    )
}

/// Decodes `%XX` escapes in a path segment; `None` when they do not form UTF-8.
fn decode_segment(segment: &str) -> Option<String> {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Answers one request of the contract, routed by method and path (with or without a query),
/// as devapi's routes do. Authentication is the caller's business.
pub fn dispatch(store: &mut Store, method: &str, path: &str, body: &[u8]) -> Reply {
    let path = path.split(['?', '#']).next().unwrap_or_default();
    let segments: Vec<&str> = path.trim_matches('/').split('/').collect();
    match (method, segments.as_slice()) {
        ("GET", ["v1", "databases"]) => list(store),
        ("POST", ["v1", "databases"]) => create(store, body),
        ("GET", ["v1", "databases", key]) => match decode_segment(key) {
            Some(key) => get(store, &key),
            None => Reply::error(404, DATABASE_NOT_FOUND),
        },
        ("GET", ["v1", "projects"]) => projects(store),
        ("GET", ["v1", "addon_providers"]) => addon_providers(store),
        ("GET", ["v1", "addon_providers", provider, "plans"]) => {
            plans(store, &decode_segment(provider).unwrap_or_default())
        }
        (_, ["v1", "databases"] | ["v1", "databases", _] | ["v1", "projects"]) => {
            Reply::error(405, "Method not allowed")
        }
        _ => Reply::error(404, "Not found"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn json(reply: &Reply) -> Value {
        serde_json::from_str(&reply.body).unwrap()
    }

    #[test]
    fn list_is_the_spec_example() {
        let reply = list(&Store::seeded());
        assert_eq!(reply.status, 200);
        let expected: Value = serde_json::from_str(
            r#"{"databases":[
              {"id":"54100930736f7563d5030000","name":"my-postgres-db",
               "project_id":"pr-82a3cac5-9b25-473e-b33d-6272b87e636f",
               "technology":"postgresql-dr","plan":"postgresql-dr-starter-4096"},
              {"id":"54100930736f7563d5030001","name":"backup-db",
               "project_id":"pr-82a3cac5-9b25-473e-b33d-6272b87e636f",
               "technology":"postgresql-dr","plan":"postgresql-dr-business-4096"}]}"#,
        )
        .unwrap();
        assert_eq!(json(&reply), expected);
    }

    #[test]
    fn get_answers_404_with_the_spec_body() {
        let reply = get(&Store::seeded(), "nope-nope");
        assert_eq!(reply.status, 404);
        assert_eq!(reply.body, r#"{"error":"Database not found"}"#);
    }

    #[test]
    fn create_wrapped_and_unwrapped() {
        let mut store = Store::seeded();
        let reply = create(
            &mut store,
            br#"{"database":{"name":"wrapped-db","technology":"postgresql-dr","plan":"postgresql-dr-starter-4096"}}"#,
        );
        assert_eq!(reply.status, 201);
        assert_eq!(json(&reply)["database"]["name"], "wrapped-db");
        let reply = create(
            &mut store,
            br#"{"name":"bare-db","technology":"postgresql-dr","plan":"postgresql-dr-starter-4096","project_id":null}"#,
        );
        assert_eq!(reply.status, 201);
    }

    #[test]
    fn create_malformed_json_is_400() {
        let reply = create(&mut Store::seeded(), b"{\"database\": ");
        assert_eq!(reply.status, 400);
        assert!(json(&reply)["error"]
            .as_str()
            .unwrap()
            .starts_with("There was a problem"));
    }

    #[test]
    fn create_wrong_shapes_are_422() {
        let mut store = Store::seeded();
        let reply = create(&mut store, b"[1,2]");
        assert_eq!(reply.status, 422);
        assert_eq!(json(&reply)["errors"]["database"][0], "must be an object");
        let reply = create(&mut store, br#"{"database":{"name":42}}"#);
        assert_eq!(reply.status, 422);
        assert_eq!(json(&reply)["errors"]["name"][0], "must be a string");
    }

    #[test]
    fn create_taken_name_is_422_at_name() {
        let reply = create(
            &mut Store::seeded(),
            br#"{"database":{"name":"backup-db","technology":"postgresql-dr","plan":"postgresql-dr-starter-4096"}}"#,
        );
        assert_eq!(reply.status, 422);
        assert_eq!(
            reply.body,
            r#"{"errors":{"name":["has already been taken"]}}"#
        );
    }

    #[test]
    fn dispatch_routes_like_devapi() {
        let mut store = Store::seeded();
        assert_eq!(
            dispatch(&mut store, "GET", "/v1/databases", b""),
            list(&store)
        );
        assert_eq!(
            dispatch(&mut store, "GET", "/v1/databases?x=1", b"").status,
            200
        );
        assert_eq!(
            dispatch(&mut store, "GET", "/v1/databases/backup-db", b"").status,
            200
        );
        assert_eq!(
            dispatch(
                &mut store,
                "GET",
                "/v1/databases/54100930736f7563d5030000",
                b""
            )
            .status,
            200
        );
        assert_eq!(
            dispatch(&mut store, "GET", "/v1/databases/nope%20nope", b"").status,
            404
        );
        assert_eq!(
            dispatch(&mut store, "GET", "/v1/databases/%ZZ", b"").status,
            404
        );
        assert_eq!(
            dispatch(&mut store, "GET", "/v1/databases/%", b"").status,
            404
        );
        assert_eq!(dispatch(&mut store, "GET", "/v1/projects", b"").status, 200);
        assert_eq!(
            dispatch(&mut store, "GET", "/v1/addon_providers", b"").status,
            200
        );
        assert_eq!(
            dispatch(
                &mut store,
                "GET",
                "/v1/addon_providers/postgresql-dr/plans",
                b""
            )
            .status,
            200
        );
        assert_eq!(
            dispatch(&mut store, "DELETE", "/v1/databases/backup-db", b"").status,
            405
        );
        assert_eq!(
            dispatch(&mut store, "GET", "/v2/elsewhere", b"").status,
            404
        );
        let created = dispatch(
            &mut store,
            "POST",
            "/v1/databases",
            br#"{"database":{"name":"via-dispatch","technology":"postgresql-dr","plan":"postgresql-dr-starter-4096"}}"#,
        );
        assert_eq!(created.status, 201);
        assert_eq!(
            dispatch(&mut store, "GET", "/v1/databases/via-dispatch", b"").status,
            200
        );
    }

    #[test]
    fn catalog_and_projects() {
        let store = Store::seeded();
        let providers = json(&addon_providers(&store));
        assert_eq!(providers["addon_providers"][0]["id"], "postgresql-dr");
        assert_eq!(
            providers["addon_providers"][0]["plans"]
                .as_array()
                .unwrap()
                .len(),
            9
        );
        assert_eq!(plans(&store, "postgresql-dr").status, 200);
        assert_eq!(plans(&store, "mysql").status, 404);
        assert_eq!(json(&projects(&store))["projects"][0]["default"], true);
        assert_eq!(unauthorized().status, 401);
    }
}
