//! The `http` workload: a small HTTP/1.1 static-file server (std only) serving many small files,
//! one connection per request, to a local client that is not traced.
//!
//! The client cannot be the server's child (`-f` would trace it), so the bench starts it before the
//! rounds, untraced: `tracer bench __http-client DIR` listens on `DIR/client.sock`. Each timed run
//! starts the server (`tracer bench __workload http N DIR`, the traced command), which binds a
//! port on 127.0.0.1 and tells the client `PORT N`; the client fetches N files, one request after
//! the other, and the server exits after answering the N-th. The server's wall time is the
//! time to serve N requests: the ratio against native is the slowdown in requests per second.

use std::io::{BufRead as _, BufReader, Read as _, Write as _};
use std::net::{TcpListener, TcpStream};
use std::os::unix::net::{UnixListener, UnixStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use anyhow::{bail, Context as _};

/// The hidden argument that starts the client.
pub const CLIENT_ARG: &str = "__http-client";
/// Files served (the client asks for them in turn).
const FILES: u64 = 200;

fn www(dir: &Path) -> PathBuf {
    dir.join("www")
}

fn socket(dir: &Path) -> PathBuf {
    dir.join("client.sock")
}

/// Write the files, 512 bytes to about 4 KiB each, and start the client.
pub fn prepare(dir: &Path) -> anyhow::Result<Child> {
    let root = www(dir);
    std::fs::create_dir_all(&root).with_context(|| format!("creating {}", root.display()))?;
    for i in 0..FILES {
        let len = 512 + (i * 2654435761 % 3584) as usize;
        let body: Vec<u8> = (0..len).map(|j| b'a' + ((i as usize + j) % 26) as u8).collect();
        let path = root.join(format!("f{i:03}.html"));
        std::fs::write(&path, body).with_context(|| format!("writing {}", path.display()))?;
    }
    let sock = socket(dir);
    let _ = std::fs::remove_file(&sock);
    let exe = std::env::current_exe().context("finding this binary")?;
    let mut child = Command::new(exe)
        .args(["bench", CLIENT_ARG])
        .arg(dir)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .spawn()
        .context("starting the http client")?;
    // Ready once its socket is there.
    for _ in 0..500 {
        if sock.exists() {
            return Ok(child);
        }
        if let Ok(Some(status)) = child.try_wait() {
            bail!("the http client ended at once: {status}");
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    let _ = child.kill();
    bail!("the http client did not start")
}

/// The client: for each server that connects to its socket, fetch the N files it asks for.
pub fn client(dir: &Path) -> anyhow::Result<std::process::ExitCode> {
    // SAFETY: PR_SET_PDEATHSIG takes a signal number; the bench that started us ends us.
    unsafe { libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGKILL) };
    let sock = socket(dir);
    let listener = UnixListener::bind(&sock).with_context(|| format!("binding {}", sock.display()))?;
    for server in listener.incoming() {
        let Ok(mut server) = server else { continue };
        let mut line = String::new();
        BufReader::new(&server).read_line(&mut line)?;
        let mut words = line.split_whitespace().map(str::parse::<u64>);
        let (Some(Ok(port)), Some(Ok(n))) = (words.next(), words.next()) else { continue };
        let fetched = fetch_all(port, n);
        let answer = match &fetched {
            Ok(()) => "ok\n".to_string(),
            Err(err) => format!("error: {err:#}\n"),
        };
        let _ = server.write_all(answer.as_bytes());
    }
    Ok(std::process::ExitCode::SUCCESS)
}

/// N requests in turn, each on a connection of its own; every answer read to its end.
fn fetch_all(port: u64, n: u64) -> anyhow::Result<()> {
    let mut answer = Vec::new();
    for i in 0..n {
        let mut conn = TcpStream::connect(("127.0.0.1", port as u16)).context("connecting")?;
        let request =
            format!("GET /f{:03}.html HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n", i % FILES);
        conn.write_all(request.as_bytes())?;
        answer.clear();
        conn.read_to_end(&mut answer)?;
        if !answer.starts_with(b"HTTP/1.1 200 ") {
            bail!("request {i}: {}", String::from_utf8_lossy(&answer[..answer.len().min(40)]));
        }
    }
    Ok(())
}

/// The server (the traced workload): answer `n` requests for files under `DIR/www`, then end.
pub fn serve(n: u64, dir: &Path) -> anyhow::Result<()> {
    let listener = TcpListener::bind("127.0.0.1:0").context("binding a port")?;
    let port = listener.local_addr()?.port();
    let mut client = UnixStream::connect(socket(dir)).context("reaching the http client")?;
    client.write_all(format!("{port} {n}\n").as_bytes())?;
    let root = www(dir);
    let mut request = Vec::with_capacity(1024);
    let mut body = Vec::with_capacity(4096);
    for _ in 0..n {
        let (mut conn, _) = listener.accept().context("accepting")?;
        request.clear();
        let mut chunk = [0u8; 1024];
        while !request.windows(4).any(|w| w == b"\r\n\r\n") {
            let got = conn.read(&mut chunk)?;
            if got == 0 {
                break;
            }
            request.extend_from_slice(&chunk[..got]);
        }
        let path = request
            .strip_prefix(b"GET /")
            .and_then(|rest| rest.split(|&b| b == b' ').next())
            .and_then(|name| std::str::from_utf8(name).ok())
            .filter(|name| !name.contains('/') && !name.starts_with('.'))
            .map(|name| root.join(name));
        body.clear();
        let found =
            path.is_some_and(|p| std::fs::File::open(p).and_then(|mut f| f.read_to_end(&mut body)).is_ok());
        let head = if found {
            format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len())
        } else {
            body.clear();
            "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".to_string()
        };
        conn.write_all(head.as_bytes())?;
        conn.write_all(&body)?;
    }
    let mut answer = String::new();
    BufReader::new(&client).read_line(&mut answer)?;
    if answer.trim() != "ok" {
        bail!("http client: {}", answer.trim());
    }
    Ok(())
}
