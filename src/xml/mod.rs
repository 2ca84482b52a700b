//! XML signatures: XMLDSig (W3C XML Signature Syntax and Processing 1.1)
//! and OASIS WS-Security 1.1 SOAP message security, as Kazakhstan's
//! e-government exchanges them.
//!
//! Documents are read with roxmltree (no DTD: a DOCTYPE is refused),
//! within the limits of [`parse`]; the signed node-sets are canonicalized
//! by [`c14n`].

mod c14n;
mod dsig;
mod edit;
mod parse;
mod sign;
mod verify;

pub use c14n::{canonicalize_document, C14nMethod};
pub use edit::{xml_without_blank_text, xml_without_signatures};
pub use sign::{sign_xml, XmlSignMode, XmlSignOptions};
pub use verify::{XmlReferenceInfo, XmlReport, XmlSignatureInfo};
