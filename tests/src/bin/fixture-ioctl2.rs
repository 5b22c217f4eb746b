//! Device ioctl requests and their arguments: input devices (evdev), real-time clocks, loop
//! devices, namespaces and userfaultfd. Almost every call is on descriptor -1 (it fails with
//! EBADF before the kernel reads anything; strace and tracer still print what the caller passed);
//! the namespace mode also asks a namespace descriptor of our own for its type and owner.
//! Usage: fixture-ioctl2 MODE, MODE one of `evdev`, `rtc`, `loop`, `nsfs`, `uffdio`, `sock`.

use tracer_tests::edges;

/// `ioctl(fd, code, arg)`.
fn ioctl_on(fd: i32, code: u32, arg: u64) {
    // SAFETY: on descriptor -1 the call fails with EBADF and touches no memory; on our namespace
    // descriptor the requests used only read the namespace's type and owner.
    unsafe { libc::syscall(libc::SYS_ioctl, fd, code as libc::c_ulong, arg) };
}

/// `ioctl(-1, code, arg)`.
fn ioctl(code: u32, arg: u64) {
    ioctl_on(-1, code, arg);
}

/// Memory just before an unmapped page, filled with `bytes`: returns their address.
struct Page(u64);

impl Page {
    fn new() -> Page {
        Page(edges::page_end())
    }

    /// `bytes` put at the end of the page; their address.
    fn at_end(&self, bytes: &[u8]) -> u64 {
        let at = self.0 - bytes.len() as u64;
        // SAFETY: `at..at + len` lies in the mapped page before `self.0`.
        unsafe { std::ptr::copy_nonoverlapping(bytes.as_ptr(), at as *mut u8, bytes.len()) };
        at
    }

    /// `len` bytes counting up from `first` (as strace's tests fill their structs).
    fn pattern(&self, len: usize, first: u8) -> u64 {
        let bytes: Vec<u8> = (0..len).map(|i| first.wrapping_add(i as u8)).collect();
        self.at_end(&bytes)
    }
}

/// `_IOC(dir, type, nr, size)`.
const fn ioc(dir: u32, kind: u32, nr: u32, size: u32) -> u32 {
    dir << 30 | size << 16 | kind << 8 | nr
}

const R: u32 = 2;
const W: u32 = 1;

