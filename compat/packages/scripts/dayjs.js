// dayjs with the utc, relativeTime, duration, customParseFormat and
// advancedFormat plugins, on fixed dates in UTC.
const dayjs = require("dayjs");
dayjs.extend(require("dayjs/plugin/utc"));
dayjs.extend(require("dayjs/plugin/relativeTime"));
dayjs.extend(require("dayjs/plugin/duration"));
dayjs.extend(require("dayjs/plugin/customParseFormat"));
dayjs.extend(require("dayjs/plugin/advancedFormat"));
const d = dayjs.utc("2020-02-29T13:45:30.123Z");
console.log("format:", d.format(), d.format("YYYY-MM-DD HH:mm:ss.SSS [at] dddd, MMMM Do"), d.format("Q X x"));
console.log("parts:", d.year(), d.month(), d.date(), d.day(), d.hour(), d.minute(), d.second(), d.millisecond());
console.log("add:", d.add(1, "year").format("YYYY-MM-DD"), d.add(1, "month").format("YYYY-MM-DD"), d.subtract(3, "day").toISOString());
console.log("startOf/endOf:", d.startOf("month").toISOString(), d.endOf("week").toISOString());
console.log("diff:", dayjs.utc("2021-01-01").diff(d, "day"), dayjs.utc("2021-01-01").diff(d, "month", true).toFixed(4));
console.log("compare:", d.isBefore("2021-01-01"), d.isAfter(dayjs.utc("2020-02-29")), d.isSame("2020-02-29T13:45:30.123Z"));
console.log("relative:", d.from(d.add(3, "hour")), d.to(d.add(2, "day")), d.from(d.subtract(1, "year")));
console.log("duration:", dayjs.duration(90061000).format("D[d] HH:mm:ss"), dayjs.duration({ hours: 2, minutes: 30 }).asMinutes(), dayjs.duration(2, "days").humanize());
console.log("custom parse:", dayjs.utc("29/02/2020 07:05", "DD/MM/YYYY HH:mm").toISOString(), dayjs("31/02/2020", "DD/MM/YYYY", true).isValid());
console.log("invalid:", dayjs("not a date").isValid(), String(dayjs("nope").format()));
console.log("unix:", dayjs.unix(1000000000).utc().format(), d.valueOf(), d.unix());
console.log("daysInMonth:", d.daysInMonth(), dayjs.utc("2021-02-01").daysInMonth());
console.log("clone and immutability:", d.clone().add(1, "day").date(), d.date());
