//! `trellis-api` is the one API surface of Trellis: the desktop app's commands and the `trellis`
//! command line both call it, and nothing else reaches the engine crates.
//!
//! It owns the open workspace and open documents (one source of truth; the UI renders
//! snapshots), all file IO (bounded reads, atomic writes), and the conversion of domain types
//! into `trellis-protocol` DTOs and `ApiError`s.
//!
//! Invariants: no operation changes a file on disk except an explicit save (or `--in-place`
//! in the CLI), and a save writes exactly the document's text. Errors with a place in a file
//! carry its file, line and column.

pub mod assist;
pub mod compare;
mod convert;
mod design;
pub mod fs;
mod history;
pub mod templates;
mod validation;
pub mod versions;
mod workspace;

use convert::{edit_error, error, io_error, load_error};
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
pub use templates::{
    cli_folders as template_folders_near, gallery_dto, parse_params as parse_template_params,
    render_dto as render_template, write_file as write_template_file,
};
use trellis_core::{Document, Format, LoadError, ParseError, MAX_DOCUMENT_BYTES};
pub use trellis_gallery::{Folder as TemplateFolder, Gallery};
pub use trellis_protocol::{
    ApiError, DocumentDto, EditRequest, EnvironmentChoice, ErrorCode, HistoryStateDto,
    RemoteAction, SyntaxErrorDto, ValidationDto, VersionRef, WorkspaceDto,
};
pub use trellis_schema::{Environment, Variables};
use trellis_schema::{SchemaCache, Settings};
pub use validation::{ValidateRequest, ValidationJob};
use workspace::RecentList;

/// Where Trellis keeps its own state.
#[derive(Clone, Debug)]
pub struct SessionConfig {
    /// Holds `recent.json` and, on first run, the default `workspace/`.
    pub data_dir: PathBuf,
    /// A workspace to open at start-up instead of the most recent one.
    pub startup_workspace: Option<PathBuf>,
}

impl SessionConfig {
    /// `TRELLIS_DATA_DIR` (else the user's data directory, e.g. `~/.local/share/trellis`) and
    /// `TRELLIS_WORKSPACE`.
    pub fn from_env() -> SessionConfig {
        let data_dir = std::env::var_os("TRELLIS_DATA_DIR")
            .map(PathBuf::from)
            .or_else(|| {
                directories::ProjectDirs::from("", "", "trellis")
                    .map(|d| d.data_dir().to_path_buf())
            })
            .unwrap_or_else(|| std::env::temp_dir().join("trellis"));
        let startup_workspace = std::env::var_os("TRELLIS_WORKSPACE").map(PathBuf::from);
        SessionConfig {
            data_dir,
            startup_workspace,
        }
    }
}

struct OpenDocument {
    content: Content,
    /// Text typed in the source view did not parse, so it is held by the view and not here:
    /// the document counts as unsaved (closing the window asks first) and is not saved.
    typed_unparsed: bool,
    /// The text as it is on disk (as of opening or the last save).
    saved: String,
    /// The schema the user chose for this document, overriding discovery.
    schema: Option<String>,
    /// The environment overlays the user chose to validate.
    environment: Environment,
    /// Kept between validations: one after a small edit re-reads only what changed.
    validator: validation::SharedValidator,
    /// The schema the last validation found, to draw the document's components with.
    /// (Kept here rather than asked of the validator, whose lock a running validation
    /// holds: comparing must not wait for it while holding the session.)
    found_schema: Option<std::sync::Arc<trellis_schema::Schema>>,
    /// The canvas's last automatic layout, the guide for the next one (so unchanged parts
    /// stay put).
    layout: Option<trellis_graph::Layout>,
    /// Edits and canvas moves, undone and redone in one order.
    history: history::History,
}

/// An open document's text: parsed, or not parseable (shown, not editable).
enum Content {
    Parsed(Document),
    Broken(Broken),
}

/// A text that does not parse, with its syntax error and, when the lines before the error's
/// line parse on their own, that part as a document (for the outline).
struct Broken {
    format: Format,
    text: String,
    error: ParseError,
    before: Option<Document>,
}

impl Broken {
    /// Attempts at finding a head of the text that parses, each cutting at least one more
    /// line: a bound on the work spent on a broken file.
    const HEAD_ATTEMPTS: usize = 8;

    fn new(format: Format, text: String, error: ParseError) -> Broken {
        // Cut before the error's line; where that head does not parse either (the error is
        // reported at the end of an unclosed construct), cut before its own error's line or
        // one line earlier, whichever comes first.
        let mut cut = line_start(&text, error.offset);
        let mut before = None;
        for _ in 0..Self::HEAD_ATTEMPTS {
            let head = &text[..cut];
            if head.trim().is_empty() {
                break;
            }
            match Document::parse(head.to_string(), format) {
                Ok(doc) => {
                    before = Some(doc);
                    break;
                }
                Err(e) => {
                    let earlier = line_start(&text, cut.saturating_sub(1));
                    let at_error = match &e {
                        LoadError::Syntax(p) => line_start(&text, p.offset),
                        _ => earlier,
                    };
                    cut = earlier.min(at_error);
                }
            }
        }
        Broken {
            format,
            text,
            error,
            before,
        }
    }

    fn load_error(&self) -> LoadError {
        LoadError::Syntax(self.error.clone())
    }
}

