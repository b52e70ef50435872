import Privacy

extension IR.Deployment {
    /// What makes this IR document one that `kfc build --emit ir` could not have written: names
    /// declared twice (clusters, nodes, networks, zones, datasets, federations, clients of one
    /// federation), references that do not resolve, and Kubernetes names (namespaces, object
    /// names) that are not DNS-1123 labels. Empty when the document is sound to prove and emit.
    package func validationProblems() -> [String] {
        var problems: [String] = []
        func unique(_ kind: String, _ names: [String]) -> Set<String> {
            var seen = Set<String>()
            var reported = Set<String>()
            for n in names where !seen.insert(n).inserted && reported.insert(n).inserted {
                problems.append("\(kind) '\(n)' is declared twice")
            }
            return seen
        }
        func dns1123(_ what: String, _ name: String) {
            let ok =
                !name.isEmpty && name.utf8.count <= 63
                && name.utf8.allSatisfy { ($0 >= 97 && $0 <= 122) || ($0 >= 48 && $0 <= 57) || $0 == 45 }
                && name.first != "-" && name.last != "-"
            if !ok { problems.append("\(what) '\(name)' is not a DNS-1123 label") }
        }
        let clusterNames = unique("cluster", clusters.map(\.name))
        let nodeNames = unique("node", nodes.map(\.name))
        let networkNames = unique("network", networks.map(\.name))
        let zoneNames = unique("zone", zones.map(\.name))
        let datasetNames = unique("dataset", datasets.map(\.name))
        _ = unique("federation", federations.map(\.name))
        _ = unique("namespace", federations.map(\.namespace))
        func extended(_ owner: String, _ e: [String: Int]?) {
            for (name, count) in (e ?? [:]).sorted(by: { $0.key < $1.key }) {
                if let why = KubeName.extendedResourceProblem(name) { problems.append("\(owner): '\(name)': \(why)") }
                if count < 1 { problems.append("\(owner) has \(count) '\(name)'") }
            }
        }
        for n in nodes {
            if !clusterNames.contains(n.cluster) {
                problems.append("node '\(n.name)' is in cluster '\(n.cluster)', which is not declared")
            }
            for (k, v) in n.labels.sorted(by: { $0.key < $1.key }) {
                if let why = KubeName.labelProblem(key: k, value: v) {
                    problems.append("node '\(n.name)' label '\(k)': \(why)")
                }
            }
            for t in n.taints ?? [] {
                if let why = KubeName.labelProblem(key: t.key, value: t.value) {
                    problems.append("node '\(n.name)' taint '\(t.key)': \(why)")
                }
                if !IR.Taint.effects.contains(t.effect) {
                    problems.append("node '\(n.name)' taint '\(t.key)' has effect '\(t.effect)'")
                }
            }
            extended("node '\(n.name)'", n.extended)
        }
        for n in networks {
            dns1123("network", n.k8sName)
            for z in n.zones where !zoneNames.contains(z) {
                problems.append("network '\(n.name)' lists zone '\(z)', which is not declared")
            }
        }
        for z in zones {
            dns1123("zone", z.k8sName)
            if !networkNames.contains(z.network) {
                problems.append("zone '\(z.name)' is in network '\(z.network)', which is not declared")
            }
        }
        for d in datasets {
            dns1123("dataset", d.k8sName)
            if !nodeNames.contains(d.node) {
                problems.append("dataset '\(d.name)' is on node '\(d.node)', which is not declared")
            }
            if d.records < 0 { problems.append("dataset '\(d.name)' has \(d.records) records") }
        }
        for f in federations {
            dns1123("namespace of federation '\(f.name)'", f.namespace)
            if f.privacy?.unit == PrivacyUnit.none {
                problems.append(
                    "the privacy block of federation '\(f.name)' has unit 'none' (allowed: 'example', 'client')")
            }
            if f.rounds < 1 { problems.append("federation '\(f.name)' has \(f.rounds) rounds") }
            // kfc's executor needs a model and a strategy; a Flower app brings its own.
            if let app = f.flower {
                if f.model != nil || f.strategy != nil {
                    problems.append("federation '\(f.name)' runs a Flower app and has a model or strategy of kfc's")
                }
                if f.privacy?.unit == .example {
                    problems.append("federation '\(f.name)' runs a Flower app with example-level privacy")
                }
                for (key, value) in app.config {
                    if case .list = value { problems.append("run-config value '\(key)' of '\(f.name)' is a list") }
                    if case .record = value { problems.append("run-config value '\(key)' of '\(f.name)' is a record") }
                }
            } else if f.model == nil || f.strategy == nil {
                problems.append("federation '\(f.name)' has neither a model and a strategy nor a Flower app")
            }
            if !zoneNames.contains(f.server.zone) {
                problems.append("the server of '\(f.name)' is in zone '\(f.server.zone)', which is not declared")
            }
            extended("the server of '\(f.name)'", f.server.resources.extended)
            if !nodeNames.contains(f.server.node) {
                problems.append("the server of '\(f.name)' is on node '\(f.server.node)', which is not declared")
            }
            _ = unique("client of '\(f.name)'", f.clients.map(\.name))
            for c in f.clients {
                if !zoneNames.contains(c.zone) {
                    problems.append("client '\(c.name)' is in zone '\(c.zone)', which is not declared")
                }
                if !nodeNames.contains(c.node) {
                    problems.append("client '\(c.name)' is on node '\(c.node)', which is not declared")
                }
                extended("client '\(c.name)'", c.resources.extended)
                if !datasetNames.contains(c.dataset) {
                    problems.append("client '\(c.name)' reads dataset '\(c.dataset)', which is not declared")
                }
                if c.train.batch < 1 || c.train.epochs < 1 {
                    problems.append("client '\(c.name)' has batch \(c.train.batch) and epochs \(c.train.epochs)")
                }
            }
        }
        // A rule on anything else would be run on neither and pass unseen.
        for r in policy.rules where !["manifests", "ir"].contains(r.on) {
            problems.append("rule '\(r.name)' is on '\(r.on)' (allowed: 'manifests', 'ir')")
        }
        return problems
    }
}
