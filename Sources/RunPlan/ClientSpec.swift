/// One client of the federation: its data and how it trains.
package struct ClientSpec: Codable, Sendable, Equatable {
    /// Stable identifier (unique in the plan), e.g. `client-3`.
    package var id: String
    /// The client's local data.
    package var dataset: DatasetSpec
    /// Local training hyper-parameters.
    package var train: TrainSpec
    /// Example-level DP sampling rate q; nil means `train.batch / records` (`PrivacySchedule`).
    package var samplingRate: Double?
    /// DP-SGD steps per round the compiler accounted for; nil means ⌈epochs / q⌉. The ledger
    /// charges exactly these steps, so the ε spent equals `kfc budget` for (q, σ, steps).
    package var stepsPerRound: Int?

    /// Creates a client entry.
    package init(
        id: String, dataset: DatasetSpec, train: TrainSpec, samplingRate: Double? = nil, stepsPerRound: Int? = nil
    ) {
        self.id = id
        self.dataset = dataset
        self.train = train
        self.samplingRate = samplingRate
        self.stepsPerRound = stepsPerRound
    }

    enum CodingKeys: String, CodingKey {
        case id, dataset, train
        case samplingRate = "sampling_rate"
        case stepsPerRound = "steps_per_round"
    }
}
