//! Just enough of the kernel's BTF (`/sys/kernel/btf/vmlinux`) to find the field offsets the
//! program needs (`tracer_common::filter::layout`); Rust eBPF has no CO-RE relocations, so they are
//! looked up here and handed to the program:
//!
//! - `task_struct.pending.signal`: the syscall exit probe checks it for SIGKILL (ptrace reports no
//!   syscall-exit stop to a task with a fatal signal pending: strace prints `= ?`);
//! - `task_struct.pid`, `.tgid`: a forked child's ids;
//! - `task_struct.exit_code`, `.signal`, `signal_struct.flags`, `.group_exit_code`: an ended
//!   task's wait(2) status;
//! - `task_struct.thread_pid`, `pid.level`, `.numbers`, `upid.ns`, the size of `upid`,
//!   `pid_namespace.ns.inum`: a forked child's pid namespaces and its tid in each.
//! - `task_struct.files`, `files_struct.fdt`, `fdtable.fd`, `file.f_inode`, `inode.i_ino`: the
//!   inode of a returned descriptor (`tracer_common::capture::mode::FD_INODE_OUT`).
//! - `task_struct.real_parent`, `.comm`: `--filter`'s `ppid` and `parent.comm`.

use tracer_common::filter::layout;

/// Path of the running kernel's BTF.
pub const VMLINUX: &str = "/sys/kernel/btf/vmlinux";

/// The bytes of a BTF file: mapped (the kernel maps `VMLINUX` read-only and private since 6.16),
/// else read. A read of a sysfs file copies a page per system call, some 1,300 of them here.
pub enum Blob {
    Mapped { at: std::ptr::NonNull<u8>, len: usize },
    Read(Vec<u8>),
}

impl Blob {
    /// The file at `path`, mapped if it can be.
    pub fn open(path: &str) -> std::io::Result<Blob> {
        use std::os::fd::AsRawFd;
        let file = std::fs::File::open(path)?;
        let len = usize::try_from(file.metadata()?.len()).unwrap_or(0);
        if len > 0 {
            // SAFETY: a new private read-only mapping of a file we hold open; checked below.
            let at = unsafe {
                libc::mmap(std::ptr::null_mut(), len, libc::PROT_READ, libc::MAP_PRIVATE, file.as_raw_fd(), 0)
            };
            if let Some(at) = std::ptr::NonNull::new(at.cast::<u8>()).filter(|_| at != libc::MAP_FAILED) {
                return Ok(Blob::Mapped { at, len });
            }
        }
        std::fs::read(path).map(Blob::Read)
    }

    pub fn bytes(&self) -> &[u8] {
        match self {
            // SAFETY: `len` bytes mapped readable until the drop; the kernel's BTF never changes.
            Blob::Mapped { at, len } => unsafe { std::slice::from_raw_parts(at.as_ptr(), *len) },
            Blob::Read(bytes) => bytes,
        }
    }
}

impl Drop for Blob {
    fn drop(&mut self) {
        if let Blob::Mapped { at, len } = self {
            // SAFETY: the mapping made in `open`, no longer borrowed.
            unsafe { libc::munmap(at.as_ptr().cast(), *len) };
        }
    }
}

const MAGIC: u16 = 0xeb9f;

mod kind {
    pub const INT: u32 = 1;
    pub const ARRAY: u32 = 3;
    pub const STRUCT: u32 = 4;
    pub const UNION: u32 = 5;
    pub const ENUM: u32 = 6;
    pub const TYPEDEF: u32 = 8;
    pub const VOLATILE: u32 = 9;
    pub const CONST: u32 = 10;
    pub const RESTRICT: u32 = 11;
    pub const FUNC_PROTO: u32 = 13;
    pub const VAR: u32 = 14;
    pub const DATASEC: u32 = 15;
    pub const DECL_TAG: u32 = 17;
    pub const TYPE_TAG: u32 = 18;
    pub const ENUM64: u32 = 19;
}

/// One type record, as much as is needed.
#[derive(Clone, Copy, Debug)]
struct Type {
    name_off: u32,
    kind: u32,
    kind_flag: bool,
    vlen: usize,
    /// `size` or `type`, depending on the kind.
    size_or_type: u32,
    /// Offset of the kind-specific data (struct members) in the type section.
    extra: usize,
}

struct Btf<'a> {
    /// Where each type's record starts in `type_data`, by type id (id 0, void, has none).
    starts: Vec<u32>,
    type_data: &'a [u8],
    strings: &'a [u8],
    /// The ids of the sized structs named in `wanted` (by the parse), in its order (0: none).
    named: Vec<u32>,
    wanted: &'a [&'a [u8]],
}

