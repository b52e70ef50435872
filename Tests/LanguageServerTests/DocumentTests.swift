import Testing

@testable import LanguageServer

@Suite struct DocumentTests {
    @Test func convertsUTF16AndUTF8Positions() {
        // 'é' is 2 bytes and 1 UTF-16 unit; '𝔸' is 4 bytes and 2 units.
        let text = Array("aé𝔸b\r\nz".utf8)
        let u16 = LineIndex(bytes: text, encoding: .utf16)
        #expect(u16.offset(of: .init(line: 0, character: 4)) == 7)  // before 'b'
        #expect(u16.offset(of: .init(line: 0, character: 3)) == nil)  // inside '𝔸'
        #expect(u16.offset(of: .init(line: 0, character: 5)) == 8)  // end of line, before \r\n
        #expect(u16.offset(of: .init(line: 0, character: 6)) == nil)
        #expect(u16.offset(of: .init(line: 1, character: 1)) == 11)
        #expect(u16.offset(of: .init(line: 2, character: 0)) == nil)
        #expect(u16.position(of: 7) == .init(line: 0, character: 4))
        let u8 = LineIndex(bytes: text, encoding: .utf8)
        #expect(u8.offset(of: .init(line: 0, character: 7)) == 7)
        #expect(u8.position(of: 10) == .init(line: 1, character: 0))
    }

    @Test func appliesIncrementalAndFullChanges() {
        var d = Document(
            uri: "file:///x.kf", path: "/x.kf", version: 1, text: "let a = 1\nlet b = 2\n", encoding: .utf16)
        d.apply(
            [
                .init(range: .init(start: .init(line: 1, character: 8), end: .init(line: 1, character: 9)), text: "20"),
                .init(range: .init(start: .init(line: 0, character: 4), end: .init(line: 0, character: 5)), text: "x"),
            ], version: 2)
        #expect(String(decoding: d.bytes, as: UTF8.self) == "let x = 1\nlet b = 20\n")
        #expect(d.version == 2)
        // A range past the end is clamped, as LSP asks.
        d.apply(
            [.init(range: .init(start: .init(line: 9, character: 0), end: .init(line: 9, character: 3)), text: "//")],
            version: 3)
        #expect(String(decoding: d.bytes, as: UTF8.self) == "let x = 1\nlet b = 20\n//")
        d.apply([.init(range: nil, text: "new")], version: 4)
        #expect(String(decoding: d.bytes, as: UTF8.self) == "new")
    }
}
