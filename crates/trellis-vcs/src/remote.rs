//! Remotes: fetch, fast-forward-only pull, non-force push.

use std::cell::RefCell;

use git2::{AutotagOption, ErrorCode, FetchOptions, PushOptions, RemoteCallbacks};
use serde::Serialize;

use crate::error::{GitContext, Result, VcsError};
use crate::repo::Repo;

/// A configured remote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RemoteInfo {
    /// Name, e.g. `origin`.
    pub name: String,
    /// Fetch URL.
    pub url: Option<String>,
}

/// A reference that a fetch created or moved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct RefUpdate {
    /// Full reference name, e.g. `refs/remotes/origin/main`.
    pub name: String,
    /// Previous commit id; `None` for a new reference.
    pub old: Option<String>,
    /// New commit id.
    pub new: String,
}

/// What [`Repo::fetch`] did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FetchSummary {
    /// Objects received.
    pub received_objects: usize,
    /// References created or moved.
    pub updated_refs: Vec<RefUpdate>,
}

/// What [`Repo::pull_ff`] did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum PullOutcome {
    /// Nothing to take: the remote branch has no commit this branch lacks. `ahead` counts
    /// local commits the remote lacks (to push).
    UpToDate {
        /// Local commits not on the remote.
        ahead: usize,
    },
    /// The current branch was fast-forwarded.
    FastForwarded {
        /// The local branch that moved.
        branch: String,
        /// Its previous commit (`None` if it had none).
        from: Option<String>,
        /// Its new commit.
        to: String,
        /// Commits taken.
        commits: usize,
    },
}

/// What [`Repo::push`] did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PushSummary {
    /// Remote name.
    pub remote: String,
    /// Branch pushed.
    pub branch: String,
    /// The commit the remote branch now points at.
    pub commit: String,
}

impl Repo {
    /// Configured remotes, sorted by name.
    pub fn remotes(&self) -> Result<Vec<RemoteInfo>> {
        let names = self.git.remotes().ctx(|| "cannot list remotes".into())?;
        let mut out: Vec<RemoteInfo> = names
            .iter()
            .flatten()
            .flatten()
            .map(|name| RemoteInfo {
                name: name.to_owned(),
                url: self
                    .git
                    .find_remote(name)
                    .ok()
                    .and_then(|r| r.url().ok().map(str::to_owned)),
            })
            .collect();
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }

    /// Adds a remote with Git's default fetch refspec (`git remote add NAME URL`).
    pub fn add_remote(&self, name: &str, url: &str) -> Result<RemoteInfo> {
        self.git.remote(name, url).map_err(|e| match e.code() {
            ErrorCode::Exists => VcsError::RemoteExists {
                name: name.to_owned(),
            },
            _ => VcsError::Git {
                context: format!("cannot add remote {name:?} ({url})"),
                source: e,
            },
        })?;
        Ok(RemoteInfo {
            name: name.to_owned(),
            url: Some(url.to_owned()),
        })
    }