fn u32_at(bytes: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(bytes.get(at..at.checked_add(4)?)?.try_into().ok()?))
}

/// The type record at `at` of `type_data`.
fn type_at(type_data: &[u8], at: usize) -> Option<Type> {
    let info = u32_at(type_data, at + 4)?;
    Some(Type {
        name_off: u32_at(type_data, at)?,
        kind: (info >> 24) & 0x1f,
        kind_flag: info >> 31 == 1,
        vlen: (info & 0xffff) as usize,
        size_or_type: u32_at(type_data, at + 8)?,
        extra: at + 12,
    })
}

/// The void type (id 0).
const VOID: Type = Type { name_off: 0, kind: 0, kind_flag: false, vlen: 0, size_or_type: 0, extra: 0 };

impl<'a> Btf<'a> {
    /// Index `blob`'s types (where each starts, nothing decoded) and find the structs named in
    /// `wanted` on the way: one pass over the type section, which is all that a lookup needs.
    fn parse(blob: &'a [u8], wanted: &'a [&'a [u8]]) -> Option<Btf<'a>> {
        if u16::from_le_bytes(blob.get(0..2)?.try_into().ok()?) != MAGIC {
            return None;
        }
        let hdr_len = u32_at(blob, 4)? as usize;
        let section = |off_at: usize| -> Option<&'a [u8]> {
            let start = hdr_len.checked_add(u32_at(blob, off_at)? as usize)?;
            let len = u32_at(blob, off_at + 4)? as usize;
            blob.get(start..start.checked_add(len)?)
        };
        let type_data = section(8)?;
        let strings = section(16)?;
        let mut btf = Btf { starts: vec![0], type_data, strings, named: vec![0; wanted.len()], wanted };
        let mut at = 0;
        while at < type_data.len() {
            let t = type_at(type_data, at)?;
            let extra_len = match t.kind {
                kind::INT | kind::VAR | kind::DECL_TAG => 4,
                kind::ARRAY => 12,
                kind::STRUCT | kind::UNION | kind::DATASEC | kind::ENUM64 => 12 * t.vlen,
                kind::ENUM | kind::FUNC_PROTO => 8 * t.vlen,
                _ => 0,
            };
            let id = u32::try_from(btf.starts.len()).ok()?;
            if t.kind == kind::STRUCT && t.size_or_type > 0 && t.name_off != 0 {
                btf.note_named(&t, id);
            }
            btf.starts.push(u32::try_from(at).ok()?);
            at = t.extra + extra_len;
        }
        Some(btf)
    }

    /// Remember struct `t` (type `id`) if it is the first of a name in `wanted`.
    fn note_named(&mut self, t: &Type, id: u32) {
        let Some(name) = self.name(t.name_off) else { return };
        if let Some(slot) = self.wanted.iter().position(|&w| w == name).and_then(|i| self.named.get_mut(i)) {
            if *slot == 0 {
                *slot = id;
            }
        }
    }

    /// Type `id`'s record.
    fn type_of(&self, id: u32) -> Option<Type> {
        if id == 0 {
            return Some(VOID);
        }
        type_at(self.type_data, *self.starts.get(id as usize)? as usize)
    }

    fn name(&self, off: u32) -> Option<&'a [u8]> {
        let rest = self.strings.get(off as usize..)?;
        Some(&rest[..rest.iter().position(|&b| b == 0)?])
    }

    /// Follow typedefs and qualifiers to the type they name.
    fn resolve(&self, mut id: u32) -> Option<Type> {
        for _ in 0..32 {
            let t = self.type_of(id)?;
            match t.kind {
                kind::TYPEDEF | kind::VOLATILE | kind::CONST | kind::RESTRICT | kind::TYPE_TAG => {
                    id = t.size_or_type;
                }
                _ => return Some(t),
            }
        }
        None
    }

    /// Bit offset and type of member `name` of struct/union `t`, looking into anonymous members.
    fn member(&self, t: &Type, name: &[u8], depth: usize) -> Option<(u32, u32)> {
        if !matches!(t.kind, kind::STRUCT | kind::UNION) || depth > 8 {
            return None;
        }
        for i in 0..t.vlen {
            let at = t.extra + 12 * i;
            let name_off = u32_at(self.type_data, at)?;
            let type_id = u32_at(self.type_data, at + 4)?;
            let raw = u32_at(self.type_data, at + 8)?;
            let bits = if t.kind_flag { raw & 0x00ff_ffff } else { raw };
            let member_name = self.name(name_off)?;
            if member_name == name {
                return Some((bits, type_id));
            }
            if member_name.is_empty() {
                if let Some((inner, id)) = self.member(&self.resolve(type_id)?, name, depth + 1) {
                    return Some((bits + inner, id));
                }
            }
        }
        None
    }

