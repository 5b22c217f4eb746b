//! `--replay FILE`: records in from a capture file instead of a backend (the same stream, no
//! tracee). The facts the recording rendering read of the live system are handed back to
//! [`crate::facts`] as they come, before the records whose rendering asked them.

pub mod reader;

use std::io::{self, Read};

use tracer_common::event::{self, Call, Event};
use tracer_common::record::kind;

pub use reader::{Damage, Frame, OpenError, Reader};

use crate::backend::EventSink;
use crate::capture::End;

/// Why a replay stopped before the capture's end frame.
#[derive(Debug, thiserror::Error)]
pub enum FeedError {
    #[error(transparent)]
    Damaged(#[from] Damage),
    #[error(
        "capture ends at byte {0} without its end frame (the recording tracer was stopped before it ended)"
    )]
    Unfinished(u64),
    #[error("writing the trace")]
    Output(#[source] io::Error),
}

/// Hand every record of the capture to `sink`, in order, until the end frame; how the traced
/// command ended.
pub fn feed<R: Read>(reader: &mut Reader<R>, sink: &mut dyn EventSink) -> Result<End, FeedError> {
    // Every call record is decoded into this one (its capture buffers reused), as the ring
    // reader does.
    let mut call = Call::default();
    while let Some((at, frame)) = reader.next_frame()? {
        match frame {
            Frame::Record(bytes) => record(at, &bytes, &mut call, sink)?,
            Frame::Fact(fact) => crate::facts::provide(fact),
            Frame::Detached(tid) => sink.detached(tid).map_err(FeedError::Output)?,
            Frame::Notice(notice) => sink.notice(notice).map_err(FeedError::Output)?,
            Frame::End(end) => return Ok(end),
        }
    }
    Err(FeedError::Unfinished(reader.offset()))
}

/// One record frame (it started at byte `at`) to the sink; a call record decoded into `call`.
fn record(at: u64, bytes: &[u8], call: &mut Call, sink: &mut dyn EventSink) -> Result<(), FeedError> {
    let damaged = |err: event::DecodeError| Damage { offset: at, what: format!("a bad record: {err}") };
    let whole = |used: usize| match used == bytes.len() {
        true => Ok(()),
        false => Err(Damage { offset: at, what: "a record shorter than its frame".into() }),
    };
    if event::record_kind(bytes) == Some(kind::SYS_CALL) {
        let used = call.decode_from(bytes).map_err(damaged)?;
        whole(used)?;
        sink.call(call).map_err(FeedError::Output)?;
    } else {
        let (event, used) = Event::decode(bytes).map_err(damaged)?;
        whole(used)?;
        sink.event(event).map_err(FeedError::Output)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use tracer_common::event::Meta;

    use super::*;
    use crate::backend::TraceeExit;
    use crate::capture::{CaptureWriter, End, Header};

    /// Keeps what it is given.
    #[derive(Default)]
    struct Kept(Vec<Event>);

    impl EventSink for Kept {
        fn event(&mut self, event: Event) -> io::Result<()> {
            self.0.push(event);
            Ok(())
        }
    }

    fn events() -> Vec<Event> {
        (0..20u32)
            .map(|i| Event::Exit { meta: Meta { pid: i, tid: i, ts_ns: u64::from(i) }, wait_status: 0 })
            .collect()
    }

    /// A capture of [`events`] and its end, as bytes.
    fn capture(tag: &str) -> Vec<u8> {
        let path = std::env::temp_dir().join(format!("tracer-replay-unit-{tag}-{}", std::process::id()));
        let file = Box::new(std::fs::File::create(&path).expect("creates"));
        let mut writer = CaptureWriter::new(file, &Header { backend: "ptrace".into(), ..Header::default() })
            .expect("writes the header");
        for event in events() {
            let mut bytes = Vec::new();
            event.encode(&mut bytes);
            writer.record(&bytes).expect("writes");
        }
        writer.finish(End(TraceeExit::Exited(3))).expect("ends");
        let bytes = std::fs::read(&path).expect("reads");
        let _ = std::fs::remove_file(&path);
        bytes
    }

    #[test]
    fn a_capture_replays_its_records_and_its_end() {
        let bytes = capture("whole");
        let mut reader = Reader::open(bytes.as_slice()).expect("opens");
        assert_eq!(reader.header.backend, "ptrace");
        let mut kept = Kept::default();
        assert_eq!(feed(&mut reader, &mut kept).expect("whole"), End(TraceeExit::Exited(3)));
        assert_eq!(kept.0, events());
    }

    #[test]
    fn every_cut_and_every_flipped_byte_is_found_or_harmless() {
        let bytes = capture("damaged");
        for cut in 0..bytes.len() {
            let mut kept = Kept::default();
            match Reader::open(&bytes[..cut]) {
                Err(OpenError::NotCapture | OpenError::Header) => {}
                Err(other) => panic!("cut at {cut}: {other}"),
                Ok(mut reader) => {
                    let err = feed(&mut reader, &mut kept).expect_err("a cut capture is incomplete");
                    assert!(matches!(err, FeedError::Damaged(_) | FeedError::Unfinished(_)), "{err}");
                    assert_eq!(kept.0[..], events()[..kept.0.len()], "only what came before the cut");
                }
            }
        }
        for at in 16..bytes.len() {
            let mut flipped = bytes.clone();
            flipped[at] ^= 0x41;
            let mut kept = Kept::default();
            if let Ok(mut reader) = Reader::open(flipped.as_slice()) {
                if feed(&mut reader, &mut kept).is_ok() {
                    panic!("a flipped byte at {at} went unseen");
                }
            }
            assert_eq!(kept.0[..], events()[..kept.0.len()], "flipped at {at}: nothing made up");
        }
    }
}
