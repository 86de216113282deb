//! Opening a workspace's repository, path handling, identity and safety checks.

use std::path::{Component, Path, PathBuf};

use git2::{ErrorCode, Repository, RepositoryInitOptions, RepositoryState};
use serde::Serialize;

use crate::error::{GitContext, Result, VcsError};

/// Name used for commits when Git has no `user.name` configured.
pub const FALLBACK_NAME: &str = "Trellis";
/// E-mail used for commits when Git has no `user.email` configured.
pub const FALLBACK_EMAIL: &str = "trellis@localhost";
/// The branch a newly created repository starts on.
pub const INITIAL_BRANCH: &str = "main";

/// Who commits: name and e-mail address.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Identity {
    /// `user.name`.
    pub name: String,
    /// `user.email`.
    pub email: String,
}

impl Identity {
    /// An identity from a name and an e-mail address.
    pub fn new(name: impl Into<String>, email: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            email: email.into(),
        }
    }
}

/// Where the identity used for commits came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum IdentitySource {
    /// Set with [`OpenOptions::identity`] / [`Repo::set_identity`].
    Explicit,
    /// Git configuration (repository, then global/XDG/system).
    GitConfig,
    /// Part or all of it is [`FALLBACK_NAME`] / [`FALLBACK_EMAIL`].
    Fallback,
}

/// How to open a workspace; see [`Repo::open_with`].
#[derive(Debug, Clone, Default)]
pub struct OpenOptions {
    /// Create a repository (initial branch `main`) in the workspace folder when none is
    /// found at or above it. [`Repo::open_or_init`] sets this.
    pub init_if_missing: bool,
    /// Read only the repository's own `.git/config`, ignoring the global, XDG and system
    /// Git configuration files. Mainly for tests and reproducible tooling.
    pub repository_config_only: bool,
    /// Commit as this identity instead of the one from the Git configuration.
    pub identity: Option<Identity>,
}

/// A path inside the workspace, in the forms the code needs.
#[derive(Debug, Clone)]
pub(crate) struct RepoPath {
    /// Relative to the workspace, `/`-separated (what callers see).
    pub ws: String,
    /// Relative to the repository root, `/`-separated (what Git stores).
    pub repo: String,
    /// Absolute path on disk.
    pub abs: PathBuf,
}

/// A Trellis workspace's Git repository.
///
/// All file paths taken and returned by its methods are relative to the **workspace**
/// folder (absolute paths inside the workspace are accepted too), even when the
/// repository's root is a folder above it; Git stores them relative to the repository
/// root. Paths that list repository-wide things (checkout conflicts, unresolved merge
/// conflicts) are relative to the repository root.
///
/// `Repo` is `Send` but not `Sync`; open one per thread if needed (opening is cheap).
pub struct Repo {
    pub(crate) git: Repository,
    /// Canonical workspace folder.
    workspace: PathBuf,
    /// Canonical repository working folder.
    workdir: PathBuf,
    /// Workspace folder relative to the repository root, `/`-separated, "" when equal.
    prefix: String,
    identity: Option<Identity>,
    initialized: bool,
}

impl std::fmt::Debug for Repo {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Repo")
            .field("workspace", &self.workspace)
            .field("workdir", &self.workdir)
            .field("prefix", &self.prefix)
            .field("initialized", &self.initialized)
            .finish_non_exhaustive()
    }
}

impl Repo {
    /// Opens the repository containing `workspace_root` (searching upward), or creates one
    /// in `workspace_root` (initial branch `main`) when there is none.
    ///
    /// The folder must exist. A bare repository is refused.
    pub fn open_or_init(workspace_root: impl AsRef<Path>) -> Result<Repo> {
        Self::open_with(
            workspace_root,
            &OpenOptions {
                init_if_missing: true,
                ..OpenOptions::default()
            },
        )
    }

    /// Opens the repository containing `workspace_root` (searching upward); never creates
    /// one ([`VcsError::NotARepository`] if there is none).
    pub fn open(workspace_root: impl AsRef<Path>) -> Result<Repo> {
        Self::open_with(workspace_root, &OpenOptions::default())
    }

