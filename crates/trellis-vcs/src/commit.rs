//! Committing one file, and restoring an old version as a new commit.

use std::fs::Metadata;
use std::io::Read;
use std::path::Path;

use git2::build::TreeUpdateBuilder;
use git2::{ErrorCode, FileMode, IndexEntry, IndexTime, Oid};
use serde::Serialize;

use crate::error::{io_err, GitContext, Result, VcsError};
use crate::fsutil::write_atomic_with_mode;
use crate::info::CommitInfo;
use crate::repo::{Repo, RepoPath};

/// What [`Repo::commit_file`] / [`Repo::restore_file`] did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum CommitOutcome {
    /// A new commit was made on the current branch.
    Committed(CommitInfo),
    /// The file's content (and mode) equal the last commit's: nothing was committed.
    Unchanged,
}

impl CommitOutcome {
    /// The new commit, if one was made.
    pub fn commit(&self) -> Option<&CommitInfo> {
        match self {
            CommitOutcome::Committed(c) => Some(c),
            CommitOutcome::Unchanged => None,
        }
    }
}

/// The bytes of a file as read from disk, with the metadata of the same open handle.
struct DiskFile {
    bytes: Vec<u8>,
    meta: Metadata,
}

impl Repo {
    /// Commits the file at `path` — and only it — with its current bytes on disk.
    ///
    /// * The new commit's tree is HEAD's tree with only this path replaced, so other staged
    ///   or modified files are neither committed nor touched; only this path's index entry
    ///   is updated (to exactly the committed content).
    /// * The bytes are committed exactly as they are on disk: no end-of-line or other Git
    ///   filters are applied.
    /// * `message` is used as given (trailing whitespace tidied the way Git does); it must
    ///   not be empty.
    /// * When the file equals what the last commit holds, nothing happens and
    ///   [`CommitOutcome::Unchanged`] is returned (no empty commit).
    ///
    /// Refused with a clear error while `.git/index.lock` exists, while a merge, rebase,
    /// etc. is in progress, while the index has unresolved conflicts, and on a detached
    /// HEAD. Nothing is changed in those cases.
    pub fn commit_file(&self, path: impl AsRef<Path>, message: &str) -> Result<CommitOutcome> {
        let rp = self.resolve(path.as_ref())?;
        self.ensure_clean_state()?;
        self.ensure_index_unlocked()?;
        let file = read_disk_file(&rp)?;
        self.commit_bytes(&rp, &file, message, None)
    }

    /// Restores the file at `path` to its content in `rev` (anything `git rev-parse`
    /// accepts) by writing that content to the working file (atomically) and committing
    /// it as a **new** commit with the message `Restore <file> to <short id>: <summary>`.
    /// History is never rewritten.
    ///
    /// Unless `discard_local_changes` is true, this refuses with
    /// [`VcsError::UncommittedChanges`] when the file on disk differs from its last
    /// committed version, so unsaved work is never overwritten silently. If the commit
    /// fails, the working file is put back as it was.
    pub fn restore_file(
        &self,
        path: impl AsRef<Path>,
        rev: &str,
        discard_local_changes: bool,
    ) -> Result<CommitOutcome> {
        let rp = self.resolve(path.as_ref())?;
        self.ensure_clean_state()?;
        self.ensure_index_unlocked()?;

        let commit = self.resolve_commit(rev)?;
        let tree = commit
            .tree()
            .ctx(|| format!("cannot read the tree of {rev}"))?;
        let entry = match tree.get_path(Path::new(&rp.repo)) {
            Ok(e) if e.kind() == Some(git2::ObjectType::Blob) => e,
            _ => {
                return Err(VcsError::NotInRevision {
                    path: rp.ws.clone(),
                    rev: rev.to_owned(),
                })
            }
        };
        let old_bytes = self
            .git
            .find_blob(entry.id())
            .ctx(|| format!("cannot read {} in {rev}", rp.ws))?
            .content()
            .to_vec();
        let executable = entry.filemode() == i32::from(FileMode::BlobExecutable);

        // What is on disk now, to compare and to put back if the commit fails.
        let previous = match std::fs::symlink_metadata(&rp.abs) {
            Ok(m) if m.is_file() => {
                Some(std::fs::read(&rp.abs).map_err(io_err("cannot read", &rp.abs))?)
            }
            Ok(_) => return Err(VcsError::NotAFile { path: rp.abs }),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
            Err(e) => return Err(io_err("cannot read", &rp.abs)(e)),
        };
        if !discard_local_changes {
            if let Some(current) = &previous {
                let head_bytes = self.blob_at_head(&rp.repo)?;
                if head_bytes.as_deref() != Some(current.as_slice()) {
                    return Err(VcsError::UncommittedChanges { path: rp.ws });
                }
            }
        }

        let short = CommitInfo::from_commit(&commit);
        let message = format!("Restore {} to {}: {}", rp.ws, short.short_id, short.summary);

        let wrote = previous.as_deref() != Some(old_bytes.as_slice());
        if wrote {
            write_atomic_with_mode(&rp.abs, &old_bytes, Some(executable))
                .map_err(io_err("cannot write", &rp.abs))?;
        }
        let result = read_disk_file(&rp)
            .and_then(|file| self.commit_bytes(&rp, &file, &message, Some(executable)));
        if result.is_err() && wrote {
            // Put the working file back the way it was; the error is what matters.
            match &previous {
                Some(bytes) => {
                    let _ = write_atomic_with_mode(&rp.abs, bytes, None);
                }
                None => {
                    let _ = std::fs::remove_file(&rp.abs);
                }
            }
        }
        result
    }

