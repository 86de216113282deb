//! Domain types to protocol DTOs: the only place that knows both.

use trellis_core::{Document, EditError, EditOp, LoadError, NodeId, NodeKind, Pointer};
use trellis_protocol::{ApiError, EditRequest, ErrorCode, Location, OutlineNode, ValueKind};

/// Outlines of very large documents stop after this many nodes; the source view still shows
/// everything.
pub const OUTLINE_LIMIT: usize = 20_000;

pub fn error(code: ErrorCode, message: impl Into<String>) -> ApiError {
    ApiError {
        code,
        message: message.into(),
        location: None,
    }
}

pub fn io_error(path: &str, e: std::io::Error) -> ApiError {
    error(ErrorCode::Io, format!("{path}: {e}"))
}

pub fn load_error(file: &str, e: &LoadError) -> ApiError {
    let code = match e {
        LoadError::TooLarge { .. } => ErrorCode::TooLarge,
        LoadError::InvalidUtf8 { .. } | LoadError::Syntax(_) => ErrorCode::Parse,
    };
    let message = match e {
        LoadError::Syntax(p) => p.message.clone(),
        LoadError::InvalidUtf8 { byte, .. } => {
            format!("invalid UTF-8 (byte 0x{byte:02x}); Trellis reads configuration files as UTF-8")
        }
        other => other.to_string(),
    };
    let location = e.position().map(|p| Location {
        file: file.to_string(),
        line: p.line,
        column: p.column,
    });
    ApiError {
        code,
        message,
        location,
    }
}

pub fn edit_error(e: EditError) -> ApiError {
    let code = match &e {
        EditError::Pointer(_) | EditError::Invalid { .. } => ErrorCode::InvalidRequest,
        EditError::NotFound(_) => ErrorCode::NotFound,
        EditError::Unsupported(_) => ErrorCode::Unsupported,
        EditError::Verification(_) => ErrorCode::Internal,
    };
    error(code, e.to_string())
}

pub fn pointer(text: &str) -> Result<Pointer, ApiError> {
    Pointer::parse(text).map_err(|e| error(ErrorCode::InvalidRequest, e.to_string()))
}

pub fn edit_op(request: EditRequest) -> Result<EditOp, ApiError> {
    Ok(match request {
        EditRequest::Set { pointer: p, value } => EditOp::Set {
            path: pointer(&p)?,
            value,
        },
        EditRequest::Add { pointer: p, value } => EditOp::Add {
            path: pointer(&p)?,
            value,
        },
        EditRequest::Remove { pointer: p } => EditOp::Remove { path: pointer(&p)? },
        EditRequest::Rename {
            pointer: p,
            new_key,
        } => EditOp::Rename {
            path: pointer(&p)?,
            new_key,
        },
        EditRequest::Move { pointer: p, to } => EditOp::Move {
            path: pointer(&p)?,
            to,
        },
    })
}

/// The wire form of an edit (quick fixes travel to the UI and come back as requests).
pub fn request_from_op(op: &EditOp) -> EditRequest {
    match op {
        EditOp::Set { path, value } => EditRequest::Set {
            pointer: path.to_string(),
            value: value.clone(),
        },
        EditOp::Add { path, value } => EditRequest::Add {
            pointer: path.to_string(),
            value: value.clone(),
        },
        EditOp::Remove { path } => EditRequest::Remove {
            pointer: path.to_string(),
        },
        EditOp::Rename { path, new_key } => EditRequest::Rename {
            pointer: path.to_string(),
            new_key: new_key.clone(),
        },
        EditOp::Move { path, to } => EditRequest::Move {
            pointer: path.to_string(),
            to: *to,
        },
    }
}

/// The outline of a document with nothing to show (one that does not parse).
pub fn nothing() -> OutlineNode {
    OutlineNode {
        pointer: String::new(),
        key: None,
        kind: ValueKind::Null,
        value: None,
        line: 1,
        column: 1,
        start: 0,
        end: 0,
        len: 0,
        children: Vec::new(),
    }
}

/// The structured view of a document, bounded by [`OUTLINE_LIMIT`]. Returns the outline and
/// whether it was cut short.
pub fn outline(doc: &Document) -> (OutlineNode, bool) {
    let mut budget = OUTLINE_LIMIT;
    let tree = doc.tree();
    let root = match tree.docs.as_slice() {
        [one] => node_outline(doc, *one, Pointer::root(), None, &mut budget),
        docs => {
            // A YAML stream of several documents (or none) is shown as a list of documents.
            let children = docs
                .iter()
                .enumerate()
                .map(|(i, &d)| {
                    node_outline(
                        doc,
                        d,
                        Pointer::root().join(i.to_string()),
                        Some(i.to_string()),
                        &mut budget,
                    )
                })
                .collect();
            OutlineNode {
                pointer: String::new(),
                key: None,
                kind: if docs.is_empty() {
                    ValueKind::Null
                } else {
                    ValueKind::Array
                },
                value: None,
                line: 1,
                column: 1,
                start: 0,
                end: doc.text().len() as u32,
                len: docs.len() as u32,
                children,
            }
        }
    };
    (root, budget == 0)
}

fn node_outline(
    doc: &Document,
    id: NodeId,
    pointer: Pointer,
    key: Option<String>,
    budget: &mut usize,
) -> OutlineNode {
    *budget = budget.saturating_sub(1);
    let node = doc.tree().node(id);
    let pos = doc.span_start(node.span);
    let (kind, value) = match &node.kind {
        NodeKind::Null => (ValueKind::Null, Some(serde_json::Value::Null)),
        NodeKind::Bool(b) => (ValueKind::Bool, Some((*b).into())),
        NodeKind::Number(_) => (
            ValueKind::Number,
            Some(trellis_core::to_json(doc.tree(), id)),
        ),
        NodeKind::String(s) => (ValueKind::String, Some(s.clone().into())),
        NodeKind::Seq(_) => (ValueKind::Array, None),
        NodeKind::Map(_) => (ValueKind::Object, None),
        NodeKind::Alias { name, .. } => (ValueKind::Alias, Some(name.clone().into())),
    };
    let all = doc.tree().children(id);
    let len = all.len() as u32;
    let mut children = Vec::new();
    for (i, (k, child)) in all.into_iter().enumerate() {
        if *budget == 0 {
            break;
        }
        let token = k.map_or_else(|| i.to_string(), str::to_string);
        children.push(node_outline(
            doc,
            child,
            pointer.join(token.clone()),
            Some(token),
            budget,
        ));
    }
    OutlineNode {
        pointer: pointer.to_string(),
        key,
        kind,
        value,
        line: pos.line,
        column: pos.column,
        start: node.span.start,
        end: node.span.end,
        len,
        children,
    }
}
