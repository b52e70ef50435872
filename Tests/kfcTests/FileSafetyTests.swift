import Foundation
import Testing

/// Files kfc writes or rewrites (issue 11, "lost or wrong data"): `kfc fmt` keeps mode, owner
/// and links and refuses read-only files; `kfc build -o` and `kfc data split -o` never leave an
/// earlier output's stale files beside new ones, never remove a user's file, and refuse
/// dangerous targets and hostile manifests. The real binary, in temporary folders.
@Suite(.serialized) struct FileSafetyTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let unformatted = "let   x=1\n"
    static let formatted = "let x = 1\n"

    func folder() throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kfc-files-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir
    }

    func text(_ url: URL) -> String? { try? String(contentsOf: url, encoding: .utf8) }

    func status(_ url: URL) -> stat {
        var st = stat()
        _ = lstat(url.path, &st)
        return st
    }

    func names(_ dir: URL) throws -> [String] { try FileManager.default.contentsOfDirectory(atPath: dir.path).sorted() }

    // MARK: - kfc fmt

    @Test func fmtKeepsModeOwnerSymbolicAndHardLinks() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let plain = dir.appendingPathComponent("plain.kf")
        let real = dir.appendingPathComponent("real.kf")
        let linked = dir.appendingPathComponent("link.kf")
        let hard = dir.appendingPathComponent("hard.kf")
        let twin = dir.appendingPathComponent("twin.kf")
        for f in [plain, real, hard] { try Data(Self.unformatted.utf8).write(to: f) }
        chmod(plain.path, 0o600)
        let chowned = getuid() == 0 && chown(plain.path, 1234, 4321) == 0
        symlink("real.kf", linked.path)
        link(hard.path, twin.path)
        let r = try BinaryRunner.run(["fmt", "plain.kf", "link.kf", "hard.kf"], in: dir, timeout: 120)
        #expect(r.status == 0, "\(r.stderr)")
        #expect(text(plain) == Self.formatted && status(plain).st_mode & 0o7777 == 0o600)
        if chowned { #expect(status(plain).st_uid == 1234 && status(plain).st_gid == 4321) }
        #expect(status(linked).st_mode & S_IFMT == S_IFLNK, "the symbolic link was replaced by a file")
        #expect(text(real) == Self.formatted)
        #expect(text(hard) == Self.formatted && text(twin) == Self.formatted)
        #expect(status(hard).st_ino == status(twin).st_ino && status(hard).st_nlink == 2)
        #expect(try names(dir) == ["hard.kf", "link.kf", "plain.kf", "real.kf", "twin.kf"])
    }

    @Test func fmtRefusesAReadOnlyFile() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("a.kf")
        try Data(Self.unformatted.utf8).write(to: file)
        chmod(file.path, 0o444)
        let r = try BinaryRunner.run(["fmt", "a.kf"], in: dir, timeout: 120)
        #expect(r.status == 1)
        #expect(r.stderr.contains("error[KF0033]: 'a.kf' is read-only; it was left unchanged"))
        #expect(text(file) == Self.unformatted && status(file).st_mode & 0o7777 == 0o444)
    }

    // MARK: - Output folders

    @Test func dataSplitIntoFewerClientsLeavesNoStaleShards() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = Self.root.appendingPathComponent("examples/digits/data/digits.csv").path
        let out = dir.appendingPathComponent("shards")
        let ten = try BinaryRunner.run(["data", "split", csv, "--clients", "10", "--iid", "-o", "shards"], in: dir)
        #expect(ten.status == 0, "\(ten.stderr)")
        try Data("mine".utf8).write(to: out.appendingPathComponent("notes.txt"))
        try Data("mine".utf8).write(to: out.appendingPathComponent("part-7.csv.bak"))
        let three = try BinaryRunner.run(["data", "split", csv, "--clients", "3", "--iid", "-o", "shards"], in: dir)
        #expect(three.status == 0, "\(three.stderr)")
        #expect(
            try names(out) == [".kfc-outputs", "notes.txt", "part-0.csv", "part-1.csv", "part-2.csv", "part-7.csv.bak"])
        let rows = try (0..<3).map { k in
            try String(contentsOf: out.appendingPathComponent("part-\(k).csv"), encoding: .utf8)
                .split(separator: "\n").count - 1
        }
        #expect(rows.reduce(0, +) == 1797)
    }

    @Test func buildIntoAnEarlierLargerOutputLeavesNoStaleFiles() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let kf = Self.root.appendingPathComponent("examples/digits/topology.kf").path
        let all = try BinaryRunner.run(
            ["build", kf, "--data-root", "/data", "--target", "k8s,kube-ovn,plan", "-o", "out"], in: dir)
        #expect(all.status == 0, "\(all.stderr)")
        let out = dir.appendingPathComponent("out")
        let before = try names(out)
        #expect(before.contains { $0.hasSuffix(".plan.json") })
        try Data("mine".utf8).write(to: out.appendingPathComponent("README.md"))
        let k8s = try BinaryRunner.run(["build", kf, "--data-root", "/data", "--target", "k8s", "-o", "out"], in: dir)
        #expect(k8s.status == 0, "\(k8s.stderr)")
        let after = try names(out)
        #expect(!after.contains { $0.hasSuffix(".plan.json") }, "stale plans left: \(after)")
        #expect(after.contains("README.md") && after.contains(".kfc-outputs"))
        // What is left is exactly what a build into a fresh folder writes, plus the user's file.
        let fresh = try BinaryRunner.run(
            ["build", kf, "--data-root", "/data", "--target", "k8s", "-o", "fresh"], in: dir)
        #expect(fresh.status == 0)
        #expect(after.filter { $0 != "README.md" } == (try names(dir.appendingPathComponent("fresh"))))
    }

    @Test func dangerousOutputFoldersAreRefused() throws {
        let dir = try folder()
        let victim = try folder()
        defer {
            try? FileManager.default.removeItem(at: dir)
            try? FileManager.default.removeItem(at: victim)
        }
        let kf = Self.root.appendingPathComponent("examples/digits/topology.kf").path
        let csv = Self.root.appendingPathComponent("examples/digits/data/digits.csv").path
        for args in [
            ["build", kf, "--data-root", "/data", "-o", "/"],
            ["data", "split", csv, "--clients", "2", "--iid", "-o", "/"],
        ] {
            let r = try BinaryRunner.run(args, in: dir)
            #expect(r.status == 1, "\(args): \(r.stderr)")
            #expect(r.stderr.contains("error[KF0034]: kfc will not write outputs into '/'"), "\(r.stderr)")
        }
        let home = try BinaryRunner.run(
            ["build", kf, "--data-root", "/data", "-o", "."], in: dir, environment: ["HOME": dir.path])
        #expect(home.status == 1 && home.stderr.contains("[KF0034]"), "\(home.stderr)")
        #expect(try names(dir).isEmpty)
        // A manifest that names a file outside the folder: refused before anything is removed.
        try Data("precious".utf8).write(to: victim.appendingPathComponent("precious"))
        let out = dir.appendingPathComponent("out")
        try FileManager.default.createDirectory(at: out, withIntermediateDirectories: true)
        try Data("../\(victim.lastPathComponent)/precious\n".utf8).write(to: out.appendingPathComponent(".kfc-outputs"))
        let hostile = try BinaryRunner.run(["build", kf, "--data-root", "/data", "-o", "out"], in: dir)
        #expect(hostile.status == 1 && hostile.stderr.contains("[KF0034]"), "\(hostile.stderr)")
        #expect(text(victim.appendingPathComponent("precious")) == "precious")
    }

    // MARK: - kfc data split --dirichlet

    @Test(arguments: ["inf", "nan", "0", "1e-7", "1e7"])
    func dirichletOutsideItsRangeIsAUsageError(_ alpha: String) throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(at: dir) }
        let csv = Self.root.appendingPathComponent("examples/digits/data/digits.csv").path
        let r = try BinaryRunner.run(
            ["data", "split", csv, "--clients", "2", "--dirichlet", alpha, "-o", "s"], in: dir, timeout: 60)
        #expect(!r.timedOut && r.status == 64, "\(r.stderr)")
        #expect(r.stderr.contains("--dirichlet must be a finite number from 1e-6 to 1e6"))
        #expect(try names(dir).isEmpty)
    }
}
