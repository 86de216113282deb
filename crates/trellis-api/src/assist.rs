//! The assistant over open documents: one conversation per document, turns that run off the
//! session (an [`AssistJob`] is a snapshot), and proposals kept until the user applies or
//! rejects them.
//!
//! Invariants:
//! - **A proposal is only ever applied by the user.** A turn reports proposals; the session
//!   keeps them ([`Session::keep_proposal`]) and [`Session::apply_proposal`] applies one as a
//!   single undoable edit, and only to the text it was made for.
//! - **Every proposal applies to the user's text with the smallest splices** (designer
//!   edits); only when a model's patch has no such edits is the data written out anew, and
//!   the diff shows that before anyone accepts it.
//! - **Settings never hold the key.** The key is read from the system keyring or an
//!   environment variable when a turn starts.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use serde_json::Value;
use trellis_assist::provider::{
    resolve_key_from_system, ApiKey, KeyError, KeySource, OpenAiConfig, OpenAiProvider,
    SystemKeyring,
};
use trellis_assist::{offline, Conversation, Event, Finding, Kind, Message, PatchOp, Provider};
use trellis_core::{Document, EditOp, Format, Pointer};
use trellis_gallery::Gallery;
use trellis_protocol::{AssistEventDto, AssistSettingsDto, ErrorCode, ProposalDto, ProviderKind};
use trellis_schema::{Model, Schema};

pub use tokio_util::sync::CancellationToken;
pub use trellis_assist::provider::KeyStore;

use crate::convert::{edit_error, error};
use crate::{ApiError, Content, DocumentDto, Session};

/// The keyring account the OpenAI-compatible provider's key is stored under.
pub const KEY_ACCOUNT: &str = "openai-compatible";

/// Where the settings live in the data directory.
const SETTINGS_FILE: &str = "assistant.json";

static NEXT_PROPOSAL: AtomicU64 = AtomicU64::new(1);

/// One document's chat: the model's conversation and the proposals not yet applied or
/// rejected.
#[derive(Default)]
pub(crate) struct Chat {
    conversation: Conversation,
    proposals: BTreeMap<u64, Change>,
}

/// What applying a proposal does to the text it was made for.
#[derive(Clone, Debug)]
pub struct Change {
    base_text: String,
    how: How,
}

#[derive(Clone, Debug)]
enum How {
    /// Designer edits: the smallest splices.
    Edits(Vec<EditOp>),
    /// The whole text anew (a document with no data yet, or a patch with no edits).
    Text(String),
}

/// A proposal ready to show ([`ProposalDto`]) and to keep ([`Session::keep_proposal`]).
#[derive(Clone, Debug)]
pub struct Prepared {
    pub dto: ProposalDto,
    /// The document's text with the proposal applied.
    pub after_text: String,
    change: Change,
}

/// What a turn reports as it runs; ends with exactly one `Done` or `Error`.
#[derive(Clone, Debug)]
pub enum AssistEvent {
    Text(String),
    Tool(String),
    Proposal(Box<Prepared>),
    Done,
    Error(String),
}

impl AssistEvent {
    pub fn to_dto(&self) -> AssistEventDto {
        match self {
            AssistEvent::Text(text) => AssistEventDto::Text { text: text.clone() },
            AssistEvent::Tool(name) => AssistEventDto::Tool { name: name.clone() },
            AssistEvent::Proposal(p) => AssistEventDto::Proposal {
                proposal: p.dto.clone(),
            },
            AssistEvent::Done => AssistEventDto::Done,
            AssistEvent::Error(message) => AssistEventDto::Error {
                message: message.clone(),
            },
        }
    }
}

