//! Which tasks are traced and how their lives are reported: `-f`, `-ff`, `-p`, `-q`, and the
//! eBPF-only scopes.

use super::error::CliError;
use super::raw_args::RawArgs;
use crate::backend::ebpf::Scope;
use crate::sets::{Message, Quiet};

/// Which tasks are traced (`-f`, `-ff`, `-p`, and the eBPF-only scopes), and how their lives are
/// reported (`-q`, `-qq`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Tracing {
    /// `-f`: follow fork, vfork, clone and clone3 children (threads too) from their first syscall.
    pub follow: bool,
    /// `-ff` with `-o FILE`: one `FILE.PID` per process.
    pub per_process_files: bool,
    /// `-p PID` (repeatable, comma lists): thread groups to attach to, in order given.
    pub attach: Vec<i32>,
    /// `-q`, `-qq`, `-qqq`, `-e quiet=`: the messages not printed.
    pub quiet: Quiet,
    /// eBPF only: trace beyond the command or `-p` (system-wide or by comm/uid/cgroup).
    pub scope: Scope,
}

/// `-f`, `-ff`, `-p`, `-q`, and the eBPF scopes.
pub(super) fn tracing(raw: &RawArgs, quiet_set: Option<Quiet>) -> Result<Tracing, CliError> {
    let quiet = match (raw.quiet, quiet_set) {
        (0, Some(set)) => set,
        // strace 6.1 with `-o` and neither -q nor -e quiet: no personality lines in the file.
        (0, None) if raw.output.is_some() => Quiet::NONE.with(Message::Personality),
        (0, None) => Quiet::NONE,
        (count, None) => Quiet::from_count(count),
        (_, Some(_)) => {
            return Err(CliError::bad("-q and -e quiet/--quiet cannot be provided simultaneously"));
        }
    };
    let mut attach = Vec::new();
    for list in &raw.attach {
        parse_pids(list, &mut attach)?;
    }
    let uid = match raw.uid.as_deref() {
        None => None,
        Some(text) => Some(
            text.parse::<u32>()
                .ok()
                .filter(|&uid| uid != u32::MAX)
                .ok_or_else(|| CliError::bad(format!("invalid --uid argument: '{text}'")))?,
        ),
    };
    let comm = match raw.comm.as_deref() {
        Some("") => return Err(CliError::bad("invalid --comm argument: ''")),
        Some(name) if name.len() >= tracer_common::record::COMM_SIZE => {
            // The kernel keeps 15 bytes of a comm: a longer name could never match.
            return Err(CliError::bad(format!("invalid --comm argument: '{name}' (longer than 15 bytes)")));
        }
        other => other.map(str::to_string),
    };
    let follow = raw.follow > 0;
    Ok(Tracing {
        follow,
        // strace: -ff (or --output-separately) only splits files with -o; without -o it is -f.
        per_process_files: raw.output.is_some() && (raw.follow >= 2 || (follow && raw.output_separately)),
        attach,
        quiet,
        scope: Scope { all: raw.all, comm, uid, cgroup: raw.cgroup.clone() },
    })
}

/// One `-p` value as strace 6.1 reads it: PIDs separated by commas, spaces, tabs or newlines (for
/// `-p "$(pidof prog)"`); each a decimal in 1..=INT_MAX, and never tracer's own pid.
fn parse_pids(list: &str, out: &mut Vec<i32>) -> Result<(), CliError> {
    let mut rest = list;
    while !rest.is_empty() {
        let end = rest.find([',', ' ', '\t', '\n']).unwrap_or(rest.len());
        let token = &rest[..end];
        let pid = parse_c_int(token)
            .filter(|&pid| pid > 0)
            .ok_or_else(|| CliError::bad(format!("Invalid process id: '{token}'")))?;
        if u32::try_from(pid).ok() == Some(std::process::id()) {
            return Err(CliError::bad("I'm sorry, I can't let you do that, Dave."));
        }
        if !out.contains(&pid) {
            out.push(pid);
        }
        if end == rest.len() {
            break;
        }
        rest = &rest[end + 1..];
    }
    Ok(())
}

/// strtol(3) base 10 as strace's `string_to_uint` uses it: an optional sign, digits, nothing after.
fn parse_c_int(text: &str) -> Option<i32> {
    let digits = text.strip_prefix('+').unwrap_or(text);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    digits.parse::<i32>().ok()
}
