// Swift forms of what crosses the libyaml boundary in `LibYAML.swift`, free of C types.

/// A libyaml mark as libyaml counts it: 0-based, in characters (not bytes).
struct RawMark: Hashable {
    var index: Int
    var line: Int
    var column: Int
}

/// How the writer asks libyaml to present a scalar.
enum RawScalarStyle {
    case any, plain, singleQuoted, doubleQuoted, literal, folded
}

/// One parser event, with libyaml's marks.
enum RawEvent {
    case streamStart
    case streamEnd
    case documentStart(start: RawMark)
    case documentEnd(end: RawMark)
    case alias(anchor: String, start: RawMark, end: RawMark)
    case scalar(RawScalar)
    case sequenceStart(anchor: String?, tag: String?, start: RawMark)
    case sequenceEnd(end: RawMark)
    case mappingStart(anchor: String?, tag: String?, start: RawMark)
    case mappingEnd(end: RawMark)
}

/// A scalar event's payload.
struct RawScalar {
    var value: String
    var anchor: String?
    var tag: String?
    var style: YAMLScalarStyle
    var start: RawMark
    var end: RawMark
}

/// A libyaml parser failure before positions are converted.
struct RawFailure: Error {
    var isReaderError: Bool
    var problem: String
    /// Byte offset of the bad input for reader (encoding) errors.
    var problemOffset: Int
    var problemMark: RawMark
    var context: String?
    var contextMark: RawMark?
}

/// Takes parser events one at a time (``YAMLComposer``).
protocol YAMLEventSink {
    mutating func receive(_ event: RawEvent) throws(YAMLError)
    /// A scalar with no anchor or tag, from `start` to `end` (byte offsets, as
    /// ``YAMLBlockParser`` marks them): half the events of a manifest, handed over without the
    /// event and its two empty optional strings around them.
    mutating func receiveScalar(_ value: String, style: YAMLScalarStyle, start: Int, end: Int) throws(YAMLError)
    /// The start of a mapping or a sequence with no anchor or tag, at byte offset `start`.
    mutating func receiveCollectionStart(mapping: Bool, start: Int) throws(YAMLError)
    /// The end of the innermost open mapping or sequence, at byte offset `end`.
    mutating func receiveCollectionEnd(mapping: Bool, end: Int) throws(YAMLError)

    /// Whether the sink builds values only, which ``YAMLBlockParser`` may then hand over again
    /// for a block whose bytes and context repeat an earlier one's (`replayBlock`) instead of
    /// reading it again. A sink that keeps positions does not (the default).
    static var reusesBlocks: Bool { get }
    /// The block the parser reads next (one node) is to be recorded: `endRecording` follows it.
    mutating func beginRecording()
    /// The block begun last has been read: the sink keeps its node as number `id` (in place of
    /// the one it kept under that number, if any), or keeps nothing and says so (a scalar).
    mutating func endRecording(as id: Int) -> Bool
    /// Adds, at the place of the next node, the node recorded as `id` again.
    mutating func replayBlock(_ id: Int) throws(YAMLError)
}

extension YAMLEventSink {
    static var reusesBlocks: Bool { false }
    mutating func beginRecording() {}
    mutating func endRecording(as id: Int) -> Bool { false }
    mutating func replayBlock(_ id: Int) throws(YAMLError) {
        throw YAMLError(.syntax, "no block was recorded")
    }

    /// As the event: `receive(.scalar(…))`.
    mutating func receiveScalar(_ value: String, style: YAMLScalarStyle, start: Int, end: Int) throws(YAMLError) {
        try receive(
            .scalar(
                RawScalar(
                    value: value, anchor: nil, tag: nil, style: style,
                    start: RawMark(index: start, line: 0, column: 0), end: RawMark(index: end, line: 0, column: 0))))
    }

    /// As the event: `receive(.mappingStart(…))` or `receive(.sequenceStart(…))`.
    mutating func receiveCollectionStart(mapping: Bool, start: Int) throws(YAMLError) {
        let mark = RawMark(index: start, line: 0, column: 0)
        try receive(
            mapping
                ? .mappingStart(anchor: nil, tag: nil, start: mark) : .sequenceStart(anchor: nil, tag: nil, start: mark)
        )
    }

    /// As the event: `receive(.mappingEnd(…))` or `receive(.sequenceEnd(…))`.
    mutating func receiveCollectionEnd(mapping: Bool, end: Int) throws(YAMLError) {
        let mark = RawMark(index: end, line: 0, column: 0)
        try receive(mapping ? .mappingEnd(end: mark) : .sequenceEnd(end: mark))
    }
}