/// The offset where the line holding `offset` starts.
fn line_start(text: &str, offset: usize) -> usize {
    let offset = offset.min(text.len());
    text.as_bytes()[..offset]
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1)
}

impl Content {
    fn text(&self) -> &str {
        match self {
            Content::Parsed(doc) => doc.text(),
            Content::Broken(b) => &b.text,
        }
    }

    fn is_broken(&self) -> bool {
        matches!(self, Content::Broken(_))
    }
}

/// A file as read from disk.
enum Source {
    Parsed(Document),
    Broken(Broken),
}

impl From<Source> for Content {
    fn from(source: Source) -> Content {
        match source {
            Source::Parsed(doc) => Content::Parsed(doc),
            Source::Broken(b) => Content::Broken(b),
        }
    }
}

struct Workspace {
    root: PathBuf,
    documents: BTreeMap<String, OpenDocument>,
    /// `.trellis/settings.toml`, read when the workspace opens.
    settings: Settings,
    /// The Git repository holding the workspace (opened, or created when there was none),
    /// or why there is none: saving still works, without versions.
    repo: Result<trellis_vcs::Repo, String>,
    /// The assistant's conversation and open proposals, by document.
    chats: BTreeMap<String, assist::Chat>,
}

/// The state of one app window: an open workspace and its open documents.
pub struct Session {
    config: SessionConfig,
    recent: RecentList,
    workspace: Option<Workspace>,
    schemas: SchemaCache,
}

impl Session {
    pub fn new(config: SessionConfig) -> Session {
        let recent = RecentList::new(config.data_dir.join("recent.json"));
        Session {
            config,
            recent,
            workspace: None,
            schemas: SchemaCache::default(),
        }
    }

    /// Opens the start-up workspace: the configured one, else the most recent one that still
    /// exists, else the default workspace (created with examples on first run).
    pub fn open_startup_workspace(&mut self) -> Result<WorkspaceDto, ApiError> {
        if let Some(root) = self.config.startup_workspace.clone() {
            return self.open_workspace(&root);
        }
        if let Some(root) = self
            .recent
            .load()
            .into_iter()
            .map(PathBuf::from)
            .find(|p| p.is_dir())
        {
            return self.open_workspace(&root);
        }
        let default = self.default_workspace_dir();
        workspace::ensure_default(&default).map_err(|e| error(ErrorCode::Io, e))?;
        self.open_workspace(&default)
    }

    pub fn default_workspace_dir(&self) -> PathBuf {
        self.config.data_dir.join("workspace")
    }

    pub fn open_workspace(&mut self, root: &Path) -> Result<WorkspaceDto, ApiError> {
        let root =
            std::fs::canonicalize(root).map_err(|e| io_error(&root.display().to_string(), e))?;
        if !root.is_dir() {
            return Err(error(
                ErrorCode::NotFound,
                format!("{} is not a folder", root.display()),
            ));
        }
        let settings = Settings::load(&root).map_err(|e| error(ErrorCode::InvalidRequest, e))?;
        let repo = trellis_vcs::Repo::open_or_init(&root).map_err(|e| e.to_string());
        if let Err(e) = &repo {
            tracing::warn!("{}: no versions: {e}", root.display());
        }
        self.workspace = Some(Workspace {
            root,
            documents: BTreeMap::new(),
            settings,
            repo,
            chats: BTreeMap::new(),
        });
        self.workspace()
    }

    pub fn workspace(&self) -> Result<WorkspaceDto, ApiError> {
        let ws = self.current()?;
        let root = ws.root.display().to_string();
        let files = workspace::list_files(&ws.root).map_err(|e| io_error(&root, e))?;
        let recent = self.recent.touch(&root);
        let name = ws
            .root
            .file_name()
            .map_or_else(|| root.clone(), |n| n.to_string_lossy().into_owned());
        Ok(WorkspaceDto {
            root,
            name,
            files,
            recent,
        })
    }

    /// Opens (or returns the already open) document at `path`, relative to the workspace.
    /// A file that does not parse opens too, with its syntax error, and is read again each
    /// time it is opened (the user may have fixed it meanwhile).
    pub fn open_document(&mut self, path: &str) -> Result<DocumentDto, ApiError> {
        let ws = self.current_mut()?;
        let reread = ws
            .documents
            .get(path)
            .is_none_or(|open| open.content.is_broken());
        if reread {
            let abs = resolve_in(&ws.root, path)?;
            let content = Content::from(read_source(&abs, path)?);
            let saved = content.text().to_string();
            let (schema, environment) = ws
                .documents
                .remove(path)
                .map(|open| (open.schema, open.environment))
                .unwrap_or_default();
            ws.documents.insert(
                path.to_string(),
                OpenDocument {
                    content,
                    typed_unparsed: false,
                    saved,
                    schema,
                    environment,
                    validator: std::sync::Arc::new(std::sync::Mutex::new(
                        trellis_schema::Validator::new(None),
                    )),
                    found_schema: None,
                    layout: None,
                    history: history::History::default(),
                },
            );
        }
        self.snapshot(path)
    }

    pub fn edit_document(
        &mut self,
        path: &str,
        edit: EditRequest,
    ) -> Result<DocumentDto, ApiError> {
        let op = convert::edit_op(edit)?;
        self.parsed_mut(path)?.apply(&op).map_err(edit_error)?;
        self.snapshot(path)
    }

