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
        try replace(pieces: files.map { (path: $0.path, pieces: [$0.bytes[...]]) })
    }

    /// Writes `files` (relative path → the pieces whose concatenation is its bytes), then
    /// removes the recorded files that `files` lacks.
    ///
    /// - Returns: The stale files removed, sorted.
    @discardableResult
    package func replace(pieces files: [(path: String, pieces: [ArraySlice<UInt8>])]) throws(FileError) -> [String] {
        let replacement = try Replacement(self)
        try replacement.write(files)
        return try replacement.finish()
    }

    /// A replacement of the folder's files written in batches, for an output too large to hold
    /// at once (`kfc build` of many clients encodes and writes one batch of kinds at a time).
    ///
    /// Each batch's paths are checked before any of its files is written, and recorded in the
    /// manifest first (with the files recorded before), so an interruption never leaves a file
    /// kfc wrote unrecorded; `finish` removes the recorded files no batch wrote. A writer that
    /// must refuse a bad path before writing anything hands the paths it cannot vouch for over
    /// in its first batch.
    package final class Replacement {
        private let folder: OutputFolder
        /// The files recorded before this replacement.
        private let old: [String]
        /// What the manifest records now: the old files and every file written since.
        private var recordedNames: Set<String>
        /// The files written, in order.
        private var written: [String] = []

        /// Starts replacing `folder`'s files.
        package init(_ folder: OutputFolder) throws(FileError) {
            self.folder = folder
            old = try folder.recorded()
            recordedNames = Set(old)
        }

        /// Writes a batch of files (relative path → the pieces whose concatenation is its bytes).
        package func write(_ files: [(path: String, pieces: [ArraySlice<UInt8>])]) throws(FileError) {
            for f in files { try folder.check(f.path) }
            let new = files.map(\.path).filter { !recordedNames.contains($0) }
            if !new.isEmpty {
                // Record the union first, so an interruption never leaves a file kfc wrote unrecorded.
                recordedNames.formUnion(new)
                try folder.writeManifest(Array(recordedNames))
            }
            for f in files {
                let target = (folder.path as NSString).appendingPathComponent(f.path)
                let dir = AtomicFile.directory(of: target)
                do {
                    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                } catch {
                    throw FileError(path: dir, kind: .system(EACCES))
                }
                try AtomicFile.write(pieces: f.pieces, to: target)
                written.append(f.path)
            }
        }

        /// Removes the recorded files that no batch wrote and records the files written.
        ///
        /// - Returns: The stale files removed, sorted.
        @discardableResult
        package func finish() throws(FileError) -> [String] {
            let stale = Set(old).subtracting(written).sorted()
            for s in stale {
                let target = (folder.path as NSString).appendingPathComponent(s)
                if unlink(target) != 0 && errno != ENOENT { throw .errno(target) }
                // Remove folders the stale file leaves empty (rmdir refuses any other).
                var dir = (s as NSString).deletingLastPathComponent
                while !dir.isEmpty {
                    if rmdir((folder.path as NSString).appendingPathComponent(dir)) != 0 { break }
                    dir = (dir as NSString).deletingLastPathComponent
                }
            }
            try folder.writeManifest(written)
            return stale
        }
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

    fileprivate func writeManifest(_ entries: [String]) throws(FileError) {
        let text = ([Self.header] + Set(entries).sorted()).joined(separator: "\n") + "\n"
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
