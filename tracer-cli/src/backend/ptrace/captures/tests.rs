//! Unit tests of the ptrace backend's captures, on the test process's own memory.

use super::*;
use tracer_common::capture::{plan_for, ARRAY_MAX_BYTES, SOCKADDR_MAX_BYTES};
use tracer_common::syscall::nr;

fn own() -> TraceeMemory {
    TraceeMemory::new(nix::unistd::getpid())
}

fn limits(strlen: u32) -> Limits {
    Limits { strlen, ..Limits::default() }
}

#[test]
fn rt_sigreturn_mask_is_read_from_the_frame_whatever_the_registers() {
    let mut frame = [0u8; 320];
    frame[296..304].copy_from_slice(&0x4000_0002u64.to_le_bytes());
    let sp = frame.as_ptr() as u64;
    let got = at_entry(&own(), &plan_for(nr::RT_SIGRETURN), &[0; 6], sp, &limits(32));
    assert_eq!(got, vec![Capture::new(0, 0, 0x4000_0002u64.to_le_bytes().to_vec())]);
    let unmapped = at_entry(&own(), &plan_for(nr::RT_SIGRETURN), &[0; 6], 8, &limits(32));
    assert_eq!(unmapped, vec![Capture::new(0, READ_FAULT, Vec::new())]);
}

#[test]
fn argv_keeps_elements_and_marks_the_cut() {
    let strings = [c"ls".as_ptr(), c"-l".as_ptr(), c"/".as_ptr(), std::ptr::null()];
    let got = argv(&own(), 1, wide(strings.as_ptr() as u64), 32, 32);
    assert_eq!(got, capture(1, STRINGS, b"\x01ls\0\x01-l\0\x01/\0".to_vec()));
    let got = argv(&own(), 1, wide(strings.as_ptr() as u64), 2, 2);
    assert_eq!(got, capture(1, STRINGS | TRUNCATED, b"\x01ls\0\x01-l\0".to_vec()));
    // Printed whole (`-v`): every element, each still cut at `-s` (here 1 character and one more).
    let got = argv(&own(), 1, wide(strings.as_ptr() as u64), 1, 32);
    assert_eq!(got, capture(1, STRINGS, b"\x01ls\0\x01-l\0\x01/\0".to_vec()));
}

#[test]
fn unabbreviated_exec_calls_capture_envp_as_strings() {
    let whole = Limits { unabbreviated: tracer_common::capture::UNABBREVIATED_EXECVE, ..Limits::default() };
    let plan = tracer_common::capture::plan_with(nr::EXECVE, &whole);
    assert!(plan.args[1..3]
        .iter()
        .all(|a| a.mode == mode::ARGV_IN && a.size == tracer_common::capture::ARGV_ALL));
    let execveat = tracer_common::capture::plan_with(nr::EXECVEAT, &whole);
    assert_eq!(execveat, plan_for(nr::EXECVEAT));
    assert_eq!(plan_for(nr::EXECVE).args[2].mode, mode::PTR_COUNT_IN);
}

#[test]
fn pointers_are_counted_up_to_null() {
    let env = [c"A=1".as_ptr(), c"B=2".as_ptr(), std::ptr::null()];
    assert_eq!(count_pointers(&own(), 2, wide(env.as_ptr() as u64)).bytes, 2u32.to_le_bytes());
    assert!(count_pointers(&own(), 2, wide(16)).read_fault());
}

/// An array of x86_64 pointers at `at`.
fn wide(at: u64) -> Pointers {
    Pointers { at, size: 8 }
}

#[test]
fn i386_arrays_hold_32_bit_pointers() {
    // SAFETY: a fresh private anonymous page below 4 GiB, written and read by this test only.
    let page = unsafe {
        libc::mmap(
            std::ptr::null_mut(),
            4096,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS | libc::MAP_32BIT,
            -1,
            0,
        )
    };
    assert_ne!(page, libc::MAP_FAILED);
    let at = page as u64;
    let (a, b) = (at as u32 + 64, at as u32 + 72);
    let words: Vec<u8> =
        [a, b, 16, 0].iter().flat_map(|w| w.to_le_bytes()).chain(*b"ls\0\0\0\0\0\0-l\0").collect();
    // SAFETY: the page has room for the words and the strings after them (offset 64).
    unsafe {
        std::ptr::copy_nonoverlapping(words[..16].as_ptr(), page.cast::<u8>(), 16);
        std::ptr::copy_nonoverlapping(words[16..].as_ptr(), page.cast::<u8>().add(64), words.len() - 16);
    }
    let array = Pointers { at, size: 4 };
    // An unreadable element (16) keeps its pointer.
    let mut want = b"\x01ls\0\x01-l\0\x02".to_vec();
    want.extend_from_slice(&16u64.to_le_bytes());
    assert_eq!(argv(&own(), 1, array, 32, 32), capture(1, STRINGS, want));
    assert_eq!(count_pointers(&own(), 2, array).bytes, 3u32.to_le_bytes());
    // SAFETY: unmaps the page mapped above.
    unsafe { libc::munmap(page, 4096) };
}