    /// Replaces an open document's text with text typed in the source view, as one undoable
    /// step (only the changed bytes are re-read). A text that does not parse is refused with
    /// its syntax error (file, line, column) and nothing changes: the structure and the canvas
    /// keep showing the last text that parsed.
    pub fn replace_text(&mut self, path: &str, text: &str) -> Result<DocumentDto, ApiError> {
        if text.len() > MAX_DOCUMENT_BYTES {
            return Err(error(
                ErrorCode::TooLarge,
                format!("{path}: the text is larger than Trellis edits"),
            ));
        }
        let doc = self.parsed_mut(path)?;
        let replaced = if doc.text() != text {
            doc.replace_text(text).map(drop)
        } else {
            Ok(())
        };
        self.document_mut(path)?.typed_unparsed = replaced.is_err();
        replaced.map_err(|e| load_error(path, &e))?;
        self.snapshot(path)
    }

    /// Applies a quick fix (or any group of edits) as one undoable step.
    pub fn apply_edits(
        &mut self,
        path: &str,
        edits: Vec<EditRequest>,
    ) -> Result<DocumentDto, ApiError> {
        let ops = edits
            .into_iter()
            .map(convert::edit_op)
            .collect::<Result<Vec<_>, _>>()?;
        self.parsed_mut(path)?.apply_all(&ops).map_err(edit_error)?;
        self.snapshot(path)
    }

    /// Chooses the schema of an open document (a pack id, a path relative to the workspace,
    /// or a URL); `None` goes back to discovery.
    pub fn set_schema(&mut self, path: &str, schema: Option<String>) -> Result<(), ApiError> {
        let root = self.current()?.root.clone();
        let schema = schema.map(|s| {
            match trellis_schema::interpret(&s, Some(&root), trellis_schema::Packs::builtin()) {
                trellis_schema::SchemaRef::File(p) => p.display().to_string(),
                trellis_schema::SchemaRef::Pack(id) => id,
                trellis_schema::SchemaRef::Url(u) => u,
            }
        });
        self.document_mut(path)?.schema = schema;
        Ok(())
    }

    /// Compares two versions of an open document.
    pub fn compare(
        &self,
        path: &str,
        old: &trellis_protocol::VersionRef,
        new: &trellis_protocol::VersionRef,
    ) -> Result<trellis_protocol::ComparisonDto, ApiError> {
        Ok(self.compare_job(path, old, new)?.run())
    }

    /// Takes what comparing two versions needs; run the job without holding the session.
    pub fn compare_job(
        &self,
        path: &str,
        old: &trellis_protocol::VersionRef,
        new: &trellis_protocol::VersionRef,
    ) -> Result<compare::CompareJob, ApiError> {
        let (old_ref, new_ref) = (old, new);
        use trellis_protocol::VersionRef;
        let open = self
            .current()?
            .documents
            .get(path)
            .ok_or_else(|| error(ErrorCode::NotFound, format!("{path} is not open")))?;
        let format = match &open.content {
            Content::Parsed(doc) => doc.format(),
            Content::Broken(b) => b.format,
        };
        let version = |v: &VersionRef| -> Result<(String, String), ApiError> {
            Ok(match v {
                VersionRef::Working => ("Working copy".into(), open.content.text().to_string()),
                VersionRef::Saved => ("On disk".into(), open.saved.clone()),
                VersionRef::Commit { rev } => versions::version_text(self.repo()?, path, rev)?,
                VersionRef::File { path: other } => {
                    let ws = self.current()?;
                    let text = match ws.documents.get(other.as_str()) {
                        Some(open) => open.content.text().to_string(),
                        None => {
                            let abs = resolve_in(&ws.root, other)?;
                            String::from_utf8(read_bytes(&abs, other)?).map_err(|_| {
                                error(ErrorCode::Parse, format!("{other} is not UTF-8 text"))
                            })?
                        }
                    };
                    (other.clone(), text)
                }
                VersionRef::Environment { name } => match &open.content {
                    Content::Parsed(doc) => compare::environment(doc, name.as_deref())?,
                    Content::Broken(b) => {
                        return Err(load_error(path, &b.load_error()));
                    }
                },
            })
        };
        // Each side is read in its own format: environments are written out as YAML (JSON
        // for a JSON document), another file has its own.
        let format_of = |v: &VersionRef| match v {
            VersionRef::Environment { .. } if format == Format::Json => Format::Json,
            VersionRef::Environment { .. } => Format::Yaml,
            VersionRef::File { path } => Format::from_path(Path::new(path)).unwrap_or(format),
            _ => format,
        };
        let (old_format, new_format) = (format_of(old_ref), format_of(new_ref));
        let (old, new) = (version(old_ref)?, version(new_ref)?);
        // The schema the document was last validated with draws its components.
        let schema = open.found_schema.clone();
        Ok(compare::CompareJob {
            path: path.to_string(),
            old: (old.0, old.1, old_format),
            new: (new.0, new.1, new_format),
            schema,
        })
    }

    /// Chooses which environment overlays of an open document are validated.
    pub fn set_environment(
        &mut self,
        path: &str,
        choice: &trellis_protocol::EnvironmentChoice,
    ) -> Result<(), ApiError> {
        self.document_mut(path)?.environment = validation::environment(choice);
        Ok(())
    }

