import Foundation
import KFLang

/// Turns the compiler's spans into LSP locations: file ids into URIs (absolute paths as they
/// are, `stdlib/…` under the standard library folder) and byte offsets into positions.
package struct LocationMapper: Sendable {
    let sources: SourceManager
    let stdlibPath: String?
    let encoding: PositionEncoding
    /// The URIs the client named open documents by, by path (answers use the client's spelling).
    let openURIs: [String: String]

    /// Creates a mapper.
    package init(
        sources: SourceManager, stdlibPath: String?, encoding: PositionEncoding, openURIs: [String: String] = [:]
    ) {
        self.sources = sources
        self.stdlibPath = stdlibPath
        self.encoding = encoding
        self.openURIs = openURIs
    }

    /// The path on disk of a loaded file's display path.
    package func diskPath(_ display: String) -> String {
        if display.hasPrefix("stdlib/"), let stdlibPath { return stdlibPath + "/" + display.dropFirst(7) }
        return display
    }

    /// The URI of a loaded file.
    package func uri(of file: FileID) -> String {
        let path = diskPath(sources[file].path)
        return openURIs[path] ?? URIs.uri(ofPath: path)
    }

    /// The range of a span.
    package func range(of span: Span) -> LSP.Range {
        LineIndex(file: sources[span.file], encoding: encoding).range(of: span.start..<span.end)
    }

    /// The location of a span.
    package func location(of span: Span) -> LSP.Location {
        LSP.Location(uri: uri(of: span.file), range: range(of: span))
    }
}

/// `file:` URIs and paths.
package enum URIs {
    /// The path a `file:` URI names; other schemes keep their path part (an unsaved buffer).
    package static func path(ofURI uri: String) -> String {
        guard let url = URL(string: uri) else { return uri }
        return url.isFileURL ? url.standardizedFileURL.path : url.path
    }

    /// The `file:` URI of an absolute path.
    package static func uri(ofPath path: String) -> String { URL(fileURLWithPath: path).absoluteString }
}
