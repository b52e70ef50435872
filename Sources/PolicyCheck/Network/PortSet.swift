/// A transport protocol a NetworkPolicy or ACL can name.
package enum TransportProtocol: String, Hashable, Sendable, CaseIterable, Comparable, Codable {
    case tcp = "TCP", udp = "UDP", sctp = "SCTP"

    package static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// A set of (protocol, port) pairs, as sorted disjoint port intervals per protocol.
///
/// Verdicts of both layers are port sets, so "which ports does A reach on B" is one
/// intersection, and a flow is possible exactly when the intersection is not empty.
package struct PortSet: Hashable, Sendable, CustomStringConvertible {
    /// Intervals per protocol (absent or empty: no port of that protocol).
    package private(set) var ranges: [TransportProtocol: [ClosedRange<Int>]]

    /// No port at all.
    package static let none = PortSet(ranges: [:])
    /// Every port of every protocol.
    package static let all = PortSet(ranges: Dictionary(uniqueKeysWithValues: TransportProtocol.allCases.map { ($0, [0...65535]) }))

    /// Creates a set from intervals (sorted and merged here).
    package init(ranges: [TransportProtocol: [ClosedRange<Int>]]) {
        var out: [TransportProtocol: [ClosedRange<Int>]] = [:]
        for (p, rs) in ranges {
            var merged: [ClosedRange<Int>] = []
            for r in rs.sorted(by: { $0.lowerBound < $1.lowerBound }) {
                if let last = merged.last, r.lowerBound <= last.upperBound + 1 {
                    merged[merged.count - 1] = last.lowerBound...max(last.upperBound, r.upperBound)
                } else {
                    merged.append(r)
                }
            }
            if !merged.isEmpty { out[p] = merged }
        }
        self.ranges = out
    }

    /// One port (or a range) of one protocol.
    package init(_ proto: TransportProtocol, _ ports: ClosedRange<Int>) { self.init(ranges: [proto: [ports]]) }

    /// Every port of one protocol.
    package static func all(_ proto: TransportProtocol) -> PortSet { PortSet(proto, 0...65535) }

    /// Whether no port is in the set.
    package var isEmpty: Bool { ranges.values.allSatisfy(\.isEmpty) }

    /// The union.
    package func union(_ o: PortSet) -> PortSet {
        var r = ranges
        for (p, rs) in o.ranges { r[p, default: []] += rs }
        return PortSet(ranges: r)
    }

    /// The intersection.
    package func intersection(_ o: PortSet) -> PortSet {
        var r: [TransportProtocol: [ClosedRange<Int>]] = [:]
        for (p, a) in ranges {
            guard let b = o.ranges[p] else { continue }
            var out: [ClosedRange<Int>] = []
            var i = 0, j = 0
            while i < a.count, j < b.count {
                let lo = max(a[i].lowerBound, b[j].lowerBound), hi = min(a[i].upperBound, b[j].upperBound)
                if lo <= hi { out.append(lo...hi) }
                if a[i].upperBound < b[j].upperBound { i += 1 } else { j += 1 }
            }
            r[p] = out
        }
        return PortSet(ranges: r)
    }

    /// The ports of `self` not in `o`.
    package func subtracting(_ o: PortSet) -> PortSet {
        var r: [TransportProtocol: [ClosedRange<Int>]] = [:]
        for (p, a) in ranges {
            var cur = a
            for c in o.ranges[p] ?? [] {
                var next: [ClosedRange<Int>] = []
                for x in cur {
                    if c.upperBound < x.lowerBound || c.lowerBound > x.upperBound { next.append(x); continue }
                    if c.lowerBound > x.lowerBound { next.append(x.lowerBound...(c.lowerBound - 1)) }
                    if c.upperBound < x.upperBound { next.append((c.upperBound + 1)...x.upperBound) }
                }
                cur = next
            }
            r[p] = cur
        }
        return PortSet(ranges: r)
    }

    /// Whether `(proto, port)` is in the set.
    package func contains(_ proto: TransportProtocol, _ port: Int) -> Bool {
        (ranges[proto] ?? []).contains { $0.contains(port) }
    }

    /// `all`, or `TCP:8080,UDP:53,TCP:1000-2000` (protocols sorted).
    package var description: String {
        if self == .all { return "all ports" }
        if isEmpty { return "no port" }
        var parts: [String] = []
        for p in TransportProtocol.allCases {
            for r in ranges[p] ?? [] {
                if r == 0...65535 { parts.append("\(p.rawValue):any") }
                else { parts.append(r.lowerBound == r.upperBound ? "\(p.rawValue):\(r.lowerBound)" : "\(p.rawValue):\(r.lowerBound)-\(r.upperBound)") }
            }
        }
        return parts.joined(separator: ",")
    }
}
