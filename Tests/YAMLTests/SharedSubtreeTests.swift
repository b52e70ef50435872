import Testing

@testable import YAML

/// The direct emitter copies a collection it has written before in the same state
/// (``YAMLDirectEmitter/Subtrees``): every stream must stay byte-identical to libyaml's.
@Suite struct SharedSubtreeTests {
    private func expectSameAsLibYAML(_ documents: [YAMLNode], indent: Int = 2, _ note: String) throws {
        let options = YAMLWriter.Options(indent: indent)
        let direct = try YAMLWriter.encode(documents, options: options)
        let reference = try YAMLWriter.encodeWithLibYAML(documents, options: options)
        #expect(String(decoding: direct, as: UTF8.self) == String(decoding: reference, as: UTF8.self), "\(note)")
    }

    /// Collections whose text ends a stream open (`|+`), holds other shared collections, or
    /// is a sequence that is indentless under a key and indented elsewhere.
    private static let handMade: [YAMLNode] = {
        let open: YAMLNode = .string("kept\n\n", style: .literal)
        let inner: YAMLNode = ["x": [1, 2], "y": .string("a\nb\n", style: .literal)]
        return [
            [open], ["k": open], [inner, inner], ["a": inner, "b": [inner]], ["- x", "a: b", "#c"],
            [.string("folded text\nline", style: .folded), .string("'q'\"", style: .doubleQuoted)],
            [.sequence([]), .mapping(YAMLMapping()), [[["deep": [[]]]]]],
        ]
    }()

    /// Random documents built from a pool of random and hand-made collections reused at random
    /// places, in every indentation, with and without foreign (libyaml) documents between.
    @Test(arguments: [2, 3, 9])
    func sharedCollectionsAreByteIdentical(_ indent: Int) throws {
        for seed in UInt64(1)...150 {
            var g = YAMLTreeGenerator(seed: seed)
            var pool = Self.handMade
            for _ in 0..<6 {
                let n = g.node(depth: 2, sharing: pool)
                if case .string = n { continue }
                pool.append(n)
            }
            var documents = (0..<30).map { _ in g.node(depth: 4, sharing: pool) }
            if seed % 3 == 0 { documents.insert(["é": pool[0]], at: 10) }
            try expectSameAsLibYAML(documents, indent: indent, "seed \(seed), indent \(indent)")
        }
    }

    /// Documents built and freed one at a time, so their storage's addresses come back for
    /// other contents: no address seen or recorded before may replay another collection's
    /// bytes.
    @Test func freedStorageIsNeverReplayed() throws {
        let writer = try YAMLWriter()
        let reference = try YAMLWriter(options: .init(), direct: false)
        for i in 0..<3_000 {
            // Fresh arrays each time, of the same sizes: the allocator hands the same blocks back.
            let document: YAMLNode = .mapping(
                YAMLMapping([("k", .sequence([.int(i % 7), .string(String(i))])), ("m", ["v": .int(i)])]))
            try writer.writeDocument(document)
            try reference.writeDocument(document)
        }
        let out = try writer.finish()
        #expect(out == (try reference.finish()))
        #expect(String(decoding: out, as: UTF8.self).contains("k:\n- 3\n- '2999'\nm:\n  v: 2999\n"))
    }

    /// The same collection met again and again is written once and then copied: a stream of
    /// one shared Job-like tree is the same text as libyaml's, document after document.
    @Test func aSharedCollectionIsCopiedInPlace() throws {
        let security: YAMLNode = ["runAsNonRoot": true, "capabilities": ["drop": ["ALL"]]]
        let documents: [YAMLNode] = (0..<50).map { i in
            ["name": .string("job-\(i)"), "spec": ["securityContext": security, "containers": [["s": security]]]]
        }
        try expectSameAsLibYAML(documents, "a security context in every document")
        let text = String(decoding: try YAMLWriter.encode(documents), as: UTF8.self)
        #expect(text.components(separatedBy: "capabilities:\n").count == 101)
    }
}
