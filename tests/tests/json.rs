//! `--json`: one object per call or event, its arguments typed by the same decoding as the text,
//! strings with their exact bytes, identical between the backends (pids, times and addresses aside).

use serde_json::{json, Value};
use tracer_tests::{first_difference, fixture, normalize, tracer};

const COMMAND: &[&str] = &["cat", "/etc/hostname", "/nonexistent/json"];
const CALLS: &str = "trace=openat,read,close,exit_group";

fn objects(backend: &str, extra: &[&str]) -> Vec<Value> {
    let mut args = vec!["--json", "-e", CALLS];
    args.extend_from_slice(extra);
    let traced = tracer(backend, &args, COMMAND);
    assert_eq!(traced.stderr, "cat: /nonexistent/json: No such file or directory\n", "{backend}");
    traced
        .trace
        .lines()
        .map(|line| {
            serde_json::from_str(line).unwrap_or_else(|e| panic!("{backend}: not JSON ({e}): {line}"))
        })
        .collect()
}

#[test]
fn every_line_is_a_versioned_object_and_its_text_is_the_strace_line() {
    for backend in tracer_tests::backends() {
        let json = objects(backend, &[]);
        for object in &json {
            assert_eq!(object["v"], json!(2), "{object}");
            assert_eq!(object["backend"], json!(backend), "{object}");
            assert!(object["pid"].is_u64() && object["tid"].is_u64() && object["ts_ns"].is_u64(), "{object}");
        }
        // The same run as text: the objects' `text` are its lines, in order.
        let text = tracer(backend, &["-e", CALLS], COMMAND);
        let lines: Vec<String> =
            text.trace.lines().filter(|l| !l.starts_with("+++")).map(normalize).collect();
        let texts: Vec<String> = json
            .iter()
            .filter(|o| o["type"] == "syscall")
            .map(|o| normalize(o["text"].as_str().unwrap_or_default()))
            .collect();
        if let Some(diff) = first_difference(&texts, &lines) {
            panic!("{backend}: {diff}");
        }
        let last = json.last().cloned().unwrap_or_default();
        assert_eq!(last["type"], "exit", "{backend}");
        assert_eq!(last["status"], 1, "{backend}");
    }
}

#[test]
fn arguments_and_results_are_typed() {
    for backend in tracer_tests::backends() {
        let json = objects(backend, &["-y"]);
        let open = |path: &str| {
            json.iter()
                .find(|o| o["name"] == "openat" && o["args"][1]["text"] == path)
                .unwrap_or_else(|| panic!("{backend}: no openat of {path}"))
                .clone()
        };
        let hostname = open("/etc/hostname");
        // -y: AT_FDCWD with the working directory.
        let cwd = std::env::current_dir().map(|d| d.to_string_lossy().into_owned()).unwrap_or_default();
        assert_eq!(
            hostname["args"][0],
            json!({"const": "AT_FDCWD", "value": -100, "path": {"text": cwd}}),
            "{backend}"
        );
        assert_eq!(hostname["args"][1], json!({"text": "/etc/hostname"}), "{backend}");
        assert_eq!(hostname["args"][2], json!({"flags": ["O_RDONLY"], "value": 0}), "{backend}");
        // -y: the descriptor returned, with its path; the register's value beside it.
        assert_eq!(
            hostname["ret"],
            json!({"fd": 3, "path": {"text": "/etc/hostname"}}),
            "{backend}: {hostname}"
        );
        assert!(hostname["raw_ret"].is_u64() && hostname["errno"].is_null(), "{backend}: {hostname}");
        assert!(hostname["duration_ns"].is_u64(), "{backend}: {hostname}");
        assert_eq!(hostname["raw_args"].as_array().map(Vec::len), Some(4), "{backend}: {hostname}");
        let missing = open("/nonexistent/json");
        assert_eq!(missing["ret"], -1, "{backend}: {missing}");
        assert_eq!(missing["raw_ret"], -2, "{backend}: {missing}");
        assert_eq!(missing["errno"], "ENOENT", "{backend}: {missing}");
        // With -y, read's descriptor carries its path.
        let read = json.iter().find(|o| {
            o["name"] == "read" && o["args"][0] == json!({"fd": 3, "path": {"text": "/etc/hostname"}})
        });
        let read = read.unwrap_or_else(|| panic!("{backend}: no read of /etc/hostname"));
        assert!(read["args"][1]["text"].is_string(), "{backend}: {read}");
        assert_eq!(read["ret_text"], read["ret"].to_string(), "{backend}: {read}");
        let exit = json.iter().find(|o| o["name"] == "exit_group").cloned().unwrap_or_default();
        assert!(exit["ret"].is_null() && exit["duration_ns"].is_null(), "{backend}: {exit}");
    }
}

/// What does not depend on the run: names, typed arguments without addresses, results.
fn stable(json: &[Value]) -> Vec<String> {
    json.iter()
        .map(|o| match o["type"].as_str() {
            Some("syscall") => format!(
                "{} {} = {}",
                o["name"],
                normalize(o["text"].as_str().unwrap_or_default()),
                o["errno"]
            ),
            _ => format!("{} {}", o["type"], o["status"]),
        })
        .collect()
}

#[test]
fn both_backends_write_the_same_objects() {
    if !tracer_tests::is_root() {
        return;
    }
    let ptrace = stable(&objects("ptrace", &[]));
    let ebpf = stable(&objects("ebpf", &[]));
    if let Some(diff) = first_difference(&ebpf, &ptrace) {
        panic!("{diff}");
    }
}

#[test]
fn buffers_keep_their_exact_bytes() {
    for backend in tracer_tests::backends() {
        let traced =
            tracer(backend, &["--json", "-e", "trace=write", "-s", "4"], &[&fixture("fixture-bytes")]);
        assert!(traced.status.success(), "{backend}: {}", traced.stderr);
        let writes: Vec<Value> = traced
            .trace
            .lines()
            .filter_map(|line| serde_json::from_str::<Value>(line).ok())
            .filter(|o| o["name"] == "write")
            .collect();
        assert_eq!(writes.len(), 2, "{backend}: {}", traced.trace);
        // Not UTF-8: base64 of the bytes, cut at -s 4 (the text says `"\377\0ok"...`).
        assert_eq!(writes[0]["args"][1], json!({"bytes": "/wBvaw==", "truncated": true}), "{backend}");
        assert_eq!(writes[0]["text"], r#"write(3, "\377\0ok"..., 5) = 5"#, "{backend}");
        assert_eq!(writes[1]["args"][1], json!({"text": "h\u{e9}l", "truncated": true}), "{backend}");
        // Without the cut, both whole.
        let traced = tracer(backend, &["--json", "-e", "trace=write"], &[&fixture("fixture-bytes")]);
        let args: Vec<Value> = traced
            .trace
            .lines()
            .filter_map(|line| serde_json::from_str::<Value>(line).ok())
            .filter(|o| o["name"] == "write")
            .map(|o| o["args"][1].clone())
            .collect();
        assert_eq!(args, [json!({"bytes": "/wBvawo="}), json!({"text": "h\u{e9}llo\n"})], "{backend}");
    }
}
