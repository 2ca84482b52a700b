//! Canonical XML, differential (issue 15): the fuzz input drives a
//! generator of well-formed documents (namespaces declared, redeclared and
//! unused, the default namespace undeclared with `xmlns=""`, `xml:`
//! attributes, attributes in any order and quoting, entity and character
//! references, CDATA, comments, PIs, whitespace inside tags and outside the
//! root, Cyrillic and astral text, CR/CRLF line ends), which qoltanba's
//! `canonicalize_document` and libxml2 (`xmlC14NDocDumpMemory`, the call
//! `xmllint --c14n`, `--c14n11` and `--exc-c14n` make, linked in process:
//! a subprocess per input would run ~100 inputs a second instead of
//! thousands) canonicalize in every form: inclusive 1.0 and 1.1, exclusive,
//! each with and without comments, exclusive with an InclusiveNamespaces
//! PrefixList drawn from the input. Both must accept the document and give
//! the same bytes; any difference is a crash that prints the document.
//!
//! Excluded libxml2 deviation (tests/xml_c14n.rs documents it on the
//! corpus): `#default` in the PrefixList. libxml2 then renders `xmlns=""`
//! on the wrong element; qoltanba follows exc-c14n section 3. The PrefixList
//! here holds named prefixes only.
//!
//! Needs libxml2's shared library only (`libxml2.so.2`, which xmllint's
//! package depends on), linked by its file name so that no `-dev` package
//! is needed: feature `libxml2`.
#![no_main]

use std::ffi::{c_char, c_int, c_void, CString};
use std::fmt::Write as _;

use libfuzzer_sys::arbitrary::{Result, Unstructured};
use qoltanba::{canonicalize_document, C14nMethod};

#[link(name = "libxml2.so.2", kind = "dylib", modifiers = "+verbatim")]
extern "C" {
    fn xmlReadMemory(
        buffer: *const c_char,
        size: c_int,
        url: *const c_char,
        encoding: *const c_char,
        options: c_int,
    ) -> *mut c_void;
    fn xmlFreeDoc(doc: *mut c_void);
    fn xmlC14NDocDumpMemory(
        doc: *mut c_void,
        nodes: *mut c_void,
        mode: c_int,
        inclusive_ns_prefixes: *mut *mut c_char,
        with_comments: c_int,
        doc_txt_ptr: *mut *mut u8,
    ) -> c_int;
    fn xmlSetGenericErrorFunc(ctx: *mut c_void, handler: *mut c_void);
    fn xmlSetStructuredErrorFunc(ctx: *mut c_void, handler: *mut c_void);
}

extern "C" {
    // libxml2's xmlFree is the C library's free unless an application
    // installs other allocators (none does here).
    fn free(ptr: *mut c_void);
}

// libxml2's parser options: xmllint's for --c14n (entities substituted,
// DTD loaded and its default attributes: no effect, the documents have no
// DTD), no network, no error or warning output.
const XML_PARSE_NOENT: c_int = 1 << 1;
const XML_PARSE_DTDLOAD: c_int = 1 << 2;
const XML_PARSE_DTDATTR: c_int = 1 << 3;
const XML_PARSE_NOERROR: c_int = 1 << 5;
const XML_PARSE_NOWARNING: c_int = 1 << 6;
const XML_PARSE_NONET: c_int = 1 << 11;

