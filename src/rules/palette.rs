//! The command palette's rules: which entries a query finds and in what order, how the arrow
//! keys move the active option, and which database a page is about. Pure, with host tests; the
//! dialog is [`crate::components::command_palette`].

/// How well a query matches a text; the earlier the variant, the better.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Closeness {
    /// The whole text.
    Exact,
    /// Its start.
    Prefix,
    /// The start of one of its words (after `-`, `_`, `.`, a space or a `/`).
    WordStart,
    /// Somewhere inside.
    Inside,
}

/// How `query` (already lower case, not empty) matches `text`, case-insensitively; `None` when
/// it does not appear in it.
pub fn closeness(query: &str, text: &str) -> Option<Closeness> {
    let text = text.to_lowercase();
    if text == query {
        return Some(Closeness::Exact);
    }
    let mut found = None;
    for (at, _) in text.match_indices(query) {
        let here = if at == 0 {
            Closeness::Prefix
        } else if text[..at].ends_with(['-', '_', '.', ' ', '/']) {
            Closeness::WordStart
        } else {
            Closeness::Inside
        };
        found = Some(found.map_or(here, |best: Closeness| best.min(here)));
    }
    found
}

/// One thing the palette can find: a database (by its name or its id) or an action (by its
/// label). `key` is what the caller gets back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry<K> {
    pub key: K,
    /// What is searched first and shown: the database's name, the action's label.
    pub name: String,
    /// Searched too, after the name: the database's id.
    pub id: Option<String>,
}

/// An entry's rank for a query: a match in the name beats any match in the id.
fn rank_of<K>(query: &str, entry: &Entry<K>) -> Option<(u8, Closeness)> {
    let by_name = closeness(query, &entry.name).map(|c| (0, c));
    let by_id = entry
        .id
        .as_deref()
        .and_then(|id| closeness(query, id))
        .map(|c| (1, c));
    match (by_name, by_id) {
        (Some(name), _) => Some(name),
        (None, id) => id,
    }
}

/// The entries that `query` finds, best first, at most `limit` of them. The query is trimmed
/// and compared case-insensitively; an empty query finds every entry in the given order. Equal
/// matches keep the given order (the caller puts what it prefers first).
pub fn find<K: Clone>(query: &str, entries: &[Entry<K>], limit: usize) -> Vec<K> {
    let query = query.trim().to_lowercase();
    if query.is_empty() {
        return entries.iter().take(limit).map(|e| e.key.clone()).collect();
    }
    let mut found: Vec<((u8, Closeness), usize)> = entries
        .iter()
        .enumerate()
        .filter_map(|(index, entry)| rank_of(&query, entry).map(|rank| (rank, index)))
        .collect();
    // Stable: equal ranks keep the entries' order.
    found.sort_by_key(|(rank, _)| *rank);
    found
        .into_iter()
        .take(limit)
        .map(|(_, index)| entries[index].key.clone())
        .collect()
}

/// A key that moves the active option of a listbox (Home and End stay the text field's).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Move {
    Down,
    Up,
}

impl Move {
    /// The move a key makes (`KeyboardEvent.key`), if it makes one.
    pub fn from_key(key: &str) -> Option<Self> {
        match key {
            "ArrowDown" => Some(Self::Down),
            "ArrowUp" => Some(Self::Up),
            _ => None,
        }
    }
}

/// The active option after a move among `count` options; the arrows wrap around. `None` when
/// there is no option.
pub fn moved(active: Option<usize>, count: usize, step: Move) -> Option<usize> {
    if count == 0 {
        return None;
    }
    let last = count - 1;
    Some(match (step, active) {
        (Move::Down, None) => 0,
        (Move::Up, None) => last,
        (Move::Down, Some(at)) if at >= last => 0,
        (Move::Down, Some(at)) => at + 1,
        (Move::Up, Some(0)) => last,
        (Move::Up, Some(at)) => at.min(last + 1) - 1,
    })
}

/// The database a page is about, from its app path (`/databases/{id or name}/…`, without the
/// sub-path): `None` for the list, the create form and every other page.
pub fn database_of_path(path: &str) -> Option<String> {
    let rest = path.strip_prefix("/databases/")?;
    let segment = rest.split('/').next().unwrap_or_default();
    if segment.is_empty() || segment == "new" {
        return None;
    }
    Some(percent_decoded(segment))
}

