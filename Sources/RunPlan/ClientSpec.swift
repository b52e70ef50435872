/// One client of the federation: its data and how it trains.
package struct ClientSpec: Codable, Sendable, Equatable {
    /// Stable identifier (unique in the plan), e.g. `client-3`.
    package var id: String
    /// The client's local data.
    package var dataset: DatasetSpec
    /// Local training hyper-parameters.
    package var train: TrainSpec
    /// Example-level DP sampling rate q; nil means `train.batch / training rows`.
    package var samplingRate: Double?

    /// Creates a client entry.
    package init(id: String, dataset: DatasetSpec, train: TrainSpec, samplingRate: Double? = nil) {
        self.id = id
        self.dataset = dataset
        self.train = train
        self.samplingRate = samplingRate
    }

    enum CodingKeys: String, CodingKey {
        case id, dataset, train
        case samplingRate = "sampling_rate"
    }
}

/// A CSV data set: where it is, which column is the label, how features are scaled.
package struct DatasetSpec: Codable, Sendable, Equatable {
    /// The file format (only CSV for now).
    package enum Format: String, Codable, Sendable {
        /// Comma-separated values with a header row; every column but the label is a numeric feature.
        case csv
    }

    /// Path of the file as the executor sees it (inside the container for Kubernetes).
    package var path: String
    /// File format.
    package var format: Format
    /// Name of the label column (integer class labels 0…k−1).
    package var label: String
    /// Feature scaling applied after loading.
    package var scaling: Scaling
    /// Fraction of rows, at the end of the file, held out for federated evaluation.
    package var evalFraction: Double
    /// Number of records the compiler assumed (for accounting), if declared.
    package var records: Int?

    /// Creates a data set entry.
    package init(
        path: String, format: Format = .csv, label: String = "label", scaling: Scaling = .none,
        evalFraction: Double = 0.2, records: Int? = nil
    ) {
        self.path = path
        self.format = format
        self.label = label
        self.scaling = scaling
        self.evalFraction = evalFraction
        self.records = records
    }

    enum CodingKeys: String, CodingKey {
        case path, format, label, scaling
        case evalFraction = "eval_fraction"
        case records
    }

    /// Decodes an entry; `format` defaults to csv, `scaling` to none, `eval_fraction` to 0.2.
    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        path = try c.decode(String.self, forKey: .path)
        format = try c.decodeIfPresent(Format.self, forKey: .format) ?? .csv
        label = try c.decode(String.self, forKey: .label)
        scaling = try c.decodeIfPresent(Scaling.self, forKey: .scaling) ?? .none
        evalFraction = try c.decodeIfPresent(Double.self, forKey: .evalFraction) ?? 0.2
        records = try c.decodeIfPresent(Int.self, forKey: .records)
    }
}

/// Feature scaling, encoded as `{"kind": "divide", "by": 16}`, `{"kind": "minmax"}`, ….
package enum Scaling: Codable, Sendable, Equatable {
    /// Features are used as read.
    case none
    /// Every feature is divided by a constant (e.g. 16 for 4-bit pixels).
    case divide(by: Double)
    /// Each feature is mapped to [0, 1] with the client's training rows' minimum and maximum.
    case minmax
    /// Each feature is centred and divided by its standard deviation on the client's training rows.
    case standardize

    enum CodingKeys: String, CodingKey { case kind, by }

    /// Decodes `{"kind": …}`.
    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        switch try c.decode(String.self, forKey: .kind) {
        case "none": self = .none
        case "divide": self = .divide(by: try c.decode(Double.self, forKey: .by))
        case "minmax": self = .minmax
        case "standardize": self = .standardize
        case let other:
            throw DecodingError.dataCorruptedError(forKey: .kind, in: c, debugDescription: "unknown scaling '\(other)'")
        }
    }

    /// Encodes `{"kind": …}`.
    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .none: try c.encode("none", forKey: .kind)
        case .divide(let by):
            try c.encode("divide", forKey: .kind)
            try c.encode(by, forKey: .by)
        case .minmax: try c.encode("minmax", forKey: .kind)
        case .standardize: try c.encode("standardize", forKey: .kind)
        }
    }
}

/// Local training hyper-parameters (SGD).
package struct TrainSpec: Codable, Sendable, Equatable {
    /// Local epochs per round.
    package var epochs: Int
    /// Mini-batch size (the expected batch size under DP-SGD's Poisson sampling).
    package var batch: Int
    /// Learning rate.
    package var lr: Double
    /// Momentum coefficient (0 for plain SGD).
    package var momentum: Double
    /// L2 weight decay added to the gradient.
    package var weightDecay: Double

    /// Creates hyper-parameters.
    package init(epochs: Int, batch: Int, lr: Double, momentum: Double = 0, weightDecay: Double = 0) {
        self.epochs = epochs
        self.batch = batch
        self.lr = lr
        self.momentum = momentum
        self.weightDecay = weightDecay
    }

    enum CodingKeys: String, CodingKey {
        case epochs, batch, lr, momentum
        case weightDecay = "weight_decay"
    }

    /// Decodes hyper-parameters; `momentum` and `weight_decay` default to 0.
    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        epochs = try c.decode(Int.self, forKey: .epochs)
        batch = try c.decode(Int.self, forKey: .batch)
        lr = try c.decode(Double.self, forKey: .lr)
        momentum = try c.decodeIfPresent(Double.self, forKey: .momentum) ?? 0
        weightDecay = try c.decodeIfPresent(Double.self, forKey: .weightDecay) ?? 0
    }
}
