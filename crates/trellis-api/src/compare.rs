//! Comparing two versions of a document as data (`trellis diff`, the diff views).

use std::path::Path;
use std::time::Duration;

use serde_json::Value;
use trellis_core::{Document, Pointer};
use trellis_diff::{diff, json_patch, summary, text_diff, Change, ChangeKind, LineTag, Options};
use trellis_protocol::{
    ApiError, ChangeDto, ComparisonDto, DiffLineDto, HunkDto, StructuralDiffDto, TextDiffDto,
};

use crate::load;

/// Lines of context around each hunk of a text diff.
const CONTEXT: usize = 3;
/// How long a text diff may refine its result (huge or completely different texts).
const TEXT_TIMEOUT: Duration = Duration::from_secs(2);

/// Compares two files, of any of the three formats (also across formats).
pub fn diff_files(old: &Path, new: &Path) -> Result<StructuralDiffDto, ApiError> {
    // The two files are read and parsed at the same time.
    let read = |path: &Path| load(path, &path.display().to_string()).map(Document::into_value);
    let (old_value, new_value) = std::thread::scope(|scope| {
        let other = scope.spawn(|| read(new));
        let old_value = read(old);
        let new_value = other.join().unwrap_or_else(|_| {
            Err(crate::convert::error(
                trellis_protocol::ErrorCode::Internal,
                "reading the newer file failed",
            ))
        });
        (old_value, new_value)
    });
    Ok(diff_values(&old_value?, &new_value?))
}

/// The key of an agent stack's environment overlays.
const OVERLAYS: &str = "environments";

/// A document's data with one environment's overrides merged over it (`None`: the base
/// alone), without the overlays themselves, written out: (label, text).
pub fn environment(doc: &Document, name: Option<&str>) -> Result<(String, String), ApiError> {
    let value = doc.value();
    let overlays = value.get(OVERLAYS).and_then(Value::as_object);
    let mut merged = match name {
        None => value.clone(),
        Some(name) => {
            let Some(overlay) = overlays.and_then(|o| o.get(name)) else {
                let known: Vec<&str> = overlays
                    .map(|o| o.keys().map(String::as_str).collect())
                    .unwrap_or_default();
                return Err(crate::convert::error(
                    trellis_protocol::ErrorCode::NotFound,
                    format!(
                        "no environment {name:?} (this document has: {})",
                        if known.is_empty() {
                            "none".to_string()
                        } else {
                            known.join(", ")
                        }
                    ),
                ));
            };
            let empty = Value::Object(Default::default());
            trellis_schema::merge(&value, overlay.get("overrides").unwrap_or(&empty))
        }
    };
    if let Value::Object(map) = &mut merged {
        map.shift_remove(OVERLAYS);
    }
    let text = match doc.format() {
        trellis_core::Format::Json => {
            serde_json::to_string_pretty(&merged).expect("JSON values serialise") + "\n"
        }
        _ => serde_yaml::to_string(&merged).map_err(|e| {
            crate::convert::error(trellis_protocol::ErrorCode::Internal, e.to_string())
        })?,
    };
    let label = match name {
        None => "Base (no overlay)".to_string(),
        Some(name) => format!("Environment {name}"),
    };
    Ok((label, text))
}

/// Two versions of a document, owned, to compare away from the session's lock.
pub struct CompareJob {
    pub path: String,
    /// (label, text, format) of each side.
    pub old: (String, String, trellis_core::Format),
    pub new: (String, String, trellis_core::Format),
    /// The document's schema, to draw the components of the newer side.
    pub schema: Option<std::sync::Arc<trellis_schema::Schema>>,
}

impl CompareJob {
    pub fn run(self) -> ComparisonDto {
        compare_texts(
            &self.path,
            (&self.old.0, &self.old.1, self.old.2),
            (&self.new.0, &self.new.1, self.new.2),
            self.schema.as_deref(),
        )
    }
}

