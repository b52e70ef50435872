import KFLang

/// Every diagnostic PolicyCheck reports, one factory per code, sorted by code.
extension Diagnostic {
    /// KF3001: a manifest file is not valid YAML.
    package static func manifestNotYAML(path: String, reason: String, at span: Span) -> Diagnostic {
        Diagnostic(
            code: "KF3001", message: "'\(path)' is not valid YAML: \(reason)", primary: DiagnosticLabel(span, "here"),
            helps: ["fix the YAML syntax; kfc verify reads Kubernetes and KubeOVN manifests"])
    }

    /// KF3002: a document is not a Kubernetes object.
    package static func notAnObject(reason: String, at span: Span) -> Diagnostic {
        Diagnostic(
            code: "KF3002", severity: .warning, message: "document is not a Kubernetes object: \(reason)",
            primary: DiagnosticLabel(span, "skipped"), notes: ["the document is left out of the network model"])
    }

    /// KF3003: the same object is defined twice.
    package static func definedTwice(_ name: String, at span: Span, first: Span) -> Diagnostic {
        Diagnostic(
            code: "KF3003", message: "'\(name)' is defined twice", primary: DiagnosticLabel(span, "defined again here"),
            secondary: [DiagnosticLabel(first, "first defined here")],
            notes: ["applied in order, the later definition replaces the earlier; the model uses the later one"],
            helps: ["remove or rename one of the definitions"])
    }

    /// KF3010: a client cannot reach its server's port.
    package static func clientCannotReachServer(client: String, server: String, port: Int, at span: Span) -> Diagnostic
    {
        Diagnostic(
            code: "KF3010", message: "client '\(client)' cannot reach server '\(server)' on TCP:\(port)",
            primary: DiagnosticLabel(span, "this client"))
    }

    /// KF3011: a client reaches another client.
    package static func clientReachesClient(source: String, destination: String, ports: String, at span: Span)
        -> Diagnostic
    {
        Diagnostic(
            code: "KF3011", message: "client '\(source)' reaches client '\(destination)' on \(ports)",
            primary: DiagnosticLabel(span, "lets it through"))
    }

    /// KF3012: a pod reaches the internet although its zone declares no egress.
    package static func reachesInternet(pod: String, ports: String, at span: Span) -> Diagnostic {
        Diagnostic(
            code: "KF3012", message: "'\(pod)' reaches the internet on \(ports) but its zone declares no egress",
            primary: DiagnosticLabel(span, "lets it through"))
    }

    /// KF3013: something outside a federation's namespace reaches its pods.
    package static func reachableFromOutside(
        source: String, destination: String, namespace: String, ports: String, at span: Span
    ) -> Diagnostic {
        Diagnostic(
            code: "KF3013",
            message: "'\(source)' outside namespace '\(namespace)' reaches '\(destination)' on \(ports)",
            primary: DiagnosticLabel(span, "lets it through"))
    }

    /// KF3014: a forbidden flow is blocked by one layer only.
    package static func singleLayer(flow: String, open: String, blocking: String, strict: Bool, at span: Span)
        -> Diagnostic
    {
        Diagnostic(
            code: "KF3014", severity: strict ? .error : .warning,
            message: "\(flow) is blocked only by \(blocking); \(open) lets it through",
            primary: DiagnosticLabel(span, "\(open) lets it through"),
            notes: ["defence in depth is lost: one mistake in \(blocking) would open the flow"])
    }

    /// KF3015: a federation's roles are incomplete.
    package static func federationWithoutServer(_ federation: String, at span: Span) -> Diagnostic {
        Diagnostic(
            code: "KF3015",
            message: "federation '\(federation)' has clients but no pod labelled 'kfc.dev/role: server'",
            primary: DiagnosticLabel(span, "client of '\(federation)'"),
            helps: [
                "label the server's pod template with 'kfc.dev/role: server' and 'kfc.dev/federation: \(federation)'"
            ])
    }

    /// KF3016: an OVN ACL match too deeply nested or too wide to read.
    package static func aclMatchTooComplex(subnet: String, index: Int, at span: Span) -> Diagnostic {
        Diagnostic(
            code: "KF3016", severity: .warning,
            message:
                "the match of Subnet '\(subnet)' acls[\(index)] is nested deeper than \(OVNACL.maxNesting) or has more than \(OVNACL.maxConjunctions) alternatives",
            primary: DiagnosticLabel(span, "not read"),
            notes: [
                "kfc reads it as an unknown condition: as matching when that could open a flow, as not matching when that could close one"
            ],
            helps: ["write the match flatter, or split it into several ACLs"])
    }

