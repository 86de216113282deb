//! The template gallery as the app and the CLI use it: which template folders apply (the
//! built-ins, the workspace's `.trellis/templates/`, the user's `<data dir>/templates/`),
//! templates as DTOs with their previews, rendering with parameter values, creating a file
//! from a template (a new file only, written atomically, committed), applying a template to
//! an open document (shown as a comparison first, then one undoable edit), saving a
//! document as a template, and removing a user template.

use serde_json::{Map, Value};
use std::path::{Path, PathBuf};
use trellis_core::{Document, EditOp, Format, Pointer};
use trellis_gallery::{Folder, Gallery, GalleryError, Origin, Template};
use trellis_protocol::{
    ApiError, ComparisonDto, DocumentDto, ErrorCode, GalleryDto, ParamErrorDto,
    SaveTemplateRequest, Severity, TemplateDto, TemplateLocation, TemplateRenderDto, ValidationDto,
};

use crate::convert::{error, io_error};
use crate::{fs, resolve_in, Content, Session};

/// The user's templates folder inside Trellis's data folder.
pub fn user_folder(data_dir: &Path) -> PathBuf {
    data_dir.join("templates")
}

/// A workspace's templates folder.
pub fn workspace_folder(root: &Path) -> PathBuf {
    root.join(".trellis").join("templates")
}

/// The template folders to read beside the built-ins: the workspace's, then the user's.
pub fn folders(data_dir: &Path, workspace: Option<&Path>) -> Vec<Folder> {
    let mut out = Vec::new();
    if let Some(root) = workspace {
        out.push(Folder {
            path: workspace_folder(root),
            origin: Origin::Workspace,
        });
    }
    out.push(Folder {
        path: user_folder(data_dir),
        origin: Origin::User,
    });
    out
}

/// The folders the command line reads: the user's (from `TRELLIS_DATA_DIR` or the data
/// directory) and, when `near` is inside a workspace (a folder with `.trellis`), that
/// workspace's.
pub fn cli_folders(near: &Path) -> Vec<Folder> {
    let config = crate::SessionConfig::from_env();
    // `near` is a folder: the workspace is it or the nearest folder above with `.trellis`.
    let workspace = crate::validation::workspace_of(&near.join("file"));
    folders(&config.data_dir, workspace.as_deref())
}

pub fn gallery_error(e: GalleryError) -> ApiError {
    let code = match &e {
        GalleryError::Unknown { .. } => ErrorCode::NotFound,
        GalleryError::Render { .. } => ErrorCode::Internal,
        _ => ErrorCode::InvalidRequest,
    };
    error(code, e.to_string())
}

/// A template as a DTO; with `preview`, its default rendering's graph and component names.
pub fn template_dto(t: &Template, preview: bool) -> TemplateDto {
    let (components, preview_svg) = if preview {
        match t.render(&Map::new()) {
            Ok(r) => {
                let p = trellis_gallery::preview(&r.text, t.format, t.meta.pack.as_deref());
                (p.components, p.svg)
            }
            Err(_) => (Vec::new(), None),
        }
    } else {
        (Vec::new(), None)
    };
    TemplateDto {
        id: t.meta.id.clone(),
        title: t.meta.title.clone(),
        description: t.meta.description.clone(),
        tags: t.meta.tags.clone(),
        pack: t.meta.pack.clone(),
        format: t.meta.format.clone(),
        origin: t.origin.as_str().to_string(),
        output: t.output().to_string(),
        parameters: t.parameters().schema().clone(),
        components,
        preview_svg,
    }
}

/// Every template of the folders, with previews when asked, and the folders' problems.
pub fn gallery_dto(gallery: &Gallery, previews: bool) -> GalleryDto {
    GalleryDto {
        templates: gallery
            .templates()
            .iter()
            .map(|t| template_dto(t, previews))
            .collect(),
        problems: gallery.problems().iter().map(ToString::to_string).collect(),
    }
}

/// Validates a rendered text against the template's pack, as `trellis validate` would with
/// that pack (variables are left unresolved).
fn validate_rendered(t: &Template, id: &str, text: &str) -> Option<ValidationDto> {
    let schema = t.schema()?;
    let doc = Document::parse(text.to_string(), t.format).ok()?;
    let report =
        trellis_schema::validate(&doc, Some(&schema), &trellis_schema::Options::default()).ok()?;
    let diagnostics: Vec<_> = report
        .diagnostics
        .iter()
        .map(crate::validation::dto)
        .collect();
    let count = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count() as u32;
    Some(ValidationDto {
        path: format!("{id}.{}", t.meta.format),
        schema: Some(trellis_protocol::SchemaInfo {
            name: schema.name(),
            origin: schema.origin.to_string(),
            via: "the template's pack".into(),
        }),
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        diagnostics,
        environments: report.environments,
        environment: trellis_protocol::EnvironmentChoice::All,
        variables_from: Vec::new(),
    })
}

