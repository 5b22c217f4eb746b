//! GPIO, PTP clock, MTD, UBI, SCSI generic and perf event ioctl requests on descriptor -1: every call fails with EBADF (or,
//! under `-e inject`, "succeeds" without the kernel touching memory), and strace and tracer print
//! what the caller passed. Objects sit at the end of a page before an unmapped one; one of each
//! kind crosses into it (unreadable), and NULL is passed too.
//! Usage: fixture-ioctl3 MODE, MODE one of `gpio`, `ptp`, `mtd`, `ubi`, `scsi`, `perf`.

use tracer_tests::edges;

/// `ioctl(-1, code, arg)`.
fn ioctl(code: u32, arg: u64) {
    // SAFETY: on descriptor -1 the call fails with EBADF and touches no memory.
    unsafe { libc::syscall(libc::SYS_ioctl, -1, libc::c_ulong::from(code), arg) };
}

/// A struct under construction: little-endian fields at offsets.
struct Obj(Vec<u8>);

impl Obj {
    fn new(size: usize) -> Self {
        Obj(vec![0; size])
    }
    fn put(&mut self, at: usize, bytes: &[u8]) -> &mut Self {
        self.0[at..at + bytes.len()].copy_from_slice(bytes);
        self
    }
    fn u32(&mut self, at: usize, value: u32) -> &mut Self {
        self.put(at, &value.to_le_bytes())
    }
    fn u64(&mut self, at: usize, value: u64) -> &mut Self {
        self.put(at, &value.to_le_bytes())
    }
}

/// The end of a page followed by an unmapped one.
struct Page(u64);

impl Page {
    /// `obj` copied to the end of the page; its address.
    fn place(&self, obj: &Obj) -> u64 {
        let at = self.0 - obj.0.len() as u64;
        // SAFETY: `at..self.0` lies in the mapped page (objects are smaller than a page).
        unsafe { std::ptr::copy_nonoverlapping(obj.0.as_ptr(), at as *mut u8, obj.0.len()) };
        at
    }
    /// `ioctl(-1, code, obj at the page's end)`, then the same object one byte into the unmapped
    /// page when `crossing`.
    fn call(&self, code: u32, obj: &Obj, crossing: bool) {
        let at = self.place(obj);
        ioctl(code, at);
        if crossing {
            ioctl(code, at + 1);
        }
    }
}

