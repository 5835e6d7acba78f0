//! "Copy as": a database (on the create form, before it exists; on its page, with its firewall
//! rules) as the commands that make it elsewhere — `curl` against the API, the `scalingo` CLI,
//! and Terraform's Scalingo provider. The token is never in the text: curl reads the bearer from
//! `$SCALINGO_TOKEN`, the CLI and Terraform use their own configuration (`scalingo login` or
//! `SCALINGO_API_TOKEN`). Pure, with the exact texts pinned by host tests.

/// Where the commands go.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Target {
    /// The region, for the CLI's `--region` and the provider's `region`; `None` for an API that
    /// is no Scalingo region (then only curl says where).
    pub region: Option<String>,
    /// The API's base URL, for curl (`https://api.osc-fr1.scalingo.com`).
    pub api_url: String,
}

/// The database, as created.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DatabaseSpec {
    pub name: String,
    pub technology: String,
    pub plan: String,
    /// Left out for the default project.
    pub project_id: Option<String>,
}

/// A firewall rule, as added.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RuleSpec {
    Custom {
        cidr: String,
        label: Option<String>,
    },
    /// A managed range, by id (the CLI) and by name (Terraform looks it up by name).
    Managed {
        range_id: String,
        range_name: String,
    },
}

/// A word for a POSIX shell: as it is when it holds nothing the shell reads specially, else in
/// single quotes (a `'` inside as `'\''`).
pub fn shell_word(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "@%+=:,./_-".contains(c));
    if plain {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// A JSON string literal (what `serde_json` writes).
fn json_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| "\"\"".into())
}

/// An HCL (Terraform) string literal: quotes, backslashes and line breaks escaped, `${` and
/// `%{` doubled so nothing is interpolated.
pub fn hcl_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '$' | '%' if chars.peek() == Some(&'{') => {
                out.push(c);
                out.push(c);
            }
            other => out.push(other),
        }
    }
    out.push('"');
    out
}

/// A Terraform resource name for a database or a rule: letters, digits and `_`, not starting
/// with a digit.
pub fn hcl_label(text: &str) -> String {
    let mut label: String = text
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect();
    if label.is_empty() || label.starts_with(|c: char| c.is_ascii_digit()) {
        label.insert_str(0, "db_");
    }
    label
}

fn create_body(db: &DatabaseSpec) -> String {
    let mut fields = vec![
        format!("\"name\":{}", json_string(&db.name)),
        format!("\"technology\":{}", json_string(&db.technology)),
        format!("\"plan\":{}", json_string(&db.plan)),
    ];
    if let Some(project) = &db.project_id {
        fields.push(format!("\"project_id\":{}", json_string(project)));
    }
    format!("{{\"database\":{{{}}}}}", fields.join(","))
}

fn rule_body(rule: &RuleSpec) -> String {
    match rule {
        RuleSpec::Custom { cidr, label } => {
            let mut fields = vec![
                "\"type\":\"custom_range\"".to_string(),
                format!("\"cidr\":{}", json_string(cidr)),
            ];
            if let Some(label) = label {
                fields.push(format!("\"label\":{}", json_string(label)));
            }
            format!("{{\"firewall_rule\":{{{}}}}}", fields.join(","))
        }
        RuleSpec::Managed { range_id, .. } => format!(
            "{{\"firewall_rule\":{{\"type\":\"managed_range\",\"range_id\":{}}}}}",
            json_string(range_id)
        ),
    }
}

/// The API calls: the create, then (once it is provisioned) each firewall rule, on the
/// database's addon.
pub fn curl(target: &Target, db: &DatabaseSpec, rules: &[RuleSpec]) -> String {
    let api = target.api_url.trim_end_matches('/');
    let mut out = String::from(
        "# SCALINGO_TOKEN: a bearer token, from POST https://auth.scalingo.com/v1/tokens/exchange\n",
    );
    out.push_str(&format!(
        "curl -X POST {} \\\n  -H 'Accept: application/json' -H 'Content-Type: application/json' \\\n  -H \"Authorization: Bearer $SCALINGO_TOKEN\" \\\n  -d {}\n",
        shell_word(&format!("{api}/v1/databases")),
        shell_word(&create_body(db))
    ));
    if rules.is_empty() {
        return out;
    }
    out.push_str(&format!(
        "\n# Once it is running: its addon, then its firewall rules (jq reads the answer).\nADDON_ID=\"$(curl -s -H 'Accept: application/json' -H \"Authorization: Bearer $SCALINGO_TOKEN\" {} | jq -r '.addons[0].id')\"\n",
        shell_word(&format!(
            "{api}/v1/apps/{}/addons",
            path_segment(&db.name)
        ))
    ));
    for rule in rules {
        out.push_str(&format!(
            "curl -X POST \"{api}/api/databases/$ADDON_ID/firewall_rules\" \\\n  -H 'Accept: application/json' -H 'Content-Type: application/json' \\\n  -H \"Authorization: Bearer $SCALINGO_TOKEN\" \\\n  -d {}\n",
            shell_word(&rule_body(rule))
        ));
    }
    out
}

