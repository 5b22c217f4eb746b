//! Calls of the other personalities (tests/src/bin/fixture-compat.rs): i386 calls through `int
//! $0x80` named and printed from i386's table, x32 from x32's, with strace's `[ Process PID=N runs
//! in 32 bit mode. ]` lines, under both backends; and `-e trace=` sets read per personality, with
//! and without a seccomp filter.

use regex::Regex;
use tracer_tests::edges::{between_markers, like_strace, like_strace_on};
use tracer_tests::{backends, first_difference, fixture, strace, tracer};

/// strace 6.1 prints no personality line into a `-o` file unless a quiet set is given.
const LINES_ON: &[&str] = &["-e", "quiet=exit"];

#[test]
fn i386_and_x32_calls_print_like_strace() {
    assert_eq!(like_strace("fixture-compat", "calls", &[]), 6);
    assert_eq!(like_strace("fixture-compat", "calls", LINES_ON), 10);
    like_strace("fixture-compat", "calls", &["-f", "-e", "quiet=exit"]);
    assert_eq!(like_strace("fixture-compat", "unknown", LINES_ON), 4);
    // Flags with strace's tables, pointers as addresses, brk's 32-bit result.
    assert_eq!(like_strace("fixture-compat", "decoded", LINES_ON), 12);
}

#[test]
fn i386_memory_below_4_gib_prints_like_strace() {
    // Strings, buffers, a pipe's descriptors, 32-bit iovecs and timespecs, a socket address, and
    // EFAULT's addresses; personality lines on and off; `-s 2` cuts the data but not the paths.
    assert_eq!(like_strace("fixture-compat", "memory", LINES_ON), 23);
    assert_eq!(like_strace("fixture-compat", "memory", &[]), 21);
    assert_eq!(like_strace("fixture-compat", "memory", &["-s", "2", "-e", "quiet=exit"]), 23);
    like_strace("fixture-compat", "memory", &["-e", "trace=%file,%desc", "-e", "quiet=exit"]);
    // The times differ from run to run: compared with their numbers hidden.
    let times = Regex::new(r"(tv_sec|tv_nsec|tv_usec)=\d+").expect("valid regex");
    let hide = |lines: Vec<String>| -> Vec<String> {
        lines.iter().map(|l| times.replace_all(l, "$1=N").into_owned()).collect()
    };
    let program = fixture("fixture-compat");
    let want = hide(between_markers(&strace(LINES_ON, &[&program, "clocks"]).trace));
    assert_eq!(want.len(), 6, "{want:?}");
    assert!(want.iter().any(|l| l.starts_with("clock_gettime(CLOCK_REALTIME, {tv_sec=N, tv_nsec=N}) = 0")));
    for backend in backends() {
        let ours = hide(between_markers(&tracer(backend, LINES_ON, &[&program, "clocks"]).trace));
        if let Some(diff) = first_difference(&want, &ours) {
            panic!("clocks, {backend} (right) vs strace (left): {diff}");
        }
    }
}

#[test]
fn i386_execve_and_execveat_print_like_strace() {
    // Paths, argv of 32-bit pointers (a bad element, an unterminated array), envp counted or
    // (`-v`) printed, NULL and bad arrays, arrays above 4 GiB; all fail (ENOENT).
    assert_eq!(like_strace("fixture-compat", "exec", LINES_ON), 12);
    assert_eq!(like_strace("fixture-compat", "exec", &[]), 10);
    assert_eq!(like_strace("fixture-compat", "exec", &["-s", "2", "-e", "quiet=exit"]), 12);
    like_strace("fixture-compat", "exec", &["-v", "-s", "2"]);
    // The comparisons hide addresses: where an unterminated array's 32-bit pointers run into the
    // unmapped page is checked on the raw lines.
    let program = fixture("fixture-compat");
    for extra in [LINES_ON, &["-v"]] {
        assert!(unterminated_at_the_bad_page(&strace(extra, &[&program, "exec"]).trace));
        for backend in backends() {
            let ours = tracer(backend, extra, &[&program, "exec"]).trace;
            assert!(unterminated_at_the_bad_page(&ours), "{backend} {extra:?}:\n{ours}");
        }
    }
    like_strace("fixture-compat", "exec", &["-e", "trace=execve,execveat,openat", "-e", "quiet=exit"]);
    // One that succeeds (the fixture again, whose new image makes the end marker), then the new
    // image's 64-bit calls; the loader's openat only, the rest differs from run to run.
    let after = ["-e", "trace=execve,openat", "-e", "quiet=exit"];
    let lines = like_strace("fixture-compat", "exec-self", &after);
    assert!(lines >= 4, "{lines} lines");
    like_strace(
        "fixture-compat",
        "exec-self",
        &["-f", "-v", "-e", "trace=execve,openat", "-e", "quiet=exit"],
    );
}

