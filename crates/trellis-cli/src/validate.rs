//! `trellis validate FILE... [--schema S] [--env NAME] [--env-file F] [--format text|json|sarif]`.

use crate::print;
use clap::ValueEnum;
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use trellis_api::{Environment, Schemas, ValidateRequest, ValidationDto, Variables};
use trellis_protocol::Severity;

#[derive(clap::Args)]
pub struct Args {
    #[arg(required = true)]
    files: Vec<PathBuf>,
    /// The schema to use: a pack id (agent-stack, docker-compose, github-actions,
    /// otel-collector), a schema file, or a URL (with --allow-network).
    #[arg(long)]
    schema: Option<String>,
    /// Validate the base document and this environment overlay only (default: every overlay).
    #[arg(long)]
    env: Option<String>,
    /// Read ${VAR} values from this env file (KEY=value lines) before the process environment.
    #[arg(long)]
    env_file: Option<PathBuf>,
    /// Let schemas be fetched over the network.
    #[arg(long)]
    allow_network: bool,
    #[arg(long, value_enum, default_value_t = OutputFormat::Text)]
    format: OutputFormat,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum OutputFormat {
    /// `FILE:LINE:COL: error|warning: message [pointer]`
    Text,
    /// An array of diagnostics, each with its file.
    Json,
    /// SARIF 2.1.0, as GitHub code scanning accepts it.
    Sarif,
}

pub fn run(args: Args) -> ExitCode {
    let mut variables = Variables::process();
    if let Some(path) = &args.env_file {
        variables = match variables.with_env_file(path) {
            Ok(v) => v,
            Err(e) => {
                eprintln!("error: {e}");
                return ExitCode::from(2);
            }
        };
    }
    let request = ValidateRequest {
        schema: args.schema.clone(),
        environment: args.env.clone().map_or(Environment::All, Environment::Only),
        variables: Some(variables),
        variables_from: Vec::new(),
        allow_network: args.allow_network,
    };
    let mut cache = Schemas::default();
    let mut results = Vec::new();
    let mut failed = false;
    for file in &args.files {
        match trellis_api::validate_file(file, &request, &mut cache) {
            Ok(result) => results.push(result),
            Err(e) => {
                eprintln!("{}", with_file(&e.to_string(), file));
                failed = true;
            }
        }
    }
    let output = match args.format {
        OutputFormat::Text => text(&results),
        OutputFormat::Json => {
            serde_json::to_string_pretty(&json_report(&results)).expect("serialisable") + "\n"
        }
        OutputFormat::Sarif => {
            serde_json::to_string_pretty(&sarif(&results)).expect("serialisable") + "\n"
        }
    };
    if print(&output).is_err() {
        return ExitCode::from(2);
    }
    let errors: u32 = results.iter().map(|r| r.errors).sum();
    let warnings: u32 = results.iter().map(|r| r.warnings).sum();
    if args.format == OutputFormat::Text {
        eprintln!(
            "{} error{}, {} warning{} in {} file{}",
            errors,
            if errors == 1 { "" } else { "s" },
            warnings,
            if warnings == 1 { "" } else { "s" },
            results.len(),
            if results.len() == 1 { "" } else { "s" }
        );
    }
    if failed {
        ExitCode::from(2)
    } else if errors > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn with_file(message: &str, file: &Path) -> String {
    if message.contains(&file.display().to_string()) {
        message.to_string()
    } else {
        format!("{}: {message}", file.display())
    }
}

fn severity(s: Severity) -> &'static str {
    match s {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    }
}

fn text(results: &[ValidationDto]) -> String {
    let mut out = String::new();
    for r in results {
        for d in &r.diagnostics {
            out.push_str(&format!(
                "{}:{}:{}: {}: {}",
                r.path,
                d.line,
                d.column,
                severity(d.severity),
                d.message
            ));
            if let Some(context) = &d.context {
                out.push_str(&format!(" ({context})"));
            }
            if !d.pointer.is_empty() {
                out.push_str(&format!(" [{}]", d.pointer));
            }
            out.push('\n');
        }
    }
    out
}

fn json_report(results: &[ValidationDto]) -> Value {
    let mut all = Vec::new();
    for r in results {
        for d in &r.diagnostics {
            let mut v = serde_json::to_value(d).expect("serialisable");
            v["file"] = json!(r.path);
            all.push(v);
        }
    }
    Value::Array(all)
}

/// SARIF 2.1.0 with one run; rules are the diagnostic codes.
fn sarif(results: &[ValidationDto]) -> Value {
    let mut rules: BTreeMap<String, String> = BTreeMap::new();
    let mut sarif_results = Vec::new();
    for r in results {
        let uri = r.path.replace('\\', "/");
        let uri = uri.strip_prefix("./").unwrap_or(&uri).to_string();
        for d in &r.diagnostics {
            rules
                .entry(d.code.clone())
                .or_insert_with(|| rule_description(&d.code));
            let mut region = json!({"startLine": d.line, "startColumn": d.column});
            if (d.end_line, d.end_column) > (d.line, d.column) {
                region["endLine"] = json!(d.end_line);
                region["endColumn"] = json!(d.end_column);
            }
            let mut result = json!({
                "ruleId": d.code,
                "level": severity(d.severity),
                "message": {"text": match &d.context {
                    Some(c) => format!("{} ({c})", d.message),
                    None => d.message.clone(),
                }},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri},
                        "region": region,
                    }
                }],
            });
            if !d.pointer.is_empty() {
                result["properties"] = json!({"pointer": d.pointer});
            }
            sarif_results.push(result);
        }
    }
    let rules: Vec<Value> = rules
        .into_iter()
        .map(|(id, text)| json!({"id": id, "name": id, "shortDescription": {"text": text}}))
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "trellis",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "results": sarif_results,
        }]
    })
}

fn rule_description(code: &str) -> String {
    match code {
        "syntax" => "The file is not valid YAML, JSON or TOML".into(),
        "ref.dangling" => "A reference names a component that does not exist".into(),
        "ref.cycle" => "References form a cycle where the format forbids one".into(),
        "ref.unused" => "A component nothing refers to".into(),
        "secret.literal" => {
            "A secret written in the file instead of taken from the environment".into()
        }
        "env.unresolved" => "A ${VAR} reference to a variable that is not set".into(),
        "schema.unavailable" => "The document's schema could not be loaded".into(),
        other => match other.strip_prefix("schema.") {
            Some(keyword) => format!("The value does not satisfy the schema's `{keyword}`"),
            None => other.into(),
        },
    }
}
