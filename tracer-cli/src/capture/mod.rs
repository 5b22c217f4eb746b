//! `--record FILE`: the records a backend delivers, written to a capture file with what rendering
//! them later needs (the facts about the live system it read, how the command ended), so that
//! `--replay FILE` renders them as the live run would have. The layout is in `format` and in
//! docs/capture-format.md.

pub mod format;
pub mod recorder;
pub mod writer;

pub use format::{End, Header};
pub use recorder::Recorder;
pub use writer::CaptureWriter;

/// `uname -r`: the kernel the capture was taken on.
pub fn kernel_release() -> String {
    nix::sys::utsname::uname().map(|u| u.release().to_string_lossy().into_owned()).unwrap_or_default()
}

/// `--filter`'s kernel form as canonical bytes, to tell whether a replay's expression is the one
/// whose verdicts the records carry: each op (code, field, cmp, string, value LE), then the
/// string constants.
pub fn kernel_expr_key(expr: &tracer_common::expr::KernelExpr) -> Vec<u8> {
    let mut key = Vec::new();
    for op in expr.ops() {
        key.extend_from_slice(&[op.code, op.field, op.cmp, op.string]);
        key.extend_from_slice(&op.value.to_le_bytes());
    }
    for string in &expr.strings {
        key.extend_from_slice(string);
    }
    key
}

#[cfg(test)]
mod tests {
    use tracer_common::expr::{cmp, field, Builder};

    use super::kernel_expr_key;

    #[test]
    fn kernel_forms_differ_in_their_keys_as_they_differ() {
        let form = |value: u64| {
            let mut builder = Builder::new();
            builder.number(field::UID, cmp::EQ, value).expect("fits");
            builder.finish()
        };
        assert_eq!(kernel_expr_key(&form(0)), kernel_expr_key(&form(0)));
        assert_ne!(kernel_expr_key(&form(0)), kernel_expr_key(&form(1)));
    }
}
