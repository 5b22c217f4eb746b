//! `cargo xtask strace-suite`: strace 6.1's own test suite as the measure of "decodes like strace".
//!
//! Steps, all outside this repository (in `--dir`, default `/tmp/tracer-strace-suite`):
//! 1. strace 6.1's source from Debian's archive (`apt-get source strace`, through a temporary
//!    `deb-src` entry that is removed again), unless already there;
//! 2. its build, with its test programs (`configure --enable-mpers=no`, `make`);
//! 3. `make -k -C tests check` three times: with strace itself (the baseline: only the tests strace
//!    passes here count), with tracer's default backend, and with a wrapper adding `--backend ebpf`;
//! 4. the pass counts, written dated into README.md between the `strace-suite` markers, and each
//!    run's per-test results into `target/strace-suite/`.
//!
//! Nothing of strace's enters this repository. Under eBPF the tests that use `-e inject=` or
//! `-e fault=` are left out of the count: eBPF refuses tampering by design.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{bail, Context};

use crate::cmd::{is_root, output, run, workspace_root};
use crate::setup;

const BEGIN: &str = "<!-- strace-suite:begin (written by cargo xtask strace-suite) -->";
const END: &str = "<!-- strace-suite:end -->";
/// The Debian source package's directory, strace 6.1 as Debian bookworm ships it.
const SOURCE_DIR: &str = "strace-6.1";
/// The temporary apt source that lets `apt-get source` find strace's source package.
const DEB_SRC_LIST: &str = "/etc/apt/sources.list.d/tracer-strace-suite-src.sources";
/// A test that fails loops at most half this long (seconds) before giving up (strace's own
/// default is 1500: a tracee that hangs under tracer would hold the run for 12 minutes).
const TIMEOUT_SECONDS: &str = "300";

/// The suite's runs, by the name their results are saved under.
const RUNS: [&str; 3] = ["strace", "ptrace", "ebpf"];

/// One test's outcome, as automake's `.trs` file records it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Outcome {
    Pass,
    Fail,
    Skip,
    Other,
}

/// `cargo xtask strace-suite [--dir DIR]`.
/// `only` names the runs to make (`strace`, `ptrace`, `ebpf`); the others are read back from
/// the previous run's `target/strace-suite/NAME.txt`. Empty: all three.
pub fn run_strace_suite(dir: Option<PathBuf>, only: &[String]) -> anyhow::Result<()> {
    if let Some(unknown) = only.iter().find(|n| !RUNS.contains(&n.as_str())) {
        bail!("--only {unknown}: the runs are {}", RUNS.join(", "));
    }
    if !is_root() {
        bail!("the strace suite runs the eBPF backend and installs packages: run it as root");
    }
    setup::run_setup()?;
    let root = workspace_root();
    run(Command::new("cargo").args(["build", "--release", "--quiet", "--package", "tracer-cli"]))?;
    let tracer = root.join("target/release/tracer");
    let dir = dir.unwrap_or_else(|| PathBuf::from("/tmp/tracer-strace-suite"));
    let source = fetch_source(&dir)?;
    build(&source)?;
    let wrapper = ebpf_wrapper(&dir, &tracer)?;
    let results_dir = root.join("target/strace-suite");
    fs::create_dir_all(&results_dir)?;
    let mut runs = Vec::new();
    for (name, strace) in
        [("strace", PathBuf::from("/usr/bin/strace")), ("ptrace", tracer), ("ebpf", wrapper)]
    {
        let saved = results_dir.join(format!("{name}.txt"));
        if !only.is_empty() && !only.iter().any(|n| n == name) {
            runs.push(read_results(&saved)?);
            continue;
        }
        let results = run_suite(&source, &strace)?;
        let text: String = results.iter().map(|(test, outcome)| format!("{test} {outcome:?}\n")).collect();
        fs::write(saved, text)?;
        runs.push(results);
    }
    let [baseline, ptrace, ebpf] = &runs[..] else { bail!("three runs expected") };
    let tampering = tests_that_tamper(&source.join("tests"), baseline.keys())?;
    let counts = Counts::of(baseline, ptrace, ebpf, &tampering);
    let date = output(Command::new("date").args(["-u", "+%Y-%m-%d"])).unwrap_or_default();
    let block = readme_block(&counts, date.trim());
    println!("{block}");
    let readme_path = root.join("README.md");
    let readme = fs::read_to_string(&readme_path).context("reading README.md")?;
    fs::write(&readme_path, replace_block(&readme, &block)?).context("writing README.md")?;
    println!("strace-suite: README.md updated; per-test results in {}", results_dir.display());
    Ok(())
}

