import Foundation
import SwiftKeras

/// A shape as Python prints a tuple, so that the examples print what the tutorials print: `(60000, 28, 28)`,
/// `(60000,)`.
///
/// - Parameter shape: the axis sizes.
public func pythonShape(_ shape: [Int]) -> String {
    shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
}

/// A tensor of rank 1 or 2 as NumPy prints an array: `[7 2 1 0]` for whole numbers, scientific notation
/// with eight digits for probabilities (`[[1.07150379e-06 ...]]`), four values to a line.
///
/// - Parameter tensor: the values to print.
public func numpyString(_ tensor: Tensor) -> String {
    let values = tensor.scalars
    let wholeNumbers = values.allSatisfy { $0.rounded() == $0 && Swift.abs($0) < 1e9 }
    let format = { (value: Float) in
        wholeNumbers ? String(Int(value)) : String(format: "%.8e", Double(value))
    }
    func row(_ slice: ArraySlice<Float>, indent: String) -> String {
        let items = slice.map(format)
        let perLine = wholeNumbers ? max(items.count, 1) : 4
        let lines = stride(from: 0, to: items.count, by: perLine).map {
            items[$0..<min($0 + perLine, items.count)].joined(separator: " ")
        }
        return "[" + lines.joined(separator: "\n" + indent) + "]"
    }
    guard tensor.rank == 2 else { return row(values[...], indent: " ") }
    let width = tensor.shape[1]
    let rows = (0..<tensor.shape[0]).map { row(values[($0 * width)..<(($0 + 1) * width)], indent: "  ") }
    return "[" + rows.joined(separator: "\n ") + "]"
}
