import KFLang

/// Diagnostics of the compiler (names, types, evaluation), one factory per code, sorted by code.
extension Diagnostic {
    private static func didYouMean(_ d: Diagnostic, _ span: Span, _ s: String?) -> Diagnostic {
        guard let s else { return d }
        return d.with(fixIt: FixIt(title: "did you mean '\(s)'?", span: span, replacement: s))
    }

    /// KF1001: a name that is not in scope.
    static func unknownName(_ span: Span, _ name: String, suggestion: String?) -> Diagnostic {
        didYouMean(
            Diagnostic(
                code: "KF1001", message: "cannot find '\(name)' in scope",
                primary: DiagnosticLabel(span, "not found")), span, suggestion)
    }

    /// KF1002: two declarations of one name in one scope.
    static func duplicateDeclaration(_ span: Span, _ name: String, first: Span?) -> Diagnostic {
        var d = Diagnostic(
            code: "KF1002", message: "'\(name)' is declared twice",
            primary: DiagnosticLabel(span, "declared again here"),
            helps: ["rename one of them"])
        if let first { d = d.with(secondary: first, "first declared here") }
        return d
    }

    /// KF1003: a field the declaration's schema does not have.
    static func unknownField(_ span: Span, _ field: String, on kind: String, suggestion: String?) -> Diagnostic {
        var d = Diagnostic(
            code: "KF1003", message: "unknown field '\(field)' on '\(kind)'",
            primary: DiagnosticLabel(span, "not a field of '\(kind)'"))
        d = didYouMean(d, span, suggestion)
        return d
    }

    /// KF1004: a required field that is not written.
    static func missingField(_ span: Span, _ field: String, on kind: String, type: String) -> Diagnostic {
        Diagnostic(
            code: "KF1004", message: "missing field '\(field)' in '\(kind)'",
            primary: DiagnosticLabel(span, "'\(field)' is required here"),
            helps: ["add '\(field): …' (a value of type \(type))"])
    }

    /// KF1005: a value of the wrong type.
    static func typeMismatch(_ span: Span, expected: String, found: String, note: String? = nil) -> Diagnostic {
        var d = Diagnostic(
            code: "KF1005", message: "expected \(expected), found \(found)",
            primary: DiagnosticLabel(span, "this is \(found)"))
        if let note { d = d.with(note: note) }
        return d
    }

    /// KF1006: a value outside the range of a refined type.
    static func outOfRange(_ span: Span, _ value: String, type: String) -> Diagnostic {
        Diagnostic(
            code: "KF1006", message: "\(value) is not in \(type)",
            primary: DiagnosticLabel(span, "out of range"))
    }

    /// KF1007: one field written twice.
    static func duplicateField(_ span: Span, _ field: String, first: Span) -> Diagnostic {
        Diagnostic(
            code: "KF1007", message: "field '\(field)' is written twice",
            primary: DiagnosticLabel(span, "written again here"),
            secondary: [DiagnosticLabel(first, "first written here")],
            helps: ["remove one of them"])
    }

    /// KF1008: a declaration keyword kfc does not know.
    static func unknownKind(_ span: Span, _ kind: String, suggestion: String?) -> Diagnostic {
        didYouMean(
            Diagnostic(
                code: "KF1008", message: "unknown declaration kind '\(kind)'",
                primary: DiagnosticLabel(span, "not a kind of declaration"),
                notes: [
                    "kinds: cluster, node, network, zone, dataset, federation, server, client, privacy, policy, model, strategy"
                ]),
            span, suggestion)
    }

    /// KF1009: a declaration where its kind is not allowed.
    static func misplacedDeclaration(_ span: Span, _ kind: String, allowed: String) -> Diagnostic {
        Diagnostic(
            code: "KF1009", message: "a '\(kind)' cannot be declared here",
            primary: DiagnosticLabel(span, "not allowed here"),
            helps: ["declare '\(kind)' \(allowed)"])
    }

