import Foundation
import Testing

@testable import YAML

/// ``YAMLBlockParser`` against libyaml: wherever the direct path reads a stream, its documents
/// (values, styles, tags and every mark) must be the ones libyaml's path gives, and libyaml
/// must accept the stream; elsewhere it must hand the stream over.
@Suite struct YAMLBlockParserTests {
    /// What one stream gave on both paths.
    struct Outcome {
        /// Whether the direct path read it.
        var covered: Bool
        /// A description of the first difference, if any.
        var difference: String?
    }

    /// Reads `bytes` through both paths and compares them; where the plain composer reads
    /// values, they must be the full reader's.
    static func compare(_ bytes: [UInt8], allowsDuplicateKeys: Bool = false) -> Outcome {
        let reader = YAMLReader(allowsDuplicateKeys: allowsDuplicateKeys)
        if let plain = reader.valuesReadDirectly(from: bytes) {
            guard let full = try? reader.documents(from: bytes).map(\.root.value) else {
                return Outcome(covered: true, difference: "the plain composer read a stream the full reader rejects")
            }
            if plain != full && "\(plain)" != "\(full)" {
                return Outcome(covered: true, difference: "plain values \(plain) differ from \(full)")
            }
        }
        var reference: [YAMLDocument]?
        var referenceError: YAMLError?
        do {
            reference = try reader.documents(from: bytes, path: .libyaml)
        } catch {
            referenceError = error
        }
        let direct: [YAMLDocument]?
        do {
            direct = try reader.documents(from: bytes, path: .direct)
        } catch {
            return Outcome(covered: false, difference: referenceError == error ? nil : "direct threw \(error)")
        }
        guard let direct else { return Outcome(covered: false) }
        guard let reference else {
            return Outcome(covered: true, difference: "libyaml rejects what the direct path read: \(referenceError!)")
        }
        return Outcome(covered: true, difference: firstDifference(direct, reference))
    }

    /// nil when equal; NaN equals NaN here (documents are compared by their descriptions when
    /// `==` says they differ).
    static func firstDifference(_ a: [YAMLDocument], _ b: [YAMLDocument]) -> String? {
        if a == b { return nil }
        guard a.count == b.count else { return "\(a.count) documents, libyaml \(b.count)" }
        for (i, (x, y)) in zip(a, b).enumerated() where x != y {
            let dx = "\(x)"
            let dy = "\(y)"
            if dx == dy { continue }
            let common = zip(dx, dy).prefix { $0 == $1 }.count
            let from = max(0, common - 200)
            return
                "document \(i): direct …\(dx.dropFirst(from).prefix(400))… libyaml …\(dy.dropFirst(from).prefix(400))…"
        }
        return nil
    }

