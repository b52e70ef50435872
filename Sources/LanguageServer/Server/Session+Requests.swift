import KFLang

extension Session {
    /// Answers a request; throws a `ResponseError` for a protocol error.
    func request(_ m: IncomingMessage) async throws -> AnyResult? {
        if m.method == "initialize" {
            let p = try m.params(LSP.InitializeParams.self)
            let offered = p.capabilities?.general?.positionEncodings ?? []
            encoding = offered.contains("utf-8") ? .utf8 : .utf16
            initialized = true
            return AnyResult(initializeResult())
        }
        guard initialized else { throw ResponseError.serverNotInitialized }
        guard !shutDown else { throw ResponseError.invalidRequest("the server is shutting down") }
        switch m.method {
        case "shutdown":
            shutDown = true
            cancelAll()
            return nil
        case "textDocument/hover":
            let p = try m.params(LSP.TextDocumentPositionParams.self)
            let (doc, offset) = try place(p.textDocument.uri, p.position)
            guard let a = await analysis(doc.uri) else { return nil }
            return HoverProvider.hover(at: offset, analysis: a, mapper: mapper(a)).map { AnyResult($0) }
        case "textDocument/definition":
            let p = try m.params(LSP.TextDocumentPositionParams.self)
            let (doc, offset) = try place(p.textDocument.uri, p.position)
            guard let a = await analysis(doc.uri), let root = a.root, let tree = a.trees[root],
                let target = SyntaxWalker.target(at: offset, in: tree),
                let s = SymbolResolver(a).symbol(for: target, in: root)
            else { return AnyResult([LSP.Location]()) }
            return AnyResult([mapper(a).location(of: s.span)])
        case "textDocument/references":
            let p = try m.params(LSP.ReferenceParams.self)
            let (doc, offset) = try place(p.textDocument.uri, p.position)
            guard let a = await analysis(doc.uri), let root = a.root, let tree = a.trees[root],
                let target = SyntaxWalker.target(at: offset, in: tree),
                let s = SymbolResolver(a).symbol(for: target, in: root)
            else { return AnyResult([LSP.Location]()) }
            let map = mapper(a)
            var out = SymbolResolver(a).references(to: s).map { map.location(of: $0.1) }
            if p.context?.includeDeclaration ?? true, s.kind != .module { out.insert(map.location(of: s.span), at: 0) }
            return AnyResult(out)
        case "textDocument/completion":
            let p = try m.params(LSP.TextDocumentPositionParams.self)
            let (doc, offset) = try place(p.textDocument.uri, p.position)
            // The last check is enough to know names; the text decides the context.
            let items = CompletionProvider.complete(
                at: offset, bytes: doc.bytes, analysis: analyses[doc.uri], stdlibModules: configuration.stdlibModules)
            return AnyResult(LSP.CompletionList(isIncomplete: false, items: items))
        case "textDocument/formatting":
            let p = try m.params(LSP.TextDocumentParams.self)
            return AnyResult(DocumentFormatting.edits(for: try document(p.textDocument.uri)))
        case "textDocument/documentSymbol":
            let p = try m.params(LSP.TextDocumentParams.self)
            let doc = try document(p.textDocument.uri)
            var sources = SourceManager()
            let id = sources.add(path: doc.path, bytes: doc.bytes)
            let tree = Parser.parse(sources[id], sink: DiagnosticSink())
            let map = LocationMapper(sources: sources, stdlibPath: nil, encoding: encoding)
            return AnyResult(DocumentSymbols.symbols(of: tree, mapper: map))
        case "textDocument/codeAction":
            let p = try m.params(LSP.CodeActionParams.self)
            let doc = try document(p.textDocument.uri)
            guard let lo = doc.index.offset(of: p.range.start), let hi = doc.index.offset(of: p.range.end), lo <= hi
            else { throw ResponseError.invalidParams("the range is outside the document") }
            guard let a = await analysis(doc.uri) else { return AnyResult([LSP.CodeAction]()) }
            return AnyResult(CodeActions.actions(for: lo..<hi, analysis: a, mapper: mapper(a)))
        default:
            throw ResponseError.methodNotFound(m.method)
        }
    }

