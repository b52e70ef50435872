import Foundation
import Testing

@testable import LanguageServer

@Suite struct ProtocolTypesTests {
    private func encode(_ v: some Encodable) throws -> String {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try e.encode(v), as: UTF8.self)
    }

    @Test func decodesRequestsAndNotifications() throws {
        let r = try IncomingMessage.decode(Data(#"{"jsonrpc":"2.0","id":7,"method":"shutdown"}"#.utf8))
        #expect(r.id == .number(7) && r.method == "shutdown")
        let s = try IncomingMessage.decode(Data(#"{"jsonrpc":"2.0","id":"a","method":"x","params":{}}"#.utf8))
        #expect(s.id == .string("a"))
        let n = try IncomingMessage.decode(Data(#"{"jsonrpc":"2.0","method":"initialized","params":{}}"#.utf8))
        #expect(n.id == nil)
    }

    @Test(arguments: [
        (#"{"jsonrpc":"2.0","id":1,"#, -32700, nil as RequestID?),
        (#"[1,2]"#, -32600, nil),
        (#"{"jsonrpc":"1.0","id":3,"method":"x"}"#, -32600, RequestID.number(3)),
        (#"{"jsonrpc":"2.0","id":4}"#, -32600, RequestID.number(4)),
        (#"{"jsonrpc":"2.0","id":{"x":1},"method":"x"}"#, -32600, nil),
    ])
    func refusesWhatIsNotJSONRPC(body: String, code: Int, id: RequestID?) {
        #expect {
            try IncomingMessage.decode(Data(body.utf8))
        } throws: { e in
            guard let f = e as? IncomingMessage.DecodeFailure else { return false }
            return f.error.code == code && f.id == id
        }
    }

    @Test func decodesParamsIntoTypesAndNamesWhatIsMissing() throws {
        let m = try IncomingMessage.decode(
            Data(
                #"{"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{"textDocument":{"uri":"file:///a.kf"},"position":{"line":2,"character":5},"extra":true}}"#
                    .utf8))
        let p = try m.params(LSP.TextDocumentPositionParams.self)
        #expect(p.position == LSP.Position(line: 2, character: 5) && p.textDocument.uri == "file:///a.kf")
        let bad = try IncomingMessage.decode(
            Data(#"{"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{"textDocument":{}}}"#.utf8))
        #expect {
            try bad.params(LSP.TextDocumentPositionParams.self)
        } throws: { e in
            (e as? ResponseError).map { $0.code == -32602 && $0.message.contains("missing 'uri'") } ?? false
        }
    }

    @Test func encodesResponsesErrorsAndNotifications() throws {
        #expect(
            try encode(OutgoingMessage<NoResult>.response(.number(1), nil))
                == #"{"id":1,"jsonrpc":"2.0","result":null}"#)
        #expect(
            try encode(OutgoingMessage<NoResult>.failure(nil, .methodNotFound("x")))
                == #"{"error":{"code":-32601,"message":"unknown method 'x'"},"id":null,"jsonrpc":"2.0"}"#)
        let diag = LSP.PublishDiagnosticsParams(uri: "file:///a.kf", version: 3, diagnostics: [])
        #expect(
            try encode(OutgoingMessage.notification("textDocument/publishDiagnostics", diag))
                == #"{"jsonrpc":"2.0","method":"textDocument/publishDiagnostics","params":{"diagnostics":[],"uri":"file:///a.kf","version":3}}"#
        )
    }

    @Test func leavesOutUnsetOptionalFields() throws {
        let h = LSP.Hover(contents: .init(kind: "markdown", value: "x"), range: nil)
        #expect(try encode(h) == #"{"contents":{"kind":"markdown","value":"x"}}"#)
        let change = try JSONDecoder().decode(
            LSP.TextDocumentContentChangeEvent.self, from: Data(#"{"text":"all"}"#.utf8))
        #expect(change == LSP.TextDocumentContentChangeEvent(range: nil, text: "all"))
    }
}
