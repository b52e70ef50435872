import Foundation
import Testing

@testable import kfc

@Suite struct DataCommandTests {
    private func scratch() -> String {
        let dir = (NSTemporaryDirectory() as NSString).appendingPathComponent("kfc-data-\(UUID().uuidString)")
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let rows = (0..<40).map { "\($0),\($0 * 2),\($0 % 4)" }.joined(separator: "\n")
        _ = FileManager.default.createFile(atPath: dir + "/all.csv", contents: Data(("a,b,label\n" + rows + "\n").utf8))
        return dir
    }

    @Test func splitsIIDAndReportsOnStderr() throws {
        let dir = scratch()
        let r = Driver.run(
            ["data", "split", "all.csv", "--clients", "4", "--iid", "--seed", "3", "-o", "parts"], workingDirectory: dir
        )
        #expect(r.exitCode == 0)
        #expect(r.stdout.isEmpty)
        #expect(r.stderr == "wrote 4 shards to parts/ (10, 10, 10, 10 rows)\n")
        for k in 0..<4 {
            let text = try String(contentsOfFile: "\(dir)/parts/part-\(k).csv", encoding: .utf8)
            #expect(text.hasPrefix("a,b,label\n"))
        }
    }

    @Test func dirichletSplitIsRepeatableBySeed() throws {
        let dir = scratch()
        let args = ["data", "split", "all.csv", "--clients", "2", "--dirichlet", "0.5", "--seed", "9"]
        #expect(Driver.run(args + ["-o", "one"], workingDirectory: dir).exitCode == 0)
        #expect(Driver.run(args + ["-o", "two"], workingDirectory: dir).exitCode == 0)
        for k in 0..<2 {
            let a = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/one/part-\(k).csv"))
            let b = try Data(contentsOf: URL(fileURLWithPath: "\(dir)/two/part-\(k).csv"))
            #expect(a == b)
        }
    }

    /// The printed declarations, with a cluster around them, pass `kfc check`, and their counts
    /// are the shards' rows.
    @Test(arguments: [["--iid"], ["--dirichlet", "0.5"]])
    func printedDatasetsTypeCheck(scheme: [String]) throws {
        let dir = scratch()
        let r = Driver.run(
            ["data", "split", "all.csv", "--clients", "3", "--seed", "4", "-o", "parts", "--print-kf"] + scheme,
            workingDirectory: dir)
        #expect(r.exitCode == 0, "\(r.stderr)")
        #expect(r.stdout.contains("dataset all[i in 0..<3] {"))
        #expect(r.stdout.contains("path: \"parts/part-\\(i).csv\""))
        // Each shard's rows, as written, are in the declaration.
        let counts = try (0..<3).map { k in
            try String(contentsOfFile: "\(dir)/parts/part-\(k).csv", encoding: .utf8)
                .split(separator: "\n").count - 1
        }
        let listed =
            Set(counts).count == 1
            ? r.stdout.contains("records: \(counts[0])\n")
            : r.stdout.contains("let all_records = [\(counts.map(String.init).joined(separator: ", "))]")
        #expect(listed, "\(counts) not in:\n\(r.stdout)")
        let file = """
            import std/models { logistic_regression }
            import std/strategies { fedavg }
            cluster lab {
              node cloud { cpu: 4, memory: 8Gi }
              node edge[i in 0..<3] { cpu: 2, memory: 4Gi }
            }
            network net {
              pool: 10.1.0.0/16
              zone core {}
              zone site[i in 0..<3] { private: true }
            }
            \(r.stdout)
            federation fl {
              model: logistic_regression()
              strategy: fedavg()
              rounds: 2
              server { zone: net.core, node: lab.cloud }
              client[i in 0..<3] {
                zone: net.site[i]
                node: lab.edge[i]
                dataset: all[i]
                train: { epochs: 1, batch: 2 }
              }
            }
            """
        _ = FileManager.default.createFile(atPath: dir + "/fl.kf", contents: Data(file.utf8))
        let check = Driver.run(["check", "fl.kf"], environment: ["NO_COLOR": "1"], workingDirectory: dir)
        #expect(check.exitCode == 0, "\(check.stderr)")
        #expect(!check.stderr.contains("error"), "\(check.stderr)")
    }

    @Test(arguments: [
        ["--clients", "2", "-o", "x"],
        ["--clients", "2", "--iid", "--dirichlet", "1", "-o", "x"],
        ["--clients", "0", "--iid", "-o", "x"],
        ["--clients", "2", "--dirichlet", "-1", "-o", "x"],
    ])
    func badFlagsAreUsageErrors(flags: [String]) {
        let r = Driver.run(["data", "split", "all.csv"] + flags, workingDirectory: scratch())
        #expect(r.exitCode == 64)
    }

    @Test func malformedDataIsAnInputError() {
        let dir = scratch()
        _ = FileManager.default.createFile(atPath: dir + "/bad.csv", contents: Data("a,b\n1,2\n".utf8))
        let r = Driver.run(["data", "split", "bad.csv", "--clients", "2", "--iid", "-o", "p"], workingDirectory: dir)
        #expect(r.exitCode == 1)
        #expect(r.stderr == "error: bad.csv:1: no label column 'label' in the header\n")
    }
}
