//! The eBPF backend needs CAP_BPF and CAP_PERFMON (or root): checked first, so the user gets one
//! clear line instead of a verifier or EPERM error.

use super::EbpfError;

const CAP_SYS_ADMIN: u32 = 21;
const CAP_PERFMON: u32 = 38;
const CAP_BPF: u32 = 39;

pub fn check() -> Result<(), EbpfError> {
    if !super::loader::built_in() {
        return Err(EbpfError::NotBuiltIn);
    }
    let caps = std::fs::read_to_string("/proc/self/status").ok().and_then(|status| effective_caps(&status));
    // SAFETY: geteuid has no preconditions and cannot fail.
    let euid = unsafe { libc::geteuid() };
    if allowed(euid == 0, caps) {
        Ok(())
    } else {
        Err(EbpfError::NotPrivileged)
    }
}

/// Root, or CAP_BPF with CAP_PERFMON (or CAP_SYS_ADMIN, which implies both).
fn allowed(euid_root: bool, effective: Option<u64>) -> bool {
    let has = |cap: u32| effective.is_some_and(|caps| caps & (1 << cap) != 0);
    euid_root || (has(CAP_BPF) && has(CAP_PERFMON)) || has(CAP_SYS_ADMIN)
}

/// The `CapEff:` mask of a `/proc/<pid>/status` text.
fn effective_caps(status: &str) -> Option<u64> {
    let hex = status.lines().find_map(|line| line.strip_prefix("CapEff:"))?.trim();
    u64::from_str_radix(hex, 16).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_effective_set_is_parsed_from_proc_status() {
        let status =
            "Name:\tcat\nCapInh:\t0000000000000000\nCapEff:\t000000c000000000\nCapBnd:\t000001ffffffffff\n";
        assert_eq!(effective_caps(status), Some(0xc0_0000_0000));
        assert_eq!(effective_caps("Name:\tcat\n"), None);
        assert_eq!(effective_caps("CapEff:\tzz\n"), None);
    }

    #[test]
    fn root_or_both_capabilities_are_enough() {
        assert!(allowed(true, Some(0)));
        assert!(allowed(false, Some((1 << CAP_BPF) | (1 << CAP_PERFMON))));
        assert!(allowed(false, Some(1 << CAP_SYS_ADMIN)));
        assert!(!allowed(false, Some(1 << CAP_BPF)));
        assert!(!allowed(false, Some(1 << CAP_PERFMON)));
        assert!(!allowed(false, None));
    }

    #[test]
    fn the_refusal_is_one_line() {
        let text = EbpfError::NotPrivileged.to_string();
        assert!(!text.contains('\n'));
        assert!(text.contains("--backend ptrace"));
    }
}
