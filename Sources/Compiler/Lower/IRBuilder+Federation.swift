import KFLang
import Privacy

extension IRBuilder {
    /// One federation with its server, clients and privacy settings, checked.
    mutating func federation(_ f: Int) -> IR.Federation? {
        let name = ev.instances[f].name
        let clients = childrenOfKind(f, "client")
        let servers = childrenOfKind(f, "server")
        let clientsFailed = ev.instances[f].childOrder.contains {
            ev.groups[$0].kind == "client" && ev.groups[$0].failed
        }
        if clients.isEmpty, !clientsFailed { sink.report(.emptyFederation(header(f), name)) }
        guard let s = servers.first else {
            sink.report(.missingServer(header(f), name))
            return nil
        }
        let minClients = int(field(f, "min_clients")) ?? max(1, clients.count)
        if !clients.isEmpty, minClients > clients.count {
            sink.report(.tooFewClients(span(f, "min_clients"), min: minClients, clients: clients.count, name: name))
        }
        if case .component(let st) = field(f, "strategy"), case .int(let minFit)? = st.params["min_fit"],
            !clients.isEmpty,
            minFit > clients.count
        {
            sink.report(
                .tooFewClients(span(f, "strategy"), min: minFit, clients: clients.count, name: name)
                    .with(note: "'\(st.name)' needs min_fit = \(minFit) clients per round"))
        }
        // Sampling `fraction_fit` of the clients must still reach the round's minimum.
        let fraction = double(field(f, "fraction_fit")) ?? 1.0
        // Clamped: a fraction outside (0, 1] is reported by its type; this must not trap on it.
        let sampled = Int((min(max(fraction, 0), 1) * Double(clients.count)).rounded(.down))
        if !clients.isEmpty, minClients <= clients.count, sampled < minClients {
            sink.report(
                .tooFewClients(span(f, "fraction_fit"), min: minClients, clients: sampled, name: name)
                    .with(
                        note:
                            "fraction_fit \(Evaluator.format(fraction)) of \(clients.count) clients samples \(sampled) per round"
                    ))
        }
        let server = self.server(s, federation: name)
        let flower = self.flower(f, server: s, clients: clients)
        let privacy = self.privacy(f, clients: clients, flower: flower != nil)
        var autoChoices: [AutoKey: IR.Training] = [:]
        var reportedBatch: Set<Int> = []
        var irClients: [IR.Client] = []
        irClients.reserveCapacity(clients.count)
        var zoneOwner: [Int: Int] = [:]
        var reportedShare: Set<[Int]> = []
        if let z = ref(field(s, "zone")) { zoneOwner[z] = s }
        for (id, c) in clients.enumerated() {
            let cname = ev.instances[c].name
            let values = fields(c)
            if let z = ref(values["zone"]) {
                // Replicas of one client declaration may share a zone on purpose (a site's
                // clients); clients of different declarations, or the server, may not.
                if let other = zoneOwner[z], other == s || ev.instances[other].group != ev.instances[c].group,
                    reportedShare.insert([ev.instances[c].group, z]).inserted
                {
                    var d = Diagnostic.sharedZone(
                        span(c, "zone"), client: cname, zone: ev.instances[z].name,
                        other: ev.instances[other].name, otherSpan: span(other, "zone"))
                    if span(other, "zone") == span(c, "zone") { d.secondary = [] }
                    sink.report(d)
                } else if zoneOwner[z] == nil {
                    zoneOwner[z] = c
                }
            }
            let own = budget(values["budget"], at: span(c, "budget"))
            let train =
                if case .enumCase("auto") = values["train"] {
                    autoTraining(
                        c, dataset: values["dataset"], own: own, privacy: privacy, rounds: int(field(f, "rounds")) ?? 0,
                        federation: name,
                        memo: &autoChoices)
                } else {
                    training(values["train"])
                }
            if let ds = ref(values["dataset"]), let records = int(self.fields(ds)["records"]), train.batch > records,
                reportedBatch.insert(ev.instances[c].group).inserted
            {
                sink.report(
                    .batchTooLarge(
                        span(c, "train"), batch: train.batch, records: records,
                        dataset: ev.instances[ds].name, client: cname))
            }
            irClients.append(
                IR.Client(
                    name: cname, id: id, k8sName: KubeName.label(cname), zone: refName(values["zone"]),
                    node: refName(values["node"]), dataset: refName(values["dataset"]), train: train,
                    image: image(values["image"], at: span(c, "image")) ?? Schema.defaultImage,
                    resources: resources(values["resources"], at: span(c, "resources")),
                    budget: own, origin: origin(c)))
        }
        var model: IR.Component<IR.ModelKind>?
        var strategy: IR.Component<IR.StrategyKind>?
        if flower == nil {
            for name in ["model", "strategy"] where written(f, name) == nil {
                let type = name == "model" ? "Model" : "Strategy"
                sink.report(.missingField(header(f), name, on: "federation", type: type))
            }
            model = component(f, "model")
            strategy = component(f, "strategy")
        }
        var fed = IR.Federation(
            name: name, namespace: KubeName.label(name),
            model: model, strategy: strategy,
            rounds: int(field(f, "rounds")) ?? 0, minClients: minClients,
            fractionFit: double(field(f, "fraction_fit")) ?? 1.0,
            roundTimeoutMillis: { if case .duration(let ns) = field(f, "timeout") { ns / 1_000_000 } else { nil } }(),
            insecureTransport: { if case .enumCase("insecure") = field(f, "transport") { true } else { nil } }(),
            server: server, clients: irClients,
            privacy: privacy, origin: origin(f))
        fed.flower = flower
        return fed
    }

