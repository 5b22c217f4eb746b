//! Output formats: strace's text, JSON lines, the Perfetto timeline.

pub mod color;
pub mod json;
pub mod perfetto;
pub mod text;
pub mod timestamps;
