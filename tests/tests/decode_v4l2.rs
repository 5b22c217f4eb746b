//! Video4Linux2 ioctls print as strace prints them (tests/src/bin/fixture-v4l2.rs).

use tracer_tests::edges::like_strace;

#[test]
fn requests_and_their_arguments() {
    for flags in [&[][..], &["-Xraw"], &["-Xverbose"]] {
        let lines = like_strace("fixture-v4l2", "requests", flags);
        assert!(lines >= 19, "{lines} lines compared");
    }
}
