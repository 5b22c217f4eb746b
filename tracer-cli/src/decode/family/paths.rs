//! The calls whose descriptor and path arguments are not where their class puts them, for `-P`
//! (strace 6.1's cases in `pathtrace_match_set`; the calls of the other families declare their
//! own).

use super::{Paths, Rules};

/// A `*at` call: its directory descriptor is argument 0, its path argument 1.
const fn at_call(name: &'static str) -> Rules {
    Rules { name, paths: Some(Paths::Args { fds: &[0], paths: &[1] }), ..Rules::NONE }
}

const fn never(name: &'static str) -> Rules {
    Rules { name, paths: Some(Paths::Never), ..Rules::NONE }
}

pub const RULES: &[Rules] = &[
    Rules { name: "kexec_file_load", paths: Some(Paths::Args { fds: &[0, 1], paths: &[] }), ..Rules::NONE },
    at_call("faccessat"),
    at_call("faccessat2"),
    at_call("fchmodat"),
    at_call("fchownat"),
    at_call("fspick"),
    at_call("futimesat"),
    at_call("inotify_add_watch"),
    at_call("mkdirat"),
    at_call("mount_setattr"),
    at_call("name_to_handle_at"),
    at_call("newfstatat"),
    at_call("open_tree"),
    at_call("readlinkat"),
    at_call("utimensat"),
    Rules { name: "mount", paths: Some(Paths::Args { fds: &[], paths: &[0, 1] }), ..Rules::NONE },
    Rules { name: "pivot_root", paths: Some(Paths::Args { fds: &[], paths: &[0, 1] }), ..Rules::NONE },
    Rules { name: "quotactl", paths: Some(Paths::Args { fds: &[], paths: &[1] }), ..Rules::NONE },
    Rules { name: "move_mount", paths: Some(Paths::Args { fds: &[0, 2], paths: &[1, 3] }), ..Rules::NONE },
    Rules { name: "fanotify_mark", paths: Some(Paths::Args { fds: &[3], paths: &[4] }), ..Rules::NONE },
    never("bpf"),
    never("io_uring_enter"),
    never("io_uring_register"),
    never("memfd_secret"),
    never("timerfd_gettime"),
    never("timerfd_settime"),
];