/// Both sides' components in one drawing: the newer side's graph plus, as ghosts, the
/// components and references only the older side had, laid out together (the older side's
/// layout seeds the positions, so a comparison looks like the file it started from). Each
/// component and reference is marked with what the structural diff changed: `added`,
/// `removed` or `changed` (a changed field inside a component; a reference whose field
/// changed).
fn graph_diff(
    schema: &trellis_schema::Schema,
    old: &Value,
    new: &Value,
    structure: &StructuralDiffDto,
) -> Option<trellis_protocol::GraphDto> {
    use std::collections::HashSet;
    use trellis_graph::Graph;
    use trellis_protocol::{GraphDto, GraphEdgeDto, GraphNodeDto};
    let new_model = trellis_schema::Model::read(schema.walk(), new);
    let old_model = trellis_schema::Model::read(schema.walk(), old);
    if new_model.components.is_empty() && old_model.components.is_empty() {
        return None;
    }
    let old_graph = Graph::from_model(&old_model);
    let new_graph = Graph::from_model(&new_model);
    let in_new: HashSet<&str> = new_graph.nodes.iter().map(|n| n.id.as_str()).collect();
    let in_old: HashSet<&str> = old_graph.nodes.iter().map(|n| n.id.as_str()).collect();
    let link = |e: &trellis_graph::Edge| (e.from.clone(), e.to.clone());
    let new_links: HashSet<(String, String)> = new_graph.edges.iter().map(link).collect();
    let old_links: HashSet<(String, String)> = old_graph.edges.iter().map(link).collect();
    let removed_nodes: Vec<trellis_graph::Node> = old_graph
        .nodes
        .iter()
        .filter(|n| !in_new.contains(n.id.as_str()))
        .cloned()
        .collect();
    let removed_edges: Vec<trellis_graph::Edge> = old_graph
        .edges
        .iter()
        .filter(|e| !new_links.contains(&link(e)))
        .cloned()
        .collect();
    let union = Graph::from_parts(
        new_graph
            .nodes
            .iter()
            .cloned()
            .chain(removed_nodes)
            .collect(),
        new_graph
            .edges
            .iter()
            .cloned()
            .chain(removed_edges)
            .collect(),
        Vec::new(),
    );
    let layout = union.layout_with(Some(&old_graph.layout()));

    let within = |p: &str, node: &str| p == node || p.starts_with(&format!("{node}/"));
    let node_status = |id: &str| {
        if !in_new.contains(id) {
            return Some("removed");
        }
        if !in_old.contains(id) {
            return Some("added");
        }
        let changed = structure
            .changes
            .iter()
            .any(|c| within(&c.pointer, id) || c.from.as_deref().is_some_and(|f| within(f, id)));
        changed.then_some("changed")
    };
    let nodes = layout
        .nodes
        .iter()
        .filter_map(|p| {
            let n = union.node(&p.id)?;
            Some(GraphNodeDto {
                id: n.id.clone(),
                kind: n.kind.clone(),
                name: n.name.clone(),
                x: p.x,
                y: p.y,
                w: p.w,
                h: p.h,
                status: node_status(&n.id).map(str::to_string),
            })
        })
        .collect();
    let in_cycle: HashSet<&str> = new_graph
        .cycles
        .iter()
        .flatten()
        .map(String::as_str)
        .collect();
    let edges = layout
        .edges
        .iter()
        .map(|e| {
            let key = (e.from.clone(), e.to.clone());
            let status = if !new_links.contains(&key) {
                Some("removed")
            } else if !old_links.contains(&key) {
                Some("added")
            } else {
                let field_changed = new_graph
                    .edges
                    .iter()
                    .filter(|g| g.from == e.from && g.to == e.to)
                    .any(|g| {
                        structure
                            .changes
                            .iter()
                            .any(|c| within(&g.field, &c.pointer) || within(&c.pointer, &g.field))
                    });
                field_changed.then_some("changed")
            };
            GraphEdgeDto {
                from: e.from.clone(),
                to: e.to.clone(),
                points: e.points.clone(),
                cycle: status != Some("removed")
                    && in_cycle.contains(e.from.as_str())
                    && in_cycle.contains(e.to.as_str()),
                status: status.map(str::to_string),
            }
        })
        .collect();
    let removed = old_graph
        .nodes
        .iter()
        .filter(|n| !in_new.contains(n.id.as_str()))
        .map(|n| n.id.trim_start_matches('/').to_string())
        .collect();
    Some(GraphDto {
        nodes,
        edges,
        bounds: layout.bounds(),
        removed,
    })
}

