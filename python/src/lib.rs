//! `qoltanba._qoltanba`: the Python extension module (PyO3) over the
//! qoltanba library. The Python package `qoltanba` (python/qoltanba/)
//! re-exports it; its documentation is there and in `_qoltanba.pyi`.
//!
//! Every verification runs with the GIL released (`Python::detach`), so
//! threads sharing one [`PyVerifier`] verify in parallel. Bad input raises
//! one of the exceptions of `qoltanba._errors`; a verdict that is not valid
//! is a report, never an exception.

use std::borrow::Cow;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::Duration;

use pyo3::exceptions::{PyTypeError, PyValueError};
use pyo3::prelude::*;
use pyo3::sync::PyOnceLock;
use pyo3::types::{PyByteArray, PyBytes, PyDict, PyList, PyString};
use qoltanba::{
    check_licence_signer, check_request_signer, check_signing_certificate, cosign_document,
    issue_licence, sign_request, Bin, BulkOptions, Certificate, Crl, Identifiers, Iin, KeyBundle,
    Language, Licence, LicencePolicy, LicenceSigner, Options, Policy, Purpose, Refusal, Request,
    RequestPolicy, RevocationMode, Role, SignOptions, SignedDocument, Signer as _, SigningKey,
    Time, TrustProfile,
};
use serde::Serialize;

// The CLI's JSON schema names: `to_dict()` of a report is the CLI's
// `--format json` output.
use qoltanba::json::{CERTIFICATE_REPORT, DOCUMENT_REPORT, VERDICT, XML_REPORT};

/// Largest input read from a file (the library's bound, as the CLI's).
const MAX_INPUT: u64 = 64 * 1024 * 1024;

// ---- errors ---------------------------------------------------------------

/// The module `qoltanba._errors`, imported once.
static ERRORS: PyOnceLock<Py<PyModule>> = PyOnceLock::new();

/// An exception of `qoltanba._errors` by class name, with its code.
fn raise(py: Python<'_>, class: &str, code: &str, message: String) -> PyErr {
    let made = ERRORS
        .get_or_try_init(py, || py.import("qoltanba._errors").map(Bound::unbind))
        .and_then(|m| m.bind(py).getattr(class))
        .and_then(|c| c.call1((message.clone(), code)));
    match made {
        Ok(e) => PyErr::from_value(e),
        Err(e) => e,
    }
}

/// The exception class for an error of the library, by its code.
fn class_of(code: &str) -> &'static str {
    match code {
        "malformed" | "json" => "MalformedInput",
        "limit-exceeded" => "LimitExceeded",
        "invalid-identifier" => "InvalidIdentifier",
        "wrong-password" => "WrongPassword",
        "unsupported-private-key" | "key-certificate-mismatch" => "UnsupportedKey",
        "signing-unavailable" => "SigningUnavailable",
        _ => "QoltanbaError",
    }
}

/// A library error as a Python exception.
fn to_py(e: &qoltanba::Error) -> PyErr {
    Python::attach(|py| raise(py, class_of(e.code()), e.code(), e.to_string()))
}

/// A bad argument value (unknown role, unparsable time ...).
fn usage(message: impl Into<String>) -> PyErr {
    Python::attach(|py| raise(py, "UsageError", "usage", message.into()))
}

// ---- inputs ---------------------------------------------------------------

/// The bytes of a bytes-like object, or None when `obj` is not one.
fn bytes_like(obj: &Bound<'_, PyAny>) -> Option<Vec<u8>> {
    if let Ok(b) = obj.cast::<PyBytes>() {
        return Some(b.as_bytes().to_vec());
    }
    if let Ok(b) = obj.cast::<PyByteArray>() {
        return Some(b.to_vec());
    }
    if obj.is_instance_of::<PyString>() {
        return None;
    }
    obj.extract::<Cow<'_, [u8]>>().ok().map(Cow::into_owned)
}

/// The path of a `str` or `os.PathLike`, or None.
fn path_like(obj: &Bound<'_, PyAny>) -> Option<PathBuf> {
    if let Ok(s) = obj.cast::<PyString>() {
        return s.to_cow().ok().map(|c| PathBuf::from(c.as_ref()));
    }
    if obj.hasattr("__fspath__").unwrap_or(false) {
        return obj.extract::<PathBuf>().ok();
    }
    None
}

/// Reads a file, bounded like the CLI's reads.
fn read_file(path: &Path) -> std::io::Result<Vec<u8>> {
    let mut buf = Vec::new();
    std::fs::File::open(path)?
        .take(MAX_INPUT + 1)
        .read_to_end(&mut buf)?;
    if buf.len() as u64 > MAX_INPUT {
        return Err(std::io::Error::other(format!(
            "{}: larger than {MAX_INPUT} bytes",
            path.display()
        )));
    }
    Ok(buf)
}

/// The inputs `obj` names: None; one bytes-like object (its content); one
/// `str`/`os.PathLike` (a file, or every file of a directory, sorted); or
/// an iterable of those.
fn sources(obj: Option<&Bound<'_, PyAny>>, what: &str) -> PyResult<Named> {
    let Some(obj) = obj else {
        return Ok(Vec::new());
    };
    if obj.is_none() {
        return Ok(Vec::new());
    }
    if let Some(one) = single(obj)? {
        return Ok(one);
    }
    let mut out = Vec::new();
    let iter = obj.try_iter().map_err(|_| {
        PyTypeError::new_err(format!(
            "{what}: expected bytes, a path or an iterable of them, got {}",
            type_name(obj)
        ))
    })?;
    for item in iter {
        let item = item?;
        match single(&item)? {
            Some(v) => out.extend(v),
            None => {
                return Err(PyTypeError::new_err(format!(
                    "{what}: expected bytes or a path, got {}",
                    type_name(&item)
                )))
            }
        }
    }
    Ok(out)
}

/// Named inputs: (a name for messages, the bytes).
type Named = Vec<(String, Vec<u8>)>;

/// One source (bytes or a path), or None when `obj` is neither.
fn single(obj: &Bound<'_, PyAny>) -> PyResult<Option<Named>> {
    if let Some(b) = bytes_like(obj) {
        return Ok(Some(vec![("<bytes>".to_owned(), b)]));
    }
    let Some(path) = path_like(obj) else {
        return Ok(None);
    };
    let named = |p: &Path| -> PyResult<(String, Vec<u8>)> {
        let bytes = read_file(p)
            .map_err(|e| pyo3::exceptions::PyOSError::new_err(format!("{}: {e}", p.display())))?;
        Ok((p.display().to_string(), bytes))
    };
    if path.is_dir() {
        let mut files: Vec<PathBuf> = std::fs::read_dir(&path)
            .map_err(|e| pyo3::exceptions::PyOSError::new_err(format!("{}: {e}", path.display())))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file())
            .collect();
        files.sort();
        return files
            .iter()
            .map(|p| named(p))
            .collect::<PyResult<_>>()
            .map(Some);
    }
    named(&path).map(|one| Some(vec![one]))
}

fn type_name(obj: &Bound<'_, PyAny>) -> String {
    obj.get_type()
        .name()
        .map(|n| n.to_string())
        .unwrap_or_else(|_| "?".to_owned())
}

