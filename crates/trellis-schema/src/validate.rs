//! Validation of a document: JSON Schema, references between components, literal secrets,
//! variables and environment overlays, each finding placed in the text as a [`Diagnostic`].
//!
//! The pipeline works on values, then places findings: a [`Finding`] names a JSON Pointer and
//! which part of it to point at ([`Place`]); [`place`] turns it into a span of the text. That
//! keeps overlay findings (computed on a merged value that has no text) mappable back to the
//! overlay's own lines.

use crate::components::{identical, model_unchanged, pointer_of, Change, Model, Token};
use crate::diagnostic::{did_you_mean, mask, normalize, Diagnostic, Fix, Severity};
use crate::env::{
    interpolate_logged, merge_into, overlay_origin, restore, undo, Unresolved, Variables,
};
use crate::packs::Interpolation;
use crate::schema::Schema;
use crate::secrets;
use crate::walk::{first, SchemaWalk};
use jsonschema::error::{TypeKind, ValidationErrorKind};
use jsonschema::ValidationError;
use petgraph::graph::DiGraph;
use serde_json::Value;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use trellis_core::{Document, EditOp, Format, NodeKind, Pointer, Span, Style};

/// Which environments of a document with overlays to validate.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum Environment {
    /// The base document and every overlay merged over it.
    #[default]
    All,
    /// The base document only.
    Base,
    /// The base document and this overlay.
    Only(String),
}

#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Variables for `${VAR}` references; `None` resolves nothing and reports nothing
    /// unresolved (values with references are then not type-checked).
    pub variables: Option<Variables>,
    pub environment: Environment,
}

#[derive(Clone, Debug, Default)]
pub struct Report {
    pub diagnostics: Vec<Diagnostic>,
    /// The document's environment overlays, by name.
    pub environments: Vec<String>,
}

impl Report {
    pub fn errors(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count()
    }

    pub fn warnings(&self) -> usize {
        self.diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Warning)
            .count()
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ValidateError {
    #[error("the document has no environment {name:?}; it has: {available}")]
    UnknownEnvironment { name: String, available: String },
}

/// Which part of the value at a pointer a finding points at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Place {
    /// The value itself.
    Value,
    /// The key that names the value in its map (unknown properties, unused components).
    Key,
    /// The key of the object the value belongs to (missing properties point at the object).
    Holder,
}

#[derive(Clone, Debug, PartialEq)]
enum FixSpec {
    Set {
        pointer: Pointer,
        value: Value,
    },
    Rename {
        pointer: Pointer,
        new_key: String,
    },
    /// Write the scalar's own text as a string (YAML typed `1.10` or `NO` as a number or
    /// boolean where a string is expected).
    Quote {
        pointer: Pointer,
    },
    /// Change the name `old` in the string at `pointer` to `new`, keeping what the string
    /// holds around it (`dbdata:/var/lib/mysql`, a volume and where it is mounted). Read
    /// from the text as it is when the finding is placed: reference findings are kept
    /// across edits that leave the model as it was, and the rest of the string may have
    /// changed since.
    Name {
        pointer: Pointer,
        old: String,
        new: String,
    },
}

#[derive(Clone, Debug)]
struct Finding {
    severity: Severity,
    code: String,
    message: String,
    pointer: Pointer,
    place: Place,
    fix: Option<(String, FixSpec)>,
    context: Option<String>,
}

impl Finding {
    fn new(
        severity: Severity,
        code: impl Into<String>,
        message: impl Into<String>,
        pointer: Pointer,
        place: Place,
    ) -> Finding {
        Finding {
            severity,
            code: code.into(),
            message: message.into(),
            pointer,
            place,
            fix: None,
            context: None,
        }
    }

    fn fix(mut self, title: impl Into<String>, spec: FixSpec) -> Finding {
        self.fix = Some((title.into(), spec));
        self
    }

    fn key(&self) -> (String, String, String) {
        (
            self.code.clone(),
            self.pointer.to_string(),
            self.message.clone(),
        )
    }

    /// Moves the finding (and its fix) under `prefix`, replacing `from`.
    fn rebase(&mut self, from: &Pointer, to: &Pointer) {
        let map = |p: &Pointer| {
            let rest = &p.tokens()[from.tokens().len().min(p.tokens().len())..];
            Pointer::from_tokens(to.tokens().iter().chain(rest.iter()))
        };
        self.pointer = map(&self.pointer);
        if let Some((_, spec)) = &mut self.fix {
            match spec {
                FixSpec::Set { pointer, .. }
                | FixSpec::Rename { pointer, .. }
                | FixSpec::Quote { pointer }
                | FixSpec::Name { pointer, .. } => {
                    *pointer = map(pointer);
                }
            }
        }
    }
}

/// Validates `doc` against `schema` (or, without one, checks only what needs no schema:
/// literal secrets).
pub fn validate(
    doc: &Document,
    schema: Option<&Schema>,
    options: &Options,
) -> Result<Report, ValidateError> {
    run(doc, schema, options, None)
}

/// Validates data that has no text of its own (a planned change, a model's patch applied):
/// written out as JSON and read as a document, so its findings carry the pointers a file's
/// would. `None` when that document cannot be read (larger than a document may be) or the
/// options name an environment it does not have.
pub fn validate_value(
    value: &serde_json::Value,
    schema: Option<&Schema>,
    options: &Options,
) -> Option<Report> {
    let text = serde_json::to_string_pretty(value).ok()?;
    let doc = Document::parse(text, trellis_core::Format::Json).ok()?;
    validate(&doc, schema, options).ok()
}

/// Validation of one document again and again as it is edited, with the same schema: the
/// [`Report`] is always the one [`validate`] gives, but what an edit cannot have changed is
/// not worked out again. It keeps the document's last value and what was found on it
/// before variables and overlays (the component model, literal secrets, the reference
/// checks); after an edit it compares the new value with the last, and when the edited
/// parts leave the component model as it was, it reuses the model and the reference checks
/// and scans only the edited parts for secrets. Schema validation, variables and overlays
/// are checked on the whole document every time (they are cheap, and the overlays reuse
/// the model in the same way).
pub struct Validator {
    schema: Option<Arc<Schema>>,
    last: Vec<Snapshot>,
}

