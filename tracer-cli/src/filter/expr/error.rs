//! What is wrong with a `--filter` expression, and where: [`ExprError`], shown as one line that
//! quotes the expression with a caret under the offending position ([`ExprError::render`]).

/// A bad expression: what is wrong ([`Problem`]) at byte `at` of the text.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{problem}")]
pub struct ExprError {
    pub problem: Problem,
    /// Byte offset in the expression's text (its length: at the end).
    pub at: usize,
}

/// What is wrong.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Problem {
    #[error("empty expression")]
    Empty,
    #[error("unexpected character '{0}'")]
    Character(char),
    #[error("unterminated string (a closing '\"' is missing)")]
    UnterminatedString,
    #[error("unknown escape '\\{0}' in a string (use \\\\, \\\", \\n, \\t or \\xHH)")]
    Escape(char),
    #[error("bad number '{0}' (decimal, 0x hex, or a duration such as 10ms, 5us, 2s)")]
    Number(String),
    #[error("expected {expected}, found {found}")]
    Expected { expected: &'static str, found: String },
    #[error("unknown field '{name}'{}", did_you_mean(suggestion))]
    UnknownField { name: String, suggestion: Option<String> },
    #[error("unknown constant '{name}'{}", did_you_mean(suggestion))]
    UnknownConstant { name: String, suggestion: Option<String> },
    #[error("unknown system call '{name}'{}", did_you_mean(suggestion))]
    UnknownSyscall { name: String, suggestion: Option<String> },
    #[error("no system call has an argument named '{name}'{}", did_you_mean(suggestion))]
    UnknownArgument { name: String, suggestion: Option<String> },
    #[error("'{field}' is a string: compare it with a quoted string")]
    WantsString { field: String },
    #[error("'{field}' is a number: compare it with a number or a constant")]
    WantsNumber { field: String },
    #[error("'{op}' compares numbers, and '{field}' is a string (use ==, != or =~)")]
    OrdersString { op: &'static str, field: String },
    #[error("'=~' matches strings, and '{field}' is a number")]
    GlobOnNumber { field: String },
    #[error("a comparison needs a field on one side (name, ret, errno, comm, arg.NAME...)")]
    NoField,
    #[error("a comparison needs a value on one side, not two fields")]
    TwoFields,
    #[error("no cgroup '{path}' under {root} (the cgroup v2 hierarchy)")]
    UnknownCgroup { path: String, root: String },
    #[error(
        "expression too large for the kernel: more than {limit} {what} (write fewer comparisons, or use --backend ptrace)"
    )]
    TooLarge { what: &'static str, limit: usize },
}

fn did_you_mean(suggestion: &Option<String>) -> String {
    suggestion.as_ref().map_or_else(String::new, |s| format!(" (did you mean '{s}'?)"))
}

impl ExprError {
    pub fn new(problem: Problem, at: usize) -> Self {
        ExprError { problem, at }
    }

    /// The message for `--filter TEXT`, as the line after `prefix` (what precedes it on the
    /// screen, `tracer: ` usually): `--filter 'TEXT': PROBLEM`, then a line with a caret under
    /// the offending character of TEXT.
    pub fn render(&self, prefix: &str, text: &str) -> String {
        let quoted = format!("--filter '{text}': ");
        let at = self.at.min(text.len());
        let before = text.get(..at).unwrap_or(text);
        let column = prefix.chars().count() + "--filter '".len() + before.chars().count();
        format!("{}{}\n{}^", quoted, self.problem, " ".repeat(column))
    }
}

/// The name among `candidates` closest to `name` (a typo: at most one edit, or one more per six
/// characters; a transposition counts as one; case is ignored when comparing).
pub fn closest<'a>(name: &str, candidates: impl Iterator<Item = &'a str>) -> Option<String> {
    let allowed = 1 + name.chars().count() / 6;
    let lower = name.to_ascii_lowercase();
    candidates
        .map(|candidate| (strsim::osa_distance(&lower, &candidate.to_ascii_lowercase()), candidate))
        .filter(|&(distance, _)| distance <= allowed)
        .min_by_key(|&(distance, _)| distance)
        .map(|(_, candidate)| candidate.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_caret_stands_under_the_offending_character() {
        let error = ExprError::new(
            Problem::UnknownConstant { name: "EACCESS".into(), suggestion: Some("EACCES".into()) },
            9,
        );
        let text = error.render("tracer: ", "errno == EACCESS");
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "--filter 'errno == EACCESS': unknown constant 'EACCESS' (did you mean 'EACCES'?)"
        );
        let line0 = format!("tracer: {}", lines[0]);
        assert_eq!(line0.find("EACCESS"), Some(lines[1].len() - 1));
        assert!(lines[1].ends_with('^'));
    }

    #[test]
    fn typos_find_their_name_and_strangers_find_none() {
        let names = ["EACCES", "EPERM", "ENOENT"];
        assert_eq!(closest("EACCESS", names.iter().copied()).as_deref(), Some("EACCES"));
        assert_eq!(closest("eacces", names.iter().copied()).as_deref(), Some("EACCES"));
        assert_eq!(closest("XYZZY", names.iter().copied()), None);
    }
}