    /// Prepares the validation of an open document; run the job without holding the session.
    /// `${VAR}`s resolve from the process environment and the workspace's `.env` file, if it
    /// has one (its values win); an unset variable is a warning.
    pub fn validation_job(&mut self, path: &str) -> Result<ValidationJob, ApiError> {
        let ws = self
            .workspace
            .as_ref()
            .ok_or_else(|| error(ErrorCode::NotFound, "no workspace is open"))?;
        let open = ws
            .documents
            .get(path)
            .ok_or_else(|| error(ErrorCode::NotFound, format!("{path} is not open")))?;
        let absolute = ws.root.join(path);
        let folder = absolute.parent().unwrap_or(&ws.root).to_path_buf();
        let place = validation::Place {
            display: path,
            relative: path,
            folder: &folder,
            workspace: Some((&ws.settings, &ws.root)),
        };
        let (variables, variables_from) = workspace_variables(&ws.root);
        let request = ValidateRequest {
            schema: open.schema.clone(),
            environment: open.environment.clone(),
            variables: Some(variables),
            variables_from,
            ..ValidateRequest::default()
        };
        let doc = match &open.content {
            Content::Parsed(doc) => doc.clone(),
            Content::Broken(b) => {
                return Ok(ValidationJob::done(validation::load_failure(
                    path,
                    &b.text,
                    &b.load_error(),
                )))
            }
        };
        let validator = open.validator.clone();
        let job = ValidationJob::prepare(doc, &place, &request, &mut self.schemas)?
            .with_validator(validator);
        let found = job.document_and_schema().and_then(|(_, s)| s.cloned());
        self.document_mut(path)?.found_schema = found;
        Ok(job)
    }

    /// Validates an open document.
    pub fn validate_document(&mut self, path: &str) -> Result<ValidationDto, ApiError> {
        self.validation_job(path)?.run()
    }

    /// Undoes the last step on the document: an edit, a move of nodes on the canvas, or both
    /// (a component added where it was dropped).
    pub fn undo(&mut self, path: &str) -> Result<DocumentDto, ApiError> {
        self.step_history(path, true)?;
        self.snapshot(path)
    }

    /// Redoes the last undone step.
    pub fn redo(&mut self, path: &str) -> Result<DocumentDto, ApiError> {
        self.step_history(path, false)?;
        self.snapshot(path)
    }

    /// Undoes or redoes one step of the document's history: its positions written back to
    /// the layout sidecar (a component that no longer exists is no error), its edit undone
    /// or redone by the document. A sidecar that cannot be written leaves the step where it
    /// was.
    fn step_history(&mut self, path: &str, undo: bool) -> Result<(), ApiError> {
        let root = self.current()?.root.clone();
        let open = self.document_mut(path)?;
        let Content::Parsed(doc) = &mut open.content else {
            return Ok(());
        };
        let history = &mut open.history;
        history.settle(doc.text());
        let taken = if undo {
            history.take_undo()
        } else {
            history.take_redo()
        };
        let Some(taken) = taken else {
            return Ok(());
        };
        if let Some(positions) = taken.positions() {
            if let Err(e) = design::set_positions(&root, path, positions) {
                history.abandon(taken);
                return Err(e);
            }
        }
        if history::History::apply_document(&taken, doc) {
            history.finish(taken);
        } else {
            // The document's own history no longer matches: start afresh rather than undo
            // something else.
            history.clear();
        }
        Ok(())
    }

    /// Writes the document's text to its file atomically.
    pub fn save_document(&mut self, path: &str) -> Result<DocumentDto, ApiError> {
        self.save_document_with(path, None)
    }

    /// Saves, committing with the user's message (`None` or blank: one written from the
    /// changes).
    pub fn save_document_with(
        &mut self,
        path: &str,
        message: Option<&str>,
    ) -> Result<DocumentDto, ApiError> {
        let message = message.map(str::trim).filter(|m| !m.is_empty());
        let root = self.current()?.root.clone();
        let abs = resolve_in(&root, path)?;
        let ws = self.current_mut()?;
        let open = ws
            .documents
            .get_mut(path)
            .ok_or_else(|| error(ErrorCode::NotFound, format!("{path} is not open")))?;
        if open.typed_unparsed {
            return Err(error(
                ErrorCode::Parse,
                format!(
                    "{path}: not saved: the text typed in the source view does not parse; fix it or undo it first"
                ),
            ));
        }
        // A document that does not parse cannot be edited, so it is always as on disk.
        let mut note = None;
        if let Content::Parsed(doc) = &open.content {
            fs::write_atomic(&abs, doc.text().as_bytes()).map_err(|e| io_error(path, e))?;
            open.saved = doc.text().to_string();
            note = Some(match &ws.repo {
                Ok(repo) => versions::commit_saved(repo, path, doc.text(), doc.format(), message),
                Err(why) => format!("Saved (no versions: {why})"),
            });
        }
        let mut dto = self.snapshot(path)?;
        dto.version_note = note;
        Ok(dto)
    }

    /// The commits that changed a file, newest first.
    pub fn history(&self, path: &str) -> Result<Vec<trellis_protocol::HistoryEntryDto>, ApiError> {
        let repo = self.repo()?;
        versions::history(repo, path, versions::HISTORY_LIMIT)
    }

    /// A file as committed in `rev`, to show read-only: (label, text).
    pub fn version(&self, path: &str, rev: &str) -> Result<(String, String), ApiError> {
        versions::version_text(self.repo()?, path, rev)
    }

