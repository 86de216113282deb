//! `trellis-gallery` owns templates: configuration files with parameters that a person fills
//! in to start a new file. It finds them (the built-in ones under `templates/`, embedded at
//! build time, and the folders it is given: a workspace's `.trellis/templates/` and the
//! user's own templates folder), reads their metadata, checks parameter values against each
//! template's JSON Schema (defaults filled in, unknown names and invalid values refused with
//! the parameter's name), renders them, and draws the rendered document's component graph
//! as an SVG preview. It also writes down what "save as template" stores and what removing a
//! user template deletes; the caller does that IO.
//!
//! Invariants:
//! - A parameter value can never change the structure of the rendered file: every value is
//!   written as one complete, escaped literal of the file's format ([`render`]), and every
//!   rendering is parsed back before it is returned.
//! - A template folder that cannot be used is reported as a [`Problem`] naming its file; it
//!   never stops the others from loading, and nothing here panics on bad input.
//! - No IO except reading the template folders a caller names.
//! - Built-in templates cannot be removed.

mod params;
pub mod render;

pub use params::{ParamError, Parameters};
pub use render::{escape_text, Program};

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, OnceLock};
use trellis_core::{Document, Format};
use trellis_schema::{LoadOptions, Model, Packs, Schema};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/builtin_templates.rs"));
}

/// The metadata file of a template folder.
pub const META_FILE: &str = "template.json";
/// Largest template file read.
pub const MAX_FILE_BYTES: u64 = 4 * 1024 * 1024;

/// Where a template comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// Shipped with Trellis.
    Builtin,
    /// The workspace's `.trellis/templates/`.
    Workspace,
    /// The user's templates folder.
    User,
}

impl Origin {
    pub fn as_str(self) -> &'static str {
        match self {
            Origin::Builtin => "builtin",
            Origin::Workspace => "workspace",
            Origin::User => "user",
        }
    }
}

/// `template.json`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Meta {
    /// Unique among the templates Trellis knows; also the folder name.
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub tags: Vec<String>,
    /// The schema pack the rendered file is written for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pack: Option<String>,
    /// `yaml`, `json` or `toml`.
    pub format: String,
    /// The content file in the template's folder.
    pub content: String,
    /// Where a new file goes by default, relative to the workspace (the content's name when
    /// absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output: Option<String>,
    /// A JSON Schema object: each property is a parameter.
    #[serde(default = "empty_parameters")]
    pub parameters: Value,
}

fn empty_parameters() -> Value {
    serde_json::json!({ "type": "object", "properties": {} })
}

/// A template folder that could not be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    /// The file (or folder) at fault.
    pub file: String,
    pub message: String,
}

impl std::fmt::Display for Problem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.file, self.message)
    }
}

/// Everything that can go wrong using the gallery.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum GalleryError {
    #[error("no template {id:?}{hint}")]
    Unknown { id: String, hint: String },
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    Parameters(Vec<ParamError>),
    #[error("template {id}: {message}")]
    Render { id: String, message: String },
    #[error("{0}")]
    Invalid(String),
    #[error("{id} is a built-in template: only templates you saved can be removed")]
    Builtin { id: String },
}

/// A usable template.
#[derive(Clone, Debug)]
pub struct Template {
    pub meta: Meta,
    pub format: Format,
    pub origin: Origin,
    /// The template's folder (`None` for built-ins).
    pub dir: Option<PathBuf>,
    /// The content as written, placeholders included.
    pub content: String,
    program: Program,
    parameters: Parameters,
}

/// A rendered template.
#[derive(Clone, Debug)]
pub struct Rendered {
    pub text: String,
    /// The values used, defaults included.
    pub values: Map<String, Value>,
}