    /// KF3017: a NetworkPolicy field the API server would reject.
    package static func networkPolicyFieldRejected(_ policy: String, field: RejectedField, at span: Span) -> Diagnostic
    {
        Diagnostic(
            code: "KF3017",
            message:
                "NetworkPolicy '\(policy)' has \(YAMLDifference.describe(field.path)) '\(field.value)', which the API server rejects",
            primary: DiagnosticLabel(span, "expected \(field.expected)"),
            notes: [
                "the policy would not exist in a cluster; kfc reads the entry as possibly admitting everything, so no isolation is proved through it"
            ],
            helps: ["write \(field.expected)"])
    }

    /// KF3020: a pod is bound to a subnet the manifests do not define.
    package static func unknownSubnet(_ subnet: String, at span: Span) -> Diagnostic {
        Diagnostic(
            code: "KF3020", severity: .warning,
            message: "pod is bound to subnet '\(subnet)', which these manifests do not define",
            primary: DiagnosticLabel(span, "bound here"),
            notes: ["the model cannot know its block, privacy or NAT; it assumes the worst for isolation"],
            helps: ["pass the file that defines Subnet '\(subnet)' to kfc verify"])
    }

    /// KF3021: several subnets claim the same namespaces.
    package static func namespaceInSeveralSubnets(_ nss: [String], subnets: [String], at span: Span) -> Diagnostic {
        let what =
            nss.count == 1
            ? "namespace '\(nss[0])' is" : "namespaces \(nss.map { "'\($0)'" }.joined(separator: ", ")) are each"
        return Diagnostic(
            code: "KF3021", severity: .warning,
            message: "\(what) listed by \(subnets.count) subnets: \(subnets.map { "'\($0)'" }.joined(separator: ", "))",
            primary: DiagnosticLabel(span, "also listed here"),
            notes: [
                "KubeOVN binds a namespace to one subnet; which one its pods land in depends on the order of creation"
            ],
            helps: [
                "list each namespace in one Subnet's spec.namespaces, or bind pods with 'ovn.kubernetes.io/logical_switch'"
            ])
    }

    /// KF3022: a pod joins several private subnets and bridges them.
    package static func multiHomed(_ pod: String, subnets: [String], at span: Span) -> Diagnostic {
        Diagnostic(
            code: "KF3022", severity: .warning,
            message:
                "'\(pod)' is attached to \(subnets.count) private subnets: \(subnets.map { "'\($0)'" }.joined(separator: ", "))",
            primary: DiagnosticLabel(span, "attached here"),
            notes: ["a pod in several isolated subnets is reachable from all of them and can relay between them"],
            helps: ["give the pod one interface and admit the other subnets with allowSubnets and NetworkPolicies"])
    }

    /// KF3023: a KubeOVN Subnet field the API server would reject.
    package static func subnetFieldRejected(_ subnet: String, field: RejectedField, at span: Span) -> Diagnostic {
        Diagnostic(
            code: "KF3023",
            message:
                "Subnet '\(subnet)' has \(YAMLDifference.describe(field.path)) '\(field.value)', which the API server rejects",
            primary: DiagnosticLabel(span, "expected \(field.expected)"),
            notes: [
                "the Subnet would not exist in a cluster; kfc reads what it can, and an unreadable allowSubnets entry as possibly admitting any source"
            ],
            helps: ["write \(field.expected)"])
    }

    /// KF3024: an object's labels the API server would reject.
    package static func labelRejected(_ object: String, field: RejectedField, at span: Span) -> Diagnostic {
        Diagnostic(
            code: "KF3024",
            message:
                "\(object) has \(YAMLDifference.describe(field.path)) '\(field.value)', which the API server rejects",
            primary: DiagnosticLabel(span, "expected \(field.expected)"),
            notes: [
                "the object would not exist in a cluster (a workload's pods would never run), so no proof about it holds; kfc compares labels as Kubernetes does only when they are label syntax"
            ],
            helps: ["write \(field.expected)"])
    }

