//! A file's history and its content at any revision.

use std::path::Path;

use git2::{ObjectType, Oid};
use serde::Serialize;

use crate::error::{GitContext, Result, VcsError};
use crate::info::CommitInfo;
use crate::repo::Repo;

/// How a commit changed the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum FileChange {
    /// The file appears (it was not in the first parent, or there is no parent).
    Added,
    /// The content or the file mode changed.
    Modified,
    /// The file was removed.
    Deleted,
}

/// One entry of [`Repo::history`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HistoryEntry {
    /// The commit.
    #[serde(flatten)]
    pub commit: CommitInfo,
    /// What it did to the file.
    pub change: FileChange,
}

impl Repo {
    /// The commits that changed the file at `path`, newest first, following the
    /// first-parent line of HEAD (like `git log --first-parent -- <path>`), at most `limit`.
    ///
    /// A commit is listed when the file's content or mode differs from its first parent,
    /// including the commits that added or deleted it (see [`HistoryEntry::change`]). A merge
    /// is listed when it changed the file relative to the branch it was merged into; the
    /// merged branch's own commits are not walked. An empty list for a repository without
    /// commits or a file never committed.
    pub fn history(&self, path: impl AsRef<Path>, limit: usize) -> Result<Vec<HistoryEntry>> {
        let rp = self.resolve(path.as_ref())?;
        let mut out = Vec::new();
        if limit == 0 {
            return Ok(out);
        }
        let Some(head) = self.head_commit()? else {
            return Ok(out);
        };
        let repo_path = Path::new(&rp.repo);
        let entry_of = |commit: &git2::Commit<'_>| -> Result<Option<(Oid, i32)>> {
            let tree = commit
                .tree()
                .ctx(|| format!("cannot read the tree of commit {}", commit.id()))?;
            Ok(tree
                .get_path(repo_path)
                .ok()
                .filter(|e| e.kind() == Some(ObjectType::Blob))
                .map(|e| (e.id(), e.filemode())))
        };

        let mut commit = head;
        let mut current = entry_of(&commit)?;
        loop {
            let parent = match commit.parent(0) {
                Ok(p) => Some(p),
                Err(e) if e.code() == git2::ErrorCode::NotFound => None,
                Err(e) => {
                    // A shallow clone ends here: its boundary commit's parents are missing.
                    if self.git.is_shallow() {
                        None
                    } else {
                        return Err(VcsError::Git {
                            context: format!("cannot read the parent of commit {}", commit.id()),
                            source: e,
                        });
                    }
                }
            };
            let before = match &parent {
                Some(p) => entry_of(p)?,
                None => None,
            };
            let change = match (&before, &current) {
                (None, Some(_)) => Some(FileChange::Added),
                (Some(_), None) => Some(FileChange::Deleted),
                (Some(a), Some(b)) if a != b => Some(FileChange::Modified),
                _ => None,
            };
            if let Some(change) = change {
                out.push(HistoryEntry {
                    commit: CommitInfo::from_commit(&commit),
                    change,
                });
                if out.len() >= limit {
                    break;
                }
            }
            match parent {
                Some(p) => {
                    commit = p;
                    current = before;
                }
                None => break,
            }
        }
        Ok(out)
    }

    /// The content of the file at `path` in revision `rev` (anything `git rev-parse`
    /// accepts: a full or short commit id, `HEAD~2`, a branch, a tag, `main@{1}`...).
    /// `Ok(None)` when the file does not exist in that revision.
    ///
    /// Errors: [`VcsError::UnknownRevision`], [`VcsError::NotACommit`], and
    /// [`VcsError::NotAFile`] when the path is a folder in that revision.
    pub fn file_at(&self, path: impl AsRef<Path>, rev: &str) -> Result<Option<Vec<u8>>> {
        let rp = self.resolve(path.as_ref())?;
        let commit = self.resolve_commit(rev)?;
        let tree = commit
            .tree()
            .ctx(|| format!("cannot read the tree of {rev}"))?;
        let entry = match tree.get_path(Path::new(&rp.repo)) {
            Ok(e) => e,
            Err(e) if e.code() == git2::ErrorCode::NotFound => return Ok(None),
            Err(e) => {
                return Err(VcsError::Git {
                    context: format!("cannot look up {} in {rev}", rp.ws),
                    source: e,
                })
            }
        };
        match entry.kind() {
            Some(ObjectType::Blob) => {
                let blob = self
                    .git
                    .find_blob(entry.id())
                    .ctx(|| format!("cannot read {} in {rev}", rp.ws))?;
                Ok(Some(blob.content().to_vec()))
            }
            _ => Err(VcsError::NotAFile { path: rp.abs }),
        }
    }

    /// The commit a revision names (anything `git rev-parse` accepts).
    pub fn commit_info(&self, rev: &str) -> Result<CommitInfo> {
        Ok(CommitInfo::from_commit(&self.resolve_commit(rev)?))
    }

    /// The commit HEAD points at; `None` when the repository has no commit yet.
    pub fn head(&self) -> Result<Option<CommitInfo>> {
        Ok(self.head_commit()?.map(|c| CommitInfo::from_commit(&c)))
    }
}
