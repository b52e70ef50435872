/// # Compiler
///
/// Turns parsed `.kf` files into the IR: loads modules (imports, the `stdlib/` search path,
/// cycles), resolves names, checks types, evaluates `let`s, replicated declarations and
/// built-ins, and produces a flat, fully resolved `IR.Deployment`.
///
/// Entry point: `Compiler.compile(_:sink:)` with a `CompileRequest` (sources loaded by the
/// driver, the stdlib folder, `--set` overrides and a reader for imported files).
///
/// Stages: `ModuleLoader` (imports, cycles) → `Evaluator` (scopes, lets, replicated
/// declarations, schemas in `Schema`, types in `KType`, values in `Value`, built-ins) →
/// `IRBuilder` (CIDR carving, federations, privacy, Kubernetes names) and `PolicyLowering`.
/// Diagnostics are the factories in `Diagnostics+Compiler.swift` and `Diagnostics+Flower.swift` (KF1xxx, KF2xxx).
///
/// Reads only `KFLang`. Reports user errors through a `DiagnosticSink`.
enum CompilerModule {}
