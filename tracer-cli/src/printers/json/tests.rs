use serde_json::{json, Value};

use super::JsonPrinter;
use crate::decode::printer::{FdName, Fmt, Group, Printer, Quote};
use crate::decode::xlat::Xlat;

fn value(write: impl FnOnce(&mut JsonPrinter)) -> Value {
    let mut p = JsonPrinter::default();
    p.start(Group::Expr);
    write(&mut p);
    p.finish()
}

#[test]
fn strings_keep_their_exact_bytes() {
    assert_eq!(value(|p| p.str(b"h\xc3\xa9llo\n", Quote::Text, false)), json!({ "text": "h\u{e9}llo\n" }));
    assert_eq!(
        value(|p| p.str(b"\xff\x00ok\n", Quote::Text, true)),
        json!({ "bytes": "/wBvawo=", "truncated": true })
    );
}

#[test]
fn groups_become_objects_and_arrays() {
    let v = value(|p| {
        p.open(Group::Struct);
        p.field("st_mode");
        p.open(Group::Composite);
        p.oct(0o100644);
        p.decoded();
        p.open(Group::Or);
        p.name("S_IFREG");
        p.oct(0o644);
        p.close();
        p.close();
        p.field("st_size");
        p.int(3);
        p.more();
        p.close();
    });
    assert_eq!(
        v,
        json!({ "st_mode": { "flags": ["S_IFREG", 420], "value": 33188 }, "st_size": 3, "...": true })
    );
    let v = value(|p| {
        p.open(Group::Array);
        p.int(3);
        p.decoration(&FdName::Path { path: b"/etc/passwd".to_vec(), deleted: false });
        p.addr(0);
        p.more();
        p.close();
    });
    assert_eq!(v, json!([{ "fd": 3, "path": { "text": "/etc/passwd" } }, null, "..."]));
}

#[test]
fn constants_and_flags_keep_names_and_numbers() {
    assert_eq!(
        value(|p| p.constant(-100i64 as u64, Some("AT_FDCWD"), Fmt::Signed, "")),
        json!({ "const": "AT_FDCWD", "value": -100 })
    );
    const T: Xlat = &[(1, "A"), (2, "B")];
    assert_eq!(
        value(|p| p.flags(0x13, &[T], Some("X_???"))),
        json!({ "flags": ["A", "B", 16], "value": 19 })
    );
    assert_eq!(value(|p| p.constant(5, None, Fmt::Hex, "X_???")), json!(5));
}

#[test]
fn nested_flag_sets_join_one_list() {
    const FLAGS: Xlat = &[(0x20, "MAP_ANONYMOUS")];
    // mmap's flags: the mapping type, then flags (`MAP_PRIVATE|MAP_ANONYMOUS`).
    let v = value(|p| {
        p.open(Group::Composite);
        p.hex(0x22);
        p.decoded();
        p.open(Group::Or);
        p.constant(2, Some("MAP_PRIVATE"), Fmt::Hex, "");
        p.flags(0x20, &[FLAGS], None);
        p.close();
        p.close();
    });
    assert_eq!(v, json!({ "flags": ["MAP_PRIVATE", "MAP_ANONYMOUS"], "value": 34 }));
}

#[test]
fn braces_without_names_hold_their_values() {
    // wait4's status: `[{WIFEXITED(s) && WEXITSTATUS(s) == 0}]`.
    let v = value(|p| {
        p.open(Group::Array);
        p.open(Group::Struct);
        p.open(Group::Expr);
        p.raw("WIFEXITED(s) && WEXITSTATUS(s) == ");
        p.int(0);
        p.close();
        p.close();
        p.close();
    });
    assert_eq!(v, json!([{ "expr": ["WIFEXITED(s) && WEXITSTATUS(s) == ", 0] }]));
    // An empty structure stays an object.
    let v = value(|p| {
        p.open(Group::Struct);
        p.close();
    });
    assert_eq!(v, json!({}));
}
