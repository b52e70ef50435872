import ArgumentParser
import Foundation

/// `kfc explain KFnnnn`: prints the documentation page of a diagnostic code.
struct Explain: KFCCommand {
    static let configuration = CommandConfiguration(
        commandName: "explain",
        abstract: "Print the documentation of a diagnostic code.",
        discussion: "Every code kfc reports has a page: what it means, why, a minimal example and the fix."
    )

    @ArgumentParser.Argument(help: "The diagnostic code, such as KF0003.")
    var code: String

    @Flag(help: "List every documented code with its title.")
    var list = false

    func execute(_ ctx: Context) throws -> Int32 {
        let normalized = code.uppercased()
        guard normalized.range(of: #"^KF[0-9]{4}$"#, options: .regularExpression) != nil else {
            throw UsageError("'\(code)' is not a diagnostic code; codes look like KF0001")
        }
        guard let docs = ResourceLocator.folder("docs", environmentKey: "KFC_DOCS", ctx: ctx) else {
            throw InternalError("the docs folder was not found; set KFC_DOCS to kfc's docs/ folder")
        }
        let path = (docs as NSString).appendingPathComponent("diagnostics/\(normalized).md")
        guard let text = FileManager.default.contents(atPath: path) else {
            throw UsageError("no diagnostic has the code '\(normalized)'; see docs/diagnostics/ for the list")
        }
        ctx.out(String(decoding: text, as: UTF8.self))
        return KFCExit.ok
    }
}