impl Validator {
    pub fn new(schema: Option<Arc<Schema>>) -> Validator {
        Validator {
            schema,
            last: Vec::new(),
        }
    }

    pub fn schema(&self) -> Option<&Arc<Schema>> {
        self.schema.as_ref()
    }

    /// The same as `validate(doc, schema, options)`.
    pub fn validate(&mut self, doc: &Document, options: &Options) -> Result<Report, ValidateError> {
        let schema = self.schema.clone();
        run(doc, schema.as_deref(), options, Some(&mut self.last))
    }
}

/// What one document's value gives before variables and overlays, kept between validations.
struct Snapshot {
    value: Value,
    /// Every string holding a `$` (where variables may be), in no particular order.
    dollars: Vec<Pointer>,
    model: Option<Model>,
    secrets: Vec<Finding>,
    references: Vec<Finding>,
}

fn run(
    doc: &Document,
    schema: Option<&Schema>,
    options: &Options,
    mut last: Option<&mut Vec<Snapshot>>,
) -> Result<Report, ValidateError> {
    let mut findings = Vec::new();
    let mut environments = Vec::new();
    let docs = doc.tree().docs.clone();
    let previous = last.as_deref_mut().map(std::mem::take).unwrap_or_default();
    let mut previous = previous.into_iter();
    let mut snapshots = Vec::new();
    for (i, &root) in docs.iter().enumerate() {
        let value = trellis_core::to_json(doc.tree(), root);
        let mut snapshot = base_parts(value, schema, previous.next());
        let mut value = std::mem::take(&mut snapshot.value);
        let mut part = Vec::new();
        let envs = check_value(&mut value, schema, options, &snapshot, &mut part);
        if last.is_some() {
            snapshot.value = value;
            snapshots.push(snapshot);
        }
        let mut envs = envs?;
        if docs.len() > 1 {
            let prefix = Pointer::from_tokens([i.to_string()]);
            for f in &mut part {
                f.rebase(&Pointer::root(), &prefix);
            }
        }
        findings.extend(part);
        environments.append(&mut envs);
    }
    if let Some(last) = last {
        *last = snapshots;
    }
    let mut diagnostics: Vec<Diagnostic> = findings.into_iter().map(|f| place(doc, f)).collect();
    normalize(&mut diagnostics);
    Ok(Report {
        diagnostics,
        environments,
    })
}

/// The model, the literal secrets and the reference checks of `value`: worked out, or taken
/// from the `previous` value's where the changes since cannot have changed them.
fn base_parts(value: Value, schema: Option<&Schema>, previous: Option<Snapshot>) -> Snapshot {
    let pack = schema.and_then(|s| s.pack.as_deref());
    let Some(previous) = previous else {
        let mut dollars = Vec::new();
        find_dollars(&value, &[], &mut dollars);
        return base_parts_anew(value, schema, dollars);
    };
    let mut changes = Vec::new();
    diff(&previous.value, &value, &mut Vec::new(), &mut changes);
    let dollars = update_dollars(previous.dollars, &value, &changes);
    let same_model = schema.is_none_or(|s| model_unchanged(s.walk(), &value, &changes));
    if !same_model {
        return base_parts_anew(value, schema, dollars);
    }
    // Secrets depend on the string, its place and the model's secret fields: only the
    // changed parts can have new ones.
    let mut secrets: Vec<Finding> = previous
        .secrets
        .into_iter()
        .filter(|f| {
            !changes
                .iter()
                .any(|c| f.pointer.tokens().starts_with(c.path()))
        })
        .collect();
    for change in &changes {
        let path: Vec<Token<'_>> = change.path().iter().map(|k| Token::Key(k)).collect();
        if let Some(at) = at_path(&value, change.path()) {
            secret_findings(at, &path, previous.model.as_ref(), pack, &mut secrets);
        }
    }
    Snapshot {
        value,
        dollars,
        model: previous.model,
        secrets,
        references: previous.references,
    }
}

fn base_parts_anew(value: Value, schema: Option<&Schema>, dollars: Vec<Pointer>) -> Snapshot {
    let pack = schema.and_then(|s| s.pack.as_deref());
    let model = schema.map(|s| Model::read(s.walk(), &value));
    let mut secrets = Vec::new();
    // Secrets are judged on the text as written, before any variable is resolved.
    secret_findings(&value, &[], model.as_ref(), pack, &mut secrets);
    let mut references = Vec::new();
    if let Some(model) = &model {
        reference_findings(model, &mut references);
    }
    Snapshot {
        value,
        dollars,
        model,
        secrets,
        references,
    }
}

/// The strings of `value` (at `prefix`) that hold a `$`.
fn find_dollars<'v>(value: &'v Value, prefix: &[Token<'v>], out: &mut Vec<Pointer>) {
    for_each_string(value, prefix, &mut |path, s| {
        if s.contains('$') {
            out.push(pointer_of(path));
        }
    });
}

/// The strings holding a `$` after `changes` (maps-only paths) were made to a value that
/// had `dollars`: those outside the changes, and those in the changed parts now.
fn update_dollars(mut dollars: Vec<Pointer>, after: &Value, changes: &[Change]) -> Vec<Pointer> {
    if changes.is_empty() {
        return dollars;
    }
    dollars.retain(|p| !changes.iter().any(|c| p.tokens().starts_with(c.path())));
    for change in changes {
        if let Some(at) = at_path(after, change.path()) {
            let path: Vec<Token<'_>> = change.path().iter().map(|k| Token::Key(k)).collect();
            find_dollars(at, &path, &mut dollars);
        }
    }
    dollars
}

fn at_path<'v>(value: &'v Value, path: &[String]) -> Option<&'v Value> {
    path.iter()
        .try_fold(value, |v, key| v.as_object()?.get(key))
}