#[test]
fn write_buffers_are_cut_at_strlen() {
    let data = b"hello world";
    let args = [1, data.as_ptr() as u64, data.len() as u64, 0, 0, 0];
    // write(2)'s buffer is argument 1 with its length in argument 2.
    let plan = plan_for(nr::WRITE);
    if plan.args[1].mode == mode::BUF_IN {
        let got = at_entry(&own(), &plan, &args, 0, &limits(5));
        assert_eq!(got, vec![capture(1, TRUNCATED, b"hello".to_vec())]);
    }
    let got = buffer(&own(), 1, data.as_ptr() as u64, data.len() as u64, 64);
    assert_eq!(got, capture(1, 0, data.to_vec()));
}

#[test]
fn unreadable_memory_is_flagged_not_fatal() {
    assert!(string(&own(), 0, 16, 4096).read_fault());
    assert!(buffer(&own(), 1, 16, 10, 32).read_fault());
}

fn addr<T>(value: &T) -> u64 {
    std::ptr::from_ref(value) as u64
}

#[test]
fn pollfds_are_copied_whole_whatever_strlen_and_again_at_exit() {
    let fds: [[i32; 2]; 3] = [[3, 1], [4, 4], [5, 1]];
    let args = [addr(&fds), 3, 0, 0, 0, 0];
    let plan = plan_for(nr::POLL);
    let bytes = |n: usize| fds.iter().take(n).flatten().flat_map(|v| v.to_le_bytes()).collect::<Vec<_>>();
    // strace shows `-s` of them, but looks at all for `-v`, `-P` and `revents`.
    assert_eq!(at_entry(&own(), &plan, &args, 0, &limits(2)), vec![capture(0, 0, bytes(3))]);
    assert_eq!(at_exit(&own(), &plan, &args, 1, &limits(2)), vec![capture(0, 0, bytes(3))]);
    assert_eq!(at_entry(&own(), &plan, &args, 0, &limits(32)), vec![capture(0, 0, bytes(3))]);
    assert_eq!(at_exit(&own(), &plan, &args, 1, &limits(32)), vec![capture(0, 0, bytes(3))]);
    assert_eq!(at_exit(&own(), &plan, &args, -14, &limits(32)), vec![]);
    // NULL: no capture; unreadable: a fault.
    assert_eq!(at_entry(&own(), &plan, &[0, 3, 0, 0, 0, 0], 0, &limits(32)), vec![]);
    assert_eq!(at_entry(&own(), &plan, &[16, 3, 0, 0, 0, 0], 0, &limits(32)), vec![fault(0)]);
}

#[test]
fn arrays_out_count_the_return_value_and_stop_at_the_byte_bound() {
    let groups: [u32; 4] = [0, 4, 27, 100];
    let args = [4, addr(&groups), 0, 0, 0, 0];
    let plan = plan_for(nr::GETGROUPS);
    let got = at_exit(&own(), &plan, &args, 2, &limits(32));
    assert_eq!(got, vec![capture(1, 0, [0u32, 4].iter().flat_map(|v| v.to_le_bytes()).collect())]);
    assert_eq!(at_exit(&own(), &plan, &args, 0, &limits(32)), vec![capture(1, 0, vec![])]);
    let mask = vec![0xffu8; 8192];
    let args = [0, 8192, mask.as_ptr() as u64, 0, 0, 0];
    let got = at_exit(&own(), &plan_for(nr::SCHED_GETAFFINITY), &args, 8192, &limits(100_000));
    assert_eq!(got, vec![capture(2, TRUNCATED, vec![0xff; ARRAY_MAX_BYTES as usize])]);
}

#[test]
fn sized_inputs_follow_their_length_argument() {
    let sockaddr = [7u8; 200];
    let plan = plan_for(nr::CONNECT);
    let got = at_entry(&own(), &plan, &[3, sockaddr.as_ptr() as u64, 16, 0, 0, 0], 0, &limits(32));
    assert_eq!(got, vec![capture(1, 0, vec![7; 16])]);
    let got = at_entry(&own(), &plan, &[3, sockaddr.as_ptr() as u64, 200, 0, 0, 0], 0, &limits(32));
    assert_eq!(got, vec![capture(1, TRUNCATED, vec![7; SOCKADDR_MAX_BYTES as usize])]);
    assert_eq!(at_entry(&own(), &plan, &[3, 16, 16, 0, 0, 0], 0, &limits(32)), vec![fault(1)]);
}