impl Template {
    /// A template from its metadata text and a way to read the files of its folder.
    /// `place` names the folder in messages.
    pub fn from_sources(
        origin: Origin,
        place: &str,
        meta_text: &str,
        read: impl Fn(&str) -> Result<String, String>,
    ) -> Result<Template, Problem> {
        let meta_file = format!("{place}/{META_FILE}");
        let problem = |file: &str, message: String| Problem {
            file: file.to_string(),
            message,
        };
        let meta: Meta =
            serde_json::from_str(meta_text).map_err(|e| problem(&meta_file, e.to_string()))?;
        check_id(&meta.id).map_err(|m| problem(&meta_file, m))?;
        let format = match meta.format.as_str() {
            "yaml" => Format::Yaml,
            "json" => Format::Json,
            "toml" => Format::Toml,
            other => {
                return Err(problem(
                    &meta_file,
                    format!("format {other:?}: expected yaml, json or toml"),
                ))
            }
        };
        if let Some(pack) = &meta.pack {
            if Packs::builtin().get(pack).is_none() {
                let known: Vec<&str> = Packs::builtin().iter().map(|p| p.id.as_str()).collect();
                return Err(problem(
                    &meta_file,
                    format!(
                        "no schema pack {pack:?}; the packs are {}",
                        known.join(", ")
                    ),
                ));
            }
        }
        check_file_name(&meta.content).map_err(|m| problem(&meta_file, format!("content: {m}")))?;
        if Format::from_path(Path::new(&meta.content)) != Some(format) {
            return Err(problem(
                &meta_file,
                format!(
                    "the content file {:?} does not end in .{}",
                    meta.content, meta.format
                ),
            ));
        }
        if let Some(output) = &meta.output {
            check_relative(output).map_err(|m| problem(&meta_file, format!("output: {m}")))?;
        }
        let parameters = Parameters::new(meta.parameters.clone(), &meta.id)
            .map_err(|m| problem(&meta_file, m))?;
        let content_file = format!("{place}/{}", meta.content);
        let content = read(&meta.content).map_err(|m| problem(&content_file, m))?;
        let program =
            Program::parse(&content, format).map_err(|e| problem(&content_file, e.to_string()))?;
        for name in program.names() {
            if !parameters.names().contains(&name) {
                return Err(problem(
                    &content_file,
                    format!("uses the parameter {name}, which {META_FILE} does not declare"),
                ));
            }
        }
        let template = Template {
            meta,
            format,
            origin,
            dir: None,
            content,
            program,
            parameters,
        };
        // A template must render with its defaults.
        if let Err(e) = template.render(&Map::new()) {
            return Err(problem(&content_file, e.to_string()));
        }
        Ok(template)
    }

    pub fn id(&self) -> &str {
        &self.meta.id
    }

    pub fn parameters(&self) -> &Parameters {
        &self.parameters
    }

    /// The path a new file gets by default.
    pub fn output(&self) -> &str {
        self.meta.output.as_deref().unwrap_or(&self.meta.content)
    }

    /// Renders with `given` values over the defaults. The text is parsed before it is
    /// returned: a rendering that does not parse is an error, never handed out.
    pub fn render(&self, given: &Map<String, Value>) -> Result<Rendered, GalleryError> {
        let values = self
            .parameters
            .resolve(given)
            .map_err(GalleryError::Parameters)?;
        let text = self
            .program
            .render(&values, self.format)
            .map_err(|message| GalleryError::Render {
                id: self.meta.id.clone(),
                message,
            })?;
        if let Err(e) = Document::parse(text.clone(), self.format) {
            let at = e
                .position()
                .map(|p| format!("line {}, column {}: ", p.line, p.column))
                .unwrap_or_default();
            return Err(GalleryError::Render {
                id: self.meta.id.clone(),
                message: format!(
                    "the rendered {} does not parse ({at}{e}); the template needs fixing",
                    self.meta.format
                ),
            });
        }
        Ok(Rendered { text, values })
    }

    /// The schema of the template's pack, compiled once per pack.
    pub fn schema(&self) -> Option<Arc<Schema>> {
        pack_schema(self.meta.pack.as_deref()?)
    }
}

/// The compiled schema of a built-in pack (cached for the process).
pub fn pack_schema(id: &str) -> Option<Arc<Schema>> {
    static CACHE: OnceLock<Mutex<HashMap<String, Arc<Schema>>>> = OnceLock::new();
    let cache = CACHE.get_or_init(Default::default);
    if let Some(s) = cache.lock().unwrap_or_else(|e| e.into_inner()).get(id) {
        return Some(s.clone());
    }
    let pack = Packs::builtin().get(id)?.clone();
    let schema = Arc::new(Schema::from_pack(pack, &LoadOptions::default()).ok()?);
    cache
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .insert(id.to_string(), schema.clone());
    Some(schema)
}

