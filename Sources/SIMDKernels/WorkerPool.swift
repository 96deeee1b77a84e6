// A persistent pool of worker threads that spin briefly between jobs, for low-latency fork/join on Linux.
//
// libdispatch parks its workers as soon as a job ends; waking a parked thread (futex + IPI, slower still in a
// VM) costs tens of microseconds, as much as a whole 64×128×784 product on two cores. These workers poll for
// `spinNanoseconds` after each job, so the back-to-back kernel calls of a training step find them awake, and
// park on a condition variable when idle.
//
// A job's tasks are claimed through one atomic word `generation << 32 | tasks << 16 | next` (generation
// counts modulo 2³¹): the caller claims
// tasks too, and waits only for tasks that were claimed, never for a worker that has not woken up yet.
//
// When a neighbour on the host takes a worker's core, the caller can still wait for a task that worker claimed
// until it is scheduled again (milliseconds). A wait over `stallNanoseconds` that is also longer than the caller's
// own part of the job counts as such a stall, and the next jobs run on the caller alone for `serialNanoseconds`
// (twice as long after each stall that follows soon after the last, up to `maxSerialNanoseconds`).
// Measured on the 2-core machine with a `yes > /dev/null` hog (Docs/Benchmarks.md): tutorial 2 at 0.52-0.65 s per
// epoch instead of 0.80-0.91, and no change without the hog.

#if os(Linux) && !SIMDKERNELS_DISPATCH
import Foundation
import Synchronization

/// The fork/join pool used by `parallelFor` on Linux.
final class WorkerPool: @unchecked Sendable {
    /// The process-wide pool; it grows to `KernelThreads.count - 1` workers on demand.
    static let shared = WorkerPool()

    /// How long an idle worker polls for the next job before parking.
    static let spinNanoseconds: UInt64 = 200_000

    /// A wait for a worker longer than this (and than the caller's own part of the job) counts as a stall.
    static let stallNanoseconds: UInt64 = 2_000_000
    /// How long jobs run on the caller alone after a stall...
    static let serialNanoseconds: UInt64 = 10_000_000
    /// ... doubled, up to this, for each stall that comes within that time of the workers' return.
    static let maxSerialNanoseconds: UInt64 = 160_000_000

    /// Until when (`DispatchTime` nanoseconds) jobs run on the caller alone.
    private let serialUntil = Atomic<UInt64>(0)
    /// How long the last serial period lasted (read and written by the caller that holds `busy`).
    private var serialLength = WorkerPool.serialNanoseconds
    private let state = Atomic<Int>(0)
    private let pending = Atomic<Int>(0)
    private let busy = Atomic<Bool>(false)
    private let condition = NSCondition()
    private var parked = 0
    private var workerCount = 0
    private var job: ((Int) -> Void)?
    /// The caller's floating-point mode (denormal flushing), which the workers adopt for the job.
    private var floatingPointMode: UInt32 = 0

