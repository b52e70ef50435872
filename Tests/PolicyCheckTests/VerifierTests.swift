import Compiler
import Foundation
import KFLang
import Privacy
import Testing
import YAML

@testable import PolicyCheck

/// `kfc verify`'s library half on whole deployments: the built KubeFlower example, the seed's
/// network files, and mutations of the example that each must fail with the right counterexample.
@Suite struct VerifierTests {
    static let example = TestSupport.folder("kubeflower")

    /// The example with one file's text changed.
    static func mutate(_ file: String, _ change: (String) -> String) -> [(String, String)] {
        example.map { $0.0 == "kubeflower/\(file)" ? ($0.0, change($0.1)) : $0 }
    }

    @Test func builtExampleProvesClean() {
        let r = TestSupport.verify(Self.example, strict: true)
        #expect(r.findings.isEmpty, "\(r.text)")
    }

    /// The loader keeps values only: a clean run never reads a file's positions again, and a
    /// finding's positions, read again, are those of the first reading (documents and `List`
    /// items alike).
    @Test func positionsAreReadAgainOnlyForAFinding() throws {
        let (objects, sources, _) = TestSupport.load(Self.example)
        let clean = PolicyPass.verify(objects, against: nil) { _ in nil }
        #expect(clean.findings.isEmpty)
        #expect(objects.allSatisfy { $0.filePositions?.wasRead == false })
        // Nor is a clean file's line table computed.
        #expect(!sources.files.isEmpty && sources.files.allSatisfy { !$0.lineTableIsBuilt })

        let yaml = """
            apiVersion: v1
            kind: Pod
            metadata: {name: p}
            spec: {containers: [{name: c, image: "app:latest"}]}
            ---
            ---
            apiVersion: v1
            kind: List
            items:
            - apiVersion: v1
              kind: ConfigMap
              metadata: {name: a}
            - apiVersion: v1
              kind: ConfigMap
              metadata: {name: b}

            """
        let (read, _, _) = TestSupport.load([("m.yaml", yaml)])
        #expect(read.map(\.name) == ["p", "a", "b"])
        let docs = try YAMLReader().documents(from: yaml)
        #expect(read[0].filePositions?.wasRead == false)
        #expect(read[0].node == docs[0].root)
        #expect(read[0].filePositions?.wasRead == true)
        #expect(read[1].node == docs[2].root["items"]?.items?[0])
        #expect(read[2].node == docs[2].root["items"]?.items?[1])
        #expect(read[2].span(at: ["metadata", "name"]).line == 15)
        let r = TestSupport.verify([("m.yaml", yaml)])
        let pinned = try #require(r.findings.first { $0.diagnostic.code == "KF3107" })
        #expect(pinned.diagnostic.primary?.span.line == 4)
    }

