//! `-c` in the kernel: the per-syscall counters the eBPF program keeps (per CPU) when no
//! per-syscall record needs to cross to userspace, and the log2 latency buckets both backends'
//! summaries share.

/// Log2 latency buckets: bucket `i` holds latencies in `[2^(i-1), 2^i)` ns (bucket 0: 0 ns);
/// the last bucket also holds everything longer (2^39 ns is about 9 minutes).
pub const LATENCY_BUCKETS: usize = 40;

/// One syscall's counters, as the kernel map holds them (one value per CPU, summed by userspace).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SyscallStats {
    /// Completed calls (calls that never returned are not counted, as strace).
    pub calls: u64,
    /// Calls that returned -4095..=-1.
    pub errors: u64,
    /// Sum of the calls' latencies (entry to exit), ns.
    pub total_ns: u64,
    /// The longest latency, ns.
    pub max_ns: u64,
    /// Latency histogram, see [`bucket_of`].
    pub buckets: [u64; LATENCY_BUCKETS],
}

impl SyscallStats {
    pub const ZERO: SyscallStats =
        SyscallStats { calls: 0, errors: 0, total_ns: 0, max_ns: 0, buckets: [0; LATENCY_BUCKETS] };

    /// Count one call.
    #[inline(always)]
    pub fn add(&mut self, latency_ns: u64, failed: bool) {
        self.calls += 1;
        self.errors += u64::from(failed);
        self.total_ns += latency_ns;
        if latency_ns > self.max_ns {
            self.max_ns = latency_ns;
        }
        let bucket = bucket_of(latency_ns);
        if let Some(slot) = self.buckets.get_mut(bucket) {
            *slot += 1;
        }
    }

    /// Add another CPU's (or interval's) counters. Saturating: the values come from the kernel,
    /// and a sum that cannot be represented must not panic.
    pub fn merge(&mut self, other: &SyscallStats) {
        self.calls = self.calls.saturating_add(other.calls);
        self.errors = self.errors.saturating_add(other.errors);
        self.total_ns = self.total_ns.saturating_add(other.total_ns);
        self.max_ns = self.max_ns.max(other.max_ns);
        for (a, b) in self.buckets.iter_mut().zip(other.buckets.iter()) {
            *a = a.saturating_add(*b);
        }
    }
}

const _: () = assert!(core::mem::size_of::<SyscallStats>() == 8 * (4 + LATENCY_BUCKETS));

/// The syscall a traced thread is in, as the eBPF program's `TRACED` map holds it (its value, per
/// tid): in summary-only mode the entry probe writes it in place and the exit probe reads it, so
/// that the tid lookup that says the thread is traced also gives its entry time. All zero
/// otherwise (userspace and the fork probe insert [`InSyscall::NONE`]).
#[repr(C)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct InSyscall {
    /// `bpf_ktime_get_ns` at entry; 0 when the thread is in no counted syscall.
    pub ts_ns: u64,
    /// The entry's call (rt_sigreturn's exit no longer says it): in summary-only mode its slot
    /// (`Personality::slot`; `u32::MAX`: none, counted as lost).
    pub nr: u64,
}

impl InSyscall {
    pub const NONE: InSyscall = InSyscall { ts_ns: 0, nr: 0 };
}

#[cfg(feature = "user")]
// SAFETY: plain-old-data, `#[repr(C)]`, two u64s, every bit pattern valid.
unsafe impl aya::Pod for InSyscall {}

/// One entry of the eBPF program's `SUMMARY_TIDS` array, indexed by tid (summary-only mode): a
/// mirror of the traced set for tids below its size (the kernel's `pid_max`), with the syscall the
/// thread is in. Found with an array lookup, not a hash lookup: it is the fast path's only map
/// access besides the counters.
#[repr(C)]
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct TidSlot {
    /// `bpf_ktime_get_ns` at entry; 0 when the thread is in no counted syscall.
    pub ts_ns: u64,
    /// The entry's call: its slot (`Personality::slot`; `u32::MAX`: none, counted as lost).
    pub nr: u32,
    /// 1 when the tid is in the traced set (`TRACED`), 0 otherwise.
    pub traced: u32,
}

impl TidSlot {
    /// A traced tid, in no syscall yet.
    pub const TRACED: TidSlot = TidSlot { ts_ns: 0, nr: 0, traced: 1 };
}

const _: () = assert!(core::mem::size_of::<TidSlot>() == 16);

#[cfg(feature = "user")]
// SAFETY: plain-old-data, `#[repr(C)]`, no padding (checked above), every bit pattern valid.
unsafe impl aya::Pod for TidSlot {}

#[cfg(feature = "user")]
// SAFETY: plain-old-data, `#[repr(C)]`, u64s only (no padding, checked above), every bit pattern
// valid.
unsafe impl aya::Pod for SyscallStats {}

/// The bucket of a latency: 0 for 0 ns, else 1 + floor(log2(ns)), capped at the last bucket.
#[inline(always)]
pub const fn bucket_of(ns: u64) -> usize {
    let bits = (u64::BITS - ns.leading_zeros()) as usize;
    if bits >= LATENCY_BUCKETS {
        LATENCY_BUCKETS - 1
    } else {
        bits
    }
}

/// The lowest latency in bucket `i`, ns (`[low, 2*low)`; 0 for bucket 0).
pub const fn bucket_low_ns(i: usize) -> u64 {
    if i == 0 {
        0
    } else {
        1u64 << (i - 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn buckets_are_log2_and_capped() {
        assert_eq!(bucket_of(0), 0);
        assert_eq!(bucket_of(1), 1);
        assert_eq!(bucket_of(2), 2);
        assert_eq!(bucket_of(3), 2);
        assert_eq!(bucket_of(4), 3);
        assert_eq!(bucket_of(1023), 10);
        assert_eq!(bucket_of(1024), 11);
        assert_eq!(bucket_of(u64::MAX), LATENCY_BUCKETS - 1);
        for ns in [1u64, 5, 1000, 123_456_789] {
            let b = bucket_of(ns);
            assert!(bucket_low_ns(b) <= ns && ns < 2 * bucket_low_ns(b));
        }
    }

    #[test]
    fn add_and_merge_count_everything() {
        let mut a = SyscallStats::ZERO;
        a.add(100, false);
        a.add(3000, true);
        let mut b = SyscallStats::ZERO;
        b.add(7, false);
        b.merge(&a);
        assert_eq!((b.calls, b.errors, b.total_ns, b.max_ns), (3, 1, 3107, 3000));
        assert_eq!(b.buckets.iter().sum::<u64>(), 3);
    }

    #[test]
    fn merging_saturates() {
        let mut a = SyscallStats::ZERO;
        a.total_ns = u64::MAX - 1;
        let mut b = SyscallStats::ZERO;
        b.add(10, false);
        a.merge(&b);
        assert_eq!((a.calls, a.total_ns), (1, u64::MAX));
    }
}
