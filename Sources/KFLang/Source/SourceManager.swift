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