fn evdev(page: &Page) {
    let junk = 0xdead_beef_badc_0ded;
    // Getters: the call fails, so the address (NULL for 0).
    for code in [
        ioc(R, 0x45, 0x01, 4),    // EVIOCGVERSION
        ioc(R, 0x45, 0x02, 8),    // EVIOCGID
        ioc(R, 0x45, 0x04, 40),   // EVIOCGKEYCODE_V2
        ioc(R, 0x45, 0x06, 32),   // EVIOCGNAME(32)
        ioc(R, 0x45, 0x0a, 12),   // EVIOCGMTSLOTS(12)
        ioc(R, 0x45, 0x18, 96),   // EVIOCGKEY(96)
        ioc(R, 0x45, 0x21, 96),   // EVIOCGBIT(EV_KEY, 96)
        ioc(R, 0x45, 0x36, 4),    // EVIOCGBIT(EV_PWR...)
        ioc(R, 0x45, 0x41, 24),   // EVIOCGABS(ABS_Y)
        ioc(R, 0x45, 0x01, 0xff), // _IOC(_IOC_READ, 0x45, 0x1, 0xff)
    ] {
        ioctl(code, 0);
        ioctl(code, junk);
    }
    // Setters by value.
    ioctl(ioc(W, 0x45, 0x81, 4), junk); // EVIOCRMFF
    ioctl(ioc(W, 0x45, 0x90, 4), 1); // EVIOCGRAB
    ioctl(ioc(W, 0x45, 0x91, 4), junk); // EVIOCREVOKE
                                        // Setters of structures, whole, cut by the unmapped page, NULL.
    let clock = page.at_end(&1u32.to_le_bytes());
    ioctl(ioc(W, 0x45, 0xa0, 4), clock); // EVIOCSCLOCKID
    let rep = page.at_end(&[250, 0, 0, 0, 33, 0, 0, 0]);
    ioctl(ioc(W, 0x45, 0x03, 8), rep); // EVIOCSREP
    let keycode = page.at_end(&[30, 0, 0, 0, 0x1e, 0, 0, 0]);
    ioctl(ioc(W, 0x45, 0x04, 8), keycode); // EVIOCSKEYCODE [30, KEY_A]
    ioctl(ioc(W, 0x45, 0x04, 8), page.0 - 4);
    ioctl(ioc(W, 0x45, 0x04, 40), page.pattern(40, 0x80)); // EVIOCSKEYCODE_V2
    for size in [20, 24, 28, 16] {
        ioctl(ioc(W, 0x45, 0xc0, size), page.pattern(size as usize, 0x10)); // EVIOCSABS(ABS_X)
    }
    ioctl(ioc(W, 0x45, 0xfe, 24), page.pattern(24, 0x10)); // EVIOCSABS(0x3e)
                                                           // EVIOCSFF: each effect type the union has, and one it has not.
    for kind in [0x52u8, 0x57, 0x51, 0x50, 0xff] {
        let mut effect: Vec<u8> = (0..48u8).map(|i| 0x80 + i).collect();
        effect[0] = kind;
        effect[1] = 0;
        ioctl(ioc(W, 0x45, 0x80, 48), page.at_end(&effect));
    }
    ioctl(ioc(W, 0x45, 0x80, 48), 0);
}

fn rtc(page: &Page) {
    // No argument.
    for nr in [0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x0f, 0x10, 0x14] {
        ioctl(ioc(0, 0x70, nr, 0), 0xdead_beef);
    }
    ioctl(ioc(W, 0x70, 0x0c, 8), 0xdead_beef_badc_0ded); // RTC_IRQP_SET
    ioctl(ioc(R, 0x70, 0x0d, 8), page.0 - 8); // RTC_EPOCH_READ: fails, the address
    let time = page.pattern(36, 0x80);
    ioctl(ioc(W, 0x70, 0x0a, 36), time); // RTC_SET_TIME
    ioctl(ioc(W, 0x70, 0x0a, 36), page.0 - 20);
    ioctl(ioc(R, 0x70, 0x09, 36), time); // RTC_RD_TIME
    ioctl(ioc(W, 0x70, 0x0f, 40), page.pattern(40, 0x80)); // RTC_WKALM_SET
    ioctl(ioc(W, 0x70, 0x12, 32), page.pattern(32, 0x80)); // RTC_PLL_SET
    ioctl(ioc(R, 0x70, 0x13, 4), 0); // RTC_VL_READ
                                     // RTC_PARAM_SET and RTC_PARAM_GET for each parameter, padding zero or not.
    for (param, value, pad) in [(0u64, 0x2du64, 0u32), (1, (-1337i64) as u64, 7), (2, 3, 0), (9, 0xfeed, 0)] {
        let mut bytes = Vec::new();
        bytes.extend_from_slice(&param.to_le_bytes());
        bytes.extend_from_slice(&value.to_le_bytes());
        bytes.extend_from_slice(&42u32.to_le_bytes());
        bytes.extend_from_slice(&pad.to_le_bytes());
        let at = page.at_end(&bytes);
        ioctl(ioc(W, 0x70, 0x14, 24), at);
        ioctl(ioc(W, 0x70, 0x13, 24), at);
    }
}

