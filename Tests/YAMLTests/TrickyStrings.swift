/// Strings that a careless YAML writer gets wrong, shared by the round-trip and PyYAML tests.
enum TrickyStrings {
    static let all: [String] = [
        // Empty, null and bool spellings (YAML 1.1 and 1.2, go-yaml's y/n).
        "", "~", "null", "Null", "NULL", "nULL",
        "y", "Y", "n", "N", "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF",
        "true", "True", "TRUE", "false", "False", "FALSE", "tRUE", "yEs",
        // Numbers in every base and form.
        "0", "-0", "+1", "42", "-17", "007", "0755", "08", "09", "0x1F", "0X1f", "0xdeadBEEF", "0o17", "0O17",
        "0b1010", "0B11", "1_000", "1__0", "_1", "-_1", "1:20", "190:20:30", "1:20.5", "1.5", "-1.5", ".5",
        "1.", "+.5", "1e3", "1E3", "1e+3", "1.5e-3", "6.02e23", ".inf", ".Inf", ".INF", "-.inf", "+.inf",
        ".nan", ".NaN", ".NAN", "inf", "nan", "Infinity", "-Infinity", "NaN", "1.2.3", "8.8.8.8",
        "10.18.1.0/28", "500m", "1Gi", "0.5Gi", "1_000.5", "123456789012345678901234567890", "0x",
        // Timestamps.
        "2001-12-14", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5", "2002-1-1", "1999-12-31T23:59:59Z",
        // Indicators and structure.
        "a: b", "a:b", "a:", ":", "::", "a #b", "a#b", "#comment", "- x", "-", "--", "---", "--- x", "...", "... x",
        "? x", "?", "[a]", "]", "{a: 1}", "}", "a, b", ",", "*alias", "&anchor", "!tag", "!!str", "|", "|x",
        ">", ">x", "'", "'quoted'", "\"", "\"quoted\"", "%YAML", "@at", "`tick", "<<", "=", "a\\b", "\\",
        "key: value # comment", "http://example.com:8080/path?q=1#frag", "alpine:3.17",
        // Spaces.
        " ", "  ", " leading", "trailing ", " both ", "a  b", "\t", "\ttab", "tab\t", "a\tb",
        // Line breaks.
        "\n", "\n\n", "a\n", "a\nb", "a\nb\n", "a\nb\n\n", "\na", "  indented\nnext", "a \nb", "a\n b",
        "line1\nline2\nline3", "a\r\nb", "a\rb", "\r", "a\u{85}b", "a\u{2028}b", "a\u{2029}b",
        "{\n  \"json\": true\n}\n",
        // Unicode and control characters.
        "héllo", "日本語", "emoji 🎉", "\u{FEFF}bom", "a\u{0}b", "\u{1}", "\u{7F}", "\u{80}", "\u{9F}", "\u{A0}",
        "\u{FFFE}", "\u{1F600}", "zero\u{200B}width", "é: ü",
        // Long strings.
        String(repeating: "long ", count: 60), String(repeating: "k", count: 200),
    ]
}
