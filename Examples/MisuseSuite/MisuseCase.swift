import Foundation
import SwiftKeras

/// What a case must end with.
enum Expectation {
    /// A thrown `SwiftKerasError` whose message contains every fragment (case-insensitive).
    case error([String])
    /// A trap (tensor arithmetic or a non-throwing API in user code) whose message contains every fragment;
    /// run.sh checks standard error.
    case trap([String])
    /// Correct use that looks like a mistake (a batch size of Int.max): it must complete with finite results.
    case works

    /// The tag run.sh reads, followed by the fragments it checks for traps.
    var tag: String {
        switch self {
        case .error: return "error"
        case .trap(let fragments): return "trap " + fragments.joined(separator: "|")
        case .works: return "works"
        }
    }
}

/// One misuse: a name, what it must end with, and the user code.
struct MisuseCase {
    let name: String
    let expectation: Expectation
    let body: () throws -> String?

    init(_ name: String, _ expectation: Expectation, _ body: @escaping () throws -> String?) {
        self.name = name
        self.expectation = expectation
        self.body = body
    }

    /// Runs the case and prints `OK <case>: <message>` or `FAIL <case>: <why>`; returns the exit status.
    func run() -> Int32 {
        do {
            let result = try body()
            if case .works = expectation, let result {
                print("OK \(name): \(result)")
                return 0
            }
            print("FAIL \(name): no error was thrown\(result.map { " (\($0))" } ?? "")")
        } catch let error as SwiftKerasError {
            let message = "\(error)"
            guard case .error(let fragments) = expectation else {
                print("FAIL \(name): unexpected error \(message)")
                return 1
            }
            let missing = fragments.filter { !message.lowercased().contains($0.lowercased()) }
            guard missing.isEmpty else {
                print("FAIL \(name): the message \(message) does not mention \(missing)")
                return 1
            }
            print("OK \(name): \(message)")
            return 0
        } catch {
            print("FAIL \(name): threw \(type(of: error)), not a SwiftKerasError: \(error)")
        }
        return 1
    }
}

// Small models and data for the cases.

/// Deterministic inputs `[n] + shape` in [0, 1).
func inputs(_ n: Int, _ shape: [Int] = [4]) -> Tensor {
    let count = n * shape.reduce(1, *)
    return Tensor(shape: [n] + shape, scalars: (0..<count).map { Float(($0 * 37) % 101) / 101 })
}

/// Class indices `[n]` cycling through `0..<classes`.
func classLabels(_ n: Int, classes: Int = 3) -> Tensor { Tensor((0..<n).map { Float($0 % classes) }) }

/// One-hot labels `[n, classes]`.
func oneHotLabels(_ n: Int, classes: Int = 3) -> Tensor { toCategorical(classLabels(n, classes: classes), numClasses: classes) }

/// A small classifier: `inputShape` -> Dense(8, relu) -> Dense(classes, softmax).
func classifier(_ inputShape: [Int] = [4], classes: Int = 3) -> Sequential {
    Sequential([Dense(8, activation: .relu, inputShape: inputShape), Dense(classes, activation: .softmax)])
}

/// A classifier compiled with `loss` and `metrics` (Adam).
func compiled(loss: Loss, metrics: [Metric] = [], optimizer: any Optimizer = Adam(), classes: Int = 3) -> Sequential {
    let model = classifier(classes: classes)
    model.compile(optimizer: optimizer, loss: loss, metrics: metrics)
    return model
}

/// `x` with `value` written at flat index `index`.
func with(_ x: Tensor, _ value: Float, at index: Int) -> Tensor {
    var scalars = x.scalars
    scalars[index] = value
    return Tensor(shape: x.shape, scalars: scalars)
}

/// Trains `model` on small data for one epoch, throwing what fit throws.
func fitSmall(_ model: Sequential, _ x: Tensor = inputs(8), _ y: Tensor = classLabels(8),
              epochs: Int = 1, batchSize: Int = 4, callbacks: [Callback] = []) throws -> String? {
    let history = try model.fit(x, y, epochs: epochs, batchSize: batchSize, verbose: 0, callbacks: callbacks)
    return "trained: loss \(history.history["loss"] ?? [])"
}
