//! Bundled trust profiles: the national CA's public roots and intermediates,
//! compiled in (see `certs/README.md`), so that no download is needed.

use crate::cert::Certificate;
use crate::error::Error;

/// A set of bundled CA certificates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum TrustProfile {
    /// The national CA's production roots (RSA and GOST, every generation)
    /// and its intermediates (NCA RSA/GOST, gov-bodies CA, BTSD CA).
    Nca,
    /// The national CA's test hierarchies. For tests only.
    NcaTest,
}

const NCA_ROOTS: &[&[u8]] = &[
    include_bytes!("../certs/nca/root_rsa.pem"),
    include_bytes!("../certs/nca/root_rsa_2020.cer"),
    include_bytes!("../certs/nca/root_gost.pem"),
    include_bytes!("../certs/nca/root_gost_2020.cer"),
    include_bytes!("../certs/nca/root_gost_2022.pem"),
];

const NCA_INTERMEDIATES: &[&[u8]] = &[
    include_bytes!("../certs/nca/nca_rsa.pem"),
    include_bytes!("../certs/nca/nca_rsa_2022.cer"),
    include_bytes!("../certs/nca/nca_gost.pem"),
    include_bytes!("../certs/nca/nca_gost_2022.pem"),
    include_bytes!("../certs/nca/ucgo_gost.cer"),
    include_bytes!("../certs/nca/btsd_gost.cer"),
];

const NCA_TEST_ROOTS: &[&[u8]] = &[
    include_bytes!("../certs/nca-test/root_test_gost_2022.cer"),
    // Their roots are not public: the intermediates are the anchors.
    include_bytes!("../certs/nca-test/nca_rsa_test.pem"),
    include_bytes!("../certs/nca-test/nca_gost_test.pem"),
];

const NCA_TEST_INTERMEDIATES: &[&[u8]] =
    &[include_bytes!("../certs/nca-test/nca_gost2022_test.cer")];

impl TrustProfile {
    /// Parses a profile's name: `nca`, `nca-test`.
    pub fn from_name(name: &str) -> Option<Self> {
        match name {
            "nca" => Some(TrustProfile::Nca),
            "nca-test" => Some(TrustProfile::NcaTest),
            _ => None,
        }
    }

    /// The profile's anchors and intermediates.
    pub fn certificates(self) -> Result<(Vec<Certificate>, Vec<Certificate>), Error> {
        let (roots, intermediates) = match self {
            TrustProfile::Nca => (NCA_ROOTS, NCA_INTERMEDIATES),
            TrustProfile::NcaTest => (NCA_TEST_ROOTS, NCA_TEST_INTERMEDIATES),
        };
        let parse = |list: &[&[u8]]| {
            list.iter()
                .map(|b| Certificate::from_any(b))
                .collect::<Result<Vec<_>, _>>()
        };
        Ok((parse(roots)?, parse(intermediates)?))
    }
}
