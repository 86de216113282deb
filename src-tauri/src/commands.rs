//! The commands the UI invokes. Each one is a few lines: run the matching `Session` method on
//! a blocking worker and return its result.

use std::path::PathBuf;

use tauri::{AppHandle, State, WebviewWindow};
use tauri_plugin_dialog::DialogExt;
use trellis_api::Session;
use trellis_protocol::{
    ApiError, ComparisonDto, DocumentDto, EditRequest, EnvironmentChoice, ErrorCode, GalleryDto,
    HistoryEntryDto, RefsDto, RemoteAction, SaveTemplateRequest, SchemaPackDto, TemplateDto,
    TemplateRenderDto, ValidationDto, VersionRef, WorkspaceDto,
};

use crate::SharedSession;

/// Runs `work` with the session locked, off the UI thread.
pub(crate) async fn with_session<T, F>(shared: &SharedSession, work: F) -> Result<T, ApiError>
where
    T: Send + 'static,
    F: FnOnce(&mut Session) -> Result<T, ApiError> + Send + 'static,
{
    let shared = shared.0.clone();
    tauri::async_runtime::spawn_blocking(move || {
        let mut session = shared.lock().unwrap_or_else(|e| e.into_inner());
        work(&mut session)
    })
    .await
    .map_err(|e| internal(format!("a background task failed: {e}")))?
}

fn internal(message: String) -> ApiError {
    ApiError {
        code: ErrorCode::Internal,
        message,
        location: None,
    }
}

#[tauri::command]
pub async fn open_startup_workspace(
    session: State<'_, SharedSession>,
) -> Result<WorkspaceDto, ApiError> {
    with_session(&session, |s| s.open_startup_workspace()).await
}

#[tauri::command]
pub async fn open_workspace(
    session: State<'_, SharedSession>,
    root: String,
) -> Result<WorkspaceDto, ApiError> {
    with_session(&session, move |s| s.open_workspace(&PathBuf::from(root))).await
}

/// Shows the native folder picker; `None` when the user cancels it.
#[tauri::command]
pub async fn choose_workspace(
    app: AppHandle,
    session: State<'_, SharedSession>,
) -> Result<Option<WorkspaceDto>, ApiError> {
    let picked = tauri::async_runtime::spawn_blocking(move || {
        app.dialog()
            .file()
            .set_title("Open a folder of configuration files")
            .blocking_pick_folder()
    })
    .await
    .map_err(|e| internal(format!("the folder picker failed: {e}")))?;
    let Some(picked) = picked else {
        return Ok(None);
    };
    let root = picked.into_path().map_err(|e| ApiError {
        code: ErrorCode::InvalidRequest,
        message: format!("the chosen folder is not a local path: {e}"),
        location: None,
    })?;
    with_session(&session, move |s| s.open_workspace(&root))
        .await
        .map(Some)
}

#[tauri::command]
pub async fn workspace(session: State<'_, SharedSession>) -> Result<WorkspaceDto, ApiError> {
    with_session(&session, |s| s.workspace()).await
}

#[tauri::command]
pub async fn open_document(
    session: State<'_, SharedSession>,
    path: String,
) -> Result<DocumentDto, ApiError> {
    with_session(&session, move |s| s.open_document(&path)).await
}

#[tauri::command]
pub async fn edit_document(
    session: State<'_, SharedSession>,
    path: String,
    edit: EditRequest,
) -> Result<DocumentDto, ApiError> {
    with_session(&session, move |s| s.edit_document(&path, edit)).await
}

#[tauri::command]
pub async fn undo(
    session: State<'_, SharedSession>,
    path: String,
) -> Result<DocumentDto, ApiError> {
    with_session(&session, move |s| s.undo(&path)).await
}

#[tauri::command]
pub async fn redo(
    session: State<'_, SharedSession>,
    path: String,
) -> Result<DocumentDto, ApiError> {
    with_session(&session, move |s| s.redo(&path)).await
}

#[tauri::command]
pub async fn save_document(
    session: State<'_, SharedSession>,
    path: String,
    message: Option<String>,
) -> Result<DocumentDto, ApiError> {
    with_session(&session, move |s| {
        s.save_document_with(&path, message.as_deref())
    })
    .await
}

