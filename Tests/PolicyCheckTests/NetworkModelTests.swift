import Testing

@testable import PolicyCheck

/// The model on small hand-written manifests: each test pins one semantic rule of one layer.
@Suite struct NetworkModelTests {
    static func pod(
        _ name: String, ns: String = "a", labels: String? = nil, annotations: String = "{}",
        ports: String = "[]", hostNetwork: Bool = false
    ) -> String {
        """
        ---
        apiVersion: v1
        kind: Pod
        metadata: {name: \(name), namespace: \(ns), labels: \(labels ?? "{app: \(name)}"), annotations: \(annotations)}
        spec:
          hostNetwork: \(hostNetwork)
          containers: [{name: c, image: "i:1", ports: \(ports)}]

        """
    }

    static func policy(_ name: String, ns: String = "a", _ spec: String) -> String {
        "---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: \(name), namespace: \(ns)}\nspec: \(spec)\n"
    }

    func ports(_ m: NetworkModel, _ s: String, _ d: String, mode: FlowMode = .may) -> PortSet {
        m.flow(from: TestSupport.endpoint(m, s), to: TestSupport.endpoint(m, d), mode: mode).ports
    }

    @Test func withoutPoliciesEverythingFlows() {
        let m = TestSupport.model(Self.pod("p") + Self.pod("q", labels: "{app: y}"))
        #expect(ports(m, "a/p", "a/q") == .all)
        #expect(m.endpoints.count == 3)  // two classes and the internet
    }

    @Test func replicasAndIdenticalWorkloadsShareAClass() {
        let dep = { (n: String) in
            "---\napiVersion: apps/v1\nkind: Deployment\nmetadata: {name: \(n), namespace: a}\nspec:\n  replicas: 5\n  template:\n    metadata: {labels: {app: w}}\n    spec: {containers: [{name: c, image: \"i:1\"}]}\n"
        }
        let m = TestSupport.model(dep("one") + dep("two"))
        let pods = m.endpoints.filter { $0.kind == .pod }
        #expect(pods.count == 1)
        #expect(pods[0].replicas == 10 && pods[0].name == "a/one (+1)")
    }

    @Test func defaultDenyIsolatesBothDirections() {
        let m = TestSupport.model(
            Self.pod("p") + Self.pod("q") + Self.policy("deny", "{podSelector: {}, policyTypes: [Ingress, Egress]}"))
        #expect(ports(m, "a/p", "a/q").isEmpty)
        let v = m.flow(from: TestSupport.endpoint(m, "a/p"), to: TestSupport.endpoint(m, "a/q"), mode: .may)
        #expect(v.kubeOVN.ports == .all)  // only the NetworkPolicy layer blocks
    }

    @Test func ingressOnlyPolicyLeavesEgressOpen() {
        let m = TestSupport.model(Self.pod("p") + Self.policy("in", "{podSelector: {}}"))
        #expect(m.ingressPolicies[TestSupport.endpoint(m, "a/p")] == [0])
        #expect(m.egressPolicies[TestSupport.endpoint(m, "a/p")].isEmpty)
    }

    @Test func namedPortsResolveOnTheDestination() {
        let m = TestSupport.model(
            Self.pod("client", labels: "{role: c}")
                + Self.pod("server", labels: "{role: s}", ports: "[{name: grpc, containerPort: 9000}]")
                + Self.policy(
                    "srv",
                    "{podSelector: {matchLabels: {role: s}}, ingress: [{from: [{podSelector: {matchLabels: {role: c}}}], ports: [{port: grpc}]}]}"
                ))
        #expect(ports(m, "a/client", "a/server") == PortSet(.tcp, 9000...9000))
        #expect(ports(m, "a/server", "a/server").isEmpty)
    }

