//! The paired-call model: one syscall with everything known of it (entry arguments, captures from
//! entry and exit, the return value), and what pairing hands on ([`Paired`]). Every stage after
//! pairing reads calls through these types.

use tracer_common::capture::part;
use tracer_common::event::{Call, Capture, Event, Meta};
use tracer_common::record::capture_flags;
use tracer_common::syscall::kernel_args;

/// One syscall with what is known of it: entry arguments, captures from entry and exit, and the
/// return value once it exited.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Syscall {
    /// Who made the call and when it entered.
    pub meta: Meta,
    pub nr: u64,
    pub args: [u64; 6],
    /// The user instruction pointer at the entry (`-i`; 0: unknown).
    pub ip: u64,
    /// Entry captures followed by exit captures.
    pub captures: Vec<Capture>,
    /// The return value; `None` when the call never returned (`= ?`).
    pub ret: Option<i64>,
    /// Timestamp of the exit, when there was one.
    pub exit_ts_ns: Option<u64>,
    /// eBPF with `--filter`: which comparisons of the kernel form were true at the exit (bit `i`:
    /// op `i`); `None` otherwise.
    pub kernel_atoms: Option<u32>,
}

impl Syscall {
    /// The return value when the call returned and did not fail.
    #[inline]
    pub fn ok_ret(&self) -> Option<i64> {
        self.ret.filter(|&r| tracer_common::errno::of(r).is_none())
    }

    /// What `-e inject=` did to the call: the [`tracer_common::record::tamper`] bits of its
    /// tamper notes, joined.
    #[inline]
    pub fn tampered(&self) -> u8 {
        self.captures.iter().filter_map(|c| c.tamper_bits()).fold(0, |all, bits| all | bits)
    }

    /// Become the whole call `call` stands for, in place: its captures are swapped in (those
    /// taken at exit marked [`capture_flags::AT_EXIT`]), so `call` gets this call's old capture
    /// buffers to decode its next record into, and neither side allocates.
    pub fn take_whole(&mut self, call: &mut Call) {
        self.meta = call.meta;
        self.nr = call.nr;
        self.args = kernel_args(call.nr, call.args);
        self.ip = call.ip;
        std::mem::swap(&mut self.captures, &mut call.captures);
        for capture in self.captures.iter_mut().skip(call.entry_count) {
            capture.flags |= capture_flags::AT_EXIT;
        }
        self.ret = Some(call.ret);
        self.exit_ts_ns = Some(call.exit_ts_ns);
        self.kernel_atoms = call.kernel_atoms;
    }

    /// A returned call made by hand, for tests: `name(args) = ret` by task `pid`.
    #[cfg(test)]
    pub fn for_test(pid: u32, name: &str, args: &[u64], ret: i64, captures: Vec<Capture>) -> Syscall {
        let mut all = [0u64; 6];
        all[..args.len()].copy_from_slice(args);
        let nr = tracer_common::syscall::by_name(name).map_or(u64::MAX, |info| u64::from(info.nr));
        Syscall {
            ip: 0,
            meta: Meta { pid, tid: pid, ts_ns: 0 },
            nr,
            args: tracer_common::syscall::kernel_args(nr, all),
            captures,
            ret: Some(ret),
            exit_ts_ns: Some(1),
            kernel_atoms: None,
        }
    }

    /// The capture taken for argument `arg` (its main part; the entry one when there are two).
    pub fn capture(&self, arg: usize) -> Option<&Capture> {
        self.captures.iter().find(|c| usize::from(c.arg) == arg && c.part == part::MAIN)
    }

    /// Part `part` of argument `arg`, as captured at entry.
    pub fn entry_part(&self, arg: usize, part: u16) -> Option<&Capture> {
        self.captures.iter().find(|c| usize::from(c.arg) == arg && c.part == part && !c.at_exit())
    }

    /// Part `part` of argument `arg`, as captured at exit.
    pub fn exit_part(&self, arg: usize, part: u16) -> Option<&Capture> {
        self.captures.iter().find(|c| usize::from(c.arg) == arg && c.part == part && c.at_exit())
    }
}

/// What pairing hands on, in the order strace shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Paired {
    /// A call shown on one line (`read(3, "...", 832) = 832`; `= ?` when it never returned).
    Syscall(Syscall),
    /// A call whose entry is shown now because another task's line comes before its exit:
    /// `read(3,  <unfinished ...>` (entry captures only; `ret` is `None`).
    Unfinished(Syscall),
    /// A non-leader thread's exec call whose entry line was still open when the thread took the
    /// leader's tid (the second field): `execve(args <pid changed to N ...>`; as
    /// [`Paired::Unfinished`] otherwise.
    PidChanged(Syscall, u32),
    /// The rest of a call shown as [`Paired::Unfinished`]: `<... read resumed>"...", 832) = 832`.
    Resumed(Syscall),
    /// A call outside `-e trace=` (or whose end `-e status=` filters out): not shown, and no other task's line is interrupted for it, but
    /// the fd-name table still learns from it.
    Hidden(Syscall),
    /// A call still in progress when tracing ended by a detach (Ctrl-C, the end of `-p`), whose
    /// line is the one open: strace's `wait4(-1,  <detached ...>`.
    Detached(Syscall),
    /// A call whose exit came but whose entry record was lost (the eBPF ring overran, which a
    /// `Lost` record said before): no line of strace's; `--json` shows it with `"lost":"entry"`
    /// (its arguments unknown).
    EntryLost(Syscall),
    /// A process event passed through unchanged (fork, exec, exit, signal, stop, comm, lost).
    Other(Event),
}

impl Paired {
    /// The task the item belongs to.
    pub fn meta(&self) -> Meta {
        match self {
            Paired::Syscall(call)
            | Paired::Unfinished(call)
            | Paired::PidChanged(call, _)
            | Paired::Resumed(call)
            | Paired::Hidden(call)
            | Paired::Detached(call)
            | Paired::EntryLost(call) => call.meta,
            Paired::Other(event) => event.meta(),
        }
    }
}

/// The bytes before the first NUL (a captured C string).
pub fn until_nul(bytes: &[u8]) -> &[u8] {
    match bytes.iter().position(|&b| b == 0) {
        Some(end) => &bytes[..end],
        None => bytes,
    }
}

/// `si_signo`, the first int of a siginfo.
pub fn siginfo_signo(siginfo: &[u8]) -> u32 {
    siginfo.get(..4).and_then(|b| <[u8; 4]>::try_from(b).ok()).map_or(0, u32::from_le_bytes)
}
