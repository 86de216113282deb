//! From phrases to components: a name, a variant (`the redis memory`), a value of an
//! enumerated field (`web search`) or a model identifier (`gpt-4o`) refers to an existing
//! component, to several (ask), or to one that does not exist yet (create it when the
//! request needs it). Creating one goes through the designer's `new_component`.

use super::analysis::{Analysis, Mention};
use super::lexicon;
use super::scene::{lookup, Scene};
use super::text::{article, code, join_and, name_key};
use super::work::Work;
use super::{Reply, ReplyKind};
use serde_json::Value;
use trellis_core::{EditOp, Pointer};
use trellis_schema::DesignError;

/// A component to create.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Spec {
    pub kind: String,
    pub variant: Option<String>,
    pub name: Option<String>,
    /// Fields to set after creation.
    pub fields: Vec<(String, Value)>,
    /// For a model: the provider's model identifier.
    pub model_id: Option<String>,
}

impl Spec {
    pub(crate) fn of(kind: &str) -> Spec {
        Spec {
            kind: kind.to_string(),
            variant: None,
            name: None,
            fields: Vec::new(),
            model_id: None,
        }
    }

    /// How the component is described before it exists.
    pub(crate) fn describe(&self) -> String {
        match (&self.model_id, &self.variant) {
            (Some(id), _) => format!("model {}", code(id)),
            (None, Some(v)) => format!("{} {}", v.replace('_', " "), self.kind),
            (None, None) => self.kind.clone(),
        }
    }
}

/// What a phrase refers to.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Target {
    Existing(usize),
    Ambiguous(Vec<usize>),
    /// A name with a kind word that rules out every component of that name.
    Missing {
        text: String,
        kind: Option<String>,
    },
    New(Spec),
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Ref {
    pub start: usize,
    pub end: usize,
    pub target: Target,
}

impl Ref {
    pub(crate) fn kind<'s>(&'s self, scene: &'s Scene) -> Option<&'s str> {
        match &self.target {
            Target::Existing(i) => Some(scene.components[*i].kind.as_str()),
            Target::Ambiguous(c) => c.first().map(|&i| scene.components[i].kind.as_str()),
            Target::Missing { kind, .. } => kind.as_deref(),
            Target::New(spec) => Some(spec.kind.as_str()),
        }
    }
}

pub(crate) fn mention_target(m: &Mention) -> Target {
    match m.candidates.len() {
        0 => Target::Missing {
            text: m.text.clone(),
            kind: m.kind.clone(),
        },
        1 => Target::Existing(m.candidates[0]),
        _ => Target::Ambiguous(m.candidates.clone()),
    }
}

fn overlaps(spans: &[(usize, usize)], s: usize, e: usize) -> bool {
    spans.iter().any(|&(a, b)| a < e && s < b)
}

