import Testing

@testable import YAML

@Suite struct YAMLReaderTests {
    private func value(_ text: String) throws -> YAMLNode {
        let docs = try YAMLReader().values(from: text)
        try #require(docs.count == 1)
        return docs[0]
    }

    private func error(_ text: String, reader: YAMLReader = YAMLReader()) -> YAMLError? {
        do {
            _ = try reader.documents(from: text)
            return nil
        } catch {
            return error
        }
    }

    // MARK: - Implicit typing

    static let plainScalars: [(String, YAMLNode)] = [
        ("~", nil), ("null", nil), ("Null", nil), ("NULL", nil), ("", nil),
        ("true", true), ("True", true), ("TRUE", true), ("yes", true), ("Yes", true), ("on", true), ("ON", true),
        ("y", true), ("Y", true), ("false", false), ("False", false), ("no", false), ("NO", false), ("off", false),
        ("n", false), ("tRUE", "tRUE"),
        ("0", 0), ("42", 42), ("-17", -17), ("+5", 5), ("1_000", 1000), ("0x1F", 31), ("0X1f", 31), ("-0x10", -16),
        ("0o17", 15), ("0755", 493), ("0b101", 5), ("9223372036854775807", .int(.max)),
        ("-9223372036854775808", .int(.min)), ("9223372036854775808", .double(9_223_372_036_854_775_808)),
        ("1.5", 1.5), ("-0.25", -0.25), (".5", 0.5), ("1.", 1.0), ("1e3", 1000.0), ("1.5E-2", 0.015),
        ("1_000.5", 1000.5), (".inf", .double(.infinity)), ("-.Inf", .double(-.infinity)),
        ("+.INF", .double(.infinity)),
        ("1.2.3", "1.2.3"), ("10.18.1.0/28", "10.18.1.0/28"), ("500m", "500m"), ("0x", "0x"), ("1:20", "1:20"),
        ("2001-12-14", "2001-12-14"), ("alpine:3.17", "alpine:3.17"), ("inf", "inf"), ("e3", "e3"),
    ]

    @Test(arguments: plainScalars)
    func plainScalarTyping(_ text: String, _ expected: YAMLNode) throws {
        #expect(try value("k: \(text)\n")["k"] == expected)
    }

    @Test func nanIsADouble() throws {
        let v = try value("k: .NaN\n")["k"]?.double
        #expect(v?.isNaN == true)
    }

    @Test func quotedAndBlockScalarsAreStrings() throws {
        let v = try value("a: 'true'\nb: \"42\"\nc: |\n  1.5\nd: >-\n  null\ne: ''\n")
        #expect(v == ["a": "true", "b": "42", "c": "1.5\n", "d": "null", "e": ""])
    }

    @Test func explicitTags() throws {
        let v = try value(
            """
            s: !!str 42
            i: !!int "0x10"
            f: !!float 1
            b: !!bool 'yes'
            n: !!null whatever
            x: !custom 12
            q: ! 12
            """)
        #expect(v == ["s": "42", "i": 16, "f": 1.0, "b": true, "n": nil, "x": "12", "q": "12"])
        let docs = try YAMLReader().documents(from: "x: !custom 12\n")
        #expect(docs[0].root["x"]?.tag == "!custom")
    }

    @Test func badTaggedValueIsAnErrorAtTheScalar() {
        let e = error("a: 1\nb: !!int twelve\n")
        #expect(e?.kind == .invalidTaggedValue)
        #expect(e?.mark == YAMLMark(line: 2, column: 4, offset: 8))
    }

    // MARK: - Structure

    @Test func multiDocumentStream() throws {
        let docs = try YAMLReader().documents(from: "a: 1\n---\nb: 2\n---\n--- c\n...\n")
        #expect(docs.map(\.root.value) == [["a": 1], ["b": 2], nil, "c"])
        #expect(docs.map(\.start.line) == [1, 2, 4, 5])
    }

