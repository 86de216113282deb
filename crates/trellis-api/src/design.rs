//! The design canvas's view of a document: its components placed on a plane, the references
//! between them, and what depends on what.
//!
//! Positions the user chose live in a sidecar, `.trellis/layout/<file>.json` in the
//! workspace, never in the configuration: moving a node writes the sidecar (atomically) and
//! leaves the file alone. Components the user has not placed take the automatic layered
//! layout (`trellis-graph`), computed with the previous layout as a guide so that unchanged
//! parts stay where they were.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::Value;
use trellis_graph::Graph;
use trellis_protocol::{
    DanglingDto, DesignDto, DesignEdgeDto, DesignNodeDto, ErrorCode, ImpactDto, NodeMoveDto,
};

use crate::convert::error;
use crate::history::LayoutChange;
use crate::{ApiError, Content, Session};

/// How many of a component's values a node shows.
const SHOWN_FIELDS: usize = 3;
/// Longest value text a node shows.
const SHOWN_CHARS: usize = 28;

/// The layout sidecar of one file.
#[derive(Debug, Default, Serialize, Deserialize)]
struct Sidecar {
    version: u32,
    /// Component pointer → top-left corner.
    positions: BTreeMap<String, Position>,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub(crate) struct Position {
    pub(crate) x: f64,
    pub(crate) y: f64,
}

/// How far a copy is put from its original on the canvas (right and down), so it does not
/// hide it.
const COPY_OFFSET: f64 = 40.0;

/// `<root>/.trellis/layout/<path>.json`.
fn sidecar_path(root: &Path, path: &str) -> PathBuf {
    root.join(".trellis")
        .join("layout")
        .join(format!("{path}.json"))
}

/// The sidecar of `path`; an absent or unreadable one is empty (positions are a
/// convenience: a damaged sidecar must not keep the canvas from opening).
fn read_sidecar(root: &Path, path: &str) -> Sidecar {
    std::fs::read(sidecar_path(root, path))
        .ok()
        .and_then(|bytes| serde_json::from_slice(&bytes).ok())
        .unwrap_or_default()
}

/// Writes the given positions into the sidecar of `path` (`None`: the component is no longer
/// placed by the user). Components that no longer exist are not an error: their positions
/// are kept until the next move drops them.
pub(crate) fn set_positions(
    root: &Path,
    path: &str,
    positions: &BTreeMap<String, Option<Position>>,
) -> Result<(), ApiError> {
    let mut sidecar = read_sidecar(root, path);
    sidecar.version = 1;
    for (id, at) in positions {
        match at {
            Some(at) => {
                sidecar.positions.insert(id.clone(), *at);
            }
            None => {
                sidecar.positions.remove(id);
            }
        }
    }
    write_sidecar(root, path, &sidecar)
}

/// The change that writing `positions` makes to the sidecar `sidecar`.
fn layout_change(sidecar: &Sidecar, positions: BTreeMap<String, Option<Position>>) -> LayoutChange {
    LayoutChange {
        before: positions
            .keys()
            .map(|id| (id.clone(), sidecar.positions.get(id).copied()))
            .collect(),
        after: positions,
    }
}

fn write_sidecar(root: &Path, path: &str, sidecar: &Sidecar) -> Result<(), ApiError> {
    let file = sidecar_path(root, path);
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir).map_err(|e| {
            error(
                ErrorCode::Io,
                format!("cannot create {}: {e}", dir.display()),
            )
        })?;
    }
    let bytes = serde_json::to_vec_pretty(sidecar).expect("a sidecar serialises");
    crate::fs::write_atomic(&file, &bytes).map_err(|e| {
        error(
            ErrorCode::Io,
            format!("cannot write {}: {e}", file.display()),
        )
    })
}

/// A value as a node shows it: short, one line; a literal secret masked the way
/// diagnostics mask it.
fn shown(
    model: &trellis_schema::Model,
    pointer: &trellis_core::Pointer,
    value: &Value,
) -> Option<String> {
    let text = match value {
        Value::String(s) if model.hides(pointer, s) => return Some(trellis_schema::mask(s)),
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => return None,
    };
    let line = text.lines().next().unwrap_or_default();
    if line.chars().count() > SHOWN_CHARS || line.len() < text.len() {
        let cut: String = line.chars().take(SHOWN_CHARS - 1).collect();
        Some(format!("{cut}…"))
    } else {
        Some(line.to_string())
    }
}

