/// The generator of private randomness (DP noise and sampling).
///
/// Secure unless built with an insecure seed, which only tests (plans with `insecure_seed`) do.
package struct NoiseGenerator: RandomNumberGenerator {
    private var seeded: SeededGenerator?
    private var secure: SecureGenerator

    /// A secure generator, or a seeded one when `insecureSeed` is set (tests only).
    package init(insecureSeed: UInt64?, stream: UInt64 = 0) {
        seeded = insecureSeed.map { SeededGenerator(seed: $0, stream: stream) }
        secure = SecureGenerator()
    }

    /// Whether the draws come from the operating system's secure generator.
    package var isSecure: Bool { seeded == nil }

    /// The state of the seeded generator, or nil for a secure one: secure randomness is never
    /// written down (a state file would hold the noise), so a secure generator resumes fresh.
    package var seededState: [UInt64]? {
        get { seeded?.state }
        set {
            guard seeded != nil, let newValue, let g = SeededGenerator(state: newValue) else { return }
            seeded = g
        }
    }

    /// The next 64 random bits.
    package mutating func next() -> UInt64 {
        // Force-unwrapping in place mutates the stored generator without copying it.
        if seeded != nil { return seeded!.next() }
        return secure.next()
    }
}
