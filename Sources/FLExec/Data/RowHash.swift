/// A fixed hash of one data row, the same on every run and platform.
///
/// It decides which rows of a client's data evaluate (`Dataset.trainEvalSplit`). It mixes the
/// label's and each feature's bit pattern in order through SplitMix64's finaliser from a fixed
/// starting value. Swift's `Hasher` is seeded at random per process, so it cannot serve. The hash
/// is public and keyless: it does not hide which rows evaluate from someone who knows the rows,
/// and is not meant to; it only makes the choice depend on the row itself.
package enum RowHash {
    /// The 64-bit hash of a row.
    package static func hash(label: Int32, features: ArraySlice<Float>) -> UInt64 {
        var h = mix(0x6B66_632D_7370_6C74 ^ UInt64(UInt32(bitPattern: label)))
        for x in features { h = mix(h ^ UInt64(x.bitPattern)) }
        return h
    }

    /// The row's hash as a number in [0, 1): its top 53 bits over 2^53.
    package static func unitInterval(label: Int32, features: ArraySlice<Float>) -> Double {
        Double(hash(label: label, features: features) >> 11) * 0x1p-53
    }

    /// SplitMix64's step and finaliser (Steele, Lea and Flood 2014): a bijection of 64-bit words
    /// whose output bits each depend on every input bit.
    private static func mix(_ x: UInt64) -> UInt64 {
        var z = x &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