/// What a rendered document draws: its component graph as SVG (components coloured by kind)
/// and the components' names.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Preview {
    pub svg: Option<String>,
    pub components: Vec<String>,
}

/// The preview of a text under a pack's schema; an empty preview when the text does not
/// parse, the pack is unknown or it declares no components in this text.
pub fn preview(text: &str, format: Format, pack: Option<&str>) -> Preview {
    let (Some(schema), Ok(doc)) = (
        pack.and_then(pack_schema),
        Document::parse(text.to_string(), format),
    ) else {
        return Preview::default();
    };
    let model = Model::read(schema.walk(), &doc.value());
    if model.components.is_empty() {
        return Preview::default();
    }
    let graph = trellis_graph::Graph::from_model(&model);
    let layout = graph.layout();
    Preview {
        svg: Some(trellis_graph::to_svg(&graph, &layout)),
        components: model.components.iter().map(|c| c.name.clone()).collect(),
    }
}

/// Template ids: lowercase letters, digits and `-`, starting with a letter; 64 at most.
pub fn check_id(id: &str) -> Result<(), String> {
    let ok = id.len() <= 64
        && id.starts_with(|c: char| c.is_ascii_lowercase())
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "id {id:?}: use lowercase letters, digits and -, starting with a letter (at most 64)"
        ))
    }
}

fn check_file_name(name: &str) -> Result<(), String> {
    if name.is_empty()
        || name.contains(['/', '\\'])
        || name == "."
        || name == ".."
        || name == META_FILE
    {
        return Err(format!(
            "{name:?} is not a file name in the template's folder"
        ));
    }
    Ok(())
}

fn check_relative(path: &str) -> Result<(), String> {
    let p = Path::new(path);
    let ok = !path.is_empty()
        && p.components()
            .all(|c| matches!(c, std::path::Component::Normal(_)));
    if ok {
        Ok(())
    } else {
        Err(format!("{path:?} is not a relative path"))
    }
}

/// A folder of templates to read, and what its templates count as.
#[derive(Clone, Debug)]
pub struct Folder {
    pub path: PathBuf,
    pub origin: Origin,
}

/// The templates Trellis knows: built-ins first, then each folder's (by id within a folder).
#[derive(Clone, Debug, Default)]
pub struct Gallery {
    templates: Vec<Template>,
    problems: Vec<Problem>,
}

