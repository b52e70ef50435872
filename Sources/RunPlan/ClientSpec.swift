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