/// Whether, in `fixture-compat exec`'s trace, the address after an unterminated array
/// (`... /* ADDR */`) is the unmapped page's, which the bad-array call passes as its argv.
fn unterminated_at_the_bad_page(trace: &str) -> bool {
    let capture = |pattern: &str| {
        let re = Regex::new(pattern).expect("valid regex");
        re.captures(trace).and_then(|c| c.get(1)).map(|m| m.as_str().to_owned())
    };
    let bad = capture(r#"(?m)^execve\("/tracer-missing-exec32", (0x[0-9a-f]+), 0x"#);
    let named = capture(r"\.\.\. /\* (0x[0-9a-f]+) \*/\]");
    bad.is_some() && bad == named
}

#[test]
fn i386_execve_from_a_second_thread_prints_like_strace() {
    // The exec's exit comes under the first thread's id: pairing and the eBPF program's exec
    // cases take i386's numbers too (its line `<... execve resumed>) = 0`, not `= ?`).
    // Pids and tids (which differ from run to run) hidden.
    let tid = Regex::new(r"(^|PID=|<pid changed to |superseded by execve in pid )\d+").expect("valid regex");
    let hide = |lines: Vec<String>| -> Vec<String> {
        lines.iter().map(|l| tid.replace_all(l, "${1}TID").into_owned()).collect()
    };
    let extra = ["-f", "-e", "trace=execve,openat", "-e", "quiet=exit"];
    let program = fixture("fixture-compat");
    let want = hide(between_markers(&strace(&extra, &[&program, "exec-thread"]).trace));
    assert!(want.iter().any(|l| l.contains("<... execve resumed>) ") && l.ends_with("= 0")), "{want:?}");
    for backend in backends() {
        let ours = hide(between_markers(&tracer(backend, &extra, &[&program, "exec-thread"]).trace));
        if let Some(diff) = first_difference(&want, &ours) {
            panic!("exec-thread, {backend} (right) vs strace (left): {diff}");
        }
    }
}

#[test]
fn trace_sets_pick_each_personality_s_numbers_like_strace() {
    // getpid is i386's 20 and x32's 39 too; the i386 write (4, x86_64's stat) is left out.
    let getpid = ["-e", "quiet=exit", "-e", "trace=getpid,openat"];
    assert_eq!(like_strace("fixture-compat", "calls", &getpid), 9);
    like_strace("fixture-compat", "calls", &[&["-f"], &getpid[..]].concat());
    // The seccomp filter checks each arch with its own numbers (ptrace only).
    like_strace_on(&["ptrace"], "fixture-compat", "calls", &[&["-f", "--seccomp-bpf"], &getpid[..]].concat());
    // i386's getpid only: x86_64's getpid and x32's, left out, still change the personality
    // (strace without a seccomp filter; the eBPF program lets such a call through for its line),
    // and with the filter they do not stop, under strace as under tracer.
    let only32 = ["-e", "quiet=exit", "-e", "trace=getpid@32,openat"];
    assert_eq!(like_strace_apart(&only32, &["--no-seccomp"]), 6);
    assert_eq!(
        like_strace_on(
            &["ptrace"],
            "fixture-compat",
            "calls",
            &[&["-f", "--seccomp-bpf"], &only32[..]].concat()
        ),
        4
    );
}

/// `fixture-compat calls` under strace with `extra`, and under each backend with `extra` and
/// `tracer_only` (tracer's own flags): the lines between the markers must be strace's. Returns how
/// many were compared.
fn like_strace_apart(extra: &[&str], tracer_only: &[&str]) -> usize {
    let program = fixture("fixture-compat");
    let want = between_markers(&strace(extra, &[&program, "calls"]).trace);
    assert!(!want.is_empty(), "strace printed nothing between the markers");
    for backend in backends() {
        let ours = tracer(backend, &[tracer_only, extra].concat(), &[&program, "calls"]);
        if let Some(diff) = first_difference(&want, &between_markers(&ours.trace)) {
            panic!("{extra:?} {tracer_only:?}, {backend} (right) vs strace (left): {diff}");
        }
    }
    want.len()
}

/// `-k`: strace 6.1 shows a stack after an x86_64 call only, none after an i386 or x32 call. Each
/// call line between the markers, with the mode the personality lines say, and whether a stack
/// follows it.
fn stacked_calls(trace: &str) -> Vec<(String, bool)> {
    let lines: Vec<&str> = trace.lines().collect();
    let mut mode = "64 bit";
    let mut calls = Vec::new();
    let mut inside = false;
    for (i, line) in lines.iter().enumerate() {
        if line.contains("/tracer-fixture-begin") {
            inside = true;
            continue;
        }
        if line.contains("/tracer-fixture-end") {
            break;
        }
        if let Some(rest) = line.split(" runs in ").nth(1) {
            mode = if rest.starts_with("32 bit") {
                "32 bit"
            } else if rest.starts_with("x32") {
                "x32"
            } else {
                "64 bit"
            };
        } else if inside && !line.starts_with(" > ") {
            let stacked = lines.get(i + 1).is_some_and(|next| next.starts_with(" > "));
            calls.push((format!("{mode}: {}", line.split('(').next().unwrap_or(line)), stacked));
        }
    }
    calls
}

#[test]
fn only_x86_64_calls_have_a_stack_like_strace() {
    let program = fixture("fixture-compat");
    let want = stacked_calls(&strace(&["-k", "-e", "quiet=exit"], &[&program, "calls"]).trace);
    assert!(want.iter().any(|(call, stacked)| call.starts_with("32 bit") && !stacked), "{want:?}");
    assert!(want.iter().any(|(call, stacked)| call.starts_with("64 bit") && *stacked), "{want:?}");
    for backend in backends() {
        let got = stacked_calls(&tracer(backend, &["-k", "-e", "quiet=exit"], &[&program, "calls"]).trace);
        assert_eq!(got, want, "{backend} (left) vs strace (right)");
    }
}
