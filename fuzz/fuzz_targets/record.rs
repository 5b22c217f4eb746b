//! The ring reader's view: arbitrary bytes decoded record after record, as the eBPF backend does.
//! Never a panic; every record that decodes encodes back to the bytes it came from (up to the
//! padding decode skips) and decodes to the same event again.

#![no_main]

use libfuzzer_sys::fuzz_target;
use tracer_common::event::{decode_all, Event};

fuzz_target!(|data: &[u8]| {
    let mut rest = data;
    while !rest.is_empty() {
        match Event::decode(rest) {
            Ok((event, used)) => {
                assert!(used > 0 && used <= rest.len(), "used {used} of {}", rest.len());
                let mut again = Vec::new();
                event.encode(&mut again);
                let (back, len) = Event::decode(&again).expect("an encoded event decodes");
                assert_eq!(back, event);
                assert_eq!(len, again.len());
                rest = &rest[used..];
            }
            Err(_) => break,
        }
    }
    let _ = decode_all(data);
});
