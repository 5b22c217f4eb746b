//! `-e trace-fds=SET` (which descriptors' calls are shown) and `-e decode-fds=SET`, `-y`, `-yy`
//! (what is printed after a descriptor).

use super::{InvalidToken, Qualifiable};

/// `-e trace-fds=`: descriptor numbers (0..=1023 kept as a bitmap, like strace's number sets).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FdSet {
    bits: [u64; 16],
    /// Descriptors 1024 and up are in the set too (`all`, `!3`), except those in `listed`.
    high: bool,
    /// Descriptors 1024 and up named in the set (-1: a free slot): in it when `high` is not.
    listed: [i32; LISTED],
}

/// How many descriptors of 1024 and up a set can name.
const LISTED: usize = 8;

impl FdSet {
    pub const NONE: FdSet = FdSet { bits: [0; 16], high: false, listed: [-1; LISTED] };

    pub fn contains(&self, fd: i32) -> bool {
        match usize::try_from(fd) {
            Ok(fd) if fd < 1024 => self.bits[fd / 64] & (1 << (fd % 64)) != 0,
            Ok(_) => self.high != self.listed.contains(&fd),
            Err(_) => false,
        }
    }

    /// strace's grammar ([`super::parse`]) over descriptor numbers (at most [`LISTED`] of them
    /// 1024 or more).
    pub fn parse(text: &str) -> Result<FdSet, InvalidToken> {
        super::parse(text)
    }
}

impl Qualifiable for FdSet {
    type Error = InvalidToken;

    fn all() -> Self {
        FdSet { bits: [u64::MAX; 16], high: true, listed: [-1; LISTED] }
    }

    fn none() -> Self {
        FdSet::NONE
    }

    fn add(&mut self, token: &str) -> Result<(), InvalidToken> {
        let bad = || InvalidToken::new("descriptor", token);
        let fd = token.parse::<i32>().ok().filter(|&fd| fd >= 0).ok_or_else(bad)?;
        match usize::try_from(fd) {
            Ok(low) if low < 1024 => self.bits[low / 64] |= 1 << (low % 64),
            _ if self.listed.contains(&fd) => {}
            _ => *self.listed.iter_mut().find(|slot| **slot < 0).ok_or_else(bad)? = fd,
        }
        Ok(())
    }

    fn invert(&mut self) {
        self.bits.iter_mut().for_each(|word| *word = !*word);
        self.high = !self.high;
    }

    fn empty(text: &str) -> InvalidToken {
        InvalidToken::new("descriptor", text)
    }
}

/// What `-y`, `-yy` and `-e decode-fds=` ask for (strace's decode-fds set).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DecodeFds {
    /// Paths (`-y`).
    pub path: bool,
    /// Socket endpoints (`-yy`).
    pub socket: bool,
    /// Device numbers of block and character devices (`-yy`).
    pub dev: bool,
    /// The pid a pidfd refers to (`-yy`).
    pub pidfd: bool,
}

impl DecodeFds {
    pub const NONE: DecodeFds = DecodeFds { path: false, socket: false, dev: false, pidfd: false };
    pub const PATH: DecodeFds = DecodeFds { path: true, ..DecodeFds::NONE };
    pub const ALL: DecodeFds = DecodeFds { path: true, socket: true, dev: true, pidfd: true };

    pub fn any(&self) -> bool {
        self.path || self.socket || self.dev || self.pidfd
    }

    /// strace's grammar ([`super::parse`]) over `all`, `none`, `path`, `socket`, `dev`, `pidfd`.
    pub fn parse(text: &str) -> Result<DecodeFds, InvalidToken> {
        super::parse(text)
    }
}

impl Qualifiable for DecodeFds {
    type Error = InvalidToken;

    fn all() -> Self {
        DecodeFds::ALL
    }

    fn none() -> Self {
        DecodeFds::NONE
    }

    fn add(&mut self, token: &str) -> Result<(), InvalidToken> {
        match token {
            "all" => *self = DecodeFds::ALL,
            "none" => {}
            "path" => self.path = true,
            "socket" => self.socket = true,
            "dev" => self.dev = true,
            "pidfd" => self.pidfd = true,
            _ => return Err(InvalidToken::new("decode-fds", token)),
        }
        Ok(())
    }

    fn invert(&mut self) {
        *self = DecodeFds { path: !self.path, socket: !self.socket, dev: !self.dev, pidfd: !self.pidfd };
    }

    fn empty(text: &str) -> InvalidToken {
        InvalidToken::new("decode-fds", text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fd_sets_parse_like_strace_number_sets() {
        let set = FdSet::parse("0,2").expect("parses");
        assert!(set.contains(0) && set.contains(2) && !set.contains(1) && !set.contains(-1));
        let not = FdSet::parse("!2").expect("parses");
        assert!(not.contains(1) && !not.contains(2) && not.contains(5000));
        assert!(FdSet::parse("all").expect("parses").contains(1023));
        assert!(!FdSet::parse("none").expect("parses").contains(0));
        let message = |text| FdSet::parse(text).map_err(|e| e.to_string());
        assert_eq!(message("x"), Err("invalid descriptor 'x'".to_string()));
        assert_eq!(message("-1"), Err("invalid descriptor '-1'".to_string()));
        // strace's `-e read=19998`: numbers past 1024 too.
        let high = FdSet::parse("19998,3").expect("parses");
        assert!(high.contains(19998) && high.contains(3) && !high.contains(19999));
        let not_high = FdSet::parse("!19998").expect("parses");
        assert!(!not_high.contains(19998) && not_high.contains(19999) && not_high.contains(3));
        assert_eq!(message(""), Err("invalid descriptor ''".to_string()));
    }

    #[test]
    fn decode_fds_sets_parse_like_strace() {
        assert_eq!(DecodeFds::parse("all"), Ok(DecodeFds::ALL));
        assert_eq!(DecodeFds::parse("none"), Ok(DecodeFds::NONE));
        assert_eq!(DecodeFds::parse("!path"), Ok(DecodeFds { path: false, ..DecodeFds::ALL }));
        assert_eq!(DecodeFds::parse("path,dev"), Ok(DecodeFds { path: true, dev: true, ..DecodeFds::NONE }));
        assert_eq!(DecodeFds::parse("foo").map_err(|e| e.token), Err("foo".into()));
        assert_eq!(DecodeFds::parse("").map_err(|e| e.token), Err(String::new()));
    }
}
