//! The list follows its databases in transition: each one provisioning or updating is read
//! again — one Database API read each, at the polls' priority in the request budget, on
//! [`crate::rules::polling`]'s schedule, never while the tab is hidden — and when one is running
//! it is said in the shell's polite live region. The other rows cost nothing.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::table::row_key;
use crate::api::types::ListedDatabase;
use crate::browser;
use crate::rules::Status;
use crate::state::announce::Tone;
use crate::state::use_session;

/// Polls the rows in transition for as long as the list is shown, writing what it reads into
/// `polled` (by [`row_key`]).
pub(super) fn follow(
    rows: Signal<Arc<Vec<ListedDatabase>>>,
    polled: RwSignal<HashMap<String, Status>>,
) {
    let state = use_session();
    let schedule = state.config().polling;
    let visible = browser::use_visibility();
    let opened_at = js_sys::Date::now();
    // A round of polls under way: the next one is scheduled when it ends.
    let polling = RwSignal::new(false);
    let timer = StoredValue::new_local(None::<TimeoutHandle>);
    // The rows to read: in transition by the freshest status known, with an addon to read.
    let in_transition = Memo::new(move |_| {
        rows.with(|rows| {
            {
                polled.with(|polled| {
                    rows.iter()
                        .filter(|row| {
                            polled
                                .get(&row_key(row))
                                .copied()
                                .unwrap_or(row.status)
                                .is_transition()
                        })
                        .filter_map(|row| {
                            let id = row_key(row);
                            let region = row.region.clone().unwrap_or_default();
                            Some((id, row.database.name.clone(), region, row.addon_ref()?))
                        })
                        .collect::<Vec<_>>()
                })
            }
        })
    });
    Effect::new(move |_| {
        let rows = in_transition.get();
        let hidden = !visible.get();
        if polling.get() {
            return;
        }
        if let Some(handle) = timer.get_value() {
            handle.clear();
            timer.set_value(None);
        }
        let elapsed = (js_sys::Date::now() - opened_at).max(0.0) as u64;
        let Some(ms) = (!rows.is_empty())
            .then(|| schedule.next_read(Status::Provisioning, elapsed, hidden))
            .flatten()
        else {
            return;
        };
        let round = move || {
            polling.set(true);
            spawn_local(async move {
                for (id, name, region, addon) in rows {
                    let client = state
                        .client_in_untracked(&region)
                        .map(|client| client.polling());
                    // Hidden meanwhile, or the page is gone: the round stops here.
                    if browser::is_hidden() || polling.try_get_untracked().is_none() {
                        break;
                    }
                    // Not retried: the next round is the retry.
                    let read = state
                        .call(client, move |client| async move {
                            client.get_dbaas(&addon).await
                        })
                        .await;
                    let Ok(record) = read else { continue };
                    let Some(status) = record.status().and_then(Status::from_dbaas) else {
                        continue;
                    };
                    let before = polled.try_with_untracked(|p| p.get(&id).copied()).flatten();
                    polled.try_update(|p| {
                        p.insert(id, status);
                    });
                    if status == Status::Running && before != Some(Status::Running) {
                        state.announce(Tone::Success, format!("{name} is running."), None);
                    }
                }
                polling.try_set(false);
            });
        };
        timer.set_value(set_timeout_with_handle(round, Duration::from_millis(ms)).ok());
    });
    on_cleanup(move || {
        if let Some(handle) = timer.try_get_value().flatten() {
            handle.clear();
        }
    });
}
