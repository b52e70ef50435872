import Foundation
import Testing

@testable import KFCFuzz

/// Every committed corpus input (seeds, and each input a fuzzer once found crashing) runs
/// through its target in the normal suite: a property that fails traps the test runner, so a
/// fixed finding stays fixed without a fuzzing build.
@Suite struct CorpusReplayTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz/corpus")

    static func inputs(_ target: FuzzTarget) -> [URL] {
        let folder = corpus.appendingPathComponent(target.rawValue)
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        return names.sorted().map { folder.appendingPathComponent($0) }
    }

    @Test(arguments: FuzzTarget.allCases)
    func everyCorpusInputHolds(_ target: FuzzTarget) throws {
        let files = Self.inputs(target)
        #expect(files.count >= 3, "Fuzz/corpus/\(target.rawValue) holds \(files.count) inputs")
        for file in files {
            target.run([UInt8](try Data(contentsOf: file)))
        }
    }
}
