import Backends
import Compiler
import Foundation
import KFLang
import Testing

@testable import YAML

/// `kfc build` writes its YAML with the direct emitter; every file of every example's output
/// must be byte-identical to what libyaml alone writes for the same objects.
@Suite struct DirectYAMLOutputTests {
    @Test(arguments: ExamplesTests.examples)
    func everyOutputFileMatchesLibYAML(_ path: String) throws {
        var sources = SourceManager()
        let url = ExamplesTests.root.appendingPathComponent(path)
        let id = sources.add(path: url.path, text: try String(contentsOf: url, encoding: .utf8))
        let stdlib = ExamplesTests.root.appendingPathComponent("stdlib").path
        let request = CompileRequest(sources: sources, roots: [id], stdlibPath: stdlib) { p in
            FileManager.default.contents(atPath: p).map { [UInt8]($0) }
        }
        let ir = try #require(Compiler.compile(request, sink: DiagnosticSink()).deployment, "\(path) does not compile")
        let products = Emitter().emit(ir, targets: Set(BuildTarget.allCases), sink: DiagnosticSink())
        let files = try products.files()
        var kinds: [String: [YAMLNode]] = [:]
        for m in products.manifests { kinds[m.kind.fileName, default: []].append(m.body) }
        #expect(!kinds.isEmpty)
        for (file, documents) in kinds {
            let written = try #require(files.first { $0.path == file }, "\(path): no \(file)")
            let reference = try YAMLWriter.encodeWithLibYAML(documents)
            #expect(written.bytes == reference, "\(path): \(file) differs from libyaml's")
        }
        #expect(try products.yamlStream() == YAMLWriter.encodeWithLibYAML(products.manifests.map(\.body)))
    }
}