    /// Handles a notification; problems go to the client's log (a notification has no answer).
    func notification(_ m: IncomingMessage) async {
        guard initialized else { return }
        do {
            switch m.method {
            case "textDocument/didOpen":
                let p = try m.params(LSP.DidOpenTextDocumentParams.self)
                let d = p.textDocument
                documents[d.uri] = Document(
                    uri: d.uri, path: URIs.path(ofURI: d.uri), version: d.version, text: d.text, encoding: encoding)
                changed(d.uri, delay: .zero)
            case "textDocument/didChange":
                let p = try m.params(LSP.DidChangeTextDocumentParams.self)
                guard var doc = documents[p.textDocument.uri] else {
                    throw ResponseError.unknownDocument(p.textDocument.uri)
                }
                doc.apply(p.contentChanges, version: p.textDocument.version)
                documents[doc.uri] = doc
                changed(doc.uri, delay: configuration.debounce)
            case "textDocument/didClose":
                let p = try m.params(LSP.TextDocumentParams.self)
                let uri = p.textDocument.uri
                scheduled.removeValue(forKey: uri)?.cancel()
                running.removeValue(forKey: uri)?.task.cancel()
                let closed = documents.removeValue(forKey: uri)?.path
                lastEdit[uri] = nil
                analyses[uri] = nil
                // Documents importing it now read the file on disk.
                if let closed {
                    for (other, a) in analyses where a.sources.file(atPath: closed) != nil {
                        changed(other, delay: .zero)
                    }
                }
                writer.send(
                    OutgoingMessage.notification(
                        "textDocument/publishDiagnostics",
                        LSP.PublishDiagnosticsParams(uri: uri, version: nil, diagnostics: [])))
            default:
                // `initialized`, `$/cancelRequest` (requests are answered in order, each at
                // once), `didSave` (the buffer is the truth) and unknown notifications.
                break
            }
        } catch let e as ResponseError {
            log("\(m.method): \(e.message)")
        } catch {
            log("\(m.method): \(error)")
        }
    }

    /// The open document `uri`.
    func document(_ uri: String) throws -> Document {
        guard let d = documents[uri] else { throw ResponseError.unknownDocument(uri) }
        return d
    }

    /// The open document `uri` and the byte offset of `position` in it; an invalid-params error
    /// for a position outside it.
    func place(_ uri: String, _ position: LSP.Position) throws -> (Document, Int) {
        let d = try document(uri)
        guard let o = d.index.offset(of: position) else {
            throw ResponseError.invalidParams(
                "position \(position.line):\(position.character) is outside the document (\(d.index.lineStarts.count) lines)"
            )
        }
        return (d, o)
    }

    /// Maps an analysis's spans for the client.
    func mapper(_ a: Analysis) -> LocationMapper {
        LocationMapper(
            sources: a.sources, stdlibPath: configuration.stdlibPath, encoding: encoding,
            openURIs: Dictionary(documents.values.map { ($0.path, $0.uri) }, uniquingKeysWith: { a, _ in a }))
    }

    private func initializeResult() -> LSP.InitializeResult {
        LSP.InitializeResult(
            capabilities: LSP.ServerCapabilities(
                positionEncoding: encoding.rawValue,
                textDocumentSync: .init(openClose: true, change: 2),
                hoverProvider: true, definitionProvider: true, referencesProvider: true,
                completionProvider: .init(triggerCharacters: [".", " ", "{"]),
                documentFormattingProvider: true, documentSymbolProvider: true,
                codeActionProvider: .init(codeActionKinds: ["quickfix"])),
            serverInfo: LSP.ServerInfo(name: "kfc", version: configuration.version))
    }
}
