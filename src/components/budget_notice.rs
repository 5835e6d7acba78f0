use std::time::Duration;

use leptos::prelude::*;

use crate::api::budget;

/// Says, while it lasts, that the API asked the console to slow down (a 429, whose body is the
/// plain text `Retry later`) and when requests go out again: nothing is sent to that host until
/// then, reads and polls wait. Plain text in a polite live region.
#[component]
pub fn BudgetNotice(
    /// While true another notice already says it (a read waiting to be tried again after the
    /// 429, and when): one notice at a time.
    #[prop(into)]
    said_elsewhere: Signal<bool>,
) -> impl IntoView {
    // A clock for the countdown, running only while a pause is in force.
    let now = RwSignal::new(js_sys::Date::now() as u64);
    let paused = Memo::new(move |_| {
        let now = now.get();
        budget::back_offs()
            .into_values()
            .map(|b| b.remaining_ms(now))
            .max()
            .filter(|&ms| ms > 0)
    });
    let ticking = StoredValue::new_local(None::<IntervalHandle>);
    Effect::new(move |_| {
        let active = budget::back_offs()
            .values()
            .any(|b| b.remaining_ms(js_sys::Date::now() as u64) > 0);
        if active && ticking.get_value().is_none() {
            now.set(js_sys::Date::now() as u64);
            let handle = set_interval_with_handle(
                move || {
                    now.try_set(js_sys::Date::now() as u64);
                },
                Duration::from_millis(500),
            );
            ticking.set_value(handle.ok());
        }
    });
    Effect::new(move |_| {
        if paused.get().is_none() {
            if let Some(handle) = ticking.get_value() {
                handle.clear();
                ticking.set_value(None);
            }
        }
    });
    on_cleanup(move || {
        if let Some(handle) = ticking.try_get_value().flatten() {
            handle.clear();
        }
    });
    view! {
        <div class="budget-notice" role="status" aria-live="polite">
            {move || paused.get().filter(|_| !said_elsewhere.get()).map(|ms| view! {
                <p class="notice">
                    <span aria-hidden="true">"⏸"</span>
                    {format!(
                        " The API asked the console to slow down (it answered “Retry later”). \
                         Requests are paused; they go out again in {} s.",
                        ms.div_ceil(1000)
                    )}
                </p>
            })}
        </div>
    }
}
