/// Implicit typing of plain scalars, for the reader (what a plain scalar means) and the
/// writer (whether a string may be written plain).
///
/// Readers disagree: PyYAML follows YAML 1.1 (`yes`/`on` are bools, `0755` is octal, `1:20` is
/// base 60, `2001-12-14` is a date, `1e3` is a string), go-yaml v2 behind kubectl adds `y`/`n`
/// and reads `1e3` as a float, YAML 1.2 readers add `0o17`. The writer quotes a string when
/// *any* of them would read its plain form as something else; the reader types plain scalars
/// the way Kubernetes (go-yaml v2) does.
enum YAMLScalarResolver {
    /// YAML 1.1 booleans (all spellings, including go-yaml's `y`/`n`).
    static let boolWords: [String: Bool] = [
        "y": true, "Y": true, "yes": true, "Yes": true, "YES": true, "on": true, "On": true, "ON": true,
        "true": true, "True": true, "TRUE": true,
        "n": false, "N": false, "no": false, "No": false, "NO": false, "off": false, "Off": false,
        "OFF": false, "false": false, "False": false, "FALSE": false,
    ]

    /// YAML 1.1 nulls besides the empty string.
    static let nullWords: Set<String> = ["~", "null", "Null", "NULL"]

    /// Words with another meaning to some reader: `<<` (merge key), `=` (PyYAML's value tag).
    static let otherWords: Set<String> = ["<<", "="]

    // MARK: - Writer side

    /// Whether a string written plain could be read back as anything but that string by
    /// PyYAML, go-yaml (v2 or v3) or libyaml-based YAML 1.1/1.2 resolvers.
    static func plainIsAmbiguous(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let first = text.first else { return true }
        if text.count <= 5, isWordStart(first), isReservedWord(text) { return true }
        switch first {
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            return looksNumeric(text) || looksLikeTimestamp(text)
        case UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."):
            return looksNumeric(text)
        default:
            return false
        }
    }

