//! Git-backed versioning of a Trellis workspace.
//!
//! A Trellis workspace is a Git repository (or a folder inside one). This crate is the
//! only place that talks to Git; the API, CLI and UI call it through [`Repo`]:
//!
//! | need | method |
//! | --- | --- |
//! | open / create | [`Repo::open_or_init`], [`Repo::open`], [`Repo::open_with`] |
//! | commit one file | [`Repo::commit_file`] |
//! | history of a file | [`Repo::history`] |
//! | any version of a file | [`Repo::file_at`], [`Repo::commit_info`], [`Repo::head`] |
//! | restore a version | [`Repo::restore_file`] |
//! | badge | [`Repo::status`] |
//! | branches | [`Repo::branches`], [`Repo::current_branch`], [`Repo::create_branch`], [`Repo::switch_branch`] |
//! | tags | [`Repo::tags`], [`Repo::create_tag`] |
//! | remotes | [`Repo::remotes`], [`Repo::add_remote`], [`Repo::fetch`], [`Repo::pull_ff`], [`Repo::push`] |
//!
//! # Paths
//!
//! The workspace may be a subfolder of the repository: [`Repo::open`] discovers the
//! repository upward like `git` does. File paths given to and returned by `Repo` are
//! relative to the workspace (absolute paths inside it are accepted), and are stored in
//! Git relative to the repository root. Paths that leave the workspace (`../x`, another
//! absolute path) or point into `.git` are refused.
//!
//! # Why a commit is built from HEAD's tree
//!
//! The user commits *one file* from Trellis, while the same repository may hold other
//! work in progress: files modified in an editor, changes staged with `git add`.
//! `git commit` would commit everything staged; Trellis must not. So
//! [`Repo::commit_file`] does not commit the index. It:
//!
//! 1. checks that nothing is in the way: no merge/rebase/cherry-pick/revert/bisect in
//!    progress, no `.git/index.lock`, no unresolved conflicts, HEAD on a branch;
//! 2. reads the file's bytes once from disk (the caller wrote it atomically) and stores
//!    them as a blob, byte for byte (no end-of-line filters);
//! 3. takes HEAD's tree and replaces that one path (a `TreeUpdateBuilder`), so every
//!    other path is exactly as in the last commit, whatever is staged for it;
//! 4. writes the commit object, not yet referenced by anything;
//! 5. updates the index entry **of that path only**, with the blob id and the file's stat
//!    data, so `git status` sees the file as committed and every other entry (staged
//!    changes included) stays as it was. The index is written through libgit2's own
//!    `index.lock`, atomically;
//! 6. moves the branch with a compare-and-swap against the parent it built on (a
//!    concurrent commit by another program makes it fail instead of losing that commit);
//!    if that fails, the index entry is put back.
//!
//! A commit whose file equals HEAD's version is not made ([`CommitOutcome::Unchanged`]).
//!
//! # How safety is ensured
//!
//! * **History is never rewritten.** Restoring an old version makes a new commit
//!   ([`Repo::restore_file`]); pulling only fast-forwards ([`VcsError::Diverged`]
//!   otherwise); pushing never forces ([`VcsError::PushRejected`]).
//! * **Local changes are never overwritten silently.** Switching branch and pulling use
//!   libgit2's *safe* checkout, which first computes everything it would do and refuses
//!   as a whole ([`VcsError::CheckoutConflict`], naming the files) when a modified,
//!   staged or untracked file is in the way. Restoring refuses to overwrite a file with
//!   uncommitted changes unless the caller says so, and puts the file back if the commit
//!   fails. Files are written atomically ([`write_atomic`]: temp file in the same folder,
//!   fsync, rename).
//! * **Other Git programs are respected.** A locked index ([`VcsError::IndexLocked`]), a
//!   locked reference, an operation in progress ([`VcsError::OperationInProgress`]) or
//!   unresolved conflicts stop the operation before anything is written. What this crate
//!   writes is ordinary Git data: `git log`, `git status` and `git fsck --strict` see it
//!   as they would their own.
//! * **No panics on bad input.** Unknown revisions, paths outside the workspace, bare
//!   repositories and the like are [`VcsError`]s whose messages name the path, branch or
//!   remote concerned.
//!
//! # Identity
//!
//! Commits and annotated tags are made as `user.name`/`user.email` from the Git
//! configuration (repository first, then global), as an explicit [`Identity`] if one is
//! set, and otherwise as [`FALLBACK_NAME`] `<`[`FALLBACK_EMAIL`]`>`. The `GIT_AUTHOR_*`
//! environment variables are not read.
//!
//! # Remotes
//!
//! libgit2 is built without HTTPS and SSH support (the workspace's `git2` dependency has
//! no default features), so remotes work over local paths, `file://` and `git://` URLs.
//! Other URLs give a [`VcsError::Network`] that says so.

mod commit;
mod error;
mod fsutil;
mod history;
mod info;
mod refs;
mod remote;
mod repo;
mod status;

pub use commit::CommitOutcome;
pub use error::{Result, VcsError};
pub use fsutil::write_atomic;
pub use history::{FileChange, HistoryEntry};
pub use info::{rfc3339, CommitInfo};
pub use refs::{BranchInfo, TagInfo};
pub use remote::{FetchSummary, PullOutcome, PushSummary, RefUpdate, RemoteInfo};
pub use repo::{
    Identity, IdentitySource, OpenOptions, Repo, FALLBACK_EMAIL, FALLBACK_NAME, INITIAL_BRANCH,
};
pub use status::FileStatus;

/// Re-export of the `git2` crate this one is built on, for [`Repo::git2`].
pub use git2;
