/// # Compiler
///
/// Turns parsed `.kf` files into the IR: loads modules (imports, the `stdlib/` search path,
/// cycles), resolves names, checks types, evaluates `let`s, replicated declarations and
/// built-ins, and produces a flat, fully resolved `IR.Deployment`.
///
/// Reads only `KFLang`. Reports user errors through a `DiagnosticSink`.
enum CompilerModule {}
