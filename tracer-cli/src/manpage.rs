//! `tracer __generate-docs DIR` (what `cargo xtask man` runs): the man page `tracer.1` and shell
//! completions (bash, zsh, fish), generated from the same clap definition as the parser.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use anyhow::Context as _;
use clap::CommandFactory as _;

use tracer::cli::RawArgs;

/// Write `DIR/tracer.1`, `DIR/tracer.bash`, `DIR/_tracer` and `DIR/tracer.fish`.
pub fn generate(dir: &Path) -> anyhow::Result<()> {
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    let command = RawArgs::command();
    let create = |name: &str| -> anyhow::Result<BufWriter<File>> {
        let path = dir.join(name);
        Ok(BufWriter::new(File::create(&path).with_context(|| format!("creating {}", path.display()))?))
    };
    let mut man = create("tracer.1")?;
    clap_mangen::Man::new(command.clone()).render(&mut man).context("writing tracer.1")?;
    man.flush()?;
    for (shell, name) in [
        (clap_complete::Shell::Bash, "tracer.bash"),
        (clap_complete::Shell::Zsh, "_tracer"),
        (clap_complete::Shell::Fish, "tracer.fish"),
    ] {
        let mut out = create(name)?;
        clap_complete::generate(shell, &mut command.clone(), "tracer", &mut out);
        out.flush()?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn man_page_and_completions_name_the_flags() {
        let dir = std::env::temp_dir().join(format!("tracer-manpage-{}", std::process::id()));
        super::generate(&dir).expect("generates");
        let man = std::fs::read_to_string(dir.join("tracer.1")).expect("man page");
        assert!(man.starts_with(".ie") || man.contains(".TH tracer"), "{}", &man[..200.min(man.len())]);
        for flag in [
            "\\-\\-backend",
            "\\-\\-record",
            "\\-\\-replay",
            "\\-\\-filter",
            "\\-\\-filter\\-explain",
            "\\-\\-json",
            "\\-\\-perfetto",
            "\\-\\-trace\\-path",
            "\\-\\-check",
        ] {
            assert!(man.contains(flag), "man page lacks {flag}");
        }
        let bash = std::fs::read_to_string(dir.join("tracer.bash")).expect("bash completion");
        assert!(bash.contains("--syscall-times") && bash.contains("--backend"));
        assert!(dir.join("_tracer").exists() && dir.join("tracer.fish").exists());
        let _ = std::fs::remove_dir_all(&dir);
    }
}