/// Compares two texts: line by line, and as data when both parse (each in its format);
/// with a schema, also the newer side's component graph marked with the changes.
pub fn compare_texts(
    path: &str,
    (old_label, old_text, old_format): (&str, &str, trellis_core::Format),
    (new_label, new_text, new_format): (&str, &str, trellis_core::Format),
    schema: Option<&trellis_schema::Schema>,
) -> ComparisonDto {
    let text = text_dto(old_text, new_text);
    let old_doc = Document::parse(old_text.to_string(), old_format).ok();
    let new_doc = Document::parse(new_text.to_string(), new_format).ok();
    let mut graph = None;
    let structure = old_doc.zip(new_doc).map(|(old, new)| {
        let (old_value, new_value) = (old.value(), new.value());
        let mut result = diff_values(&old_value, &new_value);
        for change in &mut result.changes {
            let (old_at, new_at) = match change.kind.as_str() {
                "removed" => (Some(change.pointer.as_str()), None),
                "added" => (None, Some(change.pointer.as_str())),
                _ => (
                    Some(change.from.as_deref().unwrap_or(&change.pointer)),
                    Some(change.pointer.as_str()),
                ),
            };
            change.old_line = old_at.and_then(|p| line_of(&old, p));
            change.new_line = new_at.and_then(|p| line_of(&new, p));
        }
        if let Some(schema) = schema {
            graph = graph_diff(schema, &old_value, &new_value, &result);
        }
        result
    });
    ComparisonDto {
        path: path.to_string(),
        old_label: old_label.to_string(),
        new_label: new_label.to_string(),
        text,
        structure,
        graph,
    }
}

/// The line where the value at `pointer` starts (its key's line for a map entry).
fn line_of(doc: &Document, pointer: &str) -> Option<u32> {
    let pointer = Pointer::parse(pointer).ok()?;
    let tree = doc.tree();
    let node = doc.locate(&pointer)?.node;
    // A map entry starts at its key.
    let key_span = tree
        .node(node)
        .parent
        .and_then(|parent| match &tree.node(parent).kind {
            trellis_core::NodeKind::Map(entries) => {
                entries.iter().find(|e| e.value == node).map(|e| e.key_span)
            }
            _ => None,
        });
    Some(
        doc.span_start(key_span.unwrap_or(tree.node(node).span))
            .line,
    )
}

/// A unified diff of two versions of `name` (`a/name`, `b/name`).
pub fn unified(old: &str, new: &str, name: &str) -> String {
    text_diff(old, new, CONTEXT, TEXT_TIMEOUT).unified(&format!("a/{name}"), &format!("b/{name}"))
}

pub(crate) fn text_dto(old: &str, new: &str) -> TextDiffDto {
    let d = text_diff(old, new, CONTEXT, TEXT_TIMEOUT);
    let hunks = d
        .hunks
        .into_iter()
        .map(|h| HunkDto {
            old_start: h.old_start,
            old_len: h.old_len,
            new_start: h.new_start,
            new_len: h.new_len,
            lines: h
                .lines
                .into_iter()
                .map(|l| DiffLineDto {
                    tag: match l.tag {
                        LineTag::Equal => "equal",
                        LineTag::Delete => "delete",
                        LineTag::Insert => "insert",
                    }
                    .to_string(),
                    old_line: l.old_line,
                    new_line: l.new_line,
                    parts: l
                        .parts
                        .into_iter()
                        .map(|p| (p.text, p.emphasized))
                        .collect(),
                })
                .collect(),
        })
        .collect();
    TextDiffDto {
        hunks,
        added: d.added,
        removed: d.removed,
        complete: d.complete,
        old_lines: old.lines().count() as u32,
        new_lines: new.lines().count() as u32,
    }
}

