//! `--json FILE`: the report for machines (written by hand: a few numbers, strings and arrays).

use std::fmt::Write as _;

use super::model::{Report, Status};
use super::report::targets;
use super::stats;

/// A JSON string literal.
pub fn string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn num(x: f64) -> String {
    if x.is_finite() {
        format!("{x}")
    } else {
        "null".into()
    }
}

fn opt_num(x: Option<f64>) -> String {
    x.map(num).unwrap_or_else(|| "null".into())
}

fn opt_int(x: Option<u64>) -> String {
    x.map(|n| n.to_string()).unwrap_or_else(|| "null".into())
}

fn opt_str(x: Option<&str>) -> String {
    x.map(string).unwrap_or_else(|| "null".into())
}

fn nums(v: &[f64]) -> String {
    format!("[{}]", v.iter().map(|x| num(*x)).collect::<Vec<_>>().join(", "))
}

fn strings(v: &[String]) -> String {
    format!("[{}]", v.iter().map(|x| string(x)).collect::<Vec<_>>().join(", "))
}

pub fn render(report: &Report) -> String {
    let mut j = String::new();
    let m = &report.machine;
    let _ = writeln!(j, "{{");
    let _ = writeln!(j, "  \"tool\": \"tracer bench\",");
    let _ = writeln!(j, "  \"tracer_version\": {},", string(report.tracer_version));
    let _ = writeln!(j, "  \"date\": {},", string(&report.date));
    let _ = writeln!(
        j,
        "  \"machine\": {{\"cpu\": {}, \"cpus\": {}, \"kernel\": {}, \"mem_mib\": {}}},",
        string(&m.cpu),
        m.cpus,
        string(&m.kernel),
        m.mem_mib
    );
    let _ = writeln!(j, "  \"runs\": {},", report.runs);
    let _ = writeln!(j, "  \"warmup\": {},", report.warmup);
    let _ = writeln!(j, "  \"scale\": {},", num(report.scale));
    let _ =
        writeln!(j, "  \"tracer_settings\": {},", strings(&super::report::TRACER_SETTINGS.map(String::from)));
    let _ = writeln!(j, "  \"workloads\": [");
    for (wi, w) in report.workloads.iter().enumerate() {
        let _ = writeln!(j, "    {{");
        let _ = writeln!(j, "      \"name\": {},", string(&w.name));
        let _ = writeln!(j, "      \"about\": {},", string(&w.about));
        let _ = writeln!(j, "      \"size\": {},", opt_int(w.size));
        let _ = writeln!(j, "      \"command\": {},", strings(&w.command));
        let _ = writeln!(j, "      \"syscalls\": {},", opt_int(w.syscalls));
        let _ = writeln!(j, "      \"syscalls_from\": {},", string(w.syscalls_from));
        let _ = writeln!(j, "      \"error\": {},", opt_str(w.error.as_deref()));
        let _ = writeln!(j, "      \"modes\": [");
        for (mi, mr) in w.modes.iter().enumerate() {
            let (status, error) = match &mr.status {
                Status::Ok => ("ok", None),
                Status::Failed(e) => ("failed", Some(e.as_str())),
                Status::Skipped(e) => ("skipped", Some(e.as_str())),
            };
            let fields = [
                ("mode", string(mr.mode)),
                ("peer", mr.peer.to_string()),
                ("status", string(status)),
                ("error", opt_str(error)),
                ("command", strings(&mr.command)),
                ("wall_s", nums(&mr.wall_s)),
                ("median_s", opt_num(mr.median_s())),
                ("min_s", opt_num(stats::min(&mr.wall_s))),
                ("max_s", opt_num(stats::max(&mr.wall_s))),
                ("ratios", nums(&mr.ratios)),
                ("ratio", opt_num(if mr.mode == "native" && mr.ok() { Some(1.0) } else { mr.ratio() })),
                ("added_ns_per_syscall", opt_num(w.added_ns(mr))),
                ("seen", opt_int(mr.seen)),
                ("expected", opt_int(w.expected_for(mr))),
                ("lost", mr.lost.to_string()),
                ("cpu_s", nums(&mr.cpu_s)),
                ("tracer_cpu_s", opt_num(w.tracer_cpu_s(mr))),
                ("peak_rss_kib", mr.peak_rss_kib.to_string()),
                ("capture_bytes", mr.capture_bytes.map_or_else(|| "null".to_string(), |b| b.to_string())),
            ];
            let body: Vec<String> = fields.iter().map(|(k, v)| format!("{}: {v}", string(k))).collect();
            let comma = if mi + 1 < w.modes.len() { "," } else { "" };
            let _ = writeln!(j, "        {{{}}}{comma}", body.join(", "));
        }
        let _ = writeln!(j, "      ],");
        match &w.collateral {
            Some(c) => {
                let _ = writeln!(
                    j,
                    "      \"collateral\": {{\"tracer_mode\": {}, \"alone_s\": {}, \"with_s\": {}, \"ratios\": {}, \
                     \"ratio\": {}, \"error\": {}}}",
                    string(c.tracer_mode),
                    nums(&c.alone_s),
                    nums(&c.with_s),
                    nums(&c.ratios),
                    opt_num(stats::median(&c.ratios)),
                    opt_str(c.error.as_deref())
                );
            }
            None => {
                let _ = writeln!(j, "      \"collateral\": null");
            }
        }
        let comma = if wi + 1 < report.workloads.len() { "," } else { "" };
        let _ = writeln!(j, "    }}{comma}");
    }
    let _ = writeln!(j, "  ],");
    let _ = writeln!(j, "  \"targets\": [");
    let all = targets(report);
    for (i, t) in all.iter().enumerate() {
        let comma = if i + 1 < all.len() { "," } else { "" };
        let met = t.met.map(|b| b.to_string()).unwrap_or_else(|| "null".into());
        let _ = writeln!(
            j,
            "    {{\"target\": {}, \"measured\": {}, \"met\": {met}}}{comma}",
            string(t.what),
            opt_str(t.measured.as_deref())
        );
    }
    let _ = writeln!(j, "  ]");
    let _ = writeln!(j, "}}");
    j
}

#[cfg(test)]
mod tests {
    #[test]
    fn strings_are_escaped() {
        assert_eq!(super::string("a\"b\\c\n\u{1}"), "\"a\\\"b\\\\c\\n\\u0001\"");
    }
}
