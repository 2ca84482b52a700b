//! The library's layers (ARCHITECTURE.md), checked on the source: every
//! `crate::` and `super::` path in `src/` is resolved to the file it names,
//! and the test fails, naming the file and line, when
//!
//! - a top-level module imports from a module of a higher layer, or from a
//!   module of its own layer that imports it back (a circle), or
//! - files import each other in a circle (`a.rs` uses `b.rs` and `b.rs`,
//!   through any chain, uses `a.rs`).
//!
//! A `mod child;` declaration and a parent's `child::item` paths are not
//! imports: a module owns its children. Comments are ignored; paths inside
//! `#[cfg(test)]` modules count like any other (tests are code too).

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// Ground floor first. A module may use modules of its own layer or below.
const LAYERS: &[&[&str]] = &[
    &["error", "time", "encoding", "asn1", "vocabulary", "json"],
    &["identity"],
    &["algorithm"],
    &["cert", "trust", "report", "cache"],
    &["keys"],
    &["revocation"],
    &["policy", "path", "context"],
    &["cms", "xml"],
    &["bulk", "document"],
    &["verifier"],
    &["online"],
];

fn layer_of(module: &str) -> Option<usize> {
    LAYERS.iter().position(|l| l.contains(&module))
}

/// `src/a/b.rs` -> `["a", "b"]`; `src/a/mod.rs` -> `["a"]`; `src/lib.rs` -> `[]`.
fn module_path(rel: &Path) -> Vec<String> {
    let mut parts: Vec<String> = rel
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib")) {
        parts.pop();
    }
    parts
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).expect("src/ readable") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The source without `//` comments (doc comments name paths freely).
fn strip_comments(line: &str) -> &str {
    line.find("//").map_or(line, |i| &line[..i])
}

/// Every path that starts with `crate::` or `super::`, with `{a, b::c}`
/// groups expanded, as segments after the root (`super` resolved against
/// `me`), each with the byte offset of its root in `code`.
fn imported_paths(code: &str, me: &[String]) -> Vec<(usize, Vec<String>)> {
    let mut out = Vec::new();
    let bytes = code.as_bytes();
    for (at, _) in code.match_indices("::") {
        // Find the identifier before this `::`: a root if `crate`/`super`
        // and not itself preceded by `::` or an identifier character.
        let head = &code[..at];
        let ident_start = head
            .rfind(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .map_or(0, |k| k + 1);
        let ident = &head[ident_start..];
        if ident != "crate" && ident != "super" {
            continue;
        }
        if head[..ident_start].ends_with("::") {
            continue;
        }
        let mut root = Vec::new();
        if ident == "super" {
            // `super` of a file module is its parent; chains pop further.
            root = me.to_vec();
            root.pop();
        }
        let mut rest = at + 2;
        while code[rest..].starts_with("super::") {
            root.pop();
            rest += "super::".len();
        }
        let _ = bytes;
        let mut paths = Vec::new();
        expand(&code[rest..], root, &mut paths);
        out.extend(paths.into_iter().map(|p| (ident_start, p)));
    }
    out
}

/// Reads `a::b::{c, d::e}` from the start of `text` onto `prefix`.
fn expand(text: &str, mut prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
    let mut rest = text.trim_start();
    loop {
        let ident: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if ident.is_empty() {
            if let Some(group) = rest.strip_prefix('{') {
                let mut depth = 1;
                let mut start = 0;
                for (k, c) in group.char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' | ',' if depth == 1 => {
                            let item = group[start..k].trim();
                            if !item.is_empty() && item != "self" {
                                expand(item, prefix.clone(), out);
                            }
                            start = k + 1;
                            if c == '}' {
                                return;
                            }
                        }
                        '}' => depth -= 1,
                        _ => {}
                    }
                }
                return;
            }
            break;
        }
        rest = &rest[ident.len()..];
        prefix.push(ident);
        match rest.strip_prefix("::") {
            Some(r) => rest = r,
            None => break,
        }
    }
    out.push(prefix);
}

struct Source {
    rel: PathBuf,
    module: Vec<String>,
    lines: Vec<String>,
}

fn sources() -> Vec<Source> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let rel = path.strip_prefix(&src).expect("under src").to_path_buf();
            let text = fs::read_to_string(&path).expect("readable");
            Source {
                module: module_path(&rel),
                lines: text.lines().map(|l| strip_comments(l).to_owned()).collect(),
                rel,
            }
        })
        .collect()
}

/// One import: from file `from` (line `line`) to file `to`.
struct Edge {
    from: usize,
    line: usize,
    to: usize,
}

fn edges(files: &[Source]) -> Vec<Edge> {
    let by_module: BTreeMap<&[String], usize> = files
        .iter()
        .enumerate()
        .map(|(i, f)| (f.module.as_slice(), i))
        .collect();
    let mut out = Vec::new();
    for (i, f) in files.iter().enumerate() {
        // One text, so that a `use crate::{...}` over several lines reads
        // whole; each line's start gives the line number of a path.
        let mut text = String::new();
        let mut starts = Vec::new();
        for l in &f.lines {
            starts.push(text.len());
            text.push_str(l);
            text.push('\n');
        }
        for (at, path) in imported_paths(&text, &f.module) {
            let line = starts.partition_point(|&s| s <= at);
            if let Some(to) = resolve(&by_module, &path) {
                if to != i && !files[to].module.is_empty() {
                    out.push(Edge { from: i, line, to });
                }
            }
        }
    }
    out
}

