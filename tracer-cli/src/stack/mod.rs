//! `-k`, for both backends: a task's stack unwound from its registers and memory with DWARF CFI
//! (framehop), its frames named and placed as strace 6.1 (built with libunwind) prints them. The
//! memory is the tracee's, read live (ptrace), or the slice of its stack the kernel copied (eBPF):
//! whatever [`Memory`] can read.
//!
//! Per process: its named mappings ([`maps`]) and an unwinder holding a module per mapped image,
//! built lazily and dropped when the backend says its mappings changed, or rebuilt once when a
//! frame falls outside every mapping known.
//! Per image (path, device, inode, mtime): its symbols and unwind sections ([`elf`]), read once.

mod demangle;
mod elf;
mod maps;
mod walk;

use std::collections::HashMap;
use std::ops::Range;
use std::os::unix::ffi::OsStrExt as _;
use std::sync::Arc;

use framehop::x86_64::{CacheX86_64, UnwinderX86_64};
use framehop::{ExplicitModuleSectionInfo, Module, Unwinder as _};
use tracer_common::stack::StackFrame;

use self::elf::{Bytes, ElfInfo};
use self::maps::{Mapping, Maps};

/// A task's memory as a walk reads it: its stack, and the code at a frame's address (to see a
/// signal trampoline). `None` where it cannot be read.
pub trait Memory {
    /// `len` bytes at `addr`.
    fn read_exact(&self, addr: u64, len: usize) -> Option<Vec<u8>>;

    /// The little-endian u64 at `addr`.
    fn read_u64(&self, addr: u64) -> Option<u64> {
        let bytes: [u8; 8] = self.read_exact(addr, 8)?.try_into().ok()?;
        Some(u64::from_le_bytes(bytes))
    }
}

/// The registers a walk starts from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Regs {
    pub ip: u64,
    pub sp: u64,
    pub bp: u64,
}

/// Identity of an image file: a changed file is read again.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
struct FileKey {
    path: Vec<u8>,
    dev: u64,
    ino: u64,
    mtime_ns: i128,
}

/// One process's view: its mappings, the images behind them, its unwinder.
struct Process {
    maps: Maps,
    /// The image of each mapped path (`None`: unreadable, or not ELF): symbols come from there.
    images: HashMap<Vec<u8>, Option<Arc<ElfInfo>>>,
    /// Where each image read is, and its bias.
    modules: Vec<(Range<u64>, u64, Arc<ElfInfo>)>,
    unwinder: UnwinderX86_64<Bytes>,
    cache: CacheX86_64,
}

/// Every process's stack state, and the images read so far.
#[derive(Default)]
pub struct Stacks {
    files: HashMap<FileKey, Option<Arc<ElfInfo>>>,
    processes: HashMap<u32, Process>,
}

impl Stacks {
    /// The stack of a task of process `tgid` from `regs`, reading `mem`; the mappings, if not
    /// known yet, are read from `/proc/MAPS_PID/maps` (a thread's pid will do).
    pub fn unwind(&mut self, tgid: u32, maps_pid: u32, regs: Regs, mem: &dyn Memory) -> Vec<StackFrame> {
        if !self.processes.contains_key(&tgid) {
            let process = self.build(Maps::read(maps_pid));
            self.processes.insert(tgid, process);
        }
        let mut refreshed = false;
        let mut walk = walk::Walk::new(regs.ip, regs.sp, regs.bp);
        loop {
            let Some(process) = self.processes.get_mut(&tgid) else { return Vec::new() };
            match walk.run(process, mem, refreshed) {
                walk::Outcome::Done(frames) => return frames,
                walk::Outcome::Refresh => {
                    // A frame outside every mapping known: the process mapped something we did
                    // not see; read its mappings again, once (if it is gone, they stay).
                    refreshed = true;
                    let maps = Maps::read(maps_pid);
                    if !maps.mappings.is_empty() {
                        let process = self.build(maps);
                        self.processes.insert(tgid, process);
                    }
                }
            }
        }
    }

    /// Read process `pid`'s mappings now if they are not known yet (the eBPF backend, when it
    /// first sees a process: they are gone once it ends).
    pub fn learn(&mut self, pid: u32) {
        if !self.processes.contains_key(&pid) {
            let maps = Maps::read(pid);
            if !maps.mappings.is_empty() {
                let process = self.build(maps);
                self.processes.insert(pid, process);
            }
        }
    }

    /// Process `child` was forked from `parent`: it starts with its parent's mappings, as known
    /// (read now if they are not).
    pub fn fork(&mut self, parent: u32, child: u32) {
        let maps = match self.processes.get(&parent) {
            Some(process) => process.maps.clone(),
            None => Maps::read(child),
        };
        if !maps.mappings.is_empty() {
            let process = self.build(maps);
            self.processes.insert(child, process);
        }
    }

