//! Reading back what a mode saw: counts of the workload's known calls in its trace, summary or
//! map, the total number of calls in a full trace, and lost records on stderr.

use super::modes::Output;
use super::workloads::Expect;

/// What one output says.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Seen {
    /// The expected calls found (None when this output cannot tell).
    pub expected_seen: Option<u64>,
    /// Every syscall line of a full trace (None for summaries and maps).
    pub total: Option<u64>,
}

/// The line after `-f -o`'s pid column.
fn after_pid(line: &str) -> &str {
    let digits = line.len() - line.trim_start_matches(|c: char| c.is_ascii_digit()).len();
    if digits > 0 && line[digits..].starts_with(' ') {
        line[digits..].trim_start_matches(' ')
    } else {
        line
    }
}

pub fn count(output: Output, text: &str, expects: &[Expect]) -> Seen {
    match output {
        Output::None | Output::Capture => Seen::default(),
        Output::StraceText => {
            let mut found = 0;
            let mut total = 0;
            for line in text.lines() {
                let line = after_pid(line);
                if line.starts_with("+++") || line.starts_with("---") || line.starts_with("<...") {
                    continue;
                }
                if !line.contains('(') {
                    continue;
                }
                total += 1;
                if expects.iter().any(|e| line.starts_with(&e.prefix)) {
                    found += 1;
                }
            }
            Seen { expected_seen: (!expects.is_empty()).then_some(found), total: Some(total) }
        }
        Output::Summary => {
            let mut found = 0;
            let mut rows = 0;
            for line in text.lines() {
                let cols: Vec<&str> = line.split_whitespace().collect();
                // % time, seconds, usecs/call, calls, [errors,] syscall
                if cols.len() < 5 || cols[0].parse::<f64>().is_err() {
                    continue;
                }
                let Some(name) = cols.last() else { continue };
                rows += 1;
                if expects.iter().any(|e| e.syscall == *name) {
                    found += cols[3].parse::<u64>().unwrap_or(0);
                }
            }
            // No table at all: the summary was not printed (None, not "saw nothing").
            Seen { expected_seen: (!expects.is_empty() && rows > 0).then_some(found), total: None }
        }
        Output::PerfText => {
            let mut found = 0;
            let mut total = 0;
            for line in text.lines() {
                // `0.012 ( 0.001 ms): comm/1234 read(fd: 0, ...) = 1`
                let Some((_, rest)) = line.split_once("): ") else { continue };
                let Some((_task, call)) = rest.split_once(' ') else { continue };
                let Some((name, _)) = call.split_once('(') else { continue };
                if name.is_empty() || !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
                    continue;
                }
                total += 1;
                if expects.iter().any(|e| e.syscall == name) {
                    found += 1;
                }
            }
            Seen { expected_seen: (!expects.is_empty()).then_some(found), total: Some(total) }
        }
        Output::BpftraceMap => {
            let mut found = 0;
            for line in text.lines() {
                // `@[39]: 1000000`
                let Some(rest) = line.trim().strip_prefix("@[") else { continue };
                let Some((id, count)) = rest.split_once("]: ") else { continue };
                let (Ok(id), Ok(count)) = (id.parse::<u64>(), count.trim().parse::<u64>()) else { continue };
                let name = tracer_common::syscall::info(id).map(|i| i.name);
                if expects.iter().any(|e| Some(e.syscall) == name) {
                    found += count;
                }
            }
            Seen { expected_seen: (!expects.is_empty()).then_some(found), total: None }
        }
    }
}

/// Lost records a tracer reported: ours (`tracer: N records lost`, whatever the program's name),
/// perf's `LOST N events`,
/// bpftrace's `Lost N events`.
pub fn lost(stderr: &str) -> u64 {
    let mut lost = 0;
    for line in stderr.lines() {
        if let Some((n, _)) = line.split_once(" records lost (") {
            if let Some((_, n)) = n.rsplit_once(": ") {
                lost += n.trim().parse::<u64>().unwrap_or(0);
            }
        } else if let Some(pos) = line.find("LOST ").or_else(|| line.find("Lost ")) {
            let rest = &line[pos + 5..];
            let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
            lost += digits.parse::<u64>().unwrap_or(0);
        }
    }
    lost
}

#[cfg(test)]
mod tests {
    use super::*;

    fn expects() -> Vec<Expect> {
        vec![
            Expect { syscall: "read", prefix: "read(0, ".into(), count: 2 },
            Expect { syscall: "write", prefix: "write(1, ".into(), count: 2 },
        ]
    }

    #[test]
    fn strace_text_with_pid_column() {
        let text = "12  execve(\"/x\", [\"x\"], 0x7ff /* 3 vars */) = 0\n12  read(0, \"\\0\", 1) = 1\n\
                    12  write(1, \"\\0\", 1 <unfinished ...>\n13  <... write resumed>) = 1\n\
                    read(0, \"\\0\", 1) = 1\n12  +++ exited with 0 +++\n";
        assert_eq!(
            count(Output::StraceText, text, &expects()),
            Seen { expected_seen: Some(3), total: Some(4) }
        );
    }

    #[test]
    fn summary_table() {
        let text = "% time     seconds  usecs/call     calls    errors syscall\n\
                    ------ ----------- ----------- --------- --------- ----------------\n \
                    60.00    0.000600           0      1003           read\n \
                    40.00    0.000400           0      1000         2 write\n\
                    ------ ----------- ----------- --------- --------- ----------------\n\
                    100.00    0.001000           0      2003         2 total\n";
        assert_eq!(count(Output::Summary, text, &expects()).expected_seen, Some(2003));
        assert_eq!(count(Output::Summary, "", &expects()).expected_seen, None);
    }

    #[test]
    fn bpftrace_map_and_perf_lines() {
        let map = "\n@[0]: 10\n@[1]: 5\n@[39]: 7\n";
        assert_eq!(count(Output::BpftraceMap, map, &expects()).expected_seen, Some(15));
        let perf = "     0.000 ( 0.001 ms): tbench/77 read(buf: 0x1, count: 1) = 1\n     0.002 ( 0.001 ms): tbench/77 getpid() = 77\n";
        assert_eq!(
            count(Output::PerfText, perf, &expects()),
            Seen { expected_seen: Some(1), total: Some(2) }
        );
    }

    #[test]
    fn lost_lines() {
        assert_eq!(
            lost(
                "tracer: 12 records lost (ring buffer or kernel map full); the trace above is incomplete\nLOST 3 events!\n"
            ),
            15
        );
        assert_eq!(lost("nothing\n"), 0);
    }
}
