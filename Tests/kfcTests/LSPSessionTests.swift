import Foundation
import Testing

/// `kfc lsp` as an editor drives it: the built binary over pipes, one whole session.
@Suite(.serialized) struct LSPSessionTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let examplePath = root.appendingPathComponent("examples/kubeflower/topology.kf").path
    static let uri = URL(fileURLWithPath: examplePath).absoluteString
    static let text = (try? String(contentsOfFile: examplePath, encoding: .utf8)) ?? ""
    static let lines = text.components(separatedBy: "\n")

    /// The position of `needle` (plus `offset` characters) on the first line holding it.
    static func position(_ needle: String, _ offset: Int = 0, in lines: [String] = lines) -> [String: Int] {
        let line = lines.firstIndex { $0.contains(needle) }!
        let column = lines[line].utf16.distance(
            from: lines[line].utf16.startIndex,
            to: lines[line].range(of: needle)!.lowerBound.samePosition(in: lines[line].utf16)!)
        return ["line": line, "character": column + offset]
    }

    static func range(_ needle: String, in lines: [String] = lines) -> [String: Any] {
        let start = position(needle, in: lines)
        return [
            "start": start, "end": ["line": start["line"]!, "character": start["character"]! + needle.utf16.count],
        ]
    }

    static func doc(_ extra: [String: Any] = [:]) -> [String: Any] {
        ["textDocument": ["uri": uri]].merging(extra) { a, _ in a }
    }

    static func hoverText(_ r: [String: Any]) -> String {
        ((r["result"] as? [String: Any])?["contents"] as? [String: Any])?["value"] as? String ?? ""
    }

    static func errorCode(_ r: [String: Any]) -> Int? { (r["error"] as? [String: Any])?["code"] as? Int }

    @Test func wholeSession() throws {
        let c = try LSPClient(["--strict"])
        let initialized = try c.request("initialize", ["processId": NSNull(), "capabilities": [:] as [String: Any]])
        let caps = (initialized["result"] as? [String: Any])?["capabilities"] as? [String: Any]
        #expect((caps?["textDocumentSync"] as? [String: Any])?["change"] as? Int == 2)
        #expect(caps?["positionEncoding"] as? String == "utf-16")
        c.notify("initialized", [:])

        // Open the KubeFlower example: it proves clean.
        c.notify(
            "textDocument/didOpen",
            ["textDocument": ["uri": Self.uri, "languageId": "kf", "version": 1, "text": Self.text]])
        #expect(try c.diagnostics(Self.uri, version: 1).isEmpty)

        // Hover a replicated zone: the CIDRs kfc carved; hover `noise: auto`: the σ it solved.
        let zone = Self.hoverText(
            try c.request("textDocument/hover", Self.doc(["position": Self.position("zone site", 6)])))
        #expect(zone.contains("zone site[i in 0..<n]"))
        #expect(zone.contains("`fl_net.site[0]`: `10.18.0.16/28`, gateway `10.18.0.17` (carved)"))
        #expect(zone.contains("`fl_net.site[7]`: `10.18.0.128/28`"))
        let noise = Self.hoverText(
            try c.request("textDocument/hover", Self.doc(["position": Self.position("noise: auto", 2)])))
        let sigma = noise.firstMatch(of: /noise multiplier σ = ([0-9.]+) \(solved for `noise: auto`\)/)
        #expect(sigma != nil, "\(noise)")
        #expect(noise.contains("spends ε = 0.7 of ε = 0.7 at δ = 1e-05"))
        // The σ `kfc query` reads from the proved IR.
        let query = try BinaryRunner.run(["query", ".federations[0].privacy.solvedNoise", Self.examplePath])
        #expect(sigma.map { String($0.1) } == query.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
        // A dataset: what the federations spend of its lifetime budget, and what is left.
        let dataset = Self.hoverText(
            try c.request("textDocument/hover", Self.doc(["position": Self.position("dataset digits", 9)])))
        let spend = dataset.firstMatch(
            of: /`digits\[0\]`: spends ε = ([0-9.]+) of its budget ε = 1 \(δ = 1e-05\), headroom ε = ([0-9.]+)/)
        #expect(spend != nil, "\(dataset)")
        if let s = spend, let spent = Double(s.1), let left = Double(s.2) {
            #expect(spent > 0 && spent <= 0.7 + 1e-9)
            #expect(abs(spent + left - 1) < 1e-3)
        }
        // On the value `auto` itself too.
        let auto = Self.hoverText(
            try c.request("textDocument/hover", Self.doc(["position": Self.position("noise: auto", 8)])))
        #expect(auto == noise)

        // Go to the stdlib definition of `mlp`.
        let def = try c.request("textDocument/definition", Self.doc(["position": Self.position("mlp(hidden", 1)]))
        let loc = (def["result"] as? [[String: Any]])?.first
        let target = try #require(loc?["uri"] as? String)
        #expect(target.hasSuffix("/stdlib/std/models.kf"))
        let targetLines = try String(contentsOf: URL(string: target)!, encoding: .utf8).components(separatedBy: "\n")
        let start = (loc?["range"] as? [String: Any])?["start"] as? [String: Int]
        #expect(start?["line"].map { targetLines[$0] } == "model mlp {")
        #expect(start?["character"] == 6)

        // Complete a field name in a client's body: the schema's fields not yet written.
        let line = Self.position("zone: fl_net.site[i]")["line"]!
        let completion = try c.request(
            "textDocument/completion", Self.doc(["position": ["line": line, "character": 4]]))
        let items = ((completion["result"] as? [String: Any])?["items"] as? [[String: Any]]) ?? []
        let labels = items.compactMap { $0["label"] as? String }
        #expect(labels == ["image", "resources", "budget"])
        #expect(items.first?["insertText"] as? String == "image: ")

        // Format: a misformatted `let` comes back as the canonical file.
        let messy = Self.text.replacingOccurrences(of: "let n = 10\n", with: "let   n=10\n")
        c.notify(
            "textDocument/didChange",
            ["textDocument": ["uri": Self.uri, "version": 2], "contentChanges": [["text": messy]]])
        let formatting = try c.request(
            "textDocument/formatting", Self.doc(["options": ["tabSize": 2, "insertSpaces": true]]))
        let edits = formatting["result"] as? [[String: Any]] ?? []
        #expect(edits.count == 1 && edits.first?["newText"] as? String == Self.text)

        // Break isolation (every client in one zone) and overspend a dataset's budget, as
        // incremental edits: both errors, each on the line that causes it.
        c.notify(
            "textDocument/didChange",
            [
                "textDocument": ["uri": Self.uri, "version": 3],
                "contentChanges": [
                    ["range": Self.range("let   n=10", in: messy.components(separatedBy: "\n")), "text": "let n = 10"],
                    ["range": Self.range("zone: fl_net.site[i]"), "text": "zone: fl_net.site[0]"],
                    ["range": Self.range("budget: { epsilon: 1.0"), "text": "budget: { epsilon: 0.5"],
                ],
            ])
        let broken = try c.diagnostics(Self.uri, version: 3)
        func located(_ code: String) -> [Int] {
            broken.filter { $0["code"] as? String == code && $0["severity"] as? Int == 1 }.compactMap {
                (($0["range"] as? [String: Any])?["start"] as? [String: Any])?["line"] as? Int
            }
        }
        #expect(located("KF3060") == [Self.position("require isolated")["line"]!], "\(broken)")
        #expect(located("KF3031") == [Self.position("dataset digits")["line"]!], "\(broken)")
        let isolation = broken.first { $0["code"] as? String == "KF3060" }
        #expect(
            (isolation?["message"] as? String)?.contains("requirement 'isolated(digits_fl.client)' does not hold")
                == true)

        // A typo with a fix-it: the code action's edit, applied, clears the file.
        let typo = Self.text.replacingOccurrences(of: "  records: 180", with: "  recrds: 180")
        c.notify(
            "textDocument/didChange",
            ["textDocument": ["uri": Self.uri, "version": 4], "contentChanges": [["text": typo]]])
        let typoDiagnostics = try c.diagnostics(Self.uri, version: 4)
        let unknown = try #require(typoDiagnostics.first { $0["code"] as? String == "KF1003" })
        let actions = try c.request(
            "textDocument/codeAction",
            Self.doc(["range": unknown["range"]!, "context": ["diagnostics": [unknown]]]))
        let action = try #require((actions["result"] as? [[String: Any]])?.first)
        #expect(action["title"] as? String == "did you mean 'records'?")
        #expect(action["kind"] as? String == "quickfix")
        let change = try #require(
            (((action["edit"] as? [String: Any])?["changes"] as? [String: Any])?[Self.uri] as? [[String: Any]])?.first)
        #expect(change["newText"] as? String == "records")
        c.notify(
            "textDocument/didChange",
            [
                "textDocument": ["uri": Self.uri, "version": 5],
                "contentChanges": [["range": change["range"]!, "text": change["newText"]!]],
            ])
        #expect(try c.diagnostics(Self.uri, version: 5).isEmpty)

        // Protocol errors never end the session.
        c.write(raw: Data("Content-Length: 12\r\n\r\n{\"jsonrpc\":}".utf8))
        let parse = try c.next { Self.errorCode($0) == -32700 }
        #expect(parse["id"] is NSNull)
        c.write(raw: Data("Content-Length: nope\r\n\r\n".utf8))
        _ = try c.next { Self.errorCode($0) == -32700 }
        #expect(Self.errorCode(try c.request("textDocument/rename", Self.doc())) == -32601)
        let outside = try c.request(
            "textDocument/hover", Self.doc(["position": ["line": 9999, "character": 0]]))
        #expect(Self.errorCode(outside) == -32602)
        let pastLineEnd = try c.request(
            "textDocument/hover", Self.doc(["position": ["line": 0, "character": 500]]))
        #expect(Self.errorCode(pastLineEnd) == -32602)
        #expect(Self.errorCode(try c.request("textDocument/hover", ["position": ["line": 0]])) == -32602)
        #expect(
            Self.errorCode(
                try c.request(
                    "textDocument/hover",
                    ["textDocument": ["uri": "file:///nope.kf"], "position": ["line": 0, "character": 0]])) == -32602)
        // Still serving.
        #expect(
            Self.hoverText(try c.request("textDocument/hover", Self.doc(["position": Self.position("zone site", 6)])))
                .contains("10.18.0.16/28"))

        let shutdown = try c.request("shutdown", [:])
        #expect(shutdown["result"] is NSNull && shutdown["error"] == nil)
        c.notify("exit", [:])
        #expect(c.finish() == 0)
    }

    /// The debounce has a leading edge: an edit after a quiet spell is checked at once, edits
    /// within the debounce of each other once, after the last. With a 10 s debounce, the first
    /// edit's diagnostics come long before 10 s; of a burst of two, only the last version's are
    /// published, after the wait.
    @Test func debounceChecksAQuietEditAtOnceAndABurstOnce() throws {
        let c = try LSPClient(["--debounce", "10000"])
        _ = try c.request("initialize", ["processId": NSNull(), "capabilities": [:] as [String: Any]])
        c.notify("initialized", [:])
        c.notify(
            "textDocument/didOpen",
            ["textDocument": ["uri": Self.uri, "languageId": "kf", "version": 1, "text": Self.text]])
        #expect(try c.diagnostics(Self.uri, version: 1).isEmpty)
        func edit(_ version: Int) {
            c.notify(
                "textDocument/didChange",
                [
                    "textDocument": ["uri": Self.uri, "version": version],
                    "contentChanges": [["text": Self.text + "// edit \(version)\n"]],
                ])
        }
        // Without the leading edge this would wait the whole 10 s debounce first.
        edit(2)
        #expect(try c.diagnostics(Self.uri, version: 2, timeout: 8).isEmpty)
        // Within 10 s of edit 2: both wait, and edit 4 cancels edit 3's check before it starts.
        edit(3)
        edit(4)
        #expect(try c.diagnostics(Self.uri, version: 4).isEmpty)
        #expect(!c.queued { LSPClient.publishes($0, Self.uri, version: 3) })
        _ = try c.request("shutdown", [:])
        c.notify("exit", [:])
        #expect(c.finish() == 0)
    }

    @Test func unsavedImportedBufferRechecksTheFilesImportingIt() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kfc-lsp-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let main = Self.text.replacingOccurrences(
            of: "import std/strategies { fedavg }\n",
            with: "import std/strategies { fedavg }\nimport \"common.kf\" { clients }\n"
        ).replacingOccurrences(of: "let n = 10\n", with: "let n = clients\n")
        try main.write(to: dir.appendingPathComponent("main.kf"), atomically: true, encoding: .utf8)
        try "let clients = 10\n".write(to: dir.appendingPathComponent("common.kf"), atomically: true, encoding: .utf8)
        let mainURI = dir.appendingPathComponent("main.kf").absoluteString
        let commonURI = dir.appendingPathComponent("common.kf").absoluteString

        let c = try LSPClient()
        _ = try c.request("initialize", ["capabilities": [:] as [String: Any]])
        c.notify(
            "textDocument/didOpen", ["textDocument": ["uri": mainURI, "languageId": "kf", "version": 1, "text": main]])
        #expect(try c.diagnostics(mainURI, version: 1).isEmpty)
        // The imported file, opened and edited but not saved: main.kf is checked against the buffer.
        c.notify(
            "textDocument/didOpen",
            ["textDocument": ["uri": commonURI, "languageId": "kf", "version": 1, "text": "let clients = 3\n"]])
        #expect(try c.diagnostics(commonURI, version: 1).isEmpty)
        let against = try c.diagnostics(mainURI, version: 1)
        #expect(against.map { $0["code"] as? String } == ["KF2017", "KF2017"], "\(against)")
        #expect(
            (against.first?["message"] as? String)?.hasPrefix("'digits_fl' needs 8 clients per round but has 3") == true
        )
        // Go to the imported name's definition: the buffer's `let`.
        let def = try c.request(
            "textDocument/definition",
            [
                "textDocument": ["uri": mainURI],
                "position": Self.position("{ clients }", 2, in: main.components(separatedBy: "\n")),
            ])
        let loc = (def["result"] as? [[String: Any]])?.first
        #expect(loc?["uri"] as? String == commonURI)
        // Closed unsaved: main.kf reads the file on disk again.
        c.notify("textDocument/didClose", ["textDocument": ["uri": commonURI]])
        #expect(try c.diagnostics(mainURI, version: 1).isEmpty)
        _ = try c.request("shutdown", [:])
        c.notify("exit", [:])
        #expect(c.finish() == 0)
    }

    @Test func refusesRequestsBeforeInitializeAndExitsOneWithoutShutdown() throws {
        let c = try LSPClient()
        let early = try c.request("textDocument/hover", Self.doc(["position": ["line": 0, "character": 0]]))
        #expect(Self.errorCode(early) == -32002)
        _ = try c.request("initialize", ["capabilities": ["general": ["positionEncodings": ["utf-8", "utf-16"]]]])
        c.notify("exit", [:])
        #expect(c.finish() == 1)
    }
}
