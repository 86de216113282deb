//! The status of one file, for a UI badge.

use std::path::Path;

use git2::{ErrorCode, Status};
use serde::Serialize;

use crate::error::{Result, VcsError};
use crate::repo::Repo;

/// A file's state relative to the last commit and the index (`git status` for one path).
///
/// "Staged" means the index (what `git add` prepared) differs from the last commit;
/// "modified" means the file on disk differs from the index.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileStatus {
    /// Committed, and disk and index equal the last commit.
    Unmodified,
    /// Changed on disk, nothing staged (`git status --porcelain`: ` M`).
    Modified,
    /// Committed but missing on disk (` D`).
    Deleted,
    /// Changes staged (new, modified or deleted in the index), disk equals the index
    /// (`A `, `M `, `D `).
    Staged,
    /// Changes staged and further changes on disk (`MM`, `AM`...).
    StagedAndModified,
    /// On disk, not tracked by Git (`??`).
    Untracked,
    /// On disk, not tracked, and matched by a `.gitignore` rule (`!!`).
    Ignored,
    /// Unresolved merge conflict (`UU`...).
    Conflicted,
    /// Neither on disk nor known to Git.
    Absent,
}

impl FileStatus {
    /// True when there is something to commit for this file.
    pub fn has_changes(self) -> bool {
        !matches!(
            self,
            FileStatus::Unmodified | FileStatus::Ignored | FileStatus::Absent
        )
    }
}

impl Repo {
    /// The status of the file at `path`.
    pub fn status(&self, path: impl AsRef<Path>) -> Result<FileStatus> {
        let rp = self.resolve(path.as_ref())?;
        if rp.abs.is_dir() {
            return Err(VcsError::NotAFile { path: rp.abs });
        }
        let st = match self.git.status_file(Path::new(&rp.repo)) {
            Ok(s) => s,
            Err(e) if e.code() == ErrorCode::NotFound => return Ok(FileStatus::Absent),
            Err(e) => {
                return Err(VcsError::Git {
                    context: format!("cannot get the status of {}", rp.ws),
                    source: e,
                })
            }
        };
        Ok(classify(st))
    }
}

fn classify(st: Status) -> FileStatus {
    let staged = st.intersects(
        Status::INDEX_NEW
            | Status::INDEX_MODIFIED
            | Status::INDEX_DELETED
            | Status::INDEX_RENAMED
            | Status::INDEX_TYPECHANGE,
    );
    let wt_changed = st.intersects(
        Status::WT_MODIFIED | Status::WT_DELETED | Status::WT_TYPECHANGE | Status::WT_RENAMED,
    );
    if st.contains(Status::CONFLICTED) {
        FileStatus::Conflicted
    } else if st.contains(Status::IGNORED) {
        FileStatus::Ignored
    } else if st.contains(Status::WT_NEW) && !staged {
        FileStatus::Untracked
    } else if staged && (wt_changed || st.contains(Status::WT_NEW)) {
        FileStatus::StagedAndModified
    } else if staged {
        FileStatus::Staged
    } else if st.contains(Status::WT_DELETED) {
        FileStatus::Deleted
    } else if wt_changed {
        FileStatus::Modified
    } else {
        FileStatus::Unmodified
    }
}
