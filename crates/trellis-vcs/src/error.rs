//! The error type of this crate.

use std::path::PathBuf;

/// Everything that can go wrong in `trellis-vcs`.
///
/// Every message names what it is about (a path, a branch, a remote, a revision) and,
/// where a person can do something about it, says what. Variants carry their data as
/// fields, so a UI can also react to them programmatically.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum VcsError {
    /// The workspace folder given to [`crate::Repo::open`] does not exist.
    #[error("workspace folder {} does not exist or is not a folder", path.display())]
    WorkspaceNotFound {
        /// The folder that was asked for.
        path: PathBuf,
    },

    /// No repository at or above the workspace, and the caller asked not to create one.
    #[error("no Git repository found at {} or any folder above it", path.display())]
    NotARepository {
        /// The workspace folder.
        path: PathBuf,
    },

    /// The repository found is bare: it has no working folder to hold files.
    #[error(
        "{} is a bare Git repository (it has no working folder); open a checkout of it instead",
        path.display()
    )]
    BareRepository {
        /// The repository's Git folder.
        path: PathBuf,
    },

    /// The workspace lies inside a repository's `.git` folder.
    #[error("workspace folder {} is inside the Git folder {}", workspace.display(), git_dir.display())]
    WorkspaceInsideGitDir {
        /// The workspace folder.
        workspace: PathBuf,
        /// The `.git` folder that contains it.
        git_dir: PathBuf,
    },

    /// A file path that does not name a file in the workspace.
    #[error("invalid path {path:?}: {reason}")]
    InvalidPath {
        /// The path as the caller gave it.
        path: PathBuf,
        /// Why it is refused.
        reason: String,
    },

    /// A path that leads out of the workspace.
    #[error("path {} is outside the workspace {}", path.display(), workspace.display())]
    PathOutsideWorkspace {
        /// The path as the caller gave it.
        path: PathBuf,
        /// The workspace folder.
        workspace: PathBuf,
    },

    /// The file to commit does not exist on disk.
    #[error("file {} does not exist", path.display())]
    FileNotFound {
        /// The file's absolute path.
        path: PathBuf,
    },

    /// The path exists but is not a regular file (a folder, a symbolic link, ...).
    #[error("{} is not a regular file", path.display())]
    NotAFile {
        /// The absolute path.
        path: PathBuf,
    },

    /// A revision that `git rev-parse` would not accept either.
    #[error("unknown revision {rev:?}: no commit, branch or tag by that name")]
    UnknownRevision {
        /// The revision as given.
        rev: String,
    },

    /// A revision that exists but does not name (or lead to) a commit.
    #[error("revision {rev:?} is not a commit")]
    NotACommit {
        /// The revision as given.
        rev: String,
    },

    /// The file does not exist in the given revision.
    #[error("file {path} does not exist in revision {rev:?}")]
    NotInRevision {
        /// Workspace-relative path.
        path: String,
        /// The revision as given.
        rev: String,
    },

    /// Restoring would throw away uncommitted changes of the file.
    #[error(
        "file {path} has changes that are not committed; commit them first or restore with \
         discarding local changes allowed"
    )]
    UncommittedChanges {
        /// Workspace-relative path.
        path: String,
    },

    /// The Git index is locked by another process (or a crashed one).
    #[error(
        "the Git index is locked: {} exists. Another Git program may be running in this \
         repository; if none is, delete that file and try again. Nothing was changed.",
        lock.display()
    )]
    IndexLocked {
        /// The lock file, `<git dir>/index.lock`.
        lock: PathBuf,
    },

    /// A reference (branch, HEAD) is locked by another process.
    #[error(
        "{what} is locked by another Git program ({message}); if none is running, delete the \
         stale .lock file and try again"
    )]
    RefLocked {
        /// The reference, e.g. `refs/heads/main`.
        what: String,
        /// libgit2's message, which names the lock file.
        message: String,
    },

    /// The reference moved while we were working (someone else committed at the same time).
    #[error("{reference} was changed by someone else while committing; nothing was committed, try again")]
    ConcurrentUpdate {
        /// The reference that moved.
        reference: String,
    },

    /// A merge, rebase, cherry-pick, revert or bisect is in progress.
    #[error("a {operation} is in progress in {}; {hint}", repo.display())]
    OperationInProgress {
        /// `merge`, `rebase`, ...
        operation: String,
        /// What to do about it.
        hint: String,
        /// The repository's working folder.
        repo: PathBuf,
    },

    /// The index has unresolved merge conflicts.
    #[error(
        "the repository has unresolved conflicts in: {}; resolve them (and `git add` the \
         files) before committing",
        paths.join(", ")
    )]
    UnresolvedConflicts {
        /// Repository-relative paths with conflict entries.
        paths: Vec<String>,
    },

    /// HEAD does not point at a branch.
    #[error("HEAD is detached (not on a branch); switch to a branch before {action}")]
    DetachedHead {
        /// What was attempted, e.g. "committing".
        action: String,
    },

    /// The repository has no commit yet.
    #[error("the repository has no commits yet; commit a file before {action}")]
    NoCommits {
        /// What was attempted, e.g. "creating a branch".
        action: String,
    },

    /// An empty commit message.
    #[error("the commit message is empty")]
    EmptyMessage,

    /// A commit or tag message Git cannot store.
    #[error("invalid message: {reason}")]
    InvalidMessage {
        /// Why.
        reason: String,
    },

    /// No such local branch.
    #[error("branch {name:?} does not exist")]
    BranchNotFound {
        /// Branch name.
        name: String,
    },

    /// A branch of that name exists already.
    #[error("branch {name:?} already exists")]
    BranchExists {
        /// Branch name.
        name: String,
    },

    /// Not a valid branch name (see `git check-ref-format --branch`).
    #[error("{name:?} is not a valid branch name")]
    InvalidBranchName {
        /// Branch name.
        name: String,
    },

    /// A tag of that name exists already.
    #[error("tag {name:?} already exists")]
    TagExists {
        /// Tag name.
        name: String,
    },

    /// Not a valid tag name.
    #[error("{name:?} is not a valid tag name")]
    InvalidTagName {
        /// Tag name.
        name: String,
    },

    /// A checkout (switching branch, fast-forwarding) would overwrite local changes.
    #[error(
        "cannot update the working folder to {target}: it would overwrite local changes to {}. \
         Commit them (or move them away) first. Nothing was changed.",
        paths.join(", ")
    )]
    CheckoutConflict {
        /// The branch or commit being checked out.
        target: String,
        /// Repository-relative paths that are in the way.
        paths: Vec<String>,
    },

    /// No remote of that name.
    #[error("remote {name:?} does not exist")]
    RemoteNotFound {
        /// Remote name.
        name: String,
    },

    /// A remote of that name exists already.
    #[error("remote {name:?} already exists")]
    RemoteExists {
        /// Remote name.
        name: String,
    },

    /// The remote has no such branch.
    #[error("remote {remote:?} has no branch {branch:?}")]
    RemoteBranchNotFound {
        /// Remote name.
        remote: String,
        /// Branch name.
        branch: String,
    },

    /// Local and remote histories both have commits the other lacks.
    #[error(
        "cannot fast-forward {local_branch} to {remote}/{branch}: the histories have diverged \
         (this branch has {ahead} commit(s) the remote lacks, and the remote has {behind} \
         commit(s) this branch lacks). Merge or rebase with Git, then try again."
    )]
    Diverged {
        /// Remote name.
        remote: String,
        /// Remote branch name.
        branch: String,
        /// The local branch that would have moved.
        local_branch: String,
        /// Commits only on the local side.
        ahead: usize,
        /// Commits only on the remote side.
        behind: usize,
    },

    /// The remote refused the push.
    #[error("push of {branch:?} to {remote:?} was rejected: {reason}")]
    PushRejected {
        /// Remote name.
        remote: String,
        /// Branch name.
        branch: String,
        /// Why.
        reason: String,
    },

    /// Talking to a remote failed (connection, protocol, unsupported URL scheme).
    #[error("could not reach remote {remote:?} ({url}): {message}")]
    Network {
        /// Remote name.
        remote: String,
        /// Its URL.
        url: String,
        /// What went wrong.
        message: String,
    },

    /// A file system error.
    #[error("{action} {}: {source}", path.display())]
    Io {
        /// What was being done, e.g. "cannot read".
        action: &'static str,
        /// The path concerned.
        path: PathBuf,
        /// The underlying error.
        #[source]
        source: std::io::Error,
    },

    /// Any other error from libgit2.
    #[error("{context}: {source}")]
    Git {
        /// What was being done.
        context: String,
        /// libgit2's error.
        #[source]
        source: git2::Error,
    },
}

/// Shorthand for results of this crate.
pub type Result<T, E = VcsError> = std::result::Result<T, E>;

/// Adds context to libgit2 errors.
pub(crate) trait GitContext<T> {
    fn ctx(self, context: impl FnOnce() -> String) -> Result<T>;
}

impl<T> GitContext<T> for std::result::Result<T, git2::Error> {
    fn ctx(self, context: impl FnOnce() -> String) -> Result<T> {
        self.map_err(|source| VcsError::Git {
            context: context(),
            source,
        })
    }
}

pub(crate) fn io_err(
    action: &'static str,
    path: impl Into<PathBuf>,
) -> impl FnOnce(std::io::Error) -> VcsError {
    let path = path.into();
    move |source| VcsError::Io {
        action,
        path,
        source,
    }
}