/// libxml2's canonical form of `xml`, or None when it does not parse it or
/// fails to canonicalize.
fn libxml2_c14n(xml: &[u8], mode: c_int, comments: bool, prefixes: &[&str]) -> Option<Vec<u8>> {
    let len = c_int::try_from(xml.len()).ok()?;
    let url = c"generated.xml";
    // SAFETY: the buffer and its length are valid for the call; the URL is
    // a NUL-terminated constant; the document is freed below.
    let doc = unsafe {
        xmlReadMemory(
            xml.as_ptr().cast(),
            len,
            url.as_ptr(),
            std::ptr::null(),
            XML_PARSE_NOENT
                | XML_PARSE_DTDLOAD
                | XML_PARSE_DTDATTR
                | XML_PARSE_NONET
                | XML_PARSE_NOERROR
                | XML_PARSE_NOWARNING,
        )
    };
    if doc.is_null() {
        return None;
    }
    let owned: Vec<CString> = prefixes
        .iter()
        .map(|p| CString::new(*p).unwrap_or_default())
        .collect();
    let mut list: Vec<*mut c_char> = owned.iter().map(|p| p.as_ptr().cast_mut()).collect();
    list.push(std::ptr::null_mut());
    let mut out: *mut u8 = std::ptr::null_mut();
    // SAFETY: doc is a live document; the prefix list is NULL-terminated
    // and outlives the call (libxml2 only reads it); out receives a buffer
    // that libxml2 allocated with malloc, freed below.
    let n = unsafe {
        xmlC14NDocDumpMemory(
            doc,
            std::ptr::null_mut(),
            mode,
            if prefixes.is_empty() {
                std::ptr::null_mut()
            } else {
                list.as_mut_ptr()
            },
            c_int::from(comments),
            &mut out,
        )
    };
    let result = if n >= 0 && !out.is_null() {
        // SAFETY: libxml2 wrote n bytes at out.
        Some(unsafe { std::slice::from_raw_parts(out, n as usize) }.to_vec())
    } else if n == 0 {
        Some(Vec::new())
    } else {
        None
    };
    // SAFETY: out (possibly NULL) is libxml2's malloc'd buffer; doc is ours.
    unsafe {
        free(out.cast());
        xmlFreeDoc(doc);
    }
    result
}

// ---- the generator ---------------------------------------------------------

/// Prefixes the documents use (and `unused`, declared but never used).
const PREFIXES: &[&str] = &["a", "b", "soap", "ds", "unused"];
/// Namespace URIs (absolute: C14N refuses relative namespace URIs), one
/// with Cyrillic percent-encoded. Excluded libxml2 deviations: a URI with
/// non-ASCII characters (an IRI such as `urn:қ`) is refused by libxml2's
/// C14N (its URI parser takes it for a relative reference), qoltanba
/// canonicalizes it; a URI with `&` (`xmlns:u="urn:q&amp;r"`) is written
/// unescaped by libxml2 (`urn:q&r`, not well-formed output; `&#38;`
/// without XML_PARSE_NOENT), qoltanba escapes it as C14N's attribute rule
/// says (`urn:q&amp;r`).
const URIS: &[&str] = &[
    "urn:a",
    "urn:b",
    "http://schemas.xmlsoap.org/soap/envelope/",
    "http://www.w3.org/2000/09/xmldsig#",
    "urn:%D2%9B",
];
const XML_NS: &str = "http://www.w3.org/XML/1998/namespace";

struct Gen<'u, 'a> {
    u: &'u mut Unstructured<'a>,
    out: String,
    /// Namespace scopes: (prefix, "" for the default, URI as written).
    scopes: Vec<Vec<(&'static str, &'static str)>>,
    nodes: usize,
}

impl Gen<'_, '_> {
    fn lookup(&self, prefix: &str) -> Option<&'static str> {
        self.scopes
            .iter()
            .rev()
            .flat_map(|s| s.iter())
            .find(|(p, _)| *p == prefix)
            .map(|(_, u)| *u)
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> Result<T> {
        Ok(*self.u.choose(items)?)
    }

    fn ws(&mut self) -> Result<()> {
        let w = self.pick(&[" ", " ", "  ", "\n", "\t", "\r\n", " \r "])?;
        self.out.push_str(w);
        Ok(())
    }

    /// Pushes `>` unless it would close a CDATA section or end `]]>` in
    /// text, or `?>` in a PI.
    fn gt(&mut self) {
        if self.out.ends_with("]]") || self.out.ends_with('?') {
            self.out.push_str("&gt;");
        } else {
            self.out.push('>');
        }
    }

