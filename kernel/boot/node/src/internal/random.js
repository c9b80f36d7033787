// Random bytes from the kernel's /dev/urandom (its host's CSPRNG).
import { os, systemError } from "./sys.js";

let fd = -1;

/** randomFill fills a Uint8Array (or any view) with random bytes. */
export function randomFill(view) {
  if (fd < 0) {
    fd = os.open("/dev/urandom", os.O_RDONLY);
    if (fd < 0) throw systemError(fd, "open", "/dev/urandom");
  }
  let off = view.byteOffset;
  let left = view.byteLength;
  while (left > 0) {
    const n = os.read(fd, view.buffer, off, left);
    if (n <= 0) throw systemError(n || -5, "read", "/dev/urandom");
    off += n;
    left -= n;
  }
}
