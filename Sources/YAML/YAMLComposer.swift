/// Builds positioned documents from parser events (one use per stream): ``YAMLBlockParser``'s
/// where it covers the stream, else libyaml's.
///
/// Collections are built on an explicit stack, so nesting depth is bounded by the limit, not
/// by the thread's stack.
struct YAMLComposer: YAMLEventSink {
    /// An open collection. A struct mutated in place on the stack, so appends never copy.
    private struct Frame {
        var isMapping: Bool
        var anchor: String?
        var tag: String?
        var start: YAMLMark
        var items: [YAMLParsedNode] = []
        var entries: [YAMLParsedEntry] = []
        var key: YAMLParsedNode?
        var size = 1
        /// Nesting levels of the tallest child collection.
        var height = 0
    }

    /// A finished node with the counts the limits need.
    private struct Built {
        var node: YAMLParsedNode
        /// Nodes it stands for, counting what aliases inside it expand to.
        var size: Int
        /// Collection levels it nests (0 for a scalar).
        var height: Int
    }

    private let bytes: [UInt8]
    private let limits: YAMLReader.Limits
    private let allowsDuplicateKeys: Bool
    private var mapper: YAMLPositionMapper
    private var stack: [Frame] = []
    private var anchors: [String: Built] = [:]
    private var aliasNodes = 0
    private var documentNodes = 0
    private var root: Built?
    private var documents: [YAMLDocument] = []
    private var documentStart = YAMLMark(line: 1, column: 1, offset: 0)

    init(bytes: [UInt8], limits: YAMLReader.Limits, allowsDuplicateKeys: Bool) {
        // libyaml, told the input is UTF-8, would read a byte-order mark as a character that
        // shifts the first line's columns; drop it here and keep offsets counting it.
        let bom = bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        self.bytes = bom == 0 ? bytes : Array(bytes[bom...])
        self.limits = limits
        self.allowsDuplicateKeys = allowsDuplicateKeys
        mapper = YAMLPositionMapper(bytes: self.bytes, base: bom)
    }

    /// Which reader gives the events.
    enum Path {
        /// ``YAMLBlockParser`` where it covers the stream, else libyaml.
        case automatic
        /// libyaml alone.
        case libyaml
        /// ``YAMLBlockParser`` alone: ``compose(path:)`` returns nil where it does not cover the
        /// stream or the composer rejects it (tests compare the two paths).
        case direct
    }

    mutating func compose() throws(YAMLError) -> [YAMLDocument] {
        try compose(path: .automatic)!
    }

    /// The documents read through `path`; nil only for `.direct` when it does not apply.
    mutating func compose(path: Path) throws(YAMLError) -> [YAMLDocument]? {
        if bytes.count > limits.maxStreamBytes {
            throw YAMLError(
                .sizeLimit, "the stream is \(bytes.count) bytes; at most \(limits.maxStreamBytes) are read",
                at: YAMLMark(line: 1, column: 1, offset: 0))
        }
        if path != .libyaml {
            // A fresh copy reads directly; on anything it does not cover, or any error (libyaml
            // reports errors its own way), this composer starts over with libyaml.
            var direct = self
            if YAMLBlockParser.read(bytes, into: &direct) { return direct.documents }
            if path == .direct { return nil }
        }
        guard let parser = LibYAMLParser(bytes: bytes) else {
            throw YAMLError(.syntax, "libyaml parser could not be initialised")
        }
        while true {
            let event: RawEvent
            do {
                event = try parser.next()
            } catch {
                throw convert(error)
            }
            try receive(event)
            if case .streamEnd = event { return documents }
        }
    }

