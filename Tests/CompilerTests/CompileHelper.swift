import Foundation
import KFLang

@testable import Compiler

/// Compiles in-memory sources the way the driver does, with the repository's stdlib.
enum CompileHelper {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let stdlib = root.appendingPathComponent("stdlib").path

    /// Compiles `files["input.kf"]`; other entries are importable files.
    static func compile(_ files: [String: String], overrides: [String: String] = [:]) -> (CompileResult, [Diagnostic]) {
        var sources = SourceManager()
        let id = sources.add(path: "input.kf", text: files["input.kf"] ?? "")
        let sink = DiagnosticSink()
        let request = CompileRequest(sources: sources, roots: [id], stdlibPath: stdlib, overrides: overrides) { path in
            if let t = files[path] { return Array(t.utf8) }
            return FileManager.default.contents(atPath: path).map { [UInt8]($0) }
        }
        let result = Compiler.compile(request, sink: sink)
        return (result, sink.sorted())
    }

    static func compile(_ text: String, overrides: [String: String] = [:]) -> (CompileResult, [Diagnostic]) {
        compile(["input.kf": text], overrides: overrides)
    }
}