/// A validation time: None (now), an aware `datetime`, RFC 3339 text or
/// Unix seconds (int or float).
fn time_of(at: Option<&Bound<'_, PyAny>>) -> PyResult<Time> {
    let Some(at) = at.filter(|a| !a.is_none()) else {
        return Ok(Time::now());
    };
    if let Ok(s) = at.cast::<PyString>() {
        let text = s.to_cow()?;
        return Time::parse_rfc3339(&text)
            .ok_or_else(|| usage(format!("at={text:?}: not an RFC 3339 time")));
    }
    if at.is_instance_of::<pyo3::types::PyBool>() {
        return Err(PyTypeError::new_err("at: expected a datetime, got bool"));
    }
    if let Ok(seconds) = at.extract::<i64>() {
        return Ok(Time::from_unix(seconds));
    }
    if at.hasattr("tzinfo")? && at.hasattr("timestamp")? {
        if at.getattr("tzinfo")?.is_none() {
            return Err(PyValueError::new_err(
                "at: a naive datetime is ambiguous; give it a tzinfo (datetime.timezone.utc)",
            ));
        }
        let seconds: f64 = at.call_method0("timestamp")?.extract()?;
        return Ok(Time::from_unix(seconds.floor() as i64));
    }
    if let Ok(seconds) = at.extract::<f64>() {
        if seconds.is_finite() {
            return Ok(Time::from_unix(seconds.floor() as i64));
        }
        return Err(PyValueError::new_err("at: not a finite number of seconds"));
    }
    Err(PyTypeError::new_err(format!(
        "at: expected a datetime, RFC 3339 text or Unix seconds, got {}",
        type_name(at)
    )))
}

/// Role names (`first-head`, `right-to-sign` ...), one str or an iterable.
fn roles_of(roles: Option<&Bound<'_, PyAny>>, what: &str) -> PyResult<Vec<Role>> {
    let Some(roles) = roles.filter(|r| !r.is_none()) else {
        return Ok(Vec::new());
    };
    let names: Vec<String> = if let Ok(s) = roles.cast::<PyString>() {
        vec![s.to_cow()?.into_owned()]
    } else {
        roles
            .try_iter()
            .map_err(|_| PyTypeError::new_err(format!("{what}: expected role names")))?
            .map(|r| {
                r.and_then(|r| r.extract::<String>())
                    .map_err(|_| PyTypeError::new_err(format!("{what}: expected role names")))
            })
            .collect::<PyResult<_>>()?
    };
    names
        .iter()
        .map(|n| Role::from_name(n).ok_or_else(|| usage(format!("{what}: unknown role {n:?}"))))
        .collect()
}

/// The per-validation options, as the CLI's `--at --iin --bin --role
/// --purpose`.
fn options_of(
    at: Option<&Bound<'_, PyAny>>,
    iin: Option<&str>,
    bin: Option<&str>,
    roles: Option<&Bound<'_, PyAny>>,
    purpose: &str,
) -> PyResult<Options> {
    let mut o = Options::at(time_of(at)?).purpose(match purpose {
        "sign" => Purpose::DocumentSigning,
        "any" => Purpose::Any,
        other => {
            return Err(usage(format!(
                "purpose={other:?}: expected 'sign' or 'any'"
            )))
        }
    });
    if iin.is_some() && bin.is_some() {
        return Err(usage("iin and bin cannot both be given"));
    }
    if let Some(iin) = iin {
        o = o.expect_iin(Iin::parse(iin).map_err(|e| to_py(&e))?);
    }
    if let Some(bin) = bin {
        o = o.expect_bin(Bin::parse(bin).map_err(|e| to_py(&e))?);
    }
    for r in roles_of(roles, "roles")? {
        o = o.require_role(r);
    }
    Ok(o)
}

/// `value` as one line of JSON with its `schema` field, as the CLI prints
/// it (`qoltanba::json::with_schema`).
fn render(schema: &str, value: &impl Serialize) -> String {
    qoltanba::json::with_schema(schema, value).to_string()
}

/// JSON text as Python objects (`json.loads`).
fn loads<'py>(py: Python<'py>, text: &str) -> PyResult<Bound<'py, PyAny>> {
    py.import("json")?.call_method1("loads", (text,))
}

/// JSON text, indented like the CLI's `--format json` when `indent` is
/// given.
fn dumps(py: Python<'_>, text: String, indent: Option<usize>) -> PyResult<String> {
    match indent {
        None => Ok(text),
        Some(n) => {
            let value: serde_json::Value =
                serde_json::from_str(&text).map_err(|e| PyValueError::new_err(e.to_string()))?;
            let _ = py;
            let mut out = Vec::new();
            let spaces = vec![b' '; n];
            let fmt = serde_json::ser::PrettyFormatter::with_indent(&spaces);
            let mut ser = serde_json::Serializer::with_formatter(&mut out, fmt);
            value
                .serialize(&mut ser)
                .map_err(|e| PyValueError::new_err(e.to_string()))?;
            String::from_utf8(out).map_err(|e| PyValueError::new_err(e.to_string()))
        }
    }
}

// ---- verifier -------------------------------------------------------------

/// A verifier: trust anchors, intermediates, revocation data and a policy.
/// Immutable and thread-safe; verification releases the GIL.
///
/// Verifier(*, trust_profile="nca", roots=None, intermediates=None,
/// crls=None, ocsp=None, revocation="required", ca_revocation=True,
/// require_timestamp=False, trust_signing_time=False,
/// legacy_algorithms=False, sign_key_required=False, ocsp_max_age=None,
/// clock_skew=None)
///
/// trust_profile: "nca", "nca-test", "none", or a list of profiles.
/// roots, intermediates, crls, ocsp: bytes, a path (a file, or a directory
/// of files), or a list of them. revocation: "required", "if-available" or
/// "off". ocsp_max_age, clock_skew: seconds. The CLI's options of the same
/// names. Raises UsageError, MalformedInput, OSError or TypeError.
#[pyclass(frozen, name = "Verifier", module = "qoltanba")]
struct PyVerifier {
    inner: qoltanba::Verifier,
}