    /// KF1010: an import of a module or file that does not exist.
    static func moduleNotFound(_ span: Span, _ module: String, chain: [String]) -> Diagnostic {
        var d = Diagnostic(
            code: "KF1010", message: "cannot find module '\(module)'",
            primary: DiagnosticLabel(span, "no such module"),
            helps: [
                "library modules are 'std/…' in the standard library; files are quoted paths relative to the importing file"
            ])
        if chain.count > 1 { d = d.with(note: "import chain: " + chain.joined(separator: " -> ")) }
        return d
    }

    /// KF1011: modules that import each other.
    static func importCycle(_ span: Span, chain: [String]) -> Diagnostic {
        Diagnostic(
            code: "KF1011", message: "import cycle: " + chain.joined(separator: " -> "),
            primary: DiagnosticLabel(span, "this import closes the cycle"),
            helps: ["move what both files need into a third file that imports neither"])
    }

    /// KF1012: a selected import name the module does not export.
    static func unknownImport(_ span: Span, _ name: String, module: String, suggestion: String?) -> Diagnostic {
        didYouMean(
            Diagnostic(
                code: "KF1012", message: "module '\(module)' has no '\(name)'",
                primary: DiagnosticLabel(span, "not exported by '\(module)'")), span, suggestion)
    }

    /// KF1013: indexing a value that is not a replicated declaration or a list.
    static func notIndexable(_ span: Span, _ what: String) -> Diagnostic {
        Diagnostic(
            code: "KF1013", message: "\(what) cannot be indexed",
            primary: DiagnosticLabel(span, "not a list or a replicated declaration"))
    }

    /// KF1014: a member that does not exist.
    static func unknownMember(_ span: Span, _ member: String, of base: String, suggestion: String?) -> Diagnostic {
        didYouMean(
            Diagnostic(
                code: "KF1014", message: "'\(base)' has no member '\(member)'",
                primary: DiagnosticLabel(span, "no such member")), span, suggestion)
    }

    /// KF1015: calling something that is not a function or component.
    static func notCallable(_ span: Span, _ what: String) -> Diagnostic {
        Diagnostic(
            code: "KF1015", message: "\(what) cannot be called",
            primary: DiagnosticLabel(span, "not a function or component"))
    }

    /// KF1016: call arguments that do not match the parameters.
    static func badArgument(_ span: Span, _ message: String, suggestion: String? = nil) -> Diagnostic {
        didYouMean(
            Diagnostic(code: "KF1016", message: message, primary: DiagnosticLabel(span, "here")), span, suggestion)
    }

    /// KF1017: a quantity whose unit does not fit the expected type.
    static func wrongUnit(_ span: Span, unit: String, expected: String, help: String) -> Diagnostic {
        Diagnostic(
            code: "KF1017", message: "unit '\(unit)' is not a unit of \(expected)",
            primary: DiagnosticLabel(span, "wrong unit"), helps: [help])
    }

    /// KF1018: a reference to a declaration of the wrong kind.
    static func wrongReference(_ span: Span, expected: String, found: String, name: String) -> Diagnostic {
        Diagnostic(
            code: "KF1018", message: "expected a \(expected), found \(found) '\(name)'",
            primary: DiagnosticLabel(span, "this is a \(found)"))
    }

    /// KF1019: a type name that does not exist.
    static func unknownType(_ span: Span, _ name: String, suggestion: String?) -> Diagnostic {
        didYouMean(
            Diagnostic(
                code: "KF1019", message: "unknown type '\(name)'",
                primary: DiagnosticLabel(span, "not a type"),
                notes: [
                    "types: Int, Float, Bool, String, Duration, CPU, Memory, IP, CIDR, Port, Resources, Training, Budget, [T], T?"
                ]),
            span, suggestion)
    }

    /// KF1020: a bare name that is not one of the allowed cases.
    static func unknownCase(_ span: Span, _ name: String, type: String, cases: [String], suggestion: String?)
        -> Diagnostic
    {
        didYouMean(
            Diagnostic(
                code: "KF1020", message: "'\(name)' is not \("aeiou".contains(type.first ?? "x") ? "an" : "a") \(type)",
                primary: DiagnosticLabel(span, "not allowed here"),
                notes: ["expected one of: " + cases.joined(separator: ", ")]), span, suggestion)
    }

