//! The rules of **Settings** ([`super::settings`]) as pure Rust: what each of its forms sends,
//! what is allowed when, and where each answer of the server is said. The plan select's
//! options and reasons are in [`super::plan_choice`].

use model::{FieldErrors, Project};

use crate::api::ApiError;
use crate::messages::{field_sentence, says_taken};
use crate::rules::Status;

/// Why the plan cannot change now, or `None` when it can: only a running database changes plan
/// (as every Scalingo client requires), one change at a time.
pub fn plan_change_blocked(status: Status) -> Option<&'static str> {
    match status {
        Status::Running => None,
        Status::Provisioning => {
            Some("The plan can change once the database is running: it is still being provisioned.")
        }
        Status::Updating => Some(
            "A plan change is under way: the plan can change again once the database is running.",
        ),
        Status::Upgrading => {
            Some("The database is being upgraded: the plan can change once it is running again.")
        }
        Status::Migrating => {
            Some("The database is being migrated: the plan can change once it is running again.")
        }
        Status::Suspended => {
            Some("The database is suspended: the plan can change once it is running again.")
        }
        Status::Stopped => {
            Some("The database is stopped: the plan can change once it is running again.")
        }
        Status::Unknown => {
            Some("The database's status is not known: the plan can change once it is running.")
        }
    }
}

/// Where the plan change is, from choosing to the answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum PlanStep {
    /// The select and **Change plan**.
    Choosing,
    /// The confirmation step, for the plan with this id.
    Confirming(String),
    /// The `PATCH` is under way for the plan with this id: nothing more is sent until its
    /// answer.
    Sending(String),
}

impl PlanStep {
    /// The step after **Confirm plan change**: `Sending`, only from `Confirming` (a second
    /// click, or one after Cancel, finds another step and sends nothing).
    pub fn confirm(&self) -> Option<(PlanStep, String)> {
        match self {
            Self::Confirming(plan_id) => Some((Self::Sending(plan_id.clone()), plan_id.clone())),
            _ => None,
        }
    }

    /// Whether the select and the buttons before the step may change things.
    pub fn is_choosing(&self) -> bool {
        matches!(self, Self::Choosing)
    }
}

/// The sentence for a field's message from the server, naming the field by the label the page
/// shows ("New name has already been taken."); a message that already is a sentence (it starts
/// with a capital) is kept as it is.
pub fn at_field(label: &str, message: &str) -> String {
    let message = message.trim();
    let already_a_sentence = message.chars().next().is_some_and(char::is_uppercase);
    let mut sentence = if already_a_sentence {
        message.to_string()
    } else {
        format!("{label} {message}")
    };
    if !sentence.ends_with(['.', '!', '?']) {
        sentence.push('.');
    }
    sentence
}

/// What the page says of a failed write: at its field (the 422 messages for `fields`, and a 409
/// when `conflict_at_field`), and above the form (everything else, as the server said it).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Failure {
    pub at_field: Option<String>,
    /// Whether the field's message says the name is taken (then the page links to the
    /// database that has it).
    pub taken: bool,
    pub general: Vec<String>,
}

/// Places a failed write's error: see [`Failure`]. `label` is the field's label on the page.
pub fn place_failure(
    error: &ApiError,
    fields: &[&str],
    label: &str,
    conflict_at_field: bool,
) -> Failure {
    match error {
        ApiError::Validation(errors) => place_validation(errors, fields, label),
        ApiError::Conflict(message) if conflict_at_field => Failure {
            at_field: Some(at_field(label, message)),
            ..Failure::default()
        },
        other => Failure {
            general: vec![other.to_string()],
            ..Failure::default()
        },
    }
}

fn place_validation(errors: &FieldErrors, fields: &[&str], label: &str) -> Failure {
    let mut failure = Failure::default();
    let mut here = Vec::new();
    for (field, messages) in errors {
        if fields.contains(&field.as_str()) {
            failure.taken |= messages.iter().any(|m| says_taken(m));
            here.extend(messages.iter().map(|m| at_field(label, m)));
        } else {
            failure
                .general
                .extend(messages.iter().map(|m| field_sentence(field, m)));
        }
    }
    if !here.is_empty() {
        failure.at_field = Some(here.join(" "));
    }
    if failure.at_field.is_none() && failure.general.is_empty() {
        failure
            .general
            .push(ApiError::Validation(errors.clone()).to_string());
    }
    failure
}

/// Whether a write's answer was lost (no answer, or one that cannot be read): it may have been
/// carried out all the same.
pub fn answer_lost(error: &ApiError) -> bool {
    matches!(
        error,
        ApiError::Network(_) | ApiError::Timeout(_) | ApiError::Decode(_)
    )
}

