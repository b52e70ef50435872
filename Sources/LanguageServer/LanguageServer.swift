/// `kfc lsp`: a Language Server Protocol server for `.kf` files.
///
/// The module speaks JSON-RPC 2.0 with `Content-Length` framing over byte streams the command
/// hands it (`Protocol/`), keeps the editor's open documents and applies full and incremental
/// changes (`Documents/`), asks the compiler and the policy pass about them through a `Checker`
/// the driver supplies (`Analysis/`: the same compile-and-prove path as `kfc check`, with open
/// buffers read instead of disk), and answers the editor's questions from the result
/// (`Features/`: diagnostics with related locations and fix-its as code actions, hover with the
/// values kfc computed, definitions and references, completion, formatting and the outline).
///
/// The compiler knows nothing of the protocol; this module prints nothing, reads no
/// environment and never exits: `Server.run` returns the exit status for the command.
enum LanguageServerModule {}
