//! A checksum of what a client decoded, so the SDK and its raw floor are seen to read the
//! same facts: if one skipped a field the other decoded, their checksums would differ.

use rust_decimal::Decimal;

/// FNV-1a over the facts fed in, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Checksum(u64);

impl Default for Checksum {
    fn default() -> Self {
        Self(0xcbf2_9ce4_8422_2325)
    }
}

impl Checksum {
    /// Adds bytes.
    pub fn bytes(&mut self, bytes: &[u8]) -> &mut Self {
        for &byte in bytes {
            self.0 ^= u64::from(byte);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
        // A separator, so ("ab", "c") and ("a", "bc") differ.
        self.0 ^= 0xff;
        self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        self
    }

    /// Adds text.
    pub fn text(&mut self, text: &str) -> &mut Self {
        self.bytes(text.as_bytes())
    }

    /// Adds optional text (`None` and `""` differ).
    pub fn maybe_text(&mut self, text: Option<&str>) -> &mut Self {
        match text {
            Some(text) => self.bytes(&[1]).text(text),
            None => self.bytes(&[0]),
        }
    }

    /// Adds a number.
    pub fn number(&mut self, number: u64) -> &mut Self {
        self.bytes(&number.to_le_bytes())
    }

    /// Adds an optional number (`None` and `Some(0)` differ).
    pub fn maybe_number(&mut self, number: Option<u64>) -> &mut Self {
        match number {
            Some(number) => self.bytes(&[1]).number(number),
            None => self.bytes(&[0]),
        }
    }

    /// Adds a decimal exactly: its digits and its scale, so `1.50` and `1.5` differ.
    pub fn decimal(&mut self, value: Decimal) -> &mut Self {
        self.bytes(&value.mantissa().to_le_bytes())
            .number(u64::from(value.scale()))
    }

    /// Adds an optional decimal exactly (`None` and `Some(0)` differ).
    pub fn maybe_decimal(&mut self, value: Option<Decimal>) -> &mut Self {
        match value {
            Some(value) => self.bytes(&[1]).decimal(value),
            None => self.bytes(&[0]),
        }
    }

    /// The value so far.
    pub fn value(self) -> u64 {
        self.0
    }
}
