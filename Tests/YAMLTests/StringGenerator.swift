/// Deterministic pseudo-random strings built from fragments that stress YAML quoting.
struct StringGenerator {
    private var random: SplitMix64

    init(seed: UInt64) { random = SplitMix64(seed: seed) }

    private mutating func below(_ n: Int) -> Int { random.below(n) }

    private static let fragments: [String] = [
        "a", "Z", "k8s", "name", "0", "1", "7", "9", "00", "_", ".", "-", "+", "e", "E", "x", "o", "b",
        ":", ": ", " :", "#", " #", "- ", "-", "?", "? ", ",", "[", "]", "{", "}", "&", "*", "!", "|", ">",
        "'", "''", "\"", "%", "@", "`", "\\", "/", "=", "<<", "~", " ", "  ", "\t", "\n", "\n\n", "\r",
        "\r\n", "\u{85}", "\u{2028}", "é", "日", "🎉", "\u{0}", "\u{7}", "\u{1B}", "\u{9F}", "\u{A0}",
        "\u{FEFF}", "true", "True", "no", "ON", "y", "null", "NULL", "0x", "0o", "0b", "1e3", ".inf",
        ".nan", "---", "...", "2024-01-0", "12:30", "1_0", "%YAML", "!!str",
    ]

    /// A string of 0…`maxFragments` fragments.
    mutating func string(maxFragments: Int = 6) -> String {
        let n = below(maxFragments + 1)
        var s = ""
        for _ in 0..<n { s += Self.fragments[below(Self.fragments.count)] }
        return s
    }

    /// `count` strings from `seed`.
    static func strings(count: Int, seed: UInt64 = 0x6B66_6332_0004) -> [String] {
        var g = StringGenerator(seed: seed)
        return (0..<count).map { _ in g.string() }
    }
}

/// SplitMix64: tiny, fast and the same on every platform (the test generators' randomness).
struct SplitMix64 {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A value in 0..<n.
    mutating func below(_ n: Int) -> Int { Int(next() % UInt64(n)) }
}
