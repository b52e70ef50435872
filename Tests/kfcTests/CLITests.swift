import Foundation
import Testing

/// Exit codes and stream separation of the real binary.
@Suite struct CLITests {
    @Test func missingFileIsAnInputError() throws {
        let r = try BinaryRunner.run(["check", "does-not-exist.kf"])
        #expect(r.status == 1)
        #expect(r.stderr.contains("error[KF0001]: cannot read 'does-not-exist.kf'"))
        #expect(r.stdout.isEmpty)
    }

    @Test func unknownOptionIsUsage() throws {
        let r = try BinaryRunner.run(["check", "--no-such-flag", "x.kf"])
        #expect(r.status == 64)
        #expect(r.stdout.isEmpty)
    }

    @Test func noArgumentsIsUsage() throws {
        #expect(try BinaryRunner.run(["check"]).status == 64)
    }

    @Test func jsonGoesToStdoutOnly() throws {
        let r = try BinaryRunner.run(["check", "--format", "json", "does-not-exist.kf"])
        #expect(r.status == 1)
        #expect(r.stderr.isEmpty)
        let obj = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect(obj?["version"] as? Int == 1)
    }

    @Test func helpGoesToStdout() throws {
        let r = try BinaryRunner.run(["--help"])
        #expect(r.status == 0)
        #expect(r.stdout.contains("USAGE: kfc"))
    }

    @Test func unwritableFileIsKF0099() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kfc-ro-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        // An output folder that is a file: nothing can be written into it, and it is left alone.
        let file = dir.appendingPathComponent("out")
        let original = Data("not a folder\n".utf8)
        try original.write(to: file)
        let kf = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples/digits/topology.kf").path
        let r = try BinaryRunner.run(["build", kf, "--data-root", "/data", "-o", "out"], in: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("error[KF0099]: cannot write 'out'"), "\(r.stderr)")
        #expect(try Data(contentsOf: file) == original)
    }
}