/// The subtrees where `after` differs from `before`, as [`Change::Replaced`]: the walk goes
/// into maps whose keys are the same and in the same order, and stops at anything else
/// that is not [`identical`] (keys moved count as a change: the model keeps their order).
fn diff<'v>(before: &'v Value, after: &Value, path: &mut Vec<&'v str>, out: &mut Vec<Change>) {
    match (before, after) {
        (Value::Object(b), Value::Object(a))
            if b.len() == a.len() && b.keys().zip(a.keys()).all(|(x, y)| x == y) =>
        {
            for ((key, b), a) in b.iter().zip(a.values()) {
                path.push(key);
                diff(b, a, path, out);
                path.pop();
            }
        }
        _ if identical(before, after) => {}
        _ => out.push(Change::Replaced(
            path.iter().map(|k| k.to_string()).collect(),
            before.clone(),
        )),
    }
}

/// Checks one document's value, given its model, literal secrets and reference checks;
/// returns its environment names. The value is changed while it is checked (variables
/// resolved, overlays merged in place) and put back as it was.
fn check_value(
    value: &mut Value,
    schema: Option<&Schema>,
    options: &Options,
    parts: &Snapshot,
    out: &mut Vec<Finding>,
) -> Result<Vec<String>, ValidateError> {
    let dollars = &parts.dollars;
    let pack = schema.and_then(|s| s.pack.as_deref());
    let style = pack.map_or(Interpolation::None, |p| p.interpolation);
    out.extend_from_slice(&parts.secrets);
    let Some(schema) = schema else {
        return Ok(Vec::new());
    };
    let base = check_resolved(value, dollars, schema, style, options, out);
    if parts.model.is_none() {
        return Ok(Vec::new());
    }
    out.extend_from_slice(&parts.references);

    // Environment overlays: each merged over the base and checked as a whole; what differs
    // from the base's findings is reported, pointing into the overlay where it wrote the value.
    let key = pack
        .and_then(|p| p.overlays.as_deref())
        .unwrap_or("environments");
    let overlays = match pack.and_then(|p| p.overlays.as_ref()).and(value.get(key)) {
        Some(Value::Object(overlays)) => Some(overlays),
        _ => None,
    };
    let names: Vec<String> = overlays.map_or_else(Vec::new, |o| o.keys().cloned().collect());
    let selected: Vec<&String> = match &options.environment {
        Environment::All => names.iter().collect(),
        Environment::Base => Vec::new(),
        Environment::Only(name) => {
            if !names.contains(name) {
                return Err(ValidateError::UnknownEnvironment {
                    name: name.clone(),
                    available: if names.is_empty() {
                        "none".into()
                    } else {
                        names.join(", ")
                    },
                });
            }
            vec![name]
        }
    };
    // The overlays are part of the value they are merged into: copy them out first.
    let selected: Vec<(&String, Value)> = selected
        .into_iter()
        .map(|name| {
            let overrides = overlays
                .and_then(|o| o.get(name))
                .and_then(|e| e.get("overrides"))
                .cloned()
                .unwrap_or_else(|| Value::Object(Default::default()));
            (name, overrides)
        })
        .collect();
    let mut seen: HashSet<(String, String, String)> = out.iter().map(Finding::key).collect();
    seen.extend(base);
    for (name, overrides) in selected {
        let mut changes = Vec::new();
        merge_into(value, &overrides, &mut Vec::new(), &mut changes);
        let mut found = Vec::new();
        let merged_dollars = update_dollars(dollars.to_vec(), value, &changes);
        check_resolved(value, &merged_dollars, schema, style, options, &mut found);
        // The reference checks depend on the model only: when the overlay leaves it as it
        // was, they find what they found in the base, which is all in `seen` already.
        if !model_unchanged(schema.walk(), value, &changes) {
            reference_findings(&Model::read(schema.walk(), value), &mut found);
        }
        undo(value, changes);
        let at = Pointer::from_tokens([key.to_string(), name.clone(), "overrides".to_string()]);
        for mut finding in found {
            if !seen.insert(finding.key()) {
                continue;
            }
            match overlay_origin(&overrides, &finding.pointer) {
                Some(origin) => {
                    let from = Pointer::from_tokens(
                        finding.pointer.tokens()[..origin.tokens().len()].iter(),
                    );
                    finding.rebase(
                        &from,
                        &Pointer::from_tokens(at.tokens().iter().chain(origin.tokens())),
                    );
                }
                None => finding.fix = None,
            }
            finding.context = Some(format!("environment {name}"));
            out.push(finding);
        }
    }
    Ok(names)
}

/// Resolves variables, then validates against the schema. Returns the keys of the findings,
/// so overlays can tell what is new. Variables are resolved in place and put back after.
fn check_resolved(
    value: &mut Value,
    dollars: &[Pointer],
    schema: &Schema,
    style: Interpolation,
    options: &Options,
    out: &mut Vec<Finding>,
) -> Vec<(String, String, String)> {
    let mut unresolved: Vec<Unresolved> = Vec::new();
    let start = out.len();
    let mut log = Vec::new();
    // Without variables nothing is resolved and the references found only matter for
    // errors: a valid value needs no search for them.
    let valid_as_written = options.variables.is_none() && schema.validator().is_valid(value);
    if style != Interpolation::None && !valid_as_written {
        match &options.variables {
            Some(variables) => {
                log = interpolate_logged(value, dollars, style, variables, &mut unresolved);
            }
            None => collect_references(value, dollars, &mut unresolved),
        }
    }
    let unresolved_at: HashSet<Pointer> = unresolved.iter().map(|u| u.pointer.clone()).collect();
    if options.variables.is_some() {
        for u in &unresolved {
            let message = match &u.message {
                Some(m) if !m.is_empty() => format!("variable {} is not set: {m}", u.variable),
                _ => format!("variable {} is not set and has no default", u.variable),
            };
            out.push(Finding::new(
                Severity::Warning,
                "env.unresolved",
                message,
                u.pointer.clone(),
                Place::Value,
            ));
        }
    }
    let resolved: &Value = value;
    let mapper = Mapper {
        walk: schema.walk(),
        value: resolved,
    };
    // `is_valid` builds no error and stops at the first: much cheaper when all is well.
    let valid = match &options.variables {
        None => valid_as_written,
        Some(_) => schema.validator().is_valid(resolved),
    };
    let errors = if valid {
        None
    } else {
        Some(schema.validator().iter_errors(resolved))
    };
    for error in errors.into_iter().flatten() {
        let at = Pointer::parse(error.instance_path().as_str()).unwrap_or_default();
        // A value whose variables are unknown cannot be judged.
        if unresolved_at.iter().any(|p| at.starts_with(p)) {
            continue;
        }
        mapper.map(&error, out);
    }
    restore(value, log);
    out[start..].iter().map(Finding::key).collect()
}

