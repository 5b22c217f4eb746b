//! Where `-o` sends the trace besides a plain file: `-o '|CMD'` (or `'!CMD'`) pipes it to a shell
//! command ([`PipeCommand`]), and a file or pipe that fails to take it is reported once, as strace
//! reports its `-o` stream's error, while tracing goes on ([`Reporting`]).

use std::ffi::{CString, OsStr};
use std::fs::File;
use std::io::{self, Write};
use std::os::fd::{AsRawFd as _, FromRawFd as _, OwnedFd};
use std::os::unix::ffi::OsStrExt as _;

use crate::messages::errno_text;

/// The command of `-o '|CMD'` or `-o '!CMD'`, if `output` is one.
pub fn pipe_command(output: &OsStr) -> Option<&OsStr> {
    match output.as_bytes() {
        [b'|' | b'!', command @ ..] => Some(OsStr::from_bytes(command)),
        _ => None,
    }
}

/// An `-o` file (or `-ff`'s `FILE.PID`) opened as strace's `fopen` does: `"w"`, or `"a"` with
/// `-A` (created if missing, written at its end, never truncated).
pub fn open_output(path: &std::path::Path, append: bool) -> io::Result<File> {
    match append {
        true => File::options().append(true).create(true).open(path),
        false => File::create(path),
    }
}

/// A writer that, on its first error, says `NAME: WHAT: strerror` and from then on drops what
/// it is given: strace's `-o` stream (`-o /dev/full`: `strace: /dev/full: No space left on device`,
/// and the command is traced to its end).
pub struct Reporting<W> {
    inner: W,
    /// The `-o` argument as given.
    what: String,
    failed: bool,
}

impl<W: Write> Reporting<W> {
    pub fn new(inner: W, what: &OsStr) -> Self {
        Reporting { inner, what: what.to_string_lossy().into_owned(), failed: false }
    }

    fn fail(&mut self, err: &io::Error) {
        if !self.failed {
            crate::diag!("{}: {}", self.what, errno_text(err));
            self.failed = true;
        }
    }
}

impl<W: Write> Write for Reporting<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if !self.failed {
            if let Err(err) = self.inner.write_all(buf) {
                self.fail(&err);
            }
        }
        Ok(buf.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.failed {
            if let Err(err) = self.inner.flush() {
                self.fail(&err);
            }
        }
        Ok(())
    }
}