#[pymethods]
impl PyVerifier {
    #[new]
    #[pyo3(signature = (
        *,
        trust_profile = None,
        roots = None,
        intermediates = None,
        crls = None,
        ocsp = None,
        revocation = "required",
        ca_revocation = true,
        require_timestamp = false,
        trust_signing_time = false,
        legacy_algorithms = false,
        sign_key_required = false,
        ocsp_max_age = None,
        clock_skew = None,
    ))]
    #[allow(clippy::too_many_arguments)]
    fn new(
        trust_profile: Option<&Bound<'_, PyAny>>,
        roots: Option<&Bound<'_, PyAny>>,
        intermediates: Option<&Bound<'_, PyAny>>,
        crls: Option<&Bound<'_, PyAny>>,
        ocsp: Option<&Bound<'_, PyAny>>,
        revocation: &str,
        ca_revocation: bool,
        require_timestamp: bool,
        trust_signing_time: bool,
        legacy_algorithms: bool,
        sign_key_required: bool,
        ocsp_max_age: Option<u64>,
        clock_skew: Option<u64>,
    ) -> PyResult<Self> {
        let profiles: Vec<String> = match trust_profile.filter(|p| !p.is_none()) {
            None => vec!["nca".to_owned()],
            Some(p) => match p.cast::<PyString>() {
                Ok(s) => vec![s.to_cow()?.into_owned()],
                Err(_) => p
                    .try_iter()
                    .map_err(|_| PyTypeError::new_err("trust_profile: expected str or list"))?
                    .map(|x| x.and_then(|x| x.extract::<String>()))
                    .collect::<PyResult<_>>()
                    .map_err(|_| PyTypeError::new_err("trust_profile: expected str or list"))?,
            },
        };
        if profiles.len() > 1 && profiles.iter().any(|p| p == "none") {
            return Err(usage(
                "trust_profile 'none' cannot be combined with another profile",
            ));
        }
        let mut b = qoltanba::Verifier::builder();
        for p in &profiles {
            b = match p.as_str() {
                "nca" => b.trust_profile(TrustProfile::Nca).map_err(|e| to_py(&e))?,
                "nca-test" => b
                    .trust_profile(TrustProfile::NcaTest)
                    .map_err(|e| to_py(&e))?,
                "none" => b,
                other => {
                    return Err(usage(format!(
                        "trust_profile {other:?}: expected 'nca', 'nca-test' or 'none'"
                    )))
                }
            };
        }
        for (name, bytes) in sources(roots, "roots")? {
            for c in Certificate::all_from_any(&bytes).map_err(|e| at_name(&name, &e))? {
                b = b.trust(c);
            }
        }
        for (name, bytes) in sources(intermediates, "intermediates")? {
            for c in Certificate::all_from_any(&bytes).map_err(|e| at_name(&name, &e))? {
                b = b.intermediate(c);
            }
        }
        for (name, bytes) in sources(crls, "crls")? {
            for crl in Crl::all_from_any(&bytes).map_err(|e| at_name(&name, &e))? {
                b = b.crl(crl);
            }
        }
        for (name, bytes) in sources(ocsp, "ocsp")? {
            b = b.ocsp_any(&bytes).map_err(|e| at_name(&name, &e))?;
        }
        let mode = match revocation {
            "required" => RevocationMode::Required,
            "if-available" => RevocationMode::IfAvailable,
            "off" => RevocationMode::Off,
            other => {
                return Err(usage(format!(
                    "revocation={other:?}: expected 'required', 'if-available' or 'off'"
                )))
            }
        };
        let mut policy = Policy::new()
            .revocation(mode)
            .ca_revocation(ca_revocation)
            .timestamp_required(require_timestamp)
            .trusted_signing_time(trust_signing_time)
            .legacy_algorithms(legacy_algorithms)
            .sign_key_required(sign_key_required);
        if let Some(s) = ocsp_max_age {
            policy = policy.ocsp_max_age(Duration::from_secs(s));
        }
        if let Some(s) = clock_skew {
            policy = policy.max_clock_skew(Duration::from_secs(s));
        }
        Ok(PyVerifier {
            inner: b.policy(policy).build(),
        })
    }

    /// Verifies a signed document (CMS in DER, BER, PEM or base64) and
    /// returns a DocumentReport (valid or not: never an exception for an
    /// invalid signature).
    ///
    /// content: the content of a detached signature. at: an aware
    /// datetime, RFC 3339 text or Unix seconds (default now). iin / bin: the
    /// signer it must be. roles: role names the signer must hold. purpose:
    /// "sign" (a SIGN key) or "any". Raises MalformedInput (not CMS),
    /// InvalidIdentifier (iin/bin), UsageError (role, purpose, time text) or
    /// TypeError.
    #[pyo3(signature = (data, content = None, *, at = None, iin = None, bin = None, roles = None, purpose = "sign"))]
    #[allow(clippy::too_many_arguments)]
    fn verify_document(
        &self,
        py: Python<'_>,
        data: Cow<'_, [u8]>,
        content: Option<Cow<'_, [u8]>>,
        at: Option<&Bound<'_, PyAny>>,
        iin: Option<&str>,
        bin: Option<&str>,
        roles: Option<&Bound<'_, PyAny>>,
        purpose: &str,
    ) -> PyResult<DocumentReport> {
        let options = options_of(at, iin, bin, roles, purpose)?;
        let content = content.as_deref();
        let data = &*data;
        let result = py.detach(|| self.inner.verify_document_bytes(data, content, &options));
        result
            .map(|inner| DocumentReport { inner })
            .map_err(|e| to_py(&e))
    }

    /// Verifies the XML signatures of a document (XMLDSig, WS-Security in
    /// SOAP 1.1 and 1.2) and returns an XmlReport; never raises for a
    /// document that is not valid or not readable (the report says why),
    /// as `qoltanba verify` on an XML file. The options are
    /// verify_document's; a KeyInfo that names its signer only
    /// (X509IssuerSerial, X509SKI) finds it among the verifier's
    /// intermediates.
    #[pyo3(signature = (data, *, at = None, iin = None, bin = None, roles = None, purpose = "sign"))]
    #[allow(clippy::too_many_arguments)]
    fn verify_xml(
        &self,
        py: Python<'_>,
        data: Cow<'_, [u8]>,
        at: Option<&Bound<'_, PyAny>>,
        iin: Option<&str>,
        bin: Option<&str>,
        roles: Option<&Bound<'_, PyAny>>,
        purpose: &str,
    ) -> PyResult<XmlReport> {
        let options = options_of(at, iin, bin, roles, purpose)?;
        let data = &*data;
        let inner = py.detach(|| self.inner.verify_xml(data, &options));
        Ok(XmlReport { inner })
    }

    /// Validates one certificate (PEM, DER or base64) and returns a
    /// CertificateReport; the options are verify_document's.
    #[pyo3(signature = (data, *, at = None, iin = None, bin = None, roles = None, purpose = "sign"))]
    #[allow(clippy::too_many_arguments)]
    fn verify_certificate(
        &self,
        py: Python<'_>,
        data: Cow<'_, [u8]>,
        at: Option<&Bound<'_, PyAny>>,
        iin: Option<&str>,
        bin: Option<&str>,
        roles: Option<&Bound<'_, PyAny>>,
        purpose: &str,
    ) -> PyResult<CertificateReport> {
        let options = options_of(at, iin, bin, roles, purpose)?;
        let data = &*data;
        let report = py.detach(|| {
            Certificate::from_any(data).map(|c| self.inner.verify_certificate(&c, &options))
        });
        report
            .map(|inner| CertificateReport { inner })
            .map_err(|e| to_py(&e))
    }

    /// Verifies a signed request of the e-government flow (docs/domain.md)
    /// and returns a Verdict (valid or refused: never an exception for a
    /// refusal).
    ///
    /// The options are verify_document's. policy: a dict or JSON text, the
    /// C ABI's request policy, every member optional: {"channel":
    /// "portal" | "service-centre" | "provider", "service_centre_bins":
    /// [BIN, ...], "provider_bins": [BIN, ...], "signing_roles": [role,
    /// ...], "certifier_roles": [role, ...], "cosigners": "refuse" |
    /// "report", "test_identifiers": bool, "deadline_ms": int}; None: the
    /// default (the request's own channel, no service centre or provider
    /// configured). signing_roles: shorthand for the policy's
    /// "signing_roles" (not both). Raises MalformedInput (not CMS),
    /// UsageError (a bad policy, role, purpose or time), InvalidIdentifier
    /// or TypeError.
    #[pyo3(signature = (data, *, at = None, iin = None, bin = None, roles = None, purpose = "sign", policy = None, signing_roles = None))]
    #[allow(clippy::too_many_arguments)]
    fn verify_request(
        &self,
        py: Python<'_>,
        data: Cow<'_, [u8]>,
        at: Option<&Bound<'_, PyAny>>,
        iin: Option<&str>,
        bin: Option<&str>,
        roles: Option<&Bound<'_, PyAny>>,
        purpose: &str,
        policy: Option<&Bound<'_, PyAny>>,
        signing_roles: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Verdict> {
        let options = options_of(at, iin, bin, roles, purpose)?;
        let mut text = policy_text(py, policy)?;
        if let Some(roles) = signing_roles.filter(|r| !r.is_none()) {
            text = with_signing_roles(text, roles)?;
        }
        let policy = match text {
            None => RequestPolicy::default(),
            Some(t) => RequestPolicy::from_json(&t).map_err(|e| bad_policy(&e))?,
        };
        let data = &*data;
        let v = py.detach(|| self.inner.verify_request(data, &options, &policy));
        Verdict::new(Flow::Request(v))
    }

    /// Verifies a signed licence of the e-government flow: a signer of the
    /// issuing body the policy accepts, and the licence in force (status,
    /// issue date, valid_until) at the validation time.
    ///
    /// The options are verify_document's. policy: a dict or JSON text, the
    /// C ABI's licence policy, every member optional: {"signer":
    /// "authorised" | "employee", "cosigners": "refuse" | "report",
    /// "test_identifiers": bool, "deadline_ms": int}; None: the default (an
    /// authorised person: first head or right to sign). Raises as
    /// verify_request.
    #[pyo3(signature = (data, *, at = None, iin = None, bin = None, roles = None, purpose = "sign", policy = None))]
    #[allow(clippy::too_many_arguments)]
    fn verify_licence(
        &self,
        py: Python<'_>,
        data: Cow<'_, [u8]>,
        at: Option<&Bound<'_, PyAny>>,
        iin: Option<&str>,
        bin: Option<&str>,
        roles: Option<&Bound<'_, PyAny>>,
        purpose: &str,
        policy: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Verdict> {
        let options = options_of(at, iin, bin, roles, purpose)?;
        let policy = match policy_text(py, policy)? {
            None => LicencePolicy::default(),
            Some(t) => LicencePolicy::from_json(&t).map_err(|e| bad_policy(&e))?,
        };
        let data = &*data;
        let v = py.detach(|| self.inner.verify_licence(data, &options, &policy));
        Verdict::new(Flow::Licence(v))
    }

    /// The verification receipt of `verdict` (from verify_request or
    /// verify_licence of this verifier) on `data` (the same bytes), as a
    /// dict (docs/schema/receipt.schema.json): the document's SHA-256, the
    /// verdict and refusal in kk/ru/en, the signers' facts, the evidence
    /// this verifier holds, the validation and elapsed times, the software
    /// version. The CLI's `request verify --receipt FILE`.
    fn receipt<'py>(
        &self,
        py: Python<'py>,
        verdict: &Bound<'py, Verdict>,
        data: Cow<'_, [u8]>,
    ) -> PyResult<Bound<'py, PyAny>> {
        let verdict = verdict.get();
        let data = &*data;
        let receipt = py
            .detach(|| match &verdict.inner {
                Flow::Request(v) => self.inner.receipt("request", data, v),
                Flow::Licence(v) => self.inner.receipt("licence", data, v),
            })
            .map_err(|e| to_py(&e))?;
        loads(py, &receipt.to_json())
    }

    /// Verifies many documents with the library's bulk API on `threads`
    /// threads: `items` are bytes (a document) or paths (read by the
    /// workers). Returns one dict per item, in input order.
    #[pyo3(signature = (items, *, at = None, iin = None, bin = None, roles = None, purpose = "sign", threads = 1))]
    #[allow(clippy::too_many_arguments)]
    fn verify_bulk<'py>(
        &self,
        py: Python<'py>,
        items: &Bound<'py, PyAny>,
        at: Option<&Bound<'py, PyAny>>,
        iin: Option<&str>,
        bin: Option<&str>,
        roles: Option<&Bound<'py, PyAny>>,
        purpose: &str,
        threads: usize,
    ) -> PyResult<Bound<'py, PyList>> {
        let options = options_of(at, iin, bin, roles, purpose)?;
        let mut inputs: Vec<Item> = Vec::new();
        for item in items.try_iter().map_err(|_| {
            PyTypeError::new_err(format!(
                "items: expected an iterable of bytes or paths, got {}",
                type_name(items)
            ))
        })? {
            let item = item?;
            if let Some(b) = bytes_like(&item) {
                inputs.push(Item::Bytes(b));
            } else if let Some(p) = path_like(&item) {
                inputs.push(Item::Path(p));
            } else {
                return Err(PyTypeError::new_err(format!(
                    "items: expected bytes or a path, got {}",
                    type_name(&item)
                )));
            }
        }
        let n = inputs.len();
        let rows = py.detach(|| bulk(&self.inner, inputs, n, &options, threads));
        let list = PyList::empty(py);
        for row in rows {
            let d = PyDict::new(py);
            d.set_item("verdict", row.label(false))?;
            d.set_item("valid", row.valid)?;
            d.set_item("code", row.code.as_deref())?;
            d.set_item("message", row.message.as_deref())?;
            d.set_item("counted_as", row.label(row.malformed))?;
            list.append(d)?;
        }
        Ok(list)
    }

    fn __repr__(&self) -> String {
        "<qoltanba.Verifier>".to_owned()
    }
}

