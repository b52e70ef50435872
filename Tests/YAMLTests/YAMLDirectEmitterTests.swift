import Testing

@testable import YAML

/// ``YAMLWriter`` writes ASCII documents with ``YAMLDirectEmitter`` and the rest with libyaml;
/// every stream must be byte-identical to libyaml writing all of it.
@Suite struct YAMLDirectEmitterTests {
    /// `documents` through the writer and through libyaml alone.
    private func both(_ documents: [YAMLNode], indent: Int = 2) throws -> (direct: String, libyaml: String) {
        let options = YAMLWriter.Options(indent: indent)
        return (
            String(decoding: try YAMLWriter.encode(documents, options: options), as: UTF8.self),
            String(decoding: try YAMLWriter.encodeWithLibYAML(documents, options: options), as: UTF8.self)
        )
    }

    /// The name fast path of the scalar analysis finds what the full analysis finds, on names,
    /// generated strings and every short string of the bytes near its edges; its bit sets are
    /// the byte classes they name.
    @Test func nameAnalysisEqualsTheFullOne() {
        typealias A = YAMLDirectEmitter.ScalarAnalysis
        for c in UInt8(0)...UInt8(255) {
            let isAlnum = (0x30...0x39).contains(c) || (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c)
            #expect(A.isIn(c, A.nameStartLow, A.nameStartHigh) == isAlnum, "\(c)")
            #expect(A.isIn(c, A.nameLow, A.nameHigh) == (isAlnum || "-./_".utf8.contains(c)), "\(c)")
        }
        var texts = StringGenerator.strings(count: 5_000) + TrickyStrings.all
        texts += [
            "a", "0", "app.kubernetes.io/name", "digits-fl-client-10", "-", "--", "---", "...", "a:", "a#b", "_x",
        ]
        let alphabet = Array("a0-./_:# '\n\u{7F}Z")
        var random = SplitMix64(seed: 7)
        for _ in 0..<20_000 {
            texts.append(String((0..<random.below(6)).map { _ in alphabet[random.below(alphabet.count)] }))
        }
        var names = 0
        for t in texts {
            var bytes = t
            let (fast, full, isName) = bytes.withUTF8 { p in (A(p), A(full: p), A.isName(p)) }
            if isName { names += 1 }
            #expect(fast == full, "\(t.debugDescription)")
        }
        #expect(names > 1000 && names < texts.count / 2, "\(names) names of \(texts.count)")
    }

    @Test(arguments: [2, 3, 4, 9, 1])
    func randomTreesAreByteIdentical(_ indent: Int) throws {
        var covered = 0
        for seed in UInt64(1)...400 {
            let documents = YAMLTreeGenerator.documents(count: 20, seed: seed)
            covered += documents.filter(YAMLDirectEmitter.covers).count
            let (direct, libyaml) = try both(documents, indent: indent)
            #expect(direct == libyaml, "seed \(seed), indent \(indent)")
        }
        // Most documents take the direct path; the rest exercise the hand-over to libyaml.
        #expect(covered > 6000 && covered < 8000, "\(covered) of 8000 documents written directly")
    }

    @Test(arguments: [nil, YAMLScalarStyle.plain, .singleQuoted, .doubleQuoted, .literal, .folded])
    func trickyStringsInEveryPositionAndStyle(_ style: YAMLScalarStyle?) throws {
        for s in TrickyStrings.all {
            let value = YAMLNode.string(s, style: style)
            let documents: [YAMLNode] = [
                value,
                .mapping(YAMLMapping([(s, value), ("k", value), ("n", ["a": value, "b": [value, value]])])),
                .sequence([value, [value], ["x": value], .sequence([]), .mapping(YAMLMapping())]),
                ["last": value],
            ]
            let (direct, libyaml) = try both(documents)
            #expect(direct == libyaml, "\(s.debugDescription) in style \(String(describing: style))")
            for d in documents {
                let (one, reference) = try both([d])
                #expect(one == reference, "\(s.debugDescription) alone in style \(String(describing: style))")
            }
        }
    }

    @Test func theDirectPathCoversASCIIAndNothingElse() {
        #expect(YAMLDirectEmitter.covers(["a": ["b", 1, 2.5, true, .null], "c": .string("x\n'\"\t\r\u{7F}")]))
        #expect(!YAMLDirectEmitter.covers(["a": "héllo"]))
        #expect(!YAMLDirectEmitter.covers(["日": 1]))
        #expect(!YAMLDirectEmitter.covers([.string("a\u{0}b")]))
    }

    /// Direct and libyaml documents in one stream, in every order, with explicit starts, block
    /// scalars that leave the stream open (`|+`) last, and output taken between documents.
    @Test func mixedStreamsMatchLibYAML() throws {
        let ascii: [YAMLNode] = [["a": 1], .string("keep\n\n"), ["k": .string("x\n")], "plain"]
        let foreign: [YAMLNode] = [["é": 1], .string("日\n\n"), ["k": .string("ü\n")], "ß"]
        for mask in 0..<256 {
            let documents = (0..<8).map { i in mask & (1 << i) != 0 ? foreign[i % 4] : ascii[(i + mask) % 4] }
            for explicitFirst in [false, true] {
                let writer = try YAMLWriter()
                let reference = try YAMLWriter(options: .init(), direct: false)
                var out: [UInt8] = []
                var expected: [UInt8] = []
                for (i, d) in documents.enumerated() {
                    try writer.writeDocument(d, explicitStart: explicitFirst && i == 0)
                    try reference.writeDocument(d, explicitStart: explicitFirst && i == 0)
                    if i % 3 == 1 {
                        out += writer.takeOutput()
                        expected += reference.takeOutput()
                    }
                }
                out += try writer.finish()
                expected += try reference.finish()
                #expect(out == expected, "mask \(mask), explicit first \(explicitFirst)")
            }
        }
    }

    /// The streaming calls (libyaml) after and before whole documents (direct).
    @Test func streamingCallsBetweenDirectDocuments() throws {
        let writer = try YAMLWriter()
        try writer.writeDocument(["a": .string("b\n\n")])
        try writer.beginDocument()
        try writer.beginMapping()
        try writer.writeKey("k")
        try writer.write(.string("v\n\n"))
        try writer.endMapping()
        try writer.endDocument()
        try writer.writeDocument(["c": 1])
        let text = String(decoding: try writer.finish(), as: UTF8.self)
        #expect(text == "a: |+\n  b\n\n---\nk: |+\n  v\n\n---\nc: 1\n")
        #expect(try both([["a": .string("b\n\n")], ["k": .string("v\n\n")], ["c": 1]]).libyaml == text)
    }

    @Test func anEmptyStreamIsEmpty() throws {
        #expect(try YAMLWriter.encode([]).isEmpty)
        #expect(try YAMLWriter().finish().isEmpty)
    }
}
