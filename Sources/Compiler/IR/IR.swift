import KFLang

/// The compiler's product: a flat, fully resolved, deterministic description of a deployment.
///
/// Every replicated declaration is expanded (`client[3]` is its own entry), every zone has its
/// CIDR and gateway, every workload its Kubernetes name, node and resources, and every entry
/// remembers the `.kf` location that produced it (`Origin`) so later passes can point back at
/// the source. PolicyCheck and Backends read only this. Encoded as JSON by `kfc build --emit ir`
/// (schema: `docs/ir.schema.json`, prose: `docs/ir.md`).
package enum IR {
    /// Version of the IR's JSON form; bumped on incompatible changes.
    package static let version = 1
    /// The extended resource a `gpu` count stands for.
    package static let gpuResource = "nvidia.com/gpu"
}

extension IR {
    /// Where in the `.kf` sources an IR entry came from.
    package struct Origin: Codable, Sendable, Hashable {
        /// Path of the file as the user named it (or relative to the stdlib).
        package var file: String
        /// 1-based line.
        package var line: Int
        /// 1-based byte column.
        package var column: Int
        package init(file: String, line: Int, column: Int) {
            self.file = file
            self.line = line
            self.column = column
        }
    }

    /// A whole compiled deployment.
    package struct Deployment: Codable, Sendable, Equatable {
        /// `IR.version`.
        package var version: Int = IR.version
        /// Clusters, in declaration order (files in load order, then source order).
        package var clusters: [Cluster] = []
        /// Every node of every cluster, in declaration order (replicas by index).
        package var nodes: [Node] = []
        /// Networks, in declaration order.
        package var networks: [Network] = []
        /// Every zone of every network, in declaration order within a network.
        package var zones: [Zone] = []
        /// Every dataset (replicas expanded), in declaration order.
        package var datasets: [Dataset] = []
        /// Federations, in declaration order.
        package var federations: [Federation] = []
        /// Policy requirements, rules and waivers of every `policy` block.
        package var policy = Policy()
        package init() {}
    }

    /// A cluster: a group of nodes.
    package struct Cluster: Codable, Sendable, Equatable {
        package var name: String
        package var origin: Origin
        package init(name: String, origin: Origin) {
            self.name = name
            self.origin = origin
        }
    }

    /// A Kubernetes node that workloads can be pinned to.
    package struct Node: Codable, Sendable, Equatable {
        /// Qualified name, e.g. `lab.edge[3]`.
        package var name: String
        /// The cluster it belongs to.
        package var cluster: String
        /// `kubernetes.io/hostname` of the node.
        package var hostname: String
        /// Allocatable CPU in millicores.
        package var cpuMillis: Int
        /// Allocatable memory in bytes.
        package var memoryBytes: Int
        /// Node labels declared in the source, sorted by key; pods placed on the node select them.
        package var labels: [String: String]
        /// Extended resources the node offers (`nvidia.com/gpu` for `gpu`), by name; nil when none.
        package var extended: [String: Int]?
        /// The node's taints, which the pods placed on it tolerate; nil when none.
        package var taints: [Taint]?
        package var origin: Origin
    }

    /// A node taint.
    package struct Taint: Codable, Sendable, Equatable {
        package var key: String
        package var value: String
        /// One of ``effects``.
        package var effect: String
        /// The effects Kubernetes knows.
        package static let effects = ["NoSchedule", "PreferNoSchedule", "NoExecute"]
        package init(key: String, value: String, effect: String) {
            self.key = key
            self.value = value
            self.effect = effect
        }
    }

    /// A network: one KubeOVN Vpc and the pool its zones are carved from.
    package struct Network: Codable, Sendable, Equatable {
        /// Source name, e.g. `fl_net`.
        package var name: String
        /// DNS-1123 name of the Vpc.
        package var k8sName: String
        /// The address pool zones without a CIDR are carved from.
        package var pool: String?
        /// Prefix length of the blocks carved for zones without a CIDR.
        package var zonePrefix: Int
        /// Whether the network has a route to the internet (`egress: true`).
        package var egress: Bool
        /// Qualified names of its zones, in order.
        package var zones: [String]
        package var origin: Origin
    }

    /// A zone: one KubeOVN Subnet.
    package struct Zone: Codable, Sendable, Equatable {
        /// Qualified name, e.g. `fl_net.site[3]`.
        package var name: String
        /// DNS-1123 name of the Subnet.
        package var k8sName: String
        /// The network (Vpc) it belongs to.
        package var network: String
        /// The zone's block, e.g. `10.18.0.16/28` (declared or carved).
        package var cidr: String
        /// The gateway address (first usable address of the block).
        package var gateway: String
        /// Addresses KubeOVN must not hand out (the gateway and any reserved ones), sorted.
        package var excludeIPs: [String]
        /// Whether the zone admits only declared flows.
        package var isPrivate: Bool
        /// Destinations this zone may reach outside its network (`0.0.0.0/0` for the internet).
        package var egress: [String]
        /// Whether `cidr` was carved by the compiler rather than declared.
        package var carved: Bool
        package var origin: Origin
    }

    /// CPU and memory requests and limits of one container.
    package struct Resources: Codable, Sendable, Equatable {
        package var cpuRequestMillis: Int
        package var cpuLimitMillis: Int
        package var memoryRequestBytes: Int
        package var memoryLimitBytes: Int
        /// Extended resources (`nvidia.com/gpu` for `gpu`), requested and limited alike, by
        /// name; nil when none.
        package var extended: [String: Int]?
        package init(
            cpuRequestMillis: Int, cpuLimitMillis: Int, memoryRequestBytes: Int, memoryLimitBytes: Int,
            extended: [String: Int]? = nil
        ) {
            self.cpuRequestMillis = cpuRequestMillis
            self.cpuLimitMillis = cpuLimitMillis
            self.memoryRequestBytes = memoryRequestBytes
            self.memoryLimitBytes = memoryLimitBytes
            self.extended = extended
        }
    }

    /// A privacy budget: (ε, δ).
    package struct Budget: Codable, Sendable, Equatable {
        package var epsilon: Double
        package var delta: Double
        package init(epsilon: Double, delta: Double) {
            self.epsilon = epsilon
            self.delta = delta
        }
    }

    /// A dataset and where it lives.
    package struct Dataset: Codable, Sendable, Equatable {
        /// Qualified name, e.g. `digits[3]`.
        package var name: String
        /// DNS-1123 name of its PersistentVolume.
        package var k8sName: String
        /// File format (`csv`, `parquet`), decoded strictly.
        package var format: IR.DataFormat
        /// The label column (csv).
        package var labelColumn: String
        /// Path of the data on its node.
        package var path: String
        /// The node holding the data.
        package var node: String
        /// Number of records (used for sampling rates).
        package var records: Int
        /// Feature scaling applied when loading (`none`, `divide:16`, `minmax`, `standardize`),
        /// decoded strictly.
        package var scaling: IR.Scaling
        /// Whether the data must be downloaded at start (needs egress).
        package var download: Bool
        /// Mount the data with hostPath instead of a local PersistentVolume.
        package var hostPath: Bool
        /// The data's lifetime budget across every federation that reads it.
        package var budget: Budget?
        package var origin: Origin
    }
}

extension IR.Origin {
    /// The origin as a `SourceLocation`, for diagnostics of later stages.
    package var location: SourceLocation { SourceLocation(path: file, line: line, column: column) }
}