/// The `scalingo` commands (DR databases are a preview feature of the CLI).
pub fn cli(target: &Target, db: &DatabaseSpec, rules: &[RuleSpec]) -> String {
    let region = target
        .region
        .as_ref()
        .map(|region| format!(" --region {}", shell_word(region)))
        .unwrap_or_default();
    let mut out = String::from(
        "# The CLI signs in with `scalingo login` or $SCALINGO_API_TOKEN.\nexport SCALINGO_PREVIEW_FEATURES=true\n",
    );
    let project = db
        .project_id
        .as_ref()
        .map(|project| format!(" --project {}", shell_word(project)))
        .unwrap_or_default();
    out.push_str(&format!(
        "scalingo{region} database-create --type {} --plan {}{project} --wait {}\n",
        shell_word(&db.technology),
        shell_word(&db.plan),
        shell_word(&db.name)
    ));
    for rule in rules {
        let what = match rule {
            RuleSpec::Custom { cidr, label } => {
                let label = label
                    .as_ref()
                    .map(|label| format!(" --label {}", shell_word(label)))
                    .unwrap_or_default();
                format!("--cidr {}{label}", shell_word(cidr))
            }
            RuleSpec::Managed { range_id, .. } => {
                format!("--managed-range {}", shell_word(range_id))
            }
        };
        out.push_str(&format!(
            "scalingo{region} --database {} database-firewall-rules-add {what}\n",
            shell_word(&db.name)
        ));
    }
    out
}

/// A Terraform configuration with the Scalingo provider: the database as a `scalingo_database`,
/// its rules as `scalingo_database_firewall_rule` (managed ranges looked up by name).
pub fn terraform(target: &Target, db: &DatabaseSpec, rules: &[RuleSpec]) -> String {
    let label = hcl_label(&db.name);
    let mut out = String::from(
        "terraform {\n  required_providers {\n    scalingo = {\n      source = \"Scalingo/scalingo\"\n    }\n  }\n}\n\n# The token comes from SCALINGO_API_TOKEN, never from this file.\nprovider \"scalingo\" {\n",
    );
    if let Some(region) = &target.region {
        out.push_str(&format!("  region = {}\n", hcl_string(region)));
    }
    out.push_str("}\n\n");
    out.push_str(&format!(
        "resource \"scalingo_database\" \"{label}\" {{\n  name       = {}\n  technology = {}\n  plan       = {}\n",
        hcl_string(&db.name),
        hcl_string(&db.technology),
        hcl_string(&db.plan)
    ));
    if let Some(project) = &db.project_id {
        out.push_str(&format!("  project_id = {}\n", hcl_string(project)));
    }
    out.push_str("}\n");
    let mut used: Vec<String> = Vec::new();
    let mut unique = |base: String| {
        let mut name = base.clone();
        let mut n = 2;
        while used.contains(&name) {
            name = format!("{base}_{n}");
            n += 1;
        }
        used.push(name.clone());
        name
    };
    for rule in rules {
        match rule {
            RuleSpec::Custom {
                cidr,
                label: rule_label,
            } => {
                let name = unique(hcl_label(rule_label.as_deref().unwrap_or(cidr)));
                out.push_str(&format!(
                    "\nresource \"scalingo_database_firewall_rule\" \"{name}\" {{\n  database_id = scalingo_database.{label}.database_id\n  cidr        = {}\n",
                    hcl_string(cidr)
                ));
                if let Some(rule_label) = rule_label {
                    out.push_str(&format!("  label       = {}\n", hcl_string(rule_label)));
                }
                out.push_str("}\n");
            }
            RuleSpec::Managed { range_name, .. } => {
                let name = unique(hcl_label(range_name));
                out.push_str(&format!(
                    "\ndata \"scalingo_database_firewall_managed_range\" \"{name}\" {{\n  database_id = scalingo_database.{label}.database_id\n  name        = {}\n}}\n\nresource \"scalingo_database_firewall_rule\" \"{name}\" {{\n  database_id      = scalingo_database.{label}.database_id\n  managed_range_id = data.scalingo_database_firewall_managed_range.{name}.id\n}}\n",
                    hcl_string(range_name)
                ));
            }
        }
    }
    out
}

