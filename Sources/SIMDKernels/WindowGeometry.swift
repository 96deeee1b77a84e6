// Sizes of the sliding-window kernels (convolution, pooling) over channels-last (NHWC) images.

/// Keras's `padding` argument of convolution and pooling layers.
public enum KernelPadding: Sendable {
    /// No padding: only windows that lie wholly inside the input, `out = ⌊(n − k) / s⌋ + 1`.
    case valid
    /// Zero padding so that `out = ⌈n / s⌉`: `max((out − 1)·s + k − n, 0)` cells in all, half before
    /// (rounded down) and the rest after, so the extra cell goes to the bottom or right.
    case same

    /// The output length and the padding before the first cell along one spatial axis.
    ///
    /// - Parameters:
    ///   - input: Input length n.
    ///   - window: Window (kernel or pool) length k ≥ 1.
    ///   - stride: Stride s ≥ 1.
    /// - Returns: The output length (0 when a `valid` window does not fit) and the cells padded before.
    public func axis(input: Int, window: Int, stride: Int) -> (output: Int, padBefore: Int) {
        switch self {
        case .valid:
            return (input >= window ? (input - window) / stride + 1 : 0, 0)
        case .same:
            let output = (input + stride - 1) / stride
            let total = max((output - 1) * stride + window - input, 0)
            return (output, total / 2)
        }
    }
}

/// The sizes of a 2-D convolution over NHWC images with a `(kernelHeight, kernelWidth, inChannels, outChannels)`
/// kernel, as Keras's `Conv2D` (cross-correlation, no dilation):
/// `y[b, i, j, o] = bias[o] + Σ_{p,q,c} x[b, i·strideH + p − padTop, j·strideW + q − padLeft, c] · kernel[p, q, c, o]`,
/// cells outside the input counting as zero.
public struct Conv2DGeometry: Sendable, Equatable {
    /// Images in the batch.
    public var batch: Int
    /// Input rows per image.
    public var height: Int
    /// Input columns per image.
    public var width: Int
    /// Input channels per cell.
    public var inChannels: Int
    /// Output channels (filters).
    public var outChannels: Int
    /// Kernel rows.
    public var kernelHeight: Int
    /// Kernel columns.
    public var kernelWidth: Int
    /// Step between windows down the rows.
    public var strideH: Int
    /// Step between windows across the columns.
    public var strideW: Int
    /// Zero rows padded above the image.
    public var padTop: Int
    /// Zero columns padded left of the image.
    public var padLeft: Int
    /// Output rows per image.
    public var outHeight: Int
    /// Output columns per image.
    public var outWidth: Int

    /// A geometry with explicit padding and output sizes.
    public init(batch: Int, height: Int, width: Int, inChannels: Int, outChannels: Int, kernelHeight: Int,
                kernelWidth: Int, strideH: Int, strideW: Int, padTop: Int, padLeft: Int, outHeight: Int,
                outWidth: Int) {
        self.batch = batch
        self.height = height
        self.width = width
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.kernelHeight = kernelHeight
        self.kernelWidth = kernelWidth
        self.strideH = strideH
        self.strideW = strideW
        self.padTop = padTop
        self.padLeft = padLeft
        self.outHeight = outHeight
        self.outWidth = outWidth
    }

    /// The geometry of Keras's `Conv2D(filters: outChannels, kernelSize, strides, padding)`.
    public init(batch: Int, height: Int, width: Int, inChannels: Int, outChannels: Int, kernelHeight: Int,
                kernelWidth: Int, strideH: Int = 1, strideW: Int = 1, padding: KernelPadding) {
        let rows = padding.axis(input: height, window: kernelHeight, stride: strideH)
        let cols = padding.axis(input: width, window: kernelWidth, stride: strideW)
        self.init(batch: batch, height: height, width: width, inChannels: inChannels, outChannels: outChannels,
                  kernelHeight: kernelHeight, kernelWidth: kernelWidth, strideH: strideH, strideW: strideW,
                  padTop: rows.padBefore, padLeft: cols.padBefore, outHeight: rows.output, outWidth: cols.output)
    }

