//! `tracer bench` on a tiny workload: the JSON report is well formed and complete (every field,
//! ratios above zero, the loop's calls all seen). Never an assertion on absolute times.

use std::path::PathBuf;
use std::process::{Command, Output};

use tracer_tests::{is_root, tracer_bin};

/// A JSON value, parsed by the few lines below (the tests crate has no JSON dependency).
#[derive(Debug, Clone, PartialEq)]
enum Json {
    Null,
    Bool(bool),
    Num(f64),
    Str(String),
    Arr(Vec<Json>),
    Obj(Vec<(String, Json)>),
}

impl Json {
    fn get(&self, key: &str) -> &Json {
        match self {
            Json::Obj(fields) => fields
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, v)| v)
                .unwrap_or_else(|| panic!("no field {key:?}")),
            other => panic!("{other:?} is not an object (looking for {key:?})"),
        }
    }
    fn num(&self) -> f64 {
        match self {
            Json::Num(n) => *n,
            other => panic!("{other:?} is not a number"),
        }
    }
    fn str(&self) -> &str {
        match self {
            Json::Str(s) => s,
            other => panic!("{other:?} is not a string"),
        }
    }
    fn arr(&self) -> &[Json] {
        match self {
            Json::Arr(v) => v,
            other => panic!("{other:?} is not an array"),
        }
    }
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn ws(&mut self) {
        while self.i < self.s.len() && self.s[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }
    fn eat(&mut self, c: u8) {
        self.ws();
        assert_eq!(self.s.get(self.i), Some(&c), "expected {:?} at byte {}", c as char, self.i);
        self.i += 1;
    }
    fn value(&mut self) -> Json {
        self.ws();
        match self.s.get(self.i).copied() {
            Some(b'{') => {
                self.i += 1;
                let mut fields = Vec::new();
                self.ws();
                if self.s.get(self.i) == Some(&b'}') {
                    self.i += 1;
                    return Json::Obj(fields);
                }
                loop {
                    self.ws();
                    let Json::Str(key) = self.value() else { panic!("a key at byte {}", self.i) };
                    self.eat(b':');
                    fields.push((key, self.value()));
                    self.ws();
                    match self.s.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b'}') => {
                            self.i += 1;
                            return Json::Obj(fields);
                        }
                        other => panic!("unexpected {other:?} at byte {}", self.i),
                    }
                }
            }
            Some(b'[') => {
                self.i += 1;
                let mut items = Vec::new();
                self.ws();
                if self.s.get(self.i) == Some(&b']') {
                    self.i += 1;
                    return Json::Arr(items);
                }
                loop {
                    items.push(self.value());
                    self.ws();
                    match self.s.get(self.i) {
                        Some(b',') => self.i += 1,
                        Some(b']') => {
                            self.i += 1;
                            return Json::Arr(items);
                        }
                        other => panic!("unexpected {other:?} at byte {}", self.i),
                    }
                }
            }
            Some(b'"') => {
                self.i += 1;
                let mut out = String::new();
                loop {
                    let c = self.s[self.i];
                    self.i += 1;
                    match c {
                        b'"' => return Json::Str(out),
                        b'\\' => {
                            let e = self.s[self.i];
                            self.i += 1;
                            match e {
                                b'n' => out.push('\n'),
                                b't' => out.push('\t'),
                                b'r' => out.push('\r'),
                                b'u' => {
                                    let hex = std::str::from_utf8(&self.s[self.i..self.i + 4]).expect("hex");
                                    let code = u32::from_str_radix(hex, 16).expect("a \\u escape");
                                    out.push(char::from_u32(code).unwrap_or('\u{fffd}'));
                                    self.i += 4;
                                }
                                other => out.push(other as char),
                            }
                        }
                        _ => {
                            // Copy a whole UTF-8 sequence.
                            let start = self.i - 1;
                            while self.i < self.s.len() && (self.s[self.i] & 0xc0) == 0x80 {
                                self.i += 1;
                            }
                            out.push_str(std::str::from_utf8(&self.s[start..self.i]).expect("utf-8"));
                        }
                    }
                }
            }
            Some(b't') => self.word("true", Json::Bool(true)),
            Some(b'f') => self.word("false", Json::Bool(false)),
            Some(b'n') => self.word("null", Json::Null),
            _ => {
                let start = self.i;
                while self.i < self.s.len() && b"+-.eE0123456789".contains(&self.s[self.i]) {
                    self.i += 1;
                }
                let text = std::str::from_utf8(&self.s[start..self.i]).expect("ascii");
                Json::Num(text.parse().unwrap_or_else(|_| panic!("a number at byte {start}: {text:?}")))
            }
        }
    }
    fn word(&mut self, w: &str, v: Json) -> Json {
        assert!(self.s[self.i..].starts_with(w.as_bytes()), "expected {w} at byte {}", self.i);
        self.i += w.len();
        v
    }
}

