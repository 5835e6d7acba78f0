//! Following a database while it changes: provisioning after a create, updating after a plan
//! change. The status is read again on [`crate::rules::polling`]'s schedule (10 s at first,
//! slower later, never while the tab is hidden), each poll one read at the polls' priority in
//! the request budget. When the database is running again it is said in the shell's polite live
//! region and in the tab's title until the user is back; one still provisioning after 45
//! minutes is reported with what to do.

use std::time::Duration;

use leptos::prelude::*;

use super::{use_database, DatabaseContext};
use crate::browser;
use crate::messages::duration;
use crate::rules::polling::OVERDUE_MESSAGE;
use crate::rules::Status;
use crate::state::announce::Tone;

/// When the transition on screen started (ms since the epoch): the app's creation for a
/// database provisioning, the plan change this tab asked for while updating, else when the
/// page opened.
fn started_at(db: DatabaseContext) -> f64 {
    let state = db.session();
    db.with(|loaded| {
        let status = loaded.status();
        let created = loaded
            .listed
            .app
            .as_ref()
            .map(|app| app.created_at.clone())
            .and_then(|at| browser::parse_time(&at));
        match status {
            Status::Provisioning => created,
            Status::Updating => state.plan_change_started(&loaded.database().id),
            _ => None,
        }
    })
    .flatten()
    .unwrap_or(db.opened_at_ms)
    .min(js_sys::Date::now())
}

/// Starts following the database for as long as the layout is shown: polls on the schedule
/// while it is in transition (or, right after a create, while the API does not show it yet),
/// and says when it is running.
pub(super) fn follow(db: DatabaseContext, not_yet_visible: Signal<bool>) {
    let state = db.session();
    let schedule = state.config().polling;
    let visible = browser::use_visibility();
    let timer = StoredValue::new_local(None::<TimeoutHandle>);
    Effect::new(move |_| {
        let status = db.status();
        let pending = db.pending();
        let hidden = !visible.get();
        let waiting_for_it = not_yet_visible.get();
        if let Some(handle) = timer.get_value() {
            handle.clear();
            timer.set_value(None);
        }
        if pending {
            return;
        }
        let elapsed = (js_sys::Date::now() - started_at(db)).max(0.0) as u64;
        let next = if waiting_for_it {
            schedule.next_read(Status::Provisioning, elapsed, hidden)
        } else {
            schedule.next_read(status, elapsed, hidden)
        };
        if let Some(ms) = next {
            let handle = set_timeout_with_handle(
                move || {
                    if waiting_for_it {
                        db.reload();
                    } else {
                        db.poll();
                    }
                },
                Duration::from_millis(ms),
            );
            timer.set_value(handle.ok());
        }
    });
    on_cleanup(move || {
        if let Some(handle) = timer.try_get_value().flatten() {
            handle.clear();
        }
    });

    // Running again after a transition seen here: said once, and in the title until seen.
    let previous = StoredValue::new(None::<Status>);
    Effect::new(move |_| {
        let status = db.status();
        if status == Status::Unknown {
            return;
        }
        let before = previous.get_value();
        previous.set_value(Some(status));
        if before.is_some_and(Status::is_transition) && status == Status::Running {
            let name = db.name();
            state.announce(Tone::Success, format!("{name} is running."), None);
            state.set_title_note(Some(format!("✓ {name} is running")));
        }
    });
}

/// What is happening to the database, while something is: since when, how long it usually
/// takes, and past 45 minutes, what to do.
#[component]
pub(super) fn Tracker() -> impl IntoView {
    let db = use_database();
    let schedule = db.session().config().polling;
    // The elapsed time in words changes by itself: a clock, not a request.
    let now = RwSignal::new(js_sys::Date::now());
    let tick = set_interval_with_handle(
        move || {
            now.try_set(js_sys::Date::now());
        },
        Duration::from_secs(10),
    );
    on_cleanup(move || {
        if let Ok(handle) = tick {
            handle.clear();
        }
    });
    move || {
        let status = db.status();
        if !status.is_transition() {
            return None;
        }
        let elapsed_ms = (now.get() - started_at(db)).max(0.0) as u64;
        let since = duration(elapsed_ms / 1000);
        let name = db.name();
        let (what, usually) = match status {
            Status::Provisioning => (
                "is being provisioned",
                "This usually takes 15 to 30 minutes",
            ),
            Status::Updating => ("is changing plan", "This usually takes about 15 minutes"),
            Status::Upgrading => ("is being upgraded", "This can take several minutes"),
            _ => ("is being migrated", "This can take several minutes"),
        };
        let overdue = schedule.overdue(status, elapsed_ms);
        Some(view! {
            <div class="tracker" role="status">
                <p class="tracker__title">
                    <span class="tracker__icon" aria-hidden="true">"◔"</span>
                    {format!(" {name} {what}. ")}
                </p>
                <p>
                    {format!("{usually}; it started {since} ago. This page follows it: ")}
                    "you can leave it open, or come back later."
                </p>
                {overdue.then(|| view! { <p class="tracker__overdue"><strong>{OVERDUE_MESSAGE}</strong></p> })}
            </div>
        })
    }
}