/// Without variables, every string holding a reference counts as unknown. `dollars`: the
/// strings that hold a `$` (a reference has one).
fn collect_references(value: &Value, dollars: &[Pointer], out: &mut Vec<Unresolved>) {
    for pointer in dollars {
        if let Some(Value::String(s)) = lookup(value, pointer) {
            if crate::env::is_reference(s) {
                out.push(Unresolved {
                    pointer: pointer.clone(),
                    variable: String::new(),
                    message: None,
                });
            }
        }
    }
}

fn lookup<'v>(value: &'v Value, pointer: &Pointer) -> Option<&'v Value> {
    pointer.tokens().iter().try_fold(value, |v, token| match v {
        Value::Object(map) => map.get(token),
        Value::Array(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
        _ => None,
    })
}

/// Calls `f` with the path and text of every string in `value`.
pub(crate) fn for_each_string<'v>(
    value: &'v Value,
    prefix: &[Token<'v>],
    f: &mut impl FnMut(&[Token<'v>], &'v str),
) {
    fn go<'v>(
        value: &'v Value,
        path: &mut Vec<Token<'v>>,
        f: &mut impl FnMut(&[Token<'v>], &'v str),
    ) {
        match value {
            Value::String(s) => f(path, s),
            Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    path.push(Token::Index(i));
                    go(item, path, f);
                    path.pop();
                }
            }
            Value::Object(map) => {
                for (k, item) in map {
                    path.push(Token::Key(k));
                    go(item, path, f);
                    path.pop();
                }
            }
            _ => {}
        }
    }
    go(value, &mut prefix.to_vec(), f);
}

/// Turns `jsonschema` errors into findings a person can act on.
struct Mapper<'a> {
    walk: &'a SchemaWalk,
    value: &'a Value,
}

