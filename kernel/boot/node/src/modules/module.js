// module: the CommonJS loader's Module (internal/loader/cjs.js).
import { Module } from "../internal/loader/cjs.js";

export default function () {
  return Module;
}
