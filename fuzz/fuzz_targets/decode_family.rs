//! One decoder family at a time: the first byte picks a strace class (%file, %network, %signal,
//! %ipc, %desc, %memory, %process, %clock, %stat, creds), the second a call of that class, so the
//! fuzzer's effort is spread over the families rather than over the table's order. A call with rules
//! in tracer's `decode::family` goes through its family's decoders (`decode::args` and
//! `decode::ret` find them by number), any other through the decoders of its argument kinds.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tracer_common::syscall::{class, SYSCALLS};
use tracer_fuzz::{render, Bytes};

const FAMILIES: [u32; 10] = [
    class::FILE,
    class::NETWORK,
    class::SIGNAL,
    class::IPC,
    class::DESC,
    class::MEMORY,
    class::PROCESS,
    class::CLOCK,
    class::STAT,
    class::CREDS,
];

fuzz_target!(|data: &[u8]| {
    let mut b = Bytes(data);
    let family = FAMILIES[usize::from(b.u8()) % FAMILIES.len()];
    let members: Vec<_> = SYSCALLS.iter().flatten().filter(|s| s.classes & family != 0).collect();
    if members.is_empty() {
        return;
    }
    let info = members[usize::from(b.u8()) % members.len()];
    render(Some(info), u64::from(info.nr), &mut b);
});