impl Gallery {
    /// The built-in templates (parsed once per process).
    pub fn builtin() -> Gallery {
        static BUILTIN: OnceLock<Gallery> = OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                let mut gallery = Gallery::default();
                for (folder, meta, files) in embedded::BUILTIN {
                    let read = |name: &str| {
                        files
                            .iter()
                            .find(|(n, _)| *n == name)
                            .map(|(_, text)| text.to_string())
                            .ok_or_else(|| "no such file".to_string())
                    };
                    let place = format!("templates/{folder}");
                    match Template::from_sources(Origin::Builtin, &place, meta, read) {
                        Ok(t) if t.meta.id != *folder => gallery.problems.push(Problem {
                            file: format!("{place}/{META_FILE}"),
                            message: format!("id {:?} differs from the folder name", t.meta.id),
                        }),
                        Ok(t) => gallery.add(t, &place),
                        Err(p) => gallery.problems.push(p),
                    }
                }
                gallery
            })
            .clone()
    }

    /// The built-in templates and those in `folders` (a folder that does not exist holds
    /// none). A template whose id is already taken is reported and left out.
    pub fn load(folders: &[Folder]) -> Gallery {
        let mut gallery = Gallery::builtin();
        for folder in folders {
            gallery.read_folder(folder);
        }
        gallery
    }

    fn read_folder(&mut self, folder: &Folder) {
        let entries = match std::fs::read_dir(&folder.path) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return,
            Err(e) => {
                self.problems.push(Problem {
                    file: folder.path.display().to_string(),
                    message: e.to_string(),
                });
                return;
            }
        };
        let mut dirs: Vec<PathBuf> = entries
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.join(META_FILE).is_file())
            .collect();
        dirs.sort();
        for dir in dirs {
            let place = dir.display().to_string();
            let meta = match read_text(&dir.join(META_FILE)) {
                Ok(text) => text,
                Err(message) => {
                    self.problems.push(Problem {
                        file: format!("{place}/{META_FILE}"),
                        message,
                    });
                    continue;
                }
            };
            let read = |name: &str| read_text(&dir.join(name));
            match Template::from_sources(folder.origin, &place, &meta, read) {
                Ok(mut t) => {
                    t.dir = Some(dir.clone());
                    self.add(t, &place);
                }
                Err(p) => self.problems.push(p),
            }
        }
    }

    fn add(&mut self, template: Template, place: &str) {
        if let Some(other) = self
            .templates
            .iter()
            .find(|t| t.meta.id == template.meta.id)
        {
            self.problems.push(Problem {
                file: format!("{place}/{META_FILE}"),
                message: format!(
                    "the id {} is taken by a {} template; left out",
                    template.meta.id,
                    other.origin.as_str()
                ),
            });
            return;
        }
        self.templates.push(template);
    }

    pub fn templates(&self) -> &[Template] {
        &self.templates
    }

    /// Template folders that could not be used.
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }

    pub fn get(&self, id: &str) -> Result<&Template, GalleryError> {
        self.templates
            .iter()
            .find(|t| t.meta.id == id)
            .ok_or_else(|| {
                let hint = trellis_schema::did_you_mean(
                    id,
                    self.templates.iter().map(|t| t.meta.id.as_str()),
                )
                .map(|m| format!("; did you mean {m}?"))
                .unwrap_or_else(|| "; `trellis template list` shows them".to_string());
                GalleryError::Unknown {
                    id: id.to_string(),
                    hint,
                }
            })
    }

    /// What removing a user template deletes. Built-in templates cannot be removed.
    pub fn removal(&self, id: &str) -> Result<Removal, GalleryError> {
        let template = self.get(id)?;
        match (&template.origin, &template.dir) {
            (Origin::Builtin, _) | (_, None) => Err(GalleryError::Builtin { id: id.into() }),
            (_, Some(dir)) => Ok(Removal {
                dir: dir.clone(),
                files: vec![META_FILE.to_string(), template.meta.content.clone()],
            }),
        }
    }
}

/// The files to delete to remove a user template, then its folder (only when that leaves
/// it empty: files someone else put there are kept).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Removal {
    pub dir: PathBuf,
    pub files: Vec<String>,
}

fn read_text(path: &Path) -> Result<String, String> {
    let meta = std::fs::metadata(path).map_err(|e| e.to_string())?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(format!(
            "{} bytes, more than the {MAX_FILE_BYTES} a template file may have",
            meta.len()
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    String::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_string())
}

/// What the user says about a template saved from a document.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewTemplate {
    pub id: String,
    pub title: String,
    pub description: String,
    pub tags: Vec<String>,
    pub pack: Option<String>,
    /// The document's file name (its extension gives the format) and the default output.
    pub file_name: String,
}

/// The files of a template folder to write.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TemplateFiles {
    /// The folder's name (the id).
    pub dir_name: String,
    /// (file name, content), `template.json` first.
    pub files: Vec<(String, String)>,
}

