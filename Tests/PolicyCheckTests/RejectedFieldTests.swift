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
    ])
    func anUnreadableRuleMayAdmitEverythingAndSurelyAdmitsNothing(_ rule: String) {
        let m = isolated(by: rule)
        #expect(!ports(m, "a/p", "a/q", mode: .may).isEmpty, "isolation proved through a rejected rule")
        #expect(ports(m, "a/p", "a/q", mode: .must).isEmpty)
        let findings = APIValidationCheck.run(CheckContext(model: m, strict: false, maxExamples: 3))
        #expect(findings.count == 1 && findings[0].diagnostic.code == "KF3017", "\(findings.map(\.diagnostic))")
        #expect(findings.allSatisfy { $0.diagnostic.severity == .error && $0.diagnostic.primary != nil })
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
