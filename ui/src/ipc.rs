//! The only bridge to the backend: typed async wrappers around the app's commands, plus the
//! one backend event the UI listens to. Arguments and results cross as JSON so numbers, maps
//! and key order arrive exactly as the backend sent them.

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::json;
use trellis_protocol::{
    ApiError, AssistSettingsDto, AssistStreamDto, ComparisonDto, DocumentDto, EditRequest,
    EnvironmentChoice, ErrorCode, GalleryDto, HistoryEntryDto, RefsDto, RemoteAction,
    SaveTemplateRequest, SchemaPackDto, TemplateDto, TemplateRenderDto, ValidationDto, VersionRef,
    WorkspaceDto, ASSIST_EVENT,
};
use wasm_bindgen::prelude::*;

#[wasm_bindgen]
extern "C" {
    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "core"], js_name = invoke, catch)]
    async fn tauri_invoke(cmd: &str, args: JsValue) -> Result<JsValue, JsValue>;

    #[wasm_bindgen(js_namespace = ["window", "__TAURI__", "event"], js_name = listen, catch)]
    async fn tauri_listen(
        event: &str,
        handler: &Closure<dyn FnMut(JsValue)>,
    ) -> Result<JsValue, JsValue>;
}

/// Sent by the backend when the window is closed while documents are unsaved; the payload is
/// the list of their paths.
pub const UNSAVED_CLOSE_EVENT: &str = "unsaved-close-requested";

fn to_js<T: Serialize>(value: &T) -> Result<JsValue, ApiError> {
    let text = serde_json::to_string(value).map_err(|e| local_error(e.to_string()))?;
    js_sys::JSON::parse(&text).map_err(|_| local_error("could not encode a request".into()))
}

fn from_js<T: DeserializeOwned>(value: JsValue) -> Result<T, ApiError> {
    if value.is_undefined() {
        return serde_json::from_str("null").map_err(|e| local_error(e.to_string()));
    }
    let text: String = js_sys::JSON::stringify(&value)
        .map_err(|_| local_error("could not decode a reply".into()))?
        .into();
    serde_json::from_str(&text).map_err(|e| local_error(format!("unexpected reply: {e}")))
}

fn local_error(message: String) -> ApiError {
    ApiError {
        code: ErrorCode::Internal,
        message,
        location: None,
    }
}

/// A rejected command carries an `ApiError`; anything else (a missing command, a denied
/// permission) arrives as a plain string.
fn to_api_error(value: JsValue) -> ApiError {
    if let Some(text) = value.as_string() {
        return local_error(text);
    }
    from_js::<ApiError>(value.clone()).unwrap_or_else(|_| {
        local_error(
            js_sys::JSON::stringify(&value)
                .map(String::from)
                .unwrap_or_else(|_| "the backend failed".into()),
        )
    })
}

async fn invoke<T: DeserializeOwned>(cmd: &str, args: serde_json::Value) -> Result<T, ApiError> {
    let args = to_js(&args)?;
    let reply = tauri_invoke(cmd, args).await.map_err(to_api_error)?;
    from_js(reply)
}

pub async fn open_startup_workspace() -> Result<WorkspaceDto, ApiError> {
    invoke("open_startup_workspace", json!({})).await
}

pub async fn open_workspace(root: &str) -> Result<WorkspaceDto, ApiError> {
    invoke("open_workspace", json!({ "root": root })).await
}

/// Shows the native folder picker; `None` when the user cancelled it.
pub async fn choose_workspace() -> Result<Option<WorkspaceDto>, ApiError> {
    invoke("choose_workspace", json!({})).await
}

pub async fn open_document(path: &str) -> Result<DocumentDto, ApiError> {
    invoke("open_document", json!({ "path": path })).await
}

pub async fn edit_document(path: &str, edit: &EditRequest) -> Result<DocumentDto, ApiError> {
    invoke("edit_document", json!({ "path": path, "edit": edit })).await
}

pub async fn undo(path: &str) -> Result<DocumentDto, ApiError> {
    invoke("undo", json!({ "path": path })).await
}

pub async fn redo(path: &str) -> Result<DocumentDto, ApiError> {
    invoke("redo", json!({ "path": path })).await
}

