//! The program commands' attributes: BPF_PROG_LOAD.

use super::Attr;
use crate::decode::tables::{BPF_ATTACH_TYPES, BPF_PROG_FLAGS, BPF_PROG_TYPES};
use crate::decode::xlat::{composite, flags, xval};
use crate::decode::Printer;

/// BPF_PROG_LOAD. The instructions, license and log buffer are behind pointers the capture does
/// not follow: their addresses are printed (strace's own output when it cannot read them).
pub(super) fn load(p: &mut dyn Printer, a: &Attr) {
    p.field("prog_type");
    xval(p, BPF_PROG_TYPES, u64::from(a.f.u32(0)), "BPF_PROG_TYPE_???");
    a.u32(p, "insn_cnt", 4);
    a.addr(p, "insns", 8);
    a.addr(p, "license", 16);
    if !a.has(24) {
        return;
    }
    a.u32(p, "log_level", 24);
    a.u32(p, "log_size", 28);
    a.addr(p, "log_buf", 32);
    if !a.has(40) {
        return;
    }
    p.field("kern_version");
    kernel_version(p, a.f.u32(40));
    if !a.has(44) {
        return;
    }
    p.field("prog_flags");
    flags(p, BPF_PROG_FLAGS, u64::from(a.f.u32(44)), "BPF_F_???");
    if !a.has(48) {
        return;
    }
    a.cstring(p, "prog_name", 48, 16);
    if !a.has(64) {
        return;
    }
    p.field("prog_ifindex");
    crate::decode::netlink::ifindex(p, a.f.u32(64));
    if !a.has(68) {
        return;
    }
    p.field("expected_attach_type");
    xval(p, BPF_ATTACH_TYPES, u64::from(a.f.u32(68)), "BPF_???");
    if !a.has(72) {
        return;
    }
    a.fd(p, "prog_btf_fd", 72);
    a.u32(p, "func_info_rec_size", 76);
    a.addr(p, "func_info", 80);
    a.u32(p, "func_info_cnt", 88);
    a.u32(p, "line_info_rec_size", 92);
    a.addr(p, "line_info", 96);
    a.u32(p, "line_info_cnt", 104);
    if !a.has(108) {
        return;
    }
    a.u32(p, "attach_btf_id", 108);
    if !a.has(112) {
        return;
    }
    a.fd(p, "attach_prog_fd", 112);
    if !a.has(120) {
        return;
    }
    a.addr(p, "fd_array", 120);
}

/// A kernel version (strace's `print_kernel_version`): `KERNEL_VERSION(4, 19, 0)`, the number in
/// hex with `-X raw`, both with `-X verbose`.
pub(super) fn kernel_version(p: &mut dyn Printer, version: u32) {
    composite(p, u64::from(version), |p| {
        p.raw(&format!("KERNEL_VERSION({}, {}, {})", version >> 16, (version >> 8) & 0xff, version & 0xff));
    });
}
