//! README.md's measured blocks: each sits between two markers and is rewritten, dated, by the
//! command that measures it (`differential`, `strace-suite`, `stress`, `fuzz`).

use std::fs;

use anyhow::{bail, Context as _};

use crate::cmd::workspace_root;

/// A block's markers: `<!-- NAME:begin (written by cargo xtask NAME) -->` and `<!-- NAME:end -->`.
pub struct Markers {
    pub begin: &'static str,
    pub end: &'static str,
}

/// `readme` with the text between `markers` replaced by `block`.
pub fn replace_block(readme: &str, markers: &Markers, block: &str) -> anyhow::Result<String> {
    let (begin, end) = (markers.begin, markers.end);
    let (Some(at), Some(until)) = (readme.find(begin), readme.find(end)) else {
        bail!("README.md lacks the markers {begin} … {end}");
    };
    if until < at {
        bail!("README.md's markers {begin} … {end} are out of order");
    }
    Ok(format!("{}{begin}\n{block}{}", &readme[..at], &readme[until..]))
}

/// Rewrite the block between `markers` in the workspace's README.md.
pub fn write_block(markers: &Markers, block: &str) -> anyhow::Result<()> {
    let path = workspace_root().join("README.md");
    let readme = fs::read_to_string(&path).context("reading README.md")?;
    fs::write(&path, replace_block(&readme, markers, block)?).context("writing README.md")
}

/// Today's date (UTC), as the blocks give it.
pub fn today() -> String {
    crate::cmd::output(std::process::Command::new("date").args(["-u", "+%Y-%m-%d %H:%M UTC"]))
        .map(|d| d.trim().to_string())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    const M: Markers = Markers { begin: "<!-- x:begin -->", end: "<!-- x:end -->" };

    #[test]
    fn a_block_is_replaced_between_its_markers() {
        let readme = format!("before\n{}\nold\n{}\nafter\n", M.begin, M.end);
        assert_eq!(
            replace_block(&readme, &M, "new\n").expect("markers"),
            format!("before\n{}\nnew\n{}\nafter\n", M.begin, M.end)
        );
        assert!(replace_block("no markers", &M, "x").is_err());
        assert!(replace_block(&format!("{}{}", M.end, M.begin), &M, "x").is_err());
    }
}
