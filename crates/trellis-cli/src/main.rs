//! `trellis`: the command line of Trellis, for scripts and CI. A thin layer over
//! `trellis-api`: parse arguments, call the API, print, choose the exit code.
//!
//! Exit codes: 0 success; 2 usage, IO, parse or edit error, reported on stderr as
//! `FILE:LINE:COL: error: message` when the error has a place. `trellis validate` exits 1
//! when a file has an error-level diagnostic (syntax errors included).

/// The command line builds and drops large trees in one burst (two documents for `diff`,
/// every node of a 5 MB file for `validate`): mimalloc handles that pattern far better
/// than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

mod assist;
mod diff;
mod template;
mod validate;

use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use trellis_api::{ApiError, EditRequest, ErrorCode};

#[derive(Parser)]
#[command(
    name = "trellis",
    version,
    about = "Edit and inspect YAML, JSON and TOML configuration files without losing a byte"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print the value at a JSON Pointer as JSON.
    Get {
        file: PathBuf,
        /// JSON Pointer, e.g. /services/web/image ("" for the whole document).
        pointer: String,
    },
    /// Set the value at a JSON Pointer (adding the key when its map exists) and print the
    /// edited document.
    Set {
        file: PathBuf,
        pointer: String,
        /// The new value as JSON: 8080, true, null, '"a string"', '{"a": 1}'.
        value: String,
        /// Write the file (atomically) instead of printing it.
        #[arg(long, short = 'i')]
        in_place: bool,
    },
    /// Validate files against their schemas (found from --schema, a $schema key, a schema
    /// comment, .trellis/settings.toml, or a pack matching the file name).
    ///
    /// Exit 0 when no file has an error (warnings allowed), 1 when any has, 2 for usage, IO
    /// or an unusable schema.
    Validate(validate::Args),
    /// Compare two versions of a document as data: added, removed, changed and moved
    /// entries (map key order and formatting are not changes; list items are matched by
    /// their name or id, else by content). Works across formats.
    ///
    /// Exit 0 when the data is equal, 1 when it differs, 2 on error.
    Diff(diff::Args),
    /// The dependency graph of a file's components: json (nodes with id, kind and pointer;
    /// edges with from, to and the field's pointer; dangling references; cycles), dot, or
    /// svg (the picture the app draws).
    Graph {
        file: PathBuf,
        #[arg(long, default_value = "json", value_parser = ["json", "dot", "svg"])]
        format: String,
        /// The schema to read components with (default: found as `validate` finds it).
        #[arg(long)]
        schema: Option<String>,
    },
    /// The commits that changed a file, newest first (the file must be in a Git repository).
    Log {
        file: PathBuf,
        /// At most this many commits.
        #[arg(long, default_value_t = 50)]
        limit: usize,
        /// `json`: an array of { id, short_id, date, author, summary, change }.
        #[arg(long, default_value = "text", value_parser = ["text", "json"])]
        format: String,
    },
    /// Print a file as committed in a revision (a commit, HEAD~1, a branch, a tag).
    Show {
        file: PathBuf,
        #[arg(long)]
        rev: String,
    },
    /// Templates: list them, show one, or write a new file from one with parameter values.
    ///
    /// Exit 2 for an unknown template, an unknown parameter, an invalid value or an existing
    /// output file (without --force).
    Template(template::Args),
    /// Ask the assistant about a file: an answer, or a proposed change shown as a diff
    /// (text) or a JSON Patch (json), written only with --apply and only when the result has
    /// no errors.
    ///
    /// Exit 1 when the assistant failed or --apply was refused; 2 for usage, IO and parse
    /// errors.
    Assist(assist::Args),
    /// Remove the map entry or list item at a JSON Pointer and print the edited document.
    Rm {
        file: PathBuf,
        pointer: String,
        /// Write the file (atomically) instead of printing it.
        #[arg(long, short = 'i')]
        in_place: bool,
    },
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let command = match cli.command {
        Command::Validate(args) => return validate::run(args),
        Command::Diff(args) => return diff::run(args),
        Command::Template(args) => return template::run(args),
        Command::Assist(args) => return assist::run(args),
        other => other,
    };
    match run(command) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}

fn run(command: Command) -> Result<(), ApiError> {
    match command {
        Command::Validate(_) | Command::Diff(_) | Command::Template(_) | Command::Assist(_) => {
            unreachable!("handled in main")
        }
        Command::Get { file, pointer } => {
            let value = trellis_api::get_value(&file, &pointer)?;
            let json = serde_json::to_string_pretty(&value).expect("JSON values always serialise");
            print(&format!("{json}\n"))
        }
        Command::Set {
            file,
            pointer,
            value,
            in_place,
        } => {
            let value = serde_json::from_str(&value).map_err(|e| ApiError {
                code: ErrorCode::InvalidRequest,
                message: format!(
                    "the value {value:?} is not JSON ({e}); strings need JSON quotes, e.g. '\"{}\"'",
                    value.replace('"', "\\\"")
                ),
                location: None,
            })?;
            edit(&file, EditRequest::Set { pointer, value }, in_place)
        }
        Command::Rm {
            file,
            pointer,
            in_place,
        } => edit(&file, EditRequest::Remove { pointer }, in_place),
        Command::Log {
            file,
            limit,
            format,
        } => {
            let entries = trellis_api::versions::file_log(&file, limit)?;
            if format == "json" {
                let json = serde_json::to_string_pretty(&entries).expect("serialisable");
                return print(&format!("{json}\n"));
            }
            let mut out = String::new();
            for e in &entries {
                let date = e.date.get(..10).unwrap_or(&e.date);
                out.push_str(&format!(
                    "{} {date} {:<8} {} ({})\n",
                    e.short_id, e.change, e.summary, e.author
                ));
            }
            print(&out)
        }
        Command::Graph {
            file,
            format,
            schema,
        } => {
            let format = match format.as_str() {
                "dot" => trellis_api::GraphFormat::Dot,
                "svg" => trellis_api::GraphFormat::Svg,
                _ => trellis_api::GraphFormat::Json,
            };
            print(&trellis_api::graph_file(&file, schema, format)?)
        }
        Command::Show { file, rev } => {
            let bytes = trellis_api::versions::file_show(&file, &rev)?;
            print(&String::from_utf8_lossy(&bytes))
        }
    }
}

fn edit(file: &std::path::Path, request: EditRequest, in_place: bool) -> Result<(), ApiError> {
    let text = trellis_api::edit_file(file, request, in_place)?;
    if in_place {
        Ok(())
    } else {
        print(&text)
    }
}

pub(crate) fn print(text: &str) -> Result<(), ApiError> {
    let mut out = std::io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        // A closed pipe (`trellis get … | head`) is the reader's choice, not an error.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(ApiError {
            code: ErrorCode::Io,
            message: format!("cannot write to stdout: {e}"),
            location: None,
        }),
    }
}
