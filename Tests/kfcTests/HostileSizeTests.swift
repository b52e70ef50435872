import Foundation
import Testing

/// Sizes that come from the input (issue 11, "hangs and memory"): files, YAML documents and
/// mappings, a dataset's declared records, labels and layer widths, address pools. Each ends in
/// a located diagnostic and exit 1 (or a clean result) within bounded time, from the real binary.
@Suite(.serialized) struct HostileSizeTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let data = root.appendingPathComponent("examples/digits/data").path

    func folder(_ files: [String: String] = [:]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kfc-size-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in files { try Data(text.utf8).write(to: dir.appendingPathComponent(name)) }
        return dir
    }

    /// An example's topology with its data folder made absolute (or `dataDir`) and `edit` applied.
    func example(_ name: String, dataDir: String = data, _ edit: (String) -> String = { $0 }) throws -> String {
        edit(
            try String(contentsOf: Self.root.appendingPathComponent("examples/\(name)/topology.kf"), encoding: .utf8)
                .replacingOccurrences(of: "\"../digits/data\"", with: "\"\(dataDir)\"")
                .replacingOccurrences(of: "\"data\"", with: "\"\(dataDir)\""))
    }

    func expectDiagnosed(
        _ r: BinaryRunner.Result, _ code: String, at location: String? = nil, status: Int32 = 1,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(
            !r.timedOut && !r.signalled, "kfc hung or crashed: \(r.stderr.suffix(500))", sourceLocation: sourceLocation)
        #expect(r.status == status, "exit \(r.status): \(r.stderr.prefix(1_000))", sourceLocation: sourceLocation)
        #expect(
            r.stderr.contains("[\(code)]"), "no \(code) in \(r.stderr.prefix(1_000))", sourceLocation: sourceLocation)
        if let location {
            #expect(
                r.stderr.contains("--> \(location)"), "not at \(location): \(r.stderr)", sourceLocation: sourceLocation)
        }
    }

    // MARK: - Files and YAML

    @Test func inputsPastTheSizeLimitAreRefused() throws {
        let big = "// " + String(repeating: "x", count: 17 << 20) + "\n"
        let dir = try folder(["big.kf": big, "big.yaml": "# " + big, "big.json": big])
        defer { try? FileManager.default.removeItem(at: dir) }
        for args in [
            ["check", "big.kf"], ["check", "/dev/zero"], ["fmt", "big.kf"], ["verify", "big.yaml"],
            ["import", "/dev/zero"], ["build", "big.json"],
        ] {
            let r = try BinaryRunner.run(args, in: dir, timeout: 120)
            expectDiagnosed(r, "KF0035")
            #expect(r.stderr.contains("kfc reads input files of at most 16777216 bytes"), "\(args)")
        }
    }

    @Test func aPlanThatNeverEndsIsRefusedNotReadForever() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        for role in [["server"], ["client", "--client", "0"]] {
            let r = try BinaryRunner.run(
                ["exec"] + role + ["--plan", "/dev/zero", "--state", dir.path + "/s", "--insecure"], in: dir,
                timeout: 120)
            #expect(!r.timedOut && !r.signalled, "\(r.stderr.suffix(500))")
            #expect(r.status == 1, "exit \(r.status): \(r.stderr.prefix(500))")
            #expect(r.stderr.contains("cannot read the plan '/dev/zero'"), "\(r.stderr.prefix(500))")
            #expect(r.stderr.contains("kfc reads plans of at most 268435456"), "\(r.stderr.prefix(500))")
        }
    }

    @Test func yamlMappingsAndDocumentsAreBounded() throws {
        var wide = "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n"
        for i in 0...100_000 { wide += "  k\(i): v\n" }
        let long =
            "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: x\ndata:\n  l: ["
            + Array(repeating: "1", count: 500_001).joined(separator: ",") + "]\n"
        let dir = try folder(["wide.yaml": wide, "long.yaml": long])
        defer { try? FileManager.default.removeItem(at: dir) }
        let w = try BinaryRunner.run(["verify", "wide.yaml"], in: dir, timeout: 300)
        expectDiagnosed(w, "KF3001", at: "wide.yaml:100006:3")
        #expect(w.stderr.contains("a mapping has more than 100000 entries"))
        let l = try BinaryRunner.run(["verify", "long.yaml"], in: dir, timeout: 300)
        expectDiagnosed(l, "KF3001", at: "long.yaml:6:")
        #expect(l.stderr.contains("the document has more than 500000 nodes"))
    }

    // MARK: - Sizes from data

    @Test func recordsFarFromTheDataAreRefusedUnderDP() throws {
        let dir = try folder(["t.kf": try example("digits-dp")])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try BinaryRunner.run(
            ["run", "t.kf", "--set", "records=100000000000", "--out", "run"], in: dir, timeout: 120)
        expectDiagnosed(r, "KF0036", at: "t.kf:31:9")
        #expect(
            r.stderr.contains("the dataset declares 100000000000 records but '\(Self.data)/part-0.csv' has 179 rows"))
        #expect(r.stderr.contains("help: set 'records: 179' on the dataset"))
        #expect(
            try FileManager.default.contentsOfDirectory(atPath: dir.appendingPathComponent("run").path).allSatisfy {
                $0.hasPrefix(".")
            })
    }

    @Test func recordsFarFromTheDataAreAWarningWithoutDP() throws {
        let dir = try folder([
            "t.kf": try example("digits") { $0.replacingOccurrences(of: "rounds: 10", with: "rounds: 1") }
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try BinaryRunner.run(
            ["run", "t.kf", "--set", "records=100000000000", "--out", "run"], in: dir, timeout: 300)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stderr.contains("warning[KF0036]: the dataset declares 100000000000 records"))
    }

    @Test func aHugeLabelDoesNotSizeTheModel() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let shards = dir.appendingPathComponent("shards")
        try FileManager.default.createDirectory(at: shards, withIntermediateDirectories: true)
        for k in 0..<10 {
            var text = try String(contentsOfFile: "\(Self.data)/part-\(k).csv", encoding: .utf8)
            if k == 3 {
                // The last field of the last row is the label.
                var lines = text.split(separator: "\n").map(String.init)
                var fields = lines[lines.count - 1].split(separator: ",").map(String.init)
                fields[fields.count - 1] = "100000000"
                lines[lines.count - 1] = fields.joined(separator: ",")
                text = lines.joined(separator: "\n") + "\n"
            }
            try Data(text.utf8).write(to: shards.appendingPathComponent("part-\(k).csv"))
        }
        try Data(try example("digits", dataDir: shards.path).utf8).write(to: dir.appendingPathComponent("t.kf"))
        let r = try BinaryRunner.run(["run", "t.kf", "--out", "run"], in: dir, timeout: 120)
        expectDiagnosed(r, "KF0037")
        #expect(r.stderr.contains("the largest label in the data is 100000000"))
    }

    @Test func aHugeHiddenLayerIsRefusedBeforeAllocating() throws {
        let dir = try folder([
            "t.kf": try example("digits") {
                $0.replacingOccurrences(of: "logistic_regression }", with: "logistic_regression, mlp }")
                    .replacingOccurrences(of: "model: logistic_regression()", with: "model: mlp(hidden: [4000000000])")
            }
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try BinaryRunner.run(["run", "t.kf", "--out", "run"], in: dir, timeout: 120)
        // The width alone is past the executor's parameter bound: refused at compile time.
        expectDiagnosed(r, "KF5010")
        #expect(r.stderr.contains("hidden layer widths must be from 1 to 16777216"))
    }

    // MARK: - Address pools

    @Test(arguments: [
        "network n {\n  pool: 0.0.0.0/0\n  zone_prefix: 0\n  zone a {}\n  zone b {}\n}\n",
        "network n {\n  pool: 0.0.0.0/0\n  zone_prefix: 32\n  zone z[i in 0..<5000] {}\n}\n",
        "network n {\n  pool: 0.0.0.0/0\n  zone_prefix: 1\n  zone z[i in 0..<3] {}\n}\n",
    ])
    func wholeAddressSpacePoolsDoNotHangOrOverflow(_ source: String) throws {
        let dir = try folder(["input.kf": source])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try BinaryRunner.run(["check", "input.kf"], in: dir, timeout: 120)
        #expect(!r.timedOut && !r.signalled && r.status == 1, "\(r.status): \(r.stderr.prefix(500))")
        #expect(r.stderr.contains("error[KF"))
    }
}
