//! `--hist`: a syscall's log2 latency buckets drawn as bpftrace's `hist()` draws them.

use std::fmt::Write as _;

use tracer_common::summary::{bucket_low_ns, LATENCY_BUCKETS};

/// Width of the bar between the `|`s (bpftrace's).
const BAR: u64 = 52;

/// bpftrace's short number: 512, 1K, 2M, 4G, 1T (powers of 1024).
fn short(value: u64) -> String {
    const SUFFIXES: [&str; 7] = ["", "K", "M", "G", "T", "P", "E"];
    let mut value = value;
    let mut i = 0;
    while value >= 1024 && value.is_multiple_of(1024) && i + 1 < SUFFIXES.len() {
        value /= 1024;
        i += 1;
    }
    format!("{value}{}", SUFFIXES[i])
}

/// The label of bucket `i`: `[0]`, `[1]`, `[2, 4)`, ..., `[256G, ...)` for the last (open) one.
fn label(i: usize) -> String {
    match i {
        0 => "[0]".to_string(),
        1 => "[1]".to_string(),
        _ if i + 1 == LATENCY_BUCKETS => format!("[{}, ...)", short(bucket_low_ns(i))),
        _ => format!("[{}, {})", short(bucket_low_ns(i)), short(bucket_low_ns(i + 1))),
    }
}

/// `@ns[NAME]: ` then one line per bucket from the lowest to the highest non-empty one, then an
/// empty line; nothing when every bucket is empty.
pub fn write(text: &mut String, name: &str, buckets: &[u64; LATENCY_BUCKETS]) {
    let Some(first) = buckets.iter().position(|&n| n > 0) else { return };
    let last = buckets.iter().rposition(|&n| n > 0).unwrap_or(first);
    let max = buckets.iter().copied().max().unwrap_or(1).max(1);
    let _ = writeln!(text, "@ns[{name}]: ");
    for (i, &count) in buckets.iter().enumerate().take(last + 1).skip(first) {
        let filled = usize::try_from(u128::from(count) * u128::from(BAR) / u128::from(max)).unwrap_or(0);
        let _ = writeln!(
            text,
            "{:<16}{count:>8} |{}{}|",
            label(i),
            "@".repeat(filled),
            " ".repeat(BAR as usize - filled)
        );
    }
    text.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn looks_like_bpftrace_s_hist() {
        // bpftrace 0.17's hist() of ls's read latencies on this VM (its buckets are ours: bucket
        // i holds [2^(i-1), 2^i)).
        let mut buckets = [0u64; LATENCY_BUCKETS];
        buckets[10] = 2; // [512, 1K)
        buckets[12] = 4; // [2K, 4K)
        buckets[15] = 1; // [16K, 32K)
        let mut text = String::new();
        write(&mut text, "read", &buckets);
        assert_eq!(
            text,
            "\
@ns[read]: 
[512, 1K)              2 |@@@@@@@@@@@@@@@@@@@@@@@@@@                          |
[1K, 2K)               0 |                                                    |
[2K, 4K)               4 |@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@@|
[4K, 8K)               0 |                                                    |
[8K, 16K)              0 |                                                    |
[16K, 32K)             1 |@@@@@@@@@@@@@                                       |

"
        );
    }

    #[test]
    fn edges_and_empty() {
        let mut text = String::new();
        write(&mut text, "x", &[0; LATENCY_BUCKETS]);
        assert_eq!(text, "");
        assert_eq!(label(0), "[0]");
        assert_eq!(label(1), "[1]");
        assert_eq!(label(2), "[2, 4)");
        assert_eq!(label(21), "[1M, 2M)");
        assert_eq!(label(31), "[1G, 2G)");
        assert_eq!(label(LATENCY_BUCKETS - 1), "[256G, ...)");
    }
}