/// Why `-o '|CMD'` could not start CMD.
#[derive(Debug, thiserror::Error)]
pub enum PipeError {
    #[error("command contains a NUL byte")]
    Nul,
    #[error("pipe: {0}")]
    Pipe(#[source] nix::Error),
    #[error("fork: {0}")]
    Fork(#[source] nix::Error),
}

/// `/bin/sh -c CMD` reading the trace on its standard input. It is not tracer's child (a child
/// would be waited for as a tracee): an intermediate process starts it and ends at once; tracer
/// waits for its end through a pidfd.
pub struct PipeCommand {
    /// The trace's way in (closed by [`PipeCommand::finish`], or before).
    input: Option<File>,
    pidfd: Option<OwnedFd>,
}

impl PipeCommand {
    /// Start `sh -c command`. Must be called while tracer is single-threaded.
    pub fn spawn(command: &OsStr) -> Result<PipeCommand, PipeError> {
        let command = CString::new(command.as_bytes()).map_err(|_| PipeError::Nul)?;
        let argv: [*const libc::c_char; 4] =
            [c"sh".as_ptr(), c"-c".as_ptr(), command.as_ptr(), std::ptr::null()];
        let (read, write) = nix::unistd::pipe2(nix::fcntl::OFlag::O_CLOEXEC).map_err(PipeError::Pipe)?;
        let (pid_read, pid_write) =
            nix::unistd::pipe2(nix::fcntl::OFlag::O_CLOEXEC).map_err(PipeError::Pipe)?;
        // SAFETY: the intermediate and the command's process only make async-signal-safe calls
        // (fork, dup2, signal, write, execv, _exit) on memory prepared before the fork.
        let middle = unsafe { libc::fork() };
        if middle < 0 {
            return Err(PipeError::Fork(nix::Error::last()));
        }
        if middle == 0 {
            // SAFETY: as above.
            unsafe {
                let shell = libc::fork();
                if shell == 0 {
                    if read.as_raw_fd() == 0 {
                        // dup2 onto itself would keep close-on-exec.
                        libc::fcntl(0, libc::F_SETFD, 0);
                    } else {
                        libc::dup2(read.as_raw_fd(), 0);
                    }
                    // Rust's runtime ignores SIGPIPE; the command gets the default.
                    libc::signal(libc::SIGPIPE, libc::SIG_DFL);
                    libc::execv(c"/bin/sh".as_ptr(), argv.as_ptr());
                    libc::_exit(127);
                }
                let bytes = shell.to_ne_bytes();
                libc::write(pid_write.as_raw_fd(), bytes.as_ptr().cast(), bytes.len());
                libc::_exit(0);
            }
        }
        drop((read, pid_write));
        let _ = nix::sys::wait::waitpid(nix::unistd::Pid::from_raw(middle), None);
        let mut bytes = [0u8; 4];
        let shell = match nix::unistd::read(&pid_read, &mut bytes) {
            Ok(4) => i32::from_ne_bytes(bytes),
            _ => 0,
        };
        // SAFETY: pidfd_open on a pid, no pointers; a failure (an old kernel) leaves no waiting.
        let pidfd = (shell > 0)
            .then(|| unsafe { libc::syscall(libc::SYS_pidfd_open, shell, 0) })
            .and_then(|fd| i32::try_from(fd).ok())
            .filter(|&fd| fd >= 0)
            // SAFETY: a descriptor pidfd_open just returned, owned by nobody else.
            .map(|fd| unsafe { OwnedFd::from_raw_fd(fd) });
        Ok(PipeCommand { input: Some(File::from(write)), pidfd })
    }

    /// The trace's way in.
    pub fn take_input(&mut self) -> Option<File> {
        self.input.take()
    }

    /// Wait for the command to end (its input must be closed by now), as strace does.
    pub fn finish(mut self) {
        drop(self.input.take());
        let Some(pidfd) = self.pidfd.take() else { return };
        let mut poll = libc::pollfd { fd: pidfd.as_raw_fd(), events: libc::POLLIN, revents: 0 };
        // SAFETY: one valid pollfd; a pidfd becomes readable when its process ends.
        while unsafe { libc::poll(&mut poll, 1, -1) } < 0 && nix::Error::last() == nix::Error::EINTR {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pipe_commands_start_with_a_bar_or_a_bang() {
        assert_eq!(pipe_command(OsStr::new("|cat > x")), Some(OsStr::new("cat > x")));
        assert_eq!(pipe_command(OsStr::new("!wc")), Some(OsStr::new("wc")));
        assert_eq!(pipe_command(OsStr::new("log")), None);
    }

    #[test]
    fn a_failing_output_is_reported_once_and_then_dropped() {
        let mut full = Reporting::new(
            File::options().write(true).open("/dev/full").expect("/dev/full"),
            OsStr::new("/dev/full"),
        );
        assert!(full.write(b"x").is_ok());
        assert!(full.failed);
        assert!(full.write_all(b"more").is_ok());
    }

    #[test]
    fn the_piped_command_reads_the_trace() {
        let dir = std::env::temp_dir().join(format!("tracer-opipe-{}", std::process::id()));
        let out = dir.with_extension("txt");
        let mut pipe = PipeCommand::spawn(OsStr::new(&format!("cat > {}", out.display()))).expect("spawns");
        let mut input = pipe.take_input().expect("input");
        input.write_all(b"hello\n").expect("writes");
        drop(input);
        pipe.finish();
        assert_eq!(std::fs::read_to_string(&out).expect("written"), "hello\n");
        let _ = std::fs::remove_file(out);
    }
}
