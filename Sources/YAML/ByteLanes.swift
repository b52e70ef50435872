/// Questions about bytes asked eight at a time, each byte a lane of a `UInt64` (the first byte
/// lowest), for ``YAMLBlockParser``: every byte of a manifest folder passes here, and a byte
/// at a time was a tenth of `kfc verify`.
///
/// Lanes with the top bit set are refused (or, for `stops`, never present) first; the others
/// are below 0x80, so adding to their low seven bits never carries into the next lane.
enum ByteLanes {
    private static let high: UInt64 = 0x8080_8080_8080_8080
    private static let low: UInt64 = 0x7F7F_7F7F_7F7F_7F7F

    /// The lanes of `y` (each below 0x80) that are 0, each marked by its top bit: a lane is 0
    /// exactly when `(y + 0x7F) | y` lacks the top bit.
    private static func zeros(_ y: UInt64) -> UInt64 { ~((y &+ low) | y) & high }

    /// The `\n` lanes of `w`, each marked by its top bit, for a word that `coversWord`.
    static func newlines(_ w: UInt64) -> UInt64 { zeros(w ^ 0x0A0A_0A0A_0A0A_0A0A) }

    /// The `:` lanes of `w`, each marked by its top bit, for a word that `coversWord`.
    static func colons(_ w: UInt64) -> UInt64 { zeros(w ^ 0x3A3A_3A3A_3A3A_3A3A) }

    /// Whether every byte is one the parser reads: printable ASCII or `\n`.
    static func covers(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = UnsafeRawPointer(bytes.baseAddress) else { return true }
        let words = bytes.count / 8
        var i = 0
        while i < words {
            if !coversWord(base.loadUnaligned(fromByteOffset: i * 8, as: UInt64.self)) { return false }
            i += 1
        }
        for c in bytes[(words * 8)...] where !coversByte(c) { return false }
        return true
    }

    /// The rule for one byte: 0x20…0x7E or `\n`.
    static func coversByte(_ c: UInt8) -> Bool { (c >= 0x20 && c <= 0x7E) || c == UInt8(ascii: "\n") }

    /// `coversByte` of each lane of `w`, together: `x + 0x01` sets the top bit exactly for
    /// 0x7F, `x + 0x60` exactly for lanes at 0x20 or more, and `\n` lanes are the zeros of
    /// `w ^ 0x0A…`.
    static func coversWord(_ w: UInt64) -> Bool {
        if w & high != 0 { return false }
        let del = (w &+ 0x0101_0101_0101_0101) & high
        let printable = (w &+ 0x6060_6060_6060_6060) & high
        return del == 0 && (printable | zeros(w ^ 0x0A0A_0A0A_0A0A_0A0A)) == high
    }

    /// Whether the `count` bytes at `a` and at `b` are equal, read eight (or four) at a time
    /// without reading past either run: the last word of a run overlaps the one before it.
    /// For the short texts of ``TextSlots`` (at most 32 bytes), where a call of `memcmp` for
    /// each of millions of texts was a twentieth of `kfc verify`'s cycles.
    static func equal(_ a: UnsafeRawPointer, _ b: UnsafeRawPointer, count: Int) -> Bool {
        if count >= 8 {
            var i = 0
            while i + 8 <= count {
                if a.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                    != b.loadUnaligned(fromByteOffset: i, as: UInt64.self)
                {
                    return false
                }
                i += 8
            }
            return i == count
                || a.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
                    == b.loadUnaligned(fromByteOffset: count - 8, as: UInt64.self)
        }
        if count >= 4 {
            return a.loadUnaligned(as: UInt32.self) == b.loadUnaligned(as: UInt32.self)
                && a.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
                    == b.loadUnaligned(fromByteOffset: count - 4, as: UInt32.self)
        }
        for i in 0..<count where a.load(fromByteOffset: i, as: UInt8.self) != b.load(fromByteOffset: i, as: UInt8.self)
        {
            return false
        }
        return true
    }

    /// The lanes of `w` (bytes below 0x80, as `covers` guarantees) that hold a line break, a
    /// space or a colon, each marked by its top bit: where a plain scalar may stop.
    static func stops(_ w: UInt64) -> UInt64 {
        zeros(w ^ 0x0A0A_0A0A_0A0A_0A0A) | zeros(w ^ 0x2020_2020_2020_2020) | zeros(w ^ 0x3A3A_3A3A_3A3A_3A3A)
    }

    /// The value of a hexadecimal digit, nil for another byte.
    static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return c - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
