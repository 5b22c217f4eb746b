use super::*;
use truth::{FALSE, TRUE, UNKNOWN};

/// Facts by field id: numbers and strings, each Known, Absent or Unknown.
#[derive(Default)]
struct Call {
    numbers: Vec<(u8, Fact<u64>)>,
    strings: Vec<(u8, Fact<Vec<u8>>)>,
}

impl Call {
    fn num(mut self, field: u8, fact: Fact<u64>) -> Self {
        self.numbers.push((field, fact));
        self
    }
    fn str(mut self, field: u8, s: &str) -> Self {
        self.strings.push((field, Fact::Known(s.as_bytes().to_vec())));
        self
    }
}

impl Facts for Call {
    fn number(&self, field: u8) -> Fact<u64> {
        self.numbers.iter().find(|(f, _)| *f == field).map_or(Fact::Unknown, |(_, v)| *v)
    }
    fn string(&self, field: u8) -> Fact<&[u8]> {
        match self.strings.iter().find(|(f, _)| *f == field) {
            Some((_, Fact::Known(v))) => Fact::Known(v),
            Some((_, Fact::Absent)) => Fact::Absent,
            _ => Fact::Unknown,
        }
    }
}

fn one(build: impl FnOnce(&mut Builder) -> Result<usize, TooLarge>) -> KernelExpr {
    let mut b = Builder::new();
    build(&mut b).expect("fits");
    b.finish()
}

fn num(field: u8, cmp: u8, value: u64, call: &Call) -> u8 {
    eval(&one(|b| b.number(field, cmp, value)), call)
}

fn glob_matches(pattern: &str, s: &str) -> bool {
    let e = one(|b| b.string(field::COMM, cmp::GLOB, pattern.as_bytes()));
    match eval(&e, &Call::default().str(field::COMM, s)) {
        TRUE => true,
        FALSE => false,
        other => panic!("glob {pattern:?} on {s:?} is {other}"),
    }
}

#[test]
fn kleene_tables() {
    let all = [FALSE, TRUE, UNKNOWN];
    for a in all {
        for b in all {
            let and = if a == FALSE || b == FALSE {
                FALSE
            } else if a == UNKNOWN || b == UNKNOWN {
                UNKNOWN
            } else {
                TRUE
            };
            assert_eq!(truth::and(a, b), and, "{a} AND {b}");
            assert_eq!(truth::or(a, b), truth::not(truth::and(truth::not(a), truth::not(b))), "{a} OR {b}");
        }
    }
    assert_eq!((truth::not(FALSE), truth::not(TRUE), truth::not(UNKNOWN)), (TRUE, FALSE, UNKNOWN));
}

#[test]
fn postfix_logic_runs_on_the_stack() {
    // (nr == 2 || unknown) && !(pid == 7)
    let mut b = Builder::new();
    b.number(field::NR, cmp::EQ, 2).expect("fits");
    b.unknown().expect("fits");
    b.or().expect("fits");
    b.number(field::PID, cmp::EQ, 7).expect("fits");
    b.not().expect("fits");
    b.and().expect("fits");
    let e = b.finish();
    let call = |nr, pid| Call::default().num(field::NR, Fact::Known(nr)).num(field::PID, Fact::Known(pid));
    assert_eq!(eval(&e, &call(2, 8)), TRUE);
    assert_eq!(eval(&e, &call(3, 8)), UNKNOWN, "the userspace atom decides");
    assert_eq!(eval(&e, &call(2, 7)), FALSE);
    assert_eq!(eval(&e, &call(3, 7)), FALSE, "FALSE && UNKNOWN is FALSE");
}

#[test]
fn absent_is_false_and_unknown_is_unknown() {
    let absent = Call::default().num(field::ERRNO, Fact::Absent);
    let unknown = Call::default().num(field::ERRNO, Fact::Unknown);
    for cmp in [cmp::EQ, cmp::NE, cmp::LT, cmp::GE, cmp::BIT] {
        assert_eq!(num(field::ERRNO, cmp, 13, &absent), FALSE);
        assert_eq!(num(field::ERRNO, cmp, 13, &unknown), UNKNOWN);
    }
    // `!(errno == 13)` on a call without errno is TRUE: the comparison is false, not the call.
    let mut b = Builder::new();
    b.number(field::ERRNO, cmp::EQ, 13).expect("fits");
    b.not().expect("fits");
    assert_eq!(eval(&b.finish(), &absent), TRUE);
    let absent_comm = Call { strings: vec![(field::COMM, Fact::Absent)], ..Call::default() };
    assert_eq!(eval(&one(|b| b.string(field::COMM, cmp::NE, b"x")), &absent_comm), FALSE);
    assert_eq!(eval(&one(|b| b.string(field::COMM, cmp::EQ, b"x")), &Call::default()), UNKNOWN);
}

