//! Renderers: turn paired records into output bytes.

pub mod strace;
pub mod timestamps;