/// Saves (and commits, with `message` or one written from the changes).
/// Text typed in the source view; refused with the syntax error when it does not parse.
pub async fn replace_text(path: &str, text: &str) -> Result<DocumentDto, ApiError> {
    invoke("replace_text", json!({ "path": path, "text": text })).await
}

pub async fn save_document(path: &str, message: Option<&str>) -> Result<DocumentDto, ApiError> {
    invoke("save_document", json!({ "path": path, "message": message })).await
}

/// Validates an open document (on the backend's blocking pool).
pub async fn validate_document(path: &str) -> Result<ValidationDto, ApiError> {
    invoke("validate_document", json!({ "path": path })).await
}

/// Applies a quick fix's edits as one undoable step.
pub async fn apply_fix(path: &str, edits: &[EditRequest]) -> Result<DocumentDto, ApiError> {
    invoke("apply_fix", json!({ "path": path, "edits": edits })).await
}

/// Chooses the schema of an open document; `None` goes back to automatic discovery.
pub async fn set_document_schema(path: &str, schema: Option<&str>) -> Result<(), ApiError> {
    invoke(
        "set_document_schema",
        json!({ "path": path, "schema": schema }),
    )
    .await
}

/// Compares two versions of an open document.
pub async fn compare_versions(
    path: &str,
    old: &VersionRef,
    new: &VersionRef,
) -> Result<ComparisonDto, ApiError> {
    invoke(
        "compare_versions",
        json!({ "path": path, "old": old, "new": new }),
    )
    .await
}

/// The commits that changed a file, newest first.
pub async fn file_history(path: &str) -> Result<Vec<HistoryEntryDto>, ApiError> {
    invoke("file_history", json!({ "path": path })).await
}

/// A file as committed in a revision: (label, text).
pub async fn file_version(path: &str, rev: &str) -> Result<(String, String), ApiError> {
    invoke("file_version", json!({ "path": path, "rev": rev })).await
}

/// Puts a document back to a committed version, as a new commit.
pub async fn restore_version(path: &str, rev: &str) -> Result<DocumentDto, ApiError> {
    invoke("restore_version", json!({ "path": path, "rev": rev })).await
}

pub async fn repo_refs() -> Result<RefsDto, ApiError> {
    invoke("repo_refs", json!({})).await
}

pub async fn create_branch(name: &str) -> Result<RefsDto, ApiError> {
    invoke("create_branch", json!({ "name": name })).await
}

pub async fn switch_branch(name: &str) -> Result<RefsDto, ApiError> {
    invoke("switch_branch", json!({ "name": name })).await
}

pub async fn sync_remote(remote: &str, action: RemoteAction) -> Result<String, ApiError> {
    invoke("sync_remote", json!({ "remote": remote, "action": action })).await
}

/// The design canvas's picture of an open document.
pub async fn design(path: &str) -> Result<trellis_protocol::DesignDto, ApiError> {
    invoke("design", json!({ "path": path })).await
}

/// Records where the user put components.
pub async fn move_components(
    path: &str,
    moves: &[trellis_protocol::NodeMoveDto],
) -> Result<trellis_protocol::HistoryStateDto, ApiError> {
    invoke("move_components", json!({ "path": path, "moves": moves })).await
}

/// Who refers to any of the components from outside them.
pub async fn referrers_of(
    path: &str,
    ids: &[String],
) -> Result<Vec<trellis_protocol::ReferrerDto>, ApiError> {
    invoke("referrers_of", json!({ "path": path, "ids": ids })).await
}

/// Deletes several components as one undoable step.
pub async fn delete_components(
    path: &str,
    ids: &[String],
    remove_references: bool,
) -> Result<DocumentDto, ApiError> {
    invoke(
        "delete_components",
        json!({ "path": path, "ids": ids, "removeReferences": remove_references }),
    )
    .await
}

/// Copies of components beside their originals, as one undoable step.
pub async fn duplicate_components(
    path: &str,
    ids: &[String],
) -> Result<trellis_protocol::ComponentsCreatedDto, ApiError> {
    invoke("duplicate_components", json!({ "path": path, "ids": ids })).await
}

/// Components as a clipboard (nothing changes).
pub async fn copy_components(
    path: &str,
    ids: &[String],
) -> Result<trellis_protocol::ClipboardDto, ApiError> {
    invoke("copy_components", json!({ "path": path, "ids": ids })).await
}

