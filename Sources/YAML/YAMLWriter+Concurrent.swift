import Dispatch

extension YAMLWriter {
    /// Writes `documents` as one stream using up to `concurrency` threads, byte-identical to
    /// ``encode(_:options:)``.
    ///
    /// libyaml's emitter costs a few hundred nanoseconds per event, so a 10,000-client stream of
    /// millions of scalars is CPU-bound in libyaml. Documents are independent: contiguous runs of
    /// them are emitted by separate libyaml emitters in parallel and concatenated in order. Every
    /// run after the first starts its first document with an explicit `---`, which libyaml
    /// writes through the same code path as the separator of a sequential stream, so the bytes
    /// do not depend on `concurrency` (a test holds this).
    ///
    /// - Parameter concurrency: threads to use; the caller picks it (e.g. the active processor
    ///   count). 1 emits sequentially.
    package static func encode(
        _ documents: [YAMLNode], options: Options = Options(), concurrency: Int
    ) throws(YAMLError) -> [UInt8] {
        // Small streams are not worth the threads; runs of at least 64 documents amortise them.
        let runs = min(max(concurrency, 1) * 4, documents.count / 64)
        guard concurrency > 1, runs > 1 else { return try encode(documents, options: options) }
        let results = RunResults(count: runs)
        DispatchQueue.concurrentPerform(iterations: runs) { run in
            let range = (documents.count * run / runs)..<(documents.count * (run + 1) / runs)
            let result: Result<[UInt8], YAMLError>
            do throws(YAMLError) {
                let writer = try YAMLWriter(options: options)
                for (i, d) in documents[range].enumerated() {
                    try writer.writeDocument(d, explicitStart: run > 0 && i == 0)
                }
                result = .success(try writer.finish())
            } catch {
                result = .failure(error)
            }
            results.set(run, result)
        }
        var out: [UInt8] = []
        out.reserveCapacity(results.totalBytes)
        for r in results.take() {
            switch r {
            case .success(let bytes): out += bytes
            case .failure(let error): throw error
            case nil: throw YAMLError(.emitter, "a concurrent YAML run produced nothing")
            }
        }
        return out
    }
}

/// One slot per run, each written by exactly one `concurrentPerform` iteration.
private final class RunResults: @unchecked Sendable {
    // @unchecked: every iteration writes only its own slot, and the slots are read only after
    // `concurrentPerform` has returned, which orders those writes before the reads.
    private let slots: UnsafeMutableBufferPointer<Result<[UInt8], YAMLError>?>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: nil)
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    func set(_ index: Int, _ result: Result<[UInt8], YAMLError>) { slots[index] = result }

    var totalBytes: Int {
        slots.reduce(0) { total, slot in
            if case .success(let b)? = slot { return total + b.count }
            return total
        }
    }

    func take() -> [Result<[UInt8], YAMLError>?] { Array(slots) }
}