    /// Runs `body(task)` for `task` in `0..<tasks` (at most 65535) on the caller and up to `tasks - 1` workers.
    /// Returns false, having run nothing, when the pool is already running a job (a nested or concurrent call).
    func run(tasks: Int, _ body: @escaping (Int) -> Void) -> Bool {
        guard tasks < 1 << 16 else { return false }
        let start = DispatchTime.now().uptimeNanoseconds
        // After a worker stalled a job (see below), jobs run on the caller alone for a while.
        guard start >= serialUntil.load(ordering: .relaxed),
              busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else { return false }
        defer { busy.store(false, ordering: .releasing) }
        grow(to: tasks - 1)
        // The body is escaping (a heap closure) rather than `withoutActuallyEscaping`: a worker that still
        // holds its reference a moment after its last task can never trip the runtime's escape check.
        do {
            job = body
            floatingPointMode = currentFloatingPointMode()
            pending.store(tasks, ordering: .relaxed)
            let generation = ((state.load(ordering: .relaxed) >> 32) + 1) & 0x7FFF_FFFF
            state.store(generation << 32 | tasks << 16, ordering: .releasing)
            condition.lock()
            if parked > 0 { condition.broadcast() }
            condition.unlock()
            runClaimedTasks(generation: generation)
            let callerDone = DispatchTime.now().uptimeNanoseconds
            var spins = 0
            while pending.load(ordering: .acquiring) > 0 {
                spins += 1
                if spins > 2_000 { sched_yield() }
            }
            job = nil
            // A worker that kept the caller waiting longer than the caller's own share of the job, and longer than
            // `stallNanoseconds`, was almost surely descheduled (a neighbour on the host took its core): run the
            // next jobs on the caller alone for `serialNanoseconds`, then try the workers again. A stall soon after
            // the workers' return (within the serial period just ended) doubles the next period: a core that the host
            // takes for a few milliseconds at a time stalls a job every few jobs, and tutorial 2 ran slower on two
            // threads than on one (a 5 ms on, 5 ms off hog on one core: 0.54-0.62 s per epoch against 0.36-0.48;
            // alternated with the fixed period on a busy host, medians 0.55-0.66 s against 0.68-0.77, and with a
            // 3 ms on, 3 ms off hog 0.46-0.63 against 0.58-0.71).
            // Which thread runs which task never changes a result.
            if spins > 2_000 {
                let end = DispatchTime.now().uptimeNanoseconds
                let waited = end - callerDone
                if waited > WorkerPool.stallNanoseconds && waited > callerDone - start {
                    let resumed = serialUntil.load(ordering: .relaxed)
                    serialLength = end < resumed + serialLength
                        ? min(2 * serialLength, WorkerPool.maxSerialNanoseconds) : WorkerPool.serialNanoseconds
                    serialUntil.store(end + serialLength, ordering: .relaxed)
                }
            }
        }
        return true
    }

    /// Claims and runs tasks of job `generation` until none is left.
    private func runClaimedTasks(generation: Int) {
        while true {
            var word = state.load(ordering: .relaxed)
            var claimed = -1
            while word >> 32 == generation && word & 0xFFFF < (word >> 16) & 0xFFFF {
                let (exchanged, original) = state.compareExchange(expected: word, desired: word + 1,
                                                                  ordering: .acquiringAndReleasing)
                if exchanged { claimed = word & 0xFFFF; break }
                word = original
            }
            guard claimed >= 0 else { return }
            runTask(claimed)
            pending.subtract(1, ordering: .releasing)
        }
    }

    /// Calls the job's body for one task. A separate frame, so that this thread's reference to the closure is
    /// released before the task is counted as done (`withoutActuallyEscaping` checks that none is left).
    @inline(never)
    private func runTask(_ task: Int) {
        job?(task)
    }

    /// Starts workers until there are `count`.
    private func grow(to count: Int) {
        while workerCount < count {
            let seen = state.load(ordering: .relaxed) >> 32
            let thread = Thread { [unowned self] in self.workerLoop(seen: seen) }
            thread.name = "SIMDKernels worker \(workerCount + 1)"
            thread.start()
            workerCount += 1
        }
    }

    /// A worker's life: wait for a new job (polling, then parked), help run its tasks, repeat.
    private func workerLoop(seen start: Int) {
        var seen = start
        while true {
            var current = state.load(ordering: .acquiring) >> 32
            if current == seen {
                let deadline = DispatchTime.now().uptimeNanoseconds + WorkerPool.spinNanoseconds
                var polls = 0
                while current == seen {
                    polls += 1
                    if polls & 255 == 0 && DispatchTime.now().uptimeNanoseconds > deadline { break }
                    current = state.load(ordering: .acquiring) >> 32
                }
            }
            if current == seen {
                condition.lock()
                parked += 1
                while state.load(ordering: .acquiring) >> 32 == seen { condition.wait() }
                parked -= 1
                condition.unlock()
                current = state.load(ordering: .acquiring) >> 32
            }
            seen = current
            setFloatingPointMode(floatingPointMode)
            runClaimedTasks(generation: current)
        }
    }
}
#endif