/// The first few values of the component at `pointer` that a node can show.
fn key_fields(
    model: &trellis_schema::Model,
    pointer: &trellis_core::Pointer,
    value: Option<&Value>,
) -> Vec<(String, String)> {
    let Some(Value::Object(map)) = value else {
        return Vec::new();
    };
    map.iter()
        .filter_map(|(k, v)| {
            shown(model, &pointer.join(k.clone()), v).map(|text| (k.clone(), text))
        })
        .take(SHOWN_FIELDS)
        .collect()
}

/// Canvas nodes are larger than the graph export's: they show a few values.
fn canvas_layout() -> trellis_graph::LayoutOptions {
    trellis_graph::LayoutOptions {
        node_width: 210.0,
        node_height: 86.0,
        layer_gap: 110.0,
        node_gap: 28.0,
        ..Default::default()
    }
}

impl Session {
    /// The schema an open document's validation found (found now, without validating, if
    /// none has run yet) and the document's data; `None` when the text does not parse or no
    /// schema applies.
    pub(crate) fn schema_and_value(
        &mut self,
        path: &str,
    ) -> Result<Option<(std::sync::Arc<trellis_schema::Schema>, Value)>, ApiError> {
        if self.document_mut(path)?.found_schema.is_none() {
            self.validation_job(path)?;
        }
        let open = self.document_mut(path)?;
        Ok(match (&open.content, open.found_schema.clone()) {
            (Content::Parsed(doc), Some(schema)) => Some((schema, doc.value())),
            _ => None,
        })
    }

    /// The graph of an open document's components, from the schema its validation found
    /// (found now if it has not run yet), or `None` when there is none or the text does not
    /// parse.
    fn component_graph(
        &mut self,
        path: &str,
    ) -> Result<Option<(Graph, trellis_schema::Model, Value, String)>, ApiError> {
        let Some((schema, value)) = self.schema_and_value(path)? else {
            return Ok(None);
        };
        let model = trellis_schema::Model::read(schema.walk(), &value);
        if model.components.is_empty() {
            return Ok(None);
        }
        let pack = schema
            .pack
            .as_ref()
            .map(|p| p.id.clone())
            .unwrap_or_else(|| "custom".to_string());
        Ok(Some((Graph::from_model(&model), model, value, pack)))
    }

    /// The canvas's picture of an open document.
    pub fn design(&mut self, path: &str) -> Result<DesignDto, ApiError> {
        let Some((graph, model, value, pack)) = self.component_graph(path)? else {
            return Ok(DesignDto::default());
        };
        let root = self.current()?.root.clone();
        let sidecar = read_sidecar(&root, path);
        let open = self.document_mut(path)?;
        let layout = graph.layout_with_options(open.layout.as_ref(), &canvas_layout());
        open.layout = Some(layout.clone());
        let nodes = layout
            .nodes
            .iter()
            .filter_map(|p| {
                let n = graph.node(&p.id)?;
                let placed = sidecar.positions.get(&n.id);
                Some(DesignNodeDto {
                    id: n.id.clone(),
                    kind: n.kind.clone(),
                    name: n.name.clone(),
                    x: placed.map_or(p.x, |at| at.x),
                    y: placed.map_or(p.y, |at| at.y),
                    w: p.w,
                    h: p.h,
                    color: trellis_graph::kind_color(&n.kind).to_string(),
                    fields: trellis_core::Pointer::parse(&n.pointer)
                        .map(|at| key_fields(&model, &at, value.pointer(&n.pointer)))
                        .unwrap_or_default(),
                    placed: placed.is_some(),
                })
            })
            .collect();
        Ok(DesignDto {
            nodes,
            edges: graph
                .edges
                .iter()
                .map(|e| DesignEdgeDto {
                    from: e.from.clone(),
                    to: e.to.clone(),
                    field: e.field.clone(),
                })
                .collect(),
            dangling: graph
                .dangling
                .iter()
                .map(|d| DanglingDto {
                    from: d.from.clone(),
                    name: d.name.clone(),
                    pointer: d.pointer.clone(),
                })
                .collect(),
            cycles: graph.cycles.clone(),
            pack: Some(pack),
        })
    }

