use tracer_common::expr::{atoms, eval as kernel_eval, op, truth, Fact, Facts, MAX_OPS};
use tracer_common::syscall::{nr, Width};

use super::*;
use crate::call::Syscall;
use crate::filter::expr::eval::{eval, Subject};
use crate::filter::expr::parse;
use crate::filter::expr::task::TaskFacts;

fn scope(set: &str) -> SyscallSet {
    SyscallSet::parse(set).expect("valid set")
}

fn compiled(text: &str, set: &str) -> (Node, Compiled) {
    let mut node = parse(text).unwrap_or_else(|e| panic!("{text}: {e}"));
    let compiled = compile(&mut node, &scope(set)).unwrap_or_else(|e| panic!("{text}: {e:?}"));
    (node, compiled)
}

#[test]
fn the_seed_example_is_two_comparisons_in_the_kernel() {
    let (node, c) = compiled(r#"errno == EACCES && parent.comm == "sshd""#, "openat");
    assert_eq!(c.placements, [Placement::Kernel(0), Placement::Kernel(1)]);
    let ops = c.kernel.ops();
    assert_eq!(ops.len(), 3);
    assert_eq!(
        (ops[0].code, ops[0].field, ops[0].cmp, ops[0].value),
        (op::NUMBER, field::ERRNO, cmp::EQ, 13)
    );
    assert_eq!((ops[1].code, ops[1].field, ops[1].cmp), (op::STRING, field::PARENT_COMM, cmp::EQ));
    assert_eq!(&c.kernel.strings[usize::from(ops[1].string)][..5], b"sshd\0");
    assert_eq!(ops[2].code, op::AND);
    assert_eq!(node.atoms().iter().map(|a| a.kernel_op).collect::<Vec<_>>(), [Some(0), Some(1)]);
}

#[test]
fn names_and_named_arguments_follow_the_traced_calls() {
    // One call: its number.
    let (_, c) = compiled(r#"name == "openat""#, "all");
    assert_eq!((c.kernel.ops()[0].field, c.kernel.ops()[0].value), (field::NR, nr::OPENAT));
    // A glob over the traced calls: their numbers, ORed.
    let (_, c) = compiled(r#"name =~ "open*""#, "open,openat,read");
    assert_eq!(c.placements, [Placement::Expanded { ops: 3 }]);
    // Too many matches: userspace.
    let (_, c) = compiled(r#"name =~ "*""#, "all");
    assert!(matches!(c.placements[0], Placement::Userspace(_)));
    // arg.flags: one place for openat alone, two for open and openat.
    let (_, c) = compiled("arg.flags & O_CREAT", "openat");
    assert_eq!(c.placements, [Placement::Kernel(0)]);
    assert_eq!(c.kernel.ops()[0].field, field::ARG0 + 2);
    let (_, c) = compiled("arg.flags & O_CREAT", "open,openat");
    assert_eq!(c.placements, [Placement::Expanded { ops: 7 }]);
    // Cut to the argument's width: read's fd is an unsigned int; -1 is 0xffffffff there, and the
    // register the kernel reads may hold it sign-extended: userspace compares.
    let (_, c) = compiled("arg.fd == -1", "read");
    assert!(matches!(c.placements[0], Placement::Userspace(_)));
    let (_, c) = compiled("arg.fd == 2 && arg.count > 0xffffffff", "read");
    assert_eq!(c.placements, [Placement::Kernel(0), Placement::Kernel(1)]);
    assert_eq!(c.kernel.ops()[1].value, 0xffff_ffff);
    let (_, c) = compiled("arg1 == -1 || arg1 == 7", "read");
    assert!(matches!(c.placements[0], Placement::Userspace(_)));
    assert_eq!(c.placements[1], Placement::Kernel(1));
    // Without -e trace=, calls without the argument make it an expansion, too long here.
    let (_, c) = compiled("arg.fd == 1", "all");
    assert!(matches!(c.placements[0], Placement::Userspace(_)));
}

#[test]
fn what_only_userspace_knows_is_unknown_in_the_kernel() {
    let (node, c) = compiled(r#"fd.path =~ "/etc/*" || path == "/x" || arg.filename == "/y""#, "openat");
    assert!(c.placements.iter().all(|p| matches!(p, Placement::Userspace(_))));
    assert!(c.kernel.ops().iter().filter(|o| o.code == op::UNKNOWN).count() == 3);
    assert!(node.atoms().iter().all(|a| a.kernel_op.is_none()));
    let cgroup = r#"cgroup == "/" && cgroup =~ "/user*""#;
    let (_, c) = compiled(cgroup, "all");
    let root = cgroup::id(b"/").expect("the root cgroup");
    assert_eq!((c.kernel.ops()[0].field, c.kernel.ops()[0].value), (field::CGROUP, root));
    assert!(matches!(c.placements[1], Placement::Userspace(_)));
}

#[test]
fn too_large_names_the_limit_and_the_comparison() {
    let text = (0..MAX_OPS).map(|i| format!("pid == {i}")).collect::<Vec<_>>().join(" || ");
    let mut node = parse(&text).expect("parses");
    let err = compile(&mut node, &scope("all")).expect_err("too large");
    assert_eq!((err.limit.what, err.limit.limit), ("operations", MAX_OPS));
    assert_eq!(err.atom, 16);
    // Strings beyond the kernel's constants are compared in userspace.
    let strings = (0..10).map(|i| format!("comm == \"c{i}\"")).collect::<Vec<_>>().join(" || ");
    let (_, c) = compiled(&strings, "all");
    assert_eq!(c.placements.iter().filter(|p| matches!(p, Placement::Userspace(_))).count(), 2);
}

#[test]
fn calls_the_backend_sees_outside_scope_pass_the_kernel_form() {
    let mut node = parse("errno == EACCES").expect("parses");
    let openat = scope("openat");
    // The backend also sees socket and execve (pairing's, the netlink table's): let through.
    let (c, guard) = compile_seeing(&mut node, &openat, Some(&scope("openat,socket,execve"))).expect("fits");
    assert_eq!(guard, Guard::Added { ops: 3 });
    let call = |nr: u64, ret: i64| {
        let mut call = Syscall::for_test(1, "getpid", &[], ret, vec![]);
        call.nr = nr;
        call
    };
    let task = TaskFacts::known([1, 0, 0], b"a", b"b", (b"/", 1));
    let verdict = |call: &Syscall| kernel_eval(&c.kernel, &Kernel { call, task: &task });
    assert_eq!(verdict(&call(nr::SOCKET, 3)), truth::TRUE);
    assert_eq!(verdict(&call(nr::EXECVE, 0)), truth::TRUE);
    assert_eq!(verdict(&call(nr::OPENAT, 3)), truth::FALSE);
    assert_eq!(verdict(&call(nr::OPENAT, -13)), truth::TRUE);
    // The comparison keeps its op.
    assert_eq!(node.atoms()[0].kernel_op, Some(0));
    // One call outside scope, two in: `|| NR == socket` is shorter.
    let two = scope("openat,read");
    let (_, guard) = compile_seeing(&mut node, &two, Some(&scope("openat,read,socket"))).expect("fits");
    assert_eq!(guard, Guard::Added { ops: 2 });
    // No scope (all calls): nothing to guard.
    let (_, guard) = compile_seeing(&mut node, &scope("all"), Some(&scope("all"))).expect("fits");
    assert_eq!(guard, Guard::Unneeded);
    // Neither fits: no kernel form.
    let (_, guard) = compile_seeing(&mut node, &scope("%file"), Some(&scope("all"))).expect("fits");
    assert_eq!(guard, Guard::DoesNotFit);
}

/// A small seeded generator (xorshift64*), so a failure is reproducible from its seed.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())].clone()
    }
}

const CALLS: [u64; 8] =
    [nr::OPEN, nr::OPENAT, nr::READ, nr::WRITE, nr::CLOSE, nr::EXECVE, nr::CONNECT, nr::GETPID];
const NUMBERS: [u64; 12] = [0, 1, 2, 3, 13, 64, 0x241, 4096, 8192, u64::MAX, (-100i64) as u64, 0xffff_ffff];
const RETS: [i64; 9] = [0, 3, 8192, -1, -2, -13, -4095, -4096, i64::MIN];
const DURATIONS: [u64; 5] = [0, 5_000, 10_000_000, 10_000_001, 2_000_000_000];
const COMMS: [&str; 5] = ["sshd", "bash", "cat", "fifteen-chars!!", ""];
const PATTERNS: [&str; 9] = ["sshd", "ssh*", "*sh*", "?at", "*", "", "b?s?", "fifteen-chars!!", "*!"];
const NAMES: [&str; 7] = ["open*", "*at", "read", "?lose", "*e*", "exec??", "write"];

/// One comparison, of a field and a value that go together.
fn random_atom(r: &mut Random, cgroups: &[(Vec<u8>, u64)]) -> Atom {
    let numbers = [
        Field::Nr,
        Field::Ret,
        Field::Errno,
        Field::Duration,
        Field::Pid,
        Field::Tid,
        Field::Ppid,
        Field::Uid,
        Field::Gid,
        Field::Arg(0),
        Field::Arg(1),
        Field::Arg(2),
        Field::ArgNamed("flags".into()),
        Field::ArgNamed("fd".into()),
        Field::ArgNamed("count".into()),
        Field::Cgroup,
    ];
    let numeric = [Cmp::Eq, Cmp::Ne, Cmp::Lt, Cmp::Le, Cmp::Gt, Cmp::Ge, Cmp::Bit];
    let textual = [Cmp::Eq, Cmp::Ne, Cmp::Glob];
    let (field, cmp, value) = match r.below(6) {
        0..=2 => {
            let field = r.pick(&numbers);
            let value = match field {
                Field::Ret => r.pick(&RETS) as u64,
                Field::Duration => r.pick(&DURATIONS),
                Field::Cgroup => r.pick(cgroups).1,
                Field::Nr => r.pick(&CALLS),
                _ => r.pick(&NUMBERS),
            };
            (field, r.pick(&numeric), Value::Number(value))
        }
        3 => {
            let field = r.pick(&[Field::Comm, Field::ParentComm]);
            (field, r.pick(&textual), Value::Str(r.pick(&PATTERNS).as_bytes().to_vec()))
        }
        4 => match r.below(2) {
            0 => (Field::Name, Cmp::Glob, Value::Str(r.pick(&NAMES).as_bytes().to_vec())),
            _ => {
                let name = syscall::info(r.pick(&CALLS)).expect("known").name;
                (Field::Name, r.pick(&[Cmp::Eq, Cmp::Ne]), Value::Str(name.as_bytes().to_vec()))
            }
        },
        _ => match r.below(3) {
            0 => (Field::Cgroup, r.pick(&[Cmp::Eq, Cmp::Ne]), Value::Str(r.pick(cgroups).0)),
            1 => (Field::Path, r.pick(&textual), Value::Str(b"/etc/*".to_vec())),
            _ => (Field::Cgroup, Cmp::Glob, Value::Str(b"/*".to_vec())),
        },
    };
    Atom { field, cmp, value, span: 0..0, text: String::new(), kernel_op: None }
}

fn random_node(r: &mut Random, depth: u32, cgroups: &[(Vec<u8>, u64)]) -> Node {
    if depth == 0 || r.below(3) == 0 {
        return Node::Atom(random_atom(r, cgroups));
    }
    let which = r.below(3);
    let mut sub = || Box::new(random_node(r, depth - 1, cgroups));
    match which {
        0 => Node::And(sub(), sub()),
        1 => Node::Or(sub(), sub()),
        _ => Node::Not(sub()),
    }
}

/// A call of the kernel's view: the facts of a [`Syscall`] and of its task.
struct Kernel<'a> {
    call: &'a Syscall,
    task: &'a TaskFacts,
}

impl Facts for Kernel<'_> {
    fn number(&self, id: u8) -> Fact<u64> {
        let known = |v: Option<u64>| v.map_or(Fact::Absent, Fact::Known);
        let ret = self.call.ret.expect("returned");
        match id {
            field::NR => Fact::Known(self.call.nr),
            field::RET => Fact::Known(ret as u64),
            field::ERRNO => known(tracer_common::errno::of(ret).map(u64::from)),
            field::DURATION => known(self.call.exit_ts_ns.map(|t| t - self.call.meta.ts_ns)),
            field::PID => Fact::Known(u64::from(self.call.meta.pid)),
            field::TID => Fact::Known(u64::from(self.call.meta.tid)),
            field::PPID => known(self.task.ppid()),
            field::UID => known(self.task.uid()),
            field::GID => known(self.task.gid()),
            field::CGROUP => known(self.task.cgroup_id()),
            id if (field::ARG0..=field::ARG5).contains(&id) => {
                // The register as the caller left it: a 32-bit argument sign-extended (the other
                // extension is what userspace reads).
                let i = usize::from(id - field::ARG0);
                let arg = syscall::info(self.call.nr).and_then(|info| info.args.get(i));
                Fact::Known(match arg.map(|a| a.width) {
                    Some(Width::U32 | Width::S32) => self.call.args[i] as u32 as i32 as i64 as u64,
                    _ => self.call.args[i],
                })
            }
            _ => Fact::Unknown,
        }
    }

    fn string(&self, id: u8) -> Fact<&[u8]> {
        let value = match id {
            field::COMM => self.task.comm(),
            field::PARENT_COMM => self.task.parent_comm(),
            _ => return Fact::Unknown,
        };
        value.map_or(Fact::Absent, Fact::Known)
    }
}

fn random_call(r: &mut Random) -> Syscall {
    let nr = r.pick(&CALLS);
    let args = [(); 6].map(|()| r.pick(&NUMBERS));
    let mut call = Syscall {
        meta: tracer_common::event::Meta { pid: r.pick(&[1, 2, 13]), tid: r.pick(&[1, 2, 3]), ts_ns: 1_000 },
        nr,
        args: syscall::kernel_args(nr, args),
        ip: 0,
        captures: Vec::new(),
        ret: Some(r.pick(&RETS)),
        exit_ts_ns: Some(1_000 + r.pick(&DURATIONS)),
        kernel_atoms: None,
    };
    if r.below(4) == 0 {
        call.captures.push(tracer_common::event::Capture::new(0, 0, b"/etc/passwd\0".to_vec()));
    }
    call
}

#[test]
fn the_kernel_form_and_userspace_agree_on_random_expressions_and_calls() {
    let root = cgroup::id(b"/").expect("the root cgroup");
    let own = std::fs::read("/proc/self/cgroup").expect("cgroup");
    let own_path = own.split(|&b| b == b'\n').find_map(|l| l.strip_prefix(b"0::")).expect("v2").to_vec();
    let own_id = cgroup::id(&own_path).expect("our cgroup's id");
    let cgroups = vec![(b"/".to_vec(), root), (own_path, own_id)];
    let scopes = [scope("all"), scope("open,openat,read,write,close,execve,connect,getpid")];
    let mut r = Random(0x5eed_f11e_2026);
    let (mut decided, mut trials) = (0, 0);
    for round in 0..1500 {
        let mut node = random_node(&mut r, 3, &cgroups);
        let scope = &scopes[round % 2];
        let Ok(compiled) = compile(&mut node, scope) else { continue };
        for _ in 0..12 {
            let call = random_call(&mut r);
            let cgroup = r.pick(&cgroups);
            let task = TaskFacts::known(
                [r.pick(&[1, 13]), r.pick(&[0, 65534]), r.pick(&[0, 100])],
                r.pick(&COMMS).as_bytes(),
                r.pick(&COMMS).as_bytes(),
                (&cgroup.0, cgroup.1),
            );
            let kernel = Kernel { call: &call, task: &task };
            let verdict = kernel_eval(&compiled.kernel, &kernel);
            let bits = atoms(&compiled.kernel, &kernel);
            let plain = eval(&node, &Subject { call: &call, fds: None, task: &task, kernel_atoms: None });
            let with_bits =
                eval(&node, &Subject { call: &call, fds: None, task: &task, kernel_atoms: Some(bits) });
            // Every fact known: userspace decides.
            assert_ne!(plain, truth::UNKNOWN);
            let plain = plain == truth::TRUE;
            let with_bits = with_bits == truth::TRUE;
            let case =
                || format!("seed round {round}: {node:?}\n{call:?}\nkernel {verdict}, userspace {plain}");
            // Sound: the kernel never drops what userspace shows; exact when it decides.
            match verdict {
                truth::TRUE => assert!(plain, "{}", case()),
                truth::FALSE => assert!(!plain, "{}", case()),
                _ => assert!(compiled.kernel.has_unknown(), "{}", case()),
            }
            // The kernel's atoms stand in for userspace's own evaluation.
            assert_eq!(with_bits, plain, "{}", case());
            decided += usize::from(verdict != truth::UNKNOWN);
            trials += 1;
        }
    }
    // Most expressions are decided in the kernel: the property is not vacuous.
    assert!(decided * 2 > trials, "{decided} of {trials} decided in the kernel");
}