    @Test func namespaceSelectorsUseNamespaceLabels() {
        let ns = "---\napiVersion: v1\nkind: Namespace\nmetadata: {name: b, labels: {team: t}}\n"
        let m = TestSupport.model(
            ns + Self.pod("p") + Self.pod("q", ns: "b") + Self.pod("r", ns: "c")
                + Self.policy(
                    "from-team", "{podSelector: {}, ingress: [{from: [{namespaceSelector: {matchLabels: {team: t}}}]}]}"
                ))
        #expect(ports(m, "b/q", "a/p") == .all)
        #expect(ports(m, "c/r", "a/p").isEmpty)
        #expect(ports(m, "a/p", "a/p").isEmpty)  // a namespaceSelector alone does not admit its own namespace
    }

    @Test func ipBlockWithExceptAndModes() {
        let sub =
            "---\napiVersion: kubeovn.io/v1\nkind: Subnet\nmetadata: {name: s}\nspec: {cidrBlock: 10.9.0.0/24, namespaces: [a]}\n"
        let m = TestSupport.model(
            sub + Self.pod("p")
                + Self.pod("fixed", labels: "{app: f}", annotations: "{ovn.kubernetes.io/ip_address: 10.9.0.200}")
                + Self.policy(
                    "ip",
                    "{podSelector: {}, policyTypes: [Ingress], ingress: [{from: [{ipBlock: {cidr: 10.9.0.0/24, except: [10.9.0.128/25]}}]}]}"
                ))
        // 'p' may have any address of the subnet: it may match (proof of isolation) but need not (liveness).
        #expect(ports(m, "a/p", "a/fixed", mode: .may) == .all)
        #expect(ports(m, "a/p", "a/fixed", mode: .must).isEmpty)
        // The fixed address is in the except.
        #expect(ports(m, "a/fixed", "a/p").isEmpty)
    }

    @Test func privateSubnetAdmitsOwnBlockAllowSubnetsAndNodes() {
        let subs = """
            ---
            apiVersion: kubeovn.io/v1
            kind: Subnet
            metadata: {name: core}
            spec: {cidrBlock: 10.1.0.0/24, private: true, allowSubnets: [10.2.0.0/24]}
            ---
            apiVersion: kubeovn.io/v1
            kind: Subnet
            metadata: {name: two}
            spec: {cidrBlock: 10.2.0.0/24}
            ---
            apiVersion: kubeovn.io/v1
            kind: Subnet
            metadata: {name: three}
            spec: {cidrBlock: 10.3.0.0/24}

            """
        let m = TestSupport.model(
            subs
                + Self.pod("srv", annotations: "{ovn.kubernetes.io/logical_switch: core}")
                + Self.pod("peer", labels: "{app: p}", annotations: "{ovn.kubernetes.io/logical_switch: core}")
                + Self.pod("two", labels: "{app: t}", annotations: "{ovn.kubernetes.io/logical_switch: two}")
                + Self.pod("three", labels: "{app: h}", annotations: "{ovn.kubernetes.io/logical_switch: three}")
                + Self.pod("host", labels: "{app: n}", hostNetwork: true))
        #expect(ports(m, "a/peer", "a/srv") == .all)
        #expect(ports(m, "a/two", "a/srv") == .all)
        #expect(ports(m, "a/three", "a/srv").isEmpty)
        #expect(ports(m, "a/host", "a/srv") == .all)
        #expect(ports(m, "a/srv", "a/three") == .all)  // private limits ingress only
        let v = m.flow(from: TestSupport.endpoint(m, "a/two"), to: TestSupport.endpoint(m, "a/srv"), mode: .may)
        #expect(v.kubeOVN.rules.map(\.text).contains("Subnet 'core' allowSubnets[0] admits 10.2.0.0/24"))
    }

    @Test func subnetACLsDropByPriority() {
        let subs = """
            ---
            apiVersion: kubeovn.io/v1
            kind: Subnet
            metadata: {name: s, }
            spec:
              cidrBlock: 10.1.0.0/24
              namespaces: [a]
              acls:
                - {direction: to-lport, priority: 2000, action: drop, match: "ip4.src == 10.1.0.0/24 && tcp.dst == 22"}

            """
        let m = TestSupport.model(subs + Self.pod("p") + Self.pod("q", labels: "{app: q}"))
        let p = ports(m, "a/p", "a/q")
        #expect(!p.contains(.tcp, 22) && p.contains(.tcp, 23) && p.contains(.udp, 22))
    }