#[test]
fn ret_compares_signed_and_the_rest_unsigned() {
    let failed = Call::default().num(field::RET, Fact::Known(-13i64 as u64));
    assert_eq!(num(field::RET, cmp::LT, 0, &failed), TRUE);
    assert_eq!(num(field::RET, cmp::EQ, -13i64 as u64, &failed), TRUE);
    assert_eq!(num(field::RET, cmp::GE, -4095i64 as u64, &failed), TRUE);
    assert_eq!(num(field::RET, cmp::GT, 4096, &failed), FALSE);
    let arg = Call::default().num(field::ARG0 + 2, Fact::Known(-1i64 as u64));
    assert_eq!(num(field::ARG0 + 2, cmp::GT, 4096, &arg), TRUE, "arguments are u64");
    assert_eq!(num(field::ARG0 + 2, cmp::LT, 0, &arg), FALSE);
    let write = Call::default().num(field::DURATION, Fact::Known(10_000_001));
    assert_eq!(num(field::DURATION, cmp::GT, 10_000_000, &write), TRUE);
    assert_eq!(num(field::DURATION, cmp::LE, 10_000_000, &write), FALSE);
}

#[test]
fn bit_tests_any_common_bit() {
    let flags = Call::default().num(field::ARG0 + 2, Fact::Known(0o101)); // O_CREAT|O_WRONLY
    assert_eq!(num(field::ARG0 + 2, cmp::BIT, 0o100, &flags), TRUE);
    assert_eq!(num(field::ARG0 + 2, cmp::BIT, 0o1000, &flags), FALSE);
    assert_eq!(num(field::ARG0 + 2, cmp::BIT, 0, &flags), FALSE);
}

#[test]
fn strings_compare_exactly() {
    let sshd = Call::default().str(field::COMM, "sshd").str(field::PARENT_COMM, "systemd");
    assert_eq!(eval(&one(|b| b.string(field::COMM, cmp::EQ, b"sshd")), &sshd), TRUE);
    assert_eq!(eval(&one(|b| b.string(field::COMM, cmp::EQ, b"ssh")), &sshd), FALSE);
    assert_eq!(eval(&one(|b| b.string(field::COMM, cmp::EQ, b"sshd2")), &sshd), FALSE);
    assert_eq!(eval(&one(|b| b.string(field::COMM, cmp::NE, b"bash")), &sshd), TRUE);
    assert_eq!(eval(&one(|b| b.string(field::PARENT_COMM, cmp::EQ, b"systemd")), &sshd), TRUE);
    assert_eq!(eval(&one(|b| b.string(field::COMM, cmp::EQ, b"")), &sshd), FALSE);
    let empty = Call::default().str(field::COMM, "");
    assert_eq!(eval(&one(|b| b.string(field::COMM, cmp::EQ, b"")), &empty), TRUE);
    // A comparison a string has not is UNKNOWN (the kernel lets the call through).
    assert_eq!(eval(&one(|b| b.string(field::COMM, cmp::LT, b"a")), &sshd), UNKNOWN);
}

#[test]
fn glob_matches_stars_and_question_marks_on_bytes() {
    assert!(glob_matches("sshd", "sshd"));
    assert!(!glob_matches("sshd", "sshd2"));
    assert!(glob_matches("ssh*", "sshd"));
    assert!(glob_matches("ssh*", "ssh"));
    assert!(glob_matches("*", ""));
    assert!(!glob_matches("?", ""));
    assert!(glob_matches("s?hd", "sshd"));
    assert!(glob_matches("*sh*", "bash"));
    assert!(glob_matches("*a*b*c", "xaybzbc"));
    assert!(!glob_matches("*a*b*c", "xaybzbcd"));
    assert!(glob_matches("a**b", "ab"));
    assert!(glob_matches("**", "anything at all"));
    assert!(!glob_matches("", "a"));
    assert!(glob_matches("", ""));
    assert!(glob_matches("*?", "x"));
    assert!(!glob_matches("?*?", "x"));
    // Bytes, not characters: `?` is one byte of a UTF-8 sequence.
    assert!(glob_matches("??", "é"));
    assert!(!glob_matches("?", "é"));
    // A subject's own `*` or `?` is a literal byte to match.
    assert!(!glob_matches("a", "*"));
    assert!(glob_matches("a?c", "a*c"));
    // The longest pattern and a subject of SUBJECT_LEN bytes.
    let long = "x".repeat(SUBJECT_LEN);
    assert!(glob_matches(&"?".repeat(SUBJECT_LEN), &long));
    assert!(!glob_matches(&"?".repeat(STRING_LEN), &long));
    assert!(glob_matches(&"*".repeat(STRING_LEN), &long));
    assert!(glob_matches(&format!("{}*", "x".repeat(SUBJECT_LEN - 1)), &long));
    assert!(glob_matches(&format!("*{}*", "x".repeat(SUBJECT_LEN)), &long));
    assert!(!glob_matches(&format!("*{}*", "x".repeat(SUBJECT_LEN + 1)), &long));
}

