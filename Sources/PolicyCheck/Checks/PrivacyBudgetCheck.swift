import Compiler
import Foundation
import KFLang
import Privacy

/// Proves every federation's privacy budget and every dataset's lifetime budget with the
/// accountant each federation declares (`accountant: rdp | pld`), and solves `noise: auto` with it.
///
/// Each client's q and steps are its `PrivacySchedule` (example-level DP-SGD: q = batch / records,
/// ⌈epochs / q⌉ steps a round; client-level DP-FedAvg: q = fraction of clients per round, one
/// step a round), the schedule the plan carries and the executor charges; what it spends is a
/// `PrivacyLedger` per client, and a dataset's ledger composes its readers'. `noise: auto`
/// takes the smallest σ that fits every client held to the federation's ε and records it in the
/// federation's `solvedNoise`; a client whose personal budget is tighter (personalised DP) gets
/// the smallest σ that fits that budget in its own `solvedNoise`, so only its updates pay for it.
///
/// A federation without a `privacy` block trains without DP: it spends ε = ∞ on every dataset its
/// clients read, so `budget(f)` of it, and of those datasets, is ∞.
///
/// Fails when: a fixed noise does not fit (KF3030, whose help gives the noise and the rounds
/// that would), the composition of every federation reading a dataset exceeds the dataset's
/// budget (KF3031), a `require budget(f) <= x` does not hold (KF3032), no noise can fit
/// (KF3033), or a federation without DP reads a dataset (or holds a client) with a budget (KF3034).
/// Where the PLD accountant cannot discretise a mechanism it refuses, and the proof counts ε = ∞.
package enum PrivacyBudgetCheck {
    /// The proved deployment (noise solved), what each federation and dataset spends, and findings.
    package struct Result: Sendable {
        /// The deployment with `noise: auto` solved.
        package var deployment: IR.Deployment
        /// ε spent by each federation (its worst client), at the federation's δ.
        package var federationEpsilon: [String: Double]
        /// ε spent on each dataset with a budget, composed over every federation, at its δ.
        package var datasetEpsilon: [String: Double]
        /// The ledger each client of each DP federation is proved to spend (federation → client id),
        /// with the noise it trains with.
        package var ledgers: [String: [String: PrivacyLedger]] = [:]
        /// The diagnostics.
        package var diagnostics: [Diagnostic]
    }

    /// One use of a dataset by a client: the sampling rate and the number of steps.
    typealias Use = PrivacySchedule

    /// What a dataset's composed ε depends on: its readers' mechanisms and step counts (as a
    /// multiset: sorted), δ and the accountant. Numbers are kept by their bits, so two
    /// compositions are one exactly when every input is the same. (A string of the numbers made
    /// the key: ten thousand datasets printed thirty thousand numbers.)
    struct Composition: Hashable {
        /// One reader's mechanism and step count.
        struct Part: Hashable, Comparable {
            var q: UInt64, sigma: UInt64, steps: Int
            init(q: Double, sigma: Double, steps: Int) {
                self.q = q.bitPattern
                self.sigma = sigma.bitPattern
                self.steps = steps
            }
            static func < (a: Part, b: Part) -> Bool { (a.q, a.sigma, a.steps) < (b.q, b.sigma, b.steps) }
        }
        var uses: [Part]
        var delta: UInt64
        var accountant: AccountantKind

        init(uses: [Part], delta: Double, accountant: AccountantKind) {
            self.uses = uses.sorted()
            self.delta = delta.bitPattern
            self.accountant = accountant
        }
    }

    /// The group a replica's name belongs to (`digits` of `digits[3]`): the text before the
    /// first `[` (by bytes in an ASCII name, every replica's, else by characters).
    static func group(of name: String) -> String? {
        name.firstIndex(ofASCII: UInt8(ascii: "[")).map { String(name[..<$0]) }
    }

    /// Proves `d`; `locate` turns an IR origin into a span of the loaded sources. With
    /// `measureAll`, every dataset a DP federation reads gets its composed ε in `datasetEpsilon`
    /// (`kfc budget FILE`), not only those with a budget or a requirement.
    package static func prove(_ d: IR.Deployment, measureAll: Bool = false, locate: (IR.Origin) -> Span?) -> Result {
        var d = d
        var diags: [Diagnostic] = []
        var fedEps: [String: Double] = [:]
        var ledgers: [String: [String: PrivacyLedger]] = [:]
        var datasetUses:
            [String: [(federation: String, mechanism: SubsampledGaussian, steps: Int, accountant: AccountantKind)]] =
                [:]
        let datasets = Dictionary(d.datasets.map { ($0.name, $0) }, uniquingKeysWith: { a, _ in a })
        func label(_ o: IR.Origin, _ text: String) -> DiagnosticLabel? { locate(o).map { DiagnosticLabel($0, text) } }

        // Federations without DP: every dataset they read is spent to ε = ∞.
        var withoutDP: [String: [String]] = [:]  // dataset → federations reading it without DP
        for f in d.federations where f.privacy == nil && !f.clients.isEmpty {
            fedEps[f.name] = .infinity
            for c in f.clients { withoutDP[c.dataset, default: []].append(f.name) }
            diags += unprotectedReads(f, datasets: datasets, label: label)
        }

        for (fi, f) in d.federations.enumerated() {
            guard let p = f.privacy, !f.clients.isEmpty else { continue }
            let accountant = p.accountant
            let accountantName = accountant.rawValue.uppercased()
            // The use of each client, and the ε it must stay under at its δ: the tighter of the
            // federation's budget and its own (a personal budget is held at the smaller δ, which
            // the plan's `per_client` entry carries, so the executor's ledger answers at the same δ).
            var uses: [(client: IR.Client, use: Use, target: Double, delta: Double)] = []
            var overflow: String?
            for c in f.clients {
                let records = datasets[c.dataset]?.records ?? 0
                let use: Use
                do {
                    if p.unit == .client {
                        use = try PrivacySchedule.client(fractionFit: f.fractionFit, rounds: f.rounds)
                            .releasing(p.evaluation)
                    } else {
                        use = try PrivacySchedule.example(
                            batch: c.train.batch, records: records, epochs: c.train.epochs, rounds: f.rounds
                        ).releasing(p.evaluation)
                    }
                } catch {
                    let q = PrivacySchedule.exampleRate(batch: c.train.batch, records: records)
                    overflow =
                        "\(f.rounds) rounds of \(c.train.epochs) epochs at sampling rate \(fmt(q)) (client '\(c.name)') are more than 2^63 steps"
                    break
                }
                uses.append(
                    (c, use, min(p.epsilon, c.budget?.epsilon ?? .infinity), min(p.delta, c.budget?.delta ?? p.delta)))
            }
            if let overflow {
                // Not provable: the step count does not fit in 64 bits (and no noise would fit it).
                diags.append(.budgetUnsolvable(f.name, reason: overflow, at: label(p.origin, "privacy of '\(f.name)'")))
                continue
            }
            // Solve or take the noise.
            var sigma = p.noise ?? p.solvedNoise
            // Personalised DP: with `noise: auto`, a client whose own budget is tighter than the
            // federation's gets its own noise; the others share the federation's.
            var own: [Int: Double] = [:]
            if p.noise == nil {
                var shared = 0.0
                var memo: [Use: Double] = [:]
                var failed = false
                for (ci, u) in uses.enumerated() {
                    let s: Double
                    let personal = u.target < p.epsilon || u.delta < p.delta
                    if let m = memo[u.use], !personal {
                        s = m
                    } else {
                        do {
                            s = try NoiseSolver.smallestSigma(
                                schedule: u.use, epsilon: u.target, delta: u.delta, accountant: accountant)
                        } catch {
                            let reason = unsolvableReason(
                                error, client: u.client, use: u.use, target: u.target, delta: u.delta, p)
                            var diag = Diagnostic.budgetUnsolvable(
                                f.name, reason: reason, at: label(p.origin, "privacy of '\(f.name)'"))
                            if personal {
                                if let l = label(u.client.origin, "client '\(u.client.name)'") {
                                    diag.secondary.append(l)
                                }
                                diag.helps = [
                                    "raise the personal budget of '\(u.client.name)', lower the rounds or epochs, "
                                        + "or give it a larger batch"
                                ]
                            }
                            diags.append(diag)
                            failed = true
                            break
                        }
                        if !personal { memo[u.use] = s }
                    }
                    if personal { own[ci] = s } else { shared = max(shared, s) }
                }
                if failed { continue }
                // Without a client at the federation's ε, the loosest personal noise is shared.
                if shared == 0 { shared = own.values.min() ?? 0 }
                own = own.filter { $0.value > shared }
                for (ci, s) in own { d.federations[fi].clients[ci].solvedNoise = s }
                sigma = shared
                d.federations[fi].privacy?.solvedNoise = shared
            }
            guard let sigma, sigma > 0 else { continue }
            // What each client spends with that noise (memoised: most clients share a use).
            var memo: [SpendKey: Spend] = [:]
            var worst: (eps: Double, client: IR.Client, use: Use, target: Double, delta: Double, refusal: String?)?
            for (ci, u) in uses.enumerated() {
                let spent: Spend
                let clientSigma = own[ci] ?? sigma
                let key = SpendKey(use: u.use, delta: u.delta)
                if own[ci] == nil, let e = memo[key] {
                    spent = e
                } else {
                    guard let parts = try? u.use.parts(sigma: clientSigma) else { continue }
                    spent = spend(parts, delta: u.delta, accountant: accountant)
                    if own[ci] == nil { memo[key] = spent }
                }
                let eps = spent.epsilon
                fedEps[f.name] = max(fedEps[f.name] ?? 0, eps)
                if !(eps <= u.target), worst == nil || eps - u.target > worst!.eps - worst!.target {
                    worst = (eps, u.client, u.use, u.target, u.delta, spent.refusal)
                }
                if let parts = try? u.use.parts(sigma: clientSigma), let ledger = try? u.use.ledger(sigma: clientSigma)
                {
                    for (m, steps) in parts {
                        datasetUses[u.client.dataset, default: []].append((f.name, m, steps, accountant))
                    }
                    ledgers[f.name, default: [:]][String(u.client.id)] = ledger
                }
            }
            if let w = worst {
                var diag = Diagnostic.budgetExceeded(
                    federation: f.name, epsilon: w.eps, target: w.target, sigma: sigma,
                    client: w.client.name, at: label(p.origin, "noise \(fmt(sigma))"))
                if let l = label(w.client.origin, "client '\(w.client.name)'") { diag.secondary.append(l) }
                diag.notes.append(
                    "q = \(fmt(w.use.q)), steps = \(w.use.steps)"
                        + (w.use.evaluations > 0
                            ? ", and \(w.use.evaluations) evaluation releases at q = 1 ('evaluation: charged')" : "")
                        + ", δ = \(fmt(w.delta)) (\(accountantName) accountant)")
                if let reason = w.refusal {
                    diag.notes.append("the \(accountant.rawValue) accountant cannot bound this noise: \(reason)")
                }
                if let s = try? NoiseSolver.smallestSigma(
                    schedule: w.use, epsilon: w.target, delta: w.delta, accountant: accountant)
                {
                    diag.helps.append("noise \(fmt(s)) fits ε = \(fmt(w.target)); or write 'noise: auto'")
                }
                if w.use.evaluations > 0 {
                    if let rounds = try? StepSolver.maxRounds(
                        w.use, sigma: sigma, epsilon: w.target, delta: w.delta, accountant: accountant), rounds > 0
                    {
                        diag.helps.append("or \(rounds) rounds fit with noise \(fmt(sigma))")
                    }
                    diag.helps.append("or write 'evaluation: withheld', which releases and charges no evaluation")
                } else if let m = try? SubsampledGaussian(q: w.use.q, sigma: sigma),
                    let steps = try? StepSolver.maxSteps(
                        mechanism: m, epsilon: w.target, delta: w.delta, accountant: accountant)
                {
                    diag.helps.append(
                        "or \(steps / max(1, w.use.stepsPerRound)) rounds fit with noise \(fmt(sigma))")
                }
                diags.append(diag)
            }
        }

        // Every federation reading a dataset composes against the dataset's lifetime budget.
        // Replicated datasets (`digits[i in 0..<n]`) that fail alike give one finding.
        var dataEps: [String: Double] = [:]
        var failing:
            [String: (names: [String], eps: Double, ds: IR.Dataset, feds: [String], accountant: AccountantKind)] = [:]
        var order: [String] = []
        // Replicated datasets are read alike: one ε per composition.
        var composed: [Composition: Double] = [:]
        // Read without DP: spent to ε = ∞ (KF3034 already says so for budgeted data).
        for name in withoutDP.keys { dataEps[name] = .infinity }
        // A dataset without a budget is measured only when a requirement names it.
        let required = Set(d.policy.requirements.filter { $0.kind == "budget" }.flatMap(\.subjects))
        for (name, uses) in datasetUses.sorted(by: { $0.key < $1.key }) where withoutDP[name] == nil {
            // A group subject (`budget(digits)`) names each replica (`digits[3]`).
            let named = required.contains(name) || Self.group(of: name).map { required.contains($0) } == true
            guard let ds = datasets[name], ds.budget != nil || named || measureAll else { continue }
            // A dataset without a budget is measured (for `require budget(d) <= x`) at the smallest
            // δ of its readers, where ε is largest.
            let readerDeltas = uses.compactMap { u in d.federations.first { $0.name == u.federation }?.privacy?.delta }
            let delta = ds.budget?.delta ?? readerDeltas.min() ?? 1e-5
            // PLD composes the uses when every reader declared it; otherwise RDP (both are upper bounds).
            let accountant: AccountantKind = uses.allSatisfy { $0.accountant == .pld } ? .pld : .rdp
            let key = Composition(
                uses: uses.map { .init(q: $0.mechanism.q, sigma: $0.mechanism.sigma, steps: $0.steps) }, delta: delta,
                accountant: accountant)
            let eps: Double
            if let e = composed[key] {
                eps = e
            } else {
                // The dataset's ledger: every reader's mechanism, composed.
                var ledger = PrivacyLedger()
                var complete = true
                for u in uses where (try? ledger.record(mechanism: u.mechanism, steps: u.steps)) == nil {
                    complete = false
                }
                let e = complete ? (try? ledger.epsilon(delta: delta, accountant: accountant).epsilon) : nil
                eps = e.map { $0.isNaN ? .infinity : $0 } ?? .infinity
                composed[key] = eps
            }
            dataEps[name] = eps
            guard let budget = ds.budget, !(eps <= budget.epsilon) else { continue }
            let feds = Array(Set(uses.map(\.federation))).sorted()
            let group = "\(ds.origin.file):\(ds.origin.line):\(ds.origin.column)|\(fmt(eps))|\(feds)"
            if failing[group] == nil { failing[group] = ([], eps, ds, feds, accountant); order.append(group) }
            failing[group]!.names.append(name)
        }
        for key in order {
            let g = failing[key]!
            let budget = g.ds.budget!
            var diag = Diagnostic.datasetBudgetExceeded(
                datasets: g.names, epsilon: g.eps, budget: budget.epsilon,
                at: label(g.ds.origin, "budget ε = \(fmt(budget.epsilon))"))
            for fname in g.feds {
                if let f = d.federations.first(where: { $0.name == fname }),
                    let l = label(f.origin, "reads '\(g.names[0])'")
                {
                    diag.secondary.append(l)
                }
            }
            diag.notes.append(
                "read by \(g.feds.map { "'\($0)'" }.joined(separator: ", ")); composed with the \(g.accountant.rawValue.uppercased()) accountant at δ = \(fmt(budget.delta))"
            )
            diag.helps.append("lower the federations' ε so that together they fit, or give the dataset a larger budget")
            diags.append(diag)
        }

        for r in d.policy.requirements where r.kind == "budget" {
            guard let bound = r.bound else { continue }
            // A replicated dataset group (`budget(digits)`) stands for each of its replicas.
            let named = r.subjects.enumerated().flatMap { i, s -> [String] in
                guard i < r.subjectKinds.count, r.subjectKinds[i] == .datasets, dataEps[s] == nil else { return [s] }
                let replicas = d.datasets.map(\.name).filter { $0.hasPrefix(s + "[") }
                return replicas.isEmpty ? [s] : replicas
            }
            for s in named {
                guard let eps = fedEps[s] ?? dataEps[s], !(eps <= bound) else { continue }
                var diag = Diagnostic.budgetRequirementFails(
                    subject: s, epsilon: eps, bound: bound, at: label(r.origin, "requires ≤ \(fmt(bound))"))
                if eps == .infinity {
                    let readers = d.federations.filter { f in
                        f.privacy == nil && (f.name == s || f.clients.contains { $0.dataset == s })
                    }
                    if !readers.isEmpty {
                        diag.notes.append(
                            "\(readers.map { "'\($0.name)'" }.joined(separator: ", ")) trains without differential "
                                + "privacy (no privacy block): ε is unbounded")
                        diag.helps = [
                            "add a privacy block to \(readers.map { "'\($0.name)'" }.joined(separator: ", "))"
                        ]
                    }
                }
                diags.append(diag)
            }
        }
        var result = Result(deployment: d, federationEpsilon: fedEps, datasetEpsilon: dataEps, diagnostics: diags)
        result.ledgers = ledgers
        return result
    }

    /// Why no noise fits `client`: which client, its ε (its personal budget when tighter than the
    /// federation's), δ, the steps and q rounded like every other number in a diagnostic.
    static func unsolvableReason(
        _ error: any Error, client: IR.Client, use: Use, target: Double, delta: Double, _ p: IR.Privacy
    ) -> String {
        guard case PrivacyError.noSolution = error else { return "\(error)" }
        let whose =
            target < p.epsilon
            ? "client '\(client.name)' (its personal budget)" : "client '\(client.name)'"
        return "no noise multiplier gives ε = \(literal(target)) to \(whose) at δ = \(literal(delta)) over "
            + "\(use.steps) steps at sampling rate q = \(fmt(use.q))"
            + (use.evaluations > 0 ? " and \(use.evaluations) evaluation releases" : "")
    }

    /// A use measured at a δ (spends are memoised by it).
    struct SpendKey: Hashable {
        var use: Use
        var delta: Double
    }

    /// What a mechanism spends under an accountant; a PLD refusal is ε = ∞ with its reason.
    struct Spend: Hashable {
        var epsilon: Double
        var refusal: String?
    }

    /// ε at `delta` of `parts` (mechanism, steps) composed with `accountant`: never optimistic; where
    /// the accountant cannot answer (a PLD grid it cannot hold), ε = ∞ and the reason.
    static func spend(_ parts: [(SubsampledGaussian, Int)], delta: Double, accountant: AccountantKind) -> Spend {
        do {
            var ledger = PrivacyLedger()
            for (m, steps) in parts { try ledger.record(mechanism: m, steps: steps) }
            let e = try ledger.epsilon(delta: delta, accountant: accountant).epsilon
            // An ε the accountant cannot give (NaN) is unbounded: never a pass.
            return Spend(epsilon: e.isNaN ? .infinity : e)
        } catch {
            return Spend(epsilon: .infinity, refusal: "\(error)")
        }
    }

    /// KF3034 for each client declaration of `f` (a federation without DP) whose data has a budget:
    /// a dataset `budget` or a client's personal `budget`. Replicas of one declaration give one finding.
    static func unprotectedReads(
        _ f: IR.Federation, datasets: [String: IR.Dataset], label: (IR.Origin, String) -> DiagnosticLabel?
    ) -> [Diagnostic] {
        var groups: [String: (clients: [IR.Client], budgets: [IR.Budget], datasets: [String])] = [:]
        var order: [String] = []
        for c in f.clients {
            let ds = datasets[c.dataset]
            let budgets = [ds?.budget, c.budget].compactMap { $0 }
            guard !budgets.isEmpty else { continue }
            let key = "\(c.origin.file):\(c.origin.line):\(c.origin.column)"
            if groups[key] == nil {
                groups[key] = ([], [], [])
                order.append(key)
            }
            groups[key]!.clients.append(c)
            groups[key]!.budgets += budgets
            groups[key]!.datasets.append(c.dataset)
        }
        return order.map { key in
            let g = groups[key]!
            let epsilon = g.budgets.map(\.epsilon).min()!, delta = g.budgets.map(\.delta).min()!
            var diag = Diagnostic.trainsWithoutPrivacy(
                federation: f.name, datasets: g.datasets, budget: epsilon,
                at: label(g.clients[0].origin, "reads '\(g.datasets[0])' without differential privacy"))
            if let ds = datasets[g.datasets[0]], ds.budget != nil,
                let l = label(ds.origin, "budget ε = \(fmt(ds.budget!.epsilon))")
            {
                diag.secondary.append(l)
            }
            diag.helps.append(
                "add a privacy block to '\(f.name)', e.g. privacy { unit: example, epsilon: \(literal(epsilon)), "
                    + "delta: \(literal(delta)), noise: auto }")
            return diag
        }
    }

    /// A number as a `.kf` literal: `1`, `0.5`, `1e-5`.
    static func literal(_ x: Double) -> String {
        if x >= 1e-3 { return fmt(x) }
        let e = Int(log10(x).rounded(.down))
        let m = x / pow(10, Double(e))
        if abs(m - m.rounded()) < 1e-9 { return "\(Int(m.rounded()))e\(e)" }
        return String(format: "%g", x)
    }

    /// The span of an IR origin in `sources` (`SourceManager.span(at:)`), nil when not loaded.
    package static func span(of o: IR.Origin, in sources: SourceManager) -> Span? {
        sources.span(at: o.location)
    }

    /// Four significant digits, no exponent for ordinary values; ∞ for an unbounded ε.
    static func fmt(_ x: Double) -> String {
        if x == .infinity { return "∞" }
        if x != 0 && (abs(x) < 1e-3 || abs(x) >= 1e6) { return String(format: "%.3g", x) }
        var s = String(format: "%.4f", x)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }
}
