// nanoid (ES module only): the default id's length and alphabet, custom
// alphabets and sizes, and customRandom with a fixed random source (the
// only way its output is deterministic).
import { nanoid, customAlphabet, customRandom, urlAlphabet } from "nanoid";
const id = nanoid();
console.log("default:", id.length, /^[A-Za-z0-9_-]+$/.test(id), id !== nanoid());
console.log("size 10:", nanoid(10).length);
const hex = customAlphabet("0123456789abcdef", 12);
const h = hex();
console.log("customAlphabet:", h.length, /^[0-9a-f]+$/.test(h), hex(5).length);
console.log("urlAlphabet:", urlAlphabet.length, urlAlphabet);
let seed = 1;
const fixed = customRandom("abcdefghij", 16, (size) => {
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) {
    seed = (seed * 48271) % 2147483647;
    bytes[i] = seed & 0xff;
  }
  return bytes;
});
console.log("customRandom:", fixed(), fixed());
