//! `trellis-schema`: what makes a document valid, and where it is not.
//!
//! - [`Schema`]: a compiled JSON Schema (drafts 4, 6, 7, 2019-09, 2020-12 through the
//!   `jsonschema` crate) with formats checked, `$ref` kept offline and beside the schema
//!   unless allowed, and linear-time `pattern`s.
//! - [`Packs`]: schemas written by the team for real formats (agent stacks, Compose, GitHub
//!   Actions, OpenTelemetry Collector), with annotations that say which maps hold
//!   components and which fields refer to them.
//! - [`discover`]: which schema a document uses.
//! - [`validate`]: a document's [`Diagnostic`]s — schema errors, dangling references,
//!   reference cycles, unused components, literal secrets, unresolved variables, environment
//!   overlays — each with a span and, where one exists, a [`Fix`] made of ordinary edits.
//! - [`Validator`]: the same reports after each edit of one document, reusing what the edit
//!   cannot have changed (the component model, reference checks, secrets outside it).
//! - [`Palette`]: the kinds of component a schema's documents hold and their variants,
//!   searchable.
//! - [`Design`]: the visual designer's operations on a document — new components filled
//!   to validate, rename with every reference, delete with or without the references,
//!   connect and disconnect references, the valid targets of a reference field, duplicate,
//!   copy and paste components (references among them following the copies) — each as
//!   edits applied as one undoable step; and [`Form`]s, the inspector's fields generated
//!   from the schema.
//!
//! No IO happens here except reading schema files a caller names (and, only when allowed,
//! fetching schemas by URL).

mod components;
mod design;
mod diagnostic;
mod discover;
mod env;
mod form;
mod packs;
mod palette;
mod schema;
mod secrets;
mod shapes;
mod validate;
mod walk;

pub use components::{Collection, Component, Model, Reference};
pub use design::{
    Clipboard, ClipboardComponent, ComponentRef, Connected, Created, DeleteMode, Deleted, Design,
    DesignError, Disconnected, Duplicated, Missing, NewComponent, Pasted, Referrer, RefusedTarget,
    Renamed, Target, Targets,
};
pub use diagnostic::{did_you_mean, mask, Diagnostic, Fix, Severity};
pub use discover::{
    discover, interpret, modeline, Discovery, SchemaRef, Settings, Subject, ValidationSettings, Via,
};
pub use env::{merge, Variables};
pub use form::{Field, Form, FormOptions, FormVariant, Input, Secret, Variant};
pub use packs::{Interpolation, Pack, PackError, Packs};
pub use palette::{Palette, PaletteHit, PaletteKind, PaletteVariant};
pub use schema::{LoadOptions, Origin, Schema, SchemaError, MAX_SCHEMA_BYTES};
pub use validate::{
    validate, validate_value, Environment, Options, Report, ValidateError, Validator,
};
pub use walk::SchemaWalk;

use std::collections::HashMap;
use std::sync::Arc;

/// Loads a referenced schema.
pub fn load(
    reference: &SchemaRef,
    packs: &Packs,
    options: &LoadOptions,
) -> Result<Schema, SchemaError> {
    match reference {
        SchemaRef::Pack(id) => match packs.get(id) {
            Some(pack) => Schema::from_pack(pack.clone(), options),
            None => Err(SchemaError::Read {
                origin: format!("pack {id}"),
                message: format!(
                    "no such pack; the packs are: {}",
                    packs
                        .iter()
                        .map(|p| p.id.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            }),
        },
        SchemaRef::File(path) => Schema::from_file(path, options),
        SchemaRef::Url(url) => Schema::from_url(url, options),
    }
}

/// Compiled schemas by reference, so re-validation after an edit does not recompile.
/// Files are recompiled when their modification time changes.
#[derive(Default)]
pub struct SchemaCache {
    entries: HashMap<(SchemaRef, bool), (Option<std::time::SystemTime>, Arc<Schema>)>,
}

impl SchemaCache {
    pub fn get(
        &mut self,
        reference: &SchemaRef,
        packs: &Packs,
        options: &LoadOptions,
    ) -> Result<Arc<Schema>, SchemaError> {
        let stamp = match reference {
            SchemaRef::File(path) => std::fs::metadata(path).and_then(|m| m.modified()).ok(),
            _ => None,
        };
        let key = (reference.clone(), options.allow_network);
        if let Some((cached_stamp, schema)) = self.entries.get(&key) {
            if *cached_stamp == stamp {
                return Ok(schema.clone());
            }
        }
        let schema = Arc::new(load(reference, packs, options)?);
        self.entries.insert(key, (stamp, schema.clone()));
        Ok(schema)
    }
}
