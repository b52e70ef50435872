/// A node read from YAML text, with where it came from.
///
/// ``value`` gives the plain ``YAMLNode``. The positioned form is for diagnostics: `kfc import`
/// and `kfc verify` walk it and point at the key or value that is wrong. A node reached through
/// an alias is a copy of the anchored node and keeps the anchor's positions.
package struct YAMLParsedNode: Sendable, Hashable {
    /// What the node holds.
    package enum Content: Sendable, Hashable {
        /// A scalar: its text, source style and resolved value.
        case scalar(YAMLParsedScalar)
        /// A sequence's items.
        case sequence([YAMLParsedNode])
        /// A mapping's entries in source order (merge keys already expanded).
        case mapping([YAMLParsedEntry])
    }

    /// What the node holds.
    package var content: Content
    /// The explicit tag, fully resolved (`tag:yaml.org,2002:str` for `!!str`), if any.
    package var tag: String?
    /// The first byte of the node (for a block collection, its first key or item).
    package var start: YAMLMark
    /// One past the node's last byte.
    package var end: YAMLMark

    /// Creates a node.
    package init(content: Content, tag: String? = nil, start: YAMLMark, end: YAMLMark) {
        self.content = content
        self.tag = tag
        self.start = start
        self.end = end
    }

    /// The value without positions. Mapping keys become their scalar text.
    package var value: YAMLNode {
        switch content {
        case .scalar(let s):
            return s.value
        case .sequence(let items):
            return .sequence(items.map(\.value))
        case .mapping(let entries):
            var m = YAMLMapping()
            m.reserveCapacity(entries.count)
            for e in entries { m.append(e.key.scalarText ?? "", e.value.value) }
            return .mapping(m)
        }
    }

    /// The scalar, if this is one.
    package var scalar: YAMLParsedScalar? {
        if case .scalar(let s) = content { return s }
        return nil
    }

    /// The scalar's text as written (after unescaping), if this is a scalar.
    package var scalarText: String? { scalar?.text }

    /// The items, if this is a sequence.
    package var items: [YAMLParsedNode]? {
        if case .sequence(let items) = content { return items }
        return nil
    }

    /// The entries, if this is a mapping.
    package var entries: [YAMLParsedEntry]? {
        if case .mapping(let entries) = content { return entries }
        return nil
    }

    /// The entry whose key text is `key` (the last one), if this is a mapping that has it.
    package func entry(_ key: String) -> YAMLParsedEntry? {
        entries?.last { $0.key.scalarText == key }
    }

    /// The value for `key`, if this is a mapping that has it.
    package subscript(key: String) -> YAMLParsedNode? { entry(key)?.value }
}

/// A scalar read from YAML text.
package struct YAMLParsedScalar: Sendable, Hashable {
    /// The text after unescaping and folding, before typing (`"True"`, `"0x1F"`, `"a b"`).
    package var text: String
    /// How it was written.
    package var style: YAMLScalarStyle
    /// Its value: plain scalars are typed (YAML 1.1 as go-yaml v2 reads it), quoted and block
    /// scalars are strings, explicit tags (`!!str`, `!!int`, `!!float`, `!!bool`, `!!null`) win.
    package var value: YAMLNode

    /// Creates a scalar.
    package init(text: String, style: YAMLScalarStyle, value: YAMLNode) {
        self.text = text
        self.style = style
        self.value = value
    }
}

/// A mapping entry read from YAML text; the key is a scalar node.
package struct YAMLParsedEntry: Sendable, Hashable {
    /// The key (always a scalar; its position is the key's).
    package var key: YAMLParsedNode
    /// The value.
    package var value: YAMLParsedNode

    /// Creates an entry.
    package init(key: YAMLParsedNode, value: YAMLParsedNode) {
        self.key = key
        self.value = value
    }
}

/// One document of a YAML stream.
package struct YAMLDocument: Sendable, Hashable {
    /// The root node (a null scalar for an empty document).
    package var root: YAMLParsedNode
    /// Where the document starts (its `---` when explicit).
    package var start: YAMLMark
    /// Where it ends.
    package var end: YAMLMark

    /// Creates a document.
    package init(root: YAMLParsedNode, start: YAMLMark, end: YAMLMark) {
        self.root = root
        self.start = start
        self.end = end
    }
}
