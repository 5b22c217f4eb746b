//! Renderers: turn paired records into output bytes.

pub mod color;
pub mod json;
pub mod perfetto;
pub mod strace;
pub mod timestamps;
