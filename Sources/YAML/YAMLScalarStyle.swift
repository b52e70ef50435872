/// How a scalar is written in YAML text.
///
/// The reader reports the style a scalar had in the source. The writer takes it as a request
/// on ``YAMLNode/string(_:style:)``: a request that would change the value read back (a plain
/// `"true"`, a literal block with carriage returns) is overridden by a quoted style.
package enum YAMLScalarStyle: Sendable, Hashable {
    /// Unquoted (`name: value`).
    case plain
    /// Single-quoted (`'value'`).
    case singleQuoted
    /// Double-quoted with escapes (`"value\n"`).
    case doubleQuoted
    /// Literal block (`|`), line breaks kept.
    case literal
    /// Folded block (`>`), line breaks folded to spaces.
    case folded
}
