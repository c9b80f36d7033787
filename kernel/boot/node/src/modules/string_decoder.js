// string_decoder: the `string_decoder` package (Node's, for other engines).
export default function () {
  return require("string_decoder/lib/string_decoder.js");
}
