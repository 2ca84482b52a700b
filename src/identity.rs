//! IIN and BIN (placeholder, being written).

/// An individual identification number (placeholder).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Iin;

/// A business identification number (placeholder).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Bin;
