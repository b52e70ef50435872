import KFLang

/// What every check reads: the model, the federations, and the options of the run.
package struct CheckContext: Sendable {
    /// The network model.
    package var model: NetworkModel
    /// The federations the labels declare.
    package var federations: [Federation]
    /// Whether single-layer protection is an error (`--strict`).
    package var strict: Bool
    /// Findings per proof and kind beyond which only a count is reported.
    package var maxExamples: Int
    /// The storage violations of the model's objects, computed once for every check that reads
    /// them (`StorageIsolationCheck`, `dataset_local`).
    let storage: Once<[StorageViolation]>

    /// Creates a value from its parts.
    package init(model: NetworkModel, strict: Bool, maxExamples: Int = 5) {
        self.init(model: model, strict: strict, maxExamples: maxExamples, storage: nil)
    }

    /// Creates a value whose storage violations are already known (computed from the same objects).
    init(model: NetworkModel, strict: Bool, maxExamples: Int, storage: [StorageViolation]?) {
        self.model = model
        self.federations = Federation.all(in: model)
        self.strict = strict
        self.maxExamples = maxExamples
        let objects = model.objects
        self.storage = storage.map { Once(value: $0) } ?? Once { StorageIsolation.violations(in: objects) }
    }

    /// The namespaces the isolation proofs cover: the federations' namespaces, or, when no
    /// object carries kfc labels, every namespace that has pods.
    package var provedNamespaces: [String] {
        if !federations.isEmpty { return Array(Set(federations.flatMap(\.namespaces))).sorted() }
        return model.byNamespace.keys.sorted()
    }

    /// The span of an endpoint's first workload (its pod template's metadata when present).
    package func span(of e: Endpoint) -> Span {
        guard let o = e.workloads.first else { return Span(file: FileID(0), start: 0, end: 0, line: 1, column: 1) }
        return model.objects[o].span(at: e.templatePath.isEmpty ? ["metadata", "name"] : e.templatePath + ["metadata"])
    }

    /// The span of a rule, or nil for built-in defaults.
    package func span(of r: RuleRef) -> Span? {
        r.object.map { model.objects[$0].span(at: r.path) }
    }

    /// A subject string for waivers (`Kind/ns/name` of the first workload, or the endpoint's name).
    package func subject(_ e: Endpoint) -> String {
        e.workloads.first.map { model.objects[$0].displayName } ?? e.name
    }
}
