/// Builds documents' plain values straight from ``YAMLBlockParser``'s events, with no
/// positioned tree: what ``YAMLReader/values(from:)`` reads when it only needs values
/// (`kfc verify` reads its manifests this way and reads positions again only for a finding).
///
/// It covers the plain subset the back ends write: no anchors, aliases, tags or merge keys, no
/// repeated key, nothing near a limit. On anything else it stops and the caller
/// reads the stream with ``YAMLComposer``, whose values and errors are the reference: the two
/// give the same value wherever this one finishes (tested, and compared by the `yaml` fuzz
/// target).
struct YAMLValueComposer: YAMLEventSink {
    /// An open collection: its pending entries or items are `entries[start...]` or
    /// `items[start...]`, one flat stack for all open collections. Each mapping or sequence is
    /// then made once at its exact size, where an array of its own grew (and was copied) at
    /// every power of two.
    private struct Frame {
        var isMapping: Bool
        var start: Int
        var key: String?
        /// Whether every key so far is ASCII: then two keys are equal exactly when their bytes
        /// are, and keys of different lengths are different (see `checked`).
        var asciiKeys = true
        /// Whether this collection is a block the parser records (`beginRecording`), and
        /// `documentNodes` when it started.
        var recording = false
        var nodesBefore = 0
    }

    /// A recorded block: its value and how many nodes it counts for the document's limit.
    private struct Recorded {
        var node: YAMLNode
        var nodes: Int
    }

    private let limits: YAMLReader.Limits
    private let allowsDuplicateKeys: Bool
    private var stack: [Frame] = []
    private let entries = GrowableBuffer<YAMLMapping.Pair>(capacity: 64)
    private let items = GrowableBuffer<YAMLNode>(capacity: 64)
    private var root: YAMLNode?
    private var documentNodes = 0
    /// The blocks recorded so far, by the number the parser replays them by (its table's
    /// entries); whether the next collection that starts is a recorded block; the last
    /// recorded block that ended.
    private var recorded: [Recorded] = []
    private var recordNext = false
    private var lastRecorded: Recorded?
    /// How many blocks were handed over again (the tests look).
    private(set) var replayedBlocks = 0
    private(set) var documents: [YAMLNode] = []

    init(limits: YAMLReader.Limits, allowsDuplicateKeys: Bool) {
        self.limits = limits
        self.allowsDuplicateKeys = allowsDuplicateKeys
    }

    /// The documents' values of `bytes` (a byte-order mark dropped, as ``YAMLComposer`` does),
    /// or nil when the direct reader does not cover the stream or it leaves the subset.
    static func values(of bytes: [UInt8], limits: YAMLReader.Limits, allowsDuplicateKeys: Bool) -> [YAMLNode]? {
        guard bytes.count <= limits.maxStreamBytes else { return nil }
        let bom = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        let body = bom == 0 ? bytes : Array(bytes[bom...])
        var sink = YAMLValueComposer(limits: limits, allowsDuplicateKeys: allowsDuplicateKeys)
        return YAMLBlockParser.read(body, into: &sink) ? sink.documents : nil
    }

    mutating func receive(_ event: RawEvent) throws(YAMLError) {
        switch event {
        case .streamStart, .streamEnd:
            return
        case .documentStart:
            root = nil
            documentNodes = 0
        case .documentEnd:
            documents.append(root ?? .null)
        case .scalar, .alias, .sequenceStart, .sequenceEnd, .mappingStart, .mappingEnd:
            // The block parser hands scalars and collections over as calls (below); as events
            // they come from a parser that reads anchors, tags and aliases, which this subset
            // has none of: the caller reads such a stream with `YAMLComposer`.
            throw Self.unsupported
        }
    }

    mutating func receiveCollectionStart(mapping: Bool, start: Int) throws(YAMLError) {
        guard stack.count < limits.maxDepth else { throw Self.unsupported }
        try expectNonKey()
        stack.append(
            Frame(
                isMapping: mapping, start: mapping ? entries.count : items.count, recording: recordNext,
                nodesBefore: documentNodes))
        recordNext = false
    }

    mutating func receiveCollectionEnd(mapping: Bool, end: Int) throws(YAMLError) {
        guard let frame = stack.popLast() else { return }
        let node: YAMLNode
        if frame.isMapping {
            node = .mapping(YAMLMapping(try checked(entries.take(from: frame.start), ascii: frame.asciiKeys)))
        } else {
            node = .sequence(items.take(from: frame.start))
        }
        try add(node, keyText: nil, isMergeKey: false)
        if frame.recording { lastRecorded = Recorded(node: node, nodes: documentNodes - frame.nodesBefore) }
    }

