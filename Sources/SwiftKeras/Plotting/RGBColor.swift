/// A colour of 8-bit red, green and blue components, as a `RasterCanvas` stores it.
public struct RGBColor: Sendable, Equatable, Hashable {
    /// Red, 0...255.
    public var red: UInt8
    /// Green, 0...255.
    public var green: UInt8
    /// Blue, 0...255.
    public var blue: UInt8

    /// Creates a colour from its three components.
    ///
    /// - Parameters:
    ///   - red: Red, 0...255.
    ///   - green: Green, 0...255.
    ///   - blue: Blue, 0...255.
    public init(_ red: UInt8, _ green: UInt8, _ blue: UInt8) {
        self.red = red
        self.green = green
        self.blue = blue
    }

    /// A gray with all three components equal to `level`.
    public init(gray level: UInt8) { self.init(level, level, level) }

    /// Black, (0, 0, 0).
    public static let black = RGBColor(0, 0, 0)
    /// White, (255, 255, 255).
    public static let white = RGBColor(255, 255, 255)
    /// The light gray of grid lines, (225, 225, 225).
    public static let gridGray = RGBColor(225, 225, 225)
    /// The dark gray of axis labels, (80, 80, 80).
    public static let textGray = RGBColor(80, 80, 80)

    /// Matplotlib's "tab10" colours, in its order (blue, orange, green, red, purple, brown, pink, gray, olive,
    /// cyan): distinct for most readers, including the common forms of colour blindness.
    public static let palette: [RGBColor] = [
        RGBColor(31, 119, 180), RGBColor(255, 127, 14), RGBColor(44, 160, 44), RGBColor(214, 39, 40),
        RGBColor(148, 103, 189), RGBColor(140, 86, 75), RGBColor(227, 119, 194), RGBColor(127, 127, 127),
        RGBColor(188, 189, 34), RGBColor(23, 190, 207),
    ]
}
