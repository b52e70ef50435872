import Foundation
import Testing

@testable import kfc

/// One mutant: a bundled example with edits that break exactly one property.
struct Mutant: CustomTestStringConvertible, Sendable {
    /// A short name: example, then what breaks.
    var name: String
    /// The example's folder under `examples/`.
    var example: String
    /// `find → replace` edits; each `find` must occur in the example (the first occurrence is replaced).
    var edits: [(String, String)]
    /// The error code every command must report.
    var code: String
    /// Extra flags (`--strict` for properties only `--strict` makes errors).
    var args: [String] = []

    var testDescription: String { name }
}

/// The mutation suite: every mutant fails `kfc check` with its expected code, and `kfc build`
/// refuses it too whatever the targets (default, `--target k8s`, `--target kube-ovn`), writing
/// nothing; the unmutated examples pass.
@Suite struct MutationTests {
    static let root = ExamplesTests.root

    static let kubeflowerPrivacy = "  privacy { unit: example, epsilon: 0.7, delta: 1e-5, clip: 1.0, noise: auto }\n"
    static let pinnedImage =
        "ghcr.io/kfc/flower-server:1.0@sha256:0000000000000000000000000000000000000000000000000000000000000000"

    static let mutants: [Mutant] = [
        // MARK: kubeflower: isolated(clients), no_internet(fl_net), budget <= 0.7, dataset budgets 1.0
        Mutant(
            name: "kubeflower: the network routes out", example: "kubeflower",
            edits: [("egress: false // no route to the internet", "egress: true")], code: "KF3060"),
        Mutant(
            name: "kubeflower: client zones reach the internet", example: "kubeflower",
            edits: [
                (
                    "zone site[i in 0..<n] { private: true }",
                    "zone site[i in 0..<n] { private: true, egress: [0.0.0.0/0] }"
                )
            ],
            code: "KF3060"),
        Mutant(
            name: "kubeflower: the server's zone reaches the internet", example: "kubeflower",
            edits: [("zone core { cidr: 10.18.0.0/28 }", "zone core { cidr: 10.18.0.0/28, egress: [0.0.0.0/0] }")],
            code: "KF3060"),
        Mutant(
            name: "kubeflower: client zones reach one public mirror", example: "kubeflower",
            edits: [
                (
                    "zone site[i in 0..<n] { private: true }",
                    "zone site[i in 0..<n] { private: true, egress: [203.0.113.0/24] }"
                )
            ], code: "KF3060"),
        Mutant(
            name: "kubeflower: ε raised over the policy's bound", example: "kubeflower",
            edits: [("privacy { unit: example, epsilon: 0.7,", "privacy { unit: example, epsilon: 0.9,")],
            code: "KF3032"),
        Mutant(
            name: "kubeflower: the policy's bound lowered under ε", example: "kubeflower",
            edits: [("require budget(digits_fl) <= 0.7", "require budget(digits_fl) <= 0.5")], code: "KF3032"),
        Mutant(
            name: "kubeflower: the data's lifetime budget below the federation's ε", example: "kubeflower",
            edits: [("budget: { epsilon: 1.0, delta: 1e-5 }", "budget: { epsilon: 0.5, delta: 1e-5 }")], code: "KF3031"),
        Mutant(
            name: "kubeflower: a fixed noise that does not fit", example: "kubeflower",
            edits: [("noise: auto", "noise: 0.5")], code: "KF3030"),
        Mutant(
            name: "kubeflower: a vanishing noise (1e-300)", example: "kubeflower",
            edits: [("noise: auto", "noise: 1e-300")], code: "KF3030"),
        Mutant(
            name: "kubeflower: DP dropped from budgeted data", example: "kubeflower",
            edits: [(kubeflowerPrivacy, "")], code: "KF3034"),
        Mutant(
            name: "kubeflower: a client moved off its data", example: "kubeflower",
            edits: [
                (
                    "    node: lab.edge[i]\n    dataset: digits[i]",
                    "    node: lab.edge[(i + 1) % n]\n    dataset: digits[i]"
                )
            ],
            code: "KF3041"),
        Mutant(
            name: "kubeflower: client zones opened (--strict)", example: "kubeflower",
            edits: [("zone site[i in 0..<n] { private: true }", "zone site[i in 0..<n] { private: false }")],
            code: "KF3060", args: ["--strict"]),
        Mutant(
            name: "kubeflower: clients share one zone (--strict)", example: "kubeflower",
            edits: [("    zone: fl_net.site[i]", "    zone: fl_net.site[0]")], code: "KF3060", args: ["--strict"]),
        Mutant(
            name: "kubeflower: clients in the server's zone (--strict)", example: "kubeflower",
            edits: [("    zone: fl_net.site[i]", "    zone: fl_net.core")], code: "KF3060", args: ["--strict"]),
        Mutant(
            name: "kubeflower: an unpinned server image", example: "kubeflower",
            edits: [(pinnedImage, "ghcr.io/kfc/flower-server:latest")], code: "KF3107"),
        Mutant(
            name: "kubeflower: the server's node too small", example: "kubeflower",
            edits: [
                (
                    "node cloud { hostname: \"cloud-1\", cpu: 8, memory: 32Gi }",
                    "node cloud { hostname: \"cloud-1\", cpu: 8, memory: 256Mi }"
                )
            ],
            code: "KF3040"),

        // MARK: digits-dp: isolated, no_internet, budget <= epsilon
        Mutant(
            name: "digits-dp: the network routes out", example: "digits-dp",
            edits: [("  egress: false", "  egress: true")], code: "KF3060"),
        Mutant(
            name: "digits-dp: client zones reach the internet", example: "digits-dp",
            edits: [
                (
                    "zone site[i in 0..<n] { private: true }",
                    "zone site[i in 0..<n] { private: true, egress: [0.0.0.0/0] }"
                )
            ],
            code: "KF3060"),
        Mutant(
            name: "digits-dp: the policy's bound halved", example: "digits-dp",
            edits: [("require budget(digits_dp) <= epsilon", "require budget(digits_dp) <= epsilon / 2")],
            code: "KF3032"),
        Mutant(
            name: "digits-dp: a fixed noise that does not fit", example: "digits-dp",
            edits: [("clip: 1.0, noise: auto", "clip: 1.0, noise: 0.05")], code: "KF3030"),
        Mutant(
            name: "digits-dp: a client moved off its data", example: "digits-dp",
            edits: [("    node: lab.edge[i]\n", "    node: lab.edge[(i + 1) % n]\n")], code: "KF3041"),
        Mutant(
            name: "digits-dp: clients share one zone (--strict)", example: "digits-dp",
            edits: [("    zone: fl_net.site[i]", "    zone: fl_net.site[0]")], code: "KF3060", args: ["--strict"]),
        Mutant(
            name: "digits-dp: client zones opened (--strict)", example: "digits-dp",
            edits: [("zone site[i in 0..<n] { private: true }", "zone site[i in 0..<n] { private: false }")],
            code: "KF3060", args: ["--strict"]),

        // MARK: digits: isolated, no_internet
        Mutant(
            name: "digits: the network routes out", example: "digits",
            edits: [("  egress: false", "  egress: true")], code: "KF3060"),
        Mutant(
            name: "digits: client zones reach the internet", example: "digits",
            edits: [
                (
                    "zone site[i in 0..<n] { private: true }",
                    "zone site[i in 0..<n] { private: true, egress: [0.0.0.0/0] }"
                )
            ],
            code: "KF3060"),
        Mutant(
            name: "digits: a client moved off its data", example: "digits",
            edits: [("    node: lab.edge[i]\n", "    node: lab.edge[(i + 1) % n]\n")], code: "KF3041"),
        Mutant(
            name: "digits: clients share one zone (--strict)", example: "digits",
            edits: [("    zone: fl_net.site[i]", "    zone: fl_net.site[0]")], code: "KF3060", args: ["--strict"]),

        // MARK: two-federations: isolated(xray_fl.client), no_internet(hospital_net), budget(xray_fl) <= 1.5
        Mutant(
            name: "two-federations: the hospital network routes out", example: "two-federations",
            edits: [("  egress: false", "  egress: true")], code: "KF3060"),
        Mutant(
            name: "two-federations: a clinic zone reaches the internet", example: "two-federations",
            edits: [("zone clinic_b { private: true }", "zone clinic_b { private: true, egress: [0.0.0.0/0] }")],
            code: "KF3060"),
        Mutant(
            name: "two-federations: the hub reaches a mirror", example: "two-federations",
            edits: [
                (
                    "zone hub { cidr: 10.40.0.0/24, private: false }",
                    "zone hub { cidr: 10.40.0.0/24, private: false, egress: [203.0.113.0/24] }"
                )
            ],
            code: "KF3060"),
        Mutant(
            name: "two-federations: the policy's bound lowered", example: "two-federations",
            edits: [("require budget(xray_fl) <= 1.5", "require budget(xray_fl) <= 0.5")], code: "KF3032"),
        Mutant(
            name: "two-federations: a fixed noise that does not fit", example: "two-federations",
            edits: [("noise: 2.5", "noise: 0.5")], code: "KF3030"),
        Mutant(
            name: "two-federations: the scans' lifetime budget cut", example: "two-federations",
            edits: [("budget: { epsilon: 2.0, delta: 1e-6 }", "budget: { epsilon: 0.2, delta: 1e-6 }")], code: "KF3031"),

        Mutant(
            name: "two-federations: a variants file is an x-ray file", example: "two-federations",
            edits: [("path: \"/data/variants/0.csv\"", "path: \"/srv/scans/a0.csv\"")], code: "KF3043"),
        Mutant(
            name: "two-federations: the x-ray server fixed on the gateway", example: "two-federations",
            edits: [
                (
                    "server { zone: hospital_net.hub, node: hq.gpu, port: 8443 }",
                    "server { zone: hospital_net.hub, node: hq.gpu, port: 8443, address: 10.40.0.1 }"
                )
            ], code: "KF2026"),
        Mutant(
            name: "two-federations: no_internet of a cluster", example: "two-federations",
            edits: [("require no_internet(hospital_net)", "require no_internet(hq)")], code: "KF1026"),

        // MARK: multi-site: isolated, no_internet(hospitals), budget(readmission) <= 2.0, data budgets 3.0
        Mutant(
            name: "multi-site: the network routes out", example: "multi-site",
            edits: [("  egress: false", "  egress: true")], code: "KF3060"),
        Mutant(
            name: "multi-site: the north zone reaches the internet", example: "multi-site",
            edits: [
                (
                    "zone north { cidr: 10.40.1.0/24, private: true }",
                    "zone north { cidr: 10.40.1.0/24, private: true, egress: [0.0.0.0/0] }"
                )
            ],
            code: "KF3060"),
        Mutant(
            name: "multi-site: the policy's bound lowered", example: "multi-site",
            edits: [("require budget(readmission) <= 2.0", "require budget(readmission) <= 1.0")], code: "KF3032"),
        Mutant(
            name: "multi-site: the north data's lifetime budget cut", example: "multi-site",
            edits: [("budget: { epsilon: 3.0, delta: 1e-6 }", "budget: { epsilon: 1.0, delta: 1e-6 }")], code: "KF3031"),
        Mutant(
            name: "multi-site: DP dropped from budgeted data", example: "multi-site",
            edits: [("  privacy { unit: example, epsilon: 2.0, delta: 1e-6, clip: 1.0, noise: auto }\n", "")],
            code: "KF3034"),
        Mutant(
            name: "digits-dp: DP dropped under a budget bound", example: "digits-dp",
            edits: [
                (
                    "  privacy { unit: example, epsilon: epsilon, delta: 1e-5, clip: 1.0, noise: auto, accountant: pld }\n",
                    ""
                ),
                ("    train: auto\n", "    train: { epochs: 2, batch: 144, lr: 2.0 }\n"),
            ],
            code: "KF3032"),
        Mutant(
            name: "multi-site: ε raised over the bound", example: "multi-site",
            edits: [("privacy { unit: example, epsilon: 2.0,", "privacy { unit: example, epsilon: 2.5,")],
            code: "KF3032"),

        // MARK: policy: isolated, no_internet(net), budget(faults) <= 1.0
        Mutant(
            name: "policy: the network routes out", example: "policy",
            edits: [("  egress: false", "  egress: true")], code: "KF3060"),
        Mutant(
            name: "policy: the budget bound lowered", example: "policy",
            edits: [("require budget(faults) <= 1.0", "require budget(faults) <= 0.5")], code: "KF3032"),
        Mutant(
            name: "policy: the waiver of unpinned images dropped", example: "policy",
            edits: [("  waive \"images are pinned by digest\"", "  // waive \"images are pinned by digest\"")],
            code: "KF4001"),
    ]

