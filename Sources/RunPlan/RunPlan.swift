import Foundation

/// # RunPlan
///
/// The versioned, `Codable` run-plan schema: everything the executor needs to carry out one
/// federation. Shared by the back end that writes it and the executor that reads it.
enum RunPlanModule {}

/// The complete, versioned input of one federated-learning run.
///
/// A back end writes one plan per federation (`plan.json`); the executor (`kfc run`,
/// `kfc exec server|client`) needs nothing else. Keys are snake_case; `encoded()` writes
/// them sorted and pretty-printed so the same plan is always the same bytes.
/// Every field is documented in `docs/run-plan.md` and `docs/run-plan.schema.json`.
package struct RunPlan: Codable, Sendable, Equatable {
    /// The schema version this build reads and writes.
    package static let currentVersion = 1

    /// The schema version of this plan; `decode(from:)` rejects any other.
    package var version: Int = RunPlan.currentVersion
    /// The federation's name (used for output folders and labels).
    package var federation: String
    /// The model every client trains.
    package var model: ModelSpec
    /// How the server aggregates client updates.
    package var strategy: StrategySpec
    /// Number of federated rounds.
    package var rounds: Int
    /// Fewest client updates a round needs to be aggregated.
    package var minFit: Int
    /// Fewest connected clients needed before a round starts.
    package var minClients: Int
    /// Fraction of the available clients sampled for training in each round.
    package var fractionFit: Double
    /// Where the server listens and keeps its checkpoints.
    package var server: ServerSpec
    /// One entry per client, sorted by id.
    package var clients: [ClientSpec]
    /// Differential privacy: unit, budget, clipping, noise and accountant.
    package var privacy: PrivacySpec
    /// Time limits of the transport.
    package var timeouts: TimeoutSpec
    /// Seeds of the non-private randomness, and the test-only seed of the private one.
    package var seeds: SeedSpec

    /// Creates a plan; `version` is always `currentVersion`.
    package init(
        federation: String, model: ModelSpec, strategy: StrategySpec, rounds: Int, minFit: Int,
        minClients: Int, fractionFit: Double = 1.0, server: ServerSpec, clients: [ClientSpec],
        privacy: PrivacySpec = PrivacySpec(), timeouts: TimeoutSpec = TimeoutSpec(), seeds: SeedSpec = SeedSpec()
    ) {
        self.federation = federation
        self.model = model
        self.strategy = strategy
        self.rounds = rounds
        self.minFit = minFit
        self.minClients = minClients
        self.fractionFit = fractionFit
        self.server = server
        self.clients = clients
        self.privacy = privacy
        self.timeouts = timeouts
        self.seeds = seeds
    }

    enum CodingKeys: String, CodingKey {
        case version, federation, model, strategy, rounds
        case minFit = "min_fit"
        case minClients = "min_clients"
        case fractionFit = "fraction_fit"
        case server, clients, privacy, timeouts, seeds
    }

    /// The client entry with `id`, if any.
    package func client(_ id: String) -> ClientSpec? {
        clients.first { $0.id == id }
    }

    /// The FedAvg weight client `id`'s update must carry under DP: its dataset's declared
    /// `records` (public, in the plan), or 1 where none is declared; nil without DP, where the
    /// update carries its training rows. A client's actual row count is private, so under DP it
    /// never leaves the client.
    package func publicWeight(of id: String) -> Int? {
        guard privacy.unit != .none else { return nil }
        return client(id)?.dataset.records ?? 1
    }
}

// MARK: - Encoding

extension RunPlan {
    /// The plan as deterministic JSON: sorted keys, pretty-printed, unescaped slashes, final newline.
    ///
    /// The bytes are `encodedByFoundation()`'s. The clients, most of a large plan, are written
    /// directly when their strings are printable ASCII without quotes or backslashes and their
    /// numbers are finite (always, for plans kfc builds); otherwise the whole plan goes through
    /// `JSONEncoder`. Tests compare both ways on generated plans and every example's.
    package func encoded() -> Data {
        guard !clients.isEmpty, clients.allSatisfy(\.isWrittenDirectly) else { return encodedByFoundation() }
        var rest = self
        rest.clients = []
        let tail = rest.encodedByFoundation()
        // Sorted, `clients` is the first key: JSONEncoder writes the empty array as this line.
        let emptyClients = Data("{\n  \"clients\" : [\n\n  ],\n".utf8)
        guard tail.starts(with: emptyClients) else { return encodedByFoundation() }
        var out: [UInt8] = []
        out.reserveCapacity(tail.count + clients.count * 512)
        out += "{\n  \"clients\" : [\n".utf8
        var numbers = JSONNumbers()
        for (i, c) in clients.enumerated() {
            if i > 0 { out += ",\n".utf8 }
            c.appendJSON(to: &out, numbers: &numbers)
        }
        out += "\n  ],\n".utf8
        out += tail.dropFirst(emptyClients.count)
        return Data(out)
    }

    /// The plan as `JSONEncoder` writes it (sorted keys, pretty-printed, unescaped slashes),
    /// with a final newline: the reference for `encoded()`.
    package func encodedByFoundation() -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        // Encoding plain structs of numbers and strings cannot fail, except for non-finite
        // doubles, which no valid plan holds; they are written as strings rather than trapping.
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        var data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        data.append(UInt8(ascii: "\n"))
        return data
    }

    /// Decodes a plan, checking its version first.
    ///
    /// - Throws: `RunPlanError.unsupportedVersion` for another schema version,
    ///   `RunPlanError.malformed` when the JSON does not match the schema.
    package static func decode(from data: Data) throws(RunPlanError) -> RunPlan {
        struct Probe: Decodable { var version: Int? }
        let probe: Probe
        do {
            probe = try JSONDecoder().decode(Probe.self, from: data)
        } catch {
            throw .malformed(describe(error))
        }
        guard let version = probe.version else { throw .malformed("the plan has no 'version'") }
        guard version == currentVersion else {
            throw .unsupportedVersion(found: version, supported: currentVersion)
        }
        do {
            return try JSONDecoder().decode(RunPlan.self, from: data)
        } catch {
            throw .malformed(describe(error))
        }
    }

    private static func describe(_ error: any Error) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            let p = keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return p.isEmpty ? "the plan" : "'\(p.hasPrefix(".") ? String(p.dropFirst()) : p)'"
        }
        switch error {
        case DecodingError.keyNotFound(let key, let c):
            return "missing key '\(key.stringValue)' in \(path(c.codingPath))"
        case DecodingError.typeMismatch(_, let c), DecodingError.valueNotFound(_, let c):
            return "wrong type at \(path(c.codingPath)): \(c.debugDescription.lowercased())"
        case DecodingError.dataCorrupted(let c):
            return "invalid value at \(path(c.codingPath)): \(c.debugDescription.lowercased())"
        default:
            return "\(error)"
        }
    }
}

/// Why a run plan could not be read.
package enum RunPlanError: Error, Equatable, CustomStringConvertible {
    /// The plan was written for another schema version.
    case unsupportedVersion(found: Int, supported: Int)
    /// The plan is not valid JSON or does not match the schema.
    case malformed(String)

    /// A one-line, lowercase description.
    package var description: String {
        switch self {
        case .unsupportedVersion(let found, let supported):
            return "run plan version \(found) is not supported; this kfc reads version \(supported)"
        case .malformed(let why):
            return "malformed run plan: \(why)"
        }
    }
}
