use leptos::prelude::*;

use crate::browser;
use crate::place::{Arrival, Place};

/// What a screen tells [`use_page`].
pub struct PageOptions {
    /// What the screen shows, for the tab's title: "{what} · Databases".
    pub title: Signal<String>,
    /// True once the screen's content is drawn (its heading, its rows): only then can it be
    /// focused or scrolled to.
    pub ready: Signal<bool>,
    /// The pages of rows the screen draws, for screens with **Show more**.
    pub pages: Option<Signal<usize>>,
}

/// The manners every routed screen keeps:
/// - its own title, "{what} · Databases";
/// - after a link or a redirect, focus on its `h1` (never `<body>`), at the top;
/// - after Back or Forward (or a reload), the place the user left: how far down, how many rows,
///   and the focus on what had it;
/// - while it is shown, that place noted in its history entry as the user scrolls and moves.
///
/// Returns how the screen was reached, so a screen with rows can draw as many as before.
pub fn use_page(options: PageOptions) -> Arrival {
    let PageOptions {
        title,
        ready,
        pages,
    } = options;
    let state = crate::state::use_session();
    Effect::new(move |_| {
        let page = format!("{} · Databases", title.get());
        // What happened while the user was away comes first ("✓ my-db is running · …").
        match state.title_note() {
            Some(note) => browser::set_title(&format!("{note} · {page}")),
            None => browser::set_title(&page),
        }
    });

    let arrival = browser::take_arrival();
    // What had focus when the page came: if the user moves it into the page before the page
    // is ready, the arrival leaves it there.
    let focused_at_arrival = StoredValue::new_local(browser::focused_element());
    let started = StoredValue::new(false);
    let on_ready = arrival.clone();
    Effect::new(move |_| {
        if !ready.get() || started.get_value() {
            return;
        }
        started.set_value(true);
        let arrival = on_ready.clone();
        // After this frame's layout, so the rows are there to scroll to.
        request_animation_frame(move || match arrival {
            // A shortcut may have asked for a field (`/`: the list's Search) instead; and what
            // the user focused while the page loaded stays focused.
            Arrival::Navigation => match browser::take_focus_on_arrival() {
                Some(wanted) => browser::focus_result(wanted, "main"),
                None => {
                    let before = focused_at_arrival.try_get_value().flatten();
                    if !browser::focus_moved_in_main_since(before.as_ref()) {
                        browser::focus_heading_when_drawn();
                    }
                }
            },
            Arrival::History(place) => {
                let place = place.unwrap_or_default();
                browser::scroll_to(place.y);
                let focused = place
                    .focus
                    .as_deref()
                    .is_some_and(|id| browser::focus_id(id, true));
                if focused {
                    if let (Some(id), Some(top)) = (place.focus.as_deref(), place.focus_top) {
                        browser::align_top(id, top);
                    }
                } else {
                    browser::focus_heading(true);
                }
            }
            Arrival::Load => {
                if let Some(place) = browser::history_place() {
                    browser::scroll_to(place.y);
                }
            }
        });
    });

    // Noting the place: on scroll and focus, at most every 250 ms, into the entry the page is
    // shown in (not the next one: a write that comes after a navigation is dropped); and at
    // once on a click, which may be the one that leaves the page.
    let focus = StoredValue::new(None::<String>);
    let note = move || {
        if !started.try_get_value().unwrap_or(false) {
            return; // the restored place is not yet in force: do not overwrite it
        }
        let focus = focus.try_get_value().flatten();
        browser::save_place(&Place {
            y: browser::scroll_y(),
            pages: pages.map_or(0, |p| p.try_get_untracked().unwrap_or(0)),
            focus_top: focus.as_deref().and_then(browser::top_of),
            focus,
        });
    };
    let throttle = StoredValue::new_local(browser::Throttle::new(250));
    let note_soon = move || {
        throttle.try_with_value(|t| t.call(note));
    };
    let listeners = [
        browser::on_window("scroll", move |_| note_soon()),
        browser::on_window("focusin", move |event| {
            focus.try_set_value(browser::target_id(&event));
            note_soon();
        }),
        browser::on_document_capture("click", move |_| note()),
    ];
    if let Some(pages) = pages {
        Effect::new(move |_| {
            pages.track();
            note_soon();
        });
    }
    // Removed with the page: the stored value is dropped with its owner.
    StoredValue::new_local(listeners);
    arrival
}
