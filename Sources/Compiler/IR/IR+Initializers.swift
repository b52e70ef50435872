import Privacy

// Initialisers for the IR's structs, so that modules other than Compiler (back ends,
// policy checks, their tests and benchmarks) can build IR values by hand. Swift only
// synthesises internal memberwise initialisers. `origin` comes first so that these
// do not clash with the synthesised ones the compiler itself uses.

extension IR.Origin {
    /// A placeholder origin for IR built by hand (tests, fixtures, importers).
    package static let synthetic = IR.Origin(file: "<synthetic>", line: 1, column: 1)
}

extension IR.Node {
    /// Creates a node.
    package init(
        origin: IR.Origin = .synthetic,
        name: String, cluster: String, hostname: String, cpuMillis: Int, memoryBytes: Int,
        labels: [String: String] = [:], extended: [String: Int]? = nil, taints: [IR.Taint]? = nil
    ) {
        self.name = name
        self.cluster = cluster
        self.hostname = hostname
        self.cpuMillis = cpuMillis
        self.memoryBytes = memoryBytes
        self.labels = labels
        self.extended = extended
        self.taints = taints
        self.origin = origin
    }
}

extension IR.Network {
    /// Creates a network.
    package init(
        origin: IR.Origin = .synthetic, name: String, k8sName: String, pool: String?, zonePrefix: Int = 28,
        egress: Bool = false, zones: [String]
    ) {
        self.name = name
        self.k8sName = k8sName
        self.pool = pool
        self.zonePrefix = zonePrefix
        self.egress = egress
        self.zones = zones
        self.origin = origin
    }
}

extension IR.Zone {
    /// Creates a zone.
    package init(
        origin: IR.Origin = .synthetic,
        name: String, k8sName: String, network: String, cidr: String, gateway: String, excludeIPs: [String],
        isPrivate: Bool, egress: [String] = [], carved: Bool = true
    ) {
        self.name = name
        self.k8sName = k8sName
        self.network = network
        self.cidr = cidr
        self.gateway = gateway
        self.excludeIPs = excludeIPs
        self.isPrivate = isPrivate
        self.egress = egress
        self.carved = carved
        self.origin = origin
    }
}

extension IR.Dataset {
    /// Creates a dataset.
    package init(
        origin: IR.Origin = .synthetic,
        name: String, k8sName: String, format: IR.DataFormat = .csv, labelColumn: String = "label", path: String,
        node: String, records: Int, scaling: IR.Scaling = .none, download: Bool = false, hostPath: Bool = false,
        budget: IR.Budget? = nil
    ) {
        self.name = name
        self.k8sName = k8sName
        self.format = format
        self.labelColumn = labelColumn
        self.path = path
        self.node = node
        self.records = records
        self.scaling = scaling
        self.download = download
        self.hostPath = hostPath
        self.budget = budget
        self.origin = origin
    }
}

extension IR.Privacy {
    /// Creates a privacy section.
    package init(
        origin: IR.Origin = .synthetic,
        unit: PrivacyUnit, epsilon: Double, delta: Double, clip: Double, noise: Double? = nil,
        solvedNoise: Double? = nil, accountant: AccountantKind = .rdp, evaluation: EvaluationRelease = .withheld
    ) {
        self.unit = unit
        self.epsilon = epsilon
        self.delta = delta
        self.clip = clip
        self.noise = noise
        self.solvedNoise = solvedNoise
        self.accountant = accountant
        self.evaluation = evaluation
        self.origin = origin
    }
}

extension IR.Training {
    /// Creates plain SGD settings (no momentum, no weight decay); set those afterwards.
    package init(epochs: Int, batch: Int, lr: Double) {
        self.epochs = epochs
        self.batch = batch
        self.lr = lr
        self.momentum = 0
        self.weightDecay = 0
    }
}

extension IR.Server {
    /// Creates a server.
    package init(
        origin: IR.Origin = .synthetic,
        k8sName: String, zone: String, node: String, port: Int, address: String, image: String,
        resources: IR.Resources
    ) {
        self.k8sName = k8sName
        self.zone = zone
        self.node = node
        self.port = port
        self.address = address
        self.image = image
        self.resources = resources
        self.origin = origin
    }
}

extension IR.Client {
    /// Creates a client.
    package init(
        origin: IR.Origin = .synthetic,
        name: String, id: Int, k8sName: String, zone: String, node: String, dataset: String, train: IR.Training,
        image: String, resources: IR.Resources, budget: IR.Budget? = nil
    ) {
        self.name = name
        self.id = id
        self.k8sName = k8sName
        self.zone = zone
        self.node = node
        self.dataset = dataset
        self.train = train
        self.image = image
        self.resources = resources
        self.budget = budget
        self.origin = origin
    }
}

extension IR.Federation {
    /// Creates a federation.
    package init(
        origin: IR.Origin = .synthetic,
        name: String, namespace: String, model: IR.Component<IR.ModelKind>, strategy: IR.Component<IR.StrategyKind>,
        rounds: Int, minClients: Int,
        fractionFit: Double, server: IR.Server, clients: [IR.Client], privacy: IR.Privacy?
    ) {
        self.name = name
        self.namespace = namespace
        self.model = model
        self.strategy = strategy
        self.rounds = rounds
        self.minClients = minClients
        self.fractionFit = fractionFit
        self.server = server
        self.clients = clients
        self.privacy = privacy
        self.origin = origin
    }
}

extension IR.Requirement {
    /// Creates a requirement.
    package init(
        origin: IR.Origin = .synthetic, kind: String, subjects: [String], subjectKinds: [IR.SubjectKind],
        bound: Double? = nil
    ) {
        self.kind = kind
        self.subjects = subjects
        self.subjectKinds = subjectKinds
        self.bound = bound
        self.origin = origin
    }
}
