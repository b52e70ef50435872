/// Container image references, as the kubelet takes them.
package enum ImageReference {
    /// Whether no kubelet could pull `s`: it is empty, or holds whitespace or a control
    /// character (KF2039 in a `.kf` file; `kfc build --image` refuses the same).
    package static func isUnpullable(_ s: String) -> Bool {
        s.isEmpty
            || s.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F })
    }
}