fn gpio(page: &Page) {
    ioctl(0x8044_b401, 0); // GPIO_GET_CHIPINFO_IOCTL
    let mut chip = Obj::new(68);
    chip.put(0, b"chip\0").put(32, b"label\0").u32(64, 8);
    page.call(0x8044_b401, &chip, true);
    let mut info = Obj::new(72);
    info.u32(0, 5).u32(4, 0xc).put(8, b"line\0").put(40, b"consumer\0");
    page.call(0xc048_b402, &info, true); // GPIO_GET_LINEINFO_IOCTL
    page.call(0xc004_b40c, Obj::new(4).u32(0, 7), false); // GPIO_GET_LINEINFO_UNWATCH_IOCTL
    let mut handle = Obj::new(364);
    for i in 0..64 {
        handle.u32(i * 4, i as u32 + 1).put(260 + i, &[i as u8 * 2]);
    }
    handle.u32(256, 0x14).put(324, b"handle\0").u32(356, 3);
    page.call(0xc16c_b403, &handle, true); // GPIO_GET_LINEHANDLE_IOCTL
    handle.u32(356, 70).u32(256, 0x8000);
    page.call(0xc16c_b403, &handle, false);
    let mut event = Obj::new(48);
    event.u32(0, 4).u32(4, 0x1).u32(8, 0x3).put(12, &[b'x'; 32]);
    page.call(0xc030_b404, &event, false); // GPIO_GET_LINEEVENT_IOCTL
    let mut values = Obj::new(64);
    for i in 0..64 {
        values.put(i, &[i as u8]);
    }
    page.call(0xc040_b409, &values, false); // GPIOHANDLE_SET_LINE_VALUES_IOCTL
    page.call(0xc040_b408, &values, false); // GPIOHANDLE_GET_LINE_VALUES_IOCTL
    let mut config = Obj::new(84);
    config.u32(0, 0x8003).put(4, &[1; 64]);
    page.call(0xc054_b40a, &config, true); // GPIOHANDLE_SET_CONFIG_IOCTL
    let mut info2 = Obj::new(256);
    info2.u32(64, 9).u32(68, 2).u64(72, 0x102);
    page.call(0xc100_b405, &info2, true); // GPIO_V2_GET_LINEINFO_IOCTL
    page.call(0xc100_b406, &info2, false); // GPIO_V2_GET_LINEINFO_WATCH_IOCTL
    let mut line_config = Obj::new(272);
    line_config.u64(0, 0x1_0000_0006).u32(8, 5).u32(16, 0xface);
    // Attributes: flags, output values, debounce, an unknown id, flags with padding.
    for (i, (id, padding, value)) in
        [(1, 0, 0x102u64), (2, 0, 0xff), (3, 0, 1000), (9, 0, 0xdead), (1, 7, 0x2)].into_iter().enumerate()
    {
        let at = 32 + i * 24;
        line_config.u32(at, id).u32(at + 4, padding).u64(at + 8, value).u64(at + 16, 1 << i);
    }
    page.call(0xc110_b40d, &line_config, true); // GPIO_V2_LINE_SET_CONFIG_IOCTL
    let mut request = Obj::new(592);
    for i in 0..64 {
        request.u32(i * 4, i as u32 * 3);
    }
    request.put(256, b"request\0").put(288, &line_config.0).u32(560, 40).u32(564, 16).u32(572, 1);
    page.call(0xc250_b407, &request, true); // GPIO_V2_GET_LINE_IOCTL
    let mut bits = Obj::new(16);
    bits.u64(0, 0xf0).u64(8, 0xff);
    page.call(0xc010_b40e, &bits, false); // GPIO_V2_LINE_GET_VALUES_IOCTL
    page.call(0xc010_b40f, &bits, true); // GPIO_V2_LINE_SET_VALUES_IOCTL
}

/// A `struct ptp_clock_time` at `at`.
fn time(obj: &mut Obj, at: usize, sec: i64, nsec: u32, reserved: u32) {
    obj.put(at, &sec.to_le_bytes()).u32(at + 8, nsec).u32(at + 12, reserved);
}

fn ptp(page: &Page) {
    ioctl(0x8050_3d01, 0); // PTP_CLOCK_GETCAPS
    page.call(0x8050_3d0a, &Obj::new(80), true); // PTP_CLOCK_GETCAPS2
    let mut extts = Obj::new(16);
    extts.u32(0, 2).u32(4, 0xf0000007).u32(12, 5);
    page.call(0x4010_3d02, &extts, false); // PTP_EXTTS_REQUEST
    page.call(0x4010_3d0b, &extts, true); // PTP_EXTTS_REQUEST2
    let mut perout = Obj::new(56);
    time(&mut perout, 0, 1_700_000_000, 5, 0);
    time(&mut perout, 16, 1, 500, 3);
    perout.u32(32, 1).u32(36, 0x1).u32(52, 9);
    page.call(0x4038_3d03, &perout, false); // PTP_PEROUT_REQUEST
    page.call(0x4038_3d0c, &perout, false); // PTP_PEROUT_REQUEST2
    perout.u32(36, 0x6);
    time(&mut perout, 40, 2, 2_000_000_000, 0);
    page.call(0x4038_3d0c, &perout, true);
    page.call(0x4060_3d10, Obj::new(96).u32(64, 1).u32(68, 2).u32(72, 3).u32(80, 4), false); // PTP_PIN_SETFUNC2
    let mut pin = Obj::new(96);
    pin.put(0, b"pin name\0").u32(64, 1).u32(68, 9).u32(92, 8);
    page.call(0xc060_3d06, &pin, false); // PTP_PIN_GETFUNC
    page.call(0xc060_3d0f, &pin, true); // PTP_PIN_GETFUNC2
    let mut offset = Obj::new(832);
    offset.u32(0, 2).u32(8, 1);
    for i in 0..51 {
        time(&mut offset, 16 + i * 16, 1_600_000_000 + i as i64, i as u32, (i % 2) as u32);
    }
    page.call(0x4340_3d05, &offset, true); // PTP_SYS_OFFSET
    offset.u32(0, 40);
    page.call(0x4340_3d0e, &offset, false); // PTP_SYS_OFFSET2
    let mut precise = Obj::new(64);
    time(&mut precise, 0, 1_650_000_000, 0, 0);
    time(&mut precise, 16, -5, 7, 0);
    time(&mut precise, 32, 12, 13, 0);
    page.call(0xc040_3d08, &precise, true); // PTP_SYS_OFFSET_PRECISE
    let mut extended = Obj::new(1216);
    extended.u32(0, 2);
    for i in 0..75 {
        time(&mut extended, 16 + i * 16, 1_500_000_000 - i as i64, 1000, 0);
    }
    page.call(0xc4c0_3d09, &extended, true); // PTP_SYS_OFFSET_EXTENDED
    ioctl(0x4004_3d04, 1); // PTP_ENABLE_PPS
}

