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
    private var lineStartChar = 0
    private var lineStartByte = 0

    init(bytes: [UInt8], base: Int = 0) {
        self.bytes = bytes
        self.base = base
        isASCII = bytes.allSatisfy { $0 < 0x80 }
    }

    /// The byte mark of a libyaml mark.
    mutating func mark(_ raw: RawMark) -> YAMLMark {
        if isASCII {
            return YAMLMark(line: raw.line + 1, column: raw.column + 1, offset: raw.index + base)
        }
        let lineStart = raw.index - raw.column
        if lineStart != lineStartChar {
            lineStartChar = lineStart
            lineStartByte = byteOffset(ofCharacter: lineStart)
        }
        let offset = byteOffset(ofCharacter: raw.index)
        return YAMLMark(line: raw.line + 1, column: offset - lineStartByte + 1, offset: offset + base)
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