    /// Records where the user put components (the layout sidecar; the file is not touched),
    /// as one step of the document's undo history. Positions of components that no longer
    /// exist are dropped.
    pub fn move_components(&mut self, path: &str, moves: &[NodeMoveDto]) -> Result<(), ApiError> {
        let change = self.write_moves(path, moves)?;
        self.settled_history(path)?.record_layout(change);
        Ok(())
    }

    /// Writes moves to the sidecar; returns what changed.
    fn write_moves(&mut self, path: &str, moves: &[NodeMoveDto]) -> Result<LayoutChange, ApiError> {
        if let Some(bad) = moves.iter().find(|m| !(m.x.is_finite() && m.y.is_finite())) {
            return Err(error(
                ErrorCode::InvalidRequest,
                format!("{} cannot move to ({}, {})", bad.id, bad.x, bad.y),
            ));
        }
        let known: std::collections::HashSet<String> = match self.component_graph(path)? {
            Some((graph, ..)) => graph.nodes.into_iter().map(|n| n.id).collect(),
            None => Default::default(),
        };
        if let Some(unknown) = moves.iter().find(|m| !known.contains(&m.id)) {
            return Err(error(
                ErrorCode::NotFound,
                format!("{path} has no component {}", unknown.id),
            ));
        }
        let root = self.current()?.root.clone();
        let mut sidecar = read_sidecar(&root, path);
        // Positions of components that are gone are dropped, as part of the step: undone,
        // they come back with the component.
        let mut after: BTreeMap<String, Option<Position>> = sidecar
            .positions
            .keys()
            .filter(|id| !known.contains(*id))
            .map(|id| (id.clone(), None))
            .collect();
        after.extend(
            moves
                .iter()
                .map(|m| (m.id.clone(), Some(Position { x: m.x, y: m.y }))),
        );
        let change = layout_change(&sidecar, after);
        sidecar.version = 1;
        sidecar.positions.retain(|id, _| known.contains(id));
        for m in moves {
            sidecar
                .positions
                .insert(m.id.clone(), Position { x: m.x, y: m.y });
        }
        write_sidecar(&root, path, &sidecar)?;
        Ok(change)
    }

    /// The document's undo history, with an edit made since it was last looked at recorded.
    fn settled_history(&mut self, path: &str) -> Result<&mut crate::history::History, ApiError> {
        let open = self.document_mut(path)?;
        if let Content::Parsed(doc) = &open.content {
            open.history.settle(doc.text());
        }
        Ok(&mut open.history)
    }

    /// Where each node of the canvas is now (placed or laid out), by component pointer.
    fn node_positions(&mut self, path: &str) -> Result<BTreeMap<String, (f64, f64)>, ApiError> {
        Ok(self
            .design(path)?
            .nodes
            .into_iter()
            .map(|n| (n.id, (n.x, n.y)))
            .collect())
    }

    /// What the component `id` depends on and what depends on it, directly or not.
    pub fn impact(&mut self, path: &str, id: &str) -> Result<ImpactDto, ApiError> {
        let Some((graph, ..)) = self.component_graph(path)? else {
            return Err(error(
                ErrorCode::NotFound,
                format!("{path} has no components"),
            ));
        };
        if graph.node(id).is_none() {
            return Err(error(
                ErrorCode::NotFound,
                format!("{path} has no component {id}"),
            ));
        }
        Ok(ImpactDto {
            id: id.to_string(),
            depends_on: graph.depends_on(id),
            dependents: graph.dependents(id),
        })
    }
}

// ------------------------------------------------------------------ designer operations

/// A designer refusal as an API error: nothing was changed.
fn refused(e: trellis_schema::DesignError) -> ApiError {
    error(ErrorCode::InvalidRequest, e.to_string())
}

