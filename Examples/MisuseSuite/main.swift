// The misuse suite (issue 12): every user mistake must end in a thrown `SwiftKerasError` that names the problem,
// never a silent trap, a hang, NaN training or garbage. `MisuseSuite <case>` runs one case in this process;
// `MisuseSuite --list` prints "<name> <expectation>" per case. Tests/misuse/run.sh runs every case in its own
// process (release build, timeout, memory limit) and checks the outcome.
import Foundation
import SwiftKeras

let arguments = CommandLine.arguments.dropFirst()
guard let name = arguments.first else {
    FileHandle.standardError.write(Data("usage: MisuseSuite <case> | --list\n".utf8))
    exit(2)
}
let cases = dataCases + trainingCases + layerCases + utilityCases
if name == "--list" {
    for misuse in cases { print("\(misuse.name) \(misuse.expectation.tag)") }
    exit(0)
}
guard let misuse = cases.first(where: { $0.name == name }) else {
    FileHandle.standardError.write(Data("unknown case \(name)\n".utf8))
    exit(2)
}
setRandomSeed(0)
exit(misuse.run())
