import Foundation
import Testing
import YAML

@testable import kfc

/// The Flower target runs: what `kfc build` emits for `examples/flower` is started through the
/// manifest harness — the SuperLink's and SuperNodes' own command lines, their mounts, the
/// Service name as 127.0.0.1, on loopback only — with the user's image mapped to a virtual
/// environment holding `flwr==1.42.0` (`.venv-flwr`, made by `scripts/install-deps --test`).
/// The example app is registered and submitted with `flwr` as docs/flower.md says, over TLS
/// with node authentication, and must complete its rounds with the noise multiplier kfc solved.
@Suite(.serialized) struct FlowerTests {
    static let root = ManifestHarnessTests.root
    static let venv = root + "/.venv-flwr"

    /// Why the Flower run cannot happen here, or nil.
    static let unavailable: String? = {
        if let why = ManifestHarness.unavailable { return why }
        for tool in ["flower-superlink", "flower-supernode", "flwr"]
        where !FileManager.default.isExecutableFile(atPath: venv + "/bin/" + tool) {
            return "\(venv)/bin/\(tool) is missing: run scripts/install-deps --test (it installs flwr==1.42.0 there)"
        }
        return nil
    }()

    @Test(.enabled(if: unavailable == nil, Comment(rawValue: unavailable ?? "")), .timeLimit(.minutes(10)))
    func theFlowerExampleRunsItsRoundsOverTLSWithTheSolvedNoise() throws {
        let fm = FileManager.default
        let work = fm.temporaryDirectory.appendingPathComponent("kfc-flower-\(UUID().uuidString)").path
        try fm.createDirectory(atPath: work, withIntermediateDirectories: true)
        var passed = false
        defer { if passed { try? fm.removeItem(atPath: work) } }
        let example = Self.root + "/examples/flower"
        let manifests = work + "/manifests"
        let secrets = work + "/secrets"
        let harness = try ManifestHarness(
            building: example + "/topology.kf", data: Self.root + "/examples/digits/data", dataFolder: "digits",
            in: work)
        let r = try BinaryRunner.run(["build", example + "/topology.kf", "--emit", "ir"])
        try #require(r.status == 0, "\(r.stderr)")
        let solved = try Self.solvedNoise(ir: r.stdout)

        let containers = try harness.containers(entrypoint: [])
        #expect(
            containers.map { $0.command.first ?? "" }.sorted() == [
                "flower-superlink", "flower-supernode", "flower-supernode",
            ])
        for c in containers { #expect(c.image == "registry.example.com/kfc-digits-flower:1.0.0") }
        // The run config kfc emitted carries the σ it solved.
        let ns = "flower-digits"
        let runConfig = try String(contentsOfFile: "\(manifests)/\(ns).run-config.toml", encoding: .utf8)
        #expect(runConfig.contains("noise-multiplier = \(solved)\n"), "\(runConfig)")
        // evaluation: withheld: the run config says no client evaluates (and below, none did).
        #expect(runConfig.contains("\nfraction-evaluate = 0.0\n"), "\(runConfig)")

        // Submitted as docs/flower.md says: the connection entry into Flower's config.toml (its
        // root-certificates at the CA kfc certs wrote), the SuperNodes' keys registered once the
        // SuperLink answers, then `flwr run` with the emitted run config.
        let v = Self.venv
        let q = harness.q
        let driver = """
            set -eu
            export PATH=\(q(v + "/bin")):/usr/bin:/bin HOME=\(q(work)) FLWR_HOME=\(q(work + "/flwr-cli"))
            mkdir -p "$FLWR_HOME"
            { printf '[superlink]\\ndefault = "\(ns)"\\n\\n'
              sed 's|^root-certificates = .*|root-certificates = "\(secrets)/flower_digits/ca.crt"|' \(q("\(manifests)/\(ns).flwr-connection.toml"))
            } > "$FLWR_HOME/config.toml"
            n=0
            until flwr supernode ls \(ns) > /dev/null 2>&1; do
              n=$((n + 1)); [ "$n" -lt 180 ] || { echo "the SuperLink never answered"; exit 3; }
              sleep 1
            done
            sh \(q(secrets + "/flower_digits/register-supernodes.sh")) \(ns)
            cd \(q(example))
            flwr run . \(ns) --run-config \(q("\(manifests)/\(ns).run-config.toml")) --stream > \(q(harness.logs + "/flwr-run.txt")) 2>&1
            flwr ls \(ns) --format json > \(q(harness.logs + "/runs.json"))
            """
        let image = ManifestHarness.Image(path: [v + "/bin"])
        // Stopped with SIGTERM, a SuperNode exits 3 (flwr ExitCode.GRACEFUL_EXIT_SIGTERM); the
        // SuperLink shuts down ("SuperExec terminated gracefully", "FastAPI lifespan: shutdown")
        // and then dies of the signal it caught (143), as its web server re-raises it.
        let (timedOut, status, log) = try harness.run(
            containers, image: image, driver: driver, stopStatuses: [0, 3, 143], timeout: 480)
        let superlinkLog = try harness.output(of: "superlink")
        #expect(superlinkLog.contains("SuperExec terminated gracefully"), "\(superlinkLog.suffix(2000))")
        let run = (try? String(contentsOfFile: harness.logs + "/flwr-run.txt", encoding: .utf8)) ?? ""
        let runs = (try? String(contentsOfFile: harness.logs + "/runs.json", encoding: .utf8)) ?? ""
        let superlink = try harness.output(of: "superlink")
        try #require(
            !timedOut && status == 0,
            "harness: \(log)\nflwr run: \(run)\nsuperlink: \(superlink.suffix(4000))\nin \(work)")
        #expect(runs.contains("finished:completed"), "\(runs)")
        #expect(run.contains("[ROUND 3/3]"), "\(run)")
        #expect(run.contains("kfc: noise multiplier \(solved),"), "\(run)")
        #expect(run.contains("central DP noise"), "\(run)")
        #expect(run.contains("Federated evaluation will be skipped"), "\(run)")
        #expect(!run.contains("configure_evaluate"), "\(run)")
        #expect(superlink.contains("Uvicorn running on https://0.0.0.0:9092"), "\(superlink.suffix(4000))")
        passed = true
    }

    /// The ε kfc reports for the example's run (what `kfc budget FILE` says each dataset spends,
    /// the one federation reading it) is `kfc budget`'s for the run's own q, σ and rounds, read
    /// from the run config the ServerApp is given: q = sampled clients / clients.
    @Test func theReportedEpsilonIsKfcBudgetsForTheRunsQSigmaAndRounds() throws {
        let fm = FileManager.default
        let work = fm.temporaryDirectory.appendingPathComponent("kfc-flower-eps-\(UUID().uuidString)").path
        defer { try? fm.removeItem(atPath: work) }
        let file = Self.root + "/examples/flower/topology.kf"
        var r = try BinaryRunner.run(["build", file, "-o", work, "--data-root", "/srv/kfc"])
        try #require(r.status == 0, "\(r.stderr)")
        let config = try Self.runConfig(
            String(contentsOfFile: work + "/flower-digits.run-config.toml", encoding: .utf8))
        let sampled = try #require(config["num-sampled-clients"].flatMap(Int.init))
        let clients = try #require(config["min-available-nodes"].flatMap(Int.init))
        let sigma = try #require(config["noise-multiplier"])
        let rounds = try #require(config["num-server-rounds"])
        let q = Double(sampled) / Double(clients)
        // With privacy, every client trains (KF1031) and none evaluates (evaluation: withheld).
        #expect(q == 1)
        #expect(config["fraction-train"] == "1.0")
        #expect(config["fraction-evaluate"] == "0.0")
        r = try BinaryRunner.run(["budget", file, "--format", "json"])
        try #require(r.status == 0, "\(r.stderr)")
        let report = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let datasets = try #require(report["datasets"] as? [[String: Any]])
        #expect(datasets.count == 2)
        r = try BinaryRunner.run([
            "budget", "--sampling-rate", String(q), "--noise-multiplier", sigma, "--steps", rounds, "--delta", "1e-3",
            "--format", "json",
        ])
        try #require(r.status == 0, "\(r.stderr)")
        let single = try #require(try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any])
        let epsilon = try #require(single["epsilon"] as? Double)
        for d in datasets {
            #expect(d["spent_epsilon"] as? Double == epsilon, "\(d) against kfc budget's \(epsilon)")
        }
        #expect(epsilon <= 8.0)
    }

    /// The Flower objects `kfc build` writes are what `kfc verify --against` expects: no drift,
    /// no finding (the drift check emits the Flower target too).
    @Test func verifyAgainstTheFileFindsNoDriftInTheFlowerBuild() throws {
        let fm = FileManager.default
        let work = fm.temporaryDirectory.appendingPathComponent("kfc-flower-drift-\(UUID().uuidString)").path
        defer { try? fm.removeItem(atPath: work) }
        let file = Self.root + "/examples/flower/topology.kf"
        var r = try BinaryRunner.run(["build", file, "-o", work, "--data-root", "/srv/kfc"])
        try #require(r.status == 0, "\(r.stderr)")
        r = try BinaryRunner.run(["verify", work, "--against", file, "--data-root", "/srv/kfc", "--color", "never"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.isEmpty, "\(r.stderr)")
    }

    /// `key = value` lines of a flat TOML file, values as written.
    static func runConfig(_ text: String) -> [String: String] {
        var out: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: "=", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count == 2 { out[parts[0]] = parts[1] }
        }
        return out
    }

    /// The noise multiplier the budget proof solved for the example's federation (the IR's).
    static func solvedNoise(ir: String) throws -> Double {
        let json = try #require(try JSONSerialization.jsonObject(with: Data(ir.utf8)) as? [String: Any])
        let federation = try #require((json["federations"] as? [[String: Any]])?.first)
        let privacy = try #require(federation["privacy"] as? [String: Any])
        return try #require(privacy["solvedNoise"] as? Double)
    }
}