/// A path segment with its `%XX` escapes decoded (left as they are when not valid UTF-8).
fn percent_decoded(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while at < bytes.len() {
        let hex = bytes
            .get(at + 1..at + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[at], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                at += 3;
            }
            (byte, _) => {
                out.push(byte);
                at += 1;
            }
        }
    }
    String::from_utf8(out).unwrap_or_else(|_| segment.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn database(name: &str, id: &str) -> Entry<String> {
        Entry {
            key: format!("{name}@{id}"),
            name: name.into(),
            id: Some(id.into()),
        }
    }

    fn action(label: &str) -> Entry<String> {
        Entry {
            key: label.into(),
            name: label.into(),
            id: None,
        }
    }

    #[test]
    fn closeness_prefers_the_whole_name_then_its_start_then_a_word() {
        assert_eq!(closeness("orders", "Orders"), Some(Closeness::Exact));
        assert_eq!(closeness("ord", "orders-db"), Some(Closeness::Prefix));
        assert_eq!(closeness("db", "orders-db"), Some(Closeness::WordStart));
        assert_eq!(closeness("der", "orders-db"), Some(Closeness::Inside));
        assert_eq!(closeness("xyz", "orders-db"), None);
        // The best of several places counts.
        assert_eq!(closeness("db", "adb-db"), Some(Closeness::WordStart));
    }

    #[test]
    fn a_part_of_a_name_or_an_id_finds_the_database_best_first() {
        let entries = [
            database("billing-db", "5410aa"),
            database("db", "5410bb"),
            database("second-region-db", "6610cc"),
            action("New database"),
        ];
        assert_eq!(
            find("DB ", &entries, 10),
            ["db@5410bb", "billing-db@5410aa", "second-region-db@6610cc"]
        );
        assert_eq!(find("data", &entries, 10), ["New database"]);
        assert_eq!(find("second", &entries, 10), ["second-region-db@6610cc"]);
        // By id, after every match by name.
        assert_eq!(find("6610", &entries, 10), ["second-region-db@6610cc"]);
        assert_eq!(find("5410", &entries, 1), ["billing-db@5410aa"]);
        assert!(find("nothing-like-it", &entries, 10).is_empty());
    }

    #[test]
    fn an_empty_query_lists_the_entries_in_their_order_up_to_the_limit() {
        let entries = [action("Overview"), action("Connect"), action("Sign out")];
        assert_eq!(find("  ", &entries, 2), ["Overview", "Connect"]);
    }

    #[test]
    fn equal_matches_keep_the_given_order() {
        // The same name in two regions: both, in the list's order.
        let entries = [database("shared", "fr1-id"), database("shared", "fr2-id")];
        assert_eq!(
            find("shared", &entries, 10),
            ["shared@fr1-id", "shared@fr2-id"]
        );
    }

    #[test]
    fn the_arrows_wrap_around() {
        assert_eq!(moved(None, 3, Move::Down), Some(0));
        assert_eq!(moved(None, 3, Move::Up), Some(2));
        assert_eq!(moved(Some(0), 3, Move::Down), Some(1));
        assert_eq!(moved(Some(2), 3, Move::Down), Some(0));
        assert_eq!(moved(Some(0), 3, Move::Up), Some(2));
        assert_eq!(moved(Some(2), 3, Move::Up), Some(1));
        // Fewer options than before: back in range.
        assert_eq!(moved(Some(7), 3, Move::Down), Some(0));
        assert_eq!(moved(Some(7), 3, Move::Up), Some(2));
        assert_eq!(moved(Some(0), 0, Move::Down), None);
        assert_eq!(Move::from_key("ArrowDown"), Some(Move::Down));
        assert_eq!(Move::from_key("a"), None);
    }

    #[test]
    fn the_database_a_page_is_about() {
        assert_eq!(database_of_path("/databases/orders"), Some("orders".into()));
        assert_eq!(
            database_of_path("/databases/my%20db/connect"),
            Some("my db".into())
        );
        assert_eq!(database_of_path("/databases/new"), None);
        assert_eq!(database_of_path("/databases"), None);
        assert_eq!(database_of_path("/databases/"), None);
        assert_eq!(database_of_path("/sign-in"), None);
        // A broken escape is kept as it is.
        assert_eq!(database_of_path("/databases/a%zz"), Some("a%zz".into()));
    }
}
