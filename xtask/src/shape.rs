//! `cargo xtask shape`: two rules about the code's shape, checked rather than hoped for.
//! - The top-level modules of tracer-cli import each other without a circle (each stage reads
//!   only the stages before it).
//! - No source file is over [`MAX_LINES`] lines, except generated tables and test files.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context};

use crate::cmd::workspace_root;

/// The longest a hand-written source file may be.
pub const MAX_LINES: usize = 600;

/// The crates whose sources the line rule covers.
const SOURCE_DIRS: &[&str] =
    &["tracer-cli/src", "tracer-common/src", "tracer-ebpf/src", "xtask/src", "tests/src"];

/// Which top-level modules each top-level module imports (`crate::name`).
type ModuleGraph = BTreeMap<String, BTreeSet<String>>;

pub fn run_shape() -> anyhow::Result<()> {
    let root = workspace_root();
    let graph = module_graph(&root.join("tracer-cli/src"))?;
    let circles = circles(&graph);
    let mut long = Vec::new();
    for dir in SOURCE_DIRS {
        long.extend(long_files(&root.join(dir))?);
    }
    for circle in &circles {
        eprintln!("shape: tracer-cli modules import each other in a circle: {}", circle.join(" ↔ "));
    }
    for (path, lines) in &long {
        let shown = path.strip_prefix(&root).unwrap_or(path).display();
        eprintln!("shape: {shown} has {lines} lines (at most {MAX_LINES}: split it by job)");
    }
    if !circles.is_empty() || !long.is_empty() {
        bail!("{} import circle(s), {} file(s) too long", circles.len(), long.len());
    }
    println!("shape: {} top-level modules, no import circle; no file over {MAX_LINES} lines", graph.len());
    Ok(())
}

/// Every `.rs` file under `dir`, recursively.
fn rust_files(dir: &Path) -> anyhow::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut dirs = vec![dir.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in fs::read_dir(&dir).with_context(|| format!("reading {}", dir.display()))? {
            let path = entry?.path();
            if path.is_dir() {
                dirs.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// The import graph of the top-level modules under `src` (the crate roots left out).
fn module_graph(src: &Path) -> anyhow::Result<ModuleGraph> {
    let mut graph = ModuleGraph::new();
    for path in rust_files(src)? {
        let Ok(relative) = path.strip_prefix(src) else { continue };
        let Some(first) = relative.components().next() else { continue };
        let top = first.as_os_str().to_string_lossy().trim_end_matches(".rs").to_string();
        if top == "main" || top == "lib" {
            continue;
        }
        let text = fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        let imports = graph.entry(top.clone()).or_default();
        imports.extend(crate_paths(&text).into_iter().filter(|module| *module != top));
    }
    Ok(graph)
}

/// The top-level modules `text` names as `crate::name` or inside `crate::{...}`, outside comments.
fn crate_paths(text: &str) -> BTreeSet<String> {
    let mut modules = BTreeSet::new();
    for line in text.lines() {
        let code = line.split("//").next().unwrap_or_default();
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            rest = &rest[at + "crate::".len()..];
            if let Some(group) = rest.strip_prefix('{') {
                modules.extend(group_heads(group));
            } else {
                modules.insert(identifier(rest).to_string());
            }
        }
    }
    modules.retain(|m| !m.is_empty());
    modules
}

/// The first name of each path directly inside a `{...}` group whose text starts at `group`.
fn group_heads(group: &str) -> Vec<String> {
    let mut heads = Vec::new();
    let mut depth = 1;
    let mut at_start = true;
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    break;
                }
            }
            ',' if depth == 1 => at_start = true,
            c if at_start && depth == 1 && (c.is_ascii_alphabetic() || c == '_') => {
                heads.push(identifier(&group[i..]).to_string());
                at_start = false;
            }
            _ => {}
        }
    }
    heads
}

