import Testing

@testable import PolicyCheck

/// Objects the API server would reject are errors in `kfc verify`, and the model never reads
/// them as matching nothing: an unreadable peer, port or `allowSubnets` entry may admit
/// everything (so no isolation is proved through it) and surely admits nothing.
@Suite struct RejectedFieldTests {
    typealias M = NetworkModelTests

    func ports(_ m: NetworkModel, _ s: String, _ d: String, mode: FlowMode) -> PortSet {
        m.flow(from: TestSupport.endpoint(m, s), to: TestSupport.endpoint(m, d), mode: mode).ports
    }

    /// Default deny plus an ingress rule whose peer or port is `rule`.
    func isolated(by rule: String) -> NetworkModel {
        TestSupport.model(
            M.pod("p") + M.pod("q", labels: "{app: q}")
                + M.policy("deny", "{podSelector: {}, policyTypes: [Ingress, Egress]}")
                + M.policy("egress", "{podSelector: {}, policyTypes: [Egress], egress: [{}]}")
                + M.policy("in", "{podSelector: {matchLabels: {app: q}}, policyTypes: [Ingress], ingress: [\(rule)]}"))
    }

    @Test(arguments: [
        "{from: [{ipBlock: {cidr: 10.0.0.0/33}}]}",
        "{from: [{ipBlock: {cidr: not a cidr}}]}",
        "{from: [{ipBlock: {cidr: 0.0.0.0/0, except: [10.0.0.0/40]}}]}",
        "{from: [{podSelector: {}}], ports: [{port: 0}]}",
        "{from: [{podSelector: {}}], ports: [{port: 65536}]}",
        "{from: [{podSelector: {}}], ports: [{port: 8000, endPort: 7000}]}",
        // Selectors the API server refuses: a label value that is not Kubernetes syntax (the
        // Kelvin sign, which Swift compares equal to K), a key with a space, an unknown operator.
        "{from: [{podSelector: {matchLabels: {app: \"\\u212A\"}}}]}",
        "{from: [{namespaceSelector: {matchLabels: {\"bad key\": x}}}]}",
        "{from: [{podSelector: {matchExpressions: [{key: app, operator: Has, values: [q]}]}}]}",
        // Selectors of a shape the API server does not decode or accepts nowhere: a missing
        // key, a label value that is a number, a boolean or null, lists and mappings where the
        // other is expected, In without values, Exists with values.
        "{from: [{podSelector: {matchExpressions: [{operator: Exists}]}}]}",
        "{from: [{podSelector: {matchLabels: {app: 5}}}]}",
        "{from: [{podSelector: {matchLabels: {app: null}}}]}",
        "{from: [{podSelector: {matchLabels: \"app=q\"}}]}",
        "{from: [{podSelector: {matchExpressions: {key: app, operator: Exists}}}]}",
        "{from: [{podSelector: {matchExpressions: [app]}}]}",
        "{from: [{podSelector: {matchExpressions: [{key: app, operator: In, values: [true]}]}}]}",
        "{from: [{podSelector: {matchExpressions: [{key: app, operator: In, values: q}]}}]}",
        "{from: [{podSelector: {matchExpressions: [{key: app, operator: In}]}}]}",
        "{from: [{podSelector: {matchExpressions: [{key: app, operator: Exists, values: [q]}]}}]}",
        "{from: [{namespaceSelector: [app]}]}",
        // Peers the API server refuses: none of the three fields (null is none), or an ipBlock
        // beside a selector.
        "{from: [{podSelector: null}]}",
        "{from: [{}]}",
        "{from: [{ipBlock: {cidr: 10.0.0.0/8}, podSelector: {}}]}",
        // Peers and ports that are not lists.
        "{from: {podSelector: {}}}",
        "{from: [{podSelector: {}}], ports: {port: 80}}",
        "{from: [{podSelector: {}}], ports: {protocol: UDP, port: 53}}",
        // Port names the API server refuses: the policy would not exist, so the rule is no
        // named port that matches nothing.
        "{from: [{podSelector: {}}], ports: [{port: \"Not A Name!\"}]}",
        "{from: [{podSelector: {}}], ports: [{port: \"80\"}]}",
        "{from: [{podSelector: {}}], ports: [{port: http--alt}]}",
    ])
    func anUnreadableRuleMayAdmitEverythingAndSurelyAdmitsNothing(_ rule: String) {
        let m = isolated(by: rule)
        #expect(!ports(m, "a/p", "a/q", mode: .may).isEmpty, "isolation proved through a rejected rule")
        #expect(ports(m, "a/p", "a/q", mode: .must).isEmpty)
        let findings = APIValidationCheck.run(CheckContext(model: m, strict: false, maxExamples: 3))
        #expect(findings.count == 1 && findings[0].diagnostic.code == "KF3017", "\(findings.map(\.diagnostic))")
        #expect(findings.allSatisfy { $0.diagnostic.severity == .error && $0.diagnostic.primary != nil })
    }

