//! `qoltanba verify-bulk`: verify every document of a directory (or a list
//! file), in parallel, and print the counts by verdict and reason and the
//! rate.

use std::collections::{BTreeMap, HashMap};
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use clap::Args;
use indicatif::{ProgressBar, ProgressStyle};
use qoltanba::BulkOptions;

use crate::input::read;
use crate::trust::{Format, TrustArgs};
use crate::{Failure, Outcome};

#[derive(Args)]
pub(crate) struct BulkArgs {
    /// A directory of signed documents, or a file listing one path per line.
    source: String,
    /// Worker threads (default: the number of CPUs).
    #[arg(long)]
    jobs: Option<usize>,
    /// No progress bar (it is shown only on a terminal anyway).
    #[arg(long)]
    quiet: bool,
    /// Stop taking new documents after the first one that is not valid
    /// (those already being verified still finish and are reported).
    #[arg(long)]
    fail_fast: bool,
    /// Report only the documents that are not valid (the summary still
    /// counts them all).
    #[arg(long)]
    only_invalid: bool,
    #[command(flatten)]
    trust: TrustArgs,
}

/// The version of the JSON `verify-bulk` writes (`--format json`, and each
/// line of `--format jsonl`); see docs/schema/.
const SCHEMA: &str = "qoltanba/verify-bulk/1";

/// One document's outcome, as the summary and the lines report it.
struct Verdict {
    valid: bool,
    /// The reason's code, `unreadable` for a file that could not be read.
    code: Option<&'static str>,
    message: Option<String>,
    /// The signers' IIN and BIN.
    signers: Vec<(Option<String>, Option<String>)>,
}

impl Verdict {
    /// The text form, also the summary's key: `valid`, `not valid [code]`,
    /// `malformed [code]`, `unreadable`.
    fn label(&self, malformed: bool) -> String {
        match (self.valid, self.code) {
            (true, _) => "valid".to_owned(),
            (false, Some("unreadable")) => "unreadable".to_owned(),
            (false, Some(code)) if malformed => format!("malformed [{code}]"),
            (false, Some(code)) => format!("not valid [{code}]"),
            (false, None) => "not valid".to_owned(),
        }
    }
}

