//! `trellis template list|show|new`: the template gallery from the command line. Templates
//! are the built-in ones, the user's (`$TRELLIS_DATA_DIR/templates`, else the data
//! directory's) and, inside a workspace (a folder with `.trellis`), its
//! `.trellis/templates/`.
//!
//! Exit codes: 0 success; 2 for an unknown template, an unknown parameter, an invalid
//! value, an existing output file (without `--force`) or an IO error.

use crate::print;
use clap::{Subcommand, ValueEnum};
use serde_json::{Map, Value};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use trellis_api::{ApiError, Gallery};

#[derive(clap::Args)]
pub struct Args {
    #[command(subcommand)]
    command: Action,
}

#[derive(Subcommand)]
enum Action {
    /// The templates: id, title, tags and pack (json: also format, description and the
    /// parameter schema).
    List {
        #[arg(long, value_enum, default_value_t = ListFormat::Text)]
        format: ListFormat,
    },
    /// A template's metadata, its parameters with their defaults, and the file it writes
    /// with them.
    Show { id: String },
    /// Writes a new file from a template (atomically; an existing file is kept unless
    /// --force). Values are read by each parameter's type: text, numbers, true/false, lists
    /// as JSON or comma-separated.
    New {
        id: String,
        /// The file to write.
        #[arg(short = 'o', long = "output")]
        output: PathBuf,
        /// A parameter value, KEY=VALUE (repeatable).
        #[arg(long = "param", short = 'p', value_name = "KEY=VALUE")]
        params: Vec<String>,
        /// Replace the file if it exists.
        #[arg(long)]
        force: bool,
    },
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ListFormat {
    /// One template a line: id, pack, title, tags.
    Text,
    /// An array of { id, title, description, tags, pack, format, origin, output, parameters }.
    Json,
}

pub fn run(args: Args) -> ExitCode {
    match run_action(args.command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}

fn gallery(near: &Path) -> Gallery {
    let gallery = Gallery::load(&trellis_api::template_folders_near(near));
    for problem in gallery.problems() {
        eprintln!("warning: template left out: {problem}");
    }
    gallery
}

fn here() -> PathBuf {
    std::env::current_dir().unwrap_or_else(|_| PathBuf::from("."))
}

fn run_action(action: Action) -> Result<(), ApiError> {
    match action {
        Action::List { format } => {
            let gallery = gallery(&here());
            let dto = trellis_api::gallery_dto(&gallery, false);
            if format == ListFormat::Json {
                let json = serde_json::to_string_pretty(&dto.templates).expect("serialisable");
                return print(&format!("{json}\n"));
            }
            let width = dto.templates.iter().map(|t| t.id.len()).max().unwrap_or(0);
            let mut out = String::new();
            for t in &dto.templates {
                let origin = if t.origin == "builtin" {
                    String::new()
                } else {
                    format!(" ({})", t.origin)
                };
                out.push_str(&format!(
                    "{:<width$}  {:<15} {}{origin}  [{}]\n",
                    t.id,
                    t.pack.as_deref().unwrap_or("-"),
                    t.title,
                    t.tags.join(", ")
                ));
            }
            print(&out)
        }
        Action::Show { id } => {
            let gallery = gallery(&here());
            let rendered = trellis_api::render_template(&gallery, &id, &Map::new())?;
            let t = trellis_api::gallery_dto(&gallery, false)
                .templates
                .into_iter()
                .find(|t| t.id == id)
                .expect("rendered, so it exists");
            let mut out = format!(
                "{} — {}\n{}\n\nid:      {}\npack:    {}\nformat:  {}\nfile:    {}\ntags:    {}\norigin:  {}\n\nparameters:\n",
                t.id,
                t.title,
                t.description,
                t.id,
                t.pack.as_deref().unwrap_or("-"),
                t.format,
                t.output,
                t.tags.join(", "),
                t.origin
            );
            let empty = Map::new();
            let properties = t.parameters["properties"].as_object().unwrap_or(&empty);
            if properties.is_empty() {
                out.push_str("  (none)\n");
            }
            for (name, p) in properties {
                out.push_str(&format!(
                    "  {name} ({}) = {}\n      {}{}\n",
                    kind(p),
                    p.get("default")
                        .map_or_else(|| "(required)".into(), Value::to_string),
                    p.get("title").and_then(Value::as_str).unwrap_or(name),
                    p.get("description")
                        .and_then(Value::as_str)
                        .map(|d| format!(": {d}"))
                        .unwrap_or_default()
                ));
            }
            out.push_str(&format!(
                "\n--- {} (with the defaults) ---\n{}",
                t.output,
                rendered.text.unwrap_or_default()
            ));
            print(&out)
        }
        Action::New {
            id,
            output,
            params,
            force,
        } => {
            let folder = output
                .parent()
                .filter(|p| !p.as_os_str().is_empty())
                .map_or_else(here, Path::to_path_buf);
            let gallery = gallery(&folder);
            let values = trellis_api::parse_template_params(&gallery, &id, &params)?;
            trellis_api::write_template_file(&gallery, &id, &values, &output, force)?;
            eprintln!("wrote {} from template {id}", output.display());
            Ok(())
        }
    }
}

/// A parameter's type as a person reads it: `integer 1..65535`, `one of npm|pnpm|yarn`.
fn kind(p: &Value) -> String {
    if let Some(options) = p.get("enum").and_then(Value::as_array) {
        let names: Vec<String> = options
            .iter()
            .map(|o| o.as_str().map_or_else(|| o.to_string(), str::to_string))
            .collect();
        return format!("one of {}", names.join("|"));
    }
    let mut kind = match p.get("type") {
        Some(Value::String(t)) => t.clone(),
        Some(other) => other.to_string(),
        None => "any".into(),
    };
    if kind == "array" {
        if let Some(items) = p.get("items") {
            kind = format!("list of {}", self::kind(items));
        }
    }
    match (p.get("minimum"), p.get("maximum")) {
        (Some(a), Some(b)) => kind.push_str(&format!(" {a}..{b}")),
        (Some(a), None) => kind.push_str(&format!(" >= {a}")),
        (None, Some(b)) => kind.push_str(&format!(" <= {b}")),
        _ => {}
    }
    if let Some(f) = p.get("format").and_then(Value::as_str) {
        kind.push_str(&format!(", {f}"));
    }
    kind
}
