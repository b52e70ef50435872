import Foundation
import Testing

/// The crashes of issue 11 ("Hostile input"): each input now ends in a located diagnostic with
/// a code and exit status 1 (or a clean success), within bounded time, never a signal. These
/// run the real binary, so a crash shows up as a signal instead of taking the runner down.
@Suite(.serialized) struct HostileCrashTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// A fresh folder holding `files`.
    func folder(_ files: [String: String]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kfc-crash-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        for (name, text) in files { try Data(text.utf8).write(to: dir.appendingPathComponent(name)) }
        return dir
    }

    /// The digits-dp example with `edit` applied to its text.
    func digitsDP(_ edit: (String) -> String = { $0 }) throws -> String {
        edit(
            try String(contentsOf: Self.root.appendingPathComponent("examples/digits-dp/topology.kf"), encoding: .utf8))
    }

    func expectDiagnosed(
        _ r: BinaryRunner.Result, code: String, at location: String?, status: Int32 = 1,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(!r.timedOut, "kfc hung", sourceLocation: sourceLocation)
        #expect(
            !r.signalled && r.status < 128, "kfc crashed: \(r.stderr.suffix(1_000))", sourceLocation: sourceLocation)
        #expect(r.status == status, "exit \(r.status): \(r.stderr.prefix(1_000))", sourceLocation: sourceLocation)
        #expect(
            r.stderr.contains("[\(code)]"), "no \(code) in \(r.stderr.prefix(1_000))", sourceLocation: sourceLocation)
        if let location {
            #expect(r.stderr.contains("--> \(location)"), "not located at \(location)", sourceLocation: sourceLocation)
        }
    }

    // MARK: - Integer overflow in evaluation and in the budget proof

    @Test(arguments: [
        "let n = len(0..<9223372036854775807)\n",
        "let n = len(-1...9223372036854775807)\n",
        "let xs = [i for i in -9223372036854775807...9223372036854775807]\n",
        "network net {\n  pool: 10.0.0.0/8\n  zone z[i in 0..<9223372036854775807] {}\n}\n",
    ])
    func rangesLongerThanIntMaxMeetTheStepLimit(_ source: String) throws {
        let dir = try folder(["input.kf": source])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try BinaryRunner.run(["check", "input.kf"], in: dir, timeout: 120)
        expectDiagnosed(r, code: "KF2001", at: "input.kf:")
    }

    @Test func setOverrideOfIntMaxMeetsTheStepLimit() throws {
        let dir = try folder(["topology.kf": try digitsDP()])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try BinaryRunner.run(["check", "topology.kf", "--set", "n=9223372036854775807"], in: dir, timeout: 120)
        expectDiagnosed(r, code: "KF2001", at: "topology.kf:")
    }

    @Test func replicationKeysAtTheEndsOfIntAreNotSubtracted() throws {
        let dir = try folder([
            "ends.kf":
                "network net {\n  pool: 10.0.0.0/8\n  zone z[i in [-9223372036854775807 - 1, 9223372036854775807]] {}\n}\n",
            // Consecutive keys from Int.min: an index at Int.max is out of range, not an overflow.
            "index.kf":
                "network net {\n  pool: 10.0.0.0/8\n  zone z[i in [-9223372036854775807 - 1, -9223372036854775807]] {}\n}\nlet a = net.z[9223372036854775807]\n",
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let ends = try BinaryRunner.run(["check", "ends.kf"], in: dir, timeout: 120)
        #expect(!ends.signalled && ends.status < 128, "kfc crashed: \(ends.stderr.suffix(1_000))")
        let index = try BinaryRunner.run(["check", "index.kf"], in: dir, timeout: 120)
        expectDiagnosed(index, code: "KF2003", at: "index.kf:5:15")
    }

    @Test(arguments: [
        ("rounds: 10", "rounds: 9223372036854775807"), ("epochs: 2,", "epochs: 9223372036854775807,"),
        ("rounds: 10", "rounds: 4611686018427387904"),
    ])
    func budgetProofPast2To63StepsIsKF3033(_ from: String, _ to: String) throws {
        // Written-out training, so the steps are rounds × epochs / q (train: auto would choose its own).
        let dir = try folder([
            "topology.kf": try digitsDP {
                $0.replacingOccurrences(
                    of: "    train: auto\n", with: "    train: { epochs: 2, batch: 144, lr: 2.0 }\n"
                )
                .replacingOccurrences(of: from, with: to)
            }
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        for command in [["check"], ["build", "-o", "out"]] {
            let r = try BinaryRunner.run(command + ["topology.kf"], in: dir, timeout: 120)
            expectDiagnosed(r, code: "KF3033", at: "topology.kf:")
            #expect(r.stderr.contains("more than 2^63 steps"))
        }
    }

    // MARK: - Deeply nested ACL matches

    @Test func aclMatchWith50000NestedParenthesesIsReadAsUnknown() throws {
        let match =
            String(repeating: "(", count: 50_000) + "ip4.src == 10.0.0.0/8" + String(repeating: ")", count: 50_000)
        let yaml = """
            apiVersion: kubeovn.io/v1
            kind: Subnet
            metadata:
              name: site-0
            spec:
              cidrBlock: 10.1.0.0/24
              acls:
                - direction: to-lport
                  priority: 1010
                  action: drop
                  match: "\(match)"

            """
        let dir = try folder(["subnet.yaml": yaml])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try BinaryRunner.run(["verify", "subnet.yaml"], in: dir, timeout: 120)
        expectDiagnosed(r, code: "KF3016", at: "subnet.yaml:11:", status: 0)
    }

    // MARK: - jq

    @Test(arguments: [
        "input", "[inputs]", "debug", "stderr", "input_filename", "$ENV", "env", #"import "x" as x; ."#,
        #"include "x"; ."#, "halt", #"halt_error("x")"#, "get_search_list", #""\(env.HOME)""#,
    ])
    func queryRefusesBuiltinsThatReachOutside(_ program: String) throws {
        let dir = try folder(["input.kf": "cluster lab { node a { hostname: \"a\", cpu: 1, memory: 1Gi } }\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try BinaryRunner.run(
            ["query", program, "input.kf"], in: dir, timeout: 60, environment: ["SECRET": "s3cr3t"])
        expectDiagnosed(r, code: "KF4090", at: nil)
        #expect(r.stderr.contains("is not allowed"))
        #expect(!r.stdout.contains("s3cr3t") && !r.stderr.contains("s3cr3t"))
    }

    @Test(arguments: ["def f: f; f", "repeat(.)", "[range(1e18)]", "range(1e18)"])
    func runawayQueriesEndWithinTheLimits(_ program: String) throws {
        let dir = try folder(["input.kf": "cluster lab { node a { hostname: \"a\", cpu: 1, memory: 1Gi } }\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let start = Date()
        let r = try BinaryRunner.run(["query", program, "input.kf"], in: dir, timeout: 60)
        expectDiagnosed(r, code: "KF4091", at: nil)
        #expect(Date().timeIntervalSince(start) < 30)
        #expect(r.stdout.isEmpty, "a partial result was printed")
    }

    @Test(arguments: [("def f: f; f", "time limit"), ("repeat(\"x\")", "outputs"), ("input", "is not allowed")])
    func aRuleThatHitsALimitIsAFailure(_ program: String, _ why: String) throws {
        let source = """
            cluster lab { node a { hostname: "a", cpu: 1, memory: 1Gi } }
            policy {
              rule "runaway" jq `\(program)`
            }

            """
        let dir = try folder(["input.kf": source])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try BinaryRunner.run(["check", "input.kf"], in: dir, timeout: 60)
        expectDiagnosed(r, code: program == "input" ? "KF4002" : "KF4003", at: "input.kf:3:")
        #expect(r.stderr.contains(why))
    }

    // MARK: - IR input

    @Test func irWithTwoFederationsOfOneNameIsKF0023() throws {
        let ir = try BinaryRunner.run(
            ["build", "--emit", "ir", "topology.kf"], in: Self.root.appendingPathComponent("examples/two-federations"))
        #expect(ir.status == 0)
        var doc = try #require(JSONSerialization.jsonObject(with: Data(ir.stdout.utf8)) as? [String: Any])
        var feds = try #require(doc["federations"] as? [Any])
        feds.append(feds[0])
        doc["federations"] = feds
        let dir = try folder([:])
        defer { try? FileManager.default.removeItem(at: dir) }
        try JSONSerialization.data(withJSONObject: doc).write(to: dir.appendingPathComponent("ir.json"))
        for command in [["build", "ir.json", "-o", "out"], ["graph", "ir.json"]] {
            let r = try BinaryRunner.run(command, in: dir, timeout: 60)
            expectDiagnosed(r, code: "KF0023", at: nil)
            #expect(r.stderr.contains("is declared twice"))
        }
        #expect(!FileManager.default.fileExists(atPath: dir.appendingPathComponent("out").path))
    }

    // MARK: - Failed writes to stdout

    @Test func aPipeClosedWithSIGPIPEIgnoredIsOneMessageAndExit1() throws {
        let bin = try #require(BinaryRunner.binary)
        let dir = try folder(["topology.kf": try digitsDP()])
        defer { try? FileManager.default.removeItem(at: dir) }
        // The reader is gone before kfc starts, and the shell ignores SIGPIPE for it (inherited
        // across exec): every write fails with EPIPE.
        let pipe = Pipe()
        try pipe.fileHandleForReading.close()
        let errFile = dir.appendingPathComponent("stderr.txt")
        _ = FileManager.default.createFile(atPath: errFile.path, contents: nil)
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/bin/sh")
        p.arguments = ["-c", "trap '' PIPE; exec \"$0\" build --emit ir topology.kf", bin.path]
        p.currentDirectoryURL = dir
        p.standardOutput = pipe.fileHandleForWriting
        p.standardError = try FileHandle(forWritingTo: errFile)
        p.standardInput = FileHandle.nullDevice
        try p.run()
        try pipe.fileHandleForWriting.close()
        p.waitUntilExit()
        let err = try String(contentsOf: errFile, encoding: .utf8)
        #expect(p.terminationReason == .exit, "kfc was killed by a signal: \(err)")
        #expect(p.terminationStatus == 1)
        #expect(err.components(separatedBy: "cannot write to standard output").count == 2, "\(err)")
        #expect(err.contains("error[KF0099]"))
    }

    @Test(arguments: [
        ["check", "topology.kf", "--format", "json"], ["build", "--emit", "ir", "topology.kf"],
        ["build", "topology.kf", "--data-root", "/srv/kfc"], ["query", ".federations[].name", "topology.kf"],
        ["fmt", "--stdout", "topology.kf"], ["--help"],
    ])
    func aFailedWriteToStdoutIsOneMessageAndExit1(_ args: [String]) throws {
        guard FileManager.default.isWritableFile(atPath: "/dev/full") else { return }
        let dir = try folder(["topology.kf": try digitsDP()])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try BinaryRunner.run(args, in: dir, timeout: 120, stdoutPath: "/dev/full")
        #expect(!r.signalled && r.status < 128, "kfc crashed: \(r.stderr.suffix(1_000))")
        #expect(r.status == 1)
        let lines = r.stderr.split(separator: "\n").filter { $0.contains("cannot write to standard output") }
        #expect(lines.count == 1, "\(r.stderr)")
        #expect(lines.first?.hasPrefix("error[KF0099]:") == true)
    }
}
