import Foundation
import Testing

@testable import kfc

/// CI report formats on every command that compiles, and `kfc verify --against` on real builds.
@Suite struct ReportAndDriftCommandTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static let examples: [String] = {
        let dir = repo.appendingPathComponent("examples")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: dir.path)) ?? []
        return names.filter {
            FileManager.default.fileExists(atPath: dir.appendingPathComponent("\($0)/topology.kf").path)
        }.sorted()
    }()

    @Test func thereAreExamples() { #expect(Self.examples.count >= 3) }

    /// What `kfc build` writes has no drift from the file it was built from.
    @Test(arguments: examples)
    func untouchedBuildOutputHasNoDrift(_ example: String) throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kfc-drift-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = "examples/\(example)/topology.kf"
        let root = ["--data-root", "/srv/kfc/\(example)"]
        let build = Driver.run(
            ["build", file, "-o", dir.path] + root, environment: [:], workingDirectory: Self.repo.path)
        try #require(build.exitCode == 0, "\(build.stderr)")
        let verify = Driver.run(
            ["verify", dir.path, "--against", file, "--format", "json"] + root, environment: [:],
            workingDirectory: Self.repo.path)
        let doc = try #require(try JSONSerialization.jsonObject(with: Data(verify.stdout.utf8)) as? [String: Any])
        let codes = (doc["findings"] as? [[String: Any]] ?? []).compactMap {
            ($0["diagnostic"] as? [String: Any])?["code"] as? String
        }
        #expect(!codes.contains { $0.hasPrefix("KF321") }, "\(example): \(codes)")
    }

    /// A hand edit of the written manifests is drift, an error under `--strict`.
    @Test func aHandEditIsDriftAndStrictMakesItAnError() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kfc-drift-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = "examples/kubeflower/topology.kf"
        try #require(Driver.run(["build", file, "-o", dir.path], workingDirectory: Self.repo.path).exitCode == 0)
        let services = dir.appendingPathComponent("services.yaml")
        let text = try String(contentsOf: services, encoding: .utf8)
        try text.replacingOccurrences(of: "port: 8080", with: "port: 9090").write(
            to: services, atomically: true, encoding: .utf8)
        let warn = Driver.run(
            ["verify", dir.path, "--against", file], environment: [:], workingDirectory: Self.repo.path)
        #expect(warn.stderr.contains("warning[KF3212]: 'Service/digits-fl/digits-fl-server' differs"))
        #expect(warn.stderr.contains("spec.ports[0].port: 8080 → 9090"))
        let strict = Driver.run(
            ["verify", dir.path, "--against", file, "--strict"], environment: [:], workingDirectory: Self.repo.path)
        #expect(strict.exitCode == 1)
        #expect(strict.stderr.contains("error[KF3212]"))
    }

    @Test func setWithoutAgainstIsAUsageError() {
        let r = Driver.run(["verify", "out", "--set", "n=2"], workingDirectory: Self.repo.path)
        #expect(r.exitCode == 64)
    }

    /// Commands that write text or JSON only refuse the report formats before doing anything.
    @Test(arguments: [
        ["fmt", "--check"], ["query", "."], ["import"], ["run"],
    ])
    func reportFormatsAreUsageErrorsElsewhere(_ command: [String]) {
        let r = Driver.run(
            command + ["examples/kubeflower/topology.kf", "--format", "github"], workingDirectory: Self.repo.path)
        #expect(r.exitCode == 64, "\(command): \(r.stderr)")
        #expect(r.stderr.contains("'--format github' is a report of check, build and verify"))
        #expect(r.stdout.isEmpty)
    }

    /// Code scanning wants paths relative to the checkout, however the file was named.
    @Test func anAbsolutePathInsideTheWorkingFolderIsReportedRelativeToIt() {
        let golden = Self.repo.appendingPathComponent("Tests/Golden/check-format-github")
        let r = Driver.run(
            ["check", golden.appendingPathComponent("input.kf").path, "--format", "github"], environment: [:],
            workingDirectory: Self.repo.path)
        #expect(r.exitCode == 1)
        #expect(r.stdout.contains("::error file=Tests/Golden/check-format-github/input.kf,line=28,col=3,"))
    }

    @Test func aCleanCheckIsOnePassingTestCasePerFile() {
        let r = Driver.run(
            ["check", "examples/kubeflower/topology.kf", "--format", "junit"], workingDirectory: Self.repo.path)
        #expect(r.exitCode == 0)
        #expect(r.stdout.contains("<testsuite name=\"kfc check\" tests=\"1\" failures=\"0\""))
        #expect(r.stdout.contains("name=\"examples/kubeflower/topology.kf\"/>"))
    }
}
