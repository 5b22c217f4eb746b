//! `--filter EXPR` in the kernel: userspace writes the expression's kernel form
//! ([`tracer_common::expr::KernelExpr`]) to `EXPR` and sets [`EXPR_FIELDS`] at load time; the
//! syscall probes evaluate it at entry (the exit's facts UNKNOWN: a FALSE call is dropped before
//! anything is copied) and at exit (every fact known: a held call that is FALSE is never sent; the
//! exit record carries [`atoms`](tracer_common::expr::atoms) either way).
//!
//! Without an expression the flag is 0, a constant for the verifier: the probes' calls into this
//! module are dead code, dropped before verification, and cost nothing.

use core::ffi::c_void;

use aya_ebpf::{
    helpers::{
        bpf_get_current_comm, bpf_get_current_pid_tgid, bpf_get_current_uid_gid,
        generated::{bpf_get_current_cgroup_id, bpf_get_current_task_btf, bpf_loop},
    },
    macros::map,
    maps::{Array, PerCpuArray},
    Global,
};
use tracer_common::expr::{
    field, truth, Fact, Facts, KernelExpr, Machine, ARG_FIELDS, EXIT_FIELDS, LOADED, MAX_OPS,
};
use tracer_common::record::COMM_SIZE;

use crate::record;

/// [`LOADED`] and the fields the expression reads (`KernelExpr::fields`), set by userspace at
/// load time. A read-only global: the verifier knows it, so without an expression no probe
/// evaluates anything, and with one only the facts it reads are fetched.
#[unsafe(no_mangle)]
static EXPR_FIELDS: Global<u32> = Global::new(0);

/// The expression, at index 0 (written by userspace before the probes attach).
#[map]
pub static EXPR: Array<KernelExpr> = Array::with_max_entries(1, 0);

/// The facts of the call being judged and the evaluation's stack: a per-CPU map value rather than
/// the probes' stack (they are at its limit), so `bpf_loop`'s step sees unknown scalars and is
/// verified once.
#[map]
static EXPR_STATE: PerCpuArray<State> = PerCpuArray::with_max_entries(1, 0);

#[repr(C)]
struct State {
    facts: CallFacts,
    machine: Machine,
    /// Comparisons that were TRUE, one bit per op.
    atoms: u32,
}

/// What the kernel knows of a call and its task.
#[repr(C)]
struct CallFacts {
    nr: u64,
    args: [u64; 6],
    ret: i64,
    duration_ns: u64,
    pid: u64,
    tid: u64,
    ppid: u64,
    uid: u64,
    gid: u64,
    cgroup: u64,
    /// 1 at the exit: `ret`, `errno`, `duration` are known.
    at_exit: u64,
    /// The comm buffers (NUL-padded) as the words the comparisons read.
    comm: [u64; 2],
    parent_comm: [u64; 2],
}

/// A comm buffer's bytes as words.
#[inline(always)]
fn comm_words(comm: [u8; COMM_SIZE]) -> [u64; 2] {
    // SAFETY: 16 bytes either way, every bit pattern valid.
    unsafe { core::mem::transmute(comm) }
}

/// Words as the comm buffer's bytes.
#[inline(always)]
fn comm_bytes(words: &[u64; 2]) -> &[u8] {
    // SAFETY: as above; the reference keeps the words' lifetime.
    unsafe { &*(words as *const [u64; 2]).cast::<[u8; COMM_SIZE]>() }
}

const ARG1: u8 = field::ARG0 + 1;
const ARG2: u8 = field::ARG0 + 2;
const ARG3: u8 = field::ARG0 + 3;
const ARG4: u8 = field::ARG0 + 4;

