/// Kubernetes' syntax of label keys and values (and of port names), which the API server
/// enforces on every selector and label: ASCII only, so two are the same exactly when their
/// bytes are.
///
/// A key is an optional prefix (a DNS subdomain of at most 253 characters: lowercase letters,
/// digits, `-` and `.`, each part starting and ending with a letter or digit) and `/`, then a
/// name of 1–63 letters, digits, `-`, `_` and `.` that starts and ends with a letter or digit.
/// A value is empty or such a name.
package enum LabelSyntax {
    /// Whether the API server accepts `key` as a label key.
    package static func isValidKey(_ key: String) -> Bool {
        let bytes = Array(key.utf8)
        guard let slash = bytes.firstIndex(of: UInt8(ascii: "/")) else { return isName(bytes[...]) }
        return isSubdomain(bytes[..<slash]) && isName(bytes[(slash + 1)...])
    }

    /// Whether the API server accepts `value` as a label value.
    package static func isValidValue(_ value: String) -> Bool {
        let bytes = Array(value.utf8)
        return bytes.isEmpty || isName(bytes[...])
    }

    /// Whether the API server accepts `name` as a port name (an IANA service name): 1–15
    /// lowercase letters, digits and `-`, at least one letter, no `-` at either end and no `--`.
    package static func isPortName(_ name: String) -> Bool {
        let b = Array(name.utf8)
        guard !b.isEmpty, b.count <= 15, b.first != UInt8(ascii: "-"), b.last != UInt8(ascii: "-") else {
            return false
        }
        let dash = UInt8(ascii: "-")
        guard b.allSatisfy({ isLowerAlphanumeric($0) || $0 == dash }),
            b.contains(where: { $0 >= UInt8(ascii: "a") && $0 <= UInt8(ascii: "z") })
        else { return false }
        return !zip(b, b.dropFirst()).contains { $0 == dash && $1 == dash }
    }

    /// 1–63 of `[A-Za-z0-9_.-]`, beginning and ending with a letter or digit.
    private static func isName(_ b: ArraySlice<UInt8>) -> Bool {
        guard !b.isEmpty, b.count <= 63, let first = b.first, let last = b.last, isAlphanumeric(first),
            isAlphanumeric(last)
        else { return false }
        return b.allSatisfy {
            isAlphanumeric($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: ".")
        }
    }

    /// A DNS-1123 subdomain: at most 253 bytes, dot-separated parts of lowercase letters, digits
    /// and `-`, each starting and ending with a letter or digit.
    private static func isSubdomain(_ b: ArraySlice<UInt8>) -> Bool {
        guard !b.isEmpty, b.count <= 253 else { return false }
        return b.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false).allSatisfy { part in
            guard let first = part.first, let last = part.last, isLowerAlphanumeric(first), isLowerAlphanumeric(last)
            else { return false }
            return part.allSatisfy { isLowerAlphanumeric($0) || $0 == UInt8(ascii: "-") }
        }
    }

    private static func isAlphanumeric(_ c: UInt8) -> Bool {
        isLowerAlphanumeric(c) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
    }

    private static func isLowerAlphanumeric(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9"))
    }
}
