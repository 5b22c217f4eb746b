//! Reading a capture: the header checked, then frame by frame, every length bounded before
//! anything is allocated for it, and any damage reported with the byte where it starts.

use std::io::{self, Read};

use crate::capture::format::{
    decode_notice, frame, End, Header, FRAME_HEAD, MAGIC, MAX_FRAME, MAX_HEADER, OLDEST_READ, VERSION,
};
use crate::facts::Fact;
use crate::messages::Notice;

/// What the capture's beginning says is wrong with it.
#[derive(Debug, thiserror::Error)]
pub enum OpenError {
    #[error("not a tracer capture")]
    NotCapture,
    #[error("capture format version {0} is newer than this tracer reads ({VERSION}): replay it with a newer tracer")]
    Newer(u32),
    #[error(
        "capture format version {0} is older than the oldest this tracer reads ({OLDEST_READ}): it was written by a development build whose records were laid out otherwise; record it again"
    )]
    Older(u32),
    #[error("capture damaged at byte {}: its header is cut short or corrupt", MAGIC.len())]
    Header,
    #[error("reading the capture: {0}")]
    Io(#[source] io::Error),
}

/// Where and how a capture is damaged: everything before `offset` was read.
#[derive(Debug, thiserror::Error)]
#[error("capture damaged at byte {offset}: {what}")]
pub struct Damage {
    pub offset: u64,
    pub what: String,
}

/// One frame.
#[derive(Debug)]
pub enum Frame {
    Record(Vec<u8>),
    Fact(Fact),
    Detached(u32),
    Notice(Notice),
    End(End),
}

/// A capture, read from `R`.
pub struct Reader<R: Read> {
    input: R,
    /// Bytes read so far: where the next frame starts.
    offset: u64,
    pub header: Header,
    peeked: Option<(u64, Frame)>,
    ended: bool,
}

/// Read exactly `n` bytes, or what there is (fewer: the input ended); never more than arrive.
fn read_up_to<R: Read>(input: &mut R, n: usize) -> io::Result<Vec<u8>> {
    let mut buf = Vec::with_capacity(n.min(64 * 1024));
    input.by_ref().take(n as u64).read_to_end(&mut buf)?;
    Ok(buf)
}

impl<R: Read> Reader<R> {
    /// Check the magic and version, read the header.
    pub fn open(mut input: R) -> Result<Reader<R>, OpenError> {
        let start = read_up_to(&mut input, MAGIC.len() + 12).map_err(OpenError::Io)?;
        if start.len() < MAGIC.len() + 4 || &start[..MAGIC.len()] != MAGIC {
            return Err(OpenError::NotCapture);
        }
        let word = |at: usize| u32::from_le_bytes([start[at], start[at + 1], start[at + 2], start[at + 3]]);
        let version = word(MAGIC.len());
        if version > VERSION {
            return Err(OpenError::Newer(version));
        }
        if version == 0 {
            return Err(OpenError::NotCapture);
        }
        if version < OLDEST_READ {
            return Err(OpenError::Older(version));
        }
        if start.len() < MAGIC.len() + 12 {
            return Err(OpenError::Header);
        }
        let len = word(MAGIC.len() + 4) as usize;
        if len > MAX_HEADER {
            return Err(OpenError::Header);
        }
        let fields = read_up_to(&mut input, len).map_err(OpenError::Io)?;
        let whole = fields.len() == len && crc32fast::hash(&fields) == word(MAGIC.len() + 8);
        let header = match whole.then(|| Header::decode(&fields)).flatten() {
            Some(header) => header,
            None => return Err(OpenError::Header),
        };
        let offset = (start.len() + len) as u64;
        Ok(Reader { input, offset, header, peeked: None, ended: false })
    }

    /// The next frame; `None` after the end frame (or at the end of input: [`Reader::ended`]
    /// says which).
    pub fn next_frame(&mut self) -> Result<Option<(u64, Frame)>, Damage> {
        if let Some(peeked) = self.peeked.take() {
            return Ok(Some(peeked));
        }
        if self.ended {
            return Ok(None);
        }
        let at = self.offset;
        let damage = |what: String| Damage { offset: at, what };
        let head = read_up_to(&mut self.input, FRAME_HEAD).map_err(|e| damage(e.to_string()))?;
        if head.is_empty() {
            return Ok(None);
        }
        if head.len() < FRAME_HEAD {
            return Err(damage("the file ends inside a frame's head".into()));
        }
        let tag = head[0];
        let len = u32::from_le_bytes([head[1], head[2], head[3], head[4]]) as usize;
        let crc = u32::from_le_bytes([head[5], head[6], head[7], head[8]]);
        if len > MAX_FRAME {
            return Err(damage(format!("a frame of {len} bytes is longer than tracer writes")));
        }
        let payload = read_up_to(&mut self.input, len).map_err(|e| damage(e.to_string()))?;
        if payload.len() < len {
            return Err(damage(format!(
                "the file ends inside a frame ({} of its {len} bytes)",
                payload.len()
            )));
        }
        if crc32fast::hash(&payload) != crc {
            return Err(damage("a frame's checksum does not match its bytes".into()));
        }
        let frame = match tag {
            frame::RECORD => Frame::Record(payload),
            frame::FACT => Frame::Fact(Fact::decode(&payload).map_err(|e| damage(e.to_string()))?),
            frame::DETACHED => Frame::Detached(u32::from_le_bytes(
                payload
                    .as_slice()
                    .try_into()
                    .map_err(|_| damage("a detach frame of the wrong size".into()))?,
            )),
            frame::NOTICE => Frame::Notice(
                decode_notice(&payload).ok_or_else(|| damage("an unreadable notice frame".into()))?,
            ),
            frame::END => {
                self.ended = true;
                Frame::End(End::decode(&payload).ok_or_else(|| damage("an unreadable end frame".into()))?)
            }
            tag => return Err(damage(format!("unknown frame tag {tag}"))),
        };
        self.offset += (FRAME_HEAD + len) as u64;
        Ok(Some((at, frame)))
    }

    /// Hand the facts at the front (those asked before the first record) to [`crate::facts`].
    pub fn leading_facts(&mut self) -> Result<(), Damage> {
        while let Some((at, frame)) = self.next_frame()? {
            match frame {
                Frame::Fact(fact) => crate::facts::provide(fact),
                other => {
                    self.peeked = Some((at, other));
                    break;
                }
            }
        }
        Ok(())
    }

    /// Whether the end frame was read.
    pub fn ended(&self) -> bool {
        self.ended && self.peeked.is_none()
    }

    /// Bytes read so far.
    pub fn offset(&self) -> u64 {
        self.offset
    }
}
