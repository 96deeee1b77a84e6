import SIMDKernels

/// How convolution and pooling windows treat the image border (Keras's `padding`).
public enum Padding: String, CaseIterable, Sendable {
    /// Only windows that lie wholly inside the input: `out = ⌊(n − k) / s⌋ + 1`.
    case valid
    /// Zero padding so that `out = ⌈n / s⌉`, the odd cell of padding at the bottom or right, as Keras pads.
    case same

    /// The kernels' spelling.
    var kernelPadding: KernelPadding { self == .valid ? .valid : .same }
}

/// Shared checks and config entries of the layers that slide a window over `[height, width, channels]` samples.
enum WindowArguments {
    /// Throws unless every size is at least 1.
    static func checkPositive(_ values: [Int], _ what: String, layer: String) throws {
        guard values.allSatisfy({ $0 >= 1 }) else {
            throw SwiftKerasError.invalidArgument("\(layer) needs \(what) of at least 1, got \(values)")
        }
    }

    /// Throws unless `inputShape` is `[height, width, channels]`.
    static func checkImage(_ inputShape: [Int], layer: String) throws {
        guard inputShape.count == 3 else {
            throw SwiftKerasError.shapeMismatch(
                "\(layer) needs images [height, width, channels] per sample (inputs of rank 4 with the batch), got samples of shape \(inputShape)")
        }
    }

    /// The output height and width of a window of `window` sliding with `strides` over `inputShape`, or an error
    /// when a `.valid` window does not fit.
    static func outputSize(_ inputShape: [Int], window: (Int, Int), strides: (Int, Int), padding: Padding,
                           layer: String) throws -> (Int, Int) {
        let rows = padding.kernelPadding.axis(input: inputShape[0], window: window.0, stride: strides.0)
        let cols = padding.kernelPadding.axis(input: inputShape[1], window: window.1, stride: strides.1)
        guard rows.output >= 1, cols.output >= 1 else {
            throw SwiftKerasError.shapeMismatch(
                "\(layer): a \(window.0)x\(window.1) window does not fit in \(inputShape[0])x\(inputShape[1]) images with padding .valid; use a smaller window or padding: .same")
        }
        return (rows.output, cols.output)
    }

    /// A pair as Keras writes it in configs: `[a, b]`.
    static func pair(_ value: (Int, Int)) -> JSONValue { .array([.number(Double(value.0)), .number(Double(value.1))]) }

    /// A pair read from a config: `[a, b]` or a single number for both.
    static func pair(_ config: [String: JSONValue], _ key: String) throws -> (Int, Int) {
        let values = try config.ints(key, in: 1...65_536)
        guard values.count == 1 || values.count == 2 else {
            throw SwiftKerasError.invalidArgument("\"\(key)\" must hold one or two sizes, got \(values)")
        }
        return (values[0], values.count == 2 ? values[1] : values[0])
    }

    /// The padding named in a config.
    static func padding(_ config: [String: JSONValue]) throws -> Padding {
        let name = try config.string("padding")
        guard let padding = Padding(rawValue: name.lowercased()) else {
            throw SwiftKerasError.invalidArgument("\"padding\" must be \"valid\" or \"same\", got \(name)")
        }
        return padding
    }
}
