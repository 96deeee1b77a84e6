import Foundation

/// Writes a TensorBoard event file (`events.out.tfevents.<time>.<host>.<pid>.v2`): TFRecord records, each an
/// `Event` protocol-buffer message, the first one announcing the format (`file_version: "brain.Event:2"`).
///
/// The messages, from TensorFlow's `event.proto` and `summary.proto` (only the fields written here):
///
///     Event   { double wall_time = 1; int64 step = 2; string file_version = 3; Summary summary = 5; }
///     Summary { repeated Value value = 1; }
///     Value   { string tag = 1; float simple_value = 2; }
///
/// An event file is a log that TensorBoard reads while it grows, so records are appended, each in one write
/// (a crash leaves at most a truncated last record, which TensorBoard's reader skips); it is not replaced
/// atomically like the other files SwiftKeras writes.
public final class EventFileWriter {
    /// The event file.
    public let path: String
    private let handle: FileHandle

    /// Creates the directory if needed and a new event file in it, and writes the file-version event.
    ///
    /// - Parameters:
    ///   - directory: the folder (TensorBoard shows one run per folder).
    ///   - wallTime: seconds since 1970, for the file name and the first event.
    public init(directory: String, wallTime: Double = Date().timeIntervalSince1970) throws {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw SwiftKerasError.io("cannot create the TensorBoard log folder \(directory): \(error.localizedDescription)")
        }
        let info = ProcessInfo.processInfo
        let stem = "\(directory)/events.out.tfevents.\(Int(wallTime)).\(info.hostName).\(info.processIdentifier)"
        var path = "\(stem).v2"
        var attempt = 0
        while FileManager.default.fileExists(atPath: path) {   // a second writer in the same folder within a second
            attempt += 1
            path = "\(stem).\(attempt).v2"
        }
        guard FileManager.default.createFile(atPath: path, contents: nil), let handle = FileHandle(forWritingAtPath: path) else {
            throw SwiftKerasError.io("cannot create the TensorBoard event file \(path)")
        }
        self.path = path
        self.handle = handle
        try append(Self.event(wallTime: wallTime, step: 0, fileVersion: "brain.Event:2"))
    }

    deinit { try? handle.close() }

    /// Writes one event holding `scalars` (tag and value) at `step`.
    public func writeScalars(_ scalars: [(tag: String, value: Float)], step: Int,
                             wallTime: Double = Date().timeIntervalSince1970) throws {
        guard !scalars.isEmpty else { return }
        try append(Self.event(wallTime: wallTime, step: step, scalars: scalars))
    }

    /// The encoded `Event` message.
    static func event(wallTime: Double, step: Int, fileVersion: String? = nil,
                      scalars: [(tag: String, value: Float)] = []) -> [UInt8] {
        var event = ProtobufWriter()
        event.double(1, wallTime)
        event.int64(2, Int64(step))
        if let fileVersion { event.string(3, fileVersion) }
        if !scalars.isEmpty {
            var summary = ProtobufWriter()
            for (tag, value) in scalars {
                var entry = ProtobufWriter()
                entry.string(1, tag)
                entry.float(2, value)
                summary.message(1, entry)
            }
            event.message(5, summary)
        }
        return event.bytes
    }

    private func append(_ event: [UInt8]) throws {
        do { try handle.write(contentsOf: Data(TFRecord.frame(event))) } catch {
            throw SwiftKerasError.io("cannot write the TensorBoard event file \(path): \(error.localizedDescription)")
        }
    }
}
