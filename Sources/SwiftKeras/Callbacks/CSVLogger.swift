import Foundation

/// Streams each epoch's results to a CSV file, like `keras.callbacks.CSVLogger`.
///
/// The first row is `epoch` followed by the log keys in sorted order; each epoch adds its index (from 0) and
/// the values (Python's `repr` of the number, `NA` when missing), with Python's `csv` conventions (`\r\n` line
/// ends, fields quoted when they contain the separator). With `append`, rows go after an existing file's, and
/// the header is written only when the file is empty. The file is rewritten atomically after every epoch.
public final class CSVLogger: Callback {
    /// The CSV file.
    public let filename: String
    /// The field separator.
    public let separator: String
    /// Whether to continue an existing file instead of replacing it.
    public let append: Bool
    /// The model being trained.
    public private(set) var model: Sequential?
    private var contents = ""
    private var keys: [String]?
    private var appendHeader = true

    /// Creates the logger.
    ///
    /// - Parameters:
    ///   - filename: the CSV file, e.g. `run/log.csv`.
    ///   - separator: the field separator.
    ///   - append: add to an existing file (to continue a training run) instead of overwriting it.
    public init(filename: String, separator: String = ",", append: Bool = false) {
        self.filename = filename
        self.separator = separator
        self.append = append
    }

    /// Keeps the model being trained (Keras sets `callback.model`).
    public func setModel(_ model: Sequential) { self.model = model }

    /// Called once when `fit` starts.
    public func onTrainBegin(logs: [String: Float]) {
        contents = ""
        keys = nil
        appendHeader = true
        if append, FileManager.default.fileExists(atPath: filename) {
            guard let data = FileManager.default.contents(atPath: filename) else {
                model?.reportCallbackError(SwiftKerasError.io("CSVLogger cannot read \(filename) to append to it"))
                return
            }
            contents = String(decoding: data, as: UTF8.self)
            appendHeader = contents.isEmpty || contents.hasPrefix("\n") || contents.hasPrefix("\r")
        }
    }

    /// Called at the end of each epoch with its logs (loss, metrics, `val_` entries).
    public func onEpochEnd(_ epoch: Int, logs: [String: Float]) {
        if keys == nil {
            keys = logs.keys.sorted()
            if appendHeader { contents += row(["epoch"] + keys!) }
        }
        contents += row([String(epoch)] + keys!.map { key in logs[key].map { Double($0).description } ?? "NA" })
        do {
            try AtomicFile.write(Data(contents.utf8), to: filename)
        } catch {
            model?.reportCallbackError(error)
        }
    }

    /// One CSV line, quoting fields that contain the separator, a quote or a line break (Python's QUOTE_MINIMAL).
    private func row(_ fields: [String]) -> String {
        fields.map { field in
            guard field.contains(separator) || field.contains("\"") || field.contains("\n") || field.contains("\r") else { return field }
            return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }.joined(separator: separator) + "\r\n"
    }
}