/// Validates an open document against its schema. The session is locked only to take a copy
/// of the document (and its cached schema); the validation itself runs on a blocking worker
/// without the lock, so edits are never held up by a slow validation.
#[tauri::command]
pub async fn validate_document(
    session: State<'_, SharedSession>,
    path: String,
) -> Result<ValidationDto, ApiError> {
    let job = with_session(&session, move |s| s.validation_job(&path)).await?;
    off_the_lock(move || job.run()).await?
}

/// Text typed in the source view, as one undoable step; refused (nothing changes) when it
/// does not parse.
#[tauri::command]
pub async fn replace_text(
    session: State<'_, SharedSession>,
    path: String,
    text: String,
) -> Result<DocumentDto, ApiError> {
    with_session(&session, move |s| s.replace_text(&path, &text)).await
}

/// Applies a quick fix's edits as one undoable step.
#[tauri::command]
pub async fn apply_fix(
    session: State<'_, SharedSession>,
    path: String,
    edits: Vec<EditRequest>,
) -> Result<DocumentDto, ApiError> {
    with_session(&session, move |s| s.apply_edits(&path, edits)).await
}

/// Chooses the schema of an open document (a pack id, a workspace path or a URL); `None`
/// goes back to automatic discovery.
#[tauri::command]
pub async fn set_document_schema(
    session: State<'_, SharedSession>,
    path: String,
    schema: Option<String>,
) -> Result<(), ApiError> {
    with_session(&session, move |s| s.set_schema(&path, schema)).await
}

/// Compares two versions of an open document, as text and as data.
#[tauri::command]
pub async fn compare_versions(
    session: State<'_, SharedSession>,
    path: String,
    old: VersionRef,
    new: VersionRef,
) -> Result<ComparisonDto, ApiError> {
    let job = with_session(&session, move |s| s.compare_job(&path, &old, &new)).await?;
    off_the_lock(move || job.run()).await
}

/// The commits that changed a file, newest first.
#[tauri::command]
pub async fn file_history(
    session: State<'_, SharedSession>,
    path: String,
) -> Result<Vec<HistoryEntryDto>, ApiError> {
    with_session(&session, move |s| s.history(&path)).await
}

/// A file as committed in a revision, to show read-only: (label, text).
#[tauri::command]
pub async fn file_version(
    session: State<'_, SharedSession>,
    path: String,
    rev: String,
) -> Result<(String, String), ApiError> {
    with_session(&session, move |s| s.version(&path, &rev)).await
}

/// Puts a document back to a committed version, as a new commit.
#[tauri::command]
pub async fn restore_version(
    session: State<'_, SharedSession>,
    path: String,
    rev: String,
) -> Result<DocumentDto, ApiError> {
    with_session(&session, move |s| s.restore(&path, &rev)).await
}

/// The repository's branches and tags.
#[tauri::command]
pub async fn repo_refs(session: State<'_, SharedSession>) -> Result<RefsDto, ApiError> {
    with_session(&session, |s| s.refs()).await
}

/// Creates a branch at the current commit and switches to it.
#[tauri::command]
pub async fn create_branch(
    session: State<'_, SharedSession>,
    name: String,
) -> Result<RefsDto, ApiError> {
    with_session(&session, move |s| s.create_branch(&name)).await
}

/// Switches branch; open documents are read again.
#[tauri::command]
pub async fn switch_branch(
    session: State<'_, SharedSession>,
    name: String,
) -> Result<RefsDto, ApiError> {
    with_session(&session, move |s| s.switch_branch(&name)).await
}

/// Fetches from a remote, fast-forwards the current branch from it, or pushes it there.
#[tauri::command]
pub async fn sync_remote(
    session: State<'_, SharedSession>,
    remote: String,
    action: RemoteAction,
) -> Result<String, ApiError> {
    with_session(&session, move |s| s.sync(&remote, action)).await
}

/// Adds a remote (a repository path, `file://` or `git://` URL) to share the workspace through.
#[tauri::command]
pub async fn add_remote(
    session: State<'_, SharedSession>,
    name: String,
    url: String,
) -> Result<RefsDto, ApiError> {
    with_session(&session, move |s| s.add_remote(&name, &url)).await
}

/// The design canvas's picture of an open document.
#[tauri::command]
pub async fn design(
    session: State<'_, SharedSession>,
    path: String,
) -> Result<trellis_protocol::DesignDto, ApiError> {
    with_session(&session, move |s| s.design(&path)).await
}