fn pointer(p: &str) -> Result<trellis_core::Pointer, ApiError> {
    trellis_core::Pointer::parse(p).map_err(|e| {
        error(
            ErrorCode::InvalidRequest,
            format!("{p:?} is not a JSON Pointer: {e}"),
        )
    })
}

fn form_field(f: &trellis_schema::Field) -> trellis_protocol::FormFieldDto {
    use trellis_protocol::{InputDto, SecretDto, VariantDto};
    use trellis_schema::Input;
    let input = match &f.input {
        Input::Text {
            format, pattern, ..
        } => InputDto::Text {
            format: format.clone(),
            pattern: pattern.clone(),
        },
        Input::Number {
            integer,
            minimum,
            maximum,
            ..
        } => InputDto::Number {
            integer: *integer,
            minimum: *minimum,
            maximum: *maximum,
        },
        Input::Boolean => InputDto::Boolean,
        Input::Enum { options } => InputDto::Enum {
            options: options.clone(),
        },
        Input::Const { value } => InputDto::Const {
            value: value.clone(),
        },
        Input::List {
            items,
            item,
            truncated,
            ..
        } => InputDto::List {
            items: items.iter().map(form_field).collect(),
            item: item.as_deref().map(|i| Box::new(form_field(i))),
            truncated: *truncated,
        },
        Input::Object {
            fields,
            extra,
            truncated,
            ..
        } => InputDto::Object {
            fields: fields.iter().map(form_field).collect(),
            extra: extra.iter().map(form_field).collect(),
            truncated: *truncated,
        },
        Input::Variants { current, variants } => InputDto::Variants {
            current: *current,
            variants: variants
                .iter()
                .enumerate()
                .map(|(i, v)| VariantDto {
                    title: v.title.clone(),
                    description: v.description.clone(),
                    value: v.value.clone(),
                    field: (Some(i) == *current).then(|| Box::new(form_field(&v.field))),
                })
                .collect(),
        },
        Input::Reference {
            to,
            multiple,
            current,
            targets,
            ..
        } => InputDto::Reference {
            to: to.clone(),
            multiple: *multiple,
            current: current.clone(),
            targets: targets.clone(),
        },
        Input::Any => InputDto::Any,
    };
    trellis_protocol::FormFieldDto {
        key: f.key.clone(),
        pointer: f.pointer.to_string(),
        title: f.title.clone(),
        description: f.description.clone(),
        required: f.required,
        default: f.default.clone(),
        value: f.value.clone(),
        present: f.present,
        secret: f.secret.as_ref().map(|s| SecretDto {
            masked: s.masked.clone(),
            suggestion: s.suggestion.clone(),
        }),
        read_only: f.read_only,
        input,
    }
}

impl Session {
    /// The schema and value of an open, parsed document, for a designer operation.
    fn designable(
        &mut self,
        path: &str,
    ) -> Result<(std::sync::Arc<trellis_schema::Schema>, Value), ApiError> {
        if let Some(found) = self.schema_and_value(path)? {
            return Ok(found);
        }
        // Why not: the text does not parse (its error), or no schema applies.
        self.parsed_mut(path)?;
        Err(error(
            ErrorCode::InvalidRequest,
            format!("{path} has no schema, so it has no components to design with"),
        ))
    }

    /// Applies a designer operation's edits as one undoable step.
    fn apply_design(
        &mut self,
        path: &str,
        edits: &[trellis_core::EditOp],
    ) -> Result<trellis_protocol::DocumentDto, ApiError> {
        self.parsed_mut(path)?
            .apply_all(edits)
            .map_err(crate::convert::edit_error)?;
        self.snapshot(path)
    }