#[test]
fn a_subject_longer_than_the_kernel_compares_is_unknown() {
    let long = Call::default().str(field::COMM, &"x".repeat(SUBJECT_LEN + 1));
    assert_eq!(eval(&one(|b| b.string(field::COMM, cmp::GLOB, b"*")), &long), UNKNOWN);
}

#[test]
fn atoms_are_the_true_comparisons() {
    let mut b = Builder::new();
    let nr = b.number(field::NR, cmp::EQ, 257).expect("fits");
    let errno = b.number(field::ERRNO, cmp::EQ, 13).expect("fits");
    b.and().expect("fits");
    let user = b.unknown().expect("fits");
    b.or().expect("fits");
    let comm = b.string(field::COMM, cmp::EQ, b"sshd").expect("fits");
    b.and().expect("fits");
    let e = b.finish();
    let call = Call::default()
        .num(field::NR, Fact::Known(257))
        .num(field::ERRNO, Fact::Absent)
        .str(field::COMM, "sshd");
    let (t, bits) = run(&e, &call);
    assert_eq!(t, UNKNOWN);
    assert_eq!(bits, 1 << nr | 1 << comm);
    assert_eq!(atoms(&e, &call), bits);
    assert_eq!(bits & (1 << errno | 1 << user), 0);
}

#[test]
fn empty_and_malformed_programs() {
    assert_eq!(eval(&KernelExpr::EMPTY, &Call::default()), TRUE);
    let mut b = Builder::new();
    b.and().expect("fits");
    assert_eq!(eval(&b.finish(), &Call::default()), UNKNOWN, "underflow");
    let mut b = Builder::new();
    b.number(field::NR, cmp::EQ, 0).expect("fits");
    b.number(field::NR, cmp::EQ, 0).expect("fits");
    assert_eq!(eval(&b.finish(), &Call::default().num(field::NR, Fact::Known(1))), UNKNOWN, "two left");
    let mut e = one(|b| b.number(field::NR, cmp::EQ, 0));
    e.len = MAX_OPS as u32 + 1;
    assert_eq!(eval(&e, &Call::default()), UNKNOWN, "len beyond the ops");
    let mut e = one(|b| b.number(field::NR, 99, 0));
    assert_eq!(eval(&e, &Call::default().num(field::NR, Fact::Known(0))), UNKNOWN, "bad cmp");
    e.ops[0].code = 77;
    assert_eq!(eval(&e, &Call::default()), UNKNOWN, "bad code");
}

#[test]
fn builder_limits() {
    let mut b = Builder::new();
    for _ in 0..MAX_OPS {
        b.unknown().expect("fits");
    }
    assert_eq!(b.unknown(), Err(TooLarge { what: "operations", limit: MAX_OPS }));
    assert_eq!(b.and(), Err(TooLarge { what: "operations", limit: MAX_OPS }));

    let mut b = Builder::new();
    for i in 0..MAX_STRINGS {
        b.string(field::COMM, cmp::EQ, format!("c{i}").as_bytes()).expect("fits");
    }
    // An equal constant is shared; a new one does not fit.
    let again = b.string(field::COMM, cmp::NE, b"c0").expect("fits");
    assert_eq!(b.clone().finish().ops[again].string, 0);
    assert_eq!(
        b.string(field::COMM, cmp::EQ, b"new"),
        Err(TooLarge { what: "string constants", limit: MAX_STRINGS })
    );
    // "c" is a prefix of "c0" but not equal to it: it needs its own slot.
    assert!(b.string(field::COMM, cmp::EQ, b"c").is_err());

    let mut b = Builder::new();
    let long = [b'a'; STRING_LEN + 1];
    assert_eq!(
        b.string(field::COMM, cmp::EQ, &long),
        Err(TooLarge { what: "string length", limit: STRING_LEN })
    );
    assert!(b.string(field::COMM, cmp::EQ, &long[..STRING_LEN]).is_ok());
    assert_eq!(b.len(), 1);
}

