import Foundation
import Testing

/// What the fuzz targets (`scripts/fuzz`, docs/reliability.md) found, run through the real
/// binary: each input ends in diagnostics and an exit status, never a signal. The inputs are
/// also in `Fuzz/corpus/<target>/regression-*`, which `FuzzTests` replays through the targets.
@Suite struct FuzzFindingTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz/corpus")

    /// A fresh folder holding the corpus file `name` of `target` as `file`.
    func folder(target: String, name: String, as file: String) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kfc-fuzz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            at: Self.corpus.appendingPathComponent("\(target)/\(name)"), to: dir.appendingPathComponent(file))
        return dir
    }

    /// The `-->` locations of `stderr` as (line, column).
    func locations(_ stderr: String, file: String) -> [(Int, Int)] {
        stderr.split(separator: "\n").compactMap { line in
            guard let r = line.range(of: "--> \(file):") else { return nil }
            let parts = line[r.upperBound...].split(separator: ":").compactMap { Int($0) }
            return parts.count == 2 ? (parts[0], parts[1]) : nil
        }
    }

    /// A manifest whose lines end in lone CRs: libyaml counted them as lines, the renderer then
    /// indexed a line past the file's end and trapped (`kfc verify` died of SIGILL).
    @Test func verifyOfAManifestWithLoneCRLineBreaksPointsAtLinesOfTheFile() throws {
        let dir = try folder(target: "yaml", name: "regression-lone-cr-line-breaks.yaml", as: "pod.yaml")
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try BinaryRunner.run(["verify", "pod.yaml"], in: dir, timeout: 120)
        #expect(!r.signalled && !r.timedOut, "kfc crashed or hung: \(r.stderr.suffix(1_000))")
        #expect(r.status == 1, "exit \(r.status): \(r.stderr.prefix(1_000))")
        let text = try Data(contentsOf: dir.appendingPathComponent("pod.yaml"))
        let lines = text.filter { $0 == UInt8(ascii: "\n") }.count + 1
        let found = locations(r.stderr, file: "pod.yaml")
        #expect(!found.isEmpty, "no located finding in \(r.stderr.prefix(1_000))")
        for (line, _) in found { #expect(line >= 1 && line <= lines, "line \(line) of a \(lines)-line file") }
    }
}