    // MARK: - Repeated blocks

    /// This sink builds plain values, which do not depend on where the bytes were.
    static var reusesBlocks: Bool { true }

    mutating func beginRecording() {
        recordNext = true
        lastRecorded = nil
    }

    mutating func endRecording(as id: Int) -> Bool {
        // A block that was a scalar started no collection, and the flag is still up.
        recordNext = false
        guard let block = lastRecorded.take() else { return false }
        // A block's number is taken before its inner blocks', which end (and come here) first.
        while recorded.count <= id { recorded.append(Recorded(node: .null, nodes: 0)) }
        recorded[id] = block
        return true
    }

    /// The recorded value again, as if its block had been read here: it counts its nodes, and
    /// the checks of `add` (a key where one is expected, the limits) apply as they did.
    mutating func replayBlock(_ id: Int) throws(YAMLError) {
        let block = recorded[id]
        try expectNonKey()
        documentNodes += block.nodes - 1
        try add(block.node, keyText: nil, isMergeKey: false)
        replayedBlocks += 1
    }

    mutating func receiveScalar(_ text: String, style: YAMLScalarStyle, start: Int, end: Int) throws(YAMLError) {
        // A key keeps only its text: it is not resolved (`add` never reads its value).
        let top = stack.count - 1
        let isKey = top >= 0 && stack[top].isMapping && stack[top].key == nil
        let value: YAMLNode = isKey ? .null : style == .plain ? YAMLScalarResolver.resolvePlain(text) : .string(text)
        if isKey && style == .doubleQuoted && !text.utf8.allSatisfy({ $0 < 0x80 }) {
            // Only an escape makes a key that is not ASCII: the parser reads nothing else.
            stack[top].asciiKeys = false
        }
        let isMergeKey = style == .plain && text.utf8.count == 2 && text == "<<"
        try add(value, keyText: text, isMergeKey: isMergeKey)
    }

    /// A collection where a key is expected would be a non-scalar key, outside the subset.
    @inline(__always) private func expectNonKey() throws(YAMLError) {
        let top = stack.count - 1
        if top >= 0, stack[top].isMapping, stack[top].key == nil { throw Self.unsupported }
    }

    /// A value in the open collection (or the document's root); `keyText` is the text of a
    /// scalar, which may be a key.
    private mutating func add(_ node: consuming YAMLNode, keyText: String?, isMergeKey: Bool) throws(YAMLError) {
        documentNodes += 1
        if documentNodes > limits.maxDocumentNodes { throw Self.unsupported }
        let top = stack.count - 1
        guard top >= 0 else {
            root = node
            return
        }
        guard stack[top].isMapping else {
            items.append(node)
            return
        }
        if stack[top].key != nil {
            if entries.count - stack[top].start >= limits.maxMappingEntries { throw Self.unsupported }
            // Moved out of the frame, not copied and cleared.
            entries.append((stack[top].key.take()!, node))
        } else {
            guard let keyText, !isMergeKey else { throw Self.unsupported }
            stack[top].key = keyText
        }
    }

    /// `entries` when no key repeats (unless repeats are allowed); a repeat is the full
    /// reader's error to report.
    /// With `ascii` keys, lengths are compared first: most pairs differ there, where a string
    /// comparison costs a call each (a mapping of n keys makes n²/2 pairs).
    private func checked(_ entries: [YAMLMapping.Pair], ascii: Bool) throws(YAMLError) -> [YAMLMapping.Pair] {
        if allowsDuplicateKeys { return entries }
        if entries.count <= 16 {
            for i in entries.indices.dropFirst() {
                let key = entries[i].0
                let length = key.utf8.count
                for j in 0..<i where (!ascii || entries[j].0.utf8.count == length) && entries[j].0 == key {
                    throw Self.unsupported
                }
            }
        } else {
            var seen = Set<String>()
            seen.reserveCapacity(entries.count)
            for e in entries where !seen.insert(e.0).inserted { throw Self.unsupported }
        }
        return entries
    }

    /// The sink's protocol throws `YAMLError`; leaving the subset is one the caller never sees.
    private static let unsupported = YAMLError(.syntax, "outside the plain subset")
}
