import KFLang

/// Lowers evaluated declarations to the flat IR and runs the checks that need the whole
/// picture: CIDR allocation and overlaps, Kubernetes names, federations and privacy settings.
struct IRBuilder {
    let ev: Evaluator
    let sources: SourceManager
    var sink: DiagnosticSink { ev.sink }
    var out = IR.Deployment()
    /// Zone instance → its block (declared or carved).
    var zoneBlocks: [Int: CIDRBlock] = [:]
    /// Server instance → its fixed address (declared or allocated in its zone).
    var serverAddresses: [Int: IPv4Address] = [:]

    init(evaluator: Evaluator, sources: SourceManager) {
        self.ev = evaluator
        self.sources = sources
    }

    /// Builds the deployment.
    mutating func build() -> IR.Deployment {
        // After a step or depth limit nothing more is computed, and nothing more is reported.
        if ev.aborted { return out }
        for i in ev.instances.indices where !Schema.componentKinds.contains(ev.instances[i].kind) {
            ev.fields(of: i, usedAt: header(i))
        }
        if ev.aborted { return out }
        for i in ev.instances.indices {
            switch ev.instances[i].kind {
            case "cluster": out.clusters.append(IR.Cluster(name: ev.instances[i].name, origin: origin(i)))
            case "node": out.nodes.append(node(i))
            case "dataset": out.datasets.append(dataset(i))
            default: break
            }
        }
        buildNetworks()
        allocateServerAddresses()
        for i in ev.instances.indices where ev.instances[i].kind == "federation" {
            if let f = federation(i) { out.federations.append(f) }
        }
        var policy = PolicyLowering(ev: ev, builder: self)
        for i in ev.instances.indices where ev.instances[i].kind == "policy" { policy.lower(i) }
        out.policy = policy.policy
        checkKubeNames()
        return out
    }

    // MARK: - Helpers

    /// The span naming instance `i`.
    func header(_ i: Int) -> Span { ev.groups[ev.instances[i].group].nameSpan }

    /// Where a field of instance `i` is written, or its header.
    func span(_ i: Int, _ field: String) -> Span { ev.groups[ev.instances[i].group].fieldSpan(field) ?? header(i) }

    func origin(_ i: Int) -> IR.Origin { origin(header(i)) }

    func origin(_ s: Span) -> IR.Origin {
        IR.Origin(file: sources[s.file].path, line: s.line, column: s.column)
    }

    func field(_ i: Int, _ name: String) -> Value { fields(i)[name] }

    /// The fields of instance `i`, fetched once to be read by name.
    func fields(_ i: Int) -> InstanceFields {
        InstanceFields(names: ev.groups[ev.instances[i].group].schemaFieldNames, values: ev.instances[i].fields ?? [])
    }

    func int(_ v: Value) -> Int? { if case .int(let n) = v { n } else { nil } }
    func double(_ v: Value) -> Double? { v.asDouble }
    func string(_ v: Value) -> String? { if case .string(let s) = v { s } else { nil } }

    /// The image reference `v`, reported at `span` when no kubelet could pull it: empty, or with
    /// whitespace or a control character (KF2039).
    func image(_ v: Value, at span: Span) -> String? {
        guard let s = string(v) else { return nil }
        if ImageReference.isUnpullable(s) { sink.report(.invalidImage(span, s)) }
        return s
    }
    func bool(_ v: Value) -> Bool? { if case .bool(let b) = v { b } else { nil } }
    func ref(_ v: Value) -> Int? { if case .decl(let i) = v { i } else { nil } }
    func refName(_ v: Value) -> String { ref(v).map { ev.instances[$0].name } ?? "" }

    /// The instance that contains `i`.
    func parent(_ i: Int) -> Int? { ev.groups[ev.instances[i].group].parent }

    /// Instances of the child group `name` of `i`.
    func children(_ i: Int, _ name: String) -> [Int] {
        ev.instances[i].children[name].map { ev.groups[$0].instances } ?? []
    }

