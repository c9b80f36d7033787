// moment: parsing, formatting, arithmetic, durations, relative time and a
// locale, in UTC on fixed dates.
const moment = require("moment");
require("moment/locale/fr");
moment.locale("en");
const m = moment.utc("2020-02-29T13:45:30.123Z");
console.log("format:", m.format(), m.format("dddd, MMMM Do YYYY, h:mm:ss a"), m.format("YYYY-[W]WW-E DDDD X"));
console.log("toISOString:", m.toISOString(), "valueOf:", m.valueOf());
console.log("add/subtract:", m.clone().add(1, "month").format("L"), m.clone().subtract(1, "year").format("LL"), m.clone().add({ days: 1, hours: 2 }).format());
console.log("startOf/endOf:", m.clone().startOf("isoWeek").format(), m.clone().endOf("month").toISOString());
console.log("diff:", moment.utc("2021-01-01").diff(m, "days"), moment.utc("2021-01-01").diff(m, "months", true).toFixed(4));
console.log("relative:", m.from(m.clone().add(3, "hours")), m.to(m.clone().add(45, "days")), moment.duration(90, "minutes").humanize());
console.log("duration:", moment.duration("P1DT2H3M4S").asSeconds(), moment.duration(3661000).hours(), moment.duration(1, "week").toISOString());
console.log("calendar:", m.calendar(moment.utc("2020-03-01T10:00:00Z")));
console.log("strict parse:", moment.utc("2020-13-01", "YYYY-MM-DD", true).isValid(), moment.utc("29.02.2020 07:05", "DD.MM.YYYY HH:mm").format());
console.log("invalid:", moment.utc("garbage", "YYYY-MM-DD", true).isValid(), moment.invalid().format());
console.log("comparisons:", m.isBefore("2021-01-01"), m.isSame("2020-02-29", "day"), m.isBetween("2020-01-01", "2020-12-31"), m.isLeapYear());
console.log("min/max:", moment.max(m, moment.utc("2019-01-01")).format("YYYY"), moment.min(m, moment.utc("2019-01-01")).format("YYYY"));
console.log("fr:", m.clone().locale("fr").format("dddd D MMMM YYYY"), m.clone().locale("fr").from(m.clone().add(2, "days")));
console.log("unix:", moment.unix(1000000000).utc().format(), "utcOffset:", moment.parseZone("2020-01-01T00:00:00+05:30").utcOffset());
console.log("locales:", moment.locales().join(","));
