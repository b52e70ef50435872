import Foundation

/// A folder holding one party's TLS material, as a Kubernetes Secret mounts it:
/// `ca.crt` (the federation's CA), `tls.crt` and `tls.key` (this party's certificate and key),
/// and, for the server, an optional `revoked` file of certificate serials (hex, one a line).
package struct TLSFolder: Sendable, Equatable {
    /// The folder.
    package var path: String

    /// Creates a reference to `path`.
    package init(_ path: String) { self.path = path }

    /// File names inside the folder.
    package static let caFile = "ca.crt"
    package static let certificateFile = "tls.crt"
    package static let keyFile = "tls.key"
    package static let revokedFile = "revoked"

    /// Full paths.
    package var ca: String { (path as NSString).appendingPathComponent(Self.caFile) }
    package var certificate: String { (path as NSString).appendingPathComponent(Self.certificateFile) }
    package var key: String { (path as NSString).appendingPathComponent(Self.keyFile) }
    package var revokedList: String { (path as NSString).appendingPathComponent(Self.revokedFile) }

    /// The first of the three required files that is missing, if any.
    package var missingFile: String? {
        [ca, certificate, key].first { !FileManager.default.isReadableFile(atPath: $0) }
    }

    /// Revoked serials (lowercase hex), or empty without a `revoked` file.
    package func revokedSerials() throws -> Set<String> {
        guard FileManager.default.fileExists(atPath: revokedList) else { return [] }
        let text = try String(contentsOfFile: revokedList, encoding: .utf8)
        return Set(
            text.split(whereSeparator: \.isNewline).map {
                $0.trimmingCharacters(in: .whitespaces).lowercased().replacingOccurrences(of: ":", with: "")
            }.filter { !$0.isEmpty && !$0.hasPrefix("#") })
    }

    /// Writes `ca.crt`, `tls.crt` and `tls.key` (the key readable by its owner only).
    package static func write(
        to path: String, caPEM: String, credential: IssuedCredential
    ) throws {
        let fm = FileManager.default
        try fm.createDirectory(atPath: path, withIntermediateDirectories: true)
        let folder = TLSFolder(path)
        try Data(caPEM.utf8).write(to: URL(fileURLWithPath: folder.ca))
        try Data(credential.certificatePEM.utf8).write(to: URL(fileURLWithPath: folder.certificate))
        _ = fm.createFile(atPath: folder.key, contents: nil, attributes: [.posixPermissions: 0o600])
        try Data(credential.privateKeyPEM.utf8).write(to: URL(fileURLWithPath: folder.key))
    }
}
