import Compiler
import Foundation
import IRFixtures
import Testing

@testable import Backends

/// Runs `../shared/tools/validate-manifests` (beside the clone) on what the back ends emit.
///
/// A missing validator fails these tests; set `KFC_SKIP_VALIDATOR=1` to skip them on purpose.
@Suite(.serialized) struct ValidatorTests {
    static let skip = ProcessInfo.processInfo.environment["KFC_SKIP_VALIDATOR"] == "1"

    static let cases: [(String, @Sendable () -> IR.Deployment)] = [
        ("kubeflower-10", { IRFixtures.kubeflower(n: 10) }),
        ("kubeflower-200", { IRFixtures.kubeflower(n: 200) }),
        ("multi-site", { IRFixtures.multiSite() }),
    ]

    @Test(.disabled(if: skip, "KFC_SKIP_VALIDATOR=1"), arguments: cases.map(\.0))
    func validatorAcceptsTheOutputFolder(name: String) throws {
        try requireValidator()
        let ir = Self.cases.first { $0.0 == name }!.1()
        let (products, _) = build(ir, [.k8s, .kubeOVN, .plan])
        let folder = try temporaryFolder(name)
        defer { try? FileManager.default.removeItem(at: folder) }
        try write(products, to: folder)
        let (status, output) = try Validator.run(["-q", folder.path])
        #expect(status == 0, "validate-manifests rejected \(name):\n\(output)")
        #expect(output.contains("\(products.manifests.count) documents valid"), "\(output)")
        #expect(!output.contains("WARN"), "\(output)")
    }

    /// The golden outputs of `kfc build` on the examples (Tests/Golden/build-*/expected.out).
    @Test(
        .disabled(if: skip, "KFC_SKIP_VALIDATOR=1"),
        arguments: ["build-kubeflower", "build-multi-site", "build-two-federations", "build-flower"])
    func validatorAcceptsTheGoldenBuilds(name: String) throws {
        try requireValidator()
        let file = Validator.repoRoot.appendingPathComponent("Tests/Golden/\(name)/expected.out")
        #expect(FileManager.default.fileExists(atPath: file.path), "\(file.path) is missing")
        let (status, output) = try Validator.run(["-q", file.path])
        #expect(status == 0, "\(output)")
    }

    @Test(.disabled(if: skip, "KFC_SKIP_VALIDATOR=1"))
    func validatorAcceptsTheStdoutStream() throws {
        try requireValidator()
        let (products, _) = build(IRFixtures.multiSite())
        let folder = try temporaryFolder("stream")
        defer { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("all.yaml")
        try Data(try products.yamlStream()).write(to: file)
        let (status, output) = try Validator.run(["-q", file.path])
        #expect(status == 0, "\(output)")
    }

    @Test(.disabled(if: skip, "KFC_SKIP_VALIDATOR=1"))
    func legacyCRDMatchesTheOperatorsSchema() throws {
        try requireValidator()
        let crd = Validator.repoRoot.deletingLastPathComponent()
            .appendingPathComponent("shared/seed-kubeflower/REASON-6G-kubeflower-operator/flwr-crd.yaml")
        let converter = URL(fileURLWithPath: Validator.path).deletingLastPathComponent()
            .appendingPathComponent("crd-to-jsonschema")
        let folder = try temporaryFolder("legacy")
        defer { try? FileManager.default.removeItem(at: folder) }
        let schemas = folder.appendingPathComponent("schemas")
        let convert = Process()
        convert.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        convert.arguments = ["python3", converter.path, crd.path, schemas.path]
        try convert.run()
        convert.waitUntilExit()
        #expect(convert.terminationStatus == 0)
        let (products, _) = build(IRFixtures.kubeflower(n: 10), [.legacyCRD])
        let file = folder.appendingPathComponent("fl.yaml")
        try Data(try products.yamlStream()).write(to: file)
        let (status, output) = try Validator.run(["-q", "--schema-dir", schemas.path, file.path])
        #expect(status == 0, "\(output)")
    }

    private func requireValidator() throws {
        if !FileManager.default.isExecutableFile(atPath: Validator.path) {
            Issue.record(
                """
                validate-manifests not found at \(Validator.path): clone the repository beside 'shared/' \
                (see the README's setup) or set KFC_SKIP_VALIDATOR=1 to skip this test
                """)
            throw ValidatorMissing()
        }
    }

    struct ValidatorMissing: Error {}
}