    /// Columns of the im2col matrix, rows of the kernel viewed as a matrix: `kernelHeight·kernelWidth·inChannels`.
    public var patchSize: Int { kernelHeight * kernelWidth * inChannels }

    /// Rows of the im2col matrix and of the output viewed as a matrix: `batch·outHeight·outWidth`.
    public var outputPixels: Int { batch * outHeight * outWidth }

    /// Multiply-adds times two of the forward pass (and of each gradient).
    public var flops: Int { 2 * outputPixels * patchSize * outChannels }

    /// True when the convolution is a plain product of the `[pixels, inChannels]` input with the kernel
    /// (1×1 kernel, stride 1, no padding).
    var isPointwise: Bool {
        kernelHeight == 1 && kernelWidth == 1 && strideH == 1 && strideW == 1 && padTop == 0 && padLeft == 0
            && outHeight == height && outWidth == width
    }
}

/// The sizes of a 2-D pooling window sliding over NHWC images, as Keras's `MaxPooling2D` and `AveragePooling2D`:
/// output cell `(i, j)` covers input rows `i·strideH − padTop ..< … + poolHeight` and the matching columns,
/// of which only the cells inside the input take part (padding is never a candidate maximum nor counted in a mean).
public struct Pool2DGeometry: Sendable, Equatable {
    /// Images in the batch.
    public var batch: Int
    /// Input rows per image.
    public var height: Int
    /// Input columns per image.
    public var width: Int
    /// Channels per cell.
    public var channels: Int
    /// Window rows.
    public var poolHeight: Int
    /// Window columns.
    public var poolWidth: Int
    /// Step between windows down the rows.
    public var strideH: Int
    /// Step between windows across the columns.
    public var strideW: Int
    /// Zero rows padded above the image.
    public var padTop: Int
    /// Zero columns padded left of the image.
    public var padLeft: Int
    /// Output rows per image.
    public var outHeight: Int
    /// Output columns per image.
    public var outWidth: Int

    /// A geometry with explicit padding and output sizes.
    public init(batch: Int, height: Int, width: Int, channels: Int, poolHeight: Int, poolWidth: Int, strideH: Int,
                strideW: Int, padTop: Int, padLeft: Int, outHeight: Int, outWidth: Int) {
        self.batch = batch
        self.height = height
        self.width = width
        self.channels = channels
        self.poolHeight = poolHeight
        self.poolWidth = poolWidth
        self.strideH = strideH
        self.strideW = strideW
        self.padTop = padTop
        self.padLeft = padLeft
        self.outHeight = outHeight
        self.outWidth = outWidth
    }

    /// The geometry of Keras's `MaxPooling2D(poolSize, strides, padding)`; Keras's default strides are the pool size.
    public init(batch: Int, height: Int, width: Int, channels: Int, poolHeight: Int, poolWidth: Int, strideH: Int,
                strideW: Int, padding: KernelPadding) {
        let rows = padding.axis(input: height, window: poolHeight, stride: strideH)
        let cols = padding.axis(input: width, window: poolWidth, stride: strideW)
        self.init(batch: batch, height: height, width: width, channels: channels, poolHeight: poolHeight,
                  poolWidth: poolWidth, strideH: strideH, strideW: strideW, padTop: rows.padBefore,
                  padLeft: cols.padBefore, outHeight: rows.output, outWidth: cols.output)
    }

    /// The input rows `lower ..< upper` of output row `i` (clipped to the image).
    @inline(__always)
    func rows(_ i: Int) -> (lower: Int, upper: Int) {
        let start = i * strideH - padTop
        return (max(start, 0), min(start + poolHeight, height))
    }

    /// The input columns `lower ..< upper` of output column `j` (clipped to the image).
    @inline(__always)
    func columns(_ j: Int) -> (lower: Int, upper: Int) {
        let start = j * strideW - padLeft
        return (max(start, 0), min(start + poolWidth, width))
    }
}
