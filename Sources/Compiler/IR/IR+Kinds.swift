import Privacy

extension IR {
    /// The models kfc's executor trains, by their stdlib names; decoded strictly.
    package enum ModelKind: String, ClosedStringEnum {
        /// For messages.
        package static let noun = "model kind"

        /// `std/models.logistic_regression`.
        case logisticRegression = "logistic_regression"
        /// `std/models.mlp`.
        case mlp
    }

    /// The aggregation strategies kfc's executor implements, by their stdlib names; decoded strictly.
    package enum StrategyKind: String, ClosedStringEnum {
        /// For messages.
        package static let noun = "strategy"

        case fedavg, fedprox, fedadam, fedyogi, fedadagrad, fedmedian
        case trimmedMean = "trimmed_mean"
        case krum, multikrum
    }

    /// The file formats a dataset may declare; decoded strictly. The executor reads `csv` only
    /// (a federation reading a `parquet` dataset is a KF5006 warning).
    package enum DataFormat: String, ClosedStringEnum {
        /// For messages.
        package static let noun = "data format"

        case csv, parquet
    }

    /// Feature scaling applied when a dataset is loaded. Encoded as one string: `none`,
    /// `minmax`, `standardize`, `divide:<by>` with a finite positive `by` (`divide:16`), or
    /// `affine:<scale>,<shift>` with a finite non-zero `scale` and a finite `shift`
    /// (`affine:0.0625,-0.5`); anything else is an error naming the allowed forms.
    package enum Scaling: Codable, Sendable, Equatable, CustomStringConvertible {
        case none
        case minmax
        case standardize
        /// Every feature divided by `by` (finite, positive).
        case divide(by: Double)
        /// Every feature mapped to `scale × x + shift` (finite; `scale` not 0).
        case affine(scale: Double, shift: Double)

        /// The allowed forms, for messages.
        package static let forms = [
            "none", "divide:<positive number>", "affine:<scale>,<shift>", "minmax", "standardize",
        ]

        /// Parses the string form; nil for anything else.
        package init?(_ text: String) {
            switch text {
            case "none": self = .none
            case "minmax": self = .minmax
            case "standardize": self = .standardize
            default:
                if text.hasPrefix("affine:") {
                    let parts = text.dropFirst("affine:".count).split(separator: ",", omittingEmptySubsequences: false)
                    guard parts.count == 2, let scale = Double(parts[0]), let shift = Double(parts[1]),
                        scale.isFinite, scale != 0, shift.isFinite
                    else { return nil }
                    self = .affine(scale: scale, shift: shift)
                    return
                }
                guard text.hasPrefix("divide:"), let by = Double(text.dropFirst("divide:".count)), by.isFinite,
                    by > 0
                else { return nil }
                self = .divide(by: by)
            }
        }

        /// The string form: `divide:16` for `.divide(by: 16)`.
        package var description: String {
            switch self {
            case .none: "none"
            case .minmax: "minmax"
            case .standardize: "standardize"
            case .divide(let by): "divide:\(Evaluator.format(by))"
            case .affine(let scale, let shift): "affine:\(Evaluator.format(scale)),\(Evaluator.format(shift))"
            }
        }

        /// The message for an unknown form.
        package static func unknown(_ text: String) -> String {
            "unknown scaling '\(text)' (allowed: \(forms.map { "'\($0)'" }.joined(separator: ", ")))"
        }

        /// Decodes the string form strictly.
        package init(from decoder: any Decoder) throws {
            let c = try decoder.singleValueContainer()
            let text = try c.decode(String.self)
            guard let s = Scaling(text) else {
                throw DecodingError.dataCorruptedError(in: c, debugDescription: Self.unknown(text))
            }
            self = s
        }

        /// Encodes the string form.
        package func encode(to encoder: any Encoder) throws {
            var c = encoder.singleValueContainer()
            try c.encode(description)
        }
    }
}
