import Foundation
import Testing

@testable import KFLang

/// Every lexer/parser code has a page whose `kf` example triggers exactly that code.
@Suite struct DiagnosticDocsTests {
    static let codes = (2...22).map { "KF" + String(repeating: "0", count: 4 - String($0).count) + String($0) }

    static func docsFolder() -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("docs/diagnostics")
    }

    /// The bytes of the first ```kf block of a page (raw bytes: some examples are not UTF-8).
    static func example(_ code: String) -> [UInt8]? {
        guard let data = FileManager.default.contents(atPath: docsFolder().appendingPathComponent("\(code).md").path)
        else { return nil }
        let bytes = Array(data)
        let open = Array("```kf\n".utf8)
        let close = Array("\n```".utf8)
        guard let s = find(open, in: bytes, from: 0) else { return nil }
        let start = s + open.count
        guard let e = find(close, in: bytes, from: start - 1) else { return nil }
        return Array(bytes[start...e])
    }

    static func find(_ needle: [UInt8], in hay: [UInt8], from: Int) -> Int? {
        guard hay.count >= needle.count else { return nil }
        var k = max(0, from)
        while k + needle.count <= hay.count {
            if hay[k..<(k + needle.count)].elementsEqual(needle) { return k }
            k += 1
        }
        return nil
    }

    @Test(arguments: codes) func exampleTriggersExactlyItsCode(_ code: String) throws {
        let bytes = try #require(Self.example(code), "docs/diagnostics/\(code).md has no ```kf example")
        var sm = SourceManager()
        let id = sm.add(path: "example.kf", bytes: bytes)
        let sink = DiagnosticSink()
        _ = Parser.parse(sm[id], sink: sink)
        #expect(sink.sorted().map(\.code) == [code], "\(DiagnosticRenderer(sources: sm).render(sink.sorted()))")
    }
}
