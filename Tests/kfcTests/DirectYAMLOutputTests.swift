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
        let products = try ExamplesTests.emitEveryTarget(path)
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
