import Foundation
import Testing

/// No input, however broken, crashes, hangs or overflows the stack: each gets a diagnostic with
/// a location and exit status 1. These run the real binary as a separate process, so a crash
/// shows up as a signal instead of taking the test runner down.
@Suite(.serialized) struct HostileInputTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var name: String
        var bytes: @Sendable () -> [UInt8]
        var testDescription: String { name }
    }

    static let cases: [Case] = [
        Case(name: "binary bytes") { (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919 &+ 13) } },
        Case(name: "NUL bytes") { Array("let x = 1\n".utf8) + [0, 0, 0] + Array("\nlet y = 2\n".utf8) },
        Case(name: "10 MB single line") {
            Array("let x = ".utf8) + [UInt8](repeating: UInt8(ascii: "a"), count: 10_000_000) + Array(" +\n".utf8)
        },
        Case(name: "10 MB single-line list") {
            var b = Array("let x = [".utf8)
            b.reserveCapacity(10_500_000)
            for _ in 0..<2_500_000 { b += Array("1, ".utf8) }
            return b + Array("\n".utf8)
        },
        Case(name: "unterminated string") { Array("let s = \"abc\nlet t = 2\n".utf8) },
        Case(name: "unterminated interpolation") { Array("let s = \"edge-\\(i\nlet t = 2\n".utf8) },
        Case(name: "unterminated block comment") { Array("let a = 1\n/* never closed\nlet b = 2\n".utf8) },
        Case(name: "unterminated jq literal") { Array("policy {\n  rule \"r\" jq `.[] | .kind\n}\n".utf8) },
        Case(name: "10,000 open brackets") {
            Array("let x = ".utf8) + [UInt8](repeating: UInt8(ascii: "["), count: 10_000)
        },
        Case(name: "10,000 open parentheses") {
            Array("let x = ".utf8) + [UInt8](repeating: UInt8(ascii: "("), count: 10_000)
        },
        Case(name: "10,000 nested blocks") {
            [UInt8](String(repeating: "cluster c {\n", count: 10_000).utf8)
        },
        Case(name: "10,000 nested interpolations") {
            Array("let s = ".utf8) + [UInt8](String(repeating: "\"\\(", count: 10_000).utf8)
        },
        Case(name: "invalid UTF-8") {
            Array("let s = \"".utf8) + [0xC3, 0x28, 0xFF, 0xFE] + Array("\"\nlet t = 1\n".utf8)
        },
        Case(name: "lone continuation bytes in an identifier") {
            Array("let ".utf8) + [0x80, 0x81] + Array(" = 1\n".utf8)
        },
        Case(name: "huge integer") { Array("let n = 999999999999999999999999999999\n".utf8) },
    ]

    @Test(arguments: cases)
    func hostileInputIsDiagnosed(_ c: Case) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kfc-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try Data(c.bytes()).write(to: dir.appendingPathComponent("input.kf"))
        let r = try BinaryRunner.run(["check", "input.kf"], in: dir, timeout: 120)
        #expect(!r.timedOut, "kfc hung on \(c.name)")
        #expect(!r.signalled, "kfc crashed on \(c.name): \(r.stderr.suffix(2_000))")
        #expect(r.status == 1, "exit status \(r.status) on \(c.name)")
        #expect(r.stderr.contains("error[KF0"), "no syntax diagnostic on \(c.name)")
        #expect(r.stderr.contains("--> input.kf:"), "the diagnostic has no location on \(c.name)")
        #expect(r.stdout.isEmpty)
        #expect(r.stderr.utf8.count < 200_000, "output explodes on \(c.name)")
    }

    @Test func formatterRefusesBrokenInputWithoutTouchingIt() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kfc-hostile-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let bytes = Array("let s = \"abc\n".utf8)
        let file = dir.appendingPathComponent("input.kf")
        try Data(bytes).write(to: file)
        let r = try BinaryRunner.run(["fmt", "input.kf"], in: dir)
        #expect(r.status == 1)
        #expect(try Data(contentsOf: file) == Data(bytes))
    }
}