    /// Character data of text (in_attr: None) or of an attribute value
    /// quoted with `quote`.
    fn chars(&mut self, in_attr: Option<char>) -> Result<()> {
        let n = self.u.int_in_range(0..=5)?;
        for _ in 0..n {
            let piece = self.u.int_in_range(0..=22)?;
            match piece {
                0 => self.out.push_str("text"),
                1 => self.out.push(' '),
                2 => self.out.push('\n'),
                3 => self.out.push('\t'),
                4 => self.out.push_str("\r\n"),
                5 => self.out.push('\r'),
                6 => self.out.push_str("Қолтаңба ёЁ"),
                7 => {
                    let e = self.pick(&["&amp;", "&lt;", "&gt;", "&quot;", "&apos;"])?;
                    self.out.push_str(e);
                }
                8 => {
                    let r = self.pick(&[
                        "&#13;",
                        "&#xD;",
                        "&#9;",
                        "&#x9;",
                        "&#10;",
                        "&#xA;",
                        "&#x41;",
                        "&#1179;",
                        "&#x4E2D;",
                        "&#x1F600;",
                        "&#34;",
                        "&#60;",
                        "&#x3E;",
                        "&#38;",
                        "&#x7F;",
                        "&#xA0;",
                    ])?;
                    self.out.push_str(r);
                }
                9 => self.gt(),
                10 => self.out.push(']'),
                11 => {
                    if in_attr != Some('"') {
                        self.out.push('"');
                    }
                }
                12 => {
                    if in_attr != Some('\'') {
                        self.out.push('\'');
                    }
                }
                13 => self.out.push_str("😀"),
                14 => self.out.push_str("  x  "),
                15 => self.out.push('\u{85}'),
                16 => self.out.push('\u{2028}'),
                17 => self.out.push_str("a=b"),
                18 => self.out.push('-'),
                19 => self.out.push('?'),
                20 => self.out.push_str("\u{a0}"),
                21 => self.out.push_str("xmlns"),
                _ => self.out.push('0'),
            }
        }
        Ok(())
    }

    fn comment(&mut self) -> Result<()> {
        self.out.push_str("<!--");
        let n = self.u.int_in_range(0..=4)?;
        for _ in 0..n {
            match self.u.int_in_range(0..=6)? {
                0 => self.out.push_str(" note "),
                1 => self.out.push_str("Қ"),
                2 => {
                    if !self.out.ends_with('-') {
                        self.out.push('-');
                    }
                }
                3 => self.out.push_str("\r\n"),
                4 => self.out.push_str("<a>&amp;"),
                5 => self.out.push('>'),
                _ => self.out.push('\t'),
            }
        }
        if self.out.ends_with('-') {
            self.out.push('x');
        }
        self.out.push_str("-->");
        Ok(())
    }

    fn pi(&mut self) -> Result<()> {
        let target = self.pick(&["pi", "xml-stylesheet", "Қ", "p.i"])?;
        self.out.push_str("<?");
        self.out.push_str(target);
        if self.u.arbitrary()? {
            self.ws()?;
            let n = self.u.int_in_range(0..=4)?;
            for _ in 0..n {
                match self.u.int_in_range(0..=6)? {
                    0 => self.out.push_str("href=\"a.xsl\""),
                    1 => self.out.push(' '),
                    2 => self.out.push_str("Қ&amp;<"),
                    3 => self.out.push('?'),
                    4 => self.gt(),
                    5 => self.out.push_str("\r\n"),
                    _ => self.out.push('\t'),
                }
            }
        }
        if self.out.ends_with('?') {
            self.out.push('x');
        }
        self.out.push_str("?>");
        Ok(())
    }

    fn cdata(&mut self) -> Result<()> {
        self.out.push_str("<![CDATA[");
        let n = self.u.int_in_range(0..=4)?;
        for _ in 0..n {
            match self.u.int_in_range(0..=6)? {
                0 => self.out.push_str("<b>&amp;"),
                1 => self.out.push(']'),
                2 => self.gt(),
                3 => self.out.push_str("\r\n"),
                4 => self.out.push_str("Қолтаңба"),
                5 => self.out.push('\r'),
                _ => self.out.push_str(" \"'\t"),
            }
        }
        // `]]]>`: the section ends at the first `]]>`.
        self.out.push_str("]]>");
        Ok(())
    }

    fn attribute_value(&mut self) -> Result<()> {
        let quote = if self.u.arbitrary()? { '"' } else { '\'' };
        self.out.push(quote);
        self.chars(Some(quote))?;
        self.out.push(quote);
        Ok(())
    }