    /// Opens (or, with [`OpenOptions::init_if_missing`], creates) the workspace's repository.
    pub fn open_with(workspace_root: impl AsRef<Path>, options: &OpenOptions) -> Result<Repo> {
        let given = workspace_root.as_ref();
        let workspace = std::fs::canonicalize(given)
            .ok()
            .filter(|p| p.is_dir())
            .ok_or_else(|| VcsError::WorkspaceNotFound {
                path: given.to_path_buf(),
            })?;

        let (git, initialized) = match Repository::discover(&workspace) {
            Ok(git) => (git, false),
            Err(e) if e.code() == ErrorCode::NotFound => {
                if !options.init_if_missing {
                    return Err(VcsError::NotARepository { path: workspace });
                }
                let mut init = RepositoryInitOptions::new();
                init.initial_head(INITIAL_BRANCH).mkpath(false);
                let git = Repository::init_opts(&workspace, &init)
                    .ctx(|| format!("cannot create a Git repository in {}", workspace.display()))?;
                (git, true)
            }
            Err(e) => {
                return Err(VcsError::Git {
                    context: format!("cannot open the Git repository of {}", workspace.display()),
                    source: e,
                })
            }
        };

        if git.is_bare() {
            return Err(VcsError::BareRepository {
                path: git.path().to_path_buf(),
            });
        }
        let workdir_raw = git.workdir().ok_or_else(|| VcsError::BareRepository {
            path: git.path().to_path_buf(),
        })?;
        let workdir = std::fs::canonicalize(workdir_raw)
            .map_err(crate::error::io_err("cannot open", workdir_raw))?;
        let git_dir =
            std::fs::canonicalize(git.path()).unwrap_or_else(|_| git.path().to_path_buf());
        if workspace.starts_with(&git_dir) {
            return Err(VcsError::WorkspaceInsideGitDir { workspace, git_dir });
        }
        let rel = workspace
            .strip_prefix(&workdir)
            .map_err(|_| VcsError::PathOutsideWorkspace {
                path: workspace.clone(),
                workspace: workdir.clone(),
            })?;
        let mut parts = Vec::new();
        for c in rel.components() {
            match c {
                Component::Normal(s) => {
                    parts.push(s.to_str().map(str::to_owned).ok_or_else(|| {
                        VcsError::InvalidPath {
                            path: workspace.clone(),
                            reason: "the workspace path is not valid UTF-8".into(),
                        }
                    })?)
                }
                _ => {
                    return Err(VcsError::InvalidPath {
                        path: workspace.clone(),
                        reason: "unexpected path component".into(),
                    })
                }
            }
        }
        let prefix = parts.join("/");

        if options.repository_config_only {
            let mut cfg = git2::Config::new().ctx(|| "cannot create a Git configuration".into())?;
            let local = git.path().join("config");
            cfg.add_file(&local, git2::ConfigLevel::Local, false)
                .ctx(|| format!("cannot read {}", local.display()))?;
            git.set_config(&cfg)
                .ctx(|| "cannot set the repository configuration".into())?;
        }

        Ok(Repo {
            git,
            workspace,
            workdir,
            prefix,
            identity: options.identity.clone(),
            initialized,
        })
    }

    /// True if this call created the repository (rather than opening an existing one).
    pub fn initialized(&self) -> bool {
        self.initialized
    }

    /// The workspace folder (canonical).
    pub fn workspace(&self) -> &Path {
        &self.workspace
    }

    /// The repository's working folder (canonical); equal to [`Repo::workspace`] or above it.
    pub fn repo_root(&self) -> &Path {
        &self.workdir
    }

    /// The `.git` folder.
    pub fn git_dir(&self) -> &Path {
        self.git.path()
    }

    /// The workspace folder relative to the repository root, `/`-separated; `""` when the
    /// workspace is the repository root.
    pub fn workspace_prefix(&self) -> &str {
        &self.prefix
    }

    /// The underlying libgit2 repository, for anything this crate does not cover.
    pub fn git2(&self) -> &Repository {
        &self.git
    }

    /// Commit as `identity` from now on (`None`: back to the Git configuration).
    pub fn set_identity(&mut self, identity: Option<Identity>) {
        self.identity = identity;
    }

    /// The identity commits are made with, and where it comes from: an explicit one, else
    /// `user.name`/`user.email` from the Git configuration (repository first, then global),
    /// else [`FALLBACK_NAME`] / [`FALLBACK_EMAIL`] for whatever part is missing.
    pub fn identity(&self) -> (Identity, IdentitySource) {
        if let Some(id) = &self.identity {
            return (id.clone(), IdentitySource::Explicit);
        }
        let read = |key: &str| -> Option<String> {
            let cfg = self.git.config().ok()?.snapshot().ok()?;
            let v = cfg.get_string(key).ok()?;
            let v = v.trim().to_owned();
            (!v.is_empty()).then_some(v)
        };
        let name = read("user.name");
        let email = read("user.email");
        let source = if name.is_some() && email.is_some() {
            IdentitySource::GitConfig
        } else {
            IdentitySource::Fallback
        };
        (
            Identity {
                name: name.unwrap_or_else(|| FALLBACK_NAME.to_owned()),
                email: email.unwrap_or_else(|| FALLBACK_EMAIL.to_owned()),
            },
            source,
        )
    }

