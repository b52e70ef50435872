/// A transport protocol a NetworkPolicy or ACL can name.
package enum TransportProtocol: String, Hashable, Sendable, CaseIterable, Comparable, Codable {
    case tcp = "TCP", udp = "UDP", sctp = "SCTP"

    package static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// A set of (protocol, port) pairs, as sorted disjoint port intervals per protocol.
///
/// Verdicts of both layers are port sets, so "which ports does A reach on B" is one
/// intersection, and a flow is possible exactly when the intersection is not empty.
/// Stored as three small arrays (no hashing): the proofs build millions of these.
package struct PortSet: Hashable, Sendable, CustomStringConvertible {
    private var tcp: [ClosedRange<Int>]
    private var udp: [ClosedRange<Int>]
    private var sctp: [ClosedRange<Int>]

    /// No port at all.
    package static let none = PortSet(tcp: [], udp: [], sctp: [])
    /// Every port of every protocol.
    package static let all = PortSet(tcp: [0...65535], udp: [0...65535], sctp: [0...65535])

    private init(tcp: [ClosedRange<Int>], udp: [ClosedRange<Int>], sctp: [ClosedRange<Int>]) {
        self.tcp = tcp
        self.udp = udp
        self.sctp = sctp
    }

    /// Creates a set from intervals (sorted and merged here).
    package init(ranges: [TransportProtocol: [ClosedRange<Int>]]) {
        self.init(
            tcp: Self.normalize(ranges[.tcp] ?? []), udp: Self.normalize(ranges[.udp] ?? []),
            sctp: Self.normalize(ranges[.sctp] ?? []))
    }

    /// One port (or a range) of one protocol.
    package init(_ proto: TransportProtocol, _ ports: ClosedRange<Int>) {
        self = .none
        self[proto] = [ports]
    }

    /// Every port of one protocol.
    package static func all(_ proto: TransportProtocol) -> PortSet { PortSet(proto, 0...65535) }

    /// The intervals of one protocol.
    package subscript(_ p: TransportProtocol) -> [ClosedRange<Int>] {
        get {
            switch p {
            case .tcp: return tcp
            case .udp: return udp
            case .sctp: return sctp
            }
        }
        set {
            switch p {
            case .tcp: tcp = newValue
            case .udp: udp = newValue
            case .sctp: sctp = newValue
            }
        }
    }

    private static func normalize(_ rs: [ClosedRange<Int>]) -> [ClosedRange<Int>] {
        if rs.count < 2 { return rs }
        var merged: [ClosedRange<Int>] = []
        for r in rs.sorted(by: { $0.lowerBound < $1.lowerBound }) {
            if let last = merged.last, r.lowerBound <= last.upperBound + 1 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, r.upperBound)
            } else {
                merged.append(r)
            }
        }
        return merged
    }

    /// Whether no port is in the set.
    package var isEmpty: Bool { tcp.isEmpty && udp.isEmpty && sctp.isEmpty }

    /// The union.
    package func union(_ o: PortSet) -> PortSet {
        if o.isEmpty || self == .all { return self }
        if isEmpty || o == .all { return o }
        return PortSet(
            tcp: Self.normalize(tcp + o.tcp), udp: Self.normalize(udp + o.udp), sctp: Self.normalize(sctp + o.sctp))
    }

    /// The intersection.
    package func intersection(_ o: PortSet) -> PortSet {
        if self == .all { return o }
        if o == .all { return self }
        return PortSet(
            tcp: Self.intersect(tcp, o.tcp), udp: Self.intersect(udp, o.udp), sctp: Self.intersect(sctp, o.sctp))
    }

    private static func intersect(_ a: [ClosedRange<Int>], _ b: [ClosedRange<Int>]) -> [ClosedRange<Int>] {
        var out: [ClosedRange<Int>] = []
        var i = 0, j = 0
        while i < a.count, j < b.count {
            let lo = max(a[i].lowerBound, b[j].lowerBound), hi = min(a[i].upperBound, b[j].upperBound)
            if lo <= hi { out.append(lo...hi) }
            if a[i].upperBound < b[j].upperBound { i += 1 } else { j += 1 }
        }
        return out
    }

    /// The ports of `self` not in `o`.
    package func subtracting(_ o: PortSet) -> PortSet {
        if o.isEmpty { return self }
        if o == .all { return .none }
        return PortSet(
            tcp: Self.subtract(tcp, o.tcp), udp: Self.subtract(udp, o.udp), sctp: Self.subtract(sctp, o.sctp))
    }

    private static func subtract(_ a: [ClosedRange<Int>], _ b: [ClosedRange<Int>]) -> [ClosedRange<Int>] {
        var cur = a
        for c in b {
            var next: [ClosedRange<Int>] = []
            for x in cur {
                if c.upperBound < x.lowerBound || c.lowerBound > x.upperBound { next.append(x); continue }
                if c.lowerBound > x.lowerBound { next.append(x.lowerBound...(c.lowerBound - 1)) }
                if c.upperBound < x.upperBound { next.append((c.upperBound + 1)...x.upperBound) }
            }
            cur = next
        }
        return cur
    }

    /// Whether `(proto, port)` is in the set.
    package func contains(_ proto: TransportProtocol, _ port: Int) -> Bool {
        self[proto].contains { $0.contains(port) }
    }

    /// `all ports`, or `TCP:8080,UDP:53,TCP:1000-2000` (protocols sorted).
    package var description: String {
        if self == .all { return "all ports" }
        if isEmpty { return "no port" }
        var parts: [String] = []
        for p in TransportProtocol.allCases {
            for r in self[p] {
                if r == 0...65535 {
                    parts.append("\(p.rawValue):any")
                } else {
                    parts.append(
                        r.lowerBound == r.upperBound
                            ? "\(p.rawValue):\(r.lowerBound)" : "\(p.rawValue):\(r.lowerBound)-\(r.upperBound)")
                }
            }
        }
        return parts.joined(separator: ",")
    }
}
