//! NUMA policies, quotas, times and small system calls print as strace prints them
//! (tests/src/bin/fixture-mm.rs): node masks and move_pages' arrays, quotactl's structs by
//! command, timevals, utimbufs and sigevents, segment descriptors, reboot's and syslog's names.

use tracer_tests::edges::like_strace;

#[test]
fn numa_policies_and_node_masks() {
    for flags in [&[][..], &["-Xraw"], &["-Xverbose"], &["-s2"]] {
        let lines = like_strace("fixture-mm", "numa", flags);
        assert!(lines >= 12, "{lines} lines compared");
    }
}

#[test]
fn quota_structs_by_command() {
    for flags in [&[][..], &["-v"], &["-Xverbose"]] {
        let lines = like_strace("fixture-mm", "quota", flags);
        assert!(lines >= 17, "{lines} lines compared");
    }
}

#[test]
fn times_and_timers() {
    for flags in [&[][..], &["-Xraw"], &["-Xverbose"]] {
        let lines = like_strace("fixture-mm", "times", flags);
        assert!(lines >= 13, "{lines} lines compared");
    }
}

#[test]
fn small_system_calls() {
    for flags in [&[][..], &["-Xverbose"]] {
        let lines = like_strace("fixture-mm", "system", flags);
        assert!(lines >= 14, "{lines} lines compared");
    }
}