    /// KF3110 reads a container's string words, `command` then `args`: `--insecure` anywhere
    /// after the first `exec`, and the word after `exec` is the role it names.
    @Test(
        arguments: [
            ("command: [kfc]\n    args: [exec, client, --insecure]", "'kfc exec client'"),
            ("command: [kfc, exec]\n    args: [server, 7, --insecure]", "'kfc exec server'"),
            ("args: [exec, --insecure]", "'kfc exec --insecure'"),
            ("args: [--insecure, exec, client]", nil),
            ("args: [run, client, --insecure]", nil),
            ("command: [kfc, exec, client]", nil),
        ] as [(String, String?)])
    func insecureTransportReadsTheWordsAfterExec(_ words: String, _ role: String?) {
        let yaml = """
            apiVersion: v1
            kind: Pod
            metadata: {name: p, namespace: a}
            spec:
              containers:
              - name: c
                image: x@sha256:0000000000000000000000000000000000000000000000000000000000000000
                \(words)
            """
        let found = TestSupport.verify([("m.yaml", yaml)]).findings.filter { $0.diagnostic.code == "KF3110" }
        if let role {
            #expect(
                found.count == 1 && found[0].diagnostic.message.contains(role), "\(found.map(\.diagnostic.message))")
        } else {
            #expect(found.isEmpty, "\(found.map(\.diagnostic.message))")
        }
    }

    @Test func filesReadOnEveryCoreKeepTheirOrderAndTheirDiagnostics() {
        var sources = SourceManager()
        var files: [SourceFile] = []
        for k in 0..<9 {
            let text: String
            switch k % 3 {
            case 0:
                text =
                    "apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c\(k)}\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: s\(k)}\n"
            case 1: text = "a: [unclosed\n"
            default: text = "apiVersion: v1\nkind: ConfigMap\nmetadata: {}\n"
            }
            let id = sources.add(path: "f\(k).yaml", text: text)
            files.append(sources[id])
        }
        let sink = DiagnosticSink()
        let objects = ManifestLoader().load(files, sink: sink)
        #expect(objects.map(\.name) == ["c0", "s0", "c3", "s3", "c6", "s6"])
        #expect(objects.map(\.path) == ["f0.yaml", "f0.yaml", "f3.yaml", "f3.yaml", "f6.yaml", "f6.yaml"])
        // One by one, the same objects and diagnostics in the same order.
        let one = DiagnosticSink()
        let sequential = files.flatMap { ManifestLoader().load($0, sink: one) }
        #expect(sequential.map(\.displayName) == objects.map(\.displayName))
        #expect(sink.diagnostics.map(\.code) == ["KF3001", "KF3002", "KF3001", "KF3002", "KF3001", "KF3002"])
        #expect(sink.diagnostics.map(\.primary?.span.file) == one.diagnostics.map(\.primary?.span.file))
        #expect(sink.diagnostics.map(\.message) == one.diagnostics.map(\.message))
    }

    @Test func handWrittenFederationProvesClean() {
        let r = TestSupport.verify([("federation.yaml", TestSupport.fixture("federation.yaml"))], strict: true)
        #expect(r.findings.isEmpty, "\(r.text)")
    }

    @Test func connectivityMapOfTheExample() {
        let m = NetworkModel(objects: TestSupport.load(Self.example).objects)
        let map = ConnectivityMap(m)
        #expect(map.edges.count == 10)
        #expect(map.edges.allSatisfy { $0.destination == "digits-fl/digits-fl-server" && $0.ports == "TCP:8080" })
        #expect(map.dot().hasPrefix("digraph connectivity {"))
        #expect(map.json().contains("\"flows\""))
    }

    @Test func seedFlawsAreNamed() {
        let r = TestSupport.verify(TestSupport.folder("seed"))
        #expect(r.fails)
        let codes = Set(r.codes)
        // Subnet nw1 and Pod nw1-pod defined twice; nw1's natOutgoing (gateway_test.yaml) lets its
        // pods ping 8.8.8.8; the multi-interface pod bridges ten private subnets; every subnet
        // claims ns1..ns10; no NetworkPolicy anywhere; containers run as root.
        for code in ["KF3003", "KF3012", "KF3022", "KF3021", "KF3100", "KF3101"] {
            #expect(codes.contains(code), "seed: \(code) missing")
        }
        #expect(r.text.contains("Subnet 'nw1' has natOutgoing: true (seed/gateway_test.yaml:"))
        let map = ConnectivityMap(NetworkModel(objects: TestSupport.load(TestSupport.folder("seed")).objects))
        #expect(map.edges.contains { $0.destination == "internet" })
    }

    @Test func openingAClientSubnetFailsUnderStrict() {
        let files = Self.mutate("subnets.yaml") { text in
            // fl-net-site-3 stops being private.
            let r = text.range(of: "name: fl-net-site-3")!
            let p = text.range(of: "private: true", range: r.upperBound..<text.endIndex)!
            return text.replacingCharacters(in: p, with: "private: false")
        }
        let lax = TestSupport.verify(files)
        #expect(!lax.fails && lax.codes.contains("KF3014"))
        let strict = TestSupport.verify(files, strict: true)
        #expect(strict.fails)
        let f = strict.findings.first { $0.diagnostic.code == "KF3014" }
        #expect(f?.diagnostic.message.contains("-> client 'digits-fl/digits-fl-client-3'") == true)
        #expect(f?.diagnostic.notes.contains { $0.contains("Subnet 'fl-net-site-3' is not private") } == true)
    }

    @Test func removingServerIngressBreaksLiveness() {
        let files = Self.mutate("networkpolicies.yaml") { text in
            String(
                text[
                    ..<text.range(
                        of:
                            "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: server-ingress"
                    )!.lowerBound])
        }
        let r = TestSupport.verify(files)
        #expect(r.fails)
        #expect(r.codes.filter { $0 == "KF3010" }.count == 5)  // five shown, the rest counted
        #expect(
            r.text.contains(
                "client 'digits-fl/digits-fl-client-0' cannot reach server 'digits-fl/digits-fl-server' on TCP:8080"))
        #expect(r.text.contains("NetworkPolicy blocks it"))
    }

    @Test func allowingClientToClientFails() {
        let allow = """
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: gossip, namespace: digits-fl}
            spec:
              podSelector: {matchLabels: {kfc.dev/role: client}}
              policyTypes: [Ingress, Egress]
              ingress: [{from: [{podSelector: {matchLabels: {kfc.dev/role: client}}}]}]
              egress: [{to: [{podSelector: {matchLabels: {kfc.dev/role: client}}}]}]

            """
        let npOnly = Self.mutate("networkpolicies.yaml") { $0 + allow }
        #expect(TestSupport.verify(npOnly, strict: true).fails)
        // With the subnets opened as well, both layers let it through: an error without --strict.
        let both = Self.mutate("networkpolicies.yaml") { $0 + allow }.map { f in
            f.0.hasSuffix("subnets.yaml")
                ? (f.0, f.1.replacingOccurrences(of: "private: true", with: "private: false")) : f
        }
        let r = TestSupport.verify(both)
        #expect(r.fails)
        let f = r.findings.first { $0.diagnostic.code == "KF3011" }
        #expect(f != nil)
        #expect(
            f?.diagnostic.notes.contains {
                $0.contains("NetworkPolicy 'digits-fl/gossip' ingress[0] admits pods {kfc.dev/role=client}")
            } == true)
        #expect(f?.diagnostic.notes.contains { $0.hasPrefix("path: 'digits-fl/digits-fl-client-") } == true)
    }

    @Test func addingInternetEgressFails() {
        let egress = """
            ---
            apiVersion: networking.k8s.io/v1
            kind: NetworkPolicy
            metadata: {name: out, namespace: digits-fl}
            spec:
              podSelector: {matchLabels: {kfc.dev/client: "2"}}
              policyTypes: [Egress]
              egress: [{to: [{ipBlock: {cidr: 0.0.0.0/0}}]}]

            """
        let npOnly = Self.mutate("networkpolicies.yaml") { $0 + egress }
        #expect(!TestSupport.verify(npOnly).fails)
        #expect(TestSupport.verify(npOnly, strict: true).fails)
        let routed = npOnly.map { f in
            f.0.hasSuffix("vpcs.yaml")
                ? (f.0, f.1 + "  staticRoutes:\n  - {cidr: 0.0.0.0/0, nextHopIP: 10.18.0.254}\n") : f
        }
        let r = TestSupport.verify(routed)
        #expect(r.fails)
        let f = r.findings.first { $0.diagnostic.code == "KF3012" }
        #expect(f?.diagnostic.message.hasPrefix("'digits-fl/digits-fl-client-2' reaches the internet") == true)
        #expect(
            f?.diagnostic.notes.contains { $0.contains("Vpc 'fl-net' staticRoutes[0] routes 0.0.0.0/0 out") } == true)
    }

    @Test func waiversMarkFindingsWithoutHidingThem() {
        var sources = SourceManager()
        let id = sources.add(
            path: "waivers.txt",
            text:
                "# accepted\nwaive image-pinned because \"pinned by the registry\"\nwaive KF3106\nwaive no-such-rule because \"x\"\n"
        )
        let sink = DiagnosticSink()
        let ws = WaiverParser.parse(sources[id], sink: sink)
        #expect(ws.count == 2)
        #expect(sink.diagnostics.map(\.code) == ["KF3200"])
        let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: app}]}\n"
        let r = TestSupport.verify([("p.yaml", pod)], waivers: ws)
        let waived = r.findings.filter { $0.waiver != nil }
        #expect(waived.map(\.diagnostic.code) == ["KF3107"])
        #expect(waived[0].displayed.severity == .note)
        #expect(r.codes.contains("KF3201"))
    }

    /// KF3107 on images with and without a digest or tag: byte search for ASCII names, and
    /// non-ASCII names (searched by Foundation) read the same way.
    @Test(arguments: [
        ("app", true), ("app:latest", true), ("app:1.0", false), ("r:5000/app", true), ("r:5000/app:2", false),
        ("app@sha256:00", false), ("app:latest@sha256:00", false), ("äpp", true), ("äpp@sha256:00", false),
        ("äpp:1", false), ("app@sha256", true), ("@sha256:", false), ("a@sha25:", false),
    ])
    func imagesArePinnedByTagOrDigest(_ image: String, _ flagged: Bool) {
        let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: '\(image)'}]}\n"
        let r = TestSupport.verify([("p.yaml", pod)])
        #expect(r.findings.contains { $0.diagnostic.code == "KF3107" } == flagged)
    }

    /// The tag read by bytes (ASCII references) is the one read by characters.
    @Test func imageTagsReadByBytesMatchTheReadingByCharacters() {
        for image in [
            "app", "app:1", "r:5000/app", "r:5000/app:2", "a/b/c:d", "a/b:/c", ":", "/", "a:", "app@sha256:00",
            "a:b:c", "", "reg.io:443/ns/app:v1.2-rc", "x/:y", "a:1/", "r:5000/app:2//",
        ] {
            let last = image.split(separator: "/").last.map(String.init) ?? image
            let expected = last.lastIndex(of: ":").map { String(last[last.index(after: $0)...]) }
            #expect(ImagePinnedRule.tag(of: image).map(String.init) == expected, "\(image)")
        }
        #expect(ImagePinnedRule.tag(of: "äpp:1") == "1")
        #expect(ImagePinnedRule.tag(of: "äpp") == nil)
    }

    @Test func jqRulesReportEachString() {
        let span = Span(file: FileID(0), start: 0, end: 1, line: 1, column: 1)
        let rule = JQRuleCheck(
            name: "no-default-ns",
            program:
                #".[] | select(.metadata.namespace == null and .kind == "Pod") | "pod '\(.metadata.name)' has no namespace""#,
            span: span)
        let broken = JQRuleCheck(name: "broken", program: ".[] | (", span: span)
        let notString = JQRuleCheck(name: "numbers", program: "1", span: span)
        let pod = "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: \"a:1\"}]}\n"
        let r = TestSupport.verify([("p.yaml", pod)], jq: [rule, broken, notString])
        #expect(
            r.findings.contains {
                $0.diagnostic.code == "KF4001" && $0.diagnostic.message == "no-default-ns: pod 'p' has no namespace"
            })
        #expect(r.codes.contains("KF4002") && r.codes.contains("KF4003"))
    }

    @Test func reportFormats() throws {
        let pod =
            "apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: {containers: [{name: c, image: \"a:latest\"}]}\n"
        let r = TestSupport.verify([("p.yaml", pod)])
        let sarif = try #require(
            try JSONSerialization.jsonObject(with: Data(r.sarif(toolVersion: "0.1.0").utf8)) as? [String: Any])
        #expect(sarif["version"] as? String == "2.1.0")
        let results = ((sarif["runs"] as? [[String: Any]])?.first?["results"] as? [[String: Any]]) ?? []
        #expect(results.count == r.findings.count)
        let junit = r.junit()
        #expect(junit.contains("<failure type=\"KF3107\""))
        #expect(junit.contains("<testcase classname=\"kfc.client-isolation\" name=\"client-isolation\"/>"))
        #expect(r.github().contains("::error file=p.yaml,line=4,col="))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.json().utf8)) as? [String: Any])
        #expect((json["summary"] as? [String: Int])?["errors"] == r.errorCount)
    }

    @Test func aGeneratedFederationOfManyClientsProvesClean() {
        // The bench's shape at a size a unit test can afford; speed is measured in bench/policy.
        var yaml = TestSupport.fixture("federation.yaml")
        let clientDoc = yaml[
            yaml.range(of: "---\napiVersion: batch/v1\nkind: Job\nmetadata:\n  name: client-2")!
                .lowerBound..<yaml.range(of: "---\napiVersion: networking.k8s.io/v1")!.lowerBound]
        var extra = ""
        var allow: [String] = []
        for i in 3..<300 {
            let block = "10.19.\(i / 16).\((i % 16) * 16)/28"
            allow.append(block)
            extra +=
                "---\napiVersion: kubeovn.io/v1\nkind: Subnet\nmetadata:\n  name: fl-net-site-\(i)\nspec:\n  vpc: fl-net\n  cidrBlock: \(block)\n  private: true\n  allowSubnets: [10.18.0.0/28]\n"
            extra += clientDoc.replacingOccurrences(of: "client-2", with: "client-\(i)").replacingOccurrences(
                of: "\"2\"", with: "\"\(i)\""
            )
            .replacingOccurrences(of: "fl-net-site-2", with: "fl-net-site-\(i)").replacingOccurrences(
                of: "digits-2", with: "digits-\(i)")
        }
        yaml = yaml.replacingOccurrences(
            of: "allowSubnets: [10.18.0.16/28, 10.18.0.32/28, 10.18.0.48/28]",
            with: "allowSubnets: [10.18.0.16/28, 10.18.0.32/28, 10.18.0.48/28, \(allow.joined(separator: ", "))]")
        let r = TestSupport.verify([("big.yaml", yaml + extra)], strict: true)
        #expect(r.findings.isEmpty, "\(r.text)")
        let m = NetworkModel(objects: TestSupport.load([("big.yaml", yaml + extra)]).objects)
        #expect(Federation.all(in: m).first?.clients.count == 300)
    }
}