fn parse(text: &str) -> Json {
    let mut p = Parser { s: text.as_bytes(), i: 0 };
    let v = p.value();
    p.ws();
    assert_eq!(p.i, text.len(), "trailing bytes after the JSON value");
    v
}

fn temp(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("tracer-bench-test-{}-{name}", std::process::id()))
}

fn bench(args: &[&str]) -> Output {
    Command::new(tracer_bin()).arg("bench").args(args).output().expect("tracer bench runs")
}

const MODE_FIELDS: &[&str] = &[
    "mode",
    "peer",
    "status",
    "error",
    "command",
    "wall_s",
    "median_s",
    "min_s",
    "max_s",
    "ratios",
    "ratio",
    "added_ns_per_syscall",
    "seen",
    "expected",
    "lost",
    "cpu_s",
    "tracer_cpu_s",
    "peak_rss_kib",
];

#[test]
fn tiny_dd_report_is_complete() {
    let json_path = temp("dd.json");
    let svg_path = temp("dd.svg");
    let modes = if is_root() { "ptrace,ebpf,floor" } else { "ptrace" };
    let out = bench(&[
        "--workload",
        "dd",
        "--scale",
        "0.002",
        "--runs",
        "2",
        "--modes",
        modes,
        "--report-json",
        json_path.to_str().expect("utf-8 temp path"),
        "--svg",
        svg_path.to_str().expect("utf-8 temp path"),
    ]);
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "tracer bench failed: {}", String::from_utf8_lossy(&out.stderr));
    assert!(stdout.contains("== dd:") && stdout.contains("targets:"), "table:\n{stdout}");
    assert!(stdout.contains("tracer's defaults: ptrace pins a lone tracee"), "table:\n{stdout}");
    if is_root() {
        // The collateral run measures the tracepoints' own cost: the eBPF modes' floor.
        assert!(stdout.contains("collateral: dd untraced while") && stdout.contains("  floor: "), "{stdout}");
    }
    let text = std::fs::read_to_string(&json_path).expect("the JSON report");
    let svg = std::fs::read_to_string(&svg_path).expect("the SVG chart");
    let _ = std::fs::remove_file(&json_path);
    let _ = std::fs::remove_file(&svg_path);
    assert!(svg.starts_with("<svg ") && svg.trim_end().ends_with("</svg>"), "{svg}");

    let report = parse(&text);
    for key in [
        "tool",
        "tracer_version",
        "date",
        "machine",
        "runs",
        "warmup",
        "scale",
        "tracer_settings",
        "workloads",
        "targets",
    ] {
        report.get(key);
    }
    assert_eq!(report.get("runs").num(), 2.0);
    let workloads = report.get("workloads").arr();
    assert_eq!(workloads.len(), 1);
    let dd = &workloads[0];
    assert_eq!(dd.get("name").str(), "dd");
    assert_eq!(dd.get("error"), &Json::Null);
    let size = dd.get("size").num();
    assert_eq!(size, 1000.0, "dd at scale 0.002");
    assert!(dd.get("syscalls").num() >= 2.0 * size, "syscalls counted from the trace");
    dd.get("collateral");
    let modes = dd.get("modes").arr();
    let names: Vec<&str> = modes.iter().map(|m| m.get("mode").str()).collect();
    let mut want = vec!["native", "ptrace"];
    if is_root() {
        want.extend(["ebpf", "floor"]);
    }
    assert_eq!(names, want);
    for m in modes {
        for field in MODE_FIELDS {
            m.get(field);
        }
        let name = m.get("mode").str();
        assert_eq!(m.get("status").str(), "ok", "{name}: {:?}", m.get("error"));
        assert_eq!(m.get("wall_s").arr().len(), 2, "{name}");
        assert!(m.get("ratio").num() > 0.0, "{name}");
        assert!(m.get("median_s").num() > 0.0, "{name}");
        assert!(m.get("peak_rss_kib").num() > 0.0, "{name}");
        if name == "floor" {
            // Untraced, with programs on the tracepoints that return at once: nothing seen.
            assert_eq!(m.get("seen"), &Json::Null);
            assert_eq!(m.get("ratios").arr().len(), 2, "{name}");
        } else if name != "native" {
            assert_eq!(m.get("ratios").arr().len(), 2, "{name}");
            assert!(m.get("ratios").arr().iter().all(|r| r.num() > 0.0), "{name}");
            assert_eq!(m.get("expected").num(), 2.0 * size, "{name}");
            // Every read and write of the loop, unless the ring lost some (and then it says so).
            let (seen, lost) = (m.get("seen").num(), m.get("lost").num());
            if lost == 0.0 {
                assert_eq!(seen, 2.0 * size, "{name}");
            } else {
                assert!(seen < 2.0 * size, "{name}");
            }
            if name == "ptrace" {
                assert_eq!(lost, 0.0);
            }
        }
    }
    for target in report.get("targets").arr() {
        target.get("target").str();
        target.get("measured");
        target.get("met");
    }
}

