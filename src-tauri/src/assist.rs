//! The assistant's commands. A turn runs on the async runtime without the session lock; its
//! events go to the UI as `assist-event`s as they happen, and each proposal is kept in the
//! session before the UI hears of it (so Apply always finds it).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use tauri::{AppHandle, Emitter, State};
use trellis_api::assist::{self, AssistEvent, CancellationToken};
use trellis_protocol::{ApiError, AssistSettingsDto, AssistStreamDto, DocumentDto, ASSIST_EVENT};

use crate::commands::with_session;
use crate::SharedSession;

/// The running turns' stop buttons, by document.
#[derive(Default)]
pub struct Turns(Mutex<HashMap<String, CancellationToken>>);

#[tauri::command]
pub async fn assist_settings(
    session: State<'_, SharedSession>,
) -> Result<AssistSettingsDto, ApiError> {
    with_session(&session, |s| Ok(assist::settings_for_form(s.data_dir()))).await
}

#[tauri::command]
pub async fn set_assist_settings(
    session: State<'_, SharedSession>,
    settings: AssistSettingsDto,
) -> Result<AssistSettingsDto, ApiError> {
    with_session(&session, move |s| {
        assist::store_settings(s.data_dir(), &settings)?;
        Ok(assist::settings_for_form(s.data_dir()))
    })
    .await
}

/// Stores the API key in the system keyring (`None` or blank: removes it). The key is
/// never written anywhere else.
#[tauri::command]
pub async fn set_assist_key(
    session: State<'_, SharedSession>,
    key: Option<String>,
) -> Result<AssistSettingsDto, ApiError> {
    with_session(&session, move |s| {
        assist::store_key_in_system(key.as_deref())?;
        Ok(assist::settings_for_form(s.data_dir()))
    })
    .await
}

/// Answers `request` about an open document; returns when the turn has ended (its events
/// have all been sent by then).
#[tauri::command]
pub async fn assist(
    app: AppHandle,
    session: State<'_, SharedSession>,
    turns: State<'_, Turns>,
    path: String,
    request: String,
    turn: u64,
) -> Result<(), ApiError> {
    let job = {
        let (path, request) = (path.clone(), request.clone());
        with_session(&session, move |s| {
            let settings = assist::load_settings(s.data_dir());
            s.assist_job(&path, &request, settings)
        })
        .await?
    };
    let cancel = CancellationToken::new();
    if let Some(old) = lock(&turns.0).insert(path.clone(), cancel.clone()) {
        old.cancel();
    }
    let shared: Arc<Mutex<trellis_api::Session>> = session.0.clone();
    let mut send = {
        let path = path.clone();
        move |event: AssistEvent| {
            if let AssistEvent::Proposal(p) = &event {
                let mut s = lock(&shared);
                if let Err(e) = s.keep_proposal(&path, p) {
                    tracing::warn!("a proposal could not be kept: {}", e.message);
                }
            }
            let payload = AssistStreamDto {
                path: path.clone(),
                turn,
                event: event.to_dto(),
            };
            if let Err(e) = app.emit(ASSIST_EVENT, payload) {
                tracing::warn!("the UI could not be told: {e}");
            }
        }
    };
    let conversation = job.run(cancel, &mut send).await;
    lock(&turns.0).remove(&path);
    with_session(&session, move |s| s.end_assist(&path, conversation)).await
}

/// Stops the running turn of a document, if there is one.
#[tauri::command]
pub fn assist_stop(turns: State<'_, Turns>, path: String) {
    if let Some(cancel) = lock(&turns.0).remove(&path) {
        cancel.cancel();
    }
}

#[tauri::command]
pub async fn apply_proposal(
    session: State<'_, SharedSession>,
    path: String,
    id: u64,
) -> Result<DocumentDto, ApiError> {
    with_session(&session, move |s| s.apply_proposal(&path, id)).await
}

#[tauri::command]
pub async fn reject_proposal(
    session: State<'_, SharedSession>,
    path: String,
    id: u64,
) -> Result<(), ApiError> {
    with_session(&session, move |s| s.reject_proposal(&path, id)).await
}

/// Starts a new conversation about a document.
#[tauri::command]
pub async fn clear_assist(session: State<'_, SharedSession>, path: String) -> Result<(), ApiError> {
    with_session(&session, move |s| s.clear_assist(&path)).await
}

fn lock<T>(m: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|e| e.into_inner())
}
