//! Branches, tags, and the safe checkout they share with pulling.

use std::cell::RefCell;

use git2::build::CheckoutBuilder;
use git2::{BranchType, CheckoutNotificationType, ErrorCode};
use serde::Serialize;

use crate::error::{GitContext, Result, VcsError};
use crate::info::CommitInfo;
use crate::repo::Repo;

/// A local branch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct BranchInfo {
    /// Short name, e.g. `main`.
    pub name: String,
    /// True for the branch HEAD is on.
    pub is_current: bool,
    /// The commit it points at.
    pub commit: Option<CommitInfo>,
    /// Its upstream, e.g. `origin/main`, when one is configured.
    pub upstream: Option<String>,
}

/// A tag.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct TagInfo {
    /// Short name, e.g. `v1.0`.
    pub name: String,
    /// True for an annotated tag (a tag object with tagger and message).
    pub annotated: bool,
    /// The annotated tag's message.
    pub message: Option<String>,
    /// The commit it points at (after peeling); `None` for tags of other objects.
    pub commit: Option<CommitInfo>,
}

impl Repo {
    /// The name of the current branch (also before its first commit); `None` when HEAD is
    /// detached.
    pub fn current_branch(&self) -> Result<Option<String>> {
        Ok(self
            .head_branch_ref()?
            .map(|r| r.strip_prefix("refs/heads/").unwrap_or(&r).to_owned()))
    }

