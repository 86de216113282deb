//! Validation as the app and the CLI ask for it: find the document's schema, load it (cached),
//! validate, and convert the report to protocol DTOs.

use crate::convert::{error, request_from_op};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use trellis_core::{Document, LineCol, LoadError, Pointer, Span};
use trellis_protocol::{
    ApiError, DiagnosticDto, EnvironmentChoice, ErrorCode, FixDto, SchemaInfo, Severity,
    ValidationDto,
};
use trellis_schema::{
    discover, Diagnostic, Discovery, Environment, LoadOptions, Options, Packs, Schema, SchemaCache,
    Settings, Subject, Validator, Variables,
};

/// What to validate a document with, beyond what discovery finds.
#[derive(Clone, Debug, Default)]
pub struct ValidateRequest {
    /// `--schema` / the user's choice: a pack id, a path or a URL.
    pub schema: Option<String>,
    pub environment: Environment,
    /// Variables for `${VAR}`; `None` resolves nothing.
    pub variables: Option<Variables>,
    /// Where the variables came from, for the report.
    pub variables_from: Vec<String>,
    /// Allow fetching schemas over the network (also allowed by the workspace settings).
    pub allow_network: bool,
}

/// Where a document lives, for discovery.
pub struct Place<'a> {
    /// Shown in messages.
    pub display: &'a str,
    /// Path relative to the workspace (or the file name).
    pub relative: &'a str,
    /// The document's folder.
    pub folder: &'a Path,
    /// The workspace root and its settings, if the document is in one.
    pub workspace: Option<(&'a Settings, &'a Path)>,
}

/// A validator kept with an open document.
pub type SharedValidator = Arc<Mutex<Validator>>;

/// A validation ready to run away from the caller's locks: everything it needs is owned.
pub struct ValidationJob(Job);

enum Job {
    Validate {
        path: String,
        doc: Document,
        schema: Result<Option<(Arc<Schema>, Discovery)>, String>,
        options: Options,
        variables_from: Vec<String>,
        /// The document's validator, kept between validations so that one after a small
        /// edit re-reads only what changed; `None` validates from scratch.
        validator: Option<SharedValidator>,
    },
    /// Known without validating (a text that does not parse: its syntax error).
    Done(ValidationDto),
}

impl ValidationJob {
    /// A job whose result is already known.
    pub fn done(result: ValidationDto) -> ValidationJob {
        ValidationJob(Job::Done(result))
    }

    /// Finds and loads the schema now (cached); validation itself happens in [`run`].
    pub fn prepare(
        doc: Document,
        place: &Place<'_>,
        request: &ValidateRequest,
        cache: &mut SchemaCache,
    ) -> Result<ValidationJob, ApiError> {
        let packs = Packs::builtin();
        // Only the `$schema` key, not the whole value: this runs under the session's lock.
        let schema_key = doc.get(&Pointer::from_tokens(["$schema"]));
        let tree = doc.tree();
        let keys: Vec<&str> = tree
            .docs
            .first()
            .map(|&root| tree.children(tree.resolve_alias(root)))
            .unwrap_or_default()
            .into_iter()
            .filter_map(|(key, _)| key)
            .collect();
        let subject = Subject {
            relative: place.relative,
            folder: Some(place.folder),
            format: doc.format(),
            text: doc.text(),
            schema_key: schema_key.as_ref().and_then(|v| v.as_str()),
            keys: &keys,
        };
        let discovery = discover(&subject, request.schema.as_deref(), place.workspace, packs);
        let allow_network = request.allow_network
            || place
                .workspace
                .is_some_and(|(s, _)| s.validation.allow_network);
        let load_options = LoadOptions {
            allow_network,
            ..LoadOptions::default()
        };
        let schema = match discovery {
            None => Ok(None),
            Some(found) => match cache.get(&found.schema, packs, &load_options) {
                Ok(schema) => Ok(Some((schema, found))),
                // A schema the user named must work; one the document names is reported on it.
                Err(e) if found.via == trellis_schema::Via::Explicit => {
                    return Err(error(ErrorCode::InvalidRequest, e.to_string()))
                }
                Err(e) => Err(e.to_string()),
            },
        };
        Ok(ValidationJob(Job::Validate {
            path: place.display.to_string(),
            doc,
            schema,
            options: Options {
                variables: request.variables.clone(),
                environment: request.environment.clone(),
            },
            variables_from: request.variables_from.clone(),
            validator: None,
        }))
    }

    /// The document and the schema found for it (none when no schema applies or it could
    /// not be loaded), for the callers that read the component model rather than validate.
    pub fn document_and_schema(&self) -> Option<(&Document, Option<&Arc<Schema>>)> {
        match &self.0 {
            Job::Validate { doc, schema, .. } => Some((
                doc,
                schema
                    .as_ref()
                    .ok()
                    .and_then(|s| s.as_ref().map(|(s, _)| s)),
            )),
            Job::Done(_) => None,
        }
    }

    /// Validates through `validator` (the document's own, kept between validations).
    pub fn with_validator(mut self, validator: SharedValidator) -> ValidationJob {
        if let Job::Validate { validator: v, .. } = &mut self.0 {
            *v = Some(validator);
        }
        self
    }