    /// The content of a repository path in HEAD's tree.
    fn blob_at_head(&self, repo_path: &str) -> Result<Option<Vec<u8>>> {
        let Some(head) = self.head_commit()? else {
            return Ok(None);
        };
        let tree = head.tree().ctx(|| "cannot read HEAD's tree".into())?;
        match tree.get_path(Path::new(repo_path)) {
            Ok(e) if e.kind() == Some(git2::ObjectType::Blob) => Ok(Some(
                self.git
                    .find_blob(e.id())
                    .ctx(|| format!("cannot read {repo_path} at HEAD"))?
                    .content()
                    .to_vec(),
            )),
            _ => Ok(None),
        }
    }

    /// The heart of committing: see the crate documentation for the order of the steps.
    fn commit_bytes(
        &self,
        rp: &RepoPath,
        file: &DiskFile,
        message: &str,
        mode_hint: Option<bool>,
    ) -> Result<CommitOutcome> {
        let message = prettify(message)?;
        let branch_ref = self
            .head_branch_ref()?
            .ok_or_else(|| VcsError::DetachedHead {
                action: "committing".into(),
            })?;
        let parent = self.head_commit()?;
        let mut index = self.fresh_index()?;

        let base_tree = match &parent {
            Some(p) => p.tree().ctx(|| "cannot read HEAD's tree".into())?,
            None => {
                let empty = self
                    .git
                    .treebuilder(None)
                    .and_then(|b| b.write())
                    .ctx(|| "cannot create an empty tree".into())?;
                self.git
                    .find_tree(empty)
                    .ctx(|| "cannot read the empty tree".into())?
            }
        };
        let existing = base_tree
            .get_path(Path::new(&rp.repo))
            .ok()
            .filter(|e| e.kind() == Some(git2::ObjectType::Blob))
            .map(|e| (e.id(), e.filemode()));

        let mode = self.file_mode(&file.meta, existing.map(|(_, m)| m), mode_hint);
        let blob = self
            .git
            .blob(&file.bytes)
            .ctx(|| format!("cannot store {} in the repository", rp.ws))?;
        if existing == Some((blob, i32::from(mode))) {
            return Ok(CommitOutcome::Unchanged);
        }

        let mut update = TreeUpdateBuilder::new();
        update.upsert(rp.repo.as_str(), blob, mode);
        let tree_id = update
            .create_updated(&self.git, &base_tree)
            .ctx(|| format!("cannot build the tree for {}", rp.ws))?;
        let tree = self
            .git
            .find_tree(tree_id)
            .ctx(|| "cannot read the new tree".into())?;
        let sig = self.signature()?;
        let parents: Vec<&git2::Commit<'_>> = parent.iter().collect();
        // Write the commit object without moving any reference yet: until the branch is
        // updated below it is unreachable and harmless.
        let commit_id = self
            .git
            .commit(None, &sig, &sig, &message, &tree, &parents)
            .ctx(|| "cannot create the commit".into())?;

        // 1. Index entry for this path only (atomic write through index.lock).
        let old_entry = index.get_path(Path::new(&rp.repo), 0);
        index
            .add(&index_entry(&rp.repo, &file.meta, blob, mode))
            .ctx(|| format!("cannot stage {}", rp.ws))?;
        index.write().map_err(|e| self.index_write_error(e))?;

        // 2. Move the branch, compare-and-swap against the parent we built on.
        let summary = message.lines().next().unwrap_or_default();
        let moved = match &parent {
            Some(p) => self.git.reference_matching(
                &branch_ref,
                commit_id,
                true,
                p.id(),
                &format!("commit: {summary}"),
            ),
            None => self.git.reference(
                &branch_ref,
                commit_id,
                false,
                &format!("commit (initial): {summary}"),
            ),
        };
        if let Err(e) = moved {
            self.rollback_index_entry(&rp.repo, old_entry);
            return Err(match e.code() {
                ErrorCode::Locked => VcsError::RefLocked {
                    what: branch_ref,
                    message: e.message().to_owned(),
                },
                ErrorCode::Modified | ErrorCode::Exists => VcsError::ConcurrentUpdate {
                    reference: branch_ref,
                },
                _ => VcsError::Git {
                    context: format!("cannot update {branch_ref}"),
                    source: e,
                },
            });
        }
        let commit = self
            .git
            .find_commit(commit_id)
            .ctx(|| "cannot read the new commit".into())?;
        Ok(CommitOutcome::Committed(CommitInfo::from_commit(&commit)))
    }

