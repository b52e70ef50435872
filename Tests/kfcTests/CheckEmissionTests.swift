import Foundation
import Testing

@testable import kfc

/// `kfc check` proves on the objects the back ends would emit; it may leave the run plans out
/// of the plan ConfigMaps only when no jq rule reads the manifests. A rule that does reads
/// every object in full, whether it comes from a policy block or a `--policy` file.
@Suite struct CheckEmissionTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let example = repo.appendingPathComponent("examples/kubeflower/topology.kf")

    /// Flags the plan ConfigMaps whose `plan.json` is empty (`empty`) or holds a plan (`full`).
    static func rule(_ flag: String) -> String {
        let test = flag == "empty" ? "length == 0" : "length > 0"
        return
            #".[] | select(.kind == "ConfigMap") | select((.data["plan.json"] // "") | \#(test)) | "\#(flag) plan in \(.metadata.name)""#
    }

    private func folder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kfc-check-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    @Test func policyBlockRulesSeeThePlans() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let text = try String(contentsOf: Self.example, encoding: .utf8)
        for (flag, fires) in [("empty", false), ("full", true)] {
            let file = dir.appendingPathComponent("\(flag).kf")
            try (text + "\npolicy {\n  rule \"plans\" jq `\(Self.rule(flag))`\n}\n").write(
                to: file, atomically: true, encoding: .utf8)
            let r = Driver.run(["check", file.path], environment: ["NO_COLOR": "1"], workingDirectory: dir.path)
            #expect(r.stderr.contains("\(flag) plan in digits-fl-plan") == fires, "\(r.stderr)")
            #expect(r.exitCode == (fires ? 1 : 0), "\(r.stderr)")
        }
    }

    @Test func policyFilesOverTheManifestsSeeThePlans() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        for (flag, fires) in [("empty", false), ("full", true)] {
            let jq = dir.appendingPathComponent("\(flag).jq")
            try Self.rule(flag).write(to: jq, atomically: true, encoding: .utf8)
            let r = Driver.run(
                ["check", Self.example.path, "--policy", jq.path], environment: ["NO_COLOR": "1"],
                workingDirectory: dir.path)
            #expect(r.stderr.contains("\(flag) plan in digits-fl-plan") == fires, "\(r.stderr)")
            #expect(r.exitCode == (fires ? 1 : 0), "\(r.stderr)")
        }
    }
}