fn at_name(name: &str, e: &qoltanba::Error) -> PyErr {
    Python::attach(|py| raise(py, class_of(e.code()), e.code(), format!("{name}: {e}")))
}

/// The policy argument as JSON text: None, a dict (`json.dumps`) or str.
fn policy_text(py: Python<'_>, policy: Option<&Bound<'_, PyAny>>) -> PyResult<Option<String>> {
    let Some(policy) = policy.filter(|p| !p.is_none()) else {
        return Ok(None);
    };
    if let Ok(s) = policy.cast::<PyString>() {
        return Ok(Some(s.to_cow()?.into_owned()));
    }
    if policy.is_instance_of::<PyDict>() {
        return py
            .import("json")?
            .call_method1("dumps", (policy,))?
            .extract()
            .map(Some);
    }
    Err(PyTypeError::new_err(format!(
        "policy: expected a dict or JSON text, got {}",
        type_name(policy)
    )))
}

/// `signing_roles=` added to the policy's JSON as its `signing_roles`
/// member (a policy that names them too is refused: one or the other).
fn with_signing_roles(text: Option<String>, roles: &Bound<'_, PyAny>) -> PyResult<Option<String>> {
    let names: Vec<serde_json::Value> = roles_of(Some(roles), "signing_roles")?
        .into_iter()
        .map(|r| r.name().into())
        .collect();
    let mut value = match &text {
        None => serde_json::Value::Object(serde_json::Map::new()),
        Some(t) => match serde_json::from_str::<serde_json::Value>(t) {
            Ok(v @ serde_json::Value::Object(_)) => v,
            // Not an object: from_json says what is wrong with it.
            _ => return Ok(text),
        },
    };
    if let Some(members) = value.as_object_mut() {
        if members.contains_key("signing_roles") {
            return Err(usage(
                "signing_roles: given both as an argument and in the policy",
            ));
        }
        members.insert("signing_roles".into(), serde_json::Value::Array(names));
    }
    Ok(Some(value.to_string()))
}

/// A policy the library refused: UsageError, worded as the C ABI's
/// (`policy: unknown member "chanel"`).
fn bad_policy(e: &qoltanba::Error) -> PyErr {
    match e {
        qoltanba::Error::Malformed { detail, .. } => usage(format!("policy: {detail}")),
        other => usage(format!("policy: {other}")),
    }
}

