// semver: parsing, comparing, ranges, increments, coercion.
const semver = require("semver");
console.log("valid:", semver.valid("1.2.3"), semver.valid("v1.2.3-beta.1+build"), semver.valid("a.b.c"));
console.log("clean:", semver.clean("  =v1.2.3  "));
console.log("compare:", semver.gt("1.2.3", "1.2.2"), semver.lt("1.0.0-alpha", "1.0.0"), semver.compare("2.0.0", "10.0.0"), semver.eq("1.0.0", "1.0.0+x"));
console.log("satisfies:", semver.satisfies("1.4.5", "^1.2.0"), semver.satisfies("2.0.0", "^1.2.0"), semver.satisfies("1.2.3", ">=1.2.3 <1.3.0 || 2.x"));
console.log("maxSatisfying:", semver.maxSatisfying(["1.2.3", "1.4.0", "2.0.0"], "~1.4.0 || ^1.2.0"));
console.log("minVersion:", String(semver.minVersion(">=1.2.3 <2")), semver.validRange("~1.2"), semver.validRange("bogus"));
console.log("inc:", semver.inc("1.2.3", "major"), semver.inc("1.2.3", "minor"), semver.inc("1.2.3", "patch"), semver.inc("1.2.3", "prerelease", "rc"), semver.inc("1.2.3-rc.0", "prerelease"));
console.log("diff:", semver.diff("1.2.3", "2.0.0"), semver.diff("1.2.3", "1.2.4"), semver.diff("1.2.3", "1.2.3"));
console.log("coerce:", String(semver.coerce("version 42")), String(semver.coerce("3.4.5.6")), semver.coerce("none"));
console.log("sort:", semver.sort(["10.0.0", "2.0.0", "1.0.0-rc.1", "1.0.0"]).join(" "), semver.rsort(["1.0.0", "3.0.0"]).join(" "));
const v = semver.parse("4.5.6-beta.2+sha.abc");
console.log("parse:", v.major, v.minor, v.patch, JSON.stringify(v.prerelease), JSON.stringify(v.build), v.version);
console.log("intersects:", semver.intersects("^1.0.0", "~1.5.0"), semver.intersects("^1.0.0", "^2.0.0"));
console.log("outside:", semver.gtr("3.0.0", "^2.0.0"), semver.ltr("1.0.0", "^2.0.0"));
