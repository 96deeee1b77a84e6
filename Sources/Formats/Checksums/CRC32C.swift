/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), the checksum of TFRecord files, with TFRecord's mask.
///
/// Computed as `CRC32` is (`ReflectedCRC`), with the Castagnoli polynomial.
public struct CRC32C {
    private static let crc = ReflectedCRC(polynomial: 0x82F6_3B78)
    private var state: UInt32 = 0xFFFF_FFFF

    /// Starts a new checksum.
    public init() {}

    /// Feeds `bytes` into the checksum.
    public mutating func update<Bytes: Sequence>(_ bytes: Bytes) where Bytes.Element == UInt8 {
        state = Self.crc.update(state, bytes)
    }

    /// The checksum of everything fed so far.
    public var value: UInt32 { state ^ 0xFFFF_FFFF }

    /// The checksum of `bytes` (`CRC32C.checksum(Array("123456789".utf8)) == 0xE3069283`).
    public static func checksum<Bytes: Sequence>(_ bytes: Bytes) -> UInt32 where Bytes.Element == UInt8 {
        var crc = CRC32C()
        crc.update(bytes)
        return crc.value
    }

    /// TFRecord's masked CRC-32C of `bytes`: the checksum rotated right by 15 bits plus 0xA282EAD8 (so that a CRC
    /// of data that itself holds CRCs is not degenerate).
    public static func masked<Bytes: Sequence>(_ bytes: Bytes) -> UInt32 where Bytes.Element == UInt8 {
        let crc = checksum(bytes)
        return ((crc >> 15) | (crc << 17)) &+ 0xA282_EAD8
    }
}
