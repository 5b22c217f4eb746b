//! Little-endian readers over captured bytes. Every read is bounds-checked: a field outside the
//! capture reads as `None` (or zero through the `*_or0` helpers, for callers that checked the
//! length of the whole struct first).

/// A captured struct or array element.
#[derive(Clone, Copy, Debug)]
pub struct Fields<'a>(pub &'a [u8]);

impl<'a> Fields<'a> {
    pub fn len(&self) -> usize {
        self.0.len()
    }

    pub fn get<const N: usize>(&self, at: usize) -> Option<[u8; N]> {
        let end = at.checked_add(N)?;
        self.0.get(at..end)?.try_into().ok()
    }

    pub fn bytes<const N: usize>(&self, at: usize) -> [u8; N] {
        self.get(at).unwrap_or([0; N])
    }

    pub fn u8(&self, at: usize) -> u8 {
        self.0.get(at).copied().unwrap_or(0)
    }
    pub fn u16(&self, at: usize) -> u16 {
        u16::from_le_bytes(self.bytes(at))
    }
    pub fn u32(&self, at: usize) -> u32 {
        u32::from_le_bytes(self.bytes(at))
    }
    pub fn i32(&self, at: usize) -> i32 {
        i32::from_le_bytes(self.bytes(at))
    }
    pub fn u64(&self, at: usize) -> u64 {
        u64::from_le_bytes(self.bytes(at))
    }
    pub fn i64(&self, at: usize) -> i64 {
        i64::from_le_bytes(self.bytes(at))
    }
}

/// The first `N` bytes of `bytes` as an `i32` (an `int` capture), if there are that many.
pub fn int(bytes: &[u8]) -> Option<i32> {
    Fields(bytes).get::<4>(0).map(i32::from_le_bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_are_bounds_checked() {
        let f = Fields(&[1, 0, 0, 0, 2]);
        assert_eq!(f.u32(0), 1);
        assert_eq!(f.u32(2), 0);
        assert_eq!(f.get::<4>(2), None);
        assert_eq!(f.get::<4>(usize::MAX), None);
        assert_eq!(int(&[5, 0, 0]), None);
        assert_eq!(int(&[5, 0, 0, 0]), Some(5));
    }
}
