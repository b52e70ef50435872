import Backends
import Foundation
import SafeFiles
import Testing

@testable import kfc

/// `kfc build`'s manifest options, `kfc graph` and `kfc import` through the driver.
@Suite struct BuildCommandTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let example = repo.appendingPathComponent("examples/kubeflower/topology.kf").path

    @Test func outputFolderHasOneFilePerKindAKustomizationAndThePlan() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kfc-build-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = Driver.run(
            ["build", Self.example, "-o", dir.path], environment: ["NO_COLOR": "1"],
            workingDirectory: Self.repo.path)
        #expect(r.exitCode == 0, "\(r.stderr)")
        #expect(r.stdout.isEmpty)
        let files = try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted()
        #expect(files.contains("kustomization.yaml"))
        #expect(files.contains("digits-fl.plan.json"))
        #expect(files.contains("jobs.yaml") && files.contains("subnets.yaml") && files.contains("vpcs.yaml"))
    }

    @Test func everyFileABuildWritesIsSmallEnoughForKfcToReadBack() {
        // `kfc verify` and `kfc import` read YAML files of at most `BoundedRead.sourceLimit`
        // bytes; the build splits a kind into parts of at most `maxFileBytes`.
        #expect(BuildProducts.maxFileBytes > 0 && BuildProducts.maxFileBytes <= BoundedRead.sourceLimit / 2)
    }

    @Test func targetsSelectTheStream() {
        let r = Driver.run(["build", Self.example, "--target", "kube-ovn"], workingDirectory: Self.repo.path)
        #expect(r.exitCode == 0)
        #expect(r.stdout.contains("kind: Subnet"))
        #expect(!r.stdout.contains("kind: Job"))
        let plan = Driver.run(["build", Self.example, "--target", "plan"], workingDirectory: Self.repo.path)
        #expect(plan.stdout.hasPrefix("{"))
    }

    @Test func badTargetsAreUsageErrors() {
        let unknown = Driver.run(["build", Self.example, "--target", "k8s,helm"], workingDirectory: Self.repo.path)
        #expect(unknown.exitCode == 64)
        #expect(unknown.stderr.contains("unknown target 'helm'"))
        let mixed = Driver.run(["build", Self.example, "--target", "plan,k8s"], workingDirectory: Self.repo.path)
        #expect(mixed.exitCode == 64)
        #expect(mixed.stdout.isEmpty)
    }

    @Test func dataRootMustBeAbsolute() {
        let r = Driver.run(["build", Self.example, "--data-root", "srv/kfc"], workingDirectory: Self.repo.path)
        #expect(r.exitCode == 64)
        #expect(r.stderr.contains("'--data-root' must be an absolute folder, not 'srv/kfc'"))
        #expect(r.stdout.isEmpty)
    }

    @Test func anImageNoKubeletCouldPullIsAUsageError() {
        // The rule of KF2039, for the flag: empty, whitespace or a control character.
        for bad in ["", "kfc:1 --privileged", "kfc:1\u{1}", "kfc:1\u{7F}", "kfc\u{2028}:1"] {
            let r = Driver.run(["build", Self.example, "--image", bad], workingDirectory: Self.repo.path)
            #expect(r.exitCode == 64, "\(bad.debugDescription): \(r.stderr)")
            #expect(r.stderr.contains("'--image' takes an image reference"))
            #expect(r.stdout.isEmpty)
        }
        let good = Driver.run(
            ["build", Self.example, "--image", "registry.example.com/kfc@sha256:" + String(repeating: "a", count: 64)],
            workingDirectory: Self.repo.path)
        #expect(good.exitCode == 0, "\(good.stderr)")
        #expect(good.stdout.contains("image: registry.example.com/kfc@sha256:"))
    }

    @Test func relativeDataNeedsADataRootOnlyForVolumes() {
        let digits = Self.repo.appendingPathComponent("examples/digits/topology.kf").path
        let refused = Driver.run(["build", digits, "--target", "k8s"], workingDirectory: Self.repo.path)
        #expect(refused.exitCode == 1)
        #expect(refused.stderr.contains("error[KF5007]: dataset 'digits[0]' has the relative path 'data/part-0.csv'"))
        // The run plan names container paths only; nothing relative reaches a volume.
        let plan = Driver.run(["build", digits, "--target", "plan"], workingDirectory: Self.repo.path)
        #expect(plan.exitCode == 0)
        let rooted = Driver.run(
            ["build", digits, "--target", "k8s", "--data-root", "/srv/kfc"], workingDirectory: Self.repo.path)
        #expect(rooted.exitCode == 0)
        #expect(rooted.stdout.contains("path: /srv/kfc/data\n"))
    }

    @Test func graphAndImport() {
        let g = Driver.run(["graph", Self.example, "--format", "dot"], workingDirectory: Self.repo.path)
        #expect(g.exitCode == 0)
        #expect(g.stdout.hasPrefix("digraph kfc {"))
        let missing = Driver.run(["import", "no-such.yaml"], workingDirectory: Self.repo.path)
        #expect(missing.exitCode == 1)
        #expect(missing.stderr.contains("KF0001"))
    }
}
