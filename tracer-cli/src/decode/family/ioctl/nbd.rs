//! Network block device requests (type 0xab), as strace 6.1's `nbd_ioctl`.

use crate::decode::printer::Printer;
use crate::decode::tables::NBD_IOCTL_FLAGS;
use crate::decode::Ctx;

/// Network block device requests (`nbd_ioctl`): a descriptor, sizes and flags by value.
pub fn decode<P: Printer + ?Sized>(p: &mut P, ctx: &Ctx, code: u32) -> bool {
    let arg = ctx.arg(2);
    match code {
        // NBD_DISCONNECT, NBD_CLEAR_SOCK, NBD_DO_IT, NBD_CLEAR_QUE, NBD_PRINT_DEBUG.
        0xab08 | 0xab04 | 0xab03 | 0xab05 | 0xab06 => {}
        // NBD_SET_SOCK.
        0xab00 => ctx.fd(p, arg as i32),
        // NBD_SET_BLKSIZE, NBD_SET_SIZE, NBD_SET_SIZE_BLOCKS, NBD_SET_TIMEOUT.
        0xab01 | 0xab02 | 0xab07 | 0xab09 => p.uint(arg),
        // NBD_SET_FLAGS.
        0xab0a => crate::decode::xlat::flags(p, NBD_IOCTL_FLAGS, arg, "NBD_IOC_FLAG_???"),
        _ => return false,
    }
    true
}