/// The policy pass on objects built in memory (what `kfc check` and `kfc build` prove).
@Suite struct PolicyPassTests {
    static func inMemory(_ files: [(String, String)]) -> [ManifestObject] {
        TestSupport.load(files).objects.map {
            ManifestObject(file: PolicyPass.emittedFile, path: "<emitted>", value: $0.value)
        }
    }

    static func verify(_ objects: [ManifestObject], _ d: IR.Deployment? = nil) -> PolicyPass.Result {
        PolicyPass.verify(objects, against: d) { _ in nil }
    }

    @Test func theBuiltExamplePasses() {
        let r = Self.verify(Self.inMemory(VerifierTests.example))
        #expect(r.findings.isEmpty, "\(r.findings.map(\.diagnostic.message))")
    }

    /// IR policy entries, decoded from their JSON form (the IR's own schema).
    static func decode<T: Decodable>(_ json: String) -> T { try! JSONDecoder().decode(T.self, from: Data(json.utf8)) }

    @Test func emittedObjectsRunPolicyRulesAndWaivers() {
        let objects = Self.inMemory(VerifierTests.example)
        var d = IR.Deployment()
        d.policy.rules = [
            Self.decode(
                #"{"name": "ttl", "jq": ".[] | select(.kind == \"Job\") | \"job has no ttl\"", "on": "manifests", "origin": {"file": "t.kf", "line": 3, "column": 3}}"#
            )
        ]
        let failing = Self.verify(objects, d).findings.filter(\.isFailure)
        #expect(!failing.isEmpty && failing.allSatisfy { $0.diagnostic.code == "KF4001" })
        #expect(failing.allSatisfy { $0.diagnostic.location == nil && $0.diagnostic.primary == nil })
        d.policy.waivers = [
            Self.decode(
                #"{"rule": "ttl", "reason": "cleaned by the operator", "origin": {"file": "t.kf", "line": 4, "column": 3}}"#
            )
        ]
        #expect(!Self.verify(objects, d).failed)
    }