/// One item of a bulk run.
enum Item {
    Bytes(Vec<u8>),
    Path(PathBuf),
}

/// One document's outcome in a bulk run, as `verify-bulk` counts it.
#[derive(Default)]
struct Row {
    valid: bool,
    code: Option<String>,
    message: Option<String>,
    malformed: bool,
}

impl Row {
    /// `verify-bulk`'s label: `valid`, `not valid [code]`, `malformed
    /// [code]` (counts only), `unreadable`.
    fn label(&self, malformed: bool) -> String {
        match (self.valid, self.code.as_deref()) {
            (true, _) => "valid".to_owned(),
            (false, Some("unreadable")) => "unreadable".to_owned(),
            (false, Some(code)) if malformed => format!("malformed [{code}]"),
            (false, Some(code)) => format!("not valid [{code}]"),
            (false, None) => "not valid".to_owned(),
        }
    }
}

/// The bulk run: `Verifier::verify_documents_with`, files read by the
/// workers, unreadable files told apart as `verify-bulk` does.
fn bulk(
    verifier: &qoltanba::Verifier,
    inputs: Vec<Item>,
    n: usize,
    options: &Options,
    threads: usize,
) -> Vec<Row> {
    let unreadable: Mutex<std::collections::HashMap<usize, String>> = Mutex::default();
    let mut rows: Vec<Row> = (0..n).map(|_| Row::default()).collect();
    let load = |(i, item): (usize, Item)| -> Result<Vec<u8>, qoltanba::Error> {
        match item {
            Item::Bytes(b) => Ok(b),
            Item::Path(p) => read_file(&p).map_err(|e| {
                let message = format!("{}: {e}", p.display());
                if let Ok(mut u) = unreadable.lock() {
                    u.insert(i, message.clone());
                }
                qoltanba::Error::Malformed {
                    what: "file",
                    detail: message,
                }
            }),
        }
    };
    let _summary = verifier.verify_documents_with(
        inputs.into_iter().enumerate(),
        load,
        options,
        &BulkOptions::new().threads(threads),
        |i, result| {
            let unread = unreadable.lock().ok().and_then(|mut u| u.remove(&i));
            let malformed = result.is_err();
            let row = match (unread, result) {
                (Some(message), _) => Row {
                    valid: false,
                    code: Some("unreadable".to_owned()),
                    message: Some(message),
                    malformed,
                },
                (None, Err(e)) => Row {
                    valid: false,
                    code: Some(e.code().to_owned()),
                    message: Some(e.to_string()),
                    malformed,
                },
                (None, Ok(r)) => Row {
                    valid: r.valid,
                    code: r.reason.as_ref().map(|e| e.code().to_owned()),
                    message: r.reason.as_ref().map(|e| e.to_string()),
                    malformed,
                },
            };
            if let Some(slot) = rows.get_mut(i) {
                *slot = row;
            }
        },
    );
    rows
}

// ---- reports --------------------------------------------------------------

/// The report on a signed document.
#[pyclass(frozen, module = "qoltanba")]
struct DocumentReport {
    inner: qoltanba::DocumentReport,
}

#[pymethods]
impl DocumentReport {
    /// True only if the document has a signer and every signer is valid.
    #[getter]
    fn valid(&self) -> bool {
        self.inner.valid
    }

    /// The reason's stable code (`cert-revoked` ...), None when valid.
    #[getter]
    fn code(&self) -> Option<&'static str> {
        self.inner.reason.as_ref().map(|e| e.code())
    }

    /// The reason in words, None when valid.
    #[getter]
    fn message(&self) -> Option<String> {
        self.inner.reason.as_ref().map(|e| e.to_string())
    }

    /// One dict per signer (as in `to_dict()["signers"]`).
    #[getter]
    fn signers<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.signers)
    }

    /// The report as the CLI's `qoltanba verify --format json` prints it.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        loads(py, &render(DOCUMENT_REPORT, &self.inner))
    }

    /// The report as JSON text (one line, or indented by `indent`).
    #[pyo3(signature = (indent = None))]
    fn to_json(&self, py: Python<'_>, indent: Option<usize>) -> PyResult<String> {
        dumps(py, render(DOCUMENT_REPORT, &self.inner), indent)
    }

    fn __repr__(&self) -> String {
        match &self.inner.reason {
            None if self.inner.valid => "<DocumentReport valid>".to_owned(),
            Some(e) => format!("<DocumentReport not valid [{}]>", e.code()),
            None => "<DocumentReport not valid>".to_owned(),
        }
    }
}

/// The report on an XML document's signatures.
#[pyclass(frozen, module = "qoltanba")]
struct XmlReport {
    inner: qoltanba::XmlReport,
}

#[pymethods]
impl XmlReport {
    /// True only if every Signature is valid (and, for a SOAP message, the
    /// WS-Security rules hold).
    #[getter]
    fn valid(&self) -> bool {
        self.inner.valid()
    }

    /// The reason's stable code (`xml-wrapped-element` ...), None when
    /// valid.
    #[getter]
    fn code(&self) -> Option<&'static str> {
        self.inner.document.reason.as_ref().map(|e| e.code())
    }

    /// The reason in words, None when valid.
    #[getter]
    fn message(&self) -> Option<String> {
        self.inner.document.reason.as_ref().map(|e| e.to_string())
    }

    /// One dict per Signature's signer (as in `to_dict()["signers"]`).
    #[getter]
    fn signers<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.document.signers)
    }

    /// One dict per Signature element: algorithms and references (as in
    /// `to_dict()["signatures"]`).
    #[getter]
    fn signatures<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.signatures)
    }

    /// True if the document is a SOAP message checked under WS-Security.
    #[getter]
    fn soap(&self) -> bool {
        self.inner.soap
    }

    /// The local names of the elements the valid signatures cover.
    #[getter]
    fn signed_elements(&self) -> Vec<String> {
        self.inner.signed_elements.clone()
    }

    /// WS-Security: the signed SOAP Body in the canonical form that was
    /// digested, only when the report is valid (None otherwise). Read the
    /// request from this, never from the message it came in.
    #[getter]
    fn signed_body<'py>(&self, py: Python<'py>) -> Option<Bound<'py, PyBytes>> {
        self.inner
            .signed_body
            .as_deref()
            .map(|b| PyBytes::new(py, b))
    }

    /// The report as the CLI's `qoltanba verify --format json` prints it
    /// for an XML document (schema `qoltanba/xml-report/1`).
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        loads(py, &render(XML_REPORT, &self.inner))
    }

    /// The report as JSON text (one line, or indented by `indent`).
    #[pyo3(signature = (indent = None))]
    fn to_json(&self, py: Python<'_>, indent: Option<usize>) -> PyResult<String> {
        dumps(py, render(XML_REPORT, &self.inner), indent)
    }

    fn __repr__(&self) -> String {
        match &self.inner.document.reason {
            None if self.inner.valid() => "<XmlReport valid>".to_owned(),
            Some(e) => format!("<XmlReport not valid [{}]>", e.code()),
            None => "<XmlReport not valid>".to_owned(),
        }
    }
}

/// The report on a certificate.
#[pyclass(frozen, module = "qoltanba")]
struct CertificateReport {
    inner: qoltanba::Report,
}

