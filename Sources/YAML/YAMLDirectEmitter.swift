/// Writes whole ``YAMLNode`` documents straight into a byte buffer, byte for byte as libyaml's
/// emitter writes the same events with ``YAMLWriter``'s settings (block style, UTF-8, LF, no
/// folding, no tags or anchors).
///
/// libyaml costs an allocation and a copy per event and per scalar; `kfc build` writes millions
/// of scalars. This type replays the parts of libyaml 0.2.5's emitter that those events reach —
/// its state (column, whitespace, indention, indent stack, open-endedness), its
/// scalar analysis and style selection, and its plain, quoted, literal and folded writers — in
/// the same order, so the bytes are the same. It covers every ASCII string but NUL; a document
/// with any other scalar is refused (``write(_:first:explicitStart:)`` returns false and takes
/// back what it wrote) and ``YAMLWriter`` hands it to libyaml. Tests compare both on every
/// example's output, on tricky strings in every style and on random trees.
struct YAMLDirectEmitter {
    /// The bytes written so far.
    private let bytes = GrowableBuffer<UInt8>(capacity: 4096)

    /// How many bytes are written and not taken.
    var outputCount: Int { bytes.count }

    /// Takes the bytes written so far.
    mutating func takeOutput() -> [UInt8] { bytes.takeAll() }

    /// Appends bytes written elsewhere (by libyaml).
    mutating func appendOutput(_ other: [UInt8]) {
        other.withUnsafeBufferPointer { bytes.append(contentsOf: $0) }
    }

    /// libyaml's `open_ended`: 2 after a `|+`/`>+` block scalar, until the next document.
    private(set) var openEnded = 0

    private let bestIndent: Int
    private var column = 0
    private var whitespace = true
    private var indention = true
    private var indent = -1
    private var indents: [Int] = []
    /// Collections written before.
    private let subtrees = Subtrees()

    /// An emitter whose nesting step is `indent` spaces (libyaml accepts 2…9; others give 2).
    init(indent: Int) {
        bestIndent = (2...9).contains(indent) ? indent : 2
    }

    /// Whether every scalar of `node` is one this emitter writes (ASCII without NUL).
    static func covers(_ node: YAMLNode) -> Bool {
        switch node {
        case .string(let s, _): return coversText(s)
        case .int, .double, .bool, .null: return true
        case .sequence(let items): return items.allSatisfy(covers)
        case .mapping(let m): return m.pairs.allSatisfy { coversText($0.0) && covers($0.1) }
        }
    }

    private static func coversText(_ s: String) -> Bool {
        s.utf8.allSatisfy { $0 != 0 && $0 < 0x80 }
    }

    /// Writes `node` as a document: `---` first unless it is the stream's `first` and not
    /// `explicitStart`. Returns false, leaving the output as it was, when a scalar is not one
    /// this emitter writes (see ``covers(_:)``).
    mutating func write(_ node: YAMLNode, first: Bool, explicitStart: Bool) -> Bool {
        // Between documents libyaml is at column 0 after a line break, indent -1.
        let start = bytes.count
        let openEndedBefore = openEnded
        if !first || explicitStart {
            writeIndent()
            writeIndicator("---", needWhitespace: true, isWhitespace: false, isIndention: false)
        }
        openEnded = 0
        guard emitNode(node, mapping: false, simpleKey: false) else {
            bytes.removeLast(from: start)
            openEnded = openEndedBefore
            column = 0
            whitespace = true
            indention = true
            indent = -1
            indents.removeAll(keepingCapacity: true)
            return false
        }
        // Document end (implicit).
        writeIndent()
        if openEnded == 0 { openEnded = 1 }
        return true
    }

    /// Ends the stream: libyaml writes `...` when the last document left a block scalar open.
    mutating func finishStream() {
        if openEnded == 2 {
            writeIndicator("...", needWhitespace: true, isWhitespace: false, isIndention: false)
            openEnded = 0
            writeIndent()
        }
    }