    @Test func aFindingOnAnEmittedObjectNamesItOrMovesToItsSource() {
        let broken = VerifierTests.mutate("networkpolicies.yaml") { text in
            String(
                text[
                    ..<text.range(
                        of:
                            "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata:\n  name: server-ingress"
                    )!.lowerBound])
        }
        let failing = Self.verify(Self.inMemory(broken)).findings.filter(\.isFailure).map(\.diagnostic)
        #expect(!failing.isEmpty && failing.allSatisfy { $0.code == "KF3010" })
        // Without a `kfc.dev/source` annotation the finding names the object; with one it moves there.
        #expect(failing.allSatisfy { $0.primary == nil && $0.notes[0].hasPrefix("in the emitted object Job/") })
        let annotated = Self.inMemory(broken).map { o -> ManifestObject in
            guard o.kind == "Job", case .mapping(var root) = o.value, case .mapping(var meta)? = root["metadata"] else {
                return o
            }
            meta.append("annotations", .mapping(["kfc.dev/source": "fl.kf:12:3"]))
            root["metadata"] = .mapping(meta)
            return ManifestObject(file: PolicyPass.emittedFile, path: "<emitted>", value: .mapping(root))
        }
        let located = Self.verify(annotated).findings.filter(\.isFailure).map(\.diagnostic)
        #expect(
            !located.isEmpty && located.allSatisfy { $0.location == SourceLocation(path: "fl.kf", line: 12, column: 3) }
        )
    }
}