    /// Adds one event to the documents.
    mutating func receive(_ event: RawEvent) throws(YAMLError) {
        switch event {
        case .streamStart, .streamEnd:
            return
        case .documentStart(let start):
            documentStart = mapper.mark(start)
            anchors = [:]
            aliasNodes = 0
            documentNodes = 0
            root = nil
        case .documentEnd(let end):
            let endMark = mapper.mark(end)
            let node =
                root?.node
                ?? YAMLParsedNode(
                    content: .scalar(YAMLParsedScalar(text: "", style: .plain, value: .null)),
                    start: documentStart, end: documentStart)
            documents.append(YAMLDocument(root: node, start: documentStart, end: endMark))
        case .scalar(let raw):
            let start = mapper.mark(raw.start)
            let end = mapper.mark(raw.end)
            let value = try Self.value(of: raw, at: start)
            let node = YAMLParsedNode(
                content: .scalar(YAMLParsedScalar(text: raw.value, style: raw.style, value: value)),
                tag: raw.tag, start: start, end: end)
            let built = Built(node: node, size: 1, height: 0)
            if let anchor = raw.anchor { anchors[anchor] = built }
            try add(built)
        case .alias(let anchor, let start, _):
            let mark = mapper.mark(start)
            guard let target = anchors[anchor] else {
                throw YAMLError(.undefinedAlias, "alias '\(anchor)' names no anchor defined before it", at: mark)
            }
            aliasNodes += target.size
            if aliasNodes > limits.maxAliasExpansion {
                throw YAMLError(
                    .aliasExpansionLimit,
                    "aliases expand to more than \(limits.maxAliasExpansion) nodes", at: mark)
            }
            // An alias pastes a whole subtree: the result must still respect the depth limit.
            if stack.count + target.height > limits.maxDepth {
                throw YAMLError(.depthLimit, "collections nest deeper than \(limits.maxDepth) levels", at: mark)
            }
            try add(target)
        case .sequenceStart(let anchor, let tag, let start):
            let mark = mapper.mark(start)
            try checkDepth(at: mark)
            stack.append(Frame(isMapping: false, anchor: anchor, tag: tag, start: mark))
        case .mappingStart(let anchor, let tag, let start):
            let mark = mapper.mark(start)
            try checkDepth(at: mark)
            stack.append(Frame(isMapping: true, anchor: anchor, tag: tag, start: mark))
        case .sequenceEnd(let end), .mappingEnd(let end):
            let endMark = mapper.mark(end)
            guard let frame = stack.popLast() else { return }
            let node: YAMLParsedNode
            if frame.isMapping {
                let merged = try mergeAndCheck(frame.entries)
                node = YAMLParsedNode(content: .mapping(merged), tag: frame.tag, start: frame.start, end: endMark)
            } else {
                node = YAMLParsedNode(
                    content: .sequence(frame.items), tag: frame.tag, start: frame.start, end: endMark)
            }
            let built = Built(node: node, size: frame.size, height: frame.height + 1)
            if let anchor = frame.anchor { anchors[anchor] = built }
            try add(built)
        }
    }

    // MARK: - Building

    private func checkDepth(at mark: YAMLMark) throws(YAMLError) {
        if stack.count >= limits.maxDepth {
            throw YAMLError(.depthLimit, "collections nest deeper than \(limits.maxDepth) levels", at: mark)
        }
    }

    private mutating func add(_ built: Built) throws(YAMLError) {
        documentNodes += 1
        if documentNodes > limits.maxDocumentNodes {
            throw YAMLError(
                .sizeLimit, "the document has more than \(limits.maxDocumentNodes) nodes", at: built.node.start)
        }
        let top = stack.count - 1
        guard top >= 0 else {
            root = built
            return
        }
        let node = built.node
        stack[top].size += built.size
        stack[top].height = max(stack[top].height, built.height)
        guard stack[top].isMapping else {
            stack[top].items.append(node)
            return
        }
        if let key = stack[top].key {
            if stack[top].entries.count >= limits.maxMappingEntries {
                throw YAMLError(
                    .sizeLimit, "a mapping has more than \(limits.maxMappingEntries) entries", at: key.start)
            }
            stack[top].entries.append(YAMLParsedEntry(key: key, value: node))
            stack[top].key = nil
        } else {
            guard node.scalar != nil else {
                throw YAMLError(.unsupportedKey, "mapping keys must be scalars", at: node.start)
            }
            stack[top].key = node
        }
    }

