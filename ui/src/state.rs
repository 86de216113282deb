//! The one application state, its actions, and the async operations that dispatch them.

use std::cell::Cell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;

use trellis_protocol::{
    ApiError, ComparisonDto, DiagnosticDto, DocumentDto, EditRequest, EnvironmentChoice,
    HistoryEntryDto, OutlineNode, Severity, ValidationDto, VersionRef, WorkspaceDto,
};
use yew::platform::spawn_local;
use yew::prelude::*;

use crate::ipc;

#[derive(Clone, Debug, Default, PartialEq)]
pub struct AppState {
    pub workspace: Option<WorkspaceDto>,
    /// The document shown in the main area.
    pub document: Option<DocumentDto>,
    /// The file chosen in the sidebar (it may still be loading).
    pub selected_path: Option<String>,
    /// The tree row last clicked, by JSON Pointer; the source view highlights its line.
    pub selected_pointer: Option<String>,
    /// Tree nodes the user folded, by JSON Pointer.
    pub collapsed: HashSet<String>,
    /// The last failure, shown in the banner until dismissed or replaced.
    pub error: Option<ApiError>,
    /// An operation is on its way to the backend.
    pub busy: bool,
    /// The last thing that happened, for the status bar.
    pub notice: Option<String>,
    /// Documents with unsaved changes, as last reported by the backend.
    pub unsaved: HashSet<String>,
    /// Set while the "unsaved changes" dialog is open: the unsaved paths.
    pub close_prompt: Option<Vec<String>>,
    /// The last validation of the shown document.
    pub problems: Option<Rc<Problems>>,
    /// A validation of the shown document is scheduled or running.
    pub validating: bool,
    /// Why the shown document could not be validated (e.g. its chosen schema is unusable).
    pub validation_error: Option<String>,
    /// The line to highlight instead of the selected node's (after jumping to a problem).
    pub focus_line: Option<u32>,
    /// Bumped to ask the views to bring the selection into view.
    pub reveal: u64,
    /// The user folded the problems panel.
    pub problems_hidden: bool,
    /// Two versions of the shown document compared; shown instead of the editing panes.
    pub comparison: Option<Rc<ComparisonDto>>,
    /// The versions compared, to compare again when the document changes.
    pub compared: Option<(VersionRef, VersionRef)>,
    /// The shown document's commits, newest first, while the history panel is open.
    pub history: Option<Vec<HistoryEntryDto>>,
    /// What the user wrote for the next commit (blank: Trellis writes one from the changes).
    pub commit_message: String,
    /// A committed version shown read-only instead of the editing panes: (label, text).
    pub viewing: Option<(String, Rc<str>)>,
    /// The template gallery is shown instead of the document.
    pub gallery_open: bool,
    /// Components copied on the canvas, to paste into this or another document.
    pub clipboard: Option<Rc<trellis_protocol::ClipboardDto>>,
    /// Bumped by undo and redo, which may move nodes without changing the text: the canvas
    /// fetches its picture again.
    pub history_rev: u64,
    /// Text typed in the source view that does not parse (so is not applied yet), with its
    /// syntax error. Saving waits until it parses.
    pub pending_text: Option<Rc<PendingText>>,
}

/// Typed text not applied to the document because it does not parse.
#[derive(Debug, PartialEq)]
pub struct PendingText {
    pub path: String,
    pub text: String,
    pub error: ApiError,
}

/// A validation result, indexed for the views.
#[derive(Debug, PartialEq)]
pub struct Problems {
    pub result: ValidationDto,
    /// For each pointer with diagnostics: the worst severity and the messages.
    pub at: HashMap<String, Marks>,
    /// For each pointer with diagnostics somewhere below it: the worst severity.
    pub below: HashMap<String, Severity>,
}

#[derive(Debug, PartialEq)]
pub struct Marks {
    pub severity: Severity,
    pub messages: Vec<String>,
}