fn loop_dev(page: &Page) {
    let junk = 0xdead_beef_badc_0ded;
    ioctl(0x4c00, junk); // LOOP_SET_FD: a descriptor
    ioctl(0x4c01, junk); // LOOP_CLR_FD: no argument
    ioctl(0x4c80, junk); // LOOP_CTL_ADD: an int
    ioctl(0x4c09, junk); // LOOP_SET_BLOCK_SIZE: an unsigned long
    ioctl(0x4c03, 0); // LOOP_GET_STATUS: fails
                      // LOOP_SET_STATUS: `struct loop_info` with no encryption, then with some, then cut.
    let mut info: Vec<u8> = (0..168u8).map(|i| 0x80u8.wrapping_add(i)).collect();
    info[36..40].copy_from_slice(&0u32.to_le_bytes());
    info[40..44].copy_from_slice(&4u32.to_le_bytes());
    info[44..48].copy_from_slice(&1u32.to_le_bytes());
    info[48..52].copy_from_slice(b"img\0");
    ioctl(0x4c02, page.at_end(&info));
    info[36..40].copy_from_slice(&1u32.to_le_bytes());
    ioctl(0x4c02, page.at_end(&info));
    ioctl(0x4c02, page.0 - 100);
    // LOOP_SET_STATUS64: `struct loop_info64`, a name that fills its array.
    let mut info64 = vec![0x41u8; 232];
    info64[44..48].copy_from_slice(&0u32.to_le_bytes());
    info64[52..56].copy_from_slice(&0x11u32.to_le_bytes());
    ioctl(0x4c04, page.at_end(&info64));
    // LOOP_CONFIGURE: `struct loop_config`, reserved words zero then not.
    let mut config = vec![0u8; 304];
    config[..4].copy_from_slice(&(-1i32).to_le_bytes());
    config[4..8].copy_from_slice(&4096u32.to_le_bytes());
    config[8..8 + 232].copy_from_slice(&info64);
    ioctl(0x4c0a, page.at_end(&config));
    config[300] = 1;
    ioctl(0x4c0a, page.at_end(&config));
}

fn nsfs() {
    // SAFETY: opening our own user namespace's file, read-only.
    let fd = unsafe { libc::open(c"/proc/self/ns/user".as_ptr(), libc::O_RDONLY | libc::O_CLOEXEC) };
    let mut uid = 0u32;
    edges::begin();
    // NS_GET_USERNS, NS_GET_PARENT. (Not NS_GET_NSTYPE: on a failure strace 6.1 appends whatever
    // text an earlier call left for its return, e.g. poll's `(Timeout)`.)
    for nr in [1, 2] {
        ioctl(ioc(0, 0xb7, nr, 0), 0);
    }
    ioctl(ioc(0, 0xb7, 4, 0), 0); // NS_GET_OWNER_UID
    if fd >= 0 {
        ioctl_on(fd, ioc(0, 0xb7, 3, 0), 0);
        ioctl_on(fd, ioc(0, 0xb7, 4, 0), std::ptr::addr_of_mut!(uid) as u64);
    }
    edges::end();
}

fn uffdio(page: &Page) {
    let words = |values: &[u64]| -> Vec<u8> { values.iter().flat_map(|v| v.to_le_bytes()).collect() };
    ioctl(0xc018_aa3f, page.at_end(&words(&[0xaa, 0x3, 0]))); // UFFDIO_API
    ioctl(0xc018_aa3f, 0);
    ioctl(0xc020_aa00, page.at_end(&words(&[0x1000, 0x2000, 0x3, 0]))); // UFFDIO_REGISTER
    ioctl(0xc028_aa03, page.at_end(&words(&[0x1000, 0x2000, 0x1000, 0xdead_beef, 0]))); // UFFDIO_COPY
    ioctl(0xc020_aa04, page.at_end(&words(&[0x1000, 0x2000, 0x1, 0]))); // UFFDIO_ZEROPAGE
    ioctl(0x8010_aa02, page.at_end(&words(&[0x1000, 0x2000]))); // UFFDIO_WAKE
    ioctl(0x8010_aa01, page.0 - 8); // UFFDIO_UNREGISTER, cut
}