fn mtd(page: &Page) {
    page.call(0x4008_4d02, Obj::new(8).u32(0, 0x1000).u32(4, 0x2000), true); // MEMERASE
    page.call(0x4010_4d14, Obj::new(16).u64(0, 1 << 40).u64(8, 4096), false); // MEMERASE64
    page.call(0xc010_4d03, Obj::new(16).u32(0, 1).u32(4, 2).u64(8, 0x1234), false); // MEMWRITEOOB
    page.call(0xc018_4d16, Obj::new(24).u64(0, 1).u32(12, 2), false); // MEMREADOOB64
    let mut write = Obj::new(48);
    write.u64(0, 1).u64(8, 2).u64(16, 3).u64(24, 0x4000).put(40, &[1]);
    page.call(0xc030_4d18, &write, true); // MEMWRITE
    page.call(0x800c_4d10, Obj::new(12).u32(0, 5).u32(8, 1), false); // OTPLOCK
    page.call(0x8004_4d0d, Obj::new(4).u32(0, 2), false); // OTPSELECT
    page.call(0x8004_4d0d, Obj::new(4).u32(0, 7), false);
    ioctl(0x4d13, 3); // MTDFILEMODE
    ioctl(0x4d13, 9);
    page.call(0x4008_4d0b, Obj::new(8).u64(0, 4096), false); // MEMGETBADBLOCK
    page.call(0xc010_4d08, Obj::new(16).u32(12, 3), true); // MEMGETREGIONINFO
    page.call(0x8020_4d01, &Obj::new(32), false); // MEMGETINFO
    page.call(0x8148_4d11, &Obj::new(328), false); // ECCGETLAYOUT
    page.call(0x8004_4d07, &Obj::new(4), false); // MEMGETREGIONCOUNT
}

fn ubi(page: &Page) {
    let mut mkvol = Obj::new(152);
    mkvol.u32(0, 1).u32(4, 4).u64(8, 1 << 20).put(16, &[3, 1]).put(18, &5u16.to_le_bytes());
    mkvol.put(24, b"volume\0");
    page.call(0x4098_6f00, &mkvol, true); // UBI_IOCMKVOL
    mkvol.put(16, &[9, 6]).put(18, &(-1i16).to_le_bytes());
    page.call(0x4098_6f00, &mkvol, false);
    page.call(0x4018_6f40, Obj::new(24).u32(0, 1).u32(4, 2).put(12, &(-3i16).to_le_bytes()), true); // UBI_IOCATT
    page.call(0x400c_6f02, Obj::new(12).u64(0, 1 << 30).u32(8, 3), false); // UBI_IOCRSVOL
    page.call(0x4004_4f02, Obj::new(16).u32(0, 1).u32(4, 2).put(8, &[3]), false); // UBI_IOCEBCH
    page.call(0x4008_4f03, Obj::new(8).u32(0, 1).put(4, &[7]), false); // UBI_IOCEBMAP
    page.call(0x4010_4f06, Obj::new(16).put(0, &[1]).u64(8, 1), false); // UBI_IOCSETVOLPROP
    page.call(0x4008_4f00, Obj::new(8).u64(0, u64::MAX), false); // UBI_IOCVOLUP
    page.call(0x4004_6f01, Obj::new(4).u32(0, 4), true); // UBI_IOCRMVOL
    ioctl(0x4f08, 0xdead); // UBI_IOCVOLRMBLK: no argument
}