/// Compares two values: the changes, their summary and the JSON Patch.
pub fn diff_values(old: &Value, new: &Value) -> StructuralDiffDto {
    let options = Options::default();
    let changes = diff(old, new, &options);
    let patch = json_patch(old, new, &options)
        .into_iter()
        .map(|op| serde_json::to_value(op).expect("patch operations serialise"))
        .collect();
    StructuralDiffDto {
        equal: changes.is_empty(),
        summary: summary(&changes),
        changes: changes.into_iter().map(dto).collect(),
        patch,
    }
}

fn dto(c: Change) -> ChangeDto {
    let kind = match c.kind {
        ChangeKind::Added => "added",
        ChangeKind::Removed => "removed",
        ChangeKind::Changed => "changed",
        ChangeKind::Moved => "moved",
    };
    ChangeDto {
        kind: kind.to_string(),
        old_line: None,
        new_line: None,
        pointer: c.pointer,
        from: c.from,
        old: c.old,
        new: c.new,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use trellis_core::Format;

    fn agent_stack() -> trellis_schema::Schema {
        let pack = trellis_schema::Packs::builtin()
            .get("agent-stack")
            .expect("the agent-stack pack is built in")
            .clone();
        trellis_schema::Schema::from_pack(pack, &Default::default()).expect("the pack compiles")
    }

    const OLD: &str = "version: 1\nname: t\nproviders:\n  openai: {type: openai, api_key: '${OPENAI_API_KEY}'}\nmodels:\n  fast: {provider: openai, name: gpt-4o-mini}\n  big: {provider: openai, name: gpt-4o}\nagents:\n  writer: {model: fast}\n  editor: {model: big}\n";
    const NEW: &str = "version: 1\nname: t\nproviders:\n  openai: {type: openai, api_key: '${OPENAI_API_KEY}'}\nmodels:\n  fast: {provider: openai, name: gpt-4o-mini, temperature: 0.2}\n  big: {provider: openai, name: gpt-4o}\nagents:\n  writer: {model: big}\n  researcher: {model: fast}\n";

    #[test]
    fn the_graph_diff_draws_both_sides_and_marks_every_change() {
        let schema = agent_stack();
        let c = compare_texts(
            "stack.yaml",
            ("old", OLD, Format::Yaml),
            ("new", NEW, Format::Yaml),
            Some(&schema),
        );
        let graph = c.graph.expect("an agent stack has a graph");
        let status = |id: &str| {
            graph
                .nodes
                .iter()
                .find(|n| n.id == id)
                .unwrap_or_else(|| panic!("{id} is drawn: {:?}", graph.nodes))
                .status
                .clone()
        };
        assert_eq!(status("/agents/editor").as_deref(), Some("removed"));
        assert_eq!(status("/agents/researcher").as_deref(), Some("added"));
        assert_eq!(status("/agents/writer").as_deref(), Some("changed"));
        assert_eq!(status("/models/fast").as_deref(), Some("changed"));
        assert_eq!(status("/models/big"), None);
        assert_eq!(status("/providers/openai"), None);
        assert_eq!(graph.removed, ["agents/editor"]);

        let edge = |from: &str, to: &str| {
            graph
                .edges
                .iter()
                .find(|e| e.from == from && e.to == to)
                .map(|e| e.status.clone())
        };
        assert_eq!(
            edge("/agents/writer", "/models/fast"),
            Some(Some("removed".into()))
        );
        assert_eq!(
            edge("/agents/writer", "/models/big"),
            Some(Some("added".into()))
        );
        assert_eq!(
            edge("/agents/editor", "/models/big"),
            Some(Some("removed".into()))
        );
        assert_eq!(
            edge("/agents/researcher", "/models/fast"),
            Some(Some("added".into()))
        );
        assert_eq!(edge("/models/big", "/providers/openai"), Some(None));
        // Ghosts are laid out with the rest: no two components overlap.
        for (i, a) in graph.nodes.iter().enumerate() {
            for b in &graph.nodes[i + 1..] {
                let apart =
                    a.x + a.w <= b.x || b.x + b.w <= a.x || a.y + a.h <= b.y || b.y + b.h <= a.y;
                assert!(apart, "{} overlaps {}", a.id, b.id);
            }
        }
    }
}
