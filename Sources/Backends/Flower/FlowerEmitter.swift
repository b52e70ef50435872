import Compiler
import KFLang
import Privacy
import YAML

/// Emits the federations that run a Flower app (`flower { … }`): in each one's namespace, the
/// SuperLink as a single-replica Deployment with its state database on a claim, its Service, one
/// SuperNode Deployment per client on the client's node and zone, the NetworkPolicies and the
/// clients' PodDisruptionBudget; and beside them the files `flwr run` needs.
///
/// The objects carry the labels, zones and flows of kfc's own workloads (the SuperLink is the
/// server, each SuperNode a client), so every isolation proof reads them unchanged: SuperNodes
/// reach the SuperLink's port and nothing else. Both run the user's image; TLS material and
/// the SuperNodes' authentication keys come from the Secrets `kfc certs` makes.
package struct FlowerEmitter: Sendable {
    /// The deployment and its indexes.
    package let topology: Topology

    /// Creates the emitter.
    package init(topology: Topology) { self.topology = topology }

    /// Where the SuperLink keeps its state database (a PersistentVolumeClaim).
    package static let stateDir = "/var/lib/flwr/state"
    /// The SuperLink's database file.
    package static let database = stateDir + "/superlink.db"
    /// Flower's own folder (`FLWR_HOME`: the apps it unpacks): an emptyDir, as the root is read-only.
    package static let flwrHome = "/var/lib/flwr/home"
    /// A SuperNode's authentication key (OpenSSH ECDSA P-256), in its TLS Secret.
    package static let authKeyFile = "auth.key"
    /// The public half, which `flwr supernode register` registers with the SuperLink.
    package static let authPublicKeyFile = "auth.pub"

    /// Every object, in no particular order (the output sorts).
    package func emit(sink: DiagnosticSink) -> [Manifest] {
        topology.ir.federations.filter { $0.flower != nil }.flatMap { emit($0, sink: sink) }
    }

    /// The objects of one federation that runs a Flower app.
    package func emit(_ f: IR.Federation, sink: DiagnosticSink) -> [Manifest] {
        guard let app = f.flower else { return [] }
        var out = KubernetesEmitter.namespaceObjects(f, topology: topology, sink: sink)
        out += superLink(f, app: app)
        let volumes = DatasetVolumes(topology: topology, federation: f)
        var memo = PodSpecBuilder.Memo()
        for c in f.clients {
            let (objects, data) = volumes.objects(for: c, memo: &memo)
            out += objects
            out.append(superNode(c, of: f, app: app, data: data))
        }
        out += NetworkPolicyEmitter(topology: topology).emit(f)
        out += KubernetesEmitter.clientDisruptionBudget(f)
        return out
    }

    /// The submission files of every Flower federation: `<namespace>.flwr-connection.toml`
    /// (the SuperLink connection for Flower's `config.toml`) and `<namespace>.run-config.toml`
    /// (what `flwr run --run-config` passes to the app).
    package func files() -> [BuildProducts.OutputFile] {
        topology.ir.federations.filter { $0.flower != nil }.flatMap { f in
            [
                BuildProducts.OutputFile(path: "\(f.namespace).flwr-connection.toml", bytes: Array(connection(f).utf8)),
                BuildProducts.OutputFile(path: "\(f.namespace).run-config.toml", bytes: Array(runConfig(f).utf8)),
            ]
        }
    }

    // MARK: - Objects

    private func superLink(_ f: IR.Federation, app: IR.FlowerApp) -> [Manifest] {
        let ns = f.namespace
        let s = f.server
        let labels = KFCLabels.workload(
            federation: ns, name: s.k8sName, role: .server, zone: topology.subnetName(of: s.zone))
        let selector = KFCLabels.selector(federation: ns, role: .server)
        let state = "\(s.k8sName)-state"
        let health = PodSpecBuilder.healthPort(for: s.port)
        let probe: YAMLNode = [
            "grpc": ["port": .int(health)], "periodSeconds": 10, "timeoutSeconds": 5, "failureThreshold": 3,
        ]
        var readiness = probe.mapping!
        readiness.append("initialDelaySeconds", 5)
        var liveness = probe.mapping!
        liveness.append("initialDelaySeconds", 15)
        let container = PodSpecBuilder.container(
            name: "superlink", image: app.image, command: "flower-superlink",
            args: Self.superLinkArgs(f),
            resources: s.resources,
            extra: [
                ("env", [["name": "FLWR_HOME", "value": .string(Self.flwrHome)]]),
                (
                    "ports",
                    [
                        ["name": "flower", "containerPort": .int(s.port), "protocol": "TCP"],
                        ["name": "health", "containerPort": .int(health), "protocol": "TCP"],
                    ]
                ),
                ("readinessProbe", .mapping(readiness)),
                ("livenessProbe", .mapping(liveness)),
            ])
        let template = PodSpecBuilder.template(
            labels: labels, annotations: PodNetworkAnnotations.server(s, topology: topology), container: container,
            mounts: [
                .init(
                    name: "state", source: ["persistentVolumeClaim": ["claimName": .string(state)]],
                    path: Self.stateDir, readOnly: false),
                .init(
                    name: "flwr-home", source: ["emptyDir": ["sizeLimit": "1Gi"]], path: Self.flwrHome, readOnly: false),
            ] + PodSpecBuilder.tlsMounts(f, secret: TLSSecrets.server(s)),
            placement: .init(node: s.node, topology: topology), restartPolicy: "Always")
        return [
            KubernetesEmitter.claim(state, namespace: ns, labels: labels, size: "1Gi"),
            Manifest(
                .deployment, name: s.k8sName, namespace: ns, labels: labels,
                annotations: KFCLabels.sourceAnnotation(s.origin),
                fields: [
                    (
                        "spec",
                        [
                            // One SuperLink owns the database and the fixed address at a time.
                            "replicas": 1, "strategy": ["type": "Recreate"],
                            "selector": ["matchLabels": .mapping(selector)], "template": template,
                        ]
                    )
                ]),
            Manifest(
                .service, name: s.k8sName, namespace: ns, labels: labels,
                fields: [
                    (
                        "spec",
                        [
                            "type": "ClusterIP", "selector": .mapping(selector),
                            "ports": [
                                ["name": "flower", "port": .int(s.port), "targetPort": "flower", "protocol": "TCP"]
                            ],
                        ]
                    )
                ]),
        ]
    }

    /// The SuperLink's command line: every API on the federation's port on all interfaces, TLS
    /// from the server's Secret and node authentication (or `--insecure` for `transport:
    /// insecure`), its database on the claim, plaintext gRPC health on its own port for the
    /// kubelet, and no dependency installation at run time (the image holds the app's).
    package static func superLinkArgs(_ f: IR.Federation) -> [String] {
        let tls = PodSpecBuilder.tlsDir
        let security =
            f.insecureTransport == true
            ? ["--insecure"]
            : [
                "--ssl-ca-certfile", "\(tls)/ca.crt", "--ssl-certfile", "\(tls)/tls.crt", "--ssl-keyfile",
                "\(tls)/tls.key", "--enable-supernode-auth",
            ]
        return ["--host", "0.0.0.0", "--port", String(f.server.port)] + security + [
            "--database", database, "--isolation", "subprocess", "--disable-runtime-dependency-installation",
            "--health-server-address", "0.0.0.0:\(PodSpecBuilder.healthPort(for: f.server.port))",
        ]
    }

    /// A SuperNode's command line: the SuperLink's Service, the federation's CA and the node's
    /// key (or `--insecure`), and its partition and dataset in `--node-config`.
    package static func superNodeArgs(_ c: IR.Client, of f: IR.Federation, dataPath: String) -> [String] {
        let tls = PodSpecBuilder.tlsDir
        let security =
            f.insecureTransport == true
            ? ["--insecure"]
            : ["--root-certificates", "\(tls)/ca.crt", "--auth-supernode-private-key", "\(tls)/\(authKeyFile)"]
        let nodeConfig =
            "partition-id=\(c.id) num-partitions=\(f.clients.count) data-path=\(FlowerTOML.string(dataPath))"
        return ["--superlink", "\(TLSSecrets.serviceHost(f)):\(f.server.port)"] + security + [
            "--isolation", "subprocess", "--port", String(runtimePort(c)), "--node-config", nodeConfig,
        ]
    }

    /// The port of a SuperNode's Runtime API, on the pod's 127.0.0.1 (the ClientApp processes it
    /// starts dial it): Flower's 9094 plus the client's id, so that SuperNodes can also share a
    /// network namespace (host networking, or the test harness that runs the manifests).
    package static func runtimePort(_ c: IR.Client) -> Int { 9094 + c.id % 50_000 }

    private func superNode(
        _ c: IR.Client, of f: IR.Federation, app: IR.FlowerApp, data: PodSpecBuilder.Mount
    ) -> Manifest {
        let ns = f.namespace
        let labels = KFCLabels.workload(
            federation: ns, name: c.k8sName, role: .client, clientID: c.id, zone: topology.subnetName(of: c.zone))
        let dataPath = topology.datasets[c.dataset].map { DatasetVolumes.containerPath(of: $0.path) } ?? data.path
        let container = PodSpecBuilder.container(
            name: "supernode", image: app.image, command: "flower-supernode",
            args: Self.superNodeArgs(c, of: f, dataPath: dataPath), resources: c.resources,
            extra: [("env", [["name": "FLWR_HOME", "value": .string(Self.flwrHome)]])])
        let template = PodSpecBuilder.template(
            labels: labels, annotations: PodNetworkAnnotations.client(c, topology: topology), container: container,
            mounts: [
                data,
                .init(
                    name: "flwr-home", source: ["emptyDir": ["sizeLimit": "1Gi"]], path: Self.flwrHome, readOnly: false),
            ] + PodSpecBuilder.tlsMounts(f, secret: TLSSecrets.client(c)),
            placement: .init(node: c.node, topology: topology), restartPolicy: "Always",
            // As for kfc's clients: no cluster DNS in a Kube-OVN custom Vpc.
            hostAliases: [.init(f.server.address, [TLSSecrets.serviceHost(f)])])
        return Manifest(
            .deployment, name: c.k8sName, namespace: ns, labels: labels,
            annotations: KFCLabels.sourceAnnotation(c.origin),
            fields: [
                (
                    "spec",
                    [
                        "replicas": 1, "strategy": ["type": "Recreate"],
                        "selector": [
                            "matchLabels": .mapping(KFCLabels.selector(federation: ns, role: .client, clientID: c.id))
                        ],
                        "template": template,
                    ]
                )
            ])
    }

    // MARK: - Submission files

    /// The SuperLink connection entry for Flower's `config.toml`.
    package func connection(_ f: IR.Federation) -> String {
        var t = """
            # The SuperLink of federation '\(f.name)', for Flower's config.toml ($FLWR_HOME/config.toml,
            # ~/.flwr/config.toml by default): append this table, and point root-certificates at the
            # ca.crt that `kfc certs` wrote for the federation. See docs/flower.md.
            [superlink.\(f.namespace)]
            address = \(FlowerTOML.string("\(TLSSecrets.serviceHost(f)):\(f.server.port)"))

            """
        if f.insecureTransport == true {
            t += "insecure = true\n"
        } else {
            t += "root-certificates = \(FlowerTOML.string("certs/\(f.name)/ca.crt"))\n"
        }
        return t
    }

    /// The run config kfc passes to the app: rounds, sampling, and with `privacy` the noise
    /// multiplier kfc proved the budget with and the clipping norm; then the `config` values.
    /// `fraction-evaluate` is 0.0 under `privacy` (`evaluation: withheld`, the only one a Flower
    /// federation accepts): no client evaluates, since what it would send is not accounted.
    package func runConfig(_ f: IR.Federation) -> String {
        guard let app = f.flower else { return "" }
        let n = f.clients.count
        let sampled = Self.sampledClients(f)
        var t = """
            # The run config of federation '\(f.name)' (kfc build --target flower). Submit with:
            #   flwr run \(app.app) \(f.namespace) --run-config \(f.namespace).run-config.toml
            # The keys with '-' are kfc's: the budget was proved with these values.
            num-server-rounds = \(f.rounds)
            fraction-train = \(FlowerTOML.float(f.fractionFit))
            fraction-evaluate = \(f.privacy == nil ? "1.0" : "0.0")
            min-train-nodes = \(min(f.minClients, max(sampled, 1)))
            min-available-nodes = \(n)
            num-sampled-clients = \(sampled)

            """
        if let p = f.privacy, p.unit == .client {
            t += "noise-multiplier = \(FlowerTOML.float(p.noise ?? p.solvedNoise ?? 0))\n"
            t += "clipping-norm = \(FlowerTOML.float(p.clip))\n"
        }
        for (key, value) in app.config.sorted(by: { $0.key < $1.key }) {
            t += "\(key) = \(FlowerTOML.value(value))\n"
        }
        return t
    }

    /// Clients Flower's FedAvg samples a round: ⌊fraction_fit × clients⌋ (the compiler checks it
    /// reaches `min_clients`).
    package static func sampledClients(_ f: IR.Federation) -> Int {
        Int((min(max(f.fractionFit, 0), 1) * Double(f.clients.count)).rounded(.down))
    }
}