/// What **Rename** sends: `POST /v1/apps/{database_id}/rename`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RenameRequest {
    pub database_id: String,
    pub current_name: String,
    pub new_name: String,
}

/// The name typed in **New name**, checked as the create form checks it
/// ([`model::validate_name`]), and not the name the database has.
pub fn check_new_name(current: &str, typed: &str) -> Result<(), String> {
    model::validate_name(typed).map_err(|rule| rule.to_string())?;
    if typed == current {
        return Err("This is already the name of this database: type another one.".into());
    }
    Ok(())
}

/// The rename request for what was typed, or what to say at **New name** instead (and send
/// nothing).
pub fn rename_request(
    database_id: &str,
    current: &str,
    typed: &str,
) -> Result<RenameRequest, String> {
    check_new_name(current, typed)?;
    Ok(RenameRequest {
        database_id: database_id.to_string(),
        current_name: current.to_string(),
        new_name: typed.to_string(),
    })
}

/// One project of the **Project** select.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ProjectOption {
    pub id: String,
    pub label: String,
    pub current: bool,
}

/// The projects, the database's own marked; one the list does not have is still shown (by its
/// id), so the select never claims another one is current.
pub fn project_options(projects: &[Project], current_id: &str) -> Vec<ProjectOption> {
    let mut options: Vec<ProjectOption> = projects
        .iter()
        .map(|project| {
            let current = project.id == current_id;
            let name = if project.name.is_empty() {
                project.id.clone()
            } else {
                project.name.clone()
            };
            let label = match (current, project.default) {
                (true, true) => format!("{name} (current project, default)"),
                (true, false) => format!("{name} (current project)"),
                (false, true) => format!("{name} (default)"),
                (false, false) => name,
            };
            ProjectOption {
                id: project.id.clone(),
                label,
                current,
            }
        })
        .collect();
    if !current_id.is_empty() && !options.iter().any(|o| o.current) {
        options.insert(
            0,
            ProjectOption {
                id: current_id.to_string(),
                label: format!("{current_id} (current project)"),
                current: true,
            },
        );
    }
    options
}

/// The project to move to (what `PATCH /v1/apps/{id}` sends as `project_id`), or what to say at
/// **Project** instead.
pub fn check_move(current_id: &str, chosen: &str) -> Result<String, String> {
    if chosen.is_empty() {
        return Err("Choose the project to move the database to.".into());
    }
    if chosen == current_id {
        return Err("The database is already in this project: choose another one.".into());
    }
    Ok(chosen.to_string())
}

/// The name of a project for the messages, else its id.
pub fn project_name(projects: &[Project], id: &str) -> String {
    projects
        .iter()
        .find(|p| p.id == id && !p.name.is_empty())
        .map_or_else(|| id.to_string(), |p| p.name.clone())
}

/// Whether **Delete database** may be pressed: the exact name was typed (no trimming, no case
/// folding: what is deleted is what was typed).
pub fn delete_confirmed(name: &str, typed: &str) -> bool {
    !name.is_empty() && typed == name
}

/// The one sentence every delete states, in the words of Scalingo's own CLI.
pub const DELETE_WARNING: &str =
    "This operation is irreversible: all data including backups of the database will be deleted.";

#[cfg(test)]
mod tests {
    use super::*;
    use model::seed;

    #[test]
    fn the_plan_changes_only_while_running() {
        assert_eq!(plan_change_blocked(Status::Running), None);
        for status in Status::ALL {
            if status != Status::Running {
                let reason = plan_change_blocked(status).unwrap();
                assert!(reason.ends_with('.'), "{reason}");
            }
        }
        assert!(plan_change_blocked(Status::Provisioning)
            .unwrap()
            .contains("provisioned"));
        assert!(plan_change_blocked(Status::Updating)
            .unwrap()
            .contains("under way"));
    }

    #[test]
    fn one_confirmation_sends_one_request() {
        let step = PlanStep::Confirming("pl-1".into());
        let (sending, plan) = step.confirm().unwrap();
        assert_eq!(plan, "pl-1");
        assert_eq!(sending, PlanStep::Sending("pl-1".into()));
        // A second click finds the request under way; one after Cancel, the select.
        assert_eq!(sending.confirm(), None);
        assert_eq!(PlanStep::Choosing.confirm(), None);
        assert!(PlanStep::Choosing.is_choosing() && !sending.is_choosing());
    }

    fn validation(field: &str, message: &str) -> ApiError {
        ApiError::Validation(FieldErrors::from([(
            field.to_string(),
            vec![message.to_string()],
        )]))
    }