impl Mapper<'_> {
    fn at(&self, pointer: &Pointer) -> Option<&Value> {
        if pointer.is_root() {
            return Some(self.value);
        }
        self.value.pointer(&pointer.to_string())
    }

    fn map(&self, error: &ValidationError<'_>, out: &mut Vec<Finding>) {
        let pointer = Pointer::parse(error.instance_path().as_str()).unwrap_or_default();
        let instance = self.at(&pointer).unwrap_or(&Value::Null);
        let shown = preview(instance, &pointer);
        let keyword = error.kind().keyword().to_string();
        let code = format!("schema.{keyword}");
        let finding = |message: String, place: Place| {
            Finding::new(
                Severity::Error,
                code.clone(),
                message,
                pointer.clone(),
                place,
            )
        };
        match error.kind() {
            ValidationErrorKind::Required { property } => {
                let name = property
                    .as_str()
                    .map_or_else(|| property.to_string(), str::to_string);
                let mut f = finding(format!("missing required property `{name}`"), Place::Holder);
                if let Some(default) = self.default_for(&pointer, &name) {
                    f = f.fix(
                        format!("Add `{name}: {}`", short_json(&default)),
                        FixSpec::Set {
                            pointer: pointer.join(name.clone()),
                            value: default,
                        },
                    );
                }
                out.push(f);
            }
            ValidationErrorKind::AdditionalProperties { unexpected }
            | ValidationErrorKind::UnevaluatedProperties { unexpected } => {
                let schemas = self.walk.at(self.value, pointer.tokens());
                let known = SchemaWalk::known_properties(&schemas);
                for name in unexpected {
                    let property = pointer.join(name.clone());
                    let candidates = known
                        .iter()
                        .map(String::as_str)
                        .filter(|k| self.at(&pointer).and_then(|o| o.get(*k)).is_none());
                    let suggestion = did_you_mean(name, candidates);
                    let mut message = format!("unknown property `{name}`");
                    match suggestion {
                        Some(s) => message.push_str(&format!("; did you mean `{s}`?")),
                        None if !known.is_empty() => {
                            message.push_str(&format!("; expected one of: {}", list(&known, 10)))
                        }
                        None => {}
                    }
                    let mut f = Finding::new(
                        Severity::Error,
                        code.clone(),
                        message,
                        property.clone(),
                        Place::Key,
                    );
                    if let Some(s) = suggestion {
                        f = f.fix(
                            format!("Rename to `{s}`"),
                            FixSpec::Rename {
                                pointer: property,
                                new_key: s.to_string(),
                            },
                        );
                    }
                    out.push(f);
                }
            }
            ValidationErrorKind::Enum { options } => {
                let options: Vec<&Value> = options
                    .as_array()
                    .map(|a| a.iter().collect())
                    .unwrap_or_default();
                let words: Vec<String> = options
                    .iter()
                    .map(|o| o.as_str().map_or_else(|| short_json(o), str::to_string))
                    .collect();
                let mut message = format!("{shown} is not one of: {}", list(&words, 12));
                let mut f_fix = None;
                if let Some(text) = instance.as_str() {
                    let strings = options.iter().filter_map(|o| o.as_str());
                    if let Some(s) = did_you_mean(text, strings) {
                        message.push_str(&format!("; did you mean `{s}`?"));
                        f_fix = Some((
                            format!("Change to `{s}`"),
                            FixSpec::Set {
                                pointer: pointer.clone(),
                                value: Value::String(s.into()),
                            },
                        ));
                    }
                }
                let mut f = finding(message, Place::Value);
                f.fix = f_fix;
                out.push(f);
            }
            ValidationErrorKind::Constant { expected_value } => {
                let expected = (**expected_value).clone();
                let f = finding(
                    format!("must be {}, not {shown}", short_json(&expected)),
                    Place::Value,
                )
                .fix(
                    format!("Change to {}", short_json(&expected)),
                    FixSpec::Set {
                        pointer: pointer.clone(),
                        value: expected,
                    },
                );
                out.push(f);
            }
            ValidationErrorKind::Type { kind } => {
                let expected: Vec<String> = match kind {
                    TypeKind::Single(t) => vec![t.to_string()],
                    TypeKind::Multiple(set) => set.iter().map(|t| t.to_string()).collect(),
                };
                let message = format!(
                    "expected {}, found {} {shown}",
                    expected
                        .iter()
                        .map(|t| article(t))
                        .collect::<Vec<_>>()
                        .join(" or "),
                    article(kind_of(instance))
                );
                let mut f = finding(message, Place::Value);
                let scalar = matches!(instance, Value::Number(_) | Value::Bool(_) | Value::Null);
                if scalar && expected.iter().any(|t| t == "string") {
                    f = f.fix(
                        "Quote the value as a string",
                        FixSpec::Quote {
                            pointer: pointer.clone(),
                        },
                    );
                }
                out.push(f);
            }
            ValidationErrorKind::OneOfNotValid { context }
            | ValidationErrorKind::AnyOf { context } => {
                self.best_branch(&pointer, instance, context, &code, out);
            }
            ValidationErrorKind::OneOfMultipleValid { .. } => {
                out.push(finding(format!("{shown} matches more than one of the allowed shapes; it must match exactly one"), Place::Value));
            }
            ValidationErrorKind::Format { format } => {
                out.push(finding(
                    format!("{shown} is not a valid {format}"),
                    Place::Value,
                ));
            }
            ValidationErrorKind::Pattern { pattern } => {
                out.push(finding(
                    format!("{shown} does not match the pattern `{pattern}`"),
                    Place::Value,
                ));
            }
            ValidationErrorKind::PropertyNames { error } => {
                let name = error.instance().as_str().unwrap_or_default().to_string();
                let inner = Mapper {
                    walk: self.walk,
                    value: self.value,
                };
                let mut nested = Vec::new();
                inner.map(error, &mut nested);
                let reason = nested
                    .first()
                    .map_or_else(|| error.to_string(), |f| f.message.clone());
                out.push(Finding::new(
                    Severity::Error,
                    code.clone(),
                    format!("property name `{name}` is not allowed: {reason}"),
                    pointer.join(name),
                    Place::Key,
                ));
            }
            ValidationErrorKind::Minimum { limit } => out.push(finding(
                format!("{shown} is less than the minimum {limit}"),
                Place::Value,
            )),
            ValidationErrorKind::Maximum { limit } => out.push(finding(
                format!("{shown} is greater than the maximum {limit}"),
                Place::Value,
            )),
            ValidationErrorKind::ExclusiveMinimum { limit } => out.push(finding(
                format!("{shown} must be greater than {limit}"),
                Place::Value,
            )),
            ValidationErrorKind::ExclusiveMaximum { limit } => out.push(finding(
                format!("{shown} must be less than {limit}"),
                Place::Value,
            )),
            ValidationErrorKind::MinLength { limit } => out.push(finding(
                format!("{shown} is shorter than {limit} characters"),
                Place::Value,
            )),
            ValidationErrorKind::MaxLength { limit } => out.push(finding(
                format!("{shown} is longer than {limit} characters"),
                Place::Value,
            )),
            ValidationErrorKind::MinItems { limit } => out.push(finding(
                format!("needs at least {limit} item{}", plural(*limit)),
                Place::Value,
            )),
            ValidationErrorKind::MaxItems { limit } => out.push(finding(
                format!("has more than {limit} item{}", plural(*limit)),
                Place::Value,
            )),
            ValidationErrorKind::MinProperties { limit } => out.push(finding(
                format!(
                    "needs at least {limit} entr{}",
                    if *limit == 1 { "y" } else { "ies" }
                ),
                Place::Value,
            )),
            ValidationErrorKind::MaxProperties { limit } => out.push(finding(
                format!(
                    "has more than {limit} entr{}",
                    if *limit == 1 { "y" } else { "ies" }
                ),
                Place::Value,
            )),
            ValidationErrorKind::UniqueItems => out.push(finding(
                "items must be unique; this list repeats one".into(),
                Place::Value,
            )),
            ValidationErrorKind::FalseSchema => {
                out.push(finding("no value is allowed here".into(), Place::Key))
            }
            _ => {
                // Every other keyword: the library's message, with the instance shown safely.
                let message = error.masked_with(shown.clone()).to_string();
                out.push(finding(message, Place::Value));
            }
        }
    }

    /// For `oneOf`/`anyOf`: report the errors of the branch the value most likely meant.
    fn best_branch(
        &self,
        pointer: &Pointer,
        instance: &Value,
        context: &[Vec<ValidationError<'static>>],
        code: &str,
        out: &mut Vec<Finding>,
    ) {
        let depth = pointer.tokens().len();
        let score = |branch: &Vec<ValidationError<'static>>| {
            let type_at_root = branch.iter().any(|e| {
                matches!(e.kind(), ValidationErrorKind::Type { .. })
                    && e.instance_path().as_str().matches('/').count() == depth
            });
            let discriminator = branch
                .iter()
                .filter(|e| {
                    matches!(
                        e.kind(),
                        ValidationErrorKind::Constant { .. } | ValidationErrorKind::Enum { .. }
                    )
                })
                .count();
            (type_at_root, discriminator, branch.len())
        };
        let best = context
            .iter()
            .filter(|b| !b.is_empty())
            .min_by_key(|b| score(b));
        match best {
            Some(branch) if !score(branch).0 => {
                for error in branch {
                    self.map(error, out);
                }
            }
            _ => {
                let mut types: Vec<String> = Vec::new();
                for branch in context {
                    for e in branch {
                        if let ValidationErrorKind::Type { kind } = e.kind() {
                            let names: Vec<String> = match kind {
                                TypeKind::Single(t) => vec![t.to_string()],
                                TypeKind::Multiple(set) => {
                                    set.iter().map(|t| t.to_string()).collect()
                                }
                            };
                            for n in names {
                                if !types.contains(&n) {
                                    types.push(n);
                                }
                            }
                        }
                    }
                }
                let message = if types.is_empty() {
                    format!(
                        "{} does not match any of the allowed shapes",
                        preview(instance, pointer)
                    )
                } else {
                    format!(
                        "expected {}, found {} {}",
                        types
                            .iter()
                            .map(|t| article(t))
                            .collect::<Vec<_>>()
                            .join(" or "),
                        article(kind_of(instance)),
                        preview(instance, pointer)
                    )
                };
                out.push(Finding::new(
                    Severity::Error,
                    code.to_string(),
                    message,
                    pointer.clone(),
                    Place::Value,
                ));
            }
        }
    }

    /// The value a quick fix adds for a missing property: its default, its constant, its
    /// first allowed value, or the empty value of its type.
    fn default_for(&self, object: &Pointer, name: &str) -> Option<Value> {
        let schemas = self.walk.at(self.value, object.tokens());
        let property = self.walk.declared_property(&schemas, name);
        if property.iter().any(|s| s.get("x-trellis-ref").is_some()) {
            return None;
        }
        if let Some(v) = first(&property, "default") {
            return Some(v.clone());
        }
        if let Some(v) = first(&property, "const") {
            return Some(v.clone());
        }
        if let Some(Value::Array(options)) = first(&property, "enum") {
            return options.first().cloned();
        }
        let ty = first(&property, "type").and_then(|t| match t {
            Value::String(s) => Some(s.as_str()),
            Value::Array(a) => a.first().and_then(Value::as_str),
            _ => None,
        });
        match ty {
            Some("string") => Some(Value::String(String::new())),
            Some("object") => Some(Value::Object(Default::default())),
            Some("array") => Some(Value::Array(Vec::new())),
            Some("boolean") => Some(Value::Bool(false)),
            Some("integer") | Some("number") => Some(
                first(&property, "minimum")
                    .cloned()
                    .unwrap_or_else(|| Value::from(0)),
            ),
            _ => None,
        }
    }
}

