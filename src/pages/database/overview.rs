//! **Overview** (`/databases/{db}`): what the database is — its five attributes with names
//! and prices where the catalog and the projects know them — and what its Database API record
//! says: status, PostgreSQL version, instances and their roles, maintenance window, TLS.

use leptos::prelude::*;
use model::lifecycle::{DbaasDatabase, MaintenanceWindow};
use model::{AddonProvider, Project};

use super::{use_database, use_tab, Loaded, StatusBadge};
use crate::api::types::{feature_status, Dbaas, FORCE_SSL};
use crate::components::copy_button::CopyButton;
use crate::format::monthly_price;
use crate::pages::{catalog_resource, projects_resource};
use crate::paths::DatabaseTab;

/// The weekdays of a maintenance window, 0 being Sunday as the Database API counts them.
const WEEKDAYS: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];

/// "Wednesdays, 21:00–05:00 UTC (8 h)".
pub fn maintenance_window_label(window: &MaintenanceWindow) -> String {
    let day = WEEKDAYS
        .get(usize::from(window.weekday_utc))
        .copied()
        .unwrap_or("Some day");
    let start = u32::from(window.starting_hour_utc) % 24;
    let end = (start + u32::from(window.duration_in_hour)) % 24;
    format!(
        "{day}s, {start:02}:00–{end:02}:00 UTC ({} h)",
        window.duration_in_hour
    )
}

#[component]
pub fn OverviewTab() -> impl IntoView {
    use_tab(DatabaseTab::Overview);
    let db = use_database();
    let state = db.session();
    // Both only add names and prices: a failure leaves the raw values, not an error.
    let catalog = catalog_resource(state);
    let projects = projects_resource(state);
    let providers = move || {
        catalog
            .get()
            .and_then(Result::ok)
            .or_else(|| state.kept_catalog())
            .unwrap_or_default()
    };
    let projects = move || {
        projects
            .get()
            .and_then(Result::ok)
            .or_else(|| state.kept_projects())
            .unwrap_or_default()
    };
    move || {
        db.loaded().map(|loaded| {
            view! {
                <Attributes loaded=loaded.clone() providers=providers() projects=projects() />
                <Record loaded=loaded />
            }
        })
    }
}

#[component]
fn Attributes(
    loaded: Loaded,
    providers: Vec<AddonProvider>,
    projects: Vec<Project>,
) -> impl IntoView {
    let database = loaded.database().clone();
    let plan = providers
        .iter()
        .flat_map(|provider| provider.plans.iter())
        .find(|plan| plan.name == database.plan || plan.id == database.plan)
        .cloned()
        .or_else(|| loaded.listed.addon.as_ref().map(|addon| addon.plan.clone()));
    let project = projects.into_iter().find(|p| p.id == database.project_id);
    view! {
        <h2 class="section-title">"Database"</h2>
        <dl class="details">
            <dt>"ID"</dt>
            <dd>
                <span class="mono">{database.id.clone()}</span>
                <CopyButton value=database.id.clone() label="Copy ID" />
            </dd>
            <dt>"Name"</dt>
            <dd>
                <span>{database.name.clone()}</span>
                <CopyButton value=database.name.clone() label="Copy name" />
            </dd>
            <dt>"Project"</dt>
            <dd>
                {project.map(|p| view! {
                    <span class="details__main">
                        {p.name}
                        {p.default.then_some(" (default project)")}
                    </span>
                })}
                <span class="mono details__raw">{database.project_id.clone()}</span>
            </dd>
            <dt>"Technology"</dt>
            <dd>{database.technology.clone()}</dd>
            <dt>"Plan"</dt>
            <dd>
                {plan.filter(|plan| !plan.label().is_empty()).map(|plan| {
                    let price = monthly_price(&plan);
                    view! {
                        <span class="details__main">
                            {plan.label().to_string()}
                            {price.map(|price| format!(" · {price}"))}
                        </span>
                    }
                })}
                <span class="mono details__raw">{database.plan.clone()}</span>
            </dd>
        </dl>
    }
}

/// What the Database API says of the database, or that it has no record yet.
#[component]
fn Record(loaded: Loaded) -> impl IntoView {
    let status = loaded.status();
    let record = match loaded.dbaas {
        Dbaas::Ready(record) => Some(*record),
        Dbaas::Pending => None,
    };
    view! {
        <h2 class="section-title">"Service"</h2>
        {match record {
            Some(record) => view! { <RecordDetails record=record status=status /> }.into_any(),
            None => view! {
                <dl class="details">
                    <dt>"Status"</dt>
                    <dd><StatusBadge status=status /></dd>
                </dl>
                <p class="hint">
                    "The rest (version, instances, maintenance window) shows once the "
                    "database service exists."
                </p>
            }
            .into_any(),
        }}
    }
}

#[component]
fn RecordDetails(record: DbaasDatabase, status: crate::rules::Status) -> impl IntoView {
    let tls = match feature_status(&record, FORCE_SSL) {
        Some(state) if state.eq_ignore_ascii_case("activated") => "Required (force-ssl)",
        Some(_) => "Being changed",
        None => "Allowed, not required",
    };
    let instances = record.instances.clone();
    view! {
        <dl class="details">
            <dt>"Status"</dt>
            <dd><StatusBadge status=status /></dd>
            <dt>"PostgreSQL version"</dt>
            <dd>{if record.readable_version.is_empty() { "—".to_string() } else { record.readable_version.clone() }}</dd>
            <dt>"Maintenance window"</dt>
            <dd>
                {record
                    .maintenance_window
                    .as_ref()
                    .map_or_else(|| "None set".to_string(), maintenance_window_label)}
            </dd>
            <dt>"TLS"</dt>
            <dd>{tls}</dd>
            <dt>"Encryption at rest"</dt>
            <dd>{if record.encryption_at_rest { "On" } else { "Off" }}</dd>
        </dl>
        <h3 class="section-title section-title--small">"Instances"</h3>
        {if instances.is_empty() {
            view! { <p class="hint">"No instance is listed yet."</p> }.into_any()
        } else {
            view! {
                <table class="plain-table">
                    <caption class="visually-hidden">"Instances"</caption>
                    <thead>
                        <tr>
                            <th scope="col">"Host"</th>
                            <th scope="col">"Type"</th>
                            <th scope="col">"Role"</th>
                            <th scope="col">"Status"</th>
                        </tr>
                    </thead>
                    <tbody>
                        {instances
                            .into_iter()
                            .map(|instance| view! {
                                <tr>
                                    <th scope="row" class="mono">{instance.hostname.clone()}</th>
                                    <td>{instance.kind.clone()}</td>
                                    <td>{instance.role.clone().unwrap_or_else(|| "—".into())}</td>
                                    <td>{instance.status.clone()}</td>
                                </tr>
                            })
                            .collect_view()}
                    </tbody>
                </table>
            }
            .into_any()
        }}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maintenance_windows_read_as_a_weekly_slot() {
        let window = MaintenanceWindow {
            weekday_utc: 3,
            starting_hour_utc: 21,
            duration_in_hour: 8,
        };
        assert_eq!(
            maintenance_window_label(&window),
            "Wednesdays, 21:00–05:00 UTC (8 h)"
        );
        let odd = MaintenanceWindow {
            weekday_utc: 9,
            starting_hour_utc: 2,
            duration_in_hour: 1,
        };
        assert_eq!(
            maintenance_window_label(&odd),
            "Some days, 02:00–03:00 UTC (1 h)"
        );
    }
}