    /// Instances of every child group of kind `kind` of `i`, in declaration order.
    func childrenOfKind(_ i: Int, _ kind: String) -> [Int] {
        ev.instances[i].childOrder.filter { ev.groups[$0].kind == kind }.flatMap { ev.groups[$0].instances }
    }

    /// Converts a value to the IR's generic parameter value.
    func irValue(_ v: Value) -> IR.Value {
        switch v {
        case .int(let n), .cpu(let n), .memory(let n), .duration(let n): .int(n)
        case .ambiguousM: irValue(v.settled())
        case .float(let d): .float(d)
        case .bool(let b): .bool(b)
        case .string(let s): .string(s)
        case .enumCase(let s): .string(s)
        case .ip(let a): .string(a.description)
        case .cidr(let c): .string(c.description)
        case .list(let xs): .list(xs.map(irValue))
        case .record(let r): .record(r.mapValues(irValue))
        case .decl(let i): .string(ev.instances[i].name)
        case .group(let g): .string(ev.groups[g].name)
        case .component(let c): .record(c.params.mapValues(irValue).merging(["kind": .string(c.name)]) { a, _ in a })
        case .range(let lo, let hi, let closed):
            .record([
                "lower": lo.map { .int($0) } ?? .string("none"), "upper": hi.map { .int($0) } ?? .string("none"),
                "closed": .bool(closed),
            ])
        case .none, .error, .builtin, .module: .string("")
        }
    }

    func resources(_ v: Value, at span: @autoclosure () -> Span) -> IR.Resources {
        guard case .record(let r) = v, case .cpu(let cpu)? = r["cpu"], case .memory(let mem)? = r["memory"] else {
            return IR.Resources(cpuRequestMillis: 0, cpuLimitMillis: 0, memoryRequestBytes: 0, memoryLimitBytes: 0)
        }
        var cpuLimit = cpu, memLimit = mem
        if case .cpu(let c)? = r["cpu_limit"] { cpuLimit = c }
        if case .memory(let m)? = r["memory_limit"] { memLimit = m }
        return IR.Resources(
            cpuRequestMillis: cpu, cpuLimitMillis: cpuLimit, memoryRequestBytes: mem, memoryLimitBytes: memLimit,
            extended: extended(gpu: r["gpu"], r["extended"], at: span()))
    }

    /// `gpu` and `extended` as extended resources by name (nil when none), each name checked.
    func extended(gpu: Value?, _ list: Value?, at span: @autoclosure () -> Span) -> [String: Int]? {
        var out: [String: Int] = [:]
        if case .int(let n)? = gpu, n > 0 { out[IR.gpuResource] = n }
        if case .list(let items)? = list {
            for case .record(let e) in items {
                guard case .string(let name)? = e["name"], case .int(let count)? = e["count"] else { continue }
                if let why = KubeName.extendedResourceProblem(name) {
                    sink.report(.invalidExtendedResource(span(), name: name, why: why))
                } else if out[name] != nil {
                    sink.report(.invalidExtendedResource(span(), name: name, why: "named twice (or also as 'gpu')"))
                }
                out[name] = count
            }
        }
        return out.isEmpty ? nil : out
    }

    // MARK: - Nodes and datasets