/// Dangling references, reference cycles and unused components.
fn reference_findings(model: &Model, out: &mut Vec<Finding>) {
    // Components by (kind, name): one lookup per reference.
    let mut by_name: HashMap<(&str, &str), Vec<usize>> = HashMap::new();
    let mut by_kind: HashMap<&str, Vec<&str>> = HashMap::new();
    for (i, c) in model.components.iter().enumerate() {
        by_name
            .entry((c.kind.as_str(), c.name.as_str()))
            .or_default()
            .push(i);
        by_kind
            .entry(c.kind.as_str())
            .or_default()
            .push(c.name.as_str());
    }
    let named = |kinds: &[String], name: &str| -> Vec<usize> {
        kinds
            .iter()
            .flat_map(|k| {
                by_name
                    .get(&(k.as_str(), name))
                    .into_iter()
                    .flatten()
                    .copied()
            })
            .collect()
    };
    let mut used: HashSet<usize> = HashSet::new();
    let mut graph = DiGraph::<usize, usize>::new();
    let nodes: Vec<_> = (0..model.components.len())
        .map(|i| graph.add_node(i))
        .collect();
    for (r_index, reference) in model.references.iter().enumerate() {
        if reference.builtin.contains(&reference.name) {
            // A built-in name (Compose's `default` network) is valid without a definition;
            // a definition of it (configuring the default network) counts as used.
            used.extend(named(&reference.to, &reference.name));
            continue;
        }
        let targets = named(&reference.to, &reference.name);
        if targets.is_empty() {
            let kinds = reference.to.join(" or ");
            let candidates: Vec<&str> = reference
                .to
                .iter()
                .flat_map(|k| by_kind.get(k.as_str()).into_iter().flatten().copied())
                .collect();
            let suggestion = did_you_mean(&reference.name, candidates.iter().copied());
            let mut message = format!("{kinds} `{}` does not exist", reference.name);
            match suggestion {
                Some(s) => message.push_str(&format!("; did you mean `{s}`?")),
                None if candidates.is_empty() => {
                    message.push_str(&format!("; there is no {kinds} yet"))
                }
                None => message.push_str(&format!(
                    "; expected one of: {}",
                    list(
                        &candidates.iter().map(|s| s.to_string()).collect::<Vec<_>>(),
                        10
                    )
                )),
            }
            let place = if reference.is_key {
                Place::Key
            } else {
                Place::Value
            };
            let mut f = Finding::new(
                Severity::Error,
                "ref.dangling",
                message,
                reference.pointer.clone(),
                place,
            );
            if let Some(s) = suggestion {
                let spec = if reference.is_key {
                    FixSpec::Rename {
                        pointer: reference.pointer.clone(),
                        new_key: s.to_string(),
                    }
                } else {
                    FixSpec::Name {
                        pointer: reference.pointer.clone(),
                        old: reference.name.clone(),
                        new: s.to_string(),
                    }
                };
                f = f.fix(format!("Change to `{s}`"), spec);
            }
            out.push(f);
            continue;
        }
        for &t in &targets {
            if reference.from != Some(t) || !reference.acyclic {
                used.insert(t);
            }
            if let (true, Some(from)) = (reference.acyclic, reference.from) {
                graph.add_edge(nodes[from], nodes[t], r_index);
            }
        }
    }
    // Cycles: every reference whose both ends are in one strongly connected component.
    let mut component_of = HashMap::new();
    for (scc_index, scc) in petgraph::algo::tarjan_scc(&graph).into_iter().enumerate() {
        let cyclic = scc.len() > 1 || scc.iter().any(|&n| graph.find_edge(n, n).is_some());
        if cyclic {
            for n in scc {
                component_of.insert(n, scc_index);
            }
        }
    }
    for edge in graph.edge_indices() {
        let (a, b) = graph.edge_endpoints(edge).expect("edge exists");
        match (component_of.get(&a), component_of.get(&b)) {
            (Some(x), Some(y)) if x == y => {
                let reference = &model.references[graph[edge]];
                let from = &model.components[graph[a]];
                let to = &model.components[graph[b]];
                let cycle = describe_cycle(&graph, model, a, b, *x, &component_of);
                let message = if a == b {
                    format!(
                        "{} `{}` refers to itself in `{}`",
                        from.kind,
                        from.name,
                        reference.field.tokens().last().map_or("", String::as_str)
                    )
                } else {
                    format!(
                        "reference cycle: {cycle} (via `{}` of {} `{}` → `{}`)",
                        reference.field.tokens().last().map_or("", String::as_str),
                        from.kind,
                        from.name,
                        to.name
                    )
                };
                let place = if reference.is_key {
                    Place::Key
                } else {
                    Place::Value
                };
                out.push(Finding::new(
                    Severity::Error,
                    "ref.cycle",
                    message,
                    reference.pointer.clone(),
                    place,
                ));
            }
            _ => {}
        }
    }
    for (i, component) in model.components.iter().enumerate() {
        let collection = &model.collections[component.collection];
        if collection.root || used.contains(&i) || collection.implicit.contains(&component.name) {
            continue;
        }
        out.push(Finding::new(
            Severity::Warning,
            "ref.unused",
            format!(
                "{} `{}` is not used by anything",
                component.kind, component.name
            ),
            component.pointer.clone(),
            Place::Key,
        ));
    }
}

