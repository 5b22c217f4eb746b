//! The parser: tokens to a resolved [`Node`]. C's precedence: `!` binds tightest (it negates the
//! comparison or parenthesis after it), then `&&`, then `||`; a comparison is `FIELD OP VALUE`
//! (or `VALUE OP FIELD`), with `==`, `!=`, `<`, `<=`, `>`, `>=`, `&` (a bit test) and `=~` (a
//! glob).

use super::ast::{Atom, Cmp, Field, Node, Value};
use super::cgroup;
use super::constants;
use super::error::{closest, ExprError, Problem};
use super::fields;
use super::lexer::{tokens, Kind, Token};

/// Parse one `--filter` expression.
pub fn parse(text: &str) -> Result<Node, ExprError> {
    let tokens = tokens(text)?;
    if tokens.is_empty() {
        return Err(ExprError::new(Problem::Empty, 0));
    }
    let mut parser = Parser { text, tokens, at: 0 };
    let node = parser.or()?;
    match parser.peek() {
        None => Ok(node),
        Some(token) => Err(parser.expected("'&&', '||' or the end of the expression", token.start)),
    }
}

struct Parser<'a> {
    text: &'a str,
    tokens: Vec<Token>,
    at: usize,
}

/// One side of a comparison, before the two are matched up.
enum Operand {
    Field(Field),
    Value(Value),
    /// A name that is neither a field nor a constant.
    Unknown(String),
}

impl Parser<'_> {
    fn peek(&self) -> Option<&Token> {
        self.tokens.get(self.at)
    }

    fn next(&mut self) -> Option<Token> {
        let token = self.tokens.get(self.at).cloned();
        self.at += 1;
        token
    }

    /// Where the next token starts (the end of the text after the last).
    fn here(&self) -> usize {
        self.peek().map_or(self.text.len(), |t| t.start)
    }

    fn expected(&self, expected: &'static str, at: usize) -> ExprError {
        let found = match self.tokens.iter().find(|t| t.start == at) {
            Some(token) => token.kind.describe(),
            None => "the end of the expression".into(),
        };
        ExprError::new(Problem::Expected { expected, found }, at)
    }

    fn or(&mut self) -> Result<Node, ExprError> {
        let mut node = self.and()?;
        while self.peek().is_some_and(|t| t.kind == Kind::OrOr) {
            self.at += 1;
            node = Node::Or(Box::new(node), Box::new(self.and()?));
        }
        Ok(node)
    }

    fn and(&mut self) -> Result<Node, ExprError> {
        let mut node = self.unary()?;
        while self.peek().is_some_and(|t| t.kind == Kind::AndAnd) {
            self.at += 1;
            node = Node::And(Box::new(node), Box::new(self.unary()?));
        }
        Ok(node)
    }

    fn unary(&mut self) -> Result<Node, ExprError> {
        match self.peek().map(|t| &t.kind) {
            Some(Kind::Not) => {
                self.at += 1;
                Ok(Node::Not(Box::new(self.unary()?)))
            }
            Some(Kind::LParen) => {
                self.at += 1;
                let node = self.or()?;
                match self.peek() {
                    Some(Token { kind: Kind::RParen, .. }) => {
                        self.at += 1;
                        Ok(node)
                    }
                    _ => Err(self.expected("')'", self.here())),
                }
            }
            _ => self.comparison(),
        }
    }

    fn comparison(&mut self) -> Result<Node, ExprError> {
        let start = self.here();
        let left = self.operand()?;
        let op_at = self.here();
        let cmp = match self.peek().map(|t| &t.kind) {
            Some(Kind::Eq) => Cmp::Eq,
            Some(Kind::Ne) => Cmp::Ne,
            Some(Kind::Lt) => Cmp::Lt,
            Some(Kind::Le) => Cmp::Le,
            Some(Kind::Gt) => Cmp::Gt,
            Some(Kind::Ge) => Cmp::Ge,
            Some(Kind::Amp) => Cmp::Bit,
            Some(Kind::Match) => Cmp::Glob,
            _ => return Err(self.expected("a comparison (==, !=, <, <=, >, >=, & or =~)", op_at)),
        };
        self.at += 1;
        let right_at = self.here();
        let right = self.operand()?;
        let end = self.tokens.get(self.at - 1).map_or(self.text.len(), |t| t.end);
        let (field, value, value_at) = match (left.1, right.1) {
            (Operand::Field(field), Operand::Value(value)) => (field, value, right_at),
            (Operand::Value(value), Operand::Field(field)) => (field, value, start),
            (Operand::Field(_), Operand::Field(_)) => {
                return Err(ExprError::new(Problem::TwoFields, right_at))
            }
            (Operand::Field(_), Operand::Unknown(name)) => {
                let suggestion = closest(&name, constants::names());
                return Err(ExprError::new(Problem::UnknownConstant { name, suggestion }, right_at));
            }
            (Operand::Unknown(name), _) => {
                let suggestion = fields::suggest(&name);
                return Err(ExprError::new(Problem::UnknownField { name, suggestion }, start));
            }
            (Operand::Value(_), Operand::Unknown(name)) => {
                let suggestion = fields::suggest(&name);
                return Err(ExprError::new(Problem::UnknownField { name, suggestion }, right_at));
            }
            (Operand::Value(_), Operand::Value(_)) => return Err(ExprError::new(Problem::NoField, start)),
        };
        let cmp = if value_at == start { cmp.mirrored() } else { cmp };
        check(&field, cmp, &value, op_at, value_at)?;
        let value = match (&field, value) {
            (Field::Cgroup, Value::Str(path)) if cmp != Cmp::Glob => Value::Str(cgroup::normal(&path)),
            (_, value) => value,
        };
        let text = self.text.get(start..end).unwrap_or_default().to_string();
        Ok(Node::Atom(Atom { field, cmp, value, span: start..end, text, kernel_op: None }))
    }

    /// A field, a constant, a number or a string; `-` before a number or a constant.
    fn operand(&mut self) -> Result<(usize, Operand), ExprError> {
        let at = self.here();
        let Some(token) = self.next() else {
            return Err(self.expected("a field or a value", at));
        };
        let operand = match token.kind {
            Kind::Name(name) => name_operand(name).map_err(|problem| ExprError::new(problem, at))?,
            Kind::Number(n) => Operand::Value(Value::Number(n)),
            Kind::Str(bytes) => Operand::Value(Value::Str(bytes)),
            Kind::Minus => {
                let value_at = self.here();
                match self.next().map(|t| t.kind) {
                    Some(Kind::Number(n)) => Operand::Value(Value::Number(n.wrapping_neg())),
                    Some(Kind::Name(name)) => match constants::value(&name) {
                        Some(n) => Operand::Value(Value::Number(n.wrapping_neg())),
                        None => {
                            let suggestion = closest(&name, constants::names());
                            let problem = Problem::UnknownConstant { name, suggestion };
                            return Err(ExprError::new(problem, value_at));
                        }
                    },
                    _ => return Err(self.expected("a number or a constant after '-'", value_at)),
                }
            }
            _ => return Err(self.expected("a field or a value", at)),
        };
        Ok((at, operand))
    }
}