fn scsi(page: &Page) {
    ioctl(0x2202, 0xdead); // SG_GET_TIMEOUT: no argument
    page.call(0x2201, Obj::new(4).u32(0, 60), true); // SG_SET_TIMEOUT
    page.call(0x2203, &Obj::new(4), false); // SG_EMULATED_HOST
    ioctl(0x2204, 0x1_0000_0005); // SG_SET_TRANSFORM
    page.call(0x2284, Obj::new(4).u32(0, 0x101), false); // SG_SCSI_RESET
    page.call(0x2284, Obj::new(4).u32(0, 3), false);
    page.call(0x2284, Obj::new(4).u32(0, 0x42), true);
    ioctl(0x2285, 0); // SG_IO
    page.call(0x2285, Obj::new(4).u32(0, 7), true);
    page.call(0x2276, &Obj::new(32), false); // SG_GET_SCSI_ID
    page.call(0x2286, &Obj::new(24), false); // SG_GET_REQUEST_TABLE
}

fn perf(page: &Page) {
    ioctl(0x2400, 1); // PERF_EVENT_IOC_ENABLE
    ioctl(0x2401, 6); // PERF_EVENT_IOC_DISABLE
    ioctl(0x2403, 0); // PERF_EVENT_IOC_RESET
    ioctl(0x2402, 0xffff_ffff_ffff_fffe); // PERF_EVENT_IOC_REFRESH
    page.call(0x4008_2404, Obj::new(8).u64(0, 1000), true); // PERF_EVENT_IOC_PERIOD
    ioctl(0x2405, 0xffff_ffff); // PERF_EVENT_IOC_SET_OUTPUT
    page.call(0x4008_2406, Obj::new(6).put(0, b"a > 1\0"), false); // PERF_EVENT_IOC_SET_FILTER
    page.call(0x4008_2406, Obj::new(40).put(0, &[b'f'; 40]), false);
    page.call(0x4008_2406, Obj::new(8).put(0, &[b'g'; 8]), false);
    page.call(0x8008_2407, &Obj::new(8), false); // PERF_EVENT_IOC_ID
    ioctl(0x4004_2409, 3); // PERF_EVENT_IOC_PAUSE_OUTPUT
    page.call(0xc008_240a, Obj::new(16).u32(0, 2).u32(4, 2).u32(8, 7).u32(12, 8), true); // PERF_EVENT_IOC_QUERY_BPF
    page.call(0xc008_240a, Obj::new(12).u32(0, 2).u32(4, 2).u32(8, 7), false);
}

fn main() {
    let mode = std::env::args().nth(1).unwrap_or_default();
    let page = Page(edges::page_end());
    let run: fn(&Page) = match mode.as_str() {
        "gpio" => gpio,
        "ptp" => ptp,
        "mtd" => mtd,
        "ubi" => ubi,
        "scsi" => scsi,
        "perf" => perf,
        other => {
            eprintln!("fixture-ioctl3: unknown mode {other:?}");
            // SAFETY: ends the process.
            unsafe { libc::_exit(2) };
        }
    };
    edges::begin();
    run(&page);
    edges::end();
    // SAFETY: ends the process without running atexit handlers (no extra syscalls in the trace).
    unsafe { libc::_exit(0) };
}
