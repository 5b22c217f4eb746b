//! CPU per call of the eBPF consumer's path without a kernel: SYS_CALL records decoded, paired,
//! rendered and written (to `io::sink`), as the ring reader hands them on. A measurement, run by
//! hand when changing that path (`cargo test --release -p tracer-cli throughput -- --ignored
//! --nocapture`); it prints, it does not judge. `TP_N` calls per workload (500,000), `TP_RUNS` runs
//! (7; the best and the median are printed), `TP_ONLY=dd` or `storm` for one workload (under
//! callgrind, for instance).

use tracer_common::event::{self, Call, Capture, Event, Meta};

use super::*;
use crate::filter::paths::PathFilter;
use crate::printers::text::{PidPrefix, TextOptions, TextOutput};
use crate::printers::Format;

/// `n` SYS_CALL records cycling through `calls`.
fn records(calls: &[(Event, Event)], n: usize) -> Vec<u8> {
    let mut bytes = Vec::new();
    for i in 0..n {
        let (enter, exit) = &calls[i % calls.len()];
        event::encode_call(enter, exit, &mut bytes);
    }
    bytes
}

/// The best and the median of `TP_RUNS` runs (7): this machine's neighbours only ever add time.
fn run(name: &str, bytes: &[u8], n: usize, prefix: PidPrefix) {
    let runs = std::env::var("TP_RUNS").ok().and_then(|v| v.parse().ok()).unwrap_or(7).max(1);
    let mut times: Vec<f64> = (0..runs).map(|_| once(bytes, n, prefix)).collect();
    times.sort_by(f64::total_cmp);
    let (best, median) = (times[0], times[runs / 2]);
    eprintln!("{name}: {best:.0} ns/call (best of {runs}), median {median:.0}");
}

/// Thread CPU nanoseconds per call for one pass over `bytes`.
fn once(bytes: &[u8], n: usize, prefix: PidPrefix) -> f64 {
    let output = Format::Text(TextOutput::new(TextOptions { prefix, ..TextOptions::default() }));
    let filter = Filter::new(Selection::default(), PathFilter::default());
    let mut pipeline = Pipeline::new(filter, State::default(), output, std::io::sink(), false);
    let start = thread_cpu_ns();
    let mut rest = bytes;
    // One call decoded into for every record, as the ring reader does.
    let mut call = Call::default();
    while !rest.is_empty() {
        let used = call.decode_from(rest).expect("decodes");
        pipeline.call(&mut call).expect("sink");
        rest = &rest[used..];
    }
    (thread_cpu_ns() - start) as f64 / n as f64
}

/// This thread's CPU time: other work on the machine does not count.
fn thread_cpu_ns() -> u64 {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime writes to a valid local timespec.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

#[test]
#[ignore = "a measurement, not a test"]
/// dd's 1-byte reads and writes (one capture each, no prefix) and the storm's getpid calls from 16
/// processes (pid prefixes, as `-f -o FILE`).
fn throughput() {
    let n: usize = std::env::var("TP_N").ok().and_then(|v| v.parse().ok()).unwrap_or(500_000);
    let meta = Meta { pid: 100, tid: 100, ts_ns: 1 };
    let read = (
        Event::SysEnter { ip: 0, meta, nr: 0, args: [0, 0x7ffc_0000, 1, 0, 0, 0], captures: vec![] },
        Event::SysExit {
            meta,
            nr: 0,
            ret: 1,
            captures: vec![Capture::new(1, 0, vec![0])],
            kernel_atoms: None,
        },
    );
    let write = (
        Event::SysEnter {
            ip: 0,
            meta,
            nr: 1,
            args: [1, 0x7ffc_0000, 1, 0, 0, 0],
            captures: vec![Capture::new(1, 0, vec![0])],
        },
        Event::SysExit { meta, nr: 1, ret: 1, captures: vec![], kernel_atoms: None },
    );
    let dd = records(&[read, write], n);
    let only = std::env::var("TP_ONLY").unwrap_or_default();
    if only.is_empty() || only == "dd" {
        run("dd", &dd, n, PidPrefix::None);
    }
    let storm: Vec<(Event, Event)> = (0..16)
        .map(|i| {
            let meta = Meta { pid: 200 + i, tid: 200 + i, ts_ns: 1 };
            (
                Event::SysEnter { ip: 0, meta, nr: 39, args: [0; 6], captures: vec![] },
                Event::SysExit {
                    meta,
                    nr: 39,
                    ret: i64::from(200 + i),
                    captures: vec![],
                    kernel_atoms: None,
                },
            )
        })
        .collect();
    let storm = records(&storm, n);
    if only.is_empty() || only == "storm" {
        run("storm", &storm, n, PidPrefix::Always);
    }
}
