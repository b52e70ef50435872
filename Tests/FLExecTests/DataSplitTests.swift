import Foundation
import Testing

@testable import FLExec

@Suite struct DataSplitTests {
    private let labels = (0..<1000).map { $0 % 10 }

    @Test func iidShardsPartitionAllRowsInNearlyEqualSizes() throws {
        let parts = try #require(DataSplit.partition(labels: labels, clients: 7, scheme: .iid, seed: 1))
        let sizes = parts.map(\.count)
        #expect(sizes.max()! - sizes.min()! <= 1)
        #expect(parts.flatMap { $0 }.sorted() == Array(0..<1000))
    }

    @Test func splitIsDeterministicBySeed() {
        for scheme in [PartitionScheme.iid, .dirichlet(alpha: 0.5)] {
            let a = DataSplit.partition(labels: labels, clients: 10, scheme: scheme, seed: 42)
            let b = DataSplit.partition(labels: labels, clients: 10, scheme: scheme, seed: 42)
            let c = DataSplit.partition(labels: labels, clients: 10, scheme: scheme, seed: 43)
            #expect(a == b)
            #expect(a != c)
        }
    }

    /// Mean over clients of the share of the client's most common label.
    private func dominance(_ parts: [[Int]]) -> Double {
        parts.map { part in
            var counts = [Int: Int]()
            for i in part { counts[labels[i], default: 0] += 1 }
            return Double(counts.values.max()!) / Double(part.count)
        }.reduce(0, +) / Double(parts.count)
    }

    @Test func dirichletSkewsLabelsMoreAsAlphaShrinks() throws {
        let iid = try #require(DataSplit.partition(labels: labels, clients: 10, scheme: .iid, seed: 5))
        let mild = try #require(
            DataSplit.partition(labels: labels, clients: 10, scheme: .dirichlet(alpha: 100), seed: 5))
        let skew = try #require(
            DataSplit.partition(labels: labels, clients: 10, scheme: .dirichlet(alpha: 0.1), seed: 5))
        #expect(dominance(iid) < 0.25)
        #expect(dominance(mild) < 0.3)
        #expect(dominance(skew) > 0.5)
        for parts in [mild, skew] {
            #expect(parts.flatMap { $0 }.sorted() == Array(0..<1000))
            #expect(parts.allSatisfy { $0.count >= 10 })
        }
    }

    @Test func tooFewRowsCannotBeSplit() {
        #expect(DataSplit.partition(labels: [0, 1], clients: 3, scheme: .iid, seed: 0) == nil)
    }

    @Test func writesShardsWithHeaderAndVerbatimRows() throws {
        let dir = temporaryDirectory()
        let rows = (0..<20).map { "\($0),\($0 % 2)" }
        let path = write("x,label\n" + rows.joined(separator: "\n") + "\n", to: "all.csv", in: dir)
        let sizes = try DataSplit.split(
            path: path, label: "label", clients: 3, scheme: .iid, seed: 9, outputDirectory: dir + "/out")
        #expect(sizes == [6, 7, 7])
        var seen = [String]()
        for k in 0..<3 {
            let text = try String(contentsOfFile: "\(dir)/out/part-\(k).csv", encoding: .utf8)
            let lines = text.split(separator: "\n").map(String.init)
            #expect(lines.first == "x,label")
            seen += lines.dropFirst()
            _ = try CSVLoader.load(path: "\(dir)/out/part-\(k).csv", label: "label")
        }
        #expect(seen.sorted() == rows.sorted())
    }

    @Test func splitReportsMissingLabelColumn() {
        let dir = temporaryDirectory()
        let path = write("x,y\n1,2\n", to: "all.csv", in: dir)
        #expect(throws: DataError.missingLabelColumn(path: path, label: "label")) {
            try DataSplit.split(path: path, label: "label", clients: 1, scheme: .iid, seed: 0, outputDirectory: dir)
        }
    }

    /// At α = 1e-4 each Gamma(α) draw underflowed to 0, and the split fell back to equal
    /// proportions: IID shards, silently. In log space each class goes (almost) whole to one client.
    @Test(arguments: [1e-4, 1e-6])
    func aTinyAlphaGivesEachClassToOneClientNotIIDShards(_ alpha: Double) throws {
        let parts = try #require(
            DataSplit.partition(labels: labels, clients: 2, scheme: .dirichlet(alpha: alpha), seed: 5))
        var owner = [Int: [Int: Int]]()
        for (k, part) in parts.enumerated() {
            for i in part { owner[labels[i], default: [:]][k, default: 0] += 1 }
        }
        for (label, counts) in owner {
            let total = counts.values.reduce(0, +)
            #expect(Double(counts.values.max()!) / Double(total) > 0.99, "label \(label) is spread: \(counts)")
        }
        #expect(parts.flatMap { $0 }.sorted() == Array(0..<labels.count))
    }

    @Test(arguments: [Double.infinity, .nan, 0, 1e-7, 2e6])
    func anAlphaOutsideTheRangeIsRefusedNotLoopedOn(_ alpha: Double) {
        let dir = temporaryDirectory()
        let path = write("x,y\n1,0\n2,1\n3,0\n4,1\n", to: "all.csv", in: dir)
        #expect(!DataSplit.dirichletRange.contains(alpha))
        #expect(throws: DataError.self) {
            try DataSplit.split(
                path: path, label: "y", clients: 2, scheme: .dirichlet(alpha: alpha), seed: 0, outputDirectory: dir)
        }
    }

    @Test func aSplitIntoFewerClientsRemovesTheStaleShards() throws {
        let dir = temporaryDirectory()
        let path = write("x,y\n1,0\n2,1\n3,0\n4,1\n", to: "all.csv", in: dir)
        let out = dir + "/shards"
        try Data("mine".utf8).write(to: URL(fileURLWithPath: dir + "/keep.csv"))
        try DataSplit.split(path: path, label: "y", clients: 4, scheme: .iid, seed: 0, outputDirectory: out)
        try DataSplit.split(path: path, label: "y", clients: 2, scheme: .iid, seed: 0, outputDirectory: out)
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: out).sorted() == [
                ".kfc-outputs", "part-0.csv", "part-1.csv",
            ])
    }
}
