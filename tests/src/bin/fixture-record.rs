//! Fixture for `--record`/`--replay`: two processes that talk over sockets and files. The parent
//! writes a file, opens a TCP listener on 127.0.0.1 and a unix socket pair, then forks; the child
//! connects over TCP, sends a line, writes one to the pair and exits 3; the parent accepts,
//! reads both, reads the file back, waits for the child and exits 7.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::os::unix::net::UnixStream;

fn main() {
    let dir = std::env::temp_dir().join(format!("tracer-fixture-record-{}", std::process::id()));
    let path = dir.with_extension("txt");
    std::fs::write(&path, b"recorded\n").expect("writes the file");
    let listener = TcpListener::bind("127.0.0.1:0").expect("listens");
    let port = listener.local_addr().expect("has an address").port();
    let (mut near, mut far) = UnixStream::pair().expect("a socket pair");
    // SAFETY: fork in a single-threaded program; the child only makes syscalls and exits.
    let child = unsafe { libc::fork() };
    if child == 0 {
        let mut tcp = TcpStream::connect(("127.0.0.1", port)).expect("connects");
        tcp.write_all(b"over tcp\n").expect("sends");
        far.write_all(b"over unix\n").expect("writes the pair");
        // SAFETY: ends the child at once.
        unsafe { libc::_exit(3) };
    }
    let (mut accepted, _) = listener.accept().expect("accepts");
    let mut line = [0u8; 9];
    accepted.read_exact(&mut line).expect("receives");
    let mut pair = [0u8; 10];
    near.read_exact(&mut pair).expect("reads the pair");
    let back = std::fs::read(&path).expect("reads the file back");
    assert_eq!(back, b"recorded\n");
    let _ = std::fs::remove_file(&path);
    let mut status = 0;
    // SAFETY: a local status word.
    unsafe { libc::waitpid(child, &mut status, 0) };
    std::process::exit(7);
}
