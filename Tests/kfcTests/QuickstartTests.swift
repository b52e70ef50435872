import Foundation
import Testing

/// scripts/quickstart's kfc commands, run as the script runs them (the suite's kfc stands in for
/// the release build): the main job succeeds, and succeeds again when the quick start is run a
/// second time in the same clone.
struct QuickstartTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The script's `"$KFC" …` lines as argument lists, `$example` expanded.
    static func commands() throws -> [[String]] {
        let script = try String(contentsOf: root.appendingPathComponent("scripts/quickstart"), encoding: .utf8)
        let lines = script.split(separator: "\n").map(String.init)
        let example = try #require(lines.first { $0.hasPrefix("example=") }).dropFirst("example=".count)
        return lines.filter { $0.hasPrefix("\"$KFC\" ") }.map { line in
            line.dropFirst("\"$KFC\" ".count).split(separator: " ").map { word in
                word == "\"$example\"" ? String(example) : String(word)
            }
        }
    }

    @Test func theQuickStartsCommandsSucceedTwice() throws {
        let commands = try Self.commands()
        #expect(commands.map(\.first) == ["check", "fmt", "build", "run"])
        for args in commands {
            #expect(!args.contains { $0.contains("$") || $0.contains("\"") }, "\(args)")
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kfc-quickstart-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try FileManager.default.copyItem(
            at: Self.root.appendingPathComponent("examples"), to: dir.appendingPathComponent("examples"))
        for round in 1...2 {
            for args in commands {
                let r = try BinaryRunner.run(args, in: dir)
                #expect(r.status == 0, "round \(round): kfc \(args.joined(separator: " ")):\n\(r.stderr)")
            }
        }
        let report = dir.appendingPathComponent("runs/digits_fl/report.html")
        #expect(FileManager.default.fileExists(atPath: report.path))
    }
}
