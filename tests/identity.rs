//! IIN and BIN: parsing, check digit, decoded hints, certificate attributes.
//!
//! The hint types (`BirthDate`, `Sex`, `YearMonth`, `EntityType`,
//! `UnitType`) are compared through their fields and `Debug` output so that
//! these tests do not depend on which of them the crate root re-exports.

use qoltanba::{Bin, Error, Iin};

const VALID_IINS: [&str; 4] = [
    "871008401427",
    "760212350620",
    "800416300257",
    "680503450037",
];
const VALID_BINS: [&str; 5] = [
    "940140000385",
    "950341000052",
    "961141000023",
    "070941024691",
    "990140004654",
];

fn invalid(kind: &'static str, reason: &'static str) -> Error {
    Error::InvalidIdentifier { kind, reason }
}

const NOT_DIGITS: &str = "must contain only the ASCII digits 0-9";
const NOT_12: &str = "must be 12 digits";
const MISMATCH: &str = "check digit mismatch";
const TEN_TWICE: &str = "check digit cannot be computed (10 twice)";

// ---- valid examples ----------------------------------------------------------

#[test]
fn valid_iins_parse_strictly_and_round_trip() {
    for s in VALID_IINS {
        let iin = Iin::parse(s).expect(s);
        assert_eq!(iin.as_str(), s);
        assert_eq!(iin.to_string(), s);
        assert!(iin.check_digit_valid(), "{s}");
        assert_eq!(s.parse::<Iin>(), Ok(iin));
        assert_eq!(Iin::parse_unchecked(s), Ok(iin));
    }
}

#[test]
fn valid_bins_parse_strictly_and_round_trip() {
    for s in VALID_BINS {
        let bin = Bin::parse(s).expect(s);
        assert_eq!(bin.as_str(), s);
        assert_eq!(bin.to_string(), s);
        assert!(bin.check_digit_valid(), "{s}");
        assert_eq!(s.parse::<Bin>(), Ok(bin));
        assert_eq!(Bin::parse_unchecked(s), Ok(bin));
    }
}

#[test]
fn debug_shows_the_digits() {
    let iin = Iin::parse("871008401427").expect("valid");
    assert_eq!(format!("{iin:?}"), "Iin(\"871008401427\")");
    let bin = Bin::parse("940140000385").expect("valid");
    assert_eq!(format!("{bin:?}"), "Bin(\"940140000385\")");
}

#[test]
fn equality_and_hash_follow_the_digits() {
    use std::collections::HashSet;
    let a = Iin::parse("871008401427").expect("valid");
    let b = Iin::parse_unchecked("871008401427").expect("12 digits");
    let c = Iin::parse("760212350620").expect("valid");
    assert_eq!(a, b);
    assert_ne!(a, c);
    let set: HashSet<Iin> = [a, b, c].into_iter().collect();
    assert_eq!(set.len(), 2);
}

// ---- check digit -------------------------------------------------------------

#[test]
fn ten_twice_is_rejected_with_its_own_reason() {
    assert_eq!(Iin::parse("000813159890"), Err(invalid("IIN", TEN_TWICE)));
    assert_eq!(Bin::parse("000813159890"), Err(invalid("BIN", TEN_TWICE)));
    assert_eq!(
        "000813159890".parse::<Iin>(),
        Err(invalid("IIN", TEN_TWICE))
    );
    // Every last digit fails: no number starts with these 11 digits.
    for last in '0'..='9' {
        let s = format!("00081315989{last}");
        assert_eq!(Iin::parse(&s), Err(invalid("IIN", TEN_TWICE)), "{s}");
    }
    // Lenient parsing keeps it, and reports the bad check digit.
    let iin = Iin::parse_unchecked("000813159890").expect("12 digits");
    assert!(!iin.check_digit_valid());
}

#[test]
fn wrong_check_digit_is_a_mismatch() {
    assert_eq!(Iin::parse("871008401428"), Err(invalid("IIN", MISMATCH)));
    assert_eq!(Bin::parse("940140000384"), Err(invalid("BIN", MISMATCH)));
    assert_eq!("871008401420".parse::<Iin>(), Err(invalid("IIN", MISMATCH)));
    assert_eq!("940140000380".parse::<Bin>(), Err(invalid("BIN", MISMATCH)));
}