/// The privacy-budget proof on IR built by hand.
@Suite struct PrivacyBudgetCheckTests {
    static func deployment(noise: Double?, epsilon: Double = 0.7, datasetBudget: Double? = nil, federations: Int = 1)
        -> IR.Deployment
    {
        var d = IR.Deployment()
        d.datasets = [
            IR.Dataset(
                name: "data", k8sName: "data", path: "/d", node: "n", records: 180,
                budget: datasetBudget.map { IR.Budget(epsilon: $0, delta: 1e-5) })
        ]
        let res = IR.Resources(cpuRequestMillis: 1, cpuLimitMillis: 1, memoryRequestBytes: 1, memoryLimitBytes: 1)
        for k in 0..<federations {
            let client = IR.Client(
                name: "f\(k).client[0]", id: 0, k8sName: "c", zone: "z", node: "n", dataset: "data",
                train: IR.Training(epochs: 1, batch: 32, lr: 0.05), image: "i:1", resources: res)
            d.federations.append(
                IR.Federation(
                    name: "f\(k)", namespace: "f\(k)", model: IR.Component(kind: .mlp, params: [:]),
                    strategy: IR.Component(kind: .fedavg, params: [:]), rounds: 10, minClients: 1, fractionFit: 1,
                    server: IR.Server(
                        k8sName: "s", zone: "z", node: "n", port: 8080, address: "10.0.0.2", image: "i:1",
                        resources: res),
                    clients: [client],
                    privacy: IR.Privacy(unit: .example, epsilon: epsilon, delta: 1e-5, clip: 1, noise: noise)))
        }
        return d
    }