    /// KF1021: a declaration that needs a name and has none.
    static func missingName(_ span: Span, kind: String) -> Diagnostic {
        Diagnostic(
            code: "KF1021", message: "a '\(kind)' needs a name",
            primary: DiagnosticLabel(span, "name expected after '\(kind)'"),
            helps: ["write '\(kind) NAME { … }'"])
    }

    /// KF1022: a declaration that can appear once appears several times.
    static func repeatedBlock(_ span: Span, kind: String, first: Span) -> Diagnostic {
        Diagnostic(
            code: "KF1022", message: "more than one '\(kind)' in this declaration",
            primary: DiagnosticLabel(span, "second '\(kind)'"),
            secondary: [DiagnosticLabel(first, "first '\(kind)' here")])
    }

    /// KF1023: a `require` whose predicate kfc does not know.
    static func unknownPredicate(_ span: Span, _ name: String, suggestion: String?) -> Diagnostic {
        didYouMean(
            Diagnostic(
                code: "KF1023", message: "unknown requirement '\(name)'",
                primary: DiagnosticLabel(span, "not a requirement"),
                notes: ["requirements: " + PolicyLowering.predicates.joined(separator: ", ")]), span, suggestion)
    }

    /// KF1024: `--set` names a `let` that does not exist.
    static func unknownOverride(_ name: String, suggestion: String?) -> Diagnostic {
        var d = Diagnostic(code: "KF1024", message: "'--set \(name)' names no top-level 'let'", primary: nil)
        if let s = suggestion { d = d.with(help: "did you mean '\(s)'?") }
        return d
    }

    /// KF1025: a `let` in a replicated or component body shadows an outer name.
    static func shadowing(_ span: Span, _ name: String, outer: Span) -> Diagnostic {
        Diagnostic(
            code: "KF1025", severity: .warning, message: "'\(name)' shadows an outer declaration",
            primary: DiagnosticLabel(span, "shadows"), secondary: [DiagnosticLabel(outer, "outer '\(name)' here")],
            helps: ["rename it so both stay visible"])
    }

    /// KF1026: a requirement applied to a declaration of a kind it does not take.
    static func wrongRequirementSubject(_ span: Span, predicate: String, found: String, accepted: String)
        -> Diagnostic
    {
        Diagnostic(
            code: "KF1026", message: "'\(predicate)' cannot apply to \(found); it takes \(accepted)",
            primary: DiagnosticLabel(span, "not a subject of '\(predicate)'"),
            helps: ["see docs/policy/requirements.md for what each requirement proves"])
    }

    /// KF1027: a requirement of the wrong shape: a bound missing or out of place, or no subject.
    static func malformedRequirement(_ span: Span, predicate: String, problem: RequirementShapeProblem)
        -> Diagnostic
    {
        switch problem {
        case .missingBound:
            return Diagnostic(
                code: "KF1027", message: "'\(predicate)' needs a bound",
                primary: DiagnosticLabel(span, "no bound"),
                helps: ["compare it with the largest ε allowed, e.g. 'budget(f) <= 1.0'"])
        case .unexpectedBound(let remove):
            return Diagnostic(
                code: "KF1027", message: "'\(predicate)' takes no bound",
                primary: DiagnosticLabel(span, "only 'budget' is compared with a bound")
            ).with(fixIt: FixIt(title: "remove the bound", span: remove, replacement: ""))
        case .noSubjects:
            return Diagnostic(
                code: "KF1027", message: "'\(predicate)' has no subject",
                primary: DiagnosticLabel(span, "applies to nothing"),
                helps: ["name what it applies to, e.g. '\(predicate)(f.client)'"])
        }
    }

    /// Why an import was refused (KF1028).
    enum ImportRefusal {
        /// The path leads outside the folder imports are confined to (named).
        case outsideRoot(String)
        /// The file is not a `.kf` file.
        case notKF
    }

