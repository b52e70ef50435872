import Privacy

extension IR {
    /// A parameter value of a model or strategy (kept generic; the stdlib types it).
    package indirect enum Value: Codable, Sendable, Equatable {
        case int(Int)
        case float(Double)
        case bool(Bool)
        case string(String)
        case list([Value])
        case record([String: Value])

        package init(from decoder: Decoder) throws {
            let c = try decoder.singleValueContainer()
            if let b = try? c.decode(Bool.self) {
                self = .bool(b)
            } else if let i = try? c.decode(Int.self) {
                self = .int(i)
            } else if let d = try? c.decode(Double.self) {
                self = .float(d)
            } else if let s = try? c.decode(String.self) {
                self = .string(s)
            } else if let l = try? c.decode([Value].self) {
                self = .list(l)
            } else {
                self = .record(try c.decode([String: Value].self))
            }
        }

        package func encode(to encoder: Encoder) throws {
            var c = encoder.singleValueContainer()
            switch self {
            case .int(let i): try c.encode(i)
            case .float(let d): try c.encode(d)
            case .bool(let b): try c.encode(b)
            case .string(let s): try c.encode(s)
            case .list(let l): try c.encode(l)
            case .record(let r): try c.encode(r)
            }
        }
    }

    /// A model or strategy: a stdlib name, decoded strictly, and its parameters.
    package struct Component<Kind: ClosedStringEnum & Equatable>: Codable, Sendable, Equatable {
        /// The stdlib name, e.g. `mlp` or `fedavg`.
        package var kind: Kind
        /// Parameters, sorted by name when encoded.
        package var params: [String: Value]
        package init(kind: Kind, params: [String: Value]) {
            self.kind = kind
            self.params = params
        }
    }

    /// How privacy is spent by a federation.
    package struct Privacy: Codable, Sendable, Equatable {
        /// `example` (DP-SGD on each client) or `client` (DP-FedAvg on the server); decoded
        /// strictly (an unknown unit names the allowed ones).
        package var unit: PrivacyUnit
        /// Target ε for the federation.
        package var epsilon: Double
        /// Target δ.
        package var delta: Double
        /// Clipping norm C.
        package var clip: Double
        /// The noise multiplier σ if fixed in the source; nil means `auto`.
        package var noise: Double?
        /// σ solved by the policy pass for `noise: auto` (nil until solved).
        package var solvedNoise: Double?
        /// `rdp` or `pld`, decoded strictly.
        package var accountant: AccountantKind
        /// What a client's evaluation releases: `withheld` (nothing) or `charged` (one Gaussian
        /// release a round, composed with the training steps); decoded strictly.
        package var evaluation: EvaluationRelease
        package var origin: Origin
    }

    /// Local training settings of a client.
    package struct Training: Codable, Sendable, Equatable {
        package var epochs: Int
        package var batch: Int
        package var lr: Double
        package var momentum: Double
        package var weightDecay: Double
        /// True when `train: auto` chose these settings from the budget (`AutoTraining`);
        /// nil when the source wrote them.
        package var auto: Bool? = nil
    }

    /// The federation's server.
    package struct Server: Codable, Sendable, Equatable {
        /// DNS-1123 name of its Deployment and Service.
        package var k8sName: String
        package var zone: String
        package var node: String
        package var port: Int
        /// The fixed address clients dial (allocated by the compiler in the server's zone).
        package var address: String
        package var image: String
        package var resources: Resources
        package var origin: Origin
    }

    /// One client of a federation (replicas expanded).
    package struct Client: Codable, Sendable, Equatable {
        /// Qualified name, e.g. `digits_fl.client[3]`.
        package var name: String
        /// Client id used by the executor (`0`, `1`, … in declaration order).
        package var id: Int
        /// DNS-1123 name of its workload.
        package var k8sName: String
        package var zone: String
        package var node: String
        package var dataset: String
        package var train: Training
        package var image: String
        package var resources: Resources
        /// A personal budget for this client's data (personalised DP), if declared.
        package var budget: Budget?
        /// The noise multiplier solved for this client's personal budget when it needs more
        /// noise than the federation's (nil: the federation's noise applies).
        package var solvedNoise: Double? = nil
        package var origin: Origin
    }

    /// A Flower app a federation runs instead of kfc's executor (its `flower` block).
    package struct FlowerApp: Codable, Sendable, Equatable {
        /// The user's image: Flower (`flower-superlink`, `flower-supernode`) and the app installed.
        package var image: String
        /// What `flwr run` submits: the app's folder (relative to the `.kf` file) or a FAB.
        package var app: String
        /// Run-config values passed to the app with `flwr run --run-config`, besides kfc's own;
        /// Int, Float, Bool or String only.
        package var config: [String: Value]
        package var origin: Origin
    }

    /// A federation: a server, its clients, model, strategy and privacy.
    package struct Federation: Codable, Sendable, Equatable {
        package var name: String
        /// DNS-1123 name of its namespace.
        package var namespace: String
        /// The model kfc's executor trains; nil when the federation runs a Flower app.
        package var model: Component<ModelKind>?
        /// The executor's strategy; nil when the federation runs a Flower app.
        package var strategy: Component<StrategyKind>?
        /// The Flower app the federation runs (nil: kfc's executor runs it).
        package var flower: FlowerApp? = nil
        package var rounds: Int
        /// Fewest clients a round needs.
        package var minClients: Int
        /// Fraction of clients sampled each round.
        package var fractionFit: Double
        /// How long a round waits for its clients, in milliseconds (nil: the executor's default).
        package var roundTimeoutMillis: Int?
        /// True when the federation asks for plaintext transport (`transport: insecure`);
        /// nil (the default) is mutual TLS.
        package var insecureTransport: Bool? = nil
        package var server: Server
        package var clients: [Client]
        package var privacy: Privacy?
        package var origin: Origin
    }

    /// A `require` in a policy block.
    package struct Requirement: Codable, Sendable, Equatable {
        /// `isolated`, `no_internet`, `budget`, …
        package var kind: String
        /// What it applies to (qualified names).
        package var subjects: [String]
        /// The kind of declaration each subject resolved to, one per subject, in order.
        package var subjectKinds: [SubjectKind]
        /// A bound, for comparisons such as `budget(f) <= 1.0`.
        package var bound: Double?
        package var origin: Origin
    }

    /// The kind of declaration a requirement's subject resolved to.
    package enum SubjectKind: String, Codable, Sendable, Equatable, CaseIterable {
        /// A federation (for `isolated` and `no_internet`: all its clients, or its server and clients).
        case federation
        /// A federation's clients: `f.client`, a named client group, or one client.
        case clients
        /// A network (all its zones).
        case network
        /// A zone or a replicated zone group.
        case zones
        /// A dataset or a replicated dataset group.
        case datasets
    }

    /// A custom jq rule.
    package struct Rule: Codable, Sendable, Equatable {
        package var name: String
        /// The jq program.
        package var jq: String
        /// `manifests` or `ir`.
        package var on: String
        package var origin: Origin
    }

    /// A waiver of a finding.
    package struct Waiver: Codable, Sendable, Equatable {
        /// The rule or check id waived.
        package var rule: String
        /// Why (never empty).
        package var reason: String
        package var origin: Origin
    }

    /// Everything the `policy` blocks say.
    package struct Policy: Codable, Sendable, Equatable {
        package var requirements: [Requirement] = []
        package var rules: [Rule] = []
        package var waivers: [Waiver] = []
        package init() {}
    }
}