    /// Puts a path's index entry back after a failed branch update (best effort).
    fn rollback_index_entry(&self, repo_path: &str, old: Option<IndexEntry>) {
        let Ok(mut index) = self.git.index() else {
            return;
        };
        if index.read(true).is_err() {
            return;
        }
        let ok = match old {
            Some(entry) => index.add(&entry).is_ok(),
            None => index.remove_path(Path::new(repo_path)).is_ok(),
        };
        if ok {
            let _ = index.write();
        }
    }

    /// The Git file mode to commit: the executable bit from disk where Git tracks it
    /// (`core.fileMode`, Unix), else the mode already committed, else a plain file.
    fn file_mode(&self, meta: &Metadata, committed: Option<i32>, hint: Option<bool>) -> FileMode {
        let exec_mode = |exec: bool| {
            if exec {
                FileMode::BlobExecutable
            } else {
                FileMode::Blob
            }
        };
        let trust_fs = cfg!(unix)
            && self
                .git
                .config()
                .and_then(|c| c.get_bool("core.filemode"))
                .unwrap_or(true);
        if trust_fs {
            #[cfg(unix)]
            {
                use std::os::unix::fs::PermissionsExt;
                return exec_mode(meta.permissions().mode() & 0o111 != 0);
            }
        }
        let _ = meta;
        if let Some(exec) = hint {
            return exec_mode(exec);
        }
        exec_mode(committed == Some(i32::from(FileMode::BlobExecutable)))
    }
}

/// Tidies a message the way `git commit` does (trailing whitespace, final newline) and
/// refuses empty ones and NUL bytes.
pub(crate) fn prettify(message: &str) -> Result<String> {
    if message.contains('\0') {
        return Err(VcsError::InvalidMessage {
            reason: "it contains a NUL byte".into(),
        });
    }
    let message = git2::message_prettify(message, None).unwrap_or_default();
    if message.trim().is_empty() {
        return Err(VcsError::EmptyMessage);
    }
    Ok(message)
}

/// Reads a regular file and the metadata of the same open handle.
fn read_disk_file(rp: &RepoPath) -> Result<DiskFile> {
    match std::fs::symlink_metadata(&rp.abs) {
        Ok(m) if m.is_file() => {}
        Ok(_) => {
            return Err(VcsError::NotAFile {
                path: rp.abs.clone(),
            })
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Err(VcsError::FileNotFound {
                path: rp.abs.clone(),
            })
        }
        Err(e) => return Err(io_err("cannot read", &rp.abs)(e)),
    }
    let mut f = std::fs::File::open(&rp.abs).map_err(io_err("cannot open", &rp.abs))?;
    let meta = f.metadata().map_err(io_err("cannot read", &rp.abs))?;
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    f.read_to_end(&mut bytes)
        .map_err(io_err("cannot read", &rp.abs))?;
    Ok(DiskFile { bytes, meta })
}

/// An index entry with the file's stat data, so `git status` sees the file as clean
/// without re-hashing it.
fn index_entry(repo_path: &str, meta: &Metadata, id: Oid, mode: FileMode) -> IndexEntry {
    #[cfg(unix)]
    let (ctime, mtime, dev, ino, uid, gid) = {
        use std::os::unix::fs::MetadataExt;
        (
            IndexTime::new(meta.ctime() as i32, meta.ctime_nsec() as u32),
            IndexTime::new(meta.mtime() as i32, meta.mtime_nsec() as u32),
            meta.dev() as u32,
            meta.ino() as u32,
            meta.uid(),
            meta.gid(),
        )
    };
    #[cfg(not(unix))]
    let (ctime, mtime, dev, ino, uid, gid) = {
        let t = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map(|d| IndexTime::new(d.as_secs() as i32, d.subsec_nanos()))
            .unwrap_or_else(|| IndexTime::new(0, 0));
        (t, t, 0, 0, 0, 0)
    };
    IndexEntry {
        ctime,
        mtime,
        dev,
        ino,
        mode: i32::from(mode) as u32,
        uid,
        gid,
        file_size: meta.len() as u32,
        id,
        flags: 0,
        flags_extended: 0,
        path: repo_path.as_bytes().to_vec(),
    }
}
