import Foundation
import Testing

/// One golden case: a folder under `Tests/Golden/` with an `input.kf` and its expectations.
///
/// - `command` (optional): the subcommand and flags before the input, one per line
///   (default: `check`).
/// - `args` (optional): extra arguments after the input, one per line.
/// - `expected.diag`: what kfc writes on stderr (uncoloured); absent means nothing.
/// - `expected.out`: what kfc writes on stdout; absent means nothing.
/// - `expected.yaml`, `expected.plan.json`: files the back ends write (once `build` exists).
struct GoldenCase: CustomTestStringConvertible, Sendable {
    let name: String
    let directory: URL

    var testDescription: String { name }

    static let root = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Golden")

    /// Every case folder, sorted by name.
    static func all() -> [GoldenCase] {
        let fm = FileManager.default
        let names = (try? fm.contentsOfDirectory(atPath: root.path)) ?? []
        return names.sorted().compactMap { n in
            let dir = root.appendingPathComponent(n)
            var isDir: ObjCBool = false
            guard fm.fileExists(atPath: dir.path, isDirectory: &isDir), isDir.boolValue else { return nil }
            return GoldenCase(name: n, directory: dir)
        }
    }

    func lines(_ file: String) -> [String]? {
        guard let s = try? String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8) else {
            return nil
        }
        return s.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
            .filter { !$0.hasPrefix("#") }
    }

    /// The full argument vector for the driver.
    var arguments: [String] {
        var a = lines("command") ?? ["check"]
        if a.count == 1, a[0].contains(" ") { a = a[0].split(separator: " ").map(String.init) }
        let inputs =
            FileManager.default.fileExists(atPath: directory.appendingPathComponent("input.kf").path)
            ? ["input.kf"] : []
        return a + inputs + (lines("args") ?? []) + ["--color", "never"]
    }
}
