//! Rule codes: the stable names (`UNI001`, `FUR012`) users select, ignore and suppress by.

use std::fmt;
use std::str::FromStr;

/// Longest code we accept: a prefix of 2-4 capital letters and 1-4 digits.
const MAX_LEN: usize = 8;

/// A rule code such as `UNI001`, stored inline so edits can carry it without allocating.
///
/// ```
/// use ocrclean::RuleCode;
/// let code: RuleCode = "FUR001".parse().unwrap();
/// assert_eq!(code.prefix(), "FUR");
/// assert_eq!(code.to_string(), "FUR001");
/// assert!("fur1".parse::<RuleCode>().is_err());
/// ```
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct RuleCode {
    bytes: [u8; MAX_LEN],
    len: u8,
    prefix_len: u8,
}

/// Why a string is not a valid rule code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "`{0}` is not a rule code: a code is 2-4 capital letters followed by 1-4 digits, like `FUR001`"
)]
pub struct BadCode(pub String);

impl RuleCode {
    /// The code as text.
    pub fn as_str(&self) -> &str {
        // Only ASCII letters and digits are ever stored.
        std::str::from_utf8(&self.bytes[..self.len as usize]).unwrap_or("")
    }

    /// The stage prefix, e.g. `UNI` of `UNI001`.
    pub fn prefix(&self) -> &str {
        &self.as_str()[..self.prefix_len as usize]
    }

    /// Whether `selector` (a full code or a prefix such as `FUR` or `FUR0`) selects this code.
    pub fn matches(&self, selector: &str) -> bool {
        selector == "ALL" || self.as_str().starts_with(selector)
    }
}

impl FromStr for RuleCode {
    type Err = BadCode;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || BadCode(s.to_string());
        let prefix_len = s.bytes().take_while(u8::is_ascii_uppercase).count();
        let digits = &s[prefix_len..];
        if !(2..=4).contains(&prefix_len)
            || !(1..=4).contains(&digits.len())
            || !digits.bytes().all(|b| b.is_ascii_digit())
        {
            return Err(bad());
        }
        let mut bytes = [0u8; MAX_LEN];
        bytes[..s.len()].copy_from_slice(s.as_bytes());
        Ok(RuleCode {
            bytes,
            len: s.len() as u8,
            prefix_len: prefix_len as u8,
        })
    }
}

impl fmt::Display for RuleCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl fmt::Debug for RuleCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "RuleCode({})", self.as_str())
    }
}

impl serde::Serialize for RuleCode {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for RuleCode {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(d)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// Whether `s` is a valid selector: a full code, a code prefix, or `ALL`.
pub fn is_selector(s: &str) -> bool {
    if s == "ALL" {
        return true;
    }
    let letters = s.bytes().take_while(u8::is_ascii_uppercase).count();
    let rest = &s[letters..];
    (1..=4).contains(&letters) && rest.len() <= 4 && rest.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_prints() {
        let c: RuleCode = "HYP002".parse().unwrap();
        assert_eq!(c.as_str(), "HYP002");
        assert_eq!(c.prefix(), "HYP");
        assert!(c.matches("HYP"));
        assert!(c.matches("HYP00"));
        assert!(c.matches("ALL"));
        assert!(!c.matches("HY1"));
        assert!(!c.matches("SPL"));
    }

    #[test]
    fn rejects_malformed() {
        for s in [
            "", "UNI", "001", "uni001", "U001", "UNIXY001", "UNI00001", "UNI-1",
        ] {
            assert!(s.parse::<RuleCode>().is_err(), "{s} accepted");
        }
    }

    #[test]
    fn selectors() {
        assert!(is_selector("FUR"));
        assert!(is_selector("FUR0"));
        assert!(is_selector("ALL"));
        assert!(!is_selector("fur"));
        assert!(!is_selector("F-1"));
    }
}
