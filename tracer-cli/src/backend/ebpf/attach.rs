//! `-p PID`: every thread of the process joins the traced set (with `-f`, their future children
//! too, from the fork probe). Threads are listed again until the list stops growing, so that one
//! created while the others were being added is not missed.

use std::collections::BTreeSet;
use std::io;

use super::loader::Probes;
use super::EbpfError;

/// Rounds of listing at most (a process creating threads faster than this is traced partly).
const MAX_ROUNDS: usize = 16;

/// Add every thread of `pid` to the traced set; returns their tids.
pub fn attach(probes: &mut Probes, pid: i32) -> Result<Vec<u32>, EbpfError> {
    let mut traced = BTreeSet::new();
    for _ in 0..MAX_ROUNDS {
        let threads = threads_of(pid).map_err(|source| EbpfError::Attach {
            pid,
            reason: match source.raw_os_error() {
                Some(code) => nix::errno::Errno::from_raw(code).desc().to_owned(),
                None => source.to_string(),
            },
        })?;
        let new: Vec<u32> = threads.into_iter().filter(|tid| !traced.contains(tid)).collect();
        if new.is_empty() {
            break;
        }
        for tid in new {
            probes.trace_tid(tid)?;
            traced.insert(tid);
        }
    }
    Ok(traced.into_iter().collect())
}

/// The tids of process `pid`, from `/proc/PID/task`; ESRCH when there is no such process.
fn threads_of(pid: i32) -> io::Result<Vec<u32>> {
    if pid <= 0 {
        return Err(io::Error::from_raw_os_error(libc::ESRCH));
    }
    let dir = std::fs::read_dir(format!("/proc/{pid}/task")).map_err(|err| match err.kind() {
        io::ErrorKind::NotFound => io::Error::from_raw_os_error(libc::ESRCH),
        _ => err,
    })?;
    let mut tids: Vec<u32> = dir.filter_map(|entry| entry.ok()?.file_name().to_str()?.parse().ok()).collect();
    tids.sort_unstable();
    if tids.is_empty() {
        return Err(io::Error::from_raw_os_error(libc::ESRCH));
    }
    Ok(tids)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_process_lists_its_threads() {
        let me = i32::try_from(std::process::id()).expect("pid fits");
        let tids = threads_of(me).expect("our own threads");
        assert!(tids.contains(&std::process::id()));
    }

    #[test]
    fn a_missing_process_is_esrch() {
        let err = threads_of(i32::MAX).expect_err("no such pid");
        assert_eq!(err.raw_os_error(), Some(libc::ESRCH));
        assert_eq!(threads_of(0).expect_err("not a pid").raw_os_error(), Some(libc::ESRCH));
    }
}
