extension YAMLDirectEmitter {
    /// What libyaml's `analyze_scalar` finds in a text, for the styles it may be written in,
    /// plus what ``YAMLWriter/presentation(of:requested:lineFeed:otherBreak:)`` needs.
    ///
    /// libyaml tracks whether the previous character was a space, a break or whitespace; each
    /// is a property of the previous byte, so the loop reads it there and skips the ordinary
    /// characters (printable, not a space, `:` or `#`) with one comparison.
    struct ScalarAnalysis: Equatable {
        /// A byte this emitter does not write (NUL or non-ASCII): the document goes to libyaml.
        var unsupported = false
        var lineFeed = false
        var carriageReturn = false
        var multiline = false
        var blockPlainAllowed = true
        var singleQuotedAllowed = true
        var blockAllowed = true
        /// Whether the text has a `'` (doubled in single quotes).
        var quote = false

        /// The analysis of `p`. Names and keys (`app.kubernetes.io/name`, `digits-fl-client-10`)
        /// are most of what `kfc build` writes: text that starts with a letter or digit and
        /// holds only letters, digits, `-`, `.`, `/` and `_` has no indicator, space, break or
        /// quote, so every style is allowed — found with one table lookup a byte.
        init(_ p: UnsafeBufferPointer<UInt8>) {
            if Self.isName(p) {
                self.init()
            } else {
                self.init(full: p)
            }
        }

        /// Every style allowed, nothing found.
        init() {}

        /// Whether `p` is a non-empty name as described at `init(_:)`.
        static func isName(_ p: UnsafeBufferPointer<UInt8>) -> Bool {
            nameClasses.withUnsafeBufferPointer { table in
                guard let first = p.first, table[Int(first)] == 2 else { return false }
                for c in p where table[Int(c)] == 0 { return false }
                return true
            }
        }

        /// For each byte: 2 for a letter or digit, 1 for `-`, `.`, `/` and `_`, 0 for any other.
        static let nameClasses: [UInt8] = (0...255).map { (c: Int) -> UInt8 in
            isIn(UInt8(c), nameStartLow, nameStartHigh) ? 2 : isIn(UInt8(c), nameLow, nameHigh) ? 1 : 0
        }

        /// Whether `c` is in the byte set given as bits 0–63 and 64–127.
        @inline(__always) static func isIn(_ c: UInt8, _ low: UInt64, _ high: UInt64) -> Bool {
            c < 64 ? (low >> UInt64(c)) & 1 == 1 : c < 128 && (high >> UInt64(c - 64)) & 1 == 1
        }

        /// Digits (bits 48–57); letters (`A`–`Z` at 65–90, `a`–`z` at 97–122).
        static let nameStartLow: UInt64 = 0x03FF_0000_0000_0000
        static let nameStartHigh: UInt64 = 0x07FF_FFFE_07FF_FFFE
        /// Those and `-`, `.`, `/` (45–47), `_` (95).
        static let nameLow: UInt64 = 0x03FF_E000_0000_0000
        static let nameHigh: UInt64 = 0x07FF_FFFE_87FF_FFFE

        // The flow-context flags are not kept: this emitter writes no scalar inside a flow
        // collection (only empty collections are flow).
        /// libyaml's analysis, byte by byte.
        init(full p: UnsafeBufferPointer<UInt8>) {
            let n = p.count
            guard n > 0 else {
                blockAllowed = false
                return
            }
            var blockIndicators = false
            var special = false
            var leadingSpace = false
            var leadingBreak = false
            var trailingSpace = false
            var trailingBreak = false
            var breakSpace = false
            var spaceBreak = false
            if n >= 3, (p[0] == 0x2D && p[1] == 0x2D && p[2] == 0x2D) || (p[0] == 0x2E && p[1] == 0x2E && p[2] == 0x2E)
            {
                blockIndicators = true
            }
            // The first character: indicators, then the classes below.
            switch p[0] {
            case UInt8(ascii: "#"), UInt8(ascii: ","), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"),
                UInt8(ascii: "}"), UInt8(ascii: "&"), UInt8(ascii: "*"), UInt8(ascii: "!"), UInt8(ascii: "|"),
                UInt8(ascii: ">"), UInt8(ascii: "'"), UInt8(ascii: "\""), UInt8(ascii: "%"), UInt8(ascii: "@"),
                UInt8(ascii: "`"):
                blockIndicators = true
            case UInt8(ascii: "?"), UInt8(ascii: ":"), UInt8(ascii: "-"):
                if YAMLDirectEmitter.isBlankZ(p, 1) { blockIndicators = true }
            default: break
            }
            var i = 0
            while i < n {
                let c = p[i]
                // Ordinary: printable, not a space, ':' or '#' (the first character's
                // indicators were handled above; '\'' is ordinary but noted).
                if c > 0x20 && c < 0x7F && c != 0x3A && c != 0x23 {
                    if c == 0x27 { quote = true }
                    i += 1
                    continue
                }
                if c == 0 || c >= 0x80 {
                    unsupported = true
                    return
                }
                let previous: UInt8 = i > 0 ? p[i - 1] : 0
                switch c {
                case 0x3A:  // ':'
                    if i > 0 && YAMLDirectEmitter.isBlankZ(p, i + 1) { blockIndicators = true }
                case 0x23:  // '#', preceded by whitespace (or first: handled above)
                    if i > 0 && (previous == 0x20 || previous == 0x09 || YAMLDirectEmitter.isBreak(previous)) {
                        blockIndicators = true
                    }
                case 0x20:
                    if i == 0 { leadingSpace = true }
                    if i == n - 1 { trailingSpace = true }
                    if i > 0 && YAMLDirectEmitter.isBreak(previous) { breakSpace = true }
                case 0x0A, 0x0D:
                    if c == 0x0A { lineFeed = true } else { carriageReturn = true }
                    multiline = true
                    if c == 0x0D { special = true }  // not printable
                    if i == 0 { leadingBreak = true }
                    if i == n - 1 { trailingBreak = true }
                    if i > 0 && previous == 0x20 { spaceBreak = true }
                default:  // other control characters and DEL
                    special = true
                }
                i += 1
            }
            if leadingSpace || leadingBreak || trailingSpace || trailingBreak { blockPlainAllowed = false }
            if trailingSpace { blockAllowed = false }
            if breakSpace {
                blockPlainAllowed = false
                singleQuotedAllowed = false
            }
            if spaceBreak || special {
                blockPlainAllowed = false
                singleQuotedAllowed = false
                blockAllowed = false
            }
            if multiline || blockIndicators { blockPlainAllowed = false }
        }
    }
}
