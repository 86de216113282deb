//! The document a request is about: its value, its pack's schema, its components and the
//! fields each kind of component has (read from the schema through the designer's forms).

use super::text::{name_key, stem};
use serde_json::Value;
use std::sync::Arc;
use trellis_core::{EditOp, Pointer};
use trellis_schema::{
    validate_value, Design, Diagnostic, Field, Input, Model, Options, Palette, Schema, Severity,
};

/// One component of the document.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Comp {
    pub kind: String,
    pub name: String,
    pub pointer: Pointer,
    /// The value of the kind's variant field (`type: redis`), when it has one.
    pub variant: Option<String>,
}

/// What a field of a component is.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct FieldInfo {
    pub key: String,
    pub title: String,
    pub description: String,
    pub input: Input,
    pub default: Option<Value>,
    pub examples: Vec<Value>,
    pub required: bool,
    pub secret: bool,
    /// Stems of the key's and the title's words.
    pub stems: Vec<String>,
    /// Stems of the description's words.
    pub described: Vec<String>,
}

impl FieldInfo {
    fn from_field(f: &Field) -> Option<FieldInfo> {
        let key = f.key.clone()?;
        let mut stems: Vec<String> = Vec::new();
        for w in split_words(&key)
            .into_iter()
            .chain(split_words(&strip_parens(&f.title)))
        {
            let s = stem(&w);
            if !stems.contains(&s) && !matches!(s.as_str(), "s" | "ms") {
                stems.push(s);
            }
        }
        let description = f.description.clone().unwrap_or_default();
        // "keeps them forever": a pronoun says nothing of the field ("set them to 3").
        let described = split_words(&description)
            .into_iter()
            .filter(|w| {
                w.len() > 3
                    && !matches!(
                        w.to_lowercase().as_str(),
                        "them" | "they" | "their" | "this" | "that" | "these" | "those" | "there"
                    )
            })
            .map(|w| stem(&w))
            .collect();
        Some(FieldInfo {
            key,
            title: f.title.clone(),
            description,
            input: f.input.clone(),
            default: f.default.clone(),
            examples: f.examples.clone(),
            required: f.required,
            secret: f.secret.is_some(),
            stems,
            described,
        })
    }

    /// The field's name in prose: its title, lowercase, without a unit in parentheses
    /// (`ttl`, `max tokens`).
    pub(crate) fn label(&self) -> String {
        let l = strip_parens(&self.title).trim().to_lowercase();
        if l.is_empty() {
            self.key.replace('_', " ")
        } else {
            l
        }
    }

    /// The component kinds the field refers to, when it is a reference.
    pub(crate) fn reference(&self) -> Option<(&[String], bool)> {
        match &self.input {
            Input::Reference { to, multiple, .. } => Some((to.as_slice(), *multiple)),
            _ => None,
        }
    }

    /// The values of an enumerated field.
    pub(crate) fn options(&self) -> Vec<&Value> {
        match &self.input {
            Input::Enum { options } => options.iter().collect(),
            Input::Const { value } => vec![value],
            _ => Vec::new(),
        }
    }
}

fn strip_parens(s: &str) -> String {
    let mut out = String::new();
    let mut depth = 0usize;
    for c in s.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if depth == 0 => out.push(c),
            _ => {}
        }
    }
    out
}

/// Lowercase words of a key or title (`max_tokens`, `Max tokens`, `maxTokens`).
pub(crate) fn split_words(s: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut cur = String::new();
    let mut prev_lower = false;
    for c in s.chars() {
        if c.is_alphanumeric() {
            if c.is_uppercase() && prev_lower && !cur.is_empty() {
                words.push(std::mem::take(&mut cur));
            }
            prev_lower = c.is_lowercase();
            cur.extend(c.to_lowercase());
        } else {
            prev_lower = false;
            if !cur.is_empty() {
                words.push(std::mem::take(&mut cur));
            }
        }
    }
    if !cur.is_empty() {
        words.push(cur);
    }
    words
}

/// A kind of component of the pack.
#[derive(Clone, Debug)]
pub(crate) struct KindInfo {
    pub kind: String,
    pub title: String,
    pub collection_title: String,
    pub root: bool,
    pub variant_field: Option<String>,
    pub variants: Vec<String>,
    pub fields: Vec<FieldInfo>,
}

