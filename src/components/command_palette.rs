use std::sync::Arc;

use leptos::html::Dialog;
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};

use crate::api::types::ListedDatabase;
use crate::browser;
use crate::components::dialog::use_modal;
use crate::pages::databases::reads::RegionReads;
use crate::paths::{self, DatabaseTab};
use crate::rules::palette::{self, Entry};
use crate::session::Connection;
use crate::state::theme::use_theme;
use crate::state::use_session;

/// At most this many options are drawn: a few keys more find the rest.
const MOST_OPTIONS: usize = 50;

/// What an option of the palette does.
#[derive(Clone, Debug, PartialEq)]
enum Command {
    /// Opens a database (in its region when the session reads several).
    Database {
        name: String,
        region: Option<String>,
    },
    /// Opens a tab of the database the page is about.
    Tab {
        database: String,
        region: Option<String>,
        tab: DatabaseTab,
    },
    NewDatabase,
    SwitchTheme,
    Shortcuts,
    ResetDemo,
    SignOut,
}

/// One option: what it does, its text, and what else it says (the region, "Action").
#[derive(Clone, Debug, PartialEq)]
struct PaletteOption {
    command: Command,
    name: String,
    id: Option<String>,
    detail: String,
}

/// The command palette (Ctrl+K / ⌘K, or **Search everything** in the header): a modal dialog
/// with a combobox (WAI-ARIA's combobox with a listbox popup: focus stays in the field, the
/// arrows move the active option, Enter runs it, Escape closes) that finds any database of the
/// session, in every region, by part of its name or id, and the console's actions. Once closed,
/// focus is back where it was, then the chosen command runs (so what it opens or focuses keeps
/// focus).
///
/// The databases are those the list kept (its last read); when it has none yet, the palette
/// reads every region once, as the list does, when it opens.
#[component]
pub fn CommandPalette(
    /// True while shown: the shell mounts the palette when it turns true (so nothing of it is in
    /// the page while closed), and the palette sets it back to false once closed.
    open: RwSignal<bool>,
    /// Set to ask for the shortcuts' help.
    help_open: RwSignal<bool>,
    /// Set to ask the demo banner's **Reset demo** question.
    reset_demo_asked: RwSignal<bool>,
    /// Signs out, as the header's button does.
    sign_out: Callback<()>,
) -> impl IntoView {
    let state = use_session();
    let theme = use_theme();
    let navigate = use_navigate();
    let location = use_location();
    let dialog = NodeRef::<Dialog>::new();
    let restore_focus = use_modal(dialog, open.into(), "#palette-query");
    let query = RwSignal::new(String::new());
    // The active option's place among those found (reset to the first as the query changes).
    let active = RwSignal::new(0_usize);
    // The command chosen, run once the dialog has closed and focus is back.
    let chosen = StoredValue::new(None::<Command>);

    // Mounted when it opens: the databases the list kept, else the same per-region reads as
    // the list, once per opening (no polling here; the read keeps its rows for the next one).
    let reads = RegionReads::new(state, None);
    if state.kept_list().is_none() {
        reads.load_all();
    }
    let databases = Memo::new(move |_| {
        state
            .kept_list()
            .map(|kept| kept.value)
            .or_else(|| reads.merged())
            .unwrap_or_else(|| Arc::new(Vec::new()))
    });

    // The database the page is about, with the region its link carries.
    let on_database = Memo::new(move |_| {
        let path = location.pathname.get();
        let database = palette::database_of_path(paths::strip_base(paths::base(), &path))?;
        let region = location.query.with(|q| q.get("region"));
        Some((database, region))
    });

    let options = Memo::new(move |_| {
        let several = state.several_regions();
        let regions = state.regions();
        let label_of = |name: &str| {
            regions
                .iter()
                .find(|r| r.name == name)
                .map_or_else(|| name.to_string(), |r| r.label.clone())
        };
        let mut options = Vec::new();
        if let Some((database, region)) = on_database.get() {
            options.extend(DatabaseTab::ALL.into_iter().map(|tab| PaletteOption {
                command: Command::Tab {
                    database: database.clone(),
                    region: region.clone(),
                    tab,
                },
                name: tab.label().to_string(),
                id: None,
                detail: format!("Tab of {database}"),
            }));
        }
        options.extend(
            databases
                .get()
                .iter()
                .map(|row| database_option(row, several, &label_of)),
        );
        let action = |command, name: &str| PaletteOption {
            command,
            name: name.to_string(),
            id: None,
            detail: "Action".to_string(),
        };
        options.push(action(Command::NewDatabase, "New database"));
        options.push(action(Command::SwitchTheme, "Switch theme"));
        options.push(action(Command::Shortcuts, "Keyboard shortcuts"));
        if state
            .get()
            .is_some_and(|s| s.connection == Connection::Demo)
        {
            options.push(action(Command::ResetDemo, "Reset demo"));
        }
        options.push(action(Command::SignOut, "Sign out"));
        options
    });
    let found = Memo::new(move |_| {
        let options = options.get();
        let entries: Vec<Entry<usize>> = options
            .iter()
            .enumerate()
            .map(|(index, option)| Entry {
                key: index,
                name: option.name.clone(),
                id: option.id.clone(),
            })
            .collect();
        let keys = query.with(|q| palette::find(q, &entries, MOST_OPTIONS));
        keys.into_iter()
            .filter_map(|index| options.get(index).cloned())
            .collect::<Vec<_>>()
    });
    let active_index = move || {
        let count = found.with(Vec::len);
        (count > 0).then(|| active.get().min(count - 1))
    };

    let choose = move |index: usize| {
        let Some(option) = found.with_untracked(|f| f.get(index).cloned()) else {
            return;
        };
        chosen.set_value(Some(option.command));
        // Closed by the element, so its `close` event gives focus back, then runs the command.
        if let Some(element) = dialog.get_untracked() {
            element.close();
        }
    };
    let run = move |command: Command| match command {
        Command::Database { name, region } => {
            navigate(
                &paths::database_in(&name, region.as_deref(), DatabaseTab::Overview),
                Default::default(),
            );
        }
        Command::Tab {
            database,
            region,
            tab,
        } => navigate(
            &paths::database_in(&database, region.as_deref(), tab),
            Default::default(),
        ),
        Command::NewDatabase => navigate(paths::NEW_DATABASE, Default::default()),
        Command::SwitchTheme => theme.switch(),
        Command::Shortcuts => help_open.set(true),
        Command::ResetDemo => reset_demo_asked.set(true),
        Command::SignOut => sign_out.run(()),
    };
    let on_keydown = move |event: leptos::ev::KeyboardEvent| {
        let key = event.key();
        // Ctrl+K / ⌘K again closes it (the page's shortcut listener sees the key as used). Once
        // closed, while its `close` event still waits behind this key, the key is left to the
        // page's listener, which opens the palette again after the close (`use_shortcuts`).
        if key.eq_ignore_ascii_case("k") && (event.ctrl_key() || event.meta_key()) {
            if let Some(element) = dialog.get_untracked().filter(|element| element.open()) {
                event.prevent_default();
                element.close();
            }
            return;
        }
        if let Some(step) = palette::Move::from_key(&key) {
            event.prevent_default();
            let count = found.with_untracked(Vec::len);
            let now = active_index_untracked(active, count);
            if let Some(next) = palette::moved(now, count, step) {
                active.set(next);
                browser::scroll_into_view_nearest(&option_id(next));
            }
        } else if key == "Enter" {
            event.prevent_default();
            let count = found.with_untracked(Vec::len);
            if let Some(index) = active_index_untracked(active, count) {
                choose(index);
            }
        }
    };

    view! {
        <dialog
            node_ref=dialog
            class="dialog dialog--palette"
            aria-labelledby="palette-title"
            on:close=move |_| {
                restore_focus();
                let command = chosen.try_get_value().flatten();
                chosen.try_set_value(None);
                if let Some(command) = command {
                    run(command);
                }
                // Last: this unmounts the palette.
                open.set(false);
            }
        >
            <h2 id="palette-title">"Search everything"</h2>
            <div class="field">
                <label for="palette-query">"Database name or ID, or an action"</label>
                <input
                    id="palette-query"
                    type="text"
                    role="combobox"
                    autocomplete="off"
                    spellcheck="false"
                    aria-autocomplete="list"
                    aria-controls="palette-options"
                    aria-expanded=move || (!found.with(Vec::is_empty)).to_string()
                    aria-activedescendant=move || active_index().map(option_id)
                    prop:value=move || query.get()
                    on:input=move |ev| {
                        query.set(event_target_value(&ev));
                        active.set(0);
                    }
                    on:keydown=on_keydown
                />
            </div>
            <p class="palette__status" role="status">
                {move || {
                    let count = found.with(Vec::len);
                    let reading = reads.pending() && state.kept_list().is_none();
                    match (count, reading) {
                        (0, true) => "Reading the databases of every region…".to_string(),
                        (0, false) => "Nothing matches.".to_string(),
                        (1, _) => "1 result".to_string(),
                        (n, _) if n >= MOST_OPTIONS => format!("The first {n} results: type more to narrow them"),
                        (n, _) => format!("{n} results"),
                    }
                }}
            </p>
            <ul id="palette-options" class="palette__options" role="listbox" aria-label="Results">
                {move || {
                    let selected = active_index();
                    found
                        .get()
                        .into_iter()
                        .enumerate()
                        .map(|(index, option)| {
                            let is_active = selected == Some(index);
                            view! {
                                <li
                                    id=option_id(index)
                                    role="option"
                                    class="palette__option"
                                    aria-selected=is_active.to_string()
                                    // Focus stays in the field, as the pattern wants.
                                    on:mousedown=|ev| ev.prevent_default()
                                    on:click=move |_| choose(index)
                                >
                                    <span class="palette__name">{option.name}</span>
                                    // Read as "orders, Database in Paris", not "ordersDatabase".
                                    <span class="visually-hidden">", "</span>
                                    <span class="palette__detail">{option.detail}</span>
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            <p class="palette__hint hint">
                "↑ ↓ to move, Enter to open, Escape to close."
            </p>
        </dialog>
    }
}

/// The option for a database: its name, and its region when the session reads several (the
/// link then carries it: names are unique per region only).
fn database_option(
    row: &ListedDatabase,
    several: bool,
    label_of: &dyn Fn(&str) -> String,
) -> PaletteOption {
    let region = row.region.clone().filter(|_| several);
    let detail = match &region {
        Some(region) => format!("Database in {}", label_of(region)),
        None => "Database".to_string(),
    };
    PaletteOption {
        command: Command::Database {
            name: row.database.name.clone(),
            region,
        },
        name: row.database.name.clone(),
        id: Some(row.database.id.clone()),
        detail,
    }
}

fn option_id(index: usize) -> String {
    format!("palette-option-{index}")
}

fn active_index_untracked(active: RwSignal<usize>, count: usize) -> Option<usize> {
    (count > 0).then(|| active.get_untracked().min(count - 1))
}
