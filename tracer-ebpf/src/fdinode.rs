//! FD_INODE_OUT: the inode number of the file a returned descriptor refers to, read through the
//! current task's descriptor table (`task->files->fdt->fd[fd]->f_inode->i_ino`) with the offsets
//! userspace found in the kernel's BTF.

use core::ffi::c_void;

use aya_ebpf::helpers::{bpf_probe_read_kernel, generated};
use tracer_common::filter::layout;

use crate::capture::{data, finish, start};
use crate::record::{self, scratch};

/// The kernel pointer at `base + offset`, when the offset is known and the read succeeds.
#[inline(always)]
fn pointer_at(base: u64, index: u32) -> Option<u64> {
    let offset = record::layout(index);
    if base == 0 || offset == 0 {
        return None;
    }
    // SAFETY: the read is checked by the helper.
    unsafe { bpf_probe_read_kernel((base.wrapping_add(offset)) as *const u64) }.ok().filter(|&p| p != 0)
}

/// Append argument `arg`'s capture of the inode number of descriptor `fd` of the current task (8
/// bytes); nothing when a structure cannot be read. Returns 0.
///
/// A BPF global function (see `capture::tracer_at_entry`): its locals stay out of its callers'
/// frames.
#[unsafe(no_mangle)]
#[inline(never)]
pub extern "C" fn tracer_fd_inode(arg: u64, fd: u64) -> u64 {
    let Some(s) = scratch() else { return 0 };
    if arg >= 6 || fd >= 1 << 20 {
        return 0;
    }
    // SAFETY: the current task pointer, only read through the helper.
    let task = unsafe { generated::bpf_get_current_task() };
    let Some(files) = pointer_at(task, layout::TASK_FILES) else { return 0 };
    let Some(fdt) = pointer_at(files, layout::FILES_FDT) else { return 0 };
    let Some(array) = pointer_at(fdt, layout::FDTABLE_FD) else { return 0 };
    // SAFETY: checked by the helper.
    let file = match unsafe { bpf_probe_read_kernel(array.wrapping_add(fd * 8) as *const u64) } {
        Ok(file) if file != 0 => file,
        _ => return 0,
    };
    let Some(inode) = pointer_at(file, layout::FILE_INODE) else { return 0 };
    let ino_offset = record::layout(layout::INODE_INO);
    if ino_offset == 0 {
        return 0;
    }
    // SAFETY: `s` is the scratch value; 8 bytes are written at a capture start within bounds; the
    // read is checked by the helper.
    unsafe {
        let Some(off) = start(s) else { return 0 };
        let src = inode.wrapping_add(ino_offset) as *const c_void;
        if generated::bpf_probe_read_kernel(data(s, off).cast(), 8, src) == 0 {
            finish(s, off, arg as usize, 0, 8);
        }
    }
    0
}
