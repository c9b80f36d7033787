// process: the process object (internal/process.js).
export default function (layer) {
  return layer.process;
}