/// Records where the user put components (the layout sidecar, not the file).
#[tauri::command]
pub async fn move_components(
    session: State<'_, SharedSession>,
    path: String,
    moves: Vec<trellis_protocol::NodeMoveDto>,
) -> Result<trellis_protocol::HistoryStateDto, ApiError> {
    // A move is a step of the document's history; only that state comes back (the text is
    // unchanged, and the whole document would cost a re-render of everything showing it).
    with_session(&session, move |s| {
        s.move_components(&path, &moves)?;
        s.history_state(&path)
    })
    .await
}

/// Who refers to any of the components from outside them.
#[tauri::command]
pub async fn referrers_of(
    session: State<'_, SharedSession>,
    path: String,
    ids: Vec<String>,
) -> Result<Vec<trellis_protocol::ReferrerDto>, ApiError> {
    with_session(&session, move |s| s.referrers_of(&path, &ids)).await
}

/// Deletes several components as one undoable step.
#[tauri::command]
pub async fn delete_components(
    session: State<'_, SharedSession>,
    path: String,
    ids: Vec<String>,
    remove_references: bool,
) -> Result<DocumentDto, ApiError> {
    with_session(&session, move |s| {
        s.delete_components(&path, &ids, remove_references)
    })
    .await
}

/// Copies of components beside their originals (one undoable step).
#[tauri::command]
pub async fn duplicate_components(
    session: State<'_, SharedSession>,
    path: String,
    ids: Vec<String>,
) -> Result<trellis_protocol::ComponentsCreatedDto, ApiError> {
    with_session(&session, move |s| s.duplicate_components(&path, &ids)).await
}

/// Components as a clipboard to paste (changes nothing).
#[tauri::command]
pub async fn copy_components(
    session: State<'_, SharedSession>,
    path: String,
    ids: Vec<String>,
) -> Result<trellis_protocol::ClipboardDto, ApiError> {
    with_session(&session, move |s| s.copy_components(&path, &ids)).await
}

/// Pastes copied components into a document (one undoable step).
#[tauri::command]
pub async fn paste_components(
    session: State<'_, SharedSession>,
    path: String,
    clipboard: trellis_protocol::ClipboardDto,
) -> Result<trellis_protocol::ComponentsCreatedDto, ApiError> {
    with_session(&session, move |s| s.paste_components(&path, &clipboard)).await
}

/// The palette: the component kinds of a document's schema.
#[tauri::command]
pub async fn palette(
    session: State<'_, SharedSession>,
    path: String,
) -> Result<trellis_protocol::PaletteDto, ApiError> {
    with_session(&session, move |s| s.palette(&path)).await
}

/// Adds a component of a kind (and variant), placed at `at` on the canvas.
#[tauri::command]
pub async fn add_component(
    session: State<'_, SharedSession>,
    path: String,
    kind: String,
    variant: Option<String>,
    at: Option<(f64, f64)>,
) -> Result<trellis_protocol::ComponentAddedDto, ApiError> {
    with_session(&session, move |s| {
        s.add_component(&path, &kind, variant.as_deref(), at)
    })
    .await
}

/// Renames a component and every reference to it.
#[tauri::command]
pub async fn rename_component(
    session: State<'_, SharedSession>,
    path: String,
    id: String,
    name: String,
) -> Result<DocumentDto, ApiError> {
    with_session(&session, move |s| s.rename_component(&path, &id, &name)).await
}

/// The components a reference field may name.
#[tauri::command]
pub async fn targets(
    session: State<'_, SharedSession>,
    path: String,
    field: String,
) -> Result<trellis_protocol::TargetsDto, ApiError> {
    with_session(&session, move |s| s.targets(&path, &field)).await
}

/// Makes a reference field name a component.
#[tauri::command]
pub async fn connect(
    session: State<'_, SharedSession>,
    path: String,
    field: String,
    target: String,
) -> Result<DocumentDto, ApiError> {
    with_session(&session, move |s| s.connect(&path, &field, &target)).await
}

/// Removes one reference.
#[tauri::command]
pub async fn disconnect(
    session: State<'_, SharedSession>,
    path: String,
    reference: String,
) -> Result<DocumentDto, ApiError> {
    with_session(&session, move |s| s.disconnect(&path, &reference)).await
}

/// The inspector's form of a component.
#[tauri::command]
pub async fn component_form(
    session: State<'_, SharedSession>,
    path: String,
    id: String,
) -> Result<trellis_protocol::FormDto, ApiError> {
    with_session(&session, move |s| s.component_form(&path, &id)).await
}

