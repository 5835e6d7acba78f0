//! The last list this tab read, kept in storage so that a repeat visit (a reload; a new visit
//! in a remembered session) shows it at once, marked "Updated … ago", while it is read again
//! behind. The storage is the session's own: `sessionStorage`, or `localStorage` when the
//! session is remembered. It is dropped at every sign-in and sign-out, so it never outlives
//! the session that read it, and it holds no token.
//!
//! What is kept of a row is what the list draws — the database, its status, region and plan
//! name — not its app and addon: the read behind brings those, with anything that changed. The
//! projects read last are kept beside it ([`PROJECTS_KEY`]), so that the Project column shows
//! their names at once rather than ids until they are read again.
//! Pure: the encoding and its checks, with host tests; `SessionState` does the storing.

use model::{Database, Project};
use serde::{Deserialize, Serialize};

use crate::api::types::ListedDatabase;
use crate::rules::Status;
use crate::state::kept::Dated;

/// Where it is kept.
pub const KEY: &str = "dbconsole.list";

/// Where the projects read last are kept, beside the list and under the same rules.
pub const PROJECTS_KEY: &str = "dbconsole.projects";

/// The longest list kept in storage. Beyond it the copy costs more than it saves: encoding
/// and storing it at every read, decoding it at every start, and `localStorage`'s 5 MB quota
/// (10,000 rows are about 2.5 MB of JSON). A longer list is shown from memory only.
pub const MAX_STORED_ROWS: usize = 2_000;

/// Bumped when the shape changes: an older copy is then ignored, not misread.
const VERSION: u32 = 1;

#[derive(Serialize, Deserialize)]
struct Stored {
    version: u32,
    at_ms: f64,
    /// Whether every region of the session had answered: only then does a name missing from
    /// it mean "not there" (see [`Kept::complete`]).
    #[serde(default)]
    complete: bool,
    rows: Vec<StoredRow>,
}

/// The list as read back.
#[derive(Clone, Debug, PartialEq)]
pub struct Kept {
    pub list: Dated<Vec<ListedDatabase>>,
    /// Whether it holds every region's rows, or only those that had answered when it was
    /// kept (then it can be shown, but not trusted to say where a database is).
    pub complete: bool,
}

#[derive(Serialize, Deserialize)]
struct StoredRow {
    database: Database,
    /// [`Status::slug`].
    status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    region: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    plan: Option<String>,
}

/// Whether a list of `rows` rows is kept in storage ([`MAX_STORED_ROWS`]).
pub fn worth_storing(rows: usize) -> bool {
    rows <= MAX_STORED_ROWS
}

/// The list as stored, read at `at_ms`.
pub fn encode(rows: &[ListedDatabase], at_ms: f64, complete: bool) -> String {
    let stored = Stored {
        version: VERSION,
        at_ms,
        complete,
        rows: rows
            .iter()
            .map(|row| StoredRow {
                database: row.database.clone(),
                status: row.status.slug().to_string(),
                region: row.region.clone(),
                plan: row.plan_display_name.clone(),
            })
            .collect(),
    };
    serde_json::to_string(&stored).unwrap_or_default()
}

/// The list stored by [`encode`], or `None` for anything else (another version, a copy cut
/// short, text that is not one).
pub fn decode(text: &str) -> Option<Kept> {
    let stored: Stored = serde_json::from_str(text).ok()?;
    if stored.version != VERSION || !stored.at_ms.is_finite() {
        return None;
    }
    let rows = stored
        .rows
        .into_iter()
        .map(|row| ListedDatabase {
            database: row.database,
            app: None,
            addon: None,
            status: Status::ALL
                .into_iter()
                .find(|s| s.slug() == row.status)
                .unwrap_or(Status::Unknown),
            region: row.region,
            plan_display_name: row.plan,
        })
        .collect();
    Some(Kept {
        list: Dated {
            value: rows,
            at_ms: stored.at_ms,
        },
        complete: stored.complete,
    })
}

/// The projects as stored.
pub fn encode_projects(projects: &[Project]) -> String {
    #[derive(Serialize)]
    struct Stored<'a> {
        version: u32,
        projects: &'a [Project],
    }
    serde_json::to_string(&Stored {
        version: VERSION,
        projects,
    })
    .unwrap_or_default()
}

/// The projects stored by [`encode_projects`], or `None` for anything else.
pub fn decode_projects(text: &str) -> Option<Vec<Project>> {
    #[derive(Deserialize)]
    struct Stored {
        version: u32,
        projects: Vec<Project>,
    }
    let stored: Stored = serde_json::from_str(text).ok()?;
    (stored.version == VERSION).then_some(stored.projects)
}

#[cfg(test)]
mod tests {
    use super::*;
    use model::seed;

    fn rows() -> Vec<ListedDatabase> {
        seed::example_databases()
            .into_iter()
            .zip([Status::Running, Status::Provisioning])
            .map(|(database, status)| ListedDatabase {
                database,
                app: None,
                addon: None,
                status,
                region: Some("osc-fr1".into()),
                plan_display_name: Some("Starter 4G".into()),
            })
            .collect()
    }

    #[test]
    fn a_list_comes_back_as_it_was_drawn() {
        let text = encode(&rows(), 1_700_000_000_000.0, true);
        let back = decode(&text).expect("decodes");
        assert_eq!(back.list.at_ms, 1_700_000_000_000.0);
        assert_eq!(back.list.value, rows());
        assert!(back.complete);
        assert!(
            !decode(&encode(&rows(), 0.0, false))
                .expect("decodes")
                .complete
        );
    }

    #[test]
    fn apps_and_addons_are_not_kept_and_no_token_can_be() {
        let text = encode(&rows(), 0.0, true);
        assert!(!text.contains("addon"));
        assert!(!text.contains("token"));
    }

    #[test]
    fn long_lists_are_not_worth_storing() {
        assert!(worth_storing(MAX_STORED_ROWS));
        assert!(!worth_storing(MAX_STORED_ROWS + 1));
    }

    #[test]
    fn anything_else_is_ignored() {
        for text in [
            "",
            "null",
            "{}",
            "[1,2]",
            r#"{"version":2,"at_ms":0,"rows":[]}"#,
            r#"{"version":1,"at_ms":0,"rows":[{"status":"running"}]}"#,
        ] {
            assert!(decode(text).is_none(), "{text}");
        }
        let cut = encode(&rows(), 0.0, true);
        assert!(decode(&cut[..cut.len() / 2]).is_none());
    }

    #[test]
    fn projects_come_back_as_they_were_read() {
        let projects = vec![
            Project {
                id: "pr-82a3cac5-9b25-473e-b33d-6272b87e636f".into(),
                name: "default".into(),
                default: true,
                created_at: Some("2025-01-01T00:00:00Z".into()),
            },
            Project {
                id: "pr-2".into(),
                name: "Analytics".into(),
                default: false,
                created_at: None,
            },
        ];
        assert_eq!(decode_projects(&encode_projects(&projects)), Some(projects));
        assert_eq!(decode_projects(&encode_projects(&[])), Some(Vec::new()));
        for text in [
            "",
            "[]",
            r#"{"version":2,"projects":[]}"#,
            r#"{"version":1}"#,
        ] {
            assert_eq!(decode_projects(text), None, "{text}");
        }
    }

    #[test]
    fn an_unknown_status_reads_as_unknown() {
        let text = encode(&rows(), 0.0, true).replace("\"provisioning\"", "\"rebooting\"");
        let back = decode(&text).expect("decodes");
        assert_eq!(back.list.value[1].status, Status::Unknown);
    }
}