    /// Whether federation `f` has a `privacy` block or field.
    private func privacyWritten(_ f: Int) -> Bool {
        !childrenOfKind(f, "privacy").isEmpty || written(f, "privacy") != nil
    }

    /// Where field `name` of instance `i` is written, or nil when it is not.
    private func written(_ i: Int, _ name: String) -> Span? {
        ev.groups[ev.instances[i].group].fieldSpan(name)
    }

    /// The federation's `flower` block: the Flower app it runs instead of kfc's executor. The
    /// model and strategy are then the app's (KF1029), and run-config values are scalars (KF2032).
    private func flower(_ f: Int, server: Int, clients: [Int]) -> IR.FlowerApp? {
        guard let b = childrenOfKind(f, "flower").first else { return nil }
        for name in ["model", "strategy"] {
            if let at = written(f, name) { sink.report(.flowerOwnsField(at, field: name, flower: header(b))) }
        }
        // Fields of kfc's executor, which a Flower federation would silently ignore (KF1033):
        // each written declaration once.
        var reported: Set<Span> = []
        for (i, names) in [(f, ["timeout"]), (server, ["image"])] + clients.map({ ($0, ["budget", "train", "image"]) })
        {
            for name in names {
                if let at = written(i, name), reported.insert(at).inserted {
                    sink.report(.flowerIgnoresField(at, field: name, flower: header(b)))
                }
            }
        }
        if privacyWritten(f), let at = written(f, "fraction_fit"), let q = double(field(f, "fraction_fit")), q < 1 {
            sink.report(.flowerSampledPrivacy(at, fraction: Evaluator.format(q)))
        }
        var config: [String: IR.Value] = [:]
        if case .record(let r) = field(b, "config") {
            let at = written(b, "config") ?? header(b)
            for (key, value) in r.sorted(by: { $0.key < $1.key }) {
                switch value {
                // TOML has no infinite or NaN value a run config could carry as the proof read it.
                case .float(let x) where !x.isFinite:
                    sink.report(.flowerConfigValue(at, key: key, found: "the Float \(x)"))
                case .int, .float, .bool, .string: config[key] = irValue(value)
                case .error: break
                default: sink.report(.flowerConfigValue(at, key: key, found: ev.typeName(value)))
                }
            }
        }
        return IR.FlowerApp(
            image: image(field(b, "image"), at: span(b, "image")) ?? "", app: string(field(b, "app")) ?? "",
            config: config, origin: origin(b))
    }

    /// What `AutoTraining` chooses from: a client's budget, records and rounds.
    struct AutoKey: Hashable {
        var epsilon: Double
        var delta: Double
        var records: Int
        var rounds: Int
    }

    /// `train: auto` of client `c`: `AutoTraining`'s choice for its budget (the tighter of the
    /// federation's and its own, as the budget proof holds it), its dataset's declared records and
    /// the rounds. Without example-level privacy it is an error (KF2037, KF2038) and the default
    /// training stands in; a budget no schedule meets is left to the budget proof to report.
    private func autoTraining(
        _ c: Int, dataset: Value, own: IR.Budget?, privacy: IR.Privacy?, rounds: Int, federation: String,
        memo: inout [AutoKey: IR.Training]
    ) -> IR.Training {
        let fallback = training(.none)
        guard let p = privacy else {
            sink.report(
                .autoTrainingWithoutPrivacy(span(c, "train"), client: ev.instances[c].name, federation: federation))
            return fallback
        }
        guard p.unit == .example else {
            sink.report(.autoTrainingClientUnit(span(c, "train"), client: ev.instances[c].name))
            return fallback
        }
        let records = ref(dataset).flatMap { int(self.fields($0)["records"]) } ?? 1
        let key = AutoKey(
            epsilon: min(p.epsilon, own?.epsilon ?? .infinity), delta: min(p.delta, own?.delta ?? p.delta),
            records: records, rounds: rounds)
        if let known = memo[key] { return known }
        let choice =
            (try? AutoTraining.choose(
                epsilon: key.epsilon, delta: key.delta, records: records, rounds: rounds, clip: p.clip,
                accountant: p.accountant))
            ?? AutoTraining(batch: max(1, records), epochs: 1, lr: AutoTraining.stepRange.lowerBound / p.clip)
        let t = IR.Training(
            epochs: choice.epochs, batch: choice.batch, lr: choice.lr, momentum: 0, weightDecay: 0, auto: true)
        memo[key] = t
        return t
    }

