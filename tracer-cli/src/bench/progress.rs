//! The progress bar: on a terminal only.

use std::io::IsTerminal as _;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

pub struct Progress {
    bar: ProgressBar,
    /// Without a bar, one line per workload on stderr instead.
    lines: bool,
}

impl Progress {
    pub fn new(total: u64, enabled: bool) -> Self {
        let tty = enabled && std::io::stderr().is_terminal();
        let bar = if tty {
            let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
            let style = ProgressStyle::with_template(
                "{elapsed_precise} [{bar:30}] {pos}/{len} runs, eta {eta}  {msg}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar())
            .progress_chars("=> ");
            bar.set_style(style);
            bar
        } else {
            ProgressBar::hidden()
        };
        Progress { bar, lines: !tty && enabled }
    }

    /// A new workload starts.
    pub fn workload(&self, what: &str) {
        if self.lines {
            eprintln!("bench: {what}");
        } else {
            self.bar.println(format!("bench: {what}"));
        }
    }

    /// What runs now.
    pub fn running(&self, what: String) {
        self.bar.set_message(what);
    }

    pub fn step(&self) {
        self.bar.inc(1);
    }

    pub fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
