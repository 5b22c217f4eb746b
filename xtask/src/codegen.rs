//! `cargo xtask codegen`: generates the committed Rust tables from the human-edited data files under
//! xtask/data, or with `--check` fails if a committed one drifted from its data file (as does the test at
//! the bottom of this file). One submodule per generated file, each a [`Generator`].

mod compat;
mod ioctls;
mod personalities;
mod syscalls;
mod xlat;

use std::fs;
use std::path::Path;

use anyhow::{bail, Context, Result};

use crate::cmd::workspace_root;

/// Every generated file.
const GENERATORS: &[Generator] =
    &[syscalls::GENERATOR, compat::GENERATOR, xlat::GENERATOR, ioctls::GENERATOR, personalities::GENERATOR];

/// One generated file and how to make it.
pub struct Generator {
    /// The data file, relative to the workspace root.
    pub data: &'static str,
    /// The generated file, relative to the workspace root.
    pub output: &'static str,
    /// Parses the data file's text (`file` names it in errors: `file:line: ...`) and renders the output.
    pub generate: fn(text: &str, file: &str) -> Result<String>,
}

impl Generator {
    /// Reads the data file under `root` and renders the output.
    fn generate(&self, root: &Path) -> Result<String> {
        let path = root.join(self.data);
        let text = fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        (self.generate)(&text, self.data)
    }

    /// Whether the committed output under `root` is exactly `generated`.
    fn is_current(&self, root: &Path, generated: &str) -> Result<bool> {
        let out = root.join(self.output);
        let committed = fs::read_to_string(&out).with_context(|| format!("reading {}", out.display()))?;
        Ok(committed == generated)
    }
}

pub fn run(check: bool) -> Result<()> {
    let root = workspace_root();
    let mut stale = Vec::new();
    for generator in GENERATORS {
        let generated = generator.generate(&root)?;
        let output = generator.output;
        if root.join(output).exists() && generator.is_current(&root, &generated)? {
            println!("{output} is up to date");
        } else if check {
            stale.push(output);
        } else {
            let out = root.join(output);
            fs::write(&out, &generated).with_context(|| format!("writing {}", out.display()))?;
            println!("wrote {output}");
        }
    }
    if !stale.is_empty() {
        bail!("stale generated file(s) {}: run `cargo xtask codegen`", stale.join(", "));
    }
    Ok(())
}

/// Whether `text` is a non-empty identifier of `allowed` characters that does not start with a digit.
fn is_ident(text: &str, allowed: impl Fn(char) -> bool) -> bool {
    !text.is_empty() && !text.starts_with(|c: char| c.is_ascii_digit()) && text.chars().all(allowed)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn committed_files_match_data_files() -> Result<()> {
        let root = workspace_root();
        for generator in GENERATORS {
            let generated = generator.generate(&root)?;
            assert!(generator.is_current(&root, &generated)?, "{} is stale", generator.output);
        }
        Ok(())
    }
}