    /// KF3030: a federation's fixed noise does not keep a client within its ε.
    package static func budgetExceeded(
        federation: String, epsilon: Double, target: Double, sigma: Double, client: String,
        at label: DiagnosticLabel?
    ) -> Diagnostic {
        Diagnostic(
            code: "KF3030",
            message:
                "federation '\(federation)' spends ε = \(PrivacyBudgetCheck.fmt(epsilon)) on client '\(client)', over its budget \(PrivacyBudgetCheck.fmt(target))",
            primary: label)
    }

    /// KF3031: the federations reading a dataset exceed its lifetime budget.
    package static func datasetBudgetExceeded(
        datasets: [String], epsilon: Double, budget: Double, at label: DiagnosticLabel?
    ) -> Diagnostic {
        let what =
            datasets.count == 1
            ? "dataset '\(datasets[0])' is"
            : "datasets '\(datasets[0])' to '\(datasets[datasets.count - 1])' (\(datasets.count)) are each"
        return Diagnostic(
            code: "KF3031",
            message:
                "\(what) spent to ε = \(PrivacyBudgetCheck.fmt(epsilon)), over the lifetime budget \(PrivacyBudgetCheck.fmt(budget))",
            primary: label)
    }

    /// KF3032: a `require budget(x) <= bound` does not hold.
    package static func budgetRequirementFails(
        subject: String, epsilon: Double, bound: Double, at label: DiagnosticLabel?
    ) -> Diagnostic {
        Diagnostic(
            code: "KF3032",
            message:
                "'\(subject)' spends ε = \(PrivacyBudgetCheck.fmt(epsilon)), but the policy requires at most \(PrivacyBudgetCheck.fmt(bound))",
            primary: label, helps: ["lower the federation's epsilon, or raise the bound if the policy allows it"])
    }

    /// KF3033: no noise multiplier can keep a federation within its budget.
    package static func budgetUnsolvable(_ federation: String, reason: String, at label: DiagnosticLabel?) -> Diagnostic
    {
        Diagnostic(
            code: "KF3033", message: "no noise fits the privacy budget of '\(federation)': \(reason)", primary: label,
            helps: ["raise epsilon, lower the rounds or epochs, or use larger batches"])
    }

    /// KF3034: a federation without DP trains on data that has a privacy budget.
    package static func trainsWithoutPrivacy(
        federation: String, datasets: [String], budget: Double, at label: DiagnosticLabel?
    ) -> Diagnostic {
        let what =
            datasets.count == 1
            ? "dataset '\(datasets[0])'"
            : "datasets '\(datasets[0])' to '\(datasets[datasets.count - 1])' (\(datasets.count))"
        return Diagnostic(
            code: "KF3034",
            message:
                "federation '\(federation)' has no privacy block but trains on \(what) with a privacy budget",
            primary: label,
            notes: [
                "without differential privacy every update releases the data unprotected: it spends ε = ∞ of "
                    + "the budget \(PrivacyBudgetCheck.fmt(budget))"
            ])
    }

    /// KF3040: the requests placed on a node exceed its capacity.
    package static func nodeOverCommitted(
        node: String, cpu: Int, cpuCapacity: Int, memory: Int, memoryCapacity: Int,
        at label: DiagnosticLabel?
    ) -> Diagnostic {
        let mi = 1 << 20
        let what =
            cpu > cpuCapacity
            ? "\(cpu)m CPU but has \(cpuCapacity)m" : "\(memory / mi)Mi of memory but has \(memoryCapacity / mi)Mi"
        return Diagnostic(
            code: "KF3040", message: "node '\(node)' is asked for \(what)", primary: label,
            helps: ["lower the requests of the workloads placed there, or place some on another node"])
    }

    /// KF3041: a client runs away from its node-local data, whatever its zone.
    package static func clientAwayFromData(
        client: String, node: String, dataset: String, dataNode: String, hostPath: Bool,
        at label: DiagnosticLabel?
    ) -> Diagnostic {
        Diagnostic(
            code: "KF3041",
            message: "client '\(client)' runs on '\(node)' but its dataset '\(dataset)' lives on '\(dataNode)'",
            primary: label,
            notes: [
                hostPath
                    ? "a hostPath volume reads the folder of the node the pod runs on, where the data is not"
                    : "the client's data volume is pinned to '\(dataNode)': a pod placed elsewhere can never be scheduled"
            ],
            helps: ["set the client's node to '\(dataNode)'"])
    }

