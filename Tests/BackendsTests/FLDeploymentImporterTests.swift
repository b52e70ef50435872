import Compiler
import Foundation
import KFLang
import Testing

@testable import Backends

@Suite struct FLDeploymentImporterTests {
    static let seed = Validator.repoRoot.deletingLastPathComponent()
        .appendingPathComponent("shared/seed-kubeflower/REASON-6G-kubeflower-operator/flwr-deploy.yaml")

    /// The original hpn-bristol variant (facts from the seed README): replicas, privacy.rate, download.
    static let original = """
        apiVersion: flwr.dev/v1
        kind: FLDeployment
        metadata:
          name: fl-deployment
        spec:
          server:
            image: hpn/flwr-server:latest
            imagePullPolicy: IfNotPresent
            port: 8080
            replicas: 1
          client:
            image: hpn/flwr-client:latest
            port: 30051
            replicas: 5
            dataset:
              download: true
              path: /data/cifar
            privacy:
              budget: 1.5
              rate: 0.01
        """

    func importText(_ text: String, path: String = "fl.yaml") -> (String?, [Diagnostic]) {
        var sources = SourceManager()
        let id = sources.add(path: path, text: text)
        let sink = DiagnosticSink()
        let out = FLDeploymentImporter().importFile(sources[id], sink: sink)
        return (out, sink.sorted())
    }

    /// Compiles `.kf` text with the real compiler and the repository's stdlib.
    func compile(_ text: String) -> (IR.Deployment?, [Diagnostic]) {
        var sources = SourceManager()
        let id = sources.add(path: "imported.kf", text: text)
        let stdlib = Validator.repoRoot.appendingPathComponent("stdlib").path
        let request = CompileRequest(sources: sources, roots: [id], stdlibPath: stdlib) { p in
            FileManager.default.contents(atPath: p.hasPrefix("/") ? p : stdlib + "/" + p).map { [UInt8]($0) }
        }
        let sink = DiagnosticSink()
        let result = Compiler.compile(request, sink: sink)
        return (result.deployment, sink.sorted())
    }

    @Test func seedExampleGivesTenIsolatedClientsThatCompile() throws {
        let text = try String(contentsOf: Self.seed, encoding: .utf8)
        let (kf, diagnostics) = importText(text, path: "flwr-deploy.yaml")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let source = try #require(kf)
        #expect(source.contains("let n = 10"))
        #expect(source.contains("require budget(fl_deployment) <= 0.2"))
        let (ir, errors) = compile(source)
        #expect(errors.filter { $0.severity == .error }.isEmpty, "\(errors)")
        let d = try #require(ir)
        let f = try #require(d.federations.first)
        #expect(f.clients.count == 10)
        #expect(f.rounds == 10)
        #expect(f.privacy?.epsilon == 0.2)
        let zones = Set(f.clients.map(\.zone))
        #expect(zones.count == 10)
        #expect(zones.allSatisfy { z in d.zones.first { $0.name == z }?.isPrivate == true })
        // And it builds into manifests with ten private client subnets.
        let products = Emitter().emit(d, targets: [.k8s, .kubeOVN], sink: DiagnosticSink())
        #expect(products.objects(.job).count == 10)
        #expect(products.objects(.subnet).filter { $0.body.at("spec.private")?.bool == true }.count >= 10)
    }

    @Test func originalVariantReadsReplicasAndDownload() throws {
        let (kf, diagnostics) = importText(Self.original)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let source = try #require(kf)
        #expect(source.contains("let n = 5"))
        #expect(source.contains("egress: true"))
        #expect(!source.contains("no_internet"))
        #expect(source.contains("path: \"/data/cifar/part-\\(i).csv\""))
        #expect(source.contains("image: \"hpn/flwr-client:latest\""))
        #expect(source.contains("spec.client.privacy.rate"))  // listed as not carried over
        let (ir, errors) = compile(source)
        #expect(errors.filter { $0.severity == .error }.isEmpty, "\(errors)")
        #expect(ir?.federations.first?.clients.count == 5)
        #expect(ir?.networks.first?.egress == true)
    }

