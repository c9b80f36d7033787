// constants: the deprecated union of os.constants (errno, signals, priority),
// fs.constants and crypto.constants.
export default function (layer) {
  const os = layer.builtin("os").constants || {};
  return Object.assign({}, os.errno, os.signals, os.priority, layer.builtin("fs").constants, layer.builtin("crypto").constants);
}