    /// Puts an open document back to its content in `rev`, as a new commit (history is
    /// never rewritten). Refused while the document has unsaved changes.
    pub fn restore(&mut self, path: &str, rev: &str) -> Result<DocumentDto, ApiError> {
        let ws = self.current()?;
        let open = ws
            .documents
            .get(path)
            .ok_or_else(|| error(ErrorCode::NotFound, format!("{path} is not open")))?;
        if open.content.text() != open.saved {
            return Err(error(
                ErrorCode::InvalidRequest,
                format!("{path} has unsaved changes: save or undo them before restoring a version"),
            ));
        }
        let repo = self.repo()?;
        let outcome = repo
            .restore_file(path, rev, false)
            .map_err(versions::vcs_error)?;
        let note = match outcome {
            trellis_vcs::CommitOutcome::Committed(info) => {
                format!(
                    "Restored and committed {} “{}”",
                    info.short_id, info.summary
                )
            }
            trellis_vcs::CommitOutcome::Unchanged => "Already the same as that version".to_string(),
        };
        // Read back what was written: the document starts afresh from it.
        let ws = self.current_mut()?;
        let abs = resolve_in(&ws.root, path)?;
        let content = Content::from(read_source(&abs, path)?);
        if let Some(open) = ws.documents.get_mut(path) {
            open.saved = content.text().to_string();
            open.content = content;
            open.history.clear();
        }
        let mut dto = self.snapshot(path)?;
        dto.version_note = Some(note);
        Ok(dto)
    }

    /// The repository's branches (current marked) and tags.
    pub fn refs(&self) -> Result<trellis_protocol::RefsDto, ApiError> {
        let repo = self.repo()?;
        let branches = repo.branches().map_err(versions::vcs_error)?;
        let tags = repo.tags().map_err(versions::vcs_error)?;
        let remotes = repo.remotes().map_err(versions::vcs_error)?;
        Ok(trellis_protocol::RefsDto {
            current: branches
                .iter()
                .find(|b| b.is_current)
                .map(|b| b.name.clone()),
            branches: branches.into_iter().map(|b| b.name).collect(),
            tags: tags.into_iter().map(|t| t.name).collect(),
            remotes: remotes.into_iter().map(|r| r.name).collect(),
        })
    }

    /// Fetches from a remote, fast-forwards the current branch from it, or pushes the
    /// current branch to it; says what happened. A pull refuses over unsaved changes and
    /// re-reads the open documents after it moved the branch.
    pub fn sync(
        &mut self,
        remote: &str,
        action: trellis_protocol::RemoteAction,
    ) -> Result<String, ApiError> {
        use trellis_protocol::RemoteAction;
        let branch = self.repo()?.current_branch().map_err(versions::vcs_error)?;
        let on_branch = || {
            branch
                .clone()
                .ok_or_else(|| error(ErrorCode::InvalidRequest, "not on a branch"))
        };
        match action {
            RemoteAction::Fetch => {
                let f = self.repo()?.fetch(remote).map_err(versions::vcs_error)?;
                let n = f.updated_refs.len();
                Ok(format!(
                    "Fetched from {remote}: {n} reference{} updated",
                    if n == 1 { "" } else { "s" }
                ))
            }
            RemoteAction::Push => {
                let p = self
                    .repo()?
                    .push(remote, &on_branch()?)
                    .map_err(versions::vcs_error)?;
                Ok(format!(
                    "Pushed {} to {} ({})",
                    p.branch,
                    p.remote,
                    &p.commit[..p.commit.len().min(7)]
                ))
            }
            RemoteAction::Pull => {
                let branch = on_branch()?;
                let unsaved = self.unsaved_documents();
                if !unsaved.is_empty() {
                    return Err(error(
                        ErrorCode::InvalidRequest,
                        format!(
                            "save or undo the changes to {} before pulling",
                            unsaved.join(", ")
                        ),
                    ));
                }
                let outcome = self
                    .repo()?
                    .pull_ff(remote, &branch)
                    .map_err(versions::vcs_error)?;
                match outcome {
                    trellis_vcs::PullOutcome::UpToDate { ahead: 0 } => {
                        Ok(format!("Up to date with {remote}"))
                    }
                    trellis_vcs::PullOutcome::UpToDate { ahead } => Ok(format!(
                        "Up to date with {remote}; {ahead} commit(s) to push"
                    )),
                    trellis_vcs::PullOutcome::FastForwarded { commits, .. } => {
                        self.reread_open_documents()?;
                        Ok(format!("Pulled {commits} commit(s) from {remote}"))
                    }
                }
            }
        }
    }

    /// Adds a remote to the workspace's repository: a path to another repository, or a
    /// `file://` or `git://` URL. Refused with a reason for an invalid or taken name, and for
    /// `https://` and `ssh` URLs, which this build cannot reach.
    pub fn add_remote(
        &mut self,
        name: &str,
        url: &str,
    ) -> Result<trellis_protocol::RefsDto, ApiError> {
        let (name, url) = (name.trim(), url.trim());
        if name.is_empty() || url.is_empty() {
            return Err(error(
                ErrorCode::InvalidRequest,
                "a remote needs a name and a URL",
            ));
        }
        if !git2::Remote::is_valid_name(name) {
            return Err(error(
                ErrorCode::InvalidRequest,
                format!("{name:?} is not a valid remote name"),
            ));
        }
        let lower = url.to_ascii_lowercase();
        let network = ["https://", "http://", "ssh://"]
            .iter()
            .any(|scheme| lower.starts_with(scheme))
            || (url.contains('@') && url.contains(':') && !url.contains("://"));
        if network {
            return Err(error(
                ErrorCode::InvalidRequest,
                format!(
                    "{url} needs HTTPS or SSH, which this build of Trellis does not include: \
                     use a path to a repository, a file:// or a git:// URL (or add the remote \
                     with git, and use it from the git command line)"
                ),
            ));
        }
        self.repo()?
            .add_remote(name, url)
            .map_err(versions::vcs_error)?;
        self.refs()
    }

