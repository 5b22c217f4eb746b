//! `-t`, `-tt`, `-ttt`, `-r`, `-T` and their long forms: the same shape as strace 6.1's, from
//! either backend (the digits differ run to run; their layout must not).

use regex::Regex;
use tracer_tests::{first_difference, normalize, strace, tracer, Traced};

const COMMAND: &[&str] = &["cat", "/etc/hostname"];
const CALLS: &[&str] = &["-e", "trace=openat,read,close"];

/// Every digit of the leading timestamp and of a trailing ` <0.000012>` as `9`, and the column
/// padding collapsed (timestamps of different widths shift it).
fn shape(traced: &Traced) -> Vec<String> {
    static LEADER: std::sync::OnceLock<[Regex; 2]> = std::sync::OnceLock::new();
    let [leader, duration] = LEADER.get_or_init(|| {
        [
            Regex::new(
                r"^(?:\d\d:\d\d:\d\d(?:\.\d+)?|\d+(?:\.\d+)?| +\d+(?:\.\d+)?)(?: \(\+ +\d+(?:\.\d+)?\))? ",
            ),
            Regex::new(r" <\d+(?:\.\d+)?>$"),
        ]
        .map(|re| re.expect("valid regex"))
    });
    let nines =
        |text: &str| text.chars().map(|c| if c.is_ascii_digit() { '9' } else { c }).collect::<String>();
    traced
        .trace
        .lines()
        .map(|line| {
            let (head, rest) = match leader.find(line) {
                Some(m) => (nines(m.as_str()).trim_start().to_string(), &line[m.end()..]),
                None => (String::new(), line),
            };
            let (body, tail) = match duration.find(rest) {
                Some(m) => (&rest[..m.start()], nines(m.as_str())),
                None => (rest, String::new()),
            };
            format!("{head}|{}|{tail}", normalize(body))
        })
        .collect()
}

#[test]
fn every_timestamp_format_has_stracess_shape() {
    let flag_sets: &[&[&str]] = &[
        &["-t"],
        &["-tt"],
        &["-ttt"],
        &["-r"],
        &["-T"],
        &["-r", "-t"],
        &["-tt", "-T"],
        &["--absolute-timestamps=unix,ns"],
        &["--absolute-timestamps=format:time,precision:ms"],
        &["--absolute-timestamps=none"],
        &["--relative-timestamps=ms"],
        &["--syscall-times=ns"],
    ];
    for flags in flag_sets {
        let args: Vec<&str> = flags.iter().chain(CALLS).copied().collect();
        let expected = shape(&strace(&args, COMMAND));
        assert!(expected.len() >= 4, "{flags:?}: {expected:#?}");
        for backend in tracer_tests::backends() {
            let traced = tracer(backend, &args, COMMAND);
            if let Some(diff) = first_difference(&shape(&traced), &expected) {
                panic!("{backend} {flags:?}: {diff}");
            }
        }
    }
}

/// The seconds a leader or duration shows.
fn seconds(text: &str) -> f64 {
    text.trim().trim_start_matches('<').trim_end_matches('>').parse().unwrap_or(f64::NAN)
}

#[test]
fn times_are_real_and_in_order() {
    for backend in tracer_tests::backends() {
        // -ttt: non-decreasing, and within a minute of now.
        let traced = tracer(backend, &["-ttt", "-T", "-e", "trace=openat,read,close"], COMMAND);
        let now = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_secs_f64())
            .unwrap_or_default();
        let stamps: Vec<f64> =
            traced.trace.lines().filter_map(|l| l.split_once(' ')).map(|(ts, _)| seconds(ts)).collect();
        assert!(stamps.len() >= 4, "{backend}: {}", traced.trace);
        assert!(stamps.windows(2).all(|w| w[0] <= w[1]), "{backend}: {}", traced.trace);
        assert!(stamps.iter().all(|ts| (now - ts).abs() < 60.0), "{backend}: {}", traced.trace);
        // -T: every call that returned took a (small) time.
        let durations: Vec<f64> =
            traced.trace.lines().filter_map(|l| l.rsplit_once(" <")).map(|(_, d)| seconds(d)).collect();
        assert!(durations.len() >= 3, "{backend}: {}", traced.trace);
        assert!(durations.iter().all(|d| (0.0..10.0).contains(d)), "{backend}: {}", traced.trace);
    }
}

#[test]
fn bad_precisions_are_usage_errors() {
    for (flag, message) in [
        ("--absolute-timestamps=foo", "invalid --absolute-timestamps argument: 'foo'"),
        ("--relative-timestamps=xs", "invalid --relative-timestamps argument: 'xs'"),
        ("--syscall-times=foo", "invalid --syscall-times argument: 'foo'"),
    ] {
        let traced = tracer("ptrace", &[flag], &["true"]);
        assert_eq!(traced.status.code(), Some(1), "{flag}");
        assert_eq!(
            traced.stderr,
            tracer_tests::as_invoked(&format!("tracer: {message}\nTry 'tracer -h' for more information.\n")),
            "{flag}"
        );
    }
}