#[test]
fn exactly_one_last_digit_is_valid_for_each_example() {
    for s in VALID_IINS.iter().chain(VALID_BINS.iter()) {
        let valid: Vec<char> = ('0'..='9')
            .filter(|&d| Iin::parse(&format!("{}{d}", &s[..11])).is_ok())
            .collect();
        assert_eq!(valid, vec![s.chars().nth(11).expect("12 chars")], "{s}");
    }
}

/// All valid 12-digit strings that differ from `s` in exactly one digit.
fn undetected_single_digit_changes(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    for pos in 0..12 {
        for d in b'0'..=b'9' {
            let mut bytes = s.as_bytes().to_vec();
            if bytes[pos] == d {
                continue;
            }
            bytes[pos] = d;
            let changed = String::from_utf8(bytes).expect("ASCII");
            if Iin::parse(&changed).is_ok() {
                out.push(changed);
            }
        }
    }
    out
}

/// Single-digit changes are NOT all caught, and this is a property of the
/// rule, not of the implementation: in the first pass digit 11 has weight 11,
/// which is 0 mod 11, so whenever the first pass of a number does not give
/// 10, all 9 changes of its 11th digit keep the check digit. Changes of digits
/// 1-10 change the first-pass sum (weights 1-10 and differences 1-9 are
/// nonzero mod the prime 11), but can land on a sum of 10, and the second pass
/// can then give the old check digit by chance. A change of digit 12 alone is
/// always caught. The exact counts for the examples, 108 changes each:
#[test]
fn single_digit_changes_caught_exactly_as_the_rule_says() {
    let expected: [(&str, usize); 9] = [
        ("871008401427", 10),
        ("760212350620", 10),
        ("800416300257", 9),
        ("680503450037", 10),
        ("940140000385", 10),
        ("950341000052", 10),
        ("961141000023", 9),
        ("070941024691", 10),
        ("990140004654", 10),
    ];
    for (s, count) in expected {
        let undetected = undetected_single_digit_changes(s);
        assert_eq!(undetected.len(), count, "{s}: {undetected:?}");
        // A change of the check digit itself is always caught.
        assert!(undetected.iter().all(|u| u[11..] == s[11..]), "{s}");
    }
}

#[test]
fn undetected_changes_of_an_iin_in_detail() {
    // First pass 172 mod 11 = 7: the 9 changes of digit 11 go unnoticed, and
    // so does digit 7 from 4 to 6 (first pass 10, second pass 7 again).
    assert_eq!(
        undetected_single_digit_changes("871008401427"),
        [
            "871008601427",
            "871008401407",
            "871008401417",
            "871008401437",
            "871008401447",
            "871008401457",
            "871008401467",
            "871008401477",
            "871008401487",
            "871008401497",
        ]
    );
    // Only the 9 changes of digit 11.
    assert_eq!(
        undetected_single_digit_changes("800416300257"),
        [
            "800416300207",
            "800416300217",
            "800416300227",
            "800416300237",
            "800416300247",
            "800416300267",
            "800416300277",
            "800416300287",
            "800416300297",
        ]
    );
}

#[test]
fn undetected_changes_of_a_second_pass_bin_in_detail() {
    // 961141000023 is valid through the second pass, where digit 11 has
    // weight 2: its changes are caught; 9 changes elsewhere that leave the
    // first pass on a sum of 3 are not.
    assert_eq!(
        undetected_single_digit_changes("961141000023"),
        [
            "261141000023",
            "981141000023",
            "966141000023",
            "961241000023",
            "961171000023",
            "961149000023",
            "961141060023",
            "961141009023",
            "961141000723",
        ]
    );
}

// ---- bad input ---------------------------------------------------------------

