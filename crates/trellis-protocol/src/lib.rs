//! `trellis-protocol` holds the data transfer objects that cross the IPC boundary between the
//! Yew UI and the Tauri backend, and the JSON the CLI prints.
//!
//! Invariants: serde only, no logic, builds for `wasm32-unknown-unknown`. Domain types never
//! appear here; `trellis-api` converts them. Field names are the wire format: renaming one is
//! a protocol change on both sides.

mod assist;

pub use assist::{
    AssistEventDto, AssistReplyDto, AssistSettingsDto, AssistStreamDto, ProposalDto, ProviderKind,
    ASSIST_EVENT,
};
use serde::{Deserialize, Serialize};
use serde_json::Value;

/// Every failure that crosses the boundary. The UI shows `message` and branches only on
/// `code`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    /// Where the problem is, when it has a place in a file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub location: Option<Location>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The file's text is not valid YAML/JSON/TOML (or not UTF-8).
    Parse,
    /// Reading or writing a file failed.
    Io,
    /// A path, pointer or document that does not exist.
    NotFound,
    /// A request that does not fit the document (wrong type, key exists, bad pointer).
    InvalidRequest,
    /// The file is larger than Trellis opens.
    TooLarge,
    /// Something that is not supported yet.
    Unsupported,
    /// A bug: the operation was refused to protect the user's data.
    Internal,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Location {
    pub file: String,
    /// 1-based.
    pub line: u32,
    /// 1-based, in characters.
    pub column: u32,
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.location {
            Some(l) => write!(
                f,
                "{}:{}:{}: error: {}",
                l.file, l.line, l.column, self.message
            ),
            None => write!(f, "error: {}", self.message),
        }
    }
}

impl std::error::Error for ApiError {}

/// An open workspace: a folder of configuration files.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkspaceDto {
    /// Absolute path of the folder.
    pub root: String,
    pub name: String,
    /// Configuration files under the root, sorted by path.
    pub files: Vec<FileEntry>,
    /// Recently opened workspaces, most recent first (this one included).
    pub recent: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    /// Path relative to the workspace root, with `/` separators.
    pub path: String,
    /// `yaml`, `json` or `toml`.
    pub format: String,
    pub size: u64,
}

/// A snapshot of an open document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DocumentDto {
    /// Path relative to the workspace root.
    pub path: String,
    pub format: String,
    pub text: String,
    /// The text differs from what is on disk.
    pub dirty: bool,
    pub can_undo: bool,
    pub can_redo: bool,
    pub outline: OutlineNode,
    /// The outline stops after this many nodes on very large documents.
    pub outline_truncated: bool,
    /// Set when the text does not parse. The document is shown (its text, and the outline of
    /// the lines before the error when those parse on their own) but cannot be edited until
    /// the file is fixed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub syntax_error: Option<SyntaxErrorDto>,
    /// After a save: the commit it made ("Committed 1a2b3c4 …"), or why it made none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub version_note: Option<String>,
}

/// Where and why a document's text does not parse.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SyntaxErrorDto {
    pub message: String,
    /// 1-based position of the error.
    pub line: u32,
    pub column: u32,
    /// The outline shows lines 1 to this one (the part before the error's line); 0 when even
    /// that part does not parse and the outline is empty.
    pub outline_through: u32,
}

/// One node of the structured view of a document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct OutlineNode {
    /// JSON Pointer of the node.
    pub pointer: String,
    /// The map key or list index that leads here (`None` for the root).
    pub key: Option<String>,
    pub kind: ValueKind,
    /// The value, for scalars.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub value: Option<Value>,
    /// 1-based position of the value in the text.
    pub line: u32,
    pub column: u32,
    /// Byte span of the value in the text.
    pub start: u32,
    pub end: u32,
    /// Number of entries or items of a map or list in the document; `children` holds fewer
    /// when the outline was cut short.
    #[serde(default)]
    pub len: u32,
    pub children: Vec<OutlineNode>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ValueKind {
    Null,
    Bool,
    Number,
    String,
    Array,
    Object,
    /// A YAML alias; `value` holds its name.
    Alias,
}