/// A `struct ifreq` named `name` with `member` after the name.
fn ifreq(name: &[u8], member: &[u8]) -> Vec<u8> {
    let mut bytes = vec![0u8; 40];
    bytes[..name.len()].copy_from_slice(name);
    bytes[16..16 + member.len()].copy_from_slice(member);
    bytes
}

fn sock(page: &Page) {
    let junk = 0xdead_beef_badc_0ded;
    let inet = [2, 0, 0x1f, 0x90, 127, 0, 0, 1];
    ioctl(0x8916, page.at_end(&ifreq(b"lo", &inet))); // SIOCSIFADDR
    ioctl(0x891c, page.at_end(&ifreq(b"0123456789abcdef", &inet))); // SIOCSIFNETMASK, name unterminated
    ioctl(0x8914, page.at_end(&ifreq(b"eth0", &0x1043u16.to_le_bytes()))); // SIOCSIFFLAGS
    ioctl(0x8914, page.at_end(&ifreq(b"eth0", &0x8000_0000u32.to_le_bytes())));
    ioctl(0x8924, page.at_end(&ifreq(b"eth0", &[1, 0, 0x02, 0x11, 0x22, 0x33, 0x44, 0x55, 9, 9]))); // SIOCSIFHWADDR
    ioctl(0x8931, page.at_end(&ifreq(b"eth0", &[0x00, 0x03, 1, 2, 3, 4, 5, 6, 7, 8]))); // SIOCADDMULTI, unknown type
    let map: Vec<u8> = (0..24u8).map(|i| 0x90 + i).collect();
    ioctl(0x8971, page.at_end(&ifreq(b"eth0", &map))); // SIOCSIFMAP
    ioctl(0x8922, page.at_end(&ifreq(b"eth0", &1500i32.to_le_bytes()))); // SIOCSIFMTU
    ioctl(0x8923, page.at_end(&ifreq(b"eth0", b"wan0"))); // SIOCSIFNAME
    ioctl(0x8921, page.at_end(&ifreq(b"eth0", &[]))); // SIOCGIFMTU: fails
    ioctl(0x8910, page.at_end(&ifreq(b"", &1i32.to_le_bytes()))); // SIOCGIFNAME: fails
    ioctl(0x8921, page.0 - 20); // cut
    ioctl(0x89a2, page.at_end(&ifreq(b"", &1i32.to_le_bytes()))); // SIOCBRADDIF: if_nametoindex("lo")
    ioctl(0x89a0, page.at_end(b"br0\0")); // SIOCBRADDBR
    ioctl(0x89a1, page.at_end(b"0123456789abcdefgh")); // SIOCBRDELBR, too long
    ioctl(0x8901, page.at_end(&42i32.to_le_bytes())); // FIOSETOWN
    ioctl(0x8903, 0); // FIOGETOWN: fails
    let mut ifc = 80i32.to_le_bytes().to_vec();
    ifc.extend_from_slice(&[0; 12]);
    ioctl(0x8912, page.at_end(&ifc)); // SIOCGIFCONF, no buffer
    ioctl(0x8912, 0);
    ioctl(0x890b, junk); // SIOCADDRT: the address
    ioctl(0x8946, 0); // SIOCETHTOOL
}

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    let page = Page::new();
    let run: Option<fn(&Page)> = match mode.as_str() {
        "evdev" => Some(evdev),
        "rtc" => Some(rtc),
        "loop" => Some(loop_dev),
        "uffdio" => Some(uffdio),
        "sock" => Some(sock),
        "nsfs" => {
            nsfs();
            None
        }
        other => {
            eprintln!("fixture-ioctl2: unknown mode {other:?}");
            None
        }
    };
    if let Some(run) = run {
        edges::begin();
        run(&page);
        edges::end();
    }
    // SAFETY: ends the process without running atexit handlers (no extra syscalls in the trace).
    unsafe { libc::_exit(0) };
}
