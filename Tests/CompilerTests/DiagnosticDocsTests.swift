import Foundation
import KFLang
import Testing

@testable import Compiler

/// Every compiler code has a page whose example triggers it, and a golden case (go/types'
/// habit: documented codes are tested codes).
@Suite struct DiagnosticDocsTests {
    static let docs = CompileHelper.root.appendingPathComponent("docs/diagnostics")

    /// Codes declared in `Diagnostics+Compiler.swift` and `Diagnostics+Flower.swift`.
    static let codes: [String] = {
        let src = ["Compiler", "Flower"].map { name in
            (try? String(
                contentsOf: CompileHelper.root.appendingPathComponent("Sources/Compiler/Diagnostics+\(name).swift"),
                encoding: .utf8)) ?? ""
        }.joined()
        var out: [String] = []
        var rest = Substring(src)
        while let r = rest.range(of: "code: \"KF") {
            out.append("KF" + rest[r.upperBound...].prefix(4))
            rest = rest[r.upperBound...]
        }
        return Array(Set(out)).sorted()
    }()

    @Test func thereAreCodes() {
        #expect(Self.codes.count >= 40)
    }

    @Test(arguments: codes)
    func exampleTriggersCode(_ code: String) throws {
        let page = try String(contentsOf: Self.docs.appendingPathComponent("\(code).md"), encoding: .utf8)
        #expect(page.hasPrefix("# \(code)"))
        guard let start = page.range(of: "```kf\n") else { return }  // shell-only examples (driver flags)
        let end = try #require(page.range(of: "```", range: start.upperBound..<page.endIndex))
        let example = String(page[start.upperBound..<end.lowerBound])
        let (_, diags) = CompileHelper.compile(example)
        #expect(diags.contains { $0.code == code }, "\(code)'s example gives \(diags.map(\.code))")
    }

    @Test(arguments: codes)
    func goldenCaseTriggersCode(_ code: String) throws {
        let golden = CompileHelper.root.appendingPathComponent("Tests/Golden")
        let cases = try FileManager.default.contentsOfDirectory(atPath: golden.path)
        let found = cases.contains { c in
            let diag =
                (try? String(contentsOf: golden.appendingPathComponent("\(c)/expected.diag"), encoding: .utf8)) ?? ""
            return diag.contains("[\(code)]")
        }
        #expect(found, "no golden case triggers \(code)")
    }
}
