//! Reading tracee memory with `process_vm_readv`: one call per page-bounded chunk, never word by
//! word, unless the kernel refuses process_vm_readv (ENOSYS, EPERM): then, as strace does, with
//! PTRACE_PEEKDATA, one word at a time.

use std::io::IoSliceMut;
use std::sync::atomic::{AtomicBool, Ordering};

use nix::errno::Errno;
use nix::sys::uio::{process_vm_readv, RemoteIoVec};
use nix::unistd::Pid;

/// Set once process_vm_readv was refused: every later read peeks.
static PEEK_ONLY: AtomicBool = AtomicBool::new(false);

/// Bytes PTRACE_PEEKDATA reads at once.
const WORD: u64 = 8;

/// The page size: reads stop at the first unreadable page.
pub const PAGE: u64 = 4096;

/// The memory of one stopped tracee.
pub struct TraceeMemory {
    pid: Pid,
}

/// What reading a NUL-terminated string found.
#[derive(Debug, PartialEq, Eq)]
pub struct CString {
    /// The bytes before the NUL, at most the limit.
    pub bytes: Vec<u8>,
    /// The string was longer than the limit.
    pub truncated: bool,
}

impl TraceeMemory {
    pub fn new(pid: Pid) -> Self {
        TraceeMemory { pid }
    }

    /// The tracee whose memory this is.
    pub fn pid(&self) -> Pid {
        self.pid
    }

    /// Read up to `buf.len()` bytes at `addr`; returns how many were readable (stops at the first
    /// unreadable page).
    pub fn read_prefix(&self, addr: u64, buf: &mut [u8]) -> usize {
        let mut done = 0;
        while done < buf.len() {
            let at = addr.wrapping_add(done as u64);
            let to_page_end = (PAGE - at % PAGE) as usize;
            let chunk = to_page_end.min(buf.len() - done);
            let got = self.read_chunk(at, &mut buf[done..done + chunk]);
            done += got;
            if got < chunk {
                break;
            }
        }
        done
    }

    /// Read `buf.len()` bytes at `at`, all within one page: how many were readable.
    fn read_chunk(&self, at: u64, buf: &mut [u8]) -> usize {
        if !PEEK_ONLY.load(Ordering::Relaxed) {
            let remote = [RemoteIoVec { base: at as usize, len: buf.len() }];
            let mut local = [IoSliceMut::new(buf)];
            match process_vm_readv(self.pid, &mut local, &remote) {
                Ok(n) => return n,
                Err(Errno::ENOSYS | Errno::EPERM) => PEEK_ONLY.store(true, Ordering::Relaxed),
                Err(_) => return 0,
            }
        }
        self.peek_chunk(at, buf)
    }

    /// [`Self::read_chunk`] with PTRACE_PEEKDATA: the aligned words covering `buf`, in order; a
    /// word that cannot be read ends the copy.
    fn peek_chunk(&self, at: u64, buf: &mut [u8]) -> usize {
        let mut done = 0;
        while done < buf.len() {
            let addr = at.wrapping_add(done as u64);
            let word_start = addr - addr % WORD;
            let Ok(word) = nix::sys::ptrace::read(self.pid, word_start as nix::sys::ptrace::AddressType)
            else {
                break;
            };
            let bytes = word.to_ne_bytes();
            let skip = (addr - word_start) as usize;
            let n = (bytes.len() - skip).min(buf.len() - done);
            buf[done..done + n].copy_from_slice(&bytes[skip..skip + n]);
            done += n;
        }
        done
    }

    /// Read exactly `len` bytes at `addr`, or `None` if any of them is unreadable.
    pub fn read_exact(&self, addr: u64, len: usize) -> Option<Vec<u8>> {
        let mut buf = vec![0; len];
        (self.read_prefix(addr, &mut buf) == len).then_some(buf)
    }

    /// Read a NUL-terminated string of at most `limit` bytes; `None` if the memory is unreadable
    /// before either the NUL or the limit is reached.
    pub fn read_cstr(&self, addr: u64, limit: usize) -> Option<CString> {
        let mut bytes = Vec::new();
        let mut at = addr;
        // Read one byte past the limit, to know whether the string goes on.
        let want = limit + 1;
        while bytes.len() < want {
            let chunk = ((PAGE - at % PAGE) as usize).min(want - bytes.len());
            let start = bytes.len();
            bytes.resize(start + chunk, 0);
            let got = self.read_prefix(at, &mut bytes[start..]);
            bytes.truncate(start + got);
            if let Some(nul) = bytes[start..].iter().position(|&b| b == 0) {
                bytes.truncate(start + nul);
                return Some(CString { bytes, truncated: false });
            }
            if got < chunk {
                return None;
            }
            at = at.wrapping_add(chunk as u64);
        }
        bytes.truncate(limit);
        Some(CString { bytes, truncated: true })
    }

    /// Read the pointer (u64) at `addr`.
    pub fn read_u64(&self, addr: u64) -> Option<u64> {
        let bytes: [u8; 8] = self.read_exact(addr, 8)?.try_into().ok()?;
        Some(u64::from_le_bytes(bytes))
    }

    /// Read the u32 at `addr` (a `socklen_t`).
    pub fn read_u32(&self, addr: u64) -> Option<u32> {
        let bytes: [u8; 4] = self.read_exact(addr, 4)?.try_into().ok()?;
        Some(u32::from_le_bytes(bytes))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn own() -> TraceeMemory {
        TraceeMemory::new(nix::unistd::getpid())
    }

    #[test]
    fn strings_stop_at_nul_or_limit() {
        let text = b"hello\0world";
        let mem = own();
        let addr = text.as_ptr() as u64;
        assert_eq!(mem.read_cstr(addr, 32), Some(CString { bytes: b"hello".to_vec(), truncated: false }));
        assert_eq!(mem.read_cstr(addr, 5), Some(CString { bytes: b"hello".to_vec(), truncated: false }));
        assert_eq!(mem.read_cstr(addr, 3), Some(CString { bytes: b"hel".to_vec(), truncated: true }));
    }

    #[test]
    fn strings_crossing_pages_are_whole() {
        let mut big = vec![b'x'; 3 * PAGE as usize];
        big.push(0);
        let mem = own();
        let got = mem.read_cstr(big.as_ptr() as u64, 20_000).expect("readable");
        assert_eq!(got.bytes.len(), 3 * PAGE as usize);
        assert!(!got.truncated);
    }

    #[test]
    fn peeking_a_process_that_is_not_our_tracee_reads_nothing() {
        let text = b"hello";
        let mut buf = [0u8; 5];
        assert_eq!(own().peek_chunk(text.as_ptr() as u64, &mut buf), 0);
    }

    #[test]
    fn bad_pointers_are_none_not_a_crash() {
        let mem = own();
        assert_eq!(mem.read_cstr(8, 32), None);
        assert_eq!(mem.read_exact(8, 16), None);
        assert_eq!(mem.read_u64(u64::MAX - 3), None);
    }
}