    static func isWordStart(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "y"), UInt8(ascii: "Y"), UInt8(ascii: "n"), UInt8(ascii: "N"), UInt8(ascii: "t"),
            UInt8(ascii: "T"), UInt8(ascii: "f"), UInt8(ascii: "F"), UInt8(ascii: "o"), UInt8(ascii: "O"),
            UInt8(ascii: "~"), UInt8(ascii: "<"), UInt8(ascii: "="):
            return true
        default:
            return false
        }
    }

    /// Whether `text` (at most 5 bytes) is a bool, null or other word.
    private static func isReservedWord(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        // Packed into an integer and compared with the words': the writer asks this of every
        // short key and value (`name`, `type`, `true`), and comparing byte arrays one word
        // after another cost 400 M instructions for 10,000 clients.
        let packed = pack(text)
        return reservedWords.withUnsafeBufferPointer { $0.contains(packed) }
    }

    /// The bool, null and other words (each at most 5 bytes), packed.
    private static let reservedWords: [UInt64] = (Array(boolWords.keys) + Array(nullWords) + Array(otherWords)).map {
        precondition($0.utf8.count <= 5)
        return pack($0.utf8)
    }

    /// The null and bool words (packed) and what each means to the reader, compared as integers:
    /// two `String` hash lookups for each of the 170,000 short plain scalars of a 10,000-client
    /// verify cost 100 M instructions.
    private static let wordMeanings: [(packed: UInt64, meaning: YAMLNode)] =
        nullWords.map { (pack($0.utf8), YAMLNode.null) }
        + boolWords.map { (pack($0.key.utf8), YAMLNode.bool($0.value)) }

    /// What the reader makes of the word `packed` (at most 5 bytes, packed), or nil when it is
    /// not a null or bool word.
    static func wordMeaning(_ packed: UInt64) -> YAMLNode? {
        for w in wordMeanings where w.packed == packed { return w.meaning }
        return nil
    }

    /// Up to 8 bytes as one integer, the first byte lowest.
    private static func pack<Bytes: Sequence<UInt8>>(_ bytes: Bytes) -> UInt64 {
        var packed: UInt64 = 0
        var shift: UInt64 = 0
        for b in bytes {
            packed |= UInt64(b) << shift
            shift &+= 8
        }
        return packed
    }

    /// A conservative union of every reader's int and float syntax, after removing `_` (go-yaml
    /// strips them all; PyYAML allows them after the first digit): sign, then `0x…`, `0o…`,
    /// `0b…`, digits, base 60 (`1:20`, `1:20.5`), decimal floats with optional exponent, or
    /// `.inf`/`.nan` in any case PyYAML or go-yaml accepts.
    static func looksNumeric(_ text: UnsafeBufferPointer<UInt8>) -> Bool {
        // Underscores removed only when there are some: copying every number-like value the
        // writer writes (`10`, `500m`, `10.18.0.2`) into a new array was most of the cost.
        guard text.contains(UInt8(ascii: "_")) else { return looksNumericWithoutUnderscores(text) }
        let b = text.filter { $0 != UInt8(ascii: "_") }
        return b.withUnsafeBufferPointer(looksNumericWithoutUnderscores)
    }

    private static func looksNumericWithoutUnderscores(_ b: UnsafeBufferPointer<UInt8>) -> Bool {
        var i = 0
        if i < b.count, b[i] == UInt8(ascii: "-") || b[i] == UInt8(ascii: "+") { i += 1 }
        guard i < b.count else { return false }
        let rest = b[i...]
        if rest.count >= 2, rest.first == UInt8(ascii: "0") {
            let p = rest[rest.startIndex + 1]
            let digits = rest.dropFirst(2)
            switch p {
            case UInt8(ascii: "x"), UInt8(ascii: "X"): return digits.allSatisfy(isHexDigit)
            case UInt8(ascii: "o"), UInt8(ascii: "O"): return digits.allSatisfy { $0 >= 48 && $0 <= 55 }
            case UInt8(ascii: "b"), UInt8(ascii: "B"): return digits.allSatisfy { $0 == 48 || $0 == 49 }
            default: break
            }
        }
        if rest.first == UInt8(ascii: ".") {
            let word = String(decoding: rest.dropFirst(), as: UTF8.self)
            if ["inf", "Inf", "INF", "nan", "NaN", "NAN"].contains(word) { return true }
        }
        return isDecimalOrSexagesimal(rest)
    }

    /// `digits (: d{1,2})* (. digits*)? ([eE] [-+]? digits)?` or `. digits+ (exponent)?`.
    private static func isDecimalOrSexagesimal(_ s: Slice<UnsafeBufferPointer<UInt8>>) -> Bool {
        var i = s.startIndex
        let end = s.endIndex
        func digits() -> Int {
            let from = i
            while i < end, isDigit(s[i]) { i += 1 }
            return i - from
        }
        let intDigits = digits()
        var sexagesimal = false
        while intDigits > 0, i < end, s[i] == UInt8(ascii: ":") {
            i += 1
            let n = digits()
            guard n == 1 || n == 2 else { return false }
            sexagesimal = true
        }
        var fraction = 0
        if i < end, s[i] == UInt8(ascii: ".") {
            i += 1
            fraction = digits()
        }
        guard intDigits > 0 || fraction > 0 else { return false }
        if i == end { return true }
        if sexagesimal { return false }
        guard s[i] == UInt8(ascii: "e") || s[i] == UInt8(ascii: "E") else { return false }
        i += 1
        if i < end, s[i] == UInt8(ascii: "-") || s[i] == UInt8(ascii: "+") { i += 1 }
        return digits() > 0 && i == end
    }

    /// PyYAML and go-yaml read `YYYY-M…` as timestamps in several layouts; any string opening
    /// with four digits, `-` and a digit is treated as one.
    private static func looksLikeTimestamp(_ t: UnsafeBufferPointer<UInt8>) -> Bool {
        t.count >= 6 && isDigit(t[0]) && isDigit(t[1]) && isDigit(t[2]) && isDigit(t[3])
            && t[4] == UInt8(ascii: "-") && isDigit(t[5])
    }

    private static func isDigit(_ c: UInt8) -> Bool { c >= 48 && c <= 57 }

    private static func isHexDigit(_ c: UInt8) -> Bool {
        isDigit(c) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70)
    }

    // MARK: - Reader side

    /// The value of an untagged plain scalar under YAML 1.1 as go-yaml v2 (kubectl) reads it:
    /// nulls (`~`, `null`, empty), bools in every YAML 1.1 spelling, ints (decimal, `0x`, `0o`,
    /// `0b`, leading-zero octal, `_` separators), floats (with exponent, `.inf`, `.nan`).
    /// Timestamps and base-60 numbers stay strings.
    static func resolvePlain(_ text: String) -> YAMLNode {
        guard let first = text.utf8.first else { return .null }
        // Every null and bool word has at most 5 bytes and starts with one of these letters;
        // the check spares most scalars the comparison with the words.
        if text.utf8.count <= 5, isWordStart(first), let word = wordMeaning(pack(text.utf8)) { return word }
        switch first {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "+"), UInt8(ascii: "."):
            return resolveNumber(text) ?? .string(text)
        default:
            return .string(text)
        }
    }

    /// An int or float in any syntax `resolvePlain` accepts, or nil.
    static func resolveNumber(_ text: String) -> YAMLNode? {
        switch quickNumber(text) {
        case .int(let i): return .int(i)
        case .notANumber: return nil
        case .unknown: return resolveNumberFully(text)
        }
    }

    /// What one pass over the bytes tells of a scalar that starts like a number.
    enum QuickNumber: Equatable {
        /// A plain decimal int (no sign, underscore or leading zero; at most 18 digits).
        case int(Int)
        /// Not a number in any syntax: a byte that no int or float syntax (nor `.inf` or `.nan`)
        /// has (`500m`, `10.0.0.1/24`), or more than one `.` (`10.18.0.2`).
        case notANumber
        /// Anything else: `resolveNumberFully` decides.
        case unknown
    }

    /// Most scalars that start with a digit are plain decimals or plainly not numbers (names,
    /// quantities, addresses); `resolveNumberFully` handles the rest (tested to agree).
    static func quickNumber(_ text: String) -> QuickNumber {
        var digitsOnly = true
        var dots = 0
        var value = 0
        var count = 0
        for b in text.utf8 {
            count += 1
            switch b {
            case UInt8(ascii: "0")...UInt8(ascii: "9"):
                value = value &* 10 &+ Int(b &- UInt8(ascii: "0"))
            case UInt8(ascii: "."):
                digitsOnly = false
                dots += 1
                if dots > 1 { return .notANumber }
            // Signs, the underscore, hex digits (`e`, `E` and `b` among them), and the `x` and
            // `o` of radix prefixes: every other byte appears in no number.
            case UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "a")...UInt8(ascii: "f"),
                UInt8(ascii: "A")...UInt8(ascii: "F"), UInt8(ascii: "x"), UInt8(ascii: "X"), UInt8(ascii: "o"),
                UInt8(ascii: "O"):
                digitsOnly = false
            // The letters of `.inf` and `.nan` (and their case variants): the full parse decides.
            case UInt8(ascii: "i"), UInt8(ascii: "I"), UInt8(ascii: "n"), UInt8(ascii: "N"):
                return .unknown
            default:
                return .notANumber
            }
        }
        guard digitsOnly, count >= 1, count <= 18, count == 1 || text.utf8.first != UInt8(ascii: "0") else {
            return .unknown
        }
        return .int(value)
    }

    /// `resolveNumber` without the quick pass: the reference it is tested against.
    static func resolveNumberFully(_ text: String) -> YAMLNode? {
        switch text {
        case ".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF": return .double(.infinity)
        case "-.inf", "-.Inf", "-.INF": return .double(-.infinity)
        case ".nan", ".NaN", ".NAN": return .double(.nan)
        default: break
        }
        let plain = text.replacingUnderscores()
        if let i = parseInt(plain) { return .int(i) }
        if isFloatSyntax(plain), let d = Double(plain) { return .double(d) }
        return nil
    }

    /// go's `strconv.ParseInt(s, 0, 64)`: optional sign, then `0x`/`0o`/`0b` prefix, a leading
    /// `0` for octal, or decimal.
    private static func parseInt(_ s: String) -> Int? {
        var body = Substring(s)
        var negative = false
        if let c = body.first, c == "-" || c == "+" {
            negative = c == "-"
            body = body.dropFirst()
        }
        guard !body.isEmpty, body.first!.isASCII else { return nil }
        var radix = 10
        if body.count > 1, body.first == "0" {
            switch body.dropFirst().first {
            case "x", "X":
                radix = 16
                body = body.dropFirst(2)
            case "o", "O":
                radix = 8
                body = body.dropFirst(2)
            case "b", "B":
                radix = 2
                body = body.dropFirst(2)
            default:
                radix = 8
                body = body.dropFirst()
            }
        }
        guard !body.isEmpty, body.first != "-", body.first != "+" else { return nil }
        // Parse the magnitude as unsigned so that Int.min is representable.
        guard let magnitude = UInt64(body, radix: radix) else { return nil }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { return nil }
            return magnitude == UInt64(Int64.max) + 1 ? Int.min : -Int(magnitude)
        }
        guard magnitude <= UInt64(Int.max) else { return nil }
        return Int(magnitude)
    }

    /// go-yaml's float pattern `^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$`.
    private static func isFloatSyntax(_ s: String) -> Bool {
        let u = Array(s.utf8)
        var i = 0
        if i < u.count, u[i] == UInt8(ascii: "-") || u[i] == UInt8(ascii: "+") { i += 1 }
        var intDigits = 0
        while i < u.count, isDigit(u[i]) {
            i += 1
            intDigits += 1
        }
        var fraction = 0
        if i < u.count, u[i] == UInt8(ascii: ".") {
            i += 1
            while i < u.count, isDigit(u[i]) {
                i += 1
                fraction += 1
            }
            if intDigits == 0 && fraction == 0 { return false }
        } else if intDigits == 0 {
            return false
        }
        if i < u.count, u[i] == UInt8(ascii: "e") || u[i] == UInt8(ascii: "E") {
            i += 1
            if i < u.count, u[i] == UInt8(ascii: "-") || u[i] == UInt8(ascii: "+") { i += 1 }
            var exp = 0
            while i < u.count, isDigit(u[i]) {
                i += 1
                exp += 1
            }
            if exp == 0 { return false }
        }
        return i == u.count
    }
}

extension String {
    fileprivate func replacingUnderscores() -> String {
        utf8.contains(UInt8(ascii: "_")) ? String(filter { $0 != "_" }) : self
    }
}
