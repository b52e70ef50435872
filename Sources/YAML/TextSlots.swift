/// Recent short texts of one stream, by a hash of their bytes, for ``YAMLBlockParser``: the
/// same keys and values (`name:`, `app.kubernetes.io/part-of:`, `digits-fl`) recur in every
/// object, and a `String` made from bytes costs a UTF-8 check each time and, past 15 bytes, an
/// allocation. A slot holds the bytes and the string made from them, and is overwritten by the
/// next text that hashes there.
///
/// The slots are made only for a stream of more than 64 KB (a folder of small files would pay
/// more to make them than they save): 1,024 of them (about 50 KB), or 4,096 (about 200 KB)
/// past 1 MB, where fewer texts then share a slot and push each other out (`kfc verify` of
/// 10,000 clients: 7.79 G → 7.70 G instructions). They are stored arrays, not `lazy`: a lazy
/// array is read out and written back whole, so each slot written copied all of them
/// (`kfc verify` of 10,000 clients went from 1.4 s to 5.5 s).
struct TextSlots {
    private static let slotBytes = 32
    private static let slotsFrom = 64 * 1024
    private static let moreSlotsFrom = 1 << 20

    /// How many slots; 0 for a stream too small to keep any.
    private let slots: Int
    private var slotText: [UInt8]
    private var slotLength: [UInt8]
    private var slotString: [String]

    /// The slots for a stream of `streamBytes` bytes.
    init(streamBytes: Int) {
        slots = streamBytes <= Self.slotsFrom ? 0 : streamBytes > Self.moreSlotsFrom ? 4096 : 1024
        slotText = [UInt8](repeating: 0, count: slots * Self.slotBytes)
        slotLength = [UInt8](repeating: 0, count: slots)
        slotString = [String](repeating: "", count: slots)
    }

    /// The string of `bytes`: the slot's when the slot holds these bytes.
    mutating func text(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
        let n = bytes.count
        guard n > 0, n <= Self.slotBytes, slots > 0 else { return String(decoding: bytes, as: UTF8.self) }
        var h = UInt(n) &* 0x9E37_79B1
        h = (h ^ UInt(bytes[0])) &* 0x85EB_CA6B
        h = (h ^ UInt(bytes[n - 1])) &* 0xC2B2_AE35
        h = (h ^ UInt(bytes[n / 2])) &* 0x27D4_EB2F
        let slot = Int(truncatingIfNeeded: (h >> 16) & UInt(slots - 1))
        let at = slot * Self.slotBytes
        let hit = slotText.withUnsafeBufferPointer { t in
            Int(slotLength[slot]) == n && ByteLanes.equal(t.baseAddress! + at, bytes.baseAddress!, count: n)
        }
        if hit { return slotString[slot] }
        let string = String(decoding: bytes, as: UTF8.self)
        slotText.withUnsafeMutableBufferPointer { t in
            (t.baseAddress! + at).update(from: bytes.baseAddress!, count: n)
        }
        slotLength[slot] = UInt8(n)
        slotString[slot] = string
        return string
    }
}