    /// The palette: the component kinds of the document's schema and their variants.
    pub fn palette(&mut self, path: &str) -> Result<trellis_protocol::PaletteDto, ApiError> {
        let (schema, value) = self.designable(path)?;
        let design = trellis_schema::Design::new(&schema, &value);
        Ok(trellis_protocol::PaletteDto {
            kinds: design
                .palette()
                .kinds
                .iter()
                .map(|k| trellis_protocol::PaletteKindDto {
                    kind: k.kind.clone(),
                    title: k.title.clone(),
                    collection_title: k.collection_title.clone(),
                    description: k.description.clone(),
                    color: trellis_graph::kind_color(&k.kind).to_string(),
                    variants: k
                        .variants
                        .iter()
                        .map(|v| trellis_protocol::PaletteVariantDto {
                            name: v.name.clone(),
                            title: v.title.clone(),
                            description: v.description.clone(),
                        })
                        .collect(),
                })
                .collect(),
        })
    }

    /// Adds a component of `kind` (and `variant`) with a unique name and every required
    /// field filled in, as one undoable step; `at` places it on the canvas.
    pub fn add_component(
        &mut self,
        path: &str,
        kind: &str,
        variant: Option<&str>,
        at: Option<(f64, f64)>,
    ) -> Result<trellis_protocol::ComponentAddedDto, ApiError> {
        let (schema, value) = self.designable(path)?;
        let new = trellis_schema::Design::new(&schema, &value)
            .new_component(kind, variant, None)
            .map_err(refused)?;
        let document = self.apply_design(path, &new.edits)?;
        let id = new.pointer.to_string();
        if let Some((x, y)) = at {
            // Placed where it was dropped, in the same undoable step.
            let change = self.write_moves(
                path,
                &[NodeMoveDto {
                    id: id.clone(),
                    x,
                    y,
                }],
            )?;
            self.settled_history(path)?.attach_layout(change);
        }
        Ok(trellis_protocol::ComponentAddedDto {
            document,
            id,
            name: new.name,
            missing: new
                .missing
                .iter()
                .map(|m| format!("{}: {}", m.pointer, m.message))
                .collect(),
        })
    }

    /// Renames a component and every reference to it, as one undoable step; its place on
    /// the canvas follows it.
    pub fn rename_component(
        &mut self,
        path: &str,
        id: &str,
        new_name: &str,
    ) -> Result<trellis_protocol::DocumentDto, ApiError> {
        let (schema, value) = self.designable(path)?;
        let renamed = trellis_schema::Design::new(&schema, &value)
            .rename(&pointer(id)?, new_name)
            .map_err(refused)?;
        let document = self.apply_design(path, &renamed.edits)?;
        let root = self.current()?.root.clone();
        let sidecar = read_sidecar(&root, path);
        if let Some(at) = sidecar.positions.get(id).copied() {
            // The position follows, in the same undoable step.
            let change = layout_change(
                &sidecar,
                BTreeMap::from([
                    (id.to_string(), None),
                    (renamed.pointer.to_string(), Some(at)),
                ]),
            );
            set_positions(&root, path, &change.after)?;
            self.settled_history(path)?.attach_layout(change);
        }
        Ok(document)
    }

    /// Who refers to any of `ids` from outside them (references among them go with them
    /// when they are deleted together).
    pub fn referrers_of(
        &mut self,
        path: &str,
        ids: &[String],
    ) -> Result<Vec<trellis_protocol::ReferrerDto>, ApiError> {
        let (schema, value) = self.designable(path)?;
        let design = trellis_schema::Design::new(&schema, &value);
        let selected: Vec<trellis_core::Pointer> =
            ids.iter().map(|i| pointer(i)).collect::<Result<_, _>>()?;
        let mut out = Vec::new();
        for p in &selected {
            for r in design.referrers(p).map_err(refused)? {
                let inside = r
                    .from
                    .as_ref()
                    .is_some_and(|c| selected.contains(&c.pointer));
                if !inside {
                    out.push(trellis_protocol::ReferrerDto {
                        from: r.from.as_ref().map(|c| c.pointer.to_string()),
                        from_name: r.from.map(|c| c.name),
                        pointer: r.pointer.to_string(),
                    });
                }
            }
        }
        Ok(out)
    }

