//! Unit tests of the capture plan.

use super::*;
use crate::syscall::{nr, Struct};

#[test]
fn kinds_map_to_modes() {
    assert_eq!(plan_for_kind(ArgKind::Path).mode, mode::PATH_IN);
    let write_buf = plan_for_kind(ArgKind::BufIn { len_arg: 2 });
    assert_eq!((write_buf.mode, write_buf.len_arg), (mode::BUF_IN, 2));
    let stat = plan_for_kind(ArgKind::StructOut(Struct::Stat));
    assert_eq!((stat.mode, stat.size), (mode::STRUCT_OUT, 144));
    assert!(stat.is_exit() && !stat.is_entry());
    assert_eq!(plan_for_kind(ArgKind::Fd), ArgPlan::default());
}

#[test]
fn read_plans_its_buffer_at_exit() {
    let plan = plan_for(nr::READ);
    assert_eq!(plan.args[1].mode, mode::BUF_OUT);
    assert!(plan.is_empty_at_entry());
}

#[test]
fn arrays_are_bounded_by_strlen_and_bytes() {
    assert_eq!(array_elements(3, 8, 32), 3);
    assert_eq!(array_elements(40, 8, 32), 32);
    assert_eq!(array_elements(10_000, 1, 100_000), u64::from(ARRAY_MAX_BYTES));
    assert_eq!(array_elements(10_000, 12, 100_000), u64::from(ARRAY_MAX_BYTES / 12));
    assert_eq!(array_elements(u64::MAX, 16, 32), 32);
    assert_eq!(array_elements(5, 0, 32), 0);
}

#[test]
fn element_contents_are_bounded_by_strlen_cap_and_budget() {
    assert_eq!(element_bytes(5, 32, 8192), 5);
    assert_eq!(element_bytes(100, 32, 8192), 33);
    assert_eq!(element_bytes(33, 32, 8192), 33);
    assert_eq!(element_bytes(10_000, 100_000, 8192), u64::from(ELEMENT_MAX_BYTES));
    assert_eq!(element_bytes(10_000, 100_000, 100), 100);
    assert_eq!(element_bytes(10, 32, 0), 0);
}

/// The eBPF program's record bounds (`tracer_ebpf::MULTIPART_MAX`, `IOVEC_PARTS_MAX`) assume
/// a msghdr argument is the only argument of its syscall that is captured, and an iovec one
/// shares its syscall with one other at most (process_vm_*'s remote iovecs).
#[test]
fn multi_part_arguments_are_alone_in_their_syscall() {
    let msghdr = [mode::MSGHDR_IN, mode::MSGHDR_OUT];
    let iovec = [mode::IOVEC_IN, mode::IOVEC_OUT];
    for nr in 0..1024 {
        let plan = plan_for(nr);
        let captured = plan.args.iter().filter(|a| a.mode != mode::NONE).count();
        if plan.args.iter().any(|a| msghdr.contains(&a.mode)) {
            assert_eq!(captured, 1, "syscall {nr}: {plan:?}");
        }
        let iovecs = plan.args.iter().filter(|a| iovec.contains(&a.mode)).count();
        if iovecs > 0 {
            assert!(iovecs == 1 && captured <= 2, "syscall {nr}: {plan:?}");
        }
    }
}

#[test]
fn msghdr_and_iovec_layouts_are_x86_64s() {
    assert_eq!(plan_for_kind(ArgKind::MsghdrIn).size as usize, msghdr::SIZE);
    assert_eq!(plan_for_kind(ArgKind::IovecIn { len_arg: 2 }).size as usize, IOVEC_SIZE);
    assert_eq!((msghdr::NAMELEN, msghdr::IOVLEN, msghdr::CONTROLLEN, msghdr::FLAGS), (8, 24, 40, 48));
}

#[test]
fn sized_reads_fall_back_to_the_page_end() {
    assert_eq!(sized_fallback(0x1000 - 16, 24), 16);
    assert_eq!(sized_fallback(0x1000 - 16, 16), 0);
    assert_eq!(sized_fallback(0x1000, 128), 0);
}

#[test]
fn getcwd_copies_a_whole_path_past_strlen() {
    assert_eq!(plan_for(nr::GETCWD).args[0].size, PATH_MAX as u16);
    assert_eq!(buffer_keep(36, 32, PATH_MAX as u16), 36);
}

