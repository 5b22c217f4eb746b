//! One stack walk, frame by frame as strace's libunwind loop goes: name the frame, then step to
//! its caller (framehop's CFI unwinding, or through a signal frame by the `ucontext` the kernel
//! pushed), until the stack ends, a frame is in no file mapping, or [`MAX_FRAMES`] are out.

use framehop::x86_64::UnwindRegsX86_64;
use framehop::{FrameAddress, Unwinder as _};
use tracer_common::stack::{StackFrame, MAX_FRAMES};

use super::{Memory, Process};

/// `mov $15, %rax; syscall`: the `rt_sigreturn` trampoline a signal handler returns to.
const SIGRETURN: [u8; 9] = [0x48, 0xc7, 0xc0, 0x0f, 0x00, 0x00, 0x00, 0x0f, 0x05];
/// Offsets of `rbp`, `rsp` and `rip` in the `ucontext_t` at the trampoline's stack pointer
/// (`uc_mcontext.gregs` starts at 40; REG_RBP is 10, REG_RSP 15, REG_RIP 16).
const UC_RBP: u64 = 40 + 8 * 10;
const UC_RSP: u64 = 40 + 8 * 15;
const UC_RIP: u64 = 40 + 8 * 16;

/// How far above the stack pointer libunwind believes a frame pointer of a frame without CFI.
const FP_SLACK: u64 = 0x4000;

pub enum Outcome {
    Done(Vec<StackFrame>),
    /// A frame is in no mapping known: read the mappings again and go on.
    Refresh,
}

/// A walk in progress.
pub struct Walk {
    regs: UnwindRegsX86_64,
    address: FrameAddress,
    /// The frame's address is a return address: its name is looked up one byte before it (the
    /// call instruction), as libunwind does; not after a signal frame.
    after_call: bool,
    frames: Vec<StackFrame>,
}

impl Walk {
    /// A walk from the registers of a stopped thread.
    pub fn new(rip: u64, rsp: u64, rbp: u64) -> Walk {
        Walk {
            regs: UnwindRegsX86_64::new(rip, rsp, rbp),
            address: FrameAddress::from_instruction_pointer(rip),
            after_call: false,
            frames: Vec::new(),
        }
    }

    /// Go on with `process`'s mappings and unwinder; `refreshed`: they were just read again.
    pub fn run(&mut self, process: &mut Process, mem: &dyn Memory, refreshed: bool) -> Outcome {
        while self.frames.len() < MAX_FRAMES {
            let ip = self.address.address();
            if ip == 0 {
                return self.done();
            }
            let Some(mapping) = process.maps.find(ip) else {
                if !refreshed {
                    return Outcome::Refresh;
                }
                self.frames.push(StackFrame::Unmapped { ip });
                return self.done();
            };
            if !mapping.executable {
                self.frames.push(StackFrame::Unmapped { ip });
                return self.done();
            }
            let path = mapping.path.clone();
            let file_offset = ip.wrapping_sub(mapping.start).wrapping_add(mapping.offset);
            let lookup = if self.after_call { ip - 1 } else { ip };
            let (symbol, symbol_offset) = name(process, lookup)
                .map(|(symbol, distance)| (symbol, distance + u64::from(self.after_call)))
                .unwrap_or_default();
            self.frames.push(StackFrame::Mapped { path, symbol, symbol_offset, file_offset, ip });
            if !self.step(process, mem, ip) {
                return self.done();
            }
        }
        self.frames.push(StackFrame::TooDeep);
        self.done()
    }

    fn done(&mut self) -> Outcome {
        Outcome::Done(std::mem::take(&mut self.frames))
    }

    /// To the caller of the frame at `ip`; false at the end of the stack (or where it cannot be
    /// unwound further).
    fn step(&mut self, process: &mut Process, mem: &dyn Memory, ip: u64) -> bool {
        let code = mem.read_exact(ip, SIGRETURN.len()).or_else(|| process.code(ip, SIGRETURN.len()));
        if code.is_some_and(|code| code == SIGRETURN) {
            // A signal frame: the interrupted code's registers are in the ucontext at sp.
            let sp = self.regs.sp();
            let read = |off: u64| sp.checked_add(off).and_then(|at| mem.read_u64(at));
            let (Some(rip), Some(rsp), Some(rbp)) = (read(UC_RIP), read(UC_RSP), read(UC_RBP)) else {
                return false;
            };
            self.regs = UnwindRegsX86_64::new(rip, rsp, rbp);
            self.address = FrameAddress::from_instruction_pointer(rip);
            self.after_call = false;
            return true;
        }
        if process.has_cfi(self.address.address_for_lookup()) == Some(false) {
            // libunwind 1.6 without CFI: the frame-pointer chain, trusted only if rbp points a
            // little above the stack pointer (at most 16 KiB), the end at a zero rbp; and the
            // caller's stack pointer guessed 16 bytes above this frame's, wherever rbp is.
            let (bp, sp) = (self.regs.bp(), self.regs.sp());
            if bp == 0 || bp < sp || bp - sp > FP_SLACK {
                return false;
            }
            let (Some(rip), Some(next_bp)) =
                (bp.checked_add(8).and_then(|at| mem.read_u64(at)), mem.read_u64(bp))
            else {
                return false;
            };
            self.regs = UnwindRegsX86_64::new(rip, sp.wrapping_add(16), next_bp);
            return match FrameAddress::from_return_address(rip) {
                Some(address) => {
                    self.address = address;
                    self.after_call = true;
                    true
                }
                None => false,
            };
        }
        let mut read_stack = |addr: u64| mem.read_u64(addr).ok_or(());
        match process.unwinder.unwind_frame(self.address, &mut self.regs, &mut process.cache, &mut read_stack)
        {
            Ok(Some(return_address)) => match FrameAddress::from_return_address(return_address) {
                Some(address) => {
                    self.address = address;
                    self.after_call = true;
                    true
                }
                None => false,
            },
            Ok(None) | Err(_) => false,
        }
    }
}

/// The function `lookup` is in, and how far past its start, from the image mapped there (a
/// pseudo-file such as `[vdso]` has none: libunwind cannot open it).
fn name(process: &Process, lookup: u64) -> Option<(Vec<u8>, u64)> {
    let mapping = process.maps.find(lookup)?;
    let image = process.images.get(&mapping.path)?.as_ref()?;
    let bias = image.symbol_bias(mapping.start, mapping.offset);
    let (symbol, distance) = image.symbol_at(lookup.wrapping_sub(bias))?;
    Some((super::demangle::demangle(symbol), distance))
}
