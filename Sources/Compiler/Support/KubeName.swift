import KFLang

/// Maps declaration names to Kubernetes DNS-1123 labels.
package enum KubeName {
    /// Lowercases, turns `_`, `.`, `[` and other separators into `-`, drops `]`, and collapses
    /// and trims dashes: `digits_fl.client[3]` → `digits-fl-client-3`.
    static func label(_ parts: String...) -> String { label(parts.joined(separator: "-")) }

    /// See `label(_:)`.
    package static func label(_ s: String) -> String {
        // Declaration names are ASCII: byte by byte, without lowercasing a copy first.
        if s.isAllASCII { return asciiLabel(s) }
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

    /// `label(_:)` of an ASCII string (the same bytes as the general path).
    private static func asciiLabel(_ s: String) -> String {
        String(unsafeUninitializedCapacity: s.utf8.count) { buffer in
            var n = 0
            var lastDash = true
            for byte in s.utf8 {
                let b = byte >= 65 && byte <= 90 ? byte + 32 : byte
                if b == 93 { continue }  // ']'
                if (b >= 97 && b <= 122) || (b >= 48 && b <= 57) {
                    buffer[n] = b
                    n += 1
                    lastDash = false
                } else if !lastDash {
                    buffer[n] = 45  // '-'
                    n += 1
                    lastDash = true
                }
            }
            while n > 0, buffer[n - 1] == 45 { n -= 1 }
            return n
        }
    }

    /// Whether `s` is a valid DNS-1123 label.
    static func isValid(_ s: String) -> Bool {
        guard !s.isEmpty, s.utf8.count <= 63 else { return false }
        let u = s.utf8
        func alnum(_ b: UInt8) -> Bool { (b >= 97 && b <= 122) || (b >= 48 && b <= 57) }
        return alnum(u.first!) && alnum(u.last!) && u.allSatisfy { alnum($0) || $0 == 45 }
    }

    /// Why `key: value` is not a valid Kubernetes label (or taint), nil when it is: an optional
    /// DNS-subdomain prefix and `/`, a name of at most 63 characters, alphanumeric at both
    /// ends with `-`, `_` and `.` inside; the value the same shape, or empty.
    static func labelProblem(key: String, value: String) -> String? {
        let parts = key.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2 else { return "the key has more than one '/'" }
        if parts.count == 2, !isSubdomain(String(parts[0])) {
            return "the key's prefix '\(parts[0])' is not a DNS subdomain"
        }
        guard let name = parts.last, isQualifiedPart(String(name)) else {
            return
                "the key must be at most 63 letters, digits, '-', '_' or '.', beginning and ending with a letter or digit"
        }
        if !value.isEmpty, !isQualifiedPart(value) {
            return
                "the value must be empty or at most 63 letters, digits, '-', '_' or '.', beginning and ending with a letter or digit"
        }
        return nil
    }

    /// Why `name` is not an extended resource name, nil when it is: `domain/name`, outside the
    /// `kubernetes.io` domain, e.g. `nvidia.com/gpu`.
    static func extendedResourceProblem(_ name: String) -> String? {
        let parts = name.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, isSubdomain(String(parts[0])), isQualifiedPart(String(parts[1])) else {
            return "an extended resource is named 'domain/name', like 'nvidia.com/gpu'"
        }
        if parts[0] == "kubernetes.io" || parts[0].hasSuffix(".kubernetes.io") {
            return "the kubernetes.io domain is reserved for Kubernetes' own resources"
        }
        return nil
    }

    /// A DNS-1123 subdomain: dot-separated labels, at most 253 characters.
    static func isSubdomain(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.count <= 253
            && s.split(separator: ".", omittingEmptySubsequences: false).allSatisfy {
                isValid(String($0))
            }
    }

    /// The name part of a qualified name (labels, annotations, extended resources).
    static func isQualifiedPart(_ s: String) -> Bool {
        guard !s.isEmpty, s.utf8.count <= 63 else { return false }
        let u = Array(s.utf8)
        func alnum(_ b: UInt8) -> Bool { (b >= 97 && b <= 122) || (b >= 65 && b <= 90) || (b >= 48 && b <= 57) }
        return alnum(u.first!) && alnum(u.last!) && u.allSatisfy { alnum($0) || $0 == 45 || $0 == 95 || $0 == 46 }
    }
}
