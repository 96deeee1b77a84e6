/// Wraps a DEFLATE stream (RFC 1951, from `Deflate`) in a zlib stream (RFC 1950): what PNG's IDAT chunks carry.
///
/// Layout: header `78 01` (deflate with a 32 KiB window; (0x78·256 + 0x01) is a multiple of 31), the
/// compressed blocks, then the Adler-32 of the uncompressed bytes, big-endian.
package enum ZlibEncoder {
    /// The zlib stream of `input`.
    package static func compress(_ input: [UInt8]) -> [UInt8] {
        var stream: [UInt8] = [0x78, 0x01]
        stream += Deflate.compress(input, level: 6)
        let adler = Adler32.checksum(input)
        stream += [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: adler >> $0) }
        return stream
    }
}
