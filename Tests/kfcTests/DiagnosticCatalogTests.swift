import Foundation
import Testing
@testable import kfc

/// Every diagnostic code in the sources has a documentation page and a golden case, and the
/// `kf` example on each page produces that code (go/types' habit).
@Suite struct DiagnosticCatalogTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// Codes that no golden case can trigger, with the test that covers them instead.
    static let coveredElsewhere: [String: String] = [
        "KF0099": "CLITests.unwritableFileIsKF0099 (needs an unwritable folder)",
        "KF9001": "internal errors are bugs; no input may produce them",
        "KF5005": "RunPlanEmitterTests (kfc build now solves 'noise: auto' in the budget proof before emitting)",
    ]

    /// Every `code: "KFnnnn"` in Sources.
    static let codes: [String] = {
        var found = Set<String>()
        let src = root.appendingPathComponent("Sources")
        let files = FileManager.default.enumerator(atPath: src.path)?.compactMap { $0 as? String } ?? []
        let regex = try! NSRegularExpression(pattern: #"code: "(KF[0-9]{4})""#)
        for f in files where f.hasSuffix(".swift") {
            guard let text = try? String(contentsOf: src.appendingPathComponent(f), encoding: .utf8) else { continue }
            for m in regex.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
                found.insert(String(text[Range(m.range(at: 1), in: text)!]))
            }
        }
        return found.sorted()
    }()

    static let goldenDiagnostics: String = {
        let golden = root.appendingPathComponent("Tests/Golden")
        let files = FileManager.default.enumerator(atPath: golden.path)?.compactMap { $0 as? String } ?? []
        return files.filter { $0.hasSuffix("expected.diag") || $0.hasSuffix("expected.out") }
            .compactMap { try? String(contentsOf: golden.appendingPathComponent($0), encoding: .utf8) }
            .joined(separator: "\n")
    }()

    @Test func thereAreCodes() {
        #expect(Self.codes.contains("KF0001"))
    }

    @Test(arguments: codes)
    func codeHasADocPage(_ code: String) throws {
        let page = Self.root.appendingPathComponent("docs/diagnostics/\(code).md")
        let text = try #require(try? String(contentsOf: page, encoding: .utf8), "\(code) has no docs/diagnostics/\(code).md")
        #expect(text.hasPrefix("# \(code): "), "the page of \(code) must start with '# \(code): <title>'")
    }

    @Test(arguments: codes)
    func codeHasAGoldenCase(_ code: String) {
        if Self.coveredElsewhere[code] != nil { return }
        #expect(Self.goldenDiagnostics.contains("[\(code)]"), "no golden case under Tests/Golden produces \(code)")
    }

    @Test(arguments: codes)
    func docExampleProducesTheCode(_ code: String) throws {
        let page = Self.root.appendingPathComponent("docs/diagnostics/\(code).md")
        guard let text = try? String(contentsOf: page, encoding: .utf8),
              let start = text.range(of: "```kf\n") else { return }
        let rest = text[start.upperBound...]
        let end = try #require(rest.range(of: "```"), "unterminated kf block in \(code).md")
        let example = String(rest[..<end.lowerBound])
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kfc-doc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try example.write(to: dir.appendingPathComponent("example.kf"), atomically: true, encoding: .utf8)
        let r = Driver.run(["check", "example.kf", "--color", "never"], environment: [:], workingDirectory: dir.path)
        #expect(r.stderr.contains("[\(code)]"), "the example in \(code).md does not produce \(code):\n\(r.stderr)")
    }

    @Test(arguments: Array(coveredElsewhere.keys).sorted())
    func exemptionsAreRealCodes(_ code: String) {
        #expect(Self.codes.contains(code) || code == "KF9001", "\(code) is exempt but not used in Sources")
    }
}
