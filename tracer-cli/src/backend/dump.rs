//! Hidden debugging aids for capture parity between the backends (deliberately not documented for
//! users; the end-to-end tests use them):
//!
//! - `TRACER_DUMP_RECORDS=FILE`: every syscall record a backend delivers is also written to FILE as
//!   text, one line per record and one per capture, without timestamps ([`write_event`]).
//! - `TRACER_DUMP_EBPF_SHADOW=FILE`, with `--backend ptrace` (root only): the eBPF probes trace the
//!   same tracee at the same time, and their records, after the retry merge, are written to FILE in
//!   the same format (`ebpf::shadow`). Both backends then copy memory in the very same tracee
//!   state, so the two files of one run must be identical line for line.

use std::ffi::OsString;
use std::fs::File;
use std::io::{self, BufWriter, Write};

use tracer_common::event::{Call, Capture, Event};

use super::EventSink;

/// Where a backend's own records are dumped.
pub const RECORDS_VAR: &str = "TRACER_DUMP_RECORDS";
/// Where the eBPF probes' records are dumped when they shadow the ptrace backend.
pub const SHADOW_VAR: &str = "TRACER_DUMP_EBPF_SHADOW";

/// The file named by `var`, created; `None` when the variable is unset or the file cannot be
/// created (said on stderr: this is a debugging aid, the trace goes on).
pub fn open_from_env(var: &str) -> Option<(OsString, BufWriter<File>)> {
    let path = std::env::var_os(var).filter(|p| !p.is_empty())?;
    match File::create(&path) {
        Ok(file) => Some((path, BufWriter::new(file))),
        Err(err) => {
            crate::diag!("{var}={}: {err}", path.to_string_lossy());
            None
        }
    }
}

/// A sink that writes every syscall record to the [`RECORDS_VAR`] file, if set, and passes it on.
pub struct DumpSink<'a> {
    inner: &'a mut dyn EventSink,
    out: Option<BufWriter<File>>,
}

impl<'a> DumpSink<'a> {
    pub fn from_env(inner: &'a mut dyn EventSink) -> Self {
        DumpSink { inner, out: open_from_env(RECORDS_VAR).map(|(_, out)| out) }
    }
}

impl EventSink for DumpSink<'_> {
    fn event(&mut self, event: Event) -> io::Result<()> {
        if let Some(out) = self.out.as_mut() {
            if write_event(out, &event).and_then(|()| out.flush()).is_err() {
                crate::diag!("{RECORDS_VAR}: write failed; no more records dumped");
                self.out = None;
            }
        }
        self.inner.event(event)
    }

    fn call(&mut self, call: &mut Call) -> io::Result<()> {
        if self.out.is_some() {
            // Dumping is a debugging aid: the two records one by one, as for any backend.
            let (enter, exit) = std::mem::take(call).into_events();
            self.event(enter)?;
            return self.event(exit);
        }
        self.inner.call(call)
    }

    fn kernel_summary(&mut self, totals: &[tracer_common::summary::SyscallStats]) -> io::Result<()> {
        self.inner.kernel_summary(totals)
    }

    fn takes_raw_calls(&self) -> bool {
        // While dumping, every call goes through `call` to be dumped.
        self.out.is_none() && self.inner.takes_raw_calls()
    }

    fn raw_call(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.inner.raw_call(bytes)
    }

    fn detached(&mut self, tid: u32) -> io::Result<()> {
        self.inner.detached(tid)
    }

    fn notice(&mut self, notice: crate::messages::Notice) -> io::Result<()> {
        self.inner.notice(notice)
    }
}

/// One syscall record as text (other records write nothing):
///
/// ```text
/// enter pid=PID tid=TID nr=NR args=[0x..,0x..,0x..,0x..,0x..,0x..]
///   arg=1 part=0 flags=0x00 len=11 "/etc/passwd"
/// exit pid=PID tid=TID nr=NR ret=RET [atoms=0x..]
/// ```
pub fn write_event(out: &mut impl Write, event: &Event) -> io::Result<()> {
    let captures = match event {
        Event::SysEnter { meta, nr, args, captures, .. } => {
            let args: Vec<String> = args.iter().map(|a| format!("{a:#x}")).collect();
            writeln!(out, "enter pid={} tid={} nr={nr} args=[{}]", meta.pid, meta.tid, args.join(","))?;
            captures
        }
        Event::SysExit { meta, nr, ret, captures, kernel_atoms } => {
            write!(out, "exit pid={} tid={} nr={nr} ret={ret}", meta.pid, meta.tid)?;
            // `--filter`'s kernel atoms, when the kernel sent them.
            if let Some(atoms) = kernel_atoms {
                write!(out, " atoms={atoms:#x}")?;
            }
            writeln!(out)?;
            captures
        }
        _ => return Ok(()),
    };
    captures.iter().try_for_each(|c| write_capture(out, c))
}

fn write_capture(out: &mut impl Write, capture: &Capture) -> io::Result<()> {
    writeln!(
        out,
        "  arg={} part={} flags={:#04x} len={} \"{}\"",
        capture.arg,
        capture.part,
        capture.flags,
        capture.bytes.len(),
        capture.bytes.escape_ascii()
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use tracer_common::event::Meta;
    use tracer_common::record::capture_flags::TRUNCATED;

    #[test]
    fn records_dump_as_one_line_each_and_one_per_capture() {
        let meta = Meta { pid: 5, tid: 6, ts_ns: 99 };
        let mut out = Vec::new();
        let enter = Event::SysEnter {
            ip: 0,
            meta,
            nr: 20,
            args: [1, 0x7ff0, 2, 0, 0, 0],
            captures: vec![Capture { arg: 1, flags: TRUNCATED, part: 1, bytes: b"a\"\n\0".to_vec() }],
        };
        write_event(&mut out, &enter).expect("writes");
        write_event(
            &mut out,
            &Event::SysExit { meta, nr: 20, ret: -14, captures: vec![], kernel_atoms: None },
        )
        .expect("writes");
        write_event(&mut out, &Event::Exit { meta, wait_status: 0 }).expect("writes");
        assert_eq!(
            String::from_utf8_lossy(&out),
            "enter pid=5 tid=6 nr=20 args=[0x1,0x7ff0,0x2,0x0,0x0,0x0]\n  arg=1 part=1 flags=0x01 len=4 \"a\\\"\\n\\x00\"\nexit pid=5 tid=6 nr=20 ret=-14\n"
        );
    }
}
