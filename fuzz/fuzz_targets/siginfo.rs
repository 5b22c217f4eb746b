//! The signal family outside calls: a `--- SIGX {siginfo} ---` line from an arbitrary siginfo (as
//! a Signal record carries it), signal numbers and sigset masks, in every `-X` style.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tracer::decode::text::TextPrinter;
use tracer::decode::{pids, siginfo, signals, XlatStyle};

fuzz_target!(|data: &[u8]| {
    let word = data.get(..8).and_then(|b| <[u8; 8]>::try_from(b).ok()).map_or(0, u64::from_le_bytes);
    for style in [XlatStyle::Abbrev, XlatStyle::Raw, XlatStyle::Verbose] {
        let mut printer = TextPrinter::values(style);
        let printed = siginfo::print(&mut printer, data, pids::Pids::new(None, 0));
        assert_eq!(printed, !printer.text().is_empty(), "{:?}", printer.text());
        signals::signal(&mut printer, word);
        signals::signal(&mut printer, word & 0xff);
        signals::sigset(&mut printer, word);
    }
});
