//! INTEGER content octets: serial numbers and CRL numbers compared by value.

/// The minimal two's-complement form of an INTEGER's content octets, so
/// that a non-minimal `00 01` and `01` name the same serial while `00 ff`
/// (255) and `ff` (-1) stay apart.
pub(crate) fn canonical_serial(bytes: &[u8]) -> &[u8] {
    let mut b = bytes;
    while b.len() > 1 && ((b[0] == 0 && b[1] < 0x80) || (b[0] == 0xff && b[1] >= 0x80)) {
        b = &b[1..];
    }
    b
}

/// Big-endian unsigned integer bytes without leading zero octets (CRL
/// numbers, which are non-negative).
pub(crate) fn strip_zeros(bytes: &[u8]) -> &[u8] {
    let n = bytes.iter().take_while(|&&b| b == 0).count();
    &bytes[n..]
}

/// Compares two big-endian unsigned integers given without leading zeros.
pub(crate) fn cmp_numbers(a: &[u8], b: &[u8]) -> std::cmp::Ordering {
    a.len().cmp(&b.len()).then_with(|| a.cmp(b))
}