impl Facts for CallFacts {
    #[inline(always)]
    fn number(&self, id: u8) -> Fact<u64> {
        let exit_only = |value| if self.at_exit != 0 { Fact::Known(value) } else { Fact::Unknown };
        match id {
            field::NR => Fact::Known(self.nr),
            field::RET => exit_only(self.ret as u64),
            field::ERRNO if self.at_exit != 0 && (-4095..0).contains(&self.ret) => {
                Fact::Known(self.ret.unsigned_abs())
            }
            field::ERRNO if self.at_exit != 0 => Fact::Absent,
            field::DURATION => exit_only(self.duration_ns),
            field::PID => Fact::Known(self.pid),
            field::TID => Fact::Known(self.tid),
            field::PPID => Fact::Known(self.ppid),
            field::UID => Fact::Known(self.uid),
            field::GID => Fact::Known(self.gid),
            field::CGROUP => Fact::Known(self.cgroup),
            // One arm per argument: constant offsets (an index computed from `id` is checked on
            // one register and used from another, which the verifier cannot follow).
            field::ARG0 => Fact::Known(self.args[0]),
            ARG1 => Fact::Known(self.args[1]),
            ARG2 => Fact::Known(self.args[2]),
            ARG3 => Fact::Known(self.args[3]),
            ARG4 => Fact::Known(self.args[4]),
            field::ARG5 => Fact::Known(self.args[5]),
            _ => Fact::Unknown,
        }
    }

    #[inline(always)]
    fn string(&self, id: u8) -> Fact<&[u8]> {
        // The 16-byte buffers whole: a string fact ends at its first NUL.
        match id {
            field::COMM => Fact::Known(comm_bytes(&self.comm)),
            field::PARENT_COMM => Fact::Known(comm_bytes(&self.parent_comm)),
            _ => Fact::Unknown,
        }
    }

    /// The buffers as they are: the kernel pads a comm with NULs.
    #[inline(always)]
    fn string_words(&self, id: u8) -> Fact<[u64; 2]> {
        match id {
            field::COMM => Fact::Known(self.comm),
            field::PARENT_COMM => Fact::Known(self.parent_comm),
            _ => Fact::Unknown,
        }
    }
}

/// Whether an expression is loaded.
#[inline(always)]
pub fn loaded() -> bool {
    EXPR_FIELDS.load() & LOADED != 0
}

/// Whether the loaded expression reads a fact known only at the exit.
#[inline(always)]
pub fn reads_exit() -> bool {
    EXPR_FIELDS.load() & EXIT_FIELDS != 0
}

/// Whether the entry probe can judge a call before it reads the registers (or asks a production
/// scope about its task: a call dropped either way sends nothing): an expression is loaded and
/// reads no argument.
#[inline(always)]
pub fn judges_early() -> bool {
    loaded() && !reads_args()
}

/// Whether the loaded expression reads an argument.
#[inline(always)]
pub fn reads_args() -> bool {
    EXPR_FIELDS.load() & ARG_FIELDS != 0
}

#[inline(always)]
fn reads(id: u8) -> bool {
    EXPR_FIELDS.load() & (1 << id) != 0
}

/// The expression's truth at the entry of call `nr` with `args` (the exit's facts UNKNOWN):
/// FALSE drops the call.
#[inline(always)]
pub fn at_entry(nr: u64, args: &[u64; 6]) -> u8 {
    let Some(state) = EXPR_STATE.get_ptr_mut(0) else { return truth::UNKNOWN };
    // SAFETY: this CPU's value; the syscall probes do not nest on a CPU.
    unsafe {
        (*state).facts.nr = nr;
        (*state).facts.args = *args;
        (*state).facts.at_exit = 0;
    }
    (tracer_expr_eval() & 0xff) as u8
}

/// The expression's truth (low byte) and atoms (bits 32..) at the exit of call `nr`, which
/// returned `ret` after `duration_ns`.
#[inline(always)]
pub fn at_exit(nr: u64, args: &[u64; 6], ret: i64, duration_ns: u64) -> (u8, u32) {
    let Some(state) = EXPR_STATE.get_ptr_mut(0) else { return (truth::UNKNOWN, 0) };
    // SAFETY: as in `at_entry`.
    unsafe {
        (*state).facts.nr = nr;
        (*state).facts.args = *args;
        (*state).facts.ret = ret;
        (*state).facts.duration_ns = duration_ns;
        (*state).facts.at_exit = 1;
    }
    let result = tracer_expr_eval();
    ((result & 0xff) as u8, (result >> 32) as u32)
}

