//! `cargo xtask codegen`: generates tracer-common's syscall table. (Being written.)

pub fn run(_check: bool) -> anyhow::Result<()> {
    anyhow::bail!("codegen not written yet")
}
