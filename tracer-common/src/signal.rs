//! Signal names as strace prints them on x86_64 (`SIGHUP` .. `SIGSYS`, `SIGRTMIN`, `SIGRT_1` ..
//! `SIGRT_32`), shared by the decoders and the `-e signal=` parser.

/// The highest signal number with a name (`SIGRT_32`).
pub const MAX: u32 = 64;

/// Names of signals 1 to 64, in order.
const NAMES: [&str; MAX as usize] = [
    "SIGHUP",
    "SIGINT",
    "SIGQUIT",
    "SIGILL",
    "SIGTRAP",
    "SIGABRT",
    "SIGBUS",
    "SIGFPE",
    "SIGKILL",
    "SIGUSR1",
    "SIGSEGV",
    "SIGUSR2",
    "SIGPIPE",
    "SIGALRM",
    "SIGTERM",
    "SIGSTKFLT",
    "SIGCHLD",
    "SIGCONT",
    "SIGSTOP",
    "SIGTSTP",
    "SIGTTIN",
    "SIGTTOU",
    "SIGURG",
    "SIGXCPU",
    "SIGXFSZ",
    "SIGVTALRM",
    "SIGPROF",
    "SIGWINCH",
    "SIGIO",
    "SIGPWR",
    "SIGSYS",
    "SIGRTMIN",
    "SIGRT_1",
    "SIGRT_2",
    "SIGRT_3",
    "SIGRT_4",
    "SIGRT_5",
    "SIGRT_6",
    "SIGRT_7",
    "SIGRT_8",
    "SIGRT_9",
    "SIGRT_10",
    "SIGRT_11",
    "SIGRT_12",
    "SIGRT_13",
    "SIGRT_14",
    "SIGRT_15",
    "SIGRT_16",
    "SIGRT_17",
    "SIGRT_18",
    "SIGRT_19",
    "SIGRT_20",
    "SIGRT_21",
    "SIGRT_22",
    "SIGRT_23",
    "SIGRT_24",
    "SIGRT_25",
    "SIGRT_26",
    "SIGRT_27",
    "SIGRT_28",
    "SIGRT_29",
    "SIGRT_30",
    "SIGRT_31",
    "SIGRT_32",
];

/// The name of signal `sig` (`SIGINT`), if it has one.
pub fn name(sig: u64) -> Option<&'static str> {
    let index = usize::try_from(sig.checked_sub(1)?).ok()?;
    NAMES.get(index).copied()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_cover_the_standard_and_realtime_signals() {
        assert_eq!(name(0), None);
        assert_eq!(name(1), Some("SIGHUP"));
        assert_eq!(name(31), Some("SIGSYS"));
        assert_eq!(name(32), Some("SIGRTMIN"));
        assert_eq!(name(33), Some("SIGRT_1"));
        assert_eq!(name(64), Some("SIGRT_32"));
        assert_eq!(name(65), None);
        assert_eq!(name(u64::MAX), None);
    }
}
