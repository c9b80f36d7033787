// tty: isatty from the kernel (fd_fdstat_get); the streams are process.stdin,
// process.stdout and process.stderr.
export default function (layer) {
  const { os } = layer.sys;
  const { notAvailable } = layer.errors;
  function ReadStream(fd) {
    if (fd === 0) return layer.process.stdin;
    throw notAvailable(`tty.ReadStream on fd ${fd}`, "only fd 0 is a terminal stream");
  }
  function WriteStream(fd) {
    if (fd === 1) return layer.process.stdout;
    if (fd === 2) return layer.process.stderr;
    throw notAvailable(`tty.WriteStream on fd ${fd}`, "only fds 1 and 2 are terminal streams");
  }
  return {
    isatty: (fd) => Number.isInteger(fd) && fd >= 0 && os.isatty(fd),
    ReadStream,
    WriteStream,
  };
}
