import Crypto
import Foundation

/// An ECDSA P-256 key pair in OpenSSH's formats: what Flower's SuperNode authentication reads
/// (`flower-supernode --auth-supernode-private-key`, `flwr supernode register PUBLIC_KEY`).
///
/// The private key is the unencrypted `openssh-key-v1` container (cipher and KDF `none`), the
/// public key the one-line `ecdsa-sha2-nistp256 AAAA… comment` form (RFC 5656).
package struct SSHKeyPair: Sendable {
    private let key: P256.Signing.PrivateKey
    /// The comment both files carry.
    package let comment: String

    /// A new key pair.
    package init(comment: String) {
        key = P256.Signing.PrivateKey()
        self.comment = comment
    }

    /// A key pair from a P-256 private key (tests).
    package init(key: P256.Signing.PrivateKey, comment: String) {
        self.key = key
        self.comment = comment
    }

    private static let keyType = "ecdsa-sha2-nistp256"
    private static let curve = "nistp256"

    /// The public key blob: key type, curve, and the uncompressed point.
    private var publicBlob: [UInt8] {
        var b: [UInt8] = []
        Self.append(string: Array(Self.keyType.utf8), to: &b)
        Self.append(string: Array(Self.curve.utf8), to: &b)
        Self.append(string: Array(key.publicKey.x963Representation), to: &b)
        return b
    }

    /// The public key line (`auth.pub`).
    package var publicKeyLine: String {
        "\(Self.keyType) \(Data(publicBlob).base64EncodedString()) \(comment)\n"
    }

    /// The private key file (`auth.key`).
    package var privateKeyPEM: String {
        var body: [UInt8] = Array("openssh-key-v1".utf8) + [0]
        Self.append(string: Array("none".utf8), to: &body)
        Self.append(string: Array("none".utf8), to: &body)
        Self.append(string: [], to: &body)
        Self.append(uint32: 1, to: &body)
        Self.append(string: publicBlob, to: &body)
        var section: [UInt8] = []
        let check = UInt32.random(in: .min ... .max)
        Self.append(uint32: check, to: &section)
        Self.append(uint32: check, to: &section)
        Self.append(string: Array(Self.keyType.utf8), to: &section)
        Self.append(string: Array(Self.curve.utf8), to: &section)
        Self.append(string: Array(key.publicKey.x963Representation), to: &section)
        Self.append(string: Self.mpint(Array(key.rawRepresentation)), to: &section)
        Self.append(string: Array(comment.utf8), to: &section)
        var pad: UInt8 = 1
        while section.count % 8 != 0 {
            section.append(pad)
            pad += 1
        }
        Self.append(string: section, to: &body)
        let base64 = Array(Data(body).base64EncodedString().utf8)
        var lines = ["-----BEGIN OPENSSH PRIVATE KEY-----"]
        for start in stride(from: 0, to: base64.count, by: 70) {
            lines.append(String(decoding: base64[start..<min(start + 70, base64.count)], as: UTF8.self))
        }
        lines.append("-----END OPENSSH PRIVATE KEY-----")
        return lines.joined(separator: "\n") + "\n"
    }

    private static func append(uint32 v: UInt32, to b: inout [UInt8]) {
        b += [UInt8(v >> 24), UInt8((v >> 16) & 0xff), UInt8((v >> 8) & 0xff), UInt8(v & 0xff)]
    }

    private static func append(string s: [UInt8], to b: inout [UInt8]) {
        append(uint32: UInt32(s.count), to: &b)
        b += s
    }

    /// A non-negative big-endian integer as an SSH `mpint`: no leading zero bytes, and one zero
    /// byte first when the high bit is set.
    static func mpint(_ bytes: [UInt8]) -> [UInt8] {
        let trimmed = Array(bytes.drop { $0 == 0 })
        guard let first = trimmed.first else { return [] }
        return first & 0x80 != 0 ? [0] + trimmed : trimmed
    }
}