impl Problems {
    pub fn new(result: ValidationDto) -> Problems {
        let mut at: HashMap<String, Marks> = HashMap::new();
        let mut below: HashMap<String, Severity> = HashMap::new();
        for d in &result.diagnostics {
            let marks = at.entry(d.pointer.clone()).or_insert(Marks {
                severity: d.severity,
                messages: Vec::new(),
            });
            // `Severity` orders error < warning < info: the smallest is the worst.
            marks.severity = marks.severity.min(d.severity);
            marks.messages.push(d.message.clone());
            let mut pointer = d.pointer.as_str();
            while let Some((parent, _)) = pointer.rsplit_once('/') {
                let worst = below.entry(parent.to_string()).or_insert(d.severity);
                *worst = (*worst).min(d.severity);
                pointer = parent;
            }
        }
        Problems { result, at, below }
    }

    pub fn diagnostics(&self) -> &[DiagnosticDto] {
        &self.result.diagnostics
    }
}

pub enum Action {
    Started,
    WorkspaceLoaded(WorkspaceDto),
    SelectFile(String),
    DocumentLoaded {
        document: DocumentDto,
        notice: Option<String>,
    },
    /// A step that left the text alone (a move): the document's undo state and whether it
    /// is unsaved.
    HistoryState(trellis_protocol::HistoryStateDto),
    SelectPointer(String),
    ToggleCollapsed(String),
    Failed(ApiError),
    DismissError,
    AskBeforeClose(Vec<String>),
    CancelClose,
    ValidationScheduled,
    Validated(ValidationDto),
    ValidationFailed {
        path: String,
        error: ApiError,
    },
    /// Jump to a problem: select the tree node of `pointer` (or its nearest shown ancestor)
    /// and show `line` in the source.
    RevealProblem {
        pointer: String,
        line: u32,
    },
    ToggleProblems,
    Compared {
        comparison: ComparisonDto,
        versions: (VersionRef, VersionRef),
    },
    CloseComparison,
    HistoryLoaded {
        path: String,
        entries: Vec<HistoryEntryDto>,
    },
    CloseHistory,
    SetCommitMessage(String),
    Notify(String),
    ShowVersion(String, String),
    CloseVersion,
    /// Shows or hides the template gallery.
    ShowGallery(bool),
    /// The workspace's file list changed (a file was created); the shown document stays.
    FilesChanged(WorkspaceDto),
    /// Components were copied on the canvas.
    Copied(trellis_protocol::ClipboardDto),
    /// An undo or redo happened.
    HistoryStepped,
    /// Typed text that does not parse (`Some`), or none any more.
    PendingText(Option<PendingText>),
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        let mut next = (*self).clone();
        match action {
            Action::Started => next.busy = true,
            Action::WorkspaceLoaded(workspace) => {
                next.busy = false;
                next.error = None;
                next.document = None;
                next.selected_path = None;
                next.selected_pointer = None;
                next.unsaved.clear();
                next.collapsed.clear();
                next.clear_problems();
                next.notice = Some(format!("Opened {}", workspace.root));
                next.workspace = Some(workspace);
            }
            Action::SelectFile(path) => {
                if next.selected_path.as_deref() != Some(path.as_str()) {
                    next.comparison = None;
                    next.compared = None;
                    next.history = None;
                    next.viewing = None;
                    next.selected_pointer = None;
                    next.focus_line = None;
                    next.collapsed.clear();
                    next.clear_problems();
                }
                if next.document.as_ref().is_some_and(|d| d.path != path) {
                    next.document = None;
                }
                next.selected_path = Some(path);
                next.busy = true;
            }
            Action::Copied(clipboard) => {
                let n = clipboard.components.len();
                next.notice = Some(format!(
                    "Copied {n} component{}",
                    if n == 1 { "" } else { "s" }
                ));
                next.clipboard = Some(Rc::new(clipboard));
            }
            Action::HistoryStepped => next.history_rev += 1,
            Action::PendingText(pending) => next.pending_text = pending.map(Rc::new),
            Action::DocumentLoaded { document, notice } => {
                next.busy = false;
                next.error = None;
                next.notice = notice;
                next.selected_path = Some(document.path.clone());
                if next
                    .document
                    .as_ref()
                    .is_some_and(|d| d.path != document.path)
                {
                    next.clear_problems();
                }
                next.mark_unsaved(&document.path, document.dirty);
                next.document = Some(document);
            }
            Action::HistoryState(state) => {
                if let Some(doc) = next.document.as_mut().filter(|d| d.path == state.path) {
                    doc.can_undo = state.can_undo;
                    doc.can_redo = state.can_redo;
                    doc.dirty = state.dirty;
                    next.mark_unsaved(&state.path, state.dirty);
                }
            }
            Action::SelectPointer(pointer) => {
                next.selected_pointer = Some(pointer);
                next.focus_line = None;
            }
            Action::ToggleCollapsed(pointer) => {
                if !next.collapsed.remove(&pointer) {
                    next.collapsed.insert(pointer);
                }
            }
            Action::Failed(error) => {
                next.busy = false;
                next.error = Some(error);
            }
            Action::DismissError => next.error = None,
            Action::AskBeforeClose(paths) => next.close_prompt = Some(paths),
            Action::CancelClose => next.close_prompt = None,
            Action::ValidationScheduled => next.validating = true,
            Action::Validated(result) => {
                if next
                    .document
                    .as_ref()
                    .is_some_and(|d| d.path == result.path)
                {
                    next.validating = false;
                    next.validation_error = None;
                    next.problems = Some(Rc::new(Problems::new(result)));
                }
            }
            Action::ValidationFailed { path, error } => {
                if next.document.as_ref().is_some_and(|d| d.path == path) {
                    next.validating = false;
                    next.problems = None;
                    next.validation_error = Some(error.message);
                }
            }
            Action::RevealProblem { pointer, line } => {
                if let Some(doc) = &next.document {
                    let shown = nearest_node(&doc.outline, &pointer).unwrap_or_default();
                    next.collapsed
                        .retain(|c| !shown.starts_with(&format!("{c}/")));
                    next.selected_pointer = Some(shown);
                }
                next.focus_line = Some(line);
                next.reveal += 1;
            }
            Action::ToggleProblems => next.problems_hidden = !next.problems_hidden,
            Action::Compared {
                comparison,
                versions,
            } => {
                next.busy = false;
                if next
                    .document
                    .as_ref()
                    .is_some_and(|d| d.path == comparison.path)
                {
                    next.comparison = Some(Rc::new(comparison));
                    next.compared = Some(versions);
                    next.viewing = None;
                }
            }
            Action::HistoryLoaded { path, entries } => {
                next.busy = false;
                if next.document.as_ref().is_some_and(|d| d.path == path) {
                    next.history = Some(entries);
                }
            }
            Action::CloseHistory => next.history = None,
            Action::SetCommitMessage(message) => next.commit_message = message,
            Action::ShowVersion(label, text) => {
                next.busy = false;
                next.comparison = None;
                next.compared = None;
                next.viewing = Some((label, Rc::from(text)));
            }
            Action::CloseVersion => next.viewing = None,
            Action::ShowGallery(open) => next.gallery_open = open,
            Action::FilesChanged(workspace) => {
                if next
                    .workspace
                    .as_ref()
                    .is_some_and(|w| w.root == workspace.root)
                {
                    next.workspace = Some(workspace);
                }
            }
            Action::Notify(notice) => {
                next.busy = false;
                next.notice = Some(notice);
            }
            Action::CloseComparison => {
                next.comparison = None;
                next.compared = None;
            }
        }
        Rc::new(next)
    }
}