impl KindInfo {
    pub(crate) fn field(&self, key: &str) -> Option<&FieldInfo> {
        self.fields.iter().find(|f| f.key == key)
    }
}

/// Fields by kind and variant.
type FieldCache = std::collections::HashMap<(String, Option<String>), Vec<FieldInfo>>;

/// The document and what the schema says about it.
pub(crate) struct Scene {
    /// Fields of the document's components, by kind and variant (read once).
    fields: std::cell::RefCell<FieldCache>,
    pub schema: Arc<Schema>,
    pub pack: String,
    pub value: Value,
    pub model: Model,
    pub components: Vec<Comp>,
    pub kinds: Vec<KindInfo>,
    pub palette: Palette,
}

impl Scene {
    pub(crate) fn new(schema: Arc<Schema>, pack: &str, value: Value) -> Scene {
        let (model, palette) = {
            let design = Design::new(&schema, &value);
            (design.model().clone(), design.palette().clone())
        };
        let mut scene = Scene {
            fields: Default::default(),
            schema,
            pack: pack.to_string(),
            value,
            model,
            components: Vec::new(),
            kinds: Vec::new(),
            palette,
        };
        scene.kinds = scene.read_kinds();
        scene.components = scene
            .model
            .components
            .iter()
            .map(|c| {
                let variant = scene
                    .kind(&c.kind)
                    .and_then(|k| k.variant_field.as_deref())
                    .and_then(|f| lookup(&scene.value, &c.pointer)?.get(f))
                    .and_then(Value::as_str)
                    .map(str::to_string);
                Comp {
                    kind: c.kind.clone(),
                    name: c.name.clone(),
                    pointer: c.pointer.clone(),
                    variant,
                }
            })
            .collect();
        scene
    }

    /// Each kind with its fields, read from the form of a component of the kind: an
    /// existing one, else a new one made on a copy of the document.
    fn read_kinds(&self) -> Vec<KindInfo> {
        let mut out = Vec::new();
        for pk in &self.palette.kinds {
            let existing = self.model.components.iter().find(|c| c.kind == pk.kind);
            let mut fields = match existing {
                Some(c) => self.fields_at(&self.value, &c.pointer),
                None => Vec::new(),
            };
            if fields.is_empty() {
                let design = Design::new(&self.schema, &self.value);
                let variant = pk.variants.first().map(|v| v.name.as_str());
                if let Ok(new) = design.new_component(&pk.kind, variant, None) {
                    let mut copy = self.value.clone();
                    if apply_all(&mut copy, &new.edits).is_ok() {
                        fields = self.fields_at(&copy, &new.pointer);
                    }
                }
            }
            out.push(KindInfo {
                kind: pk.kind.clone(),
                title: pk.title.clone(),
                collection_title: pk.collection_title.clone(),
                root: pk.root,
                variant_field: pk.variant_field.clone(),
                variants: pk.variants.iter().map(|v| v.name.clone()).collect(),
                fields,
            });
        }
        out
    }

    /// The fields of the form at `pointer` of `value`.
    pub(crate) fn fields_at(&self, value: &Value, pointer: &Pointer) -> Vec<FieldInfo> {
        let design = Design::new(&self.schema, value);
        let Ok(form) = design.form(pointer) else {
            return Vec::new();
        };
        let input = match &form.field.input {
            // A value that may be of several shapes (`build`: a path or a map): the fields
            // of the shape it has.
            Input::Variants {
                current: Some(c),
                variants,
            } => variants.get(*c).map(|v| &v.field.input),
            other => Some(other),
        };
        match input {
            Some(Input::Object { fields, extra, .. }) => fields
                .iter()
                .chain(extra.iter())
                .filter_map(FieldInfo::from_field)
                .collect(),
            _ => Vec::new(),
        }
    }

    /// The fields of component `i` (the same for every component of its kind and variant).
    pub(crate) fn fields_of(&self, i: usize) -> Vec<FieldInfo> {
        let Some(c) = self.components.get(i) else {
            return Vec::new();
        };
        // With no variant, the fields may follow the name (a collector's `batch` and
        // `memory_limiter` processors have different fields): cached by name then.
        let key = (
            c.kind.clone(),
            c.variant
                .clone()
                .or_else(|| Some(format!("name:{}", c.name))),
        );
        if let Some(f) = self.fields.borrow().get(&key) {
            return f.clone();
        }
        let fields = self.fields_at(&self.value, &c.pointer);
        self.fields.borrow_mut().insert(key, fields.clone());
        fields
    }