/// Every phrase of the request that refers to a component, in order.
pub(crate) fn refs(a: &Analysis, scene: &Scene) -> Vec<Ref> {
    let mut out: Vec<Ref> = Vec::new();
    let mut spans: Vec<(usize, usize)> = Vec::new();
    for m in &a.mentions {
        // "add an otlp exporter" where `otlp` is the receiver: a new exporter of that
        // type, not a missing exporter of that name.
        let new_of_variant = m.candidates.is_empty()
            && m.start > 0
            && a.tokens[m.start - 1].is_any(&["a", "an", "another", "new"])
            && a.variants
                .iter()
                .any(|v| Some(&v.kind) == m.kind.as_ref() && v.start < m.end && m.start < v.end);
        if new_of_variant {
            continue;
        }
        let end = m.kind_at.map_or(m.end, |k| m.end.max(k + 1));
        let start = m.kind_at.map_or(m.start, |k| m.start.min(k));
        out.push(Ref {
            start,
            end,
            target: mention_target(m),
        });
        spans.push((m.start, m.end));
    }
    let has_models = scene.kind("model").is_some();
    for (i, id) in &a.model_ids {
        if overlaps(&spans, *i, i + 1) || !has_models {
            continue;
        }
        let found: Vec<usize> = scene
            .of_kind("model")
            .filter(|(ci, _)| {
                scene
                    .value_of(*ci)
                    .and_then(|v| v.get("name"))
                    .and_then(Value::as_str)
                    .is_some_and(|n| n.eq_ignore_ascii_case(id))
            })
            .map(|(ci, _)| ci)
            .collect();
        // "a new model called big on gpt-4o": the new model's name.
        let named = (i.saturating_sub(5)..*i).find_map(|j| {
            let t = &a.tokens[j];
            let after_kind = a.kinds.iter().any(|k| k.at + 1 == j && k.kind == "model");
            let joins = (j + 2..*i).all(|k| {
                a.tokens[k].is_any(&[
                    "on", "using", "with", "running", "as", "the", "a", "an", "of",
                ])
            });
            (t.is_any(&["called", "named"]) && after_kind && j + 2 <= *i && joins)
                .then(|| a.tokens[j + 1].raw.clone())
        });
        // A new name for it is a new model, though one of that identifier exists.
        let fresh = named.as_ref().is_some_and(|n| {
            !scene
                .named(n)
                .iter()
                .any(|&c| scene.components[c].kind == "model")
        });
        let target = match found.len() {
            _ if fresh => Target::New(Spec {
                model_id: Some(id.clone()),
                name: named,
                ..Spec::of("model")
            }),
            0 => Target::New(Spec {
                model_id: Some(id.clone()),
                name: named,
                ..Spec::of("model")
            }),
            // Several models of one identifier (different settings): the first is meant
            // unless the request names one.
            _ => Target::Existing(found[0]),
        };
        out.push(Ref {
            start: *i,
            end: i + 1,
            target,
        });
        spans.push((*i, i + 1));
    }
    for v in &a.values {
        if overlaps(&spans, v.start, v.end) {
            continue;
        }
        let found: Vec<usize> = scene
            .of_kind(&v.kind)
            .filter(|(ci, c)| {
                scene
                    .value_of(*ci)
                    .and_then(|x| x.get(&v.field))
                    .and_then(Value::as_str)
                    == Some(v.value.as_str())
                    || name_key(&c.name) == name_key(&v.value)
            })
            .map(|(ci, _)| ci)
            .collect();
        let target = match found.len() {
            0 => Target::New(Spec {
                variant: variant_for_field(scene, &v.kind, &v.field),
                name: Some(v.value.clone()),
                fields: vec![(v.field.clone(), Value::String(v.value.clone()))],
                ..Spec::of(&v.kind)
            }),
            1 => Target::Existing(found[0]),
            _ => Target::Ambiguous(found),
        };
        out.push(Ref {
            start: v.start,
            end: v.end,
            target,
        });
        spans.push((v.start, v.end));
    }
    for v in &a.variants {
        if overlaps(&spans, v.start, v.end) {
            continue;
        }
        // A kind word right after it must agree (`redis memory`, not `redis service`).
        let next_kind = a.kinds.iter().find(|k| k.at == v.end);
        if next_kind.is_some_and(|k| k.kind != v.kind) {
            continue;
        }
        let found: Vec<usize> = scene
            .of_kind(&v.kind)
            .filter(|(_, c)| {
                c.variant.as_deref() == Some(v.variant.as_str())
                    // A component whose name is its type (`memory_limiter`,
                    // `otlp/backend`): the variant is the name's first part.
                    || (c.variant.is_none()
                        && c.name.split('/').next() == Some(v.variant.as_str()))
            })
            .map(|(ci, _)| ci)
            .collect();
        let target = match found.len() {
            0 => Target::New(Spec {
                variant: Some(v.variant.clone()),
                ..Spec::of(&v.kind)
            }),
            1 => Target::Existing(found[0]),
            _ => Target::Ambiguous(found),
        };
        let end = next_kind.map_or(v.end, |k| k.at + 1);
        out.push(Ref {
            start: v.start,
            end,
            target,
        });
        spans.push((v.start, end));
    }
    // "change the model to mistral", "give the agent redis memory": a kind said with "the"
    // where the document has one component of it is that component.
    for k in &a.kinds {
        if k.plural || k.all || overlaps(&spans, k.at, k.at + 1) {
            continue;
        }
        let definite = k.at > 0 && a.tokens[k.at - 1].is_any(&["the", "my", "this", "our", "that"]);
        // "the model's …" and "the model name" are told by the field words elsewhere.
        let mut only = scene.of_kind(&k.kind);
        let (Some((i, _)), None) = (only.next(), only.next()) else {
            continue;
        };
        if !definite || a.mentions.iter().any(|m| m.candidates.contains(&i)) {
            continue;
        }
        out.push(Ref {
            start: k.at,
            end: k.at + 1,
            target: Target::Existing(i),
        });
        spans.push((k.at, k.at + 1));
    }
    out.sort_by_key(|r| r.start);
    // "draw pictures": two words for one new built-in are one new component.
    let mut merged: Vec<Ref> = Vec::new();
    for r in out {
        match (merged.last_mut(), &r.target) {
            (Some(last), Target::New(spec))
                if matches!(&last.target, Target::New(s) if s == spec)
                    && r.start <= last.end + 1 =>
            {
                last.end = last.end.max(r.end);
            }
            _ => merged.push(r),
        }
    }
    merged
}