    /// KF1028: a file import outside the project root (or the standard library), or of a file
    /// that is not `.kf`; refused before the file is read.
    static func importRefused(_ span: Span, _ path: String, reason: ImportRefusal) -> Diagnostic {
        switch reason {
        case .outsideRoot(let root):
            Diagnostic(
                code: "KF1028", message: "cannot import '\(path)': it is outside \(root)",
                primary: DiagnosticLabel(span, "outside \(root)"),
                helps: [
                    "imports resolve only inside the project root (the root file's folder, or --root DIR) and the standard library"
                ])
        case .notKF:
            Diagnostic(
                code: "KF1028", message: "cannot import '\(path)': only '.kf' files can be imported",
                primary: DiagnosticLabel(span, "not a '.kf' file"),
                helps: ["a file that is not '.kf' is never read; move what you need into a '.kf' file"])
        }
    }

    /// KF2001: evaluation exceeded its step limit.
    static func stepLimit(_ span: Span, limit: Int) -> Diagnostic {
        Diagnostic(
            code: "KF2001", message: "evaluation exceeded \(limit) steps",
            primary: DiagnosticLabel(span, "while evaluating this"),
            notes: ["kfc stops evaluating so that checking always terminates"],
            helps: ["reduce the sizes of ranges and comprehensions"])
    }

    /// KF2002: division or remainder by zero.
    static func divisionByZero(_ span: Span) -> Diagnostic {
        Diagnostic(code: "KF2002", message: "division by zero", primary: DiagnosticLabel(span, "this is zero"))
    }

    /// KF2003: an index outside a replicated declaration or list.
    static func indexOutOfRange(_ span: Span, index: String, of name: String, valid: String) -> Diagnostic {
        Diagnostic(
            code: "KF2003", message: "index \(index) is out of range for '\(name)'",
            primary: DiagnosticLabel(span, "out of range"), notes: ["valid indices: \(valid)"])
    }

    /// KF2004: a value that depends on itself.
    static func cyclicDefinition(_ span: Span, _ name: String) -> Diagnostic {
        Diagnostic(
            code: "KF2004", message: "'\(name)' depends on itself",
            primary: DiagnosticLabel(span, "used while it is being computed"),
            notes: ["kfc has no recursion; every value must be computable from earlier ones"])
    }

    /// KF2005: a CIDR block with host bits set.
    static func cidrHostBits(_ span: Span, _ text: String, canonical: String) -> Diagnostic {
        Diagnostic(
            code: "KF2005", message: "CIDR block '\(text)' has host bits set",
            primary: DiagnosticLabel(span, "the address is not the start of the block")
        )
        .with(fixIt: FixIt(title: "write '\(canonical)'", span: span, replacement: canonical))
    }

    /// KF2006: two zones of one network whose blocks overlap.
    static func overlappingZones(_ span: Span, _ a: String, _ acidr: String, _ b: String, _ bcidr: String, other: Span)
        -> Diagnostic
    {
        Diagnostic(
            code: "KF2006", message: "zones '\(a)' (\(acidr)) and '\(b)' (\(bcidr)) overlap",
            primary: DiagnosticLabel(span, "overlaps"), secondary: [DiagnosticLabel(other, "'\(b)' declared here")],
            helps: ["give the zones disjoint blocks, or drop 'cidr' to let kfc carve one from the pool"])
    }

    /// KF2007: a pool with no room left for a zone.
    static func poolExhausted(_ span: Span, network: String, pool: String, zone: String, prefix: Int, zones: Int)
        -> Diagnostic
    {
        Diagnostic(
            code: "KF2007", message: "pool \(pool) of '\(network)' has no free /\(prefix) left for '\(zone)'",
            primary: DiagnosticLabel(span, "pool too small"),
            notes: ["'\(network)' has \(zones) zones to carve"],
            helps: ["use a larger pool or a larger 'zone_prefix'"])
    }

    /// KF2008: a declared zone block outside its network's pool.
    static func zoneOutsidePool(_ span: Span, zone: String, cidr: String, pool: String) -> Diagnostic {
        Diagnostic(
            code: "KF2008", message: "zone '\(zone)' (\(cidr)) is outside the pool \(pool)",
            primary: DiagnosticLabel(span, "not inside the pool"))
    }

