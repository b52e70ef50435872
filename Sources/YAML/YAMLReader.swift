/// Reads YAML streams into positioned documents, over libyaml's parser (event API), or straight
/// from the bytes for the block-style subset most tools write (``YAMLBlockParser``: the same
/// documents and marks, several times faster).
///
/// - Every node has start and end ``YAMLMark``s (1-based line and byte column, byte offset).
/// - Plain scalars are typed as YAML 1.1 as Kubernetes (go-yaml v2) reads it: `True`, `yes`,
///   `on`, `y` are bools; `~`, `null` and empty values are null; `0x1F`, `0o17`, `0755`, `1_000`
///   are ints; `1.5`, `1e3`, `.inf`, `.nan` are floats. Quoted and block scalars are strings.
///   Explicit tags `!!str`, `!!int`, `!!float`, `!!bool`, `!!null` override; other tags are kept
///   on the node and do not change the value.
/// - Anchors and aliases are resolved (aliases copy the anchored node); the number of nodes
///   aliases add is limited, which stops "billion laughs" inputs. Merge keys (`<<`) are expanded.
/// - The stream's size, each document's number of nodes and each mapping's number of entries
///   are bounded too (``Limits``), so no input makes the reader build more than it allows.
/// - Mapping keys must be scalars; a repeated key is an error unless allowed, as with kubectl.
/// - Input must be UTF-8 (a leading byte-order mark is skipped; offsets count it, columns do
///   not). UTF-16 is rejected as an encoding error. Any input — binary, invalid UTF-8, deeply
///   nested, huge — gives documents or a ``YAMLError``, never a crash.
package struct YAMLReader: Sendable {
    /// Bounds on what one stream may make the reader build.
    package struct Limits: Sendable, Hashable {
        /// Deepest nesting of sequences and mappings.
        package var maxDepth: Int
        /// Most nodes that aliases may add to one document (each alias adds the size of the
        /// node it names).
        package var maxAliasExpansion: Int

        /// Most bytes of one stream (checked before parsing).
        package var maxStreamBytes: Int
        /// Most nodes (scalars and collections) one document may build, not counting what
        /// aliases add.
        package var maxDocumentNodes: Int
        /// Most entries of one mapping (merge keys included).
        package var maxMappingEntries: Int

        /// Creates limits; the defaults admit any realistic manifest.
        package init(
            maxDepth: Int = 512, maxAliasExpansion: Int = 100_000, maxStreamBytes: Int = 64 << 20,
            maxDocumentNodes: Int = 500_000, maxMappingEntries: Int = 100_000
        ) {
            self.maxDepth = maxDepth
            self.maxAliasExpansion = maxAliasExpansion
            self.maxStreamBytes = maxStreamBytes
            self.maxDocumentNodes = maxDocumentNodes
            self.maxMappingEntries = maxMappingEntries
        }
    }

    /// Bounds on nesting and alias expansion.
    package var limits: Limits
    /// Whether a mapping may repeat a key (the last value wins in ``YAMLParsedNode/value``).
    package var allowsDuplicateKeys: Bool

    /// Creates a reader.
    package init(limits: Limits = Limits(), allowsDuplicateKeys: Bool = false) {
        self.limits = limits
        self.allowsDuplicateKeys = allowsDuplicateKeys
    }

    /// The documents of a stream, in order. An empty stream has none; an empty document
    /// (`---` alone) has a null root.
    ///
    /// - Throws: ``YAMLError`` with the position of the first problem.
    package func documents(from bytes: [UInt8]) throws(YAMLError) -> [YAMLDocument] {
        var composer = YAMLComposer(bytes: bytes, limits: limits, allowsDuplicateKeys: allowsDuplicateKeys)
        return try composer.compose()
    }

    /// ``documents(from:)`` through libyaml alone: the reference the direct reader is tested
    /// and benchmarked against.
    package func documentsWithLibYAML(from bytes: [UInt8]) throws(YAMLError) -> [YAMLDocument] {
        try documents(from: bytes, path: .libyaml)!
    }

    /// The documents as the direct reader alone reads them, or nil where it hands the stream to
    /// libyaml (outside its subset, or an error): what tests and the fuzzer compare with
    /// ``documentsWithLibYAML(from:)``.
    package func documentsReadDirectly(from bytes: [UInt8]) throws(YAMLError) -> [YAMLDocument]? {
        try documents(from: bytes, path: .direct)
    }

    /// The documents read through one path only: libyaml's, or the direct reader's (nil where
    /// it does not cover the stream). Tests compare the two.
    func documents(from bytes: [UInt8], path: YAMLComposer.Path) throws(YAMLError) -> [YAMLDocument]? {
        var composer = YAMLComposer(bytes: bytes, limits: limits, allowsDuplicateKeys: allowsDuplicateKeys)
        return try composer.compose(path: path)
    }

    /// The documents of a stream given as text.
    package func documents(from text: String) throws(YAMLError) -> [YAMLDocument] {
        try documents(from: Array(text.utf8))
    }

    /// The documents' values without positions: built straight from the direct reader's
    /// events where the stream is in its plain subset (no positioned tree at all), else the
    /// values of ``documents(from:)``, which they always equal.
    package func values(from bytes: [UInt8]) throws(YAMLError) -> [YAMLNode] {
        if let values = YAMLValueComposer.values(of: bytes, limits: limits, allowsDuplicateKeys: allowsDuplicateKeys) {
            return values
        }
        return try documents(from: bytes).map(\.root.value)
    }

    /// The values as the plain composer alone reads them, or nil where it hands the stream to
    /// the full reader: what tests and the fuzzer compare with ``documents(from:)``'s values.
    package func valuesReadDirectly(from bytes: [UInt8]) -> [YAMLNode]? {
        YAMLValueComposer.values(of: bytes, limits: limits, allowsDuplicateKeys: allowsDuplicateKeys)
    }

    /// The documents' values without positions, from text.
    package func values(from text: String) throws(YAMLError) -> [YAMLNode] {
        try values(from: Array(text.utf8))
    }
}
