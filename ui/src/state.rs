//! The one application state, its actions, and the async operations that dispatch them.

use std::collections::HashSet;
use std::rc::Rc;

use trellis_protocol::{ApiError, DocumentDto, EditRequest, WorkspaceDto};
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
}

pub enum Action {
    Started,
    WorkspaceLoaded(WorkspaceDto),
    SelectFile(String),
    DocumentLoaded {
        document: DocumentDto,
        notice: Option<String>,
    },
    SelectPointer(String),
    ToggleCollapsed(String),
    Failed(ApiError),
    DismissError,
    AskBeforeClose(Vec<String>),
    CancelClose,
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
                next.notice = Some(format!("Opened {}", workspace.root));
                next.workspace = Some(workspace);
            }
            Action::SelectFile(path) => {
                if next.selected_path.as_deref() != Some(path.as_str()) {
                    next.selected_pointer = None;
                    next.collapsed.clear();
                }
                if next.document.as_ref().is_some_and(|d| d.path != path) {
                    next.document = None;
                }
                next.selected_path = Some(path);
                next.busy = true;
            }
            Action::DocumentLoaded { document, notice } => {
                next.busy = false;
                next.error = None;
                next.notice = notice;
                next.selected_path = Some(document.path.clone());
                if document.dirty {
                    next.unsaved.insert(document.path.clone());
                } else {
                    next.unsaved.remove(&document.path);
                }
                next.document = Some(document);
            }
            Action::SelectPointer(pointer) => next.selected_pointer = Some(pointer),
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
        }
        Rc::new(next)
    }
}

impl AppState {
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
        loaded(&ctx, result, None);
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
        loaded(&ctx, result, Some("Edited".into()));
    });
}

pub fn save(ctx: &AppContext) {
    let Some(path) = ctx.document.as_ref().map(|d| d.path.clone()) else {
        return;
    };
    let ctx = ctx.clone();
    ctx.dispatch(Action::Started);
    spawn_local(async move {
        let result = ipc::save_document(&path).await;
        loaded(&ctx, result, Some(format!("Saved {path}")));
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
        loaded(&ctx, result, Some("Undone".into()));
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
        loaded(&ctx, result, Some("Redone".into()));
    });
}

/// Saves every unsaved document, then quits; stops at the first failure and shows it.
pub fn save_all_and_close(ctx: &AppContext, paths: Vec<String>) {
    let ctx = ctx.clone();
    ctx.dispatch(Action::CancelClose);
    spawn_local(async move {
        for path in paths {
            if let Err(e) = ipc::save_document(&path).await {
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

fn loaded(ctx: &AppContext, result: Result<DocumentDto, ApiError>, notice: Option<String>) {
    match result {
        Ok(document) => ctx.dispatch(Action::DocumentLoaded { document, notice }),
        Err(e) => ctx.dispatch(Action::Failed(e)),
    }
}
