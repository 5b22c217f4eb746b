//! syslog: the action in decimal with its name (always, as strace's `XLAT_STYLE_VERBOSE`), then
//! what the action uses: nothing, the console level, or the buffer a read filled (at exit).

use tracer_common::syscall::{nr, SyscallInfo};

use super::Rules;
use crate::decode::printer::{Fmt, Quote};
use crate::decode::tables::{SYSLOG_ACTIONS, SYSLOG_CONSOLE_LEVELS};
use crate::decode::xlat::lookup;
use crate::decode::{buf_out, Ctx, Printer, XlatStyle};

pub const RULES: &[Rules] = &[Rules { nr: nr::SYSLOG, args: Some(syslog), ..Rules::NONE }];

/// `8 /* SYSLOG_ACTION_CONSOLE_LEVEL */` whatever `-X` says.
fn verbose_decimal(p: &mut dyn Printer, name: Option<&str>, value: i32, unknown: &str) {
    let old = p.set_style(XlatStyle::Verbose);
    p.constant(i64::from(value) as u64, name, Fmt::Signed, unknown);
    p.set_style(old);
}

/// The name of a console level: strace's table also names the level past LOGLEVEL_DEBUG.
fn console_level(level: i32) -> Option<&'static str> {
    match level {
        8 => Some("LOGLEVEL_DEBUG+1"),
        _ => lookup(SYSLOG_CONSOLE_LEVELS, i64::from(level) as u64),
    }
}

fn syslog(p: &mut dyn Printer, ctx: &Ctx, _info: &SyscallInfo) -> bool {
    let action = ctx.arg(0) as i32;
    let len = ctx.arg(2) as i32;
    verbose_decimal(p, lookup(SYSLOG_ACTIONS, i64::from(action) as u64), action, "SYSLOG_ACTION_???");
    match action {
        // CLOSE, OPEN, CLEAR, CONSOLE_OFF, CONSOLE_ON, SIZE_UNREAD, SIZE_BUFFER: nothing more.
        0 | 1 | 5 | 6 | 7 | 9 | 10 => {}
        // READ, READ_ALL, READ_CLEAR: the buffer at exit.
        2..=4 => {
            p.exit_part();
            if ctx.ok_ret().is_some() {
                buf_out(p, ctx, 1, Quote::Text);
            } else {
                p.addr(ctx.arg(1));
            }
            p.int(i64::from(len));
        }
        8 => {
            p.addr(ctx.arg(1));
            verbose_decimal(p, console_level(len), len, "LOGLEVEL_???");
        }
        _ => {
            p.addr(ctx.arg(1));
            p.int(i64::from(len));
        }
    }
    true
}

#[cfg(test)]
mod tests {
    use super::super::strace_line;
    use super::*;

    #[test]
    fn actions_are_verbose_whatever_the_style() {
        // strace 6.1 prints these lines.
        assert_eq!(
            strace_line(nr::SYSLOG, &[10, 0, 0], 131_072, XlatStyle::Raw),
            "syslog(10 /* SYSLOG_ACTION_SIZE_BUFFER */) = 131072"
        );
        assert_eq!(
            strace_line(nr::SYSLOG, &[8, 0, 8], -22, XlatStyle::Abbrev),
            "syslog(8 /* SYSLOG_ACTION_CONSOLE_LEVEL */, NULL, 8 /* LOGLEVEL_DEBUG+1 */) = -1 EINVAL (Invalid argument)"
        );
    }
}
