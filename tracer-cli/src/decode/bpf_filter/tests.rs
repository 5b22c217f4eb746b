//! Filter programs behind seccomp's, prctl's and setsockopt's arguments, from captures.

use tracer_common::capture::part;
use tracer_common::event::{Capture, Meta};
use tracer_common::record::capture_flags::TRUNCATED;
use tracer_common::syscall::{self, nr};

use crate::call::Syscall;
use crate::decode::{call_line, Options, XlatStyle};

/// One instruction's bytes.
fn insn(code: u16, jt: u8, jf: u8, k: u32) -> Vec<u8> {
    let mut b = code.to_le_bytes().to_vec();
    b.extend([jt, jf]);
    b.extend(k.to_le_bytes());
    b
}

/// A `struct sock_fprog` of `len` instructions at `filter`.
fn fprog(len: u16, filter: u64) -> Vec<u8> {
    let mut b = len.to_le_bytes().to_vec();
    b.extend([0; 6]);
    b.extend(filter.to_le_bytes());
    b
}

/// The line of call `nr` with argument `idx` pointing to `main`, whose program is `program`.
fn line(
    nr: u64,
    args: [u64; 6],
    idx: u8,
    main: Vec<u8>,
    program: Option<Capture>,
    verbose: bool,
    style: XlatStyle,
) -> String {
    let mut captures = vec![Capture::new(idx, 0, main)];
    captures.extend(program.map(|c| Capture { part: part::FILTER, ..c }));
    let call = Syscall {
        ip: 0,
        meta: Meta::default(),
        nr,
        args: syscall::kernel_args(nr, args),
        captures,
        ret: Some(0),
        exit_ts_ns: None,
        kernel_atoms: None,
    };
    let opts = Options { verbose, ..Options::default() };
    call_line(syscall::info(nr), &call, &opts, style)
}

#[test]
fn seccomp_programs_name_their_actions() {
    let mut prog = insn(0x20, 0, 0, 0);
    prog.extend(insn(0x15, 0, 1, 3));
    prog.extend(insn(6, 0, 0, 0x7fff_0000));
    prog.extend(insn(6, 0, 0, 0x0005_0010));
    prog.extend(insn(6, 0, 0, 0x0006_0000));
    let args = [1, 0, 0x1000, 0, 0, 0];
    let program = Capture::new(2, 0, prog);
    let text = line(nr::SECCOMP, args, 2, fprog(5, 0x2000), Some(program.clone()), true, XlatStyle::Abbrev);
    assert_eq!(
        text,
        "seccomp(SECCOMP_SET_MODE_FILTER, 0, {len=5, filter=[BPF_STMT(BPF_LD|BPF_W|BPF_ABS, 0), \
         BPF_JUMP(BPF_JMP|BPF_K|BPF_JEQ, 0x3, 0, 0x1), BPF_STMT(BPF_RET|BPF_K, SECCOMP_RET_ALLOW), \
         BPF_STMT(BPF_RET|BPF_K, SECCOMP_RET_ERRNO|0x10), \
         BPF_STMT(BPF_RET|BPF_K, 0x60000 /* SECCOMP_RET_??? */)]}) = 0"
    );
    // Without -v, the program's address.
    let text = line(nr::SECCOMP, args, 2, fprog(5, 0x2000), Some(program), false, XlatStyle::Abbrev);
    assert_eq!(text, "seccomp(SECCOMP_SET_MODE_FILTER, 0, {len=5, filter=0x2000}) = 0");
}

#[test]
fn partial_and_cut_programs() {
    let args = [1, 0, 0x1000, 0, 0, 0];
    // The second instruction was unreadable.
    let program = Capture::new(2, 0, insn(6, 0, 0, 0));
    let text = line(nr::SECCOMP, args, 2, fprog(3, 0x2ff8), Some(program), true, XlatStyle::Abbrev);
    assert_eq!(
        text,
        "seccomp(SECCOMP_SET_MODE_FILTER, 0, {len=3, filter=[BPF_STMT(BPF_RET|BPF_K, \
         SECCOMP_RET_KILL_THREAD), ... /* 0x3000 */]}) = 0"
    );
    // None readable: the address.
    let text = line(nr::SECCOMP, args, 2, fprog(1, 0x3000), None, true, XlatStyle::Abbrev);
    assert_eq!(text, "seccomp(SECCOMP_SET_MODE_FILTER, 0, {len=1, filter=0x3000}) = 0");
    // Cut at the capture's bound.
    let program = Capture::new(2, TRUNCATED, insn(0x06, 0, 0, 0));
    let text = line(nr::SECCOMP, args, 2, fprog(4097, 0x2000), Some(program), true, XlatStyle::Abbrev);
    assert!(text.ends_with("filter=[BPF_STMT(BPF_RET|BPF_K, SECCOMP_RET_KILL_THREAD), ...]}) = 0"), "{text}");
}

#[test]
fn socket_filters_name_their_offsets() {
    let mut prog = insn(0x30, 0, 0, 0xffe0_0004);
    prog.extend(insn(0x30, 0, 0, 0xffff_f000));
    prog.extend(insn(0x80, 0, 0, 0));
    prog.extend(insn(0x87, 0, 0, 0));
    prog.extend(insn(0x02, 0, 0, 7));
    let args = [3, 1, 0x1a, 0x1000, 16, 0];
    let program = Capture::new(3, 0, prog);
    let text =
        line(nr::SETSOCKOPT, args, 3, fprog(5, 0x2000), Some(program.clone()), true, XlatStyle::Abbrev);
    assert_eq!(
        text,
        "setsockopt(3, SOL_SOCKET, SO_ATTACH_FILTER, {len=5, filter=[BPF_STMT(BPF_LD|BPF_B|BPF_ABS, \
         SKF_LL_OFF+4), BPF_STMT(BPF_LD|BPF_B|BPF_ABS, SKF_AD_OFF+SKF_AD_PROTOCOL), \
         BPF_STMT(BPF_LD|BPF_W|BPF_LEN, 0), BPF_STMT(BPF_MISC|BPF_TXA, 0), BPF_STMT(BPF_ST, 0x7)]}, 16) = 0"
    );
    let text = line(nr::SETSOCKOPT, args, 3, fprog(5, 0x2000), Some(program), true, XlatStyle::Verbose);
    assert!(
        text.contains(
            "BPF_STMT(0 /* BPF_LD */|0x10 /* BPF_B */|0x20 /* BPF_ABS */, 0xffe00000 /* SKF_LL_OFF */+4)"
        ),
        "{text}"
    );
}