    /// A replica's group is the text before its first `[`, in ASCII names by bytes and in any
    /// other by characters (a `[` with a combining mark is another character).
    @Test func replicasNameTheirGroup() {
        #expect(PrivacyBudgetCheck.group(of: "digits[3]") == "digits")
        #expect(PrivacyBudgetCheck.group(of: "a[1][2]") == "a" && PrivacyBudgetCheck.group(of: "[0]") == "")
        #expect(PrivacyBudgetCheck.group(of: "digits") == nil)
        #expect(PrivacyBudgetCheck.group(of: "dätä[1]") == "dätä")
        #expect(PrivacyBudgetCheck.group(of: "x[\u{301}1]") == nil)
    }

    /// Compositions are one key exactly when every input is the same: the uses as a multiset,
    /// numbers by their bits (so 0.0 and -0.0, equal as numbers, are two keys).
    @Test func compositionsAreKeyedByTheirInputs() {
        typealias C = PrivacyBudgetCheck.Composition
        let a = C.Part(q: 0.1, sigma: 1.5, steps: 10), b = C.Part(q: 0.2, sigma: 1.5, steps: 10)
        #expect(C(uses: [a, b], delta: 1e-5, accountant: .rdp) == C(uses: [b, a], delta: 1e-5, accountant: .rdp))
        #expect(C(uses: [a, b], delta: 1e-5, accountant: .rdp) != C(uses: [a, a], delta: 1e-5, accountant: .rdp))
        #expect(C(uses: [a], delta: 1e-5, accountant: .rdp) != C(uses: [a], delta: 1e-5, accountant: .pld))
        #expect(C(uses: [a], delta: 1e-5, accountant: .rdp) != C(uses: [a], delta: 1e-6, accountant: .rdp))
        #expect(C.Part(q: 0.0, sigma: 1, steps: 1) != C.Part(q: -0.0, sigma: 1, steps: 1))
    }