    /// Expands merge keys (`<<: *base` or `<<: [*a, *b]`; explicit keys win, earlier sources
    /// win over later ones) and rejects repeated explicit keys.
    private func mergeAndCheck(_ entries: [YAMLParsedEntry]) throws(YAMLError) -> [YAMLParsedEntry] {
        if !allowsDuplicateKeys {
            // Kubernetes mappings are small: comparing pairs beats hashing every key.
            if entries.count <= 16 {
                for (i, e) in entries.enumerated() where !Self.isMergeKey(e.key) {
                    let text = e.key.scalarText
                    if let first = entries[..<i].first(where: { $0.key.scalarText == text && !Self.isMergeKey($0.key) })
                    {
                        throw duplicate(e, first: first)
                    }
                }
            } else {
                var seen: [String: YAMLParsedEntry] = [:]
                seen.reserveCapacity(entries.count)
                for e in entries where !Self.isMergeKey(e.key) {
                    let text = e.key.scalarText ?? ""
                    if let first = seen[text] { throw duplicate(e, first: first) }
                    seen[text] = e
                }
            }
        }
        guard entries.contains(where: { Self.isMergeKey($0.key) }) else { return entries }
        var seen = Set(entries.filter { !Self.isMergeKey($0.key) }.map { $0.key.scalarText ?? "" })
        var result: [YAMLParsedEntry] = []
        for e in entries {
            guard Self.isMergeKey(e.key) else {
                result.append(e)
                continue
            }
            let sources: [YAMLParsedNode]
            switch e.value.content {
            case .mapping: sources = [e.value]
            case .sequence(let items): sources = items
            case .scalar:
                throw YAMLError(.syntax, "merge key '<<' needs a mapping or a sequence of mappings", at: e.value.start)
            }
            for source in sources {
                guard let inherited = source.entries else {
                    throw YAMLError(
                        .syntax, "merge key '<<' needs a mapping or a sequence of mappings", at: source.start)
                }
                for m in inherited where seen.insert(m.key.scalarText ?? "").inserted {
                    result.append(m)
                }
                if result.count > limits.maxMappingEntries {
                    throw YAMLError(
                        .sizeLimit, "a mapping has more than \(limits.maxMappingEntries) entries", at: e.key.start)
                }
            }
        }
        return result
    }

    private func duplicate(_ e: YAMLParsedEntry, first: YAMLParsedEntry) -> YAMLError {
        YAMLError(
            .duplicateKey, "mapping key '\(e.key.scalarText ?? "")' is already defined", at: e.key.start,
            context: "first defined", contextMark: first.key.start)
    }

    private static func isMergeKey(_ key: YAMLParsedNode) -> Bool {
        guard let s = key.scalar else { return false }
        return s.style == .plain && s.text == "<<" && (key.tag == nil || key.tag == "tag:yaml.org,2002:merge")
    }

    // MARK: - Scalars

    private static let tagPrefix = "tag:yaml.org,2002:"

    /// The value of a scalar event: tags first, then implicit typing of plain scalars.
    private static func value(of raw: RawScalar, at mark: YAMLMark) throws(YAMLError) -> YAMLNode {
        guard let tag = raw.tag, tag != "!" else {
            return raw.style == .plain && raw.tag == nil
                ? YAMLScalarResolver.resolvePlain(raw.value) : .string(raw.value)
        }
        guard tag.hasPrefix(tagPrefix) else { return .string(raw.value) }
        let text = raw.value
        switch tag.dropFirst(tagPrefix.count) {
        case "str":
            return .string(text)
        case "null":
            return .null
        case "bool":
            if let b = YAMLScalarResolver.boolWords[text] { return .bool(b) }
        case "int":
            if case .int(let i)? = YAMLScalarResolver.resolveNumber(text) { return .int(i) }
        case "float":
            switch YAMLScalarResolver.resolveNumber(text) {
            case .int(let i)?: return .double(Double(i))
            case .double(let d)?: return .double(d)
            default: break
            }
        default:
            return .string(text)
        }
        throw YAMLError(.invalidTaggedValue, "'\(text)' is not a valid \(tag.dropFirst(tagPrefix.count))", at: mark)
    }

    // MARK: - Errors

    private mutating func convert(_ f: RawFailure) -> YAMLError {
        if f.isReaderError {
            return YAMLError(.encoding, f.problem, at: mapper.mark(byteOffset: f.problemOffset))
        }
        return YAMLError(
            .syntax, f.problem, at: mapper.mark(f.problemMark),
            context: f.context, contextMark: f.contextMark.map { mapper.mark($0) })
    }
}