#[pymethods]
impl CertificateReport {
    /// True only if every check passed.
    #[getter]
    fn valid(&self) -> bool {
        self.inner.valid
    }

    /// The reason's stable code, None when valid.
    #[getter]
    fn code(&self) -> Option<&'static str> {
        self.inner.reason.as_ref().map(|e| e.code())
    }

    /// The reason in words, None when valid.
    #[getter]
    fn message(&self) -> Option<String> {
        self.inner.reason.as_ref().map(|e| e.to_string())
    }

    /// What the certificate says (subject, IIN, BIN, roles ...).
    #[getter]
    fn certificate<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, &self.inner.certificate)
    }

    /// The report as the CLI's `qoltanba verify-cert --format json`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        loads(py, &render(CERTIFICATE_REPORT, &self.inner))
    }

    /// The report as JSON text.
    #[pyo3(signature = (indent = None))]
    fn to_json(&self, py: Python<'_>, indent: Option<usize>) -> PyResult<String> {
        dumps(py, render(CERTIFICATE_REPORT, &self.inner), indent)
    }

    fn __repr__(&self) -> String {
        match &self.inner.reason {
            None if self.inner.valid => "<CertificateReport valid>".to_owned(),
            Some(e) => format!("<CertificateReport not valid [{}]>", e.code()),
            None => "<CertificateReport not valid>".to_owned(),
        }
    }
}

/// A verdict of the library, on a request or a licence.
enum Flow {
    Request(qoltanba::Verdict<Request>),
    Licence(qoltanba::Verdict<Licence>),
}

/// A field of the verdict, whichever its kind.
macro_rules! both {
    ($flow:expr, $v:ident => $e:expr) => {
        match $flow {
            Flow::Request($v) => $e,
            Flow::Licence($v) => $e,
        }
    };
}

impl Flow {
    fn kind(&self) -> &'static str {
        match self {
            Flow::Request(_) => "request",
            Flow::Licence(_) => "licence",
        }
    }

    fn valid(&self) -> bool {
        both!(self, v => v.valid)
    }

    fn reason(&self) -> Option<&qoltanba::Error> {
        both!(self, v => v.reason.as_ref())
    }

    fn refusal(&self) -> Option<Refusal> {
        both!(self, v => v.refusal)
    }

    fn message(&self, language: Language) -> Option<String> {
        both!(self, v => v.message(language))
    }

    fn json(&self) -> String {
        both!(self, v => render(VERDICT, v))
    }
}

/// JSON of a serialisable value as Python objects.
fn to_python<'py>(py: Python<'py>, value: &impl Serialize) -> PyResult<Bound<'py, PyAny>> {
    let text = serde_json::to_string(value).map_err(|e| PyValueError::new_err(e.to_string()))?;
    loads(py, &text)
}

/// A language name: 'kk', 'ru' or 'en'.
fn language(lang: &str) -> PyResult<Language> {
    Language::from_name(lang)
        .ok_or_else(|| usage(format!("lang={lang:?}: expected 'kk', 'ru' or 'en'")))
}

/// The verdict on a request or a licence (docs/domain.md): valid, or
/// refused with whose EDS the refusal is about (`subject`), the specific
/// cause (`refusal`) and the precise reason (`code`, `message`); each
/// signer's part and verdict; warnings; the times.
#[pyclass(frozen, module = "qoltanba")]
struct Verdict {
    inner: Flow,
    document: Option<Py<DocumentReport>>,
}

impl Verdict {
    fn new(flow: Flow) -> PyResult<Self> {
        // Input that is not CMS at all is bad input, as for the CLI (exit 2).
        let document = both!(&flow, v => v.document.clone());
        if document.is_none() {
            if let Some(e) = flow.reason() {
                return Err(to_py(e));
            }
        }
        let document = match document {
            Some(inner) => Some(Python::attach(|py| Py::new(py, DocumentReport { inner }))?),
            None => None,
        };
        Ok(Verdict {
            inner: flow,
            document,
        })
    }
}

#[pymethods]
impl Verdict {
    /// True only if the signer the channel or policy asks for is confirmed,
    /// the payload is valid, and (by policy) every co-signer verifies.
    #[getter]
    fn valid(&self) -> bool {
        self.inner.valid()
    }

    /// The precise reason's code (`cert-revoked` ...), None when valid.
    #[getter]
    fn code(&self) -> Option<&'static str> {
        self.inner.reason().map(|e| e.code())
    }

    /// The precise reason in words, None when valid.
    #[getter]
    fn message(&self) -> Option<String> {
        self.inner.reason().map(|e| e.to_string())
    }

    /// The specific cause's code (`eds-expired`, `eds-revoked`,
    /// `identity-mismatch` ...), None when valid.
    #[getter]
    fn refusal(&self) -> Option<&'static str> {
        self.inner.refusal().map(|r| r.code())
    }

    /// Whose EDS (or what document) the refusal is about: `applicant`,
    /// `certifier`, `co-signer`, `licence-signer`, `licence` or `request`;
    /// None when valid.
    #[getter]
    fn subject<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        both!(&self.inner, v => to_python(py, &v.subject))
    }

    /// The channel the request was verified for (`portal`,
    /// `service-centre`, `provider`); None for a licence or an unread
    /// request.
    #[getter]
    fn channel(&self) -> Option<&'static str> {
        match &self.inner {
            Flow::Request(v) => v.channel.map(|c| c.as_str()),
            Flow::Licence(_) => None,
        }
    }

    /// One dict per signer: index, part (`applicant`, `representative`,
    /// `operator`, `provider-employee`, `licence-signer`, `co-signer`),
    /// valid, refusal, reason, subject, iin, bin (as in
    /// `to_dict()["signers"]`).
    #[getter]
    fn signers<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        both!(&self.inner, v => to_python(py, &v.signers))
    }

    /// What is worth knowing and did not refuse (a test identifier, an
    /// unchecked power of attorney).
    #[getter]
    fn warnings(&self) -> Vec<String> {
        both!(&self.inner, v => v.warnings.clone())
    }

    /// False when the request names a representative (the notarial system
    /// checks the power of attorney, outside qoltanba); None without one.
    #[getter]
    fn power_of_attorney_checked(&self) -> Option<bool> {
        both!(&self.inner, v => v.power_of_attorney_checked)
    }

    /// The validation time (RFC 3339).
    #[getter]
    fn validated_at(&self) -> String {
        both!(&self.inner, v => v.validated_at.to_rfc3339())
    }

    /// The time the verification took, in seconds (`to_dict()["elapsed"]`
    /// is in microseconds, as the CLI's).
    #[getter]
    fn elapsed(&self) -> f64 {
        both!(&self.inner, v => v.elapsed.as_secs_f64())
    }

    /// The refusal's full text in `lang` ('kk', 'ru' or 'en'): the headline
    /// in the regulations' terms, then the cause; None when valid.
    #[pyo3(signature = (lang = "en"))]
    fn refusal_message(&self, lang: &str) -> PyResult<Option<String>> {
        Ok(self.inner.message(language(lang)?))
    }

    /// The specific cause alone in `lang` ('kk', 'ru' or 'en'); None when
    /// valid.
    #[pyo3(signature = (lang = "en"))]
    fn cause_message(&self, lang: &str) -> PyResult<Option<&'static str>> {
        let language = language(lang)?;
        Ok(self.inner.refusal().map(|r| r.message(language)))
    }

    /// The request or licence (a dict), if it could be read.
    #[getter]
    fn payload<'py>(&self, py: Python<'py>) -> PyResult<Option<Bound<'py, PyAny>>> {
        both!(&self.inner, v => v.payload.as_ref().map(|p| to_python(py, p)).transpose())
    }

    /// The report on the signed document.
    #[getter]
    fn document(&self, py: Python<'_>) -> Option<Py<DocumentReport>> {
        self.document.as_ref().map(|d| d.clone_ref(py))
    }

    /// The verdict as the CLI's `qoltanba request|licence verify --format
    /// json`.
    fn to_dict<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        loads(py, &self.inner.json())
    }

    /// The verdict as JSON text.
    #[pyo3(signature = (indent = None))]
    fn to_json(&self, py: Python<'_>, indent: Option<usize>) -> PyResult<String> {
        dumps(py, self.inner.json(), indent)
    }

    fn __repr__(&self) -> String {
        let kind = self.inner.kind();
        match (self.inner.valid(), self.inner.reason()) {
            (true, _) => format!("<Verdict {kind} valid>"),
            (false, Some(e)) => format!("<Verdict {kind} refused [{}]>", e.code()),
            (false, None) => format!("<Verdict {kind} refused>"),
        }
    }
}

