import KFLang

/// JUnit XML rendering: one test suite, one test case per check that ran clean, one per
/// finding (a `<failure>` for errors, `<skipped>` for waived findings, system-out for warnings).
extension PolicyReport {
    /// The JUnit XML document; `suite` names the test suite (the command that ran).
    package func junit(suite: String = "kfc verify") -> String {
        let failing = Set(findings.map(\.rule))
        let clean = checks.filter { !failing.contains($0) }.sorted()
        let total = clean.count + findings.count
        var out = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
        out +=
            "<testsuites name=\"\(Self.xml(suite))\" tests=\"\(total)\" failures=\"\(errorCount)\" skipped=\"\(waivedCount)\">\n"
        out +=
            "  <testsuite name=\"\(Self.xml(suite))\" tests=\"\(total)\" failures=\"\(errorCount)\" skipped=\"\(waivedCount)\" errors=\"0\">\n"
        for c in clean { out += "    <testcase classname=\"kfc.\(Self.xml(c))\" name=\"\(Self.xml(c))\"/>\n" }
        for f in findings {
            let where_ = location(f).map { " \($0.path):\($0.line):\($0.column)" } ?? ""
            let name = "\(f.diagnostic.code)\(where_) \(f.diagnostic.message)"
            out += "    <testcase classname=\"kfc.\(Self.xml(f.rule))\" name=\"\(Self.xml(name))\""
            let body =
                ([f.diagnostic.message] + f.diagnostic.notes.map { "note: " + $0 }
                + f.diagnostic.helps.map { "help: " + $0 })
                .joined(separator: "\n")
            if let w = f.waiver {
                out += ">\n      <skipped message=\"\(Self.xml("waived: " + w.reason))\"/>\n    </testcase>\n"
            } else if f.diagnostic.severity == .error {
                out +=
                    ">\n      <failure type=\"\(f.diagnostic.code)\" message=\"\(Self.xml(f.diagnostic.message))\">\(Self.xml(body))</failure>\n    </testcase>\n"
            } else {
                out +=
                    ">\n      <system-out>\(Self.xml(f.diagnostic.severity.rawValue + ": " + body))</system-out>\n    </testcase>\n"
            }
        }
        return out + "  </testsuite>\n</testsuites>\n"
    }

    static func xml(_ s: String) -> String {
        var o = ""
        for c in s.unicodeScalars {
            switch c {
            case "&": o += "&amp;"
            case "<": o += "&lt;"
            case ">": o += "&gt;"
            case "\"": o += "&quot;"
            case "'": o += "&apos;"
            case "\n": o += "&#10;"
            default:
                if c.value < 0x20 && c != "\t" { continue }
                o.unicodeScalars.append(c)
            }
        }
        return o
    }
}
