//! Reading inputs: files, `-` for standard input, directories of
//! certificates; bounded in size.

use std::io::Read;
use std::path::Path;

use crate::Failure;

/// Largest input read (64 MiB, the library's bound).
const MAX_INPUT: u64 = 64 * 1024 * 1024;

/// Reads a file, or standard input for `-`.
pub(crate) fn read(path: &str) -> Result<Vec<u8>, Failure> {
    let mut buf = Vec::new();
    if path == "-" {
        std::io::stdin().take(MAX_INPUT + 1).read_to_end(&mut buf)?;
    } else {
        let file = std::fs::File::open(path).map_err(|e| Failure::at(path, e))?;
        file.take(MAX_INPUT + 1)
            .read_to_end(&mut buf)
            .map_err(|e| Failure::at(path, e))?;
    }
    if buf.len() as u64 > MAX_INPUT {
        return Err(Failure::new(
            "limit-exceeded",
            format!("{path}: larger than {MAX_INPUT} bytes"),
        ));
    }
    Ok(buf)
}

/// Reads a file, or every regular file of a directory (sorted by name).
pub(crate) fn read_file_or_dir(path: &str) -> Result<Vec<(String, Vec<u8>)>, Failure> {
    let p = Path::new(path);
    if p.is_dir() {
        let mut names: Vec<_> = std::fs::read_dir(p)
            .map_err(|e| Failure::at(path, e))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .collect();
        names.sort();
        names
            .into_iter()
            .map(|n| {
                let name = n.to_string_lossy().into_owned();
                read(&name).map(|b| (name, b))
            })
            .collect()
    } else {
        Ok(vec![(path.to_owned(), read(path)?)])
    }
}