#[test]
fn bad_input_is_refused_with_the_right_kind_and_reason() {
    let cases: [(&str, &str); 14] = [
        ("", NOT_12),
        ("87100840142", NOT_12),
        ("8710084014270", NOT_12),
        ("8710084014", NOT_12),
        ("87100840142A", NOT_DIGITS),
        ("ABCDEFGHIJKL", NOT_DIGITS),
        ("IIN871008401427", NOT_DIGITS),
        (" 871008401427", NOT_DIGITS),
        ("871008401427 ", NOT_DIGITS),
        ("871008 401427", NOT_DIGITS),
        ("+87100840142", NOT_DIGITS),
        ("-87100840142", NOT_DIGITS),
        // Arabic-Indic digits for 871008401427.
        (
            "\u{668}\u{667}\u{661}\u{660}\u{660}\u{668}\u{664}\u{660}\u{661}\u{664}\u{662}\u{667}",
            NOT_DIGITS,
        ),
        // Fullwidth digits.
        ("８７１００８４０１４２７", NOT_DIGITS),
    ];
    for (s, reason) in cases {
        assert_eq!(Iin::parse(s), Err(invalid("IIN", reason)), "{s:?}");
        assert_eq!(
            Iin::parse_unchecked(s),
            Err(invalid("IIN", reason)),
            "{s:?}"
        );
        assert_eq!(s.parse::<Iin>(), Err(invalid("IIN", reason)), "{s:?}");
        assert_eq!(Bin::parse(s), Err(invalid("BIN", reason)), "{s:?}");
        assert_eq!(
            Bin::parse_unchecked(s),
            Err(invalid("BIN", reason)),
            "{s:?}"
        );
        assert_eq!(s.parse::<Bin>(), Err(invalid("BIN", reason)), "{s:?}");
    }
}

#[test]
fn arabic_indic_digits_as_in_the_brief() {
    assert_eq!(Iin::parse("٨٧١٠٠٨٤٠١٤٢٧"), Err(invalid("IIN", NOT_DIGITS)));
    assert_eq!(Bin::parse("٨٧١٠٠٨٤٠١٤٢٧"), Err(invalid("BIN", NOT_DIGITS)));
}

#[test]
fn error_message_names_kind_and_reason() {
    let err = Iin::parse("000813159890").expect_err("invalid");
    assert_eq!(
        err.to_string(),
        "invalid IIN: check digit cannot be computed (10 twice)"
    );
    let err = Bin::parse("12345").expect_err("invalid");
    assert_eq!(err.to_string(), "invalid BIN: must be 12 digits");
}

// ---- certificate attributes and the test hierarchy ----------------------------

#[test]
fn test_hierarchy_identifiers_are_read_but_flagged() {
    for value in ["IIN123456789011", "IIN123456789012"] {
        let iin = Iin::from_serial_number_attr(value).expect(value);
        assert_eq!(iin.as_str(), &value[3..]);
        assert!(!iin.check_digit_valid(), "{value}");
        assert_eq!(Iin::parse(&value[3..]), Err(invalid("IIN", MISMATCH)));
    }
    let bin = Bin::from_attr("BIN123456789021").expect("BIN attribute");
    assert_eq!(bin.as_str(), "123456789021");
    assert!(!bin.check_digit_valid());
    assert_eq!(Bin::parse("123456789021"), Err(invalid("BIN", MISMATCH)));
}

#[test]
fn valid_identifiers_from_attributes() {
    let iin = Iin::from_serial_number_attr("IIN871008401427").expect("valid");
    assert_eq!(iin, Iin::parse("871008401427").expect("valid"));
    assert!(iin.check_digit_valid());
    let bin = Bin::from_attr("BIN940140000385").expect("valid");
    assert_eq!(bin, Bin::parse("940140000385").expect("valid"));
    assert!(bin.check_digit_valid());
}

#[test]
fn attribute_format_must_match_exactly() {
    for value in [
        "",
        "IIN",
        "871008401427",
        "iin871008401427",
        "Iin871008401427",
        "BIN871008401427",
        "IIN 871008401427",
        " IIN871008401427",
        "IIN871008401427 ",
        "IIN87100840142",
        "IIN8710084014270",
        "IIN87100840142X",
        "IIN+87100840142",
        "IIN٨٧١٠٠٨٤٠١٤٢٧",
        "IIN871008401427\0",
        "IINIIN871008401427",
    ] {
        assert_eq!(Iin::from_serial_number_attr(value), None, "{value:?}");
    }
    for value in [
        "",
        "BIN",
        "940140000385",
        "bin940140000385",
        "IIN940140000385",
        "BIN 940140000385",
        "BIN940140000385 ",
        "BIN94014000038",
        "BIN9401400003850",
        "BIN94014000038X",
    ] {
        assert_eq!(Bin::from_attr(value), None, "{value:?}");
    }
}