    pub(crate) fn kind(&self, kind: &str) -> Option<&KindInfo> {
        self.kinds.iter().find(|k| k.kind == kind)
    }

    /// The components of a kind.
    pub(crate) fn of_kind<'s>(&'s self, kind: &'s str) -> impl Iterator<Item = (usize, &'s Comp)> {
        self.components
            .iter()
            .enumerate()
            .filter(move |(_, c)| c.kind == kind)
    }

    /// Components by name, compared as [`name_key`]s.
    pub(crate) fn named(&self, name: &str) -> Vec<usize> {
        let key = name_key(name);
        self.components
            .iter()
            .enumerate()
            .filter(|(_, c)| name_key(&c.name) == key)
            .map(|(i, _)| i)
            .collect()
    }

    /// The one component of that name, when exactly one has it.
    pub(crate) fn one_named(&self, name: &str) -> Option<usize> {
        match self.named(name).as_slice() {
            [c] => Some(*c),
            _ => None,
        }
    }

    /// The innermost component holding `pointer`: the component itself, or one of its values.
    pub(crate) fn holder(&self, pointer: &Pointer) -> Option<usize> {
        self.components
            .iter()
            .enumerate()
            .filter(|(_, c)| pointer.starts_with(&c.pointer))
            .max_by_key(|(_, c)| c.pointer.tokens().len())
            .map(|(i, _)| i)
    }

    /// Whether component `i` has `key` written (not only allowed by its schema).
    pub(crate) fn has_set(&self, i: usize, key: &str) -> bool {
        self.value_of(i).and_then(|v| v.get(key)).is_some()
    }

    /// The component's value.
    pub(crate) fn value_of(&self, i: usize) -> Option<&Value> {
        lookup(&self.value, &self.components.get(i)?.pointer)
    }

    /// `the writer agent` as Markdown.
    pub(crate) fn label(&self, i: usize) -> String {
        match self.components.get(i) {
            Some(c) => format!("{} {}", c.kind, super::text::code(&c.name)),
            None => "a component".into(),
        }
    }

    /// Whether the document holds nothing yet (absent, null, or an empty map).
    pub(crate) fn is_empty(&self) -> bool {
        match &self.value {
            Value::Null => true,
            Value::Object(m) => m.is_empty(),
            _ => false,
        }
    }
}

/// A `Set` of `v` at `path` that creates the maps on the way that `value` does not have yet.
pub(crate) fn set_creating(value: &Value, path: &Pointer, v: Value) -> EditOp {
    let mut path = path.clone();
    let mut v = v;
    while let Some((parent, key)) = path.split_last() {
        if parent.is_root() || lookup(value, &parent).is_some() {
            break;
        }
        let mut m = serde_json::Map::new();
        m.insert(key.to_string(), v);
        v = Value::Object(m);
        path = parent;
    }
    EditOp::Set { path, value: v }
}

pub(crate) fn lookup<'v>(value: &'v Value, pointer: &Pointer) -> Option<&'v Value> {
    if pointer.is_root() {
        return Some(value);
    }
    value.pointer(&pointer.to_string())
}

/// Applies edits to a value with the documents' own rules.
pub(crate) fn apply_all(value: &mut Value, edits: &[EditOp]) -> Result<(), String> {
    for op in edits {
        trellis_core::model::apply(value, op)?;
    }
    Ok(())
}

/// The findings for a value under a schema (`None` when it cannot be read as a document).
pub(crate) fn diagnostics(schema: &Schema, value: &Value) -> Option<Vec<Diagnostic>> {
    validate_value(value, Some(schema), &Options::default()).map(|r| r.diagnostics)
}

/// The error-level findings, keyed as the proposal gate compares them.
pub(crate) fn error_keys(diags: &[Diagnostic]) -> Vec<(String, String, String)> {
    diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| (d.code.clone(), d.pointer.clone(), d.message.clone()))
        .collect()
}
