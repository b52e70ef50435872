extension String {
    /// The range of the last non-empty component between `separator`s (an ASCII byte), as
    /// `split(separator:).last` finds it; nil when there is none. ASCII text is read by bytes
    /// (where a byte is a character, so the two readings agree), other text by characters.
    package func lastComponentRange(separatedBy separator: UInt8) -> Range<Index>? {
        if utf8.allSatisfy({ $0 < 0x80 }) { return Self.lastComponent(utf8, separator) }
        return Self.lastComponent(self, Character(Unicode.Scalar(separator)))
    }

    private static func lastComponent<V: BidirectionalCollection>(_ v: V, _ separator: V.Element) -> Range<Index>?
    where V.Index == Index, V.Element: Equatable {
        var end = v.endIndex
        while end > v.startIndex, v[v.index(before: end)] == separator { end = v.index(before: end) }
        guard end > v.startIndex else { return nil }
        let start = v[..<end].lastIndex(of: separator).map { v.index(after: $0) } ?? v.startIndex
        return start..<end
    }
}
