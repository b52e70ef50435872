/// How ``YAMLBlockParser`` hands what it reads to its sink: scalars and collection bounds as
/// compact calls (the parser never reads an anchor or a tag), the stream and document events
/// as events; a sink's error stops the parse as `.composer`.
extension YAMLBlockParser {
    /// Reads `bytes` into `sink` when this reader covers them; false when it does not or on any
    /// error (the caller then reads the stream another way, libyaml's or the full composer's).
    static func read<S: YAMLEventSink>(_ bytes: [UInt8], into sink: inout S) -> Bool {
        readCountingComparisons(bytes, into: &sink).read
    }

    /// `read`, and how many bytes the lookup of repeated blocks was charged for its comparisons
    /// (the tests bound it).
    static func readCountingComparisons<S: YAMLEventSink>(
        _ bytes: [UInt8], into sink: inout S
    ) -> (read: Bool, compared: Int) {
        bytes.withUnsafeBufferPointer { buffer in
            guard ByteLanes.covers(buffer) else { return (false, 0) }
            var parser = YAMLBlockParser(buffer)
            do {
                try parser.parse(into: &sink)
                return (true, parser.blocks.compared)
            } catch {
                return (false, parser.blocks.compared)
            }
        }
    }

    /// A scalar as the parser reads it: its text, its style, and where it starts and ends.
    struct Scalar {
        var value: String
        var style: YAMLScalarStyle
        var start: Int
        var end: Int
    }

    /// An empty plain scalar at `offset` (a key or entry with no value).
    static func empty(at offset: Int) -> Scalar {
        Scalar(value: "", style: .plain, start: offset, end: offset)
    }

    @inline(__always) func send<S: YAMLEventSink>(_ event: RawEvent, to sink: inout S) throws(Stop) {
        try deliver { () throws(YAMLError) in try sink.receive(event) }
    }

    @inline(__always) func send<S: YAMLEventSink>(_ scalar: Scalar, to sink: inout S) throws(Stop) {
        try deliver { () throws(YAMLError) in
            try sink.receiveScalar(scalar.value, style: scalar.style, start: scalar.start, end: scalar.end)
        }
    }

    @inline(__always) func sendStart<S: YAMLEventSink>(mapping: Bool, at offset: Int, to sink: inout S) throws(Stop) {
        try deliver { () throws(YAMLError) in try sink.receiveCollectionStart(mapping: mapping, start: offset) }
    }

    @inline(__always) func sendEnd<S: YAMLEventSink>(mapping: Bool, at offset: Int, to sink: inout S) throws(Stop) {
        try deliver { () throws(YAMLError) in try sink.receiveCollectionEnd(mapping: mapping, end: offset) }
    }

    /// Runs `call`, a call of the sink: its error becomes the parse's `.composer` stop.
    @inline(__always) func deliver(_ call: () throws(YAMLError) -> Void) throws(Stop) {
        do {
            try call()
        } catch {
            throw .composer(error)
        }
    }
}