/// Renders a template: the text, its preview and its validation, or what is wrong with the
/// values (never an error for bad values: the form shows them).
pub fn render_dto(
    gallery: &Gallery,
    id: &str,
    given: &Map<String, Value>,
) -> Result<TemplateRenderDto, ApiError> {
    let t = gallery.get(id).map_err(gallery_error)?;
    match t.render(given) {
        Ok(r) => {
            let p = trellis_gallery::preview(&r.text, t.format, t.meta.pack.as_deref());
            let validation = validate_rendered(t, id, &r.text);
            Ok(TemplateRenderDto {
                id: id.to_string(),
                text: Some(r.text),
                preview_svg: p.svg,
                components: p.components,
                values: Value::Object(r.values),
                errors: Vec::new(),
                validation,
            })
        }
        Err(GalleryError::Parameters(errors)) => Ok(TemplateRenderDto {
            id: id.to_string(),
            text: None,
            preview_svg: None,
            components: Vec::new(),
            values: Value::Object(given.clone()),
            errors: errors
                .into_iter()
                .map(|e| ParamErrorDto {
                    parameter: e.parameter,
                    message: e.message,
                })
                .collect(),
            validation: None,
        }),
        Err(e) => Err(gallery_error(e)),
    }
}

/// Renders with the values or fails with every problem of the values in one message.
fn render_text(
    gallery: &Gallery,
    id: &str,
    given: &Map<String, Value>,
) -> Result<(String, Format), ApiError> {
    let t = gallery.get(id).map_err(gallery_error)?;
    let r = t.render(given).map_err(gallery_error)?;
    Ok((r.text, t.format))
}

/// `KEY=VALUE` pairs typed on a command line, each read as its parameter's type says.
pub fn parse_params(
    gallery: &Gallery,
    id: &str,
    pairs: &[String],
) -> Result<Map<String, Value>, ApiError> {
    let t = gallery.get(id).map_err(gallery_error)?;
    let mut values = Map::new();
    let mut errors = Vec::new();
    for pair in pairs {
        let Some((key, text)) = pair.split_once('=') else {
            return Err(error(
                ErrorCode::InvalidRequest,
                format!("--param {pair:?}: expected KEY=VALUE"),
            ));
        };
        match t.parameters().parse_text(key.trim(), text) {
            Ok(v) => {
                values.insert(key.trim().to_string(), v);
            }
            Err(e) => errors.push(e),
        }
    }
    if errors.is_empty() {
        Ok(values)
    } else {
        Err(gallery_error(GalleryError::Parameters(errors)))
    }
}

/// `trellis template new`: renders a template into `out`. An existing file is refused
/// unless `force` (then replaced atomically); a new file never replaces one created
/// meanwhile. Returns the text written.
pub fn write_file(
    gallery: &Gallery,
    id: &str,
    given: &Map<String, Value>,
    out: &Path,
    force: bool,
) -> Result<String, ApiError> {
    let (text, format) = render_text(gallery, id, given)?;
    let display = out.display().to_string();
    if Format::from_path(out) != Some(format) {
        return Err(error(
            ErrorCode::InvalidRequest,
            format!(
                "{display}: the template writes {}: give the file a .{} name",
                format.name().to_uppercase(),
                format.name()
            ),
        ));
    }
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|e| io_error(&parent.display().to_string(), e))?;
    }
    let written = if force {
        fs::write_atomic(out, text.as_bytes())
    } else {
        fs::write_new(out, text.as_bytes())
    };
    written.map_err(|e| {
        if e.kind() == std::io::ErrorKind::AlreadyExists {
            error(
                ErrorCode::InvalidRequest,
                format!(
                    "{display} already exists; choose another file or pass --force to replace it"
                ),
            )
        } else {
            io_error(&display, e)
        }
    })?;
    Ok(text)
}

/// The edits that write `overlay` over `base`: new keys added, differing values replaced,
/// maps merged key by key; everything `overlay` does not mention stays.
fn merge_edits(base: &Value, overlay: &Value, at: Pointer, out: &mut Vec<EditOp>) {
    match (base, overlay) {
        (Value::Object(b), Value::Object(o)) => {
            for (key, value) in o {
                let path = at.join(key.clone());
                match b.get(key) {
                    Some(existing) => merge_edits(existing, value, path, out),
                    None => out.push(EditOp::Set {
                        path,
                        value: value.clone(),
                    }),
                }
            }
        }
        (b, o) if b == o => {}
        (_, o) => out.push(EditOp::Set {
            path: at,
            value: o.clone(),
        }),
    }
}