    #[test]
    fn server_messages_land_at_their_field() {
        let taken = place_failure(
            &validation("new_name", "has already been taken"),
            &["new_name", "name"],
            "New name",
            false,
        );
        assert_eq!(
            taken,
            Failure {
                at_field: Some("New name has already been taken.".into()),
                taken: true,
                general: vec![],
            }
        );
        let refused = place_failure(
            &validation(
                "plan_id",
                "Moving to a smaller size is not supported: this database has 8 GB, the plan chosen 4 GB.",
            ),
            &["plan_id"],
            "New plan",
            true,
        );
        assert!(refused.at_field.unwrap().starts_with("Moving to a smaller"));
        let conflict = place_failure(
            &ApiError::Conflict("A plan change is already in progress".into()),
            &["plan_id"],
            "New plan",
            true,
        );
        assert_eq!(
            conflict.at_field.as_deref(),
            Some("A plan change is already in progress.")
        );
        let elsewhere = place_failure(
            &validation("app", "is locked"),
            &["new_name"],
            "New name",
            false,
        );
        assert_eq!(elsewhere.at_field, None);
        assert_eq!(elsewhere.general, ["App is locked"]);
        let server = place_failure(
            &ApiError::Server {
                status: 500,
                message: "boom".into(),
            },
            &["new_name"],
            "New name",
            false,
        );
        assert_eq!(server.general, ["The API failed (HTTP 500): boom"]);
        let empty = place_failure(
            &ApiError::Validation(FieldErrors::new()),
            &["x"],
            "X",
            false,
        );
        assert_eq!(empty.general.len(), 1);
        assert!(answer_lost(&ApiError::Network("offline".into())));
        assert!(answer_lost(&ApiError::Timeout(30)));
        assert!(!answer_lost(&ApiError::Conflict("x".into())));
    }

    #[test]
    fn a_rename_sends_the_checked_name_and_never_the_current_one() {
        assert_eq!(
            rename_request("db-1", "my-postgres-db", "orders-db"),
            Ok(RenameRequest {
                database_id: "db-1".into(),
                current_name: "my-postgres-db".into(),
                new_name: "orders-db".into(),
            })
        );
        assert_eq!(
            rename_request("db-1", "my-postgres-db", "my-postgres-db").unwrap_err(),
            "This is already the name of this database: type another one."
        );
        assert_eq!(
            check_new_name("my-postgres-db", "").unwrap_err(),
            "Enter a name."
        );
        assert!(check_new_name("my-postgres-db", "abc")
            .unwrap_err()
            .contains("at least 6 characters"));
        assert!(check_new_name("my-postgres-db", "Orders-db").is_err());
    }

    #[test]
    fn the_project_select_marks_the_current_one() {
        let projects = seed::projects();
        let default = projects.iter().find(|p| p.default).unwrap();
        let other = projects.iter().find(|p| !p.default).unwrap();
        let options = project_options(&projects, &default.id);
        assert_eq!(options.len(), projects.len());
        let current = options.iter().find(|o| o.current).unwrap();
        assert_eq!(current.id, default.id);
        assert!(current.label.ends_with("(current project, default)"));
        let analytics = options.iter().find(|o| o.id == other.id).unwrap();
        assert_eq!(analytics.label, other.name);
        let options = project_options(&projects, &other.id);
        assert!(options
            .iter()
            .any(|o| o.id == default.id && o.label.ends_with("(default)")));
        // A project the list does not have is still the current one.
        let options = project_options(&projects, "pr-gone");
        assert_eq!(options[0].label, "pr-gone (current project)");
        assert_eq!(project_name(&projects, &other.id), other.name);
        assert_eq!(project_name(&projects, "pr-gone"), "pr-gone");
    }

    #[test]
    fn a_move_goes_somewhere_else() {
        assert_eq!(check_move("pr-a", "pr-b"), Ok("pr-b".into()));
        assert!(check_move("pr-a", "pr-a").unwrap_err().contains("already"));
        assert!(check_move("pr-a", "").is_err());
    }

    #[test]
    fn delete_waits_for_the_exact_name() {
        assert!(delete_confirmed("my-postgres-db", "my-postgres-db"));
        for typed in [
            "",
            "my-postgres",
            "my-postgres-db ",
            " my-postgres-db",
            "MY-POSTGRES-DB",
        ] {
            assert!(!delete_confirmed("my-postgres-db", typed), "{typed:?}");
        }
        assert!(!delete_confirmed("", ""));
        assert!(
            DELETE_WARNING.contains("all data including backups of the database will be deleted")
        );
    }
}