    /// Deletes several components as one undoable step. References among them go with
    /// them; references from outside refuse the deletion (naming who) unless
    /// `remove_references`, when they go too.
    pub fn delete_components(
        &mut self,
        path: &str,
        ids: &[String],
        remove_references: bool,
    ) -> Result<trellis_protocol::DocumentDto, ApiError> {
        if ids.is_empty() {
            return Err(error(ErrorCode::InvalidRequest, "no component to delete"));
        }
        if !remove_references {
            let outside = self.referrers_of(path, ids)?;
            if !outside.is_empty() {
                let names: Vec<String> = outside
                    .iter()
                    .map(|r| r.from_name.clone().unwrap_or_else(|| r.pointer.clone()))
                    .collect();
                return Err(error(
                    ErrorCode::InvalidRequest,
                    format!(
                        "{} still refer{} to them: remove the references too, or keep them",
                        names.join(", "),
                        if names.len() == 1 { "s" } else { "" }
                    ),
                ));
            }
        }
        let (schema, mut value) = self.designable(path)?;
        let mut order: Vec<trellis_core::Pointer> =
            ids.iter().map(|i| pointer(i)).collect::<Result<_, _>>()?;
        // Deleting a list item moves the ones after it: the last ones go first.
        order.sort_by(|a, b| pointer_order(b, a));
        order.dedup();
        let mut edits = Vec::new();
        for p in &order {
            let deleted = trellis_schema::Design::new(&schema, &value)
                .delete(p, trellis_schema::DeleteMode::RemoveReferences)
                .map_err(refused)?;
            for e in &deleted.edits {
                trellis_core::model::apply(&mut value, e)
                    .map_err(|m| error(ErrorCode::Internal, m))?;
            }
            edits.extend(deleted.edits);
        }
        self.apply_design(path, &edits)
    }

    /// The components a reference field may name now (what the canvas lights up while a
    /// wire is dragged from that port), and the others with why not.
    pub fn targets(
        &mut self,
        path: &str,
        field: &str,
    ) -> Result<trellis_protocol::TargetsDto, ApiError> {
        let (schema, value) = self.designable(path)?;
        let t = trellis_schema::Design::new(&schema, &value)
            .targets(&pointer(field)?)
            .map_err(refused)?;
        Ok(trellis_protocol::TargetsDto {
            field: field.to_string(),
            valid: t.valid.iter().map(|v| v.pointer.to_string()).collect(),
            refused: t
                .refused
                .iter()
                .map(|r| (r.target.pointer.to_string(), r.reason.clone()))
                .collect(),
        })
    }

    /// Makes the reference field `field` name the component `target`, as one undoable
    /// step; refused with the reason when the target's kind does not fit.
    pub fn connect(
        &mut self,
        path: &str,
        field: &str,
        target: &str,
    ) -> Result<trellis_protocol::DocumentDto, ApiError> {
        let (schema, value) = self.designable(path)?;
        let connected = trellis_schema::Design::new(&schema, &value)
            .connect(&pointer(field)?, &pointer(target)?)
            .map_err(refused)?;
        self.apply_design(path, &connected.edits)
    }

    /// Removes exactly the reference written at `reference` (an edge's field).
    pub fn disconnect(
        &mut self,
        path: &str,
        reference: &str,
    ) -> Result<trellis_protocol::DocumentDto, ApiError> {
        let (schema, value) = self.designable(path)?;
        let gone = trellis_schema::Design::new(&schema, &value)
            .disconnect(&pointer(reference)?)
            .map_err(refused)?;
        self.apply_design(path, &gone.edits)
    }

    /// The inspector's form of the component at `id`, with its ports.
    pub fn component_form(
        &mut self,
        path: &str,
        id: &str,
    ) -> Result<trellis_protocol::FormDto, ApiError> {
        let (schema, value) = self.designable(path)?;
        let form = trellis_schema::Design::new(&schema, &value)
            .form(&pointer(id)?)
            .map_err(refused)?;
        let field = form_field(&form.field);
        let ports = match &field.input {
            trellis_protocol::InputDto::Object { fields, extra, .. } => fields
                .iter()
                .chain(extra)
                .filter_map(|f| match &f.input {
                    trellis_protocol::InputDto::Reference {
                        to,
                        multiple,
                        current,
                        ..
                    } => Some(trellis_protocol::PortDto {
                        field: f.pointer.clone(),
                        label: f.key.clone().unwrap_or_else(|| f.title.clone()),
                        kinds: to.clone(),
                        multiple: *multiple,
                        current: current.clone(),
                    }),
                    _ => None,
                })
                .collect(),
            _ => Vec::new(),
        };
        Ok(trellis_protocol::FormDto {
            pointer: form.pointer.to_string(),
            variant: form.variant.map(|v| trellis_protocol::FormVariantDto {
                field: v.field,
                current: v.current,
                options: v.options,
            }),
            field,
            ports,
        })
    }
}