/// The variant of `kind` whose new components carry `field` (a built-in tool's `name`).
pub(crate) fn variant_for_field(scene: &Scene, kind: &str, field: &str) -> Option<String> {
    let k = scene.kind(kind)?;
    let design = trellis_schema::Design::new(&scene.schema, &scene.value);
    k.variants
        .iter()
        .find(|v| {
            design
                .new_component(kind, Some(v), None)
                .is_ok_and(|n| n.value.get(field).is_some())
        })
        .cloned()
}

/// A question back when a phrase fits several components.
pub(crate) fn clarify(scene: &Scene, text: &str, candidates: &[usize]) -> Reply {
    let options: Vec<String> = candidates.iter().map(|&i| scene.label(i)).collect();
    Reply::answer(
        ReplyKind::Clarify,
        format!(
            "{} could mean {}. Which one do you mean? Say it with the kind, e.g. \"the {} {}\". I changed nothing.",
            code(text),
            join_and(&options),
            candidates
                .first()
                .map_or("", |&i| scene.components[i].name.as_str()),
            candidates
                .first()
                .map_or("", |&i| scene.components[i].kind.as_str()),
        ),
    )
}

/// A reply for a name that matches nothing of the kind asked for.
pub(crate) fn missing(scene: &Scene, text: &str, kind: Option<&str>) -> Reply {
    let others: Vec<String> = scene
        .named(text)
        .into_iter()
        .map(|i| scene.label(i))
        .collect();
    let mut s = match kind {
        Some(k) => format!("There is no {k} named {} in this document.", code(text)),
        None => format!(
            "There is no component named {} in this document.",
            code(text)
        ),
    };
    if !others.is_empty() {
        s.push_str(&format!(" There is {}.", join_and(&others)));
    } else if let Some(k) = kind {
        let names: Vec<String> = scene
            .of_kind(k)
            .map(|(_, c)| code(&c.name))
            .take(12)
            .collect();
        if !names.is_empty() {
            s.push_str(&format!(" The {k} components are {}.", join_and(&names)));
        }
    }
    s.push_str(" I changed nothing.");
    Reply::answer(ReplyKind::Refused, s)
}

/// The one existing component a ref names, or the reply that says why not.
pub(crate) fn existing(scene: &Scene, a: &Analysis, r: &Ref) -> Result<usize, Reply> {
    match &r.target {
        Target::Existing(i) => Ok(*i),
        Target::Ambiguous(c) => Err(clarify(scene, &a.raw(r.start, r.end), c)),
        Target::Missing { text, kind } => Err(missing(scene, text, kind.as_deref())),
        Target::New(spec) => Err(Reply::answer(
            ReplyKind::Refused,
            format!(
                "There is no {} in this document yet. I changed nothing.",
                spec.describe()
            ),
        )),
    }
}

/// The pointer of the component a ref names in the planned document, creating it when it
/// does not exist yet.
pub(crate) fn ensure(work: &mut Work<'_>, r: &Target) -> Result<Pointer, String> {
    match r {
        Target::Existing(i) => Ok(work.scene.components[*i].pointer.clone()),
        Target::New(spec) => create(work, spec),
        Target::Ambiguous(_) | Target::Missing { .. } => {
            Err("the component is not clear".to_string())
        }
    }
}

/// Values the schema leaves to the user, where the smallest valid value would mislead.
const SUGGESTED: &[(&str, i64)] = &[("requests_per_minute", 60)];

