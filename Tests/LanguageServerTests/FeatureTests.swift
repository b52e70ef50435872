import Compiler
import Foundation
import KFLang
import Testing

@testable import LanguageServer

/// The editor features on a real compilation (the compiler and the standard library; the policy
/// pass is `kfc lsp`'s session test's), positions pinned with markers.
@Suite struct FeatureTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let stdlib = root.appendingPathComponent("stdlib").path
    static let path = "/project/main.kf"

    static let source = """
        import std/models { mlp }
        import std/strategies as strategies

        /// How many clients.
        let n = 3

        cluster lab {
          node cloud { hostname: "cloud-1", cpu: 8, memory: 32Gi }
          node edge[i in 0..<n] { hostname: "edge-\\(i)", cpu: 4, memory: 8Gi }
        }

        network net {
          pool: 10.18.0.0/16
          zone core { cidr: 10.18.0.0/28 }
          zone site[i in 0..<n] { private: true }
        }

        dataset data[i in 0..<n] {
          format: csv(label: "label")
          path: "/data/part-\\(i).csv"
          node: 1️⃣lab.2️⃣edge[3️⃣i]
          records: 100
        }

        federation fl {
          model: 4️⃣mlp(hidden: [8])
          strategy: strategies.5️⃣fedavg(min_fit: 2)
          rounds: 2
          server { zone: net.core, node: lab.cloud }
          client[i in 0..<n] {
            zone: net.site[i], node: lab.edge[i], dataset: data[i]
            train: { epochs: 1 }
        6️⃣
          }
        }

        """

    /// The text without markers and the byte offset of each marker.
    static func marked(_ s: String) -> (String, [Int]) {
        var text = ""
        var offsets: [Int] = []
        var rest = Substring(s)
        while let r = rest.range(of: #"[1-9]\x{FE0F}\x{20E3}"#, options: .regularExpression) {
            text += rest[..<r.lowerBound]
            offsets.append(text.utf8.count)
            rest = rest[r.upperBound...]
        }
        return (text + rest, offsets)
    }

    static let (text, marks) = marked(source)

    /// The document compiled by the real compiler, as the server's analysis.
    static func analysis(_ text: String = text) -> Analysis {
        var sources = SourceManager()
        let id = sources.add(path: path, text: text)
        let sink = DiagnosticSink()
        let result = Compiler.compile(
            CompileRequest(sources: sources, roots: [id], stdlibPath: stdlib) { p in
                FileManager.default.contents(atPath: p).map { [UInt8]($0) }
            }, sink: sink)
        let outcome = CheckOutcome(
            sources: result.sources, diagnostics: sink.diagnostics, deployment: result.deployment, proof: nil)
        return Analysis(uri: "file://" + path, version: 1, path: path, outcome: outcome)
    }

    static func labels(_ items: [LSP.CompletionItem]) -> [String] { items.map(\.label) }

    static func complete(_ text: String, at offset: Int, _ a: Analysis? = analysis()) -> [String] {
        labels(
            CompletionProvider.complete(
                at: offset, bytes: Array(text.utf8), analysis: a, stdlibModules: ["std/models", "std/strategies"]))
    }

    @Test func compilesCleanly() {
        let a = Self.analysis()
        #expect(a.diagnostics.isEmpty, "\(a.diagnostics.map(\.message))")
        #expect(a.outcome.deployment?.zones.count == 4)
    }

    @Test func resolvesQualifiedNamesIndexVariablesAndImports() throws {
        let a = Self.analysis()
        let root = try #require(a.root)
        let tree = try #require(a.trees[root])
        func definition(_ mark: Int) -> (String, String)? {
            guard let t = SyntaxWalker.target(at: Self.marks[mark], in: tree),
                let s = SymbolResolver(a).symbol(for: t, in: root)
            else { return nil }
            let file = a.sources[s.span.file]
            return (file.path, "\(file.lineText(s.span.line)) @\(s.span.column)")
        }
        #expect(definition(0)?.1 == "cluster lab { @9")
        #expect(definition(1)?.1 == #"  node edge[i in 0..<n] { hostname: "edge-\(i)", cpu: 4, memory: 8Gi } @8"#)
        #expect(definition(2)?.1 == #"dataset data[i in 0..<n] { @14"#)
        #expect(definition(3)?.0 == "stdlib/std/models.kf")
        #expect(definition(3)?.1 == "model mlp { @7")
        #expect(definition(4)?.0 == "stdlib/std/strategies.kf")
        #expect(definition(4)?.1 == "strategy fedavg { @10")
    }

    @Test func findsReferences() throws {
        let a = Self.analysis()
        let root = try #require(a.root)
        let t = try #require(SyntaxWalker.target(at: Self.marks[0], in: a.trees[root]!))
        let lab = try #require(SymbolResolver(a).symbol(for: t, in: root))
        let lines = SymbolResolver(a).references(to: lab).map { $0.1.line }
        #expect(lines == [21, 29, 31])
    }

    @Test func completesRecordFieldsNotYetWritten() {
        // Half-typed: the text does not parse, the braces still tell where the cursor is.
        let typing = Self.text.replacingOccurrences(of: "train: { epochs: 1 }", with: "train: { epochs: 1, ")
        let at = typing.utf8.count - typing.components(separatedBy: "epochs: 1, ")[1].utf8.count
        #expect(Self.complete(typing, at: at) == ["batch", "lr", "momentum", "weight_decay"])
    }

    @Test func completesBlockFieldsAndNestedKinds() {
        #expect(Self.complete(Self.text, at: Self.marks[5]) == ["image", "resources", "budget"])
        let top = Self.text + "\n"
        let kinds = Self.complete(top, at: top.utf8.count)
        #expect(kinds.contains("federation") && kinds.contains("import") && !kinds.contains("zone"))
    }

    @Test func completesUnitsImportsAndMembers() {
        let units = "cluster c { node a { cpu: 4, memory: 8"
        #expect(Self.complete(units, at: units.utf8.count).contains("Gi"))
        let imp = "import "
        #expect(Self.complete(imp, at: imp.utf8.count) == ["std/models", "std/strategies"])
        let names = "import std/models { "
        #expect(Self.complete(names, at: names.utf8.count) == ["logistic_regression", "mlp", "logistic"])
        let member = Self.text.replacingOccurrences(of: "zone: net.core, node: lab.cloud", with: "zone: net.")
        let at = member.utf8.distance(from: member.startIndex, to: member.range(of: "zone: net.")!.upperBound)
        #expect(Self.complete(member, at: at, Self.analysis()) == ["core", "site"])
    }

    @Test func hoversDeclarationsWithDocsAndCarvedZones() throws {
        let a = Self.analysis()
        let map = LocationMapper(sources: a.sources, stdlibPath: Self.stdlib, encoding: .utf16)
        let letOffset = Self.text.utf8.count - Self.text.components(separatedBy: "let n")[1].utf8.count - 1
        let h = try #require(HoverProvider.hover(at: letOffset, analysis: a, mapper: map))
        #expect(h.contents.value == "```kf\nlet n = 3\n```\n\nHow many clients.")
        let zoneOffset = Self.text.utf8.count - Self.text.components(separatedBy: "zone site")[1].utf8.count - 2
        let z = try #require(HoverProvider.hover(at: zoneOffset, analysis: a, mapper: map))
        #expect(z.contents.value.contains("`net.site[0]`: `10.18.0.16/28`, gateway `10.18.0.17` (carved)"))
        #expect(z.contents.value.contains("`net.site[2]`: `10.18.0.48/28`"))
    }

    @Test func outlinesTheDocument() throws {
        let a = Self.analysis()
        let map = LocationMapper(sources: a.sources, stdlibPath: nil, encoding: .utf16)
        let symbols = DocumentSymbols.symbols(of: a.trees[a.root!]!, mapper: map)
        #expect(symbols.map(\.name) == ["std/models", "std/strategies", "n", "lab", "net", "data[i]", "fl"])
        #expect(symbols[3].children?.map(\.name) == ["cloud", "edge[i]"])
    }

    @Test func turnsFixItsIntoCodeActionsAndLabelsIntoRelatedLocations() throws {
        let typo = Self.text.replacingOccurrences(of: "  records: 100", with: "  recrds: 100")
        let a = Self.analysis(typo)
        let map = LocationMapper(sources: a.sources, stdlibPath: nil, encoding: .utf16)
        let unknown = try #require(a.diagnostics.first { $0.code == "KF1003" })
        let shown = DiagnosticConversion.convert(unknown, root: a.root, mapper: map)
        #expect(shown.range.start == LSP.Position(line: 21, character: 2))
        #expect(
            shown.message
                == "unknown field 'recrds' on 'dataset' (not a field of 'dataset')\nhelp: did you mean 'records'?")
        let span = unknown.primary!.span
        let actions = CodeActions.actions(for: span.start..<span.start, analysis: a, mapper: map)
        #expect(actions.map(\.title) == ["did you mean 'records'?"])
        #expect(actions.first?.edit.changes["file:///project/main.kf"]?.first?.newText == "records")
        // The missing field names the declaration as the other side.
        let missing = try #require(a.diagnostics.first { $0.code == "KF1004" })
        let related = DiagnosticConversion.convert(missing, root: a.root, mapper: map)
        #expect(related.range.start.line == 17)
    }

    @Test func formatsLikeKfcFmt() {
        let messy = Document(uri: "file:///x.kf", path: "/x.kf", version: 1, text: "let   n=3\n", encoding: .utf16)
        #expect(DocumentFormatting.edits(for: messy).map(\.newText) == ["let n = 3\n"])
        let clean = Document(uri: "file:///x.kf", path: "/x.kf", version: 1, text: "let n = 3\n", encoding: .utf16)
        #expect(DocumentFormatting.edits(for: clean).isEmpty)
        let broken = Document(uri: "file:///x.kf", path: "/x.kf", version: 1, text: "let n = \n", encoding: .utf16)
        #expect(DocumentFormatting.edits(for: broken).isEmpty)
    }
}
