import Foundation

/// Writes a `JSONValue` as compact JSON text, deterministically: object keys sorted, whole numbers written as
/// integers (`4`, never `4.0`, which safetensors readers reject in shapes and offsets), and numbers that are
/// exactly a `Float` written in the float's shortest form (`0.001`, not `0.0010000000474974513`).
package enum JSONWriter {
    /// The UTF-8 text of `value`.
    package static func data(_ value: JSONValue) -> Data { Data(string(value).utf8) }

    /// The text of `value`.
    package static func string(_ value: JSONValue) -> String {
        var output = ""
        write(value, to: &output)
        return output
    }

    private static func write(_ value: JSONValue, to output: inout String) {
        switch value {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .number(let number): output += format(number)
        case .string(let text): writeString(text, to: &output)
        case .array(let elements):
            output += "["
            for (index, element) in elements.enumerated() {
                if index > 0 { output += "," }
                write(element, to: &output)
            }
            output += "]"
        case .object(let members):
            output += "{"
            for (index, key) in members.keys.sorted().enumerated() {
                if index > 0 { output += "," }
                writeString(key, to: &output)
                output += ":"
                write(members[key]!, to: &output)
            }
            output += "}"
        }
    }

    /// Integers below 2⁵³ as integers; floats in their shortest round-trip form; JSON has no NaN or infinity,
    /// so those become `null`.
    static func format(_ number: Double) -> String {
        guard number.isFinite else { return "null" }
        if number.rounded() == number, Swift.abs(number) < 0x1p53 { return String(Int64(number)) }
        if let single = Float(exactly: number) { return single.description }
        return number.description
    }

    private static func writeString(_ text: String, to output: inout String) {
        output += "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20:
                output += "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16)
            default: output.unicodeScalars.append(scalar)
            }
        }
        output += "\""
    }
}
