/// The MNIST handwritten digits, like `keras.datasets.mnist`: 60,000 training and 10,000 test images of
/// 28x28 pixels with their labels 0...9.
///
/// Data sources, in order (see `loadData(path:)`): the path given; `$SWIFTKERAS_DATA`; `../shared/datasets`
/// beside the current directory; Keras's cache (`$KERAS_HOME/datasets/mnist.npz`, `~/.keras/datasets/mnist.npz`),
/// so a Keras user's download is reused; SwiftKeras's cache (`~/.swiftkeras/datasets/mnist/`, or
/// `$SWIFTKERAS_HOME/datasets/mnist/`); and last a download from `$SWIFTKERAS_MNIST_MIRROR`, then `mirrors`,
/// verified by SHA-256 before it is moved atomically into SwiftKeras's cache. `/tmp/.keras` is searched only
/// when `~/.keras` is not writable, as Keras does.
///
/// The path given and `$SWIFTKERAS_DATA` may hold any files in the MNIST format (synthetic ones, subsets);
/// every file found elsewhere must have the official SHA-256, or loading throws naming it.
public enum MNIST {
    /// Download mirrors, tried in order: a folder URL (`https://`, `http://` or `file://`) serving the four IDX
    /// `.gz` files, or a URL ending in `.npz` (Keras's `mnist.npz`). Every file is checked against its known SHA-256.
    nonisolated(unsafe) public static var mirrors: [String] = [
        "https://storage.googleapis.com/tensorflow/tf-keras-datasets/mnist.npz",
        "https://storage.googleapis.com/cvdf-datasets/mnist/",
        "https://ossci-datasets.s3.amazonaws.com/mnist/",
    ]

    static let format = MNISTFormat(
        displayName: "MNIST", folderName: "mnist", npzName: "mnist.npz",
        idxSHA256: [
            "train-images-idx3-ubyte.gz": "440fcabf73cc546fa21475e81ea370265605f56be210a4024d2ca8f203523609",
            "train-labels-idx1-ubyte.gz": "3552534a0a558bbed6aed32b30c495cca23d567ec52cac8be1a0730e8010255c",
            "t10k-images-idx3-ubyte.gz": "8d422c7b0a1c1c79245a5bcf07fe86e33eeafee792b84584aec276f5a2dbc4e6",
            "t10k-labels-idx1-ubyte.gz": "f7ae60f92e00ec6debd23a6088c31dbd2371eca3ffa0defaefb259924204aec6",
            "train-images-idx3-ubyte": "ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db",
            "train-labels-idx1-ubyte": "65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5",
            "t10k-images-idx3-ubyte": "0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7",
            "t10k-labels-idx1-ubyte": "ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2",
        ],
        npzSHA256: ["731c5ac602752760c8e48fbffcf8c3b850d9dc2a2aedcf2cc48468fc17b673d1"],
        mirrorVariable: "SWIFTKERAS_MNIST_MIRROR", acceptsBareFolder: true,
        maximumDownloadSize: 12_500_000)  // mnist.npz has 11,490,434 bytes

    /// Loads MNIST as `((xTrain, yTrain), (xTest, yTest))`, like `keras.datasets.mnist.load_data()`.
    ///
    /// Images are `[N, 28, 28]` with values 0...255 (divide by 255 to normalize), labels `[N]` class indices.
    /// - Parameter path: a folder holding the IDX files (`train-images-idx3-ubyte.gz`, ...) or an `.npz`
    ///   file with `x_train`, `y_train`, `x_test`, `y_test`; nil searches the places listed on `MNIST`.
    /// - Throws: `SwiftKerasError` naming the bad file and what is wrong, or, when no data is found, every
    ///   place looked and how to provide the data.
    public static func loadData(path: String? = nil) throws -> ((Tensor, Tensor), (Tensor, Tensor)) {
        try DataSearch.current(mirrors: mirrors).load(format, path: path)
    }
}

/// Zalando's Fashion-MNIST, like `keras.datasets.fashion_mnist`: 28x28 grayscale images of clothing in 10
/// classes (0 T-shirt/top, 1 trouser, 2 pullover, 3 dress, 4 coat, 5 sandal, 6 shirt, 7 sneaker, 8 bag,
/// 9 ankle boot), in the same files and layout as MNIST.
///
/// Sources as for `MNIST`, with `fashion-mnist` in place of `mnist` (Keras caches it as the folder
/// `~/.keras/datasets/fashion-mnist/`) and `$SWIFTKERAS_FASHION_MNIST_MIRROR` for an extra mirror.
public enum FashionMNIST {
    /// Download mirrors, tried in order (folder URLs serving the four IDX `.gz` files).
    nonisolated(unsafe) public static var mirrors: [String] = [
        "https://storage.googleapis.com/tensorflow/tf-keras-datasets/",
        "http://fashion-mnist.s3-website.eu-central-1.amazonaws.com/",
    ]

    static let format = MNISTFormat(
        displayName: "Fashion-MNIST", folderName: "fashion-mnist", npzName: "fashion-mnist.npz",
        idxSHA256: [
            "train-images-idx3-ubyte.gz": "08dc20ab1689590a0bcd66e874647b6ee8464e2d501b5a3f1f78831db19a3fdc",
            "train-labels-idx1-ubyte.gz": "b0197879cbda89f3dc7b894f9fd52b858e68ea4182b6947c9d8c2b67e5f18dcc",
            "t10k-images-idx3-ubyte.gz": "78dcbbfb5a27efaf1b6c1d616caca68560be8766c5bffcb2791df9273a534229",
            "t10k-labels-idx1-ubyte.gz": "42bd18137a62d5998cdeae52bf3a0676ac6b706f5cf8439b47bb5b151ae3dccf",
        ],
        npzSHA256: [], mirrorVariable: "SWIFTKERAS_FASHION_MNIST_MIRROR", acceptsBareFolder: false,
        maximumDownloadSize: 29_000_000)  // train-images-idx3-ubyte.gz has 26,421,880 bytes

    /// Loads Fashion-MNIST as `((xTrain, yTrain), (xTest, yTest))`, like
    /// `keras.datasets.fashion_mnist.load_data()`: images `[N, 28, 28]` in 0...255, labels `[N]`.
    /// - Parameter path: a folder holding the four IDX files or an `.npz` file; nil searches the usual places.
    public static func loadData(path: String? = nil) throws -> ((Tensor, Tensor), (Tensor, Tensor)) {
        try DataSearch.current(mirrors: mirrors).load(format, path: path)
    }
}