    /// KF2009: a zone with no cidr in a network with no pool.
    static func noPool(_ span: Span, zone: String, network: String) -> Diagnostic {
        Diagnostic(
            code: "KF2009", message: "zone '\(zone)' has no 'cidr' and '\(network)' has no 'pool'",
            primary: DiagnosticLabel(span, "no address block"),
            helps: ["give the zone a 'cidr', or give '\(network)' a 'pool' to carve from"])
    }

    /// KF2010: a port outside 1...65535.
    static func portOutOfRange(_ span: Span, _ value: Int) -> Diagnostic {
        Diagnostic(
            code: "KF2010", message: "port \(value) is outside 1...65535",
            primary: DiagnosticLabel(span, "not a TCP port"))
    }

    /// KF2011: ε not positive.
    static func epsilonNotPositive(_ span: Span, _ value: String) -> Diagnostic {
        Diagnostic(
            code: "KF2011", message: "epsilon must be greater than 0, found \(value)",
            primary: DiagnosticLabel(span, "not positive"),
            notes: ["ε = 0 would allow no training at all"])
    }

    /// KF2012: δ outside (0, 1).
    static func deltaOutOfRange(_ span: Span, _ value: String) -> Diagnostic {
        Diagnostic(
            code: "KF2012", message: "delta must be between 0 and 1 (exclusive), found \(value)",
            primary: DiagnosticLabel(span, "not in (0, 1)"),
            helps: ["a typical δ is below 1/records, e.g. 1e-5"])
    }

    /// KF2013: δ too large for the number of records.
    static func deltaTooLarge(_ span: Span, _ value: String, records: Int, of what: String) -> Diagnostic {
        Diagnostic(
            code: "KF2013", severity: .warning,
            message: "delta \(value) is not below 1/\(records) (\(what))",
            primary: DiagnosticLabel(span, "too large"),
            notes: ["with δ ≥ 1/n a mechanism may publish a whole record and still meet (ε, δ)"],
            helps: ["use a δ well below 1/\(records)"])
    }

    /// KF2014: two declarations with one Kubernetes name.
    static func kubeNameClash(_ span: Span, _ a: String, _ b: String, k8s: String, what: String, other: Span)
        -> Diagnostic
    {
        Diagnostic(
            code: "KF2014", message: "'\(a)' and '\(b)' both map to the \(what) name '\(k8s)'",
            primary: DiagnosticLabel(span, "maps to '\(k8s)'"),
            secondary: [DiagnosticLabel(other, "'\(b)' also maps to '\(k8s)'")],
            notes: ["names are lowercased and '_', '.', '[' become '-'"],
            helps: ["rename one of them"])
    }

    /// KF2015: a name that is not a valid Kubernetes name (too long or empty).
    static func invalidKubeName(_ span: Span, _ name: String, k8s: String) -> Diagnostic {
        Diagnostic(
            code: "KF2015", message: "'\(name)' does not map to a valid Kubernetes name",
            primary: DiagnosticLabel(span, "maps to '\(k8s)'"),
            notes: ["Kubernetes names are DNS-1123 labels: 1 to 63 lowercase letters, digits and '-'"],
            helps: ["use a shorter name"])
    }

    /// KF2016: a federation with no clients.
    static func emptyFederation(_ span: Span, _ name: String) -> Diagnostic {
        Diagnostic(
            code: "KF2016", message: "federation '\(name)' has no clients",
            primary: DiagnosticLabel(span, "no 'client' declared"),
            helps: ["declare clients with 'client[i in 0..<n] { … }'"])
    }

    /// KF2017: a federation that needs more clients than it has.
    static func tooFewClients(_ span: Span, min: Int, clients: Int, name: String) -> Diagnostic {
        Diagnostic(
            code: "KF2017", message: "'\(name)' needs \(min) clients per round but has \(clients)",
            primary: DiagnosticLabel(span, "more than the \(clients) clients"),
            helps: ["lower 'min_clients' or add clients"])
    }

    /// KF2018: a federation without a server.
    static func missingServer(_ span: Span, _ name: String) -> Diagnostic {
        Diagnostic(
            code: "KF2018", message: "federation '\(name)' has no server",
            primary: DiagnosticLabel(span, "no 'server' declared"),
            helps: ["add 'server { zone: …, node: … }'"])
    }

