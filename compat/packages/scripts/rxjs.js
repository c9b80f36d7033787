// rxjs: creation, pipeable operators, subjects, higher-order mapping,
// timers and error handling, with a fixed order of output.
const { of, from, interval, timer, Subject, BehaviorSubject, ReplaySubject, merge, concat, combineLatest, throwError, firstValueFrom, lastValueFrom } = require("rxjs");
const { map, filter, scan, reduce, take, mergeMap, concatMap, switchMap, catchError, retry, toArray, distinctUntilChanged, debounceTime, startWith, tap, takeUntil, pairwise, bufferCount } = require("rxjs/operators");

async function main() {
  console.log("of/map/filter:", await lastValueFrom(of(1, 2, 3, 4, 5).pipe(filter((x) => x % 2), map((x) => x * 10), toArray())));
  console.log("scan:", await lastValueFrom(from([1, 2, 3]).pipe(scan((a, x) => a + x, 0), toArray())));
  console.log("reduce:", await lastValueFrom(from([1, 2, 3]).pipe(reduce((a, x) => a * x, 1))));
  console.log("distinct:", await lastValueFrom(of(1, 1, 2, 2, 1).pipe(distinctUntilChanged(), toArray())));
  console.log("pairwise/bufferCount:", JSON.stringify(await lastValueFrom(of(1, 2, 3, 4).pipe(pairwise(), toArray()))), JSON.stringify(await lastValueFrom(of(1, 2, 3, 4, 5).pipe(bufferCount(2), toArray()))));
  console.log("interval+take:", await lastValueFrom(interval(2).pipe(take(4), toArray())));
  console.log("concat:", await lastValueFrom(concat(timer(5).pipe(map(() => "slow")), of("fast")).pipe(toArray())));
  console.log("concatMap:", await lastValueFrom(of(3, 1, 2).pipe(concatMap((n) => timer(n).pipe(map(() => n))), toArray())));
  console.log("mergeMap (sorted):", (await lastValueFrom(of(1, 2).pipe(mergeMap((n) => of(n, n * 10)), toArray()))).sort((a, b) => a - b));
  console.log("switchMap:", await lastValueFrom(of(1, 2, 3).pipe(switchMap((n) => of(n * 100)), toArray())));
  console.log("startWith:", await lastValueFrom(of("b").pipe(startWith("a"), toArray())));
  console.log("catchError:", await lastValueFrom(throwError(() => new Error("boom")).pipe(catchError((err) => of("caught " + err.message)))));
  let attempts = 0;
  const flaky = new (require("rxjs").Observable)((sub) => {
    attempts++;
    if (attempts < 3) sub.error(new Error("flaky"));
    else {
      sub.next("ok after " + attempts);
      sub.complete();
    }
  });
  console.log("retry:", await firstValueFrom(flaky.pipe(retry(3))));

  const subject = new Subject();
  const seen = [];
  subject.subscribe((v) => seen.push("A" + v));
  subject.next(1);
  subject.subscribe((v) => seen.push("B" + v));
  subject.next(2);
  subject.complete();
  console.log("Subject:", seen.join(","));
  const bs = new BehaviorSubject("initial");
  const bseen = [];
  bs.subscribe((v) => bseen.push(v));
  bs.next("next");
  console.log("BehaviorSubject:", bseen.join(","), bs.getValue());
  const rs = new ReplaySubject(2);
  rs.next(1);
  rs.next(2);
  rs.next(3);
  const rseen = [];
  rs.subscribe((v) => rseen.push(v));
  console.log("ReplaySubject(2):", rseen);
  const a = new BehaviorSubject(1);
  const b = new BehaviorSubject("x");
  const combined = [];
  combineLatest([a, b]).subscribe((v) => combined.push(v.join("")));
  a.next(2);
  b.next("y");
  console.log("combineLatest:", combined.join(","));
  const stop = new Subject();
  const ticks = [];
  interval(1).pipe(takeUntil(stop)).subscribe((v) => ticks.push(v));
  await new Promise((r) => setTimeout(r, 30));
  stop.next();
  console.log("takeUntil stopped:", ticks.length > 0);
  const typed = new Subject();
  const debounced = [];
  typed.pipe(debounceTime(10)).subscribe((v) => debounced.push(v));
  typed.next("h");
  typed.next("he");
  typed.next("hel");
  await new Promise((r) => setTimeout(r, 40));
  console.log("debounceTime:", debounced);
  const order = [];
  merge(of("sync"), timer(1).pipe(map(() => "async"))).pipe(tap((v) => order.push(v))).subscribe({ complete: () => console.log("merge order:", order.join(",")) });
}
main();