#[test]
fn a_command_can_be_benchmarked() {
    let json_path = temp("cmd.json");
    let out = bench(&[
        "--runs",
        "1",
        "--modes",
        "ptrace",
        "--report-json",
        json_path.to_str().expect("utf-8 temp path"),
        "--",
        "sh",
        "-c",
        "echo hi",
    ]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let report = parse(&std::fs::read_to_string(&json_path).expect("the JSON report"));
    let _ = std::fs::remove_file(&json_path);
    let w = &report.get("workloads").arr()[0];
    assert_eq!(w.get("command").arr().len(), 3);
    let ptrace = &w.get("modes").arr()[1];
    assert_eq!(ptrace.get("mode").str(), "ptrace");
    assert_eq!(ptrace.get("status").str(), "ok");
    assert!(ptrace.get("ratio").num() > 0.0);
    assert!(w.get("syscalls").num() > 0.0, "counted from ptrace's trace");
}

#[test]
fn bad_flags_are_one_line() {
    for args in [&["--modes", "nope"][..], &["--workload", "nope"], &["--runs", "0"], &["--scale", "-1"]] {
        let out = bench(args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(stderr.lines().count(), 1, "{args:?}: {stderr}");
        assert!(stderr.starts_with(&tracer_tests::as_invoked("tracer: bench: ")), "{args:?}: {stderr}");
    }
}

#[test]
fn help_names_the_floor_strace_pinned_and_http() {
    let out = bench(&["--help"]);
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{help}");
    for mode in ["floor (untraced", "strace-pinned (taskset -c 0 strace)", "tree, http (default"] {
        assert!(help.contains(mode), "{mode} missing from:\n{help}");
    }
}

#[test]
fn the_http_server_answers_every_request_of_its_untraced_client() {
    let json_path = temp("http.json");
    let out = bench(&[
        "--workload",
        "http",
        "--scale",
        "0.003",
        "--runs",
        "1",
        "--modes",
        "ptrace",
        "--no-collateral",
        "--report-json",
        json_path.to_str().expect("utf-8 temp path"),
    ]);
    assert!(out.status.success(), "tracer bench failed: {}", String::from_utf8_lossy(&out.stderr));
    let text = std::fs::read_to_string(&json_path).expect("the JSON report");
    let _ = std::fs::remove_file(&json_path);
    let report = parse(&text);
    let http = &report.get("workloads").arr()[0];
    assert_eq!(http.get("name").str(), "http");
    assert_eq!(http.get("error"), &Json::Null);
    let requests = http.get("size").num();
    assert_eq!(requests, 30.0);
    let ptrace = &http.get("modes").arr()[1];
    assert_eq!(ptrace.get("mode").str(), "ptrace");
    // One accept4 per request in the server's trace; the client (not traced) made the requests.
    assert_eq!(ptrace.get("seen").num(), requests);
    assert_eq!(ptrace.get("expected").num(), requests);
}
