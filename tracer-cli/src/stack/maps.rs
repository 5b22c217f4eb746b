//! A process's mappings as strace's mmap cache reads `/proc/PID/maps`: only the lines that name
//! something (a file, `[vdso]`, `[stack]`...), in ascending order, duplicates and overlaps left
//! out. A frame's file and offset come from here.

/// One named mapping.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mapping {
    pub start: u64,
    pub end: u64,
    /// The file offset of `start`.
    pub offset: u64,
    pub executable: bool,
    /// As the maps line shows it (` (deleted)` included).
    pub path: Vec<u8>,
}

impl Mapping {
    /// A pseudo-file of the kernel's (`[vdso]`, `[heap]`): no file to open.
    pub fn is_special(&self) -> bool {
        self.path.first() == Some(&b'[')
    }
}

/// The named mappings of one process, sorted by address.
#[derive(Clone, Debug, Default)]
pub struct Maps {
    pub mappings: Vec<Mapping>,
}

impl Maps {
    /// `/proc/PID/maps` now (empty if it cannot be read: the process is gone).
    pub fn read(pid: u32) -> Maps {
        let text = std::fs::read(format!("/proc/{pid}/maps")).unwrap_or_default();
        Maps::parse(&text)
    }

    /// Parse a maps file's text.
    pub fn parse(text: &[u8]) -> Maps {
        let mut mappings: Vec<Mapping> = Vec::new();
        for line in text.split(|&b| b == b'\n') {
            let Some(mapping) = parse_line(line) else { continue };
            if let Some(last) = mappings.last() {
                if last.start == mapping.start && last.end == mapping.end {
                    continue;
                }
                if mapping.start <= last.start || mapping.start < last.end {
                    continue;
                }
            }
            mappings.push(mapping);
        }
        Maps { mappings }
    }

    /// The mapping holding `addr`.
    pub fn find(&self, addr: u64) -> Option<&Mapping> {
        let after = self.mappings.partition_point(|m| m.start <= addr);
        self.mappings.get(after.checked_sub(1)?).filter(|m| addr < m.end)
    }
}

/// `start-end perms offset dev inode path`; `None` for a line without a path or in another form.
fn parse_line(line: &[u8]) -> Option<Mapping> {
    let text = std::str::from_utf8(line.get(..line.iter().position(|&b| b == b' ')?)?).ok()?;
    let (start, end) = text.split_once('-')?;
    let (start, end) = (u64::from_str_radix(start, 16).ok()?, u64::from_str_radix(end, 16).ok()?);
    let mut fields = line.splitn(6, |&b| b == b' ');
    fields.next()?;
    let perms = fields.next()?;
    let offset = u64::from_str_radix(std::str::from_utf8(fields.next()?).ok()?, 16).ok()?;
    fields.next()?; // dev
    let rest = fields.next()?; // inode
    std::str::from_utf8(rest).ok()?.parse::<u64>().ok()?;
    let path = fields.next()?.trim_ascii_start();
    if path.is_empty() || end < start {
        return None;
    }
    let ok = |i: usize, set: &[u8]| perms.get(i).is_some_and(|b| set.contains(b));
    if !(ok(0, b"-r") && ok(1, b"-w") && ok(2, b"-x") && ok(3, b"ps")) {
        return None;
    }
    Some(Mapping { start, end, offset, executable: perms[2] == b'x', path: path.to_vec() })
}

#[cfg(test)]
mod tests {
    use super::*;

    const MAPS: &[u8] = b"\
55f60e72b000-55f60e72d000 r--p 00000000 fe:00 247030                     /usr/bin/cat
55f60e72d000-55f60e732000 r-xp 00002000 fe:00 247030                     /usr/bin/cat
55f60f000000-55f60f021000 rw-p 00000000 00:00 0                          [heap]
7f0000000000-7f0000001000 rw-p 00000000 00:00 0 
7f1000000000-7f1000002000 r-xp 00000000 00:00 0                          [vdso]
7f1000002000-7f1000003000 r-xp 00000000 00:00 0                          /tmp/gone (deleted)
ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]
ffffffffff600000-ffffffffff601000 --xp 00000000 00:00 0                  [vsyscall]
";

    #[test]
    fn named_mappings_are_kept_in_order_anonymous_ones_and_duplicates_are_not() {
        let maps = Maps::parse(MAPS);
        let paths: Vec<&[u8]> = maps.mappings.iter().map(|m| &m.path[..]).collect();
        let want: [&[u8]; 6] =
            [b"/usr/bin/cat", b"/usr/bin/cat", b"[heap]", b"[vdso]", b"/tmp/gone (deleted)", b"[vsyscall]"];
        assert_eq!(paths, want);
        let text = maps.find(0x55f6_0e72_d123).expect("in cat's text");
        assert_eq!((text.offset, text.executable, text.is_special()), (0x2000, true, false));
        assert!(maps.find(0x7f00_0000_0800).is_none(), "anonymous memory is in no entry");
        assert!(maps.find(0x55f6_0e73_2000).is_none(), "the end is outside");
        assert!(maps.find(0x7f10_0000_0010).is_some_and(Mapping::is_special));
        assert!(Maps::parse(b"garbage\n1-2 r-xp zz 0 0 /x\n").mappings.is_empty());
    }
}