// ------------------------------------------------------------------ copy, paste, duplicate

fn pointers(ids: &[String]) -> Result<Vec<trellis_core::Pointer>, ApiError> {
    ids.iter().map(|id| pointer(id)).collect()
}

impl Session {
    /// Copies components (each once) with their values and where their nodes are: what
    /// Ctrl+C puts on the clipboard. Nothing changes.
    pub fn copy_components(
        &mut self,
        path: &str,
        ids: &[String],
    ) -> Result<trellis_protocol::ClipboardDto, ApiError> {
        let (schema, value) = self.designable(path)?;
        let clipboard = trellis_schema::Design::new(&schema, &value)
            .copy(&pointers(ids)?)
            .map_err(refused)?;
        let at = self.node_positions(path)?;
        Ok(trellis_protocol::ClipboardDto {
            pack: clipboard.pack,
            schema: clipboard.schema,
            path: Some(path.to_string()),
            components: clipboard
                .components
                .into_iter()
                .map(|c| trellis_protocol::ClipboardComponentDto {
                    position: at.get(&c.source).copied(),
                    kind: c.kind,
                    collection: c.collection,
                    name: c.name,
                    value: c.value,
                    source: c.source,
                })
                .collect(),
        })
    }

    /// Duplicates components beside their originals, as one undoable step: fresh names,
    /// references between the duplicated components naming the copies, the copies placed
    /// on the canvas a little right of and below their originals.
    pub fn duplicate_components(
        &mut self,
        path: &str,
        ids: &[String],
    ) -> Result<trellis_protocol::ComponentsCreatedDto, ApiError> {
        let (schema, value) = self.designable(path)?;
        let duplicated = trellis_schema::Design::new(&schema, &value)
            .duplicate(&pointers(ids)?)
            .map_err(refused)?;
        let at = self.node_positions(path)?;
        let origins: Vec<Option<(f64, f64)>> = duplicated
            .created
            .iter()
            .map(|c| {
                c.source
                    .as_ref()
                    .and_then(|s| at.get(&s.to_string()).copied())
            })
            .collect();
        self.create_components(path, &duplicated, &origins, &at)
    }

    /// Pastes the clipboard's components into a document (this one or another of the same
    /// schema, in any format), as one undoable step: names kept where free, else fresh ones,
    /// references between them following; each placed beside where its original was.
    /// Refused, with the reason, when the clipboard's kinds are not in this document's
    /// schema.
    pub fn paste_components(
        &mut self,
        path: &str,
        clipboard: &trellis_protocol::ClipboardDto,
    ) -> Result<trellis_protocol::ComponentsCreatedDto, ApiError> {
        let (schema, value) = self.designable(path)?;
        let domain = trellis_schema::Clipboard {
            pack: clipboard.pack.clone(),
            schema: clipboard.schema.clone(),
            components: clipboard
                .components
                .iter()
                .map(|c| trellis_schema::ClipboardComponent {
                    kind: c.kind.clone(),
                    collection: c.collection.clone(),
                    name: c.name.clone(),
                    value: c.value.clone(),
                    source: c.source.clone(),
                })
                .collect(),
        };
        let pasted = trellis_schema::Design::new(&schema, &value)
            .paste(&domain)
            .map_err(refused)?;
        let at = self.node_positions(path)?;
        let same_document = clipboard.path.as_deref() == Some(path);
        let origins: Vec<Option<(f64, f64)>> = clipboard
            .components
            .iter()
            .map(|c| {
                c.position
                    .or_else(|| same_document.then(|| at.get(&c.source).copied()).flatten())
            })
            .collect();
        self.create_components(path, &pasted, &origins, &at)
    }