    /// Creates a branch at the current commit and switches to it.
    pub fn create_branch(&mut self, name: &str) -> Result<trellis_protocol::RefsDto, ApiError> {
        self.repo()?
            .create_branch(name)
            .map_err(versions::vcs_error)?;
        self.switch_branch(name)
    }

    /// Switches branch. Refused while an open document has unsaved changes (they would be
    /// on the wrong branch); afterwards every open document is read again from disk.
    pub fn switch_branch(&mut self, name: &str) -> Result<trellis_protocol::RefsDto, ApiError> {
        let unsaved = self.unsaved_documents();
        if !unsaved.is_empty() {
            return Err(error(
                ErrorCode::InvalidRequest,
                format!(
                    "save or undo the changes to {} before switching branch",
                    unsaved.join(", ")
                ),
            ));
        }
        self.repo()?
            .switch_branch(name)
            .map_err(versions::vcs_error)?;
        self.reread_open_documents()?;
        self.refs()
    }

    /// Reads every open document again from disk after Git changed the files (a branch
    /// switch, a pull); one that no longer exists is closed.
    fn reread_open_documents(&mut self) -> Result<(), ApiError> {
        let ws = self.current_mut()?;
        let root = ws.root.clone();
        let paths: Vec<String> = ws.documents.keys().cloned().collect();
        for path in paths {
            let abs = resolve_in(&root, &path)?;
            // A file the branch does not have is closed; the UI opens what it needs again.
            match read_source(&abs, &path) {
                Ok(source) => {
                    let content = Content::from(source);
                    if let Some(open) = ws.documents.get_mut(&path) {
                        open.saved = content.text().to_string();
                        open.content = content;
                        open.history.clear();
                    }
                }
                Err(_) => {
                    ws.documents.remove(&path);
                }
            }
        }
        Ok(())
    }

    /// Tags the current commit (annotated when a message is given).
    pub fn create_tag(
        &mut self,
        name: &str,
        message: Option<&str>,
    ) -> Result<trellis_protocol::RefsDto, ApiError> {
        let message = message.map(str::trim).filter(|m| !m.is_empty());
        self.repo()?
            .create_tag(name, message)
            .map_err(versions::vcs_error)?;
        self.refs()
    }

    fn repo(&self) -> Result<&trellis_vcs::Repo, ApiError> {
        self.current()?.repo.as_ref().map_err(|why| {
            error(
                ErrorCode::Unsupported,
                format!("this workspace has no versions: {why}"),
            )
        })
    }

    /// Paths of open documents with unsaved changes.
    pub fn unsaved_documents(&self) -> Vec<String> {
        self.workspace
            .iter()
            .flat_map(|ws| ws.documents.iter())
            .filter(|(_, d)| d.content.text() != d.saved || d.typed_unparsed)
            .map(|(p, _)| p.clone())
            .collect()
    }

    fn snapshot(&self, path: &str) -> Result<DocumentDto, ApiError> {
        let open = self.document(path)?;
        let text = open.content.text();
        let state = self.history_state(path)?;
        let (format, outline, syntax_error) = match &open.content {
            Content::Parsed(doc) => (doc.format(), Some(convert::outline(doc)), None),
            Content::Broken(b) => {
                let outline_through = b.before.as_ref().map_or(0, |d| {
                    // The head ends with a line break: the last line it holds.
                    d.line_col(d.text().len()).line.saturating_sub(1)
                });
                let syntax_error = SyntaxErrorDto {
                    message: b.error.message.clone(),
                    line: b.error.position.line,
                    column: b.error.position.column,
                    outline_through,
                };
                let outline = b.before.as_ref().map(convert::outline);
                (b.format, outline, Some(syntax_error))
            }
        };
        let (outline, outline_truncated) = outline.unwrap_or_else(|| (convert::nothing(), false));
        Ok(DocumentDto {
            path: path.to_string(),
            format: format.name().to_string(),
            text: text.to_string(),
            dirty: state.dirty,
            can_undo: state.can_undo,
            can_redo: state.can_redo,
            outline,
            outline_truncated,
            syntax_error,
            version_note: None,
        })
    }

    /// Where the document at `path` stands in its undo history (and whether it is unsaved),
    /// without its text and outline.
    pub fn history_state(&self, path: &str) -> Result<HistoryStateDto, ApiError> {
        let open = self.document(path)?;
        let text = open.content.text();
        let (can_undo, can_redo) = match &open.content {
            Content::Parsed(doc) => open.history.state(doc.text()),
            Content::Broken(_) => (false, false),
        };
        Ok(HistoryStateDto {
            path: path.to_string(),
            dirty: text != open.saved,
            can_undo,
            can_redo,
        })
    }

    fn current(&self) -> Result<&Workspace, ApiError> {
        self.workspace
            .as_ref()
            .ok_or_else(|| error(ErrorCode::NotFound, "no workspace is open"))
    }