    /// The mutant's text, written beside a copy of nothing else (the examples import only the stdlib).
    static func write(_ m: Mutant) throws -> URL {
        let source = root.appendingPathComponent("examples/\(m.example)/topology.kf")
        var text = try String(contentsOf: source, encoding: .utf8)
        for (find, replace) in m.edits {
            guard let r = text.range(of: find) else { throw MutantError(message: "'\(find)' is not in \(m.example)") }
            text.replaceSubrange(r, with: replace)
        }
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kfc-mutant-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        let file = dir.appendingPathComponent("topology.kf")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return file
    }

    struct MutantError: Error { var message: String }

    @Test func thereAreEnoughMutants() {
        #expect(Self.mutants.count >= 40)
        #expect(Set(Self.mutants.map(\.name)).count == Self.mutants.count)
    }

    @Test(arguments: mutants)
    func everyCommandRefusesTheMutant(_ m: Mutant) throws {
        let file = try Self.write(m)
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let dir = file.deletingLastPathComponent().path
        // The digits examples name their data relative to the file: builds say where it lives on the nodes.
        let root = ["--data-root", "/srv/kfc/\(m.example)"]
        let commands: [[String]] = [
            ["check"], ["build"] + root, ["build", "--target", "k8s"] + root, ["build", "--target", "kube-ovn"] + root,
        ]
        for c in commands {
            let r = Driver.run(c + ["topology.kf"] + m.args + ["--color", "never"], workingDirectory: dir)
            #expect(r.exitCode == 1, "\(c.joined(separator: " ")): \(r.stderr)")
            #expect(r.stderr.contains("error[\(m.code)]"), "\(c.joined(separator: " ")): \(r.stderr)")
            #expect(r.stdout.isEmpty, "\(c.joined(separator: " ")) wrote manifests")
        }
    }

    /// The examples the mutants start from pass the same commands, with the same flags.
    @Test(arguments: Array(Set(mutants.map { "\($0.example) \($0.args.joined(separator: " "))" })).sorted())
    func theUnmutatedExamplePasses(_ example: String) throws {
        let parts = example.split(separator: " ").map(String.init)
        let m = Mutant(name: example, example: parts[0], edits: [], code: "", args: Array(parts.dropFirst()))
        let file = try Self.write(m)
        defer { try? FileManager.default.removeItem(at: file.deletingLastPathComponent()) }
        let r = Driver.run(
            ["check", "topology.kf"] + m.args + ["--color", "never"],
            workingDirectory: file.deletingLastPathComponent().path)
        #expect(r.exitCode == 0, "\(r.stderr)")
    }
}
