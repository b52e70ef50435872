import Compiler
import Foundation
import KFLang
import Privacy
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

    func importText(_ text: String, path: String = "fl.yaml", lossy: Bool = false) -> (String?, [Diagnostic]) {
        var sources = SourceManager()
        let id = sources.add(path: path, text: text)
        let sink = DiagnosticSink()
        let out = FLDeploymentImporter().importFile(sources[id], lossy: lossy, sink: sink)
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
        // The seed's client.port (30051) is not the server's port: an error, a warning with --lossy.
        #expect(importText(text, path: "flwr-deploy.yaml").1.map(\.code) == ["KF5008"])
        let (kf, diagnostics) = importText(text, path: "flwr-deploy.yaml", lossy: true)
        #expect(diagnostics.map(\.code) == ["KF5008"])
        #expect(diagnostics.allSatisfy { $0.severity == .warning })
        let source = try #require(kf)
        #expect(source.contains("/// - spec.client.port: the client port 30051"))
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
        let (kf, diagnostics) = importText(Self.original, lossy: true)
        #expect(
            diagnostics.map(\.message) == [
                "field 'spec.client.port' of the FLDeployment is not carried over: the .kf file lacks the client port 30051 (kfc's clients dial the server on its own port, 8080)",
                "field 'spec.client.privacy.rate' of the FLDeployment is not carried over: the .kf file lacks the privacy rate 0.01 (kfc's sampling rate is batch / records; the rate has no equivalent)",
            ])
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

    @Test func unknownFieldsAreErrorsWithTheClosestField() throws {
        let text = """
            apiVersion: flwr.dev/v1
            kind: FLDeployment
            metadata:
              name: demo
            spec:
              sever:
                port: 8080
              client:
                num_clients: 3
                isolation: false
              tolerations: []
            """
        let (kf, diagnostics) = importText(text, lossy: true)
        #expect(kf == nil)
        #expect(diagnostics.map(\.code) == ["KF5002", "KF5002"])
        #expect(
            diagnostics.map(\.message) == [
                "unknown field 'spec.sever' in the FLDeployment",
                "unknown field 'spec.tolerations' in the FLDeployment",
            ])
        #expect(diagnostics.first?.fixIts.first?.replacement == "server")
        #expect(diagnostics.first?.primary?.span.line == 6)
        #expect(diagnostics.first?.primary?.span.column == 3)
        #expect(diagnostics.allSatisfy { $0.severity == .error })
    }

    @Test func privacyAndNamespaceAreCarriedOver() throws {
        let text = """
            apiVersion: flwr.dev/v1
            kind: FLDeployment
            metadata: {name: demo, namespace: fl-lab}
            spec:
              client:
                num_clients: 2
                privacy: {budget: 0.5}
            """
        let (kf, diagnostics) = importText(text)
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let source = try #require(kf)
        let (ir, errors) = compile(source)
        #expect(errors.filter { $0.severity == .error }.isEmpty, "\(errors)")
        let f = try #require(ir?.federations.first)
        #expect(f.namespace == "fl-lab")
        #expect(f.privacy?.unit == .example)
        #expect(f.privacy?.epsilon == 0.5)
        #expect(ir?.datasets.allSatisfy { $0.budget?.epsilon == 0.5 } == true)
    }

    /// The complete example in examples/ imports with nothing lost and compiles into namespace `fl-lab`.
    @Test func theCompleteExampleImportsFaithfully() throws {
        let url = Validator.repoRoot.appendingPathComponent("examples/kubeflower/fldeployment.yaml")
        let (kf, diagnostics) = importText(try String(contentsOf: url, encoding: .utf8), path: "fldeployment.yaml")
        #expect(diagnostics.isEmpty, "\(diagnostics)")
        let (ir, errors) = compile(try #require(kf))
        #expect(errors.filter { $0.severity == .error }.isEmpty, "\(errors)")
        let f = try #require(ir?.federations.first)
        #expect(f.namespace == "fl-lab")
        #expect(f.clients.count == 4)
        #expect(f.rounds == 10)
        #expect(f.privacy?.epsilon == 0.7)
    }

    @Test func aPrivacyBlockWithoutBudgetIsTheOperatorsDefault() throws {
        let text =
            "apiVersion: flwr.dev/v1\nkind: FLDeployment\nmetadata: {name: d}\nspec:\n  client: {num_clients: 2, privacy: {rate: 1.0}}\n"
        #expect(importText(text).0 == nil)
        let (kf, diagnostics) = importText(text, lossy: true)
        #expect(diagnostics.map(\.code) == ["KF5008"])
        let (ir, _) = compile(try #require(kf))
        #expect(ir?.federations.first?.privacy?.epsilon == 1.0)
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
        let decodedPayload = "x\n\"}\nimport \"/etc/passwd.kf\" { a }\nlet injected = 1\n\u{1b}[31m\r\u{2028}// \\(n)"
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
        // The images arrive intact too, and no kubelet could pull them (KF2039); with pullable
        // images the rest compiles.
        let (_, refused) = compile(out)
        #expect(refused.filter { $0.severity == .error }.map(\.code) == ["KF2039", "KF2039"], "\(refused)")
        let pullable = out.replacingOccurrences(
            of: "image: " + FLDeploymentImporter.quote(decodedPayload), with: "image: \"registry.example.com/fl:1\"")
        let (deployment, errors) = compile(pullable)
        #expect(errors.filter { $0.severity == .error }.isEmpty, "\(errors)")
        let d = try #require(deployment)
        #expect(d.federations.map(\.name) == ["x____import___etc_passwd_kf____a___let_injected___1___31m_______n_"])
        // The strings arrive intact.
        #expect(d.nodes.filter { $0.hostname == decodedPayload }.count == 3)
    }

    @Test func keywordsAndGeneratedNamesAreNotIdentifiers() {
        #expect(FLDeploymentImporter.identifier("let") == "fl_let")
        #expect(FLDeploymentImporter.identifier("fl-net") == "fl_fl_net")
        #expect(FLDeploymentImporter.identifier("n") == "fl_n")
        #expect(FLDeploymentImporter.identifier("café") == "caf_")
        #expect(FLDeploymentImporter.quote("a\u{1b}b\r") == #""a\u{1b}b\r""#)
    }
}