/// strace 6.1's source tree under `dir`, fetched with `apt-get source` when missing.
/// A program that runs tracer with `--backend ebpf` and the harness's other arguments, under the name
/// the harness called it by (tracer's messages start with it). A compiled one, not a script: a shell
/// running a script with stderr closed leaves the script open on descriptor 2, which the tracee then
/// inherits (strace's redirect-fds test checks that it is closed).
fn ebpf_wrapper(dir: &Path, tracer: &Path) -> anyhow::Result<PathBuf> {
    let source = dir.join("tracer-ebpf.c");
    let tracer = tracer.to_str().context("tracer's path is not UTF-8")?;
    let text = format!(
        "#include <unistd.h>\n#include <stdlib.h>\n\
         int main(int argc, char **argv) {{\n\
         \tchar **args = calloc(argc + 3, sizeof *args);\n\
         \tif (!args) return 127;\n\
         \targs[0] = argv[0];\n\
         \targs[1] = \"--backend\";\n\
         \targs[2] = \"ebpf\";\n\
         \tfor (int i = 1; i < argc; i++) args[i + 2] = argv[i];\n\
         \texecv({tracer:?}, args);\n\
         \treturn 127;\n}}\n"
    );
    fs::write(&source, text)?;
    let wrapper = dir.join("tracer-ebpf");
    run(Command::new("cc").arg("-O2").arg("-o").arg(&wrapper).arg(&source))?;
    Ok(wrapper)
}

fn fetch_source(dir: &Path) -> anyhow::Result<PathBuf> {
    let source = dir.join(SOURCE_DIR);
    if source.join("configure").exists() {
        return Ok(source);
    }
    fs::create_dir_all(dir)?;
    fs::write(
        DEB_SRC_LIST,
        "Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: bookworm\nComponents: main\n\
         Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n",
    )?;
    let fetched = run(Command::new("apt-get").args(["update", "-qq"]))
        .and_then(|()| run(Command::new("apt-get").args(["source", "-qq", "strace"]).current_dir(dir)));
    fs::remove_file(DEB_SRC_LIST)?;
    run(Command::new("apt-get").args(["update", "-qq"]))?;
    fetched?;
    if !source.join("configure").exists() {
        bail!("apt-get source strace did not unpack {}", source.display());
    }
    Ok(source)
}

/// Builds strace (once: `make` is a no-op after); `make check` builds the test programs.
fn build(source: &Path) -> anyhow::Result<()> {
    adapt_to_kernel_headers(source)?;
    if !source.join("Makefile").exists() {
        run(Command::new("./configure").args(["--quiet", "--enable-mpers=no"]).current_dir(source))?;
    }
    let jobs = std::thread::available_parallelism().map_or(2, usize::from).to_string();
    run(Command::new("make").args(["-s", "-j", &jobs]).current_dir(source))
}

/// Linux 6.11's uapi headers renamed `struct nexthop_grp`'s `resvd1` to `weight_high`, which
/// strace 6.1 (and one of its tests) still name: the scratch copy is adapted so that it builds.
fn adapt_to_kernel_headers(source: &Path) -> anyhow::Result<()> {
    let header = fs::read_to_string("/usr/include/linux/nexthop.h").unwrap_or_default();
    if !header.contains("weight_high") {
        return Ok(());
    }
    for file in ["src/rtnl_nh.c", "tests/nlattr_nhmsg.c"] {
        let path = source.join(file);
        let text = fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        // Member accesses only: the expected output's text `resvd1=` stays as strace prints it.
        let adapted = text
            .replace("grp->resvd1", "grp->weight_high")
            .replace("PRINT_FIELD_X(*grp, resvd1)", "tprintf(\"resvd1=%#x\", grp->weight_high)")
            .replace(".resvd1 =", ".weight_high =");
        if adapted != text {
            fs::write(&path, adapted)?;
        }
    }
    Ok(())
}

/// One `make -k check` of the suite with `strace` as STRACE; each test's outcome.
fn run_suite(source: &Path, strace: &Path) -> anyhow::Result<BTreeMap<String, Outcome>> {
    let tests = source.join("tests");
    for entry in fs::read_dir(&tests)? {
        let path = entry?.path();
        if path.extension().is_some_and(|e| e == "trs" || e == "log") {
            fs::remove_file(path)?;
        }
    }
    let jobs = std::thread::available_parallelism().map_or(2, usize::from).to_string();
    println!("strace-suite: running with STRACE={} (a few minutes)", strace.display());
    // Failing tests make `make` fail: the outcomes are read from the .trs files instead.
    let _ = Command::new("make")
        .args(["-s", "-k", "-j", &jobs, "check"])
        .arg(format!("STRACE={}", strace.display()))
        .env("TIMEOUT_DURATION", TIMEOUT_SECONDS)
        .current_dir(&tests)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .context("running make check")?;
    let mut results = BTreeMap::new();
    for entry in fs::read_dir(&tests)? {
        let path = entry?.path();
        if path.extension().is_none_or(|e| e != "trs") {
            continue;
        }
        let text = fs::read_to_string(&path)?;
        let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
        results.insert(name, outcome(&text));
    }
    if results.is_empty() {
        bail!("make check ran no test in {}", tests.display());
    }
    Ok(results)
}

