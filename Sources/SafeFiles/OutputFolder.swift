import Foundation

/// A folder kfc writes a whole set of outputs into (`kfc build -o`, `kfc data split -o`).
///
/// The folder keeps a manifest, `.kfc-outputs`, of the files kfc wrote there. Writing a new set
/// replaces each file atomically and then removes the files of the earlier set that the new
/// one no longer has, so the folder never mixes stale and new outputs. Only files named in the
/// manifest are ever removed — a user's own file in the folder is left alone, whatever its
/// name — and an entry that is not a plain relative path inside the folder (`..`, an absolute
/// path, a path through a symbolic link) is refused before anything is written. The root of
/// the file system and the home folder are refused as targets.
package struct OutputFolder: Sendable {
    /// The manifest's file name.
    package static let manifestName = ".kfc-outputs"
    /// The manifest's first line.
    static let header = "# Files written by kfc into this folder; kfc removes those a later output no longer has."

    /// The folder (absolute).
    package let path: String

    /// Opens `path` as an output folder (created if missing).
    ///
    /// - Parameter home: The user's home folder, refused as a target.
    /// - Throws: `.dangerousTarget` for `/` or `home`; a system error if it cannot be created.
    package init(_ path: String, home: String?) throws(FileError) {
        let resolved = Self.resolve(path)
        if resolved == "/" {
            throw FileError(path: path, kind: .dangerousTarget("the root folder is never an output folder"))
        }
        if let home, !home.isEmpty, resolved == Self.resolve(home) {
            throw FileError(path: path, kind: .dangerousTarget("the home folder is never an output folder"))
        }
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDir), !isDir.boolValue {
            throw FileError(path: path, kind: .system(ENOTDIR))
        }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw FileError(path: path, kind: .system(EACCES))
        }
        self.path = path
    }

    /// The files the manifest records, checked to be plain relative paths inside the folder.
    package func recorded() throws(FileError) -> [String] {
        let file = (path as NSString).appendingPathComponent(Self.manifestName)
        guard let data = FileManager.default.contents(atPath: file) else { return [] }
        let entries = String(decoding: data, as: UTF8.self).split(separator: "\n").map(String.init)
            .filter { !$0.isEmpty && !$0.hasPrefix("#") }
        for e in entries { try check(e) }
        return entries
    }

    /// Writes `files` (relative path → bytes), then removes the recorded files that `files` lacks.
    ///
    /// - Returns: The stale files removed, sorted.
    @discardableResult
    package func replace(with files: [(path: String, bytes: [UInt8])]) throws(FileError) -> [String] {
        for f in files { try check(f.path) }
        let old = try recorded()
        let new = files.map(\.path)
        // Record the union first, so an interruption never leaves a file kfc wrote unrecorded.
        try writeManifest(Array(Set(old).union(new)))
        for f in files {
            let target = (path as NSString).appendingPathComponent(f.path)
            let folder = AtomicFile.directory(of: target)
            do {
                try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
            } catch {
                throw FileError(path: folder, kind: .system(EACCES))
            }
            try AtomicFile.write(f.bytes, to: target)
        }
        let stale = Set(old).subtracting(new).sorted()
        for s in stale {
            let target = (path as NSString).appendingPathComponent(s)
            if unlink(target) != 0 && errno != ENOENT { throw .errno(target) }
            // Remove folders the stale file leaves empty (rmdir refuses any other).
            var dir = (s as NSString).deletingLastPathComponent
            while !dir.isEmpty {
                if rmdir((path as NSString).appendingPathComponent(dir)) != 0 { break }
                dir = (dir as NSString).deletingLastPathComponent
            }
        }
        try writeManifest(new)
        return stale
    }

    /// Throws unless `entry` is a relative path of plain components whose folders are real
    /// folders inside this one (no symbolic link leads out).
    func check(_ entry: String) throws(FileError) {
        let parts = entry.split(separator: "/", omittingEmptySubsequences: false)
        guard !entry.hasPrefix("/"), !parts.contains(where: { $0.isEmpty || $0 == "." || $0 == ".." }),
            entry != Self.manifestName, !entry.contains("\0")
        else { throw FileError(path: path, kind: .unsafeManifest(entry)) }
        var prefix = path
        for p in parts.dropLast() {
            prefix = (prefix as NSString).appendingPathComponent(String(p))
            var st = stat()
            if lstat(prefix, &st) == 0, st.st_mode & S_IFMT != S_IFDIR {
                throw FileError(path: path, kind: .unsafeManifest(entry))
            }
        }
    }

    private func writeManifest(_ entries: [String]) throws(FileError) {
        let text = ([Self.header] + entries.sorted()).joined(separator: "\n") + "\n"
        try AtomicFile.write(Array(text.utf8), to: (path as NSString).appendingPathComponent(Self.manifestName))
    }

    /// `path` with symbolic links resolved as far as it exists, and the rest appended.
    static func resolve(_ path: String) -> String {
        var existing = (path as NSString).standardizingPath
        var rest: [String] = []
        while !existing.isEmpty, existing != "/" {
            if let r = realpath(existing, nil) {
                let base = String(cString: r)
                free(r)
                return rest.reversed().reduce(base) { ($0 as NSString).appendingPathComponent($1) }
            }
            rest.append((existing as NSString).lastPathComponent)
            existing = (existing as NSString).deletingLastPathComponent
        }
        return rest.reversed().reduce("/") { ($0 as NSString).appendingPathComponent($1) }
    }
}
