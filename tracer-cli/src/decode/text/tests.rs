use super::*;

const T: Xlat = &[(0, "Z_NONE"), (1, "Z_A"), (6, "Z_BC"), (2, "Z_B")];

fn abbrev(write: impl FnOnce(&mut TextPrinter)) -> String {
    render(XlatStyle::Abbrev, write)
}

#[test]
fn groups_write_their_brackets_and_separators() {
    let text = abbrev(|p| {
        p.open(Group::Struct);
        p.field("a");
        p.int(1);
        p.field("b");
        p.open(Group::Array);
        p.uint(2);
        p.hex(3);
        p.more();
        p.close();
        p.field("c");
        p.open(Group::Set { inverted: true });
        p.name("X");
        p.name("Y");
        p.close();
        p.more();
        p.close();
    });
    assert_eq!(text, "{a=1, b=[2, 0x3, ...], c=~[X Y], ...}");
    let text = abbrev(|p| {
        p.open(Group::Call("makedev"));
        p.hex(1);
        p.hex(3);
        p.close();
        p.open(Group::Note);
        p.field("in");
        p.open(Group::Array);
        p.int(3);
        p.close();
        p.close();
    });
    assert_eq!(text, "makedev(0x1, 0x3) (in [3])");
    let text = abbrev(|p| {
        p.open(Group::Array);
        p.open(Group::Changed);
        p.int(128);
        p.int(16);
        p.close();
        p.close();
    });
    assert_eq!(text, "[128 => 16]");
}

#[test]
fn composites_show_the_number_or_the_meaning_as_the_style_says() {
    let mode = |p: &mut TextPrinter| {
        p.open(Group::Composite);
        p.oct(0o100644);
        p.decoded();
        p.open(Group::Or);
        p.name("S_IFREG");
        p.oct(0o644);
        p.close();
        p.close();
    };
    assert_eq!(render(XlatStyle::Abbrev, mode), "S_IFREG|0644");
    assert_eq!(render(XlatStyle::Raw, mode), "0100644");
    assert_eq!(render(XlatStyle::Verbose, mode), "0100644 /* S_IFREG|0644 */");
}

#[test]
fn the_split_is_where_the_next_argument_starts() {
    let mut p = TextPrinter::new(XlatStyle::Abbrev, false);
    p.int(3);
    p.exit_part();
    p.str(b"abc", Quote::Text, true);
    p.int(832);
    assert_eq!(p.text(), "3, \"abc\"..., 832");
    assert_eq!(p.split().map(|s| s.at), Some(3));
    let mut p = TextPrinter::new(XlatStyle::Abbrev, false);
    p.field("child_stack");
    p.addr(0);
    p.exit_part_here();
    p.field("child_tidptr");
    p.addr(0x10);
    assert_eq!(p.text(), "child_stack=NULL, child_tidptr=0x10");
    assert_eq!(p.split().map(|s| s.at), Some(16));
}

#[test]
fn flag_sets() {
    let f = |style, v| render(style, |p| p.flags(v, &[T], Some("Z_???")));
    use XlatStyle::*;
    assert_eq!(f(Abbrev, 0), "Z_NONE");
    assert_eq!(f(Abbrev, 7), "Z_A|Z_BC");
    assert_eq!(f(Abbrev, 0x13), "Z_A|Z_B|0x10");
    assert_eq!(f(Abbrev, 0x10), "0x10 /* Z_??? */");
    // strace 6.1 -X raw / -X verbose: mprotect(NULL, 0, 0) / mprotect(NULL, 0, 0 /* PROT_NONE */),
    // mlockall(0x9 /* MCL_CURRENT|0x8 */), mlockall(0x8 /* MCL_??? */), wait4(-1, NULL, 0, NULL)
    assert_eq!(f(Raw, 0), "0");
    assert_eq!(f(Raw, 0x13), "0x13");
    assert_eq!(f(Verbose, 0), "0 /* Z_NONE */");
    assert_eq!(f(Verbose, 0x13), "0x13 /* Z_A|Z_B|0x10 */");
    assert_eq!(f(Verbose, 0x10), "0x10 /* Z_??? */");
    assert_eq!(render(Verbose, |p| p.flags(0, &[&T[1..]], Some("Z_???"))), "0");
    assert_eq!(render(Abbrev, |p| p.flags(0, &[&T[1..]], None)), "");
}

#[test]
fn constants_in_each_style() {
    use XlatStyle::*;
    // strace 6.1: lseek(-1, 0, SEEK_CUR), lseek(-1, 0, 0x1), lseek(-1, 0, 0x1 /* SEEK_CUR */),
    // lseek(-1, 0, 0x63 /* SEEK_??? */), and 0x63 alone with -X raw.
    let c = |style, name| render(style, |p| p.constant(1, name, Fmt::Hex, "SEEK_???"));
    assert_eq!(c(Abbrev, Some("SEEK_CUR")), "SEEK_CUR");
    assert_eq!(c(Raw, Some("SEEK_CUR")), "0x1");
    assert_eq!(c(Verbose, Some("SEEK_CUR")), "0x1 /* SEEK_CUR */");
    assert_eq!(c(Abbrev, None), "0x1 /* SEEK_??? */");
    assert_eq!(c(Raw, None), "0x1");
    assert_eq!(render(Verbose, |p| p.constant(-1i64 as u64, None, Fmt::Signed, "Z_???")), "-1 /* Z_??? */");
    assert_eq!(render(Verbose, |p| p.constant(1, Some("Z_A"), Fmt::Unsigned, "Z_???")), "1 /* Z_A */");
}

#[test]
fn descriptors_are_decorated_with_their_names() {
    let text = abbrev(|p| {
        p.int(3);
        p.decoration(&FdName::Path { path: b"/tmp/a>b\n1".to_vec(), deleted: true });
    });
    assert_eq!(text, "3</tmp/a\\76b\\n1>(deleted)");
    let text = abbrev(|p| {
        p.int(1);
        p.decoration(&FdName::Device { path: b"/dev/null".to_vec(), kind: "char", major: 1, minor: 3 });
    });
    assert_eq!(text, "1</dev/null<char 1:3>>");
    assert_eq!(
        abbrev(|p| {
            p.int(4);
            p.decoration(&FdName::Pid(42));
        }),
        "4<pid:42>"
    );
}

#[test]
fn colour_wraps_strings_and_is_counted() {
    let mut p = TextPrinter::new(XlatStyle::Abbrev, true);
    p.str(b"x", Quote::Text, false);
    p.int(1);
    assert_eq!(p.text(), "\x1b[32m\"x\"\x1b[0m, 1");
    assert_eq!(p.invisible(), 9);
}
