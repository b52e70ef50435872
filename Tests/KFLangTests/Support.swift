import Foundation

@testable import KFLang

/// Parses test sources; `1️⃣`…`9️⃣` markers in a source are removed and their byte offsets kept.
struct Parsed {
    var sources: SourceManager
    var file: SourceFile
    var tree: SourceFileSyntax
    var diagnostics: [Diagnostic]
    /// Marker number → byte offset in the source without markers.
    var markers: [Int: Int]

    init(_ text: String) {
        var clean: [UInt8] = []
        var markers: [Int: Int] = [:]
        var scalars = Array(text.unicodeScalars)[...]
        while let s = scalars.first {
            scalars = scalars.dropFirst()
            // Keycap markers are "N" + U+FE0F + U+20E3.
            if ("1"..."9").contains(s), scalars.count >= 2, scalars[scalars.startIndex].value == 0xFE0F,
                scalars[scalars.startIndex + 1].value == 0x20E3
            {
                markers[Int(String(s))!] = clean.count
                scalars = scalars.dropFirst(2)
                continue
            }
            clean.append(contentsOf: Array(String(s).utf8))
        }
        self.init(bytes: clean, markers: markers)
    }

    init(bytes: [UInt8], markers: [Int: Int] = [:]) {
        var sm = SourceManager()
        let id = sm.add(path: "test.kf", bytes: bytes)
        let sink = DiagnosticSink()
        let tree = Parser.parse(sm[id], sink: sink)
        self.sources = sm
        self.file = sm[id]
        self.tree = tree
        self.diagnostics = sink.sorted()
        self.markers = markers
    }

    /// The diagnostics as `(code, marker)` pairs; a diagnostic not at a marker gets marker 0.
    var found: [String] {
        diagnostics.map { d in
            let off = d.primary?.span.start ?? -1
            let m = markers.first { $0.value == off }?.key ?? 0
            return "\(d.code)@\(m)"
        }
    }

    var codes: [String] { diagnostics.map(\.code) }

    var rendered: String { DiagnosticRenderer(sources: sources).render(diagnostics) }

    var formatted: String { Formatter.format(tree, source: file) }

    /// The first declaration (top-level item) as a block.
    var firstBlock: BlockDecl? { tree.blocks.first }

    /// The value of the first `let`.
    var firstLetValue: Expr? { tree.lets.first?.value }
}

/// Formats source text (which must parse without errors).
func format(_ text: String) -> String { Parsed(text).formatted }

/// The repository root, from this file's path.
let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent()

/// The example files shipped in `examples/`.
let examplePaths = ["kubeflower", "multi-site", "policy"].map {
    repositoryRoot.appendingPathComponent("examples/\($0)/topology.kf").path
}
