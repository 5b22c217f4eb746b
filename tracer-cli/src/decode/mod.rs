//! Decoders: raw argument values and captures → strace's text for each argument kind.