impl AppState {
    /// Whether the document at `path` has changes not saved yet.
    fn mark_unsaved(&mut self, path: &str, dirty: bool) {
        if dirty {
            self.unsaved.insert(path.to_string());
        } else {
            self.unsaved.remove(path);
        }
    }

    fn clear_problems(&mut self) {
        self.problems = None;
        self.validating = false;
        self.validation_error = None;
        self.focus_line = None;
    }

    /// The window title: the workspace when everything is saved, the file with a dot when not.
    pub fn title(&self) -> String {
        match (&self.document, &self.workspace) {
            (Some(doc), _) if doc.dirty => format!("● {} — Trellis", file_name(&doc.path)),
            (_, Some(ws)) => format!("Trellis — {}", ws.name),
            _ => "Trellis".to_string(),
        }
    }
}

pub fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

/// The pointer of the deepest outline node at or above `pointer`.
fn nearest_node(node: &OutlineNode, pointer: &str) -> Option<String> {
    if node.pointer == pointer {
        return Some(node.pointer.clone());
    }
    if !pointer.starts_with(&format!("{}/", node.pointer)) {
        return None;
    }
    node.children
        .iter()
        .find_map(|c| nearest_node(c, pointer))
        .or_else(|| Some(node.pointer.clone()))
}

pub type AppContext = UseReducerHandle<AppState>;

