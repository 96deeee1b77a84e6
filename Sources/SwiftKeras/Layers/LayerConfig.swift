/// Typed reading of a layer's config in `init(config:)`: each accessor throws a `SwiftKerasError` that names the
/// entry and what was expected, which `Sequential.load(from:)` reports with the file and the layer.
extension Dictionary where Key == String, Value == JSONValue {
    /// The entry `key`, or an error saying it is missing.
    func required(_ key: String) throws -> JSONValue {
        guard let value = self[key], value != .null else {
            throw SwiftKerasError.invalidArgument("the layer config has no \"\(key)\"")
        }
        return value
    }

    /// A string entry.
    public func string(_ key: String) throws -> String {
        guard let text = try required(key).stringValue else {
            throw SwiftKerasError.invalidArgument("\"\(key)\" must be a string, got \(self[key]!)")
        }
        return text
    }

    /// A finite number entry, as a `Float`; `fallback` when the entry is absent.
    public func float(_ key: String, default fallback: Float? = nil) throws -> Float {
        if let fallback, self[key] == nil || self[key] == .null { return fallback }
        guard let number = try required(key).doubleValue, number.isFinite,
              Swift.abs(number) <= Double(Float.greatestFiniteMagnitude) else {
            throw SwiftKerasError.invalidArgument("\"\(key)\" must be a finite number, got \(self[key]!)")
        }
        return Float(number)
    }

    /// A whole-number entry in `range`; `fallback` when the entry is absent.
    public func int(_ key: String, in range: ClosedRange<Int> = 0...Int(Int32.max), default fallback: Int? = nil) throws -> Int {
        if let fallback, self[key] == nil || self[key] == .null { return fallback }
        guard let number = try required(key).intValue else {
            throw SwiftKerasError.invalidArgument("\"\(key)\" must be a whole number, got \(self[key]!)")
        }
        guard range.contains(number) else {
            throw SwiftKerasError.invalidArgument("\"\(key)\" is \(number), outside \(range.lowerBound)...\(range.upperBound)")
        }
        return number
    }

    /// A list of whole numbers in `range` (a shape, a kernel size); a single number counts as a list of one.
    public func ints(_ key: String, in range: ClosedRange<Int> = 0...Int(Int32.max)) throws -> [Int] {
        let value = try required(key)
        let elements = value.arrayValue ?? [value]
        return try elements.map { element in
            guard let number = element.intValue, range.contains(number) else {
                throw SwiftKerasError.invalidArgument(
                    "\"\(key)\" must hold whole numbers in \(range.lowerBound)...\(range.upperBound), got \(value)")
            }
            return number
        }
    }

    /// A flag entry; `fallback` when the entry is absent.
    public func bool(_ key: String, default fallback: Bool? = nil) throws -> Bool {
        if let fallback, self[key] == nil || self[key] == .null { return fallback }
        guard let flag = try required(key).boolValue else {
            throw SwiftKerasError.invalidArgument("\"\(key)\" must be true or false, got \(self[key]!)")
        }
        return flag
    }

    /// An activation by Keras's name (`relu`); `.linear` when the entry is absent.
    public func activation(_ key: String = "activation") throws -> Activation {
        guard self[key] != nil, self[key] != .null else { return .linear }
        let name = try string(key)
        guard let activation = Activation(rawValue: name) else {
            throw SwiftKerasError.invalidArgument(
                "unknown activation \(name); known: \(Activation.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return activation
    }

    /// An initializer in Keras's serialized form; `fallback` when the entry is absent.
    public func initializer(_ key: String, default fallback: Initializer) throws -> Initializer {
        guard let value = self[key], value != .null else { return fallback }
        guard let initializer = Initializer(config: value) else {
            throw SwiftKerasError.invalidArgument(
                "unknown initializer \(value["class_name"]?.stringValue ?? "(no class_name)") in \"\(key)\"")
        }
        return initializer
    }
}