/// An edit as the UI or the CLI asks for it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum EditRequest {
    Set { pointer: String, value: Value },
    Add { pointer: String, value: Value },
    Remove { pointer: String },
    Rename { pointer: String, new_key: String },
    Move { pointer: String, to: usize },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

/// One finding about a document: a schema error, a dangling reference, a literal secret, a
/// syntax error.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DiagnosticDto {
    pub severity: Severity,
    /// `syntax`, `schema.<keyword>`, `ref.dangling`, `ref.cycle`, `ref.unused`,
    /// `secret.literal`, `env.unresolved`, `schema.unavailable`.
    pub code: String,
    pub message: String,
    /// JSON Pointer of the value (of the object, for a missing property).
    pub pointer: String,
    /// 1-based start and end positions (columns in characters).
    pub line: u32,
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    /// Byte span in the document's text.
    pub start: u32,
    pub end: u32,
    #[serde(default)]
    pub fixes: Vec<FixDto>,
    /// Where the finding comes from when not the document as written (`environment prod`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub context: Option<String>,
}

/// A quick fix: edits applied together as one undoable step.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FixDto {
    pub title: String,
    pub edits: Vec<EditRequest>,
}

/// The schema a document is validated against.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchemaInfo {
    pub name: String,
    /// `pack agent-stack`, a file path or a URL.
    pub origin: String,
    /// How it was found: `chosen`, `from the document's $schema`, ...
    pub via: String,
}

/// The result of validating one document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ValidationDto {
    pub path: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub schema: Option<SchemaInfo>,
    /// Sorted by position.
    pub diagnostics: Vec<DiagnosticDto>,
    pub errors: u32,
    pub warnings: u32,
    /// The document's environment overlays.
    #[serde(default)]
    pub environments: Vec<String>,
    /// Which of them were validated.
    #[serde(default)]
    pub environment: EnvironmentChoice,
    /// Where `${VAR}` values came from (e.g. "the process environment", ".env"); empty when
    /// variables were not resolved.
    #[serde(default)]
    pub variables_from: Vec<String>,
}

/// A built-in schema pack, as the schema picker lists it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SchemaPackDto {
    pub id: String,
    pub title: String,
    pub description: String,
    /// File-name patterns that select the pack by themselves.
    pub patterns: Vec<String>,
}

/// Which environment overlays of a document are validated.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "name", rename_all = "snake_case")]
pub enum EnvironmentChoice {
    /// The base document and every overlay merged over it.
    #[default]
    All,
    /// The base document only.
    Base,
    /// The base document and this overlay.
    Only(String),
}

/// One structural change between two versions of a document.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ChangeDto {
    /// `added`, `removed`, `changed` or `moved`.
    pub kind: String,
    /// 1-based lines of the entry in the old and the new text, where it is on that side.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old_line: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new_line: Option<u32>,
    /// JSON Pointer in the new data (in the old data for a removal).
    pub pointer: String,
    /// Where the entry was in the old data, for a move or a change inside a moved item.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub old: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub new: Option<Value>,
}

/// Two versions of a document compared as data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StructuralDiffDto {
    /// The data is equal (formatting, comments and map key order aside).
    pub equal: bool,
    /// The changes in words, e.g. "agents: added researcher; models.gpt4o.temperature 0.7 → 0.2".
    pub summary: String,
    pub changes: Vec<ChangeDto>,
    /// An RFC 6902 JSON Patch that turns the old data into the new.
    pub patch: Vec<Value>,
}

/// A version of a document to compare.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum VersionRef {
    /// The text being edited, saved or not.
    Working,
    /// The file as it is on disk.
    Saved,
    /// The working copy's data with one environment overlay merged over it (`None`: the base
    /// document without overlays), written out as data.
    Environment { name: Option<String> },
    /// The file as committed in a revision (a commit id, `HEAD~1`, a tag…).
    Commit { rev: String },
    /// Another file of the workspace, as it is on disk (or as it is being edited, if open).
    File { path: String },
}