    private func expectSame(_ text: String, covered: Bool? = nil, sourceLocation: SourceLocation = #_sourceLocation) {
        let outcome = Self.compare(Array(text.utf8))
        #expect(
            outcome.difference == nil, "\(text.debugDescription): \(outcome.difference ?? "")",
            sourceLocation: sourceLocation)
        if let covered {
            #expect(
                outcome.covered == covered, "\(text.debugDescription) covered: \(outcome.covered)",
                sourceLocation: sourceLocation)
        }
    }

    // MARK: - Hand-written cases

    static let covered: [String] = [
        "", "\n", "# only a comment\n", "a: 1\n", "a: 1", "---\na: 1\n", "--- # c\na: 1\n---\nb: 2\n",
        "---\n", "---\n---\n", "a\n", "'x'\n", "\"x\"\n", "- a\n- b\n", "a:\n- x\n- y\nb: 1\n",
        "a:\n  - x\n  -\n  - y: 1\n    z:\n", "- - a\n  - b\n- c\n", "- a: 1\n  b: 2\n- c\n",
        "a:\n  b:\n    c: d\n  e: f\ng: h\n", "a: \nb:\n", "a:   # c\n  b: 1 # d\n# e\nc: 2\n",
        "k: 'it''s'\nd: \"q\\\"\\\\\\n\\t\\x41\\u00e9\\U0001F600\\0\\e\\N\\_\\L\\P\"\n",
        "a: []\nb: {}\nc:\n- []\n- {}\n", "a: |\n  x\n  y\nb: 1\n", "a: |-\n  x\n\n\nb: 1\n",
        "a: |+\n  x\n\n\nb: 1\n", "a: |2\n    x\n  y\n", "- |\n  text\n-  |\n   more\n",
        "a: |\n\n  x\n   \n  # not a comment\n\n# a comment\nb: 1\n", "a: |\n  x", "|\n x\n",
        "'a' : 1\n\"b\":\n  - 2\n", "a: b c  d \nx: y#z\nv: w # c\n", "-1: -x\n?a: :b\n",
        "on: yes\nn: ~\ni: 0x1F\nf: 1e3\ns: '00042'\nnan: .nan\n", "a: 1\n\n\n\nb: 2\n\n",
        "  a: 1\n  b: 2\n", "-\n  a: 1\n-\n- b\n", "a:\n  -\n  - x\nb:\n-\nc: 3\n",
        "---\na: 1\n---\n- b\n---\nc\n", "a: 'x y'\n'b': \"\"\nc: ''\n",
        "list:\n- name: app\n  args:\n  - --flag=1\n  - ':x'\n  env: []\n",
        "a:\n    b: 1\n    c: 2\nd: 3\n", "k:    v   \n", "a: x\n#c\n  # d\nb: y\n",
    ]

    /// Valid YAML the direct path leaves to libyaml, and errors.
    static let handedOver: [String] = [
        "a: &x 1\nb: *x\n", "a: !!str 1\n", "%YAML 1.1\n---\na: 1\n", "a: [1, 2]\n", "a: {b: 1}\n",
        "? a\n: b\n", "a: >\n  x\n", "a: 'x\n  y'\n", "a: \"x\n  y\"\n", "a: b\n  c\n", "a:\tb\n", "a: é\n",
        "a: 1\r\nb: 2\r\n", "--- a\n", "a: 1\n...\n", "a: b: c\n", "- a\nb: 1\n", "a: 1\n b: 2\n",
        "a:\n    b: 1\n  c: 2\n", "a: 'x'y\n", "a: [ ]\n", "a: \"\\/\"\n", "a: \"\\q\"\n", "a: \"\\uD800\"\n",
        "a: 1\na: 2\n", "key: - x\n", "a: |0\n  x\n", "a: |#c\n  x\n", "<<: {a: 1}\n", "a: 1 #c\n  b\n",
        "- a\n  - b\n", "a: \"x\"#c\n", "---\n...\n", "a: |\n    x\n  y: 1\n",
    ]

    /// Texts the parser's cache of recent texts cannot tell apart by length and their first,
    /// middle and last bytes (so they share a slot) read back as written, keys and values,
    /// plain and quoted, and so do texts longer than a slot holds.
    /// The eight-byte test is the byte rule in every lane, for every byte value, next to
    /// every kind of neighbour (a carry between lanes would show as a neighbour's verdict).
    @Test func eightBytesAtATimeIsTheByteRule() {
        let neighbours: [UInt8] = [0x00, 0x0A, 0x1F, 0x20, 0x61, 0x7E, 0x7F, 0x80, 0xFF]
        for c in 0...255 {
            for lane in 0..<8 {
                for n in neighbours {
                    var bytes = [UInt8](repeating: n, count: 8)
                    bytes[lane] = UInt8(c)
                    let word = bytes.withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
                    let expected = bytes.allSatisfy(ByteLanes.coversByte)
                    #expect(ByteLanes.coversWord(word) == expected, "byte \(c) in lane \(lane) among \(n)")
                }
            }
        }
        #expect(
            ByteLanes.coversByte(0x0A) && ByteLanes.coversByte(0x20) && ByteLanes.coversByte(0x7E))
        #expect(
            !ByteLanes.coversByte(0x09) && !ByteLanes.coversByte(0x0D) && !ByteLanes.coversByte(0x7F))
    }

    /// The text slots' comparison, words at a time with the last word overlapping, answers as
    /// `memcmp` does for every length a slot holds and a difference at every position. Each
    /// run ends its buffer (a read past its end would leave the buffer, which the sanitizer
    /// runs catch) after filler that differs (a read before its start would see it).
    @Test func shortRunsCompareEqualExactlyWhenTheirBytesAre() {
        for count in 0...40 {
            let a = (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            var cases: [([UInt8], Bool)] = [(a, true)]
            for i in 0..<count {
                var b = a
                b[i] ^= 0x01 << UInt8(i % 8)
                cases.append((b, false))
            }
            for (b, equal) in cases {
                // Each run at the end of its buffer, after different filler.
                let x = [UInt8](repeating: 0xAA, count: 9) + a
                let y = [UInt8](repeating: 0x55, count: 9) + b
                let same = x.withUnsafeBytes { xs in
                    y.withUnsafeBytes { ys in ByteLanes.equal(xs.baseAddress! + 9, ys.baseAddress! + 9, count: count) }
                }
                #expect(same == equal, "count \(count)")
            }
        }
    }

    /// The eight-byte search for a plain scalar's stops marks exactly the lanes that hold a
    /// line break, a space or a colon, for every byte the parser reads beside every other.
    @Test func eightBytesAtATimeFindThePlainScalarsStops() {
        let readable: [UInt8] = [0x0A] + Array(0x20...0x7E)
        for c in readable {
            for lane in 0..<8 {
                for n: UInt8 in [0x0A, 0x20, 0x3A, 0x61, 0x7E, 0x39, 0x3B, 0x1F + 1] {
                    var bytes = [UInt8](repeating: n, count: 8)
                    bytes[lane] = c
                    let word = bytes.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) }
                    var expected: UInt64 = 0
                    for (k, x) in bytes.enumerated() where x == 0x0A || x == 0x20 || x == 0x3A {
                        expected |= 0x80 << (8 * UInt64(k))
                    }
                    #expect(ByteLanes.stops(word) == expected, "byte \(c) in lane \(lane) among \(n)")
                }
            }
        }
    }

    /// A stream of any length, with one refused byte anywhere (a word or the tail), is refused.
    @Test func aRefusedByteAnywhereIsFound() {
        for length in 0..<40 {
            let ok: [UInt8] = (0..<length).map { (k: Int) -> UInt8 in k % 9 == 8 ? 0x0A : UInt8(0x61 + k % 26) }
            #expect(ok.withUnsafeBufferPointer(ByteLanes.covers))
            for at in 0..<length {
                for bad: UInt8 in [0x09, 0x7F, 0xC3, 0x00] {
                    var bytes = ok
                    bytes[at] = bad
                    #expect(!bytes.withUnsafeBufferPointer(ByteLanes.covers), "\(bad) at \(at) of \(length)")
                }
            }
        }
    }

    @Test func textsThatShareACacheSlotReadAsWritten() throws {
        var lines: [String] = []
        var expected = YAMLMapping()
        for i in 0..<2000 {
            let key = "a\(i % 10)b\(i / 10 % 10)c\(i / 100)z"
            let value = "v\(i % 7)m\(i % 11)q"
            let long = String(repeating: "x", count: 30 + i % 5) + "\(i)"
            lines.append("\(key): \(i % 2 == 0 ? value : "'\(value)'")")
            lines.append("\(key)-long: \(long)")
            expected.append(key, .string(value))
            expected.append(key + "-long", .string(long))
        }
        let bytes = Array((lines.joined(separator: "\n") + "\n").utf8)
        // Past the size from which the parser keeps its slots.
        #expect(bytes.count > 64 * 1024)
        let outcome = Self.compare(bytes)
        #expect(outcome.covered && outcome.difference == nil, "\(outcome)")
        let read = try #require(YAMLReader().valuesReadDirectly(from: bytes))
        #expect(read.count == 1 && read[0].mapping?.entries.map(\.key) == expected.entries.map(\.key))
        #expect(read.first?.mapping?.entries.map(\.value.string) == expected.entries.map(\.value.string))
    }

    @Test(arguments: covered)
    func coveredCasesMatchLibYAML(_ text: String) {
        expectSame(text, covered: true)
    }

    @Test(arguments: handedOver)
    func otherCasesGoToLibYAML(_ text: String) {
        expectSame(text, covered: false)
    }

    /// The plain composer reads values only in its subset and hands over anchors, aliases,
    /// tags, merge keys, repeated keys and non-scalar keys, whose values or errors are the full
    /// reader's; it reads the files kfc writes.
    @Test func thePlainComposerHandsOverWhatIsOutsideItsSubset() throws {
        let reader = YAMLReader()
        for text in [
            "a: &x 1\nb: *x\n", "a: !!str 1\n", "<<: {a: 1}\n", "b: 1\n<<:\n  a: 1\n", "a: 1\na: 2\n",
            "a: !x 1\n", "- &a x\n",
        ] {
            #expect(reader.valuesReadDirectly(from: Array(text.utf8)) == nil, "\(text.debugDescription)")
        }
        #expect(YAMLReader(allowsDuplicateKeys: true).valuesReadDirectly(from: Array("a: 1\na: 2\n".utf8)) != nil)
        let plain = try #require(reader.valuesReadDirectly(from: Array("a: 1\nb:\n- x\n---\n---\n- 'y'\n".utf8)))
        #expect(plain == [["a": 1, "b": ["x"]], .null, ["y"]])
        let emitted = Self.files.filter {
            $0.hasPrefix("Tests/Golden/verify-drift-none/manifests/")
                || $0.hasPrefix("Tests/PolicyCheckTests/Fixtures/kubeflower/")
        }
        #expect(emitted.count >= 20)
        var read = 0
        for path in emitted {
            let bytes = Array(try Data(contentsOf: Self.repo.appendingPathComponent(path)))
            if reader.valuesReadDirectly(from: bytes) != nil { read += 1 }
        }
        #expect(read == emitted.count, "\(read) of \(emitted.count) emitted files read by the plain composer")
    }

    @Test func aByteOrderMarkIsSkippedOnBothPaths() {
        expectSame("\u{FEFF}a: 1\nb: é\n", covered: false)
        expectSame("\u{FEFF}a: 1\nb: 2\n", covered: true)
    }

    @Test func aBlockScalarAtTheEndOfTheStream() {
        for text in ["a: |\n  x", "|\n x\n", "a: |\n", "a: |", "a: |-\n", "- |+\n\n", "a: |\n  x\n\n"] {
            let outcome = Self.compare(Array(text.utf8))
            #expect(outcome.difference == nil, "\(text.debugDescription): \(outcome.difference ?? "")")
            #expect(outcome.covered, "\(text.debugDescription)")
        }
    }

    @Test func aLongKeyGoesToLibYAML() {
        let key = String(repeating: "k", count: 1100)
        expectSame("\(key): 1\n", covered: false)
        expectSame("v: \(key)\n", covered: true)
    }

    @Test func deepNestingGoesToLibYAML() {
        var text = ""
        for i in 0..<300 { text += String(repeating: " ", count: i) + "k:\n" }
        expectSame(text, covered: false)
    }

    /// A repeated key is an error on both paths, and allowed on both when duplicates are.
    @Test func composerErrorsAreLibYAMLs() throws {
        let text = Array("a: 1\nb: 2\na: 3\n".utf8)
        #expect(throws: YAMLError.self) { try YAMLReader().documents(from: text) }
        do {
            _ = try YAMLReader().documents(from: text)
        } catch {
            #expect(error.kind == .duplicateKey)
            #expect(error.mark == YAMLMark(line: 3, column: 1, offset: 10))
        }
        #expect(Self.compare(text, allowsDuplicateKeys: true).covered)
        #expect(Self.compare(text, allowsDuplicateKeys: true).difference == nil)
    }

    // MARK: - Generated streams

    /// What ``YAMLWriter`` writes for random trees, at several indents and with explicit starts.
    @Test(arguments: [2, 3, 4])
    func writtenTreesMatchLibYAML(_ indent: Int) throws {
        var covered = 0
        var total = 0
        for seed in UInt64(1)...150 {
            let documents = YAMLTreeGenerator.documents(count: 8, seed: seed &* 7919)
            let options = YAMLWriter.Options(indent: indent)
            let writer = try YAMLWriter(options: options)
            for d in documents { try writer.writeDocument(d, explicitStart: seed % 2 == 0) }
            let stream = try writer.finish()
            total += 1
            let outcome = Self.compare(stream)
            if outcome.covered { covered += 1 }
            #expect(outcome.difference == nil, "seed \(seed): \(outcome.difference ?? "")")
            // Each document alone too: most streams hold one the direct path leaves.
            for d in documents {
                let one = try YAMLWriter.encode([d], options: options)
                total += 1
                let o = Self.compare(one)
                if o.covered { covered += 1 }
                #expect(o.difference == nil, "seed \(seed): \(o.difference ?? "")")
            }
        }
        #expect(covered * 2 > total, "\(covered) of \(total) streams read directly")
    }

    /// Every tricky string in every style, as a value, a key and an item.
    @Test(arguments: [nil, YAMLScalarStyle.plain, .singleQuoted, .doubleQuoted, .literal, .folded])
    func trickyStringsMatchLibYAML(_ style: YAMLScalarStyle?) throws {
        for s in TrickyStrings.all {
            let value = YAMLNode.string(s, style: style)
            let documents: [YAMLNode] = [
                value, .mapping(YAMLMapping([(s, value), ("k", value), ("n", ["a": value, "b": [value, value]])])),
                .sequence([value, [value], ["x": value], .sequence([]), .mapping(YAMLMapping())]),
            ]
            for d in documents {
                let outcome = Self.compare(try YAMLWriter.encode([d]))
                #expect(outcome.difference == nil, "\(s.debugDescription): \(outcome.difference ?? "")")
            }
        }
    }

    /// Streams the direct path reads, each with a few random edits (a byte removed, a line
    /// shifted, or an indicator, space, line break or quote put in): the direct path must read
    /// them as libyaml does or leave them to it.
    @Test func mutatedStreamsMatchLibYAML() throws {
        let pieces = [
            " ", "  ", "\n", ":", ": ", "-", "- ", "#", " #", "'", "\"", "|", "|-", "|+", "|2", "[]", "{}", "---\n",
            "\\", "a", "\n  ", "\n- ", "...\n", "?", ",", "&a ", "*a", "!", "%", "\t", "\r", "é",
        ]
        var random = SplitMix64(seed: 42)
        var bases: [[UInt8]] = []
        var seed: UInt64 = 1
        while bases.count < 150 {
            let stream = try YAMLWriter.encode(YAMLTreeGenerator.documents(count: 2, seed: seed, foreignEvery: 1000))
            seed += 1
            if Self.compare(stream).covered { bases.append(stream) }
        }
        var covered = 0
        var total = 0
        for base in bases {
            for _ in 0..<8 {
                var bytes = base
                for _ in 0..<(1 + random.below(3)) {
                    let at = random.below(bytes.count + 1)
                    switch random.below(4) {
                    case 0 where at < bytes.count:
                        bytes.remove(at: at)
                    case 1:
                        let lineStart = bytes[..<at].lastIndex(of: 10).map { $0 + 1 } ?? 0
                        bytes.insert(UInt8(ascii: " "), at: lineStart)
                    default:
                        bytes.insert(contentsOf: Array(pieces[random.below(pieces.count)].utf8), at: at)
                    }
                }
                let outcome = Self.compare(bytes)
                total += 1
                if outcome.covered { covered += 1 }
                #expect(
                    outcome.difference == nil,
                    "\(String(decoding: bytes, as: UTF8.self).debugDescription): \(outcome.difference ?? "")")
            }
        }
        // Many edits keep the stream valid and in the subset; they are compared, not handed over.
        #expect(covered * 4 > total, "\(covered) of \(total) mutated streams read directly")
    }

    // MARK: - Files

    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Every YAML file of the repository: test fixtures, golden cases, the fuzz corpus, examples.
    static let files: [String] = {
        var out: [String] = []
        for top in ["Tests", "examples", "deploy", "Fuzz/corpus"] {
            let dir = repo.appendingPathComponent(top)
            guard let e = FileManager.default.enumerator(atPath: dir.path) else { continue }
            for case let path as String in e where path.hasSuffix(".yaml") || path.hasSuffix(".yml") {
                out.append("\(top)/\(path)")
            }
        }
        return out.sorted()
    }()

    @Test func everyFileOfTheRepositoryMatchesLibYAML() throws {
        #expect(Self.files.count > 50)
        var covered = 0
        for path in Self.files {
            let bytes = Array(try Data(contentsOf: Self.repo.appendingPathComponent(path)))
            let outcome = Self.compare(bytes)
            if outcome.covered { covered += 1 }
            #expect(outcome.difference == nil, "\(path): \(outcome.difference ?? "")")
        }
        #expect(covered * 2 > Self.files.count, "\(covered) of \(Self.files.count) files read directly")
    }
}
