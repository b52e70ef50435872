import Compiler
import Foundation

/// A set of IPv4 addresses as sorted, disjoint, non-adjacent closed intervals.
///
/// Addresses of endpoints (a fixed IP, a subnet's block), `ipBlock`s with their `except`s and
/// the public internet are all `IPSet`s, so matching is interval arithmetic, never enumeration.
package struct IPSet: Hashable, Sendable, CustomStringConvertible {
    /// The intervals, sorted by lower bound.
    package private(set) var ranges: [ClosedRange<UInt32>]

    /// The empty set.
    package static let empty = IPSet(ranges: [])
    /// Every IPv4 address (`0.0.0.0/0`).
    package static let all = IPSet(ranges: [0...UInt32.max])

    /// Creates a set from intervals in any order (they are sorted and merged).
    package init(ranges: [ClosedRange<UInt32>]) {
        let sorted = ranges.sorted { $0.lowerBound < $1.lowerBound }
        var out: [ClosedRange<UInt32>] = []
        for r in sorted {
            if let last = out.last, last.upperBound == .max || r.lowerBound <= last.upperBound + 1 {
                out[out.count - 1] = last.lowerBound...max(last.upperBound, r.upperBound)
            } else {
                out.append(r)
            }
        }
        self.ranges = out
    }

    /// The addresses of one CIDR block.
    package init(_ block: CIDRBlock) { self.init(ranges: [block.first.value...block.last.value]) }

    /// One address.
    package init(_ ip: IPv4Address) { self.init(ranges: [ip.value...ip.value]) }

    /// Parses `a.b.c.d/n` or a bare address (surrounding spaces allowed); nil when malformed.
    ///
    /// Read from the bytes in place, with no array: manifests of 100,000 clients hold hundreds
    /// of thousands of blocks, and the API checks read them again. `referenceBlock` is the
    /// reading this must equal (tests hold them equal on generated text).
    package init?(cidrOrAddress text: String) {
        var text = text
        guard let block = text.withUTF8({ Self.block($0) }) else { return nil }
        self.ranges = [block]
    }

    /// The addresses of `a.b.c.d/n` or `a.b.c.d` in `bytes` (spaces around allowed): octets of
    /// 1–3 digits up to 255 without a leading zero, a prefix of 1–2 digits up to 32.
    static func block(_ bytes: UnsafeBufferPointer<UInt8>) -> ClosedRange<UInt32>? {
        var lo = 0, hi = bytes.count
        while lo < hi && bytes[lo] == 32 { lo += 1 }
        while hi > lo && bytes[hi - 1] == 32 { hi -= 1 }
        var ip: UInt32 = 0, octets = 0
        var cur: UInt32 = 0, digits = 0
        var inPrefix = false
        for i in lo..<hi {
            let b = bytes[i]
            if b >= 48 && b <= 57 {
                if digits > 0 && cur == 0 && !inPrefix { return nil }
                cur = cur * 10 + UInt32(b - 48)
                digits += 1
                if digits > 3 || (!inPrefix && cur > 255) { return nil }
            } else if (b == 46 || b == 47) && !inPrefix {
                guard digits > 0, octets < 4 else { return nil }
                ip = ip << 8 | cur
                octets += 1
                cur = 0
                digits = 0
                inPrefix = b == 47
            } else {
                return nil
            }
        }
        guard digits > 0 else { return nil }
        var prefix: UInt32 = 32
        if inPrefix {
            guard cur <= 32, digits <= 2 else { return nil }
            prefix = cur
        } else {
            guard octets < 4 else { return nil }
            ip = ip << 8 | cur
            octets += 1
        }
        guard octets == 4 else { return nil }
        let mask: UInt32 = prefix == 0 ? 0 : UInt32.max << (32 - prefix)
        return (ip & mask)...((ip & mask) | ~mask)
    }

    /// The first reading of `cidrOrAddress`, kept as the reference its faster reading must equal.
    static func referenceBlock(_ text: String) -> ClosedRange<UInt32>? {
        var octets: [UInt32] = []
        var cur: UInt32 = 0, digits = 0
        var prefix: Int? = nil
        var inPrefix = false
        var u = Substring(text).utf8
        while u.first == 32 { u = u.dropFirst() }
        while u.last == 32 { u = u.dropLast() }
        for b in u {
            if b >= 48 && b <= 57 {
                if digits > 0 && cur == 0 && !inPrefix { return nil }
                cur = cur * 10 + UInt32(b - 48)
                digits += 1
                if digits > 3 || (!inPrefix && cur > 255) { return nil }
            } else if b == 46 && !inPrefix {
                guard digits > 0 else { return nil }
                octets.append(cur); cur = 0; digits = 0
            } else if b == 47 && !inPrefix {
                guard digits > 0 else { return nil }
                octets.append(cur); cur = 0; digits = 0
                inPrefix = true
            } else {
                return nil
            }
        }
        guard digits > 0 else { return nil }
        if inPrefix {
            guard cur <= 32, digits <= 2 else { return nil }
            prefix = Int(cur)
        } else {
            octets.append(cur)
        }
        guard octets.count == 4 else { return nil }
        let ip = octets.reduce(UInt32(0)) { $0 << 8 | $1 }
        let p = prefix ?? 32
        let mask: UInt32 = p == 0 ? 0 : UInt32.max << UInt32(32 - p)
        return (ip & mask)...((ip & mask) | ~mask)
    }

    /// Whether the set has no address.
    package var isEmpty: Bool { ranges.isEmpty }

    /// The union.
    package func union(_ o: IPSet) -> IPSet { IPSet(ranges: ranges + o.ranges) }

    /// The intersection.
    package func intersection(_ o: IPSet) -> IPSet {
        var out: [ClosedRange<UInt32>] = []
        var i = 0, j = 0
        while i < ranges.count, j < o.ranges.count {
            let a = ranges[i], b = o.ranges[j]
            let lo = max(a.lowerBound, b.lowerBound), hi = min(a.upperBound, b.upperBound)
            if lo <= hi { out.append(lo...hi) }
            if a.upperBound < b.upperBound { i += 1 } else { j += 1 }
        }
        return IPSet(ranges: out)
    }

    /// The addresses of `self` not in `o`.
    package func subtracting(_ o: IPSet) -> IPSet {
        var out: [ClosedRange<UInt32>] = []
        for r in ranges {
            var lo = r.lowerBound
            var done = false
            for c in o.ranges where c.upperBound >= lo && c.lowerBound <= r.upperBound {
                if c.lowerBound > lo { out.append(lo...(c.lowerBound - 1)) }
                if c.upperBound >= r.upperBound { done = true; break }
                lo = c.upperBound + 1
            }
            if !done { out.append(lo...r.upperBound) }
        }
        return IPSet(ranges: out)
    }

    /// Whether the sets share an address.
    package func overlaps(_ o: IPSet) -> Bool {
        var i = 0, j = 0
        while i < ranges.count, j < o.ranges.count {
            let a = ranges[i], b = o.ranges[j]
            if max(a.lowerBound, b.lowerBound) <= min(a.upperBound, b.upperBound) { return true }
            if a.upperBound < b.upperBound { i += 1 } else { j += 1 }
        }
        return false
    }

    /// Whether every address of `self` is in `o`.
    package func isSubset(of o: IPSet) -> Bool {
        // Ranges are merged and non-adjacent, so each of ours must lie inside one of theirs.
        var j = 0
        for r in ranges {
            while j < o.ranges.count && o.ranges[j].upperBound < r.lowerBound { j += 1 }
            guard j < o.ranges.count, o.ranges[j].lowerBound <= r.lowerBound, o.ranges[j].upperBound >= r.upperBound
            else { return false }
        }
        return true
    }

    /// The smallest address, if any.
    package var first: IPv4Address? { ranges.first.map { IPv4Address($0.lowerBound) } }

    /// CIDR text of the set, comma-separated (a range is split into its blocks).
    package var description: String {
        if isEmpty { return "(none)" }
        var parts: [String] = []
        for r in ranges {
            var lo = UInt64(r.lowerBound)
            let hi = UInt64(r.upperBound)
            while lo <= hi {
                var size: UInt64 = 1
                var prefix = 32
                while prefix > 0 {
                    let next = size << 1
                    if lo % next != 0 || lo + next - 1 > hi { break }
                    size = next
                    prefix -= 1
                }
                let ip = IPv4Address(UInt32(lo))
                parts.append(prefix == 32 ? "\(ip)" : "\(ip)/\(prefix)")
                lo += size
            }
        }
        return parts.joined(separator: ",")
    }

    /// Addresses that are not on the public internet: RFC 1918, shared (100.64/10), loopback,
    /// link-local, multicast, reserved and `0.0.0.0/8`.
    package static let nonPublic: IPSet = IPSet(
        ranges: [
            "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
            "192.168.0.0/16", "224.0.0.0/3",
        ].compactMap { CIDRBlock($0) }.map { $0.first.value...$0.last.value })

    /// The public internet: every address not in `nonPublic`.
    package static let publicInternet = IPSet.all.subtracting(nonPublic)
}
