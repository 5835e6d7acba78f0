//! Words for people: a server's field message as a sentence that names the field, and how long
//! ago something happened. Pure Rust with host tests.

/// A field as people read it: the label its form shows, else the field name humanised
/// (`project_id` → `Project id`, `app` → `App`).
pub fn field_label(field: &str) -> String {
    match field {
        "name" | "new_name" => "Name".into(),
        "plan" | "plan_id" => "Plan".into(),
        "project_id" => "Project".into(),
        "technology" => "Technology".into(),
        "cidr" => "CIDR".into(),
        "label" => "Label".into(),
        "range_id" => "Managed range".into(),
        "base" | "database" | "firewall_rule" => String::new(),
        other => capitalise(&other.replace('_', " ")),
    }
}

/// A field's message from the server as a sentence, the way Rails' full messages read: the
/// field's label first ("Name has already been taken"), unless the message already starts
/// with it or the field is the whole object (`base`). Always capitalised.
pub fn field_sentence(field: &str, message: &str) -> String {
    let message = message.trim();
    let label = field_label(field);
    let starts_with_label = !label.is_empty()
        && message
            .get(..label.len())
            .is_some_and(|start| start.eq_ignore_ascii_case(&label));
    if label.is_empty() || starts_with_label {
        capitalise(message)
    } else {
        format!("{label} {message}")
    }
}

/// Whether a message says a name is in use by another database (the API's "has already been
/// taken"), so the console can link to that database.
pub fn says_taken(message: &str) -> bool {
    let lower = message.to_lowercase();
    [
        "already been taken",
        "already taken",
        "already exists",
        "already in use",
    ]
    .iter()
    .any(|phrase| lower.contains(phrase))
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// How long ago, in words: "just now", "12 s ago", "3 min ago", "2 h ago", "3 days ago".
pub fn ago(seconds: u64) -> String {
    match seconds {
        0..=4 => "just now".into(),
        5..=59 => format!("{seconds} s ago"),
        60..=3_599 => format!("{} min ago", seconds / 60),
        3_600..=86_399 => format!("{} h ago", seconds / 3_600),
        _ => match seconds / 86_400 {
            1 => "1 day ago".into(),
            days => format!("{days} days ago"),
        },
    }
}

/// A duration in words, for how long something has been going on: "45 s", "3 min", "1 h 5 min".
pub fn duration(seconds: u64) -> String {
    match seconds {
        0..=59 => format!("{seconds} s"),
        60..=3_599 => format!("{} min", seconds / 60),
        _ => {
            let (hours, minutes) = (seconds / 3_600, (seconds % 3_600) / 60);
            if minutes == 0 {
                format!("{hours} h")
            } else {
                format!("{hours} h {minutes} min")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_their_field() {
        assert_eq!(
            field_sentence("name", "has already been taken"),
            "Name has already been taken"
        );
        assert_eq!(
            field_sentence("app", "missing field (demo fault)"),
            "App missing field (demo fault)"
        );
        assert_eq!(
            field_sentence("project_id", "is not one of your projects"),
            "Project is not one of your projects"
        );
        assert_eq!(field_sentence("some_field", "is odd"), "Some field is odd");
        // Already a sentence that names the field, or about the whole object.
        assert_eq!(
            field_sentence("name", "Name is reserved"),
            "Name is reserved"
        );
        assert_eq!(
            field_sentence("base", "a database may have at most 30 rules"),
            "A database may have at most 30 rules"
        );
        assert_eq!(field_label("new_name"), "Name");
        assert_eq!(field_label("cidr"), "CIDR");
    }

    #[test]
    fn taken_names_are_recognised() {
        assert!(says_taken("has already been taken"));
        assert!(says_taken("Name is already in use"));
        assert!(!says_taken("is reserved"));
        assert!(!says_taken(""));
    }

    #[test]
    fn times_in_words() {
        assert_eq!(ago(0), "just now");
        assert_eq!(ago(12), "12 s ago");
        assert_eq!(ago(60), "1 min ago");
        assert_eq!(ago(3_599), "59 min ago");
        assert_eq!(ago(7_200), "2 h ago");
        assert_eq!(ago(86_400), "1 day ago");
        assert_eq!(ago(3 * 86_400), "3 days ago");
        assert_eq!(duration(45), "45 s");
        assert_eq!(duration(180), "3 min");
        assert_eq!(duration(3_600), "1 h");
        assert_eq!(duration(3_900), "1 h 5 min");
    }
}
