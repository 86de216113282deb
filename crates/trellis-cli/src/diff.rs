//! `trellis diff OLD NEW` / `trellis diff FILE --rev A [--rev B]`
//! `[--format text|json-patch|json]`: two versions compared as data.
//!
//! Exit 0 when the data is equal, 1 when it differs, 2 on error.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::ValueEnum;
use serde_json::Value;
use trellis_api::compare::diff_files;
use trellis_protocol::{ChangeDto, StructuralDiffDto};

use crate::print;

#[derive(clap::Args)]
pub struct Args {
    /// The older version (YAML, JSON or TOML), or the file whose revisions to compare.
    old: PathBuf,
    /// The newer version (any of the three formats); not with --rev.
    new: Option<PathBuf>,
    /// Compare the file as committed in this revision (a commit, HEAD~1, a tag); twice to
    /// compare two revisions, once to compare a revision with the file on disk.
    #[arg(long, num_args = 1, action = clap::ArgAction::Append)]
    rev: Vec<String>,
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    /// One line per change, then a summary.
    Text,
    /// An RFC 6902 JSON Patch that turns OLD into NEW.
    JsonPatch,
    /// `{ equal, summary, changes, patch }`.
    Json,
}

pub fn run(args: Args) -> ExitCode {
    let compared = match (&args.new, args.rev.as_slice()) {
        (Some(new), []) => diff_files(&args.old, new),
        (None, [a]) => trellis_api::versions::diff_revisions(&args.old, a, None),
        (None, [a, b]) => trellis_api::versions::diff_revisions(&args.old, a, Some(b)),
        (None, []) => Err(usage("give two files, or one file with --rev")),
        (Some(_), _) => Err(usage("--rev compares versions of one file: give one file")),
        (None, _) => Err(usage("--rev may be given once or twice")),
    };
    let result = match compared {
        Ok(result) => result,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::from(2);
        }
    };
    let output = match args.format {
        OutputFormat::Text => text(&result),
        OutputFormat::JsonPatch => pretty(&Value::Array(result.patch.clone())),
        OutputFormat::Json => pretty(&serde_json::to_value(&result).expect("serialisable")),
    };
    if let Err(e) = print(&output) {
        eprintln!("error: {e}");
        return ExitCode::from(2);
    }
    if result.equal {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

fn usage(message: &str) -> trellis_api::ApiError {
    trellis_api::ApiError {
        code: trellis_api::ErrorCode::InvalidRequest,
        message: message.to_string(),
        location: None,
    }
}

fn pretty(value: &Value) -> String {
    serde_json::to_string_pretty(value).expect("serialisable") + "\n"
}

fn text(result: &StructuralDiffDto) -> String {
    if result.equal {
        return "no changes: the data is equal\n".to_string();
    }
    let mut out = String::new();
    for change in &result.changes {
        out.push_str(&line(change));
        out.push('\n');
    }
    let n = result.changes.len();
    out.push_str(&format!(
        "{n} change{}: {}\n",
        if n == 1 { "" } else { "s" },
        result.summary
    ));
    out
}

fn line(c: &ChangeDto) -> String {
    let show = |v: &Option<Value>| v.as_ref().map(compact).unwrap_or_default();
    let at = if c.pointer.is_empty() {
        "(document)"
    } else {
        &c.pointer
    };
    match c.kind.as_str() {
        "added" => format!("+ {at} = {}", show(&c.new)),
        "removed" => format!("- {at} (was {})", show(&c.old)),
        "changed" => format!("~ {at}: {} → {}", show(&c.old), show(&c.new)),
        _ => format!(
            "> {at} (moved from {})",
            c.from.as_deref().unwrap_or_default()
        ),
    }
}

/// A value on one line, cut when long.
fn compact(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 80 {
        let cut: String = text.chars().take(79).collect();
        format!("{cut}…")
    } else {
        text
    }
}
