// zlib: browserify-zlib (Node's zlib over pako): deflate, inflate, gzip,
// gunzip, raw and unzip, as streams, callbacks and sync calls. Brotli is
// absent.
export default function (layer) {
  const z = require("browserify-zlib/lib/index.js");
  const { notAvailable } = layer.errors;
  const mod = { ...z };
  for (const name of ["BrotliCompress", "BrotliDecompress", "createBrotliCompress", "createBrotliDecompress",
    "brotliCompress", "brotliCompressSync", "brotliDecompress", "brotliDecompressSync"]) {
    mod[name] = () => { throw notAvailable(`zlib.${name}()`, "there is no Brotli"); };
  }
  mod.crc32 = (data, value = 0) => {
    if (typeof data === "string") data = layer.builtin("buffer").Buffer.from(data);
    let crc = ~value >>> 0;
    for (let i = 0; i < data.length; i++) {
      crc ^= data[i];
      for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
    }
    return ~crc >>> 0;
  };
  // zlib.constants: the Z_* values browserify-zlib exports, and the modes.
  const constants = {};
  for (const [k, v] of Object.entries(z)) if (/^Z_/.test(k) && typeof v === "number") constants[k] = v;
  Object.assign(constants, { DEFLATE: 1, INFLATE: 2, GZIP: 3, GUNZIP: 4, DEFLATERAW: 5, INFLATERAW: 6, UNZIP: 7 });
  mod.constants = Object.freeze(constants);
  return mod;
}
