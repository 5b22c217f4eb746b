//! tracer: strace's output from a ptrace or an eBPF backend.
//!
//! The modules are the stages of one data path, in the order data flows through them; each one
//! imports only the modules listed above it (see `docs/ARCHITECTURE.md`):
//!
//! - [`sets`], [`inject`], [`launch`], [`messages`]: what the command line says, and how a command
//!   is started; used by the backends and by everything after them.
//! - [`stack`]: `-k`'s unwinding (framehop) and symbolisation, from registers and whatever memory a
//!   backend can read.
//! - [`facts`]: what rendering reads of the live system (/proc, sock_diag), through one door a
//!   capture can record and replay.
//! - [`backend`]: ptrace or eBPF, turning a traced program into `tracer_common` records, from a
//!   request that holds only what the backend needs.
//! - [`capture`]: `--record`'s file, written from the records a backend delivers; [`replay`]:
//!   records in from such a file instead of a backend (`--replay`).
//! - [`call`]: the paired-call model every later stage reads.
//! - [`pairing`]: entry and exit records of a thread joined into one call, split into
//!   `<unfinished ...>` and `<... resumed>` halves as strace splits them.
//! - [`decode`]: what each syscall's arguments mean, written through a [`decode::Printer`]; and, per
//!   syscall family, what is irregular about its calls.
//! - [`state`]: what the tracees' descriptors refer to, which tasks are alive, their names; it learns
//!   from every call, shown or not.
//! - [`filter`]: the one place that decides whether an item is shown, hidden, or only learnt from.
//! - [`printers`]: strace's text, JSON lines, the Perfetto timeline.
//! - [`summary`]: `-c`'s tables.
//! - [`pipeline`]: the stages wired together, from a backend's records to the output.
//! - [`cli`]: the command line, parsed into a [`cli::Config`]; [`session`]: one run of tracer.

pub mod sets;
pub mod stack;

pub mod facts;

pub mod inject;
pub mod launch;
pub mod messages;
pub mod run_as;
pub mod tips;

pub mod backend;
pub mod capture;
pub mod replay;

pub mod call;
pub mod pairing;

pub mod decode;
pub mod state;

pub mod filter;

pub mod printers;
pub mod summary;

pub mod pipeline;

pub mod cli;
pub mod outputs;
pub mod session;
