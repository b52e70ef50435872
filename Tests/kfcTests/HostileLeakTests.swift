import Foundation
import Testing

/// An untrusted `.kf` cannot read files outside its project or print a non-`.kf` file, and text
/// from the input cannot drive the terminal. These run the real binary.
@Suite struct HostileLeakTests {
    /// A fresh folder with `files` (paths may have folders) and symbolic `links` (name → target).
    func folder(_ files: [String: String], links: [String: String] = [:]) throws -> URL {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kfc-leak-\(UUID().uuidString)")
        for (name, text) in files {
            let url = dir.appendingPathComponent(name)
            try FileManager.default.createDirectory(
                at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(text.utf8).write(to: url)
        }
        for (name, target) in links {
            try FileManager.default.createSymbolicLink(
                atPath: dir.appendingPathComponent(name).path, withDestinationPath: target)
        }
        return dir
    }

    func expectDiagnosed(
        _ r: BinaryRunner.Result, code: String, at location: String, sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(!r.signalled && !r.timedOut, "kfc crashed or hung", sourceLocation: sourceLocation)
        #expect(r.status == 1, "exit \(r.status): \(r.stderr.prefix(1_000))", sourceLocation: sourceLocation)
        #expect(
            r.stderr.contains("[\(code)]"), "no \(code) in \(r.stderr.prefix(1_000))", sourceLocation: sourceLocation)
        #expect(r.stderr.contains("--> \(location)"), "not located at \(location)", sourceLocation: sourceLocation)
    }

    static let secret = "TOKEN=hunter2-secret"

    @Test func importsOutsideTheRootAreRefusedAndNeverRead() throws {
        let dir = try folder([
            "secret.kf": "let s = \"\(Self.secret)\"\n",
            "project/input.kf": "import \"../secret.kf\" { s }\n",
            "project/abs.kf": "import \"\(FileManager.default.temporaryDirectory.path)/x.kf\" { s }\n",
            "project/txt.kf": "import \"notes.txt\" { s }\n",
            "project/notes.txt": "\(Self.secret)\n",
            "project/sub/deep.kf": "import \"../../secret.kf\" { s }\n",
        ])
        defer { try? FileManager.default.removeItem(at: dir) }
        let project = dir.appendingPathComponent("project")
        for (file, at) in [
            ("input.kf", "input.kf:1:8"), ("abs.kf", "abs.kf:1:8"), ("txt.kf", "txt.kf:1:8"),
            ("sub/deep.kf", "sub/deep.kf:1:8"),
        ] {
            let r = try BinaryRunner.run(["check", file], in: project)
            expectDiagnosed(r, code: "KF1028", at: at)
            #expect(!r.stderr.contains("hunter2"), "\(r.stderr)")
        }
        // `sub/deep.kf` reaches `project/..`: outside its own folder whatever `--root` says,
        // unless the root holds the secret.
        let deeper = try BinaryRunner.run(["check", "sub/deep.kf", "--root", "."], in: project)
        expectDiagnosed(deeper, code: "KF1028", at: "sub/deep.kf:1:8")
        #expect(deeper.stderr.contains("outside the project root '.'"), "\(deeper.stderr)")
        // A wider root admits the import (the file is then read and compiled).
        let wide = try BinaryRunner.run(["check", "project/input.kf", "--root", "."], in: dir)
        #expect(wide.status == 0, "\(wide.stderr)")
    }

    @Test func aSymbolicLinkOutOfTheRootIsNotFollowed() throws {
        let dir = try folder(
            ["secret.kf": "let s = \"\(Self.secret)\"\n", "project/input.kf": "import \"link.kf\" { s }\n"],
            links: ["project/link.kf": "../secret.kf"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let r = try BinaryRunner.run(["check", "input.kf"], in: dir.appendingPathComponent("project"))
        expectDiagnosed(r, code: "KF1010", at: "input.kf:1:1")
        #expect(!r.stderr.contains("hunter2"), "\(r.stderr)")
    }

    @Test func controlCharactersNeverReachTheTerminalRaw() throws {
        // (A `.kf` file with control bytes is refused as not text, KF0022.) A diagnostic that
        // repeats a hostile name, and a usage error that repeats a hostile argument.
        let dir = try folder(["input.kf": "let x = 1\n"])
        defer { try? FileManager.default.removeItem(at: dir) }
        let check = try BinaryRunner.run(
            ["check", "input.kf", "--color", "always", "--set", "\u{1B}]0;pwned\u{07}\u{1B}[2J\r=1"], in: dir)
        #expect(check.status == 1, "\(check.stderr)")
        #expect(check.stderr.contains(#"'--set \e]0;pwned\u{7}\e[2J\r' names no top-level 'let'"#), "\(check.stderr)")
        let usage = try BinaryRunner.run(["check", "input.kf", "--set", "\u{1B}[31m\r"], in: dir)
        #expect(usage.status == 64, "\(usage.stderr)")
        #expect(usage.stderr.contains(#"found '\e[31m\r'"#), "\(usage.stderr)")
        for r in [check, usage] {
            // Only the renderer's own colours: every ESC starts a style (`ESC[…m`) and there is
            // no other control character but newlines.
            let pieces = r.stderr.split(separator: "\u{1B}", omittingEmptySubsequences: false).dropFirst()
            #expect(pieces.allSatisfy { $0.range(of: #"^\[[0-9;]*m"#, options: .regularExpression) != nil })
            #expect(!r.stderr.unicodeScalars.contains { $0.value < 0x20 && $0 != "\n" && $0 != "\u{1B}" })
        }
    }
}