/// Opens the startup workspace and its first file.
pub fn start(ctx: &AppContext) {
    let ctx = ctx.clone();
    ctx.dispatch(Action::Started);
    spawn_local(async move {
        match ipc::open_startup_workspace().await {
            Ok(ws) => workspace_opened(&ctx, ws),
            Err(e) => ctx.dispatch(Action::Failed(e)),
        }
    });
}

fn workspace_opened(ctx: &AppContext, ws: WorkspaceDto) {
    let first = ws.files.first().map(|f| f.path.clone());
    ctx.dispatch(Action::WorkspaceLoaded(ws));
    if let Some(path) = first {
        open_document(ctx, path);
    }
}

pub fn choose_workspace(ctx: &AppContext) {
    let ctx = ctx.clone();
    spawn_local(async move {
        match ipc::choose_workspace().await {
            Ok(Some(ws)) => workspace_opened(&ctx, ws),
            Ok(None) => {}
            Err(e) => ctx.dispatch(Action::Failed(e)),
        }
    });
}

pub fn open_workspace(ctx: &AppContext, root: String) {
    let ctx = ctx.clone();
    ctx.dispatch(Action::Started);
    spawn_local(async move {
        match ipc::open_workspace(&root).await {
            Ok(ws) => workspace_opened(&ctx, ws),
            Err(e) => ctx.dispatch(Action::Failed(e)),
        }
    });
}

pub fn open_document(ctx: &AppContext, path: String) {
    let ctx = ctx.clone();
    ctx.dispatch(Action::SelectFile(path.clone()));
    spawn_local(async move {
        let result = ipc::open_document(&path).await;
        loaded(&ctx, result, None, true);
    });
}

pub fn edit(ctx: &AppContext, edit: EditRequest) {
    let Some(path) = ctx.document.as_ref().map(|d| d.path.clone()) else {
        return;
    };
    let ctx = ctx.clone();
    ctx.dispatch(Action::Started);
    spawn_local(async move {
        let result = ipc::edit_document(&path, &edit).await;
        loaded(&ctx, result, Some("Edited".into()), true);
    });
}

pub fn save(ctx: &AppContext) {
    let Some(path) = ctx.document.as_ref().map(|d| d.path.clone()) else {
        return;
    };
    if let Some(p) = ctx.pending_text.as_ref().filter(|p| p.path == path) {
        let at = p
            .error
            .location
            .as_ref()
            .map(|l| format!(" (line {}, column {})", l.line, l.column))
            .unwrap_or_default();
        ctx.dispatch(Action::Failed(ApiError {
            code: trellis_protocol::ErrorCode::Parse,
            message: format!(
                "Not saved: the text typed in the source view does not parse{at}: {}. Fix it (or undo it) first.",
                p.error.message
            ),
            location: p.error.location.clone(),
        }));
        return;
    }
    let ctx = ctx.clone();
    ctx.dispatch(Action::Started);
    spawn_local(async move {
        let message = Some(ctx.commit_message.clone()).filter(|m| !m.trim().is_empty());
        let result = ipc::save_document(&path, message.as_deref()).await;
        if result.is_ok() {
            ctx.dispatch(Action::SetCommitMessage(String::new()));
        }
        loaded(&ctx, result, Some(format!("Saved {path}")), false);
    });
}

pub fn undo(ctx: &AppContext) {
    let Some(doc) = ctx.document.as_ref().filter(|d| d.can_undo) else {
        return;
    };
    let path = doc.path.clone();
    let ctx = ctx.clone();
    spawn_local(async move {
        let result = ipc::undo(&path).await;
        loaded(&ctx, result, Some("Undone".into()), true);
        ctx.dispatch(Action::HistoryStepped);
    });
}

pub fn redo(ctx: &AppContext) {
    let Some(doc) = ctx.document.as_ref().filter(|d| d.can_redo) else {
        return;
    };
    let path = doc.path.clone();
    let ctx = ctx.clone();
    spawn_local(async move {
        let result = ipc::redo(&path).await;
        loaded(&ctx, result, Some("Redone".into()), true);
        ctx.dispatch(Action::HistoryStepped);
    });
}

