import YAML

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
        // Read in place, a table lookup a byte: every label of every object is checked (KF3024).
        var key = key
        return key.withUTF8 { bytes in
            guard let slash = bytes.firstIndex(of: UInt8(ascii: "/")) else { return isName(bytes[...]) }
            return isSubdomain(bytes[..<slash]) && isName(bytes[(slash + 1)...])
        }
    }

    /// Whether the API server accepts `value` as a label value.
    package static func isValidValue(_ value: String) -> Bool {
        var value = value
        return value.withUTF8 { bytes in bytes.isEmpty || isName(bytes[...]) }
    }

    /// What a label key must be, as findings say it.
    package static let expectedKey =
        "a label key: letters, digits, '-', '_' or '.' (at most 63, beginning and ending with a letter or digit), after an optional DNS prefix and '/'"
    /// What a label value must be, as findings say it.
    package static let expectedValue =
        "a label value: at most 63 letters, digits, '-', '_' or '.', beginning and ending with a letter or digit"
    /// What a label value that is not a string must become.
    package static let expectedString = "a string label value (quote numbers and booleans; write '' for empty)"

    /// The labels at `path` (an object's, a pod template's, a selector's `matchLabels`) the API
    /// server refuses: a key or value that is not label syntax, a value that is not a string
    /// (`null` included: created it reads as "", applied as a removal), labels that are not a
    /// mapping.
    package static func problems(
        labels: YAMLNode?, _ validKeys: inout ValidKeys, at location: () -> [YAMLPathComponent]
    ) -> [RejectedField] {
        guard let labels, !labels.isNull else { return [] }
        guard let m = labels.mapping else {
            return [
                RejectedField(
                    path: location(), value: NetworkPolicyModel.text(labels),
                    expected: "a mapping of label keys to values")
            ]
        }
        var out: [RejectedField] = []
        for (key, value) in m.pairs {
            // The path is built only for a finding: every label of every object passes here.
            var path: [YAMLPathComponent] { location() + [.key(key)] }
            if !validKeys.isValid(key) {
                out.append(
                    RejectedField(
                        path: path, value: NetworkPolicyModel.shown(key),
                        expected: expectedKey))
            }
            if let v = value.string {
                if !LabelSyntax.isValidValue(v) {
                    out.append(
                        RejectedField(
                            path: path, value: NetworkPolicyModel.shown(v),
                            expected: expectedValue))
                }
            } else {
                out.append(
                    RejectedField(
                        path: path, value: NetworkPolicyModel.text(value),
                        expected: expectedString))
            }
        }
        return out
    }

    /// Label keys found valid in one run, by the address of their bytes. kfc's keys are a few
    /// literals, and a parsed file's are shared (the block parser hands out one string per
    /// text), so most keys are known by address after their first check. Only keys of more
    /// than 15 bytes are remembered: shorter ones are held inside the string value and have no
    /// address of their own. The objects, and so their strings, outlive the run: an address
    /// stands for one text while it is remembered.
    ///
    /// The addresses are kept in 64 slots chosen by the address itself, a newer one replacing
    /// an older: a parsed folder hands out many strings of one key, and a list searched whole
    /// for each label cost more than the check it saved.
    package struct ValidKeys {
        private var addresses = [UInt](repeating: 0, count: 64)

        /// No key remembered.
        package init() {}

        /// Whether `key` is a valid label key.
        package mutating func isValid(_ key: String) -> Bool {
            guard key.utf8.count > 15,
                let address = key.utf8.withContiguousStorageIfAvailable({ UInt(bitPattern: $0.baseAddress) })
            else { return isValidKey(key) }
            let slot = Int(truncatingIfNeeded: (address >> 4) & 63)
            if addresses[slot] == address { return true }
            guard isValidKey(key) else { return false }
            addresses[slot] = address
            return true
        }
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
    private static func isName(_ b: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        guard !b.isEmpty, b.count <= 63 else { return false }
        return classes.withUnsafeBufferPointer { table in
            guard table[Int(b[b.startIndex])] & alphanumeric != 0, table[Int(b[b.endIndex - 1])] & alphanumeric != 0
            else { return false }
            for c in b where table[Int(c)] & nameByte == 0 { return false }
            return true
        }
    }

    /// Bits of `classes`.
    private static let alphanumeric: UInt8 = 1, nameByte: UInt8 = 2

    /// Each byte's classes: letters and digits are `alphanumeric`; they, `-`, `_` and `.` are
    /// `nameByte`.
    private static let classes: [UInt8] = (0...255).map { (c: Int) -> UInt8 in
        let b = UInt8(c)
        if isAlphanumeric(b) { return alphanumeric | nameByte }
        return b == UInt8(ascii: "-") || b == UInt8(ascii: "_") || b == UInt8(ascii: ".") ? nameByte : 0
    }

    /// A DNS-1123 subdomain: at most 253 bytes, dot-separated parts of lowercase letters, digits
    /// and `-`, each starting and ending with a letter or digit.
    private static func isSubdomain(_ b: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        guard !b.isEmpty, b.count <= 253 else { return false }
        // Each part: not empty, a letter or digit at both ends, `-` only inside.
        var previous: UInt8 = UInt8(ascii: ".")
        for c in b {
            if c == UInt8(ascii: ".") {
                if !isLowerAlphanumeric(previous) { return false }
            } else if c == UInt8(ascii: "-") {
                if previous == UInt8(ascii: ".") { return false }
            } else if !isLowerAlphanumeric(c) {
                return false
            }
            previous = c
        }
        return isLowerAlphanumeric(previous)
    }

    private static func isAlphanumeric(_ c: UInt8) -> Bool {
        isLowerAlphanumeric(c) || (c >= UInt8(ascii: "A") && c <= UInt8(ascii: "Z"))
    }

    private static func isLowerAlphanumeric(_ c: UInt8) -> Bool {
        (c >= UInt8(ascii: "a") && c <= UInt8(ascii: "z")) || (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9"))
    }
}
