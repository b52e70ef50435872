import Foundation
import KFLang
import SafeFiles

/// Reads the `.kf` files named on the command line into a `SourceManager`.
///
/// Directories are searched recursively for `*.kf` files in sorted order, so output is
/// deterministic. Unreadable inputs are reported as KF0001 and skipped.
struct InputLoader {
    let ctx: Context

    /// Expands `paths` (files and folders) into a sorted list of files, reporting those that do
    /// not exist. Folders are searched recursively for names ending in one of `extensions`
    /// (`.kf` files by default; `kfc verify` asks for YAML), except the file names in `excluding`.
    func expand(
        _ paths: [String], extensions: [String] = [".kf"], excluding: Set<String> = [], sink: DiagnosticSink
    ) -> [String] {
        let fm = FileManager.default
        var out: [String] = []
        for p in paths {
            var isDir: ObjCBool = false
            let abs = ctx.absolutePath(p)
            guard fm.fileExists(atPath: abs, isDirectory: &isDir) else {
                sink.report(.cannotReadInput(path: p, reason: "no such file or directory"))
                continue
            }
            if isDir.boolValue {
                let found = (fm.enumerator(atPath: abs)?.compactMap { $0 as? String } ?? [])
                    .filter { f in
                        extensions.contains { f.hasSuffix($0) }
                            && !excluding.contains((f as NSString).lastPathComponent)
                    }
                    .sorted()
                    .map { p.hasSuffix("/") ? p + $0 : p + "/" + $0 }
                if found.isEmpty {
                    sink.report(.cannotReadInput(path: p, reason: "the folder holds no \(extensions[0]) files"))
                }
                out += found
            } else {
                out.append(p)
            }
        }
        return out
    }

    /// Loads one file; reports KF0001 (unreadable) or KF0035 (too large) and returns nil when
    /// it cannot be read.
    func load(_ path: String, into sources: inout SourceManager, sink: DiagnosticSink) -> FileID? {
        guard let bytes = read(path, sink: sink) else { return nil }
        return sources.add(path: path, bytes: bytes)
    }

    /// The bytes of an input file, at most `BoundedRead.sourceLimit` of them; nil after
    /// reporting KF0001 or KF0035.
    func read(_ path: String, sink: DiagnosticSink) -> [UInt8]? {
        switch BoundedRead.contents(ctx.absolutePath(path), limit: BoundedRead.sourceLimit) {
        case .bytes(let b): return b
        case .tooLarge(let size):
            sink.report(.inputTooLarge(path: path, size: size, limit: BoundedRead.sourceLimit))
        case .unreadable(let e):
            sink.report(
                .cannotReadInput(
                    path: path, reason: e == ENOENT ? "no such file or directory" : String(cString: strerror(e))))
        }
        return nil
    }
}