    /// Process `tgid`'s mappings changed (or it exec'd, or ended): read them again when needed.
    pub fn invalidate(&mut self, tgid: u32) {
        self.processes.remove(&tgid);
    }

    /// Give an unwinder a module per image of `maps`.
    fn build(&mut self, maps: Maps) -> Process {
        let mut images = HashMap::new();
        let mut unwinder = UnwinderX86_64::new();
        let mut modules = Vec::new();
        for mapping in maps.mappings.iter().filter(|m| m.executable) {
            // Like libunwind, which opens the path: the vdso (in no file) has no unwind
            // information, and its frames are followed by the frame pointer.
            if mapping.is_special() {
                continue;
            }
            let info = self.image(&mapping.path);
            images.insert(mapping.path.clone(), info.clone());
            if let Some(info) = info {
                let range = extent(&maps, mapping);
                let bias = info.bias(mapping.start, mapping.offset);
                unwinder.add_module(module(&mapping.path, range.clone(), bias, &info));
                modules.push((range, bias, info));
            }
        }
        Process { maps, images, modules, unwinder, cache: CacheX86_64::new() }
    }

    /// The image at `path`, read once per version of the file.
    fn image(&mut self, path: &[u8]) -> Option<Arc<ElfInfo>> {
        use std::os::unix::fs::MetadataExt as _;
        let os_path = std::path::Path::new(std::ffi::OsStr::from_bytes(path));
        let meta = std::fs::metadata(os_path).ok()?;
        let mtime_ns = i128::from(meta.mtime()) * 1_000_000_000 + i128::from(meta.mtime_nsec());
        let key = FileKey { path: path.to_vec(), dev: meta.dev(), ino: meta.ino(), mtime_ns };
        self.files.entry(key).or_insert_with(|| load(path).map(Arc::new)).clone()
    }
}

impl Process {
    /// `len` bytes of code at `addr`, from the image file mapped there (for a backend that cannot
    /// read the task's memory there).
    fn code(&self, addr: u64, len: usize) -> Option<Vec<u8>> {
        let (_, bias, info) = self.modules.iter().find(|(range, _, _)| range.contains(&addr))?;
        info.code(addr.wrapping_sub(*bias), len).map(<[u8]>::to_vec)
    }

    /// Whether the unwind information of the image at `addr` covers it: where it does not,
    /// libunwind follows the frame pointer (framehop would read a return address at the stack
    /// pointer of a first frame). `None`: it cannot be told (framehop decides).
    fn has_cfi(&self, addr: u64) -> Option<bool> {
        match self.modules.iter().find(|(range, _, _)| range.contains(&addr)) {
            Some((_, bias, info)) => info.has_fde(addr.wrapping_sub(*bias)),
            None => Some(false),
        }
    }
}

/// The image at `path`, its symbols from the first file its `.gnu_debuglink` names that can be
/// read (libunwind's rule: that file is not checked further, nor its own debuglink followed).
fn load(path: &[u8]) -> Option<ElfInfo> {
    let read = |path: &[u8]| std::fs::read(std::ffi::OsStr::from_bytes(path)).ok();
    let mut info = ElfInfo::parse(&read(path)?)?;
    if let Some(link) = info.debuglink.take() {
        if let Some(debug) =
            elf::debuglink_candidates(path, &link).iter().find_map(|candidate| read(candidate))
        {
            info.symbols_from(ElfInfo::parse(&debug), debug.len() as u64);
        }
    }
    Some(info)
}

/// The addresses the image of `mapping` covers: from its first mapping to its last.
fn extent(maps: &Maps, mapping: &Mapping) -> Range<u64> {
    let same = maps.mappings.iter().filter(|m| m.path == mapping.path);
    let start = same.clone().map(|m| m.start).min().unwrap_or(mapping.start);
    let end = same.map(|m| m.end).max().unwrap_or(mapping.end);
    start..end
}

fn module(path: &[u8], range: Range<u64>, bias: u64, info: &ElfInfo) -> Module<Bytes> {
    let sections = ExplicitModuleSectionInfo {
        base_svma: 0,
        text_svma: info.text.as_ref().map(|s| s.svma.clone()),
        got_svma: info.got.clone(),
        eh_frame_svma: info.eh_frame.as_ref().map(|s| s.svma.clone()),
        eh_frame: info.eh_frame.as_ref().map(|s| s.data.clone()),
        eh_frame_hdr_svma: info.eh_frame_hdr.as_ref().map(|s| s.svma.clone()),
        eh_frame_hdr: info.eh_frame_hdr.as_ref().map(|s| s.data.clone()),
        debug_frame: info.debug_frame.clone(),
        ..ExplicitModuleSectionInfo::default()
    };
    Module::new(String::from_utf8_lossy(path).into_owned(), range, bias, sections)
}
