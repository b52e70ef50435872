/// Reads the block-style YAML that kfc and most tools write straight from the bytes, and hands
/// ``YAMLComposer`` the events libyaml 0.2.5's parser would give for it, with the same marks.
///
/// libyaml costs a token, an event and several allocations per scalar, and reads the input a
/// character at a time through its own buffer; `kfc verify` reads tens of megabytes. This type
/// covers a subset and refuses the rest (``Stop/unsupported``), so that ``YAMLComposer`` reads
/// the whole stream again with libyaml: input of printable ASCII and `\n` only (no tab, CR,
/// control or non-ASCII byte); block mappings and sequences (indentless ones too); empty flow
/// collections `[]` and `{}`; single-line plain, single- and double-quoted scalars; literal
/// block scalars (`|`, `|-`, `|+`, `|2`); comments; `---` on a line of its own. Anything else —
/// other flow collections, anchors, aliases, tags, directives, `...`, `?` keys, folded or
/// multi-line scalars, deep nesting — and anything libyaml would report as an error is refused.
/// Where it covers the input, the events and their marks are libyaml's: tests compare both
/// on every example's output, the fixtures, and generated and mutated documents.
struct YAMLBlockParser {
    /// Why reading stopped.
    enum Stop: Error {
        /// The input leaves the covered subset (or may be an error); libyaml must read it.
        case unsupported
        /// The composer rejected an event (a limit, a repeated key).
        case composer(YAMLError)
    }

    private let b: UnsafeBufferPointer<UInt8>
    private var pos = 0
    private var lineStart = 0
    /// Nesting of the collection being read; deeper input goes to libyaml.
    private var depth = 0
    private static let maxDepth = 200
    /// libyaml refuses a simple key longer than 1,024 characters; stay clear of the bound.
    private static let maxKeyLength = 1000

