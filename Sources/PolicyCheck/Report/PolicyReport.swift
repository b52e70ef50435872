import Foundation
import KFLang

/// The findings of one verification, ready to render in any `ReportFormat`.
///
/// Findings are sorted by file, line, column and code. Paths are the ones the user gave (never
/// made absolute; an absolute one inside `workingDirectory` is shown relative to it, as code
/// scanning expects) and nothing depends on time, so every rendering is deterministic.
package struct PolicyReport: Sendable {
    /// The findings, sorted.
    package var findings: [Finding]
    /// Ids of the checks that ran (for JUnit's passing test cases).
    package var checks: [String]
    /// The files the findings point into.
    package var sources: SourceManager
    /// The folder the command ran in: absolute paths inside it are reported relative to it.
    package var workingDirectory: String?

    /// Creates a value from its parts.
    package init(findings: [Finding], checks: [String], sources: SourceManager) {
        var seen = Set<Diagnostic>()
        // Repeats across replicas fold as they do for every command; a waived repeat folds only
        // with repeats waived by the same waiver.
        let unique = ReplicaFolding.fold(
            findings.filter { seen.insert($0.diagnostic).inserted }, diagnostic: \.diagnostic,
            discriminator: { AnyHashable([AnyHashable($0.rule), AnyHashable($0.waiver)]) },
            replacing: { f, d in
                var f = f
                f.diagnostic = d
                return f
            })
        self.findings = DiagnosticSink.inDisplayOrder(unique, diagnostic: \.diagnostic)
        self.checks = checks
        self.sources = sources
    }

    /// Unwaived errors.
    package var errorCount: Int { findings.filter(\.isFailure).count }
    /// Unwaived warnings.
    package var warningCount: Int { findings.filter { $0.waiver == nil && $0.diagnostic.severity == .warning }.count }
    /// Waived findings.
    package var waivedCount: Int { findings.filter { $0.waiver != nil }.count }

    /// `(path, line, column)` of a finding's primary location.
    package func location(_ f: Finding) -> (path: String, line: Int, column: Int)? {
        guard let s = f.diagnostic.primary?.span else { return nil }
        let file = sources[s.file]
        let l = file.location(of: s.start)
        var path = file.path
        if let root = workingDirectory, !root.isEmpty, path.hasPrefix("/") {
            let prefix = root.hasSuffix("/") ? root : root + "/"
            if path.hasPrefix(prefix) { path = String(path.dropFirst(prefix.count)) }
        }
        return (path, l.line, l.column)
    }

    /// The diagnostics as displayed (waived ones as notes).
    package var displayed: [Diagnostic] { findings.map(\.displayed) }

    // MARK: - JSON

    /// `{"version": 1, "findings": [...], "summary": {...}}` with sorted keys.
    package func json(connectivity: ConnectivityMap? = nil) -> String {
        struct Doc: Encodable {
            var version = 1
            var findings: [Entry]
            var summary: Summary
            var connectivity: Connectivity?
        }
        struct Entry: Encodable {
            var diagnostic: DiagnosticJSON.Entry
            var rule: String
            var subject: String
            var waived: WaiverEntry?
        }
        struct WaiverEntry: Encodable { var reason: String; var location: String? }
        struct Summary: Encodable { var errors: Int; var warnings: Int; var waived: Int }
        struct Connectivity: Encodable {
            var endpoints: [String]
            var flows: [Flow]
            struct Flow: Encodable { var from: String; var ports: String; var to: String }
        }
        let entries = DiagnosticJSON(findings.map(\.diagnostic), sources: sources).diagnostics
        let doc = Doc(
            findings: zip(findings, entries).map { f, e in
                Entry(
                    diagnostic: e, rule: f.rule, subject: f.subject,
                    waived: f.waiver.map { WaiverEntry(reason: $0.reason, location: $0.location) })
            },
            summary: Summary(errors: errorCount, warnings: warningCount, waived: waivedCount),
            connectivity: connectivity.map { c in
                Connectivity(
                    endpoints: c.nodes,
                    flows: c.edges.map { .init(from: $0.source, ports: $0.ports, to: $0.destination) })
            })
        return Self.encode(doc)
    }

    static func encode<T: Encodable>(_ v: T) -> String {
        let enc = JSONEncoder()
        enc.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
        return String(decoding: (try? enc.encode(v)) ?? Data("{}".utf8), as: UTF8.self) + "\n"
    }

    // MARK: - GitHub

    /// One workflow command per finding: `::error file=P,line=L,col=C,title=KF3011::message`.
    package func github() -> String {
        var out = ""
        for f in findings {
            let level =
                f.waiver != nil
                ? "notice"
                : f.diagnostic.severity == .error ? "error" : f.diagnostic.severity == .warning ? "warning" : "notice"
            var props: [String] = []
            if let l = location(f) {
                props += ["file=\(Self.ghProperty(l.path))", "line=\(l.line)", "col=\(l.column)"]
            }
            props.append("title=\(Self.ghProperty("\(f.diagnostic.code) \(f.rule)"))")
            var msg = f.displayed.message
            for n in f.displayed.notes { msg += "\n" + n }
            for h in f.displayed.helps { msg += "\nhelp: " + h }
            out += "::\(level) \(props.joined(separator: ","))::\(Self.ghData(msg))\n"
        }
        return out
    }

    /// Workflow-command data: control characters escaped for the log (`TerminalText`), then
    /// `%`, CR and LF percent-encoded as GitHub requires.
    static func ghData(_ s: String) -> String {
        TerminalText.escape(s).replacingOccurrences(of: "%", with: "%25").replacingOccurrences(of: "\r", with: "%0D")
            .replacingOccurrences(
                of: "\n", with: "%0A")
    }

    static func ghProperty(_ s: String) -> String {
        ghData(s).replacingOccurrences(of: ":", with: "%3A").replacingOccurrences(of: ",", with: "%2C")
    }
}
