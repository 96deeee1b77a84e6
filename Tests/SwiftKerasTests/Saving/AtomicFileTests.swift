import Foundation
import XCTest
@testable import SwiftKeras

/// `AtomicFile`: a replaced file keeps its permission bits, and temporaries left by interrupted writes are
/// removed by the next write of the same target, but only stale ones that are clearly ours.
final class AtomicFileTests: XCTestCase {
    private func mode(_ path: String) throws -> Int {
        try (FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int) ?? -1
    }

    private func touch(_ path: String, age: TimeInterval = 0) throws {
        try Data("partial".utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(-age)], ofItemAtPath: path)
    }

    /// The id of a process that has exited.
    private func exitedProcessID() throws -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/true")
        try process.run()
        process.waitUntilExit()
        return process.processIdentifier
    }

    func testReplacingAFileKeepsItsMode() throws {
        let folder = try SavingTestSupport.temporaryFolder(for: self)
        let path = folder + "/model.swiftkeras"
        try Data("old".utf8).write(to: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
        try AtomicFile.write(Data("new".utf8), to: path)
        XCTAssertEqual(try mode(path), 0o600)
        XCTAssertEqual(try readFileBytes(path), Array("new".utf8))
        try SavingTestSupport.classifier().save(to: path)
        XCTAssertEqual(try mode(path), 0o600, "saving a model over a 0600 file keeps it 0600")
    }

    func testStaleTemporariesOfTheSameTargetAreRemovedByTheNextWrite() throws {
        let folder = try SavingTestSupport.temporaryFolder(for: self)
        let path = folder + "/w.safetensors"
        let gone = folder + "/.w.safetensors.\(try exitedProcessID()).\(UUID().uuidString).tmp"
        let oldLegacy = folder + "/.w.safetensors.\(UUID().uuidString).tmp"
        let live = folder + "/.w.safetensors.\(getpid()).\(UUID().uuidString).tmp"
        let freshLegacy = folder + "/.w.safetensors.\(UUID().uuidString).tmp"
        let otherTarget = folder + "/.other.bin.1.\(UUID().uuidString).tmp"
        let notOurs = folder + "/.w.safetensors.notes.tmp"
        try touch(gone)
        try touch(oldLegacy, age: 120)
        try touch(live)
        try touch(freshLegacy)
        try touch(otherTarget, age: 7200)
        try touch(notOurs, age: 7200)
        try AtomicFile.write(Data("weights".utf8), to: path)
        let left = Set(try FileManager.default.contentsOfDirectory(atPath: folder))
        XCTAssertEqual(left, Set([path, live, freshLegacy, otherTarget, notOurs].map { ($0 as NSString).lastPathComponent }))
    }

    func testAnInterruptedWriteLeavesTheOldFileAndNoTemporary() throws {
        let folder = try SavingTestSupport.temporaryFolder(for: self)
        let path = folder + "/a.bin"
        try AtomicFile.write(Data("good".utf8), to: path)
        AtomicFile.beforeRename = { _ in throw SwiftKerasError.io("simulated crash") }
        defer { AtomicFile.beforeRename = nil }
        XCTAssertThrowsError(try AtomicFile.write(Data("bad".utf8), to: path))
        XCTAssertEqual(try readFileBytes(path), Array("good".utf8))
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder), ["a.bin"])
    }
}
