//! Whole ioctl lines of the GPIO, PTP, MTD, UBI, SCSI and perf families from hand-made captures,
//! against what strace 6.1 prints for the same memory.

use tracer_common::event::Capture;
use tracer_common::record::capture_flags::AT_EXIT;

use crate::decode::{Options, XlatStyle};

/// Where the argument points.
pub(super) const P: u64 = 0x7ffc_1e85_8d30;

/// ioctl(-1, code, P) with `captures`, returning `ret`, as `opts` and `xlat` print it.
pub(super) fn styled(code: u32, ret: i64, captures: Vec<Capture>, opts: &Options, xlat: XlatStyle) -> String {
    let args = [u64::MAX, u64::from(code), P, 0, 0, 0];
    crate::decode::test_line::call_text("ioctl", args, Some(ret), captures, opts, xlat)
}

/// [`styled`] with the default options, abbreviated.
pub(super) fn line(code: u32, ret: i64, captures: Vec<Capture>) -> String {
    styled(code, ret, captures, &Options::default(), XlatStyle::Abbrev)
}

fn entry(bytes: Vec<u8>) -> Capture {
    Capture::new(2, 0, bytes)
}

fn exit(bytes: Vec<u8>) -> Capture {
    Capture::new(2, AT_EXIT, bytes)
}

/// `size` zero bytes with `fields` (offset, little-endian bytes) written in.
fn obj(size: usize, fields: &[(usize, &[u8])]) -> Vec<u8> {
    let mut bytes = vec![0; size];
    for &(at, value) in fields {
        bytes[at..at + value.len()].copy_from_slice(value);
    }
    bytes
}

const EBADF: &str = "-1 EBADF (Bad file descriptor)";

#[test]
fn gpio_line_config_attributes_by_id() {
    let flags = 0x102u64.to_le_bytes();
    let one = 1u32.to_le_bytes();
    let config = obj(
        272,
        &[
            (0, &flags),
            (8, &2u32.to_le_bytes()),
            // A flags attribute, then one with padding set: raw, inside attr={...}.
            (32, &one),
            (40, &flags),
            (48, &1u64.to_le_bytes()),
            (56, &one),
            (60, &7u32.to_le_bytes()),
            (64, &0xabu64.to_le_bytes()),
        ],
    );
    // strace 6.1: ioctl(-1, GPIO_V2_LINE_SET_CONFIG_IOCTL, {flags=GPIO_V2_LINE_FLAG_ACTIVE_LOW|
    // GPIO_V2_LINE_FLAG_BIAS_PULL_UP, num_attrs=2, attrs=[{flags=..., mask=0x1}, {attr={id=1,
    // padding=0x7, data=0xab}, mask=0}]}) = -1 EBADF (Bad file descriptor)
    let named = "GPIO_V2_LINE_FLAG_ACTIVE_LOW|GPIO_V2_LINE_FLAG_BIAS_PULL_UP";
    assert_eq!(
        line(0xc110_b40d, -9, vec![entry(config.clone())]),
        format!(
            "ioctl(-1, GPIO_V2_LINE_SET_CONFIG_IOCTL, {{flags={named}, num_attrs=2, attrs=[{{flags={named}, \
             mask=0x1}}, {{attr={{id=1, padding=0x7, data=0xab}}, mask=0}}]}}) = {EBADF}"
        )
    );
    // One byte short of the struct: the address.
    assert_eq!(
        line(0xc110_b40d, -9, vec![entry(config[..271].to_vec())]),
        format!("ioctl(-1, GPIO_V2_LINE_SET_CONFIG_IOCTL, {P:#x}) = {EBADF}")
    );
}

#[test]
fn gpio_line_info_changes_on_success() {
    let before = obj(72, &[(0, &5u32.to_le_bytes())]);
    let after = obj(72, &[(4, &0x8000u32.to_le_bytes()), (8, b"name\0"), (40, &[b'c'; 32])]);
    // strace 6.1: ioctl(-1, GPIO_GET_LINEINFO_IOCTL, {line_offset=5} => {flags=0x8000 /*
    // GPIOLINE_FLAG_??? */, name="name", consumer="ccc..."...}) = 0
    let consumer = "c".repeat(31);
    assert_eq!(
        line(0xc048_b402, 0, vec![entry(before.clone()), exit(after)]),
        format!(
            "ioctl(-1, GPIO_GET_LINEINFO_IOCTL, {{line_offset=5}} => {{flags=0x8000 /* GPIOLINE_FLAG_??? */, \
             name=\"name\", consumer=\"{consumer}\"...}}) = 0"
        )
    );
    // On failure only what the caller passed.
    assert_eq!(
        line(0xc048_b402, -9, vec![entry(before)]),
        format!("ioctl(-1, GPIO_GET_LINEINFO_IOCTL, {{line_offset=5}}) = {EBADF}")
    );
}