/// The folder "save as template" writes for a document's text: the metadata and the text,
/// escaped so that it renders back to exactly itself (it has no parameters until someone
/// adds them). The result is checked by loading it as a template.
pub fn template_files(new: &NewTemplate, text: &str) -> Result<TemplateFiles, GalleryError> {
    check_id(&new.id).map_err(GalleryError::Invalid)?;
    if new.title.trim().is_empty() {
        return Err(GalleryError::Invalid("a template needs a title".into()));
    }
    let path = Path::new(&new.file_name);
    let name = path
        .file_name()
        .and_then(|n| n.to_str())
        .ok_or_else(|| GalleryError::Invalid(format!("{:?} has no file name", new.file_name)))?;
    let format = Format::from_path(path).ok_or_else(|| {
        GalleryError::Invalid(format!("{name}: not a YAML, JSON or TOML file name"))
    })?;
    Document::parse(text.to_string(), format).map_err(|e| {
        GalleryError::Invalid(format!(
            "the document does not parse, so it cannot be a template: {e}"
        ))
    })?;
    let meta = Meta {
        id: new.id.clone(),
        title: new.title.trim().to_string(),
        description: new.description.trim().to_string(),
        tags: new
            .tags
            .iter()
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect(),
        pack: new.pack.clone().filter(|p| !p.is_empty()),
        format: format.name().to_string(),
        content: name.to_string(),
        output: (new.file_name != name && check_relative(&new.file_name).is_ok())
            .then(|| new.file_name.clone()),
        parameters: empty_parameters(),
    };
    let meta_text = serde_json::to_string_pretty(&meta).expect("metadata serialises") + "\n";
    let content = escape_text(text);
    // The folder must load as a template and give the text back exactly.
    let template = Template::from_sources(Origin::User, &new.id, &meta_text, |n| {
        if n == name {
            Ok(content.clone())
        } else {
            Err("no such file".into())
        }
    })
    .map_err(|p| GalleryError::Invalid(p.message))?;
    let rendered = template.render(&Map::new())?;
    if rendered.text != text {
        return Err(GalleryError::Invalid(
            "the document could not be stored as a template unchanged".into(),
        ));
    }
    Ok(TemplateFiles {
        dir_name: new.id.clone(),
        files: vec![
            (META_FILE.to_string(), meta_text),
            (name.to_string(), content),
        ],
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn write_template(root: &Path, id: &str, meta: &Value, content: &str) {
        let dir = root.join(id);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join(META_FILE), serde_json::to_string(meta).unwrap()).unwrap();
        if let Some(name) = meta["content"].as_str() {
            std::fs::write(dir.join(name), content).unwrap();
        }
    }

    fn meta(id: &str) -> Value {
        json!({
            "id": id, "title": "T", "description": "d", "tags": ["x"], "pack": "docker-compose",
            "format": "yaml", "content": "compose.yaml",
            "parameters": {"type": "object", "properties": {
                "image": {"type": "string", "default": "nginx"}
            }}
        })
    }

    #[test]
    fn builtins_load_without_problems() {
        let g = Gallery::builtin();
        assert!(g.problems().is_empty(), "{:?}", g.problems());
        assert!(g.templates().len() >= 16, "{}", g.templates().len());
        assert!(g.templates().iter().all(|t| t.origin == Origin::Builtin));
    }

    #[test]
    fn user_folders_add_templates_and_report_broken_ones() {
        let dir = tempfile::tempdir().unwrap();
        let ws = dir.path().join("ws");
        let user = dir.path().join("user");
        write_template(
            &ws,
            "my-web",
            &meta("my-web"),
            "services:\n  web:\n    image: {{ image }}\n",
        );
        // Broken: JSON syntax, unknown parameter in the content, a taken id, bad format.
        std::fs::create_dir_all(user.join("broken")).unwrap();
        std::fs::write(user.join("broken").join(META_FILE), "{ not json").unwrap();
        write_template(&user, "undeclared", &meta("undeclared"), "a: {{ other }}\n");
        write_template(&user, "taken", &meta("my-web"), "a: 1\n");
        let mut bad = meta("bad-format");
        bad["format"] = json!("ini");
        write_template(&user, "bad-format", &bad, "a: 1\n");
        // Not a template folder at all: ignored.
        std::fs::create_dir_all(user.join("notes")).unwrap();

        let g = Gallery::load(&[
            Folder {
                path: ws.clone(),
                origin: Origin::Workspace,
            },
            Folder {
                path: user.clone(),
                origin: Origin::User,
            },
            Folder {
                path: dir.path().join("missing"),
                origin: Origin::User,
            },
        ]);
        let mine = g.get("my-web").unwrap();
        assert_eq!(mine.origin, Origin::Workspace);
        assert_eq!(mine.dir.as_deref(), Some(ws.join("my-web").as_path()));
        let rendered = mine.render(&Map::new()).unwrap();
        assert_eq!(rendered.text, "services:\n  web:\n    image: nginx\n");

        let problems: Vec<String> = g.problems().iter().map(ToString::to_string).collect();
        assert_eq!(problems.len(), 4, "{problems:?}");
        let has = |file: &str, text: &str| {
            assert!(
                problems
                    .iter()
                    .any(|p| p.contains(file) && p.contains(text)),
                "no problem naming {file} with {text:?} in {problems:?}"
            )
        };
        has("broken/template.json", "key must be a string");
        has("undeclared/compose.yaml", "parameter other");
        has("taken/template.json", "taken");
        has("bad-format/template.json", "yaml, json or toml");
        assert!(g.get("undeclared").is_err());
    }

    #[test]
    fn unknown_templates_and_parameters_are_clear_errors() {
        let g = Gallery::builtin();
        let e = g.get("no-such-template").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("no template \"no-such-template\""),
            "{e}"
        );
        let t = &g.templates()[0];
        let given = json!({"definitely_not_a_parameter": 1})
            .as_object()
            .unwrap()
            .clone();
        let e = t.render(&given).unwrap_err();
        assert!(
            e.to_string()
                .starts_with("parameter definitely_not_a_parameter: no such parameter"),
            "{e}"
        );
    }

    #[test]
    fn builtins_cannot_be_removed_and_user_templates_can() {
        let dir = tempfile::tempdir().unwrap();
        write_template(dir.path(), "mine", &meta("mine"), "a: {{ image }}\n");
        let g = Gallery::load(&[Folder {
            path: dir.path().into(),
            origin: Origin::User,
        }]);
        let builtin = g.templates()[0].meta.id.clone();
        assert!(matches!(
            g.removal(&builtin),
            Err(GalleryError::Builtin { .. })
        ));
        let r = g.removal("mine").unwrap();
        assert_eq!(r.dir, dir.path().join("mine"));
        assert_eq!(
            r.files,
            vec![META_FILE.to_string(), "compose.yaml".to_string()]
        );
    }

    #[test]
    fn saving_a_document_as_a_template_gives_it_back_unchanged() {
        let text = "# deploy ${{ env.X }} and {{ not a placeholder }}\nservices:\n  web:\n    image: nginx\n";
        let files = template_files(
            &NewTemplate {
                id: "my-stack".into(),
                title: " My stack ".into(),
                description: "Mine".into(),
                tags: vec!["web".into(), " ".into()],
                pack: Some("docker-compose".into()),
                file_name: "deploy/compose.yaml".into(),
            },
            text,
        )
        .unwrap();
        assert_eq!(files.dir_name, "my-stack");
        let meta: Meta = serde_json::from_str(&files.files[0].1).unwrap();
        assert_eq!(meta.title, "My stack");
        assert_eq!(meta.tags, ["web"]);
        assert_eq!(meta.content, "compose.yaml");
        assert_eq!(meta.output.as_deref(), Some("deploy/compose.yaml"));
        assert_eq!(files.files[1].0, "compose.yaml");

        let bad = |id: &str, name: &str, text: &str| {
            template_files(
                &NewTemplate {
                    id: id.into(),
                    title: "t".into(),
                    description: String::new(),
                    tags: vec![],
                    pack: None,
                    file_name: name.into(),
                },
                text,
            )
            .unwrap_err()
            .to_string()
        };
        assert!(bad("Bad Id", "a.yaml", "a: 1\n").contains("lowercase"));
        assert!(bad("ok", "a.txt", "a: 1\n").contains("not a YAML, JSON or TOML"));
        assert!(bad("ok", "a.json", "{").contains("does not parse"));
    }

    #[test]
    fn previews_draw_components_coloured_by_kind() {
        let text = "version: 1\nproviders:\n  local: { type: ollama }\nmodels:\n  m: { provider: local, name: llama3 }\nagents:\n  \"<a&b>\": { model: m }\n";
        let p = preview(text, Format::Yaml, Some("agent-stack"));
        let svg = p.svg.unwrap();
        assert!(svg.starts_with("<svg"));
        assert!(svg.contains(trellis_graph::kind_color("agent")));
        assert!(svg.contains(trellis_graph::kind_color("provider")));
        // Names are escaped text, never markup.
        assert!(
            svg.contains("&lt;a&amp;b&gt;") && !svg.contains("<a&b>"),
            "{svg}"
        );
        assert_eq!(p.components, ["local", "m", "<a&b>"]);
        assert_eq!(
            preview("a: [", Format::Yaml, Some("agent-stack")),
            Preview::default()
        );
        assert_eq!(preview(text, Format::Yaml, None), Preview::default());
    }
}
