//! The signal family outside calls: a `--- SIGX {siginfo} ---` line from an arbitrary siginfo (as
//! a Signal record carries it), signal numbers and sigset masks, in every `-X` style.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tracer_fuzz::decode::{siginfo, signals, xlat, XlatStyle};

fuzz_target!(|data: &[u8]| {
    for style in [XlatStyle::Abbrev, XlatStyle::Raw, XlatStyle::Verbose] {
        xlat::with_style(style, || {
            let mut out = String::new();
            siginfo::print(&mut out, data);
            let word = data.get(..8).map_or(0, |b| u64::from_le_bytes(b.try_into().unwrap_or_default()));
            signals::signal(&mut out, word);
            signals::signal(&mut out, word & 0xff);
            signals::sigset(&mut out, word);
        });
    }
});
