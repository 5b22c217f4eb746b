use super::*;

/// The expression's shape: atoms as written, `&`, `|`, `!` for the operators.
fn shape(node: &Node) -> String {
    match node {
        Node::And(a, b) => format!("({} & {})", shape(a), shape(b)),
        Node::Or(a, b) => format!("({} | {})", shape(a), shape(b)),
        Node::Not(a) => format!("!{}", shape(a)),
        Node::Atom(atom) => atom.text.clone(),
    }
}

fn parsed(text: &str) -> String {
    shape(&parse(text).unwrap_or_else(|e| panic!("{text}: {e}")))
}

fn atom(text: &str) -> Atom {
    match parse(text).expect("parses") {
        Node::Atom(atom) => atom,
        other => panic!("not one comparison: {other:?}"),
    }
}

fn error(text: &str) -> (String, usize) {
    let err = parse(text).expect_err("is refused");
    (err.to_string(), err.at)
}

#[test]
fn and_binds_tighter_than_or_and_not_tightest() {
    assert_eq!(parsed("nr == 1 || nr == 2 && nr == 3"), "(nr == 1 | (nr == 2 & nr == 3))");
    assert_eq!(parsed("nr == 1 && nr == 2 || nr == 3"), "((nr == 1 & nr == 2) | nr == 3)");
    assert_eq!(parsed("!nr == 1 && nr == 2"), "(!nr == 1 & nr == 2)");
    assert_eq!(parsed("!(nr == 1 && nr == 2)"), "!(nr == 1 & nr == 2)");
    assert_eq!(parsed("(nr == 1 || nr == 2) && nr == 3"), "((nr == 1 | nr == 2) & nr == 3)");
    assert_eq!(parsed("nr == 1 && nr == 2 && nr == 3"), "((nr == 1 & nr == 2) & nr == 3)");
    assert_eq!(parsed("!!nr == 1"), "!!nr == 1");
}

#[test]
fn comparisons_resolve_fields_and_constants() {
    let seed = atom("errno == EACCES");
    assert_eq!((seed.field, seed.cmp, seed.value), (Field::Errno, Cmp::Eq, Value::Number(13)));
    let flags = atom("arg.flags & O_CREAT");
    assert_eq!(flags.field, Field::ArgNamed("flags".into()));
    assert_eq!((flags.cmp, flags.value), (Cmp::Bit, Value::Number(libc::O_CREAT as u64)));
    let slow = atom("duration > 10ms");
    assert_eq!((slow.cmp, slow.value), (Cmp::Gt, Value::Number(10_000_000)));
    assert_eq!(atom("ret == -1").value, Value::Number(u64::MAX));
    assert_eq!(atom("arg0 == -AT_FDCWD").value, Value::Number(100));
    assert_eq!(atom(r#"comm =~ "ssh*""#).value, Value::Str(b"ssh*".to_vec()));
    // A value first: the comparison is mirrored.
    let mirrored = atom("4096 < arg.count");
    assert_eq!((mirrored.field, mirrored.cmp), (Field::ArgNamed("count".into()), Cmp::Gt));
    let root = format!("cgroup == \"{}/\"", cgroup::root().display());
    assert_eq!(atom(&root).value, Value::Str(b"/".to_vec()));
    assert_eq!(atom("errno == EACCES").span, 0..15);
}

#[test]
fn every_error_points_at_its_cause() {
    assert_eq!(error(""), ("empty expression".into(), 0));
    assert_eq!(error("   "), ("empty expression".into(), 0));
    assert_eq!(error("errno == EACCESS"), ("unknown constant 'EACCESS' (did you mean 'EACCES'?)".into(), 9));
    assert_eq!(error("errn == 2"), ("unknown field 'errn' (did you mean 'errno'?)".into(), 0));
    assert_eq!(error("2 == errn"), ("unknown field 'errn' (did you mean 'errno'?)".into(), 5));
    assert_eq!(
        error("ret == 0 && arg.flgs & 1"),
        ("no system call has an argument named 'flgs' (did you mean 'arg.flags'?)".into(), 12)
    );
    assert_eq!(
        error(r#"name == "opennat""#),
        ("unknown system call 'opennat' (did you mean 'openat'?)".into(), 8)
    );
    assert_eq!(error("errno =="), ("expected a field or a value, found the end of the expression".into(), 8));
    assert_eq!(
        error("errno EACCES"),
        ("expected a comparison (==, !=, <, <=, >, >=, & or =~), found 'EACCES'".into(), 6)
    );
    assert_eq!(error("(nr == 1"), ("expected ')', found the end of the expression".into(), 8));
    assert_eq!(error("nr == 1)"), ("expected '&&', '||' or the end of the expression, found ')'".into(), 7));
    assert_eq!(
        error("nr == 1 &&"),
        ("expected a field or a value, found the end of the expression".into(), 10)
    );
    assert_eq!(error("&& nr == 1"), ("expected a field or a value, found '&&'".into(), 0));
    assert_eq!(error(r#"comm == 5"#), ("'comm' is a string: compare it with a quoted string".into(), 8));
    assert_eq!(
        error(r#"ret == "x""#),
        ("'ret' is a number: compare it with a number or a constant".into(), 7)
    );
    assert_eq!(
        error(r#"comm < "x""#),
        ("'<' compares numbers, and 'comm' is a string (use ==, != or =~)".into(), 5)
    );
    assert_eq!(error(r#"ret =~ 1"#), ("'=~' matches strings, and 'ret' is a number".into(), 4));
    assert_eq!(
        error("1 == 2"),
        ("a comparison needs a field on one side (name, ret, errno, comm, arg.NAME...)".into(), 0)
    );
    assert_eq!(error("pid == tid"), ("a comparison needs a value on one side, not two fields".into(), 7));
    assert_eq!(
        error("ret == -"),
        ("expected a number or a constant after '-', found the end of the expression".into(), 8)
    );
    assert_eq!(error("ret == -EBOGUS"), ("unknown constant 'EBOGUS'".into(), 8));
    assert_eq!(
        error(r#"cgroup == "/no/such/cgroup/here""#),
        (
            format!(
                "no cgroup '/no/such/cgroup/here' under {} (the cgroup v2 hierarchy)",
                cgroup::root().display()
            ),
            10
        )
    );
    assert_eq!(error("nr == 1 # x"), ("unexpected character '#'".into(), 8));
}
