import Foundation

/// Why a file could not be written, locked or rewritten.
package struct FileError: Error, Equatable, CustomStringConvertible, Sendable {
    /// What went wrong.
    package enum Kind: Sendable, Equatable {
        /// A system call failed (`errno`).
        case system(Int32)
        /// Another process holds the lock.
        case busy
        /// The file is read-only for this user.
        case readOnly
        /// A recorded output path that is not a plain relative path inside the folder.
        case unsafeManifest(String)
        /// The folder is one kfc must never write a set of outputs into.
        case dangerousTarget(String)
    }

    /// The file or folder concerned.
    package var path: String
    /// What went wrong.
    package var kind: Kind

    package init(path: String, kind: Kind) {
        self.path = path
        self.kind = kind
    }

    /// The error of the last failed system call on `path`.
    static func errno(_ path: String) -> FileError { FileError(path: path, kind: .system(Foundation.errno)) }

    /// The reason, without the path (lowercase, one line).
    package var reason: String {
        switch kind {
        case .system(let e): return String(cString: strerror(e)).lowercased()
        case .busy: return "in use by another process"
        case .readOnly: return "the file is read-only"
        case .unsafeManifest(let entry): return "the manifest lists '\(entry)', which is not a file inside the folder"
        case .dangerousTarget(let why): return why
        }
    }

    package var description: String { "\(path): \(reason)" }
}
