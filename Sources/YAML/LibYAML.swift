internal import CYAML

// The only file that imports CYAML: libyaml's emitter and parser behind two small classes that
// speak Swift types (`LibYAMLEvents.swift`), so the rest of the module never touches C memory.

// MARK: - Emitter

/// A libyaml emitter writing UTF-8 into memory, block style, unlimited line width.
final class LibYAMLEmitter {
    private final class Sink {
        var bytes: [UInt8] = []
    }

    private let emitter: UnsafeMutablePointer<yaml_emitter_t>
    private let sink = Sink()

    init(indent: Int) throws(YAMLError) {
        emitter = .allocate(capacity: 1)
        guard yaml_emitter_initialize(emitter) != 0 else {
            emitter.deallocate()
            throw YAMLError(.emitter, "libyaml emitter could not be initialised")
        }
        yaml_emitter_set_output(
            emitter,
            { data, buffer, size in
                guard let data, let buffer else { return 0 }
                let sink = Unmanaged<Sink>.fromOpaque(data).takeUnretainedValue()
                sink.bytes.append(contentsOf: UnsafeBufferPointer(start: buffer, count: size))
                return 1
            }, Unmanaged.passUnretained(sink).toOpaque())
        yaml_emitter_set_encoding(emitter, YAML_UTF8_ENCODING)
        yaml_emitter_set_unicode(emitter, 1)
        // Folding long lines is valid YAML but makes diffs noisy and output depend on a width.
        yaml_emitter_set_width(emitter, -1)
        yaml_emitter_set_indent(emitter, Int32(indent))
        yaml_emitter_set_break(emitter, YAML_LN_BREAK)
    }

    deinit {
        yaml_emitter_delete(emitter)
        emitter.deallocate()
    }

    /// Takes the bytes libyaml has flushed so far.
    func takeOutput() -> [UInt8] {
        defer { sink.bytes = [] }
        return sink.bytes
    }

    /// Asks libyaml to flush its buffer into the output.
    func flush() throws(YAMLError) {
        guard yaml_emitter_flush(emitter) != 0 else { throw failure() }
    }

    func streamStart() throws(YAMLError) {
        var event = yaml_event_t()
        yaml_stream_start_event_initialize(&event, YAML_UTF8_ENCODING)
        try emit(&event)
    }

    func streamEnd() throws(YAMLError) {
        var event = yaml_event_t()
        yaml_stream_end_event_initialize(&event)
        try emit(&event)
    }

    /// Starts a document; `explicit` writes `---` even before the stream's first document.
    func documentStart(explicit: Bool = false) throws(YAMLError) {
        var event = yaml_event_t()
        yaml_document_start_event_initialize(&event, nil, nil, nil, explicit ? 0 : 1)
        try emit(&event)
    }

    func documentEnd() throws(YAMLError) {
        var event = yaml_event_t()
        yaml_document_end_event_initialize(&event, 1)
        try emit(&event)
    }

    func sequenceStart() throws(YAMLError) {
        var event = yaml_event_t()
        yaml_sequence_start_event_initialize(&event, nil, nil, 1, YAML_BLOCK_SEQUENCE_STYLE)
        try emit(&event)
    }

    func sequenceEnd() throws(YAMLError) {
        var event = yaml_event_t()
        yaml_sequence_end_event_initialize(&event)
        try emit(&event)
    }

    func mappingStart() throws(YAMLError) {
        var event = yaml_event_t()
        yaml_mapping_start_event_initialize(&event, nil, nil, 1, YAML_BLOCK_MAPPING_STYLE)
        try emit(&event)
    }

    func mappingEnd() throws(YAMLError) {
        var event = yaml_event_t()
        yaml_mapping_end_event_initialize(&event)
        try emit(&event)
    }

    /// Emits a scalar of `text` (UTF-8). `plainImplicit` false makes libyaml quote it.
    func scalar(_ text: UnsafeBufferPointer<UInt8>, style: RawScalarStyle, plainImplicit: Bool) throws(YAMLError) {
        let cStyle: yaml_scalar_style_t
        switch style {
        case .any: cStyle = YAML_ANY_SCALAR_STYLE
        case .plain: cStyle = YAML_PLAIN_SCALAR_STYLE
        case .singleQuoted: cStyle = YAML_SINGLE_QUOTED_SCALAR_STYLE
        case .doubleQuoted: cStyle = YAML_DOUBLE_QUOTED_SCALAR_STYLE
        case .literal: cStyle = YAML_LITERAL_SCALAR_STYLE
        case .folded: cStyle = YAML_FOLDED_SCALAR_STYLE
        }
        guard text.count <= Int(Int32.max) else { throw YAMLError(.emitter, "scalar longer than 2 GiB") }
        // The event lives on the stack (a stored property would pay exclusivity checks on every
        // access); libyaml copies the value. An empty buffer may have no base address.
        var event = yaml_event_t()
        let ok: Int32
        if let base = text.baseAddress {
            ok = yaml_scalar_event_initialize(
                &event, nil, nil, base, Int32(text.count), plainImplicit ? 1 : 0, 1, cStyle)
        } else {
            var zero: UInt8 = 0
            ok = yaml_scalar_event_initialize(&event, nil, nil, &zero, 0, plainImplicit ? 1 : 0, 1, cStyle)
        }
        guard ok != 0 else { throw YAMLError(.emitter, "libyaml rejected a scalar (invalid UTF-8 or no memory)") }
        try emit(&event)
    }

