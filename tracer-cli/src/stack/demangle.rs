//! Symbol names as strace prints them: demangled as libiberty's `cplus_demangle(DMGL_AUTO |
//! DMGL_PARAMS)` does, Rust's without their hash and C++'s with their parameters.

use cpp_demangle::{DemangleOptions, Symbol};

/// `name` demangled, or as it is when it is not a mangled name.
pub fn demangle(name: &[u8]) -> Vec<u8> {
    let Ok(text) = std::str::from_utf8(name) else { return name.to_vec() };
    if is_rust(text) {
        if let Ok(demangled) = rustc_demangle::try_demangle(text) {
            return format!("{demangled:#}").into_bytes();
        }
    }
    if text.starts_with("_Z") {
        let symbol = Symbol::new(name).ok();
        if let Some(demangled) =
            symbol.and_then(|s| s.demangle_with_options(&DemangleOptions::default()).ok())
        {
            return demangled.into_bytes();
        }
    }
    name.to_vec()
}

/// Rust's v0 mangling, or its legacy one (`_ZN...17h<16 hex digits>E`, maybe with a `.llvm.`
/// suffix), which is otherwise C++'s.
fn is_rust(text: &str) -> bool {
    if text.starts_with("_R") {
        return true;
    }
    let text = text.find(".llvm.").map_or(text, |at| &text[..at]);
    let Some(body) = text.strip_prefix("_ZN").and_then(|t| t.strip_suffix('E')) else { return false };
    body.len() >= 19 && {
        let (rest, hash) = body.split_at(body.len() - 19);
        !rest.is_empty() && hash.starts_with("17h") && hash[3..].bytes().all(|b| b.is_ascii_hexdigit())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(name: &str) -> String {
        String::from_utf8(demangle(name.as_bytes())).expect("UTF-8")
    }

    #[test]
    fn names_demangle_as_strace_prints_them() {
        assert_eq!(text("_ZN2ns1fEi"), "ns::f(int)");
        assert_eq!(text("_ZN3std2rt10lang_start17hb818e85b4c648a90E"), "std::rt::lang_start");
        assert_eq!(
            text("_ZN3std2io5impls58_$LT$impl$u20$std..io..Write$u20$for$u20$$RF$mut$u20$W$GT$9write_all17h13cdb806c6d01e68E"),
            "std::io::impls::<impl std::io::Write for &mut W>::write_all"
        );
        assert_eq!(text("_ZN3std2rt10lang_start17hb818e85b4c648a90E.llvm.1234"), "std::rt::lang_start");
        assert_eq!(
            text("_RNvMs_NtNtNtCsjrHSEGnQ3l9_3std2io8buffered9bufwriterINtB4_9BufWriterNtNtB8_5stdio9StdoutRawE14write_all_coldBa_"),
            "<std::io::buffered::bufwriter::BufWriter<std::io::stdio::StdoutRaw>>::write_all_cold"
        );
        assert_eq!(text("__write"), "__write");
        assert_eq!(text("main"), "main");
        assert_eq!(text("_Znotmangled"), "_Znotmangled");
    }
}
