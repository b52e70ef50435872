/// Fuzz targets: each takes arbitrary bytes, feeds them to one surface of kfc that reads
/// untrusted input and checks what must hold for every input.
///
/// The same targets run under libFuzzer (`kfc-fuzz TARGET …`, built with
/// `-sanitize=fuzzer,address` by `scripts/fuzz`) and in the normal test suite, which replays
/// every committed corpus file (`Fuzz/corpus/<target>/`) through them, so an input that once
/// crashed kfc stays a test. A violated property is a trap (`FuzzCheck.fail`), which libFuzzer
/// records as a crash with the input that caused it. See `docs/reliability.md`.
package enum KFCFuzz {}
