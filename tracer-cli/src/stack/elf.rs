//! What `-k` needs of one ELF image, read once with `object` and kept: its function symbols (to
//! name frames as libunwind does for strace), its loadable segments (to place it in a process),
//! and the sections framehop unwinds with.

use std::ops::{Deref, Range};
use std::sync::Arc;

use object::elf::{PT_LOAD, SHN_ABS, SHN_UNDEF, STT_FUNC};
use object::read::elf::{ElfFile64, ProgramHeader, Sym};
use object::{Endianness, Object, ObjectSection};

/// Section bytes shared between the cache and every process's unwinder.
#[derive(Clone, Debug)]
pub struct Bytes(Arc<[u8]>);

impl Default for Bytes {
    fn default() -> Self {
        Bytes(Arc::from(&[][..]))
    }
}

impl Deref for Bytes {
    type Target = [u8];
    fn deref(&self) -> &[u8] {
        &self.0
    }
}

/// One section: where the image says it is, and its bytes.
#[derive(Clone, Debug)]
pub struct Section {
    pub svma: Range<u64>,
    pub data: Bytes,
}

/// One ELF image, digested.
#[derive(Debug, Default)]
pub struct ElfInfo {
    /// Function symbols (address as stated in the image, name), sorted by address; among equal
    /// addresses, in the order libunwind meets them (.dynsym's, then .symtab's).
    symbols: Vec<(u64, Box<[u8]>)>,
    /// The image's size: libunwind names no symbol farther than that from the address.
    pub size: u64,
    /// `PT_LOAD` segments: (file offset, virtual address).
    loads: Vec<(u64, u64)>,
    pub text: Option<Section>,
    pub eh_frame: Option<Section>,
    pub eh_frame_hdr: Option<Section>,
    pub debug_frame: Option<Bytes>,
    pub got: Option<Range<u64>>,
    /// The name in `.gnu_debuglink`: a separate file with the symbols.
    pub debuglink: Option<Vec<u8>>,
    /// The `PT_LOAD` segments of the file the symbols came from, when not this one.
    symbol_loads: Option<Vec<(u64, u64)>>,
}

const PAGE_MASK: u64 = 0xfff;

impl ElfInfo {
    /// Digest `data`; `None` if it is not a 64-bit ELF image.
    pub fn parse(data: &[u8]) -> Option<ElfInfo> {
        let file = ElfFile64::<Endianness>::parse(data).ok()?;
        let endian = file.endian();
        let loads = file
            .elf_program_headers()
            .iter()
            .filter(|ph| ph.p_type(endian) == PT_LOAD)
            .map(|ph| (ph.p_offset(endian), ph.p_vaddr(endian)))
            .collect();
        let mut symbols = Vec::new();
        // libunwind walks the section table in order: .dynsym comes before .symtab in every
        // linker's layout.
        for table in [file.elf_dynamic_symbol_table(), file.elf_symbol_table()] {
            for sym in table.iter() {
                let shndx = sym.st_shndx(endian);
                if sym.st_type() != STT_FUNC || shndx == SHN_UNDEF || shndx == SHN_ABS {
                    continue;
                }
                let name = table.symbol_name(endian, sym).unwrap_or_default();
                symbols.push((sym.st_value(endian), Box::from(name)));
            }
        }
        // Stable: equal addresses keep the order they were met in, and the first one wins.
        symbols.sort_by_key(|(addr, _)| *addr);
        let section = |name: &str| {
            let section = file.section_by_name(name)?;
            let data = section.data().ok()?;
            Some(Section {
                svma: section.address()..section.address() + section.size(),
                data: Bytes(Arc::from(data)),
            })
        };
        Some(ElfInfo {
            symbols,
            size: data.len() as u64,
            loads,
            text: section(".text"),
            eh_frame: section(".eh_frame"),
            eh_frame_hdr: section(".eh_frame_hdr"),
            debug_frame: section(".debug_frame").map(|s| s.data),
            got: section(".got").map(|s| s.svma),
            debuglink: file.gnu_debuglink().ok().flatten().map(|(name, _crc)| name.to_vec()),
            symbol_loads: None,
        })
    }

