/// The declaration schemas as editors see them: which kinds exist, where each may appear, and the
/// fields of each kind and record type, with their types as the checker names them.
///
/// A read-only view of `Schema` for tools (`kfc lsp` completes and describes fields from it), so
/// the tables stay the compiler's and exist once.
package enum SchemaCatalog {
    /// One field of a declaration kind or record type.
    package struct Field: Sendable, Hashable {
        /// The field's name.
        package var name: String
        /// Its type as the checker names it (`Int(1...)`, `Resources`, `Zone?`).
        package var type: String
        /// Whether it must be written.
        package var required: Bool
        /// The record type of its value, when the value is a record with fixed fields
        /// (`train` → `Training`); nil otherwise.
        package var recordType: String?
    }

    /// Every declaration kind, sorted.
    package static var kinds: [String] { Schema.kinds.keys.sorted() }

    /// The kinds that may be written directly inside `parent` (nil: at the top level), sorted.
    package static func kinds(nestedIn parent: String?) -> [String] {
        Schema.kinds.values.filter { k in
            if let parent { k.parents.contains(parent) } else { k.parents.isEmpty }
        }.map(\.kind).sorted()
    }

    /// The fields of declaration kind `kind` in schema order, or nil for an unknown kind.
    package static func fields(ofKind kind: String) -> [Field]? {
        Schema.kinds[kind].map { $0.fields.map(field) }
    }

    /// The fields of the record type `name` (`Resources`, `Training`, `Budget`, `Privacy`), or nil.
    package static func fields(ofRecord name: String) -> [Field]? {
        guard case .record(let r)? = Schema.namedTypes[name] else { return nil }
        return r.fields.map(field)
    }

    /// The named types usable in annotations, sorted.
    package static var typeNames: [String] { Schema.namedTypes.keys.sorted() }

    private static func field(_ f: FieldSpec) -> Field {
        var record: String?
        var t = f.type
        if case .optional(let w) = t { t = w }
        // `train: auto | Training`: a record written there is a `Training`.
        if case .choice(_, _, let or?) = t { t = or.unwrapped }
        if case .record(let r) = t { record = r.name }
        let required = if case .required = f.presence { true } else { false }
        return Field(name: f.name, type: f.type.description, required: required, recordType: record)
    }
}
