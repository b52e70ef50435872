/// The Language Server Protocol types kfc uses, as Codable values (LSP 3.17).
///
/// Hand-written and small: only the fields kfc reads or writes. Unknown fields in what the
/// client sends are ignored; optional fields kfc does not set are left out of what it writes.
package enum LSP {}

extension LSP {
    /// A zero-based line and character (in the negotiated position encoding).
    package struct Position: Codable, Sendable, Hashable {
        package var line: Int
        package var character: Int
        package init(line: Int, character: Int) {
            self.line = line
            self.character = character
        }
    }

    /// A half-open range of positions.
    package struct Range: Codable, Sendable, Hashable {
        package var start: Position
        package var end: Position
        package init(start: Position, end: Position) {
            self.start = start
            self.end = end
        }
    }

    /// A range in a document.
    package struct Location: Codable, Sendable, Hashable {
        package var uri: String
        package var range: Range
        package init(uri: String, range: Range) {
            self.uri = uri
            self.range = range
        }
    }

    /// Names a document.
    package struct TextDocumentIdentifier: Codable, Sendable, Hashable {
        package var uri: String
        package init(uri: String) { self.uri = uri }
    }

    /// A document as the client opens it.
    package struct TextDocumentItem: Codable, Sendable, Hashable {
        package var uri: String
        package var languageId: String
        package var version: Int
        package var text: String
    }

    /// Names a document at a version.
    package struct VersionedTextDocumentIdentifier: Codable, Sendable, Hashable {
        package var uri: String
        package var version: Int
    }

    /// One change: a range and its new text, or (without a range) the whole new text.
    package struct TextDocumentContentChangeEvent: Codable, Sendable, Hashable {
        package var range: Range?
        package var text: String
        package init(range: Range?, text: String) {
            self.range = range
            self.text = text
        }
    }

    /// `textDocument/didOpen`.
    package struct DidOpenTextDocumentParams: Codable, Sendable {
        package var textDocument: TextDocumentItem
    }

    /// `textDocument/didChange`.
    package struct DidChangeTextDocumentParams: Codable, Sendable {
        package var textDocument: VersionedTextDocumentIdentifier
        package var contentChanges: [TextDocumentContentChangeEvent]
    }

    /// `textDocument/didClose` and the requests that name only a document.
    package struct TextDocumentParams: Codable, Sendable {
        package var textDocument: TextDocumentIdentifier
    }

    /// Hover, definition, completion: a document and a position.
    package struct TextDocumentPositionParams: Codable, Sendable {
        package var textDocument: TextDocumentIdentifier
        package var position: Position
    }

    /// `textDocument/references`.
    package struct ReferenceParams: Codable, Sendable {
        package struct Context: Codable, Sendable { package var includeDeclaration: Bool }
        package var textDocument: TextDocumentIdentifier
        package var position: Position
        package var context: Context?
    }

    /// `textDocument/codeAction`.
    package struct CodeActionParams: Codable, Sendable {
        package var textDocument: TextDocumentIdentifier
        package var range: Range
    }

    /// A text edit.
    package struct TextEdit: Codable, Sendable, Hashable {
        package var range: Range
        package var newText: String
        package init(range: Range, newText: String) {
            self.range = range
            self.newText = newText
        }
    }

    /// Edits by document.
    package struct WorkspaceEdit: Codable, Sendable, Hashable {
        package var changes: [String: [TextEdit]]
    }

    /// Another place a diagnostic involves.
    package struct DiagnosticRelatedInformation: Codable, Sendable, Hashable {
        package var location: Location
        package var message: String
    }

    /// A diagnostic as the editor shows it.
    package struct Diagnostic: Codable, Sendable, Hashable {
        package var range: Range
        /// 1 error, 2 warning, 3 information, 4 hint.
        package var severity: Int
        package var code: String
        package var source: String
        package var message: String
        package var relatedInformation: [DiagnosticRelatedInformation]?
    }

    /// `textDocument/publishDiagnostics`.
    package struct PublishDiagnosticsParams: Codable, Sendable, Hashable {
        package var uri: String
        package var version: Int?
        package var diagnostics: [Diagnostic]
    }

    /// A quick fix.
    package struct CodeAction: Codable, Sendable, Hashable {
        package var title: String
        package var kind: String
        package var diagnostics: [Diagnostic]?
        package var isPreferred: Bool?
        package var edit: WorkspaceEdit
    }

    /// Markdown or plain text.
    package struct MarkupContent: Codable, Sendable, Hashable {
        package var kind: String
        package var value: String
    }

    /// `textDocument/hover`'s answer.
    package struct Hover: Codable, Sendable, Hashable {
        package var contents: MarkupContent
        package var range: Range?
    }

    /// One completion.
    package struct CompletionItem: Codable, Sendable, Hashable {
        package var label: String
        /// 5 field, 6 variable, 7 class, 9 module, 12 value, 14 keyword, 22 struct.
        package var kind: Int
        package var detail: String?
        package var insertText: String?
    }

    /// `textDocument/completion`'s answer.
    package struct CompletionList: Codable, Sendable, Hashable {
        package var isIncomplete: Bool
        package var items: [CompletionItem]
    }

    /// One entry of the outline.
    package struct DocumentSymbol: Codable, Sendable, Hashable {
        package var name: String
        package var detail: String?
        /// 2 module, 5 class, 8 field, 13 variable, 23 struct, 19 object.
        package var kind: Int
        package var range: Range
        package var selectionRange: Range
        package var children: [DocumentSymbol]?
    }
}
