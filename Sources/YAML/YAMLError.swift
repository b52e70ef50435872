/// A failure reading or writing YAML, with its position when known.
///
/// Syntax errors carry libyaml's problem text (`"mapping values are not allowed in this
/// context"`) and the mark libyaml reports; `context` is libyaml's enclosing construct
/// (`"while parsing a block mapping"`) with its own mark.
package struct YAMLError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong.
    package enum Kind: Sendable, Hashable {
        /// The input is not valid UTF-8 or contains characters YAML forbids.
        case encoding
        /// libyaml's scanner or parser rejected the text.
        case syntax
        /// An alias names no anchor defined before it in the same document.
        case undefinedAlias
        /// Aliases would expand to more nodes than ``YAMLReader/Limits/maxAliasExpansion``.
        case aliasExpansionLimit
        /// Collections nest deeper than ``YAMLReader/Limits/maxDepth``.
        case depthLimit
        /// The stream, a document or a mapping is larger than ``YAMLReader/Limits`` allow.
        case sizeLimit
        /// A mapping repeats a key (unless the reader allows duplicates).
        case duplicateKey
        /// A mapping key is a sequence or mapping, which this model does not represent.
        case unsupportedKey
        /// A scalar's explicit tag (`!!int`, `!!bool`, ...) does not match its text.
        case invalidTaggedValue
        /// libyaml's emitter rejected an event sequence (a writer misuse) or ran out of memory.
        case emitter
    }

    /// What went wrong.
    package var kind: Kind
    /// One-line description (libyaml's problem text for syntax errors).
    package var message: String
    /// Where the problem is, when known.
    package var mark: YAMLMark?
    /// The construct being read when the problem was found (libyaml's context), if any.
    package var context: String?
    /// Where `context` starts.
    package var contextMark: YAMLMark?

    /// Creates an error.
    package init(
        _ kind: Kind, _ message: String, at mark: YAMLMark? = nil,
        context: String? = nil, contextMark: YAMLMark? = nil
    ) {
        self.kind = kind
        self.message = message
        self.mark = mark
        self.context = context
        self.contextMark = contextMark
    }

    /// `line:column: message (context at line:column)`.
    package var description: String {
        var text = mark.map { "\($0): \(message)" } ?? message
        if let context {
            text += " (\(context)" + (contextMark.map { " at \($0)" } ?? "") + ")"
        }
        return text
    }
}