    private func server(_ s: Int, federation: String) -> IR.Server {
        IR.Server(
            k8sName: KubeName.label(federation, "server"), zone: refName(field(s, "zone")),
            node: refName(field(s, "node")), port: int(field(s, "port")) ?? 8080,
            address: serverAddresses[s]?.description ?? "",
            image: image(field(s, "image"), at: span(s, "image")) ?? Schema.defaultImage,
            resources: resources(field(s, "resources"), at: span(s, "resources")),
            origin: origin(s))
    }

    /// The federation's `model` or `strategy`. One the executor does not implement (a model
    /// declared outside `std/models`, say) is a KF2031; a value that already failed was reported
    /// where it failed. Either way the IR is not emitted, so the placeholder kind is never read.
    private func component<Kind: ClosedStringEnum & Equatable>(_ f: Int, _ name: String) -> IR.Component<Kind> {
        guard case .component(let c) = field(f, name) else {
            return IR.Component(kind: Kind.allCases.first!, params: [:])
        }
        guard let kind = Kind(rawValue: c.name) else {
            sink.report(.notExecutable(span(f, name), field: name, name: c.name, allowed: Kind.names))
            return IR.Component(kind: Kind.allCases.first!, params: [:])
        }
        return IR.Component(kind: kind, params: c.params.mapValues(irValue))
    }

    private func training(_ v: Value) -> IR.Training {
        guard case .record(let r) = v else {
            return IR.Training(epochs: 1, batch: 32, lr: 0.01, momentum: 0, weightDecay: 0)
        }
        return IR.Training(
            epochs: r["epochs"].flatMap(int) ?? 1, batch: r["batch"].flatMap(int) ?? 32,
            lr: r["lr"]?.asDouble ?? 0.01, momentum: r["momentum"]?.asDouble ?? 0,
            weightDecay: r["weight_decay"]?.asDouble ?? 0)
    }

    /// The privacy block (or `privacy:` field) of a federation, with ε and δ checked.
    private func privacy(_ f: Int, clients: [Int], flower: Bool) -> IR.Privacy? {
        var r: [String: Value]
        var spans: [String: Span] = [:]
        var at: Span
        if let p = childrenOfKind(f, "privacy").first {
            r = [:]
            for spec in Schema.privacyFields { r[spec.name] = field(p, spec.name) }
            for name in ["epsilon", "delta", "unit", "evaluation"] {
                spans[name] = ev.groups[ev.instances[p].group].fieldSpan(name)
            }
            at = header(p)
        } else if case .record(let rec) = field(f, "privacy") {
            r = rec
            at = span(f, "privacy")
        } else {
            return nil
        }
        // The schema admits only `example` and `client` (and `rdp`, `pld`); anything else was reported.
        guard case .enumCase(let name)? = r["unit"], let unit = PrivacyUnit(rawValue: name), unit != .none,
            let e = r["epsilon"]?.asDouble, let d = r["delta"]?.asDouble
        else {
            return nil
        }
        if flower, unit == .example {
            sink.report(.flowerNeedsClientLevelPrivacy(spans["unit"] ?? at, fixable: spans["unit"] != nil))
        }
        if flower, case .enumCase(EvaluationRelease.charged.rawValue)? = r["evaluation"] {
            sink.report(.flowerChargedEvaluation(spans["evaluation"] ?? at, fixable: spans["evaluation"] != nil))
        }
        checkEpsilon(e, at: spans["epsilon"] ?? at)
        checkDelta(d, at: spans["delta"] ?? at)
        if d > 0 && d < 1 {
            // δ must stay below 1/n for the unit protected: records per dataset, or clients.
            var smallest: (Int, String)?
            if unit == .client {
                if !clients.isEmpty { smallest = (clients.count, "the clients of '\(ev.instances[f].name)'") }
            } else {
                for c in clients {
                    guard let ds = ref(field(c, "dataset")), let n = int(field(ds, "records")) else { continue }
                    if smallest == nil || n < smallest!.0 {
                        smallest = (n, "the records of '\(ev.instances[ds].name)'")
                    }
                }
            }
            if let (n, what) = smallest, d >= 1 / Double(n) {
                sink.report(.deltaTooLarge(spans["delta"] ?? at, Evaluator.format(d), records: n, of: what))
            }
        }
        var noise: Double?
        if case .float(let x)? = r["noise"] { noise = x }
        var accountant = AccountantKind.rdp
        if case .enumCase(let a)? = r["accountant"], let kind = AccountantKind(rawValue: a) { accountant = kind }
        var evaluation = EvaluationRelease.withheld
        if case .enumCase(let a)? = r["evaluation"], let release = EvaluationRelease(rawValue: a) {
            evaluation = release
        }
        return IR.Privacy(
            unit: unit, epsilon: e, delta: d, clip: r["clip"]?.asDouble ?? 1.0, noise: noise,
            solvedNoise: nil, accountant: accountant, evaluation: evaluation, origin: origin(at))
    }
}