    @Test func unknownFieldsAreWarningsThatNameThemAtTheirPosition() throws {
        let text = """
            apiVersion: flwr.dev/v1
            kind: FLDeployment
            metadata:
              name: demo
            spec:
              server:
                port: 8080
                gpu: true
              client:
                num_clients: 3
                isolation: false
              tolerations: []
            """
        let (kf, diagnostics) = importText(text)
        #expect(kf?.contains("zone clients { private: true }") == true)
        #expect(kf?.contains("require isolated") == false)
        #expect(diagnostics.map(\.code) == ["KF5002", "KF5002"])
        #expect(
            diagnostics.map(\.message) == [
                "unknown field 'spec.server.gpu' in the FLDeployment is ignored",
                "unknown field 'spec.tolerations' in the FLDeployment is ignored",
            ])
        #expect(diagnostics.first?.primary?.span.line == 8)
        #expect(diagnostics.first?.primary?.span.column == 5)
        #expect(diagnostics.allSatisfy { $0.severity == .warning })
    }

    @Test func badValuesAreErrors() {
        let text = """
            apiVersion: flwr.dev/v1
            kind: FLDeployment
            metadata: {name: demo}
            spec:
              server: {port: 70000}
              client: {num_clients: three}
            """
        let (kf, diagnostics) = importText(text)
        #expect(kf == nil)
        #expect(diagnostics.map(\.code) == ["KF5004", "KF5004"])
        #expect(
            diagnostics.first?.message == "field 'spec.server.port' of the FLDeployment must be an integer in 1...65535"
        )
    }

    @Test func otherDocumentsAreNotFLDeployments() {
        let (kf, diagnostics) = importText("apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\n")
        #expect(kf == nil)
        #expect(diagnostics.map(\.code) == ["KF5003"])
        let (kf2, d2) = importText("kind: FLDeployment\napiVersion: flwr.dev/v2\n")
        #expect(kf2 == nil)
        #expect(d2.map(\.code) == ["KF5003"])
        #expect(importText("a: [\n").1.map(\.code) == ["KF5003"])
    }

    @Test func namesBecomeIdentifiers() {
        #expect(FLDeploymentImporter.identifier("fl-deployment") == "fl_deployment")
        #expect(FLDeploymentImporter.identifier("9lives") == "fl_9lives")
        #expect(FLDeploymentImporter.number(1) == "1.0")
        #expect(FLDeploymentImporter.quote("a\"b") == "\"a\\\"b\"")
    }

    @Test func hostileStringsAreEscapedAndNamesAreSafeIdentifiers() throws {
        // Every string the resource gives tries to end its literal or comment and inject an
        // import and a declaration.
        let payload = #"x\n\"}\nimport \"/etc/passwd.kf\" { a }\nlet injected = 1\n\u001b[31m\r\u2028// \\(n)"#
        let text = """
            apiVersion: flwr.dev/v1
            kind: FLDeployment
            metadata:
              name: "\(payload)"
            spec:
              server:
                image: "\(payload)"
                nodeName: "\(payload)"
              client:
                image: "\(payload)"
                nodeName: "\(payload)"
                num_clients: 2
                dataset:
                  path: "\(payload)"
            """
        let (kf, diagnostics) = importText(text, path: "evil\nimport.yaml")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let out = try #require(kf)
        // The output parses, has exactly the two std imports and no injected declaration.
        var sources = SourceManager()
        let id = sources.add(path: "imported.kf", text: out)
        let sink = DiagnosticSink()
        let tree = Parser.parse(sources[id], sink: sink)
        #expect(!sink.hasErrors, "\(sink.sorted())")
        #expect(tree.imports.count == 2)
        #expect(!out.contains("\nlet injected"))
        #expect(!out.contains("\u{1b}") && !out.contains("\r") && !out.contains("\u{2028}"))
        let (deployment, errors) = compile(out)
        #expect(errors.filter { $0.severity == .error }.isEmpty, "\(errors)")
        let d = try #require(deployment)
        #expect(d.federations.map(\.name) == ["x____import___etc_passwd_kf____a___let_injected___1___31m_______n_"])
        // The strings arrive intact.
        let decoded = "x\n\"}\nimport \"/etc/passwd.kf\" { a }\nlet injected = 1\n\u{1b}[31m\r\u{2028}// \\(n)"
        #expect(d.nodes.filter { $0.hostname == decoded }.count == 3)
    }

    @Test func keywordsAndGeneratedNamesAreNotIdentifiers() {
        #expect(FLDeploymentImporter.identifier("let") == "fl_let")
        #expect(FLDeploymentImporter.identifier("fl-net") == "fl_fl_net")
        #expect(FLDeploymentImporter.identifier("n") == "fl_n")
        #expect(FLDeploymentImporter.identifier("café") == "caf_")
        #expect(FLDeploymentImporter.quote("a\u{1b}b\r") == #""a\u{1b}b\r""#)
    }
}
