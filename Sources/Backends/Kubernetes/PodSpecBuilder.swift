import Compiler
import YAML

/// Builds the pod templates of kfc's workloads: one container running `kfc exec`, hardened to
/// the `restricted` Pod Security standard, with no service-account token and no service links.
package struct PodSpecBuilder: Sendable {
    /// The user id (and group) every container runs as: distroless `nonroot`.
    package static let uid = 65532
    /// Where the run plan is mounted.
    package static let planDir = "/etc/kfc"
    /// The plan file the containers read.
    package static let planPath = "/etc/kfc/plan.json"
    /// Where the server keeps its round checkpoints (a PersistentVolumeClaim).
    package static let checkpointDir = "/var/lib/kfc/checkpoints"
    /// Where a client keeps its privacy ledger (a PersistentVolumeClaim, so it survives restarts).
    package static let ledgerDir = "/var/lib/kfc/ledger"
    /// Where the TLS Secret (ca.crt, tls.crt, tls.key) is mounted, read-only.
    package static let tlsDir = "/var/run/secrets/kfc/tls"
    /// The plaintext port of the server's grpc.health.v1 service (the kubelet's probes cannot
    /// speak TLS): the port after the federation port (before it for 65535).
    package static func healthPort(for port: Int) -> Int { port < 65535 ? port + 1 : port - 1 }

    /// The TLS Secret volume mounted at `tlsDir` (the Secret is made by `kfc certs`), none when
    /// the federation asks for plaintext.
    package static func tlsMounts(_ f: IR.Federation, secret: String) -> [Mount] {
        if f.insecureTransport == true { return [] }
        return [
            Mount(
                name: "tls", source: ["secret": ["secretName": .string(secret), "defaultMode": 0o440]],
                path: tlsDir, readOnly: true)
        ]
    }

    /// `kfc exec`'s transport flags: the TLS folder, or `--insecure` when the federation asks for it.
    package static func securityArgs(_ f: IR.Federation) -> [String] {
        f.insecureTransport == true ? ["--insecure"] : ["--tls-dir", tlsDir]
    }

    /// The folder under which a client's dataset file is mounted, read-only (the file alone).
    package static let dataDir = "/var/lib/kfc/data"
    /// The name of the federation's service account.
    package static let serviceAccount = "kfc"

    /// A volume and where the container mounts it.
    package struct Mount: Sendable {
        /// Volume name.
        package var name: String
        /// The volume source entries (`configMap: …`, `persistentVolumeClaim: …`).
        package var source: YAMLMapping
        /// Mount path in the container.
        package var path: String
        /// Whether the mount is read-only.
        package var readOnly: Bool
        /// The one file or folder of the volume to mount (`subPath`), nil for the whole volume.
        package var subPath: String? = nil
    }

    /// The pod-level security context (built once: every pod shares its storage).
    package static let podSecurityContext: YAMLNode = {
        [
            "runAsNonRoot": true, "runAsUser": .int(uid), "runAsGroup": .int(uid), "fsGroup": .int(uid),
            "seccompProfile": ["type": "RuntimeDefault"],
        ]
    }()

    /// The container-level security context (built once).
    package static let containerSecurityContext: YAMLNode = {
        [
            "allowPrivilegeEscalation": false, "readOnlyRootFilesystem": true, "runAsNonRoot": true,
            "runAsUser": .int(uid), "runAsGroup": .int(uid), "capabilities": ["drop": ["ALL"]],
            "seccompProfile": ["type": "RuntimeDefault"],
        ]
    }()

    /// Requests and limits of a container; extended resources (GPUs) are requested and limited
    /// alike, as Kubernetes requires.
    package static func resources(_ r: IR.Resources) -> YAMLNode {
        var requests: YAMLMapping = [
            "cpu": .string(Quantity.cpu(millis: r.cpuRequestMillis)),
            "memory": .string(Quantity.memory(bytes: r.memoryRequestBytes)),
        ]
        var limits: YAMLMapping = [
            "cpu": .string(Quantity.cpu(millis: r.cpuLimitMillis)),
            "memory": .string(Quantity.memory(bytes: r.memoryLimitBytes)),
        ]
        for (name, n) in (r.extended ?? [:]).sorted(by: { $0.key < $1.key }) {
            requests.append(name, .int(n))
            limits.append(name, .int(n))
        }
        return ["requests": .mapping(requests), "limits": .mapping(limits)]
    }

    /// The resources node of the last `IR.Resources` asked for: a federation's clients mostly
    /// share theirs, and the node is then built once for a run of them, not once a client.
    package struct ResourcesMemo {
        private var last: (resources: IR.Resources, node: YAMLNode)?
        /// Remembers nothing.
        package init() {}
        /// `resources(r)`, built when `r` differs from the last one asked for.
        package mutating func node(_ r: IR.Resources) -> YAMLNode {
            if let last, last.resources == r { return last.node }
            let node = PodSpecBuilder.resources(r)
            last = (r, node)
            return node
        }
    }

    /// What the scheduler needs of the node a pod is placed on.
    package struct Placement: Sendable {
        /// `kubernetes.io/hostname`, required by node affinity.
        package var hostname: String
        /// The node's declared labels, selected by `nodeSelector`.
        package var labels: [String: String] = [:]
        /// The node's taints, tolerated.
        package var taints: [IR.Taint] = []

        /// The placement on `node` of `topology` (its hostname alone when unknown).
        package init(node: String, topology: Topology) {
            let n = topology.nodes[node]
            hostname = n?.hostname ?? node
            labels = n?.labels ?? [:]
            taints = n?.taints ?? []
        }
    }

    /// Required node affinity on `kubernetes.io/hostname`.
    package static func nodeAffinity(hostname: String) -> YAMLNode {
        [
            "nodeAffinity": [
                "requiredDuringSchedulingIgnoredDuringExecution": [
                    "nodeSelectorTerms": [
                        [
                            "matchExpressions": [
                                ["key": "kubernetes.io/hostname", "operator": "In", "values": [.string(hostname)]]
                            ]
                        ]
                    ]
                ]
            ]
        ]
    }

    /// The writable `/tmp` every pod gets (built once).
    private static let tmp = Mount(
        name: "tmp", source: ["emptyDir": ["sizeLimit": "64Mi"]], path: "/tmp", readOnly: false)

    /// A pod template.
    ///
    /// - Parameters:
    ///   - labels: the pod's labels.
    ///   - annotations: the pod's annotations (Kube-OVN binding).
    ///   - container: the container (see `container(...)`).
    ///   - mounts: volumes; a writable `/tmp` is always added, since the root filesystem is read-only.
    ///   - placement: the node the pod must run on (hostname, labels, taints).
    ///   - restartPolicy: `Always` for Deployments, `Never` for Jobs (their `podFailurePolicy` requires it).
    ///   - hostAliases: lines the kubelet adds to the pod's `/etc/hosts` (address, names).
    package static func template(
        labels: YAMLMapping, annotations: YAMLMapping, container: YAMLMapping, mounts: [Mount], placement: Placement,
        restartPolicy: String, hostAliases: [(ip: String, hostnames: [String])] = []
    ) -> YAMLNode {
        let all = mounts + [tmp]
        var c = container
        // Each mapping below is reserved at its largest size: a literal is allocated at its own
        // size, and growing it by an append reallocated it (once per pod template and mount).
        c.reserveCapacity(c.count + 1)
        c.append(
            "volumeMounts",
            .sequence(
                all.map { m in
                    var v: YAMLMapping = ["name": .string(m.name), "mountPath": .string(m.path)]
                    v.reserveCapacity(4)
                    if m.readOnly { v.append("readOnly", true) }
                    if let sub = m.subPath { v.append("subPath", .string(sub)) }
                    return .mapping(v)
                }))
        var metadata: YAMLMapping = ["labels": .mapping(labels)]
        metadata.reserveCapacity(2)
        if !annotations.isEmpty { metadata.append("annotations", .mapping(annotations)) }
        let volumes: [YAMLNode] = all.map { m in
            var v: YAMLMapping = ["name": .string(m.name)]
            v.reserveCapacity(1 + m.source.count)
            v.pairs.append(contentsOf: m.source.pairs)
            return .mapping(v)
        }
        var spec: YAMLMapping = [
            "serviceAccountName": .string(serviceAccount),
            "automountServiceAccountToken": false,
            "enableServiceLinks": false,
            "restartPolicy": .string(restartPolicy),
        ]
        spec.reserveCapacity(11)
        if !hostAliases.isEmpty {
            spec.append(
                "hostAliases",
                .sequence(
                    hostAliases.map { a in
                        ["ip": .string(a.ip), "hostnames": .sequence(a.hostnames.map { .string($0) })]
                    }))
        }
        if !placement.labels.isEmpty {
            spec.append(
                "nodeSelector",
                .mapping(YAMLMapping(placement.labels.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })))
        }
        spec.append("affinity", nodeAffinity(hostname: placement.hostname))
        if !placement.taints.isEmpty {
            spec.append(
                "tolerations",
                .sequence(
                    placement.taints.map { t in
                        var m: YAMLMapping = ["key": .string(t.key), "operator": "Equal", "value": .string(t.value)]
                        m.append("effect", .string(t.effect))
                        return .mapping(m)
                    }))
        }
        spec.append("securityContext", podSecurityContext)
        spec.append("containers", [.mapping(c)])
        spec.append("volumes", .sequence(volumes))
        return ["metadata": .mapping(metadata), "spec": .mapping(spec)]
    }

    /// The one container of a workload: `command` (kfc's by default) with `args`, hardened,
    /// with its resources.
    package static func container(
        name: String, image: String, command: String = "kfc", args: [String], resources r: IR.Resources,
        extra: [(String, YAMLNode)] = []
    ) -> YAMLMapping {
        container(name: name, image: image, command: command, args: args, resources: resources(r), extra: extra)
    }

    /// The one container of a workload, with its resources node already built (`resources(_:)`).
    package static func container(
        name: String, image: String, command: String = "kfc", args: [String], resources: YAMLNode,
        extra: [(String, YAMLNode)] = []
    ) -> YAMLMapping {
        var c: YAMLMapping = [
            "name": .string(name), "image": .string(image), "imagePullPolicy": "IfNotPresent",
            "command": [.string(command)], "args": .sequence(args.map { .string($0) }),
        ]
        for (k, v) in extra { c.append(k, v) }
        c.append("resources", resources)
        c.append("securityContext", containerSecurityContext)
        return c
    }
}