    /// KF2019: integer arithmetic that overflows.
    static func overflow(_ span: Span) -> Diagnostic {
        Diagnostic(
            code: "KF2019", message: "integer overflow",
            primary: DiagnosticLabel(span, "result does not fit in 64 bits"))
    }

    /// KF2020: a replication over something that is not a finite range or list.
    static func notIterable(_ span: Span, found: String) -> Diagnostic {
        Diagnostic(
            code: "KF2020", message: "cannot iterate over \(found)",
            primary: DiagnosticLabel(span, "not a finite range or list"),
            helps: ["use a range such as '0..<n' or a list"])
    }

    /// KF2021: two clients of a federation in one zone, or a client in the server's zone.
    static func sharedZone(_ span: Span, client: String, zone: String, other: String, otherSpan: Span) -> Diagnostic {
        Diagnostic(
            code: "KF2021", severity: .warning, message: "'\(client)' and '\(other)' share the zone '\(zone)'",
            primary: DiagnosticLabel(span, "same zone"),
            secondary: [DiagnosticLabel(otherSpan, "'\(other)' is here")],
            notes: ["workloads in one zone can reach each other; isolation needs a zone per client"])
    }

    /// KF2022: a zone prefix longer than a /30 leaves no room for the gateway and the server.
    static func zoneTooSmall(_ span: Span, zone: String, cidr: String) -> Diagnostic {
        Diagnostic(
            code: "KF2022", message: "zone '\(zone)' (\(cidr)) is too small",
            primary: DiagnosticLabel(span, "fewer than 4 addresses"),
            helps: ["use a prefix of /29 or shorter so the zone has a gateway and hosts"])
    }

    /// KF2023: values defined in terms of each other too deeply.
    static func tooDeep(_ span: Span, limit: Int) -> Diagnostic {
        Diagnostic(
            code: "KF2023", message: "definitions depend on each other more than \(limit) levels deep",
            primary: DiagnosticLabel(span, "while computing this"),
            notes: ["kfc stops here instead of running out of stack"],
            helps: ["compute long chains with a comprehension or a range instead of one 'let' per step"])
    }

    /// KF2024: a batch larger than the client's dataset.
    static func batchTooLarge(_ span: Span, batch: Int, records: Int, dataset: String, client: String) -> Diagnostic {
        Diagnostic(
            code: "KF2024",
            message: "batch \(batch) of '\(client)' is larger than the \(records) records of '\(dataset)'",
            primary: DiagnosticLabel(span, "batch too large"),
            notes: ["the sampling rate batch/records must be at most 1 for DP-SGD's accounting"],
            helps: ["use a batch of at most \(records)"])
    }

    /// KF2025: two servers of one zone on one address, or more servers than the zone has hosts.
    static func serverAddressClash(
        _ span: Span, server: String, address: String?, zone: String, other: String, otherSpan: Span,
        free: String?, hosts: Int = 0
    ) -> Diagnostic {
        guard let address else {
            return Diagnostic(
                code: "KF2025", message: "zone '\(zone)' has no address left for '\(server)'",
                primary: DiagnosticLabel(span, "no free address"),
                secondary: [DiagnosticLabel(otherSpan, "'\(other)' is in the same zone")],
                notes: ["the zone has \(hosts) host address\(hosts == 1 ? "" : "es") besides its gateway"],
                helps: ["give zone '\(zone)' a larger block, or put '\(server)' in another zone"])
        }
        var d = Diagnostic(
            code: "KF2025", message: "'\(server)' and '\(other)' both have the address \(address)",
            primary: DiagnosticLabel(span, "same address"),
            secondary: [DiagnosticLabel(otherSpan, "'\(other)' has \(address)")],
            notes: ["servers in one zone ('\(zone)') need distinct addresses"])
        if let free {
            d = d.with(fixIt: FixIt(title: "use the free address \(free)", span: span, replacement: free))
        } else {
            d = d.with(help: "give zone '\(zone)' a larger block, or put '\(server)' in another zone")
        }
        return d
    }

