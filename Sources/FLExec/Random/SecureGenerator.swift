#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A cryptographically secure generator: ChaCha20 keyed from the operating system.
///
/// The design of OpenBSD's `arc4random`: the kernel's generator (`arc4random_buf`, which is
/// `getrandom` on glibc ≥ 2.36) provides a 256-bit key and a nonce; each refill computes 64
/// ChaCha20 blocks (4 KiB), immediately replaces the key and nonce with the first 48 bytes of
/// that output ("fast key erasure", so earlier output cannot be recomputed from the current
/// state), and hands out the rest. Every 256 refills (1 MiB) the key is drawn afresh from the
/// kernel. Reading the kernel once per mebibyte instead of once per word keeps DP noise from
/// being dominated by system calls, which are slow in virtual machines.
package struct SecureGenerator: RandomNumberGenerator {
    /// Key (8 words) then nonce (3 words).
    private var key: [UInt32]
    /// The current refill's keystream; words before `index` are used or erased.
    private var words: [UInt32]
    private var index: Int
    private var refills: Int

    private static let blocks = 64
    private static let reseedInterval = 256
    /// Words of each refill kept as the next key (8) and nonce (3), rounded up to an even count.
    private static let erasedWords = 12

    /// Creates a generator; nothing is read until the first draw.
    package init() {
        key = []
        words = []
        index = 0
        refills = 0
    }

    /// The next 64 secure random bits.
    @inline(__always)
    package mutating func next() -> UInt64 {
        if index >= words.count { refill() }
        let v = UInt64(words[index]) | UInt64(words[index + 1]) << 32
        index += 2
        return v
    }

    private mutating func refill() {
        if key.isEmpty || refills % Self.reseedInterval == 0 { key = Self.kernelKey() }
        refills += 1
        if words.isEmpty { words = [UInt32](repeating: 0, count: 16 * Self.blocks) }
        key.withUnsafeMutableBufferPointer { k in
            words.withUnsafeMutableBufferPointer { w in
                for b in 0..<Self.blocks {
                    ChaCha20.block(
                        key: k.baseAddress!, counter: UInt32(b), nonce: k.baseAddress! + 8,
                        into: w.baseAddress! + 16 * b)
                }
                // Fast key erasure: the refill's first words become the next key and are never output.
                for i in 0..<11 { k[i] = w[i] }
            }
        }
        index = Self.erasedWords
    }

    /// Eight key words and three nonce words from the kernel.
    private static func kernelKey() -> [UInt32] {
        var fresh = [UInt32](repeating: 0, count: 11)
        #if canImport(Glibc) || canImport(Darwin)
            fresh.withUnsafeMutableBytes { raw in
                if let base = raw.baseAddress { arc4random_buf(base, raw.count) }
            }
        #else
            var system = SystemRandomNumberGenerator()
            for i in fresh.indices { fresh[i] = UInt32(truncatingIfNeeded: system.next()) }
        #endif
        return fresh
    }
}
