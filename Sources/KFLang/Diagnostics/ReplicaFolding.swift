/// Folds a diagnostic that repeats across the replicas of one replicated declaration into one.
///
/// A body shared by `zone site[i in 0..<200] { … }` is evaluated once per replica, so a problem
/// in it is found 200 times at the same span, with messages that differ only in the replica they
/// name (`'net.site[0]'`, `'net.site[1]'`, …). Diagnostics with the same code, severity and
/// primary span whose messages are equal once every index in brackets is blanked out are shown
/// once: the first, with a note naming the replicas it holds for (`in 200 replicas:
/// net.site[0]…net.site[199]`; contiguous runs as ranges, the others one by one).
package enum ReplicaFolding {
    /// Folds `items`: each group of repeats becomes its first member (in the order given), whose
    /// diagnostic gets the note; everything else is kept as it is, in order. `diagnostic` reads an
    /// item's diagnostic, `discriminator` adds what else must agree for items to fold (nil: only
    /// the diagnostic), and `replacing` returns an item with another diagnostic.
    package static func fold<T>(
        _ items: [T], diagnostic: (T) -> Diagnostic, discriminator: (T) -> AnyHashable? = { _ in nil },
        replacing: (T, Diagnostic) -> T
    ) -> [T] {
        var groups: [Key: Int] = [:]
        // Per output slot: the item, and the replica names of each member when it is a group.
        var slots: [(item: T, names: [[Name]])] = []
        slots.reserveCapacity(items.count)
        for item in items {
            let d = diagnostic(item)
            guard let span = d.primary?.span, d.message.contains("[") else {
                slots.append((item, []))
                continue
            }
            let (message, names) = normalise(d.message)
            guard !names.isEmpty else {
                slots.append((item, []))
                continue
            }
            let key = Key(
                code: d.code, severity: d.severity, span: span, message: message, extra: discriminator(item))
            if let slot = groups[key] {
                slots[slot].names.append(names)
            } else {
                groups[key] = slots.count
                slots.append((item, [names]))
            }
        }
        return slots.map { slot in
            guard slot.names.count > 1, let replicas = replicas(slot.names) else { return slot.item }
            let d = diagnostic(slot.item).with(note: "in \(replicas.count) replicas: \(describe(replicas))")
            return replacing(slot.item, d)
        }
    }

    /// What folds: code, severity, primary span, message with indices blanked, and the caller's
    /// discriminator.
    struct Key: Hashable {
        var code: String
        var severity: Severity
        var span: Span
        var message: String
        var extra: AnyHashable?
    }

    /// A name with an index in brackets: `net.site[3]` is `net.site` and 3.
    struct Name: Hashable, Comparable {
        var base: String
        var index: Int
        static func < (a: Name, b: Name) -> Bool { a.base != b.base ? a.base < b.base : a.index < b.index }
        var text: String { "\(base)[\(index)]" }
    }

    /// The message with every `[digits]` blanked to `[]`, and the names those indices belong to,
    /// in order (`a[1].b[2]` is the name `a[1].b` with index 2).
    static func normalise(_ message: String) -> (String, [Name]) {
        let chars = Array(message.unicodeScalars)
        var out = String.UnicodeScalarView()
        var names: [Name] = []
        var i = 0
        while i < chars.count {
            let c = chars[i]
            guard c == "[" else {
                out.append(c)
                i += 1
                continue
            }
            var j = i + 1
            while j < chars.count, ("0"..."9").contains(chars[j]) { j += 1 }
            guard j > i + 1, j < chars.count, chars[j] == "]", j - i - 1 <= 18,
                let index = Int(String(String.UnicodeScalarView(chars[(i + 1)..<j])))
            else {
                out.append(c)
                i += 1
                continue
            }
            var k = i
            while k > 0, isNameScalar(chars[k - 1]) { k -= 1 }
            let base = String(String.UnicodeScalarView(chars[k..<i]))
            if !base.isEmpty { names.append(Name(base: base, index: index)) }
            out.append(contentsOf: "[]".unicodeScalars)
            i = j + 1
        }
        return (String(out), names)
    }

    private static func isNameScalar(_ c: Unicode.Scalar) -> Bool {
        c == "_" || c == "." || c == "[" || c == "]" || ("a"..."z").contains(c) || ("A"..."Z").contains(c)
            || ("0"..."9").contains(c)
    }

    /// The replicas a group of messages names: at the first position where the members' names
    /// differ, the distinct names, sorted; nil when no position differs (the same replica twice).
    static func replicas(_ members: [[Name]]) -> [Name]? {
        let width = members.map(\.count).min() ?? 0
        for p in 0..<width {
            let distinct = Set(members.map { $0[p] })
            if distinct.count > 1 { return distinct.sorted() }
        }
        return nil
    }

    /// `site[0]…site[9], site[12]`: runs of three or more consecutive indices as ranges.
    static func describe(_ names: [Name]) -> String {
        var parts: [String] = []
        var i = 0
        while i < names.count {
            var j = i
            while j + 1 < names.count, names[j + 1].base == names[i].base, names[j + 1].index == names[j].index + 1 {
                j += 1
            }
            if j - i >= 2 {
                parts.append("\(names[i].text)…\(names[j].text)")
            } else {
                parts += names[i...j].map(\.text)
            }
            i = j + 1
        }
        return parts.joined(separator: ", ")
    }
}
