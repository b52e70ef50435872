import Foundation

/// Finds kfc's data folders (`docs/`, `stdlib/`) at run time.
///
/// Search order: an environment variable (`KFC_DOCS`, `KFC_STDLIB`), then beside the installed
/// binary (`<prefix>/share/kfc/<name>` or `<bin>/<name>`), then the source tree this binary was
/// built from (development and tests).
enum ResourceLocator {
    /// The folder `name` (`"docs"` or `"stdlib"`), or nil when none exists.
    static func folder(_ name: String, environmentKey: String, ctx: Context) -> String? {
        let fm = FileManager.default
        var candidates: [String] = []
        if let v = ctx.environment[environmentKey], !v.isEmpty { candidates.append(ctx.absolutePath(v)) }
        let exe = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
            .deletingLastPathComponent()
        candidates.append(exe.appendingPathComponent(name).path)
        candidates.append(exe.deletingLastPathComponent().appendingPathComponent("share/kfc/\(name)").path)
        candidates.append(sourceRoot.appendingPathComponent(name).path)
        var isDir: ObjCBool = false
        return candidates.first { fm.fileExists(atPath: $0, isDirectory: &isDir) && isDir.boolValue }
    }

    /// The package root this binary was compiled from.
    static let sourceRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}