// ---- IIN hints ---------------------------------------------------------------

fn birth(s: &str) -> Option<(u16, u8, u8)> {
    Iin::parse_unchecked(s)
        .expect("12 digits")
        .birth_date_hint()
        .map(|d| (d.year, d.month, d.day))
}

fn sex(s: &str) -> String {
    format!(
        "{:?}",
        Iin::parse_unchecked(s).expect("12 digits").sex_hint()
    )
}

#[test]
fn iin_hints_of_the_examples() {
    // Digit 7 = 4: 1900s, female.
    assert_eq!(birth("871008401427"), Some((1987, 10, 8)));
    assert_eq!(sex("871008401427"), "Some(Female)");
    // Digit 7 = 3: 1900s, male.
    assert_eq!(birth("760212350620"), Some((1976, 2, 12)));
    assert_eq!(sex("760212350620"), "Some(Male)");
    assert_eq!(birth("800416300257"), Some((1980, 4, 16)));
    assert_eq!(sex("800416300257"), "Some(Male)");
    assert_eq!(birth("680503450037"), Some((1968, 5, 3)));
    assert_eq!(sex("680503450037"), "Some(Female)");
}

#[test]
fn birth_date_display() {
    let d = Iin::parse("871008401427")
        .expect("valid")
        .birth_date_hint()
        .expect("a date");
    assert_eq!(d.to_string(), "1987-10-08");
}

#[test]
fn century_and_sex_from_digit_seven() {
    let expected = [
        ('1', Some(1805), "Some(Male)"),
        ('2', Some(1805), "Some(Female)"),
        ('3', Some(1905), "Some(Male)"),
        ('4', Some(1905), "Some(Female)"),
        ('5', Some(2005), "Some(Male)"),
        ('6', Some(2005), "Some(Female)"),
        ('0', None, "None"),
        ('7', None, "None"),
        ('8', None, "None"),
        ('9', None, "None"),
    ];
    for (d7, year, sx) in expected {
        let s = format!("050607{d7}00000");
        assert_eq!(birth(&s).map(|b| b.0), year, "{s}");
        if year.is_some() {
            assert_eq!(birth(&s), year.map(|y| (y, 6, 7)), "{s}");
        }
        assert_eq!(sex(&s), sx, "{s}");
    }
}

#[test]
fn birth_date_must_be_a_calendar_date() {
    // Leap years: 2000 and 1996 yes, 1900 and 2001 no.
    assert_eq!(birth("000229500000"), Some((2000, 2, 29)));
    assert_eq!(birth("960229300000"), Some((1996, 2, 29)));
    assert_eq!(birth("000229300000"), None); // 1900-02-29
    assert_eq!(birth("010229500000"), None);
    assert_eq!(birth("010228500000"), Some((2001, 2, 28)));
    assert_eq!(birth("990431300000"), None);
    assert_eq!(birth("990430300000"), Some((1999, 4, 30)));
    assert_eq!(birth("991231300000"), Some((1999, 12, 31)));
    assert_eq!(birth("991232300000"), None);
    assert_eq!(birth("991301300000"), None);
    assert_eq!(birth("990001300000"), None);
    assert_eq!(birth("990100300000"), None);
    // The sex hint does not need a valid date.
    assert_eq!(sex("991301300000"), "Some(Male)");
}

#[test]
fn test_hierarchy_iin_has_no_hints() {
    // 12-34-56: no month 34; digit 7 is 7.
    let iin = Iin::from_serial_number_attr("IIN123456789011").expect("attr");
    assert_eq!(iin.birth_date_hint(), None);
    assert_eq!(iin.sex_hint(), None);
}