    @Test func customVpcHasNoInternetUnlessRouted() {
        let base = """
            ---
            apiVersion: kubeovn.io/v1
            kind: Vpc
            metadata: {name: v}
            spec: {}
            ---
            apiVersion: kubeovn.io/v1
            kind: Subnet
            metadata: {name: s}
            spec: {cidrBlock: 10.1.0.0/24, vpc: v, natOutgoing: true, namespaces: [a]}

            """
        let m = TestSupport.model(base + Self.pod("p"))
        #expect(ports(m, "a/p", "internet").isEmpty)
        let routed = base.replacingOccurrences(
            of: "spec: {}", with: "spec: {staticRoutes: [{cidr: 0.0.0.0/0, nextHopIP: 10.1.0.254}]}")
        #expect(ports(TestSupport.model(routed + Self.pod("p")), "a/p", "internet") == .all)
        let rerouted = base.replacingOccurrences(
            of: "spec: {}",
            with:
                "spec: {policyRoutes: [{action: reroute, priority: 1, match: \"ip4.src == 10.7.0.0/24\", nextHopIP: 10.1.0.9}]}"
        )
        #expect(ports(TestSupport.model(rerouted + Self.pod("p")), "a/p", "internet").isEmpty)
    }

    @Test func defaultVpcUsesNatOutgoing() {
        // An unbound pod lands in ovn-default, which has natOutgoing.
        #expect(ports(TestSupport.model(Self.pod("p")), "a/p", "internet") == .all)
        let sub =
            "---\napiVersion: kubeovn.io/v1\nkind: Subnet\nmetadata: {name: s}\nspec: {cidrBlock: 10.1.0.0/24, namespaces: [a]}\n"
        #expect(ports(TestSupport.model(sub + Self.pod("p")), "a/p", "internet").isEmpty)
    }

    @Test func exposingServicesOpenThePodToTheInternet() {
        let svc =
            "---\napiVersion: v1\nkind: Service\nmetadata: {name: s, namespace: a}\nspec: {type: NodePort, selector: {app: p}, ports: [{port: 80, targetPort: 8080}]}\n"
        let m = TestSupport.model(Self.pod("p") + svc)
        #expect(ports(m, "internet", "a/p") == PortSet(.tcp, 8080...8080))
        #expect(ports(TestSupport.model(Self.pod("p")), "internet", "a/p").isEmpty)
    }

    @Test func multusInterfacesJoinSeveralSubnets() {
        let subs = (1...2).map {
            "---\napiVersion: kubeovn.io/v1\nkind: Subnet\nmetadata: {name: n\($0)}\nspec: {cidrBlock: 10.0.\($0).0/24, private: true}\n"
        }.joined()
        let m = TestSupport.model(
            subs
                + Self.pod(
                    "hub",
                    annotations:
                        "{ovn.kubernetes.io/logical_switch: n1, n2.default.ovn.kubernetes.io/logical_switch: n2}")
                + Self.pod("leaf", labels: "{app: l}", annotations: "{ovn.kubernetes.io/logical_switch: n2}"))
        #expect(m.endpoints[TestSupport.endpoint(m, "a/hub")].interfaces.count == 2)
        #expect(ports(m, "a/leaf", "a/hub") == .all)
    }

    @Test func candidatePruningNeverDropsARealSource() {
        // Every pair the pruning skips must be a pair the full evaluation also rejects.
        let m = TestSupport.model(TestSupport.fixture("federation.yaml"))
        for d in m.endpoints.indices {
            let cands = Set(
                m.candidateSources(to: d, layers: [.kubeOVN, .networkPolicy]) ?? Array(m.endpoints.indices))
            for s in m.endpoints.indices where !cands.contains(s) || !m.egressMayAdmit(source: s, destination: d) {
                #expect(
                    m.flow(from: s, to: d, mode: .may).ports.isEmpty, "\(m.endpoints[s].name) -> \(m.endpoints[d].name)"
                )
            }
        }
    }
}
