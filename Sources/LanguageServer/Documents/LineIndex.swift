import KFLang

/// How the client counts characters in a `Position`: UTF-16 code units (LSP's default) or
/// UTF-8 bytes (kfc's own columns), as negotiated in `initialize`.
package enum PositionEncoding: String, Sendable {
    case utf8 = "utf-8"
    case utf16 = "utf-16"
}

/// Converts between byte offsets in a text and LSP positions.
package struct LineIndex: Sendable {
    /// The text's bytes.
    package let bytes: [UInt8]
    /// Byte offset of the first byte of each line.
    package let lineStarts: [Int]
    /// How positions count characters.
    package let encoding: PositionEncoding

    /// Indexes `bytes`.
    package init(bytes: [UInt8], encoding: PositionEncoding) {
        self.bytes = bytes
        self.encoding = encoding
        var starts = [0]
        for (i, b) in bytes.enumerated() where b == 0x0A { starts.append(i + 1) }
        self.lineStarts = starts
    }

    /// Indexes a loaded source file with the line table it has already.
    package init(file: SourceFile, encoding: PositionEncoding) {
        self.bytes = file.bytes
        self.lineStarts = file.lineStarts
        self.encoding = encoding
    }

    /// The byte offset where line `line` ends (before its `\n`, or `\r\n`).
    private func lineEnd(_ line: Int) -> Int {
        var end = line + 1 < lineStarts.count ? lineStarts[line + 1] - 1 : bytes.count
        if end > lineStarts[line], bytes[end - 1] == 0x0D { end -= 1 }
        return end
    }

    /// The byte offset of `p`, or nil when the line is past the end of the text or the
    /// character past the end of its line (or inside a character's encoding).
    package func offset(of p: Position) -> Int? {
        guard p.line >= 0, p.line < lineStarts.count, p.character >= 0 else { return nil }
        let start = lineStarts[p.line]
        let end = lineEnd(p.line)
        var i = start
        var units = 0
        while units < p.character {
            guard i < end else { return nil }
            let n = Self.sequenceLength(bytes[i])
            units += encoding == .utf8 ? n : (n == 4 ? 2 : 1)
            i = min(end, i + n)
        }
        return units == p.character ? i : nil
    }

    /// The offset of `p`, clamped into the text (for edits that name a place just past the end).
    package func clampedOffset(of p: Position) -> Int {
        if let o = offset(of: p) { return o }
        if p.line < 0 { return 0 }
        if p.line >= lineStarts.count { return bytes.count }
        if p.character <= 0 { return lineStarts[p.line] }
        return lineEnd(p.line)
    }

    /// The position of byte offset `offset` (clamped into the text).
    package func position(of offset: Int) -> Position {
        let o = max(0, min(offset, bytes.count))
        var lo = 0
        var hi = lineStarts.count - 1
        while lo < hi {
            let mid = (lo + hi + 1) / 2
            if lineStarts[mid] <= o { lo = mid } else { hi = mid - 1 }
        }
        var i = lineStarts[lo]
        var units = 0
        while i < o {
            let n = Self.sequenceLength(bytes[i])
            units += encoding == .utf8 ? min(n, o - i) : (n == 4 ? 2 : 1)
            i += n
        }
        return Position(line: lo, character: units)
    }

    /// The range of byte offsets `range`.
    package func range(of range: Swift.Range<Int>) -> LSP.Range {
        LSP.Range(start: position(of: range.lowerBound), end: position(of: range.upperBound))
    }

    /// Bytes in the UTF-8 sequence a lead byte starts (1 for a stray continuation byte).
    private static func sequenceLength(_ b: UInt8) -> Int {
        switch b {
        case 0xF0...0xF7: 4
        case 0xE0...0xEF: 3
        case 0xC0...0xDF: 2
        default: 1
        }
    }
}

package typealias Position = LSP.Position