pub(crate) fn run(args: &BulkArgs) -> Result<Outcome, Failure> {
    let files = list(&args.source)?;
    let verifier = args.trust.verifier()?;
    let options = args.trust.options()?;
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let format = args.trust.format;
    let bar = if args.quiet || !std::io::stderr().is_terminal() {
        ProgressBar::hidden()
    } else {
        let bar = ProgressBar::new(files.len() as u64);
        bar.set_style(
            ProgressStyle::with_template(
                "{pos}/{len} documents {per_sec} [{elapsed_precise}, ETA {eta}] {wide_bar}",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar
    };
    let unreadable: Mutex<HashMap<usize, String>> = Mutex::new(HashMap::new());
    let stop = AtomicBool::new(false);
    let stdout_closed = AtomicBool::new(false);
    let start = Instant::now();
    // Each worker takes the next path under the library's lock and reads
    // the file outside it: one document per thread in memory, reads in
    // parallel.
    let load = |(i, path): (usize, &PathBuf)| {
        read(&path.to_string_lossy()).map_err(|f| {
            if let Ok(mut u) = unreadable.lock() {
                u.insert(i, f.message.clone());
            }
            qoltanba::Error::Malformed {
                what: "file",
                detail: f.message,
            }
        })
    };
    let items = files
        .iter()
        .enumerate()
        .take_while(|_| !stop.load(Ordering::Relaxed));
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let mut lines: Vec<(usize, Verdict)> = Vec::new();
    let mut out = std::io::stdout();
    let _summary = verifier.verify_documents_with(
        items,
        load,
        &options,
        &BulkOptions::new().threads(jobs),
        |i, result| {
            let unread = unreadable.lock().ok().and_then(|mut u| u.remove(&i));
            let malformed = result.is_err();
            let verdict = match (unread, result) {
                (Some(message), _) => Verdict {
                    valid: false,
                    code: Some("unreadable"),
                    message: Some(message),
                    signers: Vec::new(),
                },
                (None, Err(e)) => Verdict {
                    valid: false,
                    code: Some(e.code()),
                    message: Some(e.to_string()),
                    signers: Vec::new(),
                },
                (None, Ok(r)) => Verdict {
                    valid: r.valid,
                    code: r.reason.as_ref().map(|e| e.code()),
                    message: r.reason.as_ref().map(|e| e.to_string()),
                    signers: r
                        .signers
                        .iter()
                        .map(|s| {
                            let info = s.certificate.as_ref().map(|c| &c.certificate);
                            (
                                info.and_then(|c| c.iin).map(|x| x.to_string()),
                                info.and_then(|c| c.bin).map(|x| x.to_string()),
                            )
                        })
                        .collect(),
                },
            };
            *counts.entry(verdict.label(malformed)).or_default() += 1;
            if !verdict.valid && args.fail_fast {
                stop.store(true, Ordering::Relaxed);
            }
            bar.inc(1);
            if args.only_invalid && verdict.valid {
                return;
            }
            if format == Format::Jsonl {
                let line = json_line(&files[i], &verdict, start.elapsed().as_secs_f64());
                if !stdout_closed.load(Ordering::Relaxed) && writeln!(out, "{line}").is_err() {
                    // A closed pipe (`| head`): stop writing, and stop
                    // taking documents; the exit code still says how the
                    // verified ones went.
                    stdout_closed.store(true, Ordering::Relaxed);
                    stop.store(true, Ordering::Relaxed);
                }
            } else {
                lines.push((i, verdict));
            }
        },
    );
    bar.finish_and_clear();
    let elapsed = start.elapsed().as_secs_f64();
    let documents: usize = counts.values().sum();
    let rate = if elapsed > 0.0 {
        documents as f64 / elapsed
    } else {
        0.0
    };
    // The exit code speaks for what was verified: all of it valid, or not
    // (a run stopped by a closed pipe counts what it verified).
    let all_valid = documents > 0 && counts.get("valid") == Some(&documents);
    lines.sort_by_key(|(i, _)| *i);
    let summary = serde_json::json!({
        "documents": documents,
        "listed": files.len(),
        "counts": counts,
        "seconds": elapsed,
        "documents_per_second": rate,
        "jobs": jobs,
        "stopped_early": documents < files.len(),
    });
    let written = match format {
        Format::Jsonl => writeln!(
            out,
            "{}",
            serde_json::json!({ "schema": SCHEMA, "summary": summary })
        ),
        Format::Json => {
            let per_file: Vec<serde_json::Value> = lines
                .iter()
                .map(|(i, v)| {
                    serde_json::json!({
                        "file": files[*i].to_string_lossy(),
                        "verdict": v.label(false),
                        "valid": v.valid,
                        "code": v.code,
                    })
                })
                .collect();
            let mut value = summary;
            value["schema"] = SCHEMA.into();
            value["files"] = per_file.into();
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&value).unwrap_or_default()
            )
        }
        Format::Text => write_text(&mut out, &files, &lines, &counts, elapsed, rate, jobs),
    };
    // A closed pipe is not an error of the verification.
    drop(written);
    Ok(if all_valid {
        Outcome::Valid
    } else {
        Outcome::NotValid
    })
}

/// One `--format jsonl` line.
fn json_line(path: &Path, v: &Verdict, elapsed: f64) -> serde_json::Value {
    let signers: Vec<serde_json::Value> = v
        .signers
        .iter()
        .map(|(iin, bin)| serde_json::json!({ "iin": iin, "bin": bin }))
        .collect();
    serde_json::json!({
        "schema": SCHEMA,
        "file": path.to_string_lossy(),
        "valid": v.valid,
        "code": v.code,
        "reason": v.message,
        "signers": signers,
        "elapsed_seconds": elapsed,
    })
}

fn write_text(
    out: &mut impl Write,
    files: &[PathBuf],
    lines: &[(usize, Verdict)],
    counts: &BTreeMap<String, usize>,
    elapsed: f64,
    rate: f64,
    jobs: usize,
) -> std::io::Result<()> {
    for (i, v) in lines {
        match (&v.code, &v.message) {
            (Some("unreadable"), Some(m)) => {
                writeln!(out, "{}: unreadable: {m}", files[*i].display())?
            }
            _ => writeln!(out, "{}: {}", files[*i].display(), v.label(false))?,
        }
    }
    writeln!(out, "---")?;
    for (verdict, n) in counts {
        writeln!(out, "{n:>8}  {verdict}")?;
    }
    let documents: usize = counts.values().sum();
    writeln!(
        out,
        "{documents} documents in {elapsed:.3} s: {rate:.0} documents/s ({jobs} threads)"
    )
}

/// The documents: every file of a directory (sorted), or the lines of a
/// list file.
fn list(source: &str) -> Result<Vec<PathBuf>, Failure> {
    let p = Path::new(source);
    if p.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(p)
            .map_err(|e| Failure::at(source, e))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        Ok(files)
    } else {
        let text = String::from_utf8(read(source)?)
            .map_err(|_| Failure::usage(format!("{source}: not a UTF-8 list")))?;
        Ok(text
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .map(PathBuf::from)
            .collect())
    }
}
