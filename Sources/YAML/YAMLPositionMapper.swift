/// Converts libyaml's character-counted marks into byte marks of the input.
///
/// libyaml counts `index` and `column` in characters. Events arrive in text order, so a cursor
/// that walks forward (and occasionally back) over the UTF-8 bytes costs O(input) overall; the
/// start of the current line is cached so long lines are not rescanned. Pure-ASCII input maps
/// directly. `base` is added to every offset (the length of a byte-order mark the parser was
/// not shown), and columns do not count it.
struct YAMLPositionMapper {
    private let bytes: [UInt8]
    private let base: Int
    private let isASCII: Bool
    private var cursorChar = 0
    private var cursorByte = 0
    /// The line cursor: a byte offset, its 1-based line and where that line starts.
    private var lineCursor = 0
    private var lineNumber = 1
    private var lineStartByte = 0

    init(bytes: [UInt8], base: Int = 0) {
        self.bytes = bytes
        self.base = base
        isASCII = bytes.allSatisfy { $0 < 0x80 }
    }

    /// The byte mark of a libyaml mark.
    ///
    /// Lines and columns are counted from the bytes, with only `\n` ending a line, as
    /// `SourceFile` counts them: libyaml also breaks lines at a lone CR, NEL, U+2028 and U+2029,
    /// and its line numbers would point past the file's last line.
    mutating func mark(_ raw: RawMark) -> YAMLMark {
        let offset = isASCII ? min(max(raw.index, 0), bytes.count) : byteOffset(ofCharacter: raw.index)
        let (line, lineStart) = lineAndStart(ofByte: offset)
        return YAMLMark(line: line, column: offset - lineStart + 1, offset: offset + base)
    }

    /// The 1-based line of `offset` and the offset where that line starts, moving a cursor
    /// (events arrive in text order, so this is O(input) overall).
    private mutating func lineAndStart(ofByte offset: Int) -> (Int, Int) {
        while offset < lineStartByte {
            // Back to the previous line: its end is the '\n' just before the current line.
            lineNumber -= 1
            var s = lineStartByte - 1
            while s > 0, bytes[s - 1] != UInt8(ascii: "\n") { s -= 1 }
            lineStartByte = s
            lineCursor = s
        }
        if offset < lineCursor { lineCursor = lineStartByte }
        while lineCursor < offset {
            if bytes[lineCursor] == UInt8(ascii: "\n") {
                lineNumber += 1
                lineStartByte = lineCursor + 1
            }
            lineCursor += 1
        }
        return (lineNumber, lineStartByte)
    }

    /// The mark of a byte offset (for libyaml's reader errors, which report bytes).
    func mark(byteOffset: Int) -> YAMLMark {
        let offset = min(max(byteOffset, 0), bytes.count)
        var line = 1
        var lineStart = 0
        for i in 0..<offset where bytes[i] == UInt8(ascii: "\n") {
            line += 1
            lineStart = i + 1
        }
        return YAMLMark(line: line, column: offset - lineStart + 1, offset: offset + base)
    }

    private mutating func byteOffset(ofCharacter index: Int) -> Int {
        while cursorChar < index, cursorByte < bytes.count {
            cursorByte += Self.width(bytes[cursorByte])
            cursorChar += 1
        }
        while cursorChar > index, cursorByte > 0 {
            cursorByte -= 1
            while cursorByte > 0, bytes[cursorByte] & 0xC0 == 0x80 { cursorByte -= 1 }
            cursorChar -= 1
        }
        return min(cursorByte, bytes.count)
    }

    private static func width(_ lead: UInt8) -> Int {
        switch lead {
        case ..<0xC0: return 1
        case ..<0xE0: return 2
        case ..<0xF0: return 3
        default: return 4
        }
    }
}