    @Test func aPolicyWhoseSelectorTheAPIServerRefusesIsolatesNoPod() {
        // Kubernetes compares labels by their bytes and refuses the Kelvin sign in a label: the
        // policy would not exist, and would not select the pod labelled `K` if it did.
        let m = TestSupport.model(
            M.pod("p", labels: "{app: K}") + M.pod("q", labels: "{app: q}")
                + M.policy("deny", "{podSelector: {matchLabels: {app: \"\\u212A\"}}, policyTypes: [Ingress, Egress]}"))
        #expect(!ports(m, "a/q", "a/p", mode: .may).isEmpty, "isolation proved through a refused selector")
        let findings = APIValidationCheck.run(CheckContext(model: m, strict: false, maxExamples: 3))
        #expect(findings.map(\.diagnostic.code) == ["KF3017"])
        #expect(findings.first?.diagnostic.message.contains("spec.podSelector.matchLabels.app '\\u{212A}'") == true)
    }

    @Test(arguments: [
        "{matchLabels: {app: null}}", "{matchLabels: \"app=K\"}", "{matchExpressions: \"app\"}",
        "{matchExpressions: [{key: app, operator: In, values: []}]}", "{matchExpressions: [{operator: DoesNotExist}]}",
        "[app]",
    ])
    func aPolicySelectingPodsThroughARefusedSelectorIsolatesNone(_ selector: String) {
        // Each once read as selecting every pod (or, for In without values, none) while the
        // API server refuses the policy; now each is reported and selects nothing.
        let m = TestSupport.model(
            M.pod("p", labels: "{app: K}") + M.pod("q", labels: "{app: q}")
                + M.policy("deny", "{podSelector: \(selector), policyTypes: [Ingress, Egress]}"))
        #expect(!ports(m, "a/q", "a/p", mode: .may).isEmpty, "isolation proved through a refused selector")
        #expect(!ports(m, "a/p", "a/q", mode: .must).isEmpty)
        let findings = APIValidationCheck.run(CheckContext(model: m, strict: false, maxExamples: 3))
        #expect(findings.count == 1 && findings[0].diagnostic.code == "KF3017", "\(findings.map(\.diagnostic))")
    }

    @Test func aNullSelectorIsTheEmptyOneAndANullPeerFieldIsNone() {
        // The API server decodes `podSelector: null` as the empty selector (every pod) and a
        // peer's `ipBlock: null` as no ipBlock: neither is reported, and the model reads the same.
        let m = TestSupport.model(
            M.pod("p") + M.pod("q", labels: "{app: q}")
                + M.policy("deny", "{podSelector: null, policyTypes: [Ingress, Egress]}")
                + M.policy(
                    "in",
                    "{podSelector: {matchLabels: {app: q}, matchExpressions: null}, policyTypes: [Ingress], ingress: [{from: [{podSelector: {matchLabels: {app: x}}, ipBlock: null}]}]}"
                ))
        #expect(APIValidationCheck.run(CheckContext(model: m, strict: false, maxExamples: 3)).isEmpty)
        #expect(ports(m, "a/p", "a/q", mode: .may).isEmpty)
        #expect(ports(m, "a/q", "a/p", mode: .may).isEmpty)
    }

    @Test func portsThatAreNotAListMayBeAnyProtocol() {
        let m = isolated(by: "{from: [{podSelector: {}}], ports: {protocol: UDP, port: 53}}")
        let may = ports(m, "a/p", "a/q", mode: .may)
        #expect(TransportProtocol.allCases.allSatisfy { !may.intersection(PortSet($0, 1...65535)).isEmpty }, "\(may)")
    }

