//! Versions of workspace files in Git: a commit per save with a message written from the
//! structural diff, a file's history, any committed version, and restoring one.

use std::path::Path;

use trellis_core::{Document, Format};
use trellis_protocol::{ApiError, ErrorCode, HistoryEntryDto};
use trellis_vcs::{CommitOutcome, FileChange, HistoryEntry, Repo, VcsError};

use crate::compare::diff_values;
use crate::convert::error;

/// A commit subject stops growing here; the full change list goes into the body.
const SUBJECT_CHARS: usize = 72;
/// History entries shown by default.
pub const HISTORY_LIMIT: usize = 200;

pub fn vcs_error(e: VcsError) -> ApiError {
    let code = match &e {
        VcsError::UnknownRevision { .. } | VcsError::FileNotFound { .. } => ErrorCode::NotFound,
        VcsError::Io { .. } => ErrorCode::Io,
        _ => ErrorCode::InvalidRequest,
    };
    error(code, e.to_string())
}

/// The commit message for saving `path` with `new_text`, from what changed in the data since
/// the last commit: "Update compose.yaml: services.web.image nginx:1.25 → nginx:1.27".
pub fn commit_message(repo: &Repo, path: &str, new_text: &str, format: Format) -> String {
    let old = repo
        .head()
        .ok()
        .flatten()
        .and_then(|_| repo.file_at(path, "HEAD").ok().flatten());
    let Some(old) = old else {
        return format!("Add {path}");
    };
    let parsed = |bytes: &[u8]| {
        std::str::from_utf8(bytes)
            .ok()
            .and_then(|t| Document::parse(t.to_string(), format).ok())
            .map(|d| d.value())
    };
    let (Some(old), Some(new)) = (parsed(&old), parsed(new_text.as_bytes())) else {
        return format!("Update {path}");
    };
    let changes = trellis_diff::diff(&old, &new, &trellis_diff::Options::default());
    if changes.is_empty() {
        return format!("Reformat {path}");
    }
    let subject = format!("Update {path}: {}", trellis_diff::summary(&changes));
    if subject.chars().count() <= SUBJECT_CHARS && changes.len() <= 3 {
        return subject;
    }
    let short: String = subject.chars().take(SUBJECT_CHARS - 1).collect();
    let mut message = if subject.chars().count() > SUBJECT_CHARS {
        format!("{short}…\n\n")
    } else {
        format!("{subject}\n\n")
    };
    for line in trellis_diff::summary_shown(&changes) {
        message.push_str("- ");
        message.push_str(&line);
        message.push('\n');
    }
    message
}

/// Commits `path` (already written) with the user's message or one written from the
/// changes, and says what happened, for the status bar.
pub fn commit_saved(
    repo: &Repo,
    path: &str,
    text: &str,
    format: Format,
    message: Option<&str>,
) -> String {
    let message = match message {
        Some(m) => m.to_string(),
        None => commit_message(repo, path, text, format),
    };
    match repo.commit_file(path, &message) {
        Ok(CommitOutcome::Committed(info)) => {
            format!("Saved and committed {} “{}”", info.short_id, info.summary)
        }
        Ok(CommitOutcome::Unchanged) => "Saved (same as the last commit)".to_string(),
        Err(e) => format!("Saved, but not committed: {e}"),
    }
}

pub fn history(repo: &Repo, path: &str, limit: usize) -> Result<Vec<HistoryEntryDto>, ApiError> {
    Ok(repo
        .history(path, limit)
        .map_err(vcs_error)?
        .into_iter()
        .map(entry)
        .collect())
}

fn entry(e: HistoryEntry) -> HistoryEntryDto {
    HistoryEntryDto {
        id: e.commit.id,
        short_id: e.commit.short_id,
        date: e.commit.date,
        author: e.commit.author_name,
        summary: e.commit.summary,
        change: match e.change {
            FileChange::Added => "added",
            FileChange::Modified => "modified",
            FileChange::Deleted => "deleted",
        }
        .to_string(),
    }
}

/// The text of `path` in `rev`, with a label for the comparison view.
pub fn version_text(repo: &Repo, path: &str, rev: &str) -> Result<(String, String), ApiError> {
    let info = repo.commit_info(rev).map_err(vcs_error)?;
    let label = format!("{} {}", info.short_id, info.summary);
    match repo.file_at(path, rev).map_err(vcs_error)? {
        Some(bytes) => match String::from_utf8(bytes) {
            Ok(text) => Ok((label, text)),
            Err(_) => Err(error(
                ErrorCode::Parse,
                format!("{path} in {rev} is not UTF-8 text"),
            )),
        },
        None => Ok((format!("{label} (no {path} in it)"), String::new())),
    }
}

/// The repository holding a file given on the command line (never created by the CLI).
pub fn repo_of(file: &Path) -> Result<(Repo, String), ApiError> {
    let absolute = std::path::absolute(file)
        .map_err(|e| error(ErrorCode::Io, format!("{}: {e}", file.display())))?;
    let folder = absolute.parent().ok_or_else(|| {
        error(
            ErrorCode::InvalidRequest,
            format!("{}: no folder", file.display()),
        )
    })?;
    let repo = Repo::open(folder).map_err(vcs_error)?;
    let name = absolute
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    Ok((repo, name))
}

/// `trellis log FILE`: the commits that changed the file, newest first.
pub fn file_log(file: &Path, limit: usize) -> Result<Vec<HistoryEntryDto>, ApiError> {
    let (repo, name) = repo_of(file)?;
    history(&repo, &name, limit)
}

/// `trellis show FILE --rev REV`: the file's bytes in a revision.
pub fn file_show(file: &Path, rev: &str) -> Result<Vec<u8>, ApiError> {
    let (repo, name) = repo_of(file)?;
    repo.file_at(&name, rev).map_err(vcs_error)?.ok_or_else(|| {
        error(
            ErrorCode::NotFound,
            format!("{}: not in {rev}", file.display()),
        )
    })
}

/// `trellis diff FILE --rev A [--rev B]`: the file in A against B, or against the file on
/// disk without B.
pub fn diff_revisions(
    file: &Path,
    old_rev: &str,
    new_rev: Option<&str>,
) -> Result<trellis_protocol::StructuralDiffDto, ApiError> {
    let display = file.display().to_string();
    let format = Format::from_path(file).ok_or_else(|| {
        error(
            ErrorCode::InvalidRequest,
            format!("{display}: unknown file type (Trellis reads .yaml, .yml, .json and .toml)"),
        )
    })?;
    let parse = |bytes: Vec<u8>, what: &str| -> Result<serde_json::Value, ApiError> {
        let shown = format!("{display} ({what})");
        Document::from_bytes(&bytes, format)
            .map(|d| d.value())
            .map_err(|e| crate::convert::load_error(&shown, &e))
    };
    let old = parse(file_show(file, old_rev)?, old_rev)?;
    let new = match new_rev {
        Some(rev) => parse(file_show(file, rev)?, rev)?,
        None => crate::load(file, &display)?.value(),
    };
    Ok(diff_values(&old, &new))
}
