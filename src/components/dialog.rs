use leptos::html::Dialog;
use leptos::prelude::*;

use crate::browser;

/// Keeps a native `<dialog>` in step with `open`: shown modal (focus trapped, Escape closes)
/// with focus on `first` — a CSS selector inside it for its first field — visibly, and, once
/// closed however it was closed, focus back on what opened it (the page's heading when that
/// is gone), never on `<body>`. Returns what the dialog's `close` event must call (it fires for
/// Escape and for `close()` alike).
pub fn use_modal(
    dialog: NodeRef<Dialog>,
    open: Signal<bool>,
    first: &'static str,
) -> impl Fn() + Copy + 'static {
    let opener = StoredValue::new_local(None::<web_sys::HtmlElement>);
    Effect::new(move |_| {
        let want_open = open.get();
        let Some(element) = dialog.get() else {
            return;
        };
        if want_open && !element.open() {
            show_when_connected(element, open, opener, first, 30);
        } else if !want_open && element.open() {
            element.close();
        }
    });
    move || {
        let back = opener.try_get_value().flatten();
        opener.try_set_value(None);
        browser::focus_back(back);
    }
}

/// Shows the dialog modal once it is in the page: a view a `Suspense` resolves (the palette
/// from its chunk) is drawn before it is mounted, and `showModal()` refuses a dialog that is
/// not in the document. Tries for about half a second.
fn show_when_connected(
    element: web_sys::HtmlDialogElement,
    open: Signal<bool>,
    opener: StoredValue<Option<web_sys::HtmlElement>, LocalStorage>,
    first: &'static str,
    frames_left: u32,
) {
    if element.open() || open.try_get_untracked() != Some(true) {
        return;
    }
    if !element.is_connected() {
        if frames_left > 0 {
            request_animation_frame(move || {
                show_when_connected(element, open, opener, first, frames_left - 1);
            });
        }
        return;
    }
    opener.try_set_value(browser::focused_element());
    if element.show_modal().is_ok() {
        // Once shown, a dialog without `open` is closing (its `close` event still to come),
        // not about to open: the page's shortcuts tell the two apart by this (`PALETTE_CLOSING`).
        let _ = element.set_attribute("data-shown", "");
    }
    browser::focus_within(&element, first);
}

/// A question before something that cannot be undone: a modal dialog saying what will happen,
/// with the action's own button and **Cancel**, focused first, so the safe choice is the one a
/// stray Enter makes. The action runs at most once per opening, however many clicks arrive.
#[component]
pub fn ConfirmDialog(
    /// Shown while true; Cancel, Escape and the action set it back to false.
    open: RwSignal<bool>,
    /// The dialog's heading, also its accessible name.
    #[prop(into)]
    title: String,
    /// The prefix of the ids inside, unique in the page.
    #[prop(into)]
    id: String,
    /// The action's button, for example "Reset demo".
    #[prop(into)]
    confirm_label: String,
    /// What the action does; runs once when confirmed.
    on_confirm: Callback<()>,
    /// What will happen, in a sentence or two.
    children: Children,
) -> impl IntoView {
    let dialog = NodeRef::<Dialog>::new();
    let restore_focus = use_modal(dialog, open.into(), "[data-cancel]");
    // Set by the first click on the action after an opening; a second click finds it set.
    let fired = StoredValue::new(false);
    Effect::new(move |_| {
        if open.get() {
            fired.set_value(false);
        }
    });
    let title_id = format!("{id}-title");
    view! {
        <dialog
            node_ref=dialog
            class="dialog dialog--confirm"
            aria-labelledby=title_id.clone()
            on:close=move |_| {
                open.set(false);
                restore_focus();
            }
        >
            <h2 id=title_id.clone()>{title}</h2>
            <div class="dialog__body">{children()}</div>
            <div class="form__actions">
                <button
                    type="button"
                    class="button button--danger"
                    on:click=move |_| {
                        if fired.get_value() {
                            return;
                        }
                        fired.set_value(true);
                        open.set(false);
                        on_confirm.run(());
                    }
                >
                    {confirm_label}
                </button>
                <button
                    type="button"
                    class="button button--quiet"
                    data-cancel=""
                    on:click=move |_| open.set(false)
                >
                    "Cancel"
                </button>
            </div>
        </dialog>
    }
}