/// Reads the settings stored in `data_dir` (the defaults when there are none or they do not
/// read). `key_status` is left empty: a turn reads the key itself, and asking the keyring
/// is only worth it for the settings form ([`settings_for_form`]).
pub fn load_settings(data_dir: &Path) -> AssistSettingsDto {
    std::fs::read_to_string(data_dir.join(SETTINGS_FILE))
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

/// The settings stored in `data_dir` for the settings form: with `key_status` saying where
/// the key would come from now.
pub fn settings_for_form(data_dir: &Path) -> AssistSettingsDto {
    let mut settings = load_settings(data_dir);
    settings.key_status = key_status(&settings);
    settings
}

/// Stores the settings (never a key) atomically.
pub fn store_settings(data_dir: &Path, settings: &AssistSettingsDto) -> Result<(), ApiError> {
    if settings.provider == ProviderKind::OpenaiCompatible {
        check_url(&settings.base_url)?;
        if settings.model.trim().is_empty() {
            return Err(error(ErrorCode::InvalidRequest, "name the model to use"));
        }
    }
    let mut stored = settings.clone();
    stored.key_status = String::new();
    let text = serde_json::to_string_pretty(&stored)
        .map_err(|e| error(ErrorCode::Internal, e.to_string()))?;
    let file = data_dir.join(SETTINGS_FILE);
    std::fs::create_dir_all(data_dir)
        .and_then(|()| crate::fs::write_atomic(&file, text.as_bytes()))
        .map_err(|e| crate::convert::io_error(&file.display().to_string(), e))
}

fn check_url(url: &str) -> Result<(), ApiError> {
    let url = url.trim();
    if url.starts_with("http://") || url.starts_with("https://") {
        Ok(())
    } else {
        Err(error(
            ErrorCode::InvalidRequest,
            format!("the server address must start with http:// or https:// (got {url:?})"),
        ))
    }
}

/// Stores the key in the system keyring (`None`: removes it).
pub fn store_key(store: &dyn KeyStore, key: Option<&str>) -> Result<(), ApiError> {
    let service = trellis_assist::provider::KEYRING_SERVICE;
    let result = match key.and_then(ApiKey::new) {
        Some(key) => store.set(service, KEY_ACCOUNT, &key),
        None => store.delete(service, KEY_ACCOUNT),
    };
    result.map_err(|e| {
        error(
            ErrorCode::Io,
            format!("{e}. Set the environment variable instead, then restart Trellis."),
        )
    })
}

/// [`store_key`] in the operating system's keyring.
pub fn store_key_in_system(key: Option<&str>) -> Result<(), ApiError> {
    store_key(&SystemKeyring, key)
}

fn key_sources(settings: &AssistSettingsDto) -> Vec<KeySource> {
    let mut sources = vec![KeySource::keyring(KEY_ACCOUNT)];
    let var = settings.key_env.trim();
    if !var.is_empty() {
        sources.push(KeySource::Env {
            var: var.to_string(),
        });
    }
    sources
}

/// A local server (Ollama, llama.cpp, LM Studio) needs no key.
fn is_local(url: &str) -> bool {
    let rest = url
        .trim()
        .trim_start_matches("http://")
        .trim_start_matches("https://");
    if rest.starts_with("[::1]") {
        return true;
    }
    let host = rest.split(['/', ':']).next().unwrap_or("");
    matches!(host, "localhost" | "127.0.0.1" | "0.0.0.0")
}

/// Where the OpenAI-compatible provider's key would come from (said whichever provider is
/// chosen, so that the settings form can show it while the user switches). Each source is
/// asked once, in the order a turn asks them.
fn key_status(settings: &AssistSettingsDto) -> String {
    let mut tried = Vec::new();
    for source in key_sources(settings) {
        match resolve_key_from_system(std::slice::from_ref(&source)) {
            Ok(Some(_)) => {
                return match source {
                    KeySource::Keyring { .. } => "a key is stored in the system keyring".into(),
                    other => format!("the key is read from {other}"),
                }
            }
            Ok(None) => return "no key needed".to_string(),
            Err(KeyError::Missing { tried: said }) => tried.extend(said),
            Err(e) => tried.push(e.to_string()),
        }
    }
    if is_local(&settings.base_url) {
        "no key (a local server needs none)".into()
    } else {
        KeyError::Missing { tried }.to_string()
    }
}

/// Everything one turn needs, taken from the session so that the turn runs without it.
pub struct AssistJob {
    pub path: String,
    base: Base,
    gallery: Gallery,
    conversation: Conversation,
    settings: AssistSettingsDto,
}

impl Session {
    /// Where Trellis keeps its own state (the assistant's settings among it).
    pub fn data_dir(&self) -> &Path {
        &self.config.data_dir
    }

    /// Starts a turn on an open document: the request, a snapshot of the document and its
    /// conversation. Run it with [`AssistJob::run`] (off the session), keep its proposals
    /// with [`Session::keep_proposal`] as they arrive, and give the conversation back with
    /// [`Session::end_assist`].
    pub fn assist_job(
        &mut self,
        path: &str,
        request: &str,
        settings: AssistSettingsDto,
    ) -> Result<AssistJob, ApiError> {
        let request = request.trim();
        if request.is_empty() {
            return Err(error(ErrorCode::InvalidRequest, "the request is empty"));
        }
        let Some((schema, value)) = self.schema_and_value(path)? else {
            let open = self.document_mut(path)?;
            return Err(match &open.content {
                Content::Broken(_) => error(
                    ErrorCode::InvalidRequest,
                    format!("{path} does not parse: fix it before asking the assistant"),
                ),
                Content::Parsed(_) => error(
                    ErrorCode::InvalidRequest,
                    format!(
                        "Trellis does not know what kind of configuration {path} is: choose a \
                         schema for it, then ask again"
                    ),
                ),
            });
        };
        let pack = schema
            .pack
            .as_ref()
            .map(|p| p.id.clone())
            .unwrap_or_default();
        let gallery = Gallery::load(&self.template_folders());
        let ws = self.current_mut()?;
        let open = ws
            .documents
            .get(path)
            .ok_or_else(|| error(ErrorCode::NotFound, format!("{path} is not open")))?;
        let Content::Parsed(doc) = &open.content else {
            return Err(error(
                ErrorCode::InvalidRequest,
                format!("{path} does not parse: fix it before asking the assistant"),
            ));
        };
        let text = doc.text().to_string();
        let format = doc.format();
        let conversation = ws
            .chats
            .get(path)
            .map(|c| c.conversation.clone())
            .unwrap_or_default();
        Ok(AssistJob {
            path: path.to_string(),
            base: Base {
                request: request.to_string(),
                text,
                format,
                value: has_data(&value).then_some(value),
                schema,
                pack,
            },
            gallery,
            conversation,
            settings,
        })
    }

    /// Keeps a proposal a turn made, so that it can be applied.
    pub fn keep_proposal(&mut self, path: &str, proposal: &Prepared) -> Result<(), ApiError> {
        let ws = self.current_mut()?;
        ws.chats
            .entry(path.to_string())
            .or_default()
            .proposals
            .insert(proposal.dto.id, proposal.change.clone());
        Ok(())
    }

    /// Gives a finished turn's conversation back to its document.
    pub fn end_assist(&mut self, path: &str, conversation: Conversation) -> Result<(), ApiError> {
        let ws = self.current_mut()?;
        ws.chats.entry(path.to_string()).or_default().conversation = conversation;
        Ok(())
    }

    /// Applies a kept proposal as one undoable edit (not saved). Refused, changing nothing,
    /// when the document's text is no longer the one the proposal was made for.
    pub fn apply_proposal(&mut self, path: &str, id: u64) -> Result<DocumentDto, ApiError> {
        let change = self
            .current()?
            .chats
            .get(path)
            .and_then(|c| c.proposals.get(&id))
            .cloned()
            .ok_or_else(|| {
                error(
                    ErrorCode::NotFound,
                    "this proposal is no longer available: ask again",
                )
            })?;
        let doc = self.parsed_mut(path)?;
        if doc.text() != change.base_text {
            return Err(error(
                ErrorCode::InvalidRequest,
                "the document has changed since this was proposed: ask again to get a \
                 proposal for the text as it is now",
            ));
        }
        match &change.how {
            How::Edits(edits) => {
                doc.apply_all(edits).map_err(edit_error)?;
            }
            How::Text(text) => {
                doc.replace_text(text)
                    .map_err(|e| error(ErrorCode::Internal, e.to_string()))?;
            }
        }
        if let Some(chat) = self.current_mut()?.chats.get_mut(path) {
            chat.proposals.remove(&id);
        }
        self.snapshot(path)
    }

    /// Forgets a proposal the user rejected.
    pub fn reject_proposal(&mut self, path: &str, id: u64) -> Result<(), ApiError> {
        if let Some(chat) = self.current_mut()?.chats.get_mut(path) {
            chat.proposals.remove(&id);
        }
        Ok(())
    }

    /// Forgets a document's conversation and proposals (a new chat).
    pub fn clear_assist(&mut self, path: &str) -> Result<(), ApiError> {
        self.current_mut()?.chats.remove(path);
        Ok(())
    }
}

/// What `trellis assist` got: the reply's text and the proposal, if there was one.
#[derive(Debug, Default)]
pub struct FileAnswer {
    /// The file's text the answer was made for (empty for a file that does not exist).
    pub text: String,
    pub reply: String,
    /// The proposal's patch (empty for answers and questions).
    pub patch: Vec<Value>,
    /// The file's text with the proposal applied, and its error count.
    pub proposed: Option<(String, u32)>,
    /// Why the turn failed, if it did.
    pub failure: Option<String>,
}

/// `trellis assist`: answers a request about a file (not written). A file that does not
/// exist starts as an empty document of `pack` (default `agent-stack`); `pack` also names
/// the schema of an existing file instead of the one discovery finds.
pub async fn assist_file(
    path: &Path,
    request: &str,
    pack: Option<&str>,
    settings: AssistSettingsDto,
) -> Result<FileAnswer, ApiError> {
    let display = path.display().to_string();
    let request = request.trim();
    if request.is_empty() {
        return Err(error(ErrorCode::InvalidRequest, "the request is empty"));
    }
    let pack_schema = |id: &str| {
        trellis_gallery::pack_schema(id).ok_or_else(|| {
            let known: Vec<String> = trellis_schema::Packs::builtin()
                .iter()
                .map(|p| p.id.clone())
                .collect();
            error(
                ErrorCode::InvalidRequest,
                format!("unknown pack {id:?}; the packs are {}", known.join(", ")),
            )
        })
    };
    let (text, format, schema) = if path.exists() {
        let request = crate::ValidateRequest {
            schema: pack.map(str::to_string),
            ..Default::default()
        };
        let job = match crate::prepare_file(path, &request, &mut Default::default())? {
            Ok(job) => job,
            Err(failure) => {
                let d = failure.diagnostics.first();
                return Err(ApiError {
                    code: ErrorCode::Parse,
                    message: format!(
                        "{display}: {}",
                        d.map_or("does not parse", |d| d.message.as_str())
                    ),
                    location: d.map(|d| trellis_protocol::Location {
                        file: display.clone(),
                        line: d.line,
                        column: d.column,
                    }),
                });
            }
        };
        let Some((doc, schema)) = job.document_and_schema() else {
            return Err(error(ErrorCode::Internal, format!("{display}: not read")));
        };
        let schema = match schema {
            Some(s) => s.clone(),
            None => {
                return Err(error(
                    ErrorCode::InvalidRequest,
                    format!(
                        "{display}: Trellis does not know what kind of configuration this is \
                         (give --pack)"
                    ),
                ))
            }
        };
        (doc.text().to_string(), doc.format(), schema)
    } else {
        let id = pack.unwrap_or(offline::DEFAULT_PACK);
        let format = Format::from_path(path).unwrap_or(Format::Yaml);
        (String::new(), format, pack_schema(id)?)
    };
    let value = if text.trim().is_empty() {
        None
    } else {
        Document::parse(text.clone(), format)
            .ok()
            .map(|d| d.into_value())
            .filter(has_data)
    };
    let folder = std::path::absolute(path)
        .ok()
        .and_then(|p| p.parent().map(Path::to_path_buf))
        .unwrap_or_default();
    let job = AssistJob {
        path: display,
        base: Base {
            request: request.to_string(),
            text,
            format,
            value,
            pack: schema
                .pack
                .as_ref()
                .map(|p| p.id.clone())
                .unwrap_or_default(),
            schema,
        },
        gallery: Gallery::load(&crate::template_folders_near(&folder)),
        conversation: Conversation::default(),
        settings,
    };
    let mut answer = FileAnswer {
        text: job.base.text.clone(),
        ..FileAnswer::default()
    };
    let mut record = |event: AssistEvent| match event {
        AssistEvent::Text(t) => answer.reply.push_str(&t),
        AssistEvent::Tool(_) | AssistEvent::Done => {}
        AssistEvent::Proposal(p) => {
            answer.patch = p.dto.patch.clone();
            answer.proposed = Some((p.after_text.clone(), p.dto.errors_after));
        }
        AssistEvent::Error(e) => answer.failure = Some(e),
    };
    job.run(CancellationToken::new(), &mut record).await;
    Ok(answer)
}

/// Whether a document's value holds any data (an empty file or one with only comments does
/// not).
fn has_data(value: &Value) -> bool {
    match value {
        Value::Null => false,
        Value::Object(map) => !map.is_empty(),
        _ => true,
    }
}

impl AssistJob {
    /// The request this turn answers.
    pub fn request(&self) -> &str {
        &self.base.request
    }

    /// Runs the turn, reporting events as they happen; returns the conversation to give back
    /// with [`Session::end_assist`]. Cancelling `cancel` stops a model's answer at the next
    /// chunk (the turn then ends with an error event saying it was stopped).
    pub async fn run(
        mut self,
        cancel: CancellationToken,
        events: &mut (dyn FnMut(AssistEvent) + Send),
    ) -> Conversation {
        match self.settings.provider {
            ProviderKind::Offline => self.run_offline(events),
            ProviderKind::OpenaiCompatible => self.run_model(cancel, events).await,
        }
        self.conversation
    }

    fn run_offline(&mut self, events: &mut (dyn FnMut(AssistEvent) + Send)) {
        let base = &self.base;
        let context = offline::Context {
            document: base.value.as_ref(),
            pack: &base.pack,
            schema: Some(base.schema.clone()),
            gallery: Some(&self.gallery),
        };
        let reply = offline::respond_with(&base.request, &context);
        self.conversation.push_user(base.request.clone());
        self.conversation
            .push(Message::assistant(reply.text.clone()));
        events(AssistEvent::Text(reply.text.clone()));
        if reply.kind == offline::ReplyKind::Proposal && !reply.patch.is_empty() {
            let summary = first_line(&reply.text);
            let document = reply
                .document
                .as_ref()
                .filter(|(format, _)| *format == base.format)
                .map(|(_, text)| text.as_str());
            match base.prepare(
                summary,
                Some(reply.edits.clone()),
                &reply.patch_ops(),
                document,
            ) {
                Ok(p) => events(AssistEvent::Proposal(Box::new(p))),
                Err(e) => {
                    events(AssistEvent::Error(e));
                    return;
                }
            }
        }
        events(AssistEvent::Done);
    }

    async fn run_model(
        &mut self,
        cancel: CancellationToken,
        events: &mut (dyn FnMut(AssistEvent) + Send),
    ) {
        let key = match resolve_key_from_system(&key_sources(&self.settings)) {
            Ok(key) => key,
            Err(_) if is_local(&self.settings.base_url) => None,
            Err(e) => {
                events(AssistEvent::Error(format!(
                    "{e}. Store a key in the assistant's settings, or set ${}.",
                    self.settings.key_env.trim()
                )));
                return;
            }
        };
        let config = OpenAiConfig::new(
            self.settings.base_url.trim().to_string(),
            self.settings.model.trim().to_string(),
        )
        .with_key(key);
        let provider = match OpenAiProvider::new(config) {
            Ok(p) => p,
            Err(e) => {
                events(AssistEvent::Error(e.to_string()));
                return;
            }
        };
        let tools = Snapshot {
            text: self.base.text.clone(),
            value: self
                .base
                .value
                .clone()
                .unwrap_or_else(|| offline::empty_document(&self.base.pack)),
            schema: self.base.schema.clone(),
        };
        self.conversation.push_user(self.base.request.clone());
        let base = &self.base;
        let mut sink = |event: Event| match event {
            Event::Text(text) => events(AssistEvent::Text(text)),
            Event::ToolCall { name, .. } => events(AssistEvent::Tool(name)),
            Event::Proposal(p) => match base.prepare(p.summary.clone(), None, &p.patch, None) {
                Ok(prepared) => events(AssistEvent::Proposal(Box::new(prepared))),
                Err(e) => events(AssistEvent::Text(format!(
                    "\n\n(The proposed change could not be prepared: {e}.)"
                ))),
            },
            Event::Done => events(AssistEvent::Done),
            Event::Error(e) => events(AssistEvent::Error(e.to_string())),
        };
        let _ = provider
            .respond(trellis_assist::Turn {
                conversation: &mut self.conversation,
                tools: &tools,
                events: &mut sink,
                cancel,
            })
            .await;
    }
}

/// The document a turn works on, as it was when the turn started.
struct Base {
    request: String,
    text: String,
    format: Format,
    /// `None` when the document has no data yet (empty, or only comments).
    value: Option<Value>,
    schema: Arc<Schema>,
    pack: String,
}

impl Base {
    /// Turns a checked patch into a proposal: the edits that make it on the user's text, the
    /// text after them, and the diff.
    /// `document`: the whole new text, when the proposal is a template written into a
    /// document with no data (used when it gives exactly the patched data).
    fn prepare(
        &self,
        summary: String,
        edits: Option<Vec<EditOp>>,
        patch: &[PatchOp],
        document: Option<&str>,
    ) -> Result<Prepared, String> {
        let before = self
            .value
            .clone()
            .unwrap_or_else(|| offline::empty_document(&self.pack));
        let after = trellis_diff::apply_patch(&before, patch).map_err(|e| e.to_string())?;
        let edits = edits
            .filter(|e| !e.is_empty())
            .or_else(|| offline::edits_from_patch(&before, patch))
            .or_else(|| {
                let ops = trellis_diff::json_patch(&before, &after, &Default::default());
                offline::edits_from_patch(&before, &ops)
            });
        let mut how = None;
        if let (Some(edits), true) = (edits, self.value.is_some()) {
            let mut doc =
                Document::parse(self.text.clone(), self.format).map_err(|e| e.to_string())?;
            if doc.apply_all(&edits).is_ok() && doc.value() == after {
                how = Some((How::Edits(edits), doc.text().to_string()));
            }
        }
        let (how, after_text) = match how {
            Some(h) => h,
            None => {
                let written = document.filter(|d| {
                    self.value.is_none()
                        && Document::parse(d.to_string(), self.format)
                            .is_ok_and(|doc| doc.into_value() == after)
                });
                let text = match written {
                    Some(d) => with_header(&self.text, self.format, d.to_string()),
                    None => write_anew(&self.text, self.format, &after)?,
                };
                (How::Text(text.clone()), text)
            }
        };
        let errors_after = Document::parse(after_text.clone(), self.format)
            .ok()
            .and_then(|doc| {
                trellis_schema::validate(&doc, Some(&self.schema), &Default::default()).ok()
            })
            .map_or(0, |r| {
                r.diagnostics
                    .iter()
                    .filter(|d| d.severity == trellis_schema::Severity::Error)
                    .count() as u32
            });
        let dto = ProposalDto {
            id: NEXT_PROPOSAL.fetch_add(1, Ordering::Relaxed),
            request: self.request.clone(),
            summary,
            diff: crate::compare::text_dto(&self.text, &after_text),
            patch: patch
                .iter()
                .filter_map(|op| serde_json::to_value(op).ok())
                .collect(),
            errors_after,
        };
        Ok(Prepared {
            dto,
            after_text,
            change: Change {
                base_text: self.text.clone(),
                how,
            },
        })
    }
}

/// The document's data written out anew in its format, after the comment lines the text
/// starts with (a new file's header stays).
fn write_anew(old: &str, format: Format, value: &Value) -> Result<String, String> {
    let body = match format {
        Format::Json => serde_json::to_string_pretty(value).map_err(|e| e.to_string())? + "\n",
        Format::Yaml => serde_yaml::to_string(value).map_err(|e| e.to_string())?,
        Format::Toml => toml::to_string_pretty(value).map_err(|e| e.to_string())?,
    };
    Ok(with_header(old, format, body))
}

/// `body` after the comment lines `old` starts with (a new file's header stays).
fn with_header(old: &str, format: Format, body: String) -> String {
    let header: String = if format == Format::Json {
        String::new()
    } else {
        old.split_inclusive('\n')
            .take_while(|l| {
                let t = l.trim();
                t.is_empty() || t.starts_with('#')
            })
            .collect()
    };
    let header = header.trim_end();
    if header.is_empty() {
        body
    } else {
        format!("{header}\n{body}")
    }
}

fn first_line(text: &str) -> String {
    let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    line.trim().trim_matches('*').trim().to_string()
}

/// The assistant's tools over a snapshot of the document.
struct Snapshot {
    text: String,
    value: Value,
    schema: Arc<Schema>,
}

impl Snapshot {
    fn model(&self) -> Model {
        Model::read(self.schema.walk(), &self.value)
    }

    fn diagnostics(&self, value: &Value) -> Result<Vec<trellis_schema::Diagnostic>, String> {
        trellis_schema::validate_value(value, Some(&self.schema), &Default::default())
            .map(|r| r.diagnostics)
            .ok_or_else(|| "the document is too large to validate".to_string())
    }
}

impl trellis_assist::Tools for Snapshot {
    fn read_document(&self) -> String {
        self.text.clone()
    }

    fn secrets(&self) -> Vec<String> {
        let model = self.model();
        let mut out = Vec::new();
        collect_secrets(&model, &self.value, &mut Pointer::root(), &mut out);
        out
    }

    fn list_kinds(&self) -> Vec<Kind> {
        let design = trellis_schema::Design::new(&self.schema, &self.value);
        design
            .palette()
            .kinds
            .iter()
            .map(|k| Kind {
                name: k.kind.clone(),
                description: k.description.clone(),
                location: k.collection.to_string(),
            })
            .collect()
    }

    fn validate(&self, patch: &[PatchOp]) -> Result<Vec<Finding>, String> {
        let after = trellis_diff::apply_patch(&self.value, patch).map_err(|e| e.to_string())?;
        Ok(self
            .diagnostics(&after)?
            .into_iter()
            .map(|d| Finding {
                severity: match d.severity {
                    trellis_schema::Severity::Error => trellis_assist::Severity::Error,
                    trellis_schema::Severity::Warning => trellis_assist::Severity::Warning,
                    _ => trellis_assist::Severity::Info,
                },
                code: d.code,
                message: d.message,
                pointer: d.pointer,
            })
            .collect())
    }

    fn explain(&self, pointer: &str, code: Option<&str>) -> Result<String, String> {
        let found: Vec<_> = self
            .diagnostics(&self.value)?
            .into_iter()
            .filter(|d| d.pointer == pointer && code.is_none_or(|c| d.code == c))
            .collect();
        if found.is_empty() {
            return Ok(format!("There is no finding at {pointer}."));
        }
        let mut out = String::new();
        for d in found {
            out.push_str(&format!("{} ({}): {}\n", d.pointer, d.code, d.message));
            if let Some(context) = &d.context {
                out.push_str(&format!("  {context}\n"));
            }
            for fix in &d.fixes {
                out.push_str(&format!("  quick fix: {}\n", fix.title));
            }
        }
        Ok(out)
    }

    fn dependents(&self, component: &str) -> Result<Vec<String>, String> {
        let graph = trellis_graph::Graph::from_model(&self.model());
        let node = graph
            .nodes
            .iter()
            .find(|n| n.id == component || n.pointer == component)
            .or_else(|| graph.nodes.iter().find(|n| n.name == component))
            .ok_or_else(|| format!("there is no component {component:?}"))?;
        Ok(graph
            .dependents(&node.id)
            .into_iter()
            .map(|id| graph.node(&id).map_or(id.clone(), |n| n.name.clone()))
            .collect())
    }
}

fn collect_secrets(model: &Model, value: &Value, at: &mut Pointer, out: &mut Vec<String>) {
    match value {
        Value::String(s) if model.hides(at, s) && !out.contains(s) => out.push(s.clone()),
        Value::Object(map) => {
            for (k, v) in map {
                let mut inner = at.join(k.clone());
                collect_secrets(model, v, &mut inner, out);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter().enumerate() {
                let mut inner = at.join(i.to_string());
                collect_secrets(model, v, &mut inner, out);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_servers_need_no_key() {
        assert!(is_local("http://localhost:11434/v1"));
        assert!(is_local("http://127.0.0.1:8080"));
        assert!(is_local("http://[::1]:8080/v1"));
        assert!(!is_local("https://api.openai.com/v1"));
        assert!(!is_local("https://localhost.example.com/v1"));
    }

    #[test]
    fn written_anew_after_the_header() {
        let value = serde_json::json!({"a": 1});
        let text = write_anew("# agents\n\n", Format::Yaml, &value).unwrap();
        assert_eq!(text, "# agents\na: 1\n");
        let text = write_anew("", Format::Json, &value).unwrap();
        assert_eq!(text, "{\n  \"a\": 1\n}\n");
    }
}