    /// Name frames from the symbols of `debug` (the file `.gnu_debuglink` led to; not an ELF
    /// image: none), as libunwind does: bounded by its size, and placed by its own segments
    /// (which `objcopy --only-keep-debug` moves: in a PIE, no segment then matches a mapping, the
    /// bias is 0, and no symbol is near enough).
    pub fn symbols_from(&mut self, debug: Option<ElfInfo>, debug_size: u64) {
        let (symbols, loads) = debug.map(|d| (d.symbols, d.loads)).unwrap_or_default();
        self.symbols = symbols;
        self.symbol_loads = Some(loads);
        self.size = debug_size;
    }

    /// What to add to the image's addresses to get the process's, for a mapping of file offset
    /// `map_offset` at `map_start`: libunwind's load offset (the `PT_LOAD` whose page holds the
    /// mapping's first byte; 0 when none does).
    pub fn bias(&self, map_start: u64, map_offset: u64) -> u64 {
        load_offset(&self.loads, map_start, map_offset)
    }

    /// [`ElfInfo::bias`] for the symbols' addresses (libunwind's, from the file they came from).
    pub fn symbol_bias(&self, map_start: u64, map_offset: u64) -> u64 {
        load_offset(self.symbol_loads.as_deref().unwrap_or(&self.loads), map_start, map_offset)
    }

    /// The function symbol nearest below or at `addr` (an address as the image states it) and
    /// how far `addr` is past it, as libunwind's `get_proc_name` finds it: any `STT_FUNC`, sized
    /// or not, the first of several at one address; none if the nearest is not closer than the
    /// image's size.
    pub fn symbol_at(&self, addr: u64) -> Option<(&[u8], u64)> {
        let after = self.symbols.partition_point(|(value, _)| *value <= addr);
        let value = self.symbols.get(after.checked_sub(1)?)?.0;
        let first = self.symbols.partition_point(|(v, _)| *v < value);
        let distance = addr - value;
        (distance < self.size).then(|| (&*self.symbols[first].1, distance))
    }

    /// `len` bytes of `.text` at `svma` (an address as the image states it), if it holds them.
    pub fn code(&self, svma: u64, len: usize) -> Option<&[u8]> {
        let text = self.text.as_ref()?;
        let from = usize::try_from(svma.checked_sub(text.svma.start)?).ok()?;
        text.data.get(from..from.checked_add(len)?)
    }

    /// Whether `.eh_frame` has an FDE for `svma` (an address as the image states it). `None`
    /// when the image has no `.eh_frame_hdr` to look it up in.
    pub fn has_fde(&self, svma: u64) -> Option<bool> {
        use gimli::{BaseAddresses, EhFrame, EhFrameHdr, LittleEndian, UnwindSection as _};
        let (hdr, eh_frame) = (self.eh_frame_hdr.as_ref()?, self.eh_frame.as_ref()?);
        let mut bases =
            BaseAddresses::default().set_eh_frame_hdr(hdr.svma.start).set_eh_frame(eh_frame.svma.start);
        if let Some(text) = &self.text {
            bases = bases.set_text(text.svma.start);
        }
        if let Some(got) = &self.got {
            bases = bases.set_got(got.start);
        }
        let parsed = EhFrameHdr::new(&hdr.data, LittleEndian).parse(&bases, 8).ok()?;
        let table = parsed.table()?;
        let section = EhFrame::new(&eh_frame.data, LittleEndian);
        Some(table.fde_for_address(&section, &bases, svma, EhFrame::cie_from_offset).is_ok())
    }

    /// An image with these symbols and size (tests).
    #[cfg(test)]
    pub fn with_symbols(symbols: &[(u64, &str)], size: u64) -> ElfInfo {
        let mut symbols: Vec<(u64, Box<[u8]>)> =
            symbols.iter().map(|(addr, name)| (*addr, Box::from(name.as_bytes()))).collect();
        symbols.sort_by_key(|(addr, _)| *addr);
        ElfInfo { symbols, size, ..ElfInfo::default() }
    }
}

/// libunwind's load offset of a mapping at `map_start` of file offset `map_offset`, from the
/// `PT_LOAD` (file offset, address) pairs `loads`.
fn load_offset(loads: &[(u64, u64)], map_start: u64, map_offset: u64) -> u64 {
    loads
        .iter()
        .find(|(offset, _)| offset & !PAGE_MASK == map_offset)
        .map_or(0, |&(offset, vaddr)| map_start.wrapping_sub(vaddr).wrapping_add(offset & PAGE_MASK))
}

