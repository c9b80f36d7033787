// A CPU-bound mix: integer loops, floating point, strings, regular
// expressions, JSON, objects, arrays and sorting. Prints a checksum, so that
// both runtimes are seen to do the same work, and its own time.
const t0 = performance.now();
function sieve(n) {
  const composite = new Uint8Array(n + 1);
  let count = 0;
  for (let i = 2; i <= n; i++) {
    if (composite[i]) continue;
    count++;
    for (let j = i * i; j <= n; j += i) composite[j] = 1;
  }
  return count;
}
function fib(n) {
  return n < 2 ? n : fib(n - 1) + fib(n - 2);
}
function mandel(size) {
  let inside = 0;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let zr = 0, zi = 0;
      const cr = (x / size) * 3 - 2, ci = (y / size) * 2 - 1;
      let k = 0;
      for (; k < 50 && zr * zr + zi * zi < 4; k++) {
        const t = zr * zr - zi * zi + cr;
        zi = 2 * zr * zi + ci;
        zr = t;
      }
      if (k === 50) inside++;
    }
  }
  return inside;
}
function text() {
  const words = [];
  for (let i = 0; i < 20000; i++) words.push(`word${i % 97}-${(i * 7919) % 1000}`);
  const joined = words.join(" ");
  const matches = joined.match(/word(\d+)-(\d{3})/g).length;
  const upper = joined.toUpperCase().split(" ").filter((w) => w.endsWith("7")).length;
  return matches + upper;
}
function objects() {
  const list = [];
  for (let i = 0; i < 20000; i++) list.push({ id: i, name: `item ${i}`, tags: [i % 3, i % 5], score: (i * 37) % 101 });
  const json = JSON.stringify(list);
  const back = JSON.parse(json);
  back.sort((a, b) => a.score - b.score || b.id - a.id);
  const byScore = new Map();
  for (const o of back) byScore.set(o.score, (byScore.get(o.score) || 0) + o.tags[0]);
  return json.length + back[0].id + byScore.size;
}
const sum = sieve(300000) + fib(24) + mandel(120) + text() + objects();
console.log(JSON.stringify({ checksum: sum, ms: performance.now() - t0 }));
