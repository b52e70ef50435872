extension String {
    /// The range of the last non-empty component between `separator`s (an ASCII byte), as
    /// `split(separator:).last` finds it; nil when there is none. ASCII text is read by bytes
    /// (where a byte is a character, so the two readings agree), other text by characters.
    package func lastComponentRange(separatedBy separator: UInt8) -> Range<Index>? {
        if let found = withASCIIBytes({ b -> Range<Int>? in
            var end = b.count
            while end > 0, b[end - 1] == separator { end -= 1 }
            guard end > 0 else { return nil }
            var start = end
            while start > 0, b[start - 1] != separator { start -= 1 }
            return start..<end
        }) {
            return found.map { utf8Index($0.lowerBound)..<utf8Index($0.upperBound) }
        }
        return Self.lastComponent(self, Character(Unicode.Scalar(separator)))
    }

    /// The index of the last `byte` (an ASCII byte) in ASCII text, read by bytes; by characters
    /// (`lastIndex(of:)`) in other text.
    package func lastIndex(ofASCII byte: UInt8) -> Index? {
        if let found = withASCIIBytes({ b -> Int? in b.lastIndex(of: byte) }) { return found.map(utf8Index) }
        return lastIndex(of: Character(Unicode.Scalar(byte)))
    }

    /// The index of the first `byte` (an ASCII byte) in ASCII text, read by bytes; by characters
    /// (`firstIndex(of:)`) in other text.
    package func firstIndex(ofASCII byte: UInt8) -> Index? {
        if let found = withASCIIBytes({ b -> Int? in b.firstIndex(of: byte) }) { return found.map(utf8Index) }
        return firstIndex(of: Character(Unicode.Scalar(byte)))
    }

    /// `body` of the UTF-8 bytes when they are all ASCII and stored contiguously (nil
    /// otherwise): a scan of a buffer, where the generic walk of `utf8` checks every index.
    private func withASCIIBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) -> R? {
        let result = utf8.withContiguousStorageIfAvailable { b -> R? in
            Self.allASCII(b) ? body(b) : nil
        }
        return result ?? nil
    }

    /// The index `offset` UTF-8 bytes from the start.
    private func utf8Index(_ offset: Int) -> Index { utf8.index(utf8.startIndex, offsetBy: offset) }

    private static func lastComponent<V: BidirectionalCollection>(_ v: V, _ separator: V.Element) -> Range<Index>?
    where V.Index == Index, V.Element: Equatable {
        var end = v.endIndex
        while end > v.startIndex, v[v.index(before: end)] == separator { end = v.index(before: end) }
        guard end > v.startIndex else { return nil }
        let start = v[..<end].lastIndex(of: separator).map { v.index(after: $0) } ?? v.startIndex
        return start..<end
    }
}

extension String {
    /// Whether every UTF-8 byte is ASCII: one pass over the contiguous bytes (the generic
    /// walk of `utf8` checks every index).
    package var isAllASCII: Bool {
        utf8.withContiguousStorageIfAvailable(Self.allASCII) ?? utf8.allSatisfy { $0 < 0x80 }
    }

    /// Whether the UTF-8 bytes hold `byte`, found in the contiguous bytes.
    package func containsByte(_ byte: UInt8) -> Bool {
        utf8.withContiguousStorageIfAvailable { $0.contains(byte) } ?? utf8.contains(byte)
    }

    /// Whether every byte of `b` is ASCII.
    static func allASCII(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var high: UInt8 = 0
        for c in b { high |= c }
        return high < 0x80
    }
}

extension Substring {
    /// Whether every UTF-8 byte is ASCII (`String.isAllASCII`).
    package var isAllASCII: Bool {
        utf8.withContiguousStorageIfAvailable(String.allASCII) ?? utf8.allSatisfy { $0 < 0x80 }
    }

    /// Whether the UTF-8 bytes hold `byte` (`String.containsByte`).
    package func containsByte(_ byte: UInt8) -> Bool {
        utf8.withContiguousStorageIfAvailable { $0.contains(byte) } ?? utf8.contains(byte)
    }
}
