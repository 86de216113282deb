//! A change list in words: "agents: added researcher; models.gpt4o.temperature 0.7 → 0.2".

use serde_json::Value;

use crate::structural::{Change, ChangeKind};

/// How many lines [`summary`] shows before "… and N more".
const SHOWN: usize = 12;
/// Values longer than this are cut in the summary.
const VALUE_CHARS: usize = 40;

/// One line per group of changes: additions and removals under the same parent are listed
/// together by name; a changed value shows old → new.
pub fn summary_lines(changes: &[Change]) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    // (kind, parent) of the last line, to extend it with the next name.
    let mut last: Option<(ChangeKind, String)> = None;
    for change in changes {
        let (parent, name) = split(&change.pointer);
        match change.kind {
            ChangeKind::Added | ChangeKind::Removed => {
                let verb = if change.kind == ChangeKind::Added {
                    "added"
                } else {
                    "removed"
                };
                let label = item_label(&name, change.new.as_ref().or(change.old.as_ref()));
                let group = (change.kind, parent.clone());
                if last.as_ref() == Some(&group) {
                    if let Some(line) = lines.last_mut() {
                        line.push_str(", ");
                        line.push_str(&label);
                    }
                } else {
                    lines.push(format!("{}: {verb} {label}", path(&parent)));
                    last = Some(group);
                }
                continue;
            }
            ChangeKind::Changed => lines.push(format!(
                "{} {} → {}",
                path(&change.pointer),
                show(change.old.as_ref()),
                show(change.new.as_ref())
            )),
            ChangeKind::Moved => {
                let from = change.from.as_deref().unwrap_or_default();
                let (from_parent, from_name) = split(from);
                if from_parent == parent && !is_index(&name) {
                    lines.push(format!("{}: renamed {from_name} to {name}", path(&parent)));
                } else if from_parent == parent && from_name == name {
                    lines.push(format!("{}: reordered around item {name}", path(&parent)));
                } else if from_parent == parent {
                    lines.push(format!(
                        "{}: moved item {from_name} to position {name}",
                        path(&parent)
                    ));
                } else {
                    lines.push(format!("{} moved to {}", path(from), path(&change.pointer)));
                }
            }
        }
        last = None;
    }
    lines
}

/// At most [`SHOWN`] of [`summary_lines`], then "… and N more" for the rest.
pub fn summary_shown(changes: &[Change]) -> Vec<String> {
    let mut lines = summary_lines(changes);
    if lines.len() > SHOWN {
        let more = lines.len() - SHOWN;
        lines.truncate(SHOWN);
        lines.push(format!("… and {more} more"));
    }
    lines
}

/// The change list in one line ([`summary_shown`] joined); "no changes" when empty.
pub fn summary(changes: &[Change]) -> String {
    let lines = summary_shown(changes);
    if lines.is_empty() {
        return "no changes".to_string();
    }
    lines.join("; ")
}

/// The parent pointer and the unescaped last token.
fn split(pointer: &str) -> (String, String) {
    match pointer.rfind('/') {
        Some(i) => (
            pointer[..i].to_string(),
            pointer[i + 1..].replace("~1", "/").replace("~0", "~"),
        ),
        None => (String::new(), String::new()),
    }
}

fn is_index(token: &str) -> bool {
    !token.is_empty() && token.bytes().all(|b| b.is_ascii_digit())
}

/// A pointer as a dotted path: `/models/gpt4o/temperature` → `models.gpt4o.temperature`,
/// list positions as `[i]`.
fn path(pointer: &str) -> String {
    if pointer.is_empty() {
        return "(document)".to_string();
    }
    let mut out = String::new();
    for token in pointer[1..].split('/') {
        let token = token.replace("~1", "/").replace("~0", "~");
        if is_index(&token) {
            out.push_str(&format!("[{token}]"));
        } else {
            if !out.is_empty() {
                out.push('.');
            }
            out.push_str(&token);
        }
    }
    out
}

/// A list item by its identity or short value; a map entry by its key.
fn item_label(name: &str, value: Option<&Value>) -> String {
    if !is_index(name) {
        return name.to_string();
    }
    match value {
        Some(Value::Object(map)) => ["name", "id", "key"]
            .iter()
            .find_map(|k| map.get(*k).and_then(Value::as_str))
            .map_or_else(|| format!("item {name}"), str::to_string),
        Some(v @ (Value::String(_) | Value::Number(_) | Value::Bool(_))) => show(Some(v)),
        _ => format!("item {name}"),
    }
}

fn show(value: Option<&Value>) -> String {
    let text = match value {
        None => return "(none)".to_string(),
        Some(Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
    };
    if text.chars().count() > VALUE_CHARS {
        let cut: String = text.chars().take(VALUE_CHARS - 1).collect();
        format!("{cut}…")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{diff, Options};
    use serde_json::json;

    #[test]
    fn reads_like_a_sentence() {
        let old = json!({
            "agents": {"writer": {"model": "gpt4o"}, "old": {"model": "m", "tools": ["a"]}},
            "models": {"gpt4o": {"temperature": 0.7}},
            "steps": [{"name": "build"}],
            "ports": [80]
        });
        let new = json!({
            "agents": {"writer": {"model": "gpt4o"}, "researcher": {"model": "gpt4o"},
                       "analyst": {"model": "gpt4o"}, "new": {"model": "m", "tools": ["a"]}},
            "models": {"gpt4o": {"temperature": 0.2}},
            "steps": [{"name": "lint"}, {"name": "build"}],
            "ports": [80, 443]
        });
        let changes = diff(&old, &new, &Options::default());
        assert_eq!(
            summary(&changes),
            "agents: added researcher, analyst; agents: renamed old to new; \
             models.gpt4o.temperature 0.7 → 0.2; steps: added lint; ports: added 443"
        );
        assert_eq!(summary(&[]), "no changes");
    }

    #[test]
    fn long_values_and_long_lists_are_cut() {
        let old = json!({"prompt": "a".repeat(100)});
        let new = json!({"prompt": "b"});
        let line = summary(&diff(&old, &new, &Options::default()));
        assert!(
            line.starts_with(&format!("prompt {}…", "a".repeat(39))),
            "{line}"
        );
        let old = json!((0..20)
            .map(|i| (format!("k{i}"), json!(i)))
            .collect::<serde_json::Map<_, _>>());
        let new = json!((0..20)
            .map(|i| (format!("k{i}"), json!(i + 1)))
            .collect::<serde_json::Map<_, _>>());
        assert!(summary(&diff(&old, &new, &Options::default())).ends_with("; … and 8 more"));
    }
}
