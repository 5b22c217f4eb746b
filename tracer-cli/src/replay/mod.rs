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
    while let Some((at, frame)) = reader.next_frame()? {
        match frame {
            Frame::Record(bytes) => record(at, &bytes, sink)?,
            Frame::Fact(fact) => crate::facts::provide(fact),
            Frame::Detached(tid) => sink.detached(tid).map_err(FeedError::Output)?,
            Frame::End(end) => return Ok(end),
        }
    }
    Err(FeedError::Unfinished(reader.offset()))
}

/// One record frame (it started at byte `at`) to the sink.
fn record(at: u64, bytes: &[u8], sink: &mut dyn EventSink) -> Result<(), FeedError> {
    let damaged = |err: event::DecodeError| Damage { offset: at, what: format!("a bad record: {err}") };
    let whole = |used: usize| match used == bytes.len() {
        true => Ok(()),
        false => Err(Damage { offset: at, what: "a record shorter than its frame".into() }),
    };
    if event::record_kind(bytes) == Some(kind::SYS_CALL) {
        let (call, used) = Call::decode(bytes).map_err(damaged)?;
        whole(used)?;
        sink.call(call).map_err(FeedError::Output)?;
    } else {
        let (event, used) = Event::decode(bytes).map_err(damaged)?;
        whole(used)?;
        sink.event(event).map_err(FeedError::Output)?;
    }
    Ok(())
}