impl Session {
    /// The template folders of this session: the open workspace's and the user's.
    pub fn template_folders(&self) -> Vec<Folder> {
        let root = self.workspace.as_ref().map(|w| w.root.as_path());
        folders(&self.config.data_dir, root)
    }

    fn templates(&self) -> Gallery {
        Gallery::load(&self.template_folders())
    }

    /// The gallery: every template with its preview.
    pub fn gallery(&self) -> GalleryDto {
        gallery_dto(&self.templates(), true)
    }

    /// A template rendered with `values` over its defaults: text, preview, validation, or
    /// the problems with the values.
    pub fn render_template(
        &self,
        id: &str,
        values: &Map<String, Value>,
    ) -> Result<TemplateRenderDto, ApiError> {
        render_dto(&self.templates(), id, values)
    }

    /// Creates `path` (relative to the workspace) from a template and commits it, then opens
    /// it. An existing file is never replaced.
    pub fn create_from_template(
        &mut self,
        id: &str,
        values: &Map<String, Value>,
        path: &str,
    ) -> Result<DocumentDto, ApiError> {
        let gallery = self.templates();
        let root = self.current()?.root.clone();
        let abs = resolve_in(&root, path)?;
        if abs.exists() {
            return Err(error(
                ErrorCode::InvalidRequest,
                format!("{path} already exists: choose another name"),
            ));
        }
        let text = write_file(&gallery, id, values, &abs, false).map_err(|mut e| {
            e.message = e.message.replace(&abs.display().to_string(), path);
            e
        })?;
        let format = Format::from_path(&abs).unwrap_or(Format::Yaml);
        let note = match &self.current()?.repo {
            Ok(repo) => {
                let message = format!("Add {path} from template {id}");
                crate::versions::commit_saved(repo, path, &text, format, Some(&message))
            }
            Err(why) => format!("Created (no versions: {why})"),
        };
        let note = note.replacen("Saved", "Created", 1);
        let mut dto = self.open_document(path)?;
        dto.version_note = Some(note);
        Ok(dto)
    }

    /// The edits that apply a template to an open document, and the document they give.
    fn template_edits(
        &self,
        id: &str,
        values: &Map<String, Value>,
        path: &str,
    ) -> Result<(Vec<EditOp>, Document), ApiError> {
        let (text, format) = render_text(&self.templates(), id, values)?;
        let rendered = Document::parse(text, format)
            .map_err(|e| error(ErrorCode::Internal, format!("template {id}: {e}")))?;
        let open = self
            .current()?
            .documents
            .get(path)
            .ok_or_else(|| error(ErrorCode::NotFound, format!("{path} is not open")))?;
        let Content::Parsed(doc) = &open.content else {
            return Err(error(
                ErrorCode::InvalidRequest,
                format!("{path} does not parse: fix it before applying a template"),
            ));
        };
        let mut edits = Vec::new();
        merge_edits(&doc.value(), &rendered.value(), Pointer::root(), &mut edits);
        let mut result = doc.clone();
        result
            .apply_all(&edits)
            .map_err(crate::convert::edit_error)?;
        Ok((edits, result))
    }

    /// What applying a template to an open document changes: the working copy compared with
    /// the document the template's values merged over it would give.
    pub fn template_apply_preview(
        &self,
        id: &str,
        values: &Map<String, Value>,
        path: &str,
    ) -> Result<ComparisonDto, ApiError> {
        let (_, result) = self.template_edits(id, values, path)?;
        let open = &self.current()?.documents[path];
        let job = crate::compare::CompareJob {
            path: path.to_string(),
            old: (
                "Working copy".into(),
                open.content.text().to_string(),
                result.format(),
            ),
            new: (
                format!("With template {id}"),
                result.text().to_string(),
                result.format(),
            ),
            schema: open.found_schema.clone(),
        };
        Ok(job.run())
    }

    /// Applies a template to an open document as one undoable edit (not saved).
    pub fn apply_template(
        &mut self,
        id: &str,
        values: &Map<String, Value>,
        path: &str,
    ) -> Result<DocumentDto, ApiError> {
        let (edits, _) = self.template_edits(id, values, path)?;
        self.parsed_mut(path)?
            .apply_all(&edits)
            .map_err(crate::convert::edit_error)?;
        self.snapshot(path)
    }