    private func emit(_ event: inout yaml_event_t) throws(YAMLError) {
        // yaml_emitter_emit takes ownership of the event, even when it fails.
        guard yaml_emitter_emit(emitter, &event) != 0 else { throw failure() }
    }

    private func failure() -> YAMLError {
        let problem = emitter.pointee.problem.map { String(cString: $0) } ?? "libyaml emitter error"
        return YAMLError(.emitter, problem)
    }
}

// MARK: - Parser

/// A libyaml parser over a private copy of the input, read as UTF-8.
final class LibYAMLParser {
    private let parser: UnsafeMutablePointer<yaml_parser_t>
    private let input: UnsafeMutableBufferPointer<UInt8>

    /// Prepares to parse `bytes`; returns nil when libyaml cannot allocate its parser.
    init?(bytes: [UInt8]) {
        parser = .allocate(capacity: 1)
        guard yaml_parser_initialize(parser) != 0 else {
            parser.deallocate()
            return nil
        }
        input = .allocate(capacity: max(bytes.count, 1))
        _ = input.initialize(from: bytes)
        yaml_parser_set_input_string(parser, input.baseAddress, bytes.count)
        // Fixed UTF-8 keeps libyaml's character marks convertible to byte offsets of the input.
        yaml_parser_set_encoding(parser, YAML_UTF8_ENCODING)
    }

    deinit {
        yaml_parser_delete(parser)
        parser.deallocate()
        input.deallocate()
    }

    /// The next event, or libyaml's error.
    func next() throws(RawFailure) -> RawEvent {
        var event = yaml_event_t()
        guard yaml_parser_parse(parser, &event) != 0 else { throw failure() }
        defer { yaml_event_delete(&event) }
        let start = Self.mark(event.start_mark)
        let end = Self.mark(event.end_mark)
        switch event.type {
        case YAML_STREAM_START_EVENT:
            return .streamStart
        case YAML_DOCUMENT_START_EVENT:
            return .documentStart(start: start)
        case YAML_DOCUMENT_END_EVENT:
            return .documentEnd(end: end)
        case YAML_ALIAS_EVENT:
            return .alias(anchor: Self.string(event.data.alias.anchor) ?? "", start: start, end: end)
        case YAML_SCALAR_EVENT:
            let s = event.data.scalar
            let value =
                s.value.map {
                    String(decoding: UnsafeBufferPointer(start: $0, count: s.length), as: UTF8.self)
                } ?? ""
            let style: YAMLScalarStyle
            switch s.style {
            case YAML_SINGLE_QUOTED_SCALAR_STYLE: style = .singleQuoted
            case YAML_DOUBLE_QUOTED_SCALAR_STYLE: style = .doubleQuoted
            case YAML_LITERAL_SCALAR_STYLE: style = .literal
            case YAML_FOLDED_SCALAR_STYLE: style = .folded
            default: style = .plain
            }
            return .scalar(
                RawScalar(
                    value: value, anchor: Self.string(s.anchor), tag: Self.string(s.tag), style: style,
                    start: start, end: end))
        case YAML_SEQUENCE_START_EVENT:
            let s = event.data.sequence_start
            return .sequenceStart(anchor: Self.string(s.anchor), tag: Self.string(s.tag), start: start)
        case YAML_SEQUENCE_END_EVENT:
            return .sequenceEnd(end: end)
        case YAML_MAPPING_START_EVENT:
            let m = event.data.mapping_start
            return .mappingStart(anchor: Self.string(m.anchor), tag: Self.string(m.tag), start: start)
        case YAML_MAPPING_END_EVENT:
            return .mappingEnd(end: end)
        default:
            return .streamEnd
        }
    }

    private func failure() -> RawFailure {
        let p = parser.pointee
        return RawFailure(
            isReaderError: p.error == YAML_READER_ERROR,
            problem: p.problem.map { String(cString: $0) }
                ?? (p.error == YAML_MEMORY_ERROR ? "out of memory" : "invalid YAML"),
            problemOffset: p.problem_offset,
            problemMark: Self.mark(p.problem_mark),
            context: p.context.map { String(cString: $0) },
            contextMark: p.context == nil ? nil : Self.mark(p.context_mark))
    }

    private static func mark(_ m: yaml_mark_t) -> RawMark {
        RawMark(index: m.index, line: m.line, column: m.column)
    }

    private static func string(_ p: UnsafeMutablePointer<yaml_char_t>?) -> String? {
        p.map { String(cString: $0) }
    }
}
