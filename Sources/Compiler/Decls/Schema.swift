/// The schema of each kind of declaration: its fields, where it may appear and what it holds.
///
/// Written as Swift tables rather than in the stdlib so the compiler can rely on them; the
/// reference is `docs/language.md` ("Types").
struct KindSchema {
    var kind: String
    var fields: [FieldSpec]
    /// Kinds this one may be nested in (empty: top level only).
    var parents: [String]
    /// Whether the declaration must have a name.
    var named: Bool
    /// Whether at most one may appear in its parent.
    var single: Bool = false

    func field(_ name: String) -> FieldSpec? { fields.first { $0.name == name } }
}

enum Schema {
    static let resources = RecordSchema(
        name: "Resources",
        fields: [
            FieldSpec("cpu", .cpu), FieldSpec("memory", .memory),
            FieldSpec("cpu_limit", .optional(.cpu), .defaulted(.none)),
            FieldSpec("memory_limit", .optional(.memory), .defaulted(.none)),
            FieldSpec("gpu", .int(atLeast: 0), .defaulted(.int(0))),
            FieldSpec("extended", .list(.record(extendedResource)), .defaulted(.list([]))),
        ])

    /// One extended resource (a device plugin's, e.g. `amd.com/gpu`): requested by a workload,
    /// or offered by a node.
    static let extendedResource = RecordSchema(
        name: "ExtendedResource",
        fields: [FieldSpec("name", .string), FieldSpec("count", .int(atLeast: 1))])

    /// A node taint: pods kfc places on the node tolerate it.
    static let taint = RecordSchema(
        name: "Taint",
        fields: [
            FieldSpec("key", .string), FieldSpec("value", .string, .defaulted(.string(""))),
            FieldSpec(
                "effect",
                .choice(name: "taint effect", cases: IR.Taint.effects, or: nil),
                .defaulted(.enumCase("NoSchedule"))),
        ])

    static let budget = RecordSchema(
        name: "Budget",
        fields: [
            FieldSpec("epsilon", .float(nil)), FieldSpec("delta", .float(nil)),
        ])

    static let training = RecordSchema(
        name: "Training",
        fields: [
            FieldSpec("epochs", .int(atLeast: 1), .defaulted(.int(1))),
            FieldSpec("batch", .int(atLeast: 1), .defaulted(.int(32))),
            FieldSpec("lr", .positive, .defaulted(.float(0.01))),
            FieldSpec(
                "momentum", .float(Bounds(lower: 0, lowerOpen: false, upper: 1, upperOpen: true)), .defaulted(.float(0))
            ),
            FieldSpec(
                "weight_decay", .float(Bounds(lower: 0, lowerOpen: false, upper: nil, upperOpen: false)),
                .defaulted(.float(0))),
        ])

    static let privacyFields: [FieldSpec] = [
        FieldSpec("unit", .choice(name: "privacy unit", cases: ["example", "client"], or: nil)),
        FieldSpec("epsilon", .float(nil)),
        FieldSpec("delta", .float(nil)),
        FieldSpec("clip", .positive, .defaulted(.float(1.0))),
        FieldSpec(
            "noise", .choice(name: "noise (auto or a Float)", cases: ["auto"], or: .positive),
            .defaulted(.enumCase("auto"))),
        FieldSpec(
            "accountant", .choice(name: "accountant", cases: ["rdp", "pld"], or: nil), .defaulted(.enumCase("rdp"))),
        FieldSpec(
            "evaluation", .choice(name: "evaluation release", cases: ["withheld", "charged"], or: nil),
            .defaulted(.enumCase("withheld"))),
    ]

    static let privacy = RecordSchema(name: "Privacy", fields: privacyFields)

    static let defaultImage = "ghcr.io/kfc/flexec:0.1.0"

