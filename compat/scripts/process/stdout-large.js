// Large and binary output reaches stdout whole and byte for byte: 1 MiB of
// text in one write, then every byte value 0..255 (not valid UTF-8), then a
// 256 KiB Buffer in one write.
const lines = [];
for (let i = 0; i < 16384; i++) lines.push(String(i).padStart(63, "."));
process.stdout.write(lines.join("\n") + "\n");
const all = Buffer.alloc(256);
for (let i = 0; i < 256; i++) all[i] = i;
process.stdout.write(all);
process.stdout.write("\n");
const big = Buffer.alloc(256 * 1024);
for (let i = 0; i < big.length; i++) big[i] = (i * 7) & 0xff;
process.stdout.write(big);
process.stdout.write("\nend\n");
