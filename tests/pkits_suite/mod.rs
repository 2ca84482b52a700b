//! What `tests/pkits.rs` and `tests/pkits_cms.rs` share: the validation
//! time, the exceptions file and the per-section tally they print.
#![allow(dead_code, unreachable_pub)] // each test file uses a part

use std::collections::BTreeMap;
use std::fs;

use qoltanba::Time;

/// PKITS's validation time, as BoringSSL's harness uses.
pub fn time() -> Time {
    Time::parse_rfc3339("2011-04-15T00:00:00Z").expect("time")
}

/// `tests/pkits_exceptions.tsv`: test id to the reason qoltanba diverges.
pub fn exceptions() -> BTreeMap<String, String> {
    fs::read_to_string("tests/pkits_exceptions.tsv")
        .expect("exceptions file")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let (id, reason) = l.split_once('\t').expect("id<TAB>reason");
            (id.to_owned(), reason.to_owned())
        })
        .collect()
}

/// Per section: agree, diverge but excepted, diverge and not excepted.
#[derive(Default)]
pub struct Tally(BTreeMap<String, (u32, u32, u32)>);

impl Tally {
    /// Counts one test of `section`.
    pub fn record(&mut self, section: &str, agrees: bool, excepted: bool) {
        let t = self.0.entry(section.to_owned()).or_default();
        if agrees {
            t.0 += 1;
        } else if excepted {
            t.1 += 1;
        } else {
            t.2 += 1;
        }
    }

    /// Prints the tally under `title` ("PKITS", ...), sections not `asserted` marked so,
    /// and returns the totals of the asserted sections.
    pub fn print(&self, title: &str, asserted: impl Fn(&str) -> bool) -> (u32, u32, u32) {
        println!("{title} tally per section (agree / diverge, excepted / diverge, not excepted):");
        let mut total = (0, 0, 0);
        for (section, (a, e, d)) in &self.0 {
            let note = if asserted(section) {
                ""
            } else {
                "  (not asserted)"
            };
            println!("  {section:5} {a:3} / {e:3} / {d:3}{note}");
            if note.is_empty() {
                total = (total.0 + a, total.1 + e, total.2 + d);
            }
        }
        println!(
            "  asserted sections: {} agree, {} excepted, {} unexpected",
            total.0, total.1, total.2
        );
        total
    }
}
