//! What stands behind a database, over real HTTP on a loopback port: the dashboard list, apps,
//! addons, the Database API (`/api/...`), endpoints, variables, firewall rules, plan changes,
//! rename, move, delete, addon tokens, each with its errors; the state machine over short
//! durations; the minimal-answers mode; the `/__dev` routes that set state.

// Tests: a failed unwrap is a failed test, with its location.
#![allow(clippy::unwrap_used)]

mod common;
use common::{send, start};

use model::lifecycle::Timings;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use std::time::Duration;

const TOKEN: &str = "life-token";
const FIRST_ADDON: &str = "ad-2c3708ee-e4a1-4fe8-a4b0-793b36416794";
const SECOND_ADDON: &str = "ad-97fe3f10-ed53-4459-8e40-bb41985562d1";
const FIRST_ID: &str = "54100930736f7563d5030000";

async fn server_with(timings: Timings) -> String {
    start(devapi::Config {
        token: TOKEN.into(),
        timings,
        ..Default::default()
    })
    .await
}

/// A server whose transitions take a minute: whatever a test sees, it sees for long enough.
async fn server() -> String {
    server_with(Timings {
        provision_ms: 60_000,
        update_ms: 60_000,
    })
    .await
}

/// `method path` with the test token and an optional JSON body: status and JSON body (`null`
/// for an empty one).
async fn call(base: &str, method: Method, path: &str, body: Option<Value>) -> (StatusCode, Value) {
    let (status, _, text) = send(
        method,
        format!("{base}{path}"),
        Some(TOKEN),
        body.map(|b| b.to_string()),
    )
    .await;
    let value = if text.is_empty() {
        Value::Null
    } else {
        serde_json::from_str(&text).unwrap_or_else(|_| panic!("not JSON: {text}"))
    };
    (status, value)
}

async fn get(base: &str, path: &str) -> (StatusCode, Value) {
    call(base, Method::GET, path, None).await
}

async fn dev(base: &str, path: &str, body: Value) -> (StatusCode, Value) {
    call(base, Method::POST, &format!("/__dev/{path}"), Some(body)).await
}