#[test]
fn too_large_names_the_limit() {
    let e = TooLarge { what: "operations", limit: MAX_OPS };
    assert_eq!(e.to_string(), "the kernel form holds at most 32 operations");
    let e = TooLarge { what: "string length", limit: STRING_LEN };
    assert_eq!(e.to_string(), "a string constant is longer than the kernel's 32 bytes");
}

/// A reference glob: backtracking recursion over bytes.
fn reference_glob(p: &[u8], s: &[u8]) -> bool {
    match (p.split_first(), s.split_first()) {
        (None, _) => s.is_empty(),
        (Some((b'*', rest)), _) => reference_glob(rest, s) || (!s.is_empty() && reference_glob(p, &s[1..])),
        (Some((b'?', rest)), Some((_, s_rest))) => reference_glob(rest, s_rest),
        (Some((c, rest)), Some((d, s_rest))) => c == d && reference_glob(rest, s_rest),
        (Some(_), None) => false,
    }
}

#[test]
fn glob_and_equality_agree_with_a_reference_on_random_strings() {
    // A small LCG: no dependency, the same cases every run.
    let mut seed = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move |n: u64| {
        seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        (seed >> 33) % n
    };
    let alphabet = b"ab*?";
    for _ in 0..20_000 {
        let plen = next(STRING_LEN as u64 + 1) as usize;
        let pattern: Vec<u8> = (0..plen.min(next(12) as usize)).map(|_| alphabet[next(4) as usize]).collect();
        let slen = next(SUBJECT_LEN as u64 + 1).min(next(16)) as usize;
        let subject: Vec<u8> = (0..slen).map(|_| alphabet[next(2) as usize]).collect();
        let subject_str = std::str::from_utf8(&subject).expect("ascii");
        let call = Call::default().str(field::COMM, subject_str);
        let glob = eval(&one(|b| b.string(field::COMM, cmp::GLOB, &pattern)), &call);
        assert_eq!(glob, truth::of(reference_glob(&pattern, &subject)), "{pattern:?} on {subject_str:?}");
        let eq = eval(&one(|b| b.string(field::COMM, cmp::EQ, &pattern)), &call);
        assert_eq!(eq, truth::of(pattern == subject), "{pattern:?} == {subject_str:?}");
    }
}

#[test]
fn a_string_fact_ends_at_its_first_nul() {
    // The kernel hands comm as its 16-byte buffer; userspace as the bytes before the NUL.
    let mut buffer = [0u8; 16];
    buffer[..4].copy_from_slice(b"sshd");
    struct Buffer([u8; 16]);
    impl Facts for Buffer {
        fn number(&self, _: u8) -> Fact<u64> {
            Fact::Unknown
        }
        fn string(&self, _: u8) -> Fact<&[u8]> {
            Fact::Known(&self.0)
        }
    }
    let facts = Buffer(buffer);
    assert_eq!(eval(&one(|b| b.string(field::COMM, cmp::EQ, b"sshd")), &facts), TRUE);
    assert_eq!(eval(&one(|b| b.string(field::COMM, cmp::EQ, b"sshd\0")), &facts), FALSE);
    assert_eq!(eval(&one(|b| b.string(field::COMM, cmp::GLOB, b"s*d")), &facts), TRUE);
    assert_eq!(eval(&one(|b| b.string(field::COMM, cmp::GLOB, b"s*d?")), &facts), FALSE);
    let full = Buffer(*b"0123456789abcdef");
    assert_eq!(eval(&one(|b| b.string(field::COMM, cmp::EQ, b"0123456789abcdef")), &full), TRUE);
}

#[test]
fn fields_and_unknown_atoms_are_listed() {
    let mut b = Builder::new();
    b.number(field::ERRNO, cmp::EQ, 13).expect("fits");
    b.string(field::PARENT_COMM, cmp::EQ, b"sshd").expect("fits");
    b.and().expect("fits");
    b.number(field::ARG0 + 2, cmp::BIT, 0o100).expect("fits");
    b.or().expect("fits");
    let e = b.clone().finish();
    assert_eq!(e.fields(), 1 << field::ERRNO | 1 << field::PARENT_COMM | 1 << (field::ARG0 + 2));
    assert_eq!(e.fields() & EXIT_FIELDS, 1 << field::ERRNO);
    assert_eq!(e.fields() & ARG_FIELDS, 1 << (field::ARG0 + 2));
    assert!(!e.has_unknown());
    b.unknown().expect("fits");
    b.and().expect("fits");
    assert!(b.finish().has_unknown());
}