    private static let space = UInt8(ascii: " ")
    private static let newline = UInt8(ascii: "\n")
    private static let hash = UInt8(ascii: "#")
    private static let colon = UInt8(ascii: ":")
    private static let dash = UInt8(ascii: "-")

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        b = bytes
        slots = TextSlots(streamBytes: bytes.count)
        blocks = RepeatedBlocks(streamBytes: bytes.count)
    }

    /// The blocks read so far, for a sink that reuses them (see `block`).
    private(set) var blocks: RepeatedBlocks

    /// Recent short texts and their strings (see `TextSlots`).
    private var slots: TextSlots

    /// The text of `b[start..<end]`.
    private mutating func text(_ start: Int, _ end: Int) -> String {
        slots.text(UnsafeBufferPointer(rebasing: b[start..<end]))
    }

    /// Reads the stream, passing each event to `sink`.
    mutating func parse<S: YAMLEventSink>(into sink: inout S) throws(Stop) {
        try send(.streamStart, to: &sink)
        skipToNextToken()
        var first = true
        while pos < b.count {
            let docStart = pos
            if isDocumentStart(pos) {
                pos += 3
                try endLine()
                skipToNextToken()
            } else if !first {
                throw .unsupported
            }
            first = false
            try send(.documentStart(start: mark(docStart)), to: &sink)
            if pos >= b.count || isDocumentStart(pos) {
                try send(Self.empty(at: pos), to: &sink)
            } else {
                try node(parentIndent: -1, blockIndent: -1, into: &sink)
                // The root must end at the next document or the end of the stream.
                if pos < b.count && !isDocumentStart(pos) { throw .unsupported }
            }
            try send(.documentEnd(end: mark(pos)), to: &sink)
        }
        try send(.streamEnd, to: &sink)
    }

    // MARK: - Nodes

    /// Reads the node at `pos` (a token whose column is greater than `parentIndent`) and leaves
    /// `pos` at the next token. `blockIndent` is libyaml's current indentation (the innermost
    /// block collection's column), which block scalars and continuation lines depend on.
    private mutating func node<S: YAMLEventSink>(
        parentIndent: Int, blockIndent: Int, into sink: inout S
    ) throws(Stop) {
        let c = b[pos]
        switch c {
        case Self.dash where isBlank(pos + 1):
            try sequence(indent: column, into: &sink)
        default:
            try inlineValue(blockIndent: blockIndent, keys: true, into: &sink)
        }
    }

    /// After a single-line value: the rest of the line is blank or a comment, and the next
    /// token is not more indented than libyaml's indentation (else it would continue a plain
    /// scalar or be an error).
    private mutating func expectEnd(blockIndent: Int) throws(Stop) {
        try endLine()
        skipToNextToken()
        if pos < b.count && column > blockIndent && !isDocumentStart(pos) { throw .unsupported }
    }

    /// A block mapping whose keys are at column `indent`; `pos` is at its first key.
    private mutating func mapping<S: YAMLEventSink>(indent: Int, into sink: inout S) throws(Stop) {
        depth += 1
        if depth > Self.maxDepth { throw .unsupported }
        try sendStart(mapping: true, at: pos, to: &sink)
        while true {
            // A key: a plain or quoted scalar, then ':' and a blank, on one line.
            let keyStart = pos
            let key = try flowScalar()
            guard isKeyIndicator(), pos - keyStart <= Self.maxKeyLength else { throw .unsupported }
            try send(key, to: &sink)
            pos += 1
            let colonEnd = pos
            skipSpaces()
            if pos < b.count && b[pos] != Self.newline && b[pos] != Self.hash {
                // The value is on the key's line: a scalar or an empty flow collection (a block
                // collection may not start there).
                try inlineValue(blockIndent: indent, into: &sink)
            } else {
                try endLine()
                skipToNextToken()
                let next = nextColumn
                if next > indent {
                    try block(.node, parentIndent: indent, into: &sink)
                } else if next == indent && b[pos] == Self.dash && isBlank(pos + 1) {
                    try block(.indentlessSequence, parentIndent: indent, into: &sink)
                } else {
                    try send(Self.empty(at: colonEnd), to: &sink)
                }
            }
            let next = nextColumn
            if next < indent { break }
            if next > indent || b[pos] == Self.dash && isBlank(pos + 1) { throw .unsupported }
        }
        try sendEnd(mapping: true, at: pos, to: &sink)
        depth -= 1
    }

    /// A value that starts at `pos`: `[]` / `{}`, a literal block scalar, or a scalar — or, with
    /// `keys`, the mapping whose first key that scalar is.
    private mutating func inlineValue<S: YAMLEventSink>(
        blockIndent: Int, keys: Bool = false, into sink: inout S
    ) throws(Stop) {
        switch b[pos] {
        case UInt8(ascii: "["), UInt8(ascii: "{"):
            try emptyFlow(into: &sink)
            try expectEnd(blockIndent: blockIndent)
        case UInt8(ascii: "|"):
            try literal(blockIndent: blockIndent, into: &sink)
            skipToNextToken()
            if pos < b.count && column > blockIndent && !isDocumentStart(pos) { throw .unsupported }
        case _ where keys:
            try scalarOrMapping(blockIndent: blockIndent, into: &sink)
        default:
            let scalar = try flowScalar()
            if isKeyIndicator() { throw .unsupported }
            try send(scalar, to: &sink)
            try expectEnd(blockIndent: blockIndent)
        }
    }

    /// A block sequence whose `-` are at column `indent`. An `indentless` one has its `-` at the
    /// column of the mapping it is a value in (libyaml does not open an indentation level for it)
    /// and ends at the mapping's next key.
    private mutating func sequence<S: YAMLEventSink>(
        indent: Int, indentless: Bool = false, into sink: inout S
    ) throws(Stop) {
        depth += 1
        if depth > Self.maxDepth { throw .unsupported }
        try sendStart(mapping: false, at: pos, to: &sink)
        while true {
            try item(blockIndent: indent, into: &sink)
            let next = nextColumn
            if next < indent { break }
            if next > indent { throw .unsupported }
            if !(b[pos] == Self.dash && isBlank(pos + 1)) {
                if indentless { break }
                throw .unsupported
            }
        }
        try sendEnd(mapping: false, at: pos, to: &sink)
        depth -= 1
    }

    /// A plain or quoted scalar at `pos`, or the mapping whose first key it is (a `:` follows).
    private mutating func scalarOrMapping<S: YAMLEventSink>(blockIndent: Int, into sink: inout S) throws(Stop) {
        let start = pos
        let scalar = try flowScalar()
        if isKeyIndicator() {
            pos = start
            try mapping(indent: column(of: start), into: &sink)
        } else {
            try send(scalar, to: &sink)
            try expectEnd(blockIndent: blockIndent)
        }
    }

    /// One `-` item; `blockIndent` is libyaml's indentation around it.
    private mutating func item<S: YAMLEventSink>(blockIndent: Int, into sink: inout S) throws(Stop) {
        pos += 1
        let dashEnd = pos
        skipSpaces()
        if pos < b.count && b[pos] != Self.newline && b[pos] != Self.hash {
            // Content on the dash's line: a nested sequence, a mapping (its first key here), a
            // scalar or an empty flow collection.
            if b[pos] == Self.dash && isBlank(pos + 1) {
                try sequence(indent: column, into: &sink)
                return
            }
            try block(.itemContent, parentIndent: blockIndent, into: &sink)
            return
        }
        try endLine()
        skipToNextToken()
        if nextColumn > blockIndent {
            try node(parentIndent: blockIndent, blockIndent: blockIndent, into: &sink)
        } else {
            try send(Self.empty(at: dashEnd), to: &sink)
        }
    }

    /// `[]` or `{}` at `pos`.
    private mutating func emptyFlow<S: YAMLEventSink>(into sink: inout S) throws(Stop) {
        let open = b[pos]
        let close = open == UInt8(ascii: "[") ? UInt8(ascii: "]") : UInt8(ascii: "}")
        guard pos + 1 < b.count, b[pos + 1] == close else { throw .unsupported }
        let start = pos
        pos += 2
        try sendStart(mapping: open == UInt8(ascii: "{"), at: start, to: &sink)
        try sendEnd(mapping: open == UInt8(ascii: "{"), at: pos, to: &sink)
    }

    // MARK: - Repeated blocks

    /// Reads the node of `kind` at `pos`. A sink that builds plain values gets the node it made
    /// for the same block before again, and `pos` moves past the block as reading it would
    /// have (see ``RepeatedBlocks``); otherwise the node is read and recorded.
    @inline(__always)
    private mutating func block<S: YAMLEventSink>(
        _ kind: RepeatedBlocks.Kind, parentIndent: Int, into sink: inout S
    ) throws(Stop) {
        guard S.reusesBlocks else { return try read(kind, parentIndent: parentIndent, into: &sink) }
        let probe = blocks.probe(
            kind, in: b, pos: pos, lineStart: lineStart, column: column, parentIndent: parentIndent, depth: depth)
        guard probe.mayBeCollection else { return try read(kind, parentIndent: parentIndent, into: &sink) }
        if let found = blocks.find(probe, in: b) {
            try deliver { () throws(YAMLError) in try sink.replayBlock(found.id) }
            pos = found.next
            lineStart = found.nextLine
            return
        }
        guard let entry = blocks.entry(for: probe) else {
            return try read(kind, parentIndent: parentIndent, into: &sink)
        }
        sink.beginRecording()
        try read(kind, parentIndent: parentIndent, into: &sink)
        if sink.endRecording(as: entry) {
            blocks.record(probe, at: entry, next: pos, nextLine: lineStart, in: b)
        }
    }

    private mutating func read<S: YAMLEventSink>(
        _ kind: RepeatedBlocks.Kind, parentIndent: Int, into sink: inout S
    ) throws(Stop) {
        switch kind {
        case .node: try node(parentIndent: parentIndent, blockIndent: parentIndent, into: &sink)
        case .indentlessSequence: try sequence(indent: parentIndent, indentless: true, into: &sink)
        case .itemContent: try inlineValue(blockIndent: parentIndent, keys: true, into: &sink)
        }
    }

    // MARK: - Scalars

    /// A plain, single-quoted or double-quoted scalar on one line, at `pos`; `pos` ends after
    /// it (for a plain scalar, before its trailing spaces).
    private mutating func flowScalar() throws(Stop) -> Scalar {
        switch b[pos] {
        case UInt8(ascii: "'"): return try singleQuoted()
        case UInt8(ascii: "\""): return try doubleQuoted()
        default: return try plain()
        }
    }

    private mutating func plain() throws(Stop) -> Scalar {
        let start = pos
        let c = b[pos]
        if c == UInt8(ascii: "."), pos == lineStart, pos + 2 < b.count, b[pos + 1] == c, b[pos + 2] == c,
            isBlank(pos + 3)
        {
            throw .unsupported  // `...`, a document end
        }
        switch c {
        case UInt8(ascii: "-"), UInt8(ascii: "?"), UInt8(ascii: ":"):
            // An indicator unless a non-blank follows ('-' needs a space or tab after it to be
            // an entry, but a line break makes it one too: both are refused here).
            if isBlank(pos + 1) { throw .unsupported }
        case UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"),
            UInt8(ascii: "#"), UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"), UInt8(ascii: "|"),
            UInt8(ascii: ">"), UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "%"), UInt8(ascii: "@"),
            UInt8(ascii: "`"), Self.space, Self.newline:
            throw .unsupported
        default:
            break
        }
        var end = pos
        var i = pos
        let base = UnsafeRawPointer(b.baseAddress!)
        while i < b.count {
            // Eight bytes at a time up to the next line break, space or colon: the rest of a
            // plain scalar's bytes only extend it.
            while i + 8 <= b.count {
                let stops = ByteLanes.stops(
                    UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
                if stops == 0 {
                    i += 8
                    end = i
                    continue
                }
                let ordinary = stops.trailingZeroBitCount >> 3
                if ordinary > 0 {
                    i += ordinary
                    end = i
                }
                break
            }
            guard i < b.count else { break }
            let c = b[i]
            if c == Self.newline { break }
            if c == Self.space {
                var j = i + 1
                while j < b.count && b[j] == Self.space { j += 1 }
                if j >= b.count || b[j] == Self.newline || b[j] == Self.hash { break }
                if b[j] == Self.colon && isBlank(j + 1) { break }
                i = j
                continue
            }
            if c == Self.colon && isBlank(i + 1) { break }
            i += 1
            end = i
        }
        pos = end
        return Scalar(value: text(start, end), style: .plain, start: start, end: end)
    }

    private mutating func singleQuoted() throws(Stop) -> Scalar {
        let start = pos
        var i = pos + 1
        var text: [UInt8] = []
        var runStart = i
        while true {
            guard i < b.count, b[i] != Self.newline else { throw .unsupported }
            if b[i] == UInt8(ascii: "'") {
                if i + 1 < b.count && b[i + 1] == UInt8(ascii: "'") {
                    text.append(contentsOf: UnsafeBufferPointer(rebasing: b[runStart...i]))
                    i += 2
                    runStart = i
                    continue
                }
                break
            }
            i += 1
        }
        let value: String
        if text.isEmpty {
            value = self.text(runStart, i)
        } else {
            text.append(contentsOf: UnsafeBufferPointer(rebasing: b[runStart..<i]))
            value = String(decoding: text, as: UTF8.self)
        }
        pos = i + 1
        try afterQuoted()
        return Scalar(value: value, style: .singleQuoted, start: start, end: pos)
    }

    private mutating func doubleQuoted() throws(Stop) -> Scalar {
        let start = pos
        var i = pos + 1
        var text: [UInt8] = []
        var escaped = false
        var runStart = i
        while true {
            guard i < b.count, b[i] != Self.newline else { throw .unsupported }
            let c = b[i]
            if c == UInt8(ascii: "\"") { break }
            if c != UInt8(ascii: "\\") {
                i += 1
                continue
            }
            escaped = true
            text.append(contentsOf: UnsafeBufferPointer(rebasing: b[runStart..<i]))
            guard i + 1 < b.count else { throw .unsupported }
            let e = b[i + 1]
            i += 2
            switch e {
            case UInt8(ascii: "0"): text.append(0)
            case UInt8(ascii: "a"): text.append(0x07)
            case UInt8(ascii: "b"): text.append(0x08)
            case UInt8(ascii: "t"): text.append(0x09)
            case UInt8(ascii: "n"): text.append(0x0A)
            case UInt8(ascii: "v"): text.append(0x0B)
            case UInt8(ascii: "f"): text.append(0x0C)
            case UInt8(ascii: "r"): text.append(0x0D)
            case UInt8(ascii: "e"): text.append(0x1B)
            case Self.space: text.append(Self.space)
            case UInt8(ascii: "\""): text.append(UInt8(ascii: "\""))
            case UInt8(ascii: "\\"): text.append(UInt8(ascii: "\\"))
            case UInt8(ascii: "N"): text.append(contentsOf: [0xC2, 0x85])
            case UInt8(ascii: "_"): text.append(contentsOf: [0xC2, 0xA0])
            case UInt8(ascii: "L"): text.append(contentsOf: [0xE2, 0x80, 0xA8])
            case UInt8(ascii: "P"): text.append(contentsOf: [0xE2, 0x80, 0xA9])
            case UInt8(ascii: "x"), UInt8(ascii: "u"), UInt8(ascii: "U"):
                let length = e == UInt8(ascii: "x") ? 2 : e == UInt8(ascii: "u") ? 4 : 8
                guard i + length <= b.count else { throw .unsupported }
                var value: UInt32 = 0
                for k in i..<(i + length) {
                    guard let d = ByteLanes.hexValue(b[k]) else { throw .unsupported }
                    value = value << 4 | UInt32(d)
                }
                guard let scalar = Unicode.Scalar(value) else { throw .unsupported }
                text.append(contentsOf: UTF8.encode(scalar)!)
                i += length
            default:
                // Others ('/', '\'', a line break) are rare or differ between libyaml versions.
                throw .unsupported
            }
            runStart = i
        }
        let value: String
        if escaped {
            text.append(contentsOf: UnsafeBufferPointer(rebasing: b[runStart..<i]))
            value = String(decoding: text, as: UTF8.self)
        } else {
            value = self.text(runStart, i)
        }
        pos = i + 1
        try afterQuoted()
        return Scalar(value: value, style: .doubleQuoted, start: start, end: pos)
    }

    /// After a closing quote: a space, the line's end or ':' (anything else goes to libyaml).
    private func afterQuoted() throws(Stop) {
        guard pos < b.count else { return }
        switch b[pos] {
        case Self.space, Self.newline: return
        case Self.colon where isBlank(pos + 1): return
        default: throw .unsupported
        }
    }

    /// A literal block scalar at `pos` (`|` and its indicators), as libyaml's
    /// `yaml_parser_scan_block_scalar` reads it; `pos` ends where libyaml's scanner stops.
    private mutating func literal<S: YAMLEventSink>(blockIndent: Int, into sink: inout S) throws(Stop) {
        let start = pos
        pos += 1
        var chomping = 0
        var increment = 0
        for _ in 0..<2 {
            guard pos < b.count else { break }
            let c = b[pos]
            if chomping == 0 && (c == UInt8(ascii: "+") || c == UInt8(ascii: "-")) {
                chomping = c == UInt8(ascii: "+") ? 1 : -1
                pos += 1
            } else if increment == 0 && c >= UInt8(ascii: "1") && c <= UInt8(ascii: "9") {
                increment = Int(c - UInt8(ascii: "0"))
                pos += 1
            }
        }
        guard pos >= b.count || b[pos] == Self.space || b[pos] == Self.newline else { throw .unsupported }
        try endLine()
        if pos < b.count { pos += 1 }  // the line break
        lineStart = pos
        var end = pos
        var indent = increment > 0 ? (blockIndent >= 0 ? blockIndent + increment : increment) : 0
        var text: [UInt8] = []
        var leadingBreak = false
        var trailingBreaks = 0
        breaks(indent: &indent, trailingBreaks: &trailingBreaks, end: &end, blockIndent: blockIndent)
        while column == indent && pos < b.count {
            if leadingBreak { text.append(Self.newline) }
            for _ in 0..<trailingBreaks { text.append(Self.newline) }
            trailingBreaks = 0
            let lineFrom = pos
            while pos < b.count && b[pos] != Self.newline { pos += 1 }
            text.append(contentsOf: UnsafeBufferPointer(rebasing: b[lineFrom..<pos]))
            leadingBreak = pos < b.count
            if leadingBreak {
                pos += 1
                lineStart = pos
            }
            breaks(indent: &indent, trailingBreaks: &trailingBreaks, end: &end, blockIndent: blockIndent)
        }
        if chomping != -1 && leadingBreak { text.append(Self.newline) }
        if chomping == 1 {
            for _ in 0..<trailingBreaks { text.append(Self.newline) }
        }
        try send(
            Scalar(value: String(decoding: text, as: UTF8.self), style: .literal, start: start, end: end), to: &sink)
    }

    /// libyaml's `yaml_parser_scan_block_scalar_breaks`: eats indentation and empty lines,
    /// fixes the indentation when it is not known yet, and moves `end` past each line break.
    private mutating func breaks(indent: inout Int, trailingBreaks: inout Int, end: inout Int, blockIndent: Int) {
        var maxIndent = 0
        end = pos
        while true {
            while (indent == 0 || column < indent) && pos < b.count && b[pos] == Self.space { pos += 1 }
            if column > maxIndent { maxIndent = column }
            guard pos < b.count, b[pos] == Self.newline else { break }
            pos += 1
            lineStart = pos
            trailingBreaks += 1
            end = pos
        }
        if indent == 0 {
            indent = max(maxIndent, blockIndent + 1, 1)
        }
    }

    // MARK: - Layout

    /// The 0-based column of `pos`.
    private var column: Int { pos - lineStart }

    private func column(of offset: Int) -> Int { offset - lineStart }

    /// The column of the token at `pos`, -1 at the end of the stream or at `---`.
    private var nextColumn: Int {
        pos >= b.count || isDocumentStart(pos) ? -1 : column
    }

    private func mark(_ offset: Int) -> RawMark { RawMark(index: offset, line: 0, column: 0) }

    /// A space, a line break or the end of the stream at `i` (libyaml's "blankz" without tab,
    /// which the input never holds).
    private func isBlank(_ i: Int) -> Bool { Self.isBlank(b, i) }

    static func isBlank(_ b: UnsafeBufferPointer<UInt8>, _ i: Int) -> Bool {
        i >= b.count || b[i] == space || b[i] == newline
    }

    private mutating func isKeyIndicator() -> Bool {
        var i = pos
        while i < b.count && b[i] == Self.space { i += 1 }
        guard i < b.count, b[i] == Self.colon, isBlank(i + 1) else { return false }
        pos = i
        return true
    }

    /// `---` at the start of a line, then a blank.
    private func isDocumentStart(_ i: Int) -> Bool { Self.isDocumentStart(b, i, lineStart: lineStart) }

    /// `---` at `lineStart`, then a blank.
    static func isDocumentStart(_ b: UnsafeBufferPointer<UInt8>, _ i: Int, lineStart: Int) -> Bool {
        i == lineStart && i + 2 < b.count && b[i] == dash && b[i + 1] == dash && b[i + 2] == dash && isBlank(b, i + 3)
    }

    private mutating func skipSpaces() {
        while pos < b.count && b[pos] == Self.space { pos += 1 }
    }

    /// Skips spaces and a comment (after at least one space, or at the line's start) to the
    /// line break, which stays; anything else on the line goes to libyaml.
    private mutating func endLine() throws(Stop) {
        skipSpaces()
        guard pos < b.count, b[pos] != Self.newline else { return }
        guard b[pos] == Self.hash, pos == lineStart || b[pos - 1] == Self.space else { throw .unsupported }
        while pos < b.count && b[pos] != Self.newline { pos += 1 }
    }

    /// Skips blank lines, comment lines, indentation and a trailing comment, like libyaml's
    /// `yaml_parser_scan_to_next_token`; `pos` ends at a token or the end of the stream.
    private mutating func skipToNextToken() {
        while pos < b.count {
            switch b[pos] {
            case Self.space:
                pos += 1
            case Self.newline:
                pos += 1
                lineStart = pos
            case Self.hash:
                while pos < b.count && b[pos] != Self.newline { pos += 1 }
            default:
                return
            }
        }
    }
}