    /// Stores an open document's text (as being edited) as a new template.
    pub fn save_as_template(
        &mut self,
        request: &SaveTemplateRequest,
    ) -> Result<TemplateDto, ApiError> {
        let ws = self.current()?;
        let open = ws
            .documents
            .get(&request.path)
            .ok_or_else(|| error(ErrorCode::NotFound, format!("{} is not open", request.path)))?;
        let pack = request.pack.clone().filter(|p| !p.is_empty()).or_else(|| {
            open.found_schema
                .as_ref()
                .and_then(|s| s.pack.as_ref())
                .map(|p| p.id.clone())
        });
        let folder = match request.location {
            TemplateLocation::Workspace => workspace_folder(&ws.root),
            TemplateLocation::User => user_folder(&self.config.data_dir),
        };
        if self.templates().get(&request.id).is_ok() {
            return Err(error(
                ErrorCode::InvalidRequest,
                format!(
                    "a template with the id {} exists: choose another id",
                    request.id
                ),
            ));
        }
        let files = trellis_gallery::template_files(
            &trellis_gallery::NewTemplate {
                id: request.id.clone(),
                title: request.title.clone(),
                description: request.description.clone(),
                tags: request.tags.clone(),
                pack,
                file_name: request.path.clone(),
            },
            open.content.text(),
        )
        .map_err(gallery_error)?;
        let dir = folder.join(&files.dir_name);
        std::fs::create_dir_all(&folder).map_err(|e| io_error(&folder.display().to_string(), e))?;
        std::fs::create_dir(&dir).map_err(|e| {
            if e.kind() == std::io::ErrorKind::AlreadyExists {
                error(
                    ErrorCode::InvalidRequest,
                    format!("{} already exists: choose another id", dir.display()),
                )
            } else {
                io_error(&dir.display().to_string(), e)
            }
        })?;
        // Content first, metadata last: a folder without template.json is not a template.
        for (name, text) in files.files.iter().rev() {
            let file = dir.join(name);
            fs::write_new(&file, text.as_bytes())
                .map_err(|e| io_error(&file.display().to_string(), e))?;
        }
        let gallery = self.templates();
        let t = gallery.get(&request.id).map_err(|_| {
            let why = gallery
                .problems()
                .iter()
                .find(|p| p.file.contains(&files.dir_name))
                .map(ToString::to_string)
                .unwrap_or_else(|| "it was not found after saving".into());
            error(
                ErrorCode::Internal,
                format!("the template was saved but cannot be used: {why}"),
            )
        })?;
        Ok(template_dto(t, true))
    }

    /// Removes a template the user saved (its two files, then its folder when that leaves it
    /// empty). Built-in templates cannot be removed.
    pub fn remove_template(&mut self, id: &str) -> Result<(), ApiError> {
        let removal = self.templates().removal(id).map_err(gallery_error)?;
        for name in &removal.files {
            let file = removal.dir.join(name);
            match std::fs::remove_file(&file) {
                Ok(()) => {}
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
                Err(e) => return Err(io_error(&file.display().to_string(), e)),
            }
        }
        // Other files someone put there are kept, and so is the folder then.
        let _ = std::fs::remove_dir(&removal.dir);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn merge_edits_add_and_replace_only_what_the_template_says() {
        let base = json!({"a": 1, "m": {"x": 1, "y": 2}, "l": [1, 2]});
        let overlay = json!({"a": 1, "m": {"y": 3, "z": 4}, "l": [3], "n": "new"});
        let mut edits = Vec::new();
        merge_edits(&base, &overlay, Pointer::root(), &mut edits);
        let shown: Vec<String> = edits
            .iter()
            .map(|e| match e {
                EditOp::Set { path, value } => format!("{path}={value}"),
                other => format!("{other:?}"),
            })
            .collect();
        assert_eq!(shown, ["/m/y=3", "/m/z=4", "/l=[3]", "/n=\"new\""]);
        let mut doc = Document::parse(
            "# mine\na: 1\nm:\n  x: 1   # kept\n  y: 2\nl: [1, 2]\n".into(),
            Format::Yaml,
        )
        .unwrap();
        doc.apply_all(&edits).unwrap();
        assert_eq!(
            doc.value(),
            json!({"a": 1, "m": {"x": 1, "y": 3, "z": 4}, "l": [3], "n": "new"})
        );
        assert!(doc.text().contains("x: 1   # kept"), "{}", doc.text());
    }
}