    @Test func emptyStreamsHaveNoDocuments() throws {
        #expect(try YAMLReader().documents(from: "").isEmpty)
        #expect(try YAMLReader().documents(from: "# only a comment\n").isEmpty)
    }

    @Test func flowCollections() throws {
        #expect(try value("{a: [1, 'x', {b: null}], c: []}") == ["a": [1, "x", ["b": nil]], "c": []])
    }

    @Test func anchorsAliasesAndMergeKeys() throws {
        let v = try value(
            """
            base: &base {cpu: 1, memory: 2Gi}
            extra: &extra {gpu: 1, cpu: 9}
            list: &l [a, b]
            job:
              <<: [*base, *extra]
              cpu: 4
              again: *l
            """)
        // Merged entries take the place of '<<'; explicit keys win over merged ones.
        #expect(v["job"] == ["memory": "2Gi", "gpu": 1, "cpu": 4, "again": ["a", "b"]])
    }

    @Test func aliasBombHitsTheLimit() {
        var text = "a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n"
        for i in 1...9 {
            let refs = Array(repeating: "*a\(i - 1)", count: 10).joined(separator: ", ")
            text += "a\(i): &a\(i) [\(refs)]\n"
        }
        let e = error(text)
        #expect(e?.kind == .aliasExpansionLimit)
        #expect(e?.mark?.line == 5)
    }

    @Test func aliasesWithinTheLimitAreFine() throws {
        let reader = YAMLReader(limits: .init(maxAliasExpansion: 20))
        #expect(try reader.values(from: "a: &a [1, 2, 3]\nb: *a\nc: *a\n").count == 1)
        #expect(
            error("a: &a [1, 2, 3]\nb: *a\nc: *a\nd: *a\ne: *a\nf: *a\ng: *a\n", reader: reader)?.kind
                == .aliasExpansionLimit)
    }

    @Test func undefinedAlias() {
        let e = error("a: *nope\n")
        #expect(e?.kind == .undefinedAlias)
        #expect(e?.mark == YAMLMark(line: 1, column: 4, offset: 3))
    }

    @Test func recursiveAliasIsUndefined() {
        #expect(error("a: &x [*x]\n")?.kind == .undefinedAlias)
    }

    @Test func deepNestingHitsTheLimit() {
        let deep = String(repeating: "[", count: 100_000)
        #expect(error(deep)?.kind == .depthLimit)
        #expect(error(String(repeating: "- ", count: 600) + "x\n")?.kind == .depthLimit)
    }

    @Test func aliasesCannotStackPastTheDepthLimit() {
        // Each level nests the previous anchor one level deeper: fine one by one, too deep together.
        var text = "a0: &a0 [x]\n"
        for i in 1...12 { text += "a\(i): &a\(i) [[[[[[[[[[*a\(i - 1)]]]]]]]]]]\n" }
        let reader = YAMLReader(limits: .init(maxDepth: 64))
        let e = error(text, reader: reader)
        #expect(e?.kind == .depthLimit)
        #expect(e?.mark?.line == 8)
    }

    @Test func duplicateKeys() throws {
        let e = error("a: 1\nb: 2\na: 3\n")
        #expect(e?.kind == .duplicateKey)
        #expect(e?.mark == YAMLMark(line: 3, column: 1, offset: 10))
        #expect(e?.contextMark == YAMLMark(line: 1, column: 1, offset: 0))
        let lenient = YAMLReader(allowsDuplicateKeys: true)
        #expect(try lenient.values(from: "a: 1\na: 3\n") == [.mapping(YAMLMapping([("a", 1), ("a", 3)]))])
        #expect(try lenient.values(from: "a: 1\na: 3\n")[0]["a"] == 3)
    }

    @Test func complexKeysAreRejected() {
        #expect(error("? [a, b]\n: c\n")?.kind == .unsupportedKey)
    }

    @Test func nonStringKeysUseTheirText() throws {
        #expect(try value("1: a\ntrue: b\n~: c\n") == ["1": "a", "true": "b", "~": "c"])
    }
}