/// One commit in a file's history, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryEntryDto {
    pub id: String,
    pub short_id: String,
    /// RFC 3339, in the author's time zone.
    pub date: String,
    pub author: String,
    pub summary: String,
    /// `added`, `modified` or `deleted`: what the commit did to the file.
    pub change: String,
}

/// Two versions of a document compared: their texts line by line, and their data.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ComparisonDto {
    pub path: String,
    pub old_label: String,
    pub new_label: String,
    pub text: TextDiffDto,
    /// `None` when one side does not parse (the text diff still shows).
    pub structure: Option<StructuralDiffDto>,
    /// The newer side's components and references laid out, each marked with what the
    /// comparison changed in it; `None` without a schema that declares components.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub graph: Option<GraphDto>,
}

/// A laid-out component graph.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GraphDto {
    pub nodes: Vec<GraphNodeDto>,
    pub edges: Vec<GraphEdgeDto>,
    /// The drawing's bounds: (min x, min y, max x, max y).
    pub bounds: (f64, f64, f64, f64),
    /// Components the older side had and the newer one does not (`agents/old`).
    #[serde(default)]
    pub removed: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GraphNodeDto {
    /// The component's JSON Pointer.
    pub id: String,
    pub kind: String,
    pub name: String,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    /// `added` or `changed` in a comparison.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GraphEdgeDto {
    pub from: String,
    pub to: String,
    pub points: Vec<(f64, f64)>,
    /// Part of a reference cycle.
    pub cycle: bool,
    /// `changed` when the comparison changed this reference.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
}

/// A document's components for the design canvas: each placed where the user put it (the
/// layout sidecar) or, until then, where the automatic layout puts it.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct DesignDto {
    pub nodes: Vec<DesignNodeDto>,
    pub edges: Vec<DesignEdgeDto>,
    /// References that name no component.
    pub dangling: Vec<DanglingDto>,
    /// Components in reference cycles, one list per cycle.
    pub cycles: Vec<Vec<String>>,
    /// The schema pack the components come from (`None`: the document has no components
    /// the canvas can show, e.g. no schema was found).
    pub pack: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DesignNodeDto {
    /// The component's JSON Pointer (`/agents/writer`).
    pub id: String,
    pub kind: String,
    pub name: String,
    pub x: f64,
    pub y: f64,
    pub w: f64,
    pub h: f64,
    /// The colour of its kind (the same as in `trellis graph --format svg`).
    pub color: String,
    /// A few of its values to show on the node: (key, value as text); secrets masked.
    pub fields: Vec<(String, String)>,
    /// The position comes from the layout sidecar (the user placed it).
    pub placed: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DesignEdgeDto {
    pub from: String,
    pub to: String,
    /// Where the reference is written (`/agents/writer/tools/0`).
    pub field: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DanglingDto {
    /// The component holding the reference, if it is inside one.
    pub from: Option<String>,
    pub name: String,
    pub pointer: String,
}

/// The kinds of component a document's schema has, for the canvas palette.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct PaletteDto {
    pub kinds: Vec<PaletteKindDto>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PaletteKindDto {
    pub kind: String,
    /// The title of one component (`Provider`).
    pub title: String,
    /// The title of the collection (`Providers`).
    pub collection_title: String,
    pub description: String,
    pub color: String,
    pub variants: Vec<PaletteVariantDto>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaletteVariantDto {
    pub name: String,
    pub title: String,
    pub description: String,
}

/// A component added from the palette.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ComponentAddedDto {
    pub document: DocumentDto,
    /// The new component's pointer.
    pub id: String,
    pub name: String,
    /// What could not be filled in to make it valid (`agents.x.model: no model to name`).
    pub missing: Vec<String>,
}

/// Components made by duplicating or pasting, as one undoable step.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ComponentsCreatedDto {
    pub document: DocumentDto,
    /// The new components' pointers, in the order of the selection or the clipboard (what
    /// the canvas selects next).
    pub ids: Vec<String>,
    pub created: Vec<CreatedComponentDto>,
    /// Things worth saying (a pasted reference that names nothing in this document).
    pub notes: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CreatedComponentDto {
    /// The new component's pointer.
    pub id: String,
    pub kind: String,
    pub name: String,
    /// The name of the component it copies.
    pub from_name: String,
    /// Where that component was (its pointer in the document it was copied from).
    pub source: Option<String>,
}

/// Components copied to the clipboard: enough to paste them into this document or another
/// of the same schema, in any format. Serialise it as it is to put it on the system
/// clipboard.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct ClipboardDto {
    /// The schema pack they come from, when one (a paste into another pack is refused).
    pub pack: Option<String>,
    /// The schema's `$id`, when it has one.
    #[serde(default)]
    pub schema: Option<String>,
    /// The document they were copied from (workspace-relative).
    #[serde(default)]
    pub path: Option<String>,
    pub components: Vec<ClipboardComponentDto>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ClipboardComponentDto {
    pub kind: String,
    /// The map that held it (`/agents`).
    pub collection: String,
    pub name: String,
    /// Its value as a JSON value, secrets included (as any editor copies them).
    pub value: Value,
    /// Its pointer where it was copied from.
    pub source: String,
    /// Where its node was on the canvas, when known: a paste puts the copy beside it.
    #[serde(default)]
    pub position: Option<(f64, f64)>,
}

/// A reference to a component, from somewhere in the document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReferrerDto {
    /// The component holding the reference (its pointer and name), if inside one.
    pub from: Option<String>,
    pub from_name: Option<String>,
    /// Where the name is written.
    pub pointer: String,
}

/// A reference field of a component: a port on the canvas.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PortDto {
    /// The field's pointer (`/agents/writer/model`).
    pub field: String,
    pub label: String,
    /// The kinds it may name.
    pub kinds: Vec<String>,
    /// It holds several names (a list or map).
    pub multiple: bool,
    pub current: Vec<String>,
}