/// Pastes copied components, as one undoable step.
pub async fn paste_components(
    path: &str,
    clipboard: &trellis_protocol::ClipboardDto,
) -> Result<trellis_protocol::ComponentsCreatedDto, ApiError> {
    invoke(
        "paste_components",
        json!({ "path": path, "clipboard": clipboard }),
    )
    .await
}

/// The palette of a document's schema.
pub async fn palette(path: &str) -> Result<trellis_protocol::PaletteDto, ApiError> {
    invoke("palette", json!({ "path": path })).await
}

/// Adds a component of `kind` (and `variant`) at `at` on the canvas.
pub async fn add_component(
    path: &str,
    kind: &str,
    variant: Option<&str>,
    at: Option<(f64, f64)>,
) -> Result<trellis_protocol::ComponentAddedDto, ApiError> {
    invoke(
        "add_component",
        json!({ "path": path, "kind": kind, "variant": variant, "at": at }),
    )
    .await
}

/// Renames a component and every reference to it.
pub async fn rename_component(path: &str, id: &str, name: &str) -> Result<DocumentDto, ApiError> {
    invoke(
        "rename_component",
        json!({ "path": path, "id": id, "name": name }),
    )
    .await
}

/// The components a reference field may name.
pub async fn targets(path: &str, field: &str) -> Result<trellis_protocol::TargetsDto, ApiError> {
    invoke("targets", json!({ "path": path, "field": field })).await
}

/// Makes a reference field name a component.
pub async fn connect(path: &str, field: &str, target: &str) -> Result<DocumentDto, ApiError> {
    invoke(
        "connect",
        json!({ "path": path, "field": field, "target": target }),
    )
    .await
}

/// Removes one reference.
pub async fn disconnect(path: &str, reference: &str) -> Result<DocumentDto, ApiError> {
    invoke(
        "disconnect",
        json!({ "path": path, "reference": reference }),
    )
    .await
}

/// The inspector's form of a component.
pub async fn component_form(path: &str, id: &str) -> Result<trellis_protocol::FormDto, ApiError> {
    invoke("component_form", json!({ "path": path, "id": id })).await
}

/// What a component depends on and what depends on it.
pub async fn impact(path: &str, id: &str) -> Result<trellis_protocol::ImpactDto, ApiError> {
    invoke("impact", json!({ "path": path, "id": id })).await
}

/// Adds a remote to the workspace's repository.
pub async fn add_remote(name: &str, url: &str) -> Result<RefsDto, ApiError> {
    invoke("add_remote", json!({ "name": name, "url": url })).await
}

pub async fn create_tag(name: &str) -> Result<RefsDto, ApiError> {
    invoke("create_tag", json!({ "name": name, "message": null })).await
}

/// The built-in schema packs.
pub async fn schema_packs() -> Result<Vec<SchemaPackDto>, ApiError> {
    invoke("schema_packs", json!({})).await
}

/// Chooses which environment overlays of an open document are validated.
pub async fn set_document_environment(
    path: &str,
    environment: &EnvironmentChoice,
) -> Result<(), ApiError> {
    invoke(
        "set_document_environment",
        json!({ "path": path, "environment": environment }),
    )
    .await
}

/// The open workspace again (its file list after a file was created).
pub async fn workspace() -> Result<WorkspaceDto, ApiError> {
    invoke("workspace", json!({})).await
}

/// Parameter values of a template, by name.
pub type TemplateValues = serde_json::Map<String, serde_json::Value>;

/// Every template with its preview.
pub async fn template_gallery() -> Result<GalleryDto, ApiError> {
    invoke("template_gallery", json!({})).await
}

/// A template rendered with `values` over its defaults.
pub async fn render_template(
    id: &str,
    values: &TemplateValues,
) -> Result<TemplateRenderDto, ApiError> {
    invoke("render_template", json!({ "id": id, "values": values })).await
}

/// Creates `path` in the workspace from a template (committed), and opens it.
pub async fn create_from_template(
    id: &str,
    values: &TemplateValues,
    path: &str,
) -> Result<DocumentDto, ApiError> {
    invoke(
        "create_from_template",
        json!({ "id": id, "values": values, "path": path }),
    )
    .await
}