    fn current_mut(&mut self) -> Result<&mut Workspace, ApiError> {
        self.workspace
            .as_mut()
            .ok_or_else(|| error(ErrorCode::NotFound, "no workspace is open"))
    }

    /// The parsed document at `path`, for an edit; a document that does not parse refuses
    /// edits with its syntax error. Every edit of an open document goes through here, so
    /// this is where the undo history learns of it (see `history`).
    fn parsed_mut(&mut self, path: &str) -> Result<&mut Document, ApiError> {
        let open = self.document_mut(path)?;
        match &mut open.content {
            Content::Parsed(doc) => {
                open.history.begin(doc.text());
                Ok(doc)
            }
            Content::Broken(b) => {
                let mut e = load_error(path, &b.load_error());
                e.message = format!(
                    "{path} does not parse ({}); fix the file, then open it again to edit it",
                    e.message
                );
                Err(e)
            }
        }
    }

    fn document(&self, path: &str) -> Result<&OpenDocument, ApiError> {
        self.current()?
            .documents
            .get(path)
            .ok_or_else(|| error(ErrorCode::NotFound, format!("{path} is not open")))
    }

    fn document_mut(&mut self, path: &str) -> Result<&mut OpenDocument, ApiError> {
        self.current_mut()?
            .documents
            .get_mut(path)
            .ok_or_else(|| error(ErrorCode::NotFound, format!("{path} is not open")))
    }
}

/// The built-in schema packs, for the schema picker.
pub fn schema_packs() -> Vec<trellis_protocol::SchemaPackDto> {
    trellis_schema::Packs::builtin()
        .iter()
        .map(|p| trellis_protocol::SchemaPackDto {
            id: p.id.clone(),
            title: p.title.clone(),
            description: p.description.clone(),
            patterns: p.patterns.clone(),
        })
        .collect()
}

/// The variables a workspace's documents resolve `${VAR}` with, and where they came from.
/// A `.env` that cannot be read or parsed is named as such, and only the process
/// environment is used.
fn workspace_variables(root: &Path) -> (Variables, Vec<String>) {
    let process = Variables::process();
    let mut from = vec!["the process environment".to_string()];
    let env_file = root.join(".env");
    if !env_file.is_file() {
        return (process, from);
    }
    match process.clone().with_env_file(&env_file) {
        Ok(variables) => {
            from.push(".env".to_string());
            (variables, from)
        }
        Err(e) => {
            let reason = e
                .replace(&root.display().to_string(), "")
                .replace("/.env", ".env");
            from.push(format!(".env not used: {reason}"));
            (process, from)
        }
    }
}

/// Joins a workspace-relative path to the root, refusing paths that leave the workspace.
fn resolve_in(root: &Path, rel: &str) -> Result<PathBuf, ApiError> {
    let rel_path = Path::new(rel);
    let escapes = rel_path.is_absolute()
        || rel_path
            .components()
            .any(|c| !matches!(c, std::path::Component::Normal(_)));
    if rel.is_empty() || escapes {
        return Err(error(
            ErrorCode::InvalidRequest,
            format!("{rel}: not a path inside the workspace"),
        ));
    }
    Ok(root.join(rel_path))
}

/// Reads and parses a file, with its format from the extension.
pub fn load(path: &Path, display: &str) -> Result<Document, ApiError> {
    match read_source(path, display)? {
        Source::Parsed(doc) => Ok(doc),
        Source::Broken(b) => Err(load_error(display, &b.load_error())),
    }
}

/// Reads a file and parses it. A text that does not parse is kept, with its syntax error;
/// a file that cannot be read, is too large or is not UTF-8 is an error.
fn read_source(path: &Path, display: &str) -> Result<Source, ApiError> {
    let format = Format::from_path(path).ok_or_else(|| {
        error(
            ErrorCode::InvalidRequest,
            format!("{display}: unknown file type (Trellis opens .yaml, .yml, .json and .toml)"),
        )
    })?;
    let bytes = read_bytes(path, display)?;
    match Document::from_bytes(&bytes, format) {
        Ok(doc) => Ok(Source::Parsed(doc)),
        Err(LoadError::Syntax(e)) => match String::from_utf8(bytes) {
            Ok(text) => Ok(Source::Broken(Broken::new(format, text, e))),
            Err(_) => Err(load_error(display, &LoadError::Syntax(e))),
        },
        Err(e) => Err(load_error(display, &e)),
    }
}

/// A file's bytes, refused before reading when larger than a document may be.
fn read_bytes(path: &Path, display: &str) -> Result<Vec<u8>, ApiError> {
    fs::read_bounded(path, MAX_DOCUMENT_BYTES)
        .map_err(|e| io_error(display, e))?
        .map_err(|size| {
            load_error(
                display,
                &LoadError::TooLarge {
                    size: size as usize,
                    limit: MAX_DOCUMENT_BYTES,
                },
            )
        })
}

/// `trellis get`: the value at `pointer` in the file.
pub fn get_value(path: &Path, pointer: &str) -> Result<Value, ApiError> {
    let display = path.display().to_string();
    let doc = load(path, &display)?;
    let p = convert::pointer(pointer)?;
    doc.get(&p).ok_or_else(|| {
        error(
            ErrorCode::NotFound,
            format!("{display}: nothing at {pointer:?}"),
        )
    })
}