    fn find_remote(&self, name: &str) -> Result<git2::Remote<'_>> {
        self.git.find_remote(name).map_err(|e| match e.code() {
            ErrorCode::NotFound | ErrorCode::InvalidSpec => VcsError::RemoteNotFound {
                name: name.to_owned(),
            },
            _ => VcsError::Git {
                context: format!("cannot read remote {name:?}"),
                source: e,
            },
        })
    }

    /// Fetches from `remote` with its configured refspecs (`git fetch REMOTE`): updates
    /// remote-tracking branches and tags; never touches local branches or files.
    pub fn fetch(&self, remote: &str) -> Result<FetchSummary> {
        self.fetch_refspecs(remote, &[])
    }

    fn fetch_refspecs(&self, remote: &str, refspecs: &[String]) -> Result<FetchSummary> {
        let mut r = self.find_remote(remote)?;
        let url = r.url().unwrap_or_default().to_owned();
        let updates = RefCell::new(Vec::new());
        let result = {
            let mut cbs = RemoteCallbacks::new();
            cbs.update_tips(|name, old, new| {
                updates.borrow_mut().push(RefUpdate {
                    name: name.to_owned(),
                    old: (!old.is_zero()).then(|| old.to_string()),
                    new: new.to_string(),
                });
                true
            });
            let mut opts = FetchOptions::new();
            opts.remote_callbacks(cbs)
                .download_tags(AutotagOption::Auto);
            r.fetch(refspecs, Some(&mut opts), None)
        };
        result.map_err(|e| network_error(remote, &url, e))?;
        let received_objects = r.stats().received_objects();
        Ok(FetchSummary {
            received_objects,
            updated_refs: updates.into_inner(),
        })
    }

    /// Fetches `branch` from `remote` and fast-forwards the **current** branch to it
    /// (`git pull --ff-only REMOTE BRANCH`), updating the working folder safely.
    ///
    /// * Up to date (the remote has nothing new): [`PullOutcome::UpToDate`].
    /// * Histories diverged: [`VcsError::Diverged`] with the ahead/behind counts; nothing
    ///   is changed. Never merges, never forces.
    /// * Local changes that the new commits would overwrite:
    ///   [`VcsError::CheckoutConflict`]; nothing is changed (the remote-tracking branch is
    ///   updated, as with `git fetch`).
    pub fn pull_ff(&self, remote: &str, branch: &str) -> Result<PullOutcome> {
        if !git2::Branch::name_is_valid(branch).unwrap_or(false) {
            return Err(VcsError::InvalidBranchName {
                name: branch.to_owned(),
            });
        }
        self.ensure_clean_state()?;
        let local_ref = self
            .head_branch_ref()?
            .ok_or_else(|| VcsError::DetachedHead {
                action: "pulling".into(),
            })?;
        let local_branch = local_ref
            .strip_prefix("refs/heads/")
            .unwrap_or(&local_ref)
            .to_owned();
        let tracking = format!("refs/remotes/{remote}/{branch}");
        // Make sure the branch exists on the remote (an explicit refspec for a missing
        // branch is an error in libgit2, with a less helpful message).
        let spec = format!("+refs/heads/{branch}:{tracking}");
        self.fetch_refspecs(remote, &[spec]).map_err(|e| match e {
            VcsError::Network { message, .. }
                if message.contains("no match for")
                    || message.contains("couldn't find remote ref") =>
            {
                VcsError::RemoteBranchNotFound {
                    remote: remote.to_owned(),
                    branch: branch.to_owned(),
                }
            }
            other => other,
        })?;
        let upstream_id =
            self.git
                .refname_to_id(&tracking)
                .map_err(|_| VcsError::RemoteBranchNotFound {
                    remote: remote.to_owned(),
                    branch: branch.to_owned(),
                })?;
        let upstream = self
            .git
            .find_commit(upstream_id)
            .ctx(|| format!("cannot read {remote}/{branch}"))?;

        let local = self.head_commit()?;
        let local_id = local.as_ref().map(|c| c.id());
        let commits = match local_id {
            Some(id) if id == upstream_id => return Ok(PullOutcome::UpToDate { ahead: 0 }),
            Some(id) => {
                let (ahead, behind) = self
                    .git
                    .graph_ahead_behind(id, upstream_id)
                    .ctx(|| format!("cannot compare {local_branch} with {remote}/{branch}"))?;
                if behind == 0 {
                    return Ok(PullOutcome::UpToDate { ahead });
                }
                if ahead > 0 {
                    return Err(VcsError::Diverged {
                        remote: remote.to_owned(),
                        branch: branch.to_owned(),
                        local_branch,
                        ahead,
                        behind,
                    });
                }
                behind
            }
            None => {
                let mut walk = self.git.revwalk().ctx(|| "cannot walk history".into())?;
                walk.push(upstream_id)
                    .ctx(|| "cannot walk history".into())?;
                walk.count()
            }
        };

        self.ensure_index_unlocked()?;
        self.fresh_index()?;
        self.checkout_safely(upstream.as_object(), &format!("{remote}/{branch}"))?;
        let msg = format!("pull --ff-only {remote} {branch}: Fast-forward");
        let moved = match local_id {
            Some(old) => self
                .git
                .reference_matching(&local_ref, upstream_id, true, old, &msg),
            None => self.git.reference(&local_ref, upstream_id, false, &msg),
        };
        moved.map_err(|e| match e.code() {
            ErrorCode::Locked => VcsError::RefLocked {
                what: local_ref.clone(),
                message: e.message().to_owned(),
            },
            ErrorCode::Modified | ErrorCode::Exists => VcsError::ConcurrentUpdate {
                reference: local_ref.clone(),
            },
            _ => VcsError::Git {
                context: format!("cannot update {local_ref}"),
                source: e,
            },
        })?;
        Ok(PullOutcome::FastForwarded {
            branch: local_branch,
            from: local_id.map(|i| i.to_string()),
            to: upstream_id.to_string(),
            commits,
        })
    }

    /// Pushes local branch `branch` to the branch of the same name on `remote`, without
    /// force (`git push REMOTE BRANCH`). A push that is not a fast-forward, or that the
    /// remote refuses, is [`VcsError::PushRejected`] with the reason; the remote is left
    /// as it was.
    pub fn push(&self, remote: &str, branch: &str) -> Result<PushSummary> {
        let local = self
            .git
            .find_branch(branch, git2::BranchType::Local)
            .map_err(|_| VcsError::BranchNotFound {
                name: branch.to_owned(),
            })?;
        let commit = local
            .get()
            .peel_to_commit()
            .ctx(|| format!("cannot read branch {branch:?}"))?;
        let mut r = self.find_remote(remote)?;
        let url = r
            .pushurl()
            .ok()
            .flatten()
            .or_else(|| r.url().ok())
            .unwrap_or_default()
            .to_owned();
        let rejected = RefCell::new(Vec::<String>::new());
        let remote_said = RefCell::new(String::new());
        let result = {
            let mut cbs = RemoteCallbacks::new();
            cbs.sideband_progress(|data| {
                remote_said
                    .borrow_mut()
                    .push_str(&String::from_utf8_lossy(data));
                true
            });
            cbs.push_update_reference(|refname, status| {
                if let Some(s) = status {
                    rejected.borrow_mut().push(format!("{refname}: {s}"));
                }
                Ok(())
            });
            let mut opts = PushOptions::new();
            opts.remote_callbacks(cbs);
            let spec = format!("refs/heads/{branch}:refs/heads/{branch}");
            r.push(&[spec], Some(&mut opts))
        };
        let said: Vec<String> = remote_said
            .into_inner()
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(str::to_owned)
            .collect();
        let reject = |mut reason: String| {
            if !said.is_empty() {
                reason.push_str(&format!(" (the remote said: {})", said.join(" / ")));
            }
            VcsError::PushRejected {
                remote: remote.to_owned(),
                branch: branch.to_owned(),
                reason,
            }
        };
        match result {
            Ok(()) => {}
            Err(e) if e.code() == ErrorCode::NotFastForward => {
                return Err(reject(format!(
                    "the remote branch has commits that this repository does not have (not a \
                     fast-forward); pull (fetch and integrate) first. ({})",
                    e.message()
                )))
            }
            Err(e) => {
                if !rejected.borrow().is_empty() {
                    return Err(reject(rejected.borrow().join("; ")));
                }
                return Err(network_error(remote, &url, e));
            }
        }
        let rejected = rejected.into_inner();
        if !rejected.is_empty() {
            return Err(reject(rejected.join("; ")));
        }
        Ok(PushSummary {
            remote: remote.to_owned(),
            branch: branch.to_owned(),
            commit: commit.id().to_string(),
        })
    }
}

fn network_error(remote: &str, url: &str, e: git2::Error) -> VcsError {
    let mut message = e.message().to_owned();
    let lower = url.to_ascii_lowercase();
    let scp_like = !lower.contains("://") && url.contains('@') && url.contains(':');
    if lower.starts_with("https://")
        || lower.starts_with("http://")
        || lower.starts_with("ssh://")
        || scp_like
    {
        message.push_str(
            " (this build of Trellis reaches remotes through local paths, file:// and git:// \
             URLs only; use the git command line for http(s) and ssh remotes)",
        );
    } else if !lower.contains("://") && !std::path::Path::new(url).exists() {
        message = format!("there is no repository at the path {url}");
    }
    VcsError::Network {
        remote: remote.to_owned(),
        url: url.to_owned(),
        message,
    }
}