#[test]
fn socket_buffers_are_copied_past_strlen() {
    assert_eq!(plan_for(nr::SENDTO).args[1].size, SOCKBUF_MAX_BYTES);
    assert_eq!(plan_for(nr::RECVFROM).args[1].size, SOCKBUF_MAX_BYTES);
    assert_eq!(plan_for(nr::WRITE).args[1].size, 0);
    assert_eq!(buffer_keep(100, 32, 0), 32);
    assert_eq!(buffer_keep(100, 32, 4096), 100);
    assert_eq!(buffer_keep(10_000, 32, 4096), 4096);
    assert_eq!(buffer_keep(10_000, 8192, 4096), 8192);
    assert_eq!(page_rest(0x1000), 4096);
    assert_eq!(page_rest(0x1ff0), 16);
}

#[test]
fn peeks_cover_the_struct_and_the_string_within_the_cap() {
    let peek = plan_for_kind(ArgKind::Peek);
    assert!(peek.is_entry() && peek.is_exit());
    assert_eq!(peek_bytes(peek.size, 32), u64::from(PEEK_STRUCT_BYTES));
    assert_eq!(peek_bytes(peek.size, 200), 209);
    assert_eq!(peek_bytes(peek.size, 100_000), u64::from(PEEK_CAP));
}

#[test]
fn fprog_arguments_also_capture_their_program() {
    assert_eq!(plan_for(nr::SECCOMP).args[2].mode, mode::PEEK_FPROG_INOUT);
    assert_eq!(plan_for(nr::PRCTL).args[2].mode, mode::PEEK_FPROG_INOUT);
    assert_eq!(plan_for(nr::PRCTL).args[4].mode, mode::PEEK_INOUT);
    assert_eq!(plan_for(nr::SETSOCKOPT).args[3].mode, mode::SIZED_FPROG_IN);
    assert_eq!(plan_for(nr::GETSOCKOPT).args[3].mode, mode::SIZED_FPROG_OUT);
}

#[test]
fn unknown_numbers_have_empty_plans() {
    assert_eq!(plan_for(100_000), SyscallPlan::default());
}

#[test]
fn unabbreviated_getdents_copies_its_entries_instead_of_counting_them() {
    let counted = plan_with(nr::GETDENTS64, &Limits::default());
    assert_eq!(counted.args[1].mode, mode::DIRENTS_COUNT_OUT);
    let whole = Limits { unabbreviated: UNABBREVIATED_GETDENTS64, ..Limits::default() };
    let copied = plan_with(nr::GETDENTS64, &whole);
    assert_eq!((copied.args[1].mode, copied.args[1].size), (mode::BUF_OUT, DIRENTS_BYTES));
    // Each call has its own bit.
    assert_eq!(plan_with(nr::GETDENTS, &whole).args[1].mode, mode::DIRENTS_COUNT_OUT);
    assert_eq!(plan_with(nr::EXECVE, &whole), plan_for(nr::EXECVE));
}

#[test]
fn i386_exec_calls_plan_arrays_of_32_bit_pointers() {
    use crate::personality::{I386_EXECVE, I386_EXECVEAT};
    let modes = |plan: SyscallPlan| plan.args.map(|a| a.mode);
    let execve = plan_for(I386_EXECVE);
    assert_eq!(modes(execve)[..3], [mode::PATH_IN, mode::ARGV32_IN, mode::PTR_COUNT32_IN]);
    assert_eq!(modes(plan_for(I386_EXECVEAT))[1..4], [mode::PATH_IN, mode::ARGV32_IN, mode::PTR_COUNT32_IN]);
    // `-v`: envp as strings too, with the namesake's bit.
    let whole = Limits { unabbreviated: UNABBREVIATED_EXECVE, ..Limits::default() };
    let plan = plan_with(I386_EXECVE, &whole);
    assert!(plan.args[1..3]
        .iter()
        .all(|a| *a == ArgPlan { size: ARGV_ALL, ..ArgPlan::new(mode::ARGV32_IN) }));
    assert_eq!(plan_with(I386_EXECVEAT, &whole), plan_for(I386_EXECVEAT));
    assert!(plan.args.iter().all(|a| a.mode == mode::NONE || a.is_entry()));
}