/// The file of the longest module prefix of `path`.
fn resolve(by_module: &BTreeMap<&[String], usize>, path: &[String]) -> Option<usize> {
    (0..=path.len())
        .rev()
        .find_map(|n| by_module.get(&path[..n]).copied())
}

/// Strongly connected components with more than one member (Tarjan).
fn circles(n: usize, adj: &[BTreeSet<usize>]) -> Vec<Vec<usize>> {
    struct State<'a> {
        adj: &'a [BTreeSet<usize>],
        index: Vec<Option<usize>>,
        low: Vec<usize>,
        stack: Vec<usize>,
        on: Vec<bool>,
        next: usize,
        out: Vec<Vec<usize>>,
    }
    fn visit(s: &mut State<'_>, v: usize) {
        s.index[v] = Some(s.next);
        s.low[v] = s.next;
        s.next += 1;
        s.stack.push(v);
        s.on[v] = true;
        for &w in s.adj[v].iter() {
            match s.index[w] {
                None => {
                    visit(s, w);
                    s.low[v] = s.low[v].min(s.low[w]);
                }
                Some(iw) if s.on[w] => s.low[v] = s.low[v].min(iw),
                Some(_) => {}
            }
        }
        if Some(s.low[v]) == s.index[v] {
            let mut comp = Vec::new();
            while let Some(w) = s.stack.pop() {
                s.on[w] = false;
                comp.push(w);
                if w == v {
                    break;
                }
            }
            if comp.len() > 1 {
                comp.sort_unstable();
                s.out.push(comp);
            }
        }
    }
    let mut s = State {
        adj,
        index: vec![None; n],
        low: vec![0; n],
        stack: Vec::new(),
        on: vec![false; n],
        next: 0,
        out: Vec::new(),
    };
    for v in 0..n {
        if s.index[v].is_none() {
            visit(&mut s, v);
        }
    }
    s.out
}

#[test]
fn every_top_level_module_has_a_layer() {
    let missing: BTreeSet<String> = sources()
        .iter()
        .filter_map(|f| f.module.first().cloned())
        .filter(|m| layer_of(m).is_none())
        .collect();
    assert!(
        missing.is_empty(),
        "modules missing from LAYERS (and ARCHITECTURE.md): {missing:?}"
    );
}

#[test]
fn no_module_imports_from_a_layer_above_it() {
    let files = sources();
    let mut wrong = Vec::new();
    for e in edges(&files) {
        let (from, to) = (&files[e.from], &files[e.to]);
        let (Some(a), Some(b)) = (from.module.first(), to.module.first()) else {
            continue;
        };
        if let (Some(la), Some(lb)) = (layer_of(a), layer_of(b)) {
            if lb > la {
                wrong.push(format!(
                    "src/{}:{}: {a} (layer {la}) imports {b} (layer {lb}, src/{})",
                    from.rel.display(),
                    e.line,
                    to.rel.display()
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports from above:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn no_import_circles_between_modules_or_files() {
    let files = sources();
    let all = edges(&files);
    // Modules: one node per top-level module.
    let names: Vec<String> = files
        .iter()
        .filter_map(|f| f.module.first().cloned())
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect();
    let node = |f: &Source| {
        f.module
            .first()
            .and_then(|m| names.iter().position(|n| n == m))
    };
    let mut module_adj = vec![BTreeSet::new(); names.len()];
    let mut file_adj = vec![BTreeSet::new(); files.len()];
    let mut witness: BTreeMap<(usize, usize), String> = BTreeMap::new();
    for e in &all {
        file_adj[e.from].insert(e.to);
        if let (Some(a), Some(b)) = (node(&files[e.from]), node(&files[e.to])) {
            if a != b {
                module_adj[a].insert(b);
                witness
                    .entry((a, b))
                    .or_insert_with(|| format!("src/{}:{}", files[e.from].rel.display(), e.line));
            }
        }
    }
    let mut wrong = Vec::new();
    for comp in circles(names.len(), &module_adj) {
        let members: Vec<&str> = comp.iter().map(|&m| names[m].as_str()).collect();
        let evidence: Vec<&str> = comp
            .iter()
            .flat_map(|&a| comp.iter().map(move |&b| (a, b)))
            .filter_map(|k| witness.get(&k).map(String::as_str))
            .collect();
        wrong.push(format!(
            "modules {members:?} import each other ({})",
            evidence.join(", ")
        ));
    }
    for comp in circles(files.len(), &file_adj) {
        let members: Vec<String> = comp
            .iter()
            .map(|&f| format!("src/{}", files[f].rel.display()))
            .collect();
        wrong.push(format!("files {members:?} import each other"));
    }
    assert!(wrong.is_empty(), "import circles:\n{}", wrong.join("\n"));
}
