//! The eBPF backend. (Being written.)

use crate::backend::{EventSink, TraceeExit};
use crate::cli::Config;
use crate::launch::Command;

#[derive(Debug, thiserror::Error)]
pub enum EbpfError {
    #[error("eBPF backend not built yet")]
    NotYet,
}

pub fn trace(
    _config: &Config,
    _command: &Command,
    _sink: &mut dyn EventSink,
) -> Result<TraceeExit, EbpfError> {
    Err(EbpfError::NotYet)
}
