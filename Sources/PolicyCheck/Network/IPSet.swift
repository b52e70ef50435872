import Foundation
import Compiler

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

    /// Parses `a.b.c.d/n` or a bare address; nil when malformed.
    package init?(cidrOrAddress text: String) {
        let t = text.trimmingCharacters(in: .whitespaces)
        if t.contains("/") {
            guard let b = CIDRBlock(t) else { return nil }
            self.init(b)
        } else {
            guard let ip = IPv4Address(t) else { return nil }
            self.init(ip)
        }
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
    package func overlaps(_ o: IPSet) -> Bool { !intersection(o).isEmpty }

    /// Whether every address of `self` is in `o`.
    package func isSubset(of o: IPSet) -> Bool { subtracting(o).isEmpty }

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
    package static let nonPublic: IPSet = IPSet(ranges: [
        "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
        "192.168.0.0/16", "224.0.0.0/3",
    ].compactMap { CIDRBlock($0) }.map { $0.first.value...$0.last.value })

    /// The public internet: every address not in `nonPublic`.
    package static let publicInternet = IPSet.all.subtracting(nonPublic)
}
