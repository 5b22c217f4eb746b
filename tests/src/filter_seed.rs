//! Issue 16's seed example for `--filter`, shared by its tests under every backend:
//! `fixture-filter` runs twins named `sshd` and `bash`, each with a child that drops to nobody and
//! opens an unreadable and a readable file in a directory made here.

use std::os::unix::fs::PermissionsExt as _;
use std::path::{Path, PathBuf};

/// The seed expression: only the sshd child's denied open passes.
pub const SEED: &str = r#"errno == EACCES && parent.comm == "sshd""#;

/// A fresh directory (its name says `tag`) with root's `secret` (0600) and `public` (0644), for
/// one run of the fixture.
pub fn seed_dir(tag: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tracer-seed-{}-{tag}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("dir");
    std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o755)).expect("chmod dir");
    for (name, mode) in [("secret", 0o600), ("public", 0o644)] {
        let path = dir.join(name);
        std::fs::write(&path, "x\n").expect("file");
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(mode)).expect("chmod");
    }
    dir
}

/// The `NAME-child PID` lines the fixture wrote into `dir`: (name, pid).
pub fn seed_children(dir: &Path) -> Vec<(String, u32)> {
    let text = std::fs::read_to_string(dir.join("pids")).unwrap_or_default();
    text.lines()
        .filter_map(|l| {
            let (name, pid) = l.split_once("-child ")?;
            Some((name.to_owned(), pid.trim().parse().ok()?))
        })
        .collect()
}