/// Where libunwind looks for the file `.gnu_debuglink` names (`link`) for the image at `path`:
/// beside it, in `.debug/` beside it, under `/usr/lib/debug` and the image's directory.
pub fn debuglink_candidates(path: &[u8], link: &[u8]) -> [Vec<u8>; 3] {
    let dir = path.iter().rposition(|&b| b == b'/').map_or(&b""[..], |at| &path[..at]);
    let join = |parts: &[&[u8]]| parts.concat();
    [join(&[dir, b"/", link]), join(&[dir, b"/.debug/", link]), join(&[b"/usr/lib/debug", dir, b"/", link])]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_debuglink_is_looked_for_where_libunwind_looks() {
        let [beside, dot_debug, global] = debuglink_candidates(b"/usr/lib/libc.so.6", b"ab12.debug");
        assert_eq!(beside, b"/usr/lib/ab12.debug");
        assert_eq!(dot_debug, b"/usr/lib/.debug/ab12.debug");
        assert_eq!(global, b"/usr/lib/debug/usr/lib/ab12.debug");
    }

    fn name(info: &ElfInfo, addr: u64) -> Option<(String, u64)> {
        info.symbol_at(addr).map(|(n, off)| (String::from_utf8_lossy(n).into_owned(), off))
    }

    #[test]
    fn the_nearest_preceding_function_names_an_address_whatever_its_size() {
        // libc's __libc_start_call_main is local: its return address is named after the
        // exported __libc_init_first that precedes it, strace's `__libc_init_first+0x8a`.
        let info = ElfInfo::with_symbols(
            &[(0x271c0, "__libc_init_first"), (0x27280, "__libc_start_main")],
            0x200000,
        );
        assert_eq!(name(&info, 0x2724a), Some(("__libc_init_first".into(), 0x8a)));
        assert_eq!(name(&info, 0x27280), Some(("__libc_start_main".into(), 0)));
        assert_eq!(name(&info, 0x27305), Some(("__libc_start_main".into(), 0x85)));
        assert_eq!(name(&info, 0x271bf), None, "nothing precedes it");
    }

    #[test]
    fn of_several_at_one_address_the_first_met_wins() {
        // .dynsym lists __write before write: strace prints `__write+0x10`.
        let info =
            ElfInfo::with_symbols(&[(0xf8340, "__write"), (0xf8340, "write"), (0x10, "_init")], 1 << 21);
        assert_eq!(name(&info, 0xf8350), Some(("__write".into(), 0x10)));
    }

    #[test]
    fn a_symbol_farther_than_the_image_size_names_nothing() {
        let info = ElfInfo::with_symbols(&[(0x1000, "f")], 0x800);
        assert_eq!(name(&info, 0x17ff), Some(("f".into(), 0x7ff)));
        assert_eq!(name(&info, 0x1800), None);
        assert_eq!(name(&ElfInfo::with_symbols(&[], 0x800), 0x10), None);
    }

    #[test]
    fn the_bias_comes_from_the_segment_the_mapping_starts_in() {
        let info = ElfInfo { loads: vec![(0, 0), (0x1000, 0x1000), (0x2db0, 0x3db0)], ..ElfInfo::default() };
        assert_eq!(info.bias(0x5555_5555_5000, 0x1000), 0x5555_5555_4000);
        // The data segment's page starts at offset 0x2000 but its address at 0x3000 (0x3db0 - 0xdb0).
        assert_eq!(info.bias(0x5555_5555_7000, 0x2000), 0x5555_5555_4000);
        assert_eq!(info.bias(0x1234_0000, 0x9000), 0, "no segment there: libunwind's 0");
    }

    #[test]
    fn our_own_binary_parses_and_names_a_function_of_its_own() {
        let path = std::env::current_exe().expect("test binary");
        let data = std::fs::read(path).expect("readable");
        let info = ElfInfo::parse(&data).expect("an ELF image");
        assert!(info.eh_frame.is_some() && info.eh_frame_hdr.is_some() && info.text.is_some());
        let here = info.symbols.iter().find(|(_, n)| n.windows(4).any(|w| w == b"main")).map(|(a, _)| *a);
        let addr = here.expect("a function named ...main...");
        assert_eq!(info.symbol_at(addr + 1).map(|(_, off)| off), Some(1));
        assert!(ElfInfo::parse(b"not an ELF image").is_none());
    }
}