/// A previous run's results, as `run_strace_suite` saved them (`TEST Outcome` per line).
fn read_results(path: &Path) -> anyhow::Result<BTreeMap<String, Outcome>> {
    let text = fs::read_to_string(path).with_context(|| {
        format!("reading {} (run that part first: leave it out of --only)", path.display())
    })?;
    let mut results = BTreeMap::new();
    for line in text.lines() {
        let Some((test, outcome)) = line.split_once(' ') else { continue };
        let outcome = match outcome {
            "Pass" => Outcome::Pass,
            "Fail" => Outcome::Fail,
            "Skip" => Outcome::Skip,
            _ => Outcome::Other,
        };
        results.insert(test.to_string(), outcome);
    }
    Ok(results)
}

/// The outcome a `.trs` file records (`:test-result: PASS`).
fn outcome(trs: &str) -> Outcome {
    match trs.lines().find_map(|l| l.strip_prefix(":test-result: ")).map(str::trim) {
        Some("PASS") => Outcome::Pass,
        Some("FAIL" | "ERROR" | "XPASS") => Outcome::Fail,
        Some("SKIP") => Outcome::Skip,
        _ => Outcome::Other,
    }
}

/// The tests among `names` whose script asks strace to tamper with calls (`inject=`, `fault=`),
/// in the script itself or in a script it sources (`. "${srcdir=.}/ioctl-success.sh"`).
fn tests_that_tamper<'a>(
    tests: &Path,
    names: impl Iterator<Item = &'a String>,
) -> anyhow::Result<Vec<String>> {
    let mut known = BTreeMap::new();
    let mut tampering = Vec::new();
    for name in names {
        if script_tampers(tests, &format!("{name}.test"), &mut known) {
            tampering.push(name.clone());
        }
    }
    Ok(tampering)
}

/// Whether the script `file` in `tests`, or one it sources, mentions `inject` or `fault`.
/// `known` remembers the scripts already read (and breaks cycles).
fn script_tampers(tests: &Path, file: &str, known: &mut BTreeMap<String, bool>) -> bool {
    if let Some(&tampers) = known.get(file) {
        return tampers;
    }
    known.insert(file.to_string(), false);
    let script = fs::read_to_string(tests.join(file)).unwrap_or_default();
    let mut tampers = script.contains("inject") || script.contains("fault");
    for sourced in sourced_scripts(&script) {
        tampers |= script_tampers(tests, sourced, known);
    }
    known.insert(file.to_string(), tampers);
    tampers
}

/// The scripts a test script sources from the test directory: `. "${srcdir=.}/NAME"`.
fn sourced_scripts(script: &str) -> impl Iterator<Item = &str> {
    script.lines().filter_map(|line| {
        let rest = line.trim_start().strip_prefix(". \"${srcdir=.}/")?;
        rest.strip_suffix('"')
    })
}

/// The pass counts of one suite run per STRACE.
#[derive(Debug, PartialEq)]
struct Counts {
    /// Tests strace itself passes here, and how many tests there are.
    baseline: usize,
    all: usize,
    ptrace: usize,
    /// The baseline less the tests that tamper (eBPF refuses `-e inject=`), and how many of
    /// those eBPF passes.
    ebpf_baseline: usize,
    ebpf: usize,
}

impl Counts {
    fn of(
        baseline: &BTreeMap<String, Outcome>,
        ptrace: &BTreeMap<String, Outcome>,
        ebpf: &BTreeMap<String, Outcome>,
        tampering: &[String],
    ) -> Counts {
        let passed = |run: &BTreeMap<String, Outcome>, test: &String| run.get(test) == Some(&Outcome::Pass);
        let base: Vec<&String> = baseline.keys().filter(|t| passed(baseline, t)).collect();
        let ebpf_base: Vec<&String> = base.iter().copied().filter(|t| !tampering.contains(t)).collect();
        Counts {
            baseline: base.len(),
            all: baseline.len(),
            ptrace: base.iter().filter(|t| passed(ptrace, t)).count(),
            ebpf_baseline: ebpf_base.len(),
            ebpf: ebpf_base.iter().filter(|t| passed(ebpf, t)).count(),
        }
    }
}

fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        0.0
    } else {
        100.0 * part as f64 / whole as f64
    }
}

