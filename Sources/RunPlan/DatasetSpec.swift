import Privacy

/// A CSV data set: where it is, which column is the label, how features are scaled.
package struct DatasetSpec: Codable, Sendable, Equatable {
    /// The file format (only CSV for now).
    package enum Format: String, ClosedStringEnum {
        /// For messages.
        package static let noun = "data format"

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
