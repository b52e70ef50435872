/// Writes YAML into memory as libyaml's emitter (event API) does: block style, UTF-8, LF line
/// breaks, no line folding, keys in the order given.
///
/// Every string is written so that libyaml, PyYAML (YAML 1.1) and go-yaml (kubectl) read it
/// back as the same string: plain when no reader would type it (`app`, `10.18.1.0/28`, `500m`),
/// quoted when some reader would (`'true'`, `'on'`, `'0755'`, `'1e3'`, `'2024-01-01'`, `''`,
/// `'~'`), quoted by libyaml when the text has indicators or edge spaces (`'a: b'`, `'- x'`,
/// `' x'`), as a literal block (`|`) when it has line breaks, double-quoted with escapes when
/// it has tabs, control characters or breaks a block cannot keep (`\r`, U+0085, U+2028, U+2029).
/// Ints, bools and null are plain; doubles are plain and always read as floats.
///
/// Output is a pure function of the events: the same calls give the same bytes. Streams hold
/// any number of documents; every document after the first starts with `---`.
///
/// Whole documents (``writeDocument(_:explicitStart:)``) whose text is ASCII are written by
/// ``YAMLDirectEmitter``, which replays libyaml's emitter without its per-event allocations;
/// other documents and the `begin…`/`end…` calls go through libyaml. Both give the same bytes
/// (tested on every example's output and on generated trees).
///
/// ```swift
/// let writer = try YAMLWriter()
/// for object in objects { try writer.writeDocument(object) }
/// let bytes = try writer.finish()
/// ```
/// or `try YAMLWriter.encode(objects)`. The `begin…`/`end…` calls stream an object without
/// building it first; `takeOutput()` drains finished documents to bound memory.
package final class YAMLWriter {
    /// Layout options.
    package struct Options: Sendable, Hashable {
        /// Spaces per nesting level (2…9).
        package var indent: Int

        /// Creates options.
        package init(indent: Int = 2) { self.indent = indent }
    }

    private let options: Options
    private let useDirect: Bool
    /// The stream's bytes not yet taken; libyaml's documents are appended as they end.
    private var direct: YAMLDirectEmitter
    /// libyaml's emitter, started at the first document the direct emitter does not cover.
    private var libyaml: LibYAMLEmitter?
    private var documents = 0
    private var libyamlDocuments = 0
    private var lastDocumentByLibYAML = false
    private var finished = false
    /// Bytes handed out by `takeOutput()`.
    private var taken = 0

    /// Starts a stream.
    ///
    /// - Throws: ``YAMLError`` (`.emitter`) only when libyaml cannot allocate.
    package convenience init(options: Options = Options()) throws(YAMLError) {
        try self.init(options: options, direct: true)
    }

    /// Starts a stream; `direct: false` writes everything through libyaml (for tests that
    /// compare the two).
    init(options: Options, direct: Bool) throws(YAMLError) {
        self.options = options
        useDirect = direct
        self.direct = YAMLDirectEmitter(indent: options.indent)
    }

    /// libyaml's emitter, started on first use.
    private var emitter: LibYAMLEmitter {
        get throws(YAMLError) {
            if let libyaml { return libyaml }
            let e = try LibYAMLEmitter(indent: options.indent)
            try e.streamStart()
            libyaml = e
            return e
        }
    }

    /// Writes `documents` as one stream and returns its bytes.
    package static func encode(_ documents: [YAMLNode], options: Options = Options()) throws(YAMLError) -> [UInt8] {
        let writer = try YAMLWriter(options: options)
        for d in documents { try writer.writeDocument(d) }
        return try writer.finish()
    }

    /// ``encode(_:options:)`` through libyaml alone: the reference the direct emitter is
    /// tested and benchmarked against.
    package static func encodeWithLibYAML(_ documents: [YAMLNode], options: Options = Options()) throws(YAMLError)
        -> [UInt8]
    {
        let writer = try YAMLWriter(options: options, direct: false)
        for d in documents { try writer.writeDocument(d) }
        return try writer.finish()
    }

    /// Writes `documents` as one stream and returns its text.
    package static func string(_ documents: [YAMLNode], options: Options = Options()) throws(YAMLError) -> String {
        String(decoding: try encode(documents, options: options), as: UTF8.self)
    }

    // MARK: - Documents and collections

    /// Writes `node` as a whole document; `explicitStart` writes `---` even before the first.
    package func writeDocument(_ node: YAMLNode, explicitStart: Bool = false) throws(YAMLError) {
        if useDirect, direct.write(node, first: documents == 0, explicitStart: explicitStart) {
            documents += 1
            lastDocumentByLibYAML = false
            return
        }
        try beginDocument(explicitStart: explicitStart)
        try write(node)
        try endDocument()
    }

    /// Opens a document; exactly one node (``write(_:)`` or a collection) must follow.
    /// Documents after the first start with `---`; `explicitStart` writes it for the first too.
    package func beginDocument(explicitStart: Bool = false) throws(YAMLError) {
        // libyaml writes `---` before all but its own first document; when the direct emitter
        // wrote the stream's first documents, libyaml's first one needs it too.
        let afterDirect = documents > 0 && libyamlDocuments == 0
        try emitter.documentStart(explicit: explicitStart || afterDirect)
    }

    /// Closes the document opened by ``beginDocument()``.
    package func endDocument() throws(YAMLError) {
        let e = try emitter
        try e.documentEnd()
        documents += 1
        libyamlDocuments += 1
        lastDocumentByLibYAML = true
        direct.documentWrittenElsewhere()
        direct.appendOutput(e.takeOutput())
    }

    /// Opens a block mapping; then alternate keys (``writeKey(_:)``) and values.
    package func beginMapping() throws(YAMLError) { try emitter.mappingStart() }

    /// Closes the innermost mapping.
    package func endMapping() throws(YAMLError) { try emitter.mappingEnd() }

    /// Opens a block sequence; then write its items.
    package func beginSequence() throws(YAMLError) { try emitter.sequenceStart() }

    /// Closes the innermost sequence.
    package func endSequence() throws(YAMLError) { try emitter.sequenceEnd() }

    /// Writes a mapping key (a string, quoted as needed).
    package func writeKey(_ key: String) throws(YAMLError) { try writeString(key, style: nil) }

    /// Writes `node` at the current position: a document's root, a sequence item or a value.
    package func write(_ node: YAMLNode) throws(YAMLError) {
        switch node {
        case .string(let s, let style):
            try writeString(s, style: style)
        case .int(let i):
            try writePlain(String(i))
        case .double(let d):
            try writePlain(Self.format(d))
        case .bool(let b):
            try writePlain(b ? "true" : "false")
        case .null:
            try writePlain("null")
        case .sequence(let items):
            try emitter.sequenceStart()
            for item in items { try write(item) }
            try emitter.sequenceEnd()
        case .mapping(let mapping):
            try emitter.mappingStart()
            for (key, value) in mapping.pairs {
                try writeString(key, style: nil)
                try write(value)
            }
            try emitter.mappingEnd()
        }
    }

    /// Writes a string scalar, honouring `style` unless it would change the value read back.
    package func writeString(_ text: String, style: YAMLScalarStyle? = nil) throws(YAMLError) {
        var text = text
        var failure: YAMLError?
        text.withUTF8 { buffer in
            let (rawStyle, plainImplicit) = Self.presentation(of: buffer, requested: style)
            do throws(YAMLError) {
                try emitter.scalar(buffer, style: rawStyle, plainImplicit: plainImplicit)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
    }

    // MARK: - Output

    /// Takes the bytes of the documents finished so far.
    package func takeOutput() -> [UInt8] {
        taken += direct.outputCount
        return direct.takeOutput()
    }

    /// The bytes of the stream written so far, taken or not. Before a document it is where
    /// that document's output begins: its `---` line, after whatever the document before left
    /// pending (libyaml's `...` after an open-ended scalar).
    package var writtenByteCount: Int { taken + direct.outputCount }

    /// Ends the stream and returns the bytes not yet taken. The writer is unusable afterwards.
    package func finish() throws(YAMLError) -> [UInt8] {
        if !finished {
            finished = true
            // Whoever wrote the last document knows whether it left the stream open (`...`).
            if lastDocumentByLibYAML, let libyaml {
                try libyaml.streamEnd()
                try libyaml.flush()
                direct.appendOutput(libyaml.takeOutput())
            } else {
                direct.finishStream()
            }
        }
        return takeOutput()
    }

    // MARK: - Scalars

    private func writePlain(_ text: String) throws(YAMLError) {
        var text = text
        var failure: YAMLError?
        text.withUTF8 { buffer in
            do throws(YAMLError) {
                try emitter.scalar(buffer, style: .plain, plainImplicit: true)
            } catch {
                failure = error
            }
        }
        if let failure { throw failure }
    }

    /// The style to ask libyaml for, and whether the plain form reads back as this string.
    static func presentation(
        of text: UnsafeBufferPointer<UInt8>, requested: YAMLScalarStyle?
    ) -> (RawScalarStyle, plainImplicit: Bool) {
        var lineFeed = false
        var otherBreak = false
        var i = 0
        let n = text.count
        while i < n {
            switch text[i] {
            case 0x0A: lineFeed = true
            case 0x0D: otherBreak = true
            case 0xC2: if i + 1 < n, text[i + 1] == 0x85 { otherBreak = true }
            case 0xE2:
                if i + 2 < n, text[i + 1] == 0x80, text[i + 2] == 0xA8 || text[i + 2] == 0xA9 { otherBreak = true }
            default: break
            }
            i += 1
        }
        return presentation(of: text, requested: requested, lineFeed: lineFeed, otherBreak: otherBreak)
    }

    /// ``presentation(of:requested:)`` for a text already scanned: whether it holds a line
    /// feed, and any other line break (CR, NEL, LS, PS).
    static func presentation(
        of text: UnsafeBufferPointer<UInt8>, requested: YAMLScalarStyle?, lineFeed: Bool, otherBreak: Bool
    ) -> (RawScalarStyle, plainImplicit: Bool) {
        // Readers normalise CR, NEL, LS and PS inside unquoted and block scalars to LF (or
        // fold them); only double-quoted escapes keep them.
        if otherBreak { return (.doubleQuoted, false) }
        let plainImplicit = !YAMLScalarResolver.plainIsAmbiguous(text)
        switch requested {
        case nil, .plain?:
            return (lineFeed ? .literal : .any, plainImplicit)
        case .singleQuoted?:
            return (lineFeed ? .doubleQuoted : .singleQuoted, false)
        case .doubleQuoted?:
            return (.doubleQuoted, false)
        case .literal?:
            return (.literal, plainImplicit)
        case .folded?:
            return (.folded, plainImplicit)
        }
    }

    /// A double as plain text every reader types as a float: always a `.` in the mantissa and
    /// a signed exponent (PyYAML needs both), `.inf`/`-.inf`/`.nan` for the specials.
    static func format(_ d: Double) -> String {
        if d.isNaN { return ".nan" }
        if d.isInfinite { return d > 0 ? ".inf" : "-.inf" }
        let s = d.description
        guard let e = s.firstIndex(where: { $0 == "e" || $0 == "E" }) else {
            return s.contains(".") ? s : s + ".0"
        }
        var mantissa = String(s[..<e])
        var exponent = String(s[s.index(after: e)...])
        if !mantissa.contains(".") { mantissa += ".0" }
        if !exponent.hasPrefix("-") && !exponent.hasPrefix("+") { exponent = "+" + exponent }
        return mantissa + "e" + exponent
    }
}