/// Creates a component in the planned document: the designer's new component, with the
/// spec's fields; a model gets a provider that serves its identifier (an existing one of
/// the right type, else a new one).
pub(crate) fn create(work: &mut Work<'_>, spec: &Spec) -> Result<Pointer, String> {
    create_linked(work, spec, &[])
}

/// [`create`], when the fields `linked` will be connected right after.
pub(crate) fn create_linked(
    work: &mut Work<'_>,
    spec: &Spec,
    linked: &[String],
) -> Result<Pointer, String> {
    let mut fields = spec.fields.clone();
    let mut name = spec.name.clone();
    if let Some(id) = &spec.model_id {
        let provider = provider_for(work, id)?;
        fields.push(("provider".into(), Value::String(provider)));
        fields.push(("name".into(), Value::String(id.clone())));
        if name.is_none() {
            name = Some(id.clone());
        }
    }
    let new = {
        let design = work.design();
        let variant = spec.variant.as_deref();
        match design.new_component(&spec.kind, variant, name.as_deref()) {
            Ok(n) => n,
            Err(DesignError::InvalidName { .. }) if name.is_some() => design
                .new_component(&spec.kind, variant, None)
                .map_err(|e| e.to_string())?,
            Err(e) => return Err(e.to_string()),
        }
    };
    // What the designer could not fill (a required reference with nothing to name) and
    // the request does not give either.
    let unfilled: Vec<String> = new
        .missing
        .iter()
        .filter(|m| {
            let field = m.pointer.tokens().last().cloned().unwrap_or_default();
            !linked.contains(&field) && !fields.iter().any(|(k, _)| *k == field)
        })
        .map(|m| super::text::sanitize(&m.message))
        .collect();
    if !unfilled.is_empty() {
        return Err(format!(
            "a new {} needs more than the request gives: {}. Say which, e.g. \"add an agent using gpt-4o\"",
            spec.kind,
            unfilled.join("; ")
        ));
    }
    let pointer = new.pointer.clone();
    let generated = new.value.clone();
    work.apply(new.edits)
        .map_err(|e| format!("the new {} does not apply: {e}", spec.kind))?;
    // Secrets come from the environment, never written in.
    if spec.kind == "provider" && spec.variant.as_deref() != Some("ollama") {
        let secret = work
            .scene
            .kind("provider")
            .and_then(|k| k.fields.iter().find(|f| f.secret).map(|f| f.key.clone()));
        if let (Some(field), Some(pack)) = (secret, work.scene.schema.pack.clone()) {
            if generated.get(&field).is_none() && !fields.iter().any(|(k, _)| *k == field) {
                let var = format!(
                    "{}_{}",
                    spec.variant.as_deref().unwrap_or(&new.name).to_uppercase(),
                    field.to_uppercase()
                );
                let var: String = var
                    .chars()
                    .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                    .collect();
                fields.push((field, Value::String(pack.secret_reference(&var))));
            }
        }
    }
    // "add a redis service": a component with an image, named after a well-known
    // official image, runs that image.
    let has_image = work
        .scene
        .kind(&spec.kind)
        .is_some_and(|k| k.field("image").is_some());
    if has_image && generated.get("image").is_none() && !fields.iter().any(|(k, _)| k == "image") {
        let key = new.name.to_lowercase();
        // "redis", or "redis-cache" / "postgres_db": a well-known image and a role.
        let head = key.split(['-', '_']).next().unwrap_or(&key).to_string();
        if let Some(image) = lexicon::known_image(&key).or_else(|| lexicon::known_image(&head)) {
            fields.push(("image".to_string(), Value::String(image.to_string())));
        }
    }
    for (key, suggested) in SUGGESTED {
        let minimal = generated.get(*key).and_then(Value::as_i64) == Some(1);
        if minimal && !fields.iter().any(|(k, _)| k == key) {
            fields.push((key.to_string(), Value::from(*suggested)));
            work.notes.push(format!(
                "I set {} of the new {} to {suggested}; change it to your limit.",
                code(key),
                spec.kind
            ));
        }
    }
    let edits: Vec<EditOp> = fields
        .into_iter()
        .map(|(k, v)| EditOp::Set {
            path: pointer.join(k),
            value: v,
        })
        .collect();
    work.apply(edits)?;
    let label = match &spec.variant {
        Some(v) => format!("{} {}", v.replace('_', " "), spec.kind),
        None => spec.kind.clone(),
    };
    let mut line = format!("added the {label} {}", code(&new.name));
    if let Some(id) = &spec.model_id {
        if new.name != *id {
            line.push_str(&format!(" for {}", code(id)));
        }
    }
    work.done.push(line);
    // "add a reranker tool": no type said, so the schema's first one was taken; say which.
    if spec.variant.is_none() {
        let kind = work.scene.kind(&spec.kind);
        let variant_field = kind.and_then(|k| k.variant_field.clone());
        let other =
            |ty: &str| kind.and_then(|k| k.variants.iter().find(|v| v.as_str() != ty).cloned());
        if let Some(field) = variant_field {
            if let Some(ty) = generated.get(&field).and_then(Value::as_str) {
                if let Some(other) = other(ty) {
                    let also = generated
                        .get("name")
                        .and_then(Value::as_str)
                        .filter(|n| *n != new.name)
                        .map(|n| format!(", {}", code(&format!("name: {n}"))))
                        .unwrap_or_default();
                    work.notes.push(format!(
                        "The request named no type for {}, so it is {} {} {}{also}; say e.g. \"set {}'s {field} to {other}\" to choose another.",
                        code(&new.name),
                        article(ty),
                        code(ty),
                        spec.kind,
                        new.name,
                    ));
                }
            }
        }
    }
    Ok(pointer)
}