/// README's text for `counts`.
fn readme_block(counts: &Counts, date: &str) -> String {
    format!(
        "Result on {date} (this VM, `cargo xtask strace-suite`): strace 6.1 passes {} of its {} tests \
         here; of those,\n\n| backend | passes | share |\n|---|---:|---:|\n\
         | ptrace | {} of {} | {:.1} % |\n| eBPF (without the {} tests that use `-e inject=`) | {} of {} | {:.1} % |\n",
        counts.baseline,
        counts.all,
        counts.ptrace,
        counts.baseline,
        percent(counts.ptrace, counts.baseline),
        counts.baseline - counts.ebpf_baseline,
        counts.ebpf,
        counts.ebpf_baseline,
        percent(counts.ebpf, counts.ebpf_baseline),
    )
}

/// `readme` with the text between the markers replaced by `block`.
fn replace_block(readme: &str, block: &str) -> anyhow::Result<String> {
    let (Some(begin), Some(end)) = (readme.find(BEGIN), readme.find(END)) else {
        bail!("README.md lacks the markers {BEGIN} … {END}");
    };
    if end < begin {
        bail!("README.md's strace-suite markers are out of order");
    }
    Ok(format!("{}{BEGIN}\n{block}{}", &readme[..begin], &readme[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_results_are_read_back() -> anyhow::Result<()> {
        let path = std::env::temp_dir().join(format!("tracer-xtask-results-{}", std::process::id()));
        fs::write(&path, "a Pass\nb Fail\nc Skip\n")?;
        let results = read_results(&path);
        fs::remove_file(&path)?;
        let results = results?;
        assert_eq!(results.get("a"), Some(&Outcome::Pass));
        assert_eq!(results.get("b"), Some(&Outcome::Fail));
        assert_eq!(results.get("c"), Some(&Outcome::Skip));
        Ok(())
    }

    #[test]
    fn outcomes_are_read_from_trs_files() {
        assert_eq!(outcome(":test-result: PASS\n:global-test-result: PASS\n"), Outcome::Pass);
        assert_eq!(outcome(":test-result: SKIP\n"), Outcome::Skip);
        assert_eq!(outcome(":test-result: ERROR\n"), Outcome::Fail);
        assert_eq!(outcome(""), Outcome::Other);
    }

    #[test]
    fn only_tests_strace_passes_count_and_ebpf_leaves_out_tampering() {
        let run = |outcomes: &[(&str, Outcome)]| -> BTreeMap<String, Outcome> {
            outcomes.iter().map(|(t, o)| (t.to_string(), *o)).collect()
        };
        use Outcome::*;
        let baseline = run(&[("a", Pass), ("b", Pass), ("c", Fail), ("inj", Pass)]);
        let ptrace = run(&[("a", Pass), ("b", Fail), ("c", Pass), ("inj", Pass)]);
        let ebpf = run(&[("a", Pass), ("b", Pass), ("c", Pass), ("inj", Fail)]);
        let counts = Counts::of(&baseline, &ptrace, &ebpf, &["inj".to_string()]);
        assert_eq!(counts, Counts { baseline: 3, all: 4, ptrace: 2, ebpf_baseline: 2, ebpf: 2 });
        let block = readme_block(&counts, "2026-12-06");
        assert!(block.contains("| ptrace | 2 of 3 | 66.7 % |"), "{block}");
        assert!(
            block.contains("(without the 1 tests that use `-e inject=`) | 2 of 2 | 100.0 % |"),
            "{block}"
        );
    }

    #[test]
    fn tampering_is_found_through_sourced_scripts() -> anyhow::Result<()> {
        let dir = std::env::temp_dir().join(format!("tracer-xtask-tamper-{}", std::process::id()));
        fs::create_dir_all(&dir)?;
        fs::write(dir.join("init.sh"), "run_prog\n")?;
        fs::write(dir.join("inject.sh"), ". \"${srcdir=.}/init.sh\"\nrun_strace -e inject=ioctl:retval=0\n")?;
        fs::write(dir.join("a-success.test"), "set -- -Xraw\n. \"${srcdir=.}/inject.sh\"\n")?;
        fs::write(dir.join("b.test"), ". \"${srcdir=.}/init.sh\"\n")?;
        fs::write(dir.join("c.test"), "run_strace -e fault=openat\n")?;
        let names = ["a-success", "b", "c"].map(String::from);
        let found = tests_that_tamper(&dir, names.iter());
        fs::remove_dir_all(&dir)?;
        assert_eq!(found?, ["a-success", "c"]);
        Ok(())
    }

    #[test]
    fn the_block_between_the_markers_is_replaced() -> anyhow::Result<()> {
        let readme = format!("before\n{BEGIN}\nold\n{END}\nafter\n");
        assert_eq!(replace_block(&readme, "new\n")?, format!("before\n{BEGIN}\nnew\n{END}\nafter\n"));
        assert!(replace_block("no markers", "x").is_err());
        Ok(())
    }
}
