//! seccomp lines without memory (the filter programs are in `bpf_filter`'s tests).

use tracer_common::syscall::nr;

use crate::decode::family::strace_line;
use crate::decode::XlatStyle::{Abbrev, Raw};

#[test]
fn operations_and_flags() {
    let line = |args: &[u64], ret, style| strace_line(nr::SECCOMP, args, ret, style);
    assert_eq!(
        line(&[u64::MAX, 0xffff_ffff, 0xface_feed_dead_beef], -22, Abbrev),
        "seccomp(0xffffffff /* SECCOMP_SET_MODE_??? */, 0xffffffff, 0xfacefeeddeadbeef) = -1 EINVAL (Invalid argument)"
    );
    assert_eq!(line(&[0, 0, 0], 0, Abbrev), "seccomp(SECCOMP_SET_MODE_STRICT, 0, NULL) = 0");
    assert_eq!(
        line(&[1, 0xffff_ffff, 0x1000], -22, Abbrev),
        "seccomp(SECCOMP_SET_MODE_FILTER, SECCOMP_FILTER_FLAG_TSYNC|SECCOMP_FILTER_FLAG_LOG|\
         SECCOMP_FILTER_FLAG_SPEC_ALLOW|SECCOMP_FILTER_FLAG_NEW_LISTENER|SECCOMP_FILTER_FLAG_TSYNC_ESRCH|\
         SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV|0xffffffc0, 0x1000) = -1 EINVAL (Invalid argument)"
    );
    assert_eq!(
        line(&[2, 0xcafe_f00d, 0], -22, Raw),
        "seccomp(0x2, 0xcafef00d, NULL) = -1 EINVAL (Invalid argument)"
    );
    assert_eq!(
        line(&[3, 0, 0x1000], -14, Abbrev),
        "seccomp(SECCOMP_GET_NOTIF_SIZES, 0, 0x1000) = -1 EFAULT (Bad address)"
    );
}
