//! The one printer of object identifiers.

/// The dotted form of an OID's content octets (for messages and reports).
pub(crate) fn oid_string(content: &[u8]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut value: u64 = 0;
    for (i, &b) in content.iter().enumerate() {
        value = (value << 7) | u64::from(b & 0x7f);
        if b & 0x80 == 0 {
            if parts.is_empty() {
                let (first, second) = match value {
                    v if v < 40 => (0, v),
                    v if v < 80 => (1, v - 40),
                    v => (2, v - 80),
                };
                parts.push(first.to_string());
                parts.push(second.to_string());
            } else {
                parts.push(value.to_string());
            }
            value = 0;
        } else if i + 1 == content.len() || value > u64::MAX >> 8 {
            return format!("invalid OID {content:02x?}");
        }
    }
    parts.join(".")
}
