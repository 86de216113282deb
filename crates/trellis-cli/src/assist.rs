//! `trellis assist FILE "REQUEST"`: asks the assistant about a file. The answer is printed;
//! a proposed change is printed as a diff (text) or a JSON Patch (json) and written only with
//! `--apply`, atomically, and only when the result has no errors.
//!
//! Exit codes: 0 an answer, or a proposal (applied with `--apply`); 1 the assistant failed
//! (network, model), or `--apply` was refused because the result has errors or there was
//! nothing to apply; 2 usage, IO or parse errors.

use crate::print;
use clap::ValueEnum;
use std::path::PathBuf;
use std::process::ExitCode;
use trellis_api::assist::{assist_file, load_settings, FileAnswer};
use trellis_api::{ApiError, ErrorCode};
use trellis_protocol::{AssistReplyDto, ProviderKind};

#[derive(clap::Args)]
pub struct Args {
    /// The configuration file (it need not exist: the request then starts from an empty
    /// document of --pack).
    file: PathBuf,
    /// What to do, in plain English ("add a researcher agent using gpt-4o").
    request: String,
    /// Who answers: the built-in offline engine (no key, no network) or an
    /// OpenAI-compatible server (settings from the app, or --base-url/--model; the key from
    /// the system keyring or $OPENAI_API_KEY).
    #[arg(long, value_enum, default_value_t = ProviderArg::Offline)]
    provider: ProviderArg,
    /// The schema pack (agent-stack, docker-compose, github-actions, otel-collector); for a
    /// new file the default is agent-stack, for an existing one what discovery finds.
    #[arg(long)]
    pack: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    format: Format,
    /// Write the proposed change to FILE (atomically), if the result has no errors.
    #[arg(long)]
    apply: bool,
    /// The OpenAI-compatible server's API base (e.g. http://localhost:11434/v1).
    #[arg(long)]
    base_url: Option<String>,
    /// The model to ask.
    #[arg(long)]
    model: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ProviderArg {
    Offline,
    OpenaiCompatible,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Format {
    /// The reply, then the change as a unified diff.
    Text,
    /// {"reply": "...", "patch": [JSON Patch operations]}.
    Json,
}

pub fn run(args: Args) -> ExitCode {
    match run_inner(args) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(2)
        }
    }
}

fn run_inner(args: Args) -> Result<ExitCode, ApiError> {
    let config = trellis_api::SessionConfig::from_env();
    let mut settings = load_settings(&config.data_dir);
    settings.provider = match args.provider {
        ProviderArg::Offline => ProviderKind::Offline,
        ProviderArg::OpenaiCompatible => ProviderKind::OpenaiCompatible,
    };
    if let Some(url) = args.base_url {
        settings.base_url = url;
    }
    if let Some(model) = args.model {
        settings.model = model;
    }
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| ApiError {
            code: ErrorCode::Internal,
            message: format!("cannot start the async runtime: {e}"),
            location: None,
        })?;
    let answer = runtime.block_on(assist_file(
        &args.file,
        &args.request,
        args.pack.as_deref(),
        settings,
    ))?;
    let display = args.file.display().to_string();
    match args.format {
        Format::Json => {
            let dto = AssistReplyDto {
                reply: answer.reply.clone(),
                patch: answer.patch.clone(),
            };
            let json = serde_json::to_string_pretty(&dto).expect("JSON values serialise");
            print(&format!("{json}\n"))?;
        }
        Format::Text => {
            let mut out = answer.reply.trim_end().to_string();
            out.push('\n');
            if let Some((after, _)) = &answer.proposed {
                let diff = trellis_api::compare::unified(&answer.text, after, &display);
                out.push('\n');
                out.push_str(&diff);
                if !out.ends_with('\n') {
                    out.push('\n');
                }
            }
            print(&out)?;
        }
    }
    finish(&args.file, &display, &answer, args.apply)
}

fn finish(
    file: &std::path::Path,
    display: &str,
    answer: &FileAnswer,
    apply: bool,
) -> Result<ExitCode, ApiError> {
    if let Some(failure) = &answer.failure {
        eprintln!("error: {failure}");
        return Ok(ExitCode::from(1));
    }
    if !apply {
        return Ok(ExitCode::SUCCESS);
    }
    let Some((after, errors)) = &answer.proposed else {
        eprintln!("{display}: nothing to apply: the reply proposes no change");
        return Ok(ExitCode::from(1));
    };
    if *errors > 0 {
        eprintln!(
            "{display}: not applied: the result would have {errors} error{} (run `trellis validate` on it to see them)",
            if *errors == 1 { "" } else { "s" }
        );
        return Ok(ExitCode::from(1));
    }
    trellis_api::fs::write_atomic(file, after.as_bytes()).map_err(|e| ApiError {
        code: ErrorCode::Io,
        message: format!("{display}: {e}"),
        location: None,
    })?;
    eprintln!("{display}: applied");
    Ok(ExitCode::SUCCESS)
}