#[test]
fn ptp_times_without_dates_in_raw_style() {
    let perout = obj(56, &[(0, &7u64.to_le_bytes()), (16, &1u64.to_le_bytes()), (36, &4u32.to_le_bytes())]);
    // strace 6.1 -X raw: ioctl(-1, 0x40383d03, {phase={sec=7, nsec=0}, period={sec=1, nsec=0},
    // index=0, flags=0x4}) = -1 EBADF (Bad file descriptor)
    assert_eq!(
        styled(0x4038_3d03, -9, vec![entry(perout)], &Options::default(), XlatStyle::Raw),
        format!("ioctl(-1, 0x40383d03, {{phase={{sec=7, nsec=0}}, period={{sec=1, nsec=0}}, index=0, flags=0x4}}) = {EBADF}")
    );
    // PTP_SYS_OFFSET_EXTENDED after a success: n_samples (capped at 25) triples of times.
    let mut extended = obj(1216, &[(0, &1u32.to_le_bytes()), (8, &9u32.to_le_bytes())]);
    extended[16 + 12] = 1;
    assert_eq!(
        line(0xc4c0_3d09, 0, vec![entry(extended.clone()), exit(extended)]),
        "ioctl(-1, PTP_SYS_OFFSET_EXTENDED, {n_samples=1, rsv=[0, 0x9, 0], ts=[[{sec=0, nsec=0, reserved=0x1}, \
         {sec=0, nsec=0}, {sec=0, nsec=0}]]}) = 0"
    );
}

#[test]
fn mtd_and_ubi_values() {
    // strace 6.1: ioctl(-1, MIXER_READ(13) or OTPSELECT, [0x7 /* MTD_OTP_??? */]) = -1 EBADF
    assert_eq!(
        line(0x8004_4d0d, -9, vec![entry(7u32.to_le_bytes().to_vec())]),
        format!("ioctl(-1, MIXER_READ(13) or OTPSELECT, [0x7 /* MTD_OTP_??? */]) = {EBADF}")
    );
    // A negative name length reads no name: strace 6.1 prints name=""...
    let mkvol = obj(152, &[(16, &[4, 1]), (18, &(-1i16).to_le_bytes()), (24, b"v\0")]);
    assert_eq!(
        line(0x4098_6f00, -9, vec![entry(mkvol)]),
        format!(
            "ioctl(-1, UBI_IOCMKVOL, {{vol_id=0, alignment=0, bytes=0, vol_type=UBI_STATIC_VOLUME, \
             flags=UBI_VOL_SKIP_CRC_CHECK_FLG, name_len=-1, name=\"\"...}}) = {EBADF}"
        )
    );
}

#[test]
fn scsi_reset_and_perf_filter() {
    // strace 6.1: ioctl(-1, SG_SCSI_RESET, [SG_SCSI_RESET_NO_ESCALATE|SG_SCSI_RESET_DEVICE]) = ...
    assert_eq!(
        line(0x2284, -9, vec![entry(0x101u32.to_le_bytes().to_vec())]),
        format!("ioctl(-1, SG_SCSI_RESET, [SG_SCSI_RESET_NO_ESCALATE|SG_SCSI_RESET_DEVICE]) = {EBADF}")
    );
    let opts = Options { strlen: 4, ..Options::default() };
    // Longer than -s: cut; no NUL and shorter than -s: unreadable, the address.
    assert_eq!(
        styled(0x4008_2406, -9, vec![entry(b"abcdef".to_vec())], &opts, XlatStyle::Abbrev),
        format!("ioctl(-1, PERF_EVENT_IOC_SET_FILTER, \"abcd\"...) = {EBADF}")
    );
    assert_eq!(
        styled(0x4008_2406, -9, vec![entry(b"ab\0".to_vec())], &opts, XlatStyle::Abbrev),
        format!("ioctl(-1, PERF_EVENT_IOC_SET_FILTER, \"ab\") = {EBADF}")
    );
    assert_eq!(
        styled(0x4008_2406, -9, vec![entry(b"abc".to_vec())], &opts, XlatStyle::Abbrev),
        format!("ioctl(-1, PERF_EVENT_IOC_SET_FILTER, {P:#x}) = {EBADF}")
    );
}
