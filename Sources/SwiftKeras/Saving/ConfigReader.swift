/// Typed, checked access to a JSON value read from a saved file: every missing member or wrong type throws a
/// `SwiftKerasError` naming the file and where in the JSON it looked (`model.config.layers[1].config.units`).
struct ConfigReader {
    /// The file the JSON came from.
    let path: String
    /// The value at this place.
    let value: JSONValue
    /// Where this value sits in the document, for error messages.
    let place: String

    /// An error about this value.
    func failure(_ message: String) -> SwiftKerasError {
        SwiftKerasError.fileFormat(path, "\(place): \(message)")
    }

    /// The member `key`, which must be present and not null.
    func member(_ key: String) throws -> ConfigReader {
        guard let reader = optionalMember(key) else {
            guard value.objectValue != nil else { throw failure("expected a JSON object with \"\(key)\"") }
            throw failure("missing \"\(key)\"")
        }
        return reader
    }

    /// The member `key`, or nil when it is absent or null.
    func optionalMember(_ key: String) -> ConfigReader? {
        guard let member = value[key], member != .null else { return nil }
        return ConfigReader(path: path, value: member, place: "\(place).\(key)")
    }

    /// The members of an object.
    func members() throws -> [String: ConfigReader] {
        guard let object = value.objectValue else { throw failure("expected a JSON object") }
        return object.reduce(into: [:]) { $0[$1.key] = ConfigReader(path: path, value: $1.value, place: "\(place).\($1.key)") }
    }

    /// The elements of an array.
    func elements() throws -> [ConfigReader] {
        guard let array = value.arrayValue else { throw failure("expected a JSON array") }
        return array.enumerated().map { ConfigReader(path: path, value: $1, place: "\(place)[\($0)]") }
    }

    func string() throws -> String {
        guard let text = value.stringValue else { throw failure("expected a string") }
        return text
    }

    func bool() throws -> Bool {
        guard let flag = value.boolValue else { throw failure("expected true or false") }
        return flag
    }

    /// A finite number that fits a `Float`.
    func float() throws -> Float {
        guard let number = value.doubleValue, number.isFinite, Swift.abs(number) <= Double(Float.greatestFiniteMagnitude) else {
            throw failure("expected a finite number")
        }
        return Float(number)
    }

    /// A whole number in `range`.
    func int(in range: ClosedRange<Int> = 0...Int(Int32.max)) throws -> Int {
        guard let number = value.intValue else { throw failure("expected a whole number") }
        guard range.contains(number) else { throw failure("\(number) is outside \(range.lowerBound)...\(range.upperBound)") }
        return number
    }

    /// A list of whole numbers in `range` (a shape).
    func ints(in range: ClosedRange<Int> = 0...Int(Int32.max)) throws -> [Int] {
        try elements().map { try $0.int(in: range) }
    }

    func string(_ key: String) throws -> String { try member(key).string() }
    func bool(_ key: String) throws -> Bool { try member(key).bool() }
    func float(_ key: String) throws -> Float { try member(key).float() }
    func int(_ key: String, in range: ClosedRange<Int> = 0...Int(Int32.max)) throws -> Int { try member(key).int(in: range) }

    /// The member as a float, or `fallback` when absent.
    func float(_ key: String, default fallback: Float) throws -> Float { try optionalMember(key)?.float() ?? fallback }
    /// The member as a flag, or `fallback` when absent.
    func bool(_ key: String, default fallback: Bool) throws -> Bool { try optionalMember(key)?.bool() ?? fallback }
}

/// The product of `shape`'s dimensions, or nil when it exceeds `limit` (or overflows).
func checkedElementCount(_ shape: [Int], limit: Int = Int(Int32.max)) -> Int? {
    var count = 1
    for dimension in shape {
        guard dimension >= 0 else { return nil }
        let (product, overflow) = count.multipliedReportingOverflow(by: dimension)
        guard !overflow, product <= limit else { return nil }
        count = product
    }
    return count
}
