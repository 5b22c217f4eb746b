//! prctl, arch_prctl and personality lines without memory (what needs captures is in the e2e
//! tests), as strace 6.1 prints them.

use tracer_common::syscall::nr;

use crate::decode::family::strace_line;
use crate::decode::XlatStyle::{Abbrev, Raw, Verbose};

#[test]
fn options_and_their_arguments() {
    let line = |args: &[u64], ret, style| strace_line(nr::PRCTL, args, ret, style);
    assert_eq!(line(&[4, 2, 0, 0, 0], 0, Abbrev), "prctl(PR_SET_DUMPABLE, SUID_DUMP_ROOT) = 0");
    assert_eq!(
        line(&[0x5961_6d61, u64::MAX, 0, 0, 0], 0, Abbrev),
        "prctl(PR_SET_PTRACER, PR_SET_PTRACER_ANY) = 0"
    );
    assert_eq!(
        line(&[0x5961_6d61, u64::MAX, 0, 0, 0], 0, Verbose),
        "prctl(0x59616d61 /* PR_SET_PTRACER */, -1 /* PR_SET_PTRACER_ANY */) = 0"
    );
    assert_eq!(line(&[47, 2, 21, 0, 0], -1, Abbrev), "prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_RAISE, CAP_SYS_ADMIN, 0, 0) = -1 EPERM (Operation not permitted)");
    assert_eq!(line(&[50, 0x60010, 0, 0, 0], 0x20010, Abbrev), "prctl(PR_SVE_SET_VL, PR_SVE_SET_VL_ONEXEC|PR_SVE_VL_INHERIT|0x10) = 0x20010 (PR_SVE_VL_INHERIT|0x10)");
    assert_eq!(line(&[50, 0x60010, 0, 0, 0], 0x10, Raw), "prctl(0x32, 0x60010) = 0x10");
}

#[test]
fn return_values_with_meanings() {
    let line = |args: &[u64], ret, style| strace_line(nr::PRCTL, args, ret, style);
    assert_eq!(
        line(&[27, 0, 0, 0, 0], 0x11, Abbrev),
        "prctl(PR_GET_SECUREBITS) = 0x11 (SECBIT_NOROOT|SECBIT_KEEP_CAPS)"
    );
    assert_eq!(line(&[27, 0, 0, 0, 0], 0, Abbrev), "prctl(PR_GET_SECUREBITS) = 0");
    assert_eq!(line(&[3, 0, 0, 0, 0], 1, Raw), "prctl(0x3) = 1 (SUID_DUMP_USER)");
    assert_eq!(
        line(&[52, 0, 0, 0, 0], 0, Abbrev),
        "prctl(PR_GET_SPECULATION_CTRL, PR_SPEC_STORE_BYPASS) = 0 (PR_SPEC_NOT_AFFECTED)"
    );
}

#[test]
fn arch_prctl_and_personality() {
    assert_eq!(
        strace_line(nr::ARCH_PRCTL, &[0x1002, 0x1000], 0, Abbrev),
        "arch_prctl(ARCH_SET_FS, 0x1000) = 0"
    );
    assert_eq!(
        strace_line(nr::PERSONALITY, &[0xffff_ffff], 0x400000, Abbrev),
        "personality(0xffffffff) = 0x400000 (PER_LINUX|READ_IMPLIES_EXEC)"
    );
    assert_eq!(
        strace_line(nr::PERSONALITY, &[0x400008], 0, Abbrev),
        "personality(PER_LINUX32|READ_IMPLIES_EXEC) = 0 (PER_LINUX)"
    );
}