    /// The sized struct `name`, which must be one of `wanted`.
    fn struct_named(&self, name: &[u8]) -> Option<Type> {
        let index = self.wanted.iter().position(|&w| w == name)?;
        match *self.named.get(index)? {
            0 => None,
            id => self.type_of(id),
        }
    }
}

/// Byte offset of `task_struct.pending.signal` in the kernel described by `blob`.
#[cfg(test)]
fn task_pending_signal_offset(blob: &[u8]) -> Option<u32> {
    Btf::parse(blob, &[b"task_struct"])?.offset(b"task_struct", &[b"pending", b"signal"])
}

impl Btf<'_> {
    /// Byte offset of the member reached by `path` (nested members) from struct `name`.
    fn offset(&self, name: &[u8], path: &[&[u8]]) -> Option<u32> {
        let mut t = self.struct_named(name)?;
        let mut bits = 0u32;
        for (i, member) in path.iter().enumerate() {
            let (at, type_id) = self.member(&t, member, 0)?;
            bits = bits.checked_add(at)?;
            if i + 1 < path.len() {
                t = self.resolve(type_id)?;
            }
        }
        bits.is_multiple_of(8).then_some(bits / 8)
    }
}

/// A layout entry: its index, the struct, the member path.
type Wanted = (u32, &'static [u8], &'static [&'static [u8]]);

/// Every offset of `tracer_common::filter::layout`, by index (0 where the kernel lacks it).
pub fn task_layout(blob: &[u8]) -> Option<[u32; layout::ENTRIES as usize]> {
    // The structs `wanted` starts from.
    let structs: [&[u8]; 9] = [
        b"task_struct",
        b"signal_struct",
        b"pid",
        b"upid",
        b"pid_namespace",
        b"files_struct",
        b"fdtable",
        b"file",
        b"inode",
    ];
    let btf = Btf::parse(blob, &structs)?;
    let mut offsets = [0; layout::ENTRIES as usize];
    let wanted: [Wanted; 20] = [
        (layout::TASK_PENDING_SIGNAL, b"task_struct", &[b"pending", b"signal"]),
        (layout::TASK_PID, b"task_struct", &[b"pid"]),
        (layout::TASK_TGID, b"task_struct", &[b"tgid"]),
        (layout::TASK_EXIT_CODE, b"task_struct", &[b"exit_code"]),
        (layout::TASK_SIGNAL, b"task_struct", &[b"signal"]),
        (layout::SIGNAL_FLAGS, b"signal_struct", &[b"flags"]),
        (layout::SIGNAL_GROUP_EXIT_CODE, b"signal_struct", &[b"group_exit_code"]),
        (layout::TASK_THREAD_PID, b"task_struct", &[b"thread_pid"]),
        (layout::PID_LEVEL, b"pid", &[b"level"]),
        (layout::PID_NUMBERS, b"pid", &[b"numbers"]),
        (layout::UPID_NS, b"upid", &[b"ns"]),
        (layout::PIDNS_INUM, b"pid_namespace", &[b"ns", b"inum"]),
        (layout::TASK_FILES, b"task_struct", &[b"files"]),
        (layout::FILES_FDT, b"files_struct", &[b"fdt"]),
        (layout::FDTABLE_FD, b"fdtable", &[b"fd"]),
        (layout::FILE_INODE, b"file", &[b"f_inode"]),
        (layout::INODE_INO, b"inode", &[b"i_ino"]),
        (layout::TASK_TI_STATUS, b"task_struct", &[b"thread_info", b"status"]),
        (layout::TASK_REAL_PARENT, b"task_struct", &[b"real_parent"]),
        (layout::TASK_COMM, b"task_struct", &[b"comm"]),
    ];
    for (index, name, path) in wanted {
        if let Some(slot) = offsets.get_mut(index as usize) {
            *slot = btf.offset(name, path).unwrap_or(0);
        }
    }
    if let Some(slot) = offsets.get_mut(layout::UPID_SIZE as usize) {
        *slot = btf.struct_named(b"upid").map_or(0, |t| t.size_or_type);
    }
    Some(offsets)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A tiny BTF blob: `struct sigpending { long list; sigset_t signal; }` at offset 40 of a
    /// `task_struct` whose members sit partly in an anonymous struct.
    fn blob() -> Vec<u8> {
        let mut strings =
            b"\0task_struct\0pending\0sigpending\0signal\0list\0long\0sigset_t\0state\0".to_vec();
        let off = |s: &[u8], strings: &[u8]| -> u32 {
            let mut needle = s.to_vec();
            needle.push(0);
            strings.windows(needle.len()).position(|w| w == needle.as_slice()).expect("string") as u32
        };
        let mut types = Vec::new();
        let mut push = |words: &[u32]| words.iter().for_each(|w| types.extend_from_slice(&w.to_le_bytes()));
        let info = |kind: u32, vlen: u32| (kind << 24) | vlen;
        // 1: long (INT, 8 bytes)
        push(&[off(b"long", &strings), info(kind::INT, 0), 8, 64]);
        // 2: sigset_t (TYPEDEF to 3)
        push(&[off(b"sigset_t", &strings), info(kind::TYPEDEF, 0), 3]);
        // 3: anonymous struct { long sig; }
        push(&[0, info(kind::STRUCT, 1), 8, off(b"state", &strings), 1, 0]);
        // 4: struct sigpending { long list; sigset_t signal; }
        push(&[off(b"sigpending", &strings), info(kind::STRUCT, 2), 16]);
        push(&[off(b"list", &strings), 1, 0, off(b"signal", &strings), 2, 64]);
        // 5: anonymous struct { struct sigpending pending; } placed at bit 256 of task_struct
        push(&[0, info(kind::STRUCT, 1), 16, off(b"pending", &strings), 4, 64]);
        // 6: struct task_struct { long state; <anon 5> at bit 256; }
        push(&[off(b"task_struct", &strings), info(kind::STRUCT, 2), 64]);
        push(&[off(b"state", &strings), 1, 0, 0, 5, 256]);
        let mut blob = Vec::new();
        blob.extend_from_slice(&MAGIC.to_le_bytes());
        blob.extend_from_slice(&[1, 0]);
        for word in [24u32, 0, types.len() as u32, types.len() as u32, strings.len() as u32] {
            blob.extend_from_slice(&word.to_le_bytes());
        }
        blob.extend_from_slice(&types);
        blob.append(&mut strings);
        blob
    }

    #[test]
    fn the_offset_goes_through_anonymous_members_and_typedefs() {
        // 256 bits (anon) + 64 (pending in anon) + 64 (signal in sigpending) = 384 bits = 48 bytes.
        assert_eq!(task_pending_signal_offset(&blob()), Some(48));
    }

    #[test]
    fn the_layout_has_what_the_blob_has() {
        let offsets = task_layout(&blob()).expect("parses");
        assert_eq!(offsets[layout::TASK_PENDING_SIGNAL as usize], 48);
        // `state` is at bit 0: an offset of 0 means unknown, and so it reads.
        assert_eq!(offsets[layout::TASK_PID as usize], 0);
        assert_eq!(offsets[layout::SIGNAL_FLAGS as usize], 0);
    }

    #[test]
    fn this_kernel_has_every_field() {
        if let Ok(blob) = std::fs::read(VMLINUX) {
            let offsets = task_layout(&blob).expect("parses");
            for (index, offset) in offsets.iter().enumerate().take(13) {
                assert!(*offset > 0, "layout entry {index} not found");
            }
            for index in
                (layout::TASK_FILES..=layout::INODE_INO).chain([layout::TASK_REAL_PARENT, layout::TASK_COMM])
            {
                assert!(offsets[index as usize] > 0, "layout entry {index} not found");
            }
        }
    }

    #[test]
    fn a_blob_has_the_files_bytes_mapped_or_read() {
        let path = std::env::temp_dir().join(format!("tracer-btf-blob-{}", std::process::id()));
        std::fs::write(&path, blob()).expect("writes");
        let opened = Blob::open(path.to_str().expect("UTF-8")).expect("opens");
        assert!(matches!(opened, Blob::Mapped { .. }), "a regular file maps");
        assert_eq!(opened.bytes(), blob().as_slice());
        drop(opened);
        std::fs::remove_file(&path).expect("removes");
        if let Ok(read) = std::fs::read(VMLINUX) {
            let mapped = Blob::open(VMLINUX).expect("opens");
            assert_eq!(mapped.bytes(), read.as_slice());
            assert_eq!(task_layout(mapped.bytes()), task_layout(&read));
        }
    }

    #[test]
    fn garbage_is_not_a_btf() {
        assert_eq!(task_pending_signal_offset(b"nope"), None);
        let mut cut = blob();
        cut.truncate(40);
        assert_eq!(task_pending_signal_offset(&cut), None);
    }

    #[test]
    fn this_kernel_has_the_field() {
        // Where BTF is present (the eBPF backend requires it), the lookup must succeed.
        if let Ok(blob) = std::fs::read(VMLINUX) {
            let offset = task_pending_signal_offset(&blob).expect("task_struct.pending.signal");
            assert!(offset > 0 && offset.is_multiple_of(8));
        }
    }
}
