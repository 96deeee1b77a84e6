// The file formats (DEFLATE/gzip/zlib, zip, .npy, PNG, JSON, checksums) and the error type live in the
// Formats module. Re-exporting it keeps `JSONValue`, `SwiftKerasError`, `NumPyArray`, `PNGImage` and the
// rest visible to every `import SwiftKeras`, and this one import makes Formats visible to every file of
// the SwiftKeras module too (an `@_exported import` applies module-wide), so no other file imports it.
@_exported import Formats
