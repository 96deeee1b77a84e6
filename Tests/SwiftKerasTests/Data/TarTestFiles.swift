import Foundation
@testable import SwiftKeras

/// ustar archives written from the POSIX specification, and tiny CIFAR-10 archives, for the data tests.
enum TarTestFiles {
    /// A tar archive of `files` (name, data), each a regular file, ended by two zero blocks.
    static func archive(_ files: [(name: String, data: [UInt8])], sizeField: ((Int) -> String)? = nil) -> [UInt8] {
        var bytes: [UInt8] = []
        for (name, data) in files {
            var header = [UInt8](repeating: 0, count: 512)
            func put(_ text: String, at offset: Int) { for (i, byte) in text.utf8.enumerated() { header[offset + i] = byte } }
            put(name, at: 0)
            put("0000644\0", at: 100)
            put(sizeField?(data.count) ?? String(format: "%011o\0", data.count), at: 124)
            put("00000000000\0", at: 136)
            header[156] = UInt8(ascii: "0")
            put("ustar\0" + "00", at: 257)
            put("        ", at: 148)
            let sum = header.reduce(0) { $0 + Int($1) }
            put(String(format: "%06o\0 ", sum), at: 148)
            bytes += header + data + [UInt8](repeating: 0, count: (512 - data.count % 512) % 512)
        }
        return bytes + [UInt8](repeating: 0, count: 1024)
    }

    /// One CIFAR-10 record: `label`, then plane c holding (c·50 + p + seed) mod 256 at pixel p.
    static func record(label: UInt8, seed: Int) -> [UInt8] {
        [label] + (0..<3).flatMap { c in (0..<1024).map { p in UInt8((c * 50 + p + seed) % 256) } }
    }

    /// The six batch files: training records with labels 0...5 (two in the first batch), one test record (label 9).
    static func cifarFiles() -> [(name: String, data: [UInt8])] {
        var files = [(name: "cifar-10-batches-bin/data_batch_1.bin", data: record(label: 0, seed: 0) + record(label: 1, seed: 1))]
        for batch in 2...5 { files.append(("cifar-10-batches-bin/data_batch_\(batch).bin", record(label: UInt8(batch), seed: batch))) }
        files.append(("cifar-10-batches-bin/test_batch.bin", record(label: 9, seed: 9)))
        files.append(("cifar-10-batches-bin/batches.meta.txt", Array("airplane\n".utf8)))
        return files
    }

    /// Writes `cifarFiles` as `cifar-10-binary.tar.gz` into `folder`; returns its path.
    @discardableResult
    static func writeCIFARArchive(in folder: String) throws -> String {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/cifar-10-binary.tar.gz"
        try Data(Gzip.compress(archive(cifarFiles()))).write(to: URL(fileURLWithPath: path))
        return path
    }
}
