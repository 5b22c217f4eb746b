//! `--perfetto FILE`: a Chrome trace-event file (what ui.perfetto.dev and chrome://tracing read)
//! checked against that format: a track per thread named `comm [tid]`, one slice per syscall the
//! text trace shows, slices of a thread in order and not overlapping, instants for exits and
//! signals.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;
use tracer_tests::tracer;

#[test]
fn the_file_is_a_trace_event_file_with_a_track_per_thread_and_a_slice_per_call() {
    let command = ["sh", "-c", "cat /etc/hostname | wc -c >/dev/null; kill -USR1 $$"];
    for backend in tracer_tests::backends() {
        let path =
            std::env::temp_dir().join(format!("tracer-perfetto-{backend}-{}.json", std::process::id()));
        let path_text = path.to_string_lossy().into_owned();
        let traced = tracer(backend, &["-f", "--perfetto", &path_text], &command);
        let file = std::fs::read_to_string(&path).unwrap_or_default();
        let _ = std::fs::remove_file(&path);
        let doc: Value = serde_json::from_str(&file).unwrap_or_else(|e| panic!("{backend}: not JSON ({e})"));
        let events = doc["traceEvents"].as_array().unwrap_or_else(|| panic!("{backend}: no traceEvents"));

        let mut names = BTreeMap::new();
        let mut slices: BTreeMap<u64, Vec<(f64, f64)>> = BTreeMap::new();
        let (mut exits, mut signals) = (0, 0);
        for event in events {
            let tid = event["tid"].as_u64();
            match event["ph"].as_str() {
                Some("M") if event["name"] == "thread_name" => {
                    names.insert(
                        tid.unwrap_or_default(),
                        event["args"]["name"].as_str().unwrap_or_default().to_string(),
                    );
                }
                Some("M") => assert_eq!(event["name"], "process_name", "{backend}: {event}"),
                Some("X") => {
                    let (ts, dur) = (event["ts"].as_f64(), event["dur"].as_f64());
                    let (Some(ts), Some(dur), Some(tid)) = (ts, dur, tid) else {
                        panic!("{backend}: {event}")
                    };
                    assert!(ts >= 0.0 && dur >= 0.0, "{backend}: {event}");
                    assert!(event["pid"].is_u64() && event["name"].is_string(), "{backend}: {event}");
                    assert!(
                        event["args"]["call"].as_str().is_some_and(|c| c.contains(" = ")),
                        "{backend}: {event}"
                    );
                    slices.entry(tid).or_default().push((ts, dur));
                }
                Some("i") => match event["name"].as_str() {
                    Some("exit") => exits += 1,
                    Some("signal") => signals += 1,
                    _ => panic!("{backend}: {event}"),
                },
                _ => panic!("{backend}: unexpected event {event}"),
            }
        }
        // Three processes (sh, cat, wc), each with its named track; cat and wc named after exec.
        let tids: BTreeSet<u64> = slices.keys().copied().collect();
        assert_eq!(tids.len(), 3, "{backend}: {names:?}");
        for tid in &tids {
            let name = names.get(tid).unwrap_or_else(|| panic!("{backend}: thread {tid} has no name"));
            assert!(name.ends_with(&format!(" [{tid}]")), "{backend}: {name}");
        }
        let named: BTreeSet<&str> = names.values().filter_map(|n| n.split(' ').next()).collect();
        assert!(named.contains("cat") && named.contains("wc"), "{backend}: {names:?}");
        // A thread's calls follow each other.
        for (tid, calls) in &slices {
            for pair in calls.windows(2) {
                assert!(
                    pair[0].0 + pair[0].1 <= pair[1].0 + 0.001,
                    "{backend}: thread {tid} overlaps: {pair:?}"
                );
            }
        }
        // As many slices as the text trace has calls, exits and signals as its +++ and --- lines.
        let lines: Vec<&str> = traced
            .trace
            .lines()
            .map(|l| l.trim_start_matches(|c: char| c.is_ascii_digit()).trim_start())
            .collect();
        let calls = lines
            .iter()
            .filter(|l| !l.starts_with("+++") && !l.starts_with("---") && !l.contains("resumed>"))
            .count();
        assert_eq!(slices.values().map(Vec::len).sum::<usize>(), calls, "{backend}");
        assert_eq!(exits, lines.iter().filter(|l| l.starts_with("+++")).count(), "{backend}");
        assert_eq!(signals, lines.iter().filter(|l| l.starts_with("--- SIG")).count(), "{backend}");
        assert_eq!(exits, 3, "{backend}");
    }
}