/// Creates `name` (Starter 4G) and gives its id and its addon id (read back once listed).
async fn create(base: &str, name: &str) -> String {
    let (status, body) = call(
        base,
        Method::POST,
        "/v1/databases",
        Some(
            json!({"database": {"name": name, "technology": "postgresql-dr",
                                 "plan": "postgresql-dr-starter-4096"}}),
        ),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    body["database"]["id"].as_str().unwrap().to_string()
}

fn not_found(resource: &str) -> Value {
    json!({"resource": resource, "error": "not found"})
}

#[tokio::test]
async fn the_dashboard_list_and_the_plain_list() {
    let base = server().await;
    let (status, body) = get(&base, "/v1/databases?dashboard=true").await;
    assert_eq!(status, StatusCode::OK);
    let items = body["databases"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    let item = &items[0];
    assert_eq!(
        item["database"],
        json!({"id": FIRST_ID, "name": "my-postgres-db",
               "project_id": "pr-82a3cac5-9b25-473e-b33d-6272b87e636f",
               "technology": "postgresql-dr", "plan": "postgresql-dr-starter-4096"})
    );
    assert_eq!(item["app"]["dedicated_database"], true);
    assert_eq!(item["app"]["region"], "osc-fr1");
    assert_eq!(item["app"]["project"]["name"], "default");
    assert_eq!(item["addon"]["id"], FIRST_ADDON);
    assert_eq!(item["addon"]["app_id"], FIRST_ID);
    assert_eq!(item["addon"]["status"], "running");
    assert_eq!(item["addon"]["plan"]["display_name"], "Starter 4G");
    // The plain list stays the spec's flat list.
    let (_, plain) = get(&base, "/v1/databases").await;
    assert_eq!(plain["databases"][0], item["database"]);
    assert_eq!(plain["databases"][0].as_object().unwrap().len(), 5);
}

#[tokio::test]
async fn apps_addons_endpoints_and_variables() {
    let base = server().await;
    let (status, body) = get(&base, "/v1/apps/my-postgres-db").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["app"]["id"], FIRST_ID);
    assert!(body["app"]["uuid"].as_str().unwrap().starts_with("ap-"));

    for key in [FIRST_ID, "my-postgres-db"] {
        let (status, body) = get(&base, &format!("/v1/apps/{key}/addons")).await;
        assert_eq!(status, StatusCode::OK);
        let addons = body["addons"].as_array().unwrap();
        assert_eq!(addons.len(), 1);
        assert_eq!(addons[0]["id"], FIRST_ADDON);
        assert_eq!(addons[0]["plan"]["name"], "postgresql-dr-starter-4096");
        assert_eq!(addons[0]["addon_provider"]["id"], "postgresql-dr");
    }

    let (status, body) = get(&base, "/v1/databases/backup-db/endpoints").await;
    assert_eq!(status, StatusCode::OK);
    let endpoint = &body["endpoints"][0];
    assert_eq!(endpoint["type"], "public-rw");
    assert_eq!(endpoint["database_id"], "54100930736f7563d5030001");
    let host = endpoint["hostname"].as_str().unwrap();
    let port = endpoint["port"].as_u64().unwrap();

    let (status, body) = get(&base, "/v1/apps/backup-db/variables?aliases=false").await;
    assert_eq!(status, StatusCode::OK);
    let url = body["variables"]
        .as_array()
        .unwrap()
        .iter()
        .find(|v| v["name"] == "SCALINGO_POSTGRESQL_URL")
        .unwrap();
    assert!(url["id"].is_string());
    let url = url["value"].as_str().unwrap();
    assert!(url.starts_with("postgresql://"), "{url}");
    assert!(url.contains(&format!("@{host}:{port}/")), "{url}");

    assert_eq!(
        get(&base, "/v1/apps/no-such-app").await,
        (StatusCode::NOT_FOUND, not_found("app"))
    );
    assert_eq!(
        get(&base, "/v1/apps/no-such-app/addons").await,
        (StatusCode::NOT_FOUND, not_found("app"))
    );
    assert_eq!(
        get(&base, "/v1/apps/no-such-app/variables").await,
        (StatusCode::NOT_FOUND, not_found("app"))
    );
    assert_eq!(
        get(&base, "/v1/databases/no-such-db/endpoints").await,
        (
            StatusCode::NOT_FOUND,
            json!({"error": "Database not found"})
        )
    );
}

#[tokio::test]
async fn the_dbaas_record_and_its_404() {
    let base = server().await;
    let (status, body) = get(&base, &format!("/api/databases/{SECOND_ADDON}")).await;
    assert_eq!(status, StatusCode::OK);
    let db = &body["database"];
    assert_eq!(db["status"], "running");
    assert_eq!(db["plan"], "postgresql-dr-business-4096");
    assert_eq!(db["readable_version"], "17.6.0-1");
    assert_eq!(
        db["features"][0],
        json!({"name": "force-ssl", "status": "ACTIVATED"})
    );
    assert_eq!(db["maintenance_window"]["duration_in_hour"], 8);
    let instances = db["instances"].as_array().unwrap();
    assert_eq!(instances.len(), 3, "two db-nodes and a gateway");
    assert_eq!(instances[0]["role"], "leader");
    assert_eq!(instances[1]["role"], "follower");
    assert_eq!(instances[2]["type"], "gateway");
    assert!(instances[0]["private_ip"]
        .as_str()
        .unwrap()
        .starts_with("10."));
    let (_, body) = get(&base, &format!("/api/databases/{FIRST_ADDON}")).await;
    assert_eq!(body["database"]["instances"].as_array().unwrap().len(), 1);
    assert_eq!(
        get(
            &base,
            "/api/databases/ad-00000000-0000-4000-8000-000000000000"
        )
        .await,
        (StatusCode::NOT_FOUND, not_found("database"))
    );
}

#[tokio::test]
async fn a_new_database_is_pending_then_creating_then_running() {
    let base = server().await;
    let id = create(&base, "fresh-database").await;
    // Right after the create: no addon, and the show has none either.
    assert_eq!(
        get(&base, &format!("/v1/apps/{id}/addons")).await,
        (StatusCode::OK, json!({"addons": []}))
    );
    let (_, show) = get(&base, &format!("/v1/databases/{id}")).await;
    assert!(show.get("addon").is_none(), "{show}");
    assert_eq!(show["app"]["status"], "new");
    let (_, dashboard) = get(&base, "/v1/databases?dashboard=true").await;
    assert!(dashboard["databases"][2].get("addon").is_none());

    // Seeded provisioning databases are listed and creating.
    let (status, seeded) = dev(&base, "seed", json!({"provisioning": 1})).await;
    assert_eq!(status, StatusCode::OK);
    let seeded_id = seeded["databases"][0]["id"].as_str().unwrap().to_string();
    let (_, addons) = get(&base, &format!("/v1/apps/{seeded_id}/addons")).await;
    assert_eq!(addons["addons"][0]["status"], "provisioning");
    let addon = addons["addons"][0]["id"].as_str().unwrap().to_string();
    let (status, record) = get(&base, &format!("/api/databases/{addon}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(record["database"]["status"], "creating");
    // A plan change while provisioning: 409.
    let (status, body) = call(
        &base,
        Method::PATCH,
        &format!("/v1/apps/{seeded_id}/addons/{addon}"),
        Some(json!({"addon": {"plan_id": "postgresql-dr-business-16384"}})),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert!(body["error"].is_string());

    // Settled: everything is running.
    assert_eq!(
        dev(&base, "settle", json!(null)).await.0,
        StatusCode::NO_CONTENT
    );
    let (_, addons) = get(&base, &format!("/v1/apps/{id}/addons")).await;
    assert_eq!(addons["addons"][0]["status"], "running");
    let fresh_addon = addons["addons"][0]["id"].as_str().unwrap().to_string();
    let (_, record) = get(&base, &format!("/api/databases/{fresh_addon}")).await;
    assert_eq!(record["database"]["status"], "running");
    assert_eq!(record["database"]["app_name"], "fresh-database");
}

#[tokio::test]
async fn provisioning_ends_after_provision_ms() {
    let base = server_with(Timings {
        provision_ms: 200,
        update_ms: 0,
    })
    .await;
    let id = create(&base, "quick-database").await;
    // Poll as a console does, with a tight bound: the transition is due 200 ms after create.
    let mut seen = Vec::new();
    for _ in 0..100 {
        let (_, addons) = get(&base, &format!("/v1/apps/{id}/addons")).await;
        let status = addons["addons"][0]["status"]
            .as_str()
            .unwrap_or("none")
            .to_string();
        if seen.last() != Some(&status) {
            seen.push(status.clone());
        }
        if status == "running" {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert_eq!(seen.last().map(String::as_str), Some("running"), "{seen:?}");
    // Only forward: none, provisioning, running, in that order (some may be skipped).
    let order = ["none", "provisioning", "running"];
    let positions: Vec<_> = seen
        .iter()
        .map(|s| order.iter().position(|o| o == s).unwrap())
        .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{seen:?}");

    // With update_ms 0 a plan change is already done when the answer comes.
    let (_, addons) = get(&base, &format!("/v1/apps/{id}/addons")).await;
    let addon = addons["addons"][0]["id"].as_str().unwrap().to_string();
    let (status, _) = call(
        &base,
        Method::PATCH,
        &format!("/v1/apps/{id}/addons/{addon}"),
        Some(json!({"addon": {"plan_id": "postgresql-dr-starter-8192"}})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let (_, record) = get(&base, &format!("/api/databases/{addon}")).await;
    assert_eq!(record["database"]["status"], "running");
    assert_eq!(record["database"]["plan"], "postgresql-dr-starter-8192");
}

#[tokio::test]
async fn plan_change_updating_then_running_and_its_errors() {
    let base = server().await;
    let path = format!("/v1/apps/{FIRST_ID}/addons/{FIRST_ADDON}");
    let patch = |plan: &str| Some(json!({"addon": {"plan_id": plan}}));

    // Refusals first: same plan, unknown plan, a retired plan.
    for (plan, message) in [
        ("postgresql-dr-starter-4096", "already the plan"),
        ("postgresql-dr-mega-1", "is not a plan"),
        ("postgresql-dr-enterprise-16384", "not available"),
    ] {
        let (status, body) = call(&base, Method::PATCH, &path, patch(plan)).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{plan}: {body}");
        assert!(
            body["errors"]["plan_id"][0]
                .as_str()
                .unwrap()
                .contains(message),
            "{plan}: {body}"
        );
    }
    assert_eq!(
        call(
            &base,
            Method::PATCH,
            &format!("/v1/apps/{FIRST_ID}/addons/ad-nope"),
            patch("x")
        )
        .await,
        (StatusCode::NOT_FOUND, not_found("addon"))
    );
    assert_eq!(
        call(
            &base,
            Method::PATCH,
            &format!("/v1/apps/no-such-app/addons/{FIRST_ADDON}"),
            patch("x")
        )
        .await,
        (StatusCode::NOT_FOUND, not_found("app"))
    );

    // A plan name works as well as an id; the answer has the addon on its new plan.
    let (status, body) = call(
        &base,
        Method::PATCH,
        &path,
        patch("postgresql-dr-starter-8192"),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["addon"]["plan"]["name"], "postgresql-dr-starter-8192");
    assert_eq!(body["addon"]["status"], "running");
    assert!(body["message"]
        .as_str()
        .unwrap()
        .contains("about 15 minutes"));
    let (_, record) = get(&base, &format!("/api/databases/{FIRST_ADDON}")).await;
    assert_eq!(record["database"]["status"], "updating");
    // While updating: 409.
    let (status, body) = call(
        &base,
        Method::PATCH,
        &path,
        patch("postgresql-dr-starter-16384"),
    )
    .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    // Done: running on the new plan; a smaller size is then refused.
    dev(&base, "settle", json!(null)).await;
    let (_, record) = get(&base, &format!("/api/databases/{FIRST_ADDON}")).await;
    assert_eq!(record["database"]["status"], "running");
    assert_eq!(record["database"]["plan"], "postgresql-dr-starter-8192");
    let (status, body) = call(
        &base,
        Method::PATCH,
        &path,
        patch("postgresql-dr-business-4096"),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["errors"]["plan_id"][0]
        .as_str()
        .unwrap()
        .contains("smaller size"));
    // The plan id works too.
    let (_, plans) = get(&base, "/v1/addon_providers/postgresql-dr/plans").await;
    let business_8 = plans["plans"][4]["id"].as_str().unwrap().to_string();
    let (status, body) = call(&base, Method::PATCH, &path, patch(&business_8)).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["addon"]["plan"]["display_name"], "Business 8G");
}

#[tokio::test]
async fn firewall_rules_and_their_errors() {
    let base = server().await;
    let rules = format!("/api/databases/{FIRST_ADDON}/firewall_rules");
    assert_eq!(
        get(&base, &rules).await,
        (StatusCode::OK, json!({"rules": []}))
    );

    let (status, body) = call(
        &base,
        Method::POST,
        &rules,
        Some(json!({"firewall_rule": {"type": "custom_range", "cidr": "203.0.113.9/24", "label": "Office"}})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["rule"]["cidr"], "203.0.113.0/24");
    assert_eq!(body["rule"]["label"], "Office");
    let rule_id = body["rule"]["id"].as_str().unwrap().to_string();
    // Unwrapped, managed.
    let (status, body) = call(
        &base,
        Method::POST,
        &rules,
        Some(json!({"type": "managed_range", "range_id": "mr-scalingo-osc-fr1"})),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["rule"]["range_id"], "mr-scalingo-osc-fr1");

    let refused = |body: Value| {
        let base = base.clone();
        let rules = rules.clone();
        async move {
            let (status, body) = call(&base, Method::POST, &rules, Some(body)).await;
            assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
            body["errors"].clone()
        }
    };
    let errors =
        refused(json!({"firewall_rule": {"type": "custom_range", "cidr": "10.0.0.0/33"}})).await;
    assert!(errors["cidr"][0]
        .as_str()
        .unwrap()
        .contains("prefix must be 0 to 32"));
    let errors =
        refused(json!({"firewall_rule": {"type": "custom_range", "cidr": "300.1.2.3/32"}})).await;
    assert!(errors["cidr"][0]
        .as_str()
        .unwrap()
        .contains("300 is more than 255"));
    let errors =
        refused(json!({"firewall_rule": {"type": "custom_range", "cidr": "203.0.113.0/24"}})).await;
    assert!(errors["cidr"][0]
        .as_str()
        .unwrap()
        .contains("already allowed"));
    let errors =
        refused(json!({"firewall_rule": {"type": "managed_range", "range_id": "mr-nowhere"}}))
            .await;
    assert!(errors["range_id"][0]
        .as_str()
        .unwrap()
        .contains("not a managed range"));
    let errors = refused(json!({"firewall_rule": {"type": "managed_range",
        "range_id": "mr-scalingo-osc-secnum-fr1", "label": "no"}}))
    .await;
    assert!(errors["label"][0].is_string());

    // Up to 30, the 31st refused.
    for n in 0..28 {
        let (status, _) = call(
            &base,
            Method::POST,
            &rules,
            Some(json!({"firewall_rule": {"type": "custom_range", "cidr": format!("10.{n}.0.0/16")}})),
        )
        .await;
        assert_eq!(status, StatusCode::CREATED);
    }
    let (_, listed) = get(&base, &rules).await;
    assert_eq!(listed["rules"].as_array().unwrap().len(), 30);
    let errors =
        refused(json!({"firewall_rule": {"type": "custom_range", "cidr": "172.16.0.0/12"}})).await;
    assert!(errors["base"][0].as_str().unwrap().contains("at most 30"));

    // Delete: 204 with no body, then 404 for the same rule.
    let (status, _, text) = send(
        Method::DELETE,
        format!("{base}{rules}/{rule_id}"),
        Some(TOKEN),
        None,
    )
    .await;
    assert_eq!((status, text.as_str()), (StatusCode::NO_CONTENT, ""));
    assert_eq!(
        call(&base, Method::DELETE, &format!("{rules}/{rule_id}"), None).await,
        (StatusCode::NOT_FOUND, not_found("firewall_rule"))
    );
    assert_eq!(
        get(&base, "/api/databases/ad-nope/firewall_rules").await,
        (StatusCode::NOT_FOUND, not_found("database"))
    );
    assert_eq!(
        call(
            &base,
            Method::DELETE,
            &format!("/api/databases/ad-nope/firewall_rules/{rule_id}"),
            None
        )
        .await
        .0,
        StatusCode::NOT_FOUND
    );

    let (status, body) = get(&base, "/api/firewall/managed_ranges").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        body["ranges"],
        json!([{"id": "mr-scalingo-osc-fr1", "name": "Scalingo osc-fr1 region"},
               {"id": "mr-scalingo-osc-secnum-fr1", "name": "Scalingo osc-secnum-fr1 region"}])
    );
}

#[tokio::test]
async fn rename_move_and_delete_and_their_errors() {
    let base = server().await;
    let rename = |body: Value| {
        let base = base.clone();
        async move {
            call(
                &base,
                Method::POST,
                &format!("/v1/apps/{FIRST_ID}/rename"),
                Some(body),
            )
            .await
        }
    };
    let (status, body) =
        rename(json!({"current_name": "my-postgres-db", "new_name": "backup-db"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body,
        json!({"errors": {"new_name": ["has already been taken"]}})
    );
    let (status, body) =
        rename(json!({"current_name": "my-postgres-db", "new_name": "No_Good"})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body["errors"]["new_name"][0].is_string());
    let (status, body) =
        rename(json!({"current_name": "backup-db", "new_name": "fine-name"})).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    assert!(body["error"].as_str().unwrap().contains("current_name"));
    let (status, body) =
        rename(json!({"current_name": "my-postgres-db", "new_name": "orders-main"})).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["app"]["name"], "orders-main");
    assert_eq!(
        get(&base, "/v1/databases/orders-main").await.0,
        StatusCode::OK
    );
    assert_eq!(
        get(&base, "/v1/databases/my-postgres-db").await.0,
        StatusCode::NOT_FOUND
    );

    let other = "pr-5e0c9a14-3f6b-4d0e-9a8c-1b2d3e4f5a6b";
    let (status, body) = call(
        &base,
        Method::PATCH,
        "/v1/apps/orders-main",
        Some(json!({"app": {"project_id": other}})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body["app"]["project"],
        json!({"id": other, "name": "analytics"})
    );
    let (_, fetched) = get(&base, "/v1/databases/orders-main").await;
    assert_eq!(fetched["database"]["project_id"], other);
    let (status, body) = call(
        &base,
        Method::PUT,
        "/v1/apps/orders-main",
        Some(json!({"project_id": "pr-nope"})),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        body["errors"]["project_id"][0],
        "is not one of your projects"
    );

    // Delete: the name must be confirmed.
    assert_eq!(
        call(&base, Method::DELETE, "/v1/apps/orders-main", None)
            .await
            .0,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        call(
            &base,
            Method::DELETE,
            "/v1/apps/orders-main?current_name=backup-db",
            None
        )
        .await
        .0,
        StatusCode::BAD_REQUEST
    );
    assert_eq!(
        call(
            &base,
            Method::DELETE,
            "/v1/apps/no-such-app?current_name=no-such-app",
            None
        )
        .await,
        (StatusCode::NOT_FOUND, not_found("app"))
    );
    let (status, content_type, text) = send(
        Method::DELETE,
        format!("{base}/v1/apps/{FIRST_ID}?current_name=orders%2Dmain"),
        Some(TOKEN),
        None,
    )
    .await;
    assert_eq!(
        (status, text.as_str(), content_type.as_str()),
        (StatusCode::NO_CONTENT, "", "")
    );
    // Nothing is left behind.
    assert_eq!(
        get(&base, "/v1/databases/orders-main").await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&base, &format!("/v1/apps/{FIRST_ID}/addons")).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&base, &format!("/api/databases/{FIRST_ADDON}")).await.0,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&base, &format!("/v1/databases/{FIRST_ID}/endpoints"))
            .await
            .0,
        StatusCode::NOT_FOUND
    );
    let (_, list) = get(&base, "/v1/databases").await;
    assert_eq!(list["databases"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn an_addon_token_opens_the_dbaas_routes_of_its_addon_only() {
    let base = server().await;
    let (status, body) = call(
        &base,
        Method::POST,
        &format!("/v1/apps/my-postgres-db/addons/{FIRST_ADDON}/token"),
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body["addon"]["id"], FIRST_ADDON);
    let token = body["addon"]["token"].as_str().unwrap().to_string();

    let with_token = |path: String| {
        let (base, token) = (base.clone(), token.clone());
        async move { common::get_json(&base, &path, &token).await.0 }
    };
    assert_eq!(
        with_token(format!("/api/databases/{FIRST_ADDON}")).await,
        StatusCode::OK
    );
    assert_eq!(
        with_token(format!("/api/databases/{FIRST_ADDON}/firewall_rules")).await,
        StatusCode::OK
    );
    assert_eq!(
        with_token("/api/firewall/managed_ranges".into()).await,
        StatusCode::OK
    );
    assert_eq!(
        with_token(format!("/api/databases/{SECOND_ADDON}")).await,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        with_token("/v1/databases".into()).await,
        StatusCode::UNAUTHORIZED
    );
    let (status, _) = common::get_json(
        &base,
        &format!("/api/databases/{FIRST_ADDON}"),
        "tk-addon-guess",
    )
    .await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        call(
            &base,
            Method::POST,
            &format!("/v1/apps/backup-db/addons/{FIRST_ADDON}/token"),
            None
        )
        .await,
        (StatusCode::NOT_FOUND, not_found("addon"))
    );
    assert_eq!(
        call(
            &base,
            Method::POST,
            &format!("/v1/apps/no-such-app/addons/{FIRST_ADDON}/token"),
            None
        )
        .await,
        (StatusCode::NOT_FOUND, not_found("app"))
    );
}

#[tokio::test]
async fn minimal_answers_give_only_the_documented_shapes() {
    let base = start(devapi::Config {
        token: TOKEN.into(),
        minimal_answers: true,
        ..Default::default()
    })
    .await;
    let (_, body) = get(&base, "/v1/databases/my-postgres-db").await;
    assert_eq!(
        body,
        json!({"database": {"id": FIRST_ID, "name": "my-postgres-db",
               "project_id": "pr-82a3cac5-9b25-473e-b33d-6272b87e636f",
               "technology": "postgresql-dr", "plan": "postgresql-dr-starter-4096"}})
    );
    let (_, dashboard) = get(&base, "/v1/databases?dashboard=true").await;
    assert!(dashboard["databases"]
        .as_array()
        .unwrap()
        .iter()
        .all(|item| item.as_object().unwrap().keys().eq(["database"])));
    // The console's fallback path: the addon from the app's addons.
    let (_, addons) = get(&base, &format!("/v1/apps/{FIRST_ID}/addons")).await;
    assert_eq!(addons["addons"][0]["id"], FIRST_ADDON);
    let (status, body) = call(
        &base,
        Method::PATCH,
        &format!("/v1/apps/{FIRST_ID}/addons/{FIRST_ADDON}"),
        Some(json!({"addon": {"plan_id": "postgresql-dr-business-4096"}})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        body["vars"].is_array() && body["message"].is_string(),
        "{body}"
    );

    // Switched off at run time.
    assert_eq!(
        dev(&base, "minimal-answers", json!(false)).await.0,
        StatusCode::NO_CONTENT
    );
    let (_, body) = get(&base, "/v1/databases/my-postgres-db").await;
    assert_eq!(body["addon"]["id"], FIRST_ADDON);
    assert_eq!(
        dev(&base, "minimal-answers", json!("yes")).await.0,
        StatusCode::BAD_REQUEST
    );
}

#[tokio::test]
async fn dev_routes_set_timings_seed_and_reset() {
    let base = start(devapi::Config {
        token: TOKEN.into(),
        timings: Timings {
            provision_ms: 60_000,
            update_ms: 60_000,
        },
        ..Default::default()
    })
    .await;
    let (status, body) = dev(&base, "timings", json!({"provision_ms": 0})).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(body, json!({"provision_ms": 0, "update_ms": 60_000}));
    assert_eq!(
        dev(&base, "timings", json!({"provision": 1})).await.0,
        StatusCode::BAD_REQUEST
    );
    // Provisioning now takes no time.
    let id = create(&base, "instant-db").await;
    let (_, addons) = get(&base, &format!("/v1/apps/{id}/addons")).await;
    assert_eq!(addons["addons"][0]["status"], "running");

    dev(&base, "timings", json!({"provision_ms": 60_000})).await;
    let (status, body) = dev(
        &base,
        "seed",
        json!({"running": 2, "updating": 3, "requested": 1}),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let added = body["databases"].as_array().unwrap();
    assert_eq!(added.len(), 6);
    let (_, dashboard) = get(&base, "/v1/databases?dashboard=true").await;
    let items = dashboard["databases"].as_array().unwrap();
    assert_eq!(items.len(), 2 + 1 + 6);
    assert!(items[3].get("addon").is_none(), "requested: no addon yet");
    assert_eq!(items[4]["addon"]["status"], "running");
    let updating = items[6]["addon"]["id"].as_str().unwrap().to_string();
    let (_, record) = get(&base, &format!("/api/databases/{updating}")).await;
    assert_eq!(record["database"]["status"], "updating");
    assert_eq!(
        dev(&base, "seed", json!({"provisioning": 20_000})).await.0,
        StatusCode::UNPROCESSABLE_ENTITY
    );

    // Reset: the seed, and the configured timings again.
    assert_eq!(
        dev(&base, "reset", json!(null)).await.0,
        StatusCode::NO_CONTENT
    );
    let (_, list) = get(&base, "/v1/databases").await;
    assert_eq!(list["databases"].as_array().unwrap().len(), 2);
    let id = create(&base, "slow-again").await;
    assert_eq!(
        get(&base, &format!("/v1/apps/{id}/addons")).await.1,
        json!({"addons": []})
    );
}

#[tokio::test]
async fn stats_count_the_new_routes_by_pattern_and_405s_answer() {
    let base = server().await;
    get(&base, &format!("/api/databases/{FIRST_ADDON}")).await;
    get(&base, &format!("/api/databases/{SECOND_ADDON}")).await;
    get(&base, "/v1/apps/backup-db/addons").await;
    let (status, body) = call(&base, Method::DELETE, "/v1/apps/backup-db/addons", None).await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(body["error"], "Method not allowed");
    let stats: Value = reqwest::get(format!("{base}/__dev/stats"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(stats["requests"]["GET /api/databases/{addon}"], 2);
    assert_eq!(stats["requests"]["GET /v1/apps/{app}/addons"], 1);
    assert_eq!(stats["requests"]["DELETE /v1/apps/{app}/addons"], 1);
    assert_eq!(stats["total"], 4);
    assert_eq!(stats["rate_limited"], 0);
}
