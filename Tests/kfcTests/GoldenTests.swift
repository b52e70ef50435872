import Foundation
import Testing

@testable import kfc

/// Runs every case under `Tests/Golden/` through the same `Driver` the CLI uses and compares
/// stdout and stderr byte for byte (the tool version in a SARIF log reads `<kfc version>`).
/// `KFC_UPDATE_GOLDEN=1 swift test` re-blesses; a missing
/// expectation is written and the test fails. The exit status must be 1 exactly when an error
/// is reported, unless the case pins another in `expected.exit`.
@Suite struct GoldenTests {
    static let update = ProcessInfo.processInfo.environment["KFC_UPDATE_GOLDEN"] == "1"

    @Test(arguments: GoldenCase.all())
    func golden(_ c: GoldenCase) throws {
        let result = Driver.run(c.arguments, environment: ["NO_COLOR": "1"], workingDirectory: c.directory.path)
        try compare(c, file: "expected.diag", actual: result.stderr)
        // A SARIF log names the tool's version; goldens hold no versions.
        let stdout = result.stdout.replacingOccurrences(
            of: "\"version\" : \"\(KFC.version)\"", with: "\"version\" : \"<kfc version>\"")
        try compare(c, file: "expected.out", actual: stdout)
        // The exit status follows from the diagnostics unless the case pins it in `expected.exit`.
        let pinned = c.lines("expected.exit")?.first.flatMap { Int32($0) }
        let derived: Int32 = result.stderr.contains("error[") ? 1 : 0
        #expect(result.exitCode == (pinned ?? derived), "\(c.name) exited with \(result.exitCode)")
    }

    private func compare(_ c: GoldenCase, file: String, actual: String) throws {
        let url = c.directory.appendingPathComponent(file)
        let expected = try? String(contentsOf: url, encoding: .utf8)
        if Self.update {
            if actual.isEmpty {
                try? FileManager.default.removeItem(at: url)
            } else if expected != actual {
                try actual.write(to: url, atomically: true, encoding: .utf8)
            }
            return
        }
        if expected == nil, !actual.isEmpty {
            try actual.write(to: url, atomically: true, encoding: .utf8)
            Issue.record("\(c.name): \(file) was missing and has been written; review it and re-run")
            return
        }
        let exp = expected ?? ""
        if exp != actual {
            Issue.record(
                "\(c.name): \(file) differs (re-bless with KFC_UPDATE_GOLDEN=1)\n\(UnifiedDiff.diff(exp, actual))")
        }
    }
}
