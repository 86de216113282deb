//! Form descriptors: the inspector's fields for a component (or any place of a document),
//! generated from the schema and filled with the current values.
//!
//! Each [`Field`] says what to draw ([`Input`]: text, number with bounds, boolean, enum,
//! list, nested object, variants with the current one detected and the value to switch to,
//! reference with its valid targets), and what to say (title, description, default,
//! examples, required, secret with the masked value and the `${ENV}` form the pack
//! suggests). Required marks follow the value: a `required` under `then` counts when its
//! `if` holds. Descriptors are plain data (serde) for the API layer to convert.

use crate::design::{lookup, pointer_string, ComponentRef, Design, DesignError};
use crate::shapes::{allowed_types, type_names, Generator, Shapes};
use crate::walk::{first, SchemaWalk};
use serde::Serialize;
use serde_json::Value;
use trellis_core::Pointer;

/// How much of a value a form describes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormOptions {
    /// Levels of nested objects and lists described below the form's root; deeper ones
    /// are [`Input::Object`]/[`Input::List`] with `truncated` set (ask for a form there).
    pub depth: usize,
    /// Items of a list (and extra entries of a map) described; the rest are left out with
    /// `truncated` set.
    pub max_items: usize,
}

impl Default for FormOptions {
    fn default() -> Self {
        FormOptions {
            depth: 4,
            max_items: 100,
        }
    }
}

/// The form of one place.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Form {
    #[serde(serialize_with = "pointer_string")]
    pub pointer: Pointer,
    /// The component this is the form of, when it is one.
    pub component: Option<ComponentRef>,
    /// How the component's variant is told and which it is.
    pub variant: Option<FormVariant>,
    pub field: Field,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct FormVariant {
    /// The property that tells it (`type`); `None` when the key does (`otlp/internal`).
    pub field: Option<String>,
    pub current: Option<String>,
    pub options: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Field {
    /// The property name or list index; `None` for the form's root and for templates.
    pub key: Option<String>,
    /// Where the value is (for a template of a new item or entry: its container).
    #[serde(serialize_with = "pointer_string")]
    pub pointer: Pointer,
    pub title: String,
    pub description: Option<String>,
    pub required: bool,
    pub default: Option<Value>,
    pub examples: Vec<Value>,
    /// The current value of a scalar (or of a list or map described no further); `None`
    /// when absent, or when it is a secret written literally (see [`Secret::masked`]).
    pub value: Option<Value>,
    pub present: bool,
    pub secret: Option<Secret>,
    pub deprecated: bool,
    pub read_only: bool,
    pub input: Input,
}

/// A field that holds a secret.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Secret {
    /// The literal value, masked, when one is written (it should not be).
    pub masked: Option<String>,
    /// How to reference it from the environment instead (`${OPENAI_API_KEY}`).
    pub suggestion: String,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Input {
    Text {
        format: Option<String>,
        pattern: Option<String>,
        min_length: Option<u64>,
        max_length: Option<u64>,
    },
    Number {
        integer: bool,
        minimum: Option<f64>,
        maximum: Option<f64>,
        exclusive_minimum: Option<f64>,
        exclusive_maximum: Option<f64>,
        multiple_of: Option<f64>,
    },
    Boolean,
    Enum {
        options: Vec<Value>,
    },
    Const {
        value: Value,
    },
    List {
        /// The current items.
        items: Vec<Field>,
        /// What a new item looks like.
        item: Option<Box<Field>>,
        min_items: Option<u64>,
        max_items: Option<u64>,
        unique: bool,
        truncated: bool,
    },
    Object {
        /// Declared properties, present or not, in schema order.
        fields: Vec<Field>,
        /// Present entries the schema does not declare by name (map entries).
        extra: Vec<Field>,
        /// What a new entry of a map looks like.
        additional: Option<Box<Field>>,
        truncated: bool,
    },
    /// `oneOf`/`anyOf` branches, or the types of a field that may have several.
    Variants {
        current: Option<usize>,
        variants: Vec<Variant>,
    },
    Reference {
        to: Vec<String>,
        multiple: bool,
        /// Names written now.
        current: Vec<String>,
        /// Components that may be named now (see `Design::targets`).
        targets: Vec<String>,
        /// The name is written inside a longer value matching this.
        pattern: Option<String>,
    },
    /// The schema says nothing usable about the value.
    Any,
}

#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Variant {
    pub title: String,
    pub description: Option<String>,
    /// The value to write when switching to it.
    pub value: Value,
    pub field: Field,
}