    /// Local branches sorted by name, the current one marked. A branch with no commit yet
    /// (a new repository) is not listed, as with `git branch`.
    pub fn branches(&self) -> Result<Vec<BranchInfo>> {
        let current = self.current_branch()?;
        let mut out = Vec::new();
        for item in self
            .git
            .branches(Some(BranchType::Local))
            .ctx(|| "cannot list branches".into())?
        {
            let (branch, _) = item.ctx(|| "cannot list branches".into())?;
            let Ok(Some(name)) = branch.name().map(|n| n.map(str::to_owned)) else {
                continue;
            };
            let commit = branch
                .get()
                .peel_to_commit()
                .ok()
                .map(|c| CommitInfo::from_commit(&c));
            let upstream = branch
                .upstream()
                .ok()
                .and_then(|u| u.name().ok().flatten().map(str::to_owned));
            out.push(BranchInfo {
                is_current: current.as_deref() == Some(name.as_str()),
                name,
                commit,
                upstream,
            });
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }

    /// Creates branch `name` at HEAD's commit. HEAD stays where it is.
    pub fn create_branch(&self, name: &str) -> Result<BranchInfo> {
        if name.contains('\0')
            || !git2::Branch::name_is_valid(name).unwrap_or(false)
            || name.starts_with('-')
        {
            return Err(VcsError::InvalidBranchName {
                name: name.to_owned(),
            });
        }
        let head = self.head_commit()?.ok_or_else(|| VcsError::NoCommits {
            action: "creating a branch".into(),
        })?;
        let branch = self
            .git
            .branch(name, &head, false)
            .map_err(|e| match e.code() {
                ErrorCode::Exists => VcsError::BranchExists {
                    name: name.to_owned(),
                },
                ErrorCode::InvalidSpec => VcsError::InvalidBranchName {
                    name: name.to_owned(),
                },
                _ => VcsError::Git {
                    context: format!("cannot create branch {name:?}"),
                    source: e,
                },
            })?;
        let _ = branch;
        Ok(BranchInfo {
            name: name.to_owned(),
            is_current: false,
            commit: Some(CommitInfo::from_commit(&head)),
            upstream: None,
        })
    }

    /// Switches to branch `name`: updates the working folder and the index to its commit,
    /// then points HEAD at it.
    ///
    /// The checkout is safe: if a file with local changes (modified, staged, or untracked
    /// in the way) would have to be overwritten, nothing is changed and
    /// [`VcsError::CheckoutConflict`] lists those files. Local changes to files that are
    /// the same on both branches are carried over, as with `git switch`.
    pub fn switch_branch(&self, name: &str) -> Result<()> {
        let refname = format!("refs/heads/{name}");
        let branch = self
            .git
            .find_branch(name, BranchType::Local)
            .map_err(|e| match e.code() {
                ErrorCode::NotFound | ErrorCode::InvalidSpec => VcsError::BranchNotFound {
                    name: name.to_owned(),
                },
                _ => VcsError::Git {
                    context: format!("cannot find branch {name:?}"),
                    source: e,
                },
            })?;
        if self.head_branch_ref()?.as_deref() == Some(refname.as_str()) {
            return Ok(());
        }
        self.ensure_clean_state()?;
        self.ensure_index_unlocked()?;
        self.fresh_index()?;
        let target = branch
            .get()
            .peel_to_commit()
            .ctx(|| format!("cannot read the commit of branch {name:?}"))?;
        self.checkout_safely(target.as_object(), &format!("branch {name:?}"))?;
        self.git
            .set_head(&refname)
            .ctx(|| format!("cannot point HEAD at branch {name:?}"))?;
        Ok(())
    }

    /// Checks out `target`'s tree over HEAD's without overwriting local changes.
    pub(crate) fn checkout_safely(&self, target: &git2::Object<'_>, what: &str) -> Result<()> {
        let conflicts = RefCell::new(Vec::<String>::new());
        let result = {
            let mut opts = CheckoutBuilder::new();
            opts.safe()
                .notify_on(CheckoutNotificationType::CONFLICT)
                .notify(|_, path, _, _, _| {
                    if let Some(p) = path {
                        conflicts
                            .borrow_mut()
                            .push(p.to_string_lossy().replace('\\', "/"));
                    }
                    true
                });
            self.git.checkout_tree(target, Some(&mut opts))
        };
        match result {
            Ok(()) => Ok(()),
            Err(e) if e.code() == ErrorCode::Locked => Err(VcsError::IndexLocked {
                lock: self.index_lock_path(),
            }),
            Err(e) if e.code() == ErrorCode::Conflict || !conflicts.borrow().is_empty() => {
                let mut paths = conflicts.into_inner();
                paths.sort();
                paths.dedup();
                Err(VcsError::CheckoutConflict {
                    target: what.to_owned(),
                    paths,
                })
            }
            Err(e) => Err(VcsError::Git {
                context: format!("cannot check out {what}"),
                source: e,
            }),
        }
    }

    /// Tags sorted by name.
    pub fn tags(&self) -> Result<Vec<TagInfo>> {
        let names = self.git.tag_names(None).ctx(|| "cannot list tags".into())?;
        let mut out = Vec::new();
        for name in names.iter().flatten().flatten() {
            let Ok(reference) = self.git.find_reference(&format!("refs/tags/{name}")) else {
                continue;
            };
            let tag = reference.peel_to_tag().ok();
            let commit = reference
                .peel_to_commit()
                .ok()
                .map(|c| CommitInfo::from_commit(&c));
            out.push(TagInfo {
                name: name.to_owned(),
                annotated: tag.is_some(),
                message: tag.and_then(|t| {
                    t.message_bytes()
                        .map(|m| String::from_utf8_lossy(m).into_owned())
                }),
                commit,
            });
        }
        out.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(out)
    }

    /// Tags HEAD's commit as `name`: a lightweight tag when `message` is `None`, else an
    /// annotated tag with that message, tagged by [`Repo::identity`]. Never moves an
    /// existing tag.
    pub fn create_tag(&self, name: &str, message: Option<&str>) -> Result<TagInfo> {
        // (`Tag::is_valid_name` panics on NUL bytes.)
        if name.contains('\0') || !git2::Tag::is_valid_name(name) || name.starts_with('-') {
            return Err(VcsError::InvalidTagName {
                name: name.to_owned(),
            });
        }
        let head = self.head_commit()?.ok_or_else(|| VcsError::NoCommits {
            action: "creating a tag".into(),
        })?;
        let map = |e: git2::Error| match e.code() {
            ErrorCode::Exists => VcsError::TagExists {
                name: name.to_owned(),
            },
            ErrorCode::InvalidSpec => VcsError::InvalidTagName {
                name: name.to_owned(),
            },
            _ => VcsError::Git {
                context: format!("cannot create tag {name:?}"),
                source: e,
            },
        };
        let message = match message {
            None => {
                self.git
                    .tag_lightweight(name, head.as_object(), false)
                    .map_err(map)?;
                None
            }
            Some(m) => {
                let m = crate::commit::prettify(m)?;
                if m.trim().is_empty() {
                    return Err(VcsError::EmptyMessage);
                }
                let sig = self.signature()?;
                self.git
                    .tag(name, head.as_object(), &sig, &m, false)
                    .map_err(map)?;
                Some(m)
            }
        };
        Ok(TagInfo {
            name: name.to_owned(),
            annotated: message.is_some(),
            message,
            commit: Some(CommitInfo::from_commit(&head)),
        })
    }
}
