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
        "KF0030": "RunFolderTests.aSecondRunOnAFolderInUseIsRefused (needs two processes)",
        "KF0031": "RunFolderTests.anEarlierRunIsRefusedUnlessForced (needs a run folder)",
        "KF0032": "RunFolderTests.aRunWithNoCompletedRoundFails (needs a spent ledger)",
        "KF0033": "FileSafetyTests.fmtRefusesAReadOnlyFile (needs a read-only file)",
        "KF0034": "FileSafetyTests.dangerousOutputFoldersAreRefused (needs -o / and a hostile manifest)",
        "KF0035": "HostileSizeTests.inputsPastTheSizeLimitAreRefused (needs a 16 MiB file)",
        "KF0036": "HostileSizeTests.recordsFarFromTheDataAreRefused (needs data files)",
        "KF0037": "HostileSizeTests.aHugeLabelDoesNotSizeTheModel (needs data files)",
        "KF0099": "CLITests.unwritableFileIsKF0099 (needs an unwritable folder)",
        "KF9001": "internal errors are bugs; no input may produce them",
        "KF5005": "RunPlanEmitterTests (the budget proof solves 'noise: auto' before any back end runs)",
        "KF3112": "ServerResumeTests.aStateOfAnotherPlanIsRefused, ServerStateTests (needs a server state)",
        "KF3113": "ServerStateTests.aStateThatCannotBeThisPlansIsKF3113 (needs a server state)",
        "KF3114": "ServerResumeTests.aSecondServerOnAStateFolderIsRefused (needs two servers)",
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
        let data = try #require(
            FileManager.default.contents(atPath: page.path), "\(code) has no docs/diagnostics/\(code).md")
        // Pages may hold invalid UTF-8 on purpose (KF0002's example), so decode leniently.
        let text = String(decoding: data, as: UTF8.self)
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
        // Work on bytes: an example may contain invalid UTF-8 on purpose.
        guard let bytes = FileManager.default.contents(atPath: page.path).map({ [UInt8]($0) }),
            let start = Self.find(Array("```kf\n".utf8), in: bytes, from: 0)
        else { return }
        let bodyStart = start + 6
        let end = try #require(
            Self.find(Array("```".utf8), in: bytes, from: bodyStart), "unterminated kf block in \(code).md")
        let example = Data(bytes[bodyStart..<end])
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kfc-doc-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try example.write(to: dir.appendingPathComponent("input.kf"))
        // Back-end codes (KF5xxx) come from building; everything else from checking.
        let command = code.hasPrefix("KF5") ? "build" : "check"
        let r = Driver.run([command, "input.kf", "--color", "never"], environment: [:], workingDirectory: dir.path)
        #expect(r.stderr.contains("[\(code)]"), "the example in \(code).md does not produce \(code):\n\(r.stderr)")
        // The page's shown message is the message the example gives (KF5006's once disagreed).
        if let t = Self.find(Array("```text\n".utf8), in: bytes, from: end) {
            let lineEnd = bytes[(t + 8)...].firstIndex(of: UInt8(ascii: "\n")) ?? bytes.count
            let shown = String(decoding: bytes[(t + 8)..<lineEnd], as: UTF8.self)
            if shown.contains("[\(code)]: ") {
                #expect(
                    r.stderr.components(separatedBy: "\n").contains(shown),
                    "\(code).md shows '\(shown)', but its example prints:\n\(r.stderr)")
            }
        }
    }

    private static func find(_ needle: [UInt8], in hay: [UInt8], from: Int) -> Int? {
        guard hay.count >= needle.count, from <= hay.count - needle.count else { return nil }
        for i in from...(hay.count - needle.count)
        where hay[i] == needle[0] && Array(hay[i..<(i + needle.count)]) == needle {
            return i
        }
        return nil
    }

    @Test(arguments: Array(coveredElsewhere.keys).sorted())
    func exemptionsAreRealCodes(_ code: String) {
        #expect(Self.codes.contains(code) || code == "KF9001", "\(code) is exempt but not used in Sources")
    }
}