/// What a component depends on and what depends on it.
#[tauri::command]
pub async fn impact(
    session: State<'_, SharedSession>,
    path: String,
    id: String,
) -> Result<trellis_protocol::ImpactDto, ApiError> {
    with_session(&session, move |s| s.impact(&path, &id)).await
}

/// Tags the current commit.
#[tauri::command]
pub async fn create_tag(
    session: State<'_, SharedSession>,
    name: String,
    message: Option<String>,
) -> Result<RefsDto, ApiError> {
    with_session(&session, move |s| s.create_tag(&name, message.as_deref())).await
}

/// The built-in schema packs the user can choose from.
#[tauri::command]
pub fn schema_packs() -> Vec<SchemaPackDto> {
    trellis_api::schema_packs()
}

/// Chooses which environment overlays of an open document are validated.
#[tauri::command]
pub async fn set_document_environment(
    session: State<'_, SharedSession>,
    path: String,
    environment: EnvironmentChoice,
) -> Result<(), ApiError> {
    with_session(&session, move |s| s.set_environment(&path, &environment)).await
}

#[tauri::command]
pub async fn unsaved_documents(session: State<'_, SharedSession>) -> Result<Vec<String>, ApiError> {
    with_session(&session, |s| Ok(s.unsaved_documents())).await
}

#[tauri::command]
pub fn set_title(window: WebviewWindow, title: String) -> Result<(), ApiError> {
    window
        .set_title(&title)
        .map_err(|e| internal(format!("could not set the window title: {e}")))
}

/// Quits after the user chose to discard (or has saved) unsaved documents.
#[tauri::command]
pub fn force_close(app: AppHandle) {
    app.exit(0);
}

/// The template gallery: every template with its preview.
#[tauri::command]
pub async fn template_gallery(session: State<'_, SharedSession>) -> Result<GalleryDto, ApiError> {
    with_session(&session, |s| Ok(s.gallery())).await
}

/// A template rendered with parameter values: text, preview, validation, or what is wrong
/// with the values.
#[tauri::command]
pub async fn render_template(
    session: State<'_, SharedSession>,
    id: String,
    values: serde_json::Map<String, serde_json::Value>,
) -> Result<TemplateRenderDto, ApiError> {
    with_session(&session, move |s| s.render_template(&id, &values)).await
}

/// Creates a new file of the workspace from a template, commits and opens it.
#[tauri::command]
pub async fn create_from_template(
    session: State<'_, SharedSession>,
    id: String,
    values: serde_json::Map<String, serde_json::Value>,
    path: String,
) -> Result<DocumentDto, ApiError> {
    with_session(&session, move |s| {
        s.create_from_template(&id, &values, &path)
    })
    .await
}

/// What applying a template to an open document would change, as a comparison.
#[tauri::command]
pub async fn template_apply_preview(
    session: State<'_, SharedSession>,
    id: String,
    values: serde_json::Map<String, serde_json::Value>,
    path: String,
) -> Result<ComparisonDto, ApiError> {
    with_session(&session, move |s| {
        s.template_apply_preview(&id, &values, &path)
    })
    .await
}

/// Applies a template to an open document as one undoable edit.
#[tauri::command]
pub async fn apply_template(
    session: State<'_, SharedSession>,
    id: String,
    values: serde_json::Map<String, serde_json::Value>,
    path: String,
) -> Result<DocumentDto, ApiError> {
    with_session(&session, move |s| s.apply_template(&id, &values, &path)).await
}

/// Stores an open document as a new template.
#[tauri::command]
pub async fn save_as_template(
    session: State<'_, SharedSession>,
    request: SaveTemplateRequest,
) -> Result<TemplateDto, ApiError> {
    with_session(&session, move |s| s.save_as_template(&request)).await
}

/// Removes a template the user saved.
#[tauri::command]
pub async fn remove_template(
    session: State<'_, SharedSession>,
    id: String,
) -> Result<(), ApiError> {
    with_session(&session, move |s| s.remove_template(&id)).await
}

/// Runs work the session prepared (it owns everything it needs) on the blocking pool,
/// without holding the session, so other commands go on meanwhile.
async fn off_the_lock<T: Send + 'static>(
    work: impl FnOnce() -> T + Send + 'static,
) -> Result<T, ApiError> {
    tauri::async_runtime::spawn_blocking(work)
        .await
        .map_err(|e| internal(format!("a background task failed: {e}")))
}