    static let kinds: [String: KindSchema] = {
        let list = [
            KindSchema(kind: "cluster", fields: [], parents: [], named: true),
            KindSchema(
                kind: "node",
                fields: [
                    FieldSpec("hostname", .string, .computed),
                    FieldSpec("cpu", .cpu), FieldSpec("memory", .memory),
                    FieldSpec("labels", .map(.string), .defaulted(.record([:]))),
                    FieldSpec("gpu", .int(atLeast: 0), .defaulted(.int(0))),
                    FieldSpec("extended", .list(.record(extendedResource)), .defaulted(.list([]))),
                    FieldSpec("taints", .list(.record(taint)), .defaulted(.list([]))),
                ], parents: ["cluster"], named: true),
            KindSchema(
                kind: "network",
                fields: [
                    FieldSpec("pool", .optional(.cidr), .defaulted(.none)),
                    FieldSpec(
                        "zone_prefix", .int(Bounds(lower: 1, lowerOpen: false, upper: 32, upperOpen: false)),
                        .defaulted(.int(28))),
                    FieldSpec("egress", .bool, .defaulted(.bool(false))),
                ], parents: [], named: true),
            KindSchema(
                kind: "zone",
                fields: [
                    FieldSpec("cidr", .optional(.cidr), .defaulted(.none)),
                    FieldSpec("private", .bool, .defaulted(.bool(true))),
                    FieldSpec("egress", .list(.cidr), .defaulted(.list([]))),
                ], parents: ["network"], named: true),
            KindSchema(
                kind: "dataset",
                fields: [
                    FieldSpec(
                        "format", .component("format"),
                        .defaulted(
                            .component(
                                ComponentValue(category: "format", name: "csv", params: ["label": .string("label")])))),
                    FieldSpec("label", .optional(.string), .defaulted(.none)),
                    FieldSpec("path", .string),
                    FieldSpec("node", .ref("node")),
                    FieldSpec("records", .int(atLeast: 1)),
                    FieldSpec(
                        "scaling",
                        .choice(name: "scaling", cases: ["none", "minmax", "standardize"], or: .component("scaling")),
                        .defaulted(.enumCase("none"))),
                    FieldSpec("download", .bool, .defaulted(.bool(false))),
                    FieldSpec("host_path", .bool, .defaulted(.bool(false))),
                    FieldSpec("budget", .optional(.record(budget)), .defaulted(.none)),
                ], parents: [], named: true),
            KindSchema(
                kind: "federation",
                fields: [
                    // Required unless a `flower` block runs the federation (checked when lowering).
                    FieldSpec("model", .component("model"), .computed),
                    FieldSpec("strategy", .component("strategy"), .computed),
                    FieldSpec("rounds", .int(atLeast: 1)),
                    FieldSpec("min_clients", .int(atLeast: 1), .computed),
                    FieldSpec(
                        "fraction_fit", .float(Bounds(lower: 0, lowerOpen: true, upper: 1, upperOpen: false)),
                        .defaulted(.float(1.0))),
                    FieldSpec("privacy", .optional(.record(privacy)), .defaulted(.none)),
                    FieldSpec("timeout", .optional(.duration), .defaulted(.none)),
                    FieldSpec(
                        "transport", .choice(name: "transport", cases: ["mtls", "insecure"], or: nil),
                        .defaulted(.enumCase("mtls"))),
                ], parents: [], named: true),
            KindSchema(
                kind: "server",
                fields: [
                    FieldSpec("zone", .ref("zone")), FieldSpec("node", .ref("node")),
                    FieldSpec("port", .port, .defaulted(.int(8080))),
                    FieldSpec("address", .optional(.ip), .defaulted(.none)),
                    FieldSpec("image", .string, .defaulted(.string(defaultImage))),
                    FieldSpec(
                        "resources", .record(resources),
                        .defaulted(.record(["cpu": .cpu(1000), "memory": .memory(1 << 30)]))),
                ], parents: ["federation"], named: false, single: true),
            KindSchema(
                kind: "client",
                fields: [
                    FieldSpec("zone", .ref("zone")), FieldSpec("node", .ref("node")),
                    FieldSpec("dataset", .ref("dataset")),
                    FieldSpec(
                        "train", .choice(name: "Training or auto", cases: ["auto"], or: .record(training)),
                        .defaulted(.record([:]))),
                    FieldSpec("image", .string, .defaulted(.string(defaultImage))),
                    FieldSpec(
                        "resources", .record(resources),
                        .defaulted(.record(["cpu": .cpu(500), "memory": .memory(512 << 20)]))),
                    FieldSpec("budget", .optional(.record(budget)), .defaulted(.none)),
                ], parents: ["federation"], named: false),
            KindSchema(kind: "privacy", fields: privacyFields, parents: ["federation"], named: false, single: true),
            KindSchema(
                kind: "flower",
                fields: [
                    FieldSpec("image", .string), FieldSpec("app", .string),
                    FieldSpec("config", .map(.any), .defaulted(.record([:]))),
                ], parents: ["federation"], named: false, single: true),
            KindSchema(kind: "policy", fields: [], parents: [], named: false),
            KindSchema(kind: "model", fields: [], parents: [], named: true),
            KindSchema(kind: "strategy", fields: [], parents: [], named: true),
        ]
        return Dictionary(uniqueKeysWithValues: list.map { ($0.kind, $0) })
    }()

    /// Kinds whose declarations are components (templates called like functions).
    static let componentKinds: Set<String> = ["model", "strategy"]

    /// Named types usable in `let` annotations and component parameters.
    static let namedTypes: [String: KType] = [
        "Int": .int(nil), "Float": .float(nil), "Bool": .bool, "String": .string, "Duration": .duration,
        "CPU": .cpu, "Memory": .memory, "IP": .ip, "CIDR": .cidr, "Port": .port, "Range": .range,
        "Resources": .record(resources), "Training": .record(training), "Budget": .record(budget),
        "Privacy": .record(privacy), "Model": .component("model"), "Strategy": .component("strategy"),
        "ExtendedResource": .record(extendedResource), "Taint": .record(taint), "Node": .ref("node"),
        "Zone": .ref("zone"), "Dataset": .ref("dataset"),
    ]
}