    @Test func autoNoiseIsSolvedAndFits() throws {
        let r = PrivacyBudgetCheck.prove(Self.deployment(noise: nil)) { _ in nil }
        #expect(r.diagnostics.isEmpty)
        let sigma = try #require(r.deployment.federations[0].privacy?.solvedNoise)
        #expect(sigma > 1 && sigma < 100)
        #expect(try #require(r.federationEpsilon["f0"]) <= 0.7)
    }

    @Test func fixedNoiseThatDoesNotFitNamesTheNoiseThatWould() {
        let r = PrivacyBudgetCheck.prove(Self.deployment(noise: 0.5)) { _ in nil }
        #expect(r.diagnostics.map(\.code) == ["KF3030"])
        #expect(r.diagnostics[0].helps.first?.hasPrefix("noise ") == true)
    }

    @Test func datasetReuseComposes() {
        let r = PrivacyBudgetCheck.prove(Self.deployment(noise: nil, datasetBudget: 1.0, federations: 2)) { _ in nil }
        #expect(r.diagnostics.map(\.code) == ["KF3031"])
        #expect((r.datasetEpsilon["data"] ?? 0) > 1.0)
        let one = PrivacyBudgetCheck.prove(Self.deployment(noise: nil, datasetBudget: 1.0)) { _ in nil }
        #expect(one.diagnostics.isEmpty)
    }

    /// ε is what the declared accountant says: PLD's (tighter) for `pld`, RDP's for `rdp`.
    @Test func theDeclaredAccountantJudges() throws {
        var pld = Self.deployment(noise: 5, epsilon: 100)
        pld.federations[0].privacy?.accountant = .pld
        let rdp = Self.deployment(noise: 5, epsilon: 100)
        let byPLD = try #require(PrivacyBudgetCheck.prove(pld) { _ in nil }.federationEpsilon["f0"])
        let byRDP = try #require(PrivacyBudgetCheck.prove(rdp) { _ in nil }.federationEpsilon["f0"])
        // kfc budget --sampling-rate 0.17777777777777778 --noise-multiplier 5 --steps 60 --delta 1e-5
        // gives 1.1902229196530625 (rdp) and 1.0827985748454059 (pld).
        #expect(abs(byRDP - 1.1902229196530625) < 1e-12)
        #expect(abs(byPLD - 1.0827985748454059) < 1e-12)
    }

    /// Without a privacy block: ε = ∞ for the federation and its data; KF3034 when the data has a budget.
    @Test func noPrivacyBlockSpendsInfinity() {
        var d = Self.deployment(noise: nil, datasetBudget: 1.0)
        d.federations[0].privacy = nil
        d.policy.requirements = [
            IR.Requirement(
                kind: "budget", subjects: ["f0", "data"], subjectKinds: [.federation, .datasets], bound: 1e9)
        ]
        let r = PrivacyBudgetCheck.prove(d) { _ in nil }
        #expect(r.diagnostics.map(\.code) == ["KF3034", "KF3032", "KF3032"])
        #expect(r.federationEpsilon["f0"] == .infinity && r.datasetEpsilon["data"] == .infinity)
        #expect(
            r.diagnostics[0].helps == [
                "add a privacy block to 'f0', e.g. privacy { unit: example, epsilon: 1, delta: 1e-5, noise: auto }"
            ])
        // Unbudgeted data may be read without DP; only a budget requirement on it fails.
        var free = Self.deployment(noise: nil)
        free.federations[0].privacy = nil
        #expect(PrivacyBudgetCheck.prove(free) { _ in nil }.diagnostics.isEmpty)
    }
}
