extension LSP {
    /// `initialize`: kfc reads only the position encodings the client offers.
    package struct InitializeParams: Codable, Sendable {
        package struct General: Codable, Sendable { package var positionEncodings: [String]? }
        package struct ClientCapabilities: Codable, Sendable { package var general: General? }
        package var capabilities: ClientCapabilities?
    }

    /// What the server can do.
    package struct ServerCapabilities: Codable, Sendable, Hashable {
        package struct TextDocumentSync: Codable, Sendable, Hashable {
            package var openClose: Bool
            /// 1 full, 2 incremental.
            package var change: Int
        }
        package struct CompletionOptions: Codable, Sendable, Hashable {
            package var triggerCharacters: [String]
        }
        package struct CodeActionOptions: Codable, Sendable, Hashable {
            package var codeActionKinds: [String]
        }
        package var positionEncoding: String
        package var textDocumentSync: TextDocumentSync
        package var hoverProvider: Bool
        package var definitionProvider: Bool
        package var referencesProvider: Bool
        package var completionProvider: CompletionOptions
        package var documentFormattingProvider: Bool
        package var documentSymbolProvider: Bool
        package var codeActionProvider: CodeActionOptions
    }

    /// The server's name and version.
    package struct ServerInfo: Codable, Sendable, Hashable {
        package var name: String
        package var version: String
    }

    /// `initialize`'s answer.
    package struct InitializeResult: Codable, Sendable, Hashable {
        package var capabilities: ServerCapabilities
        package var serverInfo: ServerInfo
    }
}