    pub fn run(self) -> Result<ValidationDto, ApiError> {
        let (path, doc, schema, options, variables_from, validator) = match self.0 {
            Job::Done(result) => return Ok(result),
            Job::Validate {
                path,
                doc,
                schema,
                options,
                variables_from,
                validator,
            } => (path, doc, schema, options, variables_from, validator),
        };
        let schema_result = &schema;
        let (schema, info, unavailable) = match &schema {
            Ok(Some((schema, found))) => (
                Some(schema.as_ref()),
                Some(SchemaInfo {
                    name: schema.name(),
                    origin: schema.origin.to_string(),
                    via: found.via.describe().to_string(),
                }),
                None,
            ),
            Ok(None) => (None, None, None),
            Err(message) => (None, None, Some(message.clone())),
        };
        let report = match validator {
            Some(shared) => {
                let compiled = match &schema_result {
                    Ok(Some((s, _))) => Some(s.clone()),
                    _ => None,
                };
                // A validation that panicked leaves nothing worth keeping: start afresh.
                let mut v = shared.lock().unwrap_or_else(|poisoned| {
                    let mut guard = poisoned.into_inner();
                    *guard = Validator::new(None);
                    guard
                });
                let same = match (v.schema(), &compiled) {
                    (Some(a), Some(b)) => Arc::ptr_eq(a, b),
                    (None, None) => true,
                    _ => false,
                };
                if !same {
                    *v = Validator::new(compiled);
                }
                v.validate(&doc, &options)
            }
            None => trellis_schema::validate(&doc, schema, &options),
        }
        .map_err(|e| error(ErrorCode::InvalidRequest, e.to_string()))?;
        let mut diagnostics: Vec<DiagnosticDto> = Vec::new();
        if let Some(message) = unavailable {
            let at = LineCol { line: 1, column: 1 };
            diagnostics.push(dto(&Diagnostic {
                severity: trellis_schema::Severity::Warning,
                code: "schema.unavailable".into(),
                message: format!("not validated against its schema: {message}"),
                pointer: String::new(),
                span: Span::empty(0),
                start: at,
                end: at,
                fixes: Vec::new(),
                context: None,
            }));
        }
        diagnostics.extend(report.diagnostics.iter().map(dto));
        let mut result = summary(path, info, diagnostics, report.environments);
        result.environment = choice(&options.environment);
        result.variables_from = variables_from;
        Ok(result)
    }
}

/// A file that does not load: its syntax error as the one diagnostic.
pub fn load_failure(path: &str, text: &str, e: &LoadError) -> ValidationDto {
    let diagnostic = Diagnostic::from_load_error(text, e);
    summary(path.to_string(), None, vec![dto(&diagnostic)], Vec::new())
}

/// The protocol's name for an environment choice.
pub fn choice(environment: &Environment) -> EnvironmentChoice {
    match environment {
        Environment::All => EnvironmentChoice::All,
        Environment::Base => EnvironmentChoice::Base,
        Environment::Only(name) => EnvironmentChoice::Only(name.clone()),
    }
}

/// The engine's environment for a protocol choice.
pub fn environment(choice: &EnvironmentChoice) -> Environment {
    match choice {
        EnvironmentChoice::All => Environment::All,
        EnvironmentChoice::Base => Environment::Base,
        EnvironmentChoice::Only(name) => Environment::Only(name.clone()),
    }
}

fn summary(
    path: String,
    schema: Option<SchemaInfo>,
    diagnostics: Vec<DiagnosticDto>,
    environments: Vec<String>,
) -> ValidationDto {
    let count = |s: Severity| diagnostics.iter().filter(|d| d.severity == s).count() as u32;
    ValidationDto {
        path,
        schema,
        errors: count(Severity::Error),
        warnings: count(Severity::Warning),
        diagnostics,
        environments,
        environment: EnvironmentChoice::All,
        variables_from: Vec::new(),
    }
}

pub fn dto(d: &Diagnostic) -> DiagnosticDto {
    DiagnosticDto {
        severity: match d.severity {
            trellis_schema::Severity::Error => Severity::Error,
            trellis_schema::Severity::Warning => Severity::Warning,
            trellis_schema::Severity::Info => Severity::Info,
        },
        code: d.code.clone(),
        message: d.message.clone(),
        pointer: d.pointer.clone(),
        line: d.start.line,
        column: d.start.column,
        end_line: d.end.line,
        end_column: d.end.column,
        start: d.span.start() as u32,
        end: d.span.end() as u32,
        fixes: d
            .fixes
            .iter()
            .map(|f| FixDto {
                title: f.title.clone(),
                edits: f.edits.iter().map(request_from_op).collect(),
            })
            .collect(),
        context: d.context.clone(),
    }
}

/// The workspace a file outside any open workspace belongs to: the nearest folder above it
/// with a `.trellis` folder.
pub fn workspace_of(file: &Path) -> Option<PathBuf> {
    let absolute = std::path::absolute(file).ok()?;
    absolute
        .ancestors()
        .skip(1)
        .find(|dir| dir.join(".trellis").is_dir())
        .map(Path::to_path_buf)
}
