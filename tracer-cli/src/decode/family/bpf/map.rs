//! The map commands' attributes: BPF_MAP_CREATE, the element commands, BPF_MAP_FREEZE.

use super::Attr;
use crate::decode::tables::{
    BPF_MAP_FLAGS, BPF_MAP_LOOKUP_ELEM_FLAGS, BPF_MAP_TYPES, BPF_MAP_UPDATE_ELEM_FLAGS,
};
use crate::decode::xlat::{flags, xval};
use crate::decode::{Printer, XlatStyle};

/// BPF_F_NUMA_NODE: map_flags say numa_node is set.
const BPF_F_NUMA_NODE: u32 = 4;

/// BPF_MAP_CREATE.
pub(super) fn create(p: &mut dyn Printer, a: &Attr) {
    p.field("map_type");
    xval(p, BPF_MAP_TYPES, u64::from(a.f.u32(0)), "BPF_MAP_TYPE_???");
    a.u32(p, "key_size", 4);
    a.u32(p, "value_size", 8);
    a.u32(p, "max_entries", 12);
    if !a.has(16) {
        return;
    }
    let map_flags = a.f.u32(16);
    p.field("map_flags");
    flags(p, BPF_MAP_FLAGS, u64::from(map_flags), "BPF_F_???");
    if !a.has(20) {
        return;
    }
    a.fd(p, "inner_map_fd", 20);
    if !a.has(24) {
        return;
    }
    if map_flags & BPF_F_NUMA_NODE != 0 {
        // With its name when it has one (NUMA_NO_NODE) as a comment, abbreviated or not.
        let node = a.f.u32(24);
        p.field("numa_node");
        p.uint(u64::from(node));
        if node == u32::MAX && p.style() != XlatStyle::Raw {
            p.comment("NUMA_NO_NODE");
        }
    }
    if !a.has(28) {
        return;
    }
    a.cstring(p, "map_name", 28, 16);
    if !a.has(44) {
        return;
    }
    p.field("map_ifindex");
    crate::decode::netlink::ifindex(p, a.f.u32(44));
    if !a.has(48) {
        return;
    }
    a.fd(p, "btf_fd", 48);
    a.u32(p, "btf_key_type_id", 52);
    a.u32(p, "btf_value_type_id", 56);
    if !a.has(60) {
        return;
    }
    a.u32(p, "btf_vmlinux_value_type_id", 60);
    if !a.has(64) {
        return;
    }
    a.u64(p, "map_extra", 64);
}

/// BPF_MAP_LOOKUP_ELEM and BPF_MAP_LOOKUP_AND_DELETE_ELEM.
pub(super) fn lookup_elem(p: &mut dyn Printer, a: &Attr) {
    a.fd(p, "map_fd", 0);
    a.addr(p, "key", 8);
    a.addr(p, "value", 16);
    if !a.has(24) {
        return;
    }
    p.field("flags");
    flags(p, BPF_MAP_LOOKUP_ELEM_FLAGS, a.f.u64(24), "BPF_???");
}

/// BPF_MAP_UPDATE_ELEM.
pub(super) fn update_elem(p: &mut dyn Printer, a: &Attr) {
    a.fd(p, "map_fd", 0);
    a.addr(p, "key", 8);
    a.addr(p, "value", 16);
    p.field("flags");
    xval(p, BPF_MAP_UPDATE_ELEM_FLAGS, a.f.u64(24), "BPF_???");
}

/// BPF_MAP_DELETE_ELEM.
pub(super) fn delete_elem(p: &mut dyn Printer, a: &Attr) {
    a.fd(p, "map_fd", 0);
    a.addr(p, "key", 8);
}

/// BPF_MAP_GET_NEXT_KEY.
pub(super) fn get_next_key(p: &mut dyn Printer, a: &Attr) {
    a.fd(p, "map_fd", 0);
    a.addr(p, "key", 8);
    a.addr(p, "next_key", 16);
}

/// BPF_MAP_FREEZE.
pub(super) fn freeze(p: &mut dyn Printer, a: &Attr) {
    a.fd(p, "map_fd", 0);
}