/// `a → b → a`: the shortest way back from `b` to `a` inside one cycle.
fn describe_cycle(
    graph: &DiGraph<usize, usize>,
    model: &Model,
    a: petgraph::graph::NodeIndex,
    b: petgraph::graph::NodeIndex,
    scc: usize,
    component_of: &HashMap<petgraph::graph::NodeIndex, usize>,
) -> String {
    let name = |n: petgraph::graph::NodeIndex| model.components[graph[n]].name.clone();
    // Breadth-first from b back to a within the cycle.
    let mut previous = HashMap::new();
    let mut queue = std::collections::VecDeque::from([b]);
    previous.insert(b, b);
    while let Some(n) = queue.pop_front() {
        if n == a {
            break;
        }
        for next in graph.neighbors(n) {
            if component_of.get(&next) == Some(&scc) && !previous.contains_key(&next) {
                previous.insert(next, n);
                queue.push_back(next);
            }
        }
    }
    let mut path = vec![a];
    let mut n = a;
    while n != b {
        match previous.get(&n) {
            Some(&p) if p != n => {
                path.push(p);
                n = p;
            }
            _ => break,
        }
    }
    path.reverse();
    let mut names: Vec<String> = vec![name(a)];
    names.extend(path.into_iter().map(name));
    names.join(" → ")
}

/// Literal secrets in string values.
fn secret_findings<'v>(
    value: &'v Value,
    prefix: &[Token<'v>],
    model: Option<&Model>,
    pack: Option<&crate::Pack>,
    out: &mut Vec<Finding>,
) {
    // The last tokens of the fields the schema marks, so most strings need no pointer to
    // know they are in none of them.
    let marked: HashSet<&str> = model.map_or_else(HashSet::new, |m| {
        m.secret_fields
            .iter()
            .chain(&m.public_fields)
            .filter_map(|p| p.tokens().last().map(String::as_str))
            .collect()
    });
    let root_marked = model.is_some_and(|m| {
        m.secret_fields
            .iter()
            .chain(&m.public_fields)
            .any(Pointer::is_root)
    });
    // Keys repeat (every model has a `name`): judge each name once.
    let mut secret_names: HashMap<&str, bool> = HashMap::new();
    for_each_string(value, prefix, &mut |path, s| {
        if secrets::is_placeholder(s) {
            return;
        }
        let by_name = path
            .iter()
            .rev()
            .find_map(|t| match t {
                Token::Key(k) if k.parse::<usize>().is_err() => Some(*k),
                _ => None,
            })
            .is_some_and(|k| {
                *secret_names
                    .entry(k)
                    .or_insert_with(|| secrets::is_secret_name(k))
            });
        let maybe_marked = match path.last() {
            None => root_marked,
            Some(Token::Key(k)) => marked.contains(k),
            Some(Token::Index(i)) => marked.contains(i.to_string().as_str()),
        };
        let (public, secret_field) = match (model, maybe_marked) {
            (Some(m), true) => {
                let pointer = pointer_of(path);
                (
                    m.public_fields.contains(&pointer),
                    m.secret_fields.contains(&pointer),
                )
            }
            _ => (false, false),
        };
        let field = (by_name && !public) || secret_field;
        let Some(reason) = secrets::classify(s, field) else {
            return;
        };
        let pointer = pointer_of(path);
        let what = match reason {
            secrets::Reason::Field => "a literal secret".to_string(),
            secrets::Reason::Shape(kind) => format!("{kind} written in the file"),
            secrets::Reason::Entropy => {
                "what looks like a literal secret (a long random token)".to_string()
            }
        };
        let variable = secrets::variable_name(pointer.tokens());
        let reference = pack.map_or_else(
            || format!("${{{variable}}}"),
            |p| p.secret_reference(&variable),
        );
        let message = format!(
            "{what} ({}); move it to an environment variable and write `{reference}`",
            mask(s)
        );
        out.push(
            Finding::new(
                Severity::Warning,
                "secret.literal",
                message,
                pointer.clone(),
                Place::Value,
            )
            .fix(
                format!("Replace with `{reference}`"),
                FixSpec::Set {
                    pointer,
                    value: Value::String(reference),
                },
            ),
        );
    });
}

