import XCTest
@testable import SwiftKeras

final class SHA256Tests: XCTestCase {
    func testEmptyInputMatchesFIPSVector() {
        XCTAssertEqual(SHA256.hash([UInt8]()), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    func testAbcMatchesFIPSVector() {
        XCTAssertEqual(SHA256.hash(Array("abc".utf8)), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    func testTwoBlockMessageMatchesFIPSVector() {
        let message = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        XCTAssertEqual(SHA256.hash(message), "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    func testMillionAsMatchesFIPSVector() {
        XCTAssertEqual(SHA256.hash([UInt8](repeating: 0x61, count: 1_000_000)),
                       "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    func testIncrementalUpdatesEqualOneShotHash() {
        let message = (0..<1000).map { UInt8(truncatingIfNeeded: $0 * 31) }
        var hasher = SHA256()
        for chunk in stride(from: 0, to: message.count, by: 37) { hasher.update(message[chunk..<min(chunk + 37, message.count)]) }
        XCTAssertEqual(hasher.hexDigest(), SHA256.hash(message))
    }
}