struct Context<'o> {
    options: &'o FormOptions,
    decided: Vec<*const Value>,
}

impl<'a> Design<'a> {
    /// The form of the place at `pointer` (a component, or any place whose parent exists),
    /// with the default [`FormOptions`].
    pub fn form(&self, pointer: &Pointer) -> Result<Form, DesignError> {
        self.form_with(pointer, &FormOptions::default())
    }

    pub fn form_with(&self, pointer: &Pointer, options: &FormOptions) -> Result<Form, DesignError> {
        let local = self.local(pointer)?;
        let shapes = self.shapes();
        let doc = self.value();
        let value = lookup(doc, local.tokens());
        let (direct, key, required) = match local.split_last() {
            None => (vec![shapes.walk().root()], None, false),
            Some((parent, last)) => {
                let parent_value = lookup(doc, parent.tokens());
                if parent_value.is_none() {
                    return Err(DesignError::Unsupported {
                        pointer: pointer.clone(),
                        reason: format!("nothing is at {}", self.global(&parent)),
                    });
                }
                let parent_schemas = shapes.at(doc, parent.tokens());
                let required = parent_value.is_some_and(Value::is_object)
                    && Shapes::required(&parent_schemas).iter().any(|k| k == last);
                (
                    shapes.child_direct(&parent_schemas, parent_value, last),
                    Some(last.to_string()),
                    required,
                )
            }
        };
        let mut cx = Context {
            options,
            decided: Vec::new(),
        };
        let field = self.field(key, &local, &direct, value, required, 0, None, &mut cx);
        let component = self
            .model()
            .components
            .iter()
            .position(|c| c.pointer == local)
            .map(|i| self.component_ref(i));
        let variant = component.as_ref().and_then(|c| {
            let pk = self.palette().kind(&c.kind)?;
            if pk.variants.is_empty() {
                return None;
            }
            let options: Vec<String> = pk.variants.iter().map(|v| v.name.clone()).collect();
            Some(match &pk.variant_field {
                Some(f) => FormVariant {
                    field: Some(f.clone()),
                    current: value
                        .and_then(|v| v.get(f))
                        .map(|v| v.as_str().map_or_else(|| v.to_string(), str::to_string)),
                    options,
                },
                None => FormVariant {
                    field: None,
                    current: pk
                        .variants
                        .iter()
                        .find(|v| {
                            v.key_pattern
                                .as_ref()
                                .is_some_and(|p| shapes.matches(p, &c.name) == Some(true))
                        })
                        .map(|v| v.name.clone()),
                    options,
                },
            })
        });
        Ok(Form {
            pointer: pointer.clone(),
            component,
            variant,
            field,
        })
    }

