//! Every decoder family at once: the first two bytes pick the syscall number (any of the table's, or
//! one it does not know), the rest become arguments, captures (any flags, parts, lengths) and the
//! result, rendered in every `-X` style.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tracer_fuzz::{render, Bytes};

fuzz_target!(|data: &[u8]| {
    let mut b = Bytes(data);
    let nr = u64::from(b.u16() % 512);
    render(tracer_common::syscall::info(nr), nr, &mut b);
});
