import Foundation

/// Fills a checkpoint path template the way Python's `str.format` does for Keras's `ModelCheckpoint`:
/// `"ckpt_{epoch:02d}_{val_loss:.4f}.swiftkeras"` with `epoch = 3, val_loss = 0.25` gives
/// `"ckpt_03_0.2500.swiftkeras"`. `{{` and `}}` stand for braces.
///
/// Supported format specs: `[0][width][.precision][type]` with type `d` (integers only), `f`, `e`, `g`, `%`, or
/// none (an integer as is, a float as Python's `repr`).
enum FilepathTemplate {
    /// A value to substitute: an integer (epoch, batch) or a logged float.
    enum Value {
        case int(Int)
        case float(Double)
    }

    /// The template with every `{name}` / `{name:spec}` replaced; throws naming the field that is unknown or
    /// whose spec cannot be applied.
    static func format(_ template: String, _ values: [String: Value]) throws -> String {
        var output = ""
        var characters = template[...]
        while let character = characters.popFirst() {
            if character == "}" {
                guard characters.popFirst() == "}" else { throw failure(template, "single '}' (write '}}' for a brace)") }
                output.append("}")
                continue
            }
            guard character == "{" else { output.append(character); continue }
            if characters.first == "{" { characters.removeFirst(); output.append("{"); continue }
            guard let close = characters.firstIndex(of: "}") else { throw failure(template, "'{' without a matching '}'") }
            let field = characters[..<close]
            characters = characters[characters.index(after: close)...]
            let parts = field.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0])
            guard let value = values[name] else {
                throw failure(template, "no value for {\(name)}; available: \(values.keys.sorted().joined(separator: ", "))")
            }
            output += try render(value, spec: parts.count > 1 ? String(parts[1]) : "", field: name, template: template)
        }
        return output
    }

    /// The largest width or precision a field may ask for: a file name is at most 255 bytes, and Python's
    /// unbounded widths would make one field take gigabytes.
    static let maximumWidth = 255

    private static func render(_ value: Value, spec: String, field: String, template: String) throws -> String {
        var rest = spec[...]
        let zeroPad = rest.first == "0"
        if zeroPad { rest.removeFirst() }
        func number(_ what: String) throws -> Int? {
            let digits = rest.prefix(while: { $0.isASCII && $0.isNumber })
            rest = rest.dropFirst(digits.count)
            guard !digits.isEmpty else { return nil }
            guard let value = Int(digits), value <= maximumWidth else {
                throw failure(template, "\(what) \(digits) in {\(field):\(spec)} is larger than \(maximumWidth)")
            }
            return value
        }
        let width = try number("width") ?? 0
        var precision: Int?
        if rest.first == "." {
            rest.removeFirst()
            guard let digits = try number("precision") else { throw failure(template, "bad precision in {\(field):\(spec)}") }
            precision = digits
        }
        let type = String(rest)
        guard ["", "d", "f", "F", "e", "E", "g", "G", "%"].contains(type) else {
            throw failure(template, "unsupported format '\(spec)' in {\(field):\(spec)}")
        }
        let flags = (zeroPad ? "0" : "") + (width > 0 ? String(width) : "")
        switch (value, type) {
        case (.int(let number), ""), (.int(let number), "d"):
            return String(format: "%\(flags)ld", number)
        case (.float, "d"):
            throw failure(template, "format 'd' needs an integer, {\(field)} is a float")
        case (.float(let number), "") where precision == nil:
            return pad(number.description, width: width, zero: zeroPad)
        case (.int(let number), _):
            return try render(.float(Double(number)), spec: spec, field: field, template: template)
        case (.float(let number), "%"):
            return String(format: "%\(flags).\(precision ?? 6)f", number * 100) + "%"
        case (.float(let number), _):
            let conversion = type.isEmpty ? "g" : type
            return String(format: "%\(flags).\(precision ?? 6)\(conversion)", number)
        }
    }

    private static func pad(_ text: String, width: Int, zero: Bool) -> String {
        guard text.count < width else { return text }
        return String(repeating: zero ? "0" : " ", count: width - text.count) + text
    }

    private static func failure(_ template: String, _ message: String) -> SwiftKerasError {
        SwiftKerasError.invalidArgument("cannot fill the checkpoint filepath \"\(template)\": \(message)")
    }
}