    /// KF2026: a server's fixed address that its zone cannot give it.
    static func serverAddressInvalid(_ span: Span, address: String, zone: String, why: String) -> Diagnostic {
        Diagnostic(
            code: "KF2026", message: "address \(address) is \(why)",
            primary: DiagnosticLabel(span, "not a host of zone '\(zone)'"),
            helps: [
                "use a host address of zone '\(zone)' other than its gateway, or remove 'address' to let kfc choose"
            ])
    }

    /// KF2027: a value (string, list, range) or a number of declarations past the size limits.
    static func valueTooLarge(_ span: Span, what: String, limit: String) -> Diagnostic {
        Diagnostic(
            code: "KF2027", message: "\(what) is more than kfc builds (at most \(limit))",
            primary: DiagnosticLabel(span, "too large"),
            notes: [
                "kfc bounds the size of values, not only the steps, so that no file can make checking use unbounded memory"
            ],
            helps: ["check the sizes of the ranges, replications and concatenations that build this value"])
    }

    /// KF2029: a node label or taint that Kubernetes would reject.
    static func invalidNodeLabel(_ span: Span, key: String, value: String, why: String) -> Diagnostic {
        Diagnostic(
            code: "KF2029", message: "'\(key): \(value)' is not a valid node label or taint",
            primary: DiagnosticLabel(span, why),
            notes: [
                "pods placed on the node select its labels and tolerate its taints, so the API server would reject them"
            ])
    }

    /// KF2030: an extended resource name that Kubernetes would reject, or one named twice.
    static func invalidExtendedResource(_ span: Span, name: String, why: String) -> Diagnostic {
        Diagnostic(
            code: "KF2030", message: "'\(name)' is not a usable extended resource",
            primary: DiagnosticLabel(span, why),
            helps: ["write 'gpu: N' for NVIDIA GPUs, or '{ name: \"vendor.com/device\", count: N }' in 'extended'"])
    }

    /// KF2031: a federation's model or strategy that kfc's executor does not implement.
    static func notExecutable(_ span: Span, field: String, name: String, allowed: [String]) -> Diagnostic {
        Diagnostic(
            code: "KF2031", message: "\(field) '\(name)' is not one kfc's executor implements",
            primary: DiagnosticLabel(span, "not a \(field) of 'std/\(field == "model" ? "models" : "strategies")'"),
            notes: ["the executor implements \(allowed.map { "'\($0)'" }.joined(separator: ", "))"],
            helps: ["import one of them from 'std/\(field == "model" ? "models" : "strategies")'"])
    }

    /// KF2037: `train: auto` in a federation without a `privacy` block (there is no budget to spend).
    static func autoTrainingWithoutPrivacy(_ span: Span, client: String, federation: String) -> Diagnostic {
        Diagnostic(
            code: "KF2037", message: "'train: auto' of '\(client)' has no privacy budget to choose from",
            primary: DiagnosticLabel(span, "chosen from the budget"),
            notes: ["federation '\(federation)' has no 'privacy' block, so it trains without differential privacy"],
            helps: ["add a 'privacy { unit: example, epsilon: …, delta: … }' block to the federation"]
        ).with(
            fixIt: FixIt(
                title: "write the training out", span: span, replacement: "{ epochs: 1, batch: 32, lr: 0.01 }"))
    }

    /// KF2038: `train: auto` under client-level privacy, where local training is not the mechanism.
    static func autoTrainingClientUnit(_ span: Span, client: String) -> Diagnostic {
        Diagnostic(
            code: "KF2038", message: "'train: auto' of '\(client)' needs example-level privacy",
            primary: DiagnosticLabel(span, "chosen from an example-level budget"),
            notes: [
                "under 'unit: client' the noise is added by the server to whole updates; the rule spends an example-level budget on DP-SGD steps"
            ],
            helps: ["use 'unit: example' to protect each record with DP-SGD"]
        ).with(
            fixIt: FixIt(
                title: "write the training out", span: span, replacement: "{ epochs: 1, batch: 32, lr: 0.01 }"))
    }
}
