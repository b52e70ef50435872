/// What the braces around a position open, read from the raw text so that it works on a
/// half-typed line: a declaration's body (`client[i in 0..<n] {`) or a field's record
/// (`train: {`). Strings, jq literals and comments are skipped.
enum BraceContext {
    /// One open brace.
    enum Frame: Equatable {
        /// The body of a block declaration of this kind.
        case block(String)
        /// The record value of this field.
        case record(String)
    }

    /// The open braces before the end of `bytes`, outermost first.
    static func scan(_ bytes: [UInt8]) -> [Frame] { openBraces(bytes, upTo: bytes.count).map(\.frame) }

    /// The names of the fields written at the top level of the innermost body around `offset`.
    static func writtenFields(_ bytes: [UInt8], around offset: Int) -> [String] {
        guard let open = openBraces(bytes, upTo: min(offset, bytes.count)).last?.at else { return [] }
        var names: [String] = []
        var depth = 0
        var itemStart = true
        var i = open
        while i < bytes.count {
            let b = bytes[i]
            if let skip = skipped(bytes, at: i) {
                i = skip
                continue
            }
            switch b {
            case UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "("):
                depth += 1
                itemStart = depth == 1
            case UInt8(ascii: "}"), UInt8(ascii: "]"), UInt8(ascii: ")"):
                depth -= 1
                if depth == 0 { return names }
            case UInt8(ascii: ","), UInt8(ascii: "\n"):
                if depth == 1 { itemStart = true }
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"): break
            default:
                if itemStart, depth == 1, isIdentifierByte(b) {
                    var j = i
                    while j < bytes.count, isIdentifierByte(bytes[j]) { j += 1 }
                    var k = j
                    while k < bytes.count, bytes[k] == UInt8(ascii: " ") { k += 1 }
                    if k < bytes.count, bytes[k] == UInt8(ascii: ":") {
                        names.append(String(decoding: bytes[i..<j], as: UTF8.self))
                    }
                    i = j
                    itemStart = false
                    continue
                }
                itemStart = false
            }
            i += 1
        }
        return names
    }

    private static func openBraces(_ bytes: [UInt8], upTo end: Int) -> [(frame: Frame, at: Int)] {
        var stack: [(frame: Frame, at: Int)?] = []
        var itemStart = 0
        var i = 0
        while i < end {
            if let skip = skipped(bytes, at: i) {
                i = skip
                continue
            }
            switch bytes[i] {
            case UInt8(ascii: "{"):
                stack.append((frame(String(decoding: bytes[itemStart..<i], as: UTF8.self)), i))
                itemStart = i + 1
            case UInt8(ascii: "}"):
                _ = stack.popLast()
                itemStart = i + 1
            case UInt8(ascii: "\n"), UInt8(ascii: ","):
                itemStart = i + 1
            default: break
            }
            i += 1
        }
        return stack.compactMap { $0 }
    }

    /// `train: ` → a record of `train`; `node edge[i in 0..<n] ` → a `node` body.
    private static func frame(_ item: String) -> Frame {
        let t = item.trimmingCharacters(in: .whitespaces)
        let word = String(t.prefix(while: { $0.isLetter || $0.isNumber || $0 == "_" }))
        if t.hasSuffix(":") { return .record(word) }
        return .block(word)
    }

    /// Where a string, jq literal or comment starting at `i` ends, or nil when none starts there.
    private static func skipped(_ bytes: [UInt8], at i: Int) -> Int? {
        let b = bytes[i]
        if b == UInt8(ascii: "/"), i + 1 < bytes.count, bytes[i + 1] == UInt8(ascii: "/") {
            var j = i
            while j < bytes.count, bytes[j] != UInt8(ascii: "\n") { j += 1 }
            return j
        }
        guard b == UInt8(ascii: "\"") || b == UInt8(ascii: "`") else { return nil }
        var j = i + 1
        while j < bytes.count, bytes[j] != b, bytes[j] != UInt8(ascii: "\n") {
            j += bytes[j] == UInt8(ascii: "\\") ? 2 : 1
        }
        return min(bytes.count, j + 1)
    }

    private static func isIdentifierByte(_ b: UInt8) -> Bool {
        (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x5F
    }
}
