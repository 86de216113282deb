//! The functions offered to the model (their JSON Schemas) and how a call runs against
//! [`Tools`]. Arguments arrive with secrets as placeholders; they are restored before the
//! document is touched, and every result is redacted before it is stored.

use serde_json::{json, Value};
use trellis_diff::PatchOp;

use crate::conversation::{check_proposal, Finding, Proposal, Severity, ToolCall, Tools};
use crate::provider::Redactor;

pub(crate) const READ_DOCUMENT: &str = "read_document";
pub(crate) const LIST_KINDS: &str = "list_kinds";
pub(crate) const VALIDATE: &str = "validate";
pub(crate) const PROPOSE_PATCH: &str = "propose_patch";
pub(crate) const EXPLAIN_DIAGNOSTIC: &str = "explain_diagnostic";
pub(crate) const DEPENDENTS: &str = "dependents";

fn patch_schema() -> Value {
    json!({
        "type": "array",
        "description": "RFC 6902 JSON Patch operations over the document's JSON model (a YAML stream of several documents is a list: /0/..., /1/...).",
        "items": {
            "type": "object",
            "properties": {
                "op": {"type": "string", "enum": ["add", "remove", "replace", "move", "copy", "test"]},
                "path": {"type": "string", "description": "JSON Pointer, e.g. /agents/researcher/model"},
                "from": {"type": "string", "description": "JSON Pointer, for move and copy"},
                "value": {"description": "the value, for add, replace and test"}
            },
            "required": ["op", "path"]
        }
    })
}

fn function(name: &str, description: &str, parameters: Value) -> Value {
    json!({
        "type": "function",
        "function": {"name": name, "description": description, "parameters": parameters}
    })
}

/// The `tools` array of a chat-completions request.
pub(crate) fn definitions() -> Value {
    let none = json!({"type": "object", "properties": {}, "additionalProperties": false});
    Value::Array(vec![
        function(
            READ_DOCUMENT,
            "Returns the text of the open configuration document. Secret values appear as placeholders like «secret:1»; keep placeholders exactly as they are when you refer to them.",
            none.clone(),
        ),
        function(
            LIST_KINDS,
            "Lists the kinds of component this configuration may hold, with where each kind lives (a JSON Pointer).",
            none,
        ),
        function(
            VALIDATE,
            "Validates the document after applying a JSON Patch (an empty patch validates the document as it is). Returns whether the patch applies and the findings.",
            json!({
                "type": "object",
                "properties": {"patch": patch_schema()},
                "required": ["patch"]
            }),
        ),
        function(
            PROPOSE_PATCH,
            "Proposes a change to the user as a JSON Patch with a one-sentence summary. It is checked first: it must apply and must not add validation errors. The user sees it as a diff and decides; nothing is applied by you.",
            json!({
                "type": "object",
                "properties": {
                    "summary": {"type": "string", "description": "what the change does, in one sentence"},
                    "patch": patch_schema()
                },
                "required": ["summary", "patch"]
            }),
        ),
        function(
            EXPLAIN_DIAGNOSTIC,
            "Explains a validation finding: what is wrong and which quick fixes exist.",
            json!({
                "type": "object",
                "properties": {
                    "pointer": {"type": "string", "description": "the finding's JSON Pointer"},
                    "code": {"type": "string", "description": "the finding's code, e.g. ref.dangling"}
                },
                "required": ["pointer"]
            }),
        ),
        function(
            DEPENDENTS,
            "Lists the components that depend on a component, directly or through others.",
            json!({
                "type": "object",
                "properties": {
                    "component": {"type": "string", "description": "the component's name or JSON Pointer"}
                },
                "required": ["component"]
            }),
        ),
    ])
}

/// What running one call gave.
pub(crate) enum Outcome {
    /// A result to send back to the model.
    Result(String),
    /// A proposal that passed the gate.
    Accepted(Proposal),
    /// A proposal that did not: why, in words for the model.
    Rejected(String),
    /// The arguments are not valid JSON.
    Malformed(String),
}

fn text_result(value: Value) -> Outcome {
    Outcome::Result(value.to_string())
}

fn arguments(call: &ToolCall) -> Result<Value, String> {
    let text = call.arguments.trim();
    if text.is_empty() {
        return Ok(json!({}));
    }
    serde_json::from_str(text).map_err(|e| e.to_string())
}

fn string_argument<'v>(args: &'v Value, name: &str) -> Option<&'v str> {
    args.get(name).and_then(Value::as_str)
}

/// Parses a `patch` argument, saying which operation is wrong and how.
fn patch_argument(args: &Value) -> Result<Vec<PatchOp>, String> {
    let Some(value) = args.get("patch") else {
        return Err("the `patch` argument is missing: give a list of JSON Patch operations".into());
    };
    let Some(items) = value.as_array() else {
        return Err("the `patch` argument must be a list of JSON Patch operations".into());
    };
    items
        .iter()
        .enumerate()
        .map(|(i, op)| {
            serde_json::from_value::<PatchOp>(op.clone()).map_err(|e| {
                format!("operation {i} of the patch is not a JSON Patch operation: {e}")
            })
        })
        .collect()
}

