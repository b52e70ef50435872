#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The operating system's cryptographically secure generator, read in blocks.
///
/// On Linux and Darwin, `arc4random_buf` fills a 4 KiB block per call (on glibc ≥ 2.36 it is
/// `getrandom`); reading one block instead of one word per call keeps DP noise from being
/// dominated by system calls. Elsewhere it falls back to `SystemRandomNumberGenerator`.
package struct SecureGenerator: RandomNumberGenerator {
    private var block: [UInt64]
    private var index: Int

    /// Creates a generator; nothing is read until the first draw.
    package init() {
        block = []
        index = 0
    }

    /// The next 64 secure random bits.
    package mutating func next() -> UInt64 {
        if index == block.count { refill() }
        let v = block[index]
        index += 1
        return v
    }

    private mutating func refill() {
        if block.isEmpty { block = [UInt64](repeating: 0, count: 512) }
        #if canImport(Glibc) || canImport(Darwin)
        block.withUnsafeMutableBytes { raw in
            if let base = raw.baseAddress { arc4random_buf(base, raw.count) }
        }
        #else
        var system = SystemRandomNumberGenerator()
        for i in block.indices { block[i] = system.next() }
        #endif
        index = 0
    }
}

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

    /// The next 64 random bits.
    package mutating func next() -> UInt64 {
        // Force-unwrapping in place mutates the stored generator without copying it.
        if seeded != nil { return seeded!.next() }
        return secure.next()
    }
}
