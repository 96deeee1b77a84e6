import Foundation
@testable import SwiftKeras

/// PNG files of any color type and bit depth, written from the PNG specification for the decoder tests: rows
/// filtered in turn with None, Sub, Up, Average and Paeth (the filter of row r is r mod 5).
enum PNGTestFiles {
    /// A PNG file of `height` rows of `rowBytes`-byte raw scanlines (samples already packed at `bitDepth`).
    static func file(width: Int, height: Int, bitDepth: UInt8, colorType: UInt8, rows: [[UInt8]],
                     palette: [UInt8] = [], transparency: [UInt8] = [], interlace: UInt8 = 0) -> [UInt8] {
        let channels = [0: 1, 2: 3, 3: 1, 4: 2, 6: 4][Int(colorType)]!
        let step = max(1, channels * Int(bitDepth) / 8)
        var filtered: [UInt8] = []
        for (r, row) in rows.enumerated() {
            let filter = r % 5
            filtered.append(UInt8(filter))
            for (i, value) in row.enumerated() {
                let left = i >= step ? Int(row[i - step]) : 0
                let above = r > 0 ? Int(rows[r - 1][i]) : 0
                let corner = r > 0 && i >= step ? Int(rows[r - 1][i - step]) : 0
                let predictors = [0, left, above, (left + above) / 2, paeth(left, above, corner)]
                filtered.append(value &- UInt8(truncatingIfNeeded: predictors[filter]))
            }
        }
        var bytes: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]
        var header = bigEndian(UInt32(width)) + bigEndian(UInt32(height))
        header += [bitDepth, colorType, 0, 0, interlace]
        chunk("IHDR", header, into: &bytes)
        if !palette.isEmpty { chunk("PLTE", palette, into: &bytes) }
        if !transparency.isEmpty { chunk("tRNS", transparency, into: &bytes) }
        chunk("IDAT", ZlibEncoder.compress(filtered), into: &bytes)
        chunk("IEND", [], into: &bytes)
        return bytes
    }

    /// An 8-bit image from `height × width × channels` samples.
    static func file(width: Int, height: Int, colorType: UInt8, samples: [UInt8], palette: [UInt8] = [],
                     transparency: [UInt8] = []) -> [UInt8] {
        let rowBytes = samples.count / height
        let rows = (0..<height).map { Array(samples[($0 * rowBytes)..<(($0 + 1) * rowBytes)]) }
        return file(width: width, height: height, bitDepth: 8, colorType: colorType, rows: rows, palette: palette,
                    transparency: transparency)
    }

    /// RGB samples (37 i + 11 j + 5 c) mod 256 of an image `height × width`, as the TensorFlow references use.
    static func pattern(height: Int, width: Int) -> [UInt8] {
        var samples: [UInt8] = []
        for i in 0..<height {
            for j in 0..<width {
                for c in 0..<3 { samples.append(UInt8((i * 37 + j * 11 + c * 5) % 256)) }
            }
        }
        return samples
    }

    private static func paeth(_ a: Int, _ b: Int, _ c: Int) -> Int {
        let p = a + b - c, pa = abs(p - a), pb = abs(p - b), pc = abs(p - c)
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c
    }

    private static func chunk(_ type: String, _ data: [UInt8], into bytes: inout [UInt8]) {
        let body = Array(type.utf8) + data
        bytes += bigEndian(UInt32(data.count)) + body + bigEndian(CRC32.checksum(body))
    }

    private static func bigEndian(_ value: UInt32) -> [UInt8] { [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: value >> $0) } }
}
