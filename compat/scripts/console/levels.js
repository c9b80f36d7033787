// error and warn go to stderr; info and debug to stdout.
console.log("log");
console.info("info", 1);
console.debug("debug", { a: 1 });
console.error("error", [1, 2]);
console.warn("warn %s", "formatted");
console.error(new Error("printed error").message);