    fn element(&mut self, depth: usize) -> Result<()> {
        self.nodes += 1;
        self.out.push('<');
        let name_at = self.out.len();
        // Declarations first (decided, written after the name).
        let mut decls: Vec<(&'static str, &'static str)> = Vec::new();
        let ndecls = self.u.int_in_range(0..=3)?;
        for _ in 0..ndecls {
            let prefix = if self.u.ratio(1, 3)? {
                ""
            } else {
                self.pick(PREFIXES)?
            };
            if decls.iter().any(|(p, _)| *p == prefix) {
                continue;
            }
            let uri = if prefix.is_empty() && self.u.ratio(1, 3)? {
                "" // xmlns="": the default namespace undeclared
            } else {
                self.pick(URIS)?
            };
            decls.push((prefix, uri));
        }
        let prefix: Option<&'static str> = if self.u.arbitrary()? {
            Some(self.pick(&PREFIXES[..4])?)
        } else {
            None
        };
        let local = self.pick(&["e", "Body", "Header", "Signature", "Қ", "x.y", "z-1"])?;
        self.scopes.push(decls.clone());
        if let Some(p) = prefix {
            if self.lookup(p).is_none() {
                let uri = self.pick(URIS)?;
                decls.push((p, uri));
                if let Some(s) = self.scopes.last_mut() {
                    s.push((p, uri));
                }
            }
        }
        // Attributes: (prefix, local, expanded key).
        let mut attrs: Vec<(Option<&'static str>, &'static str)> = Vec::new();
        let mut keys: Vec<(&'static str, &'static str)> = Vec::new();
        let nattrs = self.u.int_in_range(0..=4)?;
        for _ in 0..nattrs {
            let (p, l): (Option<&'static str>, &'static str) = match self.u.int_in_range(0..=3)? {
                0 | 1 => (None, self.pick(&["id", "Id", "a", "b", "z", "A", "wsu"])?),
                2 => (
                    Some("xml"),
                    self.pick(&["lang", "space", "base", "id", "other"])?,
                ),
                _ => (
                    Some(self.pick(&PREFIXES[..4])?),
                    self.pick(&["x", "a", "Id"])?,
                ),
            };
            let ns = match p {
                None => "",
                Some("xml") => XML_NS,
                Some(p) => match self.lookup(p) {
                    Some(u) if !u.is_empty() => u,
                    _ => {
                        let uri = self.pick(URIS)?;
                        decls.push((p, uri));
                        if let Some(s) = self.scopes.last_mut() {
                            s.push((p, uri));
                        }
                        uri
                    }
                },
            };
            if keys.contains(&(ns, l)) {
                continue;
            }
            keys.push((ns, l));
            attrs.push((p, l));
        }
        // The tag: name, then declarations and attributes interleaved in an
        // order drawn from the input.
        if let Some(p) = prefix {
            self.out.push_str(p);
            self.out.push(':');
        }
        self.out.push_str(local);
        debug_assert!(self.out.len() > name_at);
        let mut items: Vec<Option<usize>> = (0..decls.len())
            .map(|_| None)
            .chain((0..attrs.len()).map(Some))
            .collect();
        let mut decl_i = 0;
        // A few swaps for order.
        for i in (1..items.len()).rev() {
            let j = self.u.int_in_range(0..=i)?;
            items.swap(i, j);
        }
        for item in items {
            self.ws()?;
            match item {
                None => {
                    let (p, uri) = decls[decl_i];
                    decl_i += 1;
                    if p.is_empty() {
                        self.out.push_str("xmlns=");
                    } else {
                        self.out.push_str("xmlns:");
                        self.out.push_str(p);
                        self.out.push('=');
                    }
                    let quote = if self.u.arbitrary()? { '"' } else { '\'' };
                    let _ = write!(self.out, "{quote}{uri}{quote}");
                }
                Some(i) => {
                    let (p, l) = attrs[i];
                    if let Some(p) = p {
                        self.out.push_str(p);
                        self.out.push(':');
                    }
                    self.out.push_str(l);
                    self.out.push('=');
                    match (p, l) {
                        (Some("xml"), "space") => {
                            let v = self.pick(&["\"preserve\"", "'default'"])?;
                            self.out.push_str(v);
                        }
                        (Some("xml"), "id") => {
                            let v = self.pick(&["\"i1\"", "'Қ2'"])?;
                            self.out.push_str(v);
                        }
                        (Some("xml"), "base") => {
                            // Excluded libxml2 deviation: xml:base="" is
                            // dropped from every element by its C14N 1.1
                            // (kept by 1.0 and exclusive); C14N 1.1 fixes
                            // up xml:base only on an element whose parent
                            // is outside the node-set, never in a whole
                            // document, so qoltanba keeps it.
                            let v = self.pick(&["\"http://example.kz/a/\"", "'b/c'"])?;
                            self.out.push_str(v);
                        }
                        _ => self.attribute_value()?,
                    }
                }
            }
        }
        if self.u.arbitrary()? {
            self.ws()?;
        }
        let nchildren = if depth >= 6 || self.nodes > 60 {
            0
        } else {
            self.u.int_in_range(0..=4)?
        };
        if nchildren == 0 && self.u.arbitrary()? {
            self.out.push_str("/>");
        } else {
            self.out.push('>');
            for _ in 0..nchildren {
                match self.u.int_in_range(0..=7)? {
                    0..=2 => self.element(depth + 1)?,
                    3 | 4 => self.chars(None)?,
                    5 => self.cdata()?,
                    6 => self.comment()?,
                    _ => self.pi()?,
                }
            }
            self.out.push_str("</");
            if let Some(p) = prefix {
                self.out.push_str(p);
                self.out.push(':');
            }
            self.out.push_str(local);
            if self.u.arbitrary()? {
                self.ws()?;
            }
            self.out.push('>');
        }
        self.scopes.pop();
        Ok(())
    }

    fn misc(&mut self) -> Result<()> {
        let n = self.u.int_in_range(0..=3)?;
        for _ in 0..n {
            match self.u.int_in_range(0..=2)? {
                0 => self.ws()?,
                1 => self.comment()?,
                _ => self.pi()?,
            }
        }
        Ok(())
    }

    fn document(&mut self) -> Result<()> {
        match self.u.int_in_range(0..=3)? {
            0 => self
                .out
                .push_str("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"),
            1 => self.out.push_str("<?xml version='1.0'?>\n"),
            2 => self
                .out
                .push_str("<?xml version=\"1.0\" encoding=\"utf-8\" standalone=\"yes\"?>\r\n"),
            _ => {}
        }
        self.misc()?;
        self.element(0)?;
        self.misc()?;
        Ok(())
    }
}