// ---- signing --------------------------------------------------------------

/// A signing key with its certificate and chain.
#[pyclass(frozen, name = "Signer", module = "qoltanba")]
struct PySigner {
    key: SigningKey,
    cert: Certificate,
    chain: Vec<Certificate>,
}

impl PySigner {
    /// The sign options at `at`, after the regulations' check before
    /// signing (condition 3, docs/domain.md 1.2): `check` (the document
    /// kind's own check), then revocation against `verifier`'s evidence
    /// when one is given. A failure raises SigningRefused with the error's
    /// code, unless `force`, which signs with the options marked unchecked
    /// (`SignOptions::unchecked`).
    fn sign_options(
        &self,
        py: Python<'_>,
        at: Option<&Bound<'_, PyAny>>,
        force: bool,
        verifier: Option<&Bound<'_, PyVerifier>>,
        check: impl FnOnce(&Certificate, Time) -> Result<(), qoltanba::Error> + Send,
        refusal_of: fn(&qoltanba::Error) -> Refusal,
    ) -> PyResult<SignOptions> {
        let time = time_of(at)?;
        let options = SignOptions::at(time).chain(self.chain.iter().cloned());
        if force {
            return Ok(options.unchecked());
        }
        let verifier = verifier.map(|v| &v.get().inner);
        let cert = &self.cert;
        let result = py.detach(|| {
            check(cert, time)?;
            match verifier {
                Some(v) => v.check_signer_revocation(cert, time),
                None => Ok(()),
            }
        });
        match result {
            Ok(()) => Ok(options),
            Err(e) => {
                let refusal = refusal_of(&e);
                Err(raise(
                    py,
                    "SigningRefused",
                    e.code(),
                    format!(
                        "refusing to sign: [{}] {}: {e} ({}; force=True signs anyway)",
                        refusal.code(),
                        refusal.message(Language::En),
                        e.code()
                    ),
                ))
            }
        }
    }
}

#[pymethods]
impl PySigner {
    /// Opens a PKCS#12 file (`.p12`/`.pfx`): its key, certificate and chain.
    #[staticmethod]
    fn from_pkcs12(py: Python<'_>, data: Cow<'_, [u8]>, password: &str) -> PyResult<Self> {
        let data = &*data;
        let bundle = py
            .detach(|| KeyBundle::from_pkcs12(data, password))
            .map_err(|e| to_py(&e))?;
        let (key, cert, chain) = bundle.into_parts();
        Ok(PySigner { key, cert, chain })
    }

    /// A PKCS#8 private key (PEM or DER) with its certificate and, for the
    /// document, more certificates (the chain).
    #[staticmethod]
    #[pyo3(signature = (key, certificate, chain = None))]
    fn from_pkcs8(
        key: Cow<'_, [u8]>,
        certificate: Cow<'_, [u8]>,
        chain: Option<&Bound<'_, PyAny>>,
    ) -> PyResult<Self> {
        let key = SigningKey::from_pkcs8(&key).map_err(|e| to_py(&e))?;
        let cert = Certificate::from_any(&certificate).map_err(|e| to_py(&e))?;
        key.check_certificate(&cert).map_err(|e| to_py(&e))?;
        let mut certs = Vec::new();
        for (name, bytes) in sources(chain, "chain")? {
            certs.extend(Certificate::all_from_any(&bytes).map_err(|e| at_name(&name, &e))?);
        }
        Ok(PySigner {
            key,
            cert,
            chain: certs,
        })
    }

