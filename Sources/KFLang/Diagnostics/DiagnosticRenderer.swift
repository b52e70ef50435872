import Foundation

/// Renders diagnostics as text: a header, a `-->` location, a gutter-numbered snippet with
/// `^^^` under the primary span and `---` under secondary spans, then `= note:`/`= help:` lines.
///
/// Rendering is separate from the model; colour is an option of the renderer, decided by the
/// caller (the CLI looks at the TTY, `TERM` and `NO_COLOR`).
///
/// Text from the input never reaches the terminal raw: messages, labels, notes, helps and paths
/// go through `TerminalText.escape` (an ESC is shown as `\e`), and control characters in a
/// snippet are shown as U+FFFD, so the only escape sequences in the output are the renderer's
/// own colours.
package struct DiagnosticRenderer: Sendable {
    /// The files spans point into.
    package var sources: SourceManager
    /// Whether to emit ANSI colour codes.
    package var color: Bool
    /// Longest stretch of a source line shown; longer lines are cut around the label.
    package var maxLineWidth = 160

    /// Creates a renderer.
    package init(sources: SourceManager, color: Bool = false) {
        self.sources = sources
        self.color = color
    }

    /// Renders many diagnostics, each followed by a blank line, then a summary line if any errors
    /// or warnings were rendered.
    package func render(_ diagnostics: [Diagnostic], summary: Bool = true) -> String {
        var out = ""
        for d in diagnostics { out += render(d) + "\n\n" }
        if summary {
            let e = diagnostics.filter { $0.severity == .error }.count
            let w = diagnostics.filter { $0.severity == .warning }.count
            var parts: [String] = []
            if e > 0 { parts.append("\(e) error\(e == 1 ? "" : "s")") }
            if w > 0 { parts.append("\(w) warning\(w == 1 ? "" : "s")") }
            if !parts.isEmpty { out += paint(parts.joined(separator: ", ") + " emitted", .bold) + "\n" }
        }
        return out
    }

    /// Renders one diagnostic (no trailing blank line).
    package func render(_ d: Diagnostic) -> String {
        var lines: [String] = []
        let sevColor: Style = d.severity == .error ? .red : (d.severity == .warning ? .yellow : .cyan)
        lines.append(
            paint("\(d.severity.rawValue)[\(line(d.code))]", sevColor) + paint(": \(line(d.message))", .bold))

        var labels: [(DiagnosticLabel, primary: Bool)] = []
        if let p = d.primary { labels.append((p, true)) }
        labels += d.secondary.map { ($0, false) }

        // Group labels by file, the primary's file first.
        var fileOrder: [FileID] = []
        for (l, _) in labels where !fileOrder.contains(l.span.file) { fileOrder.append(l.span.file) }
        let gutterWidth = String(labels.map { lineNumber(of: $0.0.span) }.max() ?? 1).count

        let pad = String(repeating: " ", count: gutterWidth)
        for (fi, fid) in fileOrder.enumerated() {
            let inFile = labels.filter { $0.0.span.file == fid }
            let anchor = inFile.first { $0.primary }?.0.span ?? inFile[0].0.span
            let file = sources[fid]
            let loc = file.location(of: anchor.start)
            let arrow = fi == 0 ? "-->" : ":::"
            lines.append(pad + paint(arrow, .blue) + " \(line(file.path)):\(loc.line):\(loc.column)")
            lines.append(pad + paint(" |", .blue))
            // Sort by line, primary first within a line.
            let sortedLabels = inFile.sorted { a, b in
                let la = lineNumber(of: a.0.span), lb = lineNumber(of: b.0.span)
                if la != lb { return la < lb }
                if a.0.span.start != b.0.span.start { return a.0.span.start < b.0.span.start }
                return a.primary && !b.primary
            }
            var lastLine = -1
            var i = 0
            while i < sortedLabels.count {
                let ln = lineNumber(of: sortedLabels[i].0.span)
                var group: [(DiagnosticLabel, primary: Bool)] = []
                while i < sortedLabels.count, lineNumber(of: sortedLabels[i].0.span) == ln {
                    group.append(sortedLabels[i])
                    i += 1
                }
                if lastLine != -1, ln > lastLine + 1 { lines.append(paint("...", .blue)) }
                lastLine = ln
                let raw = file.lineText(ln)
                let lineStart = file.lineStarts[ln - 1]
                let window = displayWindow(raw: raw, group: group.map { $0.0.span }, lineStart: lineStart)
                let num = String(ln)
                lines.append(
                    paint(String(repeating: " ", count: gutterWidth - num.count) + num + " |", .blue)
                        + (window.text.isEmpty ? "" : " " + window.text))
                // One underline row per label, in column order (rightmost label text last).
                for (label, primary) in group {
                    let (col, width) = window.columns(for: label.span, lineStart: lineStart, lineLength: raw.utf8.count)
                    let mark = String(repeating: primary ? "^" : "-", count: max(1, width))
                    let text = label.text.isEmpty ? "" : " " + line(label.text)
                    lines.append(
                        pad + paint(" |", .blue) + " " + String(repeating: " ", count: col)
                            + paint(mark + text, primary ? sevColor : .blue))
                }
            }
        }
        let notePad = pad + " "
        for n in d.notes { lines.append(notePad + paint("= note:", .bold) + " \(safe(n))") }
        for h in d.helps { lines.append(notePad + paint("= help:", .bold) + " \(safe(h))") }
        for f in d.fixIts where !d.helps.contains(f.title) {
            lines.append(notePad + paint("= help:", .bold) + " \(safe(f.title))")
        }
        return lines.joined(separator: "\n")
    }

    /// Text from the input, made safe for a terminal.
    private func safe(_ s: String) -> String { TerminalText.escape(s) }

    /// Text from the input for a part of the output that is one line (a header, a label, a path).
    private func line(_ s: String) -> String { TerminalText.escape(s, keepingNewlines: false) }

    /// The line of a span's start, from its offset and the file's own line table (as in the
    /// `-->` line): a producer that counts lines differently (libyaml also breaks lines at a
    /// lone CR) cannot point the snippet at a line the file does not have.
    private func lineNumber(of span: Span) -> Int {
        let file = sources[span.file]
        return file.line(of: min(max(span.start, 0), file.bytes.count))
    }

    // MARK: - Windows over long lines

    private struct Window {
        var text: String
        /// Byte offset (within the line) where the shown text starts.
        var byteStart: Int
        /// Byte offset (within the line) where the shown text ends.
        var byteEnd: Int
        /// Whether a leading "..." was added.
        var leadingEllipsis: Bool
        var rawBytes: [UInt8]

        /// The display column (0-based, after the gutter) and width of a span's underline.
        func columns(for span: Span, lineStart: Int, lineLength: Int) -> (Int, Int) {
            let s = min(max(span.start - lineStart, byteStart), byteEnd)
            let e = min(max(span.end - lineStart, s), byteEnd)
            let prefix = displayWidth(rawBytes[byteStart..<s]) + (leadingEllipsis ? 3 : 0)
            var width = displayWidth(rawBytes[s..<e])
            if span.end - lineStart > byteEnd, width == 0 { width = 1 }
            return (prefix, width)
        }

        private func displayWidth(_ bytes: ArraySlice<UInt8>) -> Int {
            var n = 0
            for b in bytes {
                if b == 0x09 { n += 4 } else if b & 0xC0 != 0x80 { n += 1 }
            }
            return n
        }
    }

    private func displayWindow(raw: String, group: [Span], lineStart: Int) -> Window {
        let bytes = Array(raw.utf8)
        var lo = 0
        var hi = bytes.count
        if bytes.count > maxLineWidth {
            let first = max(0, (group.map(\.start).min() ?? lineStart) - lineStart)
            lo = max(0, first - 40)
            hi = min(bytes.count, lo + maxLineWidth)
            while lo > 0, lo < bytes.count, bytes[lo] & 0xC0 == 0x80 { lo -= 1 }
            while hi < bytes.count, bytes[hi] & 0xC0 == 0x80 { hi += 1 }
        }
        var text = ""
        for scalar in String(decoding: bytes[lo..<hi], as: UTF8.self).unicodeScalars {
            if scalar == "\t" {
                text += "    "
            } else if TerminalText.isControl(scalar) {
                text += "\u{FFFD}"
            } else {
                text.unicodeScalars.append(scalar)
            }
        }
        let lead = lo > 0
        if lead { text = "..." + text }
        if hi < bytes.count { text += "..." }
        // Control bytes were replaced one-for-one by U+FFFD, so widths in `columns` still line up.
        return Window(text: text, byteStart: lo, byteEnd: hi, leadingEllipsis: lead, rawBytes: bytes)
    }

    // MARK: - Colour

    private enum Style: String {
        case red = "\u{1B}[1;31m"
        case yellow = "\u{1B}[1;33m"
        case cyan = "\u{1B}[1;36m"
        case blue = "\u{1B}[1;34m"
        case bold = "\u{1B}[1m"
    }

    private func paint(_ s: String, _ style: Style) -> String {
        color ? style.rawValue + s + "\u{1B}[0m" : s
    }
}
