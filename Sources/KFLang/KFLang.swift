/// # KFLang
///
/// The front end of kfc: source files and spans, the lexer, the recursive-descent parser
/// (with error recovery), the AST (with comments kept for the formatter), the formatter, and
/// the diagnostic model with its text and JSON renderers.
///
/// Pipeline position: `.kf` bytes → `Lexer` → `Token`s and `Comment`s → `Parser` →
/// `SourceFileSyntax` (AST) → `Formatter` (canonical text). The grammar is in
/// `docs/language.md`; syntax diagnostics are KF0002–KF0022 (`Diagnostics+KFLang.swift`).
///
/// Entry points:
/// - `Parser.parse(_:sink:)`: a file to a tree; never traps, reports syntax errors to the sink.
/// - `Formatter.format(_:source:)`: a tree back to canonical text (files without errors).
/// - `SourceFileSyntax.items` / `imports` / `lets` / `blocks`, then `Decl`, `Expr`, `TypeRef`;
///   `Expr.children` and `Expr.forEachDescendant(_:)` walk expressions generically.
///
/// Nothing in this module prints, reads the environment or exits; user errors are
/// reported through a `DiagnosticSink`.
enum KFLangModule {}
