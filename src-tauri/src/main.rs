//! `trellis-app` is the desktop shell: one window hosting the Yew UI (built by Trunk into
//! `ui/dist`) and a set of `#[tauri::command]`s over `trellis-api`.
//!
//! Invariants: commands are thin (take the session, call the API, return
//! `Result<Dto, ApiError>`); no parsing, validation or file logic lives here. Anything that
//! touches files runs on a blocking worker, never on the UI thread. The web view gets no file,
//! shell or dialog permission: the folder picker is opened from Rust.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

mod assist;
mod commands;

use std::sync::{Arc, Mutex};

use tauri::{Emitter, Manager, WindowEvent};
use trellis_api::{Session, SessionConfig};

/// The one session of this process, shared by every command.
#[derive(Clone)]
pub struct SharedSession(pub Arc<Mutex<Session>>);

/// The event the UI receives when the user closes the window with unsaved documents; the
/// payload lists their paths.
pub const UNSAVED_CLOSE_EVENT: &str = "unsaved-close-requested";

/// The UI build embedded by `generate_context!` (see build.rs): naming it here ties the
/// crate to it, so a new UI build recompiles the app.
const UI_BUILD: &str = env!("TRELLIS_UI_BUILD");

fn main() {
    debug_assert!(!UI_BUILD.is_empty());
    let session = Session::new(SessionConfig::from_env());
    tauri::Builder::default()
        .plugin(tauri_plugin_dialog::init())
        .manage(SharedSession(Arc::new(Mutex::new(session))))
        .manage(assist::Turns::default())
        .invoke_handler(tauri::generate_handler![
            commands::open_startup_workspace,
            commands::open_workspace,
            commands::choose_workspace,
            commands::workspace,
            commands::open_document,
            commands::edit_document,
            commands::undo,
            commands::redo,
            commands::save_document,
            commands::validate_document,
            commands::apply_fix,
            commands::replace_text,
            commands::set_document_schema,
            commands::set_document_environment,
            commands::schema_packs,
            commands::compare_versions,
            commands::file_history,
            commands::restore_version,
            commands::file_version,
            commands::repo_refs,
            commands::create_branch,
            commands::switch_branch,
            commands::create_tag,
            commands::add_remote,
            commands::design,
            commands::move_components,
            commands::duplicate_components,
            commands::referrers_of,
            commands::delete_components,
            commands::copy_components,
            commands::paste_components,
            commands::impact,
            commands::palette,
            commands::add_component,
            commands::rename_component,
            commands::targets,
            commands::connect,
            commands::disconnect,
            commands::component_form,
            commands::sync_remote,
            commands::template_gallery,
            commands::render_template,
            commands::create_from_template,
            commands::template_apply_preview,
            commands::apply_template,
            commands::save_as_template,
            commands::remove_template,
            commands::unsaved_documents,
            commands::set_title,
            commands::force_close,
            assist::assist_settings,
            assist::set_assist_settings,
            assist::set_assist_key,
            assist::assist,
            assist::assist_stop,
            assist::apply_proposal,
            assist::reject_proposal,
            assist::clear_assist,
        ])
        .on_window_event(|window, event| {
            if let WindowEvent::CloseRequested { api, .. } = event {
                let unsaved = {
                    let shared = window.state::<SharedSession>();
                    let session = shared.0.lock().unwrap_or_else(|e| e.into_inner());
                    session.unsaved_documents()
                };
                if !unsaved.is_empty() {
                    api.prevent_close();
                    // If the UI cannot be told, closing anyway would lose work: keep the window.
                    let _ = window.emit(UNSAVED_CLOSE_EVENT, unsaved);
                }
            }
        })
        .run(tauri::generate_context!())
        .expect("the Trellis window could not be started");
}
