//! GPIO, PTP clock, MTD, UBI, SCSI generic and perf event ioctl arguments print as strace prints them
//! (tests/src/bin/fixture-ioctl3.rs): on failure what the caller passed, and under `-e inject`
//! (ptrace only: tracepoints cannot change a result) what the kernel would have returned too.

use tracer_tests::edges::{like_strace, like_strace_on};

/// Each mode of the fixture in each `-X` style and with `-v`, under both backends.
fn compare(mode: &str, at_least: usize) {
    for flags in [&[][..], &["-v"], &["-Xraw"], &["-Xverbose"]] {
        let lines = like_strace("fixture-ioctl3", mode, flags);
        assert!(lines >= at_least, "{mode} {flags:?}: {lines} lines compared");
    }
    let inject = ["-e", "inject=ioctl:retval=42"];
    let lines = like_strace_on(&["ptrace"], "fixture-ioctl3", mode, &inject);
    assert!(lines >= at_least, "{mode} injected: {lines} lines compared");
}

#[test]
fn gpio_requests() {
    compare("gpio", 20);
}

#[test]
fn ptp_requests() {
    compare("ptp", 18);
}

#[test]
fn mtd_requests() {
    compare("mtd", 18);
}

#[test]
fn ubi_requests() {
    compare("ubi", 12);
}

#[test]
fn scsi_requests() {
    compare("scsi", 11);
}

#[test]
fn perf_requests() {
    compare("perf", 13);
}
