//! Unit tests' shared builder: one whole line, as tracer prints it, of a call made of hand-made
//! arguments and captures.

use tracer_common::event::{Capture, Meta};
use tracer_common::syscall;

use crate::call::Syscall;
use crate::decode::{call_line, Options, XlatStyle};

/// The line of the call `name(args)` returning `ret` (`None`: unfinished), with `captures`,
/// printed with `opts` in the `xlat` style.
pub(crate) fn call_text(
    name: &str,
    args: [u64; 6],
    ret: Option<i64>,
    captures: Vec<Capture>,
    opts: &Options,
    xlat: XlatStyle,
) -> String {
    let info = syscall::by_name(name).expect("a syscall tracer's table knows");
    let call = Syscall {
        ip: 0,
        meta: Meta::default(),
        nr: u64::from(info.nr),
        args,
        captures,
        ret,
        exit_ts_ns: None,
        kernel_atoms: None,
    };
    call_line(Some(info), &call, opts, xlat)
}
