import Testing

@testable import YAML

@Suite struct YAMLWriterTests {
    private func yaml(_ docs: YAMLNode...) throws -> String { try YAMLWriter.string(docs) }

    private func readBack(_ text: String) throws -> [YAMLNode] { try YAMLReader().values(from: text) }

    @Test(arguments: TrickyStrings.all)
    func stringValueRoundTrips(_ s: String) throws {
        let doc: YAMLNode = ["k": .string(s), "list": [.string(s)]]
        let text = try yaml(doc)
        #expect(try readBack(text) == [doc], "emitted: \(text.debugDescription)")
    }

    @Test(arguments: TrickyStrings.all)
    func stringKeyRoundTrips(_ s: String) throws {
        let doc: YAMLNode = .mapping(YAMLMapping([(s, "v"), ("other", 1)]))
        let text = try yaml(doc)
        #expect(try readBack(text) == [doc], "emitted: \(text.debugDescription)")
    }

    @Test(arguments: TrickyStrings.all)
    func stringDocumentRoundTrips(_ s: String) throws {
        let text = try yaml(.string(s), .string(s))
        #expect(try readBack(text) == [.string(s), .string(s)], "emitted: \(text.debugDescription)")
    }

    @Test(arguments: [YAMLScalarStyle.plain, .singleQuoted, .doubleQuoted, .literal, .folded])
    func requestedStylesRoundTrip(_ style: YAMLScalarStyle) throws {
        for s in TrickyStrings.all {
            let doc: YAMLNode = ["k": .string(s, style: style)]
            let text = try yaml(doc)
            #expect(try readBack(text) == [["k": .string(s)]], "style \(style), emitted: \(text.debugDescription)")
        }
    }

    @Test func plainWhenSafeQuotedWhenNot() throws {
        let doc: YAMLNode = [
            "name": "app", "cidr": "10.18.1.0/28", "cpu": "500m", "image": "alpine:3.17",
            "flag": "true", "on": "yes", "mode": "0755", "exp": "1e3", "date": "2024-01-01", "empty": "",
            "tilde": "~", "spaced": " x", "colon": "a: b",
        ]
        #expect(
            try yaml(doc) == """
                name: app
                cidr: 10.18.1.0/28
                cpu: 500m
                image: alpine:3.17
                flag: 'true'
                'on': 'yes'
                mode: '0755'
                exp: '1e3'
                date: '2024-01-01'
                empty: ''
                tilde: '~'
                spaced: ' x'
                colon: 'a: b'

                """)
    }

    @Test func typedScalarsArePlain() throws {
        let doc: YAMLNode = [
            "int": 42, "neg": -7, "max": .int(.max), "min": .int(.min), "t": true, "f": false, "nil": nil,
            "d": 1.0, "half": 0.5, "big": 1e20, "small": 1e-7, "inf": .double(.infinity),
            "ninf": .double(-.infinity), "nan": .double(.nan),
        ]
        #expect(
            try yaml(doc) == """
                int: 42
                neg: -7
                max: 9223372036854775807
                min: -9223372036854775808
                t: true
                f: false
                nil: null
                d: 1.0
                half: 0.5
                big: 1.0e+20
                small: 1.0e-07
                inf: .inf
                ninf: -.inf
                nan: .nan

                """)
    }

    @Test(arguments: [0.0, -0.0, 1.0, 0.1, 1e20, 1.5e-300, 123456.789, -2.5e-7, .greatestFiniteMagnitude])
    func doublesRoundTrip(_ d: Double) throws {
        let back = try readBack(try yaml(["d": .double(d)]))
        #expect(back == [["d": .double(d)]])
    }

    @Test func multiDocumentStreamWithNestedCollections() throws {
        let a: YAMLNode = [
            "apiVersion": "v1", "kind": "ConfigMap",
            "metadata": ["name": "plan", "labels": ["app": "kfc"]],
            "data": ["plan.json": "{\n  \"v\": 1\n}\n"],
        ]
        let b: YAMLNode = ["items": [1, "two", ["three": 3], [4, 5]], "empty": [:], "none": []]
        #expect(
            try yaml(a, b) == """
                apiVersion: v1
                kind: ConfigMap
                metadata:
                  name: plan
                  labels:
                    app: kfc
                data:
                  plan.json: |
                    {
                      "v": 1
                    }
                ---
                items:
                - 1
                - two
                - three: 3
                - - 4
                  - 5
                empty: {}
                none: []

                """)
        #expect(try readBack(try yaml(a, b)) == [a, b])
    }

    @Test func keyOrderIsKeptAsGiven() throws {
        let doc: YAMLNode = ["z": 1, "a": 2, "m": 3]
        #expect(try yaml(doc) == "z: 1\na: 2\nm: 3\n")
    }

    @Test func outputIsDeterministic() throws {
        let docs: [YAMLNode] = (0..<200).map { i in
            [
                "name": .string("client-\(i)"), "tricky": .string(TrickyStrings.all[i % TrickyStrings.all.count]),
                "n": .int(i), "x": .double(Double(i) / 7),
            ]
        }
        let first = try YAMLWriter.encode(docs)
        for _ in 0..<3 { #expect(try YAMLWriter.encode(docs) == first) }
    }

    @Test func streamingCallsMatchTreeEmission() throws {
        let writer = try YAMLWriter()
        try writer.beginDocument()
        try writer.beginMapping()
        try writer.writeKey("kind")
        try writer.write("Pod")
        try writer.writeKey("args")
        try writer.beginSequence()
        try writer.writeString("--plan")
        try writer.write(.string("true"))
        try writer.endSequence()
        try writer.endMapping()
        try writer.endDocument()
        let firstDocument = writer.takeOutput()
        try writer.writeDocument(["second": 2])
        let rest = try writer.finish()
        let tree = try YAMLWriter.encode([["kind": "Pod", "args": ["--plan", "true"]], ["second": 2]])
        #expect(firstDocument + rest == tree)
        #expect(String(decoding: firstDocument, as: UTF8.self) == "kind: Pod\nargs:\n- --plan\n- 'true'\n")
    }

    @Test func misuseIsAnEmitterError() throws {
        let writer = try YAMLWriter()
        try writer.beginDocument()
        #expect(throws: YAMLError.self) {
            try writer.endMapping()
        }
    }

    @Test func customIndent() throws {
        let text = try YAMLWriter.string([["a": ["b": ["c"]]]], options: .init(indent: 4))
        #expect(text == "a:\n    b:\n    - c\n")
    }
}