    #[allow(clippy::too_many_arguments)]
    fn field(
        &self,
        key: Option<String>,
        local: &Pointer,
        direct: &[&'a Value],
        value: Option<&Value>,
        required: bool,
        depth: usize,
        force_type: Option<&str>,
        cx: &mut Context<'_>,
    ) -> Field {
        let shapes = self.shapes();
        let exact = self.exact(direct, value);
        let over = shapes.applicable(direct, value);
        let text = |k: &str| {
            first(&exact, k)
                .or_else(|| first(&over, k))
                .and_then(Value::as_str)
                .map(str::to_string)
        };
        let title = text("title").unwrap_or_else(|| match &key {
            Some(k) => humanize(k),
            None => "Value".to_string(),
        });
        let flag = |k: &str| over.iter().any(|s| s.get(k) == Some(&Value::Bool(true)));
        let types = allowed_types(&exact);
        let stringish = types.is_empty() || types.iter().any(|t| t == "string");
        let marked = flag("writeOnly")
            || flag("x-trellis-secret")
            || over
                .iter()
                .any(|s| s.get("format").and_then(Value::as_str) == Some("password"));
        let public = over
            .iter()
            .any(|s| s.get("x-trellis-secret") == Some(&Value::Bool(false)));
        let by_name = key
            .as_deref()
            .is_some_and(|k| k.parse::<usize>().is_err() && crate::secrets::is_secret_name(k));
        let is_secret = stringish
            && (marked || (by_name && !public))
            && !matches!(value, Some(Value::Object(_) | Value::Array(_)));
        let mut shown = value.filter(|v| !v.is_object() && !v.is_array()).cloned();
        let secret = is_secret.then(|| {
            let variable = crate::secrets::variable_name(local.tokens());
            let suggestion = match self.schema().pack.as_deref() {
                Some(pack) => pack.secret_reference(&variable),
                None => format!("${{{variable}}}"),
            };
            let masked = match value {
                Some(Value::String(s)) if !crate::secrets::is_placeholder(s) => {
                    shown = None;
                    Some(crate::diagnostic::mask(s))
                }
                _ => None,
            };
            Secret { masked, suggestion }
        });
        let input = self.input(
            &key, local, direct, &exact, &over, value, depth, force_type, cx,
        );
        if matches!(
            input,
            Input::List {
                truncated: true,
                ..
            } | Input::Object {
                truncated: true,
                ..
            } | Input::Any
        ) {
            shown = value.cloned();
        }
        if let Input::Reference { .. } = input {
            shown = value.cloned();
        }
        Field {
            key,
            pointer: self.global(local),
            title,
            description: text("description"),
            required,
            default: first(&over, "default").cloned(),
            examples: first(&over, "examples")
                .and_then(Value::as_array)
                .cloned()
                .unwrap_or_default(),
            value: shown,
            present: value.is_some(),
            secret,
            deprecated: flag("deprecated"),
            read_only: flag("readOnly"),
            input,
        }
    }

    /// The schemas that apply for certain, with the branches of choices that hold.
    fn exact(&self, direct: &[&'a Value], value: Option<&Value>) -> Vec<&'a Value> {
        let shapes = self.shapes();
        let mut exact = shapes.base(direct, value);
        if let Some(v) = value {
            for choice in shapes.choices(&exact.clone()) {
                for b in choice.branches {
                    if shapes.holds(b, v) == Some(true) {
                        for s in shapes.base(&[b], Some(v)) {
                            if !exact.iter().any(|o| std::ptr::eq(*o, s)) {
                                exact.push(s);
                            }
                        }
                    }
                }
            }
        }
        exact
    }

    #[allow(clippy::too_many_arguments)]
    fn input(
        &self,
        key: &Option<String>,
        local: &Pointer,
        direct: &[&'a Value],
        exact: &[&'a Value],
        over: &[&'a Value],
        value: Option<&Value>,
        depth: usize,
        force_type: Option<&str>,
        cx: &mut Context<'_>,
    ) -> Input {
        let shapes = self.shapes();
        if force_type.is_none() && first(over, "x-trellis-ref").is_some() {
            if let Ok(rf) = self.ref_field(local) {
                let current = self
                    .model()
                    .references
                    .iter()
                    .filter(|r| r.field == *local)
                    .map(|r| r.name.clone())
                    .collect();
                let targets = self
                    .targets(&self.global(local))
                    .map(|t| t.valid.into_iter().map(|t| t.name).collect())
                    .unwrap_or_default();
                return Input::Reference {
                    to: rf.kinds.clone(),
                    multiple: rf.multiple(),
                    current,
                    targets,
                    pattern: rf.pattern.clone(),
                };
            }
        }
        // A choice between shapes not decided further up.
        if force_type.is_none() {
            let base = shapes.base(direct, value);
            if let Some(choice) = shapes
                .choices(&base)
                .into_iter()
                .find(|c| !cx.decided.contains(&(c.group as *const Value)))
            {
                cx.decided.push(choice.group);
                let current = value.and_then(|v| {
                    choice
                        .branches
                        .iter()
                        .position(|b| shapes.holds(b, v) == Some(true))
                });
                let generator = Generator {
                    shapes,
                    candidates: self,
                    prefer: Vec::new(),
                    avoid: Vec::new(),
                };
                let variants = choice
                    .branches
                    .iter()
                    .enumerate()
                    .map(|(i, branch)| {
                        let mut d = direct.to_vec();
                        d.push(branch);
                        let here = if current == Some(i) { value } else { None };
                        let field =
                            self.field(key.clone(), local, &d, here, false, depth, None, cx);
                        let own = shapes.base(&[branch], None);
                        let title = first(&own, "title")
                            .and_then(Value::as_str)
                            .map(str::to_string)
                            .or_else(|| first(&own, "const").map(short))
                            .or_else(|| allowed_types(&own).first().map(|t| type_title(t)))
                            .unwrap_or_else(|| format!("Option {}", i + 1));
                        Variant {
                            title,
                            description: first(&own, "description")
                                .and_then(Value::as_str)
                                .map(str::to_string),
                            value: generator
                                .generate(&d, &[], 0, &mut Vec::new(), &mut Vec::new())
                                .unwrap_or(Value::Null),
                            field,
                        }
                    })
                    .collect();
                cx.decided.pop();
                return Input::Variants { current, variants };
            }
        }
        let types: Vec<String> = match force_type {
            Some(t) => vec![t.to_string()],
            None => allowed_types(exact),
        };
        let non_null: Vec<&String> = types.iter().filter(|t| *t != "null").collect();
        if force_type.is_none() && non_null.len() > 1 {
            let current = value.and_then(|v| {
                let names = type_names(v);
                non_null.iter().position(|t| names.contains(&t.as_str()))
            });
            let variants = non_null
                .iter()
                .enumerate()
                .map(|(i, t)| {
                    let here = if current == Some(i) { value } else { None };
                    Variant {
                        title: type_title(t),
                        description: None,
                        value: empty_of(t),
                        field: self.field(
                            key.clone(),
                            local,
                            direct,
                            here,
                            false,
                            depth,
                            Some(t.as_str()),
                            cx,
                        ),
                    }
                })
                .collect();
            return Input::Variants { current, variants };
        }
        if let Some(c) = first(exact, "const") {
            return Input::Const { value: c.clone() };
        }
        if let Some(Value::Array(options)) = first(exact, "enum") {
            return Input::Enum {
                options: options.clone(),
            };
        }
        let has = |k: &str| exact.iter().any(|s| s.get(k).is_some());
        let chosen = match non_null.first() {
            Some(t) => t.as_str(),
            None if has("properties") || has("additionalProperties") || has("required") => "object",
            None if has("items") || has("prefixItems") => "array",
            None => "",
        };
        let num = |k: &str| first(exact, k).and_then(Value::as_f64);
        let count = |k: &str| first(exact, k).and_then(Value::as_u64);
        match chosen {
            "string" => Input::Text {
                format: first(exact, "format")
                    .and_then(Value::as_str)
                    .map(str::to_string),
                pattern: first(exact, "pattern")
                    .and_then(Value::as_str)
                    .map(str::to_string),
                min_length: count("minLength"),
                max_length: count("maxLength"),
            },
            "integer" | "number" => {
                let flag_min = first(exact, "exclusiveMinimum") == Some(&Value::Bool(true));
                let flag_max = first(exact, "exclusiveMaximum") == Some(&Value::Bool(true));
                Input::Number {
                    integer: chosen == "integer",
                    minimum: num("minimum").filter(|_| !flag_min),
                    maximum: num("maximum").filter(|_| !flag_max),
                    exclusive_minimum: if flag_min {
                        num("minimum")
                    } else {
                        num("exclusiveMinimum")
                    },
                    exclusive_maximum: if flag_max {
                        num("maximum")
                    } else {
                        num("exclusiveMaximum")
                    },
                    multiple_of: num("multipleOf"),
                }
            }
            "boolean" => Input::Boolean,
            "array" => {
                let truncated = depth >= cx.options.depth;
                let items = match value {
                    Some(Value::Array(items)) if !truncated => items
                        .iter()
                        .enumerate()
                        .take(cx.options.max_items)
                        .map(|(i, item)| {
                            let d = shapes.walk().item(exact, i);
                            self.field(
                                Some(i.to_string()),
                                &local.join(i.to_string()),
                                &d,
                                Some(item),
                                false,
                                depth + 1,
                                None,
                                cx,
                            )
                        })
                        .collect(),
                    _ => Vec::new(),
                };
                let len = value.and_then(Value::as_array).map_or(0, Vec::len);
                let item_direct = shapes.walk().item(exact, len);
                let item = (!truncated && !item_direct.is_empty()).then(|| {
                    Box::new(self.field(
                        None,
                        local,
                        &item_direct,
                        None,
                        false,
                        depth + 1,
                        None,
                        cx,
                    ))
                });
                Input::List {
                    items,
                    item,
                    min_items: count("minItems"),
                    max_items: count("maxItems"),
                    unique: first(exact, "uniqueItems") == Some(&Value::Bool(true)),
                    truncated: truncated || len > cx.options.max_items,
                }
            }
            "object" => {
                let truncated = depth >= cx.options.depth;
                if truncated {
                    return Input::Object {
                        fields: Vec::new(),
                        extra: Vec::new(),
                        additional: None,
                        truncated,
                    };
                }
                let obj = value.and_then(Value::as_object);
                let required = Shapes::required(exact);
                let declared = SchemaWalk::known_properties(exact);
                let fields = declared
                    .iter()
                    .map(|name| {
                        let d = shapes.walk().property(exact, name);
                        self.field(
                            Some(name.clone()),
                            &local.join(name.clone()),
                            &d,
                            obj.and_then(|o| o.get(name)),
                            required.contains(name),
                            depth + 1,
                            None,
                            cx,
                        )
                    })
                    .collect();
                let mut extra = Vec::new();
                let mut more = false;
                for (k, v) in obj.into_iter().flatten() {
                    if declared.contains(k) {
                        continue;
                    }
                    if extra.len() >= cx.options.max_items {
                        more = true;
                        break;
                    }
                    let d = shapes.walk().property(exact, k);
                    extra.push(self.field(
                        Some(k.clone()),
                        &local.join(k.clone()),
                        &d,
                        Some(v),
                        required.contains(k),
                        depth + 1,
                        None,
                        cx,
                    ));
                }
                let additional_direct: Vec<&'a Value> = exact
                    .iter()
                    .filter_map(|s| s.get("additionalProperties"))
                    .filter(|s| s.is_object())
                    .collect();
                let additional = (!additional_direct.is_empty()).then(|| {
                    Box::new(self.field(
                        None,
                        local,
                        &additional_direct,
                        None,
                        false,
                        depth + 1,
                        None,
                        cx,
                    ))
                });
                Input::Object {
                    fields,
                    extra,
                    additional,
                    truncated: more,
                }
            }
            _ => Input::Any,
        }
    }
}

fn humanize(key: &str) -> String {
    let spaced = key.replace(['_', '-'], " ");
    let mut chars = spaced.chars();
    match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn short(v: &Value) -> String {
    v.as_str().map_or_else(|| v.to_string(), str::to_string)
}

fn type_title(t: &str) -> String {
    match t {
        "string" => "Text",
        "integer" => "Whole number",
        "number" => "Number",
        "boolean" => "Yes/no",
        "array" => "List",
        "object" => "Map",
        "null" => "Empty",
        other => other,
    }
    .to_string()
}

fn empty_of(t: &str) -> Value {
    match t {
        "string" => Value::String(String::new()),
        "integer" | "number" => Value::from(0),
        "boolean" => Value::Bool(false),
        "array" => Value::Array(Vec::new()),
        "object" => Value::Object(Default::default()),
        _ => Value::Null,
    }
}
