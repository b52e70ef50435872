/// How the server aggregates client updates, with the strategy's parameters.
///
/// Encoded as an object whose `name` selects the strategy and whose other keys are that
/// strategy's parameters, e.g. `{"name": "trimmed_mean", "beta": 0.1}`.
package enum StrategySpec: Codable, Sendable, Equatable {
    /// Federated averaging weighted by the clients' numbers of training examples.
    case fedavg
    /// FedAvg with a proximal term `mu/2 ‖w − w_global‖²` in each client's local loss.
    case fedprox(mu: Double)
    /// FedAvg followed by a server-side Adam step on the pseudo-gradient.
    case fedadam(FedOptParameters)
    /// FedAvg followed by a server-side Yogi step on the pseudo-gradient.
    case fedyogi(FedOptParameters)
    /// FedAvg followed by a server-side Adagrad step on the pseudo-gradient.
    case fedadagrad(FedOptParameters)
    /// Coordinate-wise median of the client models.
    case fedmedian
    /// Coordinate-wise mean after dropping the `beta` fraction of values at each end.
    case trimmedMean(beta: Double)
    /// Krum: the client model closest to its `n − f − 2` nearest neighbours.
    case krum(f: Int)
    /// Multi-Krum: the average of the `m` client models with the best Krum scores.
    case multikrum(f: Int, m: Int)

    /// The strategy's name as written in plans.
    package var name: String {
        switch self {
        case .fedavg: return "fedavg"
        case .fedprox: return "fedprox"
        case .fedadam: return "fedadam"
        case .fedyogi: return "fedyogi"
        case .fedadagrad: return "fedadagrad"
        case .fedmedian: return "fedmedian"
        case .trimmedMean: return "trimmed_mean"
        case .krum: return "krum"
        case .multikrum: return "multikrum"
        }
    }

    /// The proximal coefficient clients add to their loss (0 unless FedProx).
    package var proximalMu: Double {
        if case .fedprox(let mu) = self { return mu }
        return 0
    }

    enum CodingKeys: String, CodingKey {
        case name, mu, eta
        case etaL = "eta_l"
        case beta1, beta2, tau, beta, f, m
    }

    /// The allowed `name`s.
    package static let names = [
        "fedavg", "fedprox", "fedadam", "fedyogi", "fedadagrad", "fedmedian", "trimmed_mean", "krum", "multikrum",
    ]

    /// Decodes `{"name": …, parameters…}`.
    package init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let name = try c.decode(String.self, forKey: .name)
        func opt() throws -> FedOptParameters {
            FedOptParameters(
                eta: try c.decode(Double.self, forKey: .eta), etaL: try c.decode(Double.self, forKey: .etaL),
                beta1: try c.decode(Double.self, forKey: .beta1), beta2: try c.decode(Double.self, forKey: .beta2),
                tau: try c.decode(Double.self, forKey: .tau))
        }
        switch name {
        case "fedavg": self = .fedavg
        case "fedprox": self = .fedprox(mu: try c.decode(Double.self, forKey: .mu))
        case "fedadam": self = .fedadam(try opt())
        case "fedyogi": self = .fedyogi(try opt())
        case "fedadagrad": self = .fedadagrad(try opt())
        case "fedmedian": self = .fedmedian
        case "trimmed_mean": self = .trimmedMean(beta: try c.decode(Double.self, forKey: .beta))
        case "krum": self = .krum(f: try c.decode(Int.self, forKey: .f))
        case "multikrum":
            self = .multikrum(f: try c.decode(Int.self, forKey: .f), m: try c.decode(Int.self, forKey: .m))
        default:
            throw DecodingError.dataCorruptedError(
                forKey: .name, in: c,
                debugDescription:
                    "unknown strategy '\(name)' (allowed: \(Self.names.map { "'\($0)'" }.joined(separator: ", ")))")
        }
    }

    /// Encodes `{"name": …, parameters…}`.
    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        func opt(_ p: FedOptParameters) throws {
            try c.encode(p.eta, forKey: .eta)
            try c.encode(p.etaL, forKey: .etaL)
            try c.encode(p.beta1, forKey: .beta1)
            try c.encode(p.beta2, forKey: .beta2)
            try c.encode(p.tau, forKey: .tau)
        }
        switch self {
        case .fedavg, .fedmedian: break
        case .fedprox(let mu): try c.encode(mu, forKey: .mu)
        case .fedadam(let p), .fedyogi(let p), .fedadagrad(let p): try opt(p)
        case .trimmedMean(let beta): try c.encode(beta, forKey: .beta)
        case .krum(let f): try c.encode(f, forKey: .f)
        case .multikrum(let f, let m):
            try c.encode(f, forKey: .f)
            try c.encode(m, forKey: .m)
        }
    }
}