    /// The signer's certificate (DER).
    #[getter]
    fn certificate<'py>(&self, py: Python<'py>) -> Bound<'py, PyBytes> {
        PyBytes::new(py, self.cert.der())
    }

    /// What the signer's certificate says (subject, IIN, BIN, roles ...).
    #[getter]
    fn info<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyAny>> {
        to_python(py, self.cert.info())
    }

    /// The signature algorithm of the key.
    #[getter]
    fn algorithm(&self) -> &'static str {
        self.key.algorithm().name()
    }

    /// Signs `content` (CAdES-BES, attached unless `detached`); returns the
    /// document (DER). The certificate is checked first (valid at `at`, a
    /// signing key; not revoked by `verifier`'s evidence when a verifier is
    /// given): a failure raises SigningRefused, unless `force`.
    #[pyo3(signature = (content, *, at = None, detached = false, force = false, verifier = None))]
    fn sign<'py>(
        &self,
        py: Python<'py>,
        content: Cow<'_, [u8]>,
        at: Option<&Bound<'py, PyAny>>,
        detached: bool,
        force: bool,
        verifier: Option<&Bound<'py, PyVerifier>>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let mut options = self.sign_options(
            py,
            at,
            force,
            verifier,
            check_signing_certificate,
            Refusal::from_error,
        )?;
        if detached {
            options = options.detached();
        }
        let content = &*content;
        let doc = py
            .detach(|| qoltanba::sign_document(content, &self.key, &self.cert, &options))
            .map_err(|e| to_py(&e))?;
        Ok(PyBytes::new(py, &doc))
    }

    /// Adds this signer's signature to a signed document (`content`: the
    /// content of a detached one); the checks and `force` are sign's.
    #[pyo3(signature = (document, content = None, *, at = None, force = false, verifier = None))]
    #[allow(clippy::too_many_arguments)]
    fn cosign<'py>(
        &self,
        py: Python<'py>,
        document: Cow<'_, [u8]>,
        content: Option<Cow<'_, [u8]>>,
        at: Option<&Bound<'py, PyAny>>,
        force: bool,
        verifier: Option<&Bound<'py, PyVerifier>>,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let options = self.sign_options(
            py,
            at,
            force,
            verifier,
            check_signing_certificate,
            Refusal::from_error,
        )?;
        let document = &*document;
        let content = content.as_deref();
        let doc = py
            .detach(|| cosign_document(document, content, &self.key, &self.cert, &options))
            .map_err(|e| to_py(&e))?;
        Ok(PyBytes::new(py, &doc))
    }

    /// Signs a request (a dict or JSON text of the strict request model,
    /// docs/schema/request.schema.json) as the signer its channel asks for;
    /// returns the document (DER). Condition 3 first: the certificate is
    /// valid at `at`, holds a signing key, is not revoked by `verifier`'s
    /// evidence (when given) and, on the portal, is the applicant's (the
    /// request's IIN, or its BIN as first head or right to sign) or the
    /// representative's. A failure raises SigningRefused with the
    /// library's code (`cert-expired`, `identity-mismatch` ...), unless
    /// `force`. test_identifiers: accept the national CA's test IIN/BIN
    /// (a warning is issued). Raises MalformedInput for a request that is
    /// not valid.
    #[pyo3(signature = (request, *, at = None, force = false, verifier = None, test_identifiers = false))]
    fn sign_request<'py>(
        &self,
        py: Python<'py>,
        request: &Bound<'py, PyAny>,
        at: Option<&Bound<'py, PyAny>>,
        force: bool,
        verifier: Option<&Bound<'py, PyVerifier>>,
        test_identifiers: bool,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let text = payload_text(py, request, "request")?;
        let (request, warnings) =
            Request::from_json_with(text.as_bytes(), identifiers(test_identifiers))
                .map_err(|e| to_py(&e))?;
        warn(py, &warnings)?;
        let options = self.sign_options(
            py,
            at,
            force,
            verifier,
            |c, t| check_request_signer(&request, c, t),
            Refusal::from_error,
        )?;
        let doc = py
            .detach(|| sign_request(&request, &self.key, &self.cert, &options))
            .map_err(|e| to_py(&e))?;
        Ok(PyBytes::new(py, &doc))
    }

    /// Issues a licence (a dict or JSON text of the strict licence model,
    /// docs/schema/licence.schema.json): signs it for the issuing body;
    /// returns the document (DER). The certificate is checked first: valid
    /// at `at`, a signing key, not revoked by `verifier`'s evidence (when
    /// given), of the issuing BIN as an employee or authorised person
    /// (which of them a service accepts is its verify_licence policy). A
    /// failure raises SigningRefused, unless `force`; the rest as
    /// sign_request.
    #[pyo3(signature = (licence, *, at = None, force = false, verifier = None, test_identifiers = false))]
    fn issue_licence<'py>(
        &self,
        py: Python<'py>,
        licence: &Bound<'py, PyAny>,
        at: Option<&Bound<'py, PyAny>>,
        force: bool,
        verifier: Option<&Bound<'py, PyVerifier>>,
        test_identifiers: bool,
    ) -> PyResult<Bound<'py, PyBytes>> {
        let text = payload_text(py, licence, "licence")?;
        let (licence, warnings) =
            Licence::from_json_with(text.as_bytes(), identifiers(test_identifiers))
                .map_err(|e| to_py(&e))?;
        warn(py, &warnings)?;
        let options = self.sign_options(
            py,
            at,
            force,
            verifier,
            |c, t| check_licence_signer(&licence, c, t, LicenceSigner::Employee),
            |e| match Refusal::from_error(e) {
                // A licence names its issuing body, not an applicant.
                Refusal::IdentityMismatch => Refusal::IssuerMismatch,
                r => r,
            },
        )?;
        let doc = py
            .detach(|| issue_licence(&licence, &self.key, &self.cert, &options))
            .map_err(|e| to_py(&e))?;
        Ok(PyBytes::new(py, &doc))
    }

    fn __repr__(&self) -> String {
        format!("<qoltanba.Signer {}>", self.cert.info().subject)
    }
}

/// A payload as JSON text: a dict (via `json.dumps`) or str.
fn payload_text(py: Python<'_>, obj: &Bound<'_, PyAny>, what: &str) -> PyResult<String> {
    if let Ok(s) = obj.cast::<PyString>() {
        return Ok(s.to_cow()?.into_owned());
    }
    if obj.is_instance_of::<PyDict>() {
        return py.import("json")?.call_method1("dumps", (obj,))?.extract();
    }
    Err(PyTypeError::new_err(format!(
        "{what}: expected a dict or JSON text, got {}",
        type_name(obj)
    )))
}

fn identifiers(test: bool) -> Identifiers {
    if test {
        Identifiers::AllowTest
    } else {
        Identifiers::Strict
    }
}

/// The model's warnings (a test identifier accepted) as Python warnings.
fn warn(py: Python<'_>, warnings: &[String]) -> PyResult<()> {
    if warnings.is_empty() {
        return Ok(());
    }
    let module = py.import("warnings")?;
    for w in warnings {
        module.call_method1("warn", (format!("qoltanba: {w}"),))?;
    }
    Ok(())
}

// ---- inspect --------------------------------------------------------------

/// What a certificate, CRL, CMS document or (with a password) PKCS#12 file
/// holds, as a dict. Verifies nothing.
#[pyfunction]
#[pyo3(signature = (data, password = None))]
fn inspect<'py>(
    py: Python<'py>,
    data: Cow<'_, [u8]>,
    password: Option<&str>,
) -> PyResult<Bound<'py, PyAny>> {
    let data = &*data;
    let value = py
        .detach(|| inspect_value(data, password))
        .map_err(|e| to_py(&e))?;
    loads(py, &value.to_string())
}

fn inspect_value(
    data: &[u8],
    password: Option<&str>,
) -> Result<serde_json::Value, qoltanba::Error> {
    use serde_json::json;
    let info = |c: &Certificate| serde_json::to_value(c.info()).unwrap_or_default();
    if let Some(password) = password {
        let bundle = KeyBundle::from_pkcs12(data, password)?;
        return Ok(json!({
            "kind": "pkcs12",
            "key_algorithm": bundle.key().algorithm().name(),
            "certificate": info(bundle.certificate()),
            "chain": bundle.chain().iter().map(info).collect::<Vec<_>>(),
        }));
    }
    if let Ok(certs) = Certificate::all_from_any(data) {
        return Ok(json!({
            "kind": "certificates",
            "certificates": certs.iter().map(info).collect::<Vec<_>>(),
        }));
    }
    if let Ok(crls) = Crl::all_from_any(data) {
        let list: Vec<serde_json::Value> = crls
            .iter()
            .map(|c| {
                json!({
                    "issuer": c.issuer(),
                    "this_update": c.this_update().to_rfc3339(),
                    "next_update": c.next_update().map(Time::to_rfc3339),
                    "entries": c.len(),
                    "delta": c.is_delta(),
                })
            })
            .collect();
        return Ok(json!({ "kind": "crls", "crls": list }));
    }
    let doc = SignedDocument::from_any(data)?;
    Ok(json!({
        "kind": "cms",
        "content_type": doc.content_type(),
        "content_length": doc.content().map(<[u8]>::len),
        "detached": doc.content().is_none(),
        "signers": doc.signer_count(),
        "certificates": doc.certificates().iter().map(info).collect::<Vec<_>>(),
        "crls": doc.crls().len(),
    }))
}

/// The stable error codes of the library and their numbers (the C ABI's).
#[pyfunction]
fn error_codes() -> Vec<(&'static str, u32)> {
    qoltanba::ERROR_CODES.to_vec()
}

/// The module.
#[pymodule]
fn _qoltanba(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyVerifier>()?;
    m.add_class::<DocumentReport>()?;
    m.add_class::<CertificateReport>()?;
    m.add_class::<XmlReport>()?;
    m.add_class::<Verdict>()?;
    m.add_class::<PySigner>()?;
    m.add_function(wrap_pyfunction!(inspect, m)?)?;
    m.add_function(wrap_pyfunction!(error_codes, m)?)?;
    m.add("__version__", env!("CARGO_PKG_VERSION"))?;
    Ok(())
}
