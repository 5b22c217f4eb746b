//! What descriptors refer to, which tasks are alive, and their names: learnt from every call, shown
//! or not.

pub mod fds;
