//! `-k`: a tracee's stack, unwound from its registers and memory with DWARF CFI (framehop), its
//! frames named and placed as strace 6.1 (built with libunwind) prints them.
//!
//! Per process: its named mappings ([`maps`]) and an unwinder holding a module per mapped image,
//! built lazily and dropped when its mappings change (exec, and the exit of any call that maps or
//! unmaps: strace's `SI` calls), or rebuilt once when a frame falls outside every mapping known.
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
use nix::unistd::Pid;
use tracer_common::stack::StackFrame;
use tracer_common::syscall::nr;

use self::elf::{Bytes, ElfInfo};
use self::maps::{Mapping, Maps};
use super::memory::TraceeMemory;

/// Whether a call changes its process's mappings (strace's `STACKTRACE_INVALIDATE_CACHE`).
pub fn changes_mappings(nr: u64) -> bool {
    matches!(
        nr,
        nr::MMAP
            | nr::MPROTECT
            | nr::MUNMAP
            | nr::BRK
            | nr::MREMAP
            | nr::SHMAT
            | nr::SHMDT
            | nr::REMAP_FILE_PAGES
            | nr::PKEY_MPROTECT
            | nr::EXECVE
            | nr::EXECVEAT
    )
}

/// Whether strace captures a call's stack at its entry rather than at its exit
/// (`STACKTRACE_CAPTURE_ON_ENTER`): those that do not return to where they were called from.
pub fn captured_at_entry(nr: u64) -> bool {
    matches!(nr, nr::EXECVE | nr::EXECVEAT | nr::EXIT | nr::EXIT_GROUP)
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
    /// The stack of thread `tid` (of process `tgid`), stopped now.
    pub fn unwind(&mut self, tid: Pid, tgid: u32) -> Vec<StackFrame> {
        let Ok(regs) = nix::sys::ptrace::getregs(tid) else { return Vec::new() };
        let mem = TraceeMemory::new(tid);
        let maps_pid = tid.as_raw().unsigned_abs();
        if !self.processes.contains_key(&tgid) {
            let process = self.build(maps_pid);
            self.processes.insert(tgid, process);
        }
        let mut refreshed = false;
        let mut walk = walk::Walk::new(regs.rip, regs.rsp, regs.rbp);
        loop {
            let Some(process) = self.processes.get_mut(&tgid) else { return Vec::new() };
            match walk.run(process, &mem, refreshed) {
                walk::Outcome::Done(frames) => return frames,
                walk::Outcome::Refresh => {
                    // A frame outside every mapping known: the process mapped something we did
                    // not see (a call not stopped at); read its mappings again, once.
                    refreshed = true;
                    let process = self.build(maps_pid);
                    self.processes.insert(tgid, process);
                }
            }
        }
    }

    /// Process `tgid`'s mappings changed (or it exec'd, or ended): read them again when needed.
    pub fn invalidate(&mut self, tgid: u32) {
        self.processes.remove(&tgid);
    }

    /// Read `pid`'s mappings and give its unwinder a module per mapped image.
    fn build(&mut self, pid: u32) -> Process {
        let maps = Maps::read(pid);
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

/// A stop just reported, as `-k` sees it.
pub(super) enum Reported {
    /// A call's entry (its number).
    Enter(u64),
    /// A call's exit.
    Exit(u64),
    /// A signal's delivery, or a group-stop.
    Signal,
}

impl super::Session<'_> {
    /// `-k`: the stack of `tid` where strace 6.1 takes it: at the exit of a call (at its entry
    /// for [`captured_at_entry`] calls, but the launched command's first execve), and at a
    /// signal. Sent after the record of the stop.
    pub(super) fn report_stack(&mut self, tid: Pid, reported: Reported) -> Result<(), super::PtraceError> {
        use tracer_common::stack::stack_flags;
        let Some(stacks) = self.stacks.as_mut() else { return Ok(()) };
        let Some(tracee) = self.tracees.get_mut(&tid) else { return Ok(()) };
        let tgid = tracee.tgid;
        let (flags, frames) = match reported {
            Reported::Enter(nr) => {
                if captured_at_entry(nr) && !tracee.awaiting_exec {
                    tracee.entry_stack = Some(stacks.unwind(tid, tgid));
                }
                return Ok(());
            }
            Reported::Exit(nr) => {
                if changes_mappings(nr) {
                    stacks.invalidate(tgid);
                }
                match tracee.entry_stack.take() {
                    Some(frames) => (stack_flags::AT_ENTRY, frames),
                    None => (0, stacks.unwind(tid, tgid)),
                }
            }
            Reported::Signal => (0, stacks.unwind(tid, tgid)),
        };
        let meta = super::meta(tgid, tid.as_raw().unsigned_abs());
        crate::backend::EventSink::event(
            &mut self.sink,
            tracer_common::event::Event::Stack { meta, flags, frames },
        )?;
        Ok(())
    }

    /// `-k`: task `tid` of `tgid` ended; the stack taken at the entry of the call it ended in
    /// (`exit_group`) is sent now, before its end, to be shown after it.
    pub(super) fn stack_at_end(
        &mut self,
        tid: Pid,
        tgid: u32,
        entry_stack: Option<Vec<StackFrame>>,
    ) -> Result<(), super::PtraceError> {
        use tracer_common::stack::stack_flags;
        let Some(stacks) = self.stacks.as_mut() else { return Ok(()) };
        let raw_tid = tid.as_raw().unsigned_abs();
        if raw_tid == tgid {
            stacks.invalidate(tgid);
        }
        if let Some(frames) = entry_stack {
            let meta = super::meta(tgid, raw_tid);
            let flags = stack_flags::AT_ENTRY | stack_flags::AFTER_END;
            crate::backend::EventSink::event(
                &mut self.sink,
                tracer_common::event::Event::Stack { meta, flags, frames },
            )?;
        }
        Ok(())
    }

    /// `-k`: process `tgid` exec'd: its mappings are new.
    pub(super) fn stack_exec(&mut self, tgid: u32) {
        if let Some(stacks) = self.stacks.as_mut() {
            stacks.invalidate(tgid);
        }
    }
}