    /// KF3042: a dataset to download is read from a zone without egress.
    package static func downloadWithoutEgress(dataset: String, zone: String, at label: DiagnosticLabel?) -> Diagnostic {
        Diagnostic(
            code: "KF3042", message: "dataset '\(dataset)' must be downloaded but zone '\(zone)' has no route out",
            primary: label, notes: ["the seed operator's pitfall: isolated clients cannot fetch their data"],
            helps: ["put the data on the node (download: false), or declare egress on the zone"])
    }

    /// KF3043: two datasets are one file (or one holds the other) on one node.
    package static func datasetsOverlap(
        dataset: String, path: String, other: String, otherPath: String, node: String, at label: DiagnosticLabel?
    ) -> Diagnostic {
        let same = path == otherPath
        return Diagnostic(
            code: "KF3043",
            message: same
                ? "datasets '\(dataset)' and '\(other)' are the same file '\(path)' on '\(node)'"
                : "dataset '\(dataset)' at '\(path)' lies inside dataset '\(other)' at '\(otherPath)' on '\(node)'",
            primary: label,
            notes: [
                "a dataset's budget belongs to its data: one file declared twice would get two budgets, and a client reading one could read the other"
            ],
            helps: [
                same
                    ? "declare the file once and let both federations read that dataset (their ε then composes)"
                    : "give each dataset a file of its own, outside the other's folder"
            ])
    }

    /// KF3044: more of an extended resource (GPUs) is requested on a node than it offers.
    package static func nodeLacksExtendedResource(
        node: String, resource: String, requested: Int, offered: Int, at label: DiagnosticLabel?
    ) -> Diagnostic {
        Diagnostic(
            code: "KF3044",
            message: "\(requested) '\(resource)' requested on node '\(node)', which offers \(offered)",
            primary: label,
            notes: ["a pod whose extended resources no node offers is never scheduled"],
            helps: [
                resource == "nvidia.com/gpu"
                    ? "declare the node's GPUs ('gpu: \(requested)' on node '\(node)'), or request fewer"
                    : "declare the node's devices ('extended: [{ name: \"\(resource)\", count: \(requested) }]'), or request fewer"
            ])
    }

    /// KF3050: a client pod is pinned away from the node its volume is on.
    package static func clientOffVolumeNode(
        client: String, nodes: [String], volume: String, volumeNodes: [String], at span: Span
    ) -> Diagnostic {
        let list = { (xs: [String]) in xs.map { "'\($0)'" }.joined(separator: ", ") }
        return Diagnostic(
            code: "KF3050",
            message: "client '\(client)' runs on \(list(nodes)) but its volume '\(volume)' is on \(list(volumeNodes))",
            primary: DiagnosticLabel(span, "its data"),
            notes: ["a pod whose node-local volume is on another node can never be scheduled"],
            helps: ["pin the pod to \(list(volumeNodes)), or put its data on the node it runs on"])
    }

    /// KF3051: two clients can read overlapping host paths on one node.
    package static func clientsShareHostPath(
        client: String, path: String, exposed: String, other: String, node: String, at span: Span
    ) -> Diagnostic {
        Diagnostic(
            code: "KF3051",
            message: "clients '\(client)' and '\(other)' can both read '\(path)' on \(node)",
            primary: DiagnosticLabel(span, "exposes '\(exposed)'"),
            notes: ["each client must be able to read its own dataset only"],
            helps: ["mount each client's dataset file alone, read-only (subPath, or a hostPath of type File)"])
    }

    /// KF3052: a client pod is pinned to no node while its volume is node-local.
    package static func clientUnpinned(client: String, volume: String, nodes: [String], at span: Span) -> Diagnostic {
        let list = nodes.map { "'\($0)'" }.joined(separator: ", ")
        return Diagnostic(
            code: "KF3052", message: "client '\(client)' is pinned to no node but its volume '\(volume)' is on \(list)",
            primary: DiagnosticLabel(span, "node-local data"),
            notes: ["where the client runs is left to the scheduler, not proved"],
            helps: ["pin the pod with a required node affinity or nodeSelector on kubernetes.io/hostname: \(list)"])
    }

    /// KF3060: a `require` of a policy block does not hold.
    package static func requirementFails(_ requirement: String, at span: Span?) -> Diagnostic {
        Diagnostic(
            code: "KF3060", message: "requirement '\(requirement)' does not hold",
            primary: span.map { DiagnosticLabel($0, "not proved") })
    }