    /// Records that a document was written by another emitter (libyaml), which leaves the
    /// same column state behind and resets `open_ended` at its start.
    mutating func documentWrittenElsewhere() { openEnded = 0 }

    // MARK: - Nodes

    /// Emits `node`; false when a scalar is not one this emitter writes. `mapping`: a
    /// mapping's value (libyaml's `mapping_context`), which makes a sequence indentless.
    private mutating func emitNode(_ node: YAMLNode, mapping: Bool, simpleKey: Bool) -> Bool {
        switch node {
        case .string(let s, let style):
            return Self.withUTF8(s) { text in
                let a = ScalarAnalysis(text)
                if a.unsupported { return false }
                emitScalar(text, a, requested: style, simpleKey: simpleKey)
                return true
            }
        case .int(let i): emitPlain(String(i))
        case .double(let d): emitPlain(YAMLWriter.format(d))
        case .bool(let b): emitPlain(b ? "true" : "false")
        case .null: emitPlain("null")
        case .sequence(let items):
            if items.isEmpty {
                emitEmptyFlow("[", "]")
                return true
            }
            return emitShared(
                node, at: items.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }, mapping: mapping)
        case .mapping(let m):
            if m.pairs.isEmpty {
                emitEmptyFlow("{", "}")
                return true
            }
            return emitShared(
                node, at: m.pairs.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }, mapping: mapping)
        }
        return true
    }

    /// Emits the non-empty collection `node`, whose storage is at `address`: copied when it
    /// was recorded in this state, recorded when met in it the second time (``Subtrees``).
    private mutating func emitShared(_ node: YAMLNode, at address: UInt, mapping: Bool) -> Bool {
        guard
            let key = Subtrees.key(
                address, column: column, indent: indent, whitespace: whitespace, indention: indention, mapping: mapping)
        else { return emitCollection(node, mapping: mapping) }
        if let e = subtrees.entry(key) {
            subtrees.withBytes(of: e) { putASCII($0) }
            column = e.column
            whitespace = e.whitespace
            indention = e.indention
            if e.openEnded >= 0 { openEnded = e.openEnded }
            return true
        }
        guard subtrees.secondSighting(key) else { return emitCollection(node, mapping: mapping) }
        let start = bytes.count
        let openEndedBefore = openEnded
        // A block scalar inside sets the open end; the mark shows whether one did.
        openEnded = -1
        let ok = emitCollection(node, mapping: mapping)
        let end = openEnded
        if end == -1 { openEnded = openEndedBefore }
        if ok {
            bytes.withBuffer { all in
                subtrees.record(
                    key, owner: node, bytes: UnsafeBufferPointer(rebasing: all[start...]), column: column,
                    whitespace: whitespace, indention: indention, openEnded: end)
            }
        }
        return ok
    }

    /// Emits the non-empty collection `node` item by item.
    private mutating func emitCollection(_ node: YAMLNode, mapping: Bool) -> Bool {
        switch node {
        case .sequence(let items):
            increaseIndent(flow: false, indentless: mapping && !indention)
            for item in items {
                writeIndent()
                writeIndicator("-", needWhitespace: true, isWhitespace: false, isIndention: true)
                guard emitNode(item, mapping: false, simpleKey: false) else { return false }
            }
            indent = indents.removeLast()
        case .mapping(let m):
            increaseIndent(flow: false, indentless: false)
            let ok = m.pairs.withUnsafeBufferPointer { pairs in
                for i in pairs.indices {
                    writeIndent()
                    guard emitKey(pairs[i].0), emitNode(pairs[i].1, mapping: true, simpleKey: false) else {
                        return false
                    }
                }
                return true
            }
            guard ok else { return false }
            indent = indents.removeLast()
        default:
            return emitNode(node, mapping: mapping, simpleKey: false)
        }
        return true
    }

    /// A block mapping's key and its `:`: simple (`key:`) when it is one line of at most 128
    /// bytes (libyaml's `check_simple_key`), else explicit (`? key` then `:` on its own line).
    private mutating func emitKey(_ key: String) -> Bool {
        Self.withUTF8(key) { text in
            let a = ScalarAnalysis(text)
            if a.unsupported { return false }
            if !a.multiline && text.count <= 128 {
                emitScalar(text, a, requested: nil, simpleKey: true)
                writeIndicator(":", needWhitespace: false, isWhitespace: false, isIndention: false)
            } else {
                writeIndicator("?", needWhitespace: true, isWhitespace: false, isIndention: true)
                emitScalar(text, a, requested: nil, simpleKey: false)
                writeIndent()
                writeIndicator(":", needWhitespace: true, isWhitespace: false, isIndention: true)
            }
            return true
        }
    }

    /// An empty collection: libyaml writes it in flow style (`[]`, `{}`) even when block style
    /// is requested. Non-empty collections are always block here, so no scalar is ever written
    /// inside a flow collection.
    private mutating func emitEmptyFlow(_ open: StaticString, _ close: StaticString) {
        writeIndicator(open, needWhitespace: true, isWhitespace: true, isIndention: false)
        writeIndicator(close, needWhitespace: false, isWhitespace: false, isIndention: false)
    }

    private mutating func increaseIndent(flow: Bool, indentless: Bool) {
        indents.append(indent)
        if indent < 0 {
            indent = flow ? bestIndent : 0
        } else if !indentless {
            indent += bestIndent
        }
    }

    // MARK: - Scalars

    /// Numbers, booleans and null: their text (digits, `.`, `e`, signs, letters) is always
    /// plain, so libyaml writes it as it is.
    private mutating func emitPlain(_ text: String) {
        Self.withUTF8(text) { writePlain($0) }
    }

    /// `text`'s UTF-8 in place (small strings on the stack), without a copy of the string.
    private static func withUTF8<R>(_ text: String, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        if let r = text.utf8.withContiguousStorageIfAvailable(body) { return r }
        var text = text
        return text.withUTF8(body)
    }

    private mutating func emitScalar(
        _ text: UnsafeBufferPointer<UInt8>, _ a: ScalarAnalysis, requested: YAMLScalarStyle?, simpleKey: Bool
    ) {
        let (raw, plainImplicit) = YAMLWriter.presentation(
            of: text, requested: requested, lineFeed: a.lineFeed, otherBreak: a.carriageReturn)
        var style: RawScalarStyle
        switch raw {
        case .any, .plain: style = .plain
        default: style = raw
        }
        if simpleKey && a.multiline { style = .doubleQuoted }
        if case .plain = style {
            if !a.blockPlainAllowed || (text.isEmpty && simpleKey) || !plainImplicit { style = .singleQuoted }
        }
        if case .singleQuoted = style, !a.singleQuotedAllowed { style = .doubleQuoted }
        switch style {
        case .literal, .folded:
            if !a.blockAllowed || simpleKey { style = .doubleQuoted }
        default: break
        }
        switch style {
        case .any, .plain:
            // libyaml raises the indent around every scalar; a plain one never reads it.
            writePlain(text)
            return
        case .singleQuoted where !a.multiline:
            // Nor a single-quoted one without a line break (only breaks write an indent).
            writeSingleQuoted(text, a)
            return
        default: break
        }
        increaseIndent(flow: true, indentless: false)
        switch style {
        case .any, .plain: writePlain(text)
        case .singleQuoted: writeSingleQuoted(text, a)
        case .doubleQuoted: writeDoubleQuoted(text)
        case .literal: writeLiteral(text)
        case .folded: writeFolded(text)
        }
        indent = indents.removeLast()
    }

    private mutating func writePlain(_ text: UnsafeBufferPointer<UInt8>) {
        // Plain is chosen only for text without breaks; with an unlimited width no space folds.
        if !whitespace && !text.isEmpty { put(0x20) }
        putASCII(text)
        whitespace = false
        indention = false
    }

    private mutating func writeSingleQuoted(_ text: UnsafeBufferPointer<UInt8>, _ a: ScalarAnalysis) {
        writeIndicator("'", needWhitespace: true, isWhitespace: false, isIndention: false)
        if !a.multiline && !a.quote {
            putASCII(text)
        } else {
            writeSingleQuotedSlowly(text)
        }
        writeIndicator("'", needWhitespace: false, isWhitespace: false, isIndention: false)
        whitespace = false
        indention = false
    }

    private mutating func writeSingleQuotedSlowly(_ text: UnsafeBufferPointer<UInt8>) {
        var breaks = false
        for c in text {
            if Self.isBreak(c) {
                if !breaks && c == 0x0A { putBreak() }
                writeBreak(c)
                indention = true
                breaks = true
            } else if c == 0x20 {
                put(c)
            } else {
                if breaks { writeIndent() }
                if c == UInt8(ascii: "'") { put(c) }
                put(c)
                indention = false
                breaks = false
            }
        }
        if breaks { writeIndent() }
    }

    private mutating func writeDoubleQuoted(_ text: UnsafeBufferPointer<UInt8>) {
        writeIndicator("\"", needWhitespace: true, isWhitespace: false, isIndention: false)
        for c in text {
            if !Self.isPrintable(c) || Self.isBreak(c) || c == UInt8(ascii: "\"") || c == UInt8(ascii: "\\") {
                put(UInt8(ascii: "\\"))
                switch c {
                case 0x07: put(UInt8(ascii: "a"))
                case 0x08: put(UInt8(ascii: "b"))
                case 0x09: put(UInt8(ascii: "t"))
                case 0x0A: put(UInt8(ascii: "n"))
                case 0x0B: put(UInt8(ascii: "v"))
                case 0x0C: put(UInt8(ascii: "f"))
                case 0x0D: put(UInt8(ascii: "r"))
                case 0x1B: put(UInt8(ascii: "e"))
                case 0x22: put(UInt8(ascii: "\""))
                case 0x5C: put(UInt8(ascii: "\\"))
                default:
                    put(UInt8(ascii: "x"))
                    put(Self.hexDigit(c >> 4))
                    put(Self.hexDigit(c & 0x0F))
                }
            } else {
                put(c)
            }
        }
        writeIndicator("\"", needWhitespace: false, isWhitespace: false, isIndention: false)
        whitespace = false
        indention = false
    }

    private mutating func writeLiteral(_ text: UnsafeBufferPointer<UInt8>) {
        writeIndicator("|", needWhitespace: true, isWhitespace: false, isIndention: false)
        writeBlockScalarHints(text)
        putBreak()
        indention = true
        whitespace = true
        var breaks = true
        var i = 0
        while i < text.count {
            let c = text[i]
            if Self.isBreak(c) {
                writeBreak(c)
                indention = true
                breaks = true
                i += 1
            } else {
                // A line at a time: libyaml writes its characters one by one, same bytes.
                if breaks { writeIndent() }
                var end = i + 1
                while end < text.count && !Self.isBreak(text[end]) { end += 1 }
                putASCII(UnsafeBufferPointer(rebasing: text[i..<end]))
                indention = false
                breaks = false
                i = end
            }
        }
    }

    private mutating func writeFolded(_ text: UnsafeBufferPointer<UInt8>) {
        writeIndicator(">", needWhitespace: true, isWhitespace: false, isIndention: false)
        writeBlockScalarHints(text)
        putBreak()
        indention = true
        whitespace = true
        var breaks = true
        var leadingSpaces = true
        var i = 0
        while i < text.count {
            let c = text[i]
            if Self.isBreak(c) {
                if !breaks && !leadingSpaces && c == 0x0A {
                    var k = 0
                    while i + k < text.count, Self.isBreak(text[i + k]) { k += 1 }
                    if !Self.isBlankZ(text, i + k) { putBreak() }
                }
                writeBreak(c)
                indention = true
                breaks = true
            } else {
                if breaks {
                    writeIndent()
                    leadingSpaces = c == 0x20 || c == 0x09
                }
                put(c)
                indention = false
                breaks = false
            }
            i += 1
        }
    }

    private mutating func writeBlockScalarHints(_ text: UnsafeBufferPointer<UInt8>) {
        if let c = text.first, c == 0x20 || Self.isBreak(c) {
            let hint = String(bestIndent)
            writeIndicatorText(hint, needWhitespace: false, isWhitespace: false, isIndention: false)
        }
        openEnded = 0
        var chomp: StaticString?
        let n = text.count
        if n == 0 || !Self.isBreak(text[n - 1]) {
            chomp = "-"
        } else if n == 1 || Self.isBreak(text[n - 2]) {
            chomp = "+"
            openEnded = 2
        }
        if let chomp { writeIndicator(chomp, needWhitespace: false, isWhitespace: false, isIndention: false) }
    }

    // MARK: - Primitive writers (libyaml's PUT, PUT_BREAK, WRITE_BREAK, write_indent, write_indicator)

    private mutating func put(_ c: UInt8) {
        bytes.append(c)
        column += 1
    }

    /// Writes ASCII text without breaks: one column a byte.
    private mutating func putASCII(_ text: UnsafeBufferPointer<UInt8>) {
        bytes.append(contentsOf: text)
        column += text.count
    }

    private mutating func putBreak() {
        bytes.append(0x0A)
        column = 0
    }

    private mutating func writeBreak(_ c: UInt8) {
        if c == 0x0A {
            putBreak()
        } else {
            bytes.append(c)
            column = 0
        }
    }

    private mutating func writeIndent() {
        let indent = max(self.indent, 0)
        if !indention || column > indent || (column == indent && !whitespace) { putBreak() }
        if column < indent {
            // From a buffer of spaces: `repeatElement` is appended an element at a time.
            var k = indent - column
            while k > 0 {
                let n = min(k, Self.spaces.count)
                Self.spaces.withUnsafeBufferPointer {
                    bytes.append(contentsOf: UnsafeBufferPointer(rebasing: $0[..<n]))
                }
                k -= n
            }
            column = indent
        }
        whitespace = true
        indention = true
    }

    private mutating func writeIndicator(
        _ indicator: StaticString, needWhitespace: Bool, isWhitespace: Bool, isIndention: Bool
    ) {
        if needWhitespace && !whitespace { put(0x20) }
        // `-` and `:`, millions of times: one byte without a buffer.
        if indicator.utf8CodeUnitCount == 1 {
            put(indicator.utf8Start.pointee)
        } else {
            indicator.withUTF8Buffer { putASCII($0) }
        }
        whitespace = isWhitespace
        indention = indention && isIndention
    }

    /// An indicator made at run time (a block scalar's indentation hint). Named apart: a
    /// literal would otherwise pick this overload, and walk a `String`'s bytes, over the
    /// `StaticString` one.
    private mutating func writeIndicatorText(
        _ indicator: String, needWhitespace: Bool, isWhitespace: Bool, isIndention: Bool
    ) {
        if needWhitespace && !whitespace { put(0x20) }
        for c in indicator.utf8 { put(c) }
        whitespace = isWhitespace
        indention = indention && isIndention
    }

    private static let spaces = [UInt8](repeating: 0x20, count: 128)

    // MARK: - Character classes (ASCII; other text never reaches this emitter)

    static func isBreak(_ c: UInt8) -> Bool { c == 0x0A || c == 0x0D }

    static func isPrintable(_ c: UInt8) -> Bool { c == 0x0A || (0x20...0x7E).contains(c) }

    /// Blank, break or the end of the text (libyaml's value copies end in NUL).
    static func isBlankZ(_ text: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        guard i < text.count else { return true }
        let c = text[i]
        return c == 0x20 || c == 0x09 || isBreak(c)
    }

    private static func hexDigit(_ v: UInt8) -> UInt8 { v < 10 ? 0x30 + v : 0x41 + v - 10 }
}
