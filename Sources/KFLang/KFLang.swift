/// # KFLang
///
/// The front end of kfc: source files and spans, the lexer, the recursive-descent parser
/// (with error recovery), the AST (with comments kept for the formatter), and the diagnostic
/// model with its text and JSON renderers.
///
/// Pipeline position: `.kf` text → `Lexer` → tokens → `Parser` → `SourceFileSyntax` (AST).
/// Nothing in this module prints, reads the environment or exits; user errors are
/// reported through a `DiagnosticSink`.
enum KFLangModule {}