/// The identifier `text` starts with.
fn identifier(text: &str) -> &str {
    let end = text.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_')).unwrap_or(text.len());
    &text[..end]
}

/// The circles of `graph`: its strongly connected components of more than one module.
fn circles(graph: &ModuleGraph) -> Vec<Vec<String>> {
    struct Search<'a> {
        graph: &'a ModuleGraph,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        found: Vec<Vec<String>>,
    }
    impl<'a> Search<'a> {
        fn visit(&mut self, module: &'a str) {
            let index = self.index.len();
            self.index.insert(module, index);
            self.low.insert(module, index);
            self.stack.push(module);
            for next in self.graph.get(module).into_iter().flatten() {
                let next = next.as_str();
                if !self.index.contains_key(next) {
                    self.visit(next);
                    let low = self.low[next].min(self.low[module]);
                    self.low.insert(module, low);
                } else if self.stack.contains(&next) {
                    let low = self.index[next].min(self.low[module]);
                    self.low.insert(module, low);
                }
            }
            if self.low[module] == self.index[module] {
                let mut component = Vec::new();
                while let Some(member) = self.stack.pop() {
                    component.push(member.to_string());
                    if member == module {
                        break;
                    }
                }
                if component.len() > 1 {
                    component.sort();
                    self.found.push(component);
                }
            }
        }
    }
    let mut search =
        Search { graph, index: BTreeMap::new(), low: BTreeMap::new(), stack: Vec::new(), found: Vec::new() };
    for module in graph.keys() {
        if !search.index.contains_key(module.as_str()) {
            search.visit(module);
        }
    }
    search.found
}

/// Whether the line rule leaves `path` out: a test file, or generated code.
fn exempt(path: &Path, text: &str) -> bool {
    let test = path.file_name().is_some_and(|n| n == "tests.rs")
        || path.components().any(|c| c.as_os_str() == "tests");
    test || text.lines().next().is_some_and(|first| first.contains("@generated"))
}

/// The files under `dir` over [`MAX_LINES`] lines that the rule covers, with their lengths.
fn long_files(dir: &Path) -> anyhow::Result<Vec<(PathBuf, usize)>> {
    let mut long = Vec::new();
    for path in rust_files(dir)? {
        let text = fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        let lines = text.lines().count();
        if lines > MAX_LINES && !exempt(&path, &text) {
            long.push((path, lines));
        }
    }
    Ok(long)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn graph(edges: &[(&str, &str)]) -> ModuleGraph {
        let mut graph = ModuleGraph::new();
        for (from, to) in edges {
            graph.entry(from.to_string()).or_default().insert(to.to_string());
            graph.entry(to.to_string()).or_default();
        }
        graph
    }

    #[test]
    fn paths_and_groups_name_their_first_module_only() {
        let text = "use crate::decode::{self, Printer};\n\
                    use crate::{state::{Tasks, State}, filter::Verdict};\n\
                    let x = crate::call::Syscall::new(); // crate::commented\n";
        let names: Vec<String> = crate_paths(text).into_iter().collect();
        assert_eq!(names, ["call", "decode", "filter", "state"]);
    }

    #[test]
    fn a_circle_is_found_and_a_chain_is_not() {
        assert!(circles(&graph(&[("cli", "decode"), ("decode", "call"), ("state", "call")])).is_empty());
        let found = circles(&graph(&[("a", "b"), ("b", "c"), ("c", "a"), ("c", "d")]));
        assert_eq!(found, [["a", "b", "c"]]);
    }

    #[test]
    fn tests_and_generated_files_may_be_long() {
        assert!(exempt(Path::new("src/pipeline/tests/lines.rs"), ""));
        assert!(exempt(Path::new("src/decode/tests.rs"), ""));
        assert!(exempt(Path::new("src/tables.rs"), "// @generated by cargo xtask codegen\n"));
        assert!(!exempt(Path::new("src/cli/mod.rs"), "//! The command line.\n"));
    }
}
