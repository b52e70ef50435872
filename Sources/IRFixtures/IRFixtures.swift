import Compiler
import Privacy

/// Hand-built IR deployments for tests and benchmarks of the passes after the compiler.
///
/// They mirror what the compiler produces for the examples (names, carved blocks, fixed server
/// addresses) without depending on it, so back ends and policy checks can be tested on their own.
package enum IRFixtures {
    /// The KubeFlower reference deployment with `n` clients: one server in the core zone of
    /// `fl_net` on node `cloud-1`, and client `i` on node `edge-i` in its own private zone
    /// `fl_net.site[i]`, reading dataset `digits[i]`, under ε = 0.7.
    ///
    /// Zones are /28 blocks carved in order from `10.18.0.0/16` (from `10.32.0.0/12` when `n`
    /// is too large for a /16), the core first; the server has the address after the gateway.
    package static func kubeflower(n: Int, image: String = "ghcr.io/kfc-dev/kfc:0.1.0") -> IR.Deployment {
        var d = IR.Deployment()
        d.clusters = [IR.Cluster(name: "lab", origin: .synthetic)]
        let pool = n < 4095 ? CIDRBlock("10.18.0.0/16")! : CIDRBlock("10.32.0.0/12")!
        var nodes = [
            IR.Node(
                name: "lab.cloud", cluster: "lab", hostname: "cloud-1", cpuMillis: 8000,
                memoryBytes: 32 << 30)
        ]
        var zones = [zone("fl_net.core", "fl-net-core", "fl_net", block(pool, 0), isPrivate: false)]
        var datasets: [IR.Dataset] = []
        var clients: [IR.Client] = []
        for i in 0..<n {
            nodes.append(
                IR.Node(
                    name: "lab.edge[\(i)]", cluster: "lab", hostname: "edge-\(i)", cpuMillis: 4000,
                    memoryBytes: 8 << 30))
            zones.append(zone("fl_net.site[\(i)]", "fl-net-site-\(i)", "fl_net", block(pool, i + 1), isPrivate: true))
            datasets.append(
                IR.Dataset(
                    name: "digits[\(i)]", k8sName: "digits-\(i)", path: "/data/digits/part-\(i).csv",
                    node: "lab.edge[\(i)]", records: 180, scaling: .divide(by: 16),
                    budget: IR.Budget(epsilon: 1.0, delta: 1e-5)))
            clients.append(
                client(
                    "digits_fl", i, zone: "fl_net.site[\(i)]", node: "lab.edge[\(i)]",
                    dataset: "digits[\(i)]", image: image))
        }
        d.nodes = nodes.sorted { $0.name < $1.name }
        d.networks = [IR.Network(name: "fl_net", k8sName: "fl-net", pool: pool.description, zones: zones.map(\.name))]
        d.zones = zones
        d.datasets = datasets.sorted { $0.name < $1.name }
        let core = zones[0]
        d.federations = [
            IR.Federation(
                name: "digits_fl", namespace: "digits-fl",
                model: IR.Component(kind: .mlp, params: ["hidden": .list([.int(32)])]),
                strategy: IR.Component(kind: .fedavg, params: [:]), rounds: 10, minClients: min(8, n),
                fractionFit: 1.0,
                server: IR.Server(
                    k8sName: "digits-fl-server", zone: core.name, node: "lab.cloud", port: 8080,
                    address: address(core, 2), image: image, resources: serverResources),
                clients: clients,
                privacy: IR.Privacy(unit: .example, epsilon: 0.7, delta: 1e-5, clip: 1.0, solvedNoise: 1.1))
        ]
        d.policy.requirements = [
            IR.Requirement(kind: "isolated", subjects: ["digits_fl.client"], subjectKinds: [.clients]),
            IR.Requirement(kind: "no_internet", subjects: ["fl_net"], subjectKinds: [.network]),
        ]
        return d
    }

    /// Two federations over two networks and three sites.
    ///
    /// - `hospital_net` (pool `10.40.0.0/16`): a public `hub` zone with a declared block
    ///   `10.40.0.0/24` for the `xray_fl` server, and private zones `clinic_a[0]`, `clinic_a[1]`
    ///   and `clinic_b` for its three clients on the nodes of clusters `clinic_a` and `clinic_b`.
    /// - `lab_net` (pool `10.50.0.0/16`): `lab_core` for the `genomics_fl` server, which declares
    ///   egress to the internet, and two private zones; `lab_edge[1]` may reach `203.0.113.0/24`
    ///   (a public mirror). Client 1 reads its data through hostPath and downloads it.
    package static func multiSite(image: String = "ghcr.io/kfc-dev/kfc:0.1.0") -> IR.Deployment {
        var d = IR.Deployment()
        d.clusters = ["clinic_a", "clinic_b", "hq"].map { IR.Cluster(name: $0, origin: .synthetic) }
        d.nodes = [
            IR.Node(
                name: "clinic_a.node[0]", cluster: "clinic_a", hostname: "clinic-a-0", cpuMillis: 4000,
                memoryBytes: 16 << 30),
            IR.Node(
                name: "clinic_a.node[1]", cluster: "clinic_a", hostname: "clinic-a-1", cpuMillis: 4000,
                memoryBytes: 16 << 30),
            IR.Node(
                name: "clinic_b.node", cluster: "clinic_b", hostname: "clinic-b-0", cpuMillis: 8000,
                memoryBytes: 16 << 30, labels: ["site": "b"]),
            IR.Node(name: "hq.gpu", cluster: "hq", hostname: "hq-gpu-1", cpuMillis: 16000, memoryBytes: 64 << 30),
        ]
        let hospital = CIDRBlock("10.40.0.0/16")!
        let lab = CIDRBlock("10.50.0.0/16")!
        var hub = zone(
            "hospital_net.hub", "hospital-net-hub", "hospital_net", CIDRBlock("10.40.0.0/24")!,
            isPrivate: false)
        hub.carved = false
        let hospitalZones = [
            hub,
            zone(
                "hospital_net.clinic_a[0]", "hospital-net-clinic-a-0", "hospital_net", block(hospital, 16),
                isPrivate: true),
            zone(
                "hospital_net.clinic_a[1]", "hospital-net-clinic-a-1", "hospital_net", block(hospital, 17),
                isPrivate: true),
            zone(
                "hospital_net.clinic_b", "hospital-net-clinic-b", "hospital_net", block(hospital, 18),
                isPrivate: true),
        ]
        var labCore = zone("lab_net.lab_core", "lab-net-lab-core", "lab_net", block(lab, 0), isPrivate: true)
        labCore.egress = ["0.0.0.0/0"]
        var labEdge1 = zone("lab_net.lab_edge[1]", "lab-net-lab-edge-1", "lab_net", block(lab, 2), isPrivate: true)
        labEdge1.egress = ["203.0.113.0/24"]
        let labZones = [
            labCore,
            zone("lab_net.lab_edge[0]", "lab-net-lab-edge-0", "lab_net", block(lab, 1), isPrivate: true),
            labEdge1,
        ]
        d.networks = [
            IR.Network(
                name: "hospital_net", k8sName: "hospital-net", pool: hospital.description,
                zones: hospitalZones.map(\.name)),
            IR.Network(name: "lab_net", k8sName: "lab-net", pool: lab.description, zones: labZones.map(\.name)),
        ]
        d.zones = hospitalZones + labZones
        d.datasets = [
            IR.Dataset(
                name: "scans_a[0]", k8sName: "scans-a-0", path: "/srv/scans/a0.csv", node: "clinic_a.node[0]",
                records: 1200, budget: IR.Budget(epsilon: 2.0, delta: 1e-6)),
            IR.Dataset(
                name: "scans_a[1]", k8sName: "scans-a-1", path: "/srv/scans/a1.csv", node: "clinic_a.node[1]",
                records: 900, budget: IR.Budget(epsilon: 2.0, delta: 1e-6)),
            IR.Dataset(
                name: "scans_b", k8sName: "scans-b", path: "/srv/scans/b.csv", node: "clinic_b.node",
                records: 2000, scaling: .standardize, budget: IR.Budget(epsilon: 2.0, delta: 1e-6)),
            IR.Dataset(
                name: "variants[0]", k8sName: "variants-0", path: "/data/variants/0.csv",
                node: "clinic_a.node[0]", records: 500),
            IR.Dataset(
                name: "variants[1]", k8sName: "variants-1", path: "/data/variants/1.csv",
                node: "clinic_b.node", records: 700, download: true, hostPath: true),
        ].sorted { $0.name < $1.name }
        let xrayClients = [
            client(
                "xray_fl", 0, zone: "hospital_net.clinic_a[0]", node: "clinic_a.node[0]", dataset: "scans_a[0]",
                image: image),
            client(
                "xray_fl", 1, zone: "hospital_net.clinic_a[1]", node: "clinic_a.node[1]", dataset: "scans_a[1]",
                image: image),
            client(
                "xray_fl", 2, zone: "hospital_net.clinic_b", node: "clinic_b.node", dataset: "scans_b",
                image: image),
        ]
        let genomicsClients = [
            client(
                "genomics_fl", 0, zone: "lab_net.lab_edge[0]", node: "clinic_a.node[0]", dataset: "variants[0]",
                image: image),
            client(
                "genomics_fl", 1, zone: "lab_net.lab_edge[1]", node: "clinic_b.node", dataset: "variants[1]",
                image: image),
        ]
        d.federations = [
            IR.Federation(
                name: "genomics_fl", namespace: "genomics-fl",
                model: IR.Component(kind: .logisticRegression, params: [:]),
                strategy: IR.Component(kind: .fedprox, params: ["mu": .float(0.01)]), rounds: 5, minClients: 2,
                fractionFit: 1.0,
                server: IR.Server(
                    k8sName: "genomics-fl-server", zone: labCore.name, node: "hq.gpu", port: 9090,
                    address: address(labCore, 2), image: image, resources: serverResources),
                clients: genomicsClients, privacy: nil),
            IR.Federation(
                name: "xray_fl", namespace: "xray-fl",
                model: IR.Component(kind: .mlp, params: ["hidden": .list([.int(64), .int(32)])]),
                strategy: IR.Component(kind: .fedavg, params: [:]), rounds: 20, minClients: 2, fractionFit: 1.0,
                server: IR.Server(
                    k8sName: "xray-fl-server", zone: hub.name, node: "hq.gpu", port: 8443,
                    address: "10.40.0.10", image: image, resources: serverResources),
                clients: xrayClients,
                privacy: IR.Privacy(unit: .example, epsilon: 1.5, delta: 1e-6, clip: 1.0, noise: 1.3)),
        ]
        return d
    }

    // MARK: - Pieces

    static let serverResources = IR.Resources(
        cpuRequestMillis: 1000, cpuLimitMillis: 2000,
        memoryRequestBytes: 1 << 30, memoryLimitBytes: 2 << 30)
    static let clientResources = IR.Resources(
        cpuRequestMillis: 500, cpuLimitMillis: 1000,
        memoryRequestBytes: 512 << 20, memoryLimitBytes: 1 << 30)

    /// The `index`-th /28 of `pool`.
    static func block(_ pool: CIDRBlock, _ index: Int) -> CIDRBlock {
        CIDRBlock(base: pool.address(UInt32(index * 16)), prefix: 28)
    }

    /// The `n`-th address of a zone's block.
    static func address(_ zone: IR.Zone, _ n: UInt32) -> String {
        CIDRBlock(zone.cidr)!.address(n).description
    }

    static func zone(_ name: String, _ k8sName: String, _ network: String, _ cidr: CIDRBlock, isPrivate: Bool)
        -> IR.Zone
    {
        let gateway = cidr.address(1).description
        return IR.Zone(
            name: name, k8sName: k8sName, network: network, cidr: cidr.description, gateway: gateway,
            excludeIPs: [gateway], isPrivate: isPrivate)
    }

    static func client(
        _ federation: String, _ i: Int, zone: String, node: String, dataset: String, image: String
    ) -> IR.Client {
        let dns = String(federation.map { $0 == "_" ? "-" : $0 })
        return IR.Client(
            name: "\(federation).client[\(i)]", id: i, k8sName: "\(dns)-client-\(i)", zone: zone,
            node: node, dataset: dataset, train: IR.Training(epochs: 1, batch: 32, lr: 0.05),
            image: image, resources: clientResources)
    }
}