/// The components a reference field may name now, and those it may not, with why.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TargetsDto {
    pub field: String,
    /// Pointers of the components it may name.
    pub valid: Vec<String>,
    /// (pointer, reason) of the components it may not name.
    pub refused: Vec<(String, String)>,
}

/// The inspector's form of a component: fields generated from the schema.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FormDto {
    pub pointer: String,
    pub variant: Option<FormVariantDto>,
    pub field: FormFieldDto,
    /// The component's reference fields (its ports).
    pub ports: Vec<PortDto>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FormVariantDto {
    /// The property that tells the variant (`type`), if one does.
    pub field: Option<String>,
    pub current: Option<String>,
    pub options: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FormFieldDto {
    pub key: Option<String>,
    pub pointer: String,
    pub title: String,
    pub description: Option<String>,
    pub required: bool,
    pub default: Option<Value>,
    /// The current value of a scalar; `None` when absent or a masked secret.
    pub value: Option<Value>,
    pub present: bool,
    pub secret: Option<SecretDto>,
    pub read_only: bool,
    pub input: InputDto,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SecretDto {
    /// The literal value, masked, when one is written (it should not be).
    pub masked: Option<String>,
    /// How to take it from the environment instead (`${OPENAI_API_KEY}`).
    pub suggestion: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum InputDto {
    Text {
        format: Option<String>,
        pattern: Option<String>,
    },
    Number {
        integer: bool,
        minimum: Option<f64>,
        maximum: Option<f64>,
    },
    Boolean,
    Enum {
        options: Vec<Value>,
    },
    Const {
        value: Value,
    },
    List {
        items: Vec<FormFieldDto>,
        /// What a new item looks like (its input and default).
        #[serde(default)]
        item: Option<Box<FormFieldDto>>,
        truncated: bool,
    },
    Object {
        fields: Vec<FormFieldDto>,
        extra: Vec<FormFieldDto>,
        truncated: bool,
    },
    Variants {
        current: Option<usize>,
        variants: Vec<VariantDto>,
    },
    Reference {
        to: Vec<String>,
        multiple: bool,
        current: Vec<String>,
        targets: Vec<String>,
    },
    Any,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct VariantDto {
    pub title: String,
    pub description: Option<String>,
    /// The value written when switching to it.
    pub value: Value,
    /// The current variant's own form (`None` for the others).
    #[serde(default)]
    pub field: Option<Box<FormFieldDto>>,
}

/// Where a document stands in its undo history: all a step that leaves the text alone (a
/// move on the canvas) changes, so it need not send the whole document back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryStateDto {
    pub path: String,
    /// The text differs from what is on disk.
    pub dirty: bool,
    pub can_undo: bool,
    pub can_redo: bool,
}

/// A component moved on the canvas.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NodeMoveDto {
    pub id: String,
    pub x: f64,
    pub y: f64,
}

/// What a component depends on and what depends on it, directly or through others.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ImpactDto {
    pub id: String,
    pub depends_on: Vec<String>,
    pub dependents: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextDiffDto {
    pub hunks: Vec<HunkDto>,
    pub added: u32,
    pub removed: u32,
    /// False when the time limit made the diff coarser than it could be.
    pub complete: bool,
    /// Line counts of each side, for the unchanged stretches between hunks.
    pub old_lines: u32,
    pub new_lines: u32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HunkDto {
    pub old_start: u32,
    pub old_len: u32,
    pub new_start: u32,
    pub new_len: u32,
    pub lines: Vec<DiffLineDto>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DiffLineDto {
    /// `equal`, `delete` or `insert`.
    pub tag: String,
    pub old_line: Option<u32>,
    pub new_line: Option<u32>,
    /// (text, emphasized): the words that changed are emphasized.
    pub parts: Vec<(String, bool)>,
}

/// The workspace repository's branches and tags.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefsDto {
    /// The branch HEAD is on (`None`: detached, or no repository).
    pub current: Option<String>,
    pub branches: Vec<String>,
    pub tags: Vec<String>,
    /// Remote names (e.g. `origin`), to share the current branch with.
    #[serde(default)]
    pub remotes: Vec<String>,
}

/// What to do with a remote.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RemoteAction {
    Fetch,
    /// Fast-forward the current branch; divergence is reported, never resolved by force.
    Pull,
    /// Push the current branch (never forced).
    Push,
}

/// A template of the gallery.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TemplateDto {
    pub id: String,
    pub title: String,
    pub description: String,
    pub tags: Vec<String>,
    /// The schema pack the rendered file is written for.
    pub pack: Option<String>,
    /// `yaml`, `json` or `toml`.
    pub format: String,
    /// `builtin`, `workspace` (the workspace's `.trellis/templates/`) or `user`.
    pub origin: String,
    /// Where a new file goes by default, relative to the workspace.
    pub output: String,
    /// A JSON Schema object: each property is a parameter, with its type, title,
    /// description, default and constraints.
    pub parameters: Value,
    /// Names of the components the template creates with its defaults (for search).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub components: Vec<String>,
    /// The component graph of the template with its defaults, as a standalone SVG.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preview_svg: Option<String>,
}

/// The templates the app knows, and the template folders that could not be used.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GalleryDto {
    pub templates: Vec<TemplateDto>,
    /// "FILE: message" for each template folder that could not be used.
    #[serde(default)]
    pub problems: Vec<String>,
}

/// A parameter value that cannot be used.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParamErrorDto {
    pub parameter: String,
    pub message: String,
}

/// A template rendered with parameter values.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TemplateRenderDto {
    pub id: String,
    /// The rendered text; `None` when a parameter is not valid (see `errors`).
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub preview_svg: Option<String>,
    #[serde(default)]
    pub components: Vec<String>,
    /// The values used, defaults included.
    pub values: Value,
    /// Problems with the parameter values; empty when the template rendered.
    #[serde(default)]
    pub errors: Vec<ParamErrorDto>,
    /// The rendered text validated against the template's pack.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub validation: Option<ValidationDto>,
}

/// Where "save as template" stores a template.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TemplateLocation {
    /// The workspace's `.trellis/templates/` (shared with the workspace's repository).
    Workspace,
    /// The user's own templates folder.
    User,
}

/// "Save as template": an open document's text stored as a new template.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaveTemplateRequest {
    /// The open document, relative to the workspace.
    pub path: String,
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub tags: Vec<String>,
    /// The schema pack; `None` takes the one the document is validated with, if a pack.
    #[serde(default)]
    pub pack: Option<String>,
    pub location: TemplateLocation,
}
