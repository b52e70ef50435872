import Testing

@testable import YAML

@Suite struct YAMLPositionTests {
    private func mark(_ line: Int, _ column: Int, _ offset: Int) -> YAMLMark {
        YAMLMark(line: line, column: column, offset: offset)
    }

    @Test func nodesCarryLineColumnAndOffset() throws {
        let text = "apiVersion: v1\nspec:\n  containers:\n  - name: app\n    args: [\"x\", 'y']\n"
        let root = try #require(try YAMLReader().documents(from: text).first?.root)
        let api = try #require(root.entry("apiVersion"))
        #expect(api.key.start == mark(1, 1, 0))
        #expect(api.key.end == mark(1, 11, 10))
        #expect(api.value.start == mark(1, 13, 12))
        #expect(api.value.end == mark(1, 15, 14))
        let container = try #require(root["spec"]?["containers"]?.items?.first)
        #expect(container.start == mark(4, 5, 39))
        #expect(container.entry("name")?.value.start == mark(4, 11, 45))
        let args = try #require(container["args"])
        #expect(args.start == mark(5, 11, 59))
        #expect(args.items?[1].start == mark(5, 17, 65))
        #expect(args.items?[1].scalar?.style == .singleQuoted)
    }

    @Test func columnsAndOffsetsCountBytesNotCharacters() throws {
        let text = "é: ü\nkey: \"ααα\" # c\nz: x\n"
        let root = try #require(try YAMLReader().documents(from: text).first?.root)
        #expect(root.entry("é")?.value.start == mark(1, 5, 4))
        #expect(root.entry("key")?.value.start == mark(2, 6, 12))
        #expect(root.entry("key")?.value.end == mark(2, 14, 20))
        #expect(root.entry("z")?.key.start == mark(3, 1, 25))
        let bytes = Array(text.utf8)
        #expect(bytes[4..<6] == ArraySlice("ü".utf8))
        #expect(bytes[25] == UInt8(ascii: "z"))
    }

    @Test func byteOrderMarkIsSkippedAndCounted() throws {
        let root = try #require(try YAMLReader().documents(from: "\u{FEFF}a: 1\nb: 2\n").first?.root)
        #expect(root.value == ["a": 1, "b": 2])
        #expect(root.entry("a")?.key.start.offset == 3)
        #expect(root.entry("a")?.key.start.column == 1)
        #expect(root.entry("b")?.key.start == mark(2, 1, 8))
        let unicode = try #require(try YAMLReader().documents(from: "\u{FEFF}é: ü\n").first?.root)
        #expect(unicode.entry("é")?.value.start == mark(1, 5, 7))
    }

    @Test func crlfLineBreaks() throws {
        let root = try #require(try YAMLReader().documents(from: "a: 1\r\nb: é\r\nc: 3\r\n").first?.root)
        #expect(root.value == ["a": 1, "b": "é", "c": 3])
        #expect(root.entry("b")?.key.start == mark(2, 1, 6))
        #expect(root.entry("c")?.key.start == mark(3, 1, 13))
    }

    /// libyaml also ends a line at a lone CR (and NEL, U+2028, U+2029); marks count lines as the
    /// source file does, with `\n` only, so a diagnostic never points past the file's last line
    /// (fuzz finding `yaml`: the renderer indexed a line the file did not have).
    @Test(arguments: ["\r", "\u{85}", "\u{2028}"])
    func lineBreaksOtherThanNewlineDoNotStartALine(_ br: String) throws {
        for value in ["x", "é"] {
            let text = "a: 1\(br)b: \(value)\nc: 3\n"
            let root = try #require(try YAMLReader().documents(from: text).first?.root)
            #expect(root.value == ["a": 1, "b": .string(value), "c": 3])
            let w = br.utf8.count
            let v = value.utf8.count
            #expect(root.entry("b")?.key.start == mark(1, 5 + w, 4 + w))
            #expect(root.entry("b")?.value.start == mark(1, 8 + w, 7 + w))
            #expect(root.entry("c")?.key.start == mark(2, 1, 8 + w + v))
        }
    }

    @Test func longNonASCIILineMapsInLinearTime() throws {
        // One 400 KB line of flow mapping with multi-byte characters: the mapper must not rescan
        // the line for every mark (this would take minutes if it did).
        let n = 20_000
        let text = "{" + (0..<n).map { "é\($0): ü" }.joined(separator: ", ") + "}\n"
        let root = try #require(try YAMLReader().documents(from: text).first?.root)
        let last = try #require(root.entries?.last)
        let offset = text.utf8.count - "ü}\n".utf8.count
        #expect(last.value.start == mark(1, offset + 1, offset))
        #expect(root.entries?.count == n)
        let duplicated = "{" + (0..<n).map { "k\($0 % (n - 1)): 1" }.joined(separator: ", ") + "}"
        #expect(throws: YAMLError.self) { try YAMLReader().documents(from: duplicated) }
    }

    // MARK: - Errors

    private func failure(_ text: String) -> YAMLError? {
        do {
            _ = try YAMLReader().documents(from: text)
            return nil
        } catch {
            return error
        }
    }

    @Test func syntaxErrorsCarryLibyamlProblemAndPosition() throws {
        let e = try #require(failure("a: 1\nb: c: d\n"))
        #expect(e.kind == .syntax)
        #expect(e.message == "mapping values are not allowed in this context")
        #expect(e.mark == mark(2, 5, 9))
        #expect(e.description == "2:5: mapping values are not allowed in this context")
    }

    @Test func unclosedFlowSequenceNamesItsContext() throws {
        let e = try #require(failure("a: [1, 2\nb: 3\n"))
        #expect(e.kind == .syntax)
        #expect(e.context == "while parsing a flow sequence")
        #expect(e.contextMark == mark(1, 4, 3))
    }

    @Test func badIndentation() throws {
        let e = try #require(failure("a:\n  b: 1\n c: 2\n"))
        #expect(e.kind == .syntax)
        #expect(e.mark?.line == 3)
    }

    @Test func invalidUTF8IsAnEncodingErrorAtItsByte() throws {
        var bytes = Array("a: ok\nb: ".utf8)
        bytes += [0xC3, 0x28]
        do {
            _ = try YAMLReader().documents(from: bytes)
            Issue.record("expected an error")
        } catch {
            #expect(error.kind == .encoding)
            // libyaml points at the octet that breaks the sequence (the second one).
            #expect(error.mark == mark(2, 5, 10))
        }
    }

    @Test func binaryInputFailsCleanly() {
        var g = SystemRandomNumberGenerator()
        for _ in 0..<200 {
            let bytes = (0..<Int.random(in: 0..<512, using: &g)).map { _ in UInt8.random(in: 0...255, using: &g) }
            _ = try? YAMLReader().documents(from: bytes)
        }
        #expect(throws: YAMLError.self) { try YAMLReader().documents(from: [0x00, 0x01, 0xFF, 0xFE]) }
        #expect(throws: YAMLError.self) { try YAMLReader().documents(from: "a: \u{7}\n") }
    }

    @Test func tabIndentationIsAnError() {
        #expect(failure("a:\n\tb: 1\n")?.kind == .syntax)
    }
}
