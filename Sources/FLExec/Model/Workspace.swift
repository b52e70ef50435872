/// Scratch buffers for one forward and backward pass, allocated once per training loop.
///
/// A class so the buffers' addresses stay fixed while kernels hold pointers into them; it is
/// never shared between threads.
final class Workspace {
    /// Activations of every layer after the input (post-ReLU for hidden layers, softmax
    /// probabilities for the output), at `activationOffsets[l]`.
    let activations: UnsafeMutablePointer<Float>
    /// Error signals (∂loss/∂pre-activation) of every layer, at the same offsets.
    let deltas: UnsafeMutablePointer<Float>
    /// Offset of layer `l`'s outputs in `activations` and `deltas`.
    let activationOffsets: [Int]
    private let count: Int
    /// Draws the dropout masks when training; nil for evaluation (no unit is dropped).
    var dropoutMasks: SeededGenerator?

    init(_ network: Network) {
        var offsets = [Int]()
        var total = 0
        for l in 0..<network.layerCount {
            offsets.append(total)
            total += network.sizes[l + 1]
        }
        activationOffsets = offsets
        count = max(total, 1)
        activations = .allocate(capacity: count)
        activations.initialize(repeating: 0, count: count)
        deltas = .allocate(capacity: count)
        deltas.initialize(repeating: 0, count: count)
    }

    deinit {
        activations.deallocate()
        deltas.deallocate()
    }
}
