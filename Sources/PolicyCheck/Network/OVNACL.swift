import Compiler

/// A KubeOVN/OVN ACL on a subnet's logical switch, reduced to what reachability needs.
///
/// `match` expressions are read into disjunctive normal form over address, protocol and port
/// atoms (`ip4.src == 10.0.0.0/24`, `ip4.dst != {…}`, `tcp.dst == 8080`, `tcp.dst >= 1000`,
/// `tcp`, `udp`, `ip4`); anything else (`inport`, `$address_set`, `ct.*`) is an *unknown* atom
/// that the evaluator reads in whichever way is conservative for the question asked.
/// The private-subnet rules KubeOVN installs (drop at priority 1000, same subnet and
/// `allowSubnets` at 1001, the node/join subnet at 3000) are synthetic entries of the same form,
/// so user ACLs and private subnets interact by priority as they do in OVN.
package struct OVNACL: Sendable {
    /// `from-lport` (traffic leaving pods of the switch) or `to-lport` (traffic to them).
    package enum Direction: String, Sendable { case fromLport = "from-lport", toLport = "to-lport" }
    /// What a matching ACL does.
    package enum Action: Sendable { case allow, drop, pass }
    /// One condition of a conjunction.
    package enum Atom: Sendable {
        case src(IPSet, negated: Bool)
        case dst(IPSet, negated: Bool)
        case ports(PortSet)
        case unknown
    }

    /// Which traffic the ACL applies to.
    package var direction: Direction
    /// OVN priority (higher wins).
    package var priority: Int
    /// What a match does.
    package var action: Action
    /// Disjunction of conjunctions.
    package var dnf: [[Atom]]
    /// The rule that this entry stands for.
    package var ref: RuleRef

    /// The ports for which the match holds for traffic from `src` to `dst`.
    ///
    /// `assume` decides addresses only partly covered and unknown atoms: `true` reads them as
    /// matching, `false` as not matching.
    package func matchedPorts(src: IPSet, dst: IPSet, assume: Bool) -> PortSet {
        var out = PortSet.none
        for conj in dnf {
            var ports = PortSet.all
            var ok = true
            for a in conj {
                switch a {
                case .src(let s, let neg): ok = ok && Self.holds(src, s, negated: neg, assume: assume)
                case .dst(let s, let neg): ok = ok && Self.holds(dst, s, negated: neg, assume: assume)
                case .ports(let p): ports = ports.intersection(p)
                case .unknown: ok = ok && assume
                }
                if !ok { break }
            }
            if ok { out = out.union(ports) }
        }
        return out
    }

    private static func holds(_ actual: IPSet, _ set: IPSet, negated: Bool, assume: Bool) -> Bool {
        let inside = actual.isSubset(of: set), outside = !actual.overlaps(set)
        if negated { return outside || (!inside && assume) }
        return inside || (!outside && assume)
    }

    /// Past this nesting of parentheses and `!`, a match is not read (it is read as unknown).
    package static let maxNesting = 64
    /// Past this many conjunctions in the normal form, a match is not read (read as unknown).
    package static let maxConjunctions = 4096

    /// Parses an OVN match expression; nil when it cannot be read at all (malformed, nested
    /// deeper than `maxNesting` or wider than `maxConjunctions` in normal form). The caller reads
    /// such a match as one unknown atom, which is conservative for every question.
    package static func parse(_ text: String) -> [[Atom]]? {
        var p = MatchParser(tokens: MatchParser.tokenize(text))
        guard let e = p.parseOr(), p.pos == p.tokens.count, !p.tooComplex else { return nil }
        return e
    }

    /// Whether `text` is nested deeper than `maxNesting` or wider than `maxConjunctions`.
    package static func isTooComplex(_ text: String) -> Bool {
        var p = MatchParser(tokens: MatchParser.tokenize(text))
        _ = p.parseOr()
        return p.tooComplex
    }
}

/// Recursive-descent reader of OVN match expressions into DNF (negation only on atoms).
private struct MatchParser {
    var tokens: [String]
    var pos = 0
    var depth = 0
    /// Set when the expression is nested too deep or its normal form too wide; parsing stops.
    var tooComplex = false