    /// Applies a paste or duplicate and places each new component `COPY_OFFSET` right of
    /// and below its original's node (further while that spot is taken), in one step.
    fn create_components(
        &mut self,
        path: &str,
        pasted: &trellis_schema::Pasted,
        origins: &[Option<(f64, f64)>],
        nodes: &BTreeMap<String, (f64, f64)>,
    ) -> Result<trellis_protocol::ComponentsCreatedDto, ApiError> {
        let document = self.apply_design(path, &pasted.edits)?;
        let mut taken: Vec<(f64, f64)> = nodes.values().copied().collect();
        let mut placed = BTreeMap::new();
        for (c, origin) in pasted.created.iter().zip(origins) {
            let Some((x, y)) = origin else {
                continue;
            };
            let (mut x, mut y) = (x + COPY_OFFSET, y + COPY_OFFSET);
            let near =
                |a: &(f64, f64), x: f64, y: f64| (a.0 - x).abs() < 1.0 && (a.1 - y).abs() < 1.0;
            while taken.iter().any(|a| near(a, x, y)) {
                x += COPY_OFFSET;
                y += COPY_OFFSET;
            }
            taken.push((x, y));
            placed.insert(c.pointer.to_string(), Some(Position { x, y }));
        }
        if !placed.is_empty() {
            let root = self.current()?.root.clone();
            let change = layout_change(&read_sidecar(&root, path), placed);
            set_positions(&root, path, &change.after)?;
            self.settled_history(path)?.attach_layout(change);
        }
        Ok(trellis_protocol::ComponentsCreatedDto {
            document,
            ids: pasted
                .created
                .iter()
                .map(|c| c.pointer.to_string())
                .collect(),
            created: pasted
                .created
                .iter()
                .map(|c| trellis_protocol::CreatedComponentDto {
                    id: c.pointer.to_string(),
                    kind: c.kind.clone(),
                    name: c.name.clone(),
                    from_name: c.from_name.clone(),
                    source: c.source.as_ref().map(ToString::to_string),
                })
                .collect(),
            notes: pasted.notes.clone(),
        })
    }
}

/// Orders pointers token by token, list indices by number.
fn pointer_order(a: &trellis_core::Pointer, b: &trellis_core::Pointer) -> std::cmp::Ordering {
    for (x, y) in a.tokens().iter().zip(b.tokens()) {
        let o = match (x.parse::<usize>(), y.parse::<usize>()) {
            (Ok(i), Ok(j)) => i.cmp(&j),
            _ => x.cmp(y),
        };
        if o != std::cmp::Ordering::Equal {
            return o;
        }
    }
    a.tokens().len().cmp(&b.tokens().len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nodes_show_short_values_and_mask_secrets() {
        let model = trellis_schema::Model::default();
        let at = |p: &str| trellis_core::Pointer::parse(p).unwrap();
        let show = |p: &str, v: Value| shown(&model, &at(p), &v);
        assert_eq!(
            show("/s/web/image", Value::from("nginx:1.27")).unwrap(),
            "nginx:1.27"
        );
        // A literal in a field named like a secret, and a key by its shape anywhere.
        assert_eq!(
            show("/p/x/api_key", Value::from("sk-live-123")).unwrap(),
            "11 characters"
        );
        let key = format!("sk-proj-{}", "a1B2c3D4e5".repeat(4));
        let masked = show("/p/x/note", Value::from(key.clone())).unwrap();
        assert!(!masked.contains(&key[8..]), "{masked}");
        // References to variables are shown.
        assert_eq!(
            show("/p/x/api_key", Value::from("${OPENAI_API_KEY}")).unwrap(),
            "${OPENAI_API_KEY}"
        );
        assert_eq!(
            show("/a/x/prompt", Value::from("first line\nsecond")).unwrap(),
            "first line…"
        );
        let long = "x".repeat(40);
        assert_eq!(
            show("/a/x/s", Value::from(long)).unwrap().chars().count(),
            SHOWN_CHARS
        );
        assert!(show("/a/x/list", serde_json::json!([1])).is_none());
    }
}