    @Test(
        arguments: [
            ("{app: \"\\u212A\"}", "app"), ("{tier: 1}", "tier"), ("{on: true}", "on"), ("{app: null}", "app"),
            ("{\"Team/x\": a}", "Team/x"), ("{app: \"-x\"}", "app"), ("\"app=x\"", nil),
        ] as [(String, String?)])
    func labelsTheAPIServerRefusesAreReportedOnEveryObjectAndTemplate(_ labels: String, _ key: String?) {
        let m = TestSupport.model(
            M.pod("p", labels: labels)
                + "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c, namespace: a, labels: \(labels)}\n")
        let findings = APIValidationCheck.run(CheckContext(model: m, strict: false, maxExamples: 3))
            .filter { $0.diagnostic.code == "KF3024" }
        #expect(findings.count == 2, "\(findings.map(\.diagnostic.message))")
        #expect(findings.allSatisfy { $0.diagnostic.severity == .error })
        if let key {
            #expect(
                findings.allSatisfy { $0.diagnostic.message.contains(key) }, "\(findings.map(\.diagnostic.message))")
        }
    }

    /// Long keys found valid are remembered by address; a different key, valid or not, is
    /// still judged on its own, in every object.
    @Test func rememberedKeysDoNotHideOthers() {
        let objects = (0..<3).map { i in
            "---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: c\(i), namespace: a, labels: {app.kubernetes.io/name: x, app.kubernetes.io/NAME_: w, app.kubernetes.io/part-of: z}}\n"
        }
        let m = TestSupport.model(objects.joined())
        let findings = APIValidationCheck.run(CheckContext(model: m, strict: false, maxExamples: 3))
        #expect(
            findings.map(\.diagnostic.code) == ["KF3024", "KF3024", "KF3024"], "\(findings.map(\.diagnostic.message))")
        #expect(findings.allSatisfy { $0.diagnostic.message.contains("NAME_") })
    }

    @Test func labelsOfAWorkloadTemplateAreChecked() {
        let job = """
            ---
            apiVersion: batch/v1
            kind: Job
            metadata: {name: j, namespace: a, labels: {app: ok}}
            spec:
              template:
                metadata: {labels: {app: "\\u212A"}}
                spec: {containers: [{name: c, image: x}]}

            """
        let m = TestSupport.model(job)
        let findings = APIValidationCheck.run(CheckContext(model: m, strict: false, maxExamples: 3))
        #expect(findings.map(\.diagnostic.code) == ["KF3024"])
        #expect(findings.first?.diagnostic.message.contains("spec.template.metadata.labels.app '\\u{212A}'") == true)
    }

    @Test func pathsShowKeysOutsideASCIIEscaped() {
        #expect(YAMLDifference.describe(["metadata", "labels", .key("app")]) == "metadata.labels.app")
        #expect(YAMLDifference.describe(["metadata", "labels", .key("\u{212A}")]) == "metadata.labels[\"\\u{212A}\"]")
        #expect(YAMLDifference.describe(["labels", .key("caf\u{E9}")]) == "labels[\"caf\\u{E9}\"]")
        #expect(YAMLDifference.describe(["labels", .key("a/b")]) == "labels[\"a/b\"]")
    }

    @Test func labelSyntaxIsKubernetes() {
        for key in [
            "app", "kfc.dev/role", "app.kubernetes.io/name", "A_b-c.d", "a/b", String(repeating: "x", count: 63),
        ] {
            #expect(LabelSyntax.isValidKey(key), "\(key)")
        }
        for key in [
            "", "/a", "a/", "Kfc.dev/role", "-a", "a-", "bad key", "a/b/c", "\u{212A}", "caf\u{E9}",
            String(repeating: "x", count: 64), String(repeating: "a", count: 254) + "/b", "a..b/c",
        ] {
            #expect(!LabelSyntax.isValidKey(key), "\(key)")
        }
        for value in ["", "client", "0", "a.b_c-d", String(repeating: "x", count: 63)] {
            #expect(LabelSyntax.isValidValue(value), "\(value)")
        }
        for value in ["-a", "a ", "a/b", "\u{212A}", String(repeating: "x", count: 64)] {
            #expect(!LabelSyntax.isValidValue(value), "\(value)")
        }
        for name in ["http", "dns-tcp", "h2", "a", "grpc-health-123"] {
            #expect(LabelSyntax.isPortName(name), "\(name)")
        }
        for name in ["", "80", "HTTP", "-http", "http-", "http--alt", "http_alt", "a-very-long-name-16", "h\u{212A}"] {
            #expect(!LabelSyntax.isPortName(name), "\(name)")
        }
    }

    @Test func validRulesAreNotReported() {
        let m = isolated(
            by:
                "{from: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.1.0.0/16]}}, {ipBlock: {cidr: \"fd00::/8\"}}], ports: [{port: 1, endPort: 65535}, {protocol: UDP, port: dns}]}"
        )
        #expect(APIValidationCheck.run(CheckContext(model: m, strict: false, maxExamples: 3)).isEmpty)
    }

    @Test func anUnreadableAllowSubnetsEntryMayAdmitAnySource() {
        let subs = """
            ---
            apiVersion: kubeovn.io/v1
            kind: Subnet
            metadata: {name: core}
            spec: {cidrBlock: 10.1.0.0/24, private: true, allowSubnets: [10.3.0.0/99]}
            ---
            apiVersion: kubeovn.io/v1
            kind: Subnet
            metadata: {name: three}
            spec: {cidrBlock: 10.3.0.0/24, gateway: 300.0.0.1}

            """
        let m = TestSupport.model(
            subs + M.pod("srv", annotations: "{ovn.kubernetes.io/logical_switch: core}")
                + M.pod("three", labels: "{app: h}", annotations: "{ovn.kubernetes.io/logical_switch: three}"))
        #expect(ports(m, "a/three", "a/srv", mode: .may) == .all)
        #expect(ports(m, "a/three", "a/srv", mode: .must).isEmpty)
        let codes = APIValidationCheck.run(CheckContext(model: m, strict: false, maxExamples: 3)).map {
            "\($0.diagnostic.code) \($0.subject)"
        }
        #expect(codes == ["KF3023 Subnet/core", "KF3023 Subnet/three"])
    }
}
