import Compiler
import Privacy
import RunPlan

/// Builds the run plan of a federation from the IR: everything the executor needs.
///
/// Two layouts of paths: `.host` keeps dataset paths as declared and checkpoints in the working
/// directory (for `kfc run` and `--target plan`); `.container` uses the mount points of the pods
/// the Kubernetes back end emits and the server's Service name (for the plan ConfigMaps).
package struct RunPlanEmitter: Sendable {
    /// Which file-system layout the plan's paths are written for.
    package enum PathMode: Sendable {
        /// Paths on the machine that runs `kfc run`.
        case host
        /// Paths inside kfc's pods.
        case container
    }

    /// Clients per plan ConfigMap: keeps each under 1 MiB with room for long paths.
    package static let clientsPerShard = 500

    /// The deployment's indexes.
    package let topology: Topology

    /// Creates the emitter.
    package init(topology: Topology) { self.topology = topology }

    /// The plan of `f`, a federation kfc's executor runs (one that runs a Flower app has no
    /// model or strategy of kfc's: its plan would hold the first of each, and is never built).
    package func plan(of f: IR.Federation, paths: PathMode) -> RunPlan {
        let model = f.model ?? IR.Component(kind: IR.ModelKind.allCases[0], params: [:])
        let strategy = f.strategy ?? IR.Component(kind: IR.StrategyKind.allCases[0], params: [:])
        let minFit = strategy.params["min_fit"].flatMap(Self.int) ?? f.minClients
        let server = ServerSpec(
            address: paths == .container ? TLSSecrets.serviceHost(f) : f.server.address, port: f.server.port,
            checkpointDir: paths == .container ? PodSpecBuilder.checkpointDir : "checkpoints/\(f.namespace)")
        return RunPlan(
            federation: f.name, model: Self.model(model), strategy: Self.strategy(strategy),
            rounds: f.rounds, minFit: minFit, minClients: f.minClients, fractionFit: f.fractionFit,
            server: server, clients: f.clients.sorted { $0.id < $1.id }.map { client($0, of: f, paths: paths) },
            privacy: privacy(f, paths: paths))
    }

    /// The plan of `f` as JSON, with host paths or container paths.
    package func json(of f: IR.Federation, paths: PathMode) -> String {
        String(decoding: plan(of: f, paths: paths).encoded(), as: UTF8.self)
    }

    /// The plan of `f` split into ConfigMap-sized shards, with container paths. Without
    /// `encoded`, the shards have their names and clients but an empty `json`: the plan is
    /// neither built nor encoded (for proofs, which read the ConfigMaps' names, never their data).
    package func shards(of f: IR.Federation, encoded: Bool = true) -> [PlanShard] {
        let ids = f.clients.map(\.id).sorted()
        guard encoded else {
            if ids.count <= Self.clientsPerShard {
                return [PlanShard(configMapName: "\(f.namespace)-plan", clientIDs: ids, json: "")]
            }
            return stride(from: 0, to: ids.count, by: Self.clientsPerShard).enumerated().map { k, start in
                PlanShard(
                    configMapName: "\(f.namespace)-plan-\(k)",
                    clientIDs: Array(ids[start..<min(start + Self.clientsPerShard, ids.count)]), json: "")
            }
        }
        let full = plan(of: f, paths: .container)
        if ids.count <= Self.clientsPerShard {
            return [
                PlanShard(
                    configMapName: "\(f.namespace)-plan", clientIDs: ids,
                    json: String(decoding: full.encoded(), as: UTF8.self))
            ]
        }
        var out: [PlanShard] = []
        var start = 0
        while start < full.clients.count {
            let end = min(start + Self.clientsPerShard, full.clients.count)
            var part = full
            part.clients = Array(full.clients[start..<end])
            out.append(
                PlanShard(
                    configMapName: "\(f.namespace)-plan-\(out.count)", clientIDs: Array(ids[start..<end]),
                    json: String(decoding: part.encoded(), as: UTF8.self)))
            start = end
        }
        return out
    }

    // MARK: - Pieces

    private func client(_ c: IR.Client, of f: IR.Federation, paths: PathMode) -> ClientSpec {
        let d = topology.datasets[c.dataset]
        let path = d.map { paths == .container ? DatasetVolumes.containerPath(of: $0.path) : $0.path } ?? c.dataset
        let records = d?.records ?? 0
        let dataset = DatasetSpec(
            path: path, format: .csv, label: d?.labelColumn ?? "label",
            scaling: Self.scaling(d?.scaling ?? .none), records: records > 0 ? records : nil)
        let train = TrainSpec(
            epochs: c.train.epochs, batch: c.train.batch, lr: c.train.lr,
            momentum: c.train.momentum, weightDecay: c.train.weightDecay)
        // Under example-level DP the budget proof accounted the client's `PrivacySchedule`; the
        // executor must sample at its rate and charge exactly its steps. More than 2^63 steps
        // cannot be proved (KF3033), so such a plan is never written.
        let schedule =
            f.privacy?.unit == .example
            ? try? PrivacySchedule.example(
                batch: c.train.batch, records: records, epochs: c.train.epochs, rounds: f.rounds) : nil
        return ClientSpec(
            id: String(c.id), dataset: dataset, train: train, samplingRate: schedule?.q,
            stepsPerRound: schedule?.stepsPerRound)
    }

    private func privacy(_ f: IR.Federation, paths: PathMode) -> PrivacySpec {
        guard let p = f.privacy else { return PrivacySpec() }
        var perClient: [String: ClientBudget] = [:]
        // A personal budget is held, as the budget proof holds it, at the tighter of it and the
        // federation's (ε and δ alike), so the client's ledger enforces and reports what was proved.
        for c in f.clients {
            if let b = c.budget {
                perClient[String(c.id)] = ClientBudget(
                    epsilon: min(b.epsilon, p.epsilon), delta: min(b.delta, p.delta), noiseMultiplier: c.solvedNoise)
            }
        }
        return PrivacySpec(
            unit: p.unit, epsilon: p.epsilon, delta: p.delta, clip: p.clip,
            noiseMultiplier: p.solvedNoise ?? p.noise ?? 0,
            accountant: p.accountant,
            ledgerDir: paths == .container ? PodSpecBuilder.ledgerDir : nil, perClient: perClient,
            evaluation: p.evaluation)
    }

    static func model(_ c: IR.Component<IR.ModelKind>) -> ModelSpec {
        let hidden =
            c.params["hidden"].map { v -> [Int] in
                if case .list(let items) = v { return items.compactMap(int) }
                return int(v).map { [$0] } ?? []
            } ?? []
        // 0 (the stdlib's default) means "take it from the data", which the plan says with nil.
        let features = c.params["features"].flatMap(int).flatMap { $0 > 0 ? $0 : nil }
        let classes = c.params["classes"].flatMap(int).flatMap { $0 > 0 ? $0 : nil }
        // Zero (the stdlib's default) is left out of the plan.
        let dropout = c.params["dropout"].flatMap(double).flatMap { $0 > 0 ? $0 : nil }
        let l2 = c.params["l2"].flatMap(double).flatMap { $0 > 0 ? $0 : nil }
        switch c.kind {
        case .logisticRegression: return .logisticRegression(features: features, classes: classes, l2: l2)
        case .mlp: return .mlp(hidden: hidden, features: features, classes: classes, dropout: dropout, l2: l2)
        }
    }

    static func strategy(_ c: IR.Component<IR.StrategyKind>) -> StrategySpec {
        func num(_ k: String, _ d: Double) -> Double { c.params[k].flatMap(double) ?? d }
        func opt() -> FedOptParameters {
            let d = FedOptParameters()
            return FedOptParameters(
                eta: num("eta", d.eta), etaL: num("eta_l", d.etaL), beta1: num("beta1", d.beta1),
                beta2: num("beta2", d.beta2), tau: num("tau", d.tau))
        }
        switch c.kind {
        case .fedavg: return .fedavg
        case .fedprox: return .fedprox(mu: num("mu", 0.01))
        case .fedadam: return .fedadam(opt())
        case .fedyogi: return .fedyogi(opt())
        case .fedadagrad: return .fedadagrad(opt())
        case .fedmedian: return .fedmedian
        case .trimmedMean: return .trimmedMean(beta: num("beta", 0.1))
        case .krum: return .krum(f: c.params["f"].flatMap(int) ?? 0)
        case .multikrum: return .multikrum(f: c.params["f"].flatMap(int) ?? 0, m: c.params["m"].flatMap(int) ?? 1)
        }
    }

    static func scaling(_ s: IR.Scaling) -> Scaling {
        switch s {
        case .none: return .none
        case .minmax: return .minmax
        case .standardize: return .standardize
        case .divide(let by): return .divide(by: by)
        case .affine(let scale, let shift): return .affine(scale: scale, shift: shift)
        }
    }

    static func int(_ v: IR.Value) -> Int? {
        switch v {
        case .int(let i): return i
        case .float(let d) where d == d.rounded() && abs(d) < 9.2e18: return Int(d)
        default: return nil
        }
    }

    static func double(_ v: IR.Value) -> Double? {
        switch v {
        case .int(let i): return Double(i)
        case .float(let d): return d
        default: return nil
        }
    }
}
