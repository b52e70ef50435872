import KFLang

/// Container image references, as the kubelet takes them.
package enum ImageReference {
    /// Whether no kubelet could pull `s`: it is empty, or holds whitespace or a control
    /// character (KF2039 in a `.kf` file; `kfc build --image` refuses the same).
    package static func isUnpullable(_ s: String) -> Bool {
        if s.isEmpty { return true }
        // In ASCII (every image of 10,000 clients, checked once each) whitespace is U+0009–U+000D
        // and U+0020: one pass over the bytes, no Unicode property lookups.
        if s.isAllASCII { return s.utf8.contains { $0 <= 0x20 || $0 == 0x7F } }
        return holdsWhitespaceOrControl(s)
    }

    /// Whether `s` holds a whitespace scalar (Unicode's White_Space) or a control character.
    static func holdsWhitespaceOrControl(_ s: String) -> Bool {
        s.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F })
    }
}
