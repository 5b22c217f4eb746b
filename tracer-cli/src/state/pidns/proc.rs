//! What /proc says about a task's pid namespaces: the chain of namespaces it sits in (its own,
//! then each parent up to tracer's, by `NS_GET_PARENT`), and its ids in each of them (the `NSpid`,
//! `NStgid`, `NSpgid` and `NSsid` lines of its status, outermost first). Every function returns
//! nothing when the task is gone.

use std::fs::File;
use std::os::fd::{AsRawFd as _, FromRawFd as _};
use std::os::unix::fs::MetadataExt as _;

use crate::decode::pids::PidType;
use crate::facts;

/// strace's bound on namespace nesting (the kernel's is 32 too).
pub const MAX_DEPTH: usize = 32;

/// `NS_GET_PARENT`: `_IO(0xb7, 0x2)`.
const NS_GET_PARENT: libc::c_ulong = 0xb702;

/// `/proc/PID` for a pid, `/proc/self` for none.
fn dir(pid: Option<u32>) -> String {
    match pid {
        Some(pid) => format!("/proc/{pid}"),
        None => "/proc/self".to_string(),
    }
}

/// The inode of the pid namespace of `pid` (of tracer for none).
pub fn ns(pid: Option<u32>) -> Option<u64> {
    let path = format!("{}/ns/pid", dir(pid));
    let key = [b"ns-inode\0".as_slice(), path.as_bytes()].concat();
    let answer = facts::ask(facts::Kind::Custom, &key, || {
        std::fs::metadata(&path).ok().map(|m| m.ino().to_le_bytes().to_vec())
    })?;
    Some(u64::from_le_bytes(answer.try_into().ok()?))
}

/// The pid namespaces of `pid`, innermost first, as far up as tracer may look (`NS_GET_PARENT`
/// fails with EPERM above tracer's own namespace); `enotty` is set when the kernel lacks the
/// ioctl, and then only the first is known.
pub fn hierarchy(pid: u32, enotty: &mut bool) -> Vec<u64> {
    let key = format!("ns-hierarchy\0{pid}\0{}", u8::from(*enotty));
    let answer = facts::ask(facts::Kind::Custom, key.as_bytes(), || {
        let mut enotty = *enotty;
        let chain = live_hierarchy(pid, &mut enotty);
        Some(
            [&[u8::from(enotty)][..], &chain.iter().flat_map(|ns| ns.to_le_bytes()).collect::<Vec<u8>>()]
                .concat(),
        )
    })
    .unwrap_or_default();
    let Some((flag, chain)) = answer.split_first() else {
        return Vec::new();
    };
    *enotty = *flag != 0;
    chain.chunks_exact(8).filter_map(|b| b.try_into().ok().map(u64::from_le_bytes)).collect()
}

/// [`hierarchy`], asked of the kernel now.
fn live_hierarchy(pid: u32, enotty: &mut bool) -> Vec<u64> {
    let mut chain = Vec::new();
    let Ok(mut file) = File::open(format!("/proc/{pid}/ns/pid")) else {
        return chain;
    };
    while chain.len() < MAX_DEPTH {
        let Ok(meta) = file.metadata() else { break };
        chain.push(meta.ino());
        if *enotty {
            break;
        }
        // SAFETY: an ioctl without an argument on a descriptor `file` owns; a new descriptor it
        // returns is owned by the File made of it.
        let parent = unsafe { libc::ioctl(file.as_raw_fd(), NS_GET_PARENT) };
        if parent < 0 {
            *enotty = std::io::Error::last_os_error().raw_os_error() == Some(libc::ENOTTY);
            break;
        }
        // SAFETY: `parent` is a fresh descriptor nothing else owns.
        file = unsafe { File::from_raw_fd(parent) };
    }
    chain
}

/// The `NS...` line's label for ids of type `ty`.
fn label(ty: PidType) -> &'static str {
    match ty {
        PidType::Tid => "NSpid:",
        PidType::Tgid => "NStgid:",
        PidType::Pgid => "NSpgid:",
        PidType::Sid => "NSsid:",
    }
}

/// The ids of type `ty` of `pid` (of tracer for none), outermost namespace first.
pub fn ids(pid: Option<u32>, ty: PidType) -> Vec<i32> {
    let Some(status) = facts::read_to_string(&format!("{}/status", dir(pid))) else {
        return Vec::new();
    };
    parse_ids(&status, ty)
}

/// The ids of type `ty` in a status file's text.
pub fn parse_ids(status: &str, ty: PidType) -> Vec<i32> {
    let label = label(ty);
    status
        .lines()
        .find_map(|line| line.strip_prefix(label))
        .map(|rest| rest.split_whitespace().map_while(|id| id.parse().ok()).take(MAX_DEPTH).collect())
        .unwrap_or_default()
}

/// The numeric entries of directory `path` (`/proc`, `/proc/PID/task`).
pub fn numeric_entries(path: &str) -> Vec<u32> {
    let Some(names) = facts::read_dir_names(path) else {
        return Vec::new();
    };
    names
        .iter()
        .filter_map(|name| std::str::from_utf8(name).ok()?.parse::<u32>().ok())
        .filter(|&pid| pid >= 1 && i32::try_from(pid).is_ok())
        .collect()
}

/// The name of task `pid` (`/proc/PID/comm` without its newline); empty when it is gone.
pub fn comm(pid: u32) -> Vec<u8> {
    let mut comm = facts::read(&format!("/proc/{pid}/comm")).unwrap_or_default();
    while comm.last() == Some(&b'\n') {
        comm.pop();
    }
    comm
}
