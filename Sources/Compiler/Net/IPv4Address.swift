import KFLang

/// An IPv4 address as a 32-bit integer.
package struct IPv4Address: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The address, most significant octet first.
    package var value: UInt32

    /// Creates an address from its integer value.
    package init(_ value: UInt32) { self.value = value }

    /// Parses dotted-quad text (`10.0.0.1`); nil unless there are exactly four octets 0–255
    /// without leading zeros.
    package init?(_ text: Substring) {
        // ASCII text (every address kfc writes or reads back): the same rule over the bytes,
        // without walking grapheme clusters or building an array of octets (tens of thousands
        // of zones' blocks are parsed per run).
        if let ascii = Self.parseASCII(text.utf8) {
            guard let v = ascii else { return nil }
            value = v
            return
        }
        var octets: [UInt32] = []
        for part in text.split(separator: ".", omittingEmptySubsequences: false) {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy(\.isASCII), part.allSatisfy(\.isNumber),
                let v = UInt32(part), v <= 255, !(part.count > 1 && part.first == "0")
            else { return nil }
            octets.append(v)
        }
        guard octets.count == 4 else { return nil }
        value = octets.reduce(0) { $0 << 8 | $1 }
    }

    /// Parses dotted-quad text.
    package init?(_ text: String) { self.init(Substring(text)) }

    /// `init?(_:)`'s reading of ASCII bytes: nil when some byte is not ASCII (the caller reads
    /// the text by characters), else the address, or `.some(nil)` when the text is not one.
    static func parseASCII(_ bytes: Substring.UTF8View) -> UInt32?? {
        var value: UInt32 = 0, octet: UInt32 = 0
        var digits = 0, octets = 0, leadingZero = false, valid = true
        for b in bytes {
            guard b < 0x80 else { return nil }
            if b == UInt8(ascii: ".") {
                if digits == 0 || octet > 255 || (digits > 1 && leadingZero) { valid = false }
                value = value << 8 | (octet & 0xFF)
                octets += 1
                octet = 0
                digits = 0
            } else if b >= UInt8(ascii: "0") && b <= UInt8(ascii: "9") {
                if digits == 0 { leadingZero = b == UInt8(ascii: "0") }
                digits += 1
                if digits > 3 { valid = false } else { octet = octet * 10 + UInt32(b - UInt8(ascii: "0")) }
            } else {
                valid = false
            }
        }
        if digits == 0 || octet > 255 || (digits > 1 && leadingZero) { valid = false }
        value = value << 8 | (octet & 0xFF)
        octets += 1
        return .some(valid && octets == 4 ? value : nil)
    }

    /// Dotted-quad text, written digit by digit into the string's storage (an interpolation of
    /// four numbers cost 1,800 instructions an address, two per zone).
    package var description: String {
        String(unsafeUninitializedCapacity: 15) { Self.writeDottedQuad(value, into: $0) }
    }

    /// Writes `value` as a dotted quad at the start of `b` (at least 15 bytes); the bytes written.
    static func writeDottedQuad(_ value: UInt32, into b: UnsafeMutableBufferPointer<UInt8>) -> Int {
        var n = 0
        for shift: UInt32 in [24, 16, 8, 0] {
            let octet = Int(value >> shift & 0xFF)
            if octet >= 100 {
                b[n] = UInt8(48 + octet / 100)
                n += 1
            }
            if octet >= 10 {
                b[n] = UInt8(48 + octet / 10 % 10)
                n += 1
            }
            b[n] = UInt8(48 + octet % 10)
            n += 1
            if shift > 0 {
                b[n] = UInt8(ascii: ".")
                n += 1
            }
        }
        return n
    }

    package static func < (a: IPv4Address, b: IPv4Address) -> Bool { a.value < b.value }
}

/// An IPv4 block in CIDR notation (`10.18.0.0/16`).
package struct CIDRBlock: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The first address of the block (as written; may have host bits set if not `isCanonical`).
    package var base: IPv4Address
    /// Prefix length, 0–32.
    package var prefix: Int

    /// Creates a block.
    package init(base: IPv4Address, prefix: Int) {
        self.base = base
        self.prefix = prefix
    }

    /// Parses `a.b.c.d/n`; nil when malformed. Host bits are kept (see `isCanonical`).
    package init?(_ text: String) {
        // ASCII text: split at the one '/' by bytes, the prefix read from its 1–2 digits.
        if text.isAllASCII {
            let utf8 = text.utf8
            guard let slash = utf8.firstIndex(of: UInt8(ascii: "/")) else { return nil }
            let after = utf8.index(after: slash)
            let digits = utf8[after...]
            guard !digits.isEmpty, digits.count <= 2,
                digits.allSatisfy({ $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") })
            else { return nil }
            let p = digits.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
            guard p <= 32, let ip = IPv4Address(text[..<slash]) else { return nil }
            base = ip
            prefix = p
            return
        }
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let ip = IPv4Address(parts[0]), parts[1].allSatisfy(\.isNumber),
            !parts[1].isEmpty, parts[1].count <= 2, let p = Int(parts[1]), p <= 32
        else { return nil }
        base = ip
        prefix = p
    }

    /// The network mask.
    package var mask: UInt32 { prefix == 0 ? 0 : UInt32.max << UInt32(32 - prefix) }

    /// Number of addresses in the block.
    package var size: UInt64 { UInt64(1) << UInt64(32 - prefix) }

    /// Whether no host bits are set.
    package var isCanonical: Bool { base.value & ~mask == 0 }

    /// The block with host bits cleared.
    package var canonical: CIDRBlock { CIDRBlock(base: IPv4Address(base.value & mask), prefix: prefix) }

    /// First address.
    package var first: IPv4Address { IPv4Address(base.value & mask) }

    /// Last address.
    package var last: IPv4Address { IPv4Address(base.value & mask | ~mask) }

    /// Whether `ip` lies in the block.
    package func contains(_ ip: IPv4Address) -> Bool { ip.value & mask == base.value & mask }

    /// Whether `other` lies entirely in the block.
    package func contains(_ other: CIDRBlock) -> Bool { other.prefix >= prefix && contains(other.base) }

    /// Whether the two blocks share an address.
    package func overlaps(_ other: CIDRBlock) -> Bool { contains(other.first) || other.contains(first) }

    /// The `n`-th address of the block (0 is the network address).
    package func address(_ n: UInt32) -> IPv4Address { IPv4Address(first.value &+ n) }

    package var description: String {
        // A prefix is 0–32 (one built otherwise is written as it is, by interpolation).
        guard (0...99).contains(prefix) else { return "\(base)/\(prefix)" }
        // Written straight into the string's storage, as `IPv4Address.description` writes an address.
        return String(unsafeUninitializedCapacity: 18) { b in
            var n = IPv4Address.writeDottedQuad(base.value, into: b)
            b[n] = UInt8(ascii: "/")
            n += 1
            if prefix >= 10 {
                b[n] = UInt8(48 + prefix / 10)
                n += 1
            }
            b[n] = UInt8(48 + prefix % 10)
            return n + 1
        }
    }

    package static func < (a: CIDRBlock, b: CIDRBlock) -> Bool {
        (a.first.value, a.prefix) < (b.first.value, b.prefix)
    }
}