    private func node(_ i: Int) -> IR.Node {
        let values = fields(i)
        var labels: [String: String] = [:]
        if case .record(let r) = values["labels"] {
            for (k, v) in r {
                let value = string(v) ?? ""
                if let why = KubeName.labelProblem(key: k, value: value) {
                    sink.report(.invalidNodeLabel(span(i, "labels"), key: k, value: value, why: why))
                }
                labels[k] = value
            }
        }
        var taints: [IR.Taint] = []
        if case .list(let items) = values["taints"] {
            for case .record(let t) in items {
                let key = string(t["key"] ?? .none) ?? "", value = string(t["value"] ?? .none) ?? ""
                if let why = KubeName.labelProblem(key: key, value: value) {
                    sink.report(.invalidNodeLabel(span(i, "taints"), key: key, value: value, why: why))
                }
                var effect = "NoSchedule"
                if case .enumCase(let e)? = t["effect"] { effect = e }
                taints.append(IR.Taint(key: key, value: value, effect: effect))
            }
        }
        let hostname = string(values["hostname"]) ?? KubeName.label(ev.instances[i].localName)
        var cpu = 0, mem = 0
        if case .cpu(let c) = values["cpu"] { cpu = c }
        if case .memory(let m) = values["memory"] { mem = m }
        return IR.Node(
            name: ev.instances[i].name, cluster: parent(i).map { ev.instances[$0].name } ?? "",
            hostname: hostname, cpuMillis: cpu, memoryBytes: mem, labels: labels,
            extended: extended(gpu: values["gpu"], values["extended"], at: span(i, "extended")),
            taints: taints.isEmpty ? nil : taints, origin: origin(i))
    }

    private func dataset(_ i: Int) -> IR.Dataset {
        let values = fields(i)
        var format = IR.DataFormat.csv, label = "label"
        if case .component(let c) = values["format"] {
            // The builtins make only the formats `IR.DataFormat` names.
            format = IR.DataFormat(rawValue: c.name) ?? .csv
            if case .string(let l)? = c.params["label"] { label = l }
        }
        if let l = string(values["label"]) { label = l }
        var scaling = IR.Scaling.none
        switch values["scaling"] {
        // The schema admits only the cases `IR.Scaling` names, `divide` only a positive number and
        // `affine` only a finite non-zero scale and a finite shift.
        case .enumCase(let s): scaling = IR.Scaling(s) ?? .none
        case .component(let c):
            if c.name == "affine", let scale = c.params["scale"]?.asDouble, let shift = c.params["shift"]?.asDouble {
                scaling = .affine(scale: scale, shift: shift)
            } else if let by = c.params["by"]?.asDouble {
                scaling = .divide(by: by)
            }
        default: break
        }
        let name = ev.instances[i].name
        return IR.Dataset(
            name: name, k8sName: KubeName.label(name), format: format, labelColumn: label,
            path: string(values["path"]) ?? "", node: refName(values["node"]),
            records: int(values["records"]) ?? 0, scaling: scaling,
            download: bool(values["download"]) ?? false, hostPath: bool(values["host_path"]) ?? false,
            budget: budget(values["budget"], at: span(i, "budget")), origin: origin(i))
    }

    /// A budget record, with ε and δ checked.
    func budget(_ v: Value, at span: @autoclosure () -> Span) -> IR.Budget? {
        guard case .record(let r) = v, let e = r["epsilon"]?.asDouble, let d = r["delta"]?.asDouble else { return nil }
        checkEpsilon(e, at: span())
        checkDelta(d, at: span())
        return IR.Budget(epsilon: e, delta: d)
    }

    func checkEpsilon(_ e: Double, at span: @autoclosure () -> Span) {
        if !(e > 0) || !e.isFinite { sink.report(.epsilonNotPositive(span(), Evaluator.format(e))) }
    }

    func checkDelta(_ d: Double, at span: @autoclosure () -> Span) {
        if !(d > 0 && d < 1) { sink.report(.deltaOutOfRange(span(), Evaluator.format(d))) }
    }
}

/// The evaluated fields of one instance, read by name (nil and missing slots as `field` reads them).
struct InstanceFields {
    let names: [String]
    let values: [Value?]

    /// The value of field `name`: `.none` for an absent optional, `.error` when the field is not
    /// in the schema or was not evaluated.
    subscript(name: String) -> Value {
        guard let idx = names.firstIndex(of: name), idx < values.count else { return .error }
        return values[idx] ?? .none
    }
}