// ---- BIN hints ---------------------------------------------------------------

fn reg(s: &str) -> Option<(u16, u8)> {
    Bin::parse_unchecked(s)
        .expect("12 digits")
        .registration_hint()
        .map(|r| (r.year, r.month))
}

fn kinds(s: &str) -> (String, String) {
    let bin = Bin::parse_unchecked(s).expect("12 digits");
    (
        format!("{:?}", bin.entity_type()),
        format!("{:?}", bin.unit_type()),
    )
}

#[test]
fn bin_hints_of_the_examples() {
    let expected = [
        (
            "940140000385",
            (1994, 1),
            "ResidentLegalEntity",
            "HeadOffice",
        ),
        ("950341000052", (1995, 3), "ResidentLegalEntity", "Branch"),
        ("961141000023", (1996, 11), "ResidentLegalEntity", "Branch"),
        // Digit 5 = 4, digit 6 = 1.
        ("070941024691", (2007, 9), "ResidentLegalEntity", "Branch"),
        (
            "990140004654",
            (1999, 1),
            "ResidentLegalEntity",
            "HeadOffice",
        ),
    ];
    for (s, ym, entity, unit) in expected {
        assert_eq!(reg(s), Some(ym), "{s}");
        assert_eq!(
            kinds(s),
            (format!("Some({entity})"), format!("Some({unit})")),
            "{s}"
        );
    }
}

#[test]
fn registration_display() {
    let r = Bin::parse("070941024691")
        .expect("valid")
        .registration_hint()
        .expect("a month");
    assert_eq!(r.to_string(), "2007-09");
}

#[test]
fn bin_year_pivot_and_month_range() {
    assert_eq!(reg("000140000000"), Some((2000, 1)));
    assert_eq!(reg("500140000000"), Some((2050, 1)));
    assert_eq!(reg("510140000000"), Some((1951, 1)));
    assert_eq!(reg("991240000000"), Some((1999, 12)));
    assert_eq!(reg("990040000000"), None);
    assert_eq!(reg("991340000000"), None);
    assert_eq!(reg("999940000000"), None);
}

#[test]
fn bin_entity_and_unit_digits() {
    let entity = [
        ('4', "Some(ResidentLegalEntity)"),
        ('5', "Some(NonResidentLegalEntity)"),
        ('6', "Some(IndividualEntrepreneur)"),
        ('0', "None"),
        ('3', "None"),
        ('7', "None"),
        ('9', "None"),
    ];
    for (d5, e) in entity {
        let s = format!("9401{d5}0000000");
        assert_eq!(kinds(&s).0, e, "{s}");
    }
    let unit = [
        ('0', "Some(HeadOffice)"),
        ('1', "Some(Branch)"),
        ('2', "Some(RepresentativeOffice)"),
        ('3', "Some(PeasantFarm)"),
        ('4', "None"),
        ('9', "None"),
    ];
    for (d6, u) in unit {
        let s = format!("94014{d6}000000");
        assert_eq!(kinds(&s).1, u, "{s}");
    }
}

// ---- serde -------------------------------------------------------------------

#[cfg(feature = "serde")]
#[test]
fn serializes_as_strings_and_hint_structs() {
    let iin = Iin::parse("871008401427").expect("valid");
    assert_eq!(
        serde_json::to_string(&iin).expect("json"),
        "\"871008401427\""
    );
    let bin = Bin::parse("070941024691").expect("valid");
    assert_eq!(
        serde_json::to_string(&bin).expect("json"),
        "\"070941024691\""
    );
    assert_eq!(
        serde_json::to_string(&iin.birth_date_hint()).expect("json"),
        r#"{"year":1987,"month":10,"day":8}"#
    );
    assert_eq!(
        serde_json::to_string(&iin.sex_hint()).expect("json"),
        "\"Female\""
    );
    assert_eq!(
        serde_json::to_string(&bin.registration_hint()).expect("json"),
        r#"{"year":2007,"month":9}"#
    );
    assert_eq!(
        serde_json::to_string(&(bin.entity_type(), bin.unit_type())).expect("json"),
        r#"["ResidentLegalEntity","Branch"]"#
    );
}
