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

#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
struct Position {
    x: f64,
    y: f64,
}

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

/// A value as a node shows it: short, one line; secrets masked.
fn shown(key: &str, value: &Value) -> Option<String> {
    let text = match value {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Bool(b) => b.to_string(),
        _ => return None,
    };
    let lower = key.to_ascii_lowercase();
    let secret = ["key", "token", "password", "secret"]
        .iter()
        .any(|w| lower.contains(w));
    if secret && !text.starts_with("${") {
        return Some("••••••".to_string());
    }
    let line = text.lines().next().unwrap_or_default();
    if line.chars().count() > SHOWN_CHARS || line.len() < text.len() {
        let cut: String = line.chars().take(SHOWN_CHARS - 1).collect();
        Some(format!("{cut}…"))
    } else {
        Some(line.to_string())
    }
}

fn key_fields(value: Option<&Value>) -> Vec<(String, String)> {
    let Some(Value::Object(map)) = value else {
        return Vec::new();
    };
    map.iter()
        .filter_map(|(k, v)| shown(k, v).map(|text| (k.clone(), text)))
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
    /// The graph of an open document's components, from the schema its validation found
    /// (found now if it has not run yet), or `None` when there is none or the text does not
    /// parse.
    fn component_graph(&mut self, path: &str) -> Result<Option<(Graph, Value, String)>, ApiError> {
        if self.document_mut(path)?.found_schema.is_none() {
            // Finds the schema (and records it) without validating.
            self.validation_job(path)?;
        }
        let open = self.document_mut(path)?;
        let (Content::Parsed(doc), Some(schema)) = (&open.content, open.found_schema.clone())
        else {
            return Ok(None);
        };
        let value = doc.value();
        let model = trellis_schema::Model::read(schema.walk(), &value);
        if model.components.is_empty() {
            return Ok(None);
        }
        let pack = schema
            .pack
            .as_ref()
            .map(|p| p.id.clone())
            .unwrap_or_else(|| "custom".to_string());
        Ok(Some((Graph::from_model(&model), value, pack)))
    }

    /// The canvas's picture of an open document.
    pub fn design(&mut self, path: &str) -> Result<DesignDto, ApiError> {
        let Some((graph, value, pack)) = self.component_graph(path)? else {
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
                    fields: key_fields(value.pointer(&n.pointer)),
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

    /// Records where the user put components (the layout sidecar; the file is not touched).
    /// Positions of components that no longer exist are dropped.
    pub fn move_components(&mut self, path: &str, moves: &[NodeMoveDto]) -> Result<(), ApiError> {
        if let Some(bad) = moves.iter().find(|m| !(m.x.is_finite() && m.y.is_finite())) {
            return Err(error(
                ErrorCode::InvalidRequest,
                format!("{} cannot move to ({}, {})", bad.id, bad.x, bad.y),
            ));
        }
        let known: std::collections::HashSet<String> = match self.component_graph(path)? {
            Some((graph, _, _)) => graph.nodes.into_iter().map(|n| n.id).collect(),
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
        sidecar.version = 1;
        sidecar.positions.retain(|id, _| known.contains(id));
        for m in moves {
            sidecar
                .positions
                .insert(m.id.clone(), Position { x: m.x, y: m.y });
        }
        write_sidecar(&root, path, &sidecar)
    }

    /// What the component `id` depends on and what depends on it, directly or not.
    pub fn impact(&mut self, path: &str, id: &str) -> Result<ImpactDto, ApiError> {
        let Some((graph, _, _)) = self.component_graph(path)? else {
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nodes_show_short_values_and_mask_secrets() {
        assert_eq!(
            shown("image", &Value::from("nginx:1.27")).unwrap(),
            "nginx:1.27"
        );
        assert_eq!(
            shown("api_key", &Value::from("sk-live-123")).unwrap(),
            "••••••"
        );
        assert_eq!(
            shown("api_key", &Value::from("${OPENAI_API_KEY}")).unwrap(),
            "${OPENAI_API_KEY}"
        );
        assert_eq!(
            shown("prompt", &Value::from("first line\nsecond")).unwrap(),
            "first line…"
        );
        let long = "x".repeat(40);
        assert_eq!(
            shown("s", &Value::from(long)).unwrap().chars().count(),
            SHOWN_CHARS
        );
        assert!(shown("list", &serde_json::json!([1])).is_none());
    }
}
