//! `-k`'s lines after a call or signal, as strace 6.1 (libunwind) prints them: no prefix, one
//! ` > ` line per frame.

use std::io::Write as _;

use tracer_common::stack::{stack_flags, StackFrame};

/// Append the lines of one stack to `out`. `flags` ([`stack_flags`]): a stack taken at the call's
/// entry is kept by strace as text, where a frame without a symbol reads `PATH(+0x0)`; one walked
/// at the exit prints it `PATH()`.
pub fn write_text(flags: u32, frames: &[StackFrame], out: &mut Vec<u8>) {
    for frame in frames {
        match frame {
            StackFrame::Mapped { path, symbol, symbol_offset, file_offset, .. } => {
                out.extend_from_slice(b" > ");
                out.extend_from_slice(path);
                if symbol.is_empty() && flags & stack_flags::AT_ENTRY == 0 {
                    out.extend_from_slice(b"()");
                } else {
                    out.push(b'(');
                    out.extend_from_slice(symbol);
                    let _ = write!(out, "+{symbol_offset:#x})");
                }
                let _ = writeln!(out, " [{file_offset:#x}]");
            }
            StackFrame::Unmapped { ip } => {
                let _ = writeln!(out, " > unexpected_backtracing_error [{ip:#x}]");
            }
            StackFrame::TooDeep => out.extend_from_slice(b" > too many stack frames\n"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mapped(symbol: &str, symbol_offset: u64, file_offset: u64) -> StackFrame {
        StackFrame::Mapped {
            path: b"/tmp/w".to_vec(),
            symbol: symbol.as_bytes().to_vec(),
            symbol_offset,
            file_offset,
            ip: 0x5555_0000_0000 + file_offset,
        }
    }

    #[test]
    fn frames_print_as_strace_prints_them() {
        let frames = [
            mapped("main", 0x1d, 0x1156),
            mapped("", 0, 0x306f0),
            StackFrame::Unmapped { ip: 0x7f71_fac5_5007 },
            StackFrame::TooDeep,
        ];
        let mut out = Vec::new();
        write_text(0, &frames, &mut out);
        assert_eq!(
            String::from_utf8_lossy(&out),
            " > /tmp/w(main+0x1d) [0x1156]\n > /tmp/w() [0x306f0]\n \
             > unexpected_backtracing_error [0x7f71fac55007]\n > too many stack frames\n"
        );
        out.clear();
        write_text(stack_flags::AT_ENTRY | stack_flags::AFTER_END, &frames[..2], &mut out);
        assert_eq!(
            String::from_utf8_lossy(&out),
            " > /tmp/w(main+0x1d) [0x1156]\n > /tmp/w(+0x0) [0x306f0]\n"
        );
    }
}
