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
