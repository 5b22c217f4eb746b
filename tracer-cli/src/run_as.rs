//! strace's `-u USERNAME`: the command runs with the user's uid, gid and supplementary groups from
//! the passwd and group databases. A setuid (setgid) program keeps its owner (group) as its
//! effective id, as strace sets it (`setreuid(uid, file's owner)`), so it runs as it would have
//! for that user without a tracer.

use std::ffi::{CString, OsStr, OsString};
use std::os::unix::ffi::OsStrExt as _;
use std::os::unix::fs::MetadataExt as _;

use nix::unistd::{Gid, Uid, User};

/// Why `-u USERNAME` cannot be honoured; strace's words.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum RunAsError {
    #[error("You must be root to use the -u/--username option")]
    NotRoot,
    #[error("Cannot find user '{}'", .0.to_string_lossy())]
    UnknownUser(OsString),
}

/// The user named by `-u`, looked up once at startup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunAs {
    pub name: CString,
    pub uid: u32,
    pub gid: u32,
}

impl RunAs {
    /// strace's checks, in its order: tracer runs as root (real and effective), then the user is
    /// in the passwd database (by name only: strace 6.1 takes no numeric `UID:GID`).
    pub fn lookup(name: &OsStr) -> Result<RunAs, RunAsError> {
        if !Uid::current().is_root() || !Uid::effective().is_root() {
            return Err(RunAsError::NotRoot);
        }
        let unknown = || RunAsError::UnknownUser(name.to_os_string());
        let text = name.to_str().ok_or_else(unknown)?;
        let user = User::from_name(text).ok().flatten().ok_or_else(unknown)?;
        let name = CString::new(name.as_bytes()).map_err(|_| unknown())?;
        Ok(RunAs { name, uid: user.uid.as_raw(), gid: user.gid.as_raw() })
    }

    /// What the child sets before its exec of `program` (prepared before the fork: no lookup
    /// may happen after it).
    pub fn credentials(&self, program: &std::path::Path) -> Credentials {
        let meta = std::fs::metadata(program).ok();
        let mode = meta.as_ref().map_or(0, |m| m.mode());
        let euid = match &meta {
            Some(m) if mode & libc::S_ISUID != 0 => m.uid(),
            _ => self.uid,
        };
        let egid = match &meta {
            Some(m) if mode & libc::S_ISGID != 0 => m.gid(),
            _ => self.gid,
        };
        // initgroups(3) is getgrouplist + setgroups: the list is read here, set in the child.
        let groups = nix::unistd::getgrouplist(&self.name, Gid::from_raw(self.gid))
            .map(|groups| groups.into_iter().map(Gid::as_raw).collect())
            .unwrap_or_else(|_| vec![self.gid]);
        Credentials { uid: self.uid, gid: self.gid, euid, egid, groups }
    }
}

/// The ids the command's process takes before its exec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Credentials {
    pub uid: u32,
    pub gid: u32,
    /// The program's owner if it is setuid, else `uid`.
    pub euid: u32,
    /// The program's group if it is setgid, else `gid`.
    pub egid: u32,
    /// The supplementary groups (initgroups's list, the user's gid included).
    pub groups: Vec<u32>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unknown_users_read_like_strace() {
        let err = RunAs::lookup(OsStr::new("no-such-user-xyz")).expect_err("fails");
        let expected = match Uid::current().is_root() && Uid::effective().is_root() {
            true => "Cannot find user 'no-such-user-xyz'",
            false => "You must be root to use the -u/--username option",
        };
        assert_eq!(err.to_string(), expected);
    }

    #[test]
    fn setuid_programs_keep_their_owner_as_effective_id() {
        let nobody = RunAs { name: CString::new("nobody").expect("no NUL"), uid: 65534, gid: 65534 };
        let plain = nobody.credentials(std::path::Path::new("/bin/sh"));
        assert_eq!((plain.euid, plain.egid), (65534, 65534));
        // su is setuid root on Debian.
        let su = std::path::Path::new("/bin/su");
        if std::fs::metadata(su).is_ok_and(|m| m.mode() & libc::S_ISUID != 0) {
            assert_eq!(nobody.credentials(su).euid, 0);
        }
    }
}