/// The provider a new model of identifier `id` uses: one of the type its family needs
/// (created when missing), or the only provider there is.
pub(crate) fn provider_for(work: &mut Work<'_>, id: &str) -> Result<String, String> {
    let scene = work.scene_now();
    let providers: Vec<(usize, &super::scene::Comp)> = scene.of_kind("provider").collect();
    match lexicon::model_family(id) {
        Some(family) => {
            if let Some((_, p)) = providers
                .iter()
                .find(|(_, p)| p.variant.as_deref() == Some(family))
            {
                return Ok(p.name.clone());
            }
            if family == "openai" {
                // An OpenAI model may be served by an Azure or compatible endpoint.
                if let Some((_, p)) = providers.iter().find(|(_, p)| {
                    matches!(p.variant.as_deref(), Some("azure_openai" | "openai_compatible"))
                }) {
                    if providers.len() == 1 {
                        return Ok(p.name.clone());
                    }
                }
            }
            let spec = Spec {
                variant: Some(family.to_string()),
                ..Spec::of("provider")
            };
            let pointer = create(work, &spec)?;
            Ok(pointer
                .tokens()
                .last()
                .cloned()
                .unwrap_or_else(|| family.to_string()))
        }
        None if providers.len() == 1 => Ok(providers[0].1.name.clone()),
        None => Err(format!(
            "I do not know which provider serves {}; name one (e.g. \"using {id} on the openai provider\")",
            code(id)
        )),
    }
}

/// Whether the planned document has a component at `pointer`.
pub(crate) fn exists(work: &Work<'_>, pointer: &Pointer) -> bool {
    lookup(&work.value, pointer).is_some()
}

/// The provider change a model needs when its identifier becomes `id`: `None` when its
/// provider serves that family (or the family is not known).
pub(crate) fn provider_switch(
    work: &mut Work<'_>,
    scene: &Scene,
    name_ptr: &Pointer,
    id: &str,
) -> Option<Result<EditOp, String>> {
    let family = lexicon::model_family(id)?;
    let (model_ptr, _) = name_ptr.split_last()?;
    let provider = lookup(&work.value, &model_ptr)?
        .get("provider")?
        .as_str()?
        .to_string();
    let variant = scene
        .of_kind("provider")
        .find(|(_, p)| p.name == provider)
        .and_then(|(_, p)| p.variant.clone())?;
    let serves = variant == family
        || (family == "openai" && matches!(variant.as_str(), "azure_openai" | "openai_compatible"))
        || variant == "openai_compatible";
    if serves {
        return None;
    }
    Some(provider_for(work, id).map(|p| EditOp::Set {
        path: model_ptr.join("provider"),
        value: Value::String(p),
    }))
}
