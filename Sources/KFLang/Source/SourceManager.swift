import Foundation

/// Owns every source file of one compilation, so spans can be turned back into text.
///
/// A value type: add files while building, then share it read-only with renderers.
package struct SourceManager: Sendable {
    /// Every file, indexed by `FileID.raw`.
    package private(set) var files: [SourceFile] = []

    /// Creates an empty manager.
    package init() {}

    /// Adds a file from its bytes and returns its id.
    @discardableResult
    package mutating func add(path: String, bytes: [UInt8]) -> FileID {
        let id = FileID(UInt32(files.count))
        files.append(SourceFile(id: id, path: path, bytes: bytes))
        return id
    }

    /// Adds a file from a Swift string (tests and generated sources).
    @discardableResult
    package mutating func add(path: String, text: String) -> FileID {
        add(path: path, bytes: Array(text.utf8))
    }

    /// The file with this id.
    package subscript(id: FileID) -> SourceFile { files[Int(id.raw)] }

    /// The file whose display path is `path`, if loaded.
    package func file(atPath path: String) -> SourceFile? { files.first { $0.path == path } }
}

/// A place in a source file named by path, line and column — what later stages (the IR's
/// origins, manifests' annotations) keep instead of a `Span`.
package struct SourceLocation: Hashable, Sendable, Codable {
    /// The file's display path.
    package var path: String
    /// 1-based line.
    package var line: Int
    /// 1-based byte column.
    package var column: Int
    package init(path: String, line: Int, column: Int) {
        self.path = path
        self.line = line
        self.column = column
    }
}

extension SourceManager {
    /// The span of the word at `location`: from there to the next space, line break, `{` or `(`
    /// (a declaration's name, `client[i in 0..<n]`'s `client[i`, a field), or nil when the file is
    /// not loaded or the position is outside it.
    package func span(at location: SourceLocation) -> Span? {
        guard let file = file(atPath: location.path), location.line >= 1,
            location.line <= file.lineStarts.count
        else { return nil }
        let start = min(file.bytes.count, file.lineStarts[location.line - 1] + max(0, location.column - 1))
        var end = start
        while end < file.bytes.count, ![0x0A, 0x20, 0x7B, 0x28].contains(file.bytes[end]) { end += 1 }
        return Span(file: file.id, start: start, end: end, line: location.line, column: location.column)
    }
}
