import LinearAlgebra
import XCTest

final class BLASRuntimeTests: XCTestCase {
    func testTheKernelFamilyFollowsTheInstructionSets() {
        let avx512: Set = ["sse4_2", "avx", "avx2", "fma", "avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl"]
        XCTAssertEqual(BLASRuntime.preferredCoreType(flags: avx512), "SkylakeX")
        XCTAssertEqual(BLASRuntime.preferredCoreType(flags: avx512.subtracting(["avx512vl"])), "Haswell")
        XCTAssertEqual(BLASRuntime.preferredCoreType(flags: ["sse4_2", "avx"]), nil)
    }

    func testTheFlagsAreReadFromCpuinfo() throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("cpuinfo-\(UUID())")
        defer { try? FileManager.default.removeItem(at: file) }
        try Data("processor\t: 0\nflags\t\t: fpu avx2 fma\nbugs\t: none\n".utf8).write(to: file)
        XCTAssertEqual(BLASRuntime.cpuFlags(cpuinfo: file.path), ["fpu", "avx2", "fma"])
        XCTAssertEqual(BLASRuntime.cpuFlags(cpuinfo: "/no/such/file"), [])
    }
}