fn finding_json(f: &Finding) -> Value {
    json!({
        "severity": match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        },
        "code": f.code,
        "message": f.message,
        "pointer": f.pointer,
    })
}

fn count(findings: &[Finding], severity: Severity) -> usize {
    findings.iter().filter(|f| f.severity == severity).count()
}

/// The patch with placeholders restored, or why it cannot be: placeholders the redactor
/// did not hand out would put a made-up value into the document.
fn restored_patch(patch: &[PatchOp], redactor: &Redactor) -> Result<Vec<PatchOp>, String> {
    let text = serde_json::to_string(patch).unwrap_or_default();
    let unknown = redactor.unknown_placeholders(&text);
    if !unknown.is_empty() {
        return Err(format!(
            "the patch uses {}, which {} not a placeholder of this document; keep secret placeholders exactly as read_document shows them",
            unknown.join(", "),
            if unknown.len() == 1 { "is" } else { "are" }
        ));
    }
    Ok(redactor.restore_patch(patch))
}

/// Runs one call. Results and reasons are redacted here (before they are cut to
/// `max_chars`, so a secret is never cut in two), so they are stored without secrets.
pub(crate) fn run(
    call: &ToolCall,
    tools: &dyn Tools,
    redactor: &Redactor,
    max_chars: usize,
) -> Outcome {
    match run_unredacted(call, tools, redactor) {
        Outcome::Result(text) => Outcome::Result(cut(&redactor.redact(&text), max_chars)),
        Outcome::Rejected(reason) => Outcome::Rejected(cut(&redactor.redact(&reason), max_chars)),
        Outcome::Malformed(detail) => Outcome::Malformed(redactor.redact(&detail)),
        accepted @ Outcome::Accepted(_) => accepted,
    }
}

fn run_unredacted(call: &ToolCall, tools: &dyn Tools, redactor: &Redactor) -> Outcome {
    let args = match arguments(call) {
        Ok(args) => args,
        Err(e) => return Outcome::Malformed(e),
    };
    if !args.is_object() {
        return Outcome::Malformed(format!("the arguments must be a JSON object, not {args}"));
    }
    match call.name.as_str() {
        READ_DOCUMENT => Outcome::Result(tools.read_document()),
        LIST_KINDS => text_result(json!({"kinds": tools.list_kinds()})),
        VALIDATE => {
            let patch = match patch_argument(&args).and_then(|p| restored_patch(&p, redactor)) {
                Ok(patch) => patch,
                Err(e) => return text_result(json!({"error": e})),
            };
            match tools.validate(&patch) {
                Ok(findings) => text_result(json!({
                    "applies": true,
                    "errors": count(&findings, Severity::Error),
                    "warnings": count(&findings, Severity::Warning),
                    "findings": findings.iter().map(finding_json).collect::<Vec<_>>(),
                })),
                Err(reason) => text_result(json!({"applies": false, "reason": reason})),
            }
        }
        PROPOSE_PATCH => {
            let summary = string_argument(&args, "summary")
                .unwrap_or("")
                .trim()
                .to_string();
            let patch = match patch_argument(&args).and_then(|p| restored_patch(&p, redactor)) {
                Ok(patch) => patch,
                Err(e) => return Outcome::Rejected(e),
            };
            match check_proposal(tools, &patch) {
                Ok(_) => Outcome::Accepted(Proposal {
                    summary: if summary.is_empty() {
                        "Proposed change".to_string()
                    } else {
                        summary
                    },
                    patch,
                }),
                Err(problem) => Outcome::Rejected(problem.to_string()),
            }
        }
        EXPLAIN_DIAGNOSTIC => {
            let Some(pointer) = string_argument(&args, "pointer") else {
                return text_result(
                    json!({"error": "explain_diagnostic needs `pointer`, a string"}),
                );
            };
            let pointer = redactor.restore(pointer);
            let code = string_argument(&args, "code");
            match tools.explain(&pointer, code) {
                Ok(text) => Outcome::Result(text),
                Err(e) => text_result(json!({"error": e})),
            }
        }
        DEPENDENTS => {
            let Some(component) = string_argument(&args, "component") else {
                return text_result(json!({"error": "dependents needs `component`, a string"}));
            };
            match tools.dependents(&redactor.restore(component)) {
                Ok(names) => text_result(json!({"component": component, "dependents": names})),
                Err(e) => text_result(json!({"error": e})),
            }
        }
        other => text_result(json!({
            "error": format!("there is no tool named `{other}`; the tools are read_document, list_kinds, validate, propose_patch, explain_diagnostic and dependents")
        })),
    }
}

/// `text` cut to at most `max_chars` characters, saying so.
fn cut(text: &str, max_chars: usize) -> String {
    match text.char_indices().nth(max_chars) {
        None => text.to_string(),
        Some((at, _)) => format!(
            "{}\n[cut here: the text has {} characters, only the first {max_chars} are shown]",
            &text[..at],
            text.chars().count()
        ),
    }
}
