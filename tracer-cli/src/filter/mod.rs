//! The one place that decides what is shown.

pub mod paths;
