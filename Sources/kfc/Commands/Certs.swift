import ArgumentParser
import Backends
import Compiler
import Foundation
import KFLang
import Transport

/// `kfc certs FILE -o DIR`: a certificate authority per federation, the server's certificate
/// and one certificate per client, and the commands that turn them into Secrets.
struct Certs: KFCCommand, GlobalOptionsCommand {
    static let configuration = CommandConfiguration(
        commandName: "certs",
        abstract: "Make the certificates and keys of each federation's mutual TLS.",
        discussion: """
            For each federation, writes into DIR/<federation>/: ca.crt and ca.key (the federation's \
            own CA), server/ (its certificate names the Service and the server's address) and \
            clients/<id>/ (the client's id in the SAN), each with ca.crt, tls.crt and tls.key; \
            kustomization.yaml (a secretGenerator of the Secrets the manifests reference) and \
            create-secrets.sh (the same as kubectl create secret commands). For a federation that \
            runs a Flower app, each client also gets auth.key and auth.pub (its SuperNode's \
            ECDSA P-256 key pair, OpenSSH format; auth.key joins its Secret), and \
            register-supernodes.sh registers the public keys with the SuperLink. Keep DIR out of \
            version control and out of the manifests folder: it holds private keys.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var compile: CompileOptions

    @Option(name: .shortAndLong, help: ArgumentHelp("Write the certificates under this folder.", valueName: "dir"))
    var output: String

    @Option(help: "Make certificates valid for this many days.")
    var days: Int = 365

    @Argument(help: "The .kf file whose federations get certificates.")
    var path: String

    func execute(_ ctx: Context) throws -> Int32 {
        guard days > 0 else { throw UsageError("--days must be positive") }
        let sink = DiagnosticSink()
        let (sources, deployments) = try CompileSession(ctx: ctx, options: compile).run([path], sink: sink)
        let printer = DiagnosticPrinter(ctx: ctx, options: global)
        guard !sink.hasErrors, let d = deployments.first?.deployment else {
            return printer.finish(sink, sources: sources)
        }
        let code = printer.finish(sink, sources: sources)
        guard code == KFCExit.ok else { return code }
        guard !d.federations.isEmpty else { throw UsageError("'\(path)' declares no federation") }
        let root = ctx.absolutePath(output)
        if FileManager.default.fileExists(atPath: (root as NSString).appendingPathComponent("kustomization.yaml")) {
            throw UsageError(
                "'\(output)' holds a kustomization.yaml; write the keys to a folder of their own, not the manifests folder"
            )
        }
        for f in d.federations {
            let dir = (root as NSString).appendingPathComponent(f.name)
            do {
                try CertificateFiles.write(federation: f, to: dir, days: days)
            } catch {
                ctx.err("error: cannot write the certificates of '\(f.name)' to '\(dir)': \(error)\n")
                return KFCExit.inputError
            }
            ctx.err("certificates: \((output as NSString).appendingPathComponent(f.name))\n")
        }
        return KFCExit.ok
    }
}

/// The files `kfc certs` writes for one federation.
enum CertificateFiles {
    /// Issues and writes the CA, the server's and every client's credentials under `dir`.
    static func write(federation f: IR.Federation, to dir: String, days: Int) throws {
        let ca = try CertificateAuthority(federation: f.name, days: days)
        let caPEM = try ca.certificatePEM
        let fm = FileManager.default
        try fm.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try Data(caPEM.utf8).write(to: URL(fileURLWithPath: (dir as NSString).appendingPathComponent("ca.crt")))
        let caKey = (dir as NSString).appendingPathComponent("ca.key")
        _ = fm.createFile(atPath: caKey, contents: nil, attributes: [.posixPermissions: 0o600])
        try Data(ca.privateKeyPEM.utf8).write(to: URL(fileURLWithPath: caKey))
        var addresses = IPv4.bytes(f.server.address).map { [$0] } ?? []
        // A SuperLink's own SuperExec dials it on 127.0.0.1 over TLS and checks the name.
        if f.flower != nil { addresses.append([127, 0, 0, 1]) }
        try TLSFolder.write(
            to: (dir as NSString).appendingPathComponent("server"), caPEM: caPEM,
            credential: try ca.issueServer(
                commonName: f.server.k8sName, dnsNames: TLSSecrets.serviceNames(f), ipAddresses: addresses))
        var secrets: [(name: String, folder: String, files: [String])] = []
        let files = [TLSFolder.caFile, TLSFolder.certificateFile, TLSFolder.keyFile]
        secrets.append((TLSSecrets.server(f.server), "server", files))
        var register = """
            #!/bin/sh
            # Registers the SuperNodes of federation '\(f.name)' with its SuperLink, once it is up.
            # Usage: register-supernodes.sh [CONNECTION] (default '\(f.namespace)', an entry of
            # Flower's config.toml: see \(f.namespace).flwr-connection.toml in the build's folder).
            set -eu
            cd "$(dirname "$0")"
            connection="${1:-\(f.namespace)}"

            """
        for c in f.clients.sorted(by: { $0.id < $1.id }) {
            let folder = "clients/\(c.id)"
            let path = (dir as NSString).appendingPathComponent(folder)
            try TLSFolder.write(
                to: path, caPEM: caPEM, credential: try ca.issueClient(federation: f.name, client: String(c.id)))
            guard f.flower != nil else {
                secrets.append((TLSSecrets.client(c), folder, files))
                continue
            }
            // A Flower SuperNode authenticates with a key pair of its own, registered by its public key.
            let pair = SSHKeyPair(comment: "\(f.name)-client-\(c.id)")
            let key = (path as NSString).appendingPathComponent(FlowerEmitter.authKeyFile)
            _ = fm.createFile(atPath: key, contents: nil, attributes: [.posixPermissions: 0o600])
            try Data(pair.privateKeyPEM.utf8).write(to: URL(fileURLWithPath: key))
            try Data(pair.publicKeyLine.utf8).write(
                to: URL(fileURLWithPath: (path as NSString).appendingPathComponent(FlowerEmitter.authPublicKeyFile)))
            secrets.append((TLSSecrets.client(c), folder, files + [FlowerEmitter.authKeyFile]))
            register += "flwr supernode register \(folder)/\(FlowerEmitter.authPublicKeyFile) \"$connection\"\n"
        }
        if f.flower != nil {
            let registerPath = (dir as NSString).appendingPathComponent("register-supernodes.sh")
            try Data(register.utf8).write(to: URL(fileURLWithPath: registerPath))
            try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: registerPath)
        }
        var kustomization = """
            # Secrets of federation '\(f.name)' made by `kfc certs`. Holds private keys: do not commit.
            # Apply with: kubectl apply -k .
            apiVersion: kustomize.config.k8s.io/v1beta1
            kind: Kustomization
            namespace: \(f.namespace)
            generatorOptions:
              disableNameSuffixHash: true
            secretGenerator:

            """
        var script = """
            #!/bin/sh
            # Creates the Secrets of federation '\(f.name)' made by `kfc certs`.
            set -eu
            cd "$(dirname "$0")"

            """
        for s in secrets {
            kustomization += "  - name: \(s.name)\n    type: Opaque\n    files:\n"
            for file in s.files { kustomization += "      - \(file)=\(s.folder)/\(file)\n" }
            script +=
                "kubectl -n \(f.namespace) create secret generic \(s.name) "
                + s.files.map { "--from-file=\($0)=\(s.folder)/\($0)" }.joined(separator: " ") + "\n"
        }
        try Data(kustomization.utf8).write(
            to: URL(fileURLWithPath: (dir as NSString).appendingPathComponent("kustomization.yaml")))
        let scriptPath = (dir as NSString).appendingPathComponent("create-secrets.sh")
        try Data(script.utf8).write(to: URL(fileURLWithPath: scriptPath))
        try fm.setAttributes([.posixPermissions: 0o755], ofItemAtPath: scriptPath)
    }
}

/// Dotted IPv4 addresses.
enum IPv4 {
    /// The four bytes of `text`, or nil if it is not a dotted IPv4 address.
    static func bytes(_ text: String) -> [UInt8]? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        let bytes = parts.compactMap { UInt8($0) }
        return bytes.count == 4 ? bytes : nil
    }
}