    static func tokenize(_ s: String) -> [String] {
        var out: [String] = []
        var cur = ""
        let chars = Array(s)
        var i = 0
        func flush() { if !cur.isEmpty { out.append(cur); cur = "" } }
        while i < chars.count {
            let c = chars[i]
            let two = i + 1 < chars.count ? String([c, chars[i + 1]]) : ""
            if ["&&", "||", "==", "!=", ">=", "<="].contains(two) { flush(); out.append(two); i += 2; continue }
            if "(){},!<>".contains(c) { flush(); out.append(String(c)); i += 1; continue }
            if c == " " || c == "\t" || c == "\n" { flush(); i += 1; continue }
            cur.append(c)
            i += 1
        }
        flush()
        return out
    }

    var peek: String? { pos < tokens.count ? tokens[pos] : nil }

    mutating func parseOr() -> [[OVNACL.Atom]]? {
        guard var left = parseAnd() else { return nil }
        while peek == "||" {
            pos += 1
            guard let r = parseAnd() else { return nil }
            left += r
            if left.count > OVNACL.maxConjunctions { tooComplex = true; return nil }
        }
        return left
    }

    mutating func parseAnd() -> [[OVNACL.Atom]]? {
        guard var left = parseUnary() else { return nil }
        while peek == "&&" {
            pos += 1
            guard let r = parseUnary() else { return nil }
            var out: [[OVNACL.Atom]] = []
            if left.count * r.count > OVNACL.maxConjunctions { tooComplex = true; return nil }
            for a in left { for b in r { out.append(a + b) } }
            left = out
        }
        return left
    }

    mutating func parseUnary() -> [[OVNACL.Atom]]? {
        guard depth < OVNACL.maxNesting else { tooComplex = true; return nil }
        depth += 1
        defer { depth -= 1 }
        if peek == "!" {
            pos += 1
            // Negating a compound expression would need De Morgan over unknowns; read it as unknown.
            guard parseUnary() != nil else { return nil }
            return [[.unknown]]
        }
        if peek == "(" {
            pos += 1
            let e = parseOr()
            guard peek == ")" else { return nil }
            pos += 1
            return e
        }
        return parseAtom().map { [[$0]] }
    }

    mutating func parseAtom() -> OVNACL.Atom? {
        guard let field = peek else { return nil }
        pos += 1
        let op = peek
        guard let op, ["==", "!=", ">=", "<=", ">", "<"].contains(op) else {
            switch field {
            case "ip", "ip4": return .ports(.all)
            case "tcp": return .ports(.all(.tcp))
            case "udp": return .ports(.all(.udp))
            case "sctp": return .ports(.all(.sctp))
            default: return .unknown
            }
        }
        pos += 1
        var values: [String] = []
        if peek == "{" {
            pos += 1
            while let t = peek, t != "}" { if t != "," { values.append(t) }; pos += 1 }
            guard peek == "}" else { return nil }
            pos += 1
        } else if let t = peek {
            values.append(t)
            pos += 1
        } else {
            return nil
        }
        switch field {
        case "ip4.src", "ip4.dst":
            var set = IPSet.empty
            for v in values {
                guard let s = IPSet(cidrOrAddress: v) else { return .unknown }
                set = set.union(s)
            }
            guard op == "==" || op == "!=" else { return .unknown }
            return field == "ip4.src" ? .src(set, negated: op == "!=") : .dst(set, negated: op == "!=")
        case "tcp.dst", "udp.dst", "sctp.dst":
            let proto: TransportProtocol = field.hasPrefix("tcp") ? .tcp : field.hasPrefix("udp") ? .udp : .sctp
            // A port outside 0...65535 is not one OVN accepts: read it as unknown.
            let nums = values.compactMap { Int($0) }.filter { (0...65535).contains($0) }
            guard nums.count == values.count, let n = nums.first else { return .unknown }
            switch op {
            case "==": return .ports(PortSet(ranges: [proto: nums.map { $0...$0 }]))
            case "!=": return .ports(PortSet.all(proto).subtracting(PortSet(ranges: [proto: nums.map { $0...$0 }])))
            case ">=": return .ports(PortSet(proto, n...65535))
            case ">": return .ports(PortSet(proto, min(n + 1, 65535)...65535))
            case "<=": return .ports(PortSet(proto, 0...n))
            default: return .ports(PortSet(proto, 0...max(0, n - 1)))
            }
        default:
            return .unknown
        }
    }
}