    pub(crate) fn signature(&self) -> Result<git2::Signature<'static>> {
        let (id, _) = self.identity();
        git2::Signature::now(&id.name, &id.email).or_else(|_| {
            // libgit2 refuses names/e-mails with angle brackets or newlines; fall back
            // rather than failing the user's commit.
            git2::Signature::now(FALLBACK_NAME, FALLBACK_EMAIL)
                .ctx(|| "cannot create a commit signature".into())
        })
    }

    /// Resolves a caller's path (relative to the workspace, or absolute inside it).
    pub(crate) fn resolve(&self, path: &Path) -> Result<RepoPath> {
        let invalid = |reason: &str| VcsError::InvalidPath {
            path: path.to_path_buf(),
            reason: reason.to_owned(),
        };
        let outside = || VcsError::PathOutsideWorkspace {
            path: path.to_path_buf(),
            workspace: self.workspace.clone(),
        };
        if path.as_os_str().is_empty() {
            return Err(invalid("the path is empty"));
        }
        let relative: PathBuf = if path.is_absolute() {
            let norm = normalize_lexically(path).ok_or_else(outside)?;
            if let Ok(r) = norm.strip_prefix(&self.workspace) {
                r.to_path_buf()
            } else {
                // The caller may use a non-canonical spelling of the workspace (symbolic
                // links such as /tmp -> /private/tmp): canonicalise the longest existing
                // ancestor and try again.
                let mut existing = norm.as_path();
                let mut rest = Vec::new();
                loop {
                    if let Ok(c) = std::fs::canonicalize(existing) {
                        let mut full = c;
                        for part in rest.iter().rev() {
                            full.push(part);
                        }
                        break full
                            .strip_prefix(&self.workspace)
                            .map(Path::to_path_buf)
                            .map_err(|_| outside())?;
                    }
                    match (existing.parent(), existing.file_name()) {
                        (Some(parent), Some(name)) => {
                            rest.push(name.to_os_string());
                            existing = parent;
                        }
                        _ => return Err(outside()),
                    }
                }
            }
        } else {
            path.to_path_buf()
        };

        let mut parts: Vec<String> = Vec::new();
        for c in relative.components() {
            match c {
                Component::CurDir => {}
                Component::ParentDir => {
                    if parts.pop().is_none() {
                        return Err(outside());
                    }
                }
                Component::Normal(s) => {
                    let s = s
                        .to_str()
                        .ok_or_else(|| invalid("the path is not valid UTF-8"))?;
                    if s.contains('\0') {
                        return Err(invalid("the path contains a NUL byte"));
                    }
                    if s.eq_ignore_ascii_case(".git") {
                        return Err(invalid("paths inside the .git folder cannot be versioned"));
                    }
                    parts.push(s.to_owned());
                }
                Component::RootDir | Component::Prefix(_) => return Err(outside()),
            }
        }
        if parts.is_empty() {
            return Err(invalid(
                "the path names the workspace folder itself, not a file",
            ));
        }
        let ws = parts.join("/");
        let repo = if self.prefix.is_empty() {
            ws.clone()
        } else {
            format!("{}/{}", self.prefix, ws)
        };
        let mut abs = self.workspace.clone();
        abs.extend(&parts);
        Ok(RepoPath { ws, repo, abs })
    }

    /// Refuses to go on while a merge, rebase, cherry-pick, revert or bisect is in progress.
    pub(crate) fn ensure_clean_state(&self) -> Result<()> {
        let (operation, hint) = match self.git.state() {
            RepositoryState::Clean => return Ok(()),
            RepositoryState::Merge => (
                "merge",
                "finish it (resolve, `git add`, `git commit`) or abort it with `git merge --abort` first",
            ),
            RepositoryState::Rebase
            | RepositoryState::RebaseInteractive
            | RepositoryState::RebaseMerge
            | RepositoryState::ApplyMailbox
            | RepositoryState::ApplyMailboxOrRebase => (
                "rebase",
                "finish it with `git rebase --continue` or abort it with `git rebase --abort` first",
            ),
            RepositoryState::CherryPick | RepositoryState::CherryPickSequence => (
                "cherry-pick",
                "finish it with `git cherry-pick --continue` or abort it with `git cherry-pick --abort` first",
            ),
            RepositoryState::Revert | RepositoryState::RevertSequence => (
                "revert",
                "finish it with `git revert --continue` or abort it with `git revert --abort` first",
            ),
            RepositoryState::Bisect => ("bisect", "end it with `git bisect reset` first"),
        };
        Err(VcsError::OperationInProgress {
            operation: operation.to_owned(),
            hint: hint.to_owned(),
            repo: self.workdir.clone(),
        })
    }

    /// The index lock file.
    pub(crate) fn index_lock_path(&self) -> PathBuf {
        self.git.path().join("index.lock")
    }

    /// Refuses to go on while `index.lock` exists.
    pub(crate) fn ensure_index_unlocked(&self) -> Result<()> {
        let lock = self.index_lock_path();
        if lock.exists() {
            return Err(VcsError::IndexLocked { lock });
        }
        Ok(())
    }

    /// Loads the index fresh from disk and refuses unresolved conflicts.
    pub(crate) fn fresh_index(&self) -> Result<git2::Index> {
        let mut index = self
            .git
            .index()
            .ctx(|| "cannot open the Git index".into())?;
        index
            .read(true)
            .ctx(|| "cannot read the Git index".into())?;
        if index.has_conflicts() {
            let mut paths = Vec::new();
            if let Ok(conflicts) = index.conflicts() {
                for c in conflicts.flatten() {
                    let entry = c.our.or(c.their).or(c.ancestor);
                    if let Some(e) = entry {
                        paths.push(String::from_utf8_lossy(&e.path).into_owned());
                    }
                }
            }
            return Err(VcsError::UnresolvedConflicts { paths });
        }
        Ok(index)
    }

    /// Maps an error from writing the index.
    pub(crate) fn index_write_error(&self, e: git2::Error) -> VcsError {
        if e.code() == ErrorCode::Locked {
            VcsError::IndexLocked {
                lock: self.index_lock_path(),
            }
        } else {
            VcsError::Git {
                context: "cannot write the Git index".into(),
                source: e,
            }
        }
    }

    /// The branch HEAD points at (`refs/heads/...`), also when it has no commit yet.
    /// `None` when HEAD is detached.
    pub(crate) fn head_branch_ref(&self) -> Result<Option<String>> {
        let head = self
            .git
            .find_reference("HEAD")
            .ctx(|| "cannot read HEAD".into())?;
        Ok(head.symbolic_target().ok().flatten().map(str::to_owned))
    }

    /// The commit HEAD points at; `None` when the current branch has no commit yet.
    pub(crate) fn head_commit(&self) -> Result<Option<git2::Commit<'_>>> {
        match self.git.head() {
            Ok(r) => Ok(Some(
                r.peel_to_commit()
                    .ctx(|| "cannot read the commit HEAD points at".into())?,
            )),
            Err(e) if e.code() == ErrorCode::UnbornBranch || e.code() == ErrorCode::NotFound => {
                Ok(None)
            }
            Err(e) => Err(VcsError::Git {
                context: "cannot read HEAD".into(),
                source: e,
            }),
        }
    }

    /// Resolves anything `git rev-parse` accepts to a commit.
    pub(crate) fn resolve_commit(&self, rev: &str) -> Result<git2::Commit<'_>> {
        let unknown = || VcsError::UnknownRevision {
            rev: rev.to_owned(),
        };
        if rev.trim().is_empty() || rev.contains('\0') {
            return Err(unknown());
        }
        let obj = self.git.revparse_single(rev).map_err(|e| match e.code() {
            ErrorCode::NotFound | ErrorCode::InvalidSpec | ErrorCode::Ambiguous => unknown(),
            ErrorCode::UnbornBranch => unknown(),
            _ => VcsError::Git {
                context: format!("cannot resolve revision {rev:?}"),
                source: e,
            },
        })?;
        obj.peel_to_commit().map_err(|_| VcsError::NotACommit {
            rev: rev.to_owned(),
        })
    }
}

/// Removes `.` and resolves `..` without touching the file system. `None` if `..` would
/// climb above the root.
fn normalize_lexically(path: &Path) -> Option<PathBuf> {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    return None;
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    Some(out)
}
