/// Maps declaration names to Kubernetes DNS-1123 labels.
package enum KubeName {
    /// Lowercases, turns `_`, `.`, `[` and other separators into `-`, drops `]`, and collapses
    /// and trims dashes: `digits_fl.client[3]` → `digits-fl-client-3`.
    static func label(_ parts: String...) -> String { label(parts.joined(separator: "-")) }

    /// See `label(_:)`.
    package static func label(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        var lastDash = true
        for ch in s.lowercased().unicodeScalars {
            if ch == "]" { continue }
            if ("a"..."z").contains(ch) || ("0"..."9").contains(ch) {
                out.unicodeScalars.append(ch)
                lastDash = false
            } else if !lastDash {
                out.append("-")
                lastDash = true
            }
        }
        while out.last == "-" { out.removeLast() }
        return out
    }

    /// Whether `s` is a valid DNS-1123 label.
    static func isValid(_ s: String) -> Bool {
        guard !s.isEmpty, s.utf8.count <= 63 else { return false }
        let u = Array(s.utf8)
        func alnum(_ b: UInt8) -> Bool { (b >= 97 && b <= 122) || (b >= 48 && b <= 57) }
        return alnum(u.first!) && alnum(u.last!) && u.allSatisfy { alnum($0) || $0 == 45 }
    }
}