/// What applying a template to the open document `path` would change.
pub async fn template_apply_preview(
    id: &str,
    values: &TemplateValues,
    path: &str,
) -> Result<ComparisonDto, ApiError> {
    invoke(
        "template_apply_preview",
        json!({ "id": id, "values": values, "path": path }),
    )
    .await
}

/// Applies a template to the open document `path` (one undoable edit, not saved).
pub async fn apply_template(
    id: &str,
    values: &TemplateValues,
    path: &str,
) -> Result<DocumentDto, ApiError> {
    invoke(
        "apply_template",
        json!({ "id": id, "values": values, "path": path }),
    )
    .await
}

/// Stores an open document as a new template.
pub async fn save_as_template(request: &SaveTemplateRequest) -> Result<TemplateDto, ApiError> {
    invoke("save_as_template", json!({ "request": request })).await
}

/// Removes a template the user saved.
pub async fn remove_template(id: &str) -> Result<(), ApiError> {
    invoke("remove_template", json!({ "id": id })).await
}

pub async fn set_title(title: &str) -> Result<(), ApiError> {
    invoke("set_title", json!({ "title": title })).await
}

pub async fn force_close() -> Result<(), ApiError> {
    invoke("force_close", json!({})).await
}

/// Calls `on_request` with the unsaved paths whenever the user tries to close the window while
/// documents are unsaved. The listener lives as long as the page.
pub async fn on_unsaved_close(on_request: impl Fn(Vec<String>) + 'static) -> Result<(), ApiError> {
    let handler = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
        let payload =
            js_sys::Reflect::get(&event, &JsValue::from_str("payload")).unwrap_or(JsValue::NULL);
        on_request(from_js::<Vec<String>>(payload).unwrap_or_default());
    });
    tauri_listen(UNSAVED_CLOSE_EVENT, &handler)
        .await
        .map_err(to_api_error)?;
    handler.forget();
    Ok(())
}

// ------------------------------------------------------------------------------ assistant

pub async fn assist_settings() -> Result<AssistSettingsDto, ApiError> {
    invoke("assist_settings", json!({})).await
}

pub async fn set_assist_settings(
    settings: &AssistSettingsDto,
) -> Result<AssistSettingsDto, ApiError> {
    invoke("set_assist_settings", json!({ "settings": settings })).await
}

/// Stores the API key in the system keyring (`None`: removes it).
pub async fn set_assist_key(key: Option<&str>) -> Result<AssistSettingsDto, ApiError> {
    invoke("set_assist_key", json!({ "key": key })).await
}

/// Asks the assistant; its answer arrives as [`ASSIST_EVENT`]s of `turn`. Resolves when the
/// turn has ended.
pub async fn assist(path: &str, request: &str, turn: u64) -> Result<(), ApiError> {
    invoke(
        "assist",
        json!({ "path": path, "request": request, "turn": turn }),
    )
    .await
}

pub async fn assist_stop(path: &str) -> Result<(), ApiError> {
    invoke("assist_stop", json!({ "path": path })).await
}

pub async fn apply_proposal(path: &str, id: u64) -> Result<DocumentDto, ApiError> {
    invoke("apply_proposal", json!({ "path": path, "id": id })).await
}

pub async fn reject_proposal(path: &str, id: u64) -> Result<(), ApiError> {
    invoke("reject_proposal", json!({ "path": path, "id": id })).await
}

pub async fn clear_assist(path: &str) -> Result<(), ApiError> {
    invoke("clear_assist", json!({ "path": path })).await
}

/// Calls `on_event` with every event of every assistant turn.
pub async fn on_assist_event(on_event: impl Fn(AssistStreamDto) + 'static) -> Result<(), ApiError> {
    let handler = Closure::<dyn FnMut(JsValue)>::new(move |event: JsValue| {
        let payload =
            js_sys::Reflect::get(&event, &JsValue::from_str("payload")).unwrap_or(JsValue::NULL);
        if let Ok(stream) = from_js::<AssistStreamDto>(payload) {
            on_event(stream);
        }
    });
    tauri_listen(ASSIST_EVENT, &handler)
        .await
        .map_err(to_api_error)?;
    handler.forget();
    Ok(())
}
