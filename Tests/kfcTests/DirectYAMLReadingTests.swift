import Backends
import Compiler
import Foundation
import KFLang
import Testing
import YAML

/// `kfc verify` reads what `kfc build` writes with the direct reader; every YAML file of every
/// example's output must be read by it (not handed to libyaml), into the documents libyaml
/// gives: the same values, styles and marks.
@Suite struct DirectYAMLReadingTests {
    @Test(arguments: ExamplesTests.examples)
    func everyOutputFileIsReadAsLibYAMLReadsIt(_ path: String) throws {
        let products = try ExamplesTests.emitEveryTarget(path)
        var streams = try products.files().filter { $0.path.hasSuffix(".yaml") }.map { ($0.path, $0.bytes) }
        streams.append(("stream", try products.yamlStream()))
        #expect(streams.count > 2)
        for (file, bytes) in streams {
            let reader = YAMLReader()
            let direct = try #require(
                try reader.documentsReadDirectly(from: bytes), "\(path): \(file) not read directly")
            let reference = try reader.documentsWithLibYAML(from: bytes)
            #expect(direct.count == reference.count && !direct.isEmpty, "\(path): \(file)")
            #expect(direct == reference, "\(path): \(file) is read differently from libyaml")
        }
    }
}
