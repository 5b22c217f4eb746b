//! Waking the wait for tracees when a delayed stop is due (`-e inject=...:delay_enter=`,
//! `delay_exit=`): a one-shot timer aimed at this thread, whose SIGALRM (caught without
//! SA_RESTART) makes the blocking `waitpid` return EINTR. The delayed task stays stopped; every
//! other task goes on being traced meanwhile, as under strace.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use nix::errno::Errno;
use nix::sys::signal::{SigEvent, SigevNotify, Signal};
use nix::sys::time::TimeSpec;
use nix::sys::timer::{Expiration, Timer, TimerSetTimeFlags};
use nix::time::ClockId;

/// Set by the SIGALRM handler, taken by [`take_fired`].
static FIRED: AtomicBool = AtomicBool::new(false);

extern "C" fn on_alarm(_signal: libc::c_int) {
    FIRED.store(true, Ordering::Relaxed);
}

/// Whether the alarm went off since the last call (the wait's EINTR was ours).
pub fn take_fired() -> bool {
    FIRED.swap(false, Ordering::Relaxed)
}

/// The timer, made on the first delayed stop.
pub struct Alarm {
    timer: Timer,
}

impl Alarm {
    /// Catch SIGALRM (without SA_RESTART) and make a timer that sends it to this thread.
    pub fn new() -> Result<Alarm, Errno> {
        // SAFETY: the handler only stores to an atomic (async-signal-safe); the action is fully
        // initialised before sigaction reads it.
        unsafe {
            let mut action: libc::sigaction = std::mem::zeroed();
            action.sa_sigaction = on_alarm as *const () as usize;
            libc::sigemptyset(&mut action.sa_mask);
            action.sa_flags = 0;
            Errno::result(libc::sigaction(libc::SIGALRM, &action, std::ptr::null_mut()))?;
        }
        let notify = SigevNotify::SigevThreadId {
            signal: Signal::SIGALRM,
            thread_id: nix::unistd::gettid().as_raw(),
            si_value: 0,
        };
        let timer = Timer::new(ClockId::CLOCK_MONOTONIC, SigEvent::new(notify))?;
        Ok(Alarm { timer })
    }

    /// Go off `after` from now (at least a microsecond: zero would disarm it), then every
    /// millisecond until set again: a signal that lands just before the wait begins (and so does
    /// not interrupt it) is followed by another.
    pub fn set(&mut self, after: Duration) -> Result<(), Errno> {
        let after = TimeSpec::from_duration(after.max(Duration::from_micros(1)));
        let every = TimeSpec::from_duration(Duration::from_millis(1));
        self.timer.set(Expiration::IntervalDelayed(after, every), TimerSetTimeFlags::empty())
    }

    /// Stop going off.
    pub fn disarm(&mut self) -> Result<(), Errno> {
        let zero = TimeSpec::from_duration(Duration::ZERO);
        self.timer.set(Expiration::OneShot(zero), TimerSetTimeFlags::empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_alarm_interrupts_a_blocking_call_of_this_thread() {
        let Ok(mut alarm) = Alarm::new() else { panic!("no timer") };
        let _ = take_fired();
        assert!(alarm.set(Duration::from_millis(20)).is_ok());
        // A pause-like wait: poll on nothing for up to 5 s; the alarm cuts it short with EINTR.
        // SAFETY: poll with no descriptors only sleeps.
        let ret = unsafe { libc::poll(std::ptr::null_mut(), 0, 5000) };
        assert_eq!(Errno::result(ret), Err(Errno::EINTR));
        assert!(take_fired());
        assert!(!take_fired(), "taken once");
    }
}
