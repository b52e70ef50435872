/// The ChaCha20 block function (RFC 8439, section 2.3): 20 rounds over a 512-bit state of
/// constants, a 256-bit key, a 32-bit block counter and a 96-bit nonce.
///
/// Used as the keystream of `SecureGenerator`; it is not an encryption API.
package enum ChaCha20 {
    @inline(__always)
    private static func quarterRound(_ a: inout UInt32, _ b: inout UInt32, _ c: inout UInt32, _ d: inout UInt32) {
        a &+= b
        d ^= a
        d = (d << 16) | (d >> 16)
        c &+= d
        b ^= c
        b = (b << 12) | (b >> 20)
        a &+= b
        d ^= a
        d = (d << 8) | (d >> 24)
        c &+= d
        b ^= c
        b = (b << 7) | (b >> 25)
    }

    /// Writes the 16 little-endian words of block `counter` for `key` (8 words) and `nonce`
    /// (3 words) to `out`.
    @inline(__always)
    package static func block(
        key k: UnsafePointer<UInt32>, counter: UInt32, nonce n: UnsafePointer<UInt32>,
        into out: UnsafeMutablePointer<UInt32>
    ) {
        let s0: UInt32 = 0x6170_7865
        let s1: UInt32 = 0x3320_646E
        let s2: UInt32 = 0x7962_2D32
        let s3: UInt32 = 0x6B20_6574
        var x0 = s0
        var x1 = s1
        var x2 = s2
        var x3 = s3
        var x4 = k[0]
        var x5 = k[1]
        var x6 = k[2]
        var x7 = k[3]
        var x8 = k[4]
        var x9 = k[5]
        var x10 = k[6]
        var x11 = k[7]
        var x12 = counter
        var x13 = n[0]
        var x14 = n[1]
        var x15 = n[2]
        for _ in 0..<10 {
            quarterRound(&x0, &x4, &x8, &x12)
            quarterRound(&x1, &x5, &x9, &x13)
            quarterRound(&x2, &x6, &x10, &x14)
            quarterRound(&x3, &x7, &x11, &x15)
            quarterRound(&x0, &x5, &x10, &x15)
            quarterRound(&x1, &x6, &x11, &x12)
            quarterRound(&x2, &x7, &x8, &x13)
            quarterRound(&x3, &x4, &x9, &x14)
        }
        out[0] = (x0 &+ s0).littleEndian
        out[1] = (x1 &+ s1).littleEndian
        out[2] = (x2 &+ s2).littleEndian
        out[3] = (x3 &+ s3).littleEndian
        out[4] = (x4 &+ k[0]).littleEndian
        out[5] = (x5 &+ k[1]).littleEndian
        out[6] = (x6 &+ k[2]).littleEndian
        out[7] = (x7 &+ k[3]).littleEndian
        out[8] = (x8 &+ k[4]).littleEndian
        out[9] = (x9 &+ k[5]).littleEndian
        out[10] = (x10 &+ k[6]).littleEndian
        out[11] = (x11 &+ k[7]).littleEndian
        out[12] = (x12 &+ counter).littleEndian
        out[13] = (x13 &+ n[0]).littleEndian
        out[14] = (x14 &+ n[1]).littleEndian
        out[15] = (x15 &+ n[2]).littleEndian
    }
}
