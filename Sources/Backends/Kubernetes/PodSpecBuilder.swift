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

    /// A volume and where the container mounts it. Its nodes, when built once for many pods
    /// (`shared()`, `sharingEntry()`), are dropped by any change to the fields they are made
    /// of: a built node is always this mount's.
    package struct Mount: Sendable {
        /// Volume name.
        package var name: String {
            didSet {
                entryNode = nil
                volumeNode = nil
            }
        }
        /// The volume source entries (`configMap: …`, `persistentVolumeClaim: …`).
        package var source: YAMLMapping { didSet { volumeNode = nil } }
        /// Mount path in the container.
        package var path: String { didSet { entryNode = nil } }
        /// Whether the mount is read-only.
        package var readOnly: Bool { didSet { entryNode = nil } }
        /// The one file or folder of the volume to mount (`subPath`), nil for the whole volume.
        package var subPath: String? = nil { didSet { entryNode = nil } }

        /// Its `volumeMounts` entry, when built once for many pods (`sharingEntry()`).
        package private(set) var entryNode: YAMLNode? = nil
        /// Its volume, when built once for many pods (`shared()`).
        package private(set) var volumeNode: YAMLNode? = nil

        /// A mount.
        package init(name: String, source: YAMLMapping, path: String, readOnly: Bool, subPath: String? = nil) {
            self.name = name
            self.source = source
            self.path = path
            self.readOnly = readOnly
            self.subPath = subPath
        }

        /// Its `volumeMounts` entry.
        var entry: YAMLNode {
            if let entryNode { return entryNode }
            var v: [YAMLMapping.Pair] = []
            v.reserveCapacity(4)
            v.append(("name", .string(name)))
            v.append(("mountPath", .string(path)))
            if readOnly { v.append(("readOnly", true)) }
            if let subPath { v.append(("subPath", .string(subPath))) }
            return .mapping(YAMLMapping(v))
        }

        /// Its volume.
        var volume: YAMLNode {
            if let volumeNode { return volumeNode }
            var v: [YAMLMapping.Pair] = []
            v.reserveCapacity(1 + source.count)
            v.append(("name", .string(name)))
            v.append(contentsOf: source.pairs)
            return .mapping(YAMLMapping(v))
        }

        /// This mount with its `volumeMounts` entry built, for the pods that mount a volume of
        /// their own alike (their ledgers): one node, not one a pod.
        package func sharingEntry() -> Mount {
            var m = self
            m.entryNode = entry
            return m
        }

        /// This mount with its entry and volume built, for pods that mount the same volume.
        package func shared() -> Mount {
            var m = sharingEntry()
            m.volumeNode = volume
            return m
        }

        /// This mount of another source (its entry, when built, still serves).
        package func withSource(_ source: YAMLMapping) -> Mount {
            var m = self
            m.source = source
            return m
        }

        /// This mount with the `volumeMounts` entry built for `other`, when `other` is mounted
        /// alike (the same name, path, read-only flag and file); else as it is.
        package func sharingEntry(of other: Mount) -> Mount {
            guard let node = other.entryNode, name == other.name, path == other.path, readOnly == other.readOnly,
                subPath == other.subPath
            else { return self }
            var m = self
            m.entryNode = node
            return m
        }
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

    /// The nodes of the pod templates built last, reused where the next template's parts are
    /// the same: a federation's clients share most of theirs (resources, host aliases, node
    /// selector, claim resources, volume sources; mounts carry their own, `Mount.shared()`).
    /// One node for a run of clients is one allocation,
    /// not one a client, read by the proofs from the cache, and one collection the YAML writer
    /// copies instead of walking (`YAMLDirectEmitter.Subtrees`).
    package struct Memo {
        private var resources: (key: IR.Resources, node: YAMLNode)?
        private var hostAliases: (key: [HostAlias], node: YAMLNode)?
        private var nodeSelector: (key: [String: String], node: YAMLNode)?
        private var source: (key: IR.Origin, annotations: YAMLMapping)?
        private var byText: [(key: [String], node: YAMLNode)?] = Array(repeating: nil, count: Slot.allCases.count)

        /// The other nodes a memo keeps, each the last one made of its text.
        package enum Slot: Int, CaseIterable {
            /// A client's ledger claim's `resources`, of its size.
            case ledgerResources
            /// A data volume's `local`, of its folder.
            case localPath
            /// A Subnet's `allowSubnets`, of its peers' blocks.
            case allowSubnets
            /// A Subnet's `namespaces`.
            case namespaces
        }

        /// Remembers nothing.
        package init() {}

        /// The node `build` makes of `key` for `slot`: built when `key` differs from the last
        /// one asked for there.
        package mutating func node(_ slot: Slot, _ key: [String], _ build: ([String]) -> YAMLNode) -> YAMLNode {
            if let last = byText[slot.rawValue], last.key == key { return last.node }
            let node = build(key)
            byText[slot.rawValue] = (key, node)
            return node
        }

        /// `KFCLabels.sourceAnnotation(origin)`, built when `origin` differs from the last one
        /// asked for: a replicated declaration's objects all come from its one line.
        package mutating func sourceAnnotation(_ origin: IR.Origin) -> YAMLMapping {
            if let source, source.key == origin { return source.annotations }
            let annotations = KFCLabels.sourceAnnotation(origin)
            source = (origin, annotations)
            return annotations
        }

        /// `PodSpecBuilder.resources(r)`, built when `r` differs from the last one asked for.
        package mutating func resources(_ r: IR.Resources) -> YAMLNode {
            if let resources, resources.key == r { return resources.node }
            let node = PodSpecBuilder.resources(r)
            resources = (r, node)
            return node
        }

        /// The `hostAliases` of `aliases`.
        mutating func hostAliases(_ aliases: [HostAlias]) -> YAMLNode {
            if let hostAliases, hostAliases.key == aliases { return hostAliases.node }
            let node = YAMLNode.sequence(
                aliases.map { a in ["ip": .string(a.ip), "hostnames": .sequence(a.hostnames.map { .string($0) })] })
            hostAliases = (aliases, node)
            return node
        }

        /// The `nodeSelector` of a node's `labels`, sorted by key.
        mutating func nodeSelector(_ labels: [String: String]) -> YAMLNode {
            if let nodeSelector, nodeSelector.key == labels { return nodeSelector.node }
            let node = YAMLNode.mapping(
                YAMLMapping(labels.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) }))
            nodeSelector = (labels, node)
            return node
        }
    }

    /// A line the kubelet adds to a pod's `/etc/hosts`.
    package struct HostAlias: Sendable, Equatable {
        /// The address.
        package var ip: String
        /// The names it answers to.
        package var hostnames: [String]

        /// An address and its names.
        package init(_ ip: String, _ hostnames: [String]) {
            self.ip = ip
            self.hostnames = hostnames
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
        name: "tmp", source: ["emptyDir": ["sizeLimit": "64Mi"]], path: "/tmp", readOnly: false
    ).shared()

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
    ///   - memo: the parts of the templates built before, reused where they are the same.
    package static func template(
        labels: YAMLMapping, annotations: YAMLMapping, container: consuming YAMLMapping, mounts: [Mount],
        placement: Placement, restartPolicy: String, hostAliases: [HostAlias] = [], memo: inout Memo
    ) -> YAMLNode {
        let all = mounts + [tmp]
        var c = container
        // Each mapping below is made at its largest size: growing one by an append
        // reallocated it (once per pod template and mount), and so did reserving room in a
        // mapping made from a literal, which is allocated at its own size.
        c.reserveCapacity(c.count + 1)
        c.append("volumeMounts", .sequence(all.map(\.entry)))
        var metadata: [YAMLMapping.Pair] = []
        metadata.reserveCapacity(2)
        metadata.append(("labels", .mapping(labels)))
        if !annotations.isEmpty { metadata.append(("annotations", .mapping(annotations))) }
        let volumes: [YAMLNode] = all.map(\.volume)
        var spec: [YAMLMapping.Pair] = []
        spec.reserveCapacity(11)
        spec.append(("serviceAccountName", .string(serviceAccount)))
        spec.append(("automountServiceAccountToken", false))
        spec.append(("enableServiceLinks", false))
        spec.append(("restartPolicy", .string(restartPolicy)))
        if !hostAliases.isEmpty { spec.append(("hostAliases", memo.hostAliases(hostAliases))) }
        if !placement.labels.isEmpty { spec.append(("nodeSelector", memo.nodeSelector(placement.labels))) }
        spec.append(("affinity", nodeAffinity(hostname: placement.hostname)))
        if !placement.taints.isEmpty {
            spec.append(
                (
                    "tolerations",
                    .sequence(
                        placement.taints.map { t in
                            [
                                "key": .string(t.key), "operator": "Equal", "value": .string(t.value),
                                "effect": .string(t.effect),
                            ]
                        })
                ))
        }
        spec.append(("securityContext", podSecurityContext))
        spec.append(("containers", [.mapping(c)]))
        spec.append(("volumes", .sequence(volumes)))
        return ["metadata": .mapping(YAMLMapping(metadata)), "spec": .mapping(YAMLMapping(spec))]
    }

    /// A pod template built on its own (a workload with one pod template: the server's).
    package static func template(
        labels: YAMLMapping, annotations: YAMLMapping, container: YAMLMapping, mounts: [Mount], placement: Placement,
        restartPolicy: String, hostAliases: [HostAlias] = []
    ) -> YAMLNode {
        var memo = Memo()
        return template(
            labels: labels, annotations: annotations, container: container, mounts: mounts, placement: placement,
            restartPolicy: restartPolicy, hostAliases: hostAliases, memo: &memo)
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
        // At its final size, with room for the template's `volumeMounts`.
        var c: [YAMLMapping.Pair] = []
        c.reserveCapacity(8 + extra.count)
        c.append(("name", .string(name)))
        c.append(("image", .string(image)))
        c.append(("imagePullPolicy", "IfNotPresent"))
        c.append(("command", command == "kfc" ? kfcCommand : [.string(command)]))
        c.append(("args", .sequence(args.map { .string($0) })))
        c.append(contentsOf: extra)
        c.append(("resources", resources))
        c.append(("securityContext", containerSecurityContext))
        return YAMLMapping(c)
    }

    /// `command: [kfc]` (built once).
    private static let kfcCommand: YAMLNode = ["kfc"]
}