/// A path segment for a URL in a command (as the console's own URLs encode one).
pub fn path_segment(text: &str) -> String {
    let mut encoded = String::with_capacity(text.len());
    for byte in text.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            encoded.push(char::from(byte));
        } else {
            encoded.push_str(&format!("%{byte:02X}"));
        }
    }
    encoded
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The spec's example object.
    fn example() -> DatabaseSpec {
        DatabaseSpec {
            name: "my-postgres-db".into(),
            technology: "postgresql-dr".into(),
            plan: "postgresql-dr-starter-4096".into(),
            project_id: Some("pr-82a3cac5-9b25-473e-b33d-6272b87e636f".into()),
        }
    }

    fn fr1() -> Target {
        Target {
            region: Some("osc-fr1".into()),
            api_url: "https://api.osc-fr1.scalingo.com".into(),
        }
    }

    fn rules() -> Vec<RuleSpec> {
        vec![
            RuleSpec::Custom {
                cidr: "203.0.113.0/24".into(),
                label: Some("Office network".into()),
            },
            RuleSpec::Managed {
                range_id: "mr-scalingo-osc-fr1".into(),
                range_name: "Scalingo osc-fr1 region".into(),
            },
        ]
    }

    #[test]
    fn curl_for_the_spec_example() {
        assert_eq!(
            curl(&fr1(), &example(), &[]),
            "# SCALINGO_TOKEN: a bearer token, from POST https://auth.scalingo.com/v1/tokens/exchange\n\
curl -X POST https://api.osc-fr1.scalingo.com/v1/databases \\\n  \
-H 'Accept: application/json' -H 'Content-Type: application/json' \\\n  \
-H \"Authorization: Bearer $SCALINGO_TOKEN\" \\\n  \
-d '{\"database\":{\"name\":\"my-postgres-db\",\"technology\":\"postgresql-dr\",\"plan\":\"postgresql-dr-starter-4096\",\"project_id\":\"pr-82a3cac5-9b25-473e-b33d-6272b87e636f\"}}'\n"
        );
    }

    #[test]
    fn curl_with_rules_finds_the_addon_then_adds_each() {
        let text = curl(&fr1(), &example(), &rules());
        assert!(text.contains(
            "ADDON_ID=\"$(curl -s -H 'Accept: application/json' -H \"Authorization: Bearer $SCALINGO_TOKEN\" https://api.osc-fr1.scalingo.com/v1/apps/my-postgres-db/addons | jq -r '.addons[0].id')\"\n"
        ));
        assert!(text.contains(
            "-d '{\"firewall_rule\":{\"type\":\"custom_range\",\"cidr\":\"203.0.113.0/24\",\"label\":\"Office network\"}}'\n"
        ));
        assert!(text.contains(
            "-d '{\"firewall_rule\":{\"type\":\"managed_range\",\"range_id\":\"mr-scalingo-osc-fr1\"}}'\n"
        ));
        assert_eq!(text.matches("curl -X POST \"https://api.osc-fr1.scalingo.com/api/databases/$ADDON_ID/firewall_rules\"").count(), 2);
    }

    #[test]
    fn cli_for_the_spec_example_with_rules() {
        assert_eq!(
            cli(&fr1(), &example(), &rules()),
            "# The CLI signs in with `scalingo login` or $SCALINGO_API_TOKEN.\n\
export SCALINGO_PREVIEW_FEATURES=true\n\
scalingo --region osc-fr1 database-create --type postgresql-dr --plan postgresql-dr-starter-4096 --project pr-82a3cac5-9b25-473e-b33d-6272b87e636f --wait my-postgres-db\n\
scalingo --region osc-fr1 --database my-postgres-db database-firewall-rules-add --cidr 203.0.113.0/24 --label 'Office network'\n\
scalingo --region osc-fr1 --database my-postgres-db database-firewall-rules-add --managed-range mr-scalingo-osc-fr1\n"
        );
    }

    #[test]
    fn terraform_for_the_spec_example_with_rules() {
        assert_eq!(
            terraform(&fr1(), &example(), &rules()),
            r#"terraform {
  required_providers {
    scalingo = {
      source = "Scalingo/scalingo"
    }
  }
}

# The token comes from SCALINGO_API_TOKEN, never from this file.
provider "scalingo" {
  region = "osc-fr1"
}

resource "scalingo_database" "my_postgres_db" {
  name       = "my-postgres-db"
  technology = "postgresql-dr"
  plan       = "postgresql-dr-starter-4096"
  project_id = "pr-82a3cac5-9b25-473e-b33d-6272b87e636f"
}

resource "scalingo_database_firewall_rule" "office_network" {
  database_id = scalingo_database.my_postgres_db.database_id
  cidr        = "203.0.113.0/24"
  label       = "Office network"
}

data "scalingo_database_firewall_managed_range" "scalingo_osc_fr1_region" {
  database_id = scalingo_database.my_postgres_db.database_id
  name        = "Scalingo osc-fr1 region"
}

resource "scalingo_database_firewall_rule" "scalingo_osc_fr1_region" {
  database_id      = scalingo_database.my_postgres_db.database_id
  managed_range_id = data.scalingo_database_firewall_managed_range.scalingo_osc_fr1_region.id
}
"#
        );
    }

    #[test]
    fn the_default_project_and_a_non_region_api_leave_their_lines_out() {
        let db = DatabaseSpec {
            project_id: None,
            ..example()
        };
        let custom = Target {
            region: None,
            api_url: "http://127.0.0.1:8080/api/".into(),
        };
        assert!(cli(&custom, &db, &[]).contains(
            "scalingo database-create --type postgresql-dr --plan postgresql-dr-starter-4096 --wait my-postgres-db\n"
        ));
        assert!(curl(&custom, &db, &[])
            .contains("curl -X POST http://127.0.0.1:8080/api/v1/databases \\"));
        let tf = terraform(&custom, &db, &[]);
        assert!(tf.contains("provider \"scalingo\" {\n}\n"));
        assert!(!tf.contains("project_id"));
    }

    #[test]
    fn odd_names_are_quoted_for_the_shell_and_for_terraform() {
        // A server may send any name; the commands must still say exactly it.
        let odd = DatabaseSpec {
            name: "o'brien $(rm -rf) \"db\"".into(),
            ..example()
        };
        let text = cli(
            &fr1(),
            &odd,
            &[RuleSpec::Custom {
                cidr: "10.0.0.0/8".into(),
                label: Some("it's ${home}".into()),
            }],
        );
        assert!(
            text.contains(r#"--wait 'o'\''brien $(rm -rf) "db"'"#),
            "{text}"
        );
        assert!(text.contains(r#"--label 'it'\''s ${home}'"#), "{text}");
        let body = curl(&fr1(), &odd, &[]);
        assert!(
            body.contains(r#"-d '{"database":{"name":"o'\''brien $(rm -rf) \"db\"","#),
            "{body}"
        );
        let tf = terraform(
            &fr1(),
            &odd,
            &[RuleSpec::Custom {
                cidr: "10.0.0.0/8".into(),
                label: Some("it's ${home}".into()),
            }],
        );
        assert!(
            tf.contains(r#"name       = "o'brien $(rm -rf) \"db\"""#),
            "{tf}"
        );
        assert!(tf.contains(r#"label       = "it's $${home}""#), "{tf}");
        assert!(
            tf.contains("resource \"scalingo_database\" \"o_brien___rm__rf___db_\""),
            "{tf}"
        );
        assert_eq!(shell_word("plain-name_1.2"), "plain-name_1.2");
        assert_eq!(shell_word(""), "''");
        assert_eq!(hcl_label("9lives"), "db_9lives");
        assert_eq!(hcl_string("a\\b\nc %{x}"), r#""a\\b\nc %%{x}""#);
    }

    #[test]
    fn rules_of_the_same_name_get_distinct_resources() {
        let twice = vec![
            RuleSpec::Custom {
                cidr: "10.0.0.0/8".into(),
                label: Some("Office".into()),
            },
            RuleSpec::Custom {
                cidr: "10.1.0.0/16".into(),
                label: Some("Office".into()),
            },
        ];
        let tf = terraform(&fr1(), &example(), &twice);
        assert!(tf.contains("\"scalingo_database_firewall_rule\" \"office\""));
        assert!(tf.contains("\"scalingo_database_firewall_rule\" \"office_2\""));
    }
}
