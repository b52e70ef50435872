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
        let file = dir.appendingPathComponent("a.kf")
        let original = Data("let   x=1\n".utf8)
        try original.write(to: file)
        // An immutable folder refuses new files even to root, so the atomic rewrite must fail.
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: dir.path)
        let immutable = getuid() == 0 ? Self.shell("chattr", "+i", dir.path) : true
        defer {
            if getuid() == 0 { _ = Self.shell("chattr", "-i", dir.path) }
            try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: dir.path)
            try? FileManager.default.removeItem(at: dir)
        }
        try #require(immutable, "chattr +i is not available here")
        let r = try BinaryRunner.run(["fmt", "a.kf"], in: dir)
        #expect(r.status == 1)
        #expect(r.stderr.contains("error[KF0099]: cannot write 'a.kf'"))
        #expect(try Data(contentsOf: file) == original)
    }

    private static func shell(_ args: String...) -> Bool {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = args
        p.standardError = FileHandle.nullDevice
        guard (try? p.run()) != nil else { return false }
        p.waitUntilExit()
        return p.terminationStatus == 0
    }
}