/// Applies a quick fix as one undoable step.
pub fn apply_fix(ctx: &AppContext, title: String, edits: Vec<EditRequest>) {
    let Some(path) = ctx.document.as_ref().map(|d| d.path.clone()) else {
        return;
    };
    let ctx = ctx.clone();
    ctx.dispatch(Action::Started);
    spawn_local(async move {
        let result = ipc::apply_fix(&path, &edits).await;
        loaded(
            &ctx,
            result,
            Some(format!("Applied: {}", title.replace('`', ""))),
            true,
        );
    });
}

/// Chooses the schema of the shown document (`None`: automatic), then validates it again.
pub fn set_schema(ctx: &AppContext, schema: Option<String>) {
    let Some(path) = ctx.document.as_ref().map(|d| d.path.clone()) else {
        return;
    };
    let ctx = ctx.clone();
    spawn_local(async move {
        match ipc::set_document_schema(&path, schema.as_deref()).await {
            Ok(()) => schedule_validation(&ctx, path),
            Err(e) => ctx.dispatch(Action::Failed(e)),
        }
    });
}

/// Opens the history panel of the shown document (or refreshes it).
pub fn show_history(ctx: &AppContext) {
    let Some(path) = ctx.document.as_ref().map(|d| d.path.clone()) else {
        return;
    };
    let ctx = ctx.clone();
    ctx.dispatch(Action::Started);
    spawn_local(async move {
        match ipc::file_history(&path).await {
            Ok(entries) => ctx.dispatch(Action::HistoryLoaded { path, entries }),
            Err(e) => ctx.dispatch(Action::Failed(e)),
        }
    });
}

/// Shows the shown document as committed in `rev`, read-only.
pub fn view_version(ctx: &AppContext, rev: String) {
    let Some(path) = ctx.document.as_ref().map(|d| d.path.clone()) else {
        return;
    };
    let ctx = ctx.clone();
    ctx.dispatch(Action::Started);
    spawn_local(async move {
        match ipc::file_version(&path, &rev).await {
            Ok((label, text)) => ctx.dispatch(Action::ShowVersion(label, text)),
            Err(e) => ctx.dispatch(Action::Failed(e)),
        }
    });
}

/// Puts the shown document back to a committed version (a new commit), then shows it.
pub fn restore_version(ctx: &AppContext, rev: String) {
    let Some(path) = ctx.document.as_ref().map(|d| d.path.clone()) else {
        return;
    };
    let ctx = ctx.clone();
    ctx.dispatch(Action::Started);
    spawn_local(async move {
        match ipc::restore_version(&path, &rev).await {
            Ok(document) => {
                // Back to editing the restored text: the comparison that led here is done.
                ctx.dispatch(Action::CloseComparison);
                let notice = document.version_note.clone();
                ctx.dispatch(Action::DocumentLoaded { document, notice });
                schedule_validation(&ctx, path);
                show_history(&ctx);
            }
            Err(e) => ctx.dispatch(Action::Failed(e)),
        }
    });
}

/// Compares the file on disk with the text being edited.
pub fn compare_with_saved(ctx: &AppContext) {
    compare(ctx, VersionRef::Saved, VersionRef::Working);
}

/// Compares two versions of the shown document.
pub fn compare(ctx: &AppContext, old: VersionRef, new: VersionRef) {
    let Some(path) = ctx.document.as_ref().map(|d| d.path.clone()) else {
        return;
    };
    let ctx = ctx.clone();
    ctx.dispatch(Action::Started);
    spawn_local(async move {
        match ipc::compare_versions(&path, &old, &new).await {
            Ok(comparison) => ctx.dispatch(Action::Compared {
                comparison,
                versions: (old, new),
            }),
            Err(e) => ctx.dispatch(Action::Failed(e)),
        }
    });
}

/// Chooses which environment overlays of the shown document are validated, then validates
/// it again.
pub fn set_environment(ctx: &AppContext, environment: EnvironmentChoice) {
    let Some(path) = ctx.document.as_ref().map(|d| d.path.clone()) else {
        return;
    };
    let ctx = ctx.clone();
    spawn_local(async move {
        match ipc::set_document_environment(&path, &environment).await {
            Ok(()) => schedule_validation(&ctx, path),
            Err(e) => ctx.dispatch(Action::Failed(e)),
        }
    });
}

