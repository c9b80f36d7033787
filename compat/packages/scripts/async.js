// async: control flow over callbacks (series, parallel, waterfall, the
// collection helpers with limits, queue, retry, auto), with results in a
// fixed order.
const async = require("async");
const later = (v, ms) => (cb) => setTimeout(() => cb(null, v), ms);
async.series([later("a", 5), later("b", 1)], (err, res) => {
  console.log("series:", err, res);
  async.parallel({ slow: later(1, 10), fast: later(2, 1) }, (err, res) => {
    console.log("parallel:", err, JSON.stringify(res));
    async.waterfall([
      (cb) => cb(null, 2),
      (n, cb) => cb(null, n * 10, "extra"),
      (n, extra, cb) => cb(null, `${n} ${extra}`),
    ], (err, res) => {
      console.log("waterfall:", err, res);
      collections();
    });
  });
});

function collections() {
  let running = 0;
  let maxRunning = 0;
  async.mapLimit([5, 1, 3, 2, 4], 2, (n, cb) => {
    running++;
    maxRunning = Math.max(maxRunning, running);
    setTimeout(() => {
      running--;
      cb(null, n * n);
    }, n);
  }, (err, res) => {
    console.log("mapLimit:", err, res, "at most", maxRunning, "at once");
    async.filter([1, 2, 3, 4], (n, cb) => setImmediate(() => cb(null, n % 2 === 0)), (err, evens) => {
      console.log("filter:", evens);
      async.reduce([1, 2, 3], 0, (acc, n, cb) => setImmediate(() => cb(null, acc + n)), (err, sum) => {
        console.log("reduce:", sum);
        async.eachSeries(["x", "y"], (v, cb) => {
          console.log("eachSeries:", v);
          setImmediate(cb);
        }, () => failures());
      });
    });
  });
}

function failures() {
  async.series([later(1, 1), (cb) => cb(new Error("second failed")), later(3, 1)], (err, res) => {
    console.log("error stops series:", err.message, res);
    let attempts = 0;
    async.retry({ times: 3, interval: 1 }, (cb) => {
      attempts++;
      cb(attempts < 3 ? new Error("not yet") : null, "succeeded");
    }, (err, res) => {
      console.log("retry:", err, res, "after", attempts, "attempts");
      promisesAndQueue();
    });
  });
}

async function promisesAndQueue() {
  const res = await async.mapSeries([1, 2], async (n) => n + 100);
  console.log("async functions and promises:", res);
  const auto = await async.auto({
    a: (cb) => cb(null, 1),
    b: ["a", (results, cb) => cb(null, results.a + 1)],
    c: ["a", "b", async (results) => results.a + results.b],
  });
  console.log("auto:", JSON.stringify(auto));
  const done = [];
  const q = async.queue((task, cb) => {
    done.push(task);
    setTimeout(cb, 1);
  }, 1);
  q.push(["t1", "t2"]);
  q.push("t3");
  await q.drain();
  console.log("queue:", done.join(","));
}