/// Evaluate the expression over the call facts in `EXPR_STATE` and the current task's: its truth
/// in the low byte, its atoms in bits 32..64. A BPF global function (exported, never inlined), so
/// that the verifier checks it once, not at each probe that judges a call; never called (nor
/// checked) without an expression.
#[unsafe(no_mangle)]
#[inline(never)]
pub extern "C" fn tracer_expr_eval() -> u64 {
    let Some(state) = EXPR_STATE.get_ptr_mut(0) else { return u64::from(truth::UNKNOWN) };
    let Some(expr) = EXPR.get(0) else { return u64::from(truth::UNKNOWN) };
    // SAFETY: this CPU's value, as in `at_entry`.
    unsafe {
        task_facts(&mut (*state).facts);
        (*state).machine.reset();
        (*state).atoms = 0;
    }
    let len = expr.len.min(MAX_OPS as u32);
    let mut walk = Walk { state, expr };
    // SAFETY: `step` is a callback of bpf_loop's type; its context is `walk`, on this frame. The
    // helper has the verifier check a step once, not once per op.
    unsafe { bpf_loop(len, step as *mut c_void, (&raw mut walk).cast(), 0) };
    // SAFETY: as above.
    let (result, atoms) = unsafe { ((*state).machine.result(), (*state).atoms) };
    let result = if expr.len as usize > MAX_OPS { truth::UNKNOWN } else { result };
    u64::from(result) | (u64::from(atoms) << 32)
}

/// What each step works on: the map values, found once.
#[repr(C)]
struct Walk {
    state: *mut State,
    expr: *const KernelExpr,
}

/// Runs op `index` of the expression.
unsafe extern "C" fn step(index: u64, ctx: *mut c_void) -> i64 {
    if index >= MAX_OPS as u64 {
        return 1;
    }
    // SAFETY: `ctx` is the caller's `Walk`, whose pointers are the map values it found.
    let (state, expr) = unsafe {
        let walk = &*ctx.cast::<Walk>();
        (walk.state, &*walk.expr)
    };
    // SAFETY: this CPU's value, as in `at_entry`; the two fields are borrowed apart.
    unsafe {
        let state = &mut *state;
        if state.machine.step(expr, index as usize, &state.facts) == truth::TRUE {
            state.atoms |= 1 << index;
        }
    }
    0
}

/// The current task's facts the expression reads (the others are left as they were).
#[inline(always)]
fn task_facts(facts: &mut CallFacts) {
    if reads(field::PID) || reads(field::TID) {
        let pid_tgid = bpf_get_current_pid_tgid();
        facts.pid = pid_tgid >> 32;
        facts.tid = pid_tgid & 0xffff_ffff;
    }
    if reads(field::UID) || reads(field::GID) {
        let uid_gid = bpf_get_current_uid_gid();
        facts.uid = uid_gid & 0xffff_ffff;
        facts.gid = uid_gid >> 32;
    }
    if reads(field::CGROUP) {
        // SAFETY: a helper without arguments.
        facts.cgroup = unsafe { bpf_get_current_cgroup_id() };
    }
    if reads(field::COMM) {
        facts.comm = comm_words(bpf_get_current_comm().unwrap_or([0; COMM_SIZE]));
    }
    if reads(field::PPID) || reads(field::PARENT_COMM) {
        parent_facts(facts);
    }
}

/// `task_struct.real_parent`, `.tgid` and `.comm`'s offsets (0: unknown), from the kernel's
/// BTF, set by userspace at load time: constants for the verifier, so the parent is reached by
/// direct loads through the task's BTF pointer (checked against the kernel's BTF, faults read
/// as 0), not by helper calls.
#[unsafe(no_mangle)]
static TASK_REAL_PARENT_OFFSET: Global<u64> = Global::new(0);
#[unsafe(no_mangle)]
static TASK_TGID_OFFSET: Global<u64> = Global::new(0);
#[unsafe(no_mangle)]
static TASK_COMM_OFFSET: Global<u64> = Global::new(0);

