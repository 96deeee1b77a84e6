import Foundation
import XCTest

/// Decodes PNG files with an independent decoder, Python's `zlib` plus a chunk walker written from the PNG
/// specification (all five row filters, CRC of every chunk), so that our encoder is checked against code
/// that is not ours. Tests skip when `python3` is missing.
enum PythonPNGDecoder {
    /// What the reference decoder saw.
    struct Decoded {
        let width: Int
        let height: Int
        let colorType: Int
        let chunkTypes: [String]
        let filterTypes: [Int]
        let pixels: [UInt8]
    }

    private static let script = #"""
import json, struct, sys, zlib
data = open(sys.argv[1], 'rb').read()
if data[:8] != b'\x89PNG\r\n\x1a\n': sys.exit('bad signature')
pos, types, idat = 8, [], b''
while pos < len(data):
    length, = struct.unpack('>I', data[pos:pos + 4])
    kind, body = data[pos + 4:pos + 8], data[pos + 8:pos + 8 + length]
    crc, = struct.unpack('>I', data[pos + 8 + length:pos + 12 + length])
    if zlib.crc32(kind + body) & 0xffffffff != crc: sys.exit('CRC mismatch in chunk %r' % kind)
    types.append(kind.decode('ascii'))
    if kind == b'IHDR':
        width, height, depth, color, method, filt, interlace = struct.unpack('>IIBBBBB', body)
        if (depth, method, filt, interlace) != (8, 0, 0, 0): sys.exit('unsupported IHDR %r' % (body,))
    elif kind == b'IDAT': idat += body
    pos += 12 + length
if types[0] != 'IHDR' or types[-1] != 'IEND': sys.exit('chunk order %r' % types)
raw = zlib.decompress(idat)  # checks the zlib header and the Adler-32
bpp = {0: 1, 2: 3}[color]
stride = width * bpp
if len(raw) != height * (stride + 1): sys.exit('inflated %d bytes, expected %d' % (len(raw), height * (stride + 1)))
out, filters, prev = bytearray(), [], bytearray(stride)
for r in range(height if sys.argv[3] == 'pixels' else 0):
    f = raw[r * (stride + 1)]
    line = bytearray(raw[r * (stride + 1) + 1:(r + 1) * (stride + 1)])
    for i in range(stride):
        a = line[i - bpp] if i >= bpp else 0
        b = prev[i]
        c = prev[i - bpp] if i >= bpp else 0
        if f == 1: line[i] = (line[i] + a) & 255
        elif f == 2: line[i] = (line[i] + b) & 255
        elif f == 3: line[i] = (line[i] + (a + b) // 2) & 255
        elif f == 4:
            p = a + b - c
            pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
            line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        elif f != 0: sys.exit('bad filter %d' % f)
    filters.append(f)
    out += line
    prev = line
open(sys.argv[2], 'wb').write(out)
print(json.dumps({'width': width, 'height': height, 'color': color, 'types': types, 'filters': filters}))
"""#

    /// Decodes the PNG file at `path`, failing the test on any error the decoder reports.
    ///
    /// With `pixels: false` only the chunks, CRCs, header and zlib stream are checked (the pure-Python
    /// unfiltering takes seconds for a large picture) and `pixels` comes back empty.
    static func decode(_ path: String, pixels: Bool = true, file: StaticString = #filePath, line: UInt = #line)
        throws -> Decoded {
        let output = NSTemporaryDirectory() + "png-pixels-\(UUID().uuidString).bin"
        defer { try? FileManager.default.removeItem(atPath: output) }
        let result = try runPython(["-c", script, path, output, pixels ? "pixels" : "chunks"])
        guard result.status == 0 else {
            XCTFail("reference decoder rejected \(path): \(result.stderr)", file: file, line: line)
            throw PNGDecoderRejection.decoderRejected(result.stderr)
        }
        let info = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as! [String: Any]
        return Decoded(width: info["width"] as! Int, height: info["height"] as! Int, colorType: info["color"] as! Int,
                       chunkTypes: info["types"] as! [String], filterTypes: info["filters"] as! [Int],
                       pixels: Array(try Data(contentsOf: URL(fileURLWithPath: output))))
    }

    /// Runs `python3` with `arguments`; skips the test when no Python 3 with `zlib` can be started.
    static func runPython(_ arguments: [String]) throws -> (status: Int32, stdout: String, stderr: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3"] + arguments
        let (out, err) = (Pipe(), Pipe())
        process.standardOutput = out
        process.standardError = err
        do { try process.run() } catch {
            throw XCTSkip("python3 cannot be started (\(error)); the PNG decoding checks need it")
        }
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        let stderr = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let errorText = String(decoding: stderr, as: UTF8.self)
        if process.terminationStatus == 127 || errorText.contains("No such file or directory") && stdout.isEmpty {
            throw XCTSkip("python3 is not installed; the PNG decoding checks need it")
        }
        return (process.terminationStatus, String(decoding: stdout, as: UTF8.self), errorText)
    }

    /// A fresh path for a test's PNG file under the temporary folder.
    static func temporaryPath(_ name: String) -> String {
        NSTemporaryDirectory() + "swiftkeras-plot-\(UUID().uuidString)/\(name)"
    }
}

/// A failure already reported through `XCTFail`, thrown to stop the test.
enum PNGDecoderRejection: Error {
    case decoderRejected(String)
}
