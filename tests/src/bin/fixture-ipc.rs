//! SysV IPC: keys and flags, the *ctl calls' structs by command, semop's sembufs, msgsnd's and
//! msgrcv's msgbuf, with arrays and structs that end at an unmapped page. Every call names an
//! object that does not exist (id -1, an unused key without IPC_CREAT), so nothing is created.
//! Usage: fixture-ipc MODE (`calls`).

use tracer_tests::edges;

/// A key no test creates.
const KEY: libc::c_long = 0x7ace_0123;

fn calls(end: u64) {
    let mut ds = [0u8; 128];
    ds[4..8].copy_from_slice(&1000u32.to_le_bytes());
    ds[20..22].copy_from_slice(&0o640u16.to_le_bytes());
    let ds = ds.as_mut_ptr() as u64;
    let sembufs: [u16; 6] = [0, 1, 0x1000, 2, 0xffff, 0x800];
    let mut msg = [0u8; 24];
    msg[..8].copy_from_slice(&7i64.to_le_bytes());
    msg[8..13].copy_from_slice(b"hello");
    // SAFETY: raw SysV IPC calls on objects that do not exist: they fail.
    unsafe {
        libc::syscall(libc::SYS_msgget, KEY, 0o600);
        libc::syscall(libc::SYS_semget, KEY, 1, 0x2400 | 0o600);
        libc::syscall(libc::SYS_shmget, KEY, 4096, (21 << 26) | 0o600);
        libc::syscall(libc::SYS_msgctl, -1, libc::IPC_SET, ds);
        libc::syscall(libc::SYS_msgctl, -1, libc::IPC_STAT, ds);
        libc::syscall(libc::SYS_msgctl, -1, 0x100 | libc::IPC_INFO, ds);
        libc::syscall(libc::SYS_semctl, -1, 0, libc::IPC_SET, ds);
        libc::syscall(libc::SYS_semctl, -1, 0, libc::GETVAL, ds);
        libc::syscall(libc::SYS_shmctl, -1, libc::IPC_SET, ds);
        libc::syscall(libc::SYS_shmctl, -1, libc::IPC_RMID, 0);
        libc::syscall(libc::SYS_semop, -1, sembufs.as_ptr(), 2);
        // The second sembuf runs into the unmapped page.
        libc::syscall(libc::SYS_semop, -1, end - 8, 2);
        libc::syscall(libc::SYS_msgsnd, -1, msg.as_ptr(), 5, libc::IPC_NOWAIT);
        libc::syscall(libc::SYS_msgrcv, -1, msg.as_mut_ptr(), 5, 0, libc::IPC_NOWAIT);
        // A msgbuf whose text runs into the unmapped page, an IPC_SET struct that does.
        libc::syscall(libc::SYS_msgsnd, -1, end - 16, 100, 0);
        libc::syscall(libc::SYS_msgctl, -1, libc::IPC_SET, end - 16);
        libc::syscall(libc::SYS_shmat, -1, 0, libc::SHM_RDONLY);
        libc::syscall(libc::SYS_shmdt, 0);
    }
}

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    let end = edges::page_end();
    edges::begin();
    match mode.as_str() {
        "calls" => calls(end),
        other => eprintln!("fixture-ipc: unknown mode {other:?}"),
    }
    edges::end();
    // SAFETY: ends the process without running atexit handlers (no extra syscalls in the trace).
    unsafe { libc::_exit(0) };
}
