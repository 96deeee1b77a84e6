/// The fields of a `.npy` header dict: `{'descr': '<f4', 'fortran_order': False, 'shape': (3, 4), }`.
///
/// A small strict parser of that Python literal: string keys, a string, a boolean and a tuple of integers.
struct NumPyHeader {
    /// The dtype string, e.g. `<f4`.
    var descr = ""
    /// Whether the data is in Fortran (column-major) order.
    var fortranOrder = false
    /// The dimensions.
    var shape: [Int] = []

    /// Parses `text`; errors name the file and the header's offset.
    init(parsing text: String, name: String, offset: Int) throws {
        var scanner = Scanner(characters: Array(text), name: name, offset: offset)
        var seen: Set<String> = []
        try scanner.expect("{")
        while true {
            scanner.skipSpaces()
            if scanner.take("}") { break }
            let key = try scanner.string()
            try scanner.expect(":")
            switch key {
            case "descr": descr = try scanner.string()
            case "fortran_order": fortranOrder = try scanner.boolean()
            case "shape": shape = try scanner.tuple()
            default: throw scanner.error("unexpected key '\(key)' in the .npy header")
            }
            seen.insert(key)
            scanner.skipSpaces()
            if !scanner.take(",") {
                try scanner.expect("}")
                break
            }
        }
        for key in ["descr", "fortran_order", "shape"] where !seen.contains(key) {
            throw scanner.error("the .npy header has no '\(key)' entry")
        }
    }

    private struct Scanner {
        let characters: [Character]
        let name: String
        let offset: Int
        var index = 0

        init(characters: [Character], name: String, offset: Int) {
            self.characters = characters
            self.name = name
            self.offset = offset
        }

        func error(_ message: String) -> SwiftKerasError {
            .fileFormat(name, offset: offset, "\(message) (header: \(String(characters.prefix(120))))")
        }

        mutating func skipSpaces() {
            while index < characters.count, characters[index] == " " || characters[index] == "\n" { index += 1 }
        }

        mutating func take(_ character: Character) -> Bool {
            skipSpaces()
            guard index < characters.count, characters[index] == character else { return false }
            index += 1
            return true
        }

        mutating func expect(_ character: Character) throws {
            guard take(character) else { throw error("malformed .npy header: expected '\(character)'") }
        }

        mutating func string() throws -> String {
            skipSpaces()
            guard index < characters.count, characters[index] == "'" || characters[index] == "\"" else {
                throw error("malformed .npy header: expected a quoted string")
            }
            let quote = characters[index]
            index += 1
            let start = index
            while index < characters.count, characters[index] != quote { index += 1 }
            guard index < characters.count else { throw error("malformed .npy header: unterminated string") }
            defer { index += 1 }
            return String(characters[start..<index])
        }

        mutating func boolean() throws -> Bool {
            skipSpaces()
            for (word, value) in [("True", true), ("False", false)] where characters[index...].starts(with: word) {
                index += word.count
                return value
            }
            throw error("malformed .npy header: fortran_order must be True or False")
        }

        mutating func tuple() throws -> [Int] {
            try expect("(")
            var values: [Int] = []
            while !take(")") {
                skipSpaces()
                let start = index
                while index < characters.count, characters[index].isASCII, characters[index].isNumber { index += 1 }
                guard index > start, index - start <= 18, let value = Int(String(characters[start..<index])) else {
                    throw error("malformed .npy header: shape must be a tuple of non-negative integers")
                }
                values.append(value)
                if !take(",") {
                    try expect(")")
                    break
                }
            }
            return values
        }
    }
}
