//! The mount API with arguments that make every call fail: mount's type and data shown or not as
//! its flags say, open_tree/fspick/move_mount flags, mount_setattr's struct mount_attr, and a path that runs into unmapped memory
//! after PATH_MAX bytes (strace cuts it, `"aaa..."...`).
//! `open-tree` opens (without cloning) /dev/null's mount and then the same again through that
//! descriptor: no mount changes.
//! Usage: fixture-mount MODE (`calls`, `long-path`, `open-tree`).

use tracer_tests::edges;

const NO_DIR: &std::ffi::CStr = c"/tracer-no-such-dir";
const NO_FILE: &std::ffi::CStr = c"/tracer-no-such-file";

fn calls() {
    let (src, dir) = (NO_FILE.as_ptr(), NO_DIR.as_ptr());
    let (fstype, data) = (c"tmpfs".as_ptr(), c"size=1".as_ptr());
    // SAFETY: raw syscalls on paths that do not exist or descriptors that are not open: each fails.
    unsafe {
        libc::syscall(libc::SYS_mount, src, dir, fstype, libc::MS_RDONLY | libc::MS_NOSUID, data);
        libc::syscall(libc::SYS_mount, src, dir, fstype, libc::MS_REMOUNT, data);
        libc::syscall(libc::SYS_mount, src, dir, fstype, libc::MS_BIND, data);
        libc::syscall(libc::SYS_mount, src, dir, fstype, 0xc0ed_0000u64 | libc::MS_NODEV, data);
        libc::syscall(libc::SYS_open_tree, -1, 0usize, 1 | libc::O_CLOEXEC);
        libc::syscall(libc::SYS_open_tree, libc::AT_FDCWD, src, 0xffff_ffffu32);
        libc::syscall(libc::SYS_fspick, -1, c"".as_ptr(), 8);
        libc::syscall(libc::SYS_fspick, -1, src, 0xf0u32);
        libc::syscall(libc::SYS_move_mount, -1, c"".as_ptr(), libc::AT_FDCWD, dir, 0x4 | 0x100);
        libc::syscall(libc::SYS_move_mount, -1, src, -1, dir, 0x8000_0000u32);
        // struct mount_attr: attr_set, attr_clr, propagation, userns_fd; then 8 more bytes.
        let mut attr: [u64; 5] = [0x1 | 0x10_0000, 0x8000_0000, 1 << 18, 3, 0];
        let attr_ptr = attr.as_mut_ptr();
        libc::syscall(libc::SYS_mount_setattr, -1, c"".as_ptr(), 0x8000u32, attr_ptr, 32usize);
        libc::syscall(libc::SYS_mount_setattr, -1, c"".as_ptr(), 0x1u32, attr_ptr, 16usize);
        attr_ptr.add(4).write(0xff);
        libc::syscall(libc::SYS_mount_setattr, -1, c"".as_ptr(), 0u32, attr_ptr, 40usize);
    }
}

/// open_tree without OPEN_TREE_CLONE: an O_PATH descriptor of a path, then of the descriptor
/// itself (AT_EMPTY_PATH); `-y` names both.
fn open_tree() {
    // SAFETY: raw syscalls returning descriptors of our own, closed again.
    unsafe {
        let fd = libc::syscall(libc::SYS_open_tree, libc::AT_FDCWD, c"/dev/null".as_ptr(), libc::O_CLOEXEC);
        let again = libc::syscall(libc::SYS_open_tree, fd, c"".as_ptr(), libc::AT_EMPTY_PATH);
        libc::close(again as i32);
        libc::close(fd as i32);
    }
}

fn long_path() {
    const PAGE: usize = 4096;
    // SAFETY: two fresh anonymous pages of our own; the second is unmapped again so that the path
    // in the first one ends where readable memory does.
    let path = unsafe {
        let base = libc::mmap(
            std::ptr::null_mut(),
            2 * PAGE,
            libc::PROT_READ | libc::PROT_WRITE,
            libc::MAP_PRIVATE | libc::MAP_ANONYMOUS,
            -1,
            0,
        );
        if base == libc::MAP_FAILED {
            return;
        }
        let base = base.cast::<u8>();
        libc::munmap(base.add(PAGE).cast(), PAGE);
        std::ptr::write_bytes(base, b'a', PAGE);
        base
    };
    edges::begin();
    // SAFETY: a path of PATH_MAX bytes without a NUL: the kernel fails with ENAMETOOLONG.
    unsafe { libc::syscall(libc::SYS_fspick, libc::AT_FDCWD, path, 0) };
}

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    match mode.as_str() {
        "calls" => {
            edges::begin();
            calls();
        }
        "long-path" => long_path(),
        "open-tree" => {
            edges::begin();
            open_tree();
        }
        other => {
            edges::begin();
            eprintln!("fixture-mount: unknown mode {other:?}");
        }
    }
    edges::end();
    // SAFETY: ends the process without running atexit handlers (no extra syscalls in the trace).
    unsafe { libc::_exit(0) };
}
