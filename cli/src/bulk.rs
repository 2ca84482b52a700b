//! `qoltanba verify-bulk`: verify every document of a directory (or a list
//! file), in parallel, and print the counts by verdict and reason and the
//! rate.

use std::collections::{BTreeMap, HashMap};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use clap::Args;
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
    #[command(flatten)]
    trust: TrustArgs,
}

pub(crate) fn run(args: &BulkArgs) -> Result<Outcome, Failure> {
    let files = list(&args.source)?;
    let verifier = args.trust.verifier()?;
    let options = args.trust.options()?;
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .max(1);
    let done = AtomicUsize::new(0);
    let progress = std::io::stderr().is_terminal();
    let unreadable: Mutex<HashMap<usize, String>> = Mutex::new(HashMap::new());
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
    let mut verdicts: Vec<(usize, String)> = Vec::with_capacity(files.len());
    // The summary's three counts are not used: the verdicts are tallied
    // here by reason.
    let _summary = verifier.verify_documents_with(
        files.iter().enumerate(),
        load,
        &options,
        &BulkOptions::new().threads(jobs),
        |i, result| {
            let unread = unreadable.lock().ok().and_then(|mut u| u.remove(&i));
            let verdict = match (unread, result) {
                (Some(message), _) => format!("unreadable: {message}"),
                (None, Err(e)) => format!("malformed [{}]", e.code()),
                (None, Ok(r)) => match r.reason {
                    None if r.valid => "valid".to_owned(),
                    Some(e) => format!("not valid [{}]", e.code()),
                    None => "not valid".to_owned(),
                },
            };
            verdicts.push((i, verdict));
            let n = done.fetch_add(1, Ordering::Relaxed) + 1;
            if progress && (n % 100 == 0 || n == files.len()) {
                eprint!("\r{n}/{} documents", files.len());
            }
        },
    );
    if progress {
        eprintln!();
    }
    let elapsed = start.elapsed().as_secs_f64();
    verdicts.sort();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (_, v) in &verdicts {
        *counts.entry(v.as_str()).or_default() += 1;
    }
    let rate = if elapsed > 0.0 {
        verdicts.len() as f64 / elapsed
    } else {
        0.0
    };
    let all_valid = !verdicts.is_empty() && counts.get("valid") == Some(&verdicts.len());
    match args.trust.format {
        Format::Json => {
            let per_file: Vec<serde_json::Value> = verdicts
                .iter()
                .map(|(i, v)| serde_json::json!({ "file": files[*i].to_string_lossy(), "verdict": v }))
                .collect();
            let value = serde_json::json!({
                "documents": verdicts.len(),
                "counts": counts,
                "seconds": elapsed,
                "documents_per_second": rate,
                "jobs": jobs,
                "files": per_file,
            });
            println!(
                "{}",
                serde_json::to_string_pretty(&value).unwrap_or_default()
            );
        }
        Format::Text => {
            for (i, v) in &verdicts {
                println!("{}: {v}", files[*i].display());
            }
            println!("---");
            for (verdict, n) in &counts {
                println!("{n:>8}  {verdict}");
            }
            println!(
                "{} documents in {elapsed:.3} s: {rate:.0} documents/s ({jobs} threads)",
                verdicts.len()
            );
        }
    }
    Ok(if all_valid {
        Outcome::Valid
    } else {
        Outcome::NotValid
    })
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
