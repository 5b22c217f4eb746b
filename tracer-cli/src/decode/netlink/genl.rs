//! Generic netlink family names by id (`nlctrl` is 0x10), asked of the kernel once as strace asks
//! it (`genl_families_xlat`: a `CTRL_CMD_GETFAMILY` dump on a `NETLINK_GENERIC` socket).

use std::sync::OnceLock;

const GENL_ID_CTRL: u16 = 0x10;
const CTRL_CMD_GETFAMILY: u8 = 3;
const CTRL_ATTR_FAMILY_ID: u16 = 1;
const CTRL_ATTR_FAMILY_NAME: u16 = 2;

/// The families the kernel knows, by id (empty when it could not be asked). Asked through
/// [`crate::facts`]: ids are given out at run time, so a replay uses the recording's.
pub fn families() -> &'static [(u16, String)] {
    static FAMILIES: OnceLock<Vec<(u16, String)>> = OnceLock::new();
    FAMILIES.get_or_init(|| {
        let answer = crate::facts::ask(crate::facts::Kind::Custom, b"genl-families", || {
            // Each: id (u16 LE), the name, NUL.
            let families = ask()?;
            Some(
                families
                    .iter()
                    .flat_map(|(id, name)| [&id.to_le_bytes()[..], name.as_bytes(), &[0]].concat())
                    .collect(),
            )
        })
        .unwrap_or_default();
        let mut families = Vec::new();
        let mut rest = answer.as_slice();
        while let (Some(id), Some(end)) = (rest.get(..2), rest.iter().skip(2).position(|&b| b == 0)) {
            let name = String::from_utf8_lossy(&rest[2..2 + end]).into_owned();
            families.push((u16::from_le_bytes([id[0], id[1]]), name));
            rest = &rest[2 + end + 1..];
        }
        families
    })
}

fn ask() -> Option<Vec<(u16, String)>> {
    // nlmsghdr (16 bytes) + genlmsghdr (cmd, version, reserved u16).
    let mut request = Vec::with_capacity(20);
    request.extend_from_slice(&20u32.to_ne_bytes());
    request.extend_from_slice(&GENL_ID_CTRL.to_ne_bytes());
    request.extend_from_slice(&((libc::NLM_F_REQUEST | libc::NLM_F_DUMP) as u16).to_ne_bytes());
    request.extend_from_slice(&1u32.to_ne_bytes());
    request.extend_from_slice(&0u32.to_ne_bytes());
    request.extend_from_slice(&[CTRL_CMD_GETFAMILY, 1, 0, 0]);
    let mut found = Vec::new();
    let result = super::query::exchange(libc::NETLINK_GENERIC, &request, |_, payload| {
        // The payload starts with the 4-byte genlmsghdr.
        if let Some(family) = payload.get(4..).and_then(family) {
            found.push(family);
        }
        false
    });
    result.map(|()| found)
}

/// The id and name in one reply's attributes.
fn family(mut attrs: &[u8]) -> Option<(u16, String)> {
    let (mut id, mut name) = (None, None);
    while attrs.len() >= 4 {
        let len = usize::from(u16::from_ne_bytes([attrs[0], attrs[1]]));
        let kind = u16::from_ne_bytes([attrs[2], attrs[3]]) & 0x3fff;
        let data = attrs.get(4..len.max(4))?;
        match kind {
            CTRL_ATTR_FAMILY_ID => id = data.get(..2).map(|b| u16::from_ne_bytes([b[0], b[1]])),
            CTRL_ATTR_FAMILY_NAME => {
                let text = data.split(|&b| b == 0).next().unwrap_or(data);
                name = Some(String::from_utf8_lossy(text).into_owned());
            }
            _ => {}
        }
        attrs = attrs.get((len + 3) & !3..).unwrap_or(&[]);
    }
    Some((id?, name?))
}
