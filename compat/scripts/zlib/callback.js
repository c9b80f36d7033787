// The callback API: gzip/gunzip and deflate/inflate round trips, errors
// delivered to the callback, asynchronously.
const zlib = require("zlib");
const input = Buffer.from("callback round trip ".repeat(50));
let sync = true;
zlib.gzip(input, (err, packed) => {
  console.log("gzip:", err, Buffer.isBuffer(packed), "async:", !sync);
  zlib.gunzip(packed, (err, out) => {
    console.log("gunzip:", err, out.equals(input));
    zlib.deflate(input, { level: 9 }, (err, d) => {
      console.log("deflate:", err, d.length < input.length);
      zlib.inflate(d, (err, out) => {
        console.log("inflate:", err, out.equals(input));
        zlib.deflateRaw("raw", (err, r) => {
          zlib.inflateRaw(r, (err, out) => {
            console.log("raw:", err, out.toString());
            zlib.unzip(Buffer.from("H4sIAAAAAAACA8tIzcnJV0grys9VSK/KLNAw1OQCALvrWLsTAAAA", "base64"), (err, out) => {
              console.log("unzip known:", err, JSON.stringify(out.toString()));
              zlib.gunzip(Buffer.from("garbage"), (err, out) => {
                console.log("gunzip garbage:", err.code, err.errno, out);
                promised();
              });
            });
          });
        });
      });
    });
  });
});
sync = false;

async function promised() {
  const { promisify } = require("util");
  const packed = await promisify(zlib.gzip)("promisified");
  console.log("promisify:", (await promisify(zlib.gunzip)(packed)).toString());
}
