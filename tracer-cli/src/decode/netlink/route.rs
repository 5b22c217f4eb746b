//! NETLINK_ROUTE messages (strace's `decode_netlink_route` and `rtnl_*.c`).

use super::{Header, Nl};
use crate::decode::printer::Printer;

/// A route message's payload; false when strace has no decoder for its type.
pub fn decode<P: Printer + ?Sized>(_p: &mut P, _nl: &Nl, _header: &Header, _addr: u64, _len: u64) -> bool {
    false
}
