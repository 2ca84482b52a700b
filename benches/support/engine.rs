//! OpenSSL's GOST engine as the baseline of the GOST benchmarks: builds
//! `benches/openssl/gost_engine.c` with the system C compiler and runs it
//! (a key on paramSetA / CryptoPro-A, one digest signed and verified in a
//! loop, the fastest of 8 blocks), and times qoltanba the same way.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

/// Microseconds per call of `f`: the fastest of 8 blocks of `seconds / 8`
/// each (the C harness's method, so that both sides skip the same noise).
#[allow(dead_code)] // used by benches/gost.rs, not bulk.rs
pub(crate) fn best_us(seconds: f64, mut f: impl FnMut()) -> f64 {
    let mut best = f64::MAX;
    for _ in 0..8 {
        let start = Instant::now();
        let mut n = 0u64;
        while start.elapsed().as_secs_f64() < seconds / 8.0 {
            f();
            n += 1;
        }
        best = best.min(start.elapsed().as_secs_f64() * 1e6 / n as f64);
    }
    best
}

/// The engine's microseconds per operation.
pub(crate) struct EngineFigures {
    /// Signing a digest.
    #[allow(dead_code)] // used by benches/gost.rs, not bulk.rs
    pub(crate) sign: f64,
    /// Verifying a digest.
    pub(crate) verify: f64,
    /// Signing the message, hashed in each operation.
    #[allow(dead_code)] // used by benches/gost.rs, not bulk.rs
    pub(crate) sign_message: f64,
    /// Verifying the message, hashed in each operation.
    #[allow(dead_code)] // used by benches/gost.rs, not bulk.rs
    pub(crate) verify_message: f64,
}

/// The engine's figures for `algorithm` (`gost2012_512` or `gost2001`) and
/// `message`, or `None` with a notice if the harness cannot be built or
/// the engine is not installed.
pub(crate) fn engine_us(
    out_dir: &Path,
    algorithm: &str,
    seconds: f64,
    message: &[u8],
) -> Option<EngineFigures> {
    let exe = harness(out_dir)?;
    let out = Command::new(&exe)
        .arg(algorithm)
        .arg(format!("{seconds}"))
        .arg(String::from_utf8_lossy(message).as_ref())
        .output()
        .ok()?;
    if !out.status.success() {
        eprintln!(
            "GOST engine harness failed (apt-get install libengine-gost-openssl): {}",
            String::from_utf8_lossy(&out.stderr)
        );
        return None;
    }
    let text = String::from_utf8_lossy(&out.stdout);
    let mut it = text.split_whitespace().map(str::parse::<f64>);
    Some(EngineFigures {
        sign: it.next()?.ok()?,
        verify: it.next()?.ok()?,
        sign_message: it.next()?.ok()?,
        verify_message: it.next()?.ok()?,
    })
}

fn harness(out_dir: &Path) -> Option<PathBuf> {
    std::fs::create_dir_all(out_dir).ok()?;
    let exe = out_dir.join("gost_engine");
    let status = Command::new(std::env::var("CC").unwrap_or_else(|_| "cc".into()))
        .args(["-O2", "-o"])
        .arg(&exe)
        .arg("benches/openssl/gost_engine.c")
        .arg("-lcrypto")
        .status()
        .ok()?;
    status.success().then_some(exe)
}
