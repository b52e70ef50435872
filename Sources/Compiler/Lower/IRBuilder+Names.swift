import KFLang

extension IRBuilder {
    /// Checks that every Kubernetes name is a DNS-1123 label and that no two declarations of
    /// one Kubernetes kind (in one namespace) map to the same name.
    func checkKubeNames() {
        var reportedInvalid: Set<Span> = []
        // Only needed for a report, so the table of every name is built on the first one.
        var spans: [String: Span]?
        func spanOf(_ name: String) -> Span? {
            if spans == nil {
                var t: [String: Span] = Dictionary(minimumCapacity: ev.instances.count)
                for i in ev.instances.indices { t[ev.instances[i].name] = header(i) }
                spans = t
            }
            return spans![name]
        }
        func check(_ what: String, _ entries: [(name: String, k8s: String)]) {
            var first: [String: String] = Dictionary(minimumCapacity: entries.count)
            for e in entries {
                let valid = KubeName.isValid(e.k8s)
                if valid, first[e.k8s] == nil {
                    first[e.k8s] = e.name
                    continue
                }
                let at =
                    spanOf(e.name) ?? spanOf(String(e.name.prefix { $0 != "[" }))
                    ?? spanOf(String(e.name.prefix { $0 != "." }))
                guard let at else { continue }
                if !KubeName.isValid(e.k8s) {
                    if reportedInvalid.insert(at).inserted { sink.report(.invalidKubeName(at, e.name, k8s: e.k8s)) }
                    continue
                }
                if let other = first[e.k8s] {
                    sink.report(.kubeNameClash(at, e.name, other, k8s: e.k8s, what: what, other: spanOf(other) ?? at))
                } else {
                    first[e.k8s] = e.name
                }
            }
        }
        check("namespace", out.federations.map { ($0.name, $0.namespace) })
        check("Vpc", out.networks.map { ($0.name, $0.k8sName) })
        check("Subnet", out.zones.map { ($0.name, $0.k8sName) })
        check("PersistentVolume", out.datasets.map { ($0.name, $0.k8sName) })
        for f in out.federations {
            let server = (name: f.name + ".server", k8s: f.server.k8sName)
            check("workload", [server] + f.clients.map { ($0.name, $0.k8sName) })
        }
    }
}
