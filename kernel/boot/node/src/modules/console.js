// console: the global console (its Console class is console.Console).
export default function () {
  return globalThis.console;
}
