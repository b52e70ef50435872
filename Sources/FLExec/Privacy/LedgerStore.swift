import Foundation
import Privacy
import RunPlan
import SafeFiles

/// Where one data owner (a client, or the server under client-level DP) keeps its
/// `PrivacyLedger`: checked against the owner's budget and persisted after every charge.
///
/// `charge` checks the budget, records the spending, and writes the ledger file atomically
/// (``AtomicFile``: a temporary file, `fsync`, rename) *before* it returns, so an update is
/// released only after its cost is durable. Reopening the same file after a restart resumes the
/// spending. A charge is one transaction under an exclusive lock on `<path>.lock`
/// (``FileLock``): it re-reads the file, so two processes charging one ledger add up their
/// spending instead of each overwriting the other's.
///
/// The file is `{"kind": "rdp", "ledger": {"entries": […], "orders": […]}}` (``LedgerFile``),
/// the format earlier versions wrote.
package struct LedgerStore: Sendable {
    /// Whose ledger this is (for messages).
    package let owner: String
    /// The ε budget, or nil for accounting without a limit.
    package let budget: Double?
    /// The δ at which ε is measured.
    package let delta: Double
    /// The accountant that turns the ledger into ε.
    package let accountant: AccountantKind
    /// The ledger file, or nil to keep it in memory (tests).
    package let path: String?
    /// Everything charged so far.
    package private(set) var ledger: PrivacyLedger
    /// The ε spent so far.
    package private(set) var spent: Double
    /// The update released with the last charge, when the charge recorded one (a client's).
    package private(set) var released: ReleasedUpdate?
    /// The last evaluation released under `evaluation: charged` (a client's), kept across the
    /// charges of updates.
    package private(set) var evaluation: ReleasedEvaluation?

    /// Opens the ledger at `path`, restoring it if the file exists, else starting empty.
    package init(
        owner: String, budget: Double?, delta: Double, accountant: AccountantKind, path: String?
    ) throws(LedgerError) {
        self.owner = owner
        self.budget = budget
        self.delta = delta
        self.accountant = accountant
        self.path = path
        var restored: LedgerFile?
        if let path { restored = try Self.readFile(path) }
        ledger = restored?.ledger ?? PrivacyLedger()
        released = restored?.released
        evaluation = restored?.evaluation
        spent = 0
        spent = try epsilon(of: ledger)
    }

    /// The ledger persisted at `path`, or nil when there is no file.
    package static func read(_ path: String) throws(LedgerError) -> PrivacyLedger? {
        try readFile(path)?.ledger
    }

    /// The ledger file at `path`, or nil when there is none.
    static func readFile(_ path: String) throws(LedgerError) -> LedgerFile? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        do {
            return try LedgerFile.decode(data)
        } catch {
            throw .unreadable(path: path, reason: "\(error)")
        }
    }

    /// The ε that would be spent after also recording `steps` steps of `mechanism`.
    package func projected(_ mechanism: SubsampledGaussian, steps: Int) throws(LedgerError) -> Double {
        try epsilon(of: recording(mechanism, steps: steps))
    }

    /// Throws `budgetExceeded` if `steps` steps of `mechanism` would take the ledger over its budget.
    package func check(_ mechanism: SubsampledGaussian, steps: Int) throws(LedgerError) {
        guard let budget else { return }
        let next = try projected(mechanism, steps: steps)
        if !(next <= budget) { throw .budgetExceeded(owner: owner, spent: spent, next: next, budget: budget) }
    }

    /// Checks the budget, records `steps` steps of `mechanism` and persists the ledger, with
    /// `release` (its `epsilon` set to the ε after this charge) in the same atomic write.
    ///
    /// A charge for an evaluation passes `evaluation`, which replaces the kept evaluation and
    /// keeps the last update; a charge for an update keeps the last evaluation.
    package mutating func charge(
        _ mechanism: SubsampledGaussian, steps: Int, release: ReleasedUpdate? = nil,
        evaluation: ReleasedEvaluation? = nil
    ) throws(LedgerError) {
        var lock: FileLock?
        if let path {
            do {
                let dir = (path as NSString).deletingLastPathComponent
                if !dir.isEmpty {
                    try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
                }
                lock = try FileLock.acquire(path + ".lock", wait: true)
            } catch let error as FileError {
                throw .unwritable(path: path, reason: error.reason)
            } catch {
                throw .unwritable(path: path, reason: "\(error)")
            }
        }
        defer { lock?.release() }
        // Take in what another process may have charged to the file since it was read.
        if let path, let current = try Self.read(path) {
            ledger = current
            spent = try epsilon(of: ledger)
        }
        let next = try recording(mechanism, steps: steps)
        let epsilon = try epsilon(of: next)
        if let budget, !(epsilon <= budget) {
            throw .budgetExceeded(owner: owner, spent: spent, next: epsilon, budget: budget)
        }
        var record = evaluation == nil ? release : released
        if evaluation == nil { record?.epsilon = epsilon }
        let evaluated = evaluation ?? self.evaluation
        try persist(next, record, evaluated)
        ledger = next
        spent = epsilon
        released = record
        self.evaluation = evaluated
    }

    /// A copy of the ledger with `steps` steps of `mechanism` recorded.
    private func recording(_ mechanism: SubsampledGaussian, steps: Int) throws(LedgerError) -> PrivacyLedger {
        var copy = ledger
        do {
            try copy.record(mechanism: mechanism, steps: steps)
        } catch {
            throw .accounting(owner: owner, reason: "\(error)")
        }
        return copy
    }

    private func epsilon(of l: PrivacyLedger) throws(LedgerError) -> Double {
        do {
            return try l.epsilon(delta: delta, accountant: accountant).epsilon
        } catch {
            throw .accounting(owner: owner, reason: "\(error)")
        }
    }

    private func persist(
        _ l: PrivacyLedger, _ release: ReleasedUpdate?, _ evaluation: ReleasedEvaluation?
    ) throws(LedgerError) {
        guard let path else { return }
        do {
            let data = try LedgerFile(kind: accountant, ledger: l, released: release, evaluation: evaluation).encoded()
            let dir = (path as NSString).deletingLastPathComponent
            if !dir.isEmpty { try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true) }
            try AtomicFile.write(data, to: path)
        } catch let error as FileError {
            throw .unwritable(path: path, reason: error.reason)
        } catch {
            throw .unwritable(path: path, reason: "\(error)")
        }
    }
}

/// A ledger file: the accountant it was charged with, the `PrivacyLedger`, and (a client's)
/// the update its last charge paid for.
struct LedgerFile: Codable {
    /// The accountant of the run that wrote it.
    var kind: AccountantKind
    /// What was charged.
    var ledger: PrivacyLedger
    /// The update released with the last charge (absent in files of earlier versions).
    var released: ReleasedUpdate?
    /// The last evaluation released under `evaluation: charged` (absent otherwise).
    var evaluation: ReleasedEvaluation?

    /// Pretty JSON with sorted keys.
    func encoded() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
        return try encoder.encode(self)
    }

    /// Reads a ledger file.
    static func decode(_ data: Data) throws -> LedgerFile {
        try JSONDecoder().decode(LedgerFile.self, from: data)
    }
}
