import Compiler
import Foundation
import KFLang

/// Answers hover: what the name under the cursor declares (its header, type and `///` docs)
/// and, where the file evaluated and was proved, the values kfc computed for it: a zone's
/// CIDR (carved or declared), a federation's noise multiplier (solved for `noise: auto`) and the
/// ε it spends, a dataset's composed spend and the headroom left in its budget.
package enum HoverProvider {
    /// Replicas listed before the rest are summarised.
    static let shownReplicas = 8

    /// The hover at byte `offset` of the analysed document.
    package static func hover(at offset: Int, analysis: Analysis, mapper: LocationMapper) -> LSP.Hover? {
        guard let root = analysis.root, let tree = analysis.trees[root],
            let target = SyntaxWalker.target(at: offset, in: tree)
        else { return nil }
        let resolver = SymbolResolver(analysis)
        var lines: [String] = []
        let span: Span
        switch target {
        case .field(let f, let enclosing, let recordPath):
            span = f.name.span
            lines = fieldLines(f, enclosing: enclosing, recordPath: recordPath, analysis: analysis)
        case .name(let occ, let part):
            span = occ.parts[part].span
            if let s = resolver.resolve(occ, part: part, in: root) {
                lines = symbolLines(s, analysis: analysis, enclosing: [])
            } else if occ.parts.count == 1, let b = occ.enclosing.last,
                let f = b.body.fields.first(where: { $0.value.span == occ.parts[0].span })
            {
                // A bare word that names no declaration is a field's value (`noise: auto`,
                // `unit: example`): the field tells what it means and what kfc made of it.
                lines = fieldLines(f, enclosing: occ.enclosing, recordPath: [], analysis: analysis)
            } else {
                return nil
            }
        case .block(let b, let enclosing):
            span = b.name?.span ?? b.kind.span
            lines = symbolLines(
                Symbol(kind: .block(b), file: root, span: span), analysis: analysis, enclosing: enclosing)
        case .letName(let d, _):
            span = d.name.span
            lines = symbolLines(Symbol(kind: .letDecl(d), file: root, span: span), analysis: analysis, enclosing: [])
        case .importModule(let d):
            span = d.span
            guard let m = resolver.module(of: d, in: root) else { return nil }
            lines = ["```kf\nmodule \(analysis.sources[m].path)\n```"]
        case .importItem(let d, let item):
            span = item.name.span
            guard let s = resolver.symbol(for: .importItem(d, item), in: root) else { return nil }
            lines = symbolLines(s, analysis: analysis, enclosing: [])
        }
        guard !lines.isEmpty else { return nil }
        return LSP.Hover(
            contents: LSP.MarkupContent(kind: "markdown", value: lines.joined(separator: "\n\n")),
            range: mapper.range(of: span))
    }

    // MARK: - Declarations

    private static func symbolLines(_ s: Symbol, analysis: Analysis, enclosing: [BlockDecl]) -> [String] {
        let file = analysis.sources[s.file]
        switch s.kind {
        case .block(let b):
            let header = file.text(b.span.start..<b.body.span.start).trimmingCharacters(in: .whitespacesAndNewlines)
            var lines = ["```kf\n\(header)\n```"]
            if let doc = b.docComment { lines.append(doc) }
            lines += values(of: b, file: s.file, analysis: analysis)
            return lines
        case .letDecl(let d):
            let header = file.text(d.span.start..<d.value.span.start).trimmingCharacters(
                in: .whitespacesAndNewlines.union(CharacterSet(charactersIn: "=")))
            let value = d.value.span.length <= 80 ? " = " + file.text(d.value.span.start..<d.value.span.end) : ""
            var lines = ["```kf\n\(header)\(value)\n```"]
            if let doc = d.docComment { lines.append(doc) }
            return lines
        case .variable:
            return ["```kf\n\(s.span.text(in: analysis.sources)): Int\n```", "an index variable"]
        case .module:
            return ["```kf\nmodule \(file.path)\n```"]
        }
    }

    private static func fieldLines(
        _ f: FieldDecl, enclosing: [BlockDecl], recordPath: [String], analysis: Analysis
    ) -> [String] {
        guard let kind = enclosing.last?.kind.name, var fields = SchemaCatalog.fields(ofKind: kind) else { return [] }
        for name in recordPath {
            guard let record = fields.first(where: { $0.name == name })?.recordType,
                let inner = SchemaCatalog.fields(ofRecord: record)
            else { return [] }
            fields = inner
        }
        guard let spec = fields.first(where: { $0.name == f.name.name }) else { return [] }
        var lines = ["```kf\n\(f.name.name): \(spec.type)\n```"]
        if let doc = f.docComment { lines.append(doc) }
        guard recordPath.isEmpty else { return lines }
        // The value kfc computed for the field, where it computes one.
        if let b = enclosing.last {
            switch (kind, f.name.name) {
            case ("privacy", "noise"), ("privacy", "epsilon"):
                if let fed = enclosing.last(where: { $0.kind.name == "federation" }) {
                    lines += values(of: fed, file: f.span.file, analysis: analysis)
                }
            case ("zone", "cidr"), ("dataset", "budget"):
                lines += values(of: b, file: f.span.file, analysis: analysis)
            default: break
            }
        }
        return lines
    }

    // MARK: - Values

    /// What kfc computed for block `b` of `file`, found by the origin the IR keeps.
    private static func values(of b: BlockDecl, file: FileID, analysis: Analysis) -> [String] {
        guard let d = analysis.outcome.deployment else { return [] }
        let name = b.name?.span ?? b.kind.span
        let path = analysis.sources[file].path
        func here(_ o: IR.Origin) -> Bool { o.file == path && o.line == name.line && o.column == name.column }
        switch b.kind.name {
        case "zone":
            let zones = d.zones.filter { here($0.origin) }
            return list(
                zones.map { z in "`\(z.name)`: `\(z.cidr)`, gateway `\(z.gateway)`" + (z.carved ? " (carved)" : "") })
        case "network":
            return d.networks.filter { here($0.origin) }.map { n in
                "pool `\(n.pool ?? "none")`, \(n.zones.count) zones, egress \(n.egress ? "allowed" : "denied")"
            }
        case "federation":
            return d.federations.filter { here($0.origin) }.flatMap { federationLines($0, analysis: analysis) }
        case "privacy":
            return d.federations.filter { $0.privacy.map { here($0.origin) } == true }.flatMap {
                federationLines($0, analysis: analysis)
            }
        case "dataset":
            let spent = analysis.outcome.proof?.datasetEpsilon ?? [:]
            return list(
                d.datasets.filter { here($0.origin) }.map { ds in
                    guard let budget = ds.budget else { return "`\(ds.name)`: no budget" }
                    let s = spent[ds.name] ?? 0
                    return "`\(ds.name)`: spends ε = \(number(s)) of its budget ε = \(number(budget.epsilon)) "
                        + "(δ = \(number(budget.delta))), headroom ε = \(number(budget.epsilon - s))"
                })
        default: return []
        }
    }

    private static func federationLines(_ f: IR.Federation, analysis: Analysis) -> [String] {
        guard let p = f.privacy else { return ["`\(f.name)`: no differential privacy (spends ε = ∞)"] }
        var lines: [String] = []
        if let solved = p.solvedNoise, p.noise == nil {
            lines.append("noise multiplier σ = \(number(solved)) (solved for `noise: auto`)")
        } else if let n = p.noise {
            lines.append("noise multiplier σ = \(number(n))")
        }
        let spent = analysis.outcome.proof?.federationEpsilon[f.name]
        lines.append(
            "spends ε = \(spent.map(number) ?? "?") of ε = \(number(p.epsilon)) at δ = \(number(p.delta)) "
                + "(\(p.accountant.rawValue.uppercased()), \(p.unit.rawValue)-level, "
                + "\(f.clients.count) clients, \(f.rounds) rounds)")
        return lines
    }

    private static func list(_ items: [String]) -> [String] {
        guard items.count > shownReplicas else { return items.isEmpty ? [] : [items.joined(separator: "\n\n")] }
        return [items.prefix(shownReplicas).joined(separator: "\n\n"), "… and \(items.count - shownReplicas) more"]
    }

    /// Four significant digits, no exponent for ordinary values, ∞ for an unbounded ε.
    static func number(_ x: Double) -> String {
        if x == .infinity { return "∞" }
        if x != 0 && (abs(x) < 1e-3 || abs(x) >= 1e6) { return String(format: "%.3g", x) }
        var s = String(format: "%.4f", x)
        while s.hasSuffix("0") { s.removeLast() }
        if s.hasSuffix(".") { s.removeLast() }
        return s
    }
}
