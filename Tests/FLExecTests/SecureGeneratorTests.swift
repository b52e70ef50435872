import Testing

@testable import FLExec

@Suite struct SecureGeneratorTests {
    @Test func chaCha20BlockMatchesRFC8439() {
        // RFC 8439, 2.3.2: key 00 01 … 1f, nonce 00:00:00:09:00:00:00:4a:00:00:00:00, counter 1.
        let keyBytes = (0..<32).map { UInt8($0) }
        let key = (0..<8).map { i in (0..<4).reduce(UInt32(0)) { $0 | UInt32(keyBytes[4 * i + $1]) << (8 * $1) } }
        let nonce: [UInt32] = [0x0900_0000, 0x4A00_0000, 0]
        var out = [UInt32](repeating: 0, count: 16)
        key.withUnsafeBufferPointer { k in
            nonce.withUnsafeBufferPointer { n in
                out.withUnsafeMutableBufferPointer {
                    ChaCha20.block(key: k.baseAddress!, counter: 1, nonce: n.baseAddress!, into: $0.baseAddress!)
                }
            }
        }
        let bytes = out.flatMap { w in (0..<4).map { UInt8(truncatingIfNeeded: w >> (8 * $0)) } }
        let expected: [UInt8] = [
            0x10, 0xf1, 0xe7, 0xe4, 0xd1, 0x3b, 0x59, 0x15, 0x50, 0x0f, 0xdd, 0x1f, 0xa3, 0x20, 0x71, 0xc4,
            0xc7, 0xd1, 0xf4, 0xc7, 0x33, 0xc0, 0x68, 0x03, 0x04, 0x22, 0xaa, 0x9a, 0xc3, 0xd4, 0x6c, 0x4e,
            0xd2, 0x82, 0x64, 0x46, 0x07, 0x9f, 0xaa, 0x09, 0x14, 0xc2, 0xd7, 0x05, 0xd9, 0x8b, 0x02, 0xa2,
            0xb5, 0x12, 0x9c, 0xd1, 0xde, 0x16, 0x4e, 0xb9, 0xcb, 0xd0, 0x83, 0xe8, 0xa2, 0x50, 0x3c, 0x4e,
        ]
        #expect(bytes == expected)
    }

    @Test func secureStreamsDifferAndLookUniform() {
        var a = SecureGenerator()
        var b = SecureGenerator()
        let xs = (0..<5000).map { _ in a.next() }
        let ys = (0..<5000).map { _ in b.next() }
        #expect(xs != ys)
        #expect(Set(xs).count == xs.count)
        // Bit balance over 320,000 bits: mean 0.5, sd ≈ 0.0009.
        let ones = xs.reduce(0) { $0 + $1.nonzeroBitCount }
        #expect(abs(Double(ones) / Double(xs.count * 64) - 0.5) < 0.005)
    }
}