/// `trellis set` / `trellis rm`: applies one edit to a file and returns the new text. With
/// `in_place` the file is rewritten atomically (only when the text changed).
pub fn edit_file(path: &Path, edit: EditRequest, in_place: bool) -> Result<String, ApiError> {
    let display = path.display().to_string();
    let mut doc = load(path, &display)?;
    let op = convert::edit_op(edit)?;
    let original = doc.text().to_string();
    doc.apply(&op).map_err(|e| {
        let mut err = edit_error(e);
        err.message = format!("{display}: {}", err.message);
        err
    })?;
    if in_place && doc.text() != original {
        fs::write_atomic(path, doc.text().as_bytes()).map_err(|e| io_error(&display, e))?;
    }
    Ok(doc.text().to_string())
}

/// `trellis validate`: validates one file. A file that does not parse gives its syntax error
/// as a diagnostic; a file that cannot be read, or a schema given with `--schema` that cannot
/// be used, is an error.
pub fn validate_file(
    path: &Path,
    request: &ValidateRequest,
    cache: &mut SchemaCache,
) -> Result<ValidationDto, ApiError> {
    match prepare_file(path, request, cache)? {
        Ok(job) => job.run(),
        Err(syntax_failure) => Ok(syntax_failure),
    }
}

/// How `trellis graph` writes the graph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GraphFormat {
    /// Nodes, edges, dangling references and cycles.
    Json,
    /// Graphviz DOT.
    Dot,
    /// The laid-out picture the app draws.
    Svg,
}

/// `trellis graph`: the component graph of a file under its schema (found as `validate`
/// finds it), written out.
pub fn graph_file(
    path: &Path,
    schema: Option<String>,
    format: GraphFormat,
) -> Result<String, ApiError> {
    let display = path.display().to_string();
    let request = ValidateRequest {
        schema,
        ..ValidateRequest::default()
    };
    let job = match prepare_file(path, &request, &mut Schemas::default())? {
        Ok(job) => job,
        Err(failure) => {
            let d = failure.diagnostics.first();
            return Err(ApiError {
                code: ErrorCode::Parse,
                message: d.map_or_else(|| "does not parse".into(), |d| d.message.clone()),
                location: d.map(|d| trellis_protocol::Location {
                    file: display.clone(),
                    line: d.line,
                    column: d.column,
                }),
            });
        }
    };
    let Some((doc, Some(schema))) = job.document_and_schema() else {
        return Err(error(
            ErrorCode::InvalidRequest,
            format!(
                "{display}: no schema applies, so there are no components to draw (give --schema)"
            ),
        ));
    };
    let model = trellis_schema::Model::read(schema.walk(), &doc.value());
    let graph = trellis_graph::Graph::from_model(&model);
    Ok(match format {
        GraphFormat::Json => {
            serde_json::to_string_pretty(&graph.to_json()).expect("JSON values serialise") + "\n"
        }
        GraphFormat::Dot => trellis_graph::to_dot(&graph),
        GraphFormat::Svg => trellis_graph::to_svg(&graph, &graph.layout()),
    })
}

/// Reads a file given on the command line and prepares its validation (schema found and
/// loaded); a text that does not parse gives its syntax failure instead.
pub(crate) fn prepare_file(
    path: &Path,
    request: &ValidateRequest,
    cache: &mut SchemaCache,
) -> Result<Result<ValidationJob, ValidationDto>, ApiError> {
    let display = path.display().to_string();
    let doc = match read_source(path, &display)? {
        Source::Parsed(doc) => doc,
        Source::Broken(b) => {
            return Ok(Err(validation::load_failure(
                &display,
                &b.text,
                &b.load_error(),
            )))
        }
    };
    let workspace = validation::workspace_of(path);
    let settings = match &workspace {
        Some(root) => Some(Settings::load(root).map_err(|e| error(ErrorCode::InvalidRequest, e))?),
        None => None,
    };
    let absolute = std::path::absolute(path).map_err(|e| io_error(&display, e))?;
    let folder = absolute.parent().map(Path::to_path_buf).unwrap_or_default();
    let relative = match &workspace {
        Some(root) => absolute
            .strip_prefix(root)
            .unwrap_or(&absolute)
            .to_string_lossy()
            .replace('\\', "/"),
        // Outside a workspace: the path from the current folder when the file is below it
        // (so `.github/workflows/ci.yml` is recognised), else its name.
        None => std::env::current_dir()
            .ok()
            .and_then(|cwd| absolute.strip_prefix(cwd).ok().map(Path::to_path_buf))
            .map(|p| p.to_string_lossy().replace('\\', "/"))
            .or_else(|| {
                absolute
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
            })
            .unwrap_or_default(),
    };
    let place = validation::Place {
        display: &display,
        relative: &relative,
        folder: &folder,
        workspace: settings.as_ref().zip(workspace.as_deref()),
    };
    let mut request = request.clone();
    if let Some(schema) = &request.schema {
        // `--schema` paths are relative to where the command runs.
        if let trellis_schema::SchemaRef::File(p) =
            trellis_schema::interpret(schema, None, trellis_schema::Packs::builtin())
        {
            request.schema = Some(std::path::absolute(&p).unwrap_or(p).display().to_string());
        }
    }
    Ok(Ok(ValidationJob::prepare(doc, &place, &request, cache)?))
}

pub use trellis_schema::SchemaCache as Schemas;