    /// KF3061: a `require` cannot be proved (no pod of its subjects, an unknown predicate).
    package static func requirementUnprovable(_ requirement: String, reason: String, at span: Span?) -> Diagnostic {
        Diagnostic(
            code: "KF3061", message: "requirement '\(requirement)' cannot be proved: \(reason)",
            primary: span.map { DiagnosticLabel($0, "unprovable") },
            notes: ["a requirement that cannot be proved fails: kfc never passes what it could not check"],
            helps: ["name declarations that have pods in these manifests, or verify the manifests the file builds"])
    }

    /// KF3100–KF3109: a built-in security rule is violated (the codes are in `SecurityRule`).
    package static func securityRule(_ rule: SecurityRule, message: String, at span: Span) -> Diagnostic {
        Diagnostic(
            code: rule.code, severity: rule.severity, message: message, primary: DiagnosticLabel(span, rule.id),
            helps: [rule.help])
    }

    /// KF3200: a waiver without a reason.
    package static func waiverWithoutReason(_ rule: String, at span: Span) -> Diagnostic {
        Diagnostic(
            code: "KF3200", message: "waiver of '\(rule)' has no reason",
            primary: DiagnosticLabel(span, "needs 'because \"…\"'"),
            helps: ["write why the finding is acceptable: waive \(rule) because \"…\""])
    }

    /// KF3201: a waiver matches no finding.
    package static func unusedWaiver(_ rule: String, at span: Span) -> Diagnostic {
        Diagnostic(
            code: "KF3201", severity: .warning, message: "waiver of '\(rule)' matches no finding",
            primary: DiagnosticLabel(span, "unused"),
            helps: ["remove the waiver, or check the rule id (see docs/policy/rules)"])
    }

    /// KF3210: an object `kfc build` emits for the file is not in the manifests.
    package static func driftMissing(_ object: String, source: String, at span: Span?, severity: Severity)
        -> Diagnostic
    {
        Diagnostic(
            code: "KF3210", severity: severity,
            message: "'\(object)' is built from '\(source)' but is not in the manifests",
            primary: span.map { DiagnosticLabel($0, "builds '\(object)'") },
            notes: ["the manifests drifted from the file: the object was deleted, or never deployed"],
            helps: ["write the manifests again with 'kfc build \(source) -o DIR', or remove the declaration"])
    }

    /// KF3211: the manifests hold an object `kfc build` does not emit for the file.
    package static func driftExtra(_ object: String, source: String, at span: Span, severity: Severity) -> Diagnostic {
        Diagnostic(
            code: "KF3211", severity: severity,
            message: "'\(object)' is in the manifests but is not built from '\(source)'",
            primary: DiagnosticLabel(span, "not built from '\(source)'"),
            notes: ["objects added by hand are not proved against the file's declarations"],
            helps: ["remove the object, or declare what it is for in '\(source)' and build again"])
    }

    /// KF3212: an object differs from what `kfc build` emits for the file.
    package static func driftChanged(_ object: String, source: String, fields: Int, at span: Span, severity: Severity)
        -> Diagnostic
    {
        Diagnostic(
            code: "KF3212", severity: severity,
            message: "'\(object)' differs from what '\(source)' builds in \(fields) field\(fields == 1 ? "" : "s")",
            primary: DiagnosticLabel(span, "differs from the build"),
            notes: ["field: as built → as in the manifests"],
            helps: ["write the manifests again with 'kfc build \(source) -o DIR', or change '\(source)' to match"])
    }

    /// KF4001: a jq rule reports a violation.
    package static func jqViolation(rule: String, message: String, at span: Span) -> Diagnostic {
        Diagnostic(code: "KF4001", message: "\(rule): \(message)", primary: DiagnosticLabel(span, "rule '\(rule)'"))
    }

    /// KF4002: a jq rule does not compile.
    package static func jqDoesNotCompile(rule: String, reason: String, at span: Span) -> Diagnostic {
        Diagnostic(
            code: "KF4002", message: "jq rule '\(rule)' does not compile: \(reason)",
            primary: DiagnosticLabel(span, "here"),
            helps: ["check the program with `jq` on the JSON array of manifests"])
    }

    /// KF4003: a jq rule fails at run time or outputs something other than a string.
    package static func jqFailed(rule: String, reason: String, at span: Span) -> Diagnostic {
        Diagnostic(
            code: "KF4003", message: "jq rule '\(rule)' failed: \(reason)", primary: DiagnosticLabel(span, "here"),
            notes: ["a rule must output strings, one per violation"])
    }
}