fn generate(data: &[u8]) -> Option<(String, Vec<&'static str>)> {
    let mut u = Unstructured::new(data);
    let mut g = Gen {
        u: &mut u,
        out: String::new(),
        scopes: Vec::new(),
        nodes: 0,
    };
    g.document().ok()?;
    let mut prefixes = Vec::new();
    for p in ["a", "b", "soap", "ds", "unused", "absent"] {
        if g.u.arbitrary::<bool>().unwrap_or(false) {
            prefixes.push(p);
        }
    }
    Some((g.out, prefixes))
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    // SAFETY: NULL handlers silence libxml2's error output (set once per
    // input: cheap, and there is one thread).
    unsafe {
        xmlSetGenericErrorFunc(std::ptr::null_mut(), std::ptr::null_mut());
        xmlSetStructuredErrorFunc(std::ptr::null_mut(), std::ptr::null_mut());
    }
    let Some((xml, prefixes)) = generate(data) else {
        return;
    };
    let forms: [(&str, C14nMethod, c_int, bool, &[&str]); 7] = [
        ("c14n", C14nMethod::Inclusive10, 0, false, &[]),
        ("c14n with comments", C14nMethod::Inclusive10, 0, true, &[]),
        ("c14n11", C14nMethod::Inclusive11, 2, false, &[]),
        (
            "c14n11 with comments",
            C14nMethod::Inclusive11,
            2,
            true,
            &[],
        ),
        ("exc-c14n", C14nMethod::Exclusive10, 1, false, &[]),
        (
            "exc-c14n with comments",
            C14nMethod::Exclusive10,
            1,
            true,
            &[],
        ),
        (
            "exc-c14n, PrefixList",
            C14nMethod::Exclusive10,
            1,
            false,
            &prefixes,
        ),
    ];
    for (name, method, mode, comments, list) in forms {
        let ours = canonicalize_document(xml.as_bytes(), method, comments, list);
        let theirs = libxml2_c14n(xml.as_bytes(), mode, comments, list);
        match (ours, theirs) {
            (Ok(ours), Some(theirs)) => assert!(
                ours == theirs,
                "{name} {list:?} differs\ndocument: {xml:?}\nqoltanba: {:?}\nlibxml2:  {:?}",
                String::from_utf8_lossy(&ours),
                String::from_utf8_lossy(&theirs)
            ),
            (Err(e), Some(theirs)) => panic!(
                "{name}: qoltanba refuses ({e}), libxml2 accepts\ndocument: {xml:?}\nlibxml2: {:?}",
                String::from_utf8_lossy(&theirs)
            ),
            (Ok(ours), None) => panic!(
                "{name}: libxml2 refuses, qoltanba accepts\ndocument: {xml:?}\nqoltanba: {:?}",
                String::from_utf8_lossy(&ours)
            ),
            (Err(_), None) => {}
        }
    }
});