/// A name: a field, a constant, or neither.
fn name_operand(name: String) -> Result<Operand, Problem> {
    if let Some(field) = fields::field(&name)? {
        return Ok(Operand::Field(field));
    }
    Ok(match constants::value(&name) {
        Some(value) => Operand::Value(Value::Number(value)),
        None => Operand::Unknown(name),
    })
}

/// Whether `field CMP value` makes sense; what it names exists.
fn check(field: &Field, cmp: Cmp, value: &Value, op_at: usize, value_at: usize) -> Result<(), ExprError> {
    let name = field.to_string();
    match value {
        Value::Str(_) if !field.takes_string() => {
            Err(ExprError::new(Problem::WantsNumber { field: name }, value_at))
        }
        Value::Str(_) if cmp.orders() || cmp == Cmp::Bit => {
            Err(ExprError::new(Problem::OrdersString { op: cmp.symbol(), field: name }, op_at))
        }
        Value::Number(_) if !field.takes_number() => {
            Err(ExprError::new(Problem::WantsString { field: name }, value_at))
        }
        Value::Number(_) if cmp == Cmp::Glob => {
            Err(ExprError::new(Problem::GlobOnNumber { field: name }, op_at))
        }
        Value::Str(bytes) if cmp != Cmp::Glob => match field {
            Field::Name => {
                let text = String::from_utf8_lossy(bytes);
                match tracer_common::syscall::by_name(&text) {
                    Some(_) => Ok(()),
                    None => {
                        let names = tracer_common::syscall::SYSCALLS.iter().flatten().map(|info| info.name);
                        let suggestion = closest(&text, names);
                        let problem = Problem::UnknownSyscall { name: text.into_owned(), suggestion };
                        Err(ExprError::new(problem, value_at))
                    }
                }
            }
            Field::Cgroup => match cgroup::dir(bytes) {
                Some(_) => Ok(()),
                None => {
                    let path = String::from_utf8_lossy(bytes).into_owned();
                    let problem = Problem::UnknownCgroup { path, root: cgroup::root().display().to_string() };
                    Err(ExprError::new(problem, value_at))
                }
            },
            _ => Ok(()),
        },
        _ => Ok(()),
    }
}

#[cfg(test)]
#[path = "parser_tests.rs"]
mod tests;
