import Foundation
import KFLang

/// Reads a waiver file: one `waive RULE [on "SUBJECT"] because "REASON"` per line; `#` starts a
/// comment. A waiver without a reason is KF3200 and waives nothing.
package enum WaiverParser {
    /// The waivers of `file`; problems go to `sink`.
    package static func parse(_ file: SourceFile, sink: DiagnosticSink) -> [Waiver] {
        var out: [Waiver] = []
        for n in 1...max(1, file.lineStarts.count) {
            let line = file.lineText(n)
            let t = line.trimmingCharacters(in: .whitespaces)
            if t.isEmpty || t.hasPrefix("#") { continue }
            let col = line.count - line.drop(while: { $0 == " " || $0 == "\t" }).count + 1
            let start = file.lineStarts[n - 1] + col - 1
            let span = Span(file: file.id, start: start, end: start + t.utf8.count, line: n, column: col)
            var words = Scanner(t)
            guard words.word() == "waive", let rule = words.word() else {
                sink.report(.waiverWithoutReason(t, at: span))
                continue
            }
            var scope: String?
            var reason: String?
            while let w = words.word() {
                if w == "on" { scope = words.quoted() } else if w == "because" { reason = words.quoted() }
            }
            guard let reason, !reason.trimmingCharacters(in: .whitespaces).isEmpty else {
                sink.report(.waiverWithoutReason(rule, at: span))
                continue
            }
            out.append(Waiver(rule: rule, scope: scope, reason: reason, location: "\(file.path):\(n)", span: span))
        }
        return out
    }

    private struct Scanner {
        var rest: Substring
        init(_ s: String) { rest = Substring(s) }
        mutating func skip() { rest = rest.drop(while: { $0 == " " || $0 == "\t" }) }
        mutating func word() -> String? {
            skip()
            if rest.first == "\"" { return quoted() }
            let w = rest.prefix(while: { $0 != " " && $0 != "\t" })
            if w.isEmpty { return nil }
            rest = rest.dropFirst(w.count)
            return String(w)
        }
        mutating func quoted() -> String? {
            skip()
            guard rest.first == "\"" else { return word() }
            rest = rest.dropFirst()
            var out = ""
            while let c = rest.first {
                rest = rest.dropFirst()
                if c == "\\", let n = rest.first { out.append(n); rest = rest.dropFirst(); continue }
                if c == "\"" { return out }
                out.append(c)
            }
            return out
        }
    }
}
