import Testing

@testable import YAML

/// Round-trip properties over thousands of generated strings.
@Suite struct YAMLPropertyTests {
    static let strings = StringGenerator.strings(count: 3000)

    @Test func generatedStringsRoundTripAsValuesKeysAndDocuments() throws {
        var docs: [YAMLNode] = []
        for (i, s) in Self.strings.enumerated() {
            docs.append(.mapping(YAMLMapping([("i", .int(i)), ("v", .string(s)), ("l", [.string(s)])])))
            docs.append(.mapping(YAMLMapping([(s, .int(i))])))
            docs.append(.string(s))
        }
        let text = try YAMLWriter.encode(docs)
        let back = try YAMLReader().values(from: text)
        #expect(back.count == docs.count)
        for (got, want) in zip(back, docs) where got != want {
            Issue.record("round trip changed \(want) into \(got)")
        }
    }

    @Test(arguments: [YAMLScalarStyle.plain, .singleQuoted, .doubleQuoted, .literal, .folded])
    func generatedStringsRoundTripInEveryRequestedStyle(_ style: YAMLScalarStyle) throws {
        let docs: [YAMLNode] = Self.strings.map { ["v": .string($0, style: style), "w": [.string($0, style: style)]] }
        let back = try YAMLReader().values(from: try YAMLWriter.encode(docs))
        let want: [YAMLNode] = Self.strings.map { ["v": .string($0), "w": [.string($0)]] }
        #expect(back.count == want.count)
        for (got, w) in zip(back, want) where got != w {
            Issue.record("style \(style): \(w) came back as \(got)")
        }
    }

    @Test func generatedStringsNeverCrashTheReader() {
        // The same fragments as raw YAML text: any outcome but a crash is acceptable.
        var g = StringGenerator(seed: 99)
        for _ in 0..<3000 {
            _ = try? YAMLReader().documents(from: g.string(maxFragments: 20))
        }
    }
}
