import Foundation
import Testing
import YAML

@testable import kfc

/// The manifests run, without a cluster: what `kfc build -o` emits for the digits example is read
/// back and every container of every Deployment and Job is started as a local process, with its
/// own `command` and `args`, its `env`, as its pod's user, each volume mounted at its mount path
/// (ConfigMap files written out, the Secrets from the `secretGenerator` `kfc certs` wrote, claims
/// bound to their PersistentVolume's folder or a fresh one, emptyDirs), a read-only root file
/// system where the container asks for one, and an `/etc/hosts` that names every Service
/// 127.0.0.1 (`hostAliases`, which point at cluster addresses, are ignored).
///
/// Everything runs in one private network namespace whose only interface is loopback (nothing
/// can leave it), each container in its own private mount namespace (`unshare -m`): its mounts,
/// its `/etc/hosts` and the image's `kfc` at the Dockerfile's entry point never touch the host.
/// The test knows nothing of kfc's command line: the federation must complete, and its final
/// model and accuracies are those of the in-process `kfc run`.
@Suite(.serialized) struct ManifestHarnessTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().path

    static let unavailable = ManifestHarness.unavailable

    /// The image's entry point (where the image puts `kfc`), read from the Dockerfile.
    static func entrypoint() throws -> [String] {
        let text = try String(contentsOfFile: root + "/deploy/Dockerfile", encoding: .utf8)
        let line = try #require(text.split(separator: "\n").last { $0.hasPrefix("ENTRYPOINT") })
        let json = line.dropFirst("ENTRYPOINT".count).trimmingCharacters(in: .whitespaces)
        return try JSONDecoder().decode([String].self, from: Data(json.utf8))
    }

    @Test(.enabled(if: unavailable == nil, Comment(rawValue: unavailable ?? "")))
    func theDigitsManifestsRunAsLocalProcessesWithTheInProcessAccuracy() throws {
        // The image's kfc: the static one scripts/test builds as the Dockerfile does, else the suite's.
        let kfc = try #require(BinaryRunner.staticBinary ?? BinaryRunner.binary, "the kfc binary is not built")
        let fm = FileManager.default
        let work = fm.temporaryDirectory.appendingPathComponent("kfc-harness-\(UUID().uuidString)").path
        try fm.createDirectory(atPath: work, withIntermediateDirectories: true)
        var passed = false
        defer { if passed { try? fm.removeItem(atPath: work) } }
        // The nodes' disk: --data-root names it, the PersistentVolumes point into it.
        let example = Self.root + "/examples/digits"
        let harness = try ManifestHarness(
            building: example + "/topology.kf", data: example + "/data", dataFolder: "data", in: work)
        let r = try BinaryRunner.run(["run", example + "/topology.kf", "--out", work + "/in-process"])
        try #require(r.status == 0, "\(r.stderr)")

        let entrypoint = try Self.entrypoint()
        let containers = try harness.containers(entrypoint: entrypoint)
        for c in containers { #expect(c.image == DefaultImage.reference) }
        #expect(containers.count == 11, "one server and ten clients")
        #expect(containers.filter { !$0.runsToCompletion }.count == 1, "the server is a Deployment")
        // The image's kfc: the built binary, bind-mounted where the Dockerfile puts it.
        let imageBinary = try #require(entrypoint.first)
        let image = ManifestHarness.Image(
            entrypoint: entrypoint, binds: [(kfc.path, imageBinary)],
            path: [(imageBinary as NSString).deletingLastPathComponent])
        // The Jobs run to their end; then the Deployments are stopped as the cluster would stop
        // them (SIGTERM) and must exit 0 too: the server lingers until then.
        let (timedOut, status, harnessLog) = try harness.run(containers, image: image, timeout: 90)
        let logs = harness.logs
        let serverLog = try harness.errors(of: "server")
        // Whatever a container wrote to stderr that is not a JSON event (a crash, a sanitizer report).
        let stray = try fm.contentsOfDirectory(atPath: logs).sorted().filter { $0.hasSuffix(".err") }.map {
            name in
            let text = (try? String(contentsOfFile: logs + "/" + name, encoding: .utf8)) ?? ""
            let lines = text.split(separator: "\n").filter { !$0.hasPrefix("{") }
            return lines.isEmpty ? "" : "\(name):\n" + lines.joined(separator: "\n") + "\n"
        }.joined()
        try #require(
            !timedOut && status == 0,
            "harness: \(harnessLog)\nserver: \(serverLog)\nother output:\n\(stray)\nin \(work)")
        #expect(serverLog.contains("\"tls\":true"), "\(serverLog)")
        #expect(!serverLog.contains("\"event\":\"refused\""), "\(serverLog)")

        // What the server wrote, in whichever writable volume it keeps its state.
        let written = containers.flatMap(\.mounts).filter { !$0.readOnly }.map(\.source)
        let state = try #require(
            written.first { fm.fileExists(atPath: $0 + "/metrics.jsonl") && fm.fileExists(atPath: $0 + "/model.json") },
            "no volume holds metrics.jsonl and model.json")
        let metrics = try String(contentsOfFile: state + "/metrics.jsonl", encoding: .utf8)
        let expected = try String(contentsOfFile: work + "/in-process/metrics.jsonl", encoding: .utf8)
        #expect(accuracies(metrics).count == 10)
        #expect(accuracies(metrics) == accuracies(expected))
        let model = try Data(contentsOf: URL(fileURLWithPath: state + "/model.json"))
        let inProcess = try Data(contentsOf: URL(fileURLWithPath: work + "/in-process/model.json"))
        #expect(model == inProcess)
        passed = true
    }

    private func accuracies(_ jsonl: String) -> [Double] {
        struct Line: Decodable { var accuracy: Double }
        return jsonl.split(separator: "\n").compactMap { try? JSONDecoder().decode(Line.self, from: Data($0.utf8)) }
            .map(\.accuracy)
    }
}