/// Places a finding in the text and builds its fix.
fn place(doc: &Document, finding: Finding) -> Diagnostic {
    let span = span_of(doc, &finding.pointer, finding.place);
    let mut diagnostic = Diagnostic::at(
        doc,
        finding.severity,
        finding.code,
        finding.message,
        finding.pointer.to_string(),
        span,
    );
    diagnostic.context = finding.context;
    if let Some((title, spec)) = finding.fix {
        let edit = match spec {
            FixSpec::Set { pointer, value } => Some(EditOp::Set {
                path: pointer,
                value,
            }),
            FixSpec::Rename { pointer, new_key } => Some(EditOp::Rename {
                path: pointer,
                new_key,
            }),
            FixSpec::Quote { pointer } => quote_edit(doc, pointer),
            FixSpec::Name { pointer, old, new } => name_edit(doc, pointer, &old, &new),
        };
        if let Some(edit) = edit {
            diagnostic.fixes.push(Fix {
                title,
                edits: vec![edit],
            });
        }
    }
    diagnostic
}

/// The string at `pointer` with the name `old` in it changed to `new`: the whole string, or
/// its start or end (`dbdata:/var/lib/mysql` → `db-data:/var/lib/mysql`).
fn name_edit(doc: &Document, pointer: Pointer, old: &str, new: &str) -> Option<EditOp> {
    let text = doc.get(&pointer)?;
    let text = text.as_str()?;
    let fixed = if text == old {
        new.to_string()
    } else if let Some(rest) = text.strip_prefix(old) {
        format!("{new}{rest}")
    } else if let Some(head) = text.strip_suffix(old) {
        format!("{head}{new}")
    } else {
        return None;
    };
    Some(EditOp::Set {
        path: pointer,
        value: Value::String(fixed),
    })
}

/// Writes a plain YAML scalar's own text as a string: `1.10` stays `1.10`, not `1.1`.
fn quote_edit(doc: &Document, pointer: Pointer) -> Option<EditOp> {
    if doc.format() != Format::Yaml {
        return None;
    }
    let located = doc.locate(&pointer)?;
    let node = doc.tree().node(located.node);
    if node.style != Style::Plain
        || matches!(
            node.kind,
            NodeKind::Seq(_) | NodeKind::Map(_) | NodeKind::Alias { .. }
        )
        || located.through_alias
    {
        return None;
    }
    let text = doc.text().get(node.span.range())?.to_string();
    if text.is_empty() {
        return None;
    }
    Some(EditOp::Set {
        path: pointer,
        value: Value::String(text),
    })
}

fn span_of(doc: &Document, pointer: &Pointer, place: Place) -> Span {
    match place {
        Place::Value => match doc.locate(pointer) {
            Some(l) => doc.tree().node(l.node).span,
            None => match pointer.split_last() {
                Some((parent, _)) => span_of(doc, &parent, Place::Value),
                None => first_line(doc),
            },
        },
        Place::Key => {
            let Some((parent, key)) = pointer.split_last() else {
                return first_line(doc);
            };
            let key_span = doc.locate(&parent).and_then(|l| {
                let node = doc.tree().resolve_alias(l.node);
                match &doc.tree().node(node).kind {
                    NodeKind::Map(entries) => entries
                        .iter()
                        .rev()
                        .find(|e| e.key == key)
                        .map(|e| e.key_span),
                    _ => None,
                }
            });
            key_span.unwrap_or_else(|| span_of(doc, pointer, Place::Value))
        }
        Place::Holder => {
            // A multi-document stream's document root has no key: point at its first line.
            let is_stream_root = doc.tree().docs.len() > 1 && pointer.tokens().len() == 1;
            if is_stream_root {
                match doc.locate(pointer) {
                    Some(l) => line_of(doc, doc.tree().node(l.node).span.start()),
                    None => first_line(doc),
                }
            } else if pointer.is_root() {
                first_line(doc)
            } else {
                span_of(doc, pointer, Place::Key)
            }
        }
    }
}

/// From `offset` to the end of its line.
fn line_of(doc: &Document, offset: usize) -> Span {
    let text = doc.text();
    let end = text[offset..]
        .find(['\n', '\r'])
        .map_or(text.len(), |n| offset + n);
    Span::new(offset, end)
}

/// The first line with content, for findings about the whole document.
fn first_line(doc: &Document) -> Span {
    let text = doc.text();
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let trimmed = line.trim();
        if !trimmed.is_empty()
            && !trimmed.starts_with('#')
            && !trimmed.starts_with("//")
            && trimmed != "---"
        {
            let start = offset + (line.len() - line.trim_start().len());
            return Span::new(start, offset + line.trim_end().len());
        }
        offset += line.len();
    }
    Span::empty(0)
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn article(kind: &str) -> String {
    match kind {
        "null" => "null".to_string(),
        "array" => "a list".to_string(),
        "object" => "a map".to_string(),
        "integer" => "an integer".to_string(),
        other => format!("a {other}"),
    }
}

/// A value as it may appear in a message: short, and never a whole secret.
fn preview(value: &Value, pointer: &Pointer) -> String {
    match value {
        Value::String(s) => {
            let secret_place = pointer
                .tokens()
                .last()
                .is_some_and(|k| secrets::is_secret_name(k));
            if secret_place || secrets::classify(s, false).is_some() {
                return format!("the value ({})", mask(s));
            }
            let shown: String = s.chars().take(40).collect();
            let ellipsis = if s.chars().count() > 40 { "…" } else { "" };
            format!("`{}{ellipsis}`", shown.replace('\n', "\\n"))
        }
        Value::Array(_) => "the list".into(),
        Value::Object(_) => "the map".into(),
        other => format!("`{other}`"),
    }
}

fn short_json(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 40 {
        format!("{}…", text.chars().take(40).collect::<String>())
    } else {
        text
    }
}

fn list(items: &[String], max: usize) -> String {
    let mut shown: Vec<String> = items.iter().take(max).cloned().collect();
    if items.len() > max {
        shown.push(format!("… ({} more)", items.len() - max));
    }
    shown.join(", ")
}

fn plural(n: u64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
