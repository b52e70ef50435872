import Foundation
import Testing

@testable import SafeFiles

@Suite struct SafeFilesTests {
    /// A fresh folder.
    func folder() throws -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("kfc-safe-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        return dir
    }

    func text(_ path: String) -> String? {
        FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) }
    }

    func mode(_ path: String) -> mode_t {
        var st = stat()
        _ = lstat(path, &st)
        return st.st_mode
    }

    func entries(_ dir: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: dir).sorted()
    }

    // MARK: - BoundedRead

    @Test(arguments: [0, 1, 4095, 65_536, 65_537, 200_001])
    func aRegularFileIsReadWholeAndExactly(size: Int) throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let p = dir + "/f.yaml"
        let bytes = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) }
        try AtomicFile.write(bytes, to: p)
        #expect(BoundedRead.contents(p, limit: 1 << 20) == .bytes(bytes))
        // At the limit exactly it is read; one byte past it is too large, with its size.
        #expect(BoundedRead.contents(p, limit: size) == .bytes(bytes))
        if size > 0 { #expect(BoundedRead.contents(p, limit: size - 1) == .tooLarge(size: size)) }
    }

    @Test func aFileThatIsNotRegularIsReadInChunksUpToTheLimit() throws {
        // /dev/zero reports size 0 and never ends: read up to the limit, then refused.
        #expect(BoundedRead.contents("/dev/zero", limit: 100_000) == .tooLarge(size: 100_001))
        #expect(BoundedRead.contents("/dev/null", limit: 10) == .bytes([]))
        // A /proc file is a regular file that reports size 0 and has content: read whole, from
        // its start again once it turns out longer than its size.
        guard case .bytes(let status) = BoundedRead.contents("/proc/self/status", limit: 1 << 20) else {
            Issue.record("/proc/self/status was not read")
            return
        }
        #expect(String(decoding: status, as: UTF8.self).hasPrefix("Name:"))
        #expect(String(decoding: status, as: UTF8.self).contains("\nPid:"))
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(BoundedRead.contents(dir, limit: 10) == .unreadable(EISDIR))
        #expect(BoundedRead.contents(dir + "/missing", limit: 10) == .unreadable(ENOENT))
    }

    // MARK: - AtomicFile

    @Test func atomicWriteReplacesTheFileKeepsItsModeAndLeavesNoTemporaryFile() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let p = dir + "/summary.json"
        try AtomicFile.write(Array("one".utf8), to: p)
        #expect(text(p) == "one")
        chmod(p, 0o600)
        try AtomicFile.write(Array("two".utf8), to: p)
        #expect(text(p) == "two")
        #expect(mode(p) & 0o777 == 0o600)
        #expect(try entries(dir) == ["summary.json"])
    }

    @Test func atomicWriteReplacesASymbolicLinkInsteadOfWritingThroughIt() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data("outside".utf8).write(to: URL(fileURLWithPath: dir + "/victim"))
        symlink(dir + "/victim", dir + "/out.json")
        try AtomicFile.write(Array("new".utf8), to: dir + "/out.json")
        #expect(text(dir + "/victim") == "outside")
        #expect(mode(dir + "/out.json") & S_IFMT == S_IFREG)
    }

    @Test func aFailedAtomicWriteLeavesTheOldFile() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        #expect(throws: FileError.self) { try AtomicFile.write(Array("x".utf8), to: dir + "/missing/file") }
        #expect(try entries(dir).isEmpty)
    }

    // MARK: - FileLock

    @Test func aSecondLockOnOneFileIsBusyUntilTheFirstIsReleased() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let first = try FileLock.acquire(dir + "/.lock", wait: false)
        #expect(throws: FileError(path: dir + "/.lock", kind: .busy)) {
            _ = try FileLock.acquire(dir + "/.lock", wait: false)
        }
        first.release()
        let second = try FileLock.acquire(dir + "/.lock", wait: false)
        second.release()
    }

    // MARK: - InPlaceRewrite

    @Test func rewriteKeepsModeAndOwner() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let p = dir + "/a.kf"
        try Data("old".utf8).write(to: URL(fileURLWithPath: p))
        chmod(p, 0o640)
        let owned = geteuid() == 0 && chown(p, 1234, 4321) == 0
        try InPlaceRewrite.rewrite(p, with: Array("new".utf8))
        var st = stat()
        _ = stat(p, &st)
        #expect(text(p) == "new")
        #expect(st.st_mode & 0o7777 == 0o640)
        if owned {
            #expect(st.st_uid == 1234 && st.st_gid == 4321)
        }
    }

    @Test func rewriteWritesThroughASymbolicLinkAndKeepsTheLink() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data("old".utf8).write(to: URL(fileURLWithPath: dir + "/real.kf"))
        symlink("real.kf", dir + "/link.kf")
        try InPlaceRewrite.rewrite(dir + "/link.kf", with: Array("new".utf8))
        #expect(mode(dir + "/link.kf") & S_IFMT == S_IFLNK)
        #expect(text(dir + "/real.kf") == "new")
    }

    @Test func rewriteKeepsHardLinksTogether() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data("a longer old text".utf8).write(to: URL(fileURLWithPath: dir + "/a.kf"))
        link(dir + "/a.kf", dir + "/b.kf")
        try InPlaceRewrite.rewrite(dir + "/a.kf", with: Array("new".utf8))
        #expect(text(dir + "/a.kf") == "new")
        #expect(text(dir + "/b.kf") == "new")
        var a = stat()
        var b = stat()
        _ = stat(dir + "/a.kf", &a)
        _ = stat(dir + "/b.kf", &b)
        #expect(a.st_ino == b.st_ino && a.st_nlink == 2)
    }

    @Test func aReadOnlyFileIsRefusedAndLeftAlone() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let p = dir + "/a.kf"
        try Data("old".utf8).write(to: URL(fileURLWithPath: p))
        chmod(p, 0o444)
        #expect(throws: FileError(path: p, kind: .readOnly)) { try InPlaceRewrite.rewrite(p, with: Array("new".utf8)) }
        #expect(text(p) == "old")
        #expect(mode(p) & 0o777 == 0o444)
    }

    // MARK: - OutputFolder

    @Test func aSmallerOutputRemovesOnlyTheStaleFilesKfcWrote() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data("mine".utf8).write(to: URL(fileURLWithPath: dir + "/notes.txt"))
        let out = try OutputFolder(dir, home: nil)
        try out.replace(with: [("part-0.csv", [1]), ("part-1.csv", [2]), ("plans/a.json", [3])])
        #expect(try entries(dir) == [".kfc-outputs", "notes.txt", "part-0.csv", "part-1.csv", "plans"])
        let removed = try out.replace(with: [("part-0.csv", [4])])
        #expect(removed == ["part-1.csv", "plans/a.json"])
        #expect(try entries(dir) == [".kfc-outputs", "notes.txt", "part-0.csv"])
        #expect(try out.recorded() == ["part-0.csv"])
        #expect(text(dir + "/notes.txt") == "mine")
    }

    @Test func aReplacementInBatchesRecordsEachBatchBeforeWritingItAndRemovesTheStaleFilesAtTheEnd() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let out = try OutputFolder(dir, home: nil)
        try out.replace(with: [("old.yaml", Array("old".utf8)), ("kept.yaml", Array("kept".utf8))])
        let r = try OutputFolder.Replacement(out)
        // A file of several pieces is their concatenation.
        try r.write([(path: "a.json", pieces: [Array("{\"a\":".utf8)[...], Array("1}".utf8)[...]])])
        #expect(text(dir + "/a.json") == "{\"a\":1}")
        #expect(try out.recorded().sorted() == ["a.json", "kept.yaml", "old.yaml"])
        // A batch with a path outside the folder is refused whole, before any of it is written.
        #expect(throws: FileError.self) {
            try r.write([(path: "b.yaml", pieces: [Array("b".utf8)[...]]), (path: "../escape", pieces: [])])
        }
        #expect(try !entries(dir).contains("b.yaml"))
        try r.write([
            (path: "kept.yaml", pieces: [Array("new".utf8)[...]]), (path: "sub/c.yaml", pieces: [Array("c".utf8)[...]]),
        ])
        // Until the end, every file written and every earlier file is recorded.
        #expect(try out.recorded().sorted() == ["a.json", "kept.yaml", "old.yaml", "sub/c.yaml"])
        #expect(try r.finish() == ["old.yaml"])
        #expect(try out.recorded() == ["a.json", "kept.yaml", "sub/c.yaml"])
        #expect(try entries(dir) == [".kfc-outputs", "a.json", "kept.yaml", "sub"])
        #expect(text(dir + "/kept.yaml") == "new")
    }

    @Test func aFileOfPiecesIsWrittenWhole() throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let big = [UInt8](repeating: 0x61, count: 3 << 20)
        let pieces = [big[..<1000], big[1000..<1000], big[1000...], Array("end".utf8)[...]]
        try AtomicFile.write(pieces: pieces, to: dir + "/f")
        let data = try #require(FileManager.default.contents(atPath: dir + "/f"))
        #expect([UInt8](data) == big + Array("end".utf8))
        #expect(try entries(dir) == ["f"])
    }

    @Test(arguments: ["../escape", "/etc/passwd", "a/../../b", "./x", ""])
    func aManifestEntryOutsideTheFolderIsRefused(_ entry: String) throws {
        let dir = try folder()
        defer { try? FileManager.default.removeItem(atPath: dir) }
        try Data("\(entry)\n".utf8).write(to: URL(fileURLWithPath: dir + "/.kfc-outputs"))
        let out = try OutputFolder(dir, home: nil)
        if entry.isEmpty {
            #expect(try out.recorded().isEmpty)
        } else {
            #expect(throws: FileError.self) { try out.replace(with: [("a", [1])]) }
            #expect(try !entries(dir).contains("a"))
        }
    }

    @Test func aManifestEntryThroughASymbolicLinkIsRefused() throws {
        let dir = try folder()
        let victim = try folder()
        defer {
            try? FileManager.default.removeItem(atPath: dir)
            try? FileManager.default.removeItem(atPath: victim)
        }
        try Data("keep".utf8).write(to: URL(fileURLWithPath: victim + "/precious"))
        symlink(victim, dir + "/sub")
        try Data("sub/precious\n".utf8).write(to: URL(fileURLWithPath: dir + "/.kfc-outputs"))
        let out = try OutputFolder(dir, home: nil)
        #expect(throws: FileError.self) { try out.replace(with: [("a", [1])]) }
        #expect(throws: FileError.self) { try out.replace(with: [("sub/precious", [1])]) }
        #expect(text(victim + "/precious") == "keep")
    }

    @Test func theRootAndTheHomeFolderAreRefused() throws {
        let home = try folder()
        defer { try? FileManager.default.removeItem(atPath: home) }
        #expect(throws: FileError.self) { _ = try OutputFolder("/", home: nil) }
        #expect(throws: FileError.self) { _ = try OutputFolder("/tmp/../", home: nil) }
        #expect(throws: FileError.self) { _ = try OutputFolder(home + "/", home: home) }
    }
}
