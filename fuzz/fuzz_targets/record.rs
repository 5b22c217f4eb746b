//! The ring reader's view: arbitrary bytes decoded record after record as the eBPF backend does
//! (`SYS_CALL` records through `decode_call`, the others through `Event::decode`). Never a panic;
//! every record that decodes encodes back into bytes that decode to the same event(s).

#![no_main]

use libfuzzer_sys::fuzz_target;
use tracer_common::event::{decode_all, decode_call, encode_call, record_kind, Event};
use tracer_common::record::kind;

fuzz_target!(|data: &[u8]| {
    let mut rest = data;
    while !rest.is_empty() {
        let used = if record_kind(rest) == Some(kind::SYS_CALL) {
            let Ok((enter, exit, used)) = decode_call(rest) else { break };
            assert!(matches!(enter, Event::SysEnter { .. }) && matches!(exit, Event::SysExit { .. }));
            let mut again = Vec::new();
            encode_call(&enter, &exit, &mut again);
            let (enter2, exit2, len) = decode_call(&again).expect("an encoded call decodes");
            assert_eq!((enter2, exit2), (enter, exit));
            assert_eq!(len, again.len());
            used
        } else {
            let Ok((event, used)) = Event::decode(rest) else { break };
            let mut again = Vec::new();
            event.encode(&mut again);
            let (back, len) = Event::decode(&again).expect("an encoded event decodes");
            assert_eq!(back, event);
            assert_eq!(len, again.len());
            used
        };
        assert!(used > 0 && used <= rest.len(), "used {used} of {}", rest.len());
        rest = &rest[used..];
    }
    let _ = decode_all(data);
});
