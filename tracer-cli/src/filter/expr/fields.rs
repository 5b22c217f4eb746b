//! The fields an expression may read, by name: the call's (`name`, `nr`, `ret`, `errno`,
//! `duration`), its task's (`pid`, `tid`, `ppid`, `uid`, `gid`, `comm`, `parent.comm`, `cgroup`),
//! its arguments (`arg0`..`arg5`, `arg.NAME` by the syscall table's argument names), `path` and
//! `fd.path`, and `port` (of a socket address argument).

use tracer_common::syscall::{self, ArgKind};

use super::ast::Field;
use super::error::{closest, Problem};

/// The fields with a fixed name.
const FIXED: [(&str, Field); 16] = [
    ("name", Field::Name),
    ("nr", Field::Nr),
    ("ret", Field::Ret),
    ("errno", Field::Errno),
    ("duration", Field::Duration),
    ("pid", Field::Pid),
    ("tid", Field::Tid),
    ("ppid", Field::Ppid),
    ("uid", Field::Uid),
    ("gid", Field::Gid),
    ("comm", Field::Comm),
    ("parent.comm", Field::ParentComm),
    ("cgroup", Field::Cgroup),
    ("path", Field::Path),
    ("fd.path", Field::FdPath),
    ("port", Field::Port),
];

/// The field called `name`, if `name` is one; `Err` when it is no field but looks like one was
/// meant (`arg.NAME` with an unknown NAME).
pub fn field(name: &str) -> Result<Option<Field>, Problem> {
    if let Some((_, field)) = FIXED.iter().find(|(known, _)| *known == name) {
        return Ok(Some(field.clone()));
    }
    if let Some(index) = name.strip_prefix("arg").and_then(|i| i.parse::<u8>().ok()).filter(|&i| i < 6) {
        if name.len() == 4 {
            return Ok(Some(Field::Arg(index)));
        }
    }
    if let Some(arg) = name.strip_prefix("arg.") {
        if argument_names().any(|known| known == arg) {
            return Ok(Some(Field::ArgNamed(arg.to_string())));
        }
        let suggestion = closest(arg, argument_names()).map(|s| format!("arg.{s}"));
        return Err(Problem::UnknownArgument { name: arg.to_string(), suggestion });
    }
    Ok(None)
}

/// The field names closest to `name`, for a suggestion.
pub fn suggest(name: &str) -> Option<String> {
    let fixed = FIXED.iter().map(|(known, _)| *known);
    let args = ["arg0", "arg1", "arg2", "arg3", "arg4", "arg5"];
    closest(name, fixed.chain(args)).or_else(|| {
        // `flags` for `arg.flags`.
        closest(name, argument_names()).map(|arg| format!("arg.{arg}"))
    })
}

/// Every argument name of the syscall table (with repeats).
fn argument_names() -> impl Iterator<Item = &'static str> {
    syscall::SYSCALLS.iter().flatten().flat_map(|info| info.args.iter().map(|arg| arg.name))
}

/// The argument of call `nr` named `name`: its index and table row.
pub fn argument(nr: u64, name: &str) -> Option<(usize, &'static syscall::Arg)> {
    syscall::info(nr)?.args.iter().enumerate().find(|(_, arg)| arg.name == name)
}

/// Whether an argument's capture is a string (a path or a C string).
pub fn is_string(kind: ArgKind) -> bool {
    matches!(kind, ArgKind::Path | ArgKind::Str)
}

/// Whether an argument is a descriptor (for `fd.path`; `AT_FDCWD` is none).
pub fn is_fd(kind: ArgKind) -> bool {
    matches!(kind, ArgKind::Fd | ArgKind::DirFd)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_by_name() {
        assert_eq!(field("errno"), Ok(Some(Field::Errno)));
        assert_eq!(field("parent.comm"), Ok(Some(Field::ParentComm)));
        assert_eq!(field("arg5"), Ok(Some(Field::Arg(5))));
        assert_eq!(field("arg6"), Ok(None));
        assert_eq!(field("arg05"), Ok(None));
        assert_eq!(field("arg.flags"), Ok(Some(Field::ArgNamed("flags".into()))));
        assert_eq!(field("arg.filename"), Ok(Some(Field::ArgNamed("filename".into()))));
        assert_eq!(field("EACCES"), Ok(None));
        assert_eq!(
            field("arg.flgs"),
            Err(Problem::UnknownArgument { name: "flgs".into(), suggestion: Some("arg.flags".into()) })
        );
    }

    #[test]
    fn misspelt_fields_get_a_suggestion() {
        assert_eq!(suggest("errn").as_deref(), Some("errno"));
        assert_eq!(suggest("parent.com").as_deref(), Some("parent.comm"));
        assert_eq!(suggest("durration").as_deref(), Some("duration"));
        assert_eq!(suggest("filename").as_deref(), Some("arg.filename"));
        assert_eq!(suggest("zzzzzzzz"), None);
    }

    #[test]
    fn arguments_by_their_table_names() {
        let openat = syscall::nr::OPENAT;
        assert_eq!(argument(openat, "flags").map(|(i, _)| i), Some(2));
        let open = syscall::nr::OPEN;
        assert_eq!(argument(open, "flags").map(|(i, _)| i), Some(1));
        assert!(argument(open, "count").is_none());
    }
}
