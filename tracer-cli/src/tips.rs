//! `--tips[=[[id:]ID][,[format:]FORMAT]]`: a tip about tracer printed on stderr at exit, as strace
//! prints one of its own (tracer's tips are its own, about tracer's flags).

/// What `--tips` asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tips {
    /// The tip to show; `None`: one picked at random.
    pub id: Option<usize>,
    pub format: Format,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Nothing is printed.
    None,
    /// The tip in its box.
    Compact,
    /// The box and a line saying where the tips come from (the default).
    Full,
}

const TIPS: [&str; 8] = [
    "tracer --backend ebpf traces with the kernel's syscall tracepoints: the same lines as the ptrace backend at a fraction of the cost. It needs root (CAP_BPF and CAP_PERFMON).",
    "tracer -f -e trace=openat CMD installs a seccomp filter, so the calls you did not ask for run at full speed; without -f, --seccomp-bpf does (as root).",
    "tracer -c --hist openat draws a log2 latency histogram of each call you name, after the summary table.",
    "tracer --json writes one JSON object per call, with the decoded values and strace's line side by side.",
    "tracer --backend ebpf --comm NAME (or --uid, --cgroup, --all) traces every process that matches, whoever started it.",
    "tracer bench compares the slowdown of each backend with strace, perf trace and bpftrace on the same workloads.",
    "tracer -k prints each call's stack, unwound from DWARF call frame information, as strace -k does.",
    "tracer --check says what this machine lets each backend do, and how to fix what it does not.",
];

/// The number of tips (an `id` picks one modulo it, as strace's does).
pub const COUNT: usize = TIPS.len();

/// Parse `--tips`'s value (`None`: the flag alone). `Err` holds the value, for strace's message.
pub fn parse(value: Option<&str>) -> Result<Tips, String> {
    let mut tips = Tips { id: None, format: Format::Full };
    let Some(value) = value else { return Ok(tips) };
    for item in value.split(',') {
        let (key, word) = match item.split_once(':') {
            Some((key, word)) => (Some(key), word),
            None => (None, item),
        };
        let id = || match word {
            "random" => Some(None),
            number => number.parse::<usize>().ok().map(Some),
        };
        let format = || match word {
            "none" => Some(Format::None),
            "compact" => Some(Format::Compact),
            "full" => Some(Format::Full),
            _ => None,
        };
        match key {
            Some("id") => tips.id = id().ok_or_else(|| value.to_string())?,
            Some("format") => tips.format = format().ok_or_else(|| value.to_string())?,
            Some(_) => return Err(value.to_string()),
            None => match (id(), format()) {
                (Some(id), _) => tips.id = id,
                (None, Some(format)) => tips.format = format,
                (None, None) => return Err(value.to_string()),
            },
        }
    }
    Ok(tips)
}

/// The tip, boxed, as printed at exit (empty with `format:none`).
pub fn render(tips: Tips, random: usize) -> String {
    if tips.format == Format::None {
        return String::new();
    }
    let tip = TIPS[tips.id.unwrap_or(random) % COUNT];
    let width = 46;
    let mut lines = vec![String::new()];
    for word in tip.split(' ') {
        let last = lines.last().map_or(0, String::len);
        if last > 0 && last + 1 + word.len() > width {
            lines.push(String::new());
        }
        if let Some(line) = lines.last_mut() {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
    }
    let mut out = format!("  {}\n /{}\\\n", "_".repeat(width + 2), " ".repeat(width + 2));
    for line in &lines {
        out.push_str(&format!(" | {line:<width$} |\n"));
    }
    out.push_str(&format!(" \\{}/\n", "_".repeat(width + 2)));
    if tips.format == Format::Full {
        out.push_str("  (tracer's tips: tracer --tips=id:N shows tip N)\n");
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_grammar_is_strace_s() {
        assert_eq!(parse(None), Ok(Tips { id: None, format: Format::Full }));
        assert_eq!(parse(Some("id:3,format:compact")), Ok(Tips { id: Some(3), format: Format::Compact }));
        assert_eq!(parse(Some("7,none")), Ok(Tips { id: Some(7), format: Format::None }));
        assert_eq!(parse(Some("random")), Ok(Tips { id: None, format: Format::Full }));
        assert_eq!(parse(Some("format:bad")), Err("format:bad".to_string()));
        assert_eq!(parse(Some("what")), Err("what".to_string()));
    }

    #[test]
    fn a_tip_is_boxed_and_none_prints_nothing() {
        let text = render(Tips { id: Some(1), format: Format::Compact }, 0);
        assert!(text.lines().all(|l| l.len() <= 51), "{text}");
        assert!(text.contains("| tracer -f -e trace=openat CMD installs a       |"), "{text}");
        assert_eq!(render(Tips { id: Some(1), format: Format::None }, 0), "");
        // Any id picks a tip.
        assert!(!render(Tips { id: Some(500), format: Format::Full }, 0).is_empty());
    }
}
