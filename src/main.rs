//! Entry point of the browser build: everything else lives in the library so tests can use it.

fn main() {
    console_error_panic_hook::set_once();
    wasm_bindgen_futures::spawn_local(async {
        let (config, problem) = dbconsole::load_config().await;
        // index.html draws the header and a loading state before any script runs; the app
        // takes their place.
        dbconsole::browser::remove_boot_screen();
        leptos::mount::mount_to_body(move || {
            dbconsole::App(dbconsole::AppProps { config, problem })
        });
    });
}
