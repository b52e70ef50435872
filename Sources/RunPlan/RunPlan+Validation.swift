import Privacy

/// Checks of a plan's values that the JSON Schema states but `Codable` cannot.
extension RunPlan {
    /// Every inconsistency in the plan, one lowercase line each, in field order; empty when
    /// the plan can be run. The back end emits only valid plans; the executor refuses others.
    package func validationProblems() -> [String] {
        var p = [String]()
        func require(_ ok: Bool, _ message: @autoclosure () -> String) {
            if !ok { p.append(message()) }
        }
        require(version == RunPlan.currentVersion, "'version' must be \(RunPlan.currentVersion)")
        require(!federation.isEmpty, "'federation' is empty")
        p += model.validationProblems()
        switch strategy {
        case .fedprox(let mu): require(mu >= 0, "fedprox 'mu' must not be negative")
        case .fedadam(let o), .fedyogi(let o), .fedadagrad(let o):
            require(o.eta > 0 && o.etaL > 0 && o.tau > 0, "'eta', 'eta_l' and 'tau' must be positive")
            require((0..<1).contains(o.beta1) && (0..<1).contains(o.beta2), "'beta1' and 'beta2' must be in [0, 1)")
        case .trimmedMean(let beta): require(beta >= 0 && beta < 0.5, "trimmed_mean 'beta' must be in [0, 0.5)")
        case .krum(let f): require(f >= 0, "krum 'f' must not be negative")
        case .multikrum(let f, let m): require(f >= 0 && m >= 1, "multikrum needs 'f' ≥ 0 and 'm' ≥ 1")
        case .fedavg, .fedmedian: break
        }
        require(rounds >= 0, "'rounds' must not be negative")
        p += timeouts.validationProblems()
        require(!clients.isEmpty, "the plan has no clients")
        require(
            minFit >= 0 && minFit <= clients.count, "'min_fit' is \(minFit) but the plan has \(clients.count) clients")
        require(
            minClients >= 0 && minClients <= clients.count,
            "'min_clients' is \(minClients) but the plan has \(clients.count) clients")
        require(fractionFit > 0 && fractionFit <= 1, "'fraction_fit' must be in (0, 1]")
        require(
            privacy.unit != .none || privacy.evaluation == nil,
            "'privacy.evaluation' needs differential privacy (unit 'example' or 'client'); without it evaluations are sent as they are"
        )
        require((1...65535).contains(server.port), "'server.port' must be in 1...65535")
        require(Set(clients.map(\.id)).count == clients.count, "client ids repeat")
        for c in clients {
            require(!c.id.isEmpty, "a client has an empty id")
            require(
                c.train.epochs >= 0 && c.train.batch >= 1 && c.train.lr > 0,
                "client '\(c.id)': 'train' needs epochs ≥ 0, batch ≥ 1 and lr > 0")
            require(
                c.train.momentum >= 0 && c.train.momentum < 1 && c.train.weightDecay >= 0,
                "client '\(c.id)': 'momentum' must be in [0, 1) and 'weight_decay' ≥ 0")
            require((0...1).contains(c.dataset.evalFraction), "client '\(c.id)': 'eval_fraction' must be in [0, 1]")
            require(
                c.samplingRate.map { $0 > 0 && $0 <= 1 } ?? true, "client '\(c.id)': 'sampling_rate' must be in (0, 1]")
            require(c.stepsPerRound.map { $0 >= 0 } ?? true, "client '\(c.id)': 'steps_per_round' must not be negative")
            if c.stepsPerRound == nil, let q = c.samplingRate, q > 0, q <= 1 {
                // ⌈epochs / q⌉ steps a round must be a 64-bit count (the executor converts it).
                require(
                    (try? PrivacySchedule.example(q: q, epochs: c.train.epochs, rounds: 1)) != nil,
                    "client '\(c.id)': 'epochs' / 'sampling_rate' is more than 2^63 steps a round")
            }
            if case .divide(let by) = c.dataset.scaling {
                require(by > 0, "client '\(c.id)': scaling 'by' must be positive")
            }
            if case .affine(let scale, let shift) = c.dataset.scaling {
                require(
                    scale != 0 && scale.isFinite && shift.isFinite,
                    "client '\(c.id)': scaling 'scale' must be finite and not 0, and 'shift' finite")
            }
        }
        if privacy.unit != .none {
            require(privacy.clip > 0, "'privacy.clip' must be positive")
            require(privacy.noiseMultiplier >= 0, "'privacy.noise_multiplier' must not be negative")
            require(privacy.delta > 0 && privacy.delta < 1, "'privacy.delta' must be in (0, 1)")
            require(privacy.epsilon.map { $0 > 0 } ?? true, "'privacy.epsilon' must be positive")
            for id in privacy.perClient.keys.sorted() {
                require(client(id) != nil, "'privacy.per_client' names '\(id)', which is not a client")
            }
        }
        if privacy.unit == .client {
            switch strategy {
            case .fedmedian, .trimmedMean, .krum, .multikrum:
                p.append("client-level DP cannot be combined with the robust strategy '\(strategy.name)'")
            default: break
            }
        }
        return p
    }
}

extension ModelSpec {
    /// Every reason the executor cannot build this model, one lowercase line each; empty when it can.
    package func validationProblems() -> [String] {
        var p = [String]()
        func require(_ ok: Bool, _ message: @autoclosure () -> String) {
            if !ok { p.append(message()) }
        }
        switch kind {
        case .logisticRegression: require(hidden.isEmpty, "logistic regression has no hidden layers")
        case .mlp:
            require(
                (1...ModelSpec.maxHiddenLayers).contains(hidden.count),
                "an mlp has 1 to \(ModelSpec.maxHiddenLayers) hidden layers")
        }
        require(
            hidden.allSatisfy { $0 > 0 && $0 <= ModelSpec.maxParameters },
            "hidden layer widths must be from 1 to \(ModelSpec.maxParameters)")
        var hiddenWeights = 0
        for (a, b) in zip(hidden, hidden.dropFirst()) {
            let (m, o1) = a.multipliedReportingOverflow(by: b)
            let (s, o2) = hiddenWeights.addingReportingOverflow(m)
            hiddenWeights = o1 || o2 ? Int.max : s
        }
        require(
            hiddenWeights <= ModelSpec.maxParameters,
            "the hidden layers have more than \(ModelSpec.maxParameters) weights")
        require(dropout.map { $0 >= 0 && $0 < 1 } ?? true, "'dropout' must be in [0, 1)")
        require(l2.map { $0 >= 0 && $0.isFinite } ?? true, "'l2' must be a finite number ≥ 0")
        require(features.map { $0 > 0 } ?? true, "'features' must be positive")
        require(classes.map { $0 >= 2 } ?? true, "'classes' must be at least 2")
        return p
    }
}
