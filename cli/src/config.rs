//! The configuration file: options an operator repeats on every call
//! (`--trust-profile`, `--crl`, `--revocation`, ...), in TOML.
//!
//! ```toml
//! # Applies to every subcommand that has the option:
//! trust-profile = ["nca"]
//! crl = ["/var/lib/qoltanba/nca_gost2022.crl", "/var/lib/qoltanba/nca_gost2022_d.crl"]
//! revocation = "required"
//!
//! # Applies to one subcommand only (and wins over the top level):
//! [verify-bulk]
//! jobs = 2
//! quiet = true
//! ```
//!
//! Keys are the long option names. A value is a string or a number, an
//! array of them for a repeatable option, or `true` for a flag (`false`
//! leaves it off). An option given on the command line replaces the
//! file's value (for a repeatable option, all of the file's values).
//!
//! The file is `--config FILE`, else `$QOLTANBA_CONFIG`, else
//! `$XDG_CONFIG_HOME/qoltanba/config.toml` (`~/.config/qoltanba/...`) if it
//! exists. `qoltanba config show` prints what applies.

use std::ffi::OsString;
use std::path::PathBuf;

use crate::Failure;

/// The configuration file and its settings.
pub(crate) struct Config {
    /// Where it was read from (None: no file).
    pub(crate) path: Option<PathBuf>,
    table: toml::Table,
}

impl Config {
    /// Finds and reads the configuration file for these arguments, and
    /// removes `--config FILE` from them.
    pub(crate) fn load(args: &mut Vec<OsString>) -> Result<Config, Failure> {
        let mut explicit = None;
        if let Some(i) = args.iter().position(|a| a == "--config") {
            let Some(path) = args.get(i + 1).cloned() else {
                return Err(Failure::usage("--config needs a FILE"));
            };
            args.drain(i..=i + 1);
            explicit = Some(PathBuf::from(path));
        } else if let Some(i) = args
            .iter()
            .position(|a| a.to_string_lossy().starts_with("--config="))
        {
            let a = args.remove(i);
            explicit = Some(PathBuf::from(&a.to_string_lossy()["--config=".len()..]));
        }
        let path = match explicit {
            Some(p) => Some(p),
            None => match std::env::var_os("QOLTANBA_CONFIG") {
                Some(p) => Some(PathBuf::from(p)),
                None => default_path().filter(|p| p.is_file()),
            },
        };
        let Some(path) = path else {
            return Ok(Config {
                path: None,
                table: toml::Table::new(),
            });
        };
        let text = std::fs::read_to_string(&path).map_err(|e| Failure::at(path.display(), e))?;
        let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
            Failure::new("config", format!("{}: {e}", path.display()))
        })?;
        Ok(Config {
            path: Some(path),
            table,
        })
    }

    /// The settings for `subcommand` (its table over the top level), as
    /// (option, values); `true` flags have no values.
    pub(crate) fn settings(&self, subcommand: &str) -> Result<Vec<(String, Vec<String>)>, Failure> {
        let mut merged: Vec<(String, Vec<String>)> = Vec::new();
        let mut put = |key: &str, value: &toml::Value| -> Result<(), Failure> {
            let values = values(key, value)?;
            merged.retain(|(k, _)| k != key);
            if let Some(values) = values {
                merged.push((key.to_owned(), values));
            }
            Ok(())
        };
        for (key, value) in &self.table {
            if !value.is_table() {
                put(key, value)?;
            }
        }
        if let Some(toml::Value::Table(own)) = self.table.get(subcommand) {
            for (key, value) in own {
                put(key, value)?;
            }
        }
        Ok(merged)
    }

    /// `args` with the file's settings for their subcommand added where the
    /// command line does not give the option (only options the subcommand
    /// has: a top-level `crl` does not reach `demo`).
    pub(crate) fn apply(
        &self,
        args: &mut Vec<OsString>,
        command: &clap::Command,
    ) -> Result<(), Failure> {
        let Some((index, name, sub)) = args.iter().enumerate().skip(1).find_map(|(i, a)| {
            let name = a.to_str()?;
            command
                .find_subcommand(name)
                .map(|s| (i, name.to_owned(), s))
        }) else {
            return Ok(());
        };
        // A subcommand with its own subcommands (request verify ...).
        let (sub, _) = match args.get(index + 1).and_then(|a| a.to_str()) {
            Some(n) if sub.find_subcommand(n).is_some() => {
                (sub.find_subcommand(n).unwrap_or(sub), n)
            }
            _ => (sub, ""),
        };
        let known: Vec<String> = sub
            .get_arguments()
            .filter_map(|a| a.get_long().map(str::to_owned))
            .collect();
        let given = |key: &str| {
            args.iter().any(|a| {
                let a = a.to_string_lossy();
                a == format!("--{key}") || a.starts_with(&format!("--{key}="))
            })
        };
        let mut extra: Vec<OsString> = Vec::new();
        for (key, values) in self.settings(&name)? {
            if !known.contains(&key) || given(&key) {
                continue;
            }
            if values.is_empty() {
                extra.push(format!("--{key}").into());
            }
            for v in values {
                extra.push(format!("--{key}={v}").into());
            }
        }
        args.extend(extra);
        Ok(())
    }
}

/// A setting's values: None for `false`, empty for `true`.
fn values(key: &str, value: &toml::Value) -> Result<Option<Vec<String>>, Failure> {
    let one = |v: &toml::Value| match v {
        toml::Value::String(s) => Ok(s.clone()),
        toml::Value::Integer(n) => Ok(n.to_string()),
        toml::Value::Float(f) => Ok(f.to_string()),
        _ => Err(Failure::new(
            "config",
            format!("{key}: expected a string, a number or an array of them"),
        )),
    };
    match value {
        toml::Value::Boolean(true) => Ok(Some(Vec::new())),
        toml::Value::Boolean(false) => Ok(None),
        toml::Value::Array(items) => items.iter().map(one).collect::<Result<_, _>>().map(Some),
        v => one(v).map(|s| Some(vec![s])),
    }
}

/// `$XDG_CONFIG_HOME/qoltanba/config.toml`, or `~/.config/qoltanba/config.toml`.
fn default_path() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(base.join("qoltanba").join("config.toml"))
}