/// `real_parent`'s tgid and comm (0 and "" when the offsets are unknown).
#[inline(always)]
fn parent_facts(facts: &mut CallFacts) {
    facts.ppid = 0;
    facts.parent_comm = [0; 2];
    let (parent_at, tgid_at, comm_at) =
        (TASK_REAL_PARENT_OFFSET.load(), TASK_TGID_OFFSET.load(), TASK_COMM_OFFSET.load());
    if parent_at == 0 {
        return;
    }
    // SAFETY: the current task's BTF pointer plus the offset of its `real_parent` pointer, then
    // that task plus the offsets of `tgid` and `comm`: every load is checked by the verifier
    // against the kernel's BTF.
    unsafe {
        let task = bpf_get_current_task_btf().cast::<u8>();
        let parent = task.add(parent_at as usize).cast::<*const u8>().read_volatile();
        if parent.is_null() {
            return;
        }
        if reads(field::PPID) && tgid_at != 0 {
            facts.ppid = u64::from(parent.add(tgid_at as usize).cast::<u32>().read_volatile());
        }
        if reads(field::PARENT_COMM) && comm_at != 0 {
            let comm = parent.add(comm_at as usize).cast::<u64>();
            facts.parent_comm = [comm.read_volatile(), comm.add(1).read_volatile()];
        }
    }
}

/// What `--filter` says of a call at its entry.
pub enum Verdict {
    /// No expression, or it is TRUE whatever the exit: the call goes as usual.
    Pass,
    /// FALSE: nothing of the call is kept or sent.
    Drop,
    /// UNKNOWN: its exit decides; its entry is held until then where it can be.
    Hold,
}

/// The calls that change their own task's facts (`uid`, `gid`, `comm`): the facts at their exit,
/// which userspace judges them by (ptrace reads them at the exit stop), may differ from those at
/// their entry, so the entry never drops them.
const CHANGE_THEIR_TASK: [u64; 9] = {
    use tracer_common::syscall::nr;
    [
        nr::PRCTL,
        nr::SETUID,
        nr::SETGID,
        nr::SETREUID,
        nr::SETREGID,
        nr::SETRESUID,
        nr::SETRESGID,
        nr::SETFSUID,
        nr::SETFSGID,
    ]
};

/// `--filter`'s verdict at the entry of call `nr` with `args`. execve and execveat are never
/// dropped: userspace needs them around a multithreaded exec (it hides them); nor are the calls
/// that change their task's facts ([`CHANGE_THEIR_TASK`]: their exit decides).
///
/// Not inlined: the entry probe's own stack frame is at its limit, and calls from it (sending a
/// record) go deep; this one's frame is its own.
#[inline(never)]
pub fn entry_verdict(nr: u64, args: &[u64; 6]) -> Verdict {
    if !loaded() || tracer_common::personality::Personality::is_exec(nr) {
        return Verdict::Pass;
    }
    match at_entry(nr, args) {
        truth::TRUE => Verdict::Pass,
        truth::FALSE if !changes_its_task(nr) => Verdict::Drop,
        _ => Verdict::Hold,
    }
}

/// Whether call `nr` is one of [`CHANGE_THEIR_TASK`].
#[inline(always)]
pub fn changes_its_task(nr: u64) -> bool {
    CHANGE_THEIR_TASK.contains(&nr)
}

/// `--filter` at the exit of the call `entry` began, which returned `ret` at `now`: whether it
/// may be shown (not FALSE) and its atoms; `None` without an expression.
#[inline(always)]
pub fn at_exit_of(entry: &record::InFlight, ret: i64, now: u64) -> Option<(bool, u32)> {
    if !loaded() {
        return None;
    }
    let (result, atoms) = at_exit(entry.body.nr, &entry.body.args, ret, now.wrapping_sub(entry.ts_ns));
    Some((result != truth::FALSE, atoms))
}