#[test]
fn sized_outputs_read_their_length_at_exit() {
    // The descriptor accept returns: none this process has open (the other tests of this binary
    // open files while it runs), so that no inode of it is captured.
    const NEW_FD: i64 = 999_999;
    let sockaddr = [9u8; 200];
    let plan = plan_for(nr::ACCEPT);
    let len: u32 = 110;
    let args = [3, sockaddr.as_ptr() as u64, addr(&len), 0, 0, 0];
    // The address, then the socklen_t (value-result: captured at entry and at exit).
    assert_eq!(
        at_entry(&own(), &plan, &args, 0, &limits(32)),
        vec![capture(2, 0, 110u32.to_le_bytes().to_vec())]
    );
    let got = at_exit(&own(), &plan, &args, NEW_FD, &limits(32));
    assert_eq!(got, vec![capture(1, 0, vec![9; 110]), capture(2, 0, 110u32.to_le_bytes().to_vec())]);
    let long: u32 = 300;
    let args = [3, sockaddr.as_ptr() as u64, addr(&long), 0, 0, 0];
    assert_eq!(at_exit(&own(), &plan, &args, NEW_FD, &limits(32))[0], capture(1, TRUNCATED, vec![9; 128]));
    // A NULL or unreadable length pointer: the address is a fault.
    assert_eq!(
        at_exit(&own(), &plan, &[3, sockaddr.as_ptr() as u64, 0, 0, 0, 0], NEW_FD, &limits(32)),
        vec![fault(1)]
    );
    let got = at_exit(&own(), &plan, &[3, sockaddr.as_ptr() as u64, 16, 0, 0, 0], NEW_FD, &limits(32));
    assert_eq!(got, vec![fault(1), fault(2)]);
    // A failed call: nothing at exit.
    assert_eq!(at_exit(&own(), &plan, &args, -11, &limits(32)), vec![]);
}

#[test]
fn value_result_structs_are_copied_at_entry_and_after_success() {
    let arg = [5u8; 1280];
    let plan = plan_for(nr::IOCTL);
    let args = [0, 0x5401, arg.as_ptr() as u64, 0, 0, 0];
    assert_eq!(at_entry(&own(), &plan, &args, 0, &limits(32)), vec![capture(2, 0, vec![5; 1280])]);
    assert_eq!(at_exit(&own(), &plan, &args, 0, &limits(32)), vec![capture(2, 0, vec![5; 1280])]);
    assert_eq!(at_exit(&own(), &plan, &args, -25, &limits(32)), vec![]);
}

/// ioctl's argument before an unmapped page is copied up to the page's end; one that starts on
/// the unmapped page is a fault.
#[test]
fn ioctl_arguments_stop_at_an_unreadable_page() {
    // SAFETY: an anonymous private mapping of our own, its second page unmapped again.
    let page = unsafe {
        let page = libc::mmap(
            std::ptr::null_mut(),
            8192,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            -1,
            0,
        );
        assert_ne!(page, libc::MAP_FAILED);
        libc::munmap(page.cast::<u8>().add(4096).cast(), 4096);
        page as u64
    };
    let plan = plan_for(nr::IOCTL);
    let at = |ptr: u64| at_entry(&own(), &plan, &[0, 0x5414, ptr, 0, 0, 0], 0, &limits(32));
    assert_eq!(at(page + 4096 - 8), vec![capture(2, 0, vec![0; 8])]);
    assert_eq!(at(page + 4096), vec![fault(2)]);
    // SAFETY: the first page, mapped above.
    unsafe { libc::munmap(page as *mut libc::c_void, 4096) };
}

#[test]
fn peeks_keep_the_readable_prefix() {
    // SAFETY: a fresh anonymous mapping of two pages, the second made unreadable.
    let page = unsafe {
        let at = libc::mmap(
            std::ptr::null_mut(),
            8192,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            -1,
            0,
        );
        assert_ne!(at, libc::MAP_FAILED);
        libc::mprotect(at.cast::<u8>().add(4096).cast(), 4096, libc::PROT_NONE);
        at as u64
    };
    let got = peek(&own(), 1, page, 128);
    assert_eq!((got.flags, got.bytes.len()), (TRUNCATED, 128));
    let got = peek(&own(), 1, page + 4096 - 5, 128);
    assert_eq!((got.flags, got.bytes.len()), (0, 5));
    assert_eq!(peek(&own(), 1, page + 4096, 128), fault(1));
}

#[test]
fn dirents_are_counted_by_reclen() {
    let mut buf = vec![0u8; 48];
    buf[16..18].copy_from_slice(&24u16.to_le_bytes());
    buf[24 + 16..24 + 18].copy_from_slice(&24u16.to_le_bytes());
    assert_eq!(count_dirent_records(&buf), 2);
    assert_eq!(count_dirent_records(&[]), 0);
}