/// Milliseconds a change waits before it is validated, so a burst of changes validates once.
const VALIDATION_DELAY_MS: i32 = 150;

thread_local! {
    /// Numbers validation requests; only the latest one's result is shown.
    static VALIDATION_SEQ: Cell<u64> = const { Cell::new(0) };
}

/// Validates the document at `path` after a short pause. Every change schedules a new
/// validation; a request that a newer one has overtaken is dropped before it is sent, and its
/// result (computed for an older text) is ignored when it arrives.
fn schedule_validation(ctx: &AppContext, path: String) {
    let seq = VALIDATION_SEQ.with(|s| {
        s.set(s.get() + 1);
        s.get()
    });
    let latest = move || VALIDATION_SEQ.with(Cell::get) == seq;
    ctx.dispatch(Action::ValidationScheduled);
    let ctx = ctx.clone();
    spawn_local(async move {
        sleep(VALIDATION_DELAY_MS).await;
        if !latest() {
            return;
        }
        let result = ipc::validate_document(&path).await;
        if !latest() {
            return;
        }
        match result {
            Ok(result) => ctx.dispatch(Action::Validated(result)),
            Err(error) => ctx.dispatch(Action::ValidationFailed { path, error }),
        }
    });
}

/// Resolves after `ms` milliseconds (a `setTimeout`).
pub(crate) async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _reject| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// Saves every unsaved document, then quits; stops at the first failure and shows it.
pub fn save_all_and_close(ctx: &AppContext, paths: Vec<String>) {
    let ctx = ctx.clone();
    ctx.dispatch(Action::CancelClose);
    spawn_local(async move {
        for path in paths {
            if let Err(e) = ipc::save_document(&path, None).await {
                ctx.dispatch(Action::Failed(e));
                return;
            }
        }
        if let Err(e) = ipc::force_close().await {
            ctx.dispatch(Action::Failed(e));
        }
    });
}

pub fn discard_and_close(ctx: &AppContext) {
    let ctx = ctx.clone();
    spawn_local(async move {
        if let Err(e) = ipc::force_close().await {
            ctx.dispatch(Action::Failed(e));
        }
    });
}

/// Applies text typed in the source view. A text that parses becomes one undoable step
/// (and is validated); one that does not is kept as pending, with its syntax error.
/// Resolves when the backend has answered (the caller sends one text at a time, so texts
/// apply in the order typed).
pub async fn apply_typed_text(ctx: &AppContext, path: String, text: String) {
    match ipc::replace_text(&path, &text).await {
        Ok(document) => {
            ctx.dispatch(Action::PendingText(None));
            loaded(ctx, Ok(document), None, true);
        }
        Err(error) if error.code == trellis_protocol::ErrorCode::Parse => {
            ctx.dispatch(Action::PendingText(Some(PendingText { path, text, error })));
        }
        Err(e) => ctx.dispatch(Action::Failed(e)),
    }
}

/// Shows a document that changed outside the editing views (created from a template, a
/// template applied to it) and validates it.
pub fn show_document(ctx: &AppContext, document: DocumentDto, notice: Option<String>) {
    if ctx.selected_path.as_deref() != Some(document.path.as_str()) {
        ctx.dispatch(Action::SelectFile(document.path.clone()));
    }
    loaded(ctx, Ok(document), notice, true);
}

/// Shows a document the backend sent; `validate` when its text may have changed.
fn loaded(
    ctx: &AppContext,
    result: Result<DocumentDto, ApiError>,
    notice: Option<String>,
    validate: bool,
) {
    match result {
        Ok(document) => {
            let path = document.path.clone();
            // A save says what it committed.
            let notice = document.version_note.clone().or(notice);
            let saved_version = document.version_note.is_some();
            ctx.dispatch(Action::DocumentLoaded { document, notice });
            if saved_version && ctx.history.is_some() {
                show_history(ctx);
            }
            if validate {
                schedule_validation(ctx, path);
            }
            // An open comparison follows the document (after an undo or a save, say).
            if let Some((old, new)) = ctx.compared.clone() {
                compare(ctx, old, new);
            }
        }
        Err(e) => ctx.dispatch(Action::Failed(e)),
    }
}
