//! The eBPF probes shadowing the ptrace backend (hidden debugging aid, see `backend::dump`): they
//! trace the same tracee while ptrace does, and their records, after the retry merge, are dumped to
//! a file. ptrace's entry stop comes before the `sys_enter` tracepoint and its exit stop after
//! `sys_exit`, and the tracee runs nothing in between, so both backends copy the same memory: any
//! difference between the two dumps is a capture that does not follow the shared plan.

use std::fs::File;
use std::io::{self, BufWriter, Write};

use aya::maps::{MapData, RingBuf};
use tracer_common::capture::Limits;
use tracer_common::event::Event;

use super::loader::{LostCounter, Probes};
use super::retry::Retries;
use super::{privilege, EbpfError};
use crate::backend::dump;

/// Loaded probes tracing one pid, and the dump file their records go to.
pub struct Shadow {
    /// Kept for as long as the shadow lives: dropping it detaches the programs.
    _probes: Probes,
    ring: RingBuf<MapData>,
    lost: LostCounter,
    retries: Retries,
    ready: Vec<Event>,
    out: BufWriter<File>,
}

/// A shadow for `pid` when [`dump::SHADOW_VAR`] names a file; problems are said on stderr and the
/// trace goes on without it.
pub fn from_env(limits: &Limits, pid: u32) -> Option<Shadow> {
    let (path, out) = dump::open_from_env(dump::SHADOW_VAR)?;
    match Shadow::start(limits, pid, out) {
        Ok(shadow) => Some(shadow),
        Err(err) => {
            crate::diag!("{}={}: {}", dump::SHADOW_VAR, path.to_string_lossy(), error_chain(&err));
            None
        }
    }
}

fn error_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    text
}

impl Shadow {
    fn start(limits: &Limits, pid: u32, out: BufWriter<File>) -> Result<Shadow, EbpfError> {
        privilege::check()?;
        let mut probes = Probes::load(
            limits,
            &tracer_common::filter::FilterConfig::default(),
            &[u64::MAX; 8],
            false,
            0,
            None,
            false,
        )?;
        let ring = probes.take_ring()?;
        let lost = probes.take_lost()?;
        probes.trace_tid(pid)?;
        Ok(Shadow { _probes: probes, ring, lost, retries: Retries::default(), ready: Vec::new(), out })
    }

    /// Dump every record the ring holds now.
    pub fn drain(&mut self) -> io::Result<()> {
        while let Some(item) = self.ring.next() {
            match Event::decode(&item) {
                Ok((event, _)) => self.retries.push(event, &mut self.ready),
                Err(err) => writeln!(self.out, "undecodable record: {err}")?,
            }
        }
        self.write_ready()
    }

    fn write_ready(&mut self) -> io::Result<()> {
        for event in self.ready.drain(..) {
            dump::write_event(&mut self.out, &event)?;
        }
        Ok(())
    }

    /// Dump what remains (the tracee has exited), and the records lost if any.
    pub fn finish(mut self) -> io::Result<()> {
        self.drain()?;
        self.retries.flush(&mut self.ready);
        self.write_ready()?;
        match self.lost.total() {
            Ok(0) => {}
            Ok(lost) => writeln!(self.out, "lost {lost}")?,
            Err(err) => writeln!(self.out, "lost count unreadable: {err}")?,
        }
        self.out.flush()
    }
}
