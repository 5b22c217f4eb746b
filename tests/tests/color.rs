//! `--color`: colours only where asked (always, or auto on a terminal), never changing the text.

use tracer_tests::{first_difference, normalize, tracer};

const COMMAND: &[&str] = &["cat", "/etc/hostname", "/nonexistent/color"];
const CALLS: &str = "trace=openat,read,close";

fn strip(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find('\x1b') {
        out.push_str(&rest[..at]);
        rest = rest[at..].find('m').map_or("", |m| &rest[at + m + 1..]);
    }
    out + rest
}

#[test]
fn always_colours_names_strings_and_errors_without_changing_the_text() {
    let plain = tracer("ptrace", &["-e", CALLS], COMMAND);
    let coloured = tracer("ptrace", &["--color=always", "-e", CALLS], COMMAND);
    assert!(!plain.trace.contains('\x1b'));
    assert!(coloured.trace.contains("\x1b[1;36mopenat\x1b[0m("), "{}", coloured.trace);
    assert!(coloured.trace.contains("\x1b[32m\"/etc/hostname\"\x1b[0m"), "{}", coloured.trace);
    assert!(
        coloured.trace.contains("\x1b[31m-1 ENOENT (No such file or directory)\x1b[0m"),
        "{}",
        coloured.trace
    );
    let lines = |text: &str| text.lines().map(normalize).collect::<Vec<_>>();
    if let Some(diff) = first_difference(&lines(&strip(&coloured.trace)), &lines(&plain.trace)) {
        panic!("{diff}");
    }
}

#[test]
fn auto_and_never_write_no_colour_to_a_file() {
    for flag in ["--color=auto", "--color=never"] {
        let traced = tracer("ptrace", &[flag, "-e", CALLS], COMMAND);
        assert!(traced.trace.contains("openat(") && !traced.trace.contains('\x1b'), "{flag}");
    }
    let traced = tracer("ptrace", &["--color=sometimes"], &["true"]);
    assert_eq!(traced.status.code(), Some(1));
    assert_eq!(
        traced.stderr,
        tracer_tests::as_invoked(
            "tracer: invalid --color argument: 'sometimes'\nTry 'tracer -h' for more information.\n"
        )
    );
}
