import Foundation
import Testing

@testable import LanguageServer

@Suite struct FramingTests {
    @Test func splitsMessagesAcrossChunks() {
        var f = MessageFraming()
        let a = MessageFraming.frame(Data(#"{"a":1}"#.utf8))
        let b = MessageFraming.frame(Data(#"{"b":"é"}"#.utf8))
        let all = [UInt8](a + b)
        // Byte by byte: nothing before a whole body, then each body once.
        var got: [MessageFraming.Frame] = []
        for byte in all {
            f.append([byte])
            while let fr = f.next() { got.append(fr) }
        }
        #expect(got == [.body(Data(#"{"a":1}"#.utf8)), .body(Data(#"{"b":"é"}"#.utf8))])
    }

    @Test func readsContentTypeAndIsCaseInsensitive() {
        var f = MessageFraming()
        f.append(Array("content-length: 2\r\nContent-Type: application/vscode-jsonrpc; charset=utf-8\r\n\r\n{}".utf8))
        #expect(f.next() == .body(Data("{}".utf8)))
        #expect(f.next() == nil)
    }

    @Test(arguments: [
        ("Content-Length: x\r\n\r\n", "Content-Length 'x' is not a length"),
        ("Content-Type: a\r\n\r\n", "a header without Content-Length"),
        ("garbage\r\n\r\n", "a header line without ':'"),
    ])
    func reportsMalformedHeadersAndResumes(header: String, problem: String) {
        var f = MessageFraming()
        f.append(Array((header + "Content-Length: 2\r\n\r\n{}").utf8))
        #expect(f.next() == .malformed(problem))
        #expect(f.next() == .body(Data("{}".utf8)))
    }

    @Test func refusesOversizedBodiesAndSkipsThem() {
        var f = MessageFraming(maxBody: 4)
        f.append(Array("Content-Length: 7\r\n\r\n{\"a\"".utf8))
        #expect(f.next() == .malformed("a body of 7 bytes is over the limit of 4"))
        f.append(Array(":1}Content-Length: 2\r\n\r\n{}".utf8))
        #expect(f.next() == .body(Data("{}".utf8)))
    }

    @Test func framesWithByteLength() {
        let framed = MessageFraming.frame(Data("{\"x\":\"ü\"}".utf8))
        #expect(String(decoding: framed, as: UTF8.self) == "Content-Length: 10\r\n\r\n{\"x\":\"ü\"}")
    }
}
