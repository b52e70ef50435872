import Compiler
import Foundation
import IRFixtures
import KFLang
import YAML

@testable import Backends

/// Emits `targets` for `ir` and returns the products and the diagnostics.
func build(_ ir: IR.Deployment, _ targets: Set<BuildTarget> = [.k8s, .kubeOVN]) -> (BuildProducts, [Diagnostic]) {
    let sink = DiagnosticSink()
    let products = Emitter().emit(ir, targets: targets, sink: sink)
    return (products, sink.sorted())
}

extension BuildProducts {
    /// The objects of one kind.
    func objects(_ kind: ManifestKind) -> [Manifest] { manifests.filter { $0.kind == kind } }

    /// The object of `kind` named `name`.
    func object(_ kind: ManifestKind, _ name: String) -> Manifest? {
        manifests.first { $0.kind == kind && $0.name == name }
    }
}

extension YAMLNode {
    /// The node at a dotted path (`spec.template.spec`); numbers index sequences.
    func at(_ path: String) -> YAMLNode? {
        var node: YAMLNode? = self
        for part in path.split(separator: ".") {
            if let i = Int(part) { node = node?[i] } else { node = node?[String(part)] }
        }
        return node
    }

    /// Every pod spec in a workload (`spec.template.spec`).
    var podSpec: YAMLNode? { at("spec.template.spec") }
}

/// Where the offline validator lives: `../shared/tools/validate-manifests` beside the clone.
enum Validator {
    static var repoRoot: URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
    }

    static var path: String {
        repoRoot.deletingLastPathComponent().appendingPathComponent("shared/tools/validate-manifests").path
    }

    /// Runs the validator on `paths` with `arguments` first; returns its exit status and output.
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", path] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: data, as: UTF8.self))
    }
}

/// A fresh temporary folder.
func temporaryFolder(_ name: String) throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("kfc-backends-\(name)-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// Writes the products' files under `folder`.
func write(_ products: BuildProducts, to folder: URL) throws {
    for f in try products.files() {
        try Data(f.bytes).write(to: folder.appendingPathComponent(f.path))
    }
}
