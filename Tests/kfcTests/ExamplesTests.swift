import Foundation
import Testing

@testable import kfc

/// Every bundled example checks clean and is in canonical layout, and formatting is idempotent.
@Suite struct ExamplesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let examples: [String] = {
        let dir = root.appendingPathComponent("examples")
        let files = FileManager.default.enumerator(atPath: dir.path)?.compactMap { $0 as? String } ?? []
        return files.filter { $0.hasSuffix(".kf") }.sorted().map { "examples/" + $0 }
    }()

    @Test func thereAreExamples() {
        #expect(Self.examples.contains("examples/kubeflower/topology.kf"))
        #expect(Self.examples.count >= 3)
    }

    @Test(arguments: examples)
    func exampleChecksClean(_ path: String) {
        let r = Driver.run(["check", path, "--color", "never"], workingDirectory: Self.root.path)
        #expect(r.exitCode == 0, "\(path):\n\(r.stderr)")
        #expect(r.stderr.isEmpty, "\(path):\n\(r.stderr)")
    }

    @Test func examplesAreFormatted() {
        let r = Driver.run(["fmt", "--check", "examples", "--color", "never"], workingDirectory: Self.root.path)
        #expect(r.exitCode == 0, "not formatted:\n\(r.stdout)\(r.stderr)")
    }

    @Test(arguments: examples)
    func formattingTwiceChangesNothing(_ path: String) throws {
        let once = Driver.run(["fmt", "--stdout", path], workingDirectory: Self.root.path)
        #expect(once.exitCode == 0)
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kfc-fmt-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try once.stdout.write(to: dir.appendingPathComponent("once.kf"), atomically: true, encoding: .utf8)
        let twice = Driver.run(["fmt", "--stdout", "once.kf"], workingDirectory: dir.path)
        #expect(twice.stdout == once.stdout)
    }
}
