//! The ring reader's priority.
//!
//! A probe cannot make a traced task wait, so when tasks make syscalls faster than the reader
//! renders them the ring fills and records are lost. At equal priority the reader is one thread
//! among the traced ones: 16 processes spinning in syscalls leave it about 1/17 of two CPUs, and
//! the 16-process storm lost most of its records (reacting only once a backlog shows was too
//! late: the storm had filled the ring by then). So the reader's thread runs at nice
//! [`BOOSTED_NICE`] while it reads: when it has records it gets the CPU, and the traced tasks
//! wait for CPU instead of losing records; when it has none it sleeps and costs nothing. The
//! launched command is started before, with tracer's own nice value. `--no-priority-boost` turns
//! it off.

/// The reader's nice value.
pub const BOOSTED_NICE: i32 = -10;

/// This thread at [`BOOSTED_NICE`] until dropped, if it was lower and may be raised.
#[derive(Debug)]
pub struct Boost {
    /// The thread's own nice value, to go back to.
    own: Option<i32>,
}

impl Boost {
    /// Raise this thread's priority (no-op when not `enabled`, already as high, or not allowed:
    /// without CAP_SYS_NICE the reader keeps its own).
    pub fn start(enabled: bool) -> Boost {
        let own = this_thread_nice()
            .filter(|&own| enabled && own > BOOSTED_NICE && set_this_thread_nice(BOOSTED_NICE));
        Boost { own }
    }

    /// Whether this thread was raised.
    #[cfg(test)]
    pub fn raised(&self) -> bool {
        self.own.is_some()
    }
}

impl Drop for Boost {
    fn drop(&mut self) {
        if let Some(own) = self.own {
            set_this_thread_nice(own);
        }
    }
}

/// This thread's nice value (`getpriority` on its tid: Linux keeps one per thread).
fn this_thread_nice() -> Option<i32> {
    let tid = nix::unistd::gettid().as_raw().unsigned_abs();
    nix::errno::Errno::clear();
    // SAFETY: getpriority reads no memory of ours.
    let nice = unsafe { libc::getpriority(libc::PRIO_PROCESS, tid) };
    (nice != -1 || nix::errno::Errno::last_raw() == 0).then_some(nice)
}

fn set_this_thread_nice(nice: i32) -> bool {
    let tid = nix::unistd::gettid().as_raw().unsigned_abs();
    // SAFETY: setpriority changes this thread's scheduling only.
    unsafe { libc::setpriority(libc::PRIO_PROCESS, tid, nice) == 0 }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_reader_is_raised_while_it_reads_and_let_go_after() {
        // A thread of its own: the test harness's threads keep their priority.
        let handle = std::thread::spawn(|| {
            let own = this_thread_nice();
            let off = Boost::start(false);
            assert!(!off.raised());
            assert_eq!(this_thread_nice(), own);
            let boost = Boost::start(true);
            if !boost.raised() {
                // Not allowed here (no CAP_SYS_NICE): the reader keeps its own priority.
                assert_eq!(this_thread_nice(), own);
                eprintln!("skipped: raising priority needs CAP_SYS_NICE (CI runs this as root)");
                return;
            }
            assert_eq!(this_thread_nice(), Some(BOOSTED_NICE));
            drop(boost);
            assert_eq!(this_thread_nice(), own);
        });
        assert!(handle.join().is_ok());
    }
}
