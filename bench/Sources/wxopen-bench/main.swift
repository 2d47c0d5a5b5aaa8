// Benchmark driver: `wxopen-bench NAME [options]`. Each benchmark lives in its own file and
// registers itself in `benchmarks`; the shell scripts in bench/ build this in release mode.
import Foundation

let arguments = Array(CommandLine.arguments.dropFirst())
guard let name = arguments.first, let benchmark = benchmarks[name] else {
    print("usage: wxopen-bench NAME [options]\nbenchmarks: \(benchmarks.keys.sorted().joined(separator: ", "))")
    exit(2)
}
exit(await benchmark(Array(arguments.dropFirst())))
