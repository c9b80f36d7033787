// node:dns/promises: lookup() as a promise (modules/dns.js).
import { makeDns } from "./dns.js";

export default function (layer) {
  return makeDns(layer, true);
}
