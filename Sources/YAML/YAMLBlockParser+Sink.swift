/// How ``YAMLBlockParser`` hands what it reads to its sink: scalars and collection bounds as
/// compact calls (the parser never reads an anchor or a tag), the stream and document events
/// as events; a sink's error stops the parse as `.composer`.
extension YAMLBlockParser {
    @inline(__always) func send<S: YAMLEventSink>(_ event: RawEvent, to sink: inout S) throws(Stop) {
        do {
            try sink.receive(event)
        } catch {
            throw .composer(error)
        }
    }

    /// A scalar as the parser reads it: its text, its style, and where it starts and ends.
    struct Scalar {
        var value: String
        var style: YAMLScalarStyle
        var start: Int
        var end: Int
    }

    @inline(__always) func sendStart<S: YAMLEventSink>(mapping: Bool, at offset: Int, to sink: inout S) throws(Stop) {
        do {
            try sink.receiveCollectionStart(mapping: mapping, start: offset)
        } catch {
            throw .composer(error)
        }
    }

    @inline(__always) func sendEnd<S: YAMLEventSink>(mapping: Bool, at offset: Int, to sink: inout S) throws(Stop) {
        do {
            try sink.receiveCollectionEnd(mapping: mapping, end: offset)
        } catch {
            throw .composer(error)
        }
    }

    @inline(__always) func send<S: YAMLEventSink>(_ scalar: Scalar, to sink: inout S) throws(Stop) {
        do {
            try sink.receiveScalar(scalar.value, style: scalar.style, start: scalar.start, end: scalar.end)
        } catch {
            throw .composer(error)
        }
    }
}
