import Compiler
import KFLang
import RunPlan
import YAML

/// Emits the Kubernetes objects of every federation: one namespace each, holding its service
/// account, run-plan ConfigMaps, storage, NetworkPolicies, the server's Deployment and Service,
/// one Job per client, and a PodDisruptionBudget.
///
/// Pods are bound to their zone's Kube-OVN subnet by annotation and the server gets its fixed
/// address, so the output is meant to be applied with the `kube-ovn` target's objects (or onto
/// a cluster where those subnets already exist).
package struct KubernetesEmitter: Sendable {
    /// The deployment and its indexes.
    package let topology: Topology
    /// The plan shards of each federation, by namespace.
    package let plans: [String: [PlanShard]]
    /// In how many runs, built concurrently, the clients' objects are built (1: on the
    /// calling thread).
    package var clientRuns = 1

    /// Creates an emitter.
    package init(topology: Topology, plans: [String: [PlanShard]], clientRuns: Int = 1) {
        self.topology = topology
        self.plans = plans
        self.clientRuns = clientRuns
    }

    /// Every object, in no particular order (the output sorts).
    package func emit(sink: DiagnosticSink) -> [Manifest] {
        var out: [Manifest] = []
        // A federation that runs a Flower app is the `flower` target's (`FlowerEmitter`).
        for f in topology.ir.federations where f.flower == nil {
            out += emit(f, sink: sink)
        }
        return out
    }

    /// The objects of one federation.
    package func emit(_ f: IR.Federation, sink: DiagnosticSink) -> [Manifest] {
        let ns = f.namespace
        let shared = KFCLabels.shared(federation: ns)
        let shards = plans[ns] ?? []
        let volumes = DatasetVolumes(topology: topology, federation: f)
        var out = Self.namespaceObjects(f, topology: topology, sink: sink)
        for shard in shards {
            out.append(
                Manifest(
                    .configMap, name: shard.configMapName, namespace: ns, labels: shared,
                    fields: [("data", ["plan.json": .string(shard.json)])]))
        }
        out += server(f)
        var planOf: [Int: String] = [:]
        for s in shards { for id in s.clientIDs { planOf[id] = s.configMapName } }
        let shardOf = planOf
        // The clients' objects are most of the output: built in contiguous runs on every core
        // when the caller asks (`clientRuns`), and concatenated in order.
        let clients = f.clients
        // What every client of the federation shares, computed once.
        let ledgerSize = Self.ledgerClaimSize(f)
        let mounts = ClientMounts(f, plans: shards.map(\.configMapName))
        out += Concurrently.concatenated(clients.count, runs: clientRuns, minimumRun: 256) { range in
            var part: [Manifest] = []
            var memo = PodSpecBuilder.Memo()
            for c in clients[range] {
                let (objects, dataMount) = volumes.objects(for: c, memo: &memo)
                part += objects
                part += client(
                    c, of: f, plan: mounts.plan(shardOf[c.id] ?? shards.first?.configMapName ?? "\(ns)-plan"),
                    data: dataMount, shared: mounts, ledgerSize: ledgerSize, memo: &memo)
            }
            return part
        }
        out += NetworkPolicyEmitter(topology: topology).emit(f)
        out += Self.clientDisruptionBudget(f)
        return out
    }

    // MARK: - Objects

    /// The federation's Namespace and ServiceAccount; a hostPath dataset lowers the namespace's
    /// Pod Security level, which is reported (KF5001).
    static func namespaceObjects(_ f: IR.Federation, topology: Topology, sink: DiagnosticSink) -> [Manifest] {
        let ns = f.namespace
        let shared = KFCLabels.shared(federation: ns)
        let hostPathDatasets = f.clients.compactMap { c in
            topology.datasets[c.dataset].flatMap { $0.hostPath ? $0.name : nil }
        }
        for name in Set(hostPathDatasets).sorted() {
            sink.report(.hostPathLowersPodSecurity(dataset: name, namespace: ns, at: topology.datasets[name]?.origin))
        }
        return [
            namespace(ns, labels: shared, privileged: !hostPathDatasets.isEmpty),
            Manifest(
                .serviceAccount, name: PodSpecBuilder.serviceAccount, namespace: ns, labels: shared,
                fields: [("automountServiceAccountToken", false)]),
        ]
    }

    /// The PodDisruptionBudget over the federation's clients: a drain never takes a round below
    /// `min_clients` (none without clients).
    static func clientDisruptionBudget(_ f: IR.Federation) -> [Manifest] {
        guard !f.clients.isEmpty else { return [] }
        let ns = f.namespace
        return [
            Manifest(
                .podDisruptionBudget, name: "\(ns)-clients", namespace: ns, labels: KFCLabels.shared(federation: ns),
                fields: [
                    (
                        "spec",
                        [
                            "minAvailable": .int(min(f.minClients, f.clients.count)),
                            "selector": [
                                "matchLabels": .mapping(KFCLabels.selector(federation: ns, role: .client))
                            ],
                        ]
                    )
                ])
        ]
    }

    private static func namespace(_ ns: String, labels: YAMLMapping, privileged: Bool) -> Manifest {
        var l = labels
        // hostPath volumes are forbidden by both `baseline` and `restricted`; such a namespace
        // still warns and audits against `restricted` (KF5001 says why).
        l.append("pod-security.kubernetes.io/enforce", privileged ? "privileged" : "restricted")
        l.append("pod-security.kubernetes.io/enforce-version", "latest")
        l.append("pod-security.kubernetes.io/audit", "restricted")
        l.append("pod-security.kubernetes.io/warn", "restricted")
        return Manifest(.namespace, name: ns, labels: l, fields: [])
    }

    private func server(_ f: IR.Federation) -> [Manifest] {
        let ns = f.namespace
        let s = f.server
        let labels = KFCLabels.workload(
            federation: ns, name: s.k8sName, role: .server,
            zone: topology.subnetName(of: s.zone))
        let selector = KFCLabels.selector(federation: ns, role: .server)
        let checkpoints = "\(s.k8sName)-checkpoints"
        let health = PodSpecBuilder.healthPort(for: s.port)
        let probe: YAMLNode = [
            "grpc": ["port": .int(health)], "periodSeconds": 10, "timeoutSeconds": 5,
            "failureThreshold": 3,
        ]
        var readiness = probe.mapping!
        readiness.append("initialDelaySeconds", 5)
        var liveness = probe.mapping!
        liveness.append("initialDelaySeconds", 15)
        // The server needs every client (allow-list, sampling): it mounts every shard of the plan.
        let shards = plans[ns] ?? []
        let planSource: YAMLMapping
        let planArgs: [String]
        if shards.count > 1 {
            planSource = [
                "projected": [
                    "sources": .sequence(
                        shards.enumerated().map { k, shard in
                            [
                                "configMap": [
                                    "name": .string(shard.configMapName),
                                    "items": [["key": "plan.json", "path": .string("plan-\(k).json")]],
                                ]
                            ]
                        })
                ]
            ]
            planArgs = shards.indices.flatMap { ["--plan", "\(PodSpecBuilder.planDir)/plan-\($0).json"] }
        } else {
            planSource = ["configMap": ["name": .string(shards.first?.configMapName ?? "\(ns)-plan")]]
            planArgs = ["--plan", PodSpecBuilder.planPath]
        }
        let container = PodSpecBuilder.container(
            name: "server", image: s.image,
            args: ["exec", "server"] + planArgs + ["--state", PodSpecBuilder.checkpointDir]
                + PodSpecBuilder.securityArgs(f) + ["--health-port", String(health)]
                // The kubelet restarts a Deployment's pod that exits, even with 0: the server
                // serves on after the federation (telling late clients to finish) until stopped.
                + ["--linger"],
            resources: s.resources,
            extra: [
                (
                    "ports",
                    [
                        ["name": "grpc", "containerPort": .int(s.port), "protocol": "TCP"],
                        ["name": "health", "containerPort": .int(health), "protocol": "TCP"],
                    ]
                ),
                ("readinessProbe", .mapping(readiness)),
                ("livenessProbe", .mapping(liveness)),
            ])
        let template = PodSpecBuilder.template(
            labels: labels, annotations: PodNetworkAnnotations.server(s, topology: topology), container: container,
            mounts: [
                .init(name: "plan", source: planSource, path: PodSpecBuilder.planDir, readOnly: true),
                .init(
                    name: "checkpoints", source: ["persistentVolumeClaim": ["claimName": .string(checkpoints)]],
                    path: PodSpecBuilder.checkpointDir, readOnly: false),
            ] + PodSpecBuilder.tlsMounts(f, secret: TLSSecrets.server(s)),
            placement: .init(node: s.node, topology: topology), restartPolicy: "Always")
        return [
            Self.claim(checkpoints, namespace: ns, labels: labels, size: Self.checkpointClaimSize(f)),
            Manifest(
                .deployment, name: s.k8sName, namespace: ns, labels: labels,
                annotations: KFCLabels.sourceAnnotation(s.origin),
                fields: [
                    (
                        "spec",
                        [
                            "replicas": 1,
                            // One pod holds the fixed address and the checkpoint volume at a time.
                            "strategy": ["type": "Recreate"],
                            "selector": ["matchLabels": .mapping(selector)],
                            "template": template,
                        ]
                    )
                ]),
            Manifest(
                .service, name: s.k8sName, namespace: ns, labels: labels,
                fields: [
                    (
                        "spec",
                        [
                            "type": "ClusterIP",
                            "selector": .mapping(selector),
                            "ports": [["name": "grpc", "port": .int(s.port), "targetPort": "grpc", "protocol": "TCP"]],
                        ]
                    )
                ]),
        ]
    }

    /// A client Job's failure policy, on the exit-code contract (`ExitCode`): a configuration,
    /// credential or usage error or a bug fails the Job at once (retrying cannot mend it); a
    /// pod disrupted by the cluster (eviction, preemption, a drained node) is replaced without
    /// counting against `backoffLimit`; any other failure (the server unreachable: exit 75)
    /// counts. The pods' `restartPolicy` is `Never`, as the policy requires.
    static let clientFailurePolicy: YAMLNode = [
        "rules": [
            [
                "action": "FailJob",
                "onExitCodes": [
                    "containerName": "client", "operator": "In",
                    "values": .sequence(ExitCode.permanent.map { .int(Int($0)) }),
                ],
            ],
            ["action": "Ignore", "onPodConditions": [["type": "DisruptionTarget"]]],
        ]
    ]

    /// The server's state volume: `server-state.json` (the weights and up to two optimizer
    /// moments as decimal JSON, at most 16 bytes a value) and `model.json`, each twice during
    /// its atomic replacement, plus 64 MiB for metrics and the rest; at least 1 GiB. Sized for
    /// the largest model the plan allows (`ModelSpec.parameterBound`), so a run never fails
    /// for want of space the compiler could have asked for.
    static func checkpointClaimSize(_ f: IR.Federation) -> String {
        let p = f.model.map { RunPlanEmitter.model($0).parameterBound } ?? 0
        let mebibytes = (2 * 4 * 16 * p + (1 << 20) - 1) / (1 << 20) + 64
        return mebibytes <= 1024 ? "1Gi" : "\(mebibytes)Mi"
    }

    /// A client's ledger volume: the ledger and the update its last charge paid for (the
    /// weights' bit patterns in base64: 4 bytes a value, 4/3 as text), twice during the atomic
    /// replacement, plus 1 MiB for the ledger itself; at least 16 MiB.
    static func ledgerClaimSize(_ f: IR.Federation) -> String {
        let p = f.model.map { RunPlanEmitter.model($0).parameterBound } ?? 0
        let bytes = 2 * (4 * ((4 * p + 2) / 3) + (1 << 20))
        return "\(max(16, (bytes + (1 << 20) - 1) / (1 << 20)))Mi"
    }

    /// A small read-write claim on the cluster's default storage class (checkpoints, ledgers).
    static func claim(_ name: String, namespace ns: String, labels: YAMLMapping, size: String) -> Manifest {
        claim(name, namespace: ns, labels: labels, resources: claimResources(size))
    }

    /// A claim whose `resources` are built (shared by a federation's clients).
    static func claim(_ name: String, namespace ns: String, labels: YAMLMapping, resources: YAMLNode) -> Manifest {
        Manifest(
            .persistentVolumeClaim, name: name, namespace: ns, labels: labels,
            fields: [
                ("spec", ["accessModes": readWriteOnce, "volumeMode": "Filesystem", "resources": resources])
            ])
    }

    /// A claim's `resources` for its size.
    static func claimResources(_ size: String) -> YAMLNode {
        ["requests": ["storage": .string(size)]]
    }

    /// `accessModes: [ReadWriteOnce]` (built once).
    private static let readWriteOnce: YAMLNode = ["ReadWriteOnce"]

    /// What a federation's clients mount alike, built once: the plan volume of each shard,
    /// the ledger's and the TLS Secret's `volumeMounts` entries (each client's own claim and
    /// Secret as its volume; an entry serves only a mount made alike), and the host alias of
    /// the server.
    private struct ClientMounts {
        private var plans: [String: PodSpecBuilder.Mount] = [:]
        var ledger: PodSpecBuilder.Mount
        var tls: PodSpecBuilder.Mount?
        var hostAliases: [PodSpecBuilder.HostAlias]

        init(_ f: IR.Federation, plans names: [String]) {
            for name in names { plans[name] = Self.plan(name) }
            ledger = PodSpecBuilder.Mount(
                name: "ledger", source: [:], path: PodSpecBuilder.ledgerDir, readOnly: false
            ).sharingEntry()
            tls = PodSpecBuilder.tlsMounts(f, secret: "").first?.sharingEntry()
            hostAliases = [.init(f.server.address, [TLSSecrets.serviceHost(f)])]
        }

        /// The plan mount of the ConfigMap `name`.
        func plan(_ name: String) -> PodSpecBuilder.Mount { plans[name] ?? Self.plan(name) }

        private static func plan(_ name: String) -> PodSpecBuilder.Mount {
            PodSpecBuilder.Mount(
                name: "plan", source: ["configMap": ["name": .string(name)]], path: PodSpecBuilder.planDir,
                readOnly: true
            ).shared()
        }
    }

    private func client(
        _ c: IR.Client, of f: IR.Federation, plan: PodSpecBuilder.Mount, data: PodSpecBuilder.Mount,
        shared: ClientMounts, ledgerSize: String, memo: inout PodSpecBuilder.Memo
    ) -> [Manifest] {
        let ns = f.namespace
        let labels = KFCLabels.workload(
            federation: ns, name: c.k8sName, role: .client, clientID: c.id,
            zone: topology.subnetName(of: c.zone))
        let ledger = "\(c.k8sName)-ledger"
        let container = PodSpecBuilder.container(
            name: "client", image: c.image,
            args: [
                "exec", "client", "--plan", PodSpecBuilder.planPath, "--client", String(c.id), "--state",
                PodSpecBuilder.ledgerDir,
            ] + PodSpecBuilder.securityArgs(f),
            resources: memo.resources(c.resources))
        let tls = PodSpecBuilder.tlsMounts(f, secret: TLSSecrets.client(c)).map { m in
            shared.tls.map { m.sharingEntry(of: $0) } ?? m
        }
        let template = PodSpecBuilder.template(
            labels: labels, annotations: PodNetworkAnnotations.client(c, topology: topology), container: container,
            mounts: [
                plan, data,
                shared.ledger.withSource(["persistentVolumeClaim": ["claimName": .string(ledger)]]),
            ] + tls,
            placement: .init(node: c.node, topology: topology), restartPolicy: "Never",
            // The plan names the server by its Service; without cluster DNS (a KubeOVN custom
            // Vpc), the pod's own /etc/hosts maps that name to the server's fixed address.
            hostAliases: shared.hostAliases, memo: &memo)
        return [
            Self.claim(
                ledger, namespace: ns, labels: labels,
                resources: memo.node(.ledgerResources, [ledgerSize]) { Self.claimResources($0[0]) }),
            Manifest(
                .job, name: c.k8sName, namespace: ns, labels: labels,
                annotations: memo.sourceAnnotation(c.origin),
                fields: [
                    (
                        "spec",
                        [
                            "completions": 1, "parallelism": 1, "backoffLimit": 10,
                            "podFailurePolicy": Self.clientFailurePolicy, "template": template,
                        ]
                    )
                ]),
        ]
    }
}
