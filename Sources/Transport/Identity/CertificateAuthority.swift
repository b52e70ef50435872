import Crypto
import Foundation
import SwiftASN1
import X509

/// A key and certificate in PEM, as written to a TLS folder (`tls.key`, `tls.crt`).
package struct IssuedCredential: Sendable, Equatable {
    /// The certificate, PEM.
    package var certificatePEM: String
    /// The PKCS #8 private key, PEM.
    package var privateKeyPEM: String
    /// The certificate's serial number, hex.
    package var serial: String
}

/// A federation's own certificate authority: it signs the server's certificate (for its
/// Service's DNS names) and one client certificate per client (its identity URI in the SAN).
///
/// Keys are P-256 ECDSA from swift-crypto; certificates are X.509 v3 from swift-certificates.
package struct CertificateAuthority: Sendable {
    /// The CA's certificate.
    package let certificate: Certificate
    private let key: P256.Signing.PrivateKey
    /// When the issued certificates start and stop being valid.
    package let notBefore: Date
    package let notAfter: Date

    /// Creates a new CA named after `federation`, valid from `now` for `days`.
    package init(federation: String, now: Date = Date(), days: Int = 365) throws {
        key = P256.Signing.PrivateKey()
        // A little slack for clocks that lag the issuing machine.
        notBefore = now.addingTimeInterval(-300)
        notAfter = now.addingTimeInterval(Double(days) * 86_400)
        let name = try DistinguishedName {
            OrganizationName("kfc")
            CommonName("kfc federation \(federation) CA")
        }
        let signing = Certificate.PrivateKey(key)
        certificate = try Certificate(
            version: .v3, serialNumber: Certificate.SerialNumber(), publicKey: signing.publicKey,
            notValidBefore: notBefore, notValidAfter: notAfter, issuer: name, subject: name,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.isCertificateAuthority(maxPathLength: 0))
                Critical(KeyUsage(keyCertSign: true, cRLSign: true))
                SubjectKeyIdentifier(hash: signing.publicKey)
            },
            issuerPrivateKey: signing)
    }

    /// The CA's certificate, PEM (`ca.crt`).
    package var certificatePEM: String {
        get throws { try certificate.serializeAsPEM().pemString }
    }

    /// The CA's private key, PEM (`ca.key`): needed only to issue more certificates.
    package var privateKeyPEM: String { key.pemRepresentation }

    /// A server certificate for `dnsNames` (the Service's names) and `ipAddresses`.
    package func issueServer(commonName: String, dnsNames: [String], ipAddresses: [[UInt8]] = []) throws
        -> IssuedCredential
    {
        var names = dnsNames.map { GeneralName.dnsName($0) }
        names += ipAddresses.map { GeneralName.ipAddress(ASN1OctetString(contentBytes: $0[...])) }
        return try issue(commonName: commonName, names: names, usage: .serverAuth)
    }

    /// A client certificate whose SAN is the identity URI of `client` in `federation`.
    package func issueClient(federation: String, client: String) throws -> IssuedCredential {
        try issue(
            commonName: client,
            names: [.uniformResourceIdentifier(ClientIdentity.uri(federation: federation, client: client))],
            usage: .clientAuth)
    }

    private func issue(commonName: String, names: [GeneralName], usage: ExtendedKeyUsage.Usage) throws
        -> IssuedCredential
    {
        let leafKey = P256.Signing.PrivateKey()
        let leaf = Certificate.PrivateKey(leafKey)
        let serial = Certificate.SerialNumber()
        let issuerKey = Certificate.PrivateKey(key)
        let cert = try Certificate(
            version: .v3, serialNumber: serial, publicKey: leaf.publicKey, notValidBefore: notBefore,
            notValidAfter: notAfter, issuer: certificate.subject,
            subject: try DistinguishedName {
                OrganizationName("kfc")
                CommonName(commonName)
            },
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                Critical(KeyUsage(digitalSignature: true))
                try ExtendedKeyUsage([usage])
                SubjectAlternativeNames(names)
                AuthorityKeyIdentifier(keyIdentifier: SubjectKeyIdentifier(hash: issuerKey.publicKey).keyIdentifier)
            },
            issuerPrivateKey: issuerKey)
        return IssuedCredential(
            certificatePEM: try cert.serializeAsPEM().pemString, privateKeyPEM: leafKey.pemRepresentation,
            serial: Self.hex(serial))
    }

    /// A serial number as lowercase hex without separators.
    /// (The server computes it for every message it authenticates: no `String(format:)`.)
    package static func hex(_ serial: Certificate.SerialNumber) -> String {
        lowercaseHex(serial.bytes)
    }
}

/// `bytes` as lowercase hex, two digits a byte (certificate serials, plan hashes).
package func lowercaseHex(_ bytes: some Sequence<UInt8>) -> String {
    let digits = Array("0123456789abcdef".utf8)
    var text = [UInt8]()
    text.reserveCapacity(bytes.underestimatedCount * 2)
    for byte in bytes {
        text.append(digits[Int(byte >> 4)])
        text.append(digits[Int(byte & 0x0f)])
    }
    return String(decoding: text, as: UTF8.self)
}
