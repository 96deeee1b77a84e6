import XCTest
@testable import SwiftKeras

final class AxisTicksTests: XCTestCase {
    func testNiceStepIsOneTwoOrFiveTimesAPowerOfTen() {
        XCTAssertEqual(AxisTicks.niceStep(0.215), 0.2, accuracy: 1e-12)
        XCTAssertEqual(AxisTicks.niceStep(0.031), 0.05, accuracy: 1e-12)
        XCTAssertEqual(AxisTicks.niceStep(8.3), 10, accuracy: 1e-12)
        XCTAssertEqual(AxisTicks.niceStep(2.71, atLeast: true), 5, accuracy: 1e-12)
    }

    func testTicksCoverTheDataWithRoundNumbers() {
        let ticks = AxisTicks(covering: 0.07, 0.93)
        XCTAssertEqual(ticks.values.count, 6)
        zip(ticks.values, [0, 0.2, 0.4, 0.6, 0.8, 1.0]).forEach { XCTAssertEqual($0, $1, accuracy: 1e-12) }
        XCTAssertEqual(ticks.values.map(ticks.label), ["0.0", "0.2", "0.4", "0.6", "0.8", "1.0"])
    }

    func testConstantDataGetsAWidenedAxis() {
        let ticks = AxisTicks(covering: 2, 2)
        XCTAssertLessThan(ticks.lower, 2)
        XCTAssertGreaterThan(ticks.upper, 2)
    }

    func testEpochTicksAreMultiplesOfANiceStepLedByTheFirstEpoch() {
        XCTAssertEqual(AxisTicks(integersCovering: 1, 20).values, [1, 5, 10, 15, 20])
        XCTAssertEqual(AxisTicks(integersCovering: 1, 3).values, [1, 2, 3])
        XCTAssertEqual(AxisTicks(integersCovering: 1, 12).values, [2, 4, 6, 8, 10, 12], "1 is half a step from 2")
        XCTAssertEqual(AxisTicks(integersCovering: 1, 1).values, [1])
    }

    func testNegativeZeroLabelsAsZero() {
        XCTAssertEqual(AxisTicks(covering: -1, 1).label(-0.0), "0.0")
    }
}
