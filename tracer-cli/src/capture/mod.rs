//! `--record FILE`: the records a backend delivers, written to a capture file with what rendering
//! them later needs (the facts about the live system it read, how the command ended), so that
//! `--replay FILE` renders them as the live run would have. The layout is in `format` and in
//! docs/capture-format.md.

pub mod format;
pub mod recorder;
pub mod writer;

pub use format::{End, Header};
pub use recorder::Recorder;
pub use writer::CaptureWriter;

/// `uname -r`: the kernel the capture was taken on.
pub fn kernel_release() -> String {
    nix::sys::utsname::uname().map(|u| u.release().to_string_lossy().into_owned()).unwrap_or_default()
}
