import Crypto
import FLExec
import Foundation
import Privacy
import RunPlan
import SafeFiles

/// What `kfc exec server` writes to `STATE/server-state.json` after every round, and resumes
/// from when it starts again on the same folder.
///
/// One file, written whole or not at all (``AtomicFile``: a temporary file, `fsync`, rename,
/// `fsync` of the folder), so the folder always holds the state after the last completed round
/// or none. JSON with sorted keys; floats are written in their shortest exact form, so a
/// resumed server continues bit for bit.
package struct ServerState: Codable, Sendable, Equatable {
    /// The file's name in the state folder.
    package static let fileName = "server-state.json"

    /// Schema version.
    package var version = 1
    /// SHA-256 of the canonical JSON of the plan the server ran (``planHash(_:)``).
    package var planHash: String
    /// The federation.
    package var federation: String
    /// Layer widths of the model (features, hidden…, classes).
    package var sizes: [Int]
    /// The server role: round, global weights, strategy state, generator states.
    package var server: ServerRole.Snapshot
    /// The server's ledger under client-level DP as of this round (the ledger file
    /// `server.json` stays authoritative and is never rewound).
    package var ledger: PrivacyLedger?
    /// Each client's ε as its updates reported it (example-level DP).
    package var clientEpsilon: [String: Double]
    /// Clients that refused to train because their budget was spent.
    package var exhausted: [String]
    /// The metrics of every round so far.
    package var metrics: [RoundMetrics]

    /// The plan's hash: SHA-256 (hex) of ``RunPlan/encoded()``, the plan's deterministic JSON
    /// (sorted keys), so any change to what the server runs changes it.
    package static func planHash(_ plan: RunPlan) -> String {
        lowercaseHex(SHA256.hash(data: plan.encoded()))
    }

    /// Why a state folder cannot be resumed from.
    package enum LoadError: Error, Equatable, CustomStringConvertible {
        /// The state was written for another plan.
        case planChanged(path: String, saved: String, current: String)
        /// The file exists but is not a state kfc wrote.
        case unreadable(path: String, reason: String)

        /// One lowercase line.
        package var description: String {
            switch self {
            case .planChanged(let path, let saved, let current):
                return
                    "the server state '\(path)' was written by a run of another plan (plan hash \(saved)); this plan's hash is \(current)"
            case .unreadable(let path, let reason):
                return "the server state '\(path)' is unreadable: \(reason)"
            }
        }

        /// The diagnostic code (KF3112: another plan's state; KF3113: an unreadable one) and
        /// what to do about it.
        package var diagnostic: (code: String, help: String) {
            switch self {
            case .planChanged:
                return (
                    code: "KF3112",
                    help:
                        "give the server a fresh --state folder to start this plan from round 0, or rerun the plan that wrote the state to finish it"
                )
            case .unreadable:
                return (
                    code: "KF3113",
                    help:
                        "restore the file from a backup, or give the server a fresh --state folder to start from round 0"
                )
            }
        }

        /// The diagnostic code.
        package var code: String { diagnostic.code }

        /// What to do about it.
        package var help: String { diagnostic.help }
    }

    /// The state in `directory`, or nil when there is none (a first start).
    ///
    /// - Throws: `planChanged` when the state belongs to another plan; `unreadable` when the
    ///   file is not a state.
    package static func load(from directory: String, plan: RunPlan) throws(LoadError) -> ServerState? {
        let path = (directory as NSString).appendingPathComponent(fileName)
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        let bytes: [UInt8]
        switch BoundedRead.contents(path, limit: maxBytes) {
        case .bytes(let b): bytes = b
        case .tooLarge(let size):
            throw .unreadable(path: path, reason: "it holds \(size) bytes; at most \(maxBytes) are read")
        case .unreadable(let e): throw .unreadable(path: path, reason: String(cString: strerror(e)))
        }
        let state: ServerState
        do {
            state = try decoder.decode(ServerState.self, from: Data(bytes))
        } catch {
            throw .unreadable(path: path, reason: "\(error)")
        }
        guard state.version == 1 else {
            throw .unreadable(path: path, reason: "schema version \(state.version); this kfc reads version 1")
        }
        let current = planHash(plan)
        guard state.planHash == current else {
            throw .planChanged(path: path, saved: state.planHash, current: current)
        }
        let sizes = state.sizes
        guard state.federation == plan.federation, state.server.round >= 0, state.server.round <= plan.rounds,
            state.metrics.count <= state.server.round, (2...66).contains(sizes.count),
            sizes.allSatisfy({ $0 > 0 && $0 <= DataLimits.maxParameters }),
            state.network.parameterCount == state.server.weights.count
        else {
            throw .unreadable(path: path, reason: "its round, metrics or model do not fit the plan")
        }
        return state
    }

    /// The model of the last completed round, as `model.json` holds it.
    package var checkpoint: ModelCheckpoint {
        ModelCheckpoint(
            federation: federation, round: server.round,
            network: network, weights: server.weights)
    }

    /// The model's network, from its layer widths (at least two, as ``load(from:plan:)`` checks).
    private var network: Network {
        Network(features: sizes[0], hidden: Array(sizes.dropFirst().dropLast()), classes: sizes[sizes.count - 1])
    }

    /// Writes the state to `directory` atomically.
    ///
    /// `pause`, if given, runs after the temporary file is written and flushed and before it
    /// replaces the state (the test hook of `kfc exec server`; see docs/executor.md).
    package func save(to directory: String, pause: (() -> Void)? = nil) throws {
        let path = (directory as NSString).appendingPathComponent(Self.fileName)
        var data = try Self.encoder.encode(self)
        data.append(UInt8(ascii: "\n"))
        try AtomicFile.write(data, to: path, beforeRename: pause)
    }

    /// Removes what an interrupted write left (`.server-state.json.kfc-*`); only while the
    /// folder's server lock is held, so no write is in flight.
    package static func removeTemporaryFiles(in directory: String) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for name in names where name.hasPrefix(".\(fileName).kfc-") {
            unlink((directory as NSString).appendingPathComponent(name))
        }
    }

    /// A state file is at most this large (a model of 2²⁴ parameters and its moments fit).
    static let maxBytes = 1 << 30

    private static var encoder: JSONEncoder {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        e.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return e
    }

    private static var decoder: JSONDecoder {
        let d = JSONDecoder()
        d.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "inf", negativeInfinity: "-inf", nan: "nan")
        return d
    }
}
